package org.jemu.arm.a32;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.arm.cpu.Esr;
import org.junit.jupiter.api.Test;

/**
 * T32 instructions executed as AArch32 EL0 code in T32 state ({@link A32Harness#runThumb}, both tiers),
 * with expected values from the DDI 0406C pseudocode: IT blocks (A8.8.55, A2.5.2 ITSTATE and ITAdvance),
 * the 16-bit flag-setting rule (setflags = !InITBlock()), TBB/TBH (A8.8.238), CBZ/CBNZ (A8.8.29),
 * interworking (BLX (immediate) to A32, A8.8.25; LoadWritePC) and ThumbExpandImm_C (A6.3.2). Words
 * assembled with {@code llvm-mc -triple=thumbv7a}; 32-bit instructions are written hw1:hw2.
 */
class T32InstructionTest {
    static final int ITE_EQ = 0xbf0c;            // ite eq
    static final int IT_EQ = 0xbf08;             // it eq
    static final int ITT_EQ = 0xbf04;            // itt eq
    static final int ITTET_NE = 0xbf1b;          // ittet ne
    static final int MOVS_R0_1 = 0x2001;         // movs r0, #1 (moveq r0, #1 inside an IT block)
    static final int MOVS_R0_2 = 0x2002;         // movs r0, #2
    static final int MOVS_R1_2 = 0x2102;         // movs r1, #2
    static final int MOVS_R3_1 = 0x2301, MOVS_R4_2 = 0x2402, MOVS_R5_3 = 0x2503, MOVS_R6_4 = 0x2604;
    static final int ADDS = 0x1888;              // adds r0, r1, r2 (addeq r0, r1, r2 inside an IT block)
    static final int CMP_R1_R2 = 0x4291;         // cmp r1, r2
    static final int SVC_1 = 0xdf01;             // svc #1
    static final int LDR_R0_R7 = 0x6838;         // ldr r0, [r7]
    static final int B_8 = 0xe004;               // b #8
    static final int TBB = 0xe8dff001;           // tbb [pc, r1]
    static final int TBH = 0xe8dff011;           // tbh [pc, r1, lsl #1]
    static final int MOVS_R0_10 = 0x200a, MOVS_R2_20 = 0x2214, MOVS_R1_1 = 0x2101, MOVS_R2_2 = 0x2202;
    static final int CBZ_R0 = 0xb100;            // cbz r0, (next instruction + 2)
    static final int CBNZ_R0 = 0xb900;           // cbnz r0, (next instruction + 2)
    static final int BLX_252 = 0xf000e87e;       // blx #252 (to A32 code at Align(PC, 4) + 252)
    static final int MOVS_R1_5 = 0x2105;
    static final int ANDS_W = 0xf0114000;        // ands.w r0, r1, #0x80000000
    static final int MOVS_W = 0xf05f10ab;        // movs.w r0, #0x00ab00ab
    static final int ORNS = 0xf07100ff;          // orns r0, r1, #255
    static final int POP_R0_PC = 0xbd01;         // pop {r0, pc}
    static final int LDR_PC = 0xf8d4f000;        // ldr.w pc, [r4]

    static final int N = 8, Z = 4, C = 2, V = 1;

    /** ITSTATE as saved in SPSR_EL1 (IT[1:0] bits 26:25, IT[7:2] bits 15:10). */
    static int spsrIt(long spsr) {
        return (int) ((spsr >>> 25) & 3 | ((spsr >>> 10) & 0x3f) << 2);
    }

    static A32Harness thumb() {
        A32Harness h = new A32Harness();
        h.thumb = true;
        return h;
    }

    @Test
    void iteSelectsThenAndElse() {
        A32Harness h = thumb();
        h.nzcv = Z;
        h.runThumb(ITE_EQ, MOVS_R0_1, MOVS_R0_2);
        assertEquals(1, h.reg(0));
        assertEquals(Z, h.flags(), "MOVS inside an IT block does not set flags");
        assertEquals(A32Harness.thumbEnd(ITE_EQ, MOVS_R0_1, MOVS_R0_2), h.pc());
        assertEquals(0, h.cpu.regs[Aarch64Cpu.IT]);
        h.nzcv = 0;
        h.runThumb(ITE_EQ, MOVS_R0_1, MOVS_R0_2);
        assertEquals(2, h.reg(0));
        assertEquals(0, h.flags());
    }

