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
}
