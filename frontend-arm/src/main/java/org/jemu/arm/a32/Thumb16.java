package org.jemu.arm.a32;

import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.Op;

/**
 * The 16-bit T32 encodings (DDI 0406C A6.2) that need their own decoding: their operations are the shared
 * A32 ones ({@link DataProcessing#op}, {@link LoadStore#single}, {@link LoadStore#ldm}, {@link Media#extend},
 * ...). Registers are 32-bit; R0..R7 unless a field is 4 bits wide.
 *
 * <p><b>Flags</b> (A6.2.1, A6.2.2; the A8 pages' {@code setflags = !InITBlock()}): the 16-bit
 * data-processing instructions set the flags outside an IT block and leave them alone inside one; CMP, CMN
 * and TST always set them; ADD (register) T2 and MOV (register) T1 (the high-register forms) never do, and
 * MOVS Rd, Rm (MOV (register) T2) is UNPREDICTABLE inside an IT block.
 */
public final class Thumb16 {
    private Thumb16() {
    }

    /** setflags of the flag-setting 16-bit data-processing encodings: !InITBlock(). */
    private static boolean s(A32Translator t) {
        return !t.inItBlock();
    }

    private static A32Translator.Shifted reg(A32Translator t, int r) {
        return new A32Translator.Shifted(t.readR(r), null);
    }

    private static A32Translator.Shifted imm(A32Translator t, int v) {
        return new A32Translator.Shifted(t.c(v), null);
    }

    private static boolean shiftImm(A32Translator t, int type) {
        return DataProcessing.op(t, DataProcessing.MOV, s(t), t.f('d'), -1,
                t.shiftImm(t.readR(t.f('m')), type, t.f('i')));
    }

    /** A8.8.94 LSL (immediate) T1: Rd = Rm LSL imm5 (imm5 = 0 is MOV (register) T2). */
    public static boolean LSL_imm(A32Translator t) {
        return shiftImm(t, 0);
    }

    /** A8.8.96 LSR (immediate) T1 (imm5 = 0 means 32). */
    public static boolean LSR_imm(A32Translator t) {
        return shiftImm(t, 1);
    }

    /** A8.8.16 ASR (immediate) T1 (imm5 = 0 means 32). */
    public static boolean ASR_imm(A32Translator t) {
        return shiftImm(t, 2);
    }

    /** A8.8.103 MOV (register) T2 (MOVS Rd, Rm): always sets N, Z; UNPREDICTABLE inside an IT block. */
    public static boolean MOV_reg_T2(A32Translator t) {
        if (t.inItBlock()) {
            return false;
        }
        return DataProcessing.op(t, DataProcessing.MOV, true, t.f('d'), -1, reg(t, t.f('m')));
    }

    /** A8.8.6 ADD (register) T1: Rd = Rn + Rm. */
    public static boolean ADD_reg_T1(A32Translator t) {
        return DataProcessing.op(t, DataProcessing.ADD, s(t), t.f('d'), t.f('n'), reg(t, t.f('m')));
    }

    /** A8.8.223 SUB (register) T1: Rd = Rn - Rm. */
    public static boolean SUB_reg_T1(A32Translator t) {
        return DataProcessing.op(t, DataProcessing.SUB, s(t), t.f('d'), t.f('n'), reg(t, t.f('m')));
    }

    /** A8.8.4 ADD (immediate, Thumb) T1: Rd = Rn + imm3. */
    public static boolean ADD_imm_T1(A32Translator t) {
        return DataProcessing.op(t, DataProcessing.ADD, s(t), t.f('d'), t.f('n'), imm(t, t.f('i')));
    }

    /** A8.8.221 SUB (immediate, Thumb) T1: Rd = Rn - imm3. */
    public static boolean SUB_imm_T1(A32Translator t) {
        return DataProcessing.op(t, DataProcessing.SUB, s(t), t.f('d'), t.f('n'), imm(t, t.f('i')));
    }

    /** A8.8.102 MOV (immediate) T1: Rd = imm8 (C unchanged). */
    public static boolean MOV_imm_T1(A32Translator t) {
        return DataProcessing.op(t, DataProcessing.MOV, s(t), t.f('d'), -1, imm(t, t.f('i')));
    }

    /** A8.8.37 CMP (immediate) T1. */
    public static boolean CMP_imm_T1(A32Translator t) {
        return DataProcessing.op(t, DataProcessing.CMP, true, -1, t.f('n'), imm(t, t.f('i')));
    }

