package org.jemu.x86.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.jemu.x86.decode.OpcodeEntry;
import org.jemu.x86.decode.OpcodeMaps;
import org.jemu.x86.decode.OperandSpec;
import org.jemu.x86.decode.X86Decoder;
import org.jemu.x86.decode.X86Insn;

/**
 * Generates random x86 instruction sequences from jemu's own opcode maps ({@link OpcodeMaps}): every
 * instruction cell (and group slot) whose mnemonic is {@linkplain #included included} becomes a form;
 * a case picks forms at random and encodes them with random prefixes (66, 67, segment overrides, REP/REPNE
 * on string instructions, LOCK on lockable memory forms), ModRM, SIB, displacements and immediates, then
 * checks with {@link X86Decoder} that the bytes decode to that form.
 *
 * <p>Memory operands mostly point into the data window: registers start as offsets inside it, SIB
 * indexes are rare, displacements small. Relative jumps, CALL, LOOP and JCXZ go forward to an instruction
 * boundary of the sequence (so every case ends); RET, RET imm16 and the indirect JMP/CALL come in
 * {@linkplain #transferPair pairs} with the instruction that sets their target, also forward. Before an instruction that reads a status flag the
 * previous instructions may have left undefined, a {@code CMP r32, r32} is inserted, so undefined flags
 * never reach registers, memory or control flow ({@link X86FlagRules}).
 */
final class X86FuzzGenerator {

    /** A generatable opcode-map cell. */
    record Form(String key, OpcodeEntry entry, int opcode, int groupReg) {
    }

    /** Mnemonics fuzzed in both modes. */
    static final Set<String> COMMON = Set.of("ADD", "OR", "ADC", "SBB", "AND", "SUB", "XOR", "CMP", "TEST", "INC",
            "DEC", "NEG", "NOT", "MUL", "IMUL", "DIV", "IDIV", "DAA", "DAS", "AAA", "AAS", "AAM", "AAD", "SALC", "SHL",
            "SAL", "SHR", "SAR", "ROL", "ROR", "RCL", "RCR", "SHLD", "SHRD", "BT", "BTS", "BTR", "BTC", "BSF", "BSR",
            "MOV", "MOVZX", "MOVSX", "LEA", "XCHG", "XADD", "CMPXCHG", "CMPXCHG8B", "BSWAP", "PUSH", "POP",
            "PUSHA/PUSHAD", "POPA/POPAD", "ENTER", "LEAVE", "CBW/CWDE", "CWD/CDQ", "XLAT", "NOP", "FWAIT", "JMP",
            "CALL", "LOOP", "LOOPE", "LOOPNE", "JCXZ/JECXZ", "INT", "INT3", "INT1", "INTO", "BOUND", "UD2", "CLC",
            "STC", "CMC", "CLD", "STD", "CLI", "STI", "LAHF", "SAHF", "PUSHF/PUSHFD", "POPF/POPFD", "MOVSB",
            "MOVSW/MOVSD", "CMPSB", "CMPSW/CMPSD", "SCASB", "SCASW/SCASD", "LODSB", "LODSW/LODSD", "STOSB",
            "STOSW/STOSD");
    /** Far-pointer loads (in FLAT32 through the case's GDT, {@link X86FuzzCase#GDT}). */
    static final Set<String> REAL_ONLY = Set.of("LES", "LDS", "LSS", "LFS", "LGS");

    /**
     * Opcode-map instructions never generated, with the reason (everything else in the maps is either
     * generated or here; the test checks it).
     */
    static final Map<String, String> EXCLUDED = new LinkedHashMap<>();

    static {
        for (String m : List.of("IN", "OUT", "INSB", "INSW/INSD", "OUTSB", "OUTSW/OUTSD")) {
            EXCLUDED.put(m, "port I/O: Unicorn has no devices behind the ports");
        }
        for (String m : List.of("CPUID", "RDTSC", "RDMSR", "WRMSR", "RDPMC")) {
            EXCLUDED.put(m, "model-specific values");
        }
        EXCLUDED.put("HLT", "the terminator");
        for (String m : List.of("JMPF", "CALLF", "RETF", "IRET/IRETD")) {
            EXCLUDED.put(m, "far transfers (CS loads: a later phase in protected mode)");
        }
        for (String m : List.of("SLDT", "STR", "LLDT", "LTR", "VERR", "VERW", "SGDT", "SIDT", "LGDT", "LIDT", "SMSW",
                "LMSW", "LAR", "LSL", "CLTS", "INVD", "WBINVD", "ARPL", "SYSENTER", "SYSEXIT", "RSM",
                "FXSAVE", "FXRSTOR")) {
            EXCLUDED.put(m, "system instruction (later phase: descriptor tables, paging)");
        }
        EXCLUDED.put("INVLPG", "generated in PAGED32 only (X86PagingFuzzTest), with MOV CR3 reloads");
        EXCLUDED.put("UD0", "UD0/UD1 are #UD, as UD2 (generated)");
        EXCLUDED.put("UD1", "UD0/UD1 are #UD, as UD2 (generated)");
    }

