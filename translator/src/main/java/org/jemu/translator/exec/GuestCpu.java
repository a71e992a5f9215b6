package org.jemu.translator.exec;

import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.jemu.translator.memory.Tlb;

/**
 * A guest CPU as the translator sees it: a register file of 64-bit slots (layout defined by the frontend),
 * one soft-MMU {@link Tlb} per MMU index, and the hooks the execution loop and soft-MMU call into the
 * frontend: block translation, address translation, fault delivery and interrupt acceptance.
 *
 * <p>All methods run on the thread that executes this vCPU. Fields other threads may set are
 * {@link #exitRequest} (volatile).
 */
public abstract class GuestCpu {
    /** Access kinds for {@link #translate}. */
    public static final int ACCESS_READ = 0;
    public static final int ACCESS_WRITE = 1;
    public static final int ACCESS_EXEC = 2;

    /** Permission bits in the value {@link #translate} returns. */
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int PROT_EXEC = 4;
    /** Set by {@link #translate} when the mapping is larger than 4 KiB (TLB page flushes then flush all). */
    public static final int PROT_LARGE = 8;

    /** Guest register slots (frontend-defined layout). */
    public final long[] regs;
    /** Soft-MMU TLBs, indexed by MMU index. */
    public final Tlb[] tlbs;
    /** The guest physical address space this CPU sees. */
    public final PhysicalAddressSpace memory;
    /** Index of this vCPU in its machine (0-based). */
    public final int cpuIndex;
    /** Guest instructions retired by this vCPU. */
    public long icount;
    /**
     * Guest instructions the running compiled unit (or interpreted block) has completed before the
     * instruction that is now in a slow path or helper: set before every call out of generated code, so a
     * fault is precise and the virtual clock can count instructions in flight.
     */
    public int curInsn;
    /** Most instructions the next compiled unit may retire before returning (set by the loop). */
    public int unitBudget;
    /** Instructions the last compiled unit retired; on a fault, those of the blocks completed before it. */
    public int unitRetired;
    /** On a fault in a compiled region: index of the faulting block within the region. */
    public int faultBlock;
    /** Waiting for an interrupt (WFI/HLT); the loop does not run the CPU until an interrupt wakes it. */
    public boolean halted;
    /** The CPU is powered off (PSCI CPU_OFF, or never started); the loop skips it. */
    public boolean stopped;
    /**
     * Bitmask of asserted interrupt inputs (frontend-defined bits, e.g. IRQ, FIQ). Set bits through
     * {@link #setInterrupt} (or also set {@link #interruptPoll}).
     */
    public int interruptRequest;
    /**
     * Non-zero when compiled code should leave its loops at the next block edge so the execution loop can
     * look at {@link #interruptRequest}: set whenever an interrupt input is asserted, and by the loop when a
     * timer is armed ahead of the others mid-run (so the run's budget shrinks to its deadline); cleared by the
     * loop when nothing is pending or every pending interrupt is masked ({@link #checkInterrupts} took none). A guest instruction that
     * unmasks interrupts must therefore end its block, so the loop looks again (QEMU resets its
     * {@code icount_decr.u16.high} the same way in {@code cpu_handle_interrupt}). Without this, a request
     * that stays pending while masked (a timer during a critical section) would end every block.
     */
    public int interruptPoll;
    /** Set (from any thread) to make the loop return at the next block boundary. */
    public volatile boolean exitRequest;
    /**
     * Set (by a debugger, while the machine is paused) to make this vCPU execute exactly one instruction
     * the next time it runs and then stop with a {@link ExecLoop.DebugEvent.Kind#STEP} event; interrupts are
     * not taken while stepping.
     */
    public volatile boolean singleStep;
    /** A breakpoint at this PC was just reported (or stepped from): the next dispatch there runs it. */
    public long breakpointResumePc = -1;
    /** The machine's watchpoints, or null while none is set (set by {@link ExecLoop}). */
    public Watchpoints watchpoints;
    /** After a stop before a watched access: the next instruction runs once with watchpoints ignored. */
    public boolean watchStepPending;
    /** Watchpoints are ignored (while re-executing the instruction that hit one). */
    public boolean watchSuppressed;
    /** Guest virtual address and kind of the last watchpoint hit (valid after a {@link #debugFault}). */
    public long watchHitAddress;
    public int watchHitKind;
    /** Thrown by the soft-MMU when an access hits a watchpoint; the loop turns it into a debug stop. */
    public final GuestFault debugFault = new GuestFault();
    /** Code cache shared by the machine's vCPUs; set by {@link ExecLoop}. */
    public CodeCache codeCache;
    /**
     * Renewed whenever this vCPU's TLBs are flushed: a cached chain between blocks is followed only if it
     * was made in the current generation, so virtual-to-physical mappings it assumed still hold. Values are
     * unique across vCPUs (blocks and their chains are shared), so one vCPU never follows a chain another
     * vCPU made under different mappings.
     */
    public int tlbGeneration = GENERATIONS.incrementAndGet();
    private static final java.util.concurrent.atomic.AtomicInteger GENERATIONS =
            new java.util.concurrent.atomic.AtomicInteger();
    /** Per-vCPU lookup cache from guest virtual PC to block. */
    final TranslationBlock[] jmpCache = new TranslationBlock[JMP_CACHE_SIZE];
    /** Guest virtual PC each {@link #jmpCache} entry was found for. */
    final long[] jmpCachePc = new long[JMP_CACHE_SIZE];
    static final int JMP_CACHE_BITS = 12;
    static final int JMP_CACHE_SIZE = 1 << JMP_CACHE_BITS;

