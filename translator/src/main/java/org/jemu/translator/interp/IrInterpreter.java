package org.jemu.translator.interp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jemu.translator.exec.CompiledBlock;
import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;
import org.jemu.translator.memory.Mem;
import org.jemu.translator.memory.SoftMmu;
import org.jemu.translator.memory.Tlb;
import org.jemu.translator.opt.Evaluator;

/**
 * The IR interpreter: the reference semantics of every {@link Op} (pure ops through {@link Evaluator}),
 * and the first execution tier for cold blocks.
 *
 * <p>The block is flattened into one {@code long[]} code stream: a header (the number of value slots, the
 * number of constants, the number of guest register slots the block reads or writes, then the constants),
 * then one word per op: a small opcode (specialised by type, and for little-endian memory accesses by size
 * and signedness) in bits [7:0] and up to three 18-bit operand fields, each the byte offset (slot * 8) of a
 * value slot or guest register slot ({@link #word}); ops that need more (a memory descriptor and the guest
 * instruction's index, a helper call's arguments) take a second word. One load per op, with the operands
 * decoded from it, keeps HotSpot from holding several derived code offsets live across the dispatch. The ops
 * that cannot call out run in a loop of their own without calls ({@link #runSimple}), which reads the arrays
 * at those byte offsets without bounds checks; the others (helper calls, TLB misses, big-endian accesses,
 * exits) return to {@link #run}. Values
 * are {@code long}s; I32 values are kept sign-extended from bit 31. The value array is the vCPU's
 * {@link GuestCpu#interpVals}, shared by all blocks: a block's distinct constants (and the PC constants of a
 * block that is not {@link IrBlock#pcRelative}) take its first slots and are copied there from the header
 * when it starts, so a dispatch touches only the block's code array (one object, read front to back)
 * besides the vCPU. Instruction markers are dropped; defined values share slots when their lives do not
 * overlap (the code is straight-line), which keeps the slots few. The address computation of a little-endian
 * access is folded into it when the access is its only use (a 64-bit ADD; a ZEXT32 of a 32-bit value or
 * ADD, for AArch32), register reads move up and register writes down to the nearest op that could observe
 * them (see {@link #schedule}), and two register reads in a row (or two writes) are one op. Ops that may
 * fault or call out record their guest instruction's index in {@link GuestCpu#curInsn} first (a load or
 * store only on its slow path: the inlined TLB hit path neither faults nor reaches devices). Helpers are
 * called through their generated {@link Helper.Invoker}, which reads the arguments from the value array
 * directly.
 * Guest registers are read and written in {@link GuestCpu#regs} directly, so the state is exact after
 * every op. Blocks do not nest (no helper runs guest code), so one value array per vCPU suffices; an
 * instance holds no mutable state and may run on several vCPU threads at once.
 */
public final class IrInterpreter extends CompiledBlock {
    // Opcodes; an op word's fields A, B, C are listed as (…), then a second word's contents if the op has one;
    // "v" means a value slot, "slot" a guest register slot (each held as its byte offset, see word).
    private static final int GET64 = 0;     // (v dst, slot)
    private static final int GET32 = 1;
    private static final int SET64 = 2;     // (v src, slot)
    private static final int SET32 = 3;
    private static final int ADD64 = 4;     // binary: (v dst, v x, v y)
    private static final int ADD32 = 5;
    private static final int SUB64 = 6;
    private static final int SUB32 = 7;
    private static final int MUL64 = 8;
    private static final int MUL32 = 9;
    private static final int AND = 10;
    private static final int OR = 11;
    private static final int XOR = 12;
    private static final int SHL64 = 13;
    private static final int SHL32 = 14;
    private static final int LSHR64 = 15;
    private static final int LSHR32 = 16;
    private static final int ASHR64 = 17;
    private static final int ASHR32 = 18;
    private static final int ROTR64 = 19;
    private static final int ROTR32 = 20;
    private static final int EQ = 21;
    private static final int NE = 22;
    private static final int SLT = 23;
    private static final int SLE = 24;
    private static final int ULT64 = 25;
    private static final int ULE64 = 26;
    private static final int ULT32 = 27;
    private static final int ULE32 = 28;
    private static final int SELECT = 29;   // (v dst, v cond, v a), (v b)
    private static final int ZEXT32 = 30;   // unary: (v dst, v x)
    private static final int SEXT32 = 31;   // also TRUNC
    private static final int NOT = 32;
    private static final int NEG64 = 33;
    private static final int NEG32 = 34;
    private static final int ZEXT8 = 35;
    private static final int ZEXT16 = 36;
    private static final int SEXT8 = 37;
    private static final int SEXT16 = 38;
    private static final int PC_CONST = 39; // (v dst, v offset): only in PC-relative blocks
    // Little-endian loads with the TLB hit path inline, from v[base] + v[offset]:
    // (v dst, v base, v offset), (memop | insn index << 32)
    private static final int LD8U = 40;
    private static final int LD8S = 41;
    private static final int LD16U = 42;
    private static final int LD16S = 43;
    private static final int LD32U = 44;
    private static final int LD32S = 45;
    private static final int LD64 = 46;
    private static final int LOAD64 = 47;   // any other load: (v dst, v addr), (memop | insn index << 32)
    private static final int LOAD32 = 48;
    // Little-endian stores with the TLB hit path inline, to v[base] + v[offset]:
    // (v base, v offset, v value), (memop | insn index << 32)
    private static final int ST8 = 49;
    private static final int ST16 = 50;
    private static final int ST32 = 51;
    private static final int ST64 = 52;
    private static final int STORE = 53;    // any other store: (v addr, v value), (memop | insn index << 32)
    // Helper calls: (v dst, helper index (not an offset), v first argument), (position of the argument slots in
    // callArgs | insn index << 32)
    private static final int CALL_VOID = 54;
    private static final int CALL32 = 55;
    private static final int CALL64 = 56;
    private static final int JUMP = 57;     // (v target)
    private static final int BRANCH = 58;   // (v cond, v taken, v not taken)
    private static final int JUMP_INDIRECT = 59; // (v target)
    private static final int EXIT = 60;     // (v target)
    private static final int EXIT_STATE = 61;
    private static final int GENERIC = 62;  // (v dst, v x, v y), (v z | type << 32 | arg type << 40 | op ordinal << 48)
    // Two register reads in one word, in bits [35:8] and [63:36]: each (v value | (slot | 1 if I32) << 14), 14-bit
    // byte offsets, the I32 flag in bit 0 of the slot's offset (see pairElement)
    private static final int GET2 = 63;
    // Two register writes in one word, fields shifted by one bit against GET2's so that HotSpot does not share
    // their decoding with GET2's (see runSimple): bits [36:9] and [63:37], each ((slot | 1 if I32) | v value << 14);
    // the second element's value field has 13 bits
    private static final int SET2 = 64;
    private static final int CALL_GUARD = 65; // (unused, helper, v first argument), (args position, insn index), (mask)
    // Predicated accesses (LOAD_IF, STORE_IF) with the TLB hit path inline (little-endian), then the same without
    // (any byte order, always through the soft-MMU): (v dst, v addr, v predicate) and (v addr, v value, v predicate),
    // then (memop | insn index << 32); bit 63 as for the fast-path accesses (W32), bit 62 of a load: I32 result
    private static final int PLD = 66;
    private static final int PST = 67;
    private static final int PLDX = 68;
    private static final int PSTX = 69;
    private static final int JUMP_INDIRECT_CHECKED = 70; // (v target, v same flags)
    private static final int BRANCH_INDIRECT_CHECKED = 71; // (v cond, v target, v same flags), (v not taken)

