package org.jemu.arm.a32;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.backend.SizeEstimate;
import org.jemu.translator.decode.DecodeTable;
import org.jemu.translator.exec.GuestFault;
import org.jemu.translator.ir.ExitReason;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;
import org.jemu.translator.memory.SoftMmu;

/**
 * Translates A32 guest code (ARMv7-A, DDI 0406C chapter A8; DDI 0487 chapter F5) into IR blocks, for the
 * register mapping described in {@link org.jemu.arm.a32 the package documentation}.
 *
 * <p>Blocks end as in {@link org.jemu.arm.a64.A64Translator}: at a branch or any other write of the PC, an
 * exception-generating instruction, {@code maxInsns}, the size limit, or the end of the 4 KiB page.
 * Instructions are 32-bit little-endian words.
 *
 * <p><b>Conditional execution</b> (DDI 0406C A8.3): the translator evaluates the condition of every
 * instruction whose cond field is not AL into an I32 0/1 value ({@link #pass}) before calling the handler.
 * Handlers never test it themselves: they write registers and flags through {@link #writeR} and
 * {@link #setSlot}, which select between the new and the old value; load and store through {@link #load}
 * and {@link #store}, which become predicated helper calls; and write the PC through {@link #writePc} or
 * {@link #branchImm}, which select the fall-through address. Encodings whose cond field is 1111 are the
 * unconditional instruction space: they decode only to entries whose pattern fixes bits [31:28] to 1111
 * (the A5.7 lines of {@link A32DecodeTable}); any other entry with cond = 1111 is UNDEFINED.
 *
 * <p><b>UNPREDICTABLE</b> encodings (a register field of 15 where the manual forbids the PC, writeback to
 * the transfer register, ...) are made UNDEFINED by the handlers, which DDI 0487 K1.1 allows for every
 * such case ("CONSTRAINED UNPREDICTABLE ... the instruction is UNDEFINED"). A handler returns false for
 * them before emitting anything with an effect.
 */
public final class A32Translator {
    /** Emits the IR of one instruction; returns false if the encoding is UNDEFINED or UNPREDICTABLE. */
    @FunctionalInterface
    public interface Handler {
        boolean emit(A32Translator t);
    }

    /** Reads the 32-bit instruction word at a guest virtual address; throws {@link GuestFault} on a fetch fault. */
    @FunctionalInterface
    public interface InsnFetcher {
        int fetch(long vaddr);
    }

    private static final long PAGE_MASK = -4096L;

    /** The IR under construction. */
    public final IrBuilder b;
    /** The CPU mode bits ({@link Aarch64Cpu#tbFlags}) the block assumes. */
    public final long flags;
    /** Guest virtual address of the instruction being translated. */
    public long pc;
    /** The instruction word being translated. */
    public int insn;
    private DecodeTable.Entry<Handler> entry;
    /** The I32 0/1 "condition passed" value of the current instruction, or null if it always executes. */
    private Inst pass;
    /** A PC write (interworking) the current instruction made, emitted after the handler. */
    private Inst pendingPc;
    /**
     * True when translating T32 code ({@link T32Translator}): R15 reads as the instruction address + 4,
     * instructions are 2 or 4 bytes, modified immediates are ThumbExpandImm, and conditions come from ITSTATE.
     */
    public final boolean thumb;
    /** Length in bytes of the current instruction: 4 for A32, 2 or 4 for T32. */
    public int insnLen = 4;
    /** T32: ITSTATE of the current instruction (DDI 0406C A2.5.2), known statically; 0 outside IT blocks. */
    public int itState;
    /** T32: ITSTATE for the next instruction (ITAdvance of {@link #itState}, or what an IT instruction sets). */
    int itAfter;
    /** T32: the ITSTATE the block was looked up with (part of its key, {@link Aarch64Cpu#flagsItState}). */
    final int entryIt;
    /** T32: the value the IT slot holds at this point of the block. */
    int slotIt;
    /** The AArch32 register bank of the block's mode ({@link Aarch64Cpu#flagsA32Bank}): where R8..R14 live. */
    final int bank;

    /** Guest virtual address of the block's first instruction, where it is translated. */
    private final long blockPc;

    A32Translator(long pc, long flags) {
        this.b = new IrBuilder(pc, flags);
        this.blockPc = pc;
        this.flags = flags;
        this.thumb = Aarch64Cpu.flagsThumb(flags);
        this.entryIt = thumb ? Aarch64Cpu.flagsItState(flags) : 0;
        this.slotIt = entryIt;
        this.bank = Aarch64Cpu.flagsA32Bank(flags);
    }

