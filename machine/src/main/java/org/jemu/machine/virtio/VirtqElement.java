package org.jemu.machine.virtio;

/**
 * One available descriptor chain popped from a {@link VirtQueue} (QEMU's {@code VirtQueueElement}): the head
 * index to return in the used ring, the device-readable segments ("out", driver to device) followed by the
 * device-writable segments ("in", device to driver). Every segment was checked to lie in guest RAM when the
 * chain was popped, so the gather and scatter methods cannot reach anything else.
 */
public final class VirtqElement {
    private final GuestMemory mem;
    final int head;
    private final long[] outAddr;
    private final int[] outLen;
    private final int outCount;
    private final long[] inAddr;
    private final int[] inLen;
    private final int inCount;
    private final long outTotal;
    private final long inTotal;

    VirtqElement(GuestMemory mem, int head, long[] outAddr, int[] outLen, int outCount, long[] inAddr, int[] inLen,
            int inCount) {
        this.mem = mem;
        this.head = head;
        this.outAddr = outAddr;
        this.outLen = outLen;
        this.outCount = outCount;
        this.inAddr = inAddr;
        this.inLen = inLen;
        this.inCount = inCount;
        long o = 0;
        for (int i = 0; i < outCount; i++) {
            o += Integer.toUnsignedLong(outLen[i]);
        }
        long n = 0;
        for (int i = 0; i < inCount; i++) {
            n += Integer.toUnsignedLong(inLen[i]);
        }
        this.outTotal = o;
        this.inTotal = n;
    }

    /** Descriptor index of the chain's head. */
    public int head() {
        return head;
    }

    /** Total bytes the device may read. */
    public long outLength() {
        return outTotal;
    }

    /** Total bytes the device may write. */
    public long inLength() {
        return inTotal;
    }

    /** Gathers {@code len} bytes starting at byte {@code offset} of the readable segments into {@code dst}. */
    public void readOut(long offset, byte[] dst, int off, int len) throws VirtioException {
        if (offset < 0 || offset + len > outTotal) {
            throw new VirtioException("read past the device-readable buffers");
        }
        copy(outAddr, outLen, outCount, offset, dst, off, len, false);
    }

    /** Scatters {@code len} bytes of {@code src} to byte {@code offset} of the writable segments. */
    public void writeIn(long offset, byte[] src, int off, int len) throws VirtioException {
        if (offset < 0 || offset + len > inTotal) {
            throw new VirtioException("write past the device-writable buffers");
        }
        copy(inAddr, inLen, inCount, offset, src, off, len, true);
    }

    private void copy(long[] addr, int[] lens, int count, long offset, byte[] buf, int off, int len, boolean write)
            throws VirtioException {
        long skip = offset;
        int done = 0;
        for (int i = 0; i < count && done < len; i++) {
            long l = Integer.toUnsignedLong(lens[i]);
            if (skip >= l) {
                skip -= l;
                continue;
            }
            int n = (int) Math.min(l - skip, len - done);
            if (write) {
                mem.write(addr[i] + skip, buf, off + done, n, "device-writable buffer");
            } else {
                mem.read(addr[i] + skip, buf, off + done, n, "device-readable buffer");
            }
            done += n;
            skip = 0;
        }
    }
}
