package org.jemu.machine.board;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Drives {@code qemu-system-aarch64} through its qtest protocol ({@code -qtest stdio}): physical memory
 * reads and writes straight to QEMU's device models, with no guest CPU running. Used as an oracle for
 * jemu's device models. Missing QEMU skips the test, except under {@code CI=true}, where it fails
 * (CI installs qemu-system-arm).
 */
final class Qtest implements AutoCloseable {
    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    private Qtest(Process p) {
        this.process = p;
        this.in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII);
        this.out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** Starts QEMU's virt board (GICv2, one Cortex-A57, 512 MiB) stopped, with qtest on stdio. */
    static Qtest startVirt() throws IOException {
        if (!available()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("qemu-system-aarch64 is not installed but CI=true: install the Debian package qemu-system-arm");
            }
            Assumptions.abort("qemu-system-aarch64 is not installed; skipping the comparison with QEMU");
        }
        Process p = new ProcessBuilder(List.of("qemu-system-aarch64", "-M", "virt,gic-version=2", "-cpu", "cortex-a57",
                "-smp", "1", "-m", "512", "-nodefaults", "-display", "none", "-serial", "null", "-monitor", "none",
                "-S", "-qtest", "stdio")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new Qtest(p);
    }

    /**
     * Starts QEMU's virt board with a GICv3 and no ITS ({@code gic-version=3,its=off}), {@code smp} Cortex-A57s
     * and 512 MiB, stopped, with qtest on stdio.
     */
    static Qtest startVirtGicv3(int smp) throws IOException {
        if (!available()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("qemu-system-aarch64 is not installed but CI=true: install the Debian package qemu-system-arm");
            }
            Assumptions.abort("qemu-system-aarch64 is not installed; skipping the comparison with QEMU");
        }
        Process p = new ProcessBuilder(List.of("qemu-system-aarch64", "-M", "virt,gic-version=3,its=off", "-cpu",
                "cortex-a57", "-smp", Integer.toString(smp), "-m", "512", "-nodefaults", "-display", "none", "-serial",
                "null", "-monitor", "none", "-S", "-qtest", "stdio")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new Qtest(p);
    }

    /**
     * Starts QEMU's ppce500 board (e500mc, 256 MiB, Debian's U-Boot ELF as -bios so QEMU starts; the CPU never
     * runs) stopped, with qtest on stdio. Missing qemu-system-ppc or U-Boot skips, or fails under CI=true.
     */
    static Qtest startPpce500() throws IOException {
        String uboot = "/usr/lib/u-boot/qemu-ppce500/uboot.elf";
        if (!available("qemu-system-ppc") || !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(uboot))) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("qemu-system-ppc or " + uboot + " is missing but CI=true: install the Debian packages "
                        + "qemu-system-ppc and u-boot-qemu");
            }
            Assumptions.abort("qemu-system-ppc or Debian's U-Boot for ppce500 is missing; skipping the comparison with QEMU");
        }
        Process p = new ProcessBuilder(List.of("qemu-system-ppc", "-M", "ppce500", "-cpu", "e500mc", "-m", "256",
                "-bios", uboot, "-nodefaults", "-nic", "none", "-display", "none", "-serial", "null", "-monitor", "none",
                "-S", "-qtest", "stdio")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new Qtest(p);
    }

    static boolean available() {
        return available("qemu-system-aarch64");
    }

    static boolean available(String binary) {
        try {
            Process p = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String command(String c) throws IOException {
        in.write(c + "\n");
        in.flush();
        while (true) {
            String line = out.readLine();
            if (line == null) {
                fail("QEMU exited during qtest command: " + c);
            }
            if (line.startsWith("OK") || line.startsWith("ERR") || line.startsWith("FAIL")) {
                if (!line.startsWith("OK")) {
                    fail("qtest command '" + c + "' failed: " + line);
                }
                return line;
            }
        }
    }

    private static final String[] SUFFIX = {null, "b", "w", null, "l", null, null, null, "q"};

    long read(long addr, int size) throws IOException {
        String r = command("read" + SUFFIX[size] + " 0x" + Long.toHexString(addr));
        return Long.parseUnsignedLong(r.substring(r.indexOf("0x") + 2), 16);
    }

    void write(long addr, int size, long value) throws IOException {
        command("write" + SUFFIX[size] + " 0x" + Long.toHexString(addr) + " 0x" + Long.toHexString(value));
    }

    /**
     * Starts QEMU's g3beige board (256 MiB, OpenBIOS loaded but never run) stopped, with qtest on stdio. Missing
     * qemu-system-ppc skips, or fails under CI=true.
     */
    static Qtest startG3beige() throws IOException {
        boolean present;
        try {
            Process v = new ProcessBuilder("qemu-system-ppc", "--version").redirectErrorStream(true).start();
            v.getInputStream().readAllBytes();
            present = v.waitFor(30, TimeUnit.SECONDS) && v.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            present = false;
        }
        if (!present) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("qemu-system-ppc is not installed but CI=true: install the Debian package qemu-system-ppc");
            }
            Assumptions.abort("qemu-system-ppc is not installed; skipping the comparison with QEMU");
        }
        Process p = new ProcessBuilder(List.of("qemu-system-ppc", "-M", "g3beige", "-m", "256", "-nodefaults",
                "-nic", "none", "-display", "none", "-serial", "null", "-monitor", "none", "-S", "-qtest", "stdio"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new Qtest(p);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
