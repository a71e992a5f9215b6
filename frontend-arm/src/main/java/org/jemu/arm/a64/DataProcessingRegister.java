package org.jemu.arm.a64;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;

/**
 * Handlers for Arm ARM C4.1.5 "Data Processing -- Register": 2-source (divide, variable shifts, CRC32),
 * 1-source (bit and byte reversal, leading zero/sign count), logical and add/subtract (shifted register),
 * add/subtract (extended register), add/subtract with carry, conditional compare, conditional select and
 * 3-source (multiply-add). Each handler is named after its instruction page in chapter C6. Register 31 is
 * the zero register everywhere except Rd and Rn of the non-flag-setting extended-register forms (SP).
 */
public final class DataProcessingRegister {
    private DataProcessingRegister() {
    }

    // ---- Data-processing (2 source) --------------------------------------------------------------------

    private static boolean binary(A64Translator t, Op op) {
        Type ty = t.regType();
        Inst r = t.b.binary(op, t.readX(t.f('n'), ty), t.readX(t.f('m'), ty));
        t.writeX(t.f('d'), r);
        return true;
    }

    /** C6.2 UDIV: unsigned divide, rounding towards zero; division by zero gives 0. */
    public static boolean UDIV(A64Translator t) {
        return binary(t, Op.UDIV);
    }

    /** C6.2 SDIV: signed divide, rounding towards zero; division by zero gives 0, MIN / -1 gives MIN. */
    public static boolean SDIV(A64Translator t) {
        return binary(t, Op.SDIV);
    }

    /** C6.2 LSLV: shift left by Rm modulo the register width. */
    public static boolean LSLV(A64Translator t) {
        return binary(t, Op.SHL);
    }

    /** C6.2 LSRV: logical shift right by Rm modulo the register width. */
    public static boolean LSRV(A64Translator t) {
        return binary(t, Op.LSHR);
    }

    /** C6.2 ASRV: arithmetic shift right by Rm modulo the register width. */
    public static boolean ASRV(A64Translator t) {
        return binary(t, Op.ASHR);
    }

    /** C6.2 RORV: rotate right by Rm modulo the register width. */
    public static boolean RORV(A64Translator t) {
        return binary(t, Op.ROTR);
    }

    private static boolean crc(A64Translator t, Helper h) {
        int sz = t.f('q');
        boolean x = t.f('z') != 0;
        if (x != (sz == 3)) {
            return false;
        }
        IrBuilder b = t.b;
        Inst acc = t.readX(t.f('n'), Type.I32);
        Inst val = t.readX(t.f('m'), Type.I64);
        t.writeX(t.f('d'), b.call(h, acc, val, b.c32(1 << sz)));
        return true;
    }

    /** C6.2 CRC32B, CRC32H, CRC32W, CRC32X: CRC-32 (polynomial 0x04C11DB7) of 1, 2, 4 or 8 bytes of Rm into Wn. */
    public static boolean CRC32(A64Translator t) {
        return crc(t, A64HelperRefs.CRC32);
    }

    /** C6.2 CRC32CB, CRC32CH, CRC32CW, CRC32CX: as CRC32* with the Castagnoli polynomial 0x1EDC6F41. */
    public static boolean CRC32C(A64Translator t) {
        return crc(t, A64HelperRefs.CRC32C);
    }

    // ---- Data-processing (1 source) --------------------------------------------------------------------

    private static boolean unary(A64Translator t, Op op) {
        Type ty = t.regType();
        t.writeX(t.f('d'), t.b.unary(op, t.readX(t.f('n'), ty)));
        return true;
    }

    /** C6.2 RBIT: reverse the bit order. */
    public static boolean RBIT(A64Translator t) {
        return unary(t, Op.BITREV);
    }

