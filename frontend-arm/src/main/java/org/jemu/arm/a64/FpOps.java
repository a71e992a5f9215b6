package org.jemu.arm.a64;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.arm.fp.ArmFp;
import org.jemu.arm.fp.FpFlags;

/**
 * Floating-point helpers called from translated A64 code: each computes one scalar or one 64-bit half of
 * a vector with the bit-exact {@link ArmFp} library under the FPCR value passed in (read from the FPCR
 * slot by the IR), and ORs the exceptions it raises into FPSR's cumulative bits ({@code cpu.regs[FPSR]};
 * compiled code never caches FPSR, so these helpers are declared with only a side effect).
 *
 * <p>{@code ctl} packs the operation and the element width: {@code op << 8 | n} with {@code n} = 16, 32 or
 * 64 bits; the conversions pack more fields (see {@link #cvtCtl}). Vector helpers apply the operation to
 * every {@code n}-bit lane of a 64-bit half.
 */
public final class FpOps {
    private FpOps() {
    }

    // two-operand operations
    public static final int FADD = 0, FSUB = 1, FMUL = 2, FDIV = 3, FMAX = 4, FMIN = 5, FMAXNM = 6, FMINNM = 7,
            FNMUL = 8, FMULX = 9, FABD = 10, FRECPS = 11, FRSQRTS = 12, FCMEQ = 13, FCMGE = 14, FCMGT = 15,
            FACGE = 16, FACGT = 17;
    // one-operand operations (rounding modes of FRINT* are added: FRINT + ArmFp rounding, FRINTX, FRINTI)
    public static final int FSQRT = 0, FABS = 1, FNEG = 2, FRECPE = 3, FRSQRTE = 4, FRECPX = 5, FCMGT0 = 6,
            FCMGE0 = 7, FCMEQ0 = 8, FCMLE0 = 9, FCMLT0 = 10, FRINTX = 11, FRINTI = 12, URECPE = 13, URSQRTE = 14,
            FRINT = 16;
    // fused multiply-add forms
    public static final int FMADD = 0, FMSUB = 1, FNMADD = 2, FNMSUB = 3;

    /** Rounding mode value meaning "the FPCR's RMode" in conversion controls. */
    public static final int FPCR_ROUNDING = 7;

    /** Control word of the arithmetic helpers: operation {@code op} on {@code n}-bit (16, 32, 64) values. */
    public static int ctl(int op, int n) {
        return op << 8 | n;
    }

    /**
     * Control word of the integer conversions: source/destination FP width {@code n}, integer width
     * {@code m}, signedness, rounding (an {@link ArmFp} mode or {@link #FPCR_ROUNDING}) and fraction bits.
     */
    public static int cvtCtl(int n, int m, boolean unsigned, int rounding, int fbits) {
        return n | m << 8 | (unsigned ? 1 : 0) << 16 | rounding << 17 | fbits << 20;
    }

    private static void raise(Aarch64Cpu cpu, FpFlags f) {
        if (f.bits != 0) {
            cpu.regs[Aarch64Cpu.FPSR] |= f.bits;
            f.bits = 0;
        }
    }

    private static long laneMask(int n) {
        return n == 64 ? -1L : (1L << n) - 1;
    }

    // ---- two operands -------------------------------------------------------------------------------------

