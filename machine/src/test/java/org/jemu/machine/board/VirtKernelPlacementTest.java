package org.jemu.machine.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.chardev.MemoryCharBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code -kernel} without {@code -initrd} puts the device tree on virt with {@code -cpu cortex-a15}.
 * QEMU (hw/arm/boot.c {@code arm_setup_direct_kernel_boot}) computes the initrd slot, RAM base +
 * MIN(ram / 2, 128 MiB) (or the page after the kernel if that is higher), whether or not there is an initrd,
 * and places the DTB 4 KiB aligned at slot + initrd size: for {@code -m 1024} and no initrd, 0x4800_0000.
 * Checked against the oracle: {@code qemu-system-arm -M virt -cpu cortex-a15 -m 1024 -kernel <64 KiB file> -S},
 * monitor {@code xp /1wx 0x48000000} reads the FDT magic 0xedfe0dd0. Right behind the zImage, where the
 * decompressor writes the kernel, the DTB would be overwritten.
 */
class VirtKernelPlacementTest {
    @Test
    void dtbWithoutInitrdGoesWhereQemuPutsIt(@TempDir Path dir) throws Exception {
        Path zimage = dir.resolve("zImage");
        Files.write(zimage, new byte[64 * 1024]); // contents do not matter: the machine is only built
        MachineConfig c = new MachineConfig("virt", "cortex-a15", 1L << 30, 1, null, zimage, null, null, null,
                MachineConfig.DEFAULT_ICOUNT_SHIFT, false, false);
        try (VirtMachine m = new VirtMachine(c, new MemoryCharBackend())) {
            assertEquals(0x4800_0000L, m.dtbAddress());
        }
    }
}
