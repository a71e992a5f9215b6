package org.jemu.translator.memory;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Off-heap host memory for guest RAM: anonymous private {@code mmap} through the FFM API, so pages are
 * committed only when touched (a 4 GiB guest that touches 100 MiB costs about 100 MiB), regions may exceed
 * 2 GiB, and the same memory can later be handed to KVM unchanged.
 */
public final class HostMemory {
    private HostMemory() {
    }

    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;

    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;

    static {
        Linker linker = Linker.nativeLinker();
        MMAP = linker.downcallHandle(linker.defaultLookup().find("mmap").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        MUNMAP = linker.downcallHandle(linker.defaultLookup().find("munmap").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    }

    /**
     * Maps {@code size} bytes of zeroed, lazily committed host memory.
     *
     * @param size bytes, a multiple of 4096
     * @return a native segment of exactly {@code size} bytes
     * @throws OutOfMemoryError if the host refuses the mapping
     */
    public static MemorySegment allocate(long size) {
        if (size <= 0 || (size & 0xfff) != 0) {
            throw new IllegalArgumentException("host memory size must be a positive multiple of 4096: " + size);
        }
        long addr;
        try {
            addr = (long) MMAP.invokeExact(0L, size, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("mmap failed", t);
        }
        if (addr == -1L || addr == 0L) {
            throw new OutOfMemoryError("cannot map " + (size >> 20) + " MiB of host memory for guest RAM");
        }
        return MemorySegment.ofAddress(addr).reinterpret(size);
    }

    /** Unmaps memory returned by {@link #allocate}. */
    public static void free(MemorySegment seg) {
        try {
            int r = (int) MUNMAP.invokeExact(seg.address(), seg.byteSize());
            if (r != 0) {
                throw new IllegalStateException("munmap failed");
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("munmap failed", t);
        }
    }
}
