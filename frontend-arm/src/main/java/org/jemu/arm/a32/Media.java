package org.jemu.arm.a32;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.Op;

/**
 * A32 media and miscellaneous data instructions: DDI 0406C A5.4.1/A5.4.2 (parallel addition and
 * subtraction, signed and unsigned, with the GE flags), A5.4.3 (packing, unpacking, saturation, reversal),
 * A5.4 USAD8/USADA8 and the bit-field instructions, and from A5.2.12 CLZ and the saturating QADD, QSUB,
 * QDADD, QDSUB. All registers are 32-bit; any register being the PC is UNPREDICTABLE (UNDEFINED here).
 */
public final class Media {
    private Media() {
    }

    private static boolean anyPc(int... regs) {
        for (int r : regs) {
            if (r == 15) {
                return true;
            }
        }
        return false;
    }

    /** A8.8.33 CLZ: count leading zeros. */
    public static boolean CLZ(A32Translator t) {
        if (anyPc(t.f('d'), t.f('m'))) {
            return false;
        }
        t.writeR(t.f('d'), t.b.unary(Op.CLZ, t.readR(t.f('m'))));
        return true;
    }

    // ---- saturation (A2.2.1 SignedSatQ, UnsignedSatQ) -----------------------------------------------------

    /**
     * SignedSatQ(v, bits) of I64 {@code v}: the I32 result clamped to [-2^(bits-1), 2^(bits-1) - 1] and the
     * I32 0/1 "saturated" flag.
     */
    static Inst[] signedSat(IrBuilder b, Inst v, int bits) {
        long max = (1L << (bits - 1)) - 1;
        long min = -(1L << (bits - 1));
        Inst hi = b.cmp(Op.SLT, b.c64(max), v);
        Inst lo = b.cmp(Op.SLT, v, b.c64(min));
        Inst r = b.select(hi, b.c64(max), b.select(lo, b.c64(min), v));
        return new Inst[] {b.trunc(r), b.or(hi, lo)};
    }

    /** UnsignedSatQ(v, bits) of I64 {@code v}: clamped to [0, 2^bits - 1], and the saturated flag. */
    static Inst[] unsignedSat(IrBuilder b, Inst v, int bits) {
        long max = (1L << bits) - 1;
        Inst hi = b.cmp(Op.SLT, b.c64(max), v);
        Inst lo = b.cmp(Op.SLT, v, b.c64(0));
        Inst r = b.select(hi, b.c64(max), b.select(lo, b.c64(0), v));
        return new Inst[] {b.trunc(r), b.or(hi, lo)};
    }

    private static boolean qaddsub(A32Translator t, boolean sub, boolean dbl) {
        int d = t.f('d');
        if (anyPc(d, t.f('n'), t.f('m'))) {
            return false;
        }
        IrBuilder b = t.b;
        Inst m = b.sext32(t.readR(t.f('m')));
        Inst n = b.sext32(t.readR(t.f('n')));
        Inst q1 = null;
        if (dbl) {
            Inst[] s = signedSat(b, b.add(n, n), 32);
            n = b.sext32(s[0]);
            q1 = s[1];
        }
        Inst[] r = signedSat(b, sub ? b.sub(m, n) : b.add(m, n), 32);
        t.orQ(q1 == null ? r[1] : b.or(q1, r[1]));
        t.writeR(d, r[0]);
        return true;
    }

    /** A8.8.134 QADD: R[d] = SignedSatQ(R[m] + R[n], 32); Q if saturated. */
    public static boolean QADD(A32Translator t) {
        return qaddsub(t, false, false);
    }

    /** A8.8.141 QSUB: R[d] = SignedSatQ(R[m] - R[n], 32). */
    public static boolean QSUB(A32Translator t) {
        return qaddsub(t, true, false);
    }

    /** A8.8.138 QDADD: R[d] = SignedSatQ(R[m] + SignedSatQ(2 * R[n], 32), 32); Q if either saturated. */
    public static boolean QDADD(A32Translator t) {
        return qaddsub(t, false, true);
    }

    /** A8.8.139 QDSUB: R[d] = SignedSatQ(R[m] - SignedSatQ(2 * R[n], 32), 32). */
    public static boolean QDSUB(A32Translator t) {
        return qaddsub(t, true, true);
    }

