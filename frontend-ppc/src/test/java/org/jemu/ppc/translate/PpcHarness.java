package org.jemu.ppc.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import org.jemu.ppc.cpu.PpcCpu;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.exec.GuestFault;
import org.jemu.translator.interp.IrInterpreter;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.Verifier;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.jemu.translator.opt.Optimizer;

/**
 * Runs PowerPC instruction words on a {@link PpcCpu} (real addressing): the words are placed at
 * {@link #CODE}, translated, verified, and executed block by block until the PC leaves the program. Every
 * program runs twice from the same state: through the IR interpreter on unoptimised IR (the reference)
 * and through the bytecode backend on optimised IR; registers and the data area must agree, and the
 * interpreter's results are what the test then sees. A fault is delivered to the CPU (the default
 * exception handler records it in {@link PpcCpu#lastException}).
 */
final class PpcHarness implements AutoCloseable {
    static final long RAM = 0;
    static final long RAM_SIZE = 0x20000;
    static final long CODE = 0x1000;
    static final long DATA = 0x10000;
    static final int DATA_SIZE = 0x2000;

    final PhysicalAddressSpace mem = new PhysicalAddressSpace();
    final PpcCpu cpu;
    int maxInsns = 64;

    PpcHarness() {
        mem.addRam("ram", RAM, RAM_SIZE);
        cpu = new PpcCpu(0, mem);
        cpu.reset(CODE);
    }

    @Override
    public void close() {
        mem.close();
    }

    long r(int n) {
        return cpu.regs[PpcCpu.GPR0 + n];
    }

    PpcHarness r(int n, long v) {
        cpu.regs[PpcCpu.GPR0 + n] = v & 0xffff_ffffL;
        return this;
    }

    long reg(int slot) {
        return cpu.regs[slot];
    }

    PpcHarness reg(int slot, long v) {
        cpu.regs[slot] = v;
        return this;
    }

    long read(long addr, int size) {
        return mem.read(addr, size, true);
    }

    void write(long addr, int size, long v) {
        mem.write(addr, size, true, v);
    }

    private byte[] snapshotData() {
        byte[] d = new byte[DATA_SIZE];
        for (int i = 0; i < DATA_SIZE; i++) {
            d[i] = (byte) mem.read(DATA + i, 1, true);
        }
        return d;
    }

    private void restoreData(byte[] d) {
        for (int i = 0; i < DATA_SIZE; i++) {
            mem.write(DATA + i, 1, true, d[i]);
        }
    }

    /** Places {@code words} at {@link #CODE} and runs them in both tiers (see the class comment). */
    PpcHarness run(int... words) {
        for (int i = 0; i < words.length; i++) {
            mem.write(CODE + 4L * i, 4, true, words[i] & 0xffff_ffffL);
        }
        long end = CODE + 4L * words.length;
        long[] regs0 = cpu.regs.clone();
        byte[] data0 = snapshotData();
        cpu.reset(CODE);
        System.arraycopy(regs0, 0, cpu.regs, 0, regs0.length);
        cpu.regs[PpcCpu.PC] = CODE;
        execute(end, true);
        long[] regs2 = cpu.regs.clone();
        byte[] data2 = snapshotData();
        var exc2 = cpu.lastException;
        System.arraycopy(regs0, 0, cpu.regs, 0, regs0.length);
        restoreData(data0);
        cpu.lastException = null;
        cpu.stopped = false;
        cpu.regs[PpcCpu.PC] = CODE;
        execute(end, false);
        assertEquals(String.valueOf(exc2), String.valueOf(cpu.lastException), "interpreter and backend disagree on exceptions");
        assertArrayEquals(cpu.regs, regs2, "interpreter and backend disagree on registers");
        assertArrayEquals(snapshotData(), data2, "interpreter and backend disagree on memory");
        return this;
    }

    private void execute(long end, boolean backend) {
        for (int blocks = 0; blocks < 1000; blocks++) {
            long pc = cpu.regs[PpcCpu.PC];
            if (pc < CODE || pc >= end || cpu.stopped) {
                return;
            }
            int limit = (int) Math.min(maxInsns, (end - pc) / 4);
            IrBlock ir = PpcTranslator.translate(cpu, pc, cpu.tbFlags(), limit);
            Verifier.verify(ir);
            try {
                if (backend) {
                    Optimizer.optimize(ir);
                    Verifier.verify(ir);
                    new BytecodeBackend().compile(ir).run(cpu);
                } else {
                    new IrInterpreter(ir).run(cpu);
                }
            } catch (GuestFault f) {
                cpu.regs[PpcCpu.PC] = ir.guestInsnPcs()[cpu.curInsn];
                cpu.curInsn = 0;
                cpu.deliverFault(f);
                return;
            }
        }
        fail("program did not finish");
    }
}
