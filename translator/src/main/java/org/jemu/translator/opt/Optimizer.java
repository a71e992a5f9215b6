package org.jemu.translator.opt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;

/**
 * The IR optimisation passes, run in order on every block: constant folding (with algebraic identities),
 * get/set elimination (forwarding of guest state values within the block and removal of state writes that
 * are overwritten before anything can observe them) and dead-value elimination. Together they remove the
 * flag computations no later instruction reads, which is what makes eager NZCV/CR flags cheap.
 */
public final class Optimizer {
    private Optimizer() {
    }

    /** Runs every pass on {@code b}, in place. */
    public static void optimize(IrBlock b) {
        constantFold(b);
        getSetElimination(b);
        constantFold(b);
        commonSubexpressions(b);
        deadValueElimination(b);
        b.renumber();
    }

    // ---- common subexpressions --------------------------------------------------------------------------

    /**
     * Replaces a pure op (see {@link Op#isPure}) that repeats an earlier one (same op, type, immediates and
     * operands) by the earlier op's value. A32/T32 blocks evaluate the same condition for every instruction
     * of a conditional run (one per instruction of an IT block), and the IR interpreter runs every copy.
     */
    public static void commonSubexpressions(IrBlock b) {
        IdentityHashMap<Inst, Inst> repl = new IdentityHashMap<>();
        Map<ValueKey, Inst> seen = new HashMap<>();
        List<Inst> out = new ArrayList<>(b.insts.size());
        for (Inst in : b.insts) {
            rewriteArgs(in, repl);
            if (in.op.isPure()) {
                Inst first = seen.putIfAbsent(new ValueKey(in), in);
                if (first != null) {
                    repl.put(in, first);
                    continue;
                }
            }
            out.add(in);
        }
        b.insts.clear();
        b.insts.addAll(out);
        b.renumber();
    }

    /**
     * A pure op's identity for {@link #commonSubexpressions}. The operands compare by identity ({@link Inst}
     * keeps {@code Object.equals}); equal constants are one op by then, since constants are keyed too.
     */
    private record ValueKey(Op op, Type type, long imm, long imm2, List<Inst> args) {
        ValueKey(Inst in) {
            this(in.op, in.type, in.imm, in.imm2, List.of(in.args));
        }
    }

    // ---- constant folding -------------------------------------------------------------------------------

    /** Folds pure ops with constant operands and simple identities ({@code x+0}, {@code x&0}, ...). */
    public static void constantFold(IrBlock b) {
        IdentityHashMap<Inst, Inst> repl = new IdentityHashMap<>();
        List<Inst> out = new ArrayList<>(b.insts.size());
        for (Inst in : b.insts) {
            rewriteArgs(in, repl);
            Inst r = fold(in);
            if (r != in) {
                repl.put(in, r);
                if (r.id == -1) {
                    // a new constant: keep it in the list where the folded op was
                    r.id = 0;
                    out.add(r);
                }
                continue;
            }
            out.add(in);
        }
        b.insts.clear();
        b.insts.addAll(out);
        b.renumber();
    }

    private static void rewriteArgs(Inst in, Map<Inst, Inst> repl) {
        for (int k = 0; k < in.args.length; k++) {
            Inst r = repl.get(in.args[k]);
            if (r != null) {
                in.args[k] = r;
            }
        }
    }

    private static Inst constant(Type t, long v) {
        Inst c = new Inst(Op.CONST, t, null, t == Type.I32 ? (long) (int) v : v, 0, null);
        c.id = -1;
        return c;
    }

