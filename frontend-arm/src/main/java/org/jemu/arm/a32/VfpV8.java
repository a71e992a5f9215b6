package org.jemu.arm.a32;

import org.jemu.arm.a64.FpOps;
import org.jemu.arm.cpu.A32Helpers;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.arm.fp.ArmFp;
import org.jemu.translator.decode.DecodeTable;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;

/**
 * The ARMv8 floating-point and Advanced SIMD additions to AArch32 (DDI 0487 F6: VSEL, VMAXNM/VMINNM,
 * VRINT{A,N,P,M,R,X,Z}, VCVT{A,N,P,M}), which an AArch64 model's MVFR2 (FPMisc, SIMDMisc) advertises to
 * AArch32 user space. The arithmetic is the A64 one ({@link FpOps}: FMAXNM/FMINNM, FRINT*, FCVT* with an
 * explicit rounding mode); the VFP forms run under the FPSCR, the Advanced SIMD forms under the Standard FPSCR
 * value ({@link Neon#STANDARD_FPSCR}), as their pseudocode says.
 *
 * <p>Each instruction checks the model's MVFR2 at run time ({@link A32Helpers#requireId}) with the field values
 * of the DDI 0487 MVFR2_EL1 description (as QEMU's {@code isar_feature_aa32_vsel/vcvt_dr/vrint/vminmaxnm}):
 * FPMisc 1 VSEL, 2 VCVT{A,N,P,M}, 3 VRINT{A,N,P,M,R,X,Z}, 4 VMAXNM/VMINNM; SIMDMisc 1 VCVT{A,N,P,M},
 * 2 VRINT*, 3 VMAXNM/VMINNM. They are UNDEFINED on {@code cortex-a15} (MVFR2 = 0). The A32 VFP forms with
 * cond = 1111 live in {@link A32DecodeTable#UNCOND_SYSTEM}; VRINTR/VRINTZ/VRINTX are conditional. In T32
 * the unconditional forms are CONSTRAINED UNPREDICTABLE inside an IT block (UNDEFINED here).
 */
final class VfpV8 {
    private VfpV8() {
    }

    private static final int FPMISC = 4;
    private static final int SIMDMISC = 0;

    /**
     * The cond = 1111 VFP forms: A32 {@code 1111 1110 ...}, T32 the same 32 bits (named like the other VFP
     * lines, without a T32 suffix).
     */
    static void addUnconditionalVfp(DecodeTable.Builder<A32Translator.Handler> t) {
        String s = "";
        t.add("VSEL" + s, "VSEL", "1111 11100 ecc nnnn dddd 101s f0g0 mmmm", Vfp.gate(VfpV8::vsel, false));
        t.add("VMAXNM_VMINNM_vfp" + s, "VMAXNM, VMINNM (floating-point)", "1111 11101 e00 nnnn dddd 101s fog0 mmmm",
                Vfp.gate(VfpV8::vmaxnm, false));
        t.add("VRINT_arm_vfp" + s, "VRINTA, VRINTN, VRINTP, VRINTM (floating-point)", "1111 11101 e11 10rr dddd 101s 01g0 mmmm",
                Vfp.gate(VfpV8::vrintDirected, false));
        t.add("VCVT_arm_vfp" + s, "VCVTA, VCVTN, VCVTP, VCVTM (floating-point)", "1111 11101 e11 11rr dddd 101s o1g0 mmmm",
                Vfp.gate(VfpV8::vcvtDirected, false));
    }

    /** VRINTR, VRINTZ, VRINTX (conditional; {@code prefix} "" for A32 (cccc), "1110" for T32). */
    static void addConditionalVfp(DecodeTable.Builder<A32Translator.Handler> t, String prefix) {
        String c = prefix.isEmpty() ? "cccc" : prefix;
        String s = "";
        t.add("VRINTR_VRINTZ" + s, "VRINTR, VRINTZ (floating-point)", c + " 11101e11 0110 dddd 101s o1g0 mmmm",
                Vfp.gate(VfpV8::vrintRz, false));
        t.add("VRINTX_vfp" + s, "VRINTX (floating-point)", c + " 11101e11 0111 dddd 101s 01g0 mmmm",
                Vfp.gate(VfpV8::vrintX, false));
    }

