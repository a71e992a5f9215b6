package org.jemu.arm.a32;

import org.jemu.arm.a64.FpOps;
import org.jemu.arm.a64.VecOps;
import org.jemu.translator.decode.DecodeTable;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;

/**
 * Handlers for the AArch32 Advanced SIMD (NEON) data-processing instructions (DDI 0406C A7.4): here
 * "Three registers of the same length" (A7.4.1) except VRECPS/VRSQRTS ({@link NeonMisc}: ARMv7's unfused
 * step), and the shared decode helpers; the other groups are in {@link NeonShift} (A7.4.4, A7.4.6),
 * {@link NeonLong} (A7.4.2, A7.4.3), {@link NeonMisc} (A7.4.5, VEXT, VTBL, VDUP) and
 * {@link NeonLoadStore} (A7.7).
 *
 * <p>Registers: D(n) is the 64-bit slot {@code V0 + n} ({@link A32Translator#readD}); a Q form (Q bit 6 set)
 * works on D(2k) and D(2k+1) and is UNDEFINED when any of Vd, Vn, Vm is odd (the manual's "if Q == '1' &amp;&amp;
 * (Vd&lt;0&gt; == '1' || ...) then UNDEFINED"). All source halves are read before any destination half is
 * written, so overlapping operands behave as the pseudocode's element loop does (each result element depends
 * only on the same element of the sources, or, for the pairwise forms, which have no Q form, on both
 * sources read up front).
 *
 * <p>The per-half arithmetic is the A64 implementation's ({@link VecOps} for integers, whose saturating ops
 * set FPSR.QC = FPSCR.QC, and {@link FpOps} for single precision). The floating-point forms run under the
 * "Standard FPSCR value" (DDI 0406C A2.7.4 StandardFPSCRValue(): DN = 1, FZ = 1, round to nearest; the
 * cumulative exception flags still accumulate into FPSCR), so the FPCR value passed is the constant
 * {@link #STANDARD_FPSCR}.
 *
 * <p>Encodings: A32 1111 001U ..., T32 111U 1111 ...; bits [23:0] are the same in both, so one set of
 * patterns (bits [23:0]) serves both tables ({@link #add}); U is bit 24 (A32) or bit 28 (T32). In T32 these
 * instructions can be conditional through IT: register writes select, and helpers that raise flags are
 * bracketed by {@link Vfp#fpCall}. Every handler is wrapped by {@link Vfp#gate} (the CPACR/CPTR FP enable
 * check; NEON is not short-vector capable).
 */
public final class Neon {
    private Neon() {
    }

    static final Helper BIN = Helper.of(VecOps.class, "bin", 0);
    static final Helper BIN_SAT = Helper.of(VecOps.class, "binSat", Helper.SIDE_EFFECT);
    static final Helper PAIR = Helper.of(VecOps.class, "pair", 0);
    static final Helper VFP2 = Helper.of(FpOps.class, "vfp2", Helper.SIDE_EFFECT);
    static final Helper VFMA = Helper.of(FpOps.class, "vfma", Helper.SIDE_EFFECT);
    static final Helper VPAIR = Helper.of(FpOps.class, "vfpPair", Helper.SIDE_EFFECT);

    /** StandardFPSCRValue() (DDI 0406C A2.7.4) as an FPCR value: DN (bit 25) and FZ (bit 24), RMode = RN. */
    public static final int STANDARD_FPSCR = 0x0300_0000;

    // ---- decode lines ------------------------------------------------------------------------------------

    /**
     * Adds one Advanced SIMD data-processing line: {@code u} is "u" (the U bit is a field), "0" or "1";
     * {@code low24} is bits [23:0]. The A32 form is 1111 001U low24, the T32 form 111U 1111 low24.
     */
    static void add(DecodeTable.Builder<A32Translator.Handler> t, boolean thumb, String name, String description,
            String u, String low24, A32Translator.Handler h) {
        String head = thumb ? "111" + u + "1111" : "1111001" + u;
        t.add(thumb ? name + "_T1" : name, description, head + " " + low24, Vfp.gate(h, false));
    }

