package org.jemu.arm.a32;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.arm.cpu.Esr;
import org.junit.jupiter.api.Test;

/**
 * Advanced SIMD instruction tests written from the manual (DDI 0406C A8.8 pages and the shared pseudocode;
 * encodings from {@code llvm-mc -triple=armv7a -mattr=+neon}), run in both tiers by {@link A32Harness}: the
 * points where jemu follows the Arm ARM and the differential fuzzers' oracle (QEMU 5.0 in Unicorn) does
 * not or cannot show it (alignment qualifiers), and the Standard FPSCR value and FPSCR.QC rules.
 */
class NeonInstructionTest {
    static final int VRECPS_D0_D1_D2 = 0xf2010f12;   // vrecps.f32 d0, d1, d2
    static final int VADD_F32_D0_D1_D2 = 0xf2010d02; // vadd.f32 d0, d1, d2
    static final int VQMOVN_S32_D0_Q1 = 0xf3b60282;  // vqmovn.s32 d0, q1
    static final int VLD1_64_ALIGNED = 0xf42007df;   // vld1.64 {d0}, [r0:64]
    static final int VLD1_64 = 0xf42007cf;           // vld1.64 {d0}, [r0]
    static final int VLD4_8_WB = 0xf420000d;         // vld4.8 {d0, d1, d2, d3}, [r0]!
    static final int VST2_16_R2 = 0xf4014842;        // vst2.16 {d4, d5}, [r1], r2
    static final int VLD1_32_ALL = 0xf4a36caf;       // vld1.32 {d6[], d7[]}, [r3]
    static final int T_IT_EQ = 0xbf08;               // it eq
    static final int T_VADDEQ_I32 = 0xef210802;      // vaddeq.i32 d0, d1, d2

    static final int IXC = 1 << 4;
    static final int IDC = 1 << 7;
    static final int QC = 1 << 27;

    @Test
    void vrecpsRoundsTheProductBeforeSubtracting() {
        // ARMv7 FPRecipStep: FPSub(2.0, FPMul(op1, op2)). (1 + 2^-23) * (1 - 2^-24) = 1 + 2^-24 - 2^-47 rounds
        // to 1.0, so the step gives exactly 1.0 (0x3f800000); a fused step would give 1 - 2^-24 (0x3f7fffff).
        // Lane 1: infinity * zero gives 2.0 without flags.
        A32Harness h = new A32Harness();
        h.d[1] = 0x7f80_0000_3f80_0001L;
        h.d[2] = 0x0000_0000_3f7f_ffffL;
        h.run(VRECPS_D0_D1_D2);
        assertEquals(0x4000_0000_3f80_0000L, h.dreg(0));
        assertEquals(IXC, h.fpscrOut() & 0x9f);
    }

    @Test
    void floatingPointLanesUseTheStandardFpscrValue() {
        // FPSCR.FZ = 0 and DN = 0, but Advanced SIMD flushes the denormal input (IDC) and returns the
        // default NaN for a NaN operand (A2.7.4 StandardFPSCRValue)
        A32Harness h = new A32Harness();
        h.fpscr = 0;
        h.d[1] = 0x7f80_0001_0000_0001L;   // lane 1: signalling NaN; lane 0: smallest denormal
        h.d[2] = 0x3f80_0000_0000_0000L;
        h.run(VADD_F32_D0_D1_D2);
        assertEquals(0x7fc0_0000_0000_0000L, h.dreg(0));
        assertEquals(IDC | 1, h.fpscrOut() & 0x9f);   // IDC and IOC (the signalling NaN)
    }

    @Test
    void saturationSetsFpscrQc() {
        A32Harness h = new A32Harness();
        h.d[2] = 0xffff_8000_0001_2345L;   // -32768 fits, 0x12345 saturates to 0x7fff
        h.d[3] = 0x8000_0000_0000_0001L;   // 1 fits, INT_MIN saturates to 0x8000
        h.run(VQMOVN_S32_D0_Q1);
        assertEquals(0x8000_0001_8000_7fffL, h.dreg(0));
        assertEquals(QC, h.fpscrOut() & QC);
        h.d[2] = 0;
        h.d[3] = 0;
        h.run(VQMOVN_S32_D0_Q1);
        assertEquals(0, h.fpscrOut() & QC);
    }

