package org.jemu.machine.virtio;

import static org.jemu.machine.virtio.TestDriver.BUF;
import static org.jemu.machine.virtio.TestDriver.in;
import static org.jemu.machine.virtio.TestDriver.out;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jemu.machine.MachineException;
import org.jemu.machine.net.NetBackend;
import org.junit.jupiter.api.Test;

/**
 * virtio-net against the layout of VIRTIO 1.2 section 5.1: configuration space, the 12-byte header, single
 * and merged receive buffers, transmit, and frames waiting for buffers.
 */
class VirtioNetTest {
    /** A backend the test drives by hand. */
    static final class FakeBackend extends NetBackend {
        final List<byte[]> sent = new ArrayList<>();

        FakeBackend() {
            super("fake");
        }

        @Override
        public void send(byte[] frame, int off, int len) {
            sent.add(java.util.Arrays.copyOfRange(frame, off, off + len));
        }

        void inject(byte[] f) {
            hostReceive(f);
        }
    }

    private static byte[] frame(int len, int seed) {
        byte[] f = new byte[len];
        for (int i = 0; i < len; i++) {
            f[i] = (byte) (i * 7 + seed);
        }
        return f;
    }

    @Test
    void configSpaceHasMacAndLinkUp() {
        FakeBackend be = new FakeBackend();
        byte[] mac = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
        try (TestDriver d = new TestDriver(as -> new VirtioNet("net", mac, be))) {
            assertEquals(1, d.reg(VirtioMmio.DEVICE_ID));
            long f = d.reg(VirtioMmio.DEVICE_FEATURES) & 0xffffffffL;
            assertTrue((f & (1 << 5)) != 0, "VIRTIO_NET_F_MAC");
            assertTrue((f & (1 << 15)) != 0, "VIRTIO_NET_F_MRG_RXBUF");
            assertTrue((f & (1 << 16)) != 0, "VIRTIO_NET_F_STATUS");
            assertEquals(0, f & (1 << 0), "no checksum offload");
            assertEquals(0, f & (1 << 17), "no control queue");
            for (int i = 0; i < 6; i++) {
                assertEquals(mac[i] & 0xff, d.dev.read(VirtioMmio.CONFIG + i, 1));
            }
            assertEquals(1, d.dev.read(VirtioMmio.CONFIG + 6, 2), "status: VIRTIO_NET_S_LINK_UP");
        }
    }

