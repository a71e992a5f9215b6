package org.jemu.arm.fp;

import static org.jemu.arm.fp.FpCore.INF;
import static org.jemu.arm.fp.FpCore.QNAN;
import static org.jemu.arm.fp.FpCore.SNAN;
import static org.jemu.arm.fp.FpCore.ZERO;
import static org.jemu.arm.fp.FpCore.isNaN;

/**
 * Bit-exact Arm floating-point arithmetic: the operations of the Arm ARM pseudocode library (DDI 0487, J1.3.3
 * shared/functions/float/...), for the AArch64 scalar and Advanced SIMD FP instructions (and AArch32 VFP/NEON
 * later), as static allocation-free helpers.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Values are raw IEEE 754 bit patterns in the low {@code n} bits of a {@code long}; {@code n} is the
 *       operand width in bits, 32 (single) or 64 (double); conversions also take 16 (half). Results have
 *       the bits above {@code n} clear. Inputs' bits above {@code n} are ignored.</li>
 *   <li>{@code fpcr} is the guest FPCR value: {@link #FPCR_AHP} (bit 26), {@link #FPCR_DN} (bit 25, default
 *       NaN), {@link #FPCR_FZ} (bit 24, flush denormals to zero), RMode (bits 23:22, {@link #rounding}).
 *       Other bits are ignored: there are no FP exception traps (Cortex-A57) and no FZ16 (ARMv8.2).</li>
 *   <li>{@code flags} accumulates FPSR cumulative exception bits ({@link FpFlags}); bits are only ORed in.</li>
 *   <li>{@code rounding} parameters (for FRINT*, FCVT*, SCVTF/UCVTF, FCVT) are {@link #RN}, {@link #RP},
 *       {@link #RM}, {@link #RZ} (the FPCR.RMode encodings), {@link #TIEAWAY} or, for {@link #convert},
 *       {@link #ODD}.</li>
 * </ul>
 *
 * <p>Single and double add, subtract, multiply, divide, square root and fused multiply-add take a fast path
 * when FPCR selects round-to-nearest-even without flush-to-zero and the operands and the Java result are
 * normal (or zero) and the result is not tiny before rounding: Java's IEEE arithmetic then gives the Arm
 * result, and IXC comes from an exact error term (TwoSum, an {@link Math#fma} residual, or a product that is
 * exact in double). Everything else goes through {@link FpCore}'s exact FPUnpack/FPRound path, which works
 * on 64- and 128-bit integers. Nothing allocates. ({@link Math#fma} is a single instruction where HotSpot
 * intrinsifies it, on x86-64 CPUs with FMA3 and on AArch64; elsewhere the JDK computes it exactly in software.)
 *
 * <p>Scope is ARMv8.0 as on Cortex-A57: half precision exists only in {@link #convert} (IEEE or, with
 * FPCR.AHP, the alternative format; never flushed, there is no FZ16); the arithmetic operations take
 * {@code n} = 32 or 64.
 */
public final class ArmFp {
    private ArmFp() {
    }

    /** FPCR.AHP, bit 26: alternative half-precision format for conversions to and from half. */
    public static final int FPCR_AHP = 1 << 26;
    /** FPCR.DN, bit 25: NaN results are the default NaN. */
    public static final int FPCR_DN = 1 << 25;
    /** FPCR.FZ, bit 24: single and double denormal inputs and tiny results are flushed to zero. */
    public static final int FPCR_FZ = 1 << 24;
    /** FPCR.RMode, bits 23:22. */
    public static final int FPCR_RMODE_SHIFT = 22;
    /** The FPCR bits this library reads. */
    public static final int FPCR_MASK = FPCR_AHP | FPCR_DN | FPCR_FZ | (3 << FPCR_RMODE_SHIFT);

    /** FPRounding_TIEEVEN, round to nearest, ties to even (FPCR.RMode 0b00). */
    public static final int RN = 0;
    /** FPRounding_POSINF, toward plus infinity (FPCR.RMode 0b01). */
    public static final int RP = 1;
    /** FPRounding_NEGINF, toward minus infinity (FPCR.RMode 0b10). */
    public static final int RM = 2;
    /** FPRounding_ZERO, toward zero (FPCR.RMode 0b11). */
    public static final int RZ = 3;
    /** FPRounding_TIEAWAY, round to nearest, ties away from zero (FRINTA, FCVTA*). */
    public static final int TIEAWAY = 4;
    /** FPRounding_ODD, von Neumann rounding (FCVTXN); only for {@link #convert}. */
    public static final int ODD = 5;

    /** FPRoundingMode(fpcr): the FPCR.RMode field as one of {@link #RN}, {@link #RP}, {@link #RM}, {@link #RZ}. */
    public static int rounding(int fpcr) {
        return (fpcr >>> FPCR_RMODE_SHIFT) & 3;
    }

    /**
     * StandardFPSCRValue (Arm ARM J1.3.3 shared/functions/float/standardfpscrvalue): the FPCR an AArch32
     * Advanced SIMD (NEON) operation uses: AHP kept, DN and FZ set, round to nearest.
     */
    public static int standardFpcr(int fpcr) {
        return (fpcr & FPCR_AHP) | FPCR_DN | FPCR_FZ;
    }

    /** FPDefaultNaN for width {@code n} (16, 32, 64). */
    public static long defaultNaN(int n) {
        return FpCore.defaultNaN(n);
    }

    /** FPAbs: clears the sign bit (no flags, NaNs unchanged; FABS). */
    public static long abs(int n, long op) {
        return op & FpCore.mask(n - 1);
    }

    /** FPNeg: flips the sign bit (no flags, NaNs included; FNEG). */
    public static long neg(int n, long op) {
        return (op ^ (1L << (n - 1))) & FpCore.mask(n);
    }

    // =====================================================================================
    // Fast-path predicates
    // =====================================================================================

    /** RNE without flush-to-zero: Java's arithmetic rounds like FPRound (DN only matters for NaNs). */
    private static boolean plainMode(int fpcr) {
        return (fpcr & (FPCR_FZ | (3 << FPCR_RMODE_SHIFT))) == 0;
    }

    /** A double that is normal or zero (not denormal, infinite or NaN). */
    private static boolean normalOrZero64(long a) {
        long e = a & 0x7ff0000000000000L;
        return e != 0x7ff0000000000000L && (e != 0 || (a & 0x7fffffffffffffffL) == 0);
    }

    private static boolean normalOrZero32(int a) {
        int e = a & 0x7f800000;
        return e != 0x7f800000 && (e != 0 || (a & 0x7fffffff) == 0);
    }

    /** Biased exponent field of a double. */
    private static int exp64(long a) {
        return (int) (a >>> 52) & 0x7ff;
    }

    private static int exp32(int a) {
        return (a >>> 23) & 0xff;
    }

    // =====================================================================================
    // Add, subtract
    // =====================================================================================

