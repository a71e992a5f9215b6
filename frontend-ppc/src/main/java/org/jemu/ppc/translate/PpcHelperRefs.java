package org.jemu.ppc.translate;

import org.jemu.ppc.cpu.PpcHelpers;
import org.jemu.translator.ir.Helper;

/**
 * The {@link Helper} descriptors the PowerPC translator calls, with their declared effects. Resolved once,
 * when the translator is first used; a missing helper fails loudly at that point.
 */
final class PpcHelperRefs {
    private PpcHelperRefs() {
    }

    /** Helpers that may change anything and raise exceptions. */
    static final int ALL = Helper.WRITES_STATE | Helper.MAY_FAULT | Helper.SIDE_EFFECT;

    /** {@code void illegal(cpu, int insn)}: program exception, illegal instruction (always throws). */
    static final Helper ILLEGAL = Helper.of(PpcHelpers.class, "illegal", ALL);
    /** {@code void fpUnavailable(cpu, int insn)}: FP unavailable exception (always throws). */
    static final Helper FP_UNAVAILABLE = Helper.of(PpcHelpers.class, "fpUnavailable", ALL);
    /** {@code void sc(cpu)}: system call exception (always throws). */
    static final Helper SC = Helper.of(PpcHelpers.class, "sc", ALL);
    /** {@code void trapIf(cpu, int cond)}: trap when cond != 0; reads no guest register. */
    static final Helper TRAP_IF = Helper.of(PpcHelpers.class, "trapIf", Helper.MAY_FAULT_ONLY | Helper.SIDE_EFFECT);
    /** {@code void alignWord(cpu, long ea, int store)}: alignment exception unless ea is a multiple of 4. */
    static final Helper ALIGN_WORD = Helper.of(PpcHelpers.class, "alignWord", Helper.MAY_FAULT_ONLY | Helper.SIDE_EFFECT);
    /** {@code int stwcx(cpu, long ea, long value)}: store conditional; writes the reservation. */
    static final Helper STWCX = Helper.of(PpcHelpers.class, "stwcx", ALL);
    /** {@code void lswx(cpu, long ea, int rt, int ra, int rb)}: load string indexed (writes GPRs). */
    static final Helper LSWX = Helper.of(PpcHelpers.class, "lswx", ALL);
    /** {@code void stswx(cpu, long ea, int rs)}: store string indexed. */
    static final Helper STSWX = Helper.of(PpcHelpers.class, "stswx", Helper.MAY_FAULT | Helper.SIDE_EFFECT);
    /** {@code long singleToDouble(cpu, int single)}: lfs conversion (pure). */
    static final Helper SINGLE_TO_DOUBLE = Helper.of(org.jemu.ppc.cpu.PpcFpBits.class, "singleToDouble", 0);
    /** {@code int doubleToSingle(cpu, long d)}: stfs conversion (pure). */
    static final Helper DOUBLE_TO_SINGLE = Helper.of(org.jemu.ppc.cpu.PpcFpBits.class, "doubleToSingle", 0);
    /** {@code long mtfsf(cpu, long fpscr, long frb, int flm)}: new FPSCR (pure). */
    static final Helper MTFSF = Helper.of(org.jemu.ppc.cpu.PpcFpBits.class, "mtfsf", 0);
    /** {@code long mtfsb(cpu, long fpscr, int bt, int set)}: new FPSCR (pure). */
    static final Helper MTFSB = Helper.of(org.jemu.ppc.cpu.PpcFpBits.class, "mtfsb", 0);
    /** {@code long mcrfs(cpu, long fpscr, int bfa)}: new FPSCR (pure). */
    static final Helper MCRFS = Helper.of(org.jemu.ppc.cpu.PpcFpBits.class, "mcrfs", 0);
    /**
     * {@code long arith(cpu, int ctl, long fpscr, long a, long b, long c, long oldT)}: one FP computational
     * instruction; returns the new FPSCR and leaves FRT's value in the CPU's FPU scratch. It touches no guest
     * register, but must stay in order with {@link #FP_RESULT}, hence SIDE_EFFECT.
     */
    static final Helper FP_ARITH = Helper.of(org.jemu.ppc.cpu.PpcFpu.class, "arith", Helper.SIDE_EFFECT);
    /** {@code long result(cpu)}: FRT's value from the preceding {@link #FP_ARITH}. */
    static final Helper FP_RESULT = Helper.of(org.jemu.ppc.cpu.PpcFpu.class, "result", Helper.SIDE_EFFECT);
    /** {@code long fsel(cpu, long a, long b, long c)} (pure). */
    static final Helper FSEL = Helper.of(org.jemu.ppc.cpu.PpcFpu.class, "fsel", 0);
    /** {@code void privileged(cpu)}: privileged instruction program exception (always throws). */
    static final Helper PRIVILEGED = Helper.of(org.jemu.ppc.cpu.PpcSupervisor.class, "privileged", ALL);
    /** {@code void mtmsr(cpu, long v)}. */
    static final Helper MTMSR = Helper.of(org.jemu.ppc.cpu.PpcSupervisor.class, "mtmsr", ALL);
    /** {@code void rfi(cpu)}: writes MSR and PC. */
    static final Helper RFI = Helper.of(org.jemu.ppc.cpu.PpcSupervisor.class, "rfi", ALL);
    /** {@code long mfspr(cpu, int spr)}: a supervisor SPR (the decrementer reads the clock). */
    static final Helper MFSPR = Helper.of(org.jemu.ppc.cpu.PpcSupervisor.class, "mfspr", Helper.READS_STATE | Helper.SIDE_EFFECT);
    /** {@code void mtspr(cpu, int spr, long v)}: a supervisor SPR (may flush the TLB, request an interrupt). */
    static final Helper MTSPR = Helper.of(org.jemu.ppc.cpu.PpcSupervisor.class, "mtspr", ALL);
    /** {@code long mfsr(cpu, int n)}. */
    static final Helper MFSR = Helper.of(org.jemu.ppc.cpu.PpcSupervisor.class, "mfsr", Helper.READS_STATE | Helper.SIDE_EFFECT);
    /** {@code void mtsr(cpu, int n, long v)}. */
    static final Helper MTSR = Helper.of(org.jemu.ppc.cpu.PpcSupervisor.class, "mtsr", ALL);
    /** {@code void tlbFlush(cpu)}. */
    static final Helper TLB_FLUSH = Helper.of(org.jemu.ppc.cpu.PpcSupervisor.class, "tlbFlush", ALL);
    /** {@code long mftb(cpu, int upper)}: time base half. */
    static final Helper MFTB = Helper.of(PpcHelpers.class, "mftb", Helper.READS_STATE | Helper.SIDE_EFFECT);

