package org.jemu.cli.gdb;

import static org.jemu.cli.gdb.GdbHarness.assertMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gdb stub driven by the real client: {@code jemu run -S -gdb tcp::PORT} in a subprocess with the C test
 * program {@code test-roms/aarch64/gdb/gdbtest}, and {@code gdb-multiarch -batch} with its ELF, through
 * {@link GdbHarness} (skipped without gdb-multiarch, except with {@code CI=true}, where it fails).
 */
class GdbMultiarchTest {
    @TempDir
    Path tmp;

    static Path gdbDir() {
        return GdbHarness.romDir("aarch64/gdb", "gdbtest.elf");
    }

    private GdbHarness startJemu() throws Exception {
        return GdbHarness.start(tmp, "-M", "virt", "-bios", gdbDir().resolve("gdbtest.bin").toString(),
                "-nographic", "-serial", "stdio");
    }

    private static String runGdb(GdbHarness h, String... commands) throws Exception {
        return h.session(List.of("file " + gdbDir().resolve("gdbtest.elf")), commands).in(gdbDir()).run();
    }

    @Test
    void breakStepWatchSetVarDisassembleDetach() throws Exception {
        try (GdbHarness h = startJemu()) {
            String o = runGdb(h,
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
            int status = h.awaitExit(60, o);
            String console = h.console();
            assertTrue(console.contains("gdbtest: PASS"), console);
            assertEquals(0, status, console);
            assertTrue(!console.contains("(jemu)"), "no monitor prompt on the console with -gdb: " + console);
        }
    }

    @Test
    void reattachAfterDisconnectAndKill() throws Exception {
        try (GdbHarness h = startJemu()) {
            String first = runGdb(h, "tbreak sum_to", "continue", "print n", "disconnect");
            assertMatches("Temporary breakpoint 1, sum_to \\(n=10\\)", first);
            assertMatches("^\\$1 = 10$", first);
            String second = runGdb(h, "info registers pc", "hbreak main", "print $pc", "kill");
            assertMatches("^pc\\s+0x[0-9a-f]+\\s+0x[0-9a-f]+ <sum_to\\+8>", second);
            assertMatches("Hardware assisted breakpoint 1 at", second);
            h.awaitExit(30, second);
        }
    }
}
