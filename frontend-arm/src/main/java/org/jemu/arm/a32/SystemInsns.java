package org.jemu.arm.a32;

import org.jemu.arm.cpu.A32System;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.arm.cpu.Cp15;
import org.jemu.translator.decode.DecodeTable;
import org.jemu.translator.ir.ExitReason;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;

/**
 * The A32 and T32 system-level instructions of ARMv7-A (DDI 0406C chapter B9 "System Instructions", and the
 * coprocessor instructions of A8 for CP14/CP15): MRS/MSR of the CPSR, SPSR and banked registers, CPS, SRS,
 * RFE, LDM (exception return), LDM/STM (user registers), SUBS PC, LR and the other data-processing exception
 * returns, MRC/MCR/MRRC/MCRR, HVC and SMC (PSCI calls), SETEND, and the VFP system registers (VMRS/VMSR of
 * FPSID, MVFR0/1, FPEXC). The state changes are done by {@link A32System} and {@link Cp15} helpers at run
 * time; an instruction that may change the mode, the interrupt masks or anything else in the translation
 * flags ends its block.
 *
 * <p>The decode entries are {@link #addA32} and {@link #addT32}, one block per table.
 */
public final class SystemInsns {
    private SystemInsns() {
    }

    private static final int ALL = Helper.WRITES_STATE | Helper.MAY_FAULT | Helper.SIDE_EFFECT;
    private static final Helper MRS = Helper.of(A32System.class, "mrs", Helper.MAY_FAULT | Helper.SIDE_EFFECT);
    private static final Helper MSR = Helper.of(A32System.class, "msr", ALL);
    private static final Helper MRS_BANKED = Helper.of(A32System.class, "mrsBanked", Helper.MAY_FAULT | Helper.SIDE_EFFECT);
    private static final Helper MSR_BANKED = Helper.of(A32System.class, "msrBanked", ALL);
    private static final Helper CPS = Helper.of(A32System.class, "cps", ALL);
    private static final Helper SRS_SP = Helper.of(A32System.class, "srsSp", Helper.MAY_FAULT | Helper.SIDE_EFFECT);
    private static final Helper SRS_SPSR = Helper.of(A32System.class, "srsSpsr", Helper.MAY_FAULT | Helper.SIDE_EFFECT);
    private static final Helper SRS_WB = Helper.of(A32System.class, "srsWriteback", ALL);
    private static final Helper ERET = Helper.of(A32System.class, "eret", Helper.WRITES_STATE | Helper.SIDE_EFFECT);
    private static final Helper ERET_CHECK = Helper.of(A32System.class, "eretCheck", Helper.MAY_FAULT | Helper.SIDE_EFFECT);
    private static final Helper CHECK_PL1 = Helper.of(A32System.class, "checkPl1", Helper.MAY_FAULT | Helper.SIDE_EFFECT);
    private static final Helper CP_READ = Helper.of(Cp15.class, "read", Helper.MAY_FAULT | Helper.SIDE_EFFECT);
    private static final Helper CP_WRITE = Helper.of(Cp15.class, "write", ALL);
    private static final Helper HVC = Helper.of(org.jemu.arm.cpu.A32Helpers.class, "hvc", ALL);
    private static final Helper SMC = Helper.of(org.jemu.arm.cpu.A32Helpers.class, "smc", ALL);
    private static final Helper SETEND = Helper.of(org.jemu.arm.cpu.A32Helpers.class, "setend", ALL);
    private static final Helper VFP_SYS_READ = Helper.of(org.jemu.arm.cpu.A32Helpers.class, "vfpSysRead",
            Helper.MAY_FAULT | Helper.SIDE_EFFECT);
    private static final Helper VFP_SYS_WRITE = Helper.of(org.jemu.arm.cpu.A32Helpers.class, "vfpSysWrite", ALL);

    /** True if the block runs at PL0 (User mode), where the system instructions are UNDEFINED or NOPs. */
    private static boolean pl0(A32Translator t) {
        return Aarch64Cpu.flagsEl(t.flags) == 0;
    }

    /** R13/R15 restrictions of T32 register fields: SP or PC is UNPREDICTABLE. */
    private static boolean badT32(A32Translator t, int r) {
        return r == 15 || (t.thumb && r == 13);
    }

    /** Ends the block after the current instruction, with the PC slot set to the next instruction. */
    private static void endAfterHelper(A32Translator t) {
        t.endBlockRecheck();
    }

