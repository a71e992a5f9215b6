/**
 * Interrupt controllers: the ARM GICv2 ({@link org.jemu.machine.intc.Gicv2}) of the virt board and the Intel
 * 8259A ({@link org.jemu.machine.intc.I8259}) pair of the PC.
 */
package org.jemu.machine.intc;
