package org.jemu.translator.exec;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The {@code -d} debug log, in QEMU's spirit: a set of enabled items and one output stream (stderr, or the
 * {@code -D} file). Checks are a single static field read, so disabled items cost nothing on hot paths.
 */
public final class GuestLog {
    private GuestLog() {
    }

    /** Guest code of each block as it is translated (disassembly where the frontend has one). */
    public static final int IN_ASM = 1;
    /** Each block as it is executed. */
    public static final int EXEC = 2;
    /** Interrupts and exceptions taken by the guest CPU. */
    public static final int INT = 4;
    /** Unimplemented instructions, registers and device features the guest used. */
    public static final int UNIMP = 8;
    /** Guest errors: bad device register offsets, accesses to unassigned memory. */
    public static final int GUEST_ERRORS = 16;
    /** IR of each block after optimisation. */
    public static final int OP = 32;

    private static final String[] NAMES = {"in_asm", "exec", "int", "unimp", "guest_errors", "op"};

    /** Enabled items; set before the machine starts (not volatile: it is read on hot paths). */
    public static int mask;
    public static volatile PrintStream out = System.err;

    public static boolean on(int item) {
        return (mask & item) != 0;
    }

    public static void log(String s) {
        PrintStream o = out;
        synchronized (o) {
            o.println(s);
        }
    }

    /**
     * Parses a comma-separated {@code -d} item list.
     *
     * @throws IllegalArgumentException naming an unknown item and listing the valid ones
     */
    public static int parse(String spec) {
        int m = 0;
        for (String s : spec.split(",")) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.isEmpty()) {
                continue;
            }
            int bit = -1;
            for (int i = 0; i < NAMES.length; i++) {
                if (NAMES[i].equals(t)) {
                    bit = 1 << i;
                }
            }
            if (bit < 0) {
                throw new IllegalArgumentException("unknown -d item '" + t + "'; valid items: " + String.join(",", NAMES));
            }
            m |= bit;
        }
        return m;
    }
}
