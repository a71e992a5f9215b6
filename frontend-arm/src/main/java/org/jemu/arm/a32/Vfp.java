package org.jemu.arm.a32;

import org.jemu.arm.a64.FloatingPoint;
import org.jemu.arm.a64.FpOps;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.arm.fp.ArmFp;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.Op;

/**
 * Handlers for the VFP instructions of A32 (VFPv3-D32 with the VFPv4 fused multiply-accumulate and
 * half-precision conversions, as Cortex-A15 has): DDI 0406C A7.5 "Floating-point data-processing
 * instructions", A7.6 "Extension register load/store instructions", A7.8 "8, 16, and 32-bit transfer between
 * ARM core and extension registers" and A7.9 "64-bit transfers", with the instruction pages of A8.8.
 *
 * <p>Registers: S, D as in {@link A32Translator#readS}/{@link A32Translator#readD} (packed into V0..V15). A
 * single-precision register number is Vx:x (four bits then the extra bit), a double-precision one x:Vx.
 *
 * <p>Arithmetic runs in the {@link FpOps} helpers shared with A64, under the FPCR slot's value (the FPSCR's
 * AHP, DN, FZ and RMode have the same bit positions in FPCR); they OR exceptions into the cumulative flags
 * in FPSR, which is FPSCR's other half ({@link VfpOps}). A conditional VFP instruction whose condition
 * fails must not raise flags: its helper runs anyway (its result is discarded by the select) and FPSR is
 * restored afterwards ({@link VfpOps#restoreFpsrIfFailed}).
 *
 * <p>Every handler is wrapped by {@link #gate}: when CPACR_EL1.FPEN (or CPTR_ELx.TFP) disables FP the
 * instruction takes the SIMD&amp;FP access trap (EC 0x07) instead; the data-processing instructions that
 * the architecture defines as short-vector capable are UNDEFINED while FPSCR.Len or Stride is nonzero
 * (this PE has no short vectors: MVFR0.FPShVec = 0).
 */
public final class Vfp {
    private Vfp() {
    }

    static final Helper FP1 = Helper.of(FpOps.class, "fp1", Helper.SIDE_EFFECT);
    static final Helper FP2 = Helper.of(FpOps.class, "fp2", Helper.SIDE_EFFECT);
    static final Helper FP3 = Helper.of(FpOps.class, "fp3", Helper.SIDE_EFFECT);
    static final Helper CVT = Helper.of(FpOps.class, "cvt", Helper.SIDE_EFFECT);
    static final Helper TO_INT = Helper.of(FpOps.class, "toInt", Helper.SIDE_EFFECT);
    static final Helper FROM_INT = Helper.of(FpOps.class, "fromInt", Helper.SIDE_EFFECT);
    static final Helper VCMP = Helper.of(VfpOps.class, "vcmp", Helper.SIDE_EFFECT);
    static final Helper FPSR = Helper.of(VfpOps.class, "fpsr", Helper.SIDE_EFFECT);
    static final Helper RESTORE = Helper.of(VfpOps.class, "restoreFpsrIfFailed", Helper.SIDE_EFFECT);
    static final Helper TRANSFER_IF = Helper.of(VfpOps.class, "transferIf",
            Helper.WRITES_STATE | Helper.MAY_FAULT | Helper.SIDE_EFFECT);
    static final Helper FPSCR = Helper.of(VfpOps.class, "fpscr", Helper.SIDE_EFFECT);
    static final Helper SET_FPSCR = Helper.of(VfpOps.class, "setFpscr", Helper.WRITES_STATE | Helper.SIDE_EFFECT);

    /**
     * Wraps a VFP/Advanced SIMD handler with the FP enable check (SIMD&amp;FP access trap when disabled)
     * and, for the short-vector capable data-processing instructions ({@code vectorCapable}), the
     * FPSCR.Len/Stride check (UNDEFINED when nonzero).
     */
    public static A32Translator.Handler gate(A32Translator.Handler h, boolean vectorCapable) {
        return t -> {
            if (!t.fpEnabled()) {
                t.fpTrap();
                return true;
            }
            if (vectorCapable && Aarch64Cpu.flagsVfpShortVector(t.flags)) {
                return false;
            }
            return h.emit(t);
        };
    }

    // ---- register numbers and values ------------------------------------------------------------------

