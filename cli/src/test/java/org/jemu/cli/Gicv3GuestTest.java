package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jemu.machine.Machine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guests on {@code -M virt,gic-version=3}: Debian 12's arm64 kernel (the netboot installer's) with
 * {@code -smp 2} finds the GICv3, both CPUs' redistributors and the system register CPU interface, brings up
 * the second CPU (PSCI, then IPIs through ICC_SGI1R_EL1) and reaches {@code Run /init}; Debian's U-Boot
 * reaches its prompt. Each guest runs twice and both runs must print the same bytes and retire the same
 * number of instructions (determinism with two vCPUs exchanging SGIs).
 *
 * <p>The expected kernel lines are what the same kernel prints on {@code qemu-system-aarch64 -M
 * virt,gic-version=3,its=off -smp 2} (QEMU 7.2), except QEMU's extra "ITS: No ITS available, not enabling
 * LPIs" (QEMU 7.2 advertises LPIs even without an ITS; jemu does not).
 */
class Gicv3GuestTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private record Run(byte[] output, long instructions) {
    }

    private static Run run(ConsoleSession.Builder b) {
        try (ConsoleSession s = b.start()) {
            assertEquals(Machine.Shutdown.HOST_QUIT, s.awaitShutdown(TIMEOUT),
                    () -> new String(s.serial().output(), StandardCharsets.ISO_8859_1));
            return new Run(s.serial().output(), s.machine().instructions());
        }
    }

    private static void assertSame(Run a, Run b) {
        assertEquals(new String(a.output(), StandardCharsets.ISO_8859_1), new String(b.output(), StandardCharsets.ISO_8859_1),
                "serial output differs between two runs");
        assertArrayEquals(a.output(), b.output());
        assertEquals(a.instructions(), b.instructions(), "instruction count differs between two runs");
    }

    @Test
    void linuxSmp2FindsGicv3AndBothCpus() throws Exception {
        Path kernel = TestImages.installerArm64().resolve("linux");
        Path initrd = dir.resolve("initramfs.cpio");
        Files.write(initrd, LinuxGuest.initramfs(LinuxGuest.binary(LinuxGuest.arm64Dir(), "init"), List.of(), Map.of()));
        Run[] runs = new Run[2];
        for (int i = 0; i < 2; i++) {
            runs[i] = run(ConsoleSession.virt(null).board("virt,gic-version=3").smp(2).ramMiB(512)
                    .kernel(kernel, initrd, "console=ttyAMA0").stopWhenOutput("Run /init as init process"));
        }
        String log = new String(runs[0].output(), StandardCharsets.ISO_8859_1);
        for (String line : new String[] {
                "CPU features: detected: GIC system register CPU interface",
                "GICv3: 224 SPIs implemented",
                "GICv3: 0 Extended SPIs implemented",
                "GICv3: GICv3 features: 16 PPIs",
                "GICv3: CPU0: found redistributor 0 region 0:0x00000000080a0000",
                "GICv3: CPU1: found redistributor 1 region 0:0x00000000080c0000",
                "CPU1: Booted secondary processor 0x0000000001",
                "smp: Brought up 1 node, 2 CPUs",
                "Run /init as init process"}) {
            assertTrue(log.contains(line), "missing '" + line + "' in:\n" + log);
        }
        assertSame(runs[0], runs[1]);
    }

    @Test
    void ubootReachesPrompt() {
        Run[] runs = new Run[2];
        for (int i = 0; i < 2; i++) {
            runs[i] = run(ConsoleSession.virt(TestImages.uboot()).board("virt,gic-version=3").icountShift(8)
                    .stopWhenOutput("\n=> "));
        }
        String out = new String(runs[0].output(), StandardCharsets.ISO_8859_1);
        assertTrue(out.contains("U-Boot 2023.01"), out);
        assertTrue(out.contains("\n=> "), out);
        assertSame(runs[0], runs[1]);
    }
}