    /** C6.2 REV16: reverse the bytes in each 16-bit halfword. */
    public static boolean REV16(A64Translator t) {
        Type ty = t.regType();
        IrBuilder b = t.b;
        Inst v = t.readX(t.f('n'), ty);
        long m = ty == Type.I64 ? 0x00ff00ff00ff00ffL : 0x00ff00ffL;
        Inst lo = b.and(b.lshr(v, t.c(ty, 8)), t.c(ty, m));
        Inst hi = b.shl(b.and(v, t.c(ty, m)), t.c(ty, 8));
        t.writeX(t.f('d'), b.or(lo, hi));
        return true;
    }

    /** C6.2 REV: reverse the bytes of the whole W (opc 10) or X (opc 11) register. */
    public static boolean REV(A64Translator t) {
        int opc0 = t.f('o');
        if ((t.f('z') != 0) != (opc0 != 0)) {
            return false;  // sf 0 with opc 11 is unallocated; sf 1 with opc 10 is REV32 (matched first)
        }
        return unary(t, Op.BSWAP);
    }

    /** C6.2 REV32: reverse the bytes in each 32-bit word of an X register. */
    public static boolean REV32(A64Translator t) {
        IrBuilder b = t.b;
        Inst v = b.unary(Op.BSWAP, t.readX(t.f('n'), Type.I64));
        t.writeX(t.f('d'), b.binary(Op.ROTR, v, t.c(Type.I64, 32)));
        return true;
    }

    /** C6.2 CLZ: count leading zero bits (the width for zero). */
    public static boolean CLZ(A64Translator t) {
        return unary(t, Op.CLZ);
    }

    /**
     * C6.2 CLS: count leading sign bits, the number of bits below the top one that equal it:
     * {@code CLZ(x EOR (x ASR 1)) - 1}.
     */
    public static boolean CLS(A64Translator t) {
        Type ty = t.regType();
        IrBuilder b = t.b;
        Inst v = t.readX(t.f('n'), ty);
        Inst y = b.xor(v, b.ashr(v, t.c(ty, 1)));
        t.writeX(t.f('d'), b.sub(b.unary(Op.CLZ, y), t.c(ty, 1)));
        return true;
    }

    // ---- Logical (shifted register) ------------------------------------------------------------------

    private static boolean logical(A64Translator t, Op op, boolean invert, boolean setFlags) {
        Type ty = t.regType();
        int amount = t.f('i');
        if (ty == Type.I32 && amount >= 32) {
            return false;
        }
        IrBuilder b = t.b;
        Inst m = t.shiftReg(t.f('m'), ty, t.f('h'), amount);
        if (invert) {
            m = b.not(m);
        }
        Inst r = b.binary(op, t.readX(t.f('n'), ty), m);
        if (setFlags) {
            t.setLogicFlags(r);
        }
        t.writeX(t.f('d'), r);
        return true;
    }

    /** C6.2 AND (shifted register). */
    public static boolean AND_shift(A64Translator t) {
        return logical(t, Op.AND, false, false);
    }

    /** C6.2 BIC (shifted register): {@code Rn AND NOT shifted(Rm)}. */
    public static boolean BIC_shift(A64Translator t) {
        return logical(t, Op.AND, true, false);
    }

    /** C6.2 ORR (shifted register) (MOV (register) when Rn = 31 and no shift). */
    public static boolean ORR_shift(A64Translator t) {
        return logical(t, Op.OR, false, false);
    }

    /** C6.2 ORN (shifted register): {@code Rn OR NOT shifted(Rm)} (MVN when Rn = 31). */
    public static boolean ORN_shift(A64Translator t) {
        return logical(t, Op.OR, true, false);
    }

    /** C6.2 EOR (shifted register). */
    public static boolean EOR_shift(A64Translator t) {
        return logical(t, Op.XOR, false, false);
    }

    /** C6.2 EON (shifted register): {@code Rn EOR NOT shifted(Rm)}. */
    public static boolean EON_shift(A64Translator t) {
        return logical(t, Op.XOR, true, false);
    }

    /** C6.2 ANDS (shifted register): N, Z from the result, C = V = 0 (TST when Rd = 31). */
    public static boolean ANDS_shift(A64Translator t) {
        return logical(t, Op.AND, false, true);
    }

