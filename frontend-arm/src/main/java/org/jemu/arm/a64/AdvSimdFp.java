package org.jemu.arm.a64;

/**
 * Handlers for the floating-point operations of the Advanced SIMD groups (Arm ARM C4.1.6, C7.2): three
 * same (opcodes 11xxx), two-register miscellaneous, across lanes, scalar pairwise, vector x indexed
 * element and the fixed-point conversions of shift by immediate.
 */
public final class AdvSimdFp {
    private AdvSimdFp() {
    }

    /** True if the two-register-miscellaneous opcode (with size and U) is a floating-point operation. */
    static boolean isFpTwoRegMisc(int opcode, int size, int u) {
        return opcode >= 0b01100 && opcode <= 0b01111 && size >= 2
                || opcode == 0b10110 || opcode == 0b10111
                || opcode >= 0b11000;
    }

    static boolean threeSame(A64Translator t, boolean scalar) {
        return false;
    }

    static boolean twoRegMisc(A64Translator t, boolean scalar) {
        return false;
    }

    static boolean acrossLanes(A64Translator t) {
        return false;
    }

    static boolean scalarPairwise(A64Translator t) {
        return false;
    }

    static boolean shiftImmConvert(A64Translator t, boolean scalar) {
        return false;
    }

    static boolean indexed(A64Translator t, boolean scalar) {
        return false;
    }
}
