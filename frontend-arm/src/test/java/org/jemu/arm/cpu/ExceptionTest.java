package org.jemu.arm.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exception entry and return (Arm ARM D1.10, D1.11): vector offsets, SPSR/ELR/ESR/FAR values, stack
 * pointer banking, illegal exception returns, and the exception-generating instructions.
 */
class ExceptionTest {
    private final CpuFixture fx = new CpuFixture();
    private final Aarch64Cpu cpu = fx.cpu;
    private static final long VBAR = 0x4008_0000L;

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void resetState() {
        cpu.reset(0x4000_0000L);
        assertEquals(1, cpu.el);
        assertEquals(1, cpu.spSel);
        assertEquals(Aarch64Cpu.PSTATE_DAIF, cpu.daif);
        assertEquals(0x4000_0000L, cpu.pc());
        assertEquals(0x3c5, cpu.pstate());
        assertEquals(0x00c50838L, fx.mrs("SCTLR_EL1"));
        assertEquals(0x4000_0000L, fx.mrs("RVBAR_EL1"));
        assertEquals(0, cpu.regs[Aarch64Cpu.EXCL_ARMED]);
    }

    @Test
    void svcFromEl0TakesTheLowerElVectorAndBanksStackPointers() {
        fx.msr("VBAR_EL1", VBAR);
        cpu.regs[Aarch64Cpu.SP] = 0x4100_0000L; // SP_EL1
        fx.enterEl0(0x4000_1000L);
        assertEquals(0, cpu.el);
        assertEquals(0, cpu.spSel);
        cpu.regs[Aarch64Cpu.SP] = 0x4200_0000L; // SP_EL0
        cpu.regs[Aarch64Cpu.NF] = 1;
        cpu.regs[Aarch64Cpu.CF] = 1;
        A64Fault f = fx.take(0x4000_1000L, () -> A64Helpers.svc(cpu, 0x42));
        assertEquals(1, f.targetEl());
        assertEquals(1, cpu.el);
        assertEquals(1, cpu.spSel);
        assertEquals(0x4100_0000L, cpu.regs[Aarch64Cpu.SP]);
        assertEquals(0x4200_0000L, cpu.getSpEl(0));
        assertEquals(0x5600_0042L, cpu.esr[1]); // EC 0x15, IL, imm16
        assertEquals(0x4000_1004L, cpu.elr[1]); // preferred return: the next instruction
        assertEquals(0xa000_0000L, cpu.spsr[1]); // N, C; EL0t; DAIF clear
        assertEquals(VBAR + 0x400, cpu.pc());
        assertEquals(Aarch64Cpu.PSTATE_DAIF, cpu.daif);
        // ERET goes back with the EL0 stack pointer and flags.
        cpu.regs[Aarch64Cpu.NF] = 0;
        A64Helpers.eret(cpu);
        assertEquals(0, cpu.el);
        assertEquals(0x4000_1004L, cpu.pc());
        assertEquals(0x4200_0000L, cpu.regs[Aarch64Cpu.SP]);
        assertEquals(0x4100_0000L, cpu.getSpEl(1));
        assertEquals(1, cpu.regs[Aarch64Cpu.NF]);
        assertEquals(0, cpu.daif);
    }

    @Test
    void currentElVectorsDependOnSpSelection() {
        fx.msr("VBAR_EL1", VBAR);
        fx.take(0x4000_2000L, () -> A64Helpers.brk(cpu, 7));
        assertEquals(VBAR + 0x200, cpu.pc()); // current EL with SP_ELx
        assertEquals(0xf200_0007L, cpu.esr[1]); // EC 0x3c
        assertEquals(0x4000_2000L, cpu.elr[1]); // BRK returns to itself
        assertEquals(0x3c5, cpu.spsr[1]);
        A64Helpers.msrImm(cpu, 0, 0, 5); // SPSel #0: EL1t
        assertEquals(0, cpu.spSel);
        fx.take(0x4000_3000L, () -> A64Helpers.brk(cpu, 8));
        assertEquals(VBAR, cpu.pc()); // current EL with SP_EL0
        assertEquals(0x3c4, cpu.spsr[1]);
        assertEquals(1, cpu.spSel);
    }

