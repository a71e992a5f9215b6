package org.jemu.translator.interp;

import org.jemu.translator.exec.CompiledBlock;
import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;
import org.jemu.translator.memory.SoftMmu;
import org.jemu.translator.memory.Tlb;
import org.jemu.translator.opt.Evaluator;

/**
 * The IR interpreter: the reference semantics of every {@link Op} (pure ops through {@link Evaluator}),
 * and the first execution tier for cold blocks.
 *
 * <p>The block is flattened into parallel arrays of small integer opcodes (specialised by type for the
 * common ops) and operand indexes into a value array. Values are {@code long}s; I32 values are kept
 * sign-extended from bit 31. Constants are placed in the value array once and instruction markers are
 * dropped, so neither costs anything at run time; ops that may fault or call out first record their guest
 * instruction's index in {@link GuestCpu#curInsn}.
 * Guest registers are read and written in {@link GuestCpu#regs} directly, so the state is exact after
 * every op. An instance reuses its value array, so it runs on one thread at a time (the vCPU thread).
 */
public final class IrInterpreter implements CompiledBlock {
    // Specialised opcodes.
    private static final int GENERIC = 0;
    private static final int GET64 = 2;
    private static final int GET32 = 3;
    private static final int SET64 = 4;
    private static final int SET32 = 5;
    private static final int ADD64 = 6;
    private static final int ADD32 = 7;
    private static final int SUB64 = 8;
    private static final int SUB32 = 9;
    private static final int AND = 10;
    private static final int OR = 11;
    private static final int XOR = 12;
    private static final int SHL64 = 13;
    private static final int SHL32 = 14;
    private static final int LSHR64 = 15;
    private static final int LSHR32 = 16;
    private static final int ASHR64 = 17;
    private static final int ASHR32 = 18;
    private static final int EQ = 19;
    private static final int NE = 20;
    private static final int SLT = 21;
    private static final int SLE = 22;
    private static final int ULT64 = 23;
    private static final int ULE64 = 24;
    private static final int SELECT = 25;
    private static final int ZEXT32 = 26;
    private static final int SEXT32 = 27;
    private static final int TRUNC = 28;
    private static final int NOT = 29;
    private static final int LOAD64 = 30;
    private static final int LOAD32 = 31;
    private static final int STORE = 32;
    private static final int CALL = 33;
    private static final int JUMP = 34;
    private static final int BRANCH = 35;
    private static final int JUMP_INDIRECT = 36;
    private static final int EXIT = 37;
    private static final int EXIT_STATE = 38;
    private static final int PC_CONST = 39;

    private final int[] opc;
    /** Index of the value each op defines (its position in the original block). */
    private final int[] dst;
    private final int[] x;
    private final int[] y;
    private final int[] z;
    private final long[] imm;
    private final long[] imm2;
    /** For GENERIC ops and calls: the instruction. */
    private final Inst[] inst;
    private final long[][] callArgs;
    private final long[] vals;
    /** For each op: index of its guest instruction in the block (set in {@link GuestCpu#curInsn} before ops
     * that may fault or read the clock, as compiled code does). */
    private final int[] insnIndex;
    /** The block is {@link IrBlock#pcRelative}: PC constants and targets are held as offsets from its page. */
    private final boolean pcRelative;

