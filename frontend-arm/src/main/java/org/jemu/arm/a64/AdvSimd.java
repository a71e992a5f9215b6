package org.jemu.arm.a64;

import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;

/**
 * Handlers for the integer Advanced SIMD groups of Arm ARM C4.1.6 "Data Processing -- Scalar
 * Floating-Point and Advanced SIMD", vector and scalar forms: three same, three different, two-register
 * miscellaneous, across lanes, pairwise, copy, modified immediate, shift by immediate, vector x indexed
 * element, table lookup, permute and extract (instruction pages in C7.2). The floating-point operations of
 * the same groups are in {@link AdvSimdFp}.
 *
 * <p>Each group is one table entry; its opcode field selects the instruction, with the mnemonics listed
 * next to the opcodes below. A vector register is a pair of I64 values (bits [63:0] and [127:64]); an
 * instruction with {@code Q = 0} operates on the low half and clears the high half. Element operations
 * are {@link VecOps} helpers on 64-bit halves; moves, logic and lane inserts are inline IR.
 */
public final class AdvSimd {
    private AdvSimd() {
    }

    static final Helper BIN = Helper.of(VecOps.class, "bin", 0);
    static final Helper BIN_SAT = Helper.of(VecOps.class, "binSat", Helper.SIDE_EFFECT);
    static final Helper UN = Helper.of(VecOps.class, "un", 0);
    static final Helper UN_SAT = Helper.of(VecOps.class, "unSat", Helper.SIDE_EFFECT);
    static final Helper REV = Helper.of(VecOps.class, "rev", 0);
    static final Helper PAIR = Helper.of(VecOps.class, "pair", 0);
    static final Helper REDUCE = Helper.of(VecOps.class, "reduce", 0);
    static final Helper ADDLP = Helper.of(VecOps.class, "addlp", 0);
    static final Helper SHIFT_IMM = Helper.of(VecOps.class, "shiftImm", 0);
    static final Helper SHIFT_INSERT = Helper.of(VecOps.class, "shiftInsert", 0);
    static final Helper WIDEN = Helper.of(VecOps.class, "widen", 0);
    static final Helper NARROW = Helper.of(VecOps.class, "narrow", Helper.SIDE_EFFECT);
    static final Helper SHIFT_NARROW = Helper.of(VecOps.class, "shiftNarrow", Helper.SIDE_EFFECT);
    static final Helper MULL = Helper.of(VecOps.class, "mull", Helper.SIDE_EFFECT);
    static final Helper CLMUL64 = Helper.of(VecOps.class, "clmul64", 0);
    static final Helper PERM = Helper.of(VecOps.class, "perm", 0);
    static final Helper TBL = Helper.of(VecOps.class, "tbl", Helper.READS_STATE);
    static final Helper DEINTERLEAVE = Helper.of(VecOps.class, "deinterleave", 0);
    static final Helper INTERLEAVE_WORD = Helper.of(VecOps.class, "interleaveWord", Helper.READS_STATE);

    /** A 128-bit value as two I64 halves (hi is the constant 0 for 64-bit results). */
    record V(Inst lo, Inst hi) {
    }

    static V read(A64Translator t, int n) {
        return new V(t.readVLo(n), t.readVHi(n));
    }

    /** Writes a result: both halves when {@code q} is 1, else the low half with the high half cleared. */
    static void write(A64Translator t, int d, int q, Inst lo, Inst hi) {
        if (q != 0) {
            t.writeV(d, lo, hi);
        } else {
            t.writeV64(d, lo);
        }
    }

    private static Inst c32(A64Translator t, int v) {
        return t.b.c32(v);
    }

    private static Inst bin(A64Translator t, int op, int size, Inst x, Inst y) {
        return t.b.call(BIN, x, y, c32(t, VecOps.ctl(op, size)));
    }

    /** Mask of the low element of {@code 8 << size} bits. */
    private static long elemMask(int size) {
        return size == 3 ? -1L : (1L << (8 << size)) - 1;
    }

    // ---- three same ------------------------------------------------------------------------------------

    private static final int LOGIC = -2;
    private static final int NONE = -1;
    private static final int ACC_ABD = -3;
    private static final int MLA = -4;

    /** Integer three-same opcodes 00000..10111 for U = 0: the VecOps op, with saturating ops offset by 100. */
    private static final int[] SAME_U0 = {
        VecOps.SHADD, 100 + VecOps.SQADD, VecOps.SRHADD, LOGIC, VecOps.SHSUB, 100 + VecOps.SQSUB, VecOps.CMGT,
        VecOps.CMGE, VecOps.SSHL, 100 + VecOps.SQSHL, VecOps.SRSHL, 100 + VecOps.SQRSHL, VecOps.SMAX, VecOps.SMIN,
        VecOps.SABD, ACC_ABD, VecOps.ADD, VecOps.CMTST, MLA, VecOps.MUL, 200 + VecOps.SMAX, 200 + VecOps.SMIN,
        100 + VecOps.SQDMULH, 200 + VecOps.ADD,
    };
    /** As {@link #SAME_U0} for U = 1. */
    private static final int[] SAME_U1 = {
        VecOps.UHADD, 100 + VecOps.UQADD, VecOps.URHADD, LOGIC, VecOps.UHSUB, 100 + VecOps.UQSUB, VecOps.CMHI,
        VecOps.CMHS, VecOps.USHL, 100 + VecOps.UQSHL, VecOps.URSHL, 100 + VecOps.UQRSHL, VecOps.UMAX, VecOps.UMIN,
        VecOps.UABD, ACC_ABD, VecOps.SUB, VecOps.CMEQ, MLA, VecOps.PMUL, 200 + VecOps.UMAX, 200 + VecOps.UMIN,
        100 + VecOps.SQRDMULH, NONE,
    };