    /** The register number of a 4-bit field at {@code lo} with its extra bit at {@code x}: D = x:V, S = V:x. */
    private static int reg(A32Translator t, int lo, int x, boolean dbl) {
        int v = t.bits(lo + 3, lo);
        return dbl ? t.bit(x) << 4 | v : v << 1 | t.bit(x);
    }

    static int vd(A32Translator t, boolean dbl) {
        return reg(t, 12, 22, dbl);
    }

    static int vn(A32Translator t, boolean dbl) {
        return reg(t, 16, 7, dbl);
    }

    static int vm(A32Translator t, boolean dbl) {
        return reg(t, 0, 5, dbl);
    }

    /** S or D register {@code r} as an I64 (a single zero-extended). */
    static Inst readF(A32Translator t, int r, boolean dbl) {
        return dbl ? t.readD(r) : t.b.zext32(t.readS(r));
    }

    /** Writes the low 32 or all 64 bits of I64 {@code v} to S or D register {@code r}. */
    static void writeF(A32Translator t, int r, boolean dbl, Inst v) {
        if (dbl) {
            t.writeD(r, v);
        } else {
            t.writeS(r, t.b.trunc(v));
        }
    }

    private static Inst fpcr(A32Translator t) {
        return t.b.get32(Aarch64Cpu.FPCR);
    }

    /** FPNeg of an I64 holding a 32- or 64-bit value (no flags). */
    private static Inst neg(A32Translator t, Inst v, boolean dbl) {
        return t.b.xor(v, t.b.c64(dbl ? Long.MIN_VALUE : 0x8000_0000L));
    }

    /**
     * Calls FP helper {@code h}; for a conditional instruction brackets it with an FPSR save and a restore
     * if the condition failed, so only executed instructions raise cumulative flags.
     */
    static Inst fpCall(A32Translator t, Helper h, Inst... args) {
        IrBuilder b = t.b;
        Inst saved = t.conditional() ? b.call(FPSR) : null;
        Inst r = b.call(h, args);
        if (saved != null) {
            b.call(RESTORE, t.passValue(), saved);
        }
        return r;
    }

    private static Inst op2(A32Translator t, int op, Inst a, Inst c, boolean dbl) {
        return fpCall(t, FP2, a, c, t.b.c32(FpOps.ctl(op, dbl ? 64 : 32)), fpcr(t));
    }

    // ---- A7.5 data-processing, three registers ---------------------------------------------------------

    /** The three-register operations of A7.5 table A7-16, by opc1 and op. */
    enum Dp3 { VMLA_VMLS, VNMLA_VNMLS, VMUL_VNMUL, VADD_VSUB, VDIV, VFNMA_VFNMS, VFMA_VFMS }

    /**
     * VMLA/VMLS, VNMLA/VNMLS (A8.8.337, A8.8.343: not fused; the product is rounded, then the sum), VMUL,
     * VNMUL (A8.8.351, A8.8.343), VADD, VSUB (A8.8.283, A8.8.415), VDIV (A8.8.315), VFMA/VFMS, VFNMA/VFNMS
     * (A8.8.318, A8.8.319: fused, one rounding). Bit 6 ({@code op}) picks the second form of each pair.
     */
    static A32Translator.Handler dp3(Dp3 kind) {
        return t -> {
            boolean dbl = t.bit(8) != 0;
            int op = t.bit(6);
            int d = vd(t, dbl);
            int n = vn(t, dbl);
            int m = vm(t, dbl);
            IrBuilder b = t.b;
            int w = dbl ? 64 : 32;
            Inst vn = readF(t, n, dbl);
            Inst vmv = readF(t, m, dbl);
            Inst r;
            switch (kind) {
                case VMLA_VMLS, VNMLA_VNMLS -> {
                    Inst prod = op2(t, FpOps.FMUL, vn, vmv, dbl);
                    Inst vd = readF(t, d, dbl);
                    if (kind == Dp3.VMLA_VMLS) {
                        r = op2(t, FpOps.FADD, vd, op == 0 ? prod : neg(t, prod, dbl), dbl);
                    } else {   // VNMLA (op 1): -d + -(n*m); VNMLS (op 0): -d + n*m
                        r = op2(t, FpOps.FADD, neg(t, vd, dbl), op == 1 ? neg(t, prod, dbl) : prod, dbl);
                    }
                }
                case VMUL_VNMUL -> r = op2(t, op == 0 ? FpOps.FMUL : FpOps.FNMUL, vn, vmv, dbl);
                case VADD_VSUB -> r = op2(t, op == 0 ? FpOps.FADD : FpOps.FSUB, vn, vmv, dbl);
                case VDIV -> {
                    if (op != 0) {
                        return false;
                    }
                    r = op2(t, FpOps.FDIV, vn, vmv, dbl);
                }
                case VFNMA_VFNMS -> r = fpCall(t, FP3, readF(t, d, dbl), vn, vmv,
                        b.c32(FpOps.ctl(op == 1 ? FpOps.FNMADD : FpOps.FNMSUB, w)), fpcr(t));
                default -> r = fpCall(t, FP3, readF(t, d, dbl), vn, vmv,
                        b.c32(FpOps.ctl(op == 0 ? FpOps.FMADD : FpOps.FMSUB, w)), fpcr(t));
            }
            writeF(t, d, dbl, r);
            return true;
        };
    }

