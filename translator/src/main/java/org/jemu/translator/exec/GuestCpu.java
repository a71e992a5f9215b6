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
    /**
     * Set by {@link #translate} when the mapping is larger than 4 KiB: TLB page flushes within it (or, if its
     * size is not given in the {@link #PROT_SIZE_SHIFT} field, any page flush) then flush the whole TLB.
     */
    public static final int PROT_LARGE = 8;
    /**
     * Position of an optional 6-bit field in the value {@link #translate} returns: log2 of a
     * {@link #PROT_LARGE} mapping's size in bytes (0: not given).
     */
    public static final int PROT_SIZE_SHIFT = 4;

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
    /**
     * The IR interpreter's value slots, shared by every interpreted block of this vCPU (blocks do not nest);
     * grown by the interpreter when a block needs more.
     */
    public long[] interpVals = new long[64];
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
    /**
     * Per-vCPU lookup cache from guest virtual PC to block. An entry is used only while this vCPU's
     * instruction TLB maps the PC to the block's physical page ({@link ExecLoop}), so TLB flushes and
     * address-space switches need not empty it.
     */
    final TranslationBlock[] jmpCache = new TranslationBlock[JMP_CACHE_SIZE];
    /** Guest virtual PC each {@link #jmpCache} entry was found for. */
    final long[] jmpCachePc = new long[JMP_CACHE_SIZE];
    /** log2 of the lookup cache's entries (4096 entries covered only 16 KiB of code without conflicts). */
    static final int JMP_CACHE_BITS = 14;
    static final int JMP_CACHE_SIZE = 1 << JMP_CACHE_BITS;

    /**
     * Lookup cache slot of guest virtual {@code pc}: PC bits [15:2], with bit 1 (2-byte Thumb and VLE
     * instructions) flipping the top index bit, so blocks starting 2 bytes apart do not evict each other.
     */
    static int jmpCacheIndex(long pc) {
        return (int) ((pc >>> 2) ^ ((pc >>> 1) & 1) << (JMP_CACHE_BITS - 1)) & (JMP_CACHE_SIZE - 1);
    }
    /** Most translation contexts whose TLBs a vCPU keeps (see {@link #tlbSwitchContext}). */
    static final int TLB_CONTEXTS = 8;
    /** Kept translation contexts; [0] is the one in use at reset. Unused slots are null. */
    private final TlbContext[] contexts = new TlbContext[TLB_CONTEXTS];
    /** The context whose TLBs are in {@link #tlbs}. */
    private TlbContext context;
    private long contextUses;

    /**
     * The soft-MMU state of one translation context (an address space: an ASID with its translation table
     * bases): a TLB per MMU index and the {@link #tlbGeneration} its contents belong to.
     */
    private static final class TlbContext {
        final Tlb[] tlbs;
        /** The frontend's key of this context, valid if {@link #keyed}. */
        long key0;
        long key1;
        boolean keyed;
        /** Its contents were invalidated while another context was in use: empty it before reuse. */
        boolean stale;
        int generation;
        long lastUse;

        TlbContext(int numMmuIdx) {
            tlbs = new Tlb[numMmuIdx];
            for (int i = 0; i < numMmuIdx; i++) {
                tlbs[i] = new Tlb();
            }
        }

        void flush() {
            for (Tlb t : tlbs) {
                t.flush();
            }
            stale = false;
        }
    }

    protected GuestCpu(int cpuIndex, int numRegs, int numMmuIdx, PhysicalAddressSpace memory) {
        this.cpuIndex = cpuIndex;
        this.regs = new long[numRegs];
        this.tlbs = new Tlb[numMmuIdx];
        context = new TlbContext(numMmuIdx);
        context.generation = tlbGeneration;
        contexts[0] = context;
        install(context);
        this.memory = memory;
    }

    private void install(TlbContext c) {
        System.arraycopy(c.tlbs, 0, tlbs, 0, tlbs.length);
        tlbGeneration = c.generation;
        c.lastUse = ++contextUses;
        context = c;
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
     *         {@code PROT_*} permissions this mapping grants under {@code mmuIdx} (and, for a
     *         {@link #PROT_LARGE} mapping, optionally its log2 size at {@link #PROT_SIZE_SHIFT})
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

    /**
     * Empties every TLB of this vCPU, in every kept translation context (those not in
     * use are emptied when they are next used).
     */
    public void tlbFlushAll() {
        for (TlbContext c : contexts) {
            if (c != null && c != context) {
                c.stale = true;
                c.generation = GENERATIONS.incrementAndGet();
            }
        }
        context.flush();
        tlbGeneration = context.generation = GENERATIONS.incrementAndGet();
    }

    /**
     * Switches the soft-MMU to another translation context, as an ASID-tagged TLB would: the frontend calls
     * this instead of {@link #tlbFlushAll} when a register write changes the address space (an ASID, or on
     * architectures without ASIDs in the table walk's key, a translation table base) and nothing else about
     * translation. The TLB entries of the context being left are kept under
     * ({@code oldKey0}, {@code oldKey1}), the frontend's encoding of the register values that defined them, and
     * those kept for ({@code newKey0}, {@code newKey1}) come back; up to {@link #TLB_CONTEXTS} contexts are
     * kept, the least recently used one is dropped for a new key. Every flush ({@link #tlbFlushAll},
     * {@link #tlbFlushPage}) applies to all kept contexts, so an entry that comes back is one the guest has
     * not invalidated since it was cached (Arm ARM D8.13, TLB maintenance requirements: an entry tagged with
     * an ASID may be used whenever that ASID is current, until it is invalidated).
     *
     * @param oldKey0 first half of the key of the context being left (the register values before the write)
     * @param newKey0 first half of the key of the context being entered (the values after it)
     */
    public void tlbSwitchContext(long oldKey0, long oldKey1, long newKey0, long newKey1) {
        if (oldKey0 == newKey0 && oldKey1 == newKey1) {
            return; // the same address space
        }
        TlbContext cur = context;
        if (cur.keyed && (cur.key0 != oldKey0 || cur.key1 != oldKey1)) {
            // Filled under another key than the frontend says (cannot happen with a consistent frontend):
            // do not keep it.
            cur.keyed = false;
            cur.stale = true;
        } else {
            cur.key0 = oldKey0;
            cur.key1 = oldKey1;
            cur.keyed = true;
        }
        cur.generation = tlbGeneration;
        TlbContext next = null;
        TlbContext victim = null;
        int free = -1;
        for (int i = 0; i < contexts.length; i++) {
            TlbContext c = contexts[i];
            if (c == null) {
                free = free < 0 ? i : free;
            } else if (c != cur) {
                if (c.keyed && c.key0 == newKey0 && c.key1 == newKey1) {
                    next = c;
                    break;
                }
                // Drop an unkeyed context first, else the least recently used one.
                if (victim == null || victim.keyed && (!c.keyed || c.lastUse < victim.lastUse)) {
                    victim = c;
                }
            }
        }
        if (next == null) {
            if (free >= 0 && (victim == null || victim.keyed)) {
                next = contexts[free] = new TlbContext(tlbs.length);
            } else {
                next = victim;
                next.flush();
            }
            next.key0 = newKey0;
            next.key1 = newKey1;
            next.keyed = true;
            next.generation = GENERATIONS.incrementAndGet();
        } else if (next.stale) {
            next.flush();
            next.generation = GENERATIONS.incrementAndGet();
        }
        install(next);
    }

    /** Forces writes to guest physical page {@code ppage} onto the slow path in every kept context's TLBs. */
    public void tlbProtectPhysPage(long ppage) {
        for (TlbContext c : contexts) {
            if (c != null && !c.stale) {
                for (Tlb t : c.tlbs) {
                    t.protectPhysPage(ppage);
                }
            }
        }
    }

    /**
     * Empties the TLB entries for the page holding guest virtual {@code vaddr} in every MMU index of every
     * kept context, whatever the address's top byte (entries are indexed by bits [21:12], so tagged aliases
     * under Arm's Top Byte Ignore share the entry). A TLB holding a larger page that may cover
     * {@code vaddr} is emptied whole.
     */
    public void tlbFlushPage(long vaddr) {
        for (TlbContext c : contexts) {
            if (c == null || c.stale) {
                continue;
            }
            for (Tlb t : c.tlbs) {
                t.flushPage(vaddr);
            }
            c.generation = GENERATIONS.incrementAndGet();
        }
        tlbGeneration = context.generation;
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
