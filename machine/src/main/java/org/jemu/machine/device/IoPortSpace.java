package org.jemu.machine.device;

import org.jemu.translator.exec.GuestLog;
import org.jemu.translator.memory.MmioHandler;

/**
 * An x86 I/O address space (SDM Vol. 1 chapter 19: 65536 8-bit ports), as QEMU's {@code address_space_io}:
 * devices register port ranges with an {@link MmioHandler} (the offset passed to it is the port minus the
 * range's base, as for QEMU's {@code MemoryRegionOps} on the I/O space), and the board wires
 * {@link #in}/{@link #out} to the CPU's port I/O.
 *
 * <h2>Access sizes</h2>
 * Each range declares the widest access its handler takes in one call ({@code maxAccess}: 1, 2 or 4 bytes).
 * An access of 1, 2 or 4 bytes that lies inside one range and is not wider than its {@code maxAccess} goes to
 * the handler in one call; any other access (a word to byte-wide registers, an access that straddles two
 * ranges or unassigned ports) is split into byte accesses at ascending ports, little-endian, as QEMU's memory
 * core splits accesses wider than a device's {@code impl.max_access_size}.
 *
 * <h2>Unassigned ports</h2>
 * A read of a port no device decodes returns all ones (0xFF per byte: the ISA data bus floats high, and QEMU's
 * unassigned I/O reads the same); a write is ignored. Both are logged under {@code -d guest_errors}.
 *
 * <p>Like every device interface this runs on the vCPU thread only.
 */
public final class IoPortSpace {
    /** Number of ports. */
    public static final int PORTS = 0x1_0000;

    private record Range(String name, int base, int size, int maxAccess, MmioHandler handler) {
    }

    /** The range that decodes each port, or null. */
    private final Range[] byPort = new Range[PORTS];

    /**
     * Registers ports [{@code base}, {@code base + size}) for {@code handler}.
     *
     * @param name      device name, for logs and overlap errors
     * @param base      first port, 0..0xFFFF
     * @param size      number of ports, at least 1
     * @param maxAccess widest single access the handler takes (1, 2 or 4 bytes)
     * @throws IllegalArgumentException if the range is out of bounds or overlaps a registered one
     */
    public void add(String name, int base, int size, int maxAccess, MmioHandler handler) {
        if (base < 0 || size < 1 || (long) base + size > PORTS) {
            throw new IllegalArgumentException(name + ": ports 0x" + Integer.toHexString(base) + "+" + size
                    + " are outside 0..0xffff");
        }
        if (maxAccess != 1 && maxAccess != 2 && maxAccess != 4) {
            throw new IllegalArgumentException(name + ": access size " + maxAccess);
        }
        for (int p = base; p < base + size; p++) {
            if (byPort[p] != null) {
                throw new IllegalArgumentException(name + ": port 0x" + Integer.toHexString(p) + " is already used by "
                        + byPort[p].name);
            }
        }
        Range r = new Range(name, base, size, maxAccess, handler);
        for (int p = base; p < base + size; p++) {
            byPort[p] = r;
        }
    }

    /** The name of the device decoding {@code port}, or null if it is unassigned. */
    public String owner(int port) {
        Range r = byPort[port & 0xFFFF];
        return r == null ? null : r.name;
    }

    /**
     * Reads {@code size} (1, 2 or 4) bytes from {@code port}.
     *
     * @return the value in the low {@code 8 * size} bits, zero-extended (a 4-byte value fills the int)
     */
    public int in(int port, int size) {
        port &= 0xFFFF;
        Range r = byPort[port];
        if (r != null && size <= r.maxAccess && port + size <= r.base + r.size) {
            return (int) r.handler.read(port - r.base, size);
        }
        int v = 0;
        for (int i = 0; i < size; i++) {
            v |= inByte((port + i) & 0xFFFF) << (8 * i);
        }
        return v;
    }

    /** Writes the low {@code 8 * size} bits of {@code value} to {@code port} ({@code size} 1, 2 or 4). */
    public void out(int port, int size, int value) {
        port &= 0xFFFF;
        Range r = byPort[port];
        if (r != null && size <= r.maxAccess && port + size <= r.base + r.size) {
            long v = size == 4 ? value & 0xFFFF_FFFFL : value & ((1L << (8 * size)) - 1);
            r.handler.write(port - r.base, size, v);
            return;
        }
        for (int i = 0; i < size; i++) {
            outByte((port + i) & 0xFFFF, (value >>> (8 * i)) & 0xFF);
        }
    }

    private int inByte(int port) {
        Range r = byPort[port];
        if (r == null) {
            if (GuestLog.on(GuestLog.GUEST_ERRORS)) {
                GuestLog.log(String.format("ioport: read of unassigned port 0x%04x", port));
            }
            return 0xFF;
        }
        return (int) r.handler.read(port - r.base, 1) & 0xFF;
    }

    private void outByte(int port, int value) {
        Range r = byPort[port];
        if (r == null) {
            if (GuestLog.on(GuestLog.GUEST_ERRORS)) {
                GuestLog.log(String.format("ioport: write of 0x%02x to unassigned port 0x%04x", value, port));
            }
            return;
        }
        r.handler.write(port - r.base, 1, value);
    }
}
