package org.jemu.arm.cpu;

import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.IrqLine;

/**
 * The per-CPU Generic Timer (Arm ARM DDI 0487, chapter D11): the system counter, read as CNTPCT_EL0
 * (physical) and CNTVCT_EL0 (= physical - CNTVOFF_EL2), and four timers, each with a 64-bit
 * CompareValue (CVAL), a 32-bit signed TimerValue view (TVAL) and a control register CTL with ENABLE
 * (bit 0), IMASK (bit 1) and read-only ISTATUS (bit 2):
 * {@link Aarch64Cpu#GTIMER_PHYS} (CNTP_*_EL0), {@link Aarch64Cpu#GTIMER_VIRT} (CNTV_*_EL0),
 * {@link Aarch64Cpu#GTIMER_HYP} (CNTHP_*_EL2) and {@link Aarch64Cpu#GTIMER_SEC} (CNTPS_*_EL1).
 *
 * <p>The counter runs at a fixed {@code counterHz} derived from the machine's {@link VirtualClock}:
 * {@code count = floor(ns * counterHz / 10^9)}, computed exactly in integers (at the default 62.5 MHz one
 * tick is exactly 16 ns). The timer condition is {@code count >= CVAL}, unsigned (D11.2.4); the output is
 * level-sensitive, high while ENABLE = 1, IMASK = 0 and the condition holds. Each timer keeps a
 * {@link VirtualClock.Timer} armed at the guest time the count reaches CVAL, and is re-evaluated on every
 * register write and CNTVOFF change.
 */
public final class GenericTimer {
    public static final int CTL_ENABLE = 1;
    public static final int CTL_IMASK = 2;
    public static final int CTL_ISTATUS = 4;
    private static final long NS_PER_S = 1_000_000_000L;

    private final Aarch64Cpu cpu;
    private final VirtualClock clock;
    private final long hz;
    private final long[] ctl = new long[4];
    private final long[] cval = new long[4];
    private final VirtualClock.Timer[] timers = new VirtualClock.Timer[4];
    private final IrqLine[] outputs = {IrqLine.NONE, IrqLine.NONE, IrqLine.NONE, IrqLine.NONE};
    private final boolean[] level = new boolean[4];

    GenericTimer(Aarch64Cpu cpu, VirtualClock clock, long hz) {
        this.cpu = cpu;
        this.clock = clock;
        this.hz = hz;
        for (int i = 0; i < 4; i++) {
            final int which = i;
            timers[i] = clock.newTimer(() -> update(which));
        }
    }

    /** Counter frequency in Hz. */
    public long frequency() {
        return hz;
    }

    /** Counter ticks elapsed after {@code ns} nanoseconds of guest time (exact, ns &gt;= 0). */
    long ticksAt(long ns) {
        if (ns <= 0) {
            return 0;
        }
        return (ns / NS_PER_S) * hz + (ns % NS_PER_S) * hz / NS_PER_S;
    }

    /**
     * The earliest guest time in ns at which the physical count is at least {@code ticks} (unsigned), or
     * {@link Long#MAX_VALUE} if that is beyond the range of guest time.
     */
    long nsForTicks(long ticks) {
        long q = Long.divideUnsigned(ticks, hz);
        long r = Long.remainderUnsigned(ticks, hz);
        if (q > (Long.MAX_VALUE - NS_PER_S) / NS_PER_S) {
            return Long.MAX_VALUE;
        }
        return q * NS_PER_S + (r * NS_PER_S + hz - 1) / hz;
    }

    /** CNTPCT_EL0: the physical count now. */
    public long physicalCount() {
        return ticksAt(clock.now());
    }

    /** CNTVCT_EL0: the virtual count now (physical count minus CNTVOFF_EL2). */
    public long virtualCount() {
        return physicalCount() - cpu.cntvoff();
    }

    private long count(int which) {
        return which == Aarch64Cpu.GTIMER_VIRT ? virtualCount() : physicalCount();
    }

    private boolean conditionMet(int which) {
        return (ctl[which] & CTL_ENABLE) != 0 && Long.compareUnsigned(count(which), cval[which]) >= 0;
    }

    /** CNTx_CTL: ENABLE, IMASK and the live ISTATUS (0 while disabled). */
    public long readCtl(int which) {
        return ctl[which] | (conditionMet(which) ? CTL_ISTATUS : 0);
    }

    public void writeCtl(int which, long v) {
        ctl[which] = v & (CTL_ENABLE | CTL_IMASK);
        update(which);
    }

    public long readCval(int which) {
        return cval[which];
    }

    public void writeCval(int which, long v) {
        cval[which] = v;
        update(which);
    }

    /** CNTx_TVAL: (CVAL - count) as a 32-bit value, bits [63:32] zero. */
    public long readTval(int which) {
        return (cval[which] - count(which)) & 0xffff_ffffL;
    }

    /** Writing TVAL sets CVAL = count + SignExtend(TVAL[31:0]). */
    public void writeTval(int which, long v) {
        cval[which] = count(which) + (int) v;
        update(which);
    }

    /** Connects timer output {@code which} to {@code sink} and drives it with the current level. */
    public void connect(int which, IrqLine sink) {
        outputs[which] = sink == null ? IrqLine.NONE : sink;
        outputs[which].set(level[which]);
    }

    /** The line timer output {@code which} drives. */
    public IrqLine output(int which) {
        return outputs[which];
    }

    /** Current level of timer output {@code which}. */
    public boolean outputLevel(int which) {
        return level[which];
    }

    /** Re-evaluates every timer (after CNTVOFF_EL2 or clock changes). */
    void updateAll() {
        for (int i = 0; i < 4; i++) {
            update(i);
        }
    }

    /** Disables every timer and lowers the outputs (CPU reset; CVAL is UNKNOWN and cleared). */
    void reset() {
        for (int i = 0; i < 4; i++) {
            ctl[i] = 0;
            cval[i] = 0;
            update(i);
        }
    }

    /**
     * Recomputes timer {@code which}: drives its output and, while it is enabled, unmasked and not yet
     * expired, arms the clock timer for the moment the count reaches CVAL.
     */
    void update(int which) {
        boolean met = conditionMet(which);
        boolean irq = met && (ctl[which] & CTL_IMASK) == 0;
        if (irq != level[which]) {
            level[which] = irq;
            outputs[which].set(irq);
        }
        VirtualClock.Timer t = timers[which];
        if ((ctl[which] & CTL_ENABLE) == 0 || (ctl[which] & CTL_IMASK) != 0 || met) {
            t.cancel();
            return;
        }
        long target = cval[which];
        if (which == Aarch64Cpu.GTIMER_VIRT) {
            target += cpu.cntvoff();
        }
        long deadline = nsForTicks(target);
        // A deadline not in the future means CVAL + CNTVOFF wrapped around 2^64: never reached.
        if (deadline == Long.MAX_VALUE || deadline <= clock.now()) {
            t.cancel();
        } else {
            t.mod(deadline);
        }
    }
}
