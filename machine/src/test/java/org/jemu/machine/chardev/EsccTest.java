package org.jemu.machine.chardev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.translator.memory.MmioHandler;
import org.junit.jupiter.api.Test;

/**
 * The ESCC registers OpenBIOS's drivers/escc.c uses, with the values the Z85C30 manual (UM010901 ch. 5) and
 * QEMU's hw/char/escc.c give: channel A control 0x20 / data 0x30, B 0x00 / 0x10 (it_shift 4).
 */
class EsccTest {
    private static final int A_CTRL = 0x20, A_DATA = 0x30, B_CTRL = 0x00;
    private final MemoryCharBackend host = new MemoryCharBackend();
    private final boolean[] irqA = new boolean[1];
    private final boolean[] irqB = new boolean[1];
    private final Escc escc = new Escc("escc", host, l -> irqA[0] = l, l -> irqB[0] = l);

    private void wr(int ctrl, int reg, int v) {
        escc.write(ctrl, 1, reg);
        escc.write(ctrl, 1, v);
    }

    private int rr(int ctrl, int reg) {
        if (reg != 0) {
            escc.write(ctrl, 1, reg);
        }
        return (int) escc.read(ctrl, 1);
    }

    /** OpenBIOS's uart_init_line for channel A (index 0): reset, async 16x, 8 bits, Rx and Tx enabled. */
    private void initLikeOpenBios() {
        wr(A_CTRL, 9, 0x80);
        wr(A_CTRL, 4, 0x44);
        wr(A_CTRL, 3, 0xc1);
        wr(A_CTRL, 5, 0xea);
    }

    /** Device reset zeroes the registers but RR0 Tx buffer empty; WR9 resets set the manual's reset values. */
    @Test
    void resetValues() {
        assertEquals(0x04, rr(A_CTRL, 0), "RR0 after device reset: Tx buffer empty only (QEMU)");
        assertEquals(0x00, rr(A_CTRL, 1));
        assertEquals(0x04, rr(B_CTRL, 0));
        wr(A_CTRL, 9, 0x80); // channel reset A
        assertEquals(0x44, rr(A_CTRL, 0), "RR0: Tx buffer empty, Tx underrun");
        assertEquals(0x06, rr(A_CTRL, 1), "RR1: 8 bits");
        assertEquals(0x04, rr(B_CTRL, 0), "channel B untouched");
        wr(A_CTRL, 4, 0x44);
        assertEquals(0x07, rr(A_CTRL, 1), "a WR4 write sets All Sent");
        wr(A_CTRL, 9, 0xc0); // hardware reset: both channels
        assertEquals(0x44, rr(B_CTRL, 0));
        assertEquals(0x07, rr(A_CTRL, 1), "All Sent survives a reset");
    }

    @Test
    void pointerReturnsToZeroAfterOneAccess() {
        initLikeOpenBios();
        escc.write(A_CTRL, 1, 1);
        assertEquals(0x07, escc.read(A_CTRL, 1));
        assertEquals(0x44, escc.read(A_CTRL, 1));
        // point high: 0x08 | 4 selects register 12
        wr(A_CTRL, 12, 0x0a);
        escc.write(A_CTRL, 1, 0x08 | 4);
        assertEquals(0x0a, escc.read(A_CTRL, 1));
    }

    @Test
    void transmitNeedsTxEnable() {
        escc.write(A_DATA, 1, 'x');
        assertEquals("", host.outputString(), "WR5 Tx enable is clear after reset");
        initLikeOpenBios();
        escc.write(A_DATA, 1, 'o');
        escc.write(A_DATA, 1, 'k');
        assertEquals("ok", host.outputString());
        assertEquals(0x04, rr(A_CTRL, 0) & 0x04);
    }

    @Test
    void receiveOneByteAtATime() {
        host.inject("hi");
        host.poll();
        assertEquals(0, rr(A_CTRL, 0) & 1, "Rx disabled: nothing received");
        initLikeOpenBios();
        host.poll();
        assertEquals(1, rr(A_CTRL, 0) & 1, "RR0 Rx character available");
        assertEquals('h', escc.read(A_DATA, 1));
        assertEquals(1, rr(A_CTRL, 0) & 1, "the next byte came in when the first was read");
        assertEquals('i', escc.read(A_DATA, 1));
        assertEquals(0, rr(A_CTRL, 0) & 1);
    }

    @Test
    void rxAndTxInterrupts() {
        initLikeOpenBios();
        wr(A_CTRL, 1, 0x10); // Rx interrupt on all characters
        host.inject("a");
        host.poll();
        assertTrue(irqA[0]);
        assertEquals(0x20, rr(A_CTRL, 3), "RR3: channel A Rx interrupt pending");
        assertEquals(0x0c, rr(B_CTRL, 2), "RR2 via channel B: modified vector, A Rx (status low)");
        escc.read(A_DATA, 1);
        assertFalse(irqA[0]);
        wr(A_CTRL, 1, 0x02); // Tx interrupts
        escc.write(A_DATA, 1, 'z');
        assertTrue(irqA[0]);
        assertEquals(0x10, rr(A_CTRL, 3), "RR3: channel A Tx interrupt pending");
        escc.write(A_CTRL, 1, 0x28); // reset Tx interrupt pending
        assertFalse(irqA[0]);
        assertEquals(0, rr(A_CTRL, 3));
    }

    @Test
    void legacyLayout() {
        MmioHandler legacy = escc.legacy();
        initLikeOpenBios();
        legacy.write(0x06, 1, 'L'); // channel A data
        assertEquals("L", host.outputString());
        legacy.write(0x02, 1, 1); // channel A control: pointer 1
        assertEquals(0x07, legacy.read(0x02, 1));
        assertEquals(0x04, legacy.read(0x00, 1), "channel B RR0 (only channel A was reset)");
    }
}
