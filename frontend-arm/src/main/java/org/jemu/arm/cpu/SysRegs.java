package org.jemu.arm.cpu;

import java.util.function.Predicate;
import org.jemu.translator.exec.GuestCpu;

/**
 * The AArch64 system register and system instruction table (Arm ARM DDI 0487, C5.3 "A64 system
 * instructions for cache maintenance, address translation and TLB maintenance", D13 "AArch64 System
 * Register Descriptions"), indexed by the 16-bit encoding op0:op1:CRn:CRm:op2 that MRS, MSR, SYS and SYSL
 * carry in instruction bits [20:5] ({@link #encode}).
 *
 * <p>Each entry gives the lowest Exception level that may read and write it (lower: UNDEFINED), an
 * optional presence condition (EL2/EL3 registers exist only when that EL is implemented), and an optional
 * check for configurable traps, which returns {@link #ALLOW}, {@link #UNDEF}, {@link #FP_TRAP} or the EL a
 * trap with EC 0x18 goes to. Encodings with no entry are UNDEFINED, and {@link A64Helpers} logs them once
 * under {@code -d unimp}. System instructions (op0 = 1) are "written" with Xt.
 *
 * <p>The identification space op0 = 3, op1 = 0, CRn = 0, CRm = 1..7 reads as zero where no register is
 * defined, as the architecture requires of a v8.0 PE (so kernels can probe newer ID registers).
 */
final class SysRegs {
    private SysRegs() {
    }

    /** Access allowed. */
    static final int ALLOW = 0;
    /** Access UNDEFINED (EC 0x00). */
    static final int UNDEF = -1;
    /** Access is an FP/SIMD access that traps (EC 0x07). */
    static final int FP_TRAP = -2;
    /** Values 1..3: trap to that EL with EC 0x18. */
    static final int TRAP_EL1 = 1;
    static final int TRAP_EL2 = 2;

    @FunctionalInterface
    interface Reader {
        long read(Aarch64Cpu c);
    }

    @FunctionalInterface
    interface Writer {
        void write(Aarch64Cpu c, long v);
    }

    @FunctionalInterface
    interface Check {
        int check(Aarch64Cpu c, boolean read);
    }

    /** One register or system instruction. */
    static final class Reg {
        final String name;
        final int encoding;
        int readEl;
        int writeEl;
        Reader read;
        Writer write;
        Check check;
        Predicate<Aarch64Cpu> present;

        Reg(String name, int encoding, int minEl, Reader read, Writer write) {
            this.name = name;
            this.encoding = encoding;
            this.readEl = minEl;
            this.writeEl = minEl;
            this.read = read;
            this.write = write;
        }

        Reg check(Check c) {
            this.check = c;
            return this;
        }

        Reg writeEl(int e) {
            this.writeEl = e;
            return this;
        }

        Reg present(Predicate<Aarch64Cpu> p) {
            this.present = p;
            return this;
        }

        Reg el2() {
            return present(c -> c.hasEl2);
        }

        Reg el3() {
            return present(c -> c.hasEl3);
        }

        boolean isPresent(Aarch64Cpu c) {
            return present == null || present.test(c);
        }
    }

    private static final Reg[] TABLE = new Reg[1 << 16];

    /** The 16-bit encoding of op0, op1, CRn, CRm, op2 (= MRS/MSR/SYS instruction bits [20:5]). */
    static int encode(int op0, int op1, int crn, int crm, int op2) {
        return (op0 & 3) << 14 | (op1 & 7) << 11 | (crn & 15) << 7 | (crm & 15) << 3 | (op2 & 7);
    }

    /** The generic name of an encoding, {@code S<op0>_<op1>_C<n>_C<m>_<op2>}. */
    static String genericName(int enc) {
        return String.format("S%d_%d_C%d_C%d_%d", enc >>> 14 & 3, enc >>> 11 & 7, enc >>> 7 & 15, enc >>> 3 & 15,
                enc & 7);
    }

    /** The entry for {@code enc}, or null. */
    static Reg lookup(int enc) {
        return TABLE[enc & 0xffff];
    }

    /** Registered name of {@code enc}, or its generic name. */
    static String name(int enc) {
        Reg r = lookup(enc);
        return r != null ? r.name : genericName(enc);
    }

    private static Reg def(String name, int op0, int op1, int crn, int crm, int op2, int minEl, Reader rd,
            Writer wr) {
        int e = encode(op0, op1, crn, crm, op2);
        if (TABLE[e] != null) {
            throw new IllegalStateException("duplicate system register " + name + " / " + TABLE[e].name);
        }
        Reg r = new Reg(name, e, minEl, rd, wr);
        TABLE[e] = r;
        return r;
    }

    private static Reg rw(String name, int op0, int op1, int crn, int crm, int op2, int minEl, Reader rd, Writer wr) {
        return def(name, op0, op1, crn, crm, op2, minEl, rd, wr);
    }

    private static Reg ro(String name, int op0, int op1, int crn, int crm, int op2, int minEl, Reader rd) {
        return def(name, op0, op1, crn, crm, op2, minEl, rd, null);
    }

    /** A register that reads as {@code value} and ignores writes (IMPLEMENTATION DEFINED controls). */
    private static Reg constWi(String name, int op0, int op1, int crn, int crm, int op2, int minEl, long value) {
        return def(name, op0, op1, crn, crm, op2, minEl, c -> value, (c, v) -> { });
    }

    private static Reg sys(String name, int op1, int crn, int crm, int op2, int minEl, Writer op) {
        return def(name, 1, op1, crn, crm, op2, minEl, null, op);
    }

    private static final Writer NOP = (c, v) -> { };

    // ---- checks --------------------------------------------------------------------------------------

    private static int fpCheck(Aarch64Cpu c, boolean read) {
        return c.fpTrapTarget(c.el) == 0 ? ALLOW : FP_TRAP;
    }

    /** EL0 access controlled by an SCTLR_EL1 bit: trap to EL1 (EC 0x18) when the bit is 0. */
    private static Check el0Sctlr(long bit) {
        return (c, read) -> c.el == 0 && (c.sctlr[1] & bit) == 0 ? TRAP_EL1 : ALLOW;
    }

