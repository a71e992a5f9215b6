package org.jemu.x86.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * One operand of an opcode-map entry, written as in the Intel SDM Vol. 2, Appendix A.2 ("Key to
 * Abbreviations"): an addressing method letter (A.2.1) followed by an operand type (A.2.2), for example
 * {@code Ev}, {@code Gb}, {@code Iz}, {@code Jb}, {@code Ap}, {@code Ob}, {@code Xb}, {@code Yv}.
 *
 * <p>Other forms the SDM tables use:
 * <ul>
 *   <li>fixed registers: {@code AL}, {@code CL}, {@code DX}, {@code rAX}/{@code eAX} (AX or EAX by operand
 *       size), segment registers {@code ES CS SS DS FS GS}, the constant {@code 1} (shift by one);</li>
 *   <li>{@code Zb}/{@code Zv}: a general register selected by the low three bits of the opcode byte (the
 *       SDM writes these rows as "eAX ... eDI" / "AL ... BH"; we give them the method letter Z);</li>
 *   <li>{@code Rv/Mw}: register operand of size v if ModRM.mod = 11, else a word in memory (SLDT, STR,
 *       SMSW);</li>
 *   <li>x87 forms of Tables A-7..A-22: {@code ST(0)}, {@code ST(i)} (register in ModRM.rm), and memory
 *       operand descriptions such as {@code single-real}, {@code word-integer}, {@code 14/28 bytes}
 *       (method M, type = the description).</li>
 *   <li>MMX (A.2.1): {@code P} an MMX register in ModRM.reg, {@code Q} an MMX register or memory in
 *       ModRM.rm, {@code N} an MMX register in ModRM.rm (mod = 11B only).</li>
 * </ul>
 *
 * @param text    the code as written in the table
 * @param method  addressing method letter (A.2.1), {@code 0} for a fixed register or constant
 * @param type    operand type (A.2.2); for {@code Rv/Mw} the memory type ({@code w}); for x87 memory
 *                operands the SDM's description
 * @param regType for {@code Rv/Mw}: the register type ({@code v}); otherwise equal to {@code type}
 */
public record OperandSpec(String text, char method, String type, String regType) {

    private static final String METHODS = "ACDEFGIJMNOPQRSXYZ";
    private static final java.util.Set<String> FIXED = java.util.Set.of(
            "AL", "CL", "DL", "BL", "AH", "CH", "DH", "BH", "AX", "DX", "rAX", "eAX",
            "ES", "CS", "SS", "DS", "FS", "GS", "1", "ST(0)", "ST(i)");

    /** Parses one operand code. */
    public static OperandSpec parse(String s) {
        if (FIXED.contains(s)) {
            // ST(i) lives in ModRM.rm: give it a method so the decoder knows it needs ModRM.
            return new OperandSpec(s, s.equals("ST(i)") ? 'R' : 0, s.equals("ST(i)") ? "st" : "", "");
        }
        if (s.equals("Rv/Mw") || s.equals("Mw/Rv")) {
            return new OperandSpec(s, 'E', "w", "v");
        }
        if (s.contains("-") || s.contains(" ")) {           // x87 memory operand description (A-7..A-22)
            return new OperandSpec(s, 'M', s, s);
        }
        char m = s.charAt(0);
        if (METHODS.indexOf(m) < 0) {
            throw new IllegalArgumentException("unknown operand code " + s);
        }
        String t = s.substring(1);
        if (m != 'M' && t.isEmpty()) {
            throw new IllegalArgumentException("operand code without type: " + s);
        }
        if (!t.isEmpty() && !List.of("a", "b", "c", "d", "p", "q", "s", "v", "w", "z").contains(t)) {
            throw new IllegalArgumentException("unknown operand type in " + s);
        }
        return new OperandSpec(s, m, t, t);
    }

    /** Parses a comma-separated operand list such as {@code "Ev,Gv"}; empty string gives no operands. */
    public static List<OperandSpec> parseList(String s) {
        List<OperandSpec> out = new ArrayList<>();
        if (s == null || s.isBlank()) {
            return out;
        }
        // "ST(0),ST(i)" has no commas inside parentheses, so a plain split is fine.
        for (String part : s.split(",")) {
            out.add(parse(part.trim()));
        }
        return List.copyOf(out);
    }

    /** True when the operand is encoded in (or selected by) a ModRM byte. */
    public boolean needsModRM() {
        return switch (method) {
            case 'C', 'D', 'E', 'G', 'M', 'N', 'P', 'Q', 'R', 'S' -> true;
            default -> false;
        };
    }

    /** Size in bytes of the immediate, relative offset, far pointer or moffs this operand adds. */
    public int immediateBytes(int opSize, int addrSize) {
        return switch (method) {
            case 'I', 'J' -> switch (type) {
                case "b" -> 1;
                case "w" -> 2;
                case "d" -> 4;
                case "z", "v" -> opSize / 8;
                default -> throw new IllegalStateException(text);
            };
            case 'A' -> opSize / 8 + 2;          // ptr16:16 or ptr16:32 (A.2.1 "A")
            case 'O' -> addrSize / 8;            // moffs: address-size offset (A.2.1 "O")
            default -> 0;
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
