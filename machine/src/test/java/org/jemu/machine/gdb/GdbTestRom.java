package org.jemu.machine.gdb;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The committed gdb test program, {@code test-roms/aarch64/gdb/gdbtest.{bin,elf}}, and its symbols (read from
 * the ELF's symbol table, so the tests follow a rebuilt program).
 */
final class GdbTestRom {
    private GdbTestRom() {
    }

    static Path dir() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("test-roms/aarch64/gdb");
            if (Files.isRegularFile(p.resolve("gdbtest.elf"))) {
                return p;
            }
        }
        return fail("cannot find test-roms/aarch64/gdb/gdbtest.elf above " + Path.of("").toAbsolutePath());
    }

    static Path bin() {
        Path p = dir().resolve("gdbtest.bin");
        assertTrue(Files.isRegularFile(p), p + " is missing (it is committed; make -C test-roms/aarch64/gdb)");
        return p;
    }

    /** Symbol name to value, from the ELF64 little-endian {@code .symtab}. */
    static Map<String, Long> symbols() {
        byte[] elf;
        try {
            elf = Files.readAllBytes(dir().resolve("gdbtest.elf"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        int shentsize = b.getShort(0x3a) & 0xffff;
        int shnum = b.getShort(0x3c) & 0xffff;
        Map<String, Long> syms = new HashMap<>();
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            if (b.getInt(sh + 4) != 2) { // SHT_SYMTAB
                continue;
            }
            long off = b.getLong(sh + 0x18);
            long size = b.getLong(sh + 0x20);
            int link = b.getInt(sh + 0x28);
            int strSh = (int) (shoff + (long) link * shentsize);
            long strOff = b.getLong(strSh + 0x18);
            for (long s = off; s < off + size; s += 24) {
                int name = b.getInt((int) s);
                long value = b.getLong((int) s + 8);
                int start = (int) (strOff + name);
                int end = start;
                while (elf[end] != 0) {
                    end++;
                }
                syms.put(new String(elf, start, end - start, StandardCharsets.US_ASCII), value);
            }
        }
        return syms;
    }

    static long symbol(String name) {
        Long v = symbols().get(name);
        if (v == null) {
            fail("symbol " + name + " is not in gdbtest.elf");
        }
        return v;
    }
}
