package org.jemu.machine.fdt;

/**
 * A flattened device tree blob is malformed. The message is one line starting with
 * {@code "invalid device tree blob: "} and saying what is wrong and where.
 */
public final class FdtException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public FdtException(String detail) {
        super("invalid device tree blob: " + detail);
    }
}
