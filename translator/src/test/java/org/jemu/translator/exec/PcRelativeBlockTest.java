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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link org.jemu.translator.ir.IrBlock#pcRelative} blocks: the same physical code mapped at two virtual
 * addresses is translated once, and its PC constants, exit targets and fault PCs follow the address it
 * runs at, in the interpreter and in compiled code (single blocks and regions).
 */
class PcRelativeBlockTest {
    static final long RAM = 0x1000_0000L;
    static final long ALIAS = 0x7654_3000L;
    /** A virtual page that faults on access. */
    static final long BAD = 0x5000_0000L;

    private static FlatCpu cpu(PhysicalAddressSpace mem) {
        return new FlatCpu(5, mem) {
            @Override
            public long translate(long vaddr, int access, int mmuIdx) {
                long page = vaddr & ~0xfffL;
                if (page == BAD) {
                    fault.address = vaddr;
                    fault.access = access;
                    throw fault;
                }
                long phys = page >= ALIAS && page < ALIAS + 0x10000 ? page - ALIAS + RAM : page;
                return phys | PROT_READ | PROT_WRITE | PROT_EXEC;
            }

            @Override
            public void deliverFault(GuestFault f) {
                super.deliverFault(f);
                regs[2] = regs[pcSlot()];
                halted = true;
            }
        };
    }

    /**
     * The guest "program", by page offset: at 0x100 the first instruction sets r0 to its own address (like
     * ADR) and the second sets r1 to a return address (like BL's link) and jumps to 0x200; at 0x200 r3
     * counts down and the block branches back to 0x100 until it is zero, then falls through to 0x208; at
     * 0x208 the first instruction sets r1 to its own address and the second loads through r2 (a test sets
     * r2 to a faulting address), then the block exits to 0x210.
     */
    private static org.jemu.translator.ir.IrBlock translate(long pc) {
        IrBuilder b = new IrBuilder(pc, 0);
        b.setPcRelative();
        switch ((int) (pc & 0xfff)) {
            case 0x100 -> {
                b.insnStart(pc);
                b.setReg(0, b.pcConst(pc));
                b.insnStart(pc + 4);
                b.setReg(1, b.pcConst(pc + 8));
                b.jump(pc + 0x100);
            }
            case 0x200 -> {
                b.insnStart(pc);
                var n = b.sub(b.getReg(3, Type.I64), b.c64(1));
                b.setReg(3, n);
                b.insnStart(pc + 4);
                b.branch(b.cmp(org.jemu.translator.ir.Op.NE, n, b.c64(0)), pc - 0x100, pc + 8);
            }
            case 0x208 -> {
                b.insnStart(pc);
                b.setReg(1, b.pcConst(pc));
                b.insnStart(pc + 4);
                b.setReg(0, b.load(Type.I64, b.getReg(2, Type.I64), MemOp.of(8, false, false, 0)));
                b.exit(pc + 8, ExitReason.RECHECK);
            }
            default -> throw new IllegalStateException("no code at 0x" + Long.toHexString(pc));
        }
        return b.finish();
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {false, true})
    void sharedAndRelocated(boolean compiled) {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        mem.addRam("ram", RAM, 0x10000);
        try {
            FlatCpu cpu = cpu(mem);
            cpu.translator = PcRelativeBlockTest::translate;
            ExecLoop loop = new ExecLoop(java.util.List.of(cpu), new VirtualClock(0, false),
                    compiled ? new BytecodeBackend() : null);
            loop.setBackgroundCompile(false);
            loop.setCompileThreshold(compiled ? 0 : -1);
            // RAM and ALIAS map the same physical page; ALIAS + 0x3000 maps another one.
            for (long page : new long[] {RAM, ALIAS, ALIAS + 0x3000, RAM + 0x3000}) {
                long start = page + 0x100;
                cpu.regs[3] = 3;
                cpu.halted = false;
                cpu.regs[cpu.pcSlot()] = start;
                loop.runCpu(cpu, 3 * (2 + 2));
                assertEquals(start, cpu.regs[0], "ADR-like PC constant at 0x" + Long.toHexString(start));
                assertEquals(start + 8, cpu.regs[1], "link-like PC constant");
                assertEquals(page + 0x208, cpu.regs[cpu.pcSlot()], "loop exit target");
                assertEquals(0, cpu.regs[3]);
                // A fault in the tail block's second instruction reports that instruction's runtime PC.
                cpu.regs[2] = BAD;
                loop.runCpu(cpu, 2);
                assertEquals(page + 0x208, cpu.regs[1]);
                assertEquals(page + 0x20c, cpu.regs[2], "PC of the faulting instruction");
            }
            // Two physical pages hold the code: one translation of each of the three blocks per page, shared
            // by the virtual addresses that map it.
            assertEquals(6, loop.stats().blocksTranslated);
            loop.close();
        } finally {
            mem.close();
        }
    }
}
