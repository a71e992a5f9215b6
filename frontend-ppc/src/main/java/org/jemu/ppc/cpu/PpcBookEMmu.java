package org.jemu.ppc.cpu;

import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.exec.UnsupportedGuestFeatureException;

/**
 * The e500mc MMU (Power ISA 2.06 Book III-E chapter 6 "Storage Control", MMU architecture version 1.0 as
 * the e500 family implements it; e500mc reference manual chapter 6 "Memory Management Units"): two
 * software-managed TLBs reached through the MAS registers.
 *
 * <ul>
 *   <li>TLB0: 512 entries, 4-way set associative (128 sets, set = EPN bits 45-51, i.e. (EA &gt;&gt; 12) &amp; 127),
 *       4 KiB pages only, no IPROT (TLB0CFG = 0x0411_0200 as QEMU's e500mc);</li>
 *   <li>TLB1: 64 entries, fully associative, variable page size (TSIZE 1-11: 4 KiB .. 4 GiB), IPROT
 *       (TLB1CFG = 0x401C_C040).</li>
 * </ul>
 *
 * <p>An entry is stored as QEMU stores it: MAS1 (V, IPROT, TID, TS, TSIZE), MAS2 (EPN, WIMGE) and MAS7||MAS3
 * (the 36-bit RPN, U0-U3, UX SX UW SW UR SR). Page size = 1 KiB &lt;&lt; MAS1[TSIZE field at bit 7] =
 * 4^TSIZE KiB in the MAV 1.0 4-bit TSIZE (MAS1 bits 20-23). An entry matches an effective address when it
 * is valid, its TS equals the address space (MSR[IS] for fetches, MSR[DS] for data), its TID is 0 or equals
 * PID0, PID1 or PID2, and EA and EPN agree above the page size (Book III-E 6.7.2 "Translation Lookaside
 * Buffer", "TLB match"). TLB0 is searched before TLB1.
 *
 * <p>The soft-MMU TLB caches 4 KiB pieces of these translations (misses are never cached). Overwriting or
 * invalidating a valid 4 KiB entry (tlbwe, tlbivax of one address) flushes that page of the soft TLB; a larger
 * entry, tlbivax of a whole TLB, tlbilx, an MMUCSR0 flash invalidate and a PID write flush all of it.
 */
public final class PpcBookEMmu {
    /** Entries of TLB0 and TLB1 (e500mc). */
    public static final int TLB0_ENTRIES = 512, TLB0_WAYS = 4, TLB1_ENTRIES = 64;
    static final int TLB0_SETS = TLB0_ENTRIES / TLB0_WAYS;

    // MAS fields (Book III-E 6.10.3.x "MMU Assist Registers"; QEMU target/ppc/cpu.h names).
    public static final long MAS0_TLBSEL_SHIFT = 28, MAS0_ESEL_SHIFT = 16;
    public static final long MAS1_VALID = 0x8000_0000L, MAS1_IPROT = 0x4000_0000L, MAS1_TS = 0x1000;
    public static final long MAS1_TID_MASK = 0x3fff_0000L, MAS1_TSIZE_MASK = 0x0f80;
    public static final long MAS2_EPN_MASK = 0xffff_f000L, MAS2_E = 1, MAS2_VLE = 0x20;
    public static final long MAS3_UX = 0x20, MAS3_SX = 0x10, MAS3_UW = 0x08, MAS3_SW = 0x04, MAS3_UR = 0x02,
            MAS3_SR = 0x01;
    public static final long MAS4_TLBSELD_MASK = 0x3000_0000L, MAS4_TIDSELD_MASK = 0x0003_0000L,
            MAS4_TSIZED_MASK = 0x0f80, MAS4_WIMGED_MASK = 0x1f;
    public static final long MAS6_SPID_MASK = 0x3fff_0000L, MAS6_SAS = 1;

    /** TLB0CFG of QEMU's e500mc: 4-way, min/max page size 4 KiB (TSIZE 1), 512 entries. */
    public static final long TLB0CFG = (4L << 24) | (1L << 20) | (1L << 16) | TLB0_ENTRIES;
    /** TLB1CFG of QEMU's e500mc: 64-way, TSIZE 1..12, AVAIL (variable size) and IPROT, 64 entries. */
    public static final long TLB1CFG = (64L << 24) | (1L << 20) | (12L << 16) | 0x4000 | 0x8000 | TLB1_ENTRIES;

