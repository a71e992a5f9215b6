package org.jemu.machine.virtio;

import static org.jemu.machine.virtio.TestDriver.BUF;
import static org.jemu.machine.virtio.TestDriver.in;
import static org.jemu.machine.virtio.TestDriver.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.jemu.machine.chardev.MemoryCharBackend;
import org.junit.jupiter.api.Test;

/** virtio-console's single port (VIRTIO 1.2 section 5.3): output, input, emergency write, configuration. */
class VirtioConsoleTest {
    private static VirtioConsole console(MemoryCharBackend be) {
        VirtioConsole c = new VirtioConsole("con");
        c.connect(be);
        return c;
    }

    @Test
    void configuration() {
        try (TestDriver d = new TestDriver(as -> console(new MemoryCharBackend()))) {
            assertEquals(3, d.reg(VirtioMmio.DEVICE_ID));
            int f = d.reg(VirtioMmio.DEVICE_FEATURES);
            assertEquals(0, f & 2, "no MULTIPORT: port 0 is the console, no control queue");
            assertEquals(4, f & 4, "EMERG_WRITE");
            assertEquals(1, d.dev.read(VirtioMmio.CONFIG + 4, 4), "max_nr_ports");
        }
    }

    @Test
    void transmitGoesToTheChardev() {
        MemoryCharBackend be = new MemoryCharBackend();
        try (TestDriver d = new TestDriver(as -> console(be))) {
            d.queueIndex = VirtioConsole.TX_QUEUE;
            d.init(VirtioDevice.F_VERSION_1);
            d.setupQueue(16);
            d.put(BUF, "hello, ".getBytes(StandardCharsets.US_ASCII));
            d.put(BUF + 0x100, "hvc0\n".getBytes(StandardCharsets.US_ASCII));
            d.submit(out(BUF, 7), out(BUF + 0x100, 5));
            d.kick();
            assertEquals(1, d.usedIdx());
            assertEquals("hello, hvc0\n", be.outputString());
            d.dev.write(VirtioMmio.CONFIG + VirtioConsole.CONFIG_EMERG_WR, 4, '!');
            assertEquals("hello, hvc0\n!", be.outputString());
        }
    }

    @Test
    void inputFillsReceiveBuffers() {
        TypingBackend be = new TypingBackend();
        try (TestDriver d = new TestDriver(as -> {
            VirtioConsole c = new VirtioConsole("con");
            c.connect(be);
            return c;
        }).ready()) {
            be.type("ab");
            be.poll();
            assertEquals(0, d.usedIdx(), "no buffer posted yet");
            d.submit(in(BUF, 64));
            d.kick();
            assertEquals(1, d.usedIdx());
            assertEquals(1, d.usedLen(0));
            assertEquals('a', d.r8(BUF));
            assertTrue(d.irq);
            d.submit(in(BUF + 0x100, 64));
            d.kick();
            assertEquals(2, d.usedIdx());
            assertEquals('b', d.r8(BUF + 0x100));
        }
    }

    /** Host input on demand. */
    static final class TypingBackend extends org.jemu.machine.chardev.CharBackend {
        void type(String s) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            hostInput(b, 0, b.length);
        }

        @Override
        public void write(int b) {
        }
    }
}
