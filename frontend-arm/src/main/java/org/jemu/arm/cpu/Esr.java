package org.jemu.arm.cpu;

/**
 * Exception syndrome constants: ESR_ELx exception classes (EC, bits [31:26]) and the fault status codes
 * (DFSC/IFSC, ISS bits [5:0]) of instruction and data aborts. Arm ARM DDI 0487, D13.2.37 "ESR_EL1" and
 * D1.10.4 "Exception classes".
 */
public final class Esr {
    private Esr() {
    }

    /** ESR bit position of EC (6 bits). */
    public static final int EC_SHIFT = 26;
    /** ESR.IL: the trapped instruction was 32 bits (always 1 for A64). */
    public static final int IL = 1 << 25;

    /** Unknown reason: UNDEFINED instructions, inaccessible system registers. */
    public static final int EC_UNKNOWN = 0x00;
    /** WFI or WFE trapped (SCTLR_EL1.nTWI/nTWE, HCR_EL2.TWI/TWE, SCR_EL3.TWI/TWE). */
    public static final int EC_WFX = 0x01;
    /** MCR or MRC access to CP15 trapped, from AArch32 (ISS: CV, COND, Opc2, Opc1, CRn, Rt, CRm, direction). */
    public static final int EC_CP15_32 = 0x03;
    /** MCRR or MRRC access to CP15 trapped, from AArch32 (ISS: CV, COND, Opc1, Rt2, Rt, CRm, direction). */
    public static final int EC_CP15_64 = 0x04;
    /** MCR or MRC access to CP14 trapped, from AArch32. */
    public static final int EC_CP14_32 = 0x05;
    /** MCRR or MRRC access to CP14 trapped, from AArch32. */
    public static final int EC_CP14_64 = 0x0c;
    /** FP/Advanced SIMD access trapped (CPACR_EL1.FPEN, CPTR_EL2.TFP, CPTR_EL3.TFP). */
    public static final int EC_FP_ACCESS = 0x07;
    /** Illegal Execution state (PSTATE.IL set by an illegal exception return). */
    public static final int EC_ILLEGAL_STATE = 0x0e;
    /** SVC executed in AArch32 state (D13.2.37: ISS = imm16 of the instruction). */
    public static final int EC_SVC32 = 0x11;
    public static final int EC_SVC64 = 0x15;
    public static final int EC_HVC64 = 0x16;
    public static final int EC_SMC64 = 0x17;
    /** MSR, MRS or System instruction trapped by a configurable control (not UNDEFINED). */
    public static final int EC_SYSREG = 0x18;
    public static final int EC_INSN_ABORT_LOWER = 0x20;
    public static final int EC_INSN_ABORT_SAME = 0x21;
    public static final int EC_PC_ALIGNMENT = 0x22;
    public static final int EC_DATA_ABORT_LOWER = 0x24;
    public static final int EC_DATA_ABORT_SAME = 0x25;
    public static final int EC_SP_ALIGNMENT = 0x26;
    public static final int EC_SERROR = 0x2f;
    /** BKPT executed in AArch32 state (ISS = imm16 comment). */
    public static final int EC_BKPT32 = 0x38;
    public static final int EC_BRK64 = 0x3c;

    /** Fault status codes, ISS[5:0]; the four "level" codes add the lookup level 0..3. */
    public static final int FSC_ADDRESS_SIZE = 0x00;
    public static final int FSC_TRANSLATION = 0x04;
    public static final int FSC_ACCESS_FLAG = 0x08;
    public static final int FSC_PERMISSION = 0x0c;
    /** Synchronous external abort, not on a translation table walk (unassigned physical address). */
    public static final int FSC_SYNC_EXTERNAL = 0x10;
    /** Synchronous external abort on a translation table walk, plus level. */
    public static final int FSC_SYNC_EXTERNAL_WALK = 0x14;
    public static final int FSC_ALIGNMENT = 0x21;

    /** Data abort ISS.WnR (bit 6): the abort was caused by a write. */
    public static final int ISS_WNR = 1 << 6;
    /** Data abort ISS.CM (bit 8): the abort came from a cache maintenance or address translation op. */
    public static final int ISS_CM = 1 << 8;
    /** WFx / FP trap ISS: CV (bit 24) = 1 and COND (bits [23:20]) = 0b1110, as A64 traps report them. */
    public static final int ISS_CV_COND_AL = (1 << 24) | (0xe << 20);

    /** Short names of exception classes, for the {@code -d int} log. */
    public static String ecName(int ec) {
        return switch (ec) {
            case EC_UNKNOWN -> "Undefined";
            case EC_WFX -> "WFx trap";
            case EC_CP15_32, EC_CP15_64 -> "CP15 access trap";
            case EC_CP14_32, EC_CP14_64 -> "CP14 access trap";
            case EC_FP_ACCESS -> "FP access trap";
            case EC_ILLEGAL_STATE -> "Illegal state";
            case EC_SVC64 -> "SVC";
            case EC_HVC64 -> "HVC";
            case EC_SMC64 -> "SMC";
            case EC_SYSREG -> "System register trap";
            case EC_INSN_ABORT_LOWER, EC_INSN_ABORT_SAME -> "Prefetch Abort";
            case EC_PC_ALIGNMENT -> "PC alignment";
            case EC_DATA_ABORT_LOWER, EC_DATA_ABORT_SAME -> "Data Abort";
            case EC_SP_ALIGNMENT -> "SP alignment";
            case EC_SERROR -> "SError";
            case EC_BRK64 -> "BRK";
            case EC_SVC32 -> "SVC (AArch32)";
            case EC_BKPT32 -> "BKPT (AArch32)";
            default -> String.format("EC 0x%02x", ec);
        };
    }
}
