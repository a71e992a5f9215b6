package org.jemu.translator.memory;

import org.jemu.translator.exec.CodeCache;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.exec.Watchpoints;
import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.ir.MemOp;

/**
 * The software MMU: guest virtual memory accesses through the vCPU's {@link Tlb}s. Generated code inlines
 * the TLB hit path and calls {@link #loadSlow}/{@link #storeSlow} on a miss; the interpreter calls
 * {@link #load}/{@link #store}. A miss asks the frontend's MMU ({@link GuestCpu#translate}) and refills
 * the entry; slow entries reach devices (MMIO), ROM write handlers and the code cache (writes to pages
 * holding translated code invalidate the overlapping blocks). Accesses that cross a 4 KiB page are split
 * into byte accesses, each translated on its own.
 */
public final class SoftMmu {
    private SoftMmu() {
    }

    // ---- full paths (interpreter, helpers) ----------------------------------------------------------

    /**
     * Loads per {@code memop} from guest virtual {@code vaddr}.
     *
     * @return the value, sign- or zero-extended to 64 bits as the descriptor says
     * @throws org.jemu.translator.exec.GuestFault on a translation, permission or alignment fault
     */
    public static long load(GuestCpu cpu, long vaddr, long memop) {
        int size = MemOp.size(memop);
        Tlb t = cpu.tlbs[MemOp.mmuIdx(memop)];
        int i = Tlb.index(vaddr);
        if (((vaddr + size - 1) & Tlb.PAGE_MASK) == t.tagRead[i]
                && (!MemOp.alignRequired(memop) || (vaddr & (size - 1)) == 0)) {
            return extend(Mem.read(t.addend[i] + vaddr, size, MemOp.bigEndian(memop)), memop);
        }
        return loadSlow(cpu, vaddr, memop);
    }

    /**
     * Stores the low {@link MemOp#size} bytes of {@code value} per {@code memop} at guest virtual
     * {@code vaddr}.
     *
     * @throws org.jemu.translator.exec.GuestFault on a translation, permission or alignment fault
     */
    public static void store(GuestCpu cpu, long vaddr, long value, long memop) {
        int size = MemOp.size(memop);
        Tlb t = cpu.tlbs[MemOp.mmuIdx(memop)];
        int i = Tlb.index(vaddr);
        if (((vaddr + size - 1) & Tlb.PAGE_MASK) == t.tagWrite[i]
                && (!MemOp.alignRequired(memop) || (vaddr & (size - 1)) == 0)) {
            Mem.write(t.addend[i] + vaddr, size, MemOp.bigEndian(memop), value);
            return;
        }
        storeSlow(cpu, vaddr, value, memop);
    }

    /** Sign- or zero-extends a raw loaded value of the descriptor's size to 64 bits. */
    public static long extend(long raw, long memop) {
        int bits = MemOp.size(memop) * 8;
        if (bits == 64) {
            return raw;
        }
        if (MemOp.signed(memop)) {
            return (raw << (64 - bits)) >> (64 - bits);
        }
        return raw & ((1L << bits) - 1);
    }

    // ---- slow paths (called from generated code) ----------------------------------------------------

    /** Load slow path: misses, MMIO, page-crossing and alignment checks. Returns the extended value. */
    public static long loadSlow(GuestCpu cpu, long vaddr, long memop) {
        int size = MemOp.size(memop);
        int mmuIdx = MemOp.mmuIdx(memop);
        if ((vaddr & (size - 1)) != 0) {
            if (MemOp.alignRequired(memop)) {
                throw cpu.alignmentFault(vaddr, GuestCpu.ACCESS_READ, mmuIdx);
            }
            if (((vaddr ^ (vaddr + size - 1)) & Tlb.PAGE_MASK) != 0) {
                boolean be = MemOp.bigEndian(memop);
                long v = 0;
                for (int k = 0; k < size; k++) {
                    long b = loadUnit(cpu, vaddr + k, 1, false, mmuIdx);
                    v |= b << (8 * (be ? size - 1 - k : k));
                }
                return extend(v, memop);
            }
        }
        return extend(loadUnit(cpu, vaddr, size, MemOp.bigEndian(memop), mmuIdx), memop);
    }

