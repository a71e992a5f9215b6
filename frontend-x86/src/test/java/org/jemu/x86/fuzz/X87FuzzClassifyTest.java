package org.jemu.x86.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.jemu.x86.decode.X86Decoder;
import org.jemu.x86.decode.X86Insn;
import org.junit.jupiter.api.Test;

/**
 * {@link X87Fuzz#classify} on hand-made states: a known x87 difference must excuse only what it documents.
 * No oracle is run.
 */
class X87FuzzClassifyTest {

    private static final int ONE = 0x3FFF;
    private static final long INTEGER_BIT = 1L << 63;

    /** TOP 0, every register valid: R0 = 1.0, R1 = 2.0, R2..R7 = 1.0, then R{@code odd} = an unnormal. */
    private static X87Fuzz.State stack(int odd) {
        int[] se = new int[8];
        long[] m = new long[8];
        for (int p = 0; p < 8; p++) {
            se[p] = ONE;
            m[p] = INTEGER_BIT;
        }
        se[1] = ONE + 1;
        se[odd] = ONE + 1;
        m[odd] = INTEGER_BIT >>> 1;    // exponent not 0, integer bit clear: unnormal (SDM Vol. 1 Table 8-3)
        return new X87Fuzz.State(se, m, 0x037F, 0, 0);
    }

    private static X86FuzzState after(X87Fuzz.State x87) {
        return new X86FuzzState(new long[8], 0, 2, new int[6], new byte[0],
                X86FuzzState.Stop.of(X86FuzzState.Kind.RUNNING, 2), x87);
    }

    private static X86DifferentialFuzzTest.Known classifyFaddSt0St1(X87Fuzz.State before) {
        X86Insn fadd = new X86Decoder().decode(new byte[] {(byte) 0xD8, (byte) 0xC1}, 32);   // FADD ST(0), ST(1)
        X87Fuzz.State jemu = new X87Fuzz.State(before.se(), before.m(), before.cw(), before.sw(), before.tw());
        return X87Fuzz.classify(fadd, before, null, after(before), after(jemu), 0);
    }

    @Test
    void anUnsupportedOperandIsKnown() {
        assertEquals(X86DifferentialFuzzTest.Known.X87_UNSUPPORTED_OPERAND, classifyFaddSt0St1(stack(1)));
        assertEquals(X86DifferentialFuzzTest.Known.X87_UNSUPPORTED_OPERAND, classifyFaddSt0St1(stack(0)));
    }

    @Test
    void anUnsupportedValueTheInstructionDoesNotReadExcusesNothing() {
        // ST(5) is not an operand of FADD ST(0), ST(1): a difference there is a jemu difference to report
        assertNull(classifyFaddSt0St1(stack(5)));
    }

    private static X86DifferentialFuzzTest.Known classify(byte[] insn, X87Fuzz.State before, byte[] operand,
            X87Fuzz.State jemuAfter) {
        X86Insn in = new X86Decoder().decode(insn, 32);
        return X87Fuzz.classify(in, before, operand, after(jemuAfter), after(jemuAfter), 0);
    }

    private static X87Fuzz.State withSt01(int cw, int sw, int se0, long m0, int se1, long m1) {
        X87Fuzz.State s = stack(2);
        int[] se = s.se().clone();
        long[] m = s.m().clone();
        se[0] = se0;
        m[0] = m0;
        se[1] = se1;
        m[1] = m1;
        return new X87Fuzz.State(se, m, cw, sw, 0);
    }

    private static final byte[] FADD_ST0_ST1 = {(byte) 0xD8, (byte) 0xC1};

    @Test
    void anUnmaskedExceptionExcusesOnlyTheStepThatRaisedIt() {
        // FCW 037Eh unmasks IM; FSW 0081h: IE and ES
        X87Fuzz.State clean = withSt01(0x037E, 0, ONE, INTEGER_BIT, ONE + 1, INTEGER_BIT);
        X87Fuzz.State raised = withSt01(0x037E, 0x0081, ONE, INTEGER_BIT, ONE + 1, INTEGER_BIT);
        assertEquals(X86DifferentialFuzzTest.Known.X87_UNMASKED_EXCEPTION, classify(FADD_ST0_ST1, clean, null, raised));
        // ES (sticky) already set before the instruction, which raises nothing new: not excused
        assertNull(classify(FADD_ST0_ST1, raised, null, raised));
        // ES already set, the instruction raises an unmasked #Z (ZM unmasked too): excused
        X87Fuzz.State both = withSt01(0x037A, 0x0081, ONE, INTEGER_BIT, ONE + 1, INTEGER_BIT);
        X87Fuzz.State plusZ = withSt01(0x037A, 0x0085, ONE, INTEGER_BIT, ONE + 1, INTEGER_BIT);
        assertEquals(X86DifferentialFuzzTest.Known.X87_UNMASKED_EXCEPTION, classify(FADD_ST0_ST1, both, null, plusZ));
    }

