package org.jemu.machine.pci;

import java.lang.invoke.MethodHandles;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;
import org.jemu.translator.memory.MmioHandler;

/**
 * A PCI function with a type-0 configuration header (PCI Local Bus Specification 3.0, 6.1 "Configuration
 * Space Organization", figure 6-1), in the spirit of QEMU's {@code PCIDevice} (hw/pci/pci.c).
 *
 * <h2>Configuration space</h2>
 * 256 bytes, little-endian. Read-only: vendor/device ID (0x00/0x02), revision (0x08), class code
 * (0x09-0x0B), header type (0x0E), subsystem IDs (0x2C/0x2E; QEMU's 1AF4:1100), interrupt pin (0x3D).
 * Writable: the command register bits I/O space, memory space, bus master, special cycles, MWI, VGA palette
 * snoop, parity error response, SERR# enable, fast back-to-back and interrupt disable (mask 0x07FF), cache line
 * size (0x0C), latency timer (0x0D), interrupt line (0x3C) and the address bits of each implemented BAR.
 * Status bit 3 (interrupt status) follows the function's INTx level. Unimplemented BARs and the expansion
 * ROM BAR read 0 (no ROM).
 *
 * <h2>BARs (6.2.5.1 "Address Maps")</h2>
 * {@link #registerBar} declares BAR n with a power-of-two size; the low bits of the register are the
 * type (bit 0 = I/O, bit 3 = prefetchable) and read back as fixed, so writing all ones and reading back gives
 * {@code ~(size - 1) | type}, the sizing protocol. A BAR decodes (is mapped into the bus's memory or I/O
 * space) when the matching command bit is set and its address is neither 0 nor beyond the space (32-bit
 * memory, 64 KiB I/O), as QEMU's {@code pci_bar_address}.
 *
 * <h2>Interrupts</h2>
 * {@link #setIrq} drives INTx of the pin in the interrupt pin register; the bus routes it to the host's
 * lines. The level is masked (but remembered) while command bit 10 (interrupt disable) is set.
 */
public abstract class PciDevice extends Device {
    /** Configuration space size of a conventional PCI function. */
    public static final int CONFIG_SIZE = 256;

    // Header offsets (PCI 3.0 figure 6-1).
    public static final int VENDOR_ID = 0x00;
    public static final int DEVICE_ID = 0x02;
    public static final int COMMAND = 0x04;
    public static final int STATUS = 0x06;
    public static final int REVISION_ID = 0x08;
    public static final int CLASS_PROG = 0x09;
    public static final int CACHE_LINE_SIZE = 0x0C;
    public static final int LATENCY_TIMER = 0x0D;
    public static final int HEADER_TYPE = 0x0E;
    public static final int BAR0 = 0x10;
    public static final int SUBSYSTEM_VENDOR_ID = 0x2C;
    public static final int SUBSYSTEM_ID = 0x2E;
    public static final int ROM_ADDRESS = 0x30;
    public static final int INTERRUPT_LINE = 0x3C;
    public static final int INTERRUPT_PIN = 0x3D;

    /** Command register: I/O space enable. */
    public static final int COMMAND_IO = 0x0001;
    /** Command register: memory space enable. */
    public static final int COMMAND_MEMORY = 0x0002;
    /** Command register: bus master enable. */
    public static final int COMMAND_MASTER = 0x0004;
    /** Command register: interrupt disable. */
    public static final int COMMAND_INTX_DISABLE = 0x0400;
    /** Status register: interrupt status. */
    public static final int STATUS_INTERRUPT = 0x0008;

    /** BAR type bit: I/O space. */
    public static final int BAR_IO = 0x1;
    /** BAR type bit: prefetchable memory. */
    public static final int BAR_PREFETCH = 0x8;
    /** Number of BARs in a type-0 header. */
    public static final int NUM_BARS = 6;

    /** QEMU's default subsystem vendor / subsystem ID (PCI_SUBVENDOR_ID_REDHAT_QUMRANET / PCI_SUBDEVICE_ID_QEMU). */
    public static final int QEMU_SUBSYSTEM_VENDOR = 0x1af4;
    public static final int QEMU_SUBSYSTEM = 0x1100;

