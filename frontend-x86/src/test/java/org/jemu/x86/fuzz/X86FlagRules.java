package org.jemu.x86.fuzz;

import org.jemu.x86.decode.OpcodeMaps;
import org.jemu.x86.decode.X86Insn;

/**
 * What each fuzzed instruction does with the status flags, from the "Flags Affected" sections of the SDM
 * Vol. 2 instruction pages: which it reads, which it defines, and which it leaves undefined. The
 * generator uses the static form (before knowing register values) to avoid sequences that consume an
 * undefined flag; the lock-step diagnosis uses the exact form (with the state before the instruction) to
 * mask precisely the flags the SDM calls undefined for that execution.
 */
final class X86FlagRules {
    private X86FlagRules() {
    }

    static final int CF = 1, PF = 4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800;
    static final int ALL = CF | PF | AF | ZF | SF | OF;

    /** Flags of condition code {@code cc} (SDM Vol. 1 Table B-1). */
    static int condFlags(int cc) {
        return switch (cc >> 1) {
            case 0 -> OF;
            case 1 -> CF;
            case 2 -> ZF;
            case 3 -> CF | ZF;
            case 4 -> SF;
            case 5 -> PF;
            case 6 -> SF | OF;
            default -> ZF | SF | OF;
        };
    }

    private static int cc(String m, String prefix) {
        return OpcodeMaps.CC.indexOf(m.substring(prefix.length()));
    }

    /** Status flags the instruction reads. */
    static int reads(X86Insn in) {
        String m = in.entry().mnemonic();
        if (m.startsWith("SET")) {
            return condFlags(cc(m, "SET"));
        }
        if (m.startsWith("CMOV")) {
            return condFlags(cc(m, "CMOV"));
        }
        if (m.startsWith("J") && !m.equals("JMP") && !m.startsWith("JCXZ") && !m.equals("JMPF")) {
            return condFlags(cc(m, "J"));
        }
        return switch (m) {
            case "ADC", "SBB", "RCL", "RCR", "CMC", "SALC" -> CF;
            case "LOOPE", "LOOPNE" -> ZF;
            case "PUSHF/PUSHFD" -> ALL;
            case "LAHF" -> SF | ZF | AF | PF | CF;
            case "DAA", "DAS" -> AF | CF;
            case "AAA", "AAS" -> AF;
            case "INTO" -> OF;
            // FCMOVcc (SDM Vol. 2A "FCMOVcc"): B/NB CF, E/NE ZF, BE/NBE CF ZF, U/NU PF
            case "FCMOVB", "FCMOVNB" -> CF;
            case "FCMOVE", "FCMOVNE" -> ZF;
            case "FCMOVBE", "FCMOVNBE" -> CF | ZF;
            case "FCMOVU", "FCMOVNU" -> PF;
            default -> 0;
        };
    }