    /**
     * Advanced SIMD three same, integer (opcode 00000..10111): SHADD/UHADD, SQADD/UQADD, SRHADD/URHADD,
     * AND/BIC/ORR/ORN/EOR/BSL/BIT/BIF, SHSUB/UHSUB, SQSUB/UQSUB, CMGT/CMHI, CMGE/CMHS, SSHL/USHL,
     * SQSHL/UQSHL, SRSHL/URSHL, SQRSHL/UQRSHL, SMAX/UMAX, SMIN/UMIN, SABD/UABD, SABA/UABA, ADD/SUB,
     * CMTST/CMEQ, MLA/MLS, MUL/PMUL, SMAXP/UMAXP, SMINP/UMINP, SQDMULH/SQRDMULH, ADDP.
     */
    public static boolean threeSame(A64Translator t) {
        int opcode = t.bits(15, 11);
        int u = t.f('u');
        int size = t.f('q');
        int q = t.f('v');
        if (opcode >= 0b11000) {
            return AdvSimdFp.threeSame(t, false);
        }
        int op = (u == 0 ? SAME_U0 : SAME_U1)[opcode];
        if (op == LOGIC) {
            return logic(t, u, size, q);
        }
        if (op == NONE || (size == 3 && q == 0)) {
            return false;
        }
        // 64-bit elements exist only for the saturating, compare, shift and add/sub/ADDP opcodes
        boolean allows64 = switch (opcode) {
            case 0b00001, 0b00101, 0b00110, 0b00111, 0b01000, 0b01001, 0b01010, 0b01011, 0b10000, 0b10001,
                 0b10111 -> true;
            default -> false;
        };
        if (size == 3 && !allows64) {
            return false;
        }
        if (opcode == 0b10110 && (size == 0 || size == 3)) {
            return false;
        }
        if (opcode == 0b10011 && u == 1 && size != 0) {
            return false;
        }
        IrBuilder b = t.b;
        int d = t.f('d');
        V n = read(t, t.f('n'));
        V m = read(t, t.f('m'));
        Inst lo;
        Inst hi = null;
        if (op == ACC_ABD || op == MLA) {
            V acc = read(t, d);
            int inner = op == ACC_ABD ? (u == 0 ? VecOps.SABD : VecOps.UABD) : VecOps.MUL;
            int outer = op == MLA && u == 1 ? VecOps.SUB : VecOps.ADD;
            lo = bin(t, outer, size, acc.lo, bin(t, inner, size, n.lo, m.lo));
            if (q != 0) {
                hi = bin(t, outer, size, acc.hi, bin(t, inner, size, n.hi, m.hi));
            }
        } else if (op >= 200) {
            int ctl = VecOps.ctl(op - 200, size);
            if (q != 0) {
                lo = b.call(PAIR, n.lo, n.hi, c32(t, ctl));
                hi = b.call(PAIR, m.lo, m.hi, c32(t, ctl));
            } else {
                lo = b.call(PAIR, n.lo, m.lo, c32(t, ctl));
            }
        } else {
            Helper h = op >= 100 ? BIN_SAT : BIN;
            int ctl = VecOps.ctl(op % 100, size);
            lo = b.call(h, n.lo, m.lo, c32(t, ctl));
            if (q != 0) {
                hi = b.call(h, n.hi, m.hi, c32(t, ctl));
            }
        }
        write(t, d, q, lo, hi);
        return true;
    }

    /** AND, BIC, ORR, ORN (U = 0) and EOR, BSL, BIT, BIF (U = 1), selected by the size field (C7.2). */
    private static boolean logic(A64Translator t, int u, int opc, int q) {
        IrBuilder b = t.b;
        int d = t.f('d');
        V n = read(t, t.f('n'));
        V m = read(t, t.f('m'));
        V dv = u == 1 && opc != 0 ? read(t, d) : null;
        Inst lo = logicHalf(b, u, opc, n.lo, m.lo, dv == null ? null : dv.lo);
        Inst hi = q != 0 ? logicHalf(b, u, opc, n.hi, m.hi, dv == null ? null : dv.hi) : null;
        write(t, d, q, lo, hi);
        return true;
    }

    private static Inst logicHalf(IrBuilder b, int u, int opc, Inst n, Inst m, Inst d) {
        if (u == 0) {
            return switch (opc) {
                case 0 -> b.and(n, m);
                case 1 -> b.and(n, b.not(m));
                case 2 -> b.or(n, m);
                default -> b.or(n, b.not(m));
            };
        }
        return switch (opc) {
            case 0 -> b.xor(n, m);
            case 1 -> b.xor(m, b.and(b.xor(m, n), d));           // BSL: d ? n : m
            case 2 -> b.xor(d, b.and(b.xor(d, n), m));           // BIT: m ? n : d
            default -> b.xor(d, b.and(b.xor(d, n), b.not(m)));   // BIF: m ? d : n
        };
    }

    /**
     * Advanced SIMD scalar three same, integer: SQADD/UQADD, SQSUB/UQSUB, CMGT/CMHI, CMGE/CMHS, SSHL/USHL,
     * SQSHL/UQSHL, SRSHL/URSHL, SQRSHL/UQRSHL, ADD/SUB, CMTST/CMEQ, SQDMULH/SQRDMULH, on the low element.
     */
    public static boolean scalarThreeSame(A64Translator t) {
        int opcode = t.bits(15, 11);
        int u = t.f('u');
        int size = t.f('q');
        if (opcode >= 0b11000) {
            return AdvSimdFp.threeSame(t, true);
        }
        boolean ok = switch (opcode) {
            case 0b00001, 0b00101, 0b01001, 0b01011 -> true;
            case 0b00110, 0b00111, 0b01000, 0b01010, 0b10000, 0b10001 -> size == 3;
            case 0b10110 -> size == 1 || size == 2;
            default -> false;
        };
        if (!ok) {
            return false;
        }
        int op = (u == 0 ? SAME_U0 : SAME_U1)[opcode];
        IrBuilder b = t.b;
        Inst mask = b.c64(elemMask(size));
        Inst n = b.and(t.readVLo(t.f('n')), mask);
        Inst m = b.and(t.readVLo(t.f('m')), mask);
        Helper h = op >= 100 ? BIN_SAT : BIN;
        Inst r = b.and(b.call(h, n, m, c32(t, VecOps.ctl(op % 100, size))), mask);
        t.writeV64(t.f('d'), r);
        return true;
    }

    // ---- two-register miscellaneous ---------------------------------------------------------------------

