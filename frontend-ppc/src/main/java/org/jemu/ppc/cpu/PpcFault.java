package org.jemu.ppc.cpu;

import org.jemu.translator.exec.GuestFault;

/**
 * A PowerPC exception raised in the middle of a block (soft-MMU, helper, trap), delivered by
 * {@link PpcCpu#deliverFault}. Each vCPU preallocates one instance and refills it before each throw (no
 * stack trace, no allocation), as the other frontends do.
 */
public final class PpcFault extends GuestFault {
    private static final long serialVersionUID = 1L;

    PpcException.Kind kind;
    long srr1;
    long dar;
    long dsisr;
    /** Bytes from the faulting instruction to SRR0: 4 for {@code sc}, 0 otherwise. */
    int srr0Offset;

    PpcFault() {
    }

    PpcFault set(PpcException.Kind kind, long srr1, long dar, long dsisr, int srr0Offset) {
        this.kind = kind;
        this.srr1 = srr1;
        this.dar = dar;
        this.dsisr = dsisr;
        this.srr0Offset = srr0Offset;
        return this;
    }

    /** The exception kind. */
    public PpcException.Kind kind() {
        return kind;
    }

    @Override
    public String getMessage() {
        return String.format("%s srr1 0x%x dar 0x%x dsisr 0x%x", kind, srr1, dar, dsisr);
    }
}