    private final byte[] config = new byte[CONFIG_SIZE];
    private final byte[] wmask = new byte[CONFIG_SIZE];
    private final long[] barSize = new long[NUM_BARS];
    private final int[] barType = new int[NUM_BARS];
    private final MmioHandler[] barHandler = new MmioHandler[NUM_BARS];
    private final VmState vmState;
    PciBus bus;
    int devfn = -1;
    private boolean irqLevel;
    /** The INTx level last reported to the bus (PciBus's irq counting). */
    boolean lastIntx;

    /**
     * @param vendor    vendor ID (16 bits)
     * @param device    device ID (16 bits)
     * @param classCode class code, 24 bits: base class, sub-class, programming interface
     * @param revision  revision ID (8 bits)
     * @param pin       interrupt pin 1..4 (INTA#..INTD#), or 0 for none
     */
    protected PciDevice(String name, int vendor, int device, int classCode, int revision, int pin) {
        super(name);
        if (pin < 0 || pin > 4) {
            throw new IllegalArgumentException("interrupt pin " + pin + " is not 0..4");
        }
        put16(VENDOR_ID, vendor);
        put16(DEVICE_ID, device);
        config[REVISION_ID] = (byte) revision;
        config[CLASS_PROG] = (byte) classCode;
        config[CLASS_PROG + 1] = (byte) (classCode >> 8);
        config[CLASS_PROG + 2] = (byte) (classCode >> 16);
        put16(SUBSYSTEM_VENDOR_ID, QEMU_SUBSYSTEM_VENDOR);
        put16(SUBSYSTEM_ID, QEMU_SUBSYSTEM);
        config[INTERRUPT_PIN] = (byte) pin;
        wmask[COMMAND] = (byte) 0xff;
        wmask[COMMAND + 1] = 0x07;
        wmask[CACHE_LINE_SIZE] = (byte) 0xff;
        wmask[LATENCY_TIMER] = (byte) 0xff;
        wmask[INTERRUPT_LINE] = (byte) 0xff;
        vmState = VmState.builder("pci-" + name, 1, 1, MethodHandles.lookup(), this)
                .bytes("config").bool("irqLevel")
                .postLoad(v -> {
                    if (bus != null) {
                        bus.remap(this);
                        bus.intxChanged(this);
                    }
                })
                .build();
    }

    /**
     * Declares BAR {@code n} (0-5) of {@code size} bytes (a power of two; at least 16 for memory, 4 for I/O),
     * decoded to {@code handler} at its BAR address when enabled. Call before the device is attached.
     *
     * @param type {@link #BAR_IO}, 0 (32-bit memory) or {@link #BAR_PREFETCH}
     * @throws IllegalArgumentException for a bad index, size or type
     */
    protected final void registerBar(int n, long size, int type, MmioHandler handler) {
        if (n < 0 || n >= NUM_BARS || barHandler[n] != null) {
            throw new IllegalArgumentException("BAR " + n + " is out of range or already registered");
        }
        boolean io = (type & BAR_IO) != 0;
        if (Long.bitCount(size) != 1 || size < (io ? 4 : 16) || size > (io ? 0x10000L : 0x8000_0000L)
                || (type & ~(BAR_IO | BAR_PREFETCH)) != 0 || (io && type != BAR_IO)) {
            throw new IllegalArgumentException("bad BAR " + n + ": size 0x" + Long.toHexString(size) + " type " + type);
        }
        barSize[n] = size;
        barType[n] = type;
        barHandler[n] = handler;
        put32(BAR0 + 4 * n, type);
        int mask = (int) ~(size - 1) & (io ? ~0x3 : ~0xf);
        for (int i = 0; i < 4; i++) {
            wmask[BAR0 + 4 * n + i] = (byte) (mask >>> (8 * i));
        }
    }

    /** The slot/function number (devfn = slot &lt;&lt; 3 | function) on the bus, or -1 if not attached. */
    public final int devfn() {
        return devfn;
    }

    /** BAR {@code n}'s size in bytes, or 0 if not implemented. */
    public final long barSize(int n) {
        return barSize[n];
    }

    /** BAR {@code n}'s type bits ({@link #BAR_IO}, {@link #BAR_PREFETCH}). */
    public final int barType(int n) {
        return barType[n];
    }

    final MmioHandler barHandler(int n) {
        return barHandler[n];
    }

