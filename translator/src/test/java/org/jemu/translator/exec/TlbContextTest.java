package org.jemu.translator.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.jemu.translator.ir.MemOp;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.jemu.translator.memory.SoftMmu;
import org.jemu.translator.memory.Tlb;
import org.jemu.translator.testkit.FlatCpu;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The soft-MMU's kept translation contexts ({@link GuestCpu#tlbSwitchContext}) and page flushes: each address
 * space gets its own TLBs back with what it had cached, every flush reaches the contexts not in use, and a
 * page flush empties the whole TLB only when a larger translation may cover the page.
 */
class TlbContextTest {
    static final long RAM = 0x1000_0000L;
    static final long VA = 0x4000_0000L;
    static final long MEMOP = MemOp.of(8, false, false, 0);

    /** A CPU whose address space {@code asid} maps VA to RAM + asid pages; counts page-table walks. */
    static final class AsidCpu extends FlatCpu {
        int asid;
        int walks;
        /** log2 of the size of the translations returned, 12 for 4 KiB pages (0: large of unknown size). */
        int sizeBits = 12;

        AsidCpu(PhysicalAddressSpace mem) {
            super(4, mem);
        }

        @Override
        public long translate(long vaddr, int access, int mmuIdx) {
            walks++;
            long page = ((vaddr << 8 >> 8) & ~0xfffL) - VA + RAM + asid * 0x1000L;
            long large = sizeBits == 12 ? 0 : PROT_LARGE | (long) sizeBits << PROT_SIZE_SHIFT;
            return page | PROT_READ | PROT_WRITE | PROT_EXEC | large;
        }

        void switchTo(int next) {
            int old = asid;
            asid = next;
            tlbSwitchContext(old, 0, next, 0);
        }
    }

    AsidCpu cpu;

    @BeforeEach
    void setUp() {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        mem.addRam("ram", RAM, 0x10_0000);
        cpu = new AsidCpu(mem);
        // Each address space's page at VA holds 0x1111 * (asid + 1).
        for (int asid = 0; asid < 16; asid++) {
            mem.write(RAM + asid * 0x1000L, 8, false, 0x1111L * (asid + 1));
        }
        cpu.walks = 0;
    }

    @Test
    void switchingBackRestoresTheAddressSpacesEntriesWithoutAWalk() {
        assertEquals(0x1111L, SoftMmu.load(cpu, VA, MEMOP));
        assertEquals(1, cpu.walks);
        int gen = cpu.tlbGeneration;
        Tlb first = cpu.tlbs[0];

        cpu.switchTo(1);
        assertNotSame(first, cpu.tlbs[0]);
        assertNotEquals(gen, cpu.tlbGeneration);
        assertEquals(0x2222L, SoftMmu.load(cpu, VA, MEMOP));
        assertEquals(2, cpu.walks);

        cpu.switchTo(0);
        assertSame(first, cpu.tlbs[0]);
        assertEquals(gen, cpu.tlbGeneration, "chains made in this address space stay valid");
        assertEquals(0x1111L, SoftMmu.load(cpu, VA, MEMOP));
        assertEquals(2, cpu.walks, "the kept entry is used");
    }

    @Test
    void pageFlushesAndFullFlushesReachContextsNotInUse() {
        SoftMmu.load(cpu, VA, MEMOP);
        int gen = cpu.tlbGeneration;
        cpu.switchTo(1);
        cpu.tlbFlushPage(VA);
        cpu.switchTo(0);
        assertNotEquals(gen, cpu.tlbGeneration);
        assertEquals(0x1111L, SoftMmu.load(cpu, VA, MEMOP));
        assertEquals(2, cpu.walks, "the page flushed in another address space was walked again");

        cpu.switchTo(1);
        cpu.tlbFlushAll();
        cpu.switchTo(0);
        assertEquals(0x1111L, SoftMmu.load(cpu, VA, MEMOP));
        assertEquals(3, cpu.walks);
    }

