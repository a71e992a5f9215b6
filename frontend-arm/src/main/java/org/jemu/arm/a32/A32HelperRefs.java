package org.jemu.arm.a32;

import org.jemu.arm.cpu.A32Helpers;
import org.jemu.arm.cpu.A64Helpers;
import org.jemu.translator.ir.Helper;

/** The {@link Helper} descriptors the A32 translator calls, with their declared effects. */
final class A32HelperRefs {
    private A32HelperRefs() {
    }

    /** Effects of helpers that may change anything (exception entry). */
    static final int ALL = Helper.WRITES_STATE | Helper.MAY_FAULT | Helper.SIDE_EFFECT;

    /** {@code void undefined(cpu, int insn)}: the UNDEFINED exception (EC 0), shared with A64. */
    static final Helper UNDEFINED = Helper.of(A64Helpers.class, "undefined", ALL);
    /** {@code void fpTrap(cpu, int insn)}: the SIMD&FP access trap (EC 0x07), shared with A64. */
    static final Helper FP_TRAP = Helper.of(A64Helpers.class, "fpTrap", ALL);
    /** {@code void svc(cpu, int pass, int imm, int insnBytes, int itAfter)}. */
    static final Helper SVC = Helper.of(A32Helpers.class, "svc", ALL);
    /** {@code void bkpt(cpu, int imm16)}. */
    static final Helper BKPT = Helper.of(A32Helpers.class, "bkpt", ALL);
    /** {@code int strex(cpu, int pass, long addr, long value, int size)}. */
    static final Helper STREX = Helper.of(A32Helpers.class, "strex", ALL);
    /** {@code int strexd(cpu, int pass, long addr, long lo, long hi)}. */
    static final Helper STREXD = Helper.of(A32Helpers.class, "strexd", ALL);
    /** {@code void ldrexdMonitor(cpu, int pass, long addr, long lo, long hi)}. */
    static final Helper LDREXD_MONITOR = Helper.of(A32Helpers.class, "ldrexdMonitor",
            Helper.WRITES_STATE | Helper.SIDE_EFFECT);
    /** {@code void wfi(cpu)}, {@code void wfe(cpu)}, {@code void sev(cpu)}: shared with A64. */
    static final Helper WFI = Helper.of(A64Helpers.class, "wfi", ALL);
    static final Helper WFE = Helper.of(A64Helpers.class, "wfe", ALL);
    static final Helper SEV = Helper.of(A64Helpers.class, "sev", Helper.WRITES_STATE | Helper.SIDE_EFFECT);
    /** {@code void align(cpu, long addr, int bytes, int mmuIdx)}: alignment check wider than one access. */
    static final Helper ALIGN = Helper.of(org.jemu.arm.a64.A64Checks.class, "align", Helper.MAY_FAULT_ONLY);
}