    /**
     * The A7.4.1 lines. Field letters: {@code u} U, {@code e} D, {@code s} size, {@code o} op (bit 21 of the
     * floating-point forms), {@code n} Vn, {@code d} Vd, {@code f} N, {@code q} Q, {@code g} M, {@code b} the
     * B bit where it selects between two instructions of one handler, {@code m} Vm.
     */
    static void addThreeSame(DecodeTable.Builder<A32Translator.Handler> t, boolean thumb) {
        add(t, thumb, "VHADD", "VHADD", "u", "0ess nnnn dddd 0000 fqg0 mmmm", t3(I3.VHADD));
        add(t, thumb, "VQADD", "VQADD", "u", "0ess nnnn dddd 0000 fqg1 mmmm", t3(I3.VQADD));
        add(t, thumb, "VRHADD", "VRHADD", "u", "0ess nnnn dddd 0001 fqg0 mmmm", t3(I3.VRHADD));
        add(t, thumb, "VAND", "VAND (register)", "0", "0e00 nnnn dddd 0001 fqg1 mmmm", t3(I3.VAND));
        add(t, thumb, "VBIC", "VBIC (register)", "0", "0e01 nnnn dddd 0001 fqg1 mmmm", t3(I3.VBIC));
        add(t, thumb, "VORR", "VORR (register), VMOV (register)", "0", "0e10 nnnn dddd 0001 fqg1 mmmm", t3(I3.VORR));
        add(t, thumb, "VORN", "VORN (register)", "0", "0e11 nnnn dddd 0001 fqg1 mmmm", t3(I3.VORN));
        add(t, thumb, "VEOR", "VEOR", "1", "0e00 nnnn dddd 0001 fqg1 mmmm", t3(I3.VEOR));
        add(t, thumb, "VBSL", "VBSL", "1", "0e01 nnnn dddd 0001 fqg1 mmmm", t3(I3.VBSL));
        add(t, thumb, "VBIT", "VBIT", "1", "0e10 nnnn dddd 0001 fqg1 mmmm", t3(I3.VBIT));
        add(t, thumb, "VBIF", "VBIF", "1", "0e11 nnnn dddd 0001 fqg1 mmmm", t3(I3.VBIF));
        add(t, thumb, "VHSUB", "VHSUB", "u", "0ess nnnn dddd 0010 fqg0 mmmm", t3(I3.VHSUB));
        add(t, thumb, "VQSUB", "VQSUB", "u", "0ess nnnn dddd 0010 fqg1 mmmm", t3(I3.VQSUB));
        add(t, thumb, "VCGT", "VCGT (register)", "u", "0ess nnnn dddd 0011 fqg0 mmmm", t3(I3.VCGT));
        add(t, thumb, "VCGE", "VCGE (register)", "u", "0ess nnnn dddd 0011 fqg1 mmmm", t3(I3.VCGE));
        add(t, thumb, "VSHL_reg", "VSHL (register)", "u", "0ess nnnn dddd 0100 fqg0 mmmm", t3(I3.VSHL));
        add(t, thumb, "VQSHL_reg", "VQSHL (register)", "u", "0ess nnnn dddd 0100 fqg1 mmmm", t3(I3.VQSHL));
        add(t, thumb, "VRSHL", "VRSHL", "u", "0ess nnnn dddd 0101 fqg0 mmmm", t3(I3.VRSHL));
        add(t, thumb, "VQRSHL", "VQRSHL", "u", "0ess nnnn dddd 0101 fqg1 mmmm", t3(I3.VQRSHL));
        add(t, thumb, "VMAX_VMIN", "VMAX, VMIN (integer)", "u", "0ess nnnn dddd 0110 fqgb mmmm", t3(I3.VMAX_VMIN));
        add(t, thumb, "VABD", "VABD (integer)", "u", "0ess nnnn dddd 0111 fqg0 mmmm", t3(I3.VABD));
        add(t, thumb, "VABA", "VABA", "u", "0ess nnnn dddd 0111 fqg1 mmmm", t3(I3.VABA));
        add(t, thumb, "VADD_VSUB", "VADD, VSUB (integer)", "u", "0ess nnnn dddd 1000 fqg0 mmmm", t3(I3.VADD_VSUB));
        add(t, thumb, "VTST_VCEQ", "VTST, VCEQ (register)", "u", "0ess nnnn dddd 1000 fqg1 mmmm", t3(I3.VTST_VCEQ));
        add(t, thumb, "VMLA_VMLS_int", "VMLA, VMLS (integer)", "u", "0ess nnnn dddd 1001 fqg0 mmmm", t3(I3.VMLA_VMLS));
        add(t, thumb, "VMUL_int", "VMUL (integer and polynomial)", "u", "0ess nnnn dddd 1001 fqg1 mmmm", t3(I3.VMUL));
        add(t, thumb, "VPMAX_VPMIN", "VPMAX, VPMIN (integer)", "u", "0ess nnnn dddd 1010 fqgb mmmm", t3(I3.VPMAX_VPMIN));
        add(t, thumb, "VQDMULH_VQRDMULH", "VQDMULH, VQRDMULH", "u", "0ess nnnn dddd 1011 fqg0 mmmm", t3(I3.VQDMULH));
        add(t, thumb, "VPADD", "VPADD (integer)", "0", "0ess nnnn dddd 1011 fqg1 mmmm", t3(I3.VPADD));
        // floating-point (sz = 1 is UNDEFINED: not listed)
        add(t, thumb, "VFMA_VFMS_simd", "VFMA, VFMS (Advanced SIMD)", "0", "0eo0 nnnn dddd 1100 fqg1 mmmm", t3(I3.F_VFMA));
        add(t, thumb, "VADD_VSUB_f32", "VADD, VSUB (floating-point), Advanced SIMD", "0", "0eo0 nnnn dddd 1101 fqg0 mmmm", t3(I3.F_VADD));
        add(t, thumb, "VPADD_f32", "VPADD (floating-point)", "1", "0e00 nnnn dddd 1101 fqg0 mmmm", t3(I3.F_VPADD));
        add(t, thumb, "VABD_f32", "VABD (floating-point)", "1", "0e10 nnnn dddd 1101 fqg0 mmmm", t3(I3.F_VABD));
        add(t, thumb, "VMLA_VMLS_f32", "VMLA, VMLS (floating-point), Advanced SIMD", "0", "0eo0 nnnn dddd 1101 fqg1 mmmm", t3(I3.F_VMLA));
        add(t, thumb, "VMUL_f32", "VMUL (floating-point), Advanced SIMD", "1", "0e00 nnnn dddd 1101 fqg1 mmmm", t3(I3.F_VMUL));
        add(t, thumb, "VCEQ_f32", "VCEQ (register), floating-point", "0", "0e00 nnnn dddd 1110 fqg0 mmmm", t3(I3.F_VCEQ));
        add(t, thumb, "VCGE_VCGT_f32", "VCGE, VCGT (register), floating-point", "1", "0eo0 nnnn dddd 1110 fqg0 mmmm", t3(I3.F_VCGE));
        add(t, thumb, "VACGE_VACGT", "VACGE, VACGT", "1", "0eo0 nnnn dddd 1110 fqg1 mmmm", t3(I3.F_VACGE));
        add(t, thumb, "VMAX_VMIN_f32", "VMAX, VMIN (floating-point)", "0", "0eo0 nnnn dddd 1111 fqg0 mmmm", t3(I3.F_VMAX));
        add(t, thumb, "VPMAX_VPMIN_f32", "VPMAX, VPMIN (floating-point)", "1", "0eo0 nnnn dddd 1111 fqg0 mmmm", t3(I3.F_VPMAX));
    }

