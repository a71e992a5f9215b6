package org.jemu.arm.fp;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.jemu.testkit.Unicorn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential tests of {@link ArmFp} against Unicorn 2 (Debian libunicorn2 2.0.1: QEMU 5.0's AArch64
 * translator with its softfloat, Cortex-A57 model): every operation is executed as the real A64 instruction on
 * a few thousand biased random operand sets ({@link FpOperandGenerator}) with random FPCR (RMode, FZ, DN, and AHP
 * for half-precision conversions), and the result bits and the FPSR cumulative flags must agree exactly.
 *
 * <p>Arm ARM versus Unicorn: no disagreement has been found. Every case is compared against Unicorn bit for bit
 * and the library follows the Arm ARM pseudocode; where the two agree only because QEMU special-cases the
 * architecture (FMULX, FRECPS/FRSQRTS negating op1 before NaN selection, the FPMulAdd NaN order and its
 * quiet-NaN-plus-0*infinity rule, tininess before rounding, FZ not applying to half precision, AHP overflow
 * raising IOC without IXC) the hand-written cases in {@link ArmFpTest} pin the pseudocode's answer too.
 * Not covered here: half-precision arithmetic and FZ16 (ARMv8.2), FP exception traps (none on Cortex-A57).
 *
 * <p>The master seed is printed; {@code -Djemu.fuzz.seed=0x...} reproduces a run, and
 * {@code -Djemu.fp.scale=N} runs N times as many cases per instruction (for soak runs). Without libunicorn2 the test is
 * skipped, unless {@code CI=true} or {@code -Djemu.unicorn.required=true}: then it fails.
 */
class ArmFpDifferentialTest {
    private static UnicornFpRunner uc;
    private static long master;

    /** Which part of the machine state holds the instruction's result. */
    enum Out {
        /** V4, the low {@code outN} bits. */
        FP,
        /** X5 (W5 zero-extended). */
        INT,
        /** PSTATE.NZCV. */
        NZCV,
        /** V4 all ones or all zeros, {@code outN} bits (vector compares). */
        MASK
    }

    /** The library's side of an operation: operands a (V0 or X10), b (V1), c (V2). */
    @FunctionalInterface
    interface Lib {
        long apply(long a, long b, long c, int fpcr, FpFlags flags);
    }

    /**
     * One instruction under test.
     *
     * @param inN      operand width for the generator (16, 32, 64); 0 for an integer operand in X10
     * @param arity    FP operands generated (V0, V1, V2)
     * @param outN     result width
     */
    record Op(String name, int insn, int inN, int arity, Out out, int outN, boolean ahp, int cases, Lib lib) {
    }

    @BeforeAll
    static void open() {
        boolean required = Boolean.getBoolean("jemu.unicorn.required") || "true".equalsIgnoreCase(System.getenv("CI"));
        if (required) {
            assertTrue(Unicorn.isAvailable(), "Unicorn 2 is required here (CI=true or -Djemu.unicorn.required=true): "
                    + Unicorn.unavailableReason());
        }
        Assumptions.assumeTrue(Unicorn.isAvailable(), () -> "FP differential tests skipped: "
                + Unicorn.unavailableReason());
        String s = System.getProperty("jemu.fuzz.seed");
        // printed as unsigned hex, so seeds with bit 63 set must parse back
        master = s == null ? ("true".equalsIgnoreCase(System.getenv("CI")) ? 0x5eed_0001L : new SplittableRandom().nextLong())
                : s.trim().toLowerCase(java.util.Locale.ROOT).startsWith("0x")
                        ? Long.parseUnsignedLong(s.trim().substring(2), 16) : Long.parseLong(s.trim());
        System.out.printf("ArmFp vs Unicorn %s: master seed 0x%x (-Djemu.fuzz.seed=0x%x)%n", Unicorn.version(),
                master, master);
        uc = new UnicornFpRunner();
    }

    @AfterAll
    static void close() {
        if (uc != null) {
            uc.close();
        }
    }

    // =====================================================================================
    // Encodings (Arm ARM C4.1.6, C7.2)
    // =====================================================================================

    private static int ftype(int n) {
        return n == 64 ? 1 : n == 32 ? 0 : 3;
    }

