package org.jemu.arm.fp;

import java.math.BigInteger;

/**
 * The general (exact) path of {@link ArmFp}: FPUnpack, FPProcessNaN(s) and FPRound of the Arm ARM pseudocode
 * (DDI 0487, J1.3.3 shared/functions/float/...), on raw bit patterns of width {@code n} = 16, 32 or 64.
 *
 * <p>A finite nonzero value is carried as an exact significand and a power of two: {@code mant * 2^exp},
 * {@code mant} an unsigned 64-bit integer, optionally with a sticky bit meaning "plus something strictly
 * between 0 and 2^exp" (the discarded tail of a quotient or square root). {@link #round} normalises that
 * to 63 bits with the sticky bit folded into the lowest one; since every format has at most 53 significand
 * bits, at least ten bits lie below the rounding point, so rounding and the underflow/inexact decisions
 * see exactly what the pseudocode's real-number arithmetic sees.
 */
final class FpCore {
    private FpCore() {
    }

    // FPType (Arm ARM shared/functions/float/fptype/FPType); FPType_Nonzero covers normals and denormals
    static final int ZERO = 0;
    static final int NONZERO = 1;
    static final int INF = 2;
    static final int QNAN = 3;
    static final int SNAN = 4;

    /** Fraction bits F of the format. */
    static int fracBits(int n) {
        return n == 64 ? 52 : n == 32 ? 23 : 10;
    }

    /** Exponent bits E of the format. */
    static int expBits(int n) {
        return n == 64 ? 11 : n == 32 ? 8 : 5;
    }

    /** Mask of the low {@code n} bits. */
    static long mask(int n) {
        return n == 64 ? -1L : (1L << n) - 1;
    }

    static int sign(long op, int n) {
        return (int) (op >>> (n - 1)) & 1;
    }

    static int expField(long op, int n) {
        return (int) (op >>> fracBits(n)) & ((1 << expBits(n)) - 1);
    }

    static boolean isNaN(int type) {
        return type >= QNAN;
    }

    /**
     * FPUnpack's type (Arm ARM shared/functions/float/fpunpack/FPUnpackBase): a denormal input of a single or
     * double operand with FPCR.FZ set is a zero and raises IDC; half-precision inputs are never flushed (FZ16
     * is ARMv8.2); with FPCR.AHP set a half-precision all-ones exponent is an ordinary normal number.
     */
    static int type(long op, int n, int fpcr, FpFlags flags) {
        int f = fracBits(n);
        int exp = expField(op, n);
        long frac = op & ((1L << f) - 1);
        if (exp == 0) {
            if (frac == 0) {
                return ZERO;
            }
            if (n != 16 && (fpcr & ArmFp.FPCR_FZ) != 0) {
                flags.bits |= FpFlags.IDC;
                return ZERO;
            }
            return NONZERO;
        }
        if (exp == (1 << expBits(n)) - 1 && !(n == 16 && (fpcr & ArmFp.FPCR_AHP) != 0)) {
            if (frac == 0) {
                return INF;
            }
            return (frac >>> (f - 1)) != 0 ? QNAN : SNAN;
        }
        return NONZERO;
    }

    /** Integer significand (with the implicit bit for normals) of a finite nonzero operand. */
    static long mant(long op, int n) {
        int f = fracBits(n);
        long frac = op & ((1L << f) - 1);
        return expField(op, n) == 0 ? frac : frac | (1L << f);
    }

    /** The power of two that goes with {@link #mant}: value = mant * 2^exp. */
    static int exp(long op, int n) {
        int e = expField(op, n);
        int bias = (1 << (expBits(n) - 1)) - 1;
        return (e == 0 ? 1 : e) - bias - fracBits(n);
    }

    /** Ordering key of a non-NaN operand of the given type (flushed denormals and zeros are 0, infinities the ends). */
    static long key(long op, int n, int type) {
        if (type == ZERO) {
            return 0;
        }
        long mag = op & mask(n - 1);
        return sign(op, n) != 0 ? -mag : mag;
    }

    static long zero(int n, int sign) {
        return (long) sign << (n - 1);
    }

    static long inf(int n, int sign) {
        return zero(n, sign) | ((long) ((1 << expBits(n)) - 1) << fracBits(n));
    }

    static long maxNormal(int n, int sign) {
        return zero(n, sign) | ((long) ((1 << expBits(n)) - 2) << fracBits(n)) | ((1L << fracBits(n)) - 1);
    }

    /** FPTwo, FPOnePointFive and the like: {@code sign * (1 + fracTop/2) * 2^unbiased}. */
    static long constant(int n, int sign, int unbiased, long fracTopBits, int topBitsCount) {
        int bias = (1 << (expBits(n) - 1)) - 1;
        return zero(n, sign) | ((long) (unbiased + bias) << fracBits(n)) | (fracTopBits << (fracBits(n) - topBitsCount));
    }

    /** FPDefaultNaN: positive, quiet, zero payload. */
    static long defaultNaN(int n) {
        return n == 64 ? 0x7ff8000000000000L : n == 32 ? 0x7fc00000L : 0x7e00L;
    }