    /** A8.8.4 ADD (immediate, Thumb) T2: Rdn = Rdn + imm8. */
    public static boolean ADD_imm_T2(A32Translator t) {
        int d = t.f('d');
        return DataProcessing.op(t, DataProcessing.ADD, s(t), d, d, imm(t, t.f('i')));
    }

    /** A8.8.221 SUB (immediate, Thumb) T2: Rdn = Rdn - imm8. */
    public static boolean SUB_imm_T2(A32Translator t) {
        int d = t.f('d');
        return DataProcessing.op(t, DataProcessing.SUB, s(t), d, d, imm(t, t.f('i')));
    }

    private static boolean dp(A32Translator t, int opc) {
        int d = t.f('d');
        return DataProcessing.op(t, opc, s(t), d, d, reg(t, t.f('m')));
    }

    /** A8.8.14 AND (register) T1: Rdn = Rdn AND Rm. */
    public static boolean AND_reg(A32Translator t) {
        return dp(t, DataProcessing.AND);
    }

    /** A8.8.47 EOR (register) T1. */
    public static boolean EOR_reg(A32Translator t) {
        return dp(t, DataProcessing.EOR);
    }

    /** A8.8.2 ADC (register) T1. */
    public static boolean ADC_reg(A32Translator t) {
        return dp(t, DataProcessing.ADC);
    }

    /** A8.8.163 SBC (register) T1. */
    public static boolean SBC_reg(A32Translator t) {
        return dp(t, DataProcessing.SBC);
    }

    /** A8.8.123 ORR (register) T1. */
    public static boolean ORR_reg(A32Translator t) {
        return dp(t, DataProcessing.ORR);
    }

    /** A8.8.22 BIC (register) T1. */
    public static boolean BIC_reg(A32Translator t) {
        return dp(t, DataProcessing.BIC);
    }

    /** A8.8.116 MVN (register) T1: Rd = NOT Rm. */
    public static boolean MVN_reg(A32Translator t) {
        return DataProcessing.op(t, DataProcessing.MVN, s(t), t.f('d'), -1, reg(t, t.f('m')));
    }

    private static boolean shiftReg(A32Translator t, int type) {
        int d = t.f('d');
        return DataProcessing.op(t, DataProcessing.MOV, s(t), d, -1, t.shiftReg(t.readR(d), type, t.readR(t.f('m'))));
    }

    /** A8.8.95 LSL (register) T1: Rdn = Rdn LSL Rm&lt;7:0&gt;. */
    public static boolean LSL_reg(A32Translator t) {
        return shiftReg(t, 0);
    }

    /** A8.8.97 LSR (register) T1. */
    public static boolean LSR_reg(A32Translator t) {
        return shiftReg(t, 1);
    }

    /** A8.8.17 ASR (register) T1. */
    public static boolean ASR_reg(A32Translator t) {
        return shiftReg(t, 2);
    }

    /** A8.8.150 ROR (register) T1. */
    public static boolean ROR_reg(A32Translator t) {
        return shiftReg(t, 3);
    }

    /** A8.8.241 TST (register) T1: flags of Rn AND Rm. */
    public static boolean TST_reg(A32Translator t) {
        return DataProcessing.op(t, DataProcessing.TST, true, -1, t.f('n'), reg(t, t.f('m')));
    }

    /** A8.8.38 CMP (register) T1. */
    public static boolean CMP_reg_T1(A32Translator t) {
        return DataProcessing.op(t, DataProcessing.CMP, true, -1, t.f('n'), reg(t, t.f('m')));
    }

    /** A8.8.35 CMN (register) T1. */
    public static boolean CMN_reg(A32Translator t) {
        return DataProcessing.op(t, DataProcessing.CMN, true, -1, t.f('n'), reg(t, t.f('m')));
    }

    /** A8.8.152 RSB (immediate) T1: Rd = 0 - Rn (RSBS Rd, Rn, #0 outside IT blocks). */
    public static boolean RSB_imm_T1(A32Translator t) {
        return DataProcessing.op(t, DataProcessing.RSB, s(t), t.f('d'), t.f('n'), imm(t, 0));
    }

