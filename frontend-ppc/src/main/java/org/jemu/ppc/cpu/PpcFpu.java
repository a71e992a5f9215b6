package org.jemu.ppc.cpu;

import static org.jemu.ppc.cpu.PpcFpBits.bit;

import java.math.BigInteger;

/**
 * Bit-exact arithmetic of the PowerPC 750 floating-point unit with the FPSCR: the computational
 * instructions of PEM 4.2.2 "Floating-Point Arithmetic Instructions" ... 4.2.2.4 (arithmetic,
 * multiply-add, rounding and conversion, compare) and 3.3 "Floating-Point Execution Models" / Power ISA
 * Book I chapter 4 ("4.3 Floating-Point Data", "4.4 Floating-Point Exceptions", appendix A "Floating-Point
 * Round to Single-Precision Model").
 *
 * <h2>Calling convention</h2>
 * The translator calls {@link #arith} with the FPSCR (32 bits, zero-extended), the operands FRA, FRB, FRC
 * (IEEE double bit patterns) and the old FRT; it returns the new FPSCR and leaves the value for FRT in the
 * CPU's {@link PpcCpu#fpu} scratch, which {@link #result} returns (a helper has one result; the two calls are
 * adjacent and ordered). Neither touches guest registers, so neither forces register write-back.
 *
 * <h2>Semantics (manual sections in the method docs)</h2>
 * <ul>
 *   <li>Exact rounding: every result is the infinitely precise result rounded once to the target format
 *       (double, or single for the {@code s} forms, fused for the multiply-adds) under FPSCR[RN]: 0 nearest
 *       even, 1 toward zero, 2 toward +infinity, 3 toward -infinity.</li>
 *   <li>FR = the fraction was incremented (magnitude increased), FI = the result is inexact; both are cleared
 *       by an instruction that does not round (invalid operation, zero divide).</li>
 *   <li>Tininess is detected before rounding (Power ISA 2.03 Book I 4.3.4 "Normalization and Denormalization": an
 *       intermediate result with an exponent below the format's minimum is "Tiny"). With UE = 0 underflow
 *       (UX) is Tiny and inexact ("loss of accuracy"), and the result is denormalised; with UE = 1 UX is set
 *       whenever the result is Tiny and the exponent is adjusted by +1536 (+192 single). Overflow with
 *       OE = 0 gives infinity or the largest finite number as RN says, with OX, XX and FI set, FR = 0 (the
 *       manual leaves FR undefined there); with OE = 1 the exponent is adjusted by -1536 (-192 single).</li>
 *   <li>Invalid operations (VXSNAN, VXISI, VXIDI, VXZDZ, VXIMZ, VXVC, VXSQRT, VXCVI) and zero divide (ZX):
 *       with the exception disabled the default result is written (the first NaN operand in the order FRA,
 *       FRB, FRC made quiet, else the default QNaN 0x7FF8_0000_0000_0000; infinity for a zero divide); with
 *       VE = 1 (resp. ZE = 1) FRT and FPRF are left unchanged.</li>
 *   <li>FX is set when an instruction changes any exception bit from 0 to 1 (PEM 2.1.4); VX and FEX are
 *       recomputed.</li>
 *   <li>FPRF is the class and sign of the result in the target format: a single-precision result in the
 *       single denormal range is "denormalized" (Power ISA A.1).</li>
 *   <li>FPSCR[NI] (non-IEEE mode) is ignored: the 750 allows IEEE mode always, and its non-IEEE behaviour
 *       (it may flush denormals) is implementation-specific (Power ISA FPSCR[NI]); results are
 *       the IEEE ones, as on QEMU.</li>
 * </ul>
 *
 * <p>Fast path: double add, subtract, multiply and divide in round-to-nearest with normal (or zero) operands
 * and a normal result above the smallest normal use the JVM's IEEE double arithmetic, which rounds the same
 * way; FI and FR come from the exact error term (TwoSum for the sum, an {@link Math#fma} residual for the
 * product and the quotient, all exact in that range). Everything else goes through the exact path, which
 * works on {@link BigInteger} significands.
 */
public final class PpcFpu {
    // ---- operations (the low byte of ctl); bit 8 of ctl selects single precision -------------------------
    public static final int FADD = 0;
    public static final int FSUB = 1;
    public static final int FMUL = 2;
    public static final int FDIV = 3;
    public static final int FMADD = 4;
    public static final int FMSUB = 5;
    public static final int FNMADD = 6;
    public static final int FNMSUB = 7;
    public static final int FRSP = 8;
    public static final int FCTIW = 9;
    public static final int FCTIWZ = 10;
    public static final int FRES = 11;
    public static final int FRSQRTE = 12;
    public static final int FCMPU = 13;
    public static final int FCMPO = 14;
    /** ctl bit: round the result to single precision (the {@code s} forms of opcode 59). */
    public static final int SINGLE = 0x100;

