package org.jemu.x86.translate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jemu.translator.exec.GuestFault;
import org.jemu.translator.exec.GuestLog;
import org.jemu.translator.ir.ExitReason;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;
import org.jemu.translator.memory.SoftMmu;
import org.jemu.x86.cpu.X86Cpu;
import org.jemu.x86.cpu.X86CpuModel;
import org.jemu.x86.cpu.X86Flags;
import org.jemu.x86.cpu.X86Helpers;
import org.jemu.x86.decode.ByteFetcher;
import org.jemu.x86.decode.EffectiveAddress;
import org.jemu.x86.decode.OperandSpec;
import org.jemu.x86.decode.X86Decoder;
import org.jemu.x86.decode.X86Insn;

/**
 * Translates IA-32 guest code (SDM Vol. 2, the integer instructions of the i686 in 16- and 32-bit operand
 * and address sizes) into IR blocks.
 *
 * <p>A block starts at a linear PC and ends after a control transfer, an instruction that may change the
 * CPU mode bits (segment loads in protected mode, POPF, far transfers), a REP string instruction (which
 * loops through the dispatcher one helper call at a time), after {@code maxInsns} instructions, or before
 * the first instruction that starts on another 4 KiB page (an instruction may cross into the next page).
 *
 * <p>Decoding is {@link X86Decoder}; the instruction's handler is looked up by the opcode-map mnemonic in
 * {@link #HANDLERS}, filled by the handler classes grouped as the SDM Vol. 1 chapter 7 groups the
 * instructions ({@link DataTransfer}, {@link BinaryArithmetic}, {@link LogicalShiftRotate}, {@link BitByte},
 * {@link ControlTransfer}, {@link StringInsns}, {@link FlagControl}, {@link Misc}).
 *
 * <p>Precise faults: handlers emit loads and stores (and helpers that may fault) as they go, but writes to
 * registers and flags are queued ({@link #writeReg}, {@link #setFlagsOp}) and emitted after the handler
 * returns, so a fault leaves the registers as after the previous instruction.
 */
public final class X86Translator {
    /** Emits the IR of one instruction. */
    @FunctionalInterface
    public interface Handler {
        void emit(X86Translator t);
    }

    /** Handlers by opcode-map mnemonic (as in {@link org.jemu.x86.decode.OpcodeEntry#mnemonic()}). */
    static final Map<String, Handler> HANDLERS = new HashMap<>();

    static {
        DataTransfer.register(HANDLERS);
        BinaryArithmetic.register(HANDLERS);
        LogicalShiftRotate.register(HANDLERS);
        BitByte.register(HANDLERS);
        ControlTransfer.register(HANDLERS);
        StringInsns.register(HANDLERS);
        FlagControl.register(HANDLERS);
        Misc.register(HANDLERS);
        X87Insns.register(HANDLERS);
        MmxInsns.register(HANDLERS);
    }

    /**
     * Instruction-set gates: the CPUID.1:EDX features ({@link X86CpuModel}) an instruction needs, by opcode-map
     * mnemonic. A model without them gets #UD for the instruction, as the older processor does (SDM Vol. 2
     * instruction pages, "CPUID Feature Flag" and the #UD conditions): RDTSC needs TSC, CMPXCHG8B CX8, CMOVcc
     * CMOV, FCMOVcc and FCOMI/FCOMIP/FUCOMI/FUCOMIP both FPU and CMOV, FXSAVE/FXRSTOR FXSR, the MMX
     * instructions MMX. Mnemonics not
     * listed exist on every model (the 486's instruction set: CPUID, BSWAP, CMPXCHG, XADD, INVD, WBINVD,
     * INVLPG). RDMSR/WRMSR, SYSENTER/SYSEXIT and RDPMC have no handler yet (#UD on every model) and their
     * feature bits are not reported.
     */
    static final Map<String, Integer> REQUIRES = new HashMap<>();

    static {
        REQUIRES.put("RDTSC", X86CpuModel.FEATURE_TSC);
        REQUIRES.put("CMPXCHG8B", X86CpuModel.FEATURE_CX8);
        REQUIRES.put("FXSAVE", X86CpuModel.FEATURE_FXSR);
        REQUIRES.put("FXRSTOR", X86CpuModel.FEATURE_FXSR);
        for (String cc : org.jemu.x86.decode.OpcodeMaps.CC) {
            REQUIRES.put("CMOV" + cc, X86CpuModel.FEATURE_CMOV);
        }
        for (String m : List.of("FCMOVB", "FCMOVE", "FCMOVBE", "FCMOVU", "FCMOVNB", "FCMOVNE", "FCMOVNBE",
                "FCMOVNU", "FCOMI", "FCOMIP", "FUCOMI", "FUCOMIP")) {
            REQUIRES.put(m, X86CpuModel.FEATURE_FPU | X86CpuModel.FEATURE_CMOV);
        }
        MmxInsns.requires(REQUIRES);
    }

