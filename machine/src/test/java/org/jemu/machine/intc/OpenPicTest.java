package org.jemu.machine.intc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.machine.device.VmState;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.IrqLine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MPIC's output lines and global timers, which a register-level comparison with QEMU's qtest cannot see
 * (Debian's qemu-system-ppc has no qtest accelerator to step virtual time, and qtest does not show the CPU's INT
 * pin). Behaviour from the MPC8544E reference manual chapter 10 (priority, CTPR, IACK/EOI, the in-service
 * nesting, timers counting down and reloading with TCCR[TOG] toggling) at QEMU's 25 MHz timer clock.
 */
class OpenPicTest {
    static final int CPU0 = OpenPic.CPU_START;
    static final int IACK = CPU0 + OpenPic.IACK;
    static final int EOI = CPU0 + OpenPic.EOI;
    static final int CTPR = CPU0 + OpenPic.CTPR;

    private VirtualClock clock;
    private OpenPic pic;
    private boolean intLine;
    private boolean cintLine;
    private int intEdges;

    @BeforeEach
    void setUp() {
        clock = new VirtualClock(0, false); // 1 ns per instruction
        IrqLine[][] outs = new IrqLine[1][OpenPic.OUTPUT_NB];
        outs[0][OpenPic.OUTPUT_INT] = level -> {
            if (level && !intLine) {
                intEdges++;
            }
            intLine = level;
        };
        outs[0][OpenPic.OUTPUT_CINT] = level -> cintLine = level;
        pic = new OpenPic("mpic", OpenPic.Model.FSL_MPIC_42, 1, outs, () -> 0, clock);
    }

    private void src(int n, int ivpr) {
        pic.writeRegister(OpenPic.SRC_START + n * 0x20, ivpr);
    }

    private void advance(long ns) {
        clock.retire(ns);
        clock.runExpired();
    }

    @Test
    void resetState() {
        assertEquals(0x00C3_0002, pic.readRegister(OpenPic.FRR), "196 sources, 1 CPU, version 1.2");
        assertEquals(0x0040_0402, pic.readRegister(OpenPic.BRR1));
        assertEquals(15, pic.readRegister(CTPR));
        assertEquals(0xFFFF, pic.readRegister(OpenPic.SPVE));
        assertEquals(0x8000_0000, pic.readRegister(OpenPic.SRC_START + 3 * 0x20), "masked, priority 0");
        assertEquals(0x8080_0000, pic.readRegister(OpenPic.SRC_START + 42 * 0x20), "internal: polarity set");
        assertEquals(1, pic.readRegister(OpenPic.SRC_START + 42 * 0x20 + 0x10), "routed to CPU 0");
        assertEquals(0, pic.readRegister(OpenPic.IPI_IVPR0 + 0x10) & 0x7FFF_FFFF);
    }

    @Test
    void levelSourceRaisesIntUntilAcknowledgedAndEoi() {
        pic.writeRegister(CTPR, 0);
        src(42, 0x0005_002A); // priority 5, vector 42
        IrqLine uart = pic.input(42);
        uart.set(true);
        assertTrue(intLine);
        assertEquals(42, pic.readRegister(IACK));
        assertFalse(intLine, "IACK lowers INT");
        assertFalse(intLine, "still asserted but in service: no new INT until EOI");
        pic.writeRegister(EOI, 0);
        assertTrue(intLine, "level still high after EOI: INT again");
        uart.set(false);
        assertFalse(intLine);
        assertEquals(0xFFFF, pic.readRegister(IACK));
    }