    private static final Op[] OPS = Op.values();
    private static final Type[] TYPES = Type.values();

    static {
        if (OPS.length > 256) {
            throw new ExceptionInInitializerError("GENERIC keeps an Op ordinal in 8 bits, and Op has " + OPS.length);
        }
    }

    /**
     * Offset of the first constant in the code stream's header (after the slot count, the constant count and
     * the number of guest register slots the block needs).
     */
    private static final int HEADER = 3;

    /**
     * The code stream: the header (value slots needed, constant count, register slots needed, the constants),
     * then the ops.
     * Slots: the (distinct) constants first, then slots shared by defined values
     * whose lives do not overlap.
     */
    private final long[] code;
    /** Helpers called by the block (indexed from the CALL ops). */
    private final Helper.Invoker[] helpers;
    /** The value slots of the helper calls' arguments (each call's second word holds its position here). */
    private final int[] callArgs;
    /** The block is {@link IrBlock#pcRelative}: PC constants and targets are held as offsets from its page. */
    private final boolean pcRelative;

    /** Prepares {@code block} for interpretation (the block must not change afterwards). */
    public IrInterpreter(IrBlock block) {
        block.renumber();
        // ids index the per-op arrays below in the scheduled order; block.renumber() restores them at the end
        List<Inst> insts = schedule(block.insts);
        for (int i = 0; i < insts.size(); i++) {
            insts.get(i).id = i;
        }
        int n = insts.size();
        pcRelative = block.pcRelative;
        long pageBase = pcRelative ? block.pc & Tlb.PAGE_MASK : 0;

        // Uses; the address computation of a fast-path access is folded into it when the access is its only use:
        // a 64-bit ADD, or a ZEXT32 (AArch32's addresses) of an I32 value or of such a 32-bit ADD (the access then
        // wraps the sum to 32 bits). The folded ops' operands live until the access.
        int[] uses = new int[n];
        int[] last = new int[n];
        for (int i = 0; i < n; i++) {
            for (Inst a : insts.get(i).args) {
                uses[a.id]++;
                last[a.id] = i;
            }
        }
        boolean[] folded = new boolean[n];
        for (int i = 0; i < n; i++) {
            Inst in = insts.get(i);
            if (fastAccess(in)) {
                Inst a = in.args[0];
                if (a.op == Op.ZEXT32 && a.args[0].type == Type.I32 && uses[a.id] == 1) {
                    folded[a.id] = true;
                    a = a.args[0];
                    if (a.op == Op.ADD && uses[a.id] == 1) {
                        folded[a.id] = true;
                        for (Inst x : a.args) {
                            last[x.id] = Math.max(last[x.id], i);
                        }
                    } else {
                        last[a.id] = Math.max(last[a.id], i);
                    }
                } else if (a.op == Op.ADD && a.type == Type.I64 && uses[a.id] == 1) {
                    folded[a.id] = true;
                    for (Inst x : a.args) {
                        last[x.id] = Math.max(last[x.id], i);
                    }
                }
            } else if (in.op == Op.LOAD_IF || in.op == Op.STORE_IF) {
                // a predicated access has one address field: only a ZEXT32 folds into it
                Inst a = in.args[1];
                if (a.op == Op.ZEXT32 && a.args[0].type == Type.I32 && uses[a.id] == 1) {
                    folded[a.id] = true;
                    last[a.args[0].id] = Math.max(last[a.args[0].id], i);
                }
            }
        }

        // Constants (deduplicated) take the first slots of the value array.
        Consts consts = new Consts(n);
        int[] slot = new int[n];
        boolean[] isConst = new boolean[n];
        for (Inst in : insts) {
            switch (in.op) {
                case CONST -> {
                    slot[in.id] = consts.slot(in.imm);
                    isConst[in.id] = true;
                }
                case PC_CONST -> {
                    if (pcRelative) {
                        consts.slot(in.imm - pageBase);
                    } else {
                        slot[in.id] = consts.slot(in.imm);
                        isConst[in.id] = true;
                    }
                }
                case JUMP, EXIT, BRANCH_INDIRECT_CHECKED -> consts.slot(in.imm - pageBase);
                case BRANCH -> {
                    consts.slot(in.imm - pageBase);
                    consts.slot(in.imm2 - pageBase);
                }
                case LOAD, STORE -> consts.slot(0);
                default -> {
                }
            }
        }

        // Defined values: a slot is reused once the value in it is dead (the code is straight-line, and
        // every op reads its operands before it writes its result).
        int top = consts.size();
        int[] free = new int[n];
        int nfree = 0;
        boolean[] freed = new boolean[n];
        for (int i = 0; i < n; i++) {
            Inst in = insts.get(i);
            if (isConst[in.id] || folded[in.id] || in.op == Op.INSN_START) {
                continue;
            }
            for (Inst a : in.args) {
                nfree = releaseOperand(a, i, folded, isConst, last, freed, slot, free, nfree);
            }
            if (in.type != Type.VOID) {
                slot[in.id] = nfree > 0 ? free[--nfree] : top++;
                if (uses[in.id] == 0) {
                    freed[in.id] = true;
                    free[nfree++] = slot[in.id];
                }
            }
        }
        // The code stream: the header, then the ops; runs of register reads or writes become one op.
        int nconst = consts.size();
        if (top > MAX_FIELD) {
            throw new IllegalArgumentException("block needs " + top + " value slots, more than the interpreter's "
                    + MAX_FIELD);
        }
        long[] c = new long[16 + HEADER + nconst];
        c[0] = top;
        c[1] = nconst;
        System.arraycopy(consts.values, 0, c, HEADER, nconst);
        int pc = HEADER + nconst;
        int runStart = -1;
        int runKind = -1;
        int maxReg = -1;
        List<Helper.Invoker> hs = new ArrayList<>();
        int[] args = new int[8];
        int nargs = 0;
        int insn = -1;
        for (Inst in : insts) {
            if (isConst[in.id] || folded[in.id]) {
                continue;
            }
            if (in.op == Op.INSN_START) {
                insn++;
                continue;
            }
            Inst[] a = in.args;
            int x = a.length > 0 ? slot[a[0].id] : 0;
            int y = a.length > 1 ? slot[a[1].id] : 0;
            int z = a.length > 2 ? slot[a[2].id] : 0;
            int d = slot[in.id];
            boolean w = in.type == Type.I64;
            boolean argW = a.length > 0 && a[0].type == Type.I64;
            int at = Math.max(0, insn);
            if (c.length < pc + 4) {
                c = Arrays.copyOf(c, 2 * c.length + 4);
            }
            if (in.op == Op.GET_REG || in.op == Op.SET_REG) {
                boolean get = in.op == Op.GET_REG;
                int val = get ? d : x;
                int reg = (int) in.imm;
                if (reg < 0 || reg > MAX_FIELD) {
                    throw new IllegalArgumentException("register slot out of range: " + in);
                }
                maxReg = Math.max(maxReg, reg);
                boolean wide = get ? w : argW;
                int kind = get ? GET2 : SET2;
                int e2 = pairElement(val, reg, !wide);
                if (runStart >= 0 && runKind == kind && e2 >= 0 && (get || swapped(e2) < 1 << 27)) {
                    long first = c[runStart];
                    int firstOp = (int) first & 0xff;
                    int e1 = pairElement(fieldA(first), fieldB(first), firstOp == GET32 || firstOp == SET32);
                    if (e1 >= 0) {
                        // the single read/write before this one and this one become a pair
                        c[runStart] = get ? GET2 | (long) e1 << 8 | (long) e2 << 36
                                : SET2 | (long) swapped(e1) << 9 | (long) swapped(e2) << 37;
                        runStart = -1;
                        continue;
                    }
                }
                runStart = pc;
                runKind = kind;
                c[pc++] = word(get ? (w ? GET64 : GET32) : (argW ? SET64 : SET32), val, reg, 0);
                continue;
            }
            runStart = -1;
            switch (in.op) {
                case PC_CONST -> c[pc++] = word(PC_CONST, d, consts.slot(in.imm - pageBase), 0);
                case ADD, SUB, MUL, AND, OR, XOR, SHL, LSHR, ASHR, ROTR, EQ, NE, SLT, SLE, ULT, ULE -> {
                    int o = binary(in.op, w, argW);
                    if (o < 0) {
                        pc = generic(c, pc, in, d, x, y, z);
                    } else {
                        c[pc++] = word(o, d, x, y);
                    }
                }
                case SELECT -> {
                    c[pc++] = word(SELECT, d, x, y);
                    c[pc++] = (long) z << 3;
                }
                case ZEXT32, SEXT32, TRUNC, NOT, NEG, ZEXT8, ZEXT16, SEXT8, SEXT16 -> {
                    int o = switch (in.op) {
                        case ZEXT32 -> ZEXT32;
                        case NOT -> NOT;
                        case NEG -> w ? NEG64 : NEG32;
                        case ZEXT8 -> ZEXT8;
                        case ZEXT16 -> ZEXT16;
                        case SEXT8 -> SEXT8;
                        case SEXT16 -> SEXT16;
                        default -> SEXT32;
                    };
                    c[pc++] = word(o, d, x, 0);
                }
                case LOAD, STORE -> {
                    // fast-path accesses address v[base] + v[offset]: a folded ADD's operands, or (addr, 0); a
                    // folded ZEXT32 makes that sum wrap to 32 bits (W32)
                    int base = x;
                    int off = consts.slot(0L);
                    long wrap = 0;
                    Inst ad = a[0];
                    if (folded[ad.id] && ad.op == Op.ZEXT32) {
                        wrap = W32;
                        ad = ad.args[0];
                        base = slot[ad.id];
                    }
                    if (folded[ad.id]) {
                        base = slot[ad.args[0].id];
                        off = slot[ad.args[1].id];
                    }
                    long tail = (memop(in) & 0xffffffffL) | (long) at << 32;
                    if (in.op == Op.LOAD) {
                        int o = loadOp(in.imm, w);
                        c[pc++] = o == LOAD64 || o == LOAD32 ? word(o, d, x, 0) : word(o, d, base, off) | wrap;
                    } else {
                        int o = storeOp(in.imm);
                        c[pc++] = o == STORE ? word(o, x, y, 0) : word(o, base, off, y) | wrap;
                    }
                    c[pc++] = tail;
                }
                case LOAD_IF, STORE_IF -> {
                    boolean le = !MemOp.bigEndian(in.imm);
                    int addr = y;
                    long wrap = 0;
                    if (folded[a[1].id]) {
                        addr = slot[a[1].args[0].id];
                        wrap = W32;
                    }
                    if (in.op == Op.LOAD_IF) {
                        c[pc++] = word(le ? PLD : PLDX, d, addr, x) | wrap | (w ? 0 : I32_RESULT);
                    } else {
                        c[pc++] = word(le ? PST : PSTX, addr, z, x) | wrap;
                    }
                    c[pc++] = (memop(in) & 0xffffffffL) | (long) at << 32;
                }
                case CALL -> {
                    Helper h = in.helper;
                    if (nargs + a.length > args.length) {
                        args = Arrays.copyOf(args, 2 * (nargs + a.length));
                    }
                    int argPos = nargs;
                    for (Inst arg : a) {
                        args[nargs++] = slot[arg.id];
                    }
                    int o = h.guardMask != 0 ? CALL_GUARD
                            : h.resultType == Type.VOID ? CALL_VOID : h.resultType == Type.I32 ? CALL32 : CALL64;
                    // a guard is a check that does nothing unless the first argument has one of the mask bits set
                    // field B is the helper's index, not a value slot
                    if (hs.size() > 0x3ffff) {
                        throw new IllegalArgumentException("block calls more helpers than the interpreter's 18-bit "
                                + "helper index holds");
                    }
                    c[pc++] = word(o, d, 0, a.length > 0 ? slot[a[0].id] : 0) | (long) hs.size() << 26;
                    c[pc++] = (argPos & 0xffffffffL) | (long) at << 32;
                    if (o == CALL_GUARD) {
                        c[pc++] = h.guardMask & 0xffffffffL;
                    }
                    hs.add(h.invoker());
                }
                case JUMP, EXIT -> c[pc++] = word(in.op == Op.JUMP ? JUMP : EXIT, consts.slot(in.imm - pageBase),
                        0, 0);
                case BRANCH -> c[pc++] = word(BRANCH, x, consts.slot(in.imm - pageBase),
                        consts.slot(in.imm2 - pageBase));
                case JUMP_INDIRECT -> c[pc++] = word(JUMP_INDIRECT, x, 0, 0);
                case JUMP_INDIRECT_CHECKED -> c[pc++] = word(JUMP_INDIRECT_CHECKED, x, y, 0);
                case BRANCH_INDIRECT_CHECKED -> {
                    c[pc++] = word(BRANCH_INDIRECT_CHECKED, x, y, z);
                    c[pc++] = consts.slot(in.imm - pageBase);
                }
                case EXIT_STATE -> c[pc++] = EXIT_STATE;
                default -> pc = generic(c, pc, in, d, x, y, z);
            }
        }
        // run reads the stream without bounds checks (see ld): it must end with an op that leaves the block
        Inst end = insts.isEmpty() ? null : insts.get(n - 1);
        if (end == null || !(end.op == Op.JUMP || end.op == Op.BRANCH || end.op == Op.JUMP_INDIRECT
                || end.op == Op.JUMP_INDIRECT_CHECKED || end.op == Op.BRANCH_INDIRECT_CHECKED || end.op == Op.EXIT
                || end.op == Op.EXIT_STATE)) {
            throw new IllegalArgumentException("block does not end with a jump or exit: " + end);
        }
        c[2] = maxReg + 1;
        block.renumber();
        code = Arrays.copyOf(c, pc);
        helpers = hs.toArray(new Helper.Invoker[0]);
        callArgs = Arrays.copyOf(args, nargs);
    }

