package org.jemu.machine.virtio;

/**
 * A split virtqueue (VIRTIO 1.2, section 2.7): a descriptor table, the driver's available ring and the
 * device's used ring, all in guest RAM at addresses the driver programs through the transport.
 *
 * <pre>
 * descriptor table: num x { le64 addr; le32 len; le16 flags; le16 next; }        16-byte aligned
 * available ring:   le16 flags; le16 idx; le16 ring[num]; (le16 used_event)       2-byte aligned
 * used ring:        le16 flags; le16 idx; { le32 id; le32 len; } ring[num]; (le16 avail_event)  4-byte aligned
 * </pre>
 *
 * Descriptor flags: {@link #DESC_F_NEXT}, {@link #DESC_F_WRITE}, {@link #DESC_F_INDIRECT} (an indirect table
 * is allowed only as the whole chain, not nested, and not together with NEXT). VIRTIO_F_EVENT_IDX is not
 * offered, so the device honours the available ring's {@link #AVAIL_F_NO_INTERRUPT} flag.
 *
 * <p>Everything read from the rings is untrusted: ring and buffer addresses must lie in RAM, indices must be
 * below the table size, a chain may not visit more descriptors than the table holds (a loop), readable
 * descriptors may not follow writable ones, and the available index may not run ahead of the last seen one
 * by more than the queue size. A violation throws {@link VirtioException}.
 */
public final class VirtQueue {
    public static final int DESC_F_NEXT = 1;
    public static final int DESC_F_WRITE = 2;
    public static final int DESC_F_INDIRECT = 4;
    public static final int AVAIL_F_NO_INTERRUPT = 1;
    /** Size of one descriptor in bytes. */
    public static final int DESC_SIZE = 16;
    /** Largest request (sum of a chain's lengths) a device accepts: 256 MiB. */
    public static final long MAX_CHAIN_BYTES = 256L << 20;

    private final GuestMemory mem;
    final int index;
    final int maxSize;

    // Driver-programmed state (saved in snapshots by the transport)
    int num;
    boolean ready;
    long desc;
    long avail;
    long used;
    // Device-side ring positions
    int lastAvailIdx;
    int usedIdx;
    /** A buffer was returned since the last {@link #takeNotify}. */
    private boolean pushed;

    VirtQueue(GuestMemory mem, int index, int maxSize) {
        this.mem = mem;
        this.index = index;
        this.maxSize = maxSize;
        reset();
    }

    void reset() {
        num = maxSize;
        ready = false;
        desc = 0;
        avail = 0;
        used = 0;
        lastAvailIdx = 0;
        usedIdx = 0;
        pushed = false;
    }

    /** Queue index within its device. */
    public int index() {
        return index;
    }

    /** Number of descriptors the driver set (QueueNum). */
    public int size() {
        return num;
    }

    private void checkLayout() throws VirtioException {
        if (num == 0 || num > maxSize || (num & (num - 1)) != 0) {
            throw new VirtioException("queue " + index + ": bad size " + num);
        }
        if ((desc & 15) != 0 || (avail & 1) != 0 || (used & 3) != 0) {
            throw new VirtioException(String.format("queue %d: misaligned ring (desc 0x%x, driver 0x%x, device 0x%x)",
                    index, desc, avail, used));
        }
        mem.check(desc, (long) DESC_SIZE * num, "queue " + index + " descriptor table");
        mem.check(avail, 6 + 2L * num, "queue " + index + " driver area");
        mem.check(used, 6 + 8L * num, "queue " + index + " device area");
    }

    /** True if the driver has made at least one chain available that the device has not popped. */
    public boolean hasAvailable() throws VirtioException {
        checkLayout();
        int availIdx = (int) mem.readLe(avail + 2, 2, "avail.idx");
        return availIdx != lastAvailIdx;
    }

    /**
     * Gives back the last {@code n} popped chains (QEMU's {@code virtqueue_unpop}), which the device found it
     * could not use yet; they will be popped again. Only chains not yet pushed may be given back.
     */
    public void unpop(int n) {
        lastAvailIdx = (lastAvailIdx - n) & 0xffff;
    }

    /** The next available chain, or null if the driver has made none available. */
    public VirtqElement pop() throws VirtioException {
        checkLayout();
        int availIdx = (int) mem.readLe(avail + 2, 2, "avail.idx");
        int pending = (availIdx - lastAvailIdx) & 0xffff;
        if (pending == 0) {
            return null;
        }
        if (pending > num) {
            throw new VirtioException(String.format("queue %d: avail.idx %d is %d ahead of the device's %d (size %d)",
                    index, availIdx, pending, lastAvailIdx, num));
        }
        int head = (int) mem.readLe(avail + 4 + 2L * (lastAvailIdx % num), 2, "avail.ring");
        lastAvailIdx = (lastAvailIdx + 1) & 0xffff;
        if (head >= num) {
            throw new VirtioException("queue " + index + ": head descriptor " + head + " >= queue size " + num);
        }
        return walk(head);
    }

