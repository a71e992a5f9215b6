package org.jemu.arm.a64;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.arm.fp.ArmFp;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.Type;

/**
 * Handlers for the scalar floating-point groups of Arm ARM C4.1.6: conversions between floating-point and
 * fixed-point or integer (including FMOV to and from general registers), data-processing with one, two
 * and three sources, compare, conditional compare, conditional select and FMOV (immediate) (instruction
 * pages in C7.2).
 *
 * <p>The {@code type} field ({@code y}) selects the precision: 00 single, 01 double, 11 half (ARMv8.0 has
 * half precision only in FCVT), 10 reserved. The arithmetic is done by {@link FpOps} helpers with the
 * current FPCR; results are written to the low bits of Vd with the rest of the register cleared.
 */
public final class FloatingPoint {
    private FloatingPoint() {
    }

    static final Helper FP1 = Helper.of(FpOps.class, "fp1", Helper.SIDE_EFFECT);
    static final Helper FP2 = Helper.of(FpOps.class, "fp2", Helper.SIDE_EFFECT);
    static final Helper FP3 = Helper.of(FpOps.class, "fp3", Helper.SIDE_EFFECT);
    static final Helper CVT = Helper.of(FpOps.class, "cvt", Helper.SIDE_EFFECT);
    static final Helper TO_INT = Helper.of(FpOps.class, "toInt", Helper.SIDE_EFFECT);
    static final Helper FROM_INT = Helper.of(FpOps.class, "fromInt", Helper.SIDE_EFFECT);
    static final Helper CMP = Helper.of(FpOps.class, "cmp", Helper.SIDE_EFFECT);

    /** Width in bits of FP type {@code type} (00 single, 01 double, 11 half), or -1 if reserved. */
    static int width(int type) {
        return switch (type) {
            case 0 -> 32;
            case 1 -> 64;
            case 3 -> 16;
            default -> -1;
        };
    }

    /** Width for the arithmetic instructions: single or double only in ARMv8.0. */
    private static int arithWidth(A64Translator t) {
        int type = t.f('y');
        return type <= 1 ? width(type) : -1;
    }

    static Inst fpcr(A64Translator t) {
        return t.b.get32(Aarch64Cpu.FPCR);
    }

    /** The low {@code n} bits of Vn as I64 (zero-extended). */
    static Inst readF(A64Translator t, int reg, int n) {
        return t.readVScalar(reg, n / 8, Type.I64);
    }

    // ---- conversions between floating-point and integer / fixed-point -------------------------------------

    /**
     * Conversion between floating-point and integer (C7.2 FCVTNS/NU, FCVTPS/PU, FCVTMS/MU, FCVTZS/ZU,
     * FCVTAS/AU, SCVTF, UCVTF (scalar, integer), FMOV (general)).
     */
    public static boolean convertInt(A64Translator t) {
        int sf = t.f('z');
        int type = t.f('y');
        int rmode = t.f('r');
        int opcode = t.f('o');
        int m = sf != 0 ? 64 : 32;
        IrBuilder b = t.b;
        int d = t.f('d');
        int nreg = t.f('n');
        if (opcode >= 6) {   // FMOV (general)
            boolean toGeneral = opcode == 6;
            if (rmode == 0 && (type == 0 && sf == 0 || type == 1 && sf == 1)) {
                if (toGeneral) {
                    t.writeX(d, sf != 0 ? t.readVLo(nreg) : b.trunc(t.readVLo(nreg)));
                } else {
                    Inst v = sf != 0 ? t.readX(nreg, Type.I64) : b.zext32(t.readX(nreg, Type.I32));
                    t.writeV64(d, v);
                }
                return true;
            }
            if (rmode == 1 && type == 2 && sf == 1) {   // FMOV Xd, Vn.D[1] / FMOV Vd.D[1], Xn
                if (toGeneral) {
                    t.writeX(d, t.readVHi(nreg));
                } else {
                    t.writeV(d, t.readVLo(d), t.readX(nreg, Type.I64));
                }
                return true;
            }
            return false;
        }
        int n = type <= 1 ? width(type) : -1;
        if (n < 0) {
            return false;
        }
        boolean unsigned = (opcode & 1) != 0;
        if (opcode == 2 || opcode == 3) {   // SCVTF / UCVTF
            if (rmode != 0) {
                return false;
            }
            Inst src = sf != 0 ? t.readX(nreg, Type.I64) : b.zext32(t.readX(nreg, Type.I32));
            Inst r = b.call(FROM_INT, src, b.c32(FpOps.cvtCtl(n, m, unsigned, FpOps.FPCR_ROUNDING, 0)), fpcr(t));
            t.writeV64(d, r);
            return true;
        }
        int rounding;
        if (opcode <= 1) {
            rounding = switch (rmode) {
                case 0 -> ArmFp.RN;
                case 1 -> ArmFp.RP;
                case 2 -> ArmFp.RM;
                default -> ArmFp.RZ;
            };
        } else if ((opcode == 4 || opcode == 5) && rmode == 0) {
            rounding = ArmFp.TIEAWAY;
        } else {
            return false;
        }
        Inst r = b.call(TO_INT, readF(t, nreg, n), b.c32(FpOps.cvtCtl(n, m, unsigned, rounding, 0)), fpcr(t));
        t.writeX(d, sf != 0 ? r : b.trunc(r));
        return true;
    }

