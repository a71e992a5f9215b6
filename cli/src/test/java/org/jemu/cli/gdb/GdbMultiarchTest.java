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

    /**
     * Source-level {@code next} and {@code step} in the C program: {@code step} on the line that calls
     * {@code puts_uart} enters it. Every expected line is what the same script prints against
     * {@code qemu-system-aarch64 -M virt -cpu cortex-a57 -bios gdbtest.bin -S -s} (QEMU 7.2, gdb 13).
     */
    @Test
    void sourceLevelStepIntoFunction() throws Exception {
        try (GdbHarness h = startJemu()) {
            String o = runGdb(h, "break main", "continue", "next", "step", "step", "step", "bt", "kill");
            assertMatches("^Breakpoint 1, main \\(\\) at gdbtest.c:30$", o);
            assertMatches("^31\\s+if \\(result == 55\\) \\{$", o);
            assertMatches("^32\\s+puts_uart\\(\"gdbtest: PASS\\\\r\\\\n\"\\);$", o);
            assertMatches("^puts_uart \\(s=0x1160 \"gdbtest: PASS\\\\r\\\\n\"\\) at gdbtest.c:13$", o);
            assertMatches("^13\\s+while \\(\\*s\\) \\{$", o);
            assertMatches("^14\\s+UART_DR = \\(unsigned int\\)\\*s\\+\\+;$", o);
            assertMatches("^#0  puts_uart \\(s=0x1160 \"gdbtest: PASS\\\\r\\\\n\"\\) at gdbtest.c:14$", o);
            assertMatches("^#1  0x0000000000001144 in main \\(\\) at gdbtest.c:32$", o);
            h.awaitExit(30, o);
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

    /**
     * The system registers ({@code info registers system}, {@code p/x $SCTLR_EL1}) after start.S set some of them
     * and took an SVC. The expected values are what the same breakpoint shows on
     * {@code qemu-system-aarch64 -M virt -cpu cortex-a57 -bios gdbtest.bin -S -s} (QEMU 7.2 names some of them
     * without the _EL1 suffix: SCTLR, CPACR, VBAR, AMAIR0, CNTKCTL, CSSELR, CLIDR), except where QEMU has no
     * value: MIDR_EL1 is the Cortex-A57 r1p0 MIDR (its TRM, 4.3.1), MPIDR_EL1 is what QEMU shows through
     * {@code -smp 2} (see GdbStubTest), CurrentEL/SPSel/DAIF follow the Arm ARM (EL1h with DAIF masked), and
     * SP_EL1 is the live SP (QEMU 7.2 shows a stale banked copy, 0x40110010, while its own $sp is 0x4010ffe0).
     */
    @Test
    void systemRegisters() throws Exception {
        try (GdbHarness h = startJemu()) {
            String o = runGdb(h,
                    "break sum_to",
                    "continue",
                    "info registers system",
                    "p/x $SCTLR_EL1",
                    "p/x $ESR_EL1",
                    "p/x $sp",
                    "set $SCTLR_EL1 = 0",
                    "p/x $SCTLR_EL1",
                    "kill");
            String[][] expected = {
                {"SCTLR_EL1", "0xc50838"}, {"ACTLR_EL1", "0x0"}, {"CPACR_EL1", "0x300000"},
                {"TTBR0_EL1", "0x40200000"}, {"TTBR1_EL1", "0x1000040300000"}, {"TCR_EL1", "0x80803520"},
                {"MAIR_EL1", "0xff440c0400"}, {"AMAIR_EL1", "0x0"}, {"VBAR_EL1", "0x800"}, {"ESR_EL1", "0x56000042"},
                {"FAR_EL1", "0x0"}, {"PAR_EL1", "0x0"}, {"ELR_EL1", "0x70"}, {"SPSR_EL1", "0x900003c5"},
                {"SP_EL0", "0x40180000"}, {"SP_EL1", "0x4010ffe0"}, {"SPSel", "0x1"}, {"CurrentEL", "0x4"},
                {"DAIF", "0x3c0"}, {"CONTEXTIDR_EL1", "0x77"}, {"TPIDR_EL0", "0x1111222233334444"},
                {"TPIDRRO_EL0", "0x5555666677778888"}, {"TPIDR_EL1", "0x9999aaaabbbbcccc"}, {"MDSCR_EL1", "0x0"},
                {"CSSELR_EL1", "0x0"}, {"MIDR_EL1", "0x411fd070"}, {"MPIDR_EL1", "0x80000000"},
                {"REVIDR_EL1", "0x0"}, {"CTR_EL0", "0x8444c004"}, {"CLIDR_EL1", "0xa200023"},
                {"ID_AA64ISAR0_EL1", "0x11120"}, {"ID_AA64MMFR0_EL1", "0x1124"}, {"CNTFRQ_EL0", "0x3b9aca0"},
                {"CNTKCTL_EL1", "0x0"}, {"CNTP_CTL_EL0", "0x0"}, {"CNTP_CVAL_EL0", "0x0"}, {"CNTV_CTL_EL0", "0x0"},
                {"CNTV_CVAL_EL0", "0x0"},
            };
            for (String[] e : expected) {
                assertMatches("^" + e[0] + "\\s+" + e[1] + "\\s+\\d+$", o);
            }
            assertMatches("^CNTVCT_EL0\\s+0x[0-9a-f]+\\s", o);
            assertMatches("^\\$1 = 0xc50838$", o);
            assertMatches("^\\$2 = 0x56000042$", o);
            assertMatches("^\\$3 = 0x4010ffe0$", o);
            // Read-only: gdb reports the E reply and the value stays.
            assertMatches("Could not write register \"SCTLR_EL1\"; remote failure reply 'E01'", o);
            assertMatches("^\\$4 = 0xc50838$", o);
            h.awaitExit(30, o);
        }
    }
}
