package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import org.jemu.machine.Machine;
import org.jemu.machine.board.Ppce500Machine;
import org.jemu.machine.loader.ElfImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Debian's U-Boot for QEMU's ppce500 board ({@code u-boot-qemu}: {@code /usr/lib/u-boot/qemu-ppce500/uboot.elf},
 * U-Boot 2023.01) boots on jemu's {@code -M ppce500 -cpu e500mc -m 256} to its {@code =>} prompt, and its commands
 * work over the e500mc core, the MPIC, the 16550 in the CCSR, the PCI controller and the global utilities. One
 * machine serves the class; the tests run in order as one console session.
 *
 * <p>Expected outputs come from the same image on {@code qemu-system-ppc -M ppce500 -cpu e500mc -m 256 -nographic
 * -nic none} (QEMU 7.2, Debian 12; {@code -nic none} because jemu has no PCI NIC). The difference by design: the
 * RTC starts at a fixed date (2023-11-14 22:13:20 UTC) on jemu's virtual clock, at the host's date on QEMU.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Ppce500UbootTest {
    static final Path UBOOT = Path.of(System.getProperty("jemu.uboot.ppce500", "/usr/lib/u-boot/qemu-ppce500/uboot.elf"));

    /** QEMU 7.2's {@code bdinfo} output for the same image and RAM size (copied from its console). */
    static final List<String> QEMU_BDINFO = List.of(
                "boot_params = 0x00000000",
                "DRAM bank   = 0x00000000",
                "-> start    = 0x00000000",
                "-> size     = 0x10000000",
                "flashstart  = 0x00000000",
                "flashsize   = 0x00000000",
                "flashoffset = 0x00000000",
                "baudrate    = 115200 bps",
                "relocaddr   = 0x0ff90000",
                "reloc off   = 0x0f090000",
                "Build       = 32-bit",
                "current eth = unknown",
                "ethaddr     = (not set)",
                "IP addr     = <NULL>",
                "fdt_blob    = 0x0fa8de80",
                "new_fdt     = 0x0fa8de80",
                "fdt_size    = 0x00100000",
                "lmb_dump_all:",
                " memory.cnt  = 0x1",
                " memory[0]\t[0x0-0xfffffff], 0x10000000 bytes flags: 0",
                " reserved.cnt  = 0x1",
                " reserved[0]\t[0xfa8ca80-0xfffffff], 0x00573580 bytes flags: 0",
                "devicetree  = board",
                "busfreq     =    400 MHz",
                "immr_base   = 0xe0000000",
                "bootflags   = 0x00000000",
                "intfreq     =    400 MHz",
                "addressing  = 36-bit");

    /**
     * 32 ns of guest time per instruction: U-Boot's 1 s waits (the autoboot countdown, {@code sleep 1}) cost 31 M
     * instructions instead of 250 M at the default shift ({@code DeterminismTest} runs the default).
     */
    static final int ICOUNT_SHIFT = 5;

    private ConsoleSession s;
    private String bootLog;

    static Path uboot() {
        assertTrue(Files.isRegularFile(UBOOT), UBOOT + " is missing: install the Debian package u-boot-qemu "
                + "(or pass -Djemu.uboot.ppce500=FILE)");
        return UBOOT;
    }

    @BeforeAll
    void bootToPrompt() {
        s = ConsoleSession.virt(uboot()).board("ppce500").cpu("e500mc").ramMiB(256).icountShift(ICOUNT_SHIFT).start();
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

    /** The banner lines QEMU prints for this image. */
    @Test
    @Order(1)
    void bootLogAsQemu() {
        for (String l : List.of("CPU:   Unknown, Version: 0.0, (0x00000000)",
                "Core:  e500mc, Version: 2.0, (0x80230020)",
                "Clock Configuration:",
                "       CPU0:400  MHz, ",
                "       CCB:400  MHz,",
                "       DDR:200  MHz (400 MT/s data rate), LBC: unknown (LCRR[CLKDIV] = 0x00)",
                "L1:    D-cache 32 KiB enabled",
                "       I-cache 32 KiB enabled",
                "DRAM:  256 MiB",
                "L2:    disabled",
                "Loading Environment from nowhere... OK",
                "In:    serial@4500",
                "Out:   serial@4500",
                "Err:   serial@4500",
                "Net:   No ethernet found.")) {
            assertLine(bootLog, l);
        }
        assertLine(bootLog, "Core:  12 devices, 10 uclasses, devicetree: board");
    }

    @Test
    @Order(2)
    void version() {
        String out = s.command("version");
        List<String> l = lines(out);
        assertTrue(l.getFirst().matches("U-Boot 2023\\.01\\S* \\(.+\\)"), out);
        assertLine(bootLog, l.getFirst());
        assertEquals("", l.get(1), out);
        assertTrue(l.get(2).startsWith("powerpc-linux-gnu-gcc "), out);
        assertTrue(l.get(3).startsWith("GNU ld "), out);
    }

    @Test
    @Order(3)
    void bdinfoAsQemu() {
        assertEquals(String.join("\n", QEMU_BDINFO), s.command("bdinfo"));
    }

    /** The bytes at physical 0 (untouched RAM below U-Boot): QEMU 7.2 prints {@code 0d968558}. */
    @Test
    @Order(4)
    void crc32OfLowRamAsQemu() {
        assertEquals("crc32 for 00000000 ... 000000ff ==> 0d968558", s.command("crc32 0 100"));
    }

    /** CRC-32 of the first 64 KiB of U-Boot's loaded image (its ELF segment at 0xF00000). */
    @Test
    @Order(5)
    void crc32OfLoadedImageMatchesTheElf() throws Exception {
        ElfImage elf = ElfImage.parse(Files.readAllBytes(uboot()), "uboot.elf", ElfImage.EM_PPC, 256L << 20);
        ElfImage.Segment seg = elf.segments().getFirst();
        assertEquals(0xF00000L, seg.paddr());
        CRC32 crc = new CRC32();
        crc.update(seg.data(), 0, 0x10000);
        assertEquals(String.format(Locale.ROOT, "crc32 for 00f00000 ... 00f0ffff ==> %08x", crc.getValue()),
                s.command("crc32 f00000 10000"));
    }

    @Test
    @Order(6)
    void mwThenMd() {
        assertEquals("", s.command("mw 100000 12345678 4"));
        assertEquals("00100000: 12345678 12345678 12345678 12345678  .4Vx.4Vx.4Vx.4Vx", s.command("md 100000 4"));
        assertEquals("", s.command("mw.b 100004 aa 2"));
        // md pads the hex column of a short line to the width of four words
        assertEquals("00100000: 12345678 aaaa5678" + " ".repeat(20) + ".4Vx..Vx", s.command("md 100000 2"));
    }

    /**
     * {@code sleep 1} waits one second of guest time: U-Boot counts decrementer interrupts at the 400 MHz
     * time-base frequency of the device tree, so a wrong time-base rate shows here.
     */
    @Test
    @Order(7)
    void sleepWaitsOneSecondOfGuestTime() {
        long t0 = s.guestNanos();
        assertEquals("", s.command("sleep 1"));
        long dt = s.guestNanos() - t0;
        assertTrue(dt >= 1_000_000_000L, "sleep 1 returned after " + dt + " ns of guest time");
        assertTrue(dt < 1_100_000_000L, "sleep 1 took " + dt + " ns of guest time (time base rate wrong?)");
    }

    /** The DS1338 behind the I2C controller: jemu's fixed start date, then a date set as on QEMU. */
    @Test
    @Order(8)
    void dateReadsAndSetsTheRtc() {
        String out = s.command("date");
        assertTrue(out.matches("Date: 2023-11-14 \\(Tuesday\\)    Time: 22:13:2\\d"), out);
        // The day of week the RTC reports after a write depends on the date it held before (QEMU's DS1338 keeps
        // an offset to the clock's weekday), so reset the RTC first: then QEMU 7.2 prints exactly these lines.
        out = s.command("date reset");
        assertTrue(out.matches("Reset RTC\\.\\.\\.\nDate: 2000-01-01 \\(\\w+day\\)    Time:  0:00:00"), out);
        assertEquals("Date: 2025-01-02 (Friday)    Time:  3:04:05", s.command("date 010203042025.05"));
        out = s.command("date");
        assertTrue(out.matches("Date: 2025-01-02 \\(Friday\\)    Time:  3:04:0[5-6]"), out);
    }

    /** U-Boot's driver model: QEMU 7.2's tree for this image, line for line. */
    @Test
    @Order(9)
    void dmTreeAsQemu() {
        assertEquals("""
                 Class     Index  Probed  Driver                Name
                -----------------------------------------------------------
                 root          0  [ + ]   root_driver           root_driver
                 simple_bus    0  [   ]   simple_bus            |-- platform@f00000000
                 pci           0  [ + ]   mpc85xx_pci           |-- pci@fe0008000
                 pci_generi    0  [   ]   pci_generic_drv       |   `-- pci_0:0.0
                 simple_bus    1  [ + ]   simple_bus            |-- soc@fe0000000
                 sysreset      0  [   ]   poweroff-gpio         |   |-- power-off
                 gpio          0  [   ]   gpio_mpc8xxx          |   |-- gpio@ff000
                 i2c           0  [ + ]   i2c_fsl               |   |-- i2c@3000
                 rtc           0  [ + ]   rtc-pt7c4338          |   |   `-- rtc@68
                 serial        0  [ + ]   ns16550_serial        |   `-- serial@4500
                 bootstd       0  [   ]   bootstd_drv           `-- bootstd
                 bootmeth      0  [   ]   bootmeth_distro           |-- distro
                 bootmeth      1  [   ]   vbe_simple                `-- vbe_simple""", s.command("dm tree"));
    }

    /** The PCI controller's bus 0: only QEMU's host bridge function (all-ones everywhere else). */
    @Test
    @Order(10)
    void pciListsTheHostBridge() {
        assertEquals("""
                BusDevFun  VendorId   DeviceId   Device Class       Sub-Class
                _____________________________________________________________
                00.00.00   0x1957     0x0030     Processor               0x20""", s.command("pci"));
    }

    /** {@code reset} writes the global utilities' RSTCR: the machine resets and U-Boot starts again. */
    @Test
    @Order(11)
    void resetRestartsUboot() {
        Ppce500Machine m = (Ppce500Machine) s.machine();
        int before = m.guestResets();
        s.send("reset\r");
        s.expect("\nU-Boot 2023.01");
        s.expect("Hit any key to stop autoboot");
        s.send(" ");
        s.expect("\n=> ");
        assertEquals(before + 1, m.guestResets());
        assertEquals("crc32 for 00000000 ... 000000ff ==> 0d968558", s.command("crc32 0 100"));
    }

    /** {@code poweroff} drives GPIO pin 0 (the device tree's gpio-poweroff): the machine stops by itself. */
    @Test
    @Order(12)
    void poweroffStopsTheMachine() {
        s.send("poweroff\r");
        s.expect("poweroff ...");
        assertEquals(Machine.Shutdown.POWER_OFF, s.awaitShutdown(Duration.ofSeconds(30)));
    }
}
