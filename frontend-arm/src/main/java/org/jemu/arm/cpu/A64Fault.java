package org.jemu.arm.cpu;

import org.jemu.translator.exec.GuestFault;

/**
 * A synchronous AArch64 exception, thrown by the MMU and by helpers and delivered by
 * {@link Aarch64Cpu#deliverFault}. Each vCPU preallocates one instance and refills it before each throw
 * (no stack trace, no allocation).
 *
 * <p>It records what exception entry needs (Arm ARM D1.10 "Exception entry"): the target Exception
 * level, the syndrome (EC and ISS of ESR_ELx), the faulting virtual address for FAR_ELx, and the
 * preferred return address relative to the faulting instruction (+4 for SVC/HVC/SMC, +0 otherwise).
 */
public final class A64Fault extends GuestFault {
    private static final long serialVersionUID = 1L;

    /** Exception level the exception is taken to, 1..3. */
    int targetEl;
    /** Exception class, ESR bits [31:26]. */
    int ec;
    /** Instruction-specific syndrome, ESR bits [24:0]. */
    int iss;
    /** FAR_ELx is written with {@link #far} (aborts, PC alignment faults). */
    boolean farValid;
    /** Faulting virtual address. */
    long far;
    /** Bytes from the faulting instruction to the preferred return address: 0, or 4 for SVC/HVC/SMC. */
    int returnOffset;
    /** ISS.Rt (bits [9:5]) must be filled from the trapped instruction at delivery (EC 0x18 traps). */
    boolean needsRt;
    /**
     * AArch32 T32: the ITSTATE the exception saves when it is not the faulting instruction's own (the
     * advanced one for SVC, DDI 0487 AArch64.CallSupervisor), or -1. Applied at delivery, after the
     * translated code has written back the state of the last completed instruction.
     */
    int itState = -1;
    /** ESR_ELx.IL = 0: the exception comes from a 16-bit T32 instruction. */
    boolean il16;
    /** AArch32 short-descriptor translation: the domain of the faulting access (DFSR/IFSR bits [7:4]). */
    int domain;

    A64Fault() {
    }

    A64Fault set(int targetEl, int ec, int iss, boolean farValid, long far, int returnOffset) {
        this.targetEl = targetEl;
        this.ec = ec;
        this.iss = iss;
        this.farValid = farValid;
        this.far = far;
        this.returnOffset = returnOffset;
        this.needsRt = false;
        this.itState = -1;
        this.il16 = false;
        this.domain = 0;
        return this;
    }

    public int targetEl() {
        return targetEl;
    }

    public int ec() {
        return ec;
    }

    public int iss() {
        return iss;
    }

    /** The ESR_ELx value exception entry writes (EC, IL = 1, ISS). */
    public long esr() {
        return ((long) ec << Esr.EC_SHIFT) | Esr.IL | (iss & 0x1ffffffL);
    }

    public long far() {
        return far;
    }

    @Override
    public String getMessage() {
        return String.format("%s to EL%d, ESR 0x%08x%s", Esr.ecName(ec), targetEl, esr(),
                farValid ? String.format(", FAR 0x%x", far) : "");
    }
}
