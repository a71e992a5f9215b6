package org.jemu.arm.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Generic Timer (Arm ARM D11): counter from the virtual clock, CompareValue/TimerValue views,
 * ISTATUS and the interrupt output at the programmed count. The fixture clock runs 1 ns per instruction;
 * at 62.5 MHz one tick is 16 ns.
 */
class TimerTest {
    private final CpuFixture fx = new CpuFixture();
    private final Aarch64Cpu cpu = fx.cpu;
    private final boolean[] level = new boolean[4];

    TimerTest() {
        for (int i = 0; i < 4; i++) {
            final int k = i;
            cpu.connectTimerOutput(i, v -> level[k] = v);
        }
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private void advance(long ns) {
        fx.clock.retire(ns);
        fx.clock.runExpired();
    }

    @Test
    void counterFollowsTheVirtualClockExactly() {
        assertEquals(0, fx.mrs("CNTPCT_EL0"));
        advance(1599);
        assertEquals(99, fx.mrs("CNTPCT_EL0"));
        advance(1);
        assertEquals(100, fx.mrs("CNTPCT_EL0"));
        assertEquals(100, fx.mrs("CNTVCT_EL0"));
        GenericTimer t = cpu.genericTimer();
        assertEquals(62_500_000L * 7, t.ticksAt(7_000_000_000L));
        assertEquals(62_500_000L * 7 + 1, t.ticksAt(7_000_000_016L));
        assertEquals(16, t.nsForTicks(1));
        assertEquals(Long.MAX_VALUE, t.nsForTicks(-1L));
    }

    @Test
    void physicalTimerFiresAtTheProgrammedCount() {
        fx.msr("CNTP_CVAL_EL0", 1000);
        fx.msr("CNTP_CTL_EL0", 1);
        assertEquals(1, fx.mrs("CNTP_CTL_EL0")); // enabled, ISTATUS 0
        assertFalse(level[Aarch64Cpu.GTIMER_PHYS]);
        assertEquals(16_000, fx.clock.nextDeadline());
        advance(15_999);
        assertFalse(level[Aarch64Cpu.GTIMER_PHYS]);
        advance(1);
        assertTrue(level[Aarch64Cpu.GTIMER_PHYS]);
        assertEquals(5, fx.mrs("CNTP_CTL_EL0")); // ISTATUS
        assertEquals(0, fx.mrs("CNTP_TVAL_EL0"));
        advance(32);
        assertEquals(0xffff_fffeL, fx.mrs("CNTP_TVAL_EL0")); // -2 as a 32-bit value
        // IMASK lowers the output but ISTATUS stays.
        fx.msr("CNTP_CTL_EL0", 3);
        assertFalse(level[Aarch64Cpu.GTIMER_PHYS]);
        assertEquals(7, fx.mrs("CNTP_CTL_EL0"));
        // Disabling clears ISTATUS.
        fx.msr("CNTP_CTL_EL0", 0);
        assertEquals(0, fx.mrs("CNTP_CTL_EL0"));
        assertFalse(level[Aarch64Cpu.GTIMER_PHYS]);
        assertEquals(Long.MAX_VALUE, fx.clock.nextDeadline());
    }

    @Test
    void tvalProgramsRelativeToNow() {
        advance(160); // count 10
        fx.msr("CNTV_TVAL_EL0", 100);
        assertEquals(110, fx.mrs("CNTV_CVAL_EL0"));
        fx.msr("CNTV_CTL_EL0", 1);
        advance(16 * 99);
        assertFalse(level[Aarch64Cpu.GTIMER_VIRT]);
        assertEquals(1, fx.mrs("CNTV_TVAL_EL0"));
        advance(16);
        assertTrue(level[Aarch64Cpu.GTIMER_VIRT]);
        // A negative TVAL means "already expired".
        fx.msr("CNTV_TVAL_EL0", 0xffff_fff0L);
        assertTrue(level[Aarch64Cpu.GTIMER_VIRT]);
        // Moving CVAL into the future lowers the output.
        fx.msr("CNTV_CVAL_EL0", 1_000_000);
        assertFalse(level[Aarch64Cpu.GTIMER_VIRT]);
    }

    @Test
    void virtualCounterOffset() {
        try (CpuFixture f = new CpuFixture(true, false)) {
            boolean[] virt = new boolean[1];
            f.cpu.connectTimerOutput(Aarch64Cpu.GTIMER_VIRT, v -> virt[0] = v);
            f.clock.retire(16_000); // count 1000
            f.msr("CNTVOFF_EL2", 400);
            assertEquals(600, f.mrs("CNTVCT_EL0"));
            f.msr("CNTV_CVAL_EL0", 700);
            f.msr("CNTV_CTL_EL0", 1);
            assertEquals(16 * 1100, f.clock.nextDeadline());
            f.clock.retire(16 * 100);
            f.clock.runExpired();
            assertTrue(virt[0]);
            // Raising CNTVOFF moves the virtual count back below CVAL.
            f.msr("CNTVOFF_EL2", 500);
            assertFalse(virt[0]);
            // The hypervisor timer exists with EL2.
            f.msr("CNTHP_CVAL_EL2", 5);
            f.msr("CNTHP_CTL_EL2", 1);
            assertEquals(5, f.mrs("CNTHP_CTL_EL2"));
        }
    }

    @Test
    void hypervisorAndSecureTimersNeedTheirExceptionLevels() {
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> A64Helpers.mrs(cpu, CpuFixture.enc("CNTHP_CTL_EL2"))).ec());
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> A64Helpers.mrs(cpu, CpuFixture.enc("CNTPS_CTL_EL1"))).ec());
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> A64Helpers.mrs(cpu, CpuFixture.enc("CNTVOFF_EL2"))).ec());
    }

    @Test
    void el0AccessIsControlledByCntkctl() {
        fx.enterEl0(0);
        assertEquals(Esr.EC_SYSREG, CpuFixture.fault(() -> fx.mrs("CNTVCT_EL0")).ec());
        assertEquals(Esr.EC_SYSREG, CpuFixture.fault(() -> fx.mrs("CNTFRQ_EL0")).ec());
        assertEquals(Esr.EC_SYSREG, CpuFixture.fault(() -> fx.msr("CNTV_CTL_EL0", 1)).ec());
        fx.take(0, () -> A64Helpers.svc(cpu, 0));
        fx.msr("CNTKCTL_EL1", 0x2 | 0x100); // EL0VCTEN, EL0VTEN
        fx.enterEl0(0);
        fx.mrs("CNTVCT_EL0");
        fx.mrs("CNTFRQ_EL0");
        fx.msr("CNTV_CTL_EL0", 1);
        assertEquals(Esr.EC_SYSREG, CpuFixture.fault(() -> fx.mrs("CNTPCT_EL0")).ec());
        assertEquals(Esr.EC_SYSREG, CpuFixture.fault(() -> fx.mrs("CNTP_CVAL_EL0")).ec());
    }

    @Test
    void el1PhysicalTimerAccessIsControlledByCnthctlWithEl2() {
        try (CpuFixture f = new CpuFixture(true, false)) {
            f.msr("HCR_EL2", Aarch64Cpu.HCR_RW);
            f.cpu.spsr[2] = 0x3c5;
            A64Helpers.eret(f.cpu);
            A64Fault e = CpuFixture.fault(() -> f.mrs("CNTPCT_EL0"));
            assertEquals(Esr.EC_SYSREG, e.ec());
            assertEquals(2, e.targetEl());
            f.mrs("CNTVCT_EL0");
            f.cpu.cnthctlEl2 = 3;
            f.mrs("CNTPCT_EL0");
            f.msr("CNTP_CTL_EL0", 0);
        }
    }

    @Test
    void resetDisablesTheTimers() {
        fx.msr("CNTP_CVAL_EL0", 0);
        fx.msr("CNTP_CTL_EL0", 1);
        assertTrue(level[Aarch64Cpu.GTIMER_PHYS]);
        cpu.reset(0);
        assertFalse(level[Aarch64Cpu.GTIMER_PHYS]);
        assertEquals(0, fx.mrs("CNTP_CTL_EL0"));
    }
}
