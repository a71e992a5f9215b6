package org.jemu.cli.gdb;

import static org.jemu.cli.gdb.GdbHarness.assertMatches;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gdb stub on PowerPC: {@code jemu run -M g3beige -bios gdbtest.elf -S -gdb tcp::PORT} with the C test
 * program {@code test-roms/ppc/gdb} (started at the 750's reset vector), and {@code gdb-multiarch -batch} with
 * its ELF, through {@link GdbHarness}. Every expected line is what the same gdb script prints against
 * {@code qemu-system-ppc -M g3beige -bios gdbtest.elf -S -s} (QEMU 7.2); only where a Ctrl-C lands in the
 * endless loop depends on timing.
 */
class GdbPpcTest {
    @TempDir
    Path tmp;

    static Path gdbDir() {
        return GdbHarness.romDir("ppc/gdb", "gdbtest.elf");
    }

    @Test
    void breakWatchStepHbreakFinishSetVarFloatAndCtrlC() throws Exception {
        try (GdbHarness h = GdbHarness.start(tmp, "-M", "g3beige", "-bios", gdbDir().resolve("gdbtest.elf").toString(),
                "-nographic")) {
            String o = h.session(List.of("file " + gdbDir().resolve("gdbtest.elf")),
                    "info registers pc msr",
                    "break sum_to",
                    "continue",
                    "info registers pc r3 r1",
                    "print n",
                    "watch counter",
                    "continue",
                    "continue",
                    "delete 2",
                    "stepi",
                    "info registers pc",
                    "x/2i $pc",
                    "hbreak average",
                    "continue",
                    "print *v@n",
                    "finish",
                    "p $f1",
                    "info registers fpscr",
                    "set var counter = 100",
                    "print counter",
                    "set $r5 = 0x1234",
                    "p/x $r5",
                    "set $fpscr = 0x2",
                    "info registers fpscr",
                    "p result",
                    "echo running\\n",
                    "continue",
                    "p idle > 0",
                    "info registers pc",
                    "kill").in(gdbDir()).interruptAfter("\nrunning\n", 500).run();
            assertMatches("^_start \\(\\) at start\\.S:7$", o);
            assertMatches("^pc\\s+0xfff00100\\s+0xfff00100 <_start>$", o);
            assertMatches("^msr\\s+0x40\\s+64$", o);
            assertMatches("^Breakpoint 1 at 0xfff0015c: file gdbtest\\.c, line 16\\.$", o);
            assertMatches("^Breakpoint 1, sum_to \\(n=10\\) at gdbtest\\.c:16$", o);
            assertMatches("^pc\\s+0xfff0015c\\s+0xfff0015c <sum_to\\+16>$", o);
            assertMatches("^r3\\s+0xa\\s+10$", o);
            assertMatches("^r1\\s+0x1ffd0\\s+131024$", o);
            assertMatches("^\\$1 = 10$", o);
            assertMatches("^Hardware watchpoint 2: counter$", o);
            assertMatches("^Old value = 0\\s+New value = 1\\s+0xfff00190 in sum_to \\(n=10\\) at gdbtest\\.c:17$", o);
            assertMatches("^Old value = 1\\s+New value = 2\\s+0xfff00190 in sum_to \\(n=10\\) at gdbtest\\.c:17$", o);
            assertMatches("^0xfff00194\\s+17\\s+for \\(int i = 1; i <= n; i\\+\\+\\) \\{$", o);
            assertMatches("^pc\\s+0xfff00194\\s+0xfff00194 <sum_to\\+72>$", o);
            assertMatches("^=> 0xfff00194 <sum_to\\+72>:\\s+stw\\s+r9,12\\(r31\\)$", o);
            assertMatches("^   0xfff00198 <sum_to\\+76>:\\s+lwz\\s+r10,12\\(r31\\)$", o);
            assertMatches("^Hardware assisted breakpoint 3 at 0xfff001d4: file gdbtest\\.c, line 26\\.$", o);
            assertMatches("^Breakpoint 3, average \\(v=0xfff002e8 <values>, n=4\\) at gdbtest\\.c:26$", o);
            assertMatches("^\\$2 = \\{3, 5, 8, 13\\}$", o);
            assertMatches("^0xfff002c0 in main \\(\\) at gdbtest\\.c:36$", o);
            assertMatches("^Value returned is \\$3 = 7\\.25$", o);
            assertMatches("^\\$4 = 7\\.25$", o);
            assertMatches("^fpscr\\s+0x4000\\s+16384$", o); // FPRF: positive normal
            assertMatches("^\\$5 = 100$", o);
            assertMatches("^\\$6 = 0x1234$", o);
            assertMatches("^fpscr\\s+0x2\\s+2$", o);
            assertMatches("^\\$7 = 55$", o);
            assertMatches("^Program received signal SIGINT, Interrupt\\.$", o);
            assertMatches("^(0xfff002[0-9a-f]{2} in )?main \\(\\) at gdbtest\\.c:38$", o);
            assertMatches("^\\$8 = 1$", o);
            assertMatches("^pc\\s+0xfff002[c-e][0-9a-f]\\s+0xfff002[c-e][0-9a-f] <main\\+\\d+>$", o);
            assertMatches("^\\[Inferior 1 \\(Remote target\\) killed\\]$", o);
            h.awaitExit(30, o);
        }
    }
}
