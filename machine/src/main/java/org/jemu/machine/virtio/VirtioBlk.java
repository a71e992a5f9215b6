package org.jemu.machine.virtio;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import org.jemu.machine.device.VmState;

/**
 * virtio-blk (VIRTIO 1.2 section 5.2), as QEMU's {@code hw/block/virtio-blk.c} for the request types a guest
 * needs, backed by a {@link RawImage}.
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>Device ID 2, one request queue of up to {@value #QUEUE_SIZE} descriptors.</li>
 * <li>Features: VIRTIO_F_VERSION_1, VIRTIO_F_INDIRECT_DESC, VIRTIO_BLK_F_SEG_MAX, VIRTIO_BLK_F_BLK_SIZE,
 * VIRTIO_BLK_F_FLUSH.</li>
 * <li>Configuration space: capacity (le64, 512-byte sectors) at 0, size_max (le32, 0) at 8, seg_max (le32,
 * {@value #SEG_MAX}) at 12, geometry (zero) at 16, blk_size (le32, 512) at 20, topology (zero) at 24,
 * writeback (u8, 1: flushes are honoured) at 32, num_queues (le16, 1) at 34.</li>
 * </ul>
 *
 * <h2>Requests</h2>
 * A chain is a 16-byte readable header {@code {le32 type; le32 reserved; le64 sector}}, data, and a writable
 * status byte at the very end. {@link #T_IN} reads the image into the writable data buffers, {@link #T_OUT}
 * writes the readable data buffers to it, {@link #T_FLUSH} calls {@link RawImage#flush}, {@link #T_GET_ID}
 * writes the 20-byte serial (zero-padded). Any other type completes with {@link #S_UNSUPP}. A transfer that is
 * not a whole number of sectors or reaches past the capacity, or a host I/O error, completes with
 * {@link #S_IOERR}; a chain too short for the header and status byte is a device error.
 * Requests are served synchronously when the driver notifies the queue.
 */
public final class VirtioBlk extends VirtioDevice {
    public static final int QUEUE_SIZE = 256;
    /** Data segments per request: the queue size minus header and status (QEMU's seg-max-adjust). */
    public static final int SEG_MAX = QUEUE_SIZE - 2;

    /** Feature bits (section 5.2.3). */
    public static final long F_SIZE_MAX = 1L << 1;
    public static final long F_SEG_MAX = 1L << 2;
    public static final long F_RO = 1L << 5;
    public static final long F_BLK_SIZE = 1L << 6;
    public static final long F_FLUSH = 1L << 9;

    /** Request types. */
    public static final int T_IN = 0;
    public static final int T_OUT = 1;
    public static final int T_FLUSH = 4;
    public static final int T_GET_ID = 8;
    /** Status values. */
    public static final int S_OK = 0;
    public static final int S_IOERR = 1;
    public static final int S_UNSUPP = 2;

    /** Length of the GET_ID answer. */
    public static final int ID_BYTES = 20;
    /** Header bytes before the data. */
    public static final int HEADER = 16;

    private static final int CHUNK = 64 * 1024;

    private final RawImage image;
    private final byte[] serial;
    private final byte[] buf = new byte[CHUNK];
    private final VmState vmState;
    private long driverFeatures;

    /**
     * @param name   instance name
     * @param image  the backing raw image (closed by {@link #close})
     * @param serial the serial number GET_ID reports (at most 20 bytes are used), or null for none
     */
    public VirtioBlk(String name, RawImage image, String serial) {
        super(name);
        this.image = image;
        this.serial = serial == null ? new byte[0] : serial.getBytes(StandardCharsets.US_ASCII);
        this.vmState = VmState.builder("virtio-blk", 1, 1, MethodHandles.lookup(), this)
                .u64("driverFeatures")
                .build();
    }

    public RawImage image() {
        return image;
    }

    @Override
    public int deviceId() {
        return ID_BLOCK;
    }

    @Override
    public long features() {
        return F_VERSION_1 | F_INDIRECT_DESC | F_SEG_MAX | F_BLK_SIZE | F_FLUSH;
    }

    @Override
    public int numQueues() {
        return 1;
    }

    @Override
    public int queueMaxSize() {
        return QUEUE_SIZE;
    }

