package org.jemu.arm.cpu;

import org.jemu.translator.exec.GuestLog;

/**
 * The ARMv7-A system level of a PE whose EL1 is AArch32 ({@code -cpu cortex-a15}): processor modes and
 * banked registers (DDI 0406C B1.3, B1.3.2 "ARM core registers"), the CPSR and the SPSRs (B1.3.3), exception
 * entry and return (B1.8; DDI 0487 G1.12 {@code AArch32.EnterMode}, {@code AArch32.ExceptionReturn}), and
 * the helpers the A32/T32 system instructions call (MRS/MSR of CPSR, SPSR and banked registers, CPS, SRS,
 * RFE, exception returns).
 *
 * <h2>Banked registers</h2>
 * The registers live in the AArch64 slots as DDI 0487 D1.20.1 maps them (table "Mapping of AArch32
 * registers to AArch64"): R0..R7 and R8_usr..R14_usr are X0..X14; R13_irq, R14_irq are X17, X16; R13_svc,
 * R14_svc are X19, X18; R13_abt, R14_abt X21, X20; R13_und, R14_und X23, X22; R8_fiq..R14_fiq X24..X30.
 * Nothing is copied on a mode change: the translator maps R[n] to the slot of the block's mode (the mode's
 * bank is part of the translation flags, {@link Aarch64Cpu#flagsA32Bank}). SPSR_svc is SPSR_EL1 and SPSR_abt,
 * SPSR_und, SPSR_irq, SPSR_fiq are the AArch64 SPSR_abt/und/irq/fiq ({@link Aarch64Cpu#spsrAarch32}).
 *
 * <h2>Modes and Exception levels</h2>
 * User mode is EL0 and every other implemented mode (FIQ, IRQ, Supervisor, Abort, Undefined, System) is
 * EL1 (PL1). Monitor and Hyp mode are not implemented (no Security or Virtualization Extensions, as QEMU's
 * virt board by default): an attempt to enter them leaves the mode unchanged, one of the CONSTRAINED
 * UNPREDICTABLE behaviours DDI 0487 K1.2 allows (as for other illegal mode changes).
 */
public final class A32System {
    private A32System() {
    }

    /** CPSR.M values (DDI 0406C B1.3.1 table B1-1). */
    public static final int MODE_USR = 0x10;
    public static final int MODE_FIQ = 0x11;
    public static final int MODE_IRQ = 0x12;
    public static final int MODE_SVC = 0x13;
    public static final int MODE_MON = 0x16;
    public static final int MODE_ABT = 0x17;
    public static final int MODE_HYP = 0x1a;
    public static final int MODE_UND = 0x1b;
    public static final int MODE_SYS = 0x1f;

    /** Register banks (the value of {@link Aarch64Cpu#flagsA32Bank}). */
    public static final int BANK_USR = 0;
    public static final int BANK_FIQ = 1;
    public static final int BANK_IRQ = 2;
    public static final int BANK_SVC = 3;
    public static final int BANK_ABT = 4;
    public static final int BANK_UND = 5;

    /** CPSR bits (B1.3.3). */
    static final long CPSR_T = 1 << 5;
    static final long CPSR_F = 1 << 6;
    static final long CPSR_I = 1 << 7;
    static final long CPSR_A = 1 << 8;
    static final long CPSR_E = 1 << 9;

    /** SCTLR bits (B4.1.130) used here: V (high vectors), EE, TE. */
    static final long SCTLR_V = 1 << 13;
    static final long SCTLR_EE = 1 << 25;
    static final long SCTLR_TE = 1L << 30;

    /** Exception vector offsets (B1.8.1 table B1-3). */
    static final int VEC_UND = 0x04;
    static final int VEC_SVC = 0x08;
    static final int VEC_PABT = 0x0c;
    static final int VEC_DABT = 0x10;
    static final int VEC_IRQ = 0x18;
    static final int VEC_FIQ = 0x1c;

    /** True for a mode this PE implements (usr, fiq, irq, svc, abt, und, sys). */
    public static boolean validMode(int m) {
        return switch (m) {
            case MODE_USR, MODE_FIQ, MODE_IRQ, MODE_SVC, MODE_ABT, MODE_UND, MODE_SYS -> true;
            default -> false;
        };
    }

