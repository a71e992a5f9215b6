package org.jemu.arm.a32;

import org.jemu.arm.a64.FpOps;
import org.jemu.arm.a64.VecOps;
import org.jemu.translator.decode.DecodeTable;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;

/**
 * Advanced SIMD "Three registers of different lengths" (DDI 0406C A7.4.2: VADDL/W, VSUBL/W, V{R}ADDHN,
 * V{R}SUBHN, VABAL, VABDL, VMLAL, VMLSL, VQDMLAL, VQDMLSL, VMULL (integer and polynomial), VQDMULL) and
 * "Two registers and a scalar" (A7.4.3: VMLA, VMLS, VMUL (integer and F32), VMLAL, VMLSL, VMULL,
 * VQDMLAL, VQDMLSL, VQDMULL, VQDMULH, VQRDMULH by scalar), A32 and T32.
 *
 * <p>Both groups have size = bits [21:20] != 11 (size 11 is VEXT and the two-register groups), so each line
 * is split into a size 0x form and a size 10 form ({@code _s32}) to keep the tables free of shadowing.
 * In the scalar group the U bit is Q for the non-long operations. Long results are Q registers (Vd even),
 * wide and narrowing operands are Q registers (even numbers), else UNDEFINED.
 */
final class NeonLong {
    private NeonLong() {
    }

    static final Helper MULL = Helper.of(VecOps.class, "mull", Helper.SIDE_EFFECT);
    static final Helper DUP = Helper.of(NeonOps.class, "dup", 0);

    enum L { VADDL, VADDW, VSUBL, VSUBW, VADDHN, VABAL, VSUBHN, VABDL, VMLAL, VQDMLAL, VMLSL, VQDMLSL, VMULL, VQDMULL, VMULL_P }

    enum S { VMLA, VMLA_F, VMLS, VMLS_F, VMLAL, VQDMLAL, VMLSL, VQDMLSL, VMUL, VMUL_F, VMULL, VQDMULL, VQDMULH, VQRDMULH }

    static void addDiff(DecodeTable.Builder<A32Translator.Handler> t, boolean thumb) {
        diff(t, thumb, "VADDL", "VADDL", "u", "0000", L.VADDL);
        diff(t, thumb, "VADDW", "VADDW", "u", "0001", L.VADDW);
        diff(t, thumb, "VSUBL", "VSUBL", "u", "0010", L.VSUBL);
        diff(t, thumb, "VSUBW", "VSUBW", "u", "0011", L.VSUBW);
        diff(t, thumb, "VADDHN_VRADDHN", "VADDHN, VRADDHN", "u", "0100", L.VADDHN);
        diff(t, thumb, "VABAL", "VABA, VABAL (A2)", "u", "0101", L.VABAL);
        diff(t, thumb, "VSUBHN_VRSUBHN", "VSUBHN, VRSUBHN", "u", "0110", L.VSUBHN);
        diff(t, thumb, "VABDL", "VABD, VABDL (integer, A2)", "u", "0111", L.VABDL);
        diff(t, thumb, "VMLAL", "VMLAL (integer)", "u", "1000", L.VMLAL);
        diff(t, thumb, "VQDMLAL", "VQDMLAL", "0", "1001", L.VQDMLAL);
        diff(t, thumb, "VMLSL", "VMLSL (integer)", "u", "1010", L.VMLSL);
        diff(t, thumb, "VQDMLSL", "VQDMLSL", "0", "1011", L.VQDMLSL);
        diff(t, thumb, "VMULL_int", "VMULL (integer)", "u", "1100", L.VMULL);
        diff(t, thumb, "VQDMULL", "VQDMULL", "0", "1101", L.VQDMULL);
        Neon.add(t, thumb, "VMULL_p8", "VMULL (polynomial)", "0", "1e00 nnnn dddd 1110 f0g0 mmmm", x -> diff(x, L.VMULL_P));
    }