    /**
     * The block's ops in the order the interpreter runs them: each register read ({@code get_reg}) as early
     * as it can go and each register write ({@code set_reg}) as late, so that they meet in runs that become
     * paired ops. A read moves up past anything but a helper call (which may write guest state) or a write
     * of its register; a write moves down past pure ops and reads of other registers, and stays before
     * every op that could observe the state (a load or store, whose slow path may fault or reach a device;
     * a helper call; a read of its register; the block's exit). The guest state at every such op is what
     * it was in the original order. Returns a new list; {@code insts} is not changed.
     */
    static List<Inst> schedule(List<Inst> insts) {
        // Writes down: hold them back until an op that could observe them.
        List<Inst> sunk = new ArrayList<>(insts.size());
        List<Inst> pending = new ArrayList<>();
        for (Inst in : insts) {
            if (in.op == Op.SET_REG) {
                pending.add(in);
                continue;
            }
            boolean observes = switch (in.op) {
                case GET_REG -> {
                    boolean same = false;
                    for (Inst p : pending) {
                        same |= p.imm == in.imm;
                    }
                    yield same;
                }
                case LOAD, STORE, LOAD_IF, STORE_IF, CALL -> true;
                default -> in.op.isTerminator();
            };
            if (observes) {
                sunk.addAll(pending);
                pending.clear();
            }
            sunk.add(in);
        }
        sunk.addAll(pending);
        // Reads up: to the start of their segment. A segment ends after a helper call, and before a read of a
        // register it writes; its reads (in their order) then come first, then its other ops.
        List<Inst> out = new ArrayList<>(sunk.size());
        List<Inst> reads = new ArrayList<>();
        List<Inst> others = new ArrayList<>();
        Set<Long> written = new HashSet<>();
        for (Inst in : sunk) {
            if (in.op == Op.GET_REG && written.contains(in.imm)) {
                flushSegment(out, reads, others, written);
            }
            if (in.op == Op.GET_REG) {
                reads.add(in);
                continue;
            }
            others.add(in);
            if (in.op == Op.SET_REG) {
                written.add(in.imm);
            } else if (in.op == Op.CALL) {
                flushSegment(out, reads, others, written);
            }
        }
        flushSegment(out, reads, others, written);
        return out;
    }

