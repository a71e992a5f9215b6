package org.jemu.ppc.translate;

import static org.jemu.ppc.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.jemu.ppc.cpu.PpcCpu;
import org.junit.jupiter.api.Test;

/**
 * Integer arithmetic, logical, rotate and shift instructions, with expected values worked out from the
 * manual's definitions (PEM chapter 8 pages of each instruction; the carry is "carry out of bit 0" of the
 * 32-bit sum, overflow the signed 32-bit overflow).
 */
class FixedPointTest {
    static final int SUBFE = 136, ADDME = 234, ADDZE = 202, SUBFME = 232, SUBFZE = 200, ADD = 266, NEG = 104,
            MULLW = 235, DIVW = 491, DIVWU = 459, ADDC = 10, SUBFC = 8, ADDE = 138;

    private static long ca(PpcHarness h) {
        return h.reg(PpcCpu.XER_CA);
    }

    /** subfe: RT = ~RA + RB + CA; CA is the carry out of that 32-bit sum. */
    @Test
    void subfeCarry() {
        try (PpcHarness h = new PpcHarness()) {
            int w = xo(3, 4, 5, 0, SUBFE, 0);
            h.r(4, 5).r(5, 5).reg(PpcCpu.XER_CA, 0).run(w);
            assertEquals(0xffff_ffffL, h.r(3), "~5 + 5 + 0");
            assertEquals(0, ca(h));
            h.r(4, 5).r(5, 5).reg(PpcCpu.XER_CA, 1).run(w);
            assertEquals(0, h.r(3), "~5 + 5 + 1 wraps");
            assertEquals(1, ca(h));
            h.r(4, 0).r(5, 0).reg(PpcCpu.XER_CA, 1).run(w);
            assertEquals(0, h.r(3), "0xffffffff + 0 + 1");
            assertEquals(1, ca(h), "carry out of the full sum, including the carry in");
            h.r(4, 6).r(5, 5).reg(PpcCpu.XER_CA, 1).run(w);
            assertEquals(0xffff_ffffL, h.r(3), "5 - 6 borrows");
            assertEquals(0, ca(h));
        }
    }

    /** addme: RT = RA + CA - 1 (adding 0xFFFFFFFF); carry out unless RA = 0 and CA = 0. */
    @Test
    void addmeCarry() {
        try (PpcHarness h = new PpcHarness()) {
            int w = xo(3, 4, 0, 0, ADDME, 0);
            h.r(4, 0).reg(PpcCpu.XER_CA, 0).run(w);
            assertEquals(0xffff_ffffL, h.r(3));
            assertEquals(0, ca(h));
            h.r(4, 0).reg(PpcCpu.XER_CA, 1).run(w);
            assertEquals(0, h.r(3));
            assertEquals(1, ca(h));
            h.r(4, 1).reg(PpcCpu.XER_CA, 0).run(w);
            assertEquals(0, h.r(3));
            assertEquals(1, ca(h));
            // addmeo: 0x80000000 + 0 - 1 overflows
            h.r(4, 0x8000_0000L).reg(PpcCpu.XER_CA, 0).reg(PpcCpu.XER_SO, 0).run(xo(3, 4, 0, 1, ADDME, 1));
            assertEquals(0x7fff_ffffL, h.r(3));
            assertEquals(1, h.reg(PpcCpu.XER_OV));
            assertEquals(1, h.reg(PpcCpu.XER_SO));
            assertEquals(0b0101, h.reg(PpcCpu.CR0), "GT and the new SO");
        }
    }

    @Test
    void addzeSubfmeSubfze() {
        try (PpcHarness h = new PpcHarness()) {
            h.r(4, 0xffff_ffffL).reg(PpcCpu.XER_CA, 1).run(xo(3, 4, 0, 0, ADDZE, 0));
            assertEquals(0, h.r(3));
            assertEquals(1, ca(h));
            h.r(4, 0).reg(PpcCpu.XER_CA, 0).run(xo(3, 4, 0, 0, SUBFME, 0));
            assertEquals(0xffff_fffeL, h.r(3), "~0 + 0 - 1");
            assertEquals(1, ca(h));
            h.r(4, 0xffff_ffffL).reg(PpcCpu.XER_CA, 0).run(xo(3, 4, 0, 0, SUBFME, 0));
            assertEquals(0xffff_ffffL, h.r(3), "~0xffffffff + 0 - 1 = 0 + 0xffffffff");
            assertEquals(0, ca(h));
            h.r(4, 0).reg(PpcCpu.XER_CA, 1).run(xo(3, 4, 0, 0, SUBFZE, 0));
            assertEquals(0, h.r(3), "~0 + 1");
            assertEquals(1, ca(h));
        }
    }

