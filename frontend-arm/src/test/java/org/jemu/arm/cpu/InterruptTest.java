package org.jemu.arm.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** IRQ/FIQ delivery, masking and routing (Arm ARM D1.13), and WFI (D1.16). */
class InterruptTest {
    private final CpuFixture fx = new CpuFixture();
    private final Aarch64Cpu cpu = fx.cpu;
    private static final long VBAR = 0x4008_0000L;

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void irqIsMaskedByPstateIAtEl1() {
        fx.msr("VBAR_EL1", VBAR);
        cpu.regs[Aarch64Cpu.PC] = 0x4000_0100L;
        cpu.setInterrupt(Aarch64Cpu.INTERRUPT_IRQ, true);
        assertFalse(cpu.checkInterrupts()); // DAIF masked after reset
        assertEquals(0x4000_0100L, cpu.pc());
        assertEquals(Aarch64Cpu.PSTATE_I, fx.mrs("ISR_EL1"));
        A64Helpers.msrImm(cpu, 3, 2, 7); // DAIFClr #2 (I)
        assertTrue(cpu.checkInterrupts());
        assertEquals(VBAR + 0x200 + 0x80, cpu.pc()); // current EL, SP_ELx, IRQ
        assertEquals(0x4000_0100L, cpu.elr[1]); // the next instruction to execute
        assertEquals(0x345, cpu.spsr[1]); // D, A, F still set; I clear; EL1h
        assertEquals(Aarch64Cpu.PSTATE_DAIF, cpu.daif);
        assertFalse(cpu.checkInterrupts()); // masked again inside the handler
    }

    @Test
    void irqFromEl0UsesTheLowerElVectorAndIsMaskableThere() {
        fx.msr("VBAR_EL1", VBAR);
        cpu.spsr[1] = Aarch64Cpu.PSTATE_I; // EL0t with I set
        cpu.elr[1] = 0x4000_0000L;
        A64Helpers.eret(cpu);
        cpu.setInterrupt(Aarch64Cpu.INTERRUPT_IRQ, true);
        assertFalse(cpu.checkInterrupts());
        cpu.daif = 0;
        assertTrue(cpu.checkInterrupts());
        assertEquals(VBAR + 0x480, cpu.pc());
        assertEquals(1, cpu.el);
    }

    @Test
    void fiqIsTakenBeforeIrq() {
        fx.msr("VBAR_EL1", VBAR);
        cpu.daif = 0;
        cpu.setInterrupt(Aarch64Cpu.INTERRUPT_IRQ | Aarch64Cpu.INTERRUPT_FIQ, true);
        assertTrue(cpu.checkInterrupts());
        assertEquals(VBAR + 0x300, cpu.pc());
        cpu.setInterrupt(Aarch64Cpu.INTERRUPT_FIQ, false);
        cpu.daif = 0;
        assertTrue(cpu.checkInterrupts());
        assertEquals(VBAR + 0x280, cpu.pc());
    }

    @Test
    void pendingInterruptWakesAHaltedCpuEvenWhenMasked() {
        A64Helpers.wfi(cpu);
        assertTrue(cpu.halted);
        assertFalse(cpu.checkInterrupts());
        cpu.interruptInput(Aarch64Cpu.INTERRUPT_IRQ).set(true);
        assertFalse(cpu.checkInterrupts());
        assertFalse(cpu.halted);
        // WFI with an interrupt pending completes at once.
        A64Helpers.wfi(cpu);
        assertFalse(cpu.halted);
    }

    @Test
    void irqRoutedToEl2IsNotMaskedAtEl1() {
        try (CpuFixture f = new CpuFixture(true, false)) {
            Aarch64Cpu c = f.cpu;
            f.msr("VBAR_EL2", 0x4009_0000L);
            f.msr("HCR_EL2", Aarch64Cpu.HCR_RW | Aarch64Cpu.HCR_IMO);
            c.spsr[2] = 0x3c5; // EL1h, all masked
            c.elr[2] = 0x4000_0000L;
            A64Helpers.eret(c);
            c.setInterrupt(Aarch64Cpu.INTERRUPT_IRQ, true);
            assertTrue(c.checkInterrupts());
            assertEquals(2, c.el);
            assertEquals(0x4009_0000L + 0x480, c.pc());
            // At EL2 it is masked by PSTATE.I.
            assertFalse(c.checkInterrupts());
        }
    }

    @Test
    void virtualIrqFromHcrVi() {
        try (CpuFixture f = new CpuFixture(true, false)) {
            Aarch64Cpu c = f.cpu;
            f.msr("HCR_EL2", Aarch64Cpu.HCR_RW | Aarch64Cpu.HCR_IMO | Aarch64Cpu.HCR_VI);
            assertFalse(c.checkInterrupts()); // virtual interrupts are not taken at EL2
            c.spsr[2] = 0x5; // EL1h, unmasked
            c.elr[2] = 0x4000_0000L;
            A64Helpers.eret(c);
            f.msr("VBAR_EL1", VBAR);
            assertEquals(Aarch64Cpu.PSTATE_I, f.mrs("ISR_EL1"));
            assertTrue(c.checkInterrupts());
            assertEquals(1, c.el);
            assertEquals(VBAR + 0x280, c.pc());
        }
    }

    @Test
    void stoppedCpuTakesNoInterrupt() {
        cpu.daif = 0;
        cpu.powerOff();
        cpu.setInterrupt(Aarch64Cpu.INTERRUPT_IRQ, true);
        assertFalse(cpu.checkInterrupts());
    }
}
