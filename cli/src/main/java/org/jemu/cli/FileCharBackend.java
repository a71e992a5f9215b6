package org.jemu.cli;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.jemu.machine.MachineException;
import org.jemu.machine.chardev.CharBackend;

/** {@code -serial file:PATH}, {@code -debugcon file:PATH}: guest output is written to a file; there is no input. */
final class FileCharBackend extends CharBackend {
    private final OutputStream out;

    /** Opens {@code p} for writing; {@code option} ({@code -serial}) names the option in errors. */
    FileCharBackend(Path p, String option) {
        try {
            out = new BufferedOutputStream(new FileOutputStream(p.toFile()));
        } catch (IOException e) {
            throw new MachineException(option + " file:" + p + ": cannot write: " + e.getMessage());
        }
    }

    @Override
    public void write(int b) {
        try {
            out.write(b);
        } catch (IOException e) {
            // disk full or similar: output is dropped
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

    @Override
    public void close() {
        flush();
        try {
            out.close();
        } catch (IOException e) {
            // ignore
        }
    }
}