    /** The Advanced SIMD forms (bits [23:0] as {@link Neon#add}). */
    static void addSimd(DecodeTable.Builder<A32Translator.Handler> t, boolean thumb) {
        Neon.add(t, thumb, "VMAXNM_VMINNM_simd", "VMAXNM, VMINNM (Advanced SIMD)", "1", "0eo0 nnnn dddd 1111 fqg1 mmmm",
                VfpV8::vmaxnmSimd);
        Neon.add(t, thumb, "VRINT_simd_0", "VRINTN, VRINTX, VRINTA, VRINTZ (Advanced SIMD)", "1",
                "1e11 ss10 dddd 010o oqg0 mmmm", VfpV8::vrintSimd);
        Neon.add(t, thumb, "VRINT_simd_1", "VRINTM, VRINTP (Advanced SIMD)", "1", "1e11 ss10 dddd 011o 1qg0 mmmm",
                VfpV8::vrintSimd);
        Neon.add(t, thumb, "VCVT_arm_simd", "VCVTA, VCVTN, VCVTP, VCVTM (Advanced SIMD)", "1",
                "1e11 ss11 dddd 00rr oqg0 mmmm", VfpV8::vcvtSimd);
    }

    private static void require(A32Translator t, int shift, int min) {
        t.b.call(Crypto32.REQUIRE, t.c(A32Helpers.MVFR2), t.c(shift), t.c(min));
    }

    private static boolean unconditionalInIt(A32Translator t) {
        return t.thumb && t.inItBlock();
    }

    private static Inst fpcr(A32Translator t) {
        return t.b.get32(Aarch64Cpu.FPCR);
    }

    /** The rounding of the RM field (bits [17:16]) of VRINT{A,N,P,M} and VCVT{A,N,P,M}: A, N, P, M. */
    private static int rm(int rr) {
        return switch (rr) {
            case 0 -> ArmFp.TIEAWAY;
            case 1 -> ArmFp.RN;
            case 2 -> ArmFp.RP;
            default -> ArmFp.RM;
        };
    }

    /** VSEL{EQ,VS,GE,GT}: Sd/Dd = the condition (cc = bits [21:20]) holds ? Sn/Dn : Sm/Dm. */
    private static boolean vsel(A32Translator t) {
        if (unconditionalInIt(t)) {
            return false;
        }
        boolean dbl = t.bit(8) != 0;
        require(t, FPMISC, 1);
        int cond = switch (t.bits(21, 20)) {
            case 0 -> 0x0; // EQ
            case 1 -> 0x6; // VS
            case 2 -> 0xa; // GE
            default -> 0xc; // GT
        };
        Inst r = t.b.select(t.conditionHolds(cond), Vfp.readF(t, Vfp.vn(t, dbl), dbl), Vfp.readF(t, Vfp.vm(t, dbl), dbl));
        Vfp.writeF(t, Vfp.vd(t, dbl), dbl, r);
        return true;
    }

    /** VMAXNM, VMINNM (VFP; bit 6 = min): FPMaxNum/FPMinNum under the FPSCR. */
    private static boolean vmaxnm(A32Translator t) {
        if (unconditionalInIt(t)) {
            return false;
        }
        boolean dbl = t.bit(8) != 0;
        require(t, FPMISC, 4);
        int op = t.bit(6) == 0 ? FpOps.FMAXNM : FpOps.FMINNM;
        Inst r = Vfp.fpCall(t, Vfp.FP2, Vfp.readF(t, Vfp.vn(t, dbl), dbl), Vfp.readF(t, Vfp.vm(t, dbl), dbl),
                t.c(FpOps.ctl(op, dbl ? 64 : 32)), fpcr(t));
        Vfp.writeF(t, Vfp.vd(t, dbl), dbl, r);
        return true;
    }

    private static boolean vrint(A32Translator t, int op, int level) {
        boolean dbl = t.bit(8) != 0;
        require(t, FPMISC, level);
        Inst r = Vfp.fpCall(t, Vfp.FP1, Vfp.readF(t, Vfp.vm(t, dbl), dbl), t.c(FpOps.ctl(op, dbl ? 64 : 32)), fpcr(t));
        Vfp.writeF(t, Vfp.vd(t, dbl), dbl, r);
        return true;
    }

    /** VRINTA, VRINTN, VRINTP, VRINTM (VFP): round to integral with the encoded rounding, not exact. */
    private static boolean vrintDirected(A32Translator t) {
        return !unconditionalInIt(t) && vrint(t, FpOps.FRINT + rm(t.bits(17, 16)), 3);
    }

    /** VRINTR (bit 7 = 0: the FPSCR rounding), VRINTZ (bit 7 = 1: toward zero). */
    private static boolean vrintRz(A32Translator t) {
        return vrint(t, t.bit(7) == 0 ? FpOps.FRINTI : FpOps.FRINT + ArmFp.RZ, 3);
    }

    /** VRINTX (VFP): the FPSCR rounding, Inexact raised when the value changes. */
    private static boolean vrintX(A32Translator t) {
        return vrint(t, FpOps.FRINTX, 3);
    }

