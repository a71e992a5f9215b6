package org.jemu.machine.intc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.translator.exec.IrqLine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cascaded 8259A pair as the PC wires it, against the 8259A datasheet. */
class I8259Test {
    private boolean intr;
    private I8259 master;
    private I8259 slave;

    @BeforeEach
    void setUp() {
        master = new I8259("pic-master", level -> intr = level, I8259.MASTER_ELCR_MASK);
        slave = new I8259("pic-slave", master.input(2), I8259.SLAVE_ELCR_MASK);
        master.setSlave(slave, 2);
        init(master, 0x20, 0x04);
        init(slave, 0x28, 0x02);
    }

    private static void init(I8259 pic, int base, int icw3) {
        pic.write(0, 1, 0x11);
        pic.write(1, 1, base);
        pic.write(1, 1, icw3);
        pic.write(1, 1, 0x01);
    }

    private IrqLine irq(int n) {
        return n < 8 ? master.input(n) : slave.input(n - 8);
    }

    @Test
    void edgeTriggeredRequestIsAcknowledgedWithItsVectorAndEoiEndsService() {
        irq(4).set(true);
        assertTrue(intr);
        assertEquals(0x24, master.acknowledge());
        assertFalse(intr, "in service: nothing else pending");
        assertEquals(1 << 4, master.isr());
        master.write(0, 1, 0x0B); // OCW3: read ISR
        assertEquals(1 << 4, master.read(0, 1));
        irq(4).set(false);
        irq(4).set(true); // a new edge while in service: latched, not delivered
        assertFalse(intr);
        master.write(0, 1, 0x20); // non-specific EOI
        assertTrue(intr, "the second request follows the EOI");
        assertEquals(0x24, master.acknowledge());
    }

    @Test
    void lineHeldHighGivesOnlyOneEdgeTriggeredRequest() {
        irq(0).set(true);
        assertEquals(0x20, master.acknowledge());
        master.write(0, 1, 0x20);
        irq(0).set(true);
        assertFalse(intr);
    }

    @Test
    void priorityMaskAndNesting() {
        master.write(1, 1, 0x08); // mask IR3 only
        irq(3).set(true);
        assertFalse(intr, "masked");
        irq(5).set(true);
        assertEquals(0x25, master.acknowledge());
        irq(1).set(true);
        assertTrue(intr, "IR1 has higher priority than IR5 in service");
        assertEquals(0x21, master.acknowledge());
        irq(6).set(true);
        assertFalse(intr, "IR6 waits for IR1 and IR5");
        master.write(0, 1, 0x20); // EOI ends IR1 (highest in service)
        assertEquals(1 << 5, master.isr());
        master.write(0, 1, 0x65); // specific EOI for IR5
        assertEquals(0, master.isr());
        assertEquals(0x26, master.acknowledge());
        master.write(1, 1, 0x00);
        assertEquals(0x23, master.acknowledge(), "unmasking releases IR3");
    }

    @Test
    void slaveInterruptsGoThroughCascadeInput() {
        irq(12).set(true);
        assertTrue(intr);
        assertEquals(0x2C, master.acknowledge());
        assertEquals(1 << 2, master.isr());
        assertEquals(1 << 4, slave.isr());
        slave.write(0, 1, 0x20);
        master.write(0, 1, 0x20);
        assertEquals(0, master.isr() | slave.isr());
    }

    @Test
    void spuriousAcknowledgeGivesIr7VectorWithoutService() {
        assertEquals(0x27, master.acknowledge());
        assertEquals(0, master.isr());
    }

    @Test
    void autoEoiPollAndRotation() {
        master.write(0, 1, 0x11);
        master.write(1, 1, 0x20);
        master.write(1, 1, 0x04);
        master.write(1, 1, 0x03); // ICW4: AEOI, 8086
        irq(6).set(true);
        assertEquals(0x26, master.acknowledge());
        assertEquals(0, master.isr(), "automatic EOI");
        // Poll command: highest request as 0x80 | level.
        irq(2).set(false);
        irq(1).set(true);
        master.write(0, 1, 0x0C);
        assertEquals(0x81, master.read(0, 1));
        assertFalse(intr);
        // Set priority: IR1 lowest, so IR2 becomes the highest and wins over IR0.
        master.write(0, 1, 0xC1);
        irq(0).set(true);
        irq(3).set(true);
        assertEquals(0x23, master.acknowledge());
        assertEquals(0x20, master.acknowledge());
    }

    @Test
    void elcrMakesAnInputLevelTriggered() {
        master.elcrPort().write(0, 1, 0xFF);
        assertEquals(I8259.MASTER_ELCR_MASK, master.elcrPort().read(0, 1));
        irq(5).set(true);
        assertEquals(0x25, master.acknowledge());
        master.write(0, 1, 0x20);
        assertTrue(intr, "a level-triggered input still high requests again after EOI");
        irq(5).set(false);
        assertFalse(intr);
    }

    @Test
    void icw1KeepsTheRequestOfAnAssertedLevelTriggeredInput() {
        master.elcrPort().write(0, 1, 1 << 5);
        irq(5).set(true);
        init(master, 0x20, 0x04);
        assertTrue(intr, "IR5 is level-triggered and still high after re-initialization (QEMU: irr &= elcr)");
        assertEquals(0x25, master.acknowledge());
    }

    @Test
    void icw1NeedsANewEdgeOnAnEdgeTriggeredInput() {
        irq(3).set(true);
        init(master, 0x20, 0x04);
        assertFalse(intr, "datasheet: after ICW1 an IR input must make a low-to-high transition");
        irq(3).set(false);
        irq(3).set(true);
        assertEquals(0x23, master.acknowledge());
    }
}
