package org.jemu.x86.x87;

import static org.jemu.x86.x87.X87Env.DE;
import static org.jemu.x86.x87.X87Env.IE;
import static org.jemu.x86.x87.X87Env.ZE;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The special-operand rules of the transcendental instructions (SDM Vol. 2A tables of F2XM1 (3-16), FCOS (3-20),
 * FPATAN (3-34), FPTAN (3-37), FSIN (3-44), FSINCOS (3-39), FYL2X (3-50), FYL2XP1 (3-51)) around the arithmetic of
 * {@link X87Trans}. Each returns null when an unmasked IE, DE or ZE suppressed the result.
 */
final class X87TransOps {
    private X87TransOps() {
    }

    private static final MathContext MC = new MathContext(90, RoundingMode.HALF_EVEN);

    private static Fx80 invalid(X87Env env) {
        env.raise(IE);
        return env.masked(IE) ? Fx80.INDEFINITE : null;
    }

    private static boolean denormal(X87Env env, Fx80... v) {
        for (Fx80 x : v) {
            if (x.isDenormal()) {
                env.raise(DE);
                return !env.masked(DE);
            }
        }
        return false;
    }

    /** The significand of finite non-zero x as a BigDecimal in [1, 2) and its exponent: x = m * 2^e. */
    private static BigDecimal mant(Fx80 x) {
        int nl = Long.numberOfLeadingZeros(x.m());
        BigDecimal m = new BigDecimal(Fx80.unsigned(x.m() << nl)).divide(new BigDecimal(java.math.BigInteger.ONE.shiftLeft(63)));
        return x.neg() ? m.negate() : m;
    }

    private static int mexp(Fx80 x) {
        return x.lsbExp() + 63 - Long.numberOfLeadingZeros(x.m());
    }

    /** F2XM1: 2^x - 1. */
    static Fx80 f2xm1(Fx80 x, X87Env env) {
        Fx80 n = Fx80Math.nan1(x, env);
        if (n != null) {
            return env.preUnmasked() ? null : n;
        }
        if (x.isZero()) {
            return x;
        }
        if (x.isInf()) {
            return x.neg() ? new Fx80(0xBFFF, Fx80.J) : x;
        }
        if (denormal(env, x)) {
            return null;
        }
        if (Fx80Math.compareValues(x.abs(), Fx80.ONE) == 0) {
            return x.neg() ? new Fx80(0xBFFE, Fx80.J) : Fx80.ONE;
        }
        return X87Trans.round(X87Trans.f2xm1(x), 0, env);
    }

    /**
     * FSIN (kind 0), FCOS (1), FPTAN (2), FSINCOS (3): {new ST(0), value to push}; an empty array when |x| &gt;=
     * 2^63 (C2 = 1, nothing changes).
     */
    static Fx80[] trig(int kind, Fx80 x, X87Env env) {
        boolean pushes = kind >= 2;
        Fx80 n = Fx80Math.nan1(x, env);
        if (n == null && x.isInf()) {
            n = invalid(env);
        }
        if (n != null || env.preUnmasked()) {
            return env.preUnmasked() ? null : pushes ? new Fx80[] {n, n} : new Fx80[] {n};
        }
        if (x.isZero()) {
            return switch (kind) {
                case 0 -> new Fx80[] {x};
                case 1 -> new Fx80[] {Fx80.ONE};
                case 2 -> new Fx80[] {x, Fx80.ONE};
                default -> new Fx80[] {x, Fx80.ONE};
            };
        }
        if (denormal(env, x)) {
            return null;
        }
        BigDecimal s = kind == 1 ? null : X87Trans.sinOrCos(x, 0);
        BigDecimal c = kind == 0 ? null : X87Trans.sinOrCos(x, 1);
        if (kind != 1 && s == null || kind != 0 && c == null) {
            return new Fx80[0];
        }
        return switch (kind) {
            case 0 -> new Fx80[] {X87Trans.round(s, -1, env)};
            case 1 -> new Fx80[] {X87Trans.round(c, -1, env)};
            case 2 -> {
                BigDecimal t = s.divide(c, MC);
                // tan of a tiny reduced operand lies above it; its reciprocal (odd quadrants) below
                int dir = t.abs().compareTo(BigDecimal.ONE) < 0 ? 1 : -1;
                yield new Fx80[] {X87Trans.round(t, dir, env), Fx80.ONE};
            }
            default -> {
                Fx80 sv = X87Trans.round(s, -1, env);
                boolean c1 = env.c1;
                Fx80 cv = X87Trans.round(c, -1, env);
                env.c1 |= c1;
                yield new Fx80[] {sv, cv};
            }
        };
    }