    /** The CPUID.1:EDX features {@code mnemonic} needs (0: every model has it). */
    public static int requires(String mnemonic) {
        return REQUIRES.getOrDefault(mnemonic, 0);
    }

    /** True if the translator has a handler for the mnemonic (for the fuzzer and coverage tests). */
    public static boolean handles(String mnemonic) {
        return HANDLERS.containsKey(mnemonic);
    }

    private static final X86Decoder DECODER = new X86Decoder();
    private static final long PAGE_MASK = -4096L;

    // ---- per-block state ----------------------------------------------------------------------------------
    public final IrBuilder b;
    /** The tbFlags of the block. */
    public final long flags;
    /** CS.base (from the flags). */
    public final long csBase;
    public final boolean pe;
    public final boolean vm;
    public final int cpl;
    /** Stack address size 32 (SS.B). */
    public final boolean ss32;
    /** MMU index of data accesses. */
    public final int mmuIdx;
    /** EFLAGS.TF: one instruction per block, followed by a single-step trap. */
    public final boolean tf;
    /** The CPU model's CPUID.1:EDX features: instructions needing others raise #UD ({@link #REQUIRES}). */
    public final int features;

    // ---- per-instruction state --------------------------------------------------------------------------
    /** The instruction being translated. */
    public X86Insn insn;
    /** Linear address of its first byte. */
    public long pc;
    /** Linear address of the next instruction. */
    public long nextPc;
    /** Operand size (16/32) and address size (16/32) of the instruction. */
    public int opSize;
    public int addrSize;

    /** Queued register writes of the current instruction. */
    private final List<Object[]> pending = new ArrayList<>();
    /** Current stack pointer within the instruction (masked to the stack size), or null. */
    private Inst stackPtr;
    /** Value to use for ESP in effective addresses (POP Ev after the increment), or null. */
    Inst espForEa;

    // ---- lazy flags known at translation time ------------------------------------------------------------
    /** CC_OP set by an earlier instruction of this block, or -1 if only the slot knows. */
    private int ccStatic = -1;
    private Inst ccDst;
    private Inst ccSrc1;
    private Inst ccSrc2;

    private X86Translator(long pc, long flags, int features) {
        this.features = features;
        this.b = new IrBuilder(pc, flags);
        this.flags = flags;
        this.csBase = flags >>> X86Cpu.FLAG_CSBASE_SHIFT;
        this.pe = (flags & X86Cpu.FLAG_PE) != 0;
        this.vm = (flags & X86Cpu.FLAG_VM) != 0;
        this.cpl = (int) (flags >>> X86Cpu.FLAG_CPL_SHIFT) & 3;
        this.ss32 = (flags & X86Cpu.FLAG_SS32) != 0;
        this.mmuIdx = X86Cpu.dataMmuIdx(flags);
        this.tf = (flags & X86Cpu.FLAG_TF) != 0;
    }

    /**
     * Translates the block at linear {@code pc}, fetching through the CPU's soft-MMU.
     *
     * @throws GuestFault if fetching the first instruction faults
     */
    public static IrBlock translate(X86Cpu cpu, long pc, long flags, int maxInsns) {
        int mmu = cpu.fetchMmuIdx(flags);
        return translate(pc, flags, maxInsns, cpu.model.features(),
                a -> SoftMmu.fetch(cpu, a & 0xFFFF_FFFFL, 1, false, mmu));
    }

    /** Translates the block at linear {@code pc} with bytes from {@code fetcher}, for the default model (tests). */
    public static IrBlock translate(long pc, long flags, int maxInsns, ByteFetcher fetcher) {
        return translate(pc, flags, maxInsns, X86CpuModel.QEMU32.features(), fetcher);
    }

