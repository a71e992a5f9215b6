package org.jemu.x86.x87;

import static org.jemu.x86.x87.X87Env.DE;
import static org.jemu.x86.x87.X87Env.IE;
import static org.jemu.x86.x87.X87Env.OE;
import static org.jemu.x86.x87.X87Env.PE;
import static org.jemu.x86.x87.X87Env.UE;
import static org.jemu.x86.x87.X87Env.ZE;

import java.math.BigInteger;

/**
 * IEEE 754 double extended-precision arithmetic as the x87 FPU does it (SDM Vol. 1 chapter 4.8/4.9 and
 * chapter 8), exact: operands are turned into integers times powers of two ({@link BigInteger}), the exact result
 * (or the exact result's leading bits and a sticky bit) is computed, and rounded once.
 *
 * <p>Every operation takes an {@link X87Env}: the control word's rounding control (RC) and, for the operations the
 * SDM subjects to it (FADD FSUB FMUL FDIV FSQRT and their variants, Vol. 1 8.1.5.2), precision control (PC: 24, 53 or
 * 64 significand bits, with the extended exponent range); the exceptions raised are ORed into the env, with C1 as
 * the round-up bit. Masked responses (4.9.1, 8.5) are returned as results; when an unmasked invalid-operation,
 * denormal-operand or zero-divide exception is raised the operation returns {@code null} (the instruction must
 * leave its operands and TOP alone, 8.5 "x87 FPU Floating-Point Exception Conditions"). Unmasked overflow and
 * underflow with a register destination deliver the result with the exponent divided or multiplied by
 * 2^24576 (8.5.4, 8.5.5).
 *
 * <p>Rules implemented as the SDM gives them:
 * <ul>
 *   <li>unsupported encodings (unnormals, pseudo-NaNs, pseudo-infinities, Table 8-3) are invalid operands:
 *       #IA, result the real indefinite; pseudo-denormals are read with exponent 1 and raise #D like
 *       denormals;</li>
 *   <li>NaN propagation (Table 4-7): an SNaN raises #IA and is made quiet; with two NaN operands, an SNaN and a
 *       QNaN give the QNaN, two NaNs of the same kind give the one with the larger significand (the positive
 *       one when the significands are equal);</li>
 *   <li>exception precedence (4.9.2): invalid operands, then QNaN operands, then other invalid operations and
 *       zero divide, then the denormal operand, then overflow/underflow, then precision;</li>
 *   <li>tininess is detected after rounding, as the SDM's 4.9.1.5 words it ("the result of rounding with
 *       unbounded exponent (taking into account precision control)"); masked underflow is reported only when
 *       the denormalised result is also inexact; a denormal result of a precision-controlled operation is
 *       rounded at the same significand bit position as a normal one (bit 64 - PC of the 64-bit field);</li>
 *   <li>masked overflow gives infinity or the largest finite value of the precision, by RC and sign
 *       (Table 4-10).</li>
 * </ul>
 */
public final class Fx80Math {
    private Fx80Math() {
    }

    /** Unbiased exponent of the smallest normal extended value (1 - 16383). */
    public static final int EMIN = 1 - Fx80.BIAS;
    /** Unbiased exponent of the largest finite extended value. */
    public static final int EMAX = Fx80.BIAS;
    /** Exponent bias adjustment for unmasked overflow/underflow with a register destination (8.5.4). */
    public static final int WRAP = 24576;

    /**
     * A destination format: significand precision {@code p} (bits, integer bit included), unbiased exponent range of
     * normal numbers {@code emin..emax}, the bias of the encoding.
     */
    public record Format(int p, int emin, int emax, int bias) {
    }

    /** Single precision, SDM Table 4-3. */
    public static final Format SINGLE = new Format(24, -126, 127, 127);
    /** Double precision. */
    public static final Format DOUBLE = new Format(53, -1022, 1023, 1023);

    // ---- rounding -----------------------------------------------------------------------------------------------

    /** The outcome of rounding a magnitude: kind, and for FINITE the value q * 2^lsb (q = 0: zero). */
    static final class Rounded {
        static final int FINITE = 0, INF = 1, MAX = 2, SUPPRESSED = 3;
        int kind;
        BigInteger q;
        int lsb;
        boolean inexact;
        boolean up;
    }

