package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.jemu.machine.Machine;
import org.jemu.machine.chardev.MemoryCharBackend;

/**
 * Shared parts of the Linux guest tests ({@link LinuxGuestArm64Test}, {@link LinuxGuestArmhfTest}): Debian 12's
 * netboot kernels ({@code debian-installer-12-netboot-arm64}/{@code -armhf}) boot on jemu's virt board with a
 * small initramfs made here: {@code /init} and static test programs from {@code test-roms/aarch64/linux/} and
 * {@code test-roms/arm/linux/} (committed binaries, built from the sources beside them), the list of programs
 * init runs ({@code /programs}), and for the arm64 kernel the virtio modules it needs, taken from Debian's
 * {@code linux-image-ABI-arm64} package of the same build ({@code .ci/fetch-arm64-modules} downloads it into
 * {@code /var/cache/jemu}; the installer's own initrd has no virtio_blk). Each program's output on the guest
 * console must equal the output of QEMU's user-mode emulator ({@code qemu-aarch64-static}/{@code qemu-arm-static})
 * running the same binary.
 *
 * <p>Everything is checked, never skipped: a missing kernel, package, program or oracle fails with what to
 * install.
 */
final class LinuxGuest {
    private LinuxGuest() {
    }

    /** Modules in load order (dependencies first); virtio and virtio_ring are built into Debian's kernel. */
    static final List<String> MODULES = List.of("virtio_mmio", "failover", "net_failover", "virtio_net", "virtio_blk",
            "virtio_console");
    static final Path CACHE = Path.of("/var/cache/jemu");

    /**
     * A static test program: {@code name} is its file in the initramfs's /bin, {@code binary} the committed
     * file, {@code qemu} the user-mode emulator (path property, default) and {@code cpu} its -cpu model.
     */
    record Program(String name, Path binary, String qemuProperty, String qemuDefault, String cpu) {
    }

    /** The AArch64 test programs in test-roms/aarch64/linux, in the order init runs them. */
    static List<Program> arm64Programs() {
        return programs(TestImages.projectRoot().resolve("test-roms/aarch64/linux"), "", List.of("fp", "simd", "string"),
                "jemu.qemu.aarch64", "/usr/bin/qemu-aarch64-static", "cortex-a57");
    }

    /**
     * The armhf test programs in test-roms/arm/linux (VFPv4 and NEON, hard float), named {@code prefix + name}
     * in the initramfs.
     */
    static List<Program> armhfPrograms(String prefix) {
        return programs(armhfDir(), prefix, List.of("fp", "vfp", "simd", "string"), "jemu.qemu.arm",
                "/usr/bin/qemu-arm-static", "cortex-a15");
    }

    /**
     * The ARMv8 AArch32 programs in test-roms/arm/linux (AES, SHA, VMULL.P64, CRC32; VSEL, VMAXNM, VRINT*,
     * VCVTA/N/P/M; each in T32 and A32), named
     * {@code prefix + name}, for AArch32 EL0 on an AArch64 model; the oracle is {@code qemu-arm-static -cpu max}.
     */
    static List<Program> armv8AArch32Programs(String prefix) {
        return programs(armhfDir(), prefix, List.of("crypto", "crypto-a32", "v8fp", "v8fp-a32"), "jemu.qemu.arm", "/usr/bin/qemu-arm-static",
                "max");
    }

    private static List<Program> programs(Path dir, String prefix, List<String> names, String prop, String qemu,
            String cpu) {
        return names.stream().map(n -> new Program(prefix + n, binary(dir, n), prop, qemu, cpu)).toList();
    }

    static Path arm64Dir() {
        return TestImages.projectRoot().resolve("test-roms/aarch64/linux");
    }

    static Path armhfDir() {
        return TestImages.projectRoot().resolve("test-roms/arm/linux");
    }

    /** Debian's arm64 netboot kernel (an {@code Image}). */
    static Path arm64Kernel() {
        return TestImages.installerArm64().resolve("linux");
    }

    /** Debian's armhf netboot kernel (a {@code zImage}, the {@code armmp} flavour). */
    static Path armhfKernel() {
        return TestImages.installerArmhf().resolve("vmlinuz");
    }

