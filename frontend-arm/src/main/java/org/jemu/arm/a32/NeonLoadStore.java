package org.jemu.arm.a32;

import org.jemu.arm.a64.VecOps;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.decode.DecodeTable;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.MemOp;

/**
 * Advanced SIMD element and structure loads and stores (DDI 0406C A7.7): VLD1-VLD4 and VST1-VST4 of
 * multiple structures (A8.8.320, ...), of a single structure to one lane, and VLD1-VLD4 of a single
 * structure to all lanes; A32 {@code 1111 0100 A D L 0 Rn Vd type Rm}, T32 {@code 1111 1001 A D L 0 ...}
 * (bits [23:0] shared).
 *
 * <p>Addressing: [Rn{@align}], then Rm = 15 no writeback, Rm = 13 Rn += the transfer size, other Rm
 * Rn += Rm. The alignment qualifier is checked before any access (an Alignment fault, whatever SCTLR.A
 * says); without one, element accesses may be unaligned unless SCTLR.A is set (then they must be
 * element-aligned). UNPREDICTABLE forms (Rn = 15, a register list beyond D31) are UNDEFINED.
 *
 * <p>Multiple structures are transferred as 64-bit little-endian words (each pair of word accesses) and
 * (de)interleaved with {@link VecOps#deinterleave} / {@link NeonOps#interleave}; with big-endian data each
 * element's bytes are reversed. Single-structure forms access element by element.
 */
final class NeonLoadStore {
    private NeonLoadStore() {
    }

    static final Helper DEINTERLEAVE = Helper.of(VecOps.class, "deinterleave", 0);
    static final Helper INTERLEAVE = Helper.of(NeonOps.class, "interleave", 0);
    static final Helper REV = Helper.of(VecOps.class, "rev", 0);
    static final Helper ALIGN = Helper.of(NeonOps.class, "align", Helper.MAY_FAULT_ONLY);

    static void add(DecodeTable.Builder<A32Translator.Handler> t, boolean thumb) {
        line(t, thumb, "VST_multiple", "VST1, VST2, VST3, VST4 (multiple single elements / structures)",
                "0e00 nnnn dddd tttt ssaa mmmm", NeonLoadStore::multiple);
        line(t, thumb, "VLD_multiple", "VLD1, VLD2, VLD3, VLD4 (multiple single elements / structures)",
                "0e10 nnnn dddd tttt ssaa mmmm", NeonLoadStore::multiple);
        for (int s = 0; s < 3; s++) {
            String sz = s == 0 ? "00" : s == 1 ? "01" : "10";
            line(t, thumb, "VST_lane_" + (8 << s), "VST1, VST2, VST3, VST4 (single structure from one lane), " + (8 << s) + "-bit",
                    "1e00 nnnn dddd " + sz + "tt aaaa mmmm", NeonLoadStore::lane);
            line(t, thumb, "VLD_lane_" + (8 << s), "VLD1, VLD2, VLD3, VLD4 (single structure to one lane), " + (8 << s) + "-bit",
                    "1e10 nnnn dddd " + sz + "tt aaaa mmmm", NeonLoadStore::lane);
        }
        line(t, thumb, "VLD_all", "VLD1, VLD2, VLD3, VLD4 (single structure to all lanes)",
                "1e10 nnnn dddd 11tt ssaa mmmm", NeonLoadStore::allLanes);
    }

    private static void line(DecodeTable.Builder<A32Translator.Handler> t, boolean thumb, String name, String desc,
            String low24, A32Translator.Handler h) {
        String head = thumb ? "11111001" : "11110100";
        t.add(thumb ? name + "_T1" : name, desc, head + " " + low24, Vfp.gate(h, false));
    }

    private static long memop(A32Translator t, int size) {
        return MemOp.of(size, false, Aarch64Cpu.flagsBigEndianData(t.flags), Aarch64Cpu.flagsMmuIdx(t.flags));
    }

