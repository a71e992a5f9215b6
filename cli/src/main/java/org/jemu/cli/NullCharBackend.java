package org.jemu.cli;

import org.jemu.machine.chardev.CharBackend;

/** {@code -serial null}: guest output is discarded and there is no input. */
final class NullCharBackend extends CharBackend {
    @Override
    public void write(int b) {
    }
}
