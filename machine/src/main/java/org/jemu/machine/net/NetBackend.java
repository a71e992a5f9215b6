package org.jemu.machine.net;

import java.util.ArrayDeque;

/**
 * The host side of a guest network link (QEMU's {@code -netdev} / {@code NetClientState} peer): it takes the
 * Ethernet frames the guest sends and hands host frames to the {@link NetFrontend} (the NIC model) attached
 * to it.
 *
 * <h2>Threads and determinism</h2>
 * Guest frames ({@link #send}) come from the vCPU thread. Host frames may be produced on any thread (a
 * backend's own I/O thread): it calls {@link #hostReceive}, which only queues the frame and runs the
 * {@linkplain #setInputNotifier input notifier} so an idle machine loop wakes. Frames reach the guest only
 * when the machine loop calls {@link #poll(long)} on the vCPU thread at a block boundary: that moves what is
 * queued into the guest-visible queue and stamps each frame with the instruction count passed in (the point a
 * record/replay log hooks into through {@link #setInputRecorder}), then delivers frames while the device
 * {@linkplain NetFrontend#canReceive can receive}. When the driver posts more receive buffers the device calls
 * {@link #acceptInput()}, which delivers more of the already-stamped frames at once.
 *
 * <p>Both queues are bounded ({@link #MAX_QUEUED} frames each): when the guest does not take its frames,
 * further host frames are dropped, as a NIC with a full receive ring drops them; TCP recovers.
 */
public abstract class NetBackend implements AutoCloseable {
    /** Most frames held in each of the host-side and guest-side queues. */
    public static final int MAX_QUEUED = 1024;
    /** Largest frame accepted either way: 64 KiB + an Ethernet header (what a GSO-less link can carry). */
    public static final int MAX_FRAME = 65536 + 14;

    /** Receives each host frame as it becomes guest-visible, with its instruction-count stamp. */
    @FunctionalInterface
    public interface InputRecorder {
        void delivered(long instructionCount, byte[] frame);
    }

    private final Object lock = new Object();
    private final ArrayDeque<byte[]> incoming = new ArrayDeque<>();
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private volatile boolean hasIncoming;
    private NetFrontend frontend;
    private volatile Runnable inputNotifier = () -> { };
    private InputRecorder recorder;
    private long dropped;
    private final String id;

    /** @param id the {@code -netdev id=} this backend was created under */
    protected NetBackend(String id) {
        this.id = id;
    }

    /** The {@code -netdev id=}. */
    public final String id() {
        return id;
    }

    /**
     * Sends one Ethernet frame from the guest (vCPU thread). Must not block for long: a backend queues the
     * frame for its own thread.
     */
    public abstract void send(byte[] frame, int off, int len);

    /** Starts the backend's host I/O (threads); called once the machine is built. */
    public void start() {
    }

    /** Connects the NIC that receives frames (one per backend, as QEMU's netdev/NIC pairs). */
    public void attach(NetFrontend fe) {
        if (frontend != null && frontend != fe) {
            throw new IllegalStateException("-netdev " + id + " is already used by another network device");
        }
        frontend = fe;
    }

    public final NetFrontend frontend() {
        return frontend;
    }

    /** Runs on the host thread after a frame is queued, so an idle machine loop can wake up. */
    public void setInputNotifier(Runnable r) {
        inputNotifier = r == null ? () -> { } : r;
    }

    public void setInputRecorder(InputRecorder r) {
        recorder = r;
    }

    /** Frames dropped because a queue was full. */
    public final long dropped() {
        synchronized (lock) {
            return dropped;
        }
    }

    /** Queues a host frame for the guest (any thread). The array is owned by the queue afterwards. */
    protected final void hostReceive(byte[] frame) {
        synchronized (lock) {
            if (incoming.size() >= MAX_QUEUED) {
                dropped++;
                return;
            }
            incoming.add(frame);
            hasIncoming = true;
        }
        inputNotifier.run();
    }

    /** True if frames wait on either side. */
    public final boolean hasPendingInput() {
        return hasIncoming || !pending.isEmpty();
    }

    /**
     * Makes the frames queued so far guest-visible, stamped with {@code instructionCount}, and delivers what
     * the device can take (vCPU thread, block boundary). Returns the number of frames that became visible.
     */
    public final int poll(long instructionCount) {
        int moved = 0;
        if (hasIncoming) {
            synchronized (lock) {
                byte[] f;
                while ((f = incoming.poll()) != null) {
                    if (pending.size() >= MAX_QUEUED) {
                        dropped++;
                        continue;
                    }
                    pending.add(f);
                    if (recorder != null) {
                        recorder.delivered(instructionCount, f);
                    }
                    moved++;
                }
                hasIncoming = false;
            }
        }
        acceptInput();
        return moved;
    }

    /** Delivers guest-visible frames while the device can receive (vCPU thread). */
    public final void acceptInput() {
        NetFrontend fe = frontend;
        if (fe == null) {
            return;
        }
        while (!pending.isEmpty() && fe.canReceive()) {
            if (!fe.receive(pending.peek())) {
                return;
            }
            pending.poll();
        }
    }

    /** Stops the backend's threads and releases host resources. */
    @Override
    public void close() {
    }
}