    private static long op2(int op, int n, long a, long b, int fpcr, FpFlags f) {
        long ones = laneMask(n);
        return switch (op) {
            case FADD -> ArmFp.add(n, a, b, fpcr, f);
            case FSUB -> ArmFp.sub(n, a, b, fpcr, f);
            case FMUL -> ArmFp.mul(n, a, b, fpcr, f);
            case FDIV -> ArmFp.div(n, a, b, fpcr, f);
            case FMAX -> ArmFp.max(n, a, b, fpcr, f);
            case FMIN -> ArmFp.min(n, a, b, fpcr, f);
            case FMAXNM -> ArmFp.maxNum(n, a, b, fpcr, f);
            case FMINNM -> ArmFp.minNum(n, a, b, fpcr, f);
            case FNMUL -> ArmFp.neg(n, ArmFp.mul(n, a, b, fpcr, f));
            case FMULX -> ArmFp.mulX(n, a, b, fpcr, f);
            case FABD -> ArmFp.abs(n, ArmFp.sub(n, a, b, fpcr, f));
            case FRECPS -> ArmFp.recipStepFused(n, a, b, fpcr, f);
            case FRSQRTS -> ArmFp.rsqrtStepFused(n, a, b, fpcr, f);
            case FCMEQ -> ArmFp.compareEQ(n, a, b, fpcr, f) ? ones : 0;
            case FCMGE -> ArmFp.compareGE(n, a, b, fpcr, f) ? ones : 0;
            case FCMGT -> ArmFp.compareGT(n, a, b, fpcr, f) ? ones : 0;
            case FACGE -> ArmFp.compareGE(n, ArmFp.abs(n, a), ArmFp.abs(n, b), fpcr, f) ? ones : 0;
            case FACGT -> ArmFp.compareGT(n, ArmFp.abs(n, a), ArmFp.abs(n, b), fpcr, f) ? ones : 0;
            default -> throw new IllegalArgumentException("FpOps two-operand op " + op);
        };
    }

    /** A scalar two-operand operation (C7.2 FADD, FSUB, ... (scalar)) on the low {@code n} bits. */
    public static long fp2(Aarch64Cpu cpu, long a, long b, int ctl, int fpcr) {
        int n = ctl & 0xff;
        long m = laneMask(n);
        long r = op2(ctl >>> 8, n, a & m, b & m, fpcr, cpu.fpFlags) & m;
        raise(cpu, cpu.fpFlags);
        return r;
    }

    /** A two-operand operation on every {@code n}-bit lane of a 64-bit half (vector forms). */
    public static long vfp2(Aarch64Cpu cpu, long a, long b, int ctl, int fpcr) {
        int n = ctl & 0xff;
        int op = ctl >>> 8;
        long m = laneMask(n);
        long r = 0;
        for (int i = 0; i < 64; i += n) {
            r |= (op2(op, n, (a >>> i) & m, (b >>> i) & m, fpcr, cpu.fpFlags) & m) << i;
        }
        raise(cpu, cpu.fpFlags);
        return r;
    }

    /**
     * Pairwise two-operand operation (C7.2 FADDP, FMAXP, FMINP, FMAXNMP, FMINNMP): the lanes of the result
     * come from adjacent pairs of {@code x}, then of {@code y}; with 64-bit lanes the result is op(x, y).
     */
    public static long vfpPair(Aarch64Cpu cpu, long x, long y, int ctl, int fpcr) {
        int n = ctl & 0xff;
        int op = ctl >>> 8;
        long r;
        if (n == 64) {
            r = op2(op, 64, x, y, fpcr, cpu.fpFlags);
        } else {
            long m = laneMask(n);
            r = (op2(op, n, x & m, (x >>> n) & m, fpcr, cpu.fpFlags) & m)
                    | (op2(op, n, y & m, (y >>> n) & m, fpcr, cpu.fpFlags) & m) << n;
        }
        raise(cpu, cpu.fpFlags);
        return r;
    }

    /**
     * FMAXV, FMINV, FMAXNMV, FMINNMV (C7.2, 4S only): the Arm ARM's Reduce() tree over the four singles
     * of {@code lo} and {@code hi}: op(op(e0, e1), op(e2, e3)).
     */
    public static long reduce4(Aarch64Cpu cpu, long lo, long hi, int ctl, int fpcr) {
        int op = ctl >>> 8;
        long m = 0xffff_ffffL;
        FpFlags f = cpu.fpFlags;
        long a = op2(op, 32, lo & m, lo >>> 32, fpcr, f) & m;
        long b = op2(op, 32, hi & m, hi >>> 32, fpcr, f) & m;
        long r = op2(op, 32, a, b, fpcr, f) & m;
        raise(cpu, f);
        return r;
    }

    // ---- fused multiply-add ---------------------------------------------------------------------------------

    private static long fma(int op, int n, long acc, long a, long b, int fpcr, FpFlags f) {
        return switch (op) {
            case FMADD -> ArmFp.mulAdd(n, acc, a, b, fpcr, f);
            case FMSUB -> ArmFp.mulAdd(n, acc, ArmFp.neg(n, a), b, fpcr, f);
            case FNMADD -> ArmFp.mulAdd(n, ArmFp.neg(n, acc), ArmFp.neg(n, a), b, fpcr, f);
            default -> ArmFp.mulAdd(n, ArmFp.neg(n, acc), a, b, fpcr, f);
        };
    }

