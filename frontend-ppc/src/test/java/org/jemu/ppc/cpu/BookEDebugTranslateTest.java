package org.jemu.ppc.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PpcBookECpu#debugTranslate} / {@link PpcBookEMmu#debugTranslate}, the debugger's view of effective
 * addresses on the e500mc (Power ISA 2.06 Book III-E 6.7.2 "TLB match"): TLB0 and TLB1 entries, the address
 * space from MSR[DS] (data) and then MSR[IS] (instruction view), TID 0 or PID0/PID1/PID2, variable page sizes
 * and 36-bit real addresses; no permission check (supervisor-execute-only and no-access pages read) and no
 * side effects: a miss leaves MAS0-MAS7, ESR and DEAR as they were and raises nothing, where a real access
 * through {@link PpcBookECpu#translate} raises a DTLB miss and loads the MAS registers.
 */
class BookEDebugTranslateTest {
    PpcBookECpu cpu;
    PpcBookEMmu mmu;

    @BeforeEach
    void setUp() {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        mem.addRam("ram", 0, 0x10_0000);
        cpu = (PpcBookECpu) PpcCpu.create("e500mc", 0, mem);
        cpu.resetSystem();
        mmu = cpu.mmu();
        // TLB1[2]: EA 0x1000_0000, 16 MiB (TSIZE 7 = 4^7 KiB), TS 0, TID 0 -> PA 0xF_0100_0000 (MAS7 = 0xF), SR only.
        mmu.writeEntry(1, 2, PpcBookEMmu.MAS1_VALID | PpcBookEMmu.tsize(7), 0x1000_0000L, 0x0100_0000L | 0x01, 0xf);
        // TLB1[3]: EA 0x2000_0000, 1 MiB, TS 1 -> PA 0x0030_0000, supervisor execute only.
        mmu.writeEntry(1, 3, PpcBookEMmu.MAS1_VALID | PpcBookEMmu.MAS1_TS | PpcBookEMmu.tsize(5), 0x2000_0000L,
                0x0030_0000L | PpcBookEMmu.MAS3_SX, 0);
        // TLB0 way 1: EA 0x3000_5000, TID 7 (matches only while a PID register holds 7) -> PA 0x0000_8000, no access.
        mmu.writeEntry(0, 1, PpcBookEMmu.MAS1_VALID | (7L << 16), 0x3000_5000L, 0x0000_8000L, 0);
        mmu.mas0r = 0x1111;
        mmu.mas1r = 0x2222;
        mmu.mas2r = 0x3333;
        mmu.mas3r = 0x4444;
        mmu.mas4r = 0x1000_0180L; // TLBSELD 1, TSIZED 3
        mmu.mas6r = 0x5555;
        mmu.mas7r = 0x6;
        cpu.esr = 0x77;
        cpu.dear = 0x88;
    }

    long[] sideState() {
        return new long[] {mmu.mas0r, mmu.mas1r, mmu.mas2r, mmu.mas3r, mmu.mas4r, mmu.mas6r, mmu.mas7r, cpu.esr,
            cpu.dear, cpu.regs[PpcCpu.PC], cpu.regs[PpcCpu.MSR]};
    }

    @Test
    void resetPageAndLargeEntryWith36BitAddress() {
        cpu.setMsr(0);
        assertEquals(0xffff_fffcL, cpu.debugTranslate(0xffff_fffcL), "the reset TLB1[0] page (IPROT, 4 KiB)");
        assertEquals(-1, cpu.debugTranslate(0xffff_effcL), "below the reset page: no entry, no real mode");
        assertEquals(0xf_0100_0000L + 0xab_cdefL, cpu.debugTranslate(0x10ab_cdefL), "TLB1[2], RPN from MAS7");
        assertEquals(-1, cpu.debugTranslate(0x1100_0000L), "past the 16 MiB page");
    }

    @Test
    void addressSpaceFromDsThenIs() {
        cpu.setMsr(0);
        assertEquals(-1, cpu.debugTranslate(0x2000_0010L), "TLB1[3] has TS = 1; MSR[DS] = MSR[IS] = 0");
        cpu.setMsr(PpcBookECpu.MSR_DS);
        assertEquals(0x30_0010L, cpu.debugTranslate(0x2000_0010L), "data view, AS 1; execute-only page reads");
        assertEquals(0xf_01ab_cdefL, cpu.debugTranslate(0x10ab_cdefL), "TLB1[2] is TS 0: found by the instruction view (MSR[IS] = 0)");
        cpu.setMsr(PpcBookECpu.MSR_DS | PpcBookECpu.MSR_IS);
        assertEquals(-1, cpu.debugTranslate(0x10ab_cdefL), "TLB1[2] is TS 0, both views in AS 1");
        cpu.setMsr(PpcBookECpu.MSR_IS);
        assertEquals(0x30_0010L, cpu.debugTranslate(0x2000_0010L), "instruction view (MSR[IS] = 1)");
        assertEquals(0xf_0100_0004L, cpu.debugTranslate(0x1000_0004L), "data view (MSR[DS] = 0) first");
    }

    @Test
    void tidMatchesAnyOfThePids() {
        cpu.setMsr(0);
        assertEquals(-1, cpu.debugTranslate(0x3000_5123L), "TID 7, every PID 0");
        for (int p = 0; p < 3; p++) {
            mmu.pid[0] = mmu.pid[1] = mmu.pid[2] = 0;
            mmu.pid[p] = 7;
            assertEquals(0x8123L, cpu.debugTranslate(0x3000_5123L), "TID 7 = PID" + p + "; page with no permission");
        }
        assertEquals(-1, cpu.debugTranslate(0x3000_6000L), "next 4 KiB page: TLB0 pages are 4 KiB");
    }

    @Test
    void noSideEffects() {
        cpu.setMsr(PpcCpu.MSR_PR);
        long[] before = sideState();
        assertEquals(-1, cpu.debugTranslate(0x4000_0000L));
        assertEquals(0xf_0100_0000L, cpu.debugTranslate(0x1000_0000L), "user state, page without UR");
        assertArrayEquals(before, sideState(), "MAS0-7, ESR, DEAR, PC, MSR unchanged");
        // A real data access of the same address is a DTLB miss that loads MAS from MAS4's defaults.
        assertThrows(PpcFault.class,
                () -> cpu.translate(0x4000_0000L, GuestCpu.ACCESS_READ, PpcCpu.MMU_IDX_DATA_USER));
        assertEquals(0x4000_0000L, mmu.mas2r & PpcBookEMmu.MAS2_EPN_MASK, "MAS2[EPN] after a real miss");
    }
}
