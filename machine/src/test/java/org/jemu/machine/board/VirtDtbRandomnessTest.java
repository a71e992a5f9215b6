package org.jemu.machine.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.MachineException;
import org.jemu.machine.chardev.MemoryCharBackend;
import org.jemu.machine.fdt.FdtNode;
import org.jemu.machine.fdt.FdtReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -M virt,dtb-randomness=on|off}: as QEMU's virt board (hw/arm/virt.c {@code create_randomness}, on by
 * default), the generated device tree carries 32 bytes of {@code /chosen/rng-seed} and a 64-bit
 * {@code /chosen/kaslr-seed}. Linux credits the rng-seed to its entropy pool at boot (QEMU 7.2's arm64
 * installer log shows {@code random: crng init done} at 0 s). With the default virtual clock the seeds are
 * the same in every run, so a run stays reproducible; in real-time mode they come from the host.
 */
class VirtDtbRandomnessTest {
    private static FdtNode chosen(Path dir, String board, boolean realTime) throws Exception {
        Path kernel = dir.resolve("Image");
        if (!Files.exists(kernel)) {
            // An arm64 Image header: text_offset 0, image size 64 KiB, "ARM\x64" magic at 0x38.
            byte[] k = new byte[64 * 1024];
            k[16] = 0;
            k[17] = 0;
            k[18] = 1; // image_size = 0x10000, little-endian
            k[0x38] = 'A';
            k[0x39] = 'R';
            k[0x3a] = 'M';
            k[0x3b] = 0x64;
            Files.write(kernel, k);
        }
        MachineConfig c = new MachineConfig(board, "cortex-a57", 256L << 20, 1, null, kernel, null, "console=ttyAMA0",
                null, MachineConfig.DEFAULT_ICOUNT_SHIFT, false, realTime);
        try (VirtMachine m = new VirtMachine(c, new MemoryCharBackend())) {
            return FdtReader.parse(m.dtb()).root().find("/chosen");
        }
    }

    @Test
    void seedsArePresentByDefaultAndTheSameInEveryDeterministicRun(@TempDir Path dir) throws Exception {
        FdtNode a = chosen(dir, "virt", false);
        FdtNode b = chosen(dir, "virt", false);
        assertEquals(32, a.prop("rng-seed").length);
        assertTrue(a.hasProp("kaslr-seed"));
        assertArrayEquals(a.prop("rng-seed"), b.prop("rng-seed"));
        assertEquals(a.u64("kaslr-seed"), b.u64("kaslr-seed"));
        // Not a constant fill: the kernel would still credit it, but a zero seed is what a missing source looks like.
        assertNotEquals(0L, a.u64("kaslr-seed"));
        long distinct = new String(a.prop("rng-seed"), java.nio.charset.StandardCharsets.ISO_8859_1).chars()
                .distinct().count();
        assertTrue(distinct > 16, "rng-seed bytes look random: " + distinct + " distinct values of 32");
    }

    @Test
    void realTimeRunsGetSeedsFromTheHost(@TempDir Path dir) throws Exception {
        FdtNode det = chosen(dir, "virt", false);
        FdtNode a = chosen(dir, "virt", true);
        FdtNode b = chosen(dir, "virt", true);
        assertEquals(32, a.prop("rng-seed").length);
        assertFalse(java.util.Arrays.equals(a.prop("rng-seed"), b.prop("rng-seed")));
        assertFalse(java.util.Arrays.equals(det.prop("rng-seed"), a.prop("rng-seed")));
    }

    @Test
    void offLeavesThemOut(@TempDir Path dir) throws Exception {
        FdtNode off = chosen(dir, "virt,dtb-randomness=off", false);
        assertFalse(off.hasProp("rng-seed"));
        assertFalse(off.hasProp("kaslr-seed"));
        assertEquals("console=ttyAMA0", off.string("bootargs"));
        assertTrue(chosen(dir, "virt,dtb-randomness=on", false).hasProp("rng-seed"));
    }

    @Test
    void aValueThatIsNotABooleanIsRefused(@TempDir Path dir) {
        MachineException e = assertThrows(MachineException.class, () -> chosen(dir, "virt,dtb-randomness=maybe", false));
        assertEquals("-M virt,dtb-randomness=maybe: dtb-randomness=maybe is not a boolean (use on or off)", e.getMessage());
    }
}
