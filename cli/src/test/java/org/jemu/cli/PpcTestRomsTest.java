package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jemu.machine.Boards;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.chardev.MemoryCharBackend;
import org.jemu.translator.exec.ExecStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PowerPC test ROMs ({@code test-roms/ppc}, the same ELF images {@code make check-qemu} runs on
 * {@code qemu-system-ppc}) on jemu's boards: {@code selftest-g3beige} and {@code bench-crc32-g3beige} on
 * {@code -M g3beige} (750), {@code selftest-ppce500} and {@code bench-crc32-ppce500} on {@code -M ppce500 -cpu
 * e500mc -no-reboot}, and the {@code poweroff-BOARD} ROMs the benchmark runner uses. Each must print every line
 * {@code expected.txt} lists for it (lines checked on QEMU, the benchmark's CRC also by Python's zlib) and no
 * {@code FAIL}/{@code UNEXPECTED} line. The self-tests run interpreted only, with every block compiled before it
 * first runs, and with the default tiering; the benchmarks (about 139 million instructions) with the two
 * compiling tiers; the power-off ROMs with the default tiering.
 *
 * <p>The ROMs end the run themselves, the ppce500 ones with a reset request through RSTCR (POWER_OFF under
 * -no-reboot), the g3beige ones with the CUDA's power-down command; the instruction count at the end must be the
 * same on every tier.
 */
class PpcTestRomsTest {
    private static final long TIMEOUT_SECONDS = 120;
    private static final Map<String, Map<RomTier, Long>> COUNTS = new ConcurrentHashMap<>();

    record Run(Machine.Shutdown why, String error, String serial, long instructions, ExecStats stats) {
    }

    /** Runs {@code rom} on a fresh machine of its board in this thread, with a watchdog. */
    static Run run(String rom, RomTier tier) {
        Path file = TestImages.ppcRom(rom);
        boolean e500 = rom.endsWith("-ppce500");
        MachineConfig cfg = e500 ? MachineConfig.of("ppce500").withCpu("e500mc").withBios(file).withNoReboot(true)
                : MachineConfig.of("g3beige").withCpu(null).withBios(file);
        MemoryCharBackend serial = new MemoryCharBackend();
        Machine m = Boards.create(cfg.withRam(256L << 20), serial);
        try {
            tier.apply(m);
            Machine.Shutdown why = RomTier.runWithWatchdog(m, TIMEOUT_SECONDS);
            return new Run(why, m.errorMessage(), serial.outputString(), m.instructions(), m.stats());
        } finally {
            m.close();
        }
    }

    static Stream<Arguments> romsAndTiers() {
        List<Arguments> a = new ArrayList<>();
        for (String board : List.of("g3beige", "ppce500")) {
            for (RomTier t : RomTier.values()) {
                a.add(Arguments.of("selftest-" + board, t));
                if (t != RomTier.INTERPRET_ONLY) {
                    a.add(Arguments.of("bench-crc32-" + board, t));
                }
                if (t == RomTier.DEFAULT) {
                    a.add(Arguments.of("poweroff-" + board, t));
                }
            }
        }
        return a.stream();
    }

    @Test
    void expectedLinesCoverEveryRom() {
        Map<String, List<String>> expected = TestImages.ppcExpectedLines();
        for (String rom : List.of("selftest-g3beige", "selftest-ppce500", "bench-crc32-g3beige", "bench-crc32-ppce500",
                "poweroff-g3beige", "poweroff-ppce500")) {
            TestImages.ppcRom(rom);
            assertTrue(expected.containsKey(rom), "expected.txt lists no lines for " + rom);
        }
        assertTrue(expected.get("selftest-g3beige").contains("ALL TESTS PASSED"));
        assertTrue(expected.get("selftest-ppce500").contains("ALL TESTS PASSED"));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("romsAndTiers")
    void romPasses(String rom, RomTier tier) {
        Run r = run(rom, tier);
        String where = rom + " (" + tier + ") output:\n" + r.serial();
        assertNull(r.error(), where);
        assertEquals(Machine.Shutdown.POWER_OFF, r.why(), "the ROM must end the run (RSTCR under -no-reboot, CUDA "
                + "power-down); " + where);
        List<String> lines = Arrays.asList(r.serial().replace("\r", "").split("\n", -1));
        for (String want : TestImages.ppcExpectedLines().get(rom)) {
            assertTrue(lines.contains(want), "missing line '" + want + "' in " + where);
        }
        for (String line : lines) {
            assertFalse(line.startsWith("FAIL") || line.startsWith("UNEXPECTED"),
                    "failure line '" + line + "' in " + where);
        }
        tier.assertStats(r.stats());
        tier.assertSameCount(COUNTS, rom, r.instructions());
    }
}
