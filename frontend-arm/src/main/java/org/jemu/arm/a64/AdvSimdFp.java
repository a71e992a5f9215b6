package org.jemu.arm.a64;

import org.jemu.arm.fp.ArmFp;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;

/**
 * Handlers for the floating-point operations of the Advanced SIMD groups (Arm ARM C4.1.6, C7.2): three
 * same (opcodes 11xxx), two-register miscellaneous, across lanes, scalar pairwise, vector x indexed
 * element and the fixed-point conversions of shift by immediate, in vector and scalar forms. Single and
 * double precision only (half-precision arithmetic is ARMv8.2). Each 64-bit half of a vector is one
 * {@link FpOps} helper call that works lane by lane with the current FPCR.
 */
public final class AdvSimdFp {
    private AdvSimdFp() {
    }

    static final Helper VFP1 = Helper.of(FpOps.class, "vfp1", Helper.SIDE_EFFECT);
    static final Helper VFP2 = Helper.of(FpOps.class, "vfp2", Helper.SIDE_EFFECT);
    static final Helper VFMA = Helper.of(FpOps.class, "vfma", Helper.SIDE_EFFECT);
    static final Helper VPAIR = Helper.of(FpOps.class, "vfpPair", Helper.SIDE_EFFECT);
    static final Helper REDUCE4 = Helper.of(FpOps.class, "reduce4", Helper.SIDE_EFFECT);
    static final Helper VTO_INT = Helper.of(FpOps.class, "vToInt", Helper.SIDE_EFFECT);
    static final Helper VFROM_INT = Helper.of(FpOps.class, "vFromInt", Helper.SIDE_EFFECT);

    private static final int NONE = -1;
    private static final int FMLA = -2;
    private static final int FMLS = -3;
    private static final int PAIR = 100;

    /** True if the two-register-miscellaneous opcode (with size and U) is a floating-point operation. */
    static boolean isFpTwoRegMisc(int opcode, int size, int u) {
        return opcode >= 0b01100 && opcode <= 0b01111 && size >= 2
                || opcode == 0b10110 || opcode == 0b10111
                || opcode >= 0b11000;
    }

    /** Three-same FP ops by [U][a][opcode - 11000]. */
    private static final int[][][] SAME = {
        {   // U = 0
            {FpOps.FMAXNM, FMLA, FpOps.FADD, FpOps.FMULX, FpOps.FCMEQ, NONE, FpOps.FMAX, FpOps.FRECPS},
            {FpOps.FMINNM, FMLS, FpOps.FSUB, NONE, NONE, NONE, FpOps.FMIN, FpOps.FRSQRTS},
        },
        {   // U = 1
            {PAIR + FpOps.FMAXNM, NONE, PAIR + FpOps.FADD, FpOps.FMUL, FpOps.FCMGE, FpOps.FACGE, PAIR + FpOps.FMAX, FpOps.FDIV},
            {PAIR + FpOps.FMINNM, NONE, FpOps.FABD, NONE, FpOps.FCMGT, FpOps.FACGT, PAIR + FpOps.FMIN, NONE},
        },
    };

    private static Inst fpcr(A64Translator t) {
        return FloatingPoint.fpcr(t);
    }