    private static void diff(DecodeTable.Builder<A32Translator.Handler> t, boolean thumb, String name, String desc, String u,
            String opc, L op) {
        A32Translator.Handler h = x -> diff(x, op);
        Neon.add(t, thumb, name, desc, u, "1e0s nnnn dddd " + opc + " f0g0 mmmm", h);
        Neon.add(t, thumb, name + "_s32", desc + ", 32-bit elements", u, "1e10 nnnn dddd " + opc + " f0g0 mmmm", h);
    }

    static void addScalar(DecodeTable.Builder<A32Translator.Handler> t, boolean thumb) {
        scalar(t, thumb, "VMLA_scalar", "VMLA (by scalar, integer)", "q", "0000", S.VMLA);
        scalar(t, thumb, "VMLA_scalar_f32", "VMLA (by scalar, floating-point)", "q", "0001", S.VMLA_F);
        scalar(t, thumb, "VMLAL_scalar", "VMLAL (by scalar)", "u", "0010", S.VMLAL);
        scalar(t, thumb, "VQDMLAL_scalar", "VQDMLAL (by scalar)", "0", "0011", S.VQDMLAL);
        scalar(t, thumb, "VMLS_scalar", "VMLS (by scalar, integer)", "q", "0100", S.VMLS);
        scalar(t, thumb, "VMLS_scalar_f32", "VMLS (by scalar, floating-point)", "q", "0101", S.VMLS_F);
        scalar(t, thumb, "VMLSL_scalar", "VMLSL (by scalar)", "u", "0110", S.VMLSL);
        scalar(t, thumb, "VQDMLSL_scalar", "VQDMLSL (by scalar)", "0", "0111", S.VQDMLSL);
        scalar(t, thumb, "VMUL_scalar", "VMUL (by scalar, integer)", "q", "1000", S.VMUL);
        scalar(t, thumb, "VMUL_scalar_f32", "VMUL (by scalar, floating-point)", "q", "1001", S.VMUL_F);
        scalar(t, thumb, "VMULL_scalar", "VMULL (by scalar)", "u", "1010", S.VMULL);
        scalar(t, thumb, "VQDMULL_scalar", "VQDMULL (by scalar)", "0", "1011", S.VQDMULL);
        scalar(t, thumb, "VQDMULH_scalar", "VQDMULH (by scalar)", "q", "1100", S.VQDMULH);
        scalar(t, thumb, "VQRDMULH_scalar", "VQRDMULH (by scalar)", "q", "1101", S.VQRDMULH);
    }

    private static void scalar(DecodeTable.Builder<A32Translator.Handler> t, boolean thumb, String name, String desc,
            String u, String opc, S op) {
        A32Translator.Handler h = x -> scalar(x, op);
        if (op == S.VMLA_F || op == S.VMLS_F || op == S.VMUL_F) {
            // F32 only: size = 10 (size 01 is ARMv8.2 half precision, UNDEFINED here)
            Neon.add(t, thumb, name, desc, u, "1e10 nnnn dddd " + opc + " f1g0 mmmm", h);
            return;
        }
        Neon.add(t, thumb, name, desc, u, "1e0s nnnn dddd " + opc + " f1g0 mmmm", h);
        Neon.add(t, thumb, name + "_s32", desc + ", 32-bit elements", u, "1e10 nnnn dddd " + opc + " f1g0 mmmm", h);
    }

    private static int vc(int op, int size) {
        return op << 4 | size;
    }

    /** The low ({@code k} = 0) or high 32 bits of {@code x}, widened to elements of twice {@code size}. */
    private static Inst widen(A32Translator t, Inst x, int k, int size, boolean signed) {
        IrBuilder b = t.b;
        return b.call(NeonShift.WIDEN, k == 0 ? x : b.lshr(x, b.c64(32)), b.c32(size), b.c32(signed ? 1 : 0));
    }

    private static Inst hi(A32Translator t, Inst x, int k) {
        return k == 0 ? x : t.b.lshr(x, t.b.c64(32));
    }

