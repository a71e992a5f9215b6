package org.jemu.machine.virtio;

import static org.jemu.machine.virtio.VirtioMmio.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jemu.machine.device.VmStateException;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Register-level tests of the virtio-mmio version 2 transport (VIRTIO 1.2 section 4.2.2). */
class VirtioMmioTest {

    private static TestDriver rng() {
        return new TestDriver(as -> new VirtioRng("rng"));
    }

    @Test
    void identificationRegisters() {
        try (TestDriver d = rng()) {
            assertEquals(0x74726976, d.reg(MAGIC_VALUE));
            assertEquals(2, d.reg(VERSION));
            assertEquals(4, d.reg(DEVICE_ID));
            assertEquals(0x554d4551, d.reg(VENDOR_ID));
            assertEquals(256, d.reg(QUEUE_NUM_MAX));
            assertEquals(0, d.reg(STATUS));
            assertEquals(0, d.reg(CONFIG_GENERATION));
        }
    }

    @Test
    void emptySlotReadsDeviceIdZero() {
        PhysicalAddressSpace as = new PhysicalAddressSpace();
        try {
            VirtioMmio empty = new VirtioMmio("empty", as, null, null);
            assertEquals(MAGIC, (int) empty.read(MAGIC_VALUE, 4));
            assertEquals(2, (int) empty.read(VERSION, 4));
            assertEquals(VENDOR_QEMU, (int) empty.read(VENDOR_ID, 4));
            assertEquals(0, empty.read(DEVICE_ID, 4));
            assertEquals(0, empty.read(QUEUE_NUM_MAX, 4));
            empty.write(STATUS, 4, 7);
            empty.write(QUEUE_NOTIFY, 4, 0);
            assertEquals(0, empty.read(STATUS, 4));
            assertEquals(0, empty.read(CONFIG, 4));
        } finally {
            as.close();
        }
    }

    @Test
    void featuresAcrossTheTwoSelectors(@TempDir Path dir) throws Exception {
        Path img = Files.write(dir.resolve("disk.img"), new byte[4096]);
        try (TestDriver d = new TestDriver(as -> new VirtioBlk("blk", RawImage.open(img, "test"), null))) {
            d.reg(DEVICE_FEATURES_SEL, 0);
            int lo = d.reg(DEVICE_FEATURES);
            d.reg(DEVICE_FEATURES_SEL, 1);
            int hi = d.reg(DEVICE_FEATURES);
            d.reg(DEVICE_FEATURES_SEL, 2);
            assertEquals(0, d.reg(DEVICE_FEATURES));
            long f = (lo & 0xffffffffL) | ((long) hi << 32);
            assertEquals(VirtioDevice.F_VERSION_1 | VirtioDevice.F_INDIRECT_DESC | VirtioBlk.F_SEG_MAX
                    | VirtioBlk.F_BLK_SIZE | VirtioBlk.F_FLUSH, f);
            assertEquals(1, hi);
        }
    }

    @Test
    void featureNegotiation() {
        try (TestDriver d = rng()) {
            // A legacy driver (no VERSION_1) is refused FEATURES_OK.
            assertEquals(STATUS_ACKNOWLEDGE | STATUS_DRIVER, d.init(0));
            // Features the device did not offer are refused.
            assertEquals(STATUS_ACKNOWLEDGE | STATUS_DRIVER, d.init(VirtioDevice.F_VERSION_1 | 1L << 5));
            // A subset including VERSION_1 is accepted.
            assertEquals(STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK, d.init(VirtioDevice.F_VERSION_1));
            // Once FEATURES_OK is set, the accepted features can no longer change.
            d.reg(DRIVER_FEATURES_SEL, 1);
            d.reg(DRIVER_FEATURES, 0);
            d.reg(STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK | STATUS_DRIVER_OK);
            assertEquals(0xf, d.reg(STATUS));
        }
    }

