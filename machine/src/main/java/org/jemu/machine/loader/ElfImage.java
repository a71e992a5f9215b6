package org.jemu.machine.loader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.jemu.machine.MachineException;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * An ELF executable's loadable segments, parsed as QEMU's {@code load_elf} reads them (System V ABI, "ELF
 * header" and "Program header" chapters): 32- and 64-bit, either byte order, every {@code PT_LOAD} segment
 * with its file bytes placed at its physical address ({@code p_paddr}) and zero-filled up to {@code p_memsz}.
 * Only the file bytes are held on the Java heap: the zero fill is written straight into guest memory when a
 * segment is {@link Segment#loadInto loaded}, as QEMU's ROM blobs do on reset, so a large {@code p_memsz}
 * (a big .bss) costs no host heap.
 *
 * @param entry     the entry point ({@code e_entry})
 * @param segments  the loadable segments in program-header order
 * @param lowAddr   lowest physical address loaded ({@code loadaddr} in QEMU)
 * @param totalSize sum of the segments' memory sizes (what QEMU's {@code load_elf} returns)
 */
public record ElfImage(long entry, List<Segment> segments, long lowAddr, long totalSize) {
    /** ELF machine numbers used by jemu's boards. */
    public static final int EM_PPC = 20;
    public static final int EM_ARM = 40;
    public static final int EM_AARCH64 = 183;

    private static final int PT_LOAD = 1;

    /**
     * One loadable segment: {@code data} (its file bytes) at physical {@code paddr}, followed by zeros up to
     * {@code memSize} bytes in all.
     *
     * @param paddr   guest physical address of the first byte
     * @param data    the bytes from the file ({@code p_filesz} of them)
     * @param memSize bytes of guest memory the segment covers ({@code p_memsz}, at least {@code data.length})
     */
    public record Segment(long paddr, byte[] data, long memSize) {
        public Segment {
            if (memSize < data.length) {
                throw new IllegalArgumentException("memSize " + memSize + " < " + data.length + " file bytes");
            }
        }

        /** A segment of file bytes only (a raw image): {@code memSize} is {@code data.length}. */
        public Segment(long paddr, byte[] data) {
            this(paddr, data, data.length);
        }

        /**
         * Copies the file bytes to guest memory and writes the zero fill after them.
         *
         * @throws IllegalArgumentException if part of [paddr, paddr + memSize) is not RAM or ROM (boards
         *                                  check the range when the machine is built)
         */
        public void loadInto(PhysicalAddressSpace memory) {
            memory.load(paddr, data);
            if (memSize > data.length) {
                memory.fill(paddr + data.length, memSize - data.length, (byte) 0);
            }
        }
    }

    /** True when {@code file} starts with the ELF magic number. */
    public static boolean isElf(byte[] file) {
        return file.length >= 4 && file[0] == 0x7f && file[1] == 'E' && file[2] == 'L' && file[3] == 'F';
    }

    /**
     * Parses {@code file} (an ELF executable) for a machine of type {@code machine}.
     *
     * @param what     the command-line option and file name, for error messages ("-bios FILE")
     * @param machine  required {@code e_machine} (for example {@link #EM_PPC})
     * @param maxBytes most bytes of memory the segments may cover together
     * @throws MachineException (one line) for a truncated or malformed file, another machine, no loadable
     *                          segment, or segments larger than {@code maxBytes}
     */
    public static ElfImage parse(byte[] file, String what, int machine, long maxBytes) {
        if (!isElf(file)) {
            throw new MachineException(what + ": not an ELF file");
        }
        if (file.length < 52) {
            throw new MachineException(what + ": truncated ELF header");
        }
        int cls = file[4];
        int data = file[5];
        if ((cls != 1 && cls != 2) || (data != 1 && data != 2)) {
            throw new MachineException(what + ": bad ELF class or byte order");
        }
        boolean is64 = cls == 2;
        ByteBuffer b = ByteBuffer.wrap(file).order(data == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        try {
            int eMachine = b.getShort(18) & 0xFFFF;
            if (eMachine != machine) {
                throw new MachineException(what + ": ELF file for machine " + eMachine + ", this board needs "
                        + machine + (machine == EM_PPC ? " (PowerPC)" : ""));
            }
            long entry;
            long phoff;
            int phentsize;
            int phnum;
            if (is64) {
                entry = b.getLong(24);
                phoff = b.getLong(32);
                phentsize = b.getShort(54) & 0xFFFF;
                phnum = b.getShort(56) & 0xFFFF;
            } else {
                entry = b.getInt(24) & 0xFFFF_FFFFL;
                phoff = b.getInt(28) & 0xFFFF_FFFFL;
                phentsize = b.getShort(42) & 0xFFFF;
                phnum = b.getShort(44) & 0xFFFF;
            }
            if (phnum == 0 || phentsize < (is64 ? 56 : 32) || phoff < 0 || phoff + (long) phnum * phentsize > file.length) {
                throw new MachineException(what + ": ELF program headers missing or outside the file");
            }
            List<Segment> segs = new ArrayList<>();
            long low = Long.MAX_VALUE;
            long total = 0;
            for (int i = 0; i < phnum; i++) {
                int ph = (int) (phoff + (long) i * phentsize);
                int type = b.getInt(ph);
                if (type != PT_LOAD) {
                    continue;
                }
                long offset, paddr, filesz, memsz;
                if (is64) {
                    offset = b.getLong(ph + 8);
                    paddr = b.getLong(ph + 24);
                    filesz = b.getLong(ph + 32);
                    memsz = b.getLong(ph + 40);
                } else {
                    offset = b.getInt(ph + 4) & 0xFFFF_FFFFL;
                    paddr = b.getInt(ph + 12) & 0xFFFF_FFFFL;
                    filesz = b.getInt(ph + 16) & 0xFFFF_FFFFL;
                    memsz = b.getInt(ph + 20) & 0xFFFF_FFFFL;
                }
                if (memsz == 0) {
                    continue;
                }
                if (filesz > memsz || offset < 0 || offset + filesz > file.length || filesz < 0) {
                    throw new MachineException(what + ": ELF segment " + i + " lies outside the file");
                }
                if (memsz < 0) {
                    throw new MachineException(what + ": ELF segment " + i + " has a negative memory size");
                }
                if (paddr + memsz < paddr) {
                    throw new MachineException(what + ": ELF segment " + i + " wraps around the address space");
                }
                total += memsz;
                if (memsz > maxBytes || total > maxBytes) {
                    throw new MachineException(what + ": ELF segments cover more than " + (maxBytes >> 20) + " MiB");
                }
                byte[] bytes = java.util.Arrays.copyOfRange(file, (int) offset, (int) (offset + filesz));
                segs.add(new Segment(paddr, bytes, memsz));
                low = Math.min(low, paddr);
            }
            if (segs.isEmpty()) {
                throw new MachineException(what + ": the ELF file has no loadable segment");
            }
            return new ElfImage(entry, List.copyOf(segs), low, total);
        } catch (IndexOutOfBoundsException e) {
            throw new MachineException(what + ": truncated ELF file");
        }
    }
}