    private final PpcBookECpu cpu;
    /** Per entry (TLB0 at 0..511, TLB1 at 512..575): MAS1, MAS2 and MAS7 || MAS3. */
    final long[] mas1 = new long[TLB0_ENTRIES + TLB1_ENTRIES];
    final long[] mas2 = new long[TLB0_ENTRIES + TLB1_ENTRIES];
    final long[] mas73 = new long[TLB0_ENTRIES + TLB1_ENTRIES];
    /** The next-victim way of TLB0 (MAS0[NV]), advanced by tlbsx misses and TLB miss interrupts as in QEMU. */
    int lastWay;

    /** The MAS registers (MAS5 does not exist on the e500mc; MAS7 holds RPN bits 28-31 of the 36-bit address). */
    public long mas0r, mas1r, mas2r, mas3r, mas4r, mas6r, mas7r;
    /** PID0 (SPR 48), PID1 (633), PID2 (634): QEMU gives the e500 family three PIDs. */
    public final long[] pid = new long[3];

    PpcBookEMmu(PpcBookECpu cpu) {
        this.cpu = cpu;
    }

    void reset() {
        java.util.Arrays.fill(mas1, 0);
        java.util.Arrays.fill(mas2, 0);
        java.util.Arrays.fill(mas73, 0);
        lastWay = 0;
        mas0r = mas1r = mas2r = mas3r = mas4r = mas6r = mas7r = 0;
        java.util.Arrays.fill(pid, 0);
    }

    /** Page size in bytes of the entry with {@code mas1} (1 KiB &lt;&lt; the 5-bit TSIZE field; 4 KiB for TSIZE 1). */
    static long pageSize(long mas1) {
        return 1024L << ((mas1 & MAS1_TSIZE_MASK) >>> 7);
    }

    /**
     * The entry index that MAS0[TLBSEL, ESEL] and EA select (QEMU booke206_get_tlbm): TLB0 entry = way (ESEL
     * mod 4) x 128 + the set of EA; TLB1 entry = ESEL mod 64. Returns -1 for TLBSEL 2 or 3 (no such TLB).
     */
    static int entryIndex(int tlbsel, int esel, long ea) {
        if (tlbsel == 0) {
            return (esel & (TLB0_WAYS - 1)) * TLB0_SETS + (int) ((ea >>> 12) & (TLB0_SETS - 1));
        }
        if (tlbsel == 1) {
            return TLB0_ENTRIES + (esel & (TLB1_ENTRIES - 1));
        }
        return -1;
    }

    /** True if entry {@code i} is valid and matches {@code ea} with TID 0 or {@code pidv} (address space not checked). */
    private boolean matches(int i, long ea, long pidv) {
        return matches(i, ea, pidv, pidv, pidv);
    }

    /**
     * True if entry {@code i} is valid, its TID is 0 or one of {@code p0}, {@code p1}, {@code p2}, and it maps
     * {@code ea} (address space not checked).
     */
    private boolean matches(int i, long ea, long p0, long p1, long p2) {
        long m1 = mas1[i];
        if ((m1 & MAS1_VALID) == 0) {
            return false;
        }
        long tid = (m1 & MAS1_TID_MASK) >>> 16;
        if (tid != 0 && tid != p0 && tid != p1 && tid != p2) {
            return false;
        }
        long mask = ~(pageSize(m1) - 1);
        return ((ea ^ mas2[i]) & mask & 0xffff_ffffL) == 0;
    }

    /**
     * Finds the entry translating {@code ea} in address space {@code as} under PID0-2, or -1: one pass over the
     * four ways of ea's TLB0 set, then TLB1, each entry compared with all three PIDs (QEMU
     * mmubooke206_get_physical_address; which of several matching entries wins is undefined on hardware).
     */
    int lookup(long ea, int as) {
        return search(ea, as, pid[0], pid[1], pid[2]);
    }

    /** Searches TLB0 (the four ways of ea's set) then TLB1 for a valid entry matching ea, TS = as, TID 0 or pidv. */
    int search(long ea, int as, long pidv) {
        return search(ea, as, pidv, pidv, pidv);
    }

