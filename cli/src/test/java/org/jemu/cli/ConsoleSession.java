package org.jemu.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jemu.machine.Boards;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.chardev.MemoryCharBackend;

/**
 * An expect-style console session with a guest: builds a machine with its first serial port on a
 * {@link MemoryCharBackend}, runs it on a background thread, and lets a test wait for output ({@link #expect},
 * {@link #expectRegex}), type input ({@link #send}) and run shell commands ({@link #command}).
 *
 * <p>Waiting short-polls the captured output (every 2 ms) and gives up at once if the machine stops. Output
 * is matched with carriage returns removed, so {@code "\n"} matches a guest's {@code "\r\n"}; matching is
 * sequential: each {@code expect} searches only the output after the previous match.
 *
 * <p>Input sent with {@link #send} arrives whenever the machine loop polls, so it is not reproducible to the
 * instruction. For reproducible runs use the builder's {@link Builder#whenOutput}, {@link Builder#atOutput}
 * and {@link Builder#stopWhenOutput}: these are checked on the vCPU thread between instruction quanta, so the
 * same guest receives the same input (and stops) at the same instruction count on every run. Their triggers
 * are matched against the raw output (CRs included).
 *
 * <p>{@link #close()} always stops the machine thread (host quit, then interrupt) before releasing the
 * machine, and reports a machine thread that threw or would not stop.
 */
final class ConsoleSession implements AutoCloseable {
    /** Default wait for output: generous, because CI machines are slow and shared. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Machine machine;
    private final MemoryCharBackend serial;
    private final String prompt;
    private final Thread thread;
    private volatile Machine.Shutdown result;
    private volatile Throwable failure;
    private boolean failureReported;
    /** Guest output with CRs removed, and how many raw bytes it covers. */
    private final StringBuilder text = new StringBuilder();
    private int rawSeen;
    /** Position in {@link #text} after the last match. */
    private int cursor;

    /** A session on QEMU's virt board with {@code firmware} as {@code -bios}. */
    static Builder virt(Path firmware) {
        return new Builder(firmware);
    }

    /** Options for a session; {@link #start()} builds the machine and starts it. */
    static final class Builder {
        private final Path firmware;
        private String board = "virt";
        private String cpu = "cortex-a57";
        private long ramMiB = 256;
        private int smp = 1;
        private int icountShift = MachineConfig.DEFAULT_ICOUNT_SHIFT;
        private Integer compileThreshold;
        private String prompt = "=> ";
        private String initialInput;
        private final List<Step> steps = new ArrayList<>();
        private final List<Consumer<Machine>> setup = new ArrayList<>();
        private Path kernel;
        private Path initrd;
        private String append;
        private final List<String> netdevs = new ArrayList<>();
        private final List<String> devices = new ArrayList<>();

        private Builder(Path firmware) {
            this.firmware = firmware;
        }

        Builder board(String b) {
            board = b;
            return this;
        }

        Builder cpu(String model) {
            cpu = model;
            return this;
        }

        /** Guest RAM in MiB ({@code -m}); default 256 as in the test ROMs' README. */
        Builder ramMiB(long mib) {
            ramMiB = mib;
            return this;
        }

        /** {@code -smp N}: number of vCPUs (default 1). */
        Builder smp(int n) {
            smp = n;
            return this;
        }

        /** {@code -icount shift=N}: 2^N ns of guest time per instruction. */
        Builder icountShift(int shift) {
            icountShift = shift;
            return this;
        }

        /** {@link org.jemu.translator.exec.ExecLoop#setCompileThreshold}: 0 compiles at once, -1 never. */
        Builder compileThreshold(int n) {
            compileThreshold = n;
            return this;
        }

        /** The shell prompt {@link #command} waits for at the start of a line (default U-Boot's {@code "=> "}). */
        Builder prompt(String p) {
            prompt = p;
            return this;
        }

        /** Input queued before the guest starts (as a file on stdin would be). */
        Builder input(String s) {
            initialInput = s;
            return this;
        }

        /**
         * Reproducible input: once the output contains {@code trigger} (searched after the previous step's
         * trigger), inject {@code input}. Decided on the vCPU thread between quanta.
         */
        Builder whenOutput(String trigger, String input) {
            return atOutput(trigger, m -> m.serialInput(input));
        }

        /** Reproducible stop: once the output contains {@code trigger} (after the previous step's), quit. */
        Builder stopWhenOutput(String trigger) {
            return atOutput(trigger, m -> m.machine().requestShutdown(Machine.Shutdown.HOST_QUIT));
        }

        /**
         * Runs {@code action} on the vCPU thread once the output contains {@code trigger} (after the previous
         * step's trigger): at the end of the instruction quantum in which the trigger was printed, which is the
         * same instruction on every run of the same guest.
         */
        Builder atOutput(String trigger, Consumer<StepContext> action) {
            steps.add(new Step(trigger, action));
            return this;
        }

        /** Direct kernel boot ({@code -kernel}, {@code -initrd}, {@code -append}); use with a null firmware. */
        Builder kernel(Path kernelImage, Path initrdImage, String commandLine) {
            kernel = kernelImage;
            initrd = initrdImage;
            append = commandLine;
            return this;
        }

