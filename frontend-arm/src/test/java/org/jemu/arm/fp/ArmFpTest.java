package org.jemu.arm.fp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hand-written cases from the Arm ARM pseudocode (DDI 0487, J1.3.3 shared/functions/float/...) for the special
 * cases, and a check of the Java fast path against the exact path. Needs no Unicorn.
 */
class ArmFpTest {
    private static final int RZ_MODE = ArmFp.RZ << ArmFp.FPCR_RMODE_SHIFT;
    private static final long F_ONE = 0x3f800000L;
    private static final long F_INF = 0x7f800000L;
    private static final long F_NINF = 0xff800000L;
    private static final long F_QNAN = 0x7fc12345L;
    private static final long F_SNAN = 0x7f812345L;
    private static final long D_INF = 0x7ff0000000000000L;

    private final FpFlags f = new FpFlags();

    private static long s(float v) {
        return Float.floatToRawIntBits(v) & 0xffffffffL;
    }

    private static long d(double v) {
        return Double.doubleToRawLongBits(v);
    }

    private void expect(long want, int wantFlags, long got) {
        assertEquals(Long.toHexString(want), Long.toHexString(got), "result");
        assertEquals(FpFlags.toString(wantFlags), FpFlags.toString(f.take()), "flags");
    }

    /** FPMulX: 0 * infinity is 2.0 with the product's sign, not an invalid operation (FPMul's default NaN). */
    @Test
    void fmulxZeroTimesInfinityIsTwo() {
        expect(s(2f), 0, ArmFp.mulX(32, 0, F_INF, 0, f));
        expect(s(-2f), 0, ArmFp.mulX(32, s(-0f), F_INF, 0, f));
        expect(d(-2.0), 0, ArmFp.mulX(64, D_INF | 1L << 63, 0, 0, f));
        // a denormal flushed by FZ is a zero too
        expect(s(-2f), FpFlags.IDC, ArmFp.mulX(32, 0x80000001L, F_INF, ArmFp.FPCR_FZ, f));
        expect(ArmFp.defaultNaN(32), FpFlags.IOC, ArmFp.mul(32, 0, F_INF, 0, f));
        // NaNs still propagate
        expect(0x7fc12345L, FpFlags.IOC, ArmFp.mulX(32, 0, F_SNAN, 0, f));
    }

    /** FPMax/FPMin propagate NaNs (FPProcessNaNs); FPMaxNum/FPMinNum prefer a number to a quiet NaN. */
    @Test
    void maxMinAndNaNs() {
        expect(F_QNAN, 0, ArmFp.max(32, F_QNAN, F_ONE, 0, f));
        expect(F_QNAN, 0, ArmFp.min(32, F_ONE, F_QNAN, 0, f));
        expect(0x7fc12345L, FpFlags.IOC, ArmFp.max(32, F_QNAN, F_SNAN, 0, f)); // the signalling NaN wins, quietened
        expect(0x7fc00000L, FpFlags.IOC, ArmFp.max(32, F_QNAN, F_SNAN, ArmFp.FPCR_DN, f));
        expect(0, 0, ArmFp.max(32, s(-0f), 0, 0, f));
        expect(s(-0f), 0, ArmFp.min(32, 0, s(-0f), 0, f));
        expect(F_ONE, 0, ArmFp.maxNum(32, F_QNAN, F_ONE, 0, f));
        expect(F_ONE, 0, ArmFp.minNum(32, F_ONE, F_QNAN, 0, f));
        expect(F_NINF, 0, ArmFp.maxNum(32, F_NINF, F_QNAN, 0, f));
        expect(F_QNAN, 0, ArmFp.maxNum(32, F_QNAN, 0x7fc00001L, 0, f)); // two quiet NaNs: the first
        expect(0x7fc12345L, FpFlags.IOC, ArmFp.maxNum(32, F_SNAN, F_ONE, 0, f)); // signalling NaNs propagate
        expect(0x7fc12345L, FpFlags.IOC, ArmFp.minNum(32, F_QNAN, F_SNAN, 0, f));
    }

