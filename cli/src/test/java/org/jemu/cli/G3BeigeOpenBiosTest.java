package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jemu.machine.Machine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Debian's OpenBIOS for PowerPC ({@code qemu-system-data}, /usr/share/qemu/openbios-ppc) boots on jemu's
 * {@code g3beige} board to its Forth prompt {@code 0 >} on the ESCC channel A console, and the Forth
 * interpreter answers. One machine ({@code -M g3beige -m 256}) serves the class; the tests run in order as one
 * console session.
 *
 * <p>The expected texts ({@code g3beige/openbios-boot.txt}, {@code g3beige/openbios-words.txt}) were captured
 * from the same openbios-ppc on {@code qemu-system-ppc -M g3beige -m 256 -nographic} (QEMU 7.2), carriage
 * returns removed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class G3BeigeOpenBiosTest {
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
    private ConsoleSession s;
    private String bootLog;

    static ConsoleSession.Builder g3beige() {
        return ConsoleSession.virt(TestImages.openBiosPpc()).board("g3beige").cpu(null).ramMiB(256).prompt("0 > ");
    }

    private static String resource(String name) {
        try (InputStream in = G3BeigeOpenBiosTest.class.getResourceAsStream("/g3beige/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource g3beige/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    void bootToPrompt() {
        long t0 = System.nanoTime();
        s = g3beige().start();
        bootLog = s.expect("\n0 > ", BOOT_TIMEOUT);
        System.out.printf("g3beige: OpenBIOS prompt after %.1f s wall, %d guest instructions%n",
                (System.nanoTime() - t0) / 1e9, s.machine().instructions());
    }

    @AfterAll
    void shutDown() {
        if (s != null) {
            s.close();
        }
    }

    @Test
    @Order(1)
    void bootLogIsQemus() {
        assertEquals(resource("openbios-boot.txt"), bootLog);
    }

    @Test
    @Order(2)
    void arithmetic() {
        assertEquals(" 3  ok", s.command("1 2 + ."));
        assertEquals(" 2a  ok", s.command("hex 2a ."));
    }

    @Test
    @Order(3)
    void wordsListsTheDictionaryAsQemu() {
        String out = s.command("words");
        List<String> got = Arrays.asList(out.replace("\n ok", "").trim().split(" +"));
        List<String> want = Arrays.asList(resource("openbios-words.txt").trim().split(" +"));
        assertTrue(got.size() > 1000, "OpenBIOS has about 1500 words; got " + got.size());
        assertEquals(want, got);
    }

    @Test
    @Order(4)
    void rootNodeProperties() {
        String out = s.command("\" /\" find-device .properties");
        assertTrue(out.contains("model                     \"Power Macintosh\""), out);
        assertTrue(out.contains("compatible                {\"AAPL,PowerMac G3\", \"MacRISC\"}"), out);
        // 0x3ef1480 = 66 MHz: the bus frequency the board passes in fw_cfg
        assertTrue(out.contains("clock-frequency           3ef1480 "), out);
    }

    /**
     * The MacIO NVRAM read through the MacIO BAR the firmware assigned (its AAPL,address property): the CHRP
     * partition headers and the start of the variables OpenBIOS wrote, byte for byte as on QEMU.
     */
    @Test
    @Order(5)
    void nvramAsQemu() {
        assertEquals("  ok", s.command("\" /pci/mac-io\" find-package drop constant mph"));
        assertEquals("  ok", s.command(": mio \" AAPL,address\" mph get-package-property drop decode-int nip nip ;"));
        assertEquals("  ok", s.command(": nv 10 * mio 60000 + + 20 0 do dup i 10 * + c@ . loop drop ;"));
        assertEquals(" 70 d9 0 c1 73 79 73 74 65 6d 0 0 0 0 0 0 62 6f 6f 74 2d 61 72 67 73 3d 0 62 6f 6f 74 2d  ok",
                s.command("0 nv"));
        assertEquals(" 7f 62 0 3f 66 72 65 65 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0  ok", s.command("c10 nv"));
        assertEquals(" 5a 7d 1 0 77 77 77 77 77 77 77 77 77 77 77 0 1f d2 0 2 0 0 0 2 0 0 0 0 0 0 0 0  ok",
                s.command("1000 nv"));
    }

    /**
     * The device tree OpenBIOS builds (show-devs, node paths without the phandles) is QEMU's less the devices
     * jemu does not model: the VGA card, the NE2000 and the empty CD-ROM drive on the second IDE channel.
     * The ADB keyboard and mouse are found and moved to addresses 8 and 9 as on QEMU.
     */
    @Test
    @Order(6)
    void deviceTreeAsQemuLessUnmodelledDevices() {
        List<String> want = Arrays.stream(resource("openbios-show-devs.txt").split("\n"))
                .map(l -> l.replaceFirst("^[0-9a-f]+ ", ""))
                .filter(l -> !l.contains("QEMU,VGA") && !l.contains("NE2000") && !l.contains("cdrom"))
                .toList();
        List<String> got = Arrays.stream(s.command("show-devs").replace("\n ok", "").split("\n"))
                .filter(l -> !l.isBlank()) // the rest of the echoed command line
                .map(l -> l.replaceFirst("^[0-9a-f]+ ", ""))
                .toList();
        assertEquals(want, got);
        assertEquals("name                      \"keyboard\"\ndevice_type               \"keyboard\"\n"
                + "reg                       00000008\n ok", s.command("\" kbd\" find-device .properties").stripLeading());
        assertEquals("name                      \"mouse\"\ndevice_type               \"mouse\"\n"
                + "reg                       00000009\n#buttons                  3 \n ok",
                s.command("\" /pci/mac-io/via-cuda/adb/mouse\" find-device .properties").stripLeading());
    }

    @Test
    @Order(7)
    void stillRunning() {
        assertEquals(Machine.Shutdown.NONE, s.machine().shutdownReason());
    }
}
