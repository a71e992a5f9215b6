package org.jemu.arm.a64;

import org.jemu.translator.decode.DecodeTable;

/**
 * A minimal A64 disassembler for {@code -d in_asm}: the address, the instruction word and the name of the
 * decode-table entry it matches (the Arm ARM C4 encoding name), followed by the entry's fields. It is meant
 * for reading logs next to a real disassembler's output, not for reassembly.
 */
public final class A64Disassembler {
    private A64Disassembler() {
    }

    /**
     * One line: {@code 0x<pc>:  <word>  <entry name>  <field>=<value> ...}, or {@code (unallocated)}.
     *
     * @param pc   guest virtual address of the instruction
     * @param word the 32-bit instruction word
     */
    public static String line(long pc, int word) {
        StringBuilder sb = new StringBuilder(64);
        sb.append(String.format("0x%016x:  %08x  ", pc, word));
        DecodeTable.Entry<A64Translator.Handler> e = A64DecodeTable.TABLE.decode(word);
        if (e == null) {
            return sb.append("(unallocated)").toString();
        }
        sb.append(e.name);
        for (char c = 'a'; c <= 'z'; c++) {
            if (e.pattern.hasField(c)) {
                sb.append(' ').append(c).append('=').append(e.pattern.field(word, c));
            }
        }
        return sb.toString();
    }

    /** The decode-table entry name of {@code word} (for example {@code ADD_imm}), or null if unallocated. */
    public static String name(int word) {
        DecodeTable.Entry<A64Translator.Handler> e = A64DecodeTable.TABLE.decode(word);
        return e == null ? null : e.name;
    }
}
