package org.jemu.ppc.cpu;

/**
 * A PowerPC exception as the CPU reports it to its {@link PpcExceptionHandler}: what an interrupt would
 * record in SRR0/SRR1/DAR/DSISR before vectoring (PEM chapter 6 "Exceptions", 6.4 "Exception
 * Definitions"; Power ISA Book III "Interrupt Definitions"). With {@link PpcExceptionHandler#VECTOR} the CPU
 * takes it at its vector ({@link PpcCpu#enterException}); with {@link PpcExceptionHandler#STOP} it is only recorded.
 *
 * @param kind  the exception
 * @param cia   guest effective address of the instruction that caused it (32 bits, zero-extended)
 * @param srr0  the address SRR0 receives: {@code cia} for every kind except {@link Kind#SYSTEM_CALL},
 *              where it is {@code cia + 4} (PEM 6.4.10)
 * @param srr1  the exception-specific SRR1 bits (bits 1-4 and 10-15 in the manual's numbering; for a
 *              program exception {@link #SRR1_FP_ENABLED}, {@link #SRR1_ILLEGAL}, {@link #SRR1_PRIVILEGED}
 *              or {@link #SRR1_TRAP}); the MSR bits SRR1 also saves are not included
 * @param dar   the data address (DSI, alignment, machine check of a data access), else 0
 * @param dsisr DSISR (DSI: bit 6 = store; alignment: the instruction-derived bits of PEM 6.4.6), else 0
 * @param insn  the instruction word (for diagnostics), or 0 for fetch faults
 */
public record PpcException(Kind kind, long cia, long srr0, long srr1, long dar, long dsisr, int insn) {
    /** SRR1 bit 11 (0x0010_0000): floating-point enabled exception (program exception, PEM 6.4.7). */
    public static final long SRR1_FP_ENABLED = 0x0010_0000L;
    /** SRR1 bit 12 (0x0008_0000): illegal instruction (program exception). */
    public static final long SRR1_ILLEGAL = 0x0008_0000L;
    /** SRR1 bit 13 (0x0004_0000): privileged instruction (program exception). */
    public static final long SRR1_PRIVILEGED = 0x0004_0000L;
    /** SRR1 bit 14 (0x0002_0000): trap (program exception, {@code tw}/{@code twi}). */
    public static final long SRR1_TRAP = 0x0002_0000L;
    /** SRR1 bit 1 (0x4000_0000) of an ISI / DSISR bit 1 of a DSI: no translation found (PEM 6.4.3, 6.4.4). */
    public static final long NOT_FOUND = 0x4000_0000L;
    /** SRR1 bit 3 (0x1000_0000) of an ISI: fetch from a no-execute segment or a guarded page. */
    public static final long SRR1_NO_EXEC = 0x1000_0000L;
    /** SRR1 bit 4 / DSISR bit 4 (0x0800_0000): protection violation. */
    public static final long PROTECTION = 0x0800_0000L;
    /** DSISR bit 5 (0x0400_0000): access to a direct-store segment (T = 1), not supported by the 750. */
    public static final long DSISR_DIRECT_STORE = 0x0400_0000L;
    /** DSISR bit 6 (0x0200_0000): the access was a store (DSI, PEM 6.4.3). */
    public static final long DSISR_STORE = 0x0200_0000L;

    /**
     * The exceptions of PEM table 6-2 this CPU raises, with their classic vector offset and, for Book E
     * ({@link PpcBookECpu}), the number of the IVOR that gives their offset from IVPR (Power ISA 2.06 Book
     * III-E 7.6 "Interrupt Definitions", e500mc reference manual table 4-2 "Interrupt vector registers and
     * exception conditions"); -1 where one of the two models has no such interrupt.
     */
    public enum Kind {
        /** System reset (0x100): not raised by instructions; listed for the vector table. */
        SYSTEM_RESET(0x100, -1),
        /** Machine check (0x200, IVOR1): a data access to unassigned memory (750); the MCP input (Book E). */
        MACHINE_CHECK(0x200, 1),
        /** DSI (0x300, IVOR2): data access protection fault. */
        DSI(0x300, 2),
        /** ISI (0x400, IVOR3): instruction fetch translation/protection fault or fetch from unassigned memory. */
        ISI(0x400, 3),
        /** Alignment (0x600, IVOR5): lwarx/stwcx., lmw/stmw with an effective address not a multiple of 4. */
        ALIGNMENT(0x600, 5),
        /** External interrupt (0x500, IVOR4): the INT input asserted while MSR[EE] = 1. */
        EXTERNAL(0x500, 4),
        /** Program (0x700, IVOR6): illegal instruction, privileged instruction, trap, FP enabled (see srr1). */
        PROGRAM(0x700, 6),
        /** Floating-point unavailable (0x800, IVOR7): an FP instruction with MSR[FP] = 0. */
        FP_UNAVAILABLE(0x800, 7),
        /** Decrementer (0x900, IVOR10): classic: DEC bit 0 went 0 -> 1; Book E: TSR[DIS] with TCR[DIE]. */
        DECREMENTER(0x900, 10),
        /** System call (0xC00, IVOR8): {@code sc}. */
        SYSTEM_CALL(0xc00, 8),
        /** Trace (0xD00): after each instruction while MSR[SE] = 1; SRR0 = the next instruction (Book E: debug, IVOR15). */
        TRACE(0xd00, 15),
        /** Book E critical input (IVOR0): the CINT input while MSR[CE] = 1. */
        CRITICAL_INPUT(-1, 0),
        /** Book E fixed-interval timer (IVOR11): TSR[FIS] with TCR[FIE] and MSR[EE]. */
        FIT(-1, 11),
        /** Book E watchdog timer (IVOR12, critical): TSR[WIS] with TCR[WIE] and MSR[CE]. */
        WATCHDOG(-1, 12),
        /** Book E data TLB error (IVOR13): no TLB entry matches a data access (DEAR, ESR[ST]). */
        DTLB_MISS(-1, 13),
        /** Book E instruction TLB error (IVOR14): no TLB entry matches an instruction fetch. */
        ITLB_MISS(-1, 14);

        /** Offset of the exception's vector from the exception prefix (PEM table 6-2); -1 if not classic. */
        public final int vectorOffset;
        /** The Book E IVOR number, or -1. */
        public final int ivor;

        Kind(int vectorOffset, int ivor) {
            this.vectorOffset = vectorOffset;
            this.ivor = ivor;
        }
    }

    /** True for a program exception with the given SRR1 reason bit. */
    public boolean isProgram(long reason) {
        return kind == Kind.PROGRAM && (srr1 & reason) != 0;
    }

    @Override
    public String toString() {
        String why = switch (kind) {
            case PROGRAM -> (srr1 & SRR1_TRAP) != 0 ? " (trap)" : (srr1 & SRR1_ILLEGAL) != 0 ? " (illegal instruction)"
                    : (srr1 & SRR1_PRIVILEGED) != 0 ? " (privileged instruction)"
                    : (srr1 & SRR1_FP_ENABLED) != 0 ? " (FP enabled)" : "";
            case DSI, ALIGNMENT, MACHINE_CHECK -> String.format(" DAR 0x%08x DSISR 0x%08x", dar, dsisr);
            default -> "";
        };
        return String.format("%s%s at 0x%08x (insn 0x%08x), SRR0 0x%08x", kind, why, cia, insn, srr0);
    }
}
