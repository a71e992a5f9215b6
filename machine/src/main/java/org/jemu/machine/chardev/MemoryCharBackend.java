package org.jemu.machine.chardev;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An in-memory character backend for tests and headless runs: it captures guest output and lets the
 * caller inject input as if typed on the host.
 */
public final class MemoryCharBackend extends CharBackend {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean breakOn;

    @Override
    public synchronized void write(int b) {
        out.write(b);
    }

    @Override
    public void setBreak(boolean on) {
        breakOn = on;
    }

    /** The last break state the guest set on its transmit line. */
    public boolean breakState() {
        return breakOn;
    }

    /** All guest output so far. */
    public synchronized byte[] output() {
        return out.toByteArray();
    }

    /** Guest output so far as ISO-8859-1 text (one char per byte). */
    public synchronized String outputString() {
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Forgets captured output. */
    public synchronized void clearOutput() {
        out.reset();
    }

    /** Queues host input (becomes guest-visible at the next {@link #poll()}). */
    public void inject(byte[] data) {
        hostInput(data, 0, data.length);
    }

    /** Queues host input as ISO-8859-1 bytes. */
    public void inject(String s) {
        inject(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Queues a break condition. */
    public void injectBreak() {
        hostBreak();
    }
}