    // ---- parallel addition and subtraction (A5.4.1, A5.4.2) ----------------------------------------------

    /**
     * All 36 parallel add/subtract instructions (A8.8.x SADD16 ... UHSUB8): bit 22 unsigned, bits [21:20]
     * the kind (01 modular with GE flags, 10 saturating, 11 halving), bits [7:5] the operation (000 ADD16,
     * 001 ASX, 010 SAX, 011 SUB16, 100 ADD8, 111 SUB8). Each lane is computed exactly in 32 bits; the
     * modular forms set GE (signed: lane result &gt;= 0; unsigned add: carry out of the lane; unsigned
     * subtract: no borrow), two GE bits per halfword lane.
     */
    public static boolean PARALLEL(A32Translator t) {
        int d = t.f('d');
        if (anyPc(d, t.f('n'), t.f('m'))) {
            return false;
        }
        parallel(t, d, t.f('n'), t.f('m'), t.bit(22) != 0, t.bits(21, 20), t.bits(7, 5));
        return true;
    }

    /**
     * The parallel add/subtract operation (A32 and T32): {@code unsigned}, {@code kind} (1 modular with GE,
     * 2 saturating, 3 halving) and {@code op} in the A32 op2 numbering (0 ADD16, 1 ASX, 2 SAX, 3 SUB16,
     * 4 ADD8, 7 SUB8) on R[n], R[m] into R[d].
     */
    public static void parallel(A32Translator t, int d, int rn, int rm, boolean unsigned, int kind, int op) {
        boolean bytes = op >= 4;
        int lanes = bytes ? 4 : 2;
        int w = bytes ? 8 : 16;
        IrBuilder b = t.b;
        Inst n = t.readR(rn);
        Inst m = t.readR(rm);
        Inst result = t.c(0);
        Inst ge = t.c(0);
        for (int i = 0; i < lanes; i++) {
            // ASX: lane 0 = n.lo - m.hi, lane 1 = n.hi + m.lo; SAX the other way round
            int mi = (op == 1 || op == 2) ? 1 - i : i;
            boolean sub = switch (op) {
                case 0, 4 -> false;
                case 1 -> i == 0;
                case 2 -> i == 1;
                default -> true;
            };
            Inst a = lane(t, n, i, w, unsigned);
            Inst c = lane(t, m, mi, w, unsigned);
            Inst r = sub ? b.sub(a, c) : b.add(a, c);
            Inst laneGe = null;
            switch (kind) {
                case 1 -> {
                    if (!unsigned) {
                        laneGe = b.xor(b.lshr(r, t.c(31)), t.c(1));
                    } else if (sub) {
                        laneGe = b.xor(b.lshr(r, t.c(31)), t.c(1));
                    } else {
                        laneGe = b.cmp(Op.ULE, t.c(1 << w), r);
                    }
                }
                case 2 -> {
                    Inst v = b.sext32(r);
                    r = (unsigned ? unsignedSat(b, v, w) : signedSat(b, v, w))[0];
                }
                default -> r = b.ashr(r, t.c(1));
            }
            Inst bitsOut = b.and(r, t.c((1 << w) - 1));
            result = b.or(result, i == 0 ? bitsOut : b.shl(bitsOut, t.c(i * w)));
            if (laneGe != null) {
                int geMask = bytes ? 1 << i : 3 << (2 * i);
                ge = b.or(ge, b.and(b.unary(Op.NEG, laneGe), t.c(geMask)));
            }
        }
        if (kind == 1) {
            t.setSlot(Aarch64Cpu.GE, ge);
        }
        t.writeR(d, result);
    }

    /** Lane {@code i} of width {@code w} bits of I32 {@code x}, sign- or zero-extended to I32. */
    private static Inst lane(A32Translator t, Inst x, int i, int w, boolean unsigned) {
        IrBuilder b = t.b;
        Inst v = i == 0 ? x : b.lshr(x, t.c(i * w));
        if (w == 8) {
            return b.unary(unsigned ? Op.ZEXT8 : Op.SEXT8, v);
        }
        return b.unary(unsigned ? Op.ZEXT16 : Op.SEXT16, v);
    }

