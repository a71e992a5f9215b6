package org.jemu.arm.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jemu.arm.a64.A64DecodeTable;
import org.jemu.arm.a64.A64Disassembler;
import org.jemu.arm.a64.A64Translator;
import org.jemu.testkit.UcConst;
import org.jemu.testkit.Unicorn;
import org.jemu.translator.decode.DecodeTable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of random A64 instruction sequences: jemu against Unicorn 2 (the oracle named in
 * DESIGN.md "Testing"), in the manner of dynarmic's fuzzer, with instructions generated from jemu's own
 * decode table ({@link A64FuzzGenerator}).
 *
 * <p>Every case (1 to 12 random instructions after a {@code clrex} prologue, random registers, NZCV and data)
 * runs once on Unicorn and twice on jemu: in the IR interpreter tier and with every block compiled by the
 * bytecode backend before it first runs. After the run, X0..X30, SP, NZCV, the whole 8 KiB data region and
 * the stop (completed, or the faulting instruction, the kind of data abort, the faulting address and
 * whether it was a write) must agree. When Unicorn stops on a memory fault, jemu must have taken the data
 * abort at the same instruction: ELR_EL1 = Unicorn's PC, ESR_EL1.EC = 0x25 and the matching DFSC, with the
 * registers as they were before the faulting instruction.
 *
 * <p>On a mismatch both emulators are single-stepped in lock step (Unicorn with count 1, jemu with one
 * instruction per block in the same tier) to find the first instruction after which they differ; that
 * instruction is checked against the {@linkplain Known known deliberate differences} and, if it is not one
 * of them, the case is reported with its listing, initial state, Unicorn's memory accesses, the first
 * difference and the step log. A mismatch that does not show when stepping is a block-level bug (optimizer,
 * backend, chaining) and is reported as such.
 *
 * <p>System properties: {@code -Djemu.fuzz.seed=N} (the master seed, decimal or 0x-hex; default
 * {@link System#nanoTime()}, a fixed seed when the environment has CI=true; printed), {@code -Djemu.fuzz.count=N} (cases, default 5000, each run in both
 * tiers), {@code -Djemu.fuzz.index=I} (run only case I of the master seed: the reproduction of a reported
 * case). Without libunicorn2 the fuzz test is skipped, unless {@code CI=true} or
 * {@code -Djemu.unicorn.required=true}: then it fails.
 */
class A64DifferentialFuzzTest {

    /**
     * Differences between Unicorn 2.0.1 (QEMU 5.0) and the Arm ARM (DDI 0487) where jemu follows the Arm
     * ARM. A case is skipped for one of these only when the first diverging instruction is exactly that
     * case, with the state before it identical in both emulators.
     */
    enum Known {
        /**
         * A Load-Acquire/Store-Release (LDAR*, STLR*) to an address not aligned to its size. QEMU 5.0 does not
         * check; the Arm ARM requires an Alignment fault whatever SCTLR_ELx.A says in an implementation
         * without FEAT_LSE2 (B2.5.2 "Alignment of data accesses"; pseudocode AArch64.CheckAlignment:
         * {@code check = atomic || ordered}, and LDAR/STLR are AccType_ORDERED). jemu faults. (Unicorn then
         * completes the access, or, if it reaches unmapped memory, stops there with {@code UC_ERR_*_UNMAPPED}
         * after storing the bytes before the unmapped page.) Only Rt, or the bytes of the store, may differ.
         */
        LDAR_STLR_UNALIGNED,
        /**
         * An access that must be aligned (exclusives, LDXP/STXP as a whole) to an unaligned address in
         * unmapped memory. Unicorn checks for unmapped memory in front of QEMU's soft-MMU, before QEMU's
         * alignment check, and reports {@code UC_ERR_*_UNMAPPED}; in the Arm ARM the Alignment fault comes
         * first (pseudocode Mem[] / AArch64.MemSingle[]: AArch64.CheckAlignment before
         * AArch64.TranslateAddress and the external access; D1.10.5 prioritisation of synchronous
         * exceptions). Same instruction and registers in both, only the fault differs; jemu reports the
         * Alignment fault.
         */
        UNMAPPED_BEFORE_ALIGNMENT,
        /**
         * A Store-Exclusive to an unaligned address when the exclusive monitor does not hold that address.
         * QEMU 5.0 compares the address with the monitor first and just fails (Ws = 1); the Arm ARM checks
         * alignment first (pseudocode AArch64.ExclusiveMonitorsPass: the Alignment fault precedes the
         * monitor check; only other aborts may be detected after it, IMPLEMENTATION DEFINED). jemu faults.
         */
        STORE_EXCLUSIVE_UNALIGNED_FAIL,
        /**
         * A Store-Exclusive to the address of the preceding Load-Exclusive but of another form (single vs
         * pair, or another size). CONSTRAINED UNPREDICTABLE whether it passes (B2.9.5 "Load-Exclusive and
         * Store-Exclusive instruction usage restrictions": a Store-Exclusive must use the same address and
         * transaction size as the preceding Load-Exclusive). QEMU compares the 64-bit {@code exclusive_val}
         * it saved (after LDXP W both words, after LDXP X the first doubleword) with memory at the store's
         * size; jemu compares the bytes the store replaces with the bytes the Load-Exclusive read. So LDXP X
         * then STXR W passes on jemu and fails on QEMU, LDXP W then STXR X the other way round. Only the
         * status register and the stored bytes may differ.
         */
        EXCLUSIVE_SIZE_MISMATCH,
        /**
         * A byte Store-Exclusive to 0xffff_ffff_ffff_ffff while the monitor is open. QEMU marks an open
         * monitor with {@code exclusive_addr = -1}, so it takes that address for a monitored one and performs
         * the store (here: aborts on unmapped memory). In the Arm ARM the monitor check comes before the
         * translation (pseudocode AArch64.ExclusiveMonitorsPass: an open monitor returns FALSE at once), so
         * the store fails without an access: jemu, which keeps an explicit armed flag, sets Ws = 1.
         */
        STORE_EXCLUSIVE_OPEN_MONITOR_AT_ALL_ONES,
        /**
         * A Store-Exclusive that aborts on unmapped memory (the Arm ARM lets an implementation detect the
         * abort before the monitor check). QEMU performs the store-exclusive as
         * a compare-and-swap whose load faults first, so Unicorn reports {@code UC_ERR_READ_UNMAPPED}; the
         * access is a write (pseudocode AArch64.ExclusiveMonitorsPass: {@code iswrite = TRUE}; ESR_ELx.ISS.WnR
         * = 1), which jemu reports. Same instruction, address, registers and memory.
         */
        STORE_EXCLUSIVE_ABORT_REPORTED_AS_READ,
        /**
         * An Advanced SIMD structure load (LD1-LD4, LD1R-LD4R) whose elements run from mapped into unmapped
         * memory. Both abort at the instruction with the same fault address; Unicorn (QEMU) has already
         * written the elements it loaded into the destination registers, jemu leaves every register as before
         * the instruction. The Arm ARM allows both: when a load of several registers takes a synchronous Data
         * Abort, the registers it loads are UNKNOWN afterwards (only the base register keeps its value). The
         * check: jemu's state is exactly the state before the instruction, and Unicorn's differs from it only in
         * the up to four destination V registers.
         */
        SIMD_LOAD_PARTIAL_BEFORE_ABORT
    }

    private static final int DEFAULT_COUNT = 5000;
    private static final int MAX_REPORTED_FAILURES = 5;
    /** {@code -Djemu.fuzz.verbose=true}: also print the report of every known difference. */
    private static final boolean VERBOSE = Boolean.getBoolean("jemu.fuzz.verbose");

    private static long masterSeed() {
        String s = System.getProperty("jemu.fuzz.seed");
        return s == null || s.isBlank() ? ("true".equalsIgnoreCase(System.getenv("CI")) ? 0x5eed_0003L : System.nanoTime()) : Long.decode(s.trim());
    }

    /** The seed of case {@code index} (SplitMix64 of the master seed and the index). */
    static long caseSeed(long master, int index) {
        long z = master + (index + 1L) * 0x9E37_79B9_7F4A_7C15L;
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
        Assumptions.assumeTrue(Unicorn.isAvailable(), () -> "A64 differential fuzzing skipped: "
                + Unicorn.unavailableReason());
    }

    // ---- the fuzzer ----------------------------------------------------------------------------------

    @Test
    void jemuMatchesUnicornOnRandomSequences() throws Exception {
        requireUnicorn();
        long master = masterSeed();
        int count = Integer.getInteger("jemu.fuzz.count", DEFAULT_COUNT);
        Integer only = Integer.getInteger("jemu.fuzz.index");
        int from = only == null ? 0 : only;
        int to = only == null ? count : only + 1;
        System.out.printf("A64 differential fuzz vs Unicorn %s: master seed 0x%x (-Djemu.fuzz.seed=0x%x), "
                + "%d case(s) x 2 tiers%n", Unicorn.version(), master, master, to - from);

        Map<A64FuzzState.Kind, Integer> outcomes = new EnumMap<>(A64FuzzState.Kind.class);
        Map<Known, Integer> known = new EnumMap<>(Known.class);
        List<String> failures = new ArrayList<>();
        int skippedSelfModifying = 0;
        int compared = 0;
        long ucNanos = 0;
        long[] tierNanos = new long[2];
        long[] accesses = new long[2];
        long t0 = System.nanoTime();
        try (UnicornA64Runner uc = new UnicornA64Runner();
                JemuA64Runner interp = new JemuA64Runner(JemuA64Runner.Tier.INTERPRETER, 64);
                JemuA64Runner compiled = new JemuA64Runner(JemuA64Runner.Tier.COMPILED, 64)) {
            A64FuzzGenerator gen = new A64FuzzGenerator(interp.tbFlags());
            JemuA64Runner[] tiers = {interp, compiled};
            cases:
            for (int i = from; i < to; i++) {
                A64FuzzCase c = gen.generate(i, caseSeed(master, i));
                long ts = System.nanoTime();
                A64FuzzState ref = uc.run(c);
                ucNanos += System.nanoTime() - ts;
                if (uc.wroteOutsideData()) {
                    // stores into the code or vector region: self-modifying code without the cache
                    // maintenance and context synchronization the Arm ARM requires (which instruction
                    // then executes is not defined), not comparable
                    skippedSelfModifying++;
                    continue;
                }
                List<Unicorn.MemAccess> ucTrace = List.copyOf(uc.trace);
                compared++;
                outcomes.merge(ref.stop().kind(), 1, Integer::sum);
                for (Unicorn.MemAccess a : ucTrace) {
                    if (a.type() == UcConst.UC_MEM_READ || a.type() == UcConst.UC_MEM_WRITE) {
                        accesses[a.type() == UcConst.UC_MEM_READ ? 0 : 1]++;
                    }
                }
                for (int t = 0; t < tiers.length; t++) {
                    ts = System.nanoTime();
                    String failure = compare(master, c, ref, ucTrace, tiers[t], uc, known);
                    tierNanos[t] += System.nanoTime() - ts;
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
            System.out.printf("A64 fuzz: %d cases compared in %.1f s (%.0f cases/s; Unicorn %.1f s, "
                    + "interpreter %.1f s, compiled %.1f s), %d skipped (stores into code), outcomes %s, "
                    + "known differences (cases then compared up to them) %s, %d mismatches%n", compared, secs,
                    compared / secs, ucNanos / 1e9, tierNanos[0] / 1e9, tierNanos[1] / 1e9, skippedSelfModifying,
                    outcomes, known, failures.size());
            for (JemuA64Runner r : tiers) {
                var st = r.stats();
                System.out.printf("A64 fuzz: jemu %s tier: %d blocks translated, %d compiled (%d compile failures), "
                        + "%d block executions (%d interpreted, %d chained)%n", r.tier, st.blocksTranslated,
                        st.blocksCompiled, st.compileFailures, st.blocksExecuted, st.interpretedExecutions,
                        st.chainedDispatches);
            }
            assertEquals(0, compiled.stats().compileFailures, "blocks the backend failed to compile");
            System.out.printf("A64 fuzz: Unicorn saw %d reads and %d writes (each compared through the data region; "
                    + "includes the first access of faulting ones); generator rejected %d words decoding to another "
                    + "entry, %d UNDEFINED%n", accesses[0], accesses[1], gen.rejectedOtherEntry, gen.rejectedUndefined);
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " mismatch(es) between jemu and Unicorn (master seed 0x" + Long.toHexString(master)
                    + "); first:\n" + failures.get(0));
        }
    }

    /**
     * Runs {@code c} on {@code jemu} and compares with Unicorn's {@code ref}. On a difference, finds the
     * first diverging instruction; if it is a {@link Known} difference, counts it and compares the case cut
     * before that instruction instead (so the rest of the case is still checked).
     *
     * @return a failure report, or null
     */
    private static String compare(long master, A64FuzzCase c, A64FuzzState ref, List<Unicorn.MemAccess> ucTrace,
            JemuA64Runner jemu, UnicornA64Runner uc, Map<Known, Integer> known) {
        A64FuzzState got = jemu.run(c);
        String diff = ref.firstDifference(got);
        if (diff == null) {
            return null;
        }
        Diagnosis d = diagnose(c, jemu.tier, uc);
        Known k = classify(d);
        if (k == null) {
            return report(master, c, "", jemu.tier, ref, got, diff, ucTrace, d);
        }
        known.merge(k, 1, Integer::sum);
        if (VERBOSE) {
            System.out.println("known difference " + k + ":"
                    + report(master, c, "", jemu.tier, ref, got, diff, ucTrace, d));
        }
        A64FuzzCase cut = c.withBranchToEndAt(d.diverging().pc());
        A64FuzzState ref2 = uc.run(cut);
        List<Unicorn.MemAccess> trace2 = List.copyOf(uc.trace);
        A64FuzzState got2 = jemu.run(cut);
        String diff2 = ref2.firstDifference(got2);
        if (diff2 == null) {
            return null;
        }
        String note = String.format(" cut before its known difference (%s) at 0x%x", k, d.diverging().pc());
        return report(master, cut, note, jemu.tier, ref2, got2, diff2, trace2, diagnose(cut, jemu.tier, uc));
    }

    // ---- diagnosis: lock-step single stepping ----------------------------------------------------------------

    /** One executed instruction and the state before it (identical in both emulators). */
    record Step(long pc, int word, A64FuzzState before) {
    }

    /**
     * @param executed  the instructions both executed identically, in order
     * @param diverging the first instruction after which the states differ, or null if stepping shows none
     * @param unicorn   Unicorn's state after it
     * @param jemu      jemu's state after it
     * @param diff      the first difference
     * @param log       one line per step
     */
    record Diagnosis(List<Step> executed, Step diverging, A64FuzzState unicorn, A64FuzzState jemu, String diff,
            String log) {
    }

    /** Steps Unicorn and a fresh single-instruction-block jemu of {@code tier} in lock step. */
    static Diagnosis diagnose(A64FuzzCase c, JemuA64Runner.Tier tier, UnicornA64Runner uc) {
        List<Step> executed = new ArrayList<>();
        StringBuilder log = new StringBuilder();
        try (JemuA64Runner j = new JemuA64Runner(tier, 1)) {
            uc.load(c);
            j.load(c);
            A64FuzzState cur = j.state(c);
            for (int s = 0; s <= c.words().length + 1; s++) {
                long pc = cur.stop().pc();
                Step st = new Step(pc, c.wordAt(pc), cur);
                A64FuzzState u = uc.step(c, pc);
                A64FuzzState jj = j.step(c);
                String diff = u.firstDifference(jj);
                log.append(String.format("    %-60s Unicorn: %s; jemu: %s%s%n", A64Disassembler.line(pc, st.word()),
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

    /** The known difference the diverging instruction of {@code d} is, or null. */
    static Known classify(Diagnosis d) {
        Step s = d.diverging();
        if (s == null) {
            return null;
        }
        DecodeTable.Entry<A64Translator.Handler> e = A64DecodeTable.TABLE.decode(s.word());
        if (e == null) {
            return null;
        }
        String name = e.name;
        A64FuzzState before = s.before();
        A64FuzzState u = d.unicorn();
        A64FuzzState j = d.jemu();
        boolean jemuAlignmentFault = j.stop().kind() == A64FuzzState.Kind.ALIGNMENT_ABORT && j.stop().pc() == s.pc();
        boolean unicornCompleted = u.stop().kind() == A64FuzzState.Kind.RUNNING
                || u.stop().kind() == A64FuzzState.Kind.COMPLETED;
        boolean pair = name.endsWith("P");
        int q = e.field(s.word(), 'q');
        int elem = pair ? (q != 0 ? 8 : 4) : 1 << q;
        int bytes = pair ? 2 * elem : elem;
        long addr = before.base(e.field(s.word(), 'n'));
        boolean acquireRelease = name.equals("LDAR") || name.equals("STLR");
        boolean exclusive = A64FuzzGenerator.LOAD_EXCLUSIVE.contains(name)
                || A64FuzzGenerator.STORE_EXCLUSIVE.contains(name);
        if ((name.equals("SIMD_LDST_multiple") || name.equals("SIMD_LDST_single")) && e.field(s.word(), 'l') == 1
                && u.stop().kind() == A64FuzzState.Kind.UNMAPPED_ABORT
                && j.stop().kind() == A64FuzzState.Kind.UNMAPPED_ABORT && u.stop().pc() == s.pc()
                && j.stop().pc() == s.pc() && u.stop().addr() == j.stop().addr() && sameExceptStop(before, j)
                && onlyVectorsDiffer(j, u, e.field(s.word(), 't'))) {
            return Known.SIMD_LOAD_PARTIAL_BEFORE_ABORT;
        }
        if (!acquireRelease && !exclusive) {
            return null;
        }
        // LDXP/STXP of X registers: the pair is one 16-byte single-copy-atomic access (B2.2.1)
        boolean misaligned = (addr & (bytes - 1)) != 0;
        // (without the alignment check, QEMU performs the bytes of a store before the unmapped page)
        if (jemuAlignmentFault && misaligned && u.stop().kind() == A64FuzzState.Kind.UNMAPPED_ABORT
                && u.stop().pc() == s.pc() && onlyDiffers(u, j, -1, addr, bytes)) {
            return acquireRelease ? Known.LDAR_STLR_UNALIGNED : Known.UNMAPPED_BEFORE_ALIGNMENT;
        }
        if (acquireRelease && jemuAlignmentFault && unicornCompleted && misaligned
                && onlyDiffers(u, j, name.equals("LDAR") ? e.field(s.word(), 't') : -1,
                        name.equals("STLR") ? addr : 0, name.equals("STLR") ? bytes : 0)) {
            return Known.LDAR_STLR_UNALIGNED;
        }
        if (!A64FuzzGenerator.STORE_EXCLUSIVE.contains(name)) {
            return null;
        }
        int rsField = e.field(s.word(), 's');
        if (addr == -1L && !pair && elem == 1 && u.stop().kind() == A64FuzzState.Kind.UNMAPPED_ABORT
                && u.stop().pc() == s.pc()
                && (j.stop().kind() == A64FuzzState.Kind.RUNNING || j.stop().kind() == A64FuzzState.Kind.COMPLETED)
                && j.stop().pc() == s.pc() + 4 && (rsField == 31 || j.x()[rsField] == 1) && onlyDiffers(before, j, rsField, 0, 0)) {
            return Known.STORE_EXCLUSIVE_OPEN_MONITOR_AT_ALL_ONES;
        }
        if (u.stop().kind() == A64FuzzState.Kind.UNMAPPED_ABORT && j.stop().kind() == A64FuzzState.Kind.UNMAPPED_ABORT
                && u.stop().pc() == s.pc() && j.stop().pc() == s.pc() && u.stop().addr() == j.stop().addr()
                && !u.stop().write() && j.stop().write() && sameExceptStop(u, j)) {
            return Known.STORE_EXCLUSIVE_ABORT_REPORTED_AS_READ;
        }
        int rs = e.field(s.word(), 's');
        if (jemuAlignmentFault && unicornCompleted && misaligned && (rs == 31 || u.x()[rs] == 1)
                && onlyDiffers(u, j, rs, 0, 0)) {
            return Known.STORE_EXCLUSIVE_UNALIGNED_FAIL;
        }
        if (!u.stop().equals(j.stop()) || !onlyDiffers(u, j, rs, addr, bytes)) {
            return null;
        }
        // the last Load-Exclusive executed: same address, another form
        for (int i = d.executed().size() - 1; i >= 0; i--) {
            Step p = d.executed().get(i);
            DecodeTable.Entry<A64Translator.Handler> pe = A64DecodeTable.TABLE.decode(p.word());
            if (pe == null || !A64FuzzGenerator.LOAD_EXCLUSIVE.contains(pe.name)) {
                continue;
            }
            boolean ppair = pe.name.endsWith("P");
            int pq = pe.field(p.word(), 'q');
            int pelem = ppair ? (pq != 0 ? 8 : 4) : 1 << pq;
            long paddr = p.before().base(pe.field(p.word(), 'n'));
            boolean sameForm = ppair == pair && pelem == elem;
            return paddr == addr && !sameForm ? Known.EXCLUSIVE_SIZE_MISMATCH : null;
        }
        return null;
    }

    /**
     * Whether {@code a} and {@code b} agree except possibly in X{@code reg} (-1: none) and the data bytes
     * [{@code addr}, {@code addr + bytes}) (the stops are not compared).
     */
    private static boolean onlyDiffers(A64FuzzState a, A64FuzzState b, int reg, long addr, int bytes) {
        if (a.sp() != b.sp() || a.nzcv() != b.nzcv() || !a.sameFp(b)) {
            return false;
        }
        for (int r : a.differingRegisters(b)) {
            if (r != reg) {
                return false;
            }
        }
        for (long x : a.differingBytes(b)) {
            if (x < addr || x >= addr + bytes) {
                return false;
            }
        }
        return true;
    }

    /**
     * Same general registers, SP, NZCV, memory, FPCR and FPSR, and V registers except V{@code t} to
     * V{@code t+3} (modulo 32): the destinations of a structure load.
     */
    private static boolean onlyVectorsDiffer(A64FuzzState a, A64FuzzState b, int t) {
        if (!Arrays.equals(a.x(), b.x()) || a.sp() != b.sp() || a.nzcv() != b.nzcv()
                || !Arrays.equals(a.data(), b.data()) || a.fpcr() != b.fpcr() || a.fpsr() != b.fpsr()) {
            return false;
        }
        int regs = a.v().length / 32;
        for (int r = 0; r < 32; r++) {
            boolean destination = ((r - t) & 31) < 4;
            for (int k = 0; k < regs; k++) {
                if (!destination && a.v()[r * regs + k] != b.v()[r * regs + k]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Same registers, SP, NZCV and memory (the stops may differ). */
    private static boolean sameExceptStop(A64FuzzState a, A64FuzzState b) {
        return Arrays.equals(a.x(), b.x()) && a.sp() == b.sp() && a.nzcv() == b.nzcv()
                && Arrays.equals(a.data(), b.data()) && a.sameFp(b);
    }

    // ---- reports --------------------------------------------------------------------------------------

    private static String report(long master, A64FuzzCase c, String note, JemuA64Runner.Tier tier, A64FuzzState ref,
            A64FuzzState got, String diff, List<Unicorn.MemAccess> ucTrace, Diagnosis d) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%nMISMATCH (%s tier): case %d%s, case seed 0x%x; reproduce with -Djemu.fuzz.seed=0x%x "
                + "-Djemu.fuzz.index=%d%n", tier, c.index(), note, c.seed(), master, c.index()));
        sb.append("  code:\n").append(c.listing());
        String objdump = objdump(c);
        if (objdump != null) {
            sb.append("  objdump:\n").append(objdump);
        }
        List<Long> touched = new ArrayList<>();
        for (long a : ref.differingBytes(got)) {
            touched.add(a);
            if (touched.size() > 4) {
                break;
            }
        }
        sb.append("  initial state:\n").append(c.initialState(touched.stream().mapToLong(Long::longValue).toArray()));
        sb.append("  Unicorn data accesses:\n")
                .append(ucTrace.isEmpty() ? "      (none)\n" : UnicornA64Runner.format(ucTrace));
        sb.append("  Unicorn stop: ").append(ref.stop()).append('\n');
        sb.append("  jemu stop:    ").append(got.stop()).append('\n');
        sb.append("  first difference: ").append(diff).append('\n');
        int[] regs = ref.differingRegisters(got);
        for (int r : regs) {
            sb.append(String.format("    x%d: Unicorn 0x%016x, jemu 0x%016x%n", r, ref.x()[r], got.x()[r]));
        }
        sb.append("  lock-step single stepping (").append(tier).append(", one instruction per block):\n")
                .append(d.log());
        if (d.diverging() == null) {
            sb.append("  no divergence when single-stepping: the difference needs multi-instruction blocks "
                    + "(optimizer, backend, block chaining or code-cache bug)\n");
        } else {
            sb.append("  first diverging instruction: ")
                    .append(A64Disassembler.line(d.diverging().pc(), d.diverging().word()))
                    .append("\n    ").append(d.diff()).append('\n');
        }
        return sb.toString();
    }

    /** GNU objdump's disassembly of the sequence, if {@code aarch64-linux-gnu-objdump} is installed. */
    private static String objdump(A64FuzzCase c) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("jemu-fuzz", ".bin");
            byte[] img = c.codeImage();
            int off = (int) (c.codeAddr() - A64FuzzCase.CODE);
            Files.write(tmp, Arrays.copyOfRange(img, off, off + 4 * (c.words().length + 1)));
            Process p = new ProcessBuilder("aarch64-linux-gnu-objdump", "-D", "-b", "binary", "-m", "aarch64",
                    "--adjust-vma=0x" + Long.toHexString(c.codeAddr()), tmp.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            for (String line : out.split("\n")) {
                if (line.matches("\\s*[0-9a-f]+:\\s+[0-9a-f]{8}\\s.*")) {
                    sb.append("    ").append(line.strip()).append('\n');
                }
            }
            return sb.toString();
        } catch (Exception e) {
            return null;
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (java.io.IOException ignored) {
                    // temp file
                }
            }
        }
    }

    // ---- the generator itself --------------------------------------------------------------------------

    /** Every decode-table entry is either claimed by the generator or excluded with a reason. */
    @Test
    void everyTableEntryIsClaimedOrExcluded() {
        List<String> names = A64DecodeTable.TABLE.entries().stream().map(e -> e.name).toList();
        for (String ex : A64FuzzGenerator.EXCLUDED.keySet()) {
            assertTrue(names.contains(ex), "excluded entry " + ex + " is not in the decode table");
        }
        assertEquals(names.size(), A64FuzzGenerator.CLAIMED.size() + A64FuzzGenerator.EXCLUDED.size());
        for (DecodeTable.Entry<A64Translator.Handler> e : A64FuzzGenerator.CLAIMED) {
            assertTrue(!A64FuzzGenerator.EXCLUDED.containsKey(e.name), e.name);
        }
    }

    /** The generator produces every entry it claims (counts printed), and only valid forward code. */
    @Test
    void generatorCoversEveryClaimedEntry() {
        long flags;
        try (JemuA64Runner j = new JemuA64Runner(JemuA64Runner.Tier.INTERPRETER, 64)) {
            flags = j.tbFlags();
        }
        A64FuzzGenerator gen = new A64FuzzGenerator(flags);
        for (int i = 0; i < 3000; i++) {
            A64FuzzCase c = gen.generate(i, caseSeed(0x5eed, i));
            assertEquals(A64FuzzCase.CLREX, c.words()[0]);
            assertTrue(c.words().length >= 2 && c.words().length <= 13);
            assertTrue(c.codeAddr() >= A64FuzzCase.CODE && c.end() + 4 <= A64FuzzCase.CODE + A64FuzzCase.CODE_SIZE);
            for (int k = 1; k < c.words().length; k++) {
                long pc = c.codeAddr() + 4L * k;
                DecodeTable.Entry<A64Translator.Handler> e = A64DecodeTable.TABLE.decode(c.words()[k]);
                assertTrue(e != null && A64FuzzGenerator.CLAIMED.contains(e), A64Disassembler.line(pc, c.words()[k]));
                if (A64FuzzGenerator.BRANCHES.contains(e.name)) {
                    long target = pc + 4L * e.signedField(c.words()[k], 'i');
                    assertTrue(target > pc && target <= c.end(), "branch not forward into the sequence: "
                            + A64Disassembler.line(pc, c.words()[k]));
                }
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>(gen.counts());
        System.out.println("A64 fuzz generator, instructions per entry over 3000 cases: " + counts);
        assertEquals(List.of(), gen.missing(), "claimed entries the generator never produced");
        counts.forEach((name, n) -> assertTrue(n >= 20, name + " generated only " + n + " times"));
    }
}