    /** FPRecipEstimate: 1/0, 1/infinity, reciprocals of tiny denormals that overflow, FZ. */
    @Test
    void frecpeSpecialCases() {
        expect(F_INF, FpFlags.DZC, ArmFp.recipEstimate(32, 0, 0, f));
        expect(s(-0f), 0, ArmFp.recipEstimate(32, F_NINF, 0, f));
        expect(0x3f7f8000L, 0, ArmFp.recipEstimate(32, F_ONE, 0, f)); // RecipEstimate(256) = 511
        // |x| < 2^-128: overflow, to infinity or the largest number per rounding mode
        expect(F_INF, FpFlags.OFC | FpFlags.IXC, ArmFp.recipEstimate(32, 1, 0, f));
        expect(0x7f7fffffL, FpFlags.OFC | FpFlags.IXC, ArmFp.recipEstimate(32, 1, RZ_MODE, f));
        expect(0xff800000L, FpFlags.OFC | FpFlags.IXC,
                ArmFp.recipEstimate(32, 0x80000001L, ArmFp.RM << ArmFp.FPCR_RMODE_SHIFT, f));
        // 2^-128 itself is not below the threshold: estimate 1.99 * 2^127
        long r = ArmFp.recipEstimate(32, 0x00200000L, 0, f); // 2^-128
        assertEquals(0, f.take());
        assertEquals(0xfe, (r >>> 23) & 0xff);
        // with FZ the denormal is a zero
        expect(F_INF, FpFlags.IDC | FpFlags.DZC, ArmFp.recipEstimate(32, 1, ArmFp.FPCR_FZ, f));
        // results that would be denormal are flushed with UFC under FZ, produced as denormals otherwise
        expect(0, FpFlags.UFC, ArmFp.recipEstimate(32, s(0x1p126f), ArmFp.FPCR_FZ, f));
        expect(0x007fc000L, 0, ArmFp.recipEstimate(32, s(0x1p126f), 0, f)); // result_exp 0: denormal
        // FPRSqrtEstimate: zeros, negative numbers, infinity
        expect(F_NINF, FpFlags.DZC, ArmFp.rsqrtEstimate(32, s(-0f), 0, f));
        expect(ArmFp.defaultNaN(32), FpFlags.IOC, ArmFp.rsqrtEstimate(32, s(-1f), 0, f));
        expect(0, 0, ArmFp.rsqrtEstimate(32, F_INF, 0, f));
        expect(0x3f7f8000L, 0, ArmFp.rsqrtEstimate(32, F_ONE, 0, f));
    }

    /** RecipEstimate and RecipSqrtEstimate stay in [256, 512) over their whole input ranges. */
    @Test
    void estimateTablesInRange() {
        for (int a = 256; a < 512; a++) {
            int r = ArmFp.recipEstimateInt(a);
            assertTrue(r >= 256 && r < 512, "RecipEstimate(" + a + ") = " + r);
        }
        for (int a = 128; a < 512; a++) {
            int r = ArmFp.recipSqrtEstimateInt(a);
            assertTrue(r >= 256 && r < 512, "RecipSqrtEstimate(" + a + ") = " + r);
        }
        assertEquals(511, ArmFp.recipEstimateInt(256));
        assertEquals(256, ArmFp.recipEstimateInt(511));
    }