    /** Translates the block at linear {@code pc} with bytes from {@code fetcher} for a model's {@code features}. */
    public static IrBlock translate(long pc, long flags, int maxInsns, int features, ByteFetcher fetcher) {
        X86Translator t = new X86Translator(pc, flags, features);
        int limit = t.tf ? 1 : Math.max(1, maxInsns);
        int defSize = (flags & X86Cpu.FLAG_CS32) != 0 ? 32 : 16;
        long cur = pc;
        for (int n = 0; ; n++) {
            if (n > 0 && (n >= limit && !(t.tf && t.inhibitTrap) || (cur & PAGE_MASK) != (pc & PAGE_MASK))) {
                t.b.setEndPc(cur);
                t.stepTrap();
                t.b.jump(cur);
                break;
            }
            X86Insn insn;
            try {
                insn = DECODER.decode(fetcher, cur, defSize);
            } catch (GuestFault f) {
                if (n == 0) {
                    throw f;
                }
                t.b.setEndPc(cur);
                t.b.jump(cur);
                break;
            }
            if (GuestLog.on(GuestLog.IN_ASM)) {
                GuestLog.log(String.format("0x%08x: %s", cur, insn));
            }
            t.b.insnStart(cur);
            t.translateOne(insn);
            cur = (cur + insn.length()) & 0xFFFF_FFFFL;
            t.b.setEndPc(cur);
            if (t.b.isTerminated()) {
                break;
            }
        }
        return t.b.finish();
    }

    private void translateOne(X86Insn in) {
        this.insn = in;
        this.pc = in.address();
        this.nextPc = (pc + in.length()) & 0xFFFF_FFFFL;
        this.opSize = in.opSize();
        this.addrSize = in.addrSize();
        this.stackPtr = null;
        this.espForEa = null;
        this.inhibitTrap = false;
        pending.clear();
        if (in.fault() == X86Insn.Fault.GP) {
            raise(X86Cpu.EXC_GP, 0);
            return;
        }
        if (!in.ok()) {
            raise(X86Cpu.EXC_UD, -1);
            return;
        }
        String mnemonic = in.entry().mnemonic();
        Handler h = HANDLERS.get(mnemonic);
        int need = requires(mnemonic);
        if (h == null || (features & need) != need) {
            if (GuestLog.on(GuestLog.UNIMP)) {
                GuestLog.log(String.format("x86: unimplemented instruction at 0x%x: %s", pc, in));
            }
            raise(X86Cpu.EXC_UD, -1);
            return;
        }
        h.emit(this);
        if (!b.isTerminated()) {
            flush();
        }
    }

    // ---- helpers (org.jemu.x86.cpu.X86Helpers) ---------------------------------------------------------------

    private static final Map<String, Helper> HELPERS = new HashMap<>();

    /** The helper {@code X86Helpers.name} with {@code effects}. */
    public static synchronized Helper helper(String name, int effects) {
        return HELPERS.computeIfAbsent(name + "/" + effects, k -> Helper.of(X86Helpers.class, name, effects));
    }

    /** Raises exception {@code vector} (error code, or -1) and ends the block. */
    public void raise(int vector, int errorCode) {
        b.call(helper("raise", Helper.MAY_FAULT), b.c32(vector), b.c32(errorCode));
        b.exit(pc, ExitReason.EXCEPTION);
    }

    /** Ends the block: #UD for the current instruction. */
    public void undefined() {
        raise(X86Cpu.EXC_UD, -1);
    }

    // ---- constants and types ---------------------------------------------------------------------------------

    public Inst c(int v) {
        return b.c32(v);
    }

    public static int mask(int bits) {
        return bits == 32 ? -1 : (1 << bits) - 1;
    }

    /** {@code v} masked to {@code bits}. */
    public Inst trunc(Inst v, int bits) {
        return bits == 32 ? v : b.and(v, c(mask(bits)));
    }

    /** {@code v} (low {@code bits} valid) sign-extended to 32 bits. */
    public Inst sext(Inst v, int bits) {
        return switch (bits) {
            case 8 -> b.unary(Op.SEXT8, v);
            case 16 -> b.unary(Op.SEXT16, v);
            default -> v;
        };
    }

    /** Sign bit of a {@code bits}-wide value as 0/1. */
    public Inst msb(Inst v, int bits) {
        return b.and(b.lshr(v, c(bits - 1)), c(1));
    }

    // ---- general registers (SDM Vol. 1 3.4.1; 8-bit AL CL DL BL AH CH DH BH) ------------------------------------

    /** Reads general register {@code r} as a {@code bits}-wide value, zero-extended to I32. */
    public Inst readReg(int r, int bits) {
        if (bits == 8) {
            Inst v = b.get32(X86Cpu.EAX + (r & 3));
            return r < 4 ? b.and(v, c(0xFF)) : b.and(b.lshr(v, c(8)), c(0xFF));
        }
        Inst v = b.get32(X86Cpu.EAX + r);
        return bits == 16 ? b.and(v, c(0xFFFF)) : v;
    }

