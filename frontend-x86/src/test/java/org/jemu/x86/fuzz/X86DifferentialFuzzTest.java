package org.jemu.x86.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jemu.testkit.Unicorn;
import org.jemu.x86.cpu.X86Cpu;
import org.jemu.x86.decode.OpcodeEntry;
import org.jemu.x86.decode.OpcodeMaps;
import org.jemu.x86.decode.X86Decoder;
import org.jemu.x86.decode.X86Insn;
import org.jemu.x86.translate.X86Translator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of random x86 instruction sequences: jemu against Unicorn 2 (the oracle named in
 * DESIGN.md "Testing"), in 32-bit flat protected mode (UC_MODE_32), real-address mode (UC_MODE_16) and
 * 16-bit protected mode (PROT16: UC_MODE_32 with a 16-bit CS at base 1F000h and 16-bit data segments at
 * bases 0 and 4000h loaded from the case's GDT), with instructions generated from jemu's own opcode maps
 * ({@link X86FuzzGenerator}).
 *
 * <p>Every case (1 to 12 random instructions and the CMPs the generator inserts, then HLT; random registers,
 * flags, selectors in real mode, and memory) runs once on Unicorn and on jemu in the IR interpreter tier and
 * (every second case by default) with every block compiled by the bytecode backend before it first runs.
 * EAX..EDI, EIP, EFLAGS,
 * the selectors, the data memory (real mode: all of it) and the stop (HLT reached, exception number and
 * EIP, unmapped access) must agree. EFLAGS bits that the executed instructions leave undefined (SDM "Flags
 * Affected"; {@link X86FlagRules}) are masked: the whole run masks those the sequence may leave undefined at
 * its end; when the runs differ anyway, both emulators are single-stepped in lock step, each step compared
 * with exactly the flags the SDM calls undefined for that execution (the shift count from CL, ...) masked,
 * and those flags then copied from Unicorn to jemu so the next instruction sees the same input. A case
 * passes if the lock-step comparison finds no difference; otherwise the first diverging instruction is
 * reported, unless it is a {@link Known} difference.
 *
 * <p>System properties: {@code -Djemu.fuzz.seed=N} (master seed, decimal or 0x-hex; default
 * {@link System#nanoTime()}, a fixed seed when the environment has CI=true; printed), {@code -Djemu.fuzz.count=N} (cases per mode, default {@link #defaultCount}), {@code -Djemu.fuzz.compiledEvery=K}
 * (the compiled tier on every K-th case, default 2),
 * {@code -Djemu.fuzz.index=I} (run only case I: the reproduction of a report), {@code -Djemu.fuzz.from=F}
 * (start at case F, to find a case that leaves state behind in Unicorn), {@code -Djemu.fuzz.mode=FLAT32,
 * REAL16 or PROT16}. Paging is fuzzed against qemu-system-i386 instead ({@link X86PagingFuzzTest}): Unicorn
 * 2.0.1 maps linear = physical after its page walk (unicorn-engine/unicorn#1953). Without libunicorn2 the test is skipped, unless {@code CI=true} or
 * {@code -Djemu.unicorn.required=true}: then it fails.
 */
class X86DifferentialFuzzTest {

    /**
     * Differences between Unicorn 2.0.1 (QEMU 5.0) and the SDM where jemu follows the SDM. A case is accepted
     * for one of these only when the first diverging instruction (lock-step) is exactly that case.
     */
    enum Known {
        /**
         * Real-address mode: an access beyond the 64 KiB segment limit (a word or doubleword at offset FFFFH,
         * or a 32-bit address-size offset above FFFFH) raises #GP(0), or #SS(0) through SS (SDM Vol. 3A 20.1.1
         * and the "Real-Address Mode Exceptions" of every memory instruction). QEMU does not check segment
         * limits and performs the access.
         */
        REAL_MODE_SEGMENT_LIMIT,
        /**
         * SHLD/SHRD of a 16-bit operand by a count above 16: the result and the flags are undefined (SDM Vol. 2B
         * SHLD/SHRD); QEMU and jemu compute different values.
         */
        UNDEFINED_RESULT,
        /**
         * INT1/ICEBP (F1) raises a #DB trap (SDM Vol. 2A "INT n/INTO/INT3/INT1"; Vol. 3A 17.3.1 "INT1"); QEMU 5.0
         * raises its internal debug exception, which Unicorn reports as an invalid instruction (#UD).
         */
        INT1_AS_UD,
        /**
         * F6 /1 and F7 /1: the TEST alias of Grp3 /0 that every IA-32 processor executes (blank in SDM Table
         * A-6; see {@link org.jemu.x86.decode.OpcodeMaps}); QEMU 5.0 raises #UD for it.
         */
        GRP3_TEST_ALIAS_AS_UD,
        /**
         * 0F 18 /0../3 with a register operand: in jemu's opcode maps 0F 18..0F 1F are the hint-NOP space (NOP Ev
         * for any ModRM; on the i686 the PREFETCHh forms do not exist yet, see {@link OpcodeMaps}); QEMU 5.0 decodes
         * them as PREFETCHh, which needs memory, and raises #UD.
         */
        HINT_NOP_0F18_REGISTER_AS_UD,
        /**
         * LOCK NEG m8/m16/m32: QEMU 5.0's atomic NEG computes SF, ZF and PF from the operand instead of the result
         * (the memory result is right). The SDM: "The CF flag set to 0 if the source operand is 0; otherwise it is
         * set to 1. The OF, SF, ZF, AF, and PF flags are set according to the result." jemu does so.
         */
        LOCKED_NEG_FLAGS,
        /**
         * ENTER with a 32-bit operand size, a nesting level &gt; 0 and a 16-bit stack (real mode, or SS.B = 0 in
         * PROT16): FrameTemp is SP (SDM Vol. 2A
         * "ENTER": "ELSE (* StackSize = 16 *) Push(BP); FrameTemp ← SP"), so the doubleword pushed as the last
         * frame pointer has a zero upper half; QEMU 5.0 pushes ESP - 4 with the upper half of ESP. Only that
         * stack doubleword differs.
         */
        ENTER_FRAMETEMP_16BIT_STACK,
        /**
         * ENTER with an operand size other than the stack's address size: the SDM sets the frame pointer by the
         * operand size (Vol. 2A "ENTER": "IF OperandSize = 32 THEN EBP ← FrameTemp ... ELSE BP ←
         * FrameTemp[15:0]"), as jemu and QEMU 7.2 do; QEMU 5.0 writes it with the stack's address size. Accepted
         * when only EBP's upper half (and the stack, as above) differs.
         */
        ENTER_FRAME_POINTER_SIZE,
        /**
         * Protected mode (FLAT32 after a segment load, and PROT16, whose data segments all have 64 KiB limits)
         * with a non-flat data segment loaded from the case's GDT: an access beyond its limit, a
         * write to a read-only segment, an access through a null selector, or outside an expand-down segment's
         * range raises #GP(0), or #SS(0) through SS (SDM Vol. 3A 5.3 and 5.4, and the "Protected Mode
         * Exceptions" of every memory instruction). QEMU does not check data segments on accesses. Accepted only
         * when running the instruction again on jemu with those segments made flat takes the fault away
         * ({@link #segmentChecksExplain}).
         */
        PROTECTED_MODE_SEGMENT_CHECKS,
        /**
         * x87 (the {@code X87} cases, {@link X87Fuzz}): an instruction reads an empty register or pushes onto a
         * full stack. The SDM (Vol. 1 8.5.1.1) raises a stack fault (IE and SF; the masked response loads or
         * operates with the real indefinite); QEMU 5.0 does not look at the tags and computes with the stale
         * register contents. Accepted when jemu raised SF in the diverging instruction.
         */
        X87_STACK_FAULT,
        /**
         * x87: the FCW (loaded by FLDCW or FLDENV from a slot that an integer store overwrote) unmasks an exception
         * that the instruction raises: the SDM leaves the destination unchanged and sets ES (Vol. 1 8.5); QEMU 5.0
         * computes the masked response whatever FCW says. Only for the step that raised it (ES newly set, or a newly
         * set exception flag FCW leaves unmasked): ES is sticky and excuses nothing later.
         */
        X87_UNMASKED_EXCEPTION,
        /**
         * x87: an operand is an unsupported encoding (unnormal, pseudo-NaN, pseudo-infinity) or a pseudo-denormal
         * (SDM Vol. 1 Table 8-3, 8.2.2): only from an 80-bit operand slot an integer store overwrote. QEMU 5.0
         * treats them as ordinary numbers.
         */
        X87_UNSUPPORTED_OPERAND,
        /**
         * x87: FLD m32/m64 or FST(P) m32/m64 of a signaling NaN: QEMU 5.0 keeps it signaling (the SDM: #IA and
         * the quiet NaN) and stores its default NaN when the payload truncates to zero. Quiet NaNs convert alike.
         */
        X87_NAN_CONVERSION,
        /** x87: FST/FSTP ST(i): QEMU 5.0 does not tag the destination valid (only the tag word differs). */
        X87_FST_STI_TAG,
        /**
         * x87: FLDL2T, FLDL2E, FLDPI, FLDLG2, FLDLN2 with RC not round-to-nearest: the SDM (Vol. 1 8.3.8) rounds
         * the constant by RC; QEMU 5.0 loads the nearest value.
         */
        X87_CONSTANT_ROUNDING,
        /**
         * x87: FSCALE with PC not 64 bits where rounding to PC can change the result (ST(0)'s significand wider
         * than PC, or a result out of the normal range: {@link X87Fuzz#fscaleRoundsToPc}), NaN operands, or 0
         * scaled by +infinity / infinity scaled by -infinity: QEMU 5.0 applies precision control (not in the SDM's
         * list, Vol. 1 8.1.5.2), keeps SNaNs signaling and returns the operand where the SDM's FSCALE table is
         * invalid.
         */
        X87_FSCALE_SPECIAL,
        /** x87: FXTRACT of zero, infinity, NaN or a denormal, which QEMU 5.0 takes apart as a normal number. */
        X87_FXTRACT_SPECIAL,
        /**
         * x87: FCOMI/FCOMIP/FUCOMI/FUCOMIP: the SDM clears OF, SF and AF; QEMU 5.0 leaves them as they were (ZF PF
         * CF agree).
         */
        X87_FCOMI_CLEARS_OF_SF_AF,
        /**
         * x87: C0, C2 and C3 after an instruction whose "FPU Flags Affected" calls them undefined (all but the
         * compares, FTST, FXAM, FPREM(1), FNINIT, FRSTOR and FLDENV): jemu leaves them unchanged, QEMU 5.0 clears
         * them in some (FINCSTP, FDECSTP, ...). Only those bits differ.
         */
        X87_UNDEFINED_CONDITION_CODES,
        /**
         * MMX: a write to MMi sets bits 79:64 (sign and exponent) of x87 register Ri to all 1s (SDM Vol. 1 9.5.1,
         * "Effects of MMX Instructions on x87 FPU State"); QEMU 5.0 writes only the significand. Only those bits
         * and the tags that follow from them differ.
         */
        MMX_EXPONENT_NOT_SET
    }

    /**
     * Cases per mode by default: 20,000 sequences in all, sized by CPU time per case (printed at the end of
     * every mode; CPU rather than wall time because the CI machine is shared). CI seed, measured: FLAT32 8000
     * cases 7.7 s test-thread CPU (14.8 s JVM CPU with JIT and GC), PROT16 6.7 s (8.7 s), REAL16 4000 cases
     * 15.2 s (17.2 s; its 1.1 MB memory image is copied and compared for every run): 30 s of test-thread CPU,
     * 41 s of JVM CPU in all. PAGED32 is {@link X86PagingFuzzTest}'s (against qemu-system-i386).
     */
    static int defaultCount(X86FuzzCase.Mode mode) {
        return switch (mode) {
            case FLAT32, PROT16 -> 8000;
            case REAL16 -> 4000;
            case PAGED32 -> 0;
        };
    }
    /** By default the compiled tier runs on every second case; the interpreter on all. */
    private static final int COMPILED_EVERY = 2;
    private static final int MAX_REPORTED_FAILURES = 5;

    private static long masterSeed() {
        String s = System.getProperty("jemu.fuzz.seed");
        return s == null || s.isBlank() ? ("true".equalsIgnoreCase(System.getenv("CI")) ? 0x5eed_0007L : System.nanoTime()) : Long.decode(s.trim());
    }

    /** The seed of case {@code index} (SplittableRandom-style mix of the master seed, the mode and the index). */
    static long caseSeed(long master, X86FuzzCase.Mode mode, int index) {
        long z = master + (index + 1L + ((long) mode.ordinal() << 40)) * 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    private static void requireUnicorn() {
        boolean required = Boolean.getBoolean("jemu.unicorn.required") || "true".equalsIgnoreCase(System.getenv("CI"));
        if (required) {
            assertTrue(Unicorn.isAvailable(), "Unicorn 2 is required here (CI=true or -Djemu.unicorn.required=true): "
                    + Unicorn.unavailableReason());
        }
        Assumptions.assumeTrue(Unicorn.isAvailable(), () -> "x86 differential fuzzing skipped: "
                + Unicorn.unavailableReason());
    }

    @Test
    void flat32MatchesUnicorn() {
        fuzz(X86FuzzCase.Mode.FLAT32);
    }

    @Test
    void real16MatchesUnicorn() {
        fuzz(X86FuzzCase.Mode.REAL16);
    }

    @Test
    void prot16MatchesUnicorn() {
        fuzz(X86FuzzCase.Mode.PROT16);
    }

    /**
     * FLAT32 sequences with x87 instructions mixed in, from a random FPU state ({@link X87Fuzz}); the FPU state is
     * compared too. {@code -Djemu.fuzz.mode=X87} selects this run alone; {@code -Djemu.fuzz.x87count=N} sets the
     * cases (default {@link #X87_COUNT}).
     */
    @Test
    void flat32X87MatchesUnicorn() {
        fuzz(X86FuzzCase.Mode.FLAT32, true);
    }

    /**
     * x87 and MMX in 16-bit protected mode (16-bit operand size: the 14-byte FLDENV/FNSTENV layout, 16-bit
     * addressing): {@code -Djemu.fuzz.mode=X87_PROT16}; 500 cases ({@link #x87Count}).
     */
    @Test
    void prot16X87MatchesUnicorn() {
        fuzz(X86FuzzCase.Mode.PROT16, true);
    }

    /**
     * x87 and MMX in real-address mode (the real-mode FNSTENV/FLDENV format): {@code -Djemu.fuzz.mode=X87_REAL16};
     * 300 cases ({@link #x87Count}: a REAL16 case copies and compares the 1.1 MB memory).
     */
    @Test
    void real16X87MatchesUnicorn() {
        fuzz(X86FuzzCase.Mode.REAL16, true);
    }

    /**
     * x87 cases by default per mode. CI seed, measured: PROT16 500 cases 0.8 s of test-thread CPU (1.5 s JVM),
     * REAL16 300 cases 3.8 s (7.2 s JVM) run alone, JIT warm-up included.
     */
    static int x87Count(X86FuzzCase.Mode mode) {
        return switch (mode) {
            case FLAT32 -> X87_COUNT;
            case PROT16 -> 500;
            default -> 300;
        };
    }

    /** The name of a run: the mode, X87 for FLAT32 x87 cases, X87_PROT16 / X87_REAL16. */
    static String label(X86FuzzCase.Mode mode, boolean x87) {
        return !x87 ? mode.name() : mode == X86FuzzCase.Mode.FLAT32 ? "X87" : "X87_" + mode.name();
    }

    /**
     * x87 cases by default. CI seed, measured: 3000 cases 4.1 s of test-thread CPU and 5.9 s of JVM CPU after
     * the other modes (5.0 s and 10.7 s run alone, JIT warm-up included); most cases go through the lock-step,
     * which continues past QEMU's x87 departures from the SDM.
     */
    static final int X87_COUNT = 3000;
    /** Mixed into the master seed for the x87 cases (they differ from the FLAT32 cases of the same index). */
    static final long X87_SEED_SALT = 0x0087_0087_0087_0087L;

    private void fuzz(X86FuzzCase.Mode mode) {
        fuzz(mode, false);
    }

    private void fuzz(X86FuzzCase.Mode mode, boolean x87) {
        requireUnicorn();
        String onlyMode = System.getProperty("jemu.fuzz.mode");
        String label = label(mode, x87);
        Assumptions.assumeTrue(onlyMode == null || onlyMode.equalsIgnoreCase(label), "mode not selected");
        long master = masterSeed();
        int count = x87 ? Integer.getInteger("jemu.fuzz.x87count", Integer.getInteger("jemu.fuzz.count",
                x87Count(mode)))
                : Integer.getInteger("jemu.fuzz.count", defaultCount(mode));
        Integer only = Integer.getInteger("jemu.fuzz.index");
        int from = only == null ? Integer.getInteger("jemu.fuzz.from", 0) : only;
        int to = only == null ? count : only + 1;
        System.out.printf("x86 %s differential fuzz vs Unicorn %s: master seed 0x%x (-Djemu.fuzz.seed=0x%x), "
                + "%d case(s) x 2 tiers%n", label, Unicorn.version(), master, master, to - from);
        Map<X86FuzzState.Kind, Integer> outcomes = new EnumMap<>(X86FuzzState.Kind.class);
        Map<Known, Integer> known = new EnumMap<>(Known.class);
        Map<Integer, Integer> vectors = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int skipped = 0;
        int compared = 0;
        int resolvedByStepping = 0;
        long t0 = System.nanoTime();
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long proc0 = os.getProcessCpuTime();
        int compiledEvery = Math.max(1, Integer.getInteger("jemu.fuzz.compiledEvery", COMPILED_EVERY));
        long ucNanos = 0;
        long diagNanos = 0;
        long[] tierNanos = new long[2];
        X86FuzzGenerator gen = new X86FuzzGenerator();
        try (UnicornX86Runner uc = new UnicornX86Runner(mode);
                JemuX86Runner interp = new JemuX86Runner(JemuX86Runner.Tier.INTERPRETER, mode, 64);
                JemuX86Runner compiled = new JemuX86Runner(JemuX86Runner.Tier.COMPILED, mode, 64);
                JemuX86Runner stepI = new JemuX86Runner(JemuX86Runner.Tier.INTERPRETER, mode, 1);
                JemuX86Runner stepC = new JemuX86Runner(JemuX86Runner.Tier.COMPILED, mode, 1)) {
            JemuX86Runner[] tiers = {interp, compiled};
            JemuX86Runner[] steppers = {stepI, stepC};
            cases:
            for (int i = from; i < to; i++) {
                X86FuzzCase c = gen.generate(i, caseSeed(x87 ? master ^ X87_SEED_SALT : master, mode, i), mode, x87);
                long ts = System.nanoTime();
                X86FuzzState ref = uc.run(c);
                ucNanos += System.nanoTime() - ts;
                if (uc.wroteCode(c, ref) || ref.stop().kind() == X86FuzzState.Kind.TIMEOUT) {
                    if (Boolean.getBoolean("jemu.fuzz.verbose")) {
                        System.out.printf("case %d skipped: Unicorn %s%n%s", i, ref.stop(), c.listing());
                    }
                    skipped++;
                    continue;
                }
                compared++;
                if (Boolean.getBoolean("jemu.fuzz.verbose")) {
                    System.out.printf("case %d: Unicorn %s%n%s", i, ref.stop(), c.listing());
                }
                outcomes.merge(ref.stop().kind(), 1, Integer::sum);
                if (ref.stop().kind() == X86FuzzState.Kind.EXCEPTION) {
                    vectors.merge(ref.stop().vector(), 1, Integer::sum);
                }
                int mask = finalUndefined(c);
                X86FuzzState firstGot = null;
                Diagnosis firstDiag = null;
                for (int t = 0; t < tiers.length; t++) {
                    if (t == 1 && i % compiledEvery != 0) {
                        continue;
                    }
                    ts = System.nanoTime();
                    X86FuzzState got = tiers[t].run(c);
                    tierNanos[t] += System.nanoTime() - ts;
                    String diff = ref.firstDifference(got, mask);
                    if (diff == null) {
                        continue;
                    }
                    ts = System.nanoTime();
                    // the compiled tier ending exactly as the interpreter did has the same diagnosis
                    Diagnosis d = firstGot != null && firstGot.firstDifference(got, 0) == null ? firstDiag
                            : diagnose(c, uc, steppers[t]);
                    diagNanos += System.nanoTime() - ts;
                    firstGot = got;
                    firstDiag = d;
                    if (d.known != null) {
                        known.merge(d.known, 1, Integer::sum);
                        continue;
                    }
                    if (d.diverging < 0) {
                        if (got.stop().kind() == X86FuzzState.Kind.TIMEOUT) {
                            skipped++;
                            continue;
                        }
                        if (d.cleanEnd) {
                            resolvedByStepping++;
                            continue;
                        }
                    }
                    String report = report(master, c, tiers[t].tier, ref, got, diff, d);
                    failures.add(report);
                    System.out.println(report);
                    if (failures.size() >= MAX_REPORTED_FAILURES) {
                        break cases;
                    }
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpuSecs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double procSecs = (os.getProcessCpuTime() - proc0) / 1e9;
            // CPU time, not wall time, estimates a quiet machine: the CI machine is shared
            System.out.printf("x86 %s fuzz: CPU %.1f s in the test thread, %.1f s in the whole JVM (JIT, GC: %.0f cases "
                    + "per JVM CPU second); the compiled tier on every %d. case%n", label, cpuSecs, procSecs,
                    compared / procSecs, compiledEvery);
            System.out.printf("x86 %s fuzz: %d cases compared in %.1f s (%.0f cases/s), %d skipped (stores into the "
                    + "code, Unicorn instruction limit), outcomes %s, exception vectors %s, known differences %s, "
                    + "%d runs matched only after lock-step flag masking, %d mismatches%n", label, compared, secs,
                    compared / secs, skipped, outcomes, vectors, known, resolvedByStepping, failures.size());
            System.out.printf("x86 %s fuzz: time in Unicorn %.1f s (%d instances), interpreter %.1f s, compiled %.1f s, "
                    + "lock-step diagnosis %.1f s%n", label, ucNanos / 1e9, uc.opened, tierNanos[0] / 1e9,
                    tierNanos[1] / 1e9, diagNanos / 1e9);
            var st = compiled.stats();
            System.out.printf("x86 %s fuzz: compiled tier %d blocks translated, %d compiled (%d failures); generator "
                    + "rejected %d encodings%n", label, st.blocksTranslated, st.blocksCompiled, st.compileFailures,
                    gen.rejected);
            assertEquals(0, st.compileFailures, "blocks the backend failed to compile");
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " mismatch(es) between jemu and Unicorn in " + label + " (master seed 0x"
                    + Long.toHexString(master) + "); first:\n" + failures.get(0));
        }
    }

    /** The flags the sequence may leave undefined at its end (path-insensitive; lock-step is exact). */
    static int finalUndefined(X86FuzzCase c) {
        X86Decoder dec = new X86Decoder();
        int undefined = 0;
        for (int i = 0; i < c.insnAddrs().length - 1; i++) {
            X86Insn in = dec.decode(c.insnBytes(i), c.defaultSize());
            int[] e = X86FlagRules.staticEffect(in);
            undefined = (undefined & ~e[0]) | e[1];
        }
        return undefined;
    }

    // ---- lock-step diagnosis ------------------------------------------------------------------------------

    /**
     * @param diverging index of the first instruction after which the states differ, or -1
     * @param cleanEnd  stepping reached the end of the case without a difference
     * @param known     the known difference the diverging instruction is, or null
     */
    record Diagnosis(int diverging, boolean cleanEnd, Known known, String diff, String log) {
    }

    static Diagnosis diagnose(X86FuzzCase c, UnicornX86Runner uc, JemuX86Runner j) {
        X86Decoder dec = new X86Decoder();
        StringBuilder log = new StringBuilder();
        uc.load(c);
        j.load(c);
        X86FuzzState cur = j.state(c, true);
        // the first known x87 difference that the stepping continued past (jemu's state set to Unicorn's)
        Known x87Known = null;
        for (int s = 0; s < 200; s++) {
            long eip = cur.eip();
            int idx = c.insnIndex(eip);
            if (idx < 0 || idx == c.insnAddrs().length - 1) {
                return new Diagnosis(-1, idx >= 0, x87Known, null, log.toString());
            }
            X86Insn in = dec.decode(c.insnBytes(idx), c.defaultSize());
            long[] before = cur.regs();
            boolean rep = in.ok() && in.rep() != 0 && in.entry().mnemonic().matches("(MOVS|CMPS|SCAS|LODS|STOS).*");
            long flagsBefore = j.cpu.tbFlags();
            long[] regsBefore = j.cpu.regs.clone();
            boolean mmx = c.x87Image() != null && X87Fuzz.isMmx(in);
            boolean x87 = c.x87Image() != null && X87Fuzz.isX87(in) || mmx;
            X87Fuzz.State x87Before = x87 ? X87Fuzz.read(j.cpu) : null;
            byte[] operand = x87 ? X87Fuzz.operandBytes(c, in, j.cpu, cur.memory()) : null;
            if (x87) {
                // SF is sticky and not compared: cleared so that the step shows whether this instruction raised it
                j.cpu.regs[org.jemu.x86.cpu.X86Cpu.FPU_SW] &= ~0x40L;
            }
            X86FuzzState u = uc.step(c, eip, rep ? eip + in.length() : -1);
            X86FuzzState jj = j.step(c);
            if (!rep && u.stop().kind() == X86FuzzState.Kind.RUNNING && u.eip() == eip
                    && jj.stop().kind() == X86FuzzState.Kind.RUNNING && jj.eip() == eip + in.length()) {
                // a store into the instruction's own code page (with unchanged bytes, or the case would have been
                // skipped): Unicorn 2.0.1's one-instruction step invalidates the TB and stops again before the
                // instruction every time; run it to the next instruction instead (as a REP instruction)
                u = uc.step(c, eip, eip + in.length());
            }
            if (x87) {
                X87Fuzz.syncStatusStores(c, in, x87Before, u, jj, j);
            }
            // under EFLAGS.TF, MOV SS / POP SS and the next instruction form one jemu step (the trap is inhibited)
            int mask = in.ok() ? X86FlagRules.exactUndefined(in, before) : 0;
            boolean tf = (cur.eflags() & 0x100) != 0;
            if (tf && inhibits(in) && u.stop().kind() == X86FuzzState.Kind.RUNNING && u.eip() != jj.eip()) {
                int next = c.insnIndex(u.eip());
                if (next >= 0 && next < c.insnAddrs().length - 1) {
                    X86Insn in2 = dec.decode(c.insnBytes(next), c.defaultSize());
                    int m2 = in2.ok() ? X86FlagRules.exactUndefined(in2, u.regs()) : 0;
                    int[] e2 = in2.ok() ? X86FlagRules.staticEffect(in2) : new int[2];
                    mask = (mask & ~e2[0]) | m2;
                    u = uc.step(c, u.eip(), -1);
                }
            }
            String diff = u.firstDifference(jj, mask);
            log.append(String.format("    %08x %-44s Unicorn: %s; jemu: %s%s%n", eip, in, u.stop(), jj.stop(),
                    diff == null ? "" : "  <-- " + diff));
            if (in.ok() && X86FlagRules.undefinedResult(in, before)) {
                return new Diagnosis(idx, false, Known.UNDEFINED_RESULT, diff, log.toString());
            }
            if (diff != null) {
                Known k = mmx ? (X87Fuzz.onlyMmxExponents(u, jj, mask) ? Known.MMX_EXPONENT_NOT_SET : null)
                        : x87 ? X87Fuzz.classify(in, x87Before, operand, u, jj, mask) : null;
                if (k == null) {
                    X86FuzzState uu = u;
                    X86FuzzState jjj = jj;
                    // segment checks apply to x87/MMX operands too
                    k = classify(c, in, u, jj, flagsBefore, mask, () -> segmentChecksExplain(c, j, regsBefore, uu, jjj));
                }
                if (k != null && x87 && u.stop().kind() == X86FuzzState.Kind.RUNNING
                        && jj.stop().kind() == X86FuzzState.Kind.RUNNING && u.eip() == jj.eip()) {
                    // a known x87 difference: continue from Unicorn's state, so the rest of the case is still
                    // compared (the stack faults QEMU does not model are frequent in random sequences)
                    x87Known = x87Known == null ? k : x87Known;
                    log.append("      known difference ").append(k).append(": jemu continues from Unicorn's state\n");
                    j.syncFrom(c, u, jj);
                    cur = j.state(c, true);
                    continue;
                }
                return new Diagnosis(idx, false, k, diff, log.toString());
            }
            if (u.stop().kind() != X86FuzzState.Kind.RUNNING) {
                return new Diagnosis(-1, true, x87Known, null, log.toString());
            }
            j.syncFlags(mask, u.eflags());
            cur = j.state(c, true);
        }
        return new Diagnosis(-1, false, null, null, log.toString());
    }

    /** MOV SS / POP SS (they inhibit the single-step trap after them). */
    static boolean inhibits(X86Insn in) {
        return in.ok() && (in.opcode() == 0x17 || in.opcode() == 0x8E && in.reg() == 2);
    }

    /**
     * Whether jemu's #GP/#SS ({@code j}) comes from a data-segment check (limit, expand-down range,
     * writability, null selector: SDM Vol. 3A 5.3, 5.4): the instruction runs again on jemu from
     * {@code regsBefore} with ES, SS, DS, FS and GS made flat (base 0, 4 GiB limit, present writable expand-up
     * data, B flag kept), which jemu accesses without any segment check. It is explained if it then does not
     * raise that exception at that EIP (it may access other memory: a difference, or an unmapped access).
     */
    static boolean segmentChecksExplain(X86FuzzCase c, JemuX86Runner jr, long[] regsBefore, X86FuzzState u,
            X86FuzzState j) {
        long[] r = regsBefore.clone();
        for (int s : new int[] {X86Cpu.ES, X86Cpu.SS, X86Cpu.DS, X86Cpu.FS, X86Cpu.GS}) {
            r[X86Cpu.SEG_BASE + s] = 0;
            r[X86Cpu.SEG_LIMIT + s] = 0xFFFF_FFFFL;
            r[X86Cpu.SEG_ATTR + s] = (r[X86Cpu.SEG_ATTR + s] & X86Cpu.ATTR_DB) | X86Cpu.ATTR_P | X86Cpu.ATTR_S
                    | X86Cpu.ATTR_TYPE_WRITABLE | X86Cpu.ATTR_TYPE_ACCESSED;
        }
        X86FuzzState again = jr.stepFrom(c, r);
        if (Boolean.getBoolean("jemu.fuzz.verbose")) {
            System.out.printf("    with flat data segments, jemu: %s%n", again.stop());
        }
        return !again.stop().sameAs(j.stop());
    }

    static Known classify(X86FuzzCase c, X86Insn in, X86FuzzState u, X86FuzzState j, long flagsBefore,
            int undefinedFlags, java.util.function.BooleanSupplier segmentChecksExplain) {
        boolean ucUd = u.stop().kind() == X86FuzzState.Kind.EXCEPTION && u.stop().vector() == 6;
        if (in.ok() && in.entry().mnemonic().equals("INT1") && ucUd && j.stop().kind() == X86FuzzState.Kind.EXCEPTION
                && j.stop().vector() == 1) {
            return Known.INT1_AS_UD;
        }
        if (in.ok() && in.opcode() == 0x0F18 && in.mod() == 3 && in.reg() < 4 && ucUd) {
            return Known.HINT_NOP_0F18_REGISTER_AS_UD;
        }
        if (in.ok() && in.entry().mnemonic().equals("NEG") && in.lock() && u.stop().sameAs(j.stop())
                && u.firstDifference(j, X86FlagRules.SF | X86FlagRules.ZF | X86FlagRules.PF) == null) {
            return Known.LOCKED_NEG_FLAGS;
        }
        if (in.ok() && in.entry().mnemonic().equals("ENTER") && in.opSize() == 32 && (in.imm2() & 0x1F) > 0
                && (flagsBefore & org.jemu.x86.cpu.X86Cpu.FLAG_SS32) == 0 && u.stop().sameAs(j.stop())
                && java.util.Arrays.equals(u.regs(), j.regs()) && u.eflags() == j.eflags()) {
            return Known.ENTER_FRAMETEMP_16BIT_STACK;
        }
        if (in.ok() && in.entry().mnemonic().equals("ENTER") && (in.opSize() == 32) != ((flagsBefore & X86Cpu.FLAG_SS32) != 0)
                && u.stop().sameAs(j.stop()) && u.eflags() == j.eflags()
                && (u.regs()[5] & 0xFFFF) == (j.regs()[5] & 0xFFFF)) {
            long[] ur = u.regs().clone();
            ur[5] = j.regs()[5];
            if (java.util.Arrays.equals(ur, j.regs())) {
                return Known.ENTER_FRAME_POINTER_SIZE;
            }
        }
        if (in.ok() && in.entry().mnemonic().equals("TEST") && (in.opcode() == 0xF6 || in.opcode() == 0xF7)
                && in.reg() == 1 && ucUd) {
            return Known.GRP3_TEST_ALIAS_AS_UD;
        }
        boolean jemuSegFault = j.stop().kind() == X86FuzzState.Kind.EXCEPTION
                && (j.stop().vector() == 13 || j.stop().vector() == 12);
        boolean ucNoFault = u.stop().kind() != X86FuzzState.Kind.EXCEPTION || u.stop().eip() != j.stop().eip();
        // QEMU performs the out-of-limit read and then faults later in the same instruction: #DE from the
        // divide, #BR from BOUND's range check. The limit check comes first on hardware.
        boolean ucLaterFault = in.ok() && u.stop().kind() == X86FuzzState.Kind.EXCEPTION
                && u.stop().eip() == j.stop().eip()
                && ((u.stop().vector() == 0 && (in.entry().mnemonic().equals("DIV") || in.entry().mnemonic().equals("IDIV")))
                    || (u.stop().vector() == 5 && in.entry().mnemonic().equals("BOUND")));
        if (c.mode() == X86FuzzCase.Mode.REAL16 && jemuSegFault && (ucNoFault || ucLaterFault)) {
            return Known.REAL_MODE_SEGMENT_LIMIT;
        }
        long nonFlatData = (flagsBefore >>> X86Cpu.FLAG_SEGCHK_SHIFT) & 0b111101;
        if (c.mode() != X86FuzzCase.Mode.REAL16 && jemuSegFault && (ucNoFault || ucLaterFault) && nonFlatData != 0
                && segmentChecksExplain.getAsBoolean()) {
            return Known.PROTECTED_MODE_SEGMENT_CHECKS;
        }
        return null;
    }

    private static String report(long master, X86FuzzCase c, JemuX86Runner.Tier tier, X86FuzzState ref,
            X86FuzzState got, String diff, Diagnosis d) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%nMISMATCH (%s, %s tier): case %d, case seed 0x%x; reproduce with -Djemu.fuzz.seed=0x%x "
                + "-Djemu.fuzz.index=%d -Djemu.fuzz.mode=%s%n", c.mode(), tier, c.index(), c.seed(), master, c.index(),
                label(c.mode(), c.x87Image() != null)));
        sb.append("  code:\n").append(c.listing());
        sb.append("  initial state:\n").append(c.initialState());
        if (c.x87Image() != null) {
            sb.append("    x87 (FRSTOR image): ").append(X87Fuzz.imageState(c.x87Image())).append('\n');
            sb.append("  final x87, Unicorn: ").append(ref.x87()).append("\n  final x87, jemu:    ").append(got.x87())
                    .append('\n');
        }
        sb.append("  Unicorn stop: ").append(ref.stop()).append('\n');
        sb.append("  jemu stop:    ").append(got.stop()).append('\n');
        sb.append("  first difference (Unicorn vs jemu): ").append(diff).append('\n');
        sb.append("  lock-step single stepping (").append(tier).append("):\n").append(d.log);
        if (d.diverging < 0) {
            sb.append("  no divergence when single-stepping: the difference needs multi-instruction blocks "
                    + "(translator state across instructions, optimizer, backend)\n");
        }
        return sb.toString();
    }

    // ---- the generator itself ------------------------------------------------------------------------------

    /**
     * Every instruction mnemonic of the opcode maps that the translator handles is generated or excluded
     * with a reason.
     */
    @Test
    void everyTranslatedInstructionIsFuzzedOrExcluded() {
        java.util.Set<String> generated = X86FuzzGenerator.generatedMnemonics();
        List<String> missing = new ArrayList<>();
        for (List<OpcodeEntry> map : List.of(OpcodeMaps.ONE_BYTE, OpcodeMaps.TWO_BYTE)) {
            for (OpcodeEntry e : map) {
                List<OpcodeEntry> cells = e.kind() == OpcodeEntry.Kind.GROUP ? e.slots() : List.of(e);
                for (OpcodeEntry s : cells) {
                    String m = s.mnemonic();
                    if (s.isInstruction() && X86Translator.handles(m) && !generated.contains(m)
                            && !X86FuzzGenerator.EXCLUDED.containsKey(m) && !missing.contains(m)) {
                        missing.add(m);
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "translated instructions neither fuzzed nor excluded");
    }

    /** Every x87 mnemonic of the escape maps is generated in the x87 cases or excluded with a reason. */
    @Test
    void everyX87InstructionIsFuzzedOrExcluded() {
        java.util.Set<String> generated = new java.util.TreeSet<>();
        X87Fuzz.FORMS.forEach(f -> generated.add(f.entry().mnemonic()));
        List<String> missing = new ArrayList<>();
        for (String m : X87Fuzz.mnemonics()) {
            if (!generated.contains(m) && !X87Fuzz.EXCLUDED.containsKey(m)) {
                missing.add(m);
            }
        }
        assertEquals(List.of(), missing, "x87 instructions neither fuzzed nor excluded");
        X86FuzzGenerator gen = new X86FuzzGenerator();
        X86Decoder dec = new X86Decoder();
        for (X86FuzzCase.Mode mode : List.of(X86FuzzCase.Mode.FLAT32, X86FuzzCase.Mode.PROT16, X86FuzzCase.Mode.REAL16)) {
            for (int i = 0; i < 300; i++) {
                X86FuzzCase c = gen.generate(i, caseSeed(0x5eed, mode, i), mode, true);
                for (int k = 0; k < c.insnAddrs().length; k++) {
                    X86Insn in = dec.decode(c.insnBytes(k), c.defaultSize());
                    assertTrue(in.ok() && in.length() == c.insnBytes(k).length, c.listing());
                }
            }
        }
    }

    /** The generator produces decodable cases whose branches go forward within the sequence. */
    @Test
    void generatorProducesValidCases() {
        X86FuzzGenerator gen = new X86FuzzGenerator();
        X86Decoder dec = new X86Decoder();
        for (X86FuzzCase.Mode mode : X86FuzzCase.Mode.values()) {
            for (int i = 0; i < 500; i++) {
                X86FuzzCase c = gen.generate(i, caseSeed(0x5eed, mode, i), mode);
                for (int k = 0; k < c.insnAddrs().length; k++) {
                    X86Insn in = dec.decode(c.insnBytes(k), c.defaultSize());
                    assertTrue(in.ok() && in.length() == c.insnBytes(k).length, c.listing());
                }
                assertEquals(0xF4, c.code()[c.code().length - 1] & 0xFF);
            }
        }
        System.out.println("x86 fuzz generator, instructions per mnemonic: " + gen.counts);
    }
}
