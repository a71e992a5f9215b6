package org.jemu.ppc.cpu;

import org.jemu.translator.clock.VirtualClock;

/**
 * The Book E timer facilities of the e500mc (Power ISA 2.06 Book III-E chapter 9 "Timer Facilities";
 * E500MCRM 2.8 "Timer registers"): the time base (shared with {@link PpcCpu#timeBase()}), the decrementer
 * with its auto-reload register, the timer control and status registers, the fixed-interval timer and the
 * watchdog. Everything counts in time-base ticks of the CPU's virtual clock ({@link PpcCpu#attachClock}),
 * so runs are deterministic; without a clock the registers count but no event ever fires.
 *
 * <ul>
 *   <li><b>DEC</b> (SPR 22): decrements once per tick while non-zero. The decrement from 1 sets TSR[DIS];
 *       with TCR[ARE] = 1 DEC is then loaded with DECAR instead of 0 (period = DECAR ticks), else it stays 0.
 *       Writing DEC (even 0) never sets DIS by itself (Book III-E 9.3).</li>
 *   <li><b>TSR</b> (SPR 336): ENW, WIS, WRS, DIS, FIS; mtspr TSR clears the bits written as 1.</li>
 *   <li><b>TCR</b> (SPR 340): WP, WRC, WIE, DIE, FP, FIE, ARE and the e500 extensions WPEXT/FPEXT. The
 *       FIT/watchdog period selects TB bit 63 - (FP | FPEXT &lt;&lt; 2) (LSB-0), as QEMU's e500 model: the event
 *       is that bit going 0 -&gt; 1. TCR[WRC], once non-zero, is kept until reset.</li>
 *   <li><b>FIT</b>: sets TSR[FIS] on each event.</li>
 *   <li><b>Watchdog</b> (Book III-E 9.5): on each event, if TSR[ENW] = 0 it is set; else if TSR[WIS] = 0 it
 *       is set (the watchdog interrupt when TCR[WIE] and MSR[CE]); else TSR[WRS] = TCR[WRC] and, if WRC is
 *       non-zero, the CPU asks for a reset ({@link PpcBookECpu#setResetRequestHandler}).</li>
 * </ul>
 * DIS/FIS/WIS are levels: the interrupt stays requested while the status bit and its enable are set.
 */
public final class PpcBookETimers {
    public static final long TCR_WP_MASK = 0xc000_0000L, TCR_WRC_MASK = 0x3000_0000L, TCR_WIE = 0x0800_0000L,
            TCR_DIE = 0x0400_0000L, TCR_FP_MASK = 0x0300_0000L, TCR_FIE = 0x0080_0000L, TCR_ARE = 0x0040_0000L,
            TCR_WPEXT_MASK = 0x001e_0000L, TCR_FPEXT_MASK = 0x0001_e000L;
    public static final long TSR_ENW = 0x8000_0000L, TSR_WIS = 0x4000_0000L, TSR_WRS_MASK = 0x3000_0000L,
            TSR_DIS = 0x0800_0000L, TSR_FIS = 0x0400_0000L;

    private final PpcBookECpu cpu;
    /** TCR and TSR (32 bits each). */
    public long tcr, tsr;
    /** DECAR (32 bits, write-only to software). */
    public long decar;
    private long decAnchorTicks, decAnchorValue;
    private long decFireTick, fitFireTick, wdFireTick;
    private VirtualClock.Timer decTimer, fitTimer, wdTimer;

    PpcBookETimers(PpcBookECpu cpu) {
        this.cpu = cpu;
    }

    void clockAttached() {
        VirtualClock c = cpu.clock();
        decTimer = c.newTimer(this::decEvent);
        fitTimer = c.newTimer(this::fitEvent);
        wdTimer = c.newTimer(this::wdEvent);
        armDec();
        armFit();
        armWd();
    }

    /** Reset: TCR = TSR = 0, DEC = DECAR = 0 (stopped). */
    void reset() {
        tcr = tsr = decar = 0;
        decAnchorTicks = cpu.ticks();
        decAnchorValue = 0;
        if (decTimer != null) {
            armDec();
            armFit();
            armWd();
        }
        update();
    }

    /** The TSR bits whose TCR enable is set (DIS, FIS, WIS). */
    long pendingStatus() {
        long on = 0;
        if ((tcr & TCR_DIE) != 0) {
            on |= tsr & TSR_DIS;
        }
        if ((tcr & TCR_FIE) != 0) {
            on |= tsr & TSR_FIS;
        }
        if ((tcr & TCR_WIE) != 0) {
            on |= tsr & TSR_WIS;
        }
        return on;
    }

    private void update() {
        cpu.setInterrupt(PpcBookECpu.INT_TIMER, pendingStatus() != 0);
    }

    // ---- decrementer --------------------------------------------------------------------------------------

    private long decAt(long t) {
        long elapsed = t - decAnchorTicks;
        if (elapsed < decAnchorValue) {
            return decAnchorValue - elapsed;
        }
        if (decAnchorValue == 0 || (tcr & TCR_ARE) == 0 || decar == 0) {
            return 0;
        }
        return decar - (elapsed - decAnchorValue) % decar;
    }