    /** The register bank of mode {@code m} ({@link #BANK_USR} for usr and sys). */
    public static int bank(int m) {
        return switch (m) {
            case MODE_FIQ -> BANK_FIQ;
            case MODE_IRQ -> BANK_IRQ;
            case MODE_SVC -> BANK_SVC;
            case MODE_ABT -> BANK_ABT;
            case MODE_UND -> BANK_UND;
            default -> BANK_USR;
        };
    }

    /**
     * The register slot of R{@code n} (0..14) in bank {@code bank}, per DDI 0487 D1.20.1.
     *
     * @throws IllegalArgumentException for n outside 0..14
     */
    public static int slot(int bank, int n) {
        if (n < 0 || n > 14) {
            throw new IllegalArgumentException("R" + n + " has no banked slot");
        }
        if (n < 8 || bank == BANK_USR) {
            return n;
        }
        if (bank == BANK_FIQ) {
            return 24 + (n - 8);
        }
        if (n < 13) {
            return n;
        }
        int base = switch (bank) {
            case BANK_IRQ -> 16;
            case BANK_SVC -> 18;
            case BANK_ABT -> 20;
            default -> 22; // und
        };
        return n == 14 ? base : base + 1;
    }

    // ---- CPSR and SPSRs -----------------------------------------------------------------------------

    /** The CPSR (B1.3.3): N Z C V Q, IT, GE, E, A I F, T, M. */
    public static long cpsr(Aarch64Cpu c) {
        long it = c.regs[Aarch64Cpu.IT] & 0xff;
        return (c.regs[Aarch64Cpu.NF] & 1) << 31 | (c.regs[Aarch64Cpu.ZF] & 1) << 30
                | (c.regs[Aarch64Cpu.CF] & 1) << 29 | (c.regs[Aarch64Cpu.VF] & 1) << 28
                | (c.regs[Aarch64Cpu.QF] & 1) << 27 | (it & 3) << 25 | (c.regs[Aarch64Cpu.GE] & 0xf) << 16
                | (it >>> 2) << 10 | (c.cpsrE ? CPSR_E : 0) | (c.daif & (CPSR_A | CPSR_I | CPSR_F))
                | (c.regs[Aarch64Cpu.TF] & 1) << 5 | c.cpsrMode;
    }

    /** SPSR of mode {@code m}, or -1 for usr/sys (which have none). */
    static long readSpsr(Aarch64Cpu c, int m) {
        return switch (m) {
            case MODE_SVC -> c.spsr[1];
            case MODE_IRQ -> c.spsrAarch32[0];
            case MODE_ABT -> c.spsrAarch32[1];
            case MODE_UND -> c.spsrAarch32[2];
            case MODE_FIQ -> c.spsrAarch32[3];
            default -> -1;
        };
    }

    static void writeSpsr(Aarch64Cpu c, int m, long v) {
        v &= 0xffff_ffffL;
        switch (m) {
            case MODE_SVC -> c.spsr[1] = v;
            case MODE_IRQ -> c.spsrAarch32[0] = v;
            case MODE_ABT -> c.spsrAarch32[1] = v;
            case MODE_UND -> c.spsrAarch32[2] = v;
            case MODE_FIQ -> c.spsrAarch32[3] = v;
            default -> {
            }
        }
    }

    /** Changes the mode (and the EL: User is EL0, the rest EL1); an unimplemented mode is ignored. */
    static void setMode(Aarch64Cpu c, int m) {
        if (!validMode(m)) {
            return;
        }
        c.cpsrMode = m;
        c.el = m == MODE_USR ? 0 : 1;
    }