    /** A8.8.143 SEL: each byte from R[n] if its GE bit is set, else from R[m]. */
    public static boolean SEL(A32Translator t) {
        int d = t.f('d');
        if (anyPc(d, t.f('n'), t.f('m'))) {
            return false;
        }
        IrBuilder b = t.b;
        Inst ge = b.get32(Aarch64Cpu.GE);
        Inst mask = t.c(0);
        for (int i = 0; i < 4; i++) {
            Inst bit = b.and(b.lshr(ge, t.c(i)), t.c(1));
            mask = b.or(mask, b.and(b.unary(Op.NEG, bit), t.c(0xff << (8 * i))));
        }
        t.writeR(d, b.or(b.and(t.readR(t.f('n')), mask), b.and(t.readR(t.f('m')), b.not(mask))));
        return true;
    }

    // ---- packing, unpacking, saturation, reversal (A5.4.3) ------------------------------------------------

    /**
     * A8.8.125 PKHBT (tb = 0: R[n]&lt;15:0&gt; with (R[m] LSL imm5)&lt;31:16&gt;) and PKHTB (tb = 1:
     * (R[m] ASR imm5)&lt;15:0&gt; with R[n]&lt;31:16&gt;, imm5 = 0 meaning 32).
     */
    public static boolean PKH(A32Translator t) {
        int d = t.f('d');
        if (anyPc(d, t.f('n'), t.f('m'))) {
            return false;
        }
        pkh(t, d, t.f('n'), t.f('m'), t.f('i'), t.bit(6) != 0);
        return true;
    }

    /** PKHBT/PKHTB's operation (A32 and T32) with shift amount {@code imm5} and {@code tb}. */
    public static void pkh(A32Translator t, int d, int rn, int rm, int imm5, boolean tb) {
        IrBuilder b = t.b;
        Inst op2 = t.shiftImm(t.readR(rm), tb ? 2 : 0, imm5).value();
        Inst n = t.readR(rn);
        Inst r = tb ? b.or(b.and(n, t.c(0xffff0000)), b.and(op2, t.c(0xffff)))
                : b.or(b.and(n, t.c(0xffff)), b.and(op2, t.c(0xffff0000)));
        t.writeR(d, r);
    }

    /** ROR(R[m], 8 * rotate) of the extend instructions. */
    private static Inst rotated(A32Translator t, int m, int rotate) {
        Inst v = t.readR(m);
        int rot = rotate * 8;
        return rot == 0 ? v : t.b.binary(Op.ROTR, v, t.c(rot));
    }

    private static boolean extend(A32Translator t, Op ext) {
        int d = t.f('d');
        if (anyPc(d, t.f('m'))) {
            return false;
        }
        // Rn = 1111: the non-accumulating form (a pattern carve-out without an n field); bits [19:16] in
        // A32 and in the 32-bit T32 encodings
        extend(t, ext, d, t.bits(19, 16), t.f('m'), t.f('r'));
        return true;
    }

    /**
     * The extend operation (A32 and T32): R[d] = R[n] + ext(ROR(R[m], 8 * rotate)), without the addition
     * for n = 15; {@code ext} is SEXT8, SEXT16, ZEXT8 or ZEXT16.
     */
    public static void extend(A32Translator t, Op ext, int d, int n, int m, int rotate) {
        IrBuilder b = t.b;
        Inst v = b.unary(ext, rotated(t, m, rotate));
        t.writeR(d, n == 15 ? v : b.add(t.readR(n), v));
    }

    /** A8.8.233 SXTAB / A8.8.236 SXTB (Rn = 1111): R[n] + SignExtend(ROR(R[m], rot)&lt;7:0&gt;). */
    public static boolean SXTAB(A32Translator t) {
        return extend(t, Op.SEXT8);
    }

    /** A8.8.235 SXTAH / A8.8.238 SXTH. */
    public static boolean SXTAH(A32Translator t) {
        return extend(t, Op.SEXT16);
    }

    /** A8.8.263 UXTAB / A8.8.266 UXTB. */
    public static boolean UXTAB(A32Translator t) {
        return extend(t, Op.ZEXT8);
    }

    /** A8.8.265 UXTAH / A8.8.268 UXTH. */
    public static boolean UXTAH(A32Translator t) {
        return extend(t, Op.ZEXT16);
    }

