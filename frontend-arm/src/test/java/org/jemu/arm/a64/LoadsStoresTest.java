package org.jemu.arm.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.ir.Op;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Arm ARM C4.1.4 Loads and Stores of general-purpose registers. Data lives at {@link A64Harness#DATA};
 * memory is little-endian (SCTLR_EL1.EE = 0 at reset).
 */
class LoadsStoresTest {
    static final long D = A64Harness.DATA;
    A64Harness h;

    @BeforeEach
    void setUp() {
        h = new A64Harness();
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    // ---- unsigned offset ---------------------------------------------------------------------------

    @Test
    void storeAndLoadAllSizes() {
        h.x(1, 0x8877_6655_4433_2211L).x(2, D).run(
                0xf9000441 /* str x1, [x2, #8] */, 0xb9001041 /* str w1, [x2, #16] */, 0x79002841 /* strh w1, [x2, #20] */, 0x39005c41 /* strb w1, [x2, #23] */);
        assertEquals(0x8877_6655_4433_2211L, h.read(D + 8, 8));
        assertEquals(0x4433_2211L, h.read(D + 16, 4));
        assertEquals(0x2211, h.read(D + 20, 2));
        assertEquals(0x11, h.read(D + 23, 1));
        h.x(3, -1).x(4, -1).x(5, -1).x(6, -1).run(
                0xf9400443 /* ldr x3, [x2, #8] */, 0xb9400844 /* ldr w4, [x2, #8] */, 0x79401045 /* ldrh w5, [x2, #8] */, 0x39403c46 /* ldrb w6, [x2, #15] */);
        assertEquals(0x8877_6655_4433_2211L, h.x(3));
        assertEquals(0x4433_2211L, h.x(4));
        assertEquals(0x2211, h.x(5));
        assertEquals(0x88, h.x(6));
    }

    @Test
    void signExtendingLoads() {
        h.write(D, 8, 0x8000_8080_8000_8080L);
        h.x(2, D).run(0x39800040 /* ldrsb x0, [x2] */, 0x39c00041 /* ldrsb w1, [x2] */, 0x79800043 /* ldrsh x3, [x2] */, 0x79c00044 /* ldrsh w4, [x2] */,
                0xb9800445 /* ldrsw x5, [x2, #4] */);
        assertEquals(0xffff_ffff_ffff_ff80L, h.x(0));
        assertEquals(0xffff_ff80L, h.x(1));
        assertEquals(0xffff_ffff_ffff_8080L, h.x(3));
        assertEquals(0xffff_8080L, h.x(4));
        assertEquals(0xffff_ffff_8000_8080L, h.x(5));
    }

    @Test
    void baseRegister31IsSp() {
        h.sp(D + 0x100).x(1, 0x1234).run(0xf9000be1 /* str x1, [sp, #16] */, 0xf9400be2 /* ldr x2, [sp, #16] */);
        assertEquals(0x1234, h.read(D + 0x110, 8));
        assertEquals(0x1234, h.x(2));
        h.write(D, 8, 0x55);
        h.x(2, D).run(0xf900005f); // str xzr, [x2]: register 31 as Rt is XZR
        assertEquals(0, h.read(D, 8));
    }

    // ---- pre/post-index, unscaled, unprivileged -----------------------------------------------------------

    @Test
    void preAndPostIndex() {
        h.write(D + 8, 8, 0xaaaa);
        h.x(1, D).run(0xf8408c20 /* ldr x0, [x1, #8]! */);
        assertEquals(0xaaaa, h.x(0));
        assertEquals(D + 8, h.x(1));
        h.x(1, D + 8).run(0xf85f8420 /* ldr x0, [x1], #-8 */);
        assertEquals(0xaaaa, h.x(0));
        assertEquals(D, h.x(1));
        h.sp(D + 0x100).x(0, 0x77).run(0xb81f0fe0 /* str w0, [sp, #-16]! */);
        assertEquals(D + 0xf0, h.sp());
        assertEquals(0x77, h.read(D + 0xf0, 4));
        h.x(0, 0x99).x(1, D).run(0x38001420 /* strb w0, [x1], #1 */);
        assertEquals(D + 1, h.x(1));
        assertEquals(0x99, h.read(D, 1));
        h.write(D + 0x20, 2, 0xfffe);
        h.x(1, D + 0x22).run(0x789fec20 /* ldrsh x0, [x1, #-2]! */);
        assertEquals(-2, h.x(0));
        assertEquals(D + 0x20, h.x(1));
    }

    @Test
    void writebackWithRtEqualRn_baseWins() {
        h.write(D + 8, 8, 0x1234);
        h.x(1, D).run(0xf8408c21 /* ldr x1, [x1, #8]! */);
        assertEquals(D + 8, h.x(1));
        h.x(1, D).run(0xf8010421 /* str x1, [x1], #16 */); // stores the old base value
        assertEquals(D, h.read(D, 8));
        assertEquals(D + 16, h.x(1));
    }

    @Test
    void unscaledAndUnprivileged() {
        h.write(D, 8, 0x0102_0304_0506_0708L);
        h.x(1, D + 3).run(0xf85fd020 /* ldur x0, [x1, #-3] */, 0x38401022 /* ldurb w2, [x1, #1] */, 0xb89fd023 /* ldursw x3, [x1, #-3] */);
        assertEquals(0x0102_0304_0506_0708L, h.x(0));
        assertEquals(0x04, h.x(2));
        assertEquals(0x0506_0708L, h.x(3));
        h.x(4, 0xabcd).run(0x780ff024 /* sturh w4, [x1, #255] */);
        assertEquals(0xabcd, h.read(D + 258, 2));
        h.x(1, D).x(4, 0x11).run(0xf8010824 /* sttr x4, [x1, #16] */, 0xf8410825 /* ldtr x5, [x1, #16] */, 0x38c07826 /* ldtrsb w6, [x1, #7] */);
        assertEquals(0x11, h.x(5));
        assertEquals(0x01, h.x(6));
        // LDTR at EL1 uses the EL0 MMU index, LDR the EL1 one
        long unpriv = h.translate(A64Harness.CODE, 0xf8410825 /* ldtr x5, [x1, #16] */).insts.stream()
                .filter(i -> i.op == Op.LOAD).findFirst().orElseThrow().imm;
        assertEquals(Aarch64Cpu.flagsMmuIdxUnpriv(h.cpu.tbFlags()),
                org.jemu.translator.ir.MemOp.mmuIdx(unpriv));
    }

    // ---- register offset ---------------------------------------------------------------------------

    @Test
    void registerOffset() {
        h.write(D + 24, 8, 0x42);
        h.x(1, D).x(2, 3).run(0xf8627820 /* ldr x0, [x1, x2, lsl #3] */);
        assertEquals(0x42, h.x(0));
        h.x(1, D + 32).x(2, 0xffff_fffeL).run(0xb862d820 /* ldr w0, [x1, w2, sxtw #2] */);
        assertEquals(0x42, h.x(0));
        h.x(1, D).x(2, 0x1_0000_0018L).run(0x38624820 /* ldrb w0, [x1, w2, uxtw] */);
        assertEquals(0x42, h.x(0));
        h.x(1, D).x(2, 12).x(3, 0xbeef).run(0x78227823 /* strh w3, [x1, x2, lsl #1] */);
        assertEquals(0xbeef, h.read(D + 24, 2));
        h.x(1, D + 40).x(2, -16).run(0xb8a2e820 /* ldrsw x0, [x1, x2, sxtx] */);
        assertEquals(0xbeef, h.x(0));
        h.x(1, D).x(2, 24).run(0xf8626820 /* ldr x0, [x1, x2] */);
        assertEquals(0xbeef, h.x(0));
        A64Asserts.assertUndefined(h, 0xf8620820); // ldr x0, [x1, w2, uxtb]: option<1> = 0
    }

    // ---- literal -------------------------------------------------------------------------------------

    @Test
    void literal() {
        h.run(0x58000080 /* ldr x0, #16 */, 0x18000061 /* ldr w1, #12 */, 0x98000042 /* ldrsw x2, #8 */, 0x14000003 /* b #12 */, 0x8000_0001, 0x1234_5678);
        assertEquals(0x1234_5678_8000_0001L, h.x(0));
        assertEquals(0x8000_0001L, h.x(1));
        assertEquals(0xffff_ffff_8000_0001L, h.x(2));
        assertEquals(A64Harness.CODE + 24, h.pc());
    }

    @Test
    void prefetchesAreNops() {
        A64Asserts.assertPlain(h, 0xf9800020 /* prfm pldl1keep, [x1] */);
        A64Asserts.assertPlain(h, 0xf8a27833 /* prfm pstl2strm, [x1, x2, lsl #3] */);
        A64Asserts.assertPlain(h, 0xf89ff020 /* prfum pldl1keep, [x1, #-1] */);
        A64Asserts.assertPlain(h, 0xd8000208 /* prfm plil1keep, #64 */);
    }

    // ---- pairs -----------------------------------------------------------------------------------------

    @Test
    void pairs() {
        h.sp(D + 0x100).x(1, 0x1111).x(2, 0x2222).run(0xa9bf0be1 /* stp x1, x2, [sp, #-16]! */);
        assertEquals(D + 0xf0, h.sp());
        assertEquals(0x1111, h.read(D + 0xf0, 8));
        assertEquals(0x2222, h.read(D + 0xf8, 8));
        h.run(0xa8c113e3 /* ldp x3, x4, [sp], #16 */);
        assertEquals(0x1111, h.x(3));
        assertEquals(0x2222, h.x(4));
        assertEquals(D + 0x100, h.sp());
        h.x(5, D).x(1, 0xaaaa_aaaa_0000_0001L).x(2, 0x2).run(0x290108a1 /* stp w1, w2, [x5, #8] */, 0x29411ca6 /* ldp w6, w7, [x5, #8] */);
        assertEquals(0x0000_0002_0000_0001L, h.read(D + 8, 8));
        assertEquals(1, h.x(6));
        assertEquals(2, h.x(7));
        h.write(D, 8, 0x8000_0000_ffff_fffeL);
        h.x(5, D).run(0x694004a0 /* ldpsw x0, x1, [x5] */);
        assertEquals(-2, h.x(0));
        assertEquals(0xffff_ffff_8000_0000L, h.x(1));
        h.x(5, D + 0x40).x(1, 7).x(2, 8).run(0xa83c08a1 /* stnp x1, x2, [x5, #-64] */, 0xa87c10a3 /* ldnp x3, x4, [x5, #-64] */);
        assertEquals(7, h.x(3));
        assertEquals(8, h.x(4));
        assertEquals(D + 0x40, h.x(5));
        h.x(5, D).run(0xa94018a5 /* ldp x5, x6, [x5] */); // Rt = Rn without write-back is fine
        assertEquals(7, h.x(5));
        A64Asserts.assertUndefined(h, 0x68400020); // ldpsw with no-allocate index (unallocated)
        A64Asserts.assertUndefined(h, 0xe9400020); // ldp with opc = 11
    }

    // ---- exclusives and acquire/release -----------------------------------------------------------

    @Test
    void loadExclusiveArmsMonitor() {
        h.write(D, 8, 0x1234);
        h.x(1, D).run(0xc85f7c20 /* ldxr x0, [x1] */);
        assertEquals(0x1234, h.x(0));
        assertEquals(D, h.cpu.regs[Aarch64Cpu.EXCL_ADDR]);
        assertEquals(0x1234, h.cpu.regs[Aarch64Cpu.EXCL_VAL]);
        assertEquals(1, h.cpu.regs[Aarch64Cpu.EXCL_ARMED]);
        h.run(0xd5033f5f /* clrex */);
        assertEquals(0, h.cpu.regs[Aarch64Cpu.EXCL_ARMED]);
    }

    /**
     * After CLREX the monitor is open, so a store-exclusive fails at every address, including the all-ones
     * address an "address -1 means open" encoding would have matched (B2.9.2).
     */
    @Test
    void storeExclusiveAfterClrexFailsEvenAtAddressMinusOne() {
        h.x(1, -1L).x(0, 0x55).run(0xd5033f5f /* clrex */, 0x08027c20 /* stxrb w2, w0, [x1] */);
        assertEquals(1, h.x(2));
    }

    @Test
    void exclusivePairSucceedsThenFails() {
        h.write(D, 8, 5);
        h.x(1, D).x(3, 6).run(0xc85ffc20 /* ldaxr x0, [x1] */, 0x91000400 /* add x0, x0, #1 */, 0xc802fc20 /* stlxr w2, x0, [x1] */);
        assertEquals(0, h.x(2));
        assertEquals(6, h.read(D, 8));
        h.x(2, 7).run(0xc8027c23 /* stxr w2, x3, [x1] */); // the monitor was cleared by the first store
        assertEquals(1, h.x(2));
        assertEquals(6, h.read(D, 8));
        h.write(D, 4, 9);
        h.run(0x885f7c20 /* ldxr w0, [x1] */, 0xd5033f5f /* clrex */, 0x88027c20 /* stxr w2, w0, [x1] */);
        assertEquals(1, h.x(2));
    }

    @Test
    void exclusiveByteAndHalf() {
        h.write(D, 2, 0x8182);
        h.x(1, D).run(0x085f7c20 /* ldxrb w0, [x1] */, 0x485ffc23 /* ldaxrh w3, [x1] */, 0x52800fe4 /* mov w4, #0x7f */, 0x08027c24 /* stxrb w2, w4, [x1] */);
        assertEquals(0x82, h.x(0));
        assertEquals(0x8182, h.x(3));
        assertEquals(0, h.x(2));
        assertEquals(0x817f, h.read(D, 2));
    }

    @Test
    void exclusivePairs() {
        h.write(D, 8, 0x1111);
        h.write(D + 8, 8, 0x2222);
        h.x(1, D).run(0xc87f0c22 /* ldxp x2, x3, [x1] */, 0xc8240823 /* stxp w4, x3, x2, [x1] */);
        assertEquals(0x1111, h.x(2));
        assertEquals(0x2222, h.x(3));
        assertEquals(0, h.x(4));
        assertEquals(0x2222, h.read(D, 8));
        assertEquals(0x1111, h.read(D + 8, 8));
        h.write(D, 8, 0x0000_0002_0000_0001L);
        h.run(0x887f8c22 /* ldaxp w2, w3, [x1] */, 0x88248823 /* stlxp w4, w3, w2, [x1] */);
        assertEquals(1, h.x(2));
        assertEquals(2, h.x(3));
        assertEquals(0, h.x(4));
        assertEquals(0x0000_0001_0000_0002L, h.read(D, 8));
    }

    @Test
    void acquireRelease() {
        h.x(1, D).x(0, 0xabcdef).run(0xc89ffc20 /* stlr x0, [x1] */, 0x88dffc22 /* ldar w2, [x1] */, 0x089ffc20 /* stlrb w0, [x1, #0] */,
                0x48dffc23 /* ldarh w3, [x1] */);
        assertEquals(0xabcdef, h.x(2));
        assertEquals(0xcdef, h.x(3));
    }

    @Test
    void misalignedExclusiveFaults() {
        h.x(1, D + 4).x(0, -1).run(0xc85f7c20 /* ldxr x0, [x1] */);
        assertNotNull(h.fault);
        assertEquals(-1, h.x(0)); // nothing written
        assertEquals(A64Harness.CODE, h.pc());
        h.x(1, D + 1).run(0x88dffc20 /* ldar w0, [x1] */);
        assertNotNull(h.fault);
        h.x(1, D + 4).run(0x885f7c20 /* ldxr w0, [x1] */);
        assertNull(h.fault);
    }

    @Test
    void exclusivePairAlignment() {
        h.x(1, D + 8).x(2, -1).run(0xc87f0c22 /* ldxp x2, x3, [x1] */); // 16 bytes must be 16-byte aligned
        assertNotNull(h.fault);
        assertEquals(-1, h.x(2));
        h.x(1, D + 8).run(0x887f0c22 /* ldxp w2, w3, [x1] */);
        assertNull(h.fault);
        h.x(1, D + 4).run(0x887f8c22 /* ldaxp w2, w3, [x1] */);
        assertNotNull(h.fault);
    }

    /** SCTLR_EL1.SA (set at reset): an SP-based access needs a 16-byte aligned SP (D1.8.2). */
    @Test
    void spAlignmentCheck() {
        h.sp(D + 8).run(0xf94003e0 /* ldr x0, [sp] */);
        assertNotNull(h.fault);
        assertEquals(A64Harness.CODE, h.pc());
        h.sp(D + 16).run(0xf94007e0 /* ldr x0, [sp, #8] */);
        assertNull(h.fault);
        h.sp(D + 8).x(1, D + 8).run(0xf9400020 /* ldr x0, [x1] */); // only SP-based accesses are checked
        assertNull(h.fault);
        // The check does not write registers back before it runs: a fault must still leave the state as
        // after the previous instruction of the block (the harness compares interpreter and compiled code).
        h.sp(D + 8).x(2, 10).run(0x91001442 /* add x2, x2, #5 */, 0xf94003e0 /* ldr x0, [sp] */);
        assertNotNull(h.fault);
        assertEquals(A64Harness.CODE + 4, h.pc());
        assertEquals(15, h.x(2));
        h.cpu.sctlr[1] &= ~(1L << 3);
        h.sp(D + 8).run(0xf94003e0 /* ldr x0, [sp] */);
        assertNull(h.fault);
    }

    /**
     * The SP check is emitted once per SP value in a block: accesses through an unchanged SP need no new
     * check, but one after SP changed (a post-indexed write-back, an ADD) is checked again (D1.8.2).
     */
    @Test
    void spAlignmentCheckedAgainAfterSpChanges() {
        h.sp(D + 16).run(0xf94003e0 /* ldr x0, [sp] */, 0xf94007e1 /* ldr x1, [sp, #8] */,
                0xf84087e2 /* ldr x2, [sp], #8 */, 0xf94003e3 /* ldr x3, [sp] */);
        assertNotNull(h.fault);
        assertEquals(A64Harness.CODE + 12, h.pc());
        assertEquals(D + 24, h.sp());
        h.sp(D + 16).run(0xf94003e0 /* ldr x0, [sp] */, 0x910023ff /* add sp, sp, #8 */,
                0xf94003e1 /* ldr x1, [sp] */);
        assertNotNull(h.fault);
        assertEquals(A64Harness.CODE + 8, h.pc());
        h.sp(D + 16).run(0xf94003e0 /* ldr x0, [sp] */, 0xf94007e1 /* ldr x1, [sp, #8] */,
                0x910043ff /* add sp, sp, #16 */, 0xf94003e2 /* ldr x2, [sp] */);
        assertNull(h.fault);
    }

    /** SCTLR_EL1.A: every data access must be aligned to its size. */
    @Test
    void alignmentCheck() {
        h.x(1, D + 4).run(0xf9400020 /* ldr x0, [x1] */);
        assertNull(h.fault);
        h.cpu.sctlr[1] |= 1L << 1;
        h.x(1, D + 4).run(0xf9400020 /* ldr x0, [x1] */);
        assertNotNull(h.fault);
        h.x(1, D + 4).run(0xb9400020 /* ldr w0, [x1] */);
        assertNull(h.fault);
        h.x(1, D + 1).run(0x79000020 /* strh w0, [x1] */);
        assertNotNull(h.fault);
    }

    // ---- unallocated and SIMD&FP -----------------------------------------------------------------------

    @Test
    void unallocatedLoadsStores() {
        A64Asserts.assertUndefined(h, 0xf8200041);  // ldadd x0, x1, [x2] (LSE, ARMv8.1)
        A64Asserts.assertUndefined(h, 0xc8e0fc41);  // casal (ARMv8.1)
        A64Asserts.assertUndefined(h, 0xb8c00c20);  // ldrsw (pre-index) with opc = 11
        A64Asserts.assertUndefined(h, 0xf8c00c20);  // 64-bit ldrs (pre-index): unallocated
        A64Asserts.assertUndefined(h, 0xf8a00c20);  // prfm with pre-index: unallocated
        A64Asserts.assertUndefined(h, 0xb8bfc020);  // ldapr (ARMv8.3)
    }

    @Test
    void simdFpLoadsStores_trapOrUndefined() {
        // CPACR_EL1.FPEN = 00 at reset: every SIMD&FP access traps
        A64Asserts.assertCalls(h, 0x3dc00020 /* ldr q0, [x1] */, "A64Helpers.fpTrap", Op.EXIT);
        A64Asserts.assertCalls(h, 0x6dbf07e0 /* stp d0, d1, [sp, #-16]! */, "A64Helpers.fpTrap", Op.EXIT);
        A64Asserts.assertCalls(h, 0x4c407000 /* ld1 {v0.16b}, [x0] */, "A64Helpers.fpTrap", Op.EXIT);
        A64Asserts.assertCalls(h, 0x1c000040 /* ldr s0, #8 */, "A64Helpers.fpTrap", Op.EXIT);
        h.cpu.cpacrEl1 = 3L << 20;
        A64Asserts.assertCalls(h, 0x3c400820 /* V = 1 unprivileged form: unallocated */, "A64Helpers.undefined", Op.EXIT);
    }
}
