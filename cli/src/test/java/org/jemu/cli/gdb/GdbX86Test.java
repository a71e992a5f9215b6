package org.jemu.cli.gdb;

import static org.jemu.cli.gdb.GdbHarness.assertMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gdb stub on the PC: {@code jemu run -M pc -S -gdb tcp::PORT} in a subprocess with the nasm test program
 * {@code test-roms/x86/gdb/gdbtest}, and {@code gdb-multiarch -batch} with its ELF as i386, through
 * {@link GdbHarness} (skipped without gdb-multiarch, except with {@code CI=true}, where it fails).
 */
class GdbX86Test {
    @TempDir
    Path tmp;

    static Path gdbDir() {
        return GdbHarness.romDir("x86/gdb", "gdbtest.elf");
    }

    private GdbHarness startJemu() throws Exception {
        return GdbHarness.start(tmp, "-M", "pc", "-bios", gdbDir().resolve("gdbtest.bin").toString(),
                "-nographic", "-serial", "stdio");
    }

    /** gdb debugs the PC as i386 with the program's symbols. */
    static List<String> setup() {
        return List.of("set architecture i386", "file " + gdbDir().resolve("gdbtest.elf"));
    }

    @Test
    void realModeThenProtectedModeBreakStepWatchX87() throws Exception {
        try (GdbHarness h = startJemu()) {
            String o = h.gdb(setup(),
                    "info registers eip cs",
                    "break rm_point",
                    "continue",
                    "info registers eip ecx cs ss",
                    "break compute",
                    "continue",
                    "info registers eax eip eflags cs",
                    "stepi",
                    "info registers eax eip",
                    "x/4i $pc",
                    "watch *(int *)0x1000",
                    "continue",
                    "print/x $eip",
                    "print *(int *)0x1000",
                    "delete",
                    "break fpu_point",
                    "continue",
                    "p $st0",
                    "p $st1",
                    "info registers fstat ftag",
                    "set $eax = 0x20",
                    "set $ecx = 0x1234",
                    "info registers eax ecx",
                    "set $eflags = 0xc3", // CF ZF SF, IF stays clear (the program has no IDT)
                    "info registers eflags",
                    "set $cs = 0x10",
                    "stepi",
                    "stepi",
                    "info registers eax eip",
                    "x/wx 0x1004",
                    "detach");
            // At the reset vector: CS base 0xFFFF0000, IP 0xFFF0; eip is the linear address.
            assertMatches("^eip\\s+0xfffffff0\\s+0xfffffff0", o);
            assertMatches("^cs\\s+0xf000\\s+61440", o);
            assertMatches("Breakpoint 1, 0x000f0012 in rm_point \\(\\)", o);
            assertMatches("^eip\\s+0xf0012\\s+0xf0012 <rm_point>", o);
            assertMatches("^ecx\\s+0x3\\s+3$", o);
            assertMatches("^ss\\s+0x0\\s+0$", o);
            assertMatches("Breakpoint 2, 0x000f0054 in compute \\(\\)", o);
            assertMatches("^eip\\s+0xf0054\\s+0xf0054 <compute>", o);
            assertMatches("^cs\\s+0x8\\s+8$", o);
            assertMatches("^eflags\\s+0x[0-9a-f]+\\s+\\[ .*PF.* \\]", o);
            assertMatches("^eax\\s+0x5\\s+5$", o);
            assertMatches("^eip\\s+0xf0059\\s+0xf0059 <compute\\+5>", o);
            assertMatches("^=> 0xf0059 <compute\\+5>:\\s+mov\\s+\\$0x7,%ebx", o);
            assertMatches("add\\s+%ebx,%eax", o);
            assertMatches("Hardware watchpoint 3: \\*\\(int \\*\\)0x1000", o);
            assertMatches("Old value = 0\\s+New value = 12", o);
            // x86 reports after the access: the PC is at the next instruction.
            assertMatches("^\\$1 = 0xf0065$", o);
            assertMatches("^\\$2 = 12$", o);
            assertMatches("^\\$3 = 4\\.14159265358979323\\d*$", o);
            assertMatches("^\\$4 = 1$", o);
            // TOP = 6 (and PE), st0 = R6 and st1 = R7 valid (tag 00), the others empty (11).
            assertMatches("^fstat\\s+0x3020\\s", o);
            assertMatches("^ftag\\s+0xfff\\s", o);
            assertMatches("^eax\\s+0x20\\s+32$", o);
            assertMatches("^ecx\\s+0x1234\\s+4660$", o);
            assertMatches("^eflags\\s+0xc3\\s+\\[ CF ZF SF \\]", o);
            assertMatches("Could not write register \"cs\"", o);
            // ADC EAX, 0 adds the CF gdb set (the lazy flags were reset from the written EFLAGS).
            assertMatches("^eax\\s+0x21\\s+33$", o);
            assertMatches("^0x1004:\\s+0x00000000$", o);
            assertMatches("\\[Inferior 1 \\(Remote target\\) detached\\]", o);
            int status = h.awaitExit(60, o);
            String console = h.console();
            // isa-debug-exit with AL = 0x21 (gdb's 0x20 + its CF; the program alone exits with 12): status 0x21 * 2 + 1.
            assertEquals(0x21 * 2 + 1, status, console + o);
        }
    }

