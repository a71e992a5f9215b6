package org.jemu.arm.a32;

import org.jemu.arm.a64.A64Crc;
import org.jemu.arm.a64.Crypto;
import org.jemu.arm.a64.VecOps;
import org.jemu.arm.cpu.A32Helpers;
import org.jemu.translator.decode.DecodeTable;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;

/**
 * The ARMv8 additions to AArch32 that an AArch64 model's ID_ISAR5 advertises to AArch32 user space (Linux
 * reports them to compat tasks as HWCAP2_AES, PMULL, SHA1, SHA2, CRC32): AESE, AESD, AESMC, AESIMC, SHA1C,
 * SHA1P, SHA1M, SHA1SU0, SHA256H, SHA256H2, SHA256SU1, SHA1H, SHA1SU1, SHA256SU0, VMULL.P64 (DDI 0487 F6
 * "Advanced SIMD and floating-point instruction descriptions") and CRC32{C}{B,H,W} (F5). The cryptographic
 * operations are the A64 ones ({@link Crypto}, {@link VecOps#clmul64}, {@link A64Crc}): Q(n) is V(n), and
 * every AArch32 form reads and writes its operands as the A64 form with the same register numbers does.
 *
 * <p>Each instruction first checks the CPU model's ID_ISAR5 at run time ({@link A32Helpers#requireId}),
 * so they are UNDEFINED on {@code cortex-a15}, as on an ARMv7 PE. UNDEFINED too: odd Q register numbers, a
 * nonzero size field, Q = 0 for the three-register SHA forms; CONSTRAINED UNPREDICTABLE cases (a T32 form
 * in an IT block, an A32 CRC32 with a condition other than AL, size 0b11, R15 operands) take the UNDEFINED
 * option.
 */
final class Crypto32 {
    private Crypto32() {
    }

    private static final int ALL = Helper.WRITES_STATE | Helper.MAY_FAULT | Helper.SIDE_EFFECT;
    static final Helper REQUIRE = Helper.of(A32Helpers.class, "requireId", ALL);
    private static final Helper AES = Helper.of(Crypto.class, "aes", Helper.WRITES_STATE);
    private static final Helper SHA3 = Helper.of(Crypto.class, "sha3", Helper.WRITES_STATE);
    private static final Helper SHA2 = Helper.of(Crypto.class, "sha2", Helper.WRITES_STATE);
    private static final Helper CLMUL64 = Helper.of(VecOps.class, "clmul64", 0);
    private static final Helper CRC32 = Helper.of(A64Crc.class, "crc32", 0);
    private static final Helper CRC32C = Helper.of(A64Crc.class, "crc32c", 0);

    /** ID_ISAR5 field positions. */
    private static final int ISAR5_AES = 4;
    private static final int ISAR5_SHA1 = 8;
    private static final int ISAR5_SHA2 = 12;
    private static final int ISAR5_CRC32 = 16;

    /** The Advanced SIMD forms (bits [23:0] as {@link Neon#add}; A32 1111 001U, T32 111U 1111). */
    static void addSimd(DecodeTable.Builder<A32Translator.Handler> t, boolean thumb) {
        Neon.add(t, thumb, "AES", "AESE, AESD, AESMC, AESIMC", "1", "1e11 ss00 dddd 0011 oog0 mmmm", Crypto32::aes);
        Neon.add(t, thumb, "SHA1H", "SHA1H", "1", "1e11 ss01 dddd 0010 11g0 mmmm", x -> sha2(x, 0));
        Neon.add(t, thumb, "SHA1SU1_SHA256SU0", "SHA1SU1, SHA256SU0", "1", "1e11 ss10 dddd 0011 1og0 mmmm",
                x -> sha2(x, 1 + x.bit(6)));
        Neon.add(t, thumb, "SHA_3reg", "SHA1C, SHA1P, SHA1M, SHA1SU0, SHA256H, SHA256H2, SHA256SU1", "u",
                "0ess nnnn dddd 1100 fqg0 mmmm", Crypto32::sha3);
        Neon.add(t, thumb, "VMULL_p64", "VMULL.P64", "0", "1e10 nnnn dddd 1110 f0g0 mmmm", Crypto32::vmullP64);
    }

    /** CRC32{C}{B,H,W}: A32 {@code cccc 0001 0ss0 nnnn dddd 00c0 0100 mmmm}. */
    static void addCrcA32(DecodeTable.Builder<A32Translator.Handler> t) {
        t.add("CRC32", "CRC32, CRC32C", "cccc 00010ss0 nnnn dddd 00o0 0100 mmmm", Crypto32::crc);
    }

