package org.jemu.arm.cpu;

import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.memory.MemoryRegion;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * VMSAv7 stage 1 translation for the PL1&amp;0 regime of an AArch32 PE (DDI 0406C chapter B3; DDI 0487
 * G5 "The AArch32 Virtual Memory System Architecture"), selected by TTBCR.EAE:
 *
 * <ul>
 *   <li><b>Short-descriptor format</b> (B3.5): TTBCR.N splits the VA space between TTBR0 and TTBR1
 *       (PD0/PD1 disable a walk); first-level sections (1 MiB), supersections (16 MiB, PA up to 40 bits)
 *       and page tables; second-level large (64 KiB) and small (4 KiB) pages. Domains (DACR: no access,
 *       client, manager), AP[2:0] permissions or, with SCTLR.AFE, the AP[2:1] model with the Access flag
 *       AP[0]; XN, PXN, SCTLR.WXN and UWXN. nG and the ASID need no handling: the soft-MMU TLBs are not
 *       ASID-tagged and are flushed on ASID changes ({@link Cp15}).</li>
 *   <li><b>Long-descriptor format</b> (LPAE, B3.6): T0SZ/T1SZ select TTBR0 or TTBR1, a walk starts at
 *       level 1 or 2, 1 GiB/2 MiB blocks and 4 KiB pages with 40-bit output addresses; APTable, XNTable and
 *       PXNTable, AP[2:1], XN, PXN, the Access flag (AF = 0 faults), WXN/UWXN.</li>
 * </ul>
 * Faults are reported in {@link Mmu.Result#fsc} as AArch64-style status codes with the level (1 or 2 for
 * the short format) plus {@link A32System#FSC_DOMAIN} for Domain faults, with the domain in
 * {@link Mmu.Result#domain}; exception entry converts them to the DFSR/IFSR format in use
 * ({@link A32System#fsr}). Memory attributes (TEX/C/B, TEX remap, MAIR) do not change behaviour.
 */
final class MmuV7 {
    private MmuV7() {
    }

    private static final long SCTLR_WXN = 1 << 19;
    private static final long SCTLR_UWXN = 1 << 20;
    private static final long SCTLR_AFE = 1 << 29;

    /**
     * Walks the translation tables for 32-bit {@code va} under {@code mmuIdx} (0 = PL0, 1 = PL1 permissions),
     * filling {@code r} like {@link Mmu#walk}.
     */
    static void walk(Aarch64Cpu c, long va, int mmuIdx, Mmu.Result r) {
        r.fsc = -1;
        r.level = 0;
        r.ns = false;
        r.domain = 0;
        r.attr = 0;
        r.sh = 0;
        va &= 0xffff_ffffL;
        long sctlr = c.sctlr[1];
        if ((sctlr & Cp15.SCTLR_M) == 0) {
            r.pa = va;
            r.prot = GuestCpu.PROT_READ | GuestCpu.PROT_WRITE | GuestCpu.PROT_EXEC;
            r.sizeBits = 12;
            return;
        }
        boolean el0 = mmuIdx == Aarch64Cpu.MMU_IDX_EL0;
        if ((c.tcr[1] & Cp15.TTBCR_EAE) != 0) {
            walkLong(c, va, el0, sctlr, r);
        } else {
            walkShort(c, va, el0, sctlr, r);
        }
    }

    private static void fault(Mmu.Result r, int fsc, int level) {
        r.fsc = fsc | level;
        r.level = level;
    }

    private static long read(Aarch64Cpu c, long pa, int size, boolean bigEndian, Mmu.Result r, int level) {
        MemoryRegion region = c.memory.find(pa);
        if (region == null) {
            fault(r, Esr.FSC_SYNC_EXTERNAL_WALK, level);
            return -1;
        }
        return PhysicalAddressSpace.readRegion(region, pa, size, bigEndian);
    }

    // ---- short-descriptor format (B3.5) --------------------------------------------------------------

    private static void walkShort(Aarch64Cpu c, long va, boolean el0, long sctlr, Mmu.Result r) {
        long ttbcr = c.tcr[1];
        int n = (int) ttbcr & 7;
        boolean useTtbr1 = n > 0 && (va >>> (32 - n)) != 0;
        if ((ttbcr & (useTtbr1 ? 0x20 : 0x10)) != 0) { // PD1 / PD0
            fault(r, Esr.FSC_TRANSLATION, 1);
            return;
        }
        long base;
        long index;
        if (useTtbr1) {
            base = c.ttbr1El1 & 0xffff_c000L;
            index = (va >>> 20) & 0xfff;
        } else {
            base = c.ttbr0[1] & (0xffff_ffffL << (14 - n)) & 0xffff_ffffL;
            index = (va >>> 20) & (0xfffL >>> n);
        }
        boolean be = (sctlr & A32System.SCTLR_EE) != 0;
        long d1 = read(c, base | index << 2, 4, be, r, 1);
        if (r.fsc >= 0) {
            return;
        }
        int type = (int) d1 & 3;
        if (type == 0) {
            fault(r, Esr.FSC_TRANSLATION, 1);
            return;
        }
        int domain;
        int ap;
        boolean xn;
        boolean pxn;
        int level;
        boolean shareable;
        if (type == 1) {
            // Page table: second-level descriptor at bits [31:10] | VA[19:12].
            domain = (int) (d1 >>> 5) & 0xf;
            pxn = (d1 & 4) != 0;
            r.domain = domain;
            long d2 = read(c, (d1 & 0xffff_fc00L) | ((va >>> 12) & 0xff) << 2, 4, be, r, 2);
            if (r.fsc >= 0) {
                return;
            }
            level = 2;
            int t2 = (int) d2 & 3;
            if (t2 == 0) {
                fault(r, Esr.FSC_TRANSLATION, 2);
                return;
            }
            ap = (int) ((d2 >>> 4) & 3 | (d2 >>> 7) & 4);
            shareable = (d2 & (1 << 10)) != 0;
            if (t2 == 1) {
                xn = (d2 & (1 << 15)) != 0;
                r.pa = (d2 & 0xffff_0000L) | (va & 0xffff);
                r.sizeBits = 16;
            } else {
                xn = (d2 & 1) != 0;
                r.pa = (d2 & 0xffff_f000L) | (va & 0xfff);
                r.sizeBits = 12;
            }
        } else {
            level = 1;
            pxn = (d1 & 1) != 0;
            xn = (d1 & (1 << 4)) != 0;
            ap = (int) ((d1 >>> 10) & 3 | (d1 >>> 13) & 4);
            shareable = (d1 & (1 << 16)) != 0;
            if ((d1 & (1 << 18)) == 0) {
                domain = (int) (d1 >>> 5) & 0xf;
                r.pa = (d1 & 0xfff0_0000L) | (va & 0xf_ffff);
                r.sizeBits = 20;
            } else {
                // Supersection: PA[31:24] = bits [31:24], PA[35:32] = bits [23:20], PA[39:36] = bits [8:5].
                domain = 0;
                r.pa = (d1 & 0xff00_0000L) | ((d1 >>> 20) & 0xf) << 32 | ((d1 >>> 5) & 0xf) << 36
                        | (va & 0xff_ffff);
                r.sizeBits = 24;
            }
            r.domain = domain;
        }
        r.level = level;
        r.sh = shareable ? 3 : 0;
        int dacr = (int) (c.dacr32El2 >>> (2 * domain)) & 3;
        if (dacr == 0 || dacr == 2) {
            fault(r, A32System.FSC_DOMAIN, level);
            return;
        }
        if (dacr == 3) {
            // Manager: no permission checks (QEMU also ignores XN here).
            r.prot = GuestCpu.PROT_READ | GuestCpu.PROT_WRITE | GuestCpu.PROT_EXEC;
            return;
        }
        if ((sctlr & SCTLR_AFE) != 0 && (ap & 1) == 0) {
            fault(r, Esr.FSC_ACCESS_FLAG, level);
            return;
        }
        int prot = shortPermissions(ap, el0, (sctlr & SCTLR_AFE) != 0);
        int user = shortPermissions(ap, true, (sctlr & SCTLR_AFE) != 0);
        r.prot = execute(prot, user, xn, pxn, el0, sctlr);
    }

    /** Read/write permissions of AP[2:0] (B3.7.1, tables B3-8 and B3-9 for the SCTLR.AFE = 1 model). */
    private static int shortPermissions(int ap, boolean el0, boolean afe) {
        if (afe) {
            ap |= 1;
        }
        boolean rd;
        boolean wr;
        switch (ap) {
            case 1 -> {
                rd = !el0;
                wr = !el0;
            }
            case 2 -> {
                rd = true;
                wr = !el0;
            }
            case 3 -> {
                rd = true;
                wr = true;
            }
            case 5 -> {
                rd = !el0;
                wr = false;
            }
            case 6, 7 -> {
                rd = true;
                wr = false;
            }
            default -> {
                rd = false;
                wr = false;
            }
        }
        return (rd ? GuestCpu.PROT_READ : 0) | (wr ? GuestCpu.PROT_WRITE : 0);
    }

    /**
     * Adds execute permission to {@code rw} (the access's read/write permissions; {@code user} those of
     * PL0): not with XN, at PL1 not with PXN or (SCTLR.UWXN) PL0-writable, not with SCTLR.WXN if writable,
     * and never without read permission.
     */
    private static int execute(int rw, int user, boolean xn, boolean pxn, boolean el0, long sctlr) {
        boolean x = !xn && (rw & GuestCpu.PROT_READ) != 0;
        if (!el0 && (pxn || ((sctlr & SCTLR_UWXN) != 0 && (user & GuestCpu.PROT_WRITE) != 0))) {
            x = false;
        }
        if ((sctlr & SCTLR_WXN) != 0 && (rw & GuestCpu.PROT_WRITE) != 0) {
            x = false;
        }
        return rw | (x ? GuestCpu.PROT_EXEC : 0);
    }

    // ---- long-descriptor format (B3.6) ---------------------------------------------------------------

    private static final long OA_MASK = 0x0000_00ff_ffff_f000L;

    private static void walkLong(Aarch64Cpu c, long va, boolean el0, long sctlr, Mmu.Result r) {
        long ttbcr = c.tcr[1];
        int t0sz = (int) ttbcr & 7;
        int t1sz = (int) (ttbcr >>> 16) & 7;
        // Region selection (B3.6.4, table B3-?): TTBR0 for VA[31:32-T0SZ] == 0, TTBR1 for VA[31:32-T1SZ]
        // all ones; with a size of 0 the region extends to meet the other one.
        int range;
        if (t0sz == 0 && t1sz == 0) {
            range = 0;
        } else if (t0sz > 0 && (va >>> (32 - t0sz)) == 0) {
            range = 0;
        } else if (t1sz > 0 && (va >>> (32 - t1sz)) == (1L << t1sz) - 1) {
            range = 1;
        } else if (t0sz == 0 && t1sz > 0) {
            range = 0;
        } else if (t1sz == 0 && t0sz > 0) {
            range = 1;
        } else {
            fault(r, Esr.FSC_TRANSLATION, 1);
            return;
        }
        if ((ttbcr & (range == 0 ? 1 << 7 : 1 << 23)) != 0) { // EPD0 / EPD1
            fault(r, Esr.FSC_TRANSLATION, 1);
            return;
        }
        int tsz = range == 0 ? t0sz : t1sz;
        int inputSize = 32 - tsz;
        int level = inputSize > 30 ? 1 : 2;
        int bits = inputSize - 12 - (3 - level) * 9;
        long ttbr = range == 0 ? c.ttbr0[1] : c.ttbr1El1;
        // BADDR[39:x] with x = bits + 3 (B4.1.155: 5 - T0SZ for a level 1 start, 14 - T0SZ for level 2).
        long base = ttbr & 0xff_ffff_ffffL & -(1L << (bits + 3));
        boolean be = (sctlr & A32System.SCTLR_EE) != 0;
        int apTable = 0;
        boolean xnTable = false;
        boolean pxnTable = false;
        while (true) {
            int shift = 12 + (3 - level) * 9;
            long index = (va >>> shift) & ((1L << bits) - 1);
            long d = read(c, base | index << 3, 8, be, r, level);
            if (r.fsc >= 0) {
                return;
            }
            if ((d & 1) == 0) {
                fault(r, Esr.FSC_TRANSLATION, level);
                return;
            }
            if (level < 3 && (d & 2) != 0) {
                apTable |= (int) (d >>> 61) & 3;
                xnTable |= ((d >>> 60) & 1) != 0;
                pxnTable |= ((d >>> 59) & 1) != 0;
                base = d & OA_MASK;
                level++;
                bits = 9;
                continue;
            }
            if (level == 3 && (d & 2) == 0) {
                fault(r, Esr.FSC_TRANSLATION, level);
                return;
            }
            if ((d & (1 << 10)) == 0) {
                fault(r, Esr.FSC_ACCESS_FLAG, level);
                return;
            }
            r.level = level;
            r.pa = (d & OA_MASK & -(1L << shift)) | (va & ((1L << shift) - 1));
            r.sizeBits = shift;
            int ap = (int) (d >>> 6) & 3;
            boolean readOnly = (ap & 2) != 0 || (apTable & 2) != 0;
            boolean user = (ap & 1) != 0 && (apTable & 1) == 0;
            int rw;
            if (el0) {
                rw = (user ? GuestCpu.PROT_READ : 0) | (user && !readOnly ? GuestCpu.PROT_WRITE : 0);
            } else {
                rw = GuestCpu.PROT_READ | (readOnly ? 0 : GuestCpu.PROT_WRITE);
            }
            int userRw = (user ? GuestCpu.PROT_READ : 0) | (user && !readOnly ? GuestCpu.PROT_WRITE : 0);
            boolean xn = ((d >>> 54) & 1) != 0 || xnTable;
            boolean pxn = ((d >>> 53) & 1) != 0 || pxnTable;
            r.prot = execute(rw, userRw, xn, pxn, el0, sctlr);
            r.attr = (int) (c.mair[1] >>> (8 * ((d >>> 2) & 7))) & 0xff;
            r.sh = (int) (d >>> 8) & 3;
            r.ns = ((d >>> 5) & 1) != 0;
            return;
        }
    }
}