    private static boolean extend16(A32Translator t, Op ext) {
        int d = t.f('d');
        if (anyPc(d, t.f('m'))) {
            return false;
        }
        IrBuilder b = t.b;
        Inst r = rotated(t, t.f('m'), t.f('r'));
        Inst lo = b.unary(ext, r);
        Inst hi = b.unary(ext, b.lshr(r, t.c(16)));
        int n = t.bits(19, 16);
        if (n != 15) {
            Inst rn = t.readR(n);
            lo = b.add(rn, lo);
            hi = b.add(b.lshr(rn, t.c(16)), hi);
        }
        t.writeR(d, b.or(b.and(lo, t.c(0xffff)), b.shl(hi, t.c(16))));
        return true;
    }

    /** A8.8.234 SXTAB16 / A8.8.237 SXTB16: both halfwords plus the sign-extended bytes 0 and 2. */
    public static boolean SXTAB16(A32Translator t) {
        return extend16(t, Op.SEXT8);
    }

    /** A8.8.264 UXTAB16 / A8.8.267 UXTB16. */
    public static boolean UXTAB16(A32Translator t) {
        return extend16(t, Op.ZEXT8);
    }

    /** The operand of SSAT/USAT: R[n] shifted by LSL imm5 (sh = 0) or ASR imm5 (sh = 1, 0 meaning 32). */
    private static Inst satOperand(A32Translator t) {
        return t.shiftImm(t.readR(t.f('n')), t.f('h') != 0 ? 2 : 0, t.f('v')).value();
    }

    /** A8.8.166 SSAT: R[d] = SignedSatQ(operand, sat_imm + 1); Q if saturated. */
    public static boolean SSAT(A32Translator t) {
        int d = t.f('d');
        if (anyPc(d, t.f('n'))) {
            return false;
        }
        Inst[] r = signedSat(t.b, t.b.sext32(satOperand(t)), t.f('i') + 1);
        t.orQ(r[1]);
        t.writeR(d, r[0]);
        return true;
    }

    /** A8.8.252 USAT: R[d] = UnsignedSatQ(operand, sat_imm); Q if saturated. */
    public static boolean USAT(A32Translator t) {
        int d = t.f('d');
        if (anyPc(d, t.f('n'))) {
            return false;
        }
        Inst[] r = unsignedSat(t.b, t.b.sext32(satOperand(t)), t.f('i'));
        t.orQ(r[1]);
        t.writeR(d, r[0]);
        return true;
    }

    private static boolean sat16(A32Translator t, boolean unsigned) {
        int d = t.f('d');
        if (anyPc(d, t.f('n'))) {
            return false;
        }
        IrBuilder b = t.b;
        int bits = unsigned ? t.f('i') : t.f('i') + 1;
        Inst n = t.readR(t.f('n'));
        Inst lo = b.sext32(b.unary(Op.SEXT16, n));
        Inst hi = b.sext32(b.ashr(n, t.c(16)));
        Inst[] l = unsigned ? unsignedSat(b, lo, bits) : signedSat(b, lo, bits);
        Inst[] h = unsigned ? unsignedSat(b, hi, bits) : signedSat(b, hi, bits);
        t.orQ(b.or(l[1], h[1]));
        t.writeR(d, b.or(b.and(l[0], t.c(0xffff)), b.shl(h[0], t.c(16))));
        return true;
    }

    /** A8.8.167 SSAT16: both halfwords SignedSatQ(·, sat_imm + 1). */
    public static boolean SSAT16(A32Translator t) {
        return sat16(t, false);
    }

    /** A8.8.253 USAT16: both halfwords UnsignedSatQ(·, sat_imm). */
    public static boolean USAT16(A32Translator t) {
        return sat16(t, true);
    }

    /** A8.8.145 REV: byte-reverse the word. */
    public static boolean REV(A32Translator t) {
        if (anyPc(t.f('d'), t.f('m'))) {
            return false;
        }
        t.writeR(t.f('d'), t.b.unary(Op.BSWAP, t.readR(t.f('m'))));
        return true;
    }

    /** A8.8.146 REV16: byte-reverse each halfword. */
    public static boolean REV16(A32Translator t) {
        if (anyPc(t.f('d'), t.f('m'))) {
            return false;
        }
        IrBuilder b = t.b;
        Inst m = t.readR(t.f('m'));
        t.writeR(t.f('d'), b.or(b.and(b.lshr(m, t.c(8)), t.c(0x00ff00ff)), b.and(b.shl(m, t.c(8)), t.c(0xff00ff00))));
        return true;
    }

