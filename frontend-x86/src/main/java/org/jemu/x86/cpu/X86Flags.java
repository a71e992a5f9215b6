package org.jemu.x86.cpu;

/**
 * Lazy status flags (SDM Vol. 1 3.4.3.1 and Appendix A "EFLAGS Cross-Reference"): the codes kept in
 * {@link X86Cpu#CC_OP} and the function that materialises CF PF AF ZF SF OF from the pending operation.
 *
 * <p>A code is {@code kind << 2 | size}, size 0/1/2 for 8/16/32-bit operands. The slots hold, per kind
 * (values are operand-size bits, zero-extended to 32):
 * <table>
 *   <caption>CC_DST / CC_SRC1 / CC_SRC2 per kind</caption>
 *   <tr><td>ADD, ADC</td><td>result</td><td>destination operand</td><td>source operand (carry-in = result -
 *   dst - src)</td></tr>
 *   <tr><td>SUB, SBB (CMP, NEG as 0 - x)</td><td>result</td><td>destination</td><td>source (borrow-in = dst -
 *   src - result)</td></tr>
 *   <tr><td>LOGIC (AND OR XOR TEST)</td><td>result</td><td>-</td><td>-</td></tr>
 *   <tr><td>INC, DEC</td><td>result</td><td>operand</td><td>CF before the instruction (0/1)</td></tr>
 *   <tr><td>SHL</td><td>result</td><td>-</td><td>operand shifted left by count - 1 (its MSB is CF)</td></tr>
 *   <tr><td>SHR (SHR, SAR)</td><td>result</td><td>-</td><td>operand shifted right by count - 1 (its bit 0 is
 *   CF)</td></tr>
 *   <tr><td>MUL (MUL, IMUL)</td><td>low result</td><td>-</td><td>1 if the result does not fit (CF = OF = 1)</td></tr>
 * </table>
 * The SDM leaves AF undefined after logic ops, shifts and multiplies, and SF/ZF/PF after multiplies; these
 * are computed as 0 (AF) or from the low result (SF ZF PF), as the Pentium Pro and QEMU do. OF after a
 * shift by more than one bit is undefined; it is computed as for a shift by one (MSB(result) XOR CF for
 * SHL; MSB(operand >> (count - 1)) XOR MSB(result) for SHR/SAR).
 */
public final class X86Flags {
    private X86Flags() {
    }

    /** The status flags are in the EFLAGS slot. */
    public static final int EFLAGS = 0;
    public static final int ADD = 1, ADC = 2, SUB = 3, SBB = 4, LOGIC = 5, INC = 6, DEC = 7, SHL = 8, SHR = 9, MUL = 10;

    /** The code for {@code kind} at operand size {@code bits} (8, 16, 32). */
    public static int code(int kind, int bits) {
        return kind << 2 | (bits == 8 ? 0 : bits == 16 ? 1 : 2);
    }

    public static int kind(int code) {
        return code >>> 2;
    }

    public static int bits(int code) {
        return 8 << (code & 3);
    }

    private static final byte[] PARITY = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            PARITY[i] = (byte) ((Integer.bitCount(i) & 1) == 0 ? X86Cpu.PF : 0);
        }
    }

    /** PF for {@code v}: set if the low byte has an even number of one bits (Vol. 1 3.4.3.1). */
    public static int parity(int v) {
        return PARITY[v & 0xFF];
    }

    /**
     * The full EFLAGS: {@code eflags} with its status flags replaced by those of the pending operation
     * (unchanged if {@code ccOp} is {@link #EFLAGS}). Pure: depends only on its arguments.
     */
    public static int compute(int ccOp, int dst, int src1, int src2, int eflags) {
        if (ccOp == EFLAGS) {
            return eflags;
        }
        return (eflags & ~X86Cpu.STATUS_FLAGS) | status(ccOp, dst, src1, src2);
    }

    /** Only the status flags of the pending operation {@code ccOp} (not {@link #EFLAGS}). */
    public static int status(int ccOp, int dst, int src1, int src2) {
        int bits = bits(ccOp);
        long mask = bits == 32 ? 0xFFFF_FFFFL : (1L << bits) - 1;
        long d = dst & mask;
        long a = src1 & mask;
        long b = src2 & mask;
        long signBit = 1L << (bits - 1);
        int zf = d == 0 ? X86Cpu.ZF : 0;
        int sf = (d & signBit) != 0 ? X86Cpu.SF : 0;
        int pf = parity(dst);
        int cf;
        int of;
        int af;
        switch (kind(ccOp)) {
            case ADD, ADC -> {
                long cin = (d - a - b) & mask;
                cf = (cin != 0 ? d <= a : d < a) ? X86Cpu.CF : 0;
                of = (((a ^ d) & (b ^ d)) & signBit) != 0 ? X86Cpu.OF : 0;
                af = (int) ((a ^ b ^ d) & 0x10);
            }
            case SUB, SBB -> {
                long bin = (a - b - d) & mask;
                cf = (bin != 0 ? a <= b : a < b) ? X86Cpu.CF : 0;
                of = (((a ^ b) & (a ^ d)) & signBit) != 0 ? X86Cpu.OF : 0;
                af = (int) ((a ^ b ^ d) & 0x10);
            }
            case LOGIC -> {
                cf = 0;
                of = 0;
                af = 0;
            }
            case INC -> {
                cf = src2 & X86Cpu.CF;
                of = d == signBit ? X86Cpu.OF : 0;
                af = (int) ((a ^ 1 ^ d) & 0x10);
            }
            case DEC -> {
                cf = src2 & X86Cpu.CF;
                of = d == signBit - 1 ? X86Cpu.OF : 0;
                af = (int) ((a ^ 1 ^ d) & 0x10);
            }
            case SHL -> {
                cf = (b & signBit) != 0 ? X86Cpu.CF : 0;
                of = (((b ^ d) & signBit) != 0) ? X86Cpu.OF : 0;
                af = 0;
            }
            case SHR -> {
                cf = (int) (b & 1);
                of = (((b ^ d) & signBit) != 0) ? X86Cpu.OF : 0;
                af = 0;
            }
            case MUL -> {
                cf = b != 0 ? X86Cpu.CF : 0;
                of = b != 0 ? X86Cpu.OF : 0;
                af = 0;
            }
            default -> throw new IllegalStateException("bad CC_OP " + ccOp);
        }
        return cf | pf | af | zf | sf | of;
    }
}