    /**
     * The other Advanced SIMD data-processing groups (A7.4.2 - A7.4.6, VEXT, VTBL/VTBX, VDUP (scalar)) and
     * VRECPS/VRSQRTS, one contiguous block per table: {@link NeonShift}, {@link NeonLong}, {@link NeonMisc};
     * then the ARMv8 cryptographic and floating-point additions ({@link Crypto32}, {@link VfpV8}).
     */
    static void addOthers(DecodeTable.Builder<A32Translator.Handler> t, boolean thumb) {
        NeonShift.addModImm(t, thumb);
        NeonShift.addShifts(t, thumb);
        NeonLong.addDiff(t, thumb);
        NeonLong.addScalar(t, thumb);
        NeonMisc.addMisc(t, thumb);
        Crypto32.addSimd(t, thumb);
        VfpV8.addSimd(t, thumb);
    }

    // ---- A7.4.1 three registers of the same length ---------------------------------------------------------

    enum I3 {
        VHADD, VQADD, VRHADD, VAND, VBIC, VORR, VORN, VEOR, VBSL, VBIT, VBIF, VHSUB, VQSUB, VCGT, VCGE, VSHL,
        VQSHL, VRSHL, VQRSHL, VMAX_VMIN, VABD, VABA, VADD_VSUB, VTST_VCEQ, VMLA_VMLS, VMUL, VPMAX_VPMIN, VQDMULH,
        VPADD, F_VFMA, F_VADD, F_VPADD, F_VABD, F_VMLA, F_VMUL, F_VCEQ, F_VCGE, F_VACGE, F_VMAX, F_VPMAX
    }

