package org.jemu.ppc.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jemu.ppc.cpu.PpcFpBits;
import org.jemu.ppc.cpu.PpcFpu;
import org.jemu.ppc.decode.PpcDecodeTable;
import org.jemu.ppc.fuzz.PpcDifferentialFuzzTest.Diagnosis;
import org.jemu.ppc.fuzz.PpcDifferentialFuzzTest.Known;
import org.jemu.ppc.fuzz.PpcDifferentialFuzzTest.Step;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of random 32-bit PowerPC user-level sequences: jemu (IR interpreter and bytecode
 * tiers) against {@code qemu-ppc-static}, QEMU's Linux user mode with its 750 model (DESIGN.md "Testing").
 *
 * <p>The cases are those of {@link PpcDifferentialFuzzTest} ({@link PpcFuzzGenerator}: integer, load/store
 * including string, multiple, byte-reversed and update forms, CR, XER, branches, FP with the FPSCR), with
 * {@code sc} replaced by a no-op (in user mode it would be a Linux system call). A batch of cases becomes one
 * tiny ELF executable ({@link QemuPpcUserRunner}); QEMU's final state comes back through a signal handler.
 * GPRs, CR, XER, LR, CTR, FPRs, FPSCR, the 8 KiB data region and the stop (completed, or the exception kind,
 * its instruction and for unmapped accesses the address) must agree. The invalid forms the manual leaves
 * undefined are never generated ({@link PpcFuzzGenerator#invalidForm}).
 *
 * <p>On a mismatch the case is single-stepped: at each instruction QEMU runs one instruction from jemu's state
 * (every other word of the sequence a stop marker) and is compared with jemu's one-instruction block; the first
 * difference is matched against the known deviations of QEMU that {@link PpcDifferentialFuzzTest} already
 * names ({@link Known}, {@link PpcFpKnown}, docs/ppc.md), and otherwise the case is printed step by step.
 *
 * <p>Properties: {@code -Djemu.qemufuzz.seed=N} (master seed; default {@link System#nanoTime()}, the fixed
 * {@link #CI_SEED} when CI=true; printed), {@code -Djemu.qemufuzz.count=N} (cases, default {@value #DEFAULT_COUNT}),
 * {@code -Djemu.qemufuzz.index=I} (only case I), {@code -Djemu.qemu.ppc=PATH} (the tool). Without
 * qemu-ppc-static the test is skipped, unless CI=true or {@code -Djemu.qemu.required=true}.
 */
class PpcQemuUserDiffTest {
    static final long CI_SEED = 0x5eed_0a01L;
    static final int DEFAULT_COUNT = 300;
    private static final int BATCH = 100;
    private static final int MAX_REPORTED_FAILURES = 5;
    private static final String REF = "QEMU";

    private static long masterSeed() {
        String s = System.getProperty("jemu.qemufuzz.seed");
        if (s != null && !s.isBlank()) {
            return Long.decode(s.trim());
        }
        return "true".equalsIgnoreCase(System.getenv("CI")) ? CI_SEED : System.nanoTime();
    }

    private static void requireQemu() {
        String why = QemuPpcUserRunner.unavailableReason();
        if (Boolean.getBoolean("jemu.qemu.required") || "true".equalsIgnoreCase(System.getenv("CI"))) {
            assertNull(why, "qemu-ppc-static is required here");
        }
        Assumptions.assumeTrue(why == null, () -> "qemu-ppc-static fuzzing skipped: " + why);
    }

    /** The generator's case with {@code sc} (a Linux system call in user mode) replaced by {@code ori 0,0,0}. */
    static PpcFuzzCase userCase(PpcFuzzGenerator gen, long master, int index) {
        PpcFuzzCase c = gen.generate(index, PpcDifferentialFuzzTest.caseSeed(master, index));
        int[] w = c.words().clone();
        for (int i = 0; i < w.length; i++) {
            var e = PpcDecodeTable.TABLE.decode(w[i]);
            if (e != null && e.name.equals("sc")) {
                w[i] = QemuPpcUserRunner.NOP;
            }
        }
        // (qemu-ppc-static raises SIGFPE for enabled exceptions, see Known.FP_ENABLED_EXCEPTION_IN_IGNORE_MODE: start
        // with the enables VE OE UE ZE XE clear, so that only sequences that set them themselves are cut there)
        long fpscr = PpcFpBits.summarize((int) c.fpscr() & ~0xf8) & 0xffff_ffffL;
        return new PpcFuzzCase(c.index(), c.seed(), c.codeAddr(), w, c.gpr(), c.cr(), c.xer(), c.lr(), c.ctr(), c.data(),
                c.maxBlockInsns(), c.fpr(), fpscr);
    }

    /** Whether {@code a} lies in a region jemu maps for the case (anything else is unmapped in jemu). */
    private static boolean caseMapped(long a) {
        return (a >= PpcFuzzCase.CODE && a < PpcFuzzCase.CODE + PpcFuzzCase.CODE_SIZE)
                || (a >= PpcFuzzCase.DATA && a < PpcFuzzCase.DATA + PpcFuzzCase.DATA_SIZE)
                || (a >= PpcFuzzCase.STUB && a < PpcFuzzCase.STUB + PpcFuzzCase.STUB_SIZE);
    }

    @Test
    void jemuMatchesQemuUserOnRandomSequences() throws IOException {
        requireQemu();
        long master = masterSeed();
        int count = Integer.getInteger("jemu.qemufuzz.count", DEFAULT_COUNT);
        Integer only = Integer.getInteger("jemu.qemufuzz.index");
        int from = only == null ? 0 : only;
        int to = only == null ? count : only + 1;
        System.out.printf("PPC differential fuzz vs %s: master seed 0x%x (-Djemu.qemufuzz.seed=0x%x), %d case(s) x 2 tiers%n",
                QemuPpcUserRunner.version(), master, master, to - from);
        Map<PpcFuzzState.Kind, Integer> outcomes = new EnumMap<>(PpcFuzzState.Kind.class);
        Map<Known, Integer> known = new EnumMap<>(Known.class);
        List<String> failures = new ArrayList<>();
        int loops = 0;
        int dataAsCode = 0;
        int codeStores = 0;
        int hostMapped = 0;
        int compared = 0;
        long t0 = System.nanoTime();
        Path dir = Files.createTempDirectory("jemu-qemufuzz");
        try (JemuPpcRunner interp = new JemuPpcRunner(JemuPpcRunner.Tier.INTERPRETER, 64);
                JemuPpcRunner compiled = new JemuPpcRunner(JemuPpcRunner.Tier.COMPILED, 64)) {
            PpcFuzzGenerator gen = new PpcFuzzGenerator();
            JemuPpcRunner[] tiers = {interp, compiled};
            int i = from;
            batches:
            while (i < to) {
                List<PpcFuzzCase> batch = new ArrayList<>();
                List<PpcFuzzState> firstTier = new ArrayList<>();
                for (; i < to && batch.size() < BATCH; i++) {
                    PpcFuzzCase c = userCase(gen, master, i);
                    PpcFuzzState j = interp.run(c);
                    long pc = j.stop().pc();
                    if (j.stop().kind() == PpcFuzzState.Kind.RUNNING) {
                        loops++;   // bclr/bcctr into an endless loop: jemu's budget ran out
                    } else if (j.stop().kind() == PpcFuzzState.Kind.OTHER && j.stop().detail().contains("code region")) {
                        codeStores++;   // self-modifying code without the required isync: not comparable
                    } else if (j.stop().kind() != PpcFuzzState.Kind.FETCH_UNMAPPED
                            && (pc < PpcFuzzCase.CODE || pc >= PpcFuzzCase.CODE + PpcFuzzCase.CODE_SIZE)) {
                        dataAsCode++;   // bclr/bcctr into the data or stub region: random data executed
                    } else {
                        batch.add(c);
                        firstTier.add(j);
                    }
                }
                List<QemuPpcUserRunner.Result> results = QemuPpcUserRunner.run(
                        batch.stream().map(QemuPpcUserRunner.Job::of).toList(), dir, 60);
                for (int k = 0; k < batch.size(); k++) {
                    PpcFuzzCase c = batch.get(k);
                    QemuPpcUserRunner.Result r = results.get(k);
                    if (r.error() != null) {
                        failures.add(String.format("case %d (seed 0x%x, -Djemu.qemufuzz.index=%d): %s%n  code:%n%s", c.index(),
                                master, c.index(), r.error(), c.listing()));
                        System.out.println(failures.getLast());
                        break batches;
                    }
                    PpcFuzzState ref = r.state();
                    PpcFuzzState j = firstTier.get(k);
                    if (hostOnlyMapping(ref, j)) {
                        if (Boolean.getBoolean("jemu.fuzz.verbose")) {
                            System.out.printf("case %d: jemu %s, QEMU %s: memory only QEMU's process maps%n", c.index(),
                                    j.stop(), ref.stop());
                        }
                        hostMapped++;
                        continue;
                    }
                    compared++;
                    outcomes.merge(ref.stop().kind(), 1, Integer::sum);
                    for (JemuPpcRunner tier : tiers) {
                        PpcFuzzState got = tier == interp ? j : tier.run(c);
                        String diff = ref.firstDifference(got, REF);
                        if (diff == null) {
                            continue;
                        }
                        String failure = reconcile(master, c, "", ref, got, diff, tier, known, dir, 0);
                        if (failure != null) {
                            failures.add(failure);
                            System.out.println(failure);
                            if (failures.size() >= MAX_REPORTED_FAILURES) {
                                break batches;
                            }
                        }
                    }
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("PPC qemu-user fuzz: %d cases compared in %.1f s (%.0f cases/s), skipped: %d endless loops, "
                    + "%d stores into code, %d data executed as code, %d accesses to memory only QEMU's process maps; "
                    + "outcomes %s, known differences %s, %d mismatches%n", compared, secs, compared / secs, loops, codeStores,
                    dataAsCode, hostMapped, outcomes, known, failures.size());
            assertEquals(0, compiled.stats().compileFailures, "blocks the backend failed to compile");
        } finally {
            try (var s = Files.list(dir)) {
                s.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " mismatch(es) between jemu and qemu-ppc-static (master seed 0x" + Long.toHexString(master)
                    + "); first:\n" + failures.get(0));
        }
        assertTrue(compared > (to - from) / 2 || only != null, "too few cases compared: " + compared);
    }

    /**
     * QEMU completed an access (or a fetch) that jemu reports as unmapped at an address outside the case's
     * regions: QEMU's process has memory there (its stack, the harness, the sigreturn page), jemu does not.
     */
    private static boolean hostOnlyMapping(PpcFuzzState ref, PpcFuzzState j) {
        PpcFuzzState.Stop js = j.stop();
        long a = js.kind() == PpcFuzzState.Kind.UNMAPPED ? js.addr() : js.kind() == PpcFuzzState.Kind.FETCH_UNMAPPED ? js.pc() : -1;
        if (a < 0 || caseMapped(a)) {
            return false;
        }
        // QEMU went past the access (a data access), or executed something there (a fetch)
        return js.kind() == PpcFuzzState.Kind.FETCH_UNMAPPED ? ref.stop().kind() != js.kind() : ref.stop().pc() != js.pc();
    }

    private static String reconcile(long master, PpcFuzzCase c, String note, PpcFuzzState ref, PpcFuzzState got, String diff,
            JemuPpcRunner jemu, Map<Known, Integer> known, Path dir, int depth) {
        Diagnosis d = diagnose(c, jemu.tier, dir);
        if (d.diverging() == null) {
            if (!d.tolerated().isEmpty() && d.jemuEnd() != null && d.jemuEnd().firstDifference(got, "single-stepped jemu") == null) {
                d.tolerated().forEach(k -> known.merge(k, 1, Integer::sum));
                return null;
            }
            return report(master, c, note, jemu.tier, ref, got, diff, d);
        }
        Known k = classify(d);
        if (k == null || depth > 4) {
            return report(master, c, note, jemu.tier, ref, got, diff, d);
        }
        known.merge(k, 1, Integer::sum);
        d.tolerated().forEach(t -> known.merge(t, 1, Integer::sum));
        PpcFuzzCase cut = c.withBranchToEndAt(d.diverging().pc());
        QemuPpcUserRunner.Result r2 = QemuPpcUserRunner.run(List.of(QemuPpcUserRunner.Job.of(cut)), dir, 30).getFirst();
        if (r2.error() != null) {
            return report(master, c, note + " (the cut case did not run on QEMU: " + r2.error() + ")", jemu.tier, ref, got,
                    diff, d);
        }
        PpcFuzzState got2 = jemu.run(cut);
        String diff2 = r2.state().firstDifference(got2, REF);
        if (diff2 == null) {
            return null;
        }
        return reconcile(master, cut, note + String.format(" cut before its known difference (%s) at 0x%x", k,
                d.diverging().pc()), r2.state(), got2, diff2, jemu, known, dir, depth + 1);
    }

    /**
     * Steps a one-instruction-block jemu of {@code tier} through {@code c}; before each instruction QEMU runs that
     * one instruction from jemu's state. FP differences {@link PpcFpKnown} explains are recorded and stepping
     * goes on (from jemu's state, as every step does); the first other difference ends it.
     */
    static Diagnosis diagnose(PpcFuzzCase c, JemuPpcRunner.Tier tier, Path dir) {
        List<Step> steps = new ArrayList<>();
        List<PpcFuzzState> after = new ArrayList<>();
        try (JemuPpcRunner j = new JemuPpcRunner(tier, 1)) {
            j.load(c);
            PpcFuzzState cur = j.state(c);
            for (int s = 0; s <= UnicornPpcRunner.COUNT && !cur.stop().terminal(); s++) {
                long pc = cur.stop().pc();
                steps.add(new Step(pc, c.wordAt(pc), cur));
                cur = j.step(c);
                after.add(cur);
            }
        }
        // every QEMU step starts from jemu's state before it, so all of them run in one batch
        // (a step at a PC the harness cannot branch to, e.g. the unmapped target of a bclr that faults in the
        // next step, gets no QEMU run)
        List<QemuPpcUserRunner.Job> jobs = new ArrayList<>();
        for (Step st : steps) {
            if (QemuPpcUserRunner.reachable(st.pc())) {
                jobs.add(QemuPpcUserRunner.Job.step(c, st.before(), st.pc()));
            }
        }
        List<QemuPpcUserRunner.Result> ran = QemuPpcUserRunner.run(jobs, dir, 20);
        List<QemuPpcUserRunner.Result> qemu = new ArrayList<>();
        for (int k = 0, r = 0; k < steps.size(); k++) {
            qemu.add(QemuPpcUserRunner.reachable(steps.get(k).pc()) ? ran.get(r++) : new QemuPpcUserRunner.Result(null,
                    String.format("no QEMU run: 0x%x is beyond the harness' branch reach", steps.get(k).pc())));
        }
        List<Step> executed = new ArrayList<>();
        List<Known> tolerated = new ArrayList<>();
        StringBuilder log = new StringBuilder();
        PpcFuzzState cur = steps.isEmpty() ? null : steps.getFirst().before();
        for (int k = 0; k < steps.size(); k++) {
            Step st = steps.get(k);
            long pc = st.pc();
            PpcFuzzState jj = after.get(k);
            QemuPpcUserRunner.Result r = qemu.get(k);
            if (r.error() != null) {
                log.append(String.format("    %-60s QEMU: %s%n", PpcFuzzGenerator.describe(pc, st.word()), r.error()));
                return new Diagnosis(executed, st, st.before(), jj, "QEMU: " + r.error(), log.toString(), tolerated, null);
            }
            PpcFuzzState u = r.state();
            if (u.stop().kind() == PpcFuzzState.Kind.FETCH_UNMAPPED && jj.stop().kind() == PpcFuzzState.Kind.RUNNING
                    && jj.stop().pc() == u.stop().pc() && k + 1 < steps.size()) {
                k++;   // jemu's branch completed; its fetch from the unmapped target faults in its next step
                jj = after.get(k);
            }
            while (jj.stop().kind() == PpcFuzzState.Kind.RUNNING && jj.stop().pc() == pc && k + 1 < steps.size()) {
                k++;   // a branch to itself: QEMU's step ran on until it left that one live word; so does jemu
                jj = after.get(k);
            }
            String diff = u.firstDifference(jj, REF);
            List<Known> fp = diff == null ? null : explainFp(pc, st.word(), st.before(), u, jj);
            log.append(String.format("    %-60s QEMU: %s; jemu: %s%s%n", PpcFuzzGenerator.describe(pc, st.word()),
                    u.stop(), jj.stop(), diff == null ? "" : (fp != null ? "  (known " + fp + ") " : "  <-- ") + diff));
            if (diff != null && fp == null) {
                return new Diagnosis(executed, st, u, jj, diff, log.toString(), tolerated, null);
            }
            if (fp != null) {
                tolerated.addAll(fp);
            }
            executed.add(st);
            cur = jj;
        }
        return new Diagnosis(executed, null, null, null, null, log.toString(), tolerated, cur);
    }

    /**
     * The FP categories explaining the difference after {@code word}: qemu-ppc-static's own
     * ({@link Known#QEMU_FCTIW_INVALID_HIGH_WORD}) taken out first, then {@link PpcFpKnown}'s.
     */
    static List<Known> explainFp(long pc, int word, PpcFuzzState before, PpcFuzzState u, PpcFuzzState j) {
        var e = PpcDecodeTable.TABLE.decode(word);
        List<Known> pre = new ArrayList<>();
        if (e != null && e.name.startsWith("fctiw") && (j.fpscr() & PpcFpu.VXCVI) != 0) {
            int frt = e.field(word, 'd');
            long jv = j.fpr()[frt];
            long uv = u.fpr()[frt];
            long lo = uv & 0xffff_ffffL;
            if (jv >>> 32 == 0 && uv >>> 32 == 0xffff_ffffL && lo >= 0x8000_0000L) {
                long[] f = u.fpr().clone();
                f[frt] = lo;
                u = new PpcFuzzState(u.gpr(), u.cr(), u.xer(), u.lr(), u.ctr(), u.data(), u.stop(), f, u.fpscr());
                pre.add(Known.QEMU_FCTIW_INVALID_HIGH_WORD);
                if (u.firstDifference(j, REF) == null) {
                    return pre;
                }
            }
        }
        if (e != null && e.name.equals("fres")) {
            int frt = e.field(word, 'd');
            long b = before.fpr()[e.field(word, 'b')];
            long sign = b & Long.MIN_VALUE;
            if ((b & Long.MAX_VALUE) == 0 && u.fpr()[frt] == (sign | 0x3fe0_0000_0000_0000L)
                    && j.fpr()[frt] == (sign | 0x7ff0_0000_0000_0000L)) {
                long[] f = u.fpr().clone();
                f[frt] = j.fpr()[frt];
                long fpscr = u.fpscr() & ~PpcFpu.FPRF | j.fpscr() & PpcFpu.FPRF;
                u = new PpcFuzzState(u.gpr(), u.cr(), u.xer(), u.lr(), u.ctr(), u.data(), u.stop(), f, fpscr);
                pre.add(Known.QEMU_FRES_ZERO_HALF);
                if (u.firstDifference(j, REF) == null) {
                    return pre;
                }
            }
        }
        List<Known> rest = PpcFpKnown.explain(pc, word, before, u, j);
        if (rest == null) {
            return null;
        }
        pre.addAll(rest);
        return pre;
    }

    /**
     * The known difference the diverging instruction of {@code d} is: an FP enabled exception qemu-ppc-static
     * raises as SIGFPE at the instruction where jemu (MSR[FE0] = MSR[FE1] = 0) completes it with FPSCR[FEX] set,
     * else {@link PpcDifferentialFuzzTest#classify}'s.
     */
    static Known classify(Diagnosis d) {
        Step s = d.diverging();
        if (s == null || d.unicorn() == null) {
            return null;
        }
        PpcFuzzState.Stop us = d.unicorn().stop();
        PpcFuzzState.Stop js = d.jemu().stop();
        boolean jemuRan = js.kind() == PpcFuzzState.Kind.RUNNING || js.kind() == PpcFuzzState.Kind.COMPLETED;
        if (us.kind() == PpcFuzzState.Kind.PROGRAM && us.detail().startsWith("signal " + QemuPpcUserRunner.SIGFPE + " ")
                && us.pc() == s.pc() && jemuRan && (d.jemu().fpscr() & PpcFpBits.FEX) != 0) {
            return Known.FP_ENABLED_EXCEPTION_IN_IGNORE_MODE;
        }
        var e = PpcDecodeTable.TABLE.decode(s.word());
        PpcFuzzState u = d.unicorn();
        PpcFuzzState j = d.jemu();
        int bit20 = PpcFpBits.bit(20);
        if (e != null && (e.name.equals("mtfsf") || e.name.equals("mtfsfi") || e.name.equals("mtfsb1")) && us.equals(js)
                && (u.fpscr() ^ j.fpscr()) == bit20 && (j.fpscr() & bit20) != 0
                && u.firstDifference(new PpcFuzzState(j.gpr(), j.cr(), j.xer(), j.lr(), j.ctr(), j.data(), j.stop(), j.fpr(),
                        u.fpscr()), REF) == null) {
            return Known.QEMU_FPSCR_BIT20_CLEARED;
        }
        long ni = PpcFpBits.bit(29);
        if (e != null && e.name.equals("mtfsb1") && e.field(s.word(), 'd') == 29 && us.equals(js)
                && (u.fpscr() ^ j.fpscr()) == ni && (j.fpscr() & ni) != 0
                && u.firstDifference(new PpcFuzzState(j.gpr(), j.cr(), j.xer(), j.lr(), j.ctr(), j.data(), j.stop(), j.fpr(),
                        u.fpscr()), REF) == null) {
            return Known.QEMU_MTFSB1_IGNORES_NI;   // (qemu-ppc-static 7.2 keeps FI, unlike QEMU 5.0)
        }
        PpcFuzzState before = s.before();
        long fx = PpcFpBits.bit(0) & 0xffff_ffffL;
        if (e != null && e.name.equals("mtfsb1") && e.field(s.word(), 'd') >= 3 && us.equals(js)
                && (before.fpscr() & fx) == 0 && (u.fpscr() ^ j.fpscr()) == fx && (j.fpscr() & fx) != 0
                && ((u.cr() ^ j.cr()) & ~0x0800_0000L) == 0
                && u.firstDifference(new PpcFuzzState(j.gpr(), u.cr(), j.xer(), j.lr(), j.ctr(), j.data(), j.stop(), j.fpr(),
                        u.fpscr()), REF) == null) {
            return Known.QEMU_MTFSB1_NO_FX;
        }
        if (e != null && e.name.startsWith("st") && !e.name.startsWith("stmw") && !e.name.startsWith("stsw")
                && us.kind() == PpcFuzzState.Kind.UNMAPPED && js.kind() == us.kind() && us.pc() == s.pc() && js.pc() == us.pc()
                && js.addr() == us.addr()) {
            int ra = e.field(s.word(), 'a');
            long base = ra == 0 ? 0 : before.gpr()[ra];
            long ea = (base + (e.pattern.hasField('b') ? before.gpr()[e.field(s.word(), 'b')] : e.signedField(s.word(), 'i')))
                    & 0xffff_ffffL;
            boolean onlyMappedPart = ea < us.addr() && us.addr() - ea < 8 && java.util.Arrays.equals(u.data(), before.data());
            for (long a : u.differingBytes(j)) {
                onlyMappedPart &= a >= ea && a < us.addr();
            }
            if (onlyMappedPart && u.firstDifference(new PpcFuzzState(j.gpr(), j.cr(), j.xer(), j.lr(), j.ctr(), u.data(),
                    j.stop(), j.fpr(), j.fpscr()), REF) == null) {
                return Known.STORE_CROSSING_INTO_UNMAPPED_PARTIAL;
            }
        }
        return PpcDifferentialFuzzTest.classify(d);
    }

    private static String report(long master, PpcFuzzCase c, String note, JemuPpcRunner.Tier tier, PpcFuzzState ref,
            PpcFuzzState got, String diff, Diagnosis d) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%nMISMATCH vs qemu-ppc-static (%s tier): case %d%s, case seed 0x%x; reproduce with "
                + "-Djemu.qemufuzz.seed=0x%x -Djemu.qemufuzz.index=%d%n", tier, c.index(), note, c.seed(), master, c.index()));
        sb.append("  code:\n").append(c.listing());
        List<Long> touched = ref.differingBytes(got);
        sb.append("  initial state:\n").append(c.initialState(touched.stream().limit(4).mapToLong(Long::longValue).toArray()));
        sb.append("  QEMU stop: ").append(ref.stop()).append('\n');
        sb.append("  jemu stop: ").append(got.stop()).append('\n');
        sb.append("  first difference: ").append(diff).append('\n');
        sb.append("  step by step (QEMU runs each instruction from jemu's state before it; ").append(tier)
                .append(" tier, one instruction per block):\n").append(d.log());
        if (d.diverging() == null) {
            sb.append("  no divergence when single-stepping: the difference needs multi-instruction blocks\n");
        } else {
            sb.append("  first diverging instruction: ")
                    .append(PpcFuzzGenerator.describe(d.diverging().pc(), d.diverging().word())).append("\n    ")
                    .append(d.diff()).append('\n');
            PpcFuzzState b = d.diverging().before();
            sb.append(String.format("    FPSCR before %08x, QEMU %08x, jemu %08x; CR before %08x, QEMU %08x, jemu %08x%n",
                    b.fpscr(), d.unicorn().fpscr(), d.jemu().fpscr(), b.cr(), d.unicorn().cr(), d.jemu().cr()));
        }
        return sb.toString();
    }

    /**
     * The harness itself, on values from the manual: register and memory results read back, the terminator, a
     * trap, an illegal word, a misaligned lwarx (alignment, PEM 6.4.6) and a load from unmapped memory.
     */
    @Test
    void harnessReadsBackStateAndStops() throws IOException {
        requireQemu();
        PpcFuzzCase base = userCase(new PpcFuzzGenerator(), 0x5eed, 0);
        long[] gpr = new long[32];
        gpr[4] = PpcFuzzCase.DATA + 0x100;
        gpr[5] = PpcFuzzCase.DATA + 0x102;
        gpr[6] = PpcFuzzCase.DATA - 4;
        int[][] programs = {
            {0x3860_1234, 0x7C69_03A6, 0x9064_0008, 0x7C63_1A14, 0x2C03_2468},  // li r3,0x1234; mtctr r3; stw r3,8(r4); add r3,r3,r3; cmpwi r3,0x2468
            {0x3860_0001, 0x0FE0_0000},                                         // li r3,1; twi 31,0,0
            {0x3860_0001, 0x0000_0000},                                         // li r3,1; (illegal)
            {0x7C60_2828},                                                      // lwarx r3,0,r5 (misaligned)
            {0x3860_0001, 0x8066_0000},                                         // li r3,1; lwz r3,0(r6) (unmapped)
        };
        List<PpcFuzzCase> cases = new ArrayList<>();
        for (int[] p : programs) {
            cases.add(new PpcFuzzCase(0, 0, PpcFuzzCase.CODE + 0x40, p, gpr, 0, 0, 0, 0, new byte[PpcFuzzCase.DATA_SIZE], 64,
                    base.fpr(), 0));
        }
        Path dir = Files.createTempDirectory("jemu-qemufuzz");
        try {
            List<QemuPpcUserRunner.Result> r = QemuPpcUserRunner.run(cases.stream().map(QemuPpcUserRunner.Job::of).toList(),
                    dir, 30);
            for (var x : r) {
                assertNull(x.error());
            }
            PpcFuzzState s = r.get(0).state();
            assertEquals(PpcFuzzState.Stop.of(PpcFuzzState.Kind.COMPLETED, PpcFuzzCase.CODE + 0x54), s.stop());
            assertEquals(0x2468, s.gpr()[3]);
            assertEquals(0x1234, s.ctr());
            assertEquals(0x2000_0000L, s.cr());   // cmpwi: CR0 = EQ (SO = 0)
            assertEquals(0x34, s.data()[0x10b] & 0xff);
            assertEquals(0x12, s.data()[0x10a] & 0xff);
            assertTrue(java.util.Arrays.equals(base.fpr(), s.fpr()), "FPRs read back unchanged");
            assertEquals(PpcFuzzState.Kind.PROGRAM, r.get(1).state().stop().kind());
            assertEquals(PpcFuzzCase.CODE + 0x44, r.get(1).state().stop().pc());
            assertEquals(1, r.get(1).state().gpr()[3]);
            assertEquals(PpcFuzzState.Kind.ILLEGAL, r.get(2).state().stop().kind());
            assertEquals(PpcFuzzCase.CODE + 0x44, r.get(2).state().stop().pc());
            assertEquals(PpcFuzzState.Kind.ALIGNMENT, r.get(3).state().stop().kind());
            assertEquals(PpcFuzzCase.CODE + 0x40, r.get(3).state().stop().pc());
            PpcFuzzState.Stop u = r.get(4).state().stop();
            assertEquals(PpcFuzzState.Kind.UNMAPPED, u.kind());
            assertEquals(PpcFuzzCase.CODE + 0x44, u.pc());
            assertEquals(PpcFuzzCase.DATA - 4, u.addr());
            assertEquals(1, r.get(4).state().gpr()[3]);
        } finally {
            try (var st = Files.list(dir)) {
                st.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }
}
