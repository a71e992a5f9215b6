package org.jemu.translator.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.jemu.translator.testkit.FlatCpu;
import org.junit.jupiter.api.Test;

/**
 * Region formation takes the hottest successors first: a loop whose entry branches to a rarely taken block
 * (the branch's taken side, found first) and to the hot loop body, where the byte budget holds only one of
 * the two, compiles with the hot body, so the loop runs without returning to the dispatch loop.
 */
class RegionFormationTest {
    static final long RAM = 0x1000_0000L;
    /** Loads in each of the two successor blocks: 60 of them are more than half the region budget. */
    static final int LOADS = 60;

    /**
     * At 0x100 (entry): r1 += 1; if (r1 & 15) == 0 go to 0x300 (cold) else to 0x200 (hot). At 0x200 and at
     * 0x300: {@link #LOADS} loads from [r2] summed into r3, then a jump back to 0x100.
     */
    private static IrBlock translate(long pc) {
        IrBuilder b = new IrBuilder(pc, 0);
        b.insnStart(pc);
        switch ((int) (pc & 0xfff)) {
            case 0x100 -> {
                var r1 = b.add(b.getReg(1, Type.I64), b.c64(1));
                b.setReg(1, r1);
                var rare = b.cmp(Op.EQ, b.and(r1, b.c64(15)), b.c64(0));
                b.branch(rare, pc + 0x200, pc + 0x100);
            }
            case 0x200, 0x300 -> {
                var sum = b.getReg(3, Type.I64);
                for (int i = 0; i < LOADS; i++) {
                    sum = b.add(sum, b.load(Type.I64, b.getReg(2, Type.I64), MemOp.of(8, false, false, 0)));
                }
                b.setReg(3, sum);
                b.jump((pc & ~0xfffL) | 0x100);
            }
            default -> throw new IllegalStateException("no code at 0x" + Long.toHexString(pc));
        }
        return b.finish();
    }

    @Test
    void hotSuccessorJoinsTheRegionBeforeTheColdOne() {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        mem.addRam("ram", RAM, 0x10000);
        try {
            FlatCpu cpu = new FlatCpu(6, mem);
            cpu.translator = RegionFormationTest::translate;
            ExecLoop loop = new ExecLoop(java.util.List.of(cpu), new VirtualClock(0, false), new BytecodeBackend());
            loop.setBackgroundCompile(false);
            loop.setCompileThreshold(200);
            cpu.regs[2] = RAM + 0x800;
            cpu.regs[cpu.pcSlot()] = RAM + 0x100;
            // Warm up: the entry and both successors run interpreted until the entry's region compiles.
            loop.runCpu(cpu, 1000);
            assertEquals(1, loop.stats().blocksCompiled, "the entry's region");
            long exitsBefore = loop.stats().compiledExitsSamePage;
            long iterationsBefore = cpu.regs[1];
            loop.runCpu(cpu, 16_000);
            long iterations = cpu.regs[1] - iterationsBefore;
            long samePageExits = loop.stats().compiledExitsSamePage - exitsBefore;
            // Only the rare path (one iteration in 16) leaves the region; with the cold block in the region
            // instead, every iteration would.
            assertTrue(iterations > 1000, "iterations " + iterations);
            assertTrue(samePageExits <= iterations / 8, samePageExits + " exits to the same page in " + iterations + " iterations");
            loop.close();
        } finally {
            mem.close();
        }
    }
}
