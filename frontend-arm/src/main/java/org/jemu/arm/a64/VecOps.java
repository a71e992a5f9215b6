package org.jemu.arm.a64;

import org.jemu.arm.cpu.Aarch64Cpu;

/**
 * Integer Advanced SIMD semantics on 64-bit halves of vector registers, called from translated code
 * (Arm ARM C7.2, shared pseudocode J1). A 128-bit vector operation is two calls, one per half, when each
 * result element depends only on the elements in the same half; pairwise, permute, widening and narrowing
 * operations take the halves that feed the result half (see the individual methods).
 *
 * <p>Element sizes are given as {@code log2(bytes)}: 0 = 8-bit, 1 = 16-bit, 2 = 32-bit, 3 = 64-bit lanes.
 * The {@code ctl} argument packs {@code op << 4 | log2esize}. Elements are little-endian within the half
 * (lane 0 in bits [esize-1:0]). Methods whose name ends in {@code Sat} saturate and set FPSR.QC (bit 27)
 * when any lane saturates (FPSR is only ever touched by helpers, never cached by compiled code, so these
 * write {@code cpu.regs[FPSR]} directly); the others are pure.
 */
public final class VecOps {
    private VecOps() {
    }

    /** FPSR.QC, the cumulative saturation bit (D13.2.50). */
    public static final long QC = 1L << 27;

    // ---- operation codes ------------------------------------------------------------------------------

    public static final int ADD = 0, SUB = 1, MUL = 2, PMUL = 3, SHADD = 4, UHADD = 5, SRHADD = 6, URHADD = 7,
            SHSUB = 8, UHSUB = 9, CMGT = 10, CMHI = 11, CMGE = 12, CMHS = 13, CMEQ = 14, CMTST = 15, SSHL = 16,
            USHL = 17, SRSHL = 18, URSHL = 19, SMAX = 20, UMAX = 21, SMIN = 22, UMIN = 23, SABD = 24, UABD = 25;
    public static final int SQADD = 0, UQADD = 1, SQSUB = 2, UQSUB = 3, SQSHL = 4, UQSHL = 5, SQRSHL = 6,
            UQRSHL = 7, SQDMULH = 8, SQRDMULH = 9, SUQADD = 10, USQADD = 11, SQSHLU = 12;
    public static final int ABS = 0, NEG = 1, CLS = 2, CLZ = 3, CNT = 4, NOT = 5, RBIT = 6, CMGT0 = 7, CMGE0 = 8,
            CMEQ0 = 9, CMLE0 = 10, CMLT0 = 11;
    public static final int SQABS = 0, SQNEG = 1;

    static int ctl(int op, int log2esize) {
        return op << 4 | log2esize;
    }

    private static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    private static long sx(long x, int bits) {
        return bits == 64 ? x : (x << (64 - bits)) >> (64 - bits);
    }

    private static long sat(Aarch64Cpu cpu) {
        cpu.regs[Aarch64Cpu.FPSR] |= QC;
        return 0;
    }

    // ---- element-wise binary -------------------------------------------------------------------------

    /** Element-wise {@code op(a[i], b[i])} for the ops ADD..UABD (pure). */
    public static long bin(Aarch64Cpu cpu, long a, long b, int ctl) {
        int op = ctl >>> 4;
        int bits = 8 << (ctl & 15);
        // The commonest ops (glibc's string functions compare bytes on every call) on all lanes at once.
        switch (op) {
            case ADD -> {
                long h = laneTops(bits);
                return ((a & ~h) + (b & ~h)) ^ ((a ^ b) & h);
            }
            case SUB -> {
                long h = laneTops(bits);
                return ((a | h) - (b & ~h)) ^ ((a ^ ~b) & h);
            }
            case CMEQ -> {
                return zeroLanes(a ^ b, bits);
            }
            case CMTST -> {
                return ~zeroLanes(a & b, bits);
            }
            default -> {
            }
        }
        long m = mask(bits);
        long r = 0;
        for (int i = 0; i < 64; i += bits) {
            long x = (a >>> i) & m;
            long y = (b >>> i) & m;
            r |= (binElem(op, bits, x, y) & m) << i;
        }
        return r;
    }

    /** The top bit of every {@code bits}-bit lane of a 64-bit word. */
    private static long laneTops(int bits) {
        return switch (bits) {
            case 8 -> 0x8080_8080_8080_8080L;
            case 16 -> 0x8000_8000_8000_8000L;
            case 32 -> 0x8000_0000_8000_0000L;
            default -> Long.MIN_VALUE;
        };
    }

