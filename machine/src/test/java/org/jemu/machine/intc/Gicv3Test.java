package org.jemu.machine.intc;

import static org.jemu.machine.intc.Gicv3.GICD_CTLR;
import static org.jemu.machine.intc.Gicv3.GICD_IROUTER;
import static org.jemu.machine.intc.Gicv3.GICD_ISENABLER;
import static org.jemu.machine.intc.Gicv3.GICD_IGROUPR;
import static org.jemu.machine.intc.Gicv3.GICD_IPRIORITYR;
import static org.jemu.machine.intc.Gicv3.GICR_ICFGR1;
import static org.jemu.machine.intc.Gicv3.GICR_IGROUPR0;
import static org.jemu.machine.intc.Gicv3.GICR_IPRIORITYR;
import static org.jemu.machine.intc.Gicv3.GICR_ISACTIVER0;
import static org.jemu.machine.intc.Gicv3.GICR_ISENABLER0;
import static org.jemu.machine.intc.Gicv3.GICR_ISPENDR0;
import static org.jemu.machine.intc.Gicv3.REDIST_STRIDE;
import static org.jemu.machine.intc.Gicv3.SGI_BASE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.arm.cpu.A64CpuModel;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.machine.device.VmStateException;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.Test;

/**
 * CPU interface behaviour of {@link Gicv3} (Arm IHI 0069): acknowledge, priority masking, running priority,
 * preemption by group priority, end of interrupt with and without EOImode, Group 0 as FIQ, SGIs by affinity
 * and SPI routing. Expected values follow the specification's rules (sections cited per test); the register
 * layout and reset values are checked against QEMU in {@code Gicv3VsQemuTest}.
 */
class Gicv3Test {
    private static final int TIMER_PPI = 30;

    private final boolean[] irq = new boolean[2];
    private final boolean[] fiq = new boolean[2];

    private Gicv3 gic(int cpus) {
        long[] aff = new long[cpus];
        for (int i = 0; i < cpus; i++) {
            aff[i] = i;
        }
        Gicv3 g = new Gicv3("gicv3", aff);
        for (int i = 0; i < cpus; i++) {
            int c = i;
            g.connectCpu(c, l -> irq[c] = l, l -> fiq[c] = l);
        }
        return g;
    }

    private static void d(Gicv3 g, int off, long v) {
        g.distributor().write(off, 4, v);
    }

    private static long sgiFrame(Gicv3 g, int cpu, int off) {
        return g.redistributors().read((long) cpu * REDIST_STRIDE + SGI_BASE + off, 4);
    }

    private static void sgiFrame(Gicv3 g, int cpu, int off, long v) {
        g.redistributors().write((long) cpu * REDIST_STRIDE + SGI_BASE + off, 4, v);
    }

    /** Linux's order: distributor groups on, all banked IDs Group 1, interface enabled, PMR open. */
    private static void enable(Gicv3 g, int cpu) {
        d(g, GICD_CTLR, 3);
        g.redistributors().write((long) cpu * REDIST_STRIDE + Gicv3.GICR_WAKER, 4, 0);
        sgiFrame(g, cpu, GICR_IGROUPR0, 0xffff_ffffL);
        g.setPmr(cpu, 0xf0);
        g.setIgrpen(cpu, 1, 1);
    }

    private static void enableBanked(Gicv3 g, int cpu, int id, int prio) {
        g.redistributors().write((long) cpu * REDIST_STRIDE + SGI_BASE + GICR_IPRIORITYR + id, 1, prio);
        sgiFrame(g, cpu, GICR_ISENABLER0, 1L << id);
    }

    /** SGI1R value: INTID, Aff1, target list (Aff0 bits), IRM. */
    private static long sgi1r(int intId, int targetList, boolean irm) {
        return ((long) intId << 24) | targetList | (irm ? 1L << 40 : 0);
    }