    // ---- A7.5 data-processing, other (opc1 = 1x11) ----------------------------------------------------------

    /** VMOV (immediate) (A8.8.339, VFPv3): VFPExpandImm of imm4H:imm4L. */
    static boolean VMOV_imm(A32Translator t) {
        boolean dbl = t.bit(8) != 0;
        int imm8 = t.bits(19, 16) << 4 | t.bits(3, 0);
        writeF(t, vd(t, dbl), dbl, t.b.c64(FloatingPoint.vfpExpandImm(imm8, dbl ? 64 : 32)));
        return true;
    }

    /** VMOV (register) (A8.8.340), VABS (A8.8.280), VNEG (A8.8.355): bit operations, no exceptions. */
    static boolean VMOV_reg(A32Translator t) {
        return unaryBits(t, 0);
    }

    static boolean VABS(A32Translator t) {
        return unaryBits(t, 1);
    }

    static boolean VNEG(A32Translator t) {
        return unaryBits(t, 2);
    }

    private static boolean unaryBits(A32Translator t, int which) {
        boolean dbl = t.bit(8) != 0;
        Inst a = readF(t, vm(t, dbl), dbl);
        IrBuilder b = t.b;
        Inst r = switch (which) {
            case 0 -> a;
            case 1 -> b.and(a, b.c64(dbl ? Long.MAX_VALUE : 0x7fff_ffffL));
            default -> neg(t, a, dbl);
        };
        writeF(t, vd(t, dbl), dbl, r);
        return true;
    }

    /** VSQRT (A8.8.401): FPSqrt under the FPSCR. */
    static boolean VSQRT(A32Translator t) {
        boolean dbl = t.bit(8) != 0;
        Inst r = fpCall(t, FP1, readF(t, vm(t, dbl), dbl), t.b.c32(FpOps.ctl(FpOps.FSQRT, dbl ? 64 : 32)), fpcr(t));
        writeF(t, vd(t, dbl), dbl, r);
        return true;
    }

    /** VCMP, VCMPE (A8.8.312) with a register or (bit 16 set) with #0.0; bit 7 (E) signals on quiet NaNs. */
    static boolean VCMP(A32Translator t) {
        boolean dbl = t.bit(8) != 0;
        boolean withZero = t.bit(16) != 0;
        IrBuilder b = t.b;
        Inst a = readF(t, vd(t, dbl), dbl);
        Inst c = withZero ? b.c64(0) : readF(t, vm(t, dbl), dbl);
        b.call(VCMP, t.passValue(), a, c, b.c32((dbl ? 64 : 32) | t.bit(7) << 16), fpcr(t));
        return true;
    }

    /** VCVT (between double-precision and single-precision) (A8.8.308): FPConvert with the FPSCR rounding. */
    static boolean VCVT_ds(A32Translator t) {
        boolean fromDbl = t.bit(8) != 0;
        int from = fromDbl ? 64 : 32;
        int to = fromDbl ? 32 : 64;
        Inst r = fpCall(t, CVT, readF(t, vm(t, fromDbl), fromDbl), t.b.c32(from | to << 8), fpcr(t));
        writeF(t, vd(t, !fromDbl), !fromDbl, r);
        return true;
    }