    protected GuestCpu(int cpuIndex, int numRegs, int numMmuIdx, PhysicalAddressSpace memory) {
        this.cpuIndex = cpuIndex;
        this.regs = new long[numRegs];
        this.tlbs = new Tlb[numMmuIdx];
        for (int i = 0; i < numMmuIdx; i++) {
            tlbs[i] = new Tlb();
        }
        this.memory = memory;
    }

    /** Slot of the program counter in {@link #regs}. */
    public abstract int pcSlot();

    /** Guest virtual PC. */
    public long pc() {
        return regs[pcSlot()];
    }

    /** The CPU mode bits a block translated now would assume (part of the code cache key). */
    public abstract long tbFlags();

    /** The MMU index used to fetch instructions under {@code tbFlags}. */
    public abstract int fetchMmuIdx(long tbFlags);

    /**
     * Translates the guest code at guest virtual {@code pc} into IR.
     *
     * @param pc       guest virtual address of the first instruction
     * @param flags    {@link #tbFlags()} the block assumes
     * @param maxInsns upper bound on guest instructions in the block (1 for single-stepping)
     * @throws GuestFault only if fetching the first instruction faults; later fetch faults end the block
     *                    before the faulting instruction
     */
    public abstract IrBlock translateBlock(long pc, long flags, int maxInsns);

    /**
     * Translates guest virtual {@code vaddr} for an access of kind {@code access} under MMU index
     * {@code mmuIdx} (the frontend's MMU: page-table walk, BATs, software TLB ...).
     *
     * @return the guest physical address of the 4 KiB page containing {@code vaddr}, OR-ed with the
     *         {@code PROT_*} permissions this mapping grants under {@code mmuIdx}
     * @throws GuestFault if the access is not permitted (translation or permission fault)
     */
    public abstract long translate(long vaddr, int access, int mmuIdx);

    /**
     * Raises the architecture's alignment fault for an access that {@link org.jemu.translator.ir.MemOp}
     * required to be aligned. Must throw.
     */
    public abstract GuestFault alignmentFault(long vaddr, int access, int mmuIdx);

    /**
     * Called for an access to a guest physical address with no memory or device behind it. Return
     * normally to read as zero / ignore the write, or throw the architecture's external abort.
     */
    public void unassignedAccess(long vaddr, long paddr, int access, int size) {
        if (GuestLog.on(GuestLog.GUEST_ERRORS)) {
            GuestLog.log(String.format("cpu%d: %s of unassigned physical address 0x%x (virtual 0x%x)", cpuIndex,
                    access == ACCESS_WRITE ? "write" : access == ACCESS_EXEC ? "execute" : "read", paddr, vaddr));
        }
    }

    /**
     * Performs exception entry for a fault thrown during a block. The PC slot already holds the guest
     * virtual address of the faulting instruction.
     */
    public abstract void deliverFault(GuestFault fault);

    /**
     * Called by the loop when {@link #interruptRequest} is non-zero: takes an interrupt if one is pending
     * and unmasked (exception entry), and wakes a halted CPU if one is pending at all.
     *
     * @return true if an interrupt was taken (the PC changed)
     */
    public abstract boolean checkInterrupts();

    /**
     * The register state as text for the monitor's {@code info registers} and {@code -d int}, in the
     * architecture's own register names. The default prints the raw slots.
     */
    public String dumpRegisters() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < regs.length; i++) {
            sb.append(String.format("slot%-3d=%016x%s", i, regs[i], i % 4 == 3 ? "\n" : " "));
        }
        return sb.toString();
    }

    /**
     * Whether a watchpoint stops before the accessing instruction executes (AArch64, as the architecture's
     * watchpoints and gdb's remote protocol for it work; the debugger steps over it) or after it (x86).
     */
    public boolean watchpointStopsBefore() {
        return false;
    }

    /** Empties every TLB of this vCPU and its lookup cache. */
    public void tlbFlushAll() {
        for (Tlb t : tlbs) {
            t.flush();
        }
        java.util.Arrays.fill(jmpCache, null);
        tlbGeneration = GENERATIONS.incrementAndGet();
    }

    /** Empties the TLB entries for the page holding guest virtual {@code vaddr} in every MMU index. */
    public void tlbFlushPage(long vaddr) {
        boolean large = false;
        for (Tlb t : tlbs) {
            if (t.hasLargePages) {
                t.flush();
                large = true;
            } else {
                t.flushPage(vaddr);
            }
        }
        if (large) {
            java.util.Arrays.fill(jmpCache, null);
        } else {
            // The cache is indexed by PC bits [13:2], so blocks of this 4 KiB page can only sit in these
            // 1024 consecutive slots; a block of the page before may end with an instruction that
            // continues on this page, so its slots go too.
            int first = (int) (vaddr >>> 2) & (JMP_CACHE_SIZE - 1) & ~1023;
            java.util.Arrays.fill(jmpCache, first, first + 1024, null);
            int prev = (int) ((vaddr - 4096) >>> 2) & (JMP_CACHE_SIZE - 1) & ~1023;
            java.util.Arrays.fill(jmpCache, prev, prev + 1024, null);
        }
        tlbGeneration = GENERATIONS.incrementAndGet();
    }

    /** Asserts ({@code level} true) or deasserts interrupt input bits {@code mask}. */
    public void setInterrupt(int mask, boolean level) {
        if (level) {
            interruptRequest |= mask;
            interruptPoll = 1;
        } else {
            interruptRequest &= ~mask;
        }
    }
}