    @Test
    void higherPriorityNestsLowerWaitsForEoi() {
        pic.writeRegister(CTPR, 0);
        src(1, 0x0003_0001); // external IRQ1, edge, priority 3
        src(2, 0x0009_0002); // priority 9
        pic.input(1).pulse();
        assertEquals(1, pic.readRegister(IACK));
        assertFalse(intLine);
        pic.input(2).pulse();
        assertTrue(intLine, "priority 9 above the in-service 3");
        assertEquals(2, pic.readRegister(IACK));
        pic.input(1).pulse();
        assertFalse(intLine, "priority 3 below the in-service 9");
        pic.writeRegister(EOI, 0); // ends 2
        assertFalse(intLine, "priority 3 is not above the still in-service 3");
        pic.writeRegister(EOI, 0); // ends the first 1
        assertTrue(intLine);
        assertEquals(1, pic.readRegister(IACK));
        pic.writeRegister(EOI, 0);
        assertFalse(intLine);
    }

    @Test
    void ctprHidesAndShows() {
        src(3, 0x0004_0033);
        pic.input(3).pulse();
        assertFalse(intLine, "CTPR 15 after reset masks everything");
        pic.writeRegister(CTPR, 4);
        assertFalse(intLine, "priority must be above CTPR");
        pic.writeRegister(CTPR, 3);
        assertTrue(intLine);
        assertEquals(0x33, pic.readRegister(IACK));
    }

    @Test
    void ipiToCpu0() {
        pic.writeRegister(CTPR, 0);
        pic.writeRegister(OpenPic.IPI_IVPR0 + 0x20, 0x000A_00E2); // IPI 2: priority 10, vector 0xE2
        pic.writeRegister(CPU0 + OpenPic.IPIDR0 + 0x20, 1);
        assertTrue(intLine);
        assertEquals(0xE2, pic.readRegister(IACK));
        pic.writeRegister(EOI, 0);
        assertFalse(intLine);
    }

    @Test
    void criticalRoutingThroughIlrBypassesIack() {
        src(42, 0x0001_002A);
        pic.writeRegister(OpenPic.SRC_START + 42 * 0x20 + OpenPic.SRC_ILR, 1);
        pic.input(42).set(true);
        assertTrue(cintLine);
        assertFalse(intLine);
        pic.input(42).set(false);
        assertFalse(cintLine);
    }

    @Test
    void globalTimerCountsDownAt25MHzAndReloads() {
        pic.writeRegister(CTPR, 0);
        int tmr0 = OpenPic.TMR_START + 0x10;
        pic.writeRegister(tmr0 + 0x20, 0x0006_0077); // TVPR: priority 6, vector 0x77
        pic.writeRegister(tmr0 + 0x30, 1); // TDR: CPU 0
        pic.writeRegister(tmr0 + 0x10, 1000); // TBCR: 1000 ticks = 40 us, counting
        assertEquals(1000, pic.readRegister(tmr0));
        advance(20_000);
        assertEquals(500, pic.readRegister(tmr0), "40 ns per tick");
        assertFalse(intLine);
        advance(19_999);
        assertEquals(1, pic.readRegister(tmr0) & 0x7FFF_FFFF);
        assertFalse(intLine, "not one nanosecond early");
        advance(1);
        assertTrue(intLine);
        assertEquals(0x8000_0000 | 1000, pic.readRegister(tmr0), "reloaded from TBCR, TOG flipped");
        assertEquals(0x77, pic.readRegister(IACK));
        pic.writeRegister(EOI, 0);
        advance(40_000);
        assertTrue(intLine);
        assertEquals(1000, pic.readRegister(tmr0), "TOG flipped back");
        assertEquals(0x77, pic.readRegister(IACK));
        pic.writeRegister(EOI, 0);
        pic.writeRegister(tmr0 + 0x10, 0x8000_0000 | 1000); // CI: inhibit
        advance(1_000_000);
        assertFalse(intLine);
        assertEquals(2, intEdges);
    }

    @Test
    void gcrResetSelfClears() {
        src(3, 0x0004_0033);
        pic.writeRegister(OpenPic.GCR, 0x8000_0000);
        assertEquals(0, pic.readRegister(OpenPic.GCR));
        assertEquals(0x8000_0000, pic.readRegister(OpenPic.SRC_START + 3 * 0x20));
    }