        /** {@code -netdev SPEC} and {@code -device SPEC} (QEMU's spelling), added in this order. */
        Builder netdev(String spec) {
            netdevs.add(spec);
            return this;
        }

        Builder device(String spec) {
            devices.add(spec);
            return this;
        }

        /** Runs {@code action} on the new machine before it starts. */
        Builder configure(Consumer<Machine> action) {
            setup.add(action);
            return this;
        }

        MachineConfig config() {
            return new MachineConfig(board, cpu, ramMiB << 20, smp, firmware, kernel, initrd, append, null, icountShift,
                    false, false, List.of(), devices, false, netdevs);
        }

        ConsoleSession start() {
            return new ConsoleSession(this);
        }
    }

    private record Step(String trigger, Consumer<StepContext> action) {
    }

    /** What a step's action may use (on the vCPU thread). */
    interface StepContext {
        Machine machine();

        /** Queues console input (seen by the guest from the next quantum on). */
        void serialInput(String s);
    }

    private ConsoleSession(Builder b) {
        serial = new MemoryCharBackend();
        machine = Boards.create(b.config(), serial);
        prompt = b.prompt;
        try {
            if (b.compileThreshold != null) {
                machine.loop().setCompileThreshold(b.compileThreshold);
            }
            for (Consumer<Machine> c : b.setup) {
                c.accept(machine);
            }
            if (!b.steps.isEmpty()) {
                machine.addPoller(new Script(List.copyOf(b.steps)));
            }
            if (b.initialInput != null) {
                serial.inject(b.initialInput);
            }
        } catch (RuntimeException | Error e) {
            machine.close();
            throw e;
        }
        thread = new Thread(this::runMachine, "jemu-test-vcpu-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    private void runMachine() {
        try {
            result = machine.run();
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Steps of {@link Builder#whenOutput}/{@link Builder#stopWhenOutput}, run as a machine poller (vCPU thread). */
    private final class Script implements Runnable {
        private final List<Step> steps;
        private int next;
        private int from;

        Script(List<Step> steps) {
            this.steps = steps;
        }

        @Override
        public void run() {
            if (next >= steps.size()) {
                return;
            }
            String out = serial.outputString();
            while (next < steps.size()) {
                Step s = steps.get(next);
                int i = out.indexOf(s.trigger(), from);
                if (i < 0) {
                    return;
                }
                from = i + s.trigger().length();
                next++;
                s.action().accept(context);
                if (machine.shutdownReason() != Machine.Shutdown.NONE) {
                    return;
                }
            }
        }
    }

    private final StepContext context = new StepContext() {
        @Override
        public Machine machine() {
            return machine;
        }

        @Override
        public void serialInput(String s) {
            serial.inject(s);
        }
    };

    Machine machine() {
        return machine;
    }

    MemoryCharBackend serial() {
        return serial;
    }

    /** All guest output so far, CRs removed. */
    synchronized String output() {
        refresh();
        return text.toString();
    }

    /** Output after the last match. */
    synchronized String unmatched() {
        refresh();
        return text.substring(cursor);
    }

    private void refresh() {
        byte[] raw = serial.output();
        for (int i = rawSeen; i < raw.length; i++) {
            char c = (char) (raw[i] & 0xff);
            if (c != '\r') {
                text.append(c);
            }
        }
        rawSeen = raw.length;
    }

    /** Types {@code s} on the guest's console (ISO-8859-1 bytes). */
    void send(String s) {
        serial.inject(s);
    }

    /**
     * Waits for {@code literal} in the output after the previous match and returns the output between the
     * previous match and this one (pexpect's {@code before}).
     */
    String expect(String literal) {
        return expect(literal, TIMEOUT);
    }

    String expect(String literal, Duration timeout) {
        int[] span = await("'" + literal + "'", timeout, t -> {
            int i = t.indexOf(literal, cursor);
            return i < 0 ? null : new int[] {i, i + literal.length()};
        });
        return consume(span);
    }

    /** Waits for a match of {@code regex} after the previous match; returns it (groups included). */
    Matcher expectRegex(String regex, Duration timeout) {
        Pattern p = Pattern.compile(regex);
        Matcher[] m = new Matcher[1];
        int[] span = await("/" + regex + "/", timeout, t -> {
            Matcher mm = p.matcher(t);
            if (!mm.find(cursor)) {
                return null;
            }
            m[0] = mm;
            return new int[] {mm.start(), mm.end()};
        });
        consume(span);
        return m[0];
    }

    private synchronized String consume(int[] span) {
        String before = text.substring(cursor, span[0]);
        cursor = span[1];
        return before;
    }

    /**
     * Runs a shell command: types {@code cmd} and Enter, waits for its echo and for the prompt at the start of
     * a line, and returns what the command printed (lines joined with {@code \n}, no trailing newline).
     */
    String command(String cmd) {
        return command(cmd, TIMEOUT);
    }

    String command(String cmd, Duration timeout) {
        send(cmd + "\r");
        expect(cmd, timeout);
        String out = expect("\n" + prompt, timeout);
        return out.startsWith("\n") ? out.substring(1) : out;
    }

    private interface Probe {
        int[] find(String text);
    }

    private int[] await(String what, Duration timeout, Probe probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean stopped = !thread.isAlive();
            synchronized (this) {
                refresh();
                int[] span = probe.find(text.toString());
                if (span != null) {
                    return span;
                }
            }
            if (stopped) {
                throw new AssertionError("the machine stopped (" + describeStop() + ") before the output showed "
                        + what + tail(), failureIfAny());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no " + what + " in the guest output within " + timeout.toMillis()
                        + " ms (machine " + describeStop() + ", " + machine.clock().instructions()
                        + " instructions so far)" + registers() + tail());
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    private Throwable failureIfAny() {
        if (failure != null) {
            failureReported = true;
        }
        return failure;
    }

    private String describeStop() {
        if (failure != null) {
            return "machine thread threw " + failure;
        }
        if (thread.isAlive()) {
            return "still running";
        }
        return result + (result == Machine.Shutdown.ERROR ? ": " + machine.errorMessage() : "");
    }

    private String registers() {
        try {
            return "\nvCPU 0:\n" + onVcpu(() -> machine.cpus().get(0).dumpRegisters(), Duration.ofSeconds(2));
        } catch (AssertionError | RuntimeException e) {
            return "";
        }
    }

    private String tail() {
        String t = output();
        int n = 3000;
        return "\n--- guest output" + (t.length() > n ? " (last " + n + " chars)" : "") + " ---\n"
                + (t.length() > n ? t.substring(t.length() - n) : t) + "\n--- end ---";
    }

    /**
     * Runs {@code f} on the vCPU thread between blocks (where machine state is consistent) and returns its
     * result; after the machine stopped, runs it on the caller.
     */
    <T> T onVcpu(Supplier<T> f) {
        return onVcpu(f, Duration.ofSeconds(30));
    }

    <T> T onVcpu(Supplier<T> f, Duration timeout) {
        if (!thread.isAlive()) {
            join(Duration.ZERO);
            return f.get();
        }
        CompletableFuture<T> cf = new CompletableFuture<>();
        machine.postHostEvent(() -> {
            try {
                cf.complete(f.get());
            } catch (Throwable t) {
                cf.completeExceptionally(t);
            }
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return cf.get(20, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!thread.isAlive()) {
                    // The machine stopped before it ran the event: its state is now safe to read here.
                    return cf.isDone() ? cf.join() : f.get();
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("the vCPU thread did not run a host event within " + timeout.toMillis() + " ms");
                }
            } catch (ExecutionException e) {
                throw new AssertionError("host event failed on the vCPU thread", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Pauses the vCPUs (as the monitor's {@code stop}), runs {@code f} on the vCPU thread, and resumes them
     * ({@code cont}). Unlike {@link #onVcpu}, this also works while the guest is stuck in a loop that retires no
     * instructions (an exception at the exception vector), where the execution loop never reaches a quantum
     * boundary to run host events.
     */
    <T> T inspect(Supplier<T> f) {
        if (!thread.isAlive()) {
            return onVcpu(f);
        }
        machine.pause();
        try {
            return onVcpu(f, Duration.ofSeconds(30));
        } finally {
            machine.resume();
        }
    }

    /** Guest time now, ns (read on the vCPU thread). */
    long guestNanos() {
        return onVcpu(() -> machine.clock().now());
    }

    /** True while the machine thread runs. */
    boolean isRunning() {
        return thread.isAlive();
    }

    /** Waits until the machine stops by itself and returns why; fails after {@code timeout}. */
    Machine.Shutdown awaitShutdown(Duration timeout) {
        if (!join(timeout)) {
            throw new AssertionError("the machine did not stop within " + timeout.toMillis() + " ms ("
                    + machine.clock().instructions() + " instructions)" + registers() + tail());
        }
        if (failure != null) {
            failureReported = true;
            throw new AssertionError("the machine thread threw", failure);
        }
        return result;
    }

    /** Asks the machine to quit (as Ctrl-A X) and waits for it; returns why it stopped. */
    Machine.Shutdown quit() {
        machine.requestShutdown(Machine.Shutdown.HOST_QUIT);
        return awaitShutdown(Duration.ofSeconds(20));
    }

    private boolean join(Duration timeout) {
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return !thread.isAlive();
    }

    /** Stops the machine thread if it still runs, then releases the machine. */
    @Override
    public void close() {
        if (thread.isAlive()) {
            machine.requestShutdown(Machine.Shutdown.HOST_QUIT);
            if (!join(Duration.ofSeconds(20))) {
                thread.interrupt();
                join(Duration.ofSeconds(5));
            }
        }
        if (thread.isAlive()) {
            StackTraceElement[] st = thread.getStackTrace();
            AssertionError e = new AssertionError("the machine thread did not stop after a host quit request and an "
                    + "interrupt; its memory is not released");
            e.setStackTrace(st);
            throw e;
        }
        machine.close();
        if (failure != null && !failureReported) {
            failureReported = true;
            throw new AssertionError("the machine thread threw", failure);
        }
    }
}
