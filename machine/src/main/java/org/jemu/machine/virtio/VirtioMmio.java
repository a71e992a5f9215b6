package org.jemu.machine.virtio;

import java.lang.invoke.MethodHandles;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;
import org.jemu.translator.exec.IrqLine;
import org.jemu.translator.memory.MmioHandler;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * The virtio-mmio transport, version 2 (VIRTIO 1.2 section 4.2, "Virtio Over MMIO"), as QEMU's
 * {@code hw/virtio/virtio-mmio.c} with {@code force-legacy=off}.
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>MMIO: this object is the {@link MmioHandler} of a {@value #SIZE}-byte region (virt: 32 transports at
 * 0x0a00_0000 + 0x200 n). Registers below {@link #CONFIG} are 32 bits wide and must be accessed with 4-byte
 * accesses (other sizes are guest errors and read as zero, as in QEMU); the device configuration space at
 * {@link #CONFIG} takes 1-, 2-, 4- and 8-byte accesses. Little-endian.</li>
 * <li>IRQ: one output, level high while InterruptStatus is non-zero (virt: SPI 16 + n).</li>
 * <li>DMA: the device's virtqueues and buffers are read and written in guest RAM through the address space
 * (bounds-checked: see {@link VirtQueue}).</li>
 * </ul>
 * A transport without a device ({@code device == null}) is an empty slot: it answers MagicValue, Version and
 * VendorID and reads DeviceID 0, so drivers skip it.
 *
 * <p>A notification (write to QueueNotify) is served synchronously on the vCPU thread. If the device finds the
 * driver broke the virtqueue rules it sets {@link #STATUS_NEEDS_RESET}, raises a configuration-change
 * interrupt when DRIVER_OK is set, logs a guest error, and ignores further notifications until the driver
 * resets it by writing 0 to Status.
 */
public final class VirtioMmio extends Device implements MmioHandler {
    /** Size of one transport's register block in bytes. */
    public static final int SIZE = 0x200;

    public static final int MAGIC_VALUE = 0x000;
    public static final int VERSION = 0x004;
    public static final int DEVICE_ID = 0x008;
    public static final int VENDOR_ID = 0x00c;
    public static final int DEVICE_FEATURES = 0x010;
    public static final int DEVICE_FEATURES_SEL = 0x014;
    public static final int DRIVER_FEATURES = 0x020;
    public static final int DRIVER_FEATURES_SEL = 0x024;
    public static final int QUEUE_SEL = 0x030;
    public static final int QUEUE_NUM_MAX = 0x034;
    public static final int QUEUE_NUM = 0x038;
    public static final int QUEUE_READY = 0x044;
    public static final int QUEUE_NOTIFY = 0x050;
    public static final int INTERRUPT_STATUS = 0x060;
    public static final int INTERRUPT_ACK = 0x064;
    public static final int STATUS = 0x070;
    public static final int QUEUE_DESC_LOW = 0x080;
    public static final int QUEUE_DESC_HIGH = 0x084;
    public static final int QUEUE_DRIVER_LOW = 0x090;
    public static final int QUEUE_DRIVER_HIGH = 0x094;
    public static final int QUEUE_DEVICE_LOW = 0x0a0;
    public static final int QUEUE_DEVICE_HIGH = 0x0a4;
    public static final int CONFIG_GENERATION = 0x0fc;
    /** Start of the device-specific configuration space. */
    public static final int CONFIG = 0x100;

    /** "virt" in little-endian ASCII. */
    public static final int MAGIC = 0x74726976;
    /** The modern (virtio 1.x) register layout. */
    public static final int TRANSPORT_VERSION = 2;
    /** QEMU's vendor ID ("QEMU" little-endian), which guests may look at. */
    public static final int VENDOR_QEMU = 0x554d4551;

    /** Device status bits (VIRTIO 1.2 section 2.1). */
    public static final int STATUS_ACKNOWLEDGE = 1;
    public static final int STATUS_DRIVER = 2;
    public static final int STATUS_DRIVER_OK = 4;
    public static final int STATUS_FEATURES_OK = 8;
    public static final int STATUS_NEEDS_RESET = 0x40;
    public static final int STATUS_FAILED = 0x80;

    /** InterruptStatus bits. */
    public static final int INT_VRING = 1;
    public static final int INT_CONFIG = 2;

    private final VirtioDevice device;
    private final IrqLine irq;
    private final VirtQueue[] queues;
    private final VmState vmState;

    private int status;
    private int deviceFeaturesSel;
    private int driverFeaturesSel;
    private long driverFeatures;
    private int queueSel;
    private int interruptStatus;

    // Per-queue state as arrays, for the state description
    private final int[] qNum;
    private final int[] qReady;
    private final long[] qDesc;
    private final long[] qAvail;
    private final long[] qUsed;
    private final int[] qLastAvail;
    private final int[] qUsedIdx;

    /**
     * @param name   instance name
     * @param memory the address space the device's DMA goes to
     * @param irq    the interrupt output
     * @param device the device behind the transport, or null for an empty slot
     */
    public VirtioMmio(String name, PhysicalAddressSpace memory, IrqLine irq, VirtioDevice device) {
        super(name);
        this.device = device;
        this.irq = irq == null ? IrqLine.NONE : irq;
        GuestMemory mem = new GuestMemory(memory);
        if (device != null) {
            device.attach(this);
        }
        int n = device == null ? 0 : device.numQueues();
        queues = new VirtQueue[n];
        for (int i = 0; i < n; i++) {
            queues[i] = new VirtQueue(mem, i, device.queueMaxSize());
        }
        qNum = new int[n];
        qReady = new int[n];
        qDesc = new long[n];
        qAvail = new long[n];
        qUsed = new long[n];
        qLastAvail = new int[n];
        qUsedIdx = new int[n];
        VmState.Builder b = VmState.builder("virtio-mmio", 1, 1, MethodHandles.lookup(), this)
                .u32("status").u32("deviceFeaturesSel").u32("driverFeaturesSel").u64("driverFeatures")
                .u32("queueSel").u32("interruptStatus")
                .ints("qNum").ints("qReady").longs("qDesc").longs("qAvail").longs("qUsed").ints("qLastAvail")
                .ints("qUsedIdx")
                .preSave(this::queuesToArrays)
                .postLoad(v -> postLoad());
        if (device != null) {
            b.subsection(device.vmState(), () -> true);
        }
        vmState = b.build();
        reset();
    }

    /** The device behind this transport, or null. */
    public VirtioDevice device() {
        return device;
    }

    /** Queue {@code i} of the device (for tests and debugging). */
    public VirtQueue queue(int i) {
        return queues[i];
    }

    /** The Status register. */
    public int status() {
        return status;
    }

    @Override
    public void reset() {
        resetTransport();
    }

    /** Device reset, by a board reset or by the driver writing 0 to Status. */
    private void resetTransport() {
        status = 0;
        deviceFeaturesSel = 0;
        driverFeaturesSel = 0;
        driverFeatures = 0;
        queueSel = 0;
        interruptStatus = 0;
        for (VirtQueue q : queues) {
            q.reset();
        }
        if (device != null) {
            device.reset();
        }
        updateIrq();
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    private void queuesToArrays() {
        for (int i = 0; i < queues.length; i++) {
            VirtQueue q = queues[i];
            qNum[i] = q.num;
            qReady[i] = q.ready ? 1 : 0;
            qDesc[i] = q.desc;
            qAvail[i] = q.avail;
            qUsed[i] = q.used;
            qLastAvail[i] = q.lastAvailIdx;
            qUsedIdx[i] = q.usedIdx;
        }
    }

    private void postLoad() {
        if ((status & ~0xff) != 0) {
            throw new IllegalArgumentException("status 0x" + Integer.toHexString(status) + " is not a byte");
        }
        if ((interruptStatus & ~(INT_VRING | INT_CONFIG)) != 0) {
            throw new IllegalArgumentException("interrupt status 0x" + Integer.toHexString(interruptStatus));
        }
        long offered = device == null ? 0 : device.features();
        if ((driverFeatures & ~offered) != 0) {
            throw new IllegalArgumentException("driver features 0x" + Long.toHexString(driverFeatures)
                    + " were not offered");
        }
        for (int i = 0; i < queues.length; i++) {
            VirtQueue q = queues[i];
            int num = qNum[i];
            if (num < 0 || num > q.maxSize || (num & (num - 1)) != 0) {
                throw new IllegalArgumentException("queue " + i + " size " + num);
            }
            if ((qReady[i] & ~1) != 0 || (qLastAvail[i] & ~0xffff) != 0 || (qUsedIdx[i] & ~0xffff) != 0) {
                throw new IllegalArgumentException("queue " + i + " ready/index out of range");
            }
            q.num = num;
            q.ready = qReady[i] == 1;
            q.desc = qDesc[i];
            q.avail = qAvail[i];
            q.used = qUsed[i];
            q.lastAvailIdx = qLastAvail[i];
            q.usedIdx = qUsedIdx[i];
        }
        updateIrq();
    }

    private void updateIrq() {
        irq.set(interruptStatus != 0);
    }

    private VirtQueue selectedQueue() {
        return queueSel >= 0 && queueSel < queues.length ? queues[queueSel] : null;
    }

    // ---------------------------------------------------------------------------------------------
    // Register interface

    @Override
    public long read(long offset, int size) {
        if (offset >= CONFIG) {
            return readConfig((int) (offset - CONFIG), size);
        }
        if (size != 4) {
            guestError("%d-byte read of register 0x%x (registers are 32-bit)", size, offset);
            return 0;
        }
        return readRegister((int) offset) & 0xffffffffL;
    }

    @Override
    public void write(long offset, int size, long value) {
        if (offset >= CONFIG) {
            if (device == null) {
                guestError("write to the configuration space of an empty slot at 0x%x", offset);
            } else {
                device.writeConfig((int) (offset - CONFIG), size, value);
            }
            return;
        }
        if (size != 4) {
            guestError("%d-byte write of 0x%x to register 0x%x (registers are 32-bit)", size, value, offset);
            return;
        }
        writeRegister((int) offset, (int) value);
    }

    private long readConfig(int off, int size) {
        byte[] cfg = device == null ? new byte[0] : device.config();
        if (off + size > cfg.length) {
            guestError("%d-byte read at configuration offset 0x%x beyond its %d bytes", size, off, cfg.length);
            return 0;
        }
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (cfg[off + i] & 0xff);
        }
        return v;
    }

    private int readRegister(int offset) {
        switch (offset) {
            case MAGIC_VALUE:
                return MAGIC;
            case VERSION:
                return TRANSPORT_VERSION;
            case VENDOR_ID:
                return VENDOR_QEMU;
            default:
                break;
        }
        if (device == null) {
            return 0; // an empty slot: DeviceID 0 and everything else zero, as QEMU
        }
        VirtQueue q = selectedQueue();
        switch (offset) {
            case DEVICE_ID:
                return device.deviceId();
            case DEVICE_FEATURES:
                return deviceFeaturesSel == 0 ? (int) device.features()
                        : deviceFeaturesSel == 1 ? (int) (device.features() >>> 32) : 0;
            case QUEUE_NUM_MAX:
                return q == null ? 0 : q.maxSize;
            case QUEUE_READY:
                return q != null && q.ready ? 1 : 0;
            case INTERRUPT_STATUS:
                return interruptStatus;
            case STATUS:
                return status;
            case CONFIG_GENERATION:
                return 0; // no device here changes its configuration at run time
            case DEVICE_FEATURES_SEL, DRIVER_FEATURES, DRIVER_FEATURES_SEL, QUEUE_SEL, QUEUE_NUM, QUEUE_NOTIFY,
                    INTERRUPT_ACK, QUEUE_DESC_LOW, QUEUE_DESC_HIGH, QUEUE_DRIVER_LOW, QUEUE_DRIVER_HIGH,
                    QUEUE_DEVICE_LOW, QUEUE_DEVICE_HIGH:
                guestError("read of write-only register 0x%x", offset);
                return 0;
            default:
                guestError("read of bad offset 0x%x", offset);
                return 0;
        }
    }

    private void writeRegister(int offset, int value) {
        if (device == null) {
            guestError("write of 0x%x to register 0x%x of an empty slot", value, offset);
            return;
        }
        VirtQueue q = selectedQueue();
        switch (offset) {
            case DEVICE_FEATURES_SEL -> deviceFeaturesSel = value;
            case DRIVER_FEATURES -> {
                if ((status & STATUS_FEATURES_OK) != 0) {
                    guestError("DriverFeatures written after FEATURES_OK");
                } else if (driverFeaturesSel == 0) {
                    driverFeatures = (driverFeatures & 0xffffffff_00000000L) | (value & 0xffffffffL);
                } else if (driverFeaturesSel == 1) {
                    driverFeatures = (driverFeatures & 0xffffffffL) | ((long) value << 32);
                } else if (value != 0) {
                    guestError("DriverFeatures 0x%x for unknown selector %d", value, driverFeaturesSel);
                }
            }
            case DRIVER_FEATURES_SEL -> driverFeaturesSel = value;
            case QUEUE_SEL -> queueSel = value;
            case QUEUE_NUM -> {
                if (q == null) {
                    guestError("QueueNum for nonexistent queue %d", queueSel);
                } else if (value == 0 || value > q.maxSize || (value & (value - 1)) != 0) {
                    guestError("QueueNum %d for queue %d is not a power of 2 up to %d", value, queueSel, q.maxSize);
                } else {
                    q.num = value;
                }
            }
            case QUEUE_READY -> {
                if (q == null) {
                    guestError("QueueReady for nonexistent queue %d", queueSel);
                } else {
                    q.ready = (value & 1) != 0;
                }
            }
            case QUEUE_DESC_LOW -> setQueueAddr(q, 0, false, value);
            case QUEUE_DESC_HIGH -> setQueueAddr(q, 0, true, value);
            case QUEUE_DRIVER_LOW -> setQueueAddr(q, 1, false, value);
            case QUEUE_DRIVER_HIGH -> setQueueAddr(q, 1, true, value);
            case QUEUE_DEVICE_LOW -> setQueueAddr(q, 2, false, value);
            case QUEUE_DEVICE_HIGH -> setQueueAddr(q, 2, true, value);
            case QUEUE_NOTIFY -> notifyQueue(value & 0xffff);
            case INTERRUPT_ACK -> {
                interruptStatus &= ~value;
                updateIrq();
            }
            case STATUS -> writeStatus(value & 0xff);
            case MAGIC_VALUE, VERSION, DEVICE_ID, VENDOR_ID, DEVICE_FEATURES, QUEUE_NUM_MAX, INTERRUPT_STATUS,
                    CONFIG_GENERATION -> guestError("write of 0x%x to read-only register 0x%x", value, offset);
            default -> guestError("write of 0x%x to bad offset 0x%x", value, offset);
        }
    }

    private void setQueueAddr(VirtQueue q, int which, boolean high, int value) {
        if (q == null) {
            guestError("queue address write for nonexistent queue %d", queueSel);
            return;
        }
        if (q.ready) {
            guestError("queue %d address written while the queue is ready", queueSel);
        }
        long old = which == 0 ? q.desc : which == 1 ? q.avail : q.used;
        long v = high ? (old & 0xffffffffL) | ((long) value << 32) : (old & 0xffffffff_00000000L) | (value & 0xffffffffL);
        switch (which) {
            case 0 -> q.desc = v;
            case 1 -> q.avail = v;
            default -> q.used = v;
        }
    }

    private void writeStatus(int value) {
        if (value == 0) {
            resetTransport();
            return;
        }
        if ((value & STATUS_FEATURES_OK) != 0 && (status & STATUS_FEATURES_OK) == 0) {
            long unknown = driverFeatures & ~device.features();
            if (unknown != 0) {
                guestError("driver accepted features 0x%x that were not offered; FEATURES_OK refused", unknown);
                value &= ~STATUS_FEATURES_OK;
            } else if ((driverFeatures & VirtioDevice.F_VERSION_1) == 0) {
                guestError("driver did not accept VIRTIO_F_VERSION_1 (legacy drivers need a version 1 transport);"
                        + " FEATURES_OK refused");
                value &= ~STATUS_FEATURES_OK;
            } else {
                device.setDriverFeatures(driverFeatures);
            }
        }
        // The device owns NEEDS_RESET; the driver cannot clear it except by a reset.
        boolean starting = (value & STATUS_DRIVER_OK) != 0 && (status & STATUS_DRIVER_OK) == 0;
        status = (value & ~STATUS_NEEDS_RESET) | (status & STATUS_NEEDS_RESET);
        if (starting) {
            device.driverReady();
        }
    }

    private void notifyQueue(int index) {
        if (index >= queues.length) {
            guestError("notify of nonexistent queue %d", index);
            return;
        }
        VirtQueue q = queues[index];
        if (!q.ready) {
            guestError("notify of queue %d, which is not ready", index);
            return;
        }
        if ((status & STATUS_NEEDS_RESET) != 0) {
            guestError("notify of queue %d while the device needs a reset", index);
            return;
        }
        try {
            device.handleQueue(q);
            if (q.takeNotify()) {
                interruptStatus |= INT_VRING;
                updateIrq();
            }
        } catch (VirtioException e) {
            deviceError(e.getMessage());
        }
    }

    /** Queue {@code i} if the device is live (see {@link VirtioDevice#liveQueue}), else null. */
    VirtQueue liveQueue(int i) {
        if (i < 0 || i >= queues.length || (status & STATUS_DRIVER_OK) == 0 || (status & STATUS_NEEDS_RESET) != 0) {
            return null;
        }
        VirtQueue q = queues[i];
        return q.ready ? q : null;
    }

    /** Used-buffer notification for work the device did on its own (VIRTIO 1.2 section 2.7.10). */
    void notifyDriver(VirtQueue q) {
        try {
            if (q.takeNotify()) {
                interruptStatus |= INT_VRING;
                updateIrq();
            }
        } catch (VirtioException e) {
            deviceError(e.getMessage());
        }
    }

    void deviceFailed(VirtioException e) {
        deviceError(e.getMessage());
    }

    void configChanged() {
        if ((status & STATUS_DRIVER_OK) != 0) {
            interruptStatus |= INT_CONFIG;
            updateIrq();
        }
    }

    /** The driver broke the device (QEMU's {@code virtio_error}): mark it, tell the driver, log. */
    private void deviceError(String message) {
        guestError("%s; device needs reset", message);
        status |= STATUS_NEEDS_RESET;
        if ((status & STATUS_DRIVER_OK) != 0) {
            interruptStatus |= INT_CONFIG;
            updateIrq();
        }
    }
}
