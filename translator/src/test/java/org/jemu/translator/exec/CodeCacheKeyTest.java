package org.jemu.translator.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.jemu.translator.testkit.FlatCpu;
import org.junit.jupiter.api.Test;

/**
 * The code cache key includes the guest virtual PC: the same physical code reached through two virtual
 * addresses (an identity map and a kernel mapping of the same page) must run blocks translated for each
 * address, because PC-relative instructions are translated with the virtual PC.
 */
class CodeCacheKeyTest {
    static final long RAM = 0x1000_0000L;
    static final long ALIAS = 0x7000_0000L;

    /** After the guest remaps a page and flushes it from the TLB, its PC no longer finds the old block. */
    @Test
    void pageFlushDropsLookupsThroughTheOldMapping() {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        mem.addRam("ram", RAM, 0x10000);
        try {
            long[] target = {RAM};
            FlatCpu cpu = new FlatCpu(4, mem) {
                @Override
                public long translate(long vaddr, int access, int mmuIdx) {
                    long page = vaddr & ~0xfffL;
                    return (page == ALIAS ? target[0] : page) | PROT_READ | PROT_WRITE | PROT_EXEC;
                }
            };
            cpu.translator = pc -> {
                IrBuilder b = new IrBuilder(pc, 0);
                b.insnStart(pc);
                b.exit(pc, org.jemu.translator.ir.ExitReason.RECHECK);
                return b.finish();
            };
            ExecLoop loop = new ExecLoop(java.util.List.of(cpu), new VirtualClock(0, false), null);
            cpu.regs[cpu.pcSlot()] = ALIAS;
            loop.runCpu(cpu, 1);
            loop.runCpu(cpu, 1);
            assertEquals(1, loop.stats().blocksTranslated, "the second run finds the block");
            target[0] = RAM + 0x1000;
            cpu.tlbFlushPage(ALIAS);
            loop.runCpu(cpu, 1);
            assertEquals(2, loop.stats().blocksTranslated, "the remapped page must be translated anew");
            loop.close();
        } finally {
            mem.close();
        }
    }

    @Test
    void aliasedCodeUsesItsOwnVirtualPc() {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        mem.addRam("ram", RAM, 0x10000);
        try {
            FlatCpu cpu = new FlatCpu(4, mem) {
                @Override
                public long translate(long vaddr, int access, int mmuIdx) {
                    long page = vaddr & ~0xfffL;
                    long phys = page >= ALIAS ? page - ALIAS + RAM : page;
                    return phys | PROT_READ | PROT_WRITE | PROT_EXEC;
                }
            };
            // A one-instruction "ADR x0, ." guest: r0 = the instruction's own virtual address, then stop.
            cpu.translator = pc -> {
                IrBuilder b = new IrBuilder(pc, 0);
                b.insnStart(pc);
                b.setReg(0, b.c64(pc));
                b.exit(pc + 4, org.jemu.translator.ir.ExitReason.RECHECK);
                return b.finish();
            };
            ExecLoop loop = new ExecLoop(java.util.List.of(cpu), new VirtualClock(0, false), null);
            cpu.regs[cpu.pcSlot()] = RAM;
            loop.runCpu(cpu, 1);
            assertEquals(RAM, cpu.regs[0]);
            cpu.regs[cpu.pcSlot()] = ALIAS;
            loop.runCpu(cpu, 1);
            assertEquals(ALIAS, cpu.regs[0], "the block translated for the identity address was reused");
            assertEquals(2, loop.stats().blocksTranslated);
            loop.close();
        } finally {
            mem.close();
        }
    }
}
