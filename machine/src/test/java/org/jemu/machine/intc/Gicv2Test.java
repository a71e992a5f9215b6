package org.jemu.machine.intc;

import static org.jemu.machine.intc.Gicv2.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.machine.device.VmStateException;
import org.jemu.translator.exec.IrqLine;
import org.junit.jupiter.api.Test;

class Gicv2Test {
    private int cpu;
    private final boolean[] irq = new boolean[8];
    private final boolean[] fiq = new boolean[8];

    private Gicv2 gic(int cpus) {
        Gicv2 g = Gicv2.forVirt("gic", cpus, () -> cpu);
        for (int c = 0; c < cpus; c++) {
            int cc = c;
            g.connectCpu(c, l -> irq[cc] = l, l -> fiq[cc] = l);
        }
        return g;
    }

    private static long d(Gicv2 g, int off) {
        return g.distributor().read(off, 4);
    }

    private static void d(Gicv2 g, int off, long v) {
        g.distributor().write(off, 4, v);
    }

    private static int c(Gicv2 g, int off) {
        return (int) g.cpuInterface().read(off, 4);
    }

    private static void c(Gicv2 g, int off, int v) {
        g.cpuInterface().write(off, 4, v & 0xffffffffL);
    }

    /** Enables the distributor and this CPU's interface for Group 0 with the priority mask wide open. */
    private void enable(Gicv2 g) {
        d(g, GICD_CTLR, GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1);
        c(g, GICC_CTLR, GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_ENABLE_GRP1);
        c(g, GICC_PMR, 0xff);
    }

    private static void enableIrq(Gicv2 g, int id, int prio) {
        g.distributor().write(GICD_IPRIORITYR + id, 1, prio);
        d(g, GICD_ISENABLER + 4 * (id / 32), 1L << (id % 32));
    }

    @Test
    void identificationAndResetValuesMatchQemu() {
        Gicv2 g = gic(1);
        assertEquals(8, d(g, GICD_TYPER), "ITLinesNumber 8 (288 interrupts), one CPU");
        assertEquals(0x43b, d(g, GICD_IIDR));
        assertEquals(0x2b, d(g, 0xfe8), "PIDR2: architecture version 2");
        assertEquals(0xb1, d(g, 0xffc));
        assertEquals(0x0002043b, c(g, GICC_IIDR));
        assertEquals(0, c(g, GICC_CTLR));
        assertEquals(0, c(g, GICC_BPR));
        assertEquals(1, c(g, GICC_ABPR));
        assertEquals(0xff, c(g, GICC_RPR));
        assertEquals(SPURIOUS, c(g, GICC_HPPIR));
        assertEquals(SPURIOUS, c(g, GICC_IAR));
        assertEquals(0xffff, d(g, GICD_ISENABLER), "SGIs are always enabled");
        assertEquals(0xaaaaaaaaL, d(g, GICD_ICFGR), "SGIs are edge-triggered");
        assertEquals(0, d(g, GICD_ICFGR + 4));
        assertEquals(0, d(g, GICD_ITARGETSR), "RAZ on a uniprocessor GIC");
        assertEquals(0, d(g, GICD_ITARGETSR + 32));

        Gicv2 g4 = gic(4);
        assertEquals(8 | (3 << 5), d(g4, GICD_TYPER));
        cpu = 2;
        assertEquals(0x04040404L, d(g4, GICD_ITARGETSR + 28), "SGI/PPI targets read as the reading CPU");
    }

    @Test
    void levelSensitiveSpiLifecycle() {
        Gicv2 g = gic(1);
        enable(g);
        int id = 33; // virt's UART: SPI 1
        enableIrq(g, id, 0xa0);
        IrqLine line = g.spi(1);

        line.set(true);
        assertTrue(irq[0]);
        assertFalse(fiq[0]);
        assertEquals(id, c(g, GICC_HPPIR));
        assertEquals(1L << 1, d(g, GICD_ISPENDR + 4) & 2);
        assertEquals(id, c(g, GICC_IAR));
        assertFalse(irq[0], "active interrupt is not signalled again");
        assertEquals(0xa0, c(g, GICC_RPR));
        assertEquals(2, d(g, GICD_ISACTIVER + 4) & 2);
        assertEquals(2, d(g, GICD_ISPENDR + 4) & 2, "still pending: the line is high (active and pending)");

        c(g, GICC_EOIR, id);
        assertEquals(0xff, c(g, GICC_RPR));
        assertTrue(irq[0], "level still high: pending again after deactivation");
        assertEquals(id, c(g, GICC_IAR));
        line.set(false);
        c(g, GICC_EOIR, id);
        assertFalse(irq[0]);
        assertEquals(SPURIOUS, c(g, GICC_IAR));
        assertEquals(0, d(g, GICD_ISPENDR + 4) & 2);
    }