    /** The U bit: bit 24 in A32, bit 28 in T32. */
    static int u(A32Translator t) {
        return t.thumb ? t.bit(28) : t.bit(24);
    }

    private static int vc(int op, int size) {
        return op << 4 | size;
    }

    /** One D-register-sized step of an operation: {@code n}, {@code m} and (when read) {@code d} halves. */
    interface Half {
        Inst apply(Inst n, Inst m, Inst d);
    }

    static A32Translator.Handler t3(I3 op) {
        return t -> three(t, op);
    }

    private static boolean three(A32Translator t, I3 op) {
        IrBuilder b = t.b;
        int size = t.bits(21, 20);
        int u = u(t);
        int q = t.bit(6);
        int bb = t.bit(4);
        int o = t.bit(21);
        boolean pairwise = op == I3.VPMAX_VPMIN || op == I3.VPADD || op == I3.F_VPADD || op == I3.F_VPMAX;
        if (pairwise && q == 1) {
            return false;
        }
        boolean noD64 = switch (op) {
            case VQADD, VQSUB, VSHL, VQSHL, VRSHL, VQRSHL, VADD_VSUB, VAND, VBIC, VORR, VORN, VEOR, VBSL, VBIT, VBIF -> false;
            default -> op.name().startsWith("V");
        };
        if (noD64 && size == 3) {
            return false;
        }
        Half h;
        switch (op) {
            case VHADD -> h = bin(t, u == 1 ? VecOps.UHADD : VecOps.SHADD, size, false);
            case VRHADD -> h = bin(t, u == 1 ? VecOps.URHADD : VecOps.SRHADD, size, false);
            case VHSUB -> h = bin(t, u == 1 ? VecOps.UHSUB : VecOps.SHSUB, size, false);
            case VQADD -> h = sat(t, u == 1 ? VecOps.UQADD : VecOps.SQADD, size, false);
            case VQSUB -> h = sat(t, u == 1 ? VecOps.UQSUB : VecOps.SQSUB, size, false);
            case VAND -> h = (n, m, d) -> b.and(n, m);
            case VBIC -> h = (n, m, d) -> b.and(n, b.xor(m, b.c64(-1)));
            case VORR -> h = (n, m, d) -> b.or(n, m);
            case VORN -> h = (n, m, d) -> b.or(n, b.xor(m, b.c64(-1)));
            case VEOR -> h = (n, m, d) -> b.xor(n, m);
            case VBSL -> h = (n, m, d) -> b.or(b.and(n, d), b.and(m, b.xor(d, b.c64(-1))));
            case VBIT -> h = (n, m, d) -> b.or(b.and(n, m), b.and(d, b.xor(m, b.c64(-1))));
            case VBIF -> h = (n, m, d) -> b.or(b.and(d, m), b.and(n, b.xor(m, b.c64(-1))));
            case VCGT -> h = bin(t, u == 1 ? VecOps.CMHI : VecOps.CMGT, size, false);
            case VCGE -> h = bin(t, u == 1 ? VecOps.CMHS : VecOps.CMGE, size, false);
            // the shifts: VSHL Dd, Dm, Dn shifts the elements of Dm by the signed low bytes of Dn's
            case VSHL -> h = bin(t, u == 1 ? VecOps.USHL : VecOps.SSHL, size, true);
            case VRSHL -> h = bin(t, u == 1 ? VecOps.URSHL : VecOps.SRSHL, size, true);
            case VQSHL -> h = sat(t, u == 1 ? VecOps.UQSHL : VecOps.SQSHL, size, true);
            case VQRSHL -> h = sat(t, u == 1 ? VecOps.UQRSHL : VecOps.SQRSHL, size, true);
            case VMAX_VMIN -> h = bin(t, bb == 0 ? (u == 1 ? VecOps.UMAX : VecOps.SMAX) : (u == 1 ? VecOps.UMIN : VecOps.SMIN),
                    size, false);
            case VABD -> h = bin(t, u == 1 ? VecOps.UABD : VecOps.SABD, size, false);
            case VABA -> {
                Half abd = bin(t, u == 1 ? VecOps.UABD : VecOps.SABD, size, false);
                h = (n, m, d) -> b.call(BIN, d, abd.apply(n, m, null), b.c32(vc(VecOps.ADD, size)));
            }
            case VADD_VSUB -> h = bin(t, u == 1 ? VecOps.SUB : VecOps.ADD, size, false);
            case VTST_VCEQ -> h = bin(t, u == 1 ? VecOps.CMEQ : VecOps.CMTST, size, false);
            case VMLA_VMLS -> {
                Half mul = bin(t, VecOps.MUL, size, false);
                int acc = u == 1 ? VecOps.SUB : VecOps.ADD;
                h = (n, m, d) -> b.call(BIN, d, mul.apply(n, m, null), b.c32(vc(acc, size)));
            }
            case VMUL -> {
                if (u == 1 && size != 0) {
                    return false;
                }
                h = bin(t, u == 1 ? VecOps.PMUL : VecOps.MUL, size, false);
            }
            case VPMAX_VPMIN -> {
                int p = bb == 0 ? (u == 1 ? VecOps.UMAX : VecOps.SMAX) : (u == 1 ? VecOps.UMIN : VecOps.SMIN);
                h = (n, m, d) -> b.call(PAIR, n, m, b.c32(vc(p, size)));
            }
            case VQDMULH -> {
                if (size == 0) {
                    return false;
                }
                h = sat(t, u == 1 ? VecOps.SQRDMULH : VecOps.SQDMULH, size, false);
            }
            case VPADD -> h = (n, m, d) -> b.call(PAIR, n, m, b.c32(vc(VecOps.ADD, size)));
            case F_VFMA -> h = (n, m, d) -> fp(t, VFMA, d, n, m, FpOps.ctl(o == 0 ? FpOps.FMADD : FpOps.FMSUB, 32));
            case F_VADD -> h = fp2(t, o == 0 ? FpOps.FADD : FpOps.FSUB);
            case F_VPADD -> h = (n, m, d) -> fp(t, VPAIR, n, m, FpOps.ctl(FpOps.FADD, 32));
            case F_VABD -> h = fp2(t, FpOps.FABD);
            case F_VMLA -> {
                // not fused: the product is rounded (FPMul), then added to or subtracted from Dd (FPAdd/FPSub)
                Half mul = fp2(t, FpOps.FMUL);
                int acc = o == 0 ? FpOps.FADD : FpOps.FSUB;
                h = (n, m, d) -> fp(t, VFP2, d, mul.apply(n, m, null), FpOps.ctl(acc, 32));
            }
            case F_VMUL -> h = fp2(t, FpOps.FMUL);
            case F_VCEQ -> h = fp2(t, FpOps.FCMEQ);
            case F_VCGE -> h = fp2(t, o == 0 ? FpOps.FCMGE : FpOps.FCMGT);
            case F_VACGE -> h = fp2(t, o == 0 ? FpOps.FACGE : FpOps.FACGT);
            case F_VMAX -> h = fp2(t, o == 0 ? FpOps.FMAX : FpOps.FMIN);
            case F_VPMAX -> h = (n, m, d) -> fp(t, VPAIR, n, m, FpOps.ctl(o == 0 ? FpOps.FMAX : FpOps.FMIN, 32));
            default -> throw new IllegalStateException(op.name());
        }
        boolean readsD = op == I3.VBSL || op == I3.VBIT || op == I3.VBIF || op == I3.VABA || op == I3.VMLA_VMLS
                || op == I3.F_VFMA || op == I3.F_VMLA;
        return apply(t, h, readsD);
    }