    /** Returns a replacement for {@code in} (a new constant, or an existing value), or {@code in} itself. */
    private static Inst fold(Inst in) {
        Op op = in.op;
        if (!op.isPure() || op == Op.CONST || in.args.length == 0) {
            return in;
        }
        boolean allConst = true;
        for (Inst a : in.args) {
            allConst &= a.isConst();
        }
        Type t = in.type;
        if (allConst) {
            return constant(t, Evaluator.eval(op, t, in.args));
        }
        if (op.sig == Op.Sig.BINARY) {
            Inst x = in.args[0];
            Inst y = in.args[1];
            boolean yc = y.isConst();
            long yv = y.imm;
            boolean xc = x.isConst();
            long xv = x.imm;
            switch (op) {
                case ADD, OR, XOR, SHL, LSHR, ASHR, ROTR, SUB -> {
                    if (yc && yv == 0) {
                        return x;
                    }
                    if (xc && xv == 0 && (op == Op.ADD || op == Op.OR || op == Op.XOR)) {
                        return y;
                    }
                }
                case AND -> {
                    if (yc && yv == 0 || xc && xv == 0) {
                        return constant(t, 0);
                    }
                    if (yc && (yv & t.mask()) == t.mask()) {
                        return x;
                    }
                    if (xc && (xv & t.mask()) == t.mask()) {
                        return y;
                    }
                }
                case MUL -> {
                    if (yc && yv == 1) {
                        return x;
                    }
                    if (xc && xv == 1) {
                        return y;
                    }
                }
                default -> {
                }
            }
            if (x == y && (op == Op.SUB || op == Op.XOR)) {
                return constant(t, 0);
            }
            if (x == y && (op == Op.AND || op == Op.OR)) {
                return x;
            }
        }
        if (op == Op.SELECT && in.args[0].isConst()) {
            return in.args[0].imm != 0 ? in.args[1] : in.args[2];
        }
        if (op == Op.SELECT && in.args[1] == in.args[2]) {
            return in.args[1];
        }
        return in;
    }

    // ---- get/set elimination ----------------------------------------------------------------------------

    /**
     * Forwards the value of a state slot from an earlier {@code set_reg}/{@code get_reg} of the same type to
     * later {@code get_reg}s, and removes {@code set_reg}s that a later {@code set_reg} of the same slot
     * overwrites before any op could observe the state (a state read, a helper that reads state, an op that
     * may fault, or the block's exit).
     */
    public static void getSetElimination(IrBlock b) {
        IdentityHashMap<Inst, Inst> repl = new IdentityHashMap<>();
        Map<Long, Inst> known = new HashMap<>();
        List<Inst> out = new ArrayList<>(b.insts.size());
        for (Inst in : b.insts) {
            rewriteArgs(in, repl);
            switch (in.op) {
                case GET_REG -> {
                    Inst k = known.get(in.imm);
                    if (k != null && k.type == in.type) {
                        repl.put(in, k);
                        continue;
                    }
                    known.put(in.imm, in);
                }
                case SET_REG -> known.put(in.imm, in.args[0]);
                case CALL -> {
                    if (in.helper.writesState()) {
                        known.clear();
                    }
                }
                default -> {
                }
            }
            out.add(in);
        }
        // Backward: drop set_regs that are overwritten before being observed.
        Map<Long, Boolean> dead = new HashMap<>();
        List<Inst> keep = new ArrayList<>(out.size());
        for (int i = out.size() - 1; i >= 0; i--) {
            Inst in = out.get(i);
            switch (in.op) {
                case SET_REG -> {
                    if (Boolean.TRUE.equals(dead.get(in.imm))) {
                        continue;
                    }
                    dead.put(in.imm, Boolean.TRUE);
                }
                case GET_REG -> dead.remove(in.imm);
                case LOAD, STORE, LOAD_IF, STORE_IF -> dead.clear();
                case CALL -> {
                    if (in.helper.readsState() || in.helper.mayFault()) {
                        dead.clear();
                    }
                }
                default -> {
                    if (in.op.isTerminator()) {
                        dead.clear();
                    }
                }
            }
            keep.add(in);
        }
        java.util.Collections.reverse(keep);
        b.insts.clear();
        b.insts.addAll(keep);
        b.renumber();
    }

    // ---- dead-value elimination ---------------------------------------------------------------------------

    /** Removes ops without side effects whose values are never used. */
    public static void deadValueElimination(IrBlock b) {
        IdentityHashMap<Inst, Boolean> used = new IdentityHashMap<>();
        List<Inst> keep = new ArrayList<>(b.insts.size());
        for (int i = b.insts.size() - 1; i >= 0; i--) {
            Inst in = b.insts.get(i);
            boolean needed = used.containsKey(in) || in.op.hasSideEffect()
                    || (in.op == Op.CALL && !in.helper.isRemovable());
            if (in.op == Op.CALL && in.helper.isRemovable() && !used.containsKey(in)) {
                needed = false;
            }
            if (!needed) {
                continue;
            }
            for (Inst a : in.args) {
                used.put(a, Boolean.TRUE);
            }
            keep.add(in);
        }
        java.util.Collections.reverse(keep);
        b.insts.clear();
        b.insts.addAll(keep);
        b.renumber();
    }
}