    @Test
    void vbarLowBitsAreRes0() {
        fx.msr("VBAR_EL1", 0x4008_07ffL);
        assertEquals(0x4008_0000L, fx.mrs("VBAR_EL1"));
    }

    @Test
    void undefinedInstructionIsEc0AndLoggedOncePerEncoding() {
        var out = new java.io.ByteArrayOutputStream();
        var saved = org.jemu.translator.exec.GuestLog.out;
        int savedMask = org.jemu.translator.exec.GuestLog.mask;
        org.jemu.translator.exec.GuestLog.out = new java.io.PrintStream(out, true);
        org.jemu.translator.exec.GuestLog.mask = org.jemu.translator.exec.GuestLog.UNIMP;
        try {
            fx.msr("VBAR_EL1", VBAR);
            fx.take(0x4000_0100L, () -> A64Helpers.undefined(cpu, 0x0000_beef));
            assertEquals(0x0200_0000L, cpu.esr[1]); // EC 0, IL 1
            assertEquals(0x4000_0100L, cpu.elr[1]);
            assertEquals(VBAR + 0x200, cpu.pc());
            CpuFixture.fault(() -> A64Helpers.undefined(cpu, 0x0000_beef));
            CpuFixture.fault(() -> A64Helpers.undefined(cpu, 0x0000_bef0));
        } finally {
            org.jemu.translator.exec.GuestLog.out = saved;
            org.jemu.translator.exec.GuestLog.mask = savedMask;
        }
        String log = out.toString();
        assertEquals(2, log.lines().count(), log);
        assertTrue(log.contains("0x0000beef"), log);
    }

    @Test
    void dataAbortFromEl0SetsFarAndWnR() {
        fx.msr("VBAR_EL1", VBAR);
        fx.enterEl0(0x4000_1000L);
        fx.take(0x4000_1000L, () -> cpu.alignmentFault(0x4000_0003L, 1, 0));
        assertEquals(0x9200_0061L, cpu.esr[1]); // EC 0x24, IL, WnR, DFSC alignment 0b100001
        assertEquals(0x4000_0003L, cpu.far[1]);
        assertEquals(0x4000_1000L, cpu.elr[1]);
        assertEquals(VBAR + 0x400, cpu.pc());
    }

    @Test
    void misalignedPcIsPcAlignmentFault() {
        A64Fault f = CpuFixture.fault(() -> cpu.translateBlock(0x4000_0002L, cpu.tbFlags(), 1));
        assertEquals(Esr.EC_PC_ALIGNMENT, f.ec());
        assertEquals(0x4000_0002L, f.far());
        cpu.regs[Aarch64Cpu.PC] = 0x4000_0002L;
        cpu.deliverFault(f);
        assertEquals(0x4000_0002L, cpu.far[1]);
        assertEquals(0x8a00_0000L, cpu.esr[1]);
    }

    @Test
    void illegalExceptionReturnSetsIlAndKeepsTheEl() {
        fx.msr("VBAR_EL1", VBAR);
        cpu.spsr[1] = 0x9 | 0x6000_0000L; // EL2h: not implemented; Z and C
        cpu.elr[1] = 0x4000_5000L;
        A64Helpers.eret(cpu);
        assertEquals(1, cpu.el);
        assertTrue(cpu.illegalState);
        assertEquals(0x4000_5000L, cpu.pc());
        assertEquals(1, cpu.regs[Aarch64Cpu.ZF]);
        assertTrue(Aarch64Cpu.flagsIllegalState(cpu.tbFlags()));
        // The next instruction takes an Illegal Execution state exception (EC 0x0e) with SPSR.IL set.
        fx.take(0x4000_5000L, () -> cpu.translateBlock(0x4000_5000L, cpu.tbFlags(), 1));
        assertEquals(0x3a00_0000L, cpu.esr[1]);
        assertEquals(Aarch64Cpu.SPSR_IL, cpu.spsr[1] & Aarch64Cpu.SPSR_IL);
        assertFalse(cpu.illegalState);
    }