    /** CRC32{C}{B,H,W}: T32 {@code 1111 1010 110c nnnn 1111 dddd 10ss mmmm}. */
    static void addCrcT32(DecodeTable.Builder<A32Translator.Handler> t) {
        t.add("CRC32_T1", "CRC32, CRC32C T1", "11111010110onnnn 1111dddd10ssmmmm", Crypto32::crc);
    }

    private static void require(A32Translator t, int shift, int min) {
        t.b.call(REQUIRE, t.c(A32Helpers.ID_ISAR5), t.c(shift), t.c(min));
    }

    /** Q register number of a D:Vd style field, or -1 if it is odd (UNDEFINED). */
    private static int q(int dreg) {
        return (dreg & 1) != 0 ? -1 : dreg >> 1;
    }

    private static boolean inIt(A32Translator t) {
        return t.thumb && t.inItBlock();
    }

    /** AESE.8, AESD.8, AESMC.8, AESIMC.8 Qd, Qm (op = bits [7:6]). */
    private static boolean aes(A32Translator t) {
        int d = q(Vfp.vd(t, true));
        int m = q(Vfp.vm(t, true));
        if (t.bits(19, 18) != 0 || d < 0 || m < 0 || inIt(t)) {
            return false;
        }
        require(t, ISAR5_AES, 1);
        t.b.call(AES, t.c(d), t.c(m), t.c(t.bits(7, 6)));
        return true;
    }

    /** SHA1H (op 0), SHA1SU1 (1), SHA256SU0 (2) Qd, Qm: size must be 0b10. */
    private static boolean sha2(A32Translator t, int op) {
        int d = q(Vfp.vd(t, true));
        int m = q(Vfp.vm(t, true));
        if (t.bits(19, 18) != 2 || d < 0 || m < 0 || inIt(t)) {
            return false;
        }
        require(t, op == 2 ? ISAR5_SHA2 : ISAR5_SHA1, 1);
        t.b.call(SHA2, t.c(d), t.c(m), t.c(op));
        return true;
    }

    /** SHA1C/P/M/SU0 (U = 0, sz 0..3), SHA256H/H2/SU1 (U = 1, sz 0..2) Qd, Qn, Qm: the A64 opcode U:sz. */
    private static boolean sha3(A32Translator t) {
        int op = Neon.u(t) << 2 | t.bits(21, 20);
        int d = q(Vfp.vd(t, true));
        int n = q(Vfp.vn(t, true));
        int m = q(Vfp.vm(t, true));
        if (op == 7 || t.bit(6) == 0 || d < 0 || n < 0 || m < 0 || inIt(t)) {
            return false;
        }
        require(t, op < 4 ? ISAR5_SHA1 : ISAR5_SHA2, 1);
        t.b.call(SHA3, t.c(d), t.c(n), t.c(m), t.c(op));
        return true;
    }

    /** VMULL.P64 Qd, Dn, Dm: the 128-bit carry-less product (needs ID_ISAR5.AES = 2). */
    private static boolean vmullP64(A32Translator t) {
        int d = Vfp.vd(t, true);
        if ((d & 1) != 0 || inIt(t)) {
            return false;
        }
        require(t, ISAR5_AES, 2);
        IrBuilder b = t.b;
        Inst x = t.readD(Vfp.vn(t, true));
        Inst y = t.readD(Vfp.vm(t, true));
        Inst lo = b.call(CLMUL64, x, y, t.c(0));
        Inst hi = b.call(CLMUL64, x, y, t.c(1));
        t.writeD(d, lo);
        t.writeD(d + 1, hi);
        return true;
    }

    /** CRC32{C}B/H/W Rd, Rn, Rm: Rd = the CRC of the low 1, 2 or 4 bytes of Rm into the accumulator Rn. */
    private static boolean crc(A32Translator t) {
        int size = t.f('s');
        int rd = t.f('d');
        int rn = t.f('n');
        int rm = t.f('m');
        if (size == 3 || rd == 15 || rn == 15 || rm == 15 || inIt(t) || (!t.thumb && t.bits(31, 28) != 0xe)
                || (t.thumb && (rd == 13 || rn == 13 || rm == 13))) {
            return false;
        }
        require(t, ISAR5_CRC32, 1);
        IrBuilder b = t.b;
        Inst v = b.call(t.f('o') != 0 ? CRC32C : CRC32, t.readR(rn), b.zext32(t.readR(rm)), t.c(1 << size));
        t.writeR(rd, v);
        return true;
    }
}