    /**
     * C7.2 FMADD, FMSUB, FNMADD, FNMSUB: {@code acc} is Ra, {@code a} Rn, {@code b} Rm; the negations are
     * applied to the operands before the fused operation, as the pseudocode does (so they also decide the
     * sign of a propagated NaN).
     */
    public static long fp3(Aarch64Cpu cpu, long acc, long a, long b, int ctl, int fpcr) {
        int n = ctl & 0xff;
        long m = laneMask(n);
        long r = fma(ctl >>> 8, n, acc & m, a & m, b & m, fpcr, cpu.fpFlags) & m;
        raise(cpu, cpu.fpFlags);
        return r;
    }

    /** C7.2 FMLA (op FMADD) and FMLS (op FMSUB), vector: every lane of {@code acc + a * b}. */
    public static long vfma(Aarch64Cpu cpu, long acc, long a, long b, int ctl, int fpcr) {
        int n = ctl & 0xff;
        int op = ctl >>> 8;
        long m = laneMask(n);
        long r = 0;
        for (int i = 0; i < 64; i += n) {
            r |= (fma(op, n, (acc >>> i) & m, (a >>> i) & m, (b >>> i) & m, fpcr, cpu.fpFlags) & m) << i;
        }
        raise(cpu, cpu.fpFlags);
        return r;
    }

    // ---- one operand -----------------------------------------------------------------------------------------

    private static long op1(int op, int n, long a, int fpcr, FpFlags f) {
        long ones = laneMask(n);
        long zero = 0;
        if (op >= FRINT) {
            return ArmFp.roundInt(n, a, fpcr, op - FRINT, false, f);
        }
        return switch (op) {
            case FSQRT -> ArmFp.sqrt(n, a, fpcr, f);
            case FABS -> ArmFp.abs(n, a);
            case FNEG -> ArmFp.neg(n, a);
            case FRECPE -> ArmFp.recipEstimate(n, a, fpcr, f);
            case FRSQRTE -> ArmFp.rsqrtEstimate(n, a, fpcr, f);
            case FRECPX -> ArmFp.recpX(n, a, fpcr, f);
            case FCMGT0 -> ArmFp.compareGT(n, a, zero, fpcr, f) ? ones : 0;
            case FCMGE0 -> ArmFp.compareGE(n, a, zero, fpcr, f) ? ones : 0;
            case FCMEQ0 -> ArmFp.compareEQ(n, a, zero, fpcr, f) ? ones : 0;
            case FCMLE0 -> ArmFp.compareGE(n, zero, a, fpcr, f) ? ones : 0;
            case FCMLT0 -> ArmFp.compareGT(n, zero, a, fpcr, f) ? ones : 0;
            case FRINTX -> ArmFp.roundInt(n, a, fpcr, ArmFp.rounding(fpcr), true, f);
            case FRINTI -> ArmFp.roundInt(n, a, fpcr, ArmFp.rounding(fpcr), false, f);
            case URECPE -> ArmFp.unsignedRecipEstimate((int) a) & 0xffff_ffffL;
            case URSQRTE -> ArmFp.unsignedRSqrtEstimate((int) a) & 0xffff_ffffL;
            default -> throw new IllegalArgumentException("FpOps one-operand op " + op);
        };
    }

    /** A scalar one-operand operation (FSQRT, FRINT*, FRECPE, FRSQRTE, FRECPX, compares with zero). */
    public static long fp1(Aarch64Cpu cpu, long a, int ctl, int fpcr) {
        int n = ctl & 0xff;
        long m = laneMask(n);
        long r = op1(ctl >>> 8, n, a & m, fpcr, cpu.fpFlags) & m;
        raise(cpu, cpu.fpFlags);
        return r;
    }