    /** A8.8.114 MUL T1: Rdm = Rn * Rdm; N, Z outside IT blocks (C, V unchanged). */
    public static boolean MUL_T1(A32Translator t) {
        int d = t.f('d');
        Inst r = t.b.binary(Op.MUL, t.readR(t.f('n')), t.readR(d));
        if (s(t)) {
            t.setNZ(r);
        }
        t.writeR(d, r);
        return true;
    }

    /**
     * A8.8.6 ADD (register) T2 (and A8.8.9 ADD (SP plus register) T1/T2): Rdn = Rdn + Rm, no flags; a
     * destination of PC is ALUWritePC (BranchWritePC in Thumb state), allowed outside an IT block or last in
     * one; Rdn and Rm both PC is UNPREDICTABLE.
     */
    public static boolean ADD_reg_T2(A32Translator t) {
        int d = t.f('d');
        int m = t.f('m');
        if ((d == 15 && m == 15) || (d == 15 && !t.mayBranch())) {
            return false;
        }
        Inst r = t.b.add(t.readR(d), t.readR(m));
        if (d == 15) {
            t.writePcBranch(r);
        } else {
            t.writeR(d, r);
        }
        return true;
    }

    /** A8.8.38 CMP (register) T2: high registers; both low, or either the PC, is UNPREDICTABLE. */
    public static boolean CMP_reg_T2(A32Translator t) {
        int n = t.f('n');
        int m = t.f('m');
        if ((n < 8 && m < 8) || n == 15 || m == 15) {
            return false;
        }
        return DataProcessing.op(t, DataProcessing.CMP, true, -1, n, reg(t, m));
    }

    /** A8.8.103 MOV (register) T1: Rd = Rm, no flags; Rd = PC is BranchWritePC (outside IT, or last in it). */
    public static boolean MOV_reg_T1(A32Translator t) {
        int d = t.f('d');
        if (d == 15 && !t.mayBranch()) {
            return false;
        }
        Inst v = t.readR(t.f('m'));
        if (d == 15) {
            t.writePcBranch(v);
        } else {
            t.writeR(d, v);
        }
        return true;
    }

    /**
     * A8.8.27 BX T1: BXWritePC(Rm) (bit 0 selects the instruction set); inside an IT block only as the last
     * instruction; BX PC from a halfword-aligned (not word-aligned) address is UNPREDICTABLE.
     */
    public static boolean BX(A32Translator t) {
        int m = t.f('m');
        if (!t.mayBranch() || (m == 15 && (t.pcValue() & 2) != 0)) {
            return false;
        }
        t.writePc(t.readR(m));
        return true;
    }

    /** A8.8.26 BLX (register) T1: LR = next instruction | 1, BXWritePC(Rm); Rm = PC is UNPREDICTABLE. */
    public static boolean BLX_reg(A32Translator t) {
        int m = t.f('m');
        if (m == 15 || !t.mayBranch()) {
            return false;
        }
        Inst target = t.readR(m);
        t.writeR(14, t.pcConst32(t.nextPc() | 1));
        t.writePc(target);
        return true;
    }

    private static boolean ls(A32Translator t, boolean load, LoadStore.Kind kind, int n, int rt, Inst offset) {
        LoadStore.single(t, load, kind, n, rt, offset, true, true, false, false);
        return true;
    }

    /** A8.8.64 LDR (literal) T1: Rt = [Align(PC, 4) + imm8 * 4]. */
    public static boolean LDR_lit(A32Translator t) {
        return ls(t, true, LoadStore.Kind.WORD, 15, t.f('t'), t.c(t.f('i') << 2));
    }

    private static boolean lsReg(A32Translator t, boolean load, LoadStore.Kind kind) {
        return ls(t, load, kind, t.f('n'), t.f('t'), t.readR(t.f('m')));
    }

    /** A8.8.205 STR (register) T1: [Rn + Rm] = Rt. */
    public static boolean STR_reg(A32Translator t) {
        return lsReg(t, false, LoadStore.Kind.WORD);
    }

    /** A8.8.218 STRH (register) T1. */
    public static boolean STRH_reg(A32Translator t) {
        return lsReg(t, false, LoadStore.Kind.HALF);
    }

    /** A8.8.208 STRB (register) T1. */
    public static boolean STRB_reg(A32Translator t) {
        return lsReg(t, false, LoadStore.Kind.BYTE);
    }

    /** A8.8.87 LDRSB (register) T1. */
    public static boolean LDRSB_reg(A32Translator t) {
        return lsReg(t, true, LoadStore.Kind.SBYTE);
    }

