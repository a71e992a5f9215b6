package org.jemu.ppc.fuzz;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.jemu.ppc.cpu.PpcCpu;
import org.jemu.ppc.cpu.PpcException;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.memory.MemoryRegion;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * Runs fuzz cases on jemu: a {@link PpcCpu} with RAM at the regions of {@link PpcFuzzCase}, executed by the
 * real {@link ExecLoop} in one tier. The default exception handler stops the CPU at the first exception;
 * otherwise the sequence ends in its {@code b .} terminator, where the CPU spins (changing nothing) until
 * the instruction budget runs out.
 */
final class JemuPpcRunner implements AutoCloseable {
    enum Tier {
        /** IR interpreter only. */
        INTERPRETER,
        /** Every block compiled by the bytecode backend before its first execution. */
        COMPILED
    }

    /**
     * Instructions per run: more than Unicorn's {@link UnicornPpcRunner#COUNT} plus one block, so that a case
     * whose Unicorn run ends (terminator or exception) within its count also ends the same way here, even one
     * that loops through bclr/bcctr for a while (cases that exhaust Unicorn's count are not compared).
     */
    static final int BUDGET = (int) UnicornPpcRunner.COUNT + 64;

    final Tier tier;
    private final PhysicalAddressSpace mem = new PhysicalAddressSpace();
    private final MemoryRegion code;
    private final MemoryRegion data;
    final PpcCpu cpu;
    private final ExecLoop loop;

    JemuPpcRunner(Tier tier, int maxBlockInsns) {
        this.tier = tier;
        code = mem.addRam("code", PpcFuzzCase.CODE, PpcFuzzCase.CODE_SIZE);
        data = mem.addRam("data", PpcFuzzCase.DATA, PpcFuzzCase.DATA_SIZE);
        mem.addRam("stub", PpcFuzzCase.STUB, PpcFuzzCase.STUB_SIZE);
        mem.load(PpcFuzzCase.STUB, UnicornPpcRunner.stubImage());
        VirtualClock clock = new VirtualClock(0, false);
        cpu = new PpcCpu(0, mem);
        loop = new ExecLoop(List.of(cpu), clock, tier == Tier.COMPILED ? new BytecodeBackend() : null);
        loop.setCompileThreshold(tier == Tier.COMPILED ? 0 : -1);
        loop.setBackgroundCompile(false);
        loop.setMaxBlockInsns(maxBlockInsns);
    }

    org.jemu.translator.exec.ExecStats stats() {
        return loop.stats();
    }

    void load(PpcFuzzCase c) {
        cpu.reset(c.codeAddr());
        long[] r = cpu.regs;
        System.arraycopy(c.gpr(), 0, r, PpcCpu.GPR0, 32);
        cpu.setCr(c.cr());
        cpu.setXer(c.xer());
        r[PpcCpu.LR] = c.lr();
        r[PpcCpu.CTR] = c.ctr();
        System.arraycopy(c.fpr(), 0, r, PpcCpu.FPR0, 32);
        r[PpcCpu.FPSCR] = c.fpscr();
        mem.load(PpcFuzzCase.CODE, c.codeImage());
        mem.load(PpcFuzzCase.DATA, c.data());
    }

    PpcFuzzState run(PpcFuzzCase c) {
        load(c);
        loop.setMaxBlockInsns(c.maxBlockInsns());
        loop.runCpu(cpu, BUDGET);
        return state(c);
    }

    /** Executes one block (one instruction when built with maxBlockInsns 1). */
    PpcFuzzState step(PpcFuzzCase c) {
        loop.runCpu(cpu, 1);
        return state(c);
    }

    PpcFuzzState state(PpcFuzzCase c) {
        long[] r = cpu.regs;
        long[] g = new long[32];
        System.arraycopy(r, PpcCpu.GPR0, g, 0, 32);
        byte[] d = data.backing.asSlice(0, PpcFuzzCase.DATA_SIZE).toArray(ValueLayout.JAVA_BYTE);
        long[] f = new long[32];
        System.arraycopy(r, PpcCpu.FPR0, f, 0, 32);
        return new PpcFuzzState(g, cpu.cr(), cpu.xer(), r[PpcCpu.LR], r[PpcCpu.CTR], d, stop(c), f, r[PpcCpu.FPSCR]);
    }

    private PpcFuzzState.Stop stop(PpcFuzzCase c) {
        long pc = cpu.regs[PpcCpu.PC];
        if (MemorySegment.ofArray(c.codeImage()).mismatch(code.backing.asSlice(0, PpcFuzzCase.CODE_SIZE)) >= 0) {
            return new PpcFuzzState.Stop(PpcFuzzState.Kind.OTHER, pc, false, 0, "jemu wrote into the code region");
        }
        PpcException e = cpu.lastException;
        if (e == null) {
            return PpcFuzzState.Stop.of(pc == c.end() ? PpcFuzzState.Kind.COMPLETED : PpcFuzzState.Kind.RUNNING, pc);
        }
        String detail = e.toString();
        return switch (e.kind()) {
            case PROGRAM -> new PpcFuzzState.Stop(e.isProgram(PpcException.SRR1_ILLEGAL) ? PpcFuzzState.Kind.ILLEGAL
                    : PpcFuzzState.Kind.PROGRAM, e.srr0(), false, 0, detail);
            case SYSTEM_CALL -> new PpcFuzzState.Stop(PpcFuzzState.Kind.SYSCALL, e.srr0(), false, 0, detail);
            case ALIGNMENT -> new PpcFuzzState.Stop(PpcFuzzState.Kind.ALIGNMENT, e.srr0(), false, 0, detail);
            case MACHINE_CHECK -> new PpcFuzzState.Stop(PpcFuzzState.Kind.UNMAPPED, e.srr0(),
                    (e.dsisr() & PpcException.DSISR_STORE) != 0, e.dar(), detail);
            case ISI -> new PpcFuzzState.Stop(PpcFuzzState.Kind.FETCH_UNMAPPED, e.srr0(), false, 0, detail);
            default -> new PpcFuzzState.Stop(PpcFuzzState.Kind.OTHER, e.srr0(), false, 0, detail);
        };
    }

    @Override
    public void close() {
        mem.close();
    }
}
