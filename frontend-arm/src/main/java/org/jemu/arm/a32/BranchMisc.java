package org.jemu.arm.a32;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.ir.ExitReason;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;

/**
 * A32 branches (DDI 0406C A5.5: B, BL; A5.7 BLX (immediate); A5.2.12 BX, BXJ, BLX (register)), the
 * exception-generating instructions (SVC A8.8.228, BKPT A8.8.24, UDF A8.8.247), the user-level
 * status-register moves (MRS A8.8.108, MSR (immediate) A8.8.111, MSR (register) A8.8.112, both APSR only),
 * hints (A5.2.11) and the A5.7 unconditional barriers, CLREX and preloads.
 */
public final class BranchMisc {
    private BranchMisc() {
    }

    /** SignExtend(imm24:'00') + 8 + the instruction address: the target of B, BL, BLX (immediate). */
    private static long target(A32Translator t) {
        int imm24 = t.f('i');
        return t.pc + 8 + ((long) (imm24 << 8) >> 6);
    }

    /** A8.8.18 B: BranchWritePC(PC + imm32), conditional. */
    public static boolean B(A32Translator t) {
        t.branchImm(target(t), false);
        return true;
    }

    /** A8.8.25 BL (encoding A1): LR = the next instruction, then branch (A32 to A32). */
    public static boolean BL(A32Translator t) {
        t.writeR(14, t.pcConst32(t.nextPc()));
        t.branchImm(target(t), false);
        return true;
    }

    /** A8.8.25 BLX (immediate) (encoding A2): LR = next instruction, branch to T32 code at PC + imm32 + H:'0'. */
    public static boolean BLX_imm(A32Translator t) {
        long target = target(t) + (t.bit(24) << 1);
        t.writeR(14, t.pcConst32(t.nextPc()));
        t.branchImm(target, true);
        return true;
    }

    /** A8.8.27 BX (and BXJ, A8.8.28, which is BX without Jazelle): BXWritePC(R[m]). */
    public static boolean BX(A32Translator t) {
        t.writePc(t.readR(t.f('m')));
        return true;
    }

    /** A8.8.26 BLX (register): target = R[m]; LR = next instruction; BXWritePC(target); m = 15 UNPREDICTABLE. */
    public static boolean BLX_reg(A32Translator t) {
        int m = t.f('m');
        if (m == 15) {
            return false;
        }
        Inst target = t.readR(m);
        t.writeR(14, t.pcConst32(t.nextPc()));
        t.writePc(target);
        return true;
    }

    /**
     * A8.8.228 SVC: Supervisor Call, taken to AArch64 EL1 as EC 0x11 with imm24[15:0] (T32: imm8);
     * conditional (the helper does nothing when the condition fails). The exception's saved ITSTATE is the
     * advanced one (AArch64.CallSupervisor does AArch32.ITAdvance first). Ends the block.
     */
    public static boolean SVC(A32Translator t) {
        t.b.call(A32HelperRefs.SVC, t.passValue(), t.c(t.f('i')), t.c(t.insnLen), t.c(t.itAfter));
        t.jumpTo(t.nextPc());
        return true;
    }

    /** Flag added to BKPT's immediate for the 16-bit T32 encoding ({@link org.jemu.arm.cpu.A32Helpers#bkpt}). */
    private static final int BKPT_T16 = 1 << 16;

    /**
     * A8.8.24 BKPT: Breakpoint Instruction exception with imm12:imm4 (T32: imm8); an A32 cond other than AL
     * is UNPREDICTABLE; in T32 BKPT is unconditional even inside an IT block.
     */
    public static boolean BKPT(A32Translator t) {
        if (!t.thumb && t.bits(31, 28) != 0xe) {
            return false;
        }
        t.b.call(A32HelperRefs.BKPT, t.c(t.f('i') | (t.thumb ? BKPT_T16 : 0)));
        t.b.exit(t.pc, ExitReason.EXCEPTION);
        return true;
    }

    /** A8.8.247 UDF: permanently UNDEFINED. */
    public static boolean UDF(A32Translator t) {
        return false;
    }