    static final List<Form> FORMS32 = forms(false);
    static final List<Form> FORMS16 = forms(true);

    private static List<Form> forms(boolean real) {
        List<Form> out = new ArrayList<>();
        add(out, OpcodeMaps.ONE_BYTE, 0, real);
        add(out, OpcodeMaps.TWO_BYTE, 0x0F00, real);
        return out;
    }

    private static void add(List<Form> out, List<OpcodeEntry> map, int base, boolean real) {
        for (int op = 0; op < 256; op++) {
            OpcodeEntry e = map.get(op);
            if (e.kind() == OpcodeEntry.Kind.GROUP) {
                for (int r = 0; r < 8; r++) {
                    OpcodeEntry s = e.slots().get(r);
                    if (s.isInstruction() && included(s, base | op, real)) {
                        out.add(new Form(s.mnemonic() + " " + s.operandText() + " (" + hex(base | op) + " /" + r + ")",
                                s, base | op, r));
                    }
                }
            } else if (e.isInstruction() && included(e, base | op, real)) {
                out.add(new Form(e.mnemonic() + " " + e.operandText() + " (" + hex(base | op) + ")", e, base | op, -1));
            }
        }
    }

    private static String hex(int op) {
        return op > 0xFF ? String.format("0F %02X", op & 0xFF) : String.format("%02X", op);
    }

    static boolean loadsSegment(OpcodeEntry e) {
        String m = e.mnemonic();
        if (REAL_ONLY.contains(m)) {
            return true;
        }
        if (e.operands().isEmpty() || !(m.equals("MOV") || m.equals("POP"))) {
            return false;
        }
        OperandSpec o = e.operands().get(0);
        return o.method() == 'S' || Set.of("ES", "SS", "DS", "FS", "GS").contains(o.text());
    }

    /** Whether form {@code e} at {@code opcode} is generated in the mode. */
    static boolean included(OpcodeEntry e, int opcode, boolean real) {
        String m = e.mnemonic();
        boolean ok = COMMON.contains(m) || m.startsWith("SET") || m.startsWith("CMOV")
                || (m.startsWith("J") && !m.equals("JMPF")) || REAL_ONLY.contains(m);
        if (!ok) {
            return false;
        }
        for (OperandSpec o : e.operands()) {
            if (o.method() == 'C' || o.method() == 'D') {
                return false;
            }
        }
        if ((m.equals("JMP") || m.equals("CALL")) && e.operands().get(0).method() != 'J') {
            return false;      // indirect: targets outside the sequence
        }
        return true;
    }

    /** Mnemonics of the generated forms (RET and the indirect JMP/CALL come in {@link #transferPair}s). */
    static Set<String> generatedMnemonics() {
        Set<String> s = new java.util.TreeSet<>();
        s.add("RET");
        for (Form f : FORMS32) {
            s.add(f.entry.mnemonic());
        }
        for (Form f : FORMS16) {
            s.add(f.entry.mnemonic());
        }
        for (X87Fuzz.MmxForm f : X87Fuzz.MMX_FORMS) {
            s.add(f.entry().mnemonic());      // in the x87 cases
        }
        return s;
    }

    private static final X86Decoder DECODER = new X86Decoder();
    private static final Set<String> STRINGS = Set.of("MOVSB", "MOVSW/MOVSD", "CMPSB", "CMPSW/CMPSD", "SCASB",
            "SCASW/SCASD", "LODSB", "LODSW/LODSD", "STOSB", "STOSW/STOSD");
    private static final Set<String> LOCKABLE = Set.of("ADD", "ADC", "AND", "BTC", "BTR", "BTS", "CMPXCHG",
            "CMPXCHG8B", "DEC", "INC", "NEG", "NOT", "OR", "SBB", "SUB", "XOR", "XADD", "XCHG");