    /**
     * Writes the CPSR fields selected by byte mask {@code mask} (bit 3 = bits [31:24], 2 = [23:16], 1 =
     * [15:8], 0 = [7:0]) from {@code v}, as MSR does (B1.3.3, pseudocode {@code CPSRWriteByInstr}): at PL0
     * only N Z C V Q and GE; at PL1 also E, A, I, F and M. With {@code exceptionReturn} the execution state
     * bits IT and T are written too ({@code SPSRWriteByInstr}/exception return).
     */
    static void writeCpsr(Aarch64Cpu c, long v, int mask, boolean exceptionReturn) {
        boolean priv = c.el > 0;
        if ((mask & 8) != 0) {
            c.regs[Aarch64Cpu.NF] = v >>> 31 & 1;
            c.regs[Aarch64Cpu.ZF] = v >>> 30 & 1;
            c.regs[Aarch64Cpu.CF] = v >>> 29 & 1;
            c.regs[Aarch64Cpu.VF] = v >>> 28 & 1;
            c.regs[Aarch64Cpu.QF] = v >>> 27 & 1;
            if (exceptionReturn) {
                c.regs[Aarch64Cpu.IT] = (c.regs[Aarch64Cpu.IT] & ~3L) | (v >>> 25 & 3);
            }
        }
        if ((mask & 4) != 0) {
            c.regs[Aarch64Cpu.GE] = v >>> 16 & 0xf;
        }
        if ((mask & 2) != 0) {
            if (priv || exceptionReturn) {
                c.cpsrE = (v & CPSR_E) != 0;
                c.daif = (c.daif & ~CPSR_A) | (v & CPSR_A);
            }
            if (exceptionReturn) {
                c.regs[Aarch64Cpu.IT] = (c.regs[Aarch64Cpu.IT] & 3L) | ((v >>> 10 & 0x3f) << 2);
            }
        }
        if ((mask & 1) != 0 && (priv || exceptionReturn)) {
            c.daif = (c.daif & ~(CPSR_I | CPSR_F)) | (v & (CPSR_I | CPSR_F));
            if (exceptionReturn) {
                c.regs[Aarch64Cpu.TF] = v >>> 5 & 1;
            }
            if (priv) {
                setMode(c, (int) v & 0x1f);
            }
        }
    }

    // ---- exception entry and return ---------------------------------------------------------------

    /**
     * Takes an exception to AArch32 mode {@code mode} (DDI 0406C B1.8.3; DDI 0487 G1.12.4
     * {@code AArch32.EnterMode}): SPSR_mode = CPSR, LR_mode = {@code lr}, CPSR.M = mode, I set (F too for
     * FIQ; A for aborts, IRQ and FIQ), IT cleared, T = SCTLR.TE, E = SCTLR.EE; PC = vector base (VBAR, or
     * 0xffff0000 with SCTLR.V) + {@code vectorOffset}. Clears the local exclusive monitor and wakes the PE.
     */
    static void enterMode(Aarch64Cpu c, int mode, int vectorOffset, long lr, String what) {
        long saved = cpsr(c);
        int fromMode = c.cpsrMode;
        setMode(c, mode);
        writeSpsr(c, mode, saved);
        c.regs[slot(bank(mode), 14)] = lr & 0xffff_ffffL;
        long mask = CPSR_I;
        if (mode == MODE_FIQ) {
            mask |= CPSR_F | CPSR_A;
        } else if (mode == MODE_ABT || mode == MODE_IRQ) {
            mask |= CPSR_A;
        }
        c.daif |= mask;
        c.regs[Aarch64Cpu.IT] = 0;
        long sctlr = c.sctlr[1];
        c.regs[Aarch64Cpu.TF] = (sctlr & SCTLR_TE) != 0 ? 1 : 0;
        c.cpsrE = (sctlr & SCTLR_EE) != 0;
        long base = (sctlr & SCTLR_V) != 0 ? 0xffff_0000L : c.vbar[1] & 0xffff_ffe0L;
        c.regs[Aarch64Cpu.PC] = base + vectorOffset;
        c.regs[Aarch64Cpu.EXCL_ARMED] = 0;
        c.illegalState = false;
        c.halted = false;
        if (GuestLog.on(GuestLog.INT)) {
            GuestLog.log(String.format("cpu%d: taking exception [%s] from mode 0x%x to 0x%x: LR 0x%x SPSR 0x%x"
                    + " -> PC 0x%x", c.cpuIndex, what, fromMode, mode, lr & 0xffff_ffffL, saved,
                    c.regs[Aarch64Cpu.PC]));
        }
    }

    /**
     * An interrupt (B1.8.10, B1.8.11): IRQ to IRQ mode at vector 0x18, FIQ to FIQ mode at 0x1c; LR is the
     * address of the next instruction to execute + 4.
     */
    static void takeInterrupt(Aarch64Cpu c, boolean fiq) {
        long pc = c.regs[Aarch64Cpu.PC];
        enterMode(c, fiq ? MODE_FIQ : MODE_IRQ, fiq ? VEC_FIQ : VEC_IRQ, pc + 4, fiq ? "FIQ" : "IRQ");
    }

