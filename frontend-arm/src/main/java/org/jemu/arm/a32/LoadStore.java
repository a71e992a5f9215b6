package org.jemu.arm.a32;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;

/**
 * A32 loads and stores: DDI 0406C A5.3 (word and unsigned byte, with the unprivileged LDRT/STRT/LDRBT/
 * STRBT), A5.2.8 (halfword, signed byte/halfword, doubleword, and the unprivileged LDRHT/STRHT/LDRSBT/
 * LDRSHT), A5.5 (LDM/STM in the four addressing modes) and A5.2.10 (LDREX/STREX and their byte,
 * halfword and doubleword forms).
 *
 * <p>Addressing (A8.5 "Memory accesses"): offset_addr = Rn +/- offset (U), address = P ? offset_addr : Rn,
 * writeback of offset_addr when P = 0 or W = 1. The PC as base reads as Align(PC, 4) (the literal forms,
 * which may not write back). Every load happens before any register is written, so a fault leaves the
 * registers unchanged.
 *
 * <p>Alignment (A3.2.1): LDR/STR, LDRH/STRH and friends may be unaligned (SCTLR.A = 0); LDM/STM,
 * LDRD/STRD need word alignment, the exclusives their natural alignment (LDREXD/STREXD: doubleword),
 * else an Alignment fault.
 *
 * <p>UNPREDICTABLE cases are UNDEFINED: writeback with Rn = PC or Rn = Rt (or Rt2), a byte, halfword or
 * unprivileged transfer of the PC, a register offset of PC, LDRD/STRD with an odd Rt or Rt = 14, LDM/STM
 * with Rn = PC or an empty list, LDM writing back a listed base, STM writing back a listed base that is not
 * the lowest register. LDR and LDM may load the PC: LoadWritePC, an interworking branch.
 */
public final class LoadStore {
    private LoadStore() {
    }

    /** Access kinds of single transfers: size in bytes and sign extension of loads. */
    public enum Kind {
        WORD(4, false), BYTE(1, false), HALF(2, false), SBYTE(1, true), SHALF(2, true);

        final int size;
        final boolean signed;

        Kind(int size, boolean signed) {
            this.size = size;
            this.signed = signed;
        }
    }

    /** The base register value: Align(PC, 4) for the PC, else R[n]. */
    static Inst base(A32Translator t, int n) {
        return n == 15 ? t.readPcAligned() : t.readR(n);
    }

    /**
     * A single load or store. {@code offset} is the I32 offset (immediate or shifted register),
     * {@code unpriv} the LDRT-class forms (post-indexed with writeback, unprivileged MMU index).
     */
    private static boolean single(A32Translator t, boolean load, Kind kind, Inst offset, boolean unpriv) {
        int n = t.f('n');
        int rt = t.f('t');
        boolean p = !unpriv && t.f('p') != 0;
        boolean w = unpriv || t.f('w') != 0;
        boolean wback = !p || w;
        boolean u = t.f('u') != 0;
        if (wback && (n == 15 || n == rt)) {
            return false;
        }
        if (rt == 15 && (kind != Kind.WORD || unpriv)) {
            return false;
        }
        single(t, load, kind, n, rt, offset, p, u, wback, unpriv);
        return true;
    }

    /**
     * A single load or store (A32 and T32; the caller has checked the registers): offset_addr = R[n] +/-
     * I32 {@code offset} ({@code add}), address = offset_addr if {@code index} else R[n], offset_addr
     * written back if {@code wback}; an n of 15 is the literal base Align(PC, 4). A loaded PC is LoadWritePC.
     */
    public static void single(A32Translator t, boolean load, Kind kind, int n, int rt, Inst offset, boolean index,
            boolean add, boolean wback, boolean unpriv) {
        boolean p = index;
        boolean u = add;
        IrBuilder b = t.b;
        Inst rn = base(t, n);
        Inst offAddr = u ? b.add(rn, offset) : b.sub(rn, offset);
        Inst addr = p ? offAddr : rn;
        long memop = unpriv ? t.memopUnpriv(kind.size, kind.signed) : t.memop(kind.size, kind.signed, false);
        if (load) {
            Inst v = t.load(addr, memop);
            if (wback) {
                t.writeR(n, offAddr);
            }
            t.writeR(rt, v);
        } else {
            t.store(addr, t.readR(rt), memop);
            if (wback) {
                t.writeR(n, offAddr);
            }
        }
    }