    // ---- MRS / MSR (B9.3.8 - B9.3.12) ----------------------------------------------------------------

    /** MRS Rd, CPSR at PL1 (B9.3.8): the CPSR with the execution state bits masked. */
    static boolean mrsCpsr(A32Translator t) {
        int d = t.f('d');
        if (badT32(t, d)) {
            return false;
        }
        t.writeR(d, t.b.trunc(t.b.call(MRS, t.passValue(), t.c(0))));
        return true;
    }

    /** MRS Rd, SPSR (B9.3.8): UNDEFINED at PL0 and in usr/sys mode (the helper checks the mode). */
    public static boolean MRS_spsr(A32Translator t) {
        int d = t.f('d');
        if (badT32(t, d) || pl0(t)) {
            return false;
        }
        t.writeR(d, t.b.trunc(t.b.call(MRS, t.passValue(), t.c(1))));
        return true;
    }

    /** MSR CPSR/SPSR_&lt;fields&gt;, Rn (B9.3.12): the whole mask; ends the block. */
    public static boolean MSR_reg(A32Translator t) {
        int n = t.f('n');
        int mask = t.f('m');
        int r = t.f('q');
        if (badT32(t, n) || mask == 0 || (r != 0 && pl0(t))) {
            return false;
        }
        t.b.call(MSR, t.passValue(), t.c(r), t.c(mask), t.readR(n));
        endAfterHelper(t);
        return true;
    }

    /** MSR CPSR/SPSR_&lt;fields&gt;, #imm (B9.3.11); ends the block. */
    public static boolean MSR_imm(A32Translator t) {
        int mask = t.f('m');
        int r = t.f('q');
        if (mask == 0 || (r != 0 && pl0(t))) {
            return false;
        }
        t.b.call(MSR, t.passValue(), t.c(r), t.c(mask), t.c(A32Translator.expandImmValue(t.f('i'))));
        endAfterHelper(t);
        return true;
    }

    /** MRS Rd, &lt;banked_reg&gt; (B9.3.9); UNDEFINED at PL0. */
    public static boolean MRS_banked(A32Translator t) {
        int d = t.f('d');
        int target = A32System.bankedTarget(t.f('q'), t.f('z') << 4 | t.f('y'));
        if (badT32(t, d) || pl0(t) || target < 0) {
            return false;
        }
        t.writeR(d, t.b.trunc(t.b.call(MRS_BANKED, t.passValue(), t.c(target))));
        return true;
    }

    /** MSR &lt;banked_reg&gt;, Rn (B9.3.10); UNDEFINED at PL0. */
    public static boolean MSR_banked(A32Translator t) {
        int n = t.f('n');
        int target = A32System.bankedTarget(t.f('q'), t.f('z') << 4 | t.f('y'));
        if (badT32(t, n) || pl0(t) || target < 0) {
            return false;
        }
        t.b.call(MSR_BANKED, t.passValue(), t.c(target), t.readR(n));
        endAfterHelper(t);
        return true;
    }

    /**
     * CPS (B9.3.3; A32 and T32 encoding T2 / T1): imod 0b10 enables, 0b11 disables the selected A, I, F
     * masks; M changes the mode. imod = 0b01, or imod = 00 with M = 0, is UNPREDICTABLE; a NOP at PL0. Not
     * allowed in an IT block.
     */
    public static boolean CPS(A32Translator t) {
        int imod = t.f('h', 0b11);
        int m = t.f('y', 0);
        int aif = t.f('a');
        if (imod == 1 || (imod == 0 && m == 0) || (imod >= 2) != (aif != 0) || (t.thumb && t.inItBlock())) {
            return false;
        }
        if (pl0(t)) {
            return true;
        }
        t.b.call(CPS, t.c(imod), t.c(aif), t.c(m), t.c(t.f('m', 0)));
        endAfterHelper(t);
        return true;
    }

    /** CPS T1 (16-bit): CPSIE/CPSID with im (bit 4) selecting enable (0) or disable (1). */
    public static boolean CPS_T1(A32Translator t) {
        if (t.inItBlock() || t.f('a') == 0) {
            return false;
        }
        if (pl0(t)) {
            return true;
        }
        t.b.call(CPS, t.c(2 + t.f('y')), t.c(t.f('a')), t.c(0), t.c(0));
        endAfterHelper(t);
        return true;
    }