    /** VCVTA, VCVTN, VCVTP, VCVTM (VFP): to a 32-bit integer in Sd, signed if bit 7, with the encoded rounding. */
    private static boolean vcvtDirected(A32Translator t) {
        if (unconditionalInIt(t)) {
            return false;
        }
        boolean dbl = t.bit(8) != 0;
        require(t, FPMISC, 2);
        boolean unsigned = t.bit(7) == 0;
        Inst r = Vfp.fpCall(t, Vfp.TO_INT, Vfp.readF(t, Vfp.vm(t, dbl), dbl),
                t.c(FpOps.cvtCtl(dbl ? 64 : 32, 32, unsigned, rm(t.bits(17, 16)), 0)), fpcr(t));
        t.writeS(Vfp.vd(t, false), t.b.trunc(r));
        return true;
    }

    // ---- Advanced SIMD ----------------------------------------------------------------------------------------

    /** One D-register step of a lane-wise operation. */
    private interface Step {
        Inst apply(Inst n, Inst m);
    }

    /**
     * Checks MVFR2.SIMDMisc &gt;= {@code level}, then applies {@code op} to the D (Q = 0) or Q (Q = 1) registers
     * Vd, Vn, Vm; odd Q register numbers are UNDEFINED (rejected before any IR is emitted).
     */
    private static boolean lanes(A32Translator t, boolean hasN, int level, Step op) {
        int q = t.bit(6);
        int d = Vfp.vd(t, true);
        int n = hasN ? Vfp.vn(t, true) : 0;
        int m = Vfp.vm(t, true);
        if (q == 1 && ((d | n | m) & 1) != 0) {
            return false;
        }
        require(t, SIMDMISC, level);
        int regs = q + 1;
        Inst[] ns = new Inst[regs];
        Inst[] ms = new Inst[regs];
        for (int i = 0; i < regs; i++) {
            ns[i] = hasN ? t.readD(n + i) : null;
            ms[i] = t.readD(m + i);
        }
        Inst[] rs = new Inst[regs];
        for (int i = 0; i < regs; i++) {
            rs[i] = op.apply(ns[i], ms[i]);
        }
        for (int i = 0; i < regs; i++) {
            t.writeD(d + i, rs[i]);
        }
        return true;
    }

    /** VMAXNM, VMINNM (Advanced SIMD; bit 21 = min, F32 only). */
    private static boolean vmaxnmSimd(A32Translator t) {
        if (t.bit(20) != 0 || unconditionalInIt(t)) {
            return false;
        }
        int op = t.bit(21) == 0 ? FpOps.FMAXNM : FpOps.FMINNM;
        IrBuilder b = t.b;
        return lanes(t, true, 3, (n, m) -> Vfp.fpCall(t, Neon.VFP2, n, m, b.c32(FpOps.ctl(op, 32)),
                b.c32(Neon.STANDARD_FPSCR)));
    }

    /** VRINT{N,X,A,Z,M,P} (Advanced SIMD, F32): op = bits [9:7]. */
    private static boolean vrintSimd(A32Translator t) {
        if (t.bits(19, 18) != 2 || unconditionalInIt(t)) {
            return false;
        }
        int fop = switch (t.bits(9, 7)) {
            case 0 -> FpOps.FRINT + ArmFp.RN;
            case 1 -> FpOps.FRINTX; // the Standard FPSCR rounds to nearest, ties to even
            case 2 -> FpOps.FRINT + ArmFp.TIEAWAY;
            case 3 -> FpOps.FRINT + ArmFp.RZ;
            case 5 -> FpOps.FRINT + ArmFp.RM;
            case 7 -> FpOps.FRINT + ArmFp.RP;
            default -> -1;
        };
        if (fop < 0) {
            return false;
        }
        IrBuilder b = t.b;
        return lanes(t, false, 2, (n, m) -> Vfp.fpCall(t, NeonMisc.VFP1, m, b.c32(FpOps.ctl(fop, 32)),
                b.c32(Neon.STANDARD_FPSCR)));
    }

    /** VCVT{A,N,P,M} (Advanced SIMD, F32 to S32/U32; bit 7 = unsigned), rounding from bits [9:8]. */
    private static boolean vcvtSimd(A32Translator t) {
        if (t.bits(19, 18) != 2 || unconditionalInIt(t)) {
            return false;
        }
        boolean unsigned = t.bit(7) != 0;
        int ctl = FpOps.cvtCtl(32, 32, unsigned, rm(t.bits(9, 8)), 0);
        IrBuilder b = t.b;
        return lanes(t, false, 1, (n, m) -> Vfp.fpCall(t, NeonShift.TO_INT, m, b.c32(ctl), b.c32(Neon.STANDARD_FPSCR)));
    }
}