    /** FPToFixed saturates with IOC (and no IXC); NaN converts to 0 with IOC. */
    @Test
    void fcvtzsSaturation() {
        expect(0x7fffffffL, FpFlags.IOC, ArmFp.toFixed(32, s(1e10f), 0, false, 32, 0, ArmFp.RZ, f));
        expect(0x80000000L, FpFlags.IOC, ArmFp.toFixed(32, s(-1e10f), 0, false, 32, 0, ArmFp.RZ, f));
        expect(0x80000000L, FpFlags.IXC, ArmFp.toFixed(64, d(-2147483648.9), 0, false, 32, 0, ArmFp.RZ, f));
        expect(0x80000000L, FpFlags.IOC, ArmFp.toFixed(64, d(-2147483649.0), 0, false, 32, 0, ArmFp.RZ, f));
        expect(0, FpFlags.IOC, ArmFp.toFixed(32, F_QNAN, 0, false, 64, 0, ArmFp.RZ, f));
        expect(Long.MAX_VALUE, FpFlags.IOC, ArmFp.toFixed(64, D_INF, 0, false, 64, 0, ArmFp.RZ, f));
        expect(-1L, FpFlags.IOC, ArmFp.toFixed(64, D_INF, 0, true, 64, 0, ArmFp.RZ, f));
        // unsigned: -0.5 truncates to 0 (inexact), -1 is out of range
        expect(0, FpFlags.IXC, ArmFp.toFixed(32, s(-0.5f), 0, true, 32, 0, ArmFp.RZ, f));
        expect(0, FpFlags.IOC, ArmFp.toFixed(32, s(-1f), 0, true, 32, 0, ArmFp.RZ, f));
        // FCVTZS W, S, #31: 1.0 * 2^31 overflows; 0.75 is 0x60000000
        expect(0x7fffffffL, FpFlags.IOC, ArmFp.toFixed(32, F_ONE, 31, false, 32, 0, ArmFp.RZ, f));
        expect(0x60000000L, 0, ArmFp.toFixed(32, s(0.75f), 31, false, 32, 0, ArmFp.RZ, f));
        // rounding modes: FCVTNS ties to even, FCVTAS ties away, FCVTMS toward minus infinity
        expect(-2L & 0xffffffffL, FpFlags.IXC, ArmFp.toFixed(32, s(-2.5f), 0, false, 32, 0, ArmFp.RN, f));
        expect(-3L & 0xffffffffL, FpFlags.IXC, ArmFp.toFixed(32, s(-2.5f), 0, false, 32, 0, ArmFp.TIEAWAY, f));
        expect(-3L, FpFlags.IXC, ArmFp.toFixed(32, s(-2.25f), 0, false, 64, 0, ArmFp.RM, f));
    }

    /** FPConvert with FPRounding_ODD (FCVTXN): truncate, then set the lowest bit when inexact. */
    @Test
    void fcvtxnRoundsToOdd() {
        expect(0x3f800001L, FpFlags.IXC, ArmFp.convert(32, 64, d(1 + 0x1p-30), 0, ArmFp.ODD, f));
        expect(0x3f800001L, FpFlags.IXC, ArmFp.convert(32, 64, d(1 + 0x1p-24 + 0x1p-40), 0, ArmFp.ODD, f));
        expect(F_ONE, 0, ArmFp.convert(32, 64, d(1.0), 0, ArmFp.ODD, f));
        expect(0x7f7fffffL, FpFlags.OFC | FpFlags.IXC, ArmFp.convert(32, 64, d(1e300), 0, ArmFp.ODD, f));
        expect(0x80000001L, FpFlags.UFC | FpFlags.IXC, ArmFp.convert(32, 64, d(-1e-300), 0, ArmFp.ODD, f));
        expect(0x80000000L, FpFlags.UFC, ArmFp.convert(32, 64, d(-1e-300), ArmFp.FPCR_FZ, ArmFp.ODD, f));
        // NaNs keep the top of the payload and are quietened
        expect(0x7fc00001L, FpFlags.IOC, ArmFp.convert(32, 64, 0x7ff0000020000000L, 0, ArmFp.ODD, f));
    }

