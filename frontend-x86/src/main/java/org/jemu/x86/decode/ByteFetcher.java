package org.jemu.x86.decode;

/**
 * Where the decoder reads instruction bytes from. The decoder asks for one byte at a time at
 * {@code start + i}, so an instruction that crosses a page boundary is fetched from both pages, and a
 * fetch fault (for example a #PF on the second page) is raised by the fetcher at the byte that needs it,
 * as on hardware. Wrapping of IP/EIP at the segment limit is the fetcher's concern.
 */
@FunctionalInterface
public interface ByteFetcher {

    /** Returns the byte at guest virtual (linear) address {@code address}, as 0..255. */
    int fetch(long address);

    /** A fetcher over a byte array that starts at address {@code base} (for tests and tools). */
    static ByteFetcher of(byte[] bytes, long base) {
        return a -> {
            long i = a - base;
            if (i < 0 || i >= bytes.length) {
                throw new IndexOutOfBoundsException("fetch outside buffer at 0x" + Long.toHexString(a));
            }
            return bytes[(int) i] & 0xFF;
        };
    }
}
