package org.jemu.translator.backend;

import static org.objectweb.asm.Opcodes.*;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.jemu.translator.exec.BlockCompiler;
import org.jemu.translator.exec.CompiledBlock;
import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.exec.GuestFault;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;
import org.jemu.translator.memory.Mem;
import org.jemu.translator.memory.SoftMmu;
import org.jemu.translator.memory.Tlb;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Compiles an IR block into JVM bytecode with ASM: one hidden class per block extending
 * {@link CompiledBlock}, whose {@code run} method holds the block.
 *
 * <p>In a region with a loop, guest state slots the blocks touch live in JVM {@code long} locals: loaded at
 * entry, written back at every exit, before helpers that read state (reloaded after helpers that write it),
 * and in a {@link GuestFault} handler that covers the whole body, so a fault leaves the state as after the
 * last completed guest instruction. Other regions access {@link GuestCpu#regs} directly, like the IR
 * interpreter (see {@link #REG_CACHE}). Loads and stores inline the soft-MMU TLB hit path (index, tag compare,
 * host access through {@link Mem}) and call {@link SoftMmu#loadSlow}/{@link SoftMmu#storeSlow} on a miss.
 * Generated methods stay under {@link #MAX_METHOD_BYTES}, HotSpot's limit for compiling a method
 * ({@code HugeMethodLimit}); a larger block is refused and stays interpreted.
 */
public final class BytecodeBackend implements BlockCompiler {
    /**
     * Which regions keep guest registers in JVM locals ({@code -Djemu.regCache=loops|always|never}, default
     * {@code loops}): only regions with a loop (a jump back to one of their blocks), where keeping registers
     * in host registers pays on every iteration. Other regions read and write {@link GuestCpu#regs}
     * directly: with every register live across every helper call and the fault handler, the locals made
     * HotSpot's C2 spend most of its time in register allocation, and straight-line kernel code reached
     * its compiled form later (see docs/performance.md).
     */
    static final String REG_CACHE = System.getProperty("jemu.regCache", "loops");
    /** Most blocks a region may have to keep its registers in locals under {@code loops}. */
    static final int LOOP_REGION_BLOCKS = Integer.getInteger("jemu.regCacheBlocks", 4);
    /** HotSpot does not JIT-compile methods with more bytecode than this. */
    public static final int MAX_METHOD_BYTES = 8000;

    private static final String CPU = "org/jemu/translator/exec/GuestCpu";
    private static final String CPU_DESC = "L" + CPU + ";";
    private static final String TLB = "org/jemu/translator/memory/Tlb";
    private static final String MEM = "org/jemu/translator/memory/Mem";
    private static final String SOFTMMU = "org/jemu/translator/memory/SoftMmu";
    private static final String RT = "org/jemu/translator/backend/Rt";
    private static final String FAULT = "org/jemu/translator/exec/GuestFault";
    private static final String BASE = "org/jemu/translator/exec/CompiledBlock";
    private static final AtomicLong COUNTER = new AtomicLong();

    private final MethodHandles.Lookup lookup = MethodHandles.lookup();

    @Override
    public CompiledBlock compile(IrBlock block) {
        return compileRegion(List.of(block));
    }

    @Override
    public CompiledBlock compileRegion(List<IrBlock> blocks) {
        // The launcher, the test JVMs and GuestBench match this name in a HotSpot CompileCommand
        // (CompileThresholdScaling for org.jemu.translator.backend.Block*::run): keep them in step.
        byte[] bytes = generate(blocks, "org/jemu/translator/backend/Block" + COUNTER.incrementAndGet());
        try {
            Class<?> c = lookup.defineHiddenClass(bytes, true).lookupClass();
            return (CompiledBlock) lookup.findConstructor(c, MethodType.methodType(void.class)).invoke();
        } catch (Throwable t) {
            throw new IllegalStateException("cannot define compiled block: " + t, t);
        }
    }

    /**
     * Generates the class file for a region: {@code blocks.get(0)} is the entry; direct jumps between the
     * region's blocks stay inside the method.
     *
     * @throws IllegalStateException if the method would exceed {@link #MAX_METHOD_BYTES}
     */
    public byte[] generate(List<IrBlock> blocks, String internalName) {
        IrBlock block = blocks.get(0);
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object";
            }
        };
        // A subclass of the abstract CompiledBlock: the loop's megamorphic call of run() then goes through a
        // vtable slot rather than an interface (itable) lookup.
        cw.visit(V21, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, internalName, null, BASE, null);
        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, BASE, "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC | ACC_FINAL, "run", "(" + CPU_DESC + ")I", null, null);
        int size = new Gen(blocks, mv).emit();
        if (size > MAX_METHOD_BYTES) {
            throw new IllegalStateException("region 0x" + Long.toHexString(block.pc) + " (" + blocks.size()
                    + " blocks) compiles to " + size
                    + " bytes of bytecode, over HotSpot's " + MAX_METHOD_BYTES + "-byte limit");
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** Code generation state for one region. */
    private static final class Gen {
        private final List<IrBlock> blocks;
        private final MethodVisitor mv;
        private static final int L_CPU = 1;
        private static final int L_REGS = 2;
        /** Instructions retired by completed blocks of this invocation (int). */
        private static final int L_RETIRED = 3;
        /** Instructions this invocation may retire before it must return (int). */
        private static final int L_BUDGET = 4;
        /** Index of the block executing now (int), for fault attribution. */
        private static final int L_CUR = 5;
        /**
         * Page of the region's runtime entry PC (long), when its blocks are {@link IrBlock#pcRelative}: PC
         * constants and exit targets are this plus their offset from their block's translation page.
         */
        private static final int L_PAGE = 6;
        private int nextLocal = 8;
        /** Region blocks by guest PC (by page offset when PC-relative: they all lie in one page). */
        private final Map<Long, Integer> blockIndex = new java.util.HashMap<>();
        private final boolean pcRelative;
        /** The block being emitted. */
        private IrBlock cur;
        private Label[] blockLabels;
        private int curBlockInsns;
        /** slot → long local. */
        private final Map<Integer, Integer> regLocal = new TreeMap<>();
        /** slots written by the block. */
        private final TreeSet<Integer> written = new TreeSet<>();
        /** mmuIdx → first of three locals (tagRead, tagWrite, addend). */
        private final Map<Integer, Integer> tlbLocal = new TreeMap<>();
        private final Map<Inst, Integer> valueLocal = new IdentityHashMap<>();
        private int idxLocal;
        /**
         * The region's one exit tail: every exit that leaves with a new PC stores it (long) and the return code
         * (int) into these locals and jumps there, so the write-back of the cached registers is emitted once
         * per region instead of once per exit.
         */
        private final Label exitTail = new Label();
        /** Guest registers are read and written in {@link GuestCpu#regs} directly, not cached in locals. */
        private boolean direct;
        private int exitPcLocal;
        private int exitCodeLocal;

        Gen(List<IrBlock> blocks, MethodVisitor mv) {
            this.blocks = blocks;
            this.mv = mv;
            this.pcRelative = blocks.get(0).pcRelative;
            for (IrBlock b : blocks) {
                if (b.pcRelative != pcRelative) {
                    throw new IllegalStateException("region mixes PC-relative and absolute blocks");
                }
            }
        }

        /** {@link #blockIndex} key of guest PC {@code pc} as seen from block {@code from}, or null if outside. */
        private Long indexKey(IrBlock from, long pc) {
            if (!pcRelative) {
                return pc;
            }
            return ((pc ^ from.pc) & Tlb.PAGE_MASK) == 0 ? pc & ~Tlb.PAGE_MASK : null;
        }

        /** Pushes guest address {@code addr} of the current block's code, relocated if PC-relative. */
        private void pushPc(long addr) {
            if (!pcRelative) {
                pushLong(addr);
                return;
            }
            mv.visitVarInsn(LLOAD, L_PAGE);
            long off = addr - (cur.pc & Tlb.PAGE_MASK);
            if (off != 0) {
                pushLong(off);
                mv.visitInsn(LADD);
            }
        }

        int emit() {
            for (int b = 0; b < blocks.size(); b++) {
                blockIndex.putIfAbsent(indexKey(blocks.get(b), blocks.get(b).pc), b);
            }
            direct = switch (REG_CACHE) {
                case "always" -> false;
                case "never" -> true;
                default -> blocks.size() > LOOP_REGION_BLOCKS || !hasLoop();
            };
            for (IrBlock blk : blocks) {
                scan(blk.insts);
            }
            blockLabels = new Label[blocks.size()];
            for (int b = 0; b < blocks.size(); b++) {
                blockLabels[b] = new Label();
            }
            return emitBody();
        }

        private void scan(List<Inst> insts) {
            for (Inst in : insts) {
                if (in.op == Op.GET_REG || in.op == Op.SET_REG) {
                    int slot = (int) in.imm;
                    regLocal.computeIfAbsent(slot, s -> alloc(2));
                    if (in.op == Op.SET_REG) {
                        written.add(slot);
                    }
                }
                if (in.op.isMemoryAccess()) {
                    tlbLocal.computeIfAbsent(MemOp.mmuIdx(in.imm), m -> alloc(3));
                }
            }
        }

        private int emitBody() {
            idxLocal = alloc(1);
            exitPcLocal = alloc(1);
            exitCodeLocal = alloc(1);
            mv.visitCode();
            // Prologue: regs array, cached guest state, TLB arrays.
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitFieldInsn(GETFIELD, CPU, "regs", "[J");
            mv.visitVarInsn(ASTORE, L_REGS);
            reloadRegs();
            if (pcRelative) {
                mv.visitVarInsn(ALOAD, L_REGS);
                mv.visitVarInsn(ALOAD, L_CPU);
                mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "pcSlot", "()I", false);
                mv.visitInsn(LALOAD);
                pushLong(Tlb.PAGE_MASK);
                mv.visitInsn(LAND);
                mv.visitVarInsn(LSTORE, L_PAGE);
            }
            for (Map.Entry<Integer, Integer> e : tlbLocal.entrySet()) {
                mv.visitVarInsn(ALOAD, L_CPU);
                mv.visitFieldInsn(GETFIELD, CPU, "tlbs", "[L" + TLB + ";");
                pushInt(e.getKey());
                mv.visitInsn(AALOAD);
                mv.visitInsn(DUP);
                mv.visitFieldInsn(GETFIELD, TLB, "tagRead", "[J");
                mv.visitVarInsn(ASTORE, e.getValue());
                mv.visitInsn(DUP);
                mv.visitFieldInsn(GETFIELD, TLB, "tagWrite", "[J");
                mv.visitVarInsn(ASTORE, e.getValue() + 1);
                mv.visitFieldInsn(GETFIELD, TLB, "addend", "[J");
                mv.visitVarInsn(ASTORE, e.getValue() + 2);
            }
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, L_RETIRED);
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, L_CUR);
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitFieldInsn(GETFIELD, CPU, "unitBudget", "I");
            mv.visitVarInsn(ISTORE, L_BUDGET);
            Label tryStart = new Label();
            Label tryEnd = new Label();
            Label handler = new Label();
            mv.visitTryCatchBlock(tryStart, tryEnd, handler, FAULT);
            mv.visitLabel(tryStart);
            int firstValueLocal = nextLocal;
            for (int b = 0; b < blocks.size(); b++) {
                IrBlock blk = blocks.get(b);
                cur = blk;
                // Values never cross blocks: each block reuses the same value locals.
                nextLocal = firstValueLocal;
                valueLocal.clear();
                mv.visitLabel(blockLabels[b]);
                if (blocks.size() > 1 || selfLoop(blk)) {
                    pushInt(b);
                    mv.visitVarInsn(ISTORE, L_CUR);
                }
                curBlockInsns = blk.guestInsnCount();
                int insnIndex = -1;
                for (Inst in : blk.insts) {
                    if (in.op == Op.INSN_START) {
                        insnIndex++;
                        continue;
                    }
                    op(in, insnIndex);
                }
            }
            mv.visitLabel(tryEnd);
            // Exit tail (outside the try range: nothing here raises a guest fault).
            mv.visitLabel(exitTail);
            setRetired();
            writeBack();
            mv.visitVarInsn(ALOAD, L_REGS);
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "pcSlot", "()I", false);
            mv.visitVarInsn(LLOAD, exitPcLocal);
            mv.visitInsn(LASTORE);
            mv.visitVarInsn(ILOAD, exitCodeLocal);
            mv.visitInsn(IRETURN);
            // Fault handler: write back, say how far the region got, rethrow.
            mv.visitLabel(handler);
            writeBack();
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitVarInsn(ILOAD, L_RETIRED);
            mv.visitFieldInsn(PUTFIELD, CPU, "unitRetired", "I");
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitVarInsn(ILOAD, L_CUR);
            mv.visitFieldInsn(PUTFIELD, CPU, "faultBlock", "I");
            mv.visitInsn(ATHROW);
            Label end = new Label();
            mv.visitLabel(end);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            return end.getOffset();
        }

        private int alloc(int n) {
            int l = nextLocal;
            nextLocal += n * 2;
            return l;
        }

        private void reloadRegs() {
            if (direct) {
                return;
            }
            for (Map.Entry<Integer, Integer> e : regLocal.entrySet()) {
                mv.visitVarInsn(ALOAD, L_REGS);
                pushInt(e.getKey());
                mv.visitInsn(LALOAD);
                mv.visitVarInsn(LSTORE, e.getValue());
            }
        }

        private void writeBack() {
            if (direct) {
                return;
            }
            for (int slot : written) {
                mv.visitVarInsn(ALOAD, L_REGS);
                pushInt(slot);
                mv.visitVarInsn(LLOAD, regLocal.get(slot));
                mv.visitInsn(LASTORE);
            }
        }

        private void pushInt(int v) {
            if (v >= -1 && v <= 5) {
                mv.visitInsn(ICONST_0 + v);
            } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                mv.visitIntInsn(BIPUSH, v);
            } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                mv.visitIntInsn(SIPUSH, v);
            } else {
                mv.visitLdcInsn(v);
            }
        }

        private void pushLong(long v) {
            if (v == 0 || v == 1) {
                mv.visitInsn(v == 0 ? LCONST_0 : LCONST_1);
            } else {
                mv.visitLdcInsn(v);
            }
        }

        /** Pushes value {@code v} (constants inline). */
        private void load(Inst v) {
            if (v.op == Op.CONST) {
                if (v.type == Type.I32) {
                    pushInt((int) v.imm);
                } else {
                    pushLong(v.imm);
                }
                return;
            }
            Integer l = valueLocal.get(v);
            if (l == null) {
                throw new IllegalStateException("backend: value used before definition: " + v);
            }
            mv.visitVarInsn(v.type == Type.I32 ? ILOAD : LLOAD, l);
        }

        /** Pushes {@code v} as a JVM int (shift amounts). */
        private void loadAsInt(Inst v) {
            load(v);
            if (v.type == Type.I64) {
                mv.visitInsn(L2I);
            }
        }

        /** Stores the stack top as the value of {@code in}. */
        private void define(Inst in) {
            int l = alloc(1);
            valueLocal.put(in, l);
            mv.visitVarInsn(in.type == Type.I32 ? ISTORE : LSTORE, l);
        }

        /** {@code cpu.curInsn = retired + insnIndex}: instructions of this invocation before the current one. */
        private void setCurInsn(int insnIndex) {
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitVarInsn(ILOAD, L_RETIRED);
            if (insnIndex != 0) {
                pushInt(insnIndex);
                mv.visitInsn(IADD);
            }
            mv.visitFieldInsn(PUTFIELD, CPU, "curInsn", "I");
        }

        /** True if a block of the region jumps or branches to itself or to a block before it. */
        private boolean hasLoop() {
            for (int b = 0; b < blocks.size(); b++) {
                IrBlock blk = blocks.get(b);
                Inst t = blk.terminator();
                if (t.op == Op.JUMP || t.op == Op.BRANCH || t.op == Op.BRANCH_INDIRECT_CHECKED) {
                    for (long target : t.op == Op.BRANCH ? new long[] {t.imm, t.imm2} : new long[] {t.imm}) {
                        Long key = indexKey(blk, target);
                        Integer to = key == null ? null : blockIndex.get(key);
                        if (to != null && to <= b) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        private boolean selfLoop(IrBlock blk) {
            Inst t = blk.terminator();
            return (t.op == Op.JUMP || t.op == Op.BRANCH || t.op == Op.BRANCH_INDIRECT_CHECKED)
                    && (t.imm == blk.pc || (t.op == Op.BRANCH && t.imm2 == blk.pc));
        }

        /**
         * A direct edge to guest {@code target} at the end of the current block: inside the region it
         * continues there unless the budget is used up or an interrupt is pending; otherwise the method
         * returns. Exit requests from other threads are seen by the loop once the budget (at most one
         * quantum) is used up, which keeps a volatile read out of hot loops.
         */
        private void edge(long target, int code) {
            mv.visitIincInsn(L_RETIRED, curBlockInsns);
            Long key = indexKey(cur, target);
            Integer j = key == null ? null : blockIndex.get(key);
            if (j != null) {
                Label out = new Label();
                mv.visitVarInsn(ILOAD, L_RETIRED);
                mv.visitVarInsn(ILOAD, L_BUDGET);
                mv.visitJumpInsn(IF_ICMPGE, out);
                mv.visitVarInsn(ALOAD, L_CPU);
                mv.visitFieldInsn(GETFIELD, CPU, "interruptPoll", "I");
                mv.visitJumpInsn(IFNE, out);
                mv.visitJumpInsn(GOTO, blockLabels[j]);
                mv.visitLabel(out);
            }
            exitTo(target, code);
        }

        private void setRetired() {
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitVarInsn(ILOAD, L_RETIRED);
            mv.visitFieldInsn(PUTFIELD, CPU, "unitRetired", "I");
        }

        private void op(Inst in, int insnIndex) {
            Type t = in.type;
            boolean w = t == Type.I64;
            switch (in.op) {
                case CONST -> {
                    // materialised at each use
                }
                case PC_CONST -> {
                    pushPc(in.imm);
                    define(in);
                }
                case GET_REG -> {
                    if (direct) {
                        mv.visitVarInsn(ALOAD, L_REGS);
                        pushInt((int) in.imm);
                        mv.visitInsn(LALOAD);
                    } else {
                        mv.visitVarInsn(LLOAD, regLocal.get((int) in.imm));
                    }
                    if (!w) {
                        mv.visitInsn(L2I);
                    }
                    define(in);
                }
                case SET_REG -> {
                    Inst v = in.args[0];
                    if (direct) {
                        mv.visitVarInsn(ALOAD, L_REGS);
                        pushInt((int) in.imm);
                    }
                    load(v);
                    if (v.type == Type.I32) {
                        mv.visitInsn(I2L);
                        mv.visitLdcInsn(0xffffffffL);
                        mv.visitInsn(LAND);
                    }
                    if (direct) {
                        mv.visitInsn(LASTORE);
                    } else {
                        mv.visitVarInsn(LSTORE, regLocal.get((int) in.imm));
                    }
                }
                case ADD -> binary(in, IADD, LADD);
                case SUB -> binary(in, ISUB, LSUB);
                case MUL -> binary(in, IMUL, LMUL);
                case AND -> binary(in, IAND, LAND);
                case OR -> binary(in, IOR, LOR);
                case XOR -> binary(in, IXOR, LXOR);
                case SHL, LSHR, ASHR -> {
                    load(in.args[0]);
                    loadAsInt(in.args[1]);
                    int opc = switch (in.op) {
                        case SHL -> w ? LSHL : ISHL;
                        case LSHR -> w ? LUSHR : IUSHR;
                        default -> w ? LSHR : ISHR;
                    };
                    mv.visitInsn(opc);
                    define(in);
                }
                case ROTR -> {
                    load(in.args[0]);
                    loadAsInt(in.args[1]);
                    if (w) {
                        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "rotateRight", "(JI)J", false);
                    } else {
                        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "rotateRight", "(II)I", false);
                    }
                    define(in);
                }
                case MULHU -> binaryCall(in, w ? "java/lang/Math" : RT, w ? "unsignedMultiplyHigh" : "mulhu32");
                case MULHS -> binaryCall(in, w ? "java/lang/Math" : RT, w ? "multiplyHigh" : "mulhs32");
                case UDIV -> binaryCall(in, RT, w ? "udiv64" : "udiv32");
                case SDIV -> binaryCall(in, RT, w ? "sdiv64" : "sdiv32");
                case UREM -> binaryCall(in, RT, w ? "urem64" : "urem32");
                case SREM -> binaryCall(in, RT, w ? "srem64" : "srem32");
                case NEG -> {
                    load(in.args[0]);
                    mv.visitInsn(w ? LNEG : INEG);
                    define(in);
                }
                case NOT -> {
                    load(in.args[0]);
                    if (w) {
                        mv.visitLdcInsn(-1L);
                        mv.visitInsn(LXOR);
                    } else {
                        mv.visitInsn(ICONST_M1);
                        mv.visitInsn(IXOR);
                    }
                    define(in);
                }
                case CLZ -> unaryCall(in, "numberOfLeadingZeros", true);
                case CTZ -> unaryCall(in, "numberOfTrailingZeros", true);
                case POPCNT -> unaryCall(in, "bitCount", true);
                case BSWAP -> unaryCall(in, "reverseBytes", false);
                case BITREV -> unaryCall(in, "reverse", false);
                case SEXT8, SEXT16, ZEXT8, ZEXT16 -> {
                    load(in.args[0]);
                    if (w) {
                        mv.visitInsn(L2I);
                    }
                    switch (in.op) {
                        case SEXT8 -> mv.visitInsn(I2B);
                        case SEXT16 -> mv.visitInsn(I2S);
                        case ZEXT8 -> {
                            pushInt(0xff);
                            mv.visitInsn(IAND);
                        }
                        default -> {
                            pushInt(0xffff);
                            mv.visitInsn(IAND);
                        }
                    }
                    if (w) {
                        mv.visitInsn(I2L);
                    }
                    define(in);
                }
                case ZEXT32 -> {
                    load(in.args[0]);
                    mv.visitInsn(I2L);
                    mv.visitLdcInsn(0xffffffffL);
                    mv.visitInsn(LAND);
                    define(in);
                }
                case SEXT32 -> {
                    load(in.args[0]);
                    mv.visitInsn(I2L);
                    define(in);
                }
                case TRUNC -> {
                    load(in.args[0]);
                    mv.visitInsn(L2I);
                    define(in);
                }
                case EQ, NE, SLT, SLE, ULT, ULE -> compare(in);
                case SELECT -> {
                    Label other = new Label();
                    Label done = new Label();
                    load(in.args[0]);
                    mv.visitJumpInsn(IFEQ, other);
                    load(in.args[1]);
                    mv.visitJumpInsn(GOTO, done);
                    mv.visitLabel(other);
                    load(in.args[2]);
                    mv.visitLabel(done);
                    define(in);
                }
                case LOAD, LOAD_IF -> load(in, insnIndex);
                case STORE, STORE_IF -> store(in, insnIndex);
                case CALL -> call(in, insnIndex);
                case JUMP -> edge(in.imm, CompiledBlock.EXIT_DIRECT_0);
                case BRANCH -> {
                    Label notTaken = new Label();
                    load(in.args[0]);
                    mv.visitJumpInsn(IFEQ, notTaken);
                    edge(in.imm, CompiledBlock.EXIT_DIRECT_0);
                    mv.visitLabel(notTaken);
                    edge(in.imm2, CompiledBlock.EXIT_DIRECT_1);
                }
                case JUMP_INDIRECT -> {
                    load(in.args[0]);
                    mv.visitVarInsn(LSTORE, exitPcLocal);
                    mv.visitIincInsn(L_RETIRED, curBlockInsns);
                    pushInt(CompiledBlock.EXIT_INDIRECT);
                    mv.visitVarInsn(ISTORE, exitCodeLocal);
                    mv.visitJumpInsn(GOTO, exitTail);
                }
                case JUMP_INDIRECT_CHECKED -> checkedIndirectExit(in.args[0], in.args[1]);
                case BRANCH_INDIRECT_CHECKED -> {
                    // not taken: a direct edge to the next instruction; taken: as JUMP_INDIRECT_CHECKED
                    Label taken = new Label();
                    load(in.args[0]);
                    mv.visitJumpInsn(IFNE, taken);
                    edge(in.imm, CompiledBlock.EXIT_DIRECT_0);
                    mv.visitLabel(taken);
                    checkedIndirectExit(in.args[1], in.args[2]);
                }
                case EXIT -> {
                    mv.visitIincInsn(L_RETIRED, curBlockInsns);
                    exitTo(in.imm, CompiledBlock.EXIT_OTHER);
                }
                case EXIT_STATE -> {
                    mv.visitIincInsn(L_RETIRED, curBlockInsns);
                    setRetired();
                    writeBack();
                    pushInt(CompiledBlock.EXIT_OTHER);
                    mv.visitInsn(IRETURN);
                }
                case INSN_START -> {
                }
                default -> throw new IllegalStateException("backend: unhandled op " + in.op);
            }
        }

        /**
         * Returns from the method with the PC set to I64 {@code target}, through the region's exit tail, as an
         * indirect jump if I32 {@code sameFlags} is non-zero, else as an exit that rechecks the CPU state
         * ({@link Op#JUMP_INDIRECT_CHECKED}).
         */
        private void checkedIndirectExit(Inst target, Inst sameFlags) {
            load(target);
            mv.visitVarInsn(LSTORE, exitPcLocal);
            mv.visitIincInsn(L_RETIRED, curBlockInsns);
            Label recheck = new Label();
            Label code = new Label();
            load(sameFlags);
            mv.visitJumpInsn(IFEQ, recheck);
            pushInt(CompiledBlock.EXIT_INDIRECT);
            mv.visitJumpInsn(GOTO, code);
            mv.visitLabel(recheck);
            pushInt(CompiledBlock.EXIT_OTHER);
            mv.visitLabel(code);
            mv.visitVarInsn(ISTORE, exitCodeLocal);
            mv.visitJumpInsn(GOTO, exitTail);
        }

        /**
         * Returns from the method with the PC set to {@code target}, through the region's exit tail;
         * {@code retired} is already final.
         */
        private void exitTo(long target, int code) {
            pushPc(target);
            mv.visitVarInsn(LSTORE, exitPcLocal);
            pushInt(code);
            mv.visitVarInsn(ISTORE, exitCodeLocal);
            mv.visitJumpInsn(GOTO, exitTail);
        }

        private void binary(Inst in, int iop, int lop) {
            load(in.args[0]);
            load(in.args[1]);
            mv.visitInsn(in.type == Type.I64 ? lop : iop);
            define(in);
        }

        private void binaryCall(Inst in, String owner, String name) {
            load(in.args[0]);
            load(in.args[1]);
            mv.visitMethodInsn(INVOKESTATIC, owner, name, in.type == Type.I64 ? "(JJ)J" : "(II)I", false);
            define(in);
        }

        private void unaryCall(Inst in, String name, boolean returnsInt) {
            boolean w = in.type == Type.I64;
            load(in.args[0]);
            mv.visitMethodInsn(INVOKESTATIC, w ? "java/lang/Long" : "java/lang/Integer", name,
                    w ? (returnsInt ? "(J)I" : "(J)J") : "(I)I", false);
            if (w && returnsInt) {
                mv.visitInsn(I2L);
            }
            define(in);
        }

        private void compare(Inst in) {
            Inst x = in.args[0];
            Inst y = in.args[1];
            boolean w = x.type == Type.I64;
            boolean unsigned = in.op == Op.ULT || in.op == Op.ULE;
            load(x);
            load(y);
            Label yes = new Label();
            Label done = new Label();
            int jump;
            if (w || unsigned) {
                if (unsigned) {
                    mv.visitMethodInsn(INVOKESTATIC, w ? "java/lang/Long" : "java/lang/Integer", "compareUnsigned",
                            w ? "(JJ)I" : "(II)I", false);
                } else {
                    mv.visitInsn(LCMP);
                }
                jump = switch (in.op) {
                    case EQ -> IFEQ;
                    case NE -> IFNE;
                    case SLT, ULT -> IFLT;
                    default -> IFLE;
                };
            } else {
                jump = switch (in.op) {
                    case EQ -> IF_ICMPEQ;
                    case NE -> IF_ICMPNE;
                    case SLT -> IF_ICMPLT;
                    default -> IF_ICMPLE;
                };
            }
            mv.visitJumpInsn(jump, yes);
            mv.visitInsn(ICONST_0);
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(yes);
            mv.visitInsn(ICONST_1);
            mv.visitLabel(done);
            define(in);
        }

        /** Emits the TLB index and tag test; jumps to {@code slow} on a miss. Address is in long local {@code a}. */
        private void tlbTest(int a, int tagArrayLocal, long memop, Label slow) {
            int size = MemOp.size(memop);
            mv.visitVarInsn(LLOAD, a);
            pushInt(Tlb.PAGE_BITS);
            mv.visitInsn(LUSHR);
            mv.visitInsn(L2I);
            pushInt(Tlb.MASK);
            mv.visitInsn(IAND);
            mv.visitVarInsn(ISTORE, idxLocal);
            if (MemOp.alignRequired(memop) && size > 1) {
                mv.visitVarInsn(LLOAD, a);
                mv.visitInsn(L2I);
                pushInt(size - 1);
                mv.visitInsn(IAND);
                mv.visitJumpInsn(IFNE, slow);
            }
            mv.visitVarInsn(LLOAD, a);
            if (size > 1) {
                pushLong(size - 1);
                mv.visitInsn(LADD);
            }
            pushLong(Tlb.PAGE_MASK);
            mv.visitInsn(LAND);
            mv.visitVarInsn(ALOAD, tagArrayLocal);
            mv.visitVarInsn(ILOAD, idxLocal);
            mv.visitInsn(LALOAD);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFNE, slow);
            // host address = addend[idx] + a
            mv.visitVarInsn(ALOAD, tlbLocal.get(MemOp.mmuIdx(memop)) + 2);
            mv.visitVarInsn(ILOAD, idxLocal);
            mv.visitInsn(LALOAD);
            mv.visitVarInsn(LLOAD, a);
            mv.visitInsn(LADD);
        }

        private int addrLocal(Inst addr) {
            int a = alloc(1);
            load(addr);
            mv.visitVarInsn(LSTORE, a);
            return a;
        }

        /** A LOAD, or a LOAD_IF: the same access behind a test of its predicate, 0 when the predicate is 0. */
        private void load(Inst in, int insnIndex) {
            long memop = in.imm;
            int size = MemOp.size(memop);
            boolean be = MemOp.bigEndian(memop);
            boolean signed = MemOp.signed(memop);
            boolean w = in.type == Type.I64;
            boolean predicated = in.op == Op.LOAD_IF;
            Label skip = new Label();
            if (predicated) {
                load(in.args[0]);
                mv.visitJumpInsn(IFEQ, skip);
            }
            int a = addrLocal(in.args[predicated ? 1 : 0]);
            int tl = tlbLocal.get(MemOp.mmuIdx(memop));
            Label slow = new Label();
            Label done = new Label();
            tlbTest(a, tl, memop, slow);
            String order = size == 1 ? "" : be ? "be" : "le";
            switch (size) {
                case 1 -> mv.visitMethodInsn(INVOKESTATIC, MEM, "ld8", "(J)I", false);
                case 2 -> mv.visitMethodInsn(INVOKESTATIC, MEM, "ld16" + order, "(J)I", false);
                case 4 -> mv.visitMethodInsn(INVOKESTATIC, MEM, "ld32" + order, "(J)I", false);
                default -> mv.visitMethodInsn(INVOKESTATIC, MEM, "ld64" + order, "(J)J", false);
            }
            if (size < 8) {
                if (signed && size == 1) {
                    mv.visitInsn(I2B);
                } else if (signed && size == 2) {
                    mv.visitInsn(I2S);
                }
                if (w) {
                    mv.visitInsn(I2L);
                    if (size == 4 && !signed) {
                        mv.visitLdcInsn(0xffffffffL);
                        mv.visitInsn(LAND);
                    }
                }
            }
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(slow);
            setCurInsn(insnIndex);
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitVarInsn(LLOAD, a);
            pushLong(memop);
            mv.visitMethodInsn(INVOKESTATIC, SOFTMMU, "loadSlow", "(" + CPU_DESC + "JJ)J", false);
            if (!w) {
                mv.visitInsn(L2I);
            }
            mv.visitLabel(done);
            if (predicated) {
                Label end = new Label();
                mv.visitJumpInsn(GOTO, end);
                mv.visitLabel(skip);
                mv.visitInsn(w ? LCONST_0 : ICONST_0);
                mv.visitLabel(end);
            }
            define(in);
        }

        /** A STORE, or a STORE_IF: the same access behind a test of its predicate. */
        private void store(Inst in, int insnIndex) {
            long memop = in.imm;
            int size = MemOp.size(memop);
            boolean be = MemOp.bigEndian(memop);
            boolean predicated = in.op == Op.STORE_IF;
            Label done = new Label();
            if (predicated) {
                load(in.args[0]);
                mv.visitJumpInsn(IFEQ, done);
            }
            Inst value = in.args[predicated ? 2 : 1];
            int a = addrLocal(in.args[predicated ? 1 : 0]);
            int tl = tlbLocal.get(MemOp.mmuIdx(memop));
            Label slow = new Label();
            tlbTest(a, tl + 1, memop, slow);
            load(value);
            String order = size == 1 ? "" : be ? "be" : "le";
            if (size == 8) {
                if (value.type == Type.I32) {
                    mv.visitInsn(I2L);
                }
                mv.visitMethodInsn(INVOKESTATIC, MEM, "st64" + order, "(JJ)V", false);
            } else {
                if (value.type == Type.I64) {
                    mv.visitInsn(L2I);
                }
                mv.visitMethodInsn(INVOKESTATIC, MEM, "st" + (size * 8) + order, "(JI)V", false);
            }
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(slow);
            setCurInsn(insnIndex);
            mv.visitVarInsn(ALOAD, L_CPU);
            mv.visitVarInsn(LLOAD, a);
            load(value);
            if (value.type == Type.I32) {
                mv.visitInsn(I2L);
            }
            pushLong(memop);
            mv.visitMethodInsn(INVOKESTATIC, SOFTMMU, "storeSlow", "(" + CPU_DESC + "JJJ)V", false);
            mv.visitLabel(done);
        }

        private void call(Inst in, int insnIndex) {
            Helper h = in.helper;
            if (h.readsState()) {
                writeBack();
            }
            if (h.readsState() || h.mayFault() || (h.effects & Helper.SIDE_EFFECT) != 0) {
                setCurInsn(insnIndex);
            }
            mv.visitVarInsn(ALOAD, L_CPU);
            String cpuType = org.objectweb.asm.Type.getInternalName(h.method.getParameterTypes()[0]);
            if (!cpuType.equals(CPU)) {
                mv.visitTypeInsn(CHECKCAST, cpuType);
            }
            for (Inst a : in.args) {
                load(a);
            }
            mv.visitMethodInsn(INVOKESTATIC, org.objectweb.asm.Type.getInternalName(h.method.getDeclaringClass()),
                    h.method.getName(), org.objectweb.asm.Type.getMethodDescriptor(h.method), false);
            if (in.type != Type.VOID) {
                define(in);
            }
            if (h.writesState()) {
                reloadRegs();
            }
        }
    }
}
