package org.jemu.translator.exec;

/**
 * A guest exception raised in the middle of a block (MMU fault, alignment fault, a helper that traps).
 * Thrown by the soft-MMU slow path or a helper, it unwinds the compiled block, whose handler writes back
 * the guest registers as after the last completed instruction; the execution loop then sets the PC to the
 * faulting instruction and calls {@link GuestCpu#deliverFault}. Frontends subclass it with their syndrome
 * data and preallocate one instance per vCPU: it carries no stack trace, so throwing it is cheap.
 */
public class GuestFault extends RuntimeException {
    public GuestFault() {
        super(null, null, false, false);
    }
}
