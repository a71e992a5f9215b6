package org.jemu.machine.fdt;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the device tree compiler ({@code dtc}, Debian package device-tree-compiler) for tests. Where dtc is
 * missing, tests that need it are skipped, except under CI ({@code CI=true}), where they fail: CI must
 * install it.
 */
public final class Dtc {
    private Dtc() {
    }

    /** Result of one dtc run. */
    public record Result(int exitCode, byte[] stdout, String stderr) {
        public String text() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /** Skips the calling test if dtc is absent (fails it under CI=true). */
    public static void require() {
        if (available()) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("dtc is not installed but CI=true: install the Debian package device-tree-compiler");
        }
        Assumptions.abort("dtc (device-tree-compiler) is not installed; skipping the dtc cross-check");
    }

    public static boolean available() {
        try {
            Process p = new ProcessBuilder("dtc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code dtc -I inFormat -O outFormat} on {@code input}. */
    public static Result run(String inFormat, String outFormat, byte[] input) throws IOException, InterruptedException {
        Path in = Files.createTempFile("jemu-dtc", "." + inFormat);
        try {
            Files.write(in, input);
            Process p = new ProcessBuilder(List.of("dtc", "-q", "-I", inFormat, "-O", outFormat, in.toString())).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("dtc did not finish");
            }
            return new Result(p.exitValue(), out, err);
        } finally {
            Files.deleteIfExists(in);
        }
    }

    /** Decompiles a blob to DTS text, failing the test if dtc rejects it. */
    public static String toDts(byte[] dtb) throws IOException, InterruptedException {
        Result r = run("dtb", "dts", dtb);
        if (r.exitCode() != 0) {
            fail("dtc rejected the blob: " + r.stderr());
        }
        return r.text();
    }

    /** Compiles DTS text to a blob, failing the test if dtc rejects it. */
    public static byte[] toDtb(String dts) throws IOException, InterruptedException {
        Result r = run("dts", "dtb", dts.getBytes(StandardCharsets.UTF_8));
        if (r.exitCode() != 0) {
            fail("dtc rejected the source: " + r.stderr());
        }
        return r.stdout();
    }
}