    /** Advanced SIMD three same (FP) and scalar three same (FP): FADD, FSUB, FMUL, FDIV, FMULX, FMLA, ... */
    static boolean threeSame(A64Translator t, boolean scalar) {
        int opcode = t.bits(15, 11);
        int u = t.f('u');
        int size = t.f('q');
        int a = size >> 1;
        int n = (size & 1) != 0 ? 64 : 32;
        int q = scalar ? 0 : t.f('v');
        int op = SAME[u][a][opcode - 0b11000];
        if (op == NONE || (!scalar && n == 64 && q == 0)) {
            return false;
        }
        if (scalar && (op >= PAIR || op == FMLA || op == FMLS || op == FpOps.FADD || op == FpOps.FSUB
                || op == FpOps.FMUL || op == FpOps.FDIV || op == FpOps.FMAX || op == FpOps.FMIN
                || op == FpOps.FMAXNM || op == FpOps.FMINNM)) {
            return false;
        }
        IrBuilder b = t.b;
        int d = t.f('d');
        AdvSimd.V nv = AdvSimd.read(t, t.f('n'));
        AdvSimd.V mv = AdvSimd.read(t, t.f('m'));
        if (scalar) {
            Inst r = b.call(FloatingPoint.FP2, nv.lo(), mv.lo(), b.c32(FpOps.ctl(op, n)), fpcr(t));
            t.writeV64(d, r);
            return true;
        }
        Inst lo;
        Inst hi = null;
        if (op == FMLA || op == FMLS) {
            AdvSimd.V dv = AdvSimd.read(t, d);
            Inst ctl = b.c32(FpOps.ctl(op == FMLA ? FpOps.FMADD : FpOps.FMSUB, n));
            lo = b.call(VFMA, dv.lo(), nv.lo(), mv.lo(), ctl, fpcr(t));
            if (q != 0) {
                hi = b.call(VFMA, dv.hi(), nv.hi(), mv.hi(), ctl, fpcr(t));
            }
        } else if (op >= PAIR) {
            Inst ctl = b.c32(FpOps.ctl(op - PAIR, n));
            if (q != 0) {
                lo = b.call(VPAIR, nv.lo(), nv.hi(), ctl, fpcr(t));
                hi = b.call(VPAIR, mv.lo(), mv.hi(), ctl, fpcr(t));
            } else {
                lo = b.call(VPAIR, nv.lo(), mv.lo(), ctl, fpcr(t));
            }
        } else {
            Inst ctl = b.c32(FpOps.ctl(op, n));
            lo = b.call(VFP2, nv.lo(), mv.lo(), ctl, fpcr(t));
            if (q != 0) {
                hi = b.call(VFP2, nv.hi(), mv.hi(), ctl, fpcr(t));
            }
        }
        AdvSimd.write(t, d, q, lo, hi);
        return true;
    }

