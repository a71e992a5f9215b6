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
 * Runs A32 fuzz cases on jemu as AArch32 EL0 code under an AArch64 EL1 (MMU off, SCTLR_EL1.A = 0), the
 * configuration of a Linux compat task, executed by the real {@link ExecLoop} in one tier. The sequence
 * only branches forward and ends in an A32 {@code b .}; an exception goes to VBAR_EL1 + 0x600, an A64
 * {@code b .}, where ELR_EL1/ESR_EL1/FAR_EL1 tell what happened.
 */
final class JemuA32Runner implements AutoCloseable {
    static final int BUDGET = 48;

    final JemuA64Runner.Tier tier;
    private final PhysicalAddressSpace mem = new PhysicalAddressSpace();
    private final MemoryRegion code;
    private final MemoryRegion data;
    private final MemoryRegion vectors;
    private final byte[] vectorImage = A64FuzzCase.vectorImage();
    final Aarch64Cpu cpu;
    private final ExecLoop loop;

    JemuA32Runner(JemuA64Runner.Tier tier, int maxBlockInsns) {
        this.tier = tier;
        code = mem.addRam("code", A32FuzzCase.CODE, A32FuzzCase.CODE_SIZE);
        data = mem.addRam("data", A32FuzzCase.DATA, A32FuzzCase.DATA_SIZE);
        vectors = mem.addRam("vectors", A32FuzzCase.VECTORS, A32FuzzCase.VECTORS_SIZE);
        VirtualClock clock = new VirtualClock(0, false);
        cpu = new Aarch64Cpu(A64CpuModel.CORTEX_A57, 0, mem, clock);
        loop = new ExecLoop(List.of(cpu), clock, tier == JemuA64Runner.Tier.COMPILED ? new BytecodeBackend() : null);
        loop.setCompileThreshold(tier == JemuA64Runner.Tier.COMPILED ? 0 : -1);
        loop.setBackgroundCompile(false);
        loop.setMaxBlockInsns(maxBlockInsns);
        if (Boolean.getBoolean("jemu.fuzz.backendlog")) {   // why a block stayed interpreted
            org.jemu.translator.exec.GuestLog.mask |= org.jemu.translator.exec.GuestLog.UNIMP;
        }
        mem.load(A32FuzzCase.VECTORS, vectorImage);
        configure(A32FuzzCase.CODE);
    }

    org.jemu.translator.exec.ExecStats stats() {
        return loop.stats();
    }

    /** Translation flags of AArch32 EL0 (for the generator's UNDEFINED check). */
    long tbFlags() {
        return cpu.tbFlags();
    }

    private void configure(long pc) {
        cpu.reset(pc);
        cpu.sctlr[1] &= ~((1 << 1) | (1 << 3) | (1 << 4));
        cpu.vbar[1] = A32FuzzCase.VECTORS;
        cpu.el = 0;
        cpu.spSel = 0;
        cpu.daif = 0;
        cpu.aarch32 = true;
        cpu.cpacrEl1 = 3L << 20;   // CPACR_EL1.FPEN: VFP and Advanced SIMD enabled at EL0 (as Linux does)
    }

    void load(A32FuzzCase c) {
        configure(c.codeAddr());
        long[] r = cpu.regs;
        System.arraycopy(c.r(), 0, r, Aarch64Cpu.X0, 15);
        r[Aarch64Cpu.NF] = c.nzcvq() >> 4 & 1;
        r[Aarch64Cpu.ZF] = c.nzcvq() >> 3 & 1;
        r[Aarch64Cpu.CF] = c.nzcvq() >> 2 & 1;
        r[Aarch64Cpu.VF] = c.nzcvq() >> 1 & 1;
        r[Aarch64Cpu.QF] = c.nzcvq() & 1;
        r[Aarch64Cpu.GE] = c.ge();
        System.arraycopy(c.d(), 0, r, Aarch64Cpu.V0, 32);
        org.jemu.arm.a32.VfpOps.setFpscr(cpu, 1, c.fpscr());
        mem.load(A32FuzzCase.CODE, c.codeImage());
        mem.load(A32FuzzCase.DATA, c.data());
        if (vectorsChanged()) {
            mem.load(A32FuzzCase.VECTORS, vectorImage);
        }
    }