    @Test
    void subfcAndAddcCarry() {
        try (PpcHarness h = new PpcHarness()) {
            h.r(4, 3).r(5, 3).run(xo(3, 4, 5, 0, SUBFC, 0));
            assertEquals(0, h.r(3));
            assertEquals(1, ca(h), "RB >= RA unsigned: no borrow, CA = 1");
            h.r(4, 4).r(5, 3).run(xo(3, 4, 5, 0, SUBFC, 0));
            assertEquals(0, ca(h));
            h.r(4, 0x8000_0000L).r(5, 0x8000_0000L).run(xo(3, 4, 5, 1, ADDC, 0));
            assertEquals(0, h.r(3));
            assertEquals(1, ca(h));
            assertEquals(1, h.reg(PpcCpu.XER_OV));
            h.reg(PpcCpu.XER_CA, 1).r(4, 0x7fff_ffffL).r(5, 0).run(xo(3, 4, 5, 1, ADDE, 1));
            assertEquals(0x8000_0000L, h.r(3));
            assertEquals(0, ca(h));
            assertEquals(1, h.reg(PpcCpu.XER_OV));
            assertEquals(0b1001, h.reg(PpcCpu.CR0), "LT, SO");
        }
    }

    /** OV is recomputed by every o form but SO is sticky; CR0[SO] copies XER[SO] after the instruction. */
    @Test
    void overflowAndSummaryOverflow() {
        try (PpcHarness h = new PpcHarness()) {
            h.r(4, 0x7fff_ffffL).r(5, 1).run(xo(3, 4, 5, 1, ADD, 1), xo(6, 5, 5, 1, ADD, 1));
            assertEquals(0x8000_0000L, h.r(3));
            assertEquals(0, h.reg(PpcCpu.XER_OV), "second addo. did not overflow");
            assertEquals(1, h.reg(PpcCpu.XER_SO), "SO stays set");
            assertEquals(0b0101, h.reg(PpcCpu.CR0), "2 > 0, SO");
            h.r(4, 0x8000_0000L).reg(PpcCpu.XER_SO, 0).run(xo(3, 4, 0, 1, NEG, 0));
            assertEquals(0x8000_0000L, h.r(3), "neg of the most negative number");
            assertEquals(1, h.reg(PpcCpu.XER_OV));
            h.r(4, 0x10000).r(5, 0x10000).reg(PpcCpu.XER_SO, 0).run(xo(3, 4, 5, 1, MULLW, 0));
            assertEquals(0, h.r(3));
            assertEquals(1, h.reg(PpcCpu.XER_OV), "2^32 does not fit");
            h.r(4, 7).r(5, 0).run(xo(3, 4, 5, 1, DIVWU, 0));
            assertEquals(1, h.reg(PpcCpu.XER_OV), "divide by zero");
            h.r(4, 0x8000_0000L).r(5, 0xffff_ffffL).run(xo(3, 4, 5, 1, DIVW, 0));
            assertEquals(1, h.reg(PpcCpu.XER_OV), "0x80000000 / -1");
            h.r(4, -7).r(5, 2).run(xo(3, 4, 5, 1, DIVW, 0));
            assertEquals(-3 & 0xffff_ffffL, h.r(3), "rounds toward zero");
            assertEquals(0, h.reg(PpcCpu.XER_OV));
        }
    }

    /** srawi/sraw: CA = 1 only for a negative source that loses 1 bits. */
    @Test
    void srawiAndSrawCarry() {
        try (PpcHarness h = new PpcHarness()) {
            int srawi1 = x(31, 4, 3, 1, 824, 0);  // srawi r3,r4,1
            h.r(4, -5).run(srawi1);
            assertEquals(-3 & 0xffff_ffffL, h.r(3));
            assertEquals(1, ca(h));
            h.r(4, -4).run(srawi1);
            assertEquals(-2 & 0xffff_ffffL, h.r(3));
            assertEquals(0, ca(h));
            h.r(4, 5).run(srawi1);
            assertEquals(2, h.r(3));
            assertEquals(0, ca(h), "positive: never a carry");
            h.r(4, -1).reg(PpcCpu.XER_CA, 1).run(x(31, 4, 3, 0, 824, 0));
            assertEquals(0, ca(h), "shift by 0 clears CA");
            int sraw = x(31, 4, 3, 5, 792, 1);    // sraw. r3,r4,r5
            h.r(4, 0x8000_0000L).r(5, 40).run(sraw);
            assertEquals(0xffff_ffffL, h.r(3), "amounts 32..63 give the sign");
            assertEquals(1, ca(h));
            assertEquals(0b1000, h.reg(PpcCpu.CR0));
            h.r(4, 0x7fff_ffffL).r(5, 63).run(sraw);
            assertEquals(0, h.r(3));
            assertEquals(0, ca(h));
            h.r(4, -2).r(5, 64 + 1).run(sraw);
            assertEquals(0xffff_ffffL, h.r(3), "only RB[26:31] counts");
            assertEquals(0, ca(h));
        }
    }