    // ---- FPSCR bits -------------------------------------------------------------------------------------
    static final int FX = PpcFpBits.FX;
    static final int OX = PpcFpBits.OX;
    static final int UX = PpcFpBits.UX;
    static final int ZX = PpcFpBits.ZX;
    static final int XX = PpcFpBits.XX;
    public static final int VXSNAN = bit(7);
    public static final int VXISI = bit(8);
    public static final int VXIDI = bit(9);
    public static final int VXZDZ = bit(10);
    public static final int VXIMZ = bit(11);
    public static final int VXVC = bit(12);
    public static final int FR = bit(13);
    public static final int FI = bit(14);
    /** FPRF, bits 15-19: C (bit 15) and FPCC = FL FG FE FU (bits 16-19). */
    public static final int FPRF = 0x1f << 12;
    public static final int FPCC = 0xf << 12;
    public static final int VXSOFT = bit(21);
    public static final int VXSQRT = bit(22);
    public static final int VXCVI = bit(23);
    static final int VE = PpcFpBits.VE;
    static final int OE = PpcFpBits.OE;
    static final int UE = PpcFpBits.UE;
    static final int ZE = PpcFpBits.ZE;

    // FPRF codes (C FL FG FE FU), the "Floating-Point Result Flags" table of PEM 2.1.4
    public static final int CLASS_QNAN = 0x11;
    public static final int CLASS_NEG_INF = 0x09;
    public static final int CLASS_NEG_NORMAL = 0x08;
    public static final int CLASS_NEG_DENORMAL = 0x18;
    public static final int CLASS_NEG_ZERO = 0x12;
    public static final int CLASS_POS_ZERO = 0x02;
    public static final int CLASS_POS_DENORMAL = 0x14;
    public static final int CLASS_POS_NORMAL = 0x04;
    public static final int CLASS_POS_INF = 0x05;

    /** The default QNaN of an invalid operation without NaN operands. */
    public static final long DEFAULT_NAN = 0x7ff8_0000_0000_0000L;

    private static final long SIGN = Long.MIN_VALUE;
    private static final long EXP_MASK = 0x7ff0_0000_0000_0000L;
    private static final long FRAC_MASK = 0x000f_ffff_ffff_ffffL;
    private static final long QUIET = 0x0008_0000_0000_0000L;

    // operand types
    private static final int ZERO = 0;
    private static final int FINITE = 1;
    private static final int INF = 2;
    private static final int QNAN = 3;
    private static final int SNAN = 4;

    // ---- per-operation scratch (one instance per CPU) -------------------------------------------------------
    /** FPSCR at the start of the instruction (32 bits). */
    private int fpscr;
    /** Exception bits raised by this instruction (OX UX ZX XX VX*). */
    private int exc;
    private boolean fr;
    private boolean fi;
    private boolean invalid;
    private boolean zeroDivide;
    /** The value for FRT after the last {@link #arith}. */
    private long out;

    /** A fresh FPU scratch; {@link PpcCpu} owns one. */
    public PpcFpu() {
    }

    // =========================================================================================================
    // Helpers called by translated code
    // =========================================================================================================