    // ---- exception returns ---------------------------------------------------------------------------

    /** The value of data-processing operation {@code opc} without flags (for SUBS PC, LR and friends). */
    private static Inst aluValue(A32Translator t, int opc, Inst rn, Inst y) {
        IrBuilder b = t.b;
        return switch (opc) {
            case DataProcessing.AND -> b.and(rn, y);
            case DataProcessing.EOR -> b.xor(rn, y);
            case DataProcessing.ORR -> b.or(rn, y);
            case DataProcessing.ORN -> b.or(rn, b.not(y));
            case DataProcessing.MOV -> y;
            case DataProcessing.BIC -> b.and(rn, b.not(y));
            case DataProcessing.MVN -> b.not(y);
            case DataProcessing.SUB -> t.addWithCarry(rn, b.not(y), t.c(1), false);
            case DataProcessing.RSB -> t.addWithCarry(b.not(rn), y, t.c(1), false);
            case DataProcessing.ADD -> t.addWithCarry(rn, y, t.c(0), false);
            case DataProcessing.ADC -> t.addWithCarry(rn, y, t.carry(), false);
            case DataProcessing.SBC -> t.addWithCarry(rn, b.not(y), t.carry(), false);
            default -> t.addWithCarry(b.not(rn), y, t.carry(), false); // RSC
        };
    }

    /** The exception-return checks ({@link A32System#eretCheck}), before the instruction writes anything. */
    private static void eretCheck(A32Translator t, boolean fromSpsr) {
        t.b.call(ERET_CHECK, t.passValue(), t.c(fromSpsr ? 1 : 0));
    }

    /**
     * Emits CPSR = SPSR (or {@code spsr}) and PC = {@code target} if the condition passes, else PC = the next
     * instruction; ends the block. {@link #eretCheck} must have been emitted first.
     */
    private static void exceptionReturn(A32Translator t, Inst target, Inst spsr) {
        IrBuilder b = t.b;
        t.writeItAfter();
        b.call(ERET, t.passValue(), target, t.c(spsr == null ? 1 : 0), spsr == null ? t.c(0) : spsr,
                t.pcConst64(t.nextPc()));
        b.exitState(ExitReason.RECHECK);
    }

    /**
     * SUBS PC, LR and related instructions (B9.3.19, A32): &lt;opc&gt;S PC, Rn, &lt;operand2&gt; computes
     * the value, then returns from the exception with CPSR = SPSR. UNDEFINED at PL0 (UNPREDICTABLE in User
     * and System mode).
     */
    public static boolean aluExceptionReturn(A32Translator t, int opc, int n, A32Translator.Shifted op2) {
        if (pl0(t) || opc >= DataProcessing.TST && opc <= DataProcessing.CMN) {
            return false;
        }
        eretCheck(t, true);
        Inst rn = opc == DataProcessing.MOV || opc == DataProcessing.MVN ? null : t.readR(n);
        exceptionReturn(t, aluValue(t, opc, rn, op2.value()), null);
        return true;
    }

    /** SUBS PC, LR, #imm8 T1 (B9.3.19): PC = LR - imm8, CPSR = SPSR; last in an IT block at most. */
    public static boolean SUBS_PC_LR_T1(A32Translator t) {
        if (pl0(t) || !t.mayBranch()) {
            return false;
        }
        eretCheck(t, true);
        exceptionReturn(t, t.b.sub(t.readR(14), t.c(t.f('i'))), null);
        return true;
    }

    /** Start address of a block transfer of {@code count} words from {@code rn} (LDM/STM/SRS/RFE modes). */
    private static Inst start(A32Translator t, Inst rn, int count, boolean before, boolean inc) {
        if (inc) {
            return before ? t.b.add(rn, t.c(4)) : rn;
        }
        return t.b.sub(rn, t.c(before ? 4 * count : 4 * count - 4));
    }

    private static Inst writeback(A32Translator t, Inst rn, int count, boolean inc) {
        return inc ? t.b.add(rn, t.c(4 * count)) : t.b.sub(rn, t.c(4 * count));
    }

