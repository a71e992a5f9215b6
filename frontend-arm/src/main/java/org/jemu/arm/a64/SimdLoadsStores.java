package org.jemu.arm.a64;

import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.ir.Type;

/**
 * Handlers for the loads and stores of SIMD&amp;FP registers (Arm ARM C4.1.4, V = 1): LDR/STR of B, H, S,
 * D and Q registers in every addressing form, LDR (literal), LDP/STP/LDNP/STNP, and the Advanced SIMD
 * structure loads and stores LD1-LD4/ST1-ST4 (multiple structures and single structure) and LD1R-LD4R,
 * with their post-index forms (C7.2).
 *
 * <p>A 128-bit access is two 8-byte accesses (the Arm ARM makes a Q register access single-copy atomic
 * only per 64-bit half, B2.2.1). With little-endian data the low half is at the lower address; with
 * big-endian data (SCTLR_ELx.EE/E0E) the whole 128-bit quantity is byte-reversed, so each half is a
 * big-endian 8-byte access and the high half comes first. Structure loads and stores transfer elements,
 * each in the data endianness; with little-endian data the full-register forms of LD1/ST1 use 8-byte
 * accesses, which give the same result.
 *
 * <p>As for the general-purpose loads (see {@link LoadsStores}), every memory access of an instruction is
 * emitted before its first register write, so a fault leaves all registers unchanged.
 */
public final class SimdLoadsStores {
    private SimdLoadsStores() {
    }

    private enum Index { OFFSET, PRE, POST }

    /** log2 of the access size in bytes for the register forms: size, or 4 for opc<1> = 1 with size 00 (Q). */
    private static int regScale(A64Translator t) {
        int size = t.f('q');
        int opc1 = t.f('p') >> 1;
        if (opc1 == 0) {
            return size;
        }
        return size == 0 ? 4 : -1;
    }

    private static boolean isLoad(A64Translator t) {
        return (t.f('p') & 1) != 0;
    }

    /** Loads {@code 1 << scale} bytes at {@code addr}: the halves [lo, hi] (hi is null below 16 bytes). */
    static Inst[] loadReg(A64Translator t, Inst addr, int scale) {
        IrBuilder b = t.b;
        if (scale < 4) {
            int size = 1 << scale;
            Inst v = b.load(size == 8 ? Type.I64 : Type.I32, addr, t.memop(size, false));
            return new Inst[] {size == 8 ? v : b.zext32(v), null};
        }
        long mo = t.memop(8, false);
        Inst first = b.load(Type.I64, addr, mo);
        Inst second = b.load(Type.I64, b.add(addr, b.c64(8)), mo);
        return MemOp.bigEndian(mo) ? new Inst[] {second, first} : new Inst[] {first, second};
    }

    /** Stores the low {@code 1 << scale} bytes of register {@code rt} at {@code addr}. */
    static void storeReg(A64Translator t, Inst addr, int rt, int scale) {
        IrBuilder b = t.b;
        if (scale < 4) {
            int size = 1 << scale;
            Inst v = t.readVLo(rt);
            b.store(addr, size == 8 ? v : b.trunc(v), t.memop(size, false));
            return;
        }
        long mo = t.memop(8, false);
        boolean be = MemOp.bigEndian(mo);
        b.store(addr, be ? t.readVHi(rt) : t.readVLo(rt), mo);
        b.store(b.add(addr, b.c64(8)), be ? t.readVLo(rt) : t.readVHi(rt), mo);
    }

    private static void writeLoaded(A64Translator t, int rt, Inst[] v) {
        if (v[1] == null) {
            t.writeV64(rt, v[0]);
        } else {
            t.writeV(rt, v[0], v[1]);
        }
    }

