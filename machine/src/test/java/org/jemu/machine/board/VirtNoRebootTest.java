package org.jemu.machine.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jemu.machine.Boards;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.chardev.MemoryCharBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -no-reboot} on virt: a guest that asks for a reset through PSCI SYSTEM_RESET (PSCI 1.1, function
 * 0x8400_0009, over the HVC conduit QEMU's virt uses at EL1) ends the run, as in QEMU, instead of
 * restarting the machine.
 */
class VirtNoRebootTest {
    @Test
    void psciSystemResetEndsTheRun(@TempDir Path dir) throws Exception {
        ByteBuffer rom = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        rom.putInt(0xD2800120);   // movz x0, #0x9
        rom.putInt(0xF2B08000);   // movk x0, #0x8400, lsl #16
        rom.putInt(0xD4000002);   // hvc #0: SYSTEM_RESET
        rom.putInt(0x14000000);   // b .
        Path bios = dir.resolve("reset.bin");
        Files.write(bios, rom.array());
        try (Machine m = Boards.create(MachineConfig.of("virt").withBios(bios).withNoReboot(true),
                new MemoryCharBackend())) {
            Machine.Shutdown s = assertTimeoutPreemptively(Duration.ofSeconds(60), m::run,
                    "without -no-reboot handling the machine resets and runs the ROM again forever");
            assertEquals(Machine.Shutdown.POWER_OFF, s);
        }
    }
}
