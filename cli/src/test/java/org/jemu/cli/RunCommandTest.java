package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.jemu.machine.Boards;
import org.jemu.machine.MachineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code jemu run} option parsing, and the {@code help} listings, run in-process through {@link Main#execute}. */
class RunCommandTest {
    private static final long MIB = 1L << 20;

    /** What an in-process {@code jemu} run printed. */
    record Result(int status, String out, String err) {
    }

    /** Runs {@code jemu ARGS} in this JVM with System.out and System.err captured. */
    static synchronized Result jemu(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = Main.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void memoryPlainNumberIsMebibytes() {
        assertEquals(256 * MIB, RunCommand.parseMemory("256"));
        assertEquals(128 * MIB, RunCommand.parseMemory("128"));
    }

    @Test
    void memorySuffixes() {
        assertEquals(512 * MIB, RunCommand.parseMemory("512M"));
        assertEquals(512 * MIB, RunCommand.parseMemory("512m"));
        assertEquals(512 * MIB, RunCommand.parseMemory("512MB"));
        assertEquals(1L << 30, RunCommand.parseMemory("1G"));
        assertEquals(3L << 29, RunCommand.parseMemory("1.5G"));
        assertEquals(2 * MIB, RunCommand.parseMemory("2048K"));
        assertEquals(1L << 40, RunCommand.parseMemory("1T"));
        assertEquals(300L << 30, RunCommand.parseMemory("300G"));
        assertEquals(256 * MIB, RunCommand.parseMemory("size=256M")); // QEMU's -m size=... spelling
        assertEquals(256 * MIB, RunCommand.parseMemory(" 256M "));
    }

    @Test
    void memoryUnsetIsZero() {
        assertEquals(0, RunCommand.parseMemory(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "", "M", "-1", "0", "0M", "-512M", "12Q", "1..5G", "NaN", "Infinity",
            "8388608T"})
    void memoryBadValues(String s) {
        MachineException e = assertThrows(MachineException.class, () -> RunCommand.parseMemory(s));
        assertTrue(e.getMessage().startsWith("-m " + s + ":"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void machineHelpListsTheBoards() {
        Result r = jemu("run", "-M", "help");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("Supported machines are:", lines.getFirst());
        assertEquals(Boards.names().size() + 1, lines.size(), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("virt +QEMU ARM Virtual Machine \\(AArch64\\)")), r.out());
    }

    @Test
    void machineHelpWithoutRunSubcommand() {
        Result r = jemu("-M", "help");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("Supported machines are:\n"), r.out());
    }

    @Test
    void cpuHelpListsTheModels() {
        Result r = jemu("run", "-M", "virt", "-cpu", "help");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("Available CPUs for virt:", lines.getFirst());
        List<String> models = lines.subList(1, lines.size()).stream().map(String::trim).toList();
        assertEquals(Boards.cpuModels("virt"), models);
        assertTrue(models.contains("cortex-a57"), models.toString());
    }

    @Test
    void runHelpListsTheQemuOptions() {
        Result r = jemu("run", "--help");
        assertEquals(0, r.status(), r.err());
        for (String opt : List.of("-M", "-cpu", "-m", "-bios", "-kernel", "-initrd", "-append", "-dtb", "-nographic",
                "-serial", "-S", "-d", "-D", "-icount", "--stats")) {
            assertTrue(Pattern.compile("(?m)^\\s+(-\\S+, )?" + Pattern.quote(opt) + "([=,\\s]|$)").matcher(r.out()).find(),
                    "--help does not describe " + opt + ":\n" + r.out());
        }
    }

    @Test
    void version() {
        Result r = jemu("--version");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("jemu "), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"shift=11", "bogus", "shift=x", "sleep=maybe"})
    void badIcountIsOneLine(String spec) {
        Result r = jemu("run", "-M", "virt", "-serial", "null", "-icount", spec);
        assertNotEquals(0, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("jemu: -icount "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void badSerialIsOneLine() {
        Result r = jemu("run", "-M", "virt", "-serial", "tcp:1234");
        assertNotEquals(0, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("jemu: -serial tcp:1234: "), r.err());
    }

    /** A syntax error names the option; picocli adds one line pointing at --help. */
    @Test
    void unknownOptionNamesIt() {
        Result r = jemu("run", "--bogus-option");
        assertEquals(2, r.status());
        List<String> lines = r.err().lines().toList();
        assertTrue(lines.getFirst().startsWith("jemu: ") && lines.getFirst().contains("--bogus-option"), r.err());
        assertTrue(lines.size() <= 2, r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