    @Test
    void gcrModeReportsExternalProxy() {
        java.util.List<Boolean> seen = new java.util.ArrayList<>();
        pic.setProxyListener(seen::add);
        pic.writeRegister(OpenPic.GCR, OpenPic.GCR_MODE_PROXY);
        assertEquals(OpenPic.GCR_MODE_PROXY, pic.readRegister(OpenPic.GCR));
        pic.writeRegister(OpenPic.GCR, OpenPic.GCR_MODE_MIXED);
        pic.writeRegister(OpenPic.GCR, OpenPic.GCR_RESET); // reset: not reported
        assertEquals(java.util.List.of(true, false), seen);
        // in proxy mode the CPU reads IACK itself: the vector of the delivered source
        pic.writeRegister(CTPR, 0);
        src(42, 0x0005_002A);
        pic.input(42).set(true);
        assertEquals(42, pic.readRegister(OpenPic.IACK) & 0xFFFF, "global-block IACK of the current CPU");
    }

    /**
     * The registers are 32 bits wide (MPC8544E RM chapter 10): a byte or half-word write is ignored (it used to
     * replace the whole register with the narrow value, so a byte store of 0x80 to IVPR's top byte unmasked the
     * source and cleared its vector); narrow reads return the addressed bytes (big-endian).
     */
    @Test
    void narrowWritesLeaveTheRegisterAlone() {
        int ivpr5 = OpenPic.SRC_START + 5 * 0x20;
        src(5, 0x8007_0055);
        pic.write(ivpr5, 1, 0x80);
        pic.write(ivpr5 + 2, 2, 0x1234);
        pic.write(ivpr5 + 3, 1, 0x66);
        pic.write(CTPR + 3, 1, 4);
        assertEquals(0x8007_0055, pic.readRegister(ivpr5));
        assertEquals(15, pic.readRegister(CTPR));
        assertEquals(0x80, pic.read(ivpr5, 1));
        assertEquals(0x0055, pic.read(ivpr5 + 2, 2));
        pic.write(CTPR, 4, 4);
        assertEquals(4, pic.readRegister(CTPR), "a word write still works");
    }

    /** ILR (MPIC 4.2 critical routing) survives a snapshot (VmState version 2) and resets to 0 (INT). */
    @Test
    void ilrIsInTheSnapshotAndResets() throws Exception {
        int ilr42 = OpenPic.SRC_START + 42 * 0x20 + OpenPic.SRC_ILR;
        pic.writeRegister(ilr42, 1);
        OpenPic other = new OpenPic("mpic", OpenPic.Model.FSL_MPIC_42, 1, new IrqLine[1][OpenPic.OUTPUT_NB], () -> 0, clock);
        other.vmState().fromBytes(pic.vmState().toBytes());
        assertEquals(1, other.readRegister(ilr42), "ILR = CINT restored");
        assertEquals(0, other.readRegister(ilr42 + 0x20), "source 43 untouched");
        assertEquals(2, other.vmState().version());
        assertEquals(1, other.vmState().minimumVersion(), "version 1 streams still load");
        other.reset();
        assertEquals(0, other.readRegister(ilr42), "reset: ILR = 0");
    }

    @Test
    void vmStateRoundTrip() throws Exception {
        pic.writeRegister(CTPR, 2);
        src(5, 0x0007_0055);
        pic.input(5).pulse();
        int tmr0 = OpenPic.TMR_START + 0x10;
        pic.writeRegister(tmr0 + 0x20, 0x0006_0077);
        pic.writeRegister(tmr0 + 0x10, 1000);
        advance(10_000);
        byte[] saved = pic.vmState().toBytes();
        OpenPic other = new OpenPic("mpic", OpenPic.Model.FSL_MPIC_42, 1, new IrqLine[1][OpenPic.OUTPUT_NB], () -> 0, clock);
        other.vmState().fromBytes(saved);
        assertEquals(2, other.readRegister(CTPR));
        assertEquals(pic.readRegister(tmr0), other.readRegister(tmr0));
        assertEquals(0x55, other.readRegister(IACK));
        VmState v = other.vmState();
        assertEquals("openpic", v.name());
    }
}
