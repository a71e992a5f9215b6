package org.jemu.machine.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jemu.machine.MachineException;
import org.junit.jupiter.api.Test;

/**
 * The libslirp user-mode network through the FFM API: it answers ARP for the gateway and DHCP with the
 * addresses QEMU's user network gives (RFC 826, RFC 2131 message layouts), and option errors are one line.
 */
class SlirpNetBackendTest {
    static final byte[] GUEST_MAC = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

    /** Collects frames the backend delivers. */
    static final class Sink implements NetFrontend {
        final ConcurrentLinkedQueue<byte[]> frames = new ConcurrentLinkedQueue<>();

        @Override
        public boolean canReceive() {
            return true;
        }

        @Override
        public boolean receive(byte[] frame) {
            frames.add(frame);
            return true;
        }
    }

    private static byte[] await(NetBackend be, Sink sink, java.util.function.Predicate<byte[]> want) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            be.poll(0);
            byte[] f;
            while ((f = sink.frames.poll()) != null) {
                if (want.test(f)) {
                    return f;
                }
            }
            Thread.sleep(5);
        }
        return null;
    }

    private static int u16(byte[] b, int o) {
        return (b[o] & 0xff) << 8 | (b[o + 1] & 0xff);
    }

    @Test
    void answersArpForTheGateway() throws Exception {
        try (SlirpNetBackend be = new SlirpNetBackend(Netdevs.parse("user,id=n0,ipv6=off"))) {
            Sink sink = new Sink();
            be.attach(sink);
            be.start();
            byte[] arp = new byte[42];
            for (int i = 0; i < 6; i++) {
                arp[i] = (byte) 0xff;
            }
            System.arraycopy(GUEST_MAC, 0, arp, 6, 6);
            arp[12] = 0x08;
            arp[13] = 0x06; // ARP
            byte[] body = {0, 1, 8, 0, 6, 4, 0, 1};
            System.arraycopy(body, 0, arp, 14, 8);
            System.arraycopy(GUEST_MAC, 0, arp, 22, 6);
            System.arraycopy(new byte[] {10, 0, 2, 15}, 0, arp, 28, 4);
            System.arraycopy(new byte[] {10, 0, 2, 2}, 0, arp, 38, 4);
            be.send(arp, 0, arp.length);
            byte[] r = await(be, sink, f -> f.length >= 42 && u16(f, 12) == 0x0806 && u16(f, 20) == 2);
            assertNotNull(r, "an ARP reply within 10 s");
            assertArrayEquals(GUEST_MAC, java.util.Arrays.copyOfRange(r, 0, 6), "to the guest");
            assertArrayEquals(new byte[] {10, 0, 2, 2}, java.util.Arrays.copyOfRange(r, 28, 32), "sender 10.0.2.2");
            assertArrayEquals(GUEST_MAC, java.util.Arrays.copyOfRange(r, 32, 38), "target is the guest");
        }
    }

    @Test
    void dhcpOffersTheFirstAddress() throws Exception {
        try (SlirpNetBackend be = new SlirpNetBackend(Netdevs.parse("user,id=n0"))) {
            Sink sink = new Sink();
            be.attach(sink);
            be.start();
            // Ethernet + IPv4 + UDP 68->67 + BOOTP DISCOVER
            byte[] bootp = new byte[240 + 4];
            bootp[0] = 1; // BOOTREQUEST
            bootp[1] = 1;
            bootp[2] = 6;
            bootp[4] = 0x12;
            bootp[5] = 0x34;
            System.arraycopy(GUEST_MAC, 0, bootp, 28, 6);
            bootp[236] = 99;
            bootp[237] = (byte) 130;
            bootp[238] = 83;
            bootp[239] = 99;
            bootp[240] = 53;
            bootp[241] = 1;
            bootp[242] = 1; // DHCPDISCOVER
            bootp[243] = (byte) 255;
            int udpLen = 8 + bootp.length;
            int ipLen = 20 + udpLen;
            byte[] f = new byte[14 + ipLen];
            for (int i = 0; i < 6; i++) {
                f[i] = (byte) 0xff;
            }
            System.arraycopy(GUEST_MAC, 0, f, 6, 6);
            f[12] = 0x08;
            f[14] = 0x45;
            f[16] = (byte) (ipLen >> 8);
            f[17] = (byte) ipLen;
            f[22] = 64;
            f[23] = 17;
            for (int i = 30; i < 34; i++) {
                f[i] = (byte) 0xff;
            }
            int sum = 0;
            for (int i = 14; i < 34; i += 2) {
                sum += u16(f, i);
            }
            while ((sum >> 16) != 0) {
                sum = (sum & 0xffff) + (sum >> 16);
            }
            f[24] = (byte) (~sum >> 8);
            f[25] = (byte) ~sum;
            f[35] = 68;
            f[37] = 67;
            f[38] = (byte) (udpLen >> 8);
            f[39] = (byte) udpLen;
            System.arraycopy(bootp, 0, f, 42, bootp.length);
            be.send(f, 0, f.length);
            byte[] r = await(be, sink, x -> x.length > 42 + 240 && u16(x, 12) == 0x0800 && x[23] == 17
                    && u16(x, 36) == 68);
            assertNotNull(r, "a DHCP answer within 10 s");
            assertEquals(2, r[42], "BOOTREPLY");
            assertArrayEquals(new byte[] {10, 0, 2, 15}, java.util.Arrays.copyOfRange(r, 42 + 16, 42 + 20), "yiaddr");
            assertArrayEquals(new byte[] {10, 0, 2, 2}, java.util.Arrays.copyOfRange(r, 26, 30), "from the gateway");
            // options: message type OFFER (2), router 10.0.2.2, DNS 10.0.2.3
            List<Integer> seen = new ArrayList<>();
            int o = 42 + 240;
            boolean offer = false;
            boolean router = false;
            boolean dns = false;
            while (o + 1 < r.length && (r[o] & 0xff) != 255) {
                int code = r[o] & 0xff;
                if (code == 0) {
                    o++;
                    continue;
                }
                int len = r[o + 1] & 0xff;
                seen.add(code);
                byte[] v = java.util.Arrays.copyOfRange(r, o + 2, o + 2 + len);
                offer |= code == 53 && v[0] == 2;
                router |= code == 3 && java.util.Arrays.equals(v, new byte[] {10, 0, 2, 2});
                dns |= code == 6 && java.util.Arrays.equals(v, new byte[] {10, 0, 2, 3});
                o += 2 + len;
            }
            assertTrue(offer, "DHCPOFFER; options " + seen);
            assertTrue(router, "router 10.0.2.2");
            assertTrue(dns, "DNS 10.0.2.3");
        }
    }

    @Test
    void hostForwardReachesTheGuest() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (SlirpNetBackend be = new SlirpNetBackend(Netdevs.parse("user,id=n0,ipv6=off,hostfwd=tcp:127.0.0.1:" + port
                + "-:80"))) {
            Sink sink = new Sink();
            be.attach(sink);
            be.start();
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 5000);
                // libslirp does not know the guest's MAC yet: it asks with ARP for 10.0.2.15 (RFC 826), then
                // would send the SYN for port 80.
                byte[] r = await(be, sink, f -> f.length >= 42 && u16(f, 12) == 0x0806 && u16(f, 20) == 1);
                assertNotNull(r, "an ARP request for the forward's guest address within 10 s");
                assertArrayEquals(new byte[] {10, 0, 2, 15}, java.util.Arrays.copyOfRange(r, 38, 42));
                assertArrayEquals(new byte[] {10, 0, 2, 2}, java.util.Arrays.copyOfRange(r, 28, 32));
            }
        }
    }

    @Test
    void missingLibraryIsOneLine() {
        MachineException e = assertThrows(MachineException.class,
                () -> new SlirpNetBackend(Netdevs.parse("user,id=n0"), "libslirp-does-not-exist.so.0"));
        assertTrue(e.getMessage().contains("libslirp0"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void optionParsing() {
        SlirpNetBackend.Options o = Netdevs.parse("user,id=n0,hostfwd=tcp::5555-:22,hostfwd=udp:127.0.0.1:6000-10.0.2.16:7000,ipv6=off");
        assertEquals("n0", o.id());
        assertFalse(o.ipv6());
        assertEquals(new SlirpNetBackend.HostForward(false, 0, 5555, SlirpNetBackend.DHCP_START, 22), o.forwards().get(0));
        assertEquals(new SlirpNetBackend.HostForward(true, SlirpNetBackend.inAddr(127, 0, 0, 1), 6000,
                SlirpNetBackend.inAddr(10, 0, 2, 16), 7000), o.forwards().get(1));
        assertThrows(MachineException.class, () -> Netdevs.parse("tap,id=n0"));
        assertThrows(MachineException.class, () -> Netdevs.parse("user"));
        assertThrows(MachineException.class, () -> Netdevs.parse("user,id=n0,hostfwd=tcp::5555"));
        assertThrows(MachineException.class, () -> Netdevs.parse("user,id=n0,hostfwd=tcp::70000-:22"));
        assertThrows(MachineException.class, () -> Netdevs.parse("user,id=n0,hostfwd=tcp:1.2.3:1-:22"));
        assertThrows(MachineException.class, () -> Netdevs.parse("user,id=n0,smb=/tmp"));
        assertEquals("n0", Netdevs.id("user,id=n0"));
    }
}
