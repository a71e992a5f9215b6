package org.jemu.arm.a32;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.arm.cpu.Esr;
import org.junit.jupiter.api.Test;

/**
 * VFP instruction tests written from the manual (DDI 0406C A8.8 pages, encodings from llvm-mc), run in both
 * tiers by {@link A32Harness}.
 */
class VfpInstructionTest {
    static final int VMLA_S0_S1_S2 = 0xee000a81;     // vmla.f32 s0, s1, s2
    static final int VFMA_S0_S1_S2 = 0xeea00a81;     // vfma.f32 s0, s1, s2
    static final int VCVT_S32_F32 = 0xeebd0ae0;      // vcvt.s32.f32 s0, s1 (round toward zero)
    static final int VCVTR_S32_F32 = 0xeebd0a60;     // vcvtr.s32.f32 s0, s1 (FPSCR rounding)
    static final int VCMP_S0_S1 = 0xeeb40a60;        // vcmp.f32 s0, s1
    static final int VMRS_NZCV = 0xeef1fa10;         // vmrs APSR_nzcv, fpscr
    static final int MOVEQ_R0_1 = 0x03a00001;        // moveq r0, #1
    static final int VADD_S0_S1_S2 = 0xee300a81;     // vadd.f32 s0, s1, s2
    static final int VADDNE_S0_S1_S2 = 0x1e300a81;   // vaddne.f32 s0, s1, s2
    static final int VMSR_R2 = 0xeee12a10;           // vmsr fpscr, r2
    static final int VMRS_R3 = 0xeef13a10;           // vmrs r3, fpscr
    static final int VMRS_R0_MVFR0 = 0xeef70a10;     // vmrs r0, mvfr0
    static final int VLDR_D1 = 0xed901b00;           // vldr d1, [r0]
    static final int VSTMIA_R0_S0_S3 = 0xec800a04;   // vstmia r0, {s0-s3}
    static final int VPUSH_D8_D9 = 0xed2d8b04;       // vpush {d8-d9}
    static final int VPOP_D0_D1 = 0xecbd0b04;        // vpop {d0-d1}
    static final int VMOV_R0_R1_D17 = 0xec510b31;    // vmov r0, r1, d17
    static final int VMOV_S8_R2_D0_5 = 0xee702b30;   // vmov.s8 r2, d0[5]
    static final int VCVTT_F16_F32 = 0xeeb30ae0;     // vcvtt.f16.f32 s0, s1
    static final int VCVT_FIXED = 0xeeba0ac8;        // vcvt.f32.s32 s0, s0, #16

    static final int IOC = 1, IXC = 1 << 4;

    @Test
    void vmlaRoundsTheProductButVfmaIsFused() {
        // (1 + 2^-23) * (1 - 2^-24) = 1 + 2^-24 - 2^-47 rounds to 1.0; adding -1.0 gives +0 unfused and
        // 2^-24 - 2^-47 (0x337ffffe, exact) fused
        A32Harness h = new A32Harness();
        h.sreg(0, 0xbf80_0000);
        h.sreg(1, 0x3f80_0001);
        h.sreg(2, 0x3f7f_ffff);
        h.run(VMLA_S0_S1_S2);
        assertEquals(0, h.sreg(0));
        assertEquals(IXC, h.fpscrOut() & 0x9f);
        h.run(VFMA_S0_S1_S2);
        assertEquals(0x337f_fffe, h.sreg(0));
        assertEquals(0, h.fpscrOut() & 0x9f);
    }

