package org.jemu.translator.clock;

import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * The machine's virtual clock, in nanoseconds of guest time.
 *
 * <p>In the default deterministic mode guest time advances only with retired guest instructions:
 * {@code now = warp + (instructions << shift)}, as QEMU's {@code -icount shift=N}, so the same guest and
 * input give the same timer interrupts at the same instruction on every run. When every vCPU waits for an
 * interrupt the loop {@link #warpToNextDeadline() warps} time to the next timer deadline. In real-time mode
 * ({@link #realTime}) guest time follows the host's monotonic clock.
 *
 * <p>Timers fire on the vCPU thread, from the execution loop, in deadline order (ties in arming order).
 */
public final class VirtualClock {
    private final int shift;
    private final boolean realTime;
    private final long hostStart = System.nanoTime();
    /** Instructions retired by all vCPUs, as counted at block boundaries. */
    private long instructions;
    /** Extra guest time added by idle warps, ns. */
    private long warp;
    /** Supplies in-flight instructions of the running block (slow paths read the clock mid-block). */
    private LongSupplier inFlight = () -> 0;
    private final PriorityQueue<Timer> queue = new PriorityQueue<>((a, b) -> a.deadline != b.deadline
            ? Long.compare(a.deadline, b.deadline) : Long.compare(a.seq, b.seq));
    private long seq;
    /** Called when a timer is armed ahead of every other armed timer (see {@link #setOnEarlierDeadline}). */
    private Runnable onEarlierDeadline = () -> { };

    /**
     * @param shift    guest ns per instruction is {@code 2^shift} (0..10)
     * @param realTime follow the host clock instead of the instruction count
     */
    public VirtualClock(int shift, boolean realTime) {
        if (shift < 0 || shift > 10) {
            throw new IllegalArgumentException("icount shift must be 0..10, got " + shift);
        }
        this.shift = shift;
        this.realTime = realTime;
    }

    public int shift() {
        return shift;
    }

    public boolean isRealTime() {
        return realTime;
    }

    /** Sets the source of instructions retired inside the currently running block. */
    public void setInFlight(LongSupplier s) {
        inFlight = s;
    }

    /**
     * Sets what to do when {@link Timer#mod} makes the earliest deadline earlier than it was (a device timer
     * or decrementer armed by a guest instruction mid-block): the execution loop asks compiled code to
     * leave its loop at the next block edge, so the run's instruction budget shrinks to the new deadline.
     */
    public void setOnEarlierDeadline(Runnable r) {
        onEarlierDeadline = r;
    }

    /** Guest time now, ns. */
    public long now() {
        if (realTime) {
            return System.nanoTime() - hostStart + warp;
        }
        return warp + ((instructions + inFlight.getAsLong()) << shift);
    }

    /** Guest instructions retired by all vCPUs so far (block boundaries). */
    public long instructions() {
        return instructions;
    }

    /** Counts {@code n} more retired instructions. */
    public void retire(long n) {
        instructions += n;
    }

    /** Converts a guest-time span in ns to a number of instructions (rounded up, at least 1). */
    public long nsToInstructions(long ns) {
        if (ns <= 0) {
            return 1;
        }
        long n = (ns + (1L << shift) - 1) >>> shift;
        return Math.max(1, n);
    }

    /** Deadline of the earliest armed timer, ns, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        Timer t = queue.peek();
        return t == null ? Long.MAX_VALUE : t.deadline;
    }

    /** Instructions that may run before the next timer is due ({@link Long#MAX_VALUE} if none is armed). */
    public long instructionsToNextDeadline() {
        long d = nextDeadline();
        if (d == Long.MAX_VALUE || realTime) {
            return Long.MAX_VALUE;
        }
        return nsToInstructions(d - now());
    }

    /** Advances guest time to the next deadline (all vCPUs idle). Returns false if no timer is armed. */
    public boolean warpToNextDeadline() {
        long d = nextDeadline();
        if (d == Long.MAX_VALUE) {
            return false;
        }
        long n = now();
        if (d > n && !realTime) {
            warp += d - n;
        }
        return true;
    }

    /** Fires every timer whose deadline has passed. Returns the number fired. */
    public int runExpired() {
        int fired = 0;
        long n = now();
        while (true) {
            Timer t = queue.peek();
            if (t == null || t.deadline > n) {
                return fired;
            }
            queue.poll();
            t.armed = false;
            t.callback.run();
            fired++;
            n = now();
        }
    }

    /** Creates an unarmed timer that runs {@code callback} on the vCPU thread when due. */
    public Timer newTimer(Runnable callback) {
        return new Timer(callback);
    }

    /** A one-shot timer on this clock, as QEMU's {@code QEMUTimer}. */
    public final class Timer {
        private final Runnable callback;
        private long deadline;
        private long seq;
        private boolean armed;

        private Timer(Runnable callback) {
            this.callback = callback;
        }

        /** Arms (or re-arms) the timer to fire at guest time {@code deadlineNs}. */
        public void mod(long deadlineNs) {
            long earliest = nextDeadline();
            if (armed) {
                queue.remove(this);
            }
            deadline = deadlineNs;
            this.seq = VirtualClock.this.seq++;
            armed = true;
            queue.add(this);
            if (deadlineNs < earliest) {
                onEarlierDeadline.run();
            }
        }

        /** Disarms the timer. */
        public void cancel() {
            if (armed) {
                queue.remove(this);
                armed = false;
            }
        }

        public boolean isArmed() {
            return armed;
        }

        /** The armed deadline, ns. */
        public long deadline() {
            return deadline;
        }
    }
}
