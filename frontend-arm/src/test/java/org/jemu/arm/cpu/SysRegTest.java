package org.jemu.arm.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.translator.exec.GuestLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** System registers (Arm ARM D13): ID values, access rules, traps, and UNDEFINED for unknown encodings. */
class SysRegTest {
    private final CpuFixture fx = new CpuFixture();
    private final Aarch64Cpu cpu = fx.cpu;

    @AfterEach
    void close() {
        fx.close();
    }

    /**
     * The Cortex-A57's identification as QEMU's {@code virt} (no EL2/EL3) shows it, with one deliberate
     * difference: QEMU reads ID_AA64PFR0_EL1 = 0x22 (EL1 AArch64 and AArch32), jemu 0x12 because it does not
     * model AArch32 at EL1 (an ERET to an AArch32 EL1 mode is an illegal return), so it does not advertise it
     * (ID_AA64PFR0_EL1.EL1 = 0b0001: AArch64 only).
     */
    @Test
    void cortexA57IdentificationAsQemuVirtExceptEl1Aarch32() {
        assertEquals(0x411fd070L, fx.mrs("MIDR_EL1"));
        assertEquals(0x8000_0000L, fx.mrs("MPIDR_EL1"));
        // EL0 AArch64+AArch32, EL1 AArch64-only (QEMU: 0x22, EL1 AArch32 too; not modelled), no EL2/EL3, FP+SIMD.
        assertEquals(0x12L, fx.mrs("ID_AA64PFR0_EL1"));
        assertEquals(0x10305106L, fx.mrs("ID_AA64DFR0_EL1")); // PMUv3, 6 breakpoints, 4 watchpoints
        assertEquals(0x00011120L, fx.mrs("ID_AA64ISAR0_EL1"));
        assertEquals(0x00001124L, fx.mrs("ID_AA64MMFR0_EL1"));
        assertEquals(0x00010001L, fx.mrs("ID_PFR1_EL1")); // no Security or Virtualization extensions
        assertEquals(0x8444c004L, fx.mrs("CTR_EL0"));
        assertEquals(4, fx.mrs("DCZID_EL0"));
        assertEquals(0x0a200023L, fx.mrs("CLIDR_EL1"));
        fx.msr("CSSELR_EL1", 1);
        assertEquals(0x201fe012L, fx.mrs("CCSIDR_EL1"));
        fx.msr("CSSELR_EL1", 2);
        assertEquals(0x70ffe07aL, fx.mrs("CCSIDR_EL1"));
        assertEquals(62_500_000L, fx.mrs("CNTFRQ_EL0"));
        assertEquals(0, fx.mrs("L2CTLR_EL1"));
    }

    @Test
    void idSpaceWithoutARegisterReadsAsZero() {
        assertEquals(0, A64Helpers.mrs(cpu, SysRegs.encode(3, 0, 0, 7, 4))); // a future ID_AA64MMFR4_EL1
        assertEquals(0, A64Helpers.mrs(cpu, SysRegs.encode(3, 0, 0, 4, 4))); // ID_AA64ZFR0_EL1
        assertEquals(Esr.EC_UNKNOWN,
                CpuFixture.fault(() -> A64Helpers.msr(cpu, SysRegs.encode(3, 0, 0, 7, 4), 1)).ec());
    }

    @Test
    void el2AndEl3PresenceShowsInTheIdRegisters() {
        try (CpuFixture f = new CpuFixture(true, true)) {
            assertEquals(0x1112L, f.mrs("ID_AA64PFR0_EL1"));
            assertEquals(0x00011011L, f.mrs("ID_PFR1_EL1"));
        }
    }

