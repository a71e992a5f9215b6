package org.jemu.translator.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds an {@link IrBlock}. Frontends call {@link #insnStart} once per guest instruction, then emit that
 * instruction's ops, and finish the block with one terminator.
 *
 * <p>Rule for precise faults: within one guest instruction, every op that may fault ({@link Op#LOAD},
 * {@link Op#STORE}, a {@link Helper#MAY_FAULT} call) comes before the instruction's first {@link Op#SET_REG},
 * so a fault leaves the state as after the previous instruction. The {@link Verifier} checks it.
 */
public final class IrBuilder {
    private final long pc;
    private final long flags;
    private final List<Inst> insts = new ArrayList<>();
    private boolean terminated;
    private long lastInsnPc = -1;
    private long endPc = -1;
    private boolean pcRelative;

    /**
     * @param pc    guest virtual address of the block's first instruction
     * @param flags CPU mode bits the translation assumes
     */
    public IrBuilder(long pc, long flags) {
        this.pc = pc;
        this.flags = flags;
    }

    private Inst emit(Inst i) {
        if (terminated) {
            throw new IllegalStateException("block already terminated: " + i);
        }
        insts.add(i);
        if (i.op.isTerminator()) {
            terminated = true;
        }
        return i;
    }

    private Inst emit(Op op, Type t, long imm, Inst... args) {
        return emit(new Inst(op, t, args, imm, 0, null));
    }

    /** Number of instructions emitted so far. */
    public int size() {
        return insts.size();
    }

    /**
     * Removes the instructions emitted after the first {@code size} (a frontend that decided, after
     * reading operands, that the encoding is reserved). Only instructions without effects can be removed.
     *
     * @throws IllegalStateException if one of them has an effect (a state write, memory access, a call
     *                               with effects, a terminator or an instruction start)
     */
    public void rollback(int size) {
        for (int i = size; i < insts.size(); i++) {
            Inst in = insts.get(i);
            boolean pure = in.op == Op.CALL ? in.helper.isRemovable() : !in.op.hasSideEffect();
            if (!pure) {
                throw new IllegalStateException("cannot roll back " + in + ": it has an effect");
            }
        }
        insts.subList(size, insts.size()).clear();
    }

    /**
     * Drops everything emitted after the first {@code size} instructions, where {@code size} was taken at
     * a guest instruction boundary (before its {@link #insnStart}): the frontend decided to end the block
     * before that instruction (its code would make the block too large). Nothing has run yet, so this is
     * always safe at an instruction boundary.
     */
    public void truncateToInsnBoundary(int size, long lastPc) {
        if (size < insts.size() && insts.get(size).op != Op.INSN_START) {
            throw new IllegalArgumentException("instruction " + size + " is not an instruction start");
        }
        insts.subList(size, insts.size()).clear();
        terminated = false;
        lastInsnPc = lastPc;
    }

    /** The instructions emitted so far (read-only view). */
    public List<Inst> view() {
        return java.util.Collections.unmodifiableList(insts);
    }

    /** Guest virtual address of the last {@link #insnStart}, or -1. */
    public long lastInsnPc() {
        return lastInsnPc;
    }

    public boolean isTerminated() {
        return terminated;
    }

    /** Marks the start of the guest instruction at guest virtual address {@code insnPc}. */
    public void insnStart(long insnPc) {
        emit(Op.INSN_START, Type.VOID, insnPc);
        lastInsnPc = insnPc;
    }

    /**
     * Sets the guest virtual address one past the block's last instruction byte. Without it, the last
     * instruction is taken to be 4 bytes long (fixed-width ISAs).
     */
    public void setEndPc(long end) {
        this.endPc = end;
    }

    // ---- constants and state ---------------------------------------------------------------------

    public Inst constant(Type t, long v) {
        return emit(Op.CONST, t, t == Type.I32 ? (long) (int) v : v);
    }

    public Inst c64(long v) {
        return constant(Type.I64, v);
    }

    public Inst c32(int v) {
        return constant(Type.I32, v);
    }

    /**
     * A guest virtual address computed from the block's PC ({@code addr} is its value at the translation
     * address), relocated when the block runs elsewhere: see {@link Op#PC_CONST}. Blocks that are not
     * {@linkplain #setPcRelative PC-relative} get the same value as {@link #c64}.
     */
    public Inst pcConst(long addr) {
        return emit(Op.PC_CONST, Type.I64, addr);
    }

    /**
     * Declares that every PC-derived value of this block is a {@link #pcConst}, so the block may run at
     * another virtual address with the same page offset (see {@link IrBlock#pcRelative}).
     */
    public void setPcRelative() {
        this.pcRelative = true;
    }

    /** Reads guest state slot {@code slot}; I32 reads its low 32 bits. */
    public Inst getReg(int slot, Type t) {
        return emit(Op.GET_REG, t, slot);
    }

    public Inst get64(int slot) {
        return getReg(slot, Type.I64);
    }

    public Inst get32(int slot) {
        return getReg(slot, Type.I32);
    }

    /** Writes {@code v} to guest state slot {@code slot} (I32 values are zero-extended to 64 bits). */
    public void setReg(int slot, Inst v) {
        emit(Op.SET_REG, Type.VOID, slot, v);
    }

    // ---- arithmetic ---------------------------------------------------------------------------------

    /** A {@link Op.Sig#BINARY} op on two values of one type. */
    public Inst binary(Op op, Inst a, Inst b) {
        return emit(op, a.type, 0, a, b);
    }

    /** A {@link Op.Sig#UNARY} op. */
    public Inst unary(Op op, Inst a) {
        return emit(op, a.type, 0, a);
    }

    /** A {@link Op.Sig#COMPARE} op: I32 0 or 1. */
    public Inst cmp(Op op, Inst a, Inst b) {
        return emit(op, Type.I32, 0, a, b);
    }

    public Inst add(Inst a, Inst b) {
        return binary(Op.ADD, a, b);
    }

    public Inst sub(Inst a, Inst b) {
        return binary(Op.SUB, a, b);
    }

    public Inst and(Inst a, Inst b) {
        return binary(Op.AND, a, b);
    }

    public Inst or(Inst a, Inst b) {
        return binary(Op.OR, a, b);
    }

    public Inst xor(Inst a, Inst b) {
        return binary(Op.XOR, a, b);
    }

    public Inst shl(Inst a, Inst b) {
        return binary(Op.SHL, a, b);
    }

    public Inst lshr(Inst a, Inst b) {
        return binary(Op.LSHR, a, b);
    }

    public Inst ashr(Inst a, Inst b) {
        return binary(Op.ASHR, a, b);
    }

    public Inst not(Inst a) {
        return unary(Op.NOT, a);
    }

    /** {@code c != 0 ? a : b}. */
    public Inst select(Inst c, Inst a, Inst b) {
        return emit(Op.SELECT, a.type, 0, c, a, b);
    }

    public Inst zext32(Inst a) {
        return emit(Op.ZEXT32, Type.I64, 0, a);
    }

    public Inst sext32(Inst a) {
        return emit(Op.SEXT32, Type.I64, 0, a);
    }

    public Inst trunc(Inst a) {
        return emit(Op.TRUNC, Type.I32, 0, a);
    }

    // ---- memory -------------------------------------------------------------------------------------

    /**
     * Loads from guest virtual address {@code addr} (I64).
     *
     * @param t     result type (the loaded value is zero- or sign-extended to it)
     * @param memop {@link MemOp} descriptor
     */
    public Inst load(Type t, Inst addr, long memop) {
        return emit(Op.LOAD, t, memop, addr);
    }

    /** Stores the low {@link MemOp#size} bytes of {@code value} at guest virtual address {@code addr} (I64). */
    public void store(Inst addr, Inst value, long memop) {
        emit(Op.STORE, Type.VOID, memop, addr, value);
    }

    /**
     * {@link #load} only if I32 {@code pass} is non-zero ({@link Op#LOAD_IF}); the result is 0 otherwise, and
     * nothing is accessed.
     */
    public Inst loadIf(Type t, Inst pass, Inst addr, long memop) {
        return emit(Op.LOAD_IF, t, memop, pass, addr);
    }

    /** {@link #store} only if I32 {@code pass} is non-zero ({@link Op#STORE_IF}). */
    public void storeIf(Inst pass, Inst addr, Inst value, long memop) {
        emit(Op.STORE_IF, Type.VOID, memop, pass, addr, value);
    }

    // ---- calls --------------------------------------------------------------------------------------

    /** Calls {@code h} with {@code args}; returns the result value (type VOID for void helpers). */
    public Inst call(Helper h, Inst... args) {
        return emit(new Inst(Op.CALL, h.resultType, args, 0, 0, h));
    }

    // ---- terminators --------------------------------------------------------------------------------

    /** Ends the block with a direct jump to guest virtual address {@code target}. */
    public void jump(long target) {
        emit(Op.JUMP, Type.VOID, target);
    }

    /** Ends the block: to {@code taken} if {@code cond} (I32) is non-zero, else to {@code notTaken}. */
    public void branch(Inst cond, long taken, long notTaken) {
        emit(new Inst(Op.BRANCH, Type.VOID, new Inst[] {cond}, taken, notTaken, null));
    }

    /** Ends the block with a jump to the guest virtual address in {@code target} (I64). */
    public void jumpIndirect(Inst target) {
        emit(Op.JUMP_INDIRECT, Type.VOID, 0, target);
    }

    /**
     * Ends the block with a jump to the guest virtual address in {@code target} (I64) that keeps the translation
     * flags if I32 {@code sameFlags} is non-zero, else returns to the loop to recheck them
     * ({@link Op#JUMP_INDIRECT_CHECKED}).
     */
    public void jumpIndirectChecked(Inst target, Inst sameFlags) {
        emit(Op.JUMP_INDIRECT_CHECKED, Type.VOID, 0, target, sameFlags);
    }

    /**
     * Ends the block with {@link #jumpIndirectChecked} if I32 {@code cond} is non-zero, else with a direct
     * jump to guest virtual address {@code notTaken} ({@link Op#BRANCH_INDIRECT_CHECKED}).
     */
    public void branchIndirectChecked(Inst cond, Inst target, Inst sameFlags, long notTaken) {
        emit(new Inst(Op.BRANCH_INDIRECT_CHECKED, Type.VOID, new Inst[] {cond, target, sameFlags}, notTaken, 0, null));
    }

    /** Ends the block, returning to the execution loop with PC {@code nextPc} and an {@link ExitReason}. */
    public void exit(long nextPc, int reason) {
        emit(new Inst(Op.EXIT, Type.VOID, null, nextPc, reason, null));
    }

    /** Ends the block, returning to the loop with the PC a helper already wrote. */
    public void exitState(int reason) {
        emit(new Inst(Op.EXIT_STATE, Type.VOID, null, 0, reason, null));
    }

    /** The finished block (must be terminated). */
    public IrBlock finish() {
        if (!terminated) {
            throw new IllegalStateException("block at 0x" + Long.toHexString(pc) + " has no terminator");
        }
        long end = endPc != -1 ? endPc : (lastInsnPc == -1 ? pc : lastInsnPc + 4);
        IrBlock b = new IrBlock(pc, flags, insts, end);
        b.pcRelative = pcRelative;
        b.renumber();
        return b;
    }
}