    /** Conversion between floating-point and fixed-point (C7.2 SCVTF/UCVTF/FCVTZS/FCVTZU (scalar, fixed-point)). */
    public static boolean convertFixed(A64Translator t) {
        int sf = t.f('z');
        int rmode = t.f('r');
        int opcode = t.f('o');
        int scale = t.f('s');
        int n = arithWidth(t);
        int m = sf != 0 ? 64 : 32;
        if (n < 0 || (sf == 0 && scale < 32)) {
            return false;
        }
        int fbits = 64 - scale;
        IrBuilder b = t.b;
        int d = t.f('d');
        int nreg = t.f('n');
        if (rmode == 0 && (opcode == 2 || opcode == 3)) {
            Inst src = sf != 0 ? t.readX(nreg, Type.I64) : b.zext32(t.readX(nreg, Type.I32));
            Inst r = b.call(FROM_INT, src, b.c32(FpOps.cvtCtl(n, m, opcode == 3, FpOps.FPCR_ROUNDING, fbits)), fpcr(t));
            t.writeV64(d, r);
            return true;
        }
        if (rmode == 3 && (opcode == 0 || opcode == 1)) {
            Inst r = b.call(TO_INT, readF(t, nreg, n), b.c32(FpOps.cvtCtl(n, m, opcode == 1, ArmFp.RZ, fbits)), fpcr(t));
            t.writeX(d, sf != 0 ? r : b.trunc(r));
            return true;
        }
        return false;
    }

    // ---- data-processing ----------------------------------------------------------------------------------

    /**
     * Floating-point data-processing (1 source): FMOV (register), FABS, FNEG, FSQRT, FCVT (between
     * half, single and double), FRINTN, FRINTP, FRINTM, FRINTZ, FRINTA, FRINTX, FRINTI.
     */
    public static boolean dataProc1(A64Translator t) {
        int type = t.f('y');
        int opcode = t.f('o');
        int d = t.f('d');
        int nreg = t.f('n');
        IrBuilder b = t.b;
        if ((opcode & 0b111100) == 0b000100) {   // FCVT
            int from = width(type);
            int to = width(opcode & 3);
            if (from < 0 || to < 0 || from == to) {
                return false;
            }
            Inst r = b.call(CVT, readF(t, nreg, from), b.c32(from | to << 8), fpcr(t));
            t.writeV64(d, r);
            return true;
        }
        int n = arithWidth(t);
        if (n < 0) {
            return false;
        }
        Inst a = readF(t, nreg, n);
        int op;
        switch (opcode) {
            case 0b000000 -> {
                t.writeV64(d, a);
                return true;
            }
            case 0b000001 -> {
                t.writeV64(d, b.and(a, b.c64(n == 64 ? Long.MAX_VALUE : 0x7fff_ffffL)));
                return true;
            }
            case 0b000010 -> {
                t.writeV64(d, b.xor(a, b.c64(n == 64 ? Long.MIN_VALUE : 0x8000_0000L)));
                return true;
            }
            case 0b000011 -> op = FpOps.FSQRT;
            case 0b001000 -> op = FpOps.FRINT + ArmFp.RN;
            case 0b001001 -> op = FpOps.FRINT + ArmFp.RP;
            case 0b001010 -> op = FpOps.FRINT + ArmFp.RM;
            case 0b001011 -> op = FpOps.FRINT + ArmFp.RZ;
            case 0b001100 -> op = FpOps.FRINT + ArmFp.TIEAWAY;
            case 0b001110 -> op = FpOps.FRINTX;
            case 0b001111 -> op = FpOps.FRINTI;
            default -> {
                return false;
            }
        }
        t.writeV64(d, b.call(FP1, a, b.c32(FpOps.ctl(op, n)), fpcr(t)));
        return true;
    }

    /** Floating-point data-processing (2 source): FMUL, FDIV, FADD, FSUB, FMAX, FMIN, FMAXNM, FMINNM, FNMUL. */
    public static boolean dataProc2(A64Translator t) {
        int n = arithWidth(t);
        int opcode = t.f('o');
        if (n < 0 || opcode > 8) {
            return false;
        }
        int op = switch (opcode) {
            case 0 -> FpOps.FMUL;
            case 1 -> FpOps.FDIV;
            case 2 -> FpOps.FADD;
            case 3 -> FpOps.FSUB;
            case 4 -> FpOps.FMAX;
            case 5 -> FpOps.FMIN;
            case 6 -> FpOps.FMAXNM;
            case 7 -> FpOps.FMINNM;
            default -> FpOps.FNMUL;
        };
        IrBuilder b = t.b;
        Inst r = b.call(FP2, readF(t, t.f('n'), n), readF(t, t.f('m'), n), b.c32(FpOps.ctl(op, n)), fpcr(t));
        t.writeV64(t.f('d'), r);
        return true;
    }

