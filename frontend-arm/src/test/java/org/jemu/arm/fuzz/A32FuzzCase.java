package org.jemu.arm.fuzz;

import java.util.HexFormat;
import org.jemu.arm.a32.A32DecodeTable;
import org.jemu.translator.decode.DecodeTable;

/**
 * One A32 differential-fuzzing case: a short A32 sequence and the initial state both emulators start from,
 * in the memory layout of {@link A64FuzzCase} (code, 8 KiB of random data, and jemu's AArch64 vectors, each
 * an A64 {@code b .}; an exception from AArch32 EL0 parks jemu at {@link #SYNC_A32}).
 * The sequence is {@link #words}: a {@code clrex} prologue, then the generated instructions; an A32
 * {@code b .} terminator follows at {@link #end()}.
 *
 * @param index         the case number within the run
 * @param seed          the seed the case was generated from
 * @param codeAddr      address of the first word
 * @param words         prologue and generated instructions (no terminator)
 * @param r             initial R0..R14 (32-bit values)
 * @param nzcvq         initial N, Z, C, V, Q (N in bit 4)
 * @param ge            initial GE[3:0]
 * @param data          initial contents of the data region
 * @param maxBlockInsns jemu's block size limit for this case
 * @param d             initial D0..D31 (64-bit values)
 * @param fpscr         initial FPSCR (NZCV, QC, AHP, DN, FZ, RMode and cumulative flags; Len/Stride 0)
 */
record A32FuzzCase(int index, long seed, long codeAddr, int[] words, long[] r, int nzcvq, int ge, byte[] data,
        int maxBlockInsns, long[] d, int fpscr) {
    static final long CODE = A64FuzzCase.CODE;
    static final int CODE_SIZE = A64FuzzCase.CODE_SIZE;
    static final long DATA = A64FuzzCase.DATA;
    static final int DATA_SIZE = A64FuzzCase.DATA_SIZE;
    static final long VECTORS = A64FuzzCase.VECTORS;
    static final int VECTORS_SIZE = A64FuzzCase.VECTORS_SIZE;
    /** Synchronous exception from a lower EL using AArch32 (VBAR_EL1 + 0x600, D1.10.2). */
    static final long SYNC_A32 = VECTORS + 0x600;
    /** A32 {@code b .} */
    static final int B_SELF = 0xeafffffe;
    /** A32 {@code clrex}. */
    static final int CLREX = 0xf57ff01f;

    long end() {
        return codeAddr + 4L * words.length;
    }

    /** This case with the instruction at {@code pc} replaced by a branch to the terminator. */
    A32FuzzCase withBranchToEndAt(long pc) {
        int[] w = words.clone();
        w[(int) ((pc - codeAddr) / 4)] = 0xea00_0000 | (int) (((end() - pc - 8) / 4) & 0xff_ffff);
        return new A32FuzzCase(index, seed, codeAddr, w, r, nzcvq, ge, data, maxBlockInsns, d, fpscr);
    }

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

    int wordAt(long pc) {
        long i = (pc - codeAddr) / 4;
        if (pc < codeAddr || (pc & 3) != 0 || i > words.length) {
            return 0;
        }
        return i == words.length ? B_SELF : words[(int) i];
    }

    /** One line per instruction: address, word, decode entry. */
    static String line(long pc, int w) {
        DecodeTable.Entry<?> e = A32DecodeTable.decode(w);
        return String.format("%08x: %08x  %s", pc, w, e == null ? "(UNDEFINED)" : e.name + " cond " + (w >>> 28));
    }

    String listing() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= words.length; i++) {
            long pc = codeAddr + 4L * i;
            int w = i < words.length ? words[i] : B_SELF;
            sb.append("    ").append(line(pc, w));
            if (i == 0) {
                sb.append("   (prologue)");
            } else if (i == words.length) {
                sb.append("   (terminator: b .)");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    String initialState(long... addrs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            sb.append(String.format("    r%-2d=%08x", i, r[i]));
            if (i % 5 == 4) {
                sb.append('\n');
            }
        }
        sb.append(String.format("    nzcvq=%s ge=%s fpscr=%08x (jemu max block instructions: %d)%n", flagString(nzcvq),
                Integer.toBinaryString(16 | ge).substring(1), fpscr, maxBlockInsns));
        for (int i = 0; i < 32; i++) {
            sb.append(String.format("    d%-2d=%016x", i, d[i]));
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

    static String flagString(int nzcvq) {
        String s = "NZCVQ";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            boolean set = (nzcvq >> (4 - i) & 1) != 0;
            sb.append(set ? s.charAt(i) : Character.toLowerCase(s.charAt(i)));
        }
        return sb.toString();
    }
}