    /** C6.2 BICS (shifted register): {@code Rn AND NOT shifted(Rm)}, setting N, Z, C = V = 0. */
    public static boolean BICS_shift(A64Translator t) {
        return logical(t, Op.AND, true, true);
    }

    // ---- Add/subtract (shifted register) -------------------------------------------------------------

    private static boolean addSubShift(A64Translator t, boolean sub, boolean setFlags) {
        Type ty = t.regType();
        int shift = t.f('h');
        int amount = t.f('i');
        if (shift == 3 || (ty == Type.I32 && amount >= 32)) {
            return false;
        }
        Inst x = t.readX(t.f('n'), ty);
        Inst y = t.shiftReg(t.f('m'), ty, shift, amount);
        Inst r = sub ? t.subWithFlags(x, y, setFlags) : t.addWithCarry(x, y, null, setFlags);
        t.writeX(t.f('d'), r);
        return true;
    }

    /** C6.2 ADD (shifted register): {@code Rd = Rn + shift(Rm, amount)} (LSL, LSR, ASR). */
    public static boolean ADD_shift(A64Translator t) {
        return addSubShift(t, false, false);
    }

    /** C6.2 ADDS (shifted register), setting NZCV (CMN when Rd = 31). */
    public static boolean ADDS_shift(A64Translator t) {
        return addSubShift(t, false, true);
    }

    /** C6.2 SUB (shifted register): {@code Rd = Rn - shift(Rm, amount)} (NEG when Rn = 31). */
    public static boolean SUB_shift(A64Translator t) {
        return addSubShift(t, true, false);
    }

    /** C6.2 SUBS (shifted register), setting NZCV (CMP when Rd = 31, NEGS when Rn = 31). */
    public static boolean SUBS_shift(A64Translator t) {
        return addSubShift(t, true, true);
    }

    // ---- Add/subtract (extended register) ------------------------------------------------------------

    private static boolean addSubExt(A64Translator t, boolean sub, boolean setFlags) {
        int shift = t.f('i');
        if (shift > 4) {
            return false;
        }
        Type ty = t.regType();
        Inst x = t.readXsp(t.f('n'), ty);
        Inst y = t.extendReg(t.f('m'), ty, t.f('o'), shift);
        Inst r = sub ? t.subWithFlags(x, y, setFlags) : t.addWithCarry(x, y, null, setFlags);
        if (setFlags) {
            t.writeX(t.f('d'), r);
        } else {
            t.writeXsp(t.f('d'), r);
        }
        return true;
    }

    /** C6.2 ADD (extended register): {@code Rd|SP = Rn|SP + ExtendReg(Rm, option, imm3)}. */
    public static boolean ADD_ext(A64Translator t) {
        return addSubExt(t, false, false);
    }

    /** C6.2 ADDS (extended register): {@code Rd = Rn|SP + ExtendReg(...)}, setting NZCV. */
    public static boolean ADDS_ext(A64Translator t) {
        return addSubExt(t, false, true);
    }

    /** C6.2 SUB (extended register): {@code Rd|SP = Rn|SP - ExtendReg(Rm, option, imm3)}. */
    public static boolean SUB_ext(A64Translator t) {
        return addSubExt(t, true, false);
    }

    /** C6.2 SUBS (extended register): {@code Rd = Rn|SP - ExtendReg(...)}, setting NZCV. */
    public static boolean SUBS_ext(A64Translator t) {
        return addSubExt(t, true, true);
    }

    // ---- Add/subtract (with carry) -------------------------------------------------------------------

    private static boolean carry(A64Translator t, boolean sub, boolean setFlags) {
        Type ty = t.regType();
        IrBuilder b = t.b;
        Inst x = t.readX(t.f('n'), ty);
        Inst y = t.readX(t.f('m'), ty);
        if (sub) {
            y = b.not(y);
        }
        Inst r = t.addWithCarry(x, y, b.get32(Aarch64Cpu.CF), setFlags);
        t.writeX(t.f('d'), r);
        return true;
    }