    /** Checks {@code alignment} (or the element size under SCTLR.A) at {@code addr} before any access. */
    private static void checkAlign(A32Translator t, Inst addr, int alignment, int ebytes, boolean store) {
        IrBuilder b = t.b;
        int a = Math.max(alignment, Aarch64Cpu.flagsAlignCheck(t.flags) ? ebytes : 1);
        if (a <= 1) {
            return;
        }
        Inst at = t.conditional() ? b.select(t.passValue(), addr, t.c(0)) : addr;
        b.call(ALIGN, b.zext32(at), b.c32(a), b.c32(Aarch64Cpu.flagsMmuIdx(t.flags)), b.c32(store ? 1 : 0));
    }

    /** Loads a little-endian 64-bit word (two word accesses, no alignment requirement of their own). */
    private static Inst load64(A32Translator t, Inst addr) {
        IrBuilder b = t.b;
        long m = MemOp.of(4, false, false, Aarch64Cpu.flagsMmuIdx(t.flags));
        Inst lo = b.zext32(t.load(addr, m));
        Inst hi = b.zext32(t.load(b.add(addr, t.c(4)), m));
        return b.or(b.shl(hi, b.c64(32)), lo);
    }

    private static void store64(A32Translator t, Inst addr, Inst v) {
        IrBuilder b = t.b;
        long m = MemOp.of(4, false, false, Aarch64Cpu.flagsMmuIdx(t.flags));
        t.store(addr, b.trunc(v), m);
        t.store(b.add(addr, t.c(4)), b.trunc(b.lshr(v, b.c64(32))), m);
    }

    /** Rn writeback: Rm = 15 none, 13 by {@code bytes}, else by Rm. */
    private static void writeback(A32Translator t, int rn, int rm, Inst base, int bytes) {
        if (rm == 15) {
            return;
        }
        IrBuilder b = t.b;
        t.writeR(rn, rm == 13 ? b.add(base, t.c(bytes)) : b.add(base, t.readR(rm)));
    }

    /** VLDn/VSTn (multiple structures) (A8.8.320 VLD1 ... A8.8.404 VST4, table A7-20 "type"). */
    static boolean multiple(A32Translator t) {
        IrBuilder b = t.b;
        boolean load = t.bit(21) == 1;
        int rn = t.bits(19, 16);
        int rm = t.bits(3, 0);
        int d = Vfp.vd(t, true);
        int type = t.bits(11, 8);
        int size = t.bits(7, 6);
        int align = t.bits(5, 4);
        int selem;
        int regs;   // registers per structure element (VLD1: the register count)
        int inc;
        switch (type) {
            case 0b0111 -> { selem = 1; regs = 1; inc = 1; if ((align & 2) != 0) { return false; } }
            case 0b1010 -> { selem = 1; regs = 2; inc = 1; if (align == 3) { return false; } }
            case 0b0110 -> { selem = 1; regs = 3; inc = 1; if ((align & 2) != 0) { return false; } }
            case 0b0010 -> { selem = 1; regs = 4; inc = 1; }
            case 0b1000, 0b1001 -> { selem = 2; regs = 1; inc = type == 0b1000 ? 1 : 2; if (size == 3 || align == 3) { return false; } }
            case 0b0011 -> { selem = 2; regs = 2; inc = 2; if (size == 3) { return false; } }
            case 0b0100, 0b0101 -> { selem = 3; regs = 1; inc = type == 0b0100 ? 1 : 2; if (size == 3 || (align & 2) != 0) { return false; } }
            case 0b0000, 0b0001 -> { selem = 4; regs = 1; inc = type == 0b0000 ? 1 : 2; if (size == 3) { return false; } }
            default -> {
                return false;
            }
        }
        // the D registers, in memory order of the 64-bit words: sets of selem registers
        int last = selem == 1 ? d + regs - 1 : d + (regs - 1) + (selem - 1) * inc;
        if (rn == 15 || last > 31) {
            return false;
        }
        int alignment = align == 0 ? 1 : 4 << align;
        int ebytes = 1 << size;
        int words = selem * regs;
        Inst base = t.readR(rn);
        checkAlign(t, base, alignment, ebytes, !load);
        boolean be = Aarch64Cpu.flagsBigEndianData(t.flags);
        int sets = selem == 1 ? regs : regs;
        int perSet = selem == 1 ? 1 : selem;
        int ctlBase = size << 8 | selem;
        if (load) {
            Inst[] vals = new Inst[32];
            int[] order = new int[words];
            int k = 0;
            for (int s = 0; s < sets; s++) {
                Inst[] w = new Inst[4];
                for (int i = 0; i < perSet; i++) {
                    w[i] = load64(t, b.add(base, t.c(8 * (s * perSet + i))));
                    if (be) {
                        w[i] = b.call(REV, w[i], b.c32(0), b.c32(size));
                    }
                }
                for (int i = perSet; i < 4; i++) {
                    w[i] = b.c64(0);
                }
                for (int r = 0; r < perSet; r++) {
                    int reg = selem == 1 ? d + s : d + s + r * inc;
                    vals[reg] = selem == 1 ? w[0] : b.call(DEINTERLEAVE, w[0], w[1], w[2], w[3], b.c32(ctlBase | r << 4));
                    order[k++] = reg;
                }
            }
            for (int reg : order) {
                t.writeD(reg, vals[reg]);
            }
        } else {
            for (int s = 0; s < sets; s++) {
                Inst[] src = new Inst[4];
                for (int r = 0; r < 4; r++) {
                    src[r] = r < perSet ? t.readD(selem == 1 ? d + s : d + s + r * inc) : b.c64(0);
                }
                for (int i = 0; i < perSet; i++) {
                    Inst w = selem == 1 ? src[0] : b.call(INTERLEAVE, src[0], src[1], src[2], src[3], b.c32(ctlBase), b.c32(i));
                    if (be) {
                        w = b.call(REV, w, b.c32(0), b.c32(size));
                    }
                    store64(t, b.add(base, t.c(8 * (s * perSet + i))), w);
                }
            }
        }
        writeback(t, rn, rm, base, 8 * words);
        return true;
    }