    /**
     * Translates the A32 block at guest virtual {@code pc}, fetching through the CPU's soft-MMU.
     *
     * @param cpu      the CPU (its MMU and memory are used for instruction fetch only)
     * @param pc       guest virtual address of the first instruction (4-byte aligned, below 2^32)
     * @param flags    the tbFlags the block assumes (AArch32, not Thumb)
     * @param maxInsns upper bound on guest instructions (values below 1 count as 1)
     * @throws GuestFault if fetching the first instruction faults
     */
    public static IrBlock translate(Aarch64Cpu cpu, long pc, long flags, int maxInsns) {
        int mmuIdx = cpu.fetchMmuIdx(flags);
        return translate(pc, flags, maxInsns, va -> SoftMmu.fetch(cpu, va, 4, false, mmuIdx));
    }

    /** Translates with instruction words from {@code fetcher} (tests, fuzzing); same contract as above. */
    public static IrBlock translate(long pc, long flags, int maxInsns, InsnFetcher fetcher) {
        A32Translator t = new A32Translator(pc, flags);
        int limit = Math.max(1, maxInsns);
        long cur = pc;
        SizeEstimate.Running size = new SizeEstimate.Running();
        for (int n = 0; ; n++) {
            if (n > 0 && (n >= limit || (cur & PAGE_MASK) != (pc & PAGE_MASK) || cur > 0xffff_fffcL)) {
                t.jumpConst(cur);
                break;
            }
            int word;
            try {
                word = fetcher.fetch(cur);
            } catch (GuestFault f) {
                if (n == 0) {
                    throw f;
                }
                t.jumpConst(cur);
                break;
            }
            int mark = t.b.size();
            long markPc = t.b.lastInsnPc();
            t.b.insnStart(cur);
            t.translateOne(cur, word);
            int bytes = size.extend(t.b.view(), t.b.size());
            if (n > 0 && bytes > SizeEstimate.BLOCK_LIMIT) {
                t.b.truncateToInsnBoundary(mark, markPc);
                t.jumpConst(cur);
                break;
            }
            if (t.b.isTerminated()) {
                break;
            }
            cur += 4;
        }
        // Every PC-derived value goes through pcConst32/pcConst64 and the block stays in one page: it is
        // shared by every virtual address that maps its code (see IrBlock.pcRelative).
        t.b.setPcRelative();
        return t.b.finish();
    }

    private void translateOne(long insnPc, int word) {
        this.pc = insnPc;
        this.insn = word;
        this.pendingPc = null;
        this.pass = null;
        DecodeTable.Entry<Handler> e = A32DecodeTable.decode(word);
        int cond = word >>> 28;
        if (e == null) {
            undefined();
            return;
        }
        if (!A32DecodeTable.isUnconditional(e) && cond != 0xe) {
            pass = conditionHolds(cond);
        }
        emit(e);
    }

    /**
     * Emits decoded entry {@code e} for the current instruction ({@link #pc}, {@link #insn}, {@link #pass}
     * set): its handler, UNDEFINED if it rejects the encoding, then a pending PC write; for T32 the IT slot
     * update for the next instruction.
     */
    void emit(DecodeTable.Entry<Handler> e) {
        if (e == null) {
            undefined();
            return;
        }
        this.entry = e;
        int start = b.size();
        if (!e.handler.emit(this)) {
            try {
                b.rollback(start);
            } catch (IllegalStateException ex) {
                throw new IllegalStateException("handler " + e.name + " rejected 0x" + Integer.toHexString(insn)
                        + " after emitting IR with effects", ex);
            }
            pass = null;
            pendingPc = null;
            undefined();
            return;
        }
        if (pendingPc != null && !b.isTerminated()) {
            // BXWritePC / LoadWritePC (and ALUWritePC in ARM state) (DDI 0406C A2.3.1): bit 0 selects T32
            Inst target = pendingPc;
            Inst t = b.and(target, b.c32(1));
            Inst newPc = b.and(target, b.c32(~1));
            writeItAfter();
            // CPSR.T after the instruction: unchanged if its condition fails
            Inst tAfter = pass == null ? t : b.select(pass, t, b.c32(thumb ? 1 : 0));
            b.setReg(Aarch64Cpu.TF, tAfter);
            long next = nextPc() & 0xffff_ffffL;
            if (chainable()) {
                // The translation flags stay the block's if the instruction set does (and ITSTATE, which
                // chainable() checks): then this is an indirect jump, else the loop rechecks the CPU state.
                // When the condition fails, the next instruction follows as after a branch not taken (a direct
                // jump when it is in the block's page, as for branchConst).
                Inst same = thumb ? tAfter : b.xor(tAfter, c(1));
                if (pass != null && inBlockPage(next)) {
                    b.branchIndirectChecked(pass, b.zext32(newPc), same, next);
                } else {
                    b.jumpIndirectChecked(b.zext32(pcAfter(newPc)), same);
                }
            } else {
                b.setReg(Aarch64Cpu.PC, pcAfter(newPc));
                b.exitState(ExitReason.RECHECK);
            }
        }
        if (!b.isTerminated()) {
            writeItAfter();
        }
    }

