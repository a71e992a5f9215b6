package org.jemu.ppc.cpu;

import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.memory.SoftMmu;

/**
 * Java helpers the PowerPC translator calls through {@code Op.CALL} (see
 * {@code org.jemu.ppc.translate.PpcHelperRefs} for their declared effects). Each helper that raises an
 * exception throws the CPU's preallocated {@link PpcFault} before it changes any guest state, so the
 * state stays as after the previous instruction.
 */
public final class PpcHelpers {
    private PpcHelpers() {
    }

    private static long wordBe(PpcCpu c) {
        return MemOp.of(4, false, true, c.dataMmuIdx());
    }

    private static long byteOp(PpcCpu c) {
        return MemOp.of(1, false, true, c.dataMmuIdx());
    }

    /** Program exception, illegal instruction (PEM 6.4.7): an unimplemented opcode or an invalid form. */
    public static void illegal(PpcCpu c, int insn) {
        throw c.raise(PpcException.Kind.PROGRAM, PpcException.SRR1_ILLEGAL, 0, 0, 0);
    }

    /** Floating-point unavailable exception (PEM 6.4.8): an FP instruction with MSR[FP] = 0. */
    public static void fpUnavailable(PpcCpu c, int insn) {
        throw c.raise(PpcException.Kind.FP_UNAVAILABLE, 0, 0, 0, 0);
    }

    /** System call exception (PEM 6.4.10, {@code sc}): SRR0 is the next instruction. */
    public static void sc(PpcCpu c) {
        throw c.raise(PpcException.Kind.SYSTEM_CALL, 0, 0, 0, 4);
    }

    /** {@code tw}/{@code twi} (PEM 4.5.5): a trap-type program exception when {@code cond} (I32) is non-zero. */
    public static void trapIf(PpcCpu c, int cond) {
        if (cond != 0) {
            throw c.raise(PpcException.Kind.PROGRAM, PpcException.SRR1_TRAP, 0, 0, 0);
        }
    }

    /**
     * Alignment check of the word accesses that require a word-aligned effective address ({@code lwarx},
     * {@code stwcx.}, {@code lmw}, {@code stmw}: PEM 6.4.6): throws the alignment exception for an
     * address (32 bits) that is not a multiple of 4.
     *
     * @param store 1 for a store (DSISR bit 15)
     */
    public static void alignWord(PpcCpu c, long ea, int store) {
        if ((ea & 3) != 0) {
            throw c.alignmentFault(ea, store != 0 ? GuestCpu.ACCESS_WRITE : GuestCpu.ACCESS_READ, c.dataMmuIdx());
        }
    }

    /**
     * {@code stwcx.} (PEM 8 "stwcx.", Book II "Load and Reserve and Store Conditional"): if a reservation
     * exists for word address {@code ea} (32 bits, already checked to be aligned), stores the low 32 bits
     * of {@code value}; the reservation is cleared either way.
     *
     * @return 1 if the store was performed (CR0[EQ]), else 0
     */
    public static int stwcx(PpcCpu c, long ea, long value) {
        long[] r = c.regs;
        boolean ok = r[PpcCpu.RESERVE_VALID] != 0 && r[PpcCpu.RESERVE_ADDR] == ea;
        if (ok) {
            SoftMmu.store(c, ea, value, wordBe(c));
        }
        r[PpcCpu.RESERVE_VALID] = 0;
        return ok ? 1 : 0;
    }

    /** True if register {@code r} is among the {@code n} registers starting at {@code rt} (wrapping 31 to 0). */
    static boolean inRange(int rt, int n, int r) {
        return ((r - rt) & 31) < n;
    }

    /**
     * {@code lswx} (PEM 4.4.6, Book I "Fixed-Point Move Assist"): loads {@code n} = XER[25:31] bytes from
     * effective address {@code ea} into RT, RT+1, ... (wrapping from 31 to 0), four bytes per register from
     * the most significant end, the unfilled low bytes of the last register cleared. With n = 0 nothing
     * changes (RT is undefined in the manual; this implementation leaves it). The invalid form (RA when
     * non-zero, or RB, among the registers to be loaded) is an illegal instruction program exception,
     * raised before any access. All loads complete before the first register write, so a fault leaves the
     * registers unchanged.
     */
    public static void lswx(PpcCpu c, long ea, int rt, int ra, int rb) {
        long[] r = c.regs;
        int n = (int) (r[PpcCpu.XER_REST] & 0x7f);
        if (n == 0) {
            return;
        }
        int nregs = (n + 3) / 4;
        if ((ra != 0 && inRange(rt, nregs, ra)) || inRange(rt, nregs, rb)) {
            illegal(c, 0);
        }
        long[] vals = new long[nregs];
        long BYTE = byteOp(c);
        for (int i = 0; i < n; i++) {
            long b = SoftMmu.load(c, (ea + i) & 0xffff_ffffL, BYTE);
            vals[i / 4] |= b << (24 - 8 * (i % 4));
        }
        for (int k = 0; k < nregs; k++) {
            r[PpcCpu.GPR0 + ((rt + k) & 31)] = vals[k];
        }
    }

    /**
     * {@code stswx} (PEM 4.4.6): stores {@code n} = XER[25:31] bytes from RS, RS+1, ... (wrapping from 31 to
     * 0), four per register from the most significant end, to effective address {@code ea}. Bytes are
     * stored in ascending order; a fault on a later byte leaves the earlier ones stored (the instruction is
     * restartable, PEM 6.4.6).
     */
    public static void stswx(PpcCpu c, long ea, int rs) {
        long[] r = c.regs;
        int n = (int) (r[PpcCpu.XER_REST] & 0x7f);
        long BYTE = byteOp(c);
        for (int i = 0; i < n; i++) {
            long v = r[PpcCpu.GPR0 + ((rs + i / 4) & 31)] >>> (24 - 8 * (i % 4));
            SoftMmu.store(c, (ea + i) & 0xffff_ffffL, v & 0xff, BYTE);
        }
    }

    /**
     * The time base (PEM 2.2 "PowerPC VEA Register Set -- Time Base"): {@link PpcCpu#timeBase} (one tick per
     * retired instruction without a clock, else the virtual clock at the board's frequency).
     *
     * @param upper 1 for TBU (bits 0-31), 0 for TBL (bits 32-63)
     * @return the 32-bit half, zero-extended
     */
    public static long mftb(PpcCpu c, int upper) {
        long tb = c.timeBase();
        return upper != 0 ? tb >>> 32 : tb & 0xffff_ffffL;
    }
}