    /** FPAdd (Arm ARM J1.3.3 shared/functions/float/fpadd/FPAdd): FADD, rounding per FPCR. */
    public static long add(int n, long op1, long op2, int fpcr, FpFlags flags) {
        if (plainMode(fpcr)) {
            if (n == 64) {
                if (normalOrZero64(op1) && normalOrZero64(op2)) {
                    double x = Double.longBitsToDouble(op1);
                    double y = Double.longBitsToDouble(op2);
                    double s = x + y;
                    long r = Double.doubleToRawLongBits(s);
                    int e = exp64(r);
                    if (e != 0 && e != 0x7ff) {
                        double bb = s - x;
                        if ((x - (s - bb)) + (y - bb) != 0) {
                            flags.bits |= FpFlags.IXC;
                        }
                        return r;
                    }
                    if ((r & 0x7fffffffffffffffL) == 0) {
                        return r; // a zero sum of representable numbers is exact; Java signs it as FPAdd does
                    }
                }
            } else if (n == 32) {
                int a = (int) op1;
                int b = (int) op2;
                if (normalOrZero32(a) && normalOrZero32(b)) {
                    float x = Float.intBitsToFloat(a);
                    float y = Float.intBitsToFloat(b);
                    float s = x + y;
                    int r = Float.floatToRawIntBits(s);
                    int e = exp32(r);
                    if (e != 0 && e != 0xff) {
                        float bb = s - x;
                        if ((x - (s - bb)) + (y - bb) != 0) {
                            flags.bits |= FpFlags.IXC;
                        }
                        return r & 0xffffffffL;
                    }
                    if ((r & 0x7fffffff) == 0) {
                        return r & 0xffffffffL;
                    }
                }
            }
        }
        return addSlow(n, op1, op2, false, fpcr, flags);
    }

    /** FPSub (Arm ARM J1.3.3 shared/functions/float/fpsub/FPSub): FSUB, rounding per FPCR. */
    public static long sub(int n, long op1, long op2, int fpcr, FpFlags flags) {
        long m = FpCore.mask(n);
        if (plainMode(fpcr) && (n == 64 ? normalOrZero64(op2) : normalOrZero32((int) op2))) {
            // negating a non-NaN operand is exact and FPSub's case analysis is FPAdd's with sign2 inverted
            return add(n, op1, (op2 ^ (1L << (n - 1))) & m, fpcr, flags);
        }
        return addSlow(n, op1, op2, true, fpcr, flags);
    }

    /** FPAdd/FPSub on the exact path only (package-private for tests of the fast path). */
    static long addSlow(int n, long op1, long op2, boolean sub, int fpcr, FpFlags flags) {
        int t1 = FpCore.type(op1, n, fpcr, flags);
        int t2 = FpCore.type(op2, n, fpcr, flags);
        if (isNaN(t1) || isNaN(t2)) {
            return FpCore.processNaNs(n, t1, t2, op1, op2, fpcr, flags);
        }
        int s1 = FpCore.sign(op1, n);
        int s2 = FpCore.sign(op2, n) ^ (sub ? 1 : 0);
        if (t1 == INF && t2 == INF && s1 != s2) {
            flags.bits |= FpFlags.IOC;
            return FpCore.defaultNaN(n);
        }
        if (t1 == INF) {
            return FpCore.inf(n, s1);
        }
        if (t2 == INF) {
            return FpCore.inf(n, s2);
        }
        if (t1 == ZERO && t2 == ZERO && s1 == s2) {
            return FpCore.zero(n, s1);
        }
        return FpCore.roundSum(n, s1, 0, t1 == ZERO ? 0 : FpCore.mant(op1, n), FpCore.exp(op1, n),
                s2, 0, t2 == ZERO ? 0 : FpCore.mant(op2, n), FpCore.exp(op2, n), fpcr & ~FPCR_AHP, rounding(fpcr),
                flags);
    }

    // =====================================================================================
    // Multiply, divide, square root
    // =====================================================================================

    /** FPMul (Arm ARM J1.3.3 shared/functions/float/fpmul/FPMul): FMUL (FNMUL negates the result). */
    public static long mul(int n, long op1, long op2, int fpcr, FpFlags flags) {
        if (plainMode(fpcr)) {
            if (n == 64) {
                if (normalOrZero64(op1) && normalOrZero64(op2)) {
                    double x = Double.longBitsToDouble(op1);
                    double y = Double.longBitsToDouble(op2);
                    double p = x * y;
                    long r = Double.doubleToRawLongBits(p);
                    if (x == 0 || y == 0) {
                        return r;
                    }
                    int e = exp64(r);
                    // |p| >= 2^-916: the residual x*y - p, a multiple of ulp(x)*ulp(y), is representable
                    if (e >= 107 && e != 0x7ff) {
                        if (Math.fma(x, y, -p) != 0) {
                            flags.bits |= FpFlags.IXC;
                        }
                        return r;
                    }
                }
            } else if (n == 32) {
                int a = (int) op1;
                int b = (int) op2;
                if (normalOrZero32(a) && normalOrZero32(b)) {
                    float x = Float.intBitsToFloat(a);
                    float y = Float.intBitsToFloat(b);
                    float p = x * y;
                    int r = Float.floatToRawIntBits(p);
                    if (x == 0 || y == 0) {
                        return r & 0xffffffffL;
                    }
                    int e = exp32(r);
                    // e >= 2: not tiny before rounding either (0x00ffffff * 0.5 rounds up to the smallest
                    // normal but underflows)
                    if (e >= 2 && e != 0xff) {
                        if ((double) x * (double) y != (double) p) { // 48-bit product: exact in double
                            flags.bits |= FpFlags.IXC;
                        }
                        return r & 0xffffffffL;
                    }
                }
            }
        }
        return mulSlow(n, op1, op2, false, fpcr, flags);
    }

    /**
     * FPMulX (Arm ARM J1.3.3 shared/functions/float/fpmulx/FPMulX): FMULX, as {@link #mul} except that
     * 0 * infinity is 2.0 with the sign of the product instead of an invalid operation.
     */
    public static long mulX(int n, long op1, long op2, int fpcr, FpFlags flags) {
        if (plainMode(fpcr) && (n == 64 ? normalOrZero64(op1) && normalOrZero64(op2)
                : normalOrZero32((int) op1) && normalOrZero32((int) op2))) {
            return mul(n, op1, op2, fpcr, flags); // no infinity, so FPMulX is FPMul
        }
        return mulSlow(n, op1, op2, true, fpcr, flags);
    }

