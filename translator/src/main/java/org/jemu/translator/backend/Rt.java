package org.jemu.translator.backend;

/**
 * Small runtime routines generated code calls for IR ops with no single JVM instruction. HotSpot inlines
 * them. Semantics are the IR's (see {@link org.jemu.translator.ir.Op}).
 */
public final class Rt {
    private Rt() {
    }

    public static int sdiv32(int a, int b) {
        return b == 0 ? 0 : a / b;
    }

    public static int udiv32(int a, int b) {
        return b == 0 ? 0 : Integer.divideUnsigned(a, b);
    }

    public static int srem32(int a, int b) {
        return b == 0 ? a : a % b;
    }

    public static int urem32(int a, int b) {
        return b == 0 ? a : Integer.remainderUnsigned(a, b);
    }

    public static long sdiv64(long a, long b) {
        return b == 0 ? 0 : a / b;
    }

    public static long udiv64(long a, long b) {
        return b == 0 ? 0 : Long.divideUnsigned(a, b);
    }

    public static long srem64(long a, long b) {
        return b == 0 ? a : a % b;
    }

    public static long urem64(long a, long b) {
        return b == 0 ? a : Long.remainderUnsigned(a, b);
    }

    public static int mulhu32(int a, int b) {
        return (int) (((a & 0xffffffffL) * (b & 0xffffffffL)) >>> 32);
    }

    public static int mulhs32(int a, int b) {
        return (int) (((long) a * (long) b) >> 32);
    }

    // Comparisons, 1 if true else 0 (ULT and ULE unsigned). In helpers rather than the region's own
    // bytecode, so all regions share one branch profile for them (see RtMem) and C2 is free to compile
    // them as a compare-and-set or conditional move.

    public static int eq32(int a, int b) {
        return a == b ? 1 : 0;
    }

    public static int ne32(int a, int b) {
        return a != b ? 1 : 0;
    }

    public static int slt32(int a, int b) {
        return a < b ? 1 : 0;
    }

    public static int sle32(int a, int b) {
        return a <= b ? 1 : 0;
    }

    public static int ult32(int a, int b) {
        return Integer.compareUnsigned(a, b) < 0 ? 1 : 0;
    }

    public static int ule32(int a, int b) {
        return Integer.compareUnsigned(a, b) <= 0 ? 1 : 0;
    }

    public static int eq64(long a, long b) {
        return a == b ? 1 : 0;
    }

    public static int ne64(long a, long b) {
        return a != b ? 1 : 0;
    }

    public static int slt64(long a, long b) {
        return a < b ? 1 : 0;
    }

    public static int sle64(long a, long b) {
        return a <= b ? 1 : 0;
    }

    public static int ult64(long a, long b) {
        return Long.compareUnsigned(a, b) < 0 ? 1 : 0;
    }

    public static int ule64(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? 1 : 0;
    }

    /** {@code c != 0 ? a : b} (IR {@code SELECT}), in a helper for the same reason as the comparisons. */
    public static int select32(int c, int a, int b) {
        return c != 0 ? a : b;
    }

    /** {@code c != 0 ? a : b} (IR {@code SELECT}), in a helper for the same reason as the comparisons. */
    public static long select64(int c, long a, long b) {
        return c != 0 ? a : b;
    }

    /**
     * Whether a region may follow an edge into one of its own blocks: 1 if {@code c != 0}, {@code retired <
     * budget} (instructions, both non-negative) and {@code poll == 0} ({@link
     * org.jemu.translator.exec.GuestCpu#interruptPoll}), else 0. Branch-free: the sign bit of each term
     * says whether it holds.
     */
    public static int stay(int c, int retired, int budget, int poll) {
        return ((c | -c) & (retired - budget) & ~(poll | -poll)) >>> 31;
    }

    /** {@link #stay} with the condition inverted: 1 if {@code c == 0} and the budget and poll allow. */
    public static int stayUnless(int c, int retired, int budget, int poll) {
        return (~(c | -c) & (retired - budget) & ~(poll | -poll)) >>> 31;
    }
}
