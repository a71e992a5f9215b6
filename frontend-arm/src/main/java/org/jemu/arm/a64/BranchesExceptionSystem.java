package org.jemu.arm.a64;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.ir.ExitReason;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;

/**
 * Handlers for Arm ARM C4.1.3 "Branches, Exception Generating and System instructions": conditional and
 * unconditional branches, compare/test and branch, exception generation, hints, barriers, PSTATE access,
 * system instructions and system register moves. Each is named after its instruction page in chapter C6.
 *
 * <p>System-level work (system registers, cache and TLB maintenance, exception entry and return, PSCI,
 * waiting) is done by {@link org.jemu.arm.cpu.A64Helpers}; instructions that may change the translation
 * regime, the exception level or the interrupt masks end the block so the loop re-checks them.
 */
public final class BranchesExceptionSystem {
    private BranchesExceptionSystem() {
    }

    /** System register encoding of NZCV (op0=3, op1=3, CRn=4, CRm=2, op2=0) in instruction bits [20:5]. */
    static final int SYSREG_NZCV = 0xda10;

    /** The 16-bit system register / system instruction encoding op0:op1:CRn:CRm:op2 (bits [20:5]). */
    private static int sysreg(A64Translator t) {
        return (t.insn >>> 5) & 0xffff;
    }

    // ---- Conditional branch (immediate) ----------------------------------------------------------------

    /** C6.2 B.cond: branch to {@code PC + imm19*4} if the condition holds. */
    public static boolean B_cond(A64Translator t) {
        long target = t.pc + ((long) t.sf('i') << 2);
        t.b.branch(t.conditionHolds(t.f('c')), target, t.nextPc());
        return true;
    }

    // ---- Unconditional branch (immediate) --------------------------------------------------------------

    /** C6.2 B: branch to {@code PC + imm26*4} (±128 MiB). */
    public static boolean B(A64Translator t) {
        t.b.jump(t.pc + ((long) t.sf('i') << 2));
        return true;
    }

    /** C6.2 BL: {@code X30 = PC + 4}, then branch to {@code PC + imm26*4}. */
    public static boolean BL(A64Translator t) {
        t.writeX(30, t.b.pcConst(t.nextPc()));
        t.b.jump(t.pc + ((long) t.sf('i') << 2));
        return true;
    }

    // ---- Compare and branch / test and branch ----------------------------------------------------------

    /** C6.2 CBZ: branch to {@code PC + imm19*4} if Rt (W or X) is zero. */
    public static boolean CBZ(A64Translator t) {
        return compareBranch(t, Op.EQ);
    }

    /** C6.2 CBNZ: branch to {@code PC + imm19*4} if Rt (W or X) is not zero. */
    public static boolean CBNZ(A64Translator t) {
        return compareBranch(t, Op.NE);
    }

    private static boolean compareBranch(A64Translator t, Op cmp) {
        Type ty = t.regType();
        Inst cond = t.b.cmp(cmp, t.readX(t.f('t'), ty), t.c(ty, 0));
        t.b.branch(cond, t.pc + ((long) t.sf('i') << 2), t.nextPc());
        return true;
    }

    /** C6.2 TBZ: branch to {@code PC + imm14*4} if bit {@code b5:b40} of Rt is 0. */
    public static boolean TBZ(A64Translator t) {
        return testBranch(t, Op.EQ);
    }

    /** C6.2 TBNZ: branch to {@code PC + imm14*4} if bit {@code b5:b40} of Rt is 1. */
    public static boolean TBNZ(A64Translator t) {
        return testBranch(t, Op.NE);
    }

    private static boolean testBranch(A64Translator t, Op cmp) {
        int bit = t.f('b');
        IrBuilder b = t.b;
        Inst v = b.and(t.readX(t.f('t'), Type.I64), t.c(Type.I64, 1L << bit));
        b.branch(b.cmp(cmp, v, t.c(Type.I64, 0)), t.pc + ((long) t.sf('i') << 2), t.nextPc());
        return true;
    }

    // ---- Unconditional branch (register) ---------------------------------------------------------------

    /** C6.2 BR: branch to the address in Xn. */
    public static boolean BR(A64Translator t) {
        t.b.jumpIndirect(t.readX(t.f('n'), Type.I64));
        return true;
    }

    /** C6.2 BLR: {@code X30 = PC + 4}, then branch to the address Xn held before the write. */
    public static boolean BLR(A64Translator t) {
        Inst target = t.readX(t.f('n'), Type.I64);
        t.writeX(30, t.b.pcConst(t.nextPc()));
        t.b.jumpIndirect(target);
        return true;
    }

