package org.jemu.machine;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jemu.machine.chardev.CharBackend;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.exec.ExecStats;
import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * A machine: vCPUs, a guest physical address space with RAM and devices, a virtual clock and the
 * execution loop, assembled by a board. {@link #run} executes the guest on the calling thread (the vCPU
 * thread) until it powers off, the host asks to quit, or an error stops it. Host-side input reaches the
 * machine through {@link #postHostEvent} (any thread); the events run on the vCPU thread between blocks,
 * in arrival order.
 */
public abstract class Machine implements AutoCloseable {
    /** Why {@link #run} returned, or what the guest asked for. */
    public enum Shutdown {
        /** Still running. */
        NONE,
        /** The guest powered the machine off (PSCI SYSTEM_OFF, ACPI, isa-debug-exit). */
        POWER_OFF,
        /** The guest asked for a reset (handled inside {@link #run}). */
        RESET,
        /** The host asked to quit (Ctrl-A X, monitor {@code quit}, a signal). */
        HOST_QUIT,
        /** Emulation stopped on an error; see {@link #errorMessage()}. */
        ERROR
    }

    protected final MachineConfig config;
    protected final PhysicalAddressSpace memory = new PhysicalAddressSpace();
    protected final VirtualClock clock;
    protected ExecLoop loop;
    private volatile Shutdown shutdown = Shutdown.NONE;
    private volatile String errorMessage;
    private final ConcurrentLinkedQueue<Runnable> hostEvents = new ConcurrentLinkedQueue<>();
    private final List<Runnable> pollers = new CopyOnWriteArrayList<>();
    private final Object wake = new Object();
    private int exitCode;
    private volatile boolean paused;
    private volatile DebugListener debugListener;

    /** Told when a vCPU stops at a breakpoint, a watchpoint or after a single step (the gdb stub). */
    public interface DebugListener {
        /** Runs on the vCPU thread; the machine is paused. */
        void debugStop(ExecLoop.DebugEvent e);
    }

    /** Sets who hears about debug stops (null: nobody; the machine still pauses). */
    public void setDebugListener(DebugListener l) {
        this.debugListener = l;
    }

    protected Machine(MachineConfig config) {
        this.config = config;
        this.clock = new VirtualClock(config.icountShift(), config.realTime());
    }

    /** The guest physical address space (for loaders, debuggers and tests). */
    public PhysicalAddressSpace memory() {
        return memory;
    }

    public VirtualClock clock() {
        return clock;
    }

    public ExecLoop loop() {
        return loop;
    }

    public ExecStats stats() {
        return loop.stats();
    }

    /** The vCPUs in index order. */
    public abstract List<? extends GuestCpu> cpus();

    /**
     * Guest instructions retired by all vCPUs; called from a device or backend during a block, it counts
     * the running vCPU's instructions before the current one too.
     */
    public long instructions() {
        long n = 0;
        GuestCpu running = loop == null ? null : loop.currentCpu();
        for (GuestCpu c : cpus()) {
            n += c.icount;
            if (c == running) {
                n += c.curInsn;
            }
        }
        return n;
    }

    /** Resets CPUs and devices to their power-on state and reloads boot images (system reset). */
    public abstract void reset();

    /** The exit code the guest asked for (isa-debug-exit), else 0. */
    public int exitCode() {
        return exitCode;
    }

    protected void setExitCode(int code) {
        this.exitCode = code;
    }

    /** Why the machine stopped, or NONE while it runs. */
    public Shutdown shutdownReason() {
        return shutdown;
    }

    /** The one-line message of an {@link Shutdown#ERROR} stop. */
    public String errorMessage() {
        return errorMessage;
    }

    /** Asks the machine to stop with {@code reason} at the next block boundary (any thread). */
    public void requestShutdown(Shutdown reason) {
        shutdown = reason;
        ExecLoop l = loop;
        if (l != null) {
            l.requestStop();
        }
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /**
     * Stops the machine with {@link Shutdown#ERROR} and the one-line {@code message} at the next block
     * boundary (a board's reaction to a guest state it cannot continue from, such as a triple fault with
     * {@code -no-reboot}).
     */
    protected void stopWithError(String message) {
        errorMessage = message;
        requestShutdown(Shutdown.ERROR);
    }

    /** Stops the vCPUs at the next block boundary; host events still run (monitor {@code stop}, {@code -S}). */
    public void pause() {
        paused = true;
        ExecLoop l = loop;
        if (l != null) {
            l.requestStop();
        }
        kick();
    }

    /** Lets paused vCPUs run again (monitor {@code cont}). */
    public void resume() {
        paused = false;
        kick();
    }

    public boolean isPaused() {
        return paused;
    }

    /** Runs {@code r} on the vCPU thread at the next block boundary (any thread). */
    public void postHostEvent(Runnable r) {
        hostEvents.add(r);
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /**
     * Runs {@code s} on the vCPU thread between blocks (also while paused) and returns its result, for
     * host-side tools (monitor, gdb stub) that read or change guest state from another thread.
     *
     * @throws IllegalStateException if the machine has stopped, does not answer within
     *         {@code timeoutSeconds}, or the thread is interrupted; a RuntimeException from {@code s} is
     *         rethrown
     */
    public <T> T callOnVcpu(java.util.function.Supplier<T> s, long timeoutSeconds) {
        if (shutdown != Shutdown.NONE) {
            throw new IllegalStateException("the machine has stopped");
        }
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        postHostEvent(() -> {
            try {
                f.complete(s.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the machine did not answer within " + timeoutSeconds + " s");
        }
    }

    /** Adds work done on the vCPU thread between quanta (for example moving queued input into a UART). */
    public void addPoller(Runnable r) {
        pollers.add(r);
    }

    /**
     * Hooks a character backend into the loop: host input wakes an idle loop, and between quanta the vCPU
     * thread moves queued input into the attached device and flushes buffered guest output.
     */
    protected void pollChardev(CharBackend cb) {
        cb.setInputNotifier(this::kick);
        addPoller(() -> {
            cb.poll();
            cb.flush();
        });
    }

    /** Wakes the loop if it waits for host input (any thread). */
    public void kick() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /**
     * Runs the guest until it powers off, the host quits, or an error stops it. A guest reset request
     * resets the machine and continues.
     *
     * @return why it stopped
     */
    public Shutdown run() {
        loop.setHostEvents(loopEvents());
        loop.setSleepWhenIdle(config.icountSleep());
        return runLoop();
    }

    private ExecLoop.HostEvents hostEventsImpl;

    private ExecLoop.HostEvents loopEvents() {
        if (hostEventsImpl != null) {
            return hostEventsImpl;
        }
        hostEventsImpl = new ExecLoop.HostEvents() {
            @Override
            public boolean poll() {
                boolean any = false;
                Runnable r;
                while ((r = hostEvents.poll()) != null) {
                    r.run();
                    any = true;
                }
                for (Runnable p : pollers) {
                    p.run();
                }
                return any;
            }

            @Override
            public void await(long timeoutNanos) throws InterruptedException {
                synchronized (wake) {
                    if (hostEvents.isEmpty() && shutdown == Shutdown.NONE) {
                        long ms = Math.max(1, timeoutNanos / 1_000_000);
                        wake.wait(ms);
                    }
                }
            }
        };
        return hostEventsImpl;
    }

    private Shutdown runLoop() {
        ExecLoop.HostEvents events = loopEvents();
        while (true) {
            try {
                loop.clearStop();
                while (paused && shutdown == Shutdown.NONE) {
                    events.poll();
                    events.await(50_000_000L);
                }
                if (shutdown != Shutdown.NONE && shutdown != Shutdown.RESET) {
                    return shutdown;
                }
                ExecLoop.Stop s = loop.run();
                if (s == ExecLoop.Stop.DEBUG) {
                    ExecLoop.DebugEvent e = loop.takeDebugEvent();
                    paused = true;
                    DebugListener l = debugListener;
                    if (l != null && e != null) {
                        l.debugStop(e);
                    }
                    continue;
                }
                if (s == ExecLoop.Stop.EXIT_REQUESTED && shutdown == Shutdown.NONE) {
                    continue;
                }
                if (s == ExecLoop.Stop.ALL_STOPPED && shutdown == Shutdown.NONE) {
                    shutdown = Shutdown.POWER_OFF;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                shutdown = Shutdown.HOST_QUIT;
            } catch (MachineException e) {
                errorMessage = e.getMessage();
                shutdown = Shutdown.ERROR;
            } catch (org.jemu.translator.exec.UnsupportedGuestFeatureException e) {
                errorMessage = "emulation stopped: the guest uses a feature jemu does not implement: " + e.getMessage();
                shutdown = Shutdown.ERROR;
            } catch (RuntimeException | StackOverflowError e) {
                errorMessage = "emulation stopped: " + e + " (a jemu bug; run with -d exec,int to see the guest's last steps)";
                if (Boolean.getBoolean("jemu.debug")) {
                    e.printStackTrace();
                }
                shutdown = Shutdown.ERROR;
            }
            if (shutdown == Shutdown.RESET) {
                shutdown = Shutdown.NONE;
                reset();
                continue;
            }
            return shutdown;
        }
    }

    /** Stops the machine's threads and releases guest memory. The machine must not run afterwards. */
    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
        memory.close();
    }
}