    /** DEC now (32 bits). */
    public long decrementer() {
        return decAt(cpu.ticks());
    }

    /** Re-anchors DEC at the current tick (before TCR[ARE] or DECAR change). */
    private void rebase() {
        long now = cpu.ticks();
        decAnchorValue = decAt(now);
        decAnchorTicks = now;
    }

    /** mtspr DEC: DEC = v; it decrements from the next tick; no exception from the write itself. */
    public void writeDec(long v) {
        decAnchorTicks = cpu.ticks();
        decAnchorValue = v & 0xffff_ffffL;
        armDec();
    }

    /** mtspr DECAR. */
    public void writeDecar(long v) {
        rebase();
        decar = v & 0xffff_ffffL;
        armDec();
    }

    private void armDec() {
        if (decTimer == null) {
            return;
        }
        if (decAnchorValue == 0) {
            decTimer.cancel();
            return;
        }
        decFireTick = decAnchorTicks + decAnchorValue;
        decTimer.mod(cpu.tickTimeNs(decFireTick));
    }

    private void decEvent() {
        long now = cpu.ticks();
        if (decAnchorValue == 0) {
            return;
        }
        if (now - decFireTick < 0) {
            decTimer.mod(cpu.tickTimeNs(decFireTick));
            return;
        }
        tsr |= TSR_DIS;
        if ((tcr & TCR_ARE) != 0 && decar != 0) {
            long z = decFireTick;
            long periods = (now - z) / decar;
            decAnchorTicks = z + periods * decar;
            decAnchorValue = decar;
        } else {
            decAnchorTicks = decFireTick;
            decAnchorValue = 0;
        }
        armDec();
        update();
    }

    // ---- TCR / TSR ------------------------------------------------------------------------------------------

    /** mtspr TSR: clears the bits set in {@code v} (write 1 to clear). */
    public void writeTsr(long v) {
        tsr &= ~v;
        update();
    }

    /** mtspr TCR (WRC sticky once non-zero). */
    public void writeTcr(long v) {
        rebase();
        v &= 0xffff_ffffL;
        if ((tcr & TCR_WRC_MASK) != 0) {
            v = (v & ~TCR_WRC_MASK) | (tcr & TCR_WRC_MASK);
        }
        tcr = v;
        armDec();
        armFit();
        armWd();
        update();
    }

    /** The time base was written: the FIT and watchdog events move. */
    void timeBaseChanged() {
        armFit();
        armWd();
    }

    // ---- FIT and watchdog -----------------------------------------------------------------------------------

    /** LSB-0 index of the TB bit whose 0 -> 1 transition is the event (QEMU booke_get_fit/wdt_target, e500). */
    static int periodBit(long sel2, long ext4) {
        return 63 - (int) (sel2 | ext4 << 2);
    }

    int fitBit() {
        return periodBit((tcr & TCR_FP_MASK) >>> 24, (tcr & TCR_FPEXT_MASK) >>> 13);
    }

    int wdBit() {
        return periodBit((tcr & TCR_WP_MASK) >>> 30, (tcr & TCR_WPEXT_MASK) >>> 17);
    }

    /** The tick of the next 0 -> 1 transition of TB bit {@code b} after the current tick, or -1 if too far. */
    private long nextTransitionTick(int b) {
        if (b > 61) {
            return -1;
        }
        long now = cpu.ticks();
        long tb = cpu.timeBase();
        long period = 1L << (b + 1);
        long next = (tb & -period) + (1L << b);
        if (next - tb <= 0) {
            next += period;
        }
        return now + (next - tb);
    }

    /** Arms {@code timer} for the next 0 -> 1 transition of TB bit {@code bit}; returns that tick (-1: none). */
    private long armTransition(VirtualClock.Timer timer, int bit) {
        if (timer == null) {
            return -1;
        }
        long t = nextTransitionTick(bit);
        if (t < 0) {
            timer.cancel();
        } else {
            timer.mod(cpu.tickTimeNs(t));
        }
        return t;
    }

    private void armFit() {
        fitFireTick = armTransition(fitTimer, fitBit());
    }

    private void armWd() {
        wdFireTick = armTransition(wdTimer, wdBit());
    }

    private void fitEvent() {
        if (cpu.ticks() - fitFireTick < 0) {
            fitTimer.mod(cpu.tickTimeNs(fitFireTick));
            return;
        }
        tsr |= TSR_FIS;
        armFit();
        update();
    }

    private void wdEvent() {
        if (cpu.ticks() - wdFireTick < 0) {
            wdTimer.mod(cpu.tickTimeNs(wdFireTick));
            return;
        }
        armWd();
        if ((tsr & TSR_ENW) == 0) {
            tsr |= TSR_ENW;
        } else if ((tsr & TSR_WIS) == 0) {
            tsr |= TSR_WIS;
        } else {
            int wrc = (int) ((tcr & TCR_WRC_MASK) >>> 28);
            tsr = (tsr & ~TSR_WRS_MASK) | ((long) wrc << 28);
            if (wrc != 0) {
                cpu.watchdogReset(wrc);
            }
        }
        update();
    }
}
