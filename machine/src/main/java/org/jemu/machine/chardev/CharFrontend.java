package org.jemu.machine.chardev;

/**
 * The guest-facing end of a character stream: a serial port's receive side, as the handlers a QEMU device
 * installs with {@code qemu_chr_fe_set_handlers}. All methods are called on the vCPU thread.
 */
public interface CharFrontend {
    /**
     * How many bytes the device can take right now (its free receive FIFO space); 0 means "not now" and is
     * the flow control: the backend keeps the bytes queued until the device calls
     * {@link CharBackend#acceptInput()}.
     */
    int canReceive();

    /** Delivers one received byte (0..255); called only after {@link #canReceive()} returned more than 0. */
    void receive(int b);

    /** A break condition arrived on the line (QEMU's {@code CHR_EVENT_BREAK}). */
    default void receiveBreak() {
    }
}