    /** C6.2 ADC: {@code Rd = Rn + Rm + C}. */
    public static boolean ADC(A64Translator t) {
        return carry(t, false, false);
    }

    /** C6.2 ADCS: {@code Rd = Rn + Rm + C}, setting NZCV. */
    public static boolean ADCS(A64Translator t) {
        return carry(t, false, true);
    }

    /** C6.2 SBC: {@code Rd = Rn + NOT(Rm) + C} (NGC when Rn = 31). */
    public static boolean SBC(A64Translator t) {
        return carry(t, true, false);
    }

    /** C6.2 SBCS: {@code Rd = Rn + NOT(Rm) + C}, setting NZCV. */
    public static boolean SBCS(A64Translator t) {
        return carry(t, true, true);
    }

    // ---- Conditional compare -------------------------------------------------------------------------

    /**
     * If the condition holds, NZCV = flags of {@code Rn + y} (CCMN) or {@code Rn - y} (CCMP); otherwise
     * NZCV = the 4-bit immediate {@code nzcv}.
     */
    private static boolean condCompare(A64Translator t, boolean sub, Inst y) {
        Type ty = y.type;
        IrBuilder b = t.b;
        Inst cond = t.conditionHolds(t.f('c'));
        Inst x = t.readX(t.f('n'), ty);
        Inst r = sub ? b.sub(x, y) : b.add(x, y);
        Inst zero = t.c(ty, 0);
        Inst n = b.cmp(Op.SLT, r, zero);
        Inst z = b.cmp(Op.EQ, r, zero);
        Inst c;
        Inst v;
        if (sub) {
            c = b.cmp(Op.ULE, y, x);
            v = b.cmp(Op.SLT, b.and(b.xor(x, y), b.xor(x, r)), zero);
        } else {
            c = b.cmp(Op.ULT, r, x);
            v = b.cmp(Op.SLT, b.and(b.xor(x, r), b.xor(y, r)), zero);
        }
        int nzcv = t.f('f');
        t.setNZCV(b.select(cond, n, b.c32((nzcv >> 3) & 1)), b.select(cond, z, b.c32((nzcv >> 2) & 1)),
                b.select(cond, c, b.c32((nzcv >> 1) & 1)), b.select(cond, v, b.c32(nzcv & 1)));
        return true;
    }

    /** C6.2 CCMN (register): conditional compare negative. */
    public static boolean CCMN_reg(A64Translator t) {
        return condCompare(t, false, t.readX(t.f('m'), t.regType()));
    }

    /** C6.2 CCMP (register): conditional compare. */
    public static boolean CCMP_reg(A64Translator t) {
        return condCompare(t, true, t.readX(t.f('m'), t.regType()));
    }

    /** C6.2 CCMN (immediate): conditional compare negative with a 5-bit unsigned immediate. */
    public static boolean CCMN_imm(A64Translator t) {
        return condCompare(t, false, t.c(t.regType(), t.f('i')));
    }

    /** C6.2 CCMP (immediate): conditional compare with a 5-bit unsigned immediate. */
    public static boolean CCMP_imm(A64Translator t) {
        return condCompare(t, true, t.c(t.regType(), t.f('i')));
    }

    // ---- Conditional select --------------------------------------------------------------------------

    private static boolean condSelect(A64Translator t, int op) {
        Type ty = t.regType();
        IrBuilder b = t.b;
        Inst cond = t.conditionHolds(t.f('c'));
        Inst rn = t.readX(t.f('n'), ty);
        Inst rm = t.readX(t.f('m'), ty);
        Inst other = switch (op) {
            case 1 -> b.add(rm, t.c(ty, 1));
            case 2 -> b.not(rm);
            case 3 -> b.unary(Op.NEG, rm);
            default -> rm;
        };
        t.writeX(t.f('d'), b.select(cond, rn, other));
        return true;
    }

    /** C6.2 CSEL: {@code Rd = cond ? Rn : Rm}. */
    public static boolean CSEL(A64Translator t) {
        return condSelect(t, 0);
    }