    /** The PC (I32) after the current instruction: {@code target}, or the next instruction's if it did not execute. */
    private Inst pcAfter(Inst target) {
        return pass == null ? target : b.select(pass, target, pcConst32(nextPc()));
    }

    /** Clears the per-instruction state before an instruction is translated. */
    void beginInsn() {
        pendingPc = null;
        pass = null;
        entry = null;
    }

    /** T32: writes the IT slot with the next instruction's ITSTATE if it differs from what the slot holds. */
    void writeItAfter() {
        if (thumb && itAfter != slotIt) {
            b.setReg(Aarch64Cpu.IT, c(itAfter));
            slotIt = itAfter;
        }
    }

    /**
     * T32 ITAdvance (DDI 0406C A2.5.2): the ITSTATE after an instruction executed with {@code it}; 0 after
     * the last instruction of an IT block.
     */
    public static int itAdvance(int it) {
        return (it & 7) == 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
    }

    /** T32 InITBlock(): the current instruction is in an IT block. */
    public boolean inItBlock() {
        return (itState & 0xf) != 0;
    }

    /** T32 LastInITBlock(): the current instruction is the last of an IT block. */
    public boolean lastInItBlock() {
        return (itState & 0xf) == 0b1000;
    }

    /**
     * T32: true if a branch or other PC write may be this instruction: outside an IT block or as its last
     * instruction (elsewhere in an IT block it is UNPREDICTABLE, UNDEFINED here).
     */
    public boolean mayBranch() {
        return !inItBlock() || lastInItBlock();
    }

    /**
     * Makes the current instruction conditional on {@code cond} (the T32 conditional branches B T1/T3, which
     * carry their own condition). Must be called before the handler emits anything.
     */
    public void setCondition(int cond) {
        pass = cond >= 0xe ? null : conditionHolds(cond);
    }

    // ---- fields ------------------------------------------------------------------------------------------

    /** Unsigned field {@code letter} of the current instruction (see its pattern in {@link A32DecodeTable}). */
    public int f(char letter) {
        if (!entry.pattern.hasField(letter)) {
            throw new IllegalStateException(entry.name + " has no field '" + letter + "'");
        }
        return entry.pattern.field(insn, letter);
    }

    /**
     * Field {@code letter} if the current encoding has it, else {@code absent} (for example the S bit of a
     * multiply whose T32 encoding never sets flags, or an Rn the manual fixes to 1111).
     */
    public int f(char letter, int absent) {
        return entry.pattern.hasField(letter) ? entry.pattern.field(insn, letter) : absent;
    }

    /** True if the current encoding's pattern has field {@code letter}. */
    public boolean entryHas(char letter) {
        return entry.pattern.hasField(letter);
    }

    /** Bits [hi:lo] of the current instruction word, unsigned. */
    public int bits(int hi, int lo) {
        return (insn >>> lo) & ((1 << (hi - lo + 1)) - 1);
    }

    /** Bit {@code n} of the current instruction word (0 or 1). */
    public int bit(int n) {
        return (insn >>> n) & 1;
    }

    /** Guest virtual address of the next instruction. */
    public long nextPc() {
        return (pc + insnLen) & 0xffff_ffffL;
    }

    /** True if the current instruction is conditional (its writes are selected). */
    public boolean conditional() {
        return pass != null;
    }

    /** The name of the decode entry of the current instruction (diagnostics). */
    public String entryName() {
        return entry == null ? "?" : entry.name;
    }

    // ---- registers (DDI 0406C A2.3 "ARM core registers", pseudocode R[]) --------------------------------

    /** Reads R{@code n} as I32; R15 reads as the address of the current instruction plus 8 (A32) or 4 (T32). */
    public Inst readR(int n) {
        return n == 15 ? pcConst32(pcValue()) : b.get32(org.jemu.arm.cpu.A32System.slot(bank, n));
    }

    /** The value the PC reads as: the current instruction's address + 8 (A32) or + 4 (T32). */
    public long pcValue() {
        return pc + (thumb ? 4 : 8);
    }

    /**
     * I32 guest virtual address {@code addr} derived from the PC (a return address, Align(PC, 4) + imm, the
     * value R15 reads as): a {@link IrBuilder#pcConst} so the block may run at another virtual address
     * with the same page offset (see {@link org.jemu.translator.ir.IrBlock#pcRelative}).
     */
    public Inst pcConst32(long addr) {
        return b.trunc(b.pcConst(addr & 0xffff_ffffL));
    }