    /** The immediate offset of A5.3 (imm12). */
    private static Inst imm12(A32Translator t) {
        return t.c(t.f('i'));
    }

    /** The imm4H:imm4L offset of A5.2.8. */
    private static Inst imm8(A32Translator t) {
        return t.c(t.f('i'));
    }

    /** The register offset: Shift(R[m], DecodeImmShift(type, imm5)); null (UNDEFINED) for m = 15. */
    private static Inst regOffset(A32Translator t, boolean shifted) {
        int m = t.f('m');
        if (m == 15) {
            return null;
        }
        return shifted ? t.shiftImm(t.readR(m), t.f('h'), t.f('v')).value() : t.readR(m);
    }

    private static boolean singleReg(A32Translator t, boolean load, Kind kind, boolean shifted, boolean unpriv) {
        Inst off = regOffset(t, shifted);
        return off != null && single(t, load, kind, off, unpriv);
    }

    /** A8.8.204 STR (immediate, ARM). */
    public static boolean STR_imm(A32Translator t) {
        return single(t, false, Kind.WORD, imm12(t), false);
    }

    /** A8.8.63 LDR (immediate, ARM) and A8.8.64 LDR (literal). */
    public static boolean LDR_imm(A32Translator t) {
        return single(t, true, Kind.WORD, imm12(t), false);
    }

    /** A8.8.207 STRB (immediate, ARM). */
    public static boolean STRB_imm(A32Translator t) {
        return single(t, false, Kind.BYTE, imm12(t), false);
    }

    /** A8.8.68 LDRB (immediate, ARM) and A8.8.69 LDRB (literal). */
    public static boolean LDRB_imm(A32Translator t) {
        return single(t, true, Kind.BYTE, imm12(t), false);
    }

    /** A8.8.219 STRT, encoding A1. */
    public static boolean STRT_imm(A32Translator t) {
        return single(t, false, Kind.WORD, imm12(t), true);
    }

    /** A8.8.92 LDRT, encoding A1. */
    public static boolean LDRT_imm(A32Translator t) {
        return single(t, true, Kind.WORD, imm12(t), true);
    }

    /** A8.8.209 STRBT, encoding A1. */
    public static boolean STRBT_imm(A32Translator t) {
        return single(t, false, Kind.BYTE, imm12(t), true);
    }

    /** A8.8.71 LDRBT, encoding A1. */
    public static boolean LDRBT_imm(A32Translator t) {
        return single(t, true, Kind.BYTE, imm12(t), true);
    }

    /** A8.8.205 STR (register). */
    public static boolean STR_reg(A32Translator t) {
        return singleReg(t, false, Kind.WORD, true, false);
    }

    /** A8.8.66 LDR (register, ARM). */
    public static boolean LDR_reg(A32Translator t) {
        return singleReg(t, true, Kind.WORD, true, false);
    }

    /** A8.8.208 STRB (register). */
    public static boolean STRB_reg(A32Translator t) {
        return singleReg(t, false, Kind.BYTE, true, false);
    }

    /** A8.8.70 LDRB (register). */
    public static boolean LDRB_reg(A32Translator t) {
        return singleReg(t, true, Kind.BYTE, true, false);
    }

    /** A8.8.219 STRT, encoding A2. */
    public static boolean STRT_reg(A32Translator t) {
        return singleReg(t, false, Kind.WORD, true, true);
    }