    @Test
    void vcvtRoundsTowardZeroAndVcvtrPerFpscr() {
        A32Harness h = new A32Harness();
        float[] in = {2.5f, -2.5f, 3.5f, 3e9f};
        int[] rz = {2, -2, 3, 0x7fff_ffff};
        int[] rn = {2, -2, 4, 0x7fff_ffff};
        int[] rp = {3, -2, 4, 0x7fff_ffff};
        int[] rm = {2, -3, 3, 0x7fff_ffff};
        for (int i = 0; i < in.length; i++) {
            h.sreg(1, Float.floatToRawIntBits(in[i]));
            h.fpscr = 0;
            assertEquals(rz[i], h.run(VCVT_S32_F32).sreg(0));
            assertEquals(i == 3 ? IOC : IXC, h.fpscrOut() & 0x9f);
            assertEquals(rn[i], h.run(VCVTR_S32_F32).sreg(0));
            h.fpscr = 1 << 22;
            assertEquals(rp[i], h.run(VCVTR_S32_F32).sreg(0));
            h.fpscr = 2 << 22;
            assertEquals(rm[i], h.run(VCVTR_S32_F32).sreg(0));
            h.fpscr = 3 << 22;
            assertEquals(rz[i], h.run(VCVTR_S32_F32).sreg(0));
        }
        h.fpscr = 0;
        h.sreg(0, 0xffff_8000);                  // -32768 as s32 with 16 fraction bits = -0.5
        assertEquals(Float.floatToRawIntBits(-0.5f), h.run(VCVT_FIXED).sreg(0));
    }

    @Test
    void vmrsApsrNzcvCopiesTheComparison() {
        A32Harness h = new A32Harness();
        float[][] cases = {{1, 2}, {2, 2}, {3, 2}, {Float.NaN, 2}};
        int[] nzcv = {0b1000, 0b0110, 0b0010, 0b0011};
        for (int i = 0; i < cases.length; i++) {
            h.sreg(0, Float.floatToRawIntBits(cases[i][0]));
            h.sreg(1, Float.floatToRawIntBits(cases[i][1]));
            h.r[0] = 0;
            h.run(VCMP_S0_S1, VMRS_NZCV, MOVEQ_R0_1);
            assertEquals(nzcv[i], h.flags());
            assertEquals(nzcv[i], h.fpscrOut() >>> 28);
            assertEquals(i == 1 ? 1 : 0, h.reg(0));
        }
    }

    @Test
    void fpscrIsTheUnionOfFpcrAndFpsr() {
        A32Harness h = new A32Harness();
        h.r[2] = 0xf3c0_ff9f;                    // NZCV, AHP, DN, FZ, RMode, trap enables, flags
        h.run(VMSR_R2, VMRS_R3);
        assertEquals(0x03c0_0000L, h.cpu.regs[Aarch64Cpu.FPCR]);      // DN, FZ, RMode = RZ
        assertEquals(0xf000_009fL, h.cpu.regs[Aarch64Cpu.FPSR]);      // NZCV, cumulative flags
        assertEquals(0xf3c0_009fL, h.reg(3));                         // trap enables RAZ/WI
    }

    @Test
    void nonzeroLenMakesDataProcessingUndefined() {
        A32Harness h = new A32Harness();
        h.fpscr = 1 << 16;                       // Len = 1: no short vectors on this PE
        h.run(VADD_S0_S1_S2);
        assertEquals(A32Harness.SYNC_A32, h.pc());
        assertEquals(Esr.EC_UNKNOWN, (int) (h.cpu.esr[1] >>> Esr.EC_SHIFT) & 0x3f);
        h.sreg(0, 0x3f80_0000);
        h.sreg(1, 0x3f80_0000);
        h.run(VCMP_S0_S1);                       // not short-vector capable: executes
        assertEquals(A32Harness.end(1), h.pc());
    }

    @Test
    void disabledFpTrapsWithEc7AndSystemRegistersAreUndefinedAtEl0() {
        A32Harness h = new A32Harness();
        h.fpDisabled = true;
        h.run(VADD_S0_S1_S2);
        assertEquals(A32Harness.SYNC_A32, h.pc());
        assertEquals(Esr.EC_FP_ACCESS, (int) (h.cpu.esr[1] >>> Esr.EC_SHIFT) & 0x3f);
        assertEquals(A32Harness.CODE, h.cpu.elr[1]);
        h.fpDisabled = false;
        h.run(VMRS_R0_MVFR0);
        assertEquals(Esr.EC_UNKNOWN, (int) (h.cpu.esr[1] >>> Esr.EC_SHIFT) & 0x3f);
    }