    @Test
    void timerPpiAndSgiAcknowledgePreemptionAndEoi() {
        Gicv3 g = gic(1);
        enable(g, 0);
        enableBanked(g, 0, TIMER_PPI, 0xa0);
        enableBanked(g, 0, 1, 0x80);
        assertEquals(0xff, g.rpr(0), "idle running priority reads 0xFF (12.2.18)");
        assertEquals(1023, g.hppir(0, 1));

        g.ppi(0, TIMER_PPI).set(true);
        assertTrue(irq[0], "enabled Group 1 PPI below PMR is signalled as IRQ");
        assertFalse(fiq[0]);
        assertEquals(TIMER_PPI, g.hppir(0, 1));
        assertEquals(1023, g.hppir(0, 0), "HPPIR0 reports only Group 0 interrupts");
        assertEquals(1023, g.acknowledge(0, 0), "IAR0 does not acknowledge a Group 1 interrupt");

        g.sendSgi(0, 1, sgi1r(1, 1, false)); // SGI 1 to self (Aff0 = 0)
        assertEquals(1, g.hppir(0, 1), "SGI 1 (priority 0x80) beats the timer (0xA0)");
        assertEquals(1, g.acknowledge(0, 1), "GICv3 IAR has no source CPU field");
        assertEquals(0x80, g.rpr(0));
        assertEquals(1L << (0x80 >> 3), g.apr(0, 1), "AP1R0 bit = priority >> 3 (5 priority bits)");
        assertFalse(irq[0], "the timer's group priority 0xA0 does not preempt 0x80");
        assertEquals(1023, g.acknowledge(0, 1), "nothing can preempt: spurious");
        assertEquals(1 << 1, sgiFrame(g, 0, GICR_ISACTIVER0) & 0xffff);

        g.endOfInterrupt(0, 1, 1);
        assertEquals(0xff, g.rpr(0));
        assertEquals(0, sgiFrame(g, 0, GICR_ISACTIVER0) & 0xffff, "EOImode 0: EOIR deactivates");
        assertTrue(irq[0], "after priority drop the timer is signalled again");

        assertEquals(TIMER_PPI, g.acknowledge(0, 1));
        assertEquals(0xa0, g.rpr(0));
        assertTrue((sgiFrame(g, 0, GICR_ISPENDR0) & (1L << TIMER_PPI)) != 0,
                "level-sensitive: still pending while the line is high, and active");
        assertFalse(irq[0]);
        g.ppi(0, TIMER_PPI).set(false);
        g.endOfInterrupt(0, 1, TIMER_PPI);
        assertEquals(0, sgiFrame(g, 0, GICR_ISACTIVER0));
        assertEquals(0, sgiFrame(g, 0, GICR_ISPENDR0));
        assertFalse(irq[0]);
        assertEquals(1023, g.acknowledge(0, 1));
    }

