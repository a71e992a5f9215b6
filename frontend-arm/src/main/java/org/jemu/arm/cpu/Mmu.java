package org.jemu.arm.cpu;

import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.memory.MemoryRegion;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * VMSAv8-64 stage 1 translation (Arm ARM DDI 0487, chapter D8 "The AArch64 Virtual Memory System
 * Architecture"; pseudocode {@code AArch64.TranslationTableWalk}, {@code AArch64.CheckPermission}):
 *
 * <ul>
 *   <li>regimes: EL1&amp;0 (two VA ranges, TTBR0_EL1/TTBR1_EL1, EL0 and EL1 permissions), EL2 and EL3 (one
 *       VA range, TTBR0_ELx, one privilege level), selected by the soft-MMU index;</li>
 *   <li>input sizes 25..48 bits (TxSZ 16..39; out-of-range values are clamped, one of the CONSTRAINED
 *       UNPREDICTABLE choices), with Top Byte Ignore (TCR.TBI0/TBI1, TCR_ELx.TBI);</li>
 *   <li>4 KiB, 16 KiB and 64 KiB granules (TG0 and TG1 encode them differently, D13.2.131 TCR_EL1), the
 *       start level derived from the input size, blocks at every level the granule allows
 *       (4 KiB: 1 GiB at level 1 and 2 MiB at level 2; 16 KiB: 32 MiB at level 2; 64 KiB: 512 MiB at
 *       level 2), pages at level 3;</li>
 *   <li>output size checks against min(TCR IPS/PS, ID_AA64MMFR0.PARange) for TTBR, table and output
 *       addresses (Address size faults; a TTBR address is reported at level 0);</li>
 *   <li>hierarchical APTable/XNTable/PXNTable, AP[2:1], UXN/PXN/XN, SCTLR.WXN, and the v8.0 rule that
 *       a region writable at EL0 is privileged-execute-never (D8.4 "Memory access control");</li>
 *   <li>the Access flag: AF = 0 gives an Access flag fault (no hardware update, v8.0);</li>
 *   <li>walks read descriptors in the regime's SCTLR.EE byte order; a walk touching an unassigned
 *       physical address gives a synchronous external abort on the walk.</li>
 * </ul>
 *
 * <p>Fault priority follows the pseudocode: translation and address size faults from the walk, then the
 * Access flag, then permission. Stage 2 (EL2 VTTBR) is not modelled; memory attributes are reported (for
 * PAR_EL1) but do not change behaviour (no Device-memory alignment faults). The contiguous bit is ignored
 * (permitted: it is only a TLB hint).
 */
final class Mmu {
    private Mmu() {
    }

    /** Descriptor bits [47:12]: output address and next-level table address field. */
    private static final long OA_MASK = 0x0000_ffff_ffff_f000L;

    /** Outcome of a walk; one instance per vCPU, reused. */
    static final class Result {
        /** Fault status code including level (ESR.DFSC/IFSC), or -1 if the walk succeeded. */
        int fsc;
        /** Lookup level of the final descriptor (or of the fault). */
        int level;
        /** Physical address of the input address (not page-aligned). */
        long pa;
        /** {@code GuestCpu.PROT_*} the mapping grants to the walk's MMU index. */
        int prot;
        /** log2 of the size of the mapping in bytes (12 for a 4 KiB page; 12 with the MMU off). */
        int sizeBits;
        /** MAIR_ELx attribute byte of the mapping (Device-nGnRnE, 0, with the MMU off). */
        int attr;
        /** Shareability, descriptor SH[1:0] (0b10, outer shareable, with the MMU off). */
        int sh;
        /** Descriptor NS bit. */
        boolean ns;
        /** AArch32 short-descriptor format: the domain of the mapping or fault (0 otherwise). */
        int domain;
    }

    /**
     * Bits of physical address for a TCR IPS/PS or ID_AA64MMFR0.PARange value (D13.2.131): 0 → 32,
     * 1 → 36, 2 → 40, 3 → 42, 4 → 44, 5 → 48; 52-bit (6) needs FEAT_LPA and is treated as 48.
     */
    static int outputSizeBits(int ps) {
        return switch (ps & 7) {
            case 0 -> 32;
            case 1 -> 36;
            case 2 -> 40;
            case 3 -> 42;
            case 4 -> 44;
            default -> 48;
        };
    }

    /** True if any of bits [hi:lo] of {@code x} is set (false if lo &gt; hi). */
    static boolean anyBits(long x, int hi, int lo) {
        if (lo > hi) {
            return false;
        }
        int width = hi - lo + 1;
        long field = x >>> lo;
        return (width >= 64 ? field : field & ((1L << width) - 1)) != 0;
    }

    /** Translation regime Exception level of an MMU index: EL0 and EL1 share the EL1&amp;0 regime. */
    static int regimeEl(int mmuIdx) {
        return mmuIdx == Aarch64Cpu.MMU_IDX_EL0 ? 1 : mmuIdx;
    }

    /**
     * True if Top Byte Ignore applies to {@code va} in the regime of {@code mmuIdx} (TCR_EL1.TBI0/TBI1
     * selected by VA bit 55; TCR_EL2/EL3.TBI). Arm ARM D8.8 "Address tagging".
     */
    static boolean tbi(Aarch64Cpu c, long va, int mmuIdx) {
        int rel = regimeEl(mmuIdx);
        long tcr = c.tcr[rel];
        if (rel == 1) {
            return ((va >>> 55) & 1) == 0 ? ((tcr >>> 37) & 1) != 0 : ((tcr >>> 38) & 1) != 0;
        }
        return ((tcr >>> 20) & 1) != 0;
    }

    /**
     * Walks the stage 1 tables for {@code va} under {@code mmuIdx}. Fills {@code r}: on success
     * {@code r.fsc = -1} with the physical address and the permissions for that MMU index; on a
     * translation, address size, access flag or walk external abort, {@code r.fsc} and {@code r.level}.
     * Permission checks against a particular access are the caller's ({@link #permissionFault}).
     */
    static void walk(Aarch64Cpu c, long va, int mmuIdx, Result r) {
        r.fsc = -1;
        r.level = 0;
        r.ns = false;
        r.domain = 0;
        int rel = regimeEl(mmuIdx);
        long sctlr = c.sctlr[rel];
        long tcr = c.tcr[rel];
        boolean twoRanges = rel == 1;
        int paMax = c.paRangeBits();
        boolean tbi = tbi(c, va, mmuIdx);
        int top = tbi ? 55 : 63;

        if ((sctlr & Aarch64Cpu.SCTLR_M) == 0 || (rel == 1 && c.stage1DisabledByEl2())) {
            // MMU off (D8.2.10 "The effects of disabling address translation"): flat, but the address
            // must fit the implemented physical address size.
            if (anyBits(va, top, paMax)) {
                fault(r, Esr.FSC_ADDRESS_SIZE, 0);
                return;
            }
            r.pa = va & ((1L << paMax) - 1);
            r.prot = GuestCpu.PROT_READ | GuestCpu.PROT_WRITE | GuestCpu.PROT_EXEC;
            r.sizeBits = 12;
            r.attr = 0;
            r.sh = 2;
            return;
        }

        // VA range selection: bit 'top' picks TTBR0 (0) or TTBR1 (1); bits [top:inputsize] must all
        // equal it, else a level 0 translation fault.
        int range = twoRanges && ((va >>> top) & 1) != 0 ? 1 : 0;
        int tsz = (int) (range == 0 ? tcr & 0x3f : (tcr >>> 16) & 0x3f);
        tsz = Math.max(16, Math.min(39, tsz));
        int inputSize = 64 - tsz;
        int width = top - inputSize + 1;
        long upper = (va >>> inputSize) & ((1L << width) - 1);
        boolean inRange = range == 0 ? upper == 0 : upper == (1L << width) - 1;
        boolean disabled = twoRanges && ((tcr >>> (range == 0 ? 7 : 23)) & 1) != 0; // EPD0 / EPD1
        if (!inRange || disabled) {
            fault(r, Esr.FSC_TRANSLATION, 0);
            return;
        }

        int granule = granuleBits(tcr, range);
        int ps = (int) (twoRanges ? (tcr >>> 32) & 7 : (tcr >>> 16) & 7);
        int outSize = Math.min(outputSizeBits(ps), paMax);
        long ttbr = range == 0 ? c.ttbr0[rel] : c.ttbr1El1;
        int stride = granule - 3;
        int level = 3 - (inputSize - granule - 1) / stride;
        int bits = inputSize - granule - (3 - level) * stride;
        // BADDR: TTBR[47:x] with x the table's alignment (at least 64 bytes); ASID bits [63:48] and CnP
        // (bit 0) are not part of the address.
        long base = ttbr & 0x0000_ffff_ffff_fffeL & -(1L << Math.max(bits + 3, 6));
        if (anyBits(base, 47, outSize)) {
            fault(r, Esr.FSC_ADDRESS_SIZE, 0);
            return;
        }
        boolean bigEndian = (sctlr & Aarch64Cpu.SCTLR_EE) != 0;
        int apTable = 0;
        boolean xnTable = false;
        boolean pxnTable = false;
        while (true) {
            int shift = granule + (3 - level) * stride;
            long index = (va >>> shift) & ((1L << bits) - 1);
            long descAddr = base | (index << 3);
            MemoryRegion region = c.memory.find(descAddr);
            if (region == null) {
                fault(r, Esr.FSC_SYNC_EXTERNAL_WALK, level);
                return;
            }
            long d = PhysicalAddressSpace.readRegion(region, descAddr, 8, bigEndian);
            if ((d & 1) == 0) {
                fault(r, Esr.FSC_TRANSLATION, level);
                return;
            }
            if (level < 3 && (d & 2) != 0) {
                // Table descriptor (D8.3.1): next-level table address bits [47:granule].
                long next = d & OA_MASK & -(1L << granule);
                if (anyBits(next, 47, outSize)) {
                    fault(r, Esr.FSC_ADDRESS_SIZE, level);
                    return;
                }
                apTable |= (int) (d >>> 61) & 3;
                xnTable |= ((d >>> 60) & 1) != 0;
                pxnTable |= ((d >>> 59) & 1) != 0;
                base = next;
                level++;
                bits = stride;
                continue;
            }
            // Page (level 3, bits[1:0] = 0b11) or block (level < 3, bits[1:0] = 0b01).
            if (level == 3 ? (d & 2) == 0 : !blockAllowed(granule, level)) {
                fault(r, Esr.FSC_TRANSLATION, level);
                return;
            }
            long oa = d & OA_MASK & -(1L << shift);
            if (anyBits(oa, 47, outSize)) {
                fault(r, Esr.FSC_ADDRESS_SIZE, level);
                return;
            }
            if ((d & (1L << 10)) == 0) {
                fault(r, Esr.FSC_ACCESS_FLAG, level);
                return;
            }
            r.level = level;
            r.pa = oa | (va & ((1L << shift) - 1));
            r.sizeBits = shift;
            r.prot = permissions(d, apTable, xnTable, pxnTable, twoRanges, mmuIdx == Aarch64Cpu.MMU_IDX_EL0,
                    (sctlr & Aarch64Cpu.SCTLR_WXN) != 0);
            int attrIndx = (int) (d >>> 2) & 7;
            r.attr = (int) (c.mair[rel] >>> (8 * attrIndx)) & 0xff;
            r.sh = (int) (d >>> 8) & 3;
            r.ns = ((d >>> 5) & 1) != 0;
            return;
        }
    }

    /**
     * Access permissions of a block/page descriptor (D8.4.3, pseudocode {@code AArch64.CheckPermission}
     * for v8.0 without PAN): AP[2] (bit 7) read-only, AP[1] (bit 6) EL0 access (EL1&amp;0 only), APTable[1]
     * read-only and APTable[0] no-EL0 inherited from tables; UXN (bit 54) and PXN (bit 53), or XN (bit 54) in
     * single-privilege regimes; WXN makes writable regions execute-never; EL0-writable is PXN.
     */
    private static int permissions(long d, int apTable, boolean xnTable, boolean pxnTable, boolean twoRanges,
            boolean el0, boolean wxn) {
        int ap = (int) (d >>> 6) & 3;
        boolean readOnly = (ap & 2) != 0 || (apTable & 2) != 0;
        boolean xn54 = ((d >>> 54) & 1) != 0;
        if (!twoRanges) {
            boolean w = !readOnly;
            boolean x = !xn54 && !xnTable && !(wxn && w);
            return GuestCpu.PROT_READ | (w ? GuestCpu.PROT_WRITE : 0) | (x ? GuestCpu.PROT_EXEC : 0);
        }
        boolean user = (ap & 1) != 0 && (apTable & 1) == 0;
        boolean userWrite = user && !readOnly;
        if (el0) {
            // Execute-only at EL0 is possible in v8.0: UXN alone controls EL0 execution.
            boolean x = !xn54 && !xnTable && !(wxn && userWrite);
            return (user ? GuestCpu.PROT_READ : 0) | (userWrite ? GuestCpu.PROT_WRITE : 0)
                    | (x ? GuestCpu.PROT_EXEC : 0);
        }
        boolean privWrite = !readOnly;
        boolean pxn = ((d >>> 53) & 1) != 0 || pxnTable;
        boolean x = !pxn && !userWrite && !(wxn && privWrite);
        return GuestCpu.PROT_READ | (privWrite ? GuestCpu.PROT_WRITE : 0) | (x ? GuestCpu.PROT_EXEC : 0);
    }

    /** The permission fault code for {@code access} against a successful walk, or -1 if allowed. */
    static int permissionFault(Result r, int access) {
        int need = switch (access) {
            case GuestCpu.ACCESS_WRITE -> GuestCpu.PROT_WRITE;
            case GuestCpu.ACCESS_EXEC -> GuestCpu.PROT_EXEC;
            default -> GuestCpu.PROT_READ;
        };
        return (r.prot & need) != 0 ? -1 : Esr.FSC_PERMISSION | r.level;
    }

    /**
     * log2 of the translation granule of VA range {@code range} (D13.2.131): TG0 (bits [15:14]) 0b00 = 4 KiB,
     * 0b01 = 64 KiB, 0b10 = 16 KiB; TG1 (bits [31:30]) 0b01 = 16 KiB, 0b10 = 4 KiB, 0b11 = 64 KiB. Reserved
     * encodings are treated as 4 KiB (the IMPLEMENTATION DEFINED choice QEMU makes).
     */
    static int granuleBits(long tcr, int range) {
        if (range == 0) {
            return switch ((int) (tcr >>> 14) & 3) {
                case 1 -> 16;
                case 2 -> 14;
                default -> 12;
            };
        }
        return switch ((int) (tcr >>> 30) & 3) {
            case 1 -> 14;
            case 3 -> 16;
            default -> 12;
        };
    }

    /** Block descriptors are allowed at level 1 and 2 for 4 KiB, at level 2 only for 16/64 KiB (no LPA). */
    private static boolean blockAllowed(int granule, int level) {
        return level == 2 || (level == 1 && granule == 12);
    }

    private static void fault(Result r, int fsc, int level) {
        r.fsc = fsc == Esr.FSC_SYNC_EXTERNAL_WALK || fsc < 0x10 ? fsc | level : fsc;
        r.level = level;
    }
}
