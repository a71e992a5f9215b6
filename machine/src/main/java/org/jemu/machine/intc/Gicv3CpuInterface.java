package org.jemu.machine.intc;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.arm.cpu.ExternalSysRegs;

/**
 * The GICv3 CPU interface's system registers (Arm IHI 0069 12.2, ICC_*_EL1) for AArch64 CPUs, backed by a
 * {@link Gicv3}: install one instance on every CPU with {@link Aarch64Cpu#setExternalSysRegs(ExternalSysRegs,
 * boolean)}; the accessing CPU's {@code cpuIndex} selects its interface.
 *
 * <p>All registers are accessible from EL1 up (EL0 accesses are UNDEFINED; there is no ICC_SRE_EL1.SRE = 0
 * legacy mode: SRE, DFB and DIB read as one and ignore writes). Reading a write-only register (EOIR, DIR,
 * SGI*R) or writing a read-only one (IAR, HPPIR, RPR) is UNDEFINED. Only ICC_AP0R0/ICC_AP1R0 exist (5
 * priority bits); ICC_AP0R1-3 and ICC_AP1R1-3 are UNDEFINED. ICC_SRE_EL2 and ICC_SRE_EL3 read 0xF when the
 * CPU is at that EL (SRE, DFB, DIB, Enable).
 */
public final class Gicv3CpuInterface implements ExternalSysRegs {
    /** Encoding op0:op1:CRn:CRm:op2 as {@code SysRegs.encode}. */
    static int enc(int op0, int op1, int crn, int crm, int op2) {
        return (op0 & 3) << 14 | (op1 & 7) << 11 | (crn & 15) << 7 | (crm & 15) << 3 | (op2 & 7);
    }

    public static final int ICC_PMR_EL1 = enc(3, 0, 4, 6, 0);
    public static final int ICC_IAR0_EL1 = enc(3, 0, 12, 8, 0);
    public static final int ICC_EOIR0_EL1 = enc(3, 0, 12, 8, 1);
    public static final int ICC_HPPIR0_EL1 = enc(3, 0, 12, 8, 2);
    public static final int ICC_BPR0_EL1 = enc(3, 0, 12, 8, 3);
    public static final int ICC_AP0R0_EL1 = enc(3, 0, 12, 8, 4);
    public static final int ICC_AP1R0_EL1 = enc(3, 0, 12, 9, 0);
    public static final int ICC_DIR_EL1 = enc(3, 0, 12, 11, 1);
    public static final int ICC_RPR_EL1 = enc(3, 0, 12, 11, 3);
    public static final int ICC_SGI1R_EL1 = enc(3, 0, 12, 11, 5);
    public static final int ICC_ASGI1R_EL1 = enc(3, 0, 12, 11, 6);
    public static final int ICC_SGI0R_EL1 = enc(3, 0, 12, 11, 7);
    public static final int ICC_IAR1_EL1 = enc(3, 0, 12, 12, 0);
    public static final int ICC_EOIR1_EL1 = enc(3, 0, 12, 12, 1);
    public static final int ICC_HPPIR1_EL1 = enc(3, 0, 12, 12, 2);
    public static final int ICC_BPR1_EL1 = enc(3, 0, 12, 12, 3);
    public static final int ICC_CTLR_EL1 = enc(3, 0, 12, 12, 4);
    public static final int ICC_SRE_EL1 = enc(3, 0, 12, 12, 5);
    public static final int ICC_IGRPEN0_EL1 = enc(3, 0, 12, 12, 6);
    public static final int ICC_IGRPEN1_EL1 = enc(3, 0, 12, 12, 7);
    public static final int ICC_SRE_EL2 = enc(3, 4, 12, 9, 5);
    public static final int ICC_SRE_EL3 = enc(3, 6, 12, 12, 5);

    /** ICC_SRE_ELx: SRE (system register interface), DFB and DIB (bypass disables) fixed at one. */
    private static final long SRE = 0x7;

    private final Gicv3 gic;

    /** @param gic the interrupt controller whose CPU interfaces these registers are */
    public Gicv3CpuInterface(Gicv3 gic) {
        this.gic = gic;
    }

