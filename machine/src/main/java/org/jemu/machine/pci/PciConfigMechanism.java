package org.jemu.machine.pci;

import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;
import org.jemu.translator.memory.MmioHandler;

/**
 * PCI configuration mechanism #1 (PCI Local Bus Specification 2.1, 3.7.4.1; the CONFIG_ADDRESS /
 * CONFIG_DATA pair of the PC's ports 0xCF8/0xCFC), as QEMU's {@code pci_host_conf_le_ops} and
 * {@code pci_host_data_le_ops} (hw/pci/pci_host.c) provide it to memory-mapped host bridges such as Grackle.
 *
 * <h2>Interface</h2>
 * Two {@link MmioHandler}s, both little-endian:
 * <ul>
 * <li>{@link #addressRegister()}: CONFIG_ADDRESS, 32 bits at offset 0 (other offsets and sizes are ignored
 * and read 0, as QEMU): bit 31 enable, bits 23-16 bus, 15-11 device, 10-8 function, 7-2 register.</li>
 * <li>{@link #dataRegister()}: CONFIG_DATA: an access of 1, 2 or 4 bytes at offset {@code o} reaches
 * register {@code (CONFIG_ADDRESS & 0xFC) + (o & 3)} of the addressed function while bit 31 is set; with it
 * clear reads return all ones and writes are dropped.</li>
 * </ul>
 */
public final class PciConfigMechanism extends Device {
    private final PciBus bus;
    private int configReg;
    private final VmState vmState;

    public PciConfigMechanism(String name, PciBus bus) {
        super(name);
        this.bus = bus;
        this.vmState = VmState.builder("pci-host-config", 1, 1, MethodHandles.lookup(), this).u32("configReg").build();
    }

    @Override
    public void reset() {
        configReg = 0;
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    /** The current CONFIG_ADDRESS value. */
    public int configAddress() {
        return configReg;
    }

    /** The CONFIG_ADDRESS register's handler. */
    public MmioHandler addressRegister() {
        return new MmioHandler() {
            @Override
            public long read(long offset, int size) {
                return offset == 0 && size == 4 ? configReg & 0xffff_ffffL : 0;
            }

            @Override
            public void write(long offset, int size, long value) {
                if (offset == 0 && size == 4) {
                    configReg = (int) value;
                } else {
                    guestError("%d-byte write of 0x%x to CONFIG_ADDRESS offset 0x%x ignored", size, value, offset);
                }
            }

            @Override
            public ByteOrder order() {
                return ByteOrder.LITTLE_ENDIAN;
            }
        };
    }

    /** The CONFIG_DATA register's handler. */
    public MmioHandler dataRegister() {
        return new MmioHandler() {
            @Override
            public long read(long offset, int size) {
                if (configReg >= 0 || size > 4) {
                    return size >= 8 ? -1L : (1L << (8 * size)) - 1;
                }
                int reg = (configReg & 0xfc) | (int) (offset & 3);
                return bus.configRead((configReg >>> 16) & 0xff, (configReg >>> 8) & 0xff, reg, size)
                        & ((1L << (8 * size)) - 1);
            }

            @Override
            public void write(long offset, int size, long value) {
                if (configReg >= 0 || size > 4) {
                    return;
                }
                int reg = (configReg & 0xfc) | (int) (offset & 3);
                bus.configWrite((configReg >>> 16) & 0xff, (configReg >>> 8) & 0xff, reg, size, (int) value);
            }

            @Override
            public ByteOrder order() {
                return ByteOrder.LITTLE_ENDIAN;
            }
        };
    }
}
