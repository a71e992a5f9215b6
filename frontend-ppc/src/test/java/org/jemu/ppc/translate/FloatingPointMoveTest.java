package org.jemu.ppc.translate;

import static org.jemu.ppc.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jemu.ppc.cpu.PpcCpu;
import org.jemu.ppc.cpu.PpcException;
import org.jemu.ppc.cpu.PpcFpBits;
import org.junit.jupiter.api.Test;

/** FP loads/stores, moves and FPSCR instructions, from the manual's definitions (Book I chapter 4; PEM chapter 8). */
class FloatingPointMoveTest {
    static final long D = PpcHarness.DATA;

    @Test
    void fpUnavailableWithMsrFpClear() {
        try (PpcHarness h = new PpcHarness()) {
            h.reg(PpcCpu.MSR, 0).r(3, D).run(li(4, 1), d(50, 1, 3, 0), li(4, 2));   // lfd f1,0(r3)
            assertEquals(PpcException.Kind.FP_UNAVAILABLE, h.cpu.lastException.kind());
            assertEquals(PpcHarness.CODE + 4, h.cpu.lastException.cia());
            assertEquals(1, h.r(4));
        }
    }

    /** lfs keeps a signalling NaN signalling and converts single denormals exactly; stfs denormalises. */
    @Test
    void singleConversions() {
        assertEquals(0x7ff4_0000_0000_0000L, PpcFpBits.singleToDouble(null, 0x7fa0_0000), "SNaN stays SNaN");
        assertEquals(Double.doubleToRawLongBits(Float.MIN_VALUE), PpcFpBits.singleToDouble(null, 1));
        assertEquals(0x0000_0001, PpcFpBits.doubleToSingle(null, Double.doubleToRawLongBits(Float.MIN_VALUE)));
        assertEquals(0x7fa0_0000, PpcFpBits.doubleToSingle(null, 0x7ff4_0000_0000_0000L), "NaN payload truncated, not quieted");
        assertEquals(0x3f80_0000, PpcFpBits.doubleToSingle(null, 0x3ff0_0000_1fff_ffffL), "fraction truncated, not rounded");
        assertEquals(0x0040_0000, PpcFpBits.doubleToSingle(null, 0x3800_0000_0000_0000L), "2^-127: single denormal");
        try (PpcHarness h = new PpcHarness()) {
            h.write(D, 4, 0xff80_0001L);
            h.r(3, D).run(d(48, 2, 3, 0), d(52, 2, 3, 8), d(54, 2, 3, 16));        // lfs f2; stfs f2,8; stfd f2,16
            assertEquals(0xfff0_0000_2000_0000L, h.reg(PpcCpu.FPR0 + 2));
            assertEquals(0xff80_0001L, h.read(D + 8, 4));
            assertEquals(0xfff0_0000_2000_0000L, h.read(D + 16, 8));
        }
    }

    @Test
    void movesAndRecordForm() {
        try (PpcHarness h = new PpcHarness()) {
            h.reg(PpcCpu.FPR0 + 1, 0x3ff0_0000_0000_0000L).reg(PpcCpu.FPSCR, 0x9000_0000L)
                    .run(x(63, 2, 0, 1, 40, 1), x(63, 3, 0, 2, 264, 0), x(63, 4, 0, 1, 136, 0));  // fneg. fabs fnabs
            assertEquals(0xbff0_0000_0000_0000L, h.reg(PpcCpu.FPR0 + 2));
            assertEquals(0x3ff0_0000_0000_0000L, h.reg(PpcCpu.FPR0 + 3));
            assertEquals(0xbff0_0000_0000_0000L, h.reg(PpcCpu.FPR0 + 4));
            assertEquals(0b1001, h.reg(PpcCpu.CR0 + 1), "CR1 = FX FEX VX OX");
        }
    }

    @Test
    void fpscrInstructions() {
        try (PpcHarness h = new PpcHarness()) {
            // mtfsb1 3 (OX): FX set too; OE set by mtfsb1 25 then FEX = 1
            h.reg(PpcCpu.FPSCR, 0).run(x(63, 3, 0, 0, 38, 0), x(63, 25, 0, 0, 38, 0), x(63, 5, 0, 0, 583, 0));
            assertEquals(0xd000_0040L, h.reg(PpcCpu.FPSCR), "FX, FEX, OX, OE");
            assertEquals(0xd000_0040L, h.reg(PpcCpu.FPR0 + 5), "mffs");
            // mcrfs cr7, field 0: copies FX FEX VX OX, clears FX and OX; FEX recomputed
            h.run(x(63, 7 << 2, 0 << 2, 0, 64, 0));
            assertEquals(0b1101, h.reg(PpcCpu.CR0 + 7));
            assertEquals(0x0000_0040L, h.reg(PpcCpu.FPSCR));
            // mtfsfi 7,3 (RN = 3); mtfsb0 1 (FEX) is ignored
            h.run(x(63, 7 << 2, 0, 3 << 1, 134, 0), x(63, 1, 0, 0, 70, 0));
            assertEquals(0x0000_0043L, h.reg(PpcCpu.FPSCR));
            // mtfsf 0xff,f6 cannot set FEX/VX explicitly: they follow the exception and enable bits
            h.reg(PpcCpu.FPR0 + 6, 0x6000_0000L).run(63 << 26 | 0xff << 17 | 6 << 11 | 711 << 1);
            assertEquals(0, h.reg(PpcCpu.FPSCR));
            h.reg(PpcCpu.FPR0 + 6, 0x0100_0080L).run(63 << 26 | 0xff << 17 | 6 << 11 | 711 << 1);
            assertEquals(0x6100_0080L, h.reg(PpcCpu.FPSCR), "VXSNAN with VE: VX and FEX");
        }
    }
}
