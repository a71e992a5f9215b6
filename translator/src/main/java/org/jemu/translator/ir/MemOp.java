package org.jemu.translator.ir;

/**
 * Memory-access descriptor of {@link Op#LOAD} and {@link Op#STORE}, packed into the instruction's
 * {@code imm}: access size in bytes (1, 2, 4 or 8), whether a load sign-extends, guest byte order, and the
 * soft-MMU index (which translation regime and permissions apply, for example EL0 vs EL1 on AArch64).
 */
public final class MemOp {
    private MemOp() {
    }

    private static final int SIZE_SHIFT = 0;      // log2(size), 2 bits
    private static final int SIGNED = 1 << 2;
    private static final int BIG_ENDIAN = 1 << 3;
    private static final int MMU_SHIFT = 8;       // 8 bits
    private static final int ALIGN = 1 << 4;

    /**
     * Packs a descriptor.
     *
     * @param size      access size in bytes: 1, 2, 4 or 8
     * @param signed    a load sign-extends to the result type
     * @param bigEndian guest byte order of the access
     * @param mmuIdx    soft-MMU index, 0..255
     * @throws IllegalArgumentException for other sizes or indexes
     */
    public static long of(int size, boolean signed, boolean bigEndian, int mmuIdx) {
        if (Integer.bitCount(size) != 1 || size > 8) {
            throw new IllegalArgumentException("bad access size " + size);
        }
        if (mmuIdx < 0 || mmuIdx > 255) {
            throw new IllegalArgumentException("bad mmu index " + mmuIdx);
        }
        return (Integer.numberOfTrailingZeros(size) << SIZE_SHIFT) | (signed ? SIGNED : 0)
                | (bigEndian ? BIG_ENDIAN : 0) | ((long) mmuIdx << MMU_SHIFT);
    }

    /** The same descriptor, additionally requiring natural alignment (an unaligned access faults). */
    public static long aligned(long memop) {
        return memop | ALIGN;
    }

    /** Access size in bytes. */
    public static int size(long memop) {
        return 1 << (int) (memop & 3);
    }

    public static boolean signed(long memop) {
        return (memop & SIGNED) != 0;
    }

    public static boolean bigEndian(long memop) {
        return (memop & BIG_ENDIAN) != 0;
    }

    public static boolean alignRequired(long memop) {
        return (memop & ALIGN) != 0;
    }

    public static int mmuIdx(long memop) {
        return (int) (memop >>> MMU_SHIFT) & 0xff;
    }

    public static String toString(long memop) {
        return "[" + size(memop) + (signed(memop) ? "s" : "u") + (bigEndian(memop) ? "be" : "le")
                + (alignRequired(memop) ? "a" : "") + " mmu" + mmuIdx(memop) + "]";
    }
}
