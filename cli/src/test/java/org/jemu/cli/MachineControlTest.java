package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jemu.machine.Machine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host-side control of a running machine (what the monitor's {@code stop}/{@code cont} and
 * {@link ConsoleSession#inspect} do): pausing and resuming must never end the run.
 */
class MachineControlTest {
    @TempDir
    Path tmp;

    /**
     * Many quick pause/host event/resume cycles on a guest spinning in {@code b .}, with a one-instruction
     * quantum so the loop polls host events all the time. The machine must keep running until the host quits.
     */
    @Test
    void pauseAndResumeNeverStopTheMachine() throws Exception {
        Path rom = tmp.resolve("spin.bin");
        Files.write(rom, new byte[] {0x00, 0x00, 0x00, 0x14}); // b . (C6.2.26, imm26 = 0)
        try (ConsoleSession s = ConsoleSession.virt(rom).configure(m -> m.loop().setQuantum(1)).start()) {
            for (int i = 0; i < 300 && s.isRunning(); i++) {
                s.inspect(() -> s.machine().instructions());
            }
            assertTrue(s.isRunning(), "Machine.run() returned " + s.machine().shutdownReason()
                    + " after pause/resume cycles, with no shutdown requested");
            // Left running, the guest makes progress (how far it got during the cycles depends on scheduling).
            long deadline = System.nanoTime() + 30_000_000_000L;
            long n = 0;
            while (n == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
                n = s.inspect(() -> s.machine().instructions());
            }
            assertTrue(n > 0, "the guest retired no instruction after the pause/resume cycles");
            assertEquals(Machine.Shutdown.HOST_QUIT, s.quit());
            assertNull(s.machine().errorMessage());
        }
    }

    /** Threads a machine starts (the background compiler) end when it is closed: nothing leaks per machine. */
    @Test
    void closingAMachineEndsItsThreads() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        // A low threshold so the background compiler certainly runs.
        try (ConsoleSession s = ConsoleSession.virt(TestImages.rom("selftest-branch"))
                .configure(m -> m.loop().setCompileThreshold(50)).start()) {
            assertEquals(Machine.Shutdown.POWER_OFF, s.awaitShutdown(Duration.ofSeconds(60)));
            // The compiler thread started (whether a result was installed before the short ROM powered off
            // depends on scheduling, so that is not asserted).
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.isAlive() && !before.contains(t) && t.getName().equals("jemu-compiler")),
                    "the run should have started the background compiler");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> leaked;
        do {
            Thread.sleep(20);
            leaked = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !before.contains(t) && t.getName().startsWith("jemu"))
                    .map(Thread::getName).toList();
        } while (!leaked.isEmpty() && System.nanoTime() < deadline);
        assertEquals(List.of(), leaked, "threads still alive after Machine.close()");
    }
}
