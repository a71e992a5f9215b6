package org.jemu.arm.a64;

import org.jemu.arm.cpu.A64Helpers;
import org.jemu.translator.ir.Helper;

/**
 * The {@link Helper} descriptors the A64 translator calls, with their declared effects: the system-level
 * helpers of {@link A64Helpers} (written with the CPU model) and the pure {@link A64Crc} helpers. Resolved
 * once, when the translator is first used; a missing helper fails loudly at that point.
 */
final class A64HelperRefs {
    private A64HelperRefs() {
    }

    /** Effects of helpers that may change anything: mode, MMU, interrupt masks, the PC, devices. */
    static final int ALL = Helper.WRITES_STATE | Helper.MAY_FAULT | Helper.SIDE_EFFECT;

    /** {@code long mrs(cpu, int sysreg)}: C6.2 MRS; may trap (reads state, may fault). */
    static final Helper MRS = Helper.of(A64Helpers.class, "mrs", Helper.MAY_FAULT | Helper.SIDE_EFFECT);
    /** {@code void msr(cpu, int sysreg, long value)}: C6.2 MSR (register). */
    static final Helper MSR = Helper.of(A64Helpers.class, "msr", ALL);
    /** {@code void msrImm(cpu, int op1, int crm, int op2)}: C6.2 MSR (immediate). */
    static final Helper MSR_IMM = Helper.of(A64Helpers.class, "msrImm", ALL);
    /** {@code void sys(cpu, int sysreg, long xt)}: C6.2 SYS (DC, IC, AT, TLBI). */
    static final Helper SYS = Helper.of(A64Helpers.class, "sys", ALL);
    /** {@code long sysl(cpu, int sysreg)}: C6.2 SYSL. */
    static final Helper SYSL = Helper.of(A64Helpers.class, "sysl", ALL);
    /** {@code void dcZva(cpu, long vaddr)}: C6.2 DC ZVA (zeroes a block of memory). */
    static final Helper DC_ZVA = Helper.of(A64Helpers.class, "dcZva", Helper.MAY_FAULT | Helper.SIDE_EFFECT);
    /** Exception-generating instructions, C6.2 SVC/HVC/SMC/BRK/HLT: {@code void x(cpu, int imm16)}. */
    static final Helper SVC = Helper.of(A64Helpers.class, "svc", ALL);
    static final Helper HVC = Helper.of(A64Helpers.class, "hvc", ALL);
    static final Helper SMC = Helper.of(A64Helpers.class, "smc", ALL);
    static final Helper BRK = Helper.of(A64Helpers.class, "brk", ALL);
    static final Helper HLT = Helper.of(A64Helpers.class, "hlt", ALL);
    /** {@code void undefined(cpu, int insn)}: raises the UNDEFINED exception (always throws). */
    static final Helper UNDEFINED = Helper.of(A64Helpers.class, "undefined", ALL);
    /** {@code void fpTrap(cpu, int insn)}: SIMD&FP access trap, EC 0x07 (always throws). */
    static final Helper FP_TRAP = Helper.of(A64Helpers.class, "fpTrap", ALL);
    /** {@code void eret(cpu)}: C6.2 ERET (exception return; writes the PC). */
    static final Helper ERET = Helper.of(A64Helpers.class, "eret", ALL);
    /** C6.2 WFI, WFE, SEV: {@code void x(cpu)} (SEVL also calls {@code sev}: a spurious event is allowed). */
    static final Helper WFI = Helper.of(A64Helpers.class, "wfi", ALL);
    static final Helper WFE = Helper.of(A64Helpers.class, "wfe", ALL);
    static final Helper SEV = Helper.of(A64Helpers.class, "sev", Helper.WRITES_STATE | Helper.SIDE_EFFECT);
    /**
     * {@code int stxr(cpu, long addr, long value, int size, int release)}: C6.2 STXR/STLXR, returns the
     * status (0 stored, 1 failed) and always clears the monitor.
     */
    static final Helper STXR = Helper.of(A64Helpers.class, "stxr", ALL);
    /** {@code int stxp(cpu, long addr, long lo, long hi, int size)}: C6.2 STXP/STLXP ({@code size} per register). */
    static final Helper STXP = Helper.of(A64Helpers.class, "stxp", ALL);
    /** {@code void ldxpMonitor(cpu, long addr, long lo, long hi)}: arms the monitor for LDXP/LDAXP. */
    static final Helper LDXP_MONITOR = Helper.of(A64Helpers.class, "ldxpMonitor", Helper.WRITES_STATE | Helper.SIDE_EFFECT);

    /** {@code void spAlign(cpu, long sp)}: SP alignment check of SP-based loads and stores (SCTLR.SA). */
    static final Helper SP_ALIGN = Helper.of(A64Checks.class, "spAlign", Helper.MAY_FAULT_ONLY).guardedBy(15);

    /** {@code void align(cpu, long addr, int bytes, int mmuIdx)}: alignment check wider than one access. */
    static final Helper ALIGN = Helper.of(A64Checks.class, "align", Helper.MAY_FAULT_ONLY);

    /** Pure CRC-32 helpers (C6.2 CRC32B..CRC32CX). */
    static final Helper CRC32 = Helper.of(A64Crc.class, "crc32", 0);
    static final Helper CRC32C = Helper.of(A64Crc.class, "crc32c", 0);
}
