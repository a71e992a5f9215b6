package org.jemu.translator.exec;

import java.util.List;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.interp.IrInterpreter;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.Verifier;
import org.jemu.translator.memory.SoftMmu;
import org.jemu.translator.opt.Optimizer;

/**
 * The execution loop: finds or translates the block at each vCPU's PC, runs it (interpreted while cold,
 * compiled once hot), follows cached chains between blocks, delivers faults and interrupts at block
 * boundaries, and drives the virtual clock.
 *
 * <p>vCPUs run round-robin on the calling thread in fixed instruction quanta, so a multi-core guest is
 * deterministic. Interrupts and timer events are handled only between blocks; a block's instruction count
 * is added when it completes, and a fault adds the instructions completed before it.
 */
public final class ExecLoop {
    /** What the machine must do after {@link #run} returns. */
    public enum Stop { EXIT_REQUESTED, ALL_STOPPED, DEBUG }

    /** Watchpoint kinds ({@link #addWatchpoint}). */
    public static final int WATCH_READ = 1;
    public static final int WATCH_WRITE = 2;
    public static final int WATCH_ACCESS = WATCH_READ | WATCH_WRITE;

    /**
     * Why execution stopped for the debugger.
     *
     * @param cpu       the vCPU that stopped
     * @param kind      breakpoint (before the instruction at {@code pc}), watchpoint (after the accessing
     *                  instruction) or single step (after one instruction)
     * @param pc        guest virtual PC now
     * @param address   for a watchpoint: the guest virtual address accessed; else 0
     * @param watchKind for a watchpoint: {@link #WATCH_READ} or {@link #WATCH_WRITE}; else 0
     */
    public record DebugEvent(GuestCpu cpu, Kind kind, long pc, long address, int watchKind) {
        public enum Kind { BREAKPOINT, WATCHPOINT, STEP }
    }

    /** Host-side events (input, monitor commands) the loop polls between quanta. */
    public interface HostEvents {
        /** Delivers pending host input to devices (vCPU thread). Returns true if anything arrived. */
        boolean poll();

        /**
         * Called when every vCPU is idle and no timer is armed: block the host thread until input may be
         * pending or {@code timeoutNanos} passed.
         */
        void await(long timeoutNanos) throws InterruptedException;
    }

    private final List<? extends GuestCpu> cpus;
    private final VirtualClock clock;
    private final CodeCache cache = new CodeCache();
    private final BlockCompiler compiler;
    private final ExecStats stats = new ExecStats();
    private HostEvents hostEvents = new HostEvents() {
        @Override
        public boolean poll() {
            return false;
        }

        @Override
        public void await(long timeoutNanos) throws InterruptedException {
            Thread.sleep(Math.max(1, timeoutNanos / 1_000_000));
        }
    };
    /** Executions before a block is compiled; 0 compiles at once; negative never compiles. */
    private int compileThreshold = Integer.getInteger("jemu.compileThreshold", 14000);
    /** Instructions a vCPU runs before the next one gets its turn. */
    private long quantum = 100_000;
    /** Upper bound on guest instructions per block. */
    private int maxBlockInsns = Integer.getInteger("jemu.maxBlockInsns", 64);
    /** When every vCPU is idle, wait for host time to catch up with guest time (QEMU's icount sleep=on). */
    private boolean sleepWhenIdle;
    private final long hostStart = System.nanoTime();
    private volatile boolean stopRequested;
    private GuestCpu current;
    private final java.util.TreeSet<Long> breakpoints = new java.util.TreeSet<>();
    /** {@code !breakpoints.isEmpty()}, read on every dispatch. */
    private boolean hasBreakpoints;
    private final Watchpoints watchpoints = new Watchpoints();
    private DebugEvent debugEvent;
    /** A timer was armed ahead of the earliest deadline while {@link #current} ran (see {@link #runCpu}). */
    private boolean deadlineEarlier;

    /**
     * @param cpus     the machine's vCPUs, in round-robin order
     * @param clock    the machine's virtual clock
     * @param compiler the bytecode backend, or null to only interpret
     */
    public ExecLoop(List<? extends GuestCpu> cpus, VirtualClock clock, BlockCompiler compiler) {
        this.cpus = cpus;
        this.clock = clock;
        this.compiler = compiler;
        for (GuestCpu c : cpus) {
            cache.attach(c);
            c.memory.addMappingListener(c::tlbFlushAll);
            c.memory.addWriteListener(cache::invalidate);
        }
        clock.setInFlight(() -> {
            GuestCpu c = current;
            return c == null ? 0 : c.curInsn;
        });
        // A timer armed mid-run ahead of the others: a compiled region leaves its loop at the next block
        // edge, so the budget shrinks to the new deadline at the dispatch (the poll is cleared there).
        clock.setOnEarlierDeadline(() -> {
            GuestCpu c = current;
            if (c != null) {
                deadlineEarlier = true;
                c.interruptPoll = 1;
            }
        });
    }