    private static byte[] le(long v, int n) {
        byte[] b = new byte[32];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    @Test
    void nanConversionIsOnlyForSignalingNaNs() {
        X87Fuzz.State s = withSt01(0x037F, 0, ONE, INTEGER_BIT, ONE, INTEGER_BIT);
        byte[] fldM32 = {(byte) 0xD9, 0x05, 0, 0x20, 0, 0};         // FLD dword [2000h]
        byte[] fldM64 = {(byte) 0xDD, 0x05, 0, 0x20, 0, 0};         // FLD qword [2000h]
        var nan = X86DifferentialFuzzTest.Known.X87_NAN_CONVERSION;
        assertEquals(nan, classify(fldM32, s, le(0x7F80_0001L, 4), s));             // SNaN
        assertNull(classify(fldM32, s, le(0x7FC0_0001L, 4), s));                     // QNaN
        assertEquals(nan, classify(fldM64, s, le(0xFFF0_0000_0000_0001L, 8), s));   // SNaN
        assertNull(classify(fldM64, s, le(0x7FF8_0000_0000_0000L, 8), s));           // QNaN
        byte[] fstM32 = {(byte) 0xD9, 0x15, 0, 0x20, 0, 0};         // FST dword [2000h]
        X87Fuzz.State snan = withSt01(0x037F, 0, 0x7FFF, INTEGER_BIT | 1, ONE, INTEGER_BIT);   // payload truncates to 0
        X87Fuzz.State qnan = withSt01(0x037F, 0, 0x7FFF, INTEGER_BIT | 1L << 62 | 1, ONE, INTEGER_BIT);
        assertEquals(nan, classify(fstM32, snan, le(0, 4), snan));
        assertNull(classify(fstM32, qnan, le(0, 4), qnan));
    }

    @Test
    void fscaleWithReducedPrecisionOnlyWhenRoundingCanChangeTheResult() {
        byte[] fscale = {(byte) 0xD9, (byte) 0xFD};
        var known = X86DifferentialFuzzTest.Known.X87_FSCALE_SPECIAL;
        int pc24 = 0x007F;
        // 1.5 * 2^2 with PC = 24 bits: exact at any precision, so nothing to excuse
        assertNull(classify(fscale, withSt01(pc24, 0, ONE, 0xC000_0000_0000_0000L, ONE + 1, INTEGER_BIT), null,
                withSt01(pc24, 0, ONE, 0xC000_0000_0000_0000L, ONE + 1, INTEGER_BIT)));
        // a significand with bits below 24 (and below 53): QEMU rounds it to PC
        long wide = INTEGER_BIT | 1;
        assertEquals(known, classify(fscale, withSt01(pc24, 0, ONE, wide, ONE + 1, INTEGER_BIT), null,
                withSt01(pc24, 0, ONE, wide, ONE + 1, INTEGER_BIT)));
        assertEquals(known, classify(fscale, withSt01(0x027F, 0, ONE, wide, ONE + 1, INTEGER_BIT), null,
                withSt01(0x027F, 0, ONE, wide, ONE + 1, INTEGER_BIT)));
        // 1.0 * 2^-16400: a denormal result, shifted below the precision
        int minus16400 = 0x8000 | (ONE + 14);           // -(16400 = 1.00000000010000b * 2^14)
        long m16400 = 0x8020_0000_0000_0000L;
        assertEquals(known, classify(fscale, withSt01(pc24, 0, ONE, INTEGER_BIT, minus16400, m16400), null,
                withSt01(pc24, 0, ONE, INTEGER_BIT, minus16400, m16400)));
        // -1.0 scaled by -infinity (seed 0xed8cddda7e8 case 280): an underflow QEMU rounds at PC
        assertEquals(known, classify(fscale, withSt01(pc24, 0, ONE | 0x8000, INTEGER_BIT, 0xFFFF, INTEGER_BIT),
                null, withSt01(pc24, 0, ONE | 0x8000, INTEGER_BIT, 0xFFFF, INTEGER_BIT)));
        // PC = 64 bits: no precision case
        assertNull(classify(fscale, withSt01(0x037F, 0, ONE, wide, ONE + 1, INTEGER_BIT), null,
                withSt01(0x037F, 0, ONE, wide, ONE + 1, INTEGER_BIT)));
    }
}
