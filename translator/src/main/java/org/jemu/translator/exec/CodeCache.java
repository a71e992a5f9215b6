package org.jemu.translator.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jemu.translator.memory.Tlb;

/**
 * All translation blocks of a machine, found by (guest physical PC, CPU mode bits) and, unless the block is
 * {@linkplain TranslationBlock#pcRelative PC-relative}, the guest virtual PC it was translated for, as QEMU's
 * {@code tb_lookup} does with and without {@code CF_PCREL}: a block translated with constant PC-derived
 * values (ADR, branches, literal loads) needs its own copy for each virtual address that maps the same
 * physical code, a PC-relative one serves them all. Blocks are also indexed by guest physical page so that
 * a write to a page holding code invalidates exactly the blocks it overlaps.
 * Shared by the machine's vCPUs; used from the vCPU thread only.
 */
public final class CodeCache {
    /** Initial number of hash buckets (a power of two); the table doubles when it holds more blocks. */
    private static final int INITIAL_BUCKETS = 1 << 16;
    /** Largest number of hash buckets (a power of two). */
    private static final int MAX_BUCKETS = 1 << 24;
    private TranslationBlock[] table = new TranslationBlock[INITIAL_BUCKETS];
    /**
     * Blocks by guest physical page, keyed by page number (address / 4096): keyed by the page address itself,
     * whose low 12 bits are zero, HashMap's bucket index ignored address bits 12 to 15 and turned the buckets
     * into trees; the TLB fill path asks {@link #isCodePage} on every miss.
     */
    private final Map<Long, List<TranslationBlock>> byPage = new HashMap<>();
    /**
     * The key set of {@link #byPage} as a bitmap over page numbers below {@link #BITMAP_PAGES}, so
     * {@link #isCodePage} (asked on every TLB fill) needs no boxing or hashing; grown on demand.
     */
    private long[] codePageBits = new long[0];
    /** Page numbers the bitmap covers: 512 GiB of guest physical space (at most 16 MiB of bitmap). */
    private static final long BITMAP_PAGES = 1L << 27;
    private final List<GuestCpu> cpus = new ArrayList<>();
    private int size;
    /** Blocks invalidated since the last reset of the counter (statistics). */
    public long invalidations;

    /** Registers a vCPU whose TLBs and lookup cache this cache keeps coherent. */
    public void attach(GuestCpu cpu) {
        cpus.add(cpu);
        cpu.codeCache = this;
    }

    /**
     * Bucket of a block: the physical PC and the mode bits, mixed so every bit reaches the index. The
     * virtual PC is left out so that a {@link TranslationBlock#pcRelative} block is found from any virtual
     * address it runs at.
     */
    private static int hash(long physPc, long flags, int mask) {
        long h = (physPc >>> 1) ^ (flags * 0x9E3779B97F4A7C15L);
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        h ^= h >>> 29;
        return (int) h & mask;
    }

    private int hash(TranslationBlock tb) {
        return hash(tb.physPc, tb.flags, table.length - 1);
    }

    /**
     * The valid block at guest physical {@code physPc} under {@code flags} that runs at guest virtual
     * {@code pc}: translated there, or {@linkplain TranslationBlock#pcRelative PC-relative} (any virtual
     * address with that page offset will do), unless {@code exactPc}; else null.
     */
    public TranslationBlock lookup(long physPc, long pc, long flags, boolean exactPc) {
        for (TranslationBlock tb = table[hash(physPc, flags, table.length - 1)]; tb != null; tb = tb.hashNext) {
            if (tb.physPc == physPc && tb.flags == flags && (tb.pc == pc || tb.pcRelative && !exactPc)) {
                return tb;
            }
        }
        return null;
    }

    /** {@link #lookup(long, long, long, boolean)} sharing PC-relative blocks. */
    public TranslationBlock lookup(long physPc, long pc, long flags) {
        return lookup(physPc, pc, flags, false);
    }

    /** Adds a new block and write-protects its page in every vCPU's TLB. */
    public void insert(TranslationBlock tb) {
        if (size >= table.length && table.length < MAX_BUCKETS) {
            grow();
        }
        int h = hash(tb);
        tb.hashNext = table[h];
        table[h] = tb;
        size++;
        for (long page = tb.physPc & Tlb.PAGE_MASK; page < tb.physEnd; page += Tlb.PAGE_SIZE) {
            addToPage(page, tb);
        }
        if (tb.physPage2 >= 0 && tb.physPage2 != (tb.physPc & Tlb.PAGE_MASK)) {
            addToPage(tb.physPage2, tb);
        }
    }

