package org.jemu.machine.virtio;

import java.lang.invoke.MethodHandles;
import org.jemu.machine.MachineException;
import org.jemu.machine.device.VmState;
import org.jemu.machine.net.NetBackend;
import org.jemu.machine.net.NetFrontend;

/**
 * virtio-net, the network card (VIRTIO 1.2 section 5.1), as QEMU's {@code hw/net/virtio-net.c} without
 * offloads, multiqueue or a control queue.
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>Device ID 1; queue 0 receiveq, queue 1 transmitq (no controlq: VIRTIO_NET_F_CTRL_VQ is not
 * offered).</li>
 * <li>Features: {@link #F_MAC}, {@link #F_STATUS}, {@link #F_MRG_RXBUF}, plus VERSION_1 and INDIRECT_DESC.
 * No checksum or segmentation offload, so the driver sends finished frames of at most 1514 bytes and expects
 * finished ones.</li>
 * <li>Configuration space (little-endian): {@code u8 mac[6]} at 0, {@code le16 status} at 6 (always
 * {@link #S_LINK_UP}), {@code le16 max_virtqueue_pairs} at 8 (1), {@code le16 mtu} at 10 (1500; read only when
 * VIRTIO_NET_F_MTU is negotiated, which it is not). Read-only: a VERSION_1 driver sets its address through the
 * control queue, which does not exist here.</li>
 * <li>Every buffer starts with the 12-byte {@code struct virtio_net_hdr} (VIRTIO_F_VERSION_1 makes
 * {@code num_buffers} always present): flags, gso_type, hdr_len, gso_size, csum_start, csum_offset,
 * num_buffers.</li>
 * </ul>
 *
 * <h2>Data path</h2>
 * Transmit: a notification of queue 1 sends each available chain's frame (after the header) to the
 * {@link NetBackend} and returns the chain. Receive: the backend delivers frames on the vCPU thread at a block
 * boundary (see {@link NetBackend}); each goes into one chain (header with num_buffers 1) or, with
 * VIRTIO_NET_F_MRG_RXBUF negotiated, into as many chains as it needs with num_buffers in the first header
 * (section 5.1.6.4). Without enough posted buffers the frame waits in the backend's queue; a frame larger than
 * one chain without MRG_RXBUF is dropped. With no backend ({@code -device virtio-net-device} without
 * {@code netdev=}) sent frames are dropped and nothing arrives, as a NIC with no cable.
 */
public final class VirtioNet extends VirtioDevice implements NetFrontend {
    /** VIRTIO_NET_F_MAC: the device has a MAC address in its configuration space (bit 5). */
    public static final long F_MAC = 1L << 5;
    /** VIRTIO_NET_F_MRG_RXBUF: the driver can merge receive buffers (bit 15). */
    public static final long F_MRG_RXBUF = 1L << 15;
    /** VIRTIO_NET_F_STATUS: the configuration status field is valid (bit 16). */
    public static final long F_STATUS = 1L << 16;
    /** Link up bit of the configuration status field. */
    public static final int S_LINK_UP = 1;
    /** Size of struct virtio_net_hdr with num_buffers (always, under VERSION_1). */
    public static final int HDR_SIZE = 12;
    /** Offset of num_buffers in the header. */
    private static final int HDR_NUM_BUFFERS = 10;
    public static final int RX_QUEUE = 0;
    public static final int TX_QUEUE = 1;
    public static final int QUEUE_SIZE = 256;
    /** QEMU's first default MAC address (52:54:00:12:34:56); later NICs count up. */
    public static final byte[] DEFAULT_MAC = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

    private final NetBackend backend;
    private final VmState vmState;
    private byte[] mac;
    private long negotiated;
    private long framesSent;
    private long framesReceived;

    /**
     * @param name    instance name
     * @param mac     the 6-byte MAC address
     * @param backend the host side, or null for a NIC with no link partner
     */
    public VirtioNet(String name, byte[] mac, NetBackend backend) {
        super(name);
        if (mac.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes");
        }
        this.mac = mac.clone();
        this.backend = backend;
        if (backend != null) {
            backend.attach(this);
        }
        this.vmState = VmState.builder("virtio-net", 1, 1, MethodHandles.lookup(), this)
                .bytes("mac").u64("negotiated")
                .postLoad(v -> {
                    if (this.mac.length != 6) {
                        throw new IllegalArgumentException("MAC address of " + this.mac.length + " bytes");
                    }
                    if ((negotiated & ~features()) != 0) {
                        throw new IllegalArgumentException("negotiated features were not offered");
                    }
                })
                .build();
    }

