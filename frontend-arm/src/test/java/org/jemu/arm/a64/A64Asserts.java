package org.jemu.arm.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.translator.ir.ExitReason;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.Op;

/** Assertions on the IR the translator emits for one instruction. */
final class A64Asserts {
    private A64Asserts() {
    }

    /** The names of the helpers {@code block} calls, in order. */
    static String calls(IrBlock block) {
        StringBuilder sb = new StringBuilder();
        for (Inst i : block.insts) {
            if (i.op == Op.CALL) {
                sb.append(sb.isEmpty() ? "" : ",").append(i.helper.name);
            }
        }
        return sb.toString();
    }

    /** {@code word} translates to the UNDEFINED exception: a call of A64Helpers.undefined, then an exit. */
    static void assertUndefined(A64Harness h, int word) {
        IrBlock b = h.translate(A64Harness.CODE, word);
        assertEquals("A64Helpers.undefined", calls(b), String.format("0x%08x: %s", word, b));
        assertEquals(Op.EXIT, b.terminator().op);
        assertEquals(ExitReason.EXCEPTION, b.terminator().imm2);
    }

    /** {@code word} calls exactly the helpers {@code names} (comma-separated) and ends with {@code term}. */
    static IrBlock assertCalls(A64Harness h, int word, String names, Op term) {
        IrBlock b = h.translate(A64Harness.CODE, word);
        assertEquals(names, calls(b), String.format("0x%08x: %s", word, b));
        assertEquals(term, b.terminator().op, b.toString());
        return b;
    }

    /** The block contains no helper call and no exit other than the fall-through jump. */
    static void assertPlain(A64Harness h, int word) {
        IrBlock b = h.translate(A64Harness.CODE, word);
        assertEquals("", calls(b), b.toString());
        assertTrue(b.terminator().op == Op.JUMP, b.toString());
    }
}