    /**
     * Delivers a synchronous exception raised as an {@link A64Fault} to the AArch32 exception it stands
     * for (B1.8): SVC (EC 0x11) to Supervisor mode, LR = next instruction; aborts (EC 0x20-0x25) to Abort
     * mode with DFSR/DFAR or IFSR/IFAR in the current translation table format (B4.1.52, B4.1.96), LR = the
     * faulting instruction + 8 (data) or + 4 (prefetch); BKPT (EC 0x38) is a Prefetch Abort debug event;
     * everything else (UNDEFINED, disabled FP/SIMD, trapped system registers) is the Undefined Instruction
     * exception, LR = the instruction + 4 (A32) or + 2 (T32).
     */
    static void deliver(Aarch64Cpu c, A64Fault f) {
        long pc = c.regs[Aarch64Cpu.PC] & 0xffff_ffffL;
        boolean thumb = c.regs[Aarch64Cpu.TF] != 0;
        if (f.itState >= 0) {
            c.regs[Aarch64Cpu.IT] = f.itState;
        }
        boolean lpae = lpae(c);
        switch (f.ec) {
            case Esr.EC_SVC32 -> enterMode(c, MODE_SVC, VEC_SVC, pc + f.returnOffset, "SVC");
            case Esr.EC_DATA_ABORT_LOWER, Esr.EC_DATA_ABORT_SAME -> {
                int fsc = f.iss & 0x3f;
                long fsr = fsr(fsc, f.domain, lpae) | ((f.iss & Esr.ISS_WNR) != 0 ? 1 << 11 : 0);
                c.esr[1] = (c.esr[1] & ~0xffff_ffffL) | fsr; // DFSR is ESR_EL1[31:0] (D1.20.1)
                c.far[1] = (c.far[1] & ~0xffff_ffffL) | (f.far & 0xffff_ffffL); // DFAR is FAR_EL1[31:0]
                enterMode(c, MODE_ABT, VEC_DABT, pc + 8, "Data Abort");
            }
            case Esr.EC_INSN_ABORT_LOWER, Esr.EC_INSN_ABORT_SAME, Esr.EC_PC_ALIGNMENT -> {
                int fsc = f.ec == Esr.EC_PC_ALIGNMENT ? Esr.FSC_ALIGNMENT : f.iss & 0x3f;
                c.ifsr32El2 = fsr(fsc, f.domain, lpae);
                c.far[1] = (c.far[1] & 0xffff_ffffL) | (f.far & 0xffff_ffffL) << 32; // IFAR is FAR_EL1[63:32]
                enterMode(c, MODE_ABT, VEC_PABT, pc + 4, "Prefetch Abort");
            }
            case Esr.EC_BKPT32 -> {
                c.ifsr32El2 = lpae ? (1 << 9) | 0x22 : 0x02;
                enterMode(c, MODE_ABT, VEC_PABT, pc + 4, "Prefetch Abort (BKPT)");
            }
            default -> enterMode(c, MODE_UND, VEC_UND, pc + (thumb ? 2 : 4), "Undefined Instruction");
        }
    }

    /** TTBCR.EAE: the long-descriptor (LPAE) translation table format is in use (B4.1.153). */
    static boolean lpae(Aarch64Cpu c) {
        return (c.tcr[1] & (1L << 31)) != 0;
    }

    /** Internal fault status code of a short-descriptor Domain fault (level in bits [1:0]). */
    static final int FSC_DOMAIN = 0x3c;

    /**
     * The AArch32 FSR value (DFSR/IFSR, B4.1.52/B4.1.96) for AArch64-style fault status {@code fsc}: in the
     * long-descriptor format (LPAE, bit 9 set) the same 6-bit code; in the short-descriptor format FS[4:0]
     * (bit 10 = FS[4]) as table B3-23 lists, with the domain in bits [7:4] for faults that have one.
     */
    static long fsr(int fsc, int domain, boolean lpae) {
        if (lpae) {
            return (1 << 9) | (fsc & 0x3f);
        }
        int level = fsc & 3;
        int fs;
        boolean hasDomain = true;
        switch (fsc & 0x3c) {
            case Esr.FSC_TRANSLATION -> fs = level <= 1 ? 0b00101 : 0b00111;
            case Esr.FSC_ACCESS_FLAG -> fs = level <= 1 ? 0b00011 : 0b00110;
            case Esr.FSC_PERMISSION -> fs = level <= 1 ? 0b01101 : 0b01111;
            case FSC_DOMAIN -> fs = level <= 1 ? 0b01001 : 0b01011;
            case Esr.FSC_SYNC_EXTERNAL_WALK -> fs = level <= 1 ? 0b01100 : 0b01110;
            case Esr.FSC_SYNC_EXTERNAL -> {
                fs = 0b01000;
                hasDomain = false;
            }
            default -> {
                if (fsc == Esr.FSC_ALIGNMENT) {
                    fs = 0b00001;
                } else if (fsc == 0x22) {
                    fs = 0b00010;
                } else {
                    fs = 0b00101; // address size faults cannot happen with 32-bit addresses
                }
                hasDomain = false;
            }
        }
        return (fs & 0xf) | (fs & 0x10) << 6 | (hasDomain ? (domain & 0xf) << 4 : 0);
    }

