/**
 * Serial lines: {@link org.jemu.machine.chardev.CharBackend}, the host side (guest output, host input
 * queued on any thread and delivered on the vCPU thread at block boundaries with flow control),
 * {@link org.jemu.machine.chardev.CharFrontend}, what a UART implements to receive, the in-memory
 * {@link org.jemu.machine.chardev.MemoryCharBackend} for tests, the ARM PL011 UART
 * ({@link org.jemu.machine.chardev.Pl011}), the PC's 16550A UART ({@link org.jemu.machine.chardev.Serial16550})
 * and QEMU's debug console port ({@link org.jemu.machine.chardev.IsaDebugcon}).
 */
package org.jemu.machine.chardev;
