package org.jemu.machine.nvram;

import static org.jemu.machine.nvram.FwCfg.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jemu.machine.device.VmStateException;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Accesses go through the address space as a little-endian guest's would, at virt's address. */
class FwCfgTest {
    private static final long BASE = 0x0902_0000L;
    private static final long RAM = 0x4000_0000L;

    private PhysicalAddressSpace as;
    private FwCfg fw;
    private final List<long[]> writes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        as = new PhysicalAddressSpace();
        as.addRam("ram", RAM, 1 << 20);
        fw = new FwCfg("fw_cfg", as);
        as.addMmio("fw_cfg", BASE, FwCfg.SIZE, fw);
        as.addWriteListener((paddr, len) -> writes.add(new long[] {paddr, len}));
    }

    @AfterEach
    void tearDown() {
        as.close();
    }

    /** Writes the selector as a guest does: a 16-bit big-endian store (cpu_to_be16 then writew). */
    private void select(int key) {
        as.write(BASE + REG_SELECTOR, 2, true, key);
    }

    private long data(int size) {
        return as.read(BASE + REG_DATA, size, false);
    }

    private byte[] readItem(int key, int len) {
        select(key);
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = (byte) data(1);
        }
        return out;
    }

    @Test
    void signatureAndIdThroughTheDataRegister() {
        select(SIGNATURE);
        assertEquals(0x554d4551L, data(4), "\"QEMU\" in string order: a little-endian load sees 0x554d4551");
        assertEquals(0, data(1), "past the end reads zero");
        select(SIGNATURE);
        assertEquals('Q', data(1));
        assertEquals('E', data(1));
        assertEquals(0x554dL, data(2));
        select(SIGNATURE);
        assertEquals(0x554d4551L, data(8), "8-byte read, missing bytes are zero");
        select(ID);
        assertEquals(VERSION | VERSION_DMA, data(4));
        assertArrayEquals(new byte[16], readItem(UUID, 16));
        select(0x3fff);
        assertEquals(0, data(4), "invalid key reads zero");
    }

    @Test
    void dmaRegisterReadsTheSignatureAndSelectorIsWriteOnly() {
        assertEquals(0x47464320554d4551L, as.read(BASE + REG_DMA, 8, false));
        assertEquals(0x554d4551L, as.read(BASE + REG_DMA, 4, false));
        assertEquals(0x47464320L, as.read(BASE + REG_DMA + 4, 4, false));
        assertEquals(0, as.read(BASE + REG_SELECTOR, 2, false));
    }

    @Test
    void numericItemsAreLittleEndianAndFilesAreListedByName() {
        fw.addU16(NB_CPUS, 4);
        fw.addU64(RAM_SIZE, 512L << 20);
        fw.addFile("etc/zeta", new byte[] {1, 2, 3});
        fw.addFile("bootorder", "/pl011\n".getBytes(StandardCharsets.US_ASCII));
        fw.addFile("etc/alpha", new byte[300]);
        select(NB_CPUS);
        assertEquals(4, data(2) & 0xffff, "byte swap of a 2-byte big-endian read of 04 00");
        assertArrayEquals(new byte[] {4, 0}, readItem(NB_CPUS, 2));
        assertArrayEquals(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(512L << 20).array(),
                readItem(RAM_SIZE, 8));

        byte[] dir = readItem(FILE_DIR, 4 + 3 * 64);
        ByteBuffer b = ByteBuffer.wrap(dir).order(ByteOrder.BIG_ENDIAN);
        assertEquals(3, b.getInt());
        String[] names = {"bootorder", "etc/alpha", "etc/zeta"};
        int[] sizes = {7, 300, 3};
        for (int i = 0; i < 3; i++) {
            assertEquals(sizes[i], b.getInt());
            assertEquals(FILE_FIRST + i, b.getShort());
            assertEquals(0, b.getShort());
            byte[] n = new byte[56];
            b.get(n);
            assertEquals(names[i], new String(n, StandardCharsets.US_ASCII).replace("\0", ""));
            assertEquals(FILE_FIRST + i, fw.fileKey(names[i]));
        }
        assertArrayEquals(new byte[] {1, 2, 3}, readItem(FILE_FIRST + 2, 3));
        assertThrows(IllegalArgumentException.class, () -> fw.addFile("etc/zeta", new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> fw.addFile("x".repeat(56), new byte[1]));
    }

    /** Writes a FWCfgDmaAccess at {@code desc} and starts it with two 32-bit writes (high, then low). */
    private int dma(long desc, int control, int length, long address) {
        ByteBuffer d = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putInt(control).putInt(length).putLong(address);
        as.load(desc, d.array());
        writes.clear();
        as.write(BASE + REG_DMA, 4, true, desc >>> 32);
        as.write(BASE + REG_DMA + 4, 4, true, desc & 0xffffffffL);
        return (int) as.read(desc, 4, true);
    }

    @Test
    void dmaSelectReadAndSkip() {
        byte[] kernel = new byte[5000];
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (byte) (i * 7);
        }
        fw.addBytes(KERNEL_DATA, kernel);
        long desc = RAM + 0x100;
        long dst = RAM + 0x1000;
        assertEquals(0, dma(desc, (KERNEL_DATA << 16) | DMA_CTL_SELECT | DMA_CTL_READ, 100, dst));
        assertArrayEquals(Arrays.copyOf(kernel, 100), as.readBytes(dst, 100));
        assertTrue(writes.stream().anyMatch(w -> w[0] == dst && w[1] == 100), "code cache told about the DMA write");

        assertEquals(0, dma(desc, DMA_CTL_SKIP, 900, 0), "skip advances the offset");
        assertEquals(0, dma(desc, DMA_CTL_READ, 4100, dst), "reads past the end give zeros");
        byte[] got = as.readBytes(dst, 4100);
        assertArrayEquals(Arrays.copyOfRange(kernel, 1000, 5000), Arrays.copyOf(got, 4000));
        assertArrayEquals(new byte[100], Arrays.copyOfRange(got, 4000, 4100));

        // One 64-bit write of the address also starts a transfer.
        ByteBuffer d = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN)
                .putInt((SIGNATURE << 16) | DMA_CTL_SELECT | DMA_CTL_READ).putInt(4).putLong(dst);
        as.load(desc, d.array());
        as.write(BASE + REG_DMA, 8, true, desc);
        assertEquals(0, as.read(desc, 4, true));
        assertArrayEquals("QEMU".getBytes(StandardCharsets.US_ASCII), as.readBytes(dst, 4));
    }

    @Test
    void dmaWritesOnlyToWritableFiles() {
        int[] notified = new int[2];
        fw.addFile("etc/ro", new byte[8]);
        fw.addFile("etc/rw", new byte[8], (data, off, len) -> {
            notified[0] = off;
            notified[1] = len;
        });
        long desc = RAM + 0x200;
        long src = RAM + 0x2000;
        as.load(src, new byte[] {9, 8, 7, 6});
        int ro = fw.fileKey("etc/ro");
        int rw = fw.fileKey("etc/rw");
        assertEquals(DMA_CTL_ERROR, dma(desc, (ro << 16) | DMA_CTL_SELECT | DMA_CTL_WRITE, 4, src));
        assertEquals(0, dma(desc, (rw << 16) | DMA_CTL_SELECT | DMA_CTL_SKIP, 2, 0));
        assertEquals(0, dma(desc, DMA_CTL_WRITE, 4, src));
        assertArrayEquals(new byte[] {0, 0, 9, 8, 7, 6, 0, 0}, fw.file("etc/rw"));
        assertArrayEquals(new int[] {2, 4}, notified);
        assertEquals(DMA_CTL_ERROR, dma(desc, DMA_CTL_WRITE, 8, src), "writes may not grow the file");
    }

    @Test
    void dmaToUnmappedMemoryReportsAnError() {
        fw.addBytes(KERNEL_DATA, new byte[64]);
        long desc = RAM + 0x300;
        assertEquals(DMA_CTL_ERROR, dma(desc, (KERNEL_DATA << 16) | DMA_CTL_SELECT | DMA_CTL_READ, 64, 0x1000_0000L));
        // A descriptor in unmapped memory is simply not completed (nothing to write back to).
        as.write(BASE + REG_DMA, 8, true, 0x2000_0000L);
    }

    @Test
    void kernelItemsAsQemuPublishesThem() {
        fw.addKernelItems(new byte[] {1, 2, 3, 4, 5}, null, "console=ttyAMA0");
        assertArrayEquals(new byte[] {5, 0, 0, 0}, readItem(KERNEL_SIZE, 4));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, readItem(KERNEL_DATA, 5));
        assertArrayEquals(new byte[4], readItem(INITRD_SIZE, 4));
        assertArrayEquals(new byte[] {16, 0, 0, 0}, readItem(CMDLINE_SIZE, 4));
        assertArrayEquals("console=ttyAMA0\0".getBytes(StandardCharsets.US_ASCII), readItem(CMDLINE_DATA, 16));
        assertThrows(IllegalArgumentException.class, () -> fw.addBytes(FILE_FIRST + 1, new byte[1]));
    }

    @Test
    void stateRoundTripAndValidation() throws VmStateException {
        fw.addFile("etc/x", new byte[10]);
        select(fw.fileKey("etc/x"));
        data(4);
        byte[] saved = fw.vmState().toBytes();
        fw.reset();
        fw.vmState().fromBytes(saved);
        select(fw.fileKey("etc/x"));
        byte[] corrupt = saved.clone();
        corrupt[2 + 3] = 11; // offset 11 > 10 bytes
        VmStateException e = assertThrows(VmStateException.class, () -> fw.vmState().fromBytes(corrupt));
        assertEquals("device state 'fw_cfg': offset 11 is beyond item 0x20 of 10 bytes", e.getMessage());
    }

    /**
     * The split byte-wide form of PowerPC boards (QEMU's fw_cfg_init_mem(0xF0000510, 0xF0000512) with
     * data_width 1 and no DMA), accessed by a big-endian guest as OpenBIOS's drivers/fw_cfg.c does: a 16-bit
     * store of the key, then byte loads. FW_CFG_ID is 1 (OpenBIOS refuses anything else).
     */
    @Test
    void splitByteWideFormForPowerPc() {
        PhysicalAddressSpace ppc = new PhysicalAddressSpace();
        try {
            FwCfg f = new FwCfg("fw_cfg", ppc, false, FwCfg.DEFAULT_FILE_SLOTS);
            f.addU16(MACHINE_ID, 2);
            f.addU32(0x8003, 16_600_000L);
            ppc.addMmio("fwcfg.ctl", 0xf000_0510L, 2, f.controlRegister());
            ppc.addMmio("fwcfg.data", 0xf000_0512L, 1, f.byteDataRegister());
            ppc.write(0xf000_0510L, 2, true, SIGNATURE);
            StringBuilder sig = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                sig.append((char) ppc.read(0xf000_0512L, 1, true));
            }
            assertEquals("QEMU", sig.toString());
            ppc.write(0xf000_0510L, 2, true, ID);
            assertEquals(1, ppc.read(0xf000_0512L, 1, true));
            ppc.write(0xf000_0510L, 2, true, MACHINE_ID);
            assertEquals(2, ppc.read(0xf000_0512L, 1, true), "items are little-endian: low byte first");
            assertEquals(0, ppc.read(0xf000_0512L, 1, true));
            ppc.write(0xf000_0510L, 2, true, 0x8003); // FW_CFG_PPC_TBFREQ, an architecture-local item
            long v = 0;
            for (int i = 0; i < 4; i++) {
                v |= ppc.read(0xf000_0512L, 1, true) << (8 * i);
            }
            assertEquals(16_600_000L, v);
        } finally {
            ppc.close();
        }
    }
}
