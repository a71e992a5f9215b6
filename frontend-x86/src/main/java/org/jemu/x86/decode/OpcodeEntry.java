package org.jemu.x86.decode;

import java.util.List;

/**
 * One cell of an opcode map (Intel SDM Vol. 2, Appendix A): an instruction with its operand codes, a
 * group (resolved per ModRM.reg, Table A-6), a prefix, an escape to another map, or an explicitly
 * undefined encoding (#UD).
 *
 * @param kind        what the cell is
 * @param map         which map the cell belongs to, for messages ("1byte", "0F", "Grp5", "D9 reg", ...)
 * @param opcode      the opcode byte (or ModRM.reg for group slots, or the x87 index)
 * @param mnemonic    the SDM's mnemonic; alternatives by operand/address size are separated by
 *                    {@code /} as in the SDM ("CBW/CWDE", "JCXZ/JECXZ")
 * @param operandText the operand codes as written in the table ("Ev,Gv")
 * @param operands    parsed operand codes
 * @param slots       for {@link Kind#GROUP}: the eight resolved entries selected by ModRM.reg
 * @param signExtendImm8 the Ib immediate is sign-extended to the operand size (SDM instruction pages:
 *                    83 /x, 6A, 6B)
 * @param note        why the cell is defined or undefined when that is not obvious from the SDM
 */
public record OpcodeEntry(Kind kind, String map, int opcode, String mnemonic, String operandText,
                          List<OperandSpec> operands, List<OpcodeEntry> slots, boolean signExtendImm8,
                          String note) {

    /** What kind of cell this is. */
    public enum Kind { INSN, GROUP, PREFIX, ESCAPE, X87, UNDEFINED }

    static OpcodeEntry insn(String map, int opcode, String mnemonic, String operands) {
        return new OpcodeEntry(Kind.INSN, map, opcode, mnemonic, operands, OperandSpec.parseList(operands),
                List.of(), false, "");
    }

    static OpcodeEntry undefined(String map, int opcode, String note) {
        return new OpcodeEntry(Kind.UNDEFINED, map, opcode, "(UD)", "", List.of(), List.of(), false, note);
    }

    OpcodeEntry withSignExtendImm8() {
        return new OpcodeEntry(kind, map, opcode, mnemonic, operandText, operands, slots, true, note);
    }

    OpcodeEntry withNote(String n) {
        return new OpcodeEntry(kind, map, opcode, mnemonic, operandText, operands, slots, signExtendImm8, n);
    }

    /** True for an instruction cell (not a group, prefix, escape or undefined cell). */
    public boolean isInstruction() {
        return kind == Kind.INSN;
    }

    /** True if any operand is encoded by a ModRM byte (groups and x87 escapes always are). */
    public boolean needsModRM() {
        if (kind == Kind.GROUP || kind == Kind.X87) {
            return true;
        }
        for (OperandSpec o : operands) {
            if (o.needsModRM()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case UNDEFINED -> map + " " + hex(opcode) + " (UD)" + (note.isEmpty() ? "" : " " + note);
            case GROUP -> map + " " + hex(opcode) + " " + mnemonic + " " + operandText;
            default -> mnemonic + (operandText.isEmpty() ? "" : " " + operandText);
        };
    }

    private static String hex(int v) {
        return String.format("%02X", v);
    }
}
