package org.jemu.machine.device;

import java.io.IOException;

/**
 * A device's saved state could not be loaded: the stream is truncated or corrupt, its version is not
 * supported, or a value failed validation. The message is one line naming the device and the field, for
 * example {@code device state 'pl011': field read_count: 17 is out of range 0..16}.
 */
public final class VmStateException extends IOException {
    private static final long serialVersionUID = 1L;

    public VmStateException(String message) {
        super(message);
    }

    public VmStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