    /** FPMul/FPMulX on the exact path only. */
    static long mulSlow(int n, long op1, long op2, boolean mulx, int fpcr, FpFlags flags) {
        int t1 = FpCore.type(op1, n, fpcr, flags);
        int t2 = FpCore.type(op2, n, fpcr, flags);
        if (isNaN(t1) || isNaN(t2)) {
            return FpCore.processNaNs(n, t1, t2, op1, op2, fpcr, flags);
        }
        int s = FpCore.sign(op1, n) ^ FpCore.sign(op2, n);
        if ((t1 == INF && t2 == ZERO) || (t1 == ZERO && t2 == INF)) {
            if (mulx) {
                return FpCore.constant(n, s, 1, 0, 1); // FPTwo
            }
            flags.bits |= FpFlags.IOC;
            return FpCore.defaultNaN(n);
        }
        if (t1 == INF || t2 == INF) {
            return FpCore.inf(n, s);
        }
        if (t1 == ZERO || t2 == ZERO) {
            return FpCore.zero(n, s);
        }
        return FpCore.roundProduct(n, s, FpCore.mant(op1, n), FpCore.mant(op2, n),
                FpCore.exp(op1, n) + FpCore.exp(op2, n), fpcr & ~FPCR_AHP, rounding(fpcr), flags);
    }

    /** FPDiv (Arm ARM J1.3.3 shared/functions/float/fpdiv/FPDiv): FDIV; x/0 for finite nonzero x raises DZC. */
    public static long div(int n, long op1, long op2, int fpcr, FpFlags flags) {
        if (plainMode(fpcr)) {
            if (n == 64) {
                if (normalOrZero64(op1) && normalOrZero64(op2) && (op2 & 0x7fffffffffffffffL) != 0) {
                    double x = Double.longBitsToDouble(op1);
                    double y = Double.longBitsToDouble(op2);
                    double q = x / y;
                    long r = Double.doubleToRawLongBits(q);
                    if (x == 0) {
                        return r;
                    }
                    int e = exp64(r);
                    // x, q >= 2^-916 in magnitude: the remainder x - q*y is representable
                    if (e >= 107 && e != 0x7ff && exp64(op1) >= 107) {
                        if (Math.fma(q, y, -x) != 0) {
                            flags.bits |= FpFlags.IXC;
                        }
                        return r;
                    }
                }
            } else if (n == 32) {
                int a = (int) op1;
                int b = (int) op2;
                if (normalOrZero32(a) && normalOrZero32(b) && (b & 0x7fffffff) != 0) {
                    float x = Float.intBitsToFloat(a);
                    float y = Float.intBitsToFloat(b);
                    float q = x / y;
                    int r = Float.floatToRawIntBits(q);
                    if (x == 0) {
                        return r & 0xffffffffL;
                    }
                    int e = exp32(r);
                    if (e >= 2 && e != 0xff) { // not tiny before rounding
                        if ((double) q * (double) y != (double) x) { // exact 48-bit product in double
                            flags.bits |= FpFlags.IXC;
                        }
                        return r & 0xffffffffL;
                    }
                }
            }
        }
        return divSlow(n, op1, op2, fpcr, flags);
    }

    /** FPDiv on the exact path only. */
    static long divSlow(int n, long op1, long op2, int fpcr, FpFlags flags) {
        int t1 = FpCore.type(op1, n, fpcr, flags);
        int t2 = FpCore.type(op2, n, fpcr, flags);
        if (isNaN(t1) || isNaN(t2)) {
            return FpCore.processNaNs(n, t1, t2, op1, op2, fpcr, flags);
        }
        int s = FpCore.sign(op1, n) ^ FpCore.sign(op2, n);
        if ((t1 == INF && t2 == INF) || (t1 == ZERO && t2 == ZERO)) {
            flags.bits |= FpFlags.IOC;
            return FpCore.defaultNaN(n);
        }
        if (t1 == INF || t2 == ZERO) {
            if (t1 != INF) {
                flags.bits |= FpFlags.DZC;
            }
            return FpCore.inf(n, s);
        }
        if (t1 == ZERO || t2 == INF) {
            return FpCore.zero(n, s);
        }
        // both significands to [2^52, 2^53); q = floor(m1 * 2^62 / m2) in [2^61, 2^63), long division in
        // chunks of at most 10 bits so that the shifted remainder (below 2^53) never overflows
        long m1 = FpCore.mant(op1, n);
        long m2 = FpCore.mant(op2, n);
        int l1 = Long.numberOfLeadingZeros(m1) - 11;
        int l2 = Long.numberOfLeadingZeros(m2) - 11;
        m1 <<= l1;
        m2 <<= l2;
        long q = m1 / m2;
        long r = m1 % m2;
        for (int done = 0; done < 62; ) {
            int c = Math.min(10, 62 - done);
            r <<= c;
            q = (q << c) | (r / m2);
            r %= m2;
            done += c;
        }
        return FpCore.round(n, s, q, FpCore.exp(op1, n) - l1 - FpCore.exp(op2, n) + l2 - 62, r != 0,
                fpcr & ~FPCR_AHP, rounding(fpcr), flags);
    }

    /** FPSqrt (Arm ARM J1.3.3 shared/functions/float/fpsqrt/FPSqrt): FSQRT; sqrt(-0) = -0, negative: invalid. */
    public static long sqrt(int n, long op, int fpcr, FpFlags flags) {
        if (plainMode(fpcr)) {
            if (n == 64) {
                // x >= 2^-800: the residual sqrt*sqrt - x is representable
                if (op >= 0 && normalOrZero64(op) && (exp64(op) >= 223 || op == 0)) {
                    double x = Double.longBitsToDouble(op);
                    double r = Math.sqrt(x);
                    if (Math.fma(r, r, -x) != 0) {
                        flags.bits |= FpFlags.IXC;
                    }
                    return Double.doubleToRawLongBits(r);
                }
            } else if (n == 32) {
                int a = (int) op;
                if (a >= 0 && normalOrZero32(a)) {
                    double x = Float.intBitsToFloat(a);
                    // sqrt in double then to float is correctly rounded (53 >= 2*24+2)
                    float r = (float) Math.sqrt(x);
                    if ((double) r * (double) r != x) {
                        flags.bits |= FpFlags.IXC;
                    }
                    return Float.floatToRawIntBits(r) & 0xffffffffL;
                }
            }
        }
        return sqrtSlow(n, op, fpcr, flags);
    }