    final Map<String, Integer> counts = new java.util.TreeMap<>();
    int rejected;

    /** One pending instruction: bytes, and for relative transfers the offset and size of the displacement. */
    private record Enc(byte[] bytes, int relOffset, int relSize, X86Insn insn, int absOffset, int absSize,
                       boolean pairSecond) {
        Enc(byte[] bytes, int relOffset, int relSize, X86Insn insn) {
            this(bytes, relOffset, relSize, insn, -1, 0, false);
        }
    }

    /** A forward target index in [from, size]: never the second half of a transfer pair (its set-up would be skipped). */
    private static int target(SplittableRandom r, List<Enc> encs, int from) {
        int t = from + r.nextInt(encs.size() - from + 1);
        while (t < encs.size() && encs.get(t).pairSecond) {
            t++;
        }
        return t;
    }

    /**
     * A return or indirect transfer to a forward instruction of the sequence: an instruction that places the
     * target (its absolute EIP patched in after layout) followed by the transfer: PUSH imm; RET / RET imm16,
     * MOV r, imm; JMP r / CALL r, and (32-bit) PUSH imm; JMP [ESP].
     */
    private List<Enc> transferPair(SplittableRandom r, boolean real, int defSize) {
        int w = defSize / 8;
        int reg = new int[] {0, 1, 2, 3, 5, 6, 7}[r.nextInt(7)];
        byte[] setup;
        byte[] transfer;
        int kind = r.nextInt(real ? 4 : 5);
        if (kind <= 1 || kind == 4) {
            setup = new byte[1 + w];
            setup[0] = 0x68;                                         // PUSH Iz
        } else {
            setup = new byte[1 + w];
            setup[0] = (byte) (0xB8 + reg);                          // MOV Zv, Iv
        }
        switch (kind) {
            case 0 -> transfer = new byte[] {(byte) 0xC3};                                  // RET
            case 1 -> transfer = new byte[] {(byte) 0xC2, (byte) (2 * r.nextInt(8)), 0};      // RET imm16
            case 2 -> transfer = new byte[] {(byte) 0xFF, (byte) (0xE0 | reg)};             // JMP r
            case 3 -> transfer = new byte[] {(byte) 0xFF, (byte) (0xD0 | reg)};             // CALL r
            default -> transfer = new byte[] {(byte) 0xFF, 0x24, 0x24};                     // JMP [ESP]
        }
        X86Insn a = DECODER.decode(setup, defSize);
        X86Insn b = DECODER.decode(transfer, defSize);
        counts.merge(b.entry().mnemonic() + (kind >= 2 ? " (indirect)" : ""), 1, Integer::sum);
        return List.of(new Enc(setup, -1, 0, a, 1, w, false), new Enc(transfer, -1, 0, b, -1, 0, true));
    }

    /**
     * PAGED32: INVLPG m (0F 01 /7, a random memory operand), or MOV r32, CR3 followed by MOV CR3, r32 (a CR3
     * reload that flushes the non-global TLB entries, SDM Vol. 3A 4.10.4.1); the second half is never a jump
     * target, so CR3 is only ever reloaded with its own value.
     */
    private List<Enc> pagingOps(SplittableRandom r) {
        if (r.nextBoolean()) {
            OpcodeEntry invlpg = OpcodeMaps.TWO_BYTE.get(0x01).slots().get(7);
            while (true) {
                Enc e = encode(new Form("INVLPG", invlpg, 0x0F01, 7), r, false, false, 32);
                if (e != null) {
                    counts.merge("INVLPG", 1, Integer::sum);
                    return List.of(e);
                }
                rejected++;
            }
        }
        int reg = new int[] {0, 1, 2, 3, 5, 6, 7}[r.nextInt(7)];
        byte[] read = {0x0F, 0x20, (byte) (0xD8 | reg)};
        byte[] write = {0x0F, 0x22, (byte) (0xD8 | reg)};
        counts.merge("MOV CR3 (reload)", 1, Integer::sum);
        return List.of(new Enc(read, -1, 0, DECODER.decode(read, 32)),
                new Enc(write, -1, 0, DECODER.decode(write, 32), -1, 0, true));
    }

    X86FuzzCase generate(int index, long seed, X86FuzzCase.Mode mode) {
        return generate(index, seed, mode, false);
    }

