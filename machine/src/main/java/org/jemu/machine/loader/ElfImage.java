package org.jemu.machine.loader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An ELF executable's loadable segments (System V ABI, "ELF Header" and "Program Header", chapter 4/5 of the
 * gABI), as QEMU's {@code load_elf} uses them: each {@code PT_LOAD} segment is placed at its physical address
 * ({@code p_paddr}) with {@code p_filesz} bytes from the file and zeros up to {@code p_memsz}.
 *
 * @param entry    the entry point ({@code e_entry})
 * @param segments the PT_LOAD segments with data, in file order
 */
public record ElfImage(long entry, List<Segment> segments) {
    /** ELF machine number of 32-bit PowerPC (EM_PPC). */
    public static final int EM_PPC = 20;
    private static final int PT_LOAD = 1;

    /**
     * One PT_LOAD segment.
     *
     * @param paddr physical load address
     * @param data  the segment's memory image ({@code p_memsz} bytes: file bytes then zeros)
     */
    public record Segment(long paddr, byte[] data) {
    }

    /**
     * Parses {@code file} as an ELF32 or ELF64 executable.
     *
     * @param what      how to name the file in errors (for example {@code "-bios /path"})
     * @param bigEndian the byte order the board requires
     * @param machine   the required {@code e_machine}
     * @throws IllegalArgumentException with a one-line reason for anything that is not such an executable
     */
    public static ElfImage parse(String what, byte[] file, boolean bigEndian, int machine) {
        if (file.length < 52 || file[0] != 0x7f || file[1] != 'E' || file[2] != 'L' || file[3] != 'F') {
            throw new IllegalArgumentException(what + ": not an ELF file");
        }
        boolean is64 = file[4] == 2;
        if (file[4] != 1 && !is64) {
            throw new IllegalArgumentException(what + ": bad ELF class " + file[4]);
        }
        if (file[5] != (bigEndian ? 2 : 1)) {
            throw new IllegalArgumentException(what + ": ELF byte order is not " + (bigEndian ? "big" : "little") + "-endian");
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        try {
            int eMachine = b.getShort(18) & 0xffff;
            if (eMachine != machine) {
                throw new IllegalArgumentException(what + ": ELF machine " + eMachine + " is not the board's (" + machine + ")");
            }
            long entry = is64 ? b.getLong(24) : b.getInt(24) & 0xffff_ffffL;
            long phoff = is64 ? b.getLong(32) : b.getInt(28) & 0xffff_ffffL;
            int phentsize = b.getShort(is64 ? 54 : 42) & 0xffff;
            int phnum = b.getShort(is64 ? 56 : 44) & 0xffff;
            if (phnum == 0 || phentsize < (is64 ? 56 : 32) || phoff < 0 || phoff + (long) phnum * phentsize > file.length) {
                throw new IllegalArgumentException(what + ": bad ELF program header table");
            }
            List<Segment> segs = new ArrayList<>();
            for (int i = 0; i < phnum; i++) {
                int p = (int) (phoff + (long) i * phentsize);
                if (b.getInt(p) != PT_LOAD) {
                    continue;
                }
                long off = is64 ? b.getLong(p + 8) : b.getInt(p + 4) & 0xffff_ffffL;
                long paddr = is64 ? b.getLong(p + 24) : b.getInt(p + 12) & 0xffff_ffffL;
                long filesz = is64 ? b.getLong(p + 32) : b.getInt(p + 16) & 0xffff_ffffL;
                long memsz = is64 ? b.getLong(p + 40) : b.getInt(p + 20) & 0xffff_ffffL;
                if (filesz > memsz || off < 0 || off + filesz > file.length || memsz > (256L << 20)) {
                    throw new IllegalArgumentException(what + ": ELF segment " + i + " is truncated or too large");
                }
                if (memsz == 0) {
                    continue;
                }
                byte[] data = new byte[(int) memsz];
                System.arraycopy(file, (int) off, data, 0, (int) filesz);
                segs.add(new Segment(paddr, data));
            }
            if (segs.isEmpty()) {
                throw new IllegalArgumentException(what + ": the ELF file has no loadable segment");
            }
            return new ElfImage(entry, List.copyOf(segs));
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(what + ": truncated ELF file");
        }
    }

    /** True if {@code file} starts with the ELF magic. */
    public static boolean isElf(byte[] file) {
        return file.length >= 4 && file[0] == 0x7f && file[1] == 'E' && file[2] == 'L' && file[3] == 'F';
    }
}
