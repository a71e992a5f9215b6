package org.jemu.machine.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jemu.machine.MachineConfig;
import org.junit.jupiter.api.Test;

/**
 * Runs the same register accesses on jemu's ppce500 devices (through the machine's physical address space and
 * its CCSR) and on QEMU 7.2's ({@code qemu-system-ppc -M ppce500 -qtest}), and requires every read to return
 * the same value. The sequences exercise the MPIC (reset values, IPIs, priorities and CTPR, IACK/EOI and the
 * spurious vector, MSI banks, global timer registers, GCR reset; Debian's qemu-system-ppc has no qtest accelerator,
 * so virtual time cannot be stepped: the timer's countdown is checked in {@code OpenPicTest}), the PCI controller's
 * configuration mechanism (host bridge header, absent devices, the disabled-access all-ones), the GPIO
 * block, and the I2C controller with the DS1338's NVRAM. QEMU is the oracle; nothing here comes from jemu's own output.
 */
class Ppce500DevicesVsQemuTest {
    static final long CCSR = Ppce500Machine.CCSR_BASE;
    static final long MPIC = CCSR + Ppce500Machine.MPIC_OFFSET;
    static final long CPU0 = MPIC + 0x20000;
    static final long PCI = CCSR + Ppce500Machine.PCI_OFFSET;
    static final long GPIO = CCSR + Ppce500Machine.GPIO_OFFSET;
    static final long I2C = CCSR + Ppce500Machine.I2C_OFFSET;

    /** One step: a write or a read (compared). */
    record Op(char kind, long addr, int size, long value) {
        static Op w(long a, long v) {
            return new Op('w', a, 4, v);
        }

        static Op w(long a, int size, long v) {
            return new Op('w', a, size, v);
        }

        static Op r(long a) {
            return new Op('r', a, 4, 0);
        }

        static Op r(long a, int size) {
            return new Op('r', a, size, 0);
        }
    }

