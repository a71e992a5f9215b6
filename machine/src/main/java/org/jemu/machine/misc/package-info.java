/**
 * Miscellaneous devices: QEMU's {@code isa-debug-exit} ({@link org.jemu.machine.misc.IsaDebugExit}), the port
 * through which test programs end the emulator with an exit status.
 */
package org.jemu.machine.misc;
