package org.jemu.arm.cpu;

/**
 * Which instruction reaches the emulated PSCI firmware, as QEMU's {@code psci-conduit} CPU property
 * (Arm DEN 0022, section 5 "SMC Calling Convention"). The board chooses: QEMU's {@code virt} uses
 * {@link #HVC} when the guest has neither EL2 nor EL3, {@link #SMC} when it has EL2 but not EL3, and
 * {@link #NONE} when EL3 firmware (for example Trusted Firmware-A) provides PSCI itself.
 */
public enum PsciConduit {
    /** No emulated PSCI: HVC and SMC behave architecturally. */
    NONE,
    /** HVC #0 from EL1 or EL2 with a PSCI function ID in X0 is a PSCI call. */
    HVC,
    /** SMC #0 from EL1 or above with a PSCI function ID in X0 is a PSCI call. */
    SMC
}
