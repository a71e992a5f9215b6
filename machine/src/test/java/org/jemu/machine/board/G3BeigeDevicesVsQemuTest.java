package org.jemu.machine.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jemu.machine.MachineConfig;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same register sequence, as a big-endian guest issues it, on {@code qemu-system-ppc -M g3beige -qtest}
 * (QEMU 7.2, no CPU running) and on jemu's g3beige: PCI configuration of the Grackle host bridge and the MacIO,
 * the MacIO BAR placed at 0x8000_0000, then the Heathrow PIC, ESCC, CUDA VIA and NVRAM registers behind it and
 * fw_cfg. Every read must give QEMU's value.
 */
class G3BeigeDevicesVsQemuTest {
    @TempDir
    Path tmp;

    /** One access: a write of {@code value}, or a read to compare. */
    private record Op(boolean write, long addr, int size, long value, String what) {
    }

    private static final List<Op> OPS = new ArrayList<>();

    private static void w(long addr, int size, long value) {
        OPS.add(new Op(true, addr, size, value, null));
    }

    private static void r(long addr, int size, String what) {
        OPS.add(new Op(false, addr, size, 0, what));
    }

    /** CONFIG_ADDRESS written as out_le32 does it from a big-endian CPU. */
    private static void cfgAddr(int devfn, int reg) {
        w(0xfec0_0000L, 4, Integer.reverseBytes(0x8000_0000 | devfn << 8 | reg) & 0xffff_ffffL);
    }

    static {
        // PCI configuration: IDs, class, BAR sizing, header fields
        for (int devfn : new int[] {0x00, 0x80, 0x08}) {
            for (int reg = 0; reg < 0x40; reg += 4) {
                cfgAddr(devfn, reg);
                r(0xfee0_0000L, 4, String.format("config %02x reg %02x", devfn, reg));
            }
        }
        cfgAddr(0x80, 0x10);
        w(0xfee0_0000L, 4, 0xffff_ffffL);
        r(0xfee0_0000L, 4, "MacIO BAR0 size");
        w(0xfee0_0000L, 4, Integer.reverseBytes(0x8000_0000) & 0xffff_ffffL);
        cfgAddr(0x80, 0x04);
        w(0xfee0_0000L, 2, Short.reverseBytes((short) 0x0006) & 0xffff);
        cfgAddr(0x80, 0x04);
        r(0xfee0_0000L, 4, "MacIO command/status");
        cfgAddr(0x80, 0x10);
        r(0xfee0_0000L, 4, "MacIO BAR0");
        // Heathrow PIC: both banks, mask written and read back
        for (long o = 0x10; o < 0x30; o += 4) {
            r(0x8000_0000L + o, 4, "PIC +" + Long.toHexString(o));
        }
        w(0x8000_0024L, 4, 0x1234_5678L);
        r(0x8000_0024L, 4, "PIC mask written");
        // ESCC: reset values of RR0..RR3, RR12/13 on both channels, legacy layout
        for (long ctrl : new long[] {0x8001_3000L, 0x8001_3020L}) {
            for (int reg : new int[] {0, 1, 2, 3, 10, 12, 13, 15}) {
                w(ctrl, 1, reg);
                r(ctrl, 1, "ESCC " + Long.toHexString(ctrl) + " RR" + reg);
            }
        }
        r(0x8001_2000L, 1, "ESCC legacy B control");
        r(0x8001_2002L, 1, "ESCC legacy A control");
        // channel A as OpenBIOS's uart_init_line sets it up, then a channel reset and a hardware reset
        long a = 0x8001_3020L;
        int[][] init = {{9, 0x80}, {4, 0x44}, {3, 0xc1}, {5, 0xea}, {14, 0x03}, {1, 0x12}};
        for (int[] rv : init) {
            w(a, 1, rv[0]);
            w(a, 1, rv[1]);
        }
        for (int reg : new int[] {0, 1, 3, 10}) {
            w(a, 1, reg);
            r(a, 1, "ESCC A after init RR" + reg);
        }
        w(a, 1, 9);
        w(a, 1, 0xc0);
        for (long ctrl : new long[] {0x8001_3000L, a}) {
            for (int reg : new int[] {0, 1, 2, 3, 10}) {
                w(ctrl, 1, reg);
                r(ctrl, 1, "ESCC " + Long.toHexString(ctrl) + " after hardware reset RR" + reg);
            }
        }
        // CUDA VIA registers; not the timer counters (QEMU's timer clocks differ) nor IFR: QEMU 7.2 flags a timer 2
        // timeout (IFR 0x20) at the first VIA read after reset, jemu only when timer 2 passes zero
        for (int reg : new int[] {0, 1, 2, 3, 6, 7, 10, 11, 12, 14, 15}) {
            r(0x8001_6000L + reg * 0x200L, 1, "CUDA reg " + reg);
        }
        w(0x8001_6000L + 14 * 0x200L, 1, 0x84);
        r(0x8001_6000L + 14 * 0x200L, 1, "CUDA IER after set");
        // NVRAM: the partition headers QEMU formats
        for (int i = 0; i < 32; i++) {
            r(0x8006_0000L + (i << 4), 1, "NVRAM byte " + i);
        }
        for (int i = 0; i < 32; i++) {
            r(0x8006_0000L + ((0xc10 + i) << 4), 1, "NVRAM byte 0xc10+" + i);
            r(0x8006_0000L + ((0x1000 + i) << 4), 1, "NVRAM byte 0x1000+" + i);
        }
        // fw_cfg items OpenBIOS reads
        for (int key : new int[] {0x00, 0x01, 0x03, 0x05, 0x06, 0x0c, 0x0e, 0x0f, 0x8000, 0x8001, 0x8002, 0x8003,
            0x8004, 0x8005, 0x8009}) {
            w(0xf000_0510L, 2, key);
            for (int i = 0; i < 8; i++) {
                r(0xf000_0512L, 1, "fw_cfg 0x" + Integer.toHexString(key) + " byte " + i);
            }
        }
    }

    @Test
    void registersAsQemu() throws Exception {
        List<Long> want = new ArrayList<>();
        try (Qtest q = Qtest.startG3beige()) {
            for (Op op : OPS) {
                if (op.write()) {
                    q.write(op.addr(), op.size(), op.value());
                } else {
                    want.add(q.read(op.addr(), op.size()));
                }
            }
        }
        byte[] rom = new byte[4 << 20];
        Path p = tmp.resolve("rom.bin");
        Files.write(p, rom);
        try (G3BeigeMachine m = new G3BeigeMachine(MachineConfig.of("g3beige").withBios(p).withRam(256L << 20), null)) {
            PhysicalAddressSpace mem = m.memory();
            int i = 0;
            List<String> diffs = new ArrayList<>();
            for (Op op : OPS) {
                if (op.write()) {
                    mem.write(op.addr(), op.size(), true, op.value());
                } else {
                    long got = mem.read(op.addr(), op.size(), true);
                    long exp = want.get(i++);
                    if (got != exp) {
                        diffs.add(String.format("%s: QEMU 0x%x, jemu 0x%x", op.what(), exp, got));
                    }
                }
            }
            assertEquals(List.of(), diffs);
        }
    }
}
