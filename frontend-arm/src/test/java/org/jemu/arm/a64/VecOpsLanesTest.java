package org.jemu.arm.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Random;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.Test;

/**
 * The all-lanes-at-once forms of {@link VecOps} (ADD, SUB, CMEQ, CMTST, CMEQ #0, and the long-arithmetic
 * shift-right-narrow) against one-lane-at-a-time references written from the Arm ARM pseudocode (C7.2 ADD
 * (vector), SUB (vector), CMEQ (register), CMTST, CMEQ (zero), SHRN, RSHRN, SQSHRN, SQRSHRN, UQSHRN,
 * UQRSHRN, SQSHRUN, SQRSHRUN), on random and edge-case operands. The Unicorn differential fuzzers cover
 * these instructions too, but only a few cases each per run.
 */
class VecOpsLanesTest {
    private static final long SEED = 0x5eed_1a9e5L;

    private static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    private static long sx(long x, int bits) {
        return bits == 64 ? x : (x << (64 - bits)) >> (64 - bits);
    }

    /** Operand pairs with many equal, zero and carry-propagating lanes. */
    private static long[] operands(Random r) {
        long a = r.nextLong();
        long b = r.nextInt(3) == 0 ? a : r.nextLong();
        if (r.nextInt(3) == 0) {
            long m = r.nextLong();
            a &= m;
            b &= m;
        }
        if (r.nextInt(4) == 0) {
            a ^= b & r.nextLong();
        }
        if (r.nextInt(8) == 0) {
            a = r.nextBoolean() ? -1L : 0x8080_8080_8080_8080L;
        }
        return new long[] {a, b};
    }

    private static long perLane(int op, long a, long b, int bits) {
        long m = mask(bits);
        long r = 0;
        for (int i = 0; i < 64; i += bits) {
            long x = (a >>> i) & m;
            long y = (b >>> i) & m;
            long e = switch (op) {
                case VecOps.ADD -> x + y;
                case VecOps.SUB -> x - y;
                case VecOps.CMEQ -> x == y ? -1 : 0;
                default -> (x & y) != 0 ? -1 : 0; // CMTST
            };
            r |= (e & m) << i;
        }
        return r;
    }

    @Test
    void binaryLaneOpsMatchPerLaneReference() {
        Random r = new Random(SEED);
        int[] ops = {VecOps.ADD, VecOps.SUB, VecOps.CMEQ, VecOps.CMTST};
        for (int it = 0; it < 400_000; it++) {
            int op = ops[r.nextInt(ops.length)];
            int size = r.nextInt(4);
            long[] ab = operands(r);
            long want = perLane(op, ab[0], ab[1], 8 << size);
            long got = VecOps.bin(null, ab[0], ab[1], op << 4 | size);
            assertEquals(want, got, () -> String.format("op %d size %d a %x b %x (seed %x)", op, size, ab[0], ab[1], SEED));
        }
    }

    @Test
    void compareWithZeroMatchesPerLaneReference() {
        Random r = new Random(SEED + 1);
        for (int it = 0; it < 200_000; it++) {
            int size = r.nextInt(4);
            int bits = 8 << size;
            long a = operands(r)[0];
            long want = 0;
            for (int i = 0; i < 64; i += bits) {
                want |= (((a >>> i) & mask(bits)) == 0 ? mask(bits) : 0) << i;
            }
            assertEquals(want, VecOps.un(null, a, VecOps.CMEQ0 << 4 | size), String.format("size %d a %x", size, a));
        }
    }

    /** SHRN family per lane with unbounded integers, as the pseudocode's integer arithmetic. */
    private static long[] shiftNarrowReference(long a, int op, boolean round, int bits, int shift) {
        int wide = 2 * bits;
        long r = 0;
        boolean q = false;
        int o = 0;
        for (int i = 0; i < 64; i += wide) {
            long e = (a >>> i) & mask(wide);
            boolean signedIn = op == VecOps.SQXTN || op == VecOps.SQXTUN;
            BigInteger v = signedIn ? BigInteger.valueOf(sx(e, wide)) : new BigInteger(Long.toUnsignedString(e));
            if (round) {
                v = v.add(BigInteger.ONE.shiftLeft(shift - 1));
            }
            v = v.shiftRight(shift);
            BigInteger lo;
            BigInteger hi;
            if (op == VecOps.SQXTN) {
                lo = BigInteger.ONE.shiftLeft(bits - 1).negate();
                hi = BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
            } else if (op == VecOps.XTN) {
                lo = null;
                hi = null;
            } else {
                lo = BigInteger.ZERO;
                hi = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
            }
            if (lo != null && v.compareTo(lo) < 0) {
                v = lo;
                q = true;
            } else if (hi != null && v.compareTo(hi) > 0) {
                v = hi;
                q = true;
            }
            r |= (v.longValue() & mask(bits)) << o;
            o += bits;
        }
        return new long[] {r, q ? 1 : 0};
    }

    @Test
    void shiftRightNarrowMatchesUnboundedReference() {
        Aarch64Cpu cpu = A64TestCpus.create(new PhysicalAddressSpace());
        Random r = new Random(SEED + 2);
        for (int it = 0; it < 300_000; it++) {
            long a = operands(r)[0];
            int size = r.nextInt(3);           // narrow to 8, 16 or 32 bits
            int bits = 8 << size;
            int op = r.nextInt(4);             // XTN (plain SHRN), SQXTN, UQXTN, SQXTUN
            boolean round = r.nextBoolean();
            int shift = 1 + r.nextInt(bits);
            long[] want = shiftNarrowReference(a, op, round, bits, shift);
            cpu.regs[Aarch64Cpu.FPSR] = 0;
            long got = VecOps.shiftNarrow(cpu, a, (round ? 0x100 : 0) | op << 4 | size, shift);
            String what = String.format("op %d round %b bits %d shift %d a %x", op, round, bits, shift, a);
            assertEquals(want[0], got, what);
            assertEquals(want[1] != 0, (cpu.regs[Aarch64Cpu.FPSR] & VecOps.QC) != 0, "QC for " + what);
        }
    }
}