    /** A pure {@link VecOps#bin} operation; {@code swap}: the operands are (Dm, Dn), as for the shifts. */
    private static Half bin(A32Translator t, int op, int size, boolean swap) {
        IrBuilder b = t.b;
        return (n, m, d) -> swap ? b.call(BIN, m, n, b.c32(vc(op, size))) : b.call(BIN, n, m, b.c32(vc(op, size)));
    }

    /** A saturating {@link VecOps#binSat} operation (sets FPSCR.QC). */
    private static Half sat(A32Translator t, int op, int size, boolean swap) {
        IrBuilder b = t.b;
        return (n, m, d) -> swap ? Vfp.fpCall(t, BIN_SAT, m, n, b.c32(vc(op, size)))
                : Vfp.fpCall(t, BIN_SAT, n, m, b.c32(vc(op, size)));
    }

    private static Half fp2(A32Translator t, int op) {
        return (n, m, d) -> fp(t, VFP2, n, m, FpOps.ctl(op, 32));
    }

    /** An FP helper on single-precision lanes under the Standard FPSCR value. */
    private static Inst fp(A32Translator t, Helper h, Inst a, Inst c, int ctl) {
        return Vfp.fpCall(t, h, a, c, t.b.c32(ctl), t.b.c32(STANDARD_FPSCR));
    }

