package org.jemu.arm.a32;

import org.jemu.arm.a64.FpOps;
import org.jemu.arm.a64.VecOps;
import org.jemu.arm.fp.ArmFp;
import org.jemu.translator.decode.DecodeTable;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;

/**
 * Advanced SIMD "One register and a modified immediate value" (DDI 0406C A7.4.6: VMOV, VMVN, VORR, VBIC
 * (immediate)) and "Two registers and a shift amount" (A7.4.4: VSHR, VSRA, VRSHR, VRSRA, VSRI, VSHL, VSLI,
 * VQSHL{U} (immediate), VSHRN, VRSHRN, VQ{R}SHR{U}N, VSHLL, VMOVL, VCVT between floating-point and
 * fixed-point), A32 and T32 (see {@link Neon#add} for the shared bits [23:0]).
 *
 * <p>Decoding: the shift group's element size comes from L:imm6 (bit 7, bits [21:16]); L:imm6 = 0:000xxx is
 * the modified-immediate group. So that the tables stay free of shadowing, each shift line is split into
 * its element-size forms (L = 1: 64-bit; imm6 = 1xxxxx, 01xxxx, 001xxx: 32, 16, 8-bit), named
 * {@code _64}, {@code _32}, {@code _16}, {@code _8}. UNPREDICTABLE forms (a modified immediate with
 * imm8 = 0 where the manual tests it) are UNDEFINED, as elsewhere in jemu.
 */
final class NeonShift {
    private NeonShift() {
    }

    static final Helper SHIFT_IMM = Helper.of(VecOps.class, "shiftImm", 0);
    static final Helper SHIFT_INSERT = Helper.of(VecOps.class, "shiftInsert", 0);
    static final Helper SHIFT_NARROW = Helper.of(VecOps.class, "shiftNarrow", Helper.SIDE_EFFECT);
    static final Helper WIDEN = Helper.of(VecOps.class, "widen", 0);
    static final Helper TO_INT = Helper.of(FpOps.class, "vToInt", Helper.SIDE_EFFECT);
    static final Helper FROM_INT = Helper.of(FpOps.class, "vFromInt", Helper.SIDE_EFFECT);

    enum Sh { VSHR, VSRA, VRSHR, VRSRA, VSRI, VSHL_VSLI, VQSHLU, VQSHL, VSHRN, VQSHRN, VSHLL }

    static void addModImm(DecodeTable.Builder<A32Translator.Handler> t, boolean thumb) {
        // the U bit is imm8<7> ('i'); field 'c' is cmode, 'o' op
        Neon.add(t, thumb, "VMOV_VORR_imm", "VMOV (immediate), VORR (immediate), Advanced SIMD", "i",
                "1e00 0iii dddd cccc 0q01 iiii", NeonShift::modImm);
        Neon.add(t, thumb, "VMVN_VBIC_imm", "VMVN (immediate), VBIC (immediate), VMOV.I64 (immediate)", "i",
                "1e00 0iii dddd cccc 0q11 iiii", NeonShift::modImm);
    }

    static void addShifts(DecodeTable.Builder<A32Translator.Handler> t, boolean thumb) {
        shift(t, thumb, "VSHR", "VSHR", "u", "0000", "q", true, Sh.VSHR);
        shift(t, thumb, "VSRA", "VSRA", "u", "0001", "q", true, Sh.VSRA);
        shift(t, thumb, "VRSHR", "VRSHR", "u", "0010", "q", true, Sh.VRSHR);
        shift(t, thumb, "VRSRA", "VRSRA", "u", "0011", "q", true, Sh.VRSRA);
        shift(t, thumb, "VSRI", "VSRI", "1", "0100", "q", true, Sh.VSRI);
        shift(t, thumb, "VSHL_VSLI_imm", "VSHL (immediate), VSLI", "u", "0101", "q", true, Sh.VSHL_VSLI);
        shift(t, thumb, "VQSHLU_imm", "VQSHLU (immediate)", "1", "0110", "q", true, Sh.VQSHLU);
        shift(t, thumb, "VQSHL_imm", "VQSHL (immediate)", "u", "0111", "q", true, Sh.VQSHL);
        shift(t, thumb, "VSHRN_VQSHRUN", "VSHRN, VRSHRN, VQSHRUN, VQRSHRUN", "u", "1000", "o", false, Sh.VSHRN);
        shift(t, thumb, "VQSHRN", "VQSHRN, VQRSHRN", "u", "1001", "o", false, Sh.VQSHRN);
        shift(t, thumb, "VSHLL_VMOVL", "VSHLL (A1, shift below the element size), VMOVL", "u", "1010", "0", false, Sh.VSHLL);
        Neon.add(t, thumb, "VCVT_fixed_simd", "VCVT (between floating-point and fixed-point, Advanced SIMD)", "u",
                "1e1i iiii dddd 111o 0qg1 mmmm", NeonShift::cvtFixed);
    }

