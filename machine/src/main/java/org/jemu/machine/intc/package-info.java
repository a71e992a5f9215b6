/**
 * Interrupt controllers: the ARM GICv2 ({@link org.jemu.machine.intc.Gicv2}) and GICv3
 * ({@link org.jemu.machine.intc.Gicv3}, with its CPU interface {@link org.jemu.machine.intc.Gicv3CpuInterface})
 * of the virt board, and the Intel 8259A ({@link org.jemu.machine.intc.I8259}) pair of the PC.
 */
package org.jemu.machine.intc;
