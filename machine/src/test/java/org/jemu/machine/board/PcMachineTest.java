package org.jemu.machine.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jemu.machine.Boards;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.MachineException;
import org.jemu.machine.chardev.MemoryCharBackend;
import org.jemu.x86.cpu.X86Cpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The minimal {@code -M pc}: BIOS mapping, reset state, port space, triple-fault reset. */
class PcMachineTest {
    @TempDir
    Path tmp;

    private Path bios(byte[] image) throws Exception {
        Path p = Files.createTempFile(tmp, "bios", ".bin");
        Files.write(p, image);
        return p;
    }

    /** An image whose byte i is (i * 7 + i / 65536) & 0xFF, so every 64 KiB block differs. */
    private static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 7 + i / 65536);
        }
        return b;
    }

    private static PcMachine pc(Path bios, boolean noReboot) {
        return (PcMachine) Boards.create(MachineConfig.of("pc").withBios(bios).withNoReboot(noReboot),
                new MemoryCharBackend(), new MemoryCharBackend());
    }

    @Test
    void biosAtTopOf4GiBAndItsLast128KiBBelow1MiB() throws Exception {
        for (int size : new int[] {64 << 10, 128 << 10, 192 << 10}) {
            byte[] img = pattern(size);
            try (PcMachine m = pc(bios(img), false)) {
                long top = 0x1_0000_0000L;
                assertEquals(img[0] & 0xFF, m.memory().read(top - size, 1, false), "first byte, size " + size);
                assertEquals(img[size - 16] & 0xFF, m.memory().read(top - 16, 1, false), "reset vector, size " + size);
                int alias = Math.min(size, 128 << 10);
                for (int off : new int[] {0, 0x1234, alias - 1}) {
                    assertEquals(img[size - alias + off] & 0xFF, m.memory().read(0x10_0000L - alias + off, 1, false),
                            "isa-bios alias at offset 0x" + Integer.toHexString(off) + ", size " + size);
                }
                // The alias is read-only, RAM around it is writable.
                long isa = 0x10_0000L - alias;
                m.memory().write(isa, 1, false, 0x5A ^ (img[size - alias] & 0xFF));
                assertEquals(img[size - alias] & 0xFF, m.memory().read(isa, 1, false));
                m.memory().write(isa - 1, 1, false, 0xA5);
                assertEquals(0xA5, m.memory().read(isa - 1, 1, false));
                m.memory().write(0x10_0000L, 4, false, 0x12345678);
                assertEquals(0x12345678, m.memory().read(0x10_0000L, 4, false));
            }
        }
    }

    @Test
    void cpuStartsAtTheResetVector() throws Exception {
        try (PcMachine m = pc(bios(pattern(64 << 10)), false)) {
            X86Cpu c = m.x86Cpu();
            assertEquals(0xF000, c.regs[X86Cpu.SEG_SEL + X86Cpu.CS]);
            assertEquals(0xFFFF_0000L, c.regs[X86Cpu.SEG_BASE + X86Cpu.CS]);
            assertEquals(0xFFF0, c.eip());
            assertEquals(0xFFFF_FFF0L, c.pc());
        }
    }

    @Test
    void biosSizeMustBeAMultipleOf64KiB() throws Exception {
        Path odd = bios(new byte[1000]);
        MachineException e = assertThrows(MachineException.class, () -> pc(odd, false));
        assertTrue(e.getMessage().contains("64 KiB") && e.getMessage().contains(odd.toString()), e.getMessage());
        Path empty = bios(new byte[0]);
        e = assertThrows(MachineException.class, () -> pc(empty, false));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(MachineException.class, () -> Boards.create(MachineConfig.of("pc"), null));
        assertTrue(e.getMessage().contains("-bios"), e.getMessage());
        e = assertThrows(MachineException.class, () -> Boards.create(MachineConfig.of("pc").withCpu("pentium9")
                .withBios(bios(pattern(64 << 10))), null));
        assertTrue(e.getMessage().contains("pentium9") && e.getMessage().contains("qemu32"), e.getMessage());
    }

    @Test
    void portSpaceDecodesTheIsaDevicesAndUnassignedPortsReadAllOnes() throws Exception {
        try (PcMachine m = pc(bios(pattern(64 << 10)), false)) {
            var io = m.ioPorts();
            assertEquals(0xFF, io.in(0x80, 1));
            assertEquals(0xFFFF, io.in(0x80, 2));
            assertEquals(-1, io.in(0x80, 4));
            assertEquals(0xE9, io.in(PcMachine.DEBUGCON_PORT, 1));
            io.out(PcMachine.COM1_BASE + 7, 1, 0x3C); // 16550 scratch register
            assertEquals(0x3C, io.in(PcMachine.COM1_BASE + 7, 1));
            // A word access to byte-wide registers is split: SCR (0x3FF) and the unassigned 0x400.
            assertEquals(0xFF3C, io.in(PcMachine.COM1_BASE + 7, 2));
            assertEquals("pic-master", io.owner(0x20));
            assertEquals("pit", io.owner(0x43));
            assertEquals("isa-debug-exit", io.owner(0x502));
        }
    }

    @Test
    void debugExitStopsWithItsStatus() throws Exception {
        try (PcMachine m = pc(bios(pattern(64 << 10)), false)) {
            m.ioPorts().out(0x501, 1, 0x10);
            assertEquals(Machine.Shutdown.POWER_OFF, m.shutdownReason());
            assertEquals(0x21, m.exitCode());
        }
    }

    @Test
    void debugExitIobaseThatOverflowsIsRefused() throws Exception {
        Path rom = bios(pattern(64 << 10));
        // 0x7fffffff + 2 wraps to a negative int: the range check must not accept it (and register no port).
        MachineException e = assertThrows(MachineException.class,
                () -> Boards.create(MachineConfig.of("pc").withBios(rom)
                        .withDevices(java.util.List.of("isa-debug-exit,iobase=0x7fffffff")),
                        new MemoryCharBackend(), new MemoryCharBackend()).close());
        assertTrue(e.getMessage().contains("iobase"), e.getMessage());
    }

    /** 64 KiB image whose reset vector loads an empty IDT and executes INT3: #GP, then shutdown. */
    private static byte[] tripleFaultRom() {
        byte[] b = new byte[64 << 10];
        byte[] code = {0x2E, 0x0F, 0x01, 0x1E, (byte) 0xF8, (byte) 0xFF, (byte) 0xCC}; // cs lidt [0xFFF8]; int3
        System.arraycopy(code, 0, b, 0xFFF0, code.length);
        // IDTR image at 0xFFF8: limit 0, base 0 (already zero)
        return b;
    }

    @Test
    void tripleFaultResetsTheMachine() throws Exception {
        try (PcMachine m = pc(bios(tripleFaultRom()), false)) {
            m.addPoller(() -> {
                if (m.tripleFaults() >= 3) {
                    m.requestShutdown(Machine.Shutdown.HOST_QUIT);
                }
            });
            assertEquals(Machine.Shutdown.HOST_QUIT, m.run());
            assertTrue(m.tripleFaults() >= 3, "each reset runs the ROM again: " + m.tripleFaults());
        }
    }

    @Test
    void tripleFaultWithNoRebootStopsWithAMessage() throws Exception {
        try (PcMachine m = pc(bios(tripleFaultRom()), true)) {
            assertEquals(Machine.Shutdown.ERROR, m.run());
            assertEquals(1, m.tripleFaults());
            assertTrue(m.errorMessage().contains("triple-faulted") && m.errorMessage().contains("-no-reboot"),
                    m.errorMessage());
        }
    }
}