    /**
     * Advanced SIMD two-register miscellaneous, integer: REV64, REV32, REV16, SADDLP/UADDLP, SUQADD/USQADD,
     * CLS/CLZ, CNT, NOT, RBIT, SADALP/UADALP, SQABS/SQNEG, CMGT/CMGE/CMEQ/CMLE/CMLT (zero), ABS/NEG,
     * XTN/SQXTUN, SHLL, SQXTN/UQXTN. Floating-point opcodes go to {@link AdvSimdFp#twoRegMisc}.
     */
    public static boolean twoRegMisc(A64Translator t) {
        int opcode = t.bits(16, 12);
        int u = t.f('u');
        int size = t.f('q');
        int q = t.f('v');
        if (AdvSimdFp.isFpTwoRegMisc(opcode, size, u)) {
            return AdvSimdFp.twoRegMisc(t, false);
        }
        IrBuilder b = t.b;
        int d = t.f('d');
        V n = read(t, t.f('n'));
        switch (opcode) {
            case 0b00000, 0b00001 -> {
                int container = opcode == 1 ? 1 : (u == 0 ? 3 : 2);
                if (size >= container || (opcode == 1 && u == 1)) {
                    return false;
                }
                return unaryHalves(t, q, n, x -> b.call(REV, x, c32(t, size), c32(t, container)));
            }
            case 0b00010, 0b00110 -> {
                if (size == 3) {
                    return false;
                }
                java.util.function.Function<Inst, Inst> f = x -> b.call(ADDLP, x, c32(t, size), c32(t, u ^ 1));
                if (opcode == 0b00010) {
                    return unaryHalves(t, q, n, f);
                }
                V acc = read(t, d);
                Inst lo = bin(t, VecOps.ADD, size + 1, acc.lo, f.apply(n.lo));
                Inst hi = q != 0 ? bin(t, VecOps.ADD, size + 1, acc.hi, f.apply(n.hi)) : null;
                write(t, d, q, lo, hi);
                return true;
            }
            case 0b00011 -> {
                if (size == 3 && q == 0) {
                    return false;
                }
                V acc = read(t, d);
                int ctl = VecOps.ctl(u == 0 ? VecOps.SUQADD : VecOps.USQADD, size);
                Inst lo = b.call(BIN_SAT, acc.lo, n.lo, c32(t, ctl));
                Inst hi = q != 0 ? b.call(BIN_SAT, acc.hi, n.hi, c32(t, ctl)) : null;
                write(t, d, q, lo, hi);
                return true;
            }
            case 0b00100 -> {
                return size != 3 && unaryOp(t, q, n, UN, u == 0 ? VecOps.CLS : VecOps.CLZ, size);
            }
            case 0b00101 -> {
                if (u == 0) {
                    return size == 0 && unaryOp(t, q, n, UN, VecOps.CNT, 0);
                }
                if (size == 0) {
                    return unaryHalves(t, q, n, b::not);
                }
                return size == 1 && unaryOp(t, q, n, UN, VecOps.RBIT, 0);
            }
            case 0b00111 -> {
                return !(size == 3 && q == 0) && unaryOp(t, q, n, UN_SAT, u == 0 ? VecOps.SQABS : VecOps.SQNEG, size);
            }
            case 0b01000, 0b01001, 0b01010, 0b01011 -> {
                if (size == 3 && q == 0 || (opcode == 0b01010 && u == 1)) {
                    return false;
                }
                int op = switch (opcode) {
                    case 0b01000 -> u == 0 ? VecOps.CMGT0 : VecOps.CMGE0;
                    case 0b01001 -> u == 0 ? VecOps.CMEQ0 : VecOps.CMLE0;
                    case 0b01010 -> VecOps.CMLT0;
                    default -> u == 0 ? VecOps.ABS : VecOps.NEG;
                };
                return unaryOp(t, q, n, UN, op, size);
            }
            case 0b10010, 0b10100 -> {
                if (size == 3) {
                    return false;
                }
                int op = opcode == 0b10010 ? (u == 0 ? VecOps.XTN : VecOps.SQXTUN) : (u == 0 ? VecOps.SQXTN : VecOps.UQXTN);
                return narrowInto(t, q, d, n, op, size);
            }
            case 0b10011 -> {
                if (u == 0 || size == 3) {
                    return false;
                }
                Inst src = q != 0 ? n.hi : n.lo;
                Inst lo = b.call(WIDEN, src, c32(t, size), c32(t, 0));
                Inst hi = b.call(WIDEN, b.lshr(src, b.c64(32)), c32(t, size), c32(t, 0));
                Inst sh = c32(t, VecOps.ctl(VecOps.SHL, size + 1));
                t.writeV(d, b.call(SHIFT_IMM, lo, sh, c32(t, 8 << size)), b.call(SHIFT_IMM, hi, sh, c32(t, 8 << size)));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean unaryHalves(A64Translator t, int q, V n, java.util.function.Function<Inst, Inst> f) {
        Inst lo = f.apply(n.lo);
        Inst hi = q != 0 ? f.apply(n.hi) : null;
        write(t, t.f('d'), q, lo, hi);
        return true;
    }

    private static boolean unaryOp(A64Translator t, int q, V n, Helper h, int op, int size) {
        Inst ctl = c32(t, VecOps.ctl(op, size));
        return unaryHalves(t, q, n, x -> t.b.call(h, x, ctl));
    }

    /**
     * Writes narrowed elements: {@code Q = 0} writes the low half of Vd and clears the rest; {@code Q = 1}
     * (the "2" forms) writes the high half and keeps the low half.
     */
    private static boolean narrowInto(A64Translator t, int q, int d, V n, int op, int size) {
        IrBuilder b = t.b;
        Inst ctl = c32(t, VecOps.ctl(op, size));
        Inst lo = b.call(NARROW, n.lo, ctl);
        Inst hi = b.call(NARROW, n.hi, ctl);
        Inst packed = b.or(lo, b.shl(hi, b.c64(32)));
        if (q != 0) {
            t.writeV(d, t.readVLo(d), packed);
        } else {
            t.writeV64(d, packed);
        }
        return true;
    }

    /**
     * Advanced SIMD scalar two-register miscellaneous, integer: SUQADD/USQADD, SQABS/SQNEG, CMGT/CMGE/CMEQ/
     * CMLE/CMLT (zero) and ABS/NEG on D registers, SQXTN/UQXTN/SQXTUN.
     */
    public static boolean scalarTwoRegMisc(A64Translator t) {
        int opcode = t.bits(16, 12);
        int u = t.f('u');
        int size = t.f('q');
        if (AdvSimdFp.isFpTwoRegMisc(opcode, size, u) || (opcode == 0b10110 && u == 1)) {
            return AdvSimdFp.twoRegMisc(t, true);
        }
        IrBuilder b = t.b;
        int d = t.f('d');
        Inst mask = b.c64(elemMask(size));
        Inst n = b.and(t.readVLo(t.f('n')), mask);
        Inst r;
        switch (opcode) {
            case 0b00011 -> {
                Inst acc = b.and(t.readVLo(d), mask);
                r = b.call(BIN_SAT, acc, n, c32(t, VecOps.ctl(u == 0 ? VecOps.SUQADD : VecOps.USQADD, size)));
            }
            case 0b00111 -> r = b.call(UN_SAT, n, c32(t, VecOps.ctl(u == 0 ? VecOps.SQABS : VecOps.SQNEG, size)));
            case 0b01000, 0b01001, 0b01010, 0b01011 -> {
                if (size != 3 || (opcode == 0b01010 && u == 1)) {
                    return false;
                }
                int op = switch (opcode) {
                    case 0b01000 -> u == 0 ? VecOps.CMGT0 : VecOps.CMGE0;
                    case 0b01001 -> u == 0 ? VecOps.CMEQ0 : VecOps.CMLE0;
                    case 0b01010 -> VecOps.CMLT0;
                    default -> u == 0 ? VecOps.ABS : VecOps.NEG;
                };
                r = b.call(UN, n, c32(t, VecOps.ctl(op, 3)));
            }
            case 0b10010, 0b10100 -> {
                if (size == 3 || (opcode == 0b10010 && u == 0)) {
                    return false;
                }
                int op = opcode == 0b10010 ? VecOps.SQXTUN : (u == 0 ? VecOps.SQXTN : VecOps.UQXTN);
                Inst wide = t.readVLo(t.f('n'));
                if (size < 2) {
                    wide = b.and(wide, b.c64(elemMask(size + 1)));
                }
                r = b.call(NARROW, wide, c32(t, VecOps.ctl(op, size)));
                t.writeV64(d, b.and(r, mask));
                return true;
            }
            default -> {
                return false;
            }
        }
        t.writeV64(d, b.and(r, mask));
        return true;
    }

    // ---- across lanes and scalar pairwise ----------------------------------------------------------------

    /** Advanced SIMD across lanes, integer: SADDLV/UADDLV, SMAXV/UMAXV, SMINV/UMINV, ADDV. */
    public static boolean acrossLanes(A64Translator t) {
        int opcode = t.bits(16, 12);
        int u = t.f('u');
        int size = t.f('q');
        int q = t.f('v');
        if (opcode == 0b01100 || opcode == 0b01111) {
            return AdvSimdFp.acrossLanes(t);
        }
        int op = switch (opcode) {
            case 0b00011 -> u == 0 ? 100 : 101;
            case 0b01010 -> u == 0 ? VecOps.SMAX : VecOps.UMAX;
            case 0b11010 -> u == 0 ? VecOps.SMIN : VecOps.UMIN;
            case 0b11011 -> u == 0 ? VecOps.ADD : -1;
            default -> -1;
        };
        if (op < 0 || size == 3 || (size == 2 && q == 0)) {
            return false;
        }
        V n = read(t, t.f('n'));
        Inst r = t.b.call(REDUCE, n.lo, n.hi, c32(t, VecOps.ctl(op, size)), c32(t, q));
        t.writeV64(t.f('d'), r);
        return true;
    }

    /** Advanced SIMD scalar pairwise: ADDP (scalar, D); the floating-point forms are in {@link AdvSimdFp}. */
    public static boolean scalarPairwise(A64Translator t) {
        int opcode = t.bits(16, 12);
        if (t.f('u') == 1) {
            return AdvSimdFp.scalarPairwise(t);
        }
        if (opcode != 0b11011 || t.f('q') != 3) {
            return false;
        }
        V n = read(t, t.f('n'));
        t.writeV64(t.f('d'), t.b.add(n.lo, n.hi));
        return true;
    }

    // ---- copy ---------------------------------------------------------------------------------------------

    /** The element size (log2 bytes) encoded by the lowest set bit of imm5, or -1 if imm5<3:0> is 0000 (or 4 for 128-bit). */
    private static int imm5Size(int imm5) {
        return imm5 == 0 ? -1 : Integer.numberOfTrailingZeros(imm5);
    }

    /**
     * Advanced SIMD copy (C7.2 DUP (element), DUP (general), INS (general), SMOV, UMOV, INS (element)):
     * op = 0 with imm4 0000/0001/0011/0101/0111, op = 1 with Q = 1 for INS (element).
     */
    public static boolean copy(A64Translator t) {
        int imm5 = t.f('i');
        int imm4 = t.f('j');
        int op = t.f('o');
        int q = t.f('v');
        int size = imm5Size(imm5 & 15);
        if (size < 0) {
            return false;
        }
        int index = imm5 >>> (size + 1);
        int ebytes = 1 << size;
        int d = t.f('d');
        int n = t.f('n');
        IrBuilder b = t.b;
        if (op == 1) {
            if (q == 0) {
                return false;
            }
            int srcIndex = imm4 >>> size;
            Inst v = SimdLoadsStores.extractLane(t, n, srcIndex, ebytes);
            SimdLoadsStores.insertLane(t, d, index, ebytes, v);
            return true;
        }
        switch (imm4) {
            case 0b0000 -> {   // DUP (element)
                if (size == 3 && q == 0) {
                    return false;
                }
                Inst rep = SimdLoadsStores.replicate(t, SimdLoadsStores.extractLane(t, n, index, ebytes), ebytes);
                write(t, d, q, rep, rep);
                return true;
            }
            case 0b0001 -> {   // DUP (general)
                if (size == 3 && q == 0) {
                    return false;
                }
                Inst rep = SimdLoadsStores.replicate(t, t.readX(n, Type.I64), ebytes);
                write(t, d, q, rep, rep);
                return true;
            }
            case 0b0011 -> {   // INS (general)
                if (q == 0) {
                    return false;
                }
                SimdLoadsStores.insertLane(t, d, index, ebytes, t.readX(n, Type.I64));
                return true;
            }
            case 0b0101 -> {   // SMOV
                if (size > (q != 0 ? 2 : 1)) {
                    return false;
                }
                Inst v = SimdLoadsStores.extractLane(t, n, index, ebytes);
                Inst s = switch (size) {
                    case 0 -> b.unary(Op.SEXT8, v);
                    case 1 -> b.unary(Op.SEXT16, v);
                    default -> b.sext32(b.trunc(v));
                };
                t.writeX(d, q != 0 ? s : b.trunc(s));
                return true;
            }
            case 0b0111 -> {   // UMOV
                if (q != 0 ? size != 3 : size == 3) {
                    return false;
                }
                Inst v = SimdLoadsStores.extractLane(t, n, index, ebytes);
                t.writeX(d, q != 0 ? v : b.trunc(v));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Advanced SIMD scalar copy: DUP (element) to a scalar (the MOV scalar alias). */
    public static boolean scalarCopy(A64Translator t) {
        int imm5 = t.f('i');
        int size = imm5Size(imm5 & 15);
        if (size < 0) {
            return false;
        }
        Inst v = SimdLoadsStores.extractLane(t, t.f('n'), imm5 >>> (size + 1), 1 << size);
        t.writeV64(t.f('d'), v);
        return true;
    }

    // ---- modified immediate ----------------------------------------------------------------------------------

    /**
     * AdvSIMDExpandImm (C7.2 / J1 shared pseudocode): the 64-bit pattern for {@code op}, {@code cmode} and
     * the 8-bit immediate.
     */
    static long expandImm(int op, int cmode, int imm8) {
        long imm = imm8 & 0xffL;
        return switch (cmode >> 1) {
            case 0 -> rep32(imm);
            case 1 -> rep32(imm << 8);
            case 2 -> rep32(imm << 16);
            case 3 -> rep32(imm << 24);
            case 4 -> rep16(imm);
            case 5 -> rep16(imm << 8);
            case 6 -> (cmode & 1) == 0 ? rep32((imm << 8) | 0xff) : rep32((imm << 16) | 0xffff);
            default -> {
                if ((cmode & 1) == 0 && op == 0) {
                    yield imm * 0x0101_0101_0101_0101L;
                }
                if ((cmode & 1) == 0) {
                    long r = 0;
                    for (int i = 0; i < 8; i++) {
                        if (((imm >> i) & 1) != 0) {
                            r |= 0xffL << (8 * i);
                        }
                    }
                    yield r;
                }
                if (op == 0) {   // FMOV (vector, immediate), single precision
                    long a = (imm >> 7) & 1;
                    long b = (imm >> 6) & 1;
                    long s = (a << 31) | ((b ^ 1) << 30) | ((b != 0 ? 0x1fL : 0) << 25) | ((imm & 0x3f) << 19);
                    yield rep32(s);
                }
                long a = (imm >> 7) & 1;   // FMOV (vector, immediate), double precision
                long b = (imm >> 6) & 1;
                yield (a << 63) | ((b ^ 1) << 62) | ((b != 0 ? 0xffL : 0) << 54) | ((imm & 0x3f) << 48);
            }
        };
    }

    private static long rep32(long v) {
        v &= 0xffff_ffffL;
        return v | (v << 32);
    }

    private static long rep16(long v) {
        v &= 0xffff;
        return v * 0x0001_0001_0001_0001L;
    }

    /**
     * Advanced SIMD modified immediate (C7.2 MOVI, MVNI, ORR (vector, immediate), BIC (vector, immediate),
     * FMOV (vector, immediate)).
     */
    public static boolean modifiedImm(A64Translator t) {
        int q = t.f('v');
        int op = t.f('o');
        int cmode = t.f('c');
        int o2 = t.f('p');
        int imm8 = (t.f('a') << 5) | t.f('i');
        if (o2 != 0) {
            return false;
        }
        if (cmode == 0b1111 && op == 1 && q == 0) {
            return false;
        }
        long imm = expandImm(op, cmode, imm8);
        IrBuilder b = t.b;
        int d = t.f('d');
        boolean orrBic = cmode < 0b1100 && (cmode & 1) == 1;
        if (orrBic) {
            // ORR (op 0) or BIC (op 1) of the shifted immediate into Vd
            V dv = read(t, d);
            Inst lo = op == 0 ? b.or(dv.lo, b.c64(imm)) : b.and(dv.lo, b.c64(~imm));
            Inst hi = q != 0 ? (op == 0 ? b.or(dv.hi, b.c64(imm)) : b.and(dv.hi, b.c64(~imm))) : null;
            write(t, d, q, lo, hi);
            return true;
        }
        boolean mvn = op == 1 && cmode < 0b1110;
        long v = mvn ? ~imm : imm;
        write(t, d, q, b.c64(v), b.c64(v));
        return true;
    }

    // ---- shift by immediate -----------------------------------------------------------------------------------

    /**
     * Advanced SIMD shift by immediate, integer (C7.2 SSHR/USHR, SSRA/USRA, SRSHR/URSHR, SRSRA/URSRA, SRI,
     * SHL, SLI, SQSHLU, SQSHL/UQSHL (immediate), SHRN/RSHRN, SQSHRUN/SQRSHRUN, SQSHRN/SQRSHRN,
     * UQSHRN/UQRSHRN, SSHLL/USHLL). The fixed-point conversions go to {@link AdvSimdFp}.
     */
    public static boolean shiftImm(A64Translator t) {
        return shift(t, false);
    }

    /** Advanced SIMD scalar shift by immediate (the D-register forms and the scalar narrowing shifts). */
    public static boolean scalarShiftImm(A64Translator t) {
        return shift(t, true);
    }

    private static boolean shift(A64Translator t, boolean scalar) {
        int immh = t.f('h');
        int immb = t.f('b');
        int opcode = t.f('o');
        int u = t.f('u');
        int q = scalar ? 0 : t.f('v');
        if (immh == 0) {
            return false;
        }
        if (opcode == 0b11100 || opcode == 0b11111) {
            return AdvSimdFp.shiftImmConvert(t, scalar);
        }
        int size = 31 - Integer.numberOfLeadingZeros(immh);   // log2 element bytes
        int esize = 8 << size;
        int immhb = (immh << 3) | immb;
        int rshift = 2 * esize - immhb;
        int lshift = immhb - esize;
        IrBuilder b = t.b;
        int d = t.f('d');
        V n = read(t, t.f('n'));
        boolean narrowOp = opcode >= 0b10000 && opcode <= 0b10011;
        boolean longOp = opcode == 0b10100;
        if (!narrowOp && !longOp) {
            if (scalar ? size != 3 && !(opcode == 0b01100 || opcode == 0b01110) : (size == 3 && q == 0)) {
                return false;
            }
            Inst nlo = n.lo;
            Inst nhi = n.hi;
            if (scalar && size != 3) {
                nlo = b.and(nlo, b.c64(elemMask(size)));
            }
            Inst lo;
            Inst hi = null;
            switch (opcode) {
                case 0b00000, 0b00010, 0b00100, 0b00110 -> {
                    boolean round = opcode == 0b00100 || opcode == 0b00110;
                    boolean acc = opcode == 0b00010 || opcode == 0b00110;
                    int op = round ? (u == 0 ? VecOps.SRSHR : VecOps.URSHR) : (u == 0 ? VecOps.SSHR : VecOps.USHR);
                    Inst ctl = c32(t, VecOps.ctl(op, size));
                    lo = b.call(SHIFT_IMM, nlo, ctl, c32(t, rshift));
                    if (q != 0) {
                        hi = b.call(SHIFT_IMM, nhi, ctl, c32(t, rshift));
                    }
                    if (acc) {
                        V dv = read(t, d);
                        lo = bin(t, VecOps.ADD, size, dv.lo, lo);
                        if (q != 0) {
                            hi = bin(t, VecOps.ADD, size, dv.hi, hi);
                        }
                    }
                }
                case 0b01000, 0b01010 -> {
                    if (opcode == 0b01000 && u == 0) {
                        return false;
                    }
                    if (u == 0) {   // SHL
                        Inst ctl = c32(t, VecOps.ctl(VecOps.SHL, size));
                        lo = b.call(SHIFT_IMM, nlo, ctl, c32(t, lshift));
                        if (q != 0) {
                            hi = b.call(SHIFT_IMM, nhi, ctl, c32(t, lshift));
                        }
                    } else {        // SRI (01000) or SLI (01010)
                        boolean left = opcode == 0b01010;
                        Inst ctl = c32(t, VecOps.ctl(left ? 1 : 0, size));
                        Inst amt = c32(t, left ? lshift : rshift);
                        V dv = read(t, d);
                        lo = b.call(SHIFT_INSERT, dv.lo, nlo, ctl, amt);
                        if (q != 0) {
                            hi = b.call(SHIFT_INSERT, dv.hi, nhi, ctl, amt);
                        }
                    }
                }
                case 0b01100, 0b01110 -> {
                    if (opcode == 0b01100 && u == 0) {
                        return false;
                    }
                    int op = opcode == 0b01100 ? VecOps.SQSHLU : (u == 0 ? VecOps.SQSHL : VecOps.UQSHL);
                    Inst ctl = c32(t, VecOps.ctl(op, size));
                    Inst amt = b.c64(repShift(lshift, size));
                    lo = b.call(BIN_SAT, nlo, amt, ctl);
                    if (q != 0) {
                        hi = b.call(BIN_SAT, nhi, amt, ctl);
                    }
                }
                default -> {
                    return false;
                }
            }
            if (scalar) {
                lo = b.and(lo, b.c64(elemMask(size)));
            }
            write(t, d, q, lo, hi);
            return true;
        }
        if (size == 3) {
            return false;
        }
        if (longOp) {   // SSHLL/USHLL (SXTL/UXTL when the shift is 0)
            if (scalar) {
                return false;
            }
            Inst src = q != 0 ? n.hi : n.lo;
            Inst lo = b.call(WIDEN, src, c32(t, size), c32(t, u ^ 1));
            Inst hi = b.call(WIDEN, b.lshr(src, b.c64(32)), c32(t, size), c32(t, u ^ 1));
            if (lshift != 0) {
                Inst ctl = c32(t, VecOps.ctl(VecOps.SHL, size + 1));
                lo = b.call(SHIFT_IMM, lo, ctl, c32(t, lshift));
                hi = b.call(SHIFT_IMM, hi, ctl, c32(t, lshift));
            }
            t.writeV(d, lo, hi);
            return true;
        }
        // narrowing shifts: the source elements are 2 * esize; rshift = esize*2 - immh:immb counts from esize
        int nshift = 2 * esize - immhb;
        boolean round = (opcode & 1) != 0;
        int op;
        switch (opcode) {
            case 0b10000, 0b10001 -> op = u == 0 ? VecOps.XTN : VecOps.SQXTUN;
            default -> op = u == 0 ? VecOps.SQXTN : VecOps.UQXTN;
        }
        if (scalar && op == VecOps.XTN) {
            return false;
        }
        Inst ctl = c32(t, (round ? 0x100 : 0) | VecOps.ctl(op, size));
        Inst amt = c32(t, nshift);
        if (scalar) {
            Inst r = b.call(SHIFT_NARROW, b.and(n.lo, b.c64(elemMask(size + 1))), ctl, amt);
            t.writeV64(d, b.and(r, b.c64(elemMask(size))));
            return true;
        }
        Inst lo = b.call(SHIFT_NARROW, n.lo, ctl, amt);
        Inst hi = b.call(SHIFT_NARROW, n.hi, ctl, amt);
        Inst packed = b.or(lo, b.shl(hi, b.c64(32)));
        if (q != 0) {
            t.writeV(d, t.readVLo(d), packed);
        } else {
            t.writeV64(d, packed);
        }
        return true;
    }

    /** The shift amount replicated into every lane (the second operand of the saturating shift helpers). */
    private static long repShift(int shift, int size) {
        int bits = 8 << size;
        long r = 0;
        for (int i = 0; i < 64; i += bits) {
            r |= (shift & 0xffL) << i;
        }
        return r;
    }

    // ---- three different -----------------------------------------------------------------------------------

    /**
     * Advanced SIMD three different (C7.2 SADDL/UADDL, SADDW/UADDW, SSUBL/USUBL, SSUBW/USUBW, ADDHN/RADDHN,
     * SABAL/UABAL, SUBHN/RSUBHN, SABDL/UABDL, SMLAL/UMLAL, SQDMLAL, SMLSL/UMLSL, SQDMLSL, SMULL/UMULL,
     * SQDMULL, PMULL): the "2" forms (Q = 1) take the high halves of the narrow operands.
     */
    public static boolean threeDifferent(A64Translator t) {
        int opcode = t.f('o');
        int u = t.f('u');
        int size = t.f('q');
        int q = t.f('v');
        IrBuilder b = t.b;
        int d = t.f('d');
        V n = read(t, t.f('n'));
        V m = read(t, t.f('m'));
        if (opcode == 0b1110) {   // PMULL
            if (u != 0 || size == 1 || size == 2) {
                return false;
            }
            Inst x = q != 0 ? n.hi : n.lo;
            Inst y = q != 0 ? m.hi : m.lo;
            if (size == 3) {
                t.writeV(d, b.call(CLMUL64, x, y, c32(t, 0)), b.call(CLMUL64, x, y, c32(t, 1)));
            } else {
                Inst ctl = c32(t, VecOps.ctl(2, 0));
                t.writeV(d, b.call(MULL, x, y, ctl), b.call(MULL, b.lshr(x, b.c64(32)), b.lshr(y, b.c64(32)), ctl));
            }
            return true;
        }
        if (size == 3 || opcode == 0b1111) {
            return false;
        }
        boolean sqd = opcode == 0b1001 || opcode == 0b1011 || opcode == 0b1101;
        if (sqd && (u != 0 || size == 0)) {
            return false;
        }
        int signed = u ^ 1;
        Inst nsrc = q != 0 ? n.hi : n.lo;
        Inst msrc = q != 0 ? m.hi : m.lo;
        int wide = size + 1;
        if (opcode == 0b0100 || opcode == 0b0110) {   // ADDHN/RADDHN, SUBHN/RSUBHN
            int op = opcode == 0b0100 ? VecOps.ADD : VecOps.SUB;
            Inst ctlN = c32(t, (u != 0 ? 0x100 : 0) | VecOps.ctl(VecOps.XTN, size));
            Inst amt = c32(t, 8 << size);
            Inst lo = b.call(SHIFT_NARROW, bin(t, op, wide, n.lo, m.lo), ctlN, amt);
            Inst hi = b.call(SHIFT_NARROW, bin(t, op, wide, n.hi, m.hi), ctlN, amt);
            Inst packed = b.or(lo, b.shl(hi, b.c64(32)));
            if (q != 0) {
                t.writeV(d, t.readVLo(d), packed);
            } else {
                t.writeV64(d, packed);
            }
            return true;
        }
        Inst[] res = new Inst[2];
        for (int h = 0; h < 2; h++) {
            Inst np = h == 0 ? nsrc : b.lshr(nsrc, b.c64(32));
            Inst mp = h == 0 ? msrc : b.lshr(msrc, b.c64(32));
            Inst nw = b.call(WIDEN, np, c32(t, size), c32(t, signed));
            Inst mw = b.call(WIDEN, mp, c32(t, size), c32(t, signed));
            Inst nWideHalf = h == 0 ? n.lo : n.hi;
            Inst dHalf = null;
            if (opcode == 0b0101 || opcode == 0b1000 || opcode == 0b1001 || opcode == 0b1010 || opcode == 0b1011) {
                dHalf = h == 0 ? t.readVLo(d) : t.readVHi(d);
            }
            res[h] = switch (opcode) {
                case 0b0000 -> bin(t, VecOps.ADD, wide, nw, mw);
                case 0b0001 -> bin(t, VecOps.ADD, wide, nWideHalf, mw);
                case 0b0010 -> bin(t, VecOps.SUB, wide, nw, mw);
                case 0b0011 -> bin(t, VecOps.SUB, wide, nWideHalf, mw);
                case 0b0101 -> bin(t, VecOps.ADD, wide, dHalf, bin(t, signed != 0 ? VecOps.SABD : VecOps.UABD, wide, nw, mw));
                case 0b0111 -> bin(t, signed != 0 ? VecOps.SABD : VecOps.UABD, wide, nw, mw);
                case 0b1000, 0b1010, 0b1100 -> {
                    Inst p = b.call(MULL, np, mp, c32(t, VecOps.ctl(signed != 0 ? 0 : 1, size)));
                    yield opcode == 0b1100 ? p : bin(t, opcode == 0b1000 ? VecOps.ADD : VecOps.SUB, wide, dHalf, p);
                }
                default -> {   // SQDMLAL, SQDMLSL, SQDMULL
                    Inst p = b.call(MULL, np, mp, c32(t, VecOps.ctl(3, size)));
                    if (opcode == 0b1101) {
                        yield p;
                    }
                    yield b.call(BIN_SAT, dHalf, p, c32(t, VecOps.ctl(opcode == 0b1001 ? VecOps.SQADD : VecOps.SQSUB, wide)));
                }
            };
        }
        t.writeV(d, res[0], res[1]);
        return true;
    }

    /** Advanced SIMD scalar three different: SQDMLAL, SQDMLSL, SQDMULL (16- and 32-bit elements). */
    public static boolean scalarThreeDifferent(A64Translator t) {
        int opcode = t.f('o');
        int size = t.f('q');
        if (t.f('u') != 0 || (size != 1 && size != 2) || (opcode != 0b1001 && opcode != 0b1011 && opcode != 0b1101)) {
            return false;
        }
        IrBuilder b = t.b;
        int d = t.f('d');
        Inst mask = b.c64(elemMask(size));
        Inst n = b.and(t.readVLo(t.f('n')), mask);
        Inst m = b.and(t.readVLo(t.f('m')), mask);
        Inst p = b.call(MULL, n, m, c32(t, VecOps.ctl(3, size)));
        Inst r = p;
        if (opcode != 0b1101) {
            Inst acc = b.and(t.readVLo(d), b.c64(elemMask(size + 1)));
            r = b.call(BIN_SAT, acc, p, c32(t, VecOps.ctl(opcode == 0b1001 ? VecOps.SQADD : VecOps.SQSUB, size + 1)));
        }
        t.writeV64(d, b.and(r, b.c64(elemMask(size + 1))));
        return true;
    }

    // ---- vector x indexed element -------------------------------------------------------------------------

    /**
     * Advanced SIMD vector x indexed element, integer (C7.2 MUL, MLA, MLS, SMULL/UMULL, SMLAL/UMLAL,
     * SMLSL/UMLSL, SQDMULL, SQDMLAL, SQDMLSL, SQDMULH, SQRDMULH (by element)). The element of Vm is
     * replicated and the vector form is reused. Floating-point opcodes go to {@link AdvSimdFp}.
     */
    public static boolean indexed(A64Translator t) {
        return indexedImpl(t, false);
    }

    /** Advanced SIMD scalar x indexed element (integer: SQDMULL, SQDMLAL, SQDMLSL, SQDMULH, SQRDMULH). */
    public static boolean scalarIndexed(A64Translator t) {
        return indexedImpl(t, true);
    }

    private static boolean indexedImpl(A64Translator t, boolean scalar) {
        int opcode = t.f('o');
        int u = t.f('u');
        int size = t.f('q');
        int q = scalar ? 0 : t.f('v');
        boolean fp = opcode == 0b1001 || (u == 0 && (opcode == 0b0001 || opcode == 0b0101));
        if (fp) {
            return AdvSimdFp.indexed(t, scalar);
        }
        if (size == 0 || size == 3) {
            return false;
        }
        int l = t.f('l');
        int mbit = t.f('z');
        int h = t.f('h');
        int index;
        int rm = t.f('m');
        if (size == 1) {
            index = (h << 2) | (l << 1) | mbit;
        } else {
            index = (h << 1) | l;
            rm |= mbit << 4;
        }
        IrBuilder b = t.b;
        int ebytes = 1 << size;
        Inst elem = SimdLoadsStores.extractLane(t, rm, index, ebytes);
        Inst rep = SimdLoadsStores.replicate(t, elem, ebytes);
        int d = t.f('d');
        V n = read(t, t.f('n'));
        boolean longOp = switch (opcode) {
            case 0b0010, 0b0011, 0b0110, 0b0111, 0b1010, 0b1011 -> true;
            default -> false;
        };
        boolean sqd = opcode == 0b0011 || opcode == 0b0111 || opcode == 0b1011;
        if (sqd && u != 0) {
            return false;
        }
        if (scalar) {
            Inst mask = b.c64(elemMask(size));
            Inst nv = b.and(n.lo, mask);
            Inst ev = b.and(rep, mask);
            Inst r;
            if (opcode == 0b1100 || opcode == 0b1101) {
                if (u != 0) {
                    return false;
                }
                r = b.and(b.call(BIN_SAT, nv, ev, c32(t, VecOps.ctl(opcode == 0b1100 ? VecOps.SQDMULH : VecOps.SQRDMULH, size))), mask);
            } else if (sqd) {
                Inst p = b.call(MULL, nv, ev, c32(t, VecOps.ctl(3, size)));
                r = p;
                if (opcode != 0b1011) {
                    Inst acc = b.and(t.readVLo(d), b.c64(elemMask(size + 1)));
                    r = b.call(BIN_SAT, acc, p, c32(t, VecOps.ctl(opcode == 0b0011 ? VecOps.SQADD : VecOps.SQSUB, size + 1)));
                }
                r = b.and(r, b.c64(elemMask(size + 1)));
            } else {
                return false;
            }
            t.writeV64(d, r);
            return true;
        }
        if (!longOp) {
            Inst lo;
            Inst hi = null;
            switch (opcode) {
                case 0b1000, 0b0000, 0b0100 -> {
                    if (opcode == 0b1000 && u != 0 || opcode != 0b1000 && u == 0) {
                        return false;
                    }
                    lo = bin(t, VecOps.MUL, size, n.lo, rep);
                    if (q != 0) {
                        hi = bin(t, VecOps.MUL, size, n.hi, rep);
                    }
                    if (opcode != 0b1000) {
                        V dv = read(t, d);
                        int op = opcode == 0b0000 ? VecOps.ADD : VecOps.SUB;
                        lo = bin(t, op, size, dv.lo, lo);
                        if (q != 0) {
                            hi = bin(t, op, size, dv.hi, hi);
                        }
                    }
                }
                case 0b1100, 0b1101 -> {
                    if (u != 0) {
                        return false;
                    }
                    Inst ctl = c32(t, VecOps.ctl(opcode == 0b1100 ? VecOps.SQDMULH : VecOps.SQRDMULH, size));
                    lo = b.call(BIN_SAT, n.lo, rep, ctl);
                    if (q != 0) {
                        hi = b.call(BIN_SAT, n.hi, rep, ctl);
                    }
                }
                default -> {
                    return false;
                }
            }
            write(t, d, q, lo, hi);
            return true;
        }
        Inst src = q != 0 ? n.hi : n.lo;
        int wide = size + 1;
        Inst[] res = new Inst[2];
        for (int hh = 0; hh < 2; hh++) {
            Inst np = hh == 0 ? src : b.lshr(src, b.c64(32));
            Inst dHalf = hh == 0 ? t.readVLo(d) : t.readVHi(d);
            if (sqd) {
                Inst p = b.call(MULL, np, rep, c32(t, VecOps.ctl(3, size)));
                res[hh] = opcode == 0b1011 ? p
                        : b.call(BIN_SAT, dHalf, p, c32(t, VecOps.ctl(opcode == 0b0011 ? VecOps.SQADD : VecOps.SQSUB, wide)));
            } else {
                Inst p = b.call(MULL, np, rep, c32(t, VecOps.ctl(u == 0 ? 0 : 1, size)));
                res[hh] = switch (opcode) {
                    case 0b0010 -> bin(t, VecOps.ADD, wide, dHalf, p);
                    case 0b0110 -> bin(t, VecOps.SUB, wide, dHalf, p);
                    default -> p;
                };
            }
        }
        t.writeV(d, res[0], res[1]);
        return true;
    }

    // ---- table lookup, permute, extract ------------------------------------------------------------------

    /** Advanced SIMD table lookup (C7.2 TBL, TBX) with 1 to 4 table registers. */
    public static boolean tableLookup(A64Translator t) {
        int q = t.f('v');
        int len = t.f('l');
        boolean tbx = t.f('o') != 0;
        int d = t.f('d');
        int n = t.f('n');
        IrBuilder b = t.b;
        V m = read(t, t.f('m'));
        V dv = tbx ? read(t, d) : new V(b.c64(0), b.c64(0));
        Inst lo = b.call(TBL, m.lo, c32(t, n), c32(t, len), dv.lo);
        Inst hi = q != 0 ? b.call(TBL, m.hi, c32(t, n), c32(t, len), dv.hi) : null;
        write(t, d, q, lo, hi);
        return true;
    }

    /** Advanced SIMD permute (C7.2 UZP1, TRN1, ZIP1, UZP2, TRN2, ZIP2). */
    public static boolean permute(A64Translator t) {
        int op = t.f('o');
        int size = t.f('q');
        int q = t.f('v');
        if ((op & 3) == 0 || (size == 3 && q == 0)) {
            return false;
        }
        IrBuilder b = t.b;
        V n = read(t, t.f('n'));
        V m = read(t, t.f('m'));
        if (size == 3) {
            // 2D: UZP1 = TRN1 = ZIP1 = [n0, m0], UZP2 = TRN2 = ZIP2 = [n1, m1]
            boolean second = (op & 4) != 0;
            t.writeV(t.f('d'), second ? n.hi : n.lo, second ? m.hi : m.lo);
            return true;
        }
        Inst ctl = c32(t, VecOps.ctl(op, size));
        Inst lo;
        Inst hi = null;
        switch (op) {
            case VecOps.UZP1, VecOps.UZP2 -> {
                if (q != 0) {
                    lo = b.call(PERM, n.lo, n.hi, ctl);
                    hi = b.call(PERM, m.lo, m.hi, ctl);
                } else {
                    lo = b.call(PERM, n.lo, m.lo, ctl);
                }
            }
            case VecOps.TRN1, VecOps.TRN2 -> {
                lo = b.call(PERM, n.lo, m.lo, ctl);
                if (q != 0) {
                    hi = b.call(PERM, n.hi, m.hi, ctl);
                }
            }
            default -> {
                boolean second = op == VecOps.ZIP2;
                if (q != 0) {
                    // ZIP1 interleaves the low 64-bit halves, ZIP2 the high ones; each result half takes
                    // the lower or upper 32 bits of those
                    Inst x = second ? n.hi : n.lo;
                    Inst y = second ? m.hi : m.lo;
                    Inst c1 = c32(t, VecOps.ctl(VecOps.ZIP1, size));
                    Inst c2 = c32(t, VecOps.ctl(VecOps.ZIP2, size));
                    lo = b.call(PERM, x, y, c1);
                    hi = b.call(PERM, x, y, c2);
                } else {
                    lo = b.call(PERM, n.lo, m.lo, ctl);
                }
            }
        }
        write(t, t.f('d'), q, lo, hi);
        return true;
    }

    /** Advanced SIMD extract (C7.2 EXT): bytes imm4.. of the concatenation Vm:Vn. */
    public static boolean extract(A64Translator t) {
        int q = t.f('v');
        int pos = t.f('i');
        if (q == 0 && pos >= 8) {
            return false;
        }
        IrBuilder b = t.b;
        V n = read(t, t.f('n'));
        V m = read(t, t.f('m'));
        Inst lo;
        Inst hi = null;
        if (q == 0) {
            lo = funnel(b, n.lo, m.lo, pos);
        } else {
            Inst[] bytes = {n.lo, n.hi, m.lo, m.hi};   // 64-bit words of m:n from the bottom
            int w = pos / 8;
            int r = pos % 8;
            lo = funnel(b, bytes[w], bytes[w + 1], r);
            hi = funnel(b, bytes[w + 1], w + 2 < 4 ? bytes[w + 2] : b.c64(0), r);
        }
        write(t, t.f('d'), q, lo, hi);
        return true;
    }

    /** Bytes {@code r..r+7} of the 128-bit value {@code high:low}. */
    private static Inst funnel(IrBuilder b, Inst low, Inst high, int r) {
        if (r == 0) {
            return low;
        }
        return b.or(b.lshr(low, b.c64(8L * r)), b.shl(high, b.c64(64 - 8L * r)));
    }
}
