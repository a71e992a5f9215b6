package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jemu.machine.Boards;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.chardev.MemoryCharBackend;
import org.jemu.translator.exec.ExecStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The x86 test ROMs ({@code test-roms/x86}, the same images {@code make check-qemu} runs on
 * {@code qemu-system-i386 -M pc -bios}) on jemu's {@code -M pc}: each functional ROM starts at the reset
 * vector, prints every line {@code expected.txt} lists for it on COM1 and on the debug console (port 0x402),
 * no {@code FAIL}/{@code UNEXPECTED} line, and ends through isa-debug-exit with 0 (exit status 1). It runs
 * interpreted only, with every block compiled before it first runs, and with the default tiering; the
 * instruction count at the exit must be the same on all of them, and two runs must be identical (output,
 * instruction count, guest time). The selftest's timer interrupts arrive while the CPU sleeps in HLT, so they
 * do not depend on where blocks end.
 */
class X86TestRomsTest {
    private static final long TIMEOUT_SECONDS = 60;
    /** isa-debug-exit status for a ROM that wrote 0: (0 << 1) | 1. */
    private static final int PASS_STATUS = 1;

    private static final Map<String, Map<RomTier, Long>> COUNTS = new ConcurrentHashMap<>();

    @TempDir
    static Path tmp;

    /** What one run printed and how it ended. */
    record Run(Machine.Shutdown why, String error, int exitCode, String serial, String debugcon, long instructions,
            long guestNanos, ExecStats stats) {
    }

    /** Runs {@code rom} on a fresh {@code -M pc} in this thread, with a watchdog. */
    static Run run(Path rom, RomTier tier) {
        return run(rom, tier, "qemu32");
    }

    /** Runs {@code rom} on a fresh {@code -M pc -cpu cpu} in this thread, with a watchdog. */
    static Run run(Path rom, RomTier tier, String cpu) {
        MemoryCharBackend serial = new MemoryCharBackend();
        MemoryCharBackend debugcon = new MemoryCharBackend();
        Machine m = Boards.create(MachineConfig.of("pc").withCpu(cpu).withBios(rom), serial, debugcon);
        try {
            tier.apply(m);
            Machine.Shutdown why = RomTier.runWithWatchdog(m, TIMEOUT_SECONDS);
            return new Run(why, m.errorMessage(), m.exitCode(), serial.outputString(), debugcon.outputString(),
                    m.instructions(), m.clock().now(), m.stats());
        } finally {
            m.close();
        }
    }

    static Stream<Arguments> romsAndTiers() {
        List<Arguments> a = new ArrayList<>();
        for (String rom : TestImages.x86FunctionalRoms()) {
            for (RomTier t : RomTier.values()) {
                a.add(Arguments.of(rom, t));
            }
        }
        return a.stream();
    }

    @Test
    void romDirectoryHoldsTheSelftestAndTheBenchmarks() {
        assertTrue(TestImages.x86FunctionalRoms().contains("selftest"), TestImages.x86FunctionalRoms().toString());
        Map<String, List<String>> expected = TestImages.x86ExpectedLines();
        for (String rom : List.of("selftest", "bench-crc32", "bench-sieve")) {
            assertTrue(expected.containsKey(rom), "expected.txt lists no lines for " + rom);
            assertEquals(64 << 10, TestImages.read(TestImages.x86Rom(rom)).length, rom + " is a 64 KiB BIOS image");
        }
    }

    private static void assertPassed(String rom, Run r) {
        String where = rom + " output:\n" + r.serial() + "\ndebug console:\n" + r.debugcon();
        assertEquals(Machine.Shutdown.POWER_OFF, r.why(), "the ROM must exit through isa-debug-exit (machine error: "
                + r.error() + "); " + where);
        assertNull(r.error(), where);
        assertEquals(PASS_STATUS, r.exitCode(), where);
        List<String> expected = TestImages.x86ExpectedLines().get(rom);
        assertTrue(expected != null && !expected.isEmpty(), "expected.txt lists no lines for " + rom);
        for (String out : List.of(r.serial(), r.debugcon())) {
            List<String> lines = Arrays.asList(out.replace("\r", "").split("\n", -1));
            for (String want : expected) {
                assertTrue(lines.contains(want), "missing line '" + want + "' in " + where);
            }
            for (String line : lines) {
                assertFalse(line.startsWith("FAIL") || line.startsWith("UNEXPECTED"), "failure line '" + line + "' in "
                        + where);
            }
        }
        assertEquals(r.serial(), r.debugcon(), "COM1 and the debug console carry the same text");
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("romsAndTiers")
    void romPassesOnPc(String rom, RomTier tier) {
        Run r = run(TestImages.x86Rom(rom), tier);
        assertPassed(rom, r);
        tier.assertStats(r.stats());
        tier.assertSameCount(COUNTS, rom, r.instructions());
    }

    /**
     * The MMX ROM also on the models QEMU gives MMX to ({@code make check-qemu} with {@code QEMU_CPU=pentium2}
     * and {@code QEMU_CPU=pentium} passes the same way): the Pentium II and the Pentium with MMX (no FXSR).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pentium2", "pentium"})
    void mmxRomPassesOnMmxModels(String cpu) {
        assertPassed("mmx", run(TestImages.x86Rom("mmx"), RomTier.DEFAULT, cpu));
    }

    @Test
    void selftestRunsAreIdentical() {
        Path rom = TestImages.x86Rom("selftest");
        Run a = run(rom, RomTier.DEFAULT);
        Run b = run(rom, RomTier.DEFAULT);
        assertPassed("selftest", a);
        assertEquals(a.serial(), b.serial());
        assertEquals(a.instructions(), b.instructions(), "instruction count differs between two runs");
        assertEquals(a.guestNanos(), b.guestNanos(), "guest time differs between two runs");
    }

    /** The command line of the issue, as a user types it: the exit status is isa-debug-exit's. */
    @Test
    void jemuRunMPcBiosNographic() throws Exception {
        Path dbg = tmp.resolve("debugcon.txt");
        List<String> cmd = TestImages.jemuCommand("-M", "pc", "-cpu", "qemu32", "-bios",
                TestImages.x86Rom("selftest").toString(), "-nographic", "-debugcon", "file:" + dbg);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("jemu did not exit within 60 s");
        }
        String stdout = Files.readString(out, StandardCharsets.ISO_8859_1);
        String all = "stdout:\n" + stdout + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(PASS_STATUS, p.exitValue(), all);
        assertTrue(stdout.contains("ALL TESTS PASSED\n"), all);
        assertArrayEquals(stdout.getBytes(StandardCharsets.ISO_8859_1), Files.readAllBytes(dbg),
                "the debug console file holds the same text as the serial console");
    }
}
