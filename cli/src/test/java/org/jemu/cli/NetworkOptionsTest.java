package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jemu.machine.Boards;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.MachineException;
import org.jemu.machine.board.VirtMachine;
import org.jemu.machine.chardev.CharBackend;
import org.jemu.machine.chardev.MemoryCharBackend;
import org.jemu.machine.virtio.VirtioConsole;
import org.jemu.machine.virtio.VirtioMmio;
import org.jemu.machine.virtio.VirtioNet;
import org.junit.jupiter.api.Test;

/**
 * {@code -netdev}, {@code -nic}, {@code -chardev} and the virtio-net / virtconsole {@code -device} spellings:
 * where the devices land and one-line errors for what is not supported.
 */
class NetworkOptionsTest {
    private static MachineConfig config(List<String> netdevs, List<String> devices) {
        return new MachineConfig("virt", "cortex-a57", 128L << 20, 1, TestImages.uboot(), null, null, null, null,
                MachineConfig.DEFAULT_ICOUNT_SHIFT, false, false, List.of(), devices, false, netdevs);
    }

    @Test
    void nicExpandsToNetdevAndDevice() {
        List<String> netdevs = new ArrayList<>();
        List<String> devices = new ArrayList<>(List.of("virtio-rng-device"));
        RunCommand.expandNics(List.of("user,mac=52:54:00:aa:bb:cc,hostfwd=tcp::2222-:22", "none", "user,id=x,model=virtio"),
                netdevs, devices);
        assertEquals(List.of("user,hostfwd=tcp::2222-:22,id=__nic0", "user,id=x"), netdevs);
        assertEquals(List.of("virtio-rng-device", "virtio-net-device,mac=52:54:00:aa:bb:cc,netdev=__nic0",
                "virtio-net-device,netdev=x"), devices);
        assertThrows(MachineException.class, () -> RunCommand.expandNics(List.of("tap"), netdevs, devices));
        assertThrows(MachineException.class, () -> RunCommand.expandNics(List.of("user,model=e1000"), netdevs, devices));
    }

    @Test
    void devicesFillSlotsFromTheTop() {
        MemoryCharBackend hvc = new MemoryCharBackend();
        try (Machine m = Boards.create(config(List.of("user,id=n0,ipv6=off"),
                List.of("virtio-net-device,netdev=n0,mac=52:54:00:00:00:07", "virtio-serial-device",
                        "virtconsole,chardev=c0", "virtio-net-device")),
                new MemoryCharBackend(), null, Map.<String, CharBackend>of("c0", hvc))) {
            VirtMachine v = (VirtMachine) m;
            VirtioMmio t31 = v.virtioTransport(31);
            VirtioNet net = assertInstanceOf(VirtioNet.class, t31.device());
            assertEquals(1, t31.read(VirtioMmio.DEVICE_ID, 4));
            assertEquals(7, t31.read(VirtioMmio.CONFIG + 5, 1), "mac=");
            assertTrue(net.backend() != null);
            VirtioConsole con = assertInstanceOf(VirtioConsole.class, v.virtioTransport(30).device());
            assertEquals(hvc, con.chardev());
            VirtioNet second = assertInstanceOf(VirtioNet.class, v.virtioTransport(29).device());
            assertEquals(null, second.backend(), "no netdev: no cable");
            assertEquals(0x57, second.mac()[5] & 0xff, "QEMU's default MAC counts up per card");
        }
    }

    private static String error(List<String> netdevs, List<String> devices, Map<String, CharBackend> chardevs) {
        MachineException e = assertThrows(MachineException.class,
                () -> Boards.create(config(netdevs, devices), new MemoryCharBackend(), null, chardevs).close());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void badOptionsAreOneLineErrors() {
        assertTrue(error(List.of("tap,id=n0"), List.of(), Map.of()).contains("not supported (supported: user)"));
        assertTrue(error(List.of(), List.of("virtio-net-device,netdev=n9"), Map.of()).contains("no -netdev with id=n9"));
        assertTrue(error(List.of("user,id=n0"), List.of("virtio-net-device,netdev=n0", "virtio-net-device,netdev=n0"),
                Map.of()).contains("already used"));
        assertTrue(error(List.of(), List.of("virtio-net-device,mac=01:00:00:00:00:01"), Map.of()).contains("multicast"));
        assertTrue(error(List.of(), List.of("virtio-net-device,speed=100"), Map.of()).contains("'speed' is not supported"));
        assertTrue(error(List.of(), List.of("virtconsole,chardev=c0"), Map.of()).contains("virtio-serial-device"));
        assertTrue(error(List.of(), List.of("virtio-serial-device", "virtconsole,chardev=c1"), Map.of())
                .contains("no -chardev with id=c1"));
        assertTrue(error(List.of("user,id=n0,hostfwd=tcp::99999-:22"), List.of("virtio-net-device,netdev=n0"), Map.of())
                .contains("hostfwd"));
        assertTrue(error(List.of("user,id=a", "user,id=a"), List.of(), Map.of()).contains("duplicate id"));
    }

    /**
     * Debian's U-Boot drives the virtio-net card: {@code dhcp} gets 10.0.2.15 from the user-mode network and
     * {@code ping} reaches the gateway (the same lines as on qemu-system-aarch64 with {@code -netdev user
     * -device virtio-net-device}).
     */
    @Test
    void ubootDhcpAndPingOverTheUserNetwork() {
        try (ConsoleSession s = ConsoleSession.virt(TestImages.uboot()).netdev("user,id=n0")
                .device("virtio-net-device,netdev=n0").start()) {
            assertTrue(s.expect("Hit any key to stop autoboot").contains("Net:   eth0: virtio-net#31"));
            s.send(" ");
            s.expect("\n=> ");
            String dhcp = s.command("dhcp");
            assertTrue(dhcp.contains("DHCP client bound to address 10.0.2.15"), dhcp);
            String ping = s.command("ping 10.0.2.2");
            assertTrue(ping.contains("host 10.0.2.2 is alive"), ping);
        }
    }

    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path tmp;

    @Test
    void commandLineErrorsAreOneLine() throws Exception {
        if (BadInputTest.tmp == null) {
            BadInputTest.tmp = tmp; // BadInputTest's process runner keeps its output files there
        }
        BadInputTest.assertOneLineError(BadInputTest.jemuProcess("-netdev", "socket,id=s0"), "-netdev", "user");
        BadInputTest.assertOneLineError(BadInputTest.jemuProcess("-chardev", "pty,id=c0"), "-chardev", "pty");
        BadInputTest.assertOneLineError(BadInputTest.jemuProcess("-nic", "user,model=e1000"), "e1000");
    }
}