    /**
     * LDM (exception return) (B9.3.5): loads the listed registers of the current mode and the PC, writes
     * back, then CPSR = SPSR and branches. UNDEFINED at PL0; writeback with Rn in the list is UNPREDICTABLE.
     */
    public static boolean LDM_eret(A32Translator t) {
        int n = t.f('n');
        int list = t.f('r') | 1 << 15;
        boolean w = t.f('w') != 0;
        if (pl0(t) || n == 15 || (w && (list & (1 << n)) != 0)) {
            return false;
        }
        IrBuilder b = t.b;
        eretCheck(t, true);
        int count = Integer.bitCount(list);
        Inst rn = t.readR(n);
        Inst a = start(t, rn, count, t.f('p') != 0, t.f('u') != 0);
        Inst[] v = loadList(t, a, list);
        for (int i = 0; i < 15; i++) {
            if (v[i] != null) {
                t.writeR(i, v[i]);
            }
        }
        if (w) {
            t.writeR(n, writeback(t, rn, count, t.f('u') != 0));
        }
        exceptionReturn(t, v[15], null);
        return true;
    }

    /** Loads the registers of {@code list} (bit i = R[i]) from consecutive words at {@code a}; all loads first. */
    private static Inst[] loadList(A32Translator t, Inst a, int list) {
        long memop = t.memop(4, false, true);
        Inst[] v = new Inst[16];
        int k = 0;
        for (int i = 0; i < 16; i++) {
            if ((list & (1 << i)) != 0) {
                v[i] = t.load(k == 0 ? a : t.b.add(a, t.c(4 * k)), memop);
                k++;
            }
        }
        return v;
    }

    /**
     * LDM (user registers) (B9.3.6): loads R[i]_usr of the listed registers (no PC, no writeback);
     * UNDEFINED at PL0.
     */
    public static boolean LDM_user(A32Translator t) {
        int n = t.f('n');
        int list = t.f('r');
        if (pl0(t) || n == 15 || list == 0) {
            return false;
        }
        Inst a = start(t, t.readR(n), Integer.bitCount(list), t.f('p') != 0, t.f('u') != 0);
        Inst[] v = loadList(t, a, list);
        for (int i = 0; i < 15; i++) {
            if (v[i] != null) {
                t.setSlot(A32System.slot(A32System.BANK_USR, i), v[i]);
            }
        }
        return true;
    }

    /** STM (user registers) (B9.3.17): stores R[i]_usr (the PC as PC + 8); no writeback; UNDEFINED at PL0. */
    public static boolean STM_user(A32Translator t) {
        int n = t.f('n');
        int list = t.f('r');
        if (pl0(t) || n == 15 || list == 0) {
            return false;
        }
        IrBuilder b = t.b;
        int count = Integer.bitCount(list);
        Inst a = start(t, t.readR(n), count, t.f('p') != 0, t.f('u') != 0);
        long memop = t.memop(4, false, true);
        int k = 0;
        for (int i = 0; i < 16; i++) {
            if ((list & (1 << i)) != 0) {
                Inst v = i == 15 ? t.readR(15) : b.get32(A32System.slot(A32System.BANK_USR, i));
                t.store(k == 0 ? a : b.add(a, t.c(4 * k)), v, memop);
                k++;
            }
        }
        return true;
    }

    /**
     * SRS (B9.3.16): stores LR and SPSR of the current mode to the stack of mode {@code mode} (DA, IA, DB,
     * IB as P and U say), with optional writeback of that mode's SP. UNDEFINED at PL0 and in System mode.
     */
    public static boolean SRS(A32Translator t) {
        if (pl0(t) || (t.thumb && t.inItBlock())) {
            return false;
        }
        IrBuilder b = t.b;
        int mode = t.f('m');
        boolean inc = t.thumb ? t.bit(23) != 0 : t.f('u') != 0;
        boolean before = t.thumb ? !inc : t.f('p') != 0;
        Inst sp = b.trunc(b.call(SRS_SP, t.c(mode)));
        Inst spsr = b.trunc(b.call(SRS_SPSR));
        Inst a = start(t, sp, 2, before, inc);
        long memop = t.memop(4, false, true);
        t.store(a, t.readR(14), memop);
        t.store(b.add(a, t.c(4)), spsr, memop);
        if (t.f('w') != 0) {
            b.call(SRS_WB, t.c(mode), writeback(t, sp, 2, inc));
        }
        endAfterHelper(t);
        return true;
    }