    /** FPSqrt on the exact path only. */
    static long sqrtSlow(int n, long op, int fpcr, FpFlags flags) {
        int t = FpCore.type(op, n, fpcr, flags);
        int s = FpCore.sign(op, n);
        if (isNaN(t)) {
            return FpCore.processNaN(n, t, op, fpcr, flags);
        }
        if (t == ZERO) {
            return FpCore.zero(n, s);
        }
        if (t == INF && s == 0) {
            return FpCore.inf(n, 0);
        }
        if (s != 0) {
            flags.bits |= FpFlags.IOC;
            return FpCore.defaultNaN(n);
        }
        // M = m * 2^k with m in [2^52, 2^53), k in {62, 63} making the exponent even: M in [2^114, 2^116),
        // s = floor(sqrt(M)) in [2^57, 2^58), from the double estimate corrected with exact 128-bit squares
        long m = FpCore.mant(op, n);
        int l = Long.numberOfLeadingZeros(m) - 11;
        m <<= l;
        int e = FpCore.exp(op, n) - l;
        int k = ((e - 62) & 1) == 0 ? 62 : 63;
        long mh = m >>> (64 - k);
        long ml = m << k;
        long root = (long) Math.sqrt(Math.scalb((double) m, k));
        while (cmpSquare(root, mh, ml) > 0) {
            root--;
        }
        while (cmpSquare(root + 1, mh, ml) <= 0) {
            root++;
        }
        boolean sticky = cmpSquare(root, mh, ml) != 0;
        return FpCore.round(n, 0, root, (e - k) / 2, sticky, fpcr & ~FPCR_AHP, rounding(fpcr), flags);
    }

    /** Compares {@code x * x} (x below 2^63) with the unsigned 128-bit {@code hi:lo}. */
    private static int cmpSquare(long x, long hi, long lo) {
        long sh = Math.multiplyHigh(x, x);
        if (sh != hi) {
            return Long.compareUnsigned(sh, hi);
        }
        return Long.compareUnsigned(x * x, lo);
    }

    // =====================================================================================
    // Fused multiply-add and the Newton-Raphson steps
    // =====================================================================================

    /**
     * FPMulAdd (Arm ARM J1.3.3 shared/functions/float/fpmuladd/FPMulAdd): {@code addend + op1 * op2} with one
     * rounding (FMADD). NaNs are processed in the order addend, op1, op2; a quiet NaN addend with 0 * infinity
     * is an invalid operation giving the default NaN. FMSUB is {@code mulAdd(a, neg(op1), op2)}, FNMADD
     * {@code mulAdd(neg(a), neg(op1), op2)}, FNMSUB {@code mulAdd(neg(a), op1, op2)} (negation before NaN
     * processing, as the instruction pseudocode does).
     */
    public static long mulAdd(int n, long addend, long op1, long op2, int fpcr, FpFlags flags) {
        if (plainMode(fpcr)) {
            if (n == 64) {
                if (normalOrZero64(addend) && normalOrZero64(op1) && normalOrZero64(op2)) {
                    double a = Double.longBitsToDouble(addend);
                    double x = Double.longBitsToDouble(op1);
                    double y = Double.longBitsToDouble(op2);
                    double r = Math.fma(x, y, a);
                    long bits = Double.doubleToRawLongBits(r);
                    if (x == 0 || y == 0) {
                        return bits; // r = a + (+-0): exact, signed as FPMulAdd signs it
                    }
                    double p = x * y;
                    int e = exp64(bits);
                    int ep = exp64(Double.doubleToRawLongBits(p));
                    // r not tiny; the product's TwoProd residual representable (|p| >= 2^-916) and finite
                    if (e >= 2 && e != 0x7ff && ep >= 107 && ep != 0x7ff) {
                        double pLo = Math.fma(x, y, -p);
                        // TwoSum(r, -a) = (dHi, dLo) exactly; r - a == x*y iff both canonical pairs agree
                        double dHi = r - a;
                        if (Double.isFinite(dHi)) {
                            double bb = dHi - r;
                            double dLo = (r - (dHi - bb)) + (-a - bb);
                            if (dHi != p || dLo != pLo) {
                                flags.bits |= FpFlags.IXC;
                            }
                            return bits;
                        }
                    }
                }
            } else if (n == 32) {
                int ai = (int) addend;
                int xi = (int) op1;
                int yi = (int) op2;
                if (normalOrZero32(ai) && normalOrZero32(xi) && normalOrZero32(yi)) {
                    float a = Float.intBitsToFloat(ai);
                    float x = Float.intBitsToFloat(xi);
                    float y = Float.intBitsToFloat(yi);
                    float r = Math.fma(x, y, a);
                    int bits = Float.floatToRawIntBits(r);
                    if (x == 0 || y == 0) {
                        return bits & 0xffffffffL;
                    }
                    int e = exp32(bits);
                    if (e >= 2 && e != 0xff) {
                        double p = (double) x * (double) y; // exact: 48 bits
                        double dHi = (double) r - (double) a;
                        double bb = dHi - r;
                        double dLo = (r - (dHi - bb)) + (-(double) a - bb);
                        if (dHi != p || dLo != 0) {
                            flags.bits |= FpFlags.IXC;
                        }
                        return bits & 0xffffffffL;
                    }
                }
            }
        }
        return mulAddSlow(n, addend, op1, op2, fpcr, flags);
    }

    /** FPMulAdd on the exact path only. */
    static long mulAddSlow(int n, long addend, long op1, long op2, int fpcr, FpFlags flags) {
        int tA = FpCore.type(addend, n, fpcr, flags);
        int t1 = FpCore.type(op1, n, fpcr, flags);
        int t2 = FpCore.type(op2, n, fpcr, flags);
        boolean infZero = (t1 == INF && t2 == ZERO) || (t1 == ZERO && t2 == INF);
        if (isNaN(tA) || isNaN(t1) || isNaN(t2)) {
            long r = FpCore.processNaNs3(n, tA, t1, t2, addend, op1, op2, fpcr, flags);
            if (tA == QNAN && infZero) {
                flags.bits |= FpFlags.IOC;
                return FpCore.defaultNaN(n);
            }
            return r;
        }
        int sA = FpCore.sign(addend, n);
        int sP = FpCore.sign(op1, n) ^ FpCore.sign(op2, n);
        boolean infP = t1 == INF || t2 == INF;
        boolean zeroP = t1 == ZERO || t2 == ZERO;
        if (infZero || (tA == INF && infP && sA != sP)) {
            flags.bits |= FpFlags.IOC;
            return FpCore.defaultNaN(n);
        }
        if (tA == INF) {
            return FpCore.inf(n, sA);
        }
        if (infP) {
            return FpCore.inf(n, sP);
        }
        if (tA == ZERO && zeroP && sA == sP) {
            return FpCore.zero(n, sA);
        }
        return fusedExact(n, sA, tA == ZERO ? 0 : FpCore.mant(addend, n), FpCore.exp(addend, n), zeroP, sP, op1, op2,
                0, fpcr, flags);
    }

    /**
     * Rounds {@code ((-1)^sA * mA * 2^eA + (-1)^sP * |op1| * |op2|) * 2^-halve} (the product zero when
     * {@code zeroP}) with the FPCR rounding mode; an exact zero is +0, or -0 when rounding toward minus infinity.
     */
    private static long fusedExact(int n, int sA, long mA, int eA, boolean zeroP, int sP, long op1, long op2,
            int halve, int fpcr, FpFlags flags) {
        long ph = 0;
        long pl = 0;
        int ep = 0;
        if (!zeroP) {
            long m1 = FpCore.mant(op1, n);
            long m2 = FpCore.mant(op2, n);
            ph = Math.multiplyHigh(m1, m2);
            pl = m1 * m2;
            ep = FpCore.exp(op1, n) + FpCore.exp(op2, n);
        }
        return FpCore.roundSum(n, sA, 0, mA, eA - halve, sP, ph, pl, ep - halve, fpcr & ~FPCR_AHP, rounding(fpcr),
                flags);
    }

