package org.jemu.translator.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.jemu.translator.testkit.FlatCpu;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A compiled region whose indirect jump targets one of its own blocks continues there without returning to
 * the loop, and stops exactly where the interpreter does: at the instruction budget and when the target
 * lies outside the region. Absolute and PC-relative blocks (the latter also run at a
 * second virtual address).
 */
class RegionIndirectJumpTest {
    static final long RAM = 0x1000_0000L;
    static final long ALIAS = 0x7654_3000L;

    /**
     * By page offset: 0x100: r0 += 1; r2 = PC of 0x200 (like ADR); branch r0 != r3 ? 0x200 : 0x300.
     * 0x200: r1 += r0; jump to r2 - 0x100 (back to 0x100; like RET). 0x300: r4 = 0x600 + page; jump to r4
     * (outside the region, like a tail call). 0x600: r1 = ~r1; jump to 0x604. 0x604: r5 += 1; jump to 0x604.
     */
    private static IrBlock translate(long pc, boolean pcRel) {
        IrBuilder b = new IrBuilder(pc, 0);
        if (pcRel) {
            b.setPcRelative();
        }
        long page = pc & ~0xfffL;
        switch ((int) (pc & 0xfff)) {
            case 0x100 -> {
                b.insnStart(pc);
                var r0 = b.add(b.getReg(0, Type.I64), b.c64(1));
                b.setReg(0, r0);
                b.insnStart(pc + 4);
                b.setReg(2, pcRel ? b.pcConst(page + 0x200) : b.c64(page + 0x200));
                b.insnStart(pc + 8);
                b.branch(b.cmp(Op.NE, r0, b.getReg(3, Type.I64)), page + 0x200, page + 0x300);
            }
            case 0x200 -> {
                b.insnStart(pc);
                b.setReg(1, b.add(b.getReg(1, Type.I64), b.getReg(0, Type.I64)));
                b.insnStart(pc + 4);
                b.jumpIndirect(b.sub(b.getReg(2, Type.I64), b.c64(0x100)));
            }
            case 0x300 -> {
                b.insnStart(pc);
                var t = pcRel ? b.pcConst(page + 0x600) : b.c64(page + 0x600);
                b.setReg(4, t);
                b.insnStart(pc + 4);
                b.jumpIndirect(t);
            }
            case 0x600 -> {
                b.insnStart(pc);
                b.setReg(1, b.not(b.getReg(1, Type.I64)));
                b.jump(pc + 4);
            }
            case 0x604 -> {
                b.insnStart(pc);
                b.setReg(5, b.add(b.getReg(5, Type.I64), b.c64(1)));
                b.jump(pc);
            }
            default -> throw new IllegalStateException("no code at 0x" + Long.toHexString(pc));
        }
        return b.finish();
    }

    private record Result(long[] regs, long icount, long dispatches) {
    }

    /** Runs from {@code entry} {@code runs} times for {@code budget} instructions each. */
    private static Result run(boolean compiled, boolean pcRel, long entry, long budget, int runs) {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        mem.addRam("ram", RAM, 0x10000);
        try {
            FlatCpu cpu = new FlatCpu(7, mem) {
                @Override
                public long translate(long vaddr, int access, int mmuIdx) {
                    long page = vaddr & ~0xfffL;
                    long phys = page == ALIAS ? RAM : page;
                    return phys | PROT_READ | PROT_WRITE | PROT_EXEC;
                }
            };
            cpu.translator = pc -> translate(pc, pcRel);
            ExecLoop loop = new ExecLoop(java.util.List.of(cpu), new VirtualClock(0, false),
                    compiled ? new BytecodeBackend() : null);
            loop.setBackgroundCompile(false);
            // Compiled after two interpreted runs, so the blocks of the loop are translated when its region forms.
            loop.setCompileThreshold(compiled ? 2 : -1);
            cpu.regs[3] = 40;
            cpu.regs[cpu.pcSlot()] = entry;
            for (int i = 0; i < runs; i++) {
                loop.runCpu(cpu, budget);
            }
            loop.close();
            return new Result(cpu.regs.clone(), cpu.icount, loop.stats().blocksExecuted);
        } finally {
            mem.close();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "false, 0x10000100, 1000, 1", "false, 0x10000100, 7, 40", "false, 0x10000100, 13, 30",
        "true, 0x10000100, 1000, 1", "true, 0x76543100, 1000, 1", "true, 0x76543100, 11, 40"})
    void sameAsInterpreter(boolean pcRel, long entry, long budget, int runs) {
        Result interp = run(false, pcRel, entry, budget, runs);
        Result comp = run(true, pcRel, entry, budget, runs);
        assertArrayEquals(interp.regs(), comp.regs());
        assertEquals(interp.icount(), comp.icount());
        if (budget >= 1000) {
            // 40 runs of 0x100 (3 insns) and 39 of 0x200 (2), then 0x300 (2) and 0x600 (1) once: 201
            // instructions; 0x604 (1) takes the rest of the budget.
            long sum = 0;
            for (int i = 1; i < 40; i++) {
                sum += i;
            }
            assertEquals(~sum, comp.regs()[1]);
            assertEquals(40, comp.regs()[0]);
            assertEquals(budget - 201, comp.regs()[5]);
            assertEquals(budget, comp.icount());
            // Interpreted: one dispatch per block. Compiled: after a few interpreted runs the 0x100/0x200 loop
            // stays in its region (its indirect jump included), and 0x604 loops in its own.
            assertEquals(40 + 39 + 2 + (budget - 201), interp.dispatches());
            assertTrue(comp.dispatches() < 20, "compiled dispatches " + comp.dispatches());
        }
    }
}
