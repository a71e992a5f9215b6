package org.jemu.translator.exec;

/**
 * An interrupt signal between devices, interrupt controllers and CPU inputs, as QEMU's {@code qemu_irq}:
 * the source sets its level; the sink reacts on the vCPU thread, synchronously.
 */
@FunctionalInterface
public interface IrqLine {
    /** A line connected to nothing. */
    IrqLine NONE = level -> { };

    /** Drives the line high ({@code true}) or low. */
    void set(boolean level);

    /** Drives the line high then low (an edge for edge-triggered inputs). */
    default void pulse() {
        set(true);
        set(false);
    }
}