    /**
     * Rounds sig * 2^exp (plus an infinitesimal positive amount when {@code sticky}) at the bit of weight 2^lsb
     * by RC {@code rc}. Callers keep at least two bits below the rounding position when sticky is set.
     */
    static Rounded roundAt(BigInteger sig, int exp, boolean sticky, int lsb, boolean neg, int rc) {
        Rounded r = new Rounded();
        int shift = lsb - exp;
        int halfCmp;
        BigInteger q;
        if (shift <= 0) {
            q = sig.shiftLeft(-shift);
            r.inexact = sticky;
            halfCmp = -1;
        } else if (shift > sig.bitLength() + 1) {
            q = BigInteger.ZERO;
            r.inexact = sig.signum() != 0 || sticky;
            halfCmp = -1;
        } else {
            q = sig.shiftRight(shift);
            BigInteger rem = sig.subtract(q.shiftLeft(shift));
            r.inexact = rem.signum() != 0 || sticky;
            halfCmp = rem.compareTo(BigInteger.ONE.shiftLeft(shift - 1));
            if (halfCmp == 0 && sticky) {
                halfCmp = 1;
            }
        }
        boolean inc = r.inexact && switch (rc) {
            case X87Env.RC_NEAREST -> halfCmp > 0 || halfCmp == 0 && q.testBit(0);
            case X87Env.RC_DOWN -> neg;
            case X87Env.RC_UP -> !neg;
            default -> false;
        };
        r.q = inc ? q.add(BigInteger.ONE) : q;
        r.up = inc;
        r.lsb = lsb;
        return r;
    }

    /**
     * Rounds the non-zero magnitude sig * 2^exp (sticky: plus a little) to {@code p} bits in the exponent range
     * {@code emin..emax}, raising OE UE PE as SDM 4.9.1.4-4.9.1.6 and 8.5.4-8.5.6 say. {@code wrap} != 0 (register
     * destination): unmasked overflow/underflow deliver the result with the exponent adjusted by wrap; wrap = 0
     * (memory destination): the result is {@link Rounded#SUPPRESSED}.
     */
    static Rounded round(boolean neg, BigInteger sig, int exp, boolean sticky, int p, int emin, int emax, int wrap,
                         X87Env env) {
        int rc = env.rc();
        int top = exp + sig.bitLength() - 1;
        Rounded r = roundAt(sig, exp, sticky, top - p + 1, neg, rc);
        int rtop = r.lsb + r.q.bitLength() - 1;
        if (rtop < emin) {
            if (!env.masked(UE)) {
                env.raise(UE);
                if (wrap == 0) {
                    r.kind = Rounded.SUPPRESSED;
                    return r;
                }
                if (r.inexact) {
                    env.raise(PE);
                }
                env.c1 = r.up;
                r.lsb += wrap;
                return r;
            }
            Rounded d = roundAt(sig, exp, sticky, emin - p + 1, neg, rc);
            if (d.inexact) {
                env.raise(UE | PE);
            }
            env.c1 = d.up;
            return d;
        }
        if (rtop > emax) {
            if (!env.masked(OE)) {
                env.raise(OE);
                if (wrap == 0) {
                    r.kind = Rounded.SUPPRESSED;
                    return r;
                }
                if (r.inexact) {
                    env.raise(PE);
                }
                env.c1 = r.up;
                r.lsb -= wrap;
                return r;
            }
            env.raise(OE | PE);
            boolean toInf = rc == X87Env.RC_NEAREST || rc == X87Env.RC_DOWN && neg || rc == X87Env.RC_UP && !neg;
            env.c1 = toInf;
            r.kind = toInf ? Rounded.INF : Rounded.MAX;
            return r;
        }
        if (r.inexact) {
            env.raise(PE);
        }
        env.c1 = r.up;
        return r;
    }

    /** Encodes a rounding outcome of precision p as an extended value. */
    static Fx80 encode(boolean neg, Rounded r, int p) {
        int s = neg ? 0x8000 : 0;
        switch (r.kind) {
            case Rounded.INF -> {
                return new Fx80(s | 0x7FFF, Fx80.J);
            }
            case Rounded.MAX -> {
                return new Fx80(s | Fx80.EXP_MAX, -1L << (64 - p));
            }
            case Rounded.SUPPRESSED -> {
                return null;
            }
            default -> {
            }
        }
        return encodeExact(neg, r.q, r.lsb);
    }

