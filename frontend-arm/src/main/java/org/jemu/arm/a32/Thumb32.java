package org.jemu.arm.a32;

import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;

/**
 * The 32-bit T32 encodings (DDI 0406C A6.3): register checks of the T32 encodings, then the operation
 * shared with A32 ({@link DataProcessing}, {@link Media}, {@link Multiply}, {@link LoadStore},
 * {@link BranchMisc}), reading the same field letters where the T32 pattern has them
 * ({@link T32DecodeTable}). All registers are 32-bit.
 *
 * <p><b>UNPREDICTABLE register choices are UNDEFINED</b>, as in A32 (DDI 0487 K1.1): T32 forbids the SP
 * (R13) as well as the PC in most register fields (the A8 pages' "d IN {13,15}", "BadReg"), the handlers
 * return false for them before emitting anything. PC writes (LDR/LDM/POP of the PC, TBB/TBH, BXJ, B T4,
 * BL, BLX) are allowed only outside an IT block or as its last instruction; B T3 only outside one.
 */
public final class Thumb32 {
    private Thumb32() {
    }

    /** R13 or R15: not allowed in most T32 register fields. */
    static boolean bad(int r) {
        return r == 13 || r == 15;
    }

    /** True if any of the named register fields the encoding has is R13 or R15. */
    private static boolean anyBad(A32Translator t, String fields) {
        for (int i = 0; i < fields.length(); i++) {
            int r = t.f(fields.charAt(i), 0);
            if (bad(r)) {
                return true;
            }
        }
        return false;
    }

    // ---- data processing (modified immediate, A6.3.1; shifted register, A6.3.11) -----------------------

    /** AND, BIC, EOR: Rd and Rn not SP/PC (Rd = PC with S is TST/TEQ); ORR, ORN: Rn = PC is MOV/MVN. */
    private static boolean logicalRegsOk(A32Translator t, boolean orr) {
        int n = t.f('n');
        return !bad(t.f('d')) && (orr ? n != 13 : !bad(n)) && !bad(t.f('m', 0));
    }

    /** ADD, SUB: Rd = SP only with Rn = SP (the SP forms), Rd = PC (without S) and Rn = PC UNPREDICTABLE. */
    private static boolean addSubRegsOk(A32Translator t) {
        int d = t.f('d');
        int n = t.f('n');
        if (d == 15 || n == 15 || (d == 13 && n != 13) || bad(t.f('m', 0))) {
            return false;
        }
        // ADD/SUB (SP plus/minus register) T3/T1: Rd = SP needs LSL #0..3
        return !(d == 13 && t.entryHas('h') && (t.f('h') != 0 || t.f('v') > 3));
    }

    private static boolean imm(A32Translator t, int opc, boolean ok) {
        return ok && A32Translator.thumbExpandImmValid(t.f('i')) && DataProcessing.imm(t, opc);
    }

    private static boolean reg(A32Translator t, int opc, boolean ok) {
        return ok && DataProcessing.reg(t, opc);
    }

    /** A8.8.13 AND (immediate) T1. */
    public static boolean AND_imm(A32Translator t) {
        return imm(t, DataProcessing.AND, logicalRegsOk(t, false));
    }

    /** A8.8.20 BIC (immediate) T1. */
    public static boolean BIC_imm(A32Translator t) {
        return imm(t, DataProcessing.BIC, logicalRegsOk(t, false));
    }

    /** A8.8.122 ORR (immediate) T1. */
    public static boolean ORR_imm(A32Translator t) {
        return imm(t, DataProcessing.ORR, logicalRegsOk(t, true));
    }

    /** A8.8.120 ORN (immediate) T1: Rd = Rn OR NOT(imm32). */
    public static boolean ORN_imm(A32Translator t) {
        return imm(t, DataProcessing.ORN, logicalRegsOk(t, true));
    }

    /** A8.8.46 EOR (immediate) T1. */
    public static boolean EOR_imm(A32Translator t) {
        return imm(t, DataProcessing.EOR, logicalRegsOk(t, false));
    }

    /** A8.8.102 MOV (immediate) T2: Rd = ThumbExpandImm; Rd SP/PC UNPREDICTABLE. */
    public static boolean MOV_imm(A32Translator t) {
        return imm(t, DataProcessing.MOV, !bad(t.f('d')));
    }

    /** A8.8.115 MVN (immediate) T1. */
    public static boolean MVN_imm(A32Translator t) {
        return imm(t, DataProcessing.MVN, !bad(t.f('d')));
    }

    /** A8.8.240 TST (immediate) T1. */
    public static boolean TST_imm(A32Translator t) {
        return imm(t, DataProcessing.TST, !bad(t.f('n')));
    }

    /** A8.8.238 TEQ (immediate) T1. */
    public static boolean TEQ_imm(A32Translator t) {
        return imm(t, DataProcessing.TEQ, !bad(t.f('n')));
    }

    /** A8.8.4 ADD (immediate, Thumb) T3 and A8.8.9 ADD (SP plus immediate) T3. */
    public static boolean ADD_imm(A32Translator t) {
        return imm(t, DataProcessing.ADD, addSubRegsOk(t));
    }

    /** A8.8.221 SUB (immediate, Thumb) T3 and A8.8.225 SUB (SP minus immediate) T2. */
    public static boolean SUB_imm(A32Translator t) {
        return imm(t, DataProcessing.SUB, addSubRegsOk(t));
    }