    /** {@link #pcConst32} zero-extended to I64 (a value for the PC slot). */
    public Inst pcConst64(long addr) {
        return b.zext32(pcConst32(addr));
    }

    /** The PC value for PC-relative addressing: Align(PC, 4) (A32: instruction + 8; T32: instruction + 4). */
    public Inst readPcAligned() {
        return pcConst32(pcValue() & ~3L);
    }

    /**
     * Writes I32 {@code v} to R{@code n}; for n = 15 the write is an interworking branch (BXWritePC, which is
     * what ALUWritePC and LoadWritePC are in ARM state since ARMv7). Conditional instructions select.
     */
    public void writeR(int n, Inst v) {
        if (n == 15) {
            writePc(v);
            return;
        }
        setSlot(org.jemu.arm.cpu.A32System.slot(bank, n), v);
    }

    /** An interworking write of the PC (BXWritePC, DDI 0406C A2.3.2): bit 0 of {@code target} selects T32. */
    public void writePc(Inst target) {
        pendingPc = target;
    }

    /**
     * A T32 BranchWritePC of I32 {@code target} (DDI 0406C A2.3.2; ALUWritePC in Thumb state, TBB/TBH):
     * the PC becomes target&lt;31:1&gt;:'0' and the instruction set stays T32.
     */
    public void writePcBranch(Inst target) {
        pendingPc = b.or(target, c(1));
    }

    /** Writes I32 {@code v} to state slot {@code slot}, or keeps the slot's value if the condition fails. */
    public void setSlot(int slot, Inst v) {
        if (pass != null) {
            v = b.select(pass, v, v.type == Type.I64 ? b.get64(slot) : b.get32(slot));
        }
        b.setReg(slot, v);
    }

    // ---- VFP / Advanced SIMD registers (DDI 0406C A2.6.1; packed into V0..V15, DDI 0487 D1.20.1) ------

    /** Reads the 64-bit register D{@code n} (0..31) as I64: bits [63:0] of V(n/2) for even n, [127:64] for odd. */
    public Inst readD(int n) {
        return b.get64(Aarch64Cpu.V0 + n);
    }

    /** Writes I64 {@code v} to D{@code n} (0..31); conditional instructions select. */
    public void writeD(int n, Inst v) {
        setSlot(Aarch64Cpu.V0 + n, v);
    }

    /** Reads the 32-bit register S{@code n} (0..31) as I32: S(2k) is bits [31:0] of D(k), S(2k+1) bits [63:32]. */
    public Inst readS(int n) {
        Inst d = readD(n >> 1);
        return b.trunc((n & 1) == 0 ? d : b.lshr(d, b.c64(32)));
    }

    /** Writes I32 {@code v} to S{@code n} (0..31), keeping the other half of D(n/2). */
    public void writeS(int n, Inst v) {
        Inst d = readD(n >> 1);
        Inst w = b.zext32(v);
        Inst r = (n & 1) == 0 ? b.or(b.and(d, b.c64(0xffff_ffff_0000_0000L)), w)
                : b.or(b.and(d, b.c64(0xffff_ffffL)), b.shl(w, b.c64(32)));
        writeD(n >> 1, r);
    }

    /**
     * True if VFP and Advanced SIMD instructions may execute under this block's flags: CPACR_EL1.FPEN (and
     * CPTR_ELx.TFP) allow FP at the block's EL (DDI 0487 D1.14.3 / G1.19.?); else they trap (EC 0x07).
     */
    public boolean fpEnabled() {
        return Aarch64Cpu.flagsFpEnabled(flags);
    }

    /** Emits the SIMD&amp;FP access trap (EC 0x07) for the current instruction (ends the block). */
    public void fpTrap() {
        b.call(A32HelperRefs.FP_TRAP, c(insn));
        b.exit(pc, ExitReason.EXCEPTION);
    }

    /** A constant I32. */
    public Inst c(int v) {
        return b.c32(v);
    }

    // ---- flags (CPSR.N, Z, C, V, Q, GE in their slots) ---------------------------------------------------

    /** The carry flag (I32 0/1). */
    public Inst carry() {
        return b.get32(Aarch64Cpu.CF);
    }

    /** Sets N and Z from a 32-bit result. */
    public void setNZ(Inst result) {
        // Both values first: adjacent flag writes become one register-run op in the IR interpreter.
        Inst n = b.lshr(result, c(31));
        Inst z = b.cmp(Op.EQ, result, c(0));
        setSlot(Aarch64Cpu.NF, n);
        setSlot(Aarch64Cpu.ZF, z);
    }