    /** All ones in every {@code bits}-bit lane of {@code t} that is zero, zeros in the others. */
    private static long zeroLanes(long t, int bits) {
        long h = laneTops(bits);
        // A lane's top bit ends up set iff the lane is zero: adding ~h to its low bits carries into the top
        // bit iff they are not all zero, and no carry crosses into the next lane.
        long z = ~(((t & ~h) + ~h) | t) & h;
        return (z >>> (bits - 1)) * mask(bits);
    }

    private static long binElem(int op, int bits, long x, long y) {
        long sxv = sx(x, bits);
        long syv = sx(y, bits);
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case PMUL -> pmul(x, y, bits);
            case SHADD -> (sxv + syv) >> 1;
            case UHADD -> bits == 64 ? (x >>> 1) + (y >>> 1) + (x & y & 1) : (x + y) >>> 1;
            case SRHADD -> bits == 64 ? (sxv >> 1) + (syv >> 1) + ((sxv | syv) & 1) : (sxv + syv + 1) >> 1;
            case URHADD -> bits == 64 ? (x >>> 1) + (y >>> 1) + ((x | y) & 1) : (x + y + 1) >>> 1;
            case SHSUB -> bits == 64 ? (sxv >> 1) - (syv >> 1) - ((~sxv & syv) & 1) : (sxv - syv) >> 1;
            case UHSUB -> bits == 64 ? (x >>> 1) - (y >>> 1) - ((~x & y) & 1) : (x - y) >> 1;
            case CMGT -> sxv > syv ? -1 : 0;
            case CMHI -> Long.compareUnsigned(x, y) > 0 ? -1 : 0;
            case CMGE -> sxv >= syv ? -1 : 0;
            case CMHS -> Long.compareUnsigned(x, y) >= 0 ? -1 : 0;
            case CMEQ -> x == y ? -1 : 0;
            case CMTST -> (x & y) != 0 ? -1 : 0;
            case SSHL -> shl(sxv, (byte) y, bits, true, false);
            case USHL -> shl(x, (byte) y, bits, false, false);
            case SRSHL -> shl(sxv, (byte) y, bits, true, true);
            case URSHL -> shl(x, (byte) y, bits, false, true);
            case SMAX -> Math.max(sxv, syv);
            case UMAX -> Long.compareUnsigned(x, y) >= 0 ? x : y;
            case SMIN -> Math.min(sxv, syv);
            case UMIN -> Long.compareUnsigned(x, y) <= 0 ? x : y;
            case SABD -> bits == 64 ? (sxv > syv ? sxv - syv : syv - sxv) : Math.abs(sxv - syv);
            case UABD -> Long.compareUnsigned(x, y) >= 0 ? x - y : y - x;
            default -> throw new IllegalArgumentException("VecOps.bin op " + op);
        };
    }

    /** Polynomial (carry-less) multiply of two {@code bits}-bit elements, low {@code bits} bits. */
    private static long pmul(long x, long y, int bits) {
        long r = 0;
        for (int i = 0; i < bits; i++) {
            if (((y >>> i) & 1) != 0) {
                r ^= x << i;
            }
        }
        return r;
    }

    /**
     * SSHL/USHL/SRSHL/URSHL of one element (C7.2 SSHL, J1 shared pseudocode): the shift is the signed low
     * byte of the second operand; a negative shift is a right shift (arithmetic when {@code signed}),
     * rounded to nearest (ties up) when {@code round}. {@code x} is the element sign- or zero-extended to
     * 64 bits.
     */
    private static long shl(long x, int shift, int bits, boolean signed, boolean round) {
        if (shift >= 0) {
            return shift >= bits ? 0 : x << shift;
        }
        int rs = -shift;
        if (rs > bits) {
            return round ? 0 : (signed && x < 0 ? -1 : 0);
        }
        long q = rs == 64 ? (signed ? x >> 63 : 0) : (signed ? x >> rs : x >>> rs);
        if (round) {
            q += (x >>> (rs - 1)) & 1;
        }
        return q;
    }

    // ---- saturating element-wise binary ----------------------------------------------------------------

    /** Element-wise saturating {@code op(a[i], b[i])} for SQADD..SQSHLU; sets FPSR.QC on saturation. */
    public static long binSat(Aarch64Cpu cpu, long a, long b, int ctl) {
        int op = ctl >>> 4;
        int bits = 8 << (ctl & 15);
        long m = mask(bits);
        long r = 0;
        boolean q = false;
        for (int i = 0; i < 64; i += bits) {
            long x = (a >>> i) & m;
            long y = (b >>> i) & m;
            long[] res = new long[2];
            satElem(op, bits, x, y, res);
            r |= (res[0] & m) << i;
            q |= res[1] != 0;
        }
        if (q) {
            sat(cpu);
        }
        return r;
    }

    /** Signed saturation of an exact value {@code v} to {@code bits} bits; out[1] = 1 if it saturated. */
    private static long ssat(long v, int bits, long[] out) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
        if (v > max) {
            out[1] = 1;
            return max;
        }
        if (v < min) {
            out[1] = 1;
            return min;
        }
        return v;
    }

    /** Unsigned saturation of a non-negative-or-negative exact value to {@code bits} bits (bits < 64). */
    private static long usat(long v, int bits, long[] out) {
        long max = mask(bits);
        if (v < 0) {
            out[1] = 1;
            return 0;
        }
        if (v > max) {
            out[1] = 1;
            return max;
        }
        return v;
    }

    private static void satElem(int op, int bits, long x, long y, long[] out) {
        out[1] = 0;
        long sxv = sx(x, bits);
        long syv = sx(y, bits);
        long r;
        if (bits == 64) {
            r = sat64(op, x, y, out);
        } else {
            r = switch (op) {
                case SQADD -> ssat(sxv + syv, bits, out);
                case UQADD -> usat(x + y, bits, out);
                case SQSUB -> ssat(sxv - syv, bits, out);
                case UQSUB -> usat(x - y, bits, out);
                case SUQADD -> ssat(sxv + y, bits, out);       // signed accumulator x, unsigned addend y
                case USQADD -> usat(x + syv, bits, out);       // unsigned accumulator x, signed addend y
                case SQSHL, SQRSHL -> satShift(sxv, (byte) y, bits, true, op == SQRSHL, out);
                case UQSHL, UQRSHL -> satShift(x, (byte) y, bits, false, op == UQRSHL, out);
                case SQSHLU -> satShiftU(sxv, (byte) y, bits, out);
                // (2 * x * y) >> esize, without overflowing 64 bits for 32-bit elements
                case SQDMULH -> ssat((sxv * syv) >> (bits - 1), bits, out);
                case SQRDMULH -> ssat((sxv * syv + (1L << (bits - 2))) >> (bits - 1), bits, out);
                default -> throw new IllegalArgumentException("VecOps.binSat op " + op);
            };
        }
        out[0] = r;
    }

    private static long sat64(int op, long x, long y, long[] out) {
        switch (op) {
            case SQADD -> {
                long s = x + y;
                if (((x ^ s) & (y ^ s)) < 0) {
                    out[1] = 1;
                    return x < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
                }
                return s;
            }
            case UQADD -> {
                long s = x + y;
                if (Long.compareUnsigned(s, x) < 0) {
                    out[1] = 1;
                    return -1;
                }
                return s;
            }
            case SQSUB -> {
                long s = x - y;
                if (((x ^ y) & (x ^ s)) < 0) {
                    out[1] = 1;
                    return x < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
                }
                return s;
            }
            case UQSUB -> {
                if (Long.compareUnsigned(x, y) < 0) {
                    out[1] = 1;
                    return 0;
                }
                return x - y;
            }
            case SUQADD -> {
                // signed x + unsigned y
                java.math.BigInteger s = java.math.BigInteger.valueOf(x).add(unsignedBig(y));
                return ssatBig(s, out);
            }
            case USQADD -> {
                java.math.BigInteger s = unsignedBig(x).add(java.math.BigInteger.valueOf(y));
                return usatBig(s, out);
            }
            case SQSHL, SQRSHL -> {
                return satShift(x, (byte) y, 64, true, op == SQRSHL, out);
            }
            case UQSHL, UQRSHL -> {
                return satShift(x, (byte) y, 64, false, op == UQRSHL, out);
            }
            case SQSHLU -> {
                return satShiftU(x, (byte) y, 64, out);
            }
            default -> throw new IllegalArgumentException("VecOps.binSat op " + op + " on 64-bit lanes");
        }
    }

    private static java.math.BigInteger unsignedBig(long v) {
        java.math.BigInteger b = java.math.BigInteger.valueOf(v & Long.MAX_VALUE);
        return v < 0 ? b.setBit(63) : b;
    }

    private static long ssatBig(java.math.BigInteger v, long[] out) {
        if (v.bitLength() > 63) {
            out[1] = 1;
            return v.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return v.longValue();
    }

    private static long usatBig(java.math.BigInteger v, long[] out) {
        if (v.signum() < 0) {
            out[1] = 1;
            return 0;
        }
        if (v.bitLength() > 64) {
            out[1] = 1;
            return -1;
        }
        return v.longValue();
    }

    /** Exact (x << shift) or rounding right shift as a BigInteger, then saturated (SQSHL/UQSHL/SQRSHL/UQRSHL). */
    private static long satShift(long x, int shift, int bits, boolean signed, boolean round, long[] out) {
        java.math.BigInteger v = signed ? java.math.BigInteger.valueOf(x) : unsignedBig(x);
        if (shift >= 0) {
            v = v.shiftLeft(shift);
        } else {
            int rs = -shift;
            if (round) {
                v = v.add(java.math.BigInteger.ONE.shiftLeft(rs - 1));
            }
            v = v.shiftRight(rs);
        }
        return signed ? satBig(v, bits, true, out) : satBig(v, bits, false, out);
    }

    /** SQSHLU: signed input shifted left, saturated to unsigned. */
    private static long satShiftU(long x, int shift, int bits, long[] out) {
        java.math.BigInteger v = java.math.BigInteger.valueOf(x).shiftLeft(shift);
        return satBig(v, bits, false, out);
    }

    private static long satBig(java.math.BigInteger v, int bits, boolean signed, long[] out) {
        if (signed) {
            java.math.BigInteger max = java.math.BigInteger.ONE.shiftLeft(bits - 1).subtract(java.math.BigInteger.ONE);
            java.math.BigInteger min = java.math.BigInteger.ONE.shiftLeft(bits - 1).negate();
            if (v.compareTo(max) > 0) {
                out[1] = 1;
                return max.longValue();
            }
            if (v.compareTo(min) < 0) {
                out[1] = 1;
                return min.longValue();
            }
            return v.longValue();
        }
        java.math.BigInteger max = java.math.BigInteger.ONE.shiftLeft(bits).subtract(java.math.BigInteger.ONE);
        if (v.signum() < 0) {
            out[1] = 1;
            return 0;
        }
        if (v.compareTo(max) > 0) {
            out[1] = 1;
            return max.longValue();
        }
        return v.longValue();
    }

    // ---- element-wise unary --------------------------------------------------------------------------

    /** Element-wise unary ops ABS..CMLT0 (pure). */
    public static long un(Aarch64Cpu cpu, long a, int ctl) {
        int op = ctl >>> 4;
        int bits = 8 << (ctl & 15);
        if (op == CMEQ0) {
            return zeroLanes(a, bits);
        }
        long m = mask(bits);
        long r = 0;
        for (int i = 0; i < 64; i += bits) {
            long x = (a >>> i) & m;
            long s = sx(x, bits);
            long e = switch (op) {
                case ABS -> Math.abs(s);
                case NEG -> -s;
                case CLS -> Long.numberOfLeadingZeros(s < 0 ? ~s : s) - (64 - bits) - 1;
                case CLZ -> Long.numberOfLeadingZeros(x) - (64 - bits);
                case CNT -> Long.bitCount(x);
                case NOT -> ~x;
                case RBIT -> Long.reverse(x) >>> (64 - bits);
                case CMGT0 -> s > 0 ? -1 : 0;
                case CMGE0 -> s >= 0 ? -1 : 0;
                case CMEQ0 -> s == 0 ? -1 : 0;
                case CMLE0 -> s <= 0 ? -1 : 0;
                case CMLT0 -> s < 0 ? -1 : 0;
                default -> throw new IllegalArgumentException("VecOps.un op " + op);
            };
            r |= (e & m) << i;
        }
        return r;
    }

    /** Element-wise SQABS/SQNEG; sets FPSR.QC when the most negative value saturates. */
    public static long unSat(Aarch64Cpu cpu, long a, int ctl) {
        int bits = 8 << (ctl & 15);
        long m = mask(bits);
        long min = bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
        long r = 0;
        boolean q = false;
        for (int i = 0; i < 64; i += bits) {
            long s = sx((a >>> i) & m, bits);
            long e;
            if (s == min) {
                e = ~min;
                q = true;
            } else {
                e = (ctl >>> 4) == SQABS ? Math.abs(s) : -s;
            }
            r |= (e & m) << i;
        }
        if (q) {
            sat(cpu);
        }
        return r;
    }

    /** REV16/REV32/REV64 (C7.2): reverses the {@code 8 << log2esize}-bit elements within each container of {@code 8 << log2container} bits. */
    public static long rev(Aarch64Cpu cpu, long a, int log2esize, int log2container) {
        int ebits = 8 << log2esize;
        int cbits = 8 << log2container;
        long m = mask(ebits);
        long r = 0;
        for (int c = 0; c < 64; c += cbits) {
            int n = cbits / ebits;
            for (int e = 0; e < n; e++) {
                long v = (a >>> (c + e * ebits)) & m;
                r |= v << (c + (n - 1 - e) * ebits);
            }
        }
        return r;
    }

    // ---- pairwise and across lanes -------------------------------------------------------------------

    /**
     * Pairwise {@code op} (ADD, SMAX, UMAX, SMIN, UMIN) of adjacent elements: the lower half of the result
     * comes from the pairs of {@code x}, the upper half from those of {@code y} (C7.2 ADDP (vector):
     * concatenate the operands and reduce pairs). For a 128-bit ADDP call it with (Vn.lo, Vn.hi) and
     * (Vm.lo, Vm.hi); for 64-bit with (Vn, Vm).
     */
    public static long pair(Aarch64Cpu cpu, long x, long y, int ctl) {
        int op = ctl >>> 4;
        int bits = 8 << (ctl & 15);
        long m = mask(bits);
        if (bits == 64) {
            return binElem(op, bits, x, y);   // one pair: (x, y) itself
        }
        long r = 0;
        int out = 0;
        for (long src : new long[] {x, y}) {
            for (int i = 0; i < 64; i += 2 * bits) {
                long p = (src >>> i) & m;
                long q = (src >>> (i + bits)) & m;
                r |= (binElem(op, bits, p, q) & m) << out;
                out += bits;
            }
        }
        return r;
    }

    /**
     * Across-lanes reduction (C7.2 ADDV, SMAXV, UMAXV, SMINV, UMINV, SADDLV, UADDLV) of the elements of
     * {@code lo} and, when {@code q} is 1, {@code hi}. {@code op}: ADD, SMAX, UMAX, SMIN, UMIN, or 100/101
     * for SADDLV/UADDLV (sum of sign/zero-extended elements). The result is zero-extended from the element
     * size (double it for the long forms).
     */
    public static long reduce(Aarch64Cpu cpu, long lo, long hi, int ctl, int q) {
        int op = ctl >>> 4;
        int bits = 8 << (ctl & 15);
        long m = mask(bits);
        boolean first = true;
        long acc = 0;
        for (long src : q != 0 ? new long[] {lo, hi} : new long[] {lo}) {
            for (int i = 0; i < 64; i += bits) {
                long e = (src >>> i) & m;
                if (op == 100) {
                    acc += sx(e, bits);
                } else if (op == 101) {
                    acc += e;
                } else if (first) {
                    acc = e;
                } else {
                    acc = binElem(op, bits, acc, e) & m;
                }
                first = false;
            }
        }
        return op >= 100 ? acc & mask(2 * bits) : acc & m;
    }

    /**
     * SADDLP/UADDLP (C7.2): adds adjacent pairs of {@code 8 << log2esize}-bit elements of {@code a} into
     * elements of twice the size (sign-extended when {@code signed} is 1).
     */
    public static long addlp(Aarch64Cpu cpu, long a, int log2esize, int signed) {
        int bits = 8 << log2esize;
        long m = mask(bits);
        long r = 0;
        for (int i = 0; i < 64; i += 2 * bits) {
            long x = (a >>> i) & m;
            long y = (a >>> (i + bits)) & m;
            long s = signed != 0 ? sx(x, bits) + sx(y, bits) : x + y;
            r |= (s & mask(2 * bits)) << i;
        }
        return r;
    }

    // ---- shifts by immediate ----------------------------------------------------------------------------

    /** Op codes of {@link #shiftImm}. */
    public static final int SSHR = 0, USHR = 1, SRSHR = 2, URSHR = 3, SHL = 4;

    /** Element-wise shift by an immediate (C7.2 SSHR, USHR, SRSHR, URSHR, SHL): {@code 1 <= shift <= esize} for right shifts. */
    public static long shiftImm(Aarch64Cpu cpu, long a, int ctl, int shift) {
        int op = ctl >>> 4;
        int bits = 8 << (ctl & 15);
        long m = mask(bits);
        long r = 0;
        for (int i = 0; i < 64; i += bits) {
            long x = (a >>> i) & m;
            long e = switch (op) {
                case SSHR -> shl(sx(x, bits), -shift, bits, true, false);
                case USHR -> shl(x, -shift, bits, false, false);
                case SRSHR -> shl(sx(x, bits), -shift, bits, true, true);
                case URSHR -> shl(x, -shift, bits, false, true);
                default -> shift >= bits ? 0 : x << shift;
            };
            r |= (e & m) << i;
        }
        return r;
    }

    /**
     * SRI/SLI (C7.2): shift each element of {@code a} right (SRI, {@code left} = 0) or left (SLI) by
     * {@code shift} and insert it into the corresponding element of {@code d}, keeping the bits of {@code d}
     * the shifted value does not cover.
     */
    public static long shiftInsert(Aarch64Cpu cpu, long d, long a, int ctl, int shift) {
        int left = ctl >>> 4;
        int bits = 8 << (ctl & 15);
        long m = mask(bits);
        long r = 0;
        for (int i = 0; i < 64; i += bits) {
            long x = (a >>> i) & m;
            long old = (d >>> i) & m;
            long e;
            if (left != 0) {
                long keep = shift == 0 ? 0 : shift >= bits ? m : m >>> (bits - shift);
                e = (shift >= bits ? 0 : x << shift) | (old & keep);
            } else {
                long ins = shift >= bits ? 0 : m >>> shift;
                e = (shift >= bits ? 0 : x >>> shift) | (old & ~ins);
            }
            r |= (e & m) << i;
        }
        return r;
    }

    // ---- widening and narrowing -----------------------------------------------------------------------

    /**
     * Widens the {@code 64 / (2 * esize)} elements in the low 32 bits of {@code a} to elements of twice the
     * size, sign-extending when {@code signed} is 1 (SXTL/UXTL, and the first step of the long operations).
     */
    public static long widen(Aarch64Cpu cpu, long a, int log2esize, int signed) {
        int bits = 8 << log2esize;
        long m = mask(bits);
        long m2 = mask(2 * bits);
        long r = 0;
        int o = 0;
        for (int i = 0; i < 32; i += bits) {
            long e = (a >>> i) & m;
            if (signed != 0) {
                e = sx(e, bits);
            }
            r |= (e & m2) << o;
            o += 2 * bits;
        }
        return r;
    }

    /** Narrowing op codes of {@link #narrow}: truncate (XTN), or saturate signed/unsigned/signed-to-unsigned. */
    public static final int XTN = 0, SQXTN = 1, UQXTN = 2, SQXTUN = 3;

    /**
     * Narrows the elements of {@code a} (each {@code 2 * esize} bits) to {@code esize} bits, packed into the
     * low 32 bits of the result (C7.2 XTN, SQXTN, UQXTN, SQXTUN); the saturating forms set FPSR.QC.
     * {@code ctl} = op << 4 | log2 of the <em>narrow</em> element size.
     */
    public static long narrow(Aarch64Cpu cpu, long a, int ctl) {
        int op = ctl >>> 4;
        int bits = 8 << (ctl & 15);
        int wide = 2 * bits;
        long mw = mask(wide);
        long r = 0;
        boolean q = false;
        long[] out = new long[2];
        int o = 0;
        for (int i = 0; i < 64; i += wide) {
            long e = (a >>> i) & mw;
            long s = sx(e, wide);
            long v;
            out[1] = 0;
            switch (op) {
                case SQXTN -> v = ssat(s, bits, out);
                case UQXTN -> v = Long.compareUnsigned(e, mask(bits)) > 0 ? satv(out, mask(bits)) : e;
                case SQXTUN -> v = s < 0 ? satv(out, 0) : (s > mask(bits) ? satv(out, mask(bits)) : s);
                default -> v = e;
            }
            q |= out[1] != 0;
            r |= (v & mask(bits)) << o;
            o += bits;
        }
        if (q && op != XTN) {
            sat(cpu);
        }
        return r;
    }

    private static long satv(long[] out, long v) {
        out[1] = 1;
        return v;
    }

    /**
     * Shift-right-narrow (C7.2 SHRN, RSHRN, SQSHRN, SQRSHRN, UQSHRN, UQRSHRN, SQSHRUN, SQRSHRUN): each
     * {@code 2 * esize} element of {@code a} is shifted right by {@code shift} (rounding when bit 8 of
     * {@code ctl} is set; arithmetic for the signed forms), then narrowed as {@link #narrow}. Result in the
     * low 32 bits.
     */
    public static long shiftNarrow(Aarch64Cpu cpu, long a, int ctl, int shift) {
        int op = (ctl >>> 4) & 15;
        boolean round = (ctl & 0x100) != 0;
        int bits = 8 << (ctl & 15);
        int wide = 2 * bits;
        long mw = mask(wide);
        long r = 0;
        boolean q = false;
        long[] out = new long[2];
        int o = 0;
        boolean signedIn = op == SQXTN || op == SQXTUN;
        for (int i = 0; i < 64; i += wide) {
            long e = (a >>> i) & mw;
            out[1] = 0;
            long n;
            if (wide < 64) {
                // Exact in a long: the element has at most 32 bits and the shift is at most its width.
                long v = signedIn ? sx(e, wide) : e;
                if (round) {
                    v += 1L << (shift - 1);
                }
                v >>= shift;
                n = switch (op) {
                    case SQXTN -> ssat(v, bits, out);
                    case UQXTN, SQXTUN -> usat(v, bits, out);
                    default -> v;
                };
            } else {
                java.math.BigInteger v = signedIn ? java.math.BigInteger.valueOf(e) : unsignedBig(e);
                if (round) {
                    v = v.add(java.math.BigInteger.ONE.shiftLeft(shift - 1));
                }
                v = v.shiftRight(shift);
                n = switch (op) {
                    case SQXTN -> satBig(v, bits, true, out);
                    case UQXTN, SQXTUN -> satBig(v, bits, false, out);
                    default -> v.longValue();
                };
            }
            q |= out[1] != 0;
            r |= (n & mask(bits)) << o;
            o += bits;
        }
        if (q) {
            sat(cpu);
        }
        return r;
    }

    /**
     * Widening multiply of the elements in the low 32 bits of {@code a} and {@code b} (C7.2 SMULL, UMULL,
     * PMULL with 8-bit elements, SQDMULL): {@code op} 0 signed, 1 unsigned, 2 polynomial, 3 saturating
     * doubling (sets FPSR.QC).
     */
    public static long mull(Aarch64Cpu cpu, long a, long b, int ctl) {
        int op = ctl >>> 4;
        int bits = 8 << (ctl & 15);
        long m = mask(bits);
        long r = 0;
        int o = 0;
        boolean q = false;
        for (int i = 0; i < 32; i += bits) {
            long x = (a >>> i) & m;
            long y = (b >>> i) & m;
            long p = switch (op) {
                case 0 -> sx(x, bits) * sx(y, bits);
                case 1 -> x * y;
                case 2 -> pmul(x, y, 2 * bits);
                default -> {
                    long s = sx(x, bits) * sx(y, bits);
                    if (bits == 32 && s == (1L << 62)) {
                        q = true;
                        yield Long.MAX_VALUE;
                    }
                    if (bits == 16 && s == (1L << 30)) {
                        q = true;
                        yield 0x7fff_ffffL;
                    }
                    yield 2 * s;
                }
            };
            r |= (p & mask(2 * bits)) << o;
            o += 2 * bits;
        }
        if (q) {
            sat(cpu);
        }
        return r;
    }

    /** 64 x 64 -> 128-bit carry-less multiply (PMULL/PMULL2 with 64-bit elements): the low or high 64 bits. */
    public static long clmul64(Aarch64Cpu cpu, long x, long y, int high) {
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < 64; i++) {
            if (((y >>> i) & 1) != 0) {
                lo ^= x << i;
                if (i != 0) {
                    hi ^= x >>> (64 - i);
                }
            }
        }
        return high != 0 ? hi : lo;
    }

    // ---- permutes ------------------------------------------------------------------------------------------

    /** Permute op codes of {@link #perm}. */
    public static final int UZP1 = 1, TRN1 = 2, ZIP1 = 3, UZP2 = 5, TRN2 = 6, ZIP2 = 7;

    /**
     * One 64-bit half of a permute (C7.2 UZP1/UZP2, TRN1/TRN2, ZIP1/ZIP2). For UZP the half is the even
     * (UZP1) or odd (UZP2) elements of the 128-bit concatenation {@code y:x}; for TRN it is the TRN of the
     * halves {@code x} and {@code y} element by element; for ZIP it interleaves the low 32 bits (ZIP1) or the
     * high 32 bits (ZIP2) of {@code x} and {@code y}. The translator picks the halves per result half.
     */
    public static long perm(Aarch64Cpu cpu, long x, long y, int ctl) {
        int op = ctl >>> 4;
        int bits = 8 << (ctl & 15);
        long m = mask(bits);
        int n = 64 / bits;
        long r = 0;
        for (int i = 0; i < n; i++) {
            long e;
            switch (op) {
                case UZP1, UZP2 -> {
                    int src = 2 * i + (op == UZP2 ? 1 : 0);
                    e = src < n ? (x >>> (src * bits)) & m : (y >>> ((src - n) * bits)) & m;
                }
                case TRN1, TRN2 -> {
                    int pair = i & ~1;
                    int src = pair + (op == TRN2 ? 1 : 0);
                    e = ((i & 1) == 0 ? x : y) >>> (src * bits) & m;
                }
                default -> {
                    int base = op == ZIP2 ? n / 2 : 0;
                    int src = base + i / 2;
                    e = ((i & 1) == 0 ? x : y) >>> (src * bits) & m;
                }
            }
            if (bits == 64) {
                return e;
            }
            r |= e << (i * bits);
        }
        return r;
    }

    /**
     * One 64-bit half of register {@code r} of an LD2/LD3/LD4 (multiple structures, C7.2), from the
     * {@code selem} consecutive little-endian 64-bit memory words that hold its elements: element {@code i}
     * of the half is memory element {@code i * selem + r} counted from {@code w0}. {@code ctl} = {@code
     * selem | r << 4 | log2esize << 8}.
     */
    public static long deinterleave(Aarch64Cpu cpu, long w0, long w1, long w2, long w3, int ctl) {
        int selem = ctl & 15;
        int r = (ctl >>> 4) & 15;
        int bits = 8 << (ctl >>> 8);
        long m = mask(bits);
        long[] w = {w0, w1, w2, w3};
        int per = 64 / bits;
        long out = 0;
        for (int i = 0; i < per; i++) {
            int k = i * selem + r;
            int bit = k * bits;
            long e = (w[bit >>> 6] >>> (bit & 63)) & m;
            out |= e << (i * bits);
        }
        return out;
    }

    /**
     * Memory word {@code word} (64 bits, little-endian) of an ST2/ST3/ST4 (multiple structures, C7.2) of
     * registers {@code rt}, {@code rt + 1}, ... (modulo 32), read from the CPU state: memory element
     * {@code k} is element {@code k / selem} of register {@code rt + k % selem}. {@code ctl} as in
     * {@link #deinterleave} (without r).
     */
    public static long interleaveWord(Aarch64Cpu cpu, int rt, int ctl, int word) {
        int selem = ctl & 15;
        int bits = 8 << (ctl >>> 8);
        long m = mask(bits);
        int per = 64 / bits;
        long out = 0;
        for (int i = 0; i < per; i++) {
            int k = word * per + i;
            int reg = (rt + k % selem) & 31;
            int bit = (k / selem) * bits;
            long half = cpu.regs[Aarch64Cpu.V0 + 2 * reg + (bit >>> 6)];
            out |= ((half >>> (bit & 63)) & m) << (i * bits);
        }
        return out;
    }

    /**
     * TBL/TBX (C7.2): one 64-bit half of the result for the 8 byte indices in {@code idx}, looking up the
     * {@code len + 1} table registers starting at {@code rn} (modulo 32); out-of-range indices give 0 (TBL)
     * or the byte of {@code dflt} (TBX). Reads the table registers from the CPU state.
     */
    public static long tbl(Aarch64Cpu cpu, long idx, int rn, int len, long dflt) {
        int limit = 16 * (len + 1);
        long r = 0;
        for (int i = 0; i < 8; i++) {
            int index = (int) ((idx >>> (8 * i)) & 0xff);
            long byteVal;
            if (index < limit) {
                int reg = (rn + index / 16) & 31;
                int within = index & 15;
                long half = cpu.regs[Aarch64Cpu.V0 + 2 * reg + (within >> 3)];
                byteVal = (half >>> (8 * (within & 7))) & 0xff;
            } else {
                byteVal = (dflt >>> (8 * i)) & 0xff;
            }
            r |= byteVal << (8 * i);
        }
        return r;
    }
}