    /** C6.2 RET: branch to the address in Xn (X30 by default), hinting a subroutine return. */
    public static boolean RET(A64Translator t) {
        t.b.jumpIndirect(t.readX(t.f('n'), Type.I64));
        return true;
    }

    /** C6.2 ERET: exception return from ELR_ELx/SPSR_ELx (UNDEFINED at EL0; the helper checks). */
    public static boolean ERET(A64Translator t) {
        t.b.call(A64HelperRefs.ERET);
        t.b.exitState(ExitReason.EXCEPTION);
        return true;
    }

    // ---- Exception generation ------------------------------------------------------------------------

    private static boolean exceptionGen(A64Translator t, Helper h) {
        t.b.call(h, t.b.c32(t.f('i')));
        t.endBlockRecheck();
        return true;
    }

    /** C6.2 SVC: supervisor call (exception to EL1 with the 16-bit immediate in the syndrome). */
    public static boolean SVC(A64Translator t) {
        return exceptionGen(t, A64HelperRefs.SVC);
    }

    /** C6.2 HVC: hypervisor call (or PSCI, performed by the helper, which then returns normally). */
    public static boolean HVC(A64Translator t) {
        return exceptionGen(t, A64HelperRefs.HVC);
    }

    /** C6.2 SMC: secure monitor call (or PSCI, performed by the helper, which then returns normally). */
    public static boolean SMC(A64Translator t) {
        return exceptionGen(t, A64HelperRefs.SMC);
    }

    /** C6.2 BRK: breakpoint instruction exception. */
    public static boolean BRK(A64Translator t) {
        return exceptionGen(t, A64HelperRefs.BRK);
    }

    /** C6.2 HLT: halting debug event (UNDEFINED when halting debug is disabled; the helper decides). */
    public static boolean HLT(A64Translator t) {
        return exceptionGen(t, A64HelperRefs.HLT);
    }

    /** C6.2 DCPS1, DCPS2, DCPS3: UNDEFINED outside Debug state, which is not emulated (LL = 00 is unallocated). */
    public static boolean DCPS(A64Translator t) {
        if (t.f('l') == 0) {
            return false;
        }
        t.undefined();
        return true;
    }

    /** C6.2 DRPS: UNDEFINED outside Debug state. */
    public static boolean DRPS(A64Translator t) {
        t.undefined();
        return true;
    }

    /** C6.2 UDF: permanently undefined. */
    public static boolean UDF(A64Translator t) {
        t.undefined();
        return true;
    }

    // ---- Hints ---------------------------------------------------------------------------------------

    /** C6.2 HINT: hints without an ARMv8.0 meaning (and later hints such as BTI, PACIASP) execute as NOP. */
    public static boolean HINT(A64Translator t) {
        return true;
    }

    /** C6.2 NOP. */
    public static boolean NOP(A64Translator t) {
        return true;
    }

    /** C6.2 YIELD: a NOP that ends the block so other vCPUs get to run (spin loops). */
    public static boolean YIELD(A64Translator t) {
        t.b.exit(t.nextPc(), ExitReason.YIELD);
        return true;
    }

    /** C6.2 WFE: wait for event (the helper consumes a pending event or halts the CPU). */
    public static boolean WFE(A64Translator t) {
        t.b.call(A64HelperRefs.WFE);
        t.b.exit(t.nextPc(), ExitReason.HALT);
        return true;
    }

    /** C6.2 WFI: wait for interrupt (the helper halts the CPU unless an interrupt is pending or it traps). */
    public static boolean WFI(A64Translator t) {
        t.b.call(A64HelperRefs.WFI);
        t.b.exit(t.nextPc(), ExitReason.HALT);
        return true;
    }

    /** C6.2 SEV: send an event to all PEs. */
    public static boolean SEV(A64Translator t) {
        t.b.call(A64HelperRefs.SEV);
        return true;
    }

    /**
     * C6.2 SEVL: send an event locally. Implemented as SEV: events to other PEs only cause spurious
     * wake-ups from WFE, which the architecture permits.
     */
    public static boolean SEVL(A64Translator t) {
        t.b.call(A64HelperRefs.SEV);
        return true;
    }

    // ---- Barriers ------------------------------------------------------------------------------------

    /** C6.2 CLREX: clears the local exclusive monitor (EXCL_ARMED = 0). */
    public static boolean CLREX(A64Translator t) {
        t.b.setReg(Aarch64Cpu.EXCL_ARMED, t.b.c32(0));
        return true;
    }

