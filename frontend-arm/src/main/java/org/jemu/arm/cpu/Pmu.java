package org.jemu.arm.cpu;

/**
 * A minimal Performance Monitors Extension, PMUv3 (Arm ARM DDI 0487, chapter D7; registers D13.10): the
 * cycle counter PMCCNTR_EL0 and the control, enable, overflow, interrupt-enable and EL0-access
 * registers, with PMCR_EL0.N = 0 event counters. Firmware (Trusted Firmware-A programs PMCR_EL0 at
 * EL3) and Linux's PMU driver (cycles only) run on it.
 *
 * <p>The cycle counter counts guest nanoseconds of the virtual clock (a 1 GHz clock, as QEMU's), divided
 * by 64 with PMCR_EL0.D, while PMCR_EL0.E and PMCNTENSET_EL0.C are both set. Not modelled: PMCCFILTR
 * filtering by Exception level, overflow flags and the PMU interrupt, event counters.
 */
final class Pmu {
    /** PMCR_EL0 bits (D13.10.8). */
    static final long PMCR_E = 1;
    static final long PMCR_P = 1 << 1;
    static final long PMCR_C = 1 << 2;
    static final long PMCR_D = 1 << 3;
    /** Writable PMCR_EL0 bits: E, D, X, DP, LC (P and C are write-only actions). */
    static final long PMCR_WRITABLE = 0x79;
    /** The cycle counter's bit (C, bit 31) in PMCNTEN*, PMINTEN*, PMOVS*. */
    static final long CYCLE_BIT = 1L << 31;
    /** PMCEID0_EL0: the common events counted, CPU_CYCLES (event 0x11) only. */
    static final long PMCEID0 = 1L << 0x11;

    private final Aarch64Cpu cpu;
    long pmcr;
    long cntenset;
    long intenset;
    long ovs;
    long selr;
    long userenr;
    long ccfiltr;
    /** Cycle counter value at {@link #since}, and the guest time in ns when it was taken. */
    private long ccntr;
    private long since;

    Pmu(Aarch64Cpu cpu) {
        this.cpu = cpu;
    }

    /** PMCR_EL0.IMP (bits [31:24]) is the implementer code from MIDR_EL1; N (bits [15:11]) = 0. */
    private long pmcrReadOnly() {
        return (cpu.model.midr() >>> 24 & 0xff) << 24;
    }

    void reset() {
        pmcr = 0;
        cntenset = 0;
        intenset = 0;
        ovs = 0;
        selr = 0;
        userenr = 0;
        ccfiltr = 0;
        ccntr = 0;
        since = cpu.clock.now();
    }

    private boolean counting() {
        return (pmcr & PMCR_E) != 0 && (cntenset & CYCLE_BIT) != 0;
    }

    long readCycles() {
        if (!counting()) {
            return ccntr;
        }
        long elapsed = cpu.clock.now() - since;
        return ccntr + ((pmcr & PMCR_D) != 0 ? elapsed / 64 : elapsed);
    }

    /** Folds the running count into {@link #ccntr} before a change of the counting state. */
    private void fold() {
        ccntr = readCycles();
        since = cpu.clock.now();
    }

    void writeCycles(long v) {
        ccntr = v;
        since = cpu.clock.now();
    }

    long readPmcr() {
        return pmcr | pmcrReadOnly();
    }

    void writePmcr(long v) {
        fold();
        if ((v & PMCR_C) != 0) {
            ccntr = 0;
        }
        pmcr = v & PMCR_WRITABLE;
    }

    void setCntEn(long v, boolean set) {
        fold();
        cntenset = set ? cntenset | (v & CYCLE_BIT) : cntenset & ~(v & CYCLE_BIT);
    }

    /** PMUSERENR_EL0 (D13.10.17): EN (bit 0) enables all EL0 access, SW (1), CR (2), ER (3) parts of it. */
    int el0Check(Aarch64Cpu c, long alsoAllowedBy) {
        return c.el == 0 && (userenr & (1 | alsoAllowedBy)) == 0 ? SysRegs.TRAP_EL1 : SysRegs.ALLOW;
    }
}
