package org.jemu.ppc.cpu;

import java.util.function.IntConsumer;
import org.jemu.translator.exec.GuestLog;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * The Freescale e500mc core as QEMU's {@code -cpu e500mc} models it: the 32-bit user ISA and classic FPU of
 * {@link PpcCpu} with the Book E supervisor level (Power ISA 2.06 Book III-E; "e500mc Core Reference
 * Manual" (E500MCRM) chapters 2-4, 6 and 9).
 *
 * <h2>What differs from the 750</h2>
 * <ul>
 *   <li><b>MSR</b> (Book III-E 4.2.1, E500MCRM 2.7.1): GS UCLE CE EE PR FP ME FE0 DE FE1 IS DS PMM RI are
 *       stored (QEMU's e500mc msr_mask); IS/DS sit where the classic IR/DR are, and select the address space
 *       of fetches/data. There is no real mode: every access is translated by {@link PpcBookEMmu}.</li>
 *   <li><b>Interrupts</b> (Book III-E 7, E500MCRM 4): the vector is IVPR[0-15] || IVORn[16-27] || 0b0000.
 *       Base class (SRR0/SRR1): the new MSR keeps CE, ME and DE and clears the rest; critical class (critical
 *       input, watchdog; CSRR0/CSRR1): keeps ME; machine check (MCSRR0/MCSRR1): clears everything. SRRn1 =
 *       the whole old MSR. ESR receives PIL/PPR/PTR/FP (program), ST (store: DSI, DTLB, alignment); DEAR the
 *       data address. rfi/rfci/rfmci/rfdi return through the pairs.</li>
 *   <li><b>Timers</b> ({@link PpcBookETimers}): DEC with DECAR auto-reload, TCR/TSR, FIT and watchdog.</li>
 *   <li>Data accesses to physical addresses with nothing behind them read as 0 and writes are ignored (a
 *       guest-error log line), as QEMU does for this CPU; a fetch there sees 0 (an illegal instruction).</li>
 * </ul>
 *
 * <h2>Board interface</h2>
 * {@link #resetSystem()} (the core's reset: PC 0xFFFF_FFFC, MSR 0, one TLB1 entry mapping the 4 KiB boot page
 * 0xFFFF_F000 1:1); {@link #attachClock} (time base frequency; QEMU's ppce500 uses 400 MHz... the board decides);
 * {@link #setInterrupt} with {@link #INT_EXTERNAL} (the core's INT input, level), {@link #INT_CRITICAL} (CINT,
 * level) and {@link #INT_MACHINE_CHECK} (MCP, an edge: set to request; a checkstop with MSR[ME] = 0);
 * {@link #mmu()}.{@link PpcBookEMmu#writeEntry writeEntry} to preload TLB entries; {@link #regs} for GPRs and
 * the PC; {@link #setResetRequestHandler} for the watchdog's reset request; {@link #pir}, {@link #svr},
 * {@link #epr} (the MPIC's external proxy register) as fields.
 */
public class PpcBookECpu extends PpcCpu {
    /** PVR of the e500mc (QEMU CPU_POWERPC_e500mc, rev 2.0). */
    public static final long PVR_E500MC = 0x8023_0020L;
    /**
     * SVR as QEMU 7.2's e500mc reads it: 0 (its model table has POWERPC_SVR_E500 = 0x4000_0000, a flag that only
     * says an SVR exists and is masked off; checked on qemu-system-ppc by BookEOracleTest). A board may set
     * {@link #svr} to a real SoC's value.
     */
    public static final long SVR_E500 = 0;

    // ---- MSR bits (Book III-E 4.2.1; 32-bit numbering bit n = 1 << (31 - n)) ----
    /** MSR[GS] (bit 35 of 64 = bit 3): guest state (stored only; no hypervisor). */
    public static final long MSR_GS = 0x1000_0000L;
    /** MSR[UCLE] (bit 5): user cache locking enable. */
    public static final long MSR_UCLE = 0x0400_0000L;
    /** MSR[CE] (bit 14): critical input and watchdog interrupts enabled. */
    public static final long MSR_CE = 0x0002_0000L;
    /** MSR[DE] (bit 22): debug interrupts enabled (stored; no debug events are raised). */
    public static final long MSR_DE = 0x0200;
    /** MSR[IS] (bit 26): instruction address space. */
    public static final long MSR_IS = 0x0020;
    /** MSR[DS] (bit 27): data address space. */
    public static final long MSR_DS = 0x0010;
    /** MSR[PMM] (bit 29): performance monitor mark. */
    public static final long MSR_PMM = 0x0004;
    /** The MSR bits of QEMU's e500mc (msr_mask): GS UCLE CE EE PR FP ME FE0 DE FE1 IS DS PMM RI. */
    public static final long MSR_MASK = MSR_GS | MSR_UCLE | MSR_CE | MSR_EE | MSR_PR | MSR_FP | MSR_ME | MSR_FE0
            | MSR_DE | MSR_FE1 | MSR_IS | MSR_DS | MSR_PMM | MSR_RI;

    // ---- ESR bits (Book III-E 7.2.?, E500MCRM 2.9.4) ----
    public static final long ESR_PIL = 0x0800_0000L, ESR_PPR = 0x0400_0000L, ESR_PTR = 0x0200_0000L,
            ESR_FP = 0x0100_0000L, ESR_ST = 0x0080_0000L;
    /** MCSR[MCP] (bit 0): machine check input pin. */
    public static final long MCSR_MCP = 0x8000_0000L;

    /** Interrupt input: the critical interrupt input (CINT), level-sensitive, masked by MSR[CE]. */
    public static final int INT_CRITICAL = 4;
    /**
     * Interrupt input: the machine check input (MCP), an edge remembered until taken (at once; with MSR[ME] = 0
     * the CPU checkstops, as QEMU's e500 does).
     */
    public static final int INT_MACHINE_CHECK = 8;
    /** Internal request bit: a TSR status with its TCR enable (DIS/DIE, FIS/FIE, WIS/WIE) is pending. */
    static final int INT_TIMER = 16;

    /** Soft-MMU indexes: 1..4 data, 5..8 fetch (see {@link PpcCpu#bookEDataMmuIdx}); 0 unused. */
    static final int NUM_BOOKE_MMU_IDX = 9;

    private final PpcBookEMmu bookEMmu = new PpcBookEMmu(this);
    /** TB, DEC/DECAR, TCR/TSR, FIT and watchdog. */
    public final PpcBookETimers timers = new PpcBookETimers(this);

    /** IVPR (upper 16 bits) and IVOR0..IVOR41 (bits 16-27, i.e. mask 0xFFF0). */
    public long ivpr;
    public final long[] ivor = new long[42];
    /** CSRR0/CSRR1, MCSRR0/MCSRR1, DSRR0/DSRR1. */
    public long csrr0, csrr1, mcsrr0, mcsrr1, dsrr0, dsrr1;
    /** ESR, DEAR, MCSR, MCAR. */
    public long esr, dear, mcsr, mcar;
    /** SPRG4-SPRG7 (SPRG0-3 are {@link #sprg}), USPRG0. */
    public final long[] sprgHigh = new long[4];
    public long usprg0;
    /** PIR (processor ID, the board sets the CPU number), SVR (system version), EPR (external proxy). */
    public long pir, svr = SVR_E500, epr;
    /** L1CSR0/1, L2CSR0, BUCSR, MMUCSR0, DBSR, DBCR0-2 and the other stored SPRs. */
    public long l1csr0, l1csr1, l2csr0, bucsr, mmucsr0, dbsr;
    /** Performance monitor registers (mfpmr/mtpmr): plain storage by PMR number. */
    final java.util.Map<Integer, Long> pmrs = new java.util.HashMap<>();
    private IntConsumer resetRequest;
    private java.util.function.LongSupplier externalProxy;

    /**
     * @param cpuIndex index of this vCPU in its machine (also the reset value of PIR)
     * @param memory   the physical address space (36-bit addresses)
     */
    public PpcBookECpu(int cpuIndex, PhysicalAddressSpace memory) {
        super(cpuIndex, memory, NUM_BOOKE_MMU_IDX);
        pvr = PVR_E500MC;
        pir = cpuIndex;
    }

    /** The TLBs and MAS registers. */
    public PpcBookEMmu mmu() {
        return bookEMmu;
    }

    /**
     * Receives the watchdog's reset request (Book III-E 9.5 "Watchdog Timer": the second time-out with
     * TSR[ENW] = TSR[WIS] = 1 performs the reset TCR[WRC] selects: 1 core, 2 chip, 3 system). Without a
     * handler the CPU stops with a guest-error line.
     */
    public void setResetRequestHandler(IntConsumer h) {
        resetRequest = h;
    }

    /**
     * Enables the external proxy (E500MCRM 4.9.6.1 "External proxy"; QEMU's mpic_proxy): when an external
     * input interrupt is taken, EPR receives {@code iack.getAsLong()} (the board reads the interrupt
     * controller's IACK, acknowledging the interrupt). Null disables it (EPR keeps its value).
     */
    public void setExternalProxy(java.util.function.LongSupplier iack) {
        externalProxy = iack;
    }

    void watchdogReset(int wrc) {
        if (GuestLog.on(GuestLog.GUEST_ERRORS)) {
            GuestLog.log("cpu" + cpuIndex + ": watchdog reset request (TCR[WRC] = " + wrc + ")");
        }
        if (resetRequest != null) {
            resetRequest.accept(wrc);
        } else {
            stopped = true;
        }
    }

    @Override
    void clockAttached() {
        timers.clockAttached();
    }

    @Override
    void resetTimers() {
        timers.reset();
    }

    /**
     * The user-level start state for unit tests: as {@link #resetSystem()} but MSR = PR | FP at {@code pc},
     * with TLB1 entry 1 mapping the first 256 MiB 1:1 for user and supervisor (read, write, execute) so user
     * code runs without a TLB setup. The exception handler is left as it is.
     */
    @Override
    public void reset(long pc) {
        PpcExceptionHandler h = handler;
        resetSystem();
        handler = h;
        bookEMmu.writeEntry(1, 1, PpcBookEMmu.MAS1_VALID | PpcBookEMmu.tsize(9), 0, 0x3f, 0);
        regs[PC] = pc & 0xffff_ffffL;
        regs[MSR] = MSR_PR | MSR_FP;
    }

    /**
     * The e500mc's reset (E500MCRM 4.9.x "reset" and 6.x "MMU initialization at reset"): MSR = 0, PC =
     * 0xFFFF_FFFC, IVPR/IVORs/ESR/... 0, TLB0 empty, TLB1 entry 0 valid with IPROT mapping the 4 KiB page at EA
     * 0xFFFF_F000 to PA 0xFFFF_F000 (TS 0, TID 0, SX SR SW, I and G set), time base 0, TCR/TSR 0. PVR e500mc,
     * PIR = the CPU index. Installs {@link PpcExceptionHandler#VECTOR}.
     */
    @Override
    public void resetSystem() {
        int pins = interruptRequest & (INT_EXTERNAL | INT_CRITICAL);
        resetCommon();
        interruptRequest = pins | (interruptRequest & INT_TIMER);
        ivpr = 0;
        java.util.Arrays.fill(ivor, 0);
        csrr0 = csrr1 = mcsrr0 = mcsrr1 = dsrr0 = dsrr1 = 0;
        esr = dear = mcsr = mcar = 0;
        java.util.Arrays.fill(sprgHigh, 0);
        usprg0 = 0;
        epr = 0;
        l1csr0 = l1csr1 = l2csr0 = bucsr = mmucsr0 = dbsr = 0;
        pmrs.clear();
        bookEMmu.reset();
        bookEMmu.writeEntry(1, 0, PpcBookEMmu.MAS1_VALID | PpcBookEMmu.MAS1_IPROT | PpcBookEMmu.tsize(1),
                0xffff_f000L | 0x0a, 0xffff_f000L | PpcBookEMmu.MAS3_SX | PpcBookEMmu.MAS3_SR | PpcBookEMmu.MAS3_SW, 0);
        regs[MSR] = 0;
        regs[PC] = 0xffff_fffcL;
        handler = PpcExceptionHandler.VECTOR;
    }

    @Override
    public void setMsr(long v) {
        regs[MSR] = v & MSR_MASK;
        if (interruptRequest != 0) {
            interruptPoll = 1;
        }
    }

    @Override
    public long tbFlags() {
        return classicFlags() | FLAG_BOOKE;
    }

    @Override
    public int fetchMmuIdx(long tbFlags) {
        return bookEFetchMmuIdx(tbFlags);
    }

    /** Every index translates through the TLBs ({@link PpcBookEMmu#translate}). */
    @Override
    public long translate(long vaddr, int access, int mmuIdx) {
        boolean fetch = mmuIdx >= 5;
        int k = (mmuIdx - (fetch ? 5 : 1)) & 3;
        return bookEMmu.translate(vaddr & 0xffff_ffffL, access, (k & 1) != 0, k >> 1);
    }

    /**
     * The physical address of effective address {@code ea} as a debugger sees it now (Book E has no real
     * mode): the data view through the TLBs in address space MSR[DS], else the instruction view in MSR[IS],
     * under PID0-2, without permission checks or side effects ({@link PpcBookEMmu#debugTranslate}).
     *
     * @return the 36-bit physical address, or -1 if neither view has a TLB entry for {@code ea}
     */
    @Override
    public long debugTranslate(long ea) {
        long pa = bookEMmu.debugTranslate(ea, (regs[MSR] & MSR_DS) != 0 ? 1 : 0);
        if (pa == -1) {
            pa = bookEMmu.debugTranslate(ea, (regs[MSR] & MSR_IS) != 0 ? 1 : 0);
        }
        return pa;
    }

    /** No real mode: the faulting instruction's word is not read back (its EA is not a physical address). */
    @Override
    boolean fetchIsPhysical() {
        return false;
    }

    /**
     * As QEMU for this CPU: unassigned physical addresses read as 0 and ignore writes (logged); a fetch there
     * reads the word 0, an illegal instruction, so it raises the illegal-instruction program interrupt
     * (ESR[PIL], SRR0 = the fetch address). The soft MMU requires a fault for fetches.
     *
     * @throws PpcFault the program interrupt, for {@code access} = ACCESS_EXEC
     */
    @Override
    public void unassignedAccess(long vaddr, long paddr, int access, int size) {
        if (GuestLog.on(GuestLog.GUEST_ERRORS)) {
            GuestLog.log(String.format("cpu%d: %s of unassigned physical address 0x%x (virtual 0x%x)", cpuIndex,
                    access == ACCESS_WRITE ? "write" : access == ACCESS_EXEC ? "execute" : "read", paddr, vaddr));
        }
        if (access == ACCESS_EXEC) {
            throw raise(PpcException.Kind.PROGRAM, PpcException.SRR1_ILLEGAL, 0, 0, 0);
        }
    }

    /** ESR for an exception: the classic reason bits of program/storage exceptions in Book E form. */
    static long esrOf(PpcException e) {
        long esr = 0;
        if (e.kind() == PpcException.Kind.PROGRAM) {
            long r = e.srr1();
            if ((r & PpcException.SRR1_ILLEGAL) != 0) {
                esr |= ESR_PIL;
            }
            if ((r & PpcException.SRR1_PRIVILEGED) != 0) {
                esr |= ESR_PPR;
            }
            if ((r & PpcException.SRR1_TRAP) != 0) {
                esr |= ESR_PTR;
            }
            if ((r & PpcException.SRR1_FP_ENABLED) != 0) {
                esr |= ESR_FP;
            }
        }
        if ((e.dsisr() & PpcException.DSISR_STORE) != 0 || ((e.kind() == PpcException.Kind.ALIGNMENT)
                && (e.dsisr() & 0x0001_0000L) != 0)) {
            esr |= ESR_ST;
        }
        return esr;
    }

    /**
     * Book E interrupt entry (Book III-E 7.6 "Interrupt Definitions"; E500MCRM 4.7 and table 4-3 "MSR state
     * after interrupt"): saves PC (or the next instruction for sc and asynchronous interrupts, {@code e.srr0()})
     * and the whole MSR to the class's save/restore pair, sets ESR/DEAR as the interrupt defines, the new MSR
     * (base: CE, ME, DE kept; critical: ME kept; machine check: all cleared) and PC = IVPR[0-15] ||
     * IVORn[16-27] || 0b0000. A machine check with MSR[ME] = 0 is a checkstop (the CPU stops).
     */
    @Override
    public void enterException(PpcException e) {
        long msr = regs[MSR];
        PpcException.Kind k = e.kind();
        if (k == PpcException.Kind.SYSTEM_RESET || k.ivor < 0) {
            resetSystem();
            return;
        }
        long keep;
        switch (k) {
            case MACHINE_CHECK -> {
                if ((msr & MSR_ME) == 0) {
                    lastException = e;
                    stopped = true;
                    if (GuestLog.on(GuestLog.GUEST_ERRORS)) {
                        GuestLog.log("cpu" + cpuIndex + ": checkstop (machine check with MSR[ME] = 0): " + e);
                    }
                    return;
                }
                mcsrr0 = e.srr0() & 0xffff_fffcL;
                mcsrr1 = msr;
                keep = 0;
            }
            case CRITICAL_INPUT, WATCHDOG -> {
                csrr0 = e.srr0() & 0xffff_fffcL;
                csrr1 = msr;
                keep = MSR_ME;
            }
            default -> {
                srr0 = e.srr0() & 0xffff_fffcL;
                srr1 = msr;
                keep = MSR_CE | MSR_ME | MSR_DE;
            }
        }
        switch (k) {
            case DSI, ALIGNMENT, DTLB_MISS -> {
                dear = e.dar() & 0xffff_ffffL;
                esr = esrOf(e);
            }
            case ISI, ITLB_MISS, PROGRAM -> esr = esrOf(e);
            case EXTERNAL -> {
                if (externalProxy != null) {
                    epr = externalProxy.getAsLong() & 0xffff_ffffL;
                }
            }
            default -> {
            }
        }
        regs[MSR] = msr & keep;
        regs[PC] = (ivpr & 0xffff_0000L) | (ivor[k.ivor] & 0xfff0);
        regs[RESERVE_VALID] = 0;
    }

    /** rfi (Book III-E 7.5 "rfi"): MSR = SRR1, PC = SRR0[0-29] || 0b00. */
    @Override
    public void returnFromInterrupt() {
        setMsr(srr1);
        regs[PC] = srr0 & 0xffff_fffcL;
    }

    /** rfci: MSR = CSRR1, PC = CSRR0. */
    void returnFromCritical() {
        setMsr(csrr1);
        regs[PC] = csrr0 & 0xffff_fffcL;
    }

    /** rfmci: MSR = MCSRR1, PC = MCSRR0. */
    void returnFromMachineCheck() {
        setMsr(mcsrr1);
        regs[PC] = mcsrr0 & 0xffff_fffcL;
    }

    /** rfdi: MSR = DSRR1, PC = DSRR0. */
    void returnFromDebug() {
        setMsr(dsrr1);
        regs[PC] = dsrr0 & 0xffff_fffcL;
    }

    /**
     * Takes the highest-priority pending, enabled asynchronous interrupt (E500MCRM 4.11 "Interrupt
     * priorities"): machine check (MCP; with MSR[ME] = 0 a checkstop, as QEMU), critical input (MSR[CE]), watchdog (TSR[WIS] and TCR[WIE],
     * MSR[CE]), external input (MSR[EE]), fixed-interval timer (TSR[FIS] and TCR[FIE], MSR[EE]), decrementer
     * (TSR[DIS] and TCR[DIE], MSR[EE]). The inputs and TSR bits are levels: they stay pending until the board
     * lowers the input or software clears the TSR bit (write 1 to clear); the MCP edge is consumed when taken.
     * SRR0/CSRR0/MCSRR0 = the next instruction to execute.
     */
    @Override
    public boolean checkInterrupts() {
        int req = interruptRequest;
        if (req == 0) {
            return false;
        }
        halted = false;
        long msr = regs[MSR];
        long tsrOn = timers.pendingStatus();
        PpcException.Kind kind;
        if ((req & INT_MACHINE_CHECK) != 0) {
            interruptRequest &= ~INT_MACHINE_CHECK;
            mcsr |= MCSR_MCP;
            kind = PpcException.Kind.MACHINE_CHECK;
        } else if ((req & INT_CRITICAL) != 0 && (msr & MSR_CE) != 0) {
            kind = PpcException.Kind.CRITICAL_INPUT;
        } else if ((tsrOn & PpcBookETimers.TSR_WIS) != 0 && (msr & MSR_CE) != 0) {
            kind = PpcException.Kind.WATCHDOG;
        } else if ((req & INT_EXTERNAL) != 0 && (msr & MSR_EE) != 0) {
            kind = PpcException.Kind.EXTERNAL;
        } else if ((tsrOn & PpcBookETimers.TSR_FIS) != 0 && (msr & MSR_EE) != 0) {
            kind = PpcException.Kind.FIT;
        } else if ((tsrOn & PpcBookETimers.TSR_DIS) != 0 && (msr & MSR_EE) != 0) {
            kind = PpcException.Kind.DECREMENTER;
        } else {
            return false;
        }
        return takeInterrupt(kind);
    }

    @Override
    public String dumpRegisters() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("NIP %08x   LR %08x CTR %08x XER %08x MSR %08x PID %04x%n", regs[PC], regs[LR],
                regs[CTR], xer(), regs[MSR], bookEMmu.pid[0]));
        sb.append(String.format("SRR0 %08x SRR1 %08x CSRR0 %08x CSRR1 %08x MCSRR0 %08x MCSRR1 %08x%n", srr0, srr1,
                csrr0, csrr1, mcsrr0, mcsrr1));
        sb.append(String.format("ESR %08x DEAR %08x IVPR %08x TCR %08x TSR %08x DEC %08x TB %016x%n", esr, dear,
                ivpr, timers.tcr, timers.tsr, timers.decrementer(), timeBase()));
        appendGprs(sb);
        sb.append(String.format("CR %08x FPSCR %08x%n", cr(), regs[FPSCR]));
        return sb.toString();
    }
}