    @Test
    void receiveIntoOneBufferWithHeader() {
        FakeBackend be = new FakeBackend();
        try (TestDriver d = new TestDriver(as -> new VirtioNet("net", VirtioNet.DEFAULT_MAC, be)).ready()) {
            d.submit(in(BUF, 1526));
            d.kick();
            byte[] f = frame(60, 1);
            be.inject(f);
            assertEquals(1, be.poll(1234));
            assertEquals(1, d.usedIdx());
            assertEquals(12 + 60, d.usedLen(0));
            byte[] hdr = d.bytes(BUF, 12);
            assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0}, hdr, "num_buffers 1, no offload");
            assertArrayEquals(f, d.bytes(BUF + 12, 60));
            assertTrue(d.irq);
        }
    }

    @Test
    void framesWaitForBuffersInOrder() {
        FakeBackend be = new FakeBackend();
        try (TestDriver d = new TestDriver(as -> new VirtioNet("net", VirtioNet.DEFAULT_MAC, be)).ready()) {
            be.inject(frame(100, 1));
            be.inject(frame(200, 2));
            be.poll(0);
            assertEquals(0, d.usedIdx(), "no buffers posted yet");
            d.submit(in(BUF, 2048));
            d.kick();
            assertEquals(1, d.usedIdx());
            assertEquals(112, d.usedLen(0));
            assertArrayEquals(frame(100, 1), d.bytes(BUF + 12, 100));
            d.submit(in(BUF + 4096, 2048));
            d.kick();
            assertEquals(2, d.usedIdx());
            assertEquals(212, d.usedLen(1));
            assertArrayEquals(frame(200, 2), d.bytes(BUF + 4096 + 12, 200));
            assertFalse(be.hasPendingInput());
        }
    }

    @Test
    void mergeableBuffersSpreadALargeFrame() {
        FakeBackend be = new FakeBackend();
        try (TestDriver d = new TestDriver(as -> new VirtioNet("net", VirtioNet.DEFAULT_MAC, be))) {
            assertEquals(0xb, d.init(VirtioDevice.F_VERSION_1 | VirtioNet.F_MRG_RXBUF));
            d.setupQueue(16);
            d.submit(in(BUF, 1000));
            be.inject(frame(1500, 3));
            be.poll(0);
            assertEquals(0, d.usedIdx(), "1512 bytes do not fit in the 1000 posted");
            d.submit(in(BUF + 0x1000, 1000));
            d.submit(in(BUF + 0x2000, 1000));
            d.kick();
            assertEquals(2, d.usedIdx(), "two buffers used, the third left posted");
            assertEquals(1000, d.usedLen(0));
            assertEquals(512, d.usedLen(1));
            assertEquals(2, d.r16(BUF + 10), "num_buffers in the first header");
            byte[] f = frame(1500, 3);
            assertArrayEquals(java.util.Arrays.copyOfRange(f, 0, 988), d.bytes(BUF + 12, 988));
            assertArrayEquals(java.util.Arrays.copyOfRange(f, 988, 1500), d.bytes(BUF + 0x1000, 512));
            be.inject(frame(20, 4));
            be.poll(0);
            assertEquals(3, d.usedIdx(), "the next frame goes into the third buffer");
            assertEquals(1, d.r16(BUF + 0x2000 + 10));
        }
    }

    @Test
    void transmitStripsTheHeader() {
        FakeBackend be = new FakeBackend();
        try (TestDriver d = new TestDriver(as -> new VirtioNet("net", VirtioNet.DEFAULT_MAC, be))) {
            d.queueIndex = VirtioNet.TX_QUEUE;
            assertEquals(0xb, d.init(VirtioDevice.F_VERSION_1));
            d.setupQueue(16);
            byte[] f = frame(70, 5);
            d.put(BUF, new byte[12]);
            d.put(BUF + 0x100, f);
            d.submit(out(BUF, 12), out(BUF + 0x100, 70));
            d.put(BUF + 0x200, new byte[12]);
            d.put(BUF + 0x20c, frame(42, 6));
            d.submit(out(BUF + 0x200, 54));
            d.kick();
            assertEquals(2, d.usedIdx());
            assertEquals(0, d.usedLen(0));
            assertEquals(2, be.sent.size());
            assertArrayEquals(f, be.sent.get(0));
            assertArrayEquals(frame(42, 6), be.sent.get(1));
            assertTrue(d.irq);
        }
    }

    @Test
    void shortTransmitChainNeedsReset() {
        FakeBackend be = new FakeBackend();
        try (TestDriver d = new TestDriver(as -> new VirtioNet("net", VirtioNet.DEFAULT_MAC, be))) {
            d.queueIndex = VirtioNet.TX_QUEUE;
            d.init(VirtioDevice.F_VERSION_1);
            d.setupQueue(16);
            d.submit(out(BUF, 6));
            d.kick();
            assertTrue((d.reg(VirtioMmio.STATUS) & VirtioMmio.STATUS_NEEDS_RESET) != 0);
            assertTrue(be.sent.isEmpty());
        }
    }

    @Test
    void macParsing() {
        assertArrayEquals(new byte[] {0x52, 0x54, 0, 0x12, 0x34, (byte) 0xab}, VirtioNet.parseMac("52:54:00:12:34:ab"));
        assertThrows(MachineException.class, () -> VirtioNet.parseMac("52:54:00:12:34"));
        assertThrows(MachineException.class, () -> VirtioNet.parseMac("01:00:5e:00:00:01"), "multicast");
        assertThrows(MachineException.class, () -> VirtioNet.parseMac("52:54:00:12:34:zz"));
    }
}
