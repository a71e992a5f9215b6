package org.jemu.x86.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jemu.x86.decode.X86Decoder;
import org.jemu.x86.decode.X86Insn;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential fuzzing with paging on, against qemu-system-i386 (TCG) as the oracle: batches of
 * {@link X86PagingRom.PagingCase}s (random 32-bit paging structures with 4 KiB and 4 MiB pages, random U/S,
 * R/W, A, D, G, aliasing and non-identity mappings, not-present entries, CR0.WP, CR4.PSE/PGE, CPL 0 or 3; a
 * FLAT32 instruction sequence of {@link X86FuzzGenerator} with INVLPG and CR3 reloads) are built into one
 * bare-metal BIOS ROM per batch, which runs on {@code qemu-system-i386 -M pc} and on jemu's CPU in the same
 * memory map, in the interpreter and (every second batch) with every block compiled. Each case ends at its
 * first exception (a task gate; the vector, the error code, CR2), at the latest the #UD of the UD2 after its
 * last instruction; the harness reports EIP, EFLAGS, EAX..EDI, the selectors, the final value of every paging
 * entry the case set (A and D flags), whether the code page changed and hashes of the 16 data pages. All must
 * agree, EFLAGS except the bits the executed instructions may leave undefined ({@link X86FlagRules}, the union
 * over the instructions before the stop), unless the difference is one of {@link #known}'s.
 *
 * <p>Properties: {@code -Djemu.fuzz.seed=N} (master seed; CI=true: fixed 0x5eed0007, else
 * {@link System#nanoTime()}; printed), {@code -Djemu.paging.count=N} (cases, default {@link #DEFAULT_COUNT}),
 * {@code -Djemu.paging.batch=N} (cases per ROM, default 200), {@code -Djemu.fuzz.index=I} (only case I, in a
 * ROM of its own, with its pages dumped raw and the differing dwords listed; the case runs in a fresh machine
 * rather than after the cases before it, which almost always reproduces a mismatch). Without
 * qemu-system-i386 the test is skipped, unless CI=true or {@code -Djemu.qemu.required=true}: then it fails.
 */
class X86PagingFuzzTest {
    static final int DEFAULT_COUNT = 3000;
    static final int DEFAULT_BATCH = 200;
    /** jemu instructions per batch at most (the harness and 200 cases take about 20 million). */
    static final long MAX_INSTRUCTIONS = 200_000_000L;
    /**
     * The interpreter tier compiles blocks that ran this often: the harness's loops, never a case's code
     * (the sequences go forward; a LOOP or REP runs fewer times), which the IR interpreter runs.
     */
    static final int HOT_THRESHOLD = 1000;

    @TempDir
    Path tmp;

    private static long masterSeed() {
        String s = System.getProperty("jemu.fuzz.seed");
        return s == null || s.isBlank() ? ("true".equalsIgnoreCase(System.getenv("CI")) ? 0x5eed_0007L : System.nanoTime())
                : Long.decode(s.trim());
    }

    /** One record of the harness (see paging-harness.asm). */
    record Rec(int index, int vector, boolean hasErr, int err, long cr2, long eip, int eflags, long[] regs, int[] segs,
               boolean codeChanged, int[] hashes, long[] entries, byte[] pages) {
        static final String[] REG = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};

        /**
         * The first difference from {@code o}, or null; {@code flagMask}: the EFLAGS bits compared; {@code c}
         * names the paging entries.
         */
        String diff(Rec o, int flagMask, X86PagingRom.PagingCase c) {
            if (vector != o.vector) {
                return "vector: " + vec(vector) + " vs " + vec(o.vector);
            }
            if (hasErr != o.hasErr || err != o.err) {
                return String.format("error code: %s vs %s", hasErr ? Integer.toHexString(err) : "none",
                        o.hasErr ? Integer.toHexString(o.err) : "none");
            }
            if (cr2 != o.cr2) {
                return String.format("cr2: 0x%x vs 0x%x", cr2, o.cr2);
            }
            if (eip != o.eip) {
                return String.format("eip: 0x%x vs 0x%x", eip, o.eip);
            }
            for (int i = 0; i < 8; i++) {
                if (regs[i] != o.regs[i]) {
                    return String.format("%s: 0x%08x vs 0x%08x", REG[i], regs[i], o.regs[i]);
                }
            }
            if (((eflags ^ o.eflags) & flagMask) != 0) {
                return String.format("eflags: 0x%08x vs 0x%08x (differing bits 0x%x)", eflags, o.eflags,
                        (eflags ^ o.eflags) & flagMask);
            }
            for (int s = 0; s < 6; s++) {
                if (segs[s] != o.segs[s]) {
                    return String.format("%s: 0x%04x vs 0x%04x", X86FuzzState.SEG[s], segs[s], o.segs[s]);
                }
            }
            if (codeChanged != o.codeChanged) {
                return "code page changed: " + codeChanged + " vs " + o.codeChanged;
            }
            for (int p = 0; p < hashes.length; p++) {
                if (hashes[p] != o.hashes[p]) {
                    return String.format("memory: physical page 0x%x differs", X86PagingRom.pageAddr(p));
                }
            }
            return entriesDiff(o, c);
        }

        /** The first paging entry that differs (in A or D), or null. */
        String entriesDiff(Rec o, X86PagingRom.PagingCase c) {
            for (int i = 0; i < entries.length; i++) {
                if (entries[i] != o.entries[i]) {
                    boolean pde = c.entries()[i][0] < X86PagingRom.CPT0;
                    return String.format("%s: %08x%s vs %08x%s", c.entryName(i), entries[i],
                            X86PagingRom.PagingCase.flags(entries[i], pde), o.entries[i],
                            X86PagingRom.PagingCase.flags(o.entries[i], pde));
                }
            }
            return null;
        }

        static String vec(int v) {
            return "#" + v;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format("%s%s cr2=%08x eip=%08x eflags=%08x%n      ", vec(vector),
                    hasErr ? String.format(" error %x", err) : "", cr2, eip, eflags));
            for (int i = 0; i < 8; i++) {
                sb.append(String.format("%s=%08x ", REG[i], regs[i]));
            }
            sb.append(String.format("%n      es=%04x cs=%04x ss=%04x ds=%04x fs=%04x gs=%04x", segs[0], segs[1], segs[2],
                    segs[3], segs[4], segs[5]));
            return sb.toString();
        }
    }

    /** Parses the records of a debug-console stream of {@code cases}; {@code full}: the ROM dumps pages. */
    static List<Rec> parse(byte[] b, List<X86PagingRom.PagingCase> cases, boolean full) {
        List<Rec> out = new ArrayList<>();
        int o = 0;
        while (out.size() < cases.size() && o + X86PagingRom.RECORD_FIXED <= b.length) {
            if (b[o] != 'P' || b[o + 1] != 'G' || b[o + 2] != 'R' || b[o + 3] != 'C') {
                throw new IllegalStateException("debug console stream out of step at byte " + o);
            }
            int n = cases.get(out.size()).entries().length;
            int idx = i32(b, o + 4);
            long[] regs = new long[8];
            for (int i = 0; i < 8; i++) {
                regs[i] = i32(b, o + 32 + 4 * i) & 0xFFFF_FFFFL;
            }
            int[] segs = new int[6];
            for (int s = 0; s < 6; s++) {
                segs[s] = i32(b, o + 64 + 4 * s);
            }
            int[] hashes = new int[X86PagingRom.DATA_PAGES];
            for (int p = 0; p < hashes.length; p++) {
                hashes[p] = i32(b, o + 92 + 4 * p);
            }
            int end = o + X86PagingRom.RECORD_FIXED + 4 * n;
            if (end > b.length) {
                break;
            }
            long[] entries = new long[n];
            for (int i = 0; i < n; i++) {
                entries[i] = i32(b, o + X86PagingRom.RECORD_FIXED + 4 * i) & 0xFFFF_FFFFL;
            }
            byte[] pages = null;
            if (full) {
                pages = java.util.Arrays.copyOfRange(b, end, end + X86PagingRom.DUMP_PAGES * 4096);
                end += X86PagingRom.DUMP_PAGES * 4096;
            }
            out.add(new Rec(idx, i32(b, o + 8), i32(b, o + 12) != 0, i32(b, o + 16), i32(b, o + 20) & 0xFFFF_FFFFL,
                    i32(b, o + 24) & 0xFFFF_FFFFL, i32(b, o + 28), regs, segs, i32(b, o + 88) != 0, hashes, entries,
                    pages));
            o = end;
        }
        return out;
    }

    private static int i32(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
    }

    /**
     * The EFLAGS bits the case may leave undefined where it stopped: the union of the flags the SDM leaves
     * undefined over the instructions before the one at {@code stopEip} (all of them for the final JMP).
     */
    static int undefinedFlags(X86FuzzCase seq, long stopEip) {
        X86Decoder dec = new X86Decoder();
        int mask = 0;
        for (int i = 0; i < seq.insnAddrs().length - 1; i++) {
            if (seq.insnAddrs()[i] >= stopEip) {
                break;
            }
            X86Insn in = dec.decode(seq.insnBytes(i), 32);
            mask |= X86FlagRules.staticEffect(in)[1];
        }
        return mask;
    }

    /**
     * Whether an instruction may read a status flag that is undefined on some path to it: the generator puts a
     * CMP before a flag reader when the instructions before it in the listing leave a flag it reads undefined,
     * but a forward jump can skip the instructions that define it. A forward data-flow over the sequence (the
     * direct jumps, CALL, LOOP and JCXZ by their displacement, RET and the indirect JMP/CALL by the target
     * their set-up instruction places).
     */
    static boolean mayReadUndefinedFlags(X86FuzzCase seq, long stopEip) {
        return mayReadTaintedFlags(seq, executedBefore(seq, stopEip), false);
    }

    /**
     * The number of listing instructions that ran before a stop at {@code stopEip} (a fault's EIP is that of the
     * faulting instruction, which committed nothing; a trap's and the end's are past the last one that ran): those
     * at lower addresses, as the case's jumps go forward only ({@link #undefinedFlags} likewise); all but the
     * final JMP if the stop is not in the listing's range.
     */
    static int executedBefore(X86FuzzCase seq, long stopEip) {
        int n = seq.insnAddrs().length - 1;
        for (int i = 0; i < n; i++) {
            if (seq.insnAddrs()[i] >= stopEip) {
                return i;
            }
        }
        return n;
    }

    /**
     * Whether an instruction before instruction {@code limit} (listing index) may read a status flag that QEMU
     * 7.2's CMPXCHG8B computed with a stale cc_op (all but ZF) on some path to it, with no instruction in between
     * that defines the flag again: the same forward data-flow as {@link #mayReadUndefinedFlags}.
     */
    static boolean mayReadStaleCmpxchg8bFlags(X86FuzzCase seq, int limit) {
        return mayReadTaintedFlags(seq, limit, true);
    }

    /**
     * The forward data-flow of {@link #mayReadUndefinedFlags} over the instructions before {@code limit}: the
     * tainted flags are those left undefined ({@code cmpxchg8b} false) or those CMPXCHG8B leaves stale on QEMU
     * ({@code cmpxchg8b} true; undefined flags are then not tainted, {@link #mayReadUndefinedFlags} covers them).
     */
    private static boolean mayReadTaintedFlags(X86FuzzCase seq, int limit, boolean cmpxchg8b) {
        X86Decoder dec = new X86Decoder();
        int n = Math.min(seq.insnAddrs().length, limit + 1);
        int[] undefinedIn = new int[n];
        boolean[] reached = new boolean[n];
        reached[0] = true;
        X86Insn prev = null;
        for (int i = 0; i < n - 1; i++) {
            X86Insn in = dec.decode(seq.insnBytes(i), 32);
            X86Insn setup = prev;
            prev = in;
            if (!reached[i] || !in.ok()) {
                continue;
            }
            if ((X86FlagRules.reads(in) & undefinedIn[i]) != 0) {
                return true;
            }
            int[] e = X86FlagRules.staticEffect(in);
            String m = in.entry().mnemonic();
            int out = cmpxchg8b ? (undefinedIn[i] & ~e[0]) | (m.equals("CMPXCHG8B") ? X86FlagRules.ALL & ~X86FlagRules.ZF : 0)
                    : (undefinedIn[i] & ~e[0]) | e[1];
            long next = seq.insnAddrs()[i + 1];
            boolean direct = !in.entry().operands().isEmpty() && in.entry().operands().get(0).method() == 'J';
            boolean indirect = m.equals("RET") || (m.equals("JMP") || m.equals("CALL")) && !direct;
            boolean unconditional = m.equals("JMP") || m.equals("CALL") || m.equals("RET");
            List<Long> succ = new ArrayList<>();
            if (!unconditional) {
                succ.add(next);
            }
            if (direct) {
                succ.add((next + in.imm()) & 0xFFFF_FFFFL);
            } else if (indirect && setup != null) {
                succ.add(setup.imm() & 0xFFFF_FFFFL);
            }
            for (long a : succ) {
                int k = seq.insnIndex(a);
                if (k > i && k < n) {
                    reached[k] = true;
                    undefinedIn[k] |= out;
                }
            }
        }
        return false;
    }

    /**
     * Whether an instruction that ran before the stop at {@code stopEip} ({@link #executedBefore}) is one whose
     * result the SDM leaves undefined for some operands (16-bit SHLD/SHRD with a count above 16).
     */
    static boolean mayHaveUndefinedResult(X86FuzzCase seq, long stopEip) {
        X86Decoder dec = new X86Decoder();
        for (int i = 0; i < executedBefore(seq, stopEip); i++) {
            X86Insn in = dec.decode(seq.insnBytes(i), 32);
            String m = in.entry().mnemonic();
            if ((m.equals("SHLD") || m.equals("SHRD")) && X86FlagRules.operandBits(in) == 16) {
                long c = X86FlagRules.shiftCount(in);
                if (c < 0 || c > 16) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void pagingMatchesQemuSystem() throws Exception {
        String qemu = PagingRomRunners.qemu();
        boolean required = Boolean.getBoolean("jemu.qemu.required") || "true".equalsIgnoreCase(System.getenv("CI"));
        if (required) {
            assertNotNull(qemu, "qemu-system-i386 is required here (CI=true or -Djemu.qemu.required=true): "
                    + "install Debian's qemu-system-x86");
        }
        Assumptions.assumeTrue(qemu != null, "x86 paging fuzz skipped: no qemu-system-i386 on PATH");
        long master = masterSeed();
        int count = Integer.getInteger("jemu.paging.count", DEFAULT_COUNT);
        int batch = Math.min(X86PagingRom.MAX_CASES, Integer.getInteger("jemu.paging.batch", DEFAULT_BATCH));
        Integer only = Integer.getInteger("jemu.fuzz.index");
        int from = only == null ? 0 : only;
        int to = only == null ? count : only + 1;
        System.out.printf("x86 paging differential fuzz vs %s: master seed 0x%x (-Djemu.fuzz.seed=0x%x), %d case(s), "
                + "%d per ROM%n", qemu, master, master, to - from, batch);
        X86FuzzGenerator gen = new X86FuzzGenerator();
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> known = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int compared = 0;
        int undefinedResults = 0;
        int wroteCode = 0;
        int undefinedFlagPaths = 0;
        long qemuNanos = 0;
        long[] jemuNanos = new long[2];
        long t0 = System.nanoTime();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long proc0 = os.getProcessCpuTime();
        int batchNo = 0;
        for (int b0 = from; b0 < to; b0 += batch, batchNo++) {
            List<X86PagingRom.PagingCase> cases = new ArrayList<>();
            for (int i = b0; i < Math.min(to, b0 + batch); i++) {
                cases.add(X86PagingRom.generate(gen, i, X86DifferentialFuzzTest.caseSeed(master, X86FuzzCase.Mode.PAGED32, i)));
            }
            boolean full = only != null;
            byte[] rom = X86PagingRom.build(cases, k -> full);
            String save = System.getProperty("jemu.paging.saveRom");
            if (save != null && batchNo == 0) {
                java.nio.file.Files.write(Path.of(save), rom);
            }
            long ts = System.nanoTime();
            PagingRomRunners.Output q = PagingRomRunners.qemu(qemu, rom, tmp, 120);
            qemuNanos += System.nanoTime() - ts;
            List<Rec> ref = parse(q.debugcon(), cases, full);
            if (!"debug-exit 0".equals(q.end()) && ref.size() < cases.size()) {
                X86PagingRom.PagingCase c = cases.get(ref.size());
                fail(String.format("QEMU ended the batch (%s) at case %d (-Djemu.fuzz.seed=0x%x "
                        + "-Djemu.fuzz.index=%d):%n%s%s", q.end(), c.index(), master, c.index(), c.seq().listing(),
                        c.describe()));
            }
            assertEquals("debug-exit 0", q.end(), "QEMU did not finish the batch");
            assertEquals(cases.size(), ref.size(), "QEMU reported " + ref.size() + " of " + cases.size() + " cases");
            for (int t = 0; t < 2; t++) {
                boolean compiled = t == 1;
                if (compiled && batchNo % 2 != 0 && only == null) {
                    continue;
                }
                ts = System.nanoTime();
                PagingRomRunners.Output j = PagingRomRunners.jemu(rom, compiled ? 0 : HOT_THRESHOLD, MAX_INSTRUCTIONS);
                jemuNanos[t] += System.nanoTime() - ts;
                if (Boolean.getBoolean("jemu.fuzz.verbose")) {
                    System.out.printf("ROM %d, %s tier: %d instructions in %.2f s%n", batchNo, compiled ? "compiled"
                            : "interpreter", j.instructions(), (System.nanoTime() - ts) / 1e9);
                }
                List<Rec> got = parse(j.debugcon(), cases, full);
                String tier = compiled ? "compiled" : "interpreter";
                for (int k = 0; k < cases.size(); k++) {
                    X86PagingRom.PagingCase c = cases.get(k);
                    Rec u = ref.get(k);
                    if (t == 0) {
                        compared++;
                        outcomes.merge(u.vector() == 6 && u.eip() == c.seq().end() ? "end (UD2)" : Rec.vec(u.vector()), 1,
                                Integer::sum);
                    }
                    if (k >= got.size()) {
                        failures.add(String.format("%njemu (%s) ended the batch at case %d: %s%n  code:%n%s%s", tier,
                                c.index(), j.end(), c.seq().listing(), c.describe()));
                        break;
                    }
                    Rec g = got.get(k);
                    if (u.codeChanged()) {
                        if (t == 0) {
                            wroteCode++;
                        }
                        continue;   // the case stored into its own code (as X86DifferentialFuzzTest, not compared)
                    }
                    int mask = X86FuzzState.COMPARED & ~undefinedFlags(c.seq(), u.eip());
                    String d = u.diff(g, mask, c);
                    if (d == null) {
                        continue;
                    }
                    // what ran before the earlier of the two stops: the instruction that made them differ ran on both
                    long stop = Math.min(u.eip(), g.eip());
                    if (mayHaveUndefinedResult(c.seq(), stop)) {
                        undefinedResults++;
                        continue;
                    }
                    if (mayReadUndefinedFlags(c.seq(), stop)) {
                        undefinedFlagPaths++;
                        continue;
                    }
                    String k2 = known(c, u, g, mask);
                    if (k2 != null) {
                        known.merge(k2, 1, Integer::sum);
                        continue;
                    }
                    String report = report(master, c, tier, u, g, d);
                    failures.add(report);
                    System.out.println(report);
                    if (failures.size() >= 5) {
                        break;
                    }
                }
                if (failures.isEmpty()) {
                    assertEquals("debug-exit 0", j.end(), "jemu (" + tier + ") did not finish the batch");
                }
                if (failures.size() >= 5) {
                    break;
                }
            }
            if (failures.size() >= 5) {
                break;
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("x86 paging fuzz: %.1f s of JVM CPU time (QEMU runs in its own processes)%n",
                (os.getProcessCpuTime() - proc0) / 1e9);
        System.out.printf("x86 paging fuzz: %d cases compared in %.1f s (QEMU %.1f s, jemu interpreter %.1f s, compiled "
                + "%.1f s on every second ROM), outcomes %s, %d mismatches accepted as undefined SHLD/SHRD results, "
                + "%d as a flag read that a jump path leaves undefined, known QEMU differences %s, %d not compared (stores "
                + "into the code page), %d mismatches%n", compared, secs, qemuNanos / 1e9, jemuNanos[0] / 1e9,
                jemuNanos[1] / 1e9, outcomes, undefinedResults, undefinedFlagPaths, known, wroteCode, failures.size());
        if (!failures.isEmpty()) {
            fail(failures.size() + " mismatch(es) between jemu and qemu-system-i386 with paging (master seed 0x"
                    + Long.toHexString(master) + "); first:\n" + failures.get(0));
        }
        assertTrue(compared > 0);
    }

    /**
     * Known differences between QEMU 7.2's TCG and jemu; a mismatch is accepted only when it is exactly one of
     * them (same stop, and only what the difference explains differs). Returns its name, or null.
     * <ul>
     *   <li>{@code QEMU_FLAGS_OF_FAULTING_FLAG_READER}: an instruction that reads the status flags (SETcc,
     *       CMOVcc, ADC, RCL, ...) faults after QEMU materialised the flags inside it (CC_OP_EFLAGS with the
     *       flags in cc_src); QEMU's state restore on the fault puts back the instruction's starting cc_op but
     *       not cc_src/cc_dst, so the EFLAGS the exception saves are computed from clobbered operands (status
     *       flags wrong, sometimes other bits ORed in). A faulting instruction leaves EFLAGS unchanged (SDM
     *       Vol. 3A 6.5). Accepted when EFLAGS differ in status flags or in bits only QEMU has set.</li>
     *   <li>{@code GRP3_TEST_ALIAS_AS_UD}, {@code INT1_AS_UD}: F6/F7 /1 (the TEST alias every IA-32 processor
     *       executes) and INT1 (F1, a #DB trap), which QEMU 7.2 raises #UD for (as Unicorn 2.0.1, see
     *       {@code X86DifferentialFuzzTest.Known}); {@code HINT_NOP_0F18_REGISTER_AS_UD}: 0F 18 /0../3 with a
     *       register operand, a hint NOP in jemu's i686 maps, PREFETCHh (memory only, else #UD) on QEMU.</li>
     *   <li>{@code CMPS_ACCESS_ORDER}: CMPS reads ES:[EDI] before DS:[ESI] on QEMU, DS:[ESI] first on jemu (the
     *       SDM gives no order): when both reads fault, the #PF (CR2, error code) is for a different operand;
     *       when only the second read faults, the first one's paging entries have their accessed flags set on
     *       one only. Accepted for a #PF at CMPS on both when everything else but the page directory and page
     *       tables agrees.</li>
     *   <li>{@code QEMU_CMPXCHG8B_STALE_CC_OP}: QEMU 7.2's CMPXCHG8B helper computes the flags it leaves
     *       unchanged (all but ZF, SDM Vol. 2A CMPXCHG8B) with a stale cc_op (the translator does not write
     *       its pending cc_op back before the call; other bits may be ORed in, as above). Accepted when
     *       CMPXCHG8B ran before the stop and only status flags, or bits only QEMU has set, differ, or when an
     *       instruction after it that reads one of the stale flags may have run before the stop with no
     *       instruction defining that flag again in between (its result then differs too; see
     *       {@link #mayReadStaleCmpxchg8bFlags}).</li>
     *   <li>{@code QEMU_NULL_SEGMENT_ACCESS}: an access through a segment register holding a null selector
     *       raises #GP(0) (SDM Vol. 3A 5.4.1); QEMU does not check it (nor data-segment limits, see
     *       {@link X86PagingRom#gdt()}). Accepted when jemu raised #GP(0) at an instruction of the sequence, QEMU
     *       did not, and a segment register that instruction accesses memory through ({@link #dataSegments})
     *       holds a null selector.</li>
     *   <li>{@code QEMU_CODE_SEGMENT_DATA_ACCESS}: a data segment register may hold a readable code segment (a
     *       random POP DS of 0008h, say); writing through it raises #GP(0) (SDM Vol. 3A 5.4.1, a code segment
     *       is never writable), and QEMU does not check segment types on data accesses. Accepted when jemu raised
     *       #GP(0) at an instruction of the sequence, QEMU did not, and a segment register that instruction
     *       writes memory through ({@link #writtenSegments}) holds a code segment's selector (reads through a
     *       readable code segment are legal, so a #GP on one stays a mismatch).</li>
     * </ul>
     */
    /**
     * The segment registers (0..5: ES CS SS DS FS GS) instruction {@code in} names for its memory accesses: the
     * ModRM or moffs operand's segment (after defaults and override), DS or the override for the string source
     * (X) and XLAT, ES for the string destination (Y) (SDM Vol. 1 3.7.5, Vol. 2 MOVS/XLAT).
     */
    /**
     * The segment registers {@code in} writes memory through: its ModRM memory operand when that is the
     * destination (the first operand, for instructions other than the ones that only read it), and ES for the
     * string destination of MOVS, STOS and INS (SDM Vol. 2, each instruction's Operation).
     */
    static int[] writtenSegments(X86Insn in) {
        java.util.Set<Integer> s = new java.util.TreeSet<>();
        String m = in.entry().mnemonic();
        var ops = in.entry().operands();
        if (in.ea() != null && !ops.isEmpty() && (ops.get(0).method() == 'E' || ops.get(0).method() == 'M')
                && !readsOnlyFirstOperand(m)) {
            s.add(in.ea().segment());
        }
        for (var o : ops) {
            if (o.method() == 'Y' && (m.startsWith("MOVS") || m.startsWith("STOS") || m.startsWith("INS"))) {
                s.add(0);
            }
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Instructions whose first operand, a memory operand, is only read (or only addressed). */
    private static boolean readsOnlyFirstOperand(String m) {
        if (m.startsWith("F")) {
            // x87: only the stores write their memory operand
            return !(m.startsWith("FST") || m.startsWith("FIST") || m.equals("FBSTP") || m.startsWith("FNST")
                    || m.equals("FNSAVE") || m.equals("FXSAVE"));
        }
        return switch (m) {
            case "CMP", "TEST", "PUSH", "JMP", "JMPF", "CALL", "CALLF", "BT", "NOP", "MUL", "IMUL", "DIV", "IDIV",
                    "LLDT", "LTR", "LMSW", "LGDT", "LIDT", "VERR", "VERW", "INVLPG", "BOUND" -> true;
            default -> m.startsWith("PREFETCH") || m.startsWith("CLFLUSH");
        };
    }

    static int[] dataSegments(X86Insn in) {
        java.util.Set<Integer> s = new java.util.TreeSet<>();
        int src = in.segOverride() >= 0 ? in.segOverride() : 3;
        if (in.ea() != null) {
            s.add(in.ea().segment());
        }
        for (var o : in.entry().operands()) {
            if (o.method() == 'X') {
                s.add(src);
            } else if (o.method() == 'Y') {
                s.add(0);
            }
        }
        if (in.entry().mnemonic().equals("XLAT")) {
            s.add(src);
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    static String known(X86PagingRom.PagingCase c, Rec u, Rec g, int mask) {
        int idx = c.seq().insnIndex(u.eip());
        if (idx < 0) {
            return null;
        }
        X86Decoder dec = new X86Decoder();
        boolean cmpxchg8b = false;
        for (int i = 0; i < idx; i++) {
            X86Insn p = dec.decode(c.seq().insnBytes(i), 32);
            cmpxchg8b |= p.ok() && p.entry().mnemonic().equals("CMPXCHG8B");
        }
        if (cmpxchg8b && u.vector() == g.vector() && mayReadStaleCmpxchg8bFlags(c.seq(), idx)) {
            return "QEMU_CMPXCHG8B_STALE_CC_OP";     // a later instruction consumed the wrong flags
        }
        if (cmpxchg8b && u.diff(g, 0, c) == null
                && ((u.eflags() ^ g.eflags()) & mask & ~X86FlagRules.ALL & ~u.eflags()) == 0) {
            return "QEMU_CMPXCHG8B_STALE_CC_OP";
        }
        int gIdx = c.seq().insnIndex(g.eip());
        if (g.vector() == 13 && g.hasErr() && g.err() == 0 && u.vector() != 13 && u.eip() >= g.eip() && gIdx >= 0) {
            X86Insn faulting = dec.decode(c.seq().insnBytes(gIdx), 32);
            for (int s : faulting.ok() ? dataSegments(faulting) : new int[0]) {
                if (s != 1 && s != 2 && (g.segs()[s] & 0xFFFC) == 0) {
                    return "QEMU_NULL_SEGMENT_ACCESS";
                }
            }
            long[] gdt = X86PagingRom.gdt();
            for (int s : faulting.ok() ? writtenSegments(faulting) : new int[0]) {
                int sel = g.segs()[s] & 0xFFFF;
                if (s != 1 && (sel & 4) == 0 && (sel >> 3) < gdt.length && ((gdt[sel >> 3] >>> 43) & 3) == 3) {
                    return "QEMU_CODE_SEGMENT_DATA_ACCESS";   // S = 1 and type bit 3: a code segment
                }
            }
        }
        if (idx >= c.seq().insnAddrs().length - 1) {
            return null;
        }
        X86Insn in = new X86Decoder().decode(c.seq().insnBytes(idx), 32);
        if (!in.ok()) {
            return null;
        }
        String m = in.entry().mnemonic();
        if (u.vector() == 6 && m.equals("TEST") && (in.opcode() == 0xF6 || in.opcode() == 0xF7) && in.reg() == 1) {
            return "GRP3_TEST_ALIAS_AS_UD";
        }
        if (u.vector() == 6 && m.equals("INT1") && g.vector() == 1) {
            return "INT1_AS_UD";
        }
        if (u.vector() == 6 && in.opcode() == 0x0F18 && in.mod() == 3 && in.reg() < 4) {
            return "HINT_NOP_0F18_REGISTER_AS_UD";
        }
        if (u.vector() == g.vector() && u.vector() != 6 && X86FlagRules.reads(in) != 0
                && u.diff(g, 0, c) == null
                && ((u.eflags() ^ g.eflags()) & mask & ~X86FlagRules.ALL & ~u.eflags()) == 0) {
            return "QEMU_FLAGS_OF_FAULTING_FLAG_READER";
        }
        if (m.startsWith("CMPS") && u.vector() == 14 && g.vector() == 14) {
            Rec u2 = new Rec(u.index(), u.vector(), g.hasErr(), g.err(), g.cr2(), u.eip(), u.eflags(), u.regs(),
                    u.segs(), u.codeChanged(), u.hashes(), g.entries(), null);
            if (u2.diff(g, mask, c) == null) {
                return "CMPS_ACCESS_ORDER";
            }
        }
        return null;
    }

    private static String report(long master, X86PagingRom.PagingCase c, String tier, Rec u, Rec g, String d) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%nMISMATCH (paging, %s tier): case %d, case seed 0x%x; reproduce with "
                + "-Djemu.fuzz.seed=0x%x -Djemu.fuzz.index=%d%n", tier, c.index(), c.seed(), master, c.index()));
        sb.append("  code:\n").append(c.seq().listing());
        sb.append("  initial state:\n").append(c.seq().initialState());
        sb.append("  paging:\n").append(c.describe());
        sb.append("  qemu: ").append(u).append('\n');
        sb.append("  jemu: ").append(g).append('\n');
        sb.append("  first difference (qemu vs jemu): ").append(d).append('\n');
        if (u.pages() != null && g.pages() != null) {
            int shown = 0;
            for (int i = 0; i + 4 <= u.pages().length && shown < 16; i += 4) {
                int a = i32(u.pages(), i);
                int b = i32(g.pages(), i);
                if (a != b) {
                    long pa = i < 4096 ? X86PagingRom.CODE_PHYS + i : X86PagingRom.pageAddr(i / 4096 - 1) + i % 4096;
                    sb.append(String.format("    physical 0x%06x: %08x vs %08x%n", pa, a, b));
                    shown++;
                }
            }
        }
        return sb.toString();
    }
}
