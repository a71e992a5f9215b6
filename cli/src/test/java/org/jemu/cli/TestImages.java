package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the end-to-end tests find their guest images: the committed test ROMs ({@code test-roms/aarch64}, found
 * by walking up from the working directory, or {@code -Djemu.root=DIR}) and Debian's U-Boot for QEMU's virt
 * board ({@code /usr/lib/u-boot/qemu_arm64/u-boot.bin}, or {@code -Djemu.uboot=FILE}). A missing image fails
 * the test with the package to install; these tests never skip.
 */
final class TestImages {
    /** Debian package u-boot-qemu: U-Boot 2023.01 for {@code qemu-system-aarch64 -M virt}. */
    static final Path DEFAULT_UBOOT = Path.of("/usr/lib/u-boot/qemu_arm64/u-boot.bin");

    private TestImages() {
    }

    /** The jemu source tree (the directory holding {@code test-roms/aarch64/expected.txt}). */
    static Path projectRoot() {
        String prop = System.getProperty("jemu.root");
        if (prop != null) {
            Path p = Path.of(prop).toAbsolutePath();
            assertTrue(Files.isRegularFile(p.resolve("test-roms/aarch64/expected.txt")),
                    "-Djemu.root=" + prop + " does not contain test-roms/aarch64/expected.txt");
            return p;
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("test-roms/aarch64/expected.txt"))) {
                return d;
            }
        }
        return fail("cannot find test-roms/aarch64/expected.txt above " + Path.of("").toAbsolutePath()
                + "; run the tests from the jemu source tree or pass -Djemu.root=DIR");
    }

    /** The AArch64 test ROM directory. */
    static Path romDir() {
        return projectRoot().resolve("test-roms/aarch64");
    }

    /** The raw binary of test ROM {@code name} (without {@code .bin}). */
    static Path rom(String name) {
        Path p = romDir().resolve(name + ".bin");
        assertTrue(Files.isRegularFile(p), "test ROM " + p + " is missing (it is committed; run make -C test-roms/aarch64)");
        return p;
    }

    /**
     * The ROMs the end-to-end tests run: every {@code *.bin} in the ROM directory except the benchmarks
     * ({@code bench-*}, billions of instructions each; they are run by {@code bench/}), sorted by name.
     */
    static List<String> functionalRoms() {
        try (Stream<Path> s = Files.list(romDir())) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".bin"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .filter(n -> !n.startsWith("bench-"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code expected.txt}: for each ROM, the lines its output must contain, in file order. */
    static Map<String, List<String>> expectedLines() {
        return expectedLines(romDir().resolve("expected.txt"));
    }

    private static Map<String, List<String>> expectedLines(Path file) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(": ");
            assertTrue(colon > 0, "malformed expected.txt line: " + line);
            m.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>()).add(line.substring(colon + 2));
        }
        return m;
    }

    /** The PowerPC test ROM directory ({@code test-roms/ppc}: ELF images for {@code -M g3beige} and {@code -M ppce500}). */
    static Path ppcRomDir() {
        return projectRoot().resolve("test-roms/ppc");
    }

    /** The ELF of PowerPC test ROM {@code name} (without {@code .elf}, e.g. {@code selftest-g3beige}). */
    static Path ppcRom(String name) {
        Path p = ppcRomDir().resolve(name + ".elf");
        assertTrue(Files.isRegularFile(p), "test ROM " + p + " is missing (it is committed; run make -C test-roms/ppc)");
        return p;
    }

    /** {@code test-roms/ppc/expected.txt}: for each ROM, the lines its output must contain. */
    static Map<String, List<String>> ppcExpectedLines() {
        return expectedLines(ppcRomDir().resolve("expected.txt"));
    }

    /** The x86 test ROM directory ({@code test-roms/x86}: 64 KiB BIOS images for {@code -M pc}). */
    static Path x86RomDir() {
        return projectRoot().resolve("test-roms/x86");
    }

    /** The BIOS image of x86 test ROM {@code name} (without {@code .bin}). */
    static Path x86Rom(String name) {
        Path p = x86RomDir().resolve(name + ".bin");
        assertTrue(Files.isRegularFile(p), "test ROM " + p + " is missing (it is committed; run make -C test-roms/x86)");
        return p;
    }

    /** The x86 ROMs the end-to-end tests run: every {@code *.bin} except the benchmarks, sorted by name. */
    static List<String> x86FunctionalRoms() {
        try (Stream<Path> s = Files.list(x86RomDir())) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".bin") && !n.startsWith("bench-"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code test-roms/x86/expected.txt}: for each ROM, the lines its output must contain. */
    static Map<String, List<String>> x86ExpectedLines() {
        return expectedLines(x86RomDir().resolve("expected.txt"));
    }

    /** Debian package debian-installer-12-netboot-arm64: the installer's kernel and initrd. */
    static final Path DEFAULT_INSTALLER_ARM64 =
            Path.of("/usr/lib/debian-installer/images/12/arm64/text/debian-installer/arm64");

    /**
     * The directory holding Debian 12's arm64 netboot installer ({@code linux}, {@code initrd.gz}), or
     * {@code -Djemu.installer.arm64=DIR}; fails (never skips) if the package is not installed.
     */
    static Path installerArm64() {
        String prop = System.getProperty("jemu.installer.arm64");
        Path d = prop != null ? Path.of(prop) : DEFAULT_INSTALLER_ARM64;
        if (!Files.isRegularFile(d.resolve("linux")) || !Files.isRegularFile(d.resolve("initrd.gz"))) {
            fail(d + "/linux or initrd.gz is missing: install the Debian package debian-installer-12-netboot-arm64 "
                    + "(apt-get install debian-installer-12-netboot-arm64); .ci/run installs it");
        }
        return d;
    }

    /** Debian package debian-installer-12-netboot-armhf: the installer's zImage ({@code vmlinuz}) and initrd. */
    static final Path DEFAULT_INSTALLER_ARMHF =
            Path.of("/usr/lib/debian-installer/images/12/armhf/text/debian-installer/armhf");

    /**
     * The directory holding Debian 12's armhf netboot installer ({@code vmlinuz}, {@code initrd.gz}), or
     * {@code -Djemu.installer.armhf=DIR}; fails (never skips) if the package is not installed.
     */
    static Path installerArmhf() {
        String prop = System.getProperty("jemu.installer.armhf");
        Path d = prop != null ? Path.of(prop) : DEFAULT_INSTALLER_ARMHF;
        if (!Files.isRegularFile(d.resolve("vmlinuz")) || !Files.isRegularFile(d.resolve("initrd.gz"))) {
            fail(d + "/vmlinuz or initrd.gz is missing: install the Debian package debian-installer-12-netboot-armhf "
                    + "(apt-get install debian-installer-12-netboot-armhf); .ci/run installs it");
        }
        return d;
    }

    /** Debian's U-Boot for QEMU's virt board; fails (never skips) if the package is not installed. */
    static Path uboot() {
        String prop = System.getProperty("jemu.uboot");
        Path p = prop != null ? Path.of(prop) : DEFAULT_UBOOT;
        if (!Files.isRegularFile(p)) {
            fail(p + " is missing: install the Debian package u-boot-qemu (apt-get install u-boot-qemu); "
                    + ".ci/run installs it");
        }
        return p;
    }

    /** QEMU's OpenBIOS for the PowerPC Mac boards (Debian package qemu-system-data). */
    static final Path DEFAULT_OPENBIOS_PPC = Path.of("/usr/share/qemu/openbios-ppc");

    /** OpenBIOS for PowerPC, or {@code -Djemu.openbios.ppc=FILE}; fails (never skips) if it is not installed. */
    static Path openBiosPpc() {
        String prop = System.getProperty("jemu.openbios.ppc");
        Path p = prop != null ? Path.of(prop) : DEFAULT_OPENBIOS_PPC;
        if (!Files.isRegularFile(p)) {
            fail(p + " is missing: install the Debian package qemu-system-data (apt-get install qemu-system-data); "
                    + ".ci/run installs it");
        }
        return p;
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line that runs {@code jemu ARGS} in a new JVM on the test class path. */
    static List<String> jemuCommand(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
