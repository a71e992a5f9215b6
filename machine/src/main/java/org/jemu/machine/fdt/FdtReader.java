package org.jemu.machine.fdt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Parses and validates flattened device tree blobs (Devicetree Specification v0.4, chapter 5), for tests
 * and for checking a user's {@code -dtb} file before the guest sees it. Every defect is reported as an
 * {@link FdtException} with a one-line message.
 *
 * <p>Checked: the magic, that totalsize fits the data, version 16 or 17 (or newer with
 * last_comp_version at most 17), block offsets and sizes inside totalsize and aligned, a terminated
 * memory reservation block, a well-nested structure block with a nameless root, tokens, property lengths
 * and name offsets inside their blocks, NUL-terminated names, and the final FDT_END.
 */
public final class FdtReader {
    private static final int MAX_DEPTH = 64;

    private FdtReader() {
    }

    /** Checks a blob; throws {@link FdtException} if it is not a valid device tree. */
    public static void validate(byte[] blob) {
        parse(blob);
    }

    /** Parses a blob into a tree. */
    public static Fdt parse(byte[] blob) {
        if (blob.length < 28) {
            throw new FdtException("only " + blob.length + " bytes, too short for a header");
        }
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.BIG_ENDIAN);
        int magic = b.getInt(0);
        if (magic != Fdt.MAGIC) {
            throw new FdtException(String.format("bad magic 0x%08x (expected 0xd00dfeed)", magic));
        }
        long total = Integer.toUnsignedLong(b.getInt(4));
        if (total > blob.length) {
            throw new FdtException("totalsize " + total + " is larger than the " + blob.length + " bytes given");
        }
        long offStruct = Integer.toUnsignedLong(b.getInt(8));
        long offStrings = Integer.toUnsignedLong(b.getInt(12));
        long offRsv = Integer.toUnsignedLong(b.getInt(16));
        int version = b.getInt(20);
        int lastComp = b.getInt(24);
        if (version < 16 || lastComp > Fdt.VERSION) {
            throw new FdtException("version " + version + " (last compatible " + lastComp + ") is not supported; need 16 or 17");
        }
        int headerSize = version >= 17 ? Fdt.HEADER_SIZE : 36;
        if (total < headerSize || blob.length < headerSize) {
            throw new FdtException("totalsize " + total + " is smaller than the " + headerSize + "-byte header");
        }
        int bootCpu = b.getInt(28);
        long sizeStrings = Integer.toUnsignedLong(b.getInt(32));
        long sizeStruct = version >= 17 ? Integer.toUnsignedLong(b.getInt(36)) : total - offStruct;
        checkBlock("memory reservation block", offRsv, 16, total, 8, headerSize);
        checkBlock("structure block", offStruct, sizeStruct, total, 4, headerSize);
        checkBlock("strings block", offStrings, sizeStrings, total, 1, headerSize);

        List<Fdt.Reservation> rsv = new ArrayList<>();
        for (long p = offRsv;; p += 16) {
            if (p + 16 > total) {
                throw new FdtException("memory reservation block at " + offRsv + " has no terminating entry");
            }
            long addr = b.getLong((int) p);
            long size = b.getLong((int) p + 8);
            if (addr == 0 && size == 0) {
                break;
            }
            rsv.add(new Fdt.Reservation(addr, size));
        }