    /** Sets N and Z from a 32-bit result and C from {@code carry} (logical operations with S). */
    public void setNZC(Inst result, Inst carry) {
        setNZ(result);
        if (carry != null) {
            setSlot(Aarch64Cpu.CF, carry);
        }
    }

    /** Sets the sticky Q flag if {@code cond} (I32 0/1) is 1. */
    public void orQ(Inst cond) {
        setSlot(Aarch64Cpu.QF, b.or(b.get32(Aarch64Cpu.QF), cond));
    }

    /**
     * AddWithCarry (DDI 0406C A2.2.1) of I32 {@code x}, {@code y} and I32 0/1 {@code carryIn}; with
     * {@code setFlags} writes N, Z, C, V.
     */
    public Inst addWithCarry(Inst x, Inst y, Inst carryIn, boolean setFlags) {
        if (carryIn.isConst() && (carryIn.imm & 0xffffffffL) <= 1) {
            return addWithConstantCarry(x, y, carryIn.imm != 0, setFlags);
        }
        Inst x64 = b.zext32(x);
        Inst y64 = b.zext32(y);
        Inst sum64 = b.add(b.add(x64, y64), b.zext32(carryIn));
        Inst result = b.trunc(sum64);
        if (setFlags) {
            setNZ(result);
            setSlot(Aarch64Cpu.CF, b.trunc(b.lshr(sum64, b.c64(32))));
            Inst v = b.lshr(b.and(b.xor(x, result), b.xor(y, result)), c(31));
            setSlot(Aarch64Cpu.VF, v);
        }
        return result;
    }

    /**
     * AddWithCarry with a constant carry-in (ADD and CMN: 0; SUB, RSB and CMP: 1, with one operand a NOT), in
     * 32-bit operations only. The carry out of {@code x + y} is {@code result <u x}; of {@code x + y + 1} it is
     * {@code NOT(x) <=u y}, which for {@code y = NOT(m)} is {@code m <=u x} (no borrow of {@code x - m}).
     * Overflow is {@code ((x ^ result) & (y ^ result))<31>} in both cases (operands of equal sign, result of
     * the other; DDI 0406C A2.2.1).
     */
    private Inst addWithConstantCarry(Inst x, Inst y, boolean carry, boolean setFlags) {
        Inst result;
        Inst cout;
        Inst v;
        if (!carry) {
            result = b.add(x, y);
            if (!setFlags) {
                return result;
            }
            cout = b.cmp(Op.ULT, result, x);
            v = b.and(b.xor(x, result), b.xor(y, result));
        } else if (y.op == Op.NOT || x.op == Op.NOT) {
            // x - m (SUB, CMP) or y - m (RSB): the NOT is not needed once the result is a subtraction.
            Inst minuend = y.op == Op.NOT ? x : y;
            Inst m = y.op == Op.NOT ? y.args[0] : x.args[0];
            result = b.sub(minuend, m);
            if (!setFlags) {
                return result;
            }
            cout = b.cmp(Op.ULE, m, minuend);
            v = b.and(b.xor(minuend, m), b.xor(minuend, result));
        } else {
            result = b.add(b.add(x, y), c(1));
            if (!setFlags) {
                return result;
            }
            cout = b.cmp(Op.ULE, b.not(x), y);
            v = b.and(b.xor(x, result), b.xor(y, result));
        }
        // All four values first: adjacent flag writes become one register-run op in the IR interpreter.
        Inst n = b.lshr(result, c(31));
        Inst z = b.cmp(Op.EQ, result, c(0));
        Inst vf = b.lshr(v, c(31));
        setSlot(Aarch64Cpu.NF, n);
        setSlot(Aarch64Cpu.ZF, z);
        setSlot(Aarch64Cpu.CF, cout);
        setSlot(Aarch64Cpu.VF, vf);
        return result;
    }

    /**
     * ConditionPassed (DDI 0406C A8.3): an I32 0/1 value that is 1 when {@code cond} holds for the current
     * N, Z, C, V. 1110 and 1111 mean always.
     */
    public Inst conditionHolds(int cond) {
        Inst r = switch (cond >> 1) {
            case 0 -> b.get32(Aarch64Cpu.ZF);
            case 1 -> b.get32(Aarch64Cpu.CF);
            case 2 -> b.get32(Aarch64Cpu.NF);
            case 3 -> b.get32(Aarch64Cpu.VF);
            case 4 -> b.and(b.get32(Aarch64Cpu.CF), b.xor(b.get32(Aarch64Cpu.ZF), c(1)));
            case 5 -> b.cmp(Op.EQ, b.get32(Aarch64Cpu.NF), b.get32(Aarch64Cpu.VF));
            case 6 -> b.and(b.cmp(Op.EQ, b.get32(Aarch64Cpu.NF), b.get32(Aarch64Cpu.VF)),
                    b.xor(b.get32(Aarch64Cpu.ZF), c(1)));
            default -> c(1);
        };
        if ((cond & 1) != 0 && cond != 15) {
            r = b.xor(r, c(1));
        }
        return r;
    }

