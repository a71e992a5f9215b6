package org.jemu.machine.fdt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Builds a device tree with a small fluent API and serialises it to a flattened blob (DTB), without any
 * external library.
 *
 * <pre>{@code
 * FdtBuilder b = new FdtBuilder();
 * b.propU32("#address-cells", 2).propU32("#size-cells", 2).propString("compatible", "linux,dummy-virt");
 * int clk = b.allocPhandle();
 * b.beginNode("apb-pclk")
 *         .propString("compatible", "fixed-clock").propU32("clock-frequency", 24_000_000).propU32("phandle", clk)
 *  .endNode();
 * byte[] dtb = b.build();
 * }</pre>
 *
 * The builder starts positioned at the root node; {@link #beginNode} descends into a new child and
 * {@link #endNode} returns to its parent. Property methods act on the current node. For edits after the
 * fact (adding {@code /chosen/bootargs} later, say) use {@link #node(String)} and the setters of
 * {@link FdtNode}.
 */
public final class FdtBuilder {
    private final FdtNode root = new FdtNode("");
    private final Deque<FdtNode> stack = new ArrayDeque<>();
    private final List<Fdt.Reservation> reservations = new ArrayList<>();
    private int nextPhandle;
    private int bootCpuId;

    /** A builder whose phandles start at 1. */
    public FdtBuilder() {
        this(1);
    }

    /** A builder whose phandles start at {@code firstPhandle} (QEMU starts at 0x8000). */
    public FdtBuilder(int firstPhandle) {
        if (firstPhandle == 0 || firstPhandle == -1) {
            throw new IllegalArgumentException("phandle values 0 and 0xffffffff are reserved");
        }
        this.nextPhandle = firstPhandle;
        stack.push(root);
    }

    /** The root node. */
    public FdtNode root() {
        return root;
    }

    /** The node properties are currently added to. */
    public FdtNode current() {
        return stack.peek();
    }

    /** The node at an absolute path such as {@code "/chosen"}, or null. */
    public FdtNode node(String path) {
        return root.find(path);
    }

    /** Returns a fresh phandle value (Devicetree spec 2.3.3), unique within this tree. */
    public int allocPhandle() {
        return nextPhandle++;
    }

    /** Adds a child of the current node and makes it current. */
    public FdtBuilder beginNode(String name) {
        stack.push(current().addChild(name));
        return this;
    }

    /** Returns to the parent of the current node. */
    public FdtBuilder endNode() {
        if (stack.size() == 1) {
            throw new IllegalStateException("endNode() at the root");
        }
        stack.pop();
        return this;
    }

    public FdtBuilder prop(String name, byte[] value) {
        current().prop(name, value);
        return this;
    }

    public FdtBuilder propEmpty(String name) {
        current().propEmpty(name);
        return this;
    }

    public FdtBuilder propU32(String name, int value) {
        current().propU32(name, value);
        return this;
    }

    public FdtBuilder propU64(String name, long value) {
        current().propU64(name, value);
        return this;
    }

    public FdtBuilder propCells(String name, int... cells) {
        current().propCells(name, cells);
        return this;
    }

    /** Mixed-size cells: (count, value) pairs, count 1 or 2 (QEMU's {@code qemu_fdt_setprop_sized_cells}). */
    public FdtBuilder propSizedCells(String name, long... countValuePairs) {
        current().propSizedCells(name, countValuePairs);
        return this;
    }

    public FdtBuilder propString(String name, String value) {
        current().propString(name, value);
        return this;
    }

    public FdtBuilder propStrings(String name, String... values) {
        current().propStrings(name, values);
        return this;
    }

    /** Adds a memory reservation block entry. */
    public FdtBuilder reserve(long address, long size) {
        reservations.add(new Fdt.Reservation(address, size));
        return this;
    }

    /** Sets the header's boot_cpuid_phys. */
    public FdtBuilder bootCpuId(int id) {
        bootCpuId = id;
        return this;
    }

    /** The tree as an {@link Fdt}. All nodes must be closed. */
    public Fdt toFdt() {
        if (stack.size() != 1) {
            throw new IllegalStateException(stack.size() - 1 + " node(s) still open, the innermost is '"
                    + current().name() + "'");
        }
        return new Fdt(root, reservations, bootCpuId);
    }

    /** The flattened blob. */
    public byte[] build() {
        return toFdt().toBlob();
    }

    /** The flattened blob padded to at least {@code minTotalSize} bytes. */
    public byte[] build(int minTotalSize) {
        return toFdt().toBlob(minTotalSize);
    }
}
