package org.jemu.machine.block;

import static org.jemu.machine.block.PflashCfi01.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jemu.machine.device.VmStateException;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The virt flash banks, driven through the physical address space as a guest drives them. Expected
 * values were checked against qemu-system-aarch64 -M virt with -qtest.
 */
class PflashCfi01Test {
    private static final long BANK1 = 0x0400_0000L;

    private PhysicalAddressSpace as;
    private PflashCfi01 flash0;
    private PflashCfi01 flash1;
    private final List<long[]> writes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        as = new PhysicalAddressSpace();
        flash0 = PflashCfi01.virt("virt.flash0", as, 0);
        flash1 = PflashCfi01.virt("virt.flash1", as, BANK1);
        as.addWriteListener((paddr, len) -> writes.add(new long[] {paddr, len}));
    }

    @AfterEach
    void tearDown() {
        as.close();
    }

    private long rd(long addr, int size) {
        return as.read(addr, size, false);
    }

    private void wr(long addr, int size, long v) {
        as.write(addr, size, false, v);
    }

    /** U-Boot's flash_write_cmd: command replicated per chip of {@code chipWidth} bytes, at offset * 4. */
    private void cmd(long base, int offset, int chipWidth, int command) {
        long v = 0;
        for (int i = 0; i < 4; i += chipWidth) {
            v |= (long) command << (8 * i);
        }
        wr(base + offset * 4L, 4, v);
    }

    /** U-Boot's flash_isequal on a 32-bit port. */
    private boolean isEqual(long base, int offset, int chipWidth, int value) {
        long v = 0;
        for (int i = 0; i < 4; i += chipWidth) {
            v |= (long) value << (8 * i);
        }
        return rd(base + offset * 4L, 4) == v;
    }

    private int uchar(long base, int offset) {
        return (int) rd(base + offset * 4L, 1);
    }

    /** The 32-bit little-endian word stored in bank 0 at {@code off}, bypassing the command state. */
    private long stored(long off) {
        return word(flash0.contents(off, 4), 0);
    }

    private static long word(byte[] b, int off) {
        return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16 | (b[off + 3] & 0xffL) << 24;
    }

    @Test
    void ubootCfiProbeFindsTwoX16ChipsOnA32BitBus() {
        int found = 0;
        probe:
        for (int chipWidth = 1; chipWidth <= 4; chipWidth <<= 1) {
            for (int cfiOffset : new int[] {0x55, 0x555}) {
                cmd(0, 0, chipWidth, CMD_AMD_RESET); // flash_cmd_reset
                cmd(0, 0, chipWidth, CMD_READ_ARRAY);
                cmd(0, cfiOffset, chipWidth, CMD_CFI_QUERY);
                if (isEqual(0, 0x10, chipWidth, 'Q') && isEqual(0, 0x11, chipWidth, 'R') && isEqual(0, 0x12, chipWidth, 'Y')) {
                    found = chipWidth;
                    break probe;
                }
            }
        }
        assertEquals(2, found, "detected as x16 chips");
        assertFalse(flash0.region().directRead(), "query mode: reads come from the device");

        // struct cfi_qry, read byte by byte as flash_read_cfi does.
        assertEquals(0x0001, uchar(0, 0x13) | uchar(0, 0x14) << 8, "Intel command set");
        assertEquals(0x0031, uchar(0, 0x15) | uchar(0, 0x16) << 8, "extended table");
        assertEquals(0x19, uchar(0, 0x27), "2^25 bytes per chip");
        assertEquals(0x0002, uchar(0, 0x28) | uchar(0, 0x29) << 8, "x8/x16 interface");
        assertEquals(0x0b, uchar(0, 0x2a), "2 KiB write buffer per chip");
        assertEquals(1, uchar(0, 0x2c), "one erase region");
        int eraseRegion = uchar(0, 0x2d) | uchar(0, 0x2e) << 8 | uchar(0, 0x2f) << 16 | uchar(0, 0x30) << 24;
        assertEquals(0x020000ff, eraseRegion, "256 blocks of 0x200 * 256 bytes");
        int sizeRatio = 4 / found;
        assertEquals(64L << 20, (1L << uchar(0, 0x27)) * sizeRatio);
        assertEquals(256 << 10, ((eraseRegion >>> 16) * 256) * sizeRatio);
        assertEquals("PRI", "" + (char) uchar(0, 0x31) + (char) uchar(0, 0x32) + (char) uchar(0, 0x33));

        // Values as qemu-system-aarch64 -M virt returns them.
        assertEquals(0x00510051L, rd(0x40, 4));
        assertEquals(0x00190019L, rd(0x9c, 4));
        assertEquals(0x00ff00ffL, rd(0xb4, 4));
        assertEquals(0x00020002L, rd(0xc0, 4));
        assertEquals(0x0052005200510051L, rd(0x40, 8));
        assertEquals(0x51, rd(0x41, 1), "a byte read anywhere in the word gets the low byte");

        cmd(0, 0, 2, CMD_READ_ID); // ignored in query mode, as in QEMU
        assertEquals(0, rd(0, 4));
        cmd(0, 0, 2, CMD_READ_ARRAY);
        assertTrue(flash0.region().directRead(), "back to read-array (ROMD) mode");

        // cmdset_intel_read_jedec_ids
        cmd(0, 0, 2, CMD_READ_ID);
        assertEquals(0x00890089L, rd(0, 4));
        assertEquals(0x00180018L, rd(4, 4));
        assertEquals(0x18, rd(6, 1));
        assertEquals(0, rd(8, 4), "block 0 not locked");
        cmd(0, 0, 2, CMD_READ_ARRAY);
        assertTrue(flash1.region().directRead(), "the other bank is independent");
    }

    @Test
    void programAndEraseCycle() {
        byte[] image = new byte[1 << 20];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (i ^ (i >> 8));
        }
        flash0.load(image);
        assertEquals(image[0x100] & 0xff, rd(0x100, 1));

        // Erase the second 256 KiB block (U-Boot: clear status, 0x20, 0xd0, then poll status).
        long block = 256 << 10;
        writes.clear();
        cmd(0, 0, 2, CMD_CLEAR_STATUS);
        wr(block + 0x100, 4, 0x00200020);
        assertFalse(flash0.region().directRead());
        assertEquals(0x00800080L, rd(block, 4), "status: ready");
        assertEquals(word(image, (int) block), stored(block), "not erased before confirm");
        wr(block + 0x100, 4, 0x00d000d0);
        assertEquals(0x00800080L, rd(block, 4));
        assertEquals(0x80, rd(block, 2), "status of one chip on a 16-bit read");
        cmd(0, 0, 2, CMD_READ_ARRAY);
        assertEquals(0xffffffffL, rd(block, 4));
        assertEquals(0xffffffffL, rd(2 * block - 4, 4));
        assertEquals(image[(int) block - 1] & 0xff, rd(block - 1, 1), "previous block untouched");
        assertEquals(image[(int) (2 * block)] & 0xff, rd(2 * block, 1), "next block untouched");
        assertTrue(writes.stream().anyMatch(w -> w[0] == block && w[1] == block), "erase notified");

        // Word program (0x40 + data).
        writes.clear();
        wr(block + 0x10, 4, 0x00400040);
        wr(block + 0x10, 4, 0x12345678);
        assertEquals(0x00800080L, rd(block + 0x10, 4));
        cmd(0, 0, 2, CMD_READ_ARRAY);
        assertEquals(0x12345678L, rd(block + 0x10, 4));
        assertTrue(writes.stream().anyMatch(w -> w[0] == block + 0x10 && w[1] == 4), "program notified");

        // Buffered program: 0xe8, count-1 per chip, data, 0xd0.
        writes.clear();
        long wb = block + 0x1000;
        wr(wb, 4, 0x00e800e8);
        assertEquals(0x00800080L, rd(wb, 4), "write buffer available");
        wr(wb, 4, 0x00010001); // two words
        wr(wb, 4, 0xaabbccddL);
        assertEquals(0xffffffffL, stored(wb), "not written before confirm");
        wr(wb + 4, 4, 0x11223344);
        wr(wb, 4, 0x00d000d0);
        cmd(0, 0, 2, CMD_READ_ARRAY);
        assertEquals(0xaabbccddL, rd(wb, 4));
        assertEquals(0x11223344L, rd(wb + 4, 4));
        assertEquals(0xffffffffL, rd(wb + 8, 4));
        assertTrue(writes.stream().anyMatch(w -> w[0] == wb && w[1] == flash0.writeBlockSize()));

        // A one-word buffered program works too.
        wr(wb + 8, 4, 0x00e800e8);
        wr(wb + 8, 4, 0);
        wr(wb + 8, 4, 0x55667788);
        wr(wb + 8, 4, 0x00d000d0);
        cmd(0, 0, 2, CMD_READ_ARRAY);
        assertEquals(0x55667788L, rd(wb + 8, 4));

        // An aborted buffered program leaves the flash unchanged and returns to read array.
        wr(wb + 12, 4, 0x00e800e8);
        wr(wb + 12, 4, 0);
        wr(wb + 12, 4, 0x01020304);
        wr(wb + 12, 4, 0x00ff00ff);
        assertTrue(flash0.region().directRead());
        assertEquals(0xffffffffL, rd(wb + 12, 4));

        // Lock/unlock are accepted.
        wr(block, 4, 0x00600060);
        wr(block, 4, 0x00d000d0);
        assertEquals(0x00800080L, rd(block, 4));
        cmd(0, 0, 2, CMD_READ_ARRAY);
        assertEquals(0xffffffffL, rd(block, 4));
    }

    @Test
    void readOnlyFlashReportsErrors() {
        flash1.setReadOnly(true);
        wr(BANK1, 4, 0x00400040);
        wr(BANK1, 4, 0x12345678);
        assertEquals(0x00900090L, rd(BANK1, 4), "ready + program error");
        cmd(BANK1, 0, 2, CMD_CLEAR_STATUS);
        wr(BANK1, 4, 0x00200020);
        wr(BANK1, 4, 0x00d000d0);
        assertEquals(0x00a000a0L, rd(BANK1, 4), "ready + erase error");
        cmd(BANK1, 0, 2, CMD_READ_ARRAY);
        assertEquals(0, rd(BANK1, 4), "contents unchanged (a fresh bank reads zero, as in QEMU)");
    }

    @Test
    void unknownCommandsReturnToReadArray() {
        wr(0, 4, 0x00330033);
        assertTrue(flash0.region().directRead());
        wr(0, 4, 0x00200020);
        wr(0, 4, 0x00440044); // neither confirm nor read array
        assertTrue(flash0.region().directRead());
        assertEquals(0, rd(0, 4), "not erased");
    }

    @Test
    void loadRejectsOversizedImagesAndResetRestoresReadArray() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> flash0.load(new byte[(64 << 20) + 1]));
        assertEquals("image of 67108865 bytes does not fit in the 64 MiB flash virt.flash0", e.getMessage());
        cmd(0, 0x55, 2, CMD_CFI_QUERY);
        assertFalse(flash0.region().directRead());
        flash0.reset();
        assertTrue(flash0.region().directRead());
    }

    @Test
    void stateRoundTripAndValidation() throws VmStateException {
        wr(0x2000, 4, 0x00e800e8);
        wr(0x2000, 4, 0x00010001);
        wr(0x2000, 4, 0xcafef00dL); // one of two words buffered
        byte[] saved = flash0.vmState().toBytes();
        flash0.reset();
        assertTrue(flash0.region().directRead());
        flash0.vmState().fromBytes(saved);
        assertFalse(flash0.region().directRead(), "ROMD mode follows the loaded command state");
        wr(0x2004, 4, 0x0badcafeL);
        wr(0x2000, 4, 0x00d000d0);
        cmd(0, 0, 2, CMD_READ_ARRAY);
        assertEquals(0xcafef00dL, rd(0x2000, 4), "the buffer survived the snapshot");
        assertEquals(0x0badcafeL, rd(0x2004, 4));

        byte[] corrupt = saved.clone();
        corrupt[0] = 7; // wcycle
        VmStateException ex = assertThrows(VmStateException.class, () -> flash0.vmState().fromBytes(corrupt));
        assertEquals("device state 'pflash_cfi01': write cycle 7 is out of range 0..3", ex.getMessage());
        assertTrue(flash0.region().directRead(), "previous state restored");
        assertArrayEquals(new byte[] {(byte) 0x0d, (byte) 0xf0, (byte) 0xfe, (byte) 0xca}, flash0.contents(0x2000, 4));
    }
}
