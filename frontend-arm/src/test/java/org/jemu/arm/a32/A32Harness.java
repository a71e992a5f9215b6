package org.jemu.arm.a32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.ValueLayout;
import java.util.List;
import org.jemu.arm.cpu.A64CpuModel;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.memory.MemoryRegion;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * Runs A32 words as AArch32 EL0 code under an AArch64 EL1 (MMU off) on a Cortex-A57 {@link Aarch64Cpu}:
 * the program at {@link #CODE} followed by a {@code b .}; every exception vector is an A64 {@code b .}, so an
 * exception parks the PC at VBAR_EL1 + 0x600 (synchronous, lower EL using AArch32). Each program runs in
 * the IR interpreter tier and the compiled tier from the same state; both must agree on registers, flags
 * and the data area, and the interpreter's final state is what the test sees.
 */
final class A32Harness {
    static final long CODE = 0x4000_0000L;
    static final long DATA = 0x4001_0000L;
    static final int DATA_SIZE = 0x1000;
    static final long VECTORS = 0x4002_0000L;
    /** Synchronous exception from a lower EL using AArch32 (VBAR + 0x600). */
    static final long SYNC_A32 = VECTORS + 0x600;
    static final int B_SELF = 0xeafffffe;

    /** Initial registers R0..R14 and CPSR flags (set by the test before {@link #run}). */
    final long[] r = new long[15];
    int nzcv;
    int q;
    int ge;
    byte[] data = new byte[DATA_SIZE];

    /** Initial D0..D31 and FPSCR (VFP tests). */
    long[] d = new long[32];
    int fpscr;
    /** CPACR_EL1.FPEN traps EL0 FP/SIMD use (default: enabled, as Linux runs user code). */
    boolean fpDisabled;

    /** Results of the interpreter run. */
    Aarch64Cpu cpu;
    byte[] dataOut;

    /** The address of the {@code b .} after a program of {@code n} words. */
    static long end(int n) {
        return CODE + 4L * n;
    }

    /** Start in T32 state (PSTATE.T = 1) with ITSTATE {@link #it}. */
    boolean thumb;
    int it;
    /** Upper bound on guest instructions per translated block (0: the loop's default). */
    int maxBlock;
    /** Instruction budget of a run (default: enough for straight-line code). */
    long budget = -1;

    /** T32 {@code b .}. */
    static final int T_B_SELF = 0xe7fe;

    /**
     * The T32 code image of {@code insns} (each a 16-bit instruction, or a 32-bit one as hw1:hw2 in one
     * int) followed by a T32 {@code b .}.
     */
    static byte[] thumbImage(int... insns) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        for (int w : insns) {
            if ((w >>> 16) != 0) {
                o.write(w >>> 16);
                o.write(w >>> 24);
            }
            o.write(w);
            o.write(w >>> 8);
        }
        o.write(T_B_SELF);
        o.write(T_B_SELF >>> 8);
        return o.toByteArray();
    }

    /** The address of the T32 {@code b .} after {@code insns}. */
    static long thumbEnd(int... insns) {
        return CODE + thumbImage(insns).length - 2;
    }

    /** Runs T32 {@code insns} (see {@link #thumbImage}) in both tiers from T32 state. */
    A32Harness runThumb(int... insns) {
        thumb = true;
        return runImage(thumbImage(insns), 2L * insns.length + 40);
    }

    /** Runs {@code words} in both tiers and checks that they agree. */
    A32Harness run(int... words) {
        byte[] code = new byte[4 * words.length + 4];
        for (int i = 0; i <= words.length; i++) {
            int w = i < words.length ? words[i] : B_SELF;
            for (int k = 0; k < 4; k++) {
                code[4 * i + k] = (byte) (w >>> (8 * k));
            }
        }
        return runImage(code, 4L * words.length + 40);
    }

    /** Runs the code image {@code code} at {@link #CODE} in both tiers and checks that they agree. */
    A32Harness runImage(byte[] code, long defaultBudget) {
        long n = budget > 0 ? budget : defaultBudget;
        Aarch64Cpu a = runTier(code, false, n);
        byte[] da = dataOut;
        Aarch64Cpu b = runTier(code, true, n);
        assertArrayEquals(a.regs, b.regs, "interpreter and compiled tiers disagree on the registers");
        assertArrayEquals(da, dataOut, "interpreter and compiled tiers disagree on memory");
        assertEquals(a.el, b.el);
        cpu = a;
        dataOut = da;
        return this;
    }

    private Aarch64Cpu runTier(byte[] code, boolean compiled, long insns) {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        try {
            mem.addRam("code", CODE, 0x1000);
            MemoryRegion d = mem.addRam("data", DATA, DATA_SIZE);
            mem.addRam("vectors", VECTORS, 0x1000);
            mem.load(CODE, code);
            byte[] vec = new byte[0x1000];
            for (int i = 0; i < vec.length; i += 4) {
                vec[i + 3] = 0x14;
            }
            mem.load(VECTORS, vec);
            mem.load(DATA, data);
            VirtualClock clock = new VirtualClock(0, false);
            Aarch64Cpu c = new Aarch64Cpu(A64CpuModel.CORTEX_A57, 0, mem, clock);
            ExecLoop loop = new ExecLoop(List.of(c), clock, compiled ? new BytecodeBackend() : null);
            loop.setCompileThreshold(compiled ? 0 : -1);
            loop.setBackgroundCompile(false);
            if (maxBlock > 0) {
                loop.setMaxBlockInsns(maxBlock);
            }
            c.reset(CODE);
            c.sctlr[1] &= ~2L;
            c.vbar[1] = VECTORS;
            c.el = 0;
            c.spSel = 0;
            c.daif = 0;
            c.aarch32 = true;
            System.arraycopy(r, 0, c.regs, Aarch64Cpu.X0, 15);
            c.regs[Aarch64Cpu.NF] = nzcv >> 3 & 1;
            c.regs[Aarch64Cpu.ZF] = nzcv >> 2 & 1;
            c.regs[Aarch64Cpu.CF] = nzcv >> 1 & 1;
            c.regs[Aarch64Cpu.VF] = nzcv & 1;
            c.regs[Aarch64Cpu.QF] = q;
            c.regs[Aarch64Cpu.GE] = ge;
            c.regs[Aarch64Cpu.TF] = thumb ? 1 : 0;
            c.regs[Aarch64Cpu.IT] = it;
            System.arraycopy(this.d, 0, c.regs, Aarch64Cpu.V0, 32);
            org.jemu.arm.a32.VfpOps.setFpscr(c, 1, fpscr);
            c.cpacrEl1 = fpDisabled ? 0 : 3L << 20;
            loop.runCpu(c, insns);
            assertEquals(0, loop.stats().compileFailures, "blocks the backend failed to compile");
            dataOut = d.backing.asSlice(0, DATA_SIZE).toArray(ValueLayout.JAVA_BYTE);
            return c;
        } finally {
            mem.close();
        }
    }

    long reg(int n) {
        return cpu.regs[Aarch64Cpu.X0 + n];
    }

    /** D{@code n} after the run. */
    long dreg(int n) {
        return cpu.regs[Aarch64Cpu.V0 + n];
    }

    /** S{@code n} after the run. */
    int sreg(int n) {
        return (int) (dreg(n >> 1) >>> (32 * (n & 1)));
    }

    /** Sets S{@code n} before the run. */
    void sreg(int n, int v) {
        int sh = 32 * (n & 1);
        d[n >> 1] = (d[n >> 1] & ~(0xffff_ffffL << sh)) | (v & 0xffff_ffffL) << sh;
    }

    /** FPSCR after the run. */
    int fpscrOut() {
        return org.jemu.arm.a32.VfpOps.fpscr(cpu);
    }

    long pc() {
        return cpu.regs[Aarch64Cpu.PC];
    }

    int flags() {
        long[] g = cpu.regs;
        return (int) (g[Aarch64Cpu.NF] << 3 | g[Aarch64Cpu.ZF] << 2 | g[Aarch64Cpu.CF] << 1 | g[Aarch64Cpu.VF]);
    }

    int dataWord(int off) {
        return (dataOut[off] & 0xff) | (dataOut[off + 1] & 0xff) << 8 | (dataOut[off + 2] & 0xff) << 16
                | (dataOut[off + 3] & 0xff) << 24;
    }

    void dataWord(int off, int v) {
        for (int k = 0; k < 4; k++) {
            data[off + k] = (byte) (v >>> (8 * k));
        }
    }
}
