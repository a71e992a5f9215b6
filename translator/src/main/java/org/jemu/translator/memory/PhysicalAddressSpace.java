package org.jemu.translator.memory;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A guest physical address space: non-overlapping RAM, ROM and MMIO regions. Addresses are guest physical,
 * in bytes. Accesses to addresses with no region read as zero and ignore writes, logged as guest errors
 * (the soft-MMU turns them into the architecture's external abort where the frontend asks for it).
 *
 * <p>Loaders, DMA-capable devices and debuggers use {@link #read}/{@link #write} here; these keep the
 * code cache coherent through the {@link WriteListener}s.
 */
public final class PhysicalAddressSpace {
    private static final Logger LOG = LoggerFactory.getLogger(PhysicalAddressSpace.class);

    /** Told about writes to guest RAM made outside the soft-MMU fast path (DMA, loaders, flash). */
    public interface WriteListener {
        void physicalWrite(long paddr, long len);
    }

    private MemoryRegion[] regions = new MemoryRegion[0];
    private final List<WriteListener> writeListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> mappingListeners = new CopyOnWriteArrayList<>();
    private final List<MemorySegment> owned = new ArrayList<>();

    /** Adds RAM of {@code size} bytes (multiple of 4096) at guest physical {@code base}. */
    public MemoryRegion addRam(String name, long base, long size) {
        MemorySegment seg = HostMemory.allocate(size);
        owned.add(seg);
        return add(new MemoryRegion(name, MemoryRegion.Kind.RAM, base, size, seg, null));
    }

    /**
     * Adds a ROM of {@code size} bytes at {@code base}; {@code handler} (may be null) receives guest writes
     * and, while {@link MemoryRegion#setRomd} is off, reads.
     */
    public MemoryRegion addRom(String name, long base, long size, MmioHandler handler) {
        MemorySegment seg = HostMemory.allocate(size);
        owned.add(seg);
        return add(new MemoryRegion(name, MemoryRegion.Kind.ROM, base, size, seg, handler));
    }

    /** Adds an MMIO region of {@code size} bytes at {@code base} served by {@code handler}. */
    public MemoryRegion addMmio(String name, long base, long size, MmioHandler handler) {
        return add(new MemoryRegion(name, MemoryRegion.Kind.MMIO, base, size, null, handler));
    }

    private synchronized MemoryRegion add(MemoryRegion r) {
        if (r.size <= 0) {
            throw new IllegalArgumentException("region " + r.name + " has no size");
        }
        for (MemoryRegion o : regions) {
            if (r.base < o.base + o.size && o.base < r.base + r.size) {
                throw new IllegalArgumentException("region " + r + " overlaps " + o);
            }
        }
        MemoryRegion[] n = Arrays.copyOf(regions, regions.length + 1);
        n[regions.length] = r;
        Arrays.sort(n, (a, b) -> Long.compareUnsigned(a.base, b.base));
        regions = n;
        r.owner = this;
        mappingChanged();
        return r;
    }

    /** The region containing guest physical {@code paddr}, or null. */
    public MemoryRegion find(long paddr) {
        MemoryRegion[] rs = regions;
        int lo = 0;
        int hi = rs.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            MemoryRegion r = rs[mid];
            if (Long.compareUnsigned(paddr, r.base) < 0) {
                hi = mid - 1;
            } else if (Long.compareUnsigned(paddr - r.base, r.size) >= 0) {
                lo = mid + 1;
            } else {
                return r;
            }
        }
        return null;
    }

    /** All regions, sorted by base. */
    public List<MemoryRegion> regions() {
        return List.of(regions);
    }

    public void addWriteListener(WriteListener l) {
        writeListeners.add(l);
    }

    /** {@code r} runs when the mapping changes (TLBs must be flushed). */
    public void addMappingListener(Runnable r) {
        mappingListeners.add(r);
    }

    void mappingChanged() {
        for (Runnable r : mappingListeners) {
            r.run();
        }
    }

    /** Tells the write listeners that guest physical [{@code paddr}, +{@code len}) changed. */
    public void notifyWrite(long paddr, long len) {
        for (WriteListener l : writeListeners) {
            l.physicalWrite(paddr, len);
        }
    }

    /**
     * Reads {@code size} bytes (1, 2, 4, 8) at guest physical {@code paddr} in the given byte order,
     * zero-extended; unmapped addresses read as 0. Accesses must not cross a region boundary.
     */
    public long read(long paddr, int size, boolean bigEndian) {
        MemoryRegion r = find(paddr);
        if (r == null) {
            LOG.debug("read of unmapped physical address 0x{}", Long.toHexString(paddr));
            return 0;
        }
        return readRegion(r, paddr, size, bigEndian);
    }

    /** Reads from region {@code r} (which contains {@code paddr}). */
    public static long readRegion(MemoryRegion r, long paddr, int size, boolean bigEndian) {
        if (r.directRead()) {
            return Mem.read(r.hostAddress(paddr), size, bigEndian);
        }
        long v = r.handler.read(paddr - r.base, size);
        return adjustOrder(r.handler, v, size, bigEndian);
    }

    /** Writes the low {@code size} bytes of {@code v} at guest physical {@code paddr}. */
    public void write(long paddr, int size, boolean bigEndian, long v) {
        MemoryRegion r = find(paddr);
        if (r == null) {
            LOG.debug("write to unmapped physical address 0x{}", Long.toHexString(paddr));
            return;
        }
        writeRegion(r, paddr, size, bigEndian, v);
    }

    /** Writes to region {@code r} (which contains {@code paddr}), keeping translated code coherent. */
    public void writeRegion(MemoryRegion r, long paddr, int size, boolean bigEndian, long v) {
        if (r.directWrite()) {
            Mem.write(r.hostAddress(paddr), size, bigEndian, v);
            notifyWrite(paddr, size);
        } else if (r.handler != null) {
            r.handler.write(paddr - r.base, size, adjustOrder(r.handler, v, size, bigEndian));
        } else {
            LOG.debug("guest write to ROM {} at 0x{} ignored", r.name, Long.toHexString(paddr));
        }
    }

    private static long adjustOrder(MmioHandler h, long v, int size, boolean bigEndian) {
        boolean devBig = h.order() == java.nio.ByteOrder.BIG_ENDIAN;
        if (devBig == bigEndian || size == 1) {
            return v;
        }
        return switch (size) {
            case 2 -> Short.reverseBytes((short) v) & 0xffffL;
            case 4 -> Integer.reverseBytes((int) v) & 0xffffffffL;
            default -> Long.reverseBytes(v);
        };
    }

    /** Byte-swaps {@code v} of {@code size} bytes if the device's order differs from the access's. */
    public static long deviceValue(MmioHandler h, long v, int size, boolean bigEndian) {
        return adjustOrder(h, v, size, bigEndian);
    }

    /** Copies {@code data} to guest physical {@code paddr} (RAM or ROM backing; loaders). */
    public void load(long paddr, byte[] data) {
        long off = 0;
        while (off < data.length) {
            MemoryRegion r = find(paddr + off);
            if (r == null || r.backing == null) {
                throw new IllegalArgumentException(String.format(
                        "cannot load %d bytes at 0x%x: no RAM or ROM at 0x%x", data.length, paddr, paddr + off));
            }
            long n = Math.min(data.length - off, r.base + r.size - (paddr + off));
            MemorySegment.copy(data, (int) off, r.backing, java.lang.foreign.ValueLayout.JAVA_BYTE,
                    paddr + off - r.base, (int) n);
            off += n;
        }
        notifyWrite(paddr, data.length);
    }

    /**
     * Sets {@code len} bytes of guest physical memory from {@code paddr} to {@code value} (RAM or ROM backing;
     * loaders: an ELF segment's zero fill), without a host buffer of that size.
     *
     * @throws IllegalArgumentException if part of the range is not RAM or ROM
     */
    public void fill(long paddr, long len, byte value) {
        long off = 0;
        while (off < len) {
            MemoryRegion r = find(paddr + off);
            if (r == null || r.backing == null) {
                throw new IllegalArgumentException(String.format(
                        "cannot fill %d bytes at 0x%x: no RAM or ROM at 0x%x", len, paddr, paddr + off));
            }
            long n = Math.min(len - off, r.base + r.size - (paddr + off));
            r.backing.asSlice(paddr + off - r.base, n).fill(value);
            off += n;
        }
        notifyWrite(paddr, len);
    }

    /** Reads {@code len} bytes from guest physical {@code paddr} byte by byte (debuggers, tests). */
    public byte[] readBytes(long paddr, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = (byte) read(paddr + i, 1, false);
        }
        return out;
    }

    /** Releases host memory. The address space must not be used afterwards. */
    public void close() {
        for (MemorySegment s : owned) {
            HostMemory.free(s);
        }
        owned.clear();
        regions = new MemoryRegion[0];
    }
}
