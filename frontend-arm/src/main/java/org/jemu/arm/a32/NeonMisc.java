package org.jemu.arm.a32;

import org.jemu.arm.a64.FpOps;
import org.jemu.arm.a64.VecOps;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.arm.fp.ArmFp;
import org.jemu.translator.decode.DecodeTable;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.Op;

/**
 * Advanced SIMD "Two registers, miscellaneous" (DDI 0406C A7.4.5), VEXT (A8.8.316), VTBL/VTBX (A8.8.416),
 * VDUP (scalar) (A8.8.318), VDUP (ARM core register) (A8.8.319, an A7.8 transfer) and VRECPS/VRSQRTS
 * (A8.8.380, A8.8.393; three registers of the same length), A32 and T32.
 *
 * <p>The floating-point forms use the Standard FPSCR value ({@link Neon#STANDARD_FPSCR}; the half-precision
 * conversions keep FPSCR.AHP). VRECPS and VRSQRTS are ARMv7's unfused steps (the product is rounded before
 * the subtraction, {@link org.jemu.arm.fp.ArmFp#recipStepV7}), which is what a Cortex-A15 computes and what
 * QEMU's AArch32 helpers do; ARMv8 fused them. Register overlap: VTRN, VUZP, VZIP with Dd = Dm are
 * UNPREDICTABLE, here UNDEFINED.
 */
final class NeonMisc {
    private NeonMisc() {
    }

    static final Helper UN = Helper.of(VecOps.class, "un", 0);
    static final Helper UN_SAT = Helper.of(VecOps.class, "unSat", Helper.SIDE_EFFECT);
    static final Helper REV = Helper.of(VecOps.class, "rev", 0);
    static final Helper ADDLP = Helper.of(VecOps.class, "addlp", 0);
    static final Helper NARROW = Helper.of(VecOps.class, "narrow", Helper.SIDE_EFFECT);
    static final Helper PERM = Helper.of(VecOps.class, "perm", 0);
    static final Helper VFP1 = Helper.of(FpOps.class, "vfp1", Helper.SIDE_EFFECT);
    static final Helper TBL = Helper.of(NeonOps.class, "tbl", 0);
    static final Helper STEP = Helper.of(NeonOps.class, "step", Helper.SIDE_EFFECT);
    static final Helper TO_HALF = Helper.of(NeonOps.class, "toHalf", Helper.SIDE_EFFECT);
    static final Helper FROM_HALF = Helper.of(NeonOps.class, "fromHalf", Helper.SIDE_EFFECT);

    enum M {
        VREV, VPADDL, VCLS, VCLZ, VCNT, VMVN, VPADAL, VQABS, VQNEG, VCGT0, VCGE0, VCEQ0, VCLE0, VCLT0, VABS, VNEG,
        VSWP, VTRN, VUZP, VZIP, VMOVN, VQMOVN, VSHLL_MAX, VCVT_HALF, VRECPE, VRSQRTE, VCVT_FI
    }

