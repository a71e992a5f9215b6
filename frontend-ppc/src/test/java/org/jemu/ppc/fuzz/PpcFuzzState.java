package org.jemu.ppc.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * The architectural state both emulators are compared on: GPR0..31, CR, XER, LR, CTR, FPR0..31, FPSCR,
 * the data region, and where execution stopped.
 */
record PpcFuzzState(long[] gpr, long cr, long xer, long lr, long ctr, byte[] data, Stop stop, long[] fpr, long fpscr) {

    enum Kind {
        /** Stopped (after a single step or the budget) with the PC at {@link Stop#pc}. */
        RUNNING,
        /** Reached the terminator. */
        COMPLETED,
        /** Program exception other than illegal instruction (a trap) at {@link Stop#pc}: Unicorn intno 6. */
        PROGRAM,
        /** Illegal instruction program exception at {@link Stop#pc}: Unicorn intno 96. */
        ILLEGAL,
        /** System call: the PC is SRR0, the instruction after {@code sc} (Unicorn intno 8). */
        SYSCALL,
        /** Alignment exception at {@link Stop#pc} (Unicorn intno 5). */
        ALIGNMENT,
        /**
         * Data access to unmapped memory: Unicorn's {@code UC_ERR_READ/WRITE_UNMAPPED}; jemu's machine check,
         * with the address (DAR) and direction.
         */
        UNMAPPED,
        /** Instruction fetch from unmapped memory (Unicorn {@code UC_ERR_FETCH_UNMAPPED}; jemu ISI). */
        FETCH_UNMAPPED,
        /** Anything else (see {@link Stop#detail}). */
        OTHER
    }

    /**
     * @param kind   how execution stopped
     * @param pc     the terminator, the next instruction, the faulting instruction (SRR0 for sc)
     * @param write  for UNMAPPED: the access was a store
     * @param addr   for UNMAPPED: the first unmapped byte accessed
     * @param detail free text, not compared
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
            if (kind == Kind.UNMAPPED) {
                s += (write ? " (write" : " (read") + " of 0x" + Long.toHexString(addr) + ")";
            }
            return detail.isEmpty() ? s : s + " [" + detail + "]";
        }
    }

    /** The first difference between {@code this} (Unicorn, the reference) and {@code jemu}, or null. */
    String firstDifference(PpcFuzzState jemu) {
        return firstDifference(jemu, "Unicorn");
    }

    /** The first difference between {@code this} (the reference, called {@code ref}) and {@code jemu}, or null. */
    String firstDifference(PpcFuzzState jemu, String ref) {
        Stop a = stop;
        Stop b = jemu.stop;
        // QEMU reports an invalid form detected by a helper at run time (lswx) as a program exception
        // (intno 6), like a trap; only decode-time illegal instructions get intno 96.
        boolean sameKind = a.kind == b.kind || (a.kind == Kind.PROGRAM && b.kind == Kind.ILLEGAL);
        if (!sameKind || a.pc != b.pc) {
            return "stop: " + ref + " " + a + ", jemu " + b;
        }
        if (a.kind == Kind.UNMAPPED && (a.write != b.write || a.addr != b.addr)) {
            return "fault access: " + ref + " " + a + ", jemu " + b;
        }
        for (int i = 0; i < 32; i++) {
            if (gpr[i] != jemu.gpr[i]) {
                return String.format("r%d: " + ref + " 0x%08x, jemu 0x%08x", i, gpr[i], jemu.gpr[i]);
            }
        }
        if (cr != jemu.cr) {
            return String.format("cr: " + ref + " 0x%08x, jemu 0x%08x", cr, jemu.cr);
        }
        if (xer != jemu.xer) {
            return String.format("xer: " + ref + " 0x%08x, jemu 0x%08x", xer, jemu.xer);
        }
        if (lr != jemu.lr) {
            return String.format("lr: " + ref + " 0x%08x, jemu 0x%08x", lr, jemu.lr);
        }
        if (ctr != jemu.ctr) {
            return String.format("ctr: " + ref + " 0x%08x, jemu 0x%08x", ctr, jemu.ctr);
        }
        for (int i = 0; i < 32; i++) {
            if (fpr[i] != jemu.fpr[i]) {
                return String.format("f%d: " + ref + " 0x%016x, jemu 0x%016x", i, fpr[i], jemu.fpr[i]);
            }
        }
        if (fpscr != jemu.fpscr) {
            return String.format("fpscr: " + ref + " 0x%08x, jemu 0x%08x", fpscr, jemu.fpscr);
        }
        for (int i = 0; i < data.length; i++) {
            if (data[i] != jemu.data[i]) {
                return String.format("data byte at 0x%x: " + ref + " 0x%02x, jemu 0x%02x", PpcFuzzCase.DATA + i,
                        data[i] & 0xff, jemu.data[i] & 0xff);
            }
        }
        return null;
    }

    /** Addresses of data bytes that differ. */
    List<Long> differingBytes(PpcFuzzState o) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < data.length; i++) {
            if (data[i] != o.data[i]) {
                out.add(PpcFuzzCase.DATA + i);
            }
        }
        return out;
    }

    /** Register numbers whose values differ. */
    List<Integer> differingRegisters(PpcFuzzState o) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            if (gpr[i] != o.gpr[i]) {
                out.add(i);
            }
        }
        return out;
    }
}