    /** A8.8.34 CMN (immediate) T1. */
    public static boolean CMN_imm(A32Translator t) {
        return imm(t, DataProcessing.CMN, t.f('n') != 15);
    }

    /** A8.8.37 CMP (immediate) T2. */
    public static boolean CMP_imm(A32Translator t) {
        return imm(t, DataProcessing.CMP, t.f('n') != 15);
    }

    /** A8.8.1 ADC (immediate) T1. */
    public static boolean ADC_imm(A32Translator t) {
        return imm(t, DataProcessing.ADC, !bad(t.f('d')) && !bad(t.f('n')));
    }

    /** A8.8.162 SBC (immediate) T1. */
    public static boolean SBC_imm(A32Translator t) {
        return imm(t, DataProcessing.SBC, !bad(t.f('d')) && !bad(t.f('n')));
    }

    /** A8.8.152 RSB (immediate) T2. */
    public static boolean RSB_imm(A32Translator t) {
        return imm(t, DataProcessing.RSB, !bad(t.f('d')) && !bad(t.f('n')));
    }

    /** A8.8.14 AND (register) T2. */
    public static boolean AND_reg(A32Translator t) {
        return reg(t, DataProcessing.AND, logicalRegsOk(t, false));
    }

    /** A8.8.21 BIC (register) T2. */
    public static boolean BIC_reg(A32Translator t) {
        return reg(t, DataProcessing.BIC, logicalRegsOk(t, false));
    }

    /** A8.8.123 ORR (register) T2. */
    public static boolean ORR_reg(A32Translator t) {
        return reg(t, DataProcessing.ORR, logicalRegsOk(t, true));
    }

    /** A8.8.121 ORN (register) T1. */
    public static boolean ORN_reg(A32Translator t) {
        return reg(t, DataProcessing.ORN, logicalRegsOk(t, true));
    }

    /** A8.8.47 EOR (register) T2. */
    public static boolean EOR_reg(A32Translator t) {
        return reg(t, DataProcessing.EOR, logicalRegsOk(t, false));
    }

    /**
     * A8.8.103 MOV (register) T3 and the immediate shifts LSL/LSR/ASR/ROR (immediate) T2, RRX T1 (Rn =
     * 1111 of ORR (register)): Rd = Shift(Rm). Without a shift, SP is allowed except as both Rd and Rm
     * (and with S, not at all); with a shift neither may be SP or PC.
     */
    public static boolean MOV_reg(A32Translator t) {
        int d = t.f('d');
        int m = t.f('m');
        boolean s = t.f('s') != 0;
        boolean plain = t.f('h') == 0 && t.f('v') == 0;
        boolean ok = plain && !s ? d != 15 && m != 15 && !(d == 13 && m == 13) : !bad(d) && !bad(m);
        return reg(t, DataProcessing.MOV, ok);
    }

    /** A8.8.116 MVN (register) T2. */
    public static boolean MVN_reg(A32Translator t) {
        return reg(t, DataProcessing.MVN, !bad(t.f('d')) && !bad(t.f('m')));
    }

    /** A8.8.241 TST (register) T2. */
    public static boolean TST_reg(A32Translator t) {
        return reg(t, DataProcessing.TST, !bad(t.f('n')) && !bad(t.f('m')));
    }

    /** A8.8.239 TEQ (register) T1. */
    public static boolean TEQ_reg(A32Translator t) {
        return reg(t, DataProcessing.TEQ, !bad(t.f('n')) && !bad(t.f('m')));
    }

    /** A8.8.6 ADD (register) T3 and A8.8.9 ADD (SP plus register) T3. */
    public static boolean ADD_reg(A32Translator t) {
        return reg(t, DataProcessing.ADD, addSubRegsOk(t));
    }

    /** A8.8.223 SUB (register) T2 and A8.8.226 SUB (SP minus register) T1. */
    public static boolean SUB_reg(A32Translator t) {
        return reg(t, DataProcessing.SUB, addSubRegsOk(t));
    }

    /** A8.8.35 CMN (register) T2. */
    public static boolean CMN_reg(A32Translator t) {
        return reg(t, DataProcessing.CMN, t.f('n') != 15 && !bad(t.f('m')));
    }

    /** A8.8.38 CMP (register) T3. */
    public static boolean CMP_reg(A32Translator t) {
        return reg(t, DataProcessing.CMP, t.f('n') != 15 && !bad(t.f('m')));
    }

    /** A8.8.2 ADC (register) T2. */
    public static boolean ADC_reg(A32Translator t) {
        return reg(t, DataProcessing.ADC, !anyBad(t, "dnm"));
    }

    /** A8.8.163 SBC (register) T2. */
    public static boolean SBC_reg(A32Translator t) {
        return reg(t, DataProcessing.SBC, !anyBad(t, "dnm"));
    }

    /** A8.8.153 RSB (register) T1. */
    public static boolean RSB_reg(A32Translator t) {
        return reg(t, DataProcessing.RSB, !anyBad(t, "dnm"));
    }

    /** A8.8.125 PKHBT, PKHTB T1 (tb = bit 5). */
    public static boolean PKH(A32Translator t) {
        if (anyBad(t, "dnm")) {
            return false;
        }
        Media.pkh(t, t.f('d'), t.f('n'), t.f('m'), t.f('i'), t.f('b') != 0);
        return true;
    }

