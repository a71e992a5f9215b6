package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jemu.machine.Machine;
import org.jemu.translator.exec.ExecStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every functional test ROM in {@code test-roms/aarch64} runs on jemu's virt board as {@code check-qemu.sh} runs
 * it on QEMU ({@code -M virt -cpu cortex-a57 -m 256 -bios ROM.bin}, {@code ROM.input} typed on the console,
 * {@code ROM.machine} as the {@code -M} value if present): it
 * prints every line {@code expected.txt} lists for it, no line starting with {@code FAIL} or {@code UNEXPECTED},
 * and powers itself off (PSCI SYSTEM_OFF). Each ROM runs on both execution tiers and with the default tiering:
 * interpreted only (compile threshold -1), every block compiled before its first execution (threshold 0 with
 * synchronous compilation), the default threshold (hot blocks compile on a background thread), and a low
 * threshold with the background compiler, so compiled regions are installed (and, in {@code smc}, dropped)
 * while the ROM runs. The instruction count at power-off must be the same on all of them. {@code smc} is the self-modifying code test: a
 * ROM that rewrites instructions it has already executed must see the new instructions.
 */
class TestRomsTest {
    /** The ROMs this test must find; the ROM directory may hold more (they are run too). */
    private static final List<String> REQUIRED = List.of("demo", "exceptions", "selftest-alu", "selftest-branch",
            "selftest-mem", "smc");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Instruction count at power-off, per ROM and tier (the count must not depend on the tier). */
    private static final Map<String, Map<Tier, Long>> COUNTS = new ConcurrentHashMap<>();

    enum Tier {
        DEFAULT(null), COMPILE_ALL(0), INTERPRET_ONLY(-1),
        /** A low threshold with the background compiler: regions are installed while the ROM runs. */
        EARLY_BACKGROUND(20);

        final Integer threshold;

        Tier(Integer threshold) {
            this.threshold = threshold;
        }
    }

    static Stream<Arguments> romsAndTiers() {
        List<Arguments> a = new ArrayList<>();
        for (String rom : TestImages.functionalRoms()) {
            for (Tier t : Tier.values()) {
                a.add(Arguments.of(rom, t));
            }
        }
        return a.stream();
    }

    @Test
    void romDirectoryHoldsTheRequiredRomsAndTheirExpectations() {
        List<String> roms = TestImages.functionalRoms();
        assertTrue(roms.containsAll(REQUIRED), "test-roms/aarch64 lacks some of " + REQUIRED + ": has " + roms);
        Map<String, List<String>> expected = TestImages.expectedLines();
        for (String rom : roms) {
            assertTrue(expected.containsKey(rom) && !expected.get(rom).isEmpty(),
                    "expected.txt lists no lines for " + rom);
        }
        assertTrue(Files.isRegularFile(TestImages.romDir().resolve("demo.input")), "demo.input is missing");
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("romsAndTiers")
    void romPassesOnVirt(String rom, Tier tier) throws Exception {
        Path bin = TestImages.rom(rom);
        List<String> expected = TestImages.expectedLines().get(rom);
        assertTrue(expected != null && !expected.isEmpty(), "expected.txt lists no lines for " + rom);
        Path input = TestImages.romDir().resolve(rom + ".input");

        ConsoleSession.Builder b = ConsoleSession.virt(bin).ramMiB(256);
        Path machine = TestImages.romDir().resolve(rom + ".machine");
        if (Files.isRegularFile(machine)) {
            b.board(Files.readString(machine, StandardCharsets.US_ASCII).strip()); // e.g. virt,gic-version=3
        }
        if (tier.threshold != null) {
            b.compileThreshold(tier.threshold);
        }
        if (tier == Tier.COMPILE_ALL) {
            // Compile each block when it is translated, before its first execution (not in the background).
            b.configure(m -> m.loop().setBackgroundCompile(false));
        }
        if (Files.isRegularFile(input)) {
            b.input(Files.readString(input, StandardCharsets.ISO_8859_1));
        }
        try (ConsoleSession s = b.start()) {
            Machine.Shutdown why = s.awaitShutdown(TIMEOUT);
            String out = s.output();
            String where = rom + " (" + tier + ") output:\n" + out;
            assertEquals(Machine.Shutdown.POWER_OFF, why, "the ROM must power off by itself (machine error: "
                    + s.machine().errorMessage() + "); " + where);
            assertNull(s.machine().errorMessage(), where);
            assertEquals(0, s.machine().exitCode(), where);

            List<String> lines = Arrays.asList(out.split("\n", -1));
            for (String want : expected) {
                assertTrue(lines.contains(want), "missing line '" + want + "' in " + where);
            }
            for (String line : lines) {
                assertFalse(line.startsWith("FAIL") || line.startsWith("UNEXPECTED"), "failure line '" + line
                        + "' in " + where);
            }
            assertFalse(out.contains("SOME TESTS FAILED"), where);

            ExecStats st = s.machine().stats();
            assertTrue(st.blocksExecuted > 0, where);
            switch (tier) {
                case INTERPRET_ONLY -> {
                    assertEquals(0, st.blocksCompiled, "threshold -1 must never compile");
                    assertEquals(st.blocksExecuted, st.interpretedExecutions, "threshold -1 must only interpret");
                }
                case COMPILE_ALL -> {
                    assertEquals(0, st.compileFailures, "every block of the test ROMs compiles");
                    assertTrue(st.blocksCompiled >= st.blocksTranslated, "threshold 0 must compile every block it "
                            + "translates: " + st.blocksTranslated + " translated, " + st.blocksCompiled + " compiled");
                    assertEquals(0, st.interpretedExecutions, "threshold 0 must run only compiled code");
                }
                case DEFAULT, EARLY_BACKGROUND -> {
                }
            }
            long insns = s.machine().instructions();
            assertTrue(insns > 0, where);
            Map<Tier, Long> byTier = COUNTS.computeIfAbsent(rom, k -> new ConcurrentHashMap<>());
            byTier.put(tier, insns);
            // A ROM without interrupts and with all input queued up front retires the same instructions on
            // every tier: the count is the architectural number of instructions executed.
            for (Map.Entry<Tier, Long> e : byTier.entrySet()) {
                assertEquals(e.getValue().longValue(), insns, rom + ": instructions at power-off differ between "
                        + e.getKey() + " and " + tier + " (all: " + byTier + ")");
            }
        }
    }
}