    /**
     * Executes one computational FP instruction.
     *
     * @param c     the CPU (its {@link PpcCpu#fpu} receives the FRT value)
     * @param ctl   the operation ({@link #FADD} ... {@link #FCMPO}), ORed with {@link #SINGLE} for the
     *              single-precision forms
     * @param fpscr FPSCR (32 bits, zero-extended)
     * @param a     FRA (double bit pattern; ignored by one-operand instructions)
     * @param b     FRB
     * @param cc    FRC (multiply and multiply-add)
     * @param old   FRT before the instruction (kept when an enabled invalid/zero-divide exception suppresses
     *              the result; for the compares, unused)
     * @return the new FPSCR (32 bits, zero-extended); for the compares FPCC (bits 16-19) is the CR field
     */
    public static long arith(PpcCpu c, int ctl, long fpscr, long a, long b, long cc, long old) {
        PpcFpu f = c.fpu;
        f.begin((int) fpscr);
        boolean single = (ctl & SINGLE) != 0;
        long r;
        switch (ctl & 0xff) {
            case FADD -> r = f.add(a, b, false, single);
            case FSUB -> r = f.add(a, b, true, single);
            case FMUL -> r = f.mul(a, cc, single);
            case FDIV -> r = f.div(a, b, single);
            case FMADD -> r = f.fma(a, cc, b, false, false, single);
            case FMSUB -> r = f.fma(a, cc, b, true, false, single);
            case FNMADD -> r = f.fma(a, cc, b, false, true, single);
            case FNMSUB -> r = f.fma(a, cc, b, true, true, single);
            case FRSP -> r = f.frsp(b);
            case FCTIW -> r = f.fctiw(b, false, old);
            case FCTIWZ -> r = f.fctiw(b, true, old);
            case FRES -> r = f.fres(b);
            case FRSQRTE -> r = f.frsqrte(b);
            case FCMPU -> {
                return f.compare(a, b, false) & 0xffff_ffffL;
            }
            case FCMPO -> {
                return f.compare(a, b, true) & 0xffff_ffffL;
            }
            default -> throw new IllegalArgumentException("PpcFpu op " + ctl);
        }
        int op = ctl & 0xff;
        if (op == FCTIW || op == FCTIWZ) {
            // FPRF is undefined: unchanged, but 0x11 after a disabled invalid operation (as QEMU)
            int nf = f.finish(r, old, false, false);
            if (f.invalid && (fpscr & VE) == 0) {
                nf = (nf & ~FPRF) | CLASS_QNAN << 12;
            }
            return nf & 0xffff_ffffL;
        }
        return f.finish(r, old, single || op == FRSP || op == FRES, true) & 0xffff_ffffL;
    }

    /** The FRT value computed by the last {@link #arith} on this CPU (double bit pattern). */
    public static long result(PpcCpu c) {
        return c.fpu.out;
    }

    /**
     * fsel (PEM chapter 8 fsel; optional, implemented by the 750): FRC if FRA is greater than or equal to
     * zero (either zero included) and not a NaN, else FRB. No FPSCR change, no exception.
     */
    public static long fsel(PpcCpu c, long a, long b, long cc) {
        boolean nan = (a & ~SIGN) > EXP_MASK;
        boolean geZero = a >= 0 || (a & ~SIGN) == 0;
        return !nan && geZero ? cc : b;
    }

    // =========================================================================================================
    // FPSCR bookkeeping
    // =========================================================================================================

    private void begin(int f) {
        fpscr = f;
        exc = 0;
        fr = false;
        fi = false;
        invalid = false;
        zeroDivide = false;
    }

    private void raiseInvalid(int vx) {
        exc |= vx;
        invalid = true;
    }

    private int rn() {
        return fpscr & 3;
    }

    private int finish(long r, long old, boolean single, boolean setFprf) {
        int f = fpscr;
        boolean suppressed = (invalid && (f & VE) != 0) || (zeroDivide && (f & ZE) != 0);
        f &= ~(FR | FI);
        if (suppressed) {
            out = old;
        } else {
            out = r;
            if (fr) {
                f |= FR;
            }
            if (fi) {
                f |= FI;
            }
            if (setFprf) {
                f = (f & ~FPRF) | fprf(r, single) << 12;
            }
        }
        return raise(f, exc);
    }

    /** ORs exception bits into {@code f}, FX if any changes from 0 to 1, then VX and FEX recomputed. */
    private static int raise(int f, int e) {
        if ((e & ~f) != 0) {
            f |= FX;
        }
        return PpcFpBits.summarize(f | e);
    }

    /**
     * The 5-bit FPRF (C FL FG FE FU) describing {@code d}: class and sign in double format, or in single
     * format when {@code single} (a double that is a single denormal is "denormalized").
     */
    public static int fprf(long d, boolean single) {
        boolean neg = d < 0;
        long mag = d & ~SIGN;
        if (mag > EXP_MASK) {
            return CLASS_QNAN;
        }
        if (mag == EXP_MASK) {
            return neg ? CLASS_NEG_INF : CLASS_POS_INF;
        }
        if (mag == 0) {
            return neg ? CLASS_NEG_ZERO : CLASS_POS_ZERO;
        }
        int e = (int) (mag >>> 52);
        boolean denormal = single ? e < 1023 - 126 : e == 0;
        if (denormal) {
            return neg ? CLASS_NEG_DENORMAL : CLASS_POS_DENORMAL;
        }
        return neg ? CLASS_NEG_NORMAL : CLASS_POS_NORMAL;
    }

    // =========================================================================================================
    // Operands
    // =========================================================================================================