    private static long loadUnit(GuestCpu cpu, long vaddr, int size, boolean be, int mmuIdx) {
        Tlb t = cpu.tlbs[mmuIdx];
        int i = Tlb.index(vaddr);
        long page = vaddr & Tlb.PAGE_MASK;
        if ((t.tagRead[i] & Tlb.PAGE_MASK) != page || t.tagRead[i] == Tlb.INVALID) {
            fill(cpu, t, i, vaddr, GuestCpu.ACCESS_READ, mmuIdx);
        }
        if ((t.tagRead[i] & Tlb.FLAG_SLOW) == 0) {
            return Mem.read(t.addend[i] + vaddr, size, be);
        }
        checkWatch(cpu, vaddr, size, ExecLoop.WATCH_READ);
        long paddr = t.physPage[i] | (vaddr & ~Tlb.PAGE_MASK);
        MemoryRegion r = cpu.memory.find(paddr);
        if (r == null || !r.contains(paddr + size - 1)) {
            cpu.unassignedAccess(vaddr, paddr, GuestCpu.ACCESS_READ, size);
            return 0;
        }
        return PhysicalAddressSpace.readRegion(r, paddr, size, be);
    }

    /** Store slow path: misses, MMIO, ROM, code pages, page-crossing and alignment checks. */
    public static void storeSlow(GuestCpu cpu, long vaddr, long value, long memop) {
        int size = MemOp.size(memop);
        int mmuIdx = MemOp.mmuIdx(memop);
        boolean be = MemOp.bigEndian(memop);
        if ((vaddr & (size - 1)) != 0) {
            if (MemOp.alignRequired(memop)) {
                throw cpu.alignmentFault(vaddr, GuestCpu.ACCESS_WRITE, mmuIdx);
            }
            if (((vaddr ^ (vaddr + size - 1)) & Tlb.PAGE_MASK) != 0) {
                // Translate every byte first, so a fault on the second page leaves memory untouched.
                for (int k = 0; k < size; k++) {
                    probeWrite(cpu, vaddr + k, mmuIdx);
                }
                for (int k = 0; k < size; k++) {
                    long b = value >>> (8 * (be ? size - 1 - k : k));
                    storeUnit(cpu, vaddr + k, 1, false, b, mmuIdx);
                }
                return;
            }
        }
        storeUnit(cpu, vaddr, size, be, value, mmuIdx);
    }

    private static void probeWrite(GuestCpu cpu, long vaddr, int mmuIdx) {
        Tlb t = cpu.tlbs[mmuIdx];
        int i = Tlb.index(vaddr);
        if ((t.tagWrite[i] & Tlb.PAGE_MASK) != (vaddr & Tlb.PAGE_MASK) || t.tagWrite[i] == Tlb.INVALID) {
            fill(cpu, t, i, vaddr, GuestCpu.ACCESS_WRITE, mmuIdx);
        }
    }

    private static void storeUnit(GuestCpu cpu, long vaddr, int size, boolean be, long value, int mmuIdx) {
        Tlb t = cpu.tlbs[mmuIdx];
        int i = Tlb.index(vaddr);
        probeWrite(cpu, vaddr, mmuIdx);
        if ((t.tagWrite[i] & Tlb.FLAG_SLOW) == 0) {
            Mem.write(t.addend[i] + vaddr, size, be, value);
            return;
        }
        checkWatch(cpu, vaddr, size, ExecLoop.WATCH_WRITE);
        long paddr = t.physPage[i] | (vaddr & ~Tlb.PAGE_MASK);
        MemoryRegion r = cpu.memory.find(paddr);
        if (r == null || !r.contains(paddr + size - 1)) {
            cpu.unassignedAccess(vaddr, paddr, GuestCpu.ACCESS_WRITE, size);
            return;
        }
        if (r.directWrite()) {
            CodeCache cc = cpu.codeCache;
            if (cc != null) {
                cc.invalidate(paddr, size);
            }
            Mem.write(r.hostAddress(paddr), size, be, value);
            long ppage = paddr & Tlb.PAGE_MASK;
            Watchpoints w = cpu.watchpoints;
            if ((cc == null || !cc.isCodePage(ppage)) && r.contains(ppage) && r.contains(ppage + Tlb.PAGE_SIZE - 1)
                    && (w == null || (w.kindsInPage(vaddr & Tlb.PAGE_MASK) & ExecLoop.WATCH_WRITE) == 0)) {
                t.tagWrite[i] &= ~Tlb.FLAG_SLOW;
            }
            return;
        }
        cpu.memory.writeRegion(r, paddr, size, be, value);
    }

    /** Raises {@link GuestCpu#debugFault} if the access hits a watchpoint (before it is performed). */
    private static void checkWatch(GuestCpu cpu, long vaddr, int size, int kind) {
        Watchpoints w = cpu.watchpoints;
        if (w != null && !cpu.watchSuppressed) {
            Watchpoints.Watchpoint hit = w.hit(vaddr, size, kind);
            if (hit != null) {
                cpu.watchHitAddress = Math.max(vaddr, hit.address());
                cpu.watchHitKind = kind;
                throw cpu.debugFault;
            }
        }
    }

