package org.jemu.arm.cpu;

/**
 * Java helpers called by A32 code (package {@code org.jemu.arm.a32}): exception-generating instructions of
 * AArch32 state taken to an AArch64 EL1 (DDI 0487 D1.10 with the AArch32 syndromes of D13.2.37), and the
 * predicated forms of memory accesses and store-exclusives used by conditional A32 instructions.
 *
 * <p>Conditional execution (DDI 0406C A8.3, DDI 0487 F2.2 "Conditional execution"): IR blocks have no
 * internal control flow, so an A32 instruction whose condition is not AL computes a 0/1 {@code pass} value
 * and selects its register results; its memory accesses and exceptions go through these helpers, which do
 * nothing when {@code pass} is 0 (no access, no fault, no exclusive-monitor change).
 */
public final class A32Helpers {
    private A32Helpers() {
    }

    /** Target EL of a synchronous exception from the current EL (EL2 with HCR_EL2.TGE from EL0). */
    private static int syncTarget(Aarch64Cpu c) {
        if (c.el == 0) {
            return c.el2Enabled() && (c.hcrEl2 & Aarch64Cpu.HCR_TGE) != 0 ? 2 : 1;
        }
        return c.el;
    }

    /**
     * A32 SVC (DDI 0406C A8.8.228; DDI 0487 F5.1.229) if {@code pass} is 1: Supervisor Call taken to AArch64
     * EL1 with EC 0x11 (SVC executed in AArch32 state), ISS = imm24[15:0]; the preferred return address is
     * the next instruction ({@code insnBytes} = 4 for A32, 2 for a 16-bit T32 SVC). {@code itAfter} is the
     * ITSTATE after the SVC (T32; 0 for A32), saved in SPSR_EL1 (AArch64.CallSupervisor: AArch32.ITAdvance).
     */
    public static void svc(Aarch64Cpu c, int pass, int imm, int insnBytes, int itAfter) {
        if (pass != 0) {
            A64Fault f = c.raise(syncTarget(c), Esr.EC_SVC32, imm & 0xffff, false, 0, insnBytes);
            f.itState = itAfter & 0xff;
            f.il16 = insnBytes == 2;
            throw f;
        }
    }

    /**
     * A32 BKPT (DDI 0406C A8.8.24; DDI 0487 F5.1.20): Breakpoint Instruction exception, EC 0x38 with the
     * 16-bit comment (bits [15:0] of {@code imm}); the preferred return address is the BKPT itself. BKPT is
     * unconditional. Bit 16 of {@code imm} marks the 16-bit T32 encoding, reported with ESR.IL = 0.
     */
    public static void bkpt(Aarch64Cpu c, int imm) {
        A64Fault f = c.raise(syncTarget(c), Esr.EC_BKPT32, imm & 0xffff, false, 0, 0);
        f.il16 = (imm & 1 << 16) != 0;
        throw f;
    }

    /**
     * STREX/STREXB/STREXH (DDI 0406C A8.8.212-215) if {@code pass} is 1: the AArch64 store-exclusive rules
     * (alignment fault, local monitor check, value compare) for {@code size} bytes, returning the status
     * (0 stored, 1 failed); returns 0 and touches nothing if {@code pass} is 0 (the caller then keeps Rd).
     */
    public static int strex(Aarch64Cpu c, int pass, long addr, long value, int size) {
        return pass != 0 ? A64Helpers.stxr(c, addr, value, size, 0) : 0;
    }

    /**
     * STREXD (DDI 0406C A8.8.213) if {@code pass} is 1: stores the word pair {@code lo} at {@code addr} and
     * {@code hi} at {@code addr + 4}, which must be doubleword aligned; status as {@link #strex}.
     */
    public static int strexd(Aarch64Cpu c, int pass, long addr, long lo, long hi) {
        return pass != 0 ? A64Helpers.stxp(c, addr, lo, hi, 4) : 0;
    }

    /**
     * Arms the local exclusive monitor for LDREXD (DDI 0406C A8.8.77) if {@code pass} is 1: address and the
     * two words read.
     */
    public static void ldrexdMonitor(Aarch64Cpu c, int pass, long addr, long lo, long hi) {
        if (pass != 0) {
            A64Helpers.ldxpMonitor(c, addr, lo, hi);
        }
    }

    /** {@link #requireId}: ID_ISAR5_EL1. */
    public static final int ID_ISAR5 = 0;
    /** {@link #requireId}: MVFR2_EL1. */
    public static final int MVFR2 = 1;

