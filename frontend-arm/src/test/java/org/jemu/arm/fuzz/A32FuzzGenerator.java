package org.jemu.arm.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.jemu.arm.a32.A32DecodeTable;
import org.jemu.arm.a32.A32Translator;
import org.jemu.arm.cpu.A64Helpers;
import org.jemu.translator.decode.BitPattern;
import org.jemu.translator.decode.DecodeTable;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;

/**
 * Generates random A32 sequences from jemu's own table ({@link A32DecodeTable}), as {@link A64FuzzGenerator}
 * does for A64: pick a claimed entry, fill its variable bits at random (the cond field too, so every
 * instruction also runs conditionally), steer a few fields, and keep the word only if it decodes back to the
 * same entry and the translator does not make it UNDEFINED (which is how UNPREDICTABLE register choices are
 * filtered out: jemu makes them UNDEFINED, the architecture leaves them unpredictable, so they are not
 * comparable).
 *
 * <p>Steering: pointer registers into the data region (mostly word-aligned) are the base of most loads and
 * stores; small registers serve as register offsets and shift amounts; immediate offsets are mostly small;
 * a destination or transfer register is never the PC (a random PC would leave the sequence) except through
 * the branches, which always go forward into the sequence: B/BL directly, BX/BLX (register) after a
 * MOVW/MOVT pair that loads the (A32) target; LDM never loads the PC; store-exclusives often follow a
 * load-exclusive with the same base. Advanced SIMD element/structure loads and stores (VLD_*, VST_*) take
 * a pointer base, Rm mostly 15 (no writeback) or 13 (writeback by the transfer size), and often no
 * alignment qualifier (the pointers are mostly 8-byte aligned; the largest transfer is 32 bytes, inside
 * the data window).
 */
final class A32FuzzGenerator {
    static final Map<String, String> EXCLUDED = excluded();

