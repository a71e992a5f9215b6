package org.jemu.ppc.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jemu.ppc.cpu.PpcCpu;
import org.jemu.ppc.cpu.PpcException;
import org.jemu.ppc.cpu.PpcFpBits;
import org.jemu.ppc.cpu.PpcFpu;
import org.junit.jupiter.api.Test;

/**
 * The FPU computational instructions with the FPSCR, values worked out by hand from the manual's rules
 * (PEM 3.3 "Floating-Point Execution Models", 2.1.4 FPSCR, chapter 8; Power ISA Book I chapter 4 and
 * appendix A), each program run through the IR interpreter and the bytecode backend by {@link PpcHarness}.
 */
class FloatingPointArithmeticTest {
    static final int FX = PpcFpBits.FX;
    static final int FEX = PpcFpBits.FEX;
    static final int VX = PpcFpBits.VX;
    static final int OX = PpcFpBits.OX;
    static final int UX = PpcFpBits.UX;
    static final int ZX = PpcFpBits.ZX;
    static final int XX = PpcFpBits.XX;
    static final int FR = PpcFpu.FR;
    static final int FI = PpcFpu.FI;
    static final long ONE = 0x3ff0_0000_0000_0000L;
    static final long TWO = 0x4000_0000_0000_0000L;
    static final long INF = 0x7ff0_0000_0000_0000L;
    static final long MAX = 0x7fef_ffff_ffff_ffffL;
    static final long QNAN = PpcFpu.DEFAULT_NAN;

    /** An A-form instruction: primary {@code op} (63 double, 59 single), FRT, FRA, FRB, FRC, XO (5 bits), Rc. */
    static int a(int op, int frt, int fra, int frb, int frc, int xo, int rc) {
        return op << 26 | frt << 21 | fra << 16 | frb << 11 | frc << 6 | xo << 1 | rc;
    }

    static int fadd(int t, int x, int y) {
        return a(63, t, x, y, 0, 21, 0);
    }

    static int fmul(int t, int x, int y) {
        return a(63, t, x, 0, y, 25, 0);
    }

    static int fdiv(int t, int x, int y) {
        return a(63, t, x, y, 0, 18, 0);
    }

    /** X-form of opcode 63 with FRB only (frsp 12, fctiw 14, fctiwz 15). */
    static int xb(int t, int b, int xo) {
        return 63 << 26 | t << 21 | b << 11 | xo << 1;
    }

    static long d(double v) {
        return Double.doubleToRawLongBits(v);
    }

    static int fprf(PpcHarness h) {
        return (int) (h.reg(PpcCpu.FPSCR) >>> 12) & 0x1f;
    }

    /** Runs {@code insn} with FPRs 1..3 = x, y, z and the given FPSCR; returns the harness. */
    static PpcHarness run(long fpscr, long x, long y, long z, int... insns) {
        PpcHarness h = new PpcHarness();
        h.reg(PpcCpu.FPR0 + 1, x).reg(PpcCpu.FPR0 + 2, y).reg(PpcCpu.FPR0 + 3, z).reg(PpcCpu.FPR0 + 4, 0x1234L)
                .reg(PpcCpu.FPSCR, fpscr).run(insns);
        return h;
    }

    /** 1 + 2^-53 is a tie: nearest-even gives 1; toward +infinity 1 + 2^-52 with FR; toward 0 and -infinity 1. */
    @Test
    void roundingModesFrFiXxFx() {
        long tiny = d(Math.scalb(1.0, -53));
        long[] want = {ONE, ONE, ONE + 1, ONE};
        for (int rn = 0; rn < 4; rn++) {
            try (PpcHarness h = run(rn, ONE, tiny, 0, fadd(4, 1, 2))) {
                assertEquals(want[rn], h.reg(PpcCpu.FPR0 + 4), "RN " + rn);
                int f = (int) h.reg(PpcCpu.FPSCR);
                assertEquals(FX | XX | FI | (rn == 2 ? FR : 0) | PpcFpu.CLASS_POS_NORMAL << 12 | rn, f, "FPSCR RN " + rn);
            }
        }
        // above the half: rounds up in nearest mode, FR set
        try (PpcHarness h = run(0, ONE, d(3 * Math.scalb(1.0, -54)), 0, fadd(4, 1, 2))) {
            assertEquals(ONE + 1, h.reg(PpcCpu.FPR0 + 4));
            assertEquals(FR | FI, (int) h.reg(PpcCpu.FPSCR) & (FR | FI));
        }
        // FX is set only when an exception bit goes from 0 to 1: XX already set, another inexact result
        try (PpcHarness h = run(XX, ONE, tiny, 0, fadd(4, 1, 2))) {
            assertEquals(0, (int) h.reg(PpcCpu.FPSCR) & FX);
        }
        // an exact result clears FR and FI
        try (PpcHarness h = run(FR | FI, ONE, ONE, 0, fadd(4, 1, 2))) {
            assertEquals(TWO, h.reg(PpcCpu.FPR0 + 4));
            assertEquals(0, (int) h.reg(PpcCpu.FPSCR) & (FR | FI | FX));
        }
    }