    /** The extended value sign * q * 2^lsb, which must be representable (exponent in range, at most 64 bits). */
    static Fx80 encodeExact(boolean neg, BigInteger q, int lsb) {
        int s = neg ? 0x8000 : 0;
        int bl = q.bitLength();
        if (bl == 0) {
            return new Fx80(s, 0);
        }
        int top = lsb + bl - 1;
        if (top >= EMIN) {
            long m = bl <= 64 ? q.shiftLeft(64 - bl).longValue() : q.shiftRight(bl - 64).longValue();
            int e = top + Fx80.BIAS;
            if (e <= 0 || e >= 0x7FFF) {
                throw new ArithmeticException("exponent out of range: " + top);
            }
            return new Fx80(s | e, m);
        }
        return new Fx80(s, q.shiftLeft(lsb - (EMIN - 63)).longValue());
    }

    /** Rounds to the extended format with precision {@code p} (register destination). */
    static Fx80 roundExt(boolean neg, BigInteger sig, int exp, boolean sticky, int p, X87Env env) {
        if (sig.signum() == 0) {
            return neg ? Fx80.NEG_ZERO : Fx80.ZERO;
        }
        return encode(neg, round(neg, sig, exp, sticky, p, EMIN, EMAX, WRAP, env), p);
    }

    // ---- operand checks ---------------------------------------------------------------------------------------------

    /**
     * The invalid-operand and NaN rules for a two-operand operation (SDM 4.8.3.5, Table 4-7, Table 8-3): returns the
     * result when an operand is unsupported or a NaN, else null. Raises IE for an SNaN or unsupported operand.
     */
    static Fx80 nan2(Fx80 a, Fx80 b, X87Env env) {
        if (a.isUnsupported() || b.isUnsupported()) {
            env.raise(IE);
            return Fx80.INDEFINITE;
        }
        boolean an = a.isNaN();
        boolean bn = b.isNaN();
        if (!an && !bn) {
            return null;
        }
        if (a.isSNaN() || b.isSNaN()) {
            env.raise(IE);
        }
        if (an && bn) {
            boolean as = a.isSNaN();
            boolean bs = b.isSNaN();
            if (as != bs) {
                return as ? b : a;
            }
            long fa = a.m() & ~Fx80.J;
            long fb = b.m() & ~Fx80.J;
            int c = Long.compareUnsigned(fa, fb);
            Fx80 pick = c > 0 ? a : c < 0 ? b : (a.neg() ? b : a);
            return pick.quiet();
        }
        return (an ? a : b).quiet();
    }

    /** The NaN / unsupported rule for one operand; null if the operand is neither. */
    static Fx80 nan1(Fx80 a, X87Env env) {
        if (a.isUnsupported()) {
            env.raise(IE);
            return Fx80.INDEFINITE;
        }
        if (a.isNaN()) {
            if (a.isSNaN()) {
                env.raise(IE);
            }
            return a.quiet();
        }
        return null;
    }

    private static Fx80 invalid(X87Env env) {
        env.raise(IE);
        return env.masked(IE) ? Fx80.INDEFINITE : null;
    }

    /** Null if an unmasked IE/DE/ZE has been raised, else {@code v}. */
    private static Fx80 gate(Fx80 v, X87Env env) {
        return env.preUnmasked() ? null : v;
    }

    /** Raises DE if any operand is a (pseudo-)denormal; true if DE is then unmasked. */
    private static boolean denormal(X87Env env, Fx80... ops) {
        for (Fx80 o : ops) {
            if (o.isDenormal()) {
                env.raise(DE);
                return !env.masked(DE);
            }
        }
        return false;
    }

    // ---- the basic operations ---------------------------------------------------------------------------------------

