package org.jemu.x86.translate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.jemu.x86.cpu.X86Cpu;
import org.jemu.x86.cpu.X86CpuModel;

/**
 * A bare x86 machine for instruction tests: 2 MiB of RAM at 0, one {@link X86Cpu}, an {@link ExecLoop} in
 * the interpreter or compiled tier, and nasm to assemble test programs.
 */
final class X86Harness implements AutoCloseable {
    enum Tier { INTERPRETER, COMPILED }

    final PhysicalAddressSpace mem = new PhysicalAddressSpace();
    final X86Cpu cpu;
    final ExecLoop loop;
    /** Exceptions the hook saw: vector per entry. */
    final java.util.List<Integer> exceptions = new java.util.ArrayList<>();
    /** Stop at the first exception instead of delivering it. */
    boolean stopOnException = true;

    X86Harness(Tier tier) {
        this(tier, X86CpuModel.QEMU32);
    }

    X86Harness(Tier tier, X86CpuModel model) {
        mem.addRam("ram", 0, 2 << 20);
        VirtualClock clock = new VirtualClock(0, false);
        cpu = new X86Cpu(model, 0, mem, clock);
        loop = new ExecLoop(List.of(cpu), clock, tier == Tier.COMPILED ? new BytecodeBackend() : null);
        loop.setCompileThreshold(tier == Tier.COMPILED ? 0 : -1);
        loop.setBackgroundCompile(false);
        cpu.exceptionHook = (c, vector, err, sw, next) -> {
            exceptions.add(vector);
            if (stopOnException) {
                c.stopped = true;
                return true;
            }
            return false;
        };
    }

    /** Assembles {@code source} with nasm ({@code bits} 16 or 32, origin {@code org}). */
    static byte[] nasm(String source, int bits, long org) throws Exception {
        Path dir = Files.createTempDirectory("jemu-nasm");
        try {
            Path src = dir.resolve("t.asm");
            Path out = dir.resolve("t.bin");
            Files.writeString(src, "bits " + bits + "\norg 0x" + Long.toHexString(org) + "\n" + source + "\n");
            Process p = new ProcessBuilder("nasm", "-f", "bin", "-o", out.toString(), src.toString())
                    .redirectErrorStream(true).start();
            String msg = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("nasm failed: " + msg);
            }
            return Files.readAllBytes(out);
        } finally {
            try (var s = Files.list(dir)) {
                for (Path f : s.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Skips the calling test when nasm is missing, or fails it when CI=true (the tests that assemble their
     * programs must run there).
     */
    static void requireNasm() {
        if (haveNasm()) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("nasm is required for the x86 execution tests (CI=true)");
        }
        org.junit.jupiter.api.Assumptions.abort("nasm not installed");
    }

    static boolean haveNasm() {
        try {
            Process p = new ProcessBuilder("nasm", "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** Loads {@code code} at {@code addr} in flat 32-bit protected mode with EIP = addr and ESP = 0x1F0000. */
    void flat32(byte[] code, long addr) {
        cpu.reset();
        mem.load(addr, code);
        cpu.setFlatProtectedMode(0x08, 0x10);
        cpu.setEip(addr);
        cpu.regs[X86Cpu.ESP] = 0x1F_0000;
    }

    /** Loads {@code code} at {@code cs}:{@code ip} in real mode, DS = ES = SS = {@code ds}, SP = 0xFFF0. */
    void real16(byte[] code, int cs, int ip, int ds) {
        cpu.reset();
        mem.load(((long) cs << 4) + ip, code);
        cpu.setRealMode(cs, ip, ds);
        cpu.regs[X86Cpu.ESP] = 0xFFF0;
    }

    /** Runs until HLT, an exception (stopped) or {@code budget} instructions. */
    void run(long budget) {
        cpu.stopped = false;
        loop.runCpu(cpu, budget);
    }

    @Override
    public void close() {
        loop.close();
        mem.close();
    }
}
