package org.jemu.translator.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.ir.ExitReason;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.jemu.translator.testkit.FlatCpu;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The loop's cached chains between blocks (two blocks on different pages, so every transition goes through
 * the dispatcher): a chain is not followed into a block whose code was overwritten, nor across a change of
 * the virtual-to-physical mapping, and the instruction count stays exact. Interpreted and compiled.
 */
class ChainedDispatchTest {
    static final long RAM = 0x1000_0000L;
    /** Block A: r0 += 1; store r4 to (r0 == r3 ? B's code word : a data word); jump to B. */
    static final long A = RAM + 0x100;
    /** Block B (virtual): r1 += the 64-bit word at B's physical address ("its code"); jump to A. */
    static final long B = RAM + 0x1200;
    /** Where B's virtual page maps after {@link #remap}: another copy of B with another constant. */
    static final long B2_PHYS = RAM + 0x2200;
    static final long DATA = RAM + 0x800;

    /** A flat CPU whose page of B can be remapped. */
    static final class Cpu extends FlatCpu {
        long bPagePhys = B & ~0xfffL;

        Cpu(PhysicalAddressSpace mem) {
            super(6, mem);
        }

        @Override
        public long translate(long vaddr, int access, int mmuIdx) {
            long page = vaddr & ~0xfffL;
            long phys = page == (B & ~0xfffL) ? bPagePhys : page;
            return phys | PROT_READ | PROT_WRITE | PROT_EXEC;
        }

        /**
         * Maps B's page to {@code physPage}, telling the soft-MMU as a guest would: a full TLB flush, a flush
         * of B's page, or an address-space switch (the page's physical address is the address-space key).
         */
        void remap(long physPage, String how) {
            long old = bPagePhys;
            bPagePhys = physPage;
            switch (how) {
                case "flushAll" -> tlbFlushAll();
                case "flushPage" -> tlbFlushPage(B);
                case "switch" -> tlbSwitchContext(old, 0, physPage, 0);
                default -> throw new IllegalArgumentException(how);
            }
        }
    }

    private static IrBlock translate(Cpu cpu, long pc) {
        IrBuilder b = new IrBuilder(pc, 0);
        if (pc == A) {
            b.insnStart(pc);
            var r0 = b.add(b.getReg(0, Type.I64), b.c64(1));
            b.setReg(0, r0);
            b.insnStart(pc + 4);
            var addr = b.select(b.cmp(Op.EQ, r0, b.getReg(3, Type.I64)), b.c64(B), b.c64(DATA));
            b.store(addr, b.getReg(4, Type.I64), MemOp.of(8, false, false, 0));
            b.jump(B);
        } else if (pc == B) {
            long k = cpu.memory.read(cpu.bPagePhys | (B & 0xfff), 8, false);
            b.insnStart(pc);
            b.setReg(1, b.add(b.getReg(1, Type.I64), b.c64(k)));
            b.jump(A);
        } else {
            throw new IllegalStateException("no code at 0x" + Long.toHexString(pc));
        }
        return b.finish();
    }

