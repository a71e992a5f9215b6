package org.jemu.machine.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.jemu.machine.block.PflashCfi01;
import org.jemu.machine.chardev.Pl011;
import org.jemu.machine.intc.Gicv2;
import org.jemu.machine.nvram.FwCfg;
import org.jemu.machine.rtc.Pl031;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.Test;

/**
 * Differential test: the same register-access script runs against QEMU's virt devices (through qtest)
 * and against jemu's, at the same physical addresses, and every read must return the same value.
 *
 * <p>The script stays clear of the documented differences: the RTC's time (host clock in QEMU), fw_cfg
 * files (QEMU adds its own), GICC_AIAR/AHPPIR (RAZ in QEMU 7.2), PL011 loopback (not in QEMU 7.2) and
 * UARTIBRD values above 0x3f (QEMU 7.2 masks the integer divisor to 6 bits).
 */
class VirtDevicesVsQemuTest {
    private static final String SCRIPT = """
            # PL011 at 0x09000000: reset values and IDs
            r4 0x9000018
            r4 0x9000030
            r4 0x9000034
            r4 0x900002c
            r4 0x9000038
            r4 0x900003c
            r4 0x9000040
            r4 0x9000048
            r4 0x9000fe0
            r4 0x9000fe4
            r4 0x9000fe8
            r4 0x9000fec
            r4 0x9000ff0
            r4 0x9000ff4
            r4 0x9000ff8
            r4 0x9000ffc
            r1 0x9000fe0
            r2 0x9000018
            # U-Boot pl01x init: disable, baud, 8N1 + FIFO, enable
            w4 0x9000030 0x0
            w4 0x9000024 0x27
            w4 0x9000028 0x4
            w4 0x900002c 0x70
            w4 0x9000030 0x301
            r4 0x9000024
            r4 0x9000028
            r4 0x900002c
            r4 0x9000030
            r4 0x9000018
            # Linux: mask, clear, transmit, raw and masked status
            w4 0x9000044 0x7ff
            w4 0x9000038 0x50
            r4 0x9000038
            w4 0x9000000 0x41
            r4 0x900003c
            r4 0x9000040
            w4 0x9000038 0x70
            r4 0x9000040
            w4 0x9000044 0x20
            r4 0x900003c
            w4 0x9000020 0x1ff
            r4 0x9000020
            w4 0x9000034 0x3f
            r4 0x9000034
            w4 0x9000004 0x0
            r4 0x9000004
            r4 0x9000000
            r4 0x9000018

            # PL031 at 0x09010000 (not the time itself)
            r4 0x901000c
            r4 0x9010010
            r4 0x9010014
            r4 0x9010018
            r4 0x9010fe0
            r4 0x9010fe4
            r4 0x9010fe8
            r4 0x9010fec
            r4 0x9010ff0
            r4 0x9010ffc
            w4 0x9010010 0x3
            r4 0x9010010
            w4 0x9010004 0x12345678
            r4 0x9010004
            w4 0x9010008 0x100
            r4 0x9010008
            w4 0x901000c 0x0
            r4 0x901000c

            # fw_cfg at 0x09020000: the selector and DMA registers are big-endian
            w2 0x9020008 0x0000
            r4 0x9020000
            r1 0x9020000
            w2 0x9020008 0x0000
            r1 0x9020000
            r1 0x9020000
            r2 0x9020000
            r1 0x9020000
            w2 0x9020008 0x0000
            r8 0x9020000
            w2 0x9020008 0x0100
            r4 0x9020000
            w2 0x9020008 0x0500
            r2 0x9020000
            w2 0x9020008 0x0200
            r8 0x9020000
            r8 0x9020000
            r8 0x9020010
            r4 0x9020010
            r4 0x9020014
            r2 0x9020008
            w2 0x9020008 0xff3f
            r4 0x9020000
            # DMA: FWCfgDmaAccess at 0x40001000 selecting the signature, read 4 bytes to 0x40002000
            w4 0x40001000 0x0a000000
            w4 0x40001004 0x04000000
            w4 0x40001008 0x00000000
            w4 0x4000100c 0x00200040
            w4 0x9020010 0x00000000
            w4 0x9020014 0x00100040
            r4 0x40001000
            r4 0x40002000
            # DMA skip 2 then read 2 of the signature, and a read past its end
            w4 0x40001000 0x0a000000
            w4 0x40001004 0x02000000
            w4 0x4000100c 0x00200040
            w4 0x40002000 0xffffffff
            w8 0x9020010 0x0010004000000000
            w4 0x40001000 0x04000000
            w4 0x40001004 0x02000000
            w8 0x9020010 0x0010004000000000
            w4 0x40001000 0x02000000
            w4 0x40001004 0x06000000
            w8 0x9020010 0x0010004000000000
            r4 0x40001000
            r4 0x40002000
            r4 0x40002004

            # GICv2 distributor 0x08000000, CPU interface 0x08010000
            r4 0x8000000
            r4 0x8000004
            r4 0x8000008
            r4 0x8000fd0
            r4 0x8000fe0
            r4 0x8000fe4
            r4 0x8000fe8
            r4 0x8000fec
            r4 0x8000ff0
            r4 0x8000ffc
            r1 0x8000fe9
            r4 0x8000100
            r4 0x8000104
            r4 0x8000c00
            r4 0x8000c04
            r4 0x8000c08
            r4 0x8000800
            r4 0x8000820
            r4 0x8000400
            r4 0x8010000
            r4 0x8010004
            r4 0x8010008
            r4 0x801001c
            r4 0x8010014
            r4 0x8010018
            r4 0x801000c
            r4 0x80100fc
            # enable; SPI 1 (ID 33) at priority 0xa0, pending by software
            w4 0x8000000 0x3
            w4 0x8010000 0x3
            w4 0x8010004 0xff
            r4 0x8010004
            w1 0x8000421 0xa0
            r4 0x8000420
            w4 0x8000104 0x2
            r4 0x8000104
            w4 0x8000204 0x2
            r4 0x8000204
            r4 0x8010018
            r4 0x801000c
            r4 0x8010014
            r4 0x80100d0
            r4 0x80100d4
            r4 0x80100d8
            r4 0x8000304
            r4 0x8000204
            r4 0x801000c
            # a higher-priority interrupt (ID 35, 0x40) preempts; a lower one (ID 36, 0xc0) waits
            w1 0x8000423 0x40
            w1 0x8000424 0xc0
            w4 0x8000104 0x1a
            w4 0x8000204 0x10
            r4 0x8010018
            r4 0x801000c
            w4 0x8000204 0x8
            r4 0x8010018
            r4 0x801000c
            r4 0x8010014
            r4 0x80100d4
            r4 0x80100d8
            w4 0x8010010 35
            r4 0x8010014
            w4 0x8010010 33
            r4 0x8010014
            r4 0x801000c
            w4 0x8010010 36
            r4 0x8010014
            r4 0x8000304
            # PMR masks; disable and clear
            w4 0x8000204 0x2
            w4 0x8010004 0xa0
            r4 0x8010018
            r4 0x801000c
            w4 0x8010004 0xa1
            r4 0x8010018
            w4 0x8000184 0x2
            r4 0x8010018
            r4 0x801000c
            w4 0x8000284 0x2
            r4 0x8000204
            # configuration registers
            w4 0x8000c08 0xaaaaaaaa
            r4 0x8000c08
            w4 0x8000c00 0x0
            r4 0x8000c00
            w4 0x8000c04 0x2
            r4 0x8000c04
            w4 0x8000084 0xf0
            r4 0x8000084
            w4 0x8000184 0xffffffff
            w4 0x8000104 0x10
            w1 0x8000424 0x20
            w4 0x8000204 0x10
            r4 0x8010018
            r4 0x801000c
            w4 0x8010000 0x7
            r4 0x8010018
            r4 0x801000c
            r4 0x8010014
            r4 0x80100e0
            w4 0x8010010 36
            r4 0x8010014
            w4 0x8010008 0x7
            r4 0x8010008
            w4 0x801001c 0x0
            r4 0x801001c
            w4 0x801001c 0x3
            r4 0x801001c
            w4 0x8010008 0x0
            # SGI 3 to self, SPENDSGIR/CPENDSGIR
            w4 0x8010004 0xff
            w4 0x8000f00 0x02000003
            r4 0x8000f10
            r4 0x8000f20
            r4 0x8000200
            r4 0x8010018
            r4 0x801000c
            w4 0x8010010 3
            w1 0x8000f25 0x1
            r4 0x8000f24
            r4 0x8000200
            w1 0x8000f15 0x1
            r4 0x8000f24
            r4 0x8000200
            r4 0x8010000
            r4 0x8000000

            # Flash bank 0 at 0: U-Boot's CFI probe and JEDEC ID read
            w4 0x0 0xf0f0f0f0
            w4 0x0 0xffffffff
            w4 0x154 0x98989898
            r4 0x40
            w4 0x0 0xf0f0f0f0
            w4 0x0 0xffffffff
            w4 0x1554 0x98989898
            r4 0x40
            w4 0x0 0x00f000f0
            w4 0x0 0x00ff00ff
            w4 0x154 0x00980098
            r4 0x40
            r4 0x44
            r4 0x48
            r1 0x4c
            r1 0x50
            r1 0x54
            r1 0x58
            r1 0x9c
            r1 0xa0
            r1 0xa8
            r1 0xb0
            r1 0xb4
            r1 0xb8
            r1 0xbc
            r1 0xc0
            r1 0xc4
            r1 0xc8
            r1 0xcc
            r1 0xfc
            r1 0x41
            r2 0x42
            r8 0x40
            r4 0x200
            w4 0x0 0x00ff00ff
            r4 0x0
            w4 0x0 0x00900090
            r4 0x0
            r4 0x4
            r4 0x8
            r2 0x4
            r1 0x6
            w4 0x0 0x00ff00ff
            # program, buffered program and erase in bank 1 (0x04000000)
            w4 0x4000000 0x00500050
            w4 0x4000000 0x00700070
            r4 0x4000000
            w4 0x4040010 0x00400040
            r4 0x4040010
            w4 0x4040010 0x12345678
            r4 0x4040010
            r2 0x4040010
            w4 0x4000000 0x00ff00ff
            r4 0x4040010
            w4 0x4041000 0x00e800e8
            r4 0x4041000
            w4 0x4041000 0x00010001
            w4 0x4041000 0xaabbccdd
            w4 0x4041004 0x11223344
            w4 0x4041000 0x00d000d0
            r4 0x4041000
            w4 0x4000000 0x00ff00ff
            r4 0x4041000
            r4 0x4041004
            r8 0x4041000
            w4 0x4042000 0x00e800e8
            w4 0x4042000 0x0
            w4 0x4042000 0x55667788
            w4 0x4042000 0x00d000d0
            w4 0x4000000 0x00ff00ff
            r4 0x4042000
            w1 0x4043000 0x40
            w1 0x4043000 0x5a
            w1 0x4043000 0xff
            r4 0x4043000
            w2 0x4043004 0x40
            w2 0x4043004 0xbeef
            w2 0x4043004 0xff
            r4 0x4043004
            w4 0x4040100 0x00200020
            r4 0x4040100
            w4 0x4040100 0x00d000d0
            r4 0x4040100
            w4 0x4000000 0x00ff00ff
            r4 0x4040010
            r4 0x4041000
            r4 0x407fffc
            w4 0x4040000 0x00600060
            w4 0x4040000 0x00d000d0
            r4 0x4040000
            w4 0x4040000 0x00ff00ff
            w4 0x4040000 0x00330033
            r4 0x4040000
            """;

