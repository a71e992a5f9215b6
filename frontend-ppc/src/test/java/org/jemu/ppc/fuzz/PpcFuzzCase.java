package org.jemu.ppc.fuzz;

import java.util.HexFormat;

/**
 * One differential-fuzzing case: a short PowerPC instruction sequence and the initial state both
 * emulators start from. The memory layout is fixed and identical in jemu and Unicorn:
 * <ul>
 *   <li>{@link #CODE}: two 4 KiB pages of code (the sequence at {@link #codeAddr}, sometimes across the
 *       page boundary), zeros elsewhere (opcode 0 is illegal);</li>
 *   <li>{@link #DATA}: 8 KiB of random data that loads and stores mostly hit, with unmapped space on
 *       both sides;</li>
 *   <li>{@link #STUB}: one page with Unicorn's setup and read-back snippets (XER and CR go through
 *       {@code mtxer}/{@code mtcrf}/{@code mfxer}/{@code mfcr}, see {@link UnicornPpcRunner}); mapped in both.</li>
 * </ul>
 * The sequence {@link #words} is followed by a {@code b .} terminator at {@link #end()}.
 *
 * @param index         case number within the run
 * @param seed          the seed it was generated from
 * @param codeAddr      address of the first word
 * @param words         the generated instructions (no terminator)
 * @param gpr           initial GPR0..31 (32-bit values)
 * @param cr            initial CR
 * @param xer           initial XER (SO, OV, CA, byte count)
 * @param lr            initial LR
 * @param ctr           initial CTR
 * @param data          initial data region
 * @param maxBlockInsns jemu's block size limit for this case
 * @param fpr           initial FPR0..31 (double bit patterns)
 * @param fpscr         initial FPSCR (with consistent FEX/VX summary bits)
 */
record PpcFuzzCase(int index, long seed, long codeAddr, int[] words, long[] gpr, long cr, long xer, long lr, long ctr,
        byte[] data, int maxBlockInsns, long[] fpr, long fpscr) {
    static final long CODE = 0x1000_0000L;
    static final int CODE_SIZE = 0x2000;
    static final long DATA = 0x1001_0000L;
    static final int DATA_SIZE = 0x2000;
    static final long STUB = 0x1002_0000L;
    static final int STUB_SIZE = 0x1000;
    /** {@code b .} */
    static final int B_SELF = 0x4800_0000;

    long end() {
        return codeAddr + 4L * words.length;
    }

    /** This case with the instruction at {@code pc} replaced by a branch to the terminator. */
    PpcFuzzCase withBranchToEndAt(long pc) {
        int[] w = words.clone();
        w[(int) ((pc - codeAddr) / 4)] = B_SELF | (int) ((end() - pc) & 0x03ff_fffc);
        return new PpcFuzzCase(index, seed, codeAddr, w, gpr, cr, xer, lr, ctr, data, maxBlockInsns, fpr, fpscr);
    }

    /** The code region: the sequence, its terminator, zeros elsewhere (big-endian words). */
    byte[] codeImage() {
        byte[] img = new byte[CODE_SIZE];
        int off = (int) (codeAddr - CODE);
        for (int i = 0; i <= words.length; i++) {
            int w = i < words.length ? words[i] : B_SELF;
            for (int k = 0; k < 4; k++) {
                img[off + 4 * i + k] = (byte) (w >>> (24 - 8 * k));
            }
        }
        return img;
    }

    /** The word at {@code pc}, the terminator, or 0. */
    int wordAt(long pc) {
        long i = (pc - codeAddr) / 4;
        if (pc < codeAddr || (pc & 3) != 0 || i > words.length) {
            return 0;
        }
        return i == words.length ? B_SELF : words[(int) i];
    }

    String listing() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= words.length; i++) {
            long pc = codeAddr + 4L * i;
            int w = i < words.length ? words[i] : B_SELF;
            sb.append("    ").append(PpcFuzzGenerator.describe(pc, w));
            if (i == words.length) {
                sb.append("   (terminator: b .)");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    String initialState(long... addrs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            sb.append(String.format("    r%-2d=%08x", i, gpr[i]));
            if (i % 8 == 7) {
                sb.append('\n');
            }
        }
        sb.append(String.format("    cr=%08x xer=%08x lr=%08x ctr=%08x fpscr=%08x (jemu max block instructions: %d)%n", cr,
                xer, lr, ctr, fpscr, maxBlockInsns));
        for (int i = 0; i < 32; i++) {
            sb.append(String.format("    f%-2d=%016x", i, fpr[i]));
            if (i % 4 == 3) {
                sb.append('\n');
            }
        }
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
}