    /** Appends a {@link #schedule} segment to {@code out}, its reads first, and empties it. */
    private static void flushSegment(List<Inst> out, List<Inst> reads, List<Inst> others, Set<Long> written) {
        out.addAll(reads);
        out.addAll(others);
        reads.clear();
        others.clear();
        written.clear();
    }

    /** The distinct constants of a block in first-use order, with their slots (open addressing). */
    private static final class Consts {
        final long[] values;
        private int size;
        private final long[] keys;
        private final int[] slots;

        Consts(int capacity) {
            values = new long[2 * capacity + 1];
            int t = Integer.highestOneBit(Math.max(8, 4 * capacity + 2)) << 1;
            keys = new long[t];
            slots = new int[t];
        }

        int size() {
            return size;
        }

        /** The slot of {@code value}, added if new. */
        int slot(long value) {
            int mask = keys.length - 1;
            int i = (int) (value * 0x9E3779B97F4A7C15L >>> 40) & mask;
            while (slots[i] != 0) {
                if (keys[i] == value) {
                    return slots[i] - 1;
                }
                i = (i + 1) & mask;
            }
            keys[i] = value;
            slots[i] = size + 1;
            values[size] = value;
            return size++;
        }
    }

    /** {@link #release} for operand {@code a} of op {@code i}, or for the operands of {@code a} if it is folded. */
    private static int releaseOperand(Inst a, int i, boolean[] folded, boolean[] isConst, int[] last, boolean[] freed,
            int[] slot, int[] free, int nfree) {
        if (!folded[a.id]) {
            return release(a, i, isConst, last, freed, slot, free, nfree);
        }
        for (Inst r : a.args) {
            nfree = releaseOperand(r, i, folded, isConst, last, freed, slot, free, nfree);
        }
        return nfree;
    }

    /** Frees the slot of value {@code r} if op {@code i} is its last use; returns the new free count. */
    private static int release(Inst r, int i, boolean[] isConst, int[] last, boolean[] freed, int[] slot, int[] free,
            int nfree) {
        if (!isConst[r.id] && last[r.id] == i && !freed[r.id]) {
            freed[r.id] = true;
            free[nfree++] = slot[r.id];
        }
        return nfree;
    }

    /** A load or store with the TLB hit path inline (little-endian, result fits its type). */
    private static boolean fastAccess(Inst in) {
        if (in.op == Op.LOAD) {
            int o = loadOp(in.imm, in.type == Type.I64);
            return o != LOAD64 && o != LOAD32;
        }
        return in.op == Op.STORE && storeOp(in.imm) != STORE;
    }

