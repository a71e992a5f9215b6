package org.jemu.translator.backend;

import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;

/**
 * An upper-end estimate of the bytecode {@link BytecodeBackend} emits for a block, so region formation
 * can stay under HotSpot's 8000-byte compile limit without generating code twice.
 */
public final class SizeEstimate {
    private SizeEstimate() {
    }

    /** Estimated bytes of bytecode for {@code b}, including its share of prologue and exits. */
    public static int bytes(IrBlock b) {
        int n = 40;
        for (Inst in : b.insts) {
            n += switch (in.op) {
                case INSN_START, CONST -> 0;
                case LOAD, STORE -> 75;
                case CALL -> 25 + 4 * in.args.length;
                case JUMP, BRANCH, JUMP_INDIRECT, EXIT, EXIT_STATE -> 60;
                case EQ, NE, SLT, SLE, ULT, ULE, SELECT -> 16;
                default -> 9;
            };
        }
        return n;
    }
}