    /**
     * FPRecipStepFused (Arm ARM J1.3.3 shared/functions/float/fprecipstepfused/FPRecipStepFused): FRECPS,
     * {@code 2 - op1 * op2} fused; op1 is negated before NaN processing, 0 * infinity gives +2.0.
     */
    public static long recipStepFused(int n, long op1, long op2, int fpcr, FpFlags flags) {
        return stepFused(n, op1, op2, false, fpcr, flags);
    }

    /**
     * FPRSqrtStepFused (Arm ARM J1.3.3 shared/functions/float/fprsqrtstepfused/FPRSqrtStepFused): FRSQRTS,
     * {@code (3 - op1 * op2) / 2} fused; op1 is negated before NaN processing, 0 * infinity gives +1.5.
     */
    public static long rsqrtStepFused(int n, long op1, long op2, int fpcr, FpFlags flags) {
        return stepFused(n, op1, op2, true, fpcr, flags);
    }

    /**
     * ARMv7 FPRecipStep() / FPRSqrtStep() (DDI 0406C pseudocode of VRECPS A8.8.380 and VRSQRTS A8.8.393): <em>not</em>
     * fused. After NaN processing, 0 * infinity (either order; a denormal counts as zero under FZ) gives 2.0
     * (VRECPS) or 1.5 (VRSQRTS); otherwise the product {@code op1 * op2} is rounded (FPMul), then
     * {@code 2 - product} (FPSub) or {@code (3 - product) / 2} (FPSub, then FPDiv by 2) is rounded again.
     * ARMv8 AArch32 made them fused ({@link #recipStepFused}); an ARMv7 PE such as Cortex-A15 rounds twice.
     *
     * @param n     operand width, 32 (the only Advanced SIMD form) or 16/64
     * @param rsqrt true for VRSQRTS
     */
    public static long recipStepV7(int n, long op1, long op2, boolean rsqrt, int fpcr, FpFlags flags) {
        int t1 = FpCore.type(op1, n, fpcr, flags);
        int t2 = FpCore.type(op2, n, fpcr, flags);
        if (isNaN(t1) || isNaN(t2)) {
            return FpCore.processNaNs(n, t1, t2, op1, op2, fpcr, flags);
        }
        if ((t1 == INF && t2 == ZERO) || (t1 == ZERO && t2 == INF)) {
            return rsqrt ? FpCore.constant(n, 0, 0, 1, 1) : FpCore.constant(n, 0, 1, 0, 1); // 1.5 or 2.0
        }
        long product = mul(n, op1, op2, fpcr, flags);
        long two = FpCore.constant(n, 0, 1, 0, 1);
        if (!rsqrt) {
            return sub(n, two, product, fpcr, flags);
        }
        long three = FpCore.constant(n, 0, 1, 1, 1);
        return div(n, sub(n, three, product, fpcr, flags), two, fpcr, flags);
    }

    private static long stepFused(int n, long op1, long op2, boolean rsqrt, int fpcr, FpFlags flags) {
        op1 = neg(n, op1);
        int t1 = FpCore.type(op1, n, fpcr, flags);
        int t2 = FpCore.type(op2, n, fpcr, flags);
        if (isNaN(t1) || isNaN(t2)) {
            return FpCore.processNaNs(n, t1, t2, op1, op2, fpcr, flags);
        }
        int sP = FpCore.sign(op1, n) ^ FpCore.sign(op2, n);
        if ((t1 == INF && t2 == ZERO) || (t1 == ZERO && t2 == INF)) {
            return rsqrt ? FpCore.constant(n, 0, 0, 1, 1) : FpCore.constant(n, 0, 1, 0, 1); // 1.5 or 2.0
        }
        if (t1 == INF || t2 == INF) {
            return FpCore.inf(n, sP);
        }
        return fusedExact(n, 0, rsqrt ? 3 : 2, 0, t1 == ZERO || t2 == ZERO, sP, op1, op2, rsqrt ? 1 : 0, fpcr, flags);
    }

    // =====================================================================================
    // Maximum, minimum
    // =====================================================================================

    /** FPMax (Arm ARM J1.3.3 shared/functions/float/fpmax/FPMax): FMAX; NaNs propagate, max(-0, +0) = +0. */
    public static long max(int n, long op1, long op2, int fpcr, FpFlags flags) {
        return minMax(n, op1, op2, true, fpcr, flags);
    }

    /** FPMin (Arm ARM J1.3.3 shared/functions/float/fpmin/FPMin): FMIN; NaNs propagate, min(-0, +0) = -0. */
    public static long min(int n, long op1, long op2, int fpcr, FpFlags flags) {
        return minMax(n, op1, op2, false, fpcr, flags);
    }

    /**
     * FPMaxNum (Arm ARM J1.3.3 shared/functions/float/fpmaxnum/FPMaxNum): FMAXNM, IEEE 754-2008 maxNum: a
     * single quiet NaN operand is treated as -infinity (so the number wins); signalling NaNs still propagate.
     */
    public static long maxNum(int n, long op1, long op2, int fpcr, FpFlags flags) {
        int t1 = FpCore.type(op1, n, fpcr, flags);
        int t2 = FpCore.type(op2, n, fpcr, flags);
        if (t1 == QNAN && t2 != QNAN) {
            op1 = FpCore.inf(n, 1);
        } else if (t1 != QNAN && t2 == QNAN) {
            op2 = FpCore.inf(n, 1);
        }
        return minMax(n, op1, op2, true, fpcr, flags);
    }

    /** FPMinNum (Arm ARM J1.3.3 shared/functions/float/fpminnum/FPMinNum): FMINNM, a single quiet NaN is +infinity. */
    public static long minNum(int n, long op1, long op2, int fpcr, FpFlags flags) {
        int t1 = FpCore.type(op1, n, fpcr, flags);
        int t2 = FpCore.type(op2, n, fpcr, flags);
        if (t1 == QNAN && t2 != QNAN) {
            op1 = FpCore.inf(n, 0);
        } else if (t1 != QNAN && t2 == QNAN) {
            op2 = FpCore.inf(n, 0);
        }
        return minMax(n, op1, op2, false, fpcr, flags);
    }