    private int search(long ea, int as, long p0, long p1, long p2) {
        int set = (int) ((ea >>> 12) & (TLB0_SETS - 1));
        for (int w = 0; w < TLB0_WAYS; w++) {
            int i = w * TLB0_SETS + set;
            if (matches(i, ea, p0, p1, p2) && ((mas1[i] & MAS1_TS) != 0 ? 1 : 0) == as) {
                return i;
            }
        }
        for (int i = TLB0_ENTRIES; i < TLB0_ENTRIES + TLB1_ENTRIES; i++) {
            if (matches(i, ea, p0, p1, p2) && ((mas1[i] & MAS1_TS) != 0 ? 1 : 0) == as) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Translates {@code ea} (32 bits) for {@code access} (Book III-E 6.7.3 "Address Translation" and 6.7.5
     * "Storage Access Control"): address space = MSR[IS] (fetch) or MSR[DS] (data); no matching entry is an
     * ITLB/DTLB miss (the MAS registers are loaded with the defaults from MAS4, as QEMU's
     * booke206_update_mas_tlb_miss does); a match without the permission (UX/SX, UR/SR, UW/SW by MSR[PR]) is
     * an ISI/DSI (ESR[ST] for a store).
     *
     * @param user MSR[PR]
     * @param as   the address space (0/1)
     * @return the 36-bit physical address of the 4 KiB page | the PROT_ bits granted (| PROT_LARGE)
     * @throws PpcFault the TLB miss or storage interrupt
     * @throws UnsupportedGuestFeatureException for a page with E (little-endian) or VLE set
     */
    long translate(long ea, int access, boolean user, int as) {
        boolean fetch = access == GuestCpu.ACCESS_EXEC;
        boolean store = access == GuestCpu.ACCESS_WRITE;
        int i = lookup(ea, as);
        if (i < 0) {
            loadMissDefaults(ea, as);
            if (fetch) {
                throw cpu.raise(PpcException.Kind.ITLB_MISS, 0, 0, 0, 0);
            }
            throw cpu.raise(PpcException.Kind.DTLB_MISS, 0, ea, store ? PpcException.DSISR_STORE : 0, 0);
        }
        long m3 = mas73[i];
        int prot = 0;
        if ((m3 & (user ? MAS3_UR : MAS3_SR)) != 0) {
            prot |= GuestCpu.PROT_READ;
        }
        if ((m3 & (user ? MAS3_UW : MAS3_SW)) != 0) {
            prot |= GuestCpu.PROT_WRITE;
        }
        if ((m3 & (user ? MAS3_UX : MAS3_SX)) != 0) {
            prot |= GuestCpu.PROT_EXEC;
        }
        int need = fetch ? GuestCpu.PROT_EXEC : store ? GuestCpu.PROT_WRITE : GuestCpu.PROT_READ;
        if ((prot & need) == 0) {
            if (fetch) {
                throw cpu.raise(PpcException.Kind.ISI, 0, 0, 0, 0);
            }
            throw cpu.raise(PpcException.Kind.DSI, 0, ea, store ? PpcException.DSISR_STORE : 0, 0);
        }
        if ((mas2[i] & (MAS2_E | MAS2_VLE)) != 0) {
            throw new UnsupportedGuestFeatureException(String.format(
                    "PowerPC Book E page with %s set (TLB entry for EA 0x%08x, MAS2 0x%08x) is not supported",
                    (mas2[i] & MAS2_E) != 0 ? "E (little-endian)" : "VLE", ea, mas2[i]));
        }
        long size = pageSize(mas1[i]);
        long pa = ((m3 & ~(size - 1)) | (ea & (size - 1))) & 0xf_ffff_f000L;
        return pa | prot | (size > 4096 ? GuestCpu.PROT_LARGE : 0);
    }

    /**
     * The 36-bit physical address of {@code ea} (32 bits) in address space {@code as} as a debugger sees it:
     * the same TLB0-then-TLB1 match under PID0-2 as {@link #translate} (Book III-E 6.7.2), without the
     * permission check and without side effects (no MAS, ESR or DEAR update, no next-victim step, no
     * exception). Pages with E or VLE set translate too (the debugger reads bytes, not instructions).
     *
     * @param as the address space (0/1: MSR[DS] for data, MSR[IS] for fetches)
     * @return the physical address, or -1 if no valid entry matches
     */
    public long debugTranslate(long ea, int as) {
        ea &= 0xffff_ffffL;
        int i = lookup(ea, as);
        if (i < 0) {
            return -1;
        }
        long size = pageSize(mas1[i]);
        return ((mas73[i] & ~(size - 1)) | (ea & (size - 1))) & 0xf_ffff_ffffL;
    }

    /** MAS registers after a TLB miss (QEMU booke206_update_mas_tlb_miss; e500mc RM table 6-13). */
    private void loadMissDefaults(long ea, int as) {
        mas0r = mas4r & MAS4_TLBSELD_MASK;
        mas1r = MAS1_VALID | (mas4r & MAS4_TSIZED_MASK);
        mas2r = (mas4r & MAS4_WIMGED_MASK) | (ea & MAS2_EPN_MASK);
        mas3r = 0;
        mas7r = 0;
        int tidsel = (int) ((mas4r & MAS4_TIDSELD_MASK) >>> 16);
        long tid = tidsel < 3 ? pid[tidsel] : 0;
        // MAS6 = PID0 as SPID, SAS = the address space (QEMU 7.2 replaces MAS6; checked with BookEOracleTest).
        mas6r = (pid[0] << 16) | (as != 0 ? MAS6_SAS : 0);
        if (as != 0) {
            mas1r |= MAS1_TS;
        }
        mas1r |= (tid << 16) & MAS1_TID_MASK;
        nextVictim();
    }

    private void nextVictim() {
        mas0r |= (long) lastWay << MAS0_ESEL_SHIFT;
        lastWay = (lastWay + 1) & (TLB0_WAYS - 1);
        mas0r |= lastWay;
    }

    /** Loads MAS0-3 and MAS7 from entry {@code i} (QEMU booke206_tlb_to_mas). */
    private void toMas(int i) {
        boolean t1 = i >= TLB0_ENTRIES;
        int way = t1 ? i - TLB0_ENTRIES : i / TLB0_SETS;
        mas0r = ((t1 ? 1L : 0L) << MAS0_TLBSEL_SHIFT) | ((long) way << MAS0_ESEL_SHIFT) | lastWay;
        mas1r = mas1[i];
        mas2r = mas2[i];
        mas3r = mas73[i] & 0xffff_ffffL;
        mas7r = mas73[i] >>> 32;
    }

    /**
     * tlbwe (Book III-E 6.11.4.x; e500mc RM 6.4 "TLB instructions"): writes MAS1, MAS2, MAS7||MAS3 into the
     * entry MAS0[TLBSEL, ESEL] and MAS2[EPN] select. TLB0 entries are forced to 4 KiB and lose IPROT (TLB0CFG
     * has neither AVAIL nor IPROT). A TLBSEL of 2 or 3 writes nothing. Flushes the soft TLB.
     *
     * <p>A valid TLB1 entry must have a page size TLB1CFG lists: TSIZE 1..12 of the MAV 1.0 4-bit field (4 KiB
     * and up; e500mc RM table 6-3 and E500CORERM table 12-4 mark TSIZE 0000, 1 KiB, as reserved), so MAS1 bit 7
     * (the low bit of QEMU's 5-bit field, odd powers of two) must be clear. Any other size raises an
     * illegal-instruction program interrupt (ESR[PIL]) and writes nothing, as QEMU's helper_booke206_tlbwe does.
     * Pages below 4 KiB therefore never reach the 4 KiB soft-MMU TLB.
     *
     * @throws PpcFault the program interrupt for an unsupported TLB1 page size
     */
    void tlbwe() {
        int tlbsel = (int) ((mas0r >>> MAS0_TLBSEL_SHIFT) & 3);
        int i = entryIndex(tlbsel, (int) ((mas0r >>> MAS0_ESEL_SHIFT) & 0xfff), mas2r);
        if (i < 0) {
            return;
        }
        long m1 = mas1r & 0xffff_ffffL;
        if (tlbsel == 1 && (m1 & MAS1_VALID) != 0 && !tlb1SizeSupported(m1)) {
            throw cpu.raise(PpcException.Kind.PROGRAM, PpcException.SRR1_ILLEGAL, 0, 0, 0);
        }
        if (tlbsel == 0) {
            m1 = (m1 & ~(MAS1_TSIZE_MASK | MAS1_IPROT)) | (1L << 8);
        }
        forget(i);
        mas1[i] = m1;
        mas2[i] = mas2r & 0xffff_ffffL;
        mas73[i] = ((mas7r & 0xf) << 32) | (mas3r & 0xffff_ffffL);
    }

    /** True if MAS1's TSIZE is one TLB1CFG allows: an even 5-bit field from 2 (4 KiB) to 24 (TSIZE 12). */
    static boolean tlb1SizeSupported(long mas1) {
        int field = (int) ((mas1 & MAS1_TSIZE_MASK) >>> 7);
        int min = (int) ((TLB1CFG >>> 20) & 0xf);
        int max = (int) ((TLB1CFG >>> 16) & 0xf);
        return (field & 1) == 0 && field >= 2 * min && field <= 2 * max;
    }

    /**
     * Drops from the soft-MMU TLB what entry {@code i} may have put there: the page of a valid 4 KiB entry, or
     * everything for a larger one. (A new entry needs no flush: the soft TLB never caches a miss.)
     */
    private void forget(int i) {
        if ((mas1[i] & MAS1_VALID) == 0) {
            return;
        }
        if (pageSize(mas1[i]) == 4096) {
            cpu.tlbFlushPage(mas2[i] & MAS2_EPN_MASK);
        } else {
            cpu.tlbFlushAll();
        }
    }

    /** tlbre: MAS1-3, MAS7 (and MAS0's NV) from the entry MAS0[TLBSEL, ESEL] and MAS2[EPN] select. */
    void tlbre() {
        int tlbsel = (int) ((mas0r >>> MAS0_TLBSEL_SHIFT) & 3);
        int i = entryIndex(tlbsel, (int) ((mas0r >>> MAS0_ESEL_SHIFT) & 0xfff), mas2r);
        if (i < 0) {
            mas1r = mas2r = mas3r = mas7r = 0;
            return;
        }
        toMas(i);
    }

    /**
     * tlbsx (e500mc RM 6.4.x, QEMU booke206_tlbsx): searches for {@code ea} with TID MAS6[SPID] (or 0) and
     * TS MAS6[SAS]. A hit loads MAS0-3 and MAS7 from the entry; a miss loads MAS0[TLBSEL] = MAS4[TLBSELD],
     * ESEL = the next victim, MAS1 = TSIZED (V = 0), TS = SAS, TID = SPID, MAS2 = WIMGED, MAS3 = MAS7 = 0.
     */
    void tlbsx(long ea) {
        long spid = (mas6r & MAS6_SPID_MASK) >>> 16;
        int as = (int) (mas6r & MAS6_SAS);
        int i = search(ea & 0xffff_ffffL, as, spid);
        if (i >= 0) {
            toMas(i);
            return;
        }
        mas0r = mas4r & MAS4_TLBSELD_MASK;
        mas1r = mas4r & MAS4_TSIZED_MASK;
        mas2r = mas4r & MAS4_WIMGED_MASK;
        mas3r = 0;
        mas7r = 0;
        if (as != 0) {
            mas1r |= MAS1_TS;
        }
        mas1r |= (mas6r >>> 16) << 16 & MAS1_TID_MASK;
        nextVictim();
    }

    /**
     * tlbivax (e500mc RM 6.4.x, QEMU helper_booke206_tlbivax): EA bit 0x4 (INV_ALL) invalidates all entries of
     * the TLB selected by EA bit 0x8 (TLB1: except IPROT ones); otherwise the entries of that TLB whose EPN
     * matches EA under their page size, except IPROT ones: in TLB0 only the four ways of EA's set can hold it.
     * PID and TS are not compared. One pass over the entries, then at most one soft-TLB flush: the EA's page
     * when only 4 KiB entries went, everything when a larger one (or a whole TLB) did.
     */
    void tlbivax(long ea) {
        boolean t1 = (ea & 0x8) != 0;
        if ((ea & 0x4) != 0) {
            int from = t1 ? TLB0_ENTRIES : 0;
            int to = t1 ? TLB0_ENTRIES + TLB1_ENTRIES : TLB0_ENTRIES;
            for (int i = from; i < to; i++) {
                if ((mas1[i] & MAS1_IPROT) == 0) {
                    mas1[i] &= ~MAS1_VALID;
                }
            }
            cpu.tlbFlushAll();
            return;
        }
        boolean page = false;
        boolean all = false;
        if (t1) {
            for (int i = TLB0_ENTRIES; i < TLB0_ENTRIES + TLB1_ENTRIES; i++) {
                if (invalidateIfMaps(i, ea)) {
                    page = true;
                    all |= pageSize(mas1[i]) > 4096;
                }
            }
        } else {
            int set = (int) ((ea >>> 12) & (TLB0_SETS - 1));
            for (int w = 0; w < TLB0_WAYS; w++) {
                page |= invalidateIfMaps(w * TLB0_SETS + set, ea);
            }
        }
        if (all) {
            cpu.tlbFlushAll();
        } else if (page) {
            cpu.tlbFlushPage(ea & MAS2_EPN_MASK);
        }
    }

    /** tlbivax of one address: clears V of entry {@code i} if it is valid, not IPROT and maps {@code ea}. */
    private boolean invalidateIfMaps(int i, long ea) {
        long m1 = mas1[i];
        if ((m1 & MAS1_VALID) == 0 || (m1 & MAS1_IPROT) != 0
                || ((mas2[i] ^ ea) & ~(pageSize(m1) - 1) & 0xffff_f000L) != 0) {
            return false;
        }
        mas1[i] = m1 & ~MAS1_VALID;
        return true;
    }

    /**
     * tlbilx (e500mc; Power ISA 2.06 Book III-E 6.11.4.x, QEMU helper_booke206_tlbilx0/1/3): T = 0 invalidates
     * every entry, T = 1 the entries with TID = MAS6[SPID], T = 3 the entries translating EA for MAS6[SPID];
     * IPROT entries are kept. T = 2 is reserved (nothing happens).
     */
    void tlbilx(int t, long ea) {
        long spid = (mas6r & MAS6_SPID_MASK) >>> 16;
        for (int i = 0; i < mas1.length; i++) {
            if ((mas1[i] & MAS1_IPROT) != 0) {
                continue;
            }
            boolean hit = switch (t) {
                case 0 -> true;
                case 1 -> ((mas1[i] & MAS1_TID_MASK) >>> 16) == spid;
                case 3 -> matches(i, ea & 0xffff_ffffL, spid);
                default -> false;
            };
            if (hit) {
                mas1[i] &= ~MAS1_VALID;
            }
        }
        cpu.tlbFlushAll();
    }

    /** MMUCSR0 flash invalidate (TLB0FI 0x4, TLB1FI 0x2): all entries of the TLB except IPROT ones in TLB1. */
    void flashInvalidate(long mmucsr0) {
        for (int i = 0; i < mas1.length; i++) {
            boolean t1 = i >= TLB0_ENTRIES;
            if ((mmucsr0 & (t1 ? 0x2 : 0x4)) != 0 && (mas1[i] & MAS1_IPROT) == 0) {
                mas1[i] &= ~MAS1_VALID;
            }
        }
        cpu.tlbFlushAll();
    }

    /**
     * Writes a TLB entry directly (boards: QEMU's boot TLB1 entry). Same placement and sanitising as
     * {@link #tlbwe} with the given MAS values.
     *
     * @throws IllegalArgumentException for a valid TLB1 entry with a page size TLB1CFG does not list
     */
    public void writeEntry(int tlbsel, int esel, long mas1v, long mas2v, long mas3v, long mas7v) {
        if ((tlbsel & 3) == 1 && (mas1v & MAS1_VALID) != 0 && !tlb1SizeSupported(mas1v)) {
            throw new IllegalArgumentException(String.format("TLB1 page size of MAS1 0x%08x is not supported", mas1v));
        }
        long s0 = mas0r, s1 = mas1r, s2 = mas2r, s3 = mas3r, s7 = mas7r;
        mas0r = ((long) (tlbsel & 3) << MAS0_TLBSEL_SHIFT) | ((long) (esel & 0xfff) << MAS0_ESEL_SHIFT);
        mas1r = mas1v;
        mas2r = mas2v;
        mas3r = mas3v;
        mas7r = mas7v;
        tlbwe();
        mas0r = s0;
        mas1r = s1;
        mas2r = s2;
        mas3r = s3;
        mas7r = s7;
    }

    /** Entry {@code i} (0..511 TLB0, 512..575 TLB1) as {MAS1, MAS2, MAS7||MAS3} (tests, monitor). */
    public long[] entry(int i) {
        return new long[] {mas1[i], mas2[i], mas73[i]};
    }

    /**
     * The MAS1 TSIZE bits for a page of {@code bytes} (a power of two from 1 KiB to 4 GiB): the 5-bit field at
     * bit 7 QEMU uses (1 KiB &lt;&lt; field), which for powers of 4 is the MAV 1.0 TSIZE at bits 20-23.
     *
     * @throws IllegalArgumentException if {@code bytes} is not such a power of two
     */
    public static long tsizeForBytes(long bytes) {
        if (bytes < 1024 || bytes > (4L << 30) || Long.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("TLB page size must be a power of two from 1 KiB to 4 GiB, got " + bytes);
        }
        return (long) (Long.numberOfTrailingZeros(bytes) - 10) << 7;
    }

    /** The MAS1 TSIZE bits (MAV 1.0 4-bit field, bits 20-23) for a page of 4^{@code tsize} KiB. */
    public static long tsize(int tsize) {
        return (long) (tsize & 0xf) << 8;
    }
}
