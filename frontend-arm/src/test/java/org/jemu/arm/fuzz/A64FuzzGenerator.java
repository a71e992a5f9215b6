package org.jemu.arm.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.jemu.arm.a64.A64DecodeTable;
import org.jemu.arm.a64.A64Translator;
import org.jemu.arm.cpu.A64Helpers;
import org.jemu.translator.decode.BitPattern;
import org.jemu.translator.decode.DecodeTable;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;

/**
 * Generates random A64 instruction sequences from jemu's own decode table ({@link A64DecodeTable}), as
 * dynarmic's fuzzer does: pick a {@linkplain #CLAIMED claimed} entry, fill the variable bits of its pattern
 * randomly, steer a few fields so the sequence is useful, and keep the word only if it decodes back to the
 * same entry and the translator does not make it UNDEFINED (a reserved field value).
 *
 * <p>Steering (everything else is uniformly random):
 * <ul>
 *   <li>each case has a few <em>pointer</em> registers holding addresses inside the data region (random
 *       offsets, some unaligned, some near the edges) and a few <em>small</em> registers (small positive
 *       and negative values); the other registers get random or interesting 64-bit values;</li>
 *   <li>loads and stores mostly use a pointer register or SP as the base (exclusives and
 *       load-acquire/store-release often SP, which is mostly 16-byte aligned), register-offset forms
 *       mostly a small register as the offset, and unsigned-offset forms mostly a small imm12;</li>
 *   <li>literal loads mostly target the data region (sometimes the code region);</li>
 *   <li>branches always go forward, to an instruction of the sequence or to its terminator, so every
 *       sequence ends;</li>
 *   <li>store-exclusives often follow a load-exclusive with the same base register and size, so both the
 *       passing and the failing paths of the monitor are exercised;</li>
 *   <li>a quarter of the cases run with jemu's block size limited to 1..12 instructions, so block ends,
 *       chaining and compiled regions also fall inside the sequence.</li>
 * </ul>
 */
final class A64FuzzGenerator {
    /**
     * Entries the fuzzer never generates, with the reason. Every table entry must be either here or
     * claimed (all the others), so a new table entry forces a decision (checked by the coverage test).
     */
    static final Map<String, String> EXCLUDED = excluded();