    /** FPProcessNaN (Arm ARM shared/functions/float/fpprocessnan/FPProcessNaN). */
    static long processNaN(int n, int type, long op, int fpcr, FpFlags flags) {
        long result = op & mask(n);
        if (type == SNAN) {
            result |= 1L << (fracBits(n) - 1);
            flags.bits |= FpFlags.IOC;
        }
        if ((fpcr & ArmFp.FPCR_DN) != 0) {
            result = defaultNaN(n);
        }
        return result;
    }

    /**
     * FPProcessNaNs: the first signalling NaN of the operands in order, else the first quiet NaN.
     * Only called when one of the types is a NaN.
     */
    static long processNaNs(int n, int t1, int t2, long op1, long op2, int fpcr, FpFlags flags) {
        if (t1 == SNAN) {
            return processNaN(n, t1, op1, fpcr, flags);
        } else if (t2 == SNAN) {
            return processNaN(n, t2, op2, fpcr, flags);
        } else if (t1 == QNAN) {
            return processNaN(n, t1, op1, fpcr, flags);
        }
        return processNaN(n, t2, op2, fpcr, flags);
    }

    /** FPProcessNaNs3, same rule over three operands. Only called when one of the types is a NaN. */
    static long processNaNs3(int n, int t1, int t2, int t3, long op1, long op2, long op3, int fpcr,
            FpFlags flags) {
        if (t1 == SNAN) {
            return processNaN(n, t1, op1, fpcr, flags);
        } else if (t2 == SNAN) {
            return processNaN(n, t2, op2, fpcr, flags);
        } else if (t3 == SNAN) {
            return processNaN(n, t3, op3, fpcr, flags);
        } else if (t1 == QNAN) {
            return processNaN(n, t1, op1, fpcr, flags);
        } else if (t2 == QNAN) {
            return processNaN(n, t2, op2, fpcr, flags);
        }
        return processNaN(n, t3, op3, fpcr, flags);
    }

    /**
     * FPConvertNaN (Arm ARM shared/functions/float/fpconvertnan/FPConvertNaN): keeps the sign and the top of
     * the payload, sets the quiet bit.
     */
    static long convertNaN(int toN, int fromN, long op) {
        long frac51 = fromN == 64 ? op & ((1L << 51) - 1)
                : fromN == 32 ? (op & 0x3fffffL) << 29 : (op & 0x1ffL) << 42;
        long sign = sign(op, fromN);
        return switch (toN) {
            case 64 -> sign << 63 | 0x7ff8000000000000L | frac51;
            case 32 -> sign << 31 | 0x7fc00000L | (frac51 >>> 29);
            default -> sign << 15 | 0x7e00L | (frac51 >>> 42);
        };
    }

