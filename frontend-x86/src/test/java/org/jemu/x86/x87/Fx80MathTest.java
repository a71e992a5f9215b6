package org.jemu.x86.x87;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The soft-float from the SDM, in particular the rules where QEMU 5.0 (the Unicorn oracle) departs from the
 * manual (the known-difference categories of {@link X87DifferentialTest}), and the transcendental instructions
 * against an independent high-precision reference (plain Taylor series in {@link BigDecimal} at 60 digits, no
 * argument reduction, for operands where none is needed), which they must match within 1 ulp.
 */
class Fx80MathTest {
    private static final int CW_NEAREST = 0x037F, CW_DOWN = 0x077F, CW_UP = 0x0B7F, CW_CHOP = 0x0F7F;

    private static Fx80 d(double v) {
        return Fx80Math.fromFormat(Double.doubleToRawLongBits(v), Fx80Math.DOUBLE, new X87Env(CW_NEAREST));
    }

    /** SDM 8.5.2: a denormal (or pseudo-denormal, Table 8-3) operand raises #D; the masked response uses it. (category DE) */
    @Test
    void denormalOperandRaisesDe() {
        X87Env e = new X87Env(CW_NEAREST);
        Fx80 den = new Fx80(0, 1L << 40);
        Fx80 r = Fx80Math.add(den, den, false, e);
        assertEquals(X87Env.DE, e.flags);
        assertEquals(new Fx80(0, 1L << 41), r);
        e = new X87Env(CW_NEAREST & ~X87Env.DE);
        assertEquals(null, Fx80Math.mul(Fx80.ONE, new Fx80(0, Fx80.J), e), "unmasked: no result");
        assertEquals(X87Env.DE, e.flags);
    }

    /** SDM Table 8-3: unnormals, pseudo-NaNs and pseudo-infinities are invalid operands. (category unsupported) */
    @Test
    void unsupportedEncodingsAreInvalid() {
        for (Fx80 bad : new Fx80[] {new Fx80(0x3FFF, 1L << 62), new Fx80(0x7FFF, 0), new Fx80(0x7FFF, 1L << 62)}) {
            X87Env e = new X87Env(CW_NEAREST);
            assertEquals(Fx80.INDEFINITE, Fx80Math.add(bad, Fx80.ONE, false, e), bad.toString());
            assertEquals(X87Env.IE, e.flags);
            e = new X87Env(CW_NEAREST);
            assertEquals(Fx80Math.UNORDERED, Fx80Math.compare(bad, Fx80.ONE, false, e));
            assertEquals(X87Env.IE, e.flags);
        }
    }

    /** SDM 8.1.3.1: C1 is the round-up bit of an inexact result. (category C1-roundup) */
    @Test
    void c1IsTheRoundUpBit() {
        X87Env up = new X87Env(CW_UP);
        Fx80 third = Fx80Math.div(Fx80.ONE, d(3), up);
        assertEquals(new Fx80(0x3FFD, 0xAAAAAAAAAAAAAAABL), third);
        assertTrue(up.c1);
        assertEquals(X87Env.PE, up.flags);
        X87Env down = new X87Env(CW_DOWN);
        assertEquals(new Fx80(0x3FFD, 0xAAAAAAAAAAAAAAAAL), Fx80Math.div(Fx80.ONE, d(3), down));
        assertTrue(!down.c1);
    }

    /** Precision control (8.1.5.2) rounds FDIV to 24 bits, but not FSCALE. (category FSCALE-special) */
    @Test
    void precisionControl() {
        X87Env e = new X87Env(0x007F);       // PC = 24 bits, nearest
        assertEquals(new Fx80(0x3FFD, 0xAAAAAB0000000000L), Fx80Math.div(Fx80.ONE, d(3), e));
        Fx80 x = new Fx80(0x3FFF, 0xFFFFFFFFFFFFFFFFL);
        e = new X87Env(0x007F);
        assertEquals(new Fx80(0x4001, 0xFFFFFFFFFFFFFFFFL), Fx80Math.fscale(x, d(2), e), "FSCALE ignores PC");
        assertEquals(0, e.flags & X87Env.PE);
    }

