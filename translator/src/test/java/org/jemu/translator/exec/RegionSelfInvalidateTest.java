package org.jemu.translator.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.ir.ExitReason;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.ir.Type;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.jemu.translator.testkit.FlatCpu;
import org.junit.jupiter.api.Test;

/**
 * A compiled region whose own store overwrites the code of one of its blocks (which drops the region) and
 * that faults later in the same run: the fault is still mapped back to the faulting instruction's PC.
 */
class RegionSelfInvalidateTest {
    static final long RAM = 0x1000_0000L;
    static final long BAD = 0x5000_0000L;

    /**
     * At 0x100: store r4 to [r5], then r0 = load [r2], then jump to 0x200. At 0x200: r1 = 1, then exit to
     * 0x208.
     */
    private static org.jemu.translator.ir.IrBlock translate(long pc) {
        IrBuilder b = new IrBuilder(pc, 0);
        switch ((int) (pc & 0xfff)) {
            case 0x100 -> {
                b.insnStart(pc);
                b.store(b.getReg(5, Type.I64), b.getReg(4, Type.I64), MemOp.of(8, false, false, 0));
                b.insnStart(pc + 4);
                b.setReg(0, b.load(Type.I64, b.getReg(2, Type.I64), MemOp.of(8, false, false, 0)));
                b.jump(pc + 0x100);
            }
            case 0x200 -> {
                b.insnStart(pc);
                b.setReg(1, b.c64(1));
                b.exit(pc + 8, ExitReason.RECHECK);
            }
            default -> throw new IllegalStateException("no code at 0x" + Long.toHexString(pc));
        }
        return b.finish();
    }

    @Test
    void faultAfterStoreIntoOwnRegion() {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        mem.addRam("ram", RAM, 0x10000);
        try {
            FlatCpu cpu = new FlatCpu(6, mem) {
                @Override
                public void deliverFault(GuestFault f) {
                    super.deliverFault(f);
                    regs[3] = regs[pcSlot()];
                    halted = true;
                }
            };
            cpu.faultingPage = BAD;
            cpu.translator = RegionSelfInvalidateTest::translate;
            ExecLoop loop = new ExecLoop(java.util.List.of(cpu), new VirtualClock(0, false), new BytecodeBackend());
            loop.setBackgroundCompile(false);
            loop.setCompileThreshold(0);
            // First run: compiles block 0x100 on its first execution; the store goes to data.
            cpu.regs[5] = RAM + 0x800;
            cpu.regs[2] = RAM + 0x900;
            cpu.regs[cpu.pcSlot()] = RAM + 0x100;
            loop.runCpu(cpu, 3);
            assertEquals(RAM + 0x208, cpu.regs[cpu.pcSlot()]);
            // Second run, compiled: the store hits block 0x100's own code (dropping its region) and the
            // next instruction's load faults.
            cpu.regs[5] = RAM + 0x100;
            cpu.regs[2] = BAD;
            cpu.regs[cpu.pcSlot()] = RAM + 0x100;
            loop.runCpu(cpu, 3);
            assertEquals(1, cpu.faultsDelivered);
            assertEquals(RAM + 0x104, cpu.regs[3], "PC of the faulting load");
            loop.close();
        } finally {
            mem.close();
        }
    }
}
