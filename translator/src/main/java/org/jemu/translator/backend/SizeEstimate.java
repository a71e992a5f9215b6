package org.jemu.translator.backend;

import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.Op;

/**
 * An upper-end estimate of the bytecode {@link BytecodeBackend} emits for a block, so region formation
 * can stay under HotSpot's 8000-byte compile limit without generating code twice.
 */
public final class SizeEstimate {
    private SizeEstimate() {
    }

    /** Estimated bytes of bytecode for {@code b}, including its share of prologue and exits. */
    public static int bytes(IrBlock b) {
        return 40 + new Running().extend(b.insts, b.insts.size());
    }

    /**
     * The estimate of a block under construction, kept up to date as the frontend appends instructions, so
     * checking it after every guest instruction costs time proportional to the new IR only.
     *
     * <p>Besides a fixed cost per op, a slot's first read costs a load into its local (about 8 bytes), its
     * first write a write-back at the exits and in the fault handler (at least two, about 8 bytes each), and a
     * helper that reads guest state first writes back every slot written so far (about 8 bytes each).
     */
    public static final class Running {
        private final java.util.BitSet written = new java.util.BitSet();
        private final java.util.BitSet read = new java.util.BitSet();
        private int scanned;
        private int total;

        /**
         * Adds instructions {@code [scanned, to)} of {@code insts} and returns the estimate of
         * {@code [0, to)} in bytes. The list must only have grown since the last call (instructions already
         * counted are not looked at again).
         */
        public int extend(java.util.List<Inst> insts, int to) {
            for (int i = scanned; i < to; i++) {
                Inst in = insts.get(i);
                if (in.op == Op.SET_REG && !written.get((int) in.imm)) {
                    written.set((int) in.imm);
                    total += 16;
                } else if (in.op == Op.GET_REG && !read.get((int) in.imm)) {
                    read.set((int) in.imm);
                    total += 8;
                }
                total += switch (in.op) {
                    case INSN_START, CONST -> 0;
                    case PC_CONST -> 12;
                    case LOAD, STORE -> 75;
                    case LOAD_IF, STORE_IF -> 85;
                    case CALL -> 25 + 4 * in.args.length + (in.helper.readsState() ? 8 * written.cardinality() : 0);
                    case JUMP, BRANCH, JUMP_INDIRECT, JUMP_INDIRECT_CHECKED, EXIT, EXIT_STATE -> 60;
                    case BRANCH_INDIRECT_CHECKED -> 100;
                    case EQ, NE, SLT, SLE, ULT, ULE, SELECT -> 16;
                    default -> 9;
                };
            }
            scanned = Math.max(scanned, to);
            return total;
        }
    }

    /**
     * Estimated bytecode size above which a frontend ends a block before the next guest instruction, so a
     * single block always compiles under HotSpot's 8000-byte limit with room for the estimate's error.
     */
    public static final int BLOCK_LIMIT = 6000;
}