    /** Queues a write of {@code v} (low {@code bits}) to general register {@code r}; upper bits are kept. */
    public void writeReg(int r, int bits, Inst v) {
        pending.add(new Object[] {r, bits, v});
    }

    /** Queues a write of a whole state slot (EFLAGS, segment slots ...). */
    public void writeSlot(int slot, Inst v) {
        pending.add(new Object[] {-1 - slot, 0, v});
    }

    /** Emits the queued register writes (stack pointer first), in order. Called after the handler. */
    void flush() {
        if (stackPtr != null) {
            emitRegWrite(X86Cpu.ESP, ss32 ? 32 : 16, stackPtr);
            stackPtr = null;
        }
        for (Object[] p : pending) {
            int r = (Integer) p[0];
            Inst v = (Inst) p[2];
            if (r < 0) {
                b.setReg(-1 - r, v);
            } else {
                emitRegWrite(r, (Integer) p[1], v);
            }
        }
        pending.clear();
    }

    private void emitRegWrite(int r, int bits, Inst v) {
        switch (bits) {
            case 32 -> b.setReg(X86Cpu.EAX + r, v);
            case 16 -> {
                Inst old = b.get32(X86Cpu.EAX + r);
                b.setReg(X86Cpu.EAX + r, b.or(b.and(old, c(0xFFFF_0000)), b.and(v, c(0xFFFF))));
            }
            default -> {
                int slot = X86Cpu.EAX + (r & 3);
                Inst old = b.get32(slot);
                if (r < 4) {
                    b.setReg(slot, b.or(b.and(old, c(0xFFFF_FF00)), b.and(v, c(0xFF))));
                } else {
                    b.setReg(slot, b.or(b.and(old, c(0xFFFF_00FF)), b.shl(b.and(v, c(0xFF)), c(8))));
                }
            }
        }
    }

    // ---- segments and memory (SDM Vol. 3A 3.4; Vol. 2 2.1.5 addressing) ------------------------------------------

    /** True if accesses through segment {@code seg} need {@link X86Helpers#checkSegment}. */
    public boolean segChecked(int seg) {
        return (flags & (1L << (X86Cpu.FLAG_SEGCHK_SHIFT + seg))) != 0;
    }

    /** The base of segment {@code seg} (I32). */
    public Inst segBase(int seg) {
        if (seg == X86Cpu.CS) {
            return c((int) csBase);
        }
        if (!segChecked(seg)) {
            return c(0);
        }
        return b.get32(X86Cpu.SEG_BASE + seg);
    }

    /** The offset part of memory operand {@code ea} (I32, wrapped to the address size). */
    public Inst offset(EffectiveAddress ea) {
        Inst o = c((int) ea.displacement());
        if (ea.base() != EffectiveAddress.NONE) {
            o = b.add(o, regForEa(ea.base(), ea.addrSize()));
        }
        if (ea.index() != EffectiveAddress.NONE) {
            Inst x = regForEa(ea.index(), ea.addrSize());
            if (ea.scale() > 1) {
                x = b.shl(x, c(Integer.numberOfTrailingZeros(ea.scale())));
            }
            o = b.add(o, x);
        }
        return trunc(o, ea.addrSize());
    }

    private Inst regForEa(int r, int size) {
        if (r == X86Cpu.ESP && espForEa != null) {
            return size == 16 ? b.and(espForEa, c(0xFFFF)) : espForEa;
        }
        return readReg(r, size);
    }

    /**
     * The linear address (I64) of {@code offset} in segment {@code seg} for an access of {@code bytes}
     * bytes, after the segment checks (limit and type) when the segment is not flat.
     */
    public Inst linear(int seg, Inst offset, int bytes, boolean write) {
        if (segChecked(seg) || (seg == X86Cpu.CS && pe && !vm)) {
            b.call(helper("checkSegment", Helper.MAY_FAULT), c(seg), offset, c(bytes | (write ? 0x100 : 0)));
        }
        Inst lin = seg == X86Cpu.CS && csBase == 0 || seg != X86Cpu.CS && !segChecked(seg) ? offset
                : b.add(segBase(seg), offset);
        return b.zext32(lin);
    }

    /** A memory operand of the instruction. */
    public final class Mem {
        public final int seg;
        public final Inst offset;

        Mem(int seg, Inst offset) {
            this.seg = seg;
            this.offset = offset;
        }