    /** Prepares {@code block} for interpretation (the block must not change afterwards). */
    public IrInterpreter(IrBlock block) {
        block.renumber();
        int n = block.insts.size();
        vals = new long[n];
        int count = 0;
        for (Inst in : block.insts) {
            if (in.op != Op.CONST && in.op != Op.INSN_START) {
                count++;
            }
        }
        opc = new int[count];
        dst = new int[count];
        x = new int[count];
        y = new int[count];
        z = new int[count];
        imm = new long[count];
        imm2 = new long[count];
        inst = new Inst[count];
        callArgs = new long[count][];
        insnIndex = new int[count];
        pcRelative = block.pcRelative;
        long pageBase = pcRelative ? block.pc & Tlb.PAGE_MASK : 0;
        int k = 0;
        int insn = -1;
        for (Inst in : block.insts) {
            if (in.op == Op.CONST) {
                vals[in.id] = in.imm;
                continue;
            }
            if (in.op == Op.INSN_START) {
                insn++;
                continue;
            }
            insnIndex[k] = Math.max(0, insn);
            opc[k] = opcode(in);
            dst[k] = in.id;
            x[k] = in.args.length > 0 ? in.args[0].id : 0;
            y[k] = in.args.length > 1 ? in.args[1].id : 0;
            z[k] = in.args.length > 2 ? in.args[2].id : 0;
            imm[k] = in.imm;
            imm2[k] = in.imm2;
            if (in.op == Op.PC_CONST || in.op == Op.JUMP || in.op == Op.EXIT) {
                imm[k] -= pageBase;
            } else if (in.op == Op.BRANCH) {
                imm[k] -= pageBase;
                imm2[k] -= pageBase;
            }
            inst[k] = in;
            if (in.op == Op.CALL) {
                callArgs[k] = new long[in.args.length];
            }
            k++;
        }
    }

    private static int opcode(Inst in) {
        boolean w = in.type == Type.I64;
        boolean argW = in.args.length > 0 && in.args[0].type == Type.I64;
        return switch (in.op) {
            case GET_REG -> w ? GET64 : GET32;
            case SET_REG -> argW ? SET64 : SET32;
            case ADD -> w ? ADD64 : ADD32;
            case SUB -> w ? SUB64 : SUB32;
            case AND -> AND;
            case OR -> OR;
            case XOR -> XOR;
            case SHL -> w ? SHL64 : SHL32;
            case LSHR -> w ? LSHR64 : LSHR32;
            case ASHR -> w ? ASHR64 : ASHR32;
            case EQ -> EQ;
            case NE -> NE;
            case SLT -> SLT;
            case SLE -> SLE;
            case ULT -> argW ? ULT64 : GENERIC;
            case ULE -> argW ? ULE64 : GENERIC;
            case SELECT -> SELECT;
            case ZEXT32 -> ZEXT32;
            case SEXT32 -> SEXT32;
            case TRUNC -> TRUNC;
            case NOT -> NOT;
            case LOAD -> w ? LOAD64 : LOAD32;
            case STORE -> STORE;
            case CALL -> CALL;
            case JUMP -> JUMP;
            case BRANCH -> BRANCH;
            case JUMP_INDIRECT -> JUMP_INDIRECT;
            case EXIT -> EXIT;
            case EXIT_STATE -> EXIT_STATE;
            case PC_CONST -> PC_CONST;
            default -> GENERIC;
        };
    }

