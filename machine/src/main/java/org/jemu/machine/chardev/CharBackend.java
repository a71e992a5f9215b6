package org.jemu.machine.chardev;

import java.util.ArrayDeque;

/**
 * The host side of a serial line (QEMU's {@code Chardev}): it takes the guest's output and feeds host
 * input to the device ({@link CharFrontend}) attached to it.
 *
 * <h2>Threads and determinism</h2>
 * Guest output ({@link #write}) happens on the vCPU thread. Host input may arrive on any thread: a
 * concrete backend's reader thread calls {@link #hostInput} (or {@link #hostBreak}), which only queues
 * the bytes and runs the {@linkplain #setInputNotifier input notifier} so an idle machine loop wakes up.
 * The bytes reach the guest only when the machine loop calls {@link #poll()} on the vCPU thread at a block
 * boundary: {@code poll} moves everything queued so far into the guest-side queue, which is the point
 * where input is stamped with the instruction count (a record/replay log hooks in there through
 * {@link #setInputRecorder}), and then delivers bytes while the device {@linkplain CharFrontend#canReceive
 * can receive}. When the device frees FIFO space (the guest read its data register) it calls
 * {@link #acceptInput()}, which delivers more of the already-stamped bytes immediately.
 *
 * <h2>Writing a backend</h2>
 * Implement {@link #write} (and {@link #flush} if output is buffered); start whatever reads host input and
 * have it call {@link #hostInput}. A stdio backend puts the terminal in raw mode, reads stdin on a daemon
 * thread, interprets its escape sequences (Ctrl-A X to quit, Ctrl-A B to send a break via
 * {@link #hostBreak}) and passes the other bytes on.
 */
public abstract class CharBackend implements AutoCloseable {
    /** A queued break event (not a byte value). */
    private static final int BREAK = -1;

    /** Receives each input event as it becomes guest-visible (for record/replay). */
    @FunctionalInterface
    public interface InputRecorder {
        /** {@code b} is a byte 0..255, or -1 for a break. */
        void delivered(int b);
    }

    private final Object lock = new Object();
    /** Host-side queue, filled by any thread (guarded by {@link #lock}). */
    private final ArrayDeque<Integer> incoming = new ArrayDeque<>();
    /** Guest-side queue, vCPU thread only. */
    private final ArrayDeque<Integer> pending = new ArrayDeque<>();
    private volatile boolean hasIncoming;
    private CharFrontend frontend;
    private volatile Runnable inputNotifier = () -> { };
    private InputRecorder recorder;

    /** Writes one byte of guest output (0..255). Called on the vCPU thread. */
    public abstract void write(int b);

    /** Pushes buffered guest output to the host. Called by the machine loop when it goes idle or stops. */
    public void flush() {
    }

    /** The guest set ({@code true}) or cleared the break condition on its transmit line. */
    public void setBreak(boolean on) {
    }

    /** Connects the device that receives input (one per backend). */
    public void attach(CharFrontend fe) {
        if (frontend != null && frontend != fe) {
            throw new IllegalStateException("character backend already has a device attached");
        }
        frontend = fe;
    }

    public CharFrontend frontend() {
        return frontend;
    }

    /** Runs on the host thread after input is queued, so an idle machine loop can wake up. */
    public void setInputNotifier(Runnable r) {
        inputNotifier = r == null ? () -> { } : r;
    }

    public void setInputRecorder(InputRecorder r) {
        recorder = r;
    }

    /** Queues host input bytes (any thread). */
    protected final void hostInput(byte[] data, int off, int len) {
        if (len <= 0) {
            return;
        }
        synchronized (lock) {
            for (int i = 0; i < len; i++) {
                incoming.add(data[off + i] & 0xff);
            }
            hasIncoming = true;
        }
        inputNotifier.run();
    }

    /** Queues one host input byte (any thread). */
    protected final void hostInput(int b) {
        synchronized (lock) {
            incoming.add(b & 0xff);
            hasIncoming = true;
        }
        inputNotifier.run();
    }

    /** Queues a break condition (any thread). */
    protected final void hostBreak() {
        synchronized (lock) {
            incoming.add(BREAK);
            hasIncoming = true;
        }
        inputNotifier.run();
    }

    /** True if input is waiting on either side (the machine loop may poll). */
    public final boolean hasPendingInput() {
        return hasIncoming || !pending.isEmpty();
    }

    /**
     * Makes host input queued so far guest-visible and delivers what the device can take (vCPU thread,
     * block boundary). Returns the number of input events that became guest-visible.
     */
    public final int poll() {
        int moved = 0;
        if (hasIncoming) {
            synchronized (lock) {
                Integer v;
                while ((v = incoming.poll()) != null) {
                    pending.add(v);
                    if (recorder != null) {
                        recorder.delivered(v);
                    }
                    moved++;
                }
                hasIncoming = false;
            }
        }
        acceptInput();
        return moved;
    }

    /**
     * Delivers guest-visible queued input while the device can receive (vCPU thread). Devices call this
     * when they free receive space, as QEMU's {@code qemu_chr_fe_accept_input}.
     */
    public final void acceptInput() {
        CharFrontend fe = frontend;
        if (fe == null) {
            return;
        }
        while (!pending.isEmpty()) {
            int v = pending.peek();
            if (v == BREAK) {
                pending.poll();
                fe.receiveBreak();
                continue;
            }
            if (fe.canReceive() <= 0) {
                return;
            }
            pending.poll();
            fe.receive(v);
        }
    }

    /** Releases host resources (reader threads, terminal mode). */
    @Override
    public void close() {
        flush();
    }
}