        public Inst addr(int bytes, boolean write) {
            return linear(seg, offset, bytes, write);
        }
    }

    /** The instruction's ModRM/moffs memory operand. */
    public Mem mem() {
        EffectiveAddress ea = insn.ea();
        return new Mem(ea.segment(), offset(ea));
    }

    /**
     * The memory operand part at {@code disp} bytes after the start of the instruction's operand (far pointers,
     * BOUND, LGDT/LIDT/SGDT/SIDT): offset = EA + disp, 32-bit. Only the effective address itself wraps at the
     * address size; the later bytes of an operand that starts just below 64 KiB with a 16-bit address size are
     * at offsets 10000h and up, not wrapped to 0 (SDM Vol. 3 "Architecture Compatibility", "Segment
     * Wraparound": such an access exceeds a 64 KiB limit and raises #GP/#SS; with a larger limit it reads past
     * 0FFFFh).
     */
    public Mem memPlus(int disp) {
        EffectiveAddress ea = insn.ea();
        return new Mem(ea.segment(), b.add(offset(ea), c(disp)));
    }

    public long memop(int bytes) {
        return MemOp.of(bytes, false, false, mmuIdx);
    }

    /** Loads {@code bits} from linear {@code addr}, zero-extended to I32. */
    public Inst load(Inst addr, int bits) {
        return b.load(Type.I32, addr, memop(bits / 8));
    }

    public void store(Inst addr, Inst v, int bits) {
        b.store(addr, v, memop(bits / 8));
    }

    // ---- operands (E, G, Z, immediates) ----------------------------------------------------------------------

    /** An r/m operand: a register or a memory location with its (checked) address. */
    public final class Rm {
        public final boolean isMem;
        public final int reg;
        public final int bits;
        private Inst addr;
        private final boolean write;

        Rm(boolean isMem, int reg, int bits, boolean write) {
            this.isMem = isMem;
            this.reg = reg;
            this.bits = bits;
            this.write = write;
        }

        Inst addr() {
            if (addr == null) {
                addr = mem().addr(bits / 8, write);
            }
            return addr;
        }

        public Inst read() {
            return isMem ? load(addr(), bits) : readReg(reg, bits);
        }

        public void write(Inst v) {
            if (isMem) {
                store(addr(), v, bits);
            } else {
                writeReg(reg, bits, v);
            }
        }
    }

    /** The ModRM r/m operand of {@code bits}; {@code write} if the instruction writes it. */
    public Rm rm(int bits, boolean write) {
        return new Rm(insn.mod() != 3, insn.rm(), bits, write);
    }

    /** ModRM.reg. */
    public int reg() {
        return insn.reg();
    }

    /** Operand size in bits of operand {@code i} of the entry (b = 8, w = 16, v/z = operand size, d = 32). */
    public int operandBits(int i) {
        OperandSpec o = insn.entry().operands().get(i);
        if (o.method() == 0) {
            return switch (o.text()) {
                case "AL", "CL", "DL", "BL", "AH", "CH", "DH", "BH", "1" -> 8;
                case "AX", "DX" -> 16;
                default -> opSize;
            };
        }
        return switch (o.type()) {
            case "b" -> 8;
            case "w" -> 16;
            case "d" -> 32;
            default -> opSize;
        };
    }

    /** The first immediate as an I32 constant (already sign- or zero-extended by the decoder). */
    public Inst imm() {
        return c((int) insn.imm());
    }

    /** An operand of the instruction as its opcode-map code describes it. */
    public interface Opnd {
        Inst read();

        void write(Inst v);

        int bits();
    }

    private Opnd regOpnd(int r, int bits) {
        return new Opnd() {
            public Inst read() {
                return readReg(r, bits);
            }

            public void write(Inst v) {
                writeReg(r, bits, v);
            }

            public int bits() {
                return bits;
            }
        };
    }

