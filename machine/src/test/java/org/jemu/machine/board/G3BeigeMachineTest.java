package org.jemu.machine.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.MachineException;
import org.jemu.machine.chardev.MemoryCharBackend;
import org.jemu.machine.device.Device;
import org.jemu.ppc.cpu.PpcCpu;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The g3beige board without firmware of its own: a raw 4 MiB ROM image (loaded at 0xFFC0_0000 as QEMU does),
 * the 750's reset state, the PCI configuration space and MacIO devices as a big-endian guest reaches them
 * (byte-reversed accesses for the little-endian PCI registers, as OpenBIOS's out_le32/in_le32 do), fw_cfg,
 * and the devices' state.
 */
class G3BeigeMachineTest {
    @TempDir
    Path tmp;

    private G3BeigeMachine board(MemoryCharBackend serial) throws Exception {
        byte[] rom = new byte[4 << 20];
        int off = 0x30_0100; // 0xFFF0_0100 - 0xFFC0_0000: "b ." at the reset vector
        rom[off] = 0x48;
        Path p = tmp.resolve("rom.bin");
        Files.write(p, rom);
        return new G3BeigeMachine(MachineConfig.of("g3beige").withBios(p).withRam(64L << 20), serial);
    }

    private static int cfgRead(PhysicalAddressSpace m, int devfn, int reg) {
        m.write(0xfec0_0000L, 4, false, 0x8000_0000L | devfn << 8 | reg);
        return (int) m.read(0xfee0_0000L, 4, false);
    }

    private static void cfgWrite(PhysicalAddressSpace m, int devfn, int reg, long v) {
        m.write(0xfec0_0000L, 4, false, 0x8000_0000L | devfn << 8 | reg);
        m.write(0xfee0_0000L, 4, false, v);
    }

    @Test
    void resetStateAndRom() throws Exception {
        try (G3BeigeMachine m = board(null)) {
            PpcCpu c = m.cpu();
            assertEquals(0xfff0_0100L, c.regs[PpcCpu.PC]);
            assertEquals(PpcCpu.MSR_IP, c.regs[PpcCpu.MSR]);
            assertEquals(0x0008_0301L, c.pvr);
            assertEquals(0x4800_0000L, m.memory().read(0xfff0_0100L, 4, true));
            m.memory().write(0xfff0_0100L, 4, true, 0);
            assertEquals(0x4800_0000L, m.memory().read(0xfff0_0100L, 4, true), "the boot ROM is read-only");
        }
    }

    @Test
    void pciAndMacIoAsTheFirmwareSeesThem() throws Exception {
        MemoryCharBackend serial = new MemoryCharBackend();
        try (G3BeigeMachine m = board(serial)) {
            PhysicalAddressSpace mem = m.memory();
            assertEquals(0x0002_1057, cfgRead(mem, 0, 0), "Grackle MPC106");
            assertEquals(0x0010_106b, cfgRead(mem, 0x80, 0), "MacIO at 10.0");
            assertEquals(0xff00_0000, cfgRead(mem, 0x80, 8), "class 0xff0000, revision 0");
            assertEquals(-1, cfgRead(mem, 0x08, 0), "nothing at 01.0");
            cfgWrite(mem, 0x80, 0x10, 0xffff_ffffL);
            assertEquals(0xfff8_0000, cfgRead(mem, 0x80, 0x10), "512 KiB BAR");
            cfgWrite(mem, 0x80, 0x10, 0x8000_0000L);
            cfgWrite(mem, 0x80, 0x04, 0x2);
            // ESCC channel A RR0, then a byte out of channel A once Tx is enabled (WR5 = 0x08)
            assertEquals(0x04, mem.read(0x8001_3020L, 1, true), "RR0 after device reset (QEMU)");
            mem.write(0x8001_3020L, 1, true, 5);
            mem.write(0x8001_3020L, 1, true, 0x08);
            mem.write(0x8001_3030L, 1, true, 'A');
            assertEquals("A", serial.outputString());
            // Heathrow mask register (little-endian), written and read byte-reversed as stwbrx/lwbrx do
            mem.write(0x8000_0024L, 4, false, 0x0004_0000L);
            assertEquals(0x0004_0000L, mem.read(0x8000_0024L, 4, false));
            // CUDA IER reads with bit 7 set; NVRAM byte 0 is the system partition's signature
            assertEquals(0x80, mem.read(0x8001_6000L + 14 * 0x200, 1, true));
            assertEquals(0x70, mem.read(0x8006_0000L, 1, true));
            // fw_cfg: 16-bit big-endian selector, byte data
            mem.write(0xf000_0510L, 2, true, 0);
            StringBuilder sig = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                sig.append((char) mem.read(0xf000_0512L, 1, true));
            }
            assertEquals("QEMU", sig.toString());
            mem.write(0xf000_0510L, 2, true, 0x06);
            assertEquals(2, mem.read(0xf000_0512L, 1, true), "machine id: Heathrow");
            // reset clears the BAR again
            m.reset();
            assertEquals(0, cfgRead(mem, 0x80, 0x10));
        }
    }

    @Test
    void everyDeviceStateRoundTrips() throws Exception {
        try (G3BeigeMachine m = board(null)) {
            for (Device d : m.devices()) {
                byte[] st = d.vmState().toBytes();
                d.vmState().fromBytes(st);
                assertTrue(java.util.Arrays.equals(st, d.vmState().toBytes()), d.name());
            }
        }
    }

    @Test
    void configurationErrors() {
        Path missing = tmp.resolve("none.bin");
        MachineException e = assertThrows(MachineException.class,
                () -> new G3BeigeMachine(MachineConfig.of("g3beige").withBios(missing), null));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
        // A device node is refused before it is read (read to its end it would exhaust the heap).
        e = assertThrows(MachineException.class,
                () -> new G3BeigeMachine(MachineConfig.of("g3beige").withBios(Path.of("/dev/zero")), null));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        String old = System.getProperty("jemu.datadir");
        System.setProperty("jemu.datadir", tmp.toString());
        try {
            e = assertThrows(MachineException.class, () -> new G3BeigeMachine(MachineConfig.of("g3beige"), null));
            assertTrue(e.getMessage().contains("openbios-ppc") && e.getMessage().contains("qemu-system-data"),
                    e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty("jemu.datadir");
            } else {
                System.setProperty("jemu.datadir", old);
            }
        }
    }
}