    private static boolean single(A64Translator t, int scale, long offset, Index index) {
        if (scale < 0) {
            return false;
        }
        IrBuilder b = t.b;
        Inst base = t.baseAddress(t.f('n'));
        Inst moved = offset == 0 ? base : b.add(base, b.c64(offset));
        Inst addr = index == Index.POST ? base : moved;
        int rt = t.f('t');
        if (isLoad(t)) {
            writeLoaded(t, rt, loadReg(t, addr, scale));
        } else {
            storeReg(t, addr, rt, scale);
        }
        if (index != Index.OFFSET) {
            t.writeXsp(t.f('n'), moved);
        }
        return true;
    }

    /** C7.2 LDR/STR (immediate, SIMD&FP), unsigned offset: {@code Xn|SP + imm12 << scale}. */
    public static boolean LDST_imm(A64Translator t) {
        int scale = regScale(t);
        return single(t, scale, scale < 0 ? 0 : (long) t.f('i') << scale, Index.OFFSET);
    }

    /** C7.2 LDUR/STUR (SIMD&FP): {@code Xn|SP + simm9}. */
    public static boolean LDST_unscaled(A64Translator t) {
        return single(t, regScale(t), t.sf('i'), Index.OFFSET);
    }

    /** C7.2 LDR/STR (immediate, SIMD&FP), post-index. */
    public static boolean LDST_post(A64Translator t) {
        return single(t, regScale(t), t.sf('i'), Index.POST);
    }

    /** C7.2 LDR/STR (immediate, SIMD&FP), pre-index. */
    public static boolean LDST_pre(A64Translator t) {
        return single(t, regScale(t), t.sf('i'), Index.PRE);
    }

    /** C7.2 LDR/STR (register, SIMD&FP): {@code Xn|SP + ExtendReg(Rm, option, S ? scale : 0)}. */
    public static boolean LDST_reg(A64Translator t) {
        int scale = regScale(t);
        int option = t.f('o');
        if (scale < 0 || (option & 2) == 0) {
            return false;
        }
        IrBuilder b = t.b;
        Inst offset = t.extendReg(t.f('m'), Type.I64, option, t.f('s') != 0 ? scale : 0);
        Inst addr = b.add(t.baseAddress(t.f('n')), offset);
        int rt = t.f('t');
        if (isLoad(t)) {
            writeLoaded(t, rt, loadReg(t, addr, scale));
        } else {
            storeReg(t, addr, rt, scale);
        }
        return true;
    }

    /** C7.2 LDR (literal, SIMD&FP): opc 00 S, 01 D, 10 Q from {@code PC + simm19 * 4}. */
    public static boolean LDR_lit(A64Translator t) {
        int opc = t.f('p');
        if (opc == 3) {
            return false;
        }
        Inst addr = t.b.pcConst(t.pc + ((long) t.sf('i') << 2));
        writeLoaded(t, t.f('t'), loadReg(t, addr, opc + 2));
        return true;
    }

    /**
     * C7.2 LDP/STP/LDNP/STNP (SIMD&FP): opc 00 S, 01 D, 10 Q; index field 000 non-temporal offset, 001
     * post-index, 010 signed offset, 011 pre-index; offset {@code simm7 << scale}. LDP with Rt = Rt2 is
     * CONSTRAINED UNPREDICTABLE; the second register's value wins here.
     */
    public static boolean LDSTP(A64Translator t) {
        int opc = t.f('p');
        if (opc == 3) {
            return false;
        }
        int scale = opc + 2;
        Index index = switch (t.f('w')) {
            case 1 -> Index.POST;
            case 3 -> Index.PRE;
            default -> Index.OFFSET;
        };
        boolean load = t.f('l') != 0;
        IrBuilder b = t.b;
        long offset = (long) t.sf('i') << scale;
        Inst base = t.baseAddress(t.f('n'));
        Inst moved = offset == 0 ? base : b.add(base, b.c64(offset));
        Inst addr = index == Index.POST ? base : moved;
        Inst addr2 = b.add(addr, b.c64(1L << scale));
        int rt = t.f('t');
        int rt2 = t.f('u');
        if (load) {
            Inst[] v1 = loadReg(t, addr, scale);
            Inst[] v2 = loadReg(t, addr2, scale);
            writeLoaded(t, rt, v1);
            writeLoaded(t, rt2, v2);
        } else {
            storeReg(t, addr, rt, scale);
            storeReg(t, addr2, rt2, scale);
        }
        if (index != Index.OFFSET) {
            t.writeXsp(t.f('n'), moved);
        }
        return true;
    }

