package org.jemu.machine.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmStateTest {
    /** A device using every field kind, both declaration styles, a sub-section and a versioned field. */
    static final class Widget extends Device {
        int status; // u8
        short mode; // u16
        int count; // u32, validated 0..16
        long stamp; // u64
        boolean enabled;
        final byte[] buf = new byte[4];
        final int[] regs = new int[3];
        final long[] wide = new long[2];
        int extra; // since version 2
        byte[] blob = new byte[0]; // variable length
        int subValue; // in the sub-section
        int postLoads;
        final VmState state;

        Widget() {
            super("widget");
            VmState sub = VmState.builder("widget/sub", 1, 1)
                    .u32("subValue", () -> subValue, v -> subValue = v)
                    .build();
            state = VmState.builder("widget", 2, 1, MethodHandles.lookup(), this)
                    .u8("status").u16("mode").u32("count").u64("stamp").bool("enabled")
                    .bytes("buf").ints("regs").longs("wide")
                    .bytes("blob", () -> blob, v -> blob = v, 64)
                    .since(2).u32("extra", () -> extra, v -> extra = v)
                    .subsection(sub, () -> subValue != 0)
                    .preLoad(() -> subValue = 0)
                    .postLoad(v -> {
                        if (count < 0 || count > 16) {
                            throw new IllegalArgumentException("count " + count + " is out of range 0..16");
                        }
                        postLoads++;
                    })
                    .build();
        }

        @Override
        public void reset() {
        }

        @Override
        public VmState vmState() {
            return state;
        }

        void fill() {
            status = 0xab;
            mode = (short) 0xbeef;
            count = 16;
            stamp = 0x1122_3344_5566_7788L;
            enabled = true;
            buf[0] = 1;
            buf[3] = (byte) 0xff;
            regs[2] = -5;
            wide[1] = Long.MIN_VALUE;
            extra = 77;
            blob = new byte[] {9, 8, 7};
            subValue = 42;
        }
    }

    @Test
    void roundTripsEveryFieldKind() throws IOException {
        Widget a = new Widget();
        a.fill();
        byte[] saved = a.vmState().toBytes();

        Widget b = new Widget();
        b.vmState().fromBytes(saved);
        assertEquals(0xab, b.status);
        assertEquals((short) 0xbeef, b.mode);
        assertEquals(16, b.count);
        assertEquals(0x1122_3344_5566_7788L, b.stamp);
        assertTrue(b.enabled);
        assertArrayEquals(a.buf, b.buf);
        assertArrayEquals(a.regs, b.regs);
        assertArrayEquals(a.wide, b.wide);
        assertEquals(77, b.extra);
        assertArrayEquals(new byte[] {9, 8, 7}, b.blob);
        assertEquals(42, b.subValue);
        assertEquals(1, b.postLoads);
        assertArrayEquals(saved, b.vmState().toBytes());
        assertEquals(List.of("status", "mode", "count", "stamp", "enabled", "buf", "regs", "wide", "blob", "extra"),
                b.vmState().fieldNames());
    }

    @Test
    void absentSubsectionKeepsPreLoadDefault() throws IOException {
        Widget a = new Widget();
        a.fill();
        a.subValue = 0; // sub-section not needed, not written
        Widget b = new Widget();
        b.subValue = 5;
        b.vmState().fromBytes(a.vmState().toBytes());
        assertEquals(0, b.subValue);
    }

    @Test
    void sectionHeaderAndOlderVersionWithoutNewField() throws IOException {
        Widget a = new Widget();
        a.fill();
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        a.vmState().saveSection(new DataOutputStream(bo));
        Widget b = new Widget();
        b.vmState().loadSection(new DataInputStream(new ByteArrayInputStream(bo.toByteArray())));
        assertEquals(77, b.extra);

        // A version-1 stream has no "extra" field: build one by dropping it from a version-2 stream.
        Widget c = new Widget();
        c.fill();
        c.subValue = 0;
        byte[] v2 = c.vmState().toBytes();
        byte[] v1 = new byte[v2.length - 4];
        int extraAt = v2.length - 1 - 4; // extra (4 bytes) precedes the end marker
        System.arraycopy(v2, 0, v1, 0, extraAt);
        v1[v1.length - 1] = 0;
        Widget d = new Widget();
        d.extra = -1;
        d.vmState().load(new DataInputStream(new ByteArrayInputStream(v1)), 1);
        assertEquals(-1, d.extra);
        assertEquals(16, d.count);
    }

    @Test
    void corruptValueIsRejectedAndStateRestored() {
        Widget a = new Widget();
        a.fill();
        a.count = 17; // out of range
        byte[] bad = a.vmState().toBytes();

        Widget b = new Widget();
        b.count = 3;
        b.status = 7;
        VmStateException e = assertThrows(VmStateException.class, () -> b.vmState().fromBytes(bad));
        assertEquals("device state 'widget': count 17 is out of range 0..16", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(3, b.count, "state before the failed load is restored");
        assertEquals(7, b.status);
    }

    @Test
    void malformedStreamsAreRejectedWithOneLine() {
        Widget a = new Widget();
        a.fill();
        byte[] good = a.vmState().toBytes();

        byte[] truncated = Arrays.copyOf(good, 10);
        VmStateException e1 = assertThrows(VmStateException.class, () -> new Widget().vmState().fromBytes(truncated));
        assertTrue(e1.getMessage().startsWith("device state 'widget': truncated at field"), e1.getMessage());

        byte[] badBool = good.clone();
        badBool[1 + 2 + 4 + 8] = 2; // after u8, u16, u32, u64 comes the bool
        VmStateException e2 = assertThrows(VmStateException.class, () -> new Widget().vmState().fromBytes(badBool));
        assertEquals("device state 'widget': field enabled: boolean byte is 2, not 0 or 1", e2.getMessage());

        byte[] badLen = good.clone();
        badLen[1 + 2 + 4 + 8 + 1 + 3] = 5; // buf length 4 -> 5
        VmStateException e3 = assertThrows(VmStateException.class, () -> new Widget().vmState().fromBytes(badLen));
        assertEquals("device state 'widget': field buf: array length 5, expected 4", e3.getMessage());

        byte[] badMarker = good.clone();
        badMarker[badMarker.length - 1] = 7;
        VmStateException e4 = assertThrows(VmStateException.class, () -> new Widget().vmState().fromBytes(badMarker));
        assertEquals("device state 'widget': corrupt stream: sub-section marker 7", e4.getMessage());

        VmStateException e5 = assertThrows(VmStateException.class,
                () -> new Widget().vmState().load(new DataInputStream(new ByteArrayInputStream(good)), 3));
        assertEquals("device state 'widget': version 3 is not supported (this build loads 1..2)", e5.getMessage());
    }

    @Test
    void unknownSubsectionIsRejected() throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bo);
        Widget a = new Widget();
        a.subValue = 0;
        byte[] body = a.vmState().toBytes();
        out.write(body, 0, body.length - 1); // without the end marker
        out.writeByte(1);
        out.writeUTF("widget/other");
        out.writeInt(1);
        out.writeByte(0);
        VmStateException e = assertThrows(VmStateException.class, () -> new Widget().vmState().fromBytes(bo.toByteArray()));
        assertEquals("device state 'widget': unknown sub-section 'widget/other'", e.getMessage());
    }

    @Test
    void duplicateFieldNamesAreABuildError() {
        assertThrows(IllegalArgumentException.class, () -> VmState.builder("x", 1, 1)
                .u32("a", () -> 0, v -> { }).u32("a", () -> 0, v -> { }));
        assertThrows(IllegalArgumentException.class, () -> VmState.builder("x", 1, 2));
    }
}