    @Test
    void theLeastRecentlyUsedContextIsDroppedForANewOne() {
        for (int asid = 0; asid < GuestCpu.TLB_CONTEXTS + 1; asid++) {
            cpu.switchTo(asid);
            assertEquals(0x1111L * (asid + 1), SoftMmu.load(cpu, VA, MEMOP));
        }
        int walks = cpu.walks;
        cpu.switchTo(GuestCpu.TLB_CONTEXTS - 1); // recent: kept
        assertEquals(0x1111L * GuestCpu.TLB_CONTEXTS, SoftMmu.load(cpu, VA, MEMOP));
        assertEquals(walks, cpu.walks);
        cpu.switchTo(0); // the oldest: dropped
        assertEquals(0x1111L, SoftMmu.load(cpu, VA, MEMOP));
        assertEquals(walks + 1, cpu.walks);
    }

    @Test
    void aContextFilledUnderAnotherKeyThanTheFrontendSaysIsNotKept() {
        cpu.switchTo(1);
        SoftMmu.load(cpu, VA, MEMOP);
        // The frontend claims to leave address space 5 (its registers changed without a switch): what this
        // context holds was cached under key 1 and must not come back as 5's or 1's.
        cpu.asid = 2;
        cpu.tlbSwitchContext(5, 0, 2, 0);
        cpu.asid = 1;
        cpu.tlbSwitchContext(2, 0, 1, 0);
        assertEquals(0x2222L, SoftMmu.load(cpu, VA, MEMOP));
        assertEquals(2, cpu.walks);
        // Nor does it come back as the key the frontend named.
        cpu.asid = 5;
        cpu.tlbSwitchContext(1, 0, 5, 0);
        assertEquals(0x6666L, SoftMmu.load(cpu, VA, MEMOP));
        assertEquals(3, cpu.walks);
    }

    @Test
    void blocksTwoBytesApartGetTheirOwnLookupCacheSlots() {
        assertNotEquals(GuestCpu.jmpCacheIndex(VA + 0x100), GuestCpu.jmpCacheIndex(VA + 0x102));
        assertNotEquals(GuestCpu.jmpCacheIndex(VA + 0x100), GuestCpu.jmpCacheIndex(VA + 0x104));
    }

    @Test
    void aPageFlushEmptiesTheEntryWhateverItsTopByte() {
        long tagged = 0x5a00_0000_0000_0000L | VA;
        assertEquals(0x1111L, SoftMmu.load(cpu, tagged, MEMOP));
        SoftMmu.load(cpu, VA + 0x1000, MEMOP);
        cpu.tlbFlushPage(VA);
        assertEquals(Tlb.INVALID, cpu.tlbs[0].tagRead[Tlb.index(VA)]);
        assertNotEquals(Tlb.INVALID, cpu.tlbs[0].tagRead[Tlb.index(VA + 0x1000)], "other pages stay");
    }

    @Test
    void aPageFlushEmptiesTheWholeTlbOnlyWithinLargerTranslations() {
        long other = 0x7000_5000L; // TLB index 5 (VA: index 0); the flushes below hit neither index
        cpu.sizeBits = 21; // a 2 MiB block at VA
        SoftMmu.load(cpu, VA, MEMOP);
        cpu.sizeBits = 12;
        SoftMmu.load(cpu, other, MEMOP);
        cpu.tlbFlushPage(other + 0x3f_e000L);
        assertNotEquals(Tlb.INVALID, cpu.tlbs[0].tagRead[Tlb.index(VA)], "a flush outside the block keeps it");
        cpu.tlbFlushPage(VA + 0x1f_f000L);
        assertEquals(Tlb.INVALID, cpu.tlbs[0].tagRead[Tlb.index(VA)], "a flush inside the block empties it");
        assertEquals(Tlb.INVALID, cpu.tlbs[0].tagRead[Tlb.index(other)], "(with the whole TLB)");

        cpu.sizeBits = 0; // larger, of unknown size: any page flush empties the TLB
        SoftMmu.load(cpu, VA, MEMOP);
        cpu.tlbFlushPage(other + 0x3f_e000L);
        assertEquals(Tlb.INVALID, cpu.tlbs[0].tagRead[Tlb.index(VA)]);
    }
}