    /**
     * VCVT, VCVTR (between floating-point and integer, VFP) (A8.8.306): opc2 (bits [18:16]) 000 converts
     * the 32-bit integer in Sm (signed if bit 7) to floating-point with the FPSCR rounding; 10x converts to a
     * 32-bit integer in Sd (signed if bit 16), rounding toward zero (bit 7 set) or per FPSCR (VCVTR).
     */
    static boolean VCVT_int(A32Translator t) {
        boolean dbl = t.bit(8) != 0;
        int opc2 = t.bits(18, 16);
        int n = dbl ? 64 : 32;
        IrBuilder b = t.b;
        if (opc2 == 0) {
            boolean unsigned = t.bit(7) == 0;
            Inst src = b.zext32(t.readS(vm(t, false)));
            Inst r = fpCall(t, FROM_INT, src, b.c32(FpOps.cvtCtl(n, 32, unsigned, FpOps.FPCR_ROUNDING, 0)), fpcr(t));
            writeF(t, vd(t, dbl), dbl, r);
            return true;
        }
        if ((opc2 & 6) != 4) {
            return false;
        }
        boolean unsigned = (opc2 & 1) == 0;
        int rounding = t.bit(7) != 0 ? ArmFp.RZ : FpOps.FPCR_ROUNDING;
        Inst r = fpCall(t, TO_INT, readF(t, vm(t, dbl), dbl), b.c32(FpOps.cvtCtl(n, 32, unsigned, rounding, 0)), fpcr(t));
        t.writeS(vd(t, false), b.trunc(r));
        return true;
    }

    /**
     * VCVT (between floating-point and fixed-point, VFP) (A8.8.309), in place in Sd/Dd: bit 18 set converts
     * to fixed-point (round toward zero, saturating to 16 or 32 bits as bit 7 says, then sign- or
     * zero-extended to the register), clear from fixed-point (FPSCR rounding); bit 16 = unsigned;
     * fraction bits = size - imm4:i.
     */
    static boolean VCVT_fixed(A32Translator t) {
        boolean dbl = t.bit(8) != 0;
        boolean toFixed = t.bit(18) != 0;
        boolean unsigned = t.bit(16) != 0;
        int size = t.bit(7) != 0 ? 32 : 16;
        int imm = t.bits(3, 0) << 1 | t.bit(5);
        int fbits = size - imm;
        if (fbits < 0) {
            return false;
        }
        int n = dbl ? 64 : 32;
        int d = vd(t, dbl);
        IrBuilder b = t.b;
        Inst v = readF(t, d, dbl);
        if (toFixed) {
            Inst r = fpCall(t, TO_INT, v, b.c32(FpOps.cvtCtl(n, size, unsigned, ArmFp.RZ, fbits)), fpcr(t));
            Inst r32 = b.trunc(r);
            if (size == 16) {
                r32 = b.unary(unsigned ? Op.ZEXT16 : Op.SEXT16, r32);
            }
            writeF(t, d, dbl, unsigned ? b.zext32(r32) : b.sext32(r32));
        } else {
            Inst src = b.trunc(v);
            if (size == 16) {
                src = b.unary(unsigned ? Op.ZEXT16 : Op.SEXT16, src);
            }
            Inst r = fpCall(t, FROM_INT, b.zext32(src), b.c32(FpOps.cvtCtl(n, 32, unsigned, FpOps.FPCR_ROUNDING, fbits)),
                    fpcr(t));
            writeF(t, d, dbl, r);
        }
        return true;
    }

    /**
     * VCVTB, VCVTT (A8.8.310, half-precision extension): bit 16 clear converts the bottom (VCVTB) or top
     * (VCVTT, bit 7) half of Sm from half to single precision; set converts Sm to half precision into that
     * half of Sd, keeping the other half. FPSCR.AHP selects the alternative half-precision format.
     */
    static boolean VCVT_half(A32Translator t) {
        boolean toHalf = t.bit(16) != 0;
        boolean top = t.bit(7) != 0;
        IrBuilder b = t.b;
        int d = vd(t, false);
        Inst sm = t.readS(vm(t, false));
        if (!toHalf) {
            Inst h = top ? b.lshr(sm, b.c32(16)) : b.and(sm, b.c32(0xffff));
            Inst r = fpCall(t, CVT, b.zext32(h), b.c32(16 | 32 << 8), fpcr(t));
            t.writeS(d, b.trunc(r));
        } else {
            Inst h = b.trunc(fpCall(t, CVT, b.zext32(sm), b.c32(32 | 16 << 8), fpcr(t)));
            Inst old = t.readS(d);
            Inst r = top ? b.or(b.and(old, b.c32(0xffff)), b.shl(h, b.c32(16)))
                    : b.or(b.and(old, b.c32(0xffff_0000)), b.and(h, b.c32(0xffff)));
            t.writeS(d, r);
        }
        return true;
    }