    // ---- Advanced SIMD structures (C4.1.4, C7.2 LD1..ST4) ----------------------------------------------

    /** Number of registers and structure elements of the multiple-structure opcodes, or null if reserved. */
    private static int[] multipleShape(int opcode) {
        return switch (opcode) {
            case 0b0000 -> new int[] {4, 4};   // LD4/ST4
            case 0b0010 -> new int[] {4, 1};   // LD1/ST1, four registers
            case 0b0100 -> new int[] {3, 3};   // LD3/ST3
            case 0b0110 -> new int[] {3, 1};   // LD1/ST1, three registers
            case 0b0111 -> new int[] {1, 1};   // LD1/ST1, one register
            case 0b1000 -> new int[] {2, 2};   // LD2/ST2
            case 0b1010 -> new int[] {2, 1};   // LD1/ST1, two registers
            default -> null;
        };
    }

    /**
     * C7.2 LD1-LD4/ST1-ST4 (multiple structures), offset and post-index: {@code rpt} repetitions of
     * {@code selem}-element structures, elements of {@code 8 << size} bits, {@code Q ? 128 : 64} bits per
     * register, registers Vt, Vt+1, ... modulo 32.
     */
    public static boolean LDST_multiple(A64Translator t) {
        int[] shape = multipleShape(t.f('o'));
        int q = t.f('v');
        int size = t.f('q');
        boolean post = t.f('x') != 0;
        if (shape == null || (size == 3 && q == 0 && shape[1] != 1) || (!post && t.f('m') != 0)) {
            return false;
        }
        boolean load = t.f('l') != 0;
        int regs = shape[0];
        int selem = shape[1];
        int rpt = regs / selem;
        int ebytes = 1 << size;
        int elements = (q != 0 ? 16 : 8) / ebytes;
        int rt = t.f('t');
        IrBuilder b = t.b;
        Inst base = t.baseAddress(t.f('n'));
        long total = (long) regs * (q != 0 ? 16 : 8);
        boolean bigEndian = MemOp.bigEndian(t.memop(1, false));
        if (selem == 1 && !bigEndian) {
            // Whole registers, consecutive in memory: 8-byte accesses.
            Inst[][] vals = new Inst[rpt][];
            for (int r = 0; r < rpt; r++) {
                Inst addr = b.add(base, b.c64((long) r * (q != 0 ? 16 : 8)));
                if (load) {
                    vals[r] = loadReg(t, addr, q != 0 ? 4 : 3);
                } else {
                    storeReg(t, addr, (rt + r) & 31, q != 0 ? 4 : 3);
                }
            }
            if (load) {
                for (int r = 0; r < rpt; r++) {
                    writeLoaded(t, (rt + r) & 31, vals[r]);
                }
            }
        } else if (!bigEndian) {
            // LD2-LD4/ST2-ST4, little-endian: whole 64-bit words, (de)interleaved by helpers
            int half = q != 0 ? 2 : 1;
            int words = regs * half;
            long mo = t.memop(8, false);
            int ctlBase = selem | size << 8;
            if (load) {
                Inst[] w = new Inst[words];
                for (int k = 0; k < words; k++) {
                    w[k] = b.load(Type.I64, b.add(base, b.c64(8L * k)), mo);
                }
                Inst zero = b.c64(0);
                for (int r = 0; r < regs; r++) {
                    Inst[] v = new Inst[2];
                    for (int h = 0; h < half; h++) {
                        int k0 = h * selem;
                        v[h] = b.call(AdvSimd.DEINTERLEAVE, w[k0], w[k0 + 1], selem > 2 ? w[k0 + 2] : zero,
                                selem > 3 ? w[k0 + 3] : zero, b.c32(ctlBase | r << 4));
                    }
                    writeLoaded(t, (rt + r) & 31, v);
                }
            } else {
                for (int k = 0; k < words; k++) {
                    Inst v = b.call(AdvSimd.INTERLEAVE_WORD, b.c32(rt), b.c32(ctlBase), b.c32(k));
                    b.store(b.add(base, b.c64(8L * k)), v, mo);
                }
            }
        } else {
            long mo = t.memop(ebytes, false);
            Type ty = ebytes == 8 ? Type.I64 : Type.I32;
            Inst[][] elems = new Inst[regs][elements];
            long offs = 0;
            for (int r = 0; r < rpt; r++) {
                for (int e = 0; e < elements; e++) {
                    for (int s = 0; s < selem; s++) {
                        int reg = r + s;
                        Inst addr = b.add(base, b.c64(offs));
                        if (load) {
                            Inst v = b.load(ty, addr, mo);
                            elems[reg][e] = ty == Type.I64 ? v : b.zext32(v);
                        } else {
                            Inst v = extractLane(t, (rt + reg) & 31, e, ebytes);
                            b.store(addr, ebytes == 8 ? v : b.trunc(v), mo);
                        }
                        offs += ebytes;
                    }
                }
            }
            if (load) {
                for (int reg = 0; reg < regs; reg++) {
                    Inst[] v = assemble(t, elems[reg], ebytes);
                    writeLoaded(t, (rt + reg) & 31, q != 0 ? v : new Inst[] {v[0], null});
                }
            }
        }
        if (post) {
            writePostIndex(t, base, total);
        }
        return true;
    }