    /** VLDn/VSTn (single structure to/from one lane) (A8.8.321 ..., tables of index_align). */
    static boolean lane(A32Translator t) {
        IrBuilder b = t.b;
        boolean load = t.bit(21) == 1;
        int rn = t.bits(19, 16);
        int rm = t.bits(3, 0);
        int d = Vfp.vd(t, true);
        int size = t.bits(11, 10);
        int n = t.bits(9, 8) + 1;
        int ia = t.bits(7, 4);
        int ebytes = 1 << size;
        int index = ia >>> (size + 1);
        int inc = 1;
        int alignment = 1;
        switch (n) {
            case 1 -> {
                if (size == 0 && (ia & 1) != 0 || size == 1 && (ia & 2) != 0 || size == 2 && ((ia & 4) != 0 || (ia & 3) == 1 || (ia & 3) == 2)) {
                    return false;
                }
                alignment = size == 0 ? 1 : size == 1 ? ((ia & 1) != 0 ? 2 : 1) : ((ia & 3) == 3 ? 4 : 1);
            }
            case 2 -> {
                if (size == 2 && (ia & 2) != 0) {
                    return false;
                }
                inc = size == 0 ? 1 : size == 1 ? ((ia & 2) != 0 ? 2 : 1) : ((ia & 4) != 0 ? 2 : 1);
                alignment = (ia & 1) != 0 ? 2 * ebytes : 1;
            }
            case 3 -> {
                if (size == 0 && (ia & 1) != 0 || size == 1 && (ia & 1) != 0 || size == 2 && (ia & 3) != 0) {
                    return false;
                }
                inc = size == 0 ? 1 : size == 1 ? ((ia & 2) != 0 ? 2 : 1) : ((ia & 4) != 0 ? 2 : 1);
            }
            default -> {
                if (size == 2 && (ia & 3) == 3) {
                    return false;
                }
                inc = size == 0 ? 1 : size == 1 ? ((ia & 2) != 0 ? 2 : 1) : ((ia & 4) != 0 ? 2 : 1);
                alignment = size == 2 ? ((ia & 3) == 0 ? 1 : 4 << (ia & 3)) : ((ia & 1) != 0 ? 4 * ebytes : 1);
            }
        }
        if (rn == 15 || d + (n - 1) * inc > 31) {
            return false;
        }
        Inst base = t.readR(rn);
        checkAlign(t, base, alignment, ebytes, !load);
        int shift = index * 8 * ebytes;
        long laneMask = (ebytes == 8 ? -1L : (1L << (8 * ebytes)) - 1) << shift;
        Inst[] vals = new Inst[n];
        for (int i = 0; i < n; i++) {
            Inst a = b.add(base, t.c(i * ebytes));
            int reg = d + i * inc;
            if (load) {
                Inst e = b.zext32(t.load(a, memop(t, ebytes)));
                vals[i] = b.or(b.and(t.readD(reg), b.c64(~laneMask)), b.shl(b.and(e, b.c64(laneMask >>> shift)), b.c64(shift)));
            } else {
                t.store(a, b.trunc(b.lshr(t.readD(reg), b.c64(shift))), memop(t, ebytes));
            }
        }
        if (load) {
            for (int i = 0; i < n; i++) {
                t.writeD(d + i * inc, vals[i]);
            }
        }
        writeback(t, rn, rm, base, n * ebytes);
        return true;
    }

