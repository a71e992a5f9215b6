package org.jemu.machine.intc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Heathrow PIC registers as QEMU's hw/intc/heathrow_pic.c defines them: pics[0] (inputs 32-63) at 0x10, pics[1]
 * (inputs 0-31) at 0x20; EVENTS +0, MASK +4, CLEAR +8, LEVELS +C; inputs 20-28 level-triggered.
 */
class HeathrowPicTest {
    private final boolean[] out = new boolean[1];
    private final HeathrowPic pic = new HeathrowPic("pic", l -> out[0] = l);

    @Test
    void edgeInputLatchesUntilCleared() {
        // CUDA is input 0x12: pics[1 - (0x12 >> 5)] = pics[1], registers at 0x20, bit 18
        pic.input(0x12).set(true);
        assertEquals(1 << 18, pic.read(0x20, 4));
        assertEquals(1 << 18, pic.read(0x2c, 4));
        assertFalse(out[0], "masked");
        pic.write(0x24, 4, 1 << 18);
        assertEquals(1 << 18, pic.read(0x24, 4));
        assertTrue(out[0]);
        pic.input(0x12).set(false);
        assertTrue(out[0], "the edge stays latched");
        assertEquals(0, pic.read(0x2c, 4));
        pic.write(0x28, 4, 1 << 18);
        assertFalse(out[0]);
        assertEquals(0, pic.read(0x20, 4));
    }

    @Test
    void inputsAbove31UseTheFirstBank() {
        pic.write(0x14, 4, 1);
        pic.input(32).set(true);
        assertEquals(1, pic.read(0x10, 4));
        assertTrue(out[0]);
        assertEquals(0, pic.read(0x20, 4));
    }

    @Test
    void levelTriggeredInputsFollowTheLine() {
        // input 0x15 (PCI INTA) = pics[1] bit 21, inside QEMU's level_triggered mask 0x1ff00000
        pic.write(0x24, 4, 1 << 21);
        pic.input(0x15).set(true);
        assertEquals(0, pic.read(0x20, 4), "no event latched for a level input");
        assertEquals(1 << 21, pic.read(0x2c, 4));
        assertTrue(out[0]);
        pic.write(0x28, 4, 1 << 21); // clearing does not drop a level input
        assertTrue(out[0]);
        pic.input(0x15).set(false);
        assertFalse(out[0]);
    }

    @Test
    void resetClearsEverything() {
        pic.write(0x24, 4, -1);
        pic.input(3).set(true);
        assertTrue(out[0]);
        pic.reset();
        assertFalse(out[0]);
        assertEquals(0, pic.read(0x24, 4));
        assertEquals(0, pic.read(0x20, 4));
        assertEquals(0, pic.read(0x00, 4), "offsets outside the banks read 0");
    }
}
