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
 * {@link System#nanoTime()}, printed), {@code -Djemu.fuzz.count=N} (cases, default {@value #DEFAULT_COUNT}),
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
         * An FPSCR instruction (mtfsf, mtfsfi, mtfsb1) that leaves an enabled exception pending (FPSCR[FEX] = 1)
         * while MSR[FE0] = MSR[FE1] = 0. That MSR setting is "ignore exceptions" mode (PEM 2.3.1 MSR, 6.4.7):
         * no program interrupt is taken, as jemu does; Unicorn 2.0.1 raises a floating-point enabled program
         * exception after the instruction. The instruction itself completed identically.
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
         * (and so CR1 of the record form, which does not include NI) may differ.
         */
        QEMU_MTFSB1_IGNORES_NI
    }

    /** Instructions QEMU 5.0 implements with a helper that accesses memory (see MULTIPLE_STRING_FAULT). */
    private static final java.util.Set<String> QEMU_HELPER_ACCESS = java.util.Set.of("lmw", "stmw", "lswi", "lswx",
            "stswi", "stswx", "dcbz");

    static final int DEFAULT_COUNT = 3000;
    private static final int MAX_REPORTED_FAILURES = 5;
    private static final boolean VERBOSE = Boolean.getBoolean("jemu.fuzz.verbose");

    private static long masterSeed() {
        String s = System.getProperty("jemu.fuzz.seed");
        return s == null || s.isBlank() ? System.nanoTime() : Long.decode(s.trim());
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
        Diagnosis d = diagnose(c, jemu.tier, uc);
        Known k = classify(d);
        if (k == null) {
            return report(master, c, "", jemu.tier, ref, got, diff, ucTrace, d);
        }
        known.merge(k, 1, Integer::sum);
        if (VERBOSE) {
            System.out.println("known difference " + k + ":" + report(master, c, "", jemu.tier, ref, got, diff, ucTrace, d));
        }
        PpcFuzzCase cut = c.withBranchToEndAt(d.diverging().pc());
        PpcFuzzState ref2 = uc.run(cut);
        List<Unicorn.MemAccess> trace2 = List.copyOf(uc.trace);
        PpcFuzzState got2 = jemu.run(cut);
        String diff2 = ref2.firstDifference(got2);
        if (diff2 == null) {
            return null;
        }
        return report(master, cut, String.format(" cut before its known difference (%s) at 0x%x", k, d.diverging().pc()),
                jemu.tier, ref2, got2, diff2, trace2, diagnose(cut, jemu.tier, uc));
    }

    /** One executed instruction and the state before it. */
    record Step(long pc, int word, PpcFuzzState before) {
    }

    record Diagnosis(List<Step> executed, Step diverging, PpcFuzzState unicorn, PpcFuzzState jemu, String diff, String log) {
    }

    /** Steps Unicorn and a single-instruction-block jemu of {@code tier} in lock step. */
    static Diagnosis diagnose(PpcFuzzCase c, JemuPpcRunner.Tier tier, UnicornPpcRunner uc) {
        List<Step> executed = new ArrayList<>();
        StringBuilder log = new StringBuilder();
        try (JemuPpcRunner j = new JemuPpcRunner(tier, 1)) {
            uc.load(c);
            j.load(c);
            PpcFuzzState cur = j.state(c);
            for (int s = 0; s <= c.words().length + 1; s++) {
                long pc = cur.stop().pc();
                Step st = new Step(pc, c.wordAt(pc), cur);
                PpcFuzzState u = uc.step(c, pc);
                PpcFuzzState jj = j.step(c);
                String diff = u.firstDifference(jj);
                log.append(String.format("    %-60s Unicorn: %s; jemu: %s%s%n", PpcFuzzGenerator.describe(pc, st.word()),
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
            case "mtfsf", "mtfsfi", "mtfsb1" -> {
                int ni = org.jemu.ppc.cpu.PpcFpBits.bit(29);
                if (name.equals("mtfsb1") && e.field(w, 'd') == 29 && us.equals(js) && (u.fpscr() ^ j.fpscr()) == ni
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