    /**
     * a + b (or a - b when {@code subtract}), FADD/FSUB/FSUBR (SDM Vol. 2A "FADD", "FSUB"; special cases Tables 3-18,
     * 3-38), rounded to the env's precision control.
     */
    public static Fx80 add(Fx80 a, Fx80 b, boolean subtract, X87Env env) {
        Fx80 n = nan2(a, b, env);
        if (n != null) {
            return gate(n, env);
        }
        if (subtract) {
            b = b.negate();
        }
        if (a.isInf() || b.isInf()) {
            if (a.isInf() && b.isInf() && a.neg() != b.neg()) {
                return invalid(env);
            }
            if (denormal(env, a, b)) {
                return null;
            }
            return a.isInf() ? a : b;
        }
        if (denormal(env, a, b)) {
            return null;
        }
        int rc = env.rc();
        if (a.isZero() && b.isZero()) {
            boolean neg = a.neg() == b.neg() ? a.neg() : rc == X87Env.RC_DOWN;
            return neg ? Fx80.NEG_ZERO : Fx80.ZERO;
        }
        BigInteger sa = a.sig();
        BigInteger sb = b.sig();
        int ea = a.lsbExp();
        int eb = b.lsbExp();
        if (a.isZero()) {
            ea = eb;
        } else if (b.isZero()) {
            eb = ea;
        }
        // A far smaller operand only matters as a sticky amount: replace it by 2^(big - 4), which lies, as the
        // true value does, strictly between 0 and a quarter of the result's last place.
        if (!b.isZero() && ea - eb > 130) {
            sb = BigInteger.ONE;
            eb = ea - 4;
        } else if (!a.isZero() && eb - ea > 130) {
            sa = BigInteger.ONE;
            ea = eb - 4;
        }
        int e = Math.min(ea, eb);
        BigInteger va = sa.shiftLeft(ea - e);
        BigInteger vb = sb.shiftLeft(eb - e);
        BigInteger sum = (a.neg() ? va.negate() : va).add(b.neg() ? vb.negate() : vb);
        if (sum.signum() == 0) {
            return rc == X87Env.RC_DOWN ? Fx80.NEG_ZERO : Fx80.ZERO;
        }
        return roundExt(sum.signum() < 0, sum.abs(), e, false, env.precision(), env);
    }

    /** a * b, FMUL (SDM Vol. 2A "FMUL", Table 3-29), rounded to the env's precision control. */
    public static Fx80 mul(Fx80 a, Fx80 b, X87Env env) {
        Fx80 n = nan2(a, b, env);
        if (n != null) {
            return gate(n, env);
        }
        boolean neg = a.neg() != b.neg();
        if (a.isInf() || b.isInf()) {
            if (a.isZero() || b.isZero()) {
                return invalid(env);
            }
            if (denormal(env, a, b)) {
                return null;
            }
            return Fx80.INF.withSign(neg);
        }
        if (denormal(env, a, b)) {
            return null;
        }
        if (a.isZero() || b.isZero()) {
            return neg ? Fx80.NEG_ZERO : Fx80.ZERO;
        }
        return roundExt(neg, a.sig().multiply(b.sig()), a.lsbExp() + b.lsbExp(), false, env.precision(), env);
    }

    /** a / b, FDIV/FDIVR (SDM Vol. 2A "FDIV", Table 3-22), rounded to the env's precision control. */
    public static Fx80 div(Fx80 a, Fx80 b, X87Env env) {
        Fx80 n = nan2(a, b, env);
        if (n != null) {
            return gate(n, env);
        }
        boolean neg = a.neg() != b.neg();
        if (a.isInf()) {
            if (b.isInf()) {
                return invalid(env);
            }
            if (denormal(env, b)) {
                return null;
            }
            return Fx80.INF.withSign(neg);
        }
        if (b.isInf()) {
            if (denormal(env, a)) {
                return null;
            }
            return neg ? Fx80.NEG_ZERO : Fx80.ZERO;
        }
        if (b.isZero()) {
            if (a.isZero()) {
                return invalid(env);
            }
            env.raise(ZE);
            return env.masked(ZE) ? Fx80.INF.withSign(neg) : null;
        }
        if (denormal(env, a, b)) {
            return null;
        }
        if (a.isZero()) {
            return neg ? Fx80.NEG_ZERO : Fx80.ZERO;
        }
        BigInteger[] qr = a.sig().shiftLeft(130).divideAndRemainder(b.sig());
        return roundExt(neg, qr[0], a.lsbExp() - b.lsbExp() - 130, qr[1].signum() != 0, env.precision(), env);
    }

