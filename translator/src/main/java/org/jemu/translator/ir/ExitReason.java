package org.jemu.translator.ir;

/** Why a block returns to the execution loop through {@link Op#EXIT} or {@link Op#EXIT_STATE}. */
public final class ExitReason {
    private ExitReason() {
    }

    /** Re-evaluate interrupts and CPU mode (after a system register write, interrupt unmask, barrier). */
    public static final int RECHECK = 0;
    /** The CPU waits for an interrupt (WFI/HLT). */
    public static final int HALT = 1;
    /** A helper performed exception entry or return; the PC is in the state. */
    public static final int EXCEPTION = 2;
    /** A debug event (breakpoint, single-step). */
    public static final int DEBUG = 3;
    /** End of a single-instruction block that must not be chained (for example after WFE). */
    public static final int YIELD = 4;
}