    /** Largest value slot or register slot an op word holds (18-bit fields holding the slot's byte offset). */
    private static final int MAX_FIELD = 0x7fff;

    /**
     * An op word: the opcode in bits [7:0], operand fields A, B and C in bits [25:8], [43:26] and [61:44]. A field
     * holds a value slot or register slot as its byte offset (slot * 8), which {@link #runSimple} adds to the
     * array's base address as it is; {@link #run} reads the slot back with {@link #fieldA} and its siblings.
     */
    private static long word(int op, int a, int b, int c) {
        if ((a | b | c) >>> 15 != 0) {
            throw new IllegalArgumentException("interpreter operand out of range: " + a + ", " + b + ", " + c);
        }
        return op | (long) a << 11 | (long) b << 29 | (long) c << 47;
    }

    /** Bit 63 of a fast-path access's op word: its address is the sum of its operands wrapped to 32 bits. */
    private static final long W32 = 1L << 63;
    /** Bit 62 of a PLD/PLDX word: the result is I32 (held sign-extended, as every I32 value). */
    private static final long I32_RESULT = 1L << 62;

    /** A predicated load's result {@code r} as its op word {@code w} says: sign-extended from bit 31 if I32. */
    private static long predicatedResult(long w, long r) {
        return (w & I32_RESULT) != 0 ? (int) r : r;
    }

    /** A fast-path access's address: {@code sum}, wrapped to 32 bits if its op word {@code w} has {@link #W32}. */
    private static long address(long w, long sum) {
        return sum & (-1L >>> ((int) (w >>> 58) & 32));
    }

    private static int fieldA(long w) {
        return (int) (w >>> 11) & MAX_FIELD;
    }

    private static int fieldB(long w) {
        return (int) (w >>> 29) & MAX_FIELD;
    }

    private static int fieldC(long w) {
        return (int) (w >>> 47) & MAX_FIELD;
    }

    /**
     * A register read or write's half of a GET2 word: the value slot's byte offset in bits [13:0], the register
     * slot's byte offset | 1 if I32 in bits [27:14]; -1 if either does not fit (slots from 2048 on).
     */
    private static int pairElement(int val, int reg, boolean i32) {
        int r = reg << 3 | (i32 ? 1 : 0);
        int o = val << 3;
        return o < 1 << 14 && r < 1 << 14 ? o | r << 14 : -1;
    }

    /** A SET2 word's element: {@link #pairElement}'s two fields swapped (the register field first). */
    private static int swapped(int e) {
        return e >>> 14 | (e & 0x3fff) << 14;
    }

    /** An op the interpreter has no specialised form for: evaluated through {@link Evaluator}. */
    private static int generic(long[] c, int pc, Inst in, int d, int x, int y, int z) {
        Type argT = in.args.length > 0 ? in.args[0].type : in.type;
        c[pc] = word(GENERIC, d, x, y);
        c[pc + 1] = (long) z << 3 | (long) in.type.ordinal() << 32 | (long) argT.ordinal() << 40
                | (long) in.op.ordinal() << 48;
        return pc + 2;
    }

    private static int memop(Inst in) {
        if (in.imm != (int) in.imm) {
            throw new IllegalArgumentException("memory descriptor out of range: " + in);
        }
        return (int) in.imm;
    }

    /** The specialised opcode of a binary op or compare, or -1. */
    private static int binary(Op op, boolean w, boolean argW) {
        return switch (op) {
            case ADD -> w ? ADD64 : ADD32;
            case SUB -> w ? SUB64 : SUB32;
            case MUL -> w ? MUL64 : MUL32;
            case AND -> AND;
            case OR -> OR;
            case XOR -> XOR;
            case SHL -> w ? SHL64 : SHL32;
            case LSHR -> w ? LSHR64 : LSHR32;
            case ASHR -> w ? ASHR64 : ASHR32;
            case ROTR -> w ? ROTR64 : ROTR32;
            case EQ -> EQ;
            case NE -> NE;
            case SLT -> SLT;
            case SLE -> SLE;
            case ULT -> argW ? ULT64 : ULT32;
            case ULE -> argW ? ULE64 : ULE32;
            default -> -1;
        };
    }

    /** The opcode of a load of result width {@code w} (I64 if true). */
    private static int loadOp(long memop, boolean w) {
        int size = MemOp.size(memop);
        if (MemOp.bigEndian(memop) || (!w && size == 8)) {
            return w ? LOAD64 : LOAD32;
        }
        boolean s = MemOp.signed(memop);
        return switch (size) {
            case 1 -> s ? LD8S : LD8U;
            case 2 -> s ? LD16S : LD16U;
            // an I32 result of a 4-byte load is the sign-extended word, whatever the descriptor says
            case 4 -> s || !w ? LD32S : LD32U;
            default -> LD64;
        };
    }

    private static int storeOp(long memop) {
        if (MemOp.bigEndian(memop)) {
            return STORE;
        }
        return switch (MemOp.size(memop)) {
            case 1 -> ST8;
            case 2 -> ST16;
            case 4 -> ST32;
            default -> ST64;
        };
    }

    @Override
    public int run(GuestCpu cpu) {
        return run(cpu, code, helpers, callArgs, pcRelative);
    }

    /** The code stream ({@link #run(GuestCpu, long[], Helper.Invoker[], int[], boolean)}'s {@code c}). */
    public long[] code() {
        return code;
    }

    /** The helpers the code stream calls ({@code run}'s {@code helpers}). */
    public Helper.Invoker[] helpers() {
        return helpers;
    }

    /** The value slots of the helper calls' arguments, each call's in a run ({@code run}'s {@code args}). */
    public int[] callArgs() {
        return callArgs;
    }

