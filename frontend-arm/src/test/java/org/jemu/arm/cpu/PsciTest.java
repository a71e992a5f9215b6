package org.jemu.arm.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Emulated PSCI firmware (Arm DEN 0022) through the HVC and SMC conduits, with QEMU's semantics. */
class PsciTest {
    private final CpuFixture fx = new CpuFixture();
    private final Aarch64Cpu cpu0 = fx.cpu;
    private final Aarch64Cpu cpu1 = fx.newCpu(1);
    private final List<Aarch64Cpu> cpus = List.of(cpu0, cpu1);
    private int offs;
    private int resets;

    PsciTest() {
        PowerControl pc = PowerControl.forCpus(cpus, () -> offs++, () -> resets++);
        for (Aarch64Cpu c : cpus) {
            c.setCpus(cpus);
            c.setPsci(PsciConduit.HVC, pc);
        }
        cpu1.stopped = true;
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private long hvc(Aarch64Cpu c, long fn, long a1, long a2, long a3) {
        c.regs[0] = fn;
        c.regs[1] = a1;
        c.regs[2] = a2;
        c.regs[3] = a3;
        A64Helpers.hvc(c, 0);
        return c.regs[0];
    }

    @Test
    void versionFeaturesAndMigrateInfo() {
        assertEquals(0x10000, hvc(cpu0, Psci.PSCI_VERSION, 0, 0, 0));
        assertEquals(2, hvc(cpu0, Psci.MIGRATE_INFO_TYPE, 0, 0, 0));
        assertEquals(0, hvc(cpu0, Psci.PSCI_FEATURES, Psci.CPU_ON_64, 0, 0));
        assertEquals(0, hvc(cpu0, Psci.PSCI_FEATURES, Psci.SYSTEM_RESET, 0, 0));
        assertEquals(-1, hvc(cpu0, Psci.PSCI_FEATURES, 0x8400_0012L, 0, 0));
        assertEquals(-1, hvc(cpu0, Psci.MIGRATE, 0, 0, 0));
        assertEquals(-1, hvc(cpu0, 0x8400_0011L, 0, 0, 0)); // unknown PSCI function
        assertEquals(-1, hvc(cpu0, 0x8000_0000L, 0, 0, 0)); // SMCCC_VERSION: not supported means 1.0
    }

    @Test
    void cpuOnStartsAStoppedCpuAtEl1hWithTheContextId() {
        cpu1.regs[5] = 0x55;
        assertEquals(1, hvc(cpu0, Psci.AFFINITY_INFO_64, 0x8000_0001L, 0, 0)); // OFF
        assertEquals(0, hvc(cpu0, Psci.CPU_ON_64, 1, 0x4008_0000L, 0xc0ffee));
        assertFalse(cpu1.stopped);
        assertEquals(0x4008_0000L, cpu1.pc());
        assertEquals(0xc0ffee, cpu1.regs[0]);
        assertEquals(0, cpu1.regs[5]);
        assertEquals(1, cpu1.el);
        assertEquals(1, cpu1.spSel);
        assertEquals(Aarch64Cpu.PSTATE_DAIF, cpu1.daif);
        assertEquals(0, cpu1.sctlr[1] & 1); // MMU off
        assertEquals(0, hvc(cpu0, Psci.AFFINITY_INFO, 1, 0, 0)); // ON
        assertEquals(-4, hvc(cpu0, Psci.CPU_ON_64, 1, 0x4008_0000L, 0)); // ALREADY_ON
        assertEquals(-2, hvc(cpu0, Psci.CPU_ON_64, 7, 0x4008_0000L, 0)); // no such CPU
        assertEquals(-2, hvc(cpu0, Psci.AFFINITY_INFO_64, 9, 0, 0));
    }

    @Test
    void cpuOnWithEl2StartsAtEl2() {
        try (CpuFixture f = new CpuFixture(true, false)) {
            Aarch64Cpu a = f.cpu;
            Aarch64Cpu b = f.newCpu(1);
            a.setPsci(PsciConduit.SMC, PowerControl.forCpus(List.of(a, b), () -> { }, () -> { }));
            b.stopped = true;
            a.regs[0] = Psci.CPU_ON_64;
            a.regs[1] = 1;
            a.regs[2] = 0x4000_0000L;
            a.regs[3] = 9;
            A64Helpers.smc(a, 0);
            assertEquals(0, a.regs[0]);
            assertEquals(2, b.el);
            assertEquals(9, b.regs[0]);
            // HVC is not the conduit here: with EL2 present it is an ordinary HVC exception... from EL2.
            a.regs[0] = Psci.PSCI_VERSION;
            A64Fault e = CpuFixture.fault(() -> A64Helpers.hvc(a, 0));
            assertEquals(Esr.EC_HVC64, e.ec());
        }
    }

    @Test
    void cpuOffAndSystemCalls() {
        hvc(cpu0, Psci.CPU_ON, 1, 0x4000_0000L, 0);
        hvc(cpu1, Psci.CPU_OFF, 0, 0, 0);
        assertTrue(cpu1.stopped);
        hvc(cpu0, Psci.SYSTEM_OFF, 0, 0, 0);
        assertEquals(1, offs);
        assertTrue(cpu0.stopped);
        cpu0.stopped = false;
        hvc(cpu0, Psci.SYSTEM_RESET, 0, 0, 0);
        assertEquals(1, resets);
        assertTrue(cpu0.stopped);
    }

    @Test
    void cpuSuspendIsWfi() {
        assertEquals(0, hvc(cpu0, Psci.CPU_SUSPEND_64, 0, 0x4000_0000L, 0));
        assertTrue(cpu0.halted);
        cpu0.halted = false;
        cpu0.setInterrupt(Aarch64Cpu.INTERRUPT_IRQ, true);
        assertEquals(0, hvc(cpu0, Psci.CPU_SUSPEND, 0x10000, 0, 0));
        assertFalse(cpu0.halted);
        assertEquals(-2, hvc(cpu0, Psci.CPU_SUSPEND, 0x0100_0000L, 0, 0)); // affinity level > 0
    }

    @Test
    void qemuPsci01FunctionIds() {
        assertEquals(0, hvc(cpu0, Psci.QEMU_0_1_CPU_ON, 1, 0x4000_0000L, 3));
        assertFalse(cpu1.stopped);
        assertEquals(3, cpu1.regs[0]);
    }

    @Test
    void nonPsciCallsBehaveArchitecturally() {
        cpu0.regs[0] = 0x1234;
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> A64Helpers.hvc(cpu0, 0)).ec());
        cpu0.regs[0] = Psci.PSCI_VERSION;
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> A64Helpers.smc(cpu0, 0)).ec()); // wrong conduit
        fx.enterEl0(0);
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> A64Helpers.hvc(cpu0, 0)).ec()); // HVC at EL0
    }

    @Test
    void smc32ArgumentsAreTruncatedTo32Bits() {
        assertEquals(0, hvc(cpu0, Psci.CPU_ON, 0xffff_ffff_0000_0001L, 0xffff_ffff_4000_0000L, 0x1_0000_0002L));
        assertEquals(0x4000_0000L, cpu1.pc());
        assertEquals(2, cpu1.regs[0]);
    }
}
