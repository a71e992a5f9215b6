/** Interrupt controllers: the ARM GICv2 ({@link org.jemu.machine.intc.Gicv2}) of the virt board. */
package org.jemu.machine.intc;
