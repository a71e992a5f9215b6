package org.jemu.machine.virtio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jemu.machine.device.DmaMemory;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * A minimal virtio 1.x driver for tests: owns 1 MiB of guest RAM at {@link #RAM}, speaks to a
 * {@link VirtioMmio} through its registers as a guest would, and lays out one split virtqueue in RAM
 * (descriptor table at RAM + 0x1000, driver area at + 0x2000, device area at + 0x3000, buffers from
 * + 0x10000).
 */
final class TestDriver implements AutoCloseable {
    static final long RAM = 0x4000_0000L;
    static final long RAM_SIZE = 1L << 20;
    static final long DESC = RAM + 0x1000;
    static final long AVAIL = RAM + 0x2000;
    static final long USED = RAM + 0x3000;
    static final long BUF = RAM + 0x10000;

    final PhysicalAddressSpace as = new PhysicalAddressSpace();
    final VirtioMmio dev;
    boolean irq;
    int irqRaises;
    int num;
    /** The queue {@link #setupQueue} and {@link #kick} use (0 unless a test selects another). */
    int queueIndex;
    private int nextDesc;
    private int availIdx;

    TestDriver(java.util.function.Function<PhysicalAddressSpace, VirtioDevice> device) {
        as.addRam("ram", RAM, RAM_SIZE);
        dev = new VirtioMmio("virtio-mmio@test", as, level -> {
            if (level && !irq) {
                irqRaises++;
            }
            irq = level;
        }, device.apply(as));
        as.addMmio("virtio", 0x0a00_0000L, VirtioMmio.SIZE, dev);
    }

    int reg(int off) {
        return (int) dev.read(off, 4);
    }

    void reg(int off, int v) {
        dev.write(off, 4, v & 0xffffffffL);
    }

    /** The initialisation sequence of section 3.1.1, accepting {@code features}; returns the final status. */
    int init(long features) {
        reg(VirtioMmio.STATUS, 0);
        reg(VirtioMmio.STATUS, VirtioMmio.STATUS_ACKNOWLEDGE);
        reg(VirtioMmio.STATUS, VirtioMmio.STATUS_ACKNOWLEDGE | VirtioMmio.STATUS_DRIVER);
        reg(VirtioMmio.DRIVER_FEATURES_SEL, 0);
        reg(VirtioMmio.DRIVER_FEATURES, (int) features);
        reg(VirtioMmio.DRIVER_FEATURES_SEL, 1);
        reg(VirtioMmio.DRIVER_FEATURES, (int) (features >>> 32));
        reg(VirtioMmio.STATUS, VirtioMmio.STATUS_ACKNOWLEDGE | VirtioMmio.STATUS_DRIVER | VirtioMmio.STATUS_FEATURES_OK);
        return reg(VirtioMmio.STATUS);
    }

    /** Sets up queue 0 with {@code n} descriptors at the fixed addresses and sets DRIVER_OK. */
    void setupQueue(int n) {
        num = n;
        reg(VirtioMmio.QUEUE_SEL, queueIndex);
        reg(VirtioMmio.QUEUE_NUM, n);
        reg(VirtioMmio.QUEUE_DESC_LOW, (int) DESC);
        reg(VirtioMmio.QUEUE_DESC_HIGH, (int) (DESC >>> 32));
        reg(VirtioMmio.QUEUE_DRIVER_LOW, (int) AVAIL);
        reg(VirtioMmio.QUEUE_DRIVER_HIGH, 0);
        reg(VirtioMmio.QUEUE_DEVICE_LOW, (int) USED);
        reg(VirtioMmio.QUEUE_DEVICE_HIGH, 0);
        reg(VirtioMmio.QUEUE_READY, 1);
        reg(VirtioMmio.STATUS, reg(VirtioMmio.STATUS) | VirtioMmio.STATUS_DRIVER_OK);
    }

    /** Full bring-up: features VERSION_1 only, queue of 16. */
    TestDriver ready() {
        assertEquals(0xb, init(VirtioDevice.F_VERSION_1));
        setupQueue(16);
        assertEquals(0xf, reg(VirtioMmio.STATUS));
        return this;
    }

    record Seg(long addr, long len, boolean write) {
    }

    static Seg out(long addr, long len) {
        return new Seg(addr, len, false);
    }

    static Seg in(long addr, long len) {
        return new Seg(addr, len, true);
    }

    void writeDesc(long table, int i, long addr, long len, int flags, int next) {
        long d = table + 16L * i;
        w64(d, addr);
        w32(d + 8, (int) len);
        w16(d + 12, flags);
        w16(d + 14, next);
    }

    /** Writes a chain into the descriptor table and makes it available; returns its head. */
    int submit(Seg... segs) {
        int head = nextDesc % num;
        for (int k = 0; k < segs.length; k++) {
            int i = (nextDesc + k) % num;
            int flags = (segs[k].write ? VirtQueue.DESC_F_WRITE : 0) | (k + 1 < segs.length ? VirtQueue.DESC_F_NEXT : 0);
            writeDesc(DESC, i, segs[k].addr, segs[k].len, flags, (i + 1) % num);
        }
        nextDesc += segs.length;
        makeAvailable(head);
        return head;
    }

    void makeAvailable(int head) {
        w16(AVAIL + 4 + 2L * (availIdx % num), head);
        availIdx = (availIdx + 1) & 0xffff;
        w16(AVAIL + 2, availIdx);
    }

    void kick() {
        reg(VirtioMmio.QUEUE_NOTIFY, queueIndex);
    }

    int usedIdx() {
        return r16(USED + 2);
    }

    int usedId(int i) {
        return (int) r32(USED + 4 + 8L * (i % num));
    }

    int usedLen(int i) {
        return (int) r32(USED + 4 + 8L * (i % num) + 4);
    }

    void w16(long a, int v) {
        as.write(a, 2, false, v & 0xffff);
    }

    void w32(long a, int v) {
        as.write(a, 4, false, v & 0xffffffffL);
    }

    void w64(long a, long v) {
        as.write(a, 8, false, v);
    }

    int r8(long a) {
        return (int) as.read(a, 1, false);
    }

    int r16(long a) {
        return (int) as.read(a, 2, false);
    }

    long r32(long a) {
        return as.read(a, 4, false);
    }

    byte[] bytes(long a, int n) {
        byte[] b = new byte[n];
        DmaMemory.read(as, a, b, 0, n);
        return b;
    }

    void put(long a, byte[] b) {
        DmaMemory.write(as, a, b, 0, b.length);
    }

    @Override
    public void close() {
        if (dev.device() != null) {
            dev.device().close();
        }
        as.close();
    }
}