    /**
     * Runs the block whose {@link #code()}, {@link #helpers()} and {@link #callArgs()} are given, as
     * {@link #run(GuestCpu)} does: the dispatch loop keeps them in its {@code TranslationBlock} and calls
     * this, so an interpreted dispatch reads neither the interpreter object nor a per-block value array.
     *
     * <p>Each op is one {@code long} word (opcode and up to three 18-bit operand fields, see {@link #word}),
     * followed by a second word for the ops that need more (a memory descriptor and instruction index, a
     * helper call's argument position). The ops that neither call out nor leave the block run in
     * {@link #runSimple}, a loop without calls, which returns here at the first other op (a helper call, a
     * TLB miss, a big-endian access, the block's exit). HotSpot keeps that loop's state in registers; in one
     * loop with the calling ops it kept about ten values on the stack and reloaded and stored them at every op.
     *
     * @param pcRelative the block is {@link IrBlock#pcRelative} (runs at the page of the current PC)
     * @return the exit code, as {@link CompiledBlock#run}
     * @throws org.jemu.translator.exec.GuestFault as {@link CompiledBlock#run}
     * @throws IllegalStateException if the block needs more guest register slots than {@code cpu} has
     */
    public static int run(GuestCpu cpu, long[] c, Helper.Invoker[] helpers, int[] args, boolean pcRelative) {
        long[] v = cpu.interpVals;
        int nslots = (int) c[0];
        if (v.length < nslots) {
            v = new long[Math.max(nslots, 2 * v.length)];
            cpu.interpVals = v;
        }
        int nconst = (int) c[1];
        final long[] regs = cpu.regs;
        if (c[2] > regs.length) {
            throw new IllegalStateException("block uses register slot " + (c[2] - 1) + ", the vCPU has "
                    + regs.length);
        }
        System.arraycopy(c, HEADER, v, 0, nconst);
        int pc = HEADER + nconst;
        // Where a PC-relative block runs: the page of its entry PC (see IrBlock.pcRelative).
        final long base = pcRelative ? regs[cpu.pcSlot()] & Tlb.PAGE_MASK : 0;
        final Tlb[] tlbs = cpu.tlbs;
        while (true) {
            pc = (int) (runSimple(c, (long) pc << 3, v, regs, base, tlbs) >>> 3);
            long w = c[pc];
            int a = fieldA(w);
            int b = fieldB(w);
            int d = fieldC(w);
            switch ((int) w & 0xff) {
                case LD8U, LD8S, LD16U, LD16S, LD32U, LD32S, LD64 -> {
                    // runSimple stopped here: the TLB entry missed, or the access is misaligned
                    long t = c[pc + 1];
                    cpu.curInsn = (int) (t >>> 32);
                    long r = SoftMmu.loadSlow(cpu, address(w, v[b] + v[d]), (int) t);
                    // an I32 result of a 4-byte load is the sign-extended word (see loadOp)
                    v[a] = ((int) w & 0xff) == LD32S ? (int) r : r;
                    pc += 2;
                }
                case LOAD64 -> {
                    long t = c[pc + 1];
                    cpu.curInsn = (int) (t >>> 32);
                    v[a] = SoftMmu.load(cpu, v[b], (int) t);
                    pc += 2;
                }
                case LOAD32 -> {
                    long t = c[pc + 1];
                    cpu.curInsn = (int) (t >>> 32);
                    v[a] = (int) SoftMmu.load(cpu, v[b], (int) t);
                    pc += 2;
                }
                case ST8, ST16, ST32, ST64 -> {
                    // as for the loads: a TLB miss or a misaligned access
                    long t = c[pc + 1];
                    cpu.curInsn = (int) (t >>> 32);
                    SoftMmu.storeSlow(cpu, address(w, v[a] + v[b]), v[d], (int) t);
                    pc += 2;
                }
                case STORE -> {
                    long t = c[pc + 1];
                    cpu.curInsn = (int) (t >>> 32);
                    SoftMmu.store(cpu, v[a], v[b], (int) t);
                    pc += 2;
                }
                case PLD, PLDX -> {
                    // runSimple stopped at a PLD whose predicate held: the TLB entry missed or the access is
                    // misaligned; a PLDX (big-endian data) always comes here
                    long t = c[pc + 1];
                    if (v[d] != 0) {
                        cpu.curInsn = (int) (t >>> 32);
                        v[a] = predicatedResult(w, SoftMmu.load(cpu, address(w, v[b]), (int) t));
                    } else {
                        v[a] = 0;
                    }
                    pc += 2;
                }
                case PST, PSTX -> {
                    long t = c[pc + 1];
                    if (v[d] != 0) {
                        cpu.curInsn = (int) (t >>> 32);
                        SoftMmu.store(cpu, address(w, v[a]), v[b], (int) t);
                    }
                    pc += 2;
                }
                case CALL_VOID, CALL_GUARD -> {
                    // runSimple skips a guard whose first argument has none of the mask bits set
                    long t = c[pc + 1];
                    cpu.curInsn = (int) (t >>> 32);
                    helpers[helperIndex(w)].invoke(cpu, v, args, (int) t);
                    pc += ((int) w & 0xff) == CALL_GUARD ? 3 : 2;
                }
                case CALL32, CALL64 -> {
                    // an int helper result comes back sign-extended, as an I32 value is held
                    long t = c[pc + 1];
                    cpu.curInsn = (int) (t >>> 32);
                    v[a] = helpers[helperIndex(w)].invoke(cpu, v, args, (int) t);
                    pc += 2;
                }
                case JUMP -> {
                    regs[cpu.pcSlot()] = v[a] + base;
                    return EXIT_DIRECT_0;
                }
                case BRANCH -> {
                    boolean taken = v[a] != 0;
                    regs[cpu.pcSlot()] = v[taken ? b : d] + base;
                    return taken ? EXIT_DIRECT_0 : EXIT_DIRECT_1;
                }
                case JUMP_INDIRECT -> {
                    regs[cpu.pcSlot()] = v[a];
                    return EXIT_INDIRECT;
                }
                case JUMP_INDIRECT_CHECKED -> {
                    regs[cpu.pcSlot()] = v[a];
                    return v[b] != 0 ? EXIT_INDIRECT : EXIT_OTHER;
                }
                case BRANCH_INDIRECT_CHECKED -> {
                    if (v[a] == 0) {
                        regs[cpu.pcSlot()] = v[(int) c[pc + 1]] + base;
                        return EXIT_DIRECT_0;
                    }
                    regs[cpu.pcSlot()] = v[b];
                    return v[d] != 0 ? EXIT_INDIRECT : EXIT_OTHER;
                }
                case EXIT -> {
                    regs[cpu.pcSlot()] = v[a] + base;
                    return EXIT_OTHER;
                }
                case EXIT_STATE -> {
                    return EXIT_OTHER;
                }
                case GENERIC -> {
                    long t = c[pc + 1];
                    v[a] = Evaluator.eval(OPS[(int) (t >>> 48) & 0xff], TYPES[(int) (t >>> 32) & 0xff],
                            TYPES[(int) (t >>> 40) & 0xff], v[b], v[d], v[(int) t >>> 3]);
                    pc += 2;
                }
                default -> throw new IllegalStateException("bad interpreter opcode " + (w & 0xff));
            }
        }
    }

    /** The helper index of a CALL word (field B, which holds an index, not a byte offset). */
    private static int helperIndex(long w) {
        return (int) (w >>> 26) & 0x3ffff;
    }

