package org.jemu.machine.virtio;

import org.jemu.machine.device.Device;

/**
 * A virtio device behind a transport (QEMU's {@code VirtIODevice}): its device ID, feature bits, queues,
 * configuration space and request handling. The transport ({@link VirtioMmio}) owns the queues, the status
 * and feature negotiation and the interrupt; the device only sees the queues it is asked to serve.
 *
 * <p>Requests are handled synchronously on the vCPU thread when the driver notifies a queue, so a run is
 * deterministic. The device's own {@link #vmState} is saved as a sub-section of its transport's.
 */
public abstract class VirtioDevice extends Device {
    /** VIRTIO_F_INDIRECT_DESC: indirect descriptor tables (bit 28). */
    public static final long F_INDIRECT_DESC = 1L << 28;
    /** VIRTIO_F_VERSION_1: the device complies with virtio 1.x (bit 32); required by this transport. */
    public static final long F_VERSION_1 = 1L << 32;

    /** Device IDs (VIRTIO 1.2 section 5). */
    public static final int ID_NET = 1;
    public static final int ID_BLOCK = 2;
    public static final int ID_CONSOLE = 3;
    public static final int ID_ENTROPY = 4;

    private VirtioMmio transport;

    protected VirtioDevice(String name) {
        super(name);
    }

    /** Called once by the transport that owns this device. */
    void attach(VirtioMmio t) {
        if (transport != null && transport != t) {
            throw new IllegalStateException(name() + " is already behind a transport");
        }
        transport = t;
    }

    /**
     * Queue {@code i} if the driver has set it up and the device is live (DRIVER_OK set, no NEEDS_RESET,
     * queue ready), else null. For devices that produce data on their own (network receive, console input)
     * outside {@link #handleQueue}; vCPU thread only.
     */
    protected final VirtQueue liveQueue(int i) {
        VirtioMmio t = transport;
        return t == null ? null : t.liveQueue(i);
    }

    /**
     * True if queue {@code i} is live and the driver has made a chain available that the device has not taken
     * yet; a ring outside RAM marks the device as needing a reset and answers false.
     */
    protected final boolean hasAvailable(int i) {
        VirtQueue q = liveQueue(i);
        if (q == null) {
            return false;
        }
        try {
            return q.hasAvailable();
        } catch (VirtioException e) {
            fail(e);
            return false;
        }
    }

    /** Raises the used-buffer interrupt if buffers were returned to {@code q} and the driver wants to know. */
    protected final void notifyDriver(VirtQueue q) {
        VirtioMmio t = transport;
        if (t != null) {
            t.notifyDriver(q);
        }
    }

    /** The driver broke the ring rules outside a notification: mark the device as needing a reset. */
    protected final void fail(VirtioException e) {
        VirtioMmio t = transport;
        if (t != null) {
            t.deviceFailed(e);
        }
    }

    /** The configuration space changed: bump nothing (generation stays 0) but raise the config interrupt. */
    protected final void configChanged() {
        VirtioMmio t = transport;
        if (t != null) {
            t.configChanged();
        }
    }

    /** The virtio device ID. */
    public abstract int deviceId();

    /** Feature bits the device offers (transport features such as VERSION_1 included). */
    public abstract long features();

    /** Number of virtqueues. */
    public abstract int numQueues();

    /** Largest queue size the device accepts (QueueNumMax). */
    public int queueMaxSize() {
        return 256;
    }

    /** The device configuration space as it reads now (little-endian fields); may be empty. */
    public abstract byte[] config();

    /** A driver write to the configuration space; read-only by default. */
    public void writeConfig(int offset, int size, long value) {
        guestError("write of 0x%x to read-only configuration space offset 0x%x", value, offset);
    }

    /** The driver accepted these features (FEATURES_OK was set with them). */
    public void setDriverFeatures(long features) {
    }

    /**
     * The driver notified {@code q}: pop its available chains, serve them and {@link VirtQueue#push} them.
     *
     * @throws VirtioException the driver broke the ring rules; the transport marks the device broken
     */
    public abstract void handleQueue(VirtQueue q) throws VirtioException;

    /** The driver set DRIVER_OK: a device with data waiting (received frames, console input) may deliver it. */
    public void driverReady() {
    }

    /** Releases host resources (open image files). */
    public void close() {
    }
}
