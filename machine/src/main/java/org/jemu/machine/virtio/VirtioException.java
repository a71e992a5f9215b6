package org.jemu.machine.virtio;

/**
 * A guest programming error found while a virtio device walks a virtqueue (a descriptor outside RAM, a
 * chain that loops, a misaligned ring): the transport logs it as a guest error and sets the device's
 * {@code DEVICE_NEEDS_RESET} status bit, as QEMU's {@code virtio_error} does. Never a host failure.
 */
public final class VirtioException extends Exception {
    private static final long serialVersionUID = 1L;

    public VirtioException(String message) {
        super(message, null, false, false);
    }
}
