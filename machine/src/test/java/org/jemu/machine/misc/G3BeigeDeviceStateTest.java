package org.jemu.machine.misc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.machine.chardev.Escc;
import org.jemu.machine.chardev.MemoryCharBackend;
import org.jemu.machine.device.VmStateException;
import org.jemu.machine.intc.HeathrowPic;
import org.jemu.machine.nvram.MacNvram;
import org.jemu.machine.pci.PciDevice;
import org.jemu.translator.clock.VirtualClock;
import org.junit.jupiter.api.Test;

/** The g3beige devices' declared state survives a save and a load into a fresh device; corrupt state is refused. */
class G3BeigeDeviceStateTest {
    @Test
    void esccRoundTrip() throws Exception {
        MemoryCharBackend host = new MemoryCharBackend();
        boolean[] irq = new boolean[1];
        Escc a = new Escc("escc", host, l -> irq[0] = l, l -> { });
        a.write(0x20, 1, 3);
        a.write(0x20, 1, 0xc1); // Rx enable
        a.write(0x20, 1, 1);
        a.write(0x20, 1, 0x10); // Rx interrupts
        host.inject("q");
        host.poll();
        assertTrue(irq[0]);
        byte[] st = a.vmState().toBytes();
        boolean[] irq2 = new boolean[1];
        Escc b = new Escc("escc", null, l -> irq2[0] = l, l -> { });
        b.vmState().fromBytes(st);
        assertTrue(irq2[0], "the interrupt line follows the loaded state");
        assertEquals(1, b.read(0x20, 1) & 1);
        assertEquals('q', b.read(0x30, 1));
        assertArrayEquals(st, a.vmState().toBytes());
        byte[] truncated = java.util.Arrays.copyOf(st, st.length - 3);
        Escc c = new Escc("escc", null, l -> { }, l -> { });
        byte[] before = c.vmState().toBytes();
        assertThrows(VmStateException.class, () -> c.vmState().fromBytes(truncated));
        assertArrayEquals(before, c.vmState().toBytes(), "a refused load leaves the device as it was");
    }

    @Test
    void cudaRoundTrip() throws Exception {
        VirtualClock clock = new VirtualClock(2, false);
        Cuda a = new Cuda("cuda", clock, l -> { }, 1_700_000_000L, () -> { }, () -> { });
        a.write(11L * 0x200, 1, Cuda.T1MODE_CONT);
        a.write(4L * 0x200, 1, 0x34);
        a.write(5L * 0x200, 1, 0x12);
        a.write(14L * 0x200, 1, 0x80 | Cuda.T1_INT);
        clock.retire(1000);
        byte[] st = a.vmState().toBytes();
        Cuda b = new Cuda("cuda", clock, l -> { }, 0, () -> { }, () -> { });
        b.vmState().fromBytes(st);
        assertEquals(a.rtcNow(), b.rtcNow());
        for (int reg = 0; reg < 16; reg++) {
            if (reg != 4 && reg != 8 && reg != 10) { // reads with side effects
                assertEquals(a.read(reg * 0x200L, 1), b.read(reg * 0x200L, 1), "register " + reg);
            }
        }
        assertArrayEquals(st, b.vmState().toBytes());
    }

    @Test
    void picNvramAndPciHeaderRoundTrip() throws Exception {
        boolean[] out = new boolean[1];
        HeathrowPic a = new HeathrowPic("pic", l -> out[0] = l);
        a.write(0x24, 4, 1 << 18);
        a.input(0x12).set(true);
        boolean[] out2 = new boolean[1];
        HeathrowPic b = new HeathrowPic("pic", l -> out2[0] = l);
        b.vmState().fromBytes(a.vmState().toBytes());
        assertTrue(out2[0]);
        assertEquals(1 << 18, b.read(0x20, 4));

        MacNvram n = new MacNvram("nvram", MacNvram.DEFAULT_SIZE);
        n.write(0x100L << 4, 1, 0x5a);
        MacNvram m = new MacNvram("nvram", MacNvram.DEFAULT_SIZE);
        m.vmState().fromBytes(n.vmState().toBytes());
        assertEquals(0x5a, m.read(0x100L << 4, 1));
        assertArrayEquals(n.contents(), m.contents());

        MacIoOldWorld io = new MacIoOldWorld("macio");
        io.configWrite(PciDevice.BAR0, 4, 0x80000000);
        io.configWrite(PciDevice.COMMAND, 2, PciDevice.COMMAND_MEMORY);
        MacIoOldWorld io2 = new MacIoOldWorld("macio");
        io2.vmState().fromBytes(io.vmState().toBytes());
        assertEquals(0x80000000L, io2.barAddress(0));
    }
}
