package org.jemu.machine.fdt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A device tree: its root node, the memory reservation block and the boot CPU, convertible to and from
 * the flattened blob format (DTB) of Devicetree Specification v0.4, chapter 5.
 *
 * <h2>Blob layout written by {@link #toBlob}</h2>
 * Big-endian throughout, in the order dtc uses: the 40-byte header (5.2: magic 0xd00dfeed, totalsize,
 * off_dt_struct, off_dt_strings, off_mem_rsvmap, version 17, last_comp_version 16, boot_cpuid_phys,
 * size_dt_strings, size_dt_struct), the memory reservation block (5.3: 8-byte aligned pairs of u64 address
 * and size, ending with a zero pair), the structure block (5.4: FDT_BEGIN_NODE with the NUL-terminated
 * name padded to 4 bytes, FDT_PROP with length, name offset and padded value, FDT_END_NODE, and a final
 * FDT_END), then the strings block (5.5: each property name once, NUL-terminated).
 */
public final class Fdt {
    /** Header magic. */
    public static final int MAGIC = 0xd00dfeed;
    /** Version written. */
    public static final int VERSION = 17;
    /** Oldest version a v17 blob is compatible with. */
    public static final int LAST_COMP_VERSION = 16;
    /** Header size of a version 17 blob. */
    public static final int HEADER_SIZE = 40;

    public static final int FDT_BEGIN_NODE = 1;
    public static final int FDT_END_NODE = 2;
    public static final int FDT_PROP = 3;
    public static final int FDT_NOP = 4;
    public static final int FDT_END = 9;

    /** A memory reservation entry (5.3.2): guest physical address and size in bytes. */
    public record Reservation(long address, long size) {
    }

    private final FdtNode root;
    private final List<Reservation> reservations;
    private final int bootCpuId;

    public Fdt(FdtNode root, List<Reservation> reservations, int bootCpuId) {
        this.root = Objects.requireNonNull(root);
        if (!root.name().isEmpty()) {
            throw new IllegalArgumentException("the root node's name must be empty, not '" + root.name() + "'");
        }
        this.reservations = List.copyOf(reservations);
        this.bootCpuId = bootCpuId;
    }

    public FdtNode root() {
        return root;
    }

    public List<Reservation> reservations() {
        return reservations;
    }

    /** The physical ID of the boot CPU (header field boot_cpuid_phys). */
    public int bootCpuId() {
        return bootCpuId;
    }

    /** Serialises the tree with no free space at the end. */
    public byte[] toBlob() {
        return toBlob(0);
    }

    /**
     * Serialises the tree; if {@code minTotalSize} is larger than the blob, the blob is padded with zeros to
     * that size and totalsize says so, leaving room for a bootloader to add properties in place.
     */
    public byte[] toBlob(int minTotalSize) {
        ByteArrayOutputStream structure = new ByteArrayOutputStream();
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        Map<String, Integer> stringOffsets = new HashMap<>();
        writeNode(root, structure, strings, stringOffsets);
        putInt(structure, FDT_END);

        int offRsv = HEADER_SIZE; // already 8-byte aligned
        int rsvSize = 16 * (reservations.size() + 1);
        int offStruct = offRsv + rsvSize;
        int structSize = structure.size();
        int offStrings = offStruct + structSize;
        int stringsSize = strings.size();
        int total = Math.max(offStrings + stringsSize, minTotalSize);

        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC).putInt(total).putInt(offStruct).putInt(offStrings).putInt(offRsv)
                .putInt(VERSION).putInt(LAST_COMP_VERSION).putInt(bootCpuId).putInt(stringsSize).putInt(structSize);
        for (Reservation r : reservations) {
            b.putLong(r.address()).putLong(r.size());
        }
        b.putLong(0).putLong(0);
        b.put(structure.toByteArray());
        b.put(strings.toByteArray());
        return b.array();
    }

    private static void writeNode(FdtNode n, ByteArrayOutputStream s, ByteArrayOutputStream str,
            Map<String, Integer> offs) {
        putInt(s, FDT_BEGIN_NODE);
        byte[] name = n.name().getBytes(StandardCharsets.UTF_8);
        s.writeBytes(name);
        s.write(0);
        pad(s);
        for (Map.Entry<String, byte[]> e : n.rawProps().entrySet()) {
            Integer off = offs.get(e.getKey());
            if (off == null) {
                off = str.size();
                offs.put(e.getKey(), off);
                str.writeBytes(e.getKey().getBytes(StandardCharsets.UTF_8));
                str.write(0);
            }
            putInt(s, FDT_PROP);
            putInt(s, e.getValue().length);
            putInt(s, off);
            s.writeBytes(e.getValue());
            pad(s);
        }
        for (FdtNode c : n.rawChildren()) {
            writeNode(c, s, str, offs);
        }
        putInt(s, FDT_END_NODE);
    }

    private static void putInt(ByteArrayOutputStream s, int v) {
        s.write(v >>> 24);
        s.write(v >>> 16);
        s.write(v >>> 8);
        s.write(v);
    }

    private static void pad(ByteArrayOutputStream s) {
        while (s.size() % 4 != 0) {
            s.write(0);
        }
    }

    /** Parses a blob (see {@link FdtReader#parse}). */
    public static Fdt parse(byte[] blob) {
        return FdtReader.parse(blob);
    }

    /** A copy of the reservations list with one more entry. */
    public Fdt withReservation(long address, long size) {
        List<Reservation> r = new ArrayList<>(reservations);
        r.add(new Reservation(address, size));
        return new Fdt(root, r, bootCpuId);
    }
}