    private static int type(long d) {
        long mag = d & ~SIGN;
        if (mag == 0) {
            return ZERO;
        }
        if (mag < EXP_MASK) {
            return FINITE;
        }
        if (mag == EXP_MASK) {
            return INF;
        }
        return (d & QUIET) != 0 ? QNAN : SNAN;
    }

    private static boolean isNaN(int t) {
        return t >= QNAN;
    }

    private static int sign(long d) {
        return (int) (d >>> 63);
    }

    /** The integer significand of a finite nonzero double (with the implicit bit for normals). */
    private static long mant(long d) {
        long frac = d & FRAC_MASK;
        return (d & EXP_MASK) == 0 ? frac : frac | (1L << 52);
    }

    /** The power of two that goes with {@link #mant}: |d| = mant * 2^exp. */
    private static int exp(long d) {
        int e = (int) ((d & EXP_MASK) >>> 52);
        return (e == 0 ? 1 : e) - 1075;
    }

    private static long inf(int sign) {
        return (sign != 0 ? SIGN : 0) | EXP_MASK;
    }

    private static long zero(int sign) {
        return sign != 0 ? SIGN : 0;
    }

    /**
     * The NaN result of an operation with NaN operands (Power ISA Book I 4.3 "Floating-Point Data", NaNs; PEM 3.3.6 invalid
     * operation): the first NaN of {@code x}, {@code y}, {@code z} (in the manual's order FRA, FRB, FRC)
     * made quiet; for a single-precision result the fraction is cut to the single format's 23 bits (as frsp
     * converts it). Sets VXSNAN if any operand is a signalling NaN.
     */
    private long propagate(boolean single, long... ops) {
        long pick = 0;
        boolean found = false;
        for (long o : ops) {
            int t = type(o);
            if (t == SNAN) {
                raiseInvalid(VXSNAN);
            }
            if (!found && isNaN(t)) {
                pick = o;
                found = true;
            }
        }
        pick |= QUIET;
        if (single) {
            pick &= 0xffff_ffff_e000_0000L;
        }
        return pick;
    }

    // =========================================================================================================
    // Operations
    // =========================================================================================================

    /** fadd, fsub, fadds, fsubs (PEM 4.2.2.1; chapter 8): FRA +/- FRB, VXISI for the difference of infinities. */
    private long add(long a, long b, boolean sub, boolean single) {
        int ta = type(a);
        int tb = type(b);
        if (isNaN(ta) || isNaN(tb)) {
            return propagate(single, a, b);
        }
        int sa = sign(a);
        int sb = sign(b) ^ (sub ? 1 : 0);
        if (ta == INF || tb == INF) {
            if (ta == INF && tb == INF && sa != sb) {
                raiseInvalid(VXISI);
                return DEFAULT_NAN;
            }
            return inf(ta == INF ? sa : sb);
        }
        if (!single && rn() == 0 && ta == FINITE && tb == FINITE && normal(a) && normal(b)) {
            double x = Double.longBitsToDouble(a);
            double y = sub ? -Double.longBitsToDouble(b) : Double.longBitsToDouble(b);
            double s = x + y;
            if (fastResult(s)) {
                double bb = s - x;
                double err = (x - (s - bb)) + (y - bb);    // TwoSum: exact x + y - s
                noteError(s, err);
                return Double.doubleToRawLongBits(s);
            }
        }
        if (ta == ZERO && tb == ZERO) {
            return zero(sa == sb ? sa : (rn() == 3 ? 1 : 0));
        }
        if (ta == ZERO) {
            return roundExact(sb, BigInteger.valueOf(mant(b)), exp(b), false, single);
        }
        if (tb == ZERO) {
            return roundExact(sa, BigInteger.valueOf(mant(a)), exp(a), false, single);
        }
        return sum(sa, BigInteger.valueOf(mant(a)), exp(a), sb, BigInteger.valueOf(mant(b)), exp(b), single);
    }

    /** fmul, fmuls: FRA x FRC, VXIMZ for infinity x zero. */
    private long mul(long a, long c, boolean single) {
        int ta = type(a);
        int tc = type(c);
        if (isNaN(ta) || isNaN(tc)) {
            return propagate(single, a, c);
        }
        int s = sign(a) ^ sign(c);
        if ((ta == INF && tc == ZERO) || (ta == ZERO && tc == INF)) {
            raiseInvalid(VXIMZ);
            return DEFAULT_NAN;
        }
        if (ta == INF || tc == INF) {
            return inf(s);
        }
        if (ta == ZERO || tc == ZERO) {
            return zero(s);
        }
        if (!single && rn() == 0 && normal(a) && normal(c)) {
            double x = Double.longBitsToDouble(a);
            double y = Double.longBitsToDouble(c);
            double p = x * y;
            if (fastResult(p)) {
                noteError(p, Math.fma(x, y, -p));
                return Double.doubleToRawLongBits(p);
            }
        }
        BigInteger m = BigInteger.valueOf(mant(a)).multiply(BigInteger.valueOf(mant(c)));
        return roundExact(s, m, exp(a) + exp(c), false, single);
    }

