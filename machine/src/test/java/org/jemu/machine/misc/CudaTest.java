package org.jemu.machine.misc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.jemu.machine.input.AdbBus;
import org.jemu.machine.input.AdbKeyboard;
import org.jemu.machine.input.AdbMouse;
import org.jemu.translator.clock.VirtualClock;
import org.junit.jupiter.api.Test;

/**
 * CUDA through its VIA registers, driven the way OpenBIOS's drivers/cuda.c (cuda_request) drives it; reply
 * formats as QEMU 7.2's hw/misc/macio/cuda.c sends them ({@code type, status, command, data...}).
 */
class CudaTest {
    private static final int RS = 0x200;
    private final VirtualClock clock = new VirtualClock(2, false);
    private final boolean[] irq = new boolean[1];
    private int powerOffs;
    private int resets;
    private Cuda cuda = new Cuda("cuda", clock, l -> irq[0] = l, 1_700_000_000L, () -> powerOffs++, () -> resets++);

    private int rd(int reg) {
        return (int) cuda.read((long) reg * RS, 1);
    }

    private void wr(int reg, int v) {
        cuda.write((long) reg * RS, 1, v);
    }

    private void waitIrq() {
        for (int i = 0; i < 10; i++) {
            int v = rd(Cuda.IFR);
            wr(Cuda.IFR, v & 0x7f);
            if ((v & Cuda.SR_INT) != 0) {
                return;
            }
        }
        throw new AssertionError("no shift register interrupt");
    }

    /** OpenBIOS's cuda_request: sends {@code type} and {@code data}, returns the reply. */
    private int[] request(int type, int... data) {
        wr(Cuda.ACR, rd(Cuda.ACR) | Cuda.SR_OUT);
        wr(Cuda.SR, type);
        wr(Cuda.B, rd(Cuda.B) & ~Cuda.TIP);
        for (int d : data) {
            waitIrq();
            wr(Cuda.SR, d);
            wr(Cuda.B, rd(Cuda.B) ^ Cuda.TACK);
        }
        waitIrq();
        wr(Cuda.ACR, rd(Cuda.ACR) & ~Cuda.SR_OUT);
        rd(Cuda.SR);
        wr(Cuda.B, rd(Cuda.B) | Cuda.TIP | Cuda.TACK);
        int[] out = new int[32];
        int n = 0;
        waitIrq();
        rd(Cuda.SR);
        wr(Cuda.B, rd(Cuda.B) & ~Cuda.TIP);
        while (true) {
            waitIrq();
            out[n++] = rd(Cuda.SR);
            if ((rd(Cuda.B) & Cuda.TREQ) != 0) {
                break;
            }
            wr(Cuda.B, rd(Cuda.B) ^ Cuda.TACK);
        }
        wr(Cuda.B, rd(Cuda.B) | Cuda.TIP | Cuda.TACK);
        waitIrq();
        rd(Cuda.SR);
        return Arrays.copyOf(out, n);
    }

    private void openBiosInit() {
        wr(Cuda.B, rd(Cuda.B) | Cuda.TREQ | Cuda.TIP);
    }

    @Test
    void getTimeReturnsSecondsSince1904() {
        openBiosInit();
        long t = 1_700_000_000L + Cuda.RTC_OFFSET; // 0xe9365f00 + ... as 32 bits
        int[] r = request(Cuda.CUDA_PACKET, Cuda.CUDA_GET_TIME);
        assertArrayEquals(new int[] {1, 0, 3, (int) (t >>> 24) & 0xff, (int) (t >>> 16) & 0xff, (int) (t >>> 8) & 0xff,
            (int) t & 0xff}, r);
        // the clock advances with virtual time: 2.5e8 instructions at 4 ns = 1 s
        clock.retire(250_000_000L);
        assertEquals((t + 1) & 0xffff_ffffL, cuda.rtcNow());
    }

    @Test
    void setTimeThenGetTime() {
        openBiosInit();
        assertArrayEquals(new int[] {1, 0, 9}, request(Cuda.CUDA_PACKET, Cuda.CUDA_SET_TIME, 0x12, 0x34, 0x56, 0x78));
        int[] r = request(Cuda.CUDA_PACKET, Cuda.CUDA_GET_TIME);
        assertArrayEquals(new int[] {1, 0, 3, 0x12, 0x34, 0x56, 0x78}, r);
    }

    @Test
    void adbBusHasNoDevices() {
        openBiosInit();
        // ADB reset, then "talk register 3" to address 2 (the keyboard's default address)
        assertArrayEquals(new int[] {0, 0, 0x00}, request(Cuda.ADB_PACKET, 0x00));
        assertArrayEquals(new int[] {0, Cuda.ADB_RET_NOTPRESENT, 0x2f}, request(Cuda.ADB_PACKET, 0x2f));
    }

