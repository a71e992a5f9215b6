package org.jemu.arm.a64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.exec.GuestFault;
import org.jemu.translator.interp.IrInterpreter;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.Verifier;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.jemu.translator.opt.Optimizer;

/**
 * Runs A64 instruction words on an {@link Aarch64Cpu} with the MMU off (virtual = physical): the words are
 * placed at {@link #CODE} in RAM, translated with {@link A64Translator}, verified, and executed block by
 * block until the PC leaves the program. Every program runs twice from the same state: through the IR
 * interpreter on unoptimised IR (the reference) and through the bytecode backend on optimised IR; the
 * registers and the data area must agree, and the interpreter's results are what the test then sees.
 */
final class A64Harness implements AutoCloseable {
    static final long RAM = 0x4000_0000L;
    static final long RAM_SIZE = 0x20000;
    /** Where programs are placed. */
    static final long CODE = RAM;
    /** A scratch data area tests may use (compared between the two runs). */
    static final long DATA = RAM + 0x10000;
    static final int DATA_SIZE = 0x2000;

    final PhysicalAddressSpace mem = new PhysicalAddressSpace();
    final Aarch64Cpu cpu;
    /** Run through the bytecode backend too and compare (on by default). */
    boolean compareBackend = true;
    /** Maximum instructions per block. */
    int maxInsns = 64;
    /** The guest fault the last run ended with, or null. */
    GuestFault fault;

    A64Harness() {
        mem.addRam("ram", RAM, RAM_SIZE);
        cpu = A64TestCpus.create(mem);
    }

    @Override
    public void close() {
        mem.close();
    }

    long x(int n) {
        return cpu.regs[Aarch64Cpu.X0 + n];
    }

    A64Harness x(int n, long v) {
        cpu.regs[Aarch64Cpu.X0 + n] = v;
        return this;
    }

    long sp() {
        return cpu.regs[Aarch64Cpu.SP];
    }

    A64Harness sp(long v) {
        cpu.regs[Aarch64Cpu.SP] = v;
        return this;
    }

    long pc() {
        return cpu.regs[Aarch64Cpu.PC];
    }

    /** NZCV as a 4-bit value, N in bit 3. */
    int nzcv() {
        return (int) (cpu.regs[Aarch64Cpu.NF] << 3 | cpu.regs[Aarch64Cpu.ZF] << 2 | cpu.regs[Aarch64Cpu.CF] << 1
                | cpu.regs[Aarch64Cpu.VF]);
    }

    A64Harness nzcv(int f) {
        cpu.regs[Aarch64Cpu.NF] = (f >> 3) & 1;
        cpu.regs[Aarch64Cpu.ZF] = (f >> 2) & 1;
        cpu.regs[Aarch64Cpu.CF] = (f >> 1) & 1;
        cpu.regs[Aarch64Cpu.VF] = f & 1;
        return this;
    }

    long read(long addr, int size) {
        return mem.read(addr, size, false);
    }

    void write(long addr, int size, long v) {
        mem.write(addr, size, false, v);
    }

    private byte[] snapshotData() {
        byte[] d = new byte[DATA_SIZE];
        for (int i = 0; i < DATA_SIZE; i++) {
            d[i] = (byte) mem.read(DATA + i, 1, false);
        }
        return d;
    }

    private void restoreData(byte[] d) {
        for (int i = 0; i < DATA_SIZE; i++) {
            mem.write(DATA + i, 1, false, d[i]);
        }
    }

    /** Places {@code words} at {@link #CODE} and runs them (see the class comment). */
    A64Harness run(int... words) {
        for (int i = 0; i < words.length; i++) {
            mem.write(CODE + 4L * i, 4, false, words[i] & 0xffffffffL);
        }
        long end = CODE + 4L * words.length;
        if (!compareBackend) {
            cpu.regs[Aarch64Cpu.PC] = CODE;
            fault = execute(end, false);
            return this;
        }
        long[] regs0 = cpu.regs.clone();
        byte[] data0 = snapshotData();
        cpu.regs[Aarch64Cpu.PC] = CODE;
        GuestFault f2 = execute(end, true);
        long[] regs2 = cpu.regs.clone();
        byte[] data2 = snapshotData();
        System.arraycopy(regs0, 0, cpu.regs, 0, regs0.length);
        restoreData(data0);
        cpu.regs[Aarch64Cpu.PC] = CODE;
        fault = execute(end, false);
        assertEquals(fault != null, f2 != null, "interpreter and backend disagree on faulting");
        assertArrayEquals(cpu.regs, regs2, "interpreter and backend disagree on registers");
        assertArrayEquals(snapshotData(), data2, "interpreter and backend disagree on memory");
        return this;
    }

    /** Runs blocks from the current PC until it reaches {@code end} or leaves the program. */
    private GuestFault execute(long end, boolean backend) {
        for (int blocks = 0; blocks < 1000; blocks++) {
            long pc = cpu.regs[Aarch64Cpu.PC];
            if (pc < CODE || pc >= end) {
                return null;
            }
            // never translate past the program (the rest of RAM holds earlier programs)
            int limit = (int) Math.min(maxInsns, (end - pc) / 4);
            IrBlock ir = A64Translator.translate(cpu, pc, cpu.tbFlags(), limit);
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
                cpu.regs[Aarch64Cpu.PC] = ir.guestInsnPcs()[cpu.curInsn];
                return f;
            }
        }
        fail("program did not finish");
        return null;
    }

    /** Translates the single instruction {@code word} at {@code pc} without running it. */
    IrBlock translate(long pc, int word) {
        IrBlock b = A64Translator.translate(pc, cpu.tbFlags(), 1, va -> word);
        Verifier.verify(b);
        return b;
    }
}