    private static boolean diff(A32Translator t, L op) {
        IrBuilder b = t.b;
        int size = t.bits(21, 20);
        boolean signed = Neon.u(t) == 0;
        int d = Vfp.vd(t, true);
        int n = Vfp.vn(t, true);
        int m = Vfp.vm(t, true);
        boolean wideN = op == L.VADDW || op == L.VSUBW;
        boolean narrow = op == L.VADDHN || op == L.VSUBHN;
        if (narrow ? ((n | m) & 1) != 0 : (d & 1) != 0 || (wideN && (n & 1) != 0)) {
            return false;
        }
        if ((op == L.VQDMLAL || op == L.VQDMLSL || op == L.VQDMULL) && size == 0) {
            return false;
        }
        Inst[] ns = {t.readD(n), wideN || narrow ? t.readD(n + 1) : null};
        Inst[] ms = {t.readD(m), narrow ? t.readD(m + 1) : null};
        if (narrow) {
            boolean round = !signed;
            int ctl = vc(VecOps.XTN, size) | (round ? 0x100 : 0);
            Inst[] r = new Inst[2];
            for (int k = 0; k < 2; k++) {
                Inst s = b.call(Neon.BIN, ns[k], ms[k], b.c32(vc(op == L.VADDHN ? VecOps.ADD : VecOps.SUB, size + 1)));
                r[k] = b.and(b.call(NeonShift.SHIFT_NARROW, s, b.c32(ctl), b.c32(8 << size)), b.c64(0xffff_ffffL));
            }
            t.writeD(d, b.or(r[0], b.shl(r[1], b.c64(32))));
            return true;
        }
        Inst[] ds = {t.readD(d), t.readD(d + 1)};
        Inst[] r = new Inst[2];
        for (int k = 0; k < 2; k++) {
            Inst wn = wideN ? ns[k] : null;
            r[k] = switch (op) {
                case VADDL, VADDW, VSUBL, VSUBW -> {
                    Inst x = wideN ? wn : widen(t, ns[0], k, size, signed);
                    yield b.call(Neon.BIN, x, widen(t, ms[0], k, size, signed),
                            b.c32(vc(op == L.VADDL || op == L.VADDW ? VecOps.ADD : VecOps.SUB, size + 1)));
                }
                case VABAL, VABDL -> {
                    Inst abd = b.call(Neon.BIN, widen(t, ns[0], k, size, signed), widen(t, ms[0], k, size, signed),
                            b.c32(vc(signed ? VecOps.SABD : VecOps.UABD, size + 1)));
                    yield op == L.VABDL ? abd : b.call(Neon.BIN, ds[k], abd, b.c32(vc(VecOps.ADD, size + 1)));
                }
                case VMLAL, VMLSL -> b.call(Neon.BIN, ds[k], mull(t, ns[0], ms[0], k, signed ? 0 : 1, size),
                        b.c32(vc(op == L.VMLAL ? VecOps.ADD : VecOps.SUB, size + 1)));
                case VQDMLAL, VQDMLSL -> Vfp.fpCall(t, Neon.BIN_SAT, ds[k], mull(t, ns[0], ms[0], k, 3, size),
                        b.c32(vc(op == L.VQDMLAL ? VecOps.SQADD : VecOps.SQSUB, size + 1)));
                case VMULL -> mull(t, ns[0], ms[0], k, signed ? 0 : 1, size);
                case VQDMULL -> mull(t, ns[0], ms[0], k, 3, size);
                case VMULL_P -> mull(t, ns[0], ms[0], k, 2, size);
                default -> throw new IllegalStateException(op.name());
            };
        }
        t.writeD(d, r[0]);
        t.writeD(d + 1, r[1]);
        return true;
    }

    /** {@link VecOps#mull} of the half {@code k} of {@code n} and {@code m}; kind 3 (doubling) may set QC. */
    private static Inst mull(A32Translator t, Inst n, Inst m, int k, int kind, int size) {
        IrBuilder b = t.b;
        Inst[] args = {hi(t, n, k), hi(t, m, k), b.c32(vc(kind, size))};
        return kind == 3 ? Vfp.fpCall(t, MULL, args) : b.call(MULL, args);
    }

