package org.jemu.translator.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * The debugger's watchpoints (guest virtual address ranges and access kinds), shared by a machine's
 * vCPUs. The soft-MMU sends every access to a 4 KiB page that holds a watched byte down its slow path and
 * asks {@link #hit} there, so watchpoints cost nothing while none is set.
 */
public final class Watchpoints {
    /** A watched range: guest virtual [{@code address}, {@code address + length}), {@code kind} WATCH_*. */
    public record Watchpoint(long address, long length, int kind) {
    }

    private final List<Watchpoint> list = new ArrayList<>();

    public synchronized void add(long address, long length, int kind) {
        list.add(new Watchpoint(address, length, kind));
    }

    /** Removes one watchpoint with exactly these parameters; returns false if there was none. */
    public synchronized boolean remove(long address, long length, int kind) {
        return list.remove(new Watchpoint(address, length, kind));
    }

    public synchronized boolean isEmpty() {
        return list.isEmpty();
    }

    /** The kinds (WATCH_READ | WATCH_WRITE) watched anywhere in the 4 KiB page at guest virtual {@code page}. */
    public synchronized int kindsInPage(long page) {
        int k = 0;
        for (Watchpoint w : list) {
            if (w.address() < page + 4096 && page < w.address() + w.length()) {
                k |= w.kind();
            }
        }
        return k;
    }

    /**
     * The watchpoint an access of {@code size} bytes at guest virtual {@code vaddr} triggers, or null.
     *
     * @param kind {@link ExecLoop#WATCH_READ} or {@link ExecLoop#WATCH_WRITE}
     */
    public synchronized Watchpoint hit(long vaddr, int size, int kind) {
        for (Watchpoint w : list) {
            if ((w.kind() & kind) != 0 && w.address() < vaddr + size && vaddr < w.address() + w.length()) {
                return w;
            }
        }
        return null;
    }
}