    /**
     * Operand {@code i} of the instruction's opcode-map entry (SDM Vol. 2 A.2 codes E G Z I M and the fixed
     * registers AL CL DX rAX eAX AX, and the constant 1); {@code write} if the instruction writes it.
     */
    public Opnd operand(int i, boolean write) {
        OperandSpec o = insn.entry().operands().get(i);
        int bits = operandBits(i);
        switch (o.method()) {
            case 'E', 'M', 'O' -> {
                Rm r = rm(bits, write);
                return new Opnd() {
                    public Inst read() {
                        return r.read();
                    }

                    public void write(Inst v) {
                        r.write(v);
                    }

                    public int bits() {
                        return bits;
                    }
                };
            }
            case 'G' -> {
                return regOpnd(reg(), bits);
            }
            case 'Z' -> {
                return regOpnd(insn.opcodeReg(), bits);
            }
            case 'I' -> {
                Inst v = imm();
                return new Opnd() {
                    public Inst read() {
                        return v;
                    }

                    public void write(Inst x) {
                        throw new IllegalStateException("write to an immediate");
                    }

                    public int bits() {
                        return bits;
                    }
                };
            }
            default -> {
            }
        }
        return switch (o.text()) {
            case "AL" -> regOpnd(0, 8);
            case "CL" -> regOpnd(1, 8);
            case "DX" -> regOpnd(2, 16);
            case "AX" -> regOpnd(0, 16);
            case "rAX", "eAX" -> regOpnd(0, opSize);
            case "1" -> new Opnd() {
                public Inst read() {
                    return c(1);
                }

                public void write(Inst v) {
                    throw new IllegalStateException("write to a constant");
                }

                public int bits() {
                    return 8;
                }
            };
            default -> throw new IllegalStateException("operand " + o + " of " + insn);
        };
    }

    /** The value of operand {@code i} if it is an immediate or the constant 1, else null. */
    public Long constOperand(int i) {
        OperandSpec o = insn.entry().operands().get(i);
        if (o.method() == 'I') {
            return insn.imm();
        }
        return o.text().equals("1") ? 1L : null;
    }

    /** Number of operands of the entry. */
    public int operandCount() {
        return insn.entry().operands().size();
    }

    // ---- stack (SDM Vol. 1 6.2; SS.B selects SP or ESP) ------------------------------------------------------

    /** The stack pointer as it is at this point of the instruction (I32, masked to the stack size). */
    public Inst sp() {
        if (stackPtr == null) {
            Inst v = b.get32(X86Cpu.ESP);
            stackPtr = ss32 ? v : b.and(v, c(0xFFFF));
        }
        return stackPtr;
    }

    /** Sets the stack pointer value (written back at the end of the instruction). */
    public void setSp(Inst v) {
        stackPtr = ss32 ? v : b.and(v, c(0xFFFF));
    }

    /** The full 32-bit ESP value after the stack operations so far (upper half kept for a 16-bit stack). */
    public Inst espAfter() {
        Inst s = sp();
        if (ss32) {
            return s;
        }
        return b.or(b.and(b.get32(X86Cpu.ESP), c(0xFFFF_0000)), s);
    }

    public Inst stackAddr(Inst spVal, int bytes, boolean write) {
        return linear(X86Cpu.SS, spVal, bytes, write);
    }

    /** Pushes the low {@code bits} of {@code v}. */
    public void push(Inst v, int bits) {
        Inst nsp = sp();
        nsp = b.sub(nsp, c(bits / 8));
        if (!ss32) {
            nsp = b.and(nsp, c(0xFFFF));
        }
        store(stackAddr(nsp, bits / 8, true), v, bits);
        stackPtr = nsp;
    }

    /** Pops {@code bits} (zero-extended I32). */
    public Inst pop(int bits) {
        Inst s = sp();
        Inst v = load(stackAddr(s, bits / 8, false), bits);
        Inst nsp = b.add(s, c(bits / 8));
        stackPtr = ss32 ? nsp : b.and(nsp, c(0xFFFF));
        return v;
    }

    /** Reads {@code bits} at stack offset {@code spVal + disp} without moving the stack pointer. */
    public Inst peek(Inst spVal, int bits) {
        return load(stackAddr(spVal, bits / 8, false), bits);
    }

    // ---- lazy flags -----------------------------------------------------------------------------------------

    /**
     * Sets the pending flag operation (queued with the register writes): {@code kind} of {@link X86Flags},
     * operand size {@code bits}, result and operands (masked to {@code bits} here).
     */
    public void setFlagsOp(int kind, int bits, Inst dst, Inst src1, Inst src2) {
        int code = X86Flags.code(kind, bits);
        dst = trunc(dst, bits);
        src1 = src1 == null ? c(0) : trunc(src1, bits);
        src2 = src2 == null ? c(0) : trunc(src2, bits);
        writeSlot(X86Cpu.CC_OP, c(code));
        writeSlot(X86Cpu.CC_DST, dst);
        writeSlot(X86Cpu.CC_SRC1, src1);
        writeSlot(X86Cpu.CC_SRC2, src2);
        ccStatic = code;
        ccDst = dst;
        ccSrc1 = src1;
        ccSrc2 = src2;
    }

