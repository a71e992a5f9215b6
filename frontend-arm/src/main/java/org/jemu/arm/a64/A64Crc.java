package org.jemu.arm.a64;

import org.jemu.translator.exec.GuestCpu;

/**
 * CRC-32 accumulation for the ARMv8 CRC32 instructions (Arm ARM C6.2 CRC32B/H/W/X and CRC32CB/H/W/X):
 * bit-reflected CRC with polynomial 0x04C11DB7 (CRC32*) or 0x1EDC6F41 (CRC32C*, Castagnoli), without the
 * initial and final inversion that zlib's CRC-32 adds (software does those itself). Pure functions:
 * called from IR as helpers with no effects.
 */
public final class A64Crc {
    private A64Crc() {
    }

    private static final int[] TABLE_CRC32 = table(0xEDB88320);
    private static final int[] TABLE_CRC32C = table(0x82F63B78);

    private static int[] table(int reflectedPoly) {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ reflectedPoly : c >>> 1;
            }
            t[i] = c;
        }
        return t;
    }

    private static int update(int[] table, int acc, long value, int bytes) {
        int crc = acc;
        for (int i = 0; i < bytes; i++) {
            crc = table[(crc ^ (int) (value >>> (8 * i))) & 0xff] ^ (crc >>> 8);
        }
        return crc;
    }

    /**
     * CRC32B/H/W/X: accumulates the low {@code bytes} (1, 2, 4 or 8) bytes of {@code value}, least
     * significant first, into {@code acc}.
     *
     * @param cpu unused (helper calling convention)
     */
    public static int crc32(GuestCpu cpu, int acc, long value, int bytes) {
        return update(TABLE_CRC32, acc, value, bytes);
    }

    /** CRC32CB/H/W/X: as {@link #crc32} with the Castagnoli polynomial. */
    public static int crc32c(GuestCpu cpu, int acc, long value, int bytes) {
        return update(TABLE_CRC32C, acc, value, bytes);
    }
}
