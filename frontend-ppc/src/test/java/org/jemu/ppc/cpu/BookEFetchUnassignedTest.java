package org.jemu.ppc.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.Test;

/**
 * An instruction fetch through a valid TLB entry from a physical address with nothing behind it: QEMU's e500mc
 * reads the word as 0 (no transaction-failed machine check on this CPU), an illegal instruction, so the guest
 * takes the program interrupt (IVOR6, ESR[PIL], SRR0 = the fetch address). It must not end the emulator with
 * a host exception.
 */
class BookEFetchUnassignedTest {
    @Test
    void fetchFromUnassignedIsAnIllegalInstruction() {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        mem.addRam("ram", 0, 1 << 20);
        VirtualClock clock = new VirtualClock(0, false);
        PpcBookECpu cpu = (PpcBookECpu) PpcCpu.create("e500mc", 0, mem);
        cpu.resetSystem();
        cpu.attachClock(clock, 1_000_000_000L);
        cpu.mmu().writeEntry(1, 1, PpcBookEMmu.MAS1_VALID | PpcBookEMmu.tsize(5), 0, 0x3f, 0);
        // EA 0x4000_0000 -> PA 0x4000_0000 (4 KiB, every permission): no RAM, ROM or device there.
        cpu.mmu().writeEntry(1, 2, PpcBookEMmu.MAS1_VALID | PpcBookEMmu.tsize(1), 0x4000_0000L, 0x4000_0000L | 0x3f, 0);
        cpu.ivpr = 0;
        cpu.ivor[6] = 0x600;
        mem.write(0x600, 4, true, 0x4800_0000L);   // b . (the program handler)
        cpu.regs[PpcCpu.PC] = 0x4000_0000L;
        cpu.setMsr(0);
        ExecLoop loop = new ExecLoop(List.of(cpu), clock, null);
        loop.setCompileThreshold(-1);
        loop.setBackgroundCompile(false);
        loop.runCpu(cpu, 1);
        assertEquals(0x600L, cpu.regs[PpcCpu.PC], "program interrupt vector (IVPR | IVOR6)");
        assertEquals(0x4000_0000L, cpu.srr0, "SRR0 = the fetch address");
        assertEquals(PpcBookECpu.ESR_PIL, cpu.esr, "ESR[PIL]: word 0 is an illegal instruction");
    }
}