    /**
     * Runs ops from byte position {@code p} of the code stream (an op's index * 8) up to the first one that may
     * call out or leaves the block, and returns that op's byte position: register reads and writes,
     * arithmetic, compares, extensions, {@code SELECT}, PC constants, little-endian accesses whose TLB entry
     * hits (on a miss it returns, and {@link #run} takes the slow path), and a {@code CALL_GUARD} whose check
     * would do nothing.
     *
     * <p>The loop calls nothing that is not inlined, and its operand fields are byte offsets into the value
     * and register arrays, used as they are (see {@link #ld}): HotSpot keeps the loop's state in registers and
     * folds each operand into an addressing mode. In one loop with the calling ops (and with slot indexes) it
     * kept about ten values on the stack, reloading and storing them at every op, and computed the scaled
     * indexes and {@code pc + 1 ... pc + 5} of all ops at the dispatch.
     *
     * @param base the page a PC-relative block runs at, else 0
     * @param tlbs the vCPU's soft-MMU TLBs ({@link GuestCpu#tlbs})
     * @return the byte position of the next op {@link #run} must handle
     */
    private static long runSimple(long[] c, long p, long[] v, long[] regs, long base, Tlb[] tlbs) {
        // Checked once here, so HotSpot knows the arrays are non-null in the loop: an Unsafe access on a base
        // that may be null is compiled with a null test and an off-heap path at every use.
        Objects.requireNonNull(c);
        Objects.requireNonNull(v);
        Objects.requireNonNull(regs);
        while (true) {
            long w = ld(c, p);
            long a = (w >>> 8) & 0x3ffff;
            long b = (w >>> 26) & 0x3ffff;
            long d = (w >>> 44) & 0x3ffff;
            switch ((int) w & 0xff) {
                case GET2 -> {
                    long r1 = (w >>> 22) & 0x3fff;
                    int sh1 = ((int) r1 & 1) << 5;  // an I32 read keeps the low half, sign-extended
                    st(v, (w >>> 8) & 0x3fff, ld(regs, r1 & ~7L) << sh1 >> sh1);
                    long r2 = w >>> 50;
                    int sh2 = ((int) r2 & 1) << 5;
                    st(v, (w >>> 36) & 0x3fff, ld(regs, r2 & ~7L) << sh2 >> sh2);
                    p += 8;
                }
                case SET2 -> {
                    long r1 = (w >>> 9) & 0x3fff;  // an I32 value is written zero-extended
                    st(regs, r1 & ~7L, ld(v, (w >>> 23) & 0x3fff) & (-1L >>> (((int) r1 & 1) << 5)));
                    long r2 = (w >>> 37) & 0x3fff;
                    st(regs, r2 & ~7L, ld(v, w >>> 51) & (-1L >>> (((int) r2 & 1) << 5)));
                    p += 8;
                }
                case GET64 -> {
                    st(v, a, ld(regs, b));
                    p += 8;
                }
                case GET32 -> {
                    st(v, a, (int) ld(regs, b));
                    p += 8;
                }
                case SET64 -> {
                    st(regs, b, ld(v, a));
                    p += 8;
                }
                case SET32 -> {
                    st(regs, b, ld(v, a) & 0xffffffffL);
                    p += 8;
                }
                case ADD64 -> {
                    st(v, a, ld(v, b) + ld(v, d));
                    p += 8;
                }
                case ADD32 -> {
                    st(v, a, (int) (ld(v, b) + ld(v, d)));
                    p += 8;
                }
                case SUB64 -> {
                    st(v, a, ld(v, b) - ld(v, d));
                    p += 8;
                }
                case SUB32 -> {
                    st(v, a, (int) (ld(v, b) - ld(v, d)));
                    p += 8;
                }
                case MUL64 -> {
                    st(v, a, ld(v, b) * ld(v, d));
                    p += 8;
                }
                case MUL32 -> {
                    st(v, a, (int) (ld(v, b) * ld(v, d)));
                    p += 8;
                }
                case AND -> {
                    st(v, a, ld(v, b) & ld(v, d));
                    p += 8;
                }
                case OR -> {
                    st(v, a, ld(v, b) | ld(v, d));
                    p += 8;
                }
                case XOR -> {
                    st(v, a, ld(v, b) ^ ld(v, d));
                    p += 8;
                }
                case SHL64 -> {
                    st(v, a, ld(v, b) << ld(v, d));
                    p += 8;
                }
                case SHL32 -> {
                    st(v, a, (int) ld(v, b) << (int) ld(v, d));
                    p += 8;
                }
                case LSHR64 -> {
                    st(v, a, ld(v, b) >>> ld(v, d));
                    p += 8;
                }
                case LSHR32 -> {
                    st(v, a, (int) ld(v, b) >>> (int) ld(v, d));
                    p += 8;
                }
                case ASHR64 -> {
                    st(v, a, ld(v, b) >> ld(v, d));
                    p += 8;
                }
                case ASHR32 -> {
                    st(v, a, (int) ld(v, b) >> (int) ld(v, d));
                    p += 8;
                }
                case ROTR64 -> {
                    st(v, a, Long.rotateRight(ld(v, b), (int) ld(v, d)));
                    p += 8;
                }
                case ROTR32 -> {
                    st(v, a, Integer.rotateRight((int) ld(v, b), (int) ld(v, d)));
                    p += 8;
                }
                case EQ -> {
                    st(v, a, ld(v, b) == ld(v, d) ? 1 : 0);
                    p += 8;
                }
                case NE -> {
                    st(v, a, ld(v, b) != ld(v, d) ? 1 : 0);
                    p += 8;
                }
                case SLT -> {
                    st(v, a, ld(v, b) < ld(v, d) ? 1 : 0);
                    p += 8;
                }
                case SLE -> {
                    st(v, a, ld(v, b) <= ld(v, d) ? 1 : 0);
                    p += 8;
                }
                case ULT64 -> {
                    st(v, a, Long.compareUnsigned(ld(v, b), ld(v, d)) < 0 ? 1 : 0);
                    p += 8;
                }
                case ULE64 -> {
                    st(v, a, Long.compareUnsigned(ld(v, b), ld(v, d)) <= 0 ? 1 : 0);
                    p += 8;
                }
                case ULT32 -> {
                    st(v, a, Integer.compareUnsigned((int) ld(v, b), (int) ld(v, d)) < 0 ? 1 : 0);
                    p += 8;
                }
                case ULE32 -> {
                    st(v, a, Integer.compareUnsigned((int) ld(v, b), (int) ld(v, d)) <= 0 ? 1 : 0);
                    p += 8;
                }
                case SELECT -> {
                    st(v, a, ld(v, b) != 0 ? ld(v, d) : ld(v, ld(c, p + 8)));
                    p += 16;
                }
                case ZEXT32 -> {
                    st(v, a, ld(v, b) & 0xffffffffL);
                    p += 8;
                }
                case SEXT32 -> {
                    st(v, a, (int) ld(v, b));
                    p += 8;
                }
                case NOT -> {
                    st(v, a, ~ld(v, b));
                    p += 8;
                }
                case NEG64 -> {
                    st(v, a, -ld(v, b));
                    p += 8;
                }
                case NEG32 -> {
                    st(v, a, -(int) ld(v, b));
                    p += 8;
                }
                case ZEXT8 -> {
                    st(v, a, ld(v, b) & 0xff);
                    p += 8;
                }
                case ZEXT16 -> {
                    st(v, a, ld(v, b) & 0xffff);
                    p += 8;
                }
                case SEXT8 -> {
                    st(v, a, (byte) ld(v, b));
                    p += 8;
                }
                case SEXT16 -> {
                    st(v, a, (short) ld(v, b));
                    p += 8;
                }
                case PC_CONST -> {
                    st(v, a, ld(v, b) + base);
                    p += 8;
                }
                case LD8U, LD8S, LD16U, LD16S, LD32U, LD32S, LD64 -> {
                    long va = address(w, ld(v, b) + ld(v, d));
                    int memop = (int) ld(c, p + 8);
                    Tlb t = tlbs[(memop >>> 8) & 0xff];
                    int i = Tlb.index(va);
                    if (!hit(t.tagRead, i, va, memop)) {
                        return p;
                    }
                    long host = t.addend[i] + va;
                    st(v, a, switch ((int) w & 0xff) {
                        case LD8U -> Mem.ld8(host) & 0xffL;
                        case LD8S -> (byte) Mem.ld8(host);
                        case LD16U -> Mem.ld16le(host) & 0xffffL;
                        case LD16S -> (short) Mem.ld16le(host);
                        case LD32U -> Mem.ld32le(host) & 0xffffffffL;
                        case LD32S -> Mem.ld32le(host);
                        default -> Mem.ld64le(host);
                    });
                    p += 16;
                }
                case ST8, ST16, ST32, ST64 -> {
                    if (!storeHit(tlbs, address(w, ld(v, a) + ld(v, b)), (int) ld(c, p + 8), ld(v, d))) {
                        return p;
                    }
                    p += 16;
                }
                case PLD -> {
                    if (ld(v, d) == 0) {
                        st(v, a, 0);
                        p += 16;
                        break;
                    }
                    long va = address(w, ld(v, b));
                    int memop = (int) ld(c, p + 8);
                    Tlb t = tlbs[(memop >>> 8) & 0xff];
                    int i = Tlb.index(va);
                    if (!hit(t.tagRead, i, va, memop)) {
                        return p;
                    }
                    long host = t.addend[i] + va;
                    // MemOp: log2(size) in bits [1:0], signed in bit 2
                    st(v, a, predicatedResult(w, switch (memop & 7) {
                        case 0 -> Mem.ld8(host) & 0xffL;
                        case 4 -> (byte) Mem.ld8(host);
                        case 1 -> Mem.ld16le(host) & 0xffffL;
                        case 5 -> (short) Mem.ld16le(host);
                        case 2 -> Mem.ld32le(host) & 0xffffffffL;
                        case 6 -> Mem.ld32le(host);
                        default -> Mem.ld64le(host);
                    }));
                    p += 16;
                }
                case PST -> {
                    if (ld(v, d) != 0 && !storeHit(tlbs, address(w, ld(v, a)), (int) ld(c, p + 8), ld(v, b))) {
                        return p;
                    }
                    p += 16;
                }
                case CALL_GUARD -> {
                    if ((ld(v, d) & (int) ld(c, p + 16)) != 0) {
                        return p;
                    }
                    p += 24;
                }
                default -> {
                    return p;
                }
            }
        }
    }