    /**
     * Exception return (B1.8.? "Exception return"; DDI 0487 G1.13 {@code AArch32.ExceptionReturn}): CPSR =
     * {@code spsr} (all fields, including IT and T), then PC = {@code newPc} aligned for the new instruction
     * set. Clears the local exclusive monitor.
     */
    public static void exceptionReturn(Aarch64Cpu c, long newPc, long spsr) {
        int from = c.cpsrMode;
        writeCpsr(c, spsr, 0xf, true);
        long pc = newPc & 0xffff_ffffL;
        c.regs[Aarch64Cpu.PC] = c.regs[Aarch64Cpu.TF] != 0 ? pc & ~1L : pc & ~3L;
        c.regs[Aarch64Cpu.EXCL_ARMED] = 0;
        if (GuestLog.on(GuestLog.INT)) {
            GuestLog.log(String.format("cpu%d: exception return from mode 0x%x to 0x%x, SPSR 0x%x -> PC 0x%x",
                    c.cpuIndex, from, c.cpsrMode, spsr & 0xffff_ffffL, c.regs[Aarch64Cpu.PC]));
        }
    }

    // ---- helpers called by translated code (org.jemu.arm.a32.SystemInsns) ---------------------------

    /** UNDEFINED unless at PL1 (the system instructions of the A32/T32 system level). */
    private static void requirePl1(Aarch64Cpu c) {
        if (c.el == 0) {
            throw c.undefinedFault();
        }
    }

    /**
     * MRS Rd, CPSR/SPSR (B9.3.8): the CPSR (at PL0 the APSR view with the mode bits) or, with
     * {@code spsr} = 1, the current mode's SPSR (UNDEFINED in usr/sys).
     */
    public static long mrs(Aarch64Cpu c, int pass, int spsr) {
        if (pass == 0) {
            return 0;
        }
        if (spsr != 0) {
            long v = readSpsr(c, c.cpsrMode);
            if (v < 0) {
                throw c.undefinedFault();
            }
            return v;
        }
        long v = cpsr(c);
        // The execution state bits (IT, J, T) read as zero (B9.3.8).
        return v & ~(0x0600_fc20L | 1L << 24);
    }

    /**
     * MSR CPSR_fields/SPSR_fields, value (B9.3.11, B9.3.12) if {@code pass} is 1: CPSR through
     * {@link #writeCpsr}; the current mode's SPSR by byte mask (UNDEFINED in usr/sys).
     */
    public static void msr(Aarch64Cpu c, int pass, int spsr, int mask, int value) {
        if (pass == 0) {
            return;
        }
        long v = value & 0xffff_ffffL;
        if (spsr != 0) {
            long old = readSpsr(c, c.cpsrMode);
            if (old < 0) {
                throw c.undefinedFault();
            }
            long bytes = 0;
            for (int i = 0; i < 4; i++) {
                if ((mask & (1 << i)) != 0) {
                    bytes |= 0xffL << (8 * i);
                }
            }
            writeSpsr(c, c.cpsrMode, (old & ~bytes) | (v & bytes));
            return;
        }
        writeCpsr(c, v, mask, false);
    }

