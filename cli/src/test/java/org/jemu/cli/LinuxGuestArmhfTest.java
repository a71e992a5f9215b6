package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jemu.machine.Boards;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.chardev.MemoryCharBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real armhf Linux on jemu's virt board: Debian 12's armhf netboot kernel (the {@code armmp} zImage of
 * {@code debian-installer-12-netboot-armhf}) boots on a {@code cortex-a15} with an initramfs of static
 * hard-float programs from {@code test-roms/arm/linux} (see {@link LinuxGuest}), the way a user would start it:
 *
 * <pre>
 * jemu run -M virt -cpu cortex-a15 -m 256 -kernel vmlinuz -initrd initramfs.cpio -append "console=ttyAMA0 quiet cryptomgr.notests"
 * </pre>
 *
 * The guest's init runs the programs in User mode — double and single precision VFP arithmetic, libm and
 * conversions ({@code fp}), the FPSCR modes, fixed-point and half-precision conversions and fused
 * multiply-accumulate in VFPv4 ({@code vfp}), NEON integer, permute, table, structure load/store and float
 * vector operations ({@code simd}), glibc's string functions ({@code string}) — and powers off. Each program's
 * output must equal {@code qemu-arm-static -cpu cortex-a15} running the same binary.
 */
class LinuxGuestArmhfTest {
    @TempDir
    Path dir;

    /**
     * Wall-clock limit for the boot (about 35 s of CPU time on an idle 2-core machine, mostly the zImage
     * decompressor and the kernel boot; the programs take a few seconds).
     */
    private static final long LIMIT_SECONDS = 240;

    @Test
    void programsMatchQemuUser() throws Exception {
        List<LinuxGuest.Program> programs = LinuxGuest.armhfPrograms("");
        Path initrd = dir.resolve("initramfs.cpio");
        Files.write(initrd, LinuxGuest.initramfs(LinuxGuest.binary(LinuxGuest.armhfDir(), "init"), programs, Map.of()));
        MemoryCharBackend serial = new MemoryCharBackend();
        MachineConfig cfg = new MachineConfig("virt", "cortex-a15", 256L << 20, 1, null, LinuxGuest.armhfKernel(), initrd,
                "console=ttyAMA0 quiet cryptomgr.notests", null, MachineConfig.DEFAULT_ICOUNT_SHIFT, false, false);
        String out;
        try (Machine m = Boards.create(cfg, serial, null)) {
            out = LinuxGuest.runToPowerOff(m, serial, LIMIT_SECONDS, "LinuxGuestArmhfTest");
        }
        assertTrue(out.contains("JEMU-INIT start\n"), out);
        LinuxGuest.assertProgramsMatchQemu(out, programs);
        assertTrue(out.contains("JEMU-INIT done\n"), out);
    }
}
