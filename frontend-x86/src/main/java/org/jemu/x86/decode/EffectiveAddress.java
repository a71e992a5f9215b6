package org.jemu.x86.decode;

/**
 * A decoded memory operand: {@code segment:[base + index*scale + displacement]}, computed modulo 2^16 or
 * 2^32 by {@link #addrSize()} (SDM Vol. 2, 2.1.5, Tables 2-1 and 2-2 for 16/32-bit ModRM, Table 2-3 for
 * SIB; moffs operands of A0..A3 and the string operands X/Y are described the same way).
 *
 * @param base         base register number (0..7: EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI, or their 16-bit
 *                     halves when {@code addrSize} is 16: BX=3, BP=5, SI=6, DI=7), or {@link #NONE}
 * @param index        index register number, or {@link #NONE}
 * @param scale        1, 2, 4 or 8
 * @param displacement sign-extended displacement (moffs: zero-extended offset)
 * @param dispBytes    how many displacement bytes were encoded (0, 1, 2 or 4)
 * @param segment      effective segment register (0..5: ES, CS, SS, DS, FS, GS) after override and
 *                     the SS default for BP/EBP/ESP-based forms
 * @param addrSize     16 or 32
 */
public record EffectiveAddress(int base, int index, int scale, long displacement, int dispBytes, int segment,
                               int addrSize) {

    /** No register. */
    public static final int NONE = -1;

    public static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;

    private static final String[] R32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
    private static final String[] R16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
    private static final String[] SEG = {"es", "cs", "ss", "ds", "fs", "gs"};

    @Override
    public String toString() {
        String[] r = addrSize == 16 ? R16 : R32;
        StringBuilder sb = new StringBuilder(SEG[segment]).append(":[");
        boolean any = false;
        if (base != NONE) {
            sb.append(r[base]);
            any = true;
        }
        if (index != NONE) {
            sb.append(any ? "+" : "").append(r[index]).append(scale > 1 ? "*" + scale : "");
            any = true;
        }
        if (dispBytes > 0 || !any) {
            if (any) {
                sb.append(displacement < 0 ? "-" : "+").append("0x").append(Long.toHexString(Math.abs(displacement)));
            } else {
                sb.append("0x").append(Long.toHexString(displacement & (addrSize == 16 ? 0xFFFFL : 0xFFFF_FFFFL)));
            }
        }
        return sb.append(']').toString();
    }
}
