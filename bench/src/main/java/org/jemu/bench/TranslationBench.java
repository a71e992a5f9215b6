package org.jemu.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.interp.IrInterpreter;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.Verifier;
import org.jemu.translator.opt.Optimizer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Translation throughput over a real firmware's blocks (see {@link UBootCorpus}), in stages:
 * <ul>
 *   <li>{@code ir}: decode and emit IR ({@code A64Translator.translate});</li>
 *   <li>{@code optimized}: + verify, optimise and prepare the interpreter form, which is everything the
 *       execution loop does before a new block can run (the cold tier);</li>
 *   <li>{@code generated}: + generate the class file bytes with ASM (no class definition);</li>
 *   <li>{@code compiled}: + {@code BytecodeBackend.compile}, i.e. generate and {@code defineHiddenClass}
 *       and instantiate (the hot tier's one-off cost; HotSpot's own JIT of the new class comes later
 *       and is not included).</li>
 * </ul>
 * Each invocation translates the next block of the corpus (cycling). The primary score is blocks/s; the
 * secondary {@code insns} score is guest instructions/s, the number to compare across stages and with
 * other translators.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Thread)
public class TranslationBench {
    /** The firmware image to take blocks from. */
    @Param(UBootCorpus.DEFAULT_IMAGE)
    public String image;

    /** {@code linear} (sweep of the code range, ~34k blocks) or {@code walk} (control flow from the entry point). */
    @Param("linear")
    public String corpus;

    private UBootCorpus c;
    private int next;
    private final BytecodeBackend backend = new BytecodeBackend();

    /** Guest instructions translated, reported by JMH as a rate next to the blocks/s score. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Insns {
        public long insns;

        @Setup(Level.Iteration)
        public void clear() {
            insns = 0;
        }
    }

    @Setup(Level.Trial)
    public void load() throws IOException {
        c = UBootCorpus.load(Path.of(image), corpus);
    }

    private IrBlock nextBlock(Insns n) {
        int i = next;
        next = i + 1 == c.pcs.length ? 0 : i + 1;
        n.insns += c.insns[i];
        return c.translate(i);
    }

    @Benchmark
    public IrBlock ir(Insns n) {
        return nextBlock(n);
    }

    @Benchmark
    public Object optimized(Insns n) {
        IrBlock b = nextBlock(n);
        Verifier.verify(b);
        Optimizer.optimize(b);
        return new IrInterpreter(b);
    }

    @Benchmark
    public byte[] generated(Insns n) {
        IrBlock b = nextBlock(n);
        Verifier.verify(b);
        Optimizer.optimize(b);
        try {
            return backend.generate(java.util.List.of(b), "org/jemu/translator/backend/BenchBlock");
        } catch (IllegalStateException tooBig) {
            return null; // stays interpreted in the real loop, as here
        }
    }

    @Benchmark
    public void compiled(Insns n, Blackhole bh) {
        IrBlock b = nextBlock(n);
        Verifier.verify(b);
        Optimizer.optimize(b);
        bh.consume(new IrInterpreter(b));
        try {
            bh.consume(backend.compile(b));
        } catch (IllegalStateException tooBig) {
            bh.consume(tooBig); // stays interpreted in the real loop, as here
        }
    }
}