    /** C6.2 DSB: a no-op, since the emulated memory system is sequentially consistent per vCPU. */
    public static boolean DSB(A64Translator t) {
        return true;
    }

    /** C6.2 DMB: a no-op (see DSB). */
    public static boolean DMB(A64Translator t) {
        return true;
    }

    /**
     * C6.2 ISB: ends the block with a direct jump to the next instruction, so that context changes
     * (self-modifying code made visible by IC IVAU) are seen by the next instruction: it is fetched from a
     * block looked up anew (or a chained block that is still valid). System register writes end their own
     * blocks.
     */
    public static boolean ISB(A64Translator t) {
        t.b.jump(t.nextPc());
        return true;
    }

    // ---- PSTATE ----------------------------------------------------------------------------------------

    /** C6.2 MSR (immediate): writes a PSTATE field (SPSel, DAIFSet, DAIFClr, ...); ends the block. */
    public static boolean MSR_imm(A64Translator t) {
        IrBuilder b = t.b;
        b.call(A64HelperRefs.MSR_IMM, b.c32(t.f('o')), b.c32(t.f('m')), b.c32(t.f('p')));
        t.endBlockRecheck();
        return true;
    }

    // ---- System instructions ---------------------------------------------------------------------------

    /**
     * C6.2 SYS: cache maintenance (DC, IC), address translation (AT) and TLB maintenance (TLBI). DC ZVA
     * zeroes memory through its own helper. DC operations continue the block; the others may change
     * translations or code, so they end it.
     */
    public static boolean SYS(A64Translator t) {
        IrBuilder b = t.b;
        int op1 = t.f('o');
        int crn = t.f('n');
        int crm = t.f('m');
        int op2 = t.f('p');
        Inst xt = t.readX(t.f('t'), Type.I64);
        if (op1 == 3 && crn == 7 && crm == 4 && op2 == 1) {
            b.call(A64HelperRefs.DC_ZVA, xt);
            return true;
        }
        b.call(A64HelperRefs.SYS, b.c32(sysreg(t)), xt);
        boolean dc = crn == 7 && (crm == 4 || crm == 6 || crm == 10 || crm == 11 || crm == 12 || crm == 13
                || crm == 14);
        if (!dc) {
            t.endBlockRecheck();
        }
        return true;
    }

    /** C6.2 SYSL: system instruction with result ({@code Xt = helper}); none is defined in ARMv8.0. */
    public static boolean SYSL(A64Translator t) {
        IrBuilder b = t.b;
        Inst r = b.call(A64HelperRefs.SYSL, b.c32(sysreg(t)));
        t.writeX(t.f('t'), r);
        t.endBlockRecheck();
        return true;
    }

    // ---- System register move --------------------------------------------------------------------------

    /**
     * C6.2 MSR (register): writes Xt to a system register; ends the block (the write may change the
     * translation regime, the interrupt masks or the timers). NZCV is written directly to the flag slots.
     */
    public static boolean MSR_reg(A64Translator t) {
        IrBuilder b = t.b;
        int reg = sysreg(t);
        Inst xt = t.readX(t.f('t'), Type.I64);
        if (reg == SYSREG_NZCV) {
            Inst w = b.trunc(xt);
            Inst one = b.c32(1);
            t.setNZCV(b.and(b.lshr(w, b.c32(31)), one), b.and(b.lshr(w, b.c32(30)), one),
                    b.and(b.lshr(w, b.c32(29)), one), b.and(b.lshr(w, b.c32(28)), one));
            return true;
        }
        b.call(A64HelperRefs.MSR, b.c32(reg), xt);
        t.endBlockRecheck();
        return true;
    }

    /** C6.2 MRS: reads a system register into Xt. NZCV is read directly from the flag slots. */
    public static boolean MRS(A64Translator t) {
        IrBuilder b = t.b;
        int reg = sysreg(t);
        Inst v;
        if (reg == SYSREG_NZCV) {
            Inst n = b.shl(b.get32(Aarch64Cpu.NF), b.c32(31));
            Inst z = b.shl(b.get32(Aarch64Cpu.ZF), b.c32(30));
            Inst c = b.shl(b.get32(Aarch64Cpu.CF), b.c32(29));
            Inst vv = b.shl(b.get32(Aarch64Cpu.VF), b.c32(28));
            v = b.zext32(b.or(b.or(n, z), b.or(c, vv)));
        } else {
            v = b.call(A64HelperRefs.MRS, b.c32(reg));
        }
        t.writeX(t.f('t'), v);
        return true;
    }
}
