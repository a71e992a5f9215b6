package org.jemu.translator.memory;

import java.lang.foreign.MemorySegment;

/**
 * One region of a guest physical address space.
 *
 * <ul>
 * <li>{@link Kind#RAM}: host memory, read and written directly by the soft-MMU fast path.</li>
 * <li>{@link Kind#ROM}: host memory the guest reads and executes directly; guest writes go to the
 * handler if there is one (a flash command interface) or are ignored and logged.</li>
 * <li>{@link Kind#MMIO}: every access goes to the handler.</li>
 * </ul>
 * A ROM region with a handler can be switched to MMIO behaviour ({@link #setRomd}) while a device answers
 * reads itself (a CFI flash in command mode), as QEMU's {@code memory_region_rom_device_set_romd}.
 */
public final class MemoryRegion {
    public enum Kind { RAM, ROM, MMIO }

    public final String name;
    public final Kind kind;
    /** Guest physical base address (bytes). */
    public final long base;
    /** Size in bytes. */
    public final long size;
    /** Backing host memory (RAM and ROM), else null. */
    public final MemorySegment backing;
    /** Device interface (MMIO, and ROM devices), else null. */
    public final MmioHandler handler;
    private volatile boolean romd = true;
    PhysicalAddressSpace owner;

    MemoryRegion(String name, Kind kind, long base, long size, MemorySegment backing, MmioHandler handler) {
        this.name = name;
        this.kind = kind;
        this.base = base;
        this.size = size;
        this.backing = backing;
        this.handler = handler;
    }

    /** Host address of guest physical address {@code paddr} in this region's backing memory. */
    public long hostAddress(long paddr) {
        return backing.address() + (paddr - base);
    }

    /** True if guest physical {@code paddr} lies in this region. */
    public boolean contains(long paddr) {
        return paddr - base >= 0 && paddr - base < size;
    }

    /** Reads go straight to backing memory (RAM, or a ROM in read-array mode). */
    public boolean directRead() {
        return kind == Kind.RAM || (kind == Kind.ROM && romd);
    }

    /** Writes go straight to backing memory. */
    public boolean directWrite() {
        return kind == Kind.RAM;
    }

    /**
     * Switches a ROM device between read-array mode (reads from backing memory) and device mode (reads go
     * to the handler). Flushes every soft-MMU TLB of the address space.
     */
    public void setRomd(boolean on) {
        if (romd != on) {
            romd = on;
            if (owner != null) {
                owner.mappingChanged();
            }
        }
    }

    @Override
    public String toString() {
        return String.format("%016x-%016x %s %s", base, base + size - 1, kind, name);
    }
}