    /** CNTKCTL_EL1 bits (D13.8.15). */
    private static final long EL0PCTEN = 1;
    private static final long EL0VCTEN = 2;
    private static final long EL0VTEN = 1 << 8;
    private static final long EL0PTEN = 1 << 9;
    /** CNTHCTL_EL2 bits (D13.8.4): EL1PCTEN, EL1PCEN. */
    private static final long EL1PCTEN = 1;
    private static final long EL1PCEN = 2;

    /** EL0 under CNTKCTL_EL1 {@code el0Bits} (any), then EL0/EL1 under CNTHCTL_EL2 {@code el1Bit}. */
    private static Check timerCheck(long el0Bits, long el1Bit) {
        return (c, read) -> {
            if (c.el == 0 && (c.cntkctlEl1 & el0Bits) == 0) {
                return TRAP_EL1;
            }
            if (el1Bit != 0 && c.el <= 1 && c.el2Enabled() && (c.cnthctlEl2 & el1Bit) == 0) {
                return TRAP_EL2;
            }
            return ALLOW;
        };
    }

    /** CNTPS_*: EL3, or Secure EL1 with SCR_EL3.ST = 1. */
    private static int securePhysTimerCheck(Aarch64Cpu c, boolean read) {
        return c.el == 3 || (c.isSecure() && (c.scrEl3 & Aarch64Cpu.SCR_ST) != 0) ? ALLOW : UNDEF;
    }

    private static int highestEl(Aarch64Cpu c) {
        return c.hasEl3 ? 3 : c.hasEl2 ? 2 : 1;
    }

    // ---- ID register values as the guest sees them ----------------------------------------------------

    /**
     * ID_AA64PFR0_EL1 (D13.2.67): EL0 = 2 (AArch64 and AArch32, as on the Cortex-A57: AArch32 user space
     * under an AArch64 kernel), EL1 = 1 (AArch64 only), EL2/EL3 fields 1 when implemented and 0 otherwise
     * (as QEMU's virt clears them), GIC = 1 with a GICv3 system register interface; FP and AdvSIMD as the
     * model says.
     */
    static long idAa64pfr0(Aarch64Cpu c) {
        long v = c.model.idAa64pfr0() & ~0x0f00_ffffL;
        v |= 0x12;
        v |= (c.hasEl2 ? 1L : 0) << 8;
        v |= (c.hasEl3 ? 1L : 0) << 12;
        v |= (c.advertiseGicV3 ? 1L : 0) << 24;
        return v;
    }

    /** ID_PFR1_EL1 with Security (bits [7:4]) and Virtualization (bits [15:12]) cleared when absent. */
    static long idPfr1(Aarch64Cpu c) {
        long v = c.model.idPfr1();
        if (!c.hasEl3) {
            v &= ~0xf0L;
        }
        if (!c.hasEl2) {
            v &= ~0xf000L;
        }
        return v;
    }

    /** Number of breakpoints (ID_AA64DFR0.BRPs + 1) and watchpoints (WRPs + 1). */
    static int breakpoints(Aarch64Cpu c) {
        return (int) (c.model.idAa64dfr0() >>> 12 & 0xf) + 1;
    }

    static int watchpoints(Aarch64Cpu c) {
        return (int) (c.model.idAa64dfr0() >>> 20 & 0xf) + 1;
    }

    /** CCSIDR_EL1 for CSSELR_EL1 (InD bit 0, Level bits [3:1]): L1 data, L1 instruction, L2 unified. */
    static long ccsidr(Aarch64Cpu c) {
        int sel = (int) c.csselrEl1 & 0xf;
        return switch (sel) {
            case 0 -> c.model.ccsidr().get(0);
            case 1 -> c.model.ccsidr().get(1);
            case 2 -> c.model.ccsidr().get(2);
            default -> 0;
        };
    }

    /** DCZID_EL0 (D13.2.35): BS, and DZP (bit 4) when DC ZVA is prohibited at the current EL. */
    static long dczid(Aarch64Cpu c) {
        boolean prohibited = c.el == 0 && (c.sctlr[1] & Aarch64Cpu.SCTLR_DZE) == 0;
        return c.model.dczBlockLog2Words() | (prohibited ? 0x10 : 0);
    }

    // ---- the table -----------------------------------------------------------------------------------

    static {
        defineIdRegisters();
        defineEl1Registers();
        defineSpecialPurpose();
        defineTimers();
        defineEl2Registers();
        defineEl3Registers();
        defineDebugRegisters();
        defineImplementationDefined();
        definePmu();
        defineSystemInstructions();
        // The rest of the ID space (op0=3, op1=0, CRn=0, CRm=1..7) is RAZ (D13.1.3).
        for (int crm = 1; crm <= 7; crm++) {
            for (int op2 = 0; op2 <= 7; op2++) {
                if (TABLE[encode(3, 0, 0, crm, op2)] == null) {
                    ro(genericName(encode(3, 0, 0, crm, op2)), 3, 0, 0, crm, op2, 1, c -> 0);
                }
            }
        }
    }

