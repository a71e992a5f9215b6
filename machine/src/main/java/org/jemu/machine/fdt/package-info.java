/**
 * Flattened device trees (Devicetree Specification v0.4): an in-memory tree
 * ({@link org.jemu.machine.fdt.FdtNode}), a fluent {@link org.jemu.machine.fdt.FdtBuilder}, the blob format
 * ({@link org.jemu.machine.fdt.Fdt}) and a validating {@link org.jemu.machine.fdt.FdtReader} for
 * user-supplied {@code -dtb} files. No external library.
 */
package org.jemu.machine.fdt;