    /** FP data-processing (2 source): Sd/Dd 4 = op(V0, V1). */
    static int fp2(int n, int opcode) {
        return 0x1E200800 | ftype(n) << 22 | 1 << 16 | opcode << 12 | 4;
    }

    /** FP data-processing (1 source): V4 = op(V0). */
    static int fp1(int n, int opcode) {
        return 0x1E204000 | ftype(n) << 22 | opcode << 15 | 4;
    }

    /** FP data-processing (3 source): V4 = op(Rn V0, Rm V1, Ra V2). */
    static int fp3(int n, int o1, int o0) {
        return 0x1F000000 | ftype(n) << 22 | o1 << 21 | 1 << 16 | o0 << 15 | 2 << 10 | 4;
    }

    /** FP compare V0 with V1. */
    static int fcmp(int n, int opc2) {
        return 0x1E202000 | ftype(n) << 22 | 1 << 16 | opc2;
    }

    /** Advanced SIMD scalar three same: V4 = op(V0, V1). */
    static int simd3(int u, int a, int n, int opcode) {
        return 0x5E200400 | u << 29 | a << 23 | (n == 64 ? 1 : 0) << 22 | 1 << 16 | opcode << 11 | 4;
    }

    /** Advanced SIMD scalar two-register miscellaneous: V4 = op(V0). */
    static int simd2(int u, int a, int sz, int opcode) {
        return 0x5E200800 | u << 29 | a << 23 | sz << 22 | opcode << 12 | 4;
    }

    /** Conversion between FP and integer: FP to X5/W5 from V0, integer to V4 from X10. */
    static int fpInt(int sf, int n, int rmode, int opcode) {
        boolean toFp = opcode == 2 || opcode == 3;
        return 0x1E200000 | sf << 31 | ftype(n) << 22 | rmode << 19 | opcode << 16 | (toFp ? 10 << 5 | 4 : 5);
    }

    /** Conversion between FP and fixed point, fbits = 64 - scale. */
    static int fpFixed(int sf, int n, int rmode, int opcode, int fbits) {
        boolean toFp = opcode == 2 || opcode == 3;
        return 0x1E000000 | sf << 31 | ftype(n) << 22 | rmode << 19 | opcode << 16 | (64 - fbits) << 10
                | (toFp ? 10 << 5 | 4 : 5);
    }

    // =====================================================================================
    // The operations
    // =====================================================================================

