package org.jemu.arm.fp;

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

    /** {@link #round} of the exact product {@code (-1)^sign * m1 * m2 * 2^exp} (m1, m2 below 2^54). */
    static long roundProduct(int n, int sign, long m1, long m2, int exp, int fpcr, int rounding, FpFlags flags) {
        return round128(n, sign, Math.multiplyHigh(m1, m2), m1 * m2, exp, false, fpcr, rounding, flags);
    }

    /** Leading zeros of the unsigned 128-bit integer {@code hi:lo}. */
    private static int nlz128(long hi, long lo) {
        return hi != 0 ? Long.numberOfLeadingZeros(hi) : 64 + Long.numberOfLeadingZeros(lo);
    }

    /**
     * {@link #round} of {@code (-1)^sign * (hi:lo + s) * 2^exp}, {@code hi:lo} a nonzero unsigned 128-bit
     * integer, {@code s} in (0, 1) when {@code sticky} (then hi:lo must have at least 56 significant bits).
     */
    static long round128(int n, int sign, long hi, long lo, int exp, boolean sticky, int fpcr, int rounding,
            FpFlags flags) {
        int bl = 128 - nlz128(hi, lo);
        if (bl <= 63) {
            return round(n, sign, lo, exp, sticky, fpcr, rounding, flags);
        }
        int sh = bl - 63; // 1..65
        long m;
        if (sh < 64) {
            sticky |= (lo & ((1L << sh) - 1)) != 0;
            m = (lo >>> sh) | (hi << (64 - sh));
        } else {
            sticky |= lo != 0 || (hi & ((1L << (sh - 64)) - 1)) != 0;
            m = hi >>> (sh - 64);
        }
        return round(n, sign, m, exp + sh, sticky, fpcr, rounding, flags);
    }

    /**
     * Rounds the exact sum {@code (-1)^sx * xh:xl * 2^ex + (-1)^sy * yh:yl * 2^ey} of two unsigned integers of at
     * most 125 bits (either may be zero), with 128-bit integer arithmetic: the operands are normalised so their
     * top bits sit at bit 125, the one with the smaller exponent is shifted right with a sticky bit (a
     * subtraction borrows one unit from the larger and keeps the sticky bit, which stays exact because shifts
     * of at least two positions leave at least 123 significant bits). An exact zero sum gives +0, or -0 when
     * rounding toward minus infinity, as FPAdd and FPMulAdd do.
     */
    static long roundSum(int n, int sx, long xh, long xl, int ex, int sy, long yh, long yl, int ey, int fpcr,
            int rounding, FpFlags flags) {
        boolean xZero = (xh | xl) == 0;
        boolean yZero = (yh | yl) == 0;
        if (xZero && yZero) {
            return zero(n, rounding == ArmFp.RM ? 1 : 0);
        }
        if (xZero || yZero) {
            return yZero ? round128(n, sx, xh, xl, ex, false, fpcr, rounding, flags)
                    : round128(n, sy, yh, yl, ey, false, fpcr, rounding, flags);
        }
        // normalise both to the top bit at 125
        int shx = nlz128(xh, xl) - 2;
        if (shx > 0) {
            xh = shx >= 64 ? xl << (shx - 64) : (xh << shx) | (xl >>> (64 - shx));
            xl = shx >= 64 ? 0 : xl << shx;
        }
        ex -= shx;
        int shy = nlz128(yh, yl) - 2;
        if (shy > 0) {
            yh = shy >= 64 ? yl << (shy - 64) : (yh << shy) | (yl >>> (64 - shy));
            yl = shy >= 64 ? 0 : yl << shy;
        }
        ey -= shy;
        // x the larger magnitude
        if (ey > ex || (ey == ex && (Long.compareUnsigned(yh, xh) > 0 || (yh == xh && Long.compareUnsigned(yl, xl) > 0)))) {
            long t = xh;
            xh = yh;
            yh = t;
            t = xl;
            xl = yl;
            yl = t;
            int ti = ex;
            ex = ey;
            ey = ti;
            ti = sx;
            sx = sy;
            sy = ti;
        }
        long d = (long) ex - ey;
        boolean sticky = false;
        if (d >= 128) {
            sticky = true;
            yh = 0;
            yl = 0;
        } else if (d >= 64) {
            int s = (int) d - 64;
            sticky = yl != 0 || (s > 0 && (yh & ((1L << s) - 1)) != 0);
            yl = yh >>> s;
            yh = 0;
        } else if (d > 0) {
            int s = (int) d;
            sticky = (yl & ((1L << s) - 1)) != 0;
            yl = (yl >>> s) | (yh << (64 - s));
            yh >>>= s;
        }
        long rh;
        long rl;
        if (sx == sy) {
            rl = xl + yl;
            rh = xh + yh + (Long.compareUnsigned(rl, xl) < 0 ? 1 : 0);
        } else {
            long bl = yl + (sticky ? 1 : 0);
            long bh = yh + (Long.compareUnsigned(bl, yl) < 0 ? 1 : 0);
            rl = xl - bl;
            rh = xh - bh - (Long.compareUnsigned(xl, bl) < 0 ? 1 : 0);
        }
        if ((rh | rl) == 0) {
            return zero(n, rounding == ArmFp.RM ? 1 : 0); // exact cancellation (sticky is then false)
        }
        return round128(n, sx, rh, rl, ex, sticky, fpcr, rounding, flags);
    }
}
