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

/**
 * Boots Debian 12's arm64 netboot kernel ({@code debian-installer-12-netboot-arm64}) on jemu's virt board with a
 * small initramfs made here: {@code /init} and the test programs from {@code test-roms/aarch64/linux/} (static
 * aarch64 binaries built from the sources beside them), and the virtio modules the kernel needs, taken from
 * Debian's {@code linux-image-ABI-arm64} package of the same build ({@code .ci/fetch-arm64-modules} downloads
 * it into {@code /var/cache/jemu}; the installer's own initrd has no virtio_blk).
 *
 * <p>Everything is checked, never skipped: a missing kernel, package or program fails with what to install.
 */
final class Arm64LinuxGuest {
    private Arm64LinuxGuest() {
    }

    /** Modules in load order (dependencies first); virtio and virtio_ring are built into Debian's kernel. */
    static final List<String> MODULES = List.of("virtio_mmio", "failover", "net_failover", "virtio_net", "virtio_blk",
            "virtio_console");
    /** Test programs in test-roms/aarch64/linux that init runs in this order. */
    static final List<String> PROGRAMS = List.of("fp", "simd", "string");
    static final Path CACHE = Path.of("/var/cache/jemu");

    /** The directory with init and the test programs. */
    static Path programDir() {
        return TestImages.projectRoot().resolve("test-roms/aarch64/linux");
    }

    static Path kernel() {
        return TestImages.installerArm64().resolve("linux");
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

    /** A cpio (newc) initramfs: /init, /bin/PROGRAMS, /modules/*.ko and /modules/order, /dev /proc /sys. */
    static byte[] initramfs(Map<String, byte[]> modules) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(bytes, CpioConstants.FORMAT_NEW)) {
            for (String d : List.of("bin", "dev", "proc", "sys", "modules")) {
                dir(cpio, d);
            }
            file(cpio, "init", TestImages.read(program("init")));
            for (String p : PROGRAMS) {
                file(cpio, "bin/" + p, TestImages.read(program(p)));
            }
            StringBuilder order = new StringBuilder();
            for (Map.Entry<String, byte[]> m : modules.entrySet()) {
                file(cpio, "modules/" + m.getKey() + ".ko", m.getValue());
                order.append(m.getKey()).append(".ko\n");
            }
            file(cpio, "modules/order", order.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Path program(String name) {
        Path p = programDir().resolve(name);
        if (!Files.isRegularFile(p)) {
            fail(p + " is missing: build it with make -C test-roms/aarch64/linux (the binaries are committed)");
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

    /** Output of {@code qemu-aarch64-static -cpu cortex-a57 PROGRAM} (the oracle), failing if it is missing. */
    static String qemuUser(Path program) {
        Path qemu = Path.of(System.getProperty("jemu.qemu.aarch64", "/usr/bin/qemu-aarch64-static"));
        if (!Files.isExecutable(qemu)) {
            fail(qemu + " is missing: install the Debian package qemu-user-static (.ci/run does)");
        }
        try {
            Process p = new ProcessBuilder(qemu.toString(), "-cpu", "cortex-a57", program.toString())
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "qemu-aarch64-static did not finish");
            assertEquals(0, p.exitValue(), "qemu-aarch64-static " + program + ": " + out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