    /** RFE (B9.3.13): loads PC and CPSR from [Rn] (DA, IA, DB, IB), optional writeback; UNDEFINED at PL0. */
    public static boolean RFE(A32Translator t) {
        int n = t.f('n');
        if (pl0(t) || n == 15 || (t.thumb && !t.mayBranch())) {
            return false;
        }
        IrBuilder b = t.b;
        boolean inc = t.thumb ? t.bit(23) != 0 : t.f('u') != 0;
        boolean before = t.thumb ? !inc : t.f('p') != 0;
        eretCheck(t, false);
        Inst rn = t.readR(n);
        Inst a = start(t, rn, 2, before, inc);
        long memop = t.memop(4, false, true);
        Inst newPc = t.load(a, memop);
        Inst spsr = t.load(b.add(a, t.c(4)), memop);
        if (t.f('w') != 0) {
            t.writeR(n, writeback(t, rn, 2, inc));
        }
        exceptionReturn(t, newPc, spsr);
        return true;
    }

    // ---- coprocessor register transfers (A8.8.98 MCR, A8.8.99 MCRR, A8.8.108 MRC, A8.8.109 MRRC) ----------

    /** The register's key with the instruction's Rt (and Rt2) for trap syndromes ({@link Cp15#withRt}). */
    private static int cpKey(A32Translator t, boolean wide) {
        int cp = 14 + t.f('p');
        if (wide) {
            return Cp15.withRt(Cp15.key(true, cp, t.f('h'), 0, t.f('m'), 0), t.f('t'), t.f('a'));
        }
        return Cp15.withRt(Cp15.key(false, cp, t.f('h'), t.f('n'), t.f('m'), t.f('j')), t.f('t'), 0);
    }

    /** MCR p14/p15, opc1, Rt, CRn, CRm, opc2; ends the block (the write may change translation state). */
    public static boolean MCR(A32Translator t) {
        int rt = t.f('t');
        if (badT32(t, rt)) {
            return false;
        }
        t.b.call(CP_WRITE, t.passValue(), t.c(cpKey(t, false)), t.b.zext32(t.readR(rt)));
        endAfterHelper(t);
        return true;
    }

    /** MRC p14/p15, ...: Rt = the register; Rt = 15 writes bits [31:28] to APSR.NZCV. */
    public static boolean MRC(A32Translator t) {
        int rt = t.f('t');
        if (t.thumb && rt == 13) {
            return false;
        }
        IrBuilder b = t.b;
        Inst v = b.trunc(b.call(CP_READ, t.passValue(), t.c(cpKey(t, false))));
        if (rt == 15) {
            t.setSlot(Aarch64Cpu.NF, t.bitOf(v, 31));
            t.setSlot(Aarch64Cpu.ZF, t.bitOf(v, 30));
            t.setSlot(Aarch64Cpu.CF, t.bitOf(v, 29));
            t.setSlot(Aarch64Cpu.VF, t.bitOf(v, 28));
        } else {
            t.writeR(rt, v);
        }
        return true;
    }

    /** MCRR p14/p15, opc1, Rt, Rt2, CRm: the 64-bit register = Rt2:Rt; ends the block. */
    public static boolean MCRR(A32Translator t) {
        int rt = t.f('t');
        int rt2 = t.f('a');
        if (badT32(t, rt) || badT32(t, rt2)) {
            return false;
        }
        IrBuilder b = t.b;
        Inst v = b.or(b.zext32(t.readR(rt)), b.shl(b.zext32(t.readR(rt2)), b.c64(32)));
        b.call(CP_WRITE, t.passValue(), t.c(cpKey(t, true)), v);
        endAfterHelper(t);
        return true;
    }

    /** MRRC p14/p15, opc1, Rt, Rt2, CRm: Rt = bits [31:0], Rt2 = bits [63:32]; Rt = Rt2 is UNPREDICTABLE. */
    public static boolean MRRC(A32Translator t) {
        int rt = t.f('t');
        int rt2 = t.f('a');
        if (badT32(t, rt) || badT32(t, rt2) || rt == rt2) {
            return false;
        }
        IrBuilder b = t.b;
        Inst v = b.call(CP_READ, t.passValue(), t.c(cpKey(t, true)));
        t.writeR(rt, b.trunc(v));
        t.writeR(rt2, b.trunc(b.lshr(v, b.c64(32))));
        return true;
    }

    // ---- HVC, SMC, SETEND, VFP system registers ----------------------------------------------------------