    @Override
    public byte[] config() {
        byte[] c = new byte[36];
        putLe(c, 0, 8, image.sectors());
        putLe(c, 8, 4, 0);
        putLe(c, 12, 4, SEG_MAX);
        putLe(c, 20, 4, RawImage.SECTOR);
        c[32] = 1;
        putLe(c, 34, 2, 1);
        return c;
    }

    private static void putLe(byte[] b, int off, int size, long v) {
        for (int i = 0; i < size; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    @Override
    public void setDriverFeatures(long features) {
        driverFeatures = features;
    }

    @Override
    public void reset() {
        driverFeatures = 0;
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    @Override
    public void close() {
        image.close();
    }

    @Override
    public void handleQueue(VirtQueue q) throws VirtioException {
        VirtqElement e;
        while ((e = q.pop()) != null) {
            if (e.outLength() < HEADER || e.inLength() < 1) {
                throw new VirtioException("virtio-blk request without a 16-byte header and a status byte");
            }
            byte[] h = new byte[HEADER];
            e.readOut(0, h, 0, HEADER);
            int type = (int) le(h, 0, 4);
            long sector = le(h, 8, 8);
            long statusAt = e.inLength() - 1;
            long written = 0;
            int status;
            switch (type) {
                case T_IN -> {
                    long len = statusAt;
                    status = checkRange(sector, len);
                    if (status == S_OK) {
                        status = transferIn(e, sector * RawImage.SECTOR, len);
                        written = len;
                    }
                }
                case T_OUT -> {
                    long len = e.outLength() - HEADER;
                    status = checkRange(sector, len);
                    if (status == S_OK) {
                        status = transferOut(e, sector * RawImage.SECTOR, len);
                    }
                }
                case T_FLUSH -> {
                    status = S_OK;
                    try {
                        image.flush();
                    } catch (IOException ex) {
                        unimplemented("flush of %s failed: %s", image.path(), ex.getMessage());
                        status = S_IOERR;
                    }
                }
                case T_GET_ID -> {
                    byte[] id = new byte[ID_BYTES];
                    System.arraycopy(serial, 0, id, 0, Math.min(serial.length, ID_BYTES));
                    int n = (int) Math.min(ID_BYTES, statusAt);
                    e.writeIn(0, id, 0, n);
                    written = n;
                    status = S_OK;
                }
                default -> {
                    unimplemented("request type %d", type);
                    status = S_UNSUPP;
                }
            }
            e.writeIn(statusAt, new byte[] {(byte) status}, 0, 1);
            q.push(e, written + 1);
        }
    }

    /** S_OK if {@code len} bytes at {@code sector} are whole sectors inside the image, else S_IOERR. */
    private int checkRange(long sector, long len) {
        if (len % RawImage.SECTOR != 0) {
            guestError("transfer of %d bytes is not a multiple of %d", len, RawImage.SECTOR);
            return S_IOERR;
        }
        long n = len / RawImage.SECTOR;
        if (sector < 0 || sector > image.sectors() || n > image.sectors() - sector) {
            guestError("transfer of %d sectors at sector %s is beyond the %d-sector image", n, Long.toUnsignedString(sector),
                    image.sectors());
            return S_IOERR;
        }
        return S_OK;
    }

    private int transferIn(VirtqElement e, long pos, long len) throws VirtioException {
        for (long done = 0; done < len; ) {
            int n = (int) Math.min(CHUNK, len - done);
            try {
                image.read(pos + done, buf, 0, n);
            } catch (IOException ex) {
                guestError("read of %s failed: %s", image.path(), ex.getMessage());
                return S_IOERR;
            }
            e.writeIn(done, buf, 0, n);
            done += n;
        }
        return S_OK;
    }

    private int transferOut(VirtqElement e, long pos, long len) throws VirtioException {
        for (long done = 0; done < len; ) {
            int n = (int) Math.min(CHUNK, len - done);
            e.readOut(HEADER + done, buf, 0, n);
            try {
                image.write(pos + done, buf, 0, n);
            } catch (IOException ex) {
                guestError("write of %s failed: %s", image.path(), ex.getMessage());
                return S_IOERR;
            }
            done += n;
        }
        return S_OK;
    }

    private static long le(byte[] b, int off, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }
}
