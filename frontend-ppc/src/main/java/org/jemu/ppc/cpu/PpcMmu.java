package org.jemu.ppc.cpu;

import org.jemu.translator.exec.GuestCpu;

/**
 * The classic 32-bit PowerPC MMU of the 750 (PEM chapter 7 "Memory Management"; 750 user's manual chapter 5):
 * block address translation (four IBAT and four DBAT pairs, PEM 7.4), segment registers (PEM 7.5.2) and the
 * hashed page table found through SDR1 (PEM 7.6), with referenced/changed bit updates and the PP/Ks/Kp page
 * protection. Used by {@link PpcCpu#translate} for the translated soft-MMU indexes; the soft-MMU TLB is the
 * emulated TLB, so every change of a BAT, segment register or SDR1 and every tlbie/tlbia flushes it.
 *
 * <p>Choices: the soft-MMU caches a translation per 4 KiB page, so tlbie flushes the whole soft TLB (simple
 * and always correct; the 750's tlbie invalidates a congruence class, which software cannot tell apart).
 * The R bit is set on the first access that walks the table, the C bit on the first store: a page whose C
 * bit is clear enters the soft TLB without write permission, so the first store walks again and sets C
 * (PEM 7.6.3 "Page History Recording": R/C updates may be made at the walk).
 */
public final class PpcMmu {
    private final PpcCpu cpu;
    /** IBAT0U..IBAT3U, IBAT0L..IBAT3L, DBAT0U.., DBAT0L.. (PEM 7.4.3: upper BEPI/BL/Vs/Vp, lower BRPN/WIMG/PP). */
    public final long[] ibatU = new long[4], ibatL = new long[4], dbatU = new long[4], dbatL = new long[4];
    /** SR0-SR15 (PEM 2.3.3.2 / 7.5.2: T, Ks, Kp, N, VSID). */
    public final long[] sr = new long[16];
    /** SDR1 (PEM 2.3.3.1 / 7.6.1.1: HTABORG bits 0-15, HTABMASK bits 23-31). */
    public long sdr1;

    PpcMmu(PpcCpu cpu) {
        this.cpu = cpu;
    }

    void reset() {
        java.util.Arrays.fill(ibatU, 0);
        java.util.Arrays.fill(ibatL, 0);
        java.util.Arrays.fill(dbatU, 0);
        java.util.Arrays.fill(dbatL, 0);
        java.util.Arrays.fill(sr, 0);
        sdr1 = 0;
    }

    /**
     * Translates effective address {@code ea} (32 bits) for {@code access} with relocation on.
     *
     * @return the physical page | the PROT_ bits granted
     * @throws PpcFault DSI (data) or ISI (fetch) when there is no translation or the access is not permitted
     */
    long translate(long ea, int access, boolean user) {
        boolean fetch = access == GuestCpu.ACCESS_EXEC;
        boolean store = access == GuestCpu.ACCESS_WRITE;
        // 1. BATs (PEM 7.4.2: a BAT hit takes precedence over the segment/page translation).
        long bat = batLookup(ea, fetch, user);
        if (bat != -1) {
            int pp = (int) (bat & 3);
            return grant(bat & 0xffff_f000L, pp == 0 ? 0 : pp == 2 ? 2 : 1, ea, fetch, store, false);
        }
        // 2. Segment register (PEM 7.5.2).
        long s = sr[(int) (ea >>> 28)];
        if ((s & 0x8000_0000L) != 0) {
            // Direct-store segment: the 750 does not support direct-store (750 user's manual, chapter 5); ISI / DSI.
            if (fetch) {
                throw cpu.raise(PpcException.Kind.ISI, PpcException.SRR1_NO_EXEC, 0, 0, 0);
            }
            throw dsi(ea, store, PpcException.DSISR_DIRECT_STORE);
        }
        if (fetch && (s & 0x1000_0000L) != 0) {
            throw cpu.raise(PpcException.Kind.ISI, PpcException.SRR1_NO_EXEC, 0, 0, 0);
        }
        boolean key = (s & (user ? 0x2000_0000L : 0x4000_0000L)) != 0;
        // 3. Page table search (PEM 7.6.1: primary hash, then secondary hash = one's complement).
        long a = findPte(ea, s, false);
        if (a != -1) {
            long w1 = cpu.memory.read(a + 4, 4, true);
            int pp = (int) (w1 & 3);
            // PEM chapter 7, "Access Protection Control with Key": 0 none, 1 read only, 2 read/write.
            int perm = !key ? (pp == 3 ? 1 : 2) : (pp == 0 ? 0 : pp == 2 ? 2 : 1);
            if (fetch && (w1 & 0x08) != 0) {
                // Fetch from a guarded page (G = WIMG bit 3): ISI (PEM 6.4.4).
                throw cpu.raise(PpcException.Kind.ISI, PpcException.SRR1_NO_EXEC, 0, 0, 0);
            }
            boolean allowed = perm == 2 || (perm == 1 && !store);
            long nw1 = w1;
            if (allowed) {
                nw1 |= 0x100;
                if (store) {
                    nw1 |= 0x80;
                }
                if (nw1 != w1) {
                    cpu.memory.write(a + 4, 4, true, nw1);
                }
            }
            if (perm == 2 && (nw1 & 0x80) == 0) {
                perm = 1;
            }
            return grant(w1 & 0xffff_f000L, perm, ea, fetch, store, true);
        }
        if (fetch) {
            throw cpu.raise(PpcException.Kind.ISI, PpcException.NOT_FOUND, 0, 0, 0);
        }
        throw dsi(ea, store, PpcException.NOT_FOUND);
    }