    // ---- Book E (PpcBookESupervisor) ----
    private static Helper booke(String name, int effects) {
        return Helper.of(org.jemu.ppc.cpu.PpcBookESupervisor.class, name, effects);
    }

    /** {@code long mfspr(cpu, int spr)}: a Book E SPR. */
    static final Helper BOOKE_MFSPR = booke("mfspr", Helper.READS_STATE | Helper.SIDE_EFFECT);
    /** {@code void mtspr(cpu, int spr, long v)}: a Book E SPR (timers, TLB flush, interrupt requests). */
    static final Helper BOOKE_MTSPR = booke("mtspr", ALL);
    /** {@code void wrtee(cpu, long v)}: MSR[EE]. */
    static final Helper BOOKE_WRTEE = booke("wrtee", ALL);
    static final Helper BOOKE_RFCI = booke("rfci", ALL);
    static final Helper BOOKE_RFMCI = booke("rfmci", ALL);
    static final Helper BOOKE_RFDI = booke("rfdi", ALL);
    static final Helper BOOKE_TLBWE = booke("tlbwe", ALL);
    static final Helper BOOKE_TLBRE = booke("tlbre", ALL);
    static final Helper BOOKE_TLBSX = booke("tlbsx", ALL);
    static final Helper BOOKE_TLBIVAX = booke("tlbivax", ALL);
    static final Helper BOOKE_TLBILX = booke("tlbilx", ALL);
    static final Helper BOOKE_WAIT = booke("waitForInterrupt", ALL);
    static final Helper BOOKE_MFPMR = booke("mfpmr", Helper.READS_STATE | Helper.SIDE_EFFECT);
    static final Helper BOOKE_MTPMR = booke("mtpmr", ALL);
}
