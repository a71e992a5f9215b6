package org.jemu.translator.ir;

/**
 * The IR op table. Each op names its signature (how operand and result types relate) and its properties.
 * Integer ops are polymorphic over {@link Type#I32} and {@link Type#I64}: the instruction's type is the
 * result type and, for {@link Sig#BINARY}/{@link Sig#UNARY}, the type of every operand.
 *
 * <p>Semantics are defined by {@link org.jemu.translator.interp.IrInterpreter}, the reference; the
 * bytecode backend must agree with it bit for bit. Shift and rotate amounts are taken modulo the width
 * (as Java and x86 do; frontends clamp where their architecture differs). Division by zero yields 0 and
 * {@code MIN / -1} yields {@code MIN} (the AArch64 rule, Arm ARM C6.2 SDIV/UDIV); remainder by zero yields
 * the dividend. Frontends that must trap (x86 #DE) test before dividing.
 */
public enum Op {
    // ---- values and guest state ------------------------------------------------------------------
    /** Constant; {@code imm} holds the value (I32 constants are held sign-extended). */
    CONST(Sig.NONE),
    /** Read guest state slot {@code imm} (an index into the CPU's register file); I32 reads the low half. */
    GET_REG(Sig.NONE),
    /** Write arg0 to guest state slot {@code imm}; an I32 value is zero-extended into the 64-bit slot. */
    SET_REG(Sig.STATE_WRITE, Property.SIDE_EFFECT),
    /**
     * A guest virtual address derived from the block's own PC (a PC-relative address, a return address):
     * {@code imm} is its value where the block was translated. In a {@link IrBlock#pcRelative} block it is
     * relocated to where the block runs: {@code imm - (IrBlock.pc & ~0xFFF) + (runtime entry PC & ~0xFFF)}
     * (a block lies in one 4 KiB page, and the same code mapped at another address keeps its page offset).
     * Type I64; pure, but never constant-folded.
     */
    PC_CONST(Sig.NONE),
    /** Marks the start of guest instruction at guest virtual address {@code imm}; no code. */
    INSN_START(Sig.NONE, Property.SIDE_EFFECT),

    // ---- integer arithmetic (same type in and out) -----------------------------------------------
    ADD(Sig.BINARY), SUB(Sig.BINARY), MUL(Sig.BINARY),
    /** High half of the unsigned double-width product. */
    MULHU(Sig.BINARY),
    /** High half of the signed double-width product. */
    MULHS(Sig.BINARY),
    UDIV(Sig.BINARY), SDIV(Sig.BINARY), UREM(Sig.BINARY), SREM(Sig.BINARY),
    AND(Sig.BINARY), OR(Sig.BINARY), XOR(Sig.BINARY),
    SHL(Sig.BINARY), LSHR(Sig.BINARY), ASHR(Sig.BINARY), ROTR(Sig.BINARY),
    NEG(Sig.UNARY), NOT(Sig.UNARY),
    /** Count leading zeros (width if zero). */
    CLZ(Sig.UNARY),
    /** Count trailing zeros (width if zero). */
    CTZ(Sig.UNARY),
    POPCNT(Sig.UNARY),
    /** Reverse byte order within the value. */
    BSWAP(Sig.UNARY),
    /** Reverse bit order within the value. */
    BITREV(Sig.UNARY),
    /** Sign-extend the low 8 bits to the full width. */
    SEXT8(Sig.UNARY),
    /** Sign-extend the low 16 bits to the full width. */
    SEXT16(Sig.UNARY),
    /** Zero-extend the low 8 bits. */
    ZEXT8(Sig.UNARY),
    /** Zero-extend the low 16 bits. */
    ZEXT16(Sig.UNARY),

    // ---- width conversions ----------------------------------------------------------------------
    /** I32 → I64, zero-extending. */
    ZEXT32(Sig.WIDEN),
    /** I32 → I64, sign-extending. */
    SEXT32(Sig.WIDEN),
    /** I64 → I32, keeping the low half. */
    TRUNC(Sig.NARROW),

    // ---- comparisons: two operands of one type, result I32 0 or 1 --------------------------------
    EQ(Sig.COMPARE), NE(Sig.COMPARE), SLT(Sig.COMPARE), SLE(Sig.COMPARE), ULT(Sig.COMPARE), ULE(Sig.COMPARE),

    /** {@code arg0 != 0 ? arg1 : arg2}; arg0 is I32, arg1/arg2 and the result share the instruction's type. */
    SELECT(Sig.SELECT),

    // ---- memory (guest virtual addresses through the soft-MMU) ------------------------------------
    /**
     * Load from guest virtual address arg0 (I64). {@code imm} is a {@link MemOp} descriptor (size,
     * signedness, byte order, MMU index). The result is zero- or sign-extended to the instruction type.
     */
    LOAD(Sig.LOAD, Property.SIDE_EFFECT, Property.MAY_FAULT),
    /** Store arg1 to guest virtual address arg0 (I64); {@code imm} is a {@link MemOp} descriptor. */
    STORE(Sig.STORE, Property.SIDE_EFFECT, Property.MAY_FAULT),
    /**
     * A predicated {@link #LOAD}: if arg0 (I32) != 0, loads from guest virtual address arg1 (I64) as LOAD does;
     * else accesses nothing, cannot fault, and the result is 0. AArch32's conditional loads (DDI 0406C A8.3).
     */
    LOAD_IF(Sig.LOAD_IF, Property.SIDE_EFFECT, Property.MAY_FAULT),
    /** A predicated {@link #STORE}: if arg0 (I32) != 0, stores arg2 to guest virtual address arg1 (I64). */
    STORE_IF(Sig.STORE_IF, Property.SIDE_EFFECT, Property.MAY_FAULT),