    public CodeCache codeCache() {
        return cache;
    }

    public ExecStats stats() {
        return stats;
    }

    public VirtualClock clock() {
        return clock;
    }

    public void setHostEvents(HostEvents e) {
        this.hostEvents = e;
    }

    public void setCompileThreshold(int n) {
        this.compileThreshold = n;
    }

    public void setQuantum(long insns) {
        this.quantum = insns;
    }

    public void setMaxBlockInsns(int n) {
        this.maxBlockInsns = n;
    }

    public void setSleepWhenIdle(boolean on) {
        this.sleepWhenIdle = on;
    }

    /** Makes {@link #run} return at the next block boundary (any thread). */
    public void requestStop() {
        stopRequested = true;
        for (GuestCpu c : cpus) {
            c.exitRequest = true;
        }
    }

    /** Clears a previous {@link #requestStop}. */
    public void clearStop() {
        stopRequested = false;
        for (GuestCpu c : cpus) {
            c.exitRequest = false;
        }
    }

    // ---- debugger support ----------------------------------------------------------------------------

    /**
     * Stops every vCPU before it executes the instruction at guest virtual {@code vaddr}. Call while the
     * machine is paused (on the vCPU thread). Translated code is dropped so blocks end at the address.
     */
    public void addBreakpoint(long vaddr) {
        if (breakpoints.add(vaddr)) {
            hasBreakpoints = true;
            cache.flush();
        }
    }

    /** Removes a breakpoint set with {@link #addBreakpoint}; returns false if there was none. */
    public boolean removeBreakpoint(long vaddr) {
        boolean had = breakpoints.remove(vaddr);
        if (had) {
            hasBreakpoints = !breakpoints.isEmpty();
            cache.flush();
        }
        return had;
    }

    /**
     * Stops a vCPU after it executes an instruction that accesses guest virtual [{@code vaddr},
     * {@code vaddr + len}) as {@code kind} ({@link #WATCH_READ}, {@link #WATCH_WRITE}, {@link #WATCH_ACCESS}).
     * Call while the machine is paused (on the vCPU thread).
     */
    public void addWatchpoint(long vaddr, long len, int kind) {
        watchpoints.add(vaddr, Math.max(1, len), kind);
        for (GuestCpu c : cpus) {
            c.watchpoints = watchpoints;
            c.tlbFlushAll();
        }
    }

    /** Removes a watchpoint set with {@link #addWatchpoint}; returns false if there was none. */
    public boolean removeWatchpoint(long vaddr, long len, int kind) {
        boolean had = watchpoints.remove(vaddr, Math.max(1, len), kind);
        for (GuestCpu c : cpus) {
            c.watchpoints = watchpoints.isEmpty() ? null : watchpoints;
            c.tlbFlushAll();
        }
        return had;
    }

    /** The debug event that made {@link #run} return {@link Stop#DEBUG}, cleared by this call. */
    public DebugEvent takeDebugEvent() {
        DebugEvent e = debugEvent;
        debugEvent = null;
        return e;
    }

    /** The vCPU currently executing (for devices that bank registers per CPU), or null between quanta. */
    public GuestCpu currentCpu() {
        return current;
    }

    /**
     * Runs the machine until {@link #requestStop} or until every vCPU is stopped.
     *
     * @throws InterruptedException if the thread is interrupted while all vCPUs are idle
     */
    public Stop run() throws InterruptedException {
        while (true) {
            if (stopRequested) {
                return Stop.EXIT_REQUESTED;
            }
            hostEvents.poll();
            clock.runExpired();
            boolean anyRunnable = false;
            boolean anyAlive = false;
            for (GuestCpu cpu : cpus) {
                if (cpu.stopped) {
                    continue;
                }
                anyAlive = true;
                if (cpu.halted && cpu.interruptRequest != 0) {
                    cpu.checkInterrupts();
                }
                if (cpu.halted) {
                    continue;
                }
                anyRunnable = true;
                long budget = Math.min(quantum, clock.instructionsToNextDeadline());
                runCpu(cpu, budget);
                if (debugEvent != null) {
                    return Stop.DEBUG;
                }
                if (stopRequested) {
                    return Stop.EXIT_REQUESTED;
                }
            }
            if (!anyAlive) {
                return Stop.ALL_STOPPED;
            }
            if (!anyRunnable) {
                idle();
            }
        }
    }