    /**
     * The banked register of MRS/MSR (banked register) (B9.3.9, B9.3.10; SYSm = R:m1:m, table B9-?):
     * returns {@code (mode << 8) | n} with n the register (8..14) or 16 for the SPSR, or -1 if the encoding
     * is UNPREDICTABLE.
     */
    public static int bankedTarget(int r, int sysm) {
        if (r != 0) {
            return switch (sysm) {
                case 0x0e -> (MODE_FIQ << 8) | 16;
                case 0x10 -> (MODE_IRQ << 8) | 16;
                case 0x12 -> (MODE_SVC << 8) | 16;
                case 0x14 -> (MODE_ABT << 8) | 16;
                case 0x16 -> (MODE_UND << 8) | 16;
                default -> -1; // SPSR_mon, SPSR_hyp: not implemented
            };
        }
        if (sysm <= 6) {
            return (MODE_USR << 8) | (8 + sysm);
        }
        if (sysm >= 8 && sysm <= 14) {
            return (MODE_FIQ << 8) | sysm;
        }
        return switch (sysm) {
            case 0x10 -> (MODE_IRQ << 8) | 14;
            case 0x11 -> (MODE_IRQ << 8) | 13;
            case 0x12 -> (MODE_SVC << 8) | 14;
            case 0x13 -> (MODE_SVC << 8) | 13;
            case 0x14 -> (MODE_ABT << 8) | 14;
            case 0x15 -> (MODE_ABT << 8) | 13;
            case 0x16 -> (MODE_UND << 8) | 14;
            case 0x17 -> (MODE_UND << 8) | 13;
            default -> -1; // LR_mon, SP_mon, ELR_hyp, SP_hyp: not implemented
        };
    }

    /**
     * MRS Rd, &lt;banked_reg&gt; (B9.3.9): reads register {@code target} ({@link #bankedTarget}). Accessing
     * the current mode's own registers is UNPREDICTABLE (UNDEFINED here), as is any use at PL0.
     */
    public static long mrsBanked(Aarch64Cpu c, int pass, int target) {
        if (pass == 0) {
            return 0;
        }
        checkBanked(c, target);
        int mode = target >>> 8;
        int n = target & 0xff;
        return n == 16 ? readSpsr(c, mode) : c.regs[slot(bank(mode), n)] & 0xffff_ffffL;
    }

    /**
     * UNDEFINED at PL0 and for the current mode's own registers (UNPREDICTABLE): its SPSR, or R8..R14 when
     * they are the current bank.
     */
    private static void checkBanked(Aarch64Cpu c, int target) {
        requirePl1(c);
        int mode = target >>> 8;
        boolean own = (target & 0xff) == 16 ? mode == c.cpsrMode : bank(mode) == bank(c.cpsrMode);
        if (own) {
            throw c.undefinedFault();
        }
    }

    /** MSR &lt;banked_reg&gt;, Rn (B9.3.10) if {@code pass} is 1; checks as {@link #mrsBanked}. */
    public static void msrBanked(Aarch64Cpu c, int pass, int target, int value) {
        if (pass == 0) {
            return;
        }
        checkBanked(c, target);
        int mode = target >>> 8;
        int n = target & 0xff;
        if (n == 16) {
            writeSpsr(c, mode, value & 0xffff_ffffL);
        } else {
            c.regs[slot(bank(mode), n)] = value & 0xffff_ffffL;
        }
    }

    /**
     * CPS (B9.3.3): at PL1, {@code imod} 0b10 clears (enables) and 0b11 sets (disables) the A, I, F bits
     * selected by {@code aif} (bit 2 A, 1 I, 0 F); {@code changeMode} switches to {@code mode}. A NOP at PL0.
     */
    public static void cps(Aarch64Cpu c, int imod, int aif, int changeMode, int mode) {
        if (c.el == 0) {
            return;
        }
        long bits = ((aif & 4) != 0 ? CPSR_A : 0) | ((aif & 2) != 0 ? CPSR_I : 0) | ((aif & 1) != 0 ? CPSR_F : 0);
        if (imod == 2) {
            c.daif &= ~bits;
        } else if (imod == 3) {
            c.daif |= bits;
        }
        if (changeMode != 0) {
            setMode(c, mode);
        }
    }

    /**
     * SRS (B9.3.16): stores LR and SPSR of the current mode to the stack of mode {@code mode} at
     * {@code addr} (the two words, already computed by the translator from SP_mode), and returns that
     * mode's SP for writeback computation; UNDEFINED at PL0 or in usr/sys (no SPSR).
     */
    public static long srsSp(Aarch64Cpu c, int mode) {
        requirePl1(c);
        if (!validMode(mode) || mode == MODE_USR) {
            throw c.undefinedFault();
        }
        return c.regs[slot(bank(mode), 13)] & 0xffff_ffffL;
    }