    private VirtqElement walk(int head) throws VirtioException {
        long table = desc;
        int tableSize = num;
        int i = head;
        long[] d = readDesc(table, i);
        if ((d[2] & DESC_F_INDIRECT) != 0) {
            long len = d[1];
            if ((d[2] & DESC_F_NEXT) != 0) {
                throw new VirtioException("queue " + index + ": descriptor " + i + " has both INDIRECT and NEXT");
            }
            if (len == 0 || len % DESC_SIZE != 0 || len / DESC_SIZE > 65536) {
                throw new VirtioException("queue " + index + ": bad indirect table length " + len);
            }
            table = d[0];
            tableSize = (int) (len / DESC_SIZE);
            mem.check(table, len, "queue " + index + " indirect table");
            i = 0;
            d = readDesc(table, 0);
        }
        long[] outAddr = new long[4];
        int[] outLen = new int[4];
        long[] inAddr = new long[4];
        int[] inLen = new int[4];
        int outs = 0;
        int ins = 0;
        long total = 0;
        int visited = 0;
        while (true) {
            if (++visited > tableSize) {
                throw new VirtioException("queue " + index + ": descriptor chain from " + head + " loops");
            }
            int flags = (int) d[2];
            if ((flags & DESC_F_INDIRECT) != 0) {
                throw new VirtioException("queue " + index + ": nested or chained indirect descriptor " + i);
            }
            long addr = d[0];
            int len = (int) d[1];
            mem.check(addr, Integer.toUnsignedLong(len), "queue " + index + " buffer of descriptor " + i);
            total += Integer.toUnsignedLong(len);
            if (total > MAX_CHAIN_BYTES) {
                throw new VirtioException("queue " + index + ": chain from " + head + " is longer than "
                        + MAX_CHAIN_BYTES + " bytes");
            }
            if ((flags & DESC_F_WRITE) != 0) {
                if (ins == inAddr.length) {
                    int n = Math.max(ins * 2, 4);
                    inAddr = java.util.Arrays.copyOf(inAddr, n);
                    inLen = java.util.Arrays.copyOf(inLen, n);
                }
                inAddr[ins] = addr;
                inLen[ins++] = len;
            } else {
                if (ins > 0) {
                    throw new VirtioException("queue " + index + ": device-readable descriptor " + i
                            + " after a device-writable one");
                }
                if (outs == outAddr.length) {
                    int n = Math.max(outs * 2, 4);
                    outAddr = java.util.Arrays.copyOf(outAddr, n);
                    outLen = java.util.Arrays.copyOf(outLen, n);
                }
                outAddr[outs] = addr;
                outLen[outs++] = len;
            }
            if ((flags & DESC_F_NEXT) == 0) {
                break;
            }
            i = (int) d[3];
            if (i >= tableSize) {
                throw new VirtioException("queue " + index + ": next descriptor " + i + " >= table size " + tableSize);
            }
            d = readDesc(table, i);
        }
        return new VirtqElement(mem, head, outAddr, outLen, outs, inAddr, inLen, ins);
    }

    /** {addr, len (unsigned), flags, next}. */
    private long[] readDesc(long table, int i) throws VirtioException {
        byte[] b = new byte[DESC_SIZE];
        mem.read(table + (long) DESC_SIZE * i, b, 0, DESC_SIZE, "queue " + index + " descriptor " + i);
        long addr = 0;
        for (int k = 7; k >= 0; k--) {
            addr = (addr << 8) | (b[k] & 0xff);
        }
        long len = (b[8] & 0xff) | (b[9] & 0xff) << 8 | (b[10] & 0xff) << 16 | (long) (b[11] & 0xff) << 24;
        int flags = (b[12] & 0xff) | (b[13] & 0xff) << 8;
        int next = (b[14] & 0xff) | (b[15] & 0xff) << 8;
        return new long[] {addr, len, flags, next};
    }

    /** Returns {@code e} to the driver through the used ring with {@code written} bytes written into it. */
    public void push(VirtqElement e, long written) throws VirtioException {
        checkLayout();
        long slot = used + 4 + 8L * (usedIdx % num);
        mem.writeLe(slot, 4, e.head, "used.ring");
        mem.writeLe(slot + 4, 4, Math.min(written, e.inLength()), "used.ring");
        usedIdx = (usedIdx + 1) & 0xffff;
        mem.writeLe(used + 2, 2, usedIdx, "used.idx");
        pushed = true;
    }

    /** True if buffers were returned since the last call and the driver has not suppressed interrupts. */
    boolean takeNotify() throws VirtioException {
        if (!pushed) {
            return false;
        }
        pushed = false;
        int flags = (int) mem.readLe(avail, 2, "avail.flags");
        return (flags & AVAIL_F_NO_INTERRUPT) == 0;
    }
}