    /**
     * A case; with {@code x87} (FLAT32, PROT16, REAL16) the sequence starts with {@link X87Fuzz#prologue} (FRSTOR
     * of a random FPU state) and about half its instructions are x87 and MMX forms ({@link X87Fuzz#FORMS},
     * {@link X87Fuzz#MMX_FORMS}).
     */
    X86FuzzCase generate(int index, long seed, X86FuzzCase.Mode mode, boolean x87) {
        if (x87 && mode == X86FuzzCase.Mode.PAGED32) {
            throw new IllegalArgumentException("no x87 cases in PAGED32");
        }
        SplittableRandom r = new SplittableRandom(seed);
        boolean real = mode == X86FuzzCase.Mode.REAL16;
        boolean b16 = mode == X86FuzzCase.Mode.REAL16 || mode == X86FuzzCase.Mode.PROT16;
        List<Form> forms = b16 ? FORMS16 : FORMS32;
        int defSize = b16 ? 16 : 32;
        long csBase = mode == X86FuzzCase.Mode.PROT16 ? X86FuzzCase.CS16_BASE : 0;
        int n = 1 + r.nextInt(12);
        List<Enc> encs = new ArrayList<>();
        byte[] x87Image = null;
        byte[] slots = null;
        int slot = 0;
        if (x87) {
            x87Image = X87Fuzz.image(r);
            slots = new byte[X87Fuzz.SLOT * 32];
            byte[] p = X87Fuzz.prologue(b16);
            encs.add(new Enc(p, -1, 0, DECODER.decode(p, defSize)));
        }
        int undefined = 0;
        for (int i = 0; i < n; i++) {
            if (x87 && r.nextInt(20) < 11) {
                byte[] bytes;
                String key;
                if (r.nextInt(3) == 0) {
                    X87Fuzz.MmxForm f = X87Fuzz.MMX_FORMS.get(r.nextInt(X87Fuzz.MMX_FORMS.size()));
                    boolean[] used = new boolean[1];
                    bytes = X87Fuzz.encodeMmx(f, slot, r, slots, used, b16);
                    slot += used[0] ? 1 : 0;
                    key = f.entry().mnemonic();
                } else {
                    X87Fuzz.Form f = X87Fuzz.FORMS.get(r.nextInt(X87Fuzz.FORMS.size()));
                    bytes = X87Fuzz.encode(f, slot, r, slots, b16);
                    slot += f.memory() ? 1 : 0;
                    key = f.entry().mnemonic();
                }
                X86Insn in = DECODER.decode(bytes, defSize);
                if (!in.ok() || in.length() != bytes.length || !in.entry().mnemonic().equals(key)) {
                    throw new IllegalStateException("x87/MMX form " + key + " does not decode back: " + in);
                }
                if ((X86FlagRules.reads(in) & undefined) != 0) {
                    byte[] cmp = {0x39, (byte) (0xC0 | r.nextInt(8) << 3 | r.nextInt(8))};
                    encs.add(new Enc(cmp, -1, 0, DECODER.decode(cmp, defSize)));
                    undefined = 0;
                }
                int[] eff = X86FlagRules.staticEffect(in);
                undefined = (undefined & ~eff[0]) | eff[1];
                counts.merge(in.entry().mnemonic(), 1, Integer::sum);
                encs.add(new Enc(bytes, -1, 0, in));
                continue;
            }
            if (r.nextInt(12) == 0) {
                encs.addAll(transferPair(r, b16, defSize));
                continue;
            }
            if (mode == X86FuzzCase.Mode.PAGED32 && r.nextInt(12) == 0) {
                encs.addAll(pagingOps(r));
                undefined = X86FlagRules.ALL;      // MOV to/from CR3 leaves the status flags undefined
                continue;
            }
            Enc e;
            while (true) {
                Form f = forms.get(r.nextInt(forms.size()));
                if (loadsSegment(f.entry) && r.nextInt(3) != 0) {
                    continue;       // 11 forms load segments; most random selectors fault: keep them rarer
                }
                e = encode(f, r, real, b16, defSize);
                if (e != null) {
                    break;
                }
                rejected++;
            }
            X86Insn in = e.insn;
            if ((X86FlagRules.reads(in) & undefined) != 0) {
                int a = r.nextInt(8);
                int b = r.nextInt(8);
                byte[] cmp = {0x39, (byte) (0xC0 | a << 3 | b)};
                if (b16) {
                    cmp = new byte[] {0x66, 0x39, (byte) (0xC0 | a << 3 | b)};
                }
                encs.add(new Enc(cmp, -1, 0, DECODER.decode(cmp, defSize)));
                undefined = 0;
            }
            int[] eff = X86FlagRules.staticEffect(in);
            undefined = (undefined & ~eff[0]) | eff[1];
            counts.merge(in.entry().mnemonic(), 1, Integer::sum);
            encs.add(e);
        }
        // lay out, then patch forward relative targets
        long codeAddr = real ? X86FuzzCase.CODE16 : X86FuzzCase.CODE32;     // linear
        long[] addrs = new long[encs.size() + 1];
        long a = codeAddr;
        for (int i = 0; i < encs.size(); i++) {
            addrs[i] = a;
            a += encs.get(i).bytes.length;
        }
        addrs[encs.size()] = a;
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        for (int i = 0; i < encs.size(); i++) {
            Enc e = encs.get(i);
            byte[] b = e.bytes.clone();
            if (e.absSize > 0) {
                // the pair's transfer is at i + 1: target a later instruction (or the HLT)
                int target = target(r, encs, i + 2);
                for (int k = 0; k < e.absSize; k++) {
                    b[e.absOffset + k] = (byte) ((addrs[target] - csBase) >>> (8 * k));
                }
            }
            if (e.relSize > 0) {
                long next = addrs[i + 1];
                int target = target(r, encs, i + 1);
                long rel = addrs[target] - next;
                if (e.relSize == 1 && rel > 127) {
                    rel = 0;
                }
                for (int k = 0; k < e.relSize; k++) {
                    b[e.relOffset + k] = (byte) (rel >>> (8 * k));
                }
            }
            code.write(b, 0, b.length);
        }
        code.write(0xF4);
        if (x87 && code.size() > X87Fuzz.IMAGE_OFF) {
            throw new IllegalStateException("x87 case code overlaps the FRSTOR image");
        }
        long[] regs = regs(r, mode);
        int eflags = eflags(r);
        int[] segs = segs(r, mode);
        byte[] memory = memory(r, mode);
        if (slots != null) {
            // at DS:SLOTS (DS as the case starts: flat, a PROT16 data segment, a real-mode segment)
            int sel = segs[3];
            long dsBase = mode == X86FuzzCase.Mode.REAL16 ? (long) sel << 4
                    : mode == X86FuzzCase.Mode.PROT16 ? (X86FuzzCase.GDT_ENTRIES[sel >> 3] >>> 16 & 0xFF_FFFFL) : 0;
            System.arraycopy(slots, 0, memory, (int) (dsBase + X87Fuzz.SLOTS), X87Fuzz.SLOT * slot);
        }
        return new X86FuzzCase(index, seed, mode, code.toByteArray(), addrs, regs, eflags, segs, memory, x87Image);
    }