    @Test
    void fourInstructionBlockAndEveryBlockSplit() {
        for (int max : new int[] {0, 1, 2, 3}) {
            A32Harness h = thumb();
            h.maxBlock = max;
            h.nzcv = 0; // NE holds
            h.runThumb(ITTET_NE, MOVS_R3_1, MOVS_R4_2, MOVS_R5_3, MOVS_R6_4);
            assertEquals(1, h.reg(3), "max block " + max);
            assertEquals(2, h.reg(4));
            assertEquals(0, h.reg(5));
            assertEquals(4, h.reg(6));
            assertEquals(0, h.cpu.regs[Aarch64Cpu.IT]);
            h.nzcv = Z;
            h.runThumb(ITTET_NE, MOVS_R3_1, MOVS_R4_2, MOVS_R5_3, MOVS_R6_4);
            assertEquals(0, h.reg(3));
            assertEquals(0, h.reg(4));
            assertEquals(3, h.reg(5));
            assertEquals(0, h.reg(6));
        }
    }

    @Test
    void sixteenBitFlagSettingOnlyOutsideItBlocks() {
        A32Harness h = thumb();
        h.r[1] = 0x7fff_ffffL;
        h.r[2] = 1;
        h.runThumb(ADDS);
        assertEquals(0x8000_0000L, h.reg(0));
        assertEquals(N | V, h.flags());
        h.nzcv = Z;
        h.runThumb(IT_EQ, ADDS);                     // addeq: same result, flags kept
        assertEquals(0x8000_0000L, h.reg(0));
        assertEquals(Z, h.flags());
        h.runThumb(IT_EQ, CMP_R1_R2);                // CMP sets flags inside an IT block too
        assertEquals(C, h.flags());
    }

    @Test
    void stateEnteredInsideAnItBlock() {
        A32Harness h = thumb();
        h.it = 0x08;                                 // one EQ instruction left
        h.runThumb(MOVS_R0_1, MOVS_R1_2);
        assertEquals(0, h.reg(0), "EQ fails: skipped");
        assertEquals(2, h.reg(1), "after the IT block: unconditional");
        assertEquals(0, h.flags());
        h.nzcv = Z;
        h.runThumb(MOVS_R0_1, MOVS_R1_2);
        assertEquals(1, h.reg(0));
        assertEquals(0, h.flags(), "movs r1, #2 outside the block sets Z = 0");
    }

    @Test
    void svcInsideItBlockSavesTheAdvancedItState() {
        A32Harness h = thumb();
        h.nzcv = Z;
        h.runThumb(ITT_EQ, SVC_1, MOVS_R0_1);
        assertEquals(A32Harness.SYNC_A32, h.pc());
        assertEquals(Esr.EC_SVC32, (int) (h.cpu.esr[1] >>> Esr.EC_SHIFT) & 0x3f);
        assertEquals(1, h.cpu.esr[1] & 0xffff);
        assertEquals(0, h.cpu.esr[1] & Esr.IL, "IL = 0: a 16-bit instruction");
        assertEquals(A32Harness.CODE + 4, h.cpu.elr[1], "preferred return: the instruction after the 16-bit SVC");
        assertEquals(0x08, spsrIt(h.cpu.spsr[1]), "ITSTATE of the moveq after the SVC");
        assertEquals(1, (h.cpu.spsr[1] >>> 5) & 1, "SPSR.T");
        h.nzcv = 0;                                  // EQ fails: no SVC, no move
        h.runThumb(ITT_EQ, SVC_1, MOVS_R0_1);
        assertEquals(A32Harness.thumbEnd(ITT_EQ, SVC_1, MOVS_R0_1), h.pc());
        assertEquals(0, h.reg(0));
    }

    @Test
    void dataAbortInsideItBlockSavesItsItState() {
        A32Harness h = thumb();
        h.r[7] = 0x1000_0000L;                       // unmapped
        h.nzcv = Z;
        h.runThumb(IT_EQ, LDR_R0_R7);
        assertEquals(A32Harness.SYNC_A32, h.pc());
        assertEquals(A32Harness.CODE + 2, h.cpu.elr[1]);
        assertEquals(0x08, spsrIt(h.cpu.spsr[1]));
        h.nzcv = 0;                                  // a failing condition makes no access
        h.runThumb(IT_EQ, LDR_R0_R7);
        assertEquals(A32Harness.thumbEnd(IT_EQ, LDR_R0_R7), h.pc());
    }