    @Test
    void virtualizationIdRegistersAtEl1() {
        try (CpuFixture f = new CpuFixture(true, false)) {
            Aarch64Cpu c = f.cpu;
            f.msr("VPIDR_EL2", 0x410fd034L);
            f.msr("VMPIDR_EL2", 0x8000_0003L);
            f.msr("HCR_EL2", Aarch64Cpu.HCR_RW);
            c.spsr[2] = 0x3c5;
            A64Helpers.eret(c);
            assertEquals(0x410fd034L, f.mrs("MIDR_EL1"));
            assertEquals(0x8000_0003L, f.mrs("MPIDR_EL1"));
            // EL2 registers are UNDEFINED at EL1.
            assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> f.mrs("HCR_EL2")).ec());
        }
    }

    @Test
    void unknownSystemRegisterIsUndefinedAndLoggedOnce() {
        var out = new java.io.ByteArrayOutputStream();
        var saved = GuestLog.out;
        int savedMask = GuestLog.mask;
        GuestLog.out = new java.io.PrintStream(out, true);
        GuestLog.mask = GuestLog.UNIMP;
        int enc = SysRegs.encode(3, 1, 15, 9, 7);
        try {
            for (int i = 0; i < 3; i++) {
                A64Fault f = CpuFixture.fault(() -> A64Helpers.mrs(cpu, enc));
                assertEquals(Esr.EC_UNKNOWN, f.ec());
                assertEquals(1, f.targetEl());
                assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> A64Helpers.msr(cpu, enc, 5)).ec());
            }
            assertEquals(Esr.EC_UNKNOWN,
                    CpuFixture.fault(() -> A64Helpers.sys(cpu, SysRegs.encode(1, 0, 7, 13, 7), 0)).ec());
            assertEquals(Esr.EC_UNKNOWN,
                    CpuFixture.fault(() -> A64Helpers.sysl(cpu, SysRegs.encode(1, 0, 7, 5, 0))).ec());
            assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> A64Helpers.msrImm(cpu, 0, 1, 4)).ec()); // PAN
        } finally {
            GuestLog.out = saved;
            GuestLog.mask = savedMask;
        }
        String log = out.toString();
        assertEquals(1, log.lines().filter(l -> l.contains("S3_1_C15_C9_7")).count(), log);
        assertTrue(log.contains("S1_0_C7_C13_7"), log);
    }

    @Test
    void everyEncodingIsUndefinedOrAValueNeverAHostException() {
        for (int e = 0; e < 1 << 16; e++) {
            final int enc = e;
            try {
                A64Helpers.mrs(cpu, enc);
            } catch (A64Fault f) {
                assertTrue(f.ec() == Esr.EC_UNKNOWN || f.ec() == Esr.EC_FP_ACCESS, SysRegs.genericName(enc));
            }
        }
    }

    @Test
    void el1RegistersAreUndefinedAtEl0() {
        fx.enterEl0(0);
        A64Fault f = CpuFixture.fault(() -> fx.mrs("SCTLR_EL1"));
        assertEquals(Esr.EC_UNKNOWN, f.ec());
        assertEquals(1, f.targetEl());
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> fx.msr("TPIDRRO_EL0", 1)).ec());
        fx.mrs("TPIDRRO_EL0");
        fx.msr("TPIDR_EL0", 0x1234);
        assertEquals(0x1234, cpu.tpidr[0]);
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> A64Helpers.msrImm(cpu, 0, 1, 5)).ec()); // SPSel
    }

    @Test
    void configurableEl0TrapsUseEc0x18WithTheInstructionsRt() {
        fx.msr("VBAR_EL1", 0x4008_0000L);
        long pc = 0x4000_2000L;
        int ctr = CpuFixture.enc("CTR_EL0");
        fx.write32(pc, 0xd520_0000 | ctr << 5 | 5); // MRS X5, CTR_EL0
        fx.enterEl0(pc);
        fx.take(pc, () -> A64Helpers.mrs(cpu, ctr)); // SCTLR_EL1.UCT = 0
        // EC 0x18, IL; ISS: Op0 3, Op2 1, Op1 3, CRn 0, Rt 5, CRm 0, read.
        assertEquals(0x6200_0000L | 3 << 20 | 1 << 17 | 3 << 14 | 5 << 5 | 1, cpu.esr[1]);
        assertEquals(pc, cpu.elr[1]);
        // DAIF needs SCTLR_EL1.UMA at EL0, DC ZVA needs DZE, cache maintenance needs UCI.
        fx.msr("SCTLR_EL1", cpu.sctlr[1] | Aarch64Cpu.SCTLR_UCT);
        fx.enterEl0(pc);
        assertEquals(0x8444c004L, fx.mrs("CTR_EL0"));
        assertEquals(Esr.EC_SYSREG, CpuFixture.fault(() -> fx.mrs("DAIF")).ec());
        assertEquals(Esr.EC_SYSREG, CpuFixture.fault(() -> A64Helpers.msrImm(cpu, 3, 2, 7)).ec());
        assertEquals(Esr.EC_SYSREG, CpuFixture.fault(() -> A64Helpers.dcZva(cpu, CpuFixture.RAM)).ec());
        assertEquals(0x14, fx.mrs("DCZID_EL0")); // DZP set
        assertEquals(Esr.EC_SYSREG,
                CpuFixture.fault(() -> A64Helpers.sys(cpu, CpuFixture.enc("DC CIVAC"), CpuFixture.RAM)).ec());
        assertEquals(Esr.EC_UNKNOWN,
                CpuFixture.fault(() -> A64Helpers.sys(cpu, CpuFixture.enc("DC IVAC"), CpuFixture.RAM)).ec());
    }

    @Test
    void pstateAccessors() {
        assertEquals(4, fx.mrs("CurrentEL"));
        assertEquals(1, fx.mrs("SPSel"));
        assertEquals(0x3c0, fx.mrs("DAIF"));
        A64Helpers.msrImm(cpu, 3, 0xf, 7); // DAIFClr #0xf
        assertEquals(0, cpu.daif);
        A64Helpers.msrImm(cpu, 3, 0x2, 6); // DAIFSet #2: I
        assertEquals(Aarch64Cpu.PSTATE_I, cpu.daif);
        fx.msr("NZCV", 0x6000_0000L);
        assertEquals(1, cpu.regs[Aarch64Cpu.ZF]);
        assertEquals(1, cpu.regs[Aarch64Cpu.CF]);
        assertEquals(0x6000_0000L, fx.mrs("NZCV"));
        // SP_EL0 is accessible while SP_ELx is selected, UNDEFINED while it is the current SP.
        cpu.regs[Aarch64Cpu.SP] = 0x5000;
        fx.msr("SP_EL0", 0x7000);
        assertEquals(0x7000, fx.mrs("SP_EL0"));
        fx.msr("SPSel", 0);
        assertEquals(0x7000, cpu.regs[Aarch64Cpu.SP]);
        assertEquals(0x5000, cpu.getSpEl(1));
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> fx.mrs("SP_EL0")).ec());
        fx.msr("SPSel", 1);
        assertEquals(0x5000, cpu.regs[Aarch64Cpu.SP]);
    }

    @Test
    void readOnlyAndWriteOnlyRegisters() {
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> fx.msr("MIDR_EL1", 0)).ec());
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> fx.mrs("OSLAR_EL1")).ec());
        assertEquals(0b1010, fx.mrs("OSLSR_EL1")); // OS lock set at reset
        fx.msr("OSLAR_EL1", 0);
        assertEquals(0b1000, fx.mrs("OSLSR_EL1"));
        // Breakpoint registers exist up to ID_AA64DFR0.BRPs (6 on the Cortex-A57), watchpoints to WRPs (4).
        fx.msr("DBGBCR5_EL1", 0x1e5);
        assertEquals(0x1e5, fx.mrs("DBGBCR5_EL1"));
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> fx.mrs("DBGBCR6_EL1")).ec());
        fx.msr("DBGWVR3_EL1", 0x1000);
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> fx.mrs("DBGWVR4_EL1")).ec());
    }

    @Test
    void pmuCycleCounter() {
        assertEquals(0x4100_0000L, fx.mrs("PMCR_EL0")); // IMP = Arm, N = 0 event counters
        assertEquals(1L << 0x11, fx.mrs("PMCEID0_EL0")); // CPU_CYCLES
        fx.msr("PMCCNTR_EL0", 5);
        fx.clock.retire(1000);
        assertEquals(5, fx.mrs("PMCCNTR_EL0")); // not enabled
        fx.msr("PMCR_EL0", 0x41 | Pmu.PMCR_C); // E, LC, reset the cycle counter
        fx.msr("PMCNTENSET_EL0", 1L << 31);
        fx.clock.retire(640);
        assertEquals(640, fx.mrs("PMCCNTR_EL0"));
        fx.msr("PMCR_EL0", 0x41 | Pmu.PMCR_D); // count every 64 cycles from here
        fx.clock.retire(640);
        assertEquals(650, fx.mrs("PMCCNTR_EL0"));
        fx.msr("PMCNTENCLR_EL0", 1L << 31);
        fx.clock.retire(640);
        assertEquals(650, fx.mrs("PMCCNTR_EL0"));
        // EL0 access needs PMUSERENR_EL0.EN (or CR for reading the cycle counter).
        fx.enterEl0(0);
        assertEquals(Esr.EC_SYSREG, CpuFixture.fault(() -> fx.mrs("PMCCNTR_EL0")).ec());
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> fx.msr("PMUSERENR_EL0", 1)).ec());
        fx.take(0, () -> A64Helpers.svc(cpu, 0));
        fx.msr("PMUSERENR_EL0", 4);
        fx.enterEl0(0);
        assertEquals(650, fx.mrs("PMCCNTR_EL0"));
        assertEquals(Esr.EC_SYSREG, CpuFixture.fault(() -> fx.mrs("PMCR_EL0")).ec());
        // Event counters do not exist.
        assertEquals(Esr.EC_UNKNOWN,
                CpuFixture.fault(() -> A64Helpers.mrs(cpu, SysRegs.encode(3, 3, 14, 8, 0))).ec());
    }

    @Test
    void cntfrqIsWritableOnlyAtTheHighestEl() {
        fx.msr("CNTFRQ_EL0", 24_000_000L); // EL1 is the highest EL here
        assertEquals(24_000_000L, fx.mrs("CNTFRQ_EL0"));
        try (CpuFixture f = new CpuFixture(true, false)) {
            f.msr("HCR_EL2", Aarch64Cpu.HCR_RW);
            f.cpu.spsr[2] = 0x3c5;
            A64Helpers.eret(f.cpu);
            assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> f.msr("CNTFRQ_EL0", 1)).ec());
        }
    }

    @Test
    void externalRegistersFillTheGaps() {
        int icc = SysRegs.encode(3, 0, 12, 12, 5); // ICC_SRE_EL1
        long[] sre = {7};
        cpu.setExternalSysRegs(new ExternalSysRegs() {
            @Override
            public boolean accessible(Aarch64Cpu c, int sysreg, boolean read) {
                return sysreg == icc && c.el >= 1;
            }

            @Override
            public long read(Aarch64Cpu c, int sysreg) {
                return sre[0];
            }

            @Override
            public void write(Aarch64Cpu c, int sysreg, long value) {
                sre[0] = value;
            }
        }, true);
        assertEquals(7, A64Helpers.mrs(cpu, icc));
        A64Helpers.msr(cpu, icc, 1);
        assertEquals(1, sre[0]);
        assertEquals(0x0100_0012L, fx.mrs("ID_AA64PFR0_EL1")); // GIC = 1
        fx.enterEl0(0);
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> A64Helpers.mrs(cpu, icc)).ec());
    }

    @Test
    void modelNames() {
        assertEquals(A64CpuModel.CORTEX_A57, A64CpuModel.byName("Cortex-A57"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> A64CpuModel.byName("cortex-a99"));
        assertTrue(e.getMessage().contains("cortex-a57"), e.getMessage());
        assertTrue(e.getMessage().contains("cortex-a99"), e.getMessage());
        assertEquals(44, A64CpuModel.CORTEX_A57.paRangeBits());
        assertEquals(40, A64CpuModel.CORTEX_A53.paRangeBits());
    }
}