    /** Overflow (PEM 3.3.6.2.1): disabled, the result follows RN; enabled, the exponent is adjusted by -1536. */
    @Test
    void overflow() {
        try (PpcHarness h = run(0, MAX, TWO, 0, fmul(4, 1, 2))) {
            assertEquals(INF, h.reg(PpcCpu.FPR0 + 4));
            assertEquals(FX | OX | XX | FI | PpcFpu.CLASS_POS_INF << 12, (int) h.reg(PpcCpu.FPSCR));
        }
        try (PpcHarness h = run(1, MAX, TWO, 0, fmul(4, 1, 2))) {
            assertEquals(MAX, h.reg(PpcCpu.FPR0 + 4), "toward zero: the largest finite number");
            assertEquals(PpcFpu.CLASS_POS_NORMAL, fprf(h));
        }
        try (PpcHarness h = run(3, MAX | Long.MIN_VALUE, TWO, 0, fmul(4, 1, 2))) {
            assertEquals(INF | Long.MIN_VALUE, h.reg(PpcCpu.FPR0 + 4), "toward -infinity, negative");
        }
        try (PpcHarness h = run(PpcFpBits.OE, MAX, TWO, 0, fmul(4, 1, 2))) {
            // MAX * 2 = (2 - 2^-52) * 2^1024, adjusted: (2 - 2^-52) * 2^-512, exact
            assertEquals(0x1fff_ffff_ffff_ffffL, h.reg(PpcCpu.FPR0 + 4));
            assertEquals(FX | FEX | OX | PpcFpBits.OE | PpcFpu.CLASS_POS_NORMAL << 12, (int) h.reg(PpcCpu.FPSCR));
        }
    }

    /** Underflow (PEM 3.3.6.2.2): Tiny before rounding; disabled needs loss of accuracy; enabled adjusts +1536. */
    @Test
    void underflow() {
        try (PpcHarness h = run(0, d(Math.scalb(1.0, -1000)), d(Math.scalb(1.0, -60)), 0, fmul(4, 1, 2))) {
            assertEquals(d(Math.scalb(1.0, -1060)), h.reg(PpcCpu.FPR0 + 4), "exact denormal");
            assertEquals(PpcFpu.CLASS_POS_DENORMAL << 12, (int) h.reg(PpcCpu.FPSCR), "no UX without loss of accuracy");
        }
        try (PpcHarness h = run(0, 1, d(0.75), 0, fmul(4, 1, 2))) {
            assertEquals(1, h.reg(PpcCpu.FPR0 + 4), "0.75 of the smallest denormal rounds up");
            assertEquals(FX | UX | XX | FR | FI | PpcFpu.CLASS_POS_DENORMAL << 12, (int) h.reg(PpcCpu.FPSCR));
        }
        try (PpcHarness h = run(PpcFpBits.UE, d(Math.scalb(1.0, -1000)), d(Math.scalb(1.0, -60)), 0, fmul(4, 1, 2))) {
            assertEquals(d(Math.scalb(1.0, -1060 + 1536)), h.reg(PpcCpu.FPR0 + 4));
            assertEquals(FX | FEX | UX | PpcFpBits.UE | PpcFpu.CLASS_POS_NORMAL << 12, (int) h.reg(PpcCpu.FPSCR));
        }
        // the largest value below 2^-1022 rounds up to the smallest normal in nearest mode: still Tiny (before
        // rounding) and inexact, so UX
        long below = d(Math.nextDown(Double.MIN_NORMAL));
        try (PpcHarness h = run(0, below | 0, d(1 + Math.ulp(1.0)), 0, fmul(4, 1, 2))) {
            assertEquals(d(Double.MIN_NORMAL), h.reg(PpcCpu.FPR0 + 4));
            assertEquals(UX, (int) h.reg(PpcCpu.FPSCR) & UX);
        }
    }