    @Test
    void priorityMaskAndBinaryPoint() {
        Gicv3 g = gic(1);
        enable(g, 0);
        g.setPmr(0, 0xff);
        assertEquals(0xf8, g.pmr(0), "PMR keeps the 5 implemented bits (12.2.17)");
        enableBanked(g, 0, TIMER_PPI, 0xa0);
        g.setPmr(0, 0xa0);
        g.ppi(0, TIMER_PPI).set(true);
        assertFalse(irq[0], "priority equal to PMR is masked (4.8.3)");
        assertEquals(TIMER_PPI, g.hppir(0, 1), "HPPIR ignores the mask");
        assertEquals(1023, g.acknowledge(0, 1));
        g.setPmr(0, 0xa8);
        assertTrue(irq[0]);

        g.setBpr(0, 0, 0);
        g.setBpr(0, 1, 0);
        assertEquals(2, g.bpr(0, 0), "BPR0 minimum is 7 - 5 = 2");
        assertEquals(3, g.bpr(0, 1), "BPR1 minimum is BPR0's + 1");
        g.setBpr(0, 1, 7);
        assertEquals(7, g.bpr(0, 1));
        g.setIccCtlr(0, Gicv3.ICC_CTLR_CBPR);
        assertEquals(3, g.bpr(0, 1), "with CBPR, BPR1 reads BPR0 + 1");
        assertEquals(Gicv3.ICC_CTLR_CBPR, g.iccCtlr(0) & 3);
        assertEquals(4, (g.iccCtlr(0) >> 8) & 7, "ICC_CTLR_EL1.PRIbits = 5 - 1");

        // Group priority: with BPR1 = 7 (CBPR off) only priority bit 7 is the group priority (BPR1 n: field
        // [7:n], 4.8.5), so under an active 0x60 (group priority 0) a pending 0x10 cannot preempt.
        g.setIccCtlr(0, 0);
        g.setPmr(0, 0xf8);
        enableBanked(g, 0, TIMER_PPI, 0x60);
        enableBanked(g, 0, 2, 0x10);
        assertEquals(TIMER_PPI, g.acknowledge(0, 1));
        assertEquals(0, g.rpr(0), "running priority is the group priority");
        g.sendSgi(0, 1, sgi1r(2, 1, false));
        assertFalse(irq[0], "priority 0x10 does not preempt group priority 0");
        g.setBpr(0, 1, 3);
        g.endOfInterrupt(0, 1, TIMER_PPI);
        assertEquals(2, g.acknowledge(0, 1));
    }

    @Test
    void eoiModeSplitsPriorityDropAndDeactivation() {
        Gicv3 g = gic(1);
        enable(g, 0);
        g.setIccCtlr(0, Gicv3.ICC_CTLR_EOIMODE);
        enableBanked(g, 0, 5, 0x40);
        g.sendSgi(0, 1, sgi1r(5, 1, false));
        assertEquals(5, g.acknowledge(0, 1));
        g.endOfInterrupt(0, 1, 5);
        assertEquals(0xff, g.rpr(0), "EOIR drops the priority");
        assertEquals(1 << 5, sgiFrame(g, 0, GICR_ISACTIVER0), "but the SGI stays active");
        g.sendSgi(0, 1, sgi1r(5, 1, false));
        assertFalse(irq[0], "an active and pending interrupt is not signalled");
        g.deactivate(0, 5);
        assertEquals(0, sgiFrame(g, 0, GICR_ISACTIVER0));
        assertTrue(irq[0]);
    }

    @Test
    void groupZeroIsFiqAndNeedsItsEnable() {
        Gicv3 g = gic(1);
        enable(g, 0);
        sgiFrame(g, 0, GICR_IGROUPR0, ~(1L << TIMER_PPI) & 0xffff_ffffL);
        enableBanked(g, 0, TIMER_PPI, 0x20);
        g.ppi(0, TIMER_PPI).set(true);
        assertFalse(fiq[0], "ICC_IGRPEN0_EL1 is 0");
        assertEquals(1023, g.hppir(0, 0));
        g.setIgrpen(0, 0, 1);
        assertTrue(fiq[0], "Group 0 is signalled as FIQ (4.6)");
        assertFalse(irq[0]);
        assertEquals(TIMER_PPI, g.hppir(0, 0));
        assertEquals(1023, g.acknowledge(0, 1), "IAR1 does not acknowledge Group 0");
        assertEquals(TIMER_PPI, g.acknowledge(0, 0));
        assertEquals(1L << (0x20 >> 3), g.apr(0, 0));
        g.endOfInterrupt(0, 1, TIMER_PPI);
        assertEquals(0x20, g.rpr(0), "EOIR1 does not drop a Group 0 priority");
        g.endOfInterrupt(0, 0, TIMER_PPI);
        assertEquals(0xff, g.rpr(0));
        d(g, GICD_CTLR, 2);
        assertFalse(fiq[0], "GICD_CTLR.EnableGrp0 off");
    }

