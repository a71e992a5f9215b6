package org.jemu.machine.device;

/**
 * Adapts guest accesses of any size to a device that implements only 32-bit register accesses, the way
 * QEMU's memory core does for {@code MemoryRegionOps} with {@code impl.min_access_size = 4} and
 * {@code impl.max_access_size = 4} on a little-endian device:
 *
 * <ul>
 * <li>a 1- or 2-byte access calls the 32-bit handler once at the guest's (possibly unaligned) offset, and
 * a read returns the low 8 or 16 bits of the result; a write passes the value zero-extended;</li>
 * <li>an 8-byte access is two 32-bit accesses, at {@code offset} (low half) and {@code offset + 4} (high
 * half).</li>
 * </ul>
 * Registers are therefore selected by {@code offset >> 2}, as in QEMU's device models.
 */
public final class RegisterAccess {
    private RegisterAccess() {
    }

    /** A 32-bit register read at a byte offset. */
    @FunctionalInterface
    public interface Read32 {
        int read(long offset);
    }

    /** A 32-bit register write at a byte offset. */
    @FunctionalInterface
    public interface Write32 {
        void write(long offset, int value);
    }

    /** Reads {@code size} (1, 2, 4 or 8) bytes through a 32-bit register read; the result is zero-extended. */
    public static long read(long offset, int size, Read32 r) {
        return switch (size) {
            case 1 -> r.read(offset) & 0xffL;
            case 2 -> r.read(offset) & 0xffffL;
            case 4 -> r.read(offset) & 0xffffffffL;
            case 8 -> (r.read(offset) & 0xffffffffL) | ((long) r.read(offset + 4) << 32);
            default -> throw new IllegalArgumentException("access size " + size);
        };
    }

    /** Writes {@code size} (1, 2, 4 or 8) bytes through a 32-bit register write. */
    public static void write(long offset, int size, long value, Write32 w) {
        switch (size) {
            case 1 -> w.write(offset, (int) (value & 0xff));
            case 2 -> w.write(offset, (int) (value & 0xffff));
            case 4 -> w.write(offset, (int) value);
            case 8 -> {
                w.write(offset, (int) value);
                w.write(offset + 4, (int) (value >>> 32));
            }
            default -> throw new IllegalArgumentException("access size " + size);
        }
    }
}