    // ---- calls -------------------------------------------------------------------------------------
    /**
     * Call a Java static helper ({@link Inst#helper}); arguments are the instruction's args. The helper's
     * declared effects decide what guest state is written back before and reloaded after the call.
     */
    CALL(Sig.CALL, Property.SIDE_EFFECT),

    // ---- terminators -------------------------------------------------------------------------------
    /** Direct jump to guest virtual address {@code imm} (exit 0, chainable). */
    JUMP(Sig.NONE, Property.SIDE_EFFECT, Property.TERMINATOR),
    /** If arg0 (I32) != 0 jump to {@code imm} (exit 0) else to {@code imm2} (exit 1). */
    BRANCH(Sig.BRANCH, Property.SIDE_EFFECT, Property.TERMINATOR),
    /** Jump to guest virtual address arg0 (I64). */
    JUMP_INDIRECT(Sig.JUMP_VALUE, Property.SIDE_EFFECT, Property.TERMINATOR),
    /**
     * Jump to guest virtual address arg0 (I64) that may change the translation flags, which it does not if
     * arg1 (I32) is non-zero: then it exits as {@link #JUMP_INDIRECT} (the successor is looked up under the
     * block's flags), else it returns to the execution loop to recheck the CPU state, as an {@link #EXIT} to
     * arg0 would. An A32/T32 interworking branch (BX, POP {..., PC}) with arg1 = "stays in its instruction set".
     */
    JUMP_INDIRECT_CHECKED(Sig.JUMP_VALUE_CHECKED, Property.SIDE_EFFECT, Property.TERMINATOR),
    /**
     * If arg0 (I32) != 0, a {@link #JUMP_INDIRECT_CHECKED} to arg1 (I64) with arg2 (I32) as its "same flags"
     * operand; else a direct jump to guest virtual address {@code imm} (exit 0, chainable, a region edge). A
     * conditional A32/T32 instruction that writes the PC from a register or memory (POPNE {..., PC},
     * BXEQ LR, LDRHI PC, ...): when its condition fails, execution goes on with the next instruction.
     */
    BRANCH_INDIRECT_CHECKED(Sig.BRANCH_VALUE_CHECKED, Property.SIDE_EFFECT, Property.TERMINATOR),
    /**
     * Return to the execution loop with the PC set to {@code imm} and reason {@code imm2}
     * ({@link ExitReason}), so it re-evaluates interrupts, CPU mode and halting.
     */
    EXIT(Sig.NONE, Property.SIDE_EFFECT, Property.TERMINATOR),
    /** Return to the execution loop with the PC already written by a helper (exception entry, ERET). */
    EXIT_STATE(Sig.NONE, Property.SIDE_EFFECT, Property.TERMINATOR);

    /** How operand types relate to the result type. */
    public enum Sig {
        /** No value operands. */
        NONE,
        /** (T, T) → T. */
        BINARY,
        /** (T) → T. */
        UNARY,
        /** (I32) → I64. */
        WIDEN,
        /** (I64) → I32. */
        NARROW,
        /** (T, T) → I32. */
        COMPARE,
        /** (I32, T, T) → T. */
        SELECT,
        /** (I64 address) → T. */
        LOAD,
        /** (I64 address, T value) → void. */
        STORE,
        /** (I32 predicate, I64 address) → T. */
        LOAD_IF,
        /** (I32 predicate, I64 address, T value) → void. */
        STORE_IF,
        /** (any) → void. */
        STATE_WRITE,
        /** helper-defined. */
        CALL,
        /** (I32) → void. */
        BRANCH,
        /** (I64) → void. */
        JUMP_VALUE,
        /** (I64, I32) → void. */
        JUMP_VALUE_CHECKED,
        /** (I32, I64, I32) → void. */
        BRANCH_VALUE_CHECKED
    }

    /** Op properties used by the passes and the backend. */
    public enum Property {
        /** Must not be removed even if its value is unused. */
        SIDE_EFFECT,
        /** May raise a guest fault ({@link org.jemu.translator.exec.GuestFault}). */
        MAY_FAULT,
        /** Ends a block. */
        TERMINATOR
    }

    public final Sig sig;
    private final int props;

    Op(Sig sig, Property... props) {
        this.sig = sig;
        int p = 0;
        for (Property pr : props) {
            p |= 1 << pr.ordinal();
        }
        this.props = p;
    }

    public boolean has(Property p) {
        return (props & (1 << p.ordinal())) != 0;
    }

    /** True for the memory accesses: {@link #LOAD}, {@link #STORE} and their predicated forms. */
    public boolean isMemoryAccess() {
        return sig == Sig.LOAD || sig == Sig.STORE || sig == Sig.LOAD_IF || sig == Sig.STORE_IF;
    }

    public boolean isTerminator() {
        return has(Property.TERMINATOR);
    }

    public boolean hasSideEffect() {
        return has(Property.SIDE_EFFECT);
    }

    public boolean mayFault() {
        return has(Property.MAY_FAULT);
    }

    /** True for ops whose value depends only on their operands (candidates for folding and removal). */
    public boolean isPure() {
        return !hasSideEffect() && this != GET_REG;
    }
}