    /** A keyboard and a mouse as on g3beige: probed and moved the way OpenBIOS's adb_bus_init does. */
    @Test
    void adbKeyboardAndMouse() {
        AdbBus bus = new AdbBus();
        bus.add(new AdbKeyboard("kbd"));
        bus.add(new AdbMouse("mouse"));
        cuda = new Cuda("cuda", clock, bus, l -> { }, 0, () -> { }, () -> { });
        openBiosInit();
        assertArrayEquals(new int[] {0, 0, 0x00}, request(Cuda.ADB_PACKET, 0x00), "bus reset: no data");
        assertArrayEquals(new int[] {0, 2, 0x1f}, request(Cuda.ADB_PACKET, 0x1f), "nothing at address 1");
        assertArrayEquals(new int[] {0, 0, 2, 1}, request(Cuda.ADB_PACKET, 0x2f), "keyboard: address 2, handler 1");
        assertArrayEquals(new int[] {0, 0, 3, 2}, request(Cuda.ADB_PACKET, 0x3f), "mouse: address 3, handler 2");
        // Listen register 3 with "change address" (0xFE) moves the keyboard to 8
        assertArrayEquals(new int[] {0, 0, 0x2b}, request(Cuda.ADB_PACKET, 0x2b, 0x08, 0xfe));
        assertArrayEquals(new int[] {0, 2, 0x2f}, request(Cuda.ADB_PACKET, 0x2f));
        assertArrayEquals(new int[] {0, 0, 8, 1}, request(Cuda.ADB_PACKET, 0x8f));
        // another code selects the handler (3: extended keyboard)
        request(Cuda.ADB_PACKET, 0x8b, 0x08, 0x03);
        assertArrayEquals(new int[] {0, 0, 8, 3}, request(Cuda.ADB_PACKET, 0x8f));
        assertArrayEquals(new int[] {0, 0, 0, 7}, request(Cuda.ADB_PACKET, 0x8e), "LED register");
        assertArrayEquals(new int[] {0, 0, 0x8c}, request(Cuda.ADB_PACKET, 0x8c), "no key pressed: no data");
        // a bus reset puts both back at their default addresses
        request(Cuda.ADB_PACKET, 0x00);
        assertArrayEquals(new int[] {0, 0, 2, 1}, request(Cuda.ADB_PACKET, 0x2f));
    }

    @Test
    void powerAndReset() {
        openBiosInit();
        assertArrayEquals(new int[] {1, 0, 0x0a}, request(Cuda.CUDA_PACKET, Cuda.CUDA_POWERDOWN));
        assertEquals(1, powerOffs);
        assertArrayEquals(new int[] {1, 0, 0x11}, request(Cuda.CUDA_PACKET, Cuda.CUDA_RESET_SYSTEM));
        assertEquals(1, resets);
        assertArrayEquals(new int[] {1, 0, 1}, request(Cuda.CUDA_PACKET, Cuda.CUDA_AUTOPOLL, 1));
    }

    @Test
    void shiftRegisterInterruptReachesTheIrqLineOnlyWhenEnabled() {
        openBiosInit();
        assertEquals(Cuda.SR_INT, rd(Cuda.IFR) & Cuda.SR_INT, "raising TIP ends a (empty) transfer with an SR interrupt");
        assertFalse(irq[0]);
        wr(Cuda.IER, Cuda.IER_SET | Cuda.SR_INT);
        assertTrue(irq[0]);
        assertEquals(0x80 | Cuda.SR_INT, rd(Cuda.IER));
        assertEquals(0x80 | Cuda.SR_INT, rd(Cuda.IFR) & 0x84, "IFR bit 7: an enabled interrupt is pending");
        rd(Cuda.SR);
        assertFalse(irq[0]);
        wr(Cuda.IER, Cuda.SR_INT);
        assertEquals(0x80, rd(Cuda.IER));
    }

    @Test
    void timer1ContinuousInterrupts() {
        wr(Cuda.IER, Cuda.IER_SET | Cuda.T1_INT);
        wr(Cuda.ACR, Cuda.T1MODE_CONT);
        wr(Cuda.T1CL, 0xe8);
        wr(Cuda.T1CH, 0x03); // latch 1000: period 1002 ticks of 4.7 MHz / 6 = 1279.1 us
        assertEquals(0x03e8, rd(Cuda.T1LL) | rd(Cuda.T1LH) << 8);
        assertFalse(irq[0]);
        clock.retire(clock.nsToInstructions(1_280_000));
        clock.runExpired();
        assertTrue(irq[0]);
        rd(Cuda.T1CL);
        assertFalse(irq[0]);
        clock.retire(clock.nsToInstructions(1_280_000));
        clock.runExpired();
        assertTrue(irq[0], "continuous mode re-arms");
    }

    @Test
    void timer2CountsDown() {
        wr(Cuda.T2CL, 0x00);
        wr(Cuda.T2CH, 0x10); // 0x1000 ticks
        clock.retire(clock.nsToInstructions(1_000_000)); // 1 ms = 783 ticks
        int v = rd(Cuda.T2CL) | rd(Cuda.T2CH) << 8;
        assertEquals(0x1000 - 783, v, 1);
        assertEquals(0, rd(Cuda.IFR) & Cuda.T2_INT);
        clock.retire(clock.nsToInstructions(5_000_000));
        clock.runExpired();
        assertEquals(Cuda.T2_INT, rd(Cuda.IFR) & Cuda.T2_INT);
    }
}
