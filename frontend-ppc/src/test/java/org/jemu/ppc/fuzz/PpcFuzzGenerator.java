package org.jemu.ppc.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.jemu.ppc.cpu.PpcFpBits;
import org.jemu.ppc.decode.PpcDecodeTable;
import org.jemu.ppc.translate.PpcTranslator;
import org.jemu.translator.decode.BitPattern;
import org.jemu.translator.decode.DecodeTable;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.Op;

/**
 * Generates random PowerPC instruction sequences from jemu's own decode table ({@link PpcDecodeTable}), as
 * dynarmic's fuzzer does: pick a {@linkplain #CLAIMED claimed} entry, fill the variable bits of its pattern
 * randomly, steer a few fields, and keep the word only if it decodes back to the same entry and the
 * translator does not reject it as an invalid form (those raise the illegal instruction exception in jemu,
 * and the manual leaves them boundedly undefined, so they are not compared).
 *
 * <p>Steering: each case has a few <em>pointer</em> registers (addresses inside the data region, some
 * unaligned, some near the edges) and <em>small</em> registers (-64..64); loads, stores, dcbz and the
 * reservation instructions mostly use a pointer as RA, indexed forms mostly a small register as RB, D-forms
 * mostly a small displacement; mfspr/mtspr name XER, LR or CTR; b and bc always branch forward into the
 * sequence or to its terminator; initial LR and CTR mostly hold forward addresses of the sequence (for
 * bclr/bcctr), else small counts (for the CTR-decrementing bc forms) or random values; a quarter of the
 * cases run with jemu's blocks limited to 1..12 instructions. A third of the instructions are FP computational
 * ones ({@link #FP_COMPUTE}), on FPRs biased to the FPU's edge cases ({@link #fpValue}) under a random FPSCR
 * ({@link #fpscr}: all four rounding modes, sometimes exception enables).
 */
final class PpcFuzzGenerator {
    /** Entries never generated, with the reason (every other entry is claimed). */
    static final Map<String, String> EXCLUDED = excluded();