    private void idle() throws InterruptedException {
        long deadline = clock.nextDeadline();
        if (deadline == Long.MAX_VALUE) {
            // Nothing will wake the guest but host input.
            hostEvents.await(10_000_000L);
            return;
        }
        if (sleepWhenIdle || clock.isRealTime()) {
            long ahead = deadline - (System.nanoTime() - hostStart);
            if (clock.isRealTime()) {
                ahead = deadline - clock.now();
            }
            if (ahead > 0) {
                hostEvents.await(Math.min(ahead, 10_000_000L));
                if (hostEvents.poll()) {
                    return;
                }
                if (clock.isRealTime()) {
                    return;
                }
                if (deadline - (System.nanoTime() - hostStart) > 0) {
                    return;
                }
            }
        }
        clock.warpToNextDeadline();
    }

    /**
     * Runs {@code cpu} for about {@code budget} instructions (finishing the block that crosses the budget),
     * or until it halts, stops, or a stop is requested.
     */
    public void runCpu(GuestCpu cpu, long budget) {
        current = cpu;
        long end = cpu.icount + budget;
        // A timer the guest arms during this run (a decrementer written by its own interrupt handler, say) may
        // be due before the budget ends: the clock then calls back (setOnEarlierDeadline), and the budget
        // shrinks to the new deadline at the next block boundary. The earliest deadline can only become
        // earlier through that callback, so the common path reads one field instead of the timer queue.
        deadlineEarlier = false;
        TranslationBlock last = null;
        // Invariant: lastExit != EXIT_OTHER implies last != null (every "last = null" also resets it).
        int lastExit = CompiledBlock.EXIT_OTHER;
        long[] regs = cpu.regs;
        int pcSlot = cpu.pcSlot();
        // The mode bits change only at exits to the loop, faults and interrupts: recompute them there.
        long flags = cpu.tbFlags();
        // Counted in locals and added to the stats when the run ends (the loop's own state stays in registers).
        long dispatches = 0;
        long chained = 0;
        long interpreted = 0;
        long exitsIndirect = 0;
        long exitsOther = 0;
        long exitsSamePage = 0;
        long exitsIndirectSamePage = 0;
        // -d exec is set while the machine is paused, not while a vCPU runs its quantum.
        boolean trace = GuestLog.on(GuestLog.EXEC);
        if (compileResultsPending) {
            installFinished();
        }
        try {
            if (cpu.singleStep) {
                step(cpu);
                return;
            }
            if (cpu.watchStepPending) {
                // Resuming from a stop before a watched access: that instruction runs once unwatched.
                cpu.watchStepPending = false;
                cpu.watchSuppressed = true;
                try {
                    executeOne(cpu);
                } finally {
                    cpu.watchSuppressed = false;
                }
                cpu.breakpointResumePc = cpu.regs[pcSlot];
            }
            while (cpu.icount - end < 0 && !cpu.exitRequest) {
                if (cpu.interruptRequest != 0) {
                    if (cpu.checkInterrupts()) {
                        last = null;
                        lastExit = CompiledBlock.EXIT_OTHER;
                        flags = cpu.tbFlags();
                    } else {
                        // All masked: compiled loops need not stop for them (see GuestCpu.interruptPoll).
                        cpu.interruptPoll = 0;
                    }
                } else if (cpu.interruptPoll != 0) {
                    // Nothing pending (a poll for a timer deadline, say, has been seen): loops may run on.
                    cpu.interruptPoll = 0;
                }
                if (cpu.halted || cpu.stopped) {
                    break;
                }
                long pc = regs[pcSlot];
                TranslationBlock tb = null;
                if (lastExit != CompiledBlock.EXIT_OTHER) {
                    // Compare against the fields of the block that just ran before touching the successor.
                    // A chain made under another TLB generation (a flush since, or another address space)
                    // still holds if the instruction TLB maps the PC to the successor's page now. The
                    // successor's flags are compared too: after an exit that changed them (an interworking
                    // branch to the other instruction set, say) a chain made under other flags does not hold.
                    int gen = cpu.tlbGeneration;
                    TranslationBlock c = last.chain0;
                    if (c != null && last.chainPc0 == pc && c.valid && c.flags == flags) {
                        if (last.chainGen0 == gen) {
                            tb = c;
                        } else if (mapped(cpu, c, pc)) {
                            tb = c;
                            last.chainGen0 = gen;
                        }
                    }
                    if (tb == null && (c = last.chain1) != null && last.chainPc1 == pc && c.valid && c.flags == flags) {
                        if (last.chainGen1 == gen) {
                            tb = c;
                        } else if (mapped(cpu, c, pc)) {
                            tb = c;
                            last.chainGen1 = gen;
                        }
                    }
                }
                if (tb != null) {
                    chained++;
                } else {
                    tb = find(cpu, pc, flags);
                    if (tb == null) {
                        // An instruction fetch fault retires nothing: count it against the budget so a
                        // guest stuck in an exception loop still returns to the machine loop (host events).
                        end--;
                        last = null;
                        lastExit = CompiledBlock.EXIT_OTHER;
                        flags = cpu.tbFlags();
                        continue;
                    }
                    if (lastExit != CompiledBlock.EXIT_OTHER && last.valid) {
                        // Direct exits use their own slot; an indirect exit takes the one not used last.
                        if (lastExit == CompiledBlock.EXIT_DIRECT_0) {
                            last.chain0 = tb;
                            last.chainPc0 = pc;
                            last.chainGen0 = cpu.tlbGeneration;
                        } else {
                            last.chain1 = tb;
                            last.chainPc1 = pc;
                            last.chainGen1 = cpu.tlbGeneration;
                        }
                    }
                }
                if (hasBreakpoints) {
                    if (breakpoints.contains(pc) && pc != cpu.breakpointResumePc) {
                        debugEvent = new DebugEvent(cpu, DebugEvent.Kind.BREAKPOINT, pc, 0, 0);
                        cpu.breakpointResumePc = pc;
                        return;
                    }
                    cpu.breakpointResumePc = -1;
                }
                if ((++dispatches & 255) == 0 && compileResultsPending) {
                    installFinished();
                }
                CompiledBlock code = tb.compiled;
                if (code == null && compileThreshold >= 0 && ++tb.execCount > compileThreshold && compiler != null) {
                    compile(tb);
                    code = tb.compiled; // set already if compiled synchronously
                }
                boolean compiled = code != null;
                if (!compiled) {
                    interpreted++;
                }
                if (trace) {
                    GuestLog.log(String.format("Trace %d: [%016x] icount=%d", cpu.cpuIndex, pc, cpu.icount));
                }
                if (deadlineEarlier) {
                    deadlineEarlier = false;
                    long left = clock.instructionsToNextDeadline();
                    if (left != Long.MAX_VALUE && cpu.icount + left - end < 0) {
                        end = cpu.icount + left;
                    }
                }
                long room = end - cpu.icount;
                cpu.unitBudget = room > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(1, room);
                try {
                    // Interpreted blocks are a static call on the block's own code array: they stay off the
                    // megamorphic call the compiled regions need, and touch no interpreter object.
                    lastExit = compiled ? code.run(cpu)
                            : IrInterpreter.run(cpu, tb.interpCode, tb.interpHelpers, tb.interpArgs, tb.pcRelative);
                    int n = compiled ? cpu.unitRetired : tb.insnCount;
                    cpu.icount += n;
                    clock.retire(n);
                    cpu.curInsn = 0;
                    last = tb;
                    if (lastExit == CompiledBlock.EXIT_OTHER) {
                        flags = cpu.tbFlags();
                        if (compiled) {
                            exitsOther++;
                        }
                        // The successor is the block the lookup would find by PC under the new flags: it is
                        // chained as after an indirect jump, and the chain holds only for those flags (see
                        // above; interrupts are still checked first, at the top of the loop).
                        lastExit = CompiledBlock.EXIT_INDIRECT;
                    } else if (compiled) {
                        boolean samePage = ((regs[pcSlot] ^ pc) & org.jemu.translator.memory.Tlb.PAGE_MASK) == 0;
                        if (lastExit == CompiledBlock.EXIT_INDIRECT) {
                            exitsIndirect++;
                            if (samePage) {
                                exitsIndirectSamePage++;
                            }
                        } else if (samePage) {
                            exitsSamePage++;
                        }
                    }
                } catch (GuestFault f) {
                    // The region that ran keeps its regionPcs even if it dropped itself meanwhile (a store
                    // into its own code); no other region can be installed for tb before this point.
                    long[][] regionPcs = compiled ? tb.regionPcs : null;
                    if (f == cpu.debugFault) {
                        watchpointHit(cpu, tb, regionPcs, pc);
                        return;
                    }
                    int done = cpu.curInsn;
                    long[] pcs = tb.insnPcs;
                    int idx = done;
                    if (compiled) {
                        pcs = regionPcs[cpu.faultBlock];
                        idx = done - cpu.unitRetired;
                    }
                    cpu.curInsn = 0;
                    cpu.icount += done;
                    clock.retire(done);
                    regs[pcSlot] = runtimePc(tb, pcs[idx], pc);
                    cpu.deliverFault(f);
                    if (done == 0) {
                        end--;
                    }
                    last = null;
                    lastExit = CompiledBlock.EXIT_OTHER;
                    flags = cpu.tbFlags();
                }
            }
        } finally {
            current = null;
            stats.blocksExecuted += dispatches;
            stats.chainedDispatches += chained;
            stats.interpretedExecutions += interpreted;
            stats.compiledExitsIndirect += exitsIndirect;
            stats.compiledExitsOther += exitsOther;
            stats.compiledExitsSamePage += exitsSamePage;
            stats.compiledExitsIndirectSamePage += exitsIndirectSamePage;
        }
    }

