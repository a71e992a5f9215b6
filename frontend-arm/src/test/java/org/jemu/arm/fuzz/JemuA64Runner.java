package org.jemu.arm.fuzz;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.jemu.arm.cpu.A64CpuModel;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.arm.cpu.Esr;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.memory.MemoryRegion;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * Runs fuzz cases on jemu: a Cortex-A57 at EL1 (SP_EL1, MMU off) with RAM at the regions of
 * {@link A64FuzzCase}, executed by the real {@link ExecLoop} in one tier.
 *
 * <p>How the run stops exactly: the sequence is followed by a {@code b .} and every vector is a
 * {@code b .}, and the sequence only branches forward, so after at most 13 instructions the CPU spins in
 * one of those loops; {@link ExecLoop#runCpu} with a budget of {@link #BUDGET} instructions returns shortly
 * after. Spinning in a {@code b .} changes no state, and blocks that run into the terminator end there (a
 * branch ends a block), so it does not matter where blocks start or end. The PC then tells the outcome: the
 * terminator (completed) or {@link A64FuzzCase#SYNC_VECTOR} (an exception; ELR_EL1, ESR_EL1 and FAR_EL1
 * describe it).
 *
 * <p>One runner is reused for many cases (so the code cache sees code being replaced, as in a guest that
 * loads programs); {@link #load} resets the CPU and reloads the code region, which invalidates the blocks
 * translated from it.
 */
final class JemuA64Runner implements AutoCloseable {
    enum Tier {
        /** IR interpreter only (compile threshold -1). */
        INTERPRETER,
        /** Every block compiled by the bytecode backend before its first execution (threshold 0, synchronous). */
        COMPILED
    }

    /** Instructions per run: more than the longest sequence (13), the rest spins in a {@code b .}. */
    static final int BUDGET = 32;
    /** SCTLR_ELx.A, SA, SA0 (D13.2.118): cleared, as QEMU does not implement SP alignment checking. */
    private static final long SCTLR_A_SA_SA0 = (1 << 1) | (1 << 3) | (1 << 4);

    final Tier tier;
    private final PhysicalAddressSpace mem = new PhysicalAddressSpace();
    private final MemoryRegion code;
    private final MemoryRegion data;
    private final MemoryRegion vectors;
    private final byte[] vectorImage = A64FuzzCase.vectorImage();
    final Aarch64Cpu cpu;
    private final ExecLoop loop;

    /**
     * @param maxBlockInsns instructions per block (1 to single-step with {@link #step})
     */
    JemuA64Runner(Tier tier, int maxBlockInsns) {
        this.tier = tier;
        code = mem.addRam("code", A64FuzzCase.CODE, A64FuzzCase.CODE_SIZE);
        data = mem.addRam("data", A64FuzzCase.DATA, A64FuzzCase.DATA_SIZE);
        vectors = mem.addRam("vectors", A64FuzzCase.VECTORS, A64FuzzCase.VECTORS_SIZE);
        VirtualClock clock = new VirtualClock(0, false);
        cpu = new Aarch64Cpu(A64CpuModel.CORTEX_A57, 0, mem, clock);
        loop = new ExecLoop(List.of(cpu), clock, tier == Tier.COMPILED ? new BytecodeBackend() : null);
        loop.setCompileThreshold(tier == Tier.COMPILED ? 0 : -1);
        loop.setBackgroundCompile(false);
        loop.setMaxBlockInsns(maxBlockInsns);
        mem.load(A64FuzzCase.VECTORS, vectorImage);
        configure(A64FuzzCase.CODE);
    }

    /** The execution loop's statistics (blocks translated, compiled, executed ...). */
    org.jemu.translator.exec.ExecStats stats() {
        return loop.stats();
    }

    /** The translation flags of the configured CPU (for the generator's UNDEFINED check). */
    long tbFlags() {
        return cpu.tbFlags();
    }

    private void configure(long pc) {
        cpu.reset(pc);
        cpu.sctlr[1] &= ~SCTLR_A_SA_SA0;
        cpu.vbar[1] = A64FuzzCase.VECTORS;
        cpu.cpacrEl1 = 3L << 20;   // FPEN: SIMD&FP enabled at EL0 and EL1, as Unicorn resets it
    }

    /** Resets the CPU to the case's initial state and loads its memory. */
    void load(A64FuzzCase c) {
        configure(c.codeAddr());
        long[] r = cpu.regs;
        System.arraycopy(c.x(), 0, r, Aarch64Cpu.X0, 31);
        r[Aarch64Cpu.SP] = c.sp();
        r[Aarch64Cpu.NF] = c.nzcv() >> 3 & 1;
        r[Aarch64Cpu.ZF] = c.nzcv() >> 2 & 1;
        r[Aarch64Cpu.CF] = c.nzcv() >> 1 & 1;
        r[Aarch64Cpu.VF] = c.nzcv() & 1;
        System.arraycopy(c.v(), 0, r, Aarch64Cpu.V0, 64);
        r[Aarch64Cpu.FPCR] = c.fpcr();
        r[Aarch64Cpu.FPSR] = c.fpsr();
        mem.load(A64FuzzCase.CODE, c.codeImage());
        mem.load(A64FuzzCase.DATA, c.data());
        if (vectorsChanged()) {
            mem.load(A64FuzzCase.VECTORS, vectorImage);
        }
    }

    private boolean vectorsChanged() {
        return MemorySegment.ofArray(vectorImage).mismatch(vectors.backing.asSlice(0, A64FuzzCase.VECTORS_SIZE)) >= 0;
    }

    /** Runs the case from its initial state to the terminator or the exception vector. */
    A64FuzzState run(A64FuzzCase c) {
        load(c);
        loop.setMaxBlockInsns(c.maxBlockInsns());
        loop.runCpu(cpu, BUDGET);
        return state(c);
    }

    /** Executes one block (one instruction when built with maxBlockInsns 1) from the current state. */
    A64FuzzState step(A64FuzzCase c) {
        loop.runCpu(cpu, 1);
        return state(c);
    }

    /** The current state, normalised (see {@link A64FuzzState.Kind}). */
    A64FuzzState state(A64FuzzCase c) {
        long[] r = cpu.regs;
        long[] x = new long[31];
        System.arraycopy(r, Aarch64Cpu.X0, x, 0, 31);
        int nzcv = (int) (r[Aarch64Cpu.NF] << 3 | r[Aarch64Cpu.ZF] << 2 | r[Aarch64Cpu.CF] << 1 | r[Aarch64Cpu.VF]);
        byte[] d = data.backing.asSlice(0, A64FuzzCase.DATA_SIZE).toArray(ValueLayout.JAVA_BYTE);
        long[] v = new long[64];
        System.arraycopy(r, Aarch64Cpu.V0, v, 0, 64);
        return new A64FuzzState(x, r[Aarch64Cpu.SP], nzcv, d, stop(c), v, r[Aarch64Cpu.FPCR], r[Aarch64Cpu.FPSR]);
    }

    private A64FuzzState.Stop stop(A64FuzzCase c) {
        long pc = cpu.regs[Aarch64Cpu.PC];
        // cases whose Unicorn run stores into these regions are skipped, so jemu must not change them
        if (MemorySegment.ofArray(c.codeImage()).mismatch(code.backing.asSlice(0, A64FuzzCase.CODE_SIZE)) >= 0
                || vectorsChanged()) {
            return new A64FuzzState.Stop(A64FuzzState.Kind.OTHER, pc, false, 0,
                    "jemu wrote into the code or vector region");
        }
        if (pc == c.end()) {
            return A64FuzzState.Stop.of(A64FuzzState.Kind.COMPLETED, pc);
        }
        if (pc != A64FuzzCase.SYNC_VECTOR) {
            return A64FuzzState.Stop.of(A64FuzzState.Kind.RUNNING, pc);
        }
        long esr = cpu.esr[1];
        int ec = (int) (esr >>> Esr.EC_SHIFT) & 0x3f;
        int fsc = (int) esr & 0x3f;
        long elr = cpu.elr[1];
        String detail = String.format("ESR_EL1 0x%x (EC 0x%x), FAR_EL1 0x%x", esr, ec, cpu.far[1]);
        boolean write = (esr & Esr.ISS_WNR) != 0;
        if (ec == Esr.EC_DATA_ABORT_SAME && fsc == Esr.FSC_ALIGNMENT) {
            return new A64FuzzState.Stop(A64FuzzState.Kind.ALIGNMENT_ABORT, elr, write, cpu.far[1], detail);
        }
        if (ec == Esr.EC_DATA_ABORT_SAME && (fsc == Esr.FSC_SYNC_EXTERNAL || fsc == Esr.FSC_ADDRESS_SIZE)) {
            return new A64FuzzState.Stop(A64FuzzState.Kind.UNMAPPED_ABORT, elr, write, cpu.far[1], detail);
        }
        return new A64FuzzState.Stop(A64FuzzState.Kind.OTHER, elr, false, 0, "exception: " + detail);
    }

    @Override
    public void close() {
        mem.close();
    }
}
