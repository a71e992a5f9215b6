package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The terminal console as a user drives it, through a real {@code jemu} process with its standard input
 * and output on pipes: {@code -S} with the monitor, Ctrl-A C to switch to the monitor, Ctrl-A X to quit.
 */
class StdioConsoleTest {

    /** A running jemu process whose output is collected by a reader thread. */
    static final class Jemu implements AutoCloseable {
        final Process process;
        final OutputStream in;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Jemu(String... args) throws IOException {
            process = new ProcessBuilder(TestImages.jemuCommand(args)).redirectErrorStream(true).start();
            in = process.getOutputStream();
            Thread t = new Thread(() -> {
                byte[] buf = new byte[4096];
                try (InputStream s = process.getInputStream()) {
                    int n;
                    while ((n = s.read(buf)) > 0) {
                        synchronized (out) {
                            out.write(buf, 0, n);
                            out.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // process ended
                }
            }, "jemu-output");
            t.setDaemon(true);
            t.start();
        }

        String output() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        /** Waits until the output contains {@code text} (60 s at most). */
        void expect(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            synchronized (out) {
                while (!out.toString(StandardCharsets.UTF_8).contains(text)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !process.isAlive()) {
                        throw new AssertionError("no '" + text + "' in jemu's output:\n" + output());
                    }
                    out.wait(Math.max(1, Math.min(100, left / 1_000_000)));
                }
            }
        }

        void send(String keys) throws IOException {
            in.write(keys.getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        int waitForExit() throws InterruptedException {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "jemu did not exit:\n" + output());
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void startStoppedThenContinueFromTheMonitor() throws Exception {
        try (Jemu j = new Jemu("run", "-S", "-M", "virt", "-bios", TestImages.rom("selftest-alu").toString(),
                "-nographic")) {
            j.expect("(jemu) ");
            j.send("info status\r");
            j.expect("VM status: paused");
            j.send("c\r");
            j.expect("ALL TESTS PASSED");
            assertEquals(0, j.waitForExit());
        }
    }

    @Test
    void ctrlACOpensTheMonitorAndCtrlAXQuits() throws Exception {
        try (Jemu j = new Jemu("run", "-M", "virt", "-bios", TestImages.rom("demo").toString(), "-nographic")) {
            j.expect("demo> ");
            j.send("echo hello\r");
            j.expect("hello");
            j.send("\u0001c");
            j.expect("(jemu) ");
            j.send("info registers\r");
            j.expect("PSTATE=");
            j.send("\u0001c");
            j.send("\u0001x");
            j.expect("Terminated");
            assertEquals(0, j.waitForExit());
        }
    }
}