    private static long minMax(int n, long op1, long op2, boolean isMax, int fpcr, FpFlags flags) {
        int t1 = FpCore.type(op1, n, fpcr, flags);
        int t2 = FpCore.type(op2, n, fpcr, flags);
        if (isNaN(t1) || isNaN(t2)) {
            return FpCore.processNaNs(n, t1, t2, op1, op2, fpcr, flags);
        }
        long k1 = FpCore.key(op1, n, t1);
        long k2 = FpCore.key(op2, n, t2);
        boolean first = isMax ? k1 > k2 : k1 < k2;
        int t = first ? t1 : t2;
        long op = first ? op1 : op2;
        if (t == ZERO) {
            int s1 = FpCore.sign(op1, n);
            int s2 = FpCore.sign(op2, n);
            return FpCore.zero(n, isMax ? s1 & s2 : s1 | s2);
        }
        // an infinity, or a number that FPRound reproduces exactly (denormals only reach here with FZ = 0)
        return op & FpCore.mask(n);
    }

    // =====================================================================================
    // Comparisons
    // =====================================================================================

    /**
     * FPCompare (Arm ARM J1.3.3 shared/functions/float/fpcompare/FPCompare): FCMP ({@code signalNaNs} false)
     * and FCMPE (true). Returns the NZCV nibble: 0b0110 equal, 0b1000 less, 0b0010 greater, 0b0011 unordered;
     * IOC for a signalling NaN, or for any NaN when {@code signalNaNs}.
     */
    public static int compare(int n, long op1, long op2, boolean signalNaNs, int fpcr, FpFlags flags) {
        int t1 = FpCore.type(op1, n, fpcr, flags);
        int t2 = FpCore.type(op2, n, fpcr, flags);
        if (isNaN(t1) || isNaN(t2)) {
            if (t1 == SNAN || t2 == SNAN || signalNaNs) {
                flags.bits |= FpFlags.IOC;
            }
            return 0b0011;
        }
        long k1 = FpCore.key(op1, n, t1);
        long k2 = FpCore.key(op2, n, t2);
        return k1 == k2 ? 0b0110 : k1 < k2 ? 0b1000 : 0b0010;
    }

    /** FPCompareEQ (Arm ARM J1.3.3 shared/functions/float/fpcompareeq/FPCompareEQ): FCMEQ; IOC only for signalling NaNs. */
    public static boolean compareEQ(int n, long op1, long op2, int fpcr, FpFlags flags) {
        int t1 = FpCore.type(op1, n, fpcr, flags);
        int t2 = FpCore.type(op2, n, fpcr, flags);
        if (isNaN(t1) || isNaN(t2)) {
            if (t1 == SNAN || t2 == SNAN) {
                flags.bits |= FpFlags.IOC;
            }
            return false;
        }
        return FpCore.key(op1, n, t1) == FpCore.key(op2, n, t2);
    }

    /** FPCompareGE (Arm ARM J1.3.3 shared/functions/float/fpcomparege/FPCompareGE): FCMGE; IOC for any NaN. */
    public static boolean compareGE(int n, long op1, long op2, int fpcr, FpFlags flags) {
        int t1 = FpCore.type(op1, n, fpcr, flags);
        int t2 = FpCore.type(op2, n, fpcr, flags);
        if (isNaN(t1) || isNaN(t2)) {
            flags.bits |= FpFlags.IOC;
            return false;
        }
        return FpCore.key(op1, n, t1) >= FpCore.key(op2, n, t2);
    }

    /** FPCompareGT (Arm ARM J1.3.3 shared/functions/float/fpcomparegt/FPCompareGT): FCMGT; IOC for any NaN. */
    public static boolean compareGT(int n, long op1, long op2, int fpcr, FpFlags flags) {
        int t1 = FpCore.type(op1, n, fpcr, flags);
        int t2 = FpCore.type(op2, n, fpcr, flags);
        if (isNaN(t1) || isNaN(t2)) {
            flags.bits |= FpFlags.IOC;
            return false;
        }
        return FpCore.key(op1, n, t1) > FpCore.key(op2, n, t2);
    }

    // =====================================================================================
    // Estimates and FRECPX
    // =====================================================================================

    /**
     * RecipEstimate (Arm ARM J1.3.3 shared/functions/float/fprecipestimate/RecipEstimate): 9-bit fixed-point
     * input {@code a} in [256, 512) (units of 1/512, in [0.5, 1)), result in [256, 512) (units of 1/256).
     */
    static int recipEstimateInt(int a) {
        a = a * 2 + 1;
        int b = (1 << 19) / a;
        return (b + 1) >> 1;
    }

    /**
     * RecipSqrtEstimate (Arm ARM J1.3.3 shared/functions/float/fprsqrtestimate/RecipSqrtEstimate): input in
     * [128, 512) (units of 1/512, in [0.25, 1)), result in [256, 512) (units of 1/256).
     */
    static int recipSqrtEstimateInt(int a) {
        if (a < 256) {
            a = a * 2 + 1;
        } else {
            a = (a >> 1) << 1;
            a = (a + 1) * 2;
        }
        int b = 512;
        while ((long) a * (b + 1) * (b + 1) < (1L << 28)) {
            b++;
        }
        return (b + 1) >> 1;
    }

    private static final byte[] RECIP_TABLE = new byte[256];
    private static final byte[] RSQRT_TABLE = new byte[384];

    static {
        for (int i = 0; i < 256; i++) {
            RECIP_TABLE[i] = (byte) recipEstimateInt(256 + i);
        }
        for (int i = 0; i < 384; i++) {
            RSQRT_TABLE[i] = (byte) recipSqrtEstimateInt(128 + i);
        }
    }