    private static void defineIdRegisters() {
        ro("MIDR_EL1", 3, 0, 0, 0, 0, 1, c -> c.el == 1 && c.el2Enabled() ? c.vpidrEl2 : c.model.midr());
        ro("MPIDR_EL1", 3, 0, 0, 0, 5, 1, c -> c.el == 1 && c.el2Enabled() ? c.vmpidrEl2 : c.mpidr());
        ro("REVIDR_EL1", 3, 0, 0, 0, 6, 1, c -> c.model.revidr());
        ro("ID_PFR0_EL1", 3, 0, 0, 1, 0, 1, c -> c.model.idPfr0());
        ro("ID_PFR1_EL1", 3, 0, 0, 1, 1, 1, SysRegs::idPfr1);
        ro("ID_DFR0_EL1", 3, 0, 0, 1, 2, 1, c -> c.model.idDfr0());
        ro("ID_AFR0_EL1", 3, 0, 0, 1, 3, 1, c -> c.model.idAfr0());
        ro("ID_MMFR0_EL1", 3, 0, 0, 1, 4, 1, c -> c.model.idMmfr0());
        ro("ID_MMFR1_EL1", 3, 0, 0, 1, 5, 1, c -> c.model.idMmfr1());
        ro("ID_MMFR2_EL1", 3, 0, 0, 1, 6, 1, c -> c.model.idMmfr2());
        ro("ID_MMFR3_EL1", 3, 0, 0, 1, 7, 1, c -> c.model.idMmfr3());
        ro("ID_ISAR0_EL1", 3, 0, 0, 2, 0, 1, c -> c.model.idIsar0());
        ro("ID_ISAR1_EL1", 3, 0, 0, 2, 1, 1, c -> c.model.idIsar1());
        ro("ID_ISAR2_EL1", 3, 0, 0, 2, 2, 1, c -> c.model.idIsar2());
        ro("ID_ISAR3_EL1", 3, 0, 0, 2, 3, 1, c -> c.model.idIsar3());
        ro("ID_ISAR4_EL1", 3, 0, 0, 2, 4, 1, c -> c.model.idIsar4());
        ro("ID_ISAR5_EL1", 3, 0, 0, 2, 5, 1, c -> c.model.idIsar5());
        ro("MVFR0_EL1", 3, 0, 0, 3, 0, 1, c -> c.model.mvfr0());
        ro("MVFR1_EL1", 3, 0, 0, 3, 1, 1, c -> c.model.mvfr1());
        ro("MVFR2_EL1", 3, 0, 0, 3, 2, 1, c -> c.model.mvfr2());
        ro("ID_AA64PFR0_EL1", 3, 0, 0, 4, 0, 1, SysRegs::idAa64pfr0);
        ro("ID_AA64PFR1_EL1", 3, 0, 0, 4, 1, 1, c -> 0);
        ro("ID_AA64DFR0_EL1", 3, 0, 0, 5, 0, 1, c -> c.model.idAa64dfr0());
        ro("ID_AA64DFR1_EL1", 3, 0, 0, 5, 1, 1, c -> 0);
        ro("ID_AA64AFR0_EL1", 3, 0, 0, 5, 4, 1, c -> 0);
        ro("ID_AA64AFR1_EL1", 3, 0, 0, 5, 5, 1, c -> 0);
        ro("ID_AA64ISAR0_EL1", 3, 0, 0, 6, 0, 1, c -> c.model.idAa64isar0());
        ro("ID_AA64ISAR1_EL1", 3, 0, 0, 6, 1, 1, c -> 0);
        ro("ID_AA64MMFR0_EL1", 3, 0, 0, 7, 0, 1, c -> c.model.idAa64mmfr0());
        ro("ID_AA64MMFR1_EL1", 3, 0, 0, 7, 1, 1, c -> 0);
        ro("ID_AA64MMFR2_EL1", 3, 0, 0, 7, 2, 1, c -> 0);
        ro("CCSIDR_EL1", 3, 1, 0, 0, 0, 1, SysRegs::ccsidr);
        ro("CLIDR_EL1", 3, 1, 0, 0, 1, 1, c -> c.model.clidr());
        ro("AIDR_EL1", 3, 1, 0, 0, 7, 1, c -> 0);
        rw("CSSELR_EL1", 3, 2, 0, 0, 0, 1, c -> c.csselrEl1, (c, v) -> c.csselrEl1 = v & 0xf);
        ro("CTR_EL0", 3, 3, 0, 0, 1, 0, c -> c.model.ctr()).check(el0Sctlr(Aarch64Cpu.SCTLR_UCT));
        ro("DCZID_EL0", 3, 3, 0, 0, 7, 0, SysRegs::dczid);
        rw("VPIDR_EL2", 3, 4, 0, 0, 0, 2, c -> c.vpidrEl2, (c, v) -> c.vpidrEl2 = v & 0xffff_ffffL).el2();
        rw("VMPIDR_EL2", 3, 4, 0, 0, 5, 2, c -> c.vmpidrEl2, (c, v) -> c.vmpidrEl2 = v).el2();
    }

    private static void defineEl1Registers() {
        rw("SCTLR_EL1", 3, 0, 1, 0, 0, 1, c -> c.sctlr[1], (c, v) -> c.writeSctlr(1, v & 0xffff_ffffL));
        rw("ACTLR_EL1", 3, 0, 1, 0, 1, 1, c -> c.actlr[1], (c, v) -> c.actlr[1] = v);
        rw("CPACR_EL1", 3, 0, 1, 0, 2, 1, c -> c.cpacrEl1, (c, v) -> c.cpacrEl1 = v & (3L << 20 | 1L << 28));
        rw("TTBR0_EL1", 3, 0, 2, 0, 0, 1, c -> c.ttbr0[1], (c, v) -> c.writeTtbr0(1, v));
        rw("TTBR1_EL1", 3, 0, 2, 0, 1, 1, c -> c.ttbr1El1, (c, v) -> c.writeTtbr1(v));
        rw("TCR_EL1", 3, 0, 2, 0, 2, 1, c -> c.tcr[1], (c, v) -> c.writeTcr(1, v));
        rw("SPSR_EL1", 3, 0, 4, 0, 0, 1, c -> c.spsr[1], (c, v) -> c.spsr[1] = v & 0xffff_ffffL);
        rw("ELR_EL1", 3, 0, 4, 0, 1, 1, c -> c.elr[1], (c, v) -> c.elr[1] = v);
        rw("AFSR0_EL1", 3, 0, 5, 1, 0, 1, c -> c.afsr0[1], (c, v) -> c.afsr0[1] = v);
        rw("AFSR1_EL1", 3, 0, 5, 1, 1, 1, c -> c.afsr1[1], (c, v) -> c.afsr1[1] = v);
        rw("ESR_EL1", 3, 0, 5, 2, 0, 1, c -> c.esr[1], (c, v) -> c.esr[1] = v & 0xffff_ffffL);
        rw("FAR_EL1", 3, 0, 6, 0, 0, 1, c -> c.far[1], (c, v) -> c.far[1] = v);
        rw("PAR_EL1", 3, 0, 7, 4, 0, 1, c -> c.parEl1, (c, v) -> c.parEl1 = v);
        rw("MAIR_EL1", 3, 0, 10, 2, 0, 1, c -> c.mair[1], (c, v) -> c.writeMair(1, v));
        rw("AMAIR_EL1", 3, 0, 10, 3, 0, 1, c -> c.amair[1], (c, v) -> c.amair[1] = v);
        rw("VBAR_EL1", 3, 0, 12, 0, 0, 1, c -> c.vbar[1], (c, v) -> c.vbar[1] = v & ~0x7ffL);
        ro("RVBAR_EL1", 3, 0, 12, 0, 1, 1, c -> c.rvbar).present(c -> !c.hasEl2 && !c.hasEl3);
        ro("ISR_EL1", 3, 0, 12, 1, 0, 1, Aarch64Cpu::isr);
        rw("CONTEXTIDR_EL1", 3, 0, 13, 0, 1, 1, c -> c.contextidrEl1, (c, v) -> c.contextidrEl1 = v & 0xffff_ffffL);
        rw("TPIDR_EL1", 3, 0, 13, 0, 4, 1, c -> c.tpidr[1], (c, v) -> c.tpidr[1] = v);
        rw("TPIDR_EL0", 3, 3, 13, 0, 2, 0, c -> c.tpidr[0], (c, v) -> c.tpidr[0] = v);
        rw("TPIDRRO_EL0", 3, 3, 13, 0, 3, 0, c -> c.tpidrroEl0, (c, v) -> c.tpidrroEl0 = v).writeEl(1);
    }