    /** A8.8.95/97/17/150 LSL, LSR, ASR, ROR (register) T2: Rd = Shift(Rn, type, Rm&lt;7:0&gt;) (type in bits [22:21]). */
    public static boolean SHIFT_reg(A32Translator t) {
        if (anyBad(t, "dnm")) {
            return false;
        }
        A32Translator.Shifted v = t.shiftReg(t.readR(t.f('n')), t.bits(22, 21), t.readR(t.f('m')));
        return DataProcessing.op(t, DataProcessing.MOV, t.f('s') != 0, t.f('d'), -1, v);
    }

    // ---- plain binary immediate (A6.3.3) ----------------------------------------------------------------

    /** A8.8.4 ADD (immediate, Thumb) T4 (ADDW): Rd = Rn + imm12, no flags (Rn = SP: ADD (SP plus immediate) T4). */
    public static boolean ADDW(A32Translator t) {
        if (!addSubRegsOk(t)) {
            return false;
        }
        return DataProcessing.op(t, DataProcessing.ADD, false, t.f('d'), t.f('n'),
                new A32Translator.Shifted(t.c(t.f('i')), null));
    }

    /** A8.8.221 SUB (immediate, Thumb) T4 (SUBW). */
    public static boolean SUBW(A32Translator t) {
        if (!addSubRegsOk(t)) {
            return false;
        }
        return DataProcessing.op(t, DataProcessing.SUB, false, t.f('d'), t.f('n'),
                new A32Translator.Shifted(t.c(t.f('i')), null));
    }

    private static boolean adr(A32Translator t, boolean add) {
        int d = t.f('d');
        if (bad(d)) {
            return false;
        }
        long base = t.pcValue() & ~3L;
        t.writeR(d, t.pcConst32(add ? base + t.f('i') : base - t.f('i')));
        return true;
    }

    /** A8.8.12 ADR T3: Rd = Align(PC, 4) + imm12. */
    public static boolean ADR_T3(A32Translator t) {
        return adr(t, true);
    }

    /** A8.8.12 ADR T2: Rd = Align(PC, 4) - imm12. */
    public static boolean ADR_T2(A32Translator t) {
        return adr(t, false);
    }

    /** A8.8.102 MOV (immediate) T3 (MOVW): Rd = imm4:i:imm3:imm8. */
    public static boolean MOVW(A32Translator t) {
        int d = t.f('d');
        if (bad(d)) {
            return false;
        }
        DataProcessing.movw(t, d, t.f('j') << 12 | t.f('i'));
        return true;
    }

    /** A8.8.106 MOVT T1. */
    public static boolean MOVT(A32Translator t) {
        int d = t.f('d');
        if (bad(d)) {
            return false;
        }
        DataProcessing.movt(t, d, t.f('j') << 12 | t.f('i'));
        return true;
    }

    /** A8.8.166 SSAT T1 (sh = bit 21; imm3:imm2 = 0 with sh = 1 is SSAT16). */
    public static boolean SSAT(A32Translator t) {
        return !anyBad(t, "dn") && Media.SSAT(t);
    }

    /** A8.8.167 SSAT16 T1. */
    public static boolean SSAT16(A32Translator t) {
        return !anyBad(t, "dn") && Media.SSAT16(t);
    }

    /** A8.8.252 USAT T1. */
    public static boolean USAT(A32Translator t) {
        return !anyBad(t, "dn") && Media.USAT(t);
    }

    /** A8.8.253 USAT16 T1. */
    public static boolean USAT16(A32Translator t) {
        return !anyBad(t, "dn") && Media.USAT16(t);
    }

    /** A8.8.164 SBFX T1. */
    public static boolean SBFX(A32Translator t) {
        return !anyBad(t, "dn") && Media.SBFX(t);
    }

    /** A8.8.246 UBFX T1. */
    public static boolean UBFX(A32Translator t) {
        return !anyBad(t, "dn") && Media.UBFX(t);
    }

    /** A8.8.21 BFI T1 (Rn = SP UNPREDICTABLE) and A8.8.20 BFC T1 (Rn = 1111). */
    public static boolean BFI(A32Translator t) {
        return !bad(t.f('d')) && t.f('n', 15) != 13 && Media.BFI(t);
    }

    // ---- branches and miscellaneous control (A6.3.4) ------------------------------------------------------

    /** I1:I2 of B T4, BL, BLX: NOT(J1 XOR S), NOT(J2 XOR S). */
    private static int i1i2(A32Translator t) {
        int s = t.f('s');
        int i1 = ~(t.f('j') ^ s) & 1;
        int i2 = ~(t.f('k') ^ s) & 1;
        return i1 << 1 | i2;
    }

    /** SignExtend(S:I1:I2:imm10:imm11:'0') of B T4 and BL (25 bits). */
    private static long offsetT4(A32Translator t) {
        int v = t.f('s') << 24 | i1i2(t) << 22 | t.f('i') << 1;
        return (v << 7) >> 7;
    }