    /** The square root, FSQRT (SDM Vol. 2A "FSQRT", Table 3-40), rounded to the env's precision control. */
    public static Fx80 sqrt(Fx80 a, X87Env env) {
        Fx80 n = nan1(a, env);
        if (n != null) {
            return gate(n, env);
        }
        if (a.isZero()) {
            return a;
        }
        if (a.neg()) {
            return invalid(env);
        }
        if (a.isInf()) {
            return a;
        }
        if (denormal(env, a)) {
            return null;
        }
        BigInteger s = a.sig();
        int e = a.lsbExp();
        if ((e & 1) != 0) {
            s = s.shiftLeft(1);
            e -= 1;
        }
        s = s.shiftLeft(140);
        BigInteger[] rt = s.sqrtAndRemainder();
        return roundExt(false, rt[0], (e - 140) / 2, rt[1].signum() != 0, env.precision(), env);
    }

    /**
     * Rounds to an integer in the extended format by RC, FRNDINT (SDM Vol. 2A "FRNDINT"): #P when inexact, C1 the
     * round-up bit; not affected by precision control.
     */
    public static Fx80 roundToInt(Fx80 a, X87Env env) {
        Fx80 n = nan1(a, env);
        if (n != null) {
            return gate(n, env);
        }
        if (a.isInf() || a.isZero()) {
            return a;
        }
        if (denormal(env, a)) {
            return null;
        }
        if (a.lsbExp() >= 0) {
            return a;
        }
        Rounded r = roundAt(a.sig(), a.lsbExp(), false, 0, a.neg(), env.rc());
        if (r.inexact) {
            env.raise(PE);
            env.c1 = r.up;
        }
        return encodeExact(a.neg(), r.q, 0);
    }

    /**
     * a's significand times 2^n exactly, rounded to 64 bits (used by FSCALE and the loads): the exact value
     * sig(a) * 2^(lsbExp(a) + n).
     */
    public static Fx80 scale(Fx80 a, int n, X87Env env) {
        if (a.isZero() || a.isInf() || a.isNaN() || a.isUnsupported()) {
            return a;
        }
        return roundExt(a.neg(), a.sig(), a.lsbExp() + n, false, 64, env);
    }

    // ---- conversions --------------------------------------------------------------------------------------------

    /** The exact extended value of a signed integer (FILD; always exact). */
    public static Fx80 fromLong(long v) {
        if (v == 0) {
            return Fx80.ZERO;
        }
        BigInteger b = BigInteger.valueOf(v);
        return encodeExact(v < 0, b.abs(), 0);
    }

    /**
     * Converts to a {@code bits}-bit signed integer by RC (FIST/FISTP, SDM Vol. 2A "FIST/FISTP", Table 3-30): NaN,
     * infinity, unsupported or out-of-range values raise #IA and give the integer indefinite (only the sign bit
     * set); #P when inexact, C1 the round-up bit. The result is sign-extended to 64 bits.
     */
    public static long toInt(Fx80 a, int bits, X87Env env) {
        long indefinite = Long.MIN_VALUE >> (64 - bits);
        if (a.isUnsupported() || a.exp() == 0x7FFF) {
            env.raise(IE);
            return indefinite;
        }
        if (a.isZero()) {
            return 0;
        }
        Rounded r = roundAt(a.sig(), a.lsbExp(), false, 0, a.neg(), env.rc());
        BigInteger v = a.neg() ? r.q.negate() : r.q;
        if (v.bitLength() > bits - 1) {
            env.raise(IE);
            return indefinite;
        }
        if (r.inexact) {
            env.raise(PE);
            env.c1 = r.up;
        }
        return v.longValue();
    }

    /**
     * The extended value of a single- or double-precision encoding {@code bits} of format {@code f} (FLD m32/m64,
     * FADD m32 ...; SDM Vol. 2A "FLD"): exact; an SNaN raises #IA and is made quiet, a denormal raises #D.
     * Null if one of those is unmasked.
     */
    public static Fx80 fromFormat(long bits, Format f, X87Env env) {
        return fromFormat(bits, f, env, true);
    }

