package org.jemu.arm.a64;

import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;

/**
 * Handlers for Arm ARM C4.1.2 "Data Processing -- Immediate": PC-relative addressing, add/subtract
 * (immediate), logical (immediate), move wide, bitfield and extract. Each handler is named after its
 * instruction page in chapter C6 and emits the IR of that instruction's pseudocode; W-register forms
 * compute in I32 (the result is zero-extended into the X register by SET_REG).
 */
public final class DataProcessingImmediate {
    private DataProcessingImmediate() {
    }

    // ---- PC-rel. addressing ------------------------------------------------------------------------

    /** C6.2 ADR: {@code Xd = PC + SignExtend(immhi:immlo)} (a byte offset of ±1 MiB). */
    public static boolean ADR(A64Translator t) {
        long imm = ((long) t.sf('h') << 2) | t.f('l');
        t.writeX(t.f('d'), t.b.pcConst(t.pc + imm));
        return true;
    }

    /** C6.2 ADRP: {@code Xd = (PC AND NOT 0xFFF) + SignExtend(immhi:immlo:Zeros(12))} (±4 GiB in pages). */
    public static boolean ADRP(A64Translator t) {
        long imm = (((long) t.sf('h') << 2) | t.f('l')) << 12;
        t.writeX(t.f('d'), t.b.pcConst((t.pc & ~0xfffL) + imm));
        return true;
    }

    // ---- Add/subtract (immediate) --------------------------------------------------------------------

    /** C6.2 ADD (immediate): {@code Rd|SP = Rn|SP + imm12 << (sh * 12)}. */
    public static boolean ADD_imm(A64Translator t) {
        return addSubImm(t, false, false);
    }

    /** C6.2 ADDS (immediate): as ADD (immediate), setting NZCV; Rd = 31 is the zero register (CMN). */
    public static boolean ADDS_imm(A64Translator t) {
        return addSubImm(t, false, true);
    }

    /** C6.2 SUB (immediate): {@code Rd|SP = Rn|SP - imm12 << (sh * 12)}. */
    public static boolean SUB_imm(A64Translator t) {
        return addSubImm(t, true, false);
    }

    /** C6.2 SUBS (immediate): as SUB (immediate), setting NZCV; Rd = 31 is the zero register (CMP). */
    public static boolean SUBS_imm(A64Translator t) {
        return addSubImm(t, true, true);
    }

    private static boolean addSubImm(A64Translator t, boolean sub, boolean setFlags) {
        Type ty = t.regType();
        long imm = (long) t.f('i') << (12 * t.f('h'));
        Inst x = t.readXsp(t.f('n'), ty);
        Inst y = t.c(ty, imm);
        Inst r = sub ? t.subWithFlags(x, y, setFlags) : t.addWithCarry(x, y, null, setFlags);
        if (setFlags) {
            t.writeX(t.f('d'), r);
        } else {
            t.writeXsp(t.f('d'), r);
        }
        return true;
    }

    // ---- Logical (immediate) -----------------------------------------------------------------------

    /**
     * DecodeBitMasks (Arm ARM J1 shared pseudocode): the masks of a logical immediate or bitfield
     * encoding for a {@code datasize}-bit operation.
     *
     * @param immediate true for logical immediates (an all-ones element is reserved)
     * @return {@code {wmask, tmask}}, each {@code datasize} bits wide, or null for a reserved encoding
     */
    static long[] decodeBitMasks(int immN, int imms, int immr, boolean immediate, int datasize) {
        int combined = (immN << 6) | (~imms & 0x3f);
        if (combined == 0) {
            return null;
        }
        int len = 31 - Integer.numberOfLeadingZeros(combined);
        if (len < 1) {
            return null;
        }
        int esize = 1 << len;
        if (esize > datasize) {
            return null;
        }
        int levels = esize - 1;
        if (immediate && (imms & levels) == levels) {
            return null;
        }
        int s = imms & levels;
        int r = immr & levels;
        int d = (s - r) & levels;
        long welem = ones(s + 1);
        long telem = ones(d + 1);
        // ROR(welem, r) within esize bits
        long emask = ones(esize);
        long rotated = r == 0 ? welem : ((welem >>> r) | (welem << (esize - r))) & emask;
        return new long[] {replicate(rotated, esize, datasize), replicate(telem, esize, datasize)};
    }

