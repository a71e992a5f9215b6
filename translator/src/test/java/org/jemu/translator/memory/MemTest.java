package org.jemu.translator.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Mem}'s accessors against the FFM API's own explicitly ordered layouts, on a native segment, at every
 * alignment: each load must see what the layout wrote and each store must leave what the layout reads, in
 * both byte orders.
 */
class MemTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    /**
     * The installers and every guest test run with the intrinsic accessors; the launcher's jar manifest selects
     * them too. The translator's second surefire run ({@code fallback-accessors} in its pom) leaves out the
     * export and sets {@code jemu.test.expectRawAccess=false}: there these tests run on the FFM path and the
     * interpreter's tests on plain array indexing, as in a JVM started without the export.
     */
    @Test
    void testJvmsUseTheAccessorsTheyAskFor() {
        boolean expectRaw = Boolean.parseBoolean(System.getProperty("jemu.test.expectRawAccess", "true"));
        if (expectRaw) {
            assertTrue(Mem.rawAccess(), "the test JVM must pass --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"
                    + " (pom.xml jemu.test.argLine)");
        } else {
            assertFalse(Mem.rawAccess(), "the fallback-accessors run must not export jdk.internal.misc");
        }
    }

    @Test
    void loadsAndStoresMatchOrderedLayoutsAtEveryAlignment() {
        long seed = System.nanoTime();
        System.out.println("MemTest seed " + seed);
        Random r = new Random(seed);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(64, 16);
            long base = seg.address();
            for (int round = 0; round < 20_000; round++) {
                int off = r.nextInt(48);
                long v = r.nextLong();
                String at = "seed " + seed + " offset " + off + " value 0x" + Long.toHexString(v);
                long host = base + off;

                fill(seg, r);
                seg.set(ValueLayout.JAVA_BYTE, off, (byte) v);
                assertEquals((int) (v & 0xff), Mem.ld8(host), at);
                seg.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE), off, (short) v);
                assertEquals((int) (v & 0xffff), Mem.ld16le(host), at);
                seg.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(BE), off, (short) v);
                assertEquals((int) (v & 0xffff), Mem.ld16be(host), at);
                seg.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE), off, (int) v);
                assertEquals((int) v, Mem.ld32le(host), at);
                assertEquals(v & 0xffffffffL, Mem.read(host, 4, false), at);
                seg.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(BE), off, (int) v);
                assertEquals((int) v, Mem.ld32be(host), at);
                seg.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE), off, v);
                assertEquals(v, Mem.ld64le(host), at);
                seg.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(BE), off, v);
                assertEquals(v, Mem.ld64be(host), at);
                assertEquals(v, Mem.read(host, 8, true), at);

                // Stores write exactly their bytes: the neighbours keep the filler.
                fill(seg, r);
                byte before = seg.get(ValueLayout.JAVA_BYTE, off + 8);
                long lowSlot = off >= 8 ? seg.get(ValueLayout.JAVA_LONG_UNALIGNED, off - 8) : 0;
                Mem.st8(host, (int) v);
                assertEquals((byte) v, seg.get(ValueLayout.JAVA_BYTE, off), at);
                Mem.st16le(host, (int) v);
                assertEquals((short) v, seg.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE), off), at);
                Mem.st16be(host, (int) v);
                assertEquals((short) v, seg.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(BE), off), at);
                Mem.st32le(host, (int) v);
                assertEquals((int) v, seg.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE), off), at);
                Mem.st32be(host, (int) v);
                assertEquals((int) v, seg.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(BE), off), at);
                Mem.write(host, 2, true, v);
                assertEquals((short) v, seg.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(BE), off), at);
                assertEquals(before, seg.get(ValueLayout.JAVA_BYTE, off + 8), at);
                Mem.st64le(host, v);
                assertEquals(v, seg.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE), off), at);
                Mem.st64be(host, v);
                assertEquals(v, seg.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(BE), off), at);
                assertEquals(before, seg.get(ValueLayout.JAVA_BYTE, off + 8), at);
                if (off >= 8) {
                    assertEquals(lowSlot, seg.get(ValueLayout.JAVA_LONG_UNALIGNED, off - 8), at);
                }
            }
        }
    }

    private static void fill(MemorySegment seg, Random r) {
        for (long i = 0; i < seg.byteSize(); i++) {
            seg.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
        }
    }
}
