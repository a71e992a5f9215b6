package org.jemu.arm.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Arm ARM C4.1.2 Data Processing -- Immediate. Expected values follow the instruction pseudocode of
 * chapter C6 (AddWithCarry, DecodeBitMasks, the bitfield move definitions), worked by hand.
 */
class DataProcessingImmediateTest {
    A64Harness h;

    @BeforeEach
    void setUp() {
        h = new A64Harness();
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    // ---- ADD/SUB (immediate) ---------------------------------------------------------------------

    @Test
    void addImmediate() {
        h.x(2, 10).run(0x91000c41 /* add x1, x2, #3 */);
        assertEquals(13, h.x(1));
        h.x(2, 1).run(0x91400c41 /* add x1, x2, #3, lsl #12 */);
        assertEquals(0x3001, h.x(1));
    }

    @Test
    void addImmediateW_wrapsAndZeroExtends() {
        h.x(2, 0xffff_ffff_ffff_f001L).x(1, -1).run(0x113ffc41 /* add w1, w2, #4095 */);
        assertEquals(0, h.x(1));
    }

    @Test
    void addImmediate_register31IsSp() {
        h.sp(0x1000).run(0x910043ff /* add sp, sp, #16 */);
        assertEquals(0x1010, h.sp());
        h.sp(0x2000).run(0x910003e0 /* mov x0, sp */);
        assertEquals(0x2000, h.x(0));
    }

    @Test
    void addsImmediate_flags() {
        h.nzcv(0).x(1, Long.MAX_VALUE).run(0xb1000420 /* adds x0, x1, #1 */);
        assertEquals(Long.MIN_VALUE, h.x(0));
        assertEquals(0b1001, h.nzcv()); // N, V
        h.nzcv(0).x(1, 0xffff_ffffL).run(0x31000420 /* adds w0, w1, #1 */);
        assertEquals(0, h.x(0));
        assertEquals(0b0110, h.nzcv()); // Z, C
    }

    @Test
    void subsImmediate_flags() {
        h.nzcv(0b0110).x(1, 0).run(0xf1000420 /* subs x0, x1, #1 */);
        assertEquals(-1, h.x(0));
        assertEquals(0b1000, h.nzcv()); // N; borrow so C = 0
        h.nzcv(0).x(1, 0x8000_0000L).run(0x71000420 /* subs w0, w1, #1 */);
        assertEquals(0x7fff_ffffL, h.x(0));
        assertEquals(0b0011, h.nzcv()); // C (no borrow), V
    }

    @Test
    void cmpAndCmn_discardResult() {
        h.nzcv(0).x(1, 5).run(0xf100143f /* cmp x1, #5 */);
        assertEquals(0b0110, h.nzcv());
        h.nzcv(0).x(1, 0xffff_ffffL).run(0x3100043f /* cmn w1, #1 */);
        assertEquals(0b0110, h.nzcv());
        h.sp(0x234).nzcv(0).run(0xf108d3ff /* cmp sp, #0x234 */); // Rn = 31 is SP for SUBS (immediate)
        assertEquals(0b0110, h.nzcv());
        assertEquals(0x234, h.sp());
    }

    @Test
    void subImmediate() {
        h.x(2, 0).run(0xd1000c41 /* sub x1, x2, #3 */);
        assertEquals(-3, h.x(1));
    }

    // ---- Logical (immediate) -----------------------------------------------------------------------

    @Test
    void logicalImmediate() {
        h.x(1, 0x1234_5678_9abc_def0L).run(0x92401c20 /* and x0, x1, #0xff */);
        assertEquals(0xf0, h.x(0));
        h.x(1, 0xffff_ffff_ffff_ffffL).run(0x12010420 /* and w0, w1, #0x80000001 */);
        assertEquals(0x8000_0001L, h.x(0));
        h.run(0xb200f3e0 /* mov x0, #0x5555555555555555 */);
        assertEquals(0x5555_5555_5555_5555L, h.x(0));
        h.x(1, 0x0123_4567_89ab_cdefL).run(0xd2103c20 /* eor x0, x1, #0xffff0000ffff0000 */);
        assertEquals(0xfedc_4567_7654_cdefL, h.x(0));
        h.x(1, 0).run(0x3206cc20 /* orr w0, w1, #0x3c3c3c3c */);
        assertEquals(0x3c3c_3c3cL, h.x(0));
        h.x(1, 0).run(0xb27ff820 /* orr x0, x1, #0xfffffffffffffffe */);
        assertEquals(0xffff_ffff_ffff_fffeL, h.x(0));
    }

    @Test
    void andsImmediate_clearsCV() {
        h.nzcv(0b0011).x(1, 0x8000_0000_0000_0001L).run(0xf2410020 /* ands x0, x1, #0x8000000000000000 */);
        assertEquals(Long.MIN_VALUE, h.x(0));
        assertEquals(0b1000, h.nzcv());
        h.nzcv(0).x(1, 2).run(0x7200003f /* tst w1, #1 */);
        assertEquals(0b0100, h.nzcv());
    }

    @Test
    void orrImmediate_writesSp() {
        h.sp(0).run(0xb27c03ff /* mov sp, #0x10 */);
        assertEquals(0x10, h.sp());
    }

    @Test
    void decodeBitMasks() {
        // DecodeBitMasks(N=1, imms=000111, immr=000000) = 0xff; (0, 111100, 000000) = 0x5555...
        assertEquals(0xffL, DataProcessingImmediate.decodeBitMasks(1, 7, 0, true, 64)[0]);
        assertEquals(0x5555_5555_5555_5555L, DataProcessingImmediate.decodeBitMasks(0, 0x3c, 0, true, 64)[0]);
        // esize 32, 2 ones rotated right by 1: 0x80000001 in each element
        assertEquals(0x8000_0001_8000_0001L, DataProcessingImmediate.decodeBitMasks(0, 1, 1, true, 64)[0]);
        // all-ones elements are reserved for logical immediates
        assertEquals(null, DataProcessingImmediate.decodeBitMasks(1, 0x3f, 0, true, 64));
        assertEquals(null, DataProcessingImmediate.decodeBitMasks(0, 0x3d, 0, true, 64));
        // N=0, imms=11111x has no element size
        assertEquals(null, DataProcessingImmediate.decodeBitMasks(0, 0x3e, 0, true, 64));
    }

    @Test
    void reservedLogicalImmediates_areUndefined() {
        A64Asserts.assertUndefined(h, 0x927ffc20); // and x0, x1, #<N=1 imms=111111>: all ones
        A64Asserts.assertUndefined(h, 0x12400020); // and w0, w1: sf=0 with N=1
    }

    // ---- Move wide -------------------------------------------------------------------------------

    @Test
    void moveWide() {
        h.run(0xd2e24680 /* movz x0, #0x1234, lsl #48 */);
        assertEquals(0x1234_0000_0000_0000L, h.x(0));
        h.x(0, -1).run(0x52b579a0 /* movz w0, #0xabcd, lsl #16 */);
        assertEquals(0xabcd_0000L, h.x(0));
        h.run(0x92800000 /* movn x0, #0 */);
        assertEquals(-1L, h.x(0));
        h.run(0x12800000 /* movn w0, #0 */);
        assertEquals(0xffff_ffffL, h.x(0));
        h.run(0x92a24680 /* movn x0, #0x1234, lsl #16 */);
        assertEquals(~0x1234_0000L, h.x(0));
        h.x(0, 0x1111_1111_1111_1111L).run(0xf2b7dde0 /* movk x0, #0xbeef, lsl #16 */);
        assertEquals(0x1111_1111_beef_1111L, h.x(0));
        h.x(0, 0xaaaa_aaaa_bbbb_bbbbL).run(0x729fffe0 /* movk w0, #0xffff */);
        assertEquals(0xbbbb_ffffL, h.x(0));
    }

    @Test
    void moveWide_reserved() {
        A64Asserts.assertUndefined(h, 0x52c00000); // movz w0 with hw=10
        A64Asserts.assertUndefined(h, 0x12e00000); // movn w0 with hw=11
        A64Asserts.assertUndefined(h, 0x32800000); // move wide with opc=01 is unallocated
    }

    // ---- PC-relative ---------------------------------------------------------------------------------

    @Test
    void adrAndAdrp() {
        h.run(0x100091a0 /* adr x0, #4660 */);
        assertEquals(A64Harness.CODE + 0x1234, h.x(0));
        h.run(0x10ffffe0 /* adr x0, #-4 */);
        assertEquals(A64Harness.CODE - 4, h.x(0));
        h.run(0xd503201f /* nop */, 0xb0000020 /* adrp x0, #0x5000 */); // at CODE + 4: the page base is still CODE
        assertEquals(A64Harness.CODE + 0x5000, h.x(0));
        h.run(0xf0ffffe1 /* adrp x1, #-4096 */);
        assertEquals(A64Harness.CODE - 0x1000, h.x(1));
    }

    // ---- Bitfield ------------------------------------------------------------------------------------

    @Test
    void sbfm() {
        h.x(1, 0x8000).run(0x93483c20 /* sbfx x0, x1, #8, #8 */);
        assertEquals(0xffff_ffff_ffff_ff80L, h.x(0));
        h.x(1, Long.MIN_VALUE).run(0x9344fc20 /* asr x0, x1, #4 */);
        assertEquals(0xf800_0000_0000_0000L, h.x(0));
        h.x(1, 0x80).run(0x13001c20 /* sxtb w0, w1 */);
        assertEquals(0xffff_ff80L, h.x(0));
        h.x(1, 0x1234_5678_8000_0000L).run(0x93407c20 /* sxtw x0, w1 */);
        assertEquals(0xffff_ffff_8000_0000L, h.x(0));
        h.x(1, 0xf8).run(0x93780c20 /* sbfiz x0, x1, #8, #4 */);
        assertEquals(0xffff_ffff_ffff_f800L, h.x(0));
        h.x(1, 0x7fff).run(0x93403c20 /* sxth x0, w1 */);
        assertEquals(0x7fff, h.x(0));
    }

    @Test
    void ubfm() {
        h.x(1, 0xabcd).run(0xd3442c20 /* ubfx x0, x1, #4, #8 */);
        assertEquals(0xbc, h.x(0));
        h.x(1, 0x1000_0000_0000_0001L).run(0xd37cec20 /* lsl x0, x1, #4 */);
        assertEquals(0x10, h.x(0));
        h.x(1, 0x8000_0000L).run(0x531f7c20 /* lsr w0, w1, #31 */);
        assertEquals(1, h.x(0));
        h.x(1, 0x1ff).run(0x53001c20 /* uxtb w0, w1 */);
        assertEquals(0xff, h.x(0));
        h.x(1, 0xff).run(0x53040c20 /* ubfiz w0, w1, #28, #4 */);
        assertEquals(0xf000_0000L, h.x(0));
        h.x(1, -1).run(0xd340fc20 /* lsr x0, x1, #0 */);
        assertEquals(-1, h.x(0));
    }

    @Test
    void bfm() {
        h.x(0, -1).x(1, 0x1234).run(0xb3783c20 /* bfi x0, x1, #8, #16 */);
        assertEquals(0xffff_ffff_ff12_34ffL, h.x(0));
        h.x(0, -1).x(1, 0xabcd).run(0x33042c20 /* bfxil w0, w1, #4, #8 */);
        assertEquals(0xffff_ffbcL, h.x(0));
        h.x(0, 0).x(1, -1).run(0x33010020 /* bfi w0, w1, #31, #1 */);
        assertEquals(0x8000_0000L, h.x(0));
    }

    @Test
    void bitfield_reserved() {
        A64Asserts.assertUndefined(h, 0x93083c20); // sbfm x0 with N = 0
        A64Asserts.assertUndefined(h, 0x13207c20);              // sbfm w0 with immr<5> = 1
    }

    // ---- Extract -------------------------------------------------------------------------------------

    @Test
    void extr() {
        h.x(1, 0x1122_3344_5566_7788L).x(2, 0x99aa_bbcc_ddee_ff00L).run(0x93c22020 /* extr x0, x1, x2, #8 */);
        assertEquals(0x8899_aabb_ccdd_eeffL, h.x(0));
        h.x(1, 0x1234_5678L).run(0x13811020 /* ror w0, w1, #4 */);
        assertEquals(0x8123_4567L, h.x(0));
        h.x(1, 5).x(2, 0xffff_ffff_0000_0007L).run(0x13820020 /* extr w0, w1, w2, #0 */);
        assertEquals(7, h.x(0));
        A64Asserts.assertUndefined(h, 0x13822020 | (1 << 15)); // extr w0 with imms = 40
    }
}