    /**
     * FPRecipEstimate (Arm ARM J1.3.3 shared/functions/float/fprecipestimate/FPRecipEstimate): FRECPE, an 8-bit
     * reciprocal estimate. 1/0 is infinity with DZC; inputs so small that the reciprocal overflows give
     * infinity or the largest number (per rounding mode) with OFC and IXC; with FPCR.FZ results that would be
     * denormal are flushed to zero with UFC.
     */
    public static long recipEstimate(int n, long op, int fpcr, FpFlags flags) {
        int t = FpCore.type(op, n, fpcr, flags);
        int sign = FpCore.sign(op, n);
        if (isNaN(t)) {
            return FpCore.processNaN(n, t, op, fpcr, flags);
        }
        if (t == INF) {
            return FpCore.zero(n, sign);
        }
        if (t == ZERO) {
            flags.bits |= FpFlags.DZC;
            return FpCore.inf(n, sign);
        }
        long mag = op & FpCore.mask(n - 1);
        int f = FpCore.fracBits(n);
        // |value| < 2^-(2^(E-1)) (2^-16, 2^-128, 2^-1024): a denormal with the top two fraction bits clear
        if (mag < (1L << (f - 2))) {
            boolean overflowToInf = switch (rounding(fpcr)) {
                case RN -> true;
                case RP -> sign == 0;
                case RM -> sign != 0;
                default -> false;
            };
            flags.bits |= FpFlags.OFC | FpFlags.IXC;
            return overflowToInf ? FpCore.inf(n, sign) : FpCore.maxNormal(n, sign);
        }
        int expMax = (1 << FpCore.expBits(n)) - 1;
        if (n != 16 && (fpcr & FPCR_FZ) != 0 && FpCore.expField(op, n) >= expMax - 2) {
            // |value| >= 2^(bias-1): the estimate would be denormal
            flags.bits |= FpFlags.UFC;
            return FpCore.zero(n, sign);
        }
        long fraction = (op & ((1L << f) - 1)) << (52 - f); // 52-bit fraction
        int exp = FpCore.expField(op, n);
        if (exp == 0) {
            if ((fraction >>> 51 & 1) == 0) {
                exp = -1;
                fraction = (fraction << 2) & ((1L << 52) - 1);
            } else {
                fraction = (fraction << 1) & ((1L << 52) - 1);
            }
        }
        int scaled = (int) (fraction >>> 44) & 0xff;
        int resultExp = 2 * ((1 << (FpCore.expBits(n) - 1)) - 1) - 1 - exp; // 29, 253, 2045 - exp
        int estimate = RECIP_TABLE[scaled] & 0xff; // low 8 bits of the 9-bit estimate
        long frac = (long) estimate << 44;
        if (resultExp == 0) {
            frac = (1L << 51) | (frac >>> 1);
        } else if (resultExp == -1) {
            frac = (1L << 50) | (frac >>> 2);
            resultExp = 0;
        }
        return FpCore.zero(n, sign) | ((long) resultExp << f) | (frac >>> (52 - f));
    }

    /**
     * FPRSqrtEstimate (Arm ARM J1.3.3 shared/functions/float/fprsqrtestimate/FPRSqrtEstimate): FRSQRTE, an
     * 8-bit reciprocal square root estimate. ±0 gives ±infinity with DZC, negative numbers the default NaN with
     * IOC, +infinity +0.
     */
    public static long rsqrtEstimate(int n, long op, int fpcr, FpFlags flags) {
        int t = FpCore.type(op, n, fpcr, flags);
        int sign = FpCore.sign(op, n);
        if (isNaN(t)) {
            return FpCore.processNaN(n, t, op, fpcr, flags);
        }
        if (t == ZERO) {
            flags.bits |= FpFlags.DZC;
            return FpCore.inf(n, sign);
        }
        if (sign != 0) {
            flags.bits |= FpFlags.IOC;
            return FpCore.defaultNaN(n);
        }
        if (t == INF) {
            return 0;
        }
        int f = FpCore.fracBits(n);
        long fraction = (op & ((1L << f) - 1)) << (52 - f);
        int exp = FpCore.expField(op, n);
        if (exp == 0) {
            while ((fraction >>> 51 & 1) == 0) {
                fraction = (fraction << 1) & ((1L << 52) - 1);
                exp--;
            }
            fraction = (fraction << 1) & ((1L << 52) - 1);
        }
        int scaled = (exp & 1) == 0 ? 256 | (int) (fraction >>> 44) : 128 | (int) (fraction >>> 45);
        int bias = (1 << (FpCore.expBits(n) - 1)) - 1;
        int resultExp = (3 * bias - 1 - exp) / 2; // (44, 380, 3068 - exp) DIV 2; the numerator is positive
        int estimate = RSQRT_TABLE[scaled - 128] & 0xff;
        return ((long) resultExp << f) | ((long) estimate << (f - 8));
    }

    /**
     * UnsignedRecipEstimate (Arm ARM J1.3.3 shared/functions/float/fprecipestimate/UnsignedRecipEstimate):
     * URECPE on one 32-bit lane, a fixed-point reciprocal estimate of {@code op} read as 0.32 unsigned; all ones
     * when the top bit is clear. No floating-point exceptions.
     */
    public static int unsignedRecipEstimate(int op) {
        if (op >= 0) {
            return -1;
        }
        return (256 | (RECIP_TABLE[(op >>> 23) & 0xff] & 0xff)) << 23;
    }

    /**
     * UnsignedRSqrtEstimate (Arm ARM J1.3.3 shared/functions/float/fprsqrtestimate/UnsignedRSqrtEstimate):
     * URSQRTE on one 32-bit lane; all ones when the top two bits are clear. No floating-point exceptions.
     */
    public static int unsignedRSqrtEstimate(int op) {
        if ((op >>> 30) == 0) {
            return -1;
        }
        return (256 | (RSQRT_TABLE[(op >>> 23) - 128] & 0xff)) << 23;
    }

    /**
     * FPRecpX (Arm ARM J1.3.3 shared/functions/float/fprecpx/FPRecpX): FRECPX, the sign with the exponent
     * inverted and a zero fraction (zeros and denormals give the largest finite exponent).
     */
    public static long recpX(int n, long op, int fpcr, FpFlags flags) {
        int t = FpCore.type(op, n, fpcr, flags);
        if (isNaN(t)) {
            return FpCore.processNaN(n, t, op, fpcr, flags);
        }
        int f = FpCore.fracBits(n);
        int expMask = (1 << FpCore.expBits(n)) - 1;
        int exp = FpCore.expField(op, n);
        long e = exp == 0 ? expMask - 1 : ~exp & expMask;
        return FpCore.zero(n, FpCore.sign(op, n)) | (e << f);
    }

    // =====================================================================================
    // Rounding to integral, conversions
    // =====================================================================================

    /**
     * Rounds the magnitude {@code mant * 2^-sh} ({@code mant} below 2^62, {@code sh} > 0) to an integer: the
     * sign-magnitude form of the pseudocode's {@code RoundDown(value)} plus rounding increment (FPRoundInt,
     * FPToFixed). Returns the rounded magnitude shifted left by one, with bit 0 set when the value was not an
     * integer (the pseudocode's {@code error != 0}).
     */
    private static long roundMagnitude(long mant, int sh, int sign, int rounding) {
        long intMag;
        boolean inexact;
        boolean half;
        boolean aboveHalf;
        if (sh >= 64) {
            intMag = 0;
            inexact = true;
            half = false;
            aboveHalf = false;
        } else {
            intMag = mant >>> sh;
            long rem = mant & ((1L << sh) - 1);
            long halfValue = 1L << (sh - 1);
            inexact = rem != 0;
            half = rem == halfValue;
            aboveHalf = Long.compareUnsigned(rem, halfValue) > 0;
        }
        boolean up = switch (rounding) {
            case RN -> aboveHalf || (half && (intMag & 1) != 0);
            case TIEAWAY -> aboveHalf || half;
            case RP -> inexact && sign == 0;
            case RM -> inexact && sign != 0;
            default -> false;
        };
        return ((up ? intMag + 1 : intMag) << 1) | (inexact ? 1 : 0);
    }