    /** A8.8.92 LDRT, encoding A2. */
    public static boolean LDRT_reg(A32Translator t) {
        return singleReg(t, true, Kind.WORD, true, true);
    }

    /** A8.8.209 STRBT, encoding A2. */
    public static boolean STRBT_reg(A32Translator t) {
        return singleReg(t, false, Kind.BYTE, true, true);
    }

    /** A8.8.71 LDRBT, encoding A2. */
    public static boolean LDRBT_reg(A32Translator t) {
        return singleReg(t, true, Kind.BYTE, true, true);
    }

    /** A8.8.217 STRH (immediate, ARM). */
    public static boolean STRH_imm(A32Translator t) {
        return single(t, false, Kind.HALF, imm8(t), false);
    }

    /** A8.8.81 LDRH (immediate, ARM) and A8.8.82 LDRH (literal). */
    public static boolean LDRH_imm(A32Translator t) {
        return single(t, true, Kind.HALF, imm8(t), false);
    }

    /** A8.8.218 STRH (register). */
    public static boolean STRH_reg(A32Translator t) {
        return singleReg(t, false, Kind.HALF, false, false);
    }

    /** A8.8.83 LDRH (register). */
    public static boolean LDRH_reg(A32Translator t) {
        return singleReg(t, true, Kind.HALF, false, false);
    }

    /** A8.8.85 LDRSB (immediate) and A8.8.86 LDRSB (literal). */
    public static boolean LDRSB_imm(A32Translator t) {
        return single(t, true, Kind.SBYTE, imm8(t), false);
    }

    /** A8.8.87 LDRSB (register). */
    public static boolean LDRSB_reg(A32Translator t) {
        return singleReg(t, true, Kind.SBYTE, false, false);
    }

    /** A8.8.89 LDRSH (immediate) and A8.8.90 LDRSH (literal). */
    public static boolean LDRSH_imm(A32Translator t) {
        return single(t, true, Kind.SHALF, imm8(t), false);
    }

    /** A8.8.91 LDRSH (register). */
    public static boolean LDRSH_reg(A32Translator t) {
        return singleReg(t, true, Kind.SHALF, false, false);
    }

    /** A8.8.220 STRHT, encoding A1. */
    public static boolean STRHT_imm(A32Translator t) {
        return single(t, false, Kind.HALF, imm8(t), true);
    }

    /** A8.8.220 STRHT, encoding A2. */
    public static boolean STRHT_reg(A32Translator t) {
        return singleReg(t, false, Kind.HALF, false, true);
    }

    /** A8.8.84 LDRHT, encoding A1. */
    public static boolean LDRHT_imm(A32Translator t) {
        return single(t, true, Kind.HALF, imm8(t), true);
    }

    /** A8.8.84 LDRHT, encoding A2. */
    public static boolean LDRHT_reg(A32Translator t) {
        return singleReg(t, true, Kind.HALF, false, true);
    }

    /** A8.8.88 LDRSBT, encoding A1. */
    public static boolean LDRSBT_imm(A32Translator t) {
        return single(t, true, Kind.SBYTE, imm8(t), true);
    }

    /** A8.8.88 LDRSBT, encoding A2. */
    public static boolean LDRSBT_reg(A32Translator t) {
        return singleReg(t, true, Kind.SBYTE, false, true);
    }

    /** A8.8.92 LDRSHT, encoding A1. */
    public static boolean LDRSHT_imm(A32Translator t) {
        return single(t, true, Kind.SHALF, imm8(t), true);
    }

    /** A8.8.92 LDRSHT, encoding A2. */
    public static boolean LDRSHT_reg(A32Translator t) {
        return singleReg(t, true, Kind.SHALF, false, true);
    }

    // ---- doubleword -----------------------------------------------------------------------------------