    /** A8.8.65 LDR (register, Thumb) T1. */
    public static boolean LDR_reg(A32Translator t) {
        return lsReg(t, true, LoadStore.Kind.WORD);
    }

    /** A8.8.83 LDRH (register) T1. */
    public static boolean LDRH_reg(A32Translator t) {
        return lsReg(t, true, LoadStore.Kind.HALF);
    }

    /** A8.8.70 LDRB (register) T1. */
    public static boolean LDRB_reg(A32Translator t) {
        return lsReg(t, true, LoadStore.Kind.BYTE);
    }

    /** A8.8.91 LDRSH (register) T1. */
    public static boolean LDRSH_reg(A32Translator t) {
        return lsReg(t, true, LoadStore.Kind.SHALF);
    }

    private static boolean lsImm(A32Translator t, boolean load, LoadStore.Kind kind, int scale) {
        return ls(t, load, kind, t.f('n'), t.f('t'), t.c(t.f('i') * scale));
    }

    /** A8.8.203 STR (immediate, Thumb) T1: [Rn + imm5 * 4] = Rt. */
    public static boolean STR_imm_T1(A32Translator t) {
        return lsImm(t, false, LoadStore.Kind.WORD, 4);
    }

    /** A8.8.62 LDR (immediate, Thumb) T1. */
    public static boolean LDR_imm_T1(A32Translator t) {
        return lsImm(t, true, LoadStore.Kind.WORD, 4);
    }

    /** A8.8.206 STRB (immediate, Thumb) T1: [Rn + imm5]. */
    public static boolean STRB_imm_T1(A32Translator t) {
        return lsImm(t, false, LoadStore.Kind.BYTE, 1);
    }

    /** A8.8.67 LDRB (immediate, Thumb) T1. */
    public static boolean LDRB_imm_T1(A32Translator t) {
        return lsImm(t, true, LoadStore.Kind.BYTE, 1);
    }

    /** A8.8.216 STRH (immediate, Thumb) T1: [Rn + imm5 * 2]. */
    public static boolean STRH_imm_T1(A32Translator t) {
        return lsImm(t, false, LoadStore.Kind.HALF, 2);
    }

    /** A8.8.80 LDRH (immediate, Thumb) T1. */
    public static boolean LDRH_imm_T1(A32Translator t) {
        return lsImm(t, true, LoadStore.Kind.HALF, 2);
    }

    /** A8.8.203 STR (immediate, Thumb) T2: [SP + imm8 * 4] = Rt. */
    public static boolean STR_imm_T2(A32Translator t) {
        return ls(t, false, LoadStore.Kind.WORD, 13, t.f('t'), t.c(t.f('i') << 2));
    }

    /** A8.8.62 LDR (immediate, Thumb) T2: Rt = [SP + imm8 * 4]. */
    public static boolean LDR_imm_T2(A32Translator t) {
        return ls(t, true, LoadStore.Kind.WORD, 13, t.f('t'), t.c(t.f('i') << 2));
    }

    /** A8.8.12 ADR T1: Rd = Align(PC, 4) + imm8 * 4. */
    public static boolean ADR_T1(A32Translator t) {
        t.writeR(t.f('d'), t.pcConst32((t.pcValue() & ~3L) + (t.f('i') << 2)));
        return true;
    }

    /** A8.8.5 ADD (SP plus immediate) T1: Rd = SP + imm8 * 4 (no flags). */
    public static boolean ADD_SP_imm_T1(A32Translator t) {
        t.writeR(t.f('d'), t.b.add(t.readR(13), t.c(t.f('i') << 2)));
        return true;
    }

    /** A8.8.5 ADD (SP plus immediate) T2: SP = SP + imm7 * 4. */
    public static boolean ADD_SP_imm_T2(A32Translator t) {
        t.writeR(13, t.b.add(t.readR(13), t.c(t.f('i') << 2)));
        return true;
    }

    /** A8.8.225 SUB (SP minus immediate) T1: SP = SP - imm7 * 4. */
    public static boolean SUB_SP_imm_T1(A32Translator t) {
        t.writeR(13, t.b.sub(t.readR(13), t.c(t.f('i') << 2)));
        return true;
    }

    private static boolean cbz(A32Translator t, boolean nonZero) {
        if (t.inItBlock()) {
            return false;
        }
        long target = t.pcValue() + (t.f('i') << 1);
        t.branchIf(t.b.cmp(nonZero ? Op.NE : Op.EQ, t.readR(t.f('n')), t.c(0)), target);
        return true;
    }