    /** Invalid operations (PEM 3.3.6.1.1): default QNaN or the first NaN operand; VE = 1 leaves FRT and FPRF. */
    @Test
    void invalidOperations() {
        int fsub = a(63, 4, 1, 2, 0, 20, 0);
        try (PpcHarness h = run(0, INF, INF, 0, fsub)) {
            assertEquals(QNAN, h.reg(PpcCpu.FPR0 + 4));
            assertEquals(FX | VX | PpcFpu.VXISI | PpcFpu.CLASS_QNAN << 12, (int) h.reg(PpcCpu.FPSCR));
        }
        try (PpcHarness h = run(PpcFpBits.VE | PpcFpu.CLASS_NEG_ZERO << 12, INF, INF, 0, fsub)) {
            assertEquals(0x1234L, h.reg(PpcCpu.FPR0 + 4), "VE = 1: FRT unchanged");
            assertEquals(FX | FEX | VX | PpcFpu.VXISI | PpcFpBits.VE | PpcFpu.CLASS_NEG_ZERO << 12, (int) h.reg(PpcCpu.FPSCR));
        }
        // signalling NaN: made quiet; with two NaNs the first of FRA, FRB, FRC
        long snan = 0xfff0_0000_0000_0001L;
        try (PpcHarness h = run(0, ONE, snan, 0, fadd(4, 1, 2))) {
            assertEquals(0xfff8_0000_0000_0001L, h.reg(PpcCpu.FPR0 + 4));
            assertEquals(FX | VX | PpcFpu.VXSNAN, (int) h.reg(PpcCpu.FPSCR) & ~PpcFpu.FPRF);
        }
        long q1 = 0x7ff8_0000_0000_0011L;
        long q2 = 0x7ff8_0000_0000_0022L;
        try (PpcHarness h = run(0, q2, snan, q1, a(63, 4, 3, 1, 2, 29, 0))) {   // fmadd f4 = f3*f2 + f1
            assertEquals(q1, h.reg(PpcCpu.FPR0 + 4), "FRA first");
            assertEquals(PpcFpu.VXSNAN, (int) h.reg(PpcCpu.FPSCR) & PpcFpu.VXSNAN, "an SNaN operand anywhere");
        }
        // infinity x zero in a multiply-add with a quiet NaN addend: VXIMZ, the NaN is the result
        try (PpcHarness h = run(0, q1, INF, 0, a(63, 4, 2, 1, 3, 29, 0))) {
            assertEquals(q1, h.reg(PpcCpu.FPR0 + 4));
            assertEquals(PpcFpu.VXIMZ, (int) h.reg(PpcCpu.FPSCR) & PpcFpu.VXIMZ);
        }
        // 0/0 and inf/inf
        try (PpcHarness h = run(0, 0, 0, 0, fdiv(4, 1, 2))) {
            assertEquals(PpcFpu.VXZDZ, (int) h.reg(PpcCpu.FPSCR) & PpcFpu.VXZDZ);
        }
        try (PpcHarness h = run(0, INF, INF | Long.MIN_VALUE, 0, fdiv(4, 1, 2))) {
            assertEquals(PpcFpu.VXIDI, (int) h.reg(PpcCpu.FPSCR) & PpcFpu.VXIDI);
        }
    }