    /** {ABI, Debian version} from the kernel's banner, e.g. {"6.1.0-50-arm64", "6.1.176-1"}. */
    static String[] kernelVersion(Path kernel) {
        String s = new String(TestImages.read(kernel), StandardCharsets.ISO_8859_1);
        Matcher m = Pattern.compile("Linux version (\\S+) .*? SMP Debian (\\S+) ").matcher(s);
        if (!m.find()) {
            fail(kernel + ": no 'Linux version ... SMP Debian ...' banner");
        }
        return new String[] {m.group(1), m.group(2)};
    }

    /**
     * Debian's kernel package matching {@code kernel}: {@code -Djemu.arm64.kernel.deb=FILE}, or
     * {@code /var/cache/jemu/linux-image-ABI[-unsigned]_VERSION_arm64.deb}.
     */
    static Path kernelDeb(Path kernel) {
        String[] v = kernelVersion(kernel);
        String prop = System.getProperty("jemu.arm64.kernel.deb");
        if (prop != null) {
            return Path.of(prop);
        }
        for (String name : List.of("linux-image-" + v[0] + "-unsigned_" + v[1] + "_arm64.deb",
                "linux-image-" + v[0] + "_" + v[1] + "_arm64.deb")) {
            Path p = CACHE.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        fail("Debian's linux-image-" + v[0] + " " + v[1] + " arm64 package (the modules of the netboot kernel) is not in "
                + CACHE + ": run .ci/fetch-arm64-modules (.ci/run does)");
        return null;
    }

    /**
     * The modules of {@link #MODULES} out of the package's data.tar.xz, in that (load) order, checked to be
     * built for the kernel's ABI (their vermagic).
     */
    static Map<String, byte[]> modules(Path deb, String abi) {
        Map<String, byte[]> found = new LinkedHashMap<>();
        try (InputStream f = new BufferedInputStream(Files.newInputStream(deb));
                ArArchiveInputStream ar = new ArArchiveInputStream(f)) {
            ArArchiveEntry e;
            while ((e = ar.getNextEntry()) != null) {
                if (!e.getName().equals("data.tar.xz")) {
                    continue;
                }
                try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(ar, false))) {
                    TarArchiveEntry t;
                    while ((t = tar.getNextEntry()) != null) {
                        String n = t.getName();
                        if (!n.contains("/lib/modules/" + abi + "/") || !n.endsWith(".ko")) {
                            continue;
                        }
                        String mod = n.substring(n.lastIndexOf('/') + 1, n.length() - 3);
                        if (MODULES.contains(mod)) {
                            found.put(mod, tar.readAllBytes());
                        }
                    }
                }
                break;
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(deb + ": cannot read the package", ex);
        }
        Map<String, byte[]> ordered = new LinkedHashMap<>();
        for (String m : MODULES) {
            byte[] ko = found.get(m);
            assertNotNull(ko, deb + " has no " + m + ".ko for " + abi);
            String s = new String(ko, StandardCharsets.ISO_8859_1);
            assertTrue(s.contains("vermagic=" + abi + " "), m + ".ko is not built for kernel " + abi);
            ordered.put(m, ko);
        }
        return ordered;
    }

