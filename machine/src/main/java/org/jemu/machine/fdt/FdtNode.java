package org.jemu.machine.fdt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One node of a device tree (Devicetree Specification v0.4, chapter 2): a name ({@code node-name@unit-address};
 * the root's name is empty), ordered properties and ordered children. Property values are raw bytes as in the
 * blob; the typed setters encode them as the specification's section 2.2.4 describes ({@code <u32>} and
 * {@code <u64>} big-endian cells, NUL-terminated strings, string lists, empty values).
 *
 * <p>Setting an existing property replaces its value in place (its position is kept), as libfdt's
 * {@code fdt_setprop} does.
 */
public final class FdtNode {
    private final String name;
    private final Map<String, byte[]> props = new LinkedHashMap<>();
    private final List<FdtNode> children = new ArrayList<>();

    /** A detached node; {@code ""} for a root. */
    public FdtNode(String name) {
        this.name = Objects.requireNonNull(name);
        if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("bad device tree node name '" + name + "'");
        }
    }

    public String name() {
        return name;
    }

    // ---------------------------------------------------------------------------------------------
    // Children

    /** Adds a new child at the end and returns it. */
    public FdtNode addChild(String childName) {
        if (child(childName) != null) {
            throw new IllegalArgumentException("node '" + name + "' already has a child '" + childName + "'");
        }
        FdtNode c = new FdtNode(childName);
        children.add(c);
        return c;
    }

    /** The child named exactly {@code childName}, or null. */
    public FdtNode child(String childName) {
        for (FdtNode c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    /** Children in order (read-only view). */
    public List<FdtNode> children() {
        return Collections.unmodifiableList(children);
    }

    /** Removes the named child; returns true if there was one. */
    public boolean removeChild(String childName) {
        return children.removeIf(c -> c.name.equals(childName));
    }

    /**
     * The node at {@code path} relative to this one ({@code "/chosen"}, {@code "cpus/cpu@0"}), or null. A
     * component without a unit address also matches a node with one if that is unambiguous, as libfdt does.
     */
    public FdtNode find(String path) {
        FdtNode n = this;
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            FdtNode next = n.child(part);
            if (next == null && part.indexOf('@') < 0) {
                for (FdtNode c : n.children) {
                    if (c.name.startsWith(part + "@")) {
                        if (next != null) {
                            return null;
                        }
                        next = c;
                    }
                }
            }
            if (next == null) {
                return null;
            }
            n = next;
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------
    // Property setters

    /** Sets a property to raw bytes. */
    public FdtNode prop(String propName, byte[] value) {
        if (propName.isEmpty() || propName.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("bad device tree property name '" + propName + "'");
        }
        props.put(propName, value.clone());
        return this;
    }

    /** Sets an empty (boolean) property such as {@code interrupt-controller}. */
    public FdtNode propEmpty(String propName) {
        return prop(propName, new byte[0]);
    }

    /** Sets a one-cell {@code <u32>} property. */
    public FdtNode propU32(String propName, int value) {
        return propCells(propName, value);
    }

    /** Sets a {@code <u64>} property (two cells, high first). */
    public FdtNode propU64(String propName, long value) {
        return prop(propName, ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(value).array());
    }

    /** Sets a {@code <prop-encoded-array>} of 32-bit cells. */
    public FdtNode propCells(String propName, int... cells) {
        ByteBuffer b = ByteBuffer.allocate(4 * cells.length).order(ByteOrder.BIG_ENDIAN);
        for (int c : cells) {
            b.putInt(c);
        }
        return prop(propName, b.array());
    }

    /**
     * Sets cells of mixed sizes, like QEMU's {@code qemu_fdt_setprop_sized_cells}: pairs of (cell count 1 or
     * 2, value), e.g. {@code propSizedCells("reg", 2, base, 2, size)}.
     */
    public FdtNode propSizedCells(String propName, long... countValuePairs) {
        if (countValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("sized cells come in (count, value) pairs");
        }
        ByteBuffer b = ByteBuffer.allocate(8 * (countValuePairs.length / 2))
                .order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < countValuePairs.length; i += 2) {
            long n = countValuePairs[i];
            long v = countValuePairs[i + 1];
            if (n == 1) {
                if (v >>> 32 != 0) {
                    throw new IllegalArgumentException(propName + ": value 0x" + Long.toHexString(v) + " does not fit one cell");
                }
                b.putInt((int) v);
            } else if (n == 2) {
                b.putLong(v);
            } else {
                throw new IllegalArgumentException(propName + ": cell count " + n + " is not 1 or 2");
            }
        }
        return prop(propName, Arrays.copyOf(b.array(), b.position()));
    }

    /** Sets a {@code <string>} property (NUL-terminated). */
    public FdtNode propString(String propName, String value) {
        return propStrings(propName, value);
    }

    /** Sets a {@code <stringlist>} property: each string NUL-terminated, concatenated. */
    public FdtNode propStrings(String propName, String... values) {
        int len = 0;
        byte[][] enc = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            enc[i] = values[i].getBytes(StandardCharsets.UTF_8);
            for (byte x : enc[i]) {
                if (x == 0) {
                    throw new IllegalArgumentException(propName + ": string contains NUL");
                }
            }
            len += enc[i].length + 1;
        }
        byte[] v = new byte[len];
        int p = 0;
        for (byte[] e : enc) {
            System.arraycopy(e, 0, v, p, e.length);
            p += e.length + 1;
        }
        return prop(propName, v);
    }

    /** Sets {@code phandle} to {@code value} and returns it. */
    public int phandle(int value) {
        propU32("phandle", value);
        return value;
    }

    /** Removes a property; returns true if it existed. */
    public boolean removeProp(String propName) {
        return props.remove(propName) != null;
    }

    // ---------------------------------------------------------------------------------------------
    // Property getters

    /** Property names in order. */
    public List<String> propNames() {
        return List.copyOf(props.keySet());
    }

    /** Raw value of a property, or null if absent. */
    public byte[] prop(String propName) {
        byte[] v = props.get(propName);
        return v == null ? null : v.clone();
    }

    public boolean hasProp(String propName) {
        return props.containsKey(propName);
    }

    /** The property as 32-bit cells. */
    public int[] cells(String propName) {
        byte[] v = require(propName);
        if (v.length % 4 != 0) {
            throw new IllegalArgumentException("property " + propName + " of node '" + name + "' is " + v.length
                    + " bytes, not a multiple of 4");
        }
        ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.BIG_ENDIAN);
        int[] out = new int[v.length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getInt();
        }
        return out;
    }

    /** The property as one {@code <u32>}. */
    public int u32(String propName) {
        int[] c = cells(propName);
        if (c.length != 1) {
            throw new IllegalArgumentException("property " + propName + " of node '" + name + "' has " + c.length + " cells, not 1");
        }
        return c[0];
    }

    /** The property as one {@code <u64>}. */
    public long u64(String propName) {
        byte[] v = require(propName);
        if (v.length != 8) {
            throw new IllegalArgumentException("property " + propName + " of node '" + name + "' is " + v.length + " bytes, not 8");
        }
        return ByteBuffer.wrap(v).order(ByteOrder.BIG_ENDIAN).getLong();
    }

    /** The property as a string list. */
    public List<String> strings(String propName) {
        byte[] v = require(propName);
        if (v.length == 0 || v[v.length - 1] != 0) {
            throw new IllegalArgumentException("property " + propName + " of node '" + name + "' is not NUL-terminated");
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0) {
                out.add(new String(v, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return out;
    }

    /** The property as one string. */
    public String string(String propName) {
        List<String> s = strings(propName);
        if (s.size() != 1) {
            throw new IllegalArgumentException("property " + propName + " of node '" + name + "' holds " + s.size() + " strings");
        }
        return s.get(0);
    }

    private byte[] require(String propName) {
        byte[] v = props.get(propName);
        if (v == null) {
            throw new IllegalArgumentException("node '" + name + "' has no property " + propName);
        }
        return v;
    }

    // ---------------------------------------------------------------------------------------------

    /** Deep structural equality: names, property names, values and order, children in order. */
    public boolean deepEquals(FdtNode o) {
        if (!name.equals(o.name) || !props.keySet().stream().toList().equals(o.props.keySet().stream().toList())
                || children.size() != o.children.size()) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : props.entrySet()) {
            if (!Arrays.equals(e.getValue(), o.props.get(e.getKey()))) {
                return false;
            }
        }
        for (int i = 0; i < children.size(); i++) {
            if (!children.get(i).deepEquals(o.children.get(i))) {
                return false;
            }
        }
        return true;
    }

    Map<String, byte[]> rawProps() {
        return props;
    }

    List<FdtNode> rawChildren() {
        return children;
    }

    @Override
    public String toString() {
        return "FdtNode(" + (name.isEmpty() ? "/" : name) + ", " + props.size() + " props, " + children.size() + " children)";
    }
}
