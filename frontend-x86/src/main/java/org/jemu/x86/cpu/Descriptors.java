package org.jemu.x86.cpu;

import org.jemu.translator.ir.MemOp;
import org.jemu.translator.memory.SoftMmu;

/**
 * Segment and gate descriptors (SDM Vol. 3A 3.4.5 "Segment Descriptors", 3.5 "System Descriptor Types",
 * 5.8.3 "Call Gates", 6.11 "IDT Descriptors", 7.2.2 "TSS Descriptor") and the small stack model the far
 * transfers, interrupt delivery and task switches share.
 *
 * <p>A descriptor is handled as one {@code long}: the low doubleword in bits 31:0, the high doubleword in
 * bits 63:32, as it lies in memory. Descriptor tables are read with supervisor privilege (implicit
 * supervisor accesses, Vol. 3A 4.6.1), through the soft-MMU, so they can live in paged memory.
 */
final class Descriptors {
    private Descriptors() {
    }

    // ---- system descriptor types (Vol. 3A Table 3-2, S = 0) ------------------------------------------------
    static final int TSS16_AVAIL = 1, LDT = 2, TSS16_BUSY = 3, CALL_GATE16 = 4, TASK_GATE = 5, INT_GATE16 = 6,
            TRAP_GATE16 = 7, TSS32_AVAIL = 9, TSS32_BUSY = 11, CALL_GATE32 = 12, INT_GATE32 = 14, TRAP_GATE32 = 15;

    static final long MO8 = MemOp.of(1, false, false, X86Cpu.MMU_IDX_SUPER);
    static final long MO16 = MemOp.of(2, false, false, X86Cpu.MMU_IDX_SUPER);
    static final long MO32 = MemOp.of(4, false, false, X86Cpu.MMU_IDX_SUPER);

    static int ld32(X86Cpu cpu, long addr) {
        return (int) SoftMmu.load(cpu, addr & 0xFFFF_FFFFL, MO32);
    }

    static int ld16(X86Cpu cpu, long addr) {
        return (int) SoftMmu.load(cpu, addr & 0xFFFF_FFFFL, MO16);
    }

    static void st32(X86Cpu cpu, long addr, long v) {
        SoftMmu.store(cpu, addr & 0xFFFF_FFFFL, v, MO32);
    }

    static void st16(X86Cpu cpu, long addr, long v) {
        SoftMmu.store(cpu, addr & 0xFFFF_FFFFL, v, MO16);
    }

    /** True for a null selector (index 0 in the GDT; RPL ignored), Vol. 3A 3.4.2. */
    static boolean isNull(int sel) {
        return (sel & 0xFFFC) == 0;
    }

    /**
     * Linear address of the descriptor {@code sel} selects (TI = 1: the LDT), or -1 if it lies beyond the
     * table's limit (Vol. 3A 3.5.1: the last byte of the 8-byte descriptor must be within the limit).
     */
    static long address(X86Cpu cpu, int sel) {
        long base;
        long limit;
        if ((sel & 4) != 0) {
            if (isNull(cpu.ldtrSel)) {
                return -1;
            }
            base = cpu.ldtrBase & 0xFFFF_FFFFL;
            limit = cpu.ldtrLimit & 0xFFFF_FFFFL;
        } else {
            base = cpu.gdtrBase & 0xFFFF_FFFFL;
            limit = cpu.gdtrLimit & 0xFFFFL;
        }
        long index = sel & 0xFFF8L;
        if (index + 7 > limit) {
            return -1;
        }
        return (base + index) & 0xFFFF_FFFFL;
    }

    /**
     * Reads the descriptor {@code sel} selects; a selector beyond its table's limit raises {@code vector}
     * with error code {@code (sel & 0xFFFC) | ext}.
     */
    static long read(X86Cpu cpu, int sel, int vector, int ext) {
        long a = address(cpu, sel);
        if (a < 0) {
            throw cpu.fault(vector, (sel & 0xFFFC) | ext);
        }
        return readAt(cpu, a);
    }

    static long readAt(X86Cpu cpu, long a) {
        long lo = ld32(cpu, a) & 0xFFFF_FFFFL;
        long hi = ld32(cpu, a + 4) & 0xFFFF_FFFFL;
        return lo | hi << 32;
    }

    static int lo(long d) {
        return (int) d;
    }

    static int hi(long d) {
        return (int) (d >>> 32);
    }

    /** The 32-bit base address (bits 15:0 from lo 31:16, 23:16 from hi 7:0, 31:24 from hi 31:24). */
    static long base(long d) {
        int lo = lo(d);
        int hi = hi(d);
        return ((lo >>> 16) & 0xFFFFL) | ((hi & 0xFFL) << 16) | ((hi >>> 24 & 0xFFL) << 24);
    }

    /** The limit in bytes: 20-bit limit, scaled by 4 KiB (low 12 bits set) when G = 1. */
    static long limit(long d) {
        long l = (lo(d) & 0xFFFFL) | (hi(d) & 0xF_0000L);
        return (hi(d) & 0x80_0000) != 0 ? (l << 12) | 0xFFF : l;
    }

    /** The cache attributes (X86Cpu.SEG_ATTR layout: bits 8..23 of the high doubleword, minus the limit nibble). */
    static int attr(long d) {
        return (hi(d) >>> 8) & 0xF0FF;
    }

    /** Type field (4 bits). */
    static int type(long d) {
        return (hi(d) >>> 8) & 0xF;
    }

    /** S flag: 1 for code/data, 0 for system descriptors. */
    static boolean codeOrData(long d) {
        return (hi(d) & 0x1000) != 0;
    }

    static boolean isCode(long d) {
        return codeOrData(d) && (type(d) & 8) != 0;
    }

