package org.jemu.machine.virtio;

import static org.jemu.machine.virtio.TestDriver.BUF;
import static org.jemu.machine.virtio.TestDriver.DESC;
import static org.jemu.machine.virtio.TestDriver.RAM;
import static org.jemu.machine.virtio.TestDriver.RAM_SIZE;
import static org.jemu.machine.virtio.TestDriver.in;
import static org.jemu.machine.virtio.TestDriver.out;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jemu.machine.MachineException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** virtio-blk over virtio-mmio, driven through a split virtqueue in guest RAM against a raw image file. */
class VirtioBlkTest {
    static final int SECTORS = 64;
    static final long HDR = BUF;
    static final long DATA = BUF + 0x1000;
    static final long STATUS = BUF + 0x100;

    @TempDir
    Path dir;
    Path img;
    byte[] initial;

    @BeforeEach
    void makeImage() throws Exception {
        initial = new byte[SECTORS * 512];
        for (int i = 0; i < initial.length; i++) {
            initial[i] = (byte) (i * 7 + (i >> 9));
        }
        img = Files.write(dir.resolve("disk.img"), initial);
    }

    TestDriver driver() {
        return new TestDriver(as -> new VirtioBlk("blk", RawImage.open(img, "-drive file=" + img), "jemu-serial-0001"))
                .ready();
    }

    void header(TestDriver d, int type, long sector) {
        d.w32(HDR, type);
        d.w32(HDR + 4, 0);
        d.w64(HDR + 8, sector);
        d.w16(STATUS, 0xff);
    }

    @Test
    void configSpace() {
        try (TestDriver d = driver()) {
            assertEquals(2, d.reg(VirtioMmio.DEVICE_ID));
            assertEquals(SECTORS, d.dev.read(VirtioMmio.CONFIG, 8));
            assertEquals(SECTORS, d.dev.read(VirtioMmio.CONFIG, 4));
            assertEquals(0, d.dev.read(VirtioMmio.CONFIG + 4, 4));
            assertEquals(VirtioBlk.SEG_MAX, d.dev.read(VirtioMmio.CONFIG + 12, 4));
            assertEquals(512, d.dev.read(VirtioMmio.CONFIG + 20, 4));
            assertEquals(SECTORS, d.dev.read(VirtioMmio.CONFIG, 1));
            assertEquals(0, d.dev.read(VirtioMmio.CONFIG + 0x100, 4), "beyond the config space reads 0");
        }
    }

    @Test
    void readSectors() {
        try (TestDriver d = driver()) {
            header(d, VirtioBlk.T_IN, 3);
            // data split over two descriptors, status in a third
            int head = d.submit(out(HDR, 16), in(DATA, 512), in(DATA + 0x800, 512), in(STATUS, 1));
            assertFalse(d.irq);
            d.kick();
            assertEquals(1, d.usedIdx());
            assertEquals(head, d.usedId(0));
            assertEquals(1025, d.usedLen(0));
            assertEquals(VirtioBlk.S_OK, d.r8(STATUS));
            assertArrayEquals(Arrays.copyOfRange(initial, 3 * 512, 4 * 512), d.bytes(DATA, 512));
            assertArrayEquals(Arrays.copyOfRange(initial, 4 * 512, 5 * 512), d.bytes(DATA + 0x800, 512));
            assertTrue(d.irq);
            assertEquals(VirtioMmio.INT_VRING, d.reg(VirtioMmio.INTERRUPT_STATUS));
            d.reg(VirtioMmio.INTERRUPT_ACK, VirtioMmio.INT_VRING);
            assertFalse(d.irq);
            assertEquals(0, d.reg(VirtioMmio.INTERRUPT_STATUS));
        }
    }