    private static Map<String, String> excluded() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mftb", "the time base: jemu counts instructions, Unicorn reads the host clock");
        for (String s : new String[] {"mfmsr", "mtmsr", "rfi", "mfsr", "mfsrin", "mtsr", "mtsrin", "tlbie", "tlbia",
                "tlbsync", "dcbi"}) {
            m.put(s, "supervisor instruction: the fuzzer runs user-level code (the supervisor level has its own tests)");
        }
        return m;
    }

    /** The claimed entries, in table order. */
    static final List<DecodeTable.Entry<PpcTranslator.Handler>> CLAIMED = PpcDecodeTable.TABLE.entries().stream()
            .filter(e -> !EXCLUDED.containsKey(e.name)).toList();

    /** The FP computational entries: a third of the generated instructions are drawn from these alone. */
    static final List<DecodeTable.Entry<PpcTranslator.Handler>> FP_COMPUTE = CLAIMED.stream()
            .filter(e -> PpcFpKnown.OPS.containsKey(e.name) || e.name.equals("fsel")).toList();

    static final Set<String> BRANCHES = Set.of("b", "bc");
    private static final Set<String> D_MEMORY = Set.of("lbz", "lbzu", "lhz", "lhzu", "lha", "lhau", "lwz", "lwzu",
            "stb", "stbu", "sth", "sthu", "stw", "stwu", "lmw", "stmw");
    private static final Set<String> X_MEMORY = Set.of("lbzx", "lbzux", "lhzx", "lhzux", "lhax", "lhaux", "lwzx",
            "lwzux", "stbx", "stbux", "sthx", "sthux", "stwx", "stwux", "lhbrx", "lwbrx", "sthbrx", "stwbrx", "lswx",
            "stswx", "lwarx", "stwcx.", "dcbz", "dcbf", "dcbst", "dcbt", "dcbtst", "icbi");
    private static final Set<String> STRING_IMM = Set.of("lswi", "stswi");
    private static final int[] SPRS = {1, 8, 9};

    private final Map<String, Integer> counts = new LinkedHashMap<>();
    int rejectedOtherEntry;
    int rejectedInvalid;

    /** One line for a listing: address, word, entry name and its fields. */
    static String describe(long pc, int w) {
        DecodeTable.Entry<PpcTranslator.Handler> e = PpcDecodeTable.TABLE.decode(w);
        StringBuilder sb = new StringBuilder(String.format("%08x: %08x  %-8s", pc, w, e == null ? "(illegal)" : e.name));
        if (e != null) {
            for (char c = 'a'; c <= 'z'; c++) {
                if (e.pattern.hasField(c)) {
                    sb.append(' ').append(c).append('=').append(e.field(w, c));
                }
            }
        }
        return sb.toString();
    }

    private static long caseValue(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> 0;
            case 1 -> 0xffff_ffffL;
            case 2 -> r.nextBoolean() ? 0x7fff_ffffL : 0x8000_0000L;
            case 3 -> r.nextInt(1, 33);
            default -> r.nextLong() & 0xffff_ffffL;
        };
    }

    /** Generates case {@code index} from {@code seed}. */
    PpcFuzzCase generate(int index, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] gpr = new long[32];
        List<Integer> pointers = new ArrayList<>();
        List<Integer> smalls = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            int kind = r.nextInt(10);
            if (kind < 4) {
                long off = r.nextInt(5) == 0 ? (r.nextBoolean() ? r.nextInt(0, 64) : PpcFuzzCase.DATA_SIZE - r.nextInt(1, 64))
                        : r.nextInt(PpcFuzzCase.DATA_SIZE);
                if (r.nextInt(3) != 0) {
                    off &= ~3L;
                }
                gpr[i] = PpcFuzzCase.DATA + off;
                pointers.add(i);
            } else if (kind < 7) {
                gpr[i] = r.nextInt(-64, 65) & 0xffff_ffffL;
                smalls.add(i);
            } else {
                gpr[i] = caseValue(r);
            }
        }
        int n = r.nextInt(1, 13);
        long codeAddr = PpcFuzzCase.CODE + 4L * (r.nextInt(4) == 0 ? 1024 - r.nextInt(0, n + 1) : r.nextInt(0, 1900));
        long end = codeAddr + 4L * n;
        int[] words = new int[n];
        for (int k = 0; k < n; k++) {
            long pc = codeAddr + 4L * k;
            words[k] = instruction(r, pc, end, pointers, smalls);
        }
        long lr = forwardOrValue(r, codeAddr, n);
        long ctr = r.nextInt(3) == 0 ? r.nextInt(0, 4) : forwardOrValue(r, codeAddr, n);
        long cr = r.nextLong() & 0xffff_ffffL;
        long xer = (r.nextLong() & 0xe000_0000L) | r.nextInt(0, 128);
        byte[] data = new byte[PpcFuzzCase.DATA_SIZE];
        r.nextBytes(data);
        int maxBlock = r.nextInt(4) == 0 ? r.nextInt(1, 13) : 64;
        long[] fpr = new long[32];
        for (int i = 0; i < 32; i++) {
            fpr[i] = fpValue(r);
        }
        long fpscr = fpscr(r);
        return new PpcFuzzCase(index, seed, codeAddr, words, gpr, cr, xer, lr, ctr, data, maxBlock, fpr, fpscr);
    }

    /** FPSCR enable bits VE OE UE ZE XE (bits 24-28) and the exception bits they enable. */
    private static final int ENABLES = 0xf8;
    private static final int[][] ENABLED_EXCEPTION = {
        {PpcFpBits.VE, PpcFpBits.VX_ALL}, {PpcFpBits.OE, PpcFpBits.OX}, {PpcFpBits.UE, PpcFpBits.UX},
        {PpcFpBits.ZE, PpcFpBits.ZX}, {PpcFpBits.XE, PpcFpBits.XX}};

    /**
     * A random FPSCR: random exception bits, FR, FI, FPRF, NI and rounding mode (all four equally likely), the
     * summary bits as the hardware keeps them (mtfsf cannot set FEX/VX). In three cases out of four the
     * exception enables VE..XE are clear; otherwise some are set, with their exception bits clear so that no
     * enabled exception is pending at the start (Unicorn 2.0.1 raises a pending one as a program exception
     * although MSR[FE0] = MSR[FE1] = 0: Known.FP_ENABLED_EXCEPTION_IN_IGNORE_MODE).
     */
    static long fpscr(SplittableRandom r) {
        int f = r.nextInt() & ~(0x0000_0800 | ENABLES);   // bit 20 reserved
        if (r.nextInt(4) == 0) {
            int en = r.nextInt() & ENABLES;
            for (int[] pair : ENABLED_EXCEPTION) {
                if ((en & pair[0]) != 0) {
                    f &= ~pair[1];
                }
            }
            f |= en;
        }
        return PpcFpBits.summarize(f) & 0xffff_ffffL;
    }

    /**
     * A double bit pattern biased to the FPU's edge cases: zeros, infinities, quiet and signalling NaNs, double
     * denormals, the single denormal range, exact singles (the single-precision forms' operands), values near
     * the double and single overflow and underflow thresholds, short significands near 1 (exact results and
     * ties), 27-bit significands (products that tie), values halfway between two singles (frsp and the single
     * forms' ties), integers and halves around 2^31 (fctiw), and random patterns.
     */
    static long fpValue(SplittableRandom r) {
        long sign = r.nextBoolean() ? Long.MIN_VALUE : 0;
        long frac = r.nextLong() & 0x000f_ffff_ffff_ffffL;
        return switch (r.nextInt(18)) {
            case 0 -> sign;
            case 1 -> sign | 0x7ff0_0000_0000_0000L;
            case 2 -> sign | 0x7ff8_0000_0000_0000L | frac;                          // quiet NaN
            case 3 -> sign | 0x7ff0_0000_0000_0000L | (frac & ~(1L << 51) | 1);      // signalling NaN
            case 4 -> sign | frac;                                                     // double denormal
            case 5 -> sign | ((long) r.nextInt(874, 897) << 52) | frac;               // single denormal range
            case 6, 7, 8 -> Double.doubleToRawLongBits(Float.intBitsToFloat(r.nextInt()) * 1.0); // exactly a single
            case 9 -> sign | ((long) r.nextInt(0x7f0, 0x7ff) << 52) | frac;           // near double overflow
            case 10 -> sign | ((long) r.nextInt(1, 0x40) << 52) | frac;               // near double underflow
            case 11 -> sign | ((long) (1023 + (r.nextBoolean() ? r.nextInt(120, 130) : -r.nextInt(120, 152))) << 52)
                    | (frac & 0x000f_ffff_e000_0000L);                                 // single thresholds
            case 12 -> sign | ((long) r.nextInt(1020, 1027) << 52) | (frac & (0xfL << 48 | (r.nextBoolean() ? 1 : 0)));
            case 13 -> Double.doubleToRawLongBits((r.nextBoolean() ? -1 : 1)
                    * ((double) (r.nextLong(-4, 5) + (r.nextBoolean() ? 0x7fff_ffffL : 0x8000_0000L)) + 0.5 * r.nextInt(0, 2)));
            case 14 -> Double.doubleToRawLongBits(Float.intBitsToFloat(r.nextInt()) * 1.0) | (1L << 28); // single tie
            case 15 -> sign | ((long) r.nextInt(1013, 1034) << 52) | (frac & ~((1L << 26) - 1)); // 27-bit significand
            default -> r.nextLong();
        };
    }

    private static long forwardOrValue(SplittableRandom r, long codeAddr, int n) {
        if (r.nextInt(4) != 0) {
            return codeAddr + 4L * r.nextInt(1, n + 1) + (r.nextInt(4) == 0 ? r.nextInt(1, 4) : 0);
        }
        return caseValue(r);
    }

    private int instruction(SplittableRandom r, long pc, long end, List<Integer> pointers, List<Integer> smalls) {
        for (int attempt = 0; ; attempt++) {
            DecodeTable.Entry<PpcTranslator.Handler> e = r.nextInt(3) == 0 ? FP_COMPUTE.get(r.nextInt(FP_COMPUTE.size()))
                    : CLAIMED.get(r.nextInt(CLAIMED.size()));
            BitPattern p = e.pattern;
            int w = (r.nextInt() & ~p.mask) | p.value;
            String name = e.name;
            if (D_MEMORY.contains(name) || X_MEMORY.contains(name) || STRING_IMM.contains(name)) {
                if (!pointers.isEmpty() && r.nextInt(5) != 0) {
                    w = set(p, w, 'a', pointers.get(r.nextInt(pointers.size())));
                }
            }
            if (D_MEMORY.contains(name) && r.nextInt(5) != 0) {
                w = set(p, w, 'i', r.nextInt(-64, 65));
            }
            if (X_MEMORY.contains(name) && !smalls.isEmpty() && r.nextInt(5) != 0) {
                w = set(p, w, 'b', smalls.get(r.nextInt(smalls.size())));
            }
            if (name.equals("mfspr") || name.equals("mtspr")) {
                int spr = SPRS[r.nextInt(SPRS.length)];
                w = set(p, w, 's', (spr & 0x1f) << 5 | spr >>> 5);
            }
            if (BRANCHES.contains(name)) {
                long target = pc + 4L * r.nextInt(1, (int) ((end - pc) / 4) + 1);
                w = set(p, w, 'i', (int) ((target - pc) >> 2));
                w = set(p, w, 'x', 0);
            }
            DecodeTable.Entry<PpcTranslator.Handler> back = PpcDecodeTable.TABLE.decode(w);
            if (back != e) {
                rejectedOtherEntry++;
                continue;
            }
            if (invalidForm(pc, w)) {
                rejectedInvalid++;
                continue;
            }
            counts.merge(name, 1, Integer::sum);
            return w;
        }
    }

    private static int set(BitPattern p, int w, char letter, int value) {
        int m = p.fieldMask(letter);
        return (w & ~m) | Integer.expand(value, m);
    }

    /** True if the translator rejects {@code w} (it emits the illegal instruction exception). */
    static boolean invalidForm(long pc, int w) {
        IrBlock b = PpcTranslator.translate(pc, 1, 1, va -> w);
        for (Inst i : b.insts) {
            if (i.op == Op.CALL && i.helper.name.equals("PpcHelpers.illegal")) {
                return true;
            }
        }
        return false;
    }

    Map<String, Integer> counts() {
        return counts;
    }

    /** Claimed entries never generated so far. */
    List<String> missing() {
        return CLAIMED.stream().map(e -> e.name).filter(nm -> !counts.containsKey(nm)).toList();
    }
}