    /** Special-purpose registers (C5.2): PSTATE fields, banked SPs, FPCR/FPSR. */
    private static void defineSpecialPurpose() {
        rw("SP_EL0", 3, 0, 4, 1, 0, 1, c -> c.getSpEl(0), (c, v) -> c.setSpEl(0, v))
                .check((c, read) -> c.spSel == 0 ? UNDEF : ALLOW);
        rw("SPSel", 3, 0, 4, 2, 0, 1, c -> c.spSel, (c, v) -> c.setElSp(c.el, (int) v & 1));
        ro("CurrentEL", 3, 0, 4, 2, 2, 1, c -> (long) c.el << 2);
        rw("NZCV", 3, 3, 4, 2, 0, 0, Aarch64Cpu::nzcv, Aarch64Cpu::setNzcv);
        rw("DAIF", 3, 3, 4, 2, 1, 0, c -> c.daif, (c, v) -> c.daif = v & Aarch64Cpu.PSTATE_DAIF)
                .check(el0Sctlr(Aarch64Cpu.SCTLR_UMA));
        // FPCR: AHP, DN, FZ, RMode, Stride, Len (trap enables are RAZ/WI: FP exceptions do not trap).
        rw("FPCR", 3, 3, 4, 4, 0, 0, c -> c.regs[Aarch64Cpu.FPCR],
                (c, v) -> c.regs[Aarch64Cpu.FPCR] = v & 0x07f7_0000L).check(SysRegs::fpCheck);
        // FPSR: the AArch32 FPSCR.NZCV (bits [31:28], written by VCMP), QC and the cumulative exception flags.
        rw("FPSR", 3, 3, 4, 4, 1, 0, c -> c.regs[Aarch64Cpu.FPSR],
                (c, v) -> c.regs[Aarch64Cpu.FPSR] = v & 0xf800_009fL).check(SysRegs::fpCheck);
        rw("SP_EL1", 3, 4, 4, 1, 0, 2, c -> c.getSpEl(1), (c, v) -> c.setSpEl(1, v)).el2();
        rw("SP_EL2", 3, 6, 4, 1, 0, 3, c -> c.getSpEl(2), (c, v) -> c.setSpEl(2, v)).el3();
    }

    private static void defineTimers() {
        rw("CNTFRQ_EL0", 3, 3, 14, 0, 0, 0, c -> c.cntfrq, (c, v) -> c.cntfrq = v & 0xffff_ffffL)
                .check((c, read) -> !read && c.el != highestEl(c) ? UNDEF
                        : c.el == 0 && (c.cntkctlEl1 & (EL0PCTEN | EL0VCTEN)) == 0 ? TRAP_EL1 : ALLOW);
        ro("CNTPCT_EL0", 3, 3, 14, 0, 1, 0, c -> c.timer.physicalCount()).check(timerCheck(EL0PCTEN, EL1PCTEN));
        ro("CNTVCT_EL0", 3, 3, 14, 0, 2, 0, c -> c.timer.virtualCount()).check(timerCheck(EL0VCTEN, 0));
        for (Reg r : timerRegisters("CNTP", "_EL0", 3, 2, 0, Aarch64Cpu.GTIMER_PHYS)) {
            r.check(timerCheck(EL0PTEN, EL1PCEN));
        }
        for (Reg r : timerRegisters("CNTV", "_EL0", 3, 3, 0, Aarch64Cpu.GTIMER_VIRT)) {
            r.check(timerCheck(EL0VTEN, 0));
        }
        for (Reg r : timerRegisters("CNTHP", "_EL2", 4, 2, 2, Aarch64Cpu.GTIMER_HYP)) {
            r.el2();
        }
        for (Reg r : timerRegisters("CNTPS", "_EL1", 7, 2, 1, Aarch64Cpu.GTIMER_SEC)) {
            r.el3().check(SysRegs::securePhysTimerCheck);
        }
        rw("CNTKCTL_EL1", 3, 0, 14, 1, 0, 1, c -> c.cntkctlEl1, (c, v) -> c.cntkctlEl1 = v & 0x3ff);
        rw("CNTHCTL_EL2", 3, 4, 14, 1, 0, 2, c -> c.cnthctlEl2, (c, v) -> c.cnthctlEl2 = v & 0xff).el2();
        rw("CNTVOFF_EL2", 3, 4, 14, 0, 3, 2, c -> c.cntvoffEl2, Aarch64Cpu::writeCntvoff).el2();
    }

    /** The TVAL (op2 0), CTL (op2 1) and CVAL (op2 2) registers of timer {@code which} at op0 3, CRn 14. */
    private static Reg[] timerRegisters(String prefix, String suffix, int op1, int crm, int minEl, int which) {
        return new Reg[] {
            rw(prefix + "_TVAL" + suffix, 3, op1, 14, crm, 0, minEl, c -> c.timer.readTval(which),
                    (c, v) -> c.timer.writeTval(which, v)),
            rw(prefix + "_CTL" + suffix, 3, op1, 14, crm, 1, minEl, c -> c.timer.readCtl(which),
                    (c, v) -> c.timer.writeCtl(which, v)),
            rw(prefix + "_CVAL" + suffix, 3, op1, 14, crm, 2, minEl, c -> c.timer.readCval(which),
                    (c, v) -> c.timer.writeCval(which, v)),
        };
    }

