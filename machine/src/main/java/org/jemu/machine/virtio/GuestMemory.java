package org.jemu.machine.virtio;

import org.jemu.machine.device.DmaMemory;
import org.jemu.translator.memory.MemoryRegion;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * Guest physical memory as a virtio device sees it: only RAM may be the target of a virtqueue ring or a
 * buffer (as virtio-mmio on QEMU's virt, whose devices DMA into system RAM). Every access is bounds-checked
 * against the RAM regions of the address space and fails with a {@link VirtioException} instead of touching
 * anything else. Little-endian, as virtio 1.x rings are. Writes go through {@link DmaMemory}, which keeps
 * translated code coherent.
 */
final class GuestMemory {
    private final PhysicalAddressSpace as;
    private final byte[] scratch = new byte[8];

    GuestMemory(PhysicalAddressSpace as) {
        this.as = as;
    }

    PhysicalAddressSpace addressSpace() {
        return as;
    }

    /** True if {@code [addr, addr + len)} is non-wrapping and lies entirely in RAM regions. */
    boolean isRam(long addr, long len) {
        if (len < 0) {
            return false;
        }
        if (len == 0) {
            return true;
        }
        long end = addr + len; // exclusive
        if (Long.compareUnsigned(end, addr) <= 0 && end != 0) {
            return false; // wraps around the 64-bit address space
        }
        long a = addr;
        while (a != end) {
            MemoryRegion r = as.find(a);
            if (r == null || r.kind != MemoryRegion.Kind.RAM) {
                return false;
            }
            long rEnd = r.base + r.size;
            if (rEnd == 0 || Long.compareUnsigned(rEnd, end) >= 0) {
                return true;
            }
            a = rEnd;
        }
        return true;
    }

    void check(long addr, long len, String what) throws VirtioException {
        if (!isRam(addr, len)) {
            throw new VirtioException(String.format("%s at 0x%x (length 0x%x) is not in guest RAM", what, addr, len));
        }
    }

    void read(long addr, byte[] dst, int off, int len, String what) throws VirtioException {
        check(addr, len, what);
        if (!DmaMemory.read(as, addr, dst, off, len)) {
            throw new VirtioException(String.format("%s at 0x%x: bus error", what, addr));
        }
    }

    void write(long addr, byte[] src, int off, int len, String what) throws VirtioException {
        check(addr, len, what);
        if (!DmaMemory.write(as, addr, src, off, len)) {
            throw new VirtioException(String.format("%s at 0x%x: bus error", what, addr));
        }
    }

    long readLe(long addr, int size, String what) throws VirtioException {
        read(addr, scratch, 0, size, what);
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (scratch[i] & 0xff);
        }
        return v;
    }

    void writeLe(long addr, int size, long value, String what) throws VirtioException {
        for (int i = 0; i < size; i++) {
            scratch[i] = (byte) (value >>> (8 * i));
        }
        write(addr, scratch, 0, size, what);
    }
}