    /**
     * The BAT translation of {@code ea} (PEM 7.4.2): the instruction BATs for a fetch, else the data BATs; a pair
     * applies if its Vs (supervisor) or Vp ({@code user}) bit is set and BEPI matches under the block length.
     *
     * @return the physical page address | PP (bits 0-1), or -1 if no BAT matches
     */
    private long batLookup(long ea, boolean fetch, boolean user) {
        long[] us = fetch ? ibatU : dbatU;
        long[] ls = fetch ? ibatL : dbatL;
        for (int i = 0; i < 4; i++) {
            long u = us[i];
            if ((u & (user ? 1 : 2)) == 0) {
                continue;
            }
            long bl = (u >>> 2) & 0x7ff;
            long mask = ~(bl << 17) & 0xfffe_0000L;
            if ((ea & mask) != (u & mask)) {
                continue;
            }
            long l = ls[i];
            return (l & mask) | (ea & ~mask & 0xffff_f000L) | (l & 3);
        }
        return -1;
    }

    /**
     * Searches the hashed page table for the PTE of {@code ea} in segment {@code s} (PEM 7.6.1: primary hash,
     * then the secondary hash, its one's complement; PTEGs of 8 entries). With {@code debug}, a PTEG outside
     * RAM or ROM counts as not found, so nothing but memory is read.
     *
     * @return the physical address of the PTE's first word, or -1
     */
    private long findPte(long ea, long s, boolean debug) {
        long vsid = s & 0x00ff_ffffL;
        long pageIndex = (ea >>> 12) & 0xffff;
        long api = pageIndex >>> 10;
        long hash = ((vsid & 0x7ffff) ^ pageIndex) & 0x7ffff;
        for (int h = 0; h < 2; h++) {
            long pteg = ptegAddress(h == 0 ? hash : ~hash & 0x7ffff);
            if (debug) {
                org.jemu.translator.memory.MemoryRegion r = cpu.memory.find(pteg);
                if (r == null || r.backing == null || pteg + 64 > r.base + r.size) {
                    continue;
                }
            }
            long want = 0x8000_0000L | (vsid << 7) | ((long) h << 6) | api;
            for (int k = 0; k < 8; k++) {
                long a = pteg + 8L * k;
                if (cpu.memory.read(a, 4, true) == want) {
                    return a;
                }
            }
        }
        return -1;
    }

    /**
     * Translates effective address {@code ea} (32 bits) without side effects, for debuggers: the BATs, then the
     * segment register and the page table, without protection checks, without setting R or C and without
     * raising an exception. Direct-store segments have no translation.
     *
     * @param fetch true for the instruction BATs (code), false for the data BATs
     * @param user  true in problem state (MSR[PR] = 1): selects the BATs' Vp instead of Vs
     * @return the physical address of {@code ea}, or -1 if it has none
     */
    public long debugTranslate(long ea, boolean fetch, boolean user) {
        ea &= 0xffff_ffffL;
        long bat = batLookup(ea, fetch, user);
        if (bat != -1) {
            return (bat & 0xffff_f000L) | (ea & 0xfff);
        }
        long s = sr[(int) (ea >>> 28)];
        if ((s & 0x8000_0000L) != 0) {
            return -1;
        }
        long a = findPte(ea, s, true);
        return a == -1 ? -1 : (cpu.memory.read(a + 4, 4, true) & 0xffff_f000L) | (ea & 0xfff);
    }

    /** The PTEG address for a 19-bit hash (PEM 7.6.1.3, figure "Generation of Addresses for Page Table Search"). */
    long ptegAddress(long hash) {
        long org = sdr1 & 0xffff_0000L;
        long mask = sdr1 & 0x1ff;
        long mid = ((org >>> 16) & 0x1ff) | ((hash >>> 10) & mask);
        return (org & 0xfe00_0000L) | (mid << 16) | ((hash & 0x3ff) << 6);
    }

    /** Checks {@code perm} (0 none, 1 read, 2 read/write) against the access and returns the soft-TLB value. */
    private long grant(long pa, int perm, long ea, boolean fetch, boolean store, boolean page) {
        if (perm == 0 || (store && perm != 2)) {
            if (fetch) {
                throw cpu.raise(PpcException.Kind.ISI, PpcException.PROTECTION, 0, 0, 0);
            }
            throw dsi(ea, store, PpcException.PROTECTION);
        }
        if (fetch) {
            return pa | GuestCpu.PROT_EXEC | GuestCpu.PROT_READ;
        }
        return pa | GuestCpu.PROT_READ | (perm == 2 ? GuestCpu.PROT_WRITE : 0);
    }

    private PpcFault dsi(long ea, boolean store, long why) {
        return cpu.raise(PpcException.Kind.DSI, 0, ea, why | (store ? PpcException.DSISR_STORE : 0), 0);
    }
}