    @Test
    void edgeTriggeredSpiLatches() {
        Gicv2 g = gic(1);
        enable(g);
        int id = 48;
        d(g, GICD_ICFGR + 4 * (id / 16), 2L << (2 * (id % 16)));
        assertEquals(2L << (2 * (id % 16)), d(g, GICD_ICFGR + 4 * (id / 16)));
        enableIrq(g, id, 0x80);
        g.spi(id - 32).pulse();
        assertTrue(irq[0]);
        assertEquals(id, c(g, GICC_IAR));
        g.spi(id - 32).pulse(); // arrives while active: pending again
        assertFalse(irq[0]);
        c(g, GICC_EOIR, id);
        assertTrue(irq[0]);
        assertEquals(id, c(g, GICC_IAR));
        c(g, GICC_EOIR, id);
        assertFalse(irq[0]);
    }

    @Test
    void disabledOrUnconfiguredInterruptsAreNotSignalled() {
        Gicv2 g = gic(1);
        g.spi(5).set(true);
        enableIrq(g, 37, 0x10);
        assertFalse(irq[0], "distributor and CPU interface disabled");
        d(g, GICD_CTLR, 1);
        assertFalse(irq[0], "CPU interface disabled");
        c(g, GICC_CTLR, 1);
        assertFalse(irq[0], "PMR 0 masks everything");
        c(g, GICC_PMR, 0x10);
        assertFalse(irq[0], "priority must be below the mask");
        c(g, GICC_PMR, 0x11);
        assertTrue(irq[0]);
        d(g, GICD_ICENABLER + 4, 1L << 5);
        assertFalse(irq[0]);
        assertEquals(SPURIOUS, c(g, GICC_IAR));
    }

    @Test
    void priorityPreemptionAndRunningPriority() {
        Gicv2 g = gic(1);
        enable(g);
        enableIrq(g, 40, 0x80);
        enableIrq(g, 41, 0x40);
        enableIrq(g, 42, 0xc0);
        g.spi(8).set(true); // id 40
        assertEquals(40, c(g, GICC_IAR));
        assertEquals(0x80, c(g, GICC_RPR));
        g.spi(10).set(true); // id 42, lower priority: waits
        assertFalse(irq[0]);
        assertEquals(42, c(g, GICC_HPPIR));
        assertEquals(SPURIOUS, c(g, GICC_IAR), "insufficient priority to preempt");
        g.spi(9).set(true); // id 41, higher priority: preempts
        assertTrue(irq[0]);
        assertEquals(41, c(g, GICC_IAR));
        assertEquals(0x40, c(g, GICC_RPR));
        assertEquals(1, c(g, GICC_APR0 + 4), "preemption level 0x20 (priority 0x40) is APR1 bit 0");
        assertEquals(1, c(g, GICC_APR0 + 8), "preemption level 0x40 (priority 0x80) is APR2 bit 0");
        g.spi(9).set(false);
        c(g, GICC_EOIR, 41);
        assertEquals(0x80, c(g, GICC_RPR), "back to the preempted interrupt's priority");
        g.spi(8).set(false);
        c(g, GICC_EOIR, 40);
        assertEquals(0xff, c(g, GICC_RPR));
        assertEquals(42, c(g, GICC_IAR));
    }

    @Test
    void binaryPointGroupsPriorities() {
        Gicv2 g = gic(1);
        enable(g);
        enableIrq(g, 40, 0x80);
        enableIrq(g, 41, 0x70);
        c(g, GICC_BPR, 7); // no group priority bits: nothing preempts
        assertEquals(7, c(g, GICC_BPR));
        g.spi(8).set(true);
        assertEquals(40, c(g, GICC_IAR));
        assertEquals(0, c(g, GICC_RPR));
        g.spi(9).set(true);
        assertFalse(irq[0]);
        c(g, GICC_ABPR, 0);
        assertEquals(1, c(g, GICC_ABPR), "ABPR minimum is 1");
    }