    /**
     * Sets the pending flag operation only if {@code cond} (I32) is non-zero, else keeps the current one
     * (shifts by a count of 0 leave the flags alone).
     */
    public void setFlagsOpIf(Inst cond, int kind, int bits, Inst dst, Inst src1, Inst src2) {
        Inst[] old = ccValues();
        int code = X86Flags.code(kind, bits);
        dst = trunc(dst, bits);
        src1 = src1 == null ? c(0) : trunc(src1, bits);
        src2 = src2 == null ? c(0) : trunc(src2, bits);
        writeSlot(X86Cpu.CC_OP, b.select(cond, c(code), old[0]));
        writeSlot(X86Cpu.CC_DST, b.select(cond, dst, old[1]));
        writeSlot(X86Cpu.CC_SRC1, b.select(cond, src1, old[2]));
        writeSlot(X86Cpu.CC_SRC2, b.select(cond, src2, old[3]));
        ccStatic = -1;
    }

    /** The current CC_OP, CC_DST, CC_SRC1, CC_SRC2 values. */
    private Inst[] ccValues() {
        if (ccStatic >= 0 && ccStatic != X86Flags.EFLAGS) {
            return new Inst[] {c(ccStatic), ccDst, ccSrc1, ccSrc2};
        }
        return new Inst[] {b.get32(X86Cpu.CC_OP), b.get32(X86Cpu.CC_DST), b.get32(X86Cpu.CC_SRC1),
                b.get32(X86Cpu.CC_SRC2)};
    }

    /** The full EFLAGS value with the status flags materialised (I32). */
    public Inst eflags() {
        if (ccStatic == X86Flags.EFLAGS) {
            return b.get32(X86Cpu.EFLAGS);
        }
        Inst[] v = ccValues();
        return b.call(helper("computeFlags", 0), v[0], v[1], v[2], v[3], b.get32(X86Cpu.EFLAGS));
    }

    /** Queues a write of the whole EFLAGS (status flags materialised). */
    public void setEflags(Inst v) {
        writeSlot(X86Cpu.EFLAGS, v);
        writeSlot(X86Cpu.CC_OP, c(X86Flags.EFLAGS));
        ccStatic = X86Flags.EFLAGS;
    }

    /** Forgets what is known about the flags (after a helper that wrote them). */
    public void flagsUnknown() {
        ccStatic = -1;
    }

    /** CF as 0/1. */
    public Inst carry() {
        if (ccStatic >= 0) {
            int kind = X86Flags.kind(ccStatic);
            int bits = X86Flags.bits(ccStatic);
            switch (kind) {
                case X86Flags.SUB -> {
                    return b.cmp(Op.ULT, ccSrc1, ccSrc2);
                }
                case X86Flags.ADD -> {
                    return b.cmp(Op.ULT, ccDst, ccSrc1);
                }
                case X86Flags.LOGIC -> {
                    return c(0);
                }
                case X86Flags.INC, X86Flags.DEC -> {
                    return ccSrc2;
                }
                case X86Flags.SHR -> {
                    return b.and(ccSrc2, c(1));
                }
                case X86Flags.SHL -> {
                    return msb(ccSrc2, bits);
                }
                default -> {
                }
            }
        }
        return b.and(eflags(), c(1));
    }

    /**
     * Condition {@code cc} (SDM Vol. 1 Table B-1 encoding: O NO B AE E NE BE A S NS P NP L GE LE G) as 0/1,
     * computed from the pending operation without materialising EFLAGS when the operation is known.
     */
    public Inst cond(int cc) {
        Inst r = condBase(cc >> 1);
        return (cc & 1) != 0 ? b.xor(r, c(1)) : r;
    }

