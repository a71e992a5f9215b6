package org.jemu.machine.pci;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.jemu.translator.exec.GuestLog;
import org.jemu.translator.exec.IrqLine;
import org.jemu.translator.memory.MmioHandler;

/**
 * A conventional PCI bus (bus number 0 behind a host bridge), as QEMU's {@code PCIBus} (hw/pci/pci.c): up to
 * 32 devices x 8 functions addressed by devfn = device &lt;&lt; 3 | function, configuration accesses routed by
 * devfn, the bus's memory and I/O spaces into which the functions' BARs decode, and INTx routing.
 *
 * <h2>Address spaces</h2>
 * {@link #memorySpace()} and {@link #ioSpace()} are {@link MmioHandler}s of the whole 4 GiB memory space
 * and the 64 KiB I/O space, indexed by bus address; the host bridge maps windows of them into the CPU's
 * physical address space (with an offset: {@link #memoryWindow}). They are little-endian, as PCI is; a BAR's
 * handler with another byte order gets its values swapped so that each device sees its own order. Accesses
 * where no BAR decodes read as all ones (a master abort) and writes are dropped, logged under
 * {@code -d guest_errors}.
 *
 * <h2>Interrupts</h2>
 * The host bridge gives a swizzle {@code (devfn, pin 0..3) -> host line index} and the host's lines; a
 * line is high while any function routed to it asserts INTx (QEMU's {@code irq_count}).
 */
public final class PciBus {
    /** Maps a function's interrupt pin (0 = INTA#) to the index of a host interrupt line. */
    @FunctionalInterface
    public interface IrqMap {
        int map(int devfn, int pin);
    }

    private final String name;
    private final PciDevice[] devices = new PciDevice[256];
    private final IrqMap irqMap;
    private final IrqLine[] hostIrqs;
    private final int[] irqCount;
    private final List<Window> memWindows = new ArrayList<>();
    private final List<Window> ioWindows = new ArrayList<>();
    private final Space memory = new Space(false);
    private final Space io = new Space(true);

    private record Window(PciDevice dev, int bar, long base, long size, MmioHandler handler) {
    }

    /**
     * @param name     bus name for logs
     * @param irqMap   the host bridge's INTx swizzle
     * @param hostIrqs the host bridge's interrupt outputs, indexed by what {@code irqMap} returns
     */
    public PciBus(String name, IrqMap irqMap, IrqLine... hostIrqs) {
        this.name = name;
        this.irqMap = irqMap;
        this.hostIrqs = hostIrqs.clone();
        this.irqCount = new int[hostIrqs.length];
    }

    /**
     * Plugs {@code dev} in at {@code devfn} (0-255), or at function 0 of the first free slot when
     * {@code devfn} is -1.
     *
     * @return the devfn used
     * @throws IllegalArgumentException if the slot is taken, out of range, or the bus is full
     */
    public int attach(PciDevice dev, int devfn) {
        if (devfn == -1) {
            for (int d = 0; d < 256; d += 8) {
                if (devices[d] == null) {
                    devfn = d;
                    break;
                }
            }
            if (devfn == -1) {
                throw new IllegalArgumentException(name + ": no free PCI slot for " + dev.name());
            }
        }
        if (devfn < 0 || devfn > 255 || devices[devfn] != null || dev.bus != null) {
            throw new IllegalArgumentException(name + ": cannot attach " + dev.name() + " at devfn " + devfn);
        }
        devices[devfn] = dev;
        dev.bus = this;
        dev.devfn = devfn;
        remap(dev);
        return devfn;
    }

    /** The function at {@code devfn}, or null. */
    public PciDevice device(int devfn) {
        return devices[devfn & 0xff];
    }

    /**
     * A configuration read (type 0 for bus 0): {@code size} (1, 2, 4) bytes at register {@code reg} (0-255) of
     * function {@code devfn}. A missing function, or another bus number, reads as all ones.
     */
    public int configRead(int busNumber, int devfn, int reg, int size) {
        PciDevice d = busNumber == 0 ? devices[devfn & 0xff] : null;
        if (d == null || (reg & (size - 1)) != 0 || reg + size > PciDevice.CONFIG_SIZE) {
            return size == 4 ? -1 : (1 << (8 * size)) - 1;
        }
        return d.configRead(reg, size);
    }

    /** A configuration write; writes to missing functions are dropped. */
    public void configWrite(int busNumber, int devfn, int reg, int size, int value) {
        PciDevice d = busNumber == 0 ? devices[devfn & 0xff] : null;
        if (d == null || (reg & (size - 1)) != 0 || reg + size > PciDevice.CONFIG_SIZE) {
            return;
        }
        d.configWrite(reg, size, value);
    }