    static void addMisc(DecodeTable.Builder<A32Translator.Handler> t, boolean thumb) {
        misc(t, thumb, "VREV", "VREV16, VREV32, VREV64", "00", "000o oqg0", M.VREV);
        misc(t, thumb, "VPADDL", "VPADDL", "00", "0010 oqg0", M.VPADDL);
        misc(t, thumb, "VCLS", "VCLS", "00", "0100 0qg0", M.VCLS);
        misc(t, thumb, "VCLZ", "VCLZ", "00", "0100 1qg0", M.VCLZ);
        misc(t, thumb, "VCNT", "VCNT", "00", "0101 0qg0", M.VCNT);
        misc(t, thumb, "VMVN_reg", "VMVN (register)", "00", "0101 1qg0", M.VMVN);
        misc(t, thumb, "VPADAL", "VPADAL", "00", "0110 oqg0", M.VPADAL);
        misc(t, thumb, "VQABS", "VQABS", "00", "0111 0qg0", M.VQABS);
        misc(t, thumb, "VQNEG", "VQNEG", "00", "0111 1qg0", M.VQNEG);
        misc(t, thumb, "VCGT_zero", "VCGT (immediate #0)", "01", "0f00 0qg0", M.VCGT0);
        misc(t, thumb, "VCGE_zero", "VCGE (immediate #0)", "01", "0f00 1qg0", M.VCGE0);
        misc(t, thumb, "VCEQ_zero", "VCEQ (immediate #0)", "01", "0f01 0qg0", M.VCEQ0);
        misc(t, thumb, "VCLE_zero", "VCLE (immediate #0)", "01", "0f01 1qg0", M.VCLE0);
        misc(t, thumb, "VCLT_zero", "VCLT (immediate #0)", "01", "0f10 0qg0", M.VCLT0);
        misc(t, thumb, "VABS_simd", "VABS (Advanced SIMD, integer and F32)", "01", "0f11 0qg0", M.VABS);
        misc(t, thumb, "VNEG_simd", "VNEG (Advanced SIMD, integer and F32)", "01", "0f11 1qg0", M.VNEG);
        misc(t, thumb, "VSWP", "VSWP", "10", "0000 0qg0", M.VSWP);
        misc(t, thumb, "VTRN", "VTRN", "10", "0000 1qg0", M.VTRN);
        misc(t, thumb, "VUZP", "VUZP", "10", "0001 0qg0", M.VUZP);
        misc(t, thumb, "VZIP", "VZIP", "10", "0001 1qg0", M.VZIP);
        misc(t, thumb, "VMOVN", "VMOVN", "10", "0010 00g0", M.VMOVN);
        misc(t, thumb, "VQMOVUN", "VQMOVUN", "10", "0010 01g0", M.VQMOVN);
        misc(t, thumb, "VQMOVN", "VQMOVN", "10", "0010 1og0", M.VQMOVN);
        misc(t, thumb, "VSHLL_max", "VSHLL (A2, shift by the element size)", "10", "0011 00g0", M.VSHLL_MAX);
        misc(t, thumb, "VCVT_half_simd", "VCVT (between half-precision and single-precision, Advanced SIMD)", "10",
                "011o 00g0", M.VCVT_HALF);
        misc(t, thumb, "VRECPE", "VRECPE", "11", "010f 0qg0", M.VRECPE);
        misc(t, thumb, "VRSQRTE", "VRSQRTE", "11", "010f 1qg0", M.VRSQRTE);
        misc(t, thumb, "VCVT_fi_simd", "VCVT (between floating-point and integer, Advanced SIMD)", "11", "011o oqg0",
                M.VCVT_FI);
        Neon.add(t, thumb, "VEXT", "VEXT", "0", "1e11 nnnn dddd iiii fqg0 mmmm", NeonMisc::VEXT);
        Neon.add(t, thumb, "VTBL_VTBX", "VTBL, VTBX", "1", "1e11 nnnn dddd 10ll fog0 mmmm", NeonMisc::VTBL);
        Neon.add(t, thumb, "VDUP_scalar", "VDUP (scalar)", "1", "1e11 iiii dddd 1100 0qg0 mmmm", NeonMisc::VDUP_scalar);
        Neon.add(t, thumb, "VRECPS_VRSQRTS", "VRECPS, VRSQRTS", "0", "0eo0 nnnn dddd 1111 fqg1 mmmm", NeonMisc::VRECPS);
    }

    private static void misc(DecodeTable.Builder<A32Translator.Handler> t, boolean thumb, String name, String desc,
            String a, String b, M op) {
        // the zero at the pattern's bit 11 keeps this group apart from VTBL (10xx) and VDUP (1100)
        Neon.add(t, thumb, name, desc, "1", "1e11 ss" + a + " dddd " + b + " mmmm", x -> misc(x, op));
    }

    /**
     * VDUP (ARM core register) (A8.8.319): {@code cccc 1110 1BQ0 Vd Rt 1011 D0E1 0000} (T32: 1110 in place
     * of cccc), in the coprocessor-transfer space next to the VFP lines ({@code prefix} as for
     * {@link A32DecodeTable#addVfp}).
     */
    static void addCoreTransfers(DecodeTable.Builder<A32Translator.Handler> t, String prefix) {
        String c = prefix.isEmpty() ? "cccc" : prefix;
        t.add(prefix.isEmpty() ? "VDUP_core" : "VDUP_core_T1", "VDUP (ARM core register)",
                c + " 1110 1bq0 dddd tttt 1011 e0g1 0000", Vfp.gate(NeonMisc::VDUP_core, false));
    }

    private static int vc(int op, int size) {
        return op << 4 | size;
    }

    private static Inst fp1(A32Translator t, Inst x, int op) {
        return Vfp.fpCall(t, VFP1, x, t.b.c32(FpOps.ctl(op, 32)), t.b.c32(Neon.STANDARD_FPSCR));
    }