    @Test
    void sgisCarryTheSourceCpu() {
        Gicv2 g = gic(2);
        cpu = 0;
        enable(g);
        cpu = 1;
        enable(g);
        g.distributor().write(GICD_IPRIORITYR + 3, 1, 0x20); // banked per CPU
        assertEquals(0x20, g.distributor().read(GICD_IPRIORITYR + 3, 1));
        cpu = 0;
        assertEquals(0, g.distributor().read(GICD_IPRIORITYR + 3, 1));
        d(g, GICD_SGIR, (0b10L << 16) | 3); // CPU 0 sends SGI 3 to CPU 1
        assertTrue(irq[1]);
        assertFalse(irq[0]);
        cpu = 1;
        assertEquals(3 | (0 << 10), c(g, GICC_HPPIR));
        assertEquals(1, d(g, GICD_CPENDSGIR) >>> 24, "pending from CPU 0");
        assertEquals(3, c(g, GICC_IAR));
        c(g, GICC_EOIR, 3);
        d(g, GICD_SGIR, (1L << 24) | 5); // CPU 1 to all others
        assertTrue(irq[0]);
        cpu = 0;
        assertEquals(5 | (1 << 10), c(g, GICC_IAR));
        c(g, GICC_EOIR, 5 | (1 << 10));
        d(g, GICD_SGIR, (2L << 24) | 7); // to self
        assertEquals(7, c(g, GICC_IAR));
        c(g, GICC_EOIR, 7);
        g.distributor().write(GICD_SPENDSGIR + 9, 1, 0x3); // pending from both CPUs
        assertEquals(9, c(g, GICC_IAR));
        c(g, GICC_EOIR, 9);
        assertEquals(9 | (1 << 10), c(g, GICC_IAR));
        c(g, GICC_EOIR, 9);
        assertEquals(SPURIOUS, c(g, GICC_IAR));
    }

    @Test
    void ppisAreBankedPerCpu() {
        Gicv2 g = gic(2);
        for (int k = 0; k < 2; k++) {
            cpu = k;
            enable(g);
        }
        cpu = 1;
        enableIrq(g, 30, 0x10); // non-secure physical timer on CPU 1 only
        assertEquals(1L << 30, d(g, GICD_ISENABLER) & (1L << 30));
        cpu = 0;
        assertEquals(0, d(g, GICD_ISENABLER) & (1L << 30));
        g.ppi(0, 30).set(true);
        assertFalse(irq[0]);
        g.ppi(1, 30).set(true);
        assertTrue(irq[1]);
        cpu = 1;
        assertEquals(30, c(g, GICC_IAR));
        assertThrows(IllegalArgumentException.class, () -> g.ppi(0, 15));
    }

    @Test
    void spiTargetsRouteToCpus() {
        Gicv2 g = gic(2);
        for (int k = 0; k < 2; k++) {
            cpu = k;
            enable(g);
        }
        cpu = 0;
        enableIrq(g, 34, 0x10);
        g.spi(2).set(true);
        assertFalse(irq[0] || irq[1], "no target yet");
        g.distributor().write(GICD_ITARGETSR + 34, 1, 0xfe); // only CPU 1 exists among the upper bits
        assertEquals(2, g.distributor().read(GICD_ITARGETSR + 34, 1));
        assertTrue(irq[1]);
        assertFalse(irq[0]);
        g.distributor().write(GICD_ITARGETSR + 34, 1, 3);
        assertTrue(irq[0] && irq[1]);
        cpu = 1;
        assertEquals(34, c(g, GICC_IAR), "1-N: first CPU takes it");
        assertFalse(irq[0], "active for everyone now");
        cpu = 0;
        assertEquals(SPURIOUS, c(g, GICC_IAR));
    }

    @Test
    void groupsFiqAndAckCtl() {
        Gicv2 g = gic(1);
        enable(g);
        enableIrq(g, 50, 0x10);
        enableIrq(g, 51, 0x20);
        d(g, GICD_IGROUPR + 4, 1L << (51 - 32)); // 51 is Group 1
        c(g, GICC_CTLR, GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_ENABLE_GRP1 | GICC_CTLR_FIQ_EN);
        g.spi(18).set(true); // id 50, Group 0
        assertTrue(fiq[0]);
        assertFalse(irq[0]);
        assertEquals(50, c(g, GICC_IAR));
        assertFalse(fiq[0]);
        c(g, GICC_EOIR, 50);
        g.spi(18).set(false);

        g.spi(19).set(true); // id 51, Group 1: IRQ
        assertTrue(irq[0]);
        assertFalse(fiq[0]);
        assertEquals(GROUP1_PENDING, c(g, GICC_HPPIR));
        assertEquals(GROUP1_PENDING, c(g, GICC_IAR), "AckCtl clear");
        assertEquals(51, c(g, GICC_AHPPIR));
        assertEquals(51, c(g, GICC_AIAR));
        assertEquals(1 << 0x10, c(g, GICC_NSAPR0), "Group 1 priority 0x20 is preemption level 0x10");
        c(g, GICC_AEOIR, 51);
        assertEquals(0, c(g, GICC_NSAPR0));
        g.spi(19).set(false);
        c(g, GICC_CTLR, GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_ENABLE_GRP1 | GICC_CTLR_ACK_CTL);
        g.spi(19).set(true);
        assertEquals(51, c(g, GICC_IAR));
        c(g, GICC_EOIR, 51);
        d(g, GICD_CTLR, GICD_CTLR_ENABLE_GRP0); // Group 1 disabled in the distributor
        assertFalse(irq[0]);
    }