    /**
     * A8.8.18 B T3: conditional branch by SignExtend(S:J2:J1:imm6:imm11:'0'); cond = 111x is the
     * miscellaneous-control space (UNDEFINED where no carve-out matches); UNPREDICTABLE inside an IT block.
     */
    public static boolean B_T3(A32Translator t) {
        int cond = t.f('c');
        if (cond >= 14 || t.inItBlock()) {
            return false;
        }
        int v = t.f('s') << 20 | t.f('k') << 19 | t.f('j') << 18 | t.f('i') << 1;
        t.setCondition(cond);
        t.branchImm(t.pcValue() + ((v << 11) >> 11), false);
        return true;
    }

    /** A8.8.18 B T4: branch by SignExtend(S:I1:I2:imm10:imm11:'0'); last in an IT block at most. */
    public static boolean B_T4(A32Translator t) {
        if (!t.mayBranch()) {
            return false;
        }
        t.branchImm(t.pcValue() + offsetT4(t), false);
        return true;
    }

    /** A8.8.25 BL T1: LR = next instruction | 1; branch to PC + offset (T32). */
    public static boolean BL(A32Translator t) {
        if (!t.mayBranch()) {
            return false;
        }
        long target = t.pcValue() + offsetT4(t);
        t.writeR(14, t.pcConst32(t.nextPc() | 1));
        t.branchImm(target, false);
        return true;
    }

    /**
     * A8.8.25 BLX (immediate) T2: LR = next instruction | 1; branch to A32 code at Align(PC, 4) +
     * SignExtend(S:I1:I2:imm10H:imm10L:'00') (H = 1 is UNDEFINED: fixed to 0 in the pattern).
     */
    public static boolean BLX_imm(A32Translator t) {
        if (!t.mayBranch()) {
            return false;
        }
        int v = t.f('s') << 24 | i1i2(t) << 22 | t.f('i') << 2;
        long target = (t.pcValue() & ~3L) + ((v << 7) >> 7);
        t.writeR(14, t.pcConst32(t.nextPc() | 1));
        t.branchImm(target, true);
        return true;
    }

    /** A8.8.112 MSR (register) T1, APSR form; Rn SP/PC or a mask of 00 is UNPREDICTABLE. */
    public static boolean MSR_reg(A32Translator t) {
        return !bad(t.f('n')) && BranchMisc.MSR_reg(t);
    }

    /** A8.8.108 MRS T1, APSR form. */
    public static boolean MRS(A32Translator t) {
        return !bad(t.f('d')) && BranchMisc.MRS(t);
    }

    /** A8.8.28 BXJ T1 (no Jazelle: BX); Rm SP/PC UNPREDICTABLE, last in an IT block at most. */
    public static boolean BXJ(A32Translator t) {
        return !bad(t.f('m')) && t.mayBranch() && BranchMisc.BX(t);
    }

    // ---- load/store multiple (A6.3.5) ------------------------------------------------------------------

    /**
     * A8.8.199 STM T2, A8.8.201 STMDB T1 (PUSH T2): register list hw2 (SP and PC not allowed, fixed in the
     * pattern); fewer than two registers, Rn = PC, or writeback with Rn in the list is UNPREDICTABLE.
     */
    public static boolean STM(A32Translator t) {
        int n = t.bits(19, 16);
        int list = t.bits(15, 0);
        boolean w = t.bit(21) != 0;
        if (n == 15 || Integer.bitCount(list) < 2 || (w && (list & (1 << n)) != 0)) {
            return false;
        }
        LoadStore.stm(t, n, list, w, t.bit(24) != 0, t.bit(23) != 0);
        return true;
    }

    /**
     * A8.8.58 LDM T2, A8.8.60 LDMDB T1, A8.8.131 POP T2: as STM, and PC with LR both listed is
     * UNPREDICTABLE; a loaded PC is LoadWritePC (last in an IT block at most).
     */
    public static boolean LDM(A32Translator t) {
        int n = t.bits(19, 16);
        int list = t.bits(15, 0);
        boolean w = t.bit(21) != 0;
        if (n == 15 || Integer.bitCount(list) < 2 || (list & 0xc000) == 0xc000 || (w && (list & (1 << n)) != 0)
                || ((list & 0x8000) != 0 && !t.mayBranch())) {
            return false;
        }
        LoadStore.ldm(t, n, list, w, t.bit(24) != 0, t.bit(23) != 0);
        return true;
    }

    // ---- dual, exclusive, table branch (A6.3.6) -----------------------------------------------------------

    private static boolean dual(A32Translator t, boolean load) {
        int n = t.f('n');
        int rt = t.f('t');
        int rt2 = t.f('a');
        boolean p = t.f('p') != 0;
        boolean w = t.f('w') != 0;
        if (!p && !w) {
            return false;
        }
        if (w && (n == rt || n == rt2 || n == 15)) {
            return false;
        }
        if (bad(rt) || bad(rt2) || (load && rt == rt2) || (!load && n == 15)) {
            return false;
        }
        LoadStore.dual(t, load, n, rt, rt2, t.c(t.f('i') << 2), p, t.f('u') != 0, w);
        return true;
    }

    /** A8.8.72 LDRD (immediate) T1 and A8.8.73 LDRD (literal) T1 (Rn = PC, no writeback). */
    public static boolean LDRD(A32Translator t) {
        return dual(t, true);
    }

    /** A8.8.210 STRD (immediate) T1. */
    public static boolean STRD(A32Translator t) {
        return dual(t, false);
    }

