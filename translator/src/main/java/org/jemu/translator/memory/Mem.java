package org.jemu.translator.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Raw host-memory access by absolute host address, used by the soft-MMU fast path (generated code calls
 * these; HotSpot inlines them). Host addresses come from a TLB entry's addend plus a guest virtual
 * address and always point into a mapped guest RAM region. Names give size in bits and byte order
 * ({@code le}/{@code be}: the guest's byte order in memory, whatever the host's).
 *
 * <p>Two implementations, chosen once when the class loads:
 * <ul>
 *   <li>{@code jdk.internal.misc.Unsafe}'s unaligned accessors, when {@code java.base} exports
 *       {@code jdk.internal.misc} to jemu: the jar's manifest says {@code Add-Exports:
 *       java.base/jdk.internal.misc}, and the test and benchmark JVMs pass
 *       {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}. Each access is one HotSpot intrinsic.</li>
 *   <li>otherwise the FFM API (a {@link MemorySegment} spanning the address space). Same results, but each
 *       access expands through several levels of {@code VarHandle} code when C2 parses it; a large compiled
 *       region then reaches C2's inlining node budget ({@code NodeCountInliningCutoff}), and its later
 *       accesses become out-of-line calls. With the intrinsics the installers reached their prompt 16% to 24%
 *       sooner in alternating runs (docs/performance.md).</li>
 * </ul>
 */
public final class Mem {
    private Mem() {
    }

    /** Whether the {@code jdk.internal.misc.Unsafe} accessors are in use (see the class comment). */
    static final boolean RAW = Object.class.getModule().isExported("jdk.internal.misc", Mem.class.getModule());

    /** Loaded only when {@link #RAW}: the class is not accessible otherwise. */
    private static final class Raw {
        static final jdk.internal.misc.Unsafe U = jdk.internal.misc.Unsafe.getUnsafe();
    }

    /** Whether accesses use HotSpot's intrinsics rather than the FFM API (for tests and {@code --stats}). */
    public static boolean rawAccess() {
        return RAW;
    }

    /** The whole host address space as one native segment. */
    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private static final ValueLayout.OfShort S_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort S_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt I_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong L_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong L_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    public static int ld8(long host) {
        if (RAW) {
            return Raw.U.getByte(null, host) & 0xff;
        }
        return ALL.get(ValueLayout.JAVA_BYTE, host) & 0xff;
    }

    public static int ld16le(long host) {
        if (RAW) {
            return Raw.U.getShortUnaligned(null, host, false) & 0xffff;
        }
        return ALL.get(S_LE, host) & 0xffff;
    }

    public static int ld16be(long host) {
        if (RAW) {
            return Raw.U.getShortUnaligned(null, host, true) & 0xffff;
        }
        return ALL.get(S_BE, host) & 0xffff;
    }

    public static int ld32le(long host) {
        if (RAW) {
            return Raw.U.getIntUnaligned(null, host, false);
        }
        return ALL.get(I_LE, host);
    }

    public static int ld32be(long host) {
        if (RAW) {
            return Raw.U.getIntUnaligned(null, host, true);
        }
        return ALL.get(I_BE, host);
    }

    public static long ld64le(long host) {
        if (RAW) {
            return Raw.U.getLongUnaligned(null, host, false);
        }
        return ALL.get(L_LE, host);
    }

    public static long ld64be(long host) {
        if (RAW) {
            return Raw.U.getLongUnaligned(null, host, true);
        }
        return ALL.get(L_BE, host);
    }

    public static void st8(long host, int v) {
        if (RAW) {
            Raw.U.putByte(null, host, (byte) v);
            return;
        }
        ALL.set(ValueLayout.JAVA_BYTE, host, (byte) v);
    }

    public static void st16le(long host, int v) {
        if (RAW) {
            Raw.U.putShortUnaligned(null, host, (short) v, false);
            return;
        }
        ALL.set(S_LE, host, (short) v);
    }

    public static void st16be(long host, int v) {
        if (RAW) {
            Raw.U.putShortUnaligned(null, host, (short) v, true);
            return;
        }
        ALL.set(S_BE, host, (short) v);
    }

    public static void st32le(long host, int v) {
        if (RAW) {
            Raw.U.putIntUnaligned(null, host, v, false);
            return;
        }
        ALL.set(I_LE, host, v);
    }

    public static void st32be(long host, int v) {
        if (RAW) {
            Raw.U.putIntUnaligned(null, host, v, true);
            return;
        }
        ALL.set(I_BE, host, v);
    }

    public static void st64le(long host, long v) {
        if (RAW) {
            Raw.U.putLongUnaligned(null, host, v, false);
            return;
        }
        ALL.set(L_LE, host, v);
    }

    public static void st64be(long host, long v) {
        if (RAW) {
            Raw.U.putLongUnaligned(null, host, v, true);
            return;
        }
        ALL.set(L_BE, host, v);
    }

    /**
     * Reads {@code size} bytes (1, 2, 4, 8) at a host address in the given byte order, zero-extended.
     */
    public static long read(long host, int size, boolean bigEndian) {
        return switch (size) {
            case 1 -> ld8(host);
            case 2 -> bigEndian ? ld16be(host) : ld16le(host);
            case 4 -> (bigEndian ? ld32be(host) : ld32le(host)) & 0xffffffffL;
            case 8 -> bigEndian ? ld64be(host) : ld64le(host);
            default -> throw new IllegalArgumentException("size " + size);
        };
    }

    /** Writes the low {@code size} bytes (1, 2, 4, 8) of {@code v} at a host address in the given byte order. */
    public static void write(long host, int size, boolean bigEndian, long v) {
        switch (size) {
            case 1 -> st8(host, (int) v);
            case 2 -> {
                if (bigEndian) {
                    st16be(host, (int) v);
                } else {
                    st16le(host, (int) v);
                }
            }
            case 4 -> {
                if (bigEndian) {
                    st32be(host, (int) v);
                } else {
                    st32le(host, (int) v);
                }
            }
            case 8 -> {
                if (bigEndian) {
                    st64be(host, v);
                } else {
                    st64le(host, v);
                }
            }
            default -> throw new IllegalArgumentException("size " + size);
        }
    }
}
