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
    public enum Stop { EXIT_REQUESTED, ALL_STOPPED }

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
    private int compileThreshold = 16;
    /** Instructions a vCPU runs before the next one gets its turn. */
    private long quantum = 100_000;
    /** Upper bound on guest instructions per block. */
    private int maxBlockInsns = 64;
    /** When every vCPU is idle, wait for host time to catch up with guest time (QEMU's icount sleep=on). */
    private boolean sleepWhenIdle;
    private final long hostStart = System.nanoTime();
    private volatile boolean stopRequested;
    private GuestCpu current;

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
        long start = cpu.icount;
        long end = start + budget;
        TranslationBlock last = null;
        int lastExit = CompiledBlock.EXIT_OTHER;
        long[] regs = cpu.regs;
        int pcSlot = cpu.pcSlot();
        try {
            while (cpu.icount - end < 0 && !cpu.exitRequest) {
                if (cpu.interruptRequest != 0 && cpu.checkInterrupts()) {
                    last = null;
                }
                if (cpu.halted || cpu.stopped) {
                    break;
                }
                TranslationBlock tb;
                if (last != null && lastExit <= CompiledBlock.EXIT_DIRECT_1
                        && (tb = last.chain[lastExit]) != null && tb.valid) {
                    stats.chainedDispatches++;
                } else {
                    tb = find(cpu, regs[pcSlot]);
                    if (tb == null) {
                        last = null;
                        continue;
                    }
                    if (last != null && lastExit <= CompiledBlock.EXIT_DIRECT_1 && last.valid
                            && ((last.pc ^ tb.pc) & org.jemu.translator.memory.Tlb.PAGE_MASK) == 0) {
                        last.chain[lastExit] = tb;
                    }
                }
                stats.blocksExecuted++;
                CompiledBlock code = tb.compiled;
                if (code == null) {
                    if (compileThreshold >= 0 && ++tb.execCount > compileThreshold && compiler != null) {
                        compile(tb);
                    }
                    code = tb.code();
                }
                if (GuestLog.on(GuestLog.EXEC)) {
                    GuestLog.log(String.format("Trace %d: [%016x] icount=%d", cpu.cpuIndex, tb.pc, cpu.icount));
                }
                try {
                    lastExit = code.run(cpu);
                    cpu.icount += tb.insnCount;
                    clock.retire(tb.insnCount);
                    cpu.curInsn = 0;
                    last = tb;
                } catch (GuestFault f) {
                    int done = cpu.curInsn;
                    cpu.curInsn = 0;
                    cpu.icount += done;
                    clock.retire(done);
                    regs[pcSlot] = tb.insnPcs[done];
                    cpu.deliverFault(f);
                    last = null;
                }
            }
        } finally {
            current = null;
        }
    }

    /** Finds or translates the block at guest virtual {@code pc}; null if fetching it faulted (delivered). */
    private TranslationBlock find(GuestCpu cpu, long pc) {
        long flags = cpu.tbFlags();
        int h = (int) (pc >>> 2) & (GuestCpu.JMP_CACHE_SIZE - 1);
        TranslationBlock tb = cpu.jmpCache[h];
        if (tb != null && tb.pc == pc && tb.flags == flags && tb.valid) {
            return tb;
        }
        long phys;
        try {
            phys = SoftMmu.translateExec(cpu, pc, cpu.fetchMmuIdx(flags));
        } catch (GuestFault f) {
            cpu.deliverFault(f);
            return null;
        }
        tb = cache.lookup(phys, flags);
        if (tb == null) {
            tb = translate(cpu, pc, phys, flags);
            if (tb == null) {
                return null;
            }
        }
        cpu.jmpCache[h] = tb;
        return tb;
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
        Verifier.verify(ir);
        Optimizer.optimize(ir);
        // Blocks do not cross a guest page, so the physical extent follows from the virtual one.
        long physEnd = phys + Math.max(1, ir.endPc - pc);
        TranslationBlock tb = new TranslationBlock(pc, phys, physEnd, flags, ir);
        tb.interpreted = new IrInterpreter(ir);
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

    private void compile(TranslationBlock tb) {
        if (tb.ir == null) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            tb.compiled = compiler.compile(tb.ir);
            stats.blocksCompiled++;
        } catch (RuntimeException e) {
            stats.compileFailures++;
            if (GuestLog.on(GuestLog.UNIMP)) {
                GuestLog.log("backend: block 0x" + Long.toHexString(tb.pc) + " stays interpreted: " + e.getMessage());
            }
        }
        tb.ir = null;
        stats.compileNanos += System.nanoTime() - t0;
    }
}