    @Test
    void writeSectorsReachTheFile() throws Exception {
        byte[] data = new byte[1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (0xa5 ^ i);
        }
        try (TestDriver d = driver()) {
            header(d, VirtioBlk.T_OUT, 10);
            d.put(DATA, data);
            int head = d.submit(out(HDR, 16), out(DATA, 1024), in(STATUS, 1));
            d.kick();
            assertEquals(1, d.usedIdx());
            assertEquals(head, d.usedId(0));
            assertEquals(1, d.usedLen(0));
            assertEquals(VirtioBlk.S_OK, d.r8(STATUS));
            assertTrue(d.irq);
        }
        byte[] file = Files.readAllBytes(img);
        assertArrayEquals(data, Arrays.copyOfRange(file, 10 * 512, 12 * 512));
        assertArrayEquals(Arrays.copyOfRange(initial, 0, 10 * 512), Arrays.copyOfRange(file, 0, 10 * 512));
        assertArrayEquals(Arrays.copyOfRange(initial, 12 * 512, initial.length), Arrays.copyOfRange(file, 12 * 512, file.length));
    }

    @Test
    void headerAndDataInOneDescriptorAndReadBack() {
        try (TestDriver d = driver()) {
            // OUT with header and data in the same readable descriptor
            d.w32(HDR, VirtioBlk.T_OUT);
            d.w64(HDR + 8, SECTORS - 1);
            byte[] sector = new byte[512];
            Arrays.fill(sector, (byte) 0x5a);
            d.put(HDR + 16, sector);
            d.submit(out(HDR, 16 + 512), in(STATUS, 1));
            d.kick();
            assertEquals(VirtioBlk.S_OK, d.r8(STATUS));
            // IN of the last sector with data and status in one writable descriptor
            header(d, VirtioBlk.T_IN, SECTORS - 1);
            d.submit(out(HDR, 16), in(DATA, 513));
            d.kick();
            assertEquals(2, d.usedIdx());
            assertEquals(513, d.usedLen(1));
            assertArrayEquals(sector, d.bytes(DATA, 512));
            assertEquals(VirtioBlk.S_OK, d.r8(DATA + 512));
        }
    }

    @Test
    void indirectDescriptors() {
        try (TestDriver d = driver()) {
            d.init(VirtioDevice.F_VERSION_1 | VirtioDevice.F_INDIRECT_DESC);
            d.setupQueue(16);
            header(d, VirtioBlk.T_IN, 1);
            long table = BUF + 0x8000;
            d.writeDesc(table, 0, HDR, 16, VirtQueue.DESC_F_NEXT, 1);
            d.writeDesc(table, 1, DATA, 512, VirtQueue.DESC_F_NEXT | VirtQueue.DESC_F_WRITE, 2);
            d.writeDesc(table, 2, STATUS, 1, VirtQueue.DESC_F_WRITE, 0);
            d.writeDesc(DESC, 5, table, 48, VirtQueue.DESC_F_INDIRECT, 0);
            d.makeAvailable(5);
            d.kick();
            assertEquals(1, d.usedIdx());
            assertEquals(5, d.usedId(0));
            assertEquals(VirtioBlk.S_OK, d.r8(STATUS));
            assertArrayEquals(Arrays.copyOfRange(initial, 512, 1024), d.bytes(DATA, 512));
        }
    }

    @Test
    void getIdFlushAndUnsupported() {
        try (TestDriver d = driver()) {
            header(d, VirtioBlk.T_GET_ID, 0);
            d.submit(out(HDR, 16), in(DATA, 20), in(STATUS, 1));
            d.kick();
            byte[] id = Arrays.copyOf("jemu-serial-0001".getBytes(StandardCharsets.US_ASCII), 20);
            assertArrayEquals(id, d.bytes(DATA, 20));
            assertEquals(VirtioBlk.S_OK, d.r8(STATUS));
            assertEquals(21, d.usedLen(0));

            header(d, VirtioBlk.T_FLUSH, 0);
            d.submit(out(HDR, 16), in(STATUS, 1));
            d.kick();
            assertEquals(VirtioBlk.S_OK, d.r8(STATUS));
            assertEquals(1, d.usedLen(1));

            header(d, 11, 0); // DISCARD: not offered
            d.submit(out(HDR, 16), in(STATUS, 1));
            d.kick();
            assertEquals(VirtioBlk.S_UNSUPP, d.r8(STATUS));
            assertEquals(3, d.usedIdx());
            assertEquals(0xf, d.reg(VirtioMmio.STATUS), "errors in requests do not break the device");
        }
    }

