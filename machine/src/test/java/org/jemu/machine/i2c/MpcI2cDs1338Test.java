package org.jemu.machine.i2c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.translator.clock.VirtualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The I2C controller driving the DS1338 as U-Boot's {@code i2c_fsl} and {@code rtc-pt7c4338} drivers do. Register
 * values from the DS1338 datasheet (BCD time registers, 1-7 day of week) and the MPC8544E manual (I2CSR bits).
 */
class MpcI2cDs1338Test {
    private VirtualClock clock;
    private MpcI2c i2c;
    private boolean irq;

    @BeforeEach
    void setUp() {
        clock = new VirtualClock(0, false);
        i2c = new MpcI2c("i2c", l -> irq = l);
        // 2023-11-14 22:13:20 UTC, a Tuesday
        i2c.bus().attach(0x68, new Ds1338("rtc", clock, 1_700_000_000L));
        i2c.write(MpcI2c.CR, 1, MpcI2c.CCR_MEN);
    }

    private void start(int addrByte) {
        i2c.write(MpcI2c.CR, 1, MpcI2c.CCR_MEN | MpcI2c.CCR_MSTA | MpcI2c.CCR_MTX);
        i2c.write(MpcI2c.DR, 1, addrByte);
    }

    private int[] readFrom(int reg, int n) {
        start(0xD0);
        i2c.write(MpcI2c.DR, 1, reg);
        i2c.write(MpcI2c.CR, 1, MpcI2c.CCR_MEN | MpcI2c.CCR_MSTA | MpcI2c.CCR_MTX | MpcI2c.CCR_RSTA);
        i2c.write(MpcI2c.DR, 1, 0xD1);
        i2c.write(MpcI2c.CR, 1, MpcI2c.CCR_MEN | MpcI2c.CCR_MSTA);
        i2c.read(MpcI2c.DR, 1); // dummy read starts the first receive
        int[] r = new int[n];
        for (int k = 0; k < n; k++) {
            r[k] = (int) i2c.read(MpcI2c.DR, 1);
        }
        i2c.write(MpcI2c.CR, 1, MpcI2c.CCR_MEN);
        return r;
    }

    @Test
    void timeRegistersAreBcdOfTheVirtualClock() {
        clock.retire(5_000_000_000L); // 5 s later
        int[] t = readFrom(0, 7);
        assertEquals(0x25, t[0]);
        assertEquals(0x13, t[1]);
        assertEquals(0x22, t[2]);
        assertEquals(3, t[3], "Tuesday: day 3 with Sunday = 1");
        assertEquals(0x14, t[4]);
        assertEquals(0x11, t[5]);
        assertEquals(0x23, t[6]);
    }

    @Test
    void settingTheDateMovesTheClock() {
        start(0xD0);
        for (int v : new int[] {0x00, 0x05, 0x04, 0x03, 0x05, 0x02, 0x01, 0x25}) { // ptr 0, then 03:04:05 Thu 02-01-2025
            i2c.write(MpcI2c.DR, 1, v);
        }
        i2c.write(MpcI2c.CR, 1, MpcI2c.CCR_MEN);
        clock.retire(2_000_000_000L);
        int[] t = readFrom(0, 7);
        assertEquals(0x07, t[0]);
        assertEquals(0x04, t[1]);
        assertEquals(0x03, t[2]);
        assertEquals(0x02, t[4]);
        assertEquals(0x01, t[5]);
        assertEquals(0x25, t[6]);
    }

    @Test
    void nvramAndControlRegister() {
        start(0xD0);
        for (int v : new int[] {0x07, 0xFF, 0x11, 0x22}) { // control = 0xFF, NVRAM 8, 9
            i2c.write(MpcI2c.DR, 1, v);
        }
        i2c.write(MpcI2c.CR, 1, MpcI2c.CCR_MEN);
        int[] r = readFrom(7, 3);
        assertEquals(0x93, r[0], "bits 2, 3, 6 read 0; OSF cannot be set");
        assertEquals(0x11, r[1]);
        assertEquals(0x22, r[2]);
    }

    @Test
    void statusBitsAndInterrupt() {
        i2c.write(MpcI2c.CR, 1, MpcI2c.CCR_MEN | MpcI2c.CCR_MIEN | MpcI2c.CCR_MSTA | MpcI2c.CCR_MTX);
        assertTrue((i2c.read(MpcI2c.SR, 1) & MpcI2c.CSR_MBB) != 0, "bus busy once master");
        i2c.write(MpcI2c.DR, 1, 0xA0); // nobody at 0x50
        assertTrue((i2c.read(MpcI2c.SR, 1) & MpcI2c.CSR_RXAK) != 0);
        assertFalse(irq);
        i2c.write(MpcI2c.CR, 1, MpcI2c.CCR_MEN | MpcI2c.CCR_MIEN | MpcI2c.CCR_MSTA | MpcI2c.CCR_MTX | MpcI2c.CCR_RSTA);
        i2c.write(MpcI2c.DR, 1, 0xD0);
        long sr = i2c.read(MpcI2c.SR, 1);
        assertEquals(MpcI2c.CSR_MCF | MpcI2c.CSR_MIF | MpcI2c.CSR_MBB, sr & 0xE3);
        assertTrue(irq);
        i2c.write(MpcI2c.SR, 1, 0);
        assertFalse(irq);
        i2c.write(MpcI2c.CR, 1, 0); // MEN off: reset
        assertEquals(0x81, i2c.read(MpcI2c.SR, 1));
    }
}