    // ---- A7.6 extension register load/store ---------------------------------------------------------------

    private static long word(A32Translator t) {
        return t.memop(4, false, true);
    }

    /** Loads D from two words at {@code addr} (the first is the low word, or the high one in big-endian). */
    private static Inst loadD(A32Translator t, Inst addr) {
        IrBuilder b = t.b;
        Inst w1 = b.zext32(t.load(addr, word(t)));
        Inst w2 = b.zext32(t.load(b.add(addr, t.c(4)), word(t)));
        boolean be = Aarch64Cpu.flagsBigEndianData(t.flags);
        return be ? b.or(b.shl(w1, b.c64(32)), w2) : b.or(b.shl(w2, b.c64(32)), w1);
    }

    private static void storeD(A32Translator t, Inst addr, Inst v) {
        IrBuilder b = t.b;
        Inst lo = b.trunc(v);
        Inst hi = b.trunc(b.lshr(v, b.c64(32)));
        boolean be = Aarch64Cpu.flagsBigEndianData(t.flags);
        t.store(addr, be ? hi : lo, word(t));
        t.store(b.add(addr, t.c(4)), be ? lo : hi, word(t));
    }

    /** VLDR (A8.8.333), VSTR (A8.8.413): [Rn, #+/-imm8*4] (Rn = PC: Align(PC, 4)); word-aligned accesses. */
    static boolean VLDR_VSTR(A32Translator t) {
        boolean dbl = t.bit(8) != 0;
        boolean load = t.bit(20) != 0;
        int rn = t.bits(19, 16);
        int imm = t.bits(7, 0) * 4;
        if (rn == 15 && t.thumb && !load) {
            return false;
        }
        IrBuilder b = t.b;
        Inst base = rn == 15 ? t.readPcAligned() : t.readR(rn);
        Inst addr = t.bit(23) != 0 ? b.add(base, t.c(imm)) : b.sub(base, t.c(imm));
        int d = vd(t, dbl);
        if (load) {
            if (dbl) {
                t.writeD(d, loadD(t, addr));
            } else {
                t.writeS(d, t.load(addr, word(t)));
            }
        } else if (dbl) {
            storeD(t, addr, t.readD(d));
        } else {
            t.store(addr, t.readS(d), word(t));
        }
        return true;
    }

    /**
     * VLDM, VSTM (A8.8.332, A8.8.412), VPUSH, VPOP (A8.8.368, A8.8.367): increment after (bit 23 set,
     * optional writeback) or decrement before (writeback); imm8 words, i.e. imm8/2 D registers (FLDMX/FSTMX
     * with an odd imm8) or imm8 S registers. Loads complete before any register is written. A conditional
     * one is a single helper call ({@link VfpOps#transferIf}), which keeps its code small.
     */
    static boolean VLDM_VSTM(A32Translator t) {
        boolean dbl = t.bit(8) != 0;
        boolean load = t.bit(20) != 0;
        boolean inc = t.bit(23) != 0;
        boolean wback = t.bit(21) != 0;
        int rn = t.bits(19, 16);
        int imm8 = t.bits(7, 0);
        int d = vd(t, dbl);
        int regs = dbl ? imm8 / 2 : imm8;
        if (regs == 0 || d + regs > 32 || (dbl && regs > 16) || (rn == 15 && (wback || t.thumb))) {
            return false;
        }
        IrBuilder b = t.b;
        Inst base = t.readR(rn);
        Inst addr = inc ? base : b.sub(base, t.c(imm8 * 4));
        if (t.conditional()) {
            b.call(TRANSFER_IF, t.passValue(), b.zext32(addr), t.c(d), t.c(regs), t.c(dbl ? 1 : 0), t.c(load ? 1 : 0),
                    t.c(Aarch64Cpu.flagsBigEndianData(t.flags) ? 1 : 0), b.c64(word(t)));
            if (wback) {
                t.writeR(rn, inc ? b.add(base, t.c(imm8 * 4)) : b.sub(base, t.c(imm8 * 4)));
            }
            return true;
        }
        Inst[] vals = new Inst[regs];
        for (int i = 0; i < regs; i++) {
            if (dbl) {
                Inst a = b.add(addr, t.c(8 * i));
                if (load) {
                    vals[i] = loadD(t, a);
                } else {
                    storeD(t, a, t.readD(d + i));
                }
            } else {
                Inst a = b.add(addr, t.c(4 * i));
                if (load) {
                    vals[i] = t.load(a, word(t));
                } else {
                    t.store(a, t.readS(d + i), word(t));
                }
            }
        }
        if (load) {
            for (int i = 0; i < regs; i++) {
                if (dbl) {
                    t.writeD(d + i, vals[i]);
                } else {
                    t.writeS(d + i, vals[i]);
                }
            }
        }
        if (wback) {
            t.writeR(rn, inc ? b.add(base, t.c(imm8 * 4)) : b.sub(base, t.c(imm8 * 4)));
        }
        return true;
    }