    // ---- the shifter (DDI 0406C A8.4: DecodeImmShift, Shift_C, ARMExpandImm_C) ---------------------------

    /** A value and the shifter carry-out (I32 0/1, or null where the carry is unchanged). */
    public record Shifted(Inst value, Inst carry) {
    }

    /**
     * ARMExpandImm_C: the modified immediate {@code imm12} (8 bits rotated right by twice bits [11:8]) and
     * its carry-out (the top bit of the result if the rotation is not zero, else C unchanged: null). In T32
     * code this is ThumbExpandImm_C of i:imm3:imm8 ({@link #thumbExpandImm}).
     */
    public Shifted expandImm(int imm12) {
        if (thumb) {
            int v = thumbExpandImm(imm12);
            return new Shifted(c(v), (imm12 >>> 10) == 0 ? null : c(v >>> 31));
        }
        int rot = 2 * (imm12 >>> 8);
        int v = Integer.rotateRight(imm12 & 0xff, rot);
        return new Shifted(c(v), rot == 0 ? null : c(v >>> 31));
    }

    /**
     * ThumbExpandImm (DDI 0406C A6.3.2) of the 12-bit i:imm3:imm8: with imm12&lt;11:10&gt; = 00 the byte
     * imm8 in one of the patterns 000000XY, 00XY00XY, XY00XY00, XYXYXYXY (imm12&lt;9:8&gt;); otherwise
     * '1':imm12&lt;6:0&gt; rotated right by imm12&lt;11:7&gt;. The UNPREDICTABLE forms (a replicated pattern
     * with imm8 = 0) are detected by {@link #thumbExpandImmValid}; this method returns the value regardless.
     */
    public static int thumbExpandImm(int imm12) {
        int imm8 = imm12 & 0xff;
        if ((imm12 >>> 10) == 0) {
            return switch ((imm12 >>> 8) & 3) {
                case 0 -> imm8;
                case 1 -> imm8 << 16 | imm8;
                case 2 -> imm8 << 24 | imm8 << 8;
                default -> imm8 << 24 | imm8 << 16 | imm8 << 8 | imm8;
            };
        }
        return Integer.rotateRight(0x80 | (imm12 & 0x7f), imm12 >>> 7);
    }

    /** False for the UNPREDICTABLE ThumbExpandImm forms (a replicated pattern with imm8 = 0). */
    public static boolean thumbExpandImmValid(int imm12) {
        return (imm12 >>> 10) != 0 || ((imm12 >>> 8) & 3) == 0 || (imm12 & 0xff) != 0;
    }

    /** The value of ARMExpandImm (no carry). */
    public static int expandImmValue(int imm12) {
        return Integer.rotateRight(imm12 & 0xff, 2 * (imm12 >>> 8));
    }

    /**
     * Shift_C(R[m], DecodeImmShift(type, imm5)): LSL #0..31, LSR/ASR #1..32 (imm5 0 means 32), ROR #1..31,
     * RRX (ROR with imm5 0).
     */
    public Shifted shiftImm(Inst x, int type, int imm5) {
        switch (type) {
            case 0:
                if (imm5 == 0) {
                    return new Shifted(x, null);
                }
                return new Shifted(b.shl(x, c(imm5)), bitOf(x, 32 - imm5));
            case 1: {
                int n = imm5 == 0 ? 32 : imm5;
                Inst v = n == 32 ? c(0) : b.lshr(x, c(n));
                return new Shifted(v, bitOf(x, n - 1));
            }
            case 2: {
                int n = imm5 == 0 ? 32 : imm5;
                Inst v = b.ashr(x, c(Math.min(n, 31)));
                return new Shifted(v, bitOf(x, n - 1));
            }
            default:
                if (imm5 == 0) {
                    Inst v = b.or(b.shl(carry(), c(31)), b.lshr(x, c(1)));
                    return new Shifted(v, bitOf(x, 0));
                }
                return new Shifted(b.binary(Op.ROTR, x, c(imm5)), bitOf(x, imm5 - 1));
        }
    }

