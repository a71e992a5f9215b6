package org.jemu.x86.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * The IA-32 opcode maps of the Intel SDM Vol. 2, Appendix A, as data, in the manual's own notation, for
 * the i686 (Pentium Pro / Pentium II) integer instruction set and the x87:
 * <ul>
 *   <li>{@link #ONE_BYTE}: Table A-2, one-byte opcodes;</li>
 *   <li>{@link #TWO_BYTE}: Table A-3, two-byte opcodes (first byte 0FH);</li>
 *   <li>group tables of Table A-6 ("Opcode Extensions for One- and Two-byte Opcodes by Group Number"),
 *       selected by ModRM.reg;</li>
 *   <li>{@link #X87_MEM} and {@link #X87_REG}: Tables A-7..A-22, the escape opcodes D8..DF, by ModRM.reg
 *       when ModRM.mod != 11B and by ModRM.reg/rm when mod = 11B.</li>
 * </ul>
 * Every cell is written explicitly: an instruction, a group, a prefix, an escape, or {@code undef}
 * (#UD). The MMX cells (0F 60..7F, 0F D1..FE without a 66/F2/F3 prefix, Grp12..14) are defined; the
 * translator raises #UD for them on models without CPUID.MMX. Cells of later processors (SSE*, AVX, VMX,
 * 64-bit mode only) are undefined here.
 *
 * <p>Deliberate departures from a literal reading of the SDM tables (each is what every IA-32 processor
 * up to the Pentium Pro executes, and what the emulators used as oracles execute):
 * <ul>
 *   <li>D6 SALC (undocumented; blank in Table A-2);</li>
 *   <li>Grp2 /6 SAL (alias of SHL /4; blank in Table A-6) and Grp3 /1 TEST (alias of /0);</li>
 *   <li>DB E0/E1/E4 FENI/FDISI/FSETPM: 8087/287 instructions, executed as FNOP by the 387 and later;</li>
 *   <li>0F 18..0F 1F: the "hint NOP" space, NOP Ev (SDM: "NOP r/m" 0F 1F /0, and 0F 18..1E reserved NOP
 *       on family 6).</li>
 * </ul>
 */
public final class OpcodeMaps {

    private OpcodeMaps() {
    }

    // ---------------------------------------------------------------------------------------------
    // Group tables, SDM Table A-6. A slot is "MNEMONIC extra-operands", or "(UD)". The extra operands
    // are appended to the operands of the opcode line that selects the group; "Ib/Iz" means Ib when the
    // line's first operand is byte sized, else Iz (SDM writes "TEST Ib/Iz" in Grp3).
    // ---------------------------------------------------------------------------------------------

    /** A group of Table A-6: eight slots selected by ModRM.reg. */
    public record Group(String name, List<String> slots) {
        public Group {
            if (slots.size() != 8) {
                throw new IllegalArgumentException(name + " must have 8 slots");
            }
        }
    }

    private static Group group(String name, String... slots) {
        return new Group(name, List.of(slots));
    }

    private static final String UD = "(UD)";

    public static final Group GRP1 = group("Grp1", "ADD", "OR", "ADC", "SBB", "AND", "SUB", "XOR", "CMP");
    public static final Group GRP1A = group("Grp1A", "POP Ev", UD, UD, UD, UD, UD, UD, UD);
    public static final Group GRP2 = group("Grp2", "ROL", "ROR", "RCL", "RCR", "SHL", "SHR", "SAL", "SAR");
    public static final Group GRP3 = group("Grp3", "TEST Ib/Iz", "TEST Ib/Iz", "NOT", "NEG", "MUL", "IMUL",
            "DIV", "IDIV");
    public static final Group GRP4 = group("Grp4", "INC Eb", "DEC Eb", UD, UD, UD, UD, UD, UD);
    public static final Group GRP5 = group("Grp5", "INC Ev", "DEC Ev", "CALL Ev", "CALLF Ep", "JMP Ev",
            "JMPF Mp", "PUSH Ev", UD);
    public static final Group GRP6 = group("Grp6", "SLDT Rv/Mw", "STR Rv/Mw", "LLDT Ew", "LTR Ew", "VERR Ew",
            "VERW Ew", UD, UD);
    /** Grp7 for the i686: only the memory forms plus SMSW/LMSW register forms exist (mod=11 → #UD). */
    public static final Group GRP7 = group("Grp7", "SGDT Ms", "SIDT Ms", "LGDT Ms", "LIDT Ms", "SMSW Mw/Rv",
            UD, "LMSW Ew", "INVLPG Mb");
    public static final Group GRP8 = group("Grp8", UD, UD, UD, UD, "BT", "BTS", "BTR", "BTC");
    public static final Group GRP9 = group("Grp9", UD, "CMPXCHG8B Mq", UD, UD, UD, UD, UD, UD);
    public static final Group GRP11 = group("Grp11", "MOV", UD, UD, UD, UD, UD, UD, UD);
    /** Grp15 at the Pentium II level: FXSAVE/FXRSTOR (CPUID.FXSR); the rest is SSE and later. */
    public static final Group GRP15 = group("Grp15", "FXSAVE M", "FXRSTOR M", UD, UD, UD, UD, UD, UD);

    /** Grp12..14 (0F 71..73) at the MMX level: shifts of an MMX register by an immediate; /3 /7 of Grp14 are SSE2. */
    public static final Group GRP12 = group("Grp12", UD, UD, "PSRLW Nq,Ib", UD, "PSRAW Nq,Ib", UD, "PSLLW Nq,Ib", UD);
    public static final Group GRP13 = group("Grp13", UD, UD, "PSRLD Nq,Ib", UD, "PSRAD Nq,Ib", UD, "PSLLD Nq,Ib", UD);
    public static final Group GRP14 = group("Grp14", UD, UD, "PSRLQ Nq,Ib", UD, UD, UD, "PSLLQ Nq,Ib", UD);

    /** All group tables, for the completeness checks. */
    public static final List<Group> GROUPS = List.of(GRP1, GRP1A, GRP2, GRP3, GRP4, GRP5, GRP6, GRP7, GRP8,
            GRP9, GRP11, GRP12, GRP13, GRP14, GRP15);

    // ---------------------------------------------------------------------------------------------
    // Table builder: every cell must be written exactly once.
    // ---------------------------------------------------------------------------------------------

    private static final class MapBuilder {
        final String name;
        final OpcodeEntry[] cells;

        MapBuilder(String name, int size) {
            this.name = name;
            this.cells = new OpcodeEntry[size];
        }

        void put(int code, OpcodeEntry e) {
            if (cells[code] != null) {
                throw new IllegalStateException(name + ": cell " + Integer.toHexString(code) + " written twice");
            }
            cells[code] = e;
        }

        void op(int code, String mnemonic, String operands) {
            put(code, OpcodeEntry.insn(name, code, mnemonic, operands));
        }

        /** Ib sign-extended to the operand size (83, 6A, 6B). */
        void opSx(int code, String mnemonic, String operands) {
            put(code, OpcodeEntry.insn(name, code, mnemonic, operands).withSignExtendImm8());
        }

        void grp(int code, Group g, String operands) {
            List<OpcodeEntry> slots = new ArrayList<>(8);
            List<OperandSpec> line = OperandSpec.parseList(operands);
            boolean sx = code == 0x83;       // Grp1 Ev,Ib: immediate sign-extended (SDM ADD/OR/... "83 /r ib")
            for (int reg = 0; reg < 8; reg++) {
                String slot = g.slots().get(reg);
                String slotMap = name + " " + Integer.toHexString(code).toUpperCase() + " " + g.name() + " /" + reg;
                if (slot.equals(UD)) {
                    slots.add(OpcodeEntry.undefined(slotMap, reg, "reserved " + g.name() + " slot"));
                    continue;
                }
                int sp = slot.indexOf(' ');
                String mn = sp < 0 ? slot : slot.substring(0, sp);
                String extra = sp < 0 ? "" : slot.substring(sp + 1);
                if (extra.equals("Ib/Iz")) {
                    extra = !line.isEmpty() && line.get(0).type().equals("b") ? "Ib" : "Iz";
                }
                String ops = operands.isEmpty() ? extra : extra.isEmpty() ? operands : operands + "," + extra;
                OpcodeEntry e = OpcodeEntry.insn(slotMap, reg, mn, ops);
                slots.add(sx ? e.withSignExtendImm8() : e);
            }
            put(code, new OpcodeEntry(OpcodeEntry.Kind.GROUP, name, code, g.name(), operands, line,
                    List.copyOf(slots), false, ""));
        }

        void prefix(int code, String name) {
            put(code, new OpcodeEntry(OpcodeEntry.Kind.PREFIX, this.name, code, name, "", List.of(), List.of(),
                    false, ""));
        }

        void escape(int code, String name) {
            put(code, new OpcodeEntry(OpcodeEntry.Kind.ESCAPE, this.name, code, name, "", List.of(), List.of(),
                    false, ""));
        }

        void x87(int code) {
            put(code, new OpcodeEntry(OpcodeEntry.Kind.X87, this.name, code, "ESC", "", List.of(), List.of(),
                    false, "x87 escape, Tables A-7..A-22"));
        }

        void undef(int code, String why) {
            put(code, OpcodeEntry.undefined(name, code, why));
        }

        void undef(int lo, int hi, String why) {
            for (int c = lo; c <= hi; c++) {
                undef(c, why);
            }
        }

        OpcodeEntry[] done() {
            for (int i = 0; i < cells.length; i++) {
                if (cells[i] == null) {
                    throw new IllegalStateException(name + ": cell " + Integer.toHexString(i) + " not written");
                }
            }
            return cells;
        }
    }

    /** Condition-code suffixes in encoding order (SDM Vol. 1 B.1, Table B-1). */
    public static final List<String> CC = List.of("O", "NO", "B", "AE", "E", "NE", "BE", "A", "S", "NS", "P",
            "NP", "L", "GE", "LE", "G");

    /** The eight ALU operations of Table A-2 rows 0..3 in column order 0..7 and 8..F. */
    private static final List<String> ALU = List.of("ADD", "OR", "ADC", "SBB", "AND", "SUB", "XOR", "CMP");

    // ---------------------------------------------------------------------------------------------
    // Table A-2: one-byte opcode map.
    // ---------------------------------------------------------------------------------------------

    /** SDM Table A-2, one-byte opcodes 00..FF. */
    public static final List<OpcodeEntry> ONE_BYTE = List.of(oneByte());

    private static OpcodeEntry[] oneByte() {
        MapBuilder m = new MapBuilder("1byte", 256);
        // 00-3F: ALU rows; the SDM lays each out as Eb,Gb Ev,Gv Gb,Eb Gv,Ev AL,Ib rAX,Iz.
        for (int i = 0; i < 8; i++) {
            int b = i * 8;
            String mn = ALU.get(i);
            m.op(b, mn, "Eb,Gb");
            m.op(b + 1, mn, "Ev,Gv");
            m.op(b + 2, mn, "Gb,Eb");
            m.op(b + 3, mn, "Gv,Ev");
            m.op(b + 4, mn, "AL,Ib");
            m.op(b + 5, mn, "rAX,Iz");
        }
        m.op(0x06, "PUSH", "ES");
        m.op(0x07, "POP", "ES");
        m.op(0x0E, "PUSH", "CS");
        m.escape(0x0F, "2-byte escape (Table A-3)");
        m.op(0x16, "PUSH", "SS");
        m.op(0x17, "POP", "SS");
        m.op(0x1E, "PUSH", "DS");
        m.op(0x1F, "POP", "DS");
        m.prefix(0x26, "SEG=ES");
        m.op(0x27, "DAA", "");
        m.prefix(0x2E, "SEG=CS");
        m.op(0x2F, "DAS", "");
        m.prefix(0x36, "SEG=SS");
        m.op(0x37, "AAA", "");
        m.prefix(0x3E, "SEG=DS");
        m.op(0x3F, "AAS", "");
        for (int r = 0; r < 8; r++) {
            m.op(0x40 + r, "INC", "Zv");
            m.op(0x48 + r, "DEC", "Zv");
            m.op(0x50 + r, "PUSH", "Zv");
            m.op(0x58 + r, "POP", "Zv");
        }
        m.op(0x60, "PUSHA/PUSHAD", "");
        m.op(0x61, "POPA/POPAD", "");
        m.op(0x62, "BOUND", "Gv,Ma");
        m.op(0x63, "ARPL", "Ew,Gw");
        m.prefix(0x64, "SEG=FS");
        m.prefix(0x65, "SEG=GS");
        m.prefix(0x66, "Operand Size");
        m.prefix(0x67, "Address Size");
        m.op(0x68, "PUSH", "Iz");
        m.op(0x69, "IMUL", "Gv,Ev,Iz");
        m.opSx(0x6A, "PUSH", "Ib");
        m.opSx(0x6B, "IMUL", "Gv,Ev,Ib");
        m.op(0x6C, "INSB", "Yb,DX");
        m.op(0x6D, "INSW/INSD", "Yz,DX");
        m.op(0x6E, "OUTSB", "DX,Xb");
        m.op(0x6F, "OUTSW/OUTSD", "DX,Xz");
        for (int c = 0; c < 16; c++) {
            m.op(0x70 + c, "J" + CC.get(c), "Jb");
        }
        m.grp(0x80, GRP1, "Eb,Ib");
        m.grp(0x81, GRP1, "Ev,Iz");
        m.grp(0x82, GRP1, "Eb,Ib");          // i64 in the SDM: valid in 16/32-bit modes
        m.grp(0x83, GRP1, "Ev,Ib");
        m.op(0x84, "TEST", "Eb,Gb");
        m.op(0x85, "TEST", "Ev,Gv");
        m.op(0x86, "XCHG", "Eb,Gb");
        m.op(0x87, "XCHG", "Ev,Gv");
        m.op(0x88, "MOV", "Eb,Gb");
        m.op(0x89, "MOV", "Ev,Gv");
        m.op(0x8A, "MOV", "Gb,Eb");
        m.op(0x8B, "MOV", "Gv,Ev");
        m.op(0x8C, "MOV", "Ev,Sw");
        m.op(0x8D, "LEA", "Gv,M");
        m.op(0x8E, "MOV", "Sw,Ew");
        m.grp(0x8F, GRP1A, "");
        m.op(0x90, "NOP", "");
        for (int r = 1; r < 8; r++) {
            m.op(0x90 + r, "XCHG", "Zv,rAX");
        }
        m.op(0x98, "CBW/CWDE", "");
        m.op(0x99, "CWD/CDQ", "");
        m.op(0x9A, "CALLF", "Ap");
        m.op(0x9B, "FWAIT", "");
        m.op(0x9C, "PUSHF/PUSHFD", "Fv");
        m.op(0x9D, "POPF/POPFD", "Fv");
        m.op(0x9E, "SAHF", "");
        m.op(0x9F, "LAHF", "");
        m.op(0xA0, "MOV", "AL,Ob");
        m.op(0xA1, "MOV", "rAX,Ov");
        m.op(0xA2, "MOV", "Ob,AL");
        m.op(0xA3, "MOV", "Ov,rAX");
        m.op(0xA4, "MOVSB", "Yb,Xb");
        m.op(0xA5, "MOVSW/MOVSD", "Yv,Xv");
        m.op(0xA6, "CMPSB", "Xb,Yb");
        m.op(0xA7, "CMPSW/CMPSD", "Xv,Yv");
        m.op(0xA8, "TEST", "AL,Ib");
        m.op(0xA9, "TEST", "rAX,Iz");
        m.op(0xAA, "STOSB", "Yb,AL");
        m.op(0xAB, "STOSW/STOSD", "Yv,rAX");
        m.op(0xAC, "LODSB", "AL,Xb");
        m.op(0xAD, "LODSW/LODSD", "rAX,Xv");
        m.op(0xAE, "SCASB", "AL,Yb");
        m.op(0xAF, "SCASW/SCASD", "rAX,Yv");
        for (int r = 0; r < 8; r++) {
            m.op(0xB0 + r, "MOV", "Zb,Ib");
            m.op(0xB8 + r, "MOV", "Zv,Iv");
        }
        m.grp(0xC0, GRP2, "Eb,Ib");
        m.grp(0xC1, GRP2, "Ev,Ib");
        m.op(0xC2, "RET", "Iw");
        m.op(0xC3, "RET", "");
        m.op(0xC4, "LES", "Gz,Mp");
        m.op(0xC5, "LDS", "Gz,Mp");
        m.grp(0xC6, GRP11, "Eb,Ib");
        m.grp(0xC7, GRP11, "Ev,Iz");
        m.op(0xC8, "ENTER", "Iw,Ib");
        m.op(0xC9, "LEAVE", "");
        m.op(0xCA, "RETF", "Iw");
        m.op(0xCB, "RETF", "");
        m.op(0xCC, "INT3", "");
        m.op(0xCD, "INT", "Ib");
        m.op(0xCE, "INTO", "");
        m.op(0xCF, "IRET/IRETD", "");
        m.grp(0xD0, GRP2, "Eb,1");
        m.grp(0xD1, GRP2, "Ev,1");
        m.grp(0xD2, GRP2, "Eb,CL");
        m.grp(0xD3, GRP2, "Ev,CL");
        m.op(0xD4, "AAM", "Ib");
        m.op(0xD5, "AAD", "Ib");
        m.put(0xD6, OpcodeEntry.insn("1byte", 0xD6, "SALC", "")
                .withNote("undocumented, executed by every IA-32 CPU; blank in Table A-2"));
        m.op(0xD7, "XLAT", "");
        for (int e = 0xD8; e <= 0xDF; e++) {
            m.x87(e);
        }
        m.op(0xE0, "LOOPNE", "Jb");
        m.op(0xE1, "LOOPE", "Jb");
        m.op(0xE2, "LOOP", "Jb");
        m.op(0xE3, "JCXZ/JECXZ", "Jb");
        m.op(0xE4, "IN", "AL,Ib");
        m.op(0xE5, "IN", "eAX,Ib");
        m.op(0xE6, "OUT", "Ib,AL");
        m.op(0xE7, "OUT", "Ib,eAX");
        m.op(0xE8, "CALL", "Jz");
        m.op(0xE9, "JMP", "Jz");
        m.op(0xEA, "JMPF", "Ap");
        m.op(0xEB, "JMP", "Jb");
        m.op(0xEC, "IN", "AL,DX");
        m.op(0xED, "IN", "eAX,DX");
        m.op(0xEE, "OUT", "DX,AL");
        m.op(0xEF, "OUT", "DX,eAX");
        m.prefix(0xF0, "LOCK");
        m.op(0xF1, "INT1", "");
        m.prefix(0xF2, "REPNE");
        m.prefix(0xF3, "REP/REPE");
        m.op(0xF4, "HLT", "");
        m.op(0xF5, "CMC", "");
        m.grp(0xF6, GRP3, "Eb");
        m.grp(0xF7, GRP3, "Ev");
        m.op(0xF8, "CLC", "");
        m.op(0xF9, "STC", "");
        m.op(0xFA, "CLI", "");
        m.op(0xFB, "STI", "");
        m.op(0xFC, "CLD", "");
        m.op(0xFD, "STD", "");
        m.grp(0xFE, GRP4, "");
        m.grp(0xFF, GRP5, "");
        return m.done();
    }

    // ---------------------------------------------------------------------------------------------
    // Table A-3: two-byte opcode map (0F xx).
    // ---------------------------------------------------------------------------------------------

    /** SDM Table A-3, two-byte opcodes 0F 00..0F FF (index = second byte). */
    public static final List<OpcodeEntry> TWO_BYTE = List.of(twoByte());

    private static OpcodeEntry[] twoByte() {
        MapBuilder m = new MapBuilder("0F", 256);
        m.grp(0x00, GRP6, "");
        m.grp(0x01, GRP7, "");
        m.op(0x02, "LAR", "Gv,Ew");
        m.op(0x03, "LSL", "Gv,Ew");
        m.undef(0x04, "reserved");
        m.undef(0x05, "SYSCALL: 64-bit mode / AMD only (286 LOADALL gone on the i686)");
        m.op(0x06, "CLTS", "");
        m.undef(0x07, "SYSRET: 64-bit mode / AMD only (386 LOADALL gone on the i686)");
        m.op(0x08, "INVD", "");
        m.op(0x09, "WBINVD", "");
        m.undef(0x0A, "reserved");
        m.op(0x0B, "UD2", "");
        m.undef(0x0C, "reserved");
        m.undef(0x0D, "PREFETCHW: AMD 3DNow!/later");
        m.undef(0x0E, "FEMMS: AMD 3DNow!");
        m.undef(0x0F, "3DNow! escape: AMD");
        m.undef(0x10, 0x17, "SSE");
        for (int c = 0x18; c <= 0x1F; c++) {
            m.put(c, OpcodeEntry.insn("0F", c, "NOP", "Ev").withNote("hint NOP (0F 1F /0 NOP; 0F 18..1E reserved-NOP)"));
        }
        m.op(0x20, "MOV", "Rd,Cd");
        m.op(0x21, "MOV", "Rd,Dd");
        m.op(0x22, "MOV", "Cd,Rd");
        m.op(0x23, "MOV", "Dd,Rd");
        m.undef(0x24, "MOV from TR: 386/486 only");
        m.undef(0x25, "reserved");
        m.undef(0x26, "MOV to TR: 386/486 only");
        m.undef(0x27, "reserved");
        m.undef(0x28, 0x2F, "SSE");
        m.op(0x30, "WRMSR", "");
        m.op(0x31, "RDTSC", "");
        m.op(0x32, "RDMSR", "");
        m.op(0x33, "RDPMC", "");
        m.op(0x34, "SYSENTER", "");            // CPUID.SEP (Pentium II)
        m.op(0x35, "SYSEXIT", "");
        m.undef(0x36, "reserved");
        m.undef(0x37, "GETSEC: SMX");
        m.undef(0x38, "3-byte escape (SSSE3 and later)");
        m.undef(0x39, "reserved");
        m.undef(0x3A, "3-byte escape (SSE4 and later)");
        m.undef(0x3B, 0x3F, "reserved");
        for (int c = 0; c < 16; c++) {
            m.op(0x40 + c, "CMOV" + CC.get(c), "Gv,Ev");
            m.op(0x80 + c, "J" + CC.get(c), "Jz");
            m.op(0x90 + c, "SET" + CC.get(c), "Eb");
        }
        m.undef(0x50, 0x5F, "SSE/SSE2");
        // MMX (Table A-3 rows 6 and 7 without prefix; CPUID.MMX): the 66/F2/F3 forms are SSE2 and later
        String[] row6 = {"PUNPCKLBW", "PUNPCKLWD", "PUNPCKLDQ", "PACKSSWB", "PCMPGTB", "PCMPGTW", "PCMPGTD",
                "PACKUSWB", "PUNPCKHBW", "PUNPCKHWD", "PUNPCKHDQ", "PACKSSDW"};
        for (int i = 0; i < row6.length; i++) {
            m.op(0x60 + i, row6[i], i < 3 ? "Pq,Qd" : "Pq,Qq");
        }
        m.undef(0x6C, 0x6D, "PUNPCKLQDQ/PUNPCKHQDQ: SSE2");
        m.op(0x6E, "MOVD", "Pd,Ed");
        m.op(0x6F, "MOVQ", "Pq,Qq");
        m.undef(0x70, "PSHUFW: SSE");
        m.grp(0x71, GRP12, "");
        m.grp(0x72, GRP13, "");
        m.grp(0x73, GRP14, "");
        m.op(0x74, "PCMPEQB", "Pq,Qq");
        m.op(0x75, "PCMPEQW", "Pq,Qq");
        m.op(0x76, "PCMPEQD", "Pq,Qq");
        m.op(0x77, "EMMS", "");
        m.undef(0x78, 0x7D, "VMREAD/VMWRITE (VMX), SSE3");
        m.op(0x7E, "MOVD", "Ed,Pd");
        m.op(0x7F, "MOVQ", "Qq,Pq");
        m.op(0xA0, "PUSH", "FS");
        m.op(0xA1, "POP", "FS");
        m.op(0xA2, "CPUID", "");
        m.op(0xA3, "BT", "Ev,Gv");
        m.op(0xA4, "SHLD", "Ev,Gv,Ib");
        m.op(0xA5, "SHLD", "Ev,Gv,CL");
        m.undef(0xA6, "reserved (early 486 CMPXCHG, VIA PadLock)");
        m.undef(0xA7, "reserved (early 486 CMPXCHG, VIA PadLock)");
        m.op(0xA8, "PUSH", "GS");
        m.op(0xA9, "POP", "GS");
        m.op(0xAA, "RSM", "");
        m.op(0xAB, "BTS", "Ev,Gv");
        m.op(0xAC, "SHRD", "Ev,Gv,Ib");
        m.op(0xAD, "SHRD", "Ev,Gv,CL");
        m.grp(0xAE, GRP15, "");
        m.op(0xAF, "IMUL", "Gv,Ev");
        m.op(0xB0, "CMPXCHG", "Eb,Gb");
        m.op(0xB1, "CMPXCHG", "Ev,Gv");
        m.op(0xB2, "LSS", "Gv,Mp");
        m.op(0xB3, "BTR", "Ev,Gv");
        m.op(0xB4, "LFS", "Gv,Mp");
        m.op(0xB5, "LGS", "Gv,Mp");
        m.op(0xB6, "MOVZX", "Gv,Eb");
        m.op(0xB7, "MOVZX", "Gv,Ew");
        m.undef(0xB8, "JMPE (IA-64) / POPCNT (SSE4.2)");
        m.op(0xB9, "UD1", "Gv,Ev");            // Grp10: raises #UD but has a ModRM byte
        m.grp(0xBA, GRP8, "Ev,Ib");
        m.op(0xBB, "BTC", "Ev,Gv");
        m.op(0xBC, "BSF", "Gv,Ev");
        m.op(0xBD, "BSR", "Gv,Ev");
        m.op(0xBE, "MOVSX", "Gv,Eb");
        m.op(0xBF, "MOVSX", "Gv,Ew");
        m.op(0xC0, "XADD", "Eb,Gb");
        m.op(0xC1, "XADD", "Ev,Gv");
        m.undef(0xC2, 0xC6, "SSE/SSE2");
        m.grp(0xC7, GRP9, "");
        for (int r = 0; r < 8; r++) {
            m.op(0xC8 + r, "BSWAP", "Zv");
        }
        // MMX rows D..F (Table A-3); the empty cells are SSE, SSE2 and SSE3 instructions
        String[] rowD = {null, "PSRLW", "PSRLD", "PSRLQ", null, "PMULLW", null, null, "PSUBUSB", "PSUBUSW", null,
                "PAND", "PADDUSB", "PADDUSW", null, "PANDN", null, "PSRAW", "PSRAD", null, null, "PMULHW", null,
                null, "PSUBSB", "PSUBSW", null, "POR", "PADDSB", "PADDSW", null, "PXOR", null, "PSLLW", "PSLLD",
                "PSLLQ", null, "PMADDWD", null, null, "PSUBB", "PSUBW", "PSUBD", null, "PADDB", "PADDW", "PADDD"};
        for (int i = 0; i < rowD.length; i++) {
            if (rowD[i] == null) {
                m.undef(0xD0 + i, "SSE/SSE2/SSE3");
            } else {
                m.op(0xD0 + i, rowD[i], "Pq,Qq");
            }
        }
        m.op(0xFF, "UD0", "Gv,Ev");
        return m.done();
    }

    // ---------------------------------------------------------------------------------------------
    // Tables A-7..A-22: x87 escape opcodes D8..DF.
    // ---------------------------------------------------------------------------------------------

    /** ModRM.mod != 11B: {@code X87_MEM.get(esc - 0xD8).get(reg)}, Tables, ..., A-21. */
    public static final List<List<OpcodeEntry>> X87_MEM;
    /** ModRM.mod = 11B: {@code X87_REG.get(esc - 0xD8).get(modrm - 0xC0)}, Tables, ..., A-22. */
    public static final List<List<OpcodeEntry>> X87_REG;

    private static final List<String> X87_ARITH = List.of("FADD", "FMUL", "FCOM", "FCOMP", "FSUB", "FSUBR",
            "FDIV", "FDIVR");

    static {
        List<List<OpcodeEntry>> mem = new ArrayList<>();
        List<List<OpcodeEntry>> reg = new ArrayList<>();
        for (int esc = 0xD8; esc <= 0xDF; esc++) {
            String hx = Integer.toHexString(esc).toUpperCase();
            MapBuilder mm = new MapBuilder(hx + " mem", 8);
            MapBuilder rr = new MapBuilder(hx + " reg", 64);
            x87(esc, mm, rr);
            mem.add(List.of(mm.done()));
            reg.add(List.of(rr.done()));
        }
        X87_MEM = List.copyOf(mem);
        X87_REG = List.copyOf(reg);
    }

    /** Defines eight consecutive register cells C0+8*row .. +7 with one mnemonic/operand pattern. */
    private static void row(MapBuilder r, int modrm, String mnemonic, String operands) {
        for (int i = 0; i < 8; i++) {
            r.op(modrm - 0xC0 + i, mnemonic, operands);
        }
    }

    private static void one(MapBuilder r, int modrm, String mnemonic, String operands) {
        r.op(modrm - 0xC0, mnemonic, operands);
    }

    private static void none(MapBuilder r, int lo, int hi, String why) {
        r.undef(lo - 0xC0, hi - 0xC0, why);
    }

    private static void x87(int esc, MapBuilder m, MapBuilder r) {
        switch (esc) {
            case 0xD8 -> { // Tables
                for (int i = 0; i < 8; i++) {
                    m.op(i, X87_ARITH.get(i), "single-real");
                    row(r, 0xC0 + 8 * i, X87_ARITH.get(i), "ST(0),ST(i)");
                }
            }
            case 0xD9 -> { // Tables
                m.op(0, "FLD", "single-real");
                m.undef(1, "reserved");
                m.op(2, "FST", "single-real");
                m.op(3, "FSTP", "single-real");
                m.op(4, "FLDENV", "14/28 bytes");
                m.op(5, "FLDCW", "2 bytes");
                m.op(6, "FNSTENV", "14/28 bytes");
                m.op(7, "FNSTCW", "2 bytes");
                row(r, 0xC0, "FLD", "ST(i)");
                row(r, 0xC8, "FXCH", "ST(i)");
                one(r, 0xD0, "FNOP", "");
                none(r, 0xD1, 0xDF, "reserved");
                one(r, 0xE0, "FCHS", "");
                one(r, 0xE1, "FABS", "");
                none(r, 0xE2, 0xE3, "reserved");
                one(r, 0xE4, "FTST", "");
                one(r, 0xE5, "FXAM", "");
                none(r, 0xE6, 0xE7, "reserved");
                String[] consts = {"FLD1", "FLDL2T", "FLDL2E", "FLDPI", "FLDLG2", "FLDLN2", "FLDZ"};
                for (int i = 0; i < consts.length; i++) {
                    one(r, 0xE8 + i, consts[i], "");
                }
                none(r, 0xEF, 0xEF, "reserved");
                String[] f0 = {"F2XM1", "FYL2X", "FPTAN", "FPATAN", "FXTRACT", "FPREM1", "FDECSTP", "FINCSTP",
                        "FPREM", "FYL2XP1", "FSQRT", "FSINCOS", "FRNDINT", "FSCALE", "FSIN", "FCOS"};
                for (int i = 0; i < f0.length; i++) {
                    one(r, 0xF0 + i, f0[i], "");
                }
            }
            case 0xDA -> { // Tables
                for (int i = 0; i < 8; i++) {
                    m.op(i, "FI" + X87_ARITH.get(i).substring(1), "dword-integer");
                }
                row(r, 0xC0, "FCMOVB", "ST(0),ST(i)");
                row(r, 0xC8, "FCMOVE", "ST(0),ST(i)");
                row(r, 0xD0, "FCMOVBE", "ST(0),ST(i)");
                row(r, 0xD8, "FCMOVU", "ST(0),ST(i)");
                none(r, 0xE0, 0xE8, "reserved");
                one(r, 0xE9, "FUCOMPP", "");
                none(r, 0xEA, 0xFF, "reserved");
            }
            case 0xDB -> { // Tables
                m.op(0, "FILD", "dword-integer");
                m.undef(1, "FISTTP: SSE3");
                m.op(2, "FIST", "dword-integer");
                m.op(3, "FISTP", "dword-integer");
                m.undef(4, "reserved");
                m.op(5, "FLD", "extended-real");
                m.undef(6, "reserved");
                m.op(7, "FSTP", "extended-real");
                row(r, 0xC0, "FCMOVNB", "ST(0),ST(i)");
                row(r, 0xC8, "FCMOVNE", "ST(0),ST(i)");
                row(r, 0xD0, "FCMOVNBE", "ST(0),ST(i)");
                row(r, 0xD8, "FCMOVNU", "ST(0),ST(i)");
                one(r, 0xE0, "FNENI", "");        // 8087; FNOP on 387+
                one(r, 0xE1, "FNDISI", "");       // 8087; FNOP on 387+
                one(r, 0xE2, "FNCLEX", "");
                one(r, 0xE3, "FNINIT", "");
                one(r, 0xE4, "FNSETPM", "");      // 287; FNOP on 387+
                none(r, 0xE5, 0xE7, "reserved");
                row(r, 0xE8, "FUCOMI", "ST(0),ST(i)");
                row(r, 0xF0, "FCOMI", "ST(0),ST(i)");
                none(r, 0xF8, 0xFF, "reserved");
            }
            case 0xDC -> { // Tables
                for (int i = 0; i < 8; i++) {
                    m.op(i, X87_ARITH.get(i), "double-real");
                }
                row(r, 0xC0, "FADD", "ST(i),ST(0)");
                row(r, 0xC8, "FMUL", "ST(i),ST(0)");
                none(r, 0xD0, 0xDF, "reserved (undocumented FCOM/FCOMP aliases)");
                row(r, 0xE0, "FSUBR", "ST(i),ST(0)");
                row(r, 0xE8, "FSUB", "ST(i),ST(0)");
                row(r, 0xF0, "FDIVR", "ST(i),ST(0)");
                row(r, 0xF8, "FDIV", "ST(i),ST(0)");
            }
            case 0xDD -> { // Tables
                m.op(0, "FLD", "double-real");
                m.undef(1, "FISTTP: SSE3");
                m.op(2, "FST", "double-real");
                m.op(3, "FSTP", "double-real");
                m.op(4, "FRSTOR", "98/108 bytes");
                m.undef(5, "reserved");
                m.op(6, "FNSAVE", "98/108 bytes");
                m.op(7, "FNSTSW", "2 bytes");
                row(r, 0xC0, "FFREE", "ST(i)");
                none(r, 0xC8, 0xCF, "reserved (undocumented FXCH alias)");
                row(r, 0xD0, "FST", "ST(i)");
                row(r, 0xD8, "FSTP", "ST(i)");
                row(r, 0xE0, "FUCOM", "ST(i)");
                row(r, 0xE8, "FUCOMP", "ST(i)");
                none(r, 0xF0, 0xFF, "reserved");
            }
            case 0xDE -> { // Tables
                for (int i = 0; i < 8; i++) {
                    m.op(i, "FI" + X87_ARITH.get(i).substring(1), "word-integer");
                }
                row(r, 0xC0, "FADDP", "ST(i),ST(0)");
                row(r, 0xC8, "FMULP", "ST(i),ST(0)");
                none(r, 0xD0, 0xD8, "reserved (undocumented FCOMP alias)");
                one(r, 0xD9, "FCOMPP", "");
                none(r, 0xDA, 0xDF, "reserved");
                row(r, 0xE0, "FSUBRP", "ST(i),ST(0)");
                row(r, 0xE8, "FSUBP", "ST(i),ST(0)");
                row(r, 0xF0, "FDIVRP", "ST(i),ST(0)");
                row(r, 0xF8, "FDIVP", "ST(i),ST(0)");
            }
            case 0xDF -> { // Tables
                m.op(0, "FILD", "word-integer");
                m.undef(1, "FISTTP: SSE3");
                m.op(2, "FIST", "word-integer");
                m.op(3, "FISTP", "word-integer");
                m.op(4, "FBLD", "packed-BCD");
                m.op(5, "FILD", "qword-integer");
                m.op(6, "FBSTP", "packed-BCD");
                m.op(7, "FISTP", "qword-integer");
                none(r, 0xC0, 0xDF, "reserved (undocumented FFREEP/FXCH/FSTP aliases)");
                one(r, 0xE0, "FNSTSW", "AX");
                none(r, 0xE1, 0xE7, "reserved");
                row(r, 0xE8, "FUCOMIP", "ST(0),ST(i)");
                row(r, 0xF0, "FCOMIP", "ST(0),ST(i)");
                none(r, 0xF8, 0xFF, "reserved");
            }
            default -> throw new IllegalArgumentException();
        }
    }
}
