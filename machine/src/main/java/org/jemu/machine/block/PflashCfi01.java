package org.jemu.machine.block;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;
import org.jemu.translator.memory.MemoryRegion;
import org.jemu.translator.memory.MmioHandler;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * CFI parallel NOR flash with the Intel/Sharp command set (CFI command set 0x0001), as QEMU's
 * {@code hw/block/pflash_cfi01.c}: the two 64 MiB banks of the virt board at 0x0000_0000 and 0x0400_0000,
 * from which firmware (U-Boot, EDK2) runs in place and in which it keeps its environment or variables.
 *
 * <h2>Interface</h2>
 * The constructor adds a ROM region of the whole bank to the address space with this object as its handler
 * ({@link PhysicalAddressSpace#addRom}). In read-array mode the region is ROMD: the guest reads and executes
 * the backing memory directly. The first write of a command switches the region to device mode
 * ({@link MemoryRegion#setRomd}{@code (false)}), so reads return status, ID or CFI query data until the guest
 * returns to read-array mode (command 0xFF, or 0x00/0xF0). Every change to the flash contents calls
 * {@link PhysicalAddressSpace#notifyWrite} for the changed range, so code translated from flash stays
 * coherent. No interrupt.
 *
 * <h2>Geometry (virt)</h2>
 * The bank is {@code bankWidth} bytes wide (4) and made of {@code bankWidth / deviceWidth} 16-bit devices
 * in parallel (2), each answering commands on its own lanes: status, ID and query responses are replicated
 * per device. Command and query addresses are scaled by the bank width: CFI query byte {@code n} is at bank
 * offset {@code n * 4}. The erase block is {@code sectorLength} bytes of the bank (256 KiB = 128 KiB in each
 * device). Data is little-endian (QEMU's {@code big-endian=false}).
 *
 * <h2>Commands (first cycle; QEMU semantics)</h2>
 * <ul>
 * <li>0xFF, 0x00, 0xF0: read array. 0x70: read status register. 0x50: clear status register (to 0) and
 * read array. 0x90: read identifier (manufacturer ID at device address 0, device ID at 1). 0x98: CFI query
 * (stays in query mode until 0xFF).</li>
 * <li>0x10/0x40 + data: word program. 0x20 + 0xD0: block erase (to 0xFF). 0xE8 + count-1 + data... + 0xD0:
 * buffered program of up to {@code writeBlockSize} bytes within one aligned write block, committed on the
 * confirm cycle (discarded on any other command). 0x60 + 0x01/0xD0: block lock/unlock, accepted without
 * effect (blocks are never locked).</li>
 * <li>Status register: bit 7 ready (the write state machine is never busy), bit 5 erase error, bit 4
 * program error (set when the bank is read-only or a buffered write leaves its block).</li>
 * </ul>
 * Deviations from QEMU, both towards the datasheets: a block erase happens on the 0xD0 confirm cycle (QEMU
 * erases on the 0x20 cycle), and a one-word buffered program (count 0) works (recent QEMU flags it as a
 * program error).
 */
public final class PflashCfi01 extends Device implements MmioHandler {
    /** virt: bytes per bank. */
    public static final long VIRT_BANK_SIZE = 64L << 20;
    /** virt: erase sector (block) size of the bank in bytes. */
    public static final int VIRT_SECTOR_SIZE = 256 << 10;

    // Commands.
    public static final int CMD_READ_ARRAY = 0xff;
    public static final int CMD_READ_ARRAY_QEMU = 0x00;
    public static final int CMD_AMD_RESET = 0xf0;
    public static final int CMD_READ_STATUS = 0x70;
    public static final int CMD_CLEAR_STATUS = 0x50;
    public static final int CMD_READ_ID = 0x90;
    public static final int CMD_CFI_QUERY = 0x98;
    public static final int CMD_PROGRAM = 0x40;
    public static final int CMD_PROGRAM_ALT = 0x10;
    public static final int CMD_BLOCK_ERASE = 0x20;
    public static final int CMD_BUFFERED_PROGRAM = 0xe8;
    public static final int CMD_LOCK_SETUP = 0x60;
    public static final int CMD_CONFIRM = 0xd0;
    public static final int CMD_LOCK = 0x01;

    // Status register bits.
    public static final int STATUS_READY = 0x80;
    public static final int STATUS_ERASE_ERROR = 0x20;
    public static final int STATUS_PROGRAM_ERROR = 0x10;

    private final PhysicalAddressSpace as;
    private final MemoryRegion region;
    private final MemorySegment storage;
    private final long size;
    private final int sectorLength;
    private final int bankWidth;
    private final int deviceWidth;
    private final int maxDeviceWidth;
    private final int ident0;
    private final int ident1;
    private final int ident2;
    private final int ident3;
    private final byte[] cfiTable = new byte[0x52];
    private final int writeBlockSize;
    private final byte[] blkBytes;
    private final VmState vmState;
    private boolean readOnly;
    private UpdateListener updateListener;

    // Command state (QEMU's PFlashCFI01 names).
    private int wcycle;
    private int cmd;
    private int status;
    private long counter;
    /** Offset of the buffered-program block, or -1. */
    private long blkOffset = -1;

    /** Told about every range of the flash contents the guest changed (to write it back to a file). */
    @FunctionalInterface
    public interface UpdateListener {
        void updated(long offset, long length);
    }

    /**
     * Creates the flash and maps it into {@code as} at {@code base}.
     *
     * @param numBlocks      erase blocks in the bank
     * @param sectorLength   bytes per erase block of the whole bank (a power of two)
     * @param bankWidth      bus width in bytes (1, 2 or 4)
     * @param deviceWidth    width of each device in bytes (1, 2 or 4, at most bankWidth)
     * @param maxDeviceWidth the devices' native width (usually {@code deviceWidth})
     * @param ids            manufacturer and device IDs (QEMU's id0..id3)
     */
    public PflashCfi01(String name, PhysicalAddressSpace as, long base, int numBlocks, int sectorLength,
            int bankWidth, int deviceWidth, int maxDeviceWidth, int[] ids) {
        super(name);
        if (Integer.bitCount(sectorLength) != 1 || numBlocks < 1) {
            throw new IllegalArgumentException("flash " + name + ": bad geometry " + numBlocks + " x " + sectorLength);
        }
        if (!(bankWidth == 1 || bankWidth == 2 || bankWidth == 4)
                || !(deviceWidth == 1 || deviceWidth == 2 || deviceWidth == 4) || deviceWidth > bankWidth
                || maxDeviceWidth < deviceWidth) {
            throw new IllegalArgumentException("flash " + name + ": bad widths bank=" + bankWidth + " device="
                    + deviceWidth + " max=" + maxDeviceWidth);
        }
        this.as = as;
        this.size = (long) numBlocks * sectorLength;
        this.sectorLength = sectorLength;
        this.bankWidth = bankWidth;
        this.deviceWidth = deviceWidth;
        this.maxDeviceWidth = maxDeviceWidth;
        this.ident0 = ids[0];
        this.ident1 = ids[1];
        this.ident2 = ids[2];
        this.ident3 = ids[3];
        this.writeBlockSize = fillCfiTable(numBlocks);
        this.blkBytes = new byte[writeBlockSize];
        this.region = as.addRom(name, base, size, this);
        this.storage = region.backing;
        this.vmState = VmState.builder("pflash_cfi01", 1, 1, MethodHandles.lookup(), this)
                .u8("wcycle").u8("cmd").u8("status").u64("counter")
                .subsection(VmState.builder("pflash_cfi01_blk_write", 1, 1, MethodHandles.lookup(), this)
                        .bytes("blkBytes").u64("blkOffset").build(), () -> blkOffset != -1)
                .preLoad(() -> blkOffset = -1)
                .postLoad(v -> postLoad())
                .build();
        reset();
    }

    /** One virt flash bank: 64 MiB, 256 KiB sectors, 4 bytes wide of two 16-bit devices, Intel IDs 0x89/0x18. */
    public static PflashCfi01 virt(String name, PhysicalAddressSpace as, long base) {
        return new PflashCfi01(name, as, base, (int) (VIRT_BANK_SIZE / VIRT_SECTOR_SIZE), VIRT_SECTOR_SIZE, 4, 2, 2,
                new int[] {0x89, 0x18, 0x00, 0x00});
    }

    /** Builds the CFI query table (QEMU's {@code pflash_cfi01_fill_cfi_table}); returns the write-buffer size. */
    private int fillCfiTable(int numBlocks) {
        int numDevices = bankWidth / deviceWidth;
        long blocksPerDevice = numBlocks;
        long sectorLenPerDevice = sectorLength / numDevices;
        long deviceLen = sectorLenPerDevice * blocksPerDevice;
        byte[] t = cfiTable;
        t[0x10] = 'Q';
        t[0x11] = 'R';
        t[0x12] = 'Y';
        t[0x13] = 0x01; // primary command set: Intel/Sharp extended
        t[0x14] = 0x00;
        t[0x15] = 0x31; // primary extended query table at 0x31
        t[0x16] = 0x00;
        t[0x17] = 0x00; // no alternate command set
        t[0x18] = 0x00;
        t[0x19] = 0x00;
        t[0x1a] = 0x00;
        t[0x1b] = 0x45; // Vcc min 4.5 V
        t[0x1c] = 0x55; // Vcc max 5.5 V
        t[0x1d] = 0x00; // no Vpp
        t[0x1e] = 0x00;
        t[0x1f] = 0x07; // typical word program timeout 2^7 us
        t[0x20] = 0x07; // typical buffer write timeout 2^7 us
        t[0x21] = 0x0a; // typical block erase timeout 2^10 ms
        t[0x22] = 0x00; // no chip erase
        t[0x23] = 0x04; // max word program timeout, x2^4
        t[0x24] = 0x04; // max buffer write timeout, x2^4
        t[0x25] = 0x04; // max block erase timeout, x2^4
        t[0x26] = 0x00;
        t[0x27] = (byte) Long.numberOfTrailingZeros(deviceLen); // device size 2^n bytes
        t[0x28] = 0x02; // x8/x16 interface
        t[0x29] = 0x00;
        t[0x2a] = (byte) (bankWidth == 1 ? 0x08 : 0x0b); // write buffer 2^n bytes per device
        t[0x2b] = 0x00;
        t[0x2c] = 0x01; // one erase block region
        t[0x2d] = (byte) (blocksPerDevice - 1);
        t[0x2e] = (byte) ((blocksPerDevice - 1) >> 8);
        t[0x2f] = (byte) (sectorLenPerDevice >> 8);
        t[0x30] = (byte) (sectorLenPerDevice >> 16);
        t[0x31] = 'P'; // primary extended query "PRI", version 1.0
        t[0x32] = 'R';
        t[0x33] = 'I';
        t[0x34] = '1';
        t[0x35] = '0';
        t[0x3f] = 0x01; // one protection field
        int wb = 1 << t[0x2a];
        if (numDevices > 1) {
            wb *= numDevices;
        }
        return wb;
    }

    @Override
    public void reset() {
        cmd = CMD_READ_ARRAY_QEMU;
        wcycle = 0;
        status = STATUS_READY;
        blkOffset = -1;
        region.setRomd(true);
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    private void postLoad() {
        if (wcycle > 3) {
            throw new IllegalArgumentException("write cycle " + wcycle + " is out of range 0..3");
        }
        switch (cmd) {
            case 0x00, 0x10, 0x20, 0x28, 0x40, 0x50, 0x60, 0x70, 0x90, 0x98, 0xe8 -> { }
            default -> throw new IllegalArgumentException("command 0x" + Integer.toHexString(cmd) + " is not a flash command");
        }
        if (blkOffset != -1 && (blkOffset < 0 || blkOffset % writeBlockSize != 0 || blkOffset >= size)) {
            throw new IllegalArgumentException("buffered-write block offset 0x" + Long.toHexString(blkOffset) + " is invalid");
        }
        // Write cycles 2 and 3 exist only inside a buffered program, whose block must be known by cycle 3.
        if (wcycle >= 2 && cmd != CMD_BUFFERED_PROGRAM) {
            throw new IllegalArgumentException("write cycle " + wcycle + " outside a buffered program");
        }
        if (wcycle == 3 && blkOffset == -1) {
            throw new IllegalArgumentException("buffered program in its data cycle without a block");
        }
        region.setRomd(wcycle == 0 && cmd == CMD_READ_ARRAY_QEMU);
    }

    // ---------------------------------------------------------------------------------------------
    // Host side

    /** The ROM region this flash occupies. */
    public MemoryRegion region() {
        return region;
    }

    /** Bank size in bytes. */
    public long size() {
        return size;
    }

    /** Bytes of a buffered program block (the whole bank's). */
    public int writeBlockSize() {
        return writeBlockSize;
    }

    /** A read-only flash rejects program and erase with status errors (QEMU: a read-only drive). */
    public void setReadOnly(boolean ro) {
        readOnly = ro;
    }

    public void setUpdateListener(UpdateListener l) {
        updateListener = l;
    }

    /**
     * Loads an image (the {@code -bios} firmware or a pflash drive) at the start of the bank; the rest of the
     * bank keeps its contents. Call before reset.
     *
     * @throws IllegalArgumentException if the image is larger than the bank
     */
    public void load(byte[] image) {
        if (image.length > size) {
            throw new IllegalArgumentException(String.format("image of %d bytes does not fit in the %d MiB flash %s",
                    image.length, size >> 20, name()));
        }
        MemorySegment.copy(image, 0, storage, ValueLayout.JAVA_BYTE, 0, image.length);
        as.notifyWrite(region.base, image.length);
    }

    /** Copies {@code len} bytes of the flash contents at {@code offset} (to save them to a file). */
    public byte[] contents(long offset, int len) {
        byte[] out = new byte[len];
        MemorySegment.copy(storage, ValueLayout.JAVA_BYTE, offset, out, 0, len);
        return out;
    }

    private void updated(long offset, long len) {
        as.notifyWrite(region.base + offset, len);
        if (updateListener != null) {
            updateListener.updated(offset, len);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Device-mode reads

    @Override
    public ByteOrder order() {
        return ByteOrder.LITTLE_ENDIAN;
    }

    @Override
    public long read(long offset, int width) {
        if (width == 8) {
            return (read(offset, 4) & 0xffffffffL) | (read(offset + 4, 4) << 32);
        }
        long mask = width == 4 ? 0xffffffffL : (1L << (8 * width)) - 1;
        return flashRead(offset, width) & mask;
    }

    private long dataRead(long offset, int width) {
        return switch (width) {
            case 1 -> storage.get(ValueLayout.JAVA_BYTE, offset) & 0xffL;
            case 2 -> storage.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), offset) & 0xffffL;
            default -> storage.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), offset) & 0xffffffffL;
        };
    }

    private int flashRead(long offset, int width) {
        switch (cmd) {
            default:
                // Unknown state: reset to read array and read data (cannot happen after validation).
                wcycle = 0;
                cmd = CMD_READ_ARRAY_QEMU;
                return (int) dataRead(offset, width);
            case 0x00:
                return (int) dataRead(offset, width);
            case 0x10, 0x20, 0x28, 0x40, 0x50, 0x60, 0x70, 0xe8: {
                // Status register of every device on the bus.
                int r = status;
                if (width > deviceWidth) {
                    for (int shift = deviceWidth * 8; shift + deviceWidth * 8 <= width * 8; shift += deviceWidth * 8) {
                        r |= status << shift;
                    }
                }
                return r;
            }
            case 0x90: {
                int r = -1;
                for (int i = 0; i < width; i += bankWidth) {
                    r = deposit(r, i * 8, bankWidth * 8, devidQuery(offset + (long) i * bankWidth));
                }
                return r;
            }
            case 0x98: {
                int r = -1;
                for (int i = 0; i < width; i += bankWidth) {
                    r = deposit(r, i * 8, bankWidth * 8, cfiQuery(offset + (long) i * bankWidth));
                }
                return r;
            }
        }
    }

    private static int deposit(int value, int start, int len, int field) {
        int mask = len >= 32 ? -1 : ((1 << len) - 1) << start;
        return (value & ~mask) | ((field << start) & mask);
    }

    /** Device address of a bank offset, for a device used at its maximum width. */
    private long deviceAddress(long offset) {
        return offset >>> (Integer.numberOfTrailingZeros(bankWidth) + Integer.numberOfTrailingZeros(maxDeviceWidth)
                - Integer.numberOfTrailingZeros(deviceWidth));
    }

    /** Replicates one device's response on every device lane of the bank. */
    private int replicate(int resp) {
        for (int i = deviceWidth; i < bankWidth; i += deviceWidth) {
            resp = deposit(resp, 8 * i, 8 * deviceWidth, resp);
        }
        return resp;
    }

    private int cfiQuery(long offset) {
        long boff = deviceAddress(offset);
        if (boff >= cfiTable.length) {
            return 0;
        }
        int resp = cfiTable[(int) boff] & 0xff;
        if (deviceWidth != maxDeviceWidth) {
            if (deviceWidth != 1 || bankWidth > 4) {
                return 0;
            }
            // Wide parts in x8 mode repeat the query byte instead of zero-padding it.
            for (int i = 1; i < maxDeviceWidth; i++) {
                resp = deposit(resp, 8 * i, 8, cfiTable[(int) boff] & 0xff);
            }
        }
        return replicate(resp);
    }

    private int devidQuery(long offset) {
        long boff = deviceAddress(offset);
        int resp;
        switch ((int) (boff & 0xff)) {
            case 0 -> resp = ident0;
            case 1 -> resp = ident1;
            default -> {
                return 0; // block lock status (address 2) reads as unlocked
            }
        }
        return replicate(resp);
    }

    // ---------------------------------------------------------------------------------------------
    // Writes: the command state machine

    @Override
    public void write(long offset, int width, long value) {
        if (width == 8) {
            flashWrite(offset, 4, (int) value);
            flashWrite(offset + 4, 4, (int) (value >>> 32));
        } else {
            flashWrite(offset, width, (int) value);
        }
    }

    private void dataWrite(long offset, int value, int width) {
        if (blkOffset != -1) {
            // Buffered program: collect in the write buffer, committed on confirm.
            if (offset < blkOffset || offset + width > blkOffset + writeBlockSize) {
                status |= STATUS_PROGRAM_ERROR;
                return;
            }
            int o = (int) (offset - blkOffset);
            for (int i = 0; i < width; i++) {
                blkBytes[o + i] = (byte) (value >>> (8 * i));
            }
            return;
        }
        switch (width) {
            case 1 -> storage.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
            case 2 -> storage.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), offset, (short) value);
            default -> storage.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), offset, value);
        }
        updated(offset, width);
    }

    private void blkWriteStart(long offset) {
        blkOffset = offset & ~(long) (writeBlockSize - 1);
        MemorySegment.copy(storage, ValueLayout.JAVA_BYTE, blkOffset, blkBytes, 0, writeBlockSize);
    }

    private void blkWriteFlush() {
        MemorySegment.copy(blkBytes, 0, storage, ValueLayout.JAVA_BYTE, blkOffset, writeBlockSize);
        updated(blkOffset, writeBlockSize);
        blkOffset = -1;
    }

    private void modeReadArray() {
        region.setRomd(true);
        wcycle = 0;
        cmd = CMD_READ_ARRAY_QEMU;
    }

    private void errorFlash(long offset, int value) {
        unimplemented("unimplemented flash command sequence (offset 0x%x, wcycle %d, cmd 0x%x, value 0x%x)",
                offset, wcycle, cmd, value);
        modeReadArray();
    }

    private void flashWrite(long offset, int width, int value) {
        int c = value & 0xff;
        if (wcycle == 0) {
            region.setRomd(false); // reads now come from the command state machine
        }
        switch (wcycle) {
            case 0 -> {
                switch (c) {
                    case CMD_READ_ARRAY_QEMU, CMD_AMD_RESET, CMD_READ_ARRAY -> {
                        modeReadArray();
                        return;
                    }
                    case CMD_PROGRAM_ALT, CMD_PROGRAM -> { }
                    case CMD_BLOCK_ERASE -> status |= STATUS_READY;
                    case CMD_CLEAR_STATUS -> {
                        status = 0;
                        modeReadArray();
                        return;
                    }
                    case CMD_LOCK_SETUP -> { }
                    case CMD_READ_STATUS, CMD_READ_ID -> {
                        cmd = c;
                        return;
                    }
                    case CMD_CFI_QUERY -> { }
                    case CMD_BUFFERED_PROGRAM -> status |= STATUS_READY; // write buffer available
                    default -> {
                        errorFlash(offset, value);
                        return;
                    }
                }
                wcycle++;
                cmd = c;
            }
            case 1 -> {
                switch (cmd) {
                    case CMD_PROGRAM_ALT, CMD_PROGRAM -> {
                        if (!readOnly) {
                            dataWrite(offset, value, width);
                        } else {
                            status |= STATUS_PROGRAM_ERROR;
                        }
                        status |= STATUS_READY;
                        wcycle = 0;
                    }
                    case CMD_BLOCK_ERASE, 0x28 -> {
                        if (c == CMD_CONFIRM) {
                            long sector = offset & ~(long) (sectorLength - 1);
                            if (!readOnly) {
                                storage.asSlice(sector, sectorLength).fill((byte) 0xff);
                                updated(sector, sectorLength);
                            } else {
                                status |= STATUS_ERASE_ERROR;
                            }
                            wcycle = 0;
                            status |= STATUS_READY;
                        } else if (c == CMD_READ_ARRAY) {
                            modeReadArray();
                        } else {
                            errorFlash(offset, value);
                        }
                    }
                    case CMD_BUFFERED_PROGRAM -> {
                        // Word count minus one, as seen on one device's lanes.
                        counter = Integer.toUnsignedLong(value) & (deviceWidth >= 4 ? 0xffffffffL : (1L << (8 * deviceWidth)) - 1);
                        wcycle++;
                    }
                    case CMD_LOCK_SETUP -> {
                        if (c == CMD_CONFIRM || c == CMD_LOCK) {
                            wcycle = 0;
                            status |= STATUS_READY;
                        } else {
                            if (c != CMD_READ_ARRAY) {
                                unimplemented("unknown block (un)lock command 0x%x", c);
                            }
                            modeReadArray();
                        }
                    }
                    case CMD_CFI_QUERY -> {
                        if (c == CMD_READ_ARRAY) {
                            modeReadArray();
                        }
                        // any other write leaves the flash in query mode
                    }
                    default -> errorFlash(offset, value);
                }
            }
            case 2 -> {
                if (cmd != CMD_BUFFERED_PROGRAM) {
                    errorFlash(offset, value);
                    return;
                }
                if (blkOffset == -1) {
                    blkWriteStart(offset);
                }
                if (!readOnly) {
                    dataWrite(offset, value, width);
                } else {
                    status |= STATUS_PROGRAM_ERROR;
                }
                status |= STATUS_READY;
                if (counter == 0) {
                    wcycle++; // all words received: wait for the confirm
                } else {
                    counter--;
                }
            }
            case 3 -> {
                if (cmd == CMD_BUFFERED_PROGRAM && c == CMD_CONFIRM && (status & STATUS_PROGRAM_ERROR) == 0) {
                    blkWriteFlush();
                    wcycle = 0;
                    status |= STATUS_READY;
                } else {
                    blkOffset = -1; // abort: the buffer is discarded
                    if (cmd == CMD_BUFFERED_PROGRAM) {
                        modeReadArray();
                    } else {
                        errorFlash(offset, value);
                    }
                }
            }
            default -> modeReadArray();
        }
    }
}