    private Inst condBase(int c2) {
        if (ccStatic >= 0 && ccStatic != X86Flags.EFLAGS) {
            int kind = X86Flags.kind(ccStatic);
            int bits = X86Flags.bits(ccStatic);
            Inst zero = c(0);
            if (kind == X86Flags.SUB) {
                switch (c2) {
                    case 1 -> {
                        return b.cmp(Op.ULT, ccSrc1, ccSrc2);
                    }
                    case 2 -> {
                        return b.cmp(Op.EQ, ccSrc1, ccSrc2);
                    }
                    case 3 -> {
                        return b.cmp(Op.ULE, ccSrc1, ccSrc2);
                    }
                    case 4 -> {
                        return b.cmp(Op.SLT, sext(ccDst, bits), zero);
                    }
                    case 6 -> {
                        return b.cmp(Op.SLT, sext(ccSrc1, bits), sext(ccSrc2, bits));
                    }
                    case 7 -> {
                        return b.cmp(Op.SLE, sext(ccSrc1, bits), sext(ccSrc2, bits));
                    }
                    default -> {
                    }
                }
            } else if (kind == X86Flags.LOGIC) {
                switch (c2) {
                    case 0, 1 -> {
                        return zero;
                    }
                    case 2, 3 -> {
                        return b.cmp(Op.EQ, ccDst, zero);
                    }
                    case 4, 6 -> {
                        return b.cmp(Op.SLT, sext(ccDst, bits), zero);
                    }
                    case 7 -> {
                        return b.cmp(Op.SLE, sext(ccDst, bits), zero);
                    }
                    default -> {
                    }
                }
            } else if (c2 == 2) {
                return b.cmp(Op.EQ, ccDst, zero);
            } else if (c2 == 4) {
                return b.cmp(Op.SLT, sext(ccDst, bits), zero);
            } else if (c2 == 1 && (kind == X86Flags.ADD || kind == X86Flags.INC || kind == X86Flags.DEC
                    || kind == X86Flags.SHR || kind == X86Flags.SHL)) {
                return carry();
            }
        }
        Inst f = eflags();
        Inst one = c(1);
        return switch (c2) {
            case 0 -> b.and(b.lshr(f, c(11)), one);
            case 1 -> b.and(f, one);
            case 2 -> b.and(b.lshr(f, c(6)), one);
            case 3 -> b.and(b.or(b.lshr(f, c(6)), f), one);
            case 4 -> b.and(b.lshr(f, c(7)), one);
            case 5 -> b.and(b.lshr(f, c(2)), one);
            case 6 -> b.and(b.xor(b.lshr(f, c(7)), b.lshr(f, c(11))), one);
            default -> b.and(b.or(b.xor(b.lshr(f, c(7)), b.lshr(f, c(11))), b.lshr(f, c(6))), one);
        };
    }

    // ---- control flow -----------------------------------------------------------------------------------------

    /** The EIP of the next instruction (I32 constant). */
    public int nextEip() {
        return (int) (nextPc - csBase);
    }

    /** Linear address of {@code eip} in CS (wrapped to 32 bits). */
    public long linearOf(long eip) {
        return (csBase + (eip & 0xFFFF_FFFFL)) & 0xFFFF_FFFFL;
    }

    /** The target EIP of a relative jump (wrapped to the operand size). */
    public long relTarget() {
        long eip = (nextEip() & 0xFFFF_FFFFL) + insn.imm();
        return opSize == 16 ? eip & 0xFFFF : eip & 0xFFFF_FFFFL;
    }

    /** Ends the block with a jump to EIP {@code eipValue} (I32, already wrapped). */
    public void jumpToEip(Inst eipValue) {
        Inst lin = csBase == 0 ? eipValue : b.add(c((int) csBase), eipValue);
        jumpIndirect(b.zext32(lin));
    }

    /**
     * Set by MOV SS and POP SS: they inhibit interrupts and debug exceptions until after the next
     * instruction (SDM Vol. 3A 6.8.3 "Masking Exceptions and Interrupts When Switching Stacks"), so no
     * single-step trap follows them.
     */
    boolean inhibitTrap;

    /** Under EFLAGS.TF: marks the single-step trap due after this instruction. */
    private void stepTrap() {
        if (tf && !inhibitTrap) {
            b.call(helper("singleStepTrap", Helper.SIDE_EFFECT));
        }
    }

    /** Ends the block with a direct jump to linear {@code target} (after the queued writes). */
    public void jump(long target) {
        flush();
        stepTrap();
        b.jump(target);
    }

    /** Ends the block: to linear {@code taken} if {@code cond} else {@code notTaken}. */
    public void branch(Inst cond, long taken, long notTaken) {
        flush();
        stepTrap();
        b.branch(cond, taken, notTaken);
    }

    /** Ends the block with a jump to the linear address in {@code target} (I64). */
    public void jumpIndirect(Inst target) {
        flush();
        stepTrap();
        b.jumpIndirect(target);
    }

    /** Ends the block, returning to the loop at linear {@code next} so it re-evaluates the mode and interrupts. */
    public void exitTo(long next, int reason) {
        flush();
        stepTrap();
        b.exit(next, reason);
    }

    /** Ends the block with the PC already written (to the PC slot), returning to the loop. */
    public void exitState(int reason) {
        flush();
        stepTrap();
        b.exitState(reason);
    }
}