    /**
     * FSCALE (SDM Vol. 2A "FSCALE", Table 3-43): 0 scaled by +infinity and infinity scaled by -infinity are
     * invalid operations (masked: the QNaN indefinite and IE); 0 scaled by -infinity stays 0. (category
     * FSCALE-special)
     */
    @Test
    void scaleByInfinity() {
        X87Env e = new X87Env(0x037F);
        assertEquals(Fx80.INDEFINITE, Fx80Math.fscale(Fx80.ZERO, Fx80.INF, e));
        assertTrue((e.flags & X87Env.IE) != 0);
        e = new X87Env(0x037F);
        assertEquals(Fx80.INDEFINITE, Fx80Math.fscale(Fx80.INF, Fx80.INF.negate(), e));
        assertTrue((e.flags & X87Env.IE) != 0);
        e = new X87Env(0x037F);
        assertEquals(Fx80.ZERO, Fx80Math.fscale(Fx80.ZERO, Fx80.INF.negate(), e));
        assertEquals(0, e.flags & X87Env.IE);
        // a finite value: an exact zero or infinity of its sign in every rounding mode (Table 3-43: -F/+F
        // columns give -0/+0 for ST(1) = -infinity and -infinity/+infinity for +infinity)
        Fx80 f = new Fx80(0x3FFF, 0xC000000000000000L);   // 1.5
        for (int rc = 0; rc < 4; rc++) {
            e = new X87Env(0x037F | rc << 10);
            assertEquals(Fx80.ZERO, Fx80Math.fscale(f, Fx80.INF.negate(), e), "RC " + rc);
            assertEquals(Fx80.ZERO.negate(), Fx80Math.fscale(f.negate(), Fx80.INF.negate(), e), "RC " + rc);
            assertEquals(Fx80.INF, Fx80Math.fscale(f, Fx80.INF, e), "RC " + rc);
            assertEquals(Fx80.INF.negate(), Fx80Math.fscale(f.negate(), Fx80.INF, e), "RC " + rc);
        }
    }