    /**
     * Executes exactly one instruction of {@code cpu} (a block translated for it alone and interpreted, not
     * cached), without taking interrupts, then reports a STEP event. A fault in the instruction is delivered
     * (the step ends at the exception vector), as on hardware.
     */
    private void step(GuestCpu cpu) {
        cpu.singleStep = false;
        boolean suppress = cpu.watchStepPending;
        cpu.watchStepPending = false;
        boolean saved = cpu.watchSuppressed;
        cpu.watchSuppressed |= suppress;
        try {
            executeOne(cpu);
        } finally {
            cpu.watchSuppressed = saved;
        }
        long pc = cpu.regs[cpu.pcSlot()];
        cpu.breakpointResumePc = pc;
        debugEvent = new DebugEvent(cpu, DebugEvent.Kind.STEP, pc, 0, 0);
    }

    /** Executes one instruction of {@code cpu} (see {@link #step}), delivering a fault it raises. */
    private void executeOne(GuestCpu cpu) {
        long[] regs = cpu.regs;
        int pcSlot = cpu.pcSlot();
        long pc = regs[pcSlot];
        long flags = cpu.tbFlags();
        try {
            SoftMmu.translateExec(cpu, pc, cpu.fetchMmuIdx(flags));
            IrBlock ir = cpu.translateBlock(pc, flags, 1);
            Verifier.verify(ir);
            TranslationBlock tb = new TranslationBlock(pc, pc, pc + 1, flags, ir);
            try {
                new IrInterpreter(ir).run(cpu);
                cpu.icount += tb.insnCount;
                clock.retire(tb.insnCount);
            } catch (GuestFault f) {
                if (f == cpu.debugFault) {
                    // a watchpoint on the stepped instruction: report the step, not the watchpoint
                    cpu.watchSuppressed = true;
                    try {
                        regs[pcSlot] = pc;
                        new IrInterpreter(ir).run(cpu);
                        cpu.icount += tb.insnCount;
                        clock.retire(tb.insnCount);
                    } finally {
                        cpu.watchSuppressed = false;
                    }
                } else {
                    regs[pcSlot] = pc;
                    cpu.deliverFault(f);
                }
            }
        } catch (GuestFault f) {
            cpu.deliverFault(f);
        } finally {
            cpu.curInsn = 0;
        }
    }