    /**
     * Refills TLB entry {@code i} of {@code t} for guest virtual {@code vaddr}, asking the frontend's MMU.
     *
     * @throws org.jemu.translator.exec.GuestFault if {@code access} is not permitted
     */
    static void fill(GuestCpu cpu, Tlb t, int i, long vaddr, int access, int mmuIdx) {
        long r = cpu.translate(vaddr, access, mmuIdx);
        long ppage = r & Tlb.PAGE_MASK;
        int prot = (int) r & 0xf;
        long vpage = vaddr & Tlb.PAGE_MASK;
        MemoryRegion reg = cpu.memory.find(ppage);
        boolean whole = reg != null && reg.contains(ppage + Tlb.PAGE_SIZE - 1) && reg.backing != null;
        boolean directR = whole && reg.directRead();
        CodeCache cc = cpu.codeCache;
        boolean directW = whole && reg.directWrite() && (cc == null || !cc.isCodePage(ppage));
        boolean directX = directR;
        Watchpoints w = cpu.watchpoints;
        if (w != null) {
            // Accesses to a page with a watched byte take the slow path, which checks them.
            int kinds = w.kindsInPage(vpage);
            directR &= (kinds & ExecLoop.WATCH_READ) == 0;
            directW &= (kinds & ExecLoop.WATCH_WRITE) == 0;
        }
        t.tagRead[i] = (prot & GuestCpu.PROT_READ) != 0 ? vpage | (directR ? 0 : Tlb.FLAG_SLOW) : Tlb.INVALID;
        t.tagWrite[i] = (prot & GuestCpu.PROT_WRITE) != 0 ? vpage | (directW ? 0 : Tlb.FLAG_SLOW) : Tlb.INVALID;
        t.tagExec[i] = (prot & GuestCpu.PROT_EXEC) != 0 ? vpage | (directX ? 0 : Tlb.FLAG_SLOW) : Tlb.INVALID;
        t.addend[i] = whole ? reg.hostAddress(ppage) - vpage : 0;
        t.physPage[i] = ppage;
        if ((prot & GuestCpu.PROT_LARGE) != 0) {
            t.addLargePage(vaddr, (int) (r >>> GuestCpu.PROT_SIZE_SHIFT) & 63);
        }
    }

    // ---- instruction fetch ----------------------------------------------------------------------------

    /**
     * Translates guest virtual {@code vaddr} for instruction fetch.
     *
     * @return the guest physical address
     * @throws org.jemu.translator.exec.GuestFault on an instruction fetch fault, or when the address has no
     *         RAM or ROM behind it ({@link GuestCpu#unassignedAccess} must throw for execute accesses)
     */
    public static long translateExec(GuestCpu cpu, long vaddr, int mmuIdx) {
        Tlb t = cpu.tlbs[mmuIdx];
        int i = Tlb.index(vaddr);
        long page = vaddr & Tlb.PAGE_MASK;
        if (t.tagExec[i] != page) {
            if ((t.tagExec[i] & Tlb.PAGE_MASK) != page || t.tagExec[i] == Tlb.INVALID) {
                fill(cpu, t, i, vaddr, GuestCpu.ACCESS_EXEC, mmuIdx);
            }
            if (t.tagExec[i] != page) {
                long paddr = t.physPage[i] | (vaddr & ~Tlb.PAGE_MASK);
                cpu.unassignedAccess(vaddr, paddr, GuestCpu.ACCESS_EXEC, 4);
                throw new IllegalStateException(String.format(
                        "guest executes at 0x%x (physical 0x%x), where there is no RAM or ROM", vaddr, paddr));
            }
        }
        return t.physPage[i] | (vaddr & ~Tlb.PAGE_MASK);
    }

    /**
     * Fetches {@code size} bytes (2 or 4) of instruction at guest virtual {@code vaddr}, zero-extended.
     *
     * @throws org.jemu.translator.exec.GuestFault on an instruction fetch fault
     */
    public static int fetch(GuestCpu cpu, long vaddr, int size, boolean bigEndian, int mmuIdx) {
        if (((vaddr ^ (vaddr + size - 1)) & Tlb.PAGE_MASK) != 0) {
            int v = 0;
            for (int k = 0; k < size; k++) {
                int b = fetch(cpu, vaddr + k, 1, false, mmuIdx);
                v |= b << (8 * (bigEndian ? size - 1 - k : k));
            }
            return v;
        }
        translateExec(cpu, vaddr, mmuIdx);
        Tlb t = cpu.tlbs[mmuIdx];
        return (int) Mem.read(t.addend[Tlb.index(vaddr)] + vaddr, size, bigEndian);
    }
}
