package org.jemu.arm.fp;

import java.util.SplittableRandom;

/**
 * Biased random FP operands for the differential tests: zeros, infinities, quiet and signalling NaNs with random
 * payloads, denormals, the normal range's ends, values near powers of two, values close to (or the negation of)
 * another operand for cancellation, values whose product or quotient with another operand lands near the
 * overflow or underflow threshold, small integers and halves, values near integer-conversion limits and
 * half-precision limits, and random normals.
 */
final class FpOperandGenerator {
    private final SplittableRandom rnd;

    FpOperandGenerator(SplittableRandom rnd) {
        this.rnd = rnd;
    }

    private static int fracBits(int n) {
        return n == 64 ? 52 : n == 32 ? 23 : 10;
    }

    private static int expBits(int n) {
        return n == 64 ? 11 : n == 32 ? 8 : 5;
    }

    private static long mask(int n) {
        return n == 64 ? -1L : (1L << n) - 1;
    }

    private long sign(int n) {
        return rnd.nextBoolean() ? 1L << (n - 1) : 0;
    }

    private long randomFrac(int f) {
        long frac = rnd.nextLong() & ((1L << f) - 1);
        switch (rnd.nextInt(4)) {
            case 0 -> frac &= -1L << (f - rnd.nextInt(1, 6)); // few leading bits: exact results likely
            case 1 -> frac = rnd.nextInt(8); // near the bottom
            case 2 -> frac = ((1L << f) - 1) - rnd.nextInt(8); // near the top
            default -> {
            }
        }
        return frac;
    }

    /** A finite value of biased exponent {@code be} (clamped to the normal range) with a random fraction. */
    private long withExp(int n, long be) {
        int f = fracBits(n);
        long max = (1L << expBits(n)) - 2;
        be = Math.max(1, Math.min(max, be));
        return sign(n) | be << f | randomFrac(f);
    }

    /** One operand of width {@code n}; {@code other} is an earlier operand of the same case (or 0). */
    long next(int n, long other) {
        int f = fracBits(n);
        int eb = expBits(n);
        long expAll = (1L << eb) - 1;
        int bias = (1 << (eb - 1)) - 1;
        long otherExp = (other >>> f) & expAll;
        boolean otherFinite = otherExp != expAll && otherExp != 0;
        switch (rnd.nextInt(24)) {
            case 0:
                return sign(n);
            case 1:
                return sign(n) | expAll << f;
            case 2: // quiet NaN
                return sign(n) | expAll << f | 1L << (f - 1) | (rnd.nextBoolean() ? 0 : rnd.nextLong() & ((1L << (f - 1)) - 1));
            case 3: { // signalling NaN
                long payload = rnd.nextLong() & ((1L << (f - 1)) - 1);
                if (payload == 0) {
                    payload = 1;
                }
                return sign(n) | expAll << f | payload;
            }
            case 4:
            case 5: { // denormal
                long frac = randomFrac(f);
                return sign(n) | (frac == 0 ? 1 : frac);
            }
            case 6: // smallest normals, largest normals
                return rnd.nextBoolean() ? sign(n) | 1L << f | rnd.nextInt(4)
                        : sign(n) | (expAll - 1) << f | (((1L << f) - 1) - rnd.nextInt(4));
            case 7: { // power of two, plus or minus a few units in the last place
                long v = withExp(n, rnd.nextLong(1, expAll)) & ~((1L << f) - 1);
                int k = rnd.nextInt(-2, 3);
                return (v + k) & mask(n);
            }
            case 8:
            case 9: // close to the other operand or its negation (cancellation)
                if (otherFinite) {
                    long v = (other + rnd.nextInt(-3, 4)) & mask(n);
                    return rnd.nextBoolean() ? v ^ (1L << (n - 1)) : v;
                }
                break;
            case 10:
            case 11: // product or quotient with the other operand near the overflow/underflow threshold
                if (otherFinite) {
                    long ue = otherExp - bias;
                    long target = switch (rnd.nextInt(4)) {
                        case 0 -> bias; // largest exponent
                        case 1 -> 1 - bias; // smallest normal exponent
                        case 2 -> 1 - bias - rnd.nextInt(1, f + 3); // denormal range
                        default -> bias + 1;
                    };
                    target += rnd.nextInt(-1, 2);
                    long u = rnd.nextBoolean() ? target - ue : ue - target;
                    return withExp(n, u + bias);
                }
                break;
            case 12: { // small integers and halves
                double d = rnd.nextInt(-40, 41) / (double) (1 << rnd.nextInt(3));
                return fromDouble(n, d);
            }
            case 13:
            case 14: { // around integer-conversion limits 2^31, 2^32, 2^63, 2^64 and halves
                int[] p = {31, 32, 63, 64, 15, 16, 52, 53, 23, 24};
                int e = p[rnd.nextInt(p.length)];
                if (e > bias) {
                    e = bias;
                }
                long v = (long) (e + bias) << f;
                v += rnd.nextInt(-3, 4);
                return (v | sign(n)) & mask(n);
            }
            case 15: // exponents near zero
                return withExp(n, bias + rnd.nextInt(-30, 31));
            case 16: { // near the half-precision limits, IEEE and alternative (for FCVT to half)
                if (n == 16) {
                    break;
                }
                double[] lim = {65504, 65520, 131008, 131040, 131072, 0x1p-14, 0x1p-24, 0x1p-25, 0x1.8p-25, 0x1p-15};
                long v = fromDouble(n, lim[rnd.nextInt(lim.length)]) + rnd.nextInt(-2, 3);
                return (v | sign(n)) & mask(n);
            }
            default:
                break;
        }
        return withExp(n, rnd.nextLong(1, expAll));
    }

    static long fromDouble(int n, double d) {
        return switch (n) {
            case 64 -> Double.doubleToRawLongBits(d);
            case 32 -> Float.floatToRawIntBits((float) d) & 0xffffffffL;
            default -> Float.floatToFloat16((float) d) & 0xffffL;
        };
    }

    /** A random integer operand for SCVTF/UCVTF: small, limits, or random bit length. */
    long nextInt() {
        return switch (rnd.nextInt(8)) {
            case 0 -> rnd.nextInt(-4, 5);
            case 1 -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0x80000000L, 0x7fffffffL, 0xffffffffL,
                    -0x80000000L, 1L << 53, (1L << 53) + 1, (1L << 24) + 1, -1L}[rnd.nextInt(10)];
            case 2 -> { // ties: an odd value with exactly 25 or 54 significant bits
                int bits = rnd.nextBoolean() ? 25 : 54;
                long v = (rnd.nextLong() & ((1L << (bits - 1)) - 1)) | (1L << (bits - 1)) | 1;
                yield rnd.nextBoolean() ? v : -v;
            }
            default -> rnd.nextLong() >> rnd.nextInt(64);
        };
    }

    /** A random FPCR with RMode, FZ, DN and (if {@code ahp}) AHP; round-to-nearest without FZ often. */
    int nextFpcr(boolean ahp) {
        if (rnd.nextInt(3) == 0) {
            return rnd.nextBoolean() ? 0 : ArmFp.FPCR_DN;
        }
        int fpcr = rnd.nextInt(4) << ArmFp.FPCR_RMODE_SHIFT;
        if (rnd.nextInt(3) == 0) {
            fpcr |= ArmFp.FPCR_FZ;
        }
        if (rnd.nextInt(3) == 0) {
            fpcr |= ArmFp.FPCR_DN;
        }
        if (ahp && rnd.nextBoolean()) {
            fpcr |= ArmFp.FPCR_AHP;
        }
        return fpcr;
    }
}
