package org.jemu.machine.i2c;

/**
 * A device on an {@link I2cBus} (QEMU's {@code I2CSlave}): told when a transfer addressed to it starts and ends,
 * given the bytes the master writes and asked for the bytes it reads (I2C-bus specification UM10204, 3.1).
 */
public interface I2cSlave {
    /** A START (or repeated START) addressed this device; {@code read} is the R/W bit (1 = the master reads). */
    void start(boolean read);

    /** A STOP, or a repeated START to another transfer, ended the transfer. */
    default void finish() {
    }

    /**
     * The master wrote {@code data} (0..255).
     *
     * @return true for ACK, false for NACK (the master then ends the transfer)
     */
    boolean send(int data);

    /** The master reads a byte: the value 0..255. */
    int recv();
}