    // ---- A7.8 / A7.9 transfers between core and extension registers ----------------------------------------

    /** VMOV (between ARM core register and single-precision register) (A8.8.343); bit 20 = to core. */
    static boolean VMOV_core_s(A32Translator t) {
        int rt = t.bits(15, 12);
        if (rt == 15 || (t.thumb && rt == 13)) {
            return false;
        }
        int n = vn(t, false);
        if (t.bit(20) != 0) {
            t.writeR(rt, t.readS(n));
        } else {
            t.writeS(n, t.readR(rt));
        }
        return true;
    }

    /** VMOV (between two ARM core registers and a doubleword register) (A8.8.345); bit 20 = to core. */
    static boolean VMOV_2core_d(A32Translator t) {
        int rt = t.bits(15, 12);
        int rt2 = t.bits(19, 16);
        boolean toCore = t.bit(20) != 0;
        if (rt == 15 || rt2 == 15 || (toCore && rt == rt2) || (t.thumb && (rt == 13 || rt2 == 13))) {
            return false;
        }
        int m = vm(t, true);
        IrBuilder b = t.b;
        if (toCore) {
            Inst v = t.readD(m);
            t.writeR(rt, b.trunc(v));
            t.writeR(rt2, b.trunc(b.lshr(v, b.c64(32))));
        } else {
            t.writeD(m, b.or(b.shl(b.zext32(t.readR(rt2)), b.c64(32)), b.zext32(t.readR(rt))));
        }
        return true;
    }

    /** VMOV (between two ARM core registers and two single-precision registers) (A8.8.344); Sm, S(m+1). */
    static boolean VMOV_2core_2s(A32Translator t) {
        int rt = t.bits(15, 12);
        int rt2 = t.bits(19, 16);
        boolean toCore = t.bit(20) != 0;
        int m = vm(t, false);
        if (rt == 15 || rt2 == 15 || m == 31 || (toCore && rt == rt2) || (t.thumb && (rt == 13 || rt2 == 13))) {
            return false;
        }
        if (toCore) {
            Inst a = t.readS(m);
            Inst c = t.readS(m + 1);
            t.writeR(rt, a);
            t.writeR(rt2, c);
        } else {
            Inst a = t.readR(rt);
            Inst c = t.readR(rt2);
            t.writeS(m, a);
            t.writeS(m + 1, c);
        }
        return true;
    }

    /** Decodes opc1:opc2 of the scalar VMOVs: {esize in bits, index}, or null if UNDEFINED. */
    private static int[] scalar(A32Translator t) {
        int opc1 = t.bits(22, 21);
        int opc2 = t.bits(6, 5);
        if ((opc1 & 2) != 0) {
            return new int[] {8, (opc1 & 1) << 2 | opc2};
        }
        if ((opc2 & 1) != 0) {
            return new int[] {16, (opc1 & 1) << 1 | opc2 >> 1};
        }
        if (opc2 == 0) {
            return new int[] {32, opc1 & 1};
        }
        return null;
    }

