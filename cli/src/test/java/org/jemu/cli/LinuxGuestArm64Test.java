package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jemu.machine.Boards;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.chardev.CharBackend;
import org.jemu.machine.chardev.MemoryCharBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Linux on jemu's virt board: Debian 12's arm64 kernel boots with an initramfs of static test programs
 * (see {@link LinuxGuest}) and a virtio disk, a virtio network card on the user-mode network and a
 * virtio console, the way a user would start it:
 *
 * <pre>
 * jemu run -M virt -cpu cortex-a57 -m 256 -kernel linux -initrd initramfs.cpio -append "console=ttyAMA0 ..."
 *   -drive file=disk.img,format=raw,if=virtio -netdev user,id=n0 -device virtio-net-device,netdev=n0
 *   -device virtio-serial-device -chardev ...,id=c0 -device virtconsole,chardev=c0
 * </pre>
 *
 * In one boot the guest's init (test-roms/aarch64/linux/init.c) loads the virtio modules and
 * <ul>
 * <li>runs the FP, SIMD and string programs, whose output must equal {@code qemu-aarch64-static -cpu cortex-a57}
 * running the same binaries;</li>
 * <li>runs the armhf programs of {@link LinuxGuestArmhfTest} and the ARMv8 AArch32 crypto/CRC32 programs as
 * compat tasks (AArch32 EL0 under the AArch64 kernel), whose output must equal {@code qemu-arm-static} ({@code -cpu
 * cortex-a15}, {@code -cpu max});</li>
 * <li>reads a block the test wrote into the disk image (its hash must match) and writes a file at the start of
 * the disk, which the test reads back from the image after the guest powers off;</li>
 * <li>writes a line to {@code /dev/hvc0}, which must arrive on the virtconsole's chardev;</li>
 * <li>fetches a page over TCP from an HTTP server this test runs on the host's loopback, through the
 * user-mode network's gateway 10.0.2.2; the body's length and hash must match what was served.</li>
 * </ul>
 */
class LinuxGuestArm64Test {
    @TempDir
    Path dir;

    /** Wall-clock limit for the boot (about 35 s of CPU time on an idle 2-core machine). */
    private static final long LIMIT_SECONDS = 240;

    @Test
    void programsDiskConsoleAndNetwork() throws Exception {
        Path kernel = LinuxGuest.arm64Kernel();
        String abi = LinuxGuest.kernelVersion(kernel)[0];
        Map<String, byte[]> modules = LinuxGuest.modules(LinuxGuest.kernelDeb(kernel), abi);
        // The AArch64 programs, then as compat (AArch32 EL0) tasks the armhf ones of LinuxGuestArmhfTest and the
        // ARMv8 AArch32 crypto/CRC32 ones (the kernel advertises them from ID_ISAR5).
        List<LinuxGuest.Program> programs = new java.util.ArrayList<>(LinuxGuest.arm64Programs());
        programs.addAll(LinuxGuest.armhfPrograms("armhf-"));
        programs.addAll(LinuxGuest.armv8AArch32Programs("armhf-"));
        Path initrd = dir.resolve("initramfs.cpio");
        Files.write(initrd, LinuxGuest.initramfs(LinuxGuest.binary(LinuxGuest.arm64Dir(), "init"), programs, modules));

        // The disk: 16 MiB of zeros with a host pattern in the 4 KiB at byte 4096 (sector 8).
        Path disk = dir.resolve("disk.img");
        byte[] image = new byte[16 << 20];
        for (int i = 0; i < 4096; i++) {
            image[4096 + i] = (byte) (i * 13 + 7);
        }
        Files.write(disk, image);
        long hostBlockHash = LinuxGuest.fnv(image, 4096, 4096);

        // The page: big enough for many TCP segments and merged receive buffers.
        StringBuilder page = new StringBuilder("jemu test page served from the host loopback\n");
        for (int i = 0; page.length() < 100_000; i++) {
            page.append("line ").append(i).append(": the quick brown fox jumps over the lazy dog\n");
        }
        byte[] body = page.toString().getBytes(StandardCharsets.US_ASCII);
        List<String> agents = new CopyOnWriteArrayList<>();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/page.txt", ex -> {
            agents.add(ex.getRequestHeaders().getFirst("User-Agent") + " from " + ex.getRemoteAddress().getAddress().getHostAddress());
            ex.getResponseHeaders().add("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, body.length);
            try (var o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        http.start();
        int port = http.getAddress().getPort();

        MemoryCharBackend serial = new MemoryCharBackend();
        MemoryCharBackend hvc = new MemoryCharBackend();
        MachineConfig cfg = new MachineConfig("virt", "cortex-a57", 256L << 20, 1, null, kernel, initrd,
                "console=ttyAMA0 quiet cryptomgr.notests httpport=" + port + " httppath=page.txt", null,
                MachineConfig.DEFAULT_ICOUNT_SHIFT, false, false,
                List.of(new MachineConfig.Drive(disk, "raw", "virtio", null)),
                List.of("virtio-net-device,netdev=n0", "virtio-serial-device", "virtconsole,chardev=c0"), false,
                List.of("user,id=n0"));
        String out;
        try (Machine m = Boards.create(cfg, serial, null, Map.<String, CharBackend>of("c0", hvc))) {
            out = LinuxGuest.runToPowerOff(m, serial, LIMIT_SECONDS, "LinuxGuestArm64Test");
        } finally {
            http.stop(0);
        }

        // Modules and programs
        for (String mod : LinuxGuest.MODULES) {
            assertTrue(out.contains("JEMU-MODULE " + mod + ".ko ok\n"), mod + " did not load:\n" + out);
        }
        LinuxGuest.assertProgramsMatchQemu(out, programs);

        // virtio-blk both ways
        assertTrue(out.contains(String.format("JEMU-DISK-READ %016x\n", hostBlockHash)), "guest read of the host block:\n" + out);
        byte[] after = Files.readAllBytes(disk);
        String head = new String(after, 0, 256, StandardCharsets.US_ASCII);
        String content = "written by the jemu guest on /dev/vda; host block hash " + String.format("%016x", hostBlockHash)
                + "\n";
        assertTrue(head.startsWith("JEMUFILE " + content.length() + "\n" + content), "the file on the disk: " + head);

        // virtio-console
        assertEquals("hello from hvc0\n", hvc.outputString().replace("\r", ""));

        // virtio-net through the user-mode network
        assertTrue(out.contains("JEMU-NET-MAC 52:54:00:12:34:56\n"), out);
        assertTrue(out.contains("JEMU-NET-STATUS HTTP/1.1 200 OK\n"), out);
        assertTrue(out.contains(String.format("JEMU-NET-BODY %d %016x\n", body.length,
                LinuxGuest.fnv(body, 0, body.length))), "the page the guest fetched:\n" + out);
        assertEquals(List.of("jemu-init from " + InetAddress.getLoopbackAddress().getHostAddress()), agents,
                "one request, from the user-mode network's host side");
        assertTrue(out.contains("JEMU-INIT done\n"), out);
    }
}
