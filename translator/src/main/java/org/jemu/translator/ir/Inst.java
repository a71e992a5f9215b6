package org.jemu.translator.ir;

/**
 * One IR instruction, which is also the SSA value it defines. Operands are earlier instructions of the
 * same block. {@code imm}/{@code imm2} hold op-specific immediates (constant value, state slot, guest
 * address, {@link MemOp} descriptor, exit reason).
 */
public final class Inst {
    public final Op op;
    public final Type type;
    public Inst[] args;
    public long imm;
    public long imm2;
    public final Helper helper;
    /** Position in the block after the last renumbering; backends use it to name locals. */
    public int id;

    static final Inst[] NO_ARGS = new Inst[0];

    public Inst(Op op, Type type, Inst[] args, long imm, long imm2, Helper helper) {
        this.op = op;
        this.type = type;
        this.args = args == null ? NO_ARGS : args;
        this.imm = imm;
        this.imm2 = imm2;
        this.helper = helper;
    }

    public Inst arg(int i) {
        return args[i];
    }

    public boolean isConst() {
        return op == Op.CONST;
    }

    /** The constant value, normalised to the type (I32 sign-extended). */
    public long constValue() {
        return imm;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (type != Type.VOID) {
            sb.append('v').append(id).append(':').append(type.name().toLowerCase()).append(" = ");
        }
        sb.append(op.name().toLowerCase());
        if (helper != null) {
            sb.append(' ').append(helper.name);
        }
        for (int i = 0; i < args.length; i++) {
            sb.append(i == 0 ? " " : ", ").append('v').append(args[i].id);
        }
        switch (op) {
            case CONST -> sb.append(" 0x").append(Long.toHexString(type == Type.I32 ? imm & 0xffffffffL : imm));
            case GET_REG, SET_REG -> sb.append(" slot ").append(imm);
            case INSN_START, JUMP, BRANCH_INDIRECT_CHECKED -> sb.append(" 0x").append(Long.toHexString(imm));
            case BRANCH -> sb.append(" 0x").append(Long.toHexString(imm)).append(" / 0x").append(Long.toHexString(imm2));
            case EXIT -> sb.append(" 0x").append(Long.toHexString(imm)).append(" reason ").append(imm2);
            case LOAD, STORE, LOAD_IF, STORE_IF -> sb.append(' ').append(MemOp.toString(imm));
            default -> {
            }
        }
        return sb.toString();
    }
}
