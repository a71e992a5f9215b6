package org.jemu.cli;

import java.io.IOException;
import java.io.OutputStream;
import org.jemu.machine.chardev.CharBackend;

/**
 * An output-only character backend on a stream the caller owns ({@code -debugcon stdio}: jemu's buffered
 * standard output, shared with the serial console so both appear in the order the guest wrote them). Lines
 * are flushed at once, partial lines when the machine loop flushes; closing flushes but leaves the stream open.
 */
final class OutputCharBackend extends CharBackend {
    private final OutputStream out;

    OutputCharBackend(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) {
        try {
            out.write(b);
            if (b == '\n') {
                out.flush();
            }
        } catch (IOException e) {
            // the terminal went away; guest output is dropped
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            // ignore
        }
    }
}