    @Test
    void edgeTriggeredPpiLatches() {
        Gicv3 g = gic(1);
        enable(g, 0);
        sgiFrame(g, 0, GICR_ICFGR1, 2L << (2 * (TIMER_PPI - 16)));
        enableBanked(g, 0, TIMER_PPI, 0x40);
        g.ppi(0, TIMER_PPI).set(true);
        g.ppi(0, TIMER_PPI).set(false);
        assertTrue(irq[0], "a rising edge latches pending");
        assertEquals(TIMER_PPI, g.acknowledge(0, 1));
        assertEquals(0, sgiFrame(g, 0, GICR_ISPENDR0), "acknowledge clears the latch");
    }

    @Test
    void sgisByAffinityAndSpiRouting() {
        Gicv3 g = gic(2);
        enable(g, 0);
        enable(g, 1);
        enableBanked(g, 1, 3, 0x50);
        enableBanked(g, 0, 3, 0x50);
        g.sendSgi(0, 1, sgi1r(3, 1 << 1, false));
        assertTrue(irq[1], "target list bit 1 = CPU with Aff0 1");
        assertFalse(irq[0]);
        assertEquals(3, g.acknowledge(1, 1));
        g.endOfInterrupt(1, 1, 3);
        g.sendSgi(0, 1, sgi1r(3, 0, true));
        assertTrue(irq[1], "IRM: every CPU but the sender");
        assertFalse(irq[0]);
        g.sendSgi(1, 0, sgi1r(3, 1, false));
        assertFalse(irq[0], "SGI0R does not set a Group 1 SGI pending");
        g.sendSgi(1, 1, sgi1r(3, 1, false) | (1L << 16));
        assertFalse(irq[0], "Aff1 = 1 matches no CPU");

        // SPI 1 (ID 33): Group 1, enabled, routed to CPU 1 by GICD_IROUTER33.
        d(g, GICD_IGROUPR + 4, 0xffff_ffffL);
        d(g, GICD_ISENABLER + 4, 1 << 1);
        g.distributor().write(GICD_IPRIORITYR + 33, 1, 0x30);
        g.distributor().write(GICD_IROUTER + 8 * 33, 8, 1);
        g.spi(1).set(true);
        assertEquals(33, g.hppir(1, 1), "SPI routed to Aff0 = 1");
        assertEquals(1023, g.hppir(0, 1));
        g.distributor().write(GICD_IROUTER + 8 * 33, 8, 0);
        assertEquals(33, g.hppir(0, 1), "re-routed to CPU 0");
        assertEquals(33, g.acknowledge(0, 1));
    }

    /**
     * ICC_ASGI1R_EL1 with a single Security state (GICD_CTLR.DS = 1) reaches only targets whose SGI is Group 0
     * (IHI 0069 ICC_ASGI1R_EL1 and SGI forwarding; QEMU gicv3_redist_send_sgi), unlike ICC_SGI1R_EL1.
     */
    @Test
    void asgi1rGeneratesGroup0SgisOnly() {
        Gicv3 g = gic(2);
        enable(g, 1);
        g.setIgrpen(1, 0, 1);
        enableBanked(g, 1, 5, 0x40);
        enableBanked(g, 1, 6, 0x40);
        sgiFrame(g, 1, GICR_IGROUPR0, ~(1L << 6) & 0xffff_ffffL); // SGI 5 Group 1, SGI 6 Group 0
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        Aarch64Cpu cpu0 = new Aarch64Cpu(A64CpuModel.CORTEX_A57, 0, mem, new VirtualClock(0, false));
        Gicv3CpuInterface icc = new Gicv3CpuInterface(g);

        icc.write(cpu0, Gicv3CpuInterface.ICC_ASGI1R_EL1, sgi1r(5, 1 << 1, false));
        assertEquals(1023, g.hppir(1, 1), "ASGI1R does not pend a Group 1 SGI");
        assertFalse(irq[1] || fiq[1]);
        icc.write(cpu0, Gicv3CpuInterface.ICC_ASGI1R_EL1, sgi1r(6, 1 << 1, false));
        assertEquals(6, g.hppir(1, 0), "ASGI1R pends the Group 0 SGI");
        assertEquals(6, g.acknowledge(1, 0));
        g.endOfInterrupt(1, 0, 6);

        icc.write(cpu0, Gicv3CpuInterface.ICC_SGI1R_EL1, sgi1r(6, 1 << 1, false));
        assertEquals(1023, g.hppir(1, 0), "SGI1R does not pend a Group 0 SGI");
        icc.write(cpu0, Gicv3CpuInterface.ICC_SGI1R_EL1, sgi1r(5, 1 << 1, false));
        assertEquals(5, g.hppir(1, 1), "SGI1R pends the Group 1 SGI");
    }