    static boolean isConforming(long d) {
        return isCode(d) && (type(d) & 4) != 0;
    }

    /** Writable data segment. */
    static boolean isWritableData(long d) {
        return codeOrData(d) && (type(d) & 0xA) == 2;
    }

    /** Data, or code with the readable bit. */
    static boolean isReadable(long d) {
        return codeOrData(d) && ((type(d) & 8) == 0 || (type(d) & 2) != 0);
    }

    static int dpl(long d) {
        return (hi(d) >>> 13) & 3;
    }

    static boolean present(long d) {
        return (hi(d) & 0x8000) != 0;
    }

    /** A gate's target selector. */
    static int gateSelector(long d) {
        return (lo(d) >>> 16) & 0xFFFF;
    }

    /** A gate's target offset (16-bit gates: bits 15:0 only). */
    static long gateOffset(long d, boolean gate32) {
        long off = lo(d) & 0xFFFFL;
        return gate32 ? off | (hi(d) & 0xFFFF_0000L) : off;
    }

    /** Sets the accessed bit (type bit 0) of the descriptor {@code sel} in memory if it is clear. */
    static void setAccessed(X86Cpu cpu, int sel, long d) {
        if ((hi(d) & 0x100) == 0) {
            st32(cpu, address(cpu, sel) + 4, (hi(d) | 0x100) & 0xFFFF_FFFFL);
        }
    }

    /** Sets (busy) or clears the busy bit (type bit 1) of the TSS descriptor {@code sel} in the GDT. */
    static void setBusy(X86Cpu cpu, int sel, boolean busy) {
        long a = address(cpu, sel & ~4);
        if (a < 0) {
            return;
        }
        int hi = ld32(cpu, a + 4);
        st32(cpu, a + 4, (busy ? hi | 0x200 : hi & ~0x200) & 0xFFFF_FFFFL);
    }

    /** Loads the cache of segment {@code seg} from descriptor {@code d} with selector {@code sel}. */
    static void loadCache(X86Cpu cpu, int seg, int sel, long d) {
        cpu.setSegment(seg, sel, base(d), limit(d), attr(d) | 1);
    }

    /**
     * Whether {@code size} bytes at offset {@code off} lie within a data segment with limit {@code limit} and
     * attributes {@code attr}, expand-down segments included (Vol. 3A 5.3 "Limit Checking").
     */
    static boolean within(int attr, long limit, long off, int size) {
        long last = off + size - 1;
        if ((attr & (X86Cpu.ATTR_S | X86Cpu.ATTR_TYPE_CODE | X86Cpu.ATTR_TYPE_EXPAND_DOWN))
                == (X86Cpu.ATTR_S | X86Cpu.ATTR_TYPE_EXPAND_DOWN)) {
            long upper = (attr & X86Cpu.ATTR_DB) != 0 ? 0xFFFF_FFFFL : 0xFFFF;
            return off > limit && last <= upper;
        }
        return last <= limit;
    }

    /**
     * A stack the CPU pushes to or pops from while it performs a far transfer, interrupt or task switch: a
     * segment (base, limit, attributes, B flag) and a stack pointer that only becomes ESP when the caller
     * commits it. Accesses outside the limit raise {@code vector} with {@code err}.
     */
    static final class Stack {
        final X86Cpu cpu;
        final long base;
        final long limit;
        final int attr;
        final boolean big;
        final int mmu;
        final int vector;
        final int err;
        long sp;

        Stack(X86Cpu cpu, long base, long limit, int attr, long sp, int cpl, int vector, int err) {
            this.cpu = cpu;
            this.base = base;
            this.limit = limit;
            this.attr = attr;
            this.big = (attr & X86Cpu.ATTR_DB) != 0;
            this.sp = sp & mask();
            this.mmu = cpl == 3 ? X86Cpu.MMU_IDX_USER : X86Cpu.MMU_IDX_SUPER;
            this.vector = vector;
            this.err = err;
        }

        /** The current stack (SS cache, ESP, CPL); faults are #SS(0). */
        static Stack current(X86Cpu cpu) {
            long[] r = cpu.regs;
            int attr = (int) r[X86Cpu.SEG_ATTR + X86Cpu.SS];
            if (!cpu.protectedMode() || cpu.v86Mode()) {
                attr &= ~X86Cpu.ATTR_DB;
            }
            return new Stack(cpu, r[X86Cpu.SEG_BASE + X86Cpu.SS], r[X86Cpu.SEG_LIMIT + X86Cpu.SS], attr,
                    r[X86Cpu.ESP], cpu.cpl(), X86Cpu.EXC_SS, 0);
        }

        long mask() {
            return big ? 0xFFFF_FFFFL : 0xFFFF;
        }

        void push(long v, int size) {
            long nsp = (sp - size) & mask();
            if (!within(attr, limit, nsp, size)) {
                throw cpu.fault(vector, err);
            }
            SoftMmu.store(cpu, (base + nsp) & 0xFFFF_FFFFL, v, MemOp.of(size, false, false, mmu));
            sp = nsp;
        }

        long pop(int size) {
            if (!within(attr, limit, sp, size)) {
                throw cpu.fault(vector, err);
            }
            long v = SoftMmu.load(cpu, (base + sp) & 0xFFFF_FFFFL, MemOp.of(size, false, false, mmu));
            sp = (sp + size) & mask();
            return v;
        }

        /** Moves the stack pointer by {@code n} bytes without an access (RET imm16). */
        void skip(long n) {
            sp = (sp + n) & mask();
        }

        /** The ESP value to commit: a 16-bit stack keeps the upper half of {@code oldEsp}. */
        long esp(long oldEsp) {
            return big ? sp : (oldEsp & 0xFFFF_0000L) | sp;
        }
    }
}
