package org.jemu.ppc.cpu;

/**
 * Bit-exact floating-point data movement of the PowerPC FPU that involves no rounding: the single/double
 * conversions of the floating-point loads and stores (Power ISA Book I "Floating-Point
 * Load Instructions" and "Floating-Point Store Instructions", PEM 4.4.7 / chapter 8 lfs, stfs) and the
 * FPSCR field moves (PEM 2.1.4 FPSCR, chapter 8 mtfsf, mtfsfi, mtfsb0, mtfsb1, mcrfs). All methods are pure
 * helpers (they take the CPU only because helpers must, and touch no state).
 *
 * <p>FPSCR bits, numbered 0 (most significant) to 31 as in the manual: FX 0, FEX 1, VX 2, OX 3, UX 4, ZX 5,
 * XX 6, VXSNAN 7, VXISI 8, VXIDI 9, VXZDZ 10, VXIMZ 11, VXVC 12, FR 13, FI 14, FPRF 15-19, reserved 20,
 * VXSOFT 21, VXSQRT 22, VXCVI 23, VE 24, OE 25, UE 26, ZE 27, XE 28, NI 29, RN 30-31.
 */
public final class PpcFpBits {
    private PpcFpBits() {
    }

    /** The mask of FPSCR bit {@code n} (manual numbering, 0 = most significant of 32). */
    public static int bit(int n) {
        return 1 << (31 - n);
    }

    public static final int FX = bit(0);
    public static final int FEX = bit(1);
    public static final int VX = bit(2);
    public static final int OX = bit(3);
    public static final int UX = bit(4);
    public static final int ZX = bit(5);
    public static final int XX = bit(6);
    /** VXSNAN..VXVC (bits 7-12) and VXSOFT, VXSQRT, VXCVI (bits 21-23): the invalid-operation exception bits. */
    public static final int VX_ALL = 0x01f8_0000 | 0x0000_0700;
    /** The exception bits (FX, OX, UX, ZX, XX and VX_ALL) that mcrfs clears after copying. */
    public static final int EXCEPTION_BITS = FX | OX | UX | ZX | XX | VX_ALL;
    public static final int VE = bit(24);
    public static final int OE = bit(25);
    public static final int UE = bit(26);
    public static final int ZE = bit(27);
    public static final int XE = bit(28);

    /**
     * Recomputes the summary bits (PEM 2.1.4): VX = OR of the VX* bits, FEX = OR of each exception bit
     * (VX, OX, UX, ZX, XX) ANDed with its enable (VE, OE, UE, ZE, XE). FX is left as is.
     *
     * @param fpscr a 32-bit FPSCR value
     */
    public static int summarize(int fpscr) {
        int f = fpscr & ~(VX | FEX);
        if ((f & VX_ALL) != 0) {
            f |= VX;
        }
        boolean fex = ((f & VX) != 0 && (f & VE) != 0) || ((f & OX) != 0 && (f & OE) != 0)
                || ((f & UX) != 0 && (f & UE) != 0) || ((f & ZX) != 0 && (f & ZE) != 0)
                || ((f & XX) != 0 && (f & XE) != 0);
        return fex ? f | FEX : f;
    }

    /**
     * mtfsf FLM,FRB (PEM chapter 8): each FPSCR field i (4 bits, field 0 = bits 0-3) whose FLM bit
     * {@code 0x80 >> i} is set receives field i of FRB[32:63]; FEX and VX cannot be set or reset explicitly
     * (they are recomputed), FX can.
     *
     * @return the new FPSCR (32 bits, zero-extended)
     */
    public static long mtfsf(PpcCpu c, long fpscr, long frb, int flm) {
        int mask = 0;
        for (int i = 0; i < 8; i++) {
            if ((flm & (0x80 >> i)) != 0) {
                mask |= 0xf << (28 - 4 * i);
            }
        }
        int v = ((int) fpscr & ~mask) | ((int) frb & mask);
        return summarize(v) & 0xffff_ffffL;
    }

    /**
     * mtfsb0/mtfsb1 BT: clears or sets FPSCR bit {@code bt}; FEX (1) and VX (2) cannot be changed explicitly.
     * Setting an exception bit that was 0 also sets FX (the rule of PEM 2.1.4 for FX).
     */
    public static long mtfsb(PpcCpu c, long fpscr, int bt, int set) {
        int f = (int) fpscr;
        int m = bit(bt);
        if (bt == 1 || bt == 2) {
            return summarize(f) & 0xffff_ffffL;
        }
        if (set != 0) {
            if ((f & m) == 0 && (m & EXCEPTION_BITS & ~FX) != 0) {
                f |= FX;
            }
            f |= m;
        } else {
            f &= ~m;
        }
        return summarize(f) & 0xffff_ffffL;
    }

    /**
     * mcrfs BF,BFA: the new FPSCR after copying field {@code bfa} to a CR field: the exception bits of that field
     * (FX, OX, UX, ZX, XX, VXSNAN ... VXVC, VXSOFT, VXSQRT, VXCVI) are cleared, FEX/VX recomputed.
     */
    public static long mcrfs(PpcCpu c, long fpscr, int bfa) {
        int fieldMask = 0xf << (28 - 4 * bfa);
        int f = (int) fpscr & ~(fieldMask & EXCEPTION_BITS);
        return summarize(f) & 0xffff_ffffL;
    }

    /**
     * The double-format bit pattern of a single-format value (lfs, lfsx, lfsu, lfsux): normal, zero and denormal
     * operands are converted exactly (denormals normalised), infinities and NaNs keep sign and fraction (an
     * SNaN stays signalling; no exception, no FPSCR change).
     *
     * @param single the 32-bit word loaded
     */
    public static long singleToDouble(PpcCpu c, int single) {
        int exp = (single >>> 23) & 0xff;
        if (exp == 0xff) {
            long sign = (long) (single >>> 31) << 63;
            return sign | 0x7ff0_0000_0000_0000L | ((long) (single & 0x7f_ffff) << 29);
        }
        // finite: the JVM's float-to-double widening is exact (no NaN is involved)
        return Double.doubleToRawLongBits(Float.intBitsToFloat(single));
    }

    /**
     * The single-format word stfs stores for the double-format value {@code d} (Book I "Floating-Point Store
     * Instructions", without rounding): if the exponent exceeds 896 or the value is a zero, the sign, the top
     * exponent bit and bits 5-34 are stored (this covers single-range normals, infinities and NaNs, truncating
     * the fraction); for exponents 874..896 the value is denormalised into a single denormal; smaller values
     * are undefined in the manual, and this implementation stores the signed zero.
     */
    public static int doubleToSingle(PpcCpu c, long d) {
        int exp = (int) (d >>> 52) & 0x7ff;
        if (exp > 896 || (d & 0x7fff_ffff_ffff_ffffL) == 0) {
            return (int) ((d >>> 32) & 0xc000_0000L) | (int) ((d >>> 29) & 0x3fff_ffffL);
        }
        int sign = (int) (d >>> 63) << 31;
        if (exp >= 874) {
            long frac = (1L << 52) | (d & 0x000f_ffff_ffff_ffffL);   // 1.fraction, 53 bits
            int e = exp - 1023;
            while (e < -126) {
                frac >>>= 1;
                e++;
            }
            return sign | (int) ((frac >>> 29) & 0x7f_ffff);
        }
        return sign;
    }
}