    private boolean vectorsChanged() {
        return MemorySegment.ofArray(vectorImage).mismatch(vectors.backing.asSlice(0, A32FuzzCase.VECTORS_SIZE)) >= 0;
    }

    A32FuzzState run(A32FuzzCase c) {
        load(c);
        loop.setMaxBlockInsns(c.maxBlockInsns());
        loop.runCpu(cpu, BUDGET);
        return state(c);
    }

    A32FuzzState step(A32FuzzCase c) {
        loop.runCpu(cpu, 1);
        return state(c);
    }

    A32FuzzState state(A32FuzzCase c) {
        long[] g = cpu.regs;
        long[] r = new long[15];
        System.arraycopy(g, Aarch64Cpu.X0, r, 0, 15);
        int nzcvq = (int) (g[Aarch64Cpu.NF] << 4 | g[Aarch64Cpu.ZF] << 3 | g[Aarch64Cpu.CF] << 2
                | g[Aarch64Cpu.VF] << 1 | g[Aarch64Cpu.QF]);
        byte[] d = data.backing.asSlice(0, A32FuzzCase.DATA_SIZE).toArray(ValueLayout.JAVA_BYTE);
        long[] dregs = java.util.Arrays.copyOfRange(g, Aarch64Cpu.V0, Aarch64Cpu.V0 + 32);
        return new A32FuzzState(r, nzcvq, (int) g[Aarch64Cpu.GE], dregs, org.jemu.arm.a32.VfpOps.fpscr(cpu), d, stop(c));
    }

    private A32FuzzState.Stop stop(A32FuzzCase c) {
        long pc = cpu.regs[Aarch64Cpu.PC];
        if (MemorySegment.ofArray(c.codeImage()).mismatch(code.backing.asSlice(0, A32FuzzCase.CODE_SIZE)) >= 0
                || vectorsChanged()) {
            return new A32FuzzState.Stop(A32FuzzState.Kind.OTHER, pc, false, 0, "jemu wrote into the code or vector region");
        }
        if (cpu.aarch32) {
            return A32FuzzState.Stop.of(pc == c.end() ? A32FuzzState.Kind.COMPLETED : A32FuzzState.Kind.RUNNING, pc);
        }
        if (pc != A32FuzzCase.SYNC_A32) {
            return new A32FuzzState.Stop(A32FuzzState.Kind.OTHER, pc, false, 0, "AArch64 state, not at the vector");
        }
        long esr = cpu.esr[1];
        int ec = (int) (esr >>> Esr.EC_SHIFT) & 0x3f;
        int fsc = (int) esr & 0x3f;
        long elr = cpu.elr[1];
        String detail = String.format("ESR_EL1 0x%x (EC 0x%x), FAR_EL1 0x%x", esr, ec, cpu.far[1]);
        boolean write = (esr & Esr.ISS_WNR) != 0;
        if (ec == Esr.EC_DATA_ABORT_LOWER && fsc == Esr.FSC_ALIGNMENT) {
            return new A32FuzzState.Stop(A32FuzzState.Kind.ALIGNMENT_ABORT, elr, write, cpu.far[1], detail);
        }
        if (ec == Esr.EC_DATA_ABORT_LOWER && (fsc == Esr.FSC_SYNC_EXTERNAL || fsc == Esr.FSC_ADDRESS_SIZE)) {
            return new A32FuzzState.Stop(A32FuzzState.Kind.UNMAPPED_ABORT, elr, write, cpu.far[1], detail);
        }
        if (ec == Esr.EC_SVC32) {
            return new A32FuzzState.Stop(A32FuzzState.Kind.SVC, elr - 4, false, 0, "");
        }
        if (ec == Esr.EC_BKPT32) {
            return new A32FuzzState.Stop(A32FuzzState.Kind.BKPT, elr, false, 0, "");
        }
        if (ec == Esr.EC_UNKNOWN) {
            return new A32FuzzState.Stop(A32FuzzState.Kind.UNDEFINED, elr, false, 0, "");
        }
        return new A32FuzzState.Stop(A32FuzzState.Kind.OTHER, elr, false, 0, "exception: " + detail);
    }

    @Override
    public void close() {
        mem.close();
    }
}