    private static Inst fp(A32Translator t, Helper h, Inst a, Inst c, Inst e, int ctl) {
        return Vfp.fpCall(t, h, a, c, e, t.b.c32(ctl), t.b.c32(STANDARD_FPSCR));
    }

    /** One D-sized step of a two-register operation: half {@code i} of Vm and of Vd; null means UNDEFINED. */
    interface Half2 {
        Inst apply(Inst m, Inst d, int i);
    }

    /**
     * The two-register shape (Vd, Vm, Q in bit 6) of A7.4.4 and A7.4.5: reads every half of Vm and Vd, applies
     * {@code h} to each, then writes Vd. UNDEFINED for a Q form with an odd register number, or when
     * {@code h} returns null.
     */
    static boolean twoReg(A32Translator t, Half2 h) {
        int q = t.bit(6);
        int d = Vfp.vd(t, true);
        int m = Vfp.vm(t, true);
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
        Inst[] r = new Inst[regs];
        for (int i = 0; i < regs; i++) {
            r[i] = h.apply(ms[i], ds[i], i);
            if (r[i] == null) {
                return false;
            }
        }
        for (int i = 0; i < regs; i++) {
            t.writeD(d + i, r[i]);
        }
        return true;
    }

    /**
     * Applies {@code h} to each D-sized half of the operands (two for a Q form): reads every source, then
     * writes Dd (and D(d+1)). UNDEFINED for a Q form with an odd register number.
     */
    static boolean apply(A32Translator t, Half h, boolean readsD) {
        int q = t.bit(6);
        int d = Vfp.vd(t, true);
        int n = Vfp.vn(t, true);
        int m = Vfp.vm(t, true);
        if (q == 1 && ((d | n | m) & 1) != 0) {
            return false;
        }
        int regs = q + 1;
        Inst[] r = new Inst[regs];
        Inst[] ns = new Inst[regs];
        Inst[] ms = new Inst[regs];
        Inst[] ds = new Inst[regs];
        for (int i = 0; i < regs; i++) {
            ns[i] = t.readD(n + i);
            ms[i] = t.readD(m + i);
            ds[i] = readsD ? t.readD(d + i) : null;
        }
        for (int i = 0; i < regs; i++) {
            r[i] = h.apply(ns[i], ms[i], ds[i]);
        }
        for (int i = 0; i < regs; i++) {
            t.writeD(d + i, r[i]);
        }
        return true;
    }
}
