package org.jemu.machine.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import org.jemu.translator.memory.MmioHandler;
import org.junit.jupiter.api.Test;

/** Configuration mechanism #1, BAR sizing and decoding, INTx routing (PCI Local Bus Specification 3.0, 6.2.5). */
class PciBusTest {
    static final class Regs implements MmioHandler {
        long lastOffset = -1;
        long lastValue;
        final ByteOrder order;

        Regs(ByteOrder order) {
            this.order = order;
        }

        @Override
        public long read(long offset, int size) {
            lastOffset = offset;
            return size == 4 ? 0x11223344L : 0x55;
        }

        @Override
        public void write(long offset, int size, long value) {
            lastOffset = offset;
            lastValue = value;
        }

        @Override
        public ByteOrder order() {
            return order;
        }
    }

    static final class Dev extends PciDevice {
        final Regs mem = new Regs(ByteOrder.BIG_ENDIAN);
        final Regs io = new Regs(ByteOrder.LITTLE_ENDIAN);

        Dev() {
            super("dev", 0x106b, 0x0010, 0xff0000, 3, 1);
            registerBar(0, 0x80000, 0, mem);
            registerBar(1, 0x100, BAR_IO, io);
        }

        @Override
        protected void resetDevice() {
        }
    }

    private final boolean[] lines = new boolean[4];
    private final PciBus bus = new PciBus("pci", (devfn, pin) -> (pin + (devfn >> 3)) & 3,
            l -> lines[0] = l, l -> lines[1] = l, l -> lines[2] = l, l -> lines[3] = l);
    private final PciConfigMechanism cfg = new PciConfigMechanism("cfg", bus);

    private int cfgRead(int devfn, int reg, int size) {
        cfg.addressRegister().write(0, 4, 0x8000_0000L | devfn << 8 | (reg & 0xfc));
        return (int) cfg.dataRegister().read(reg & 3, size);
    }

    private void cfgWrite(int devfn, int reg, int size, int v) {
        cfg.addressRegister().write(0, 4, 0x8000_0000L | devfn << 8 | (reg & 0xfc));
        cfg.dataRegister().write(reg & 3, size, v & 0xffff_ffffL);
    }

    @Test
    void idsAndMissingFunctions() {
        Dev d = new Dev();
        assertEquals(0x80, bus.attach(d, 0x80));
        assertEquals(0x0010106b, cfgRead(0x80, 0, 4));
        assertEquals(0x106b, cfgRead(0x80, 0, 2));
        assertEquals(0x00, cfgRead(0x80, 3, 1));
        assertEquals(0xff000003, cfgRead(0x80, 8, 4));
        assertEquals(0x1100_1af4, cfgRead(0x80, 0x2c, 4));
        assertEquals(1, cfgRead(0x80, 0x3d, 1));
        assertEquals(-1, cfgRead(0x08, 0, 4));
        assertEquals(0xffff, cfgRead(0x08, 0, 2));
        // enable bit clear: all ones
        cfg.addressRegister().write(0, 4, 0x80 << 8);
        assertEquals(0xffffffffL, cfg.dataRegister().read(0, 4));
        // read-only registers do not change
        cfgWrite(0x80, 0, 4, 0);
        assertEquals(0x0010106b, cfgRead(0x80, 0, 4));
    }

    @Test
    void barSizingAndDecode() {
        Dev d = new Dev();
        bus.attach(d, 0x80);
        cfgWrite(0x80, 0x10, 4, -1);
        assertEquals(0xfff80000, cfgRead(0x80, 0x10, 4));
        cfgWrite(0x80, 0x14, 4, -1);
        assertEquals(0xffffff01, cfgRead(0x80, 0x14, 4));
        assertEquals(0, cfgRead(0x80, 0x18, 4)); // unimplemented BAR
        cfgWrite(0x80, 0x10, 4, 0x80000000);
        cfgWrite(0x80, 0x14, 4, 0x1000);
        // not decoding until the command register enables the spaces
        assertEquals(-1, d.barAddress(0));
        assertEquals(0xffffffffL, bus.memorySpace().read(0x80000010L, 4));
        cfgWrite(0x80, 4, 2, PciDevice.COMMAND_MEMORY | PciDevice.COMMAND_IO);
        assertEquals(0x80000000L, d.barAddress(0));
        assertEquals(0x1000L, d.barAddress(1));
        // big-endian BAR handler behind the little-endian bus: values are swapped once
        assertEquals(0x44332211L, bus.memorySpace().read(0x80000010L, 4));
        assertEquals(0x10, d.mem.lastOffset);
        bus.memoryWindow(0x80000000L).write(0x20, 4, 0x01020304L);
        assertEquals(0x04030201L, d.mem.lastValue);
        assertEquals(0x11223344L, bus.ioSpace().read(0x1004, 4));
        assertEquals(4, d.io.lastOffset);
        // moving the BAR moves the decode
        cfgWrite(0x80, 0x10, 4, 0x90000000);
        assertEquals(0xffffffffL, bus.memorySpace().read(0x80000010L, 4));
        assertEquals(0x44332211L, bus.memorySpace().read(0x90000010L, 4));
        d.reset();
        assertEquals(0, cfgRead(0x80, 4, 2));
        assertEquals(0, cfgRead(0x80, 0x10, 4));
    }

    @Test
    void intxRouting() {
        Dev d = new Dev();
        bus.attach(d, 0x80); // slot 16, INTA -> (0 + 16) & 3 = line 0
        d.setIrq(true);
        assertTrue(lines[0]);
        assertEquals(PciDevice.STATUS_INTERRUPT, cfgRead(0x80, 6, 2) & PciDevice.STATUS_INTERRUPT);
        cfgWrite(0x80, 4, 2, PciDevice.COMMAND_INTX_DISABLE);
        assertFalse(lines[0]);
        cfgWrite(0x80, 4, 2, 0);
        assertTrue(lines[0]);
        d.setIrq(false);
        assertFalse(lines[0]);
        assertEquals(0, cfgRead(0x80, 6, 2) & PciDevice.STATUS_INTERRUPT);
    }
}
