package org.jemu.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jemu.machine.Boards;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.exec.ExecStats;
import org.jemu.translator.exec.GuestCpu;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of running one small block through the execution loop ({@code ExecLoop.runCpu}): dispatch,
 * chaining, instruction/clock accounting, and the block body itself, on a real {@code virt} machine.
 *
 * <p>The guest is a ROM built here. Every block is the same 6 instructions:
 * <pre>
 *   add x1, x1, #1 ; add x2, x2, #1 ; add x3, x3, #1 ; add x4, x4, #1
 *   subs x0, x0, #1
 *   b.ne NEXT          ; x0 starts at 0, so this is taken for 2^64 iterations
 * </pre>
 * {@code layout} chooses where NEXT is:
 * <ul>
 *   <li>{@code self}: one block that branches to itself (the chain is a self-loop);</li>
 *   <li>{@code chain}: 8 consecutive blocks in one 4 KiB page, the last branching to the first: every
 *       dispatch follows a cached chain to a different block;</li>
 *   <li>{@code pages}: the same 8 blocks, one per 4 KiB page. Chains (and compiled regions) stay
 *       within a page, so every dispatch goes through the per-vCPU jump cache ({@code find}).</li>
 *   <li>{@code indirect}: 8 consecutive blocks in one page that end in an indirect branch, as function
 *       returns do: {@code add x1; add x2; add x3; adr x5, NEXT; subs x0, x0, #1; br x5}. Every
 *       dispatch is a jump-cache lookup.</li>
 * </ul>
 * {@code tier}: {@code jit} (the default threshold: blocks are compiled to bytecode after 16 runs, long
 * before measurement starts) or {@code interp} (compile threshold -1: the IR interpreter only).
 *
 * <p>Each invocation runs 600,000 guest instructions, exactly 100,000 guest blocks, so the score is ns per
 * guest block, whatever the loop does to get from one to the next (a chained or looked-up dispatch per
 * block, or none when the compiled code keeps a hot loop inside one method). Guest MIPS = 6,000 / score.
 * At tear-down the benchmark prints how many dispatches the loop made per guest block.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Thread)
public class DispatchBench {
    static final int INSNS_PER_BLOCK = 6;
    static final int BLOCKS_PER_CALL = 100_000;
    static final long BUDGET = (long) INSNS_PER_BLOCK * BLOCKS_PER_CALL;
    static final int CHAIN_BLOCKS = 8;

    @Param({"self", "chain", "pages", "indirect"})
    public String layout;

    @Param({"jit", "interp"})
    public String tier;

    private Path rom;
    private Machine machine;
    private ExecLoop loop;
    private GuestCpu cpu;
    private long blocksAtStart;
    private long calls;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        rom = Files.createTempFile("jemu-dispatch-", ".bin");
        Files.write(rom, romImage(layout));
        machine = Boards.create(MachineConfig.of("virt").withCpu("cortex-a57").withRam(16L << 20).withBios(rom), null);
        loop = machine.loop();
        switch (tier) {
            case "jit" -> { } // the machine's default threshold
            case "interp" -> loop.setCompileThreshold(-1);
            default -> throw new IllegalArgumentException("tier must be jit or interp, not " + tier);
        }
        cpu = machine.cpus().get(0);
        blocksAtStart = loop.stats().blocksExecuted;
    }

    @Benchmark
    @OperationsPerInvocation(BLOCKS_PER_CALL)
    public long run() {
        loop.runCpu(cpu, BUDGET);
        calls++;
        return cpu.icount;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        ExecStats s = loop.stats();
        long dispatches = s.blocksExecuted - blocksAtStart;
        try {
            // The loop stops at the first block boundary at or after the budget; blocks are 6 instructions
            // and the budget a multiple of 6, so the count is exact unless the guest left the loop.
            if (cpu.icount != calls * BUDGET) {
                throw new IllegalStateException("DispatchBench: expected " + calls * BUDGET + " instructions, ran "
                        + cpu.icount + " (the guest did not run the loop it was given)");
            }
            boolean wantCompiled = tier.equals("jit");
            if ((s.blocksCompiled > 0) != wantCompiled) {
                throw new IllegalStateException("DispatchBench: tier " + tier + " but " + s.blocksCompiled
                        + " blocks compiled");
            }
            System.out.printf(java.util.Locale.ROOT,
                    "%n[DispatchBench %s/%s] %d guest blocks, %d dispatches by the loop (%.3f per block), "
                            + "%d chained; %d blocks translated, %d compiled units%n",
                    layout, tier, calls * BLOCKS_PER_CALL, dispatches,
                    dispatches / (double) (calls * BLOCKS_PER_CALL), s.chainedDispatches, s.blocksTranslated,
                    s.blocksCompiled);
        } finally {
            machine.close();
            Files.deleteIfExists(rom);
        }
    }

    /** The ROM for {@code layout}, as flash bytes loaded at guest address 0. */
    static byte[] romImage(String layout) {
        int blocks;
        long stride;
        switch (layout) {
            case "self" -> {
                blocks = 1;
                stride = 0;
            }
            case "chain" -> {
                blocks = CHAIN_BLOCKS;
                stride = INSNS_PER_BLOCK * 4;
            }
            case "pages" -> {
                blocks = CHAIN_BLOCKS;
                stride = 4096;
            }
            case "indirect" -> {
                blocks = CHAIN_BLOCKS;
                stride = INSNS_PER_BLOCK * 4;
            }
            default -> throw new IllegalArgumentException("layout must be self, chain, pages or indirect, not " + layout);
        }
        int size = (int) Math.max(4096, stride * blocks);
        ByteBuffer buf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < blocks; i++) {
            long base = i * stride;
            long target = ((i + 1) % blocks) * stride;
            int[] w = layout.equals("indirect")
                    ? new int[] {
                        addImm(1, 1, 1), addImm(2, 2, 1), addImm(3, 3, 1),
                        adr(5, base + 12, target), // adr x5, target
                        0xf1000400, // subs x0, x0, #1
                        0xd61f00a0, // br x5
                    }
                    : new int[] {
                        addImm(1, 1, 1), addImm(2, 2, 1), addImm(3, 3, 1), addImm(4, 4, 1),
                        0xf1000400, // subs x0, x0, #1
                        bcond(1, base + 20, target), // b.ne target
                    };
            for (int k = 0; k < w.length; k++) {
                buf.putInt((int) base + 4 * k, w[k]);
            }
        }
        return buf.array();
    }

    /** {@code add xd, xn, #imm12} (C6.2.4, 64-bit, no shift). */
    static int addImm(int d, int n, int imm12) {
        return 0x91000000 | (imm12 & 0xfff) << 10 | n << 5 | d;
    }

    /** {@code adr xd, target} at {@code pc} (C6.2.10). */
    static int adr(int d, long pc, long target) {
        long off = target - pc;
        return 0x10000000 | (int) (off & 3) << 29 | (int) (off >> 2 & 0x7ffff) << 5 | d;
    }

    /** {@code b.cond target} at {@code pc} (C6.2.26). */
    static int bcond(int cond, long pc, long target) {
        long off = (target - pc) >> 2;
        return 0x54000000 | (int) (off & 0x7ffff) << 5 | cond;
    }
}