    /** FPConvert to and from half precision, IEEE and alternative (FPCR.AHP) formats. */
    @Test
    void halfPrecisionConversions() {
        int ahp = ArmFp.FPCR_AHP;
        expect(0x7c00L, FpFlags.OFC | FpFlags.IXC, ArmFp.convert(16, 64, d(65520), 0, ArmFp.RN, f));
        expect(0x7bffL, 0, ArmFp.convert(16, 64, d(65504), 0, ArmFp.RN, f));
        expect(0x7c00L, 0, ArmFp.convert(16, 64, d(65536), ahp, ArmFp.RN, f)); // 2^16 is normal in AHP
        expect(0x7fffL, FpFlags.IOC, ArmFp.convert(16, 64, D_INF, ahp, ArmFp.RN, f));
        expect(0x7fffL, FpFlags.IOC, ArmFp.convert(16, 32, s(1e6f), ahp, ArmFp.RN, f));
        // AHP overflow is decided after rounding and gives IOC without IXC: 131040 rounds up to 2^17
        expect(0x7fffL, FpFlags.IOC, ArmFp.convert(16, 64, d(131040), ahp, ArmFp.RN, f));
        expect(0x7fffL, FpFlags.IXC, ArmFp.convert(16, 64, d(131040), ahp, ArmFp.RZ, f));
        expect(0x8000L, FpFlags.IOC, ArmFp.convert(16, 32, 0xffc00000L, ahp, ArmFp.RN, f));
        expect(s(65536f), 0, ArmFp.convert(32, 16, 0x7c00L, ahp, ArmFp.RN, f));
        expect(F_INF, 0, ArmFp.convert(32, 16, 0x7c00L, 0, ArmFp.RN, f));
        expect(0x7fc02000L, FpFlags.IOC, ArmFp.convert(32, 16, 0x7c01L, 0, ArmFp.RN, f));
        // half denormals are not flushed by FZ (that would be FZ16)
        expect(s(0x1p-24f), 0, ArmFp.convert(32, 16, 1, ArmFp.FPCR_FZ, ArmFp.RN, f));
        expect(1, FpFlags.UFC | FpFlags.IXC, ArmFp.convert(16, 32, s(0x1.8p-25f), ArmFp.FPCR_FZ, ArmFp.RN, f));
    }

    /** FPMulAdd: a quiet NaN addend with 0 * infinity is invalid; NaN order is addend, op1, op2. */
    @Test
    void fusedMultiplyAddSpecialCases() {
        expect(ArmFp.defaultNaN(32), FpFlags.IOC, ArmFp.mulAdd(32, F_QNAN, 0, F_INF, 0, f));
        expect(F_QNAN, 0, ArmFp.mulAdd(32, F_QNAN, F_ONE, 0x7fc00001L, 0, f));
        expect(0x7fc00001L, FpFlags.IOC, ArmFp.mulAdd(32, F_QNAN, 0x7f800001L, F_ONE, 0, f));
        expect(0x7fc12345L, FpFlags.IOC, ArmFp.mulAdd(32, F_SNAN, 0x7f800001L, F_ONE, 0, f));
        expect(ArmFp.defaultNaN(32), FpFlags.IOC, ArmFp.mulAdd(32, F_NINF, F_INF, F_ONE, 0, f));
        // exact zero: +0 except when rounding toward minus infinity
        expect(0, 0, ArmFp.mulAdd(32, s(-1f), F_ONE, F_ONE, 0, f));
        expect(s(-0f), 0, ArmFp.mulAdd(32, s(-1f), F_ONE, F_ONE, ArmFp.RM << ArmFp.FPCR_RMODE_SHIFT, f));
        // one rounding: 1 + 2^-24 * (1 + 2^-23) is just above the tie and rounds up
        expect(0x3f800001L, FpFlags.IXC, ArmFp.mulAdd(32, F_ONE, s(0x1p-24f), s(1 + 0x1p-23f), 0, f));
        // FRECPS 0 * infinity = 2.0, FRSQRTS = 1.5
        expect(s(2f), 0, ArmFp.recipStepFused(32, 0, F_INF, 0, f));
        expect(s(1.5f), 0, ArmFp.rsqrtStepFused(32, F_NINF, 0, 0, f));
        // FRECPS negates op1 before NaN processing
        expect(0xffc12345L, 0, ArmFp.recipStepFused(32, 0x7fc12345L, F_ONE, 0, f));
    }

