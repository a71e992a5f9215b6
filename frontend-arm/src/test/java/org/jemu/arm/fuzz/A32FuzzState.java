package org.jemu.arm.fuzz;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The AArch32 state both emulators are compared on: R0..R14, N Z C V Q, GE[3:0], the data region, and
 * where execution stopped.
 */
record A32FuzzState(long[] r, int nzcvq, int ge, long[] d, int fpscr, byte[] data, Stop stop) {

    enum Kind {
        /** After a single step, PC at {@link Stop#pc}. */
        RUNNING,
        /** Reached the terminator. */
        COMPLETED,
        /** Data abort on unmapped memory at instruction {@link Stop#pc}. */
        UNMAPPED_ABORT,
        /** Alignment fault at {@link Stop#pc}. */
        ALIGNMENT_ABORT,
        /** SVC at {@link Stop#pc} (Unicorn: intno 2 with the PC after it; jemu: ESR EC 0x11, ELR - 4). */
        SVC,
        /** BKPT at {@link Stop#pc} (Unicorn: intno 7; jemu: EC 0x38). */
        BKPT,
        /** UNDEFINED at {@link Stop#pc} (Unicorn: UC_ERR_INSN_INVALID; jemu: EC 0). */
        UNDEFINED,
        /** Anything else. */
        OTHER
    }

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

    /** The first difference between {@code this} (Unicorn) and {@code jemu}, or null. */
    String firstDifference(A32FuzzState jemu) {
        Stop a = stop;
        Stop b = jemu.stop;
        if (a.kind != b.kind || a.pc != b.pc) {
            return "stop: Unicorn " + a + ", jemu " + b;
        }
        if (a.kind == Kind.UNMAPPED_ABORT && (a.write != b.write || a.addr != b.addr)) {
            return "abort access: Unicorn " + a + ", jemu " + b;
        }
        for (int i = 0; i < 15; i++) {
            if (r[i] != jemu.r[i]) {
                return String.format("r%d: Unicorn 0x%08x, jemu 0x%08x", i, r[i], jemu.r[i]);
            }
        }
        if (nzcvq != jemu.nzcvq) {
            return "nzcvq: Unicorn " + A32FuzzCase.flagString(nzcvq) + ", jemu " + A32FuzzCase.flagString(jemu.nzcvq);
        }
        if (ge != jemu.ge) {
            return String.format("ge: Unicorn %x, jemu %x", ge, jemu.ge);
        }
        for (int i = 0; i < 32; i++) {
            if (this.d[i] != jemu.d[i]) {
                return String.format("d%d: Unicorn 0x%016x, jemu 0x%016x", i, this.d[i], jemu.d[i]);
            }
        }
        if (fpscr != jemu.fpscr) {
            return String.format("fpscr: Unicorn 0x%08x, jemu 0x%08x", fpscr, jemu.fpscr);
        }
        int d = Arrays.mismatch(data, jemu.data);
        if (d >= 0) {
            return String.format("memory at 0x%x: Unicorn %02x, jemu %02x", A32FuzzCase.DATA + d, data[d] & 0xff,
                    jemu.data[d] & 0xff);
        }
        return null;
    }

    long[] differingBytes(A32FuzzState other) {
        return IntStream.range(0, data.length).filter(i -> data[i] != other.data[i])
                .mapToLong(i -> A32FuzzCase.DATA + i).toArray();
    }

    int[] differingRegisters(A32FuzzState other) {
        return IntStream.range(0, 15).filter(i -> r[i] != other.r[i]).toArray();
    }

    /** Same flags and GE. */
    boolean sameFlags(A32FuzzState o) {
        return nzcvq == o.nzcvq && ge == o.ge && fpscr == o.fpscr && Arrays.equals(d, o.d);
    }
}