    @Test
    void returnToAarch32ModesAboveUserOrReservedModesIsIllegal() {
        // AArch32 SVC, Hyp and System modes (EL1 and EL2 are AArch64 only), AArch64 EL0h and reserved M[1].
        for (long m : new long[] {0x13, 0x1a, 0x1f, 0x1, 0x2, 0xd}) {
            cpu.reset(0);
            cpu.spsr[1] = m;
            cpu.elr[1] = 0x100;
            A64Helpers.eret(cpu);
            assertTrue(cpu.illegalState, "M = " + m);
            assertEquals(1, cpu.el);
        }
    }

    @Test
    void returnToAarch32User() {
        cpu.regs[Aarch64Cpu.SP] = 0x1111;
        cpu.spsr[1] = 0x6000_0030L; // Z, C, T32, User
        cpu.elr[1] = 0x1234_5679L;
        A64Helpers.eret(cpu);
        assertFalse(cpu.illegalState);
        assertEquals(0, cpu.el);
        assertTrue(cpu.aarch32);
        assertEquals(1, cpu.regs[Aarch64Cpu.TF]);
        assertEquals(0x1234_5678L, cpu.pc());
        assertEquals(0x1111, cpu.getSpEl(1));
        assertEquals(0x6000_0030L, cpu.pstate());
    }

    /**
     * An exception return to AArch32 restores PSTATE.{A,I,F} from SPSR[8:6] and leaves PSTATE.D as it was:
     * an AArch32 SPSR has no D bit (bit 9 is E), DDI 0487 SetPSTATEFromPSR ("No PSTATE.D in AArch32 state");
     * QEMU's cpsr_write likewise only writes CPSR_AIF into env->daif.
     */
    @Test
    void returnToAarch32KeepsPstateD() {
        cpu.daif = Aarch64Cpu.PSTATE_DAIF;
        cpu.spsr[1] = 0x10; // User, A/I/F clear
        cpu.elr[1] = 0x1000;
        A64Helpers.eret(cpu);
        assertTrue(cpu.aarch32);
        assertEquals(Aarch64Cpu.PSTATE_D, cpu.daif, "D kept set, A/I/F cleared from the SPSR");

        cpu.reset(0);
        cpu.daif = 0;
        cpu.spsr[1] = 0x10 | Aarch64Cpu.PSTATE_A | Aarch64Cpu.PSTATE_I | Aarch64Cpu.PSTATE_F;
        cpu.elr[1] = 0x1000;
        A64Helpers.eret(cpu);
        assertEquals(Aarch64Cpu.PSTATE_A | Aarch64Cpu.PSTATE_I | Aarch64Cpu.PSTATE_F, cpu.daif, "D kept clear");
    }

    @Test
    void returnToEl1tAndEl0() {
        cpu.regs[Aarch64Cpu.SP] = 0x1111;
        cpu.spsr[1] = 0x4; // EL1t
        cpu.elr[1] = 0x200;
        A64Helpers.eret(cpu);
        assertEquals(0, cpu.spSel);
        assertEquals(1, cpu.el);
        assertEquals(0x1111, cpu.getSpEl(1));
        assertEquals(0, cpu.daif);
        assertFalse(cpu.illegalState);
    }

    @Test
    void eretAtEl0IsUndefined() {
        fx.enterEl0(0x100);
        A64Fault f = CpuFixture.fault(() -> A64Helpers.eret(cpu));
        assertEquals(Esr.EC_UNKNOWN, f.ec());
        assertEquals(1, f.targetEl());
    }

    @Test
    void exceptionEntryAndReturnClearTheExclusiveMonitor() {
        cpu.regs[Aarch64Cpu.EXCL_ARMED] = 1;
        fx.take(0, () -> A64Helpers.svc(cpu, 0));
        assertEquals(0, cpu.regs[Aarch64Cpu.EXCL_ARMED]);
        cpu.regs[Aarch64Cpu.EXCL_ARMED] = 1;
        A64Helpers.eret(cpu);
        assertEquals(0, cpu.regs[Aarch64Cpu.EXCL_ARMED]);
    }