    /**
     * {@link #fromFormat(long, Format, X87Env)}; {@code quiet} false keeps an SNaN signaling (an arithmetic memory
     * operand: the NaN rules of Table 4-7 then apply to it as a source SNaN) and raises nothing for it.
     */
    public static Fx80 fromFormat(long bits, Format f, X87Env env, boolean quiet) {
        int fracBits = f.p() - 1;
        int expBits = f == SINGLE ? 8 : 11;
        boolean neg = ((bits >>> (fracBits + expBits)) & 1) != 0;
        int e = (int) (bits >>> fracBits) & ((1 << expBits) - 1);
        long frac = bits & ((1L << fracBits) - 1);
        int s = neg ? 0x8000 : 0;
        if (e == (1 << expBits) - 1) {
            if (frac == 0) {
                return new Fx80(s | 0x7FFF, Fx80.J);
            }
            Fx80 nan = new Fx80(s | 0x7FFF, Fx80.J | (frac << (63 - fracBits)));
            if (nan.isSNaN() && quiet) {
                env.raise(IE);
                return env.masked(IE) ? nan.quiet() : null;
            }
            return nan;
        }
        if (e == 0) {
            if (frac == 0) {
                return new Fx80(s, 0);
            }
            env.raise(DE);
            if (!env.masked(DE)) {
                return null;
            }
            return encodeExact(neg, BigInteger.valueOf(frac), f.emin() - fracBits);
        }
        return new Fx80(s | (e - f.bias() + Fx80.BIAS), Fx80.J | (frac << (63 - fracBits)));
    }

    /**
     * Rounds to single or double precision for a memory store (FST/FSTP m32/m64, SDM Vol. 2A "FST/FSTP"): RC
     * applies, PC does not. Returns the encoding, or -1L... never: returns {@code null} when the store must not
     * happen (unmasked #IA, #O or #U with a memory destination, 8.5.4/8.5.5).
     */
    public static Long toFormat(Fx80 a, Format f, X87Env env) {
        int fracBits = f.p() - 1;
        int expBits = f == SINGLE ? 8 : 11;
        long sign = a.neg() ? 1L << (fracBits + expBits) : 0;
        long expAll = ((1L << expBits) - 1) << fracBits;
        if (a.isUnsupported()) {
            env.raise(IE);
            return env.masked(IE) ? (1L << (fracBits + expBits)) | expAll | (1L << (fracBits - 1)) : null;
        }
        if (a.isNaN()) {
            if (a.isSNaN()) {
                env.raise(IE);
                if (!env.masked(IE)) {
                    return null;
                }
            }
            long frac = (a.m() << 1) >>> (64 - fracBits);
            return sign | expAll | frac | (1L << (fracBits - 1));
        }
        if (a.isInf()) {
            return sign | expAll;
        }
        if (a.isZero()) {
            return sign;
        }
        Rounded r = round(a.neg(), a.sig(), a.lsbExp(), false, f.p(), f.emin(), f.emax(), 0, env);
        switch (r.kind) {
            case Rounded.SUPPRESSED -> {
                return null;
            }
            case Rounded.INF -> {
                return sign | expAll;
            }
            case Rounded.MAX -> {
                return sign | (expAll - (1L << fracBits)) | ((1L << fracBits) - 1);
            }
            default -> {
            }
        }
        int bl = r.q.bitLength();
        if (bl == 0) {
            return sign;
        }
        int top = r.lsb + bl - 1;
        if (top >= f.emin()) {
            long q = bl <= f.p() ? r.q.shiftLeft(f.p() - bl).longValue() : r.q.shiftRight(bl - f.p()).longValue();
            return sign | ((long) (top + f.bias()) << fracBits) | (q & ((1L << fracBits) - 1));
        }
        return sign | r.q.shiftLeft(r.lsb - (f.emin() - fracBits)).longValue();
    }

    // ---- comparison and classification ----------------------------------------------------------------------------

    /** Comparison results: ST(0) greater, less, equal, unordered. */
    public static final int GT = 0, LT = 1, EQ = 2, UNORDERED = 3;

    /**
     * Compares a with b (FCOM/FUCOM/FCOMI/FUCOMI/FTST/FICOM, SDM Vol. 2A): {@code signalQNaN} (FCOM family) raises #IA
     * for any NaN, otherwise (FUCOM family) only for SNaNs; unsupported operands always raise #IA; denormals #D.
     * Returns {@link #GT}, {@link #LT}, {@link #EQ} or {@link #UNORDERED}.
     */
    public static int compare(Fx80 a, Fx80 b, boolean signalQNaN, X87Env env) {
        if (a.isUnsupported() || b.isUnsupported()) {
            env.raise(IE);
            return UNORDERED;
        }
        if (a.isNaN() || b.isNaN()) {
            if (signalQNaN || a.isSNaN() || b.isSNaN()) {
                env.raise(IE);
            }
            return UNORDERED;
        }
        denormal(env, a, b);
        int c = compareValues(a, b);
        return c > 0 ? GT : c < 0 ? LT : EQ;
    }

