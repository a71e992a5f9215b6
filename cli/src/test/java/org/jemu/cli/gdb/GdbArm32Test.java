package org.jemu.cli.gdb;

import static org.jemu.cli.gdb.GdbHarness.assertMatches;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gdb stub on ARMv7-A: {@code jemu run -M virt -cpu cortex-a15 -bios gdbtest.bin -S -gdb tcp::PORT} with the
 * A32 C test program {@code test-roms/arm/gdb} (flash at 0, data in RAM), and {@code gdb-multiarch -batch} with
 * its ELF, through {@link GdbHarness}. Every expected line is what the same gdb script prints against
 * {@code qemu-system-arm -M virt -cpu cortex-a15 -bios gdbtest.bin -S -s} (QEMU 7.2), except the reset CPSR's
 * flags (architecturally UNKNOWN; QEMU has Z set, only the mode and mask bits 0x1d3 are checked) and where the
 * Ctrl-C lands in the endless loop (timing).
 */
class GdbArm32Test {
    @TempDir
    Path tmp;

    static Path gdbDir() {
        return GdbHarness.romDir("arm/gdb", "gdbtest.elf");
    }

    @Test
    void breakWatchStepHbreakFinishVfpSetVarAndCtrlC() throws Exception {
        try (GdbHarness h = GdbHarness.start(tmp, "-M", "virt", "-cpu", "cortex-a15", "-bios",
                gdbDir().resolve("gdbtest.bin").toString(), "-nographic")) {
            String o = h.session(List.of("file " + gdbDir().resolve("gdbtest.elf")),
                    "info registers pc cpsr",
                    "break sum_to",
                    "continue",
                    "info registers pc r0 sp lr",
                    "print n",
                    "watch counter",
                    "continue",
                    "continue",
                    "delete 2",
                    "stepi",
                    "info registers pc",
                    "x/2i $pc",
                    "hbreak average",
                    "continue",
                    "print *v@n",
                    "finish",
                    "p $d0",
                    "info registers fpscr",
                    "set var counter = 100",
                    "print counter",
                    "set $r5 = 0x1234",
                    "p/x $r5",
                    "set $d7 = 2.5",
                    "p $d7.f64",
                    "p result",
                    "info registers",
                    "echo running\\n",
                    "continue",
                    "p idle > 0",
                    "info registers pc",
                    "kill").in(gdbDir()).interruptAfter("\nrunning\n", 500).run();
            assertMatches("^_start \\(\\) at start\\.S:7$", o);
            assertMatches("^pc\\s+0x0\\s+0x0 <_start>$", o);
            assertMatches("^cpsr\\s+0x[0-9a-f]?00001d3\\s+\\d+$", o);
            assertMatches("^Breakpoint 1 at 0x38: file gdbtest\\.c, line 10\\.$", o);
            assertMatches("^Breakpoint 1, sum_to \\(n=10\\) at gdbtest\\.c:10$", o);
            assertMatches("^pc\\s+0x38\\s+0x38 <sum_to\\+16>$", o);
            assertMatches("^r0\\s+0xa\\s+10$", o);
            assertMatches("^sp\\s+0x4020ffe0\\s+0x4020ffe0$", o);
            assertMatches("^lr\\s+0x14c\\s+332$", o);
            assertMatches("^\\$1 = 10$", o);
            assertMatches("^Hardware watchpoint 2: counter$", o);
            assertMatches("^Old value = 0\\s+New value = 1\\s+sum_to \\(n=10\\) at gdbtest\\.c:11$", o);
            assertMatches("^Old value = 1\\s+New value = 2\\s+sum_to \\(n=10\\) at gdbtest\\.c:11$", o);
            assertMatches("^0x0000007c\\s+11\\s+for \\(int i = 1; i <= n; i\\+\\+\\) \\{$", o);
            assertMatches("^pc\\s+0x7c\\s+0x7c <sum_to\\+84>$", o);
            assertMatches("^=> 0x7c <sum_to\\+84>:\\s+add\\s+r3, r3, #1$", o);
            assertMatches("^   0x80 <sum_to\\+88>:\\s+str\\s+r3, \\[r11, #-12\\]$", o);
            assertMatches("^Hardware assisted breakpoint 3 at 0xbc: file gdbtest\\.c, line 20\\.$", o);
            assertMatches("^Breakpoint 3, average \\(v=0x1a0 <values>, n=4\\) at gdbtest\\.c:20$", o);
            assertMatches("^\\$2 = \\{3, 5, 8, 13\\}$", o);
            assertMatches("^0x0000016c in main \\(\\) at gdbtest\\.c:30$", o);
            assertMatches("^Value returned is \\$3 = 7\\.25$", o);
            assertMatches("^\\$4 = \\{u8 = \\{0, 0, 0, 0, 0, 0, 29, 64\\}, u16 = \\{0, 0, 0, 16413\\}, u32 = \\{0, 1075642368\\}, "
                    + "u64 = 4619848792751996928, f32 = \\{0, 2\\.453125\\}, f64 = 7\\.25\\}$", o);
            assertMatches("^fpscr\\s+0x0\\s+0$", o);
            assertMatches("^\\$5 = 100$", o);
            assertMatches("^\\$6 = 0x1234$", o);
            assertMatches("^\\$7 = 2\\.5$", o);
            assertMatches("^\\$8 = 55$", o);
            // info registers after finish (the core feature's lines).
            String[] regs = {"r0 0x1a0 416", "r1 0x4 4", "r2 0x4 4", "r3 0x4 4", "r4 0x0 0", "r5 0x1234 4660",
                "r11 0x4020fffc 1075904508", "r12 0x0 0", "sp 0x4020fff8 0x4020fff8", "lr 0x16c 364",
                "pc 0x16c 0x16c <main\\+52>", "cpsr 0x600001d3 1610613203"};
            GdbHarness.assertRegisters(o, regs);
            assertMatches("^Program received signal SIGINT, Interrupt\\.$", o);
            assertMatches("^(0x0000018[0-9a-f] in )?main \\(\\) at gdbtest\\.c:3[12]$", o);
            assertMatches("^\\$9 = 1$", o);
            assertMatches("^pc\\s+0x1[6-9a][0-9a-f]\\s+0x1[6-9a][0-9a-f] <main\\+\\d+>$", o);
            assertMatches("^\\[Inferior 1 \\(Remote target\\) killed\\]$", o);
            h.awaitExit(30, o);
        }
    }
}
