package org.jemu.machine.chardev;

import static org.jemu.machine.chardev.Serial16550.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.machine.device.VmStateException;
import org.jemu.translator.clock.VirtualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 16550A against the PC16550D datasheet (and QEMU's reset values). */
class Serial16550Test {
    private MemoryCharBackend backend;
    private VirtualClock clock;
    private boolean irq;
    private int irqEdges;
    private Serial16550 uart;

    @BeforeEach
    void setUp() {
        backend = new MemoryCharBackend();
        clock = new VirtualClock(0, false);
        uart = new Serial16550("serial0", backend, level -> {
            if (level && !irq) {
                irqEdges++;
            }
            irq = level;
        }, clock);
    }

    private int rd(int reg) {
        return (int) uart.read(reg, 1);
    }

    private void wr(int reg, int v) {
        uart.write(reg, 1, v);
    }

    @Test
    void resetValuesMatchQemu() {
        assertEquals(IIR_NO_INT, rd(IIR_FCR));
        assertEquals(LSR_THRE | LSR_TEMT, rd(LSR));
        assertEquals(MSR_DCD | MSR_DSR | MSR_CTS, rd(MSR));
        assertEquals(MCR_OUT2, rd(MCR));
        assertEquals(0, rd(IER));
        wr(LCR, LCR_DLAB);
        assertEquals(0x0C, rd(RBR_THR)); // divisor 12: 9600 baud
        assertEquals(0, rd(IER));
        assertFalse(irq);
    }

    @Test
    void divisorLatchAndScratchAreSeparateFromDataRegisters() {
        wr(LCR, LCR_DLAB | 3);
        wr(RBR_THR, 0x01);
        wr(IER, 0x02);
        wr(LCR, 3);
        wr(SCR, 0xA5);
        assertEquals(0xA5, rd(SCR));
        assertEquals(0, rd(IER), "DLM write must not reach IER");
        assertEquals(0, backend.output().length, "DLL write must not transmit");
        wr(LCR, LCR_DLAB | 3);
        assertEquals(0x01, rd(RBR_THR));
        assertEquals(0x02, rd(IER));
        // 0x0201 divisor, 8N1 = 10 bits: 10 * 513 / 115200 s
        assertEquals(10L * 1_000_000_000L * 0x201 / BAUD_BASE, uart.charTimeNs());
    }

    @Test
    void transmitRaisesThrEmptyInterruptWhichIirReadClears() {
        wr(IER, IER_ETBEI); // THR is empty: the interrupt is raised at once
        assertTrue(irq);
        assertEquals(IIR_THRI, rd(IIR_FCR));
        assertFalse(irq, "reading IIR while it reports THR empty clears it");
        assertEquals(IIR_NO_INT, rd(IIR_FCR));
        wr(RBR_THR, 'A');
        assertEquals("A", backend.outputString());
        assertTrue(irq);
        assertEquals(2, irqEdges, "each THR write gives a new edge");
        assertEquals(LSR_THRE | LSR_TEMT, rd(LSR) & (LSR_THRE | LSR_TEMT));
    }

    @Test
    void receiveWithoutFifoHoldsOneCharacterAndOverrunsInLoopback() {
        wr(IER, IER_ERBFI | IER_ELSI);
        backend.inject("xy");
        backend.poll();
        assertEquals(1, uart.rxCount(), "without FIFO only one character is accepted; flow control keeps the rest");
        assertTrue(irq);
        assertEquals(IIR_RDI, rd(IIR_FCR));
        assertEquals('x', rd(RBR_THR));
        assertEquals('y', rd(RBR_THR), "reading RBR lets the backend deliver the next byte");
        assertFalse(irq);
        assertEquals(0, rd(LSR) & LSR_DR);
        // Loopback: host input is held back; two transmitted bytes overrun the holding register.
        wr(MCR, MCR_LOOP);
        wr(RBR_THR, '1');
        wr(RBR_THR, '2');
        assertEquals(IIR_RLSI, rd(IIR_FCR));
        int lsr = rd(LSR);
        assertEquals(LSR_OE | LSR_DR, lsr & (LSR_OE | LSR_DR));
        assertEquals(0, rd(LSR) & LSR_OE, "reading LSR clears OE");
        assertEquals('1', rd(RBR_THR));
        assertEquals("", backend.outputString(), "loopback output does not reach the line");
    }

    @Test
    void fifoTriggerLevelAndCharacterTimeout() {
        wr(RBR_THR, 0); // nothing: just make sure writes before FIFO set-up are harmless
        backend.clearOutput();
        wr(IIR_FCR, FCR_FE | FCR_RFR | 0x40); // trigger level 4
        assertEquals(IIR_FIFO_ENABLED | IIR_NO_INT, rd(IIR_FCR));
        wr(IER, IER_ERBFI);
        backend.inject("abc");
        backend.poll();
        assertEquals(3, uart.rxCount());
        assertFalse(irq, "3 characters are below the trigger level");
        // Four character times later (8N1 at 9600 baud: 4 x 10 / 9600 s) the timeout interrupt is raised.
        clock.retire(4 * uart.charTimeNs() + 1);
        clock.runExpired();
        assertTrue(irq);
        assertEquals(IIR_FIFO_ENABLED | IIR_CTI, rd(IIR_FCR));
        assertEquals('a', rd(RBR_THR));
        assertFalse(irq, "reading RBR clears the timeout indication");
        backend.inject("defg");
        backend.poll();
        assertTrue(irq, "5 characters reach the trigger level of 4");
        assertEquals(IIR_FIFO_ENABLED | IIR_RDI, rd(IIR_FCR));
        wr(IIR_FCR, FCR_FE | FCR_RFR);
        assertEquals(0, uart.rxCount(), "FCR bit 1 clears the receive FIFO");
        assertEquals(0, rd(LSR) & LSR_DR);
    }

    @Test
    void loopbackModemSignals() {
        wr(MCR, MCR_LOOP | MCR_DTR | MCR_RTS | MCR_OUT1 | MCR_OUT2);
        int msr = rd(MSR);
        assertEquals(MSR_DSR | MSR_CTS | MSR_RI | MSR_DCD, msr & 0xF0);
        wr(MCR, MCR_LOOP | MCR_OUT2);
        msr = rd(MSR);
        assertEquals(MSR_DCD, msr & 0xF0);
        assertEquals(MSR_DCTS | MSR_DDSR | MSR_TERI, msr & 0x0F, "delta bits for CTS, DSR and the trailing RI edge");
        assertEquals(0, rd(MSR) & 0x0F, "reading MSR clears the delta bits");
        wr(IER, IER_EDSSI);
        wr(MCR, MCR_LOOP | MCR_OUT2 | MCR_RTS);
        assertTrue(irq, "a modem status change interrupts with EDSSI");
        assertEquals(IIR_MSI, rd(IIR_FCR));
    }

    @Test
    void stateRoundTripsAndRejectsCorruptValues() throws Exception {
        wr(IIR_FCR, FCR_FE);
        backend.inject("q");
        backend.poll();
        wr(SCR, 0x77);
        byte[] saved = uart.vmState().toBytes();
        uart.reset();
        assertEquals(0, uart.rxCount());
        uart.vmState().fromBytes(saved);
        assertEquals(1, uart.rxCount());
        assertEquals(0x77, rd(SCR));
        assertEquals('q', rd(RBR_THR));
        byte[] bad = saved.clone();
        // Field order: divider(2) ier iir lcr mcr lsr msr scr fcr ... ; set IER's reserved bits.
        bad[2] = (byte) 0xF0;
        assertThrows(VmStateException.class, () -> uart.vmState().fromBytes(bad));
    }
}