    @Test
    void queueSetupAndStatusReset() {
        try (TestDriver d = rng()) {
            d.ready();
            VirtQueue q = d.dev.queue(0);
            assertEquals(16, q.size());
            assertEquals(1, d.reg(QUEUE_READY));
            assertEquals(TestDriver.DESC, q.desc);
            assertEquals(TestDriver.AVAIL, q.avail);
            assertEquals(TestDriver.USED, q.used);
            // Bad sizes are refused (not a power of two, larger than QueueNumMax).
            d.reg(QUEUE_NUM, 12);
            d.reg(QUEUE_NUM, 512);
            assertEquals(16, q.size());
            // Nonexistent queue: QueueNumMax 0 and ready 0.
            d.reg(QUEUE_SEL, 1);
            assertEquals(0, d.reg(QUEUE_NUM_MAX));
            assertEquals(0, d.reg(QUEUE_READY));
            d.reg(QUEUE_SEL, 0);
            // 64-bit addresses through the high halves.
            d.reg(QUEUE_READY, 0);
            d.reg(QUEUE_DESC_HIGH, 0x12);
            assertEquals(0x12_0000_0000L | TestDriver.DESC, q.desc);

            d.reg(STATUS, 0);
            assertEquals(0, d.reg(STATUS));
            assertEquals(0, d.reg(QUEUE_READY));
            assertEquals(0, q.desc);
            assertEquals(256, q.size());
            assertEquals(0, d.reg(INTERRUPT_STATUS));
        }
    }

    @Test
    void registerAccessRules() {
        try (TestDriver d = rng()) {
            // Registers are 32-bit only: other sizes read zero and writes are ignored.
            assertEquals(0, d.dev.read(MAGIC_VALUE, 2));
            assertEquals(0, d.dev.read(MAGIC_VALUE, 8));
            d.dev.write(STATUS, 1, 1);
            assertEquals(0, d.reg(STATUS));
            // Read-only registers ignore writes; write-only registers read zero.
            d.reg(DEVICE_ID, 9);
            assertEquals(4, d.reg(DEVICE_ID));
            d.reg(QUEUE_SEL, 0);
            assertEquals(0, d.reg(QUEUE_SEL));
            assertEquals(0, d.reg(0x0f0));
            // The entropy device has no configuration space.
            assertEquals(0, d.dev.read(CONFIG, 4));
        }
    }

    @Test
    void vmStateRoundTrip() throws VmStateException {
        try (TestDriver d = rng(); TestDriver e = rng()) {
            d.ready();
            d.submit(TestDriver.in(TestDriver.BUF, 32));
            d.kick();
            assertTrue(d.irq);
            byte[] saved = d.dev.vmState().toBytes();

            e.dev.vmState().fromBytes(saved);
            assertEquals(d.reg(STATUS), e.reg(STATUS));
            assertEquals(INT_VRING, e.reg(INTERRUPT_STATUS));
            assertTrue(e.irq, "the interrupt level is re-derived after loading");
            VirtQueue q = e.dev.queue(0);
            assertEquals(16, q.size());
            assertTrue(q.ready);
            assertEquals(TestDriver.DESC, q.desc);
            assertEquals(TestDriver.AVAIL, q.avail);
            assertEquals(TestDriver.USED, q.used);
            assertEquals(1, q.lastAvailIdx);
            assertEquals(1, q.usedIdx);
            assertArrayEquals(saved, e.dev.vmState().toBytes());

            // The generator state travels too: both now produce the same next bytes.
            e.put(TestDriver.DESC, d.bytes(TestDriver.DESC, 0x3000));
            d.submit(TestDriver.in(TestDriver.BUF + 0x100, 16));
            d.kick();
            e.put(TestDriver.DESC, d.bytes(TestDriver.DESC, 0x3000));
            e.dev.write(QUEUE_NOTIFY, 4, 0);
            assertArrayEquals(d.bytes(TestDriver.BUF + 0x100, 16), e.bytes(TestDriver.BUF + 0x100, 16));
        }
    }

    @Test
    void corruptStateIsRejectedAndRolledBack() {
        try (TestDriver d = rng()) {
            d.ready();
            byte[] s = d.dev.vmState().toBytes();
            s[2] = 0x01; // status (the first u32, big-endian) becomes 0x17f: not a byte
            assertThrows(VmStateException.class, () -> d.dev.vmState().fromBytes(s));
            assertEquals(0xf, d.reg(STATUS));
            assertFalse(d.irq);
            assertNotEquals(0, d.dev.queue(0).desc);
        }
    }
}
