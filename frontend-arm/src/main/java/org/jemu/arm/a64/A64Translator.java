package org.jemu.arm.a64;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.backend.SizeEstimate;
import org.jemu.translator.decode.DecodeTable;
import org.jemu.translator.exec.GuestFault;
import org.jemu.translator.exec.GuestLog;
import org.jemu.translator.ir.ExitReason;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;
import org.jemu.translator.memory.SoftMmu;

/**
 * Translates A64 guest code (Arm ARM DDI 0487, chapter C6, base instructions) into IR blocks.
 *
 * <p>A block starts at a guest virtual PC and runs until an instruction that ends it (a branch, an
 * exception-generating instruction, a system instruction that can change the translation regime or the
 * interrupt masks, an ISB), until {@code maxInsns} instructions, or until the end of the 4 KiB page (then
 * it jumps to the next PC, so a block never spans two pages). Instructions are 32-bit little-endian words
 * (instruction fetches are always little-endian in AArch64, whatever SCTLR.EE says).
 *
 * <p>Decoding goes through {@link A64DecodeTable}; each entry's {@link Handler} emits the IR of one
 * instruction through the operand helpers of this class ({@link #f}, {@link #readX}, {@link #writeX}, ...).
 * A handler returns false for a reserved encoding, which makes the instruction UNDEFINED; it must do so
 * before emitting anything with an effect (operand reads and pure computations are rolled back).
 *
 * <p>The translator is deterministic (same words and flags, same IR) and keeps per-block state only in the
 * instance, so it can be called from tests and the differential fuzzer with any {@link InsnFetcher}.
 */
public final class A64Translator {
    /** Emits the IR of one instruction; returns false if the encoding is reserved (UNDEFINED). */
    @FunctionalInterface
    public interface Handler {
        boolean emit(A64Translator t);
    }

    /** Reads the 32-bit instruction word at a guest virtual address; throws {@link GuestFault} on a fetch fault. */
    @FunctionalInterface
    public interface InsnFetcher {
        int fetch(long vaddr);
    }

    private static final long PAGE_MASK = -4096L;

    /** The IR under construction. Handlers emit into it. */
    public final IrBuilder b;
    /** The CPU mode bits (Aarch64Cpu tbFlags) the block assumes. */
    public final long flags;
    /** Guest virtual address of the instruction being translated. */
    public long pc;
    /** The instruction word being translated. */
    public int insn;
    private DecodeTable.Entry<Handler> entry;

    private A64Translator(long pc, long flags) {
        this.b = new IrBuilder(pc, flags);
        // Every PC-derived value goes through pcConst (ADR, ADRP, literal loads, BL/BLR links): blocks are
        // shared by every virtual address that maps their code (see IrBlock.pcRelative).
        this.b.setPcRelative();
        this.flags = flags;
    }

    /**
     * Translates the block at guest virtual {@code pc}, fetching instructions through the CPU's soft-MMU
     * (entry point of {@code Aarch64Cpu.translateBlock}).
     *
     * @param cpu      the CPU (its MMU and memory are used for instruction fetch only)
     * @param pc       guest virtual address of the first instruction (4-byte aligned)
     * @param flags    the tbFlags the block assumes
     * @param maxInsns upper bound on guest instructions (values below 1 count as 1)
     * @throws GuestFault if fetching the first instruction faults
     */
    public static IrBlock translate(Aarch64Cpu cpu, long pc, long flags, int maxInsns) {
        int mmuIdx = cpu.fetchMmuIdx(flags);
        return translate(pc, flags, maxInsns, va -> SoftMmu.fetch(cpu, va, 4, false, mmuIdx));
    }

    /**
     * Translates the block at guest virtual {@code pc} with instruction words from {@code fetcher} (tests,
     * fuzzing). Same contract as {@link #translate(Aarch64Cpu, long, long, int)}.
     */
    public static IrBlock translate(long pc, long flags, int maxInsns, InsnFetcher fetcher) {
        A64Translator t = new A64Translator(pc, flags);
        int limit = Math.max(1, maxInsns);
        long cur = pc;
        SizeEstimate.Running size = new SizeEstimate.Running();
        for (int n = 0; ; n++) {
            if (n > 0 && (n >= limit || (cur & PAGE_MASK) != (pc & PAGE_MASK))) {
                t.b.jump(cur);
                break;
            }
            int word;
            try {
                word = fetcher.fetch(cur);
            } catch (GuestFault f) {
                if (n == 0) {
                    throw f;
                }
                t.b.jump(cur);
                break;
            }
            if (GuestLog.on(GuestLog.IN_ASM)) {
                GuestLog.log(A64Disassembler.line(cur, word));
            }
            int mark = t.b.size();
            long markPc = t.b.lastInsnPc();
            t.b.insnStart(cur);
            t.translateOne(cur, word);
            int bytes = size.extend(t.b.view(), t.b.size());
            if (n > 0 && bytes > SizeEstimate.BLOCK_LIMIT) {
                // this instruction would make the block too large to compile: end the block before it
                t.b.truncateToInsnBoundary(mark, markPc);
                t.b.jump(cur);
                break;
            }
            if (t.b.isTerminated()) {
                break;
            }
            cur += 4;
        }
        return t.b.finish();
    }

