package org.jemu.translator.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jemu.translator.exec.CompiledBlock;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.Op;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.jemu.translator.testkit.FlatCpu;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Edges inside a compiled region: a loop continues while its guest condition holds, and leaves with the
 * right PC and exit code when the condition fails, when the budget is used up or when an interrupt poll is
 * pending, whichever side of the branch stays in the region.
 */
class RegionEdgeTest {
    static final int REGS = 4;
    static PhysicalAddressSpace mem;

    @BeforeAll
    static void setUp() {
        mem = new PhysicalAddressSpace();
        mem.addRam("ram", 0, 0x10000);
    }

    @AfterAll
    static void tearDown() {
        mem.close();
    }

    /** Block at 0x1000: r0 += 1, then loops back while r0 < r1 (taken side inside) or, inverted, unless r1 <= r0. */
    static IrBlock loop(boolean inverted) {
        IrBuilder b = new IrBuilder(0x1000, 0);
        b.insnStart(0x1000);
        Inst r0 = b.add(b.get64(0), b.c64(1));
        b.setReg(0, r0);
        b.insnStart(0x1004);
        if (inverted) {
            b.branch(b.cmp(Op.ULE, b.get64(1), r0), 0x3000, 0x1000);
        } else {
            b.branch(b.cmp(Op.ULT, r0, b.get64(1)), 0x1000, 0x3000);
        }
        return b.finish();
    }

    record Result(int exit, long pc, long r0, int retired) {
    }

    static Result run(CompiledBlock code, long r1, int budget, int poll) {
        FlatCpu cpu = new FlatCpu(REGS, mem);
        cpu.regs[1] = r1;
        cpu.unitBudget = budget;
        cpu.interruptPoll = poll;
        int exit = code.run(cpu);
        return new Result(exit, cpu.regs[cpu.pcSlot()], cpu.regs[0], cpu.unitRetired);
    }

    @Test
    void loopLeavesWhenItsConditionFails() {
        for (boolean inverted : new boolean[] {false, true}) {
            CompiledBlock code = new BytecodeBackend().compileRegion(List.of(loop(inverted)));
            int leave = inverted ? CompiledBlock.EXIT_DIRECT_0 : CompiledBlock.EXIT_DIRECT_1;
            assertEquals(new Result(leave, 0x3000, 10, 20), run(code, 10, 1_000_000, 0), "inverted=" + inverted);
            assertEquals(new Result(leave, 0x3000, 1, 2), run(code, 0, 1_000_000, 0), "inverted=" + inverted);
        }
    }

    @Test
    void loopLeavesWhenTheBudgetIsUsedUpOrAnInterruptIsPending() {
        for (boolean inverted : new boolean[] {false, true}) {
            CompiledBlock code = new BytecodeBackend().compileRegion(List.of(loop(inverted)));
            int stay = inverted ? CompiledBlock.EXIT_DIRECT_1 : CompiledBlock.EXIT_DIRECT_0;
            // Two instructions per iteration: the budget is checked at the back edge after each.
            assertEquals(new Result(stay, 0x1000, 3, 6), run(code, 10, 5, 0), "inverted=" + inverted);
            assertEquals(new Result(stay, 0x1000, 1, 2), run(code, 10, 1, 0), "inverted=" + inverted);
            assertEquals(new Result(stay, 0x1000, 1, 2), run(code, 10, 1_000_000, 1), "inverted=" + inverted);
            assertEquals(new Result(stay, 0x1000, 1, 2), run(code, 10, 1_000_000, Integer.MIN_VALUE),
                    "inverted=" + inverted);
        }
    }

    @Test
    void branchWithBothSidesInTheRegion() {
        // 0x1000: r0 += 1; r0 < r1 ? 0x1000 : 0x1010.  0x1010: r2 = r0; jump 0x2000.
        IrBuilder a = new IrBuilder(0x1000, 0);
        a.insnStart(0x1000);
        Inst r0 = a.add(a.get64(0), a.c64(1));
        a.setReg(0, r0);
        a.branch(a.cmp(Op.ULT, r0, a.get64(1)), 0x1000, 0x1010);
        IrBuilder b = new IrBuilder(0x1010, 0);
        b.insnStart(0x1010);
        b.setReg(2, b.get64(0));
        b.jump(0x2000);
        CompiledBlock code = new BytecodeBackend().compileRegion(List.of(a.finish(), b.finish()));
        assertEquals(new Result(CompiledBlock.EXIT_DIRECT_0, 0x2000, 7, 8), run(code, 7, 1_000_000, 0));
        // Budget used up on the edge to the second block: leaves with its PC, through exit slot 1.
        assertEquals(new Result(CompiledBlock.EXIT_DIRECT_1, 0x1010, 1, 1), run(code, 0, 1, 0));
    }
}