    /**
     * Advanced SIMD (scalar) two-register miscellaneous, floating point: FCMGT/FCMGE/FCMEQ/FCMLE/FCMLT
     * (zero), FABS, FNEG, FCVTN, FCVTXN, FCVTL, FRINTN/A/P/M/X/Z/I, FCVTNS/NU/PS/PU/MS/MU/ZS/ZU/AS/AU,
     * URECPE, URSQRTE, SCVTF, UCVTF, FRECPE, FRSQRTE, FRECPX, FSQRT.
     */
    static boolean twoRegMisc(A64Translator t, boolean scalar) {
        int opcode = t.bits(16, 12);
        int u = t.f('u');
        int size = t.f('q');
        int a = size >> 1;
        int sz = size & 1;
        int n = sz != 0 ? 64 : 32;
        int q = scalar ? 0 : t.f('v');
        IrBuilder b = t.b;
        int d = t.f('d');
        AdvSimd.V nv = AdvSimd.read(t, t.f('n'));
        if (opcode == 0b10110 || opcode == 0b10111) {
            if (a != 0) {
                return false;
            }
            return narrowOrWiden(t, opcode, u, sz, q, scalar, d, nv);
        }
        if (!scalar && n == 64 && q == 0) {
            return false;
        }
        int op;
        int cvtRounding = -1;   // FCVT* to integer
        boolean fromInt = false;
        switch (opcode) {
            case 0b01100 -> op = u == 0 ? FpOps.FCMGT0 : FpOps.FCMGE0;
            case 0b01101 -> op = u == 0 ? FpOps.FCMEQ0 : FpOps.FCMLE0;
            case 0b01110 -> op = u == 0 ? FpOps.FCMLT0 : NONE;
            case 0b01111 -> op = scalar ? NONE : (u == 0 ? FpOps.FABS : FpOps.FNEG);
            case 0b11000 -> op = scalar ? NONE : a == 0 ? FpOps.FRINT + (u == 0 ? ArmFp.RN : ArmFp.TIEAWAY)
                    : (u == 0 ? FpOps.FRINT + ArmFp.RP : NONE);
            case 0b11001 -> op = scalar ? NONE : a == 0 ? (u == 0 ? FpOps.FRINT + ArmFp.RM : FpOps.FRINTX)
                    : (u == 0 ? FpOps.FRINT + ArmFp.RZ : FpOps.FRINTI);
            case 0b11010 -> {
                op = 0;
                cvtRounding = a == 0 ? ArmFp.RN : ArmFp.RP;
            }
            case 0b11011 -> {
                op = 0;
                cvtRounding = a == 0 ? ArmFp.RM : ArmFp.RZ;
            }
            case 0b11100 -> {
                if (a == 0) {
                    op = 0;
                    cvtRounding = ArmFp.TIEAWAY;
                } else {
                    op = scalar || sz != 0 ? NONE : (u == 0 ? FpOps.URECPE : FpOps.URSQRTE);
                }
            }
            case 0b11101 -> {
                if (a == 0) {
                    op = 0;
                    fromInt = true;
                } else {
                    op = u == 0 ? FpOps.FRECPE : FpOps.FRSQRTE;
                }
            }
            case 0b11111 -> op = a == 0 ? NONE : scalar ? (u == 0 ? FpOps.FRECPX : NONE) : (u == 1 ? FpOps.FSQRT : NONE);
            default -> op = NONE;
        }
        if (op == NONE || (opcode <= 0b01111 && a == 0)) {
            return false;
        }
        Helper h;
        Inst ctl;
        if (cvtRounding >= 0) {
            h = scalar ? FloatingPoint.TO_INT : VTO_INT;
            ctl = b.c32(FpOps.cvtCtl(n, n, u != 0, cvtRounding, 0));
        } else if (fromInt) {
            h = scalar ? FloatingPoint.FROM_INT : VFROM_INT;
            ctl = b.c32(FpOps.cvtCtl(n, n, u != 0, FpOps.FPCR_ROUNDING, 0));
        } else {
            h = scalar ? FloatingPoint.FP1 : VFP1;
            ctl = b.c32(FpOps.ctl(op, n));
        }
        Inst src = scalar ? FloatingPoint.readF(t, t.f('n'), n) : nv.lo();
        Inst lo = b.call(h, src, ctl, fpcr(t));
        Inst hi = q != 0 ? b.call(h, nv.hi(), ctl, fpcr(t)) : null;
        AdvSimd.write(t, d, q, lo, hi);
        return true;
    }

    /** FCVTN/FCVTN2, FCVTXN/FCVTXN2 (narrow; FCVTXN also scalar) and FCVTL/FCVTL2 (widen). */
    private static boolean narrowOrWiden(A64Translator t, int opcode, int u, int sz, int q, boolean scalar, int d,
            AdvSimd.V nv) {
        IrBuilder b = t.b;
        Helper cvt = FloatingPoint.CVT;
        if (opcode == 0b10111) {   // FCVTL: half->single (sz 0) or single->double (sz 1)
            if (u != 0 || scalar) {
                return false;
            }
            int from = sz != 0 ? 32 : 16;
            int to = 2 * from;
            Inst src = q != 0 ? nv.hi() : nv.lo();
            Inst[] out = new Inst[2];
            int per = 64 / to;
            for (int h = 0; h < 2; h++) {
                Inst acc = null;
                for (int i = 0; i < per; i++) {
                    int lane = h * per + i;
                    Inst e = b.lshr(src, b.c64((long) lane * from));
                    Inst c = b.call(cvt, e, b.c32(from | to << 8), fpcr(t));
                    Inst part = i == 0 ? c : b.shl(c, b.c64((long) i * to));
                    acc = acc == null ? part : b.or(acc, part);
                }
                out[h] = acc;
            }
            t.writeV(d, out[0], out[1]);
            return true;
        }
        // FCVTN (u 0): single->half (sz 0) or double->single (sz 1); FCVTXN (u 1): double->single, round to odd
        if (u != 0 && sz == 0) {
            return false;
        }
        if (scalar && u == 0) {
            return false;
        }
        int to = sz != 0 ? 32 : 16;
        int from = 2 * to;
        int ctl = from | to << 8 | (u != 0 ? 0x10000 : 0);
        if (scalar) {
            t.writeV64(d, b.call(cvt, nv.lo(), b.c32(ctl), fpcr(t)));
            return true;
        }
        Inst packed = null;
        int per = 64 / from;
        for (int i = 0; i < 2 * per; i++) {
            Inst half = i < per ? nv.lo() : nv.hi();
            int within = i % per;
            Inst e = within == 0 ? half : b.lshr(half, b.c64((long) within * from));
            Inst c = b.call(cvt, e, b.c32(ctl), fpcr(t));
            Inst part = i == 0 ? c : b.shl(c, b.c64((long) i * to));
            packed = packed == null ? part : b.or(packed, part);
        }
        if (q != 0) {
            t.writeV(d, t.readVLo(d), packed);
        } else {
            t.writeV64(d, packed);
        }
        return true;
    }

