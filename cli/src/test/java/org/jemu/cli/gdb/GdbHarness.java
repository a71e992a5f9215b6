package org.jemu.cli.gdb;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jemu.cli.Main;
import org.junit.jupiter.api.Assumptions;

/**
 * What the gdb-multiarch session tests share: jemu started stopped with its stub on a free port
 * ({@code jemu run ARGS -S -gdb tcp::PORT} in a subprocess of this JVM), {@code gdb-multiarch -batch} scripts
 * run against it with their output captured, time limits on both, and an interrupt (SIGINT to gdb, which
 * then sends the 0x03 byte, as Ctrl-C does at a terminal).
 *
 * <p>Without gdb-multiarch the calling test is skipped, except with {@code CI=true}, where it fails
 * ({@code .ci/run} installs the package). {@code -Djemu.gdb=PATH} selects another gdb.
 */
final class GdbHarness implements AutoCloseable {
    /** The gdb the sessions run. */
    static final Path GDB = Path.of(System.getProperty("jemu.gdb", "/usr/bin/gdb-multiarch"));
    /** How long one gdb script may run. */
    static final long GDB_TIMEOUT_SECONDS = 120;
    /** How long jemu may take to listen. */
    static final long START_TIMEOUT_SECONDS = 60;

    private final Process jemu;
    private final Path console;
    private final Path tmp;
    private final int port;
    private int runs;

    private GdbHarness(Process jemu, Path console, Path tmp, int port) {
        this.jemu = jemu;
        this.console = console;
        this.tmp = tmp;
        this.port = port;
    }