    /**
     * A cpio (newc) initramfs: /init, /bin/NAME for each program, /programs (their names in order),
     * /modules/*.ko and /modules/order (if {@code modules} is not empty), /dev /proc /sys.
     */
    static byte[] initramfs(Path init, List<Program> programs, Map<String, byte[]> modules) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(bytes, CpioConstants.FORMAT_NEW)) {
            for (String d : List.of("bin", "dev", "proc", "sys")) {
                dir(cpio, d);
            }
            file(cpio, "init", TestImages.read(init));
            StringBuilder names = new StringBuilder();
            for (Program p : programs) {
                file(cpio, "bin/" + p.name(), TestImages.read(p.binary()));
                names.append(p.name()).append('\n');
            }
            file(cpio, "programs", names.toString().getBytes(StandardCharsets.US_ASCII));
            if (!modules.isEmpty()) {
                dir(cpio, "modules");
                StringBuilder order = new StringBuilder();
                for (Map.Entry<String, byte[]> m : modules.entrySet()) {
                    file(cpio, "modules/" + m.getKey() + ".ko", m.getValue());
                    order.append(m.getKey()).append(".ko\n");
                }
                file(cpio, "modules/order", order.toString().getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code dir/name}, failing with how to build it if it is missing. */
    static Path binary(Path dir, String name) {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            fail(p + " is missing: build it with make -C " + TestImages.projectRoot().relativize(dir)
                    + " (the binaries are committed)");
        }
        return p;
    }

    private static void dir(CpioArchiveOutputStream cpio, String name) throws IOException {
        CpioArchiveEntry e = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name);
        e.setMode(CpioConstants.C_ISDIR | 0755);
        e.setNumberOfLinks(2);
        cpio.putArchiveEntry(e);
        cpio.closeArchiveEntry();
    }

    private static void file(CpioArchiveOutputStream cpio, String name, byte[] data) throws IOException {
        CpioArchiveEntry e = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name, data.length);
        e.setMode(CpioConstants.C_ISREG | 0755);
        e.setNumberOfLinks(1);
        cpio.putArchiveEntry(e);
        cpio.write(data);
        cpio.closeArchiveEntry();
    }

    /** Output of the program under QEMU's user-mode emulator with its -cpu (the oracle), failing if it is missing. */
    static String qemuUser(Program program) {
        Path qemu = Path.of(System.getProperty(program.qemuProperty(), program.qemuDefault()));
        if (!Files.isExecutable(qemu)) {
            fail(qemu + " is missing: install the Debian package qemu-user-static (.ci/run does)");
        }
        try {
            Process p = new ProcessBuilder(qemu.toString(), "-cpu", program.cpu(), program.binary().toString())
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), qemu + " did not finish");
            assertEquals(0, p.exitValue(), qemu + " " + program.binary() + ": " + out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks that each program ran on the guest (between init's {@code JEMU-BEGIN}/{@code JEMU-END} markers in the
     * console output {@code out}, CRs removed), exited with 0 and printed exactly what the oracle printed.
     */
    static void assertProgramsMatchQemu(String out, List<Program> programs) {
        for (Program p : programs) {
            String expected = qemuUser(p).replace("\r", "");
            String begin = "JEMU-BEGIN " + p.name() + "\n";
            int b = out.indexOf(begin);
            int e = out.indexOf("JEMU-END " + p.name() + " ", Math.max(b, 0));
            assertTrue(b >= 0 && e > b, p.name() + " did not run:\n" + out);
            String got = out.substring(b + begin.length(), e);
            assertEquals(expected, got, p.name() + ": output differs from " + p.qemuDefault() + " -cpu " + p.cpu());
            assertTrue(out.startsWith("JEMU-END " + p.name() + " 0\n", e), p.name() + " exit status:\n" + out.substring(e));
        }
    }

    /**
     * Runs {@code m} on a vCPU thread until it stops or {@code limitSeconds} of wall-clock time pass (then it
     * fails with the console so far), asserts that the guest powered off, prints the instruction count and time
     * under {@code name}, and returns the console output with CRs removed.
     */
    static String runToPowerOff(Machine m, MemoryCharBackend serial, long limitSeconds, String name)
            throws InterruptedException {
        long t0 = System.nanoTime();
        Machine.Shutdown[] result = new Machine.Shutdown[1];
        Thread t = new Thread(() -> result[0] = m.run(), "linux-guest-vcpu");
        t.setDaemon(true);
        t.start();
        t.join(limitSeconds * 1000);
        if (t.isAlive()) {
            m.requestShutdown(Machine.Shutdown.HOST_QUIT);
            t.join(10_000);
            fail("the guest did not power off within " + limitSeconds + " s; console:\n" + text(serial));
        }
        String out = text(serial);
        assertEquals(Machine.Shutdown.POWER_OFF, result[0], m.errorMessage() + "\n" + out);
        System.out.printf("%s: %d guest instructions, %.1f s%n", name, m.instructions(), (System.nanoTime() - t0) / 1e9);
        return out;
    }

    static String text(MemoryCharBackend b) {
        return b.outputString().replace("\r", "");
    }

    /** 64-bit FNV-1a, as init.c hashes. */
    static long fnv(byte[] b, int off, int len) {
        long h = 0xcbf29ce484222325L;
        for (int i = off; i < off + len; i++) {
            h ^= b[i] & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    static void write(OutputStream o, byte[] b) {
        try {
            o.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