    /**
     * Shift_C(R[m], type, R[s]&lt;7:0&gt;) of the register-shifted register forms: amounts of 32 and above
     * handled as the pseudocode does (LSL/LSR give 0, ASR the sign, ROR rotates by the amount modulo 32);
     * an amount of 0 leaves the value and the carry unchanged.
     */
    public Shifted shiftReg(Inst x, int type, Inst amount) {
        Inst amt = b.and(amount, c(0xff));
        Inst isZero = b.cmp(Op.EQ, amt, c(0));
        Inst c0 = carry();
        Inst x64 = b.zext32(x);
        Inst amt64 = b.zext32(amt);
        Inst v;
        Inst cout;
        switch (type) {
            case 0 -> {
                Inst n = b.select(b.cmp(Op.ULT, amt64, b.c64(33)), amt64, b.c64(33));
                Inst r = b.shl(x64, n);
                v = b.trunc(r);
                cout = b.trunc(b.and(b.lshr(r, b.c64(32)), b.c64(1)));
            }
            case 1 -> {
                Inst n = b.select(b.cmp(Op.ULT, amt64, b.c64(33)), amt64, b.c64(33));
                v = b.trunc(b.lshr(x64, n));
                Inst n1 = b.select(isZero, b.c64(0), b.sub(n, b.c64(1)));
                cout = b.trunc(b.and(b.lshr(x64, n1), b.c64(1)));
            }
            case 2 -> {
                Inst s64 = b.sext32(x);
                Inst n = b.select(b.cmp(Op.ULT, amt64, b.c64(32)), amt64, b.c64(32));
                v = b.trunc(b.ashr(s64, n));
                Inst n1 = b.select(isZero, b.c64(0), b.sub(n, b.c64(1)));
                cout = b.trunc(b.and(b.ashr(s64, n1), b.c64(1)));
            }
            default -> {
                v = b.binary(Op.ROTR, x, b.and(amt, c(31)));
                cout = b.lshr(v, c(31));
            }
        }
        return new Shifted(b.select(isZero, x, v), b.select(isZero, c0, cout));
    }

    /** Bit {@code n} (0..31) of I32 {@code x} as an I32 0/1. */
    public Inst bitOf(Inst x, int n) {
        return b.and(b.lshr(x, c(n)), c(1));
    }

    // ---- memory -----------------------------------------------------------------------------------------

    /**
     * A {@link MemOp} for a data access of {@code size} bytes under this block's regime; {@code aligned}
     * when the instruction requires alignment (LDM/STM, LDRD/STRD, exclusives: DDI 0406C A3.2.1) or
     * SCTLR.A is set.
     */
    public long memop(int size, boolean signed, boolean aligned) {
        long m = MemOp.of(size, signed, Aarch64Cpu.flagsBigEndianData(flags), Aarch64Cpu.flagsMmuIdx(flags));
        return aligned || Aarch64Cpu.flagsAlignCheck(flags) ? MemOp.aligned(m) : m;
    }

    /** As {@link #memop} with the unprivileged (LDRT/STRT) MMU index. */
    public long memopUnpriv(int size, boolean signed) {
        long m = MemOp.of(size, signed, Aarch64Cpu.flagsBigEndianData(flags), Aarch64Cpu.flagsMmuIdxUnpriv(flags));
        return Aarch64Cpu.flagsAlignCheck(flags) ? MemOp.aligned(m) : m;
    }

    /** Loads an I32 from 32-bit address {@code addr}; a predicated load ({@code LOAD_IF}) when conditional. */
    public Inst load(Inst addr, long memop) {
        Inst a = b.zext32(addr);
        if (pass == null) {
            return b.load(Type.I32, a, memop);
        }
        return b.loadIf(Type.I32, pass, a, memop);
    }

    /** Loads an I64 (LDREXD's doubleword) from 32-bit address {@code addr}; predicated when conditional. */
    public Inst load64(Inst addr, long memop) {
        Inst a = b.zext32(addr);
        if (pass == null) {
            return b.load(Type.I64, a, memop);
        }
        return b.loadIf(Type.I64, pass, a, memop);
    }

    /** Stores the low bytes of I32 {@code value} at 32-bit address {@code addr}; predicated when conditional. */
    public void store(Inst addr, Inst value, long memop) {
        Inst a = b.zext32(addr);
        if (pass == null) {
            b.store(a, value, memop);
        } else {
            b.storeIf(pass, a, value, memop);
        }
    }

    /** The I32 0/1 condition value, or the constant 1 for an unconditional instruction. */
    public Inst passValue() {
        return pass != null ? pass : c(1);
    }

    // ---- block ends with a constant target -------------------------------------------------------------