    /** A8.8.75 LDREX T1: Rt = [Rn + imm8 * 4], exclusive. */
    public static boolean LDREX(A32Translator t) {
        if (bad(t.f('t')) || t.f('n') == 15) {
            return false;
        }
        LoadStore.loadExclusive(t, 4, t.f('t'), t.f('n'), t.f('i') << 2);
        return true;
    }

    private static boolean ldrexSmall(A32Translator t, int size) {
        if (bad(t.f('t')) || t.f('n') == 15) {
            return false;
        }
        LoadStore.loadExclusive(t, size, t.f('t'), t.f('n'), 0);
        return true;
    }

    /** A8.8.76 LDREXB T1. */
    public static boolean LDREXB(A32Translator t) {
        return ldrexSmall(t, 1);
    }

    /** A8.8.78 LDREXH T1. */
    public static boolean LDREXH(A32Translator t) {
        return ldrexSmall(t, 2);
    }

    private static boolean strex(A32Translator t, int size, int imm) {
        int d = t.f('d');
        int rt = t.f('t');
        int n = t.f('n');
        if (bad(d) || bad(rt) || n == 15 || d == n || d == rt) {
            return false;
        }
        LoadStore.storeExclusive(t, size, d, rt, n, imm);
        return true;
    }

    /** A8.8.212 STREX T1: [Rn + imm8 * 4] = Rt if exclusive; Rd = status. */
    public static boolean STREX(A32Translator t) {
        return strex(t, 4, t.f('i') << 2);
    }

    /** A8.8.213 STREXB T1. */
    public static boolean STREXB(A32Translator t) {
        return strex(t, 1, 0);
    }

    /** A8.8.215 STREXH T1. */
    public static boolean STREXH(A32Translator t) {
        return strex(t, 2, 0);
    }

    /** A8.8.77 LDREXD T1: Rt, Rt2 (any two different registers other than SP/PC). */
    public static boolean LDREXD(A32Translator t) {
        int rt = t.f('t');
        int rt2 = t.f('a');
        if (bad(rt) || bad(rt2) || rt == rt2 || t.f('n') == 15) {
            return false;
        }
        LoadStore.ldrexd(t, rt, rt2, t.f('n'));
        return true;
    }

    /** A8.8.214 STREXD T1. */
    public static boolean STREXD(A32Translator t) {
        int d = t.f('d');
        int rt = t.f('t');
        int rt2 = t.f('a');
        int n = t.f('n');
        if (bad(d) || bad(rt) || bad(rt2) || n == 15 || d == n || d == rt || d == rt2) {
            return false;
        }
        LoadStore.strexd(t, d, rt, rt2, n);
        return true;
    }

    private static boolean tableBranch(A32Translator t, boolean half) {
        int n = t.f('n');
        int m = t.f('m');
        if (n == 13 || bad(m) || !t.mayBranch()) {
            return false;
        }
        IrBuilder b = t.b;
        Inst index = half ? b.shl(t.readR(m), t.c(1)) : t.readR(m);
        Inst v = t.load(b.add(t.readR(n), index), t.memop(half ? 2 : 1, false, false));
        t.writePcBranch(b.add(t.pcConst32(t.pcValue()), b.shl(v, t.c(1))));
        return true;
    }

    /** A8.8.238 TBB T1: branch forward by twice the byte at [Rn + Rm] (Rn = PC: a table after the TBB). */
    public static boolean TBB(A32Translator t) {
        return tableBranch(t, false);
    }

    /** A8.8.238 TBH T1: branch forward by twice the halfword at [Rn + Rm * 2]. */
    public static boolean TBH(A32Translator t) {
        return tableBranch(t, true);
    }

    // ---- single loads and stores (A6.3.7 - A6.3.10) -----------------------------------------------------
    // Raw bit positions: Rn [19:16], Rt [15:12], imm12 [11:0]; T3/T4 forms P [10], U [9], W [8], imm8 [7:0];
    // register forms imm2 [5:4], Rm [3:0]. (The PUSH/POP T3 carve-outs fix these fields.)

    private static boolean single(A32Translator t, boolean load, LoadStore.Kind kind, Inst offset, boolean p,
            boolean u, boolean w, boolean unpriv) {
        int n = t.bits(19, 16);
        int rt = t.bits(15, 12);
        if (n == 15 && !load) {
            return false;
        }
        if (w && n == rt) {
            return false;
        }
        if (rt == 15 && (!load || unpriv || kind != LoadStore.Kind.WORD || !t.mayBranch())) {
            return false;
        }
        if (rt == 13 && (kind != LoadStore.Kind.WORD || unpriv)) {
            return false;
        }
        LoadStore.single(t, load, kind, n, rt, offset, p, u, w, unpriv);
        return true;
    }

    private static boolean imm12(A32Translator t, boolean load, LoadStore.Kind kind) {
        return single(t, load, kind, t.c(t.bits(11, 0)), true, true, false, false);
    }

    private static boolean imm8(A32Translator t, boolean load, LoadStore.Kind kind) {
        boolean p = t.bit(10) != 0;
        boolean w = t.bit(8) != 0;
        if (!p && !w) {
            return false;
        }
        return single(t, load, kind, t.c(t.bits(7, 0)), p, t.bit(9) != 0, w, false);
    }

    private static boolean unpriv(A32Translator t, boolean load, LoadStore.Kind kind) {
        return single(t, load, kind, t.c(t.bits(7, 0)), true, true, false, true);
    }