    /**
     * {defined, undefined}: the flags the instruction certainly sets to defined values, and those it may
     * leave undefined, when only the instruction (not the registers) is known. {@code count} is the
     * immediate shift count, or -1 if it comes from CL.
     */
    static int[] staticEffect(X86Insn in) {
        String m = in.entry().mnemonic();
        int bits = operandBits(in);
        switch (m) {
            case "ADD", "ADC", "SUB", "SBB", "CMP", "NEG", "XADD", "CMPXCHG" -> {
                return new int[] {ALL, 0};
            }
            case "INC", "DEC" -> {
                return new int[] {ALL & ~CF, 0};
            }
            case "AND", "OR", "XOR", "TEST" -> {
                return new int[] {ALL & ~AF, AF};
            }
            case "CMPXCHG8B" -> {
                return new int[] {ZF, 0};
            }
            case "SHL", "SAL", "SHR", "SAR", "ROL", "ROR", "RCL", "RCR", "SHLD", "SHRD" -> {
                long c = shiftCount(in);
                if (c < 0) {
                    return new int[] {0, m.startsWith("SH") && m.length() == 4 ? ALL : OF | AF | CF};
                }
                int[] e = exactShift(m, bits, (int) c);
                return e;
            }
            case "MUL", "IMUL" -> {
                return new int[] {CF | OF, SF | ZF | AF | PF};
            }
            case "DIV", "IDIV" -> {
                return new int[] {0, ALL};
            }
            case "DAA", "DAS" -> {
                return new int[] {CF | AF | SF | ZF | PF, OF};
            }
            case "AAA", "AAS" -> {
                return new int[] {CF | AF, OF | SF | ZF | PF};
            }
            case "AAM", "AAD" -> {
                return new int[] {SF | ZF | PF, OF | AF | CF};
            }
            case "BT", "BTS", "BTR", "BTC" -> {
                return new int[] {CF, OF | SF | AF | PF};
            }
            case "BSF", "BSR" -> {
                return new int[] {ZF, CF | OF | SF | AF | PF};
            }
            case "CLC", "STC", "CMC" -> {
                return new int[] {CF, 0};
            }
            case "SAHF" -> {
                return new int[] {SF | ZF | AF | PF | CF, 0};
            }
            case "POPF/POPFD" -> {
                return new int[] {ALL, 0};
            }
            case "FCOMI", "FCOMIP", "FUCOMI", "FUCOMIP" -> {
                // SDM Vol. 2A "FCOMI/FCOMIP/FUCOMI/FUCOMIP": ZF PF CF from the comparison, OF SF AF cleared
                return new int[] {ALL, 0};
            }
            case "CMPSB", "CMPSW/CMPSD", "SCASB", "SCASW/SCASD" -> {
                return new int[] {in.rep() != 0 ? 0 : ALL, 0};
            }
            case "MOV" -> {
                // MOV to/from a control register: "The OF, SF, ZF, AF, PF, and CF flags are undefined"
                boolean cr = in.entry().operands().stream().anyMatch(o -> o.method() == 'C');
                return new int[] {0, cr ? ALL : 0};
            }
            default -> {
                return new int[] {0, 0};
            }
        }
    }

    /** The immediate count of a shift/rotate (masked to 5 bits), or -1 for CL. */
    static long shiftCount(X86Insn in) {
        var ops = in.entry().operands();
        var last = ops.get(ops.size() - 1);
        if (last.method() == 'I') {
            return in.imm() & 0x1F;
        }
        if (last.text().equals("1")) {
            return 1;
        }
        return -1;
    }

    static int operandBits(X86Insn in) {
        var ops = in.entry().operands();
        if (ops.isEmpty()) {
            return in.opSize();
        }
        return switch (ops.get(0).type()) {
            case "b" -> 8;
            case "w" -> 16;
            case "d" -> 32;
            default -> in.opSize();
        };
    }

    /** {defined, undefined} of a shift/rotate {@code m} of a {@code bits} operand by masked count {@code c}. */
    static int[] exactShift(String m, int bits, int c) {
        if (c == 0) {
            return new int[] {0, 0};
        }
        int undefined = c == 1 ? 0 : OF;
        switch (m) {
            case "ROL", "ROR", "RCL", "RCR" -> {
                return new int[] {(CF | OF) & ~undefined, undefined};
            }
            case "SHLD", "SHRD" -> {
                if (c > bits) {
                    return new int[] {0, ALL};
                }
                undefined |= AF;
                return new int[] {ALL & ~undefined, undefined};
            }
            default -> {
                undefined |= AF;
                if ((m.equals("SHL") || m.equals("SAL") || m.equals("SHR")) && c >= bits) {
                    undefined |= CF;
                }
                return new int[] {ALL & ~undefined, undefined};
            }
        }
    }

    /** True if the instruction's result (not only flags) is undefined: SHLD/SHRD with a count above the size. */
    static boolean undefinedResult(X86Insn in, long[] regs) {
        String m = in.entry().mnemonic();
        if (!m.equals("SHLD") && !m.equals("SHRD")) {
            return false;
        }
        long c = shiftCount(in);
        if (c < 0) {
            c = regs[1] & 0x1F;
        }
        return c > operandBits(in);
    }

    /** The flags the SDM leaves undefined for this execution ({@code regs}: EAX..EDI before it). */
    static int exactUndefined(X86Insn in, long[] regs) {
        String m = in.entry().mnemonic();
        switch (m) {
            case "SHL", "SAL", "SHR", "SAR", "ROL", "ROR", "RCL", "RCR", "SHLD", "SHRD" -> {
                long c = shiftCount(in);
                if (c < 0) {
                    c = regs[1] & 0x1F;
                }
                return exactShift(m, operandBits(in), (int) c)[1];
            }
            default -> {
                return staticEffect(in)[1];
            }
        }
    }
}