    /** FPREM/FPREM1 (Vol. 2A): exact remainder, quotient bits in C0 C3 C1, partial remainder with C2. (category FPREM) */
    @Test
    void partialRemainder() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 500; i++) {
            Fx80 a = new Fx80(0x3FFF + r.nextInt(0, 60), r.nextLong() | Fx80.J);   // exponent difference < 64
            Fx80 b = new Fx80(0x3FFF + r.nextInt(-3, 3), r.nextLong() | Fx80.J);
            for (boolean ieee : new boolean[] {false, true}) {
                X87Env e = new X87Env(CW_NEAREST);
                Fx80Math.Remainder rem = Fx80Math.remainder(a, b, ieee, e);
                BigDecimal av = X87Trans.exact(a);
                BigDecimal bv = X87Trans.exact(b);
                BigDecimal q = av.divide(bv, 0, ieee ? java.math.RoundingMode.HALF_EVEN : java.math.RoundingMode.DOWN);
                BigDecimal expect = av.subtract(q.multiply(bv));
                assertEquals(0, expect.compareTo(X87Trans.exact(rem.value())), a + " rem " + b);
                int qi = q.toBigInteger().intValue();
                int cc = ((qi & 4) != 0 ? X87.C0 : 0) | ((qi & 2) != 0 ? X87.C3 : 0) | ((qi & 1) != 0 ? X87.C1 : 0);
                assertEquals(cc, rem.cc());
                assertEquals(0, e.flags);
            }
        }
        X87Env e = new X87Env(CW_NEAREST);
        Fx80Math.Remainder p = Fx80Math.remainder(new Fx80(0x3FFF + 100, Fx80.J | 12345), d(3), false, e);
        assertEquals(X87.C2, p.cc(), "exponent difference 100: partial");
        assertTrue(p.value().exp() < 0x3FFF + 100 && p.value().exp() >= 0x3FFF + 32);
    }

    /** SDM 8.3.8: constants rounded by RC (FLDL2T up, FLDPI/FLDL2E/FLDLG2/FLDLN2 down). (category constants) */
    @Test
    void constantsFollowRoundingControl() {
        long[][] nearest = {{0x4000, 0xD49A784BCD1B8AFEL}, {0x3FFF, 0xB8AA3B295C17F0BCL}, {0x4000, 0xC90FDAA22168C235L},
                {0x3FFD, 0x9A209A84FBCFF799L}, {0x3FFE, 0xB17217F7D1CF79ACL}};
        long[] upDelta = {1, 0, 0, 0, 0};
        long[] downDelta = {0, -1, -1, -1, -1};
        for (int k = 1; k <= 5; k++) {
            long[] n = nearest[k - 1];
            assertEquals(new Fx80((int) n[0], n[1]), X87Trans.constant(k, new X87Env(CW_NEAREST)), "k=" + k);
            assertEquals(new Fx80((int) n[0], n[1] + upDelta[k - 1]), X87Trans.constant(k, new X87Env(CW_UP)), "up k=" + k);
            assertEquals(new Fx80((int) n[0], n[1] + downDelta[k - 1]), X87Trans.constant(k, new X87Env(CW_DOWN)));
            assertEquals(new Fx80((int) n[0], n[1] + downDelta[k - 1]), X87Trans.constant(k, new X87Env(CW_CHOP)));
        }
    }

    /** FXTRACT (Vol. 2A): infinity gives +inf and the infinity, zero #Z and -inf, a denormal is normalised. (category FXTRACT-special) */
    @Test
    void fxtractSpecials() {
        X87Env e = new X87Env(CW_NEAREST);
        assertArrayEquals(new Fx80[] {Fx80.INF, Fx80.INF.negate()}, Fx80Math.extract(Fx80.INF.negate(), e));
        assertArrayEquals(new Fx80[] {Fx80.INF.negate(), Fx80.ZERO}, Fx80Math.extract(Fx80.ZERO, e));
        assertEquals(X87Env.ZE, e.flags);
        Fx80[] r = Fx80Math.extract(new Fx80(0, 1), new X87Env(CW_NEAREST));
        assertEquals(Fx80Math.fromLong(-16382 - 63), r[0]);
        assertEquals(Fx80.ONE, r[1]);
    }

    /** FLD/FST m32/m64 (Vol. 2A): an SNaN raises #IA and becomes quiet; payloads are truncated. (category NaN-conversion) */
    @Test
    void nanConversions() {
        X87Env e = new X87Env(CW_NEAREST);
        assertEquals(new Fx80(0x7FFF, 0xC000010000000000L), Fx80Math.fromFormat(0x7F800001L, Fx80Math.SINGLE, e));
        assertEquals(X87Env.IE, e.flags);
        e = new X87Env(CW_NEAREST);
        assertEquals(0x7FC00000L, (long) Fx80Math.toFormat(new Fx80(0x7FFF, 0x800000000005870EL), Fx80Math.SINGLE, e));
        assertEquals(X87Env.IE, e.flags);
    }

    /** FBSTP (Vol. 2A): -0.25 rounds to -0 (sign kept); NaN gives the packed BCD indefinite. (category FBSTP-special) */
    @Test
    void fbstp() {
        byte[] negZero = new byte[10];
        negZero[9] = (byte) 0x80;
        assertArrayEquals(negZero, X87Bcd.store(d(-0.25), new X87Env(CW_NEAREST)));
        X87Env e = new X87Env(CW_NEAREST);
        byte[] ind = X87Bcd.store(Fx80.INDEFINITE, e);
        assertEquals(X87Env.IE, e.flags);
        assertEquals((byte) 0xFF, ind[9]);
        assertEquals((byte) 0xC0, ind[7]);
        byte[] v = X87Bcd.store(d(-123456789012345678.0), new X87Env(CW_NEAREST));
        assertEquals(d(-123456789012345680.0), X87Bcd.load(v), "round trip of a 17-digit value");
    }

    // ---- transcendentals against an independent reference ------------------------------------------------------

    private static final MathContext REF = new MathContext(60);

    private static BigDecimal refSin(BigDecimal x, boolean cos) {
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal term = cos ? BigDecimal.ONE : x;
        for (int k = cos ? 0 : 1; k < 200; k += 2) {
            sum = sum.add(term, REF);
            term = term.multiply(x, REF).multiply(x, REF).divide(BigDecimal.valueOf((long) (k + 1) * (k + 2)), REF).negate();
            if (term.abs().compareTo(new BigDecimal("1e-70")) < 0) {
                break;
            }
        }
        return sum;
    }

    private static BigDecimal refExp(BigDecimal x) {
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        for (int k = 1; k < 300; k++) {
            term = term.multiply(x, REF).divide(BigDecimal.valueOf(k), REF);
            sum = sum.add(term, REF);
        }
        return sum;
    }

    /** Units in the last place between a and the reference value (same binade assumed, 64-bit significand). */
    private static double ulps(Fx80 a, BigDecimal ref) {
        BigDecimal av = X87Trans.exact(a);
        int e = a.lsbExp();
        BigDecimal ulp = e >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(e))
                : BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-e)));
        return av.subtract(ref).abs().divide(ulp, REF).doubleValue();
    }

    @Test
    void transcendentalsWithinOneUlp() {
        SplittableRandom r = new SplittableRandom(0x87);
        BigDecimal ln2 = null;
        for (int i = 0; i < 300; i++) {
            Fx80 x = new Fx80((r.nextBoolean() ? 0x8000 : 0) | (0x3FFE - r.nextInt(0, 20)), r.nextLong() | Fx80.J);
            BigDecimal xv = X87Trans.exact(x);            // |x| < 1 < pi/4 + ...: no reduction (|x| < 0.79 needed)
            if (xv.abs().compareTo(new BigDecimal("0.78")) < 0) {
                X87Env e = new X87Env(CW_NEAREST);
                Fx80[] s = X87TransOps.trig(0, x, e);
                assertTrue(ulps(s[0], refSin(xv, false)) <= 0.5 + 1e-9, "FSIN " + x + ": " + ulps(s[0], refSin(xv, false)));
                Fx80[] c = X87TransOps.trig(1, x, new X87Env(CW_NEAREST));
                assertTrue(ulps(c[0], refSin(xv, true)) <= 0.5 + 1e-9, "FCOS " + x);
                Fx80[] t = X87TransOps.trig(2, x, new X87Env(CW_NEAREST));
                assertTrue(ulps(t[0], refSin(xv, false).divide(refSin(xv, true), REF)) <= 0.5 + 1e-9, "FPTAN " + x);
                assertEquals(Fx80.ONE, t[1]);
                assertTrue((e.flags & X87Env.PE) != 0);
            }
            // F2XM1 against exp(x ln 2) - 1 with ln 2 from the reference's own series (ln 2 = -ln(1/2))
            if (ln2 == null) {
                BigDecimal z = BigDecimal.ONE.divide(BigDecimal.valueOf(3), REF);    // ln 2 = 2 atanh(1/3)
                BigDecimal sum = BigDecimal.ZERO;
                BigDecimal p = z;
                for (int k = 1; k < 200; k += 2) {
                    sum = sum.add(p.divide(BigDecimal.valueOf(k), REF), REF);
                    p = p.multiply(z, REF).multiply(z, REF);
                }
                ln2 = sum.multiply(BigDecimal.valueOf(2));
            }
            Fx80 f = X87TransOps.f2xm1(x, new X87Env(CW_NEAREST));
            assertTrue(ulps(f, refExp(xv.multiply(ln2, REF)).subtract(BigDecimal.ONE, REF)) <= 0.5 + 1e-6, "F2XM1 " + x);
            // FPATAN(x, 1) = atan(1/x)... checked through tan: tan(atan(y)) = y within 1 ulp of the composition
            Fx80 at = X87TransOps.fpatan(Fx80.ONE, x, new X87Env(CW_NEAREST));
            BigDecimal back = refSin(X87Trans.exact(at), false).divide(refSin(X87Trans.exact(at), true), REF);
            assertTrue(ulps(x, back) <= 1.5, "FPATAN " + x + " -> " + at);
        }
        // exact cases: FYL2X of a power of two, F2XM1(+-1), FPATAN(+0, -1) = pi
        assertEquals(d(-15), X87TransOps.fyl2x(d(1.0 / 32), d(3), new X87Env(CW_NEAREST)));
        assertEquals(Fx80.ONE, X87TransOps.f2xm1(Fx80.ONE, new X87Env(CW_CHOP)));
        assertEquals(d(-0.5), X87TransOps.f2xm1(Fx80.ONE.negate(), new X87Env(CW_NEAREST)));
        assertEquals(new Fx80(0x4000, 0xC90FDAA22168C235L), X87TransOps.fpatan(d(-1), Fx80.ZERO, new X87Env(CW_NEAREST)));
        // FYL2X(e, 1) = log2(e): the FLDL2E constant
        Fx80 l2e = X87TransOps.fyl2x(new Fx80(0x4000, 0xADF85458A2BB4A9AL), Fx80.ONE, new X87Env(CW_NEAREST));
        assertTrue(ulps(l2e, BigDecimal.ONE.divide(ln2, REF)) <= 1, "log2(e) " + l2e);
        // FSIN of a tiny operand: below it in chop mode, with #P (and #U for a denormal result)
        Fx80 tiny = new Fx80(0x3FFF - 100, Fx80.J);
        assertEquals(new Fx80(0x3FFF - 101, -1L), X87TransOps.trig(0, tiny, new X87Env(CW_CHOP))[0]);
        // |x| >= 2^63: C2 (empty result), operand unchanged
        assertEquals(0, X87TransOps.trig(0, new Fx80(0x3FFF + 63, Fx80.J), new X87Env(CW_NEAREST)).length);
    }
}
