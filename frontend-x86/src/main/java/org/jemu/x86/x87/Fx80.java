package org.jemu.x86.x87;

import java.math.BigInteger;

/**
 * An IA-32 double extended-precision floating-point value (SDM Vol. 1 4.2.2, Figure 4-3): 80 bits made of a
 * 16-bit sign-and-exponent word {@link #se} (bit 15 sign, bits 14:0 biased exponent, bias 16383) and a 64-bit
 * significand {@link #m} whose bit 63 is the explicit integer bit J.
 *
 * <p>Encodings (SDM Vol. 1 8.2.2, Table 8-3 "Unsupported Double Extended-Precision Floating-Point Encodings and
 * Pseudo-Denormals"):
 * <ul>
 *   <li>exponent 0, significand 0: zero; exponent 0, J = 0, fraction != 0: denormal; exponent 0, J = 1:
 *       pseudo-denormal (read as an operand with exponent 1 and the denormal-operand exception, never
 *       produced);</li>
 *   <li>exponent 1..7FFEh, J = 1: normal; J = 0: unnormal (unsupported: #IA on every arithmetic use);</li>
 *   <li>exponent 7FFFh, J = 1: infinity (fraction 0), quiet NaN (fraction bit 62 = 1), signaling NaN (bit 62 =
 *       0, rest != 0); J = 0: pseudo-infinity and pseudo-NaN (unsupported).</li>
 * </ul>
 *
 * @param se sign (bit 15) and biased exponent (bits 14:0); only the low 16 bits are used
 * @param m  the 64-bit significand, integer bit J in bit 63
 */
public record Fx80(int se, long m) {
    /** The exponent bias, 16383 (3FFFh). */
    public static final int BIAS = 0x3FFF;
    /** Largest biased exponent of a finite value (7FFEh). */
    public static final int EXP_MAX = 0x7FFE;
    /** The integer bit J of the significand. */
    public static final long J = Long.MIN_VALUE;
    /** The quiet bit of a NaN significand (bit 62). */
    public static final long QUIET = 1L << 62;

    public Fx80 {
        se &= 0xFFFF;
    }

    /** +0.0 */
    public static final Fx80 ZERO = new Fx80(0, 0);
    /** -0.0 */
    public static final Fx80 NEG_ZERO = new Fx80(0x8000, 0);
    /** +1.0 */
    public static final Fx80 ONE = new Fx80(BIAS, J);
    /** +infinity */
    public static final Fx80 INF = new Fx80(0x7FFF, J);
    /**
     * The real indefinite (SDM Vol. 1 4.8.3.7, Table 4-3): the QNaN FFFF C000000000000000h returned by a masked
     * invalid-operation exception.
     */
    public static final Fx80 INDEFINITE = new Fx80(0xFFFF, J | QUIET);

    /** The biased exponent, 0..7FFFh. */
    public int exp() {
        return se & 0x7FFF;
    }

    /** The sign bit. */
    public boolean neg() {
        return (se & 0x8000) != 0;
    }

    /** This value with the sign cleared. */
    public Fx80 abs() {
        return new Fx80(se & 0x7FFF, m);
    }

    /** This value with the sign inverted. */
    public Fx80 negate() {
        return new Fx80(se ^ 0x8000, m);
    }

    /** This value with sign {@code neg}. */
    public Fx80 withSign(boolean neg) {
        return new Fx80(neg ? se | 0x8000 : se & 0x7FFF, m);
    }

    /** Exponent 0 and significand 0. */
    public boolean isZero() {
        return exp() == 0 && m == 0;
    }

    /** Exponent 0 with a non-zero significand: a denormal or pseudo-denormal. */
    public boolean isDenormal() {
        return exp() == 0 && m != 0;
    }

    /** Exponent 0 with J = 1 (SDM Table 8-3). */
    public boolean isPseudoDenormal() {
        return exp() == 0 && m < 0;
    }

    /** An unsupported encoding: unnormal, pseudo-NaN or pseudo-infinity (exponent != 0 and J = 0). */
    public boolean isUnsupported() {
        return exp() != 0 && m >= 0;
    }

    /** Infinity (exponent 7FFFh, significand 8000000000000000h). */
    public boolean isInf() {
        return exp() == 0x7FFF && m == J;
    }

    /** A NaN (exponent 7FFFh, J = 1, fraction != 0). */
    public boolean isNaN() {
        return exp() == 0x7FFF && m < 0 && (m << 1) != 0;
    }

    /** A signaling NaN (quiet bit 62 clear). */
    public boolean isSNaN() {
        return isNaN() && (m & QUIET) == 0;
    }

    /** A finite value of a supported encoding (zero, denormal, pseudo-denormal, normal). */
    public boolean isFinite() {
        return exp() != 0x7FFF && !isUnsupported();
    }

    /** This NaN made quiet. */
    public Fx80 quiet() {
        return new Fx80(se, m | QUIET);
    }

    /** The significand as an unsigned BigInteger. */
    public BigInteger sig() {
        return unsigned(m);
    }

    /**
     * The power of two of the significand's bit 0 for a finite value: value = sig * 2^{@code lsbExp()}. A
     * (pseudo-)denormal has the exponent of exponent field 1 (SDM 4.8.3.2).
     */
    public int lsbExp() {
        return Math.max(exp(), 1) - BIAS - 63;
    }

    /** The 10 bytes of the memory format, little-endian (significand first, then the sign/exponent word). */
    public byte[] toBytes() {
        byte[] b = new byte[10];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (m >>> (8 * i));
        }
        b[8] = (byte) se;
        b[9] = (byte) (se >>> 8);
        return b;
    }

    /** The value of the 10-byte memory format at {@code off} (little-endian). */
    public static Fx80 fromBytes(byte[] b, int off) {
        long m = 0;
        for (int i = 7; i >= 0; i--) {
            m = (m << 8) | (b[off + i] & 0xFF);
        }
        return new Fx80((b[off + 8] & 0xFF) | (b[off + 9] & 0xFF) << 8, m);
    }

    /** {@code v} as an unsigned 64-bit BigInteger. */
    public static BigInteger unsigned(long v) {
        BigInteger b = BigInteger.valueOf(v & Long.MAX_VALUE);
        return v < 0 ? b.setBit(63) : b;
    }

    @Override
    public String toString() {
        return String.format("%04x:%016x", se, m);
    }
}