    /** Doubles the bucket array, keeping chains short (a lookup is on every unchained dispatch). */
    private void grow() {
        TranslationBlock[] old = table;
        table = new TranslationBlock[old.length * 2];
        for (TranslationBlock head : old) {
            for (TranslationBlock t = head; t != null; ) {
                TranslationBlock next = t.hashNext;
                int h = hash(t);
                t.hashNext = table[h];
                table[h] = t;
                t = next;
            }
        }
    }

    /** Number of hash buckets now (statistics). */
    public int buckets() {
        return table.length;
    }

    private void addToPage(long page, TranslationBlock tb) {
        List<TranslationBlock> l = byPage.get(page >>> Tlb.PAGE_BITS);
        if (l == null) {
            l = new ArrayList<>();
            byPage.put(page >>> Tlb.PAGE_BITS, l);
            markCodePage(page >>> Tlb.PAGE_BITS, true);
            for (GuestCpu c : cpus) {
                c.tlbProtectPhysPage(page);
            }
        }
        l.add(tb);
    }

    /** Removes one block (a block whose second page no longer maps where it did). */
    public void discard(TranslationBlock tb) {
        remove(tb);
    }

    /** True if guest physical page {@code ppage} (4 KiB aligned) holds translated code. */
    public boolean isCodePage(long ppage) {
        long pn = ppage >>> Tlb.PAGE_BITS;
        if (pn < BITMAP_PAGES) {
            int w = (int) (pn >>> 6);
            return w < codePageBits.length && (codePageBits[w] & (1L << pn)) != 0;
        }
        return byPage.containsKey(pn);
    }

    /** Sets or clears page number {@code pn}'s bit in {@link #codePageBits} (pages beyond it use the map). */
    private void markCodePage(long pn, boolean code) {
        if (pn >= BITMAP_PAGES) {
            return;
        }
        int w = (int) (pn >>> 6);
        if (w >= codePageBits.length) {
            if (!code) {
                return;
            }
            codePageBits = java.util.Arrays.copyOf(codePageBits,
                    (int) Math.min(Math.max(w + 1, 2L * codePageBits.length), BITMAP_PAGES >>> 6));
        }
        if (code) {
            codePageBits[w] |= 1L << pn;
        } else {
            codePageBits[w] &= ~(1L << pn);
        }
    }

    /** Number of valid blocks. */
    public int size() {
        return size;
    }

    /**
     * Invalidates every block overlapping guest physical [{@code paddr}, {@code paddr + len}).
     *
     * @return true if any block was invalidated
     */
    public boolean invalidate(long paddr, long len) {
        boolean any = false;
        long end = paddr + len;
        for (long page = paddr & Tlb.PAGE_MASK; page < end; page += Tlb.PAGE_SIZE) {
            List<TranslationBlock> l = byPage.get(page >>> Tlb.PAGE_BITS);
            if (l == null) {
                continue;
            }
            for (int i = l.size() - 1; i >= 0; i--) {
                TranslationBlock tb = l.get(i);
                if (tb.physPc < end && paddr < tb.physEnd
                        || tb.physPage2 >= 0 && tb.physPage2 < end && paddr < tb.physEnd2) {
                    remove(tb);
                    any = true;
                }
            }
        }
        return any;
    }

    private void remove(TranslationBlock tb) {
        if (!tb.valid) {
            return;
        }
        tb.valid = false;
        tb.dropRegions();
        invalidations++;
        int h = hash(tb);
        TranslationBlock prev = null;
        for (TranslationBlock t = table[h]; t != null; prev = t, t = t.hashNext) {
            if (t == tb) {
                if (prev == null) {
                    table[h] = t.hashNext;
                } else {
                    prev.hashNext = t.hashNext;
                }
                size--;
                break;
            }
        }
        for (long page = tb.physPc & Tlb.PAGE_MASK; page < tb.physEnd; page += Tlb.PAGE_SIZE) {
            removeFromPage(page, tb);
        }
        if (tb.physPage2 >= 0) {
            removeFromPage(tb.physPage2, tb);
        }
    }

    private void removeFromPage(long page, TranslationBlock tb) {
        List<TranslationBlock> l = byPage.get(page >>> Tlb.PAGE_BITS);
        if (l != null) {
            l.remove(tb);
            if (l.isEmpty()) {
                byPage.remove(page >>> Tlb.PAGE_BITS);
                markCodePage(page >>> Tlb.PAGE_BITS, false);
            }
        }
    }

    /** Drops every block (for example after the frontend's translation rules changed). */
    public void flush() {
        for (int i = 0; i < table.length; i++) {
            for (TranslationBlock t = table[i]; t != null; t = t.hashNext) {
                t.valid = false;
            }
            table[i] = null;
        }
        byPage.clear();
        java.util.Arrays.fill(codePageBits, 0);
        size = 0;
        for (GuestCpu c : cpus) {
            java.util.Arrays.fill(c.jmpCache, null);
        }
    }
}
