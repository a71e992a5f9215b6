package org.jemu.machine.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.jemu.machine.MachineConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gdb stub on PowerPC at the protocol level: a raw client against the g3beige board running the C test
 * program {@code test-roms/ppc/gdb/gdbtest.elf} from the 750's reset vector, started stopped. Registers are
 * gdb's {@code powerpc:common} numbers, big-endian: r0..r31 (0..0x1f, 4 bytes), f0..f31 (0x20..0x3f, 8 bytes),
 * pc 0x40, msr 0x41, cr 0x42, lr 0x43, ctr 0x44, xer 0x45, fpscr 0x46 (4 bytes each). The reset values are
 * those {@code qemu-system-ppc -M g3beige -bios gdbtest.elf -S -s} shows (pc 0xfff00100, msr 0x40).
 */
class GdbPpcStubTest {
    /** g packet: 32 GPRs, 32 FPRs, pc msr cr lr ctr xer fpscr. */
    static final int G_BYTES = 32 * 4 + 32 * 8 + 7 * 4;
    static final String ROM = "ppc/gdb";

    private StubFixture fixture;

    private RspClient start() throws IOException {
        fixture = new StubFixture(MachineConfig.of("g3beige").withBios(GdbTestRom.dir(ROM).resolve("gdbtest.elf")));
        return fixture.connect();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static String be32(long v) {
        return String.format("%08x", v & 0xffff_ffffL);
    }

    private static long sym(String name) {
        return GdbTestRom.symbol(ROM, name);
    }

    private static String hexSym(String name) {
        return Long.toHexString(sym(name));
    }

    @Test
    void targetDescriptionAndRegisters() throws Exception {
        try (RspClient c = start()) {
            String xml = c.targetXml(0x200);
            assertEquals(PpcGdbRegs.TARGET_XML, xml);
            assertTrue(xml.indexOf("<architecture>powerpc:common</architecture>") > 0);
            assertTrue(xml.indexOf("org.gnu.gdb.power.core") > 0 && xml.indexOf("org.gnu.gdb.power.fpu") > 0);
            assertTrue(xml.indexOf("name=\"f31\" bitsize=\"64\" type=\"ieee_double\" regnum=\"63\"") > 0);
            assertTrue(xml.indexOf("name=\"fpscr\" bitsize=\"32\" group=\"float\" regnum=\"70\"") > 0);
            String g = c.command("g");
            assertEquals(G_BYTES * 2, g.length());
            assertEquals("fff00100", c.command("p40"), "pc: the 750's reset vector, big-endian");
            assertEquals("00000040", c.command("p41"), "msr: IP");
            assertEquals("fff00100", g.substring(2 * (128 + 256), 2 * (128 + 256) + 8));
            // GPRs, an FPR (a double), cr, lr, ctr, xer.
            assertEquals("OK", c.command("P5=" + be32(0x1122_3344L)));
            assertEquals("11223344", c.command("p5"));
            assertEquals("OK", c.command("P21=400921fb54442d18")); // f1 = pi
            assertEquals("400921fb54442d18", c.command("p21"));
            assertEquals("OK", c.command("P42=" + be32(0x2480_0001L)));
            assertEquals("24800001", c.command("p42"));
            assertEquals("OK", c.command("P43=" + be32(0xfff0_0200L)));
            assertEquals("OK", c.command("P44=" + be32(7)));
            assertEquals("OK", c.command("P45=" + be32(0xe000_0005L)));
            assertEquals("e0000005", c.command("p45"), "xer SO OV CA and the byte count");
            // fpscr: the summary bits follow the exception bits (VXSNAN sets VX), as with mtfsf.
            assertEquals("OK", c.command("P46=" + be32(0x0100_0000L)));
            assertEquals("21000000", c.command("p46"));
            // msr: little-endian mode is refused, other values are taken.
            assertEquals("E01", c.command("P41=" + be32(0x41)));
            assertEquals("E01", c.command("P41=" + be32(0x1_0040)));
            assertEquals("OK", c.command("P41=" + be32(0x2040)));
            assertEquals("00002040", c.command("p41"));
            assertEquals("E01", c.command("p47"));
            assertEquals("E01", c.command("P5=1234"), "wrong size");
            // G is all or nothing: r3 and a refused msr in one packet change nothing.
            String before = c.command("g");
            int msrAt = 2 * (128 + 256 + 4);
            String bad = before.substring(0, 24) + be32(0xdead) + before.substring(32, msrAt) + be32(0x2041)
                    + before.substring(msrAt + 8);
            assertEquals("E01", c.command("G" + bad));
            assertEquals(before, c.command("g"));
            String good = before.substring(0, 24) + be32(0xdead) + before.substring(32);
            assertEquals("OK", c.command("G" + good));
            assertEquals("0000dead", c.command("p3"));
        }
    }

    @Test
    void memoryBreakpointWatchpointAndStep() throws Exception {
        try (RspClient c = start()) {
            // The ROM as the ELF holds it (its one segment at file offset 0x100 = address 0xFFF00100).
            byte[] elf = Files.readAllBytes(GdbTestRom.dir(ROM).resolve("gdbtest.elf"));
            assertEquals(GdbStub.hex(Arrays.copyOfRange(elf, 0x100, 0x110)), c.command("mfff00100,10"));
            long sumTo = sym("sum_to");
            long counter = sym("counter");
            assertEquals("OK", c.command("Z0," + Long.toHexString(sumTo) + ",4"));
            c.send("c");
            assertEquals("T05thread:1;swbreak:;", c.receive());
            assertEquals(be32(sumTo), c.command("p40"));
            assertEquals(be32(10), c.command("p3"), "sum_to(10): n in r3");
            assertEquals("OK", c.command("z0," + Long.toHexString(sumTo) + ",4"));
            c.send("s");
            assertEquals("T05thread:1;", c.receive());
            assertEquals(be32(sumTo + 4), c.command("p40"));
            // A write watchpoint on counter (big-endian int in RAM).
            assertEquals("OK", c.command("Z2," + hexSym("counter") + ",4"));
            c.send("c");
            assertEquals("T05thread:1;watch:" + Long.toHexString(counter) + ";", c.receive());
            c.send("c");
            assertEquals("T05thread:1;watch:" + Long.toHexString(counter) + ";", c.receive());
            String v = c.command("m" + hexSym("counter") + ",4");
            assertTrue(v.equals("00000001") || v.equals("00000002"), v);
            assertEquals("OK", c.command("z2," + hexSym("counter") + ",4"));
            // Memory writes to RAM read back big-endian.
            assertEquals("OK", c.command("M" + hexSym("result") + ",4:0000abcd"));
            assertEquals("0000abcd", c.command("m" + hexSym("result") + ",4"));
            // Ctrl-C in main's endless loop.
            c.send("c");
            assertTrue(c.quietFor(200));
            c.sendRaw(new byte[] {0x03});
            assertEquals("T02thread:1;", c.receive());
            long pc = Long.parseLong(c.command("p40"), 16);
            assertTrue(pc >= sym("main") && pc < sym("values"), Long.toHexString(pc));
            assertEquals(be32(55), c.command("m" + hexSym("result") + ",4"));
        }
    }
}