    static List<Op> mpicOps() {
        List<Op> ops = new ArrayList<>();
        // reset values: BRR1, FRR, GCR, VIR, SPVR, CTPR, WHOAMI, a few sources
        for (long a : new long[] {0x0, 0x1000, 0x1020, 0x1080, 0x10E0, 0x10A0, 0x10B0, 0x1100, 0x1110, 0x1120,
                0x1130, 0x10F0}) {
            ops.add(Op.r(MPIC + a));
        }
        ops.add(Op.r(CPU0 + 0x80));
        ops.add(Op.r(CPU0 + 0x90));
        for (int src : new int[] {0, 1, 11, 16, 42, 47, 224, 255}) {
            ops.add(Op.r(MPIC + 0x10000 + src * 0x20));
            ops.add(Op.r(MPIC + 0x10000 + src * 0x20 + 0x10));
            ops.add(Op.r(MPIC + 0x10000 + src * 0x20 + 0x18));
        }
        // IPI 0: priority 5, vector 0x42; CTPR 0; send to CPU 0
        ops.add(Op.w(CPU0 + 0x80, 0));
        ops.add(Op.w(MPIC + 0x10A0, 0x0005_0042));
        ops.add(Op.r(MPIC + 0x10A0));
        ops.add(Op.w(CPU0 + 0x40, 1));
        ops.add(Op.r(MPIC + 0x10A0)); // activity bit
        ops.add(Op.r(CPU0 + 0xA0)); // IACK -> 0x42
        ops.add(Op.r(CPU0 + 0xA0)); // nothing left -> spurious
        ops.add(Op.w(CPU0 + 0xB0, 0)); // EOI
        // priorities through MSI banks 0 (prio 3, vector 0x10) and 1 (prio 7, vector 0x11)
        ops.add(Op.w(MPIC + 0x10000 + 224 * 0x20, 0x0003_0010));
        ops.add(Op.w(MPIC + 0x10000 + 225 * 0x20, 0x0007_0011));
        ops.add(Op.w(MPIC + 0x1600 + 0x140, (0L << 29) | (1L << 24)));
        ops.add(Op.w(MPIC + 0x1600 + 0x140, (1L << 29) | (2L << 24)));
        ops.add(Op.r(MPIC + 0x1600 + 0x120)); // MSISR
        ops.add(Op.r(MPIC + 0x10000 + 224 * 0x20));
        ops.add(Op.r(CPU0 + 0xA0)); // highest first: 0x11
        ops.add(Op.r(CPU0 + 0xA0)); // then 0x10
        ops.add(Op.w(CPU0 + 0xB0, 0));
        ops.add(Op.r(MPIC + 0x1600 + 0x00)); // MSIR0, clear on read (drops source 224)
        ops.add(Op.r(MPIC + 0x1600 + 0x10)); // MSIR1
        ops.add(Op.r(MPIC + 0x1600 + 0x00));
        ops.add(Op.w(CPU0 + 0xB0, 0));
        ops.add(Op.r(CPU0 + 0xA0)); // spurious
        // CTPR above the IPI's priority hides it; lowering CTPR shows it
        ops.add(Op.w(CPU0 + 0x80, 9));
        ops.add(Op.r(CPU0 + 0x80));
        ops.add(Op.w(CPU0 + 0x40, 1));
        ops.add(Op.r(CPU0 + 0xA0));
        ops.add(Op.w(CPU0 + 0x80, 0));
        ops.add(Op.w(CPU0 + 0x40, 1));
        ops.add(Op.r(CPU0 + 0xA0));
        ops.add(Op.w(CPU0 + 0xB0, 0));
        // masked source: IVPR[MSK] set keeps it from IACK
        ops.add(Op.w(MPIC + 0x10A0, 0x8005_0042));
        ops.add(Op.w(CPU0 + 0x40, 1));
        ops.add(Op.r(CPU0 + 0xA0));
        ops.add(Op.w(MPIC + 0x10A0, 0x0005_0042));
        ops.add(Op.r(MPIC + 0x10A0));
        ops.add(Op.r(CPU0 + 0xA0));
        ops.add(Op.w(CPU0 + 0xB0, 0));
        // global timer 0: 1000 ticks of 40 ns, priority 4, vector 0x77, to CPU 0
        ops.add(Op.w(MPIC + 0x1120, 0x0004_0077));
        ops.add(Op.w(MPIC + 0x1130, 1));
        ops.add(Op.w(MPIC + 0x1110, 1000));
        ops.add(Op.r(MPIC + 0x1110));
        ops.add(Op.r(MPIC + 0x1100));
        ops.add(Op.r(MPIC + 0x1100)); // QEMU's virtual clock is stopped (-S): the count stays at TBCR
        ops.add(Op.w(MPIC + 0x1110, 0x8000_0000L | 1000)); // inhibit
        ops.add(Op.r(MPIC + 0x1100));
        ops.add(Op.r(MPIC + 0x1110));
        ops.add(Op.r(CPU0 + 0xA0));
        // ILR: route source 42 to critical, read back; unknown target
        ops.add(Op.w(MPIC + 0x10000 + 42 * 0x20 + 0x18, 1));
        ops.add(Op.r(MPIC + 0x10000 + 42 * 0x20 + 0x18));
        ops.add(Op.w(MPIC + 0x10000 + 42 * 0x20 + 0x18, 0));
        // IDR masks to the CPUs present; IVPR keeps only its defined bits; sense fixed for internal sources
        ops.add(Op.w(MPIC + 0x10000 + 3 * 0x20 + 0x10, 0xFFFF_FFFFL));
        ops.add(Op.r(MPIC + 0x10000 + 3 * 0x20 + 0x10));
        ops.add(Op.w(MPIC + 0x10000 + 3 * 0x20, 0xFFFF_FFFFL));
        ops.add(Op.r(MPIC + 0x10000 + 3 * 0x20));
        ops.add(Op.w(MPIC + 0x10000 + 42 * 0x20, 0xFFFF_FFFFL));
        ops.add(Op.r(MPIC + 0x10000 + 42 * 0x20));
        ops.add(Op.w(MPIC + 0x10E0, 0x1234_5678));
        ops.add(Op.r(MPIC + 0x10E0));
        // GCR: mode bits, then reset (self-clearing)
        ops.add(Op.w(MPIC + 0x1020, 0x6000_0000L));
        ops.add(Op.r(MPIC + 0x1020));
        ops.add(Op.w(MPIC + 0x1020, 0x2000_0000L));
        ops.add(Op.r(MPIC + 0x1020));
        ops.add(Op.w(MPIC + 0x1020, 0x8000_0000L));
        ops.add(Op.r(MPIC + 0x1020));
        ops.add(Op.r(MPIC + 0x10000 + 3 * 0x20));
        ops.add(Op.r(MPIC + 0x10E0));
        ops.add(Op.r(CPU0 + 0x80));
        return ops;
    }

