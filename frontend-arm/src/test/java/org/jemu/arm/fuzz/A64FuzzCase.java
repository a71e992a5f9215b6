package org.jemu.arm.fuzz;

import java.util.HexFormat;
import org.jemu.arm.a64.A64Disassembler;

/**
 * One differential-fuzzing test case: a short A64 instruction sequence and the initial state both emulators
 * start from. The memory layout is fixed and identical in jemu and Unicorn:
 * <ul>
 *   <li>{@link #CODE}: two 4 KiB pages of code (the sequence is placed at {@link #codeAddr}, sometimes
 *       across the page boundary); everything else in the region is zero;</li>
 *   <li>{@link #DATA}: 8 KiB of random data that loads and stores mostly hit (unmapped space on both
 *       sides, so accesses near the edges fault);</li>
 *   <li>{@link #VECTORS}: jemu's VBAR_EL1, every word a {@code b .} loop, so a synchronous exception
 *       taken at EL1 with SP_EL1 parks the PC at {@link #SYNC_VECTOR}. Unicorn maps the same bytes (it
 *       never takes architectural exceptions itself) so that both see the same memory.</li>
 * </ul>
 * The sequence itself is {@link #words}: a {@code clrex} prologue (Unicorn's exclusive monitor survives
 * between runs), then the generated instructions; a {@code b .} terminator follows at {@link #end()}.
 *
 * @param index    the case number within the run
 * @param seed     the seed the case was generated from
 * @param codeAddr address of the first word
 * @param words    the sequence (prologue and generated instructions, no terminator)
 * @param x        initial X0..X30
 * @param sp       initial SP (SP_EL1)
 * @param nzcv     initial NZCV, N in bit 3
 * @param data     initial contents of the data region ({@link #DATA_SIZE} bytes)
 * @param maxBlockInsns the block size limit jemu runs the case with (mostly 64; small values put block
 *                 boundaries, and so chaining and region compilation, inside the sequence)
 * @param v        initial V0..V31, two longs each (bits [63:0], then [127:64])
 * @param fpcr     initial FPCR (AHP, DN, FZ, RMode)
 * @param fpsr     initial FPSR (QC and the cumulative exception flags)
 */
record A64FuzzCase(int index, long seed, long codeAddr, int[] words, long[] x, long sp, int nzcv, byte[] data,
        int maxBlockInsns, long[] v, long fpcr, long fpsr) {
    static final long CODE = 0x1000_0000L;
    static final int CODE_SIZE = 0x2000;
    static final long DATA = 0x1001_0000L;
    static final int DATA_SIZE = 0x2000;
    static final long VECTORS = 0x1002_0000L;
    static final int VECTORS_SIZE = 0x1000;
    /** Vector of a synchronous exception taken from EL1 to EL1 using SP_EL1 (VBAR + 0x200, D1.10.2). */
    static final long SYNC_VECTOR = VECTORS + 0x200;
    /** {@code b .} */
    static final int B_SELF = 0x1400_0000;
    /** {@code clrex} (CRm = 15), the prologue of every sequence. */
    static final int CLREX = 0xd503_3f5f;

    /** Address of the terminator ({@code b .}) after the sequence; both emulators stop here. */
    long end() {
        return codeAddr + 4L * words.length;
    }

    /**
     * This case with the instruction at {@code pc} replaced by a branch to the terminator: the same run up
     * to that instruction, which it then skips (used to still compare the part of a case before a known
     * difference).
     */
    A64FuzzCase withBranchToEndAt(long pc) {
        int[] w = words.clone();
        w[(int) ((pc - codeAddr) / 4)] = 0x1400_0000 | (int) ((end() - pc) / 4);
        return new A64FuzzCase(index, seed, codeAddr, w, x, sp, nzcv, data, maxBlockInsns, v, fpcr, fpsr);
    }

    /** The code region as loaded into both emulators: the sequence, its terminator, zeros elsewhere. */
    byte[] codeImage() {
        byte[] img = new byte[CODE_SIZE];
        int off = (int) (codeAddr - CODE);
        for (int i = 0; i <= words.length; i++) {
            int w = i < words.length ? words[i] : B_SELF;
            for (int k = 0; k < 4; k++) {
                img[off + 4 * i + k] = (byte) (w >>> (8 * k));
            }
        }
        return img;
    }

    /** The vector region: {@code b .} everywhere. */
    static byte[] vectorImage() {
        byte[] img = new byte[VECTORS_SIZE];
        for (int i = 0; i < VECTORS_SIZE; i += 4) {
            img[i + 3] = 0x14;
        }
        return img;
    }

    /** The word at {@code pc}, or the terminator, or 0 outside the sequence. */
    int wordAt(long pc) {
        long i = (pc - codeAddr) / 4;
        if (pc < codeAddr || (pc & 3) != 0 || i > words.length) {
            return 0;
        }
        return i == words.length ? B_SELF : words[(int) i];
    }

    /** The listing: address, word and decode-table entry with fields, one line per instruction. */
    String listing() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= words.length; i++) {
            long pc = codeAddr + 4L * i;
            int w = i < words.length ? words[i] : B_SELF;
            sb.append("    ").append(A64Disassembler.line(pc, w));
            if (i == 0) {
                sb.append("   (prologue)");
            } else if (i == words.length) {
                sb.append("   (terminator: b .)");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The initial registers and the data bytes around {@code addrs} (for failure reports). */
    String initialState(long... addrs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 31; i++) {
            sb.append(String.format("    x%-2d=%016x", i, x[i]));
            if (i % 4 == 3) {
                sb.append('\n');
            }
        }
        sb.append(String.format("    sp =%016x  nzcv=%s  (jemu max block instructions: %d)%n", sp, nzcvString(nzcv),
                maxBlockInsns));
        for (int i = 0; i < 32; i++) {
            sb.append(String.format("    v%-2d=%016x%016x", i, v[2 * i + 1], v[2 * i]));
            if (i % 3 == 2 || i == 31) {
                sb.append('\n');
            }
        }
        sb.append(String.format("    fpcr=%08x fpsr=%08x%n", fpcr, fpsr));
        sb.append(String.format("    data region 0x%x..0x%x: random bytes from the case seed%n", DATA,
                DATA + DATA_SIZE - 1));
        HexFormat hex = HexFormat.of();
        long lastLine = -1;
        for (long a : addrs) {
            long line = (a & ~15L) - 16;
            for (long l = Math.max(line, lastLine + 16); l <= line + 32; l += 16) {
                if (l < DATA || l + 16 > DATA + DATA_SIZE) {
                    continue;
                }
                int off = (int) (l - DATA);
                sb.append(String.format("      %x: %s%n", l, hex.formatHex(data, off, off + 16)));
                lastLine = l;
            }
        }
        return sb.toString();
    }

    static String nzcvString(int nzcv) {
        return ((nzcv & 8) != 0 ? "N" : "n") + ((nzcv & 4) != 0 ? "Z" : "z") + ((nzcv & 2) != 0 ? "C" : "c")
                + ((nzcv & 1) != 0 ? "V" : "v");
    }
}