    @Test
    void outOfRangeSectorsAreIoErrors() throws Exception {
        try (TestDriver d = driver()) {
            header(d, VirtioBlk.T_IN, SECTORS);
            d.submit(out(HDR, 16), in(DATA, 512), in(STATUS, 1));
            d.kick();
            assertEquals(VirtioBlk.S_IOERR, d.r8(STATUS));

            header(d, VirtioBlk.T_OUT, SECTORS - 1);
            d.submit(out(HDR, 16), out(DATA, 1024), in(STATUS, 1));
            d.kick();
            assertEquals(VirtioBlk.S_IOERR, d.r8(STATUS));

            header(d, VirtioBlk.T_IN, -1L); // 2^64 - 1: must not wrap into range
            d.submit(out(HDR, 16), in(DATA, 512), in(STATUS, 1));
            d.kick();
            assertEquals(VirtioBlk.S_IOERR, d.r8(STATUS));

            header(d, VirtioBlk.T_IN, 0); // not a whole sector
            d.submit(out(HDR, 16), in(DATA, 100), in(STATUS, 1));
            d.kick();
            assertEquals(VirtioBlk.S_IOERR, d.r8(STATUS));

            assertEquals(4, d.usedIdx());
            assertEquals(0xf, d.reg(VirtioMmio.STATUS));
        }
        assertArrayEquals(initial, Files.readAllBytes(img), "failed writes leave the image alone");
    }

    /** A malformed chain: the host survives, the device sets NEEDS_RESET, and a reset brings it back. */
    private void assertDeviceBroken(TestDriver d) {
        assertEquals(0, d.usedIdx());
        int st = d.reg(VirtioMmio.STATUS);
        assertEquals(VirtioMmio.STATUS_NEEDS_RESET, st & VirtioMmio.STATUS_NEEDS_RESET);
        assertEquals(VirtioMmio.INT_CONFIG, d.reg(VirtioMmio.INTERRUPT_STATUS));
        assertTrue(d.irq);
        // Further notifications are ignored until reset.
        d.kick();
        assertEquals(0, d.usedIdx());
        // Reset and redo a good request.
        d.ready();
        assertFalse(d.irq);
        d.w16(TestDriver.AVAIL + 2, 0);
        d.w16(TestDriver.USED + 2, 0);
        TestDriver fresh = d;
        header(fresh, VirtioBlk.T_IN, 0);
        fresh.writeDesc(DESC, 0, HDR, 16, VirtQueue.DESC_F_NEXT, 1);
        fresh.writeDesc(DESC, 1, DATA, 512, VirtQueue.DESC_F_NEXT | VirtQueue.DESC_F_WRITE, 2);
        fresh.writeDesc(DESC, 2, STATUS, 1, VirtQueue.DESC_F_WRITE, 0);
        fresh.w16(TestDriver.AVAIL + 4, 0);
        fresh.w16(TestDriver.AVAIL + 2, 1);
        fresh.kick();
        assertEquals(1, d.usedIdx());
        assertEquals(VirtioBlk.S_OK, d.r8(STATUS));
        assertArrayEquals(Arrays.copyOfRange(initial, 0, 512), d.bytes(DATA, 512));
    }

    @Test
    void descriptorOutsideRam() {
        try (TestDriver d = driver()) {
            header(d, VirtioBlk.T_IN, 0);
            d.submit(out(HDR, 16), in(RAM + RAM_SIZE - 256, 512), in(STATUS, 1));
            d.kick();
            assertDeviceBroken(d);
        }
    }

    @Test
    void descriptorOnDeviceRegistersIsRefused() {
        try (TestDriver d = driver()) {
            header(d, VirtioBlk.T_IN, 0);
            d.submit(out(HDR, 16), in(0x0a00_0000L, 512), in(STATUS, 1)); // the transport itself
            d.kick();
            assertDeviceBroken(d);
        }
    }

    @Test
    void lengthOverflow() {
        try (TestDriver d = driver()) {
            header(d, VirtioBlk.T_IN, 0);
            d.submit(out(HDR, 16), in(0xffff_ffff_ffff_ff00L, 0xffff_fff0L), in(STATUS, 1));
            d.kick();
            assertDeviceBroken(d);
        }
    }