    /** Advanced SIMD across lanes, FP (4S only): FMAXNMV, FMINNMV, FMAXV, FMINV. */
    static boolean acrossLanes(A64Translator t) {
        int opcode = t.bits(16, 12);
        int size = t.f('q');
        if (t.f('u') == 0 || t.f('v') == 0 || (size & 1) != 0) {
            return false;
        }
        boolean min = (size >> 1) != 0;
        int op = opcode == 0b01100 ? (min ? FpOps.FMINNM : FpOps.FMAXNM) : (min ? FpOps.FMIN : FpOps.FMAX);
        AdvSimd.V nv = AdvSimd.read(t, t.f('n'));
        IrBuilder b = t.b;
        t.writeV64(t.f('d'), b.call(REDUCE4, nv.lo(), nv.hi(), b.c32(FpOps.ctl(op, 32)), fpcr(t)));
        return true;
    }

    /** Advanced SIMD scalar pairwise, FP: FMAXNMP, FMINNMP, FADDP, FMAXP, FMINP (two elements of Vn). */
    static boolean scalarPairwise(A64Translator t) {
        int opcode = t.bits(16, 12);
        int size = t.f('q');
        boolean second = (size >> 1) != 0;
        int n = (size & 1) != 0 ? 64 : 32;
        int op = switch (opcode) {
            case 0b01100 -> second ? FpOps.FMINNM : FpOps.FMAXNM;
            case 0b01101 -> second ? NONE : FpOps.FADD;
            case 0b01111 -> second ? FpOps.FMIN : FpOps.FMAX;
            default -> NONE;
        };
        if (op == NONE) {
            return false;
        }
        IrBuilder b = t.b;
        AdvSimd.V nv = AdvSimd.read(t, t.f('n'));
        Inst ctl = b.c32(FpOps.ctl(op, n));
        Inst r = n == 64 ? b.call(VPAIR, nv.lo(), nv.hi(), ctl, fpcr(t))
                : b.and(b.call(VPAIR, nv.lo(), b.c64(0), ctl, fpcr(t)), b.c64(0xffff_ffffL));
        t.writeV64(t.f('d'), r);
        return true;
    }