    @Test
    void unpredictableItUsesAreUndefined() {
        A32Harness h = thumb();
        h.nzcv = Z;
        h.runThumb(ITT_EQ, IT_EQ, MOVS_R0_1);        // IT inside an IT block
        assertEquals(A32Harness.SYNC_A32, h.pc());
        assertEquals(Esr.EC_UNKNOWN, (int) (h.cpu.esr[1] >>> Esr.EC_SHIFT) & 0x3f);
        assertEquals(A32Harness.CODE + 2, h.cpu.elr[1]);
        h.runThumb(ITT_EQ, B_8, MOVS_R0_1);          // a branch not last in the block
        assertEquals(A32Harness.SYNC_A32, h.pc());
        assertEquals(A32Harness.CODE + 2, h.cpu.elr[1]);
        h.runThumb(IT_EQ, CBZ_R0);                   // CBZ inside an IT block
        assertEquals(A32Harness.SYNC_A32, h.pc());
        assertEquals(A32Harness.CODE + 2, h.cpu.elr[1]);
    }

    @Test
    void branchLastInItBlockIsConditional() {
        int nop = 0xbf00;
        int[] prog = {IT_EQ, B_8, MOVS_R0_1, nop, nop, nop, nop}; // beq to CODE + 2 + 4 + 8 = the end
        A32Harness h = thumb();
        h.nzcv = Z;
        h.runThumb(prog);
        assertEquals(A32Harness.CODE + 14, A32Harness.thumbEnd(prog));
        assertEquals(A32Harness.CODE + 14, h.pc());
        assertEquals(0, h.reg(0), "taken");
        h.nzcv = 0;
        h.runThumb(prog);
        assertEquals(1, h.reg(0), "not taken");
        assertEquals(A32Harness.CODE + 14, h.pc());
    }

    @Test
    void tbbAndTbhBranchThroughTablesAfterThem() {
        for (int i = 0; i < 2; i++) {
            A32Harness h = thumb();
            h.r[1] = i;
            h.runThumb(TBB, 0x0201, MOVS_R0_10, MOVS_R2_20);   // table {1, 2}
            assertEquals(i == 0 ? 10 : 0, h.reg(0));
            assertEquals(20, h.reg(2));
            assertEquals(A32Harness.thumbEnd(TBB, 0x0201, MOVS_R0_10, MOVS_R2_20), h.pc());
            h.runThumb(TBH, 0x0002, 0x0003, MOVS_R0_10, MOVS_R2_20); // table {2, 3}
            assertEquals(i == 0 ? 10 : 0, h.reg(0));
            assertEquals(20, h.reg(2));
        }
    }

    @Test
    void cbzAndCbnz() {
        A32Harness h = thumb();
        h.runThumb(CBZ_R0, MOVS_R1_1, MOVS_R2_2);
        assertEquals(0, h.reg(1));
        assertEquals(2, h.reg(2));
        h.r[0] = 5;
        h.runThumb(CBZ_R0, MOVS_R1_1, MOVS_R2_2);
        assertEquals(1, h.reg(1));
        h.runThumb(CBNZ_R0, MOVS_R1_1, MOVS_R2_2);
        assertEquals(0, h.reg(1));
        assertEquals(2, h.reg(2));
    }

