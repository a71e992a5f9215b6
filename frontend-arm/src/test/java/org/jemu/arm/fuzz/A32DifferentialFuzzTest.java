package org.jemu.arm.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jemu.arm.a32.A32DecodeTable;
import org.jemu.arm.a32.A32Translator;
import org.jemu.testkit.Unicorn;
import org.jemu.translator.decode.DecodeTable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of random A32 sequences: jemu (AArch32 EL0 under AArch64 EL1) against Unicorn 2 in
 * {@code UC_MODE_ARM} with the Cortex-A15 model, instructions generated from jemu's own table
 * ({@link A32FuzzGenerator}). Each case (a {@code clrex} prologue and 1 to 12 instructions, every one with a
 * random condition; random R0..R14, N Z C V Q, GE and data) runs once on Unicorn and on jemu in the IR
 * interpreter tier and with every block compiled. R0..R14, N Z C V Q, GE, the 8 KiB data region (which
 * holds every byte a case can store, so touched memory is compared) and the stop (completed, or the
 * faulting/exception instruction and its kind) must agree.
 *
 * <p>On a mismatch both emulators are single-stepped in lock step to find the first diverging instruction;
 * it is checked against the {@linkplain Known known differences} (then the case is compared again, cut
 * before that instruction) and otherwise reported with listing, initial state and step log.
 *
 * <p>System properties as for {@link A64DifferentialFuzzTest}: {@code -Djemu.a32fuzz.seed=N} (master seed;
 * default {@link System#nanoTime()}, a fixed seed when the environment has CI=true; printed), {@code -Djemu.a32fuzz.count=N} (default 3000),
 * {@code -Djemu.a32fuzz.index=I} (reproduce one case). Without libunicorn2 the test is skipped unless
 * {@code CI=true} or {@code -Djemu.unicorn.required=true}.
 */
class A32DifferentialFuzzTest {

    /** Differences between Unicorn 2.0.1 (QEMU 5.0) and the Arm ARM where jemu follows the Arm ARM. */
    enum Known {
        /**
         * LDM/STM (all forms) or LDRD/STRD to an address that is not word aligned. The Arm ARM requires an
         * Alignment fault whatever SCTLR.A says (DDI 0406C A3.2.1 table A3-1; DDI 0487 pseudocode of LDM,
         * LDRD: MemA[] accesses, AArch32.CheckAlignment with AccType_ATOMIC-free "aligned" checks); QEMU 5.0
         * performs them unaligned (QEMU added the checks in 6.0). jemu faults. The same holds for the VFP
         * loads and stores VLDR, VSTR, VLDM, VSTM (MemA[] word accesses: DDI 0406C table A3-1). Only the loaded registers
         * (and writeback) or the stored bytes differ, or Unicorn instead reaches unmapped memory.
         */
        MULTIPLE_OR_DOUBLEWORD_UNALIGNED,
        /**
         * An exclusive access (LDREX*, STREX*) to an unaligned address in unmapped memory: Unicorn reports the
         * unmapped access before QEMU's alignment check; the Alignment fault comes first in the Arm ARM
         * (see {@link A64DifferentialFuzzTest.Known#UNMAPPED_BEFORE_ALIGNMENT}).
         */
        UNMAPPED_BEFORE_ALIGNMENT,
        /**
         * A Store-Exclusive to an unaligned address while the monitor does not hold it: QEMU fails (Rd = 1)
         * without the alignment check, the Arm ARM checks alignment first (as for A64,
         * {@link A64DifferentialFuzzTest.Known#STORE_EXCLUSIVE_UNALIGNED_FAIL}).
         */
        STORE_EXCLUSIVE_UNALIGNED_FAIL,
        /**
         * A Store-Exclusive of another size than the preceding Load-Exclusive at the same address: whether it
         * passes is UNPREDICTABLE (DDI 0406C A3.4.5: a Store-Exclusive must use the transaction size of the
         * preceding Load-Exclusive) / CONSTRAINED UNPREDICTABLE, pass or fail (DDI 0487 E2.10.5, as B2.9.5
         * for AArch64). "Preceding" is the last Load-Exclusive whose condition passed: a condition-failed one
         * is a NOP that leaves the monitor alone (A8.3, ConditionPassed() guards SetExclusiveMonitors). QEMU
         * keeps only the address and a 64-bit value (after LDREXD both words) and compares its low bits, at
         * the store's size, with memory; jemu compares the bytes the store replaces with the bytes the
         * Load-Exclusive read. After LDREXD, a STREXB or STREXH at the same address passes on jemu unless
         * memory changed. QEMU 5.0's compare-and-swap compares the saved value truncated to the store's size,
         * so it stores when those bytes match, but it then sets Rd from comparing the old bytes with the whole
         * saved word: Rd = 1 although the store was performed (unless the rest of the first word is 0),
         * a result A8.8.213/A8.8.215 never allow (the store happens if and only if Rd = 0). Accepted only if
         * no Store-Exclusive or CLREX ran in between (then the monitor would be open and both must fail),
         * jemu's result is one of the two the manual allows (Rd = 1 and nothing else changed, or Rd = 0 and
         * only the store's bytes changed, to Rt's, and Rt2's), and Unicorn's is one of those or the torn one.
         */
        EXCLUSIVE_SIZE_MISMATCH,
        /**
         * An Advanced SIMD element or structure load/store (VLDn/VSTn) whose alignment qualifier
         * ({@code [Rn@64]} ..., the align / index_align / a fields) the address does not meet. The Arm ARM
         * requires an Alignment fault whatever SCTLR.A says (DDI 0406C A3.2.1, the pseudocode's
         * {@code if (address MOD alignment) != 0 then GenerateAlignmentException()} of VLD1-VST4); QEMU 5.0
         * ignores the qualifier (QEMU checks it from 6.1 on) and performs the access. jemu faults with the
         * state before the instruction.
         */
        NEON_ALIGNMENT_QUALIFIER,
        /**
         * An Advanced SIMD element or structure load (VLDn) that reaches unmapped memory part-way: both abort at
         * the same address, but QEMU has already written the elements it loaded before the fault into their
         * registers, and jemu leaves every register as it was before the instruction. The Arm ARM makes the
         * registers an aborted load writes UNKNOWN (DDI 0406C B1.9.8, "Effects of data-aborted
         * instructions"). Accepted only if jemu's state is the state before the instruction and Unicorn's
         * differs from it in the SIMD registers alone.
         */
        PARTIAL_ELEMENT_LOAD_ABORT
    }

    private static final int DEFAULT_COUNT = 3000;
    private static final int MAX_REPORTED_FAILURES = 5;
    private static final boolean VERBOSE = Boolean.getBoolean("jemu.fuzz.verbose");

    private static long masterSeed() {
        String s = System.getProperty("jemu.a32fuzz.seed");
        return s == null || s.isBlank() ? ("true".equalsIgnoreCase(System.getenv("CI")) ? 0x5eed_0004L : System.nanoTime()) : Long.decode(s.trim());
    }

    private static void requireUnicorn() {
        boolean required = Boolean.getBoolean("jemu.unicorn.required") || "true".equalsIgnoreCase(System.getenv("CI"));
        if (required) {
            assertTrue(Unicorn.isAvailable(), "Unicorn 2 is required here: " + Unicorn.unavailableReason());
        }
        Assumptions.assumeTrue(Unicorn.isAvailable(), () -> "A32 differential fuzzing skipped: "
                + Unicorn.unavailableReason());
    }

    @Test
    void jemuMatchesUnicornOnRandomA32Sequences() {
        requireUnicorn();
        long master = masterSeed();
        int count = Integer.getInteger("jemu.a32fuzz.count", DEFAULT_COUNT);
        Integer only = Integer.getInteger("jemu.a32fuzz.index");
        int from = only == null ? 0 : only;
        int to = only == null ? count : only + 1;
        System.out.printf("A32 differential fuzz vs Unicorn %s: master seed 0x%x (-Djemu.a32fuzz.seed=0x%x), "
                + "%d case(s) x 2 tiers%n", Unicorn.version(), master, master, to - from);
        Map<A32FuzzState.Kind, Integer> outcomes = new EnumMap<>(A32FuzzState.Kind.class);
        Map<Known, Integer> known = new EnumMap<>(Known.class);
        List<String> failures = new ArrayList<>();
        int skipped = 0;
        int compared = 0;
        long t0 = System.nanoTime();
        try (UnicornA32Runner uc = new UnicornA32Runner();
                JemuA32Runner interp = new JemuA32Runner(JemuA64Runner.Tier.INTERPRETER, 64);
                JemuA32Runner compiled = new JemuA32Runner(JemuA64Runner.Tier.COMPILED, 64)) {
            A32FuzzGenerator gen = new A32FuzzGenerator(interp.tbFlags());
            JemuA32Runner[] tiers = {interp, compiled};
            cases:
            for (int i = from; i < to; i++) {
                A32FuzzCase c = gen.generate(i, A64DifferentialFuzzTest.caseSeed(master, i));
                A32FuzzState ref = uc.run(c);
                if (uc.wroteOutsideData()) {
                    skipped++;
                    continue;
                }
                compared++;
                outcomes.merge(ref.stop().kind(), 1, Integer::sum);
                for (JemuA32Runner t : tiers) {
                    String failure = compare(master, c, ref, t, uc, known);
                    if (failure != null) {
                        failures.add(failure);
                        System.out.println(failure);
                        if (failures.size() >= MAX_REPORTED_FAILURES) {
                            break cases;
                        }
                    }
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("A32 fuzz: %d cases compared in %.1f s, %d skipped (stores into code), outcomes %s, "
                    + "known differences %s, %d mismatches; generator rejected %d words decoding elsewhere, %d "
                    + "UNDEFINED or PC-writing%n", compared, secs, skipped, outcomes, known, failures.size(),
                    gen.rejectedOtherEntry, gen.rejectedUndefined);
            assertEquals(0, compiled.stats().compileFailures, "blocks the backend failed to compile");
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " mismatch(es) between jemu and Unicorn (master seed 0x" + Long.toHexString(master)
                    + "); first:\n" + failures.get(0));
        }
    }

    private static String compare(long master, A32FuzzCase c, A32FuzzState ref, JemuA32Runner jemu,
            UnicornA32Runner uc, Map<Known, Integer> known) {
        A32FuzzState got = jemu.run(c);
        String diff = ref.firstDifference(got);
        if (diff == null) {
            return null;
        }
        Diagnosis d = diagnose(c, jemu.tier, uc);
        Known k = classify(d);
        if (k == null) {
            return report(master, c, "", jemu.tier, ref, got, diff, d);
        }
        known.merge(k, 1, Integer::sum);
        if (VERBOSE) {
            System.out.println("known difference " + k + ":" + report(master, c, "", jemu.tier, ref, got, diff, d));
        }
        A32FuzzCase cut = c.withBranchToEndAt(d.diverging().pc());
        A32FuzzState ref2 = uc.run(cut);
        A32FuzzState got2 = jemu.run(cut);
        String diff2 = ref2.firstDifference(got2);
        if (diff2 == null) {
            return null;
        }
        return report(master, cut, String.format(" cut before its known difference (%s) at 0x%x", k,
                d.diverging().pc()), jemu.tier, ref2, got2, diff2, diagnose(cut, jemu.tier, uc));
    }

    record Step(long pc, int word, A32FuzzState before) {
    }

    record Diagnosis(List<Step> executed, Step diverging, A32FuzzState unicorn, A32FuzzState jemu, String diff,
            String log) {
    }

    static Diagnosis diagnose(A32FuzzCase c, JemuA64Runner.Tier tier, UnicornA32Runner uc) {
        List<Step> executed = new ArrayList<>();
        StringBuilder log = new StringBuilder();
        try (JemuA32Runner j = new JemuA32Runner(tier, 1)) {
            uc.load(c);
            j.load(c);
            A32FuzzState cur = j.state(c);
            for (int s = 0; s <= c.words().length + 1; s++) {
                long pc = cur.stop().pc();
                Step st = new Step(pc, c.wordAt(pc), cur);
                A32FuzzState u = uc.step(c, pc);
                A32FuzzState jj = j.step(c);
                String diff = u.firstDifference(jj);
                log.append(String.format("    %-50s Unicorn: %s; jemu: %s%s%n", A32FuzzCase.line(pc, st.word()),
                        u.stop(), jj.stop(), diff == null ? "" : "  <-- " + diff));
                if (diff != null) {
                    return new Diagnosis(executed, st, u, jj, diff, log.toString());
                }
                executed.add(st);
                if (u.stop().terminal()) {
                    break;
                }
                cur = jj;
            }
        }
        return new Diagnosis(executed, null, null, null, null, log.toString());
    }

    /** The known difference the diverging instruction is, or null. */
    static Known classify(Diagnosis d) {
        Step s = d.diverging();
        if (s == null) {
            return null;
        }
        DecodeTable.Entry<A32Translator.Handler> e = A32DecodeTable.decode(s.word());
        if (e == null) {
            return null;
        }
        String name = e.name;
        A32FuzzState u = d.unicorn();
        A32FuzzState j = d.jemu();
        boolean jemuAlign = j.stop().kind() == A32FuzzState.Kind.ALIGNMENT_ABORT && j.stop().pc() == s.pc();
        boolean multiple = name.startsWith("LDM") || name.startsWith("STM") || name.startsWith("LDRD")
                || name.startsWith("STRD") || name.startsWith("VLD") || name.startsWith("VST");
        if (multiple && jemuAlign && (j.stop().addr() & 3) != 0) {
            // Unicorn performed it (or hit unmapped memory further on); jemu faulted with the state before
            if (sameExceptTransfer(s.before(), j)) {
                return Known.MULTIPLE_OR_DOUBLEWORD_UNALIGNED;
            }
        }
        if ((name.startsWith("VLD_") || name.startsWith("VST_")) && jemuAlign && sameExceptTransfer(s.before(), j)
                && neonAlignmentQualified(s.word())) {
            return Known.NEON_ALIGNMENT_QUALIFIER;
        }
        if (name.startsWith("VLD_") && abortedAt(u, s.pc()) && abortedAt(j, s.pc())
                && u.stop().addr() == j.stop().addr() && sameExceptTransfer(s.before(), j)
                && java.util.Arrays.equals(s.before().d(), j.d()) && sameExceptSimd(s.before(), u)) {
            return Known.PARTIAL_ELEMENT_LOAD_ABORT;
        }
        boolean exclusive = A32FuzzGenerator.LOAD_EXCLUSIVE.contains(name) || A32FuzzGenerator.STORE_EXCLUSIVE.contains(name);
        if (!exclusive) {
            return null;
        }
        if (jemuAlign && u.stop().kind() == A32FuzzState.Kind.UNMAPPED_ABORT && u.stop().pc() == s.pc()) {
            return Known.UNMAPPED_BEFORE_ALIGNMENT;
        }
        boolean unicornCompleted = u.stop().kind() == A32FuzzState.Kind.RUNNING
                || u.stop().kind() == A32FuzzState.Kind.COMPLETED;
        if (jemuAlign && A32FuzzGenerator.STORE_EXCLUSIVE.contains(name) && unicornCompleted
                && u.r()[e.field(s.word(), 'd')] == 1) {
            return Known.STORE_EXCLUSIVE_UNALIGNED_FAIL;
        }
        if (A32FuzzGenerator.STORE_EXCLUSIVE.contains(name) && u.stop().equals(j.stop())
                && conditionPassed(s.word(), s.before().nzcvq())) {
            long addr = s.before().r()[e.field(s.word(), 'n')];
            int uo = storeExclusiveOutcome(s, e, u);
            int jo = storeExclusiveOutcome(s, e, j);
            if (uo < 0 || jo < 0 || jo == OUTCOME_FAILED_BUT_STORED) {
                return null;
            }
            // the last instruction that changed the monitor: a Load-Exclusive at the same address, another size
            for (int i = d.executed().size() - 1; i >= 0; i--) {
                Step p = d.executed().get(i);
                DecodeTable.Entry<A32Translator.Handler> pe = A32DecodeTable.decode(p.word());
                if (pe == null || !conditionPassed(p.word(), p.before().nzcvq())) {
                    continue;
                }
                if (pe.name.equals("CLREX") || A32FuzzGenerator.STORE_EXCLUSIVE.contains(pe.name)) {
                    return null;
                }
                if (A32FuzzGenerator.LOAD_EXCLUSIVE.contains(pe.name)) {
                    boolean sameSize = pe.name.substring(5).equals(name.substring(5));
                    return p.before().r()[pe.field(p.word(), 'n')] == addr && !sameSize ? Known.EXCLUSIVE_SIZE_MISMATCH : null;
                }
            }
        }
        return null;
    }

    /**
     * Whether the element/structure load/store {@code word} (A32 or T32, bits [23:0]) asks for an alignment
     * above one element: the nonzero align field of the multiple-structure forms, the a bit of the
     * all-lanes forms, the alignment bits of index_align of the single-lane forms (DDI 0406C A8.8.320 ff.).
     */
    static boolean neonAlignmentQualified(int word) {
        boolean a = (word >>> 23 & 1) == 1;
        if (!a) {
            return (word >>> 4 & 3) != 0;
        }
        int size = word >>> 10 & 3;
        if (size == 3) {
            return (word >>> 4 & 1) != 0;
        }
        int n = (word >>> 8 & 3) + 1;
        int ia = word >>> 4 & 15;
        return switch (n) {
            case 1 -> size != 0 && (ia & 3) != 0;
            case 3 -> false;
            case 2 -> (ia & 1) != 0;
            default -> size == 2 ? (ia & 3) != 0 : (ia & 1) != 0;
        };
    }

    /** ConditionPassed() (DDI 0406C A8.3) of A32 {@code word} under {@code nzcvq} (N in bit 4 ... Q in bit 0). */
    static boolean conditionPassed(int word, int nzcvq) {
        boolean n = (nzcvq & 16) != 0;
        boolean z = (nzcvq & 8) != 0;
        boolean c = (nzcvq & 4) != 0;
        boolean v = (nzcvq & 2) != 0;
        int cond = word >>> 28;
        boolean r = switch (cond >> 1) {
            case 0 -> z;
            case 1 -> c;
            case 2 -> n;
            case 3 -> v;
            case 4 -> c && !z;
            case 5 -> n == v;
            case 6 -> !z && n == v;
            default -> true;
        };
        return cond >= 14 || (cond & 1) == 0 ? r : !r;
    }

    private static final int OUTCOME_PASSED = 0;
    private static final int OUTCOME_FAILED = 1;
    private static final int OUTCOME_FAILED_BUT_STORED = 2;

    /**
     * What the Store-Exclusive {@code s} did, judged from the state before it and {@code after}:
     * {@link #OUTCOME_PASSED} (R[d] = 0, only the store's bytes changed, to R[t] (and R[t2]) in
     * little-endian order) or {@link #OUTCOME_FAILED} (R[d] = 1, nothing else changed), the two results
     * DDI 0406C A8.8.212-215 allow; {@link #OUTCOME_FAILED_BUT_STORED} (R[d] = 1 and the bytes stored), which
     * the manual does not allow but QEMU produces for a size mismatch; -1 for anything else. Flags, GE and
     * the VFP state must be unchanged.
     */
    private static int storeExclusiveOutcome(Step s, DecodeTable.Entry<A32Translator.Handler> e, A32FuzzState after) {
        A32FuzzState before = s.before();
        int rd = e.field(s.word(), 'd');
        int rt = e.field(s.word(), 't');
        int size = switch (e.name) {
            case "STREXB" -> 1;
            case "STREXH" -> 2;
            case "STREXD" -> 8;
            default -> 4;
        };
        long value = size == 8 ? (before.r()[rt] & 0xffff_ffffL) | before.r()[rt + 1] << 32 : before.r()[rt];
        if (!before.sameFlags(after)) {
            return -1;
        }
        for (int i = 0; i < 15; i++) {
            if (i != rd && before.r()[i] != after.r()[i]) {
                return -1;
            }
        }
        long status = after.r()[rd];
        if (status != 0 && status != 1) {
            return -1;
        }
        byte[] stored = before.data().clone();
        long off = before.r()[e.field(s.word(), 'n')] - A32FuzzCase.DATA;
        if (off >= 0 && off + size <= stored.length) {
            for (int k = 0; k < size; k++) {
                stored[(int) off + k] = (byte) (value >>> (8 * k));
            }
        }
        boolean unchanged = java.util.Arrays.equals(before.data(), after.data());
        boolean wrote = off >= 0 && off + size <= stored.length && java.util.Arrays.equals(stored, after.data());
        if (status == 0) {
            return wrote ? OUTCOME_PASSED : -1;
        }
        return unchanged ? OUTCOME_FAILED : wrote ? OUTCOME_FAILED_BUT_STORED : -1;
    }

    /** {@code st} stopped with an access to unmapped memory by the instruction at {@code pc}. */
    private static boolean abortedAt(A32FuzzState st, long pc) {
        return st.stop().kind() == A32FuzzState.Kind.UNMAPPED_ABORT && st.stop().pc() == pc;
    }

    /** Core registers, flags, FPSCR and memory as in {@code before}; the SIMD registers may differ. */
    private static boolean sameExceptSimd(A32FuzzState before, A32FuzzState st) {
        return java.util.Arrays.equals(before.r(), st.r()) && before.nzcvq() == st.nzcvq() && before.ge() == st.ge()
                && before.fpscr() == st.fpscr() && java.util.Arrays.equals(before.data(), st.data());
    }

    /** jemu stopped with the state before the instruction (registers, flags and memory unchanged). */
    private static boolean sameExceptTransfer(A32FuzzState before, A32FuzzState jemu) {
        return java.util.Arrays.equals(before.r(), jemu.r()) && before.sameFlags(jemu)
                && java.util.Arrays.equals(before.data(), jemu.data());
    }

    private static String report(long master, A32FuzzCase c, String note, JemuA64Runner.Tier tier, A32FuzzState ref,
            A32FuzzState got, String diff, Diagnosis d) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%nA32 MISMATCH (%s tier): case %d%s, case seed 0x%x; reproduce with "
                + "-Djemu.a32fuzz.seed=0x%x -Djemu.a32fuzz.index=%d%n", tier, c.index(), note, c.seed(), master, c.index()));
        sb.append("  code:\n").append(c.listing());
        List<Long> touched = new ArrayList<>();
        for (long a : ref.differingBytes(got)) {
            touched.add(a);
            if (touched.size() > 4) {
                break;
            }
        }
        sb.append("  initial state:\n").append(c.initialState(touched.stream().mapToLong(Long::longValue).toArray()));
        sb.append("  Unicorn stop: ").append(ref.stop()).append('\n');
        sb.append("  jemu stop:    ").append(got.stop()).append('\n');
        sb.append("  first difference: ").append(diff).append('\n');
        for (int r : ref.differingRegisters(got)) {
            sb.append(String.format("    r%d: Unicorn 0x%08x, jemu 0x%08x%n", r, ref.r()[r], got.r()[r]));
        }
        sb.append("  lock-step single stepping:\n").append(d.log());
        if (d.diverging() == null) {
            sb.append("  no divergence when single-stepping: a block-level bug\n");
        }
        return sb.toString();
    }

    @Test
    void everyTableEntryIsClaimedOrExcluded() {
        List<String> names = A32FuzzGenerator.ALL.stream().map(e -> e.name).toList();
        for (String ex : A32FuzzGenerator.EXCLUDED.keySet()) {
            assertTrue(names.contains(ex), "excluded entry " + ex + " is not in the decode table");
        }
        assertEquals(names.size(), A32FuzzGenerator.CLAIMED.size() + A32FuzzGenerator.EXCLUDED.size());
    }

    @Test
    void generatorCoversEveryClaimedEntry() {
        long flags;
        try (JemuA32Runner j = new JemuA32Runner(JemuA64Runner.Tier.INTERPRETER, 64)) {
            flags = j.tbFlags();
        }
        A32FuzzGenerator gen = new A32FuzzGenerator(flags);
        for (int i = 0; i < 3000; i++) {
            A32FuzzCase c = gen.generate(i, A64DifferentialFuzzTest.caseSeed(0x5eed, i));
            assertEquals(A32FuzzCase.CLREX, c.words()[0]);
            assertTrue(c.end() + 4 <= A32FuzzCase.CODE + A32FuzzCase.CODE_SIZE);
            for (int k = 1; k < c.words().length; k++) {
                DecodeTable.Entry<A32Translator.Handler> e = A32DecodeTable.decode(c.words()[k]);
                assertTrue(e != null && A32FuzzGenerator.CLAIMED.contains(e), A32FuzzCase.line(c.codeAddr() + 4L * k,
                        c.words()[k]));
                if (e.name.equals("B") || e.name.equals("BL")) {
                    long pc = c.codeAddr() + 4L * k;
                    long target = pc + 8 + ((long) (c.words()[k] << 8) >> 6);
                    assertTrue(target > pc && target <= c.end(), "branch not forward: " + A32FuzzCase.line(pc, c.words()[k]));
                }
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>(gen.counts());
        System.out.println("A32 fuzz generator, instructions per entry over 3000 cases: " + counts);
        assertEquals(List.of(), gen.missing(), "claimed entries the generator never produced");
        counts.forEach((name, n) -> assertTrue(n >= 10, name + " generated only " + n + " times"));
    }
}
