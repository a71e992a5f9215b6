package org.jemu.machine.pci;

import org.jemu.translator.exec.IrqLine;
import org.jemu.translator.memory.MmioHandler;

/**
 * The Motorola MPC106 "Grackle" PCI host bridge of the Old World Power Macintosh, as QEMU's
 * {@code hw/pci-host/grackle.c} ({@code -M g3beige}).
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>Configuration mechanism #1: CONFIG_ADDRESS at CPU 0xFEC0_0000 and CONFIG_DATA at 0xFEE0_0000 (0x1000
 * bytes each, little-endian; {@link #configAddress()}, {@link #configData()}).</li>
 * <li>PCI memory: CPU addresses 0x8000_0000-0xFDFF_FFFF reach the same bus addresses ({@link #pciHole()},
 * QEMU's "pci-hole" alias).</li>
 * <li>PCI I/O: CPU 0xFE00_0000-0xFE1F_FFFF reaches I/O ports from 0 ({@link #isaIo()}; ports above 0xFFFF
 * wrap, the bus having 64 KiB of I/O space).</li>
 * <li>Interrupts: INTx of device d, pin p (0 = INTA#) goes to output {@code (p + d) & 3}; the board wires
 * outputs 0-3 to Heathrow inputs 0x15-0x18.</li>
 * <li>Function 00.0 is the bridge itself: 1057:0002, class code 0x060001 (host bridge, programming interface 1
 * as QEMU sets it).</li>
 * </ul>
 */
public final class Grackle {
    public static final long CONFIG_ADDRESS_BASE = 0xfec0_0000L;
    public static final long CONFIG_DATA_BASE = 0xfee0_0000L;
    public static final long CONFIG_REGION_SIZE = 0x1000;
    public static final long PCI_HOLE_BASE = 0x8000_0000L;
    public static final long PCI_HOLE_SIZE = 0x7e00_0000L;
    public static final long ISA_IO_BASE = 0xfe00_0000L;
    public static final long ISA_IO_SIZE = 0x20_0000L;
    public static final int VENDOR_MOTOROLA = 0x1057;
    public static final int DEVICE_MPC106 = 0x0002;

    private final PciBus bus;
    private final PciConfigMechanism config;
    private final HostBridge bridge;

    /** The bridge's own PCI function (00.0). */
    public static final class HostBridge extends PciDevice {
        HostBridge() {
            super("grackle", VENDOR_MOTOROLA, DEVICE_MPC106, 0x060001, 0, 0);
        }

        @Override
        protected void resetDevice() {
        }
    }

    /** @param irqs the four PCI interrupt outputs */
    public Grackle(IrqLine irq0, IrqLine irq1, IrqLine irq2, IrqLine irq3) {
        bus = new PciBus("pci.0", (devfn, pin) -> (pin + (devfn >> 3)) & 3, irq0, irq1, irq2, irq3);
        config = new PciConfigMechanism("grackle-pcihost", bus);
        bridge = new HostBridge();
        bus.attach(bridge, 0);
    }

    public PciBus bus() {
        return bus;
    }

    /** The configuration mechanism (a device with state). */
    public PciConfigMechanism configMechanism() {
        return config;
    }

    public HostBridge hostBridge() {
        return bridge;
    }

    public MmioHandler configAddress() {
        return config.addressRegister();
    }

    public MmioHandler configData() {
        return config.dataRegister();
    }

    /** The PCI memory window at CPU {@link #PCI_HOLE_BASE}, mapped 1:1 to bus addresses. */
    public MmioHandler pciHole() {
        return bus.memoryWindow(PCI_HOLE_BASE);
    }

    /** The PCI I/O window at CPU {@link #ISA_IO_BASE} (the bus's I/O space; port = offset &amp; 0xFFFF). */
    public MmioHandler isaIo() {
        return bus.ioSpace();
    }
}