    /** Post-index write-back: Rm = 31 adds the transfer size, otherwise Xm. */
    private static void writePostIndex(A64Translator t, Inst base, long bytes) {
        int m = t.f('m');
        Inst off = m == 31 ? t.b.c64(bytes) : t.readX(m, Type.I64);
        t.writeXsp(t.f('n'), t.b.add(base, off));
    }

    /**
     * C7.2 LD1-LD4/ST1-ST4 (single structure) and LD1R-LD4R, offset and post-index: one element (or, for
     * the replicating loads, one element copied to every lane) of {@code selem} consecutive registers.
     */
    public static boolean LDST_single(A64Translator t) {
        int opcode = t.f('o');
        int s = t.f('e');
        int size = t.f('q');
        int q = t.f('v');
        boolean load = t.f('l') != 0;
        boolean post = t.f('x') != 0;
        if (!post && t.f('m') != 0) {
            return false;
        }
        int selem = (((opcode & 1) << 1) | t.f('r')) + 1;
        int scale = opcode >> 1;
        boolean replicate = false;
        int index = 0;
        switch (scale) {
            case 3 -> {
                if (!load || s != 0) {
                    return false;
                }
                scale = size;
                replicate = true;
            }
            case 0 -> index = (q << 3) | (s << 2) | size;
            case 1 -> {
                if ((size & 1) != 0) {
                    return false;
                }
                index = (q << 2) | (s << 1) | (size >> 1);
            }
            default -> {
                if ((size & 2) != 0) {
                    return false;
                }
                if ((size & 1) == 0) {
                    index = (q << 1) | s;
                } else {
                    if (s != 0) {
                        return false;
                    }
                    index = q;
                    scale = 3;
                }
            }
        }
        int ebytes = 1 << scale;
        long mo = t.memop(ebytes, false);
        Type ty = ebytes == 8 ? Type.I64 : Type.I32;
        int rt = t.f('t');
        IrBuilder b = t.b;
        Inst base = t.baseAddress(t.f('n'));
        Inst[] vals = new Inst[selem];
        for (int e = 0; e < selem; e++) {
            Inst addr = b.add(base, b.c64((long) e * ebytes));
            if (load) {
                Inst v = b.load(ty, addr, mo);
                vals[e] = ty == Type.I64 ? v : b.zext32(v);
            } else {
                Inst v = extractLane(t, (rt + e) & 31, index, ebytes);
                b.store(addr, ebytes == 8 ? v : b.trunc(v), mo);
            }
        }
        if (load) {
            for (int e = 0; e < selem; e++) {
                int reg = (rt + e) & 31;
                if (replicate) {
                    Inst rep = replicate(t, vals[e], ebytes);
                    if (q != 0) {
                        t.writeV(reg, rep, rep);
                    } else {
                        t.writeV64(reg, rep);
                    }
                } else {
                    insertLane(t, reg, index, ebytes, vals[e]);
                }
            }
        }
        if (post) {
            writePostIndex(t, base, (long) selem * ebytes);
        }
        return true;
    }

