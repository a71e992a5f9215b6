package org.jemu.translator.memory;

import java.util.Arrays;

/**
 * One soft-MMU TLB (one per vCPU per MMU index): a direct-mapped cache of guest virtual 4 KiB pages.
 *
 * <p>Entry {@code i} caches the page whose virtual page number has low bits {@code i}. A tag is the page's
 * guest virtual address (low 12 bits zero) with {@link #FLAG_SLOW} set when accesses of that kind must take
 * the slow path (MMIO, ROM writes, pages holding translated code, watchpoints), or {@link #INVALID}.
 * The fast-path test for an access of {@code size} bytes at {@code vaddr} is
 * {@code ((vaddr + size - 1) & PAGE_MASK) == tag[(vaddr >>> 12) & MASK]}; it fails for page-crossing
 * accesses, which the slow path splits. On a hit the host address is {@code addend[i] + vaddr}.
 */
public final class Tlb {
    public static final int BITS = 10;
    public static final int SIZE = 1 << BITS;
    public static final int MASK = SIZE - 1;
    public static final int PAGE_BITS = 12;
    public static final long PAGE_SIZE = 1L << PAGE_BITS;
    public static final long PAGE_MASK = -PAGE_SIZE;
    /** Tag of an empty entry; never equals a page address. */
    public static final long INVALID = -1L;
    /** Tag bit: this kind of access must take the slow path. */
    public static final long FLAG_SLOW = 1;

    public final long[] tagRead = new long[SIZE];
    public final long[] tagWrite = new long[SIZE];
    public final long[] tagExec = new long[SIZE];
    /** Host address minus guest virtual page address, for direct (RAM/ROM) entries. */
    public final long[] addend = new long[SIZE];
    /** Guest physical page address of each entry. */
    public final long[] physPage = new long[SIZE];
    /** True once an entry was filled for a translation larger than 4 KiB since the last {@link #flush}. */
    public boolean hasLargePages;
    /**
     * With {@link #hasLargePages}: the naturally aligned range of guest virtual addresses (top byte dropped,
     * bit 55 extended) that covers every larger translation cached, as {@code largeAddr}/{@code largeMask}
     * (QEMU's {@code tlb_add_large_page}); a page flush inside it must empty the whole TLB, since the
     * larger page's entries sit at other indexes.
     */
    private long largeAddr;
    private long largeMask;

    public Tlb() {
        flush();
    }

    /** Empties every entry. */
    public void flush() {
        Arrays.fill(tagRead, INVALID);
        Arrays.fill(tagWrite, INVALID);
        Arrays.fill(tagExec, INVALID);
        hasLargePages = false;
    }

    /**
     * Records that an entry for guest virtual {@code vaddr} was filled from a translation of
     * {@code 1 << sizeBits} bytes ({@code sizeBits} 0: of unknown size, so every page flush empties the TLB).
     */
    public void addLargePage(long vaddr, int sizeBits) {
        long mask = sizeBits == 0 ? 0 : -1L << sizeBits;
        long v = dropTopByte(vaddr);
        if (!hasLargePages) {
            hasLargePages = true;
            largeMask = mask;
            largeAddr = v & mask;
            return;
        }
        long m = largeMask & mask;
        while (((largeAddr ^ v) & m) != 0) {
            m <<= 1;
        }
        largeMask = m;
        largeAddr &= m;
    }

    private static long dropTopByte(long vaddr) {
        return vaddr << 8 >> 8;
    }

    /**
     * Empties the entry for the 4 KiB page holding guest virtual {@code vaddr}: the entry at its index,
     * whichever page it caches (so aliases differing in the top byte go too), or the whole TLB if a larger
     * translation cached here may cover {@code vaddr}.
     */
    public void flushPage(long vaddr) {
        if (hasLargePages && ((dropTopByte(vaddr) ^ largeAddr) & largeMask) == 0) {
            flush();
            return;
        }
        int i = index(vaddr);
        tagRead[i] = INVALID;
        tagWrite[i] = INVALID;
        tagExec[i] = INVALID;
    }

    /** Forces writes to guest physical page {@code ppage} onto the slow path (it now holds code). */
    public void protectPhysPage(long ppage) {
        for (int i = 0; i < SIZE; i++) {
            if (tagWrite[i] != INVALID && physPage[i] == ppage) {
                tagWrite[i] |= FLAG_SLOW;
            }
        }
    }

    public static int index(long vaddr) {
        return (int) (vaddr >>> PAGE_BITS) & MASK;
    }
}