    /** Decodes {@code word} at {@code insnPc} and emits its IR. */
    private void translateOne(long insnPc, int word) {
        this.pc = insnPc;
        this.insn = word;
        DecodeTable.Entry<Handler> e = A64DecodeTable.TABLE.decode(word);
        if (e == null) {
            undefined();
            return;
        }
        this.entry = e;
        int before = b.size();
        if (!e.handler.emit(this)) {
            if (b.size() != before) {
                try {
                    b.rollback(before);   // operand reads and pure computations only
                } catch (IllegalStateException ex) {
                    throw new IllegalStateException("handler " + e.name + " rejected 0x" + Integer.toHexString(word)
                            + " after emitting IR with effects", ex);
                }
            }
            undefined();
        }
    }

    // ---- fields of the current instruction ------------------------------------------------------------

    /** Unsigned field {@code letter} of the current instruction (see its pattern in {@link A64DecodeTable}). */
    public int f(char letter) {
        return entry.pattern.field(insn, letter);
    }

    /** Bits [hi:lo] of the current instruction word, unsigned. */
    public int bits(int hi, int lo) {
        return (insn >>> lo) & ((1 << (hi - lo + 1)) - 1);
    }

    /** Field {@code letter} sign-extended from its width. */
    public int sf(char letter) {
        return entry.pattern.signedField(insn, letter);
    }

    /** The {@code z} (sf) field as an IR type: I64 for X registers, I32 for W registers. */
    public Type regType() {
        return f('z') != 0 ? Type.I64 : Type.I32;
    }

    /** Guest virtual address of the next instruction. */
    public long nextPc() {
        return pc + 4;
    }

    // ---- registers (Arm ARM C1.2.5 register names; J1 X[] and SP[] pseudocode) --------------------------

    /** Reads general-purpose register {@code n} as {@code t}; register 31 reads as zero (XZR/WZR). */
    public Inst readX(int n, Type t) {
        return n == 31 ? b.constant(t, 0) : b.getReg(Aarch64Cpu.X0 + n, t);
    }

    /** Reads register {@code n} as {@code t}; register 31 is the current stack pointer (SP/WSP). */
    public Inst readXsp(int n, Type t) {
        return b.getReg(n == 31 ? Aarch64Cpu.SP : Aarch64Cpu.X0 + n, t);
    }

    /** Writes {@code v} to register {@code n} (I32 values zero-extend); writes to register 31 are discarded. */
    public void writeX(int n, Inst v) {
        if (n != 31) {
            b.setReg(Aarch64Cpu.X0 + n, v);
        }
    }

    /** Writes {@code v} to register {@code n}, where 31 is the current stack pointer. */
    public void writeXsp(int n, Inst v) {
        b.setReg(n == 31 ? Aarch64Cpu.SP : Aarch64Cpu.X0 + n, v);
    }

    /** A constant of type {@code t}. */
    public Inst c(Type t, long v) {
        return b.constant(t, v);
    }

    // ---- SIMD&FP registers (Arm ARM C1.2.5 V0..V31; J1 V[] pseudocode) ------------------------------

    /** Bits [63:0] of SIMD&FP register {@code n} (I64). */
    public Inst readVLo(int n) {
        return b.get64(Aarch64Cpu.V0 + 2 * n);
    }

    /** Bits [127:64] of SIMD&FP register {@code n} (I64). */
    public Inst readVHi(int n) {
        return b.get64(Aarch64Cpu.V0 + 2 * n + 1);
    }

    /** Writes all 128 bits of register {@code n} from two I64 halves. */
    public void writeV(int n, Inst lo, Inst hi) {
        b.setReg(Aarch64Cpu.V0 + 2 * n, lo);
        b.setReg(Aarch64Cpu.V0 + 2 * n + 1, hi);
    }

    /**
     * Writes a 64-bit (or narrower, already zero-extended) value to bits [63:0] of register {@code n} and
     * clears bits [127:64], as every scalar and 64-bit vector write does (J1 V[] setter with a width below
     * 128).
     */
    public void writeV64(int n, Inst lo) {
        writeV(n, lo, b.c64(0));
    }