    /** C6.2 CSINC: {@code Rd = cond ? Rn : Rm + 1} (CSET, CINC). */
    public static boolean CSINC(A64Translator t) {
        return condSelect(t, 1);
    }

    /** C6.2 CSINV: {@code Rd = cond ? Rn : NOT Rm} (CSETM, CINV). */
    public static boolean CSINV(A64Translator t) {
        return condSelect(t, 2);
    }

    /** C6.2 CSNEG: {@code Rd = cond ? Rn : -Rm} (CNEG). */
    public static boolean CSNEG(A64Translator t) {
        return condSelect(t, 3);
    }

    // ---- Data-processing (3 source) ------------------------------------------------------------------

    private static boolean multiplyAdd(A64Translator t, boolean sub) {
        Type ty = t.regType();
        IrBuilder b = t.b;
        Inst p = b.binary(Op.MUL, t.readX(t.f('n'), ty), t.readX(t.f('m'), ty));
        Inst a = t.readX(t.f('a'), ty);
        t.writeX(t.f('d'), sub ? b.sub(a, p) : b.add(a, p));
        return true;
    }

    /** C6.2 MADD: {@code Rd = Ra + Rn * Rm} (MUL when Ra = 31). */
    public static boolean MADD(A64Translator t) {
        return multiplyAdd(t, false);
    }

    /** C6.2 MSUB: {@code Rd = Ra - Rn * Rm} (MNEG when Ra = 31). */
    public static boolean MSUB(A64Translator t) {
        return multiplyAdd(t, true);
    }

    private static boolean multiplyAddLong(A64Translator t, boolean signed, boolean sub) {
        IrBuilder b = t.b;
        Inst wn = t.readX(t.f('n'), Type.I32);
        Inst wm = t.readX(t.f('m'), Type.I32);
        Inst xn = signed ? b.sext32(wn) : b.zext32(wn);
        Inst xm = signed ? b.sext32(wm) : b.zext32(wm);
        Inst p = b.binary(Op.MUL, xn, xm);
        Inst a = t.readX(t.f('a'), Type.I64);
        t.writeX(t.f('d'), sub ? b.sub(a, p) : b.add(a, p));
        return true;
    }

    /** C6.2 SMADDL: {@code Xd = Xa + SInt(Wn) * SInt(Wm)} (SMULL when Ra = 31). */
    public static boolean SMADDL(A64Translator t) {
        return multiplyAddLong(t, true, false);
    }

    /** C6.2 SMSUBL: {@code Xd = Xa - SInt(Wn) * SInt(Wm)} (SMNEGL). */
    public static boolean SMSUBL(A64Translator t) {
        return multiplyAddLong(t, true, true);
    }

    /** C6.2 UMADDL: {@code Xd = Xa + UInt(Wn) * UInt(Wm)} (UMULL). */
    public static boolean UMADDL(A64Translator t) {
        return multiplyAddLong(t, false, false);
    }

    /** C6.2 UMSUBL: {@code Xd = Xa - UInt(Wn) * UInt(Wm)} (UMNEGL). */
    public static boolean UMSUBL(A64Translator t) {
        return multiplyAddLong(t, false, true);
    }

    /** C6.2 SMULH: {@code Xd = (SInt(Xn) * SInt(Xm))<127:64>}. */
    public static boolean SMULH(A64Translator t) {
        Inst r = t.b.binary(Op.MULHS, t.readX(t.f('n'), Type.I64), t.readX(t.f('m'), Type.I64));
        t.writeX(t.f('d'), r);
        return true;
    }

    /** C6.2 UMULH: {@code Xd = (UInt(Xn) * UInt(Xm))<127:64>}. */
    public static boolean UMULH(A64Translator t) {
        Inst r = t.b.binary(Op.MULHU, t.readX(t.f('n'), Type.I64), t.readX(t.f('m'), Type.I64));
        t.writeX(t.f('d'), r);
        return true;
    }
}
