package org.jemu.machine.pci;

import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;
import org.jemu.translator.memory.MmioHandler;

/**
 * The PCI controller of the MPC85xx/e500 SoCs ("MPC8544E PowerQUICC III Integrated Processor Reference Manual",
 * chapter 16 "PCI Bus Interface"), as QEMU's {@code hw/pci-host/ppce500.c} ({@code e500-pcihost}) with its
 * {@code e500-host-bridge} function and no other device on the bus.
 *
 * <h2>Interface</h2>
 * A {@value #SIZE}-byte block (CCSR + 0x8000 on the e500 boards) made of three {@link MmioHandler}s, as QEMU
 * builds it:
 * <ul>
 * <li>{@link #configAddress()} at +0x0, 4 bytes, big-endian: CFG_ADDR (bit 31 enable, bits 23:16 bus, 15:8
 * device/function, 7:2 register). Only 4-byte accesses reach it (QEMU's {@code pci_host_conf_be_ops}).</li>
 * <li>{@link #configData()} at +0x4, 4 bytes, <em>little-endian</em> (QEMU's {@code pci_host_data_le_ops}):
 * CFG_DATA, the configuration register CFG_ADDR selects, 1, 2 or 4 bytes at the byte offset
 * {@code (CFG_ADDR & 0xFC) | (offset & 3)}. With the enable bit clear, or for any bus/device/function other than
 * the host bridge's 0/0/0, reads return all ones and writes are dropped (an absent device).</li>
 * <li>{@link #registers()} at +0xC00, 0x400 bytes, big-endian: the outbound (POTARn/POTEARn/POWBARn/POWARn at
 * 0xC20-0xC9F) and inbound (PITARn/PIWBARn/PIWBEARn/PIWARn at 0xDA0-0xDFF) ATMU windows and the gasket timer
 * (0xE20), stored and read back. Windows are not mapped: no PCI device exists behind them.</li>
 * </ul>
 *
 * <h2>The host bridge function (bus 0, device 0, function 0)</h2>
 * A type 0 header: vendor 0x1957 (Freescale), device 0x0030 (MPC8533E), class 0x0B2000 (processor, PowerPC),
 * revision 0, subsystem vendor/ID 0x1AF4/0x1100 (QEMU's default), BAR0 a 32-bit memory BAR of 1 MiB (the CCSR
 * window; its decoding is not modelled). Writable as QEMU's default masks: COMMAND bits IO, MEMORY, MASTER,
 * SERR, INTX_DISABLE (0x0507), cache line size, interrupt line and BAR0's address bits;
 * everything else is read-only.
 */
public final class Ppce500PciHost extends Device {
    /** Size of the whole controller block. */
    public static final int SIZE = 0x1000;
    public static final int CFG_ADDR = 0x0;
    public static final int CFG_DATA = 0x4;
    /** Offset of the ATMU register block. */
    public static final int REG_BASE = 0xC00;
    public static final int REG_SIZE = SIZE - REG_BASE;

    public static final int VENDOR_FREESCALE = 0x1957;
    public static final int DEVICE_MPC8533E = 0x0030;
    public static final int CLASS_PROCESSOR_POWERPC = 0x0B20;
    /** Size of the CCSR window BAR0 maps. */
    public static final int BAR0_SIZE = 0x10_0000;

    private static final int NR_POBS = 5;
    private static final int NR_PIBS = 3;

    private final VmState vmState;
    private int configReg;
    private final byte[] config = new byte[256];
    private final byte[] wmask = new byte[256];
    private final int[] pob = new int[NR_POBS * 4];
    private final int[] pib = new int[NR_PIBS * 4];
    private int gasketTime;

    private final MmioHandler addrHandler = new MmioHandler() {
        @Override
        public long read(long offset, int size) {
            if (offset != 0 || size != 4) {
                return 0xFFFF_FFFFL >>> (32 - 8 * Math.min(size, 4));
            }
            return configReg & 0xFFFF_FFFFL;
        }

        @Override
        public void write(long offset, int size, long value) {
            if (offset != 0 || size != 4) {
                guestError("%d-byte write of CFG_ADDR at +%d ignored", size, offset);
                return;
            }
            configReg = (int) value;
        }

        @Override
        public ByteOrder order() {
            return ByteOrder.BIG_ENDIAN;
        }
    };

    private final MmioHandler dataHandler = new MmioHandler() {
        @Override
        public long read(long offset, int size) {
            return configRead((configReg & ~3) | ((int) offset & 3), size);
        }

        @Override
        public void write(long offset, int size, long value) {
            configWrite((configReg & ~3) | ((int) offset & 3), size, value);
        }
    };

    private final MmioHandler regHandler = new MmioHandler() {
        @Override
        public long read(long offset, int size) {
            return regRead((int) offset + REG_BASE) & 0xFFFF_FFFFL;
        }

        @Override
        public void write(long offset, int size, long value) {
            regWrite((int) offset + REG_BASE, (int) value);
        }

        @Override
        public ByteOrder order() {
            return ByteOrder.BIG_ENDIAN;
        }
    };