    /** Guest RAM and the interpreter's arrays through Unsafe when {@link Mem#rawAccess} (see {@link #ld}). */
    private static final boolean RAW = Mem.rawAccess();

    /** Loaded only when {@link #RAW}. */
    private static final class Raw {
        static final jdk.internal.misc.Unsafe U = jdk.internal.misc.Unsafe.getUnsafe();
        static final long BASE = U.arrayBaseOffset(long[].class);
    }

    /**
     * The {@code long} at byte offset {@code off} (an index * 8) of {@code a}, without a bounds check when
     * {@link #RAW}. Only for the code stream, the value array and the register array, whose offsets come from
     * the lowering, never from guest data: every op's fields are below the block's slot count, which sizes the
     * value array; {@link #run} checks the block's highest register slot against the vCPU's register array; and
     * the code ends with an op that leaves the block.
     */
    private static long ld(long[] a, long off) {
        return RAW ? Raw.U.getLong(a, Raw.BASE + off) : a[(int) (off >>> 3)];
    }

    /** Stores {@code x} at byte offset {@code off} of {@code a}, as {@link #ld}. */
    private static void st(long[] a, long off, long x) {
        if (RAW) {
            Raw.U.putLong(a, Raw.BASE + off, x);
        } else {
            a[(int) (off >>> 3)] = x;
        }
    }

    /**
     * The TLB hit path of a little-endian store (ST8..ST64, PST): stores the low {@code 1 << (memop & 3)} bytes of
     * {@code value} at guest virtual {@code va} and returns true if the write TLB entry hits and the access is
     * aligned as {@code memop} requires; returns false without storing otherwise (the caller takes the slow path).
     */
    private static boolean storeHit(Tlb[] tlbs, long va, int memop, long value) {
        Tlb t = tlbs[(memop >>> 8) & 0xff];
        int i = Tlb.index(va);
        if (!hit(t.tagWrite, i, va, memop)) {
            return false;
        }
        long host = t.addend[i] + va;
        switch (memop & 3) {
            case 0 -> Mem.st8(host, (int) value);
            case 1 -> Mem.st16le(host, (int) value);
            case 2 -> Mem.st32le(host, (int) value);
            default -> Mem.st64le(host, value);
        }
        return true;
    }

    /**
     * The TLB hit test of {@link SoftMmu#load}/{@link SoftMmu#store} for a little-endian access: the entry at
     * {@code i} of {@code tags} (the TLB's read or write tags) holds the page of the access's last byte (so a
     * page-crossing access misses), and the access meets the alignment {@code memop} requires.
     */
    private static boolean hit(long[] tags, int i, long va, int memop) {
        int size = 1 << (memop & 3);
        return ((va + size - 1) & Tlb.PAGE_MASK) == tags[i] && (!MemOp.alignRequired(memop) || (va & (size - 1)) == 0);
    }
}