    // ---- lane helpers ------------------------------------------------------------------------------------

    /** Element {@code index} of {@code ebytes} bytes of register {@code n}, zero-extended to I64. */
    static Inst extractLane(A64Translator t, int n, int index, int ebytes) {
        IrBuilder b = t.b;
        int bit = index * ebytes * 8;
        Inst half = bit < 64 ? t.readVLo(n) : t.readVHi(n);
        int sh = bit & 63;
        Inst v = sh == 0 ? half : b.lshr(half, b.c64(sh));
        return ebytes == 8 ? v : b.and(v, b.c64((1L << (ebytes * 8)) - 1));
    }

    /** Replaces element {@code index} of register {@code n} with the low {@code ebytes} bytes of I64 {@code v}. */
    static void insertLane(A64Translator t, int n, int index, int ebytes, Inst v) {
        IrBuilder b = t.b;
        int bit = index * ebytes * 8;
        boolean high = bit >= 64;
        int sh = bit & 63;
        Inst half = high ? t.readVHi(n) : t.readVLo(n);
        Inst merged;
        if (ebytes == 8) {
            merged = v;
        } else {
            long mask = ((1L << (ebytes * 8)) - 1) << sh;
            Inst ins = b.and(sh == 0 ? v : b.shl(v, b.c64(sh)), b.c64(mask));
            merged = b.or(b.and(half, b.c64(~mask)), ins);
        }
        b.setReg(org.jemu.arm.cpu.Aarch64Cpu.V0 + 2 * n + (high ? 1 : 0), merged);
    }

    /** The low {@code ebytes} bytes of I64 {@code v} copied to every element of a 64-bit value. */
    static Inst replicate(A64Translator t, Inst v, int ebytes) {
        IrBuilder b = t.b;
        if (ebytes == 8) {
            return v;
        }
        long ones = switch (ebytes) {
            case 1 -> 0x0101_0101_0101_0101L;
            case 2 -> 0x0001_0001_0001_0001L;
            default -> 0x0000_0001_0000_0001L;
        };
        Inst masked = b.and(v, b.c64((1L << (ebytes * 8)) - 1));
        return b.binary(org.jemu.translator.ir.Op.MUL, masked, b.c64(ones));
    }

    /** Packs zero-extended I64 elements (lane 0 first) into [lo, hi] halves. */
    static Inst[] assemble(A64Translator t, Inst[] elems, int ebytes) {
        IrBuilder b = t.b;
        Inst[] out = new Inst[2];
        int perHalf = 8 / ebytes;
        for (int h = 0; h < 2; h++) {
            Inst acc = null;
            for (int i = 0; i < perHalf; i++) {
                int e = h * perHalf + i;
                if (e >= elems.length) {
                    break;
                }
                int sh = i * ebytes * 8;
                Inst part = sh == 0 ? elems[e] : b.shl(elems[e], b.c64(sh));
                acc = acc == null ? part : b.or(acc, part);
            }
            out[h] = acc == null ? b.c64(0) : acc;
        }
        return out;
    }
}