    static List<Op> ops(SplittableRandom rnd) {
        List<Op> ops = new ArrayList<>();
        int c2 = 6000;
        for (int n : new int[] {32, 64}) {
            String t = n == 64 ? " D" : " S";
            int sz = n == 64 ? 1 : 0;
            ops.add(new Op("FADD" + t, fp2(n, 2), n, 2, Out.FP, n, false, c2, (a, b, c, p, f) -> ArmFp.add(n, a, b, p, f)));
            ops.add(new Op("FSUB" + t, fp2(n, 3), n, 2, Out.FP, n, false, c2, (a, b, c, p, f) -> ArmFp.sub(n, a, b, p, f)));
            ops.add(new Op("FMUL" + t, fp2(n, 0), n, 2, Out.FP, n, false, c2, (a, b, c, p, f) -> ArmFp.mul(n, a, b, p, f)));
            ops.add(new Op("FNMUL" + t, fp2(n, 8), n, 2, Out.FP, n, false, c2 / 2,
                    (a, b, c, p, f) -> ArmFp.neg(n, ArmFp.mul(n, a, b, p, f))));
            ops.add(new Op("FDIV" + t, fp2(n, 1), n, 2, Out.FP, n, false, c2, (a, b, c, p, f) -> ArmFp.div(n, a, b, p, f)));
            ops.add(new Op("FMAX" + t, fp2(n, 4), n, 2, Out.FP, n, false, c2, (a, b, c, p, f) -> ArmFp.max(n, a, b, p, f)));
            ops.add(new Op("FMIN" + t, fp2(n, 5), n, 2, Out.FP, n, false, c2, (a, b, c, p, f) -> ArmFp.min(n, a, b, p, f)));
            ops.add(new Op("FMAXNM" + t, fp2(n, 6), n, 2, Out.FP, n, false, c2,
                    (a, b, c, p, f) -> ArmFp.maxNum(n, a, b, p, f)));
            ops.add(new Op("FMINNM" + t, fp2(n, 7), n, 2, Out.FP, n, false, c2,
                    (a, b, c, p, f) -> ArmFp.minNum(n, a, b, p, f)));
            ops.add(new Op("FSQRT" + t, fp1(n, 3), n, 1, Out.FP, n, false, c2, (a, b, c, p, f) -> ArmFp.sqrt(n, a, p, f)));
            ops.add(new Op("FMADD" + t, fp3(n, 0, 0), n, 3, Out.FP, n, false, c2,
                    (a, b, c, p, f) -> ArmFp.mulAdd(n, c, a, b, p, f)));
            ops.add(new Op("FMSUB" + t, fp3(n, 0, 1), n, 3, Out.FP, n, false, c2 / 2,
                    (a, b, c, p, f) -> ArmFp.mulAdd(n, c, ArmFp.neg(n, a), b, p, f)));
            ops.add(new Op("FNMADD" + t, fp3(n, 1, 0), n, 3, Out.FP, n, false, c2 / 2,
                    (a, b, c, p, f) -> ArmFp.mulAdd(n, ArmFp.neg(n, c), ArmFp.neg(n, a), b, p, f)));
            ops.add(new Op("FNMSUB" + t, fp3(n, 1, 1), n, 3, Out.FP, n, false, c2 / 2,
                    (a, b, c, p, f) -> ArmFp.mulAdd(n, ArmFp.neg(n, c), a, b, p, f)));
            ops.add(new Op("FCMP" + t, fcmp(n, 0), n, 2, Out.NZCV, n, false, c2,
                    (a, b, c, p, f) -> ArmFp.compare(n, a, b, false, p, f)));
            ops.add(new Op("FCMPE" + t, fcmp(n, 0x10), n, 2, Out.NZCV, n, false, c2,
                    (a, b, c, p, f) -> ArmFp.compare(n, a, b, true, p, f)));
            ops.add(new Op("FCMEQ" + t, simd3(0, 0, n, 0x1c), n, 2, Out.MASK, n, false, c2 / 2,
                    (a, b, c, p, f) -> ArmFp.compareEQ(n, a, b, p, f) ? 1 : 0));
            ops.add(new Op("FCMGE" + t, simd3(1, 0, n, 0x1c), n, 2, Out.MASK, n, false, c2 / 2,
                    (a, b, c, p, f) -> ArmFp.compareGE(n, a, b, p, f) ? 1 : 0));
            ops.add(new Op("FCMGT" + t, simd3(1, 1, n, 0x1c), n, 2, Out.MASK, n, false, c2 / 2,
                    (a, b, c, p, f) -> ArmFp.compareGT(n, a, b, p, f) ? 1 : 0));
            ops.add(new Op("FMULX" + t, simd3(0, 0, n, 0x1b), n, 2, Out.FP, n, false, c2,
                    (a, b, c, p, f) -> ArmFp.mulX(n, a, b, p, f)));
            ops.add(new Op("FRECPS" + t, simd3(0, 0, n, 0x1f), n, 2, Out.FP, n, false, c2,
                    (a, b, c, p, f) -> ArmFp.recipStepFused(n, a, b, p, f)));
            ops.add(new Op("FRSQRTS" + t, simd3(0, 1, n, 0x1f), n, 2, Out.FP, n, false, c2,
                    (a, b, c, p, f) -> ArmFp.rsqrtStepFused(n, a, b, p, f)));
            ops.add(new Op("FRECPE" + t, simd2(0, 1, sz, 0x1d), n, 1, Out.FP, n, false, c2,
                    (a, b, c, p, f) -> ArmFp.recipEstimate(n, a, p, f)));
            ops.add(new Op("FRSQRTE" + t, simd2(1, 1, sz, 0x1d), n, 1, Out.FP, n, false, c2,
                    (a, b, c, p, f) -> ArmFp.rsqrtEstimate(n, a, p, f)));
            ops.add(new Op("FRECPX" + t, simd2(0, 1, sz, 0x1f), n, 1, Out.FP, n, false, c2 / 2,
                    (a, b, c, p, f) -> ArmFp.recpX(n, a, p, f)));
            String[] frint = {"N", "P", "M", "Z", "A", null, "X", "I"};
            int[] frintMode = {ArmFp.RN, ArmFp.RP, ArmFp.RM, ArmFp.RZ, ArmFp.TIEAWAY, 0, -1, -1};
            for (int i = 0; i < 8; i++) {
                if (frint[i] == null) {
                    continue;
                }
                int mode = frintMode[i];
                boolean exact = i == 6;
                ops.add(new Op("FRINT" + frint[i] + t, fp1(n, 8 + i), n, 1, Out.FP, n, false, c2 / 2,
                        (a, b, c, p, f) -> ArmFp.roundInt(n, a, p, mode >= 0 ? mode : ArmFp.rounding(p), exact, f)));
            }
            String[] cvt = {"NS", "NU", "AS", "AU", "PS", "PU", "MS", "MU", "ZS", "ZU"};
            int[][] enc = {{0, 0}, {0, 1}, {0, 4}, {0, 5}, {1, 0}, {1, 1}, {2, 0}, {2, 1}, {3, 0}, {3, 1}};
            int[] cvtMode = {ArmFp.RN, ArmFp.RN, ArmFp.TIEAWAY, ArmFp.TIEAWAY, ArmFp.RP, ArmFp.RP, ArmFp.RM, ArmFp.RM,
                ArmFp.RZ, ArmFp.RZ};
            for (int sf = 0; sf < 2; sf++) {
                int m = sf == 0 ? 32 : 64;
                String r = sf == 0 ? " W," : " X,";
                for (int i = 0; i < cvt.length; i++) {
                    int mode = cvtMode[i];
                    boolean u = cvt[i].endsWith("U");
                    ops.add(new Op("FCVT" + cvt[i] + r + t, fpInt(sf, n, enc[i][0], enc[i][1]), n, 1, Out.INT, m,
                            false, 2000, (a, b, c, p, f) -> ArmFp.toFixed(n, a, 0, u, m, p, mode, f)));
                }
                for (int k = 0; k < 3; k++) {
                    int fbits = rnd.nextInt(1, m + 1);
                    for (int u = 0; u < 2; u++) {
                        boolean uns = u == 1;
                        ops.add(new Op("FCVTZ" + (uns ? "U" : "S") + r + t + ", #" + fbits,
                                fpFixed(sf, n, 3, u, fbits), n, 1, Out.INT, m, false, 1000,
                                (a, b, c, p, f) -> ArmFp.toFixed(n, a, fbits, uns, m, p, ArmFp.RZ, f)));
                        ops.add(new Op((uns ? "UCVTF" : "SCVTF") + t + "," + r + " #" + fbits,
                                fpFixed(sf, n, 0, 2 + u, fbits), 0, 1, Out.FP, n, false, 1000,
                                (a, b, c, p, f) -> ArmFp.fixedToFp(n, a, m, fbits, uns, p, ArmFp.rounding(p), f)));
                    }
                }
                for (int u = 0; u < 2; u++) {
                    boolean uns = u == 1;
                    ops.add(new Op((uns ? "UCVTF" : "SCVTF") + t + "," + r, fpInt(sf, n, 0, 2 + u), 0, 1, Out.FP, n,
                            false, 3000, (a, b, c, p, f) -> ArmFp.fixedToFp(n, a, m, 0, uns, p, ArmFp.rounding(p), f)));
                }
            }
        }
        for (int from : new int[] {16, 32, 64}) {
            for (int to : new int[] {16, 32, 64}) {
                if (from != to) {
                    ops.add(new Op("FCVT " + to + "<-" + from, fp1(from, 4 | ftype(to)), from, 1, Out.FP, to, true,
                            c2, (a, b, c, p, f) -> ArmFp.convert(to, from, a, p, ArmFp.rounding(p), f)));
                }
            }
        }
        // URECPE/URSQRTE Vd.2S (Advanced SIMD two-register miscellaneous): lane 0 compared
        ops.add(new Op("URECPE 2S", 0x0EA1C804, 32, 1, Out.FP, 32, false, c2 / 2,
                (a, b, c, p, f) -> ArmFp.unsignedRecipEstimate((int) a) & 0xffffffffL));
        ops.add(new Op("URSQRTE 2S", 0x2EA1C804, 32, 1, Out.FP, 32, false, c2 / 2,
                (a, b, c, p, f) -> ArmFp.unsignedRSqrtEstimate((int) a) & 0xffffffffL));
        ops.add(new Op("FCVTXN S, D", simd2(1, 0, 1, 0x16), 64, 1, Out.FP, 32, false, c2,
                (a, b, c, p, f) -> ArmFp.convert(32, 64, a, p, ArmFp.ODD, f)));
        return ops;
    }