    /** @param name instance name */
    public Ppce500PciHost(String name) {
        super(name);
        this.vmState = VmState.builder("ppce500_pci", 1, 1, MethodHandles.lookup(), this)
                .u32("configReg").bytes("config").ints("pob").ints("pib").u32("gasketTime")
                .build();
        reset();
    }

    /** CFG_ADDR, 4 bytes at +0 of the block. */
    public MmioHandler configAddress() {
        return addrHandler;
    }

    /** CFG_DATA, 4 bytes at +4 of the block (little-endian). */
    public MmioHandler configData() {
        return dataHandler;
    }

    /** The ATMU registers, {@value #REG_SIZE} bytes at +{@value #REG_BASE} of the block. */
    public MmioHandler registers() {
        return regHandler;
    }

    @Override
    public void reset() {
        configReg = 0;
        java.util.Arrays.fill(config, (byte) 0);
        java.util.Arrays.fill(wmask, (byte) 0);
        put16(config, 0x00, VENDOR_FREESCALE);
        put16(config, 0x02, DEVICE_MPC8533E);
        put16(config, 0x0A, CLASS_PROCESSOR_POWERPC);
        put16(config, 0x2C, 0x1AF4); // QEMU's default subsystem vendor (Red Hat / Qumranet)
        put16(config, 0x2E, 0x1100); // and subsystem ID (PCI_SUBDEVICE_ID_QEMU)
        put16(wmask, 0x04, 0x0507);
        wmask[0x0C] = (byte) 0xFF;
        wmask[0x3C] = (byte) 0xFF;
        put32(wmask, 0x10, ~(BAR0_SIZE - 1) & 0xFFFF_FFF0);
        java.util.Arrays.fill(pob, 0);
        java.util.Arrays.fill(pib, 0);
        gasketTime = 0;
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    private static void put32(byte[] b, int off, int v) {
        put16(b, off, v);
        put16(b, off + 2, v >>> 16);
    }

    /** True when CFG_ADDR addresses the host bridge (bus 0, device/function 0) with the enable bit set. */
    private boolean selectsBridge(int addr) {
        return (addr & 0x8000_0000) != 0 && ((addr >>> 8) & 0xFFFF) == 0;
    }

    /** A configuration read of {@code size} bytes at CFG_ADDR-style address {@code addr}. */
    private long configRead(int addr, int size) {
        long ones = size >= 8 ? -1L : (1L << (8 * size)) - 1;
        if (!selectsBridge(addr)) {
            return ones;
        }
        int off = addr & 0xFF;
        long v = 0;
        for (int i = 0; i < size && off + i < 256; i++) {
            v |= (config[off + i] & 0xFFL) << (8 * i);
        }
        return v;
    }

    private void configWrite(int addr, int size, long value) {
        if (!selectsBridge(addr)) {
            return;
        }
        int off = addr & 0xFF;
        for (int i = 0; i < size && off + i < 256; i++) {
            int m = wmask[off + i] & 0xFF;
            int b = (int) (value >>> (8 * i)) & 0xFF;
            config[off + i] = (byte) ((config[off + i] & ~m) | (b & m));
        }
    }

    private int regRead(int addr) {
        int win = addr & 0xFE0;
        if (win >= 0xC20 && win <= 0xC80) {
            int idx = (addr >> 5) & 7;
            int r = addr & 0x1F;
            return switch (r) {
                case 0x0 -> pob[idx * 4];
                case 0x4 -> pob[idx * 4 + 1];
                case 0x8 -> pob[idx * 4 + 2];
                case 0x10 -> pob[idx * 4 + 3];
                default -> 0;
            };
        }
        if (win >= 0xDA0 && win <= 0xDE0) {
            int idx = ((addr >> 5) & 3) - 1;
            return switch (addr & 0x1F) {
                case 0x0 -> pib[idx * 4];
                case 0x8 -> pib[idx * 4 + 1];
                case 0xC -> pib[idx * 4 + 2];
                case 0x10 -> pib[idx * 4 + 3];
                default -> 0;
            };
        }
        if (win == 0xE20) {
            return gasketTime;
        }
        guestError("read of unmodelled PCI controller register 0x%x", addr);
        return 0;
    }

    private void regWrite(int addr, int value) {
        int win = addr & 0xFE0;
        if (win >= 0xC20 && win <= 0xC80) {
            int idx = (addr >> 5) & 7;
            switch (addr & 0x1F) {
                case 0x0 -> pob[idx * 4] = value;
                case 0x4 -> pob[idx * 4 + 1] = value;
                case 0x8 -> pob[idx * 4 + 2] = value;
                case 0x10 -> pob[idx * 4 + 3] = value;
                default -> { }
            }
            return;
        }
        if (win >= 0xDA0 && win <= 0xDE0) {
            int idx = ((addr >> 5) & 3) - 1;
            switch (addr & 0x1F) {
                case 0x0 -> pib[idx * 4] = value;
                case 0x8 -> pib[idx * 4 + 1] = value;
                case 0xC -> pib[idx * 4 + 2] = value;
                case 0x10 -> pib[idx * 4 + 3] = value;
                default -> { }
            }
            return;
        }
        if (win == 0xE20) {
            gasketTime = value;
            return;
        }
        guestError("write of unmodelled PCI controller register 0x%x = 0x%x", addr, value);
    }
}
