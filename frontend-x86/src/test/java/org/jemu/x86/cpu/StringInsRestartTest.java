package org.jemu.x86.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.Test;

/**
 * INS must be restartable after a #PF on its destination (SDM Vol. 3A 6.5: a fault reports the state before
 * the instruction, so it runs again after the handler). The port must therefore not be read before the
 * destination is known to be writable, or the restarted INS reads a FIFO port (ATA data, UART RX) twice and
 * loses a datum. QEMU's gen_ins does a dummy store first for the same reason.
 */
class StringInsRestartTest {
    @Test
    void insToNotPresentPageDoesNotReadThePort() {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        mem.addRam("ram", 0, 2 << 20);
        try {
            X86Cpu cpu = new X86Cpu(X86CpuModel.QEMU32, 0, mem, new VirtualClock(0, false));
            cpu.reset();
            cpu.setFlatProtectedMode(0x08, 0x10);
            // page directory at 0x10000, one table at 0x11000 mapping 0..4 MiB identity, page 0x50 not present
            mem.write(0x10000, 4, false, 0x11000 | 7);
            for (int i = 0; i < 1024; i++) {
                mem.write(0x11000 + 4L * i, 4, false, i == 0x50 ? 0 : (long) i << 12 | 7);
            }
            cpu.cr3 = 0x10000;
            cpu.cr0 |= X86Cpu.CR0_PG;
            cpu.tlbFlushAll();
            AtomicInteger reads = new AtomicInteger();
            cpu.io = new PortIo() {
                @Override
                public int in(int port, int size) {
                    reads.incrementAndGet();
                    return 0x5A;
                }

                @Override
                public void out(int port, int size, int value) {
                }
            };
            cpu.regs[X86Cpu.EDX] = 0x1F0;
            cpu.regs[X86Cpu.EDI] = 0x50000;
            int insb = X86Helpers.STR_INS | 0x40;
            assertThrows(X86Fault.class, () -> X86Helpers.string(cpu, insb));
            assertEquals(0, reads.get(), "the port was read although the store faulted");
            assertEquals(0x50000, cpu.regs[X86Cpu.EDI]);
            // REP INSW whose second element faults: one port read, the one that was stored
            cpu.regs[X86Cpu.EDI] = 0x4FFFE;
            cpu.regs[X86Cpu.ECX] = 4;
            int repInsw = X86Helpers.STR_INS | 0x10 | 0x40 | 0x100;
            assertEquals(0, X86Helpers.string(cpu, repInsw));
            assertEquals(1, reads.get());
            assertEquals(0x50000, cpu.regs[X86Cpu.EDI]);
            assertEquals(3, cpu.regs[X86Cpu.ECX]);
        } finally {
            mem.close();
        }
    }
}
