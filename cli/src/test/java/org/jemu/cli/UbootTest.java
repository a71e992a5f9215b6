package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.board.VirtMachine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Debian's U-Boot for QEMU's virt board ({@code u-boot-qemu}, U-Boot 2023.01) boots on jemu to its {@code =>}
 * prompt and its commands work over the emulated PL011, flash, RAM and generic timer. One machine
 * ({@code -M virt -cpu cortex-a57 -m 256 -bios u-boot.bin}) serves the whole class; the tests run in order as
 * one scripted console session.
 *
 * <p>The expected outputs were taken from the same {@code u-boot.bin} on
 * {@code qemu-system-aarch64 -M virt -cpu cortex-a57 -m 256 -nographic} (QEMU 7.2). What differs between the two
 * boards by design is not checked: jemu has no PCI devices (virtio is on virtio-mmio only), and its device tree differs
 * in size from QEMU's (QEMU's blob is padded to 1 MiB), so the device tree header is checked against jemu's own
 * blob.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UbootTest {
    /** The default {@code -icount} shift: 4 ns per instruction, so {@code sleep 1} is 250 M instructions. */
    static final int ICOUNT_SHIFT = MachineConfig.DEFAULT_ICOUNT_SHIFT;
    static final long RAM_MIB = 256;

    private ConsoleSession s;
    private String bootLog;

    @BeforeAll
    void bootToPrompt() {
        s = ConsoleSession.virt(TestImages.uboot()).ramMiB(RAM_MIB).icountShift(ICOUNT_SHIFT).start();
        String banner = s.expect("\nU-Boot 2023.01");
        bootLog = banner + "\nU-Boot 2023.01" + s.expect("Hit any key to stop autoboot");
        s.send(" ");
        bootLog += "Hit any key to stop autoboot" + s.expect("\n=> ");
    }

    @AfterAll
    void shutDown() {
        if (s != null) {
            s.close();
        }
    }

    private static List<String> lines(String out) {
        return Arrays.asList(out.split("\n", -1));
    }

    private static void assertLine(String out, String line) {
        assertTrue(lines(out).contains(line), "no line '" + line + "' in:\n" + out);
    }

    private static void assertLineMatches(String out, String regex) {
        Pattern p = Pattern.compile(regex);
        assertTrue(lines(out).stream().anyMatch(l -> p.matcher(l).matches()), "no line matching /" + regex
                + "/ in:\n" + out);
    }

    @Test
    @Order(1)
    void bootLogShowsBoardDevices() {
        assertLineMatches(bootLog, "U-Boot 2023\\.01\\S* \\(.+\\)");
        assertLine(bootLog, "DRAM:  256 MiB");
        assertLine(bootLog, "Flash: 64 MiB");
        assertLine(bootLog, "In:    pl011@9000000");
        assertLine(bootLog, "Out:   pl011@9000000");
        assertLine(bootLog, "Err:   pl011@9000000");
        assertLineMatches(bootLog, "Core: +\\d+ devices, \\d+ uclasses, devicetree: board");
        assertTrue(bootLog.contains("Hit any key to stop autoboot:  2 "), bootLog);
    }

    @Test
    @Order(2)
    void version() {
        String out = s.command("version");
        List<String> l = lines(out);
        assertTrue(l.getFirst().matches("U-Boot 2023\\.01\\S* \\(.+\\)"), out);
        assertLine(bootLog, l.getFirst()); // the same line as the boot banner
        assertLineMatches(out, "aarch64-linux-gnu-gcc .*");
        assertLineMatches(out, "GNU ld .*");
    }

    @Test
    @Order(3)
    void helpListsCommands() {
        String out = s.command("help");
        List<String> l = lines(out);
        assertTrue(l.size() > 100, "U-Boot's help lists 117 commands; got " + l.size() + ":\n" + out);
        for (String line : l) {
            assertTrue(line.matches("\\S+ +- .+"), "not a help line: '" + line + "'");
        }
        assertLine(out, "?         - alias for 'help'");
        assertLine(out, "bdinfo    - print Board Info structure");
        assertLine(out, "cmp       - memory compare");
        assertLine(out, "cp        - memory copy");
        assertLine(out, "crc32     - checksum calculation");
        assertLine(out, "dm        - Driver model low level access");
        assertLine(out, "itest     - return true/false on integer compare");
        assertLine(out, "md        - memory display");
        assertLine(out, "mw        - memory write (fill)");
        assertLine(out, "setexpr   - set environment variable as the result of eval expression");
        assertLine(out, "sleep     - delay execution for some time");
        assertLine(out, "version   - print monitor, compiler and linker version");
    }

    /** The device tree the board put at the start of RAM, as U-Boot's {@code md} prints it. */
    @Test
    @Order(4)
    void mdShowsDeviceTreeAtRamBase() {
        byte[] dtb = ((VirtMachine) s.machine()).dtb();
        assertEquals(VirtMachine.RAM_BASE, ((VirtMachine) s.machine()).dtbAddress());
        String out = s.command("md 0x40000000 4");
        // md.l: address, four little-endian 32-bit words, two spaces, the 16 bytes as ASCII ('.' if unprintable)
        StringBuilder want = new StringBuilder("40000000:");
        for (int i = 0; i < 16; i += 4) {
            long w = (dtb[i] & 0xffL) | (dtb[i + 1] & 0xffL) << 8 | (dtb[i + 2] & 0xffL) << 16 | (dtb[i + 3] & 0xffL) << 24;
            want.append(String.format(Locale.ROOT, " %08x", w));
        }
        want.append("  ").append(ascii(dtb, 0, 16));
        assertEquals(want.toString(), out);
        assertTrue(out.startsWith("40000000: edfe0dd0 "), "FDT magic 0xd00dfeed (big-endian) read as a word: " + out);

        String bytes = s.command("md.b 0x40000000 0x10");
        assertEquals("40000000: " + HexFormat.ofDelimiter(" ").formatHex(dtb, 0, 16) + "  " + ascii(dtb, 0, 16), bytes);
        assertTrue(bytes.startsWith("40000000: d0 0d fe ed "), bytes);
    }

    private static String ascii(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
        return sb.toString();
    }

    @Test
    @Order(5)
    void mwThenMd() {
        assertEquals("", s.command("mw 0x40100000 0x12345678 4"));
        assertEquals("40100000: 12345678 12345678 12345678 12345678  xV4.xV4.xV4.xV4.", s.command("md 0x40100000 4"));
    }

    @Test
    @Order(6)
    void cpThenCmp() {
        assertEquals("", s.command("mw 0x40100000 0x12345678 4"));
        assertEquals("", s.command("cp 0x40100000 0x40200000 4"));
        assertEquals("Total of 4 word(s) were the same", s.command("cmp 0x40100000 0x40200000 4"));
        assertEquals("", s.command("mw 0x40200004 0 1"));
        assertEquals("word at 0x40100004 (0x12345678) != word at 0x40200004 (0x00)\nTotal of 1 word(s) were the same",
                s.command("cmp 0x40100000 0x40200000 4"));
    }

    /** CRC-32 of the first 64 KiB of flash, which holds the start of u-boot.bin. */
    @Test
    @Order(7)
    void crc32OfFlashMatchesTheImage() {
        byte[] image = TestImages.read(TestImages.uboot());
        assertTrue(image.length >= 0x10000, "u-boot.bin is shorter than 64 KiB");
        CRC32 crc = new CRC32();
        crc.update(image, 0, 0x10000);
        String want = String.format(Locale.ROOT, "crc32 for 00000000 ... 0000ffff ==> %08x", crc.getValue());
        assertEquals(want, s.command("crc32 0x0 0x10000"));
    }

    @Test
    @Order(8)
    void setexprAndEcho() {
        assertEquals("32", s.command("setexpr myvar 0x10 + 0x22; echo $myvar"));
        assertEquals("f", s.command("setexpr.l r 0xff \\& 0x0f; echo $r"));
        assertEquals("32", s.command("echo $myvar"));
    }

    @Test
    @Order(9)
    void itest() {
        assertEquals("yes", s.command("itest 5 -gt 3 && echo yes"));
    }

    /** {@code sleep 1} returns, after one second of guest time (generic timer at CNTFRQ 62.5 MHz). */
    @Test
    @Order(10)
    void sleepWaitsOneSecondOfGuestTime() {
        long t0 = s.guestNanos();
        assertEquals("", s.command("sleep 1"));
        long dt = s.guestNanos() - t0;
        assertTrue(dt >= 1_000_000_000L, "sleep 1 returned after " + dt + " ns of guest time");
        assertTrue(dt < 1_500_000_000L, "sleep 1 took " + dt + " ns of guest time (timer frequency wrong?)");
    }

    @Test
    @Order(11)
    void bdinfoShowsRamAndFlash() {
        String out = s.command("bdinfo");
        assertLine(out, "DRAM bank   = 0x0000000000000000");
        assertLine(out, "-> start    = 0x0000000040000000");
        assertLine(out, String.format(Locale.ROOT, "-> size     = 0x%016x", RAM_MIB << 20));
        assertLine(out, "flashstart  = 0x0000000000000000");
        assertLine(out, "flashsize   = 0x0000000004000000");
        assertLine(out, "baudrate    = 115200 bps");
        assertLine(out, "Build       = 64-bit");
        assertLine(out, "devicetree  = board");
        assertLine(out, String.format(Locale.ROOT, " memory[0]\t[0x40000000-0x%08x], 0x%08x bytes flags: 0",
                0x40000000L + (RAM_MIB << 20) - 1, RAM_MIB << 20));
    }

    @Test
    @Order(12)
    void dmTreeListsBoardDevices() {
        String out = s.command("dm tree");
        assertEquals(" Class     Index  Probed  Driver                Name", lines(out).get(0));
        assertLine(out, " root          0  [ + ]   root_driver           root_driver");
        assertLineMatches(out, " serial        0  \\[ \\+ \\]   serial_pl01x          [|`]-- pl011@9000000");
        assertLineMatches(out, " mtd           0  \\[ \\+ \\]   cfi_flash             [|`]-- flash@0");
        assertLineMatches(out, " rtc           0  \\[   \\]   rtc-pl031             [|`]-- pl031@9010000");
        assertLineMatches(out, " qfw           0  \\[   \\]   qfw_mmio              [|`]-- fw-cfg@9020000");
        assertLineMatches(out, " firmware      0  \\[   \\]   psci                  [|`]-- psci");
    }

    /** {@code poweroff} is PSCI SYSTEM_OFF: the machine stops by itself. */
    @Test
    @Order(13)
    void poweroffStopsTheMachine() {
        s.send("poweroff\r");
        s.expect("poweroff ...");
        assertEquals(Machine.Shutdown.POWER_OFF, s.awaitShutdown(Duration.ofSeconds(30)));
        assertEquals(0, s.machine().exitCode());
    }
}
