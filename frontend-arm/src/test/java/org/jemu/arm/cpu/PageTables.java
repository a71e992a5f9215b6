package org.jemu.arm.cpu;

/**
 * Builds VMSAv8-64 stage 1 translation tables in guest RAM, for tests: the descriptor formats of Arm ARM
 * D8.3 for one granule and input size, with tables allocated from a bump allocator.
 */
final class PageTables {
    /** Lower attributes: AF (bit 10), AttrIndx 0, SH inner shareable. */
    static final long AF = 1L << 10;
    static final long SH_INNER = 3L << 8;
    /** AP[2:1] (bits [7:6]). */
    static final long AP_RW_EL1 = 0;
    static final long AP_RW_ALL = 1L << 6;
    static final long AP_RO_EL1 = 2L << 6;
    static final long AP_RO_ALL = 3L << 6;
    static final long PXN = 1L << 53;
    static final long UXN = 1L << 54;
    static final long NORMAL = AF | SH_INNER;

    private final CpuFixture fx;
    final int granule;
    final int inputSize;
    final int stride;
    final int startLevel;
    final long root;
    private long next;

    /**
     * @param granule   log2 of the granule: 12, 14 or 16
     * @param inputSize VA bits, 64 - TxSZ
     * @param pool      physical address where tables are allocated from (granule-aligned)
     */
    PageTables(CpuFixture fx, int granule, int inputSize, long pool) {
        this.fx = fx;
        this.granule = granule;
        this.inputSize = inputSize;
        this.stride = granule - 3;
        // The translation process (D8.2): the start level resolves the remaining bits.
        int levels = (inputSize - granule + stride - 1) / stride;
        this.startLevel = 4 - levels;
        this.next = pool;
        this.root = alloc();
    }

    long alloc() {
        long t = next;
        next += 1L << granule;
        for (long o = 0; o < 1L << granule; o += 8) {
            fx.write64(t + o, 0);
        }
        return t;
    }

    private int shift(int level) {
        return granule + (3 - level) * stride;
    }

    private long indexBits(int level) {
        return level == startLevel ? inputSize - shift(level) : stride;
    }

    /** Physical address of the descriptor for {@code va} at {@code level}, creating tables above it. */
    long descriptorAddress(long va, int level) {
        long table = root;
        for (int l = startLevel; ; l++) {
            long idx = (va >>> shift(l)) & ((1L << indexBits(l)) - 1);
            long da = table + idx * 8;
            if (l == level) {
                return da;
            }
            long d = fx.read64(da);
            if ((d & 3) != 3) {
                long t = alloc();
                d = t | 3;
                fx.write64(da, d);
            }
            table = d & 0x0000_ffff_ffff_f000L & -(1L << granule);
        }
    }

    /** Maps a page (level 3) or a block (level &lt; 3) at {@code va} to {@code pa} with attributes. */
    void map(long va, long pa, int level, long attrs) {
        fx.write64(descriptorAddress(va, level), pa | attrs | (level == 3 ? 3 : 1));
    }

    /** Writes a raw descriptor at {@code va}'s entry of {@code level}. */
    void raw(long va, int level, long descriptor) {
        fx.write64(descriptorAddress(va, level), descriptor);
    }

    /** Sets bits in the table descriptor that leads from {@code level} to the next level for {@code va}. */
    void orTableBits(long va, int level, long bits) {
        long da = descriptorAddress(va, level);
        fx.write64(da, fx.read64(da) | bits);
    }
}
