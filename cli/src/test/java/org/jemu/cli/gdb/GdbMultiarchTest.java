package org.jemu.cli.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gdb stub driven by the real client: {@code jemu run -S -gdb tcp::PORT} in a subprocess with the C test
 * program {@code test-roms/aarch64/gdb/gdbtest}, and {@code gdb-multiarch -batch} with its ELF. Without
 * gdb-multiarch the test is skipped, except with {@code CI=true}, where it fails ({@code .ci/run} installs it).
 */
class GdbMultiarchTest {
    static final Path GDB = Path.of(System.getProperty("jemu.gdb", "/usr/bin/gdb-multiarch"));

    @TempDir
    Path tmp;

    static Path gdbDir() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("test-roms/aarch64/gdb");
            if (Files.isRegularFile(p.resolve("gdbtest.elf"))) {
                return p;
            }
        }
        return fail("cannot find test-roms/aarch64/gdb/gdbtest.elf above " + Path.of("").toAbsolutePath());
    }

    static void requireGdb() {
        if (!Files.isExecutable(GDB)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(GDB + " is missing: install the Debian package gdb-multiarch (.ci/run installs it)");
            }
            Assumptions.abort(GDB + " is missing (apt-get install gdb-multiarch); skipping outside CI");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts jemu stopped with the stub on {@code port}; returns once the port accepts connections. */
    private Process startJemu(Path out, int port) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of("run", "-M", "virt", "-bios", gdbDir().resolve("gdbtest.bin").toString(), "-nographic",
                "-serial", "stdio", "-S", "-gdb", "tcp::" + port));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return p; // the stub listens (this probe connection just comes and goes)
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    fail("jemu did not start listening on port " + port + ": " + Files.readString(out));
                }
                Thread.sleep(100);
            }
        }
    }

    private String runGdb(int port, String... commands) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(GDB.toString(), "-batch", "-nx",
                "-ex", "set pagination off", "-ex", "set confirm off", "-ex", "set width 0",
                "-ex", "target remote 127.0.0.1:" + port));
        for (String c : commands) {
            cmd.add("-ex");
            cmd.add(c);
        }
        cmd.add(gdbDir().resolve("gdbtest.elf").toString());
        Path log = tmp.resolve("gdb.log");
        Process g = new ProcessBuilder(cmd).directory(gdbDir().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!g.waitFor(120, TimeUnit.SECONDS)) {
            g.destroyForcibly();
            fail("gdb-multiarch did not finish within 120 s:\n" + Files.readString(log));
        }
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static void assertMatches(String regex, String text) {
        assertTrue(Pattern.compile(regex, Pattern.MULTILINE).matcher(text).find(),
                "gdb output does not match /" + regex + "/:\n" + text);
    }

    @Test
    void breakStepWatchSetVarDisassembleDetach() throws Exception {
        requireGdb();
        int port = freePort();
        Path out = tmp.resolve("jemu.out");
        Process jemu = startJemu(out, port);
        try {
            String o = runGdb(port,
                    "info registers pc",
                    "break sum_to",
                    "continue",
                    "info registers pc",
                    "print n",
                    "stepi",
                    "info registers pc",
                    "watch counter",
                    "continue",
                    "continue",
                    "delete 2",
                    "set var counter = 100",
                    "print counter",
                    "set $x5 = 0x1234",
                    "print/x $x5",
                    "x/4i $pc",
                    "info registers x0 sp cpsr",
                    "monitor info status",
                    "finish",
                    "print result",
                    "next",
                    "print result",
                    "detach");
            assertMatches("^pc\\s+0x0\\s+0x0 <_start>", o);
            assertMatches("Breakpoint 1 at 0x[0-9a-f]+: file gdbtest.c", o);
            assertMatches("Breakpoint 1, sum_to \\(n=10\\) at gdbtest.c:\\d+", o);
            assertMatches("^pc\\s+0x[0-9a-f]+\\s+0x[0-9a-f]+ <sum_to\\+8>", o);
            assertMatches("^\\$1 = 10$", o);
            assertMatches("^pc\\s+0x[0-9a-f]+\\s+0x[0-9a-f]+ <sum_to\\+12>", o);
            assertMatches("Hardware watchpoint 2: counter", o);
            assertMatches("Old value = 0\\s+New value = 1", o);
            assertMatches("Old value = 1\\s+New value = 2", o);
            assertMatches("^\\$2 = 100$", o);
            assertMatches("^\\$3 = 0x1234$", o);
            assertMatches("^=> 0x[0-9a-f]+ <sum_to\\+\\d+>:\\s+\\w+", o);
            assertMatches("^x0\\s+0x[0-9a-f]+\\s+\\d+", o);
            assertMatches("^sp\\s+0x4010ff[0-9a-f]{2}\\s", o);
            assertMatches("^cpsr\\s+0x[0-9a-f]+\\s+\\[ .*EL=1.* \\]", o);
            assertMatches("VM status: paused", o);
            assertMatches("Value returned is \\$\\d+ = 55", o);
            assertMatches("^\\$\\d+ = 0$", o); // result before the assignment
            assertMatches("^\\$\\d+ = 55$", o); // after `next`
            assertMatches("\\[Inferior 1 \\(Remote target\\) detached\\]", o);
            // Detached, the guest runs to its end and powers off.
            assertTrue(jemu.waitFor(60, TimeUnit.SECONDS), "jemu did not exit after detach:\n" + o);
            String console = Files.readString(out);
            assertTrue(console.contains("gdbtest: PASS"), console);
            assertEquals(0, jemu.exitValue(), console);
            assertTrue(!console.contains("(jemu)"), "no monitor prompt on the console with -gdb: " + console);
        } finally {
            jemu.destroyForcibly();
        }
    }

    @Test
    void reattachAfterDisconnectAndKill() throws Exception {
        requireGdb();
        int port = freePort();
        Path out = tmp.resolve("jemu.out");
        Process jemu = startJemu(out, port);
        try {
            String first = runGdb(port, "tbreak sum_to", "continue", "print n", "disconnect");
            assertMatches("Temporary breakpoint 1, sum_to \\(n=10\\)", first);
            assertMatches("^\\$1 = 10$", first);
            String second = runGdb(port, "info registers pc", "hbreak main", "print $pc", "kill");
            assertMatches("^pc\\s+0x[0-9a-f]+\\s+0x[0-9a-f]+ <sum_to\\+8>", second);
            assertMatches("Hardware assisted breakpoint 1 at", second);
            assertTrue(jemu.waitFor(30, TimeUnit.SECONDS), "jemu did not exit after kill:\n" + second);
        } finally {
            jemu.destroyForcibly();
        }
    }
}
