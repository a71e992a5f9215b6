package org.jemu.x86.cpu;

import org.jemu.translator.exec.GuestFault;

/**
 * An IA-32 exception raised in the middle of a block (SDM Vol. 3A 6.3 "Sources of interrupts", Table 6-1
 * "Protected-Mode Exceptions and Interrupts"): a fault (#DE, #UD, #GP, #SS, #BR, #PF ...) restarts the
 * faulting instruction, a trap or software interrupt (INT n, INT3, INTO) resumes after it.
 *
 * <p>One instance per vCPU, refilled by {@link X86Cpu#fault}; it carries no stack trace. The execution
 * loop sets the PC to the faulting instruction and calls {@link X86Cpu#deliverFault}, which uses
 * {@link #insnLength} to find the return address of a trap.
 */
public final class X86Fault extends GuestFault {
    /** Exception or interrupt vector, 0..255 (Table 6-1). */
    public int vector;
    /** Error code pushed for #TS, #NP, #SS, #GP, #PF, #AC; -1 when the exception has none. */
    public int errorCode;
    /** True for INT n / INT3 / INTO: delivered as a trap (return address after the instruction). */
    public boolean software;
    /** Length in bytes of the instruction that raised a software interrupt (0 for faults). */
    public int insnLength;
    /**
     * For #PF: the 32-bit linear address that faulted, which delivery loads into CR2 (SDM Vol. 3A 6.15
     * "Interrupt 14"); CR2 is written only when the fault is delivered, not when a translation that is
     * discarded (a fetch beyond the end of a block) faults.
     */
    public long address;
    /**
     * INT1 (ICEBP, F1): a trap like a software interrupt (returns after the instruction) but delivered as a
     * hardware #DB: no gate DPL check, EXT = 1 (SDM Vol. 3A 6.12.1.1, Vol. 2A "INT1").
     */
    public boolean icebp;

    X86Fault fill(int vector, int errorCode, boolean software, int insnLength) {
        this.vector = vector;
        this.errorCode = errorCode;
        this.software = software;
        this.insnLength = insnLength;
        this.address = 0;
        this.icebp = false;
        return this;
    }

    @Override
    public String getMessage() {
        return "x86 exception " + vector + (errorCode >= 0 ? " error code 0x" + Integer.toHexString(errorCode) : "")
                + (software ? " (software, insn length " + insnLength + ")" : "");
    }
}