    @Test
    void blxImmediateToArmAndBxLrBack() {
        A32Harness h = thumb();
        byte[] code = new byte[0x108];
        byte[] t = A32Harness.thumbImage(BLX_252, MOVS_R1_5);
        System.arraycopy(t, 0, code, 0, t.length);
        int[] arm = {0xe2800001, 0xe12fff1e};        // add r0, r0, #1; bx lr
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 4; k++) {
                code[0x100 + 4 * i + k] = (byte) (arm[i] >>> (8 * k));
            }
        }
        h.runImage(code, 12);
        assertEquals(1, h.reg(0));
        assertEquals(5, h.reg(1));
        assertEquals(A32Harness.CODE + 5, h.reg(14), "LR = next instruction with bit 0 set");
        assertEquals(A32Harness.CODE + 6, h.pc());
        assertEquals(1, h.cpu.regs[Aarch64Cpu.TF]);
    }

    @Test
    void loadWritePcInterworks() {
        A32Harness h = thumb();
        h.r[13] = A32Harness.DATA;
        h.dataWord(0, 0x1234);
        h.dataWord(4, (int) A32Harness.CODE + 4 | 1);
        h.runThumb(POP_R0_PC, MOVS_R1_1);
        assertEquals(0x1234, h.reg(0));
        assertEquals(0, h.reg(1));
        assertEquals(A32Harness.DATA + 8, h.reg(13));
        assertEquals(A32Harness.CODE + 4, h.pc());
        assertEquals(1, h.cpu.regs[Aarch64Cpu.TF]);
        h.r[4] = A32Harness.DATA;                    // to A32: an A32 "b ." at CODE + 0x10
        h.dataWord(0, (int) A32Harness.CODE + 0x10);
        byte[] code = new byte[0x20];
        byte[] t = A32Harness.thumbImage(LDR_PC);
        System.arraycopy(t, 0, code, 0, t.length);
        int bSelf = A32Harness.B_SELF;
        for (int k = 0; k < 4; k++) {
            code[0x10 + k] = (byte) (bSelf >>> (8 * k));
        }
        h.runImage(code, 8);
        assertEquals(A32Harness.CODE + 0x10, h.pc());
        assertEquals(0, h.cpu.regs[Aarch64Cpu.TF]);
    }

    /** IT NE; POPNE {r0, pc}: pops and branches if NE holds, else goes on with the next instruction. */
    @Test
    void conditionalPopOfPcInAnItBlock() {
        int itNe = 0xbf18;                           // it ne
        A32Harness h = thumb();
        h.r[13] = A32Harness.DATA;
        h.dataWord(0, 0x1234);
        h.dataWord(4, (int) A32Harness.CODE + 6 | 1);   // to the movs r2 (T32)
        h.nzcv = Z;                                  // NE fails
        h.runThumb(itNe, POP_R0_PC, MOVS_R1_1, MOVS_R2_2);
        assertEquals(0, h.reg(0));
        assertEquals(A32Harness.DATA, h.reg(13));
        assertEquals(1, h.reg(1));
        assertEquals(2, h.reg(2));
        assertEquals(A32Harness.thumbEnd(itNe, POP_R0_PC, MOVS_R1_1, MOVS_R2_2), h.pc());
        assertEquals(0, h.cpu.regs[Aarch64Cpu.IT]);
        h.nzcv = 0;                                  // NE holds
        h.runThumb(itNe, POP_R0_PC, MOVS_R1_1, MOVS_R2_2);
        assertEquals(0x1234, h.reg(0));
        assertEquals(A32Harness.DATA + 8, h.reg(13));
        assertEquals(0, h.reg(1));
        assertEquals(2, h.reg(2));
        assertEquals(A32Harness.thumbEnd(itNe, POP_R0_PC, MOVS_R1_1, MOVS_R2_2), h.pc());
        assertEquals(1, h.cpu.regs[Aarch64Cpu.TF]);
    }

    @Test
    void thumbExpandImmAndItsCarry() {
        A32Harness h = thumb();
        h.r[1] = 0x8000_0001L;
        h.runThumb(ANDS_W);                          // rotated form: C = bit 31 of the immediate
        assertEquals(0x8000_0000L, h.reg(0));
        assertEquals(N | C, h.flags());
        h.nzcv = C;
        h.runThumb(MOVS_W);                          // replicated 0x00XY00XY: C unchanged
        assertEquals(0x00ab00abL, h.reg(0));
        assertEquals(C, h.flags());
        h.nzcv = 0;
        h.r[1] = 0;
        h.runThumb(ORNS);                            // r1 OR NOT 0xff
        assertEquals(0xffff_ff00L, h.reg(0));
        assertEquals(N, h.flags());
        assertEquals(0x00ab00ab, A32Translator.thumbExpandImm(0x1ab));
        assertEquals(0xab00ab00, A32Translator.thumbExpandImm(0x2ab));
        assertEquals(0xabababab, A32Translator.thumbExpandImm(0x3ab));
        assertEquals(0x8000_0000, A32Translator.thumbExpandImm(0x400));
        assertEquals(0x0000_01fe, A32Translator.thumbExpandImm(0xfff));
    }
}