    static List<Op> pciGpioOps() {
        List<Op> ops = new ArrayList<>();
        // config address register, then the host bridge's header dword by dword (CFG_DATA is little-endian)
        ops.add(Op.r(PCI));
        ops.add(Op.r(PCI + 4)); // enable bit clear: all ones
        for (int reg = 0; reg < 0x40; reg += 4) {
            ops.add(Op.w(PCI, 0x8000_0000L | reg));
            ops.add(Op.r(PCI));
            ops.add(Op.r(PCI + 4));
            ops.add(Op.r(PCI + 4, 2));
            ops.add(Op.r(PCI + 6, 2));
            ops.add(Op.r(PCI + 5, 1));
        }
        // BAR0 sizing, command register
        ops.add(Op.w(PCI, 0x8000_0010L));
        ops.add(Op.w(PCI + 4, 0xFFFF_FFFFL));
        ops.add(Op.r(PCI + 4));
        ops.add(Op.w(PCI + 4, 0x0000_00E0L)); // little-endian 0xE0000000
        ops.add(Op.r(PCI + 4));
        ops.add(Op.w(PCI, 0x8000_0004L));
        ops.add(Op.w(PCI + 4, 0xFFFF_FFFFL));
        ops.add(Op.r(PCI + 4));
        ops.add(Op.w(PCI, 0x8000_000CL)); // cache line size, latency timer, header type, BIST
        ops.add(Op.w(PCI + 4, 0xFFFF_FFFFL));
        ops.add(Op.r(PCI + 4));
        ops.add(Op.w(PCI + 5, 1, 0x80)); // latency timer alone (U-Boot writes 0x80)
        ops.add(Op.r(PCI + 4));
        ops.add(Op.w(PCI, 0x8000_003CL)); // interrupt line/pin, min grant, max latency
        ops.add(Op.w(PCI + 4, 0xFFFF_FFFFL));
        ops.add(Op.r(PCI + 4));
        ops.add(Op.w(PCI, 0x8000_0000L));
        ops.add(Op.w(PCI + 4, 0xFFFF_FFFFL)); // vendor/device are read-only
        ops.add(Op.r(PCI + 4));
        // absent devices: slot 1, function 1, bus 1
        for (long a : new long[] {0x8000_0800L, 0x8000_0100L, 0x8001_0000L, 0x8000_F800L}) {
            ops.add(Op.w(PCI, a));
            ops.add(Op.r(PCI + 4));
            ops.add(Op.r(PCI + 4, 1));
        }
        // ATMU outbound window 1, inbound window 1, gasket timer
        ops.add(Op.w(PCI + 0xC20, 0x000C_0000L));
        ops.add(Op.w(PCI + 0xC28, 0x000C_0000L));
        ops.add(Op.w(PCI + 0xC30, 0x8004_401CL));
        ops.add(Op.r(PCI + 0xC20));
        ops.add(Op.r(PCI + 0xC28));
        ops.add(Op.r(PCI + 0xC30));
        ops.add(Op.w(PCI + 0xDE8, 0x0));
        ops.add(Op.w(PCI + 0xDF0, 0xA0F5_501EL));
        ops.add(Op.r(PCI + 0xDF0));
        ops.add(Op.r(PCI + 0xE20));
        // GPIO: direction, data on inputs, mask, event w1c
        ops.add(Op.w(GPIO + 0x00, 0x0F00_0000L));
        ops.add(Op.r(GPIO + 0x00));
        ops.add(Op.w(GPIO + 0x08, 0x0A00_0000L));
        ops.add(Op.r(GPIO + 0x08));
        ops.add(Op.w(GPIO + 0x10, 0xFFFF_FFFFL));
        ops.add(Op.r(GPIO + 0x10));
        ops.add(Op.w(GPIO + 0x14, 0x1234));
        ops.add(Op.r(GPIO + 0x14));
        ops.add(Op.r(GPIO + 0x0C));
        ops.add(Op.r(GPIO + 0x04));
        ops.add(Op.r(GPIO + 0x08, 2)); // narrow access: QEMU answers 0
        return ops;
    }

