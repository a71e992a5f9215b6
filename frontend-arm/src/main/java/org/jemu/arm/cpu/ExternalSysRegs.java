package org.jemu.arm.cpu;

/**
 * System registers implemented outside the CPU, such as a GICv3 CPU interface (ICC_*_EL1, Arm IHI 0069),
 * installed with {@link Aarch64Cpu#setExternalSysRegs}. Consulted only for encodings the CPU itself does
 * not define. Encodings are the 16-bit op0:op1:CRn:CRm:op2 of {@link SysRegs#encode}.
 */
public interface ExternalSysRegs {
    /**
     * True if {@code sysreg} exists and may be accessed at {@code cpu.el} now; false makes the access
     * UNDEFINED.
     */
    boolean accessible(Aarch64Cpu cpu, int sysreg, boolean read);

    long read(Aarch64Cpu cpu, int sysreg);

    void write(Aarch64Cpu cpu, int sysreg, long value);
}
