package org.jemu.translator.interp;

import org.jemu.translator.exec.CompiledBlock;
import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;
import org.jemu.translator.memory.SoftMmu;
import org.jemu.translator.opt.Evaluator;

/**
 * The IR interpreter: the reference semantics of every {@link Op}, and the first execution tier for cold
 * blocks. Values are held in a {@code long[]}; I32 values are kept sign-extended from bit 31 so equal
 * 32-bit values compare equal as longs. Guest registers are read and written in {@link GuestCpu#regs}
 * directly, so the state is exact after every op.
 */
public final class IrInterpreter implements CompiledBlock {
    private final Inst[] code;
    private final int[][] argIds;

    /** Prepares {@code block} for interpretation (the block must not change afterwards). */
    public IrInterpreter(IrBlock block) {
        block.renumber();
        this.code = block.insts.toArray(new Inst[0]);
        this.argIds = new int[code.length][];
        for (int i = 0; i < code.length; i++) {
            Inst[] a = code[i].args;
            argIds[i] = new int[a.length];
            for (int k = 0; k < a.length; k++) {
                argIds[i][k] = a[k].id;
            }
        }
    }

    private static long norm(Type t, long v) {
        return t == Type.I32 ? (long) (int) v : v;
    }

    @Override
    public int run(GuestCpu cpu) {
        long[] v = new long[code.length];
        long[] regs = cpu.regs;
        int insn = -1;
        for (int pc = 0; pc < code.length; pc++) {
            Inst in = code[pc];
            int[] a = argIds[pc];
            Type t = in.type;
            switch (in.op) {
                case CONST -> v[pc] = in.imm;
                case GET_REG -> v[pc] = norm(t, regs[(int) in.imm]);
                case SET_REG -> {
                    Inst src = in.args[0];
                    long x = v[a[0]];
                    regs[(int) in.imm] = src.type == Type.I32 ? x & 0xffffffffL : x;
                }
                case INSN_START -> {
                    insn++;
                    cpu.curInsn = insn;
                }
                case LOAD -> v[pc] = norm(t, SoftMmu.load(cpu, v[a[0]], in.imm));
                case STORE -> SoftMmu.store(cpu, v[a[0]], v[a[1]], in.imm);
                case CALL -> {
                    long[] args = new long[a.length];
                    for (int k = 0; k < a.length; k++) {
                        long x = v[a[k]];
                        args[k] = in.args[k].type == Type.I32 ? x & 0xffffffffL : x;
                    }
                    long r;
                    try {
                        r = (long) in.helper.spread.invokeExact(cpu, args);
                    } catch (RuntimeException | Error e) {
                        throw e;
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                    v[pc] = norm(t, r);
                }
                case JUMP -> {
                    regs[cpu.pcSlot()] = in.imm;
                    return EXIT_DIRECT_0;
                }
                case BRANCH -> {
                    boolean taken = v[a[0]] != 0;
                    regs[cpu.pcSlot()] = taken ? in.imm : in.imm2;
                    return taken ? EXIT_DIRECT_0 : EXIT_DIRECT_1;
                }
                case JUMP_INDIRECT -> {
                    regs[cpu.pcSlot()] = v[a[0]];
                    return EXIT_INDIRECT;
                }
                case EXIT -> {
                    regs[cpu.pcSlot()] = in.imm;
                    return EXIT_OTHER;
                }
                case EXIT_STATE -> {
                    return EXIT_OTHER;
                }
                default -> {
                    long x = a.length > 0 ? v[a[0]] : 0;
                    long y = a.length > 1 ? v[a[1]] : 0;
                    long z = a.length > 2 ? v[a[2]] : 0;
                    v[pc] = Evaluator.eval(in.op, t, a.length > 0 ? in.args[0].type : t, x, y, z);
                }
            }
        }
        throw new IllegalStateException("block without terminator");
    }
}