    /**
     * The bus address BAR {@code n} decodes at, or -1 when it does not decode (not implemented, space disabled
     * in the command register, address 0, or the region would pass the end of the 4 GiB memory / 64 KiB I/O
     * space), as QEMU's {@code pci_bar_address}.
     */
    public final long barAddress(int n) {
        if (barHandler[n] == null) {
            return -1;
        }
        boolean io = (barType[n] & BAR_IO) != 0;
        int cmd = get16(COMMAND);
        if ((cmd & (io ? COMMAND_IO : COMMAND_MEMORY)) == 0) {
            return -1;
        }
        long addr = get32(BAR0 + 4 * n) & ~(barSize[n] - 1) & (io ? ~0x3L : ~0xfL);
        long limit = io ? 0x1_0000L : 0x1_0000_0000L;
        if (addr == 0 || addr + barSize[n] > limit) {
            return -1;
        }
        return addr;
    }

    /**
     * A configuration read of {@code size} (1, 2 or 4) bytes at {@code offset} (0-255, naturally aligned),
     * little-endian. Subclasses may override to add device-specific registers.
     */
    public int configRead(int offset, int size) {
        int v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (config[(offset + i) & 0xff] & 0xff);
        }
        return v;
    }

    /**
     * A configuration write of the low {@code size} (1, 2 or 4) bytes of {@code value} at {@code offset}: only
     * the writable bits change; a change of the command register or a BAR remaps the BARs.
     */
    public void configWrite(int offset, int size, int value) {
        boolean remap = false;
        for (int i = 0; i < size; i++) {
            int a = (offset + i) & 0xff;
            int m = wmask[a] & 0xff;
            int b = (value >>> (8 * i)) & 0xff;
            config[a] = (byte) ((config[a] & ~m) | (b & m));
            if ((a >= BAR0 && a < BAR0 + 4 * NUM_BARS) || a == COMMAND || a == COMMAND + 1) {
                remap |= m != 0;
            }
        }
        if (remap) {
            updateIntxStatus();
            if (bus != null) {
                bus.remap(this);
                bus.intxChanged(this);
            }
        }
    }

    /** Drives this function's INTx pin (level-sensitive); ignored without an interrupt pin. */
    public final void setIrq(boolean level) {
        irqLevel = level;
        updateIntxStatus();
        if (bus != null) {
            bus.intxChanged(this);
        }
    }

    private void updateIntxStatus() {
        int st = get16(STATUS);
        put16(STATUS, irqLevel ? st | STATUS_INTERRUPT : st & ~STATUS_INTERRUPT);
    }

    /** The level this function presents on its INTx pin now (0 while interrupt disable is set). */
    final boolean intxAsserted() {
        return irqLevel && config[INTERRUPT_PIN] != 0 && (get16(COMMAND) & COMMAND_INTX_DISABLE) == 0;
    }

    /** The interrupt pin register: 1..4 for INTA#..INTD#, 0 for none. */
    public final int interruptPin() {
        return config[INTERRUPT_PIN] & 0xff;
    }

    /** Resets the header's writable registers (command, BARs, interrupt line, ...) to 0 and the INTx level low. */
    @Override
    public void reset() {
        for (int i = 0; i < CONFIG_SIZE; i++) {
            config[i] &= (byte) ~wmask[i];
        }
        irqLevel = false;
        updateIntxStatus();
        if (bus != null) {
            bus.remap(this);
            bus.intxChanged(this);
        }
        resetDevice();
    }

    /** Resets the function's own state (called by {@link #reset} after the header). */
    protected abstract void resetDevice();

    /** The configuration header's state; a subclass with state of its own includes it as a subsection. */
    protected final VmState pciVmState() {
        return vmState;
    }

    /** The header's state only; subclasses with registers of their own override this. */
    @Override
    public VmState vmState() {
        return vmState;
    }

    /** Sets a read-only configuration byte (device-specific constant registers). */
    protected final void setConfigByte(int offset, int value) {
        config[offset] = (byte) value;
    }

    protected final int get16(int off) {
        return (config[off] & 0xff) | (config[off + 1] & 0xff) << 8;
    }

    protected final long get32(int off) {
        return (get16(off) | (long) get16(off + 2) << 16) & 0xffff_ffffL;
    }

    private void put16(int off, int v) {
        config[off] = (byte) v;
        config[off + 1] = (byte) (v >> 8);
    }

    private void put32(int off, int v) {
        put16(off, v);
        put16(off + 2, v >>> 16);
    }
}
