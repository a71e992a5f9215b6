/**
 * PCI (PCI Local Bus Specification 3.0): a bus of up to 32 slots x 8 functions with type-0 configuration
 * headers ({@link org.jemu.machine.pci.PciDevice}), BAR sizing and decoding into the bus's memory and I/O
 * spaces, INTx routing to the host bridge's interrupt lines ({@link org.jemu.machine.pci.PciBus}), and the
 * configuration mechanism #1 address/data register pair a host bridge maps into the CPU's address space
 * ({@link org.jemu.machine.pci.PciConfigMechanism}).
 */
package org.jemu.machine.pci;
