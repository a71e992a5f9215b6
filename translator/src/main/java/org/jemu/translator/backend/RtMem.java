package org.jemu.translator.backend;

import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.memory.Mem;
import org.jemu.translator.memory.SoftMmu;
import org.jemu.translator.memory.Tlb;

/**
 * The soft-MMU TLB hit path of compiled regions, one static method per access size and byte order
 * ({@code ld8} to {@code ld64be}, {@code st8} to {@code st64be}), which HotSpot inlines into the region.
 *
 * <p>Why the hit test is here and not in the region's own bytecode: a region then spends about 30 bytes of
 * bytecode on an access instead of 75, and all regions share these methods' branch profile, in which TLB
 * misses occur. HotSpot profiles each branch of a method separately; under its default trap limits C2
 * compiles a branch that the method's profile never saw taken as an uncommon trap, and a region whose own
 * TLB test first missed after it was compiled was deoptimized and compiled again (see docs/performance.md;
 * the launcher's {@code -XX:PerMethodTrapLimit=0} avoids that for everything, at a cost to jemu's own code).
 * The test is the one described in {@link Tlb}: entry {@code (vaddr >>> PAGE_BITS) & MASK}, hit if the page
 * of the access's last byte equals the entry's tag (an access crossing a page never hits).
 *
 * <p>All methods take the region's {@link GuestCpu}, the TLB's tag array for the access
 * ({@link Tlb#tagRead} or {@link Tlb#tagWrite}) and {@link Tlb#addend}, the guest virtual address
 * {@code a}, the IR memory descriptor {@code memop} ({@link org.jemu.translator.ir.MemOp}) and
 * {@code insn}, the value for {@link GuestCpu#curInsn} (instructions of this invocation before the
 * current one) that the slow path needs to attribute a fault. Loads return the value as read in guest byte
 * order, zero-extended for 8 and 16 bits on the hit path (the region applies the memop's extension); the
 * slow path returns {@link SoftMmu#loadSlow}'s value, already extended. Faults are those of the slow
 * path ({@link org.jemu.translator.exec.GuestFault}).
 */
public final class RtMem {
    private RtMem() {
    }

    private static int index(long a) {
        return (int) (a >>> Tlb.PAGE_BITS) & Tlb.MASK;
    }

    /** The miss path of a load: records the instruction for fault attribution, then {@link SoftMmu#loadSlow}. */
    public static long loadMiss(GuestCpu cpu, long a, long memop, int insn) {
        cpu.curInsn = insn;
        return SoftMmu.loadSlow(cpu, a, memop);
    }

    /** The miss path of a store: records the instruction for fault attribution, then {@link SoftMmu#storeSlow}. */
    public static void storeMiss(GuestCpu cpu, long a, long value, long memop, int insn) {
        cpu.curInsn = insn;
        SoftMmu.storeSlow(cpu, a, value, memop);
    }

    public static int ld8(GuestCpu cpu, long[] tag, long[] addend, long a, long memop, int insn) {
        int i = index(a);
        if ((a & Tlb.PAGE_MASK) == tag[i]) {
            return Mem.ld8(addend[i] + a);
        }
        return (int) loadMiss(cpu, a, memop, insn);
    }

    public static int ld16le(GuestCpu cpu, long[] tag, long[] addend, long a, long memop, int insn) {
        int i = index(a);
        if (((a + 1) & Tlb.PAGE_MASK) == tag[i]) {
            return Mem.ld16le(addend[i] + a);
        }
        return (int) loadMiss(cpu, a, memop, insn);
    }

    public static int ld16be(GuestCpu cpu, long[] tag, long[] addend, long a, long memop, int insn) {
        int i = index(a);
        if (((a + 1) & Tlb.PAGE_MASK) == tag[i]) {
            return Mem.ld16be(addend[i] + a);
        }
        return (int) loadMiss(cpu, a, memop, insn);
    }

    public static int ld32le(GuestCpu cpu, long[] tag, long[] addend, long a, long memop, int insn) {
        int i = index(a);
        if (((a + 3) & Tlb.PAGE_MASK) == tag[i]) {
            return Mem.ld32le(addend[i] + a);
        }
        return (int) loadMiss(cpu, a, memop, insn);
    }

    public static int ld32be(GuestCpu cpu, long[] tag, long[] addend, long a, long memop, int insn) {
        int i = index(a);
        if (((a + 3) & Tlb.PAGE_MASK) == tag[i]) {
            return Mem.ld32be(addend[i] + a);
        }
        return (int) loadMiss(cpu, a, memop, insn);
    }

    public static long ld64le(GuestCpu cpu, long[] tag, long[] addend, long a, long memop, int insn) {
        int i = index(a);
        if (((a + 7) & Tlb.PAGE_MASK) == tag[i]) {
            return Mem.ld64le(addend[i] + a);
        }
        return loadMiss(cpu, a, memop, insn);
    }

    public static long ld64be(GuestCpu cpu, long[] tag, long[] addend, long a, long memop, int insn) {
        int i = index(a);
        if (((a + 7) & Tlb.PAGE_MASK) == tag[i]) {
            return Mem.ld64be(addend[i] + a);
        }
        return loadMiss(cpu, a, memop, insn);
    }

    public static void st8(GuestCpu cpu, long[] tag, long[] addend, long a, int v, long memop, int insn) {
        int i = index(a);
        if ((a & Tlb.PAGE_MASK) == tag[i]) {
            Mem.st8(addend[i] + a, v);
        } else {
            storeMiss(cpu, a, v, memop, insn);
        }
    }

    public static void st16le(GuestCpu cpu, long[] tag, long[] addend, long a, int v, long memop, int insn) {
        int i = index(a);
        if (((a + 1) & Tlb.PAGE_MASK) == tag[i]) {
            Mem.st16le(addend[i] + a, v);
        } else {
            storeMiss(cpu, a, v, memop, insn);
        }
    }

    public static void st16be(GuestCpu cpu, long[] tag, long[] addend, long a, int v, long memop, int insn) {
        int i = index(a);
        if (((a + 1) & Tlb.PAGE_MASK) == tag[i]) {
            Mem.st16be(addend[i] + a, v);
        } else {
            storeMiss(cpu, a, v, memop, insn);
        }
    }

    public static void st32le(GuestCpu cpu, long[] tag, long[] addend, long a, int v, long memop, int insn) {
        int i = index(a);
        if (((a + 3) & Tlb.PAGE_MASK) == tag[i]) {
            Mem.st32le(addend[i] + a, v);
        } else {
            storeMiss(cpu, a, v, memop, insn);
        }
    }

    public static void st32be(GuestCpu cpu, long[] tag, long[] addend, long a, int v, long memop, int insn) {
        int i = index(a);
        if (((a + 3) & Tlb.PAGE_MASK) == tag[i]) {
            Mem.st32be(addend[i] + a, v);
        } else {
            storeMiss(cpu, a, v, memop, insn);
        }
    }

    public static void st64le(GuestCpu cpu, long[] tag, long[] addend, long a, long v, long memop, int insn) {
        int i = index(a);
        if (((a + 7) & Tlb.PAGE_MASK) == tag[i]) {
            Mem.st64le(addend[i] + a, v);
        } else {
            storeMiss(cpu, a, v, memop, insn);
        }
    }

    public static void st64be(GuestCpu cpu, long[] tag, long[] addend, long a, long v, long memop, int insn) {
        int i = index(a);
        if (((a + 7) & Tlb.PAGE_MASK) == tag[i]) {
            Mem.st64be(addend[i] + a, v);
        } else {
            storeMiss(cpu, a, v, memop, insn);
        }
    }
}