    /** The I2C controller and the DS1338's NVRAM (not its clock registers: QEMU's follow the host's date). */
    static List<Op> i2cOps() {
        List<Op> ops = new ArrayList<>();
        for (int r = 0; r <= 0x14; r += 4) {
            ops.add(Op.r(I2C + r, 1));
        }
        ops.add(Op.w(I2C + 0x00, 1, 0xFF)); // ADR keeps bits 7:1
        ops.add(Op.w(I2C + 0x04, 1, 0xFF)); // FDR keeps bits 5:0
        ops.add(Op.w(I2C + 0x14, 1, 0x10));
        ops.add(Op.r(I2C + 0x00, 1));
        ops.add(Op.r(I2C + 0x04, 1));
        ops.add(Op.r(I2C + 0x14, 1));
        // write NVRAM 0x08.. = 5A A5 3C through the RTC at 0x68
        ops.add(Op.w(I2C + 0x08, 1, 0x80)); // MEN
        ops.add(Op.w(I2C + 0x08, 1, 0xB0)); // MEN MSTA MTX: START
        ops.add(Op.r(I2C + 0x0C, 1));
        ops.add(Op.w(I2C + 0x10, 1, 0xD0)); // address 0x68, write
        ops.add(Op.r(I2C + 0x0C, 1));
        ops.add(Op.w(I2C + 0x0C, 1, 0x00)); // clear MIF/MCF
        for (int v : new int[] {0x08, 0x5A, 0xA5, 0x3C}) {
            ops.add(Op.w(I2C + 0x10, 1, v));
            ops.add(Op.r(I2C + 0x0C, 1));
        }
        ops.add(Op.w(I2C + 0x08, 1, 0x80)); // STOP
        ops.add(Op.r(I2C + 0x0C, 1));
        ops.add(Op.r(I2C + 0x08, 1));
        // read them back: pointer write, repeated START, address read, receive
        ops.add(Op.w(I2C + 0x08, 1, 0xB0));
        ops.add(Op.w(I2C + 0x10, 1, 0xD0));
        ops.add(Op.w(I2C + 0x10, 1, 0x08));
        ops.add(Op.w(I2C + 0x08, 1, 0xB4)); // RSTA
        ops.add(Op.r(I2C + 0x08, 1));
        ops.add(Op.w(I2C + 0x10, 1, 0xD1)); // address 0x68, read
        ops.add(Op.r(I2C + 0x0C, 1));
        ops.add(Op.w(I2C + 0x08, 1, 0xA0)); // MEN MSTA, receive
        for (int k = 0; k < 4; k++) {
            ops.add(Op.r(I2C + 0x10, 1)); // first: the dummy read
            ops.add(Op.r(I2C + 0x0C, 1));
        }
        ops.add(Op.w(I2C + 0x08, 1, 0x80));
        // nobody at address 0x50: RXAK
        ops.add(Op.w(I2C + 0x0C, 1, 0x00));
        ops.add(Op.w(I2C + 0x08, 1, 0xB0));
        ops.add(Op.w(I2C + 0x10, 1, 0xA0));
        ops.add(Op.r(I2C + 0x0C, 1));
        ops.add(Op.w(I2C + 0x08, 1, 0x80));
        // MEN off: soft reset, ADR kept
        ops.add(Op.w(I2C + 0x08, 1, 0x00));
        for (int r = 0; r <= 0x10; r += 4) {
            ops.add(Op.r(I2C + r, 1));
        }
        return ops;
    }

    private static List<Long> runQemu(List<Op> ops) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Qtest q = Qtest.startPpce500()) {
            for (Op op : ops) {
                switch (op.kind()) {
                    case 'w' -> q.write(op.addr(), op.size(), op.value());
                    default -> out.add(q.read(op.addr(), op.size()));
                }
            }
        }
        return out;
    }

    private static List<Long> runJemu(List<Op> ops) {
        List<Long> out = new ArrayList<>();
        MachineConfig cfg = MachineConfig.of("ppce500").withRam(256L << 20)
                .withBios(Path.of("/usr/lib/u-boot/qemu-ppce500/uboot.elf"));
        try (Ppce500Machine m = new Ppce500Machine(cfg, null)) {
            for (Op op : ops) {
                switch (op.kind()) {
                    case 'w' -> m.memory().write(op.addr(), op.size(), true, op.value());
                    default -> out.add(m.memory().read(op.addr(), op.size(), true));
                }
            }
        }
        return out;
    }

    private static void compare(List<Op> ops) throws Exception {
        List<Long> qemu = runQemu(ops);
        List<Long> jemu = runJemu(ops);
        assertEquals(qemu.size(), jemu.size());
        int k = 0;
        StringBuilder diffs = new StringBuilder();
        for (Op op : ops) {
            if (op.kind() != 'r') {
                continue;
            }
            if (!qemu.get(k).equals(jemu.get(k))) {
                diffs.append(String.format("read #%d %d bytes at 0x%x: QEMU 0x%x, jemu 0x%x%n", k, op.size(), op.addr(),
                        qemu.get(k), jemu.get(k)));
            }
            k++;
        }
        assertEquals("", diffs.toString());
    }

    @Test
    void mpicRegistersAsQemu() throws Exception {
        compare(mpicOps());
    }

    @Test
    void pciHostAndGpioAsQemu() throws Exception {
        compare(pciGpioOps());
    }

    @Test
    void i2cAndRtcNvramAsQemu() throws Exception {
        compare(i2cOps());
    }
}
