package org.jemu.machine.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jemu.machine.MachineConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gdb stub on an ARMv7-A vCPU ({@code -M virt -cpu cortex-a15}) at the protocol level: a raw client against
 * a four-instruction A32 ROM in flash at 0, started stopped. The layout is QEMU's for cortex-a15 (checked
 * against {@code qemu-system-arm -M virt -cpu cortex-a15 -S -s}, QEMU 7.2): {@code <architecture>arm}, feature
 * {@code org.gnu.gdb.arm.core} r0..r12, sp, lr, pc = 0..15 and cpsr = 25 (0x19), feature
 * {@code org.gnu.gdb.arm.vfp} d0..d31 = 26..57 (0x1a..0x39) and fpscr = 58 (0x3a), little-endian. Reset state
 * from the Arm ARM (DDI 0406C B1.9.10 "Reset"): PC 0, Supervisor mode with A, I and F masked.
 */
class GdbArm32StubTest {
    /**
     * The ROM ({@code arm-linux-gnueabihf-as}): 0: mov r0, #5; 4: add r0, r0, #1; 8: add r0, r0, #1; c: b 4.
     */
    static final int[] ROM = {0xe3a00005, 0xe2800001, 0xe2800001, 0xeafffffc};
    /** g packet: r0..r15, cpsr, d0..d31, fpscr. */
    static final int G_BYTES = 16 * 4 + 4 + 32 * 8 + 4;

    @TempDir
    Path tmp;

    private StubFixture fixture;

    private RspClient start() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : ROM) {
            b.putInt(w);
        }
        Path rom = tmp.resolve("a32.bin");
        Files.write(rom, b.array());
        fixture = new StubFixture(MachineConfig.of("virt").withCpu("cortex-a15").withBios(rom));
        return fixture.connect();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static String le32(long v) {
        return String.format("%02x%02x%02x%02x", v & 0xff, v >>> 8 & 0xff, v >>> 16 & 0xff, v >>> 24 & 0xff);
    }

    private static long le(String hex) {
        long v = 0;
        for (int i = hex.length() - 2; i >= 0; i -= 2) {
            v = v << 8 | Long.parseLong(hex.substring(i, i + 2), 16);
        }
        return v;
    }

    @Test
    void targetDescriptionAndRegisters() throws Exception {
        try (RspClient c = start()) {
            String xml = c.targetXml(0x200);
            assertEquals(Arm32GdbRegs.TARGET_XML, xml);
            assertTrue(xml.indexOf("<architecture>arm</architecture>") > 0);
            assertTrue(xml.indexOf("<feature name=\"org.gnu.gdb.arm.core\">") > 0);
            assertTrue(xml.indexOf("<reg name=\"cpsr\" bitsize=\"32\" regnum=\"25\"/>") > 0);
            assertTrue(xml.indexOf("<feature name=\"org.gnu.gdb.arm.vfp\">") > 0);
            assertTrue(xml.indexOf("name=\"d31\" bitsize=\"64\" type=\"neon_d\" regnum=\"57\"") > 0);
            assertTrue(xml.indexOf("name=\"fpscr\" bitsize=\"32\" type=\"int\" group=\"float\" regnum=\"58\"") > 0);
            String g = c.command("g");
            assertEquals(G_BYTES * 2, g.length());
            assertEquals(0, le(c.command("pf")), "pc at reset");
            assertEquals(0x1d3, le(c.command("p19")) & 0x1ff, "cpsr: SVC, A I F masked, A32");
            assertEquals(le(c.command("p19")), le(g.substring(2 * 64, 2 * 68)), "cpsr follows r0..r15 in g");
            assertEquals("E01", c.command("p10"), "16..24 do not exist");
            // r0..r14 of the current (SVC) mode, d registers in pairs of one V register, fpscr.
            assertEquals("OK", c.command("P3=" + le32(0x1122_3344L)));
            assertEquals("44332211", c.command("p3"));
            assertEquals("OK", c.command("Pd=" + le32(0x8000_0ff0L)));
            assertEquals(0x8000_0ff0L, le(c.command("pd")), "sp_svc");
            assertEquals("OK", c.command("P1a=182d4454fb210940")); // d0 = pi
            assertEquals("OK", c.command("P1b=0000000000000840")); // d1 = 3.0
            assertEquals("182d4454fb210940", c.command("p1a"));
            assertEquals("0000000000000840", c.command("p1b"));
            assertEquals("OK", c.command("P39=0100000000000080"));
            assertEquals("0100000000000080", c.command("p39"), "d31");
            // FPSCR: trap enables [15:8] and reserved bits read as zero on cortex-a15.
            assertEquals("OK", c.command("P3a=" + le32(0xffff_ffffL)));
            assertEquals(0xfff7_009fL, le(c.command("p3a")));
            assertEquals("OK", c.command("P3a=" + le32(0x00c0_0000L)));
            assertEquals(0x00c0_0000L, le(c.command("p3a")), "RMode = round towards zero");
            // cpsr: N Z C V Q and GE change; mode, masks and T do not.
            long cpsr = le(c.command("p19"));
            assertEquals("OK", c.command("P19=" + le32(0xf80f_0030L)));
            assertEquals(0xf80f_0000L | (cpsr & 0x07f0_ffffL & ~0x0f00_0000L), le(c.command("p19")));
            assertEquals("OK", c.command("P19=" + le32(cpsr)));
            // G writes every register back (all 16 + cpsr + 32 D + fpscr).
            String g2 = c.command("g");
            assertEquals("OK", c.command("G" + g2));
            assertEquals(g2, c.command("g"));
            // Memory (flash through the MMU, off at reset), step, breakpoint.
            assertEquals("0500a0e3010080e2", c.command("m0,8"));
            c.send("s");
            assertTrue(c.receive().startsWith("T05"));
            assertEquals(4, le(c.command("pf")));
            assertEquals(5, le(c.command("p0")));
            assertEquals("OK", c.command("Z0,c,4"));
            c.send("c");
            assertTrue(c.receive().startsWith("T05"));
            assertEquals(0xc, le(c.command("pf")));
            assertEquals(7, le(c.command("p0")));
            assertEquals("OK", c.command("z0,c,4"));
            assertEquals("OK", c.command("Pf=" + le32(0x8)));
            c.send("s");
            assertTrue(c.receive().startsWith("T05"));
            assertEquals(0xc, le(c.command("pf")));
            assertEquals(8, le(c.command("p0")));
        }
    }
}
