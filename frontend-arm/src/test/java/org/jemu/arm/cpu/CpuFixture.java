package org.jemu.arm.cpu;

import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * A CPU with 64 MiB of RAM at 0x4000_0000 (QEMU virt's RAM base) on an instruction-counted clock with
 * shift 0, so one retired instruction is 1 ns and 16 instructions are one generic timer tick (62.5 MHz).
 */
final class CpuFixture implements AutoCloseable {
    static final long RAM = 0x4000_0000L;
    static final long RAM_SIZE = 64L << 20;

    final PhysicalAddressSpace mem = new PhysicalAddressSpace();
    final VirtualClock clock = new VirtualClock(0, false);
    final Aarch64Cpu cpu;

    CpuFixture() {
        this(false, false);
    }

    CpuFixture(boolean el2, boolean el3) {
        this(A64CpuModel.CORTEX_A57, el2, el3);
    }

    /** A CPU of {@code model} (an AArch64 model) without EL2/EL3. */
    CpuFixture(A64CpuModel model) {
        this(model, false, false);
    }

    private CpuFixture(A64CpuModel model, boolean el2, boolean el3) {
        mem.addRam("ram", RAM, RAM_SIZE);
        cpu = new Aarch64Cpu(model, 0, mem, clock, el2, el3);
    }

    /** A second CPU on the same memory and clock. */
    Aarch64Cpu newCpu(int index) {
        return new Aarch64Cpu(A64CpuModel.CORTEX_A57, index, mem, clock, cpu.hasEl2, cpu.hasEl3);
    }

    long read64(long pa) {
        return mem.read(pa, 8, false);
    }

    void write64(long pa, long v) {
        mem.write(pa, 8, false, v);
    }

    void write32(long pa, int v) {
        mem.write(pa, 4, false, v & 0xffff_ffffL);
    }

    /** MSR through the helper, as translated code does. */
    void msr(String name, long v) {
        A64Helpers.msr(cpu, enc(name), v);
    }

    long mrs(String name) {
        return A64Helpers.mrs(cpu, enc(name));
    }

    /** The encoding of a named register from the table. */
    static int enc(String name) {
        for (int e = 0; e < 1 << 16; e++) {
            SysRegs.Reg r = SysRegs.lookup(e);
            if (r != null && r.name.equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("no register " + name);
    }

    /** Drops from EL1h to EL0t at {@code pc} through ERET (SPSR_EL1 = 0: EL0t, DAIF clear). */
    void enterEl0(long pc) {
        cpu.spsr[1] = 0;
        cpu.elr[1] = pc;
        A64Helpers.eret(cpu);
    }

    /** Runs {@code r}, which must throw an {@link A64Fault}, and returns it. */
    static A64Fault fault(Runnable r) {
        try {
            r.run();
        } catch (A64Fault f) {
            return f;
        }
        throw new AssertionError("expected an A64Fault");
    }

    /**
     * Runs {@code r}, which must throw, sets the PC to {@code pc} as the loop does, and performs exception
     * entry.
     */
    A64Fault take(long pc, Runnable r) {
        A64Fault f = fault(r);
        cpu.regs[Aarch64Cpu.PC] = pc;
        cpu.deliverFault(f);
        return f;
    }

    @Override
    public void close() {
        mem.close();
    }
}