    /** A8.8.29 CBZ: branch forward by i:imm5:'0' if Rn is zero (UNPREDICTABLE inside an IT block). */
    public static boolean CBZ(A32Translator t) {
        return cbz(t, false);
    }

    /** A8.8.29 CBNZ: branch if Rn is not zero. */
    public static boolean CBNZ(A32Translator t) {
        return cbz(t, true);
    }

    /** A8.8.238 SXTH T1. */
    public static boolean SXTH(A32Translator t) {
        Media.extend(t, Op.SEXT16, t.f('d'), 15, t.f('m'), 0);
        return true;
    }

    /** A8.8.236 SXTB T1. */
    public static boolean SXTB(A32Translator t) {
        Media.extend(t, Op.SEXT8, t.f('d'), 15, t.f('m'), 0);
        return true;
    }

    /** A8.8.268 UXTH T1. */
    public static boolean UXTH(A32Translator t) {
        Media.extend(t, Op.ZEXT16, t.f('d'), 15, t.f('m'), 0);
        return true;
    }

    /** A8.8.266 UXTB T1. */
    public static boolean UXTB(A32Translator t) {
        Media.extend(t, Op.ZEXT8, t.f('d'), 15, t.f('m'), 0);
        return true;
    }

    /** A8.8.133 PUSH T1: STMDB SP!, {R0-R7 list, LR if M}; an empty list is UNPREDICTABLE. */
    public static boolean PUSH(A32Translator t) {
        int list = t.bits(7, 0) | t.bit(8) << 14;
        if (list == 0) {
            return false;
        }
        LoadStore.stm(t, 13, list, true, true, false);
        return true;
    }

    /** A8.8.131 POP T1: LDMIA SP!, {R0-R7 list, PC if P} (a loaded PC is LoadWritePC, last in an IT block). */
    public static boolean POP(A32Translator t) {
        int list = t.bits(7, 0) | t.bit(8) << 15;
        if (list == 0 || (t.bit(8) != 0 && !t.mayBranch())) {
            return false;
        }
        LoadStore.ldm(t, 13, list, true, false, true);
        return true;
    }

    /** A8.8.199 STM T1: STMIA Rn!, list; a listed Rn that is not the lowest register is UNPREDICTABLE. */
    public static boolean STM_T1(A32Translator t) {
        int n = t.f('n');
        int list = t.f('r');
        if (list == 0 || ((list & (1 << n)) != 0 && (list & ((1 << n) - 1)) != 0)) {
            return false;
        }
        LoadStore.stm(t, n, list, true, false, true);
        return true;
    }

    /** A8.8.58 LDM T1: LDMIA Rn{!}, list; writeback unless Rn is in the list. */
    public static boolean LDM_T1(A32Translator t) {
        int n = t.f('n');
        int list = t.f('r');
        if (list == 0) {
            return false;
        }
        LoadStore.ldm(t, n, list, (list & (1 << n)) == 0, false, true);
        return true;
    }

    /** A8.8.18 B T1: conditional branch by SignExtend(imm8:'0'); UNPREDICTABLE inside an IT block. */
    public static boolean B_T1(A32Translator t) {
        if (t.inItBlock()) {
            return false;
        }
        t.setCondition(t.f('c'));
        t.branchImm(t.pcValue() + ((byte) t.f('i') << 1), false);
        return true;
    }

    /** A8.8.18 B T2: branch by SignExtend(imm11:'0'); inside an IT block only as the last instruction. */
    public static boolean B_T2(A32Translator t) {
        if (!t.mayBranch()) {
            return false;
        }
        t.branchImm(t.pcValue() + ((t.f('i') << 21) >> 20), false);
        return true;
    }

    /**
     * A8.8.55 IT: ITSTATE = firstcond:mask for the following 1 to 4 instructions. UNPREDICTABLE inside an IT
     * block, with firstcond = 1111, and with firstcond = 1110 (AL) unless BitCount(mask) = 1 (a single
     * "always" instruction).
     */
    public static boolean IT(A32Translator t) {
        int firstcond = t.f('c');
        int mask = t.f('m');
        if (t.inItBlock() || firstcond == 15 || (firstcond == 14 && Integer.bitCount(mask) != 1)) {
            return false;
        }
        t.itAfter = firstcond << 4 | mask;
        return true;
    }
}