    /** Numeric comparison of two ordered values (no NaNs or unsupported encodings): -1, 0, 1. */
    public static int compareValues(Fx80 a, Fx80 b) {
        boolean az = a.isZero();
        boolean bz = b.isZero();
        if (az && bz) {
            return 0;
        }
        int sa = az ? 0 : a.neg() ? -1 : 1;
        int sb = bz ? 0 : b.neg() ? -1 : 1;
        if (sa != sb) {
            return Integer.compare(sa, sb);
        }
        int mag = compareMagnitude(a, b);
        return sa < 0 ? -mag : mag;
    }

    /** Compares |a| and |b| of two non-zero ordered values. */
    private static int compareMagnitude(Fx80 a, Fx80 b) {
        if (a.isInf() || b.isInf()) {
            return Boolean.compare(a.isInf(), b.isInf());
        }
        int na = Long.numberOfLeadingZeros(a.m());
        int nb = Long.numberOfLeadingZeros(b.m());
        int ta = a.lsbExp() + 63 - na;
        int tb = b.lsbExp() + 63 - nb;
        if (ta != tb) {
            return Integer.compare(ta, tb);
        }
        return Long.compareUnsigned(a.m() << na, b.m() << nb);
    }

    /**
     * FXAM's class (SDM Vol. 2A "FXAM", Table 3-45) as C3 C2 C0 in bits 2..0: unsupported 000, NaN 001, normal
     * 010, infinity 011, zero 100, empty 101, denormal (and pseudo-denormal) 110.
     */
    public static int examine(Fx80 a, boolean empty) {
        if (empty) {
            return 0b101;
        }
        if (a.isUnsupported()) {
            return 0b000;
        }
        if (a.isNaN()) {
            return 0b001;
        }
        if (a.isInf()) {
            return 0b011;
        }
        if (a.isZero()) {
            return 0b100;
        }
        if (a.isDenormal()) {
            return 0b110;
        }
        return 0b010;
    }

    // ---- FPREM, FPREM1, FSCALE, FXTRACT ------------------------------------------------------------------------------

    /**
     * Result of a partial remainder: the new ST(0) and the condition codes C0 C1 C2 C3 in FSW positions (bits
     * 8, 9, 10, 14), or a null value when an unmasked exception suppressed the result.
     */
    public record Remainder(Fx80 value, int cc) {
    }

    /**
     * FPREM ({@code ieee} false: quotient truncated toward zero) and FPREM1 ({@code ieee}: quotient rounded to
     * nearest even), SDM Vol. 2A "FPREM", "FPREM1" (Tables 3-35, 3-36): when the exponent difference D of the
     * operands is below 64 the exact remainder is returned with C2 = 0 and the three low quotient bits in C0
     * (Q2), C3 (Q1), C1 (Q0); otherwise a partial remainder with C2 = 1: the operand is reduced by a multiple of
     * ST(1) * 2^(D - N), N = 32 + (D mod 32) (the SDM leaves N "implementation-dependent, between 32 and 63";
     * this choice reduces the exponent by a multiple of 32 per step). The remainder is exact, so only #IA, #D and
     * (unmasked) #U can be raised.
     */
    public static Remainder remainder(Fx80 a, Fx80 b, boolean ieee, X87Env env) {
        Fx80 n = nan2(a, b, env);
        if (n != null) {
            return new Remainder(gate(n, env), 0);
        }
        if (a.isInf() || b.isZero()) {
            return new Remainder(invalid(env), 0);
        }
        if (denormal(env, a, b)) {
            return new Remainder(null, 0);
        }
        if (b.isInf() || a.isZero()) {
            return new Remainder(a, 0);
        }
        BigInteger sa = a.sig();
        BigInteger sb = b.sig();
        int ea = a.lsbExp();
        int eb = b.lsbExp();
        int ta = ea + sa.bitLength() - 1;
        int tb = eb + sb.bitLength() - 1;
        int d = ta - tb;
        if (d < 0 && !(ieee && d == -1)) {
            return new Remainder(roundExt(a.neg(), sa, ea, false, 64, env), 0);
        }
        int e = Math.min(ea, eb);
        BigInteger va = sa.shiftLeft(ea - e);
        BigInteger vb = sb.shiftLeft(eb - e);
        if (d >= 64) {
            int shift = d - (32 + d % 32);
            BigInteger vbs = vb.shiftLeft(shift);
            BigInteger qq = va.divide(vbs);
            BigInteger r = va.subtract(qq.multiply(vbs));
            return new Remainder(roundExt(a.neg(), r, e, false, 64, env), 1 << 10);
        }
        BigInteger[] qr = va.divideAndRemainder(vb);
        BigInteger q = qr[0];
        BigInteger r = qr[1];
        boolean neg = a.neg();
        if (ieee) {
            int c = r.shiftLeft(1).compareTo(vb);
            if (c > 0 || c == 0 && q.testBit(0)) {
                q = q.add(BigInteger.ONE);
                r = vb.subtract(r);
                neg = !neg;
            }
        }
        int cc = 0;
        if (q.testBit(2)) {
            cc |= 1 << 8;
        }
        if (q.testBit(0)) {
            cc |= 1 << 9;
        }
        if (q.testBit(1)) {
            cc |= 1 << 14;
        }
        if (r.signum() == 0) {
            return new Remainder(a.neg() ? Fx80.NEG_ZERO : Fx80.ZERO, cc);
        }
        return new Remainder(roundExt(neg, r, e, false, 64, env), cc);
    }

