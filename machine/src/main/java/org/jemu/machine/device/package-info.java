/**
 * The device framework: {@link org.jemu.machine.device.Device} (name, reset, state description),
 * {@link org.jemu.machine.device.VmState} (declared, versioned state fields for snapshots and migration, in
 * the manner of QEMU's {@code VMStateDescription}, with validation after load), and helpers devices share:
 * {@link org.jemu.machine.device.RegisterAccess} (QEMU's access-size adjustment for 32-bit register files)
 * and {@link org.jemu.machine.device.DmaMemory} (bulk guest-physical access that keeps translated code
 * coherent), and {@link org.jemu.machine.device.IoPortSpace}, the x86 I/O port space in which ISA devices
 * register their ports (with QEMU's splitting of accesses wider than a device takes, and all-ones reads of
 * unassigned ports).
 *
 * <p>Conventions for device models, following QEMU's {@code hw/}: a header comment listing the device's
 * interface (MMIO regions with their size and byte order, IRQ lines, host-side connections) and the manual
 * it follows; named register constants; {@code read}/{@code write} that switch on the register and log
 * guest errors (never throw) for bad offsets; a separate {@code reset}; and a {@code VmState} whose
 * post-load hook rejects impossible values with a one-line message and re-derives unsaved state (IRQ
 * output levels, timers, ROMD mode). Devices run on the vCPU thread only.
 */
package org.jemu.machine.device;
