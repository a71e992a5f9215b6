package org.jemu.machine.virtio;

import static org.jemu.machine.virtio.TestDriver.BUF;
import static org.jemu.machine.virtio.TestDriver.in;
import static org.jemu.machine.virtio.TestDriver.out;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** virtio-rng fills buffers from a seeded generator, the same bytes on every run. */
class VirtioRngTest {

    private static byte[] run(long seed, int... lens) {
        try (TestDriver d = new TestDriver(as -> new VirtioRng("rng", seed)).ready()) {
            int total = Arrays.stream(lens).sum();
            long a = BUF;
            for (int len : lens) {
                d.submit(in(a, len));
                a += len;
            }
            d.kick();
            assertEquals(lens.length, d.usedIdx());
            for (int i = 0; i < lens.length; i++) {
                assertEquals(lens[i], d.usedLen(i));
            }
            assertTrue(d.irq);
            return d.bytes(BUF, total);
        }
    }

    @Test
    void fillsDeterministically() {
        byte[] a = run(VirtioRng.DEFAULT_SEED, 64, 13, 5000);
        byte[] b = run(VirtioRng.DEFAULT_SEED, 64, 13, 5000);
        assertArrayEquals(a, b);
        // Not all zero, and looks random-ish: many distinct byte values.
        assertEquals(256, (int) java.util.stream.IntStream.range(0, a.length).map(i -> a[i] & 0xff).distinct().count());
        byte[] c = run(12345, 64, 13, 5000);
        assertFalse(Arrays.equals(a, c), "another seed gives other bytes");
    }

    @Test
    void firstBytesMatchSplitMix64() {
        byte[] a = run(VirtioRng.DEFAULT_SEED, 8);
        long expected = new java.util.SplittableRandom(VirtioRng.DEFAULT_SEED).nextLong();
        long got = 0;
        for (int i = 7; i >= 0; i--) {
            got = (got << 8) | (a[i] & 0xff);
        }
        assertEquals(expected, got, "the documented generator: SplitMix64 as java.util.SplittableRandom");
    }

    @Test
    void readableBuffersAreIgnoredAndWritableOnesFilled() {
        try (TestDriver d = new TestDriver(as -> new VirtioRng("rng")).ready()) {
            d.put(BUF, new byte[] {1, 2, 3, 4});
            d.submit(out(BUF, 4), in(BUF + 0x100, 16), in(BUF + 0x200, 16));
            d.kick();
            assertEquals(32, d.usedLen(0));
            assertArrayEquals(new byte[] {1, 2, 3, 4}, d.bytes(BUF, 4));
            assertFalse(Arrays.equals(new byte[16], d.bytes(BUF + 0x200, 16)));
        }
    }
}
