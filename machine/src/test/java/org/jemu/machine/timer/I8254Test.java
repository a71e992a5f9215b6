package org.jemu.machine.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jemu.translator.clock.VirtualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 8254 against its datasheet, on a virtual clock of 1 ns per instruction. */
class I8254Test {
    private VirtualClock clock;
    private I8254 pit;
    /** Guest times (ns) of OUT0's rising edges. */
    private final List<Long> rising = new ArrayList<>();
    private boolean out0;

    @BeforeEach
    void setUp() {
        clock = new VirtualClock(0, false);
        pit = new I8254("pit", clock);
        pit.connectOutput(0, level -> {
            if (level && !out0) {
                rising.add(clock.now());
            }
            out0 = level;
        });
    }

    /** Advances guest time by {@code ns}, firing timers on the way as the execution loop would. */
    private void advance(long ns) {
        long end = clock.now() + ns;
        while (clock.nextDeadline() <= end) {
            clock.retire(clock.nextDeadline() - clock.now());
            clock.runExpired();
        }
        clock.retire(end - clock.now());
        clock.runExpired();
    }

    private static long ns(long clocks) {
        return (clocks * 1_000_000_000L + I8254.FREQUENCY_HZ - 1) / I8254.FREQUENCY_HZ;
    }

    private void program(int counter, int mode, int count) {
        pit.write(3, 1, (counter << 6) | 0x30 | (mode << 1));
        pit.write(counter, 1, count & 0xFF);
        pit.write(counter, 1, count >> 8);
    }

    private int latch(int counter) {
        pit.write(3, 1, counter << 6);
        int lo = (int) pit.read(counter, 1);
        int hi = (int) pit.read(counter, 1);
        return lo | hi << 8;
    }

    @Test
    void resetStateIsAn18HzSquareWaveOnCounter0() {
        assertTrue(out0, "mode 3 starts high");
        rising.clear();
        advance(ns(65536) * 3);
        assertEquals(3, rising.size());
    }

    @Test
    void rateGeneratorGivesOneRisingEdgePerPeriod() {
        program(0, 2, 1000);
        rising.clear();
        assertEquals(1000, latch(0));
        advance(ns(10));
        assertEquals(990, latch(0));
        advance(ns(1000) * 5);
        assertEquals(5, rising.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(ns(1000L * (i + 1)), rising.get(i), 1, "edge " + i);
        }
        // Read-back status: OUT high, count loaded, access LSB/MSB, mode 2, binary.
        pit.write(3, 1, 0xE2);
        assertEquals(0x80 | 0x34, pit.read(0, 1));
    }

    @Test
    void interruptOnTerminalCount() {
        program(0, 0, 500);
        assertFalse(out0, "mode 0: OUT low after the count is written");
        advance(ns(499));
        assertFalse(out0);
        advance(ns(2));
        assertTrue(out0);
        assertEquals(0xFFFF, latch(0), "the counter keeps counting past zero and wraps");
    }

    @Test
    void squareWaveHalves() {
        program(2, 3, 101);
        assertTrue(pit.outputLevel(2));
        advance(ns(50));
        assertTrue(pit.outputLevel(2), "high for ceil(101 / 2) = 51 clocks");
        advance(ns(2));
        assertFalse(pit.outputLevel(2));
        advance(ns(50));
        assertTrue(pit.outputLevel(2));
    }

    @Test
    void latchHoldsTheValueAndLsbMsbFlipFlop() {
        program(1, 2, 0x1234);
        advance(ns(0x34));
        pit.write(3, 1, 0x40); // latch counter 1
        advance(ns(0x100));
        assertEquals(0x00, pit.read(1, 1));
        assertEquals(0x12, pit.read(1, 1));
        // LSB-only access mode
        pit.write(3, 1, 0x50 | (2 << 1));
        pit.write(1, 1, 0x80);
        assertEquals(0x80, pit.read(1, 1));
    }

    @Test
    void bcdCounting() {
        pit.write(3, 1, 0x30 | 1); // counter 0, LSB/MSB, mode 0, BCD
        pit.write(0, 1, 0x00);
        pit.write(0, 1, 0x10); // 1000 (BCD)
        advance(ns(1));
        assertEquals(0x0999, latch(0));
    }

    @Test
    void stateRoundTrip() throws Exception {
        program(0, 2, 300);
        advance(ns(100));
        byte[] s = pit.vmState().toBytes();
        int before = latch(0);
        pit.reset();
        pit.vmState().fromBytes(s);
        assertEquals(before, latch(0));
    }
}
