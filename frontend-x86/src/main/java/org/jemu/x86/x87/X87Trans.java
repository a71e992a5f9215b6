package org.jemu.x86.x87;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The x87 transcendental instructions and constants (SDM Vol. 1 8.3.8 "Load Constant Instructions", 8.3.9
 * "Transcendental Instructions", 8.3.10 "Transcendental Instruction Accuracy"; the Vol. 2A pages of FSIN FCOS
 * FSINCOS FPTAN FPATAN F2XM1 FYL2X FYL2XP1), computed in decimal with 90 significant digits ({@link BigDecimal},
 * about 299 bits) from exact operands and rounded once to 64 bits by RC: the results are correctly rounded except
 * in cases within 2^-290 of a rounding boundary, which is better than the 1 ulp the SDM states for the hardware.
 *
 * <p>Faithful to the hardware where it differs from mathematics: FSIN FCOS FSINCOS FPTAN reduce their operand with
 * the 66-bit approximation of pi the SDM 8.3.10 describes ("the x87 FPU uses an internal value of pi with 66
 * significant bits"; the error then grows near multiples of pi/2 for large operands) and do not reduce operands
 * of magnitude 2^63 or more: C2 = 1 and ST(0) is left unchanged. The constants of FLDPI FLDL2T FLDL2E FLDLG2
 * FLDLN2 are correctly rounded by RC (8.3.8), without #P.
 *
 * <p>Precision control does not apply to these instructions (8.1.5.2).
 */
public final class X87Trans {
    private X87Trans() {
    }

    private static final MathContext MC = new MathContext(90, RoundingMode.HALF_EVEN);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    /** pi to 110 decimal places. */
    static final BigDecimal PI = new BigDecimal("3.14159265358979323846264338327950288419716939937510"
            + "58209749445923078164062862089986280348253421170679821480865132823066470938446");
    static final BigDecimal LN2 = atanhSeries(BigDecimal.ONE.divide(BigDecimal.valueOf(3), MC)).multiply(TWO, MC);
    static final BigDecimal LN10 = LN2.multiply(BigDecimal.valueOf(3), MC)
            .add(atanhSeries(BigDecimal.ONE.divide(BigDecimal.valueOf(9), MC)).multiply(TWO, MC), MC);

    /** pi with 66 significant bits, as the SDM 8.3.10 says the x87 uses for argument reduction. */
    static final BigDecimal PI66;
    /** The values of FLD1 FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 FLDZ (D9 E8..EE order), 90 digits. */
    private static final BigDecimal[] CONSTS;

    static {
        Object[] p = toBinary(PI, 66);
        PI66 = new BigDecimal((BigInteger) p[0]).multiply(pow2((Integer) p[1] - 65));
        CONSTS = new BigDecimal[] {BigDecimal.ONE, LN10.divide(LN2, MC), BigDecimal.ONE.divide(LN2, MC), PI,
                LN2.divide(LN10, MC), LN2, BigDecimal.ZERO};
    }

    /** {sig, top exponent}: v (positive) rounded to nearest with {@code bits} significant bits. */
    private static Object[] toBinary(BigDecimal v, int bits) {
        int e = topExp(v);
        BigDecimal scaled = v.multiply(pow2(bits - 1 - e));
        BigInteger sig = scaled.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
        if (sig.bitLength() > bits) {
            sig = sig.shiftRight(1);
            e++;
        }
        return new Object[] {sig, e};
    }

    /** floor(log2(v)) for v &gt; 0. */
    private static int topExp(BigDecimal v) {
        int e = (int) Math.floor((v.precision() - v.scale() - 1) * 3.321928094887362);
        while (v.compareTo(pow2(e)) < 0) {
            e--;
        }
        while (v.compareTo(pow2(e + 1)) >= 0) {
            e++;
        }
        return e;
    }

    private static BigDecimal pow2(int e) {
        return e >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(e)) : BigDecimal.ONE.divide(
                new BigDecimal(BigInteger.ONE.shiftLeft(-e)));
    }

    /**
     * FLD1 FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 FLDZ ({@code k} = 0..6, the order of D9 E8..EE): the constant correctly
     * rounded to 64 bits by RC, without #P (SDM 8.3.8: in round-to-nearest the well-known values, e.g. FLDPI
     * 4000 C90FDAA22168C235h; in the directed modes one unit lower or higher where the exact value lies on the
     * other side).
     */
    public static Fx80 constant(int k, X87Env env) {
        if (k == 0) {
            return Fx80.ONE;
        }
        if (k == 6) {
            return Fx80.ZERO;
        }
        X87Env quiet = new X87Env(env.cw | 0x3F);
        return round(CONSTS[k], 0, quiet);
    }

    // ---- exact conversions ------------------------------------------------------------------------------------------

    /** The exact value of a finite x. */
    static BigDecimal exact(Fx80 x) {
        BigDecimal v = new BigDecimal(x.sig()).multiply(pow2(x.lsbExp()));
        return x.neg() ? v.negate() : v;
    }

    /**
     * Rounds the approximation {@code y} (90 digits) of an irrational result to 64 bits. {@code dir}: which side
     * of y the true value lies on when y falls (within the approximation error) on a rounding grid point: -1 below
     * in magnitude, +1 above; the callers know it from the leading terms of the series (tiny operands).
     */
    static Fx80 round(BigDecimal y, int dir, X87Env env) {
        return round(y, 0, dir, env);
    }

    /** {@link #round(BigDecimal, int, X87Env)} of y * 2^binExp. */
    static Fx80 round(BigDecimal y, int binExp, int dir, X87Env env) {
        if (y.signum() == 0) {
            return Fx80.ZERO;
        }
        boolean neg = y.signum() < 0;
        BigDecimal a = y.abs();
        int e = topExp(a);
        int s = 140 - e;
        BigDecimal scaled = a.multiply(pow2(s));
        BigInteger fl = scaled.setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
        BigDecimal frac = scaled.subtract(new BigDecimal(fl));
        BigInteger sig;
        int lsb = -s + binExp;
        // near a grid point: decide by the known direction
        BigDecimal eps = pow2(-40);
        if (frac.compareTo(eps) < 0 || frac.compareTo(BigDecimal.ONE.subtract(eps)) > 0) {
            BigInteger g = frac.compareTo(eps) < 0 ? fl : fl.add(BigInteger.ONE);
            sig = dir < 0 ? g.shiftLeft(4).subtract(BigInteger.ONE) : g.shiftLeft(4);
            lsb -= 4;
        } else {
            sig = fl;
        }
        return Fx80Math.roundExt(neg, sig, lsb, true, 64, env);
    }

    // ---- series ---------------------------------------------------------------------------------------------------

    private static BigDecimal atanhSeries(BigDecimal z) {
        BigDecimal z2 = z.multiply(z, MC);
        BigDecimal term = z;
        BigDecimal sum = z;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(MC.getPrecision() + 5);
        for (int k = 3; ; k += 2) {
            term = term.multiply(z2, MC);
            BigDecimal t = term.divide(BigDecimal.valueOf(k), MC);
            sum = sum.add(t, MC);
            if (t.abs().compareTo(eps.multiply(sum.abs())) < 0) {
                return sum;
            }
        }
    }

    /** ln(v) for v &gt; 0. */
    static BigDecimal ln(BigDecimal v) {
        int e = topExp(v);
        BigDecimal m = v.multiply(pow2(-e));               // [1, 2)
        BigDecimal z = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), MC);
        return atanhSeries(z).multiply(TWO, MC).add(LN2.multiply(BigDecimal.valueOf(e), MC), MC);
    }

    /** e^y - 1 for |y| &lt;= 1 (no cancellation). */
    static BigDecimal expm1(BigDecimal y) {
        BigDecimal term = y;
        BigDecimal sum = y;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(MC.getPrecision() + 5);
        for (int k = 2; ; k++) {
            term = term.multiply(y, MC).divide(BigDecimal.valueOf(k), MC);
            sum = sum.add(term, MC);
            if (term.abs().compareTo(eps.multiply(sum.abs())) < 0 || term.signum() == 0) {
                return sum;
            }
        }
    }

    /** sin (cos = false) or cos of |r| &lt;= pi/4. */
    static BigDecimal sinCos(BigDecimal r, boolean cos) {
        BigDecimal r2 = r.multiply(r, MC);
        BigDecimal term = cos ? BigDecimal.ONE : r;
        BigDecimal sum = term;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(MC.getPrecision() + 5);
        for (int k = cos ? 1 : 2; ; k += 2) {
            term = term.multiply(r2, MC).divide(BigDecimal.valueOf((long) k * (k + 1)), MC).negate();
            sum = sum.add(term, MC);
            if (term.signum() == 0 || term.abs().compareTo(eps.multiply(sum.abs())) < 0) {
                return sum;
            }
        }
    }

    /** atan(z) for any z. */
    static BigDecimal atan(BigDecimal z) {
        if (z.signum() == 0) {
            return z;
        }
        if (z.abs().compareTo(BigDecimal.ONE) > 0) {
            BigDecimal half = PI.divide(TWO, MC);
            BigDecimal r = half.subtract(atan(BigDecimal.ONE.divide(z.abs(), MC)), MC);
            return z.signum() < 0 ? r.negate() : r;
        }
        // atan(z) = 2 atan(z / (1 + sqrt(1 + z^2))), three times: |z| <= tan(pi/32)
        BigDecimal w = z;
        for (int i = 0; i < 3; i++) {
            w = w.divide(BigDecimal.ONE.add(BigDecimal.ONE.add(w.multiply(w, MC)).sqrt(MC)), MC);
        }
        BigDecimal w2 = w.multiply(w, MC);
        BigDecimal term = w;
        BigDecimal sum = w;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(MC.getPrecision() + 5);
        for (int k = 3; ; k += 2) {
            term = term.multiply(w2, MC).negate();
            BigDecimal t = term.divide(BigDecimal.valueOf(k), MC);
            sum = sum.add(t, MC);
            if (t.signum() == 0 || t.abs().compareTo(eps.multiply(sum.abs())) < 0) {
                return sum.multiply(BigDecimal.valueOf(8), MC);
            }
        }
    }

    // ---- the instructions ---------------------------------------------------------------------------------------------

    /** 2^63: FSIN FCOS FSINCOS FPTAN leave larger operands alone with C2 = 1. */
    private static final BigDecimal TWO63 = pow2(63);

    /**
     * The operand reduced by multiples of pi66/2: {r, quadrant (0..3)}, or null when |x| &gt;= 2^63 (C2 = 1).
     */
    static Object[] reduce(Fx80 x) {
        BigDecimal v = exact(x);
        if (v.abs().compareTo(TWO63) >= 0) {
            return null;
        }
        BigDecimal halfPi = PI66.divide(TWO);
        BigDecimal k = v.divide(halfPi, 0, RoundingMode.HALF_EVEN);
        BigDecimal r = k.signum() == 0 ? v : v.subtract(k.multiply(halfPi));
        int q = k.toBigIntegerExact().and(BigInteger.valueOf(3)).intValue();
        return new Object[] {r, q};
    }

    /** sin (which = 0) or cos (1) of x after reduction; null for |x| &gt;= 2^63. */
    static BigDecimal sinOrCos(Fx80 x, int which) {
        Object[] red = reduce(x);
        if (red == null) {
            return null;
        }
        BigDecimal r = (BigDecimal) red[0];
        int q = ((Integer) red[1] + which) & 3;
        BigDecimal v = sinCos(r, (q & 1) != 0);
        return (q & 2) != 0 ? v.negate() : v;
    }

    /** F2XM1 of a finite |x| &lt;= 1 (the SDM leaves larger operands undefined; they are computed the same way). */
    static BigDecimal f2xm1(Fx80 x) {
        BigDecimal y = exact(x).multiply(LN2, MC);
        if (y.abs().compareTo(BigDecimal.ONE) <= 0) {
            return expm1(y);
        }
        return expm1(y.divide(BigDecimal.valueOf(4), MC)).add(BigDecimal.ONE, MC).pow(4, MC)
                .subtract(BigDecimal.ONE, MC);
    }

    /** y * log2(x) for finite positive x and finite y. */
    static BigDecimal yl2x(Fx80 y, Fx80 x) {
        return exact(y).multiply(ln(exact(x)), MC).divide(LN2, MC);
    }

    /** y * log2(x + 1) for finite x &gt; -1 and finite y. */
    static BigDecimal yl2xp1(Fx80 y, Fx80 x) {
        BigDecimal xv = exact(x);
        // ln(1 + x) = 2 atanh(x / (2 + x)): no cancellation for small x
        BigDecimal z = xv.divide(TWO.add(xv), MC);
        return exact(y).multiply(atanhSeries(z).multiply(TWO, MC), MC).divide(LN2, MC);
    }
}
