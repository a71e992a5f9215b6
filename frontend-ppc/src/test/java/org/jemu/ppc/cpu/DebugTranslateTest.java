package org.jemu.ppc.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PpcCpu#debugTranslate} / {@link PpcMmu#debugTranslate}, the debugger's view of effective addresses
 * (PEM chapter 7): real mode, BATs (data first, then instruction), the hashed page table's primary and
 * secondary PTEGs, no translation, and no side effects: the PTE's R and C bits stay as they are (a real
 * access through {@link PpcCpu#translate} sets R), and nothing is raised.
 */
class DebugTranslateTest {
    static final long HTAB = 0x1_0000;
    static final int VSID = 0x123;

    PhysicalAddressSpace mem;
    PpcCpu cpu;

    @BeforeEach
    void setUp() {
        mem = new PhysicalAddressSpace();
        mem.addRam("ram", 0, 0x10_0000);
        cpu = new PpcCpu(0, mem);
        cpu.resetSystem();
        cpu.mmu.sdr1 = HTAB;                    // 64 KiB table, HTABMASK 0
        cpu.mmu.sr[1] = 0x2000_0000L | VSID;    // Ks = 0, Kp = 1
        cpu.mmu.sr[2] = 0x8000_0000L;           // a direct-store segment
        // DBAT0: EA 0x9000_0000, 128 KiB, Vs, to physical 0x2_0000, read only (PP 01).
        cpu.mmu.dbatU[0] = 0x9000_0000L | 2;
        cpu.mmu.dbatL[0] = 0x2_0000L | 1;
        // IBAT1: EA 0xA000_0000, 256 KiB (BL = 1), Vs and Vp, to physical 0x4_0000.
        cpu.mmu.ibatU[1] = 0xa000_0000L | 1 << 2 | 3;
        cpu.mmu.ibatL[1] = 0x4_0000L | 2;
        // EA 0x1000_5000: primary hash 0x123 ^ 5 = 0x126 -> PTEG 0x1_4980, entry 3 -> physical 0x3_0000.
        pte(0x1_4980 + 3 * 8, 0, 0x3_0000 | 2);
        // EA 0x1000_6000: secondary hash ~(0x123 ^ 6) -> PTEG 0x1_b680, entry 0 -> physical 0x3_1000.
        pte(0x1_b680, 1, 0x3_1000 | 2);
    }

    void pte(long addr, int h, long w1) {
        mem.write(addr, 4, true, 0x8000_0000L | (long) VSID << 7 | (long) h << 6);
        mem.write(addr + 4, 4, true, w1);
    }

    @Test
    void realModeIsIdentity() {
        cpu.setMsr(PpcCpu.MSR_ME);
        assertEquals(0x1000_5123L, cpu.debugTranslate(0x1000_5123L));
        assertEquals(0xfff0_0100L, cpu.debugTranslate(0xfff0_0100L));
    }

    @Test
    void batsThenPageTableWithoutSideEffects() {
        cpu.setMsr(PpcCpu.MSR_ME | PpcCpu.MSR_IR | PpcCpu.MSR_DR);
        assertEquals(0x2_0000L + 0x1_2344, cpu.debugTranslate(0x9001_2344L), "DBAT0, also read-only pages");
        assertEquals(0x4_0000L + 0x3_0008, cpu.debugTranslate(0xa003_0008L), "IBAT1 (code only mapped by an IBAT)");
        assertEquals(-1, cpu.debugTranslate(0xa004_0000L), "past IBAT1's 256 KiB, segment 0xA has no PTE");
        assertEquals(0x3_0000L + 0x44, cpu.debugTranslate(0x1000_5044L), "primary PTEG");
        assertEquals(0x3_1000L + 0xffc, cpu.debugTranslate(0x1000_6ffcL), "secondary PTEG");
        assertEquals(-1, cpu.debugTranslate(0x1000_7000L), "no PTE");
        assertEquals(-1, cpu.debugTranslate(0x2000_0000L), "direct-store segment");
        assertEquals(0x3_0000L | 2, mem.read(0x1_4980 + 3 * 8 + 4, 4, true), "R and C untouched by the debugger");
        assertEquals(0x3_1000L | 2, mem.read(0x1_b680 + 4, 4, true));
        // A real access walks the same PTE and sets R (PEM 7.6.3).
        long t = cpu.translate(0x1000_5044L, GuestCpu.ACCESS_READ, PpcCpu.MMU_IDX_DATA_SUP);
        assertEquals(0x3_0000L, t & 0xffff_f000L);
        assertEquals(0x3_0000L | 0x100 | 2, mem.read(0x1_4980 + 3 * 8 + 4, 4, true));
    }

    @Test
    void problemStateUsesTheBatsVpBit() {
        cpu.setMsr(PpcCpu.MSR_ME | PpcCpu.MSR_IR | PpcCpu.MSR_DR | PpcCpu.MSR_PR);
        assertEquals(-1, cpu.debugTranslate(0x9000_0000L), "DBAT0 is valid for supervisor only; no PTE");
        assertEquals(0x4_0010L, cpu.debugTranslate(0xa000_0010L), "IBAT1 has Vp");
    }

    @Test
    void dataRelocationOffFallsBackToRealAddresses() {
        cpu.setMsr(PpcCpu.MSR_ME | PpcCpu.MSR_IR);
        assertEquals(0x9000_0000L, cpu.debugTranslate(0x9000_0000L), "MSR[DR] = 0: data view is real");
    }
}
