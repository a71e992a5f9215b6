package org.jemu.machine.board;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.jemu.translator.exec.GuestLog;
import org.jemu.translator.memory.MmioHandler;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * The e500 configuration, control and status register block (CCSR, "MPC8544E Reference Manual" chapter 2
 * "Memory Map"): one {@link MmioHandler} for the whole window (1 MiB at 0xF_E000_0000 on {@code ppce500}) that
 * passes each access to the device mapped at that offset, as QEMU's {@code e500-ccsr} container does. Devices
 * of either byte order can be mapped: values are converted between the CCSR's big-endian view and the device's
 * order. Offsets with no device read as zero and ignore writes (logged under {@code -d unimp}), as accesses to
 * unassigned memory in QEMU's container.
 */
public final class E500Ccsr implements MmioHandler {
    private record Sub(String name, long base, long size, MmioHandler handler) {
    }

    private final String name;
    private final long size;
    private final List<Sub> subs = new ArrayList<>();

    /** @param name region name (logs); @param size window size in bytes */
    public E500Ccsr(String name, long size) {
        this.name = name;
        this.size = size;
    }

    /**
     * Maps {@code handler} at offset {@code base} of the window, {@code size} bytes.
     *
     * @throws IllegalArgumentException if it overlaps another mapping or leaves the window
     */
    public void map(String subName, long base, long subSize, MmioHandler handler) {
        if (base < 0 || subSize <= 0 || base + subSize > size) {
            throw new IllegalArgumentException(subName + " does not fit in " + name);
        }
        for (Sub s : subs) {
            if (base < s.base + s.size && s.base < base + subSize) {
                throw new IllegalArgumentException(subName + " overlaps " + s.name + " in " + name);
            }
        }
        subs.add(new Sub(subName, base, subSize, handler));
    }

    @Override
    public ByteOrder order() {
        return ByteOrder.BIG_ENDIAN;
    }

    private Sub find(long offset) {
        for (Sub s : subs) {
            if (offset >= s.base && offset < s.base + s.size) {
                return s;
            }
        }
        return null;
    }

    @Override
    public long read(long offset, int size) {
        Sub s = find(offset);
        if (s == null) {
            if (GuestLog.on(GuestLog.UNIMP)) {
                GuestLog.log(name + ": read of unmodelled register at offset 0x" + Long.toHexString(offset));
            }
            return 0;
        }
        long v = s.handler.read(offset - s.base, size);
        return PhysicalAddressSpace.deviceValue(s.handler, v, size, true);
    }

    @Override
    public void write(long offset, int size, long value) {
        Sub s = find(offset);
        if (s == null) {
            if (GuestLog.on(GuestLog.UNIMP)) {
                GuestLog.log(name + ": write of unmodelled register at offset 0x" + Long.toHexString(offset)
                        + " = 0x" + Long.toHexString(value));
            }
            return;
        }
        s.handler.write(offset - s.base, size, PhysicalAddressSpace.deviceValue(s.handler, value, size, true));
    }
}