    private static boolean regOffset(A32Translator t, boolean load, LoadStore.Kind kind) {
        int m = t.bits(3, 0);
        if (bad(m)) {
            return false;
        }
        return single(t, load, kind, t.shiftImm(t.readR(m), 0, t.bits(5, 4)).value(), true, true, false, false);
    }

    private static boolean literal(A32Translator t, LoadStore.Kind kind) {
        return single(t, true, kind, t.c(t.bits(11, 0)), true, t.bit(23) != 0, false, false);
    }

    /** A8.8.203 STR (immediate, Thumb) T3: [Rn + imm12] = Rt. */
    public static boolean STR_imm12(A32Translator t) {
        return imm12(t, false, LoadStore.Kind.WORD);
    }

    /** A8.8.203 STR (immediate, Thumb) T4 (P, U, W; P = W = 0 UNDEFINED) and A8.8.133 PUSH T3. */
    public static boolean STR_imm8(A32Translator t) {
        return imm8(t, false, LoadStore.Kind.WORD);
    }

    /** A8.8.219 STRT T1. */
    public static boolean STRT(A32Translator t) {
        return unpriv(t, false, LoadStore.Kind.WORD);
    }

    /** A8.8.204 STR (register) T2: [Rn + (Rm LSL imm2)] = Rt. */
    public static boolean STR_reg(A32Translator t) {
        return regOffset(t, false, LoadStore.Kind.WORD);
    }

    /** A8.8.206 STRB (immediate, Thumb) T2. */
    public static boolean STRB_imm12(A32Translator t) {
        return imm12(t, false, LoadStore.Kind.BYTE);
    }

    /** A8.8.206 STRB (immediate, Thumb) T3. */
    public static boolean STRB_imm8(A32Translator t) {
        return imm8(t, false, LoadStore.Kind.BYTE);
    }

    /** A8.8.209 STRBT T1. */
    public static boolean STRBT(A32Translator t) {
        return unpriv(t, false, LoadStore.Kind.BYTE);
    }

    /** A8.8.208 STRB (register) T2. */
    public static boolean STRB_reg(A32Translator t) {
        return regOffset(t, false, LoadStore.Kind.BYTE);
    }

    /** A8.8.216 STRH (immediate, Thumb) T2. */
    public static boolean STRH_imm12(A32Translator t) {
        return imm12(t, false, LoadStore.Kind.HALF);
    }

    /** A8.8.216 STRH (immediate, Thumb) T3. */
    public static boolean STRH_imm8(A32Translator t) {
        return imm8(t, false, LoadStore.Kind.HALF);
    }

    /** A8.8.220 STRHT T1. */
    public static boolean STRHT(A32Translator t) {
        return unpriv(t, false, LoadStore.Kind.HALF);
    }

    /** A8.8.218 STRH (register) T2. */
    public static boolean STRH_reg(A32Translator t) {
        return regOffset(t, false, LoadStore.Kind.HALF);
    }

    /** A8.8.62 LDR (immediate, Thumb) T3: Rt = [Rn + imm12] (Rt = PC: LoadWritePC). */
    public static boolean LDR_imm12(A32Translator t) {
        return imm12(t, true, LoadStore.Kind.WORD);
    }

    /** A8.8.62 LDR (immediate, Thumb) T4 and A8.8.131 POP T3. */
    public static boolean LDR_imm8(A32Translator t) {
        return imm8(t, true, LoadStore.Kind.WORD);
    }

    /** A8.8.92 LDRT T1. */
    public static boolean LDRT(A32Translator t) {
        return unpriv(t, true, LoadStore.Kind.WORD);
    }

    /** A8.8.65 LDR (register, Thumb) T2. */
    public static boolean LDR_reg(A32Translator t) {
        return regOffset(t, true, LoadStore.Kind.WORD);
    }

    /** A8.8.67 LDRB (immediate, Thumb) T2. */
    public static boolean LDRB_imm12(A32Translator t) {
        return imm12(t, true, LoadStore.Kind.BYTE);
    }

    /** A8.8.67 LDRB (immediate, Thumb) T3. */
    public static boolean LDRB_imm8(A32Translator t) {
        return imm8(t, true, LoadStore.Kind.BYTE);
    }

    /** A8.8.71 LDRBT T1. */
    public static boolean LDRBT(A32Translator t) {
        return unpriv(t, true, LoadStore.Kind.BYTE);
    }

    /** A8.8.70 LDRB (register) T2. */
    public static boolean LDRB_reg(A32Translator t) {
        return regOffset(t, true, LoadStore.Kind.BYTE);
    }

    /** A8.8.84 LDRSB (immediate) T1. */
    public static boolean LDRSB_imm12(A32Translator t) {
        return imm12(t, true, LoadStore.Kind.SBYTE);
    }

    /** A8.8.84 LDRSB (immediate) T2. */
    public static boolean LDRSB_imm8(A32Translator t) {
        return imm8(t, true, LoadStore.Kind.SBYTE);
    }

    /** A8.8.88 LDRSBT T1. */
    public static boolean LDRSBT(A32Translator t) {
        return unpriv(t, true, LoadStore.Kind.SBYTE);
    }

    /** A8.8.87 LDRSB (register) T2. */
    public static boolean LDRSB_reg(A32Translator t) {
        return regOffset(t, true, LoadStore.Kind.SBYTE);
    }

