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
        return 40 + bytes(b.insts, 0, b.insts.size());
    }

    /**
     * Estimated bytes of bytecode for instructions {@code [from, to)} of a block under construction (a
     * frontend ends a block early when this grows past {@link #BLOCK_LIMIT}).
     */
    public static int bytes(java.util.List<Inst> insts, int from, int to) {
        // a helper that reads guest state first writes back every slot the block has written so far (about
        // 8 bytes each: aload, push index, lload, lastore), so its cost grows with the slots written before it
        // A slot's first read costs a load into its local (about 8 bytes); its first write costs a write-back
        // at the exits and in the fault handler (at least two, about 8 bytes each).
        java.util.BitSet written = new java.util.BitSet();
        java.util.BitSet read = new java.util.BitSet();
        int n = 0;
        for (int i = 0; i < to; i++) {
            Inst in = insts.get(i);
            int slotCost = 0;
            if (in.op == Op.SET_REG && !written.get((int) in.imm)) {
                written.set((int) in.imm);
                slotCost = 16;
            } else if (in.op == Op.GET_REG && !read.get((int) in.imm)) {
                read.set((int) in.imm);
                slotCost = 8;
            }
            if (i < from) {
                continue;
            }
            n += slotCost;
            n += switch (in.op) {
                case INSN_START, CONST -> 0;
                case PC_CONST -> 12;
                case LOAD, STORE -> 75;
                case CALL -> 25 + 4 * in.args.length + (in.helper.readsState() ? 8 * written.cardinality() : 0);
                case JUMP, BRANCH, JUMP_INDIRECT, EXIT, EXIT_STATE -> 60;
                case EQ, NE, SLT, SLE, ULT, ULE, SELECT -> 16;
                default -> 9;
            };
        }
        return n;
    }

    /**
     * Estimated bytecode size above which a frontend ends a block before the next guest instruction, so a
     * single block always compiles under HotSpot's 8000-byte limit with room for the estimate's error.
     */
    public static final int BLOCK_LIMIT = 6000;
}