    private static Map<String, String> excluded() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("WFI", "halts the PE (Unicorn: EXCP_HLT)");
        m.put("YIELD", "QEMU 5.0 ends the block with its internal EXCP_YIELD, which Unicorn 2.0.1 reports as "
                + "UC_ERR_INSN_INVALID at the next instruction (a Unicorn artefact; jemu: a NOP, as the Arm ARM says)");
        m.put("WFE", "wait for event");
        m.put("SEV", "event to other PEs");
        m.put("BLX_imm_h0", "branches to T32 code (the T32 translator is the next phase)");
        m.put("BLX_imm_h1", "branches to T32 code");
        m.put("VMRS_sys", "FPSID/MVFR/FPEXC reads are UNDEFINED at EL0, where the fuzzer runs (A32InstructionTest checks it)");
        for (String s : new String[] {"MRS_spsr", "MRS_banked", "MSR_reg_sys", "MSR_banked", "MSR_imm_sys", "HVC",
            "SMC", "LDM_eret", "LDM_user", "STM_user", "MCR", "MRC", "MCRR", "MRRC", "VMSR_sys"}) {
            m.put(s, "system level (DDI 0406C B9; CP14/CP15): privileged or UNDEFINED at EL0, and Unicorn's user mode "
                    + "has no AArch32 system level to compare with (ArmV7SystemTest checks them)");
        }
        m.put("UDF", "permanently UNDEFINED (the generator's UNDEFINED filter rejects it; the UNDEFINED path is tested by A32InstructionTest)");
        for (String s : new String[] {"AES", "SHA1H", "SHA1SU1_SHA256SU0", "SHA_3reg", "VMULL_p64", "CRC32",
            "VMAXNM_VMINNM_simd", "VRINT_simd_0", "VRINT_simd_1", "VCVT_arm_simd", "VRINTR_VRINTZ", "VRINTX_vfp"}) {
            m.put(s, "ARMv8 AArch32 crypto/CRC32/FP: UNDEFINED on the Cortex-A15 Unicorn models; compared with "
                    + "qemu-arm-static -cpu max by LinuxGuestArm64Test (test-roms/arm/linux/crypto.c, v8fp.c)");
        }
        return m;
    }

    /** Every entry of the A32 tables ({@link A32DecodeTable#TABLE} and {@link A32DecodeTable#SIMD}). */
    static final List<DecodeTable.Entry<A32Translator.Handler>> ALL = java.util.stream.Stream.concat(
            A32DecodeTable.TABLE.entries().stream(), A32DecodeTable.SIMD.entries().stream()).toList();

    static final List<DecodeTable.Entry<A32Translator.Handler>> CLAIMED = ALL.stream()
            .filter(e -> !EXCLUDED.containsKey(e.name)).toList();

    static final Set<String> LOAD_EXCLUSIVE = Set.of("LDREX", "LDREXB", "LDREXH", "LDREXD");
    static final Set<String> STORE_EXCLUSIVE = Set.of("STREX", "STREXB", "STREXH", "STREXD");
    static final Set<String> INDIRECT = Set.of("BX", "BXJ", "BLX_reg");

    private static final long[] INTERESTING = {
        0, 1, 2, 0xffff_ffffL, 0xffff_fffeL, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fff_ffffL,
        0x8000_0000L, 0x8000_0001L, 31, 32, 33, 63, 64, 0xff00_ff00L, 0x00ff_00ffL, 0x8000_8000L, 0x7fff_7fffL,
    };

    private final long flags;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    long rejectedOtherEntry;
    long rejectedUndefined;

    A32FuzzGenerator(long flags) {
        this.flags = flags;
        for (DecodeTable.Entry<A32Translator.Handler> e : CLAIMED) {
            counts.put(e.name, 0);
        }
    }

    Map<String, Integer> counts() {
        return counts;
    }

    private static final class Context {
        int[] pointers;
        int[] small;
        String lastLdx;
        int lastLdxN;
    }

    A32FuzzCase generate(int index, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1 + r.nextInt(12);
        int total = n + 1;
        long codeAddr;
        if (r.nextInt(5) == 0) {
            int before = 1 + r.nextInt(total + 1);
            codeAddr = A32FuzzCase.CODE + 0x1000 - 4L * before;
        } else {
            codeAddr = A32FuzzCase.CODE + 4L * r.nextInt((A32FuzzCase.CODE_SIZE - 4 * (total + 3)) / 4);
        }
        int[] perm = new int[15];
        for (int i = 0; i < 15; i++) {
            perm[i] = i;
        }
        for (int i = 14; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        Context ctx = new Context();
        int np = 2 + r.nextInt(4);
        ctx.pointers = Arrays.copyOfRange(perm, 0, np);
        ctx.small = Arrays.copyOfRange(perm, np, np + 3);
        long[] regs = new long[15];
        for (int i = 0; i < 15; i++) {
            regs[i] = randomValue(r);
        }
        for (int p : ctx.pointers) {
            regs[p] = dataPointer(r);
        }
        for (int s : ctx.small) {
            regs[s] = switch (r.nextInt(3)) {
                case 0 -> r.nextInt(-64, 65) & 0xffff_ffffL;
                case 1 -> r.nextInt(40);
                default -> 4L * r.nextInt(16);
            };
        }
        byte[] data = new byte[A32FuzzCase.DATA_SIZE];
        r.nextBytes(data);
        List<Integer> words = new ArrayList<>();
        words.add(A32FuzzCase.CLREX);
        while (words.size() < total) {
            long pc = codeAddr + 4L * words.size();
            int left = total - words.size();
            for (int w : instruction(r, ctx, pc, codeAddr + 4L * total, left)) {
                words.add(w);
            }
        }
        int[] w = words.stream().mapToInt(Integer::intValue).toArray();
        retargetIntoTriples(w, codeAddr);
        int maxBlockInsns = r.nextInt(4) == 0 ? 1 + r.nextInt(12) : 64;
        long[] d = new long[32];
        for (int i = 0; i < 32; i++) {
            d[i] = A64FuzzGenerator.vectorValue(r);
        }
        return new A32FuzzCase(index, seed, codeAddr, w, regs, r.nextInt(32), r.nextInt(16), data, maxBlockInsns, d,
                randomFpscr(r));
    }

    /**
     * A random FPSCR a guest can hold on Cortex-A15: N Z C V, QC, AHP, DN, FZ, RMode and the cumulative
     * flags; Len and Stride are 0 (no short vectors), trap enables 0 (no trapping).
     */
    static int randomFpscr(SplittableRandom r) {
        int v = r.nextInt() & 0xffc0_009f;
        if (r.nextInt(3) == 0) {
            v &= 0xf800_009f;   // round to nearest, IEEE mode
        }
        return v;
    }

    private static long randomValue(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> INTERESTING[r.nextInt(INTERESTING.length)];
            case 1 -> r.nextInt(-300, 300) & 0xffff_ffffL;
            default -> r.nextInt() & 0xffff_ffffL;
        };
    }

    private static long dataPointer(SplittableRandom r) {
        long off;
        if (r.nextInt(6) == 0) {
            off = r.nextInt(A32FuzzCase.DATA_SIZE);
        } else {
            off = r.nextInt(0x400, 0x1c00);
            if (r.nextInt(8) != 0) {
                off &= ~7L;
            }
        }
        return A32FuzzCase.DATA + off;
    }

    /** One instruction (or, for BX/BLX (register), the MOVW/MOVT/branch triple) at {@code pc}. */
    private int[] instruction(SplittableRandom r, Context ctx, long pc, long end, int left) {
        for (int attempt = 0; ; attempt++) {
            DecodeTable.Entry<A32Translator.Handler> e = CLAIMED.get(r.nextInt(CLAIMED.size()));
            if (ctx.lastLdx != null && r.nextInt(5) == 0) {
                e = A32DecodeTable.TABLE.entry("STREX" + ctx.lastLdx.substring(5));
            }
            if (e.name.equals("VMSR")) {
                if (left < 3) {
                    continue;
                }
                return vmsr(r);
            }
            if (INDIRECT.contains(e.name)) {
                if (left < 3) {
                    continue;
                }
                return indirect(r, e, pc, end);
            }
            for (int k = 0; k < 100; k++) {
                int w = fill(r, ctx, e, pc, end);
                if (A32DecodeTable.decode(w) != e) {
                    rejectedOtherEntry++;
                    continue;
                }
                if (writesPc(e, w) || isUndefined(w, pc)) {
                    rejectedUndefined++;
                    continue;
                }
                if (e.name.equals("MSR_imm") && e.field(w, 'm') == 0) {
                    // mask 00 is the hint space (DDI 0406C A5.2.11, A8.8.111 "SEE Related encodings"); with
                    // the should-be-zero bits [11:8] set it is UNPREDICTABLE: jemu runs it as a NOP, Unicorn
                    // raises UNDEFINED. The canonical hints have their own lines.
                    rejectedUndefined++;
                    continue;
                }
                counts.merge(e.name, 1, Integer::sum);
                if (LOAD_EXCLUSIVE.contains(e.name)) {
                    ctx.lastLdx = e.name;
                    ctx.lastLdxN = e.field(w, 'n');
                }
                return new int[] {w};
            }
            if (attempt > 1000) {
                throw new IllegalStateException("cannot generate any instruction");
            }
        }
    }

    /**
     * MOVW rX, #lo; MOVT rX, #hi; VMSR FPSCR, rX with a value the PE can hold ({@link #randomFpscr}): Unicorn
     * (QEMU 5.0) keeps the trap-enable and Len/Stride bits a guest writes, which Cortex-A15 does not have.
     */
    private int[] vmsr(SplittableRandom r) {
        int reg = r.nextInt(15);
        int v = randomFpscr(r);
        int lo = v & 0xffff;
        int hi = v >>> 16;
        int movw = 0xe300_0000 | (lo >>> 12) << 16 | reg << 12 | (lo & 0xfff);
        int movt = 0xe340_0000 | (hi >>> 12) << 16 | reg << 12 | (hi & 0xfff);
        int br = 0x0ee1_0a10 | r.nextInt(15) << 28 | reg << 12;
        counts.merge("MOVW", 1, Integer::sum);
        counts.merge("MOVT", 1, Integer::sum);
        counts.merge("VMSR", 1, Integer::sum);
        return new int[] {movw, movt, br};
    }

    /** MOVW rX, #lo; MOVT rX, #hi; BX/BLX rX with a forward A32 target (X not 15). */
    private int[] indirect(SplittableRandom r, DecodeTable.Entry<A32Translator.Handler> e, long pc, long end) {
        int reg = r.nextInt(15);
        long branchPc = pc + 8;
        int slots = (int) ((end - branchPc) / 4);
        long target = branchPc + 4L * (1 + r.nextInt(slots));
        int lo = (int) target & 0xffff;
        int hi = (int) (target >>> 16) & 0xffff;
        int movw = 0xe300_0000 | (lo >>> 12) << 16 | reg << 12 | (lo & 0xfff);
        int movt = 0xe340_0000 | (hi >>> 12) << 16 | reg << 12 | (hi & 0xfff);
        int cond = r.nextInt(15);
        int br = (e.pattern.value & 0x0fff_fff0) | cond << 28 | reg;
        counts.merge("MOVW", 1, Integer::sum);
        counts.merge("MOVT", 1, Integer::sum);
        counts.merge(e.name, 1, Integer::sum);
        return new int[] {movw, movt, br};
    }

    /**
     * A branch must not land on the MOVT or the BX of a MOVW/MOVT/BX triple (the BX would then use a
     * register value that is not a target): such branches and triples are retargeted to the terminator.
     */
    private static void retargetIntoTriples(int[] w, long codeAddr) {
        Set<Long> forbidden = new java.util.HashSet<>();
        List<Integer> triples = new ArrayList<>();
        for (int i = 2; i < w.length; i++) {
            if ((w[i - 2] & 0x0ff0_0000) == 0x0300_0000 && (w[i - 1] & 0x0ff0_0000) == 0x0340_0000
                    && (isBxBxjBlx(w[i]) && (w[i] & 15) == (w[i - 1] >>> 12 & 15)
                        || (w[i] & 0x0fff_0fff) == 0x0ee1_0a10 && (w[i] >>> 12 & 15) == (w[i - 1] >>> 12 & 15))) {
                forbidden.add(codeAddr + 4L * (i - 1));
                forbidden.add(codeAddr + 4L * i);
                triples.add(i);
            }
        }
        long end = codeAddr + 4L * w.length;
        for (int i = 1; i < w.length; i++) {
            DecodeTable.Entry<A32Translator.Handler> e = A32DecodeTable.decode(w[i]);
            if (e != null && (e.name.equals("B") || e.name.equals("BL"))) {
                long pc = codeAddr + 4L * i;
                long target = pc + 8 + ((long) (w[i] << 8) >> 6);
                if (forbidden.contains(target)) {
                    w[i] = set(w[i], e.pattern, 'i', (int) ((end - pc - 8) >> 2));
                }
            }
        }
        for (int i : triples) {
            if (!isBxBxjBlx(w[i])) {
                continue;
            }
            int reg = w[i] & 15;
            long target = (w[i - 2] >>> 4 & 0xf000 | w[i - 2] & 0xfff) | (long) (w[i - 1] >>> 4 & 0xf000 | w[i - 1] & 0xfff) << 16;
            if (forbidden.contains(target)) {
                w[i - 2] = 0xe300_0000 | ((int) end & 0xffff) >>> 12 << 16 | reg << 12 | ((int) end & 0xfff);
                w[i - 1] = 0xe340_0000 | ((int) (end >>> 16) & 0xffff) >>> 12 << 16 | reg << 12 | ((int) (end >>> 16) & 0xfff);
            }
        }
    }

    /** BX, BXJ or BLX (register), any condition. */
    private static boolean isBxBxjBlx(int w) {
        int op = w >>> 4 & 0xff_ffff;
        return op >= 0x12_fff1 && op <= 0x12_fff3;
    }

    /** A destination (d, t, a, or LDM's list) that is the PC: would branch to a random address. */
    private static boolean writesPc(DecodeTable.Entry<A32Translator.Handler> e, int w) {
        BitPattern p = e.pattern;
        boolean vfp = e.name.startsWith("V");
        for (char f : new char[] {'d', 't', 'a'}) {
            if (p.hasField(f) && e.field(w, f) == 15 && !(vfp && f == 'd')) {
                return true;
            }
        }
        return e.name.startsWith("LDM") && (w & 0x8000) != 0;
    }

    private int fill(SplittableRandom r, Context ctx, DecodeTable.Entry<A32Translator.Handler> e, long pc, long end) {
        BitPattern p = e.pattern;
        int w = p.value | (r.nextInt() & ~p.mask);
        String name = e.name;
        if (name.equals("B") || name.equals("BL")) {
            int slots = (int) ((end - pc) / 4);
            long target = pc + 4L * (1 + r.nextInt(slots));
            return set(w, p, 'i', (int) ((target - pc - 8) >> 2));
        }
        if (p.hasField('n') && r.nextInt(100) < 85 && isMemory(e)) {
            w = set(w, p, 'n', ctx.pointers[r.nextInt(ctx.pointers.length)]);
        }
        if (STORE_EXCLUSIVE.contains(name) && ctx.lastLdx != null && r.nextInt(4) != 0) {
            w = set(w, p, 'n', ctx.lastLdxN);
        }
        if (isMemory(e) && p.hasField('i') && r.nextInt(100) < 80) {
            w = set(w, p, 'i', r.nextInt(4) == 0 ? r.nextInt(64) : 4 * r.nextInt(16));
        }
        if (isMemory(e) && p.hasField('m') && r.nextInt(100) < 80) {
            w = set(w, p, 'm', ctx.small[r.nextInt(ctx.small.length)]);
            if (p.hasField('v') && r.nextInt(2) == 0) {
                w = set(w, p, 'v', r.nextInt(3));
                w = set(w, p, 'h', 0);
            }
        }
        if (name.startsWith("VLD_") || name.startsWith("VST_")) {
            // Rm: 15 no writeback, 13 writeback by the transfer size, else a small register offset
            int k = r.nextInt(100);
            w = set(w, p, 'm', k < 40 ? 15 : k < 65 ? 13 : ctx.small[r.nextInt(ctx.small.length)]);
            if (r.nextInt(100) < 30) {
                w = set(w, p, 'a', 0);
            }
        }
        if (p.hasField('x') && r.nextInt(100) < 60) {
            w = set(w, p, 'x', ctx.small[r.nextInt(ctx.small.length)]);
        }
        if (name.startsWith("LDM") || name.startsWith("STM")) {
            w = set(w, p, 'r', r.nextInt(4) == 0 ? r.nextInt(0x10000) : r.nextInt(0x100) << r.nextInt(8));
        }
        return w;
    }

    /** Loads, stores and preloads: the entries with a base register in bits [19:16] and an access. */
    static boolean isMemory(DecodeTable.Entry<?> e) {
        String n = e.name;
        return n.startsWith("LDR") || n.startsWith("STR") || n.startsWith("LDM") || n.startsWith("STM")
                || n.startsWith("PL") || n.startsWith("VLD") || n.startsWith("VST");
    }

    static int set(int w, BitPattern p, char letter, int value) {
        int mask = p.fieldMask(letter);
        return (w & ~mask) | Integer.expand(value, mask);
    }

    /** Whether the translator makes {@code w} UNDEFINED. */
    boolean isUndefined(int w, long pc) {
        IrBlock b = A32Translator.translate(pc, flags, 1, va -> w);
        for (Inst i : b.insts) {
            if (i.helper != null && i.helper.method.getDeclaringClass() == A64Helpers.class
                    && i.helper.method.getName().equals("undefined")) {
                return true;
            }
        }
        return false;
    }

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
