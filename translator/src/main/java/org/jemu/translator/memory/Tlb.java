package org.jemu.translator.memory;

/**
 * One soft-MMU TLB (one per vCPU per MMU index): a direct-mapped cache of guest virtual 4 KiB pages.
 *
 * <p>Entry {@code i} caches the page whose virtual page number has low bits {@code i}. Like QEMU's
 * {@code CPUTLBEntry}, an entry is {@link #STRIDE} consecutive longs of one array, {@link #entries}: the read,
 * write and execute tags and the host addend, so the generated fast path keeps one array in a register,
 * does one range check and touches one cache line. A tag is the page's guest virtual address (low 12 bits
 * zero) with {@link #FLAG_SLOW} set when accesses of that kind must take the slow path (MMIO, ROM writes,
 * pages holding translated code, watchpoints), or {@link #INVALID}.
 *
 * <p>The fast-path test for an access of {@code size} bytes at {@code vaddr} is
 * {@code ((vaddr + size - 1) & PAGE_MASK) == tag}; it fails for page-crossing accesses, which the slow path
 * splits. When the access must be aligned the test is {@code (vaddr & (PAGE_MASK | (size - 1))) == tag}
 * instead, which fails for misaligned addresses too ({@link #FLAG_SLOW} lies above the alignment bits, so a
 * slow tag never matches either way). On a hit the host address is {@code addend + vaddr}.
 */
public final class Tlb {
    public static final int BITS = 10;
    public static final int SIZE = 1 << BITS;
    public static final int MASK = SIZE - 1;
    public static final int PAGE_BITS = 12;
    public static final long PAGE_SIZE = 1L << PAGE_BITS;
    public static final long PAGE_MASK = -PAGE_SIZE;
    /** Tag of an empty entry; never equals a page address, with or without alignment bits. */
    public static final long INVALID = -1L;
    /**
     * Tag bit: this kind of access must take the slow path. Bit 11, the top of the page offset, so that it
     * is outside the alignment mask of any access (at most 8 bytes) folded into the tag compare.
     */
    public static final long FLAG_SLOW = 1L << (PAGE_BITS - 1);

    /** log2 of the longs per entry in {@link #entries}. */
    public static final int STRIDE_BITS = 2;
    /** Longs per entry in {@link #entries}. */
    public static final int STRIDE = 1 << STRIDE_BITS;
    /** Offset of the read tag within an entry. */
    public static final int READ = 0;
    /** Offset of the write tag within an entry. */
    public static final int WRITE = 1;
    /** Offset of the host addend (host address minus guest virtual page address, for RAM/ROM pages). */
    public static final int ADDEND = 2;
    /** Offset of the execute tag within an entry. */
    public static final int EXEC = 3;

    /** {@link #SIZE} entries of {@link #STRIDE} longs: read tag, write tag, addend, execute tag. */
    public final long[] entries = new long[SIZE << STRIDE_BITS];
    /** Guest physical page address of each entry. */
    public final long[] physPage = new long[SIZE];
    /** True once an entry was filled for a translation larger than 4 KiB (page flushes then flush all). */
    public boolean hasLargePages;

    public Tlb() {
        flush();
    }

    /** Empties every entry. */
    public void flush() {
        long[] e = entries;
        for (int k = 0; k < e.length; k += STRIDE) {
            e[k + READ] = INVALID;
            e[k + WRITE] = INVALID;
            e[k + EXEC] = INVALID;
        }
        hasLargePages = false;
    }

    /** Empties the entry for the 4 KiB page holding guest virtual {@code vaddr}, if it caches that page. */
    public void flushPage(long vaddr) {
        long page = vaddr & PAGE_MASK;
        int b = index(vaddr) << STRIDE_BITS;
        long[] e = entries;
        if ((e[b + READ] & PAGE_MASK) == page || (e[b + WRITE] & PAGE_MASK) == page
                || (e[b + EXEC] & PAGE_MASK) == page) {
            e[b + READ] = INVALID;
            e[b + WRITE] = INVALID;
            e[b + EXEC] = INVALID;
        }
    }

    /** Forces writes to guest physical page {@code ppage} onto the slow path (it now holds code). */
    public void protectPhysPage(long ppage) {
        long[] e = entries;
        for (int i = 0; i < SIZE; i++) {
            int w = (i << STRIDE_BITS) + WRITE;
            if (e[w] != INVALID && physPage[i] == ppage) {
                e[w] |= FLAG_SLOW;
            }
        }
    }

    /** Read tag of entry {@code i}. */
    public long tagRead(int i) {
        return entries[(i << STRIDE_BITS) + READ];
    }

    /** Write tag of entry {@code i}. */
    public long tagWrite(int i) {
        return entries[(i << STRIDE_BITS) + WRITE];
    }

    /** Execute tag of entry {@code i}. */
    public long tagExec(int i) {
        return entries[(i << STRIDE_BITS) + EXEC];
    }

    /** Host addend of entry {@code i}: host address minus guest virtual page address. */
    public long addend(int i) {
        return entries[(i << STRIDE_BITS) + ADDEND];
    }

    /** Entry index (0 to {@link #MASK}) of guest virtual {@code vaddr}. */
    public static int index(long vaddr) {
        return (int) (vaddr >>> PAGE_BITS) & MASK;
    }
}
