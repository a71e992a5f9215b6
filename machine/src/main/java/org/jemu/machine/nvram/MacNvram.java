package org.jemu.machine.nvram;

import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;
import org.jemu.translator.memory.MmioHandler;

/**
 * The Old World Power Macintosh NVRAM in the MacIO ASIC, as QEMU's {@code hw/nvram/mac_nvram.c}
 * ({@code macio-nvram}, size 0x2000, it_shift 4) including the CHRP partitions QEMU writes at power-on
 * ({@code pmac_format_nvram_partition}, {@code hw/nvram/chrp_nvram.c}).
 *
 * <h2>Interface</h2>
 * MMIO: {@code size << 4} bytes at MacIO offset 0x60000; NVRAM byte {@code n} is at offset {@code n << 4}
 * (other address bits are ignored: offset {@code o} reaches byte {@code (o >> 4) & (size - 1)}). Big-endian,
 * 1-byte registers; a wider access reaches the same byte. No interrupt.
 *
 * <h2>Contents after construction</h2>
 * The first half holds the Open Firmware partitions: a "system" partition (signature 0x70) of 0xC10 bytes with
 * no variables, then a "free" partition (0x7F) to the middle. The second half is the Mac OS X partition
 * (signature 0x5A, name "wwwwwwwwwwww", generation 2 at byte 20, at byte 16 the Adler-32 of bytes 20.. started from 0 as QEMU computes it). Each
 * 16-byte header is: signature, checksum, big-endian length in 16-byte units, 12-byte name. The contents
 * survive a system reset, as QEMU's.
 */
public final class MacNvram extends Device implements MmioHandler {
    /** NVRAM size in bytes (QEMU's oldworld "size" property). */
    public static final int DEFAULT_SIZE = 0x2000;
    /** Address shift (QEMU's "it_shift"). */
    public static final int IT_SHIFT = 4;
    /** CHRP partition signatures. */
    public static final int PART_SYSTEM = 0x70;
    public static final int PART_FREE = 0x7f;
    public static final int PART_OSX = 0x5a;
    /** Minimum size of the system partition (QEMU's DEF_SYSTEM_SIZE). */
    public static final int DEF_SYSTEM_SIZE = 0xc10;

    private final byte[] data;
    private final VmState vmState;

    /** @param size NVRAM size in bytes, a power of two from 32 */
    public MacNvram(String name, int size) {
        super(name);
        if (Integer.bitCount(size) != 1 || size < 32) {
            throw new IllegalArgumentException("NVRAM size " + size + " is not a power of two >= 32");
        }
        data = new byte[size];
        format();
        vmState = VmState.builder("macio_nvram", 1, 1, MethodHandles.lookup(), this).bytes("data").build();
    }

    /** Size of the MMIO region. */
    public long regionSize() {
        return (long) data.length << IT_SHIFT;
    }

    /** The NVRAM contents (a copy). */
    public byte[] contents() {
        return data.clone();
    }

    private void format() {
        int half = data.length / 2;
        int sysEnd = Math.max(((16 + 1 + 15) & ~15), DEF_SYSTEM_SIZE);
        header(0, PART_SYSTEM, "system", sysEnd);
        header(sysEnd, PART_FREE, "free", half - sysEnd);
        header(half, PART_OSX, "wwwwwwwwwwww", half);
        putBe32(half + 20, 2);
        putBe32(half + 16, adler32FromZero(data, half + 20, half - 20));
    }

    /**
     * Adler-32 (RFC 1950 8.2) started from 0 instead of 1, as QEMU calls zlib's {@code adler32(0, buf, len)} for
     * the OS X partition.
     */
    static int adler32FromZero(byte[] buf, int off, int len) {
        long a = 0;
        long b = 0;
        for (int i = 0; i < len; i++) {
            a = (a + (buf[off + i] & 0xff)) % 65521;
            b = (b + a) % 65521;
        }
        return (int) (b << 16 | a);
    }

    private void putBe32(int off, int v) {
        data[off] = (byte) (v >>> 24);
        data[off + 1] = (byte) (v >>> 16);
        data[off + 2] = (byte) (v >>> 8);
        data[off + 3] = (byte) v;
    }

    /** Writes a CHRP partition header (chrp_nvram_finish_partition's checksum). */
    private void header(int off, int signature, String name, int len) {
        data[off] = (byte) signature;
        data[off + 2] = (byte) ((len >> 4) >> 8);
        data[off + 3] = (byte) (len >> 4);
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        // pstrcpy into 12 bytes: at most 11 characters and a NUL
        for (int i = 0; i < 12; i++) {
            data[off + 4 + i] = i < Math.min(n.length, 11) ? n[i] : 0;
        }
        int sum = data[off] & 0xff;
        for (int i = 0; i < 14; i++) {
            sum += data[off + 2 + i] & 0xff;
            sum = (sum + ((sum & 0xff00) >> 8)) & 0xff;
        }
        data[off + 1] = (byte) sum;
    }

    @Override
    public void reset() {
        // NVRAM keeps its contents over a reset.
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    @Override
    public ByteOrder order() {
        return ByteOrder.BIG_ENDIAN;
    }

    @Override
    public long read(long offset, int size) {
        return data[(int) (offset >> IT_SHIFT) & (data.length - 1)] & 0xff;
    }

    @Override
    public void write(long offset, int size, long value) {
        data[(int) (offset >> IT_SHIFT) & (data.length - 1)] = (byte) value;
    }
}