    /** A8.8.147 REVSH: byte-reverse the low halfword and sign-extend it. */
    public static boolean REVSH(A32Translator t) {
        if (anyPc(t.f('d'), t.f('m'))) {
            return false;
        }
        IrBuilder b = t.b;
        Inst m = t.readR(t.f('m'));
        Inst v = b.or(b.shl(b.and(m, t.c(0xff)), t.c(8)), b.and(b.lshr(m, t.c(8)), t.c(0xff)));
        t.writeR(t.f('d'), b.unary(Op.SEXT16, v));
        return true;
    }

    /** A8.8.144 RBIT: reverse the bit order. */
    public static boolean RBIT(A32Translator t) {
        if (anyPc(t.f('d'), t.f('m'))) {
            return false;
        }
        t.writeR(t.f('d'), t.b.unary(Op.BITREV, t.readR(t.f('m'))));
        return true;
    }

    /** A8.8.250 USAD8 / A8.8.251 USADA8 (Ra != 1111): sum of the absolute differences of the four bytes. */
    public static boolean USADA8(A32Translator t) {
        int d = t.f('d');
        if (anyPc(d, t.f('n'), t.f('m'))) {
            return false;
        }
        IrBuilder b = t.b;
        Inst n = t.readR(t.f('n'));
        Inst m = t.readR(t.f('m'));
        int a = t.bits(15, 12);   // 1111: USAD8
        Inst sum = a == 15 ? t.c(0) : t.readR(a);
        for (int i = 0; i < 4; i++) {
            Inst x = lane(t, n, i, 8, true);
            Inst y = lane(t, m, i, 8, true);
            Inst diff = b.sub(x, y);
            Inst abs = b.select(b.cmp(Op.SLT, diff, t.c(0)), b.unary(Op.NEG, diff), diff);
            sum = b.add(sum, abs);
        }
        t.writeR(d, sum);
        return true;
    }

    /** A8.8.154 SBFX: R[d] = SignExtend(R[n]&lt;msbit:lsbit&gt;); msbit &gt; 31 is UNPREDICTABLE. */
    public static boolean SBFX(A32Translator t) {
        return bitfieldExtract(t, true);
    }

    /** A8.8.246 UBFX: R[d] = ZeroExtend(R[n]&lt;msbit:lsbit&gt;). */
    public static boolean UBFX(A32Translator t) {
        return bitfieldExtract(t, false);
    }

    private static boolean bitfieldExtract(A32Translator t, boolean signed) {
        int d = t.f('d');
        int lsb = t.f('l');
        int widthm1 = t.f('w');
        if (anyPc(d, t.f('n')) || lsb + widthm1 > 31) {
            return false;
        }
        IrBuilder b = t.b;
        Inst n = t.readR(t.f('n'));
        int msb = lsb + widthm1;
        Inst up = 31 - msb == 0 ? n : b.shl(n, t.c(31 - msb));
        Inst r = 31 - widthm1 == 0 ? up : signed ? b.ashr(up, t.c(31 - widthm1)) : b.lshr(up, t.c(31 - widthm1));
        t.writeR(d, r);
        return true;
    }

    /**
     * A8.8.21 BFI (R[d]&lt;msb:lsb&gt; = R[n]&lt;msb-lsb:0&gt;) and A8.8.20 BFC (Rn = 1111: cleared); msb &lt;
     * lsb is UNPREDICTABLE.
     */
    public static boolean BFI(A32Translator t) {
        int d = t.f('d');
        int lsb = t.f('l');
        int msb = t.f('w');
        if (d == 15 || msb < lsb) {
            return false;
        }
        IrBuilder b = t.b;
        int mask = (int) (((1L << (msb - lsb + 1)) - 1) << lsb);
        Inst keep = b.and(t.readR(d), t.c(~mask));
        int n = t.f('n', 15);   // BFC: the manual's Rn = 1111, fixed in the pattern
        Inst ins = n == 15 ? t.c(0) : b.and(b.shl(t.readR(n), t.c(lsb)), t.c(mask));
        t.writeR(d, b.or(keep, ins));
        return true;
    }
}
