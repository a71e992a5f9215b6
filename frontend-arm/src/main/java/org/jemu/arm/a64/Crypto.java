package org.jemu.arm.a64;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.ir.Helper;

/**
 * The ARMv8.0 Cryptographic Extension that Cortex-A57 advertises in ID_AA64ISAR0_EL1 (AES, SHA1, SHA256;
 * PMULL is in {@link AdvSimd#threeDifferent}): Arm ARM C4.1.6 "Cryptographic AES", "Cryptographic
 * three-register SHA" and "Cryptographic two-register SHA", instruction pages in C7.2, with the shared
 * pseudocode of J1 (AESSubBytes, AESShiftRows, AESMixColumns, SHA256hash, SHAchoose, ...).
 *
 * <p>Each instruction is one helper that reads and writes the V registers in the CPU state (a result bit
 * depends on all 128 input bits). Vector bytes are numbered from bit 0: byte {@code i} of the 128-bit
 * value is AES state byte {@code (row i % 4, column i / 4)}.
 */
public final class Crypto {
    private Crypto() {
    }

    static final Helper AES = Helper.of(Crypto.class, "aes", Helper.WRITES_STATE);
    static final Helper SHA3 = Helper.of(Crypto.class, "sha3", Helper.WRITES_STATE);
    static final Helper SHA2 = Helper.of(Crypto.class, "sha2", Helper.WRITES_STATE);

    /** Cryptographic AES (C7.2 AESE, AESD, AESMC, AESIMC): opcode 00100..00111, size 00. */
    public static boolean aesGroup(A64Translator t) {
        int opcode = t.f('o');
        if (opcode < 0b00100 || opcode > 0b00111) {
            return false;
        }
        t.b.call(AES, t.b.c32(t.f('d')), t.b.c32(t.f('n')), t.b.c32(opcode & 3));
        return true;
    }

    /** Cryptographic three-register SHA (C7.2 SHA1C, SHA1P, SHA1M, SHA1SU0, SHA256H, SHA256H2, SHA256SU1). */
    public static boolean sha3Group(A64Translator t) {
        int opcode = t.f('o');
        if (opcode == 7) {
            return false;
        }
        t.b.call(SHA3, t.b.c32(t.f('d')), t.b.c32(t.f('n')), t.b.c32(t.f('m')), t.b.c32(opcode));
        return true;
    }

    /** Cryptographic two-register SHA (C7.2 SHA1H, SHA1SU1, SHA256SU0). */
    public static boolean sha2Group(A64Translator t) {
        int opcode = t.f('o');
        if (opcode > 2) {
            return false;
        }
        t.b.call(SHA2, t.b.c32(t.f('d')), t.b.c32(t.f('n')), t.b.c32(opcode));
        return true;
    }

    // ---- state access -------------------------------------------------------------------------------------

    private static int[] words(Aarch64Cpu cpu, int reg) {
        long lo = cpu.regs[Aarch64Cpu.V0 + 2 * reg];
        long hi = cpu.regs[Aarch64Cpu.V0 + 2 * reg + 1];
        return new int[] {(int) lo, (int) (lo >>> 32), (int) hi, (int) (hi >>> 32)};
    }

    private static void setWords(Aarch64Cpu cpu, int reg, int[] w) {
        cpu.regs[Aarch64Cpu.V0 + 2 * reg] = (w[0] & 0xffff_ffffL) | (long) w[1] << 32;
        cpu.regs[Aarch64Cpu.V0 + 2 * reg + 1] = (w[2] & 0xffff_ffffL) | (long) w[3] << 32;
    }

    private static byte[] bytes(Aarch64Cpu cpu, int reg) {
        byte[] b = new byte[16];
        for (int h = 0; h < 2; h++) {
            long v = cpu.regs[Aarch64Cpu.V0 + 2 * reg + h];
            for (int i = 0; i < 8; i++) {
                b[8 * h + i] = (byte) (v >>> (8 * i));
            }
        }
        return b;
    }