    private static ExecLoop loop(Cpu cpu, boolean compiled) {
        cpu.translator = pc -> translate(cpu, pc);
        ExecLoop loop = new ExecLoop(java.util.List.of(cpu), new VirtualClock(0, false),
                compiled ? new BytecodeBackend() : null);
        loop.setBackgroundCompile(false);
        loop.setCompileThreshold(compiled ? 0 : -1);
        return loop;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void chainNotFollowedIntoOverwrittenBlock(boolean compiled) {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        mem.addRam("ram", RAM, 0x10000);
        try {
            Cpu cpu = new Cpu(mem);
            mem.write(B, 8, false, 5);
            ExecLoop loop = loop(cpu, compiled);
            cpu.regs[3] = 10; // the 10th A overwrites B's code word with r4
            cpu.regs[4] = 7;
            cpu.regs[cpu.pcSlot()] = A;
            loop.runCpu(cpu, 60);
            // 20 iterations of 3 instructions: B adds 5 in the first 9, 7 from the 10th on.
            assertEquals(60, cpu.icount);
            assertEquals(20, cpu.regs[0]);
            assertEquals(9 * 5 + 11 * 7, cpu.regs[1]);
            assertEquals(A, cpu.regs[cpu.pcSlot()]);
            assertTrue(loop.stats().chainedDispatches > 0, "transitions were chained");
            assertEquals(40, loop.stats().blocksExecuted);
            loop.close();
        } finally {
            mem.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"false,flushAll", "true,flushAll", "false,flushPage", "true,flushPage", "false,switch",
            "true,switch"})
    void chainNotFollowedAcrossRemap(boolean compiled, String how) {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        mem.addRam("ram", RAM, 0x10000);
        try {
            Cpu cpu = new Cpu(mem);
            mem.write(B, 8, false, 5);
            mem.write(B2_PHYS, 8, false, 100);
            ExecLoop loop = loop(cpu, compiled);
            cpu.regs[3] = -1; // never overwrites code
            cpu.regs[cpu.pcSlot()] = A;
            loop.runCpu(cpu, 30);
            assertEquals(10 * 5, cpu.regs[1]);
            cpu.remap(B2_PHYS & ~0xfffL, how);
            loop.runCpu(cpu, 30);
            assertEquals(60, cpu.icount);
            assertEquals(10 * 5 + 10 * 100, cpu.regs[1]);
            // and back: the first copy's block is still valid and is found again
            cpu.remap(B & ~0xfffL, how);
            loop.runCpu(cpu, 30);
            assertEquals(90, cpu.icount);
            assertEquals(20 * 5 + 10 * 100, cpu.regs[1]);
            loop.close();
        } finally {
            mem.close();
        }
    }

    /** A CPU whose mode bits ({@link GuestCpu#tbFlags}) are register 5. */
    static final class ModeCpu extends FlatCpu {
        ModeCpu(PhysicalAddressSpace mem) {
            super(7, mem);
        }

        @Override
        public long tbFlags() {
            return regs[5];
        }

        @Override
        public IrBlock translateBlock(long pc, long flags, int maxInsns) {
            IrBuilder b = new IrBuilder(pc, flags);
            b.insnStart(pc);
            if (pc == A) {
                // r0 += 1; mode (r5) becomes 1 when r0 reaches r3; then to B through the loop (EXIT_OTHER)
                var r0 = b.add(b.getReg(0, Type.I64), b.c64(1));
                b.setReg(0, r0);
                b.setReg(5, b.select(b.cmp(Op.EQ, r0, b.getReg(3, Type.I64)), b.c64(1), b.getReg(5, Type.I64)));
                b.setReg(pcSlot(), b.c64(B));
            } else {
                // B translated under mode 0 adds 1 to r1, under mode 1 adds 100
                b.setReg(1, b.add(b.getReg(1, Type.I64), b.c64(flags == 0 ? 1 : 100)));
                b.setReg(pcSlot(), b.c64(A));
            }
            b.exitState(ExitReason.RECHECK);
            return b.finish();
        }
    }

    /**
     * Exits to the loop (EXIT_OTHER) are chained when the mode bits stayed the same, and never when they
     * changed: the successor is then looked up under the new bits.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void exitsToTheLoopChainOnlyWhileTheModeBitsHold(boolean compiled) {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        mem.addRam("ram", RAM, 0x10000);
        try {
            ModeCpu cpu = new ModeCpu(mem);
            ExecLoop loop = new ExecLoop(java.util.List.of(cpu), new VirtualClock(0, false),
                    compiled ? new BytecodeBackend() : null);
            loop.setBackgroundCompile(false);
            loop.setCompileThreshold(compiled ? 0 : -1);
            cpu.regs[3] = 10; // the 10th A switches to mode 1
            cpu.regs[cpu.pcSlot()] = A;
            loop.runCpu(cpu, 40);
            assertEquals(40, cpu.icount);
            assertEquals(1, cpu.regs[5]);
            assertEquals(9 * 1 + 11 * 100, cpu.regs[1]);
            assertTrue(loop.stats().chainedDispatches > 30, "chained: " + loop.stats().chainedDispatches);
            loop.close();
        } finally {
            mem.close();
        }
    }
}