    /** A8.8.80 LDRH (immediate, Thumb) T2. */
    public static boolean LDRH_imm12(A32Translator t) {
        return imm12(t, true, LoadStore.Kind.HALF);
    }

    /** A8.8.80 LDRH (immediate, Thumb) T3. */
    public static boolean LDRH_imm8(A32Translator t) {
        return imm8(t, true, LoadStore.Kind.HALF);
    }

    /** A8.8.84 LDRHT T1. */
    public static boolean LDRHT(A32Translator t) {
        return unpriv(t, true, LoadStore.Kind.HALF);
    }

    /** A8.8.83 LDRH (register) T2. */
    public static boolean LDRH_reg(A32Translator t) {
        return regOffset(t, true, LoadStore.Kind.HALF);
    }

    /** A8.8.88 LDRSH (immediate) T1. */
    public static boolean LDRSH_imm12(A32Translator t) {
        return imm12(t, true, LoadStore.Kind.SHALF);
    }

    /** A8.8.88 LDRSH (immediate) T2. */
    public static boolean LDRSH_imm8(A32Translator t) {
        return imm8(t, true, LoadStore.Kind.SHALF);
    }

    /** A8.8.92 LDRSHT T1. */
    public static boolean LDRSHT(A32Translator t) {
        return unpriv(t, true, LoadStore.Kind.SHALF);
    }

    /** A8.8.91 LDRSH (register) T2. */
    public static boolean LDRSH_reg(A32Translator t) {
        return regOffset(t, true, LoadStore.Kind.SHALF);
    }

    /** A8.8.64 LDR (literal) T2: Rt = [Align(PC, 4) +/- imm12] (Rt = PC: LoadWritePC). */
    public static boolean LDR_lit(A32Translator t) {
        return literal(t, LoadStore.Kind.WORD);
    }

    /** A8.8.69 LDRB (literal) T1. */
    public static boolean LDRB_lit(A32Translator t) {
        return literal(t, LoadStore.Kind.BYTE);
    }

    /** A8.8.82 LDRH (literal) T1. */
    public static boolean LDRH_lit(A32Translator t) {
        return literal(t, LoadStore.Kind.HALF);
    }

    /** A8.8.86 LDRSB (literal) T1. */
    public static boolean LDRSB_lit(A32Translator t) {
        return literal(t, LoadStore.Kind.SBYTE);
    }

    /** A8.8.90 LDRSH (literal) T1. */
    public static boolean LDRSH_lit(A32Translator t) {
        return literal(t, LoadStore.Kind.SHALF);
    }

    // ---- data-processing (register), media, multiplies (A6.3.12 - A6.3.17) -------------------------------

    private static boolean extend(A32Translator t, A32Translator.Handler h) {
        return !bad(t.f('d')) && t.f('n', 15) != 13 && !bad(t.f('m')) && h.emit(t);
    }

    /** A8.8.235 SXTAH T1, A8.8.238 SXTH T2. */
    public static boolean SXTAH(A32Translator t) {
        return extend(t, Media::SXTAH);
    }

    /** A8.8.265 UXTAH T1, A8.8.268 UXTH T2. */
    public static boolean UXTAH(A32Translator t) {
        return extend(t, Media::UXTAH);
    }

    /** A8.8.234 SXTAB16 T1, A8.8.237 SXTB16 T1. */
    public static boolean SXTAB16(A32Translator t) {
        return extend(t, Media::SXTAB16);
    }

    /** A8.8.264 UXTAB16 T1, A8.8.267 UXTB16 T1. */
    public static boolean UXTAB16(A32Translator t) {
        return extend(t, Media::UXTAB16);
    }

    /** A8.8.233 SXTAB T1, A8.8.236 SXTB T2. */
    public static boolean SXTAB(A32Translator t) {
        return extend(t, Media::SXTAB);
    }

    /** A8.8.263 UXTAB T1, A8.8.266 UXTB T2. */
    public static boolean UXTAB(A32Translator t) {
        return extend(t, Media::UXTAB);
    }

    /** T32 op1 (bits [22:20]) of the parallel instructions to the A32 numbering (000 ADD16 ... 111 SUB8). */
    private static final int[] PARALLEL_OP = {4, 0, 1, -1, 7, 3, 2, -1};

    /**
     * A6.3.13/A6.3.14 parallel addition and subtraction (SADD16 ... UHSUB8 T1): op1 bits [22:20], U bit 6,
     * kind bits [5:4] (00 modular with GE, 01 saturating, 10 halving).
     */
    public static boolean PARALLEL(A32Translator t) {
        if (anyBad(t, "dnm")) {
            return false;
        }
        Media.parallel(t, t.f('d'), t.f('n'), t.f('m'), t.bit(6) != 0, t.bits(5, 4) + 1,
                PARALLEL_OP[t.bits(22, 20)]);
        return true;
    }

    /** A8.8.134 QADD T1. */
    public static boolean QADD(A32Translator t) {
        return !anyBad(t, "dnm") && Media.QADD(t);
    }

    /** A8.8.138 QDADD T1. */
    public static boolean QDADD(A32Translator t) {
        return !anyBad(t, "dnm") && Media.QDADD(t);
    }

    /** A8.8.141 QSUB T1. */
    public static boolean QSUB(A32Translator t) {
        return !anyBad(t, "dnm") && Media.QSUB(t);
    }

