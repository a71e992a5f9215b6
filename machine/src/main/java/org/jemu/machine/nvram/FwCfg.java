package org.jemu.machine.nvram;

import java.lang.invoke.MethodHandles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.DmaMemory;
import org.jemu.machine.device.VmState;
import org.jemu.translator.memory.MmioHandler;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * QEMU's firmware configuration device, fw_cfg, in its memory-mapped form (QEMU docs/specs/fw_cfg.rst;
 * {@code hw/nvram/fw_cfg.c}, {@code fw_cfg_init_mem_wide} as the virt board creates it at 0x0902_0000).
 *
 * <h2>Interface</h2>
 * This object is the {@link MmioHandler} of a {@value #SIZE}-byte region whose registers are big-endian
 * ({@link #order()} is {@link ByteOrder#BIG_ENDIAN}, so a little-endian guest sees the byte order the
 * specification describes):
 * <ul>
 * <li>0x00, data register, 1-8 bytes wide: a read of N bytes returns the next N bytes of the selected item
 * in string order (the first byte at the lowest address) and advances the offset; bytes past the end of
 * the item read as 0. Writes are ignored (write access is through DMA only).</li>
 * <li>0x08, selector register, 16 bits: selects an item (key) and resets the offset to 0. Bit 15 selects
 * architecture-local items, bit 14 (the legacy write channel) is ignored.</li>
 * <li>0x10, DMA address register, 64 bits: writing the high 32 bits (0x10) stores them; writing the low
 * 32 bits (0x14), or all 64 bits at 0x10, starts a DMA transfer described by the {@code FWCfgDmaAccess}
 * structure at that guest physical address. Reads return the signature "QEMU CFG".</li>
 * </ul>
 * No interrupt.
 *
 * <h2>Items</h2>
 * Fixed keys ({@link #SIGNATURE} "QEMU", {@link #ID} with the DMA feature bit, {@link #UUID},
 * {@link #NOGRAPHIC}, {@link #BOOT_MENU}, {@link #FILE_DIR}) are present from construction; the board adds
 * numeric items ({@link #addU16} etc., stored little-endian as QEMU's {@code fw_cfg_add_i16}), raw items
 * ({@link #addBytes}) and named files ({@link #addFile}). Files get selector keys from
 * {@link #FILE_FIRST} in name order, and the directory at {@link #FILE_DIR} lists them (big-endian count,
 * then per file: be32 size, be16 key, be16 reserved, 56-byte NUL-padded name).
 *
 * <h2>DMA</h2>
 * The guest writes a 16-byte {@code FWCfgDmaAccess} (be32 control, be32 length, be64 address) and its
 * address to the DMA register. Control bits: {@link #DMA_CTL_ERROR}, {@link #DMA_CTL_READ},
 * {@link #DMA_CTL_SKIP}, {@link #DMA_CTL_SELECT} (the key is in control bits 31:16) and
 * {@link #DMA_CTL_WRITE}. The transfer completes synchronously; the device then writes the control word
 * back as 0, or with the error bit set. Guest RAM is written through {@link DmaMemory}, which keeps
 * translated code coherent.
 */
public final class FwCfg extends Device implements MmioHandler {
    /** Size of the MMIO register block. */
    public static final int SIZE = 0x18;
    /** Offset of the data register. */
    public static final int REG_DATA = 0x00;
    /** Offset of the selector register. */
    public static final int REG_SELECTOR = 0x08;
    /** Offset of the DMA address register. */
    public static final int REG_DMA = 0x10;

    // Item keys (include/standard-headers/linux/qemu_fw_cfg.h).
    public static final int SIGNATURE = 0x00;
    public static final int ID = 0x01;
    public static final int UUID = 0x02;
    public static final int RAM_SIZE = 0x03;
    public static final int NOGRAPHIC = 0x04;
    public static final int NB_CPUS = 0x05;
    public static final int MACHINE_ID = 0x06;
    public static final int KERNEL_ADDR = 0x07;
    public static final int KERNEL_SIZE = 0x08;
    public static final int KERNEL_CMDLINE = 0x09;
    public static final int INITRD_ADDR = 0x0a;
    public static final int INITRD_SIZE = 0x0b;
    public static final int BOOT_DEVICE = 0x0c;
    public static final int NUMA = 0x0d;
    public static final int BOOT_MENU = 0x0e;
    public static final int MAX_CPUS = 0x0f;
    public static final int KERNEL_ENTRY = 0x10;
    public static final int KERNEL_DATA = 0x11;
    public static final int INITRD_DATA = 0x12;
    public static final int CMDLINE_ADDR = 0x13;
    public static final int CMDLINE_SIZE = 0x14;
    public static final int CMDLINE_DATA = 0x15;
    public static final int SETUP_ADDR = 0x16;
    public static final int SETUP_SIZE = 0x17;
    public static final int SETUP_DATA = 0x18;
    public static final int FILE_DIR = 0x19;
    /** Key of the first named file. */
    public static final int FILE_FIRST = 0x20;
    /** Legacy write-channel bit of the selector (ignored). */
    public static final int WRITE_CHANNEL = 0x4000;
    /** Architecture-local item bit of the selector. */
    public static final int ARCH_LOCAL = 0x8000;
    /** The key bits of the selector. */
    public static final int ENTRY_MASK = ~(WRITE_CHANNEL | ARCH_LOCAL) & 0xffff;
    /** No item selected. */
    public static final int INVALID = 0xffff;

    /** FW_CFG_ID feature bits: traditional interface. */
    public static final int VERSION = 0x01;
    /** FW_CFG_ID feature bits: DMA interface. */
    public static final int VERSION_DMA = 0x02;

    // FWCfgDmaAccess control bits.
    public static final int DMA_CTL_ERROR = 0x01;
    public static final int DMA_CTL_READ = 0x02;
    public static final int DMA_CTL_SKIP = 0x04;
    public static final int DMA_CTL_SELECT = 0x08;
    public static final int DMA_CTL_WRITE = 0x10;

    /** "QEMU CFG", what the DMA address register reads as. */
    public static final long DMA_SIGNATURE = 0x51454d5520434647L;
    /** Maximum length of a file name, including the terminating NUL. */
    public static final int MAX_FILE_NAME = 56;
    /** QEMU's default number of file slots ({@code FW_CFG_FILE_SLOTS_DFLT}). */
    public static final int DEFAULT_FILE_SLOTS = 0x20;

    /** Receives guest DMA writes to a writable file. */
    @FunctionalInterface
    public interface WriteCallback {
        /** Bytes [offset, offset+len) of {@code data} were written by the guest. */
        void written(byte[] data, int offset, int len);
    }

    private static final class Entry {
        byte[] data;
        boolean writable;
        WriteCallback callback;

        Entry(byte[] data) {
            this.data = data;
        }
    }

    private record FileEntry(String name, Entry entry) {
    }

    private final PhysicalAddressSpace dmaSpace;
    private final boolean dmaEnabled;
    private final int fileSlots;
    private final int maxEntry;
    private final Entry[] entries;
    private final Entry[] archEntries;
    private final List<FileEntry> files = new ArrayList<>();
    private final VmState vmState;

    private int curEntry;
    private int curOffset;
    private long dmaAddr;

    /** An fw_cfg with DMA and QEMU's default 32 file slots. */
    public FwCfg(String name, PhysicalAddressSpace dmaSpace) {
        this(name, dmaSpace, true, DEFAULT_FILE_SLOTS);
    }

    /**
     * @param dmaSpace   guest physical memory for DMA transfers
     * @param dmaEnabled whether the DMA interface exists (FW_CFG_ID bit 1)
     * @param fileSlots  how many named files fit (QEMU's {@code x-file-slots})
     */
    public FwCfg(String name, PhysicalAddressSpace dmaSpace, boolean dmaEnabled, int fileSlots) {
        super(name);
        if (fileSlots < 1 || FILE_FIRST + fileSlots > ENTRY_MASK) {
            throw new IllegalArgumentException("bad fw_cfg file slot count " + fileSlots);
        }
        this.dmaSpace = dmaSpace;
        this.dmaEnabled = dmaEnabled;
        this.fileSlots = fileSlots;
        this.maxEntry = FILE_FIRST + fileSlots;
        this.entries = new Entry[maxEntry];
        this.archEntries = new Entry[maxEntry];
        addBytes(SIGNATURE, "QEMU".getBytes(StandardCharsets.US_ASCII));
        addU32(ID, VERSION | (dmaEnabled ? VERSION_DMA : 0));
        addBytes(UUID, new byte[16]);
        addU16(NOGRAPHIC, 0);
        addU16(BOOT_MENU, 0);
        rebuildDirectory();
        this.vmState = VmState.builder("fw_cfg", 1, 1, MethodHandles.lookup(), this)
                .u16("curEntry").u32("curOffset").u64("dmaAddr")
                .postLoad(v -> postLoad())
                .build();
        reset();
    }

    @Override
    public void reset() {
        select(0);
        dmaAddr = 0;
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    private void postLoad() {
        if (curEntry != INVALID) {
            if ((curEntry & WRITE_CHANNEL) != 0 || (curEntry & ENTRY_MASK) >= maxEntry) {
                throw new IllegalArgumentException("selected item 0x" + Integer.toHexString(curEntry) + " is out of range");
            }
            Entry e = entry(curEntry);
            int len = e == null || e.data == null ? 0 : e.data.length;
            if (curOffset < 0 || curOffset > len) {
                throw new IllegalArgumentException("offset " + Integer.toUnsignedString(curOffset)
                        + " is beyond item 0x" + Integer.toHexString(curEntry) + " of " + len + " bytes");
            }
        } else if (curOffset != 0) {
            throw new IllegalArgumentException("offset " + Integer.toUnsignedString(curOffset) + " with no item selected");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Items

    private Entry slot(int key) {
        int k = key & ENTRY_MASK;
        if ((key & WRITE_CHANNEL) != 0 || k >= maxEntry) {
            throw new IllegalArgumentException("fw_cfg key 0x" + Integer.toHexString(key) + " is out of range");
        }
        Entry[] table = (key & ARCH_LOCAL) != 0 ? archEntries : entries;
        if (table[k] == null) {
            table[k] = new Entry(null);
        }
        return table[k];
    }

    private Entry entry(int key) {
        Entry[] table = (key & ARCH_LOCAL) != 0 ? archEntries : entries;
        return table[key & ENTRY_MASK];
    }

    /**
     * Sets item {@code key} to {@code data} (replacing any previous value). Keys from {@link #FILE_FIRST}
     * on belong to named files: use {@link #addFile}.
     */
    public void addBytes(int key, byte[] data) {
        if ((key & ARCH_LOCAL) == 0 && (key & ENTRY_MASK) >= FILE_FIRST && (key & ENTRY_MASK) < maxEntry) {
            throw new IllegalArgumentException("fw_cfg key 0x" + Integer.toHexString(key) + " is a file slot; use addFile");
        }
        slot(key).data = data.clone();
    }

    /** Sets item {@code key} to a 16-bit little-endian value (QEMU's {@code fw_cfg_add_i16}). */
    public void addU16(int key, int value) {
        addBytes(key, ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value).array());
    }

    /** Sets item {@code key} to a 32-bit little-endian value. */
    public void addU32(int key, long value) {
        addBytes(key, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array());
    }

    /** Sets item {@code key} to a 64-bit little-endian value. */
    public void addU64(int key, long value) {
        addBytes(key, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    /** Sets item {@code key} to a NUL-terminated string (QEMU's {@code fw_cfg_add_string}). */
    public void addString(int key, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        addBytes(key, Arrays.copyOf(s, s.length + 1));
    }

    /**
     * Publishes a kernel for firmware to boot (UEFI's or U-Boot's "boot from fw_cfg"), as QEMU's
     * {@code hw/arm/boot.c} does when -bios and -kernel are both given: {@link #KERNEL_SIZE} (u32) and
     * {@link #KERNEL_DATA}, {@link #INITRD_SIZE} and {@link #INITRD_DATA} (size 0 and no data without an
     * initrd), and, with a command line, {@link #CMDLINE_SIZE} (length including the NUL) and
     * {@link #CMDLINE_DATA} (NUL-terminated).
     *
     * @param kernel  the kernel image, already decompressed (QEMU gunzips an arm64 Image.gz)
     * @param initrd  the initial ramdisk, or null
     * @param cmdline the kernel command line, or null
     */
    public void addKernelItems(byte[] kernel, byte[] initrd, String cmdline) {
        addU32(KERNEL_SIZE, kernel.length);
        addBytes(KERNEL_DATA, kernel);
        byte[] rd = initrd == null ? new byte[0] : initrd;
        addU32(INITRD_SIZE, rd.length);
        addBytes(INITRD_DATA, rd);
        if (cmdline != null) {
            addU32(CMDLINE_SIZE, cmdline.getBytes(StandardCharsets.UTF_8).length + 1L);
            addString(CMDLINE_DATA, cmdline);
        }
    }

    /** Adds a read-only named file, e.g. {@code "etc/ramfb"} or {@code "opt/..."}. */
    public void addFile(String fileName, byte[] data) {
        addFile(fileName, data, null);
    }

    /**
     * Adds a named file; with a non-null {@code callback} the guest may overwrite it by DMA (the file keeps
     * its size), and the callback is told which bytes changed.
     *
     * @throws IllegalArgumentException for a duplicate or over-long name, or when the slots are full
     */
    public void addFile(String fileName, byte[] data, WriteCallback callback) {
        byte[] n = fileName.getBytes(StandardCharsets.UTF_8);
        if (n.length == 0 || n.length >= MAX_FILE_NAME) {
            throw new IllegalArgumentException("fw_cfg file name '" + fileName + "' must be 1.." + (MAX_FILE_NAME - 1) + " bytes");
        }
        for (FileEntry f : files) {
            if (f.name.equals(fileName)) {
                throw new IllegalArgumentException("duplicate fw_cfg file '" + fileName + "'");
            }
        }
        if (files.size() >= fileSlots) {
            throw new IllegalArgumentException("no fw_cfg file slot left for '" + fileName + "' (" + fileSlots + " slots)");
        }
        Entry e = new Entry(data.clone());
        e.writable = callback != null;
        e.callback = callback;
        files.add(new FileEntry(fileName, e));
        // QEMU keeps files sorted by name (strcmp order) and numbers them in that order.
        files.sort((a, b) -> Arrays.compareUnsigned(a.name.getBytes(StandardCharsets.UTF_8),
                b.name.getBytes(StandardCharsets.UTF_8)));
        rebuildDirectory();
    }

    /** Replaces the contents of an existing file (its key stays). */
    public void modifyFile(String fileName, byte[] data) {
        for (FileEntry f : files) {
            if (f.name.equals(fileName)) {
                f.entry.data = data.clone();
                rebuildDirectory();
                return;
            }
        }
        throw new IllegalArgumentException("no fw_cfg file '" + fileName + "'");
    }

    /** The current contents of a file, or null. */
    public byte[] file(String fileName) {
        for (FileEntry f : files) {
            if (f.name.equals(fileName)) {
                return f.entry.data.clone();
            }
        }
        return null;
    }

    /** The selector key of a file, or -1. */
    public int fileKey(String fileName) {
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).name.equals(fileName)) {
                return FILE_FIRST + i;
            }
        }
        return -1;
    }

    private void rebuildDirectory() {
        ByteBuffer b = ByteBuffer.allocate(4 + 64 * files.size()).order(ByteOrder.BIG_ENDIAN);
        b.putInt(files.size());
        for (int i = 0; i < files.size(); i++) {
            FileEntry f = files.get(i);
            b.putInt(f.entry.data.length);
            b.putShort((short) (FILE_FIRST + i));
            b.putShort((short) 0);
            byte[] n = Arrays.copyOf(f.name.getBytes(StandardCharsets.UTF_8), MAX_FILE_NAME);
            b.put(n);
            entries[FILE_FIRST + i] = f.entry;
        }
        for (int i = files.size(); i < fileSlots; i++) {
            entries[FILE_FIRST + i] = null;
        }
        entries[FILE_DIR] = new Entry(b.array());
    }

    // ---------------------------------------------------------------------------------------------
    // Registers

    private void select(int key) {
        curOffset = 0;
        if ((key & ENTRY_MASK) >= maxEntry) {
            curEntry = INVALID;
        } else {
            curEntry = key & 0xffff & ~WRITE_CHANNEL;
        }
    }

    private byte[] currentData() {
        if (curEntry == INVALID) {
            return null;
        }
        Entry e = entry(curEntry);
        return e == null ? null : e.data;
    }

    @Override
    public ByteOrder order() {
        return ByteOrder.BIG_ENDIAN;
    }

    @Override
    public long read(long offset, int size) {
        if (offset >= REG_DATA && offset + size <= REG_DATA + 8) {
            if (offset != REG_DATA) {
                guestError("unaligned data register read at offset 0x%x", offset);
            }
            return readData(size);
        }
        if (offset >= REG_DMA && offset + size <= REG_DMA + 8 && (size == 4 || size == 8)) {
            int shift = (int) (8 - size - (offset - REG_DMA)) * 8;
            long v = DMA_SIGNATURE >>> shift;
            return size == 8 ? v : v & 0xffffffffL;
        }
        if (offset == REG_SELECTOR && size == 2) {
            return 0; // the selector is write-only; QEMU reads it as 0
        }
        guestError("bad %d-byte read at offset 0x%x", size, offset);
        return 0;
    }

    /** Reads {@code size} bytes in string order as a big-endian value (QEMU's {@code fw_cfg_data_read}). */
    private long readData(int size) {
        byte[] d = currentData();
        long v = 0;
        int i = size;
        if (d != null && curOffset >= 0 && curOffset < d.length) {
            do {
                v = (v << 8) | (d[curOffset++] & 0xff);
            } while (--i > 0 && curOffset < d.length);
        }
        // Bytes past the end of the item read as zero in the low-order (later) positions.
        return i >= 8 ? 0 : v << (8 * i);
    }

    @Override
    public void write(long offset, int size, long value) {
        if (offset == REG_SELECTOR && size == 2) {
            select((int) value & 0xffff);
        } else if (offset >= REG_DATA && offset < REG_DATA + 8) {
            // Writes through the data register were removed from QEMU (2.4): ignored.
        } else if (offset == REG_DMA && size == 4) {
            dmaAddr = (value & 0xffffffffL) << 32;
        } else if (offset == REG_DMA + 4 && size == 4) {
            dmaAddr |= value & 0xffffffffL;
            dmaTransfer();
        } else if (offset == REG_DMA && size == 8) {
            dmaAddr = value;
            dmaTransfer();
        } else {
            guestError("bad %d-byte write of 0x%x at offset 0x%x", size, value, offset);
        }
    }

    /**
     * The selector register of the split, byte-wide form QEMU's {@code fw_cfg_init_mem(ctl, data)} creates
     * (PowerPC boards: ctl at 0xF000_0510): a 2-byte big-endian register; a 2-byte write selects an item.
     * Reads return 0; other sizes are ignored (logged).
     */
    public MmioHandler controlRegister() {
        return new MmioHandler() {
            @Override
            public long read(long offset, int size) {
                guestError("read of the selector register");
                return 0;
            }

            @Override
            public void write(long offset, int size, long value) {
                if (offset == 0 && size == 2) {
                    select((int) value & 0xffff);
                } else {
                    guestError("bad %d-byte write of 0x%x to the selector at offset 0x%x", size, value, offset);
                }
            }

            @Override
            public ByteOrder order() {
                return ByteOrder.BIG_ENDIAN;
            }
        };
    }

    /**
     * The 1-byte data register of the split form ({@code fw_cfg_init_mem}, data_width 1; PowerPC boards:
     * 0xF000_0512): each 1-byte read returns the next byte of the selected item (0 past its end). Writes are
     * ignored.
     */
    public MmioHandler byteDataRegister() {
        return new MmioHandler() {
            @Override
            public long read(long offset, int size) {
                if (offset != 0 || size != 1) {
                    guestError("bad %d-byte read of the data register at offset 0x%x", size, offset);
                    return 0;
                }
                return readData(1);
            }

            @Override
            public void write(long offset, int size, long value) {
                // Writes through the data register were removed from QEMU (2.4): ignored.
            }

            @Override
            public ByteOrder order() {
                return ByteOrder.BIG_ENDIAN;
            }
        };
    }

    // ---------------------------------------------------------------------------------------------
    // DMA (QEMU's fw_cfg_dma_transfer)

    private void dmaTransfer() {
        long descAddr = dmaAddr;
        dmaAddr = 0;
        if (!dmaEnabled) {
            guestError("DMA transfer requested but DMA is disabled");
            return;
        }
        byte[] desc = new byte[16];
        if (!DmaMemory.read(dmaSpace, descAddr, desc, 0, 16)) {
            writeControl(descAddr, DMA_CTL_ERROR);
            return;
        }
        ByteBuffer bb = ByteBuffer.wrap(desc).order(ByteOrder.BIG_ENDIAN);
        int control = bb.getInt(0);
        long length = Integer.toUnsignedLong(bb.getInt(4));
        long address = bb.getLong(8);

        if ((control & DMA_CTL_SELECT) != 0) {
            select(control >>> 16);
        }
        boolean read;
        boolean write;
        if ((control & DMA_CTL_READ) != 0) {
            read = true;
            write = false;
        } else if ((control & DMA_CTL_WRITE) != 0) {
            read = false;
            write = true;
        } else if ((control & DMA_CTL_SKIP) != 0) {
            read = false;
            write = false;
        } else {
            read = false;
            write = false;
            length = 0;
        }
        int status = 0;
        Entry e = curEntry == INVALID ? null : entry(curEntry);
        while (length > 0 && (status & DMA_CTL_ERROR) == 0) {
            int len;
            if (e == null || e.data == null || curOffset >= e.data.length) {
                // Past the end, or nothing selected: reads give zeros, writes fail, skips just advance.
                len = (int) Math.min(length, Integer.MAX_VALUE);
                if (read && !DmaMemory.fill(dmaSpace, address, len, (byte) 0)) {
                    status |= DMA_CTL_ERROR;
                }
                if (write) {
                    status |= DMA_CTL_ERROR;
                }
            } else {
                len = (int) Math.min(length, e.data.length - curOffset);
                if (read && !DmaMemory.write(dmaSpace, address, e.data, curOffset, len)) {
                    status |= DMA_CTL_ERROR;
                }
                if (write) {
                    if (!e.writable || len != length) {
                        status |= DMA_CTL_ERROR;
                    } else if (!DmaMemory.read(dmaSpace, address, e.data, curOffset, len)) {
                        status |= DMA_CTL_ERROR;
                    } else if (e.callback != null) {
                        e.callback.written(e.data, curOffset, len);
                    }
                }
                curOffset += len;
            }
            address += len;
            length -= len;
        }
        writeControl(descAddr, status);
    }

    private void writeControl(long descAddr, int control) {
        byte[] c = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(control).array();
        if (!DmaMemory.write(dmaSpace, descAddr, c, 0, 4)) {
            guestError("cannot write DMA status to 0x%x", descAddr);
        }
    }
}