    @Test
    void chainLoop() {
        try (TestDriver d = driver()) {
            header(d, VirtioBlk.T_IN, 0);
            d.writeDesc(DESC, 0, HDR, 16, VirtQueue.DESC_F_NEXT, 1);
            d.writeDesc(DESC, 1, DATA, 512, VirtQueue.DESC_F_NEXT | VirtQueue.DESC_F_WRITE, 2);
            d.writeDesc(DESC, 2, STATUS, 1, VirtQueue.DESC_F_NEXT | VirtQueue.DESC_F_WRITE, 1);
            d.makeAvailable(0);
            d.kick();
            assertDeviceBroken(d);
        }
    }

    @Test
    void badIndicesAndRings() {
        try (TestDriver d = driver()) {
            d.makeAvailable(40); // head beyond the queue size
            d.kick();
            assertDeviceBroken(d);
        }
        try (TestDriver d = driver()) {
            d.w16(TestDriver.AVAIL + 2, 1000); // available index far ahead
            d.kick();
            assertDeviceBroken(d);
        }
        try (TestDriver d = driver()) {
            header(d, VirtioBlk.T_IN, 0);
            d.writeDesc(DESC, 0, HDR, 16, VirtQueue.DESC_F_NEXT, 99); // next beyond the table
            d.makeAvailable(0);
            d.kick();
            assertDeviceBroken(d);
        }
        try (TestDriver d = driver()) {
            header(d, VirtioBlk.T_IN, 0);
            d.writeDesc(DESC, 0, BUF + 0x8000, 0x10_0000, VirtQueue.DESC_F_INDIRECT, 0); // table past RAM
            d.makeAvailable(0);
            d.kick();
            assertDeviceBroken(d);
        }
        try (TestDriver d = driver()) {
            d.reg(VirtioMmio.QUEUE_READY, 0);
            d.reg(VirtioMmio.QUEUE_DEVICE_LOW, 0x1000); // device area outside RAM
            d.reg(VirtioMmio.QUEUE_READY, 1);
            d.submit(out(HDR, 16), in(STATUS, 1));
            d.kick();
            assertEquals(VirtioMmio.STATUS_NEEDS_RESET, d.reg(VirtioMmio.STATUS) & VirtioMmio.STATUS_NEEDS_RESET);
        }
        try (TestDriver d = driver()) {
            header(d, VirtioBlk.T_IN, 0);
            d.submit(in(STATUS, 1), out(HDR, 16)); // readable after writable
            d.kick();
            assertDeviceBroken(d);
        }
        try (TestDriver d = driver()) {
            d.submit(out(HDR, 8), in(STATUS, 1)); // header too short
            d.kick();
            assertDeviceBroken(d);
        }
    }

    @Test
    void noInterruptFlagSuppressesTheInterrupt() {
        try (TestDriver d = driver()) {
            d.w16(TestDriver.AVAIL, VirtQueue.AVAIL_F_NO_INTERRUPT);
            header(d, VirtioBlk.T_FLUSH, 0);
            d.submit(out(HDR, 16), in(STATUS, 1));
            d.kick();
            assertEquals(1, d.usedIdx());
            assertFalse(d.irq);
            assertEquals(0, d.reg(VirtioMmio.INTERRUPT_STATUS));
        }
    }

    @Test
    void missingImageIsAOneLineError() {
        MachineException e = assertThrows(MachineException.class,
                () -> RawImage.open(dir.resolve("nope.img"), "-drive file=nope.img"));
        assertEquals("-drive file=nope.img: no such file", e.getMessage());
        MachineException e2 = assertThrows(MachineException.class, () -> RawImage.open(dir, "-drive file=" + dir));
        assertTrue(e2.getMessage().endsWith("not a regular file"));
    }

    @Test
    void oddSizedImageRoundsCapacityDown() throws Exception {
        Files.write(img, new byte[1000]);
        try (RawImage r = RawImage.open(img, "x")) {
            assertEquals(1, r.sectors());
        }
    }
}
