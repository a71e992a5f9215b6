package org.jemu.machine.fdt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FdtTest {
    /** A small tree using every property kind, a phandle reference and a reservation. */
    static FdtBuilder sample() {
        FdtBuilder b = new FdtBuilder(0x8000);
        int intc = b.allocPhandle();
        b.propU32("#address-cells", 2).propU32("#size-cells", 2).propString("compatible", "jemu,test")
                .propU32("interrupt-parent", intc);
        b.beginNode("chosen").propString("bootargs", "console=ttyAMA0 earlycon").endNode();
        b.beginNode("memory@40000000").propString("device_type", "memory")
                .propSizedCells("reg", 2, 0x4000_0000L, 2, 0x2000_0000L).endNode();
        b.beginNode("intc@8000000").propStrings("compatible", "arm,cortex-a15-gic")
                .propEmpty("interrupt-controller").propU32("#interrupt-cells", 3).propU32("phandle", intc)
                .beginNode("child").propU64("big", 0x1_2345_6789L).prop("raw", new byte[] {1, 2, 3}).endNode()
                .endNode();
        b.beginNode("uart@9000000").propStrings("compatible", "arm,pl011", "arm,primecell")
                .propCells("interrupts", 0, 1, 4).endNode();
        b.reserve(0x4800_0000L, 0x1000).bootCpuId(0);
        return b;
    }

    @Test
    void blobRoundTripsThroughTheReader() {
        FdtBuilder b = sample();
        byte[] blob = b.build();
        ByteBuffer h = ByteBuffer.wrap(blob).order(ByteOrder.BIG_ENDIAN);
        assertEquals(0xd00dfeed, h.getInt(0));
        assertEquals(blob.length, h.getInt(4));
        assertEquals(40, h.getInt(16), "reservation block right after the header");
        assertEquals(17, h.getInt(20));
        assertEquals(16, h.getInt(24));
        assertEquals(h.getInt(8) + h.getInt(36), h.getInt(12), "strings follow the structure block");
        assertEquals(blob.length, h.getInt(12) + h.getInt(32));
        String strings = new String(blob, h.getInt(12), h.getInt(32), StandardCharsets.US_ASCII);
        assertEquals(strings.indexOf("compatible\0"), strings.lastIndexOf("compatible\0"), "names stored once");

        Fdt f = FdtReader.parse(blob);
        assertTrue(f.root().deepEquals(b.root()));
        assertEquals(List.of(new Fdt.Reservation(0x4800_0000L, 0x1000)), f.reservations());
        FdtNode intc = f.root().find("/intc@8000000");
        assertEquals(0x8000, intc.u32("phandle"));
        assertEquals(f.root().u32("interrupt-parent"), intc.u32("phandle"));
        assertArrayEquals(new int[] {0, 0x4000_0000, 0, 0x2000_0000}, f.root().find("memory").cells("reg"));
        assertEquals(0x1_2345_6789L, f.root().find("intc/child").u64("big"));
        assertArrayEquals(new byte[] {1, 2, 3}, f.root().find("/intc@8000000/child").prop("raw"));
        assertEquals(List.of("arm,pl011", "arm,primecell"), f.root().find("uart").strings("compatible"));
        assertEquals("console=ttyAMA0 earlycon", f.root().find("/chosen").string("bootargs"));
        assertArrayEquals(new byte[0], intc.prop("interrupt-controller"));
        assertNull(f.root().find("/nope"));
        assertArrayEquals(blob, f.toBlob(), "re-serialising gives the same bytes");
    }

    @Test
    void paddingLeavesRoomAndNodeEditsWork() {
        FdtBuilder b = sample();
        b.node("/chosen").propString("bootargs", "quiet").propU32("linux,initrd-start", 0x4800_0000);
        byte[] blob = b.build(8192);
        assertEquals(8192, blob.length);
        Fdt f = Fdt.parse(blob);
        assertEquals(List.of("bootargs", "linux,initrd-start"), f.root().find("/chosen").propNames());
        assertEquals("quiet", f.root().find("/chosen").string("bootargs"));
    }

    @Test
    void builderMisuseIsReported() {
        FdtBuilder b = new FdtBuilder();
        b.beginNode("a");
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertEquals("1 node(s) still open, the innermost is 'a'", e.getMessage());
        b.endNode();
        assertThrows(IllegalStateException.class, b::endNode);
        assertThrows(IllegalArgumentException.class, () -> b.beginNode("a"));
        assertThrows(IllegalArgumentException.class, () -> b.propSizedCells("reg", 1, 1L << 32));
        assertThrows(IllegalArgumentException.class, () -> b.propString("x", "a\0b"));
    }

    private static void assertInvalid(byte[] blob, String expected) {
        FdtException e = assertThrows(FdtException.class, () -> FdtReader.validate(blob));
        assertEquals("invalid device tree blob: " + expected, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void corruptBlobsGiveOneLineErrors() {
        byte[] good = sample().build();
        ByteBuffer h = ByteBuffer.wrap(good).order(ByteOrder.BIG_ENDIAN);
        int offStruct = h.getInt(8);

        assertInvalid(new byte[10], "only 10 bytes, too short for a header");

        byte[] magic = good.clone();
        magic[0] = 0x12;
        assertInvalid(magic, "bad magic 0x120dfeed (expected 0xd00dfeed)");

        assertInvalid(Arrays.copyOf(good, good.length - 8),
                "totalsize " + good.length + " is larger than the " + (good.length - 8) + " bytes given");

        byte[] version = good.clone();
        ByteBuffer.wrap(version).putInt(20, 2).putInt(24, 2);
        assertInvalid(version, "version 2 (last compatible 2) is not supported; need 16 or 17");

        byte[] token = good.clone();
        ByteBuffer.wrap(token).putInt(offStruct, 7);
        assertInvalid(token, "unknown token 0x7 at offset " + offStruct);

        byte[] rootName = good.clone();
        rootName[offStruct + 4] = 'x';
        assertInvalid(rootName, "root node has name 'x'");

        byte[] strOff = good.clone();
        // First property of the root: token at offStruct + 8, nameoff at offStruct + 16.
        ByteBuffer.wrap(strOff).putInt(offStruct + 16, 0x7fff);
        assertInvalid(strOff, "property at offset " + (offStruct + 8) + " has name offset 32767 outside the "
                + h.getInt(32) + "-byte strings block");

        byte[] noEnd = good.clone();
        int endTokenAt = h.getInt(8) + h.getInt(36) - 4;
        ByteBuffer.wrap(noEnd).putInt(endTokenAt, Fdt.FDT_NOP);
        assertInvalid(noEnd, "data after the root node at offset " + h.getInt(12) + " is not FDT_END");

        byte[] propLen = good.clone();
        ByteBuffer.wrap(propLen).putInt(offStruct + 12, 0x100000);
        assertInvalid(propLen, "property at offset " + (offStruct + 8) + " has length 1048576 past the structure block");
    }

    @Test
    void dtcAgreesWithTheBlob() throws Exception {
        Dtc.require();
        FdtBuilder b = sample();
        byte[] blob = b.build();
        String dts = Dtc.toDts(blob);
        assertTrue(dts.startsWith("/dts-v1/;"), dts);
        assertTrue(dts.matches("(?s).*/memreserve/\\s+0x0*48000000 0x0*1000;.*"), dts);
        assertTrue(dts.contains("compatible = \"arm,pl011\\0arm,primecell\";"), dts);
        assertTrue(dts.contains("interrupt-parent = <0x8000>;"), dts);
        assertTrue(dts.contains("reg = <0x00 0x40000000 0x00 0x20000000>;"), dts);
        assertTrue(dts.contains("interrupt-controller;"), dts);
        assertTrue(dts.contains("bootargs = \"console=ttyAMA0 earlycon\";"), dts);

        // dtc's own blob of the same source parses to the same tree.
        Fdt again = FdtReader.parse(Dtc.toDtb(dts));
        assertTrue(again.root().deepEquals(b.root()), "dtc round trip changed the tree");
        assertEquals(List.of(new Fdt.Reservation(0x4800_0000L, 0x1000)), again.reservations());
    }
}
