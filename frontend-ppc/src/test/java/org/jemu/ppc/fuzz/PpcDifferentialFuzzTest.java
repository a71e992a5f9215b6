package org.jemu.ppc.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jemu.ppc.decode.PpcDecodeTable;
import org.jemu.ppc.translate.PpcTranslator;
import org.jemu.testkit.Unicorn;
import org.jemu.translator.decode.DecodeTable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of random 32-bit PowerPC instruction sequences: jemu against Unicorn 2 (DESIGN.md
 * "Testing"), with instructions generated from jemu's own decode table ({@link PpcFuzzGenerator}).
 *
 * <p>Every case (1 to 12 random instructions, random GPRs, CR, XER, LR, CTR and data) runs once on Unicorn
 * and twice on jemu: in the IR interpreter tier and with every block compiled by the bytecode backend
 * before it first runs (the same IR through both, as the ARM fuzzer does). GPR0..31, CR, XER, LR, CTR, the
 * whole 8 KiB data region and the stop (completed, or the exception kind and its instruction, or the
 * unmapped access with its address and direction) must agree.
 *
 * <p>On a mismatch both emulators are single-stepped in lock step to find the first instruction after
 * which they differ; that instruction is checked against the {@linkplain Known known deliberate
 * differences} and otherwise reported with its listing, initial state, Unicorn's memory accesses and the
 * step log.
 *
 * <p>System properties: {@code -Djemu.fuzz.seed=N} (master seed, decimal or 0x-hex; default
 * {@link System#nanoTime()}, a fixed seed when the environment has CI=true; printed), {@code -Djemu.fuzz.count=N} (cases, default {@value #DEFAULT_COUNT}),
 * {@code -Djemu.fuzz.index=I} (run only case I of the master seed: the reproduction of a reported case).
 * Without libunicorn2 the fuzz test is skipped, unless {@code CI=true} or {@code -Djemu.unicorn.required=true}.
 */
class PpcDifferentialFuzzTest {

    /**
     * Differences between Unicorn 2.0.1 (QEMU 5.0) and the manual where jemu follows the manual. A case is
     * counted as one of these only when the first diverging instruction is exactly that case, with the state
     * before it identical; the case is then compared again cut before that instruction.
     */
    enum Known {
        /**
         * icbi, dcbf or dcbst whose effective address is unmapped. QEMU performs a probing load for them, so
         * Unicorn stops with {@code UC_ERR_READ_UNMAPPED}; with real addressing there is nothing to translate
         * and these instructions transfer no data (PEM 4.8 "Memory Control Instructions": they are treated as
         * loads only for protection checks), so jemu completes them as no-ops. Same registers and memory.
         */
        CACHE_OP_PROBES_UNMAPPED,
        /**
         * lwarx, stwcx., lmw or stmw with an effective address that is not word-aligned and (partly) unmapped.
         * Unicorn checks for unmapped memory before QEMU's alignment check and reports {@code UC_ERR_*_UNMAPPED}
         * (for lmw/stmw after the accesses to the mapped part, see {@link #MULTIPLE_STRING_FAULT}); the 750
         * takes the alignment exception (PEM 6.4.6) before any access, which jemu reports. Same instruction;
         * only lmw's registers or the bytes stmw/stwcx. would store may differ.
         */
        UNMAPPED_BEFORE_ALIGNMENT,
        /**
         * stwcx. with an effective address that is not word-aligned when no reservation exists for it. QEMU
         * compares the address with the reservation first and just fails (CR0[EQ] = 0); the manual requires the
         * alignment exception for a misaligned stwcx. (PEM 6.4.6), which jemu takes. Only CR0 may differ.
         */
        STWCX_UNALIGNED_FAILS,
        /**
         * lmw or stmw with an effective address that is not word-aligned. QEMU performs the accesses; the 750
         * takes the alignment exception (PEM 6.4.6), as jemu does. Only the loaded registers (lmw) or the
         * stored bytes (stmw) may differ.
         */
        LMW_STMW_UNALIGNED,
        /**
         * divw/divwu by zero, or divw of 0x8000_0000 by -1. The manual leaves RT undefined (and CR0's LT, GT, EQ
         * for the record forms); QEMU writes the dividend, jemu follows the IR's division rule (0 for a zero
         * divisor, 0x8000_0000 for the overflow). OV and SO agree; only RT and CR0 may differ.
         */
        DIVIDE_UNDEFINED_RESULT,
        /**
         * An access to unmapped memory by an instruction QEMU implements with a helper that loops over its
         * accesses (lmw, stmw, lswi, lswx, stswi, stswx, dcbz). Three things differ, none of them in what the
         * manual requires: Unicorn may end the run with the PC of the <em>next</em> instruction (the helper's
         * host return address is not mapped back to the guest instruction); QEMU has already written the
         * registers loaded before the fault, which the manual permits (the instruction is restarted from the
         * beginning, PEM 6.4.3), while jemu writes none; and Unicorn 2.0.1 keeps performing the helper's remaining
         * stores after an unmapped one (it records the invalid write and carries on into mapped memory), where
         * jemu, like the hardware, stops at the faulting access. Same faulting address and direction; only the
         * instruction's destination registers and stored bytes may differ.
         */
        MULTIPLE_STRING_FAULT,
        /**
         * mtxer (mtspr 1) with bits 0x000C_0000 set. Those are reserved in the 32-bit XER (PEM 2.1.4: bits 3-24
         * reserved); QEMU keeps them separately as the OV32/CA32 flags of Power ISA 3.0 and reads them back as 0
         * on older CPUs, while keeping the other reserved bits. jemu keeps every reserved bit as written. Only
         * those two XER bits differ.
         */
        XER_RESERVED_OV32_CA32,
        /**
         * An FP instruction (an FPSCR move, or a computational instruction raising an exception whose enable
         * bit OE, UE, XE is set, or VXVC with VE set) that leaves an enabled exception pending (FPSCR[FEX] = 1)
         * while MSR[FE0] = MSR[FE1] = 0. That MSR setting is "ignore exceptions" mode (PEM 2.3.1 MSR, 6.4.7):
         * no program interrupt is taken, as jemu does; Unicorn 2.0.1 raises a floating-point enabled program
         * exception after the instruction. The instruction itself completed (compared on its own terms).
         * qemu-ppc-static 7.2 ({@link PpcQemuUserDiffTest}) delivers SIGFPE at the instruction instead (a precise
         * FP enabled exception, the FPSCR updated, FRT and FPRF not written): the case is compared cut before it.
         */
        FP_ENABLED_EXCEPTION_IN_IGNORE_MODE,
        /**
         * An FPSCR instruction (mtfsf, mtfsfi, mtfsb1) that sets FPSCR[FI]. The manual lets these instructions
         * set any bit but FEX and VX explicitly (PEM chapter 8 mtfsf, mtfsfi, mtfsb1); QEMU clears FI after them
         * (its status check after every FP helper clears FI when the last operation was exact). Only FI differs.
         */
        QEMU_CLEARS_FI,
        /**
         * mtfsb1 29: setting FPSCR[NI] (non-IEEE mode). The manual lets mtfsb1 set it (PEM chapter 8 mtfsb1);
         * QEMU ignores mtfsb1 for NI (it implements IEEE mode only), though mtfsf sets it. jemu sets it. Only NI
         * (and so CR1 of the record form, which does not include NI) may differ, and FI, which QEMU clears after
         * every FPSCR instruction ({@link #QEMU_CLEARS_FI}).
         */
        QEMU_MTFSB1_IGNORES_NI,

        // ---- the FP categories: explained instruction by instruction by PpcFpKnown, after which Unicorn's FP
        // ---- state is set to jemu's and lock-step comparison goes on (the case is not cut)

        /**
         * FPSCR[FR] after an arithmetic or rounding instruction. The manual sets FR when rounding incremented
         * the fraction (PEM 2.1.4 FPSCR; Power ISA 2.03 Book I 4.5.1 "Execution Model for IEEE Operations"); QEMU never computes it: FR keeps its old value
         * (cleared only by invalid-operation and zero-divide exceptions). Only FR differs, and Unicorn's FR is the
         * value before the instruction.
         */
        QEMU_FR_NOT_COMPUTED,
        /**
         * FPSCR[FX] after an instruction that raises an exception whose bit was already set. The manual sets FX
         * only when an exception bit changes from 0 to 1 (PEM 2.1.4); QEMU sets it for every exception. Only FX
         * (and CR1 of a record form, which copies it) differs: Unicorn 1, jemu 0, 0 before.
         */
        QEMU_FX_ON_REPEATED_EXCEPTION,
        /**
         * fres/frsqrte setting FPSCR[XX]. The manual does not list XX among the bits these estimates change (PEM
         * chapter 8 fres, frsqrte); QEMU computes them as rounded divisions and square roots and sets XX (and FX)
         * when inexact. Only XX and FX differ.
         */
        QEMU_ESTIMATE_SETS_XX,
        /**
         * FPRF of a single-precision result (s forms, frsp, fres) in the single denormal range. The manual
         * classifies the result in the target format: "denormalized" (Power ISA appendix A.1); QEMU classifies
         * the double-format register value, a double normal. Only FPRF differs (denormal vs normal, same sign).
         */
        QEMU_FPRF_SINGLE_DENORMAL,
        /**
         * An invalid operation with VE = 1 or a zero divide with ZE = 1: the manual leaves FRT and FPRF unchanged
         * (PEM 3.3.6.1, 3.3.6.2); QEMU writes the disabled-case result and its FPRF. Unicorn's FRT is the result
         * jemu computes with VE and ZE cleared.
         */
        QEMU_WRITES_SUPPRESSED_RESULT,
        /**
         * Overflow with OE = 1 or underflow with UE = 1: the manual delivers the exponent-adjusted result
         * (-/+1536 double, 192 single) and raises UX for any tiny result (PEM 3.3.6.2.1, 3.3.6.2.2); QEMU (an
         * "XXX: should adjust the result") writes the unadjusted result and raises UX only when also inexact.
         * Unicorn's FRT and FPSCR are what jemu computes with OE and UE cleared.
         */
        QEMU_NO_SCALED_RESULT,
        /**
         * A single-precision multiply-add whose exact result differs after two roundings. The manual rounds the
         * exact A x C + B once to single (PEM chapter 8 fmadds ...); QEMU computes a double multiply-add and then
         * frsp. Unicorn matches jemu's double fused operation followed by jemu's frsp.
         */
        QEMU_SINGLE_FMA_DOUBLE_ROUNDING,
        /**
         * A single-precision form (fadds ... fnmsubs) with an operand that is not representable in single
         * format: the manual leaves the result and the FPSCR undefined (Power ISA 4.3.5.1 "Single-Precision
         * Operands"); jemu rounds the exact result once, QEMU rounds to double then to single. Unicorn matches that
         * double-then-frsp computation.
         */
        SINGLE_FORM_WITH_DOUBLE_OPERANDS,
        /**
         * fctiw/fctiwz of a value above 2^31 - 1: the manual's result is 0x7FFF_FFFF (PEM chapter 8 fctiw, and
         * Power ISA appendix A.2); QEMU returns 0x8000_0000 for every invalid conversion. Only FRT differs.
         */
        QEMU_FCTIW_POSITIVE_OVERFLOW,
        /**
         * An exact fctiw/fctiwz: the manual clears FI (the result is exact); QEMU skips its status update when the
         * conversion raised nothing, so FI keeps its old value. Only FI differs.
         */
        QEMU_FCTIW_EXACT_KEEPS_FI,
        /**
         * fcmpo with a NaN operand: the manual changes only FPCC (FL FG FE FU) and sets VXVC unless the operand is a
         * signalling NaN with VE = 1 (PEM chapter 8 fcmpo); QEMU also sets FPRF's C bit, and VXVC in that case
         * too. Only C, VXVC and the FX/FEX/VX that follow differ.
         */
        QEMU_FCMPO_NAN,
        /**
         * fres of a zero: the manual raises the zero-divide exception (ZX, and with ZE = 1 no result; PEM chapter 8
         * fres); QEMU computes 1/0 without checking the divide-by-zero flag, so ZX (and FX) stay as they were and
         * the infinity is written. Only ZX, FX (and FRT/FPRF when ZE = 1) differ.
         */
        QEMU_FRES_ZERO_NO_ZX,
        /**
         * fnmadd/fnmsub(s) rounding toward +infinity or -infinity: the manual rounds A x C +/- B under RN and then
         * negates (Power ISA fnmadd: "rounded ... then negated"); QEMU negates the exact value and then rounds, which
         * is the opposite directed rounding. Unicorn matches jemu's result with RN 2 and 3 exchanged.
         */
        QEMU_NEGATED_MULADD_ROUNDING,
        /**
         * fcmpu/fcmpo clearing FPSCR[FI]: the manual's compares change only FPCC and the VX bits; QEMU runs its
         * status check after them, which clears FI when nothing was inexact. Only FI differs, Unicorn's 0.
         */
        QEMU_FCMP_CLEARS_FI,
        /**
         * A multiply-add whose product is not a number (a NaN in FRA or FRC, or infinity x zero) with an infinity
         * in FRA or FRC and an infinite FRB: there is no infinity minus infinity, so the manual raises no VXISI
         * (only VXSNAN or VXIMZ; PEM 3.3.6.1.1); QEMU tests the operands' infinities and signs regardless and sets
         * VXISI. Only VXISI (and FX) differ.
         */
        QEMU_FMA_EXTRA_VXISI,
        /**
         * fctiw/fctiwz with an invalid conversion (a NaN or a value out of range: VXCVI): FRT[0:31] is undefined
         * (PEM chapter 8 fctiw: "the contents of frD[0-31] are undefined"); jemu writes 0 there (as QEMU 5.0,
         * Unicorn), qemu-ppc-static 7.2 the sign extension of the saturated word (0xFFFF_FFFF above 0x8000_0000).
         * Only FRT[0:31] differs (qemu-ppc-static only).
         */
        QEMU_FCTIW_INVALID_HIGH_WORD,
        /**
         * fres of a zero: the manual's result is an infinity of the same sign with ZX (PEM chapter 8 fres);
         * qemu-ppc-static 7.2 returns 0.5 with the zero's sign (and, as QEMU 5.0, no ZX: {@link #QEMU_FRES_ZERO_NO_ZX}).
         * Only FRT and FPRF differ (qemu-ppc-static only).
         */
        QEMU_FRES_ZERO_HALF,
        /**
         * mtfsf, mtfsfi or mtfsb1 writing a one into FPSCR bit 20, which the 750 leaves reserved (PEM 2.1.4):
         * jemu keeps the bit as written (as QEMU 5.0, Unicorn, does); qemu-ppc-static 7.2 masks it out. Only bit 20
         * differs (qemu-ppc-static only; the case is compared cut before it).
         */
        QEMU_FPSCR_BIT20_CLEARED,
        /**
         * mtfsb1 setting an exception bit that was 0: every FP instruction but mtfsf and mtfsfi sets FPSCR[FX]
         * when it changes an exception bit from 0 to 1 (Power ISA 2.03 Book I 4.2.2, FPSCR bit FX), which jemu
         * does; qemu-ppc-static 7.2 leaves FX. Only FX and CR1 of the record form differ (qemu-ppc-static only).
         */
        QEMU_MTFSB1_NO_FX,
        /**
         * A misaligned store (not stmw/stsw, see {@link #MULTIPLE_STRING_FAULT}) that runs from mapped into
         * unmapped memory: the manual lets such an instruction be partially executed (PEM 6.1 "partially executed
         * instructions"); jemu stores the bytes before the unmapped one, qemu-ppc-static stores none. Same fault
         * address; only those bytes differ (qemu-ppc-static only).
         */
        STORE_CROSSING_INTO_UNMAPPED_PARTIAL
    }

    /** Instructions QEMU 5.0 implements with a helper that accesses memory (see MULTIPLE_STRING_FAULT). */
    private static final java.util.Set<String> QEMU_HELPER_ACCESS = java.util.Set.of("lmw", "stmw", "lswi", "lswx",
            "stswi", "stswx", "dcbz");

    static final int DEFAULT_COUNT = 1200;
    private static final int MAX_REPORTED_FAILURES = 5;
    private static final boolean VERBOSE = Boolean.getBoolean("jemu.fuzz.verbose");

    private static long masterSeed() {
        String s = System.getProperty("jemu.fuzz.seed");
        return s == null || s.isBlank() ? ("true".equalsIgnoreCase(System.getenv("CI")) ? 0x5eed_0006L : System.nanoTime()) : Long.decode(s.trim());
    }

    /** The seed of case {@code index} (SplittableRandom-style mix of the master seed and the index). */
    static long caseSeed(long master, int index) {
        long z = master + (index + 1L) * 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    private static void requireUnicorn() {
        boolean required = Boolean.getBoolean("jemu.unicorn.required") || "true".equalsIgnoreCase(System.getenv("CI"));
        if (required) {
            assertTrue(Unicorn.isAvailable(), "Unicorn 2 is required here: " + Unicorn.unavailableReason());
        }
        Assumptions.assumeTrue(Unicorn.isAvailable(), () -> "PPC fuzzing skipped: " + Unicorn.unavailableReason());
    }

    @Test
    void jemuMatchesUnicornOnRandomSequences() {
        requireUnicorn();
        long master = masterSeed();
        int count = Integer.getInteger("jemu.fuzz.count", DEFAULT_COUNT);
        Integer only = Integer.getInteger("jemu.fuzz.index");
        int from = only == null ? 0 : only;
        int to = only == null ? count : only + 1;
        System.out.printf("PPC differential fuzz vs Unicorn %s: master seed 0x%x (-Djemu.fuzz.seed=0x%x), "
                + "%d case(s) x 2 tiers%n", Unicorn.version(), master, master, to - from);
        Map<PpcFuzzState.Kind, Integer> outcomes = new EnumMap<>(PpcFuzzState.Kind.class);
        Map<Known, Integer> known = new EnumMap<>(Known.class);
        List<String> failures = new ArrayList<>();
        int skipped = 0;
        int loops = 0;
        int dataAsCode = 0;
        int compared = 0;
        long t0 = System.nanoTime();
        try (UnicornPpcRunner uc = new UnicornPpcRunner();
                JemuPpcRunner interp = new JemuPpcRunner(JemuPpcRunner.Tier.INTERPRETER, 64);
                JemuPpcRunner compiled = new JemuPpcRunner(JemuPpcRunner.Tier.COMPILED, 64)) {
            PpcFuzzGenerator gen = new PpcFuzzGenerator();
            JemuPpcRunner[] tiers = {interp, compiled};
            cases:
            for (int i = from; i < to; i++) {
                PpcFuzzCase c = gen.generate(i, caseSeed(master, i));
                PpcFuzzState ref = uc.run(c);
                if (uc.wroteOutsideData()) {
                    skipped++;   // self-modifying code without the required isync: not comparable
                    continue;
                }
                long stopPc = ref.stop().pc();
                if (ref.stop().kind() != PpcFuzzState.Kind.FETCH_UNMAPPED
                        && (stopPc < PpcFuzzCase.CODE || stopPc >= PpcFuzzCase.CODE + PpcFuzzCase.CODE_SIZE)) {
                    // bclr/bcctr went into the data region and executed random data: not the generator's
                    // instructions (they may be anything, FP arithmetic included), and not diagnosable
                    dataAsCode++;
                    continue;
                }
                if (ref.stop().kind() == PpcFuzzState.Kind.RUNNING) {
                    // bclr/bcctr went backwards into a loop that ran out of Unicorn's instruction count;
                    // jemu's budget ends at a block boundary, so the two stop at different points
                    loops++;
                    continue;
                }
                List<Unicorn.MemAccess> ucTrace = List.copyOf(uc.trace);
                compared++;
                outcomes.merge(ref.stop().kind(), 1, Integer::sum);
                for (JemuPpcRunner tier : tiers) {
                    String failure = compare(master, c, ref, ucTrace, tier, uc, known);
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
            System.out.printf("PPC fuzz: %d cases compared in %.1f s (%.0f cases/s), %d skipped (stores into code), "
                    + "%d skipped (endless loops through bclr/bcctr), %d skipped (data executed as code), outcomes %s, "
                    + "known differences (cases then compared up to them) %s, %d mismatches%n", compared, secs,
                    compared / secs, skipped, loops, dataAsCode, outcomes, known, failures.size());
            var st = compiled.stats();
            System.out.printf("PPC fuzz: compiled tier: %d blocks translated, %d compiled (%d compile failures); "
                    + "generator rejected %d words decoding to another entry, %d invalid forms%n",
                    st.blocksTranslated, st.blocksCompiled, st.compileFailures, gen.rejectedOtherEntry, gen.rejectedInvalid);
            assertEquals(0, st.compileFailures, "blocks the backend failed to compile");
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " mismatch(es) between jemu and Unicorn (master seed 0x" + Long.toHexString(master)
                    + "); first:\n" + failures.get(0));
        }
    }

    private static String compare(long master, PpcFuzzCase c, PpcFuzzState ref, List<Unicorn.MemAccess> ucTrace,
            JemuPpcRunner jemu, UnicornPpcRunner uc, Map<Known, Integer> known) {
        PpcFuzzState got = jemu.run(c);
        String diff = ref.firstDifference(got);
        if (diff == null) {
            return null;
        }
        return reconcile(master, c, "", ref, got, diff, ucTrace, jemu, uc, known, 0);
    }

    /**
     * Explains a difference between full runs by lock-step single stepping: FP known differences are counted,
     * Unicorn's FP state is set to jemu's and stepping goes on; another known difference cuts the case before
     * its instruction and the cut case is compared again. When stepping ends with only FP known differences,
     * jemu's single-stepped end state must equal its full run (so no difference of jemu's multi-instruction
     * blocks can hide behind them).
     */
    private static String reconcile(long master, PpcFuzzCase c, String note, PpcFuzzState ref, PpcFuzzState got,
            String diff, List<Unicorn.MemAccess> ucTrace, JemuPpcRunner jemu, UnicornPpcRunner uc,
            Map<Known, Integer> known, int depth) {
        Diagnosis d = diagnose(c, jemu.tier, uc);
        if (d.diverging() == null) {
            if (d.jemuEnd() == null && d.log().contains("(store into the code region")) {
                d.tolerated().forEach(k -> known.merge(k, 1, Integer::sum));
                return null;   // ended at a store into the code region (see diagnose)
            }
            if (!d.tolerated().isEmpty() && d.jemuEnd() != null) {
                String self = d.jemuEnd().firstDifference(got);
                boolean endlessLoop = got.stop().kind() == PpcFuzzState.Kind.RUNNING
                        && d.jemuEnd().stop().kind() == PpcFuzzState.Kind.RUNNING;   // both out of budget in a loop
                if (self == null || endlessLoop) {
                    d.tolerated().forEach(k -> known.merge(k, 1, Integer::sum));
                    return null;
                }
                return report(master, c, note + " (jemu's one-instruction blocks end differently from its full run: "
                        + self + ")", jemu.tier, ref, got, diff, ucTrace, d);
            }
            return report(master, c, note, jemu.tier, ref, got, diff, ucTrace, d);
        }
        Known k = classify(d);
        if (k == null || depth > 4) {
            return report(master, c, note, jemu.tier, ref, got, diff, ucTrace, d);
        }
        known.merge(k, 1, Integer::sum);
        d.tolerated().forEach(t -> known.merge(t, 1, Integer::sum));
        if (VERBOSE) {
            System.out.println("known difference " + k + ":" + report(master, c, note, jemu.tier, ref, got, diff, ucTrace, d));
        }
        PpcFuzzCase cut = c.withBranchToEndAt(d.diverging().pc());
        PpcFuzzState ref2 = uc.run(cut);
        List<Unicorn.MemAccess> trace2 = List.copyOf(uc.trace);
        PpcFuzzState got2 = jemu.run(cut);
        String diff2 = ref2.firstDifference(got2);
        if (diff2 == null) {
            return null;
        }
        return reconcile(master, cut, note + String.format(" cut before its known difference (%s) at 0x%x", k,
                d.diverging().pc()), ref2, got2, diff2, trace2, jemu, uc, known, depth + 1);
    }

    /** One executed instruction and the state before it. */
    record Step(long pc, int word, PpcFuzzState before) {
    }

    /**
     * @param tolerated FP known differences met and synced over (in order, repeats included)
     * @param jemuEnd   jemu's state when stepping ended without an unexplained difference, else null
     */
    record Diagnosis(List<Step> executed, Step diverging, PpcFuzzState unicorn, PpcFuzzState jemu, String diff, String log,
            List<Known> tolerated, PpcFuzzState jemuEnd) {
    }

    /**
     * Steps Unicorn and a single-instruction-block jemu of {@code tier} in lock step. A difference that
     * {@link PpcFpKnown} explains is recorded, Unicorn's FP state is set to jemu's and stepping goes on;
     * the first other difference ends it.
     */
    static Diagnosis diagnose(PpcFuzzCase c, JemuPpcRunner.Tier tier, UnicornPpcRunner uc) {
        List<Step> executed = new ArrayList<>();
        List<Known> tolerated = new ArrayList<>();
        StringBuilder log = new StringBuilder();
        try (JemuPpcRunner j = new JemuPpcRunner(tier, 1)) {
            uc.load(c);
            j.load(c);
            PpcFuzzState cur = j.state(c);
            // (with FP differences synced over, stepping follows the whole run, backward bclr/bcctr included)
            for (int s = 0; s <= UnicornPpcRunner.COUNT; s++) {
                long pc = cur.stop().pc();
                Step st = new Step(pc, c.wordAt(pc), cur);
                PpcFuzzState u = uc.step(c, pc);
                PpcFuzzState jj = j.step(c);
                if (u.stop().kind() == PpcFuzzState.Kind.FETCH_UNMAPPED && jj.stop().kind() == PpcFuzzState.Kind.RUNNING
                        && jj.stop().pc() == u.stop().pc()) {
                    jj = j.step(c);   // jemu's branch completed; its fetch from the unmapped target faults in the next step
                }
                if (jj.stop().kind() == PpcFuzzState.Kind.OTHER && jj.stop().detail().contains("code region")) {
                    // synced stepping went past where Unicorn's whole run stopped, into a store into the code:
                    // not comparable (such whole runs are skipped); compared up to here
                    log.append("    (store into the code region: stepping ends)\n");
                    return new Diagnosis(executed, null, null, null, null, log.toString(), tolerated, null);
                }
                String diff = u.firstDifference(jj);
                List<Known> fp = diff == null ? null : PpcFpKnown.explain(pc, st.word(), cur, u, jj);
                log.append(String.format("    %-60s Unicorn: %s; jemu: %s%s%n", PpcFuzzGenerator.describe(pc, st.word()),
                        u.stop(), jj.stop(), diff == null ? "" : (fp != null ? "  (known " + fp + ") " : "  <-- ") + diff));
                if (diff != null && fp == null) {
                    return new Diagnosis(executed, st, u, jj, diff, log.toString(), tolerated, null);
                }
                executed.add(st);
                cur = jj;
                if (fp != null) {
                    tolerated.addAll(fp);
                    uc.syncFp(jj);
                    if (jj.stop().terminal()) {
                        break;
                    }
                    continue;
                }
                if (u.stop().terminal()) {
                    break;
                }
            }
            return new Diagnosis(executed, null, null, null, null, log.toString(), tolerated, cur);
        }
    }

    /** The known difference the diverging instruction of {@code d} is, or null. */
    static Known classify(Diagnosis d) {
        Step s = d.diverging();
        if (s == null) {
            return null;
        }
        DecodeTable.Entry<PpcTranslator.Handler> e = PpcDecodeTable.TABLE.decode(s.word());
        if (e == null) {
            return null;
        }
        String name = e.name;
        int w = s.word();
        PpcFuzzState before = s.before();
        PpcFuzzState u = d.unicorn();
        PpcFuzzState j = d.jemu();
        long pc = s.pc();
        PpcFuzzState.Stop us = u.stop();
        PpcFuzzState.Stop js = j.stop();
        boolean jemuAlign = js.kind() == PpcFuzzState.Kind.ALIGNMENT && js.pc() == pc;
        boolean helper = QEMU_HELPER_ACCESS.contains(name);
        boolean unicornUnmappedHere = us.kind() == PpcFuzzState.Kind.UNMAPPED
                && (us.pc() == pc || (helper && us.pc() == pc + 4));
        if (helper && unicornUnmappedHere && js.kind() == us.kind() && js.pc() == pc && js.addr() == us.addr()
                && js.write() == us.write() && onlyDestinationsDiffer(e, w, before, u, j)) {
            return Known.MULTIPLE_STRING_FAULT;
        }
        boolean unicornRan = us.kind() == PpcFuzzState.Kind.RUNNING || us.kind() == PpcFuzzState.Kind.COMPLETED;
        int ra = e.pattern.hasField('a') ? e.field(w, 'a') : 0;
        long base = ra == 0 ? 0 : before.gpr()[ra];
        long ea = switch (name) {
            case "lmw", "stmw" -> (base + e.signedField(w, 'i')) & 0xffff_ffffL;
            default -> e.pattern.hasField('b') ? (base + before.gpr()[e.field(w, 'b')]) & 0xffff_ffffL : base;
        };
        switch (name) {
            case "icbi", "dcbf", "dcbst" -> {
                boolean jemuRan = js.kind() == PpcFuzzState.Kind.RUNNING || js.kind() == PpcFuzzState.Kind.COMPLETED;
                if (us.kind() == PpcFuzzState.Kind.UNMAPPED && us.pc() == pc && jemuRan
                        && js.pc() == pc + 4 && sameExceptStop(before, j) && sameExceptStop(u, j)) {
                    return Known.CACHE_OP_PROBES_UNMAPPED;
                }
            }
            case "lwarx", "stwcx.", "lmw", "stmw" -> {
                if ((ea & 3) == 0 || !jemuAlign) {
                    return null;
                }
                // (a store crossing from unmapped into mapped memory may have stored its mapped bytes in QEMU)
                int span = name.equals("stmw") ? 4 * (32 - e.field(w, 'd')) : name.equals("stwcx.") ? 4 : 0;
                boolean partial = helper ? onlyDestinationsDiffer(e, w, before, u, j) : onlyDiffers(u, j, -1, ea, span, false);
                if (unicornUnmappedHere && partial) {
                    return Known.UNMAPPED_BEFORE_ALIGNMENT;
                }
                if (name.equals("stwcx.") && unicornRan && onlyDiffers(u, j, -1, 0, 0, true)) {
                    return Known.STWCX_UNALIGNED_FAILS;
                }
                if (name.equals("lmw") && unicornRan && onlyDiffers(u, j, e.field(w, 'd'), 0, 0, false)) {
                    return Known.LMW_STMW_UNALIGNED;
                }
                if (name.equals("stmw") && unicornRan
                        && onlyDiffers(u, j, 32, ea, 4 * (32 - e.field(w, 'd')), false)) {
                    return Known.LMW_STMW_UNALIGNED;
                }
            }
            case "mtspr" -> {
                if (us.equals(js) && (u.xer() ^ j.xer()) == (j.xer() & 0x000C_0000L) && u.xer() != j.xer()
                        && sameExceptStop(u, new PpcFuzzState(j.gpr(), j.cr(), u.xer(), j.lr(), j.ctr(), j.data(), j.stop(), j.fpr(), j.fpscr()))) {
                    return Known.XER_RESERVED_OV32_CA32;
                }
            }
            case "mtfsf", "mtfsfi", "mtfsb1", "mtfsb0", "mcrfs" -> {
                int ni = org.jemu.ppc.cpu.PpcFpBits.bit(29);
                int fiBit = org.jemu.ppc.cpu.PpcFpBits.bit(14);
                if (name.equals("mtfsb1") && e.field(w, 'd') == 29 && us.equals(js)
                        && ((u.fpscr() ^ j.fpscr()) & ~fiBit) == ni && (u.fpscr() & fiBit) == 0
                        && sameExceptStop(u, new PpcFuzzState(j.gpr(), j.cr(), j.xer(), j.lr(), j.ctr(), j.data(), j.stop(),
                                j.fpr(), u.fpscr()))) {
                    return Known.QEMU_MTFSB1_IGNORES_NI;
                }
                boolean jemuRan = js.kind() == PpcFuzzState.Kind.RUNNING || js.kind() == PpcFuzzState.Kind.COMPLETED;
                int fi = org.jemu.ppc.cpu.PpcFpBits.bit(14);
                // (FI may differ as well: QEMU_CLEARS_FI, counted under this category then)
                if (us.kind() == PpcFuzzState.Kind.PROGRAM && us.pc() == pc + 4 && jemuRan && js.pc() == pc + 4
                        && (j.fpscr() & org.jemu.ppc.cpu.PpcFpBits.FEX) != 0 && ((u.fpscr() ^ j.fpscr()) & ~fi) == 0
                        && sameExceptStop(u, new PpcFuzzState(j.gpr(), j.cr(), j.xer(), j.lr(), j.ctr(), j.data(),
                                j.stop(), j.fpr(), u.fpscr()))) {
                    return Known.FP_ENABLED_EXCEPTION_IN_IGNORE_MODE;
                }
                if (us.equals(js) && (u.fpscr() ^ j.fpscr()) == fi && (j.fpscr() & fi) != 0
                        && sameExceptStop(u, new PpcFuzzState(j.gpr(), j.cr(), j.xer(), j.lr(), j.ctr(), j.data(), j.stop(),
                                j.fpr(), u.fpscr()))) {
                    return Known.QEMU_CLEARS_FI;
                }
            }
            case "divw", "divwu" -> {
                long dividend = before.gpr()[ra];
                long divisor = before.gpr()[e.field(w, 'b')];
                boolean undefined = divisor == 0
                        || (name.equals("divw") && dividend == 0x8000_0000L && divisor == 0xffff_ffffL);
                if (undefined && us.equals(js) && onlyDiffers(u, j, e.field(w, 'd'), 0, 0, true, e.field(w, 'd') + 1)) {
                    return Known.DIVIDE_UNDEFINED_RESULT;
                }
            }
            default -> {
                return null;
            }
        }
        return null;
    }

    /**
     * Whether {@code u} and {@code j} differ only in the destination registers (lmw, lswi, lswx) or the stored
     * bytes (stmw, stswi, stswx, dcbz) of instruction {@code w}, computed from the state {@code before} it.
     */
    private static boolean onlyDestinationsDiffer(DecodeTable.Entry<PpcTranslator.Handler> e, int w, PpcFuzzState before,
            PpcFuzzState u, PpcFuzzState j) {
        String name = e.name;
        int ra = e.field(w, 'a');
        long base = ra == 0 ? 0 : before.gpr()[ra];
        int rt = e.pattern.hasField('d') ? e.field(w, 'd') : 0;
        long ea;
        int bytes;
        switch (name) {
            case "lmw", "stmw" -> {
                ea = base + e.signedField(w, 'i');
                bytes = 4 * (32 - rt);
            }
            case "lswi", "stswi" -> {
                ea = base;
                bytes = e.field(w, 'n') == 0 ? 32 : e.field(w, 'n');
            }
            case "lswx", "stswx" -> {
                ea = base + before.gpr()[e.field(w, 'b')];
                bytes = (int) (before.xer() & 0x7f);
            }
            default -> {   // dcbz
                ea = (base + before.gpr()[e.field(w, 'b')]) & ~31L;
                bytes = 32;
            }
        }
        ea &= 0xffff_ffffL;
        boolean load = name.startsWith("l");
        int nregs = load ? (bytes + 3) / 4 : 0;
        for (int r : u.differingRegisters(j)) {
            if (((r - rt) & 31) >= nregs) {
                return false;
            }
        }
        if (u.cr() != j.cr() || u.xer() != j.xer() || u.lr() != j.lr() || u.ctr() != j.ctr()
                || !java.util.Arrays.equals(u.fpr(), j.fpr()) || u.fpscr() != j.fpscr()) {
            return false;
        }
        for (long x : u.differingBytes(j)) {
            if (load || x < ea || x >= ea + bytes) {
                return false;
            }
        }
        return true;
    }

    /** Same registers, CR, XER, LR, CTR and memory (stops not compared). */
    private static boolean sameExceptStop(PpcFuzzState a, PpcFuzzState b) {
        return java.util.Arrays.equals(a.gpr(), b.gpr()) && a.cr() == b.cr() && a.xer() == b.xer() && a.lr() == b.lr()
                && a.ctr() == b.ctr() && java.util.Arrays.equals(a.data(), b.data())
                && java.util.Arrays.equals(a.fpr(), b.fpr()) && a.fpscr() == b.fpscr();
    }

    /**
     * Whether {@code a} and {@code b} agree except possibly in GPRs {@code fromReg} up to (not including)
     * {@code toReg} (default: just {@code fromReg}; -1 for none), CR field 0 (if {@code cr0}), and data bytes
     * [{@code addr}, {@code addr + bytes}).
     */
    private static boolean onlyDiffers(PpcFuzzState a, PpcFuzzState b, int fromReg, long addr, int bytes, boolean cr0,
            int... toReg) {
        int to = toReg.length > 0 ? toReg[0] : (fromReg < 0 ? -1 : fromReg < 32 && fromReg > 0 ? 32 : fromReg + 1);
        if (toReg.length == 0 && fromReg >= 0 && fromReg < 32) {
            to = 32;  // lmw: fromReg..31
        }
        for (int r : a.differingRegisters(b)) {
            if (fromReg < 0 || r < fromReg || r >= to) {
                return false;
            }
        }
        long crMask = cr0 ? 0x0fff_ffffL : 0xffff_ffffL;
        if (((a.cr() ^ b.cr()) & crMask) != 0 || a.xer() != b.xer() || a.lr() != b.lr() || a.ctr() != b.ctr()
                || !java.util.Arrays.equals(a.fpr(), b.fpr()) || a.fpscr() != b.fpscr()) {
            return false;
        }
        for (long x : a.differingBytes(b)) {
            if (x < addr || x >= addr + bytes) {
                return false;
            }
        }
        return true;
    }

    private static String report(long master, PpcFuzzCase c, String note, JemuPpcRunner.Tier tier, PpcFuzzState ref,
            PpcFuzzState got, String diff, List<Unicorn.MemAccess> ucTrace, Diagnosis d) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%nMISMATCH (%s tier): case %d%s, case seed 0x%x; reproduce with -Djemu.fuzz.seed=0x%x "
                + "-Djemu.fuzz.index=%d%n", tier, c.index(), note, c.seed(), master, c.index()));
        sb.append("  code:\n").append(c.listing());
        List<Long> touched = ref.differingBytes(got);
        sb.append("  initial state:\n").append(c.initialState(touched.stream().limit(4).mapToLong(Long::longValue).toArray()));
        sb.append("  Unicorn data accesses:\n").append(ucTrace.isEmpty() ? "      (none)\n" : UnicornPpcRunner.format(ucTrace));
        sb.append("  Unicorn stop: ").append(ref.stop()).append('\n');
        sb.append("  jemu stop:    ").append(got.stop()).append('\n');
        sb.append("  first difference: ").append(diff).append('\n');
        for (int r : ref.differingRegisters(got)) {
            sb.append(String.format("    r%d: Unicorn 0x%08x, jemu 0x%08x%n", r, ref.gpr()[r], got.gpr()[r]));
        }
        sb.append("  lock-step single stepping (").append(tier).append(", one instruction per block):\n").append(d.log());
        if (d.diverging() == null) {
            sb.append("  no divergence when single-stepping: the difference needs multi-instruction blocks\n");
        } else {
            sb.append("  first diverging instruction: ")
                    .append(PpcFuzzGenerator.describe(d.diverging().pc(), d.diverging().word()))
                    .append("\n    ").append(d.diff()).append('\n');
            PpcFuzzState b = d.diverging().before();
            sb.append(String.format("    FPSCR before %08x, Unicorn %08x, jemu %08x (differing bits %08x); CR Unicorn %08x, jemu %08x%n",
                    b.fpscr(), d.unicorn().fpscr(), d.jemu().fpscr(), d.unicorn().fpscr() ^ d.jemu().fpscr(),
                    d.unicorn().cr(), d.jemu().cr()));
            for (int i = 0; i < 32; i++) {
                if (d.unicorn().fpr()[i] != d.jemu().fpr()[i]) {
                    sb.append(String.format("    f%d: before %016x, Unicorn %016x, jemu %016x%n", i, b.fpr()[i],
                            d.unicorn().fpr()[i], d.jemu().fpr()[i]));
                }
            }
        }
        return sb.toString();
    }

    /** Every decode-table entry is either claimed by the generator or excluded with a reason. */
    @Test
    void everyTableEntryIsClaimedOrExcluded() {
        List<String> names = PpcDecodeTable.TABLE.entries().stream().map(e -> e.name).toList();
        for (String ex : PpcFuzzGenerator.EXCLUDED.keySet()) {
            assertTrue(names.contains(ex), "excluded entry " + ex + " is not in the decode table");
        }
        assertEquals(names.size(), PpcFuzzGenerator.CLAIMED.size() + PpcFuzzGenerator.EXCLUDED.size());
    }

    /** The generator produces every entry it claims, and only forward branches into the sequence. */
    @Test
    void generatorCoversEveryClaimedEntry() {
        PpcFuzzGenerator gen = new PpcFuzzGenerator();
        for (int i = 0; i < 3000; i++) {
            PpcFuzzCase c = gen.generate(i, caseSeed(0x5eed, i));
            assertTrue(c.words().length >= 1 && c.words().length <= 12);
            assertTrue(c.codeAddr() >= PpcFuzzCase.CODE && c.end() + 4 <= PpcFuzzCase.CODE + PpcFuzzCase.CODE_SIZE);
            for (int k = 0; k < c.words().length; k++) {
                long pc = c.codeAddr() + 4L * k;
                DecodeTable.Entry<PpcTranslator.Handler> e = PpcDecodeTable.TABLE.decode(c.words()[k]);
                assertTrue(e != null && PpcFuzzGenerator.CLAIMED.contains(e), PpcFuzzGenerator.describe(pc, c.words()[k]));
                if (PpcFuzzGenerator.BRANCHES.contains(e.name)) {
                    long target = pc + 4L * e.signedField(c.words()[k], 'i');
                    assertTrue(target > pc && target <= c.end(), "branch not forward: " + PpcFuzzGenerator.describe(pc, c.words()[k]));
                }
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>(gen.counts());
        System.out.println("PPC fuzz generator, instructions per entry over 3000 cases: " + counts);
        assertEquals(List.of(), gen.missing(), "claimed entries the generator never produced");
        counts.forEach((name, n) -> assertTrue(n >= 20, name + " generated only " + n + " times"));
    }
}
