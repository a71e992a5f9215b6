package org.jemu.machine.device;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jemu.translator.memory.MemoryRegion;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * Bulk guest-physical memory access for DMA-capable devices (QEMU's {@code dma_memory_read/write}).
 *
 * <p>RAM is copied directly and the address space's write listeners are told about the changed range
 * once per region ({@link PhysicalAddressSpace#notifyWrite}), so translated code stays coherent. Other
 * regions (MMIO, ROM devices) are accessed byte by byte through their handlers. An access that touches
 * unmapped addresses fails (returns false) after transferring what precedes the hole, as a bus error
 * ({@code MEMTX_DECODE_ERROR}) does in QEMU.
 */
public final class DmaMemory {
    private DmaMemory() {
    }

    /** Copies {@code len} bytes from {@code src[off..]} to guest physical {@code paddr}; false on a bus error. */
    public static boolean write(PhysicalAddressSpace as, long paddr, byte[] src, int off, int len) {
        long done = 0;
        while (done < len) {
            long a = paddr + done;
            MemoryRegion r = as.find(a);
            if (r == null) {
                return false;
            }
            int n = (int) Math.min(len - done, r.base + r.size - a);
            if (r.directWrite()) {
                MemorySegment.copy(src, (int) (off + done), r.backing, ValueLayout.JAVA_BYTE, a - r.base, n);
                as.notifyWrite(a, n);
            } else {
                for (int i = 0; i < n; i++) {
                    as.writeRegion(r, a + i, 1, false, src[(int) (off + done) + i]);
                }
            }
            done += n;
        }
        return true;
    }

    /** Fills {@code len} bytes at guest physical {@code paddr} with {@code value}; false on a bus error. */
    public static boolean fill(PhysicalAddressSpace as, long paddr, long len, byte value) {
        long done = 0;
        while (done < len) {
            long a = paddr + done;
            MemoryRegion r = as.find(a);
            if (r == null) {
                return false;
            }
            long n = Math.min(len - done, r.base + r.size - a);
            if (r.directWrite()) {
                r.backing.asSlice(a - r.base, n).fill(value);
                as.notifyWrite(a, n);
            } else {
                for (long i = 0; i < n; i++) {
                    as.writeRegion(r, a + i, 1, false, value);
                }
            }
            done += n;
        }
        return true;
    }

    /** Copies {@code len} bytes from guest physical {@code paddr} into {@code dst[off..]}; false on a bus error. */
    public static boolean read(PhysicalAddressSpace as, long paddr, byte[] dst, int off, int len) {
        long done = 0;
        while (done < len) {
            long a = paddr + done;
            MemoryRegion r = as.find(a);
            if (r == null) {
                return false;
            }
            int n = (int) Math.min(len - done, r.base + r.size - a);
            if (r.directRead()) {
                MemorySegment.copy(r.backing, ValueLayout.JAVA_BYTE, a - r.base, dst, (int) (off + done), n);
            } else {
                for (int i = 0; i < n; i++) {
                    dst[(int) (off + done) + i] = (byte) PhysicalAddressSpace.readRegion(r, a + i, 1, false);
                }
            }
            done += n;
        }
        return true;
    }
}
