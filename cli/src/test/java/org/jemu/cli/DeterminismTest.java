package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Guest time follows the instruction count ({@code -icount}), so a run is reproducible: the same image and the
 * same input at the same point give the same serial output and the same instruction count. Each case runs the
 * guest twice, in fresh machines, and compares.
 */
class DeterminismTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** What one run produced. */
    private record Run(Machine.Shutdown why, byte[] output, long instructions, long guestNanos, long atMark) {
    }

    private static Run run(ConsoleSession.Builder b, AtomicLong mark) {
        try (ConsoleSession s = b.start()) {
            Machine.Shutdown why = s.awaitShutdown(TIMEOUT);
            return new Run(why, s.serial().output(), s.machine().instructions(), s.machine().clock().now(),
                    mark == null ? -1 : mark.get());
        }
    }

    private static void assertSameRun(Run a, Run b) {
        assertEquals(a.why(), b.why());
        assertEquals(new String(a.output(), StandardCharsets.ISO_8859_1), new String(b.output(), StandardCharsets.ISO_8859_1),
                "serial output differs between two runs");
        assertArrayEquals(a.output(), b.output());
        assertEquals(a.instructions(), b.instructions(), "instruction count differs between two runs");
        assertEquals(a.guestNanos(), b.guestNanos(), "guest time differs between two runs");
        assertEquals(a.atMark(), b.atMark(), "instruction count at the marked output differs between two runs");
    }

    /** A ROM that runs to power-off (demo with its keystrokes queued before the start). */
    @ParameterizedTest
    @ValueSource(strings = {"selftest-branch", "smc", "demo"})
    void romRunsAreIdentical(String rom) throws Exception {
        Path input = TestImages.romDir().resolve(rom + ".input");
        String in = Files.isRegularFile(input) ? Files.readString(input, StandardCharsets.ISO_8859_1) : null;
        Run[] runs = new Run[2];
        for (int i = 0; i < 2; i++) {
            ConsoleSession.Builder b = ConsoleSession.virt(TestImages.rom(rom));
            if (in != null) {
                b.input(in);
            }
            runs[i] = run(b, null);
        }
        assertEquals(Machine.Shutdown.POWER_OFF, runs[0].why());
        assertTrue(new String(runs[0].output(), StandardCharsets.ISO_8859_1).contains(
                rom.equals("demo") ? "Powering off." : "ALL TESTS PASSED"));
        assertSameRun(runs[0], runs[1]);
    }

    /**
     * U-Boot without any input: the autoboot countdown (2 s of guest time, polling the generic timer and the
     * UART), the failed boot attempts, then the prompt. Both runs stop at the quantum in which the first prompt
     * appeared. A larger icount shift keeps the countdown short in instructions.
     */
    @Test
    void ubootToPromptWithoutInputIsIdentical() {
        Run[] runs = new Run[2];
        for (int i = 0; i < 2; i++) {
            runs[i] = run(ConsoleSession.virt(TestImages.uboot()).icountShift(8).stopWhenOutput("\n=> "), null);
        }
        assertEquals(Machine.Shutdown.HOST_QUIT, runs[0].why());
        String out = new String(runs[0].output(), StandardCharsets.ISO_8859_1);
        assertTrue(out.contains("Hit any key to stop autoboot:  2 "), out);
        assertTrue(out.contains("\n=> "), out);
        assertSameRun(runs[0], runs[1]);
    }

    /**
     * U-Boot with the same keystrokes at the same points: a key when the countdown starts, {@code version} at
     * the first prompt, {@code poweroff} at the second. Compares the count at the first prompt and at power-off.
     */
    @Test
    void ubootSessionWithInputIsIdentical() {
        Run[] runs = new Run[2];
        for (int i = 0; i < 2; i++) {
            AtomicLong atPrompt = new AtomicLong(-1);
            ConsoleSession.Builder b = ConsoleSession.virt(TestImages.uboot())
                    .icountShift(MachineConfig.DEFAULT_ICOUNT_SHIFT)
                    .whenOutput("Hit any key to stop autoboot", " ")
                    .atOutput("\n=> ", c -> {
                        atPrompt.set(c.machine().instructions());
                        c.serialInput("version\r");
                    })
                    .whenOutput("\n=> ", "poweroff\r");
            runs[i] = run(b, atPrompt);
        }
        assertEquals(Machine.Shutdown.POWER_OFF, runs[0].why());
        String out = new String(runs[0].output(), StandardCharsets.ISO_8859_1);
        assertTrue(out.contains("=> version\r\nU-Boot 2023.01"), out);
        assertTrue(out.contains("=> poweroff\r\npoweroff ..."), out);
        assertTrue(runs[0].atMark() > 0 && runs[0].atMark() < runs[0].instructions());
        assertSameRun(runs[0], runs[1]);
    }

    /**
     * OpenBIOS on g3beige with the same keystrokes at the same points: {@code 1 2 + .} at the first prompt,
     * {@code power-off} (a CUDA power-down packet) at the next. Compares the count at the first prompt and at
     * power-off.
     */
    @Test
    void openBiosG3BeigeSessionIsIdentical() {
        Run[] runs = new Run[2];
        for (int i = 0; i < 2; i++) {
            AtomicLong atPrompt = new AtomicLong(-1);
            ConsoleSession.Builder b = G3BeigeOpenBiosTest.g3beige()
                    .atOutput("\n0 > ", c -> {
                        atPrompt.set(c.machine().instructions());
                        c.serialInput("1 2 + .\r");
                    })
                    .whenOutput("\n0 > ", "power-off\r");
            runs[i] = run(b, atPrompt);
        }
        assertEquals(Machine.Shutdown.POWER_OFF, runs[0].why());
        String out = new String(runs[0].output(), StandardCharsets.ISO_8859_1);
        assertTrue(out.contains("0 > 1 2 + . 3  ok\r\n0 > power-off"), out);
        assertTrue(runs[0].atMark() > 0 && runs[0].atMark() < runs[0].instructions());
        assertSameRun(runs[0], runs[1]);
    }

    /**
     * Debian's U-Boot on ppce500 (e500mc, MPIC, decrementer and time base on the virtual clock): a key at the
     * countdown, {@code version} at the prompt, {@code poweroff} (the GPIO power-off line) at the next one.
     */
    @Test
    void ppce500UbootSessionIsIdentical() {
        Run[] runs = new Run[2];
        for (int i = 0; i < 2; i++) {
            AtomicLong atPrompt = new AtomicLong(-1);
            ConsoleSession.Builder b = ConsoleSession.virt(Ppce500UbootTest.uboot()).board("ppce500").cpu("e500mc")
                    .whenOutput("Hit any key to stop autoboot", " ")
                    .atOutput("\n=> ", c -> {
                        atPrompt.set(c.machine().instructions());
                        c.serialInput("version\r");
                    })
                    .whenOutput("\n=> ", "poweroff\r");
            runs[i] = run(b, atPrompt);
        }
        assertEquals(Machine.Shutdown.POWER_OFF, runs[0].why());
        String out = new String(runs[0].output(), StandardCharsets.ISO_8859_1);
        assertTrue(out.contains("=> version\r\nU-Boot 2023.01"), out);
        assertTrue(out.contains("=> poweroff\r\npoweroff ..."), out);
        assertTrue(runs[0].atMark() > 0 && runs[0].atMark() < runs[0].instructions());
        assertSameRun(runs[0], runs[1]);
    }
}
