package org.jemu.machine.device;

import java.util.Objects;
import org.jemu.translator.exec.GuestLog;

/**
 * Base class of every emulated device, in the spirit of QEMU's {@code DeviceState}: a name (used in logs,
 * error messages and as the key of the device's section in a snapshot), a {@link #reset} that puts the
 * device into its power-on state, and a {@link #vmState} that declares the device's state fields for
 * snapshots and migration.
 *
 * <p>Devices are driven from the vCPU thread only (MMIO handlers, IRQ inputs, timer callbacks, character
 * backend input), so they need no locking. A device's constructor leaves it in the reset state.
 */
public abstract class Device {
    private final String name;

    protected Device(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The device's instance name, unique within a machine (for example {@code "pl011@9000000"}). */
    public final String name() {
        return name;
    }

    /** Puts the device into its power-on state (QEMU's {@code DeviceClass.reset}). */
    public abstract void reset();

    /** The declared, versioned description of the device's state (QEMU's {@code VMStateDescription}). */
    public abstract VmState vmState();

    /** Logs a guest programming error (bad register offset, write to a read-only register) under {@code -d guest_errors}. */
    protected final void guestError(String format, Object... args) {
        if (GuestLog.on(GuestLog.GUEST_ERRORS)) {
            GuestLog.log(name + ": " + String.format(format, args));
        }
    }

    /** Logs use of a device feature jemu does not implement under {@code -d unimp}. */
    protected final void unimplemented(String format, Object... args) {
        if (GuestLog.on(GuestLog.UNIMP)) {
            GuestLog.log(name + ": " + String.format(format, args));
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + name + ")";
    }
}