    @Test
    void hvcAndSmcAreUndefinedWithoutEl2AndEl3() {
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> A64Helpers.hvc(cpu, 0)).ec());
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> A64Helpers.smc(cpu, 0)).ec());
        fx.enterEl0(0);
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> A64Helpers.hvc(cpu, 0)).ec());
    }

    @Test
    void hvcToEl2() {
        try (CpuFixture f2 = new CpuFixture(true, false)) {
            Aarch64Cpu c = f2.cpu;
            f2.msr("VBAR_EL2", 0x4009_0000L);
            f2.msr("HCR_EL2", Aarch64Cpu.HCR_RW);
            c.spsr[2] = 0x3c5;
            c.elr[2] = 0x4000_0000L;
            A64Helpers.eret(c);
            assertEquals(1, c.el);
            f2.take(0x4000_0010L, () -> A64Helpers.hvc(c, 5));
            assertEquals(2, c.el);
            assertEquals(0x5a00_0005L, c.esr[2]); // EC 0x16
            assertEquals(0x4000_0014L, c.elr[2]);
            assertEquals(0x4009_0400L, c.pc());
            assertEquals(0x3c5, c.spsr[2]);
            // HCR_EL2.HCD disables HVC; HCR_EL2.TSC traps SMC from EL1 to EL2 (return to the SMC itself).
            f2.msr("HCR_EL2", Aarch64Cpu.HCR_RW | Aarch64Cpu.HCR_HCD | Aarch64Cpu.HCR_TSC);
            A64Helpers.eret(c);
            assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> A64Helpers.hvc(c, 0)).ec());
            f2.take(0x4000_0020L, () -> A64Helpers.smc(c, 3));
            assertEquals(0x5e00_0003L, c.esr[2]);
            assertEquals(0x4000_0020L, c.elr[2]);
            // The trap comes before the built-in PSCI firmware: a PSCI SYSTEM_OFF by SMC from EL1 traps too.
            boolean[] off = {false};
            c.setPsci(PsciConduit.SMC, PowerControl.forCpus(java.util.List.of(c), () -> off[0] = true, () -> { }));
            A64Helpers.eret(c);
            c.regs[Aarch64Cpu.X0] = 0x8400_0008L;
            f2.take(0x4000_0030L, () -> A64Helpers.smc(c, 0));
            assertEquals(2, c.el);
            assertEquals(0x5e00_0000L, c.esr[2]);
            assertEquals(false, off[0], "SYSTEM_OFF must not run when HCR_EL2.TSC traps the SMC");
        }
    }

    @Test
    void smcToEl3() {
        try (CpuFixture f3 = new CpuFixture(false, true)) {
            Aarch64Cpu c = f3.cpu;
            assertEquals(3, c.el);
            f3.msr("VBAR_EL3", 0x400a_0000L);
            f3.msr("SCR_EL3", Aarch64Cpu.SCR_NS | Aarch64Cpu.SCR_RW);
            c.spsr[3] = 0x3c5;
            c.elr[3] = 0x4000_0000L;
            A64Helpers.eret(c);
            assertEquals(1, c.el);
            assertFalse(c.isSecure());
            f3.take(0x4000_0040L, () -> A64Helpers.smc(c, 0x99));
            assertEquals(3, c.el);
            assertEquals(0x5e00_0099L, c.esr[3]);
            assertEquals(0x4000_0044L, c.elr[3]);
            assertEquals(0x400a_0400L, c.pc());
            // SCR_EL3.SMD makes SMC UNDEFINED.
            f3.msr("SCR_EL3", Aarch64Cpu.SCR_NS | Aarch64Cpu.SCR_RW | Aarch64Cpu.SCR_SMD);
            A64Helpers.eret(c);
            assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> A64Helpers.smc(c, 0)).ec());
            // An ERET to EL1 with SCR_EL3.RW = 0 (AArch32 EL1) is illegal.
            f3.take(0, () -> A64Helpers.svc(c, 0));
            c.scrEl3 = Aarch64Cpu.SCR_NS;
            c.el = 3;
            c.spsr[3] = 0x3c5;
            A64Helpers.eret(c);
            assertTrue(c.illegalState);
        }
    }

    @Test
    void fpAccessTrap() {
        long flags = cpu.tbFlags();
        assertFalse(Aarch64Cpu.flagsFpEnabled(flags)); // CPACR_EL1.FPEN = 0 at reset
        A64Fault f = CpuFixture.fault(() -> A64Helpers.fpTrap(cpu, 0x1e20_4020));
        assertEquals(0x1fe0_0000L, f.esr()); // EC 0x07, IL, CV = 1, COND = 0b1110
        assertEquals(Esr.EC_FP_ACCESS, CpuFixture.fault(() -> fx.mrs("FPCR")).ec());
        fx.msr("CPACR_EL1", 1L << 20); // FPEN = 01: trap EL0 only
        assertTrue(Aarch64Cpu.flagsFpEnabled(cpu.tbFlags()));
        fx.msr("FPCR", 0x0340_0000L); // DN, FZ, RMode = 01
        assertEquals(0x0340_0000L, fx.mrs("FPCR"));
        fx.enterEl0(0);
        assertFalse(Aarch64Cpu.flagsFpEnabled(cpu.tbFlags()));
    }

    @Test
    void spAlignmentFault() {
        A64Fault f = CpuFixture.fault(() -> A64Helpers.spAlignmentFault(cpu));
        assertEquals(Esr.EC_SP_ALIGNMENT, f.ec());
    }

    @Test
    void hltIsUndefined() {
        assertEquals(Esr.EC_UNKNOWN, CpuFixture.fault(() -> A64Helpers.hlt(cpu, 0xf000)).ec());
    }

    @Test
    void tbFlagsDescribeTheTranslationState() {
        long f = cpu.tbFlags();
        assertEquals(1, Aarch64Cpu.flagsEl(f));
        assertEquals(Aarch64Cpu.MMU_IDX_EL1, Aarch64Cpu.flagsMmuIdx(f));
        assertEquals(Aarch64Cpu.MMU_IDX_EL0, Aarch64Cpu.flagsMmuIdxUnpriv(f));
        assertFalse(Aarch64Cpu.flagsBigEndianData(f));
        assertTrue(Aarch64Cpu.flagsSpAlignCheck(f)); // SA = 1 in the Cortex-A57 reset value
        assertFalse(Aarch64Cpu.flagsAlignCheck(f));
        fx.msr("SCTLR_EL1", cpu.sctlr[1] | Aarch64Cpu.SCTLR_EE | Aarch64Cpu.SCTLR_A);
        f = cpu.tbFlags();
        assertTrue(Aarch64Cpu.flagsBigEndianData(f));
        assertTrue(Aarch64Cpu.flagsAlignCheck(f));
        // The SP selection is not part of the flags: the SP slot is always the current SP.
        long before = cpu.tbFlags();
        A64Helpers.msrImm(cpu, 0, 0, 5);
        assertEquals(before, cpu.tbFlags());
        fx.enterEl0(0);
        f = cpu.tbFlags();
        assertEquals(0, Aarch64Cpu.flagsEl(f));
        assertEquals(Aarch64Cpu.MMU_IDX_EL0, Aarch64Cpu.flagsMmuIdx(f));
        assertEquals(Aarch64Cpu.MMU_IDX_EL0, Aarch64Cpu.flagsMmuIdxUnpriv(f));
        assertFalse(Aarch64Cpu.flagsBigEndianData(f)); // E0E = 0
        assertEquals(0, cpu.fetchMmuIdx(f));
    }

    @Test
    void registerDump() {
        cpu.regs[3] = 0xabc;
        cpu.regs[Aarch64Cpu.ZF] = 1;
        String d = cpu.dumpRegisters();
        assertTrue(d.contains("X03=0000000000000abc"), d);
        assertTrue(d.contains("PSTATE=400003c5 -Z-- EL1h"), d);
        assertEquals(12, d.lines().count(), d);
    }

    @Test
    void wfiTrapsFromEl0WithoutNtwi() {
        fx.msr("VBAR_EL1", VBAR);
        fx.msr("SCTLR_EL1", cpu.sctlr[1] & ~Aarch64Cpu.SCTLR_NTWI);
        fx.enterEl0(0x4000_0000L);
        fx.take(0x4000_0000L, () -> A64Helpers.wfi(cpu));
        assertEquals(0x07e0_0000L, cpu.esr[1]); // EC 0x01, IL, CV, COND = AL, TI = 0 (WFI)
        assertEquals(0x4000_0000L, cpu.elr[1]);
        assertFalse(cpu.halted);
    }
}