    private static long[] regs(SplittableRandom r, X86FuzzCase.Mode mode) {
        boolean real = mode == X86FuzzCase.Mode.REAL16;
        boolean b16 = mode == X86FuzzCase.Mode.REAL16 || mode == X86FuzzCase.Mode.PROT16;
        long[] v = new long[8];
        for (int i = 0; i < 8; i++) {
            if (b16) {
                long lo = r.nextInt(0x10000);
                long hi = r.nextInt(12) == 0 ? r.nextInt(0x10000) : 0;
                v[i] = hi << 16 | lo;
            } else {
                int k = r.nextInt(8);
                v[i] = k < 5 ? r.nextInt(0x10000) : k < 7 ? r.nextInt(64) : r.nextLong() & 0xFFFF_FFFFL;
            }
        }
        if (r.nextInt(4) != 0) {
            v[1] = r.nextInt(24);               // ECX: REP, LOOP, shift counts
        }
        // PROT16: SP below BE00h, so a stack at base 4000h stays inside the 64 KiB data window
        v[4] = real ? 0x200 + 2L * r.nextInt(0x7E00) : b16 ? 0x200 + 2L * r.nextInt(0x5E00) : 0x2000 + 4L * r.nextInt(0x3000);
        if (!real && r.nextInt(3) != 0) {
            // a selector of the case's GDT in a register other than ESP/ECX, for MOV Sreg and POP Sreg
            int k = new int[] {0, 2, 3, 5, 6, 7}[r.nextInt(6)];
            v[k] = X86FuzzCase.SELECTORS[r.nextInt(X86FuzzCase.SELECTORS.length)];
        }
        if (mode == X86FuzzCase.Mode.PAGED32) {
            for (int k : new int[] {0, 2, 3, 5, 6, 7}) {
                if (r.nextInt(5) == 0) {
                    v[k] = 0x40_0000 | r.nextInt(0x10000);      // through the 4 MiB page
                }
            }
        }
        return v;
    }