    @Test
    void alignmentQualifierFaultsWhateverSctlrASays() {
        A32Harness h = new A32Harness();
        for (int i = 0; i < 16; i++) {
            h.data[i] = (byte) i;
        }
        h.r[0] = A32Harness.DATA + 4;
        h.run(VLD1_64);
        assertEquals(A32Harness.end(1), h.pc());
        assertEquals(0x0b0a_0908_0706_0504L, h.dreg(0));
        h.run(VLD1_64_ALIGNED);
        assertEquals(A32Harness.SYNC_A32, h.pc());
        long esr = h.cpu.esr[1];
        assertEquals(Esr.EC_DATA_ABORT_LOWER, (int) (esr >>> Esr.EC_SHIFT) & 0x3f);
        assertEquals(Esr.FSC_ALIGNMENT, (int) esr & 0x3f);
        assertEquals(A32Harness.DATA + 4, h.cpu.far[1]);
    }

    @Test
    void vld4DeinterleavesAndWritesBack() {
        A32Harness h = new A32Harness();
        for (int i = 0; i < 32; i++) {
            h.data[i] = (byte) i;
        }
        h.r[0] = A32Harness.DATA;
        h.run(VLD4_8_WB);
        assertEquals(0x1c18_1410_0c08_0400L, h.dreg(0));
        assertEquals(0x1d19_1511_0d09_0501L, h.dreg(1));
        assertEquals(0x1e1a_1612_0e0a_0602L, h.dreg(2));
        assertEquals(0x1f1b_1713_0f0b_0703L, h.dreg(3));
        assertEquals(A32Harness.DATA + 32, h.reg(0));
    }

    @Test
    void vst2InterleavesAndAddsRm() {
        A32Harness h = new A32Harness();
        h.d[4] = 0x0004_0003_0002_0001L;
        h.d[5] = 0x0014_0013_0012_0011L;
        h.r[1] = A32Harness.DATA + 2;
        h.r[2] = 0x100;
        h.run(VST2_16_R2);
        int[] expect = {1, 0x11, 2, 0x12, 3, 0x13, 4, 0x14};
        for (int i = 0; i < 8; i++) {
            int v = (h.dataOut[2 + 2 * i] & 0xff) | (h.dataOut[3 + 2 * i] & 0xff) << 8;
            assertEquals(expect[i], v, "halfword " + i);
        }
        assertEquals(A32Harness.DATA + 0x102, h.reg(1));
    }

    @Test
    void vld1AllLanesReplicates() {
        A32Harness h = new A32Harness();
        h.data[8] = 0x78;
        h.data[9] = 0x56;
        h.data[10] = 0x34;
        h.data[11] = 0x12;
        h.r[3] = A32Harness.DATA + 8;
        h.run(VLD1_32_ALL);
        assertEquals(0x1234_5678_1234_5678L, h.dreg(6));
        assertEquals(0x1234_5678_1234_5678L, h.dreg(7));
        assertEquals(A32Harness.DATA + 8, h.reg(3));
    }

    @Test
    void t32NeonInAnItBlockIsConditional() {
        A32Harness h = new A32Harness();
        h.d[0] = 0x1111_1111_1111_1111L;
        h.d[1] = 0x0000_0001_0000_0002L;
        h.d[2] = 0x0000_0010_0000_0020L;
        h.nzcv = 0;                         // Z clear: EQ fails
        h.runThumb(T_IT_EQ, T_VADDEQ_I32);
        assertEquals(0x1111_1111_1111_1111L, h.dreg(0));
        h.nzcv = 0b0100;                    // Z set
        h.runThumb(T_IT_EQ, T_VADDEQ_I32);
        assertEquals(0x0000_0011_0000_0022L, h.dreg(0));
        assertEquals(0, h.cpu.regs[Aarch64Cpu.IT]);
    }
}
