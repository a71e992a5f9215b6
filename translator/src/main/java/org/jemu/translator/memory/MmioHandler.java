package org.jemu.translator.memory;

import java.nio.ByteOrder;

/**
 * A device's memory-mapped register interface, called by the soft-MMU for guest accesses to an MMIO
 * region (and for DMA-free physical accesses made by loaders and debuggers).
 *
 * <p>Offsets are bytes from the start of the region; sizes are 1, 2, 4 or 8 bytes. Values are integers
 * in the device's own byte order ({@link #order()}): the soft-MMU byte-swaps when a guest access of the
 * other byte order reaches the device, as QEMU's {@code MemoryRegionOps.endianness} does. Reads return the
 * value zero-extended to 64 bits. Handlers run on the vCPU thread and must not throw for bad guest
 * offsets: they log a guest error and read as zero / ignore the write.
 */
public interface MmioHandler {
    /** Reads {@code size} bytes at byte offset {@code offset} of the region. */
    long read(long offset, int size);

    /** Writes the low {@code size} bytes of {@code value} at byte offset {@code offset} of the region. */
    void write(long offset, int size, long value);

    /** The byte order of the device's registers (little-endian by default). */
    default ByteOrder order() {
        return ByteOrder.LITTLE_ENDIAN;
    }
}