    private static void setBytes(Aarch64Cpu cpu, int reg, byte[] b) {
        for (int h = 0; h < 2; h++) {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v |= (b[8 * h + i] & 0xffL) << (8 * i);
            }
            cpu.regs[Aarch64Cpu.V0 + 2 * reg + h] = v;
        }
    }

    // ---- AES ------------------------------------------------------------------------------------------------

    private static final byte[] SBOX = new byte[256];
    private static final byte[] INV_SBOX = new byte[256];

    static {
        // FIPS 197 5.1.1: the multiplicative inverse in GF(2^8) followed by the affine transformation
        for (int x = 0; x < 256; x++) {
            int inv = x == 0 ? 0 : gfInverse(x);
            int s = inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^ 0x63;
            SBOX[x] = (byte) s;
            INV_SBOX[s & 0xff] = (byte) x;
        }
    }

    private static int rotl8(int x, int n) {
        return ((x << n) | (x >>> (8 - n))) & 0xff;
    }

    /** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
    private static int gfMul(int a, int b) {
        int r = 0;
        for (int i = 0; i < 8; i++) {
            if ((b & 1) != 0) {
                r ^= a;
            }
            boolean carry = (a & 0x80) != 0;
            a = (a << 1) & 0xff;
            if (carry) {
                a ^= 0x1b;
            }
            b >>= 1;
        }
        return r;
    }

    private static int gfInverse(int x) {
        // x^254 = x^-1 in GF(2^8)
        int r = 1;
        int p = x;
        int e = 254;
        while (e != 0) {
            if ((e & 1) != 0) {
                r = gfMul(r, p);
            }
            p = gfMul(p, p);
            e >>= 1;
        }
        return r;
    }

    /**
     * AESE (op 0): AESSubBytes(AESShiftRows(Vd EOR Vn)); AESD (op 1): AESInvSubBytes(AESInvShiftRows(Vd EOR
     * Vn)); AESMC (op 2): AESMixColumns(Vn); AESIMC (op 3): AESInvMixColumns(Vn). Result to Vd.
     */
    public static void aes(Aarch64Cpu cpu, int d, int n, int op) {
        byte[] in = bytes(cpu, n);
        byte[] out = new byte[16];
        if (op < 2) {
            byte[] dv = bytes(cpu, d);
            for (int i = 0; i < 16; i++) {
                in[i] ^= dv[i];
            }
            for (int c = 0; c < 4; c++) {
                for (int r = 0; r < 4; r++) {
                    if (op == 0) {   // ShiftRows: row r rotates left by r columns
                        out[r + 4 * c] = SBOX[in[r + 4 * ((c + r) & 3)] & 0xff];
                    } else {         // InvShiftRows: row r rotates right by r columns
                        out[r + 4 * ((c + r) & 3)] = INV_SBOX[in[r + 4 * c] & 0xff];
                    }
                }
            }
        } else {
            int[] m = op == 2 ? new int[] {2, 3, 1, 1} : new int[] {14, 11, 13, 9};
            for (int c = 0; c < 4; c++) {
                for (int r = 0; r < 4; r++) {
                    int v = 0;
                    for (int k = 0; k < 4; k++) {
                        v ^= gfMul(m[(k - r) & 3], in[k + 4 * c] & 0xff);
                    }
                    out[r + 4 * c] = (byte) v;
                }
            }
        }
        setBytes(cpu, d, out);
    }

    // ---- SHA ------------------------------------------------------------------------------------------------

    private static int choose(int x, int y, int z) {
        return ((y ^ z) & x) ^ z;
    }

    private static int parity(int x, int y, int z) {
        return x ^ y ^ z;
    }

    private static int majority(int x, int y, int z) {
        return (x & y) | ((x | y) & z);
    }

    /**
     * Three-register SHA, {@code op}: 0 SHA1C, 1 SHA1P, 2 SHA1M (hash update with Qd = ABCD, Sn = E, Vm =
     * four schedule words), 3 SHA1SU0, 4 SHA256H, 5 SHA256H2, 6 SHA256SU1.
     */
    public static void sha3(Aarch64Cpu cpu, int d, int n, int m, int op) {
        int[] x = words(cpu, d);
        int[] y = words(cpu, n);
        int[] w = words(cpu, m);
        int[] r;
        switch (op) {
            case 0, 1, 2 -> {
                int e = y[0];
                for (int i = 0; i < 4; i++) {
                    int f = switch (op) {
                        case 0 -> choose(x[1], x[2], x[3]);
                        case 1 -> parity(x[1], x[2], x[3]);
                        default -> majority(x[1], x[2], x[3]);
                    };
                    e = e + Integer.rotateLeft(x[0], 5) + f + w[i];
                    x[1] = Integer.rotateLeft(x[1], 30);
                    // <Y, X> = ROL(Y : X, 32) over 160 bits
                    int top = x[3];
                    x[3] = x[2];
                    x[2] = x[1];
                    x[1] = x[0];
                    x[0] = e;
                    e = top;
                }
                r = x;
            }
            case 3 -> r = new int[] {x[2] ^ x[0] ^ w[0], x[3] ^ x[1] ^ w[1], y[0] ^ x[2] ^ w[2], y[1] ^ x[3] ^ w[3]};
            case 4 -> r = sha256hash(x, y, w, true);
            case 5 -> r = sha256hash(y, x, w, false);
            default -> {
                // SHA256SU1: T0 = Vm<31:0> : Vn<127:32>, T1 = Vm<127:64>
                int[] t0 = {y[1], y[2], y[3], w[0]};
                r = new int[4];
                for (int e = 0; e < 2; e++) {
                    r[e] = sigma1(w[2 + e]) + x[e] + t0[e];
                }
                for (int e = 2; e < 4; e++) {
                    r[e] = sigma1(r[e - 2]) + x[e] + t0[e];
                }
            }
        }
        setWords(cpu, d, r);
    }

    private static int sigma1(int v) {
        return Integer.rotateRight(v, 17) ^ Integer.rotateRight(v, 19) ^ (v >>> 10);
    }

    /** SHA256hash (J1 shared pseudocode): four rounds; returns X when {@code part1}, else Y. */
    private static int[] sha256hash(int[] xIn, int[] yIn, int[] w, boolean part1) {
        int[] x = xIn.clone();
        int[] y = yIn.clone();
        for (int e = 0; e < 4; e++) {
            int chs = choose(y[0], y[1], y[2]);
            int maj = majority(x[0], x[1], x[2]);
            int s1 = Integer.rotateRight(y[0], 6) ^ Integer.rotateRight(y[0], 11) ^ Integer.rotateRight(y[0], 25);
            int s0 = Integer.rotateRight(x[0], 2) ^ Integer.rotateRight(x[0], 13) ^ Integer.rotateRight(x[0], 22);
            int tt = y[3] + s1 + chs + w[e];
            x[3] = tt + x[3];
            y[3] = tt + s0 + maj;
            // <Y, X> = ROL(Y : X, 32) over 256 bits
            int xTop = x[3];
            int yTop = y[3];
            x[3] = x[2];
            x[2] = x[1];
            x[1] = x[0];
            x[0] = yTop;
            y[3] = y[2];
            y[2] = y[1];
            y[1] = y[0];
            y[0] = xTop;
        }
        return part1 ? x : y;
    }

    /** Two-register SHA, {@code op}: 0 SHA1H, 1 SHA1SU1, 2 SHA256SU0. */
    public static void sha2(Aarch64Cpu cpu, int d, int n, int op) {
        int[] x = words(cpu, d);
        int[] y = words(cpu, n);
        int[] r;
        switch (op) {
            case 0 -> r = new int[] {Integer.rotateLeft(y[0], 30), 0, 0, 0};
            case 1 -> {
                int[] t = {x[0] ^ y[1], x[1] ^ y[2], x[2] ^ y[3], x[3]};
                r = new int[] {Integer.rotateLeft(t[0], 1), Integer.rotateLeft(t[1], 1), Integer.rotateLeft(t[2], 1),
                    Integer.rotateLeft(t[3], 1) ^ Integer.rotateLeft(t[0], 2)};
            }
            default -> {
                int[] t = {x[1], x[2], x[3], y[0]};
                r = new int[4];
                for (int e = 0; e < 4; e++) {
                    int v = t[e];
                    r[e] = (Integer.rotateRight(v, 7) ^ Integer.rotateRight(v, 18) ^ (v >>> 3)) + x[e];
                }
            }
        }
        setWords(cpu, d, r);
    }
}
