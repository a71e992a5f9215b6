package org.jemu.ppc.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.Test;

/**
 * A FIT or watchdog event billions of years away (TCR[FP/WP] = 2 selects TB bit 61, LSB-0; with TB bit 61
 * already set the next 0 -> 1 transition is 2^62 ticks ahead, Book III-E 9.4/9.5) must not overflow the
 * nanosecond deadline: at the ppce500 board's 400 MHz time base 2^62 ticks are ~1.15e19 ns, more than a long
 * holds. A wrapped (negative) deadline made the timer fire at once and re-arm itself forever.
 */
class BookETimerFarEventTest {
    @Test
    void fitAndWatchdogOnTbBit61DoNotSpin() {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        mem.addRam("ram", 0, 0x1_0000);
        VirtualClock clock = new VirtualClock(0, false);
        PpcBookECpu cpu = (PpcBookECpu) PpcCpu.create("e500mc", 0, mem);
        cpu.resetSystem();
        cpu.attachClock(clock, 400_000_000L);
        // mtspr TBU (285) = 0x2000_0000: TB bit 61 (LSB-0) set.
        PpcBookESupervisor.mtspr(cpu, PpcBookESupervisor.TBU_W, 0x2000_0000L);
        // mtspr TCR: WP = 2, FP = 2 (both select TB bit 63 - 2 = 61), no interrupt enables.
        PpcBookESupervisor.mtspr(cpu, PpcBookESupervisor.TCR, 0x8000_0000L | 0x0200_0000L);
        int fired = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> clock.runExpired());
        assertEquals(0, fired, "no FIT/watchdog event is due for 2^62 ticks");
        assertEquals(0, cpu.timers.tsr, "TSR unchanged");
    }
}