    /** Zero divide (PEM 3.3.6.1.2): infinity and ZX; ZE = 1 leaves FRT unchanged. */
    @Test
    void zeroDivide() {
        try (PpcHarness h = run(FR | FI, ONE | Long.MIN_VALUE, 0, 0, fdiv(4, 1, 2))) {
            assertEquals(INF | Long.MIN_VALUE, h.reg(PpcCpu.FPR0 + 4));
            assertEquals(FX | ZX | PpcFpu.CLASS_NEG_INF << 12, (int) h.reg(PpcCpu.FPSCR), "FR and FI cleared");
        }
        try (PpcHarness h = run(PpcFpBits.ZE, ONE, 0, 0, fdiv(4, 1, 2))) {
            assertEquals(0x1234L, h.reg(PpcCpu.FPR0 + 4));
            assertEquals(FX | FEX | ZX | PpcFpBits.ZE, (int) h.reg(PpcCpu.FPSCR));
        }
    }

    /** fctiw/fctiwz (Power ISA appendix A.2): rounding, saturation with VXCVI, FRT[32:63]. */
    @Test
    void convertToInteger() {
        try (PpcHarness h = run(0, d(2.5), d(-2.7), d(3e9), xb(4, 1, 14), xb(5, 2, 15), xb(6, 3, 14))) {
            assertEquals(2, h.reg(PpcCpu.FPR0 + 4), "2.5 to nearest even");
            assertEquals(-2L, h.reg(PpcCpu.FPR0 + 5), "-2.7 toward zero (FRT[0:31] the sign extension)");
            assertEquals(0x7fff_ffffL, h.reg(PpcCpu.FPR0 + 6), "3e9 saturates");
            int f = (int) h.reg(PpcCpu.FPSCR);
            assertEquals(FX | VX | XX | PpcFpu.VXCVI, f & (FX | VX | XX | PpcFpu.VXCVI | FI));
        }
        try (PpcHarness h = run(2, d(-2.5), 0xfff0_0000_0000_0001L, 0, xb(4, 1, 14), xb(5, 2, 14))) {
            assertEquals(-2L, h.reg(PpcCpu.FPR0 + 4), "-2.5 toward +infinity");
            assertEquals(0x8000_0000L, h.reg(PpcCpu.FPR0 + 5), "SNaN");
            assertEquals(PpcFpu.VXCVI | PpcFpu.VXSNAN, (int) h.reg(PpcCpu.FPSCR) & (PpcFpu.VXCVI | PpcFpu.VXSNAN));
        }
    }

    /** fcmpu/fcmpo: CR field and FPCC; VXSNAN, and fcmpo's VXVC (not for an SNaN when VE = 1). */
    @Test
    void compares() {
        int fcmpu = 63 << 26 | 3 << 23 | 1 << 16 | 2 << 11;
        int fcmpo = fcmpu | 32 << 1;
        try (PpcHarness h = run(PpcFpu.CLASS_NEG_ZERO << 12, ONE, TWO, 0, fcmpu)) {
            assertEquals(8, h.reg(PpcCpu.CR0 + 3));
            assertEquals(0x18, fprf(h), "FPCC = FL; C unchanged");
        }
        try (PpcHarness h = run(0, QNAN, ONE, 0, fcmpo)) {
            assertEquals(1, h.reg(PpcCpu.CR0 + 3));
            assertEquals(FX | VX | PpcFpu.VXVC | 1 << 12, (int) h.reg(PpcCpu.FPSCR));
        }
        try (PpcHarness h = run(PpcFpBits.VE, 0x7ff0_0000_0000_0001L, ONE, 0, fcmpo)) {
            assertEquals(FX | FEX | VX | PpcFpu.VXSNAN | PpcFpBits.VE | 1 << 12, (int) h.reg(PpcCpu.FPSCR));
        }
    }

