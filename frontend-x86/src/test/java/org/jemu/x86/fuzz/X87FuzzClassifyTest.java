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
}
