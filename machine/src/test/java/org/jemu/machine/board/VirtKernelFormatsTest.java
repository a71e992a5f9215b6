package org.jemu.machine.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.MachineException;
import org.jemu.machine.chardev.MemoryCharBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code -kernel} holds on virt with {@code -cpu cortex-a15}, recognised in QEMU's order (hw/arm/boot.c
 * {@code arm_setup_direct_kernel_boot}: ELF, then uImage, then a raw zImage/Image). Expected values are what
 * {@code qemu-system-arm} 7.2 shows for the same files: {@code -M virt -cpu cortex-a15 -m 256 -kernel FILE -S
 * -monitor stdio}, {@code info registers} before and after {@code c}, and {@code xp} of the load addresses:
 * <ul>
 * <li>ELF (two PT_LOAD segments, mov r0,#42; b . at 0x4010_0000): PC = e_entry 0x4010_0000 with r0-r2 = 0 (no
 * Linux boot registers), the second segment at its p_paddr 0x4020_0000, the DTB at the bottom of RAM
 * (0x4000_0000 reads the FDT magic), R00 = 0x2a after running;</li>
 * <li>Linux uImage (load = entry = 0x4030_0000, uncompressed; mov r0,#7; b .): enters 0x4030_0000 with r0 = 0,
 * r1 = 0xFFFF_FFFF and r2 = the DTB 0x4800_0000 (QEMU reaches it through its boot stub at RAM base);</li>
 * <li>kernel_noload uImage, gzip, OS not Linux, entry offset 4 (nop; mov r0,#9; b .): the data at 0x4200_0040,
 * entered at 0x4200_0044 with r0-r2 = 0; R00 = 9 after running.</li>
 * </ul>
 * Before this, all three were copied raw to 0x4001_0000 and the CPU started on the header.
 */
class VirtKernelFormatsTest {
    @TempDir
    Path dir;

    private static final int MOV_R0_42 = 0xe3a0002a, MOV_R0_7 = 0xe3a00007, MOV_R0_9 = 0xe3a00009,
            NOP = 0xe1a00000, B_SELF = 0xeafffffe;

    private static byte[] le(int... words) {
        ByteBuffer b = ByteBuffer.allocate(4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }

    /** A little-endian ELF32 executable; each segment is {paddr, memsz} with its bytes. */
    private static byte[] elf32(int machine, long entry, long[][] where, byte[][] data) {
        int n = where.length;
        int off = 52 + 32 * n;
        int total = off;
        for (byte[] d : data) {
            total += d.length;
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1});
        b.putShort(16, (short) 2).putShort(18, (short) machine).putInt(20, 1).putInt(24, (int) entry).putInt(28, 52);
        b.putShort(40, (short) 52).putShort(42, (short) 32).putShort(44, (short) n);
        int pos = off;
        for (int i = 0; i < n; i++) {
            int ph = 52 + 32 * i;
            b.putInt(ph, 1).putInt(ph + 4, pos).putInt(ph + 8, (int) where[i][0]).putInt(ph + 12, (int) where[i][0]);
            b.putInt(ph + 16, data[i].length).putInt(ph + 20, (int) where[i][1]).putInt(ph + 24, 7).putInt(ph + 28, 4);
            b.put(pos, data[i]);
            pos += data[i].length;
        }
        return b.array();
    }

    /** A uImage: U-Boot's 64-byte big-endian header (CRCs left 0: QEMU does not check them either), then data. */
    private static byte[] uimage(byte[] data, long load, long ep, int os, int arch, int type, int comp) {
        ByteBuffer b = ByteBuffer.allocate(64 + data.length);
        b.putInt(0x2705_1956).putInt(0).putInt(0).putInt(data.length).putInt((int) load).putInt((int) ep).putInt(0);
        b.put((byte) os).put((byte) arch).put((byte) type).put((byte) comp);
        b.put(64, data);
        return b.array();
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private VirtMachine boot(String cpu, byte[] image) throws Exception {
        Path k = dir.resolve("kernel");
        Files.write(k, image);
        MachineConfig c = new MachineConfig("virt", cpu, 256L << 20, 1, null, k, null, null, null,
                MachineConfig.DEFAULT_ICOUNT_SHIFT, false, false);
        return new VirtMachine(c, new MemoryCharBackend());
    }

    private static long pc(Aarch64Cpu c) {
        return c.regs[c.pcSlot()];
    }

    @Test
    void elfIsLoadedBySegmentsAndEnteredAtItsEntry() throws Exception {
        byte[] elf = elf32(40, 0x4010_0000L, new long[][] {{0x4010_0000L, 8}, {0x4020_0000L, 0x1000}},
                new byte[][] {le(MOV_R0_42, B_SELF), le(0x1122_3344)});
        try (VirtMachine m = boot("cortex-a15", elf)) {
            Aarch64Cpu c = m.armCpus().get(0);
            assertEquals(0x4010_0000L, pc(c));
            assertEquals(0, c.regs[0] | c.regs[1] | c.regs[2], "no Linux boot registers");
            assertEquals(0x1122_3344L, m.memory().read(0x4020_0000L, 4, false));
            assertEquals(0x4000_0000L, m.dtbAddress(), "DTB below the image, at the bottom of RAM");
            assertEquals(0xedfe_0dd0L, m.memory().read(0x4000_0000L, 4, false), "FDT magic there");
            m.loop().runCpu(c, 4);
            assertEquals(42, c.regs[0]);
            assertEquals(0x4010_0004L, pc(c));
        }
    }

    @Test
    void linuxUimageIsLoadedAtItsLoadAddressWithBootRegisters() throws Exception {
        byte[] img = uimage(le(MOV_R0_7, B_SELF), 0x4030_0000L, 0x4030_0000L, 5, 2, 2, 0);
        try (VirtMachine m = boot("cortex-a15", img)) {
            Aarch64Cpu c = m.armCpus().get(0);
            assertEquals(0x4030_0000L, pc(c));
            assertEquals(0, c.regs[0]);
            assertEquals(0xffff_ffffL, c.regs[1]);
            assertEquals(0x4800_0000L, c.regs[2], "r2 = the DTB");
            assertEquals(0x4800_0000L, m.dtbAddress());
            m.loop().runCpu(c, 4);
            assertEquals(7, c.regs[0]);
        }
    }

    @Test
    void noloadGzipUimageOfAnotherOs() throws Exception {
        byte[] img = uimage(gzip(le(NOP, MOV_R0_9, B_SELF)), 0, 4, 17, 2, 14, 1);
        try (VirtMachine m = boot("cortex-a15", img)) {
            Aarch64Cpu c = m.armCpus().get(0);
            assertEquals(0x4200_0044L, pc(c));
            assertEquals(0, c.regs[0] | c.regs[1] | c.regs[2], "not Linux: no boot registers");
            assertEquals(NOP & 0xffff_ffffL, m.memory().read(0x4200_0040L, 4, false));
            m.loop().runCpu(c, 4);
            assertEquals(9, c.regs[0]);
            assertEquals(0x4200_0048L, pc(c));
        }
    }

    @Test
    void badImagesAreOneLineErrors() {
        MachineException e = assertThrows(MachineException.class,
                () -> boot("cortex-a15", uimage(le(NOP), 0x4030_0000L, 0x4030_0000L, 5, 22, 2, 0)));
        assertEquals("-kernel " + dir.resolve("kernel") + ": uImage for architecture 22, this CPU needs 2 (ARM)",
                e.getMessage());
        e = assertThrows(MachineException.class,
                () -> boot("cortex-a15", uimage(le(NOP), 0x4030_0000L, 0x4030_0000L, 5, 2, 2, 3)));
        assertEquals("-kernel " + dir.resolve("kernel") + ": uImage compression type 3 is not supported (none or gzip)",
                e.getMessage());
        e = assertThrows(MachineException.class,
                () -> boot("cortex-a15", elf32(40, 0x1000, new long[][] {{0x1000, 8}}, new byte[][] {le(NOP, B_SELF)})));
        assertEquals("-kernel " + dir.resolve("kernel") + ": the kernel (0x8 bytes at 0x1000) does not fit in the 256 MiB"
                + " of RAM at 0x40000000", e.getMessage());
        e = assertThrows(MachineException.class,
                () -> boot("cortex-a15", elf32(183, 0x4010_0000L, new long[][] {{0x4010_0000L, 8}}, new byte[][] {le(NOP, B_SELF)})));
        assertEquals("-kernel " + dir.resolve("kernel") + ": ELF file for machine 183, this board needs 40", e.getMessage());
    }
}