    /**
     * An access hit a watchpoint: the state is as before the accessing instruction. Architectures whose
     * watchpoints stop before the access ({@link GuestCpu#watchpointStopsBefore}, AArch64 as gdb expects)
     * report it there; the others execute the instruction with watchpoints ignored and report after it.
     */
    private void watchpointHit(GuestCpu cpu, TranslationBlock tb, long[][] regionPcs, long entryPc) {
        int done = cpu.curInsn;
        long[] pcs = tb.insnPcs;
        int idx = done;
        if (regionPcs != null) {
            pcs = regionPcs[cpu.faultBlock];
            idx = done - cpu.unitRetired;
        }
        cpu.curInsn = 0;
        cpu.icount += done;
        clock.retire(done);
        cpu.regs[cpu.pcSlot()] = runtimePc(tb, pcs[idx], entryPc);
        long address = cpu.watchHitAddress;
        int kind = cpu.watchHitKind;
        if (cpu.watchpointStopsBefore()) {
            // Report with the PC at the accessing instruction; resuming executes it once without watchpoints.
            cpu.watchStepPending = true;
            debugEvent = new DebugEvent(cpu, DebugEvent.Kind.WATCHPOINT, cpu.regs[cpu.pcSlot()], address, kind);
            return;
        }
        cpu.watchSuppressed = true;
        try {
            executeOne(cpu);
        } finally {
            cpu.watchSuppressed = false;
        }
        debugEvent = new DebugEvent(cpu, DebugEvent.Kind.WATCHPOINT, cpu.regs[cpu.pcSlot()], address, kind);
    }

    /**
     * Guest virtual address of an instruction of {@code tb} (or of a block in its region) recorded as
     * {@code translatedPc}, when the block was entered at {@code entryPc}: a {@link IrBlock#pcRelative}
     * block may run at another address than it was translated at, with the same page offset.
     */
    private static long runtimePc(TranslationBlock tb, long translatedPc, long entryPc) {
        if (!tb.pcRelative) {
            return translatedPc;
        }
        long mask = org.jemu.translator.memory.Tlb.PAGE_MASK;
        return (entryPc & mask) | (translatedPc & ~mask);
    }

