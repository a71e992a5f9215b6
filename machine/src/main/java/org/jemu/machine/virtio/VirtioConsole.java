package org.jemu.machine.virtio;

import java.lang.invoke.MethodHandles;
import org.jemu.machine.chardev.CharBackend;
import org.jemu.machine.chardev.CharFrontend;
import org.jemu.machine.device.VmState;

/**
 * virtio-console with a single console port (VIRTIO 1.2 section 5.3), what QEMU builds from
 * {@code -device virtio-serial-device -device virtconsole,chardev=ID}; Linux's driver makes it {@code hvc0}.
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>Device ID 3; queue 0 receiveq (port 0), queue 1 transmitq (port 0). VIRTIO_CONSOLE_F_MULTIPORT is not
 * offered, so there is no control queue and port 0 is the console.</li>
 * <li>Features: {@link #F_EMERG_WRITE} (bit 2) and VERSION_1, INDIRECT_DESC.</li>
 * <li>Configuration space (little-endian): {@code le16 cols} at 0, {@code le16 rows} at 2 (both 0: no size
 * given), {@code le32 max_nr_ports} at 4 (1), {@code le32 emerg_wr} at 8 (write-only: a 1-, 2- or 4-byte write
 * of a character sends its low byte to the port at once).</li>
 * <li>Host side: a {@link CharBackend}. Guest output on queue 1 goes to it byte by byte; host input becomes
 * guest-visible at a block boundary (see {@link CharBackend}) and fills one posted receive buffer per byte
 * delivered. Without a backend output is discarded and nothing arrives.</li>
 * </ul>
 */
public final class VirtioConsole extends VirtioDevice implements CharFrontend {
    /** VIRTIO_CONSOLE_F_EMERG_WRITE: emergency writes through the configuration space (bit 2). */
    public static final long F_EMERG_WRITE = 1L << 2;
    public static final int RX_QUEUE = 0;
    public static final int TX_QUEUE = 1;
    public static final int QUEUE_SIZE = 128;
    /** Offset of emerg_wr in the configuration space. */
    public static final int CONFIG_EMERG_WR = 8;

    private final VmState vmState;
    private CharBackend chardev;

    public VirtioConsole(String name) {
        super(name);
        this.vmState = VmState.builder("virtio-console", 1, 1, MethodHandles.lookup(), this).build();
    }

    /**
     * Connects the host side ({@code virtconsole,chardev=ID}).
     *
     * @throws IllegalStateException if a backend is already connected
     */
    public void connect(CharBackend backend) {
        if (chardev != null) {
            throw new IllegalStateException(name() + " already has a character device");
        }
        chardev = backend;
        backend.attach(this);
    }

    /** The host side, or null. */
    public CharBackend chardev() {
        return chardev;
    }

    @Override
    public int deviceId() {
        return ID_CONSOLE;
    }

    @Override
    public long features() {
        return F_VERSION_1 | F_INDIRECT_DESC | F_EMERG_WRITE;
    }

    @Override
    public int numQueues() {
        return 2;
    }

    @Override
    public int queueMaxSize() {
        return QUEUE_SIZE;
    }

    @Override
    public byte[] config() {
        byte[] c = new byte[12];
        c[4] = 1; // max_nr_ports
        return c;
    }

    @Override
    public void writeConfig(int offset, int size, long value) {
        if (offset == CONFIG_EMERG_WR && (size == 1 || size == 2 || size == 4)) {
            if (chardev != null) {
                chardev.write((int) (value & 0xff));
            }
            return;
        }
        guestError("%d-byte write of 0x%x to configuration offset 0x%x (only emerg_wr at 0x8 is writable)",
                size, value, offset);
    }

    @Override
    public void reset() {
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    @Override
    public void driverReady() {
        if (chardev != null) {
            chardev.acceptInput();
        }
    }

    @Override
    public void handleQueue(VirtQueue q) throws VirtioException {
        if (q.index() == RX_QUEUE) {
            if (chardev != null) {
                chardev.acceptInput(); // the driver posted receive buffers
            }
            return;
        }
        VirtqElement e;
        byte[] buf = new byte[256];
        while ((e = q.pop()) != null) {
            long len = e.outLength();
            for (long off = 0; off < len; ) {
                int n = (int) Math.min(buf.length, len - off);
                e.readOut(off, buf, 0, n);
                if (chardev != null) {
                    for (int i = 0; i < n; i++) {
                        chardev.write(buf[i] & 0xff);
                    }
                }
                off += n;
            }
            q.push(e, 0);
        }
    }

    @Override
    public int canReceive() {
        return hasAvailable(RX_QUEUE) ? 1 : 0;
    }

    @Override
    public void receive(int b) {
        VirtQueue q = liveQueue(RX_QUEUE);
        if (q == null) {
            return;
        }
        try {
            VirtqElement e = q.pop();
            if (e == null) {
                return;
            }
            if (e.inLength() == 0) {
                q.push(e, 0);
                throw new VirtioException("console receive chain " + e.head() + " has no device-writable buffer");
            }
            e.writeIn(0, new byte[] {(byte) b}, 0, 1);
            q.push(e, 1);
            notifyDriver(q);
        } catch (VirtioException ex) {
            fail(ex);
        }
    }
}