    private static void defineEl2Registers() {
        rw("SCTLR_EL2", 3, 4, 1, 0, 0, 2, c -> c.sctlr[2], (c, v) -> c.writeSctlr(2, v & 0xffff_ffffL)).el2();
        rw("ACTLR_EL2", 3, 4, 1, 0, 1, 2, c -> c.actlr[2], (c, v) -> c.actlr[2] = v).el2();
        rw("HCR_EL2", 3, 4, 1, 1, 0, 2, c -> c.hcrEl2, Aarch64Cpu::writeHcr).el2();
        rw("MDCR_EL2", 3, 4, 1, 1, 1, 2, c -> c.mdcrEl2, (c, v) -> c.mdcrEl2 = v).el2();
        rw("CPTR_EL2", 3, 4, 1, 1, 2, 2, c -> c.cptrEl2, (c, v) -> c.cptrEl2 = v).el2();
        rw("HSTR_EL2", 3, 4, 1, 1, 3, 2, c -> c.hstrEl2, (c, v) -> c.hstrEl2 = v).el2();
        rw("HACR_EL2", 3, 4, 1, 1, 7, 2, c -> c.hacrEl2, (c, v) -> c.hacrEl2 = v).el2();
        rw("TTBR0_EL2", 3, 4, 2, 0, 0, 2, c -> c.ttbr0[2], (c, v) -> c.writeTtbr0(2, v)).el2();
        rw("TCR_EL2", 3, 4, 2, 0, 2, 2, c -> c.tcr[2], (c, v) -> c.writeTcr(2, v)).el2();
        rw("VTTBR_EL2", 3, 4, 2, 1, 0, 2, c -> c.vttbrEl2, (c, v) -> c.vttbrEl2 = v).el2();
        rw("VTCR_EL2", 3, 4, 2, 1, 2, 2, c -> c.vtcrEl2, (c, v) -> c.vtcrEl2 = v).el2();
        rw("DACR32_EL2", 3, 4, 3, 0, 0, 2, c -> c.dacr32El2, (c, v) -> c.dacr32El2 = v).el2();
        rw("SPSR_EL2", 3, 4, 4, 0, 0, 2, c -> c.spsr[2], (c, v) -> c.spsr[2] = v & 0xffff_ffffL).el2();
        rw("ELR_EL2", 3, 4, 4, 0, 1, 2, c -> c.elr[2], (c, v) -> c.elr[2] = v).el2();
        String[] aarch32 = {"SPSR_irq", "SPSR_abt", "SPSR_und", "SPSR_fiq"};
        for (int i = 0; i < 4; i++) {
            final int k = i;
            rw(aarch32[i], 3, 4, 4, 3, i, 2, c -> c.spsrAarch32[k], (c, v) -> c.spsrAarch32[k] = v).el2();
        }
        rw("IFSR32_EL2", 3, 4, 5, 0, 1, 2, c -> c.ifsr32El2, (c, v) -> c.ifsr32El2 = v).el2();
        rw("AFSR0_EL2", 3, 4, 5, 1, 0, 2, c -> c.afsr0[2], (c, v) -> c.afsr0[2] = v).el2();
        rw("AFSR1_EL2", 3, 4, 5, 1, 1, 2, c -> c.afsr1[2], (c, v) -> c.afsr1[2] = v).el2();
        rw("ESR_EL2", 3, 4, 5, 2, 0, 2, c -> c.esr[2], (c, v) -> c.esr[2] = v & 0xffff_ffffL).el2();
        rw("FPEXC32_EL2", 3, 4, 5, 3, 0, 2, c -> c.fpexc32El2, (c, v) -> c.fpexc32El2 = v).el2();
        rw("FAR_EL2", 3, 4, 6, 0, 0, 2, c -> c.far[2], (c, v) -> c.far[2] = v).el2();
        rw("HPFAR_EL2", 3, 4, 6, 0, 4, 2, c -> c.hpfarEl2, (c, v) -> c.hpfarEl2 = v).el2();
        rw("MAIR_EL2", 3, 4, 10, 2, 0, 2, c -> c.mair[2], (c, v) -> c.writeMair(2, v)).el2();
        rw("AMAIR_EL2", 3, 4, 10, 3, 0, 2, c -> c.amair[2], (c, v) -> c.amair[2] = v).el2();
        rw("VBAR_EL2", 3, 4, 12, 0, 0, 2, c -> c.vbar[2], (c, v) -> c.vbar[2] = v & ~0x7ffL).el2();
        ro("RVBAR_EL2", 3, 4, 12, 0, 1, 2, c -> c.rvbar).present(c -> c.hasEl2 && !c.hasEl3);
        rw("TPIDR_EL2", 3, 4, 13, 0, 2, 2, c -> c.tpidr[2], (c, v) -> c.tpidr[2] = v).el2();
    }

    private static void defineEl3Registers() {
        rw("SCTLR_EL3", 3, 6, 1, 0, 0, 3, c -> c.sctlr[3], (c, v) -> c.writeSctlr(3, v & 0xffff_ffffL)).el3();
        rw("ACTLR_EL3", 3, 6, 1, 0, 1, 3, c -> c.actlr[3], (c, v) -> c.actlr[3] = v).el3();
        rw("SCR_EL3", 3, 6, 1, 1, 0, 3, c -> c.scrEl3, (c, v) -> c.scrEl3 = v & 0x3fff).el3();
        rw("SDER32_EL3", 3, 6, 1, 1, 1, 3, c -> c.sder32El3, (c, v) -> c.sder32El3 = v).el3();
        rw("CPTR_EL3", 3, 6, 1, 1, 2, 3, c -> c.cptrEl3, (c, v) -> c.cptrEl3 = v).el3();
        rw("MDCR_EL3", 3, 6, 1, 3, 1, 3, c -> c.mdcrEl3, (c, v) -> c.mdcrEl3 = v).el3();
        rw("TTBR0_EL3", 3, 6, 2, 0, 0, 3, c -> c.ttbr0[3], (c, v) -> c.writeTtbr0(3, v)).el3();
        rw("TCR_EL3", 3, 6, 2, 0, 2, 3, c -> c.tcr[3], (c, v) -> c.writeTcr(3, v)).el3();
        rw("SPSR_EL3", 3, 6, 4, 0, 0, 3, c -> c.spsr[3], (c, v) -> c.spsr[3] = v & 0xffff_ffffL).el3();
        rw("ELR_EL3", 3, 6, 4, 0, 1, 3, c -> c.elr[3], (c, v) -> c.elr[3] = v).el3();
        rw("AFSR0_EL3", 3, 6, 5, 1, 0, 3, c -> c.afsr0[3], (c, v) -> c.afsr0[3] = v).el3();
        rw("AFSR1_EL3", 3, 6, 5, 1, 1, 3, c -> c.afsr1[3], (c, v) -> c.afsr1[3] = v).el3();
        rw("ESR_EL3", 3, 6, 5, 2, 0, 3, c -> c.esr[3], (c, v) -> c.esr[3] = v & 0xffff_ffffL).el3();
        rw("FAR_EL3", 3, 6, 6, 0, 0, 3, c -> c.far[3], (c, v) -> c.far[3] = v).el3();
        rw("MAIR_EL3", 3, 6, 10, 2, 0, 3, c -> c.mair[3], (c, v) -> c.writeMair(3, v)).el3();
        rw("AMAIR_EL3", 3, 6, 10, 3, 0, 3, c -> c.amair[3], (c, v) -> c.amair[3] = v).el3();
        rw("VBAR_EL3", 3, 6, 12, 0, 0, 3, c -> c.vbar[3], (c, v) -> c.vbar[3] = v & ~0x7ffL).el3();
        ro("RVBAR_EL3", 3, 6, 12, 0, 1, 3, c -> c.rvbar).el3();
        rw("TPIDR_EL3", 3, 6, 13, 0, 2, 3, c -> c.tpidr[3], (c, v) -> c.tpidr[3] = v).el3();
    }