    /** HVC #imm (B9.3.4): a PSCI call when the board's conduit is HVC, else UNDEFINED (no Hyp mode). */
    public static boolean HVC(A32Translator t) {
        if (!t.thumb && t.bits(31, 28) != 0xe || t.thumb && t.inItBlock()) {
            return false;
        }
        t.b.call(HVC, t.c(t.f('i')));
        endAfterHelper(t);
        return true;
    }

    /** SMC #imm4 (B9.3.14): a PSCI call when the conduit is SMC, else UNDEFINED (no Security Extensions). */
    public static boolean SMC(A32Translator t) {
        if (t.thumb && t.inItBlock() && !t.lastInItBlock()) {
            return false;
        }
        t.b.call(SMC, t.passValue(), t.c(t.f('i')));
        endAfterHelper(t);
        return true;
    }

    /** SETEND (A8.8.160): CPSR.E = E; ends the block (the data byte order is a translation flag). */
    public static boolean SETEND(A32Translator t) {
        if (t.thumb && t.inItBlock()) {
            return false;
        }
        t.b.call(SETEND, t.c(t.f('e')));
        endAfterHelper(t);
        return true;
    }

    /** VMRS Rt, FPSID/MVFR0/MVFR1/FPEXC (B6.1.? / A8.8.348): PL1, CPACR-checked at run time. */
    public static boolean VMRS_sys(A32Translator t) {
        int rt = t.bits(15, 12);
        if (rt == 15 || (t.thumb && rt == 13)) {
            return false;
        }
        t.writeR(rt, t.b.trunc(t.b.call(VFP_SYS_READ, t.passValue(), t.c(t.bits(19, 16)))));
        return true;
    }

    /** VMSR FPSID/FPEXC, Rt (A8.8.349): PL1; FPEXC.EN enables VFP/SIMD; ends the block. */
    public static boolean VMSR_sys(A32Translator t) {
        int rt = t.bits(15, 12);
        if (rt == 15 || (t.thumb && rt == 13)) {
            return false;
        }
        t.b.call(VFP_SYS_WRITE, t.passValue(), t.c(t.bits(19, 16)), t.readR(rt));
        endAfterHelper(t);
        return true;
    }

    // ---- decode entries ------------------------------------------------------------------------------

    /** The A32 system-level lines (DDI 0406C A5.2.12, A5.5, A5.6, A5.7, B9), one contiguous block. */
    static void addA32(DecodeTable.Builder<A32Translator.Handler> t) {
        t.add("MRS_spsr", "MRS Rd, SPSR", "cccc 00010100 1111 dddd 0000 0000 0000", SystemInsns::MRS_spsr);
        t.add("MRS_banked", "MRS (banked register)", "cccc 00010q00 yyyy dddd 001z 0000 0000", SystemInsns::MRS_banked);
        t.add("MSR_reg_sys", "MSR (register), CPSR and SPSR", "cccc 00010q10 mmmm 1111 0000 0000 nnnn", SystemInsns::MSR_reg);
        t.add("MSR_banked", "MSR (banked register)", "cccc 00010q10 yyyy 1111 001z 0000 nnnn", SystemInsns::MSR_banked);
        t.add("MSR_imm_sys", "MSR (immediate), CPSR and SPSR", "cccc 00110q10 mmmm 1111 iiiiiiiiiiii", SystemInsns::MSR_imm);
        t.add("HVC", "HVC", "cccc 00010100 iiii iiii iiii 0111 iiii", SystemInsns::HVC);
        t.add("SMC", "SMC (previously SMI)", "cccc 00010110 0000 0000 0000 0111 iiii", SystemInsns::SMC);
        t.add("LDM_eret", "LDM (exception return)", "cccc 100p u1w1 nnnn 1rrrrrrrrrrrrrrr", SystemInsns::LDM_eret);
        t.add("LDM_user", "LDM (user registers)", "cccc 100p u101 nnnn 0rrrrrrrrrrrrrrr", SystemInsns::LDM_user);
        t.add("STM_user", "STM (user registers)", "cccc 100p u100 nnnn rrrrrrrrrrrrrrrr", SystemInsns::STM_user);
        t.add("MCR", "MCR (p14, p15)", "cccc 1110 hhh0 nnnn tttt 111p jjj1 mmmm", SystemInsns::MCR);
        t.add("MRC", "MRC (p14, p15)", "cccc 1110 hhh1 nnnn tttt 111p jjj1 mmmm", SystemInsns::MRC);
        t.add("MCRR", "MCRR (p14, p15)", "cccc 1100 0100 aaaa tttt 111p hhhh mmmm", SystemInsns::MCRR);
        t.add("MRRC", "MRRC (p14, p15)", "cccc 1100 0101 aaaa tttt 111p hhhh mmmm", SystemInsns::MRRC);
    }

