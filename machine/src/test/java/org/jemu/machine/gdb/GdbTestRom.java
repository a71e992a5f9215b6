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
 * The committed gdb test programs, {@code test-roms/aarch64/gdb/gdbtest.{bin,elf}} (and the other
 * architectures' in {@code test-roms/ARCH/gdb}), and their symbols (read from the ELF's symbol table, so the
 * tests follow a rebuilt program).
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

    /** The directory {@code test-roms/REL} holding {@code gdbtest.elf}, e.g. {@code x86/gdb}. */
    static Path dir(String rel) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("test-roms").resolve(rel);
            if (Files.isRegularFile(p.resolve("gdbtest.elf"))) {
                return p;
            }
        }
        return fail("cannot find test-roms/" + rel + "/gdbtest.elf above " + Path.of("").toAbsolutePath());
    }

    /** Symbol name to value, from the AArch64 program's {@code .symtab}. */
    static Map<String, Long> symbols() {
        return symbols(dir().resolve("gdbtest.elf"));
    }

    /** Symbol name to value, from the {@code .symtab} of an ELF32 or ELF64 file of either byte order. */
    static Map<String, Long> symbols(Path file) {
        byte[] elf;
        try {
            elf = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean is64 = elf[4] == 2;
        ByteBuffer b = ByteBuffer.wrap(elf).order(elf[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long shoff = is64 ? b.getLong(0x28) : b.getInt(0x20) & 0xffffffffL;
        int shentsize = b.getShort(is64 ? 0x3a : 0x2e) & 0xffff;
        int shnum = b.getShort(is64 ? 0x3c : 0x30) & 0xffff;
        Map<String, Long> syms = new HashMap<>();
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            if (b.getInt(sh + 4) != 2) { // SHT_SYMTAB
                continue;
            }
            long off = is64 ? b.getLong(sh + 0x18) : b.getInt(sh + 0x10) & 0xffffffffL;
            long size = is64 ? b.getLong(sh + 0x20) : b.getInt(sh + 0x14) & 0xffffffffL;
            int link = b.getInt(is64 ? sh + 0x28 : sh + 0x18);
            int strSh = (int) (shoff + (long) link * shentsize);
            long strOff = is64 ? b.getLong(strSh + 0x18) : b.getInt(strSh + 0x10) & 0xffffffffL;
            int entSize = is64 ? 24 : 16;
            for (long s = off; s < off + size; s += entSize) {
                int name = b.getInt((int) s);
                long value = is64 ? b.getLong((int) s + 8) : b.getInt((int) s + 4) & 0xffffffffL;
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

    /** Symbol {@code name} of the program in {@code test-roms/REL}; fails if it is not there. */
    static long symbol(String rel, String name) {
        Long v = symbols(dir(rel).resolve("gdbtest.elf")).get(name);
        if (v == null) {
            fail("symbol " + name + " is not in " + rel + "/gdbtest.elf");
        }
        return v;
    }

    static long symbol(String name) {
        Long v = symbols().get(name);
        if (v == null) {
            fail("symbol " + name + " is not in gdbtest.elf");
        }
        return v;
    }
}