    /** Floating-point data-processing (3 source): FMADD, FMSUB, FNMADD, FNMSUB. */
    public static boolean dataProc3(A64Translator t) {
        int n = arithWidth(t);
        if (n < 0) {
            return false;
        }
        int op = t.f('o') << 1 | t.f('p');
        IrBuilder b = t.b;
        Inst r = b.call(FP3, readF(t, t.f('a'), n), readF(t, t.f('n'), n), readF(t, t.f('m'), n),
                b.c32(FpOps.ctl(op, n)), fpcr(t));
        t.writeV64(t.f('d'), r);
        return true;
    }

    // ---- compare, conditional compare, conditional select, immediate ------------------------------------------

    private static void setFlagsFromNibble(A64Translator t, Inst nzcv) {
        IrBuilder b = t.b;
        Inst one = b.c32(1);
        t.setNZCV(b.and(b.lshr(nzcv, b.c32(3)), one), b.and(b.lshr(nzcv, b.c32(2)), one),
                b.and(b.lshr(nzcv, b.c32(1)), one), b.and(nzcv, one));
    }

    /** Floating-point compare (C7.2 FCMP, FCMPE, with a register or #0.0). */
    public static boolean compare(A64Translator t) {
        int n = arithWidth(t);
        if (n < 0) {
            return false;
        }
        int opc = t.f('o');
        boolean withZero = (opc & 1) != 0;
        boolean signal = (opc & 2) != 0;
        IrBuilder b = t.b;
        Inst a = readF(t, t.f('n'), n);
        Inst c = withZero ? b.c64(0) : readF(t, t.f('m'), n);
        Inst nzcv = b.call(CMP, a, c, b.c32(n | (signal ? 0x10000 : 0)), fpcr(t));
        setFlagsFromNibble(t, nzcv);
        return true;
    }

    /** Floating-point conditional compare (C7.2 FCCMP, FCCMPE): the comparison if cond holds, else #nzcv. */
    public static boolean condCompare(A64Translator t) {
        int n = arithWidth(t);
        if (n < 0) {
            return false;
        }
        boolean signal = t.f('o') != 0;
        IrBuilder b = t.b;
        Inst holds = t.conditionHolds(t.f('c'));
        Inst a = readF(t, t.f('n'), n);
        Inst c = readF(t, t.f('m'), n);
        // the comparison, and its exceptions, happen only when the condition holds (checked by the helper)
        Inst nzcv = b.call(CCMP, a, c, b.c32(n | (signal ? 0x10000 : 0)), fpcr(t), holds, b.c32(t.f('f')));
        setFlagsFromNibble(t, nzcv);
        return true;
    }

    static final Helper CCMP = Helper.of(FloatingPoint.class, "ccmp", Helper.SIDE_EFFECT);

    /**
     * FCCMP/FCCMPE helper: compares when {@code holds} is 1 (raising exceptions as FCMP/FCMPE), else
     * returns {@code nzcv} without touching FPSR.
     */
    public static int ccmp(Aarch64Cpu cpu, long a, long b, int ctl, int fpcr, int holds, int nzcv) {
        return holds != 0 ? FpOps.cmp(cpu, a, b, ctl, fpcr) : nzcv;
    }

    /** Floating-point conditional select (C7.2 FCSEL). */
    public static boolean condSelect(A64Translator t) {
        int n = arithWidth(t);
        if (n < 0) {
            return false;
        }
        IrBuilder b = t.b;
        Inst holds = t.conditionHolds(t.f('c'));
        Inst r = b.select(holds, readF(t, t.f('n'), n), readF(t, t.f('m'), n));
        t.writeV64(t.f('d'), r);
        return true;
    }

    /** Floating-point move immediate (C7.2 FMOV (scalar, immediate)): VFPExpandImm of imm8. */
    public static boolean moveImm(A64Translator t) {
        int n = arithWidth(t);
        if (n < 0) {
            return false;
        }
        long imm = vfpExpandImm(t.f('i'), n);
        t.writeV64(t.f('d'), t.b.c64(imm));
        return true;
    }

    /**
     * VFPExpandImm (J1 shared pseudocode; DDI 0406C A7.5.1) of the 8-bit {@code imm8} for N = 32 or 64: the
     * N-bit floating-point constant, zero-extended to a long.
     */
    public static long vfpExpandImm(int imm8, int n) {
        long sign = (imm8 >> 7) & 1;
        long b6 = (imm8 >> 6) & 1;
        long low = imm8 & 0x3f;
        if (n == 32) {
            return sign << 31 | (b6 ^ 1) << 30 | (b6 != 0 ? 0x1fL : 0) << 25 | low << 19;
        }
        return sign << 63 | (b6 ^ 1) << 62 | (b6 != 0 ? 0xffL : 0) << 54 | low << 48;
    }
}
