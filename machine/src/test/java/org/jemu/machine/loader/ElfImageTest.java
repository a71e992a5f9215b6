package org.jemu.machine.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jemu.machine.MachineException;
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
        assertEquals(32, e.segments().get(0).data().length);
        assertEquals(0x1000, e.lowAddr());
    }

    @Test
    void memorySizeOf2GiBIsAnErrorNotNegativeArraySize() {
        // ppce500 allows -m up to 48 GiB, so maxBytes alone does not keep memsz inside a Java array
        MachineException ex = assertThrows(MachineException.class,
                () -> ElfImage.parse(elf64(0, 16, 0x8000_0000L), "-bios x", ElfImage.EM_PPC, 4L << 30));
        assertEquals("-bios x: ELF segment 0 is larger than 2 GiB", ex.getMessage());
    }

    @Test
    void segmentWrappingTheAddressSpaceIsAnError() {
        MachineException ex = assertThrows(MachineException.class,
                () -> ElfImage.parse(elf64(Long.MAX_VALUE - 8, 16, 32), "-bios x", ElfImage.EM_PPC, 1 << 20));
        assertEquals("-bios x: ELF segment 0 wraps around the address space", ex.getMessage());
    }
}
