package org.jemu.machine.intc;

import org.jemu.translator.exec.IrqLine;

/**
 * What a board wires to an ARM Generic Interrupt Controller, whichever architecture version: the shared
 * and private peripheral interrupt inputs and each CPU's IRQ/FIQ outputs. Implemented by {@link Gicv2}
 * (ARM IHI 0048B) and {@link Gicv3} (Arm IHI 0069).
 */
public interface ArmGic {
    /** The input line of shared peripheral interrupt {@code n} (interrupt ID {@code 32 + n}). */
    IrqLine spi(int n);

    /**
     * The input line of private peripheral interrupt ID {@code intId} (16..31) of CPU {@code cpu}. The
     * architected timer uses IDs 29 (secure physical), 30 (non-secure physical), 27 (virtual) and 26
     * (hypervisor).
     */
    IrqLine ppi(int cpu, int intId);

    /** Connects CPU {@code cpu}'s IRQ and FIQ inputs; they are driven with the current levels at once. */
    void connectCpu(int cpu, IrqLine irq, IrqLine fiq);

    /** Level of CPU {@code cpu}'s IRQ output. */
    boolean irqAsserted(int cpu);

    /** Level of CPU {@code cpu}'s FIQ output. */
    boolean fiqAsserted(int cpu);
}