    /** rlwinm/rlwimi with MB > ME: the mask wraps around (ones in bits MB..31 and 0..ME). */
    @Test
    void rotateMasks() {
        assertEquals(0xf000_000f, FixedPointLogical.mask(28, 3));
        assertEquals(0xffff_ffff, FixedPointLogical.mask(0, 31));
        assertEquals(0xffff_ffff, FixedPointLogical.mask(5, 4), "MB = ME + 1: all ones");
        assertEquals(0x8000_0000, FixedPointLogical.mask(0, 0));
        assertEquals(0x0000_0001, FixedPointLogical.mask(31, 31));
        assertEquals(0x8000_0001, FixedPointLogical.mask(31, 0));
        try (PpcHarness h = new PpcHarness()) {
            h.r(4, 0x1234_5678L).run(m(21, 4, 3, 0, 28, 3, 0));
            assertEquals(0x1000_0008L, h.r(3));
            h.r(4, 0x1234_5678L).run(m(21, 4, 3, 8, 28, 3, 1));       // rotate left 8: 0x34567812
            assertEquals(0x3000_0002L, h.r(3));
            assertEquals(0b0100, h.reg(PpcCpu.CR0));
            h.r(4, 0x1234_5678L).r(3, 0xffff_ffffL).run(m(20, 4, 3, 4, 30, 1, 0)); // rlwimi, mask 0xC0000003
            assertEquals(0x2345_6781L & 0xC000_0003L | (0xffff_ffffL & ~0xC000_0003L), h.r(3));
            h.r(4, 0x8000_0001L).r(5, 33).run(m(23, 4, 3, 5, 0, 31, 0)); // rlwnm by RB[27:31] = 1
            assertEquals(0x0000_0003L, h.r(3));
        }
    }

    @Test
    void shiftsAndLogical() {
        try (PpcHarness h = new PpcHarness()) {
            h.r(4, 0xffff_ffffL).r(5, 32).run(x(31, 4, 3, 5, 24, 0));     // slw
            assertEquals(0, h.r(3));
            h.r(4, 0xffff_ffffL).r(5, 31 + 64).run(x(31, 4, 3, 5, 536, 0)); // srw: RB[26] = 0 here
            assertEquals(1, h.r(3));
            h.r(4, 0).run(x(31, 4, 3, 0, 26, 1));                          // cntlzw.
            assertEquals(32, h.r(3));
            assertEquals(0b0100, h.reg(PpcCpu.CR0));
            h.r(4, 0x80).run(x(31, 4, 3, 0, 954, 0));                      // extsb
            assertEquals(0xffff_ff80L, h.r(3));
            h.r(4, 0xf0f0).run(d(28, 4, 3, 0x0f0f));                        // andi.
            assertEquals(0, h.r(3));
            assertEquals(0b0010, h.r(3) == 0 ? h.reg(PpcCpu.CR0) : -1);
        }
    }

    @Test
    void compares() {
        try (PpcHarness h = new PpcHarness()) {
            h.r(3, 0xffff_ffffL).r(4, 1).reg(PpcCpu.XER_SO, 1)
                    .run(x(31, 7 << 2, 3, 4, 0, 0), x(31, 6 << 2, 3, 4, 32, 0), d(11, 5 << 2, 3, 0xffff), d(10, 4 << 2, 3, 0xffff));
            assertEquals(0b1001, h.reg(PpcCpu.CR0 + 7), "cmp: -1 < 1");
            assertEquals(0b0101, h.reg(PpcCpu.CR0 + 6), "cmpl: 0xffffffff > 1");
            assertEquals(0b0011, h.reg(PpcCpu.CR0 + 5), "cmpi: -1 == -1");
            assertEquals(0b0101, h.reg(PpcCpu.CR0 + 4), "cmpli: 0xffffffff > 0x0000ffff (UI is zero-extended)");
        }
    }

    @Test
    void trapsReportProgramExceptions() {
        try (PpcHarness h = new PpcHarness()) {
            h.r(3, 5).run(li(4, 1), d(3, 0x04, 3, 5), li(4, 2));  // twi eq r3,5 traps
            assertEquals(1, h.r(4), "the instruction after the trap did not run");
            assertEquals("PROGRAM", h.cpu.lastException.kind().name());
            assertEquals(PpcHarness.CODE + 4, h.cpu.lastException.cia());
            assertEquals(0x0002_0000L, h.cpu.lastException.srr1());
            h.r(3, 5).run(d(3, 0x18, 3, 5), li(4, 3));             // twi lt|gt: no trap
            assertNull(h.cpu.lastException);
            assertEquals(3, h.r(4));
        }
    }
}