    private static boolean scalar(A32Translator t, S op) {
        IrBuilder b = t.b;
        int size = t.bits(21, 20);
        int u = Neon.u(t);
        boolean f = op == S.VMLA_F || op == S.VMLS_F || op == S.VMUL_F;
        if (size == 0 || (f && size != 2)) {
            return false;
        }
        boolean lng = op == S.VMLAL || op == S.VMLSL || op == S.VQDMLAL || op == S.VQDMLSL || op == S.VMULL
                || op == S.VQDMULL;
        int d = Vfp.vd(t, true);
        int n = Vfp.vn(t, true);
        int m = size == 1 ? t.bits(2, 0) : t.bits(3, 0);
        int index = size == 1 ? t.bit(5) << 1 | t.bit(3) : t.bit(5);
        int q = lng ? 0 : u;
        if (lng ? (d & 1) != 0 : q == 1 && ((d | n) & 1) != 0) {
            return false;
        }
        Inst s = b.call(DUP, t.readD(m), b.c32(size), b.c32(index));
        if (lng) {
            boolean signed = u == 0;
            Inst nv = t.readD(n);
            Inst[] ds = {t.readD(d), t.readD(d + 1)};
            Inst[] r = new Inst[2];
            for (int k = 0; k < 2; k++) {
                r[k] = switch (op) {
                    case VMLAL, VMLSL -> b.call(Neon.BIN, ds[k], mull(t, nv, s, k, signed ? 0 : 1, size),
                            b.c32(vc(op == S.VMLAL ? VecOps.ADD : VecOps.SUB, size + 1)));
                    case VQDMLAL, VQDMLSL -> Vfp.fpCall(t, Neon.BIN_SAT, ds[k], mull(t, nv, s, k, 3, size),
                            b.c32(vc(op == S.VQDMLAL ? VecOps.SQADD : VecOps.SQSUB, size + 1)));
                    case VMULL -> mull(t, nv, s, k, signed ? 0 : 1, size);
                    default -> mull(t, nv, s, k, 3, size);
                };
            }
            t.writeD(d, r[0]);
            t.writeD(d + 1, r[1]);
            return true;
        }
        int regs = q + 1;
        Inst[] ns = new Inst[regs];
        Inst[] ds = new Inst[regs];
        for (int i = 0; i < regs; i++) {
            ns[i] = t.readD(n + i);
            ds[i] = t.readD(d + i);
        }
        Inst[] r = new Inst[regs];
        int fp = Neon.STANDARD_FPSCR;
        for (int i = 0; i < regs; i++) {
            Inst x = ns[i];
            r[i] = switch (op) {
                case VMLA, VMLS -> b.call(Neon.BIN, ds[i], b.call(Neon.BIN, x, s, b.c32(vc(VecOps.MUL, size))),
                        b.c32(vc(op == S.VMLA ? VecOps.ADD : VecOps.SUB, size)));
                case VMUL -> b.call(Neon.BIN, x, s, b.c32(vc(VecOps.MUL, size)));
                case VMUL_F -> Vfp.fpCall(t, Neon.VFP2, x, s, b.c32(FpOps.ctl(FpOps.FMUL, 32)), b.c32(fp));
                case VMLA_F, VMLS_F -> {
                    Inst p = Vfp.fpCall(t, Neon.VFP2, x, s, b.c32(FpOps.ctl(FpOps.FMUL, 32)), b.c32(fp));
                    yield Vfp.fpCall(t, Neon.VFP2, ds[i], p, b.c32(FpOps.ctl(op == S.VMLA_F ? FpOps.FADD : FpOps.FSUB, 32)),
                            b.c32(fp));
                }
                case VQDMULH -> Vfp.fpCall(t, Neon.BIN_SAT, x, s, b.c32(vc(VecOps.SQDMULH, size)));
                case VQRDMULH -> Vfp.fpCall(t, Neon.BIN_SAT, x, s, b.c32(vc(VecOps.SQRDMULH, size)));
                default -> throw new IllegalStateException(op.name());
            };
        }
        for (int i = 0; i < regs; i++) {
            t.writeD(d + i, r[i]);
        }
        return true;
    }
}