    /** SRS: the SPSR of the current mode (UNDEFINED in System mode). */
    public static long srsSpsr(Aarch64Cpu c) {
        long v = readSpsr(c, c.cpsrMode);
        if (v < 0) {
            throw c.undefinedFault();
        }
        return v;
    }

    /** SRS writeback: SP of mode {@code mode} = {@code value}. */
    public static void srsWriteback(Aarch64Cpu c, int mode, int value) {
        c.regs[slot(bank(mode), 13)] = value & 0xffff_ffffL;
    }

    /**
     * SUBS PC, LR, #imm / MOVS PC and the other data-processing exception returns (B9.3.19), LDM (exception
     * return) (B9.3.5) and RFE (B9.3.13) if {@code pass} is 1: CPSR = SPSR of the current mode (or
     * {@code value} for RFE with {@code fromSpsr} = 0), PC = {@code target}. UNDEFINED at PL0 and, for the
     * SPSR forms, in System mode. Returns 1 if the return happened.
     */
    public static int eret(Aarch64Cpu c, int pass, int target, int fromSpsr, int value, long nextPc) {
        if (pass == 0 || (fromSpsr != 0 && readSpsr(c, c.cpsrMode) < 0)) {
            c.regs[Aarch64Cpu.PC] = nextPc;
            return 0;
        }
        long s = fromSpsr != 0 ? readSpsr(c, c.cpsrMode) : value & 0xffff_ffffL;
        exceptionReturn(c, target & 0xffff_ffffL, s);
        return 1;
    }

    /**
     * The checks of an exception return made before the instruction changes anything (faults must be
     * precise): UNDEFINED at PL0 and, for the SPSR forms ({@code fromSpsr} = 1), in System mode.
     */
    public static void eretCheck(Aarch64Cpu c, int pass, int fromSpsr) {
        if (pass == 0) {
            return;
        }
        requirePl1(c);
        if (fromSpsr != 0 && readSpsr(c, c.cpsrMode) < 0) {
            throw c.undefinedFault();
        }
    }

    /** UNDEFINED at PL0 (LDM/STM user registers, RFE, SRS, SUBS PC, LR ...). */
    public static void checkPl1(Aarch64Cpu c) {
        requirePl1(c);
    }

    /**
     * The registers in the layout of QEMU's {@code info registers} for AArch32: R00..R15 four per line,
     * then the PSR with NZCV, the instruction set and the mode, and the banked SP/LR/SPSR of the other modes.
     */
    static String dumpRegisters(Aarch64Cpu c) {
        StringBuilder sb = new StringBuilder();
        int bank = bank(c.cpsrMode);
        for (int i = 0; i < 16; i++) {
            long v = i == 15 ? c.regs[Aarch64Cpu.PC] : c.regs[slot(bank, i)];
            sb.append(String.format("R%02d=%08x%s", i, v & 0xffff_ffffL, i % 4 == 3 ? "\n" : " "));
        }
        long p = cpsr(c);
        String mode = switch (c.cpsrMode) {
            case MODE_USR -> "usr";
            case MODE_FIQ -> "fiq";
            case MODE_IRQ -> "irq";
            case MODE_SVC -> "svc";
            case MODE_ABT -> "abt";
            case MODE_UND -> "und";
            default -> "sys";
        };
        sb.append(String.format("PSR=%08x %c%c%c%c %c %s32%n", p, (p >>> 31 & 1) != 0 ? 'N' : '-',
                (p >>> 30 & 1) != 0 ? 'Z' : '-', (p >>> 29 & 1) != 0 ? 'C' : '-', (p >>> 28 & 1) != 0 ? 'V' : '-',
                (p & CPSR_T) != 0 ? 'T' : 'A', mode));
        int[] modes = {MODE_SVC, MODE_ABT, MODE_UND, MODE_IRQ, MODE_FIQ};
        for (int m : modes) {
            sb.append(String.format("SP_%3$s=%1$08x LR_%3$s=%2$08x SPSR_%3$s=%4$08x%n",
                    c.regs[slot(bank(m), 13)] & 0xffff_ffffL, c.regs[slot(bank(m), 14)] & 0xffff_ffffL,
                    switch (m) {
                        case MODE_SVC -> "svc";
                        case MODE_ABT -> "abt";
                        case MODE_UND -> "und";
                        case MODE_IRQ -> "irq";
                        default -> "fiq";
                    }, readSpsr(c, m)));
        }
        return sb.toString();
    }
}