    private static boolean misc(A32Translator t, M op) {
        IrBuilder b = t.b;
        int size = t.bits(19, 18);
        int q = t.bit(6);
        int d = Vfp.vd(t, true);
        int m = Vfp.vm(t, true);
        boolean f = t.bit(10) == 1;
        switch (op) {
            case VMOVN, VQMOVN -> {
                if (size == 3 || (m & 1) != 0) {
                    return false;
                }
                int o = t.bits(7, 6);
                int nop = switch (o) {
                    case 0 -> VecOps.XTN;
                    case 1 -> VecOps.SQXTUN;
                    case 2 -> VecOps.SQXTN;
                    default -> VecOps.UQXTN;
                };
                Inst m0 = t.readD(m);
                Inst m1 = t.readD(m + 1);
                Inst r0 = Vfp.fpCall(t, NARROW, m0, b.c32(vc(nop, size)));
                Inst r1 = Vfp.fpCall(t, NARROW, m1, b.c32(vc(nop, size)));
                t.writeD(d, b.or(b.and(r0, b.c64(0xffff_ffffL)), b.shl(r1, b.c64(32))));
                return true;
            }
            case VSHLL_MAX -> {
                if (size == 3 || (d & 1) != 0) {
                    return false;
                }
                Inst src = t.readD(m);
                Inst[] r = new Inst[2];
                for (int k = 0; k < 2; k++) {
                    Inst w = b.call(NeonShift.WIDEN, k == 0 ? src : b.lshr(src, b.c64(32)), b.c32(size), b.c32(0));
                    r[k] = b.call(NeonShift.SHIFT_IMM, w, b.c32(vc(VecOps.SHL, size + 1)), b.c32(8 << size));
                }
                t.writeD(d, r[0]);
                t.writeD(d + 1, r[1]);
                return true;
            }
            case VCVT_HALF -> {
                boolean toSingle = t.bit(8) == 1;
                if (size != 1 || (toSingle ? (d & 1) != 0 : (m & 1) != 0)) {
                    return false;
                }
                Inst fpcr = b.or(b.and(b.get32(Aarch64Cpu.FPCR), b.c32(ArmFp.FPCR_AHP)), b.c32(Neon.STANDARD_FPSCR));
                if (toSingle) {
                    Inst src = t.readD(m);
                    Inst r0 = Vfp.fpCall(t, FROM_HALF, src, b.c32(0), fpcr);
                    Inst r1 = Vfp.fpCall(t, FROM_HALF, src, b.c32(1), fpcr);
                    t.writeD(d, r0);
                    t.writeD(d + 1, r1);
                } else {
                    t.writeD(d, Vfp.fpCall(t, TO_HALF, t.readD(m), t.readD(m + 1), fpcr));
                }
                return true;
            }
            default -> {
            }
        }
        if (op == M.VSWP || op == M.VTRN || op == M.VUZP || op == M.VZIP) {
            return swapOrPermute(t, op, size, q, d, m);
        }
        return Neon.twoReg(t, (x, dv, i) -> switch (op) {
            case VREV -> {
                int o = t.bits(8, 7);
                if (o + size >= 3) {
                    yield null;
                }
                yield b.call(REV, x, b.c32(size), b.c32(3 - o));
            }
            case VPADDL, VPADAL -> {
                if (size == 3) {
                    yield null;
                }
                Inst p = b.call(ADDLP, x, b.c32(size), b.c32(t.bit(7) ^ 1));
                yield op == M.VPADDL ? p : b.call(Neon.BIN, dv, p, b.c32(vc(VecOps.ADD, size + 1)));
            }
            case VCLS, VCLZ -> size == 3 ? null : b.call(UN, x, b.c32(vc(op == M.VCLS ? VecOps.CLS : VecOps.CLZ, size)));
            case VCNT -> size != 0 ? null : b.call(UN, x, b.c32(vc(VecOps.CNT, 0)));
            case VMVN -> size != 0 ? null : b.xor(x, b.c64(-1));
            case VQABS, VQNEG -> size == 3 ? null
                    : Vfp.fpCall(t, UN_SAT, x, b.c32(vc(op == M.VQABS ? VecOps.SQABS : VecOps.SQNEG, size)));
            case VCGT0, VCGE0, VCEQ0, VCLE0, VCLT0, VABS, VNEG -> {
                if (size == 3 || (f && size != 2)) {
                    yield null;
                }
                if (f) {
                    yield fp1(t, x, switch (op) {
                        case VCGT0 -> FpOps.FCMGT0;
                        case VCGE0 -> FpOps.FCMGE0;
                        case VCEQ0 -> FpOps.FCMEQ0;
                        case VCLE0 -> FpOps.FCMLE0;
                        case VCLT0 -> FpOps.FCMLT0;
                        case VABS -> FpOps.FABS;
                        default -> FpOps.FNEG;
                    });
                }
                yield b.call(UN, x, b.c32(vc(switch (op) {
                    case VCGT0 -> VecOps.CMGT0;
                    case VCGE0 -> VecOps.CMGE0;
                    case VCEQ0 -> VecOps.CMEQ0;
                    case VCLE0 -> VecOps.CMLE0;
                    case VCLT0 -> VecOps.CMLT0;
                    case VABS -> VecOps.ABS;
                    default -> VecOps.NEG;
                }, size)));
            }
            case VRECPE, VRSQRTE -> {
                if (size != 2) {
                    yield null;
                }
                int fop = t.bit(8) == 1 ? (op == M.VRECPE ? FpOps.FRECPE : FpOps.FRSQRTE)
                        : (op == M.VRECPE ? FpOps.URECPE : FpOps.URSQRTE);
                yield fp1(t, x, fop);
            }
            case VCVT_FI -> {
                if (size != 2) {
                    yield null;
                }
                int o = t.bits(8, 7);
                boolean toInt = (o & 2) != 0;
                int ctl = FpOps.cvtCtl(32, 32, (o & 1) != 0, toInt ? ArmFp.RZ : ArmFp.RN, 0);
                yield Vfp.fpCall(t, toInt ? NeonShift.TO_INT : NeonShift.FROM_INT, x, b.c32(ctl),
                        b.c32(Neon.STANDARD_FPSCR));
            }
            default -> throw new IllegalStateException(op.name());
        });
    }