    @Override
    public boolean accessible(Aarch64Cpu cpu, int sysreg, boolean read) {
        if (cpu.el < 1 || cpu.cpuIndex >= gic.numCpus()) {
            return false;
        }
        if (sysreg == ICC_SRE_EL2) {
            return cpu.el >= 2;
        }
        if (sysreg == ICC_SRE_EL3) {
            return cpu.el >= 3;
        }
        if (sysreg == ICC_IAR0_EL1 || sysreg == ICC_IAR1_EL1 || sysreg == ICC_HPPIR0_EL1
                || sysreg == ICC_HPPIR1_EL1 || sysreg == ICC_RPR_EL1) {
            return read;
        }
        if (sysreg == ICC_EOIR0_EL1 || sysreg == ICC_EOIR1_EL1 || sysreg == ICC_DIR_EL1 || sysreg == ICC_SGI0R_EL1
                || sysreg == ICC_SGI1R_EL1 || sysreg == ICC_ASGI1R_EL1) {
            return !read;
        }
        return sysreg == ICC_PMR_EL1 || sysreg == ICC_BPR0_EL1 || sysreg == ICC_BPR1_EL1 || sysreg == ICC_AP0R0_EL1
                || sysreg == ICC_AP1R0_EL1 || sysreg == ICC_CTLR_EL1 || sysreg == ICC_SRE_EL1
                || sysreg == ICC_IGRPEN0_EL1 || sysreg == ICC_IGRPEN1_EL1;
    }

    @Override
    public long read(Aarch64Cpu cpu, int sysreg) {
        int c = cpu.cpuIndex;
        if (sysreg == ICC_PMR_EL1) {
            return gic.pmr(c);
        } else if (sysreg == ICC_IAR0_EL1) {
            return gic.acknowledge(c, 0);
        } else if (sysreg == ICC_IAR1_EL1) {
            return gic.acknowledge(c, 1);
        } else if (sysreg == ICC_HPPIR0_EL1) {
            return gic.hppir(c, 0);
        } else if (sysreg == ICC_HPPIR1_EL1) {
            return gic.hppir(c, 1);
        } else if (sysreg == ICC_BPR0_EL1) {
            return gic.bpr(c, 0);
        } else if (sysreg == ICC_BPR1_EL1) {
            return gic.bpr(c, 1);
        } else if (sysreg == ICC_AP0R0_EL1) {
            return gic.apr(c, 0);
        } else if (sysreg == ICC_AP1R0_EL1) {
            return gic.apr(c, 1);
        } else if (sysreg == ICC_RPR_EL1) {
            return gic.rpr(c);
        } else if (sysreg == ICC_CTLR_EL1) {
            return gic.iccCtlr(c);
        } else if (sysreg == ICC_IGRPEN0_EL1) {
            return gic.igrpen(c, 0);
        } else if (sysreg == ICC_IGRPEN1_EL1) {
            return gic.igrpen(c, 1);
        } else if (sysreg == ICC_SRE_EL1) {
            return SRE;
        } else if (sysreg == ICC_SRE_EL2 || sysreg == ICC_SRE_EL3) {
            return SRE | 0x8;
        }
        return 0;
    }

    @Override
    public void write(Aarch64Cpu cpu, int sysreg, long value) {
        int c = cpu.cpuIndex;
        if (sysreg == ICC_PMR_EL1) {
            gic.setPmr(c, value);
        } else if (sysreg == ICC_EOIR0_EL1) {
            gic.endOfInterrupt(c, 0, value);
        } else if (sysreg == ICC_EOIR1_EL1) {
            gic.endOfInterrupt(c, 1, value);
        } else if (sysreg == ICC_DIR_EL1) {
            gic.deactivate(c, value);
        } else if (sysreg == ICC_SGI0R_EL1 || sysreg == ICC_ASGI1R_EL1) {
            // ICC_ASGI1R_EL1 generates Group 1 SGIs for the Security state that is not the current one
            // (IHI 0069, ICC_ASGI1R_EL1). With a single Security state (GICD_CTLR.DS = 1) there is no other
            // state, and the SGI-forwarding table forwards it only to targets whose SGI is Group 0, i.e. it
            // acts as ICC_SGI0R_EL1 (QEMU gicv3_redist_send_sgi: the Secure Group 1 request becomes Group 0;
            // Linux KVM vgic-v3 access_gic_sgi: "ICC_ASGI1R_EL1 is effectively equivalent to ICC_SGI0R_EL1").
            gic.sendSgi(c, 0, value);
        } else if (sysreg == ICC_SGI1R_EL1) {
            gic.sendSgi(c, 1, value);
        } else if (sysreg == ICC_BPR0_EL1) {
            gic.setBpr(c, 0, value);
        } else if (sysreg == ICC_BPR1_EL1) {
            gic.setBpr(c, 1, value);
        } else if (sysreg == ICC_AP0R0_EL1) {
            gic.setApr(c, 0, value);
        } else if (sysreg == ICC_AP1R0_EL1) {
            gic.setApr(c, 1, value);
        } else if (sysreg == ICC_CTLR_EL1) {
            gic.setIccCtlr(c, value);
        } else if (sysreg == ICC_IGRPEN0_EL1) {
            gic.setIgrpen(c, 0, value);
        } else if (sysreg == ICC_IGRPEN1_EL1) {
            gic.setIgrpen(c, 1, value);
        }
        // ICC_SRE_ELx: SRE/DFB/DIB are RAO/WI; the EL2/EL3 Enable bit too.
    }
}
