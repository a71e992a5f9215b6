package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Debian 12's armhf netboot installer ({@code debian-installer-12-netboot-armhf}) on jemu's virt board with an
 * ARMv7 CPU, started the way a user does ({@code -M virt -cpu cortex-a15 -m 1024 -kernel vmlinuz -initrd
 * initrd.gz -append console=ttyAMA0}): the zImage decompressor runs with the MMU and caches on, then the
 * kernel (Debian's {@code armmp} flavour, short-descriptor page tables) probes the CPU through CP15, takes
 * timer interrupts through the GICv2, finds PSCI through HVC, registers the PL011 console, unpacks the
 * initramfs and starts {@code /init} in User mode, and debian-installer shows its first dialog, {@code Select a
 * language}, on the serial console.
 *
 * <p>It takes a few minutes on a 2-core machine (229 s under a load average of about 6); the time limits are
 * generous.
 */
class InstallerArmhfTest {
    @Test
    void bootsToSelectALanguage() {
        Path d = TestImages.installerArmhf();
        try (ConsoleSession s = ConsoleSession.virt(null).cpu("cortex-a15").ramMiB(1024)
                .kernel(d.resolve("vmlinuz"), d.resolve("initrd.gz"), "console=ttyAMA0").start()) {
            String boot = s.expect("Run /init as init process", Duration.ofMinutes(10));
            assertTrue(boot.contains("Booting Linux on physical CPU 0x0"), boot);
            assertTrue(boot.contains("CPU: ARMv7 Processor [412fc0f1] revision 1 (ARMv7)"), boot);
            assertTrue(boot.contains("Machine model: linux,dummy-virt"), boot);
            assertTrue(boot.contains("psci: PSCIv1.0 detected in firmware."), boot);
            assertTrue(boot.contains("arch_timer: cp15 timer(s) running at 62.50MHz (virt)."), boot);
            assertTrue(boot.contains("ttyAMA0 at MMIO 0x9000000"), boot);
            assertTrue(boot.contains("Freeing initrd memory"), boot);
            s.expect("Select a language", Duration.ofMinutes(30));
        }
    }
}