    /**
     * The element of {@code esize} bytes (1, 2, 4, 8) in bits [esize*8-1:0] of register {@code n},
     * zero-extended to {@code t}.
     */
    public Inst readVScalar(int n, int esize, Type t) {
        Inst lo = readVLo(n);
        Inst v = t == Type.I32 ? b.trunc(lo) : lo;
        return switch (esize) {
            case 1 -> b.unary(Op.ZEXT8, v);
            case 2 -> b.unary(Op.ZEXT16, v);
            case 4 -> t == Type.I64 ? b.zext32(b.trunc(lo)) : v;
            default -> v;
        };
    }

    /** True if SIMD&FP instructions may execute under this block's flags (CPACR_EL1.FPEN, D13.2.30). */
    public boolean fpEnabled() {
        return Aarch64Cpu.flagsFpEnabled(flags);
    }

    // ---- flags (PSTATE.NZCV, each slot holds 0 or 1) -----------------------------------------------------

    /** Writes the four flags (I32 0/1 values). */
    public void setNZCV(Inst n, Inst z, Inst c, Inst v) {
        b.setReg(Aarch64Cpu.NF, n);
        b.setReg(Aarch64Cpu.ZF, z);
        b.setReg(Aarch64Cpu.CF, c);
        b.setReg(Aarch64Cpu.VF, v);
    }

    /** Sets N and Z from a result and clears C and V (logical operations with flags: ANDS, BICS). */
    public void setLogicFlags(Inst result) {
        Inst zero = c(result.type, 0);
        setNZCV(b.cmp(Op.SLT, result, zero), b.cmp(Op.EQ, result, zero), b.c32(0), b.c32(0));
    }

    /**
     * AddWithCarry (Arm ARM J1 shared pseudocode): {@code x + y + carryIn} and its NZCV. {@code carryIn} is
     * an I32 0/1 value or null for a constant 0 (ADD); for subtraction pass {@code NOT(y)} and carry 1,
     * see {@link #subWithFlags}.
     *
     * @param setFlags whether to write NZCV
     * @return the result, of the operands' type
     */
    public Inst addWithCarry(Inst x, Inst y, Inst carryIn, boolean setFlags) {
        Type t = x.type;
        Inst sum = b.add(x, y);
        Inst result = sum;
        if (carryIn != null) {
            Inst cin = t == Type.I64 ? b.zext32(carryIn) : carryIn;
            result = b.add(sum, cin);
        }
        if (setFlags) {
            Inst zero = c(t, 0);
            Inst n = b.cmp(Op.SLT, result, zero);
            Inst z = b.cmp(Op.EQ, result, zero);
            Inst cout = b.cmp(Op.ULT, sum, x);
            if (carryIn != null) {
                cout = b.or(cout, b.cmp(Op.ULT, result, sum));
            }
            // Signed overflow: both operands have the same sign and the result's sign differs.
            Inst v = b.cmp(Op.SLT, b.and(b.xor(x, result), b.xor(y, result)), zero);
            setNZCV(n, z, cout, v);
        }
        return result;
    }

    /** {@code x - y} = AddWithCarry(x, NOT(y), 1), setting NZCV if {@code setFlags} (C = no borrow). */
    public Inst subWithFlags(Inst x, Inst y, boolean setFlags) {
        Inst result = b.sub(x, y);
        if (setFlags) {
            Inst zero = c(x.type, 0);
            Inst n = b.cmp(Op.SLT, result, zero);
            Inst z = b.cmp(Op.EQ, result, zero);
            Inst cout = b.cmp(Op.ULE, y, x);
            Inst v = b.cmp(Op.SLT, b.and(b.xor(x, y), b.xor(x, result)), zero);
            setNZCV(n, z, cout, v);
        }
        return result;
    }

    /**
     * ConditionHolds (Arm ARM J1, C1.2.4 condition codes): an I32 0/1 value that is 1 when condition
     * {@code cond} (4 bits) holds for the current NZCV. 1110 and 1111 both mean "always".
     */
    public Inst conditionHolds(int cond) {
        Inst r = switch (cond >> 1) {
            case 0 -> b.get32(Aarch64Cpu.ZF);                                    // EQ / NE
            case 1 -> b.get32(Aarch64Cpu.CF);                                    // CS / CC
            case 2 -> b.get32(Aarch64Cpu.NF);                                    // MI / PL
            case 3 -> b.get32(Aarch64Cpu.VF);                                    // VS / VC
            case 4 -> b.and(b.get32(Aarch64Cpu.CF), b.xor(b.get32(Aarch64Cpu.ZF), b.c32(1)));  // HI / LS
            case 5 -> b.cmp(Op.EQ, b.get32(Aarch64Cpu.NF), b.get32(Aarch64Cpu.VF));           // GE / LT
            case 6 -> b.and(b.cmp(Op.EQ, b.get32(Aarch64Cpu.NF), b.get32(Aarch64Cpu.VF)),
                    b.xor(b.get32(Aarch64Cpu.ZF), b.c32(1)));                                // GT / LE
            default -> b.c32(1);                                                           // AL / NV
        };
        if ((cond & 1) != 0 && cond != 15) {
            r = b.xor(r, b.c32(1));
        }
        return r;
    }