    @Test
    void splitPriorityDropAndDeactivate() {
        Gicv2 g = gic(1);
        enable(g);
        c(g, GICC_CTLR, GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_EOIMODE);
        enableIrq(g, 60, 0x30);
        enableIrq(g, 61, 0x40);
        g.spi(28).set(true);
        assertEquals(60, c(g, GICC_IAR));
        c(g, GICC_EOIR, 60);
        assertEquals(0xff, c(g, GICC_RPR), "priority dropped");
        assertEquals(1L << 28, d(g, GICD_ISACTIVER + 4) & (1L << 28), "but still active");
        g.spi(29).set(true);
        assertEquals(61, c(g, GICC_IAR), "lower priority interrupts are taken after the drop");
        c(g, GICC_EOIR, 61);
        c(g, GICC_DIR, 61);
        c(g, GICC_DIR, 60);
        assertEquals(0, d(g, GICD_ISACTIVER + 4) & (3L << 28));
        assertTrue(irq[0], "both lines still high");
    }

    @Test
    void softwarePendingAndActiveRegisters() {
        Gicv2 g = gic(1);
        enable(g);
        enableIrq(g, 70, 0x50);
        d(g, GICD_ISPENDR + 8, 1L << 6);
        assertTrue(irq[0]);
        d(g, GICD_ICPENDR + 8, 1L << 6);
        assertFalse(irq[0]);
        d(g, GICD_ISACTIVER + 8, 1L << 6);
        assertEquals(1L << 6, d(g, GICD_ICACTIVER + 8));
        d(g, GICD_ISPENDR + 8, 1L << 6);
        assertFalse(irq[0], "active and pending");
        d(g, GICD_ICACTIVER + 8, 1L << 6);
        assertTrue(irq[0]);
        d(g, GICD_ISPENDR, 0xffff); // SGI bits are ignored here
        assertEquals(0, d(g, GICD_ISPENDR) & 0xffff);
        d(g, GICD_ICENABLER, 0xffff);
        assertEquals(0xffff, d(g, GICD_ISENABLER) & 0xffff);
    }

    @Test
    void badAccessesAreHarmless() {
        Gicv2 g = gic(1);
        assertEquals(0, d(g, 0x10));
        assertEquals(0, d(g, GICD_ISENABLER + 0x7c), "beyond the implemented interrupts");
        d(g, 0x10, 1);
        assertEquals(0, c(g, 0x30));
        c(g, 0x30, 1);
        assertEquals(0, c(g, GICC_EOIR));
        assertEquals(0, g.distributor().read(GICD_SGIR, 4));
        g.distributor().write(GICD_SGIR, 1, 1); // byte writes to GICD_SGIR do nothing
        assertEquals(0, d(g, GICD_ISPENDR) & 0xffff);
    }

    @Test
    void stateRoundTripAndValidation() throws VmStateException {
        Gicv2 g = gic(2);
        cpu = 1;
        enable(g);
        cpu = 0;
        enable(g);
        enableIrq(g, 33, 0x60);
        g.distributor().write(GICD_ITARGETSR + 33, 1, 1);
        g.spi(1).set(true);
        assertEquals(33, c(g, GICC_IAR));
        d(g, GICD_SGIR, (0b10L << 16) | 2);
        byte[] saved = g.vmState().toBytes();

        boolean[] irq1 = new boolean[2];
        Gicv2 h = Gicv2.forVirt("gic", 2, () -> cpu);
        h.connectCpu(1, l -> irq1[1] = l, IrqLine.NONE);
        h.vmState().fromBytes(saved);
        assertArrayEquals(saved, h.vmState().toBytes());
        cpu = 0;
        assertEquals(0x60, c(h, GICC_RPR), "running priority rebuilt from the APRs");
        assertTrue(irq1[1], "outputs re-driven: SGI 2 pending for CPU 1");
        c(h, GICC_EOIR, 33);
        assertEquals(0xff, c(h, GICC_RPR));

        byte[] corrupt = saved.clone();
        // Fields: ctlr(4), cpuCtlr[2](4+8), pmr[2](4+8), bpr[2]: CPU 1's BPR is the last int of bpr.
        int bpr1 = 4 + 12 + 12 + 4 + 4;
        corrupt[bpr1 + 3] = 9;
        VmStateException e = assertThrows(VmStateException.class, () -> h.vmState().fromBytes(corrupt));
        assertEquals("device state 'gicv2': GICC_BPR of CPU 1 is 9, not 0..7", e.getMessage());
    }
}
