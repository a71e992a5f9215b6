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

    @Test
    @Order(5)
    void stillRunning() {
        assertEquals(Machine.Shutdown.NONE, s.machine().shutdownReason());
    }
}