    // ---- shifts and extends (J1 ShiftReg, ExtendReg) --------------------------------------------------

    /** ShiftReg: register {@code m} (31 = zero) shifted by {@code type} (LSL, LSR, ASR, ROR) by {@code amount}. */
    public Inst shiftReg(int m, Type t, int type, int amount) {
        Inst v = readX(m, t);
        if (amount == 0) {
            return v;
        }
        Inst a = c(t, amount);
        return switch (type) {
            case 0 -> b.shl(v, a);
            case 1 -> b.lshr(v, a);
            case 2 -> b.ashr(v, a);
            default -> b.binary(Op.ROTR, v, a);
        };
    }

    /**
     * ExtendReg: register {@code m} (31 = zero) extended by {@code option} (UXTB, UXTH, UXTW, UXTX, SXTB,
     * SXTH, SXTW, SXTX) to type {@code t}, then shifted left by {@code shift} (0..4).
     */
    public Inst extendReg(int m, Type t, int option, int shift) {
        Inst v;
        boolean wide = t == Type.I64;
        switch (option) {
            case 0 -> v = b.unary(Op.ZEXT8, readX(m, t));
            case 1 -> v = b.unary(Op.ZEXT16, readX(m, t));
            case 2 -> v = wide ? b.zext32(readX(m, Type.I32)) : readX(m, t);
            case 4 -> v = b.unary(Op.SEXT8, readX(m, t));
            case 5 -> v = b.unary(Op.SEXT16, readX(m, t));
            case 6 -> v = wide ? b.sext32(readX(m, Type.I32)) : readX(m, t);
            default -> v = readX(m, t);  // UXTX, SXTX
        }
        return shift == 0 ? v : b.shl(v, c(t, shift));
    }

    // ---- memory ---------------------------------------------------------------------------------------

    /**
     * The {@link MemOp} descriptor for a normal data access of {@code size} bytes under this block's
     * translation regime and data endianness; aligned when SCTLR_ELx.A is set (D1.8.2 alignment checking).
     */
    public long memop(int size, boolean signed) {
        return withAlignCheck(MemOp.of(size, signed, Aarch64Cpu.flagsBigEndianData(flags), Aarch64Cpu.flagsMmuIdx(flags)));
    }

    /** As {@link #memop} for the unprivileged accesses of LDTR/STTR (C6.2 LDTR: EL0 permissions at EL1). */
    public long memopUnpriv(int size, boolean signed) {
        return withAlignCheck(MemOp.of(size, signed, Aarch64Cpu.flagsBigEndianData(flags),
                Aarch64Cpu.flagsMmuIdxUnpriv(flags)));
    }

    private long withAlignCheck(long memop) {
        return Aarch64Cpu.flagsAlignCheck(flags) ? MemOp.aligned(memop) : memop;
    }

    /**
     * The base address register of a load or store: Xn, or SP when {@code n} is 31, in which case the SP
     * alignment check is emitted when SCTLR_ELx.SA/SA0 is set (D1.8.2).
     */
    public Inst baseAddress(int n) {
        Inst base = readXsp(n, Type.I64);
        // A value already checked earlier in the block passed (or the block stopped there): checking the same
        // IR value again cannot fault (an unchanged SP across a function's LDP/STP sequence).
        if (n == 31 && Aarch64Cpu.flagsSpAlignCheck(flags) && base != spAlignChecked) {
            b.call(A64HelperRefs.SP_ALIGN, base);
            spAlignChecked = base;
        }
        return base;
    }

    /** The last SP value {@link #baseAddress} emitted an alignment check for in this block. */
    private Inst spAlignChecked;

    // ---- block ends -------------------------------------------------------------------------------------

    /** Emits the UNDEFINED exception for the current instruction (ends the block). */
    public void undefined() {
        b.call(A64HelperRefs.UNDEFINED, b.c32(insn));
        b.exit(pc, ExitReason.EXCEPTION);
    }

    /** Emits the SIMD&FP access trap (CPACR_EL1.FPEN) for the current instruction (ends the block). */
    public void fpTrap() {
        b.call(A64HelperRefs.FP_TRAP, b.c32(insn));
        b.exit(pc, ExitReason.EXCEPTION);
    }

    /** Ends the block after this instruction, returning to the loop to re-check mode and interrupts. */
    public void endBlockRecheck() {
        b.exit(nextPc(), ExitReason.RECHECK);
    }

    /** The name of the decode entry of the current instruction (for diagnostics). */
    public String entryName() {
        return entry == null ? "?" : entry.name;
    }
}