    /** FPRound: underflow is tininess before rounding, and FZ flushes tiny results with UFC only. */
    @Test
    void underflowBeforeRounding() {
        // 0x00ffffff * 0.5 rounds up to the smallest normal but is tiny before rounding
        expect(0x00800000L, FpFlags.UFC | FpFlags.IXC, ArmFp.mul(32, 0x00ffffffL, s(0.5f), 0, f));
        expect(0, FpFlags.UFC, ArmFp.mul(32, 0x00ffffffL, s(0.5f), ArmFp.FPCR_FZ, f));
        // an exact denormal result is no underflow
        expect(0x00400000L, 0, ArmFp.mul(32, 0x00800000L, s(0.5f), 0, f));
        // overflow per rounding mode
        expect(F_INF, FpFlags.OFC | FpFlags.IXC, ArmFp.mul(32, 0x7f7fffffL, s(2f), 0, f));
        expect(0x7f7fffffL, FpFlags.OFC | FpFlags.IXC, ArmFp.mul(32, 0x7f7fffffL, s(2f), RZ_MODE, f));
        expect(0xff7fffffL, FpFlags.OFC | FpFlags.IXC,
                ArmFp.mul(32, 0x7f7fffffL, s(-2f), ArmFp.RP << ArmFp.FPCR_RMODE_SHIFT, f));
        // FZ input flushing: IDC, and x + denormal is exact
        expect(F_ONE, FpFlags.IDC, ArmFp.add(32, F_ONE, 1, ArmFp.FPCR_FZ, f));
        expect(F_ONE, FpFlags.IXC, ArmFp.add(32, F_ONE, 1, 0, f));
        expect(F_INF, FpFlags.DZC | FpFlags.IDC, ArmFp.div(32, F_ONE, 1, ArmFp.FPCR_FZ, f));
    }

    /** FPRoundInt: the rounding modes, the sign of zero results, FRINTX's IXC. */
    @Test
    void roundToIntegral() {
        expect(s(-3f), 0, ArmFp.roundInt(32, s(-2.5f), 0, ArmFp.TIEAWAY, false, f));
        expect(s(-2f), 0, ArmFp.roundInt(32, s(-2.5f), 0, ArmFp.RN, false, f));
        expect(s(-2f), FpFlags.IXC, ArmFp.roundInt(32, s(-2.5f), 0, ArmFp.RN, true, f));
        expect(s(-0f), 0, ArmFp.roundInt(32, s(-0.5f), 0, ArmFp.RZ, false, f));
        expect(s(-0f), 0, ArmFp.roundInt(32, s(-0.5f), 0, ArmFp.RP, false, f));
        expect(s(-1f), 0, ArmFp.roundInt(32, s(-0.5f), 0, ArmFp.RM, false, f));
        expect(d(1e300), 0, ArmFp.roundInt(64, d(1e300), 0, ArmFp.RN, true, f));
        expect(0x7fc12345L, FpFlags.IOC, ArmFp.roundInt(32, F_SNAN, 0, ArmFp.RN, true, f));
    }

    /** FixedToFP: SCVTF/UCVTF of 64-bit extremes, fraction bits. */
    @Test
    void integerToFloat() {
        expect(s(-0x1p63f), 0, ArmFp.fixedToFp(32, Long.MIN_VALUE, 64, 0, false, 0, ArmFp.RN, f));
        expect(s(0x1p64f), FpFlags.IXC, ArmFp.fixedToFp(32, -1L, 64, 0, true, 0, ArmFp.RN, f));
        expect(0x5f7fffffL, FpFlags.IXC, ArmFp.fixedToFp(32, -1L, 64, 0, true, 0, ArmFp.RZ, f));
        expect(s(-1f), 0, ArmFp.fixedToFp(32, 0xffffffffL, 32, 0, false, 0, ArmFp.RN, f));
        expect(s(0.5f), 0, ArmFp.fixedToFp(32, 1, 32, 1, false, 0, ArmFp.RN, f));
        expect(0, 0, ArmFp.fixedToFp(64, 0, 64, 5, false, 0, ArmFp.RM, f)); // +0 even toward minus infinity
    }