    /** The element-size forms of one shift line (see the class comment); {@code b6} is bit 6 (Q or op). */
    private static void shift(DecodeTable.Builder<A32Translator.Handler> t, boolean thumb, String name, String desc,
            String u, String opc, String b6, boolean l64, Sh op) {
        A32Translator.Handler h = x -> shift(x, op);
        String tail = " dddd " + opc + " 0" + b6 + "g1 mmmm";
        if (l64) {
            Neon.add(t, thumb, name + "_64", desc + ", 64-bit elements", u, "1eii iiii dddd " + opc + " 1" + b6 + "g1 mmmm", h);
        }
        Neon.add(t, thumb, name + "_32", desc + ", 32-bit elements", u, "1e1i iiii" + tail, h);
        Neon.add(t, thumb, name + "_16", desc + ", 16-bit elements", u, "1e01 iiii" + tail, h);
        Neon.add(t, thumb, name + "_8", desc + ", 8-bit elements", u, "1e00 1iii" + tail, h);
    }

    // ---- A7.4.6 one register and a modified immediate ----------------------------------------------------

    /**
     * AdvSIMDExpandImm (DDI 0406C A7.4.6): the 64-bit constant of {@code op}, {@code cmode} and {@code imm8},
     * or null where the encoding is UNDEFINED (op = 1, cmode = 1111) or UNPREDICTABLE (imm8 = 0 for the
     * shifted forms).
     */
    static Long expandImm(int op, int cmode, int imm8) {
        long i = imm8 & 0xff;
        boolean test = false;
        long r;
        switch (cmode >> 1) {
            case 0 -> r = rep32(i);
            case 1 -> {
                test = true;
                r = rep32(i << 8);
            }
            case 2 -> {
                test = true;
                r = rep32(i << 16);
            }
            case 3 -> {
                test = true;
                r = rep32(i << 24);
            }
            case 4 -> r = rep16(i);
            case 5 -> {
                test = true;
                r = rep16(i << 8);
            }
            case 6 -> {
                test = true;
                r = (cmode & 1) == 0 ? rep32(i << 8 | 0xff) : rep32(i << 16 | 0xffff);
            }
            default -> {
                if ((cmode & 1) == 0) {
                    if (op == 0) {
                        r = rep16(i | i << 8);
                    } else {
                        r = 0;
                        for (int k = 0; k < 8; k++) {
                            if ((imm8 >> k & 1) != 0) {
                                r |= 0xffL << (8 * k);
                            }
                        }
                    }
                } else {
                    if (op == 1) {
                        return null;
                    }
                    long b = (i >> 6) & 1;
                    long f = (i >> 7) << 31 | (b ^ 1) << 30 | (b == 1 ? 0x1fL << 25 : 0) | (i & 0x3f) << 19;
                    r = rep32(f);
                }
            }
        }
        if (test && imm8 == 0) {
            return null;
        }
        return r;
    }

    private static long rep32(long v) {
        return (v & 0xffff_ffffL) | v << 32;
    }

    private static long rep16(long v) {
        v &= 0xffff;
        return rep32(v | v << 16);
    }

    /** VMOV, VMVN, VORR, VBIC (immediate) (A8.8.339, A8.8.354, A8.8.366, A8.8.284). */
    static boolean modImm(A32Translator t) {
        int op = t.bit(5);
        int cmode = t.bits(11, 8);
        int q = t.bit(6);
        int imm8 = Neon.u(t) << 7 | t.bits(18, 16) << 4 | t.bits(3, 0);
        int d = Vfp.vd(t, true);
        if (q == 1 && (d & 1) != 0) {
            return false;
        }
        Long imm = expandImm(op, cmode, imm8);
        if (imm == null) {
            return false;
        }
        boolean logical = (cmode & 1) == 1 && cmode < 12;
        IrBuilder b = t.b;
        for (int i = 0; i <= q; i++) {
            Inst v;
            if (logical) {
                v = op == 0 ? b.or(t.readD(d + i), b.c64(imm)) : b.and(t.readD(d + i), b.c64(~imm));
            } else {
                v = b.c64(op == 1 && cmode != 14 ? ~imm : imm);
            }
            t.writeD(d + i, v);
        }
        return true;
    }

    // ---- A7.4.4 two registers and a shift amount ---------------------------------------------------------

    private static int vc(int op, int size) {
        return op << 4 | size;
    }

    /** {@code v} in every {@code 8 << size}-bit lane. */
    static long replicate(long v, int size) {
        int bits = 8 << size;
        long e = v & (bits == 64 ? -1L : (1L << bits) - 1);
        long r = 0;
        for (int i = 0; i < 64; i += bits) {
            r |= e << i;
        }
        return r;
    }