    private static long ones(int n) {
        return n >= 64 ? -1L : (1L << n) - 1;
    }

    private static long replicate(long elem, int esize, int datasize) {
        long r = 0;
        for (int i = 0; i < datasize; i += esize) {
            r |= elem << i;
        }
        return datasize == 64 ? r : r & ones(datasize);
    }

    /** C6.2 AND (immediate): {@code Rd|SP = Rn AND bitmask}. */
    public static boolean AND_imm(A64Translator t) {
        return logicalImm(t, Op.AND, false);
    }

    /** C6.2 ORR (immediate): {@code Rd|SP = Rn OR bitmask} (MOV (bitmask immediate) when Rn = 31). */
    public static boolean ORR_imm(A64Translator t) {
        return logicalImm(t, Op.OR, false);
    }

    /** C6.2 EOR (immediate): {@code Rd|SP = Rn EOR bitmask}. */
    public static boolean EOR_imm(A64Translator t) {
        return logicalImm(t, Op.XOR, false);
    }

    /** C6.2 ANDS (immediate): {@code Rd = Rn AND bitmask}, N and Z from the result, C = V = 0 (TST). */
    public static boolean ANDS_imm(A64Translator t) {
        return logicalImm(t, Op.AND, true);
    }

    private static boolean logicalImm(A64Translator t, Op op, boolean setFlags) {
        int sf = t.f('z');
        int n = t.f('x');
        if (sf == 0 && n != 0) {
            return false;
        }
        long[] masks = decodeBitMasks(n, t.f('s'), t.f('r'), true, sf != 0 ? 64 : 32);
        if (masks == null) {
            return false;
        }
        Type ty = t.regType();
        Inst r = t.b.binary(op, t.readX(t.f('n'), ty), t.c(ty, masks[0]));
        if (setFlags) {
            t.setLogicFlags(r);
            t.writeX(t.f('d'), r);
        } else {
            t.writeXsp(t.f('d'), r);
        }
        return true;
    }

    // ---- Move wide (immediate) -----------------------------------------------------------------------

    /** C6.2 MOVN: {@code Rd = NOT(imm16 << hw*16)}. */
    public static boolean MOVN(A64Translator t) {
        return moveWide(t, 0);
    }

    /** C6.2 MOVZ: {@code Rd = imm16 << hw*16}. */
    public static boolean MOVZ(A64Translator t) {
        return moveWide(t, 2);
    }

    /** C6.2 MOVK: replaces bits {@code [hw*16+15 : hw*16]} of Rd with imm16, keeping the others. */
    public static boolean MOVK(A64Translator t) {
        return moveWide(t, 3);
    }

    private static boolean moveWide(A64Translator t, int opc) {
        int hw = t.f('h');
        if (t.f('z') == 0 && hw >= 2) {
            return false;
        }
        Type ty = t.regType();
        int pos = hw * 16;
        long imm = (long) t.f('i') << pos;
        int d = t.f('d');
        switch (opc) {
            case 0 -> t.writeX(d, t.c(ty, ~imm));
            case 2 -> t.writeX(d, t.c(ty, imm));
            default -> {
                IrBuilder b = t.b;
                Inst old = t.readX(d, ty);
                t.writeX(d, b.or(b.and(old, t.c(ty, ~(0xffffL << pos))), t.c(ty, imm)));
            }
        }
        return true;
    }

    // ---- Bitfield ------------------------------------------------------------------------------------

    /** Checks the bitfield field constraints (C6.2 SBFM/BFM/UBFM decode); returns false if reserved. */
    private static boolean bitfieldOk(A64Translator t) {
        int sf = t.f('z');
        int n = t.f('x');
        if (sf != n) {
            return false;
        }
        return sf != 0 || (t.f('r') < 32 && t.f('s') < 32);
    }