    @Override
    public int run(GuestCpu cpu) {
        long[] v = vals;
        long[] regs = cpu.regs;
        int[] opc = this.opc;
        // Where a PC-relative block runs: the page of its entry PC (see IrBlock.pcRelative).
        long base = pcRelative ? regs[cpu.pcSlot()] & Tlb.PAGE_MASK : 0;
        for (int pc = 0; pc < opc.length; pc++) {
            switch (opc[pc]) {
                case GET64 -> v[dst[pc]] = regs[(int) imm[pc]];
                case GET32 -> v[dst[pc]] = (int) regs[(int) imm[pc]];
                case SET64 -> regs[(int) imm[pc]] = v[x[pc]];
                case SET32 -> regs[(int) imm[pc]] = v[x[pc]] & 0xffffffffL;
                case ADD64 -> v[dst[pc]] = v[x[pc]] + v[y[pc]];
                case ADD32 -> v[dst[pc]] = (int) (v[x[pc]] + v[y[pc]]);
                case SUB64 -> v[dst[pc]] = v[x[pc]] - v[y[pc]];
                case SUB32 -> v[dst[pc]] = (int) (v[x[pc]] - v[y[pc]]);
                case AND -> v[dst[pc]] = v[x[pc]] & v[y[pc]];
                case OR -> v[dst[pc]] = v[x[pc]] | v[y[pc]];
                case XOR -> v[dst[pc]] = v[x[pc]] ^ v[y[pc]];
                case SHL64 -> v[dst[pc]] = v[x[pc]] << v[y[pc]];
                case SHL32 -> v[dst[pc]] = (int) v[x[pc]] << (int) v[y[pc]];
                case LSHR64 -> v[dst[pc]] = v[x[pc]] >>> v[y[pc]];
                case LSHR32 -> v[dst[pc]] = (int) v[x[pc]] >>> (int) v[y[pc]];
                case ASHR64 -> v[dst[pc]] = v[x[pc]] >> v[y[pc]];
                case ASHR32 -> v[dst[pc]] = (int) v[x[pc]] >> (int) v[y[pc]];
                case EQ -> v[dst[pc]] = v[x[pc]] == v[y[pc]] ? 1 : 0;
                case NE -> v[dst[pc]] = v[x[pc]] != v[y[pc]] ? 1 : 0;
                case SLT -> v[dst[pc]] = v[x[pc]] < v[y[pc]] ? 1 : 0;
                case SLE -> v[dst[pc]] = v[x[pc]] <= v[y[pc]] ? 1 : 0;
                case ULT64 -> v[dst[pc]] = Long.compareUnsigned(v[x[pc]], v[y[pc]]) < 0 ? 1 : 0;
                case ULE64 -> v[dst[pc]] = Long.compareUnsigned(v[x[pc]], v[y[pc]]) <= 0 ? 1 : 0;
                case SELECT -> v[dst[pc]] = v[x[pc]] != 0 ? v[y[pc]] : v[z[pc]];
                case ZEXT32 -> v[dst[pc]] = v[x[pc]] & 0xffffffffL;
                case SEXT32, TRUNC -> v[dst[pc]] = (int) v[x[pc]];
                case NOT -> v[dst[pc]] = ~v[x[pc]];
                case LOAD64 -> {
                    cpu.curInsn = insnIndex[pc];
                    v[dst[pc]] = SoftMmu.load(cpu, v[x[pc]], imm[pc]);
                }
                case LOAD32 -> {
                    cpu.curInsn = insnIndex[pc];
                    v[dst[pc]] = (int) SoftMmu.load(cpu, v[x[pc]], imm[pc]);
                }
                case STORE -> {
                    cpu.curInsn = insnIndex[pc];
                    SoftMmu.store(cpu, v[x[pc]], v[y[pc]], imm[pc]);
                }
                case CALL -> {
                    cpu.curInsn = insnIndex[pc];
                    call(cpu, pc, v);
                }
                case PC_CONST -> v[dst[pc]] = imm[pc] + base;
                case JUMP -> {
                    regs[cpu.pcSlot()] = imm[pc] + base;
                    return EXIT_DIRECT_0;
                }
                case BRANCH -> {
                    boolean taken = v[x[pc]] != 0;
                    regs[cpu.pcSlot()] = (taken ? imm[pc] : imm2[pc]) + base;
                    return taken ? EXIT_DIRECT_0 : EXIT_DIRECT_1;
                }
                case JUMP_INDIRECT -> {
                    regs[cpu.pcSlot()] = v[x[pc]];
                    return EXIT_INDIRECT;
                }
                case EXIT -> {
                    regs[cpu.pcSlot()] = imm[pc] + base;
                    return EXIT_OTHER;
                }
                case EXIT_STATE -> {
                    return EXIT_OTHER;
                }
                default -> {
                    Inst in = inst[pc];
                    v[dst[pc]] = Evaluator.eval(in.op, in.type, in.args.length > 0 ? in.args[0].type : in.type,
                            v[x[pc]], v[y[pc]], v[z[pc]]);
                }
            }
        }
        throw new IllegalStateException("block without terminator");
    }

    private void call(GuestCpu cpu, int pc, long[] v) {
        Inst in = inst[pc];
        Helper h = in.helper;
        long[] args = callArgs[pc];
        for (int k = 0; k < args.length; k++) {
            long a = v[in.args[k].id];
            args[k] = in.args[k].type == Type.I32 ? a & 0xffffffffL : a;
        }
        long r;
        try {
            r = (long) h.spread.invokeExact(cpu, args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (in.type != Type.VOID) {
            v[dst[pc]] = in.type == Type.I32 ? (long) (int) r : r;
        }
    }
}