    /**
     * LDRD/STRD: two word accesses at address and address + 4, each word aligned; Rt even, Rt2 = Rt + 1.
     * {@code offset} null for a PC register offset (UNDEFINED).
     */
    private static boolean dual(A32Translator t, boolean load, Inst offset, int m) {
        int n = t.f('n');
        int rt = t.f('t');
        boolean p = t.f('p') != 0;
        boolean w = t.f('w') != 0;
        boolean wback = !p || w;
        boolean u = t.f('u') != 0;
        if (offset == null || (rt & 1) != 0 || rt == 14 || (!p && w)) {
            return false;
        }
        if (wback && (n == 15 || n == rt || n == rt + 1)) {
            return false;
        }
        if (load && m >= 0 && (m == rt || m == rt + 1)) {
            return false;
        }
        if (!load && n == 15 && !p) {
            return false;
        }
        dual(t, load, n, rt, rt + 1, offset, p, u, wback);
        return true;
    }

    /**
     * LDRD/STRD's operation (A32 and T32; registers checked by the caller): words at address and address + 4
     * (each word aligned) to/from R[rt] and R[rt2], addressing as {@link #single}.
     */
    public static void dual(A32Translator t, boolean load, int n, int rt, int rt2, Inst offset, boolean p,
            boolean u, boolean wback) {
        IrBuilder b = t.b;
        Inst rn = base(t, n);
        Inst offAddr = u ? b.add(rn, offset) : b.sub(rn, offset);
        Inst addr = p ? offAddr : rn;
        long memop = t.memop(4, false, true);
        Inst addr2 = b.add(addr, t.c(4));
        if (load) {
            Inst lo = t.load(addr, memop);
            Inst hi = t.load(addr2, memop);
            if (wback) {
                t.writeR(n, offAddr);
            }
            t.writeR(rt, lo);
            t.writeR(rt2, hi);
        } else {
            Inst v1 = t.readR(rt);
            Inst v2 = t.readR(rt2);
            t.store(addr, v1, memop);
            t.store(addr2, v2, memop);
            if (wback) {
                t.writeR(n, offAddr);
            }
        }
    }

    /** A8.8.72 LDRD (immediate) and A8.8.73 LDRD (literal). */
    public static boolean LDRD_imm(A32Translator t) {
        return dual(t, true, imm8(t), -1);
    }

    /** A8.8.74 LDRD (register). */
    public static boolean LDRD_reg(A32Translator t) {
        return dual(t, true, regOffset(t, false), t.f('m'));
    }

    /** A8.8.210 STRD (immediate). */
    public static boolean STRD_imm(A32Translator t) {
        return dual(t, false, imm8(t), -1);
    }

    /** A8.8.211 STRD (register). */
    public static boolean STRD_reg(A32Translator t) {
        return dual(t, false, regOffset(t, false), t.f('m'));
    }

    // ---- multiple -------------------------------------------------------------------------------------

    /** Lowest address and written-back base of LDM/STM (bits 24 P = before, 23 U = increment). */
    private static Inst[] blockAddresses(A32Translator t, Inst rn, int count, boolean before, boolean inc) {
        IrBuilder b = t.b;
        Inst start;
        Inst wb;
        if (inc) {
            start = before ? b.add(rn, t.c(4)) : rn;
            wb = b.add(rn, t.c(4 * count));
        } else {
            start = b.sub(rn, t.c(before ? 4 * count : 4 * count - 4));
            wb = b.sub(rn, t.c(4 * count));
        }
        return new Inst[] {start, wb};
    }

    /**
     * A8.8.58 LDM, A8.8.59 LDMDA, A8.8.60 LDMDB, A8.8.61 LDMIB (POP): loads the listed registers from
     * consecutive words, lowest register at the lowest address; a loaded PC is LoadWritePC.
     */
    public static boolean LDM(A32Translator t) {
        int n = t.f('n');
        int list = t.f('r');
        boolean w = t.f('w') != 0;
        if (n == 15 || list == 0 || (w && (list & (1 << n)) != 0)) {
            return false;
        }
        ldm(t, n, list, w, t.bit(24) != 0, t.bit(23) != 0);
        return true;
    }