    /*
     * A PC-relative block (IrBlock.pcRelative) may run in another page than it was translated in; the runner
     * relocates JUMP/BRANCH/EXIT targets by adding the page distance in 64 bits. A target in the block's own
     * page keeps below 2^32 that way, but one in another page (the fall-through past the page end, a branch
     * out of the page) can leave the 32-bit address space when the block runs near the top or bottom of it:
     * an AArch32 PC is 32 bits and wraps (DDI 0487 D1.20, PC; DDI 0406C A2.3). Such targets are therefore
     * computed as pcConst64 values (relocated, then truncated to 32 bits) and ended with an indirect jump,
     * which the execution loop chains by PC like a direct one.
     */

    /** True if {@code target} lies in the page the block was translated in (its relocation cannot wrap). */
    private boolean inBlockPage(long target) {
        return ((target ^ blockPc) & PAGE_MASK) == 0;
    }

    /** Ends the block with a jump to constant guest address {@code target} (32-bit, wrapped when relocated). */
    void jumpConst(long target) {
        long t = target & 0xffff_ffffL;
        if (inBlockPage(t)) {
            b.jump(t);
        } else {
            b.jumpIndirect(pcConst64(t));
        }
    }

    /** Ends the block: to {@code taken} if I32 {@code cond} is non-zero, else to {@code notTaken} (see above). */
    void branchConst(Inst cond, long taken, long notTaken) {
        long t = taken & 0xffff_ffffL;
        long n = notTaken & 0xffff_ffffL;
        if (inBlockPage(t) && inBlockPage(n)) {
            b.branch(cond, t, n);
        } else {
            b.jumpIndirect(b.select(cond, pcConst64(t), pcConst64(n)));
        }
    }

    /** Ends the block with an exit to the loop for {@code reason} at constant {@code nextPc} (see above). */
    void exitConst(long nextPc, int reason) {
        long t = nextPc & 0xffff_ffffL;
        if (inBlockPage(t)) {
            b.exit(t, reason);
        } else {
            b.setReg(Aarch64Cpu.PC, pcConst64(t));
            b.exitState(reason);
        }
    }

    // ---- branches and block ends -------------------------------------------------------------------------

    /**
     * A direct branch to {@code target} (B, BL: BranchWritePC) ending the block; when conditional, the
     * fall-through goes to the next instruction. {@code exchange} is BLX (immediate): the target is in the
     * other instruction set (T32 from A32, A32 from T32).
     */
    public void branchImm(long target, boolean exchange) {
        long t = target & 0xffff_ffffL;
        writeItAfter();
        if (!exchange && chainable()) {
            if (pass == null) {
                jumpConst(t);
            } else {
                branchConst(pass, t, nextPc());
            }
            return;
        }
        if (exchange) {
            int to = thumb ? 0 : 1;
            b.setReg(Aarch64Cpu.TF, pass == null ? c(to) : b.select(pass, c(to), c(1 - to)));
        }
        b.setReg(Aarch64Cpu.PC, pass == null ? pcConst64(t) : b.select(pass, pcConst64(t), pcConst64(nextPc())));
        b.exitState(ExitReason.RECHECK);
    }

    /**
     * A T32 branch to {@code target} if I32 0/1 {@code cond} (CBZ, CBNZ), else to the next instruction.
     */
    public void branchIf(Inst cond, long target) {
        writeItAfter();
        if (chainable()) {
            branchConst(cond, target, nextPc());
        } else {
            b.setReg(Aarch64Cpu.PC, b.select(cond, pcConst64(target), pcConst64(nextPc())));
            b.exitState(ExitReason.RECHECK);
        }
    }

    /**
     * True if a direct jump may end the block here: the block's successors are looked up (and chained) with
     * the block's own translation flags, so in T32 the ITSTATE the slot holds must be the one the block was
     * looked up with; otherwise the block exits to the loop, which recomputes the flags.
     */
    boolean chainable() {
        return !thumb || slotIt == entryIt;
    }

    /** Ends the block with a jump to {@code target} (the next instruction), or an exit when not chainable. */
    public void jumpTo(long target) {
        writeItAfter();
        if (chainable()) {
            jumpConst(target);
        } else {
            exitConst(target, ExitReason.RECHECK);
        }
    }

    /** Emits the UNDEFINED exception for the current instruction (ends the block). */
    public void undefined() {
        b.call(A32HelperRefs.UNDEFINED, c(insn));
        b.exit(pc, ExitReason.EXCEPTION);
    }

    /** Ends the block after this instruction, returning to the loop (state that tbFlags depend on changed). */
    public void endBlockRecheck() {
        exitNext(ExitReason.RECHECK);
    }

    /** Ends the block after this instruction with an exit to the loop for {@code reason}. */
    public void exitNext(int reason) {
        writeItAfter();
        exitConst(nextPc(), reason);
    }
}