    /** VMOV (ARM core register to scalar) (A8.8.341): Dd[x] = Rt&lt;esize-1:0&gt;. */
    static boolean VMOV_to_scalar(A32Translator t) {
        int[] s = scalar(t);
        int rt = t.bits(15, 12);
        if (s == null || rt == 15 || (t.thumb && rt == 13)) {
            return false;
        }
        int d = t.bit(7) << 4 | t.bits(19, 16);
        IrBuilder b = t.b;
        int shift = s[0] * s[1];
        long mask = (s[0] == 32 ? 0xffff_ffffL : (1L << s[0]) - 1) << shift;
        Inst v = b.shl(b.and(b.zext32(t.readR(rt)), b.c64(mask >>> shift)), b.c64(shift));
        t.writeD(d, b.or(b.and(t.readD(d), b.c64(~mask)), v));
        return true;
    }

    /** VMOV (scalar to ARM core register) (A8.8.342): Rt = Dn[x], sign- or (bit 23) zero-extended. */
    static boolean VMOV_from_scalar(A32Translator t) {
        int[] s = scalar(t);
        int rt = t.bits(15, 12);
        boolean unsigned = t.bit(23) != 0;
        if (s == null || rt == 15 || (t.thumb && rt == 13) || (unsigned && s[0] == 32)) {
            return false;
        }
        int n = t.bit(7) << 4 | t.bits(19, 16);
        IrBuilder b = t.b;
        Inst v = b.trunc(b.lshr(t.readD(n), b.c64(s[0] * s[1])));
        if (s[0] == 8) {
            v = b.unary(unsigned ? Op.ZEXT8 : Op.SEXT8, v);
        } else if (s[0] == 16) {
            v = b.unary(unsigned ? Op.ZEXT16 : Op.SEXT16, v);
        }
        t.writeR(rt, v);
        return true;
    }

    /** VMRS (A8.8.348) Rt, FPSCR; Rt = 15 is {@code VMRS APSR_nzcv, FPSCR}: FPSCR[31:28] to CPSR.N Z C V. */
    static boolean VMRS(A32Translator t) {
        int rt = t.bits(15, 12);
        if (t.thumb && rt == 13) {
            return false;
        }
        IrBuilder b = t.b;
        Inst v = b.call(FPSCR);
        if (rt == 15) {
            Inst one = t.c(1);
            t.setSlot(Aarch64Cpu.NF, b.lshr(v, t.c(31)));
            t.setSlot(Aarch64Cpu.ZF, b.and(b.lshr(v, t.c(30)), one));
            t.setSlot(Aarch64Cpu.CF, b.and(b.lshr(v, t.c(29)), one));
            t.setSlot(Aarch64Cpu.VF, b.and(b.lshr(v, t.c(28)), one));
        } else {
            t.writeR(rt, v);
        }
        return true;
    }

    /**
     * VMRS (A8.8.348; B6.1.? the VFP system registers) of FPSID, MVFR0, MVFR1, FPEXC: UNDEFINED at EL0
     * (PL0 may access only FPSCR); at higher ELs the Cortex-A15 values (FPSID 0x410430f0, MVFR0
     * 0x10110222, MVFR1 0x11111111, FPEXC with EN set).
     */
    static boolean VMRS_sys(A32Translator t) {
        int rt = t.bits(15, 12);
        if (Aarch64Cpu.flagsEl(t.flags) == 0 || rt == 15) {
            return false;
        }
        int v = switch (t.bits(19, 16)) {
            case 0b0000 -> 0x4104_30f0;
            case 0b0111 -> 0x1011_0222;
            case 0b0110 -> 0x1111_1111;
            case 0b1000 -> 0x4000_0000;
            default -> -1;
        };
        if (v == -1) {
            return false;
        }
        t.writeR(rt, t.c(v));
        return true;
    }

    /** VMSR (A8.8.349) FPSCR, Rt: splits the value into FPCR and FPSR; ends the block (Len/Stride are in the flags). */
    static boolean VMSR(A32Translator t) {
        int rt = t.bits(15, 12);
        if (rt == 15 || (t.thumb && rt == 13)) {
            return false;
        }
        t.b.call(SET_FPSCR, t.passValue(), t.readR(rt));
        t.endBlockRecheck();
        return true;
    }
}