    /**
     * LDM's operation (A32 and T32; checked by the caller): registers of {@code list} (bit i = R[i]) from
     * consecutive words starting at R[n] ({@code before}: +/-4 first; {@code inc}: upwards), then R[n]
     * written back if {@code w}; a loaded PC is LoadWritePC.
     */
    public static void ldm(A32Translator t, int n, int list, boolean w, boolean before, boolean inc) {
        IrBuilder b = t.b;
        int count = Integer.bitCount(list);
        Inst[] a = blockAddresses(t, t.readR(n), count, before, inc);
        long memop = t.memop(4, false, true);
        Inst[] v = new Inst[16];
        int k = 0;
        for (int i = 0; i < 16; i++) {
            if ((list & (1 << i)) != 0) {
                v[i] = t.load(k == 0 ? a[0] : b.add(a[0], t.c(4 * k)), memop);
                k++;
            }
        }
        if (w) {
            t.writeR(n, a[1]);
        }
        for (int i = 0; i < 16; i++) {
            if (v[i] != null) {
                t.writeR(i, v[i]);
            }
        }
    }

    /**
     * A8.8.199 STM, A8.8.200 STMDA, A8.8.201 STMDB (PUSH), A8.8.202 STMIB: stores the listed registers
     * (the PC as PC + 8); with writeback a listed base must be the lowest register (its original value is
     * stored).
     */
    public static boolean STM(A32Translator t) {
        int n = t.f('n');
        int list = t.f('r');
        boolean w = t.f('w') != 0;
        if (n == 15 || list == 0 || (w && (list & (1 << n)) != 0 && (list & ((1 << n) - 1)) != 0)) {
            return false;
        }
        stm(t, n, list, w, t.bit(24) != 0, t.bit(23) != 0);
        return true;
    }

    /** STM's operation (A32 and T32; checked by the caller), addressing as {@link #ldm}; the PC stores as PC + 8 (A32). */
    public static void stm(A32Translator t, int n, int list, boolean w, boolean before, boolean inc) {
        IrBuilder b = t.b;
        int count = Integer.bitCount(list);
        Inst[] a = blockAddresses(t, t.readR(n), count, before, inc);
        long memop = t.memop(4, false, true);
        int k = 0;
        for (int i = 0; i < 16; i++) {
            if ((list & (1 << i)) != 0) {
                t.store(k == 0 ? a[0] : b.add(a[0], t.c(4 * k)), t.readR(i), memop);
                k++;
            }
        }
        if (w) {
            t.writeR(n, a[1]);
        }
    }

    // ---- exclusives -----------------------------------------------------------------------------------

    private static boolean loadExclusive(A32Translator t, int size) {
        int n = t.f('n');
        int rt = t.f('t');
        if (n == 15 || rt == 15) {
            return false;
        }
        loadExclusive(t, size, rt, n, 0);
        return true;
    }

    /**
     * LDREX/LDREXB/LDREXH's operation (A32 and T32): loads {@code size} bytes (naturally aligned) from
     * R[n] + {@code imm} into R[rt] and arms the local monitor.
     */
    public static void loadExclusive(A32Translator t, int size, int rt, int n, int imm) {
        Inst addr = imm == 0 ? t.readR(n) : t.b.add(t.readR(n), t.c(imm));
        Inst v = t.load(addr, t.memop(size, false, true));
        t.setSlot(Aarch64Cpu.EXCL_ADDR, addr);
        t.setSlot(Aarch64Cpu.EXCL_VAL, v);
        t.setSlot(Aarch64Cpu.EXCL_ARMED, t.c(1));
        t.writeR(rt, v);
    }

    private static boolean storeExclusive(A32Translator t, int size) {
        int n = t.f('n');
        int rt = t.f('t');
        int d = t.f('d');
        if (n == 15 || rt == 15 || d == 15 || d == n || d == rt) {
            return false;
        }
        storeExclusive(t, size, d, rt, n, 0);
        return true;
    }

