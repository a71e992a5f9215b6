package org.jemu.x86.fuzz;

import java.util.Arrays;

/**
 * The architectural state both emulators are compared on: EAX..EDI, EIP, EFLAGS, the six selectors, the
 * memory window of the case, and where execution stopped.
 */
record X86FuzzState(long[] regs, long eip, int eflags, int[] segs, byte[] memory, Stop stop, X87Fuzz.State x87) {

    /** A state without the FPU (integer-only cases). */
    X86FuzzState(long[] regs, long eip, int eflags, int[] segs, byte[] memory, Stop stop) {
        this(regs, eip, eflags, segs, memory, stop, null);
    }

    /** This state with the FPU state {@code f}. */
    X86FuzzState withX87(X87Fuzz.State f) {
        return new X86FuzzState(regs, eip, eflags, segs, memory, stop, f);
    }

    enum Kind {
        /** Single step done, EIP at the next instruction (stepping only). */
        RUNNING,
        /** Reached the HLT. */
        COMPLETED,
        /** An exception or interrupt: {@link Stop#vector}; EIP the faulting instruction or, for traps, the next. */
        EXCEPTION,
        /** An access to unmapped memory at the instruction at EIP. */
        UNMAPPED,
        /** Ran out of instructions (long REP loop): not compared. */
        TIMEOUT,
        /** Anything else. */
        OTHER
    }

    /**
     * @param cr2     #PF: CR2 (the faulting linear address)
     * @param err     #PF: the error code (SDM Vol. 3A Figure 4-12)
     * @param errMask #PF: the error-code bits compared (a #PF is a stop only without paging's own oracle, see
     *                {@link X86PagingFuzzTest}; {@link JemuX86Runner} reports all four)
     */
    record Stop(Kind kind, long eip, int vector, String detail, long cr2, int err, int errMask) {
        Stop(Kind kind, long eip, int vector, String detail) {
            this(kind, eip, vector, detail, 0, 0, 0);
        }

        static Stop of(Kind k, long eip) {
            return new Stop(k, eip, -1, "");
        }

        boolean pageFault() {
            return kind == Kind.EXCEPTION && vector == 14;
        }

        @Override
        public String toString() {
            return kind + (kind == Kind.EXCEPTION ? " " + vector : "") + " at 0x" + Long.toHexString(eip)
                    + (pageFault() ? String.format(" (cr2 0x%x, error code %x/mask %x)", cr2, err, errMask) : "")
                    + (detail.isEmpty() ? "" : " [" + detail + "]");
        }

        boolean sameAs(Stop o) {
            return kind == o.kind && eip == o.eip && vector == o.vector
                    && (!pageFault() || cr2 == o.cr2 && ((err ^ o.err) & errMask & o.errMask) == 0);
        }
    }

    static final String[] REG = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
    static final String[] SEG = {"es", "cs", "ss", "ds", "fs", "gs"};
    /** EFLAGS bits compared: the i686's defined bits except RF (QEMU keeps RF in a hidden flag). */
    static final int COMPARED = 0x003F_7FD7 & ~(1 << 16);

    /**
     * The first difference, or null. EFLAGS bits in {@code undefinedFlags} are not compared.
     */
    String firstDifference(X86FuzzState o, int undefinedFlags) {
        if (!stop.sameAs(o.stop)) {
            return "stop: " + stop + " vs " + o.stop;
        }
        for (int i = 0; i < 8; i++) {
            if (regs[i] != o.regs[i]) {
                return String.format("%s: 0x%08x vs 0x%08x", REG[i], regs[i], o.regs[i]);
            }
        }
        if (eip != o.eip) {
            return String.format("eip: 0x%x vs 0x%x", eip, o.eip);
        }
        int m = COMPARED & ~undefinedFlags;
        if ((eflags & m) != (o.eflags & m)) {
            return String.format("eflags: 0x%08x vs 0x%08x (differing bits 0x%x, ignored 0x%x)", eflags, o.eflags,
                    (eflags ^ o.eflags) & m, undefinedFlags);
        }
        for (int i = 0; i < 6; i++) {
            if (segs[i] != o.segs[i]) {
                return String.format("%s: 0x%04x vs 0x%04x", SEG[i], segs[i], o.segs[i]);
            }
        }
        int mm = Arrays.mismatch(memory, o.memory);
        if (mm >= 0) {
            return String.format("memory at offset 0x%x: 0x%02x vs 0x%02x", mm, memory[mm] & 0xFF, o.memory[mm] & 0xFF);
        }
        if (x87 != null && o.x87 != null) {
            String d = x87.firstDifference(o.x87);
            if (d != null) {
                return "x87 " + d;
            }
        }
        return null;
    }
}