    /** A8.8.139 QDSUB T1. */
    public static boolean QDSUB(A32Translator t) {
        return !anyBad(t, "dnm") && Media.QDSUB(t);
    }

    /** The one-operand forms name Rm twice (bits [19:16] and [3:0]); they must agree. */
    private static boolean rmTwice(A32Translator t, A32Translator.Handler h) {
        return t.f('n') == t.f('m') && !anyBad(t, "dm") && h.emit(t);
    }

    /** A8.8.145 REV T2. */
    public static boolean REV(A32Translator t) {
        return rmTwice(t, Media::REV);
    }

    /** A8.8.146 REV16 T2. */
    public static boolean REV16(A32Translator t) {
        return rmTwice(t, Media::REV16);
    }

    /** A8.8.144 RBIT T1. */
    public static boolean RBIT(A32Translator t) {
        return rmTwice(t, Media::RBIT);
    }

    /** A8.8.147 REVSH T2. */
    public static boolean REVSH(A32Translator t) {
        return rmTwice(t, Media::REVSH);
    }

    /** A8.8.33 CLZ T1. */
    public static boolean CLZ(A32Translator t) {
        return rmTwice(t, Media::CLZ);
    }

    /** A8.8.143 SEL T1. */
    public static boolean SEL(A32Translator t) {
        return !anyBad(t, "dnm") && Media.SEL(t);
    }

    /** The multiplies: no register field (Rd, Rn, Rm, Ra/RdLo) may be SP or PC. */
    private static boolean mul(A32Translator t, A32Translator.Handler h) {
        return !anyBad(t, "dnma") && h.emit(t);
    }

    /** A8.8.100 MLA T1 and A8.8.114 MUL T2 (Ra = 1111). */
    public static boolean MUL3(A32Translator t) {
        return mul(t, t.f('a', 15) == 15 ? Multiply::MUL : Multiply::MLA);
    }

    /** A8.8.101 MLS T1. */
    public static boolean MLS(A32Translator t) {
        return mul(t, Multiply::MLS);
    }

    /** A8.8.176 SMLA&lt;x&gt;&lt;y&gt; T1. */
    public static boolean SMLAxy(A32Translator t) {
        return mul(t, Multiply::SMLAxy);
    }

    /** A8.8.188 SMUL&lt;x&gt;&lt;y&gt; T1. */
    public static boolean SMULxy(A32Translator t) {
        return mul(t, Multiply::SMULxy);
    }

    /** A8.8.177 SMLAD T1, A8.8.187 SMUAD T1. */
    public static boolean SMLAD(A32Translator t) {
        return mul(t, Multiply::SMLAD);
    }

    /** A8.8.180 SMLAW&lt;y&gt; T1. */
    public static boolean SMLAWy(A32Translator t) {
        return mul(t, Multiply::SMLAWy);
    }

    /** A8.8.190 SMULW&lt;y&gt; T1. */
    public static boolean SMULWy(A32Translator t) {
        return mul(t, Multiply::SMULWy);
    }

    /** A8.8.182 SMLSD T1, A8.8.191 SMUSD T1. */
    public static boolean SMLSD(A32Translator t) {
        return mul(t, Multiply::SMLSD);
    }

    /** A8.8.184 SMMLA T1, A8.8.186 SMMUL T1. */
    public static boolean SMMLA(A32Translator t) {
        return mul(t, Multiply::SMMLA);
    }

    /** A8.8.185 SMMLS T1. */
    public static boolean SMMLS(A32Translator t) {
        return mul(t, Multiply::SMMLS);
    }

    /** A8.8.251 USADA8 T1, A8.8.250 USAD8 T1. */
    public static boolean USADA8(A32Translator t) {
        return mul(t, Media::USADA8);
    }

    /** A8.8.189 SMULL T1. */
    public static boolean SMULL(A32Translator t) {
        return mul(t, Multiply::SMULL);
    }

    /** A8.8.165 SDIV T1. */
    public static boolean SDIV(A32Translator t) {
        return mul(t, Multiply::SDIV);
    }

    /** A8.8.257 UMULL T1. */
    public static boolean UMULL(A32Translator t) {
        return mul(t, Multiply::UMULL);
    }

    /** A8.8.248 UDIV T1. */
    public static boolean UDIV(A32Translator t) {
        return mul(t, Multiply::UDIV);
    }

    /** A8.8.178 SMLAL T1. */
    public static boolean SMLAL(A32Translator t) {
        return mul(t, Multiply::SMLAL);
    }

    /** A8.8.179 SMLAL&lt;x&gt;&lt;y&gt; T1. */
    public static boolean SMLALxy(A32Translator t) {
        return mul(t, Multiply::SMLALxy);
    }

    /** A8.8.181 SMLALD T1. */
    public static boolean SMLALD(A32Translator t) {
        return mul(t, Multiply::SMLALD);
    }

    /** A8.8.183 SMLSLD T1. */
    public static boolean SMLSLD(A32Translator t) {
        return mul(t, Multiply::SMLSLD);
    }

    /** A8.8.256 UMLAL T1. */
    public static boolean UMLAL(A32Translator t) {
        return mul(t, Multiply::UMLAL);
    }

    /** A8.8.255 UMAAL T1. */
    public static boolean UMAAL(A32Translator t) {
        return mul(t, Multiply::UMAAL);
    }
}