    /** Self-hosted debug registers (D2, D13.3): storage only, no debug events are generated. */
    private static void defineDebugRegisters() {
        rw("OSDTRRX_EL1", 2, 0, 0, 0, 2, 1, c -> c.osdtrrxEl1, (c, v) -> c.osdtrrxEl1 = v);
        rw("MDCCINT_EL1", 2, 0, 0, 2, 0, 1, c -> c.mdccintEl1, (c, v) -> c.mdccintEl1 = v);
        rw("MDSCR_EL1", 2, 0, 0, 2, 2, 1, c -> c.mdscrEl1, (c, v) -> c.mdscrEl1 = v);
        rw("OSDTRTX_EL1", 2, 0, 0, 3, 2, 1, c -> c.osdtrtxEl1, (c, v) -> c.osdtrtxEl1 = v);
        rw("OSECCR_EL1", 2, 0, 0, 6, 2, 1, c -> c.oseccrEl1, (c, v) -> c.oseccrEl1 = v);
        for (int n = 0; n < 16; n++) {
            final int k = n;
            rw("DBGBVR" + n + "_EL1", 2, 0, 0, n, 4, 1, c -> c.dbgbvr[k], (c, v) -> c.dbgbvr[k] = v)
                    .present(c -> k < breakpoints(c));
            rw("DBGBCR" + n + "_EL1", 2, 0, 0, n, 5, 1, c -> c.dbgbcr[k], (c, v) -> c.dbgbcr[k] = v & 0xffff_ffffL)
                    .present(c -> k < breakpoints(c));
            rw("DBGWVR" + n + "_EL1", 2, 0, 0, n, 6, 1, c -> c.dbgwvr[k], (c, v) -> c.dbgwvr[k] = v)
                    .present(c -> k < watchpoints(c));
            rw("DBGWCR" + n + "_EL1", 2, 0, 0, n, 7, 1, c -> c.dbgwcr[k], (c, v) -> c.dbgwcr[k] = v & 0xffff_ffffL)
                    .present(c -> k < watchpoints(c));
        }
        ro("MDRAR_EL1", 2, 0, 1, 0, 0, 1, c -> 0);
        def("OSLAR_EL1", 2, 0, 1, 0, 4, 1, null, (c, v) -> c.osLock = (v & 1) != 0);
        // OSLSR_EL1: OSLM = 0b10 (bit 3), OSLK (bit 1).
        ro("OSLSR_EL1", 2, 0, 1, 1, 4, 1, c -> 0b1000 | (c.osLock ? 0b10 : 0));
        rw("OSDLR_EL1", 2, 0, 1, 3, 4, 1, c -> c.osdlrEl1, (c, v) -> c.osdlrEl1 = v & 1);
        rw("DBGPRCR_EL1", 2, 0, 1, 4, 4, 1, c -> c.dbgprcrEl1, (c, v) -> c.dbgprcrEl1 = v & 1);
        rw("DBGCLAIMSET_EL1", 2, 0, 7, 8, 6, 1, c -> 0xff, (c, v) -> c.dbgclaim |= v & 0xff);
        rw("DBGCLAIMCLR_EL1", 2, 0, 7, 9, 6, 1, c -> c.dbgclaim, (c, v) -> c.dbgclaim &= ~(v & 0xff));
        ro("DBGAUTHSTATUS_EL1", 2, 0, 7, 14, 6, 1, c -> 0);
        ro("MDCCSR_EL0", 2, 3, 0, 1, 0, 0, c -> 0);
        rw("DBGDTR_EL0", 2, 3, 0, 4, 0, 0, c -> c.dbgdtrEl0, (c, v) -> c.dbgdtrEl0 = v);
        rw("DBGDTRRX_EL0", 2, 3, 0, 5, 0, 0, c -> c.dbgdtrEl0 & 0xffff_ffffL,
                (c, v) -> c.dbgdtrEl0 = v & 0xffff_ffffL);
        rw("DBGVCR32_EL2", 2, 4, 0, 7, 0, 2, c -> c.dbgvcr32El2, (c, v) -> c.dbgvcr32El2 = v).el2();
    }