    /**
     * A8.8.108 MRS (APSR): R[d] = the APSR: N, Z, C, V, Q (bits 31:27), GE (19:16); at EL0 E, A, I, F are
     * UNKNOWN (DDI 0487 F5.1.118) and read as 0 here, the mode bits as User (0b10000, as Linux compat
     * expects); the execution state bits IT, J, T read as zero. d = 15 is UNPREDICTABLE.
     */
    public static boolean MRS(A32Translator t) {
        int d = t.f('d');
        if (d == 15) {
            return false;
        }
        if (Aarch64Cpu.flagsEl(t.flags) > 0) {
            return SystemInsns.mrsCpsr(t);
        }
        IrBuilder b = t.b;
        Inst v = b.or(b.shl(b.get32(Aarch64Cpu.NF), t.c(31)), b.shl(b.get32(Aarch64Cpu.ZF), t.c(30)));
        v = b.or(v, b.shl(b.get32(Aarch64Cpu.CF), t.c(29)));
        v = b.or(v, b.shl(b.get32(Aarch64Cpu.VF), t.c(28)));
        v = b.or(v, b.shl(b.get32(Aarch64Cpu.QF), t.c(27)));
        v = b.or(v, b.shl(b.get32(Aarch64Cpu.GE), t.c(16)));
        v = b.or(v, t.c(0x10));
        t.writeR(d, v);
        return true;
    }

    /** Writes NZCVQ (mask bit 1, bits [31:27] of {@code v}) and/or GE (mask bit 0, bits [19:16]). */
    private static void writeApsr(A32Translator t, int mask, Inst v) {
        if ((mask & 2) != 0) {
            t.setSlot(Aarch64Cpu.NF, t.bitOf(v, 31));
            t.setSlot(Aarch64Cpu.ZF, t.bitOf(v, 30));
            t.setSlot(Aarch64Cpu.CF, t.bitOf(v, 29));
            t.setSlot(Aarch64Cpu.VF, t.bitOf(v, 28));
            t.setSlot(Aarch64Cpu.QF, t.bitOf(v, 27));
        }
        if ((mask & 1) != 0) {
            t.setSlot(Aarch64Cpu.GE, t.b.and(t.b.lshr(v, t.c(16)), t.c(0xf)));
        }
    }

    /**
     * A8.8.111 MSR (immediate), APSR form: mask bits write_nzcvq (bit 19) and write_g (bit 18) with
     * ARMExpandImm(imm12). A mask of 00 is the hint space (A5.2.11): the unallocated hints are NOPs.
     */
    public static boolean MSR_imm(A32Translator t) {
        int mask = t.f('m');
        if (mask != 0) {
            writeApsr(t, mask, t.c(A32Translator.expandImmValue(t.f('i'))));
        }
        return true;
    }

    /** A8.8.112 MSR (register), APSR form; a mask of 00 or n = 15 is UNPREDICTABLE. */
    public static boolean MSR_reg(A32Translator t) {
        int mask = t.f('m');
        if (mask == 0 || t.f('n') == 15) {
            return false;
        }
        writeApsr(t, mask, t.readR(t.f('n')));
        return true;
    }

    /** A8.8.119 NOP, A8.8.426 YIELD, A8.8.42 DBG: no effect. */
    public static boolean NOP(A32Translator t) {
        return true;
    }

    /**
     * A8.8.425 WFI: the AArch64 WFI helper (traps per SCTLR_EL1.nTWI, else halts until an interrupt). A
     * conditional WFI is a NOP (WFI may always complete at once).
     */
    public static boolean WFI(A32Translator t) {
        if (!t.conditional()) {
            t.b.call(A32HelperRefs.WFI);
            t.exitNext(ExitReason.HALT);
        }
        return true;
    }

    /** A8.8.424 WFE: as WFI with the event register; a conditional WFE is a NOP (a spurious wake-up). */
    public static boolean WFE(A32Translator t) {
        if (!t.conditional()) {
            t.b.call(A32HelperRefs.WFE);
            t.exitNext(ExitReason.HALT);
        }
        return true;
    }

    /** A8.8.168 SEV: sets the event register of every PE; a conditional SEV only when it passes is not modelled (NOP). */
    public static boolean SEV(A32Translator t) {
        if (!t.conditional()) {
            t.b.call(A32HelperRefs.SEV);
        }
        return true;
    }

    /** A8.8.32 CLREX: clears the local exclusive monitor. */
    public static boolean CLREX(A32Translator t) {
        t.b.setReg(Aarch64Cpu.EXCL_ARMED, t.c(0));
        return true;
    }

    /** A8.8.44 DMB, A8.8.46 DSB: accesses are sequentially consistent in jemu, so no effect. */
    public static boolean BARRIER(A32Translator t) {
        return true;
    }

    /** A8.8.54 ISB: ends the block so that later instructions see context changes. */
    public static boolean ISB(A32Translator t) {
        t.endBlockRecheck();
        return true;
    }

    /** A8.8.128-130 PLD, PLDW, PLI: hints without any access or fault. */
    public static boolean PRELOAD(A32Translator t) {
        return true;
    }
}