    private static boolean shift(A32Translator t, Sh op) {
        IrBuilder b = t.b;
        int l = t.bit(7);
        int imm6 = t.bits(21, 16);
        int u = Neon.u(t);
        int size = l == 1 ? 3 : imm6 >= 32 ? 2 : imm6 >= 16 ? 1 : 0;
        int esize = 8 << size;
        int right = (l == 1 ? 64 : 2 * esize) - imm6;
        int left = imm6 - (l == 1 ? 0 : esize);
        int d = Vfp.vd(t, true);
        int m = Vfp.vm(t, true);
        switch (op) {
            case VSHRN, VQSHRN -> {
                // Dd = narrow(Qm >> shift); bit 6 selects rounding
                if ((m & 1) != 0) {
                    return false;
                }
                boolean round = t.bit(6) == 1;
                int nop;
                if (op == Sh.VSHRN) {
                    nop = u == 0 ? VecOps.XTN : VecOps.SQXTUN;
                } else {
                    nop = u == 0 ? VecOps.SQXTN : VecOps.UQXTN;
                }
                int ctl = vc(nop, size) | (round ? 0x100 : 0);
                Inst m0 = t.readD(m);
                Inst m1 = t.readD(m + 1);
                Inst r0 = Vfp.fpCall(t, SHIFT_NARROW, m0, b.c32(ctl), b.c32(right));
                Inst r1 = Vfp.fpCall(t, SHIFT_NARROW, m1, b.c32(ctl), b.c32(right));
                t.writeD(d, b.or(b.and(r0, b.c64(0xffff_ffffL)), b.shl(r1, b.c64(32))));
                return true;
            }
            case VSHLL -> {
                if ((d & 1) != 0) {
                    return false;
                }
                Inst src = t.readD(m);
                Inst[] r = new Inst[2];
                for (int k = 0; k < 2; k++) {
                    Inst w = b.call(WIDEN, k == 0 ? src : b.lshr(src, b.c64(32)), b.c32(size), b.c32(u ^ 1));
                    r[k] = left == 0 ? w : b.call(SHIFT_IMM, w, b.c32(vc(VecOps.SHL, size + 1)), b.c32(left));
                }
                t.writeD(d, r[0]);
                t.writeD(d + 1, r[1]);
                return true;
            }
            default -> {
            }
        }
        return Neon.twoReg(t, (x, dv, i) -> switch (op) {
            case VSHR -> b.call(SHIFT_IMM, x, b.c32(vc(u == 1 ? VecOps.USHR : VecOps.SSHR, size)), b.c32(right));
            case VRSHR -> b.call(SHIFT_IMM, x, b.c32(vc(u == 1 ? VecOps.URSHR : VecOps.SRSHR, size)), b.c32(right));
            case VSRA -> b.call(Neon.BIN, dv, b.call(SHIFT_IMM, x, b.c32(vc(u == 1 ? VecOps.USHR : VecOps.SSHR, size)),
                    b.c32(right)), b.c32(vc(VecOps.ADD, size)));
            case VRSRA -> b.call(Neon.BIN, dv, b.call(SHIFT_IMM, x, b.c32(vc(u == 1 ? VecOps.URSHR : VecOps.SRSHR, size)),
                    b.c32(right)), b.c32(vc(VecOps.ADD, size)));
            case VSRI -> b.call(SHIFT_INSERT, dv, x, b.c32(vc(0, size)), b.c32(right));
            case VSHL_VSLI -> u == 0 ? b.call(SHIFT_IMM, x, b.c32(vc(VecOps.SHL, size)), b.c32(left))
                    : b.call(SHIFT_INSERT, dv, x, b.c32(vc(1, size)), b.c32(left));
            case VQSHLU -> Vfp.fpCall(t, Neon.BIN_SAT, x, b.c64(replicate(left, size)), b.c32(vc(VecOps.SQSHLU, size)));
            case VQSHL -> Vfp.fpCall(t, Neon.BIN_SAT, x, b.c64(replicate(left, size)),
                    b.c32(vc(u == 1 ? VecOps.UQSHL : VecOps.SQSHL, size)));
            default -> throw new IllegalStateException(op.name());
        });
    }

    /**
     * VCVT (between floating-point and fixed-point, Advanced SIMD) (A8.8.308): bit 8 = 1 converts F32 to
     * fixed point rounding toward zero, 0 converts fixed point to F32 (round to nearest); frac_bits =
     * 64 - imm6; the Standard FPSCR value applies.
     */
    static boolean cvtFixed(A32Translator t) {
        IrBuilder b = t.b;
        int fbits = 64 - t.bits(21, 16);
        boolean toFixed = t.bit(8) == 1;
        boolean unsigned = Neon.u(t) == 1;
        int ctl = FpOps.cvtCtl(32, 32, unsigned, toFixed ? ArmFp.RZ : ArmFp.RN, fbits);
        return Neon.twoReg(t, (x, dv, i) -> Vfp.fpCall(t, toFixed ? TO_INT : FROM_INT, x, b.c32(ctl),
                b.c32(Neon.STANDARD_FPSCR)));
    }
}