    private static int eflags(SplittableRandom r) {
        int f = 2 | (r.nextInt() & (X86FlagRules.ALL | 0x400 | 0x200));
        return f;
    }

    private static int[] segs(SplittableRandom r, X86FuzzCase.Mode mode) {
        boolean real = mode == X86FuzzCase.Mode.REAL16;
        int[] s = new int[6];
        if (mode == X86FuzzCase.Mode.FLAT32 || mode == X86FuzzCase.Mode.PAGED32) {
            java.util.Arrays.fill(s, X86FuzzCase.FLAT_DATA_SELECTOR);
            s[1] = 0;
        }
        if (mode == X86FuzzCase.Mode.PROT16) {
            for (int i = 0; i < 6; i++) {
                s[i] = X86FuzzCase.DATA16_SELECTORS[r.nextInt(2)];
            }
            s[1] = X86FuzzCase.CS16_SELECTOR;
        }
        if (real) {
            for (int i = 0; i < 6; i++) {
                s[i] = i == 1 ? 0 : r.nextInt(4) == 0 ? r.nextInt(0x10000) : 0x1000 * (2 + r.nextInt(12));
            }
        }
        return s;
    }

    private static byte[] memory(SplittableRandom r, X86FuzzCase.Mode mode) {
        boolean real = mode == X86FuzzCase.Mode.REAL16;
        byte[] m = new byte[real ? X86FuzzCase.MEM16_SIZE
                : mode == X86FuzzCase.Mode.PROT16 ? X86FuzzCase.DATA16_SIZE : X86FuzzCase.DATA32_SIZE];
        for (int i = 0; i + 8 <= m.length; i += 8) {
            long v = r.nextLong();
            for (int k = 0; k < 8; k++) {
                m[i + k] = (byte) (v >>> (8 * k));
            }
        }
        if (!real) {
            for (int d = 0; d < X86FuzzCase.GDT_ENTRIES.length; d++) {
                for (int k = 0; k < 8; k++) {
                    m[(int) X86FuzzCase.GDT + 8 * d + k] = (byte) (X86FuzzCase.GDT_ENTRIES[d] >>> (8 * k));
                }
            }
        }
        return m;
    }