    /** VSWP (A8.8.415), VTRN (A8.8.417), VUZP (A8.8.419), VZIP (A8.8.420): write both Vd and Vm. */
    private static boolean swapOrPermute(A32Translator t, M op, int size, int q, int d, int m) {
        IrBuilder b = t.b;
        if (q == 1 && ((d | m) & 1) != 0) {
            return false;
        }
        int regs = q + 1;
        Inst[] ms = new Inst[regs];
        Inst[] ds = new Inst[regs];
        for (int i = 0; i < regs; i++) {
            ms[i] = t.readD(m + i);
            ds[i] = t.readD(d + i);
        }
        switch (op) {
            case VSWP -> {
                if (size != 0) {
                    return false;
                }
                for (int i = 0; i < regs; i++) {
                    t.writeD(d + i, ms[i]);
                    t.writeD(m + i, ds[i]);
                }
                return true;
            }
            case VTRN, VUZP, VZIP -> {
                if (size == 3 || d == m || (op != M.VTRN && q == 0 && size == 2)) {
                    return false;
                }
                Inst[] nd = new Inst[regs];
                Inst[] nm = new Inst[regs];
                int s = size;
                if (op == M.VTRN) {
                    for (int i = 0; i < regs; i++) {
                        nd[i] = b.call(PERM, ds[i], ms[i], b.c32(vc(VecOps.TRN1, s)));
                        nm[i] = b.call(PERM, ds[i], ms[i], b.c32(vc(VecOps.TRN2, s)));
                    }
                } else if (q == 0) {
                    int lo = op == M.VUZP ? VecOps.UZP1 : VecOps.ZIP1;
                    int hi = op == M.VUZP ? VecOps.UZP2 : VecOps.ZIP2;
                    nd[0] = b.call(PERM, ds[0], ms[0], b.c32(vc(lo, s)));
                    nm[0] = b.call(PERM, ds[0], ms[0], b.c32(vc(hi, s)));
                } else if (op == M.VUZP) {
                    nd[0] = b.call(PERM, ds[0], ds[1], b.c32(vc(VecOps.UZP1, s)));
                    nd[1] = b.call(PERM, ms[0], ms[1], b.c32(vc(VecOps.UZP1, s)));
                    nm[0] = b.call(PERM, ds[0], ds[1], b.c32(vc(VecOps.UZP2, s)));
                    nm[1] = b.call(PERM, ms[0], ms[1], b.c32(vc(VecOps.UZP2, s)));
                } else {
                    nd[0] = b.call(PERM, ds[0], ms[0], b.c32(vc(VecOps.ZIP1, s)));
                    nd[1] = b.call(PERM, ds[0], ms[0], b.c32(vc(VecOps.ZIP2, s)));
                    nm[0] = b.call(PERM, ds[1], ms[1], b.c32(vc(VecOps.ZIP1, s)));
                    nm[1] = b.call(PERM, ds[1], ms[1], b.c32(vc(VecOps.ZIP2, s)));
                }
                for (int i = 0; i < regs; i++) {
                    t.writeD(d + i, nd[i]);
                    t.writeD(m + i, nm[i]);
                }
                return true;
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    /** VEXT (A8.8.316): bytes imm4.. of the concatenation Vm:Vn (Vn in the low bytes). */
    static boolean VEXT(A32Translator t) {
        IrBuilder b = t.b;
        int q = t.bit(6);
        int d = Vfp.vd(t, true);
        int n = Vfp.vn(t, true);
        int m = Vfp.vm(t, true);
        int imm = t.bits(11, 8);
        if (q == 1 ? ((d | n | m) & 1) != 0 : imm > 7) {
            return false;
        }
        Inst[] src = q == 1 ? new Inst[] {t.readD(n), t.readD(n + 1), t.readD(m), t.readD(m + 1)}
                : new Inst[] {t.readD(n), t.readD(m)};
        Inst[] r = new Inst[q + 1];
        for (int k = 0; k <= q; k++) {
            int byteOff = imm + 8 * k;
            int j = byteOff >> 3;
            int off = byteOff & 7;
            r[k] = off == 0 ? src[j] : b.or(b.lshr(src[j], b.c64(8 * off)), b.shl(src[j + 1], b.c64(64 - 8 * off)));
        }
        for (int k = 0; k <= q; k++) {
            t.writeD(d + k, r[k]);
        }
        return true;
    }

    /** VTBL, VTBX (A8.8.416): bit 6 = 1 is VTBX (out-of-range indices keep the byte of Dd). */
    static boolean VTBL(A32Translator t) {
        IrBuilder b = t.b;
        int d = Vfp.vd(t, true);
        int n = Vfp.vn(t, true);
        int m = Vfp.vm(t, true);
        int len = t.bits(9, 8);
        if (n + len + 1 > 32) {
            return false;
        }
        Inst[] tab = new Inst[4];
        for (int i = 0; i < 4; i++) {
            tab[i] = i <= len ? t.readD(n + i) : b.c64(0);
        }
        Inst dflt = t.bit(6) == 1 ? t.readD(d) : b.c64(0);
        t.writeD(d, b.call(TBL, t.readD(m), dflt, tab[0], tab[1], tab[2], tab[3], b.c32(len)));
        return true;
    }

    /** VDUP (scalar) (A8.8.318): imm4 = xxx1 byte, xx10 halfword, x100 word (index above the marker). */
    static boolean VDUP_scalar(A32Translator t) {
        IrBuilder b = t.b;
        int q = t.bit(6);
        int d = Vfp.vd(t, true);
        int m = Vfp.vm(t, true);
        int imm4 = t.bits(19, 16);
        int size = Integer.numberOfTrailingZeros(imm4 | 0x10);
        if (size > 2 || (q == 1 && (d & 1) != 0)) {
            return false;
        }
        int index = imm4 >>> (size + 1);
        Inst v = b.call(NeonLong.DUP, t.readD(m), b.c32(size), b.c32(index));
        for (int i = 0; i <= q; i++) {
            t.writeD(d + i, v);
        }
        return true;
    }

    /** VDUP (ARM core register) (A8.8.319): B:E = 00 word, 01 halfword, 10 byte. */
    static boolean VDUP_core(A32Translator t) {
        IrBuilder b = t.b;
        int be = t.bit(22) << 1 | t.bit(5);
        int q = t.bit(21);
        int d = t.bit(7) << 4 | t.bits(19, 16);
        int rt = t.bits(15, 12);
        if (be == 3 || rt == 15 || (t.thumb && rt == 13) || (q == 1 && (d & 1) != 0)) {
            return false;
        }
        int size = be == 0 ? 2 : be == 1 ? 1 : 0;
        long ones = NeonShift.replicate(1, size);
        long mask = (1L << (8 << size)) - 1;
        Inst v = b.binary(Op.MUL, b.and(b.zext32(t.readR(rt)), b.c64(mask)), b.c64(ones));
        for (int i = 0; i <= q; i++) {
            t.writeD(d + i, v);
        }
        return true;
    }

    /** VRECPS (bit 21 = 0), VRSQRTS (1) (A8.8.380, A8.8.393): F32 only (sz = bit 20 must be 0). */
    static boolean VRECPS(A32Translator t) {
        IrBuilder b = t.b;
        int rsqrt = t.bit(21);
        return Neon.apply(t, (n, m, d) -> Vfp.fpCall(t, STEP, n, m, b.c32(rsqrt), b.c32(Neon.STANDARD_FPSCR)), false);
    }
}