    /** Advanced SIMD (scalar) shift by immediate, conversions: SCVTF, UCVTF, FCVTZS, FCVTZU (fixed-point). */
    static boolean shiftImmConvert(A64Translator t, boolean scalar) {
        int immh = t.f('h');
        int immb = t.f('b');
        int opcode = t.f('o');
        int u = t.f('u');
        int q = scalar ? 0 : t.f('v');
        int n;
        if ((immh & 8) != 0) {
            n = 64;
        } else if ((immh & 4) != 0) {
            n = 32;
        } else {
            return false;   // half precision: ARMv8.2
        }
        if (!scalar && n == 64 && q == 0) {
            return false;
        }
        int fbits = 2 * n - ((immh << 3) | immb);
        IrBuilder b = t.b;
        AdvSimd.V nv = AdvSimd.read(t, t.f('n'));
        boolean toFp = opcode == 0b11100;
        Inst ctl = b.c32(FpOps.cvtCtl(n, n, u != 0, toFp ? FpOps.FPCR_ROUNDING : ArmFp.RZ, fbits));
        Helper h = scalar ? (toFp ? FloatingPoint.FROM_INT : FloatingPoint.TO_INT) : (toFp ? VFROM_INT : VTO_INT);
        Inst src = scalar ? FloatingPoint.readF(t, t.f('n'), n) : nv.lo();
        Inst lo = b.call(h, src, ctl, fpcr(t));
        Inst hi = q != 0 ? b.call(h, nv.hi(), ctl, fpcr(t)) : null;
        AdvSimd.write(t, t.f('d'), q, lo, hi);
        return true;
    }

    /** Advanced SIMD (scalar) x indexed element, FP: FMLA, FMLS, FMUL, FMULX (by element). */
    static boolean indexed(A64Translator t, boolean scalar) {
        int opcode = t.f('o');
        int u = t.f('u');
        int size = t.f('q');
        int q = scalar ? 0 : t.f('v');
        if ((size & 2) == 0) {
            return false;   // size 0x: half precision (ARMv8.2) or unallocated
        }
        int sz = size & 1;
        int n = sz != 0 ? 64 : 32;
        int l = t.f('l');
        int h = t.f('h');
        if (sz != 0 && l != 0 || (!scalar && sz != 0 && q == 0)) {
            return false;
        }
        int index = sz != 0 ? h : (h << 1) | l;
        int rm = t.f('z') << 4 | t.f('m');
        IrBuilder b = t.b;
        int ebytes = n / 8;
        Inst elem = SimdLoadsStores.extractLane(t, rm, index, ebytes);
        Inst rep = SimdLoadsStores.replicate(t, elem, ebytes);
        int d = t.f('d');
        AdvSimd.V nv = AdvSimd.read(t, t.f('n'));
        if (scalar) {
            Inst nf = FloatingPoint.readF(t, t.f('n'), n);
            Inst ef = n == 64 ? elem : b.and(elem, b.c64(0xffff_ffffL));
            Inst r;
            if (opcode == 0b1001) {
                r = b.call(FloatingPoint.FP2, nf, ef, b.c32(FpOps.ctl(u == 0 ? FpOps.FMUL : FpOps.FMULX, n)), fpcr(t));
            } else {
                r = b.call(FloatingPoint.FP3, FloatingPoint.readF(t, d, n), nf, ef,
                        b.c32(FpOps.ctl(opcode == 0b0001 ? FpOps.FMADD : FpOps.FMSUB, n)), fpcr(t));
            }
            t.writeV64(d, r);
            return true;
        }
        Inst nlo = nv.lo();
        Inst lo;
        Inst hi = null;
        if (opcode == 0b1001) {
            Inst ctl = b.c32(FpOps.ctl(u == 0 ? FpOps.FMUL : FpOps.FMULX, n));
            lo = b.call(VFP2, nlo, rep, ctl, fpcr(t));
            if (q != 0) {
                hi = b.call(VFP2, nv.hi(), rep, ctl, fpcr(t));
            }
        } else {
            Inst ctl = b.c32(FpOps.ctl(opcode == 0b0001 ? FpOps.FMADD : FpOps.FMSUB, n));
            AdvSimd.V dv = AdvSimd.read(t, d);
            lo = b.call(VFMA, dv.lo(), nlo, rep, ctl, fpcr(t));
            if (q != 0) {
                hi = b.call(VFMA, dv.hi(), nv.hi(), rep, ctl, fpcr(t));
            }
        }
        AdvSimd.write(t, d, q, lo, hi);
        return true;
    }
}
