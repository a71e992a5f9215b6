package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Debian 12's arm64 netboot installer ({@code debian-installer-12-netboot-arm64}) boots on jemu's virt board
 * the way a user starts it ({@code -M virt -cpu cortex-a57 -m 1024 -kernel linux -initrd initrd.gz -append
 * console=ttyAMA0}): the kernel boots, unpacks the initramfs, starts busybox init and debian-installer, which
 * draws its first dialog, {@code Select a language}, on the PL011. This is the whole AArch64 stack in one run:
 * the A64 integer, SIMD and FP instructions user space uses, EL0/EL1, the MMU with many processes (position-
 * independent blocks shared between them), the GIC and timer interrupts, PSCI and the device tree.
 *
 * <p>It takes 7 billion guest instructions, a few minutes on a 2-core machine; the time limit is generous.
 */
class InstallerArm64Test {
    @Test
    void bootsToSelectALanguage() {
        Path d = TestImages.installerArm64();
        try (ConsoleSession s = ConsoleSession.virt(null).ramMiB(1024)
                .kernel(d.resolve("linux"), d.resolve("initrd.gz"), "console=ttyAMA0").start()) {
            String boot = s.expect("Run /init as init process", Duration.ofMinutes(10));
            assertTrue(boot.contains("Booting Linux on physical CPU 0x0000000000"), boot);
            assertTrue(boot.contains("Machine model: linux,dummy-virt"), boot);
            s.expect("Select a language", Duration.ofMinutes(20));
        }
    }
}