    private static Map<String, String> excluded() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("UDF", "permanently UNDEFINED");
        for (String s : List.of("SVC", "HVC", "SMC", "BRK", "HLT", "DCPS")) {
            m.put(s, "exception generation");
        }
        for (String s : List.of("HINT", "NOP", "YIELD", "WFE", "WFI", "SEV", "SEVL", "CLREX", "DSB", "DMB", "ISB",
                "MSR_imm", "SYS", "SYSL", "MSR_reg", "MRS")) {
            m.put(s, "system instruction");
        }
        for (String s : List.of("BR", "BLR", "RET", "ERET", "DRPS")) {
            m.put(s, "indirect branch / exception return");
        }
        m.put("SIMD_FP", "catch-all for the SIMD&FP encodings unallocated in ARMv8.0 (UNDEFINED)");
        m.put("SIMD_FP_ldst", "catch-all for the unallocated SIMD&FP load/store encodings");
        return m;
    }

    /** The entries the fuzzer generates: every table entry not {@link #EXCLUDED}, in table order. */
    static final List<DecodeTable.Entry<A64Translator.Handler>> CLAIMED = A64DecodeTable.TABLE.entries().stream()
            .filter(e -> !EXCLUDED.containsKey(e.name)).toList();

    static final Set<String> BRANCHES = Set.of("B_cond", "B", "BL", "CBZ", "CBNZ", "TBZ", "TBNZ");
    static final Set<String> LITERALS = Set.of("LDR_lit", "LDRSW_lit", "PRFM_lit", "SIMD_LDR_lit");
    static final Set<String> UNSIGNED_OFFSET = Set.of("STR_imm", "LDR_imm", "LDRS_imm", "PRFM_imm", "SIMD_LDST_imm");
    static final Set<String> REGISTER_OFFSET = Set.of("STR_reg", "LDR_reg", "LDRS_reg", "PRFM_reg", "SIMD_LDST_reg");
    static final Set<String> LOAD_EXCLUSIVE = Set.of("LDXR", "LDAXR", "LDXP", "LDAXP");
    static final Set<String> STORE_EXCLUSIVE = Set.of("STXR", "STLXR", "STXP", "STLXP");

    private static final long[] INTERESTING = {
        0, 1, 2, -1, -2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL,
        0x1_0000_0000L, 0x7fff_ffff_ffff_ffffL, 0x8000_0000_0000_0000L, 0x8000_0000_0000_0001L, 31, 32, 63, 64,
        0xffff_ffff_0000_0000L, 0x0000_0000_8000_0001L,
    };

    /** Translation flags of the CPU the words run on (EL1, MMU off), for the UNDEFINED check. */
    private final long flags;
    /** How often each entry was generated (by name, table order). */
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    /** Words rejected because they decoded to another entry or were UNDEFINED. */
    long rejectedOtherEntry;
    long rejectedUndefined;

    A64FuzzGenerator(long flags) {
        this.flags = flags;
        for (DecodeTable.Entry<A64Translator.Handler> e : CLAIMED) {
            counts.put(e.name, 0);
        }
    }

    /** Generation counts per claimed entry, in table order. */
    Map<String, Integer> counts() {
        return counts;
    }

    /** Per-case register roles and exclusive-monitor bookkeeping. */
    private static final class Context {
        int[] pointers;
        int[] small;
        /** Base register and size field of the last load-exclusive generated, or lastLdxName == null. */
        String lastLdxName;
        int lastLdxN;
        int lastLdxQ;
    }

    /** Generates case {@code index} from {@code seed} (deterministic). */
    A64FuzzCase generate(int index, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1 + r.nextInt(12);
        int total = n + 1;
        long codeAddr;
        if (r.nextInt(5) == 0) {
            // straddle the 4 KiB page boundary in the middle of the code region
            int before = 1 + r.nextInt(total + 1);
            codeAddr = A64FuzzCase.CODE + 0x1000 - 4L * before;
        } else {
            codeAddr = A64FuzzCase.CODE + 4L * r.nextInt((A64FuzzCase.CODE_SIZE - 4 * (total + 1)) / 4);
        }
        long end = codeAddr + 4L * total;

        // register roles
        int[] perm = new int[31];
        for (int i = 0; i < 31; i++) {
            perm[i] = i;
        }
        for (int i = 30; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        Context ctx = new Context();
        int np = 2 + r.nextInt(4);
        ctx.pointers = Arrays.copyOfRange(perm, 0, np);
        ctx.small = Arrays.copyOfRange(perm, np, np + 4);
        long[] x = new long[31];
        for (int i = 0; i < 31; i++) {
            x[i] = randomValue(r);
        }
        for (int p : ctx.pointers) {
            x[p] = dataPointer(r);
        }
        for (int s : ctx.small) {
            x[s] = switch (r.nextInt(3)) {
                case 0 -> r.nextInt(-64, 65);
                case 1 -> 8L * r.nextInt(-32, 33);
                default -> r.nextInt(16);
            };
        }
        long sp = r.nextInt(10) == 0 ? dataPointer(r) : (A64FuzzCase.DATA + r.nextInt(0x400, 0x1c00)) & ~15L;
        int nzcv = r.nextInt(16);
        byte[] data = new byte[A64FuzzCase.DATA_SIZE];
        r.nextBytes(data);

        int[] words = new int[total];
        words[0] = A64FuzzCase.CLREX;
        for (int i = 1; i < total; i++) {
            words[i] = instruction(r, ctx, codeAddr + 4L * i, end);
        }
        int maxBlockInsns = r.nextInt(4) == 0 ? 1 + r.nextInt(12) : 64;
        long[] v = new long[64];
        for (int i = 0; i < 64; i++) {
            v[i] = vectorValue(r);
        }
        long fpcr = switch (r.nextInt(4)) {
            case 0 -> (long) r.nextInt(4) << 22 | (long) r.nextInt(8) << 24;   // RMode, FZ, DN, AHP
            default -> 0;
        };
        long fpsr = r.nextInt(4) == 0 ? (r.nextInt(2) * VEC_QC) | (r.nextInt(256) & 0x9f) : 0;
        return new A64FuzzCase(index, seed, codeAddr, words, x, sp, nzcv, data, maxBlockInsns, v, fpcr, fpsr);
    }

    private static final long VEC_QC = 1L << 27;

    /** Floating-point bit patterns worth having in vector lanes (single and double). */
    private static final long[] FP_SPECIAL = {
        0x0000_0000L, 0x8000_0000L, 0x3f80_0000L, 0xbf80_0000L, 0x7f80_0000L, 0xff80_0000L, 0x7fc0_0000L,
        0x7f80_0001L, 0xffc0_1234L, 0x0000_0001L, 0x807f_ffffL, 0x0080_0000L, 0x7f7f_ffffL, 0x4f00_0000L,
        0x3f00_0000L, 0x4b80_0000L,
    };
    private static final long[] DP_SPECIAL = {
        0L, 0x8000_0000_0000_0000L, 0x3ff0_0000_0000_0000L, 0xbff0_0000_0000_0000L, 0x7ff0_0000_0000_0000L,
        0xfff0_0000_0000_0000L, 0x7ff8_0000_0000_0000L, 0x7ff0_0000_0000_0001L, 0xfff8_0000_dead_0000L, 1L,
        0x000f_ffff_ffff_ffffL, 0x0010_0000_0000_0000L, 0x7fef_ffff_ffff_ffffL, 0x43e0_0000_0000_0000L,
        0x3fe0_0000_0000_0000L, 0x4330_0000_0000_0000L,
    };

    /** A 64-bit half of a vector register: integer patterns, packed singles or a double. */
    static long vectorValue(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> randomValue(r);
            case 1 -> FP_SPECIAL[r.nextInt(FP_SPECIAL.length)] | FP_SPECIAL[r.nextInt(FP_SPECIAL.length)] << 32;
            case 2 -> DP_SPECIAL[r.nextInt(DP_SPECIAL.length)];
            case 3 -> Double.doubleToRawLongBits((r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(-70, 70)));
            case 4 -> (Float.floatToRawIntBits((float) ((r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(-30, 30)))) & 0xffff_ffffL)
                    | (long) Float.floatToRawIntBits((float) ((r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(-30, 30)))) << 32;
            default -> r.nextLong();
        };
    }

    private static long randomValue(SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> INTERESTING[r.nextInt(INTERESTING.length)];
            case 1 -> r.nextInt();
            case 2 -> r.nextInt() & 0xffff_ffffL;
            case 3 -> r.nextInt(-300, 300);
            default -> r.nextLong();
        };
    }

    /** An address inside the data region: mostly away from the edges, sometimes unaligned. */
    private static long dataPointer(SplittableRandom r) {
        long off;
        if (r.nextInt(5) == 0) {
            off = r.nextInt(A64FuzzCase.DATA_SIZE);
        } else {
            off = r.nextInt(0x400, 0x1c00);
            if (r.nextInt(3) != 0) {
                off &= ~7L;
            }
        }
        return A64FuzzCase.DATA + off;
    }

    /** One instruction at {@code pc} of a sequence whose terminator is at {@code end}. */
    private int instruction(SplittableRandom r, Context ctx, long pc, long end) {
        for (int attempt = 0; ; attempt++) {
            DecodeTable.Entry<A64Translator.Handler> e = CLAIMED.get(r.nextInt(CLAIMED.size()));
            if (ctx.lastLdxName != null && r.nextInt(6) == 0) {
                // pair the earlier load-exclusive with a store-exclusive of the same kind
                boolean pair = ctx.lastLdxName.endsWith("P");
                e = A64DecodeTable.TABLE.entry(pair ? (r.nextBoolean() ? "STXP" : "STLXP")
                        : (r.nextBoolean() ? "STXR" : "STLXR"));
            }
            for (int k = 0; k < 100; k++) {
                int w = fill(r, ctx, e, pc, end);
                if (A64DecodeTable.TABLE.decode(w) != e) {
                    rejectedOtherEntry++;
                    continue;
                }
                if (isUndefined(w, pc)) {
                    rejectedUndefined++;
                    continue;
                }
                counts.merge(e.name, 1, Integer::sum);
                if (LOAD_EXCLUSIVE.contains(e.name)) {
                    ctx.lastLdxName = e.name;
                    ctx.lastLdxN = e.field(w, 'n');
                    ctx.lastLdxQ = e.field(w, 'q');
                }
                return w;
            }
            if (attempt > 1000) {
                throw new IllegalStateException("cannot generate any instruction");
            }
        }
    }

    /** Random variable bits for {@code e}, then the steering described in the class comment. */
    private int fill(SplittableRandom r, Context ctx, DecodeTable.Entry<A64Translator.Handler> e, long pc, long end) {
        BitPattern p = e.pattern;
        int w = p.value | (r.nextInt() & ~p.mask);
        String name = e.name;
        if (BRANCHES.contains(name)) {
            int slots = (int) ((end - pc) / 4);
            return set(w, p, 'i', 1 + r.nextInt(slots));
        }
        if (LITERALS.contains(name)) {
            long target = switch (r.nextInt(20)) {
                case 0 -> pc + 4L * (r.nextInt() >> 13);           // anywhere in range, mostly unmapped
                case 1, 2, 3 -> A64FuzzCase.CODE + 4L * r.nextInt(A64FuzzCase.CODE_SIZE / 4);
                default -> A64FuzzCase.DATA + 4L * r.nextInt(A64FuzzCase.DATA_SIZE / 4);
            };
            return set(w, p, 'i', (int) ((target - pc) >> 2));
        }
        if (!isLoadStore(e)) {
            return w;
        }
        boolean alignedAccess = LOAD_EXCLUSIVE.contains(name) || STORE_EXCLUSIVE.contains(name)
                || name.equals("LDAR") || name.equals("STLR");
        if (alignedAccess && r.nextInt(100) < 40) {
            // these must be aligned: SP mostly is (unaligned ones are mostly known QEMU differences)
            w = set(w, p, 'n', 31);
        } else if (p.hasField('n') && r.nextInt(100) < 85) {
            int i = r.nextInt(ctx.pointers.length + 1);
            w = set(w, p, 'n', i == ctx.pointers.length ? 31 : ctx.pointers[i]);
        }
        if (UNSIGNED_OFFSET.contains(name) && r.nextInt(100) < 85) {
            w = set(w, p, 'i', r.nextInt(64));
        }
        if (REGISTER_OFFSET.contains(name) && r.nextInt(100) < 80) {
            w = set(w, p, 'm', ctx.small[r.nextInt(ctx.small.length)]);
        }
        if (STORE_EXCLUSIVE.contains(name) && ctx.lastLdxName != null && r.nextInt(4) != 0) {
            w = set(w, p, 'n', ctx.lastLdxN);
            if (ctx.lastLdxName.endsWith("P") == name.endsWith("P")) {
                w = set(w, p, 'q', ctx.lastLdxQ);
            }
        }
        return w;
    }

    /** Entries of the load/store group (C4.1.4: op0 bits [27:25] = x1x0 with bit 25 = 0). */
    static boolean isLoadStore(DecodeTable.Entry<?> e) {
        int m = e.pattern.mask >>> 25 & 5;
        int v = e.pattern.value >>> 25 & 5;
        return m == 5 && v == 4;
    }

    /** {@code w} with field {@code letter} of {@code p} set to the low bits of {@code value}. */
    static int set(int w, BitPattern p, char letter, int value) {
        int mask = p.fieldMask(letter);
        return (w & ~mask) | Integer.expand(value, mask);
    }

    /** Whether the translator makes {@code w} UNDEFINED (a call of {@code A64Helpers.undefined}). */
    boolean isUndefined(int w, long pc) {
        IrBlock b = A64Translator.translate(pc, flags, 1, va -> w);
        for (Inst i : b.insts) {
            if (i.helper != null && i.helper.method.getDeclaringClass() == A64Helpers.class
                    && i.helper.method.getName().equals("undefined")) {
                return true;
            }
        }
        return false;
    }

    /** Names of claimed entries with a zero count. */
    List<String> missing() {
        List<String> out = new ArrayList<>();
        counts.forEach((k, v) -> {
            if (v == 0) {
                out.add(k);
            }
        });
        return out;
    }
}
