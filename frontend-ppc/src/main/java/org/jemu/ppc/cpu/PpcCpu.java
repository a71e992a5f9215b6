package org.jemu.ppc.cpu;

import org.jemu.ppc.translate.PpcTranslator;
import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.exec.GuestFault;
import org.jemu.translator.exec.GuestLog;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * A 32-bit PowerPC processor (PowerPC 750 / Power ISA 2.0x 32-bit implementation) at the user level:
 * the UISA register set of "PowerPC Microprocessor Family: The Programming Environments for 32-Bit
 * Microprocessors" (PEM) chapter 2.1 "PowerPC UISA Register Set", big-endian only (MSR[LE] = 0).
 *
 * <h2>Register slots</h2>
 * Every slot of {@link #regs} is 64 bits wide; 32-bit registers are held zero-extended.
 * <ul>
 *   <li>{@link #GPR0}..+31: GPR0-GPR31 (32 bits each, PEM 2.1.1);</li>
 *   <li>{@link #PC}: the current instruction address (CIA/NIA, 32 bits);</li>
 *   <li>{@link #LR}, {@link #CTR}: link and count registers (32 bits, PEM 2.1.5, 2.1.6);</li>
 *   <li>XER (PEM 2.1.4) split into {@link #XER_SO}, {@link #XER_OV}, {@link #XER_CA} (each 0 or 1) and
 *       {@link #XER_REST}, the other 32 bits with SO/OV/CA clear (bits 25-31 are the byte count of
 *       {@code lswx}/{@code stswx}; the reserved bits keep what {@code mtxer} wrote);</li>
 *   <li>CR (PEM 2.1.3) as eight 4-bit fields {@link #CR0}..+7: each slot holds LT (8), GT (4), EQ (2),
 *       SO (1) of one field;</li>
 *   <li>{@link #FPR0}..+31: FPR0-FPR31 as IEEE double bit patterns (64 bits, PEM 2.1.2);</li>
 *   <li>{@link #FPSCR} (32 bits, PEM 2.1.4 / 3.3.6), {@link #MSR} (32 bits);</li>
 *   <li>the reservation of {@code lwarx}/{@code stwcx.}: {@link #RESERVE_VALID} (0/1) and
 *       {@link #RESERVE_ADDR} (the reserved word's effective address).</li>
 * </ul>
 *
 * <p>Why the carry, overflow and CR are split into slots: almost every arithmetic instruction writes CA,
 * the {@code o} forms write OV and SO, and every record ({@code .}) form and compare writes one whole CR
 * field. With one slot per field (and per XER bit) each of those is a single {@code setReg} of a value
 * computed from the result, with no read-modify-write of a packed register, and the optimizer's get/set
 * elimination drops a field write that a later instruction of the block overwrites (a CR0 written by a
 * record form and then by a compare). The packed forms are assembled only by {@code mfcr}, {@code mfxer},
 * {@code mtcrf} and {@code mtxer}, which are rare. One slot per CR <em>bit</em> would make the CR logical
 * instructions cheaper but every compare four writes; QEMU's TCG makes the same per-field choice.
 *
 * <h2>Exceptions</h2>
 * Faults are {@link PpcFault}s thrown from the soft-MMU and helpers; {@link #deliverFault} turns them into a
 * {@link PpcException} and calls the {@link PpcExceptionHandler} (default {@link PpcExceptionHandler#STOP}).
 * The supervisor vectors, SRR0/SRR1 and MSR changes of real interrupt entry come with the supervisor phase.
 *
 * <h2>Memory</h2>
 * Address translation is off (MSR[IR] = MSR[DR] = 0, real addressing): effective = physical for all 32 bits,
 * one soft-MMU index. A data access to a physical address with nothing behind it is a machine check
 * ({@link PpcException.Kind#MACHINE_CHECK}, as a 750 reports a bus error), an instruction fetch there an ISI.
 */
public final class PpcCpu extends GuestCpu {
    /** GPR0; GPRn is slot n. */
    public static final int GPR0 = 0;
    public static final int PC = 32;
    public static final int LR = 33;
    public static final int CTR = 34;
    /** XER[SO] (bit 0), XER[OV] (bit 1), XER[CA] (bit 2), each 0 or 1. */
    public static final int XER_SO = 35;
    public static final int XER_OV = 36;
    public static final int XER_CA = 37;
    /** The rest of XER (SO/OV/CA clear); the byte count of string instructions is bits 25-31 (mask 0x7f). */
    public static final int XER_REST = 38;
    /** CR field 0; field n is slot CR0 + n, 4 bits: LT 8, GT 4, EQ 2, SO 1. */
    public static final int CR0 = 39;
    /** FPR0; FPRn is slot FPR0 + n (IEEE double bit pattern). */
    public static final int FPR0 = 47;
    public static final int FPSCR = 79;
    public static final int MSR = 80;
    /** 1 while a reservation made by {@code lwarx} exists. */
    public static final int RESERVE_VALID = 81;
    /** Effective address of the reserved word. */
    public static final int RESERVE_ADDR = 82;
    public static final int NUM_REGS = 83;

    /** The only soft-MMU index: real addressing. */
    public static final int MMU_IDX_REAL = 0;

    /** MSR[FP] (bit 18, 0x2000): floating-point available (PEM 2.3.1). */
    public static final long MSR_FP = 0x2000;
    /** MSR[LE] (bit 31, 0x1): little-endian mode; always 0 here. */
    public static final long MSR_LE = 0x1;

    /** tbFlags bit: MSR[FP] set when the block was translated. */
    private static final long FLAG_FP = 1;

    private final PpcFault fault = new PpcFault();
    /** Scratch of the FP arithmetic helpers ({@link PpcFpu#arith}, {@link PpcFpu#result}); not guest state. */
    public final PpcFpu fpu = new PpcFpu();
    private PpcExceptionHandler handler = PpcExceptionHandler.STOP;
    /** The last exception the default handler recorded, or null. */
    public PpcException lastException;

    /**
     * @param cpuIndex index of this vCPU in its machine
     * @param memory   the physical address space
     */
    public PpcCpu(int cpuIndex, PhysicalAddressSpace memory) {
        super(cpuIndex, NUM_REGS, 1, memory);
    }

    /**
     * Resets to the user-level state a program starts from: every register 0, PC {@code pc}, MSR[FP] set
     * (floating point available), no reservation, the CPU running.
     */
    public void reset(long pc) {
        java.util.Arrays.fill(regs, 0);
        regs[PC] = pc & 0xffff_ffffL;
        regs[MSR] = MSR_FP;
        lastException = null;
        stopped = false;
        halted = false;
        tlbFlushAll();
    }

    /** Installs the exception hook (null restores {@link PpcExceptionHandler#STOP}). */
    public void setExceptionHandler(PpcExceptionHandler h) {
        handler = h == null ? PpcExceptionHandler.STOP : h;
    }

    // ---- packed registers ---------------------------------------------------------------------------

    /** The 32-bit CR (PEM 2.1.3), field 0 in bits 31-28 (LSB-0 numbering). */
    public long cr() {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (regs[CR0 + i] & 0xf) << (28 - 4 * i);
        }
        return v;
    }

    /** Sets all eight CR fields from a 32-bit value. */
    public void setCr(long v) {
        for (int i = 0; i < 8; i++) {
            regs[CR0 + i] = (v >>> (28 - 4 * i)) & 0xf;
        }
    }

    /** The 32-bit XER (PEM 2.1.4): SO 0x8000_0000, OV 0x4000_0000, CA 0x2000_0000, byte count 0x7f. */
    public long xer() {
        return regs[XER_SO] << 31 | regs[XER_OV] << 30 | regs[XER_CA] << 29 | regs[XER_REST];
    }

    /** Sets XER from a 32-bit value. */
    public void setXer(long v) {
        regs[XER_SO] = (v >>> 31) & 1;
        regs[XER_OV] = (v >>> 30) & 1;
        regs[XER_CA] = (v >>> 29) & 1;
        regs[XER_REST] = v & 0x1fff_ffffL;
    }

    // ---- GuestCpu ------------------------------------------------------------------------------------

    @Override
    public int pcSlot() {
        return PC;
    }

    /** Translation flags: bit 0 = MSR[FP]. */
    @Override
    public long tbFlags() {
        return (regs[MSR] & MSR_FP) != 0 ? FLAG_FP : 0;
    }

    /** True if blocks translated under {@code flags} may execute floating-point instructions. */
    public static boolean flagsFpAvailable(long flags) {
        return (flags & FLAG_FP) != 0;
    }

    @Override
    public int fetchMmuIdx(long tbFlags) {
        return MMU_IDX_REAL;
    }

    /** Translates the block at {@code pc}; a fetch from a misaligned PC cannot happen (branches clear bits 0-1). */
    @Override
    public IrBlock translateBlock(long pc, long flags, int maxInsns) {
        return PpcTranslator.translate(this, pc, flags, maxInsns);
    }

    /** Real addressing: the effective address is the physical address (32 bits), all permissions. */
    @Override
    public long translate(long vaddr, int access, int mmuIdx) {
        return (vaddr & 0xffff_f000L) | PROT_READ | PROT_WRITE | PROT_EXEC;
    }

    /** Alignment exception (PEM 6.4.6): DAR = the effective address; DSISR bit 15 (0x10000) on a store. */
    @Override
    public GuestFault alignmentFault(long vaddr, int access, int mmuIdx) {
        return fault.set(PpcException.Kind.ALIGNMENT, 0, vaddr & 0xffff_ffffL,
                access == ACCESS_WRITE ? 0x0001_0000L : 0, 0);
    }

    /** An access to unassigned physical memory: machine check for data, ISI for instruction fetches. */
    @Override
    public void unassignedAccess(long vaddr, long paddr, int access, int size) {
        super.unassignedAccess(vaddr, paddr, access, size);
        if (access == ACCESS_EXEC) {
            throw fault.set(PpcException.Kind.ISI, 0x4000_0000L, 0, 0, 0);
        }
        throw fault.set(PpcException.Kind.MACHINE_CHECK, 0, vaddr & 0xffff_ffffL,
                access == ACCESS_WRITE ? PpcException.DSISR_STORE : 0, 0);
    }

    /** Fills this CPU's preallocated fault (helpers). */
    PpcFault raise(PpcException.Kind kind, long srr1, long dar, long dsisr, int srr0Offset) {
        return fault.set(kind, srr1, dar, dsisr, srr0Offset);
    }

    /** Builds the {@link PpcException} for {@code f} (the PC slot holds the faulting instruction) and calls the handler. */
    @Override
    public void deliverFault(GuestFault f) {
        if (!(f instanceof PpcFault pf)) {
            throw new IllegalStateException("not a PowerPC fault: " + f);
        }
        long cia = regs[PC];
        int insn = 0;
        if (pf.kind != PpcException.Kind.ISI) {
            try {
                insn = (int) memory.read(cia, 4, true);
            } catch (RuntimeException e) {
                insn = 0;
            }
        }
        PpcException e = new PpcException(pf.kind, cia, (cia + pf.srr0Offset) & 0xffff_ffffL, pf.srr1, pf.dar,
                pf.dsisr, insn);
        if (GuestLog.on(GuestLog.INT)) {
            GuestLog.log("cpu" + cpuIndex + ": exception " + e);
        }
        handler.handle(this, e);
    }

    /** No external interrupts yet (the decrementer and external input come with the supervisor phase). */
    @Override
    public boolean checkInterrupts() {
        return false;
    }

    @Override
    public String dumpRegisters() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("NIP %08x   LR %08x CTR %08x XER %08x MSR %08x%n", regs[PC], regs[LR], regs[CTR],
                xer(), regs[MSR]));
        for (int i = 0; i < 32; i++) {
            sb.append(String.format("%sGPR%02d %08x", i % 8 == 0 ? "" : " ", i, regs[GPR0 + i]));
            if (i % 8 == 7) {
                sb.append('\n');
            }
        }
        sb.append(String.format("CR %08x FPSCR %08x RESERVE %s%n", cr(), regs[FPSCR],
                regs[RESERVE_VALID] != 0 ? String.format("%08x", regs[RESERVE_ADDR]) : "-"));
        for (int i = 0; i < 32; i++) {
            sb.append(String.format("%sFPR%02d %016x", i % 4 == 0 ? "" : " ", i, regs[FPR0 + i]));
            if (i % 4 == 3) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