    /**
     * Parses a MAC address {@code xx:xx:xx:xx:xx:xx}.
     *
     * @throws MachineException if it is malformed or a multicast address (one-line message)
     */
    public static byte[] parseMac(String s) {
        String[] p = s.split(":", -1);
        if (p.length != 6) {
            throw new MachineException("mac=" + s + ": expected six hex bytes like 52:54:00:12:34:56");
        }
        byte[] m = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (!p[i].matches("[0-9a-fA-F]{2}")) {
                throw new MachineException("mac=" + s + ": expected six hex bytes like 52:54:00:12:34:56");
            }
            m[i] = (byte) Integer.parseInt(p[i], 16);
        }
        if ((m[0] & 1) != 0) {
            throw new MachineException("mac=" + s + ": a multicast address cannot be a NIC's address");
        }
        return m;
    }

    /** The MAC address. */
    public byte[] mac() {
        return mac.clone();
    }

    /** The backend, or null. */
    public NetBackend backend() {
        return backend;
    }

    /** Frames sent by the guest and received by it, since creation. */
    public long framesSent() {
        return framesSent;
    }

    public long framesReceived() {
        return framesReceived;
    }

    @Override
    public int deviceId() {
        return ID_NET;
    }

    @Override
    public long features() {
        return F_VERSION_1 | F_INDIRECT_DESC | F_MAC | F_STATUS | F_MRG_RXBUF;
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
        System.arraycopy(mac, 0, c, 0, 6);
        c[6] = S_LINK_UP;
        c[8] = 1;
        c[10] = (byte) (1500 & 0xff);
        c[11] = (byte) (1500 >> 8);
        return c;
    }

    @Override
    public void setDriverFeatures(long features) {
        negotiated = features;
    }

    @Override
    public void reset() {
        negotiated = 0;
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    @Override
    public void driverReady() {
        if (backend != null) {
            backend.acceptInput();
        }
    }

    @Override
    public void handleQueue(VirtQueue q) throws VirtioException {
        if (q.index() == TX_QUEUE) {
            transmit(q);
        } else if (backend != null) {
            backend.acceptInput(); // new receive buffers
        }
    }

    private void transmit(VirtQueue q) throws VirtioException {
        VirtqElement e;
        while ((e = q.pop()) != null) {
            long len = e.outLength();
            if (len < HDR_SIZE) {
                q.push(e, 0);
                throw new VirtioException("transmit chain of " + len + " bytes is shorter than the "
                        + HDR_SIZE + "-byte header");
            }
            long frameLen = len - HDR_SIZE;
            if (frameLen > NetBackend.MAX_FRAME) {
                guestError("transmitted frame of %d bytes dropped (at most %d)", frameLen, NetBackend.MAX_FRAME);
            } else if (frameLen > 0) {
                byte[] f = new byte[(int) frameLen];
                e.readOut(HDR_SIZE, f, 0, f.length);
                framesSent++;
                if (backend != null) {
                    backend.send(f, 0, f.length);
                }
            }
            q.push(e, 0);
        }
    }

    @Override
    public boolean canReceive() {
        return hasAvailable(RX_QUEUE);
    }

    @Override
    public boolean receive(byte[] frame) {
        VirtQueue q = liveQueue(RX_QUEUE);
        if (q == null) {
            return false;
        }
        try {
            boolean taken = (negotiated & F_MRG_RXBUF) != 0 ? receiveMerged(q, frame) : receiveOne(q, frame);
            if (taken) {
                notifyDriver(q);
            }
            return taken;
        } catch (VirtioException e) {
            fail(e);
            return true; // dropped: the device needs a reset now
        }
    }

    private static byte[] header(int numBuffers) {
        byte[] h = new byte[HDR_SIZE];
        h[HDR_NUM_BUFFERS] = (byte) numBuffers;
        h[HDR_NUM_BUFFERS + 1] = (byte) (numBuffers >> 8);
        return h;
    }

    private boolean receiveOne(VirtQueue q, byte[] frame) throws VirtioException {
        VirtqElement e = q.pop();
        if (e == null) {
            return false;
        }
        long need = HDR_SIZE + (long) frame.length;
        if (e.inLength() < need) {
            guestError("received frame of %d bytes dropped: the receive buffer holds only %d bytes",
                    frame.length, Math.max(0, e.inLength() - HDR_SIZE));
            q.push(e, 0);
            return true;
        }
        e.writeIn(0, header(1), 0, HDR_SIZE);
        e.writeIn(HDR_SIZE, frame, 0, frame.length);
        q.push(e, need);
        framesReceived++;
        return true;
    }

    private boolean receiveMerged(VirtQueue q, byte[] frame) throws VirtioException {
        long need = HDR_SIZE + (long) frame.length;
        java.util.List<VirtqElement> chains = new java.util.ArrayList<>();
        long room = 0;
        while (room < need) {
            VirtqElement e = q.pop();
            if (e == null) {
                q.unpop(chains.size());
                return false;
            }
            if (e.inLength() == 0) {
                q.unpop(chains.size() + 1);
                throw new VirtioException("receive chain " + e.head() + " has no device-writable buffer");
            }
            chains.add(e);
            room += e.inLength();
        }
        byte[] all = new byte[(int) need];
        System.arraycopy(header(chains.size()), 0, all, 0, HDR_SIZE);
        System.arraycopy(frame, 0, all, HDR_SIZE, frame.length);
        long off = 0;
        for (VirtqElement e : chains) {
            int n = (int) Math.min(e.inLength(), need - off);
            e.writeIn(0, all, (int) off, n);
            off += n;
        }
        off = 0;
        for (VirtqElement e : chains) {
            int n = (int) Math.min(e.inLength(), need - off);
            q.push(e, n);
            off += n;
        }
        framesReceived++;
        return true;
    }

    @Override
    public void close() {
        if (backend != null) {
            backend.close();
        }
    }
}
