package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jemu.machine.Boards;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.MachineException;
import org.jemu.machine.board.VirtMachine;
import org.jemu.machine.chardev.MemoryCharBackend;
import org.jemu.machine.fdt.Fdt;
import org.jemu.machine.fdt.FdtReader;
import org.jemu.machine.virtio.VirtioBlk;
import org.jemu.machine.virtio.VirtioMmio;
import org.jemu.machine.virtio.VirtioRng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -drive file=IMG,format=raw,if=virtio} and {@code -device virtio-rng-device} on the virt board: option
 * parsing, where the devices land (QEMU fills the 32 virtio-mmio slots from the top), and Debian's U-Boot
 * finding the disk with {@code virtio scan} / {@code virtio info} and reading and writing it.
 */
class VirtioDriveTest {
    @TempDir
    Path dir;

    private MachineConfig config(List<String> drives, List<String> devices) {
        List<MachineConfig.Drive> d = drives.stream().map(RunCommand::parseDrive).toList();
        return new MachineConfig("virt", "cortex-a57", 256L << 20, 1, TestImages.uboot(), null, null, null, null,
                MachineConfig.DEFAULT_ICOUNT_SHIFT, false, false, d, devices);
    }

    @Test
    void parseDrive() {
        MachineConfig.Drive d = RunCommand.parseDrive("file=a,,b.img,format=raw,if=virtio,serial=XYZ");
        assertEquals(Path.of("a,b.img"), d.file());
        assertEquals("raw", d.format());
        assertEquals("virtio", d.iface());
        assertEquals("XYZ", d.serial());
        MachineConfig.Drive e = RunCommand.parseDrive("file=x.img");
        assertNull(e.format());
        assertNull(e.iface());
        assertThrows(MachineException.class, () -> RunCommand.parseDrive("format=raw"));
        assertThrows(MachineException.class, () -> RunCommand.parseDrive("file=x.img,cache=none"));
    }

    @Test
    void badDrivesAreOneLineErrors() throws Exception {
        Path img = Files.write(dir.resolve("d.img"), new byte[4096]);
        Path missing = dir.resolve("missing.img");
        RunCommandTest.Result r = RunCommandTest.jemu("run", "-M", "virt", "-bios", TestImages.uboot().toString(),
                "-drive", "file=" + missing + ",format=raw,if=virtio");
        assertNotEquals(0, r.status());
        assertTrue(r.err().contains("-drive file=" + missing + ": no such file"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        MachineException e = assertThrows(MachineException.class, () -> Boards.create(
                config(List.of("file=" + img + ",format=qcow2,if=virtio"), List.of()), new MemoryCharBackend()));
        assertEquals("-drive file=" + img + ": format=qcow2 is not supported (only format=raw)", e.getMessage());
        e = assertThrows(MachineException.class, () -> Boards.create(
                config(List.of("file=" + img + ",if=ide"), List.of()), new MemoryCharBackend()));
        assertTrue(e.getMessage().contains("if=ide is not available"), e.getMessage());
        e = assertThrows(MachineException.class, () -> Boards.create(
                config(List.of(), List.of("virtio-gpu-device")), new MemoryCharBackend()));
        assertTrue(e.getMessage().startsWith("-device virtio-gpu-device: unknown device"), e.getMessage());
    }

    @Test
    void devicesFillTheSlotsFromTheTop() throws Exception {
        Path img = Files.write(dir.resolve("d.img"), new byte[8 * 512]);
        try (Machine m = Boards.create(config(List.of("file=" + img + ",format=raw,if=virtio"),
                List.of("virtio-rng-device")), new MemoryCharBackend())) {
            VirtMachine v = (VirtMachine) m;
            assertInstanceOf(VirtioRng.class, v.virtioTransport(31).device());
            assertInstanceOf(VirtioBlk.class, v.virtioTransport(30).device());
            assertNull(v.virtioTransport(29).device());
            assertEquals(4, m.memory().read(0x0a00_3e08L, 4, false), "DeviceID of slot 31 (rng)");
            assertEquals(2, m.memory().read(0x0a00_3c08L, 4, false), "DeviceID of slot 30 (blk)");
            assertEquals(0, m.memory().read(0x0a00_0008L, 4, false), "DeviceID of an empty slot");
            assertEquals(VirtioMmio.MAGIC, (int) m.memory().read(0x0a00_0000L, 4, false));
            assertEquals(8, m.memory().read(0x0a00_3c00L + VirtioMmio.CONFIG, 8, false), "capacity in sectors");
            Fdt fdt = FdtReader.parse(v.dtb());
            for (int n = 0; n < 32; n++) {
                String node = "/virtio_mmio@" + Long.toHexString(0x0a00_0000L + 0x200L * n);
                assertEquals("virtio,mmio", fdt.root().find(node).string("compatible"), node);
                assertArrayEquals(new int[] {0, 16 + n, 1}, fdt.root().find(node).cells("interrupts"), node);
            }
        }
    }

    /** A small console driver over a MemoryCharBackend. */
    private static final class Console implements AutoCloseable {
        final MemoryCharBackend serial = new MemoryCharBackend();
        final Machine m;
        final Thread t;
        int cursor;

        Console(MachineConfig cfg) {
            m = Boards.create(cfg, serial);
            t = new Thread(m::run, "virtio-drive-test");
            t.setDaemon(true);
            t.start();
        }

        String expect(String s) throws InterruptedException {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < deadline) {
                String out = serial.outputString().replace("\r", "");
                int i = out.indexOf(s, cursor);
                if (i >= 0) {
                    String before = out.substring(cursor, i);
                    cursor = i + s.length();
                    return before;
                }
                Thread.sleep(5);
            }
            return fail("no '" + s + "' in the console output:\n" + serial.outputString().substring(0));
        }

        String command(String cmd) throws InterruptedException {
            serial.inject(cmd + "\r");
            expect(cmd);
            return expect("\n=> ").strip();
        }

        @Override
        public void close() throws InterruptedException {
            m.requestShutdown(Machine.Shutdown.HOST_QUIT);
            t.join(10_000);
            m.close();
        }
    }

    @Test
    void ubootSeesReadsAndWritesTheVirtioDisk() throws Exception {
        byte[] data = new byte[2048 * 512];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i / 512 + i);
        }
        Path img = Files.write(dir.resolve("disk.img"), data);
        try (Console c = new Console(config(List.of("file=" + img + ",format=raw,if=virtio"), List.of()))) {
            c.expect("Hit any key to stop autoboot");
            c.serial.inject(" ");
            c.expect("\n=> ");
            assertEquals("", c.command("virtio scan"));
            assertEquals("""
                    Device 0: QEMU VirtIO Block Device
                                Type: Hard Disk
                                Capacity: 1.0 MB = 0.0 GB (2048 x 512)""", c.command("virtio info"));
            assertEquals("virtio read: device 0 block # 2, count 1 ... 1 blocks read: OK",
                    c.command("virtio read 0x40100000 2 1"));
            assertEquals("40100000: 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11  ................",
                    c.command("md.b 0x40100000 0x10"));
            assertEquals("", c.command("mw.b 0x40200000 0xab 0x200"));
            assertEquals("virtio write: device 0 block # 5, count 1 ... 1 blocks written: OK",
                    c.command("virtio write 0x40200000 5 1"));
        }
        byte[] file = Files.readAllBytes(img);
        byte[] want = new byte[512];
        Arrays.fill(want, (byte) 0xab);
        assertArrayEquals(want, Arrays.copyOfRange(file, 5 * 512, 6 * 512));
    }
}
