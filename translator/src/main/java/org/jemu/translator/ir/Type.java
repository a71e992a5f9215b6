package org.jemu.translator.ir;

/**
 * Value types of the IR. Integer values are held in JVM {@code int} (I32) or {@code long} (I64); a value
 * of I32 type stored into a 64-bit guest register slot is zero-extended. Floating point and vector types
 * are added with the instructions that need them.
 */
public enum Type {
    /** No value (stores, state writes, terminators). */
    VOID(0),
    /** 32-bit integer (two's complement, no signedness: the op decides). */
    I32(32),
    /** 64-bit integer (two's complement, no signedness: the op decides). */
    I64(64);

    /** Width in bits (0 for VOID). */
    public final int bits;

    Type(int bits) {
        this.bits = bits;
    }

    /** All ones of this width, as a long (I32: 0xFFFF_FFFF). */
    public long mask() {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }
}
