package org.jemu.machine.misc;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.jemu.machine.pci.PciDevice;
import org.jemu.translator.exec.GuestLog;
import org.jemu.translator.memory.MmioHandler;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * The Old World MacIO ASIC (Heathrow, PCI 106B:0010) as QEMU's {@code macio-oldworld}
 * ({@code hw/misc/macio/macio.c}): a PCI function whose BAR 0 (512 KiB, 32-bit memory) holds the Mac I/O
 * devices.
 *
 * <h2>BAR 0 layout</h2>
 * <pre>
 * 0x00000  0x1000   Heathrow PIC
 * 0x08000  0x1000   DBDMA channels (not modelled: reads 0)
 * 0x12000  0x100    ESCC legacy register layout
 * 0x13000  0x40     ESCC (channel B at 0x00, channel A at 0x20)
 * 0x16000  0x2000   CUDA (VIA 6522)
 * 0x20000, 0x21000  IDE channels 0 and 1 (not modelled: reads 0, which firmware sees as "no drive")
 * 0x60000  0x20000  NVRAM (8 KiB, one byte per 16)
 * </pre>
 * Accesses to parts of the BAR with no device read 0 and are dropped (QEMU's unassigned accesses inside the
 * container), logged under {@code -d guest_errors} (unmodelled devices under {@code -d unimp}).
 * Configuration header: class 0xFF0000 (other), revision 0, no interrupt pin; the sub-devices' interrupts go
 * straight to the Heathrow PIC (CUDA 0x12, ESCC B 0x10, ESCC A 0x0F), wired by the board.
 */
public final class MacIoOldWorld extends PciDevice {
    /** Apple's PCI vendor ID. */
    public static final int VENDOR_APPLE = 0x106b;
    /** Device ID of the Old World MacIO (PCI_DEVICE_ID_APPLE_343S1201). */
    public static final int DEVICE_343S1201 = 0x0010;
    /** BAR 0 size. */
    public static final long BAR_SIZE = 0x80000;
    public static final long PIC_OFFSET = 0x00000;
    public static final long DBDMA_OFFSET = 0x08000;
    public static final long ESCC_LEGACY_OFFSET = 0x12000;
    public static final long ESCC_OFFSET = 0x13000;
    public static final long CUDA_OFFSET = 0x16000;
    public static final long IDE0_OFFSET = 0x20000;
    public static final long IDE1_OFFSET = 0x21000;
    public static final long NVRAM_OFFSET = 0x60000;

    private record Sub(String name, long base, long size, MmioHandler handler, boolean modelled) {
    }

    private final List<Sub> subs = new ArrayList<>();

    public MacIoOldWorld(String name) {
        super(name, VENDOR_APPLE, DEVICE_343S1201, 0xff0000, 0, 0);
        registerBar(0, BAR_SIZE, 0, new Bar());
    }

    /** Places {@code handler} at {@code offset} of BAR 0 (done by the board before the guest runs). */
    public void map(String what, long offset, long size, MmioHandler handler) {
        for (Sub s : subs) {
            if (offset < s.base + s.size && s.base < offset + size) {
                throw new IllegalArgumentException(what + " overlaps " + s.name + " in the MacIO BAR");
            }
        }
        subs.add(new Sub(what, offset, size, handler, true));
    }

    /** Marks a MacIO block jemu does not model (accesses logged under {@code -d unimp}). */
    public void unimplemented(String what, long offset, long size) {
        subs.add(new Sub(what, offset, size, null, false));
    }

    @Override
    protected void resetDevice() {
        // The sub-devices are reset by the board.
    }

    private final class Bar implements MmioHandler {
        private Sub find(long offset) {
            for (int i = 0, n = subs.size(); i < n; i++) {
                Sub s = subs.get(i);
                if (offset - s.base >= 0 && offset - s.base < s.size) {
                    return s;
                }
            }
            return null;
        }

        private void miss(Sub s, String what, long offset) {
            if (s == null) {
                if (GuestLog.on(GuestLog.GUEST_ERRORS)) {
                    GuestLog.log(String.format("%s: %s of unassigned BAR offset 0x%x", name(), what, offset));
                }
            } else if (GuestLog.on(GuestLog.UNIMP)) {
                GuestLog.log(String.format("%s: %s of %s (not modelled) at 0x%x", name(), what, s.name, offset - s.base));
            }
        }

        @Override
        public long read(long offset, int size) {
            Sub s = find(offset);
            if (s == null || !s.modelled) {
                miss(s, "read", offset);
                return 0;
            }
            long v = s.handler.read(offset - s.base, size);
            return PhysicalAddressSpace.deviceValue(s.handler, v, size, true);
        }

        @Override
        public void write(long offset, int size, long value) {
            Sub s = find(offset);
            if (s == null || !s.modelled) {
                miss(s, "write", offset);
                return;
            }
            s.handler.write(offset - s.base, size, PhysicalAddressSpace.deviceValue(s.handler, value, size, true));
        }

        @Override
        public ByteOrder order() {
            return ByteOrder.BIG_ENDIAN;
        }
    }
}