    /** FYL2X: ST(1) * log2(ST(0)); x = ST(0), y = ST(1). */
    static Fx80 fyl2x(Fx80 x, Fx80 y, X87Env env) {
        Fx80 n = Fx80Math.nan2(x, y, env);
        if (n != null) {
            return env.preUnmasked() ? null : n;
        }
        if (x.neg() && !x.isZero()) {
            return invalid(env);
        }
        if (x.isZero()) {
            if (y.isZero()) {
                return invalid(env);
            }
            if (denormal(env, y)) {
                return null;
            }
            if (!y.isInf()) {
                env.raise(ZE);
                if (!env.masked(ZE)) {
                    return null;
                }
            }
            return Fx80.INF.withSign(!y.neg());
        }
        int cmp1 = Fx80Math.compareValues(x, Fx80.ONE);
        if (x.isInf()) {
            if (y.isZero()) {
                return invalid(env);
            }
            if (denormal(env, y)) {
                return null;
            }
            return Fx80.INF.withSign(y.neg());
        }
        if (y.isInf()) {
            if (cmp1 == 0) {
                return invalid(env);
            }
            if (denormal(env, x)) {
                return null;
            }
            return Fx80.INF.withSign(y.neg() != (cmp1 < 0));
        }
        if (denormal(env, x, y)) {
            return null;
        }
        if (y.isZero() || cmp1 == 0) {
            boolean neg = y.neg() != (cmp1 < 0);
            return neg ? Fx80.NEG_ZERO : Fx80.ZERO;
        }
        // log2 of a power of two is exact: y * k rounded once
        int nl = Long.numberOfLeadingZeros(x.m());
        if ((x.m() << nl) == Fx80.J) {
            long k = mexp(x);
            java.math.BigInteger p = y.sig().multiply(java.math.BigInteger.valueOf(Math.abs(k)));
            return Fx80Math.roundExt(y.neg() != (k < 0), p, y.lsbExp(), false, 64, env);
        }
        BigDecimal l2 = X87Trans.ln(mant(x)).add(X87Trans.LN2.multiply(BigDecimal.valueOf(mexp(x)), MC), MC)
                .divide(X87Trans.LN2, MC);
        return X87Trans.round(mant(y).multiply(l2, MC), mexp(y), 0, env);
    }

    /** FYL2XP1: ST(1) * log2(ST(0) + 1). */
    static Fx80 fyl2xp1(Fx80 x, Fx80 y, X87Env env) {
        Fx80 n = Fx80Math.nan2(x, y, env);
        if (n != null) {
            return env.preUnmasked() ? null : n;
        }
        int cmpm1 = Fx80Math.compareValues(x, Fx80.ONE.negate());
        if (cmpm1 < 0) {
            return invalid(env);
        }
        if (x.isZero()) {
            if (y.isInf()) {
                return invalid(env);
            }
            if (denormal(env, y)) {
                return null;
            }
            return y.neg() != x.neg() ? Fx80.NEG_ZERO : Fx80.ZERO;
        }
        if (cmpm1 == 0) {                           // log2(0)
            return fyl2x(Fx80.ZERO, y, env);
        }
        if (x.isInf()) {
            return fyl2x(x, y, env);
        }
        if (y.isInf()) {
            if (denormal(env, x)) {
                return null;
            }
            return Fx80.INF.withSign(y.neg() != x.neg());
        }
        if (denormal(env, x, y)) {
            return null;
        }
        if (y.isZero()) {
            return y.neg() != x.neg() ? Fx80.NEG_ZERO : Fx80.ZERO;
        }
        BigDecimal v = X87Trans.yl2xp1(Fx80.ONE.withSign(y.neg()), x);   // sign(y) * log2(1 + x)
        BigDecimal ym = mant(y).abs();
        return X87Trans.round(v.multiply(ym, MC), mexp(y), 0, env);
    }

    /** FPATAN: atan(ST(1) / ST(0)) with the quadrant of (ST(0), ST(1)); x = ST(0), y = ST(1). */
    static Fx80 fpatan(Fx80 x, Fx80 y, X87Env env) {
        Fx80 n = Fx80Math.nan2(x, y, env);
        if (n != null) {
            return env.preUnmasked() ? null : n;
        }
        if (denormal(env, x, y)) {
            return null;
        }
        BigDecimal pi = X87Trans.PI;
        BigDecimal r;
        boolean yn = y.neg();
        if (y.isZero()) {
            if (!x.neg()) {
                return y;
            }
            r = pi;
        } else if (x.isZero()) {
            r = pi.divide(BigDecimal.valueOf(2), MC);
        } else if (y.isInf()) {
            r = x.isInf() ? (x.neg() ? pi.multiply(BigDecimal.valueOf(3)).divide(BigDecimal.valueOf(4), MC)
                    : pi.divide(BigDecimal.valueOf(4), MC)) : pi.divide(BigDecimal.valueOf(2), MC);
        } else if (x.isInf()) {
            if (!x.neg()) {
                return yn ? Fx80.NEG_ZERO : Fx80.ZERO;
            }
            r = pi;
        } else {
            int d = mexp(y) - mexp(x);
            BigDecimal q = mant(y).abs().divide(mant(x).abs(), MC);
            if (d < -300) {
                if (!x.neg()) {
                    return X87Trans.round(yn ? q.negate() : q, d, -1, env);
                }
                r = pi;
            } else {
                BigDecimal z = q.multiply(d >= 0 ? new BigDecimal(java.math.BigInteger.ONE.shiftLeft(d))
                        : BigDecimal.ONE.divide(new BigDecimal(java.math.BigInteger.ONE.shiftLeft(-d))), MC);
                BigDecimal a = X87Trans.atan(z);
                r = x.neg() ? pi.subtract(a, MC) : a;
                if (!x.neg() && d < -60) {
                    return X87Trans.round(yn ? r.negate() : r, -1, env);
                }
            }
        }
        return X87Trans.round(yn ? r.negate() : r, 0, env);
    }
}