    /**
     * The ARMv8 AArch32 instructions ({@code org.jemu.arm.a32.Crypto32}, {@code VfpV8}) exist only where the
     * model's ID registers say so (DDI 0487 D13.2: ID_ISAR5_EL1 AES [7:4] (1 AESE..AESIMC, 2 also VMULL.P64),
     * SHA1 [11:8], SHA2 [15:12], CRC32 [19:16]; MVFR2_EL1 SIMDMisc [3:0], FPMisc [7:4]): throws the UNDEFINED
     * exception unless the field at bit {@code shift} of register {@code which} ({@link #ID_ISAR5},
     * {@link #MVFR2}) is at least {@code min} (never on {@code cortex-a15}, whose ID_ISAR5 and MVFR2 are 0).
     */
    public static void requireId(Aarch64Cpu c, int which, int shift, int min) {
        long v = which == MVFR2 ? c.model.mvfr2() : c.model.idIsar5();
        if ((v >>> shift & 0xf) < min) {
            throw c.undefinedFault();
        }
    }

    // ---- system level (ARMv7-A PEs whose EL1 is AArch32) ----------------------------------------------

    /**
     * A32/T32 HVC (DDI 0406C B9.3.4): a PSCI call if the board's conduit is HVC (the result in R0, 32
     * bits); otherwise UNDEFINED (no Virtualization Extensions), and UNDEFINED at PL0.
     */
    public static void hvc(Aarch64Cpu c, int imm16) {
        A64Helpers.hvc(c, imm16);
        c.regs[Aarch64Cpu.X0] &= 0xffff_ffffL;
    }

    /** A32/T32 SMC (B9.3.14) if {@code pass} is 1: a PSCI call if the conduit is SMC, else UNDEFINED. */
    public static void smc(Aarch64Cpu c, int pass, int imm4) {
        if (pass != 0) {
            A64Helpers.smc(c, imm4);
            c.regs[Aarch64Cpu.X0] &= 0xffff_ffffL;
        }
    }

    /**
     * SETEND (A8.8.160): CPSR.E = {@code e}. Only an AArch32-EL1 PE has a CPSR.E of its own; at AArch32 EL0
     * under an AArch64 EL1, SETEND is UNDEFINED when SCTLR_EL1.SED (bit 8) is set (DDI 0487 D13.2.113), and
     * SETEND BE is UNDEFINED here because this PE has no mixed-endian EL0 (ID_AA64MMFR0_EL1.BigEndEL0 = 0).
     */
    public static void setend(Aarch64Cpu c, int e) {
        if (!c.aarch32El1) {
            if (e != 0 || (c.sctlr[1] & 1 << 8) != 0) {
                throw c.undefinedFault();
            }
            return;
        }
        c.cpsrE = e != 0;
    }

    /**
     * VMRS Rt, &lt;spec_reg&gt; (DDI 0406C B6.1.?, A8.8.348) if {@code pass} is 1, for reg = 0 FPSID, 6 MVFR1,
     * 7 MVFR0, 8 FPEXC: PL1 only and subject to CPACR.cp10, but not to FPEXC.EN; other registers are
     * UNDEFINED.
     */
    public static long vfpSysRead(Aarch64Cpu c, int pass, int reg) {
        if (pass == 0) {
            return 0;
        }
        vfpSysCheck(c);
        return switch (reg) {
            case 0 -> c.model.aarch32Only() ? A64CpuModel.A15_FPSID : 0x4104_30f0L;
            case 6 -> c.model.mvfr1();
            case 7 -> c.model.mvfr0();
            case 8 -> c.aarch32El1 ? c.fpexc32El2 & 0xffff_ffffL : 0x4000_0000L;
            default -> throw c.undefinedFault();
        };
    }

    /** VMSR &lt;spec_reg&gt;, Rt (A8.8.349) if {@code pass} is 1: FPEXC (EN, bit 30) and FPSID (writes ignored). */
    public static void vfpSysWrite(Aarch64Cpu c, int pass, int reg, int value) {
        if (pass == 0) {
            return;
        }
        vfpSysCheck(c);
        switch (reg) {
            case 0 -> {
            }
            case 8 -> {
                if (c.aarch32El1) {
                    c.fpexc32El2 = value & 0x4000_0000L;
                }
            }
            default -> throw c.undefinedFault();
        }
    }

    private static void vfpSysCheck(Aarch64Cpu c) {
        if (c.el == 0 || (c.aarch32El1 && !Cp15.cpacrAllows(c))) {
            throw c.undefinedFault();
        }
    }
}