    /** fdiv, fdivs: FRA / FRB; VXIDI, VXZDZ, and ZX for a finite nonzero dividend over zero. */
    private long div(long a, long b, boolean single) {
        int ta = type(a);
        int tb = type(b);
        if (isNaN(ta) || isNaN(tb)) {
            return propagate(single, a, b);
        }
        int s = sign(a) ^ sign(b);
        if (ta == INF && tb == INF) {
            raiseInvalid(VXIDI);
            return DEFAULT_NAN;
        }
        if (ta == ZERO && tb == ZERO) {
            raiseInvalid(VXZDZ);
            return DEFAULT_NAN;
        }
        if (ta == INF) {
            return inf(s);
        }
        if (tb == INF || ta == ZERO) {
            return zero(s);
        }
        if (tb == ZERO) {
            exc |= ZX;
            zeroDivide = true;
            return inf(s);
        }
        if (!single && rn() == 0 && normal(a) && normal(b)) {
            double x = Double.longBitsToDouble(a);
            double y = Double.longBitsToDouble(b);
            double q = x / y;
            // The residual x - q*y has bits down to about 2^-104 |x|: it is exact only for |x| >= 2^-960.
            if (fastResult(q) && Math.abs(x) >= 0x1p-960) {
                // x - q*y is exact here; the exact quotient minus q has the sign of (x - q*y) * y
                double r = Math.fma(-q, y, x);
                noteError(q, y < 0 ? -r : r);
                return Double.doubleToRawLongBits(q);
            }
        }
        return quotient(s, BigInteger.valueOf(mant(a)), exp(a), BigInteger.valueOf(mant(b)), exp(b), single);
    }

    /**
     * The multiply-adds (PEM 4.2.2.2): FRA x FRC + FRB, with FRB negated for fmsub/fnmsub and the result
     * negated for fnmadd/fnmsub after rounding under FPSCR[RN] (so toward +infinity rounds the un-negated
     * value up); a NaN result is not negated (a propagated NaN keeps its sign, the default QNaN is positive). One rounding of the exact value.
     * VXIMZ for infinity x zero (whatever FRB is, a QNaN included), VXISI for an infinite product plus an
     * infinite addend of the opposite sign, VXSNAN for any signalling NaN operand.
     */
    private long fma(long a, long c, long b, boolean subB, boolean negate, boolean single) {
        int ta = type(a);
        int tb = type(b);
        int tc = type(c);
        boolean infZero = (ta == INF && tc == ZERO) || (ta == ZERO && tc == INF);
        if (isNaN(ta) || isNaN(tb) || isNaN(tc)) {
            if (infZero) {
                raiseInvalid(VXIMZ);
            }
            return propagate(single, a, b, c);
        }
        if (infZero) {
            raiseInvalid(VXIMZ);
            return DEFAULT_NAN;
        }
        int sp = sign(a) ^ sign(c);
        int sb = sign(b) ^ (subB ? 1 : 0);
        long r;
        if (ta == INF || tc == INF) {
            if (tb == INF && sb != sp) {
                raiseInvalid(VXISI);
                return DEFAULT_NAN;
            }
            r = inf(sp);
        } else if (tb == INF) {
            r = inf(sb);
        } else if (ta == ZERO || tc == ZERO) {
            if (tb == ZERO) {
                r = zero(sp == sb ? sp : (rn() == 3 ? 1 : 0));
            } else {
                r = roundExact(sb, BigInteger.valueOf(mant(b)), exp(b), false, single);
            }
        } else {
            BigInteger p = BigInteger.valueOf(mant(a)).multiply(BigInteger.valueOf(mant(c)));
            int pe = exp(a) + exp(c);
            if (tb == ZERO) {
                r = roundExact(sp, p, pe, false, single);
            } else {
                r = sum(sp, p, pe, sb, BigInteger.valueOf(mant(b)), exp(b), single);
            }
        }
        // rounded, then negated (Power ISA fnmadd: "rounded ... then negated"); a NaN result keeps its sign
        return negate && (r & ~SIGN) <= EXP_MASK ? r ^ SIGN : r;
    }