    /** jemu's virt devices at QEMU's addresses. */
    private static final class Jemu implements AutoCloseable {
        final PhysicalAddressSpace as = new PhysicalAddressSpace();

        Jemu() {
            VirtualClock clock = new VirtualClock(0, false);
            PflashCfi01.virt("virt.flash0", as, 0);
            PflashCfi01.virt("virt.flash1", as, 0x0400_0000L);
            Gicv2 gic = Gicv2.forVirt("gic", 1, () -> 0);
            as.addMmio("gic-dist", 0x0800_0000L, 0x1_0000, gic.distributor());
            as.addMmio("gic-cpu", 0x0801_0000L, 0x1_0000, gic.cpuInterface());
            as.addMmio("pl011", 0x0900_0000L, Pl011.SIZE, new Pl011("pl011", null, gic.spi(1)));
            as.addMmio("pl031", 0x0901_0000L, Pl031.SIZE, new Pl031("pl031", clock, 0, gic.spi(2)));
            FwCfg fw = new FwCfg("fw_cfg", as);
            fw.addU16(FwCfg.NB_CPUS, 1);
            as.addMmio("fw_cfg", 0x0902_0000L, FwCfg.SIZE, fw);
            as.addRam("ram", 0x4000_0000L, 512L << 20);
        }

        long read(long addr, int size) {
            return as.read(addr, size, false);
        }

        void write(long addr, int size, long v) {
            as.write(addr, size, false, v);
        }

        @Override
        public void close() {
            as.close();
        }
    }

    @Test
    void everyReadMatchesQemu() throws IOException {
        QtestScript script = new QtestScript(SCRIPT);
        List<String> mismatches;
        try (Qtest qemu = Qtest.startVirt(); Jemu jemu = new Jemu()) {
            mismatches = script.run(qemu, new QtestScript.Target() {
                @Override
                public long read(long addr, int size) {
                    return jemu.read(addr, size);
                }

                @Override
                public void write(long addr, int size, long value) {
                    jemu.write(addr, size, value);
                }
            });
        }
        assertTrue(script.reads() > 200, "script has " + script.reads() + " reads");
        assertEquals("", String.join("\n", mismatches));
    }
}