    @Test
    void failedConditionRaisesNoFlags() {
        A32Harness h = new A32Harness();
        h.sreg(1, 0x7f80_0001);                  // signalling NaN: IOC if executed
        h.nzcv = 0b0100;                         // Z: NE fails
        h.run(VADDNE_S0_S1_S2);
        assertEquals(0, h.fpscrOut());
        assertEquals(0, h.sreg(0));
        h.nzcv = 0;
        h.run(VADDNE_S0_S1_S2);
        assertEquals(IOC, h.fpscrOut());
        assertEquals(0x7fc0_0001, h.sreg(0));
    }

    @Test
    void loadsStoresAndTransfers() {
        A32Harness h = new A32Harness();
        h.dataWord(0, 0x1122_3344);
        h.dataWord(4, 0x5566_7788);
        h.r[0] = A32Harness.DATA;
        h.run(VLDR_D1);
        assertEquals(0x5566_7788_1122_3344L, h.dreg(1));
        h.d[0] = 0x0000_0002_0000_0001L;
        h.d[1] = 0x0000_0004_0000_0003L;
        h.run(VSTMIA_R0_S0_S3);
        for (int i = 0; i < 4; i++) {
            assertEquals(i + 1, h.dataWord(4 * i));
        }
        h.r[13] = A32Harness.DATA + 0x100;
        h.d[8] = 0x8888_8888_0000_0008L;
        h.d[9] = 0x9999_9999_0000_0009L;
        h.run(VPUSH_D8_D9, VPOP_D0_D1);
        assertEquals(A32Harness.DATA + 0x100, h.reg(13));
        assertEquals(0x8888_8888_0000_0008L, h.dreg(0));
        assertEquals(0x9999_9999_0000_0009L, h.dreg(1));
        h.d[17] = 0xdead_beef_0123_4567L;
        h.d[0] = 0x0000_8000_0000_0000L;
        h.run(VMOV_R0_R1_D17, VMOV_S8_R2_D0_5);
        assertEquals(0x0123_4567L, h.reg(0));
        assertEquals(0xdead_beefL, h.reg(1));
        assertEquals(0xffff_ff80L, h.reg(2));
    }

    @Test
    void vcvttWritesTheTopHalf() {
        A32Harness h = new A32Harness();
        h.sreg(0, 0x0000_1234);
        h.sreg(1, Float.floatToRawIntBits(1.5f));
        h.run(VCVTT_F16_F32);
        assertEquals(0x3e00_1234, h.sreg(0));
    }

    @Test
    void t32FormsInAnItBlock() {
        // vcmp.f32 s0, s1; vmrs APSR_nzcv, fpscr; ite gt; vaddgt.f32 s4, s0, s1; vsubgt... (le) in T32
        A32Harness h = new A32Harness();
        h.sreg(0, Float.floatToRawIntBits(3f));
        h.sreg(1, Float.floatToRawIntBits(2f));
        int ite = 0xbfcc;                        // ite gt
        int vaddgt = 0xee302a20;                 // vadd.f32 s4, s0, s1
        int vsuble = 0xee302a60;                 // vsub.f32 s4, s0, s1
        h.runThumb(0xeeb40a60, 0xeef1fa10, ite, vaddgt, vsuble);
        assertEquals(Float.floatToRawIntBits(5f), h.sreg(4));
        h.sreg(0, Float.floatToRawIntBits(1f));
        h.runThumb(0xeeb40a60, 0xeef1fa10, ite, vaddgt, vsuble);
        assertEquals(Float.floatToRawIntBits(-1f), h.sreg(4));
    }
}