    /** Single-precision forms round once to single; FPRF classifies in single format; frsp ties to even. */
    @Test
    void singlePrecision() {
        long m126 = d(Math.scalb(1.0, -126));
        try (PpcHarness h = run(0, m126, d(0.5), 0, a(59, 4, 1, 0, 2, 25, 0))) {   // fmuls
            assertEquals(0x3800_0000_0000_0000L, h.reg(PpcCpu.FPR0 + 4), "2^-127, a single denormal");
            assertEquals(PpcFpu.CLASS_POS_DENORMAL, fprf(h));
        }
        try (PpcHarness h = run(0, d(1 + Math.scalb(1.0, -24)), d(1 + 3 * Math.scalb(1.0, -25)), 0, xb(4, 1, 12), xb(5, 2, 12))) {
            assertEquals(ONE, h.reg(PpcCpu.FPR0 + 4), "frsp: a tie to even");
            assertEquals(d(1 + Math.scalb(1.0, -23)), h.reg(PpcCpu.FPR0 + 5));
        }
        // fused and rounded once to single: 1 + 2^-24 + 2^-60 is just above the tie, so it rounds up
        try (PpcHarness h = run(0, d(1 + Math.scalb(1.0, -24)), ONE, d(Math.scalb(1.0, -60)), a(59, 4, 1, 3, 2, 29, 0))) {
            assertEquals(d(1 + Math.scalb(1.0, -23)), h.reg(PpcCpu.FPR0 + 4));
        }
    }

    /** fnmadd rounds A x C + B under RN, then negates (Power ISA fnmadd). */
    @Test
    void negativeMultiplyAddRoundsBeforeNegating() {
        try (PpcHarness h = run(2, ONE, d(Math.scalb(1.0, -60)), ONE, a(63, 4, 1, 2, 3, 31, 1))) {
            assertEquals((ONE + 1) | Long.MIN_VALUE, h.reg(PpcCpu.FPR0 + 4), "1 + 2^-60 rounded up, then negated");
            assertEquals(PpcFpu.CLASS_NEG_NORMAL, fprf(h));
            assertEquals(0b1000, h.reg(PpcCpu.CR0 + 1), "record form: CR1 = FX FEX VX OX");
        }
    }

    /** fres, frsqrte (the 750's optional estimates), fsel; fsqrt is not a 750 instruction. */
    @Test
    void estimatesSelectAndMissingSquareRoot() {
        try (PpcHarness h = run(0, 0, TWO, d(4.0), a(59, 4, 0, 1, 0, 24, 0), a(59, 5, 0, 2, 0, 24, 0),
                a(63, 6, 0, 3, 0, 26, 0))) {
            assertEquals(INF, h.reg(PpcCpu.FPR0 + 4), "fres(+0)");
            assertEquals(d(0.5), h.reg(PpcCpu.FPR0 + 5), "fres(2)");
            assertEquals(d(0.5), h.reg(PpcCpu.FPR0 + 6), "frsqrte(4)");
            assertEquals(FX | ZX, (int) h.reg(PpcCpu.FPSCR) & (FX | ZX | XX));
        }
        try (PpcHarness h = run(0, ONE | Long.MIN_VALUE, d(3.0), 0, a(63, 4, 0, 1, 0, 26, 0), a(59, 5, 0, 2, 0, 24, 0))) {
            assertEquals(QNAN, h.reg(PpcCpu.FPR0 + 4), "frsqrte(-1)");
            assertEquals(d((float) (1.0 / 3)), h.reg(PpcCpu.FPR0 + 5), "fres(3)");
            assertEquals(PpcFpu.VXSQRT | FI, (int) h.reg(PpcCpu.FPSCR) & (PpcFpu.VXSQRT | FI | XX), "no XX for estimates");
        }
        try (PpcHarness h = run(0, 0 | Long.MIN_VALUE, ONE, TWO, a(63, 4, 1, 2, 3, 23, 0), a(63, 5, 4, 2, 3, 23, 0))) {
            assertEquals(TWO, h.reg(PpcCpu.FPR0 + 4), "fsel: -0 >= 0 selects FRC");
            assertEquals(TWO, h.reg(PpcCpu.FPR0 + 5));
        }
        try (PpcHarness h = run(0, QNAN, ONE, TWO, a(63, 4, 1, 2, 3, 23, 0))) {
            assertEquals(ONE, h.reg(PpcCpu.FPR0 + 4), "fsel: a NaN selects FRB");
        }
        try (PpcHarness h = run(0, TWO, 0, 0, a(63, 4, 0, 1, 0, 22, 0))) {   // fsqrt
            assertEquals(PpcException.Kind.PROGRAM, h.cpu.lastException.kind());
            assertEquals(0x1234L, h.reg(PpcCpu.FPR0 + 4));
        }
    }
}
