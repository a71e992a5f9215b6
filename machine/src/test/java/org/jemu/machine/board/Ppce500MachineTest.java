package org.jemu.machine.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.MachineException;
import org.jemu.machine.device.Device;
import org.jemu.ppc.cpu.PpcBookECpu;
import org.jemu.ppc.cpu.PpcBookEMmu;
import org.jemu.ppc.cpu.PpcCpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The board's boot state and device set. The register values are QEMU 7.2's for the same image, read with
 * {@code gdb-multiarch} at the first instruction of {@code qemu-system-ppc -M ppce500 -cpu e500mc -m 256
 * -bios /usr/lib/u-boot/qemu-ppce500/uboot.elf -S -gdb ...}: pc 0xf00000, msr 0, r1 0xfffff8, r3 0x2700000,
 * r6 0x45504150, r7 0x4000000, other GPRs 0; the device tree magic at 0x2700000.
 */
class Ppce500MachineTest {
    static final Path UBOOT = Path.of("/usr/lib/u-boot/qemu-ppce500/uboot.elf");

    static Path uboot() {
        if (!Files.isRegularFile(UBOOT)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(UBOOT + " is missing but CI=true: install the Debian package u-boot-qemu");
            }
            org.junit.jupiter.api.Assumptions.abort(UBOOT + " is missing; install u-boot-qemu");
        }
        return UBOOT;
    }

    private static Ppce500Machine machine(long ramMiB) {
        return new Ppce500Machine(MachineConfig.of("ppce500").withRam(ramMiB << 20).withBios(uboot()), null);
    }

    @Test
    void bootStateAsQemu() {
        try (Ppce500Machine m = machine(256)) {
            PpcBookECpu c = m.ppcCpu();
            assertEquals(0xf00000L, c.regs[PpcCpu.PC]);
            assertEquals(0L, c.regs[PpcCpu.MSR]);
            assertEquals(0xfffff8L, c.regs[PpcCpu.GPR0 + 1]);
            assertEquals(0x2700000L, c.regs[PpcCpu.GPR0 + 3]);
            assertEquals(0x45504150L, c.regs[PpcCpu.GPR0 + 6]);
            assertEquals(0x4000000L, c.regs[PpcCpu.GPR0 + 7]);
            for (int r : new int[] {0, 2, 4, 5, 8, 9, 10, 31}) {
                assertEquals(0L, c.regs[PpcCpu.GPR0 + r], "r" + r);
            }
            assertEquals(0x2700000L, m.dtbAddress());
            assertEquals(0xd00dfeedL, m.memory().read(0x2700000L, 4, true));
            assertEquals(0x100000L, m.memory().read(0x2700004L, 4, true), "1 MiB blob as QEMU's");
            // the ELF's first instruction word (li r1,0x200 per QEMU's md f00000)
            assertEquals(0x38200200L, m.memory().read(0xf00000L, 4, true));
            // TLB1 entry 0: valid, TS 0, TID 0, 64 MiB (TSIZE 8 = 4^8 KiB), EA 0 -> PA 0, UX SX UW SW UR SR
            long[] e = c.mmu().entry(PpcBookEMmu.TLB0_ENTRIES);
            assertEquals(PpcBookEMmu.MAS1_VALID | PpcBookEMmu.tsize(8), e[0]);
            assertEquals(0L, e[1] & PpcBookEMmu.MAS2_EPN_MASK);
            assertEquals(0x3fL, e[2]);
            assertEquals(0xf00000L, c.translate(0xf00000L, 2, PpcCpu.bookEFetchMmuIdx(c.tbFlags())) & ~0xfffL);
        }
    }

    @Test
    void resetReloadsImageAndDeviceTree() {
        try (Ppce500Machine m = machine(128)) {
            byte[] before = m.memory().readBytes(0xf00000L, 64);
            m.memory().write(0xf00000L, 4, true, 0);
            m.memory().write(m.dtbAddress(), 4, true, 0);
            m.ppcCpu().regs[PpcCpu.PC] = 0x1234;
            m.reset();
            assertArrayEquals(before, m.memory().readBytes(0xf00000L, 64));
            assertEquals(0xd00dfeedL, m.memory().read(m.dtbAddress(), 4, true));
            assertEquals(0xf00000L, m.ppcCpu().regs[PpcCpu.PC]);
        }
    }

    @Test
    void devicesSaveAndRestoreTheirState() throws Exception {
        try (Ppce500Machine m = machine(128)) {
            long ccsr = Ppce500Machine.CCSR_BASE;
            m.memory().write(ccsr + Ppce500Machine.GPIO_OFFSET, 4, true, 0x0F00_0000L);
            m.memory().write(ccsr + Ppce500Machine.PCI_OFFSET, 4, true, 0x8000_0004L);
            m.memory().write(ccsr + Ppce500Machine.MPIC_OFFSET + 0x10000 + 42 * 0x20, 4, true, 0x0005_002AL);
            for (Device d : m.devices()) {
                byte[] saved = d.vmState().toBytes();
                d.reset();
                d.vmState().fromBytes(saved);
                assertArrayEquals(saved, d.vmState().toBytes(), d.name());
            }
            assertEquals(0x0F00_0000L, m.memory().read(ccsr + Ppce500Machine.GPIO_OFFSET, 4, true));
            assertEquals(0x8000_0004L, m.memory().read(ccsr + Ppce500Machine.PCI_OFFSET, 4, true));
            assertEquals(0x0005_002AL, m.memory().read(ccsr + Ppce500Machine.MPIC_OFFSET + 0x10000 + 42 * 0x20, 4, true));
        }
    }

    @Test
    void unmodelledCcsrReadsZero() {
        try (Ppce500Machine m = machine(128)) {
            // the DDR controller at CCSR + 0x2000 is not modelled
            assertEquals(0L, m.memory().read(Ppce500Machine.CCSR_BASE + 0x2000, 4, true));
            m.memory().write(Ppce500Machine.CCSR_BASE + 0x2000, 4, true, 0x1234);
        }
    }

    @Test
    void rawImageIsLoadedAtTheTextBase(@TempDir Path tmp) throws Exception {
        Path raw = Files.write(tmp.resolve("raw.bin"), new byte[] {0x48, 0, 0, 0}); // b .
        try (Ppce500Machine m = new Ppce500Machine(MachineConfig.of("ppce500").withBios(raw), null)) {
            assertEquals(Ppce500Machine.RAW_LOAD_ADDR, m.ppcCpu().regs[PpcCpu.PC]);
            assertEquals(0x4800_0000L, m.memory().read(Ppce500Machine.RAW_LOAD_ADDR, 4, true));
        }
    }

    @Test
    void configurationErrors() {
        MachineException e = assertThrows(MachineException.class,
                () -> new Ppce500Machine(MachineConfig.of("ppce500").withRam(96L << 20).withBios(uboot()), null));
        assertTrue(e.getMessage().contains("64 MiB"), e.getMessage());
        e = assertThrows(MachineException.class, () -> new Ppce500Machine(MachineConfig.of("ppce500"), null));
        assertTrue(e.getMessage().contains("-bios"), e.getMessage());
        // 64 MiB: U-Boot's device tree would end at 0x280_0000, inside RAM, but QEMU wants 8 MiB of room for it
        try (Ppce500Machine m = machine(64)) {
            assertEquals(0x2700000L, m.dtbAddress());
        }
    }
}