    /** PMUv3 registers of {@link Pmu}; EL0 access is controlled by PMUSERENR_EL0. */
    private static void definePmu() {
        Check en = (c, read) -> c.pmu.el0Check(c, 0);
        rw("PMCR_EL0", 3, 3, 9, 12, 0, 0, c -> c.pmu.readPmcr(), (c, v) -> c.pmu.writePmcr(v)).check(en);
        rw("PMCNTENSET_EL0", 3, 3, 9, 12, 1, 0, c -> c.pmu.cntenset, (c, v) -> c.pmu.setCntEn(v, true)).check(en);
        rw("PMCNTENCLR_EL0", 3, 3, 9, 12, 2, 0, c -> c.pmu.cntenset,
                (c, v) -> c.pmu.setCntEn(v, false)).check(en);
        rw("PMOVSCLR_EL0", 3, 3, 9, 12, 3, 0, c -> c.pmu.ovs,
                (c, v) -> c.pmu.ovs &= ~(v & Pmu.CYCLE_BIT)).check(en);
        rw("PMOVSSET_EL0", 3, 3, 9, 14, 3, 0, c -> c.pmu.ovs,
                (c, v) -> c.pmu.ovs |= v & Pmu.CYCLE_BIT).check(en);
        def("PMSWINC_EL0", 3, 3, 9, 12, 4, 0, null, NOP).check((c, read) -> c.pmu.el0Check(c, 2));
        rw("PMSELR_EL0", 3, 3, 9, 12, 5, 0, c -> c.pmu.selr, (c, v) -> c.pmu.selr = v & 0x1f)
                .check((c, read) -> c.pmu.el0Check(c, 8));
        ro("PMCEID0_EL0", 3, 3, 9, 12, 6, 0, c -> Pmu.PMCEID0).check(en);
        ro("PMCEID1_EL0", 3, 3, 9, 12, 7, 0, c -> 0).check(en);
        rw("PMCCNTR_EL0", 3, 3, 9, 13, 0, 0, c -> c.pmu.readCycles(), (c, v) -> c.pmu.writeCycles(v))
                .check((c, read) -> c.pmu.el0Check(c, read ? 4 : 0));
        // PMXEVTYPER/PMXEVCNTR: PMSELR.SEL = 31 selects PMCCFILTR; there are no event counters (RAZ/WI).
        rw("PMXEVTYPER_EL0", 3, 3, 9, 13, 1, 0, c -> c.pmu.selr == 31 ? c.pmu.ccfiltr : 0, (c, v) -> {
            if (c.pmu.selr == 31) {
                c.pmu.ccfiltr = v & 0xfc00_0000L;
            }
        }).check(en);
        rw("PMXEVCNTR_EL0", 3, 3, 9, 13, 2, 0, c -> 0, NOP).check((c, read) -> c.pmu.el0Check(c, read ? 8 : 0));
        rw("PMUSERENR_EL0", 3, 3, 9, 14, 0, 0, c -> c.pmu.userenr, (c, v) -> c.pmu.userenr = v & 0xf)
                .writeEl(1);
        rw("PMINTENSET_EL1", 3, 0, 9, 14, 1, 1, c -> c.pmu.intenset,
                (c, v) -> c.pmu.intenset |= v & Pmu.CYCLE_BIT);
        rw("PMINTENCLR_EL1", 3, 0, 9, 14, 2, 1, c -> c.pmu.intenset,
                (c, v) -> c.pmu.intenset &= ~(v & Pmu.CYCLE_BIT));
        rw("PMCCFILTR_EL0", 3, 3, 14, 15, 7, 0, c -> c.pmu.ccfiltr, (c, v) -> c.pmu.ccfiltr = v & 0xfc00_0000L)
                .check(en);
    }

    /** Cortex-A57/A53/A72 IMPLEMENTATION DEFINED registers firmware touches (QEMU cortex_a72_a57_a53_cp_reginfo). */
    private static void defineImplementationDefined() {
        // L2CTLR_EL1: number of cores - 1 in bits [25:24].
        rw("L2CTLR_EL1", 3, 1, 11, 0, 2, 1, c -> (long) ((c.cpus().size() - 1) & 3) << 24, NOP);
        constWi("L2ECTLR_EL1", 3, 1, 11, 0, 3, 1, 0);
        constWi("L2ACTLR_EL1", 3, 1, 15, 0, 0, 1, 0);
        constWi("CPUACTLR_EL1", 3, 1, 15, 2, 0, 1, 0);
        constWi("CPUECTLR_EL1", 3, 1, 15, 2, 1, 1, 0);
        constWi("CPUMERRSR_EL1", 3, 1, 15, 2, 2, 1, 0);
        constWi("L2MERRSR_EL1", 3, 1, 15, 2, 3, 1, 0);
        ro("CBAR_EL1", 3, 1, 15, 3, 0, 1, c -> c.cbar);
    }

