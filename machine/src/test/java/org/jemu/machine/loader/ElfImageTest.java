package org.jemu.machine.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jemu.machine.MachineException;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.Test;

/** Malformed ELF firmware must give one clear error, never a host exception or a huge allocation. */
class ElfImageTest {
    /** A 64-bit big-endian EM_PPC ELF with one PT_LOAD header (System V ABI field offsets). */
    private static byte[] elf64(long paddr, long filesz, long memsz) {
        ByteBuffer b = ByteBuffer.allocate(64 + 56 + 16).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 2, 1});
        b.putShort(16, (short) 2);
        b.putShort(18, (short) ElfImage.EM_PPC);
        b.putLong(24, 0x100);      // e_entry
        b.putLong(32, 64);         // e_phoff
        b.putShort(54, (short) 56); // e_phentsize
        b.putShort(56, (short) 1);  // e_phnum
        b.putInt(64, 1);           // PT_LOAD
        b.putLong(64 + 8, 64 + 56); // p_offset
        b.putLong(64 + 24, paddr);
        b.putLong(64 + 32, filesz);
        b.putLong(64 + 40, memsz);
        return b.array();
    }

    @Test
    void goodSegmentIsZeroPadded() {
        ElfImage e = ElfImage.parse(elf64(0x1000, 16, 32), "-bios x", ElfImage.EM_PPC, 1 << 20);
        assertEquals(1, e.segments().size());
        assertEquals(16, e.segments().get(0).data().length, "file bytes");
        assertEquals(32, e.segments().get(0).memSize(), "zero-padded to p_memsz");
        assertEquals(0x1000, e.lowAddr());
    }

    /**
     * A segment whose zero fill is larger than a Java array (ppce500 allows -m up to 48 GiB) parses with only
     * its file bytes on the heap; the fill is written into guest memory when it is loaded.
     */
    @Test
    void hugeMemorySizeKeepsOnlyTheFileBytesOnTheHeap() {
        ElfImage e = ElfImage.parse(elf64(0, 16, 3L << 30), "-bios x", ElfImage.EM_PPC, 4L << 30);
        ElfImage.Segment s = e.segments().get(0);
        assertEquals(16, s.data().length);
        assertEquals(3L << 30, s.memSize());
        assertEquals(3L << 30, e.totalSize());
    }

    @Test
    void memorySizeBeyondRamIsOneLineError() {
        MachineException ex = assertThrows(MachineException.class,
                () -> ElfImage.parse(elf64(0, 16, 1L << 40), "-bios x", ElfImage.EM_PPC, 256L << 20));
        assertEquals("-bios x: ELF segments cover more than 256 MiB", ex.getMessage());
    }

    /** Loading writes the file bytes, then zeros up to p_memsz over what RAM held, across two regions. */
    @Test
    void loadWritesFileBytesThenZeroFill() {
        byte[] file = elf64(0x1ff8, 16, 0x2000);
        for (int i = 0; i < 16; i++) {
            file[64 + 56 + i] = (byte) (0xa0 + i);
        }
        ElfImage e = ElfImage.parse(file, "-bios x", ElfImage.EM_PPC, 1 << 20);
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        try {
            mem.addRam("a", 0, 0x2000);
            mem.addRam("b", 0x2000, 0x4000);
            for (long a = 0; a < 0x6000; a += 8) {
                mem.write(a, 8, false, -1L);
            }
            e.segments().get(0).loadInto(mem);
            assertEquals(0xffL, mem.read(0x1ff7, 1, false), "before the segment: untouched");
            for (int i = 0; i < 16; i++) {
                assertEquals(0xa0L + i, mem.read(0x1ff8 + i, 1, false), "file byte " + i);
            }
            for (long a = 0x1ff8 + 16; a < 0x1ff8 + 0x2000; a++) {
                assertEquals(0, mem.read(a, 1, false), "zero fill at 0x" + Long.toHexString(a));
            }
            assertEquals(0xffL, mem.read(0x1ff8 + 0x2000, 1, false), "after the segment: untouched");
        } finally {
            mem.close();
        }
    }

    @Test
    void segmentWrappingTheAddressSpaceIsAnError() {
        MachineException ex = assertThrows(MachineException.class,
                () -> ElfImage.parse(elf64(Long.MAX_VALUE - 8, 16, 32), "-bios x", ElfImage.EM_PPC, 1 << 20));
        assertEquals("-bios x: ELF segment 0 wraps around the address space", ex.getMessage());
    }
}