    /** The directory {@code test-roms/REL} above the working directory that holds {@code file}; fails if none. */
    static Path romDir(String rel, String file) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("test-roms").resolve(rel);
            if (Files.isRegularFile(p.resolve(file))) {
                return p;
            }
        }
        return fail("cannot find test-roms/" + rel + "/" + file + " above " + Path.of("").toAbsolutePath());
    }

    /** Skips the test without gdb-multiarch, or fails it under {@code CI=true}. */
    static void requireGdb() {
        if (!Files.isExecutable(GDB)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(GDB + " is missing: install the Debian package gdb-multiarch (.ci/run installs it)");
            }
            Assumptions.abort(GDB + " is missing (apt-get install gdb-multiarch); skipping outside CI");
        }
    }

    /** A TCP port on 127.0.0.1 that was free a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Checks for gdb, then starts {@code jemu run RUN_ARGS -S -gdb tcp::PORT} (console output in
     * {@code tmp/jemu.out}) and returns once the stub accepts connections.
     *
     * @throws org.opentest4j.AssertionFailedError if jemu exits or does not listen within 60 s
     */
    static GdbHarness start(Path tmp, String... runArgs) throws Exception {
        requireGdb();
        int port = freePort();
        Path out = tmp.resolve("jemu.out");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("run");
        cmd.addAll(List.of(runArgs));
        cmd.addAll(List.of("-S", "-gdb", "tcp::" + port));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new GdbHarness(p, out, tmp, port); // listening (this probe just comes and goes)
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    fail("jemu did not start listening on port " + port + ": " + Files.readString(out));
                }
                Thread.sleep(100);
            }
        }
    }

    /** The stub's port. */
    int port() {
        return port;
    }

    /** The jemu process. */
    Process jemu() {
        return jemu;
    }

    /** Everything jemu printed so far (console and errors). */
    String console() throws IOException {
        return Files.readString(console, StandardCharsets.UTF_8);
    }

    /** Waits up to {@code seconds} for jemu to exit; its exit status, failing if it still runs. */
    int awaitExit(long seconds, String context) throws Exception {
        if (!jemu.waitFor(seconds, TimeUnit.SECONDS)) {
            fail("jemu did not exit within " + seconds + " s:\n" + context + "\n--- jemu:\n" + console());
        }
        return jemu.exitValue();
    }

    /**
     * A gdb session in preparation: {@code gdb-multiarch -batch -nx} with pagination and confirmation off,
     * the {@code setup} commands (architecture, file), {@code target remote}, then the commands.
     */
    final class Session {
        private final List<String> setup;
        private final List<String> commands;
        private Path workDir;
        private String interruptAfter;
        private long interruptDelayMillis;

        private Session(List<String> setup, List<String> commands) {
            this.setup = setup;
            this.commands = commands;
        }

        /** Runs gdb in {@code dir} (for source lines). */
        Session in(Path dir) {
            this.workDir = dir;
            return this;
        }

        /**
         * Sends SIGINT to gdb (Ctrl-C) {@code delayMillis} after {@code marker} (e.g. "Continuing.") first
         * appears in its output.
         */
        Session interruptAfter(String marker, long delayMillis) {
            this.interruptAfter = marker;
            this.interruptDelayMillis = delayMillis;
            return this;
        }

        /** Runs the script; its whole output (stdout and stderr). Fails if gdb runs longer than 120 s. */
        String run() throws Exception {
            List<String> cmd = new ArrayList<>(List.of(GDB.toString(), "-batch", "-nx",
                    "-ex", "set pagination off", "-ex", "set confirm off", "-ex", "set width 0"));
            for (String c : setup) {
                cmd.add("-ex");
                cmd.add(c);
            }
            cmd.add("-ex");
            cmd.add("target remote 127.0.0.1:" + port);
            for (String c : commands) {
                cmd.add("-ex");
                cmd.add(c);
            }
            Path log = tmp.resolve("gdb" + (++runs) + ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            Process g = pb.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GDB_TIMEOUT_SECONDS);
            if (interruptAfter != null) {
                while (!Files.readString(log, StandardCharsets.UTF_8).contains(interruptAfter)) {
                    if (!g.isAlive() || System.nanoTime() > deadline) {
                        g.destroyForcibly();
                        fail("gdb never printed \"" + interruptAfter + "\" to interrupt after:\n" + Files.readString(log));
                    }
                    Thread.sleep(20);
                }
                Thread.sleep(interruptDelayMillis);
                // Ctrl-C at a terminal: SIGINT to gdb, which sends the remote interrupt byte.
                Process k = new ProcessBuilder("kill", "-INT", Long.toString(g.pid())).inheritIO().start();
                assertTrue(k.waitFor(10, TimeUnit.SECONDS) && k.exitValue() == 0, "kill -INT " + g.pid() + " failed");
            }
            if (!g.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                g.destroyForcibly();
                fail("gdb-multiarch did not finish within " + GDB_TIMEOUT_SECONDS + " s:\n" + Files.readString(log));
            }
            return Files.readString(log, StandardCharsets.UTF_8);
        }
    }

    /** A session whose setup is {@code setup} (e.g. {@code "file x.elf"}) and then {@code commands}. */
    Session session(List<String> setup, String... commands) {
        return new Session(List.copyOf(setup), List.of(commands));
    }

    /** Runs {@code commands} after {@code setup}; the whole output. */
    String gdb(List<String> setup, String... commands) throws Exception {
        return session(setup, commands).run();
    }

    /** Asserts that some line (multiline mode) of {@code text} matches {@code regex}. */
    static void assertMatches(String regex, String text) {
        assertTrue(Pattern.compile(regex, Pattern.MULTILINE).matcher(text).find(),
                "gdb output does not match /" + regex + "/:\n" + text);
    }

    /**
     * Asserts an {@code info registers} line for each of {@code regs}, given as "NAME HEX NATURAL" (the
     * natural column a regex, e.g. {@code "pc 0x16c 0x16c <main\\+52>"}).
     */
    static void assertRegisters(String text, String... regs) {
        for (String r : regs) {
            String[] f = r.split(" ", 3);
            assertMatches("^" + f[0] + "\\s+" + f[1] + "\\s+" + f[2] + "$", text);
        }
    }

    /** Asserts that no line of {@code text} matches {@code regex}. */
    static void assertNoMatch(String regex, String text) {
        assertTrue(!Pattern.compile(regex, Pattern.MULTILINE).matcher(text).find(),
                "gdb output unexpectedly matches /" + regex + "/:\n" + text);
    }

    /** Ends jemu if it still runs. */
    @Override
    public void close() {
        jemu.destroyForcibly();
        try {
            jemu.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