    /**
     * frsp (PEM chapter 8 frsp; Power ISA appendix A.1 "Floating-Point Round to Single-Precision Model"):
     * FRB rounded to single precision; a NaN keeps its sign and the top 23 fraction bits (made quiet).
     */
    private long frsp(long b) {
        int t = type(b);
        if (isNaN(t)) {
            return propagate(true, b);
        }
        if (t != FINITE) {
            return b;
        }
        return roundExact(sign(b), BigInteger.valueOf(mant(b)), exp(b), false, true);
    }

    /**
     * fctiw, fctiwz (PEM chapter 8; Power ISA appendix A.2 "Floating-Point Convert to Integer Model"): FRB
     * rounded to a signed 32-bit integer (under RN, or toward zero), placed in FRT[32:63]. Out of range or
     * NaN: VXCVI (plus VXSNAN for a signalling NaN), result 0x7FFF_FFFF for large positive values and
     * 0x8000_0000 for large negative values and NaNs, FR = FI = 0. FPRF is undefined: it is left unchanged,
     * except that a disabled invalid operation sets it to 0x11 (C and FU), as QEMU does. FRT[0:31] is
     * undefined: jemu writes the sign extension of the 32-bit result for an in-range conversion and 0 after an
     * invalid one (what QEMU writes, so the two can be compared).
     */
    private long fctiw(long b, boolean toZero, long old) {
        int t = type(b);
        if (isNaN(t)) {
            raiseInvalid(t == SNAN ? VXCVI | VXSNAN : VXCVI);
            return 0x8000_0000L;
        }
        if (t == INF) {
            raiseInvalid(VXCVI);
            return b < 0 ? 0x8000_0000L : 0x7fff_ffffL;
        }
        if (t == ZERO) {
            return 0;
        }
        int s = sign(b);
        long m = mant(b);
        int e = exp(b);
        long intPart;
        boolean inexact;
        boolean above;
        boolean half;
        if (e >= 0) {
            // only normals have e >= 0, and then |FRB| >= 2^52
            raiseInvalid(VXCVI);
            return s != 0 ? 0x8000_0000L : 0x7fff_ffffL;
        } else if (e >= -63) {
            int sh = -e;
            intPart = sh == 63 ? 0 : m >>> sh;
            long rem = sh == 63 ? m : m & ((1L << sh) - 1);
            long halfV = 1L << (sh - 1);
            inexact = rem != 0;
            above = rem > halfV;
            half = rem == halfV;
        } else {
            intPart = 0;
            inexact = true;
            above = false;
            half = false;
        }
        boolean up;
        int mode = toZero ? 1 : rn();
        switch (mode) {
            case 0 -> up = above || (half && (intPart & 1) != 0);
            case 1 -> up = false;
            case 2 -> up = inexact && s == 0;
            default -> up = inexact && s != 0;
        }
        if (up) {
            intPart++;
        }
        long v = s != 0 ? -intPart : intPart;
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            raiseInvalid(VXCVI);
            return s != 0 ? 0x8000_0000L : 0x7fff_ffffL;
        }
        if (inexact) {
            fi = true;
            fr = up;
            exc |= XX;
        }
        return (long) (int) v;
    }

    /**
     * fres (PEM chapter 8 fres; optional, implemented by the 750): a single-precision estimate of 1/FRB,
     * architecturally within one part in 256. jemu returns 1/FRB rounded to double and then to single, both under
     * FPSCR[RN] (what QEMU does; for a quotient this double rounding equals one rounding to single), which is
     * within that bound. ZX for a zero operand (result infinity), OX/UX for a result outside the single range.
     * XX is not changed (the manual lists FR, FI, FX, OX, UX, ZX, VXSNAN and FPRF as the bits fres sets);
     * FI tells whether the estimate is inexact and FR is 0.
     */
    private long fres(long b) {
        int t = type(b);
        if (isNaN(t)) {
            return propagate(true, b);
        }
        int s = sign(b);
        if (t == ZERO) {
            exc |= ZX;
            zeroDivide = true;
            return inf(s);
        }
        if (t == INF) {
            return zero(s);
        }
        long r = quotient(s, BigInteger.ONE, 0, BigInteger.valueOf(mant(b)), exp(b), false);
        if (type(r) == FINITE) {
            r = roundExact(s, BigInteger.valueOf(mant(r)), exp(r), false, true);
        } else if (type(r) == INF) {
            // the double quotient overflowed: as frsp of that infinity
            r = inf(s);
        }
        estimateFlags();
        return r;
    }

    /**
     * frsqrte (PEM chapter 8 frsqrte; optional, implemented by the 750): a double-precision estimate of
     * 1/sqrt(FRB), architecturally within one part in 32. jemu returns the square root rounded to double and then
     * its reciprocal rounded to double, both under FPSCR[RN] (what QEMU computes). VXSQRT for a negative
     * nonzero operand (infinity included), ZX for a zero (result infinity of the zero's sign). XX is not
     * changed (not among the bits the manual lists for frsqrte); FI tells whether the estimate is inexact,
     * FR is 0.
     */
    private long frsqrte(long b) {
        int t = type(b);
        if (isNaN(t)) {
            return propagate(false, b);
        }
        int s = sign(b);
        if (t == ZERO) {
            exc |= ZX;
            zeroDivide = true;
            return inf(s);
        }
        if (s != 0) {
            raiseInvalid(VXSQRT);
            return DEFAULT_NAN;
        }
        if (t == INF) {
            return 0;
        }
        long root = sqrt(BigInteger.valueOf(mant(b)), exp(b));
        long r = quotient(0, BigInteger.ONE, 0, BigInteger.valueOf(mant(root)), exp(root), false);
        estimateFlags();
        return r;
    }

    /** fres/frsqrte: XX stays as it was, FR is 0, FI = inexact (OX and UX stay raised). */
    private void estimateFlags() {
        exc &= ~XX;
        fr = false;
    }

    /**
     * fcmpu, fcmpo (PEM chapter 8; Power ISA 4.6.8 "Floating-Point Compare Instructions"): the 4-bit result
     * FL FG FE FU goes to FPCC and to the CR field (the caller copies it). A NaN operand gives FU; a
     * signalling NaN sets VXSNAN; fcmpo also sets VXVC for a quiet NaN operand, and for a signalling NaN when
     * VE = 0. C, FR and FI are unchanged; FRT is not written.
     *
     * @return the new FPSCR
     */
    private int compare(long a, long b, boolean ordered) {
        int ta = type(a);
        int tb = type(b);
        int ccBits;
        if (isNaN(ta) || isNaN(tb)) {
            ccBits = 1;
            boolean snan = ta == SNAN || tb == SNAN;
            if (snan) {
                exc |= VXSNAN;
            }
            if (ordered && (!snan || (fpscr & VE) == 0)) {
                exc |= VXVC;
            }
        } else {
            double x = Double.longBitsToDouble(a);
            double y = Double.longBitsToDouble(b);
            ccBits = x < y ? 8 : x > y ? 4 : 2;
        }
        out = 0;
        return raise((fpscr & ~FPCC) | ccBits << 12, exc);
    }

    // =========================================================================================================
    // Exact path
    // =========================================================================================================

    private static boolean normal(long d) {
        long e = d & EXP_MASK;
        return e != 0 && e != EXP_MASK;
    }

    /**
     * A fast-path result is usable: finite, and far enough above the smallest normal (2^-960) that it is not
     * Tiny and that the error term computed with {@link Math#fma} (whose bits go down to about 2^-104 times
     * the result) is itself exact rather than rounded into the subnormal range.
     */
    private static boolean fastResult(double r) {
        double m = Math.abs(r);
        return m >= 0x1p-960 && m <= Double.MAX_VALUE;
    }

    /** FR/FI/XX from the exact error {@code err} = exact result - rounded result {@code r} (nonzero r). */
    private void noteError(double r, double err) {
        if (err != 0) {
            fi = true;
            exc |= XX;
            // the magnitude was increased when the exact value lies between 0 and r
            fr = (err < 0) == (r > 0);
        }
    }

    /** Rounds the exact sum (-1)^sx mx 2^ex + (-1)^sy my 2^ey (both nonzero). */
    private long sum(int sx, BigInteger mx, int ex, int sy, BigInteger my, int ey, boolean single) {
        int e = Math.min(ex, ey);
        BigInteger x = mx.shiftLeft(ex - e);
        BigInteger y = my.shiftLeft(ey - e);
        BigInteger s = (sx != 0 ? x.negate() : x).add(sy != 0 ? y.negate() : y);
        if (s.signum() == 0) {
            return zero(rn() == 3 ? 1 : 0);
        }
        return roundExact(s.signum() < 0 ? 1 : 0, s.abs(), e, false, single);
    }

    /** Rounds the quotient (-1)^s (mx 2^ex) / (my 2^ey), mx, my nonzero. */
    private long quotient(int s, BigInteger mx, int ex, BigInteger my, int ey, boolean single) {
        int k = Math.max(0, 60 + my.bitLength() - mx.bitLength());
        BigInteger[] qr = mx.shiftLeft(k).divideAndRemainder(my);
        return roundExact(s, qr[0], ex - k - ey, qr[1].signum() != 0, single);
    }

    /** sqrt(m 2^e) (m nonzero, positive) rounded to double under RN. */
    private long sqrt(BigInteger m, int e) {
        int shift = Math.max(0, 130 - m.bitLength());
        if (((e - shift) & 1) != 0) {
            shift++;
        }
        BigInteger x = m.shiftLeft(shift);
        BigInteger[] sr = x.sqrtAndRemainder();
        return roundExact(0, sr[0], (e - shift) / 2, sr[1].signum() != 0, false);
    }

    /**
     * Rounds {@code (-1)^sign * (m + t) * 2^e} to double or single under FPSCR[RN], where {@code m} > 0 and
     * {@code t} is 0, or some value strictly between 0 and 1 when {@code sticky}. Applies the overflow and
     * underflow rules (OE, UE), sets FR/FI and raises OX/UX/XX. Returns the double-format bit pattern (a
     * single result is widened exactly).
     */
    private long roundExact(int sign, BigInteger m, int e, boolean sticky, boolean single) {
        return roundExact(sign, m, e, sticky, single, rn(), false);
    }

    private long roundExact(int sign, BigInteger m, int e, boolean sticky, boolean single, int mode, boolean scaled) {
        int p = single ? 24 : 53;
        int emin = single ? -126 : -1022;
        int emax = single ? 127 : 1023;
        int scale = single ? 192 : 1536;
        if (sticky) {
            // make the sticky tail an explicit 1 bit at least two places below the rounding position
            int need = p + 3 - m.bitLength();
            if (need > 0) {
                m = m.shiftLeft(need);
                e -= need;
            }
            m = m.shiftLeft(1).setBit(0);
            e -= 1;
        }
        int lead = e + m.bitLength() - 1;
        boolean tiny = lead < emin;
        boolean ue = (fpscr & UE) != 0;
        if (tiny && ue && !scaled) {
            exc |= UX;
            return roundExact(sign, m, e + scale, false, single, mode, true);
        }
        int lsb = tiny ? emin - p + 1 : lead - p + 1;
        int shift = lsb - e;
        BigInteger q;
        boolean inexact;
        boolean above;
        boolean half;
        if (shift <= 0) {
            q = m.shiftLeft(-shift);
            inexact = false;
            above = false;
            half = false;
        } else {
            q = m.shiftRight(shift);
            BigInteger rem = m.subtract(q.shiftLeft(shift));
            int cmp = rem.compareTo(BigInteger.ONE.shiftLeft(shift - 1));
            inexact = rem.signum() != 0;
            above = cmp > 0;
            half = cmp == 0;
        }
        boolean up = switch (mode) {
            case 0 -> above || (half && q.testBit(0));
            case 1 -> false;
            case 2 -> inexact && sign == 0;
            default -> inexact && sign != 0;
        };
        if (up) {
            q = q.add(BigInteger.ONE);
            if (q.bitLength() > p) {
                q = q.shiftRight(1);
                lsb++;
            }
        }
        if (q.signum() != 0 && lsb + q.bitLength() - 1 > emax) {
            if ((fpscr & OE) != 0 && !scaled) {
                exc |= OX;
                return roundExact(sign, m, e - scale, false, single, mode, true);
            }
            exc |= OX | XX;
            fi = true;
            fr = false;
            boolean toInf = switch (mode) {
                case 0 -> true;
                case 1 -> false;
                case 2 -> sign == 0;
                default -> sign != 0;
            };
            if (toInf) {
                return inf(sign);
            }
            return (sign != 0 ? SIGN : 0) | (single ? 0x47ef_ffff_e000_0000L : 0x7fef_ffff_ffff_ffffL);
        }
        if (tiny && inexact && !ue) {
            exc |= UX;
        }
        if (inexact) {
            fi = true;
            fr = up;
            exc |= XX;
        }
        return encode(sign, q.longValue(), lsb);
    }

    /** The double bit pattern of (-1)^sign * q * 2^lsb, exactly representable (q below 2^53). */
    private static long encode(int sign, long q, int lsb) {
        long s = sign != 0 ? SIGN : 0;
        if (q == 0) {
            return s;
        }
        int bl = 64 - Long.numberOfLeadingZeros(q);
        int lead = lsb + bl - 1;
        if (lead >= -1022) {
            long frac = (q << (53 - bl)) & FRAC_MASK;
            return s | ((long) (lead + 1023) << 52) | frac;
        }
        // double denormal: lsb is -1074 here
        return s | (q << (lsb + 1074));
    }
}