    /** System instructions (C5.3): cache maintenance (no-ops), address translation, TLB maintenance. */
    private static void defineSystemInstructions() {
        Check uci = el0Sctlr(Aarch64Cpu.SCTLR_UCI);
        sys("IC IALLUIS", 0, 7, 1, 0, 1, NOP);
        sys("IC IALLU", 0, 7, 5, 0, 1, NOP);
        sys("IC IVAU", 3, 7, 5, 1, 0, NOP).check(uci);
        sys("DC IVAC", 0, 7, 6, 1, 1, NOP);
        sys("DC ISW", 0, 7, 6, 2, 1, NOP);
        sys("DC CSW", 0, 7, 10, 2, 1, NOP);
        sys("DC CISW", 0, 7, 14, 2, 1, NOP);
        sys("DC ZVA", 3, 7, 4, 1, 0, A64Helpers::dcZva);
        sys("DC CVAC", 3, 7, 10, 1, 0, NOP).check(uci);
        sys("DC CVAU", 3, 7, 11, 1, 0, NOP).check(uci);
        sys("DC CIVAC", 3, 7, 14, 1, 0, NOP).check(uci);

        sys("AT S1E1R", 0, 7, 8, 0, 1, (c, v) -> at(c, v, Aarch64Cpu.MMU_IDX_EL1, GuestCpu.ACCESS_READ));
        sys("AT S1E1W", 0, 7, 8, 1, 1, (c, v) -> at(c, v, Aarch64Cpu.MMU_IDX_EL1, GuestCpu.ACCESS_WRITE));
        sys("AT S1E0R", 0, 7, 8, 2, 1, (c, v) -> at(c, v, Aarch64Cpu.MMU_IDX_EL0, GuestCpu.ACCESS_READ));
        sys("AT S1E0W", 0, 7, 8, 3, 1, (c, v) -> at(c, v, Aarch64Cpu.MMU_IDX_EL0, GuestCpu.ACCESS_WRITE));
        sys("AT S1E2R", 4, 7, 8, 0, 2, (c, v) -> at(c, v, Aarch64Cpu.MMU_IDX_EL2, GuestCpu.ACCESS_READ)).el2();
        sys("AT S1E2W", 4, 7, 8, 1, 2, (c, v) -> at(c, v, Aarch64Cpu.MMU_IDX_EL2, GuestCpu.ACCESS_WRITE)).el2();
        // Stage 2 is not modelled, so S12E1x/S12E0x equal S1E1x/S1E0x.
        sys("AT S12E1R", 4, 7, 8, 4, 2, (c, v) -> at(c, v, Aarch64Cpu.MMU_IDX_EL1, GuestCpu.ACCESS_READ)).el2();
        sys("AT S12E1W", 4, 7, 8, 5, 2, (c, v) -> at(c, v, Aarch64Cpu.MMU_IDX_EL1, GuestCpu.ACCESS_WRITE)).el2();
        sys("AT S12E0R", 4, 7, 8, 6, 2, (c, v) -> at(c, v, Aarch64Cpu.MMU_IDX_EL0, GuestCpu.ACCESS_READ)).el2();
        sys("AT S12E0W", 4, 7, 8, 7, 2, (c, v) -> at(c, v, Aarch64Cpu.MMU_IDX_EL0, GuestCpu.ACCESS_WRITE)).el2();
        sys("AT S1E3R", 6, 7, 8, 0, 3, (c, v) -> at(c, v, Aarch64Cpu.MMU_IDX_EL3, GuestCpu.ACCESS_READ)).el3();
        sys("AT S1E3W", 6, 7, 8, 1, 3, (c, v) -> at(c, v, Aarch64Cpu.MMU_IDX_EL3, GuestCpu.ACCESS_WRITE)).el3();

        // TLBI, EL1&0 regime: CRm 3 = Inner Shareable (all CPUs), CRm 7 = this CPU.
        for (int crm : new int[] {3, 7}) {
            boolean is = crm == 3;
            String s = is ? "IS" : "";
            sys("TLBI VMALLE1" + s, 0, 8, crm, 0, 1, (c, v) -> flushAll(c, is));
            sys("TLBI VAE1" + s, 0, 8, crm, 1, 1, (c, v) -> flushVa(c, v, 1, is));
            sys("TLBI ASIDE1" + s, 0, 8, crm, 2, 1, (c, v) -> flushAll(c, is));
            sys("TLBI VAAE1" + s, 0, 8, crm, 3, 1, (c, v) -> flushVa(c, v, 1, is));
            sys("TLBI VALE1" + s, 0, 8, crm, 5, 1, (c, v) -> flushVa(c, v, 1, is));
            sys("TLBI VAALE1" + s, 0, 8, crm, 7, 1, (c, v) -> flushVa(c, v, 1, is));
            sys("TLBI ALLE2" + s, 4, 8, crm, 0, 2, (c, v) -> flushAll(c, is)).el2();
            sys("TLBI VAE2" + s, 4, 8, crm, 1, 2, (c, v) -> flushVa(c, v, 2, is)).el2();
            sys("TLBI ALLE1" + s, 4, 8, crm, 4, 2, (c, v) -> flushAll(c, is)).el2();
            sys("TLBI VALE2" + s, 4, 8, crm, 5, 2, (c, v) -> flushVa(c, v, 2, is)).el2();
            sys("TLBI VMALLS12E1" + s, 4, 8, crm, 6, 2, (c, v) -> flushAll(c, is)).el2();
            sys("TLBI ALLE3" + s, 6, 8, crm, 0, 3, (c, v) -> flushAll(c, is)).el3();
            sys("TLBI VAE3" + s, 6, 8, crm, 1, 3, (c, v) -> flushVa(c, v, 3, is)).el3();
            sys("TLBI VALE3" + s, 6, 8, crm, 5, 3, (c, v) -> flushVa(c, v, 3, is)).el3();
        }
        // Stage 2 by IPA: nothing to do without stage 2.
        sys("TLBI IPAS2E1IS", 4, 8, 0, 1, 2, NOP).el2();
        sys("TLBI IPAS2LE1IS", 4, 8, 0, 5, 2, NOP).el2();
        sys("TLBI IPAS2E1", 4, 8, 4, 1, 2, NOP).el2();
        sys("TLBI IPAS2LE1", 4, 8, 4, 5, 2, NOP).el2();
    }

    // ---- operations ----------------------------------------------------------------------------------

    /**
     * AT: translates {@code va} as an access of kind {@code access} under {@code mmuIdx} and writes the
     * result to PAR_EL1 (D13.2.93): on success PA[47:12], SH (bits [8:7]), NS (bit 9), ATTR (bits [63:56]);
     * on a fault F = 1 and FST (bits [6:1]); bit 11 is RES1 in both formats.
     */
    static void at(Aarch64Cpu c, long va, int mmuIdx, int access) {
        Mmu.Result r = c.auxResult;
        Mmu.walk(c, va, mmuIdx, r);
        int fsc = r.fsc >= 0 ? r.fsc : Mmu.permissionFault(r, access);
        if (fsc >= 0) {
            c.parEl1 = 1 | ((long) fsc << 1) | (1L << 11);
        } else {
            c.parEl1 = (r.pa & 0x0000_ffff_ffff_f000L) | ((long) r.attr << 56) | (r.ns ? 1L << 9 : 0)
                    | ((long) r.sh << 7) | (1L << 11);
        }
    }

    /**
     * TLB invalidate all (TLBI VMALLE1/ALLEn and the AArch32 TLBIALL/TLBIASID forms in {@link Cp15}): this vCPU,
     * or with {@code broadcast} (the Inner Shareable forms) every vCPU of the machine.
     */
    static void flushAll(Aarch64Cpu c, boolean broadcast) {
        if (broadcast) {
            for (Aarch64Cpu o : c.cpus()) {
                o.tlbFlushAll();
            }
        } else {
            c.tlbFlushAll();
        }
    }

    /**
     * TLBI by VA (C5.5): Xt[43:0] holds VA[55:12] (sign-extended for the two-range EL1&amp;0 regime).
     * ASIDs are not tagged, so ASID-qualified forms flush the page in every kept address space. With Top
     * Byte Ignore on, tagged aliases of the page may be cached; {@link org.jemu.translator.exec.GuestCpu#tlbFlushPage}
     * empties the page's entry whatever its top byte.
     */
    private static void flushVa(Aarch64Cpu c, long xt, int regimeEl, boolean broadcast) {
        long va = regimeEl == 1 ? (xt << 20) >> 8 : (xt & 0x0fff_ffff_ffffL) << 12;
        for (Aarch64Cpu o : broadcast ? c.cpus() : java.util.List.of(c)) {
            o.tlbFlushPage(va);
        }
    }
}