    /**
     * hbreak, rwatch (reads only), awatch (reads and writes) and Ctrl-C on the x86 program. Every expected line
     * is what the same gdb script prints against {@code qemu-system-i386 -M pc -bios gdbtest.bin -device
     * isa-debug-exit,iobase=0x501 -S -s} (x86 reports a watchpoint after the access, the PC at the next
     * instruction); QEMU's last line differs only as it ends the connection at isa-debug-exit.
     */
    @Test
    void hbreakReadAndAccessWatchpointsAndCtrlC() throws Exception {
        try (GdbHarness h = startJemu()) {
            String o = h.session(setup(),
                    "hbreak done_point",
                    "continue",
                    "info registers eip",
                    "delete",
                    "rwatch *(int *)0x1008", // shared
                    "awatch *(int *)0x1004", // result
                    "continue",
                    "info registers eip",
                    "continue",
                    "info registers eip ebx",
                    "continue",
                    "info registers eip",
                    "continue",
                    "info registers eip ebx",
                    "delete",
                    "hbreak spin",
                    "continue",
                    "set var *(int *)0x100c = 1", // spinning: the guest loops until it is cleared
                    "delete",
                    "echo spinning\\n",
                    "continue",
                    "info registers eip",
                    "print *(int *)0x100c",
                    "set var *(int *)0x100c = 0",
                    "continue").interruptAfter("\nspinning\n", 500).run();
            assertMatches("^Hardware assisted breakpoint 1 at 0xf006e$", o);
            assertMatches("^Breakpoint 1, 0x000f006e in done_point \\(\\)$", o);
            assertMatches("^eip\\s+0xf006e\\s+0xf006e <done_point>$", o);
            assertMatches("^Hardware read watchpoint 2: \\*\\(int \\*\\)0x1008$", o);
            assertMatches("^Hardware access \\(read/write\\) watchpoint 3: \\*\\(int \\*\\)0x1004$", o);
            // The write of result stops the access watchpoint; the write of 1 to shared that follows does not
            // stop the read watchpoint: its first stop is the read after it.
            assertMatches("^Hardware access \\(read/write\\) watchpoint 3: \\*\\(int \\*\\)0x1004\\s+"
                    + "Old value = 0\\s+New value = 12\\s+0x000f0076 in done_point \\(\\)\\s+"
                    + "eip\\s+0xf0076\\s+0xf0076 <done_point\\+8>$", o);
            assertMatches("^Hardware read watchpoint 2: \\*\\(int \\*\\)0x1008\\s+Value = 1\\s+"
                    + "0x000f0086 in read_point \\(\\)\\s+eip\\s+0xf0086\\s+0xf0086 <read_point\\+6>\\s+"
                    + "ebx\\s+0x1\\s+1$", o);
            assertMatches("^Hardware access \\(read/write\\) watchpoint 3: \\*\\(int \\*\\)0x1004\\s+"
                    + "Value = 12\\s+0x000f008c in read_point \\(\\)\\s+"
                    + "eip\\s+0xf008c\\s+0xf008c <read_point\\+12>$", o);
            // The write of 13 to shared is skipped; the read after it stops.
            assertMatches("^Hardware read watchpoint 2: \\*\\(int \\*\\)0x1008\\s+Value = 13\\s+"
                    + "0x000f0098 in read_point \\(\\)\\s+eip\\s+0xf0098\\s+0xf0098 <read_point\\+24>\\s+"
                    + "ebx\\s+0x1a\\s+26$", o);
            assertMatches("^Breakpoint 4, 0x000f00a2 in spin \\(\\)$", o);
            // Ctrl-C: gdb sends 0x03, the guest stops in its loop.
            assertMatches("^Program received signal SIGINT, Interrupt\\.\\s+0x000f00(a2|a9) in spin \\(\\)$", o);
            assertMatches("^\\$1 = 1$", o);
            // Released, the program ends through isa-debug-exit with EAX = 12: status 12 * 2 + 1 = 031.
            assertMatches("^\\[Inferior 1 \\(Remote target\\) exited with code 031\\]$", o);
            assertEquals(12 * 2 + 1, h.awaitExit(30, o), h.console());
        }
    }
}