    /**
     * FPRoundInt (Arm ARM J1.3.3 shared/functions/float/fproundint/FPRoundInt): FRINTN/P/M/Z/A ({@code rounding}
     * RN/RP/RM/RZ/TIEAWAY, {@code exact} false), FRINTI (the FPCR mode, not exact) and FRINTX (the FPCR mode,
     * {@code exact}: IXC when the result differs from the operand). A zero result keeps the operand's sign.
     */
    public static long roundInt(int n, long op, int fpcr, int rounding, boolean exact, FpFlags flags) {
        int t = FpCore.type(op, n, fpcr, flags);
        int sign = FpCore.sign(op, n);
        if (isNaN(t)) {
            return FpCore.processNaN(n, t, op, fpcr, flags);
        }
        if (t == INF) {
            return FpCore.inf(n, sign);
        }
        if (t == ZERO) {
            return FpCore.zero(n, sign);
        }
        int e = FpCore.exp(op, n);
        if (e >= 0) {
            return op & FpCore.mask(n); // already integral
        }
        long r = roundMagnitude(FpCore.mant(op, n), -e, sign, rounding);
        long intMag = r >>> 1;
        long result = intMag == 0 ? FpCore.zero(n, sign)
                : FpCore.round(n, sign, intMag, 0, false, fpcr & ~FPCR_AHP, RZ, flags);
        if ((r & 1) != 0 && exact) {
            flags.bits |= FpFlags.IXC;
        }
        return result;
    }

    /**
     * FPToFixed (Arm ARM J1.3.3 shared/functions/float/fptofixed/FPToFixed): FCVT[NAPMZ][SU] to a general
     * register ({@code fbits} 0) and FCVTZS/FCVTZU (fixed point) with {@code fbits} fraction bits. The
     * {@code m}-bit result (m = 16, 32 or 64) is returned zero-extended in the low {@code m} bits. NaNs give 0, and
     * out-of-range values saturate; both raise IOC (and then no IXC); otherwise IXC when inexact.
     *
     * @param n        source width, 32 or 64
     * @param fbits    fraction bits, 0..m
     * @param unsigned unsigned result (FCVT*U)
     * @param m        result width in bits, 32 or 64 (or 16: AArch32 VCVT to 16-bit fixed point, A8.8.309)
     * @param rounding RN, RP, RM, RZ or TIEAWAY
     */
    public static long toFixed(int n, long op, int fbits, boolean unsigned, int m, int fpcr, int rounding,
            FpFlags flags) {
        int t = FpCore.type(op, n, fpcr, flags);
        int sign = FpCore.sign(op, n);
        long resultMask = m == 64 ? -1L : (1L << m) - 1;
        if (isNaN(t)) {
            flags.bits |= FpFlags.IOC;
            return 0;
        }
        if (t == ZERO) {
            return 0;
        }
        long maxMag = unsigned ? resultMask : (1L << (m - 1)) - 1; // positive limit
        long minResult = unsigned ? 0 : (-1L << (m - 1)) & resultMask;
        if (t == INF) {
            flags.bits |= FpFlags.IOC;
            return sign != 0 ? minResult : maxMag;
        }
        long mant = FpCore.mant(op, n);
        int e = FpCore.exp(op, n) + fbits;
        long intMag;
        boolean inexact = false;
        if (e >= 0) {
            if (64 - Long.numberOfLeadingZeros(mant) + e > 64) {
                flags.bits |= FpFlags.IOC;
                return sign != 0 ? minResult : maxMag;
            }
            intMag = mant << e;
        } else {
            long r = roundMagnitude(mant, -e, sign, rounding);
            intMag = r >>> 1;
            inexact = (r & 1) != 0;
        }
        if (sign == 0) {
            if (Long.compareUnsigned(intMag, maxMag) > 0) {
                flags.bits |= FpFlags.IOC;
                return maxMag;
            }
        } else if (unsigned) {
            if (intMag != 0) {
                flags.bits |= FpFlags.IOC;
                return 0;
            }
        } else if (Long.compareUnsigned(intMag, 1L << (m - 1)) > 0) {
            flags.bits |= FpFlags.IOC;
            return minResult;
        }
        if (inexact) {
            flags.bits |= FpFlags.IXC;
        }
        return (sign != 0 ? -intMag : intMag) & resultMask;
    }

    /**
     * FixedToFP (Arm ARM J1.3.3 shared/functions/float/fixedtofp/FixedToFP): SCVTF/UCVTF from the low {@code m}
     * bits (32 or 64) of {@code op} as a (un)signed integer with {@code fbits} fraction bits, to width
     * {@code n} (32 or 64), rounded with {@code rounding} (the FPCR mode for the instructions). Zero gives +0.
     */
    public static long fixedToFp(int n, long op, int m, int fbits, boolean unsigned, int fpcr, int rounding,
            FpFlags flags) {
        long v = m == 64 ? op : unsigned ? op & 0xffffffffL : (long) (int) op;
        if (v == 0) {
            return 0;
        }
        int sign = !unsigned && v < 0 ? 1 : 0;
        long mag = sign != 0 ? -v : v; // Long.MIN_VALUE stays 2^63 as unsigned
        return FpCore.round(n, sign, mag, -fbits, false, fpcr & ~FPCR_AHP, rounding, flags);
    }

    /**
     * FPConvert (Arm ARM J1.3.3 shared/functions/float/fpconvert/FPConvert) from width {@code fromN} to
     * {@code toN} (16, 32, 64): FCVT ({@code rounding} = the FPCR mode) and FCVTXN (double to single with
     * {@link #ODD}). Half-precision operands and results use the alternative format when FPCR.AHP is set (no
     * infinities or NaNs: a NaN converts to zero and an infinity to the largest value, both with IOC);
     * half-precision values are never flushed to zero. A NaN keeps its sign and the top of its payload.
     */
    public static long convert(int toN, int fromN, long op, int fpcr, int rounding, FpFlags flags) {
        int t = FpCore.type(op, fromN, fpcr, flags);
        int sign = FpCore.sign(op, fromN);
        boolean altHp = toN == 16 && (fpcr & FPCR_AHP) != 0;
        if (isNaN(t)) {
            long result;
            if (altHp) {
                result = FpCore.zero(toN, sign);
            } else if ((fpcr & FPCR_DN) != 0) {
                result = FpCore.defaultNaN(toN);
            } else {
                result = FpCore.convertNaN(toN, fromN, op);
            }
            if (t == SNAN || altHp) {
                flags.bits |= FpFlags.IOC;
            }
            return result;
        }
        if (t == INF) {
            if (altHp) {
                flags.bits |= FpFlags.IOC;
                return FpCore.zero(toN, sign) | FpCore.mask(toN - 1);
            }
            return FpCore.inf(toN, sign);
        }
        if (t == ZERO) {
            return FpCore.zero(toN, sign);
        }
        return FpCore.round(toN, sign, FpCore.mant(op, fromN), FpCore.exp(op, fromN), false, fpcr, rounding, flags);
    }
}
