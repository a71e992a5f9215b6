package org.jemu.machine.rtc;

import static org.jemu.machine.rtc.Pl031.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.machine.device.VmStateException;
import org.jemu.translator.clock.VirtualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Pl031Test {
    private static final long START = 1_700_000_000L; // 2023-11-14T22:13:20Z
    private static final long SEC = 1_000_000_000L;

    private VirtualClock clock;
    private boolean irq;
    private Pl031 rtc;

    @BeforeEach
    void setUp() {
        clock = new VirtualClock(0, false); // 1 ns per instruction
        rtc = new Pl031("pl031", clock, START, level -> irq = level);
    }

    private long rd(int off) {
        return rtc.read(off, 4);
    }

    private void wr(int off, long v) {
        rtc.write(off, 4, v);
    }

    /** Advances guest time by {@code ns} and runs due timers, as the machine loop would. */
    private void advance(long ns) {
        clock.retire(ns);
        clock.runExpired();
    }

    @Test
    void countsSecondsFromTheStartTime() {
        assertEquals(START, rd(RTCDR));
        advance(SEC - 1);
        assertEquals(START, rd(RTCDR));
        advance(1);
        assertEquals(START + 1, rd(RTCDR));
        advance(59 * SEC);
        assertEquals(START + 60, rd(RTCDR));
        assertEquals(1, rd(RTCCR), "always running");
    }

    @Test
    void loadRegisterSetsTheCounter() {
        advance(SEC / 2);
        wr(RTCLR, 1000);
        assertEquals(1000, rd(RTCDR));
        assertEquals(1000, rd(RTCLR));
        advance(SEC / 2);
        assertEquals(1001, rd(RTCDR), "the second in progress keeps its phase");
        wr(RTCLR, 0xffff_ffffL);
        advance(SEC);
        assertEquals(0, rd(RTCDR), "the 32-bit counter wraps");
    }

    @Test
    void alarmFiresExactlyWhenTheCounterReachesTheMatch() {
        wr(RTCIMSC, 1);
        wr(RTCMR, START + 3);
        advance(3 * SEC - 1);
        assertFalse(irq);
        assertEquals(0, rd(RTCRIS));
        advance(1);
        assertEquals(START + 3, rd(RTCDR));
        assertEquals(1, rd(RTCRIS));
        assertEquals(1, rd(RTCMIS));
        assertTrue(irq);
        wr(RTCICR, 1);
        assertFalse(irq);
        assertEquals(0, rd(RTCRIS));
    }

    @Test
    void maskedAlarmSetsOnlyTheRawStatus() {
        wr(RTCMR, START + 1);
        advance(SEC);
        assertEquals(1, rd(RTCRIS));
        assertEquals(0, rd(RTCMIS));
        assertFalse(irq);
        wr(RTCIMSC, 1);
        assertTrue(irq);
    }

    @Test
    void matchEqualToTheCounterFiresAtOnce() {
        wr(RTCIMSC, 1);
        wr(RTCMR, START);
        assertTrue(irq);
    }

    @Test
    void idRegistersAndBadOffsets() {
        int[] id = {0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
        for (int i = 0; i < 8; i++) {
            assertEquals(id[i], rd(RTCPERIPHID0 + 4 * i));
        }
        assertEquals(0, rd(RTCICR), "write-only");
        assertEquals(0, rd(0x40));
        wr(RTCDR, 5); // read-only, ignored
        assertEquals(START, rd(RTCDR));
        wr(RTCIMSC, 0xff);
        assertEquals(1, rd(RTCIMSC));
    }

    @Test
    void resetKeepsTimeAndClearsAlarm() {
        wr(RTCMR, START + 2);
        wr(RTCIMSC, 1);
        rtc.reset();
        assertEquals(0, rd(RTCMR));
        advance(2 * SEC);
        assertEquals(0, rd(RTCRIS));
        assertEquals(START + 2, rd(RTCDR));
    }

    @Test
    void stateRoundTripRearmsTheAlarm() throws VmStateException {
        wr(RTCIMSC, 1);
        wr(RTCMR, START + 5);
        advance(SEC);
        byte[] saved = rtc.vmState().toBytes();

        boolean[] irq2 = new boolean[1];
        Pl031 other = new Pl031("pl031", clock, 0, level -> irq2[0] = level);
        other.vmState().fromBytes(saved);
        assertEquals(START + 1, other.read(RTCDR, 4));
        advance(4 * SEC);
        assertTrue(irq2[0]);

        byte[] corrupt = saved.clone();
        corrupt[4 * 3 + 3] = 3; // RTCIMSC = 3
        VmStateException e = assertThrows(VmStateException.class, () -> other.vmState().fromBytes(corrupt));
        assertEquals("device state 'pl031': RTCIMSC 3 has bits other than bit 0", e.getMessage());
    }
}