    /** Finds or translates the block at guest virtual {@code pc}; null if fetching it faulted (delivered). */
    private TranslationBlock find(GuestCpu cpu, long pc, long flags) {
        int h = GuestCpu.jmpCacheIndex(pc);
        TranslationBlock tb = cpu.jmpCache[h];
        boolean cached = tb != null && cpu.jmpCachePc[h] == pc && tb.flags == flags && tb.valid;
        if (cached && mapped(cpu, tb, pc)) {
            return tb;
        }
        long phys;
        try {
            phys = SoftMmu.translateExec(cpu, pc, cpu.fetchMmuIdx(flags));
        } catch (GuestFault f) {
            cpu.deliverFault(f);
            return null;
        }
        if (cached && mapped(cpu, tb, pc)) {
            return tb; // the TLB entry had been flushed or evicted, and the page still maps there
        }
        // With breakpoints set, blocks end at breakpoint addresses of the virtual address they were
        // translated for, so PC-relative blocks are not shared across virtual addresses then.
        stats.hashLookups++;
        tb = cache.lookup(phys, pc, flags, hasBreakpoints);
        if (tb != null && tb.physPage2 >= 0 && !secondPageHolds(cpu, tb, flags)) {
            cache.discard(tb);
            tb = null;
        }
        if (tb == null) {
            tb = translate(cpu, pc, phys, flags);
            if (tb == null) {
                return null;
            }
        }
        cpu.jmpCache[h] = tb;
        cpu.jmpCachePc[h] = pc;
        return tb;
    }

    /**
     * True if {@code cpu}'s instruction TLB now maps guest virtual {@code pc} (where {@code tb} starts, under
     * {@code tb}'s flags) to {@code tb}'s physical page, and the page after it to {@code tb}'s second page
     * if it straddles. A cached block (lookup cache entry or chain) found for {@code pc} earlier is then
     * the one a lookup would find now. False also when the entries are not in the TLB (the caller then
     * looks the block up the slow way).
     */
    private static boolean mapped(GuestCpu cpu, TranslationBlock tb, long pc) {
        org.jemu.translator.memory.Tlb t = cpu.tlbs[tb.fetchMmuIdx];
        long page = pc & org.jemu.translator.memory.Tlb.PAGE_MASK;
        int i = org.jemu.translator.memory.Tlb.index(pc);
        if (t.tagExec[i] != page || t.physPage[i] != (tb.physPc & org.jemu.translator.memory.Tlb.PAGE_MASK)) {
            return false;
        }
        if (tb.physPage2 < 0) {
            return true;
        }
        long page2 = page + org.jemu.translator.memory.Tlb.PAGE_SIZE;
        int i2 = org.jemu.translator.memory.Tlb.index(page2);
        return t.tagExec[i2] == page2 && t.physPage[i2] == tb.physPage2;
    }

    /** True if the page after a straddling block's first page still maps to its {@code physPage2}. */
    private static boolean secondPageHolds(GuestCpu cpu, TranslationBlock tb, long flags) {
        long vpage2 = (tb.pc & org.jemu.translator.memory.Tlb.PAGE_MASK) + org.jemu.translator.memory.Tlb.PAGE_SIZE;
        try {
            long p = SoftMmu.translateExec(cpu, vpage2, cpu.fetchMmuIdx(flags));
            return (p & org.jemu.translator.memory.Tlb.PAGE_MASK) == tb.physPage2;
        } catch (GuestFault | IllegalStateException e) {
            return false;
        }
    }

    private TranslationBlock translate(GuestCpu cpu, long pc, long phys, long flags) {
        long t0 = System.nanoTime();
        IrBlock ir;
        try {
            ir = cpu.translateBlock(pc, flags, maxBlockInsns);
        } catch (GuestFault f) {
            cpu.deliverFault(f);
            return null;
        }
        if (!breakpoints.isEmpty()) {
            // End the block before the first breakpoint inside it, so the loop stops there.
            Long bp = breakpoints.higher(pc);
            if (bp != null && bp < ir.endPc) {
                long[] pcs = ir.guestInsnPcs();
                int n = 0;
                while (n < pcs.length && pcs[n] < bp) {
                    n++;
                }
                try {
                    ir = cpu.translateBlock(pc, flags, Math.max(1, n));
                } catch (GuestFault f) {
                    cpu.deliverFault(f);
                    return null;
                }
            }
        }
        Verifier.verify(ir);
        Optimizer.optimize(ir);
        // A block lies in one guest page, except that its last instruction may continue on the next one
        // (x86): then the tail's physical page is recorded, and the lookup checks that it still maps there.
        long last = Math.max(pc, ir.endPc - 1);
        long pageMask = org.jemu.translator.memory.Tlb.PAGE_MASK;
        boolean straddles = ((last ^ pc) & pageMask) != 0;
        long physEnd = straddles ? (phys & pageMask) + org.jemu.translator.memory.Tlb.PAGE_SIZE
                : phys + Math.max(1, ir.endPc - pc);
        TranslationBlock tb = new TranslationBlock(pc, phys, physEnd, flags, ir);
        tb.fetchMmuIdx = cpu.fetchMmuIdx(flags);
        if (straddles) {
            tb.physPage2 = SoftMmu.translateExec(cpu, last & pageMask, cpu.fetchMmuIdx(flags)) & pageMask;
            tb.physEnd2 = tb.physPage2 + (last & ~pageMask) + 1;
        }
        IrInterpreter interp = new IrInterpreter(ir);
        tb.interpCode = interp.code();
        tb.interpHelpers = interp.helpers();
        tb.interpArgs = interp.callArgs();
        cache.insert(tb);
        stats.blocksTranslated++;
        stats.insnsTranslated += tb.insnCount;
        stats.translateNanos += System.nanoTime() - t0;
        if (GuestLog.on(GuestLog.OP)) {
            GuestLog.log(ir.toString());
        }
        if (compileThreshold == 0 && compiler != null) {
            compile(tb);
        }
        return tb;
    }

