package org.jemu.machine.chardev;

import static org.jemu.machine.chardev.Pl011.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jemu.machine.device.VmStateException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Pl011Test {
    private MemoryCharBackend backend;
    private boolean irq;
    private int irqEdges;
    private Pl011 uart;

    @BeforeEach
    void setUp() {
        backend = new MemoryCharBackend();
        uart = new Pl011("pl011", backend, level -> {
            if (level && !irq) {
                irqEdges++;
            }
            irq = level;
        });
    }

    private int rd(int off) {
        return (int) uart.read(off, 4);
    }

    private void wr(int off, int v) {
        uart.write(off, 4, v & 0xffffffffL);
    }

    @Test
    void resetValuesMatchQemu() {
        assertEquals(FR_RXFE | FR_TXFE, rd(UARTFR)); // 0x90
        assertEquals(0x300, rd(UARTCR));
        assertEquals(0x12, rd(UARTIFLS));
        assertEquals(0, rd(UARTLCR_H));
        assertEquals(0, rd(UARTIMSC));
        assertEquals(0, rd(UARTRIS));
        int[] id = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
        for (int i = 0; i < 8; i++) {
            assertEquals(id[i], rd(UARTPERIPHID0 + 4 * i), "ID register " + i);
        }
        assertFalse(irq);
    }

    @Test
    void transmitGoesToBackendAndRaisesTxInterrupt() {
        wr(UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
        wr(UARTIMSC, INT_TX);
        wr(UARTDR, 'h');
        uart.write(UARTDR, 1, 'i'); // byte access, as drivers with reg-io-width = 1 do
        assertEquals("hi", backend.outputString());
        assertEquals(INT_TX, rd(UARTRIS));
        assertEquals(INT_TX, rd(UARTMIS));
        assertTrue(irq);
        assertEquals(FR_TXFE | FR_RXFE, rd(UARTFR), "TX FIFO never fills, never busy");
        wr(UARTICR, INT_TX);
        assertFalse(irq);
        assertEquals(0, rd(UARTRIS));
    }

    @Test
    void receiveFifoWithFlowControl() {
        wr(UARTLCR_H, LCR_FEN | 0x60); // 8N1, FIFOs on
        wr(UARTIMSC, INT_RX | INT_RT);
        backend.inject("abcdefghijklmnopqrst"); // 20 bytes
        assertEquals(0, uart.rxCount(), "input reaches the guest only at poll()");
        assertEquals(20, backend.poll());
        assertEquals(16, uart.rxCount(), "FIFO holds 16, the backend keeps the rest");
        assertTrue(backend.hasPendingInput());
        assertEquals(FR_RXFF | FR_TXFE, rd(UARTFR));
        assertTrue(irq);
        assertEquals(INT_RX, rd(UARTMIS), "RX interrupt at the first character (QEMU's trigger level 1)");

        StringBuilder got = new StringBuilder();
        while ((rd(UARTFR) & FR_RXFE) == 0) {
            got.append((char) (rd(UARTDR) & 0xff)); // each read frees a slot and pulls the next byte
        }
        assertEquals("abcdefghijklmnopqrst", got.toString());
        assertFalse(irq, "RX interrupt clears when the FIFO empties");
        assertFalse(backend.hasPendingInput());
    }

    @Test
    void fifoDisabledHoldsOneCharacter() {
        backend.inject("xyz");
        backend.poll();
        assertEquals(1, uart.rxCount());
        assertEquals(FR_RXFF | FR_TXFE, rd(UARTFR));
        assertEquals('x', rd(UARTDR));
        assertEquals('y', rd(UARTDR));
        assertEquals('z', rd(UARTDR));
        assertEquals(FR_RXFE | FR_TXFE, rd(UARTFR));
    }

    @Test
    void togglingFenEmptiesTheFifo() {
        wr(UARTLCR_H, LCR_FEN);
        backend.inject("abc");
        backend.poll();
        assertEquals(3, uart.rxCount());
        wr(UARTLCR_H, 0);
        assertEquals(0, uart.rxCount());
        assertEquals(FR_RXFE | FR_TXFE, rd(UARTFR));
    }

    @Test
    void loopbackAndBreak() {
        wr(UARTLCR_H, LCR_FEN);
        wr(UARTCR, CR_UARTEN | CR_TXE | CR_RXE | CR_LBE | CR_RTS | CR_DTR);
        assertEquals(FR_CTS | FR_DSR, rd(UARTFR) & (FR_CTS | FR_DSR | FR_DCD | FR_RI));
        wr(UARTDR, 'L');
        assertEquals('L', rd(UARTDR) & 0xff);
        backend.inject("ignored");
        backend.poll();
        assertEquals(0, uart.rxCount(), "RX input is disconnected in loopback");

        wr(UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
        backend.injectBreak();
        backend.inject("k");
        backend.poll();
        assertEquals(DR_BE, rd(UARTDR), "break arrives as a 0 byte with BE");
        assertEquals(DR_BE >> 8, rd(UARTRSR));
        wr(UARTRSR, 0); // UARTECR clears the errors
        assertEquals(0, rd(UARTRSR));
        assertEquals('k', rd(UARTDR));
        wr(UARTLCR_H, LCR_FEN | LCR_BRK);
        assertTrue(backend.breakState());
    }

    @Test
    void loopbackOverrunIsFlagged() {
        wr(UARTCR, CR_UARTEN | CR_TXE | CR_RXE | CR_LBE);
        wr(UARTDR, '1');
        wr(UARTDR, '2'); // FIFO disabled: one entry, so the second byte overruns
        assertEquals(INT_OE, rd(UARTRIS) & INT_OE);
        assertEquals(RSR_OE, rd(UARTRSR));
        assertEquals(1, uart.rxCount());
        assertEquals('1', rd(UARTDR) & 0xff);
    }

    @Test
    void registersAndMasks() {
        wr(UARTIBRD, 0x12345);
        assertEquals(0x2345, rd(UARTIBRD));
        wr(UARTFBRD, 0xff);
        assertEquals(0x3f, rd(UARTFBRD));
        wr(UARTILPR, 0x1ff);
        assertEquals(0x1ff, rd(UARTILPR), "stored unmasked, as QEMU does");
        wr(UARTDMACR, 0);
        assertEquals(0, rd(UARTDMACR));
        wr(UARTIFLS, 0x24);
        assertEquals(0x24, rd(UARTIFLS));
        wr(UARTFR, 0); // ignored
        assertEquals(0x90, rd(UARTFR));
        assertEquals(0, rd(0x800), "bad offsets read as zero");
        wr(0x800, 1); // and ignore writes without throwing
        assertEquals(0x10L << 32 | 0x11L, uart.read(UARTPERIPHID0, 8));
    }

    @Test
    void stateRoundTripAndValidation() throws VmStateException {
        wr(UARTLCR_H, LCR_FEN);
        wr(UARTIMSC, INT_RX);
        backend.inject("state");
        backend.poll();
        rd(UARTDR);
        byte[] saved = uart.vmState().toBytes();

        List<Boolean> levels = new ArrayList<>();
        MemoryCharBackend b2 = new MemoryCharBackend();
        Pl011 other = new Pl011("pl011", b2, levels::add);
        other.vmState().fromBytes(saved);
        assertTrue(other.irqLevel());
        assertEquals(Boolean.TRUE, levels.get(levels.size() - 1), "post-load re-drives the IRQ line");
        StringBuilder got = new StringBuilder();
        while ((other.read(UARTFR, 4) & FR_RXFE) == 0) {
            got.append((char) other.read(UARTDR, 4));
        }
        assertEquals("tate", got.toString());

        // readCount is the 14th field: 13 words before it, the FIFO array has a 4-byte length prefix.
        byte[] corrupt = saved.clone();
        int readCountAt = 4 * 7 + 4 + 4 * FIFO_DEPTH + 4 * 4 + 4;
        corrupt[readCountAt + 3] = 17;
        VmStateException e = assertThrows(VmStateException.class, () -> other.vmState().fromBytes(corrupt));
        assertEquals("device state 'pl011': read_count 17 is out of range 0..16", e.getMessage());
    }
}