    /** VLDn (single structure to all lanes) (A8.8.322 VLD1 ... A8.8.331 VLD4). */
    static boolean allLanes(A32Translator t) {
        IrBuilder b = t.b;
        int rn = t.bits(19, 16);
        int rm = t.bits(3, 0);
        int d = Vfp.vd(t, true);
        int n = t.bits(9, 8) + 1;
        int size = t.bits(7, 6);
        int tbit = t.bit(5);
        int a = t.bit(4);
        int ebytes = 1 << size;
        int alignment;
        int inc;
        int regs = 1;
        switch (n) {
            case 1 -> {
                if (size == 3 || (size == 0 && a == 1)) {
                    return false;
                }
                regs = tbit + 1;
                inc = 1;
                alignment = a == 1 ? ebytes : 1;
            }
            case 2 -> {
                if (size == 3) {
                    return false;
                }
                inc = tbit + 1;
                alignment = a == 1 ? 2 * ebytes : 1;
            }
            case 3 -> {
                if (size == 3 || a == 1) {
                    return false;
                }
                inc = tbit + 1;
                alignment = 1;
            }
            default -> {
                inc = tbit + 1;
                if (size == 3) {
                    if (a == 0) {
                        return false;
                    }
                    ebytes = 4;
                    size = 2;
                    alignment = 16;
                } else {
                    alignment = a == 0 ? 1 : size == 2 ? 8 : 4 * ebytes;
                }
            }
        }
        int last = n == 1 ? d + regs - 1 : d + (n - 1) * inc;
        if (rn == 15 || last > 31) {
            return false;
        }
        Inst base = t.readR(rn);
        checkAlign(t, base, alignment, ebytes, false);
        long mask = ebytes == 8 ? -1L : (1L << (8 * ebytes)) - 1;
        long ones = NeonShift.replicate(1, size);
        int[] regsOut = new int[n == 1 ? regs : n];
        Inst[] vals = new Inst[regsOut.length];
        for (int i = 0; i < n; i++) {
            Inst e = b.and(b.zext32(t.load(b.add(base, t.c(i * ebytes)), memop(t, ebytes))), b.c64(mask));
            Inst v = b.binary(org.jemu.translator.ir.Op.MUL, e, b.c64(ones));
            if (n == 1) {
                for (int r = 0; r < regs; r++) {
                    regsOut[r] = d + r;
                    vals[r] = v;
                }
            } else {
                regsOut[i] = d + i * inc;
                vals[i] = v;
            }
        }
        for (int i = 0; i < regsOut.length; i++) {
            t.writeD(regsOut[i], vals[i]);
        }
        writeback(t, rn, rm, base, n * ebytes);
        return true;
    }
}