    /**
     * STREX/STREXB/STREXH's operation (A32 and T32): stores R[rt] at R[n] + {@code imm} if the monitor holds
     * it; R[d] = 0 on success, 1 on failure.
     */
    public static void storeExclusive(A32Translator t, int size, int d, int rt, int n, int imm) {
        IrBuilder b = t.b;
        Inst addr = imm == 0 ? t.readR(n) : b.add(t.readR(n), t.c(imm));
        Inst status = b.call(A32HelperRefs.STREX, t.passValue(), b.zext32(addr), b.zext32(t.readR(rt)),
                t.c(size));
        t.writeR(d, status);
    }

    /** A8.8.75 LDREX: loads a word and marks its address exclusive in the local monitor. */
    public static boolean LDREX(A32Translator t) {
        return loadExclusive(t, 4);
    }

    /** A8.8.76 LDREXB. */
    public static boolean LDREXB(A32Translator t) {
        return loadExclusive(t, 1);
    }

    /** A8.8.78 LDREXH. */
    public static boolean LDREXH(A32Translator t) {
        return loadExclusive(t, 2);
    }

    /** A8.8.212 STREX: stores if the monitor holds the address; Rd = 0 on success, 1 on failure. */
    public static boolean STREX(A32Translator t) {
        return storeExclusive(t, 4);
    }

    /** A8.8.213 STREXB. */
    public static boolean STREXB(A32Translator t) {
        return storeExclusive(t, 1);
    }

    /** A8.8.215 STREXH. */
    public static boolean STREXH(A32Translator t) {
        return storeExclusive(t, 2);
    }

    /**
     * A8.8.77 LDREXD: one doubleword-aligned 64-bit access; Rt gets the word at the lower address (in
     * either data endianness); Rt even and not 14.
     */
    public static boolean LDREXD(A32Translator t) {
        int n = t.f('n');
        int rt = t.f('t');
        if (n == 15 || (rt & 1) != 0 || rt == 14) {
            return false;
        }
        ldrexd(t, rt, rt + 1, n);
        return true;
    }

    /** LDREXD's operation (A32 and T32): R[rt] from the lower word at R[n], R[rt2] from the upper. */
    public static void ldrexd(A32Translator t, int rt, int rt2, int n) {
        IrBuilder b = t.b;
        Inst addr = t.readR(n);
        Inst v = t.load64(addr, t.memop(8, false, true));
        Inst first = b.trunc(v);
        Inst second = b.trunc(b.lshr(v, b.c64(32)));
        if (Aarch64Cpu.flagsBigEndianData(t.flags)) {
            Inst tmp = first;
            first = second;
            second = tmp;
        }
        b.call(A32HelperRefs.LDREXD_MONITOR, t.passValue(), b.zext32(addr), b.zext32(first), b.zext32(second));
        t.writeR(rt, first);
        t.writeR(rt2, second);
    }

    /** A8.8.214 STREXD: stores Rt at the address and Rt2 at address + 4 if the monitor holds the address. */
    public static boolean STREXD(A32Translator t) {
        int n = t.f('n');
        int rt = t.f('t');
        int d = t.f('d');
        if (n == 15 || d == 15 || (rt & 1) != 0 || rt == 14 || d == n || d == rt || d == rt + 1) {
            return false;
        }
        strexd(t, d, rt, rt + 1, n);
        return true;
    }

    /** STREXD's operation (A32 and T32): R[rt] at R[n], R[rt2] at R[n] + 4 if the monitor holds R[n]; status in R[d]. */
    public static void strexd(A32Translator t, int d, int rt, int rt2, int n) {
        IrBuilder b = t.b;
        Inst status = b.call(A32HelperRefs.STREXD, t.passValue(), b.zext32(t.readR(n)), b.zext32(t.readR(rt)),
                b.zext32(t.readR(rt2)));
        t.writeR(d, status);
    }
}