    /** Most blocks one compiled region holds. */
    private static final int MAX_REGION_BLOCKS = 16;
    /** Estimated bytecode budget for a region (the backend's hard limit is 8000 bytes). */
    private static final int REGION_BYTES = 6000;

    /** A region to compile: its entry and blocks (snapshotted on the vCPU thread). */
    private record CompileJob(TranslationBlock entry, List<TranslationBlock> region, List<IrBlock> irs) {
    }

    /** A finished compilation, installed by the vCPU thread. */
    private record CompileResult(CompileJob job, CompiledBlock code, RuntimeException error, long nanos) {
    }

    private final java.util.concurrent.LinkedBlockingQueue<CompileJob> compileJobs =
            new java.util.concurrent.LinkedBlockingQueue<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<CompileResult> compileDone =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean compileResultsPending;
    private Thread compilerThread;
    /** Compile on a background thread (the guest keeps running interpreted meanwhile). */
    private boolean backgroundCompile = !Boolean.getBoolean("jemu.syncCompile");

    /**
     * Chooses where hot blocks are compiled: on a background thread (default; the guest runs the block
     * interpreted until its code is ready, which changes nothing the guest can observe) or synchronously.
     */
    public void setBackgroundCompile(boolean on) {
        this.backgroundCompile = on;
    }

    /**
     * Compiles {@code tb} as the entry of a region: the already translated blocks reachable from it by
     * direct jumps within its guest page, so hot loops run inside one JVM method.
     */
    private void compile(TranslationBlock tb) {
        if (tb.compileQueued) {
            return;
        }
        tb.compileQueued = true;
        List<TranslationBlock> region = formRegion(tb);
        List<IrBlock> irs = new java.util.ArrayList<>(region.size());
        for (TranslationBlock r : region) {
            irs.add(r.ir);
        }
        CompileJob job = new CompileJob(tb, region, irs);
        if (!backgroundCompile) {
            install(produce(job));
            return;
        }
        if (compilerThread == null) {
            compilerThread = new Thread(this::compilerLoop, "jemu-compiler");
            compilerThread.setDaemon(true);
            compilerThread.start();
        }
        compileJobs.add(job);
    }

