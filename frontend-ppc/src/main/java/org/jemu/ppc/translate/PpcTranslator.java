package org.jemu.ppc.translate;

import org.jemu.ppc.cpu.PpcCpu;
import org.jemu.ppc.decode.PpcDecodeTable;
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
 * Translates 32-bit PowerPC guest code into IR blocks.
 *
 * <p>A block starts at a guest effective address and runs until an instruction that ends it (a branch,
 * {@code sc}, an exception-raising encoding, {@code isync}), until {@code maxInsns} instructions, or until
 * the end of the 4 KiB page (then it jumps to the next address, so a block never spans two pages).
 * Instructions are 32-bit big-endian words.
 *
 * <p>Decoding goes through {@link PpcDecodeTable}; each entry's {@link Handler} emits the IR of one
 * instruction through the operand helpers of this class. A handler returns false for an invalid form it
 * rejects, which raises the illegal instruction program exception; it must do so before emitting
 * anything with an effect.
 *
 * <p>Values: GPRs, LR, CTR and the addresses computed from them are 32-bit ({@link Type#I32}); an
 * effective address is zero-extended to the I64 the memory ops take, so address arithmetic wraps at 4 GiB
 * as on a 32-bit implementation.
 */
public final class PpcTranslator {
    /** Emits the IR of one instruction; returns false for a rejected invalid form (illegal instruction). */
    @FunctionalInterface
    public interface Handler {
        boolean emit(PpcTranslator t);
    }

    /** Reads the 32-bit instruction word at a guest effective address; throws {@link GuestFault} on a fetch fault. */
    @FunctionalInterface
    public interface InsnFetcher {
        int fetch(long vaddr);
    }

    private static final long PAGE_MASK = -4096L;

    /** The IR under construction. */
    public final IrBuilder b;
    /** The tbFlags the block assumes. */
    public final long flags;
    /** Effective address of the instruction being translated (32 bits). */
    public long pc;
    /** The instruction word being translated. */
    public int insn;
    private DecodeTable.Entry<Handler> entry;

    private PpcTranslator(long pc, long flags) {
        this.b = new IrBuilder(pc, flags);
        this.flags = flags;
    }

    /**
     * Translates the block at {@code pc}, fetching through the CPU's soft-MMU.
     *
     * @param cpu      the CPU (used for instruction fetch only)
     * @param pc       effective address of the first instruction (4-byte aligned, below 2^32)
     * @param flags    the tbFlags the block assumes
     * @param maxInsns upper bound on instructions (values below 1 count as 1)
     * @throws GuestFault if fetching the first instruction faults
     */
    public static IrBlock translate(PpcCpu cpu, long pc, long flags, int maxInsns) {
        int mmuIdx = cpu.fetchMmuIdx(flags);
        return translate(pc, flags, maxInsns, va -> SoftMmu.fetch(cpu, va, 4, true, mmuIdx));
    }

    /** Translates with instruction words from {@code fetcher} (tests, fuzzing); same contract as above. */
    public static IrBlock translate(long pc, long flags, int maxInsns, InsnFetcher fetcher) {
        PpcTranslator t = new PpcTranslator(pc, flags);
        int limit = Math.max(1, maxInsns);
        long cur = pc;
        SizeEstimate.Running size = new SizeEstimate.Running();
        for (int n = 0; ; n++) {
            if (n > 0 && (n >= limit || (cur & PAGE_MASK) != (pc & PAGE_MASK))) {
                t.b.jump(cur & 0xffff_ffffL);
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
            int mark = t.b.size();
            long markPc = t.b.lastInsnPc();
            t.b.insnStart(cur);
            t.translateOne(cur, word);
            int bytes = size.extend(t.b.view(), t.b.size());
            if (n > 0 && bytes > SizeEstimate.BLOCK_LIMIT) {
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

    private void translateOne(long insnPc, int word) {
        this.pc = insnPc;
        this.insn = word;
        DecodeTable.Entry<Handler> e = (bookE() ? org.jemu.ppc.decode.PpcBookEDecodeTable.TABLE : PpcDecodeTable.TABLE)
                .decode(word);
        if (e == null) {
            illegal();
            return;
        }
        this.entry = e;
        int before = b.size();
        if (!e.handler.emit(this)) {
            if (b.size() != before) {
                try {
                    b.rollback(before);
                } catch (IllegalStateException ex) {
                    throw new IllegalStateException("handler " + e.name + " rejected 0x" + Integer.toHexString(word)
                            + " after emitting IR with effects", ex);
                }
            }
            illegal();
        }
    }

    // ---- fields ---------------------------------------------------------------------------------------

    /** Unsigned field {@code letter} of the current instruction (see its pattern in {@link PpcDecodeTable}). */
    public int f(char letter) {
        return entry.pattern.field(insn, letter);
    }

    /** Field {@code letter} sign-extended from its width. */
    public int sf(char letter) {
        return entry.pattern.signedField(insn, letter);
    }

    /** The Rc bit (field {@code r}): the record form that sets CR0 (or CR1 for FP). */
    public boolean rc() {
        return f('r') != 0;
    }

    /** The OE bit (field {@code o}): the form that sets XER[OV] and XER[SO]. */
    public boolean oe() {
        return f('o') != 0;
    }

    /** Effective address of the next instruction (32 bits). */
    public long nextPc() {
        return (pc + 4) & 0xffff_ffffL;
    }

    /** The decode entry's name (diagnostics). */
    public String entryName() {
        return entry == null ? "?" : entry.name;
    }

    // ---- registers --------------------------------------------------------------------------------------

    /** GPR {@code n} (I32). */
    public Inst gpr(int n) {
        return b.get32(PpcCpu.GPR0 + n);
    }

    /** {@code (RA|0)}: GPR {@code n}, or the constant 0 when {@code n} is 0 (the manual's "(rA|0)" notation, PEM chapter 8). */
    public Inst gprOrZero(int n) {
        return n == 0 ? b.c32(0) : gpr(n);
    }

    /** Writes I32 {@code v} to GPR {@code n}. */
    public void setGpr(int n, Inst v) {
        b.setReg(PpcCpu.GPR0 + n, v);
    }

    /** An I32 constant. */
    public Inst c32(int v) {
        return b.c32(v);
    }

    /** XER[CA] as I32 0/1. */
    public Inst ca() {
        return b.get32(PpcCpu.XER_CA);
    }

    /** XER[SO] as I32 0/1. */
    public Inst so() {
        return b.get32(PpcCpu.XER_SO);
    }

    /** Writes XER[CA] (I32 0/1). */
    public void setCa(Inst v) {
        b.setReg(PpcCpu.XER_CA, v);
    }

    /**
     * The {@code o} form's overflow update (PEM 2.1.4): XER[OV] = {@code ov}, and XER[SO] |= {@code ov}.
     * Emit before {@link #recordCr0} so CR0[SO] sees the new SO, as the manual requires.
     *
     * @return the new SO value (I32 0/1)
     */
    public Inst setOverflow(Inst ov) {
        Inst so = b.or(so(), ov);
        b.setReg(PpcCpu.XER_OV, ov);
        b.setReg(PpcCpu.XER_SO, so);
        return so;
    }

    /** Writes CR field {@code n} (I32, 4 bits). */
    public void setCrField(int n, Inst v) {
        b.setReg(PpcCpu.CR0 + n, v);
    }

    /** CR field {@code n} (I32, 4 bits). */
    public Inst crField(int n) {
        return b.get32(PpcCpu.CR0 + n);
    }

    /**
     * The 4-bit CR field value of a comparison of I32 {@code a} with {@code b} (PEM 2.1.3.3 / 4.2.2): LT (8),
     * GT (4), EQ (2), and {@code so} (I32 0/1) in bit 0.
     *
     * @param signed signed comparison ({@code cmp}, {@code cmpi}, record forms) or unsigned ({@code cmpl})
     */
    public Inst compareField(Inst a, Inst bb, boolean signed, Inst so) {
        Op lt = signed ? Op.SLT : Op.ULT;
        Inst l = b.cmp(lt, a, bb);
        Inst g = b.cmp(lt, bb, a);
        Inst e = b.cmp(Op.EQ, a, bb);
        Inst v = b.or(b.shl(l, c32(3)), b.shl(g, c32(2)));
        v = b.or(v, b.shl(e, c32(1)));
        return b.or(v, so);
    }

    /** The record form's CR0 update (PEM 2.1.3.1): CR0 = result compared with 0 (signed), SO = XER[SO]. */
    public void recordCr0(Inst result) {
        recordCr0(result, so());
    }

    /** CR0 from {@code result} with an SO value just computed (after {@link #setOverflow}). */
    public void recordCr0(Inst result, Inst so) {
        setCrField(0, compareField(result, c32(0), true, so));
    }

    /**
     * CR bit {@code bi} (0..31, bit 0 = CR0[LT]) as I32 0/1.
     */
    public Inst crBit(int bi) {
        return b.and(b.lshr(crField(bi >> 2), c32(3 - (bi & 3))), c32(1));
    }

    // ---- memory -------------------------------------------------------------------------------------------

    /** Big-endian data access of {@code size} bytes through the data MMU index of this block's flags. */
    public long memop(int size, boolean signed) {
        return MemOp.of(size, signed, true, PpcCpu.dataMmuIdx(flags));
    }

    /** Zero-extends a 32-bit effective address to the I64 the memory ops take. */
    public Inst addr(Inst ea32) {
        return b.zext32(ea32);
    }

    // ---- block ends and exceptions ----------------------------------------------------------------------

    /** Emits the illegal instruction program exception for the current instruction (ends the block). */
    public void illegal() {
        b.call(PpcHelperRefs.ILLEGAL, b.c32(insn));
        b.exit(pc, ExitReason.EXCEPTION);
    }

    /** Ends the block after this instruction, returning to the loop (context synchronisation). */
    public void endBlockRecheck() {
        b.exit(nextPc(), ExitReason.RECHECK);
    }

    /** True if FP instructions execute under this block's flags (MSR[FP]). */
    public boolean fpAvailable() {
        return PpcCpu.flagsFpAvailable(flags);
    }

    /** True if the block runs in problem state (MSR[PR] = 1): supervisor instructions are privileged. */
    public boolean problemState() {
        return (flags & PpcCpu.FLAG_PR) != 0;
    }

    /** True for a Book E (e500mc) block ({@link PpcCpu#FLAG_BOOKE}). */
    public boolean bookE() {
        return (flags & PpcCpu.FLAG_BOOKE) != 0;
    }

    /** Emits the privileged instruction program exception (ends the block). */
    public void privileged() {
        b.call(PpcHelperRefs.PRIVILEGED);
        b.exit(pc, ExitReason.EXCEPTION);
    }

    /** Emits the FP unavailable exception (ends the block). */
    public void fpUnavailable() {
        b.call(PpcHelperRefs.FP_UNAVAILABLE, b.c32(insn));
        b.exit(pc, ExitReason.EXCEPTION);
    }

    /** {@code I32 v} as a 64-bit value (zero-extended). */
    public Inst zext(Inst v) {
        return b.zext32(v);
    }

    /** The I32 low half of an I64 value. */
    public Inst lo(Inst v) {
        return b.trunc(v);
    }

    /** An I64 constant. */
    public Inst c64(long v) {
        return b.c64(v);
    }

    /** Type shorthand for handlers. */
    static final Type I32 = Type.I32;
    static final Type I64 = Type.I64;
}