    /** Re-decodes {@code dev}'s BARs after a command or BAR write (or a reset or state load). */
    void remap(PciDevice dev) {
        memWindows.removeIf(w -> w.dev == dev);
        ioWindows.removeIf(w -> w.dev == dev);
        for (int n = 0; n < PciDevice.NUM_BARS; n++) {
            long a = dev.barAddress(n);
            if (a < 0) {
                continue;
            }
            boolean isIo = (dev.barType(n) & PciDevice.BAR_IO) != 0;
            List<Window> list = isIo ? ioWindows : memWindows;
            list.add(new Window(dev, n, a, dev.barSize(n), dev.barHandler(n)));
        }
    }

    /** Recomputes the host line {@code dev}'s pin is routed to. */
    void intxChanged(PciDevice dev) {
        int pin = dev.interruptPin();
        if (pin == 0 || hostIrqs.length == 0) {
            return;
        }
        int line = irqMap.map(dev.devfn, pin - 1);
        boolean was = dev.lastIntx;
        boolean now = dev.intxAsserted();
        if (was == now) {
            return;
        }
        dev.lastIntx = now;
        irqCount[line] += now ? 1 : -1;
        hostIrqs[line].set(irqCount[line] > 0);
    }

    /** The bus's 32-bit memory space (offset = bus address). */
    public MmioHandler memorySpace() {
        return memory;
    }

    /** The bus's 64 KiB I/O space (offset = I/O port); accesses above 0xFFFF wrap to the low 16 bits. */
    public MmioHandler ioSpace() {
        return io;
    }

    /**
     * A window of the memory space for the CPU's physical map: CPU offset {@code o} in the window reaches bus
     * address {@code busBase + o} (for a window at CPU address X with busBase = X the mapping is 1:1).
     */
    public MmioHandler memoryWindow(long busBase) {
        return new MmioHandler() {
            @Override
            public long read(long offset, int size) {
                return memory.read(busBase + offset, size);
            }

            @Override
            public void write(long offset, int size, long value) {
                memory.write(busBase + offset, size, value);
            }

            @Override
            public ByteOrder order() {
                return ByteOrder.LITTLE_ENDIAN;
            }
        };
    }

    /** Byte-swaps the low {@code size} (1, 2, 4, 8) bytes of {@code v}: a register of the other byte order. */
    public static long swap(long v, int size) {
        return switch (size) {
            case 2 -> Short.reverseBytes((short) v) & 0xffffL;
            case 4 -> Integer.reverseBytes((int) v) & 0xffff_ffffL;
            case 8 -> Long.reverseBytes(v);
            default -> v & 0xff;
        };
    }

    private final class Space implements MmioHandler {
        private final boolean isIo;

        Space(boolean isIo) {
            this.isIo = isIo;
        }

        private Window find(long addr, int size) {
            List<Window> list = isIo ? ioWindows : memWindows;
            for (int i = 0, n = list.size(); i < n; i++) {
                Window w = list.get(i);
                if (addr - w.base >= 0 && addr + size - w.base <= w.size) {
                    return w;
                }
            }
            return null;
        }

        @Override
        public long read(long offset, int size) {
            long addr = isIo ? offset & 0xffff : offset & 0xffff_ffffL;
            Window w = find(addr, size);
            if (w == null) {
                if (GuestLog.on(GuestLog.GUEST_ERRORS)) {
                    GuestLog.log(String.format("%s: %d-byte read of unassigned PCI %s address 0x%x", name, size,
                            isIo ? "I/O" : "memory", addr));
                }
                return size == 8 ? -1L : (1L << (8 * size)) - 1;
            }
            long v = w.handler.read(addr - w.base, size);
            return w.handler.order() == ByteOrder.LITTLE_ENDIAN ? v : swap(v, size);
        }

        @Override
        public void write(long offset, int size, long value) {
            long addr = isIo ? offset & 0xffff : offset & 0xffff_ffffL;
            Window w = find(addr, size);
            if (w == null) {
                if (GuestLog.on(GuestLog.GUEST_ERRORS)) {
                    GuestLog.log(String.format("%s: %d-byte write of 0x%x to unassigned PCI %s address 0x%x", name,
                            size, value, isIo ? "I/O" : "memory", addr));
                }
                return;
            }
            w.handler.write(addr - w.base, size,
                    w.handler.order() == ByteOrder.LITTLE_ENDIAN ? value : swap(value, size));
        }

        @Override
        public ByteOrder order() {
            return ByteOrder.LITTLE_ENDIAN;
        }
    }
}
