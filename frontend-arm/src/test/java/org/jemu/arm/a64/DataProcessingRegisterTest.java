package org.jemu.arm.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Arm ARM C4.1.5 Data Processing -- Register. Expected values follow the chapter C6 pseudocode
 * (ShiftReg, ExtendReg, AddWithCarry, ConditionHolds), worked by hand.
 */
class DataProcessingRegisterTest {
    A64Harness h;

    @BeforeEach
    void setUp() {
        h = new A64Harness();
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    // ---- 2 source ------------------------------------------------------------------------------------

    @Test
    void divide() {
        h.x(1, 100).x(2, 7).run(0x9ac20820 /* udiv x0, x1, x2 */);
        assertEquals(14, h.x(0));
        h.x(1, 100).x(2, 0).run(0x9ac20820 /* udiv x0, x1, x2 */);
        assertEquals(0, h.x(0));
        h.x(1, -1).x(2, 2).run(0x9ac20820 /* udiv x0, x1, x2 */);
        assertEquals(Long.MAX_VALUE, h.x(0));
        h.x(1, -7).x(2, 2).run(0x9ac20c20 /* sdiv x0, x1, x2 */);
        assertEquals(-3, h.x(0));
        h.x(1, Long.MIN_VALUE).x(2, -1).run(0x9ac20c20 /* sdiv x0, x1, x2 */);
        assertEquals(Long.MIN_VALUE, h.x(0));
        h.x(1, 0x8000_0000L).x(2, 0xffff_ffffL).run(0x1ac20c20 /* sdiv w0, w1, w2 */);
        assertEquals(0x8000_0000L, h.x(0));
        h.x(1, 0xffff_fff9L).x(2, 0).run(0x1ac20c20 /* sdiv w0, w1, w2 */);
        assertEquals(0, h.x(0));
    }

    @Test
    void variableShifts_amountModuloWidth() {
        h.x(1, 3).x(2, 65).run(0x9ac22020 /* lsl x0, x1, x2 */);
        assertEquals(6, h.x(0));
        h.x(1, 0x8000_0000L).x(2, 33).run(0x1ac22420 /* lsr w0, w1, w2 */);
        assertEquals(0x4000_0000L, h.x(0));
        h.x(1, -16).x(2, 2).run(0x9ac22820 /* asr x0, x1, x2 */);
        assertEquals(-4, h.x(0));
        h.x(1, 0x8000_0000L).x(2, 31).run(0x1ac22820 /* asr w0, w1, w2 */);
        assertEquals(0xffff_ffffL, h.x(0));
        h.x(1, 0x1234_5678L).x(2, 4).run(0x1ac22c20 /* ror w0, w1, w2 */);
        assertEquals(0x8123_4567L, h.x(0));
        h.x(1, 1).x(2, 1).run(0x9ac22c20 /* ror x0, x1, x2 */);
        assertEquals(Long.MIN_VALUE, h.x(0));
    }

    @Test
    void crc32_checkValues() {
        // CRC-32 of "123456789" is 0xCBF43926 with initial value and final XOR 0xFFFFFFFF; the instructions
        // do neither, so the raw register value is 0xCBF43926 ^ 0xFFFFFFFF.
        h.x(0, 0xffff_ffffL).x(1, 0x3837_3635_3433_3231L).x(2, 0x39).run(
                0x9ac14c00 /* crc32x w0, w0, x1 */, 0x1ac24000 /* crc32b w0, w0, w2 */);
        assertEquals(0xCBF43926L ^ 0xffff_ffffL, h.x(0));
        h.x(0, 0xffff_ffffL).x(1, 0x3433_3231).x(2, 0x3635).x(3, 0x37).x(4, 0x38).x(5, 0xff39).run(
                0x1ac14800 /* crc32w w0, w0, w1 */, 0x1ac24400 /* crc32h w0, w0, w2 */, 0x1ac34000 /* crc32b w0, w0, w3 */, 0x1ac44000 /* crc32b w0, w0, w4 */,
                0x1ac54000 /* crc32b w0, w0, w5 */);
        assertEquals(0xCBF43926L ^ 0xffff_ffffL, h.x(0));
        // CRC-32C (Castagnoli) check value 0xE3069283
        h.x(0, 0xffff_ffffL).x(1, 0x3837_3635_3433_3231L).x(2, 0x39).run(
                0x9ac15c00 /* crc32cx w0, w0, x1 */, 0x1ac25000 /* crc32cb w0, w0, w2 */);
        assertEquals(0xE3069283L ^ 0xffff_ffffL, h.x(0));
    }

    @Test
    void crc32_reservedSizes() {
        A64Asserts.assertUndefined(h, 0x1ac24c20); // crc32x form with sf = 0
        A64Asserts.assertUndefined(h, 0x9ac24020); // crc32b form with sf = 1
    }

    // ---- 1 source ------------------------------------------------------------------------------------

    @Test
    void bitAndByteReversal() {
        h.x(1, 1).run(0xdac00020 /* rbit x0, x1 */);
        assertEquals(Long.MIN_VALUE, h.x(0));
        h.x(1, 0xffff_ffff_0000_0001L).run(0x5ac00020 /* rbit w0, w1 */);
        assertEquals(0x8000_0000L, h.x(0));
        h.x(1, 0x1122_3344L).run(0x5ac00420 /* rev16 w0, w1 */);
        assertEquals(0x2211_4433L, h.x(0));
        h.x(1, 0x1122_3344_5566_7788L).run(0xdac00420 /* rev16 x0, x1 */);
        assertEquals(0x2211_4433_6655_8877L, h.x(0));
        h.x(1, 0xaaaa_aaaa_1122_3344L).run(0x5ac00820 /* rev w0, w1 */);
        assertEquals(0x4433_2211L, h.x(0));
        h.x(1, 0x1122_3344_5566_7788L).run(0xdac00c20 /* rev x0, x1 */);
        assertEquals(0x8877_6655_4433_2211L, h.x(0));
        h.x(1, 0x1122_3344_5566_7788L).run(0xdac00820 /* rev32 x0, x1 */);
        assertEquals(0x4433_2211_8877_6655L, h.x(0));
        A64Asserts.assertUndefined(h, 0x5ac00c20); // rev with sf = 0, opc = 11
    }

    @Test
    void countLeading() {
        h.x(1, 1).run(0xdac01020 /* clz x0, x1 */);
        assertEquals(63, h.x(0));
        h.x(1, 0).run(0xdac01020 /* clz x0, x1 */);
        assertEquals(64, h.x(0));
        h.x(1, 0xffff_ffff_0000_0000L).run(0x5ac01020 /* clz w0, w1 */);
        assertEquals(32, h.x(0));
        h.x(1, 0).run(0xdac01420 /* cls x0, x1 */);
        assertEquals(63, h.x(0));
        h.x(1, -1).run(0xdac01420 /* cls x0, x1 */);
        assertEquals(63, h.x(0));
        h.x(1, 1).run(0xdac01420 /* cls x0, x1 */);
        assertEquals(62, h.x(0));
        h.x(1, 0xffff_0000L).run(0x5ac01420 /* cls w0, w1 */);
        assertEquals(15, h.x(0));
    }

    // ---- Logical (shifted register) ----------------------------------------------------------------

    @Test
    void logicalShifted() {
        h.x(1, 0xff0).x(2, 0x0ff).run(0x8a021020 /* and x0, x1, x2, lsl #4 */);
        assertEquals(0xff0, h.x(0));
        h.x(1, 0xff).x(2, 0x0f).run(0x8a220020 /* bic x0, x1, x2 */);
        assertEquals(0xf0, h.x(0));
        h.x(1, 0).x(2, 0x12).run(0x2ac22020 /* orr w0, w1, w2, ror #8 */);
        assertEquals(0x1200_0000L, h.x(0));
        h.x(1, 0).x(2, 0).run(0x2a220020 /* orn w0, w1, w2 */);
        assertEquals(0xffff_ffffL, h.x(0));
        h.x(1, 0x5).x(2, Long.MIN_VALUE).run(0xca82fc20 /* eor x0, x1, x2, asr #63 */);
        assertEquals(~0x5L, h.x(0));
        h.x(1, 0x5).x(2, 0).run(0xca220020 /* eon x0, x1, x2 */);
        assertEquals(~0x5L, h.x(0));
        h.x(1, 0x1234).run(0xaa0103e0 /* mov x0, x1 */);
        assertEquals(0x1234, h.x(0));
        h.x(1, 0).run(0x2a2103e0 /* mvn w0, w1 */);
        assertEquals(0xffff_ffffL, h.x(0));
    }

    @Test
    void logicalShifted_flags() {
        h.nzcv(0b0011).x(1, 0x8000_0000L).x(2, 0xffff_ffffL).run(0x6a020020 /* ands w0, w1, w2 */);
        assertEquals(0x8000_0000L, h.x(0));
        assertEquals(0b1000, h.nzcv());
        h.nzcv(0b0011).x(1, 0xf).x(2, 0xf).run(0xea220020 /* bics x0, x1, x2 */);
        assertEquals(0, h.x(0));
        assertEquals(0b0100, h.nzcv());
        h.nzcv(0).x(1, 1).x(2, 2).run(0xea02003f /* tst x1, x2 */);
        assertEquals(0b0100, h.nzcv());
        A64Asserts.assertUndefined(h, 0x0a028020); // and w0, w1, w2, lsl #32
    }

    // ---- Add/subtract (shifted register) ------------------------------------------------------------

    @Test
    void addSubShifted() {
        h.x(1, 1).x(2, 2).run(0x8b020c20 /* add x0, x1, x2, lsl #3 */);
        assertEquals(17, h.x(0));
        h.x(1, 10).x(2, 8).run(0xcb420420 /* sub x0, x1, x2, lsr #1 */);
        assertEquals(6, h.x(0));
        h.x(1, 5).run(0xcb0103e0 /* neg x0, x1 */);
        assertEquals(-5, h.x(0));
        h.x(1, 0).x(2, -8).run(0x4b820820 /* sub w0, w1, w2, asr #2 */);
        assertEquals(2, h.x(0));
    }

    @Test
    void addSubShifted_flags() {
        h.nzcv(0).x(1, 0x7fff_ffffL).x(2, 1).run(0x2b020020 /* adds w0, w1, w2 */);
        assertEquals(0x8000_0000L, h.x(0));
        assertEquals(0b1001, h.nzcv());
        h.nzcv(0).x(1, 3).x(2, 3).run(0xeb02003f /* cmp x1, x2 */);
        assertEquals(0b0110, h.nzcv());
        h.nzcv(0).x(1, 2).x(2, 3).run(0xeb02003f /* cmp x1, x2 */);
        assertEquals(0b1000, h.nzcv());
        h.nzcv(0).x(1, Long.MIN_VALUE).x(2, 1).run(0xeb020020 /* subs x0, x1, x2 */);
        assertEquals(Long.MAX_VALUE, h.x(0));
        assertEquals(0b0011, h.nzcv());
        h.nzcv(0).x(1, 1).run(0xeb0103e0 /* negs x0, x1 */);
        assertEquals(-1, h.x(0));
        assertEquals(0b1000, h.nzcv());
        h.nzcv(0).x(1, 0).run(0xeb0103e0 /* negs x0, x1 */);
        assertEquals(0b0110, h.nzcv()); // 0 - 0: C = 1 (no borrow)
        h.nzcv(0).x(1, -1).x(2, 1).run(0xab02003f /* cmn x1, x2 */);
        assertEquals(0b0110, h.nzcv());
        A64Asserts.assertUndefined(h, 0x8bc20020); // add x0, x1, x2 with shift = ROR
    }

    // ---- Add/subtract (extended register) -----------------------------------------------------------

    @Test
    void addSubExtended() {
        h.sp(0x1000).x(1, 0xffff_ffff_0000_0004L).run(0x8b214be0 /* add x0, sp, w1, uxtw #2 */);
        assertEquals(0x1010, h.x(0));
        h.sp(0).x(1, 0x100).x(2, -16).run(0x8b22e03f /* add sp, x1, x2, sxtx */);
        assertEquals(0xf0, h.sp());
        h.x(1, 1).x(2, 0x1ff).run(0x0b220020 /* add w0, w1, w2, uxtb */);
        assertEquals(0x100, h.x(0));
        h.x(1, 0).x(2, 0xffff_ffffL).run(0xcb22c020 /* sub x0, x1, w2, sxtw */);
        assertEquals(1, h.x(0));
        h.x(1, 0).x(2, 0x80).run(0x8b229020 /* add x0, x1, w2, sxtb #4 */);
        assertEquals(-0x800, h.x(0));
        h.x(1, 0).x(2, 0x18000).run(0x8b22a420 /* add x0, x1, w2, sxth #1 */);
        assertEquals(-0x10000, h.x(0));
        h.x(1, 0).x(2, 0x1_2345_ffffL).run(0x8b222020 /* add x0, x1, w2, uxth */);
        assertEquals(0xffff, h.x(0));
        h.x(1, 2).x(2, 3).run(0x8b227020 /* add x0, x1, x2, uxtx #4 */);
        assertEquals(50, h.x(0));
    }

    @Test
    void addSubExtended_flagsAndSp() {
        h.nzcv(0).sp(0x40).x(1, 0x40).run(0xeb2163ff /* cmp sp, x1 */);
        assertEquals(0b0110, h.nzcv());
        h.nzcv(0).x(1, 0xffff).x(2, 0x1_ffffL).run(0x6b22203f /* cmp w1, w2, uxth */);
        assertEquals(0b0110, h.nzcv());
        h.nzcv(0).sp(8).x(1, 0).x(2, 8).run(0xeb2263e1 /* subs x1, sp, x2 */);
        assertEquals(0, h.x(1));
        assertEquals(0b0110, h.nzcv());
        A64Asserts.assertUndefined(h, 0x8b221420); // add x0, x1, w2, uxtb #5
    }

    // ---- with carry -------------------------------------------------------------------------------------

    @Test
    void addSubWithCarry() {
        h.nzcv(0b0010).x(1, 5).x(2, 6).run(0x9a020020 /* adc x0, x1, x2 */);
        assertEquals(12, h.x(0));
        h.nzcv(0).x(1, 5).x(2, 6).run(0x9a020020 /* adc x0, x1, x2 */);
        assertEquals(11, h.x(0));
        h.nzcv(0).x(1, 10).x(2, 3).run(0x5a020020 /* sbc w0, w1, w2 */);
        assertEquals(6, h.x(0));
        h.nzcv(0b0010).x(1, 10).x(2, 3).run(0x5a020020 /* sbc w0, w1, w2 */);
        assertEquals(7, h.x(0));
        h.nzcv(0b0010).x(1, 5).run(0xda0103e0 /* ngc x0, x1 */);
        assertEquals(-5, h.x(0));
    }

    @Test
    void addSubWithCarry_flags() {
        h.nzcv(0b0010).x(1, -1).x(2, 0).run(0xba020020 /* adcs x0, x1, x2 */);
        assertEquals(0, h.x(0));
        assertEquals(0b0110, h.nzcv());
        h.nzcv(0b0010).x(1, Long.MAX_VALUE).x(2, 0).run(0xba020020 /* adcs x0, x1, x2 */);
        assertEquals(Long.MIN_VALUE, h.x(0));
        assertEquals(0b1001, h.nzcv());
        h.nzcv(0b0010).x(1, -1).x(2, -1).run(0x3a020020 /* adcs w0, w1, w2 */);
        assertEquals(0xffff_ffffL, h.x(0));
        assertEquals(0b1010, h.nzcv());
        h.nzcv(0).x(1, 0).x(2, 0).run(0x7a020020 /* sbcs w0, w1, w2 */);
        assertEquals(0xffff_ffffL, h.x(0));
        assertEquals(0b1000, h.nzcv());
        h.nzcv(0b0010).x(1, 0).x(2, 0).run(0xfa020020 /* sbcs x0, x1, x2 */);
        assertEquals(0, h.x(0));
        assertEquals(0b0110, h.nzcv());
        h.nzcv(0b0010).x(1, Long.MIN_VALUE).x(2, 1).run(0xfa020020 /* sbcs x0, x1, x2 */);
        assertEquals(Long.MAX_VALUE, h.x(0));
        assertEquals(0b0011, h.nzcv());
    }

    // ---- conditional compare and select -----------------------------------------------------------

    /** ConditionHolds from the condition-code table of Arm ARM C1.2.4. */
    static boolean holds(int cond, int nzcv) {
        boolean n = (nzcv & 8) != 0;
        boolean z = (nzcv & 4) != 0;
        boolean c = (nzcv & 2) != 0;
        boolean v = (nzcv & 1) != 0;
        return switch (cond) {
            case 0 -> z;
            case 1 -> !z;
            case 2 -> c;
            case 3 -> !c;
            case 4 -> n;
            case 5 -> !n;
            case 6 -> v;
            case 7 -> !v;
            case 8 -> c && !z;
            case 9 -> !(c && !z);
            case 10 -> n == v;
            case 11 -> n != v;
            case 12 -> !z && n == v;
            case 13 -> !(!z && n == v);
            default -> true;
        };
    }

    @Test
    void allConditionsForAllFlagValues() {
        h.compareBackend = false;
        for (int cond = 0; cond < 16; cond++) {
            // csinc x0, xzr, xzr, <cond> = cset x0, <invert cond>: 0 when cond holds, else 1
            int word = 0x9a9f07e0 | (cond << 12);
            for (int f = 0; f < 16; f++) {
                h.nzcv(f).x(0, 77).run(word);
                assertEquals(holds(cond, f) ? 0 : 1, h.x(0), "cond " + cond + " nzcv " + f);
            }
        }
    }

    @Test
    void conditionalSelect() {
        h.nzcv(0b0100).x(1, 1).x(2, 2).run(0x9a820020 /* csel x0, x1, x2, eq */);
        assertEquals(1, h.x(0));
        h.nzcv(0).run(0x9a820020 /* csel x0, x1, x2, eq */);
        assertEquals(2, h.x(0));
        h.nzcv(0).x(1, 1).x(2, 0xffff_ffffL).run(0x1a820420 /* csinc w0, w1, w2, eq */);
        assertEquals(0, h.x(0));
        h.nzcv(0).x(1, 1).x(2, 0).run(0xda820020 /* csinv x0, x1, x2, eq */);
        assertEquals(-1, h.x(0));
        h.nzcv(0).x(1, 1).x(2, 5).run(0xda820420 /* csneg x0, x1, x2, eq */);
        assertEquals(-5, h.x(0));
        h.nzcv(0b0100).run(0x1a9f17e0 /* cset w0, eq */);
        assertEquals(1, h.x(0));
        h.nzcv(0b0100).run(0xda9f13e0 /* csetm x0, eq */);
        assertEquals(-1, h.x(0));
        h.nzcv(0b1000).x(1, 7).run(0xda815420 /* cneg x0, x1, mi */);
        assertEquals(-7, h.x(0));
        h.nzcv(0b1000).x(1, 7).run(0x9a814420 /* cinc x0, x1, pl */);
        assertEquals(7, h.x(0));
    }

    @Test
    void conditionalCompare() {
        h.nzcv(0b0100).x(1, 3).x(2, 3).run(0xfa420020 /* ccmp x1, x2, #0, eq */);
        assertEquals(0b0110, h.nzcv());
        h.nzcv(0b0000).x(1, 3).x(2, 3).run(0xfa420029 /* ccmp x1, x2, #9, eq */);
        assertEquals(0b1001, h.nzcv());
        h.nzcv(0b0000).x(1, 0xffff_fffbL).run(0x3a451822 /* ccmn w1, #5, #2, ne */);
        assertEquals(0b0110, h.nzcv());
        h.nzcv(0b0100).x(1, 0xffff_fffbL).run(0x3a451822 /* ccmn w1, #5, #2, ne */);
        assertEquals(0b0010, h.nzcv());
        h.nzcv(0b0010).x(1, 0).run(0xfa412820 /* ccmp x1, #1, #0, cs */);
        assertEquals(0b1000, h.nzcv());
        h.nzcv(0b0000).x(1, Long.MAX_VALUE).x(2, 1).run(0xba42e020 /* ccmn x1, x2, #0, al */);
        assertEquals(0b1001, h.nzcv());
    }

    // ---- 3 source ------------------------------------------------------------------------------------

    @Test
    void multiplyAdd() {
        h.x(1, 6).x(2, 7).x(3, 100).run(0x9b020c20 /* madd x0, x1, x2, x3 */);
        assertEquals(142, h.x(0));
        h.x(1, 6).x(2, 7).x(3, 100).run(0x9b028c20 /* msub x0, x1, x2, x3 */);
        assertEquals(58, h.x(0));
        h.x(1, 0x10000).x(2, 0x10000).run(0x1b027c20 /* mul w0, w1, w2 */);
        assertEquals(0, h.x(0));
        h.x(1, 3).x(2, 4).run(0x9b02fc20 /* mneg x0, x1, x2 */);
        assertEquals(-12, h.x(0));
        h.x(1, 0xffff_ffffL).x(2, 2).x(3, 1).run(0x9b220c20 /* smaddl x0, w1, w2, x3 */);
        assertEquals(-1, h.x(0));
        h.x(1, 0xffff_ffffL).x(2, 2).x(3, 1).run(0x9ba20c20 /* umaddl x0, w1, w2, x3 */);
        assertEquals(0x1_ffff_ffffL, h.x(0));
        h.x(1, 0xffff_ffffL).x(2, 0xffff_ffffL).run(0x9b227c20 /* smull x0, w1, w2 */);
        assertEquals(1, h.x(0));
        h.x(1, 0xffff_ffffL).x(2, 0xffff_ffffL).run(0x9ba27c20 /* umull x0, w1, w2 */);
        assertEquals(0xffff_fffe_0000_0001L, h.x(0));
        h.x(1, 2).x(2, 3).x(3, 10).run(0x9b228c20 /* smsubl x0, w1, w2, x3 */);
        assertEquals(4, h.x(0));
        h.x(1, 2).x(2, 3).x(3, 10).run(0x9ba28c20 /* umsubl x0, w1, w2, x3 */);
        assertEquals(4, h.x(0));
    }

    @Test
    void multiplyHigh() {
        h.x(1, -1).x(2, -1).run(0x9bc27c20 /* umulh x0, x1, x2 */);
        assertEquals(-2, h.x(0));
        h.x(1, -1).x(2, -1).run(0x9b427c20 /* smulh x0, x1, x2 */);
        assertEquals(0, h.x(0));
        h.x(1, Long.MIN_VALUE).x(2, 2).run(0x9b427c20 /* smulh x0, x1, x2 */);
        assertEquals(-1, h.x(0));
        h.x(1, 1L << 32).x(2, 1L << 32).run(0x9bc27c20 /* umulh x0, x1, x2 */);
        assertEquals(1, h.x(0));
    }
}