    /**
     * The A32 unconditional system lines (cond = 1111: CPS, SETEND, SRS, RFE), a table of their own
     * ({@link A32DecodeTable#UNCOND_SYSTEM}): they are not carve-outs of the conditional lines sharing their
     * bits (QADD, LDM, STM (user registers), MRS (banked register)), so they cannot live in one table.
     */
    static void addA32Unconditional(DecodeTable.Builder<A32Translator.Handler> t) {
        t.add("CPS", "CPS", "1111 00010000 hhy0 0000 000a aa0m mmmm", SystemInsns::CPS);
        t.add("SETEND", "SETEND", "1111 00010000 0001 0000 00e0 0000 0000", SystemInsns::SETEND);
        t.add("SRS", "SRS", "1111 100p u1w0 1101 0000 0101 000m mmmm", SystemInsns::SRS);
        t.add("RFE", "RFE", "1111 100p u0w1 nnnn 0000 1010 0000 0000", SystemInsns::RFE);
    }

    /** The T32 system-level lines (DDI 0406C A6.3.4, A6.3.5, A6.3.18, B9), one contiguous block. */
    static void addT32(DecodeTable.Builder<A32Translator.Handler> t) {
        t.add("MRS_spsr_T1", "MRS Rd, SPSR T1", "1111001111111111 1000dddd00000000", SystemInsns::MRS_spsr);
        t.add("MRS_banked_T1", "MRS (banked register) T1", "11110011111qyyyy 1000dddd001z0000", SystemInsns::MRS_banked);
        t.add("MSR_reg_sys_T1", "MSR (register) T1, CPSR and SPSR", "11110011100qnnnn 1000mmmm00000000", SystemInsns::MSR_reg);
        t.add("MSR_banked_T1", "MSR (banked register) T1", "11110011100qnnnn 1000yyyy001z0000", SystemInsns::MSR_banked);
        t.add("CPS_T2", "CPS T2", "1111001110101111 10000hhyaaammmmm", SystemInsns::CPS);
        t.add("SUBS_PC_LR_T1", "SUBS PC, LR (Thumb) T1", "1111001111011110 10001111iiiiiiii", SystemInsns::SUBS_PC_LR_T1);
        t.add("HVC_T1", "HVC T1", "111101111110iiii 1000iiiiiiiiiiii", SystemInsns::HVC);
        t.add("SMC_T1", "SMC T1", "111101111111iiii 1000000000000000", SystemInsns::SMC);
        t.add("SRS_T1", "SRS T1 (DB)", "1110100000w01101 11000000000mmmmm", SystemInsns::SRS);
        t.add("SRS_T2", "SRS T2 (IA)", "1110100110w01101 11000000000mmmmm", SystemInsns::SRS);
        t.add("RFE_T1", "RFE T1 (DB)", "1110100000w1nnnn 1100000000000000", SystemInsns::RFE);
        t.add("RFE_T2", "RFE T2 (IA)", "1110100110w1nnnn 1100000000000000", SystemInsns::RFE);
        t.add("MCR_T1", "MCR T1 (p14, p15)", "11101110hhh0nnnn tttt111pjjj1mmmm", SystemInsns::MCR);
        t.add("MRC_T1", "MRC T1 (p14, p15)", "11101110hhh1nnnn tttt111pjjj1mmmm", SystemInsns::MRC);
        t.add("MCRR_T1", "MCRR T1 (p14, p15)", "111011000100aaaa tttt111phhhhmmmm", SystemInsns::MCRR);
        t.add("MRRC_T1", "MRRC T1 (p14, p15)", "111011000101aaaa tttt111phhhhmmmm", SystemInsns::MRRC);
        t.add("CPS_T1", "CPS T1", "0000000000000000 10110110011y0aaa", SystemInsns::CPS_T1);
        t.add("SETEND_T1", "SETEND T1", "0000000000000000 101101100101e000", SystemInsns::SETEND);
    }
}
