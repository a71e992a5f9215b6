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
import org.junit.jupiter.api.Test;

/**
 * A region compiled before the blocks its branches go to were translated is formed again once its exits to
 * its own page add up, and then keeps the loop inside: same registers and instruction count as the
 * interpreter, far fewer dispatches than without re-forming.
 */
class RegionReformTest {
    static final long RAM = 0x1000_0000L;

    /**
     * 0x100: r0 += 1; branch r0 odd ? 0x300 : 0x200. 0x200: r1 += 1; return to 0x100 (an indirect jump).
     * 0x300: r2 += r0; return to 0x100. Only the region of 0x100 can hold the loop (regions follow direct
     * jumps), and it is compiled before 0x200 and 0x300 are translated.
     */
    private static IrBlock translate(long pc) {
        IrBuilder b = new IrBuilder(pc, 0);
        switch ((int) (pc & 0xfff)) {
            case 0x100 -> {
                b.insnStart(pc);
                var r0 = b.add(b.getReg(0, Type.I64), b.c64(1));
                b.setReg(0, r0);
                b.insnStart(pc + 4);
                b.branch(b.cmp(Op.NE, b.and(r0, b.c64(1)), b.c64(0)), RAM + 0x300, RAM + 0x200);
            }
            case 0x200 -> {
                b.insnStart(pc);
                b.setReg(1, b.add(b.getReg(1, Type.I64), b.c64(1)));
                b.insnStart(pc + 4);
                b.jumpIndirect(b.c64(RAM + 0x100));
            }
            case 0x300 -> {
                b.insnStart(pc);
                b.setReg(2, b.add(b.getReg(2, Type.I64), b.getReg(0, Type.I64)));
                b.jumpIndirect(b.c64(RAM + 0x100));
            }
            default -> throw new IllegalStateException("no code at 0x" + Long.toHexString(pc));
        }
        return b.finish();
    }

    private record Result(long[] regs, long icount, long dispatches, long reformed) {
    }

    private static Result run(boolean compiled, int reformAfter) {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        mem.addRam("ram", RAM, 0x10000);
        try {
            FlatCpu cpu = new FlatCpu(4, mem);
            cpu.translator = RegionReformTest::translate;
            ExecLoop loop = new ExecLoop(java.util.List.of(cpu), new VirtualClock(0, false),
                    compiled ? new BytecodeBackend() : null);
            loop.setBackgroundCompile(false);
            // Compiled at its first run: the region of 0x100 holds only 0x100.
            loop.setCompileThreshold(compiled ? 0 : -1);
            loop.setRegionReformThreshold(reformAfter);
            cpu.regs[cpu.pcSlot()] = RAM + 0x100;
            for (int i = 0; i < 10; i++) {
                loop.runCpu(cpu, 1000);
            }
            loop.close();
            return new Result(cpu.regs.clone(), cpu.icount, loop.stats().blocksExecuted, loop.stats().regionsReformed);
        } finally {
            mem.close();
        }
    }

    @Test
    void reformedRegionKeepsTheLoopInside() {
        Result interp = run(false, 0);
        Result plain = run(true, 0);
        Result reformed = run(true, 4);
        // Each run finishes the block that crosses its budget of 1000 instructions.
        assertTrue(interp.icount() >= 10_000 && interp.icount() < 10_020, "icount " + interp.icount());
        assertEquals(interp.icount(), plain.icount());
        assertEquals(interp.icount(), reformed.icount());
        assertArrayEquals(interp.regs(), plain.regs());
        assertArrayEquals(interp.regs(), reformed.regs());
        assertEquals(0, plain.reformed());
        assertTrue(reformed.reformed() >= 1, "regions re-formed: " + reformed.reformed());
        assertTrue(plain.dispatches() > 2000, "dispatches without re-forming: " + plain.dispatches());
        assertTrue(reformed.dispatches() < 100, "dispatches after re-forming: " + reformed.dispatches());
    }
}