    @Test
    void stateRoundTripAndValidation() throws VmStateException {
        Gicv3 g = gic(2);
        enable(g, 0);
        enableBanked(g, 0, 4, 0x60);
        g.sendSgi(1, 1, sgi1r(4, 1, false));
        assertEquals(4, g.acknowledge(0, 1));
        enableBanked(g, 0, 6, 0x20);
        g.sendSgi(1, 1, sgi1r(6, 1, false));
        assertTrue(irq[0]);
        byte[] saved = g.vmState().toBytes();

        boolean[] irq0 = new boolean[1];
        Gicv3 h = new Gicv3("gicv3", new long[] {0, 1});
        h.connectCpu(0, l -> irq0[0] = l, null);
        h.vmState().fromBytes(saved);
        assertArrayEquals(saved, h.vmState().toBytes());
        assertEquals(0x60, h.rpr(0), "running priority rebuilt from the APRs");
        assertTrue(irq0[0], "outputs re-driven: SGI 6 preempts");

        byte[] corrupt = saved.clone();
        corrupt[0] = 0x57; // GICD_CTLR with a reserved bit
        VmStateException e = assertThrows(VmStateException.class, () -> h.vmState().fromBytes(corrupt));
        assertTrue(e.getMessage().contains("GICD_CTLR"), e.getMessage());
    }

    @Test
    void badConstructionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Gicv3("g", new long[0]));
        Gicv3 g = gic(1);
        assertThrows(IllegalArgumentException.class, () -> g.spi(256));
        assertThrows(IllegalArgumentException.class, () -> g.ppi(0, 15));
        assertThrows(IllegalArgumentException.class, () -> g.ppi(1, 20));
    }

    /**
     * Unaligned word accesses to the priority byte arrays (IHI 0069 12.1.6 permits byte or aligned word
     * accesses only) are guest errors: they must neither index past the last priority byte nor spill from
     * the redistributor's SGI/PPI priorities into SPI 32's.
     */
    @Test
    void unalignedPriorityAccessesAreIgnored() {
        Gicv3 g = gic(2);
        int last = GICD_IPRIORITYR + Gicv3.NUM_IRQ - 1;
        assertEquals(0, g.distributor().read(last, 4));
        g.distributor().write(last, 4, 0xffff_ffffL);
        assertEquals(0, g.distributor().read(last - 3, 4));
        assertEquals(0, g.distributor().read(GICD_IPRIORITYR + 32, 1));
        g.redistributors().write((long) REDIST_STRIDE + SGI_BASE + GICR_IPRIORITYR + 31, 4, 0xa0a0_a0a0L);
        assertEquals(0, g.distributor().read(GICD_IPRIORITYR + 32, 4), "SPI priorities untouched");
        assertEquals(0, g.redistributors().read((long) REDIST_STRIDE + SGI_BASE + GICR_IPRIORITYR + 29, 4));
        // aligned accesses still work
        g.redistributors().write((long) REDIST_STRIDE + SGI_BASE + GICR_IPRIORITYR + 28, 4, 0x8000_0000L);
        assertEquals(0x80, g.redistributors().read((long) REDIST_STRIDE + SGI_BASE + GICR_IPRIORITYR + 31, 1));
    }
}