    /** Stops the background compiler thread (the loop must not run afterwards). */
    public void close() {
        Thread t = compilerThread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            compilerThread = null;
        }
    }

    private void compilerLoop() {
        try {
            for (int jobs = 0; ; jobs++) {
                CompileResult r = produce(compileJobs.take());
                compileDone.add(r);
                compileResultsPending = true;
                if ((jobs & 511) == 0) {
                    // This thread and HotSpot's compiler threads (which HotSpot may add later) give way to
                    // the vCPU thread on a host with few cores; after the first result, which it does not delay.
                    JitThreadPriority.apply();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Compiles a region; a region too large for the backend is halved until it fits (any thread: reads
     * only the jobs's IR, which no longer changes).
     */
    private CompileResult produce(CompileJob job) {
        long t0 = System.nanoTime();
        List<TranslationBlock> region = job.region();
        List<IrBlock> irs = job.irs();
        while (true) {
            try {
                CompiledBlock code = compiler.compileRegion(irs);
                return new CompileResult(new CompileJob(job.entry(), region, irs), code, null, System.nanoTime() - t0);
            } catch (RuntimeException e) {
                if (region.size() > 1) {
                    region = region.subList(0, region.size() / 2);
                    irs = irs.subList(0, irs.size() / 2);
                    continue;
                }
                return new CompileResult(job, null, e, System.nanoTime() - t0);
            }
        }
    }

    /** Installs a compiled region (vCPU thread), unless one of its blocks was invalidated meanwhile. */
    private void install(CompileResult r) {
        stats.compileNanos += r.nanos();
        TranslationBlock tb = r.job().entry();
        if (r.code() == null) {
            stats.compileFailures++;
            tb.execCount = Integer.MIN_VALUE;
            if (GuestLog.on(GuestLog.UNIMP)) {
                GuestLog.log("backend: block 0x" + Long.toHexString(tb.pc) + " stays interpreted: " + r.error().getMessage());
            }
            return;
        }
        List<TranslationBlock> region = r.job().region();
        for (TranslationBlock b : region) {
            if (!b.valid) {
                tb.compileQueued = false;
                tb.execCount = 0;
                return;
            }
        }
        long[][] pcs = new long[region.size()][];
        for (int i = 0; i < pcs.length; i++) {
            pcs[i] = region.get(i).insnPcs;
            region.get(i).addRegion(tb);
        }
        tb.regionPcs = pcs;
        tb.compiled = r.code();
        stats.blocksCompiled++;
    }

    /** Installs regions the background compiler finished (vCPU thread, between blocks). */
    private void installFinished() {
        compileResultsPending = false;
        CompileResult r;
        while ((r = compileDone.poll()) != null) {
            install(r);
        }
    }

    /**
     * The blocks of the region entered at {@code entry}: blocks already translated in the entry's guest page
     * that its direct jumps and branches reach, hottest first. Each step takes, of all the candidates found
     * so far, the one with the most dispatches ({@link TranslationBlock#execCount}, which counts a block's
     * runs outside compiled regions), so a hot loop fits in the byte budget ahead of the cold paths that
     * branch off it (error handling, rare cases). Equal counts go in the order found, so the result is
     * deterministic.
     */
    private List<TranslationBlock> formRegion(TranslationBlock entry) {
        List<TranslationBlock> region = new java.util.ArrayList<>();
        region.add(entry);
        long physPage = entry.physPc & org.jemu.translator.memory.Tlb.PAGE_MASK;
        int bytes = org.jemu.translator.backend.SizeEstimate.bytes(entry.ir);
        java.util.PriorityQueue<Candidate> candidates = new java.util.PriorityQueue<>();
        java.util.Set<TranslationBlock> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        seen.add(entry);
        int found = addSuccessors(entry, entry, physPage, candidates, seen, 0);
        while (!candidates.isEmpty() && region.size() < MAX_REGION_BLOCKS) {
            TranslationBlock u = candidates.poll().block();
            int size = org.jemu.translator.backend.SizeEstimate.bytes(u.ir);
            if (bytes + size > REGION_BYTES) {
                continue;
            }
            bytes += size;
            region.add(u);
            found = addSuccessors(u, entry, physPage, candidates, seen, found);
        }
        return region;
    }

    /** A block that may join a region: hotter first, then the one found first. */
    private record Candidate(TranslationBlock block, int execCount, int order) implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate o) {
            return execCount != o.execCount ? Integer.compare(o.execCount, execCount) : Integer.compare(order, o.order);
        }
    }

    /**
     * Adds the blocks {@code from}'s direct jump or branch reaches in its page to {@code candidates} (those
     * translated, not straddling a page, not yet seen and without a breakpoint); returns {@code found} plus
     * the number added.
     */
    private int addSuccessors(TranslationBlock from, TranslationBlock entry, long physPage,
            java.util.PriorityQueue<Candidate> candidates, java.util.Set<TranslationBlock> seen, int found) {
        org.jemu.translator.ir.Inst t = from.ir.terminator();
        long[] targets = switch (t.op) {
            case JUMP, BRANCH_INDIRECT_CHECKED -> new long[] {t.imm};
            case BRANCH -> new long[] {t.imm, t.imm2};
            default -> new long[0];
        };
        // Targets are addresses as the block was translated (PC-relative blocks of the region may have been
        // translated at different virtual addresses of the same physical page).
        long page = from.pc & org.jemu.translator.memory.Tlb.PAGE_MASK;
        for (long target : targets) {
            if ((target & org.jemu.translator.memory.Tlb.PAGE_MASK) != page) {
                continue;
            }
            TranslationBlock u = cache.lookup(physPage | (target & ~org.jemu.translator.memory.Tlb.PAGE_MASK),
                    target, entry.flags, hasBreakpoints);
            // A straddling block is checked on lookup, so it only enters a region as the entry.
            if (u == null || u.ir == null || u.physPage2 >= 0 || !seen.add(u) || breakpoints.contains(u.pc)) {
                continue;
            }
            candidates.add(new Candidate(u, Math.max(0, u.execCount), found++));
        }
        return found;
    }
}