    private static long mask(int n) {
        return n == 64 ? -1L : (1L << n) - 1;
    }

    @TestFactory
    Stream<DynamicTest> libraryMatchesUnicorn() {
        SplittableRandom rnd = new SplittableRandom(master);
        List<Op> ops = ops(rnd.split());
        return ops.stream().map(op -> {
            long seed = rnd.nextLong();
            return DynamicTest.dynamicTest(op.name(), () -> check(op, seed));
        });
    }

    private static void check(Op op, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        FpOperandGenerator gen = new FpOperandGenerator(rnd);
        int cases = (int) Math.min(UnicornFpRunner.MAX_CASES, (long) op.cases() * Integer.getInteger("jemu.fp.scale", 1));
        UnicornFpRunner.In[] in = new UnicornFpRunner.In[cases];
        for (int i = 0; i < in.length; i++) {
            int fpcr = gen.nextFpcr(op.ahp());
            if (op.inN() == 0) {
                long x = gen.nextInt();
                in[i] = new UnicornFpRunner.In(fpcr, x, x, 0, 0);
            } else {
                int n = op.inN();
                long a = gen.next(n, 0);
                long b = op.arity() >= 2 ? gen.next(n, a) : 0;
                long c = op.arity() >= 3 ? gen.next(n, rnd.nextBoolean() ? a : b) : 0;
                FpFlags scratch = new FpFlags();
                if (op.arity() == 3 && rnd.nextInt(4) == 0) {
                    // addend close to minus the product: massive cancellation in the fused sum
                    c = (ArmFp.neg(n, ArmFp.mul(n, a, b, 0, scratch)) + rnd.nextInt(-2, 3)) & mask(n);
                } else if ((op.name().startsWith("FRECPS") || op.name().startsWith("FRSQRTS")) && rnd.nextInt(4) == 0) {
                    // FRECPS/FRSQRTS: a * b close to 2 or 3
                    long k = FpOperandGenerator.fromDouble(n, op.name().startsWith("FRECPS") ? 2 : 3);
                    b = (ArmFp.div(n, k, a, 0, scratch) + rnd.nextInt(-2, 3)) & mask(n);
                }
                in[i] = new UnicornFpRunner.In(fpcr, a, a, b, c);
            }
        }
        UnicornFpRunner.Out[] out = uc.run(op.insn(), in);
        List<String> bad = new ArrayList<>();
        int mismatches = 0;
        int nonzero = 0;
        FpFlags flags = new FpFlags();
        for (int i = 0; i < in.length; i++) {
            UnicornFpRunner.In c = in[i];
            UnicornFpRunner.Out o = out[i];
            flags.bits = 0;
            long got = op.lib().apply(op.inN() == 0 ? c.x10() : c.q0(), c.q1(), c.q2(), c.fpcr(), flags);
            long want = switch (op.out()) {
                case FP -> o.v4() & mask(op.outN());
                case INT -> o.x5();
                case NZCV -> o.nzcv();
                case MASK -> (o.v4() & mask(op.outN())) == 0 ? 0 : 1;
            };
            int wantFlags = o.fpsr() & FpFlags.ALL;
            nonzero += want != 0 ? 1 : 0;
            if (got != want || flags.bits != wantFlags) {
                mismatches++;
                if (bad.size() < 15) {
                    bad.add(String.format("  fpcr=%08x a=%x b=%x c=%x: Unicorn %x %s, ArmFp %x %s", c.fpcr(),
                            op.inN() == 0 ? c.x10() : c.q0(), c.q1(), c.q2(), want, FpFlags.toString(wantFlags), got,
                            FpFlags.toString(flags.bits)));
                }
            }
        }
        // guards the harness itself: an instruction that never ran would compare zeros with zeros
        assertTrue(nonzero > 0, op.name() + ": implausible Unicorn results (all " + in.length + " zero)");
        if (mismatches != 0) {
            fail(String.format("%s (insn %08x): %d of %d cases differ (master seed 0x%x, -Djemu.fuzz.seed=0x%x)%n%s",
                    op.name(), op.insn(), mismatches, in.length, master, master, String.join("\n", bad)));
        }
    }
}