    /**
     * FPRoundBase (Arm ARM shared/functions/float/fpround/FPRoundBase) of the nonzero real
     * {@code (-1)^sign * (mant + s) * 2^exp}, where {@code mant} is an unsigned nonzero 64-bit integer and
     * {@code s} is 0 or, when {@code sticky}, some value strictly between 0 and 1.
     *
     * <p>FPCR.FZ flushes a result whose unrounded exponent is below the normal range to zero and raises UFC
     * (not for {@code n} = 16: that is FZ16). Underflow (UFC) is tiny before rounding and inexact; overflow
     * gives infinity or the largest finite number as the rounding mode says, with OFC and IXC. For {@code n} =
     * 16 with FPCR.AHP set, the alternative half-precision format has no infinity: overflow saturates with IOC
     * and without IXC. Callers implementing the pseudocode's FPRound (rather than FPRoundCV) clear AHP first.
     *
     * @param rounding one of {@link ArmFp#RN}, {@link ArmFp#RP}, {@link ArmFp#RM}, {@link ArmFp#RZ},
     *                 {@link ArmFp#TIEAWAY}, {@link ArmFp#ODD}
     */
    static long round(int n, int sign, long mant, int exp, boolean sticky, int fpcr, int rounding, FpFlags flags) {
        if (mant < 0) {
            sticky |= (mant & 1) != 0;
            mant >>>= 1;
            exp++;
        }
        int lz = Long.numberOfLeadingZeros(mant) - 1;
        mant <<= lz;
        exp -= lz;
        if (sticky) {
            mant |= 1;
        }
        // mant in [2^62, 2^63): the pseudocode's exponent (value = 1.xxx * 2^e)
        int e = exp + 62;
        int f = fracBits(n);
        int eb = expBits(n);
        int minExp = 2 - (1 << (eb - 1));
        if (n != 16 && (fpcr & ArmFp.FPCR_FZ) != 0 && e < minExp) {
            flags.bits |= FpFlags.UFC;
            return zero(n, sign);
        }
        int biased = Math.max(e - minExp + 1, 0);
        long shiftL = 62L - f + (biased == 0 ? (long) minExp - e : 0);
        long intMant;
        boolean inexact;
        boolean half;
        boolean aboveHalf;
        if (shiftL >= 64) {
            // everything is below the last place, and below half of it: mant < 2^63 <= 2^(shift-1)
            intMant = 0;
            inexact = true;
            half = false;
            aboveHalf = false;
        } else {
            int shift = (int) shiftL;
            intMant = mant >>> shift;
            long rem = mant & ((1L << shift) - 1);
            long halfValue = 1L << (shift - 1);
            inexact = rem != 0;
            half = rem == halfValue;
            aboveHalf = Long.compareUnsigned(rem, halfValue) > 0;
        }
        if (biased == 0 && inexact) {
            flags.bits |= FpFlags.UFC;
        }
        boolean roundUp;
        boolean overflowToInf;
        switch (rounding) {
            case ArmFp.RN -> {
                roundUp = aboveHalf || (half && (intMant & 1) != 0);
                overflowToInf = true;
            }
            case ArmFp.RP -> {
                roundUp = inexact && sign == 0;
                overflowToInf = sign == 0;
            }
            case ArmFp.RM -> {
                roundUp = inexact && sign != 0;
                overflowToInf = sign != 0;
            }
            case ArmFp.TIEAWAY -> {
                roundUp = aboveHalf || half;
                overflowToInf = true;
            }
            default -> { // RZ, ODD
                roundUp = false;
                overflowToInf = false;
            }
        }
        if (roundUp) {
            intMant++;
            if (intMant == 1L << f) {
                biased = 1; // rounded up from denormal to normal
            }
            if (intMant == 1L << (f + 1)) {
                biased++;
                intMant >>>= 1;
            }
        }
        if (inexact && rounding == ArmFp.ODD) {
            intMant |= 1;
        }
        long result;
        if (n != 16 || (fpcr & ArmFp.FPCR_AHP) == 0) {
            if (biased >= (1 << eb) - 1) {
                result = overflowToInf ? inf(n, sign) : maxNormal(n, sign);
                flags.bits |= FpFlags.OFC;
                inexact = true;
            } else {
                result = zero(n, sign) | ((long) biased << f) | (intMant & ((1L << f) - 1));
            }
        } else {
            if (biased >= 1 << eb) {
                result = zero(n, sign) | mask(n - 1);
                flags.bits |= FpFlags.IOC;
                inexact = false;
            } else {
                result = zero(n, sign) | ((long) biased << f) | (intMant & ((1L << f) - 1));
            }
        }
        if (inexact) {
            flags.bits |= FpFlags.IXC;
        }
        return result;
    }

    /** {@link #round} of {@code (-1)^sign * mag * 2^exp} for an arbitrary positive integer {@code mag}. */
    static long roundBig(int n, int sign, BigInteger mag, int exp, boolean sticky, int fpcr, int rounding,
            FpFlags flags) {
        int bl = mag.bitLength();
        long m;
        if (bl > 63) {
            int sh = bl - 63;
            sticky |= mag.getLowestSetBit() < sh;
            m = mag.shiftRight(sh).longValue();
            exp += sh;
        } else {
            m = mag.longValue();
        }
        return round(n, sign, m, exp, sticky, fpcr, rounding, flags);
    }

    /** {@link #round} of the exact product {@code (-1)^sign * m1 * m2 * 2^exp} (m1, m2 below 2^54). */
    static long roundProduct(int n, int sign, long m1, long m2, int exp, int fpcr, int rounding, FpFlags flags) {
        long hi = Math.multiplyHigh(m1, m2);
        long lo = m1 * m2;
        if (hi == 0) {
            return round(n, sign, lo, exp, false, fpcr, rounding, flags);
        }
        int bl = 128 - Long.numberOfLeadingZeros(hi);
        int sh = bl - 63; // 2..43
        long m = (hi << (64 - sh)) | (lo >>> sh);
        boolean sticky = (lo & ((1L << sh) - 1)) != 0;
        return round(n, sign, m, exp + sh, sticky, fpcr, rounding, flags);
    }

    /** Signed exact value {@code (-1)^sign * mant} as a BigInteger. */
    static BigInteger signed(int sign, long mant) {
        BigInteger b = BigInteger.valueOf(mant);
        return sign != 0 ? b.negate() : b;
    }

    /**
     * Rounds the exact signed sum {@code x * 2^ex + y * 2^ey} (either may be zero); an exact zero sum gives the
     * zero the pseudocode gives: +0, or -0 when rounding toward minus infinity.
     */
    static long roundSum(int n, BigInteger x, int ex, BigInteger y, int ey, int fpcr, int rounding,
            FpFlags flags) {
        int e;
        BigInteger sum;
        if (x.signum() == 0) {
            sum = y;
            e = ey;
        } else if (y.signum() == 0) {
            sum = x;
            e = ex;
        } else {
            e = Math.min(ex, ey);
            sum = x.shiftLeft(ex - e).add(y.shiftLeft(ey - e));
        }
        if (sum.signum() == 0) {
            return zero(n, rounding == ArmFp.RM ? 1 : 0);
        }
        return roundBig(n, sum.signum() < 0 ? 1 : 0, sum.abs(), e, false, fpcr, rounding, flags);
    }
}
