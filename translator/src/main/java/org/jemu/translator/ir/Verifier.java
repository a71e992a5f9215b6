package org.jemu.translator.ir;

import java.util.IdentityHashMap;
import java.util.List;

/**
 * Checks an {@link IrBlock}'s invariants: it starts with {@link Op#INSN_START}, ends with exactly one
 * terminator, every operand is defined earlier in the block, operand and result types match the op's
 * {@link Op.Sig}, helper calls match their helper's signature, and the precise-fault rule holds (no op
 * that may fault after a {@link Op#SET_REG} of the same guest instruction). Always on in tests; the
 * execution loop runs it on every translated block, since a broken block is a frontend bug that must
 * surface at once rather than as wrong guest behaviour.
 */
public final class Verifier {
    private Verifier() {
    }

    /**
     * @throws IllegalStateException with the block listing and the offending instruction if a check fails
     */
    public static void verify(IrBlock block) {
        block.renumber();
        List<Inst> insts = block.insts;
        IdentityHashMap<Inst, Boolean> defined = new IdentityHashMap<>();
        if (insts.isEmpty() || insts.get(0).op != Op.INSN_START) {
            fail(block, null, "block must start with insn_start");
        }
        boolean setInInsn = false;
        for (int i = 0; i < insts.size(); i++) {
            Inst in = insts.get(i);
            for (Inst a : in.args) {
                if (!defined.containsKey(a)) {
                    fail(block, in, "operand not defined earlier in the block");
                }
                if (a.type == Type.VOID) {
                    fail(block, in, "operand has no value");
                }
            }
            if (in.op.isTerminator() != (i == insts.size() - 1)) {
                fail(block, in, in.op.isTerminator() ? "terminator before the end" : "block does not end with a terminator");
            }
            checkTypes(block, in);
            if (in.op == Op.INSN_START) {
                setInInsn = false;
            } else if (in.op == Op.SET_REG) {
                setInInsn = true;
            } else if (setInInsn && (in.op.mayFault() || (in.op == Op.CALL && in.helper.mayFault()))) {
                fail(block, in, "op may fault after a set_reg of the same guest instruction");
            }
            defined.put(in, Boolean.TRUE);
        }
    }

    private static void checkTypes(IrBlock b, Inst in) {
        Inst[] a = in.args;
        Type t = in.type;
        switch (in.op.sig) {
            case NONE -> {
                need(b, in, a.length == 0, "takes no operands");
                if (in.op == Op.PC_CONST) {
                    need(b, in, t == Type.I64, "needs type i64");
                } else if (in.op == Op.CONST || in.op == Op.GET_REG) {
                    need(b, in, t == Type.I32 || t == Type.I64, "needs an integer type");
                } else {
                    need(b, in, t == Type.VOID, "has no value");
                }
            }
            case BINARY -> need(b, in, a.length == 2 && isInt(t) && a[0].type == t && a[1].type == t, "needs (T,T)->T");
            case UNARY -> need(b, in, a.length == 1 && isInt(t) && a[0].type == t, "needs (T)->T");
            case WIDEN -> need(b, in, a.length == 1 && t == Type.I64 && a[0].type == Type.I32, "needs (i32)->i64");
            case NARROW -> need(b, in, a.length == 1 && t == Type.I32 && a[0].type == Type.I64, "needs (i64)->i32");
            case COMPARE -> need(b, in, a.length == 2 && t == Type.I32 && isInt(a[0].type) && a[0].type == a[1].type,
                    "needs (T,T)->i32");
            case SELECT -> need(b, in, a.length == 3 && a[0].type == Type.I32 && isInt(t) && a[1].type == t
                    && a[2].type == t, "needs (i32,T,T)->T");
            case LOAD -> need(b, in, a.length == 1 && a[0].type == Type.I64 && isInt(t)
                    && MemOp.size(in.imm) * 8 <= t.bits, "needs (i64)->T wide enough for the access");
            case STORE -> need(b, in, a.length == 2 && a[0].type == Type.I64 && isInt(a[1].type)
                    && MemOp.size(in.imm) * 8 <= a[1].type.bits, "needs (i64, T) with T wide enough");
            case LOAD_IF -> need(b, in, a.length == 2 && a[0].type == Type.I32 && a[1].type == Type.I64 && isInt(t)
                    && MemOp.size(in.imm) * 8 <= t.bits, "needs (i32, i64)->T wide enough for the access");
            case STORE_IF -> need(b, in, a.length == 3 && a[0].type == Type.I32 && a[1].type == Type.I64
                    && isInt(a[2].type) && MemOp.size(in.imm) * 8 <= a[2].type.bits,
                    "needs (i32, i64, T) with T wide enough");
            case STATE_WRITE -> need(b, in, a.length == 1 && isInt(a[0].type) && t == Type.VOID, "needs one integer operand");
            case CALL -> {
                Helper h = in.helper;
                need(b, in, h != null && a.length == h.argTypes.length && t == h.resultType, "does not match its helper");
                for (int k = 0; k < a.length; k++) {
                    need(b, in, a[k].type == h.argTypes[k], "argument " + k + " type does not match its helper");
                }
            }
            case BRANCH -> need(b, in, a.length == 1 && a[0].type == Type.I32, "needs an i32 condition");
            case JUMP_VALUE -> need(b, in, a.length == 1 && a[0].type == Type.I64, "needs an i64 target");
            case JUMP_VALUE_CHECKED -> need(b, in, a.length == 2 && a[0].type == Type.I64 && a[1].type == Type.I32,
                    "needs an i64 target and an i32 condition");
            case BRANCH_VALUE_CHECKED -> need(b, in, a.length == 3 && a[0].type == Type.I32 && a[1].type == Type.I64
                    && a[2].type == Type.I32, "needs an i32 condition, an i64 target and an i32 condition");
            default -> fail(b, in, "unknown signature");
        }
    }

    private static boolean isInt(Type t) {
        return t == Type.I32 || t == Type.I64;
    }

    private static void need(IrBlock b, Inst in, boolean ok, String what) {
        if (!ok) {
            fail(b, in, in.op + " " + what);
        }
    }

    private static void fail(IrBlock b, Inst in, String msg) {
        throw new IllegalStateException("IR verifier: " + msg + (in == null ? "" : " at: " + in) + "\n" + b);
    }
}