    /**
     * C6.2 SBFM: signed bitfield move. With {@code s >= r} it extracts bits {@code [s:r]} of Rn and
     * sign-extends them (SBFX, ASR, SXTB/SXTH/SXTW); otherwise it moves bits {@code [s:0]} to position
     * {@code datasize - r} and sign-extends from there (SBFIZ).
     */
    public static boolean SBFM(A64Translator t) {
        if (!bitfieldOk(t)) {
            return false;
        }
        Type ty = t.regType();
        int w = ty.bits;
        int r = t.f('r');
        int s = t.f('s');
        IrBuilder b = t.b;
        Inst src = t.readX(t.f('n'), ty);
        // Move bit s to the top, then shift right arithmetically.
        Inst top = (w - 1 - s) == 0 ? src : b.shl(src, t.c(ty, w - 1 - s));
        Inst res;
        if (s >= r) {
            int sh = w - 1 - s + r;
            res = sh == 0 ? top : b.ashr(top, t.c(ty, sh));
        } else {
            Inst ext = (w - 1 - s) == 0 ? top : b.ashr(top, t.c(ty, w - 1 - s));
            res = b.shl(ext, t.c(ty, w - r));
        }
        t.writeX(t.f('d'), res);
        return true;
    }

    /**
     * C6.2 BFM: bitfield move, keeping the other bits of Rd. With {@code s >= r} bits {@code [s:r]} of
     * Rn replace bits {@code [s-r:0]} of Rd (BFXIL); otherwise bits {@code [s:0]} of Rn replace bits
     * {@code [datasize-r+s : datasize-r]} of Rd (BFI).
     */
    public static boolean BFM(A64Translator t) {
        if (!bitfieldOk(t)) {
            return false;
        }
        Type ty = t.regType();
        int w = ty.bits;
        int r = t.f('r');
        int s = t.f('s');
        IrBuilder b = t.b;
        Inst src = t.readX(t.f('n'), ty);
        Inst dst = t.readX(t.f('d'), ty);
        Inst field;
        long mask;
        if (s >= r) {
            long m = ones(s - r + 1);
            Inst sh = r == 0 ? src : b.lshr(src, t.c(ty, r));
            field = b.and(sh, t.c(ty, m));
            mask = m;
        } else {
            long m = ones(s + 1);
            field = b.shl(b.and(src, t.c(ty, m)), t.c(ty, w - r));
            mask = m << (w - r);
        }
        t.writeX(t.f('d'), b.or(b.and(dst, t.c(ty, ~mask)), field));
        return true;
    }

    /**
     * C6.2 UBFM: unsigned bitfield move. With {@code s >= r} it extracts bits {@code [s:r]} of Rn,
     * zero-extended (UBFX, LSR, UXTB/UXTH); otherwise it moves bits {@code [s:0]} to position
     * {@code datasize - r} with zeros elsewhere (UBFIZ, LSL).
     */
    public static boolean UBFM(A64Translator t) {
        if (!bitfieldOk(t)) {
            return false;
        }
        Type ty = t.regType();
        int w = ty.bits;
        int r = t.f('r');
        int s = t.f('s');
        IrBuilder b = t.b;
        Inst src = t.readX(t.f('n'), ty);
        Inst res;
        if (s >= r) {
            Inst sh = r == 0 ? src : b.lshr(src, t.c(ty, r));
            res = s - r + 1 == w ? sh : b.and(sh, t.c(ty, ones(s - r + 1)));
        } else {
            res = b.shl(b.and(src, t.c(ty, ones(s + 1))), t.c(ty, w - r));
        }
        t.writeX(t.f('d'), res);
        return true;
    }

    // ---- Extract -------------------------------------------------------------------------------------

    /** C6.2 EXTR: {@code Rd = (Rn:Rm)<lsb+datasize-1:lsb>} (ROR (immediate) when Rn = Rm). */
    public static boolean EXTR(A64Translator t) {
        int sf = t.f('z');
        int lsb = t.f('s');
        if (t.f('x') != sf || (sf == 0 && lsb >= 32)) {
            return false;
        }
        Type ty = t.regType();
        IrBuilder b = t.b;
        Inst rm = t.readX(t.f('m'), ty);
        Inst res;
        if (lsb == 0) {
            res = rm;
        } else {
            Inst rn = t.readX(t.f('n'), ty);
            res = b.or(b.lshr(rm, t.c(ty, lsb)), b.shl(rn, t.c(ty, ty.bits - lsb)));
        }
        t.writeX(t.f('d'), res);
        return true;
    }
}