        int p = (int) offStruct;
        int end = (int) (offStruct + sizeStruct);
        Deque<FdtNode> stack = new ArrayDeque<>();
        FdtNode root = null;
        boolean done = false;
        while (!done) {
            if (p + 4 > end) {
                throw new FdtException("structure block ends at " + end + " without FDT_END");
            }
            int token = b.getInt(p);
            int at = p;
            p += 4;
            switch (token) {
                case Fdt.FDT_BEGIN_NODE -> {
                    int nul = findNul(blob, p, end, "node name at " + at);
                    String name = new String(blob, p, nul - p, StandardCharsets.UTF_8);
                    p = align4(nul + 1);
                    if (stack.isEmpty()) {
                        if (root != null) {
                            throw new FdtException("second root node at offset " + at);
                        }
                        if (!name.isEmpty()) {
                            throw new FdtException("root node has name '" + name + "'");
                        }
                        root = new FdtNode("");
                        stack.push(root);
                    } else {
                        if (name.isEmpty() || name.indexOf('/') >= 0) {
                            throw new FdtException("bad node name '" + name + "' at offset " + at);
                        }
                        if (stack.size() >= MAX_DEPTH) {
                            throw new FdtException("nodes nested deeper than " + MAX_DEPTH + " at offset " + at);
                        }
                        FdtNode parent = stack.peek();
                        if (parent.child(name) != null) {
                            throw new FdtException("duplicate node '" + name + "' at offset " + at);
                        }
                        stack.push(parent.addChild(name));
                    }
                }
                case Fdt.FDT_END_NODE -> {
                    if (stack.isEmpty()) {
                        throw new FdtException("FDT_END_NODE without a node at offset " + at);
                    }
                    stack.pop();
                }
                case Fdt.FDT_PROP -> {
                    if (stack.isEmpty()) {
                        throw new FdtException("property outside any node at offset " + at);
                    }
                    if (p + 8 > end) {
                        throw new FdtException("truncated property at offset " + at);
                    }
                    long len = Integer.toUnsignedLong(b.getInt(p));
                    long nameOff = Integer.toUnsignedLong(b.getInt(p + 4));
                    p += 8;
                    if (p + len > end) {
                        throw new FdtException("property at offset " + at + " has length " + len + " past the structure block");
                    }
                    if (nameOff >= sizeStrings) {
                        throw new FdtException("property at offset " + at + " has name offset " + nameOff
                                + " outside the " + sizeStrings + "-byte strings block");
                    }
                    int ns = (int) (offStrings + nameOff);
                    int nameEnd = findNul(blob, ns, (int) (offStrings + sizeStrings), "property name at offset " + at);
                    String name = new String(blob, ns, nameEnd - ns, StandardCharsets.UTF_8);
                    if (name.isEmpty()) {
                        throw new FdtException("property with an empty name at offset " + at);
                    }
                    FdtNode n = stack.peek();
                    if (n.hasProp(name)) {
                        throw new FdtException("duplicate property '" + name + "' at offset " + at);
                    }
                    byte[] v = new byte[(int) len];
                    System.arraycopy(blob, p, v, 0, (int) len);
                    n.prop(name, v);
                    p = align4(p + (int) len);
                }
                case Fdt.FDT_NOP -> { }
                case Fdt.FDT_END -> {
                    if (!stack.isEmpty()) {
                        throw new FdtException("FDT_END at offset " + at + " inside node '" + stack.peek().name() + "'");
                    }
                    if (root == null) {
                        throw new FdtException("no root node");
                    }
                    done = true;
                }
                default -> throw new FdtException(String.format("unknown token 0x%x at offset %d", token, at));
            }
            if (root != null && stack.isEmpty() && !done) {
                // Only NOPs and FDT_END may follow the root node.
                while (p + 4 <= end && b.getInt(p) == Fdt.FDT_NOP) {
                    p += 4;
                }
                if (p + 4 > end || b.getInt(p) != Fdt.FDT_END) {
                    throw new FdtException("data after the root node at offset " + p + " is not FDT_END");
                }
            }
        }
        return new Fdt(root, rsv, bootCpu);
    }

    private static void checkBlock(String what, long off, long size, long total, int align, int headerSize) {
        if (off < headerSize || off + size > total) {
            throw new FdtException(what + " [" + off + ", +" + size + ") is outside the blob of " + total + " bytes");
        }
        if (off % align != 0) {
            throw new FdtException(what + " offset " + off + " is not " + align + "-byte aligned");
        }
    }

    private static int findNul(byte[] blob, int from, int end, String what) {
        for (int i = from; i < end; i++) {
            if (blob[i] == 0) {
                return i;
            }
        }
        throw new FdtException(what + " is not NUL-terminated");
    }

    private static int align4(int v) {
        return (v + 3) & ~3;
    }
}
