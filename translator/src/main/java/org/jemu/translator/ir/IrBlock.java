package org.jemu.translator.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * A translated guest block: an ordered list of instructions ending in exactly one terminator. Guest
 * instructions are delimited by {@link Op#INSN_START} markers.
 */
public final class IrBlock {
    /** Guest virtual address of the first instruction. */
    public final long pc;
    /** CPU mode bits the translation assumed (frontend-defined). */
    public final long flags;
    public final List<Inst> insts;
    /** Guest virtual address one past the last byte of the last guest instruction. */
    public final long endPc;
    /**
     * The block runs correctly at any guest virtual address with the same offset in a 4 KiB page as
     * {@link #pc}: every value derived from the PC is an {@link Op#PC_CONST}, and the targets of
     * {@link Op#JUMP}, {@link Op#BRANCH}, {@link Op#BRANCH_INDIRECT_CHECKED} and {@link Op#EXIT} and the
     * {@link Op#INSN_START} addresses are relocated the same way by whoever runs it. The code cache then keeps
     * one translation of code that is mapped at several virtual addresses (position-independent programs
     * under address-space randomisation), as QEMU's {@code CF_PCREL} does. The relocation needs the guest PC
     * slot to hold the block's runtime address when it starts.
     */
    public boolean pcRelative;

    public IrBlock(long pc, long flags, List<Inst> insts, long endPc) {
        this.pc = pc;
        this.flags = flags;
        this.insts = insts;
        this.endPc = endPc;
    }

    /** Reassigns {@link Inst#id} to list positions. */
    public void renumber() {
        for (int i = 0; i < insts.size(); i++) {
            insts.get(i).id = i;
        }
    }

    /** Number of guest instructions (INSN_START markers). */
    public int guestInsnCount() {
        int n = 0;
        for (Inst i : insts) {
            if (i.op == Op.INSN_START) {
                n++;
            }
        }
        return n;
    }

    /** Guest virtual addresses of the guest instructions, in order. */
    public long[] guestInsnPcs() {
        List<Long> pcs = new ArrayList<>();
        for (Inst i : insts) {
            if (i.op == Op.INSN_START) {
                pcs.add(i.imm);
            }
        }
        long[] r = new long[pcs.size()];
        for (int k = 0; k < r.length; k++) {
            r[k] = pcs.get(k);
        }
        return r;
    }

    public Inst terminator() {
        return insts.get(insts.size() - 1);
    }

    @Override
    public String toString() {
        renumber();
        StringBuilder sb = new StringBuilder();
        sb.append("block 0x").append(Long.toHexString(pc)).append(" flags 0x").append(Long.toHexString(flags)).append('\n');
        for (Inst i : insts) {
            sb.append("  ").append(i).append('\n');
        }
        return sb.toString();
    }
}