    /** Encodes form {@code f} with random prefixes and operands; null if it does not decode back to {@code f}. */
    private Enc encode(Form f, SplittableRandom r, boolean real, boolean b16, int defSize) {
        OpcodeEntry e = f.entry;
        String m = e.mnemonic();
        boolean control = m.startsWith("J") || m.equals("CALL") || m.startsWith("LOOP");
        boolean string = STRINGS.contains(m);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        // BSWAP of a 16-bit register is undefined (SDM Vol. 2A BSWAP): always 32-bit
        boolean p66 = m.equals("BSWAP") ? b16 : !control && r.nextInt(4) == 0;
        boolean p67 = (!control || m.startsWith("LOOP") || m.startsWith("JCXZ")) && r.nextInt(b16 ? 10 : 7) == 0;
        int opSize = p66 ? 48 - defSize : defSize;
        int addrSize = p67 ? 48 - defSize : defSize;
        int seg = -1;
        if (r.nextInt(6) == 0) {
            int[] choices = real ? new int[] {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65} : new int[] {0x26, 0x36, 0x3E, 0x64, 0x65};
            seg = choices[r.nextInt(choices.length)];
        }
        int rep = string && r.nextInt(2) == 0 ? (r.nextBoolean() ? 0xF3 : 0xF2) : 0;
        // ModRM
        int modrm = -1;
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        boolean memOperand = false;
        if (e.needsModRM()) {
            boolean memOnly = false;
            for (OperandSpec o : e.operands()) {
                memOnly |= o.method() == 'M' || o.type().equals("p");
            }
            int mod = memOnly || r.nextInt(5) < 3 ? r.nextInt(3) : 3;
            int reg = f.groupReg >= 0 ? f.groupReg : r.nextInt(8);
            for (OperandSpec o : e.operands()) {
                if (o.method() == 'S') {
                    reg = r.nextInt(6);
                    if (e.operands().get(0).method() == 'S' && reg == 1) {
                        reg = 3;
                    }
                }
            }
            int rm = r.nextInt(8);
            modrm = mod << 6 | reg << 3 | rm;
            memOperand = mod != 3;
            if (mod != 3) {
                if (addrSize == 32) {
                    boolean disp32 = mod == 2;
                    if (rm == 4) {
                        int index = r.nextInt(10) < 7 ? 4 : r.nextInt(8);
                        int base = r.nextInt(8);
                        tail.write(r.nextInt(4) << 6 | index << 3 | base);
                        if (base == 5 && mod == 0) {
                            disp32 = true;
                            writeLe(tail, b16 ? r.nextInt(0x1000) : r.nextInt(0x10000), 4);
                            disp32 = false;
                        }
                    } else if (rm == 5 && mod == 0) {
                        writeLe(tail, r.nextInt(b16 ? 0x1000 : 0x10000), 4);
                    }
                    if (mod == 1) {
                        tail.write(r.nextInt(256));
                    } else if (disp32) {
                        writeLe(tail, b16 ? r.nextInt(0x100) : r.nextInt(0x1000) - 0x800, 4);
                    }
                } else {
                    if (mod == 1) {
                        tail.write(r.nextInt(256));
                    } else if (mod == 2 || rm == 6) {
                        writeLe(tail, r.nextInt(0x10000), 2);
                    }
                }
            }
        }
        // immediates and relative displacements
        int relOffset = -1;
        int relSize = 0;
        ByteArrayOutputStream imms = new ByteArrayOutputStream();
        boolean shift = Set.of("SHL", "SAL", "SHR", "SAR", "ROL", "ROR", "RCL", "RCR", "SHLD", "SHRD").contains(m);
        for (OperandSpec o : e.operands()) {
            int nb = o.immediateBytes(opSize, addrSize);
            if (nb == 0) {
                continue;
            }
            if (o.method() == 'J') {
                relOffset = imms.size();
                relSize = nb;
                writeLe(imms, 0, nb);
            } else if (o.method() == 'O') {
                writeLe(imms, r.nextInt(addrSize == 16 ? 0x10000 : X86FuzzCase.DATA32_SIZE), nb);
            } else if (shift) {
                writeLe(imms, r.nextInt(4) == 0 ? r.nextInt(256) : r.nextInt(34), nb);
            } else if (m.equals("INT")) {
                // not 6: Unicorn reports a software INT 6 like #UD (UC_ERR_INSN_INVALID at the INT)
                int v = r.nextInt(256);
                writeLe(imms, v == 6 ? 7 : v, nb);
            } else if (m.equals("ENTER")) {
                writeLe(imms, nb == 2 ? r.nextInt(64) : (r.nextInt(4) == 0 ? r.nextInt(256) : r.nextInt(4)), nb);
            } else {
                writeLe(imms, r.nextLong(), nb);
            }
        }
        boolean lock = LOCKABLE.contains(m) && memOperand && !e.operands().isEmpty()
                && (e.operands().get(0).method() == 'E' || e.operands().get(0).method() == 'M') && r.nextInt(10) == 0;
        // assemble
        if (lock) {
            b.write(0xF0);
        }
        if (p66) {
            b.write(0x66);
        }
        if (p67) {
            b.write(0x67);
        }
        if (seg >= 0) {
            b.write(seg);
        }
        if (rep != 0) {
            b.write(rep);
        }
        if (f.opcode > 0xFF) {
            b.write(0x0F);
        }
        b.write(f.opcode & 0xFF);
        if (modrm >= 0) {
            b.write(modrm);
        }
        b.write(tail.toByteArray(), 0, tail.size());
        int relPos = b.size() + relOffset;
        b.write(imms.toByteArray(), 0, imms.size());
        byte[] bytes = b.toByteArray();
        X86Insn in = DECODER.decode(bytes, defSize);
        if (!in.ok() || in.length() != bytes.length || in.entry() != e) {
            return null;
        }
        return new Enc(bytes, relSize > 0 ? relPos : -1, relSize, in);
    }

    private static void writeLe(ByteArrayOutputStream o, long v, int n) {
        for (int k = 0; k < n; k++) {
            o.write((int) (v >>> (8 * k)) & 0xFF);
        }
    }
}