    /**
     * FSCALE (SDM Vol. 2A "FSCALE", Table 3-43): a * 2^trunc(b), rounded to 64 bits. Invalid: a zero scaled by
     * +infinity, an infinity scaled by -infinity; a finite value scaled by -infinity is an exact zero, by
     * +infinity an exact infinity, each with a's sign.
     */
    public static Fx80 fscale(Fx80 a, Fx80 b, X87Env env) {
        Fx80 n = nan2(a, b, env);
        if (n != null) {
            return gate(n, env);
        }
        if (b.isInf()) {
            if (a.isZero() && !b.neg() || a.isInf() && b.neg()) {
                return invalid(env);
            }
            if (denormal(env, a)) {
                return null;
            }
            if (a.isZero() || a.isInf()) {
                return a;
            }
            // Table 3-43: a finite value scaled by -infinity is a zero, by +infinity an infinity, of a's sign,
            // exactly, whatever the rounding mode (QEMU 5.0's scalbn rounds them as an underflow/overflow instead)
            Fx80 r = b.neg() ? Fx80.ZERO : Fx80.INF;
            return a.neg() ? r.negate() : r;
        }
        if (denormal(env, a, b)) {
            return null;
        }
        if (a.isZero() || a.isInf()) {
            return a;
        }
        X87Env chop = new X87Env(env.cw | 0xC00);
        long k = b.isZero() ? 0 : b.lsbExp() > 20 ? (b.neg() ? -1 : 1) * 100_000L : toInt(b, 64, chop);
        int kk = (int) Math.max(-100_000, Math.min(100_000, k));
        return roundExt(a.neg(), a.sig(), a.lsbExp() + kk, false, 64, env);
    }

    /**
     * FXTRACT (SDM Vol. 2A "FXTRACT"): returns {exponent, significand}: the true unbiased exponent as an extended
     * value and the significand with exponent 3FFFh and a's sign. Zero: #Z, exponent -infinity, significand the
     * zero; infinity: +infinity and the infinity. Null if an unmasked exception suppressed the result.
     */
    public static Fx80[] extract(Fx80 a, X87Env env) {
        Fx80 n = nan1(a, env);
        if (n != null) {
            return env.preUnmasked() ? null : new Fx80[] {n, n};
        }
        if (a.isZero()) {
            env.raise(ZE);
            return env.masked(ZE) ? new Fx80[] {Fx80.INF.negate(), a} : null;
        }
        if (a.isInf()) {
            return new Fx80[] {Fx80.INF, a};
        }
        if (denormal(env, a)) {
            return null;
        }
        int nl = Long.numberOfLeadingZeros(a.m());
        int top = a.lsbExp() + 63 - nl;
        return new Fx80[] {fromLong(top), new Fx80((a.neg() ? 0x8000 : 0) | Fx80.BIAS, a.m() << nl)};
    }
}