    /** FPCompare and the vector compares. */
    @Test
    void compares() {
        expect(0b0011, FpFlags.IOC, ArmFp.compare(32, F_QNAN, F_ONE, true, 0, f));
        expect(0b0011, 0, ArmFp.compare(32, F_QNAN, F_ONE, false, 0, f));
        expect(0b0011, FpFlags.IOC, ArmFp.compare(32, F_SNAN, F_ONE, false, 0, f));
        expect(0b0110, 0, ArmFp.compare(32, 0, s(-0f), false, 0, f));
        expect(0b0110, FpFlags.IDC, ArmFp.compare(32, 1, 0, false, ArmFp.FPCR_FZ, f));
        expect(0b1000, 0, ArmFp.compare(64, d(-1), d(1), false, 0, f));
        expect(0b0010, 0, ArmFp.compare(64, D_INF, d(1), false, 0, f));
        assertFalse(ArmFp.compareEQ(32, F_QNAN, F_QNAN, 0, f));
        assertEquals(0, f.take());
        assertFalse(ArmFp.compareGE(32, F_QNAN, F_ONE, 0, f));
        assertEquals(FpFlags.IOC, f.take());
        assertTrue(ArmFp.compareGE(32, 0, s(-0f), 0, f));
        assertFalse(ArmFp.compareGT(32, 0, s(-0f), 0, f));
    }

    /**
     * The Java fast path (RNE, no FZ, normal operands) against the exact path, on many biased operands: results
     * and flags must be identical.
     */
    @Test
    void fastPathAgreesWithExactPath() {
        SplittableRandom rnd = new SplittableRandom(0x5eed_f00dL);
        FpOperandGenerator gen = new FpOperandGenerator(rnd);
        FpFlags slow = new FpFlags();
        for (int i = 0; i < 300_000; i++) {
            int n = (i & 1) == 0 ? 32 : 64;
            long a = gen.next(n, 0);
            long b = gen.next(n, a);
            int fpcr = rnd.nextBoolean() ? 0 : ArmFp.FPCR_DN;
            long c = gen.next(n, rnd.nextBoolean() ? a : b);
            if (rnd.nextInt(3) == 0) {
                c = (ArmFp.neg(n, ArmFp.mul(n, a, b, 0, slow)) + rnd.nextInt(-2, 3)) & (n == 64 ? -1L : 0xffffffffL);
            }
            for (int op = 0; op < 7; op++) {
                f.bits = 0;
                slow.bits = 0;
                long fast = switch (op) {
                    case 0 -> ArmFp.add(n, a, b, fpcr, f);
                    case 1 -> ArmFp.sub(n, a, b, fpcr, f);
                    case 2 -> ArmFp.mul(n, a, b, fpcr, f);
                    case 3 -> ArmFp.div(n, a, b, fpcr, f);
                    case 4 -> ArmFp.mulAdd(n, c, a, b, fpcr, f);
                    case 5 -> ArmFp.mulX(n, a, b, fpcr, f);
                    default -> ArmFp.sqrt(n, a, fpcr, f);
                };
                long exact = switch (op) {
                    case 0 -> ArmFp.addSlow(n, a, b, false, fpcr, slow);
                    case 1 -> ArmFp.addSlow(n, a, b, true, fpcr, slow);
                    case 2 -> ArmFp.mulSlow(n, a, b, false, fpcr, slow);
                    case 3 -> ArmFp.divSlow(n, a, b, fpcr, slow);
                    case 4 -> ArmFp.mulAddSlow(n, c, a, b, fpcr, slow);
                    case 5 -> ArmFp.mulSlow(n, a, b, true, fpcr, slow);
                    default -> ArmFp.sqrtSlow(n, a, fpcr, slow);
                };
                if (fast != exact || f.bits != slow.bits) {
                    throw new AssertionError(String.format("op %d n=%d a=%x b=%x c=%x: fast %x %s, exact %x %s", op, n, a, b, c,
                            fast, FpFlags.toString(f.bits), exact, FpFlags.toString(slow.bits)));
                }
            }
        }
    }
}
