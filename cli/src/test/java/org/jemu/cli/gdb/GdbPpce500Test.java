package org.jemu.cli.gdb;

import static org.jemu.cli.gdb.GdbHarness.assertMatches;
import static org.jemu.cli.gdb.GdbHarness.assertNoMatch;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gdb stub on the e500mc: {@code jemu run -M ppce500 -cpu e500mc -bios uboot.elf -S -gdb tcp::PORT} with
 * Debian's U-Boot ({@code u-boot-qemu}; {@code -Djemu.uboot.ppce500=FILE} for another) and
 * {@code gdb-multiarch -batch} without a file ({@code set endian big}). Book E has no real mode, so every
 * memory access goes through TLB1 entry 0, the 64 MiB initial mapping the board sets up as QEMU does: RAM
 * inside it reads, 0x0400_0000 and the e500 reset page 0xFFFF_F000 (replaced by the board's entry) do not.
 * Every expected line is what the same gdb script prints against
 * {@code qemu-system-ppc -M ppce500 -cpu e500mc -bios /usr/lib/u-boot/qemu-ppce500/uboot.elf -S -s} (QEMU 7.2):
 * the boot state (pc = the ELF entry 0xF0_0000, r1 = 16 MiB - 8, r3 = the device tree at 0x270_0000, r6 = the
 * ePAPR magic, r7 = the mapping's size), U-Boot's first words, {@code stepi} over {@code mtmsr} (MSR[DE]), a
 * hardware breakpoint, Book E SPRs, {@code info registers}; where Ctrl-C lands depends on timing, so only that it lands in
 * U-Boot (its load address, or relocated to the top of the 128 MiB of RAM and mapped by U-Boot's own TLB
 * entries) and that the code there reads is checked.
 */
class GdbPpce500Test {
    static final Path UBOOT = Path.of(System.getProperty("jemu.uboot.ppce500", "/usr/lib/u-boot/qemu-ppce500/uboot.elf"));

    @TempDir
    Path tmp;

    @Test
    void bootStateTlbMemoryStepOverMtmsrInfoRegistersAndCtrlC() throws Exception {
        assertTrue(Files.isRegularFile(UBOOT), UBOOT + " is missing: install the Debian package u-boot-qemu "
                + "(or pass -Djemu.uboot.ppce500=FILE)");
        try (GdbHarness h = GdbHarness.start(tmp, "-M", "ppce500", "-cpu", "e500mc", "-bios", UBOOT.toString(),
                "-nographic")) {
            String o = h.session(List.of("set endian big"),
                    "info registers pc r1 r3 r6 r7 msr",
                    "x/4xw 0xf00000",
                    "x/xw 0x3fffffc",
                    "x/xw 0x4000000",
                    "x/xw 0xfffffffc",
                    "stepi",
                    "stepi",
                    "info registers pc r1 msr",
                    "x/2i $pc",
                    "hbreak *0xf000dc",
                    "continue",
                    "info registers pc lr",
                    "info registers ivpr pvr pir tsr tcr hid0 l1cfg0 tlb0cfg tlb1cfg mmucfg svr esr mas4 ivor5 ivor15 decr",
                    "set $ivpr = 5",
                    "delete",
                    "info registers",
                    "echo running\\n",
                    "continue",
                    "x/i $pc",
                    "p $pc",
                    "kill").interruptAfter("\nrunning\n", 1500).run();
            assertMatches("^pc\\s+0xf00000\\s+0xf00000$", o);
            assertMatches("^r1\\s+0xfffff8\\s+16777208$", o);
            assertMatches("^r3\\s+0x2700000\\s+40894464$", o);
            assertMatches("^r6\\s+0x45504150\\s+1162887504$", o);
            assertMatches("^r7\\s+0x4000000\\s+67108864$", o);
            assertMatches("^msr\\s+0x0\\s+0$", o);
            assertMatches("^0xf00000:\\s+0x38200200\\s+0x7c200124\\s+0x7c781b78\\s+0x38000002$", o);
            assertMatches("^0x3fffffc:\\s+0x00000000$", o);
            assertMatches("^0x4000000:\\s+Cannot access memory at address 0x4000000$", o);
            assertMatches("^0xfffffffc:\\s+Cannot access memory at address 0xfffffffc$", o);
            assertMatches("^0x00f00004 in \\?\\? \\(\\)$", o);
            assertMatches("^0x00f00008 in \\?\\? \\(\\)$", o);
            assertMatches("^pc\\s+0xf00008\\s+0xf00008$", o);
            assertMatches("^r1\\s+0x200\\s+512$", o);
            assertMatches("^msr\\s+0x200\\s+512$", o); // mtmsr r1: MSR[DE]
            assertMatches("^=> 0xf00008:\\s+mr\\s+r24,r3$", o);
            assertMatches("^   0xf0000c:\\s+li\\s+r0,2$", o);
            assertMatches("^Hardware assisted breakpoint 1 at 0xf000dc$", o);
            assertMatches("^Breakpoint 1, 0x00f000dc in \\?\\? \\(\\)$", o);
            assertMatches("^lr\\s+0xf000dc\\s+0xf000dc$", o);
            // Book E SPRs (QEMU's org.qemu.power.spr feature): IVPR and IVOR15 as U-Boot set them, QEMU's IDs.
            // Not compared: tsr (QEMU sets DIS when U-Boot writes DEC = 0: 0x8000000, jemu 0) and ivor5 (U-Boot
            // writes 0x6ec; QEMU keeps 0x6e4, jemu 0x6e0, the low four bits being reserved).
            String[] sprs = {"ivpr 0xf00000 15728640", "pvr 0x80230020 -2145189856", "pir 0x0 0", "tcr 0x0 0", "hid0 0x80004080 -2147467136", "l1cfg0 0x1003820 16791584",
                "tlb0cfg 0x4110200 68223488", "tlb1cfg 0x401cc040 1075626048", "mmucfg 0x0 0", "svr 0x0 0",
                "esr 0x0 0", "mas4 0x0 0", "ivor15 0xd30 3376", "decr 0x0 0"};
            GdbHarness.assertRegisters(o, sprs);
            // jemu's SPR feature is read-only (QEMU would write it).
            assertMatches("^Could not write register \"ivpr\"; remote failure reply 'E01'$", o);
            // info registers at the breakpoint (the core and FPU features' lines).
            String[] regs = {
                "r0 0x80004080 2147500160", "r1 0xffff0000 4294901760", "r2 0x0 0", "r3 0x2700000 40894464",
                "r4 0xd30 3376", "r5 0x0 0", "r6 0x45504150 1162887504", "r7 0x4000000 67108864",
                "r24 0x2700000 40894464", "r31 0x0 0", "pc 0xf000dc 0xf000dc", "msr 0x200 512", "cr 0x0 0",
                "lr 0xf000dc 0xf000dc", "ctr 0x0 0", "xer 0x0 0", "fpscr 0x0 0"};
            GdbHarness.assertRegisters(o, regs);
            for (int i = 8; i <= 23; i++) {
                assertMatches("^r" + i + "\\s+0x0\\s+0$", o);
            }
            assertMatches("^Program received signal SIGINT, Interrupt\\.$", o);
            // Still in U-Boot's image at 0xF0_0000 or already relocated to the top of RAM; either way its code
            // reads through the TLB (QEMU, interrupted later, showed "=> 0x7f92998:\tblr").
            assertMatches("^=> 0x(f[0-9a-f]{5}|7f[0-9a-f]{5}):\\s+\\S+", o);
            assertMatches("^\\$1 = \\(void \\(\\*\\)\\(\\)\\) 0x(f[0-9a-f]{5}|7f[0-9a-f]{5})$", o);
            assertNoMatch("Cannot access memory at address 0x(f[0-9a-f]{5}|7f[0-9a-f]{5})$", o);
            assertMatches("^\\[Inferior 1 \\(Remote target\\) killed\\]$", o);
            h.awaitExit(30, o);
        }
    }
}
