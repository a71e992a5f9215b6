package org.jemu.arm.fuzz;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The architectural state both emulators are compared on, normalised: X0..X30, SP, NZCV, the data region,
 * and where execution stopped ({@link Stop}).
 *
 * @param x    X0..X30
 * @param sp   SP (SP_EL1)
 * @param nzcv NZCV, N in bit 3
 * @param data the data region
 * @param stop where and how execution stopped
 * @param v    V0..V31, two longs each (bits [63:0], then [127:64])
 * @param fpcr FPCR
 * @param fpsr FPSR
 */
record A64FuzzState(long[] x, long sp, int nzcv, byte[] data, Stop stop, long[] v, long fpcr, long fpsr) {

    enum Kind {
        /** Stopped after a single step with the PC at {@link Stop#pc} (stepping only). */
        RUNNING,
        /** Reached the terminator. */
        COMPLETED,
        /**
         * Data abort on unmapped memory at instruction {@link Stop#pc}: Unicorn's {@code UC_ERR_READ_UNMAPPED}
         * / {@code UC_ERR_WRITE_UNMAPPED}; jemu's synchronous external abort (DFSC 0b010000) or, above the
         * physical address range, address size fault (DFSC 0b000000).
         */
        UNMAPPED_ABORT,
        /** Alignment fault (DFSC 0b100001) at {@link Stop#pc}: Unicorn's data-abort exception (intno 4). */
        ALIGNMENT_ABORT,
        /** Anything else (described in {@link Stop#detail}). */
        OTHER
    }

    /**
     * @param kind   how execution stopped
     * @param pc     the terminator, the next instruction (RUNNING) or the faulting instruction
     * @param write  for UNMAPPED_ABORT: the faulting access was a write (jemu: ESR.WnR)
     * @param addr   for UNMAPPED_ABORT: the faulting address (jemu: FAR_EL1; Unicorn: the invalid access)
     * @param detail free text (ESR, Unicorn error), not compared
     */
    record Stop(Kind kind, long pc, boolean write, long addr, String detail) {
        static Stop of(Kind kind, long pc) {
            return new Stop(kind, pc, false, 0, "");
        }

        boolean terminal() {
            return kind != Kind.RUNNING;
        }

        @Override
        public String toString() {
            String s = kind + " at 0x" + Long.toHexString(pc);
            if (kind == Kind.UNMAPPED_ABORT) {
                s += (write ? " (write" : " (read") + " of 0x" + Long.toHexString(addr) + ")";
            }
            return detail.isEmpty() ? s : s + " [" + detail + "]";
        }
    }

    /**
     * The first difference between {@code this} (Unicorn, the reference) and {@code jemu}, or null if they
     * agree: the stop first, then the registers, NZCV, and the data region byte by byte.
     */
    String firstDifference(A64FuzzState jemu) {
        Stop a = stop;
        Stop b = jemu.stop;
        if (a.kind != b.kind || a.pc != b.pc) {
            return "stop: Unicorn " + a + ", jemu " + b;
        }
        if (a.kind == Kind.UNMAPPED_ABORT && (a.write != b.write || a.addr != b.addr)) {
            return "abort access: Unicorn " + a + ", jemu " + b;
        }
        for (int i = 0; i < 31; i++) {
            if (x[i] != jemu.x[i]) {
                return String.format("x%d: Unicorn 0x%016x, jemu 0x%016x", i, x[i], jemu.x[i]);
            }
        }
        if (sp != jemu.sp) {
            return String.format("sp: Unicorn 0x%016x, jemu 0x%016x", sp, jemu.sp);
        }
        if (nzcv != jemu.nzcv) {
            return "nzcv: Unicorn " + A64FuzzCase.nzcvString(nzcv) + ", jemu " + A64FuzzCase.nzcvString(jemu.nzcv);
        }
        for (int i = 0; i < 32; i++) {
            if (v[2 * i] != jemu.v[2 * i] || v[2 * i + 1] != jemu.v[2 * i + 1]) {
                return String.format("v%d: Unicorn 0x%016x%016x, jemu 0x%016x%016x", i, v[2 * i + 1], v[2 * i],
                        jemu.v[2 * i + 1], jemu.v[2 * i]);
            }
        }
        if (fpcr != jemu.fpcr) {
            return String.format("fpcr: Unicorn 0x%08x, jemu 0x%08x", fpcr, jemu.fpcr);
        }
        if (fpsr != jemu.fpsr) {
            return String.format("fpsr: Unicorn 0x%08x, jemu 0x%08x", fpsr, jemu.fpsr);
        }
        int d = Arrays.mismatch(data, jemu.data);
        if (d >= 0) {
            int n = 0;
            for (int i = d; i < data.length; i++) {
                if (data[i] != jemu.data[i]) {
                    n++;
                }
            }
            return String.format("memory at 0x%x: Unicorn %02x, jemu %02x (%d differing bytes)",
                    A64FuzzCase.DATA + d, data[d] & 0xff, jemu.data[d] & 0xff, n);
        }
        return null;
    }

    /** Addresses of the data bytes that differ between the two states. */
    long[] differingBytes(A64FuzzState other) {
        return IntStream.range(0, data.length).filter(i -> data[i] != other.data[i])
                .mapToLong(i -> A64FuzzCase.DATA + i).toArray();
    }

    /** Indices of the X registers that differ. */
    int[] differingRegisters(A64FuzzState other) {
        return IntStream.range(0, 31).filter(i -> x[i] != other.x[i]).toArray();
    }

    /** Same V registers, FPCR and FPSR. */
    boolean sameFp(A64FuzzState o) {
        return Arrays.equals(v, o.v) && fpcr == o.fpcr && fpsr == o.fpsr;
    }

    /** Base register value: Xn, or SP for 31. */
    long base(int n) {
        return n == 31 ? sp : x[n];
    }
}