    /** A one-operand operation on every {@code n}-bit lane of a 64-bit half. */
    public static long vfp1(Aarch64Cpu cpu, long a, int ctl, int fpcr) {
        int n = ctl & 0xff;
        int op = ctl >>> 8;
        long m = laneMask(n);
        long r = 0;
        for (int i = 0; i < 64; i += n) {
            r |= (op1(op, n, (a >>> i) & m, fpcr, cpu.fpFlags) & m) << i;
        }
        raise(cpu, cpu.fpFlags);
        return r;
    }

    // ---- conversions ------------------------------------------------------------------------------------------

    private static int rounding(int r, int fpcr) {
        return r == FPCR_ROUNDING ? ArmFp.rounding(fpcr) : r;
    }

    /** FCVT (C7.2): from width {@code ctl & 0xff} to width {@code ctl >>> 8 & 0xff}; bit 16 selects round-to-odd (FCVTXN). */
    public static long cvt(Aarch64Cpu cpu, long a, int ctl, int fpcr) {
        int from = ctl & 0xff;
        int to = (ctl >>> 8) & 0xff;
        int rounding = (ctl & 0x10000) != 0 ? ArmFp.ODD : ArmFp.rounding(fpcr);
        long r = ArmFp.convert(to, from, a & laneMask(from), fpcr, rounding, cpu.fpFlags) & laneMask(to);
        raise(cpu, cpu.fpFlags);
        return r;
    }

    /** FCVT*S/FCVT*U, FCVTZS/FCVTZU (fixed point): FP width n to integer width m (see {@link #cvtCtl}). */
    public static long toInt(Aarch64Cpu cpu, long a, int ctl, int fpcr) {
        int n = ctl & 0xff;
        int m = (ctl >>> 8) & 0xff;
        boolean unsigned = ((ctl >>> 16) & 1) != 0;
        int rounding = rounding((ctl >>> 17) & 7, fpcr);
        int fbits = ctl >>> 20;
        long r = ArmFp.toFixed(n, a & laneMask(n), fbits, unsigned, m, fpcr, rounding, cpu.fpFlags);
        raise(cpu, cpu.fpFlags);
        return r & laneMask(m);
    }

    /** SCVTF/UCVTF (integer and fixed point): integer width m to FP width n (see {@link #cvtCtl}). */
    public static long fromInt(Aarch64Cpu cpu, long a, int ctl, int fpcr) {
        int n = ctl & 0xff;
        int m = (ctl >>> 8) & 0xff;
        boolean unsigned = ((ctl >>> 16) & 1) != 0;
        int rounding = rounding((ctl >>> 17) & 7, fpcr);
        int fbits = ctl >>> 20;
        long r = ArmFp.fixedToFp(n, a & laneMask(m), m, fbits, unsigned, fpcr, rounding, cpu.fpFlags);
        raise(cpu, cpu.fpFlags);
        return r & laneMask(n);
    }

    /** Vector {@link #toInt} with integer lanes as wide as the FP lanes. */
    public static long vToInt(Aarch64Cpu cpu, long a, int ctl, int fpcr) {
        int n = ctl & 0xff;
        long m = laneMask(n);
        long r = 0;
        for (int i = 0; i < 64; i += n) {
            r |= (toInt(cpu, (a >>> i) & m, ctl, fpcr) & m) << i;
        }
        return r;
    }

    /** Vector {@link #fromInt} with integer lanes as wide as the FP lanes. */
    public static long vFromInt(Aarch64Cpu cpu, long a, int ctl, int fpcr) {
        int n = ctl & 0xff;
        long m = laneMask(n);
        long r = 0;
        for (int i = 0; i < 64; i += n) {
            r |= (fromInt(cpu, (a >>> i) & m, ctl, fpcr) & m) << i;
        }
        return r;
    }

    // ---- compare --------------------------------------------------------------------------------------------------

    /** C7.2 FCMP/FCMPE/FCCMP/FCCMPE: the NZCV nibble (N in bit 3); ctl bit 16 = signalling (E) form. */
    public static int cmp(Aarch64Cpu cpu, long a, long b, int ctl, int fpcr) {
        int n = ctl & 0xff;
        long m = laneMask(n);
        int r = ArmFp.compare(n, a & m, b & m, (ctl & 0x10000) != 0, fpcr, cpu.fpFlags);
        raise(cpu, cpu.fpFlags);
        return r;
    }
}
