package org.jemu.x86.x87;

import static org.jemu.x86.cpu.X86Cpu.FPR_M;
import static org.jemu.x86.cpu.X86Cpu.FPR_SE;
import static org.jemu.x86.cpu.X86Cpu.FPU_CS;
import static org.jemu.x86.cpu.X86Cpu.FPU_CW;
import static org.jemu.x86.cpu.X86Cpu.FPU_DP;
import static org.jemu.x86.cpu.X86Cpu.FPU_DS;
import static org.jemu.x86.cpu.X86Cpu.FPU_IP;
import static org.jemu.x86.cpu.X86Cpu.FPU_OP;
import static org.jemu.x86.cpu.X86Cpu.FPU_SW;
import static org.jemu.x86.cpu.X86Cpu.FPU_TW;
import static org.jemu.x86.x87.X87Env.DE;
import static org.jemu.x86.x87.X87Env.IE;
import static org.jemu.x86.x87.X87Env.PE;
import static org.jemu.x86.x87.X87Env.SF;
import static org.jemu.x86.x87.X87Env.ZE;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.memory.SoftMmu;
import org.jemu.x86.cpu.X86Cpu;
import org.jemu.x86.cpu.X86CpuModel;

/**
 * The x87 FPU instructions (SDM Vol. 1 chapter 8, Vol. 2 instruction pages), executed by one helper,
 * {@link #exec}, that the translator calls for every escape opcode D8..DF and FWAIT with an instruction word
 * built by {@link #lookup} from the opcode-map cell (Tables A-7..A-22).
 *
 * <p>State lives in {@link X86Cpu} slots: R0..R7 as significand ({@link X86Cpu#FPR_M}) and sign/exponent
 * ({@link X86Cpu#FPR_SE}) in physical order, FCW, FSW (TOP in bits 13:11), the full tag word, and FIP FCS FDP FDS
 * FOP. ST(i) is R((TOP + i) mod 8) (8.1.2).
 *
 * <p>Order of work in {@link #exec}, as the SDM's exception priorities (Vol. 3A 6.9) and chapter 8 give it: #UD
 * (FXSAVE/FXRSTOR without CPUID.FXSR), #NM (CR0.EM or CR0.TS for every escape instruction; CR0.MP and TS for WAIT,
 * Vol. 3A 2.5 Table 2-2), #GP for a misaligned FXSAVE area, then, for the waiting instructions, a pending unmasked
 * exception (FSW.ES): #MF when CR0.NE = 1, else the FERR# output is asserted and the instruction runs (the
 * PC-compatible "DOS" mode of Vol. 1 D.1; the hardware would freeze until IRQ13 is serviced, which the board's
 * interrupt then does). Then memory operands are read, the operation computed with {@link Fx80Math}, memory
 * written, and only then registers, TOP and tags change, so a page fault leaves the FPU as it was. Finally the
 * exception flags are ORed into FSW, ES and B are recomputed from the flags and FCW masks (8.1.3.4), and FIP FCS
 * FOP (FDP FDS for memory operands) are recorded for every non-control instruction (8.1.8, 8.1.9).
 *
 * <p>Stack faults (8.5.1.1): reading an empty register raises IE and SF with C1 = 0 (underflow), the masked
 * response operating with the real indefinite; pushing onto a non-empty ST(7) raises IE and SF with C1 = 1
 * (overflow), the masked response loading the indefinite. Unmasked IE, DE or ZE leave registers and TOP unchanged.
 * C1 of the arithmetic instructions is the round-up bit when #P was raised and 0 otherwise; C0 C2 C3 are left
 * unchanged where the SDM calls them undefined.
 */
public final class X87 {
    private X87() {
    }

    // ---- instruction word ----------------------------------------------------------------------------------------
    /** Bits 7:0: the operation; 10:8 the register i of ST(i); 13:11 an operation parameter (see the ops). */
    public static final int ST_SHIFT = 8, K_SHIFT = 11;
    /** Operand size 32 (FSTENV/FLDENV/FSAVE/FRSTOR layout). */
    public static final int OPSIZE32 = 1 << 14;
    /** The instruction has a memory operand. */
    public static final int MEM = 1 << 15;
    /** Bits 18:16: the memory operand's segment register (for FDS). */
    public static final int SEG_SHIFT = 16;
    /** Bits 29:19: FOP (8.1.9). */
    public static final int FOP_SHIFT = 19;

    // arithmetic D8/DC/DA/DE (K = FADD FMUL FCOM FCOMP FSUB FSUBR FDIV FDIVR)
    static final int A_M32 = 1, A_M64 = 2, A_I32 = 3, A_I16 = 4, A_ST = 5, A_STI = 6, A_STIP = 7;
    static final int FLD_M32 = 10, FLD_M64 = 11, FLD_M80 = 12, FLD_ST = 13, FILD16 = 14, FILD32 = 15, FILD64 = 16,
            FBLD = 17;
    static final int FST_M32 = 20, FST_M64 = 21, FSTP_M32 = 22, FSTP_M64 = 23, FSTP_M80 = 24, FST_ST = 25,
            FSTP_ST = 26, FIST16 = 27, FIST32 = 28, FISTP16 = 29, FISTP32 = 30, FISTP64 = 31, FBSTP = 32;
    static final int FXCH = 40, FCHS = 41, FABS = 42, FTST = 43, FXAM = 44, FLDC = 45, F2XM1 = 46, FYL2X = 47,
            FPTAN = 48, FPATAN = 49, FXTRACT = 50, FPREM1 = 51, FDECSTP = 52, FINCSTP = 53, FPREM = 54, FYL2XP1 = 55,
            FSQRT = 56, FSINCOS = 57, FRNDINT = 58, FSCALE = 59, FSIN = 60, FCOS = 61, FNOP = 62, FCMOV = 63,
            FUCOMPP = 64, FCOMPP = 65, FUCOM = 66, FUCOMP = 67, FUCOMI = 68, FCOMI = 69, FUCOMIP = 70, FCOMIP = 71,
            FFREE = 72;
    static final int FNCLEX = 80, FNINIT = 81, FNOP_WAITLESS = 82, FLDENV = 83, FLDCW = 84, FNSTENV = 85,
            FNSTCW = 86, FRSTOR = 87, FNSAVE = 88, FNSTSW_M = 89, FNSTSW_AX = 90, FXSAVE = 91, FXRSTOR = 92,
            FWAIT = 93;

    /** FSW bits (8.1.3): condition codes, ES, B. */
    public static final int C0 = 1 << 8, C1 = 1 << 9, C2 = 1 << 10, C3 = 1 << 14, ES = 1 << 7, B = 1 << 15;
    private static final int CC = C0 | C1 | C2 | C3;

    private static final Map<String, Integer> TABLE = new HashMap<>();

    private static void put(String key, int op, int k) {
        TABLE.put(key, op | k << K_SHIFT);
    }

    static {
        String[] ar = {"FADD", "FMUL", "FCOM", "FCOMP", "FSUB", "FSUBR", "FDIV", "FDIVR"};
        for (int k = 0; k < 8; k++) {
            put(ar[k] + " single-real", A_M32, k);
            put(ar[k] + " double-real", A_M64, k);
            put("FI" + ar[k].substring(1) + " dword-integer", A_I32, k);
            put("FI" + ar[k].substring(1) + " word-integer", A_I16, k);
            put(ar[k] + " ST(0),ST(i)", A_ST, k);
            if (k != 2 && k != 3) {
                put(ar[k] + " ST(i),ST(0)", A_STI, k);
                put(ar[k] + "P ST(i),ST(0)", A_STIP, k);
            }
        }
        put("FLD single-real", FLD_M32, 0);
        put("FLD double-real", FLD_M64, 0);
        put("FLD extended-real", FLD_M80, 0);
        put("FLD ST(i)", FLD_ST, 0);
        put("FILD word-integer", FILD16, 0);
        put("FILD dword-integer", FILD32, 0);
        put("FILD qword-integer", FILD64, 0);
        put("FBLD packed-BCD", FBLD, 0);
        put("FST single-real", FST_M32, 0);
        put("FST double-real", FST_M64, 0);
        put("FSTP single-real", FSTP_M32, 0);
        put("FSTP double-real", FSTP_M64, 0);
        put("FSTP extended-real", FSTP_M80, 0);
        put("FST ST(i)", FST_ST, 0);
        put("FSTP ST(i)", FSTP_ST, 0);
        put("FIST word-integer", FIST16, 0);
        put("FIST dword-integer", FIST32, 0);
        put("FISTP word-integer", FISTP16, 0);
        put("FISTP dword-integer", FISTP32, 0);
        put("FISTP qword-integer", FISTP64, 0);
        put("FBSTP packed-BCD", FBSTP, 0);
        put("FXCH ST(i)", FXCH, 0);
        put("FCHS", FCHS, 0);
        put("FABS", FABS, 0);
        put("FTST", FTST, 0);
        put("FXAM", FXAM, 0);
        String[] consts = {"FLD1", "FLDL2T", "FLDL2E", "FLDPI", "FLDLG2", "FLDLN2", "FLDZ"};
        for (int k = 0; k < consts.length; k++) {
            put(consts[k], FLDC, k);
        }
        String[] f0 = {"F2XM1", "FYL2X", "FPTAN", "FPATAN", "FXTRACT", "FPREM1", "FDECSTP", "FINCSTP", "FPREM",
                "FYL2XP1", "FSQRT", "FSINCOS", "FRNDINT", "FSCALE", "FSIN", "FCOS"};
        for (int k = 0; k < f0.length; k++) {
            put(f0[k], F2XM1 + k, 0);
        }
        put("FNOP", FNOP, 0);
        String[] cm = {"FCMOVB", "FCMOVE", "FCMOVBE", "FCMOVU", "FCMOVNB", "FCMOVNE", "FCMOVNBE", "FCMOVNU"};
        for (int k = 0; k < cm.length; k++) {
            put(cm[k] + " ST(0),ST(i)", FCMOV, k);
        }
        put("FUCOMPP", FUCOMPP, 0);
        put("FCOMPP", FCOMPP, 0);
        put("FUCOM ST(i)", FUCOM, 0);
        put("FUCOMP ST(i)", FUCOMP, 0);
        put("FUCOMI ST(0),ST(i)", FUCOMI, 0);
        put("FCOMI ST(0),ST(i)", FCOMI, 0);
        put("FUCOMIP ST(0),ST(i)", FUCOMIP, 0);
        put("FCOMIP ST(0),ST(i)", FCOMIP, 0);
        put("FFREE ST(i)", FFREE, 0);
        put("FNCLEX", FNCLEX, 0);
        put("FNINIT", FNINIT, 0);
        put("FNENI", FNOP_WAITLESS, 0);
        put("FNDISI", FNOP_WAITLESS, 0);
        put("FNSETPM", FNOP_WAITLESS, 0);
        put("FLDENV 14/28 bytes", FLDENV, 0);
        put("FLDCW 2 bytes", FLDCW, 0);
        put("FNSTENV 14/28 bytes", FNSTENV, 0);
        put("FNSTCW 2 bytes", FNSTCW, 0);
        put("FRSTOR 98/108 bytes", FRSTOR, 0);
        put("FNSAVE 98/108 bytes", FNSAVE, 0);
        put("FNSTSW 2 bytes", FNSTSW_M, 0);
        put("FNSTSW AX", FNSTSW_AX, 0);
        put("FXSAVE M", FXSAVE, 0);
        put("FXRSTOR M", FXRSTOR, 0);
        put("FWAIT", FWAIT, 0);
    }

    /**
     * The instruction word (operation and parameter) of an opcode-map cell, by its mnemonic and operand text as
     * the SDM tables write them ("FADD single-real", "FSUBP ST(i),ST(0)"), or -1 if the cell is not an x87
     * instruction.
     */
    public static int lookup(String mnemonic, String operandText) {
        Integer v = TABLE.get(operandText.isEmpty() ? mnemonic : mnemonic + " " + operandText);
        return v == null ? -1 : v;
    }

    /** The condition (SDM Table B-1 code) FCMOVcc tests, for an instruction word of {@link #lookup}. */
    public static int fcmovCondition(int word) {
        int k = (word >>> K_SHIFT) & 7;
        int[] cc = {2, 4, 6, 10, 3, 5, 7, 11};
        return (word & 0xFF) == FCMOV ? cc[k] : -1;
    }

    /** True if the instruction sets EFLAGS (FCOMI family): {@link #exec} returns ZF PF CF. */
    public static boolean writesEflags(int word) {
        int op = word & 0xFF;
        return op >= FUCOMI && op <= FCOMIP;
    }

    /** True for FNSTSW AX: {@link #exec} returns the status word. */
    public static boolean writesAx(int word) {
        return (word & 0xFF) == FNSTSW_AX;
    }

    /**
     * Bytes of the memory operand (for the segment limit check) with operand size {@code opSize}, and whether it is
     * written: {size, write ? 1 : 0}.
     */
    public static int[] memOperand(int word, int opSize) {
        int op = word & 0xFF;
        return switch (op) {
            case A_M32, FLD_M32, FILD32, A_I32 -> new int[] {4, 0};
            case A_M64, FLD_M64, FILD64 -> new int[] {8, 0};
            case A_I16, FILD16, FLDCW -> new int[] {2, 0};
            case FLD_M80, FBLD -> new int[] {10, 0};
            case FST_M32, FSTP_M32, FIST32, FISTP32 -> new int[] {4, 1};
            case FST_M64, FSTP_M64, FISTP64 -> new int[] {8, 1};
            case FIST16, FISTP16, FNSTCW, FNSTSW_M -> new int[] {2, 1};
            case FSTP_M80, FBSTP -> new int[] {10, 1};
            case FLDENV -> new int[] {opSize == 32 ? 28 : 14, 0};
            case FNSTENV -> new int[] {opSize == 32 ? 28 : 14, 1};
            case FRSTOR -> new int[] {opSize == 32 ? 108 : 94, 0};
            case FNSAVE -> new int[] {opSize == 32 ? 108 : 94, 1};
            case FXSAVE -> new int[] {512, 1};
            case FXRSTOR -> new int[] {512, 0};
            default -> throw new IllegalArgumentException("no memory operand: op " + op);
        };
    }

    /** Control instructions (8.3.11) do not update FIP FCS FOP FDP FDS. */
    private static boolean control(int op) {
        return op >= FNCLEX || op == FNOP_WAITLESS;
    }

    /** The non-waiting instructions (FN... forms and FXSAVE/FXRSTOR) do not check for pending exceptions. */
    private static boolean waiting(int op) {
        return switch (op) {
            case FNCLEX, FNINIT, FNOP_WAITLESS, FNSTENV, FNSTCW, FNSAVE, FNSTSW_M, FNSTSW_AX, FXSAVE, FXRSTOR -> false;
            default -> true;
        };
    }

    // ---- register stack -----------------------------------------------------------------------------------------

    /** TOP (FSW bits 13:11). */
    public static int top(X86Cpu c) {
        return (int) (c.regs[FPU_SW] >>> 11) & 7;
    }

    private static void setTop(X86Cpu c, int t) {
        c.regs[FPU_SW] = (c.regs[FPU_SW] & ~0x3800L) | (long) (t & 7) << 11;
    }

    private static int phys(X86Cpu c, int i) {
        return (top(c) + i) & 7;
    }

    /** The tag of physical register {@code p} (0 valid, 1 zero, 2 special, 3 empty). */
    public static int tag(X86Cpu c, int p) {
        return (int) (c.regs[FPU_TW] >>> (2 * p)) & 3;
    }

    private static void setTag(X86Cpu c, int p, int t) {
        c.regs[FPU_TW] = (c.regs[FPU_TW] & ~(3L << (2 * p))) | (long) t << (2 * p);
    }

    /** True if ST(i) is empty. */
    public static boolean empty(X86Cpu c, int i) {
        return tag(c, phys(c, i)) == 3;
    }

    /** The contents of ST(i) (whatever its tag). */
    public static Fx80 st(X86Cpu c, int i) {
        return reg(c, phys(c, i));
    }

    /** Physical register R{@code p}. */
    public static Fx80 reg(X86Cpu c, int p) {
        return new Fx80((int) c.regs[FPR_SE + p], c.regs[FPR_M + p]);
    }

    /** The tag a value gets (8.1.7): 01 zero, 10 special (NaN, infinity, denormal, unsupported), 00 valid. */
    public static int tagOf(Fx80 v) {
        if (v.isZero()) {
            return 1;
        }
        if (v.exp() == 0x7FFF || v.exp() == 0 || v.isUnsupported()) {
            return 2;
        }
        return 0;
    }

    private static void setReg(X86Cpu c, int p, Fx80 v) {
        c.regs[FPR_SE + p] = v.se();
        c.regs[FPR_M + p] = v.m();
        setTag(c, p, tagOf(v));
    }

    /** Sets ST(i) = v (tag from the value). */
    public static void setSt(X86Cpu c, int i, Fx80 v) {
        setReg(c, phys(c, i), v);
    }

    private static void pop(X86Cpu c) {
        setTag(c, phys(c, 0), 3);
        setTop(c, top(c) + 1);
    }

    private static void push(X86Cpu c, Fx80 v) {
        setTop(c, top(c) - 1);
        setSt(c, 0, v);
    }

    /** A push would overflow: ST(7) is not empty. Raises the stack fault; returns true to skip the operation. */
    private static boolean pushFault(X86Cpu c, X87Env env) {
        if (!empty(c, 7)) {
            env.raise(IE | SF);
            env.c1 = true;
            return true;
        }
        return false;
    }

    private static void underflow(X87Env env) {
        env.raise(IE | SF);
        env.c1 = false;
    }

    // ---- memory -------------------------------------------------------------------------------------------------

    private static int mmu(X86Cpu c) {
        return c.cpl() == 3 ? X86Cpu.MMU_IDX_USER : X86Cpu.MMU_IDX_SUPER;
    }

    private static long ld(X86Cpu c, long addr, int bytes) {
        return SoftMmu.load(c, addr & 0xFFFF_FFFFL, MemOp.of(bytes, false, false, mmu(c)));
    }

    private static void st(X86Cpu c, long addr, int bytes, long v) {
        SoftMmu.store(c, addr & 0xFFFF_FFFFL, v, MemOp.of(bytes, false, false, mmu(c)));
    }

    private static byte[] ldBytes(X86Cpu c, long addr, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ld(c, addr + i, 1);
        }
        return b;
    }

    /**
     * Writes {@code b} at {@code addr}: the first and last bytes are probed first (rewritten with their own values),
     * so a page fault on either page happens before anything changes.
     */
    private static void stBytes(X86Cpu c, long addr, byte[] b) {
        long last = addr + b.length - 1;
        st(c, addr, 1, ld(c, addr, 1));
        st(c, last, 1, ld(c, last, 1));
        for (int i = 0; i < b.length; i++) {
            st(c, addr + i, 1, b[i]);
        }
    }

    private static Fx80 ld80(X86Cpu c, long addr) {
        return Fx80.fromBytes(ldBytes(c, addr, 10), 0);
    }

    // ---- the helper ---------------------------------------------------------------------------------------------

    /**
     * The checks of an x87 instruction that come from decoding it: #UD for FXSAVE/FXRSTOR without FXSR, #NM if
     * CR0.EM or CR0.TS is set (WAIT/FWAIT: if CR0.MP and CR0.TS are both set; SDM Vol. 3A 2.5 Table 2-2). Called
     * before the memory operand's segment checks too: #UD and #NM are priority 7 in SDM Vol. 3A 6.9 Table 6-2,
     * ahead of the operand's #GP/#SS/#PF (priority 8).
     *
     * @param cpu  the CPU
     * @param word the instruction word as for {@link #exec} (only bits 7:0, the operation, are used)
     * @throws org.jemu.translator.exec.GuestFault #UD or #NM
     */
    public static void checkAvailable(X86Cpu cpu, int word) {
        int op = word & 0xFF;
        int cr0 = cpu.cr0;
        if (op == FXSAVE || op == FXRSTOR) {
            if ((cpu.model.features() & X86CpuModel.FEATURE_FXSR) == 0) {
                throw cpu.fault(X86Cpu.EXC_UD, -1);
            }
        }
        if (op == FWAIT) {
            if ((cr0 & (X86Cpu.CR0_MP | X86Cpu.CR0_TS)) == (X86Cpu.CR0_MP | X86Cpu.CR0_TS)) {
                throw cpu.fault(X86Cpu.EXC_NM, -1);
            }
        } else if ((cr0 & (X86Cpu.CR0_EM | X86Cpu.CR0_TS)) != 0) {
            throw cpu.fault(X86Cpu.EXC_NM, -1);
        }
    }

    /**
     * Executes one x87 instruction (or FWAIT). Called from translated code with the registers written back.
     *
     * @param cpu    the CPU
     * @param word   the instruction word: {@link #lookup}'s value ORed with ST(i) (bits 10:8), {@link #OPSIZE32},
     *               {@link #MEM}, the operand's segment (bits 18:16) and FOP (bits 29:19)
     * @param eip    the instruction's EIP (32 bits, for FIP)
     * @param addr   the memory operand's linear address (after the segment checks), or 0
     * @param arg    the memory operand's offset (for FDP); for FCMOVcc the condition (0/1)
     * @return FNSTSW AX: the status word; FCOMI family: the EFLAGS bits ZF PF CF to set; otherwise 0
     */
    public static int exec(X86Cpu cpu, int word, int eip, long addr, int arg) {
        int op = word & 0xFF;
        int cr0 = cpu.cr0;
        checkAvailable(cpu, word);
        if ((op == FXSAVE || op == FXRSTOR) && (addr & 15) != 0) {
            throw cpu.fault(X86Cpu.EXC_GP, 0);
        }
        if (waiting(op) && (cpu.regs[FPU_SW] & ES) != 0) {
            if ((cr0 & X86Cpu.CR0_NE) != 0) {
                throw cpu.fault(X86Cpu.EXC_MF, -1);
            }
            cpu.setFerr(true);
        }
        if (op == FWAIT) {
            return 0;
        }
        int ret = run(cpu, op, word, eip, addr, arg);
        if (!control(op)) {
            cpu.regs[FPU_IP] = eip & 0xFFFF_FFFFL;
            cpu.regs[FPU_CS] = cpu.regs[X86Cpu.SEG_SEL + X86Cpu.CS];
            cpu.regs[FPU_OP] = (word >>> FOP_SHIFT) & 0x7FF;
            if ((word & MEM) != 0) {
                cpu.regs[FPU_DP] = arg & 0xFFFF_FFFFL;
                cpu.regs[FPU_DS] = cpu.regs[X86Cpu.SEG_SEL + ((word >>> SEG_SHIFT) & 7)];
            }
        }
        updateEs(cpu);
        return ret;
    }

    /** Recomputes FSW.ES and B from the exception flags and the FCW masks (8.1.3.4); FERR# follows ES down. */
    static void updateEs(X86Cpu cpu) {
        long sw = cpu.regs[FPU_SW];
        boolean es = (sw & 0x3F & ~cpu.regs[FPU_CW]) != 0;
        cpu.regs[FPU_SW] = es ? sw | ES | B : sw & ~(ES | B);
        if (!es && cpu.ferr) {
            cpu.setFerr(false);
        }
    }

    /** ORs the env's exception flags into FSW and sets C1 as the arithmetic instructions do. */
    private static void status(X86Cpu cpu, X87Env env) {
        long sw = cpu.regs[FPU_SW] | (env.flags & 0x7F);
        boolean c1 = env.c1 && (env.flags & (PE | SF)) != 0;
        sw = c1 ? sw | C1 : sw & ~C1;
        cpu.regs[FPU_SW] = sw;
    }

    private static void setCc(X86Cpu cpu, int cc) {
        cpu.regs[FPU_SW] = (cpu.regs[FPU_SW] & ~CC) | cc;
    }

    private static int run(X86Cpu cpu, int op, int word, int eip, long addr, int arg) {
        int i = (word >>> ST_SHIFT) & 7;
        int k = (word >>> K_SHIFT) & 7;
        boolean o32 = (word & OPSIZE32) != 0;
        X87Env env = new X87Env((int) cpu.regs[FPU_CW]);
        switch (op) {
            case A_M32, A_M64, A_I32, A_I16, A_ST, A_STI, A_STIP -> arith(cpu, op, k, i, addr, env);
            case FLD_M32, FLD_M64, FLD_M80, FLD_ST, FILD16, FILD32, FILD64, FBLD, FLDC -> load(cpu, op, k, i, addr, env);
            case FST_M32, FST_M64, FSTP_M32, FSTP_M64, FSTP_M80, FST_ST, FSTP_ST, FIST16, FIST32, FISTP16, FISTP32,
                    FISTP64, FBSTP -> store(cpu, op, i, addr, env);
            case FXCH -> {
                Fx80 a = st(cpu, 0);
                Fx80 b = st(cpu, i);
                if (empty(cpu, 0) || empty(cpu, i)) {
                    underflow(env);
                    if (!env.masked(IE)) {
                        break;
                    }
                    if (empty(cpu, 0)) {
                        a = Fx80.INDEFINITE;
                    }
                    if (empty(cpu, i)) {
                        b = Fx80.INDEFINITE;
                    }
                }
                setSt(cpu, 0, b);
                setSt(cpu, i, a);
                status(cpu, env);
            }
            case FCHS, FABS -> {
                if (empty(cpu, 0)) {
                    underflow(env);
                    if (env.masked(IE)) {
                        setSt(cpu, 0, Fx80.INDEFINITE);
                    }
                } else {
                    Fx80 a = st(cpu, 0);
                    setSt(cpu, 0, op == FCHS ? a.negate() : a.abs());
                }
                status(cpu, env);
            }
            case FTST, FCOMPP, FUCOMPP, FUCOM, FUCOMP -> compare(cpu, op, i, env);
            case FUCOMI, FCOMI, FUCOMIP, FCOMIP -> {
                return comi(cpu, op, i, env);
            }
            case FXAM -> {
                int cls = Fx80Math.examine(st(cpu, 0), empty(cpu, 0));
                int cc = ((cls & 4) != 0 ? C3 : 0) | ((cls & 2) != 0 ? C2 : 0) | ((cls & 1) != 0 ? C0 : 0)
                        | (st(cpu, 0).neg() ? C1 : 0);
                setCc(cpu, cc);
            }
            case FDECSTP, FINCSTP -> {
                setTop(cpu, top(cpu) + (op == FINCSTP ? 1 : -1));
                cpu.regs[FPU_SW] &= ~C1;
            }
            case FFREE -> setTag(cpu, phys(cpu, i), 3);
            case FNOP, FNOP_WAITLESS -> {
            }
            case FCMOV -> {
                if (empty(cpu, 0) || empty(cpu, i)) {
                    underflow(env);
                    if (env.masked(IE)) {
                        setSt(cpu, 0, Fx80.INDEFINITE);
                    }
                } else if (arg != 0) {
                    setSt(cpu, 0, st(cpu, i));
                }
                status(cpu, env);
            }
            case FSQRT, FRNDINT -> unary(cpu, op, env);
            case F2XM1, FSIN, FCOS, FPTAN, FSINCOS, FYL2X, FYL2XP1, FPATAN -> transcendental(cpu, op, env);
            case FPREM, FPREM1, FSCALE, FXTRACT -> special(cpu, op, env);
            case FNCLEX -> cpu.regs[FPU_SW] &= ~0x80FFL;
            case FNINIT -> init(cpu);
            case FLDCW -> cpu.regs[FPU_CW] = ld(cpu, addr, 2);
            case FNSTCW -> st(cpu, addr, 2, cpu.regs[FPU_CW]);
            case FNSTSW_M -> st(cpu, addr, 2, cpu.regs[FPU_SW]);
            case FNSTSW_AX -> {
                return (int) cpu.regs[FPU_SW];
            }
            case FNSTENV -> {
                byte[] e = env(cpu, o32);
                stBytes(cpu, addr, e);
                cpu.regs[FPU_CW] |= 0x3F;         // FSTENV masks all exceptions afterwards (Vol. 2A "FSTENV")
            }
            case FLDENV -> loadEnv(cpu, ldBytes(cpu, addr, o32 ? 28 : 14), o32);
            case FNSAVE -> {
                byte[] e = env(cpu, o32);
                byte[] all = new byte[e.length + 80];
                System.arraycopy(e, 0, all, 0, e.length);
                for (int r = 0; r < 8; r++) {
                    System.arraycopy(st(cpu, r).toBytes(), 0, all, e.length + 10 * r, 10);
                }
                stBytes(cpu, addr, all);
                init(cpu);
            }
            case FRSTOR -> {
                int n = o32 ? 28 : 14;
                byte[] all = ldBytes(cpu, addr, n + 80);
                byte[] e = java.util.Arrays.copyOf(all, n);
                Fx80[] rs = new Fx80[8];
                for (int r = 0; r < 8; r++) {
                    rs[r] = Fx80.fromBytes(all, n + 10 * r);
                }
                loadEnv(cpu, e, o32);
                for (int r = 0; r < 8; r++) {
                    int p = phys(cpu, r);
                    int t = tag(cpu, p);
                    cpu.regs[FPR_SE + p] = rs[r].se();
                    cpu.regs[FPR_M + p] = rs[r].m();
                    if (t != 3) {
                        setTag(cpu, p, tagOf(rs[r]));
                    }
                }
            }
            case FXSAVE -> fxsave(cpu, addr);
            case FXRSTOR -> fxrstor(cpu, addr);
            default -> throw new IllegalStateException("x87 op " + op);
        }
        return 0;
    }

    // ---- arithmetic ---------------------------------------------------------------------------------------------

    /** The memory source of the arithmetic forms, or null when an unmasked exception suppressed it. */
    private static Fx80 memSource(X86Cpu cpu, int op, long addr, X87Env env) {
        return switch (op) {
            case A_M32 -> Fx80Math.fromFormat(ld(cpu, addr, 4), Fx80Math.SINGLE, env, false);
            case A_M64 -> Fx80Math.fromFormat(ld(cpu, addr, 8), Fx80Math.DOUBLE, env, false);
            case A_I32 -> Fx80Math.fromLong((int) ld(cpu, addr, 4));
            default -> Fx80Math.fromLong((short) ld(cpu, addr, 2));
        };
    }

    /** FADD FMUL FCOM FCOMP FSUB FSUBR FDIV FDIVR in all their forms (k: the operation, Table A-7 order). */
    private static void arith(X86Cpu cpu, int op, int k, int i, long addr, X87Env env) {
        boolean mem = op <= A_I16;
        Fx80 src = mem ? memSource(cpu, op, addr, env) : null;
        int dst = op == A_STI || op == A_STIP ? i : 0;
        int other = op == A_ST ? i : 0;          // the register source of the register forms
        boolean underflow = empty(cpu, dst) || !mem && empty(cpu, other);
        if (k == 2 || k == 3) {                  // FCOM, FCOMP
            int res;
            if (underflow) {
                underflow(env);
                res = Fx80Math.UNORDERED;
            } else if (mem && src == null) {
                res = -1;
            } else {
                res = Fx80Math.compare(st(cpu, 0), mem ? src : st(cpu, i), true, env);
            }
            if (env.preUnmasked() || res < 0) {
                cpu.regs[FPU_SW] |= env.flags & 0x7F;
                return;
            }
            setCc(cpu, ccOf(res));
            cpu.regs[FPU_SW] |= env.flags & 0x7F;
            if (k == 3) {
                pop(cpu);
            }
            return;
        }
        Fx80 r;
        if (underflow) {
            underflow(env);
            r = env.masked(IE) ? Fx80.INDEFINITE : null;
        } else if (mem && src == null) {
            r = null;
        } else {
            Fx80 x = st(cpu, dst);
            Fx80 y = mem ? src : st(cpu, dst == 0 ? other : 0);
            r = switch (k) {
                case 0 -> Fx80Math.add(x, y, false, env);
                case 1 -> Fx80Math.mul(x, y, env);
                case 4 -> Fx80Math.add(x, y, true, env);
                case 5 -> Fx80Math.add(y, x, true, env);
                case 6 -> Fx80Math.div(x, y, env);
                default -> Fx80Math.div(y, x, env);
            };
        }
        if (r != null) {
            setSt(cpu, dst, r);
            if (op == A_STIP) {
                pop(cpu);
            }
        }
        status(cpu, env);
    }

    private static int ccOf(int res) {
        return switch (res) {
            case Fx80Math.GT -> 0;
            case Fx80Math.LT -> C0;
            case Fx80Math.EQ -> C3;
            default -> C3 | C2 | C0;
        };
    }

    /** FTST, FCOMPP, FUCOMPP, FUCOM, FUCOMP. */
    private static void compare(X86Cpu cpu, int op, int i, X87Env env) {
        int other = op == FTST ? -1 : op == FCOMPP || op == FUCOMPP ? 1 : i;
        int res;
        if (empty(cpu, 0) || other >= 0 && empty(cpu, other)) {
            underflow(env);
            res = Fx80Math.UNORDERED;
        } else {
            Fx80 b = other < 0 ? Fx80.ZERO : st(cpu, other);
            res = Fx80Math.compare(st(cpu, 0), b, op == FTST || op == FCOMPP, env);
        }
        cpu.regs[FPU_SW] |= env.flags & 0x7F;
        if (env.preUnmasked()) {
            return;
        }
        setCc(cpu, ccOf(res));
        if (op == FUCOMP) {
            pop(cpu);
        } else if (op == FCOMPP || op == FUCOMPP) {
            pop(cpu);
            pop(cpu);
        }
    }

    /** FCOMI FUCOMI FCOMIP FUCOMIP (P6): returns ZF PF CF (Vol. 2A "FCOMI", Table 3-21); C1 = 0. */
    private static int comi(X86Cpu cpu, int op, int i, X87Env env) {
        int res;
        if (empty(cpu, 0) || empty(cpu, i)) {
            underflow(env);
            res = Fx80Math.UNORDERED;
        } else {
            res = Fx80Math.compare(st(cpu, 0), st(cpu, i), op == FCOMI || op == FCOMIP, env);
        }
        cpu.regs[FPU_SW] = (cpu.regs[FPU_SW] | (env.flags & 0x7F)) & ~C1;
        if (env.preUnmasked()) {
            return -1;
        }
        if (op == FCOMIP || op == FUCOMIP) {
            pop(cpu);
        }
        return switch (res) {
            case Fx80Math.GT -> 0;
            case Fx80Math.LT -> X86Cpu.CF;
            case Fx80Math.EQ -> X86Cpu.ZF;
            default -> X86Cpu.ZF | X86Cpu.PF | X86Cpu.CF;
        };
    }

    // ---- loads and stores ---------------------------------------------------------------------------------------

    private static void load(X86Cpu cpu, int op, int k, int i, long addr, X87Env env) {
        Fx80 v = switch (op) {
            case FLD_M32 -> Fx80Math.fromFormat(ld(cpu, addr, 4), Fx80Math.SINGLE, env);
            case FLD_M64 -> Fx80Math.fromFormat(ld(cpu, addr, 8), Fx80Math.DOUBLE, env);
            case FLD_M80 -> ld80(cpu, addr);
            case FILD16 -> Fx80Math.fromLong((short) ld(cpu, addr, 2));
            case FILD32 -> Fx80Math.fromLong((int) ld(cpu, addr, 4));
            case FILD64 -> Fx80Math.fromLong(ld(cpu, addr, 8));
            case FBLD -> X87Bcd.load(ldBytes(cpu, addr, 10));
            case FLDC -> X87Trans.constant(k, env);
            default -> {                           // FLD ST(i): read before the push
                if (empty(cpu, i)) {
                    underflow(env);
                    yield env.masked(IE) ? Fx80.INDEFINITE : null;
                }
                yield st(cpu, i);
            }
        };
        if (pushFault(cpu, env)) {
            v = env.masked(IE) ? Fx80.INDEFINITE : null;
        }
        if (v != null && !env.preUnmasked()) {
            push(cpu, v);
        }
        // the loads and constants: C1 = 1 on stack overflow, else 0 (the constants' rounding raises no #P)
        if (op == FLDC) {
            env.flags &= ~PE;
            env.c1 = (env.flags & SF) != 0;
        }
        status(cpu, env);
    }

    private static void store(X86Cpu cpu, int op, int i, long addr, X87Env env) {
        boolean pops = switch (op) {
            case FSTP_M32, FSTP_M64, FSTP_M80, FSTP_ST, FISTP16, FISTP32, FISTP64, FBSTP -> true;
            default -> false;
        };
        boolean und = empty(cpu, 0);
        Fx80 v = und ? Fx80.INDEFINITE : st(cpu, 0);
        if (und) {
            underflow(env);
            if (!env.masked(IE)) {
                status(cpu, env);
                return;
            }
        }
        boolean stored = true;
        switch (op) {
            case FST_M32, FSTP_M32, FST_M64, FSTP_M64 -> {
                boolean single = op == FST_M32 || op == FSTP_M32;
                Long bits = Fx80Math.toFormat(v, single ? Fx80Math.SINGLE : Fx80Math.DOUBLE, env);
                if (bits == null) {
                    stored = false;
                } else {
                    st(cpu, addr, single ? 4 : 8, bits);
                }
            }
            case FSTP_M80 -> stBytes(cpu, addr, v.toBytes());
            case FST_ST, FSTP_ST -> setSt(cpu, i, v);
            case FIST16, FISTP16, FIST32, FISTP32, FISTP64 -> {
                int bits = op == FIST16 || op == FISTP16 ? 16 : op == FISTP64 ? 64 : 32;
                long r = Fx80Math.toInt(v, bits, env);
                if (env.preUnmasked()) {
                    stored = false;
                } else {
                    st(cpu, addr, bits / 8, r);
                }
            }
            default -> {                               // FBSTP
                byte[] b = X87Bcd.store(v, env);
                if (b == null) {
                    stored = false;
                } else {
                    stBytes(cpu, addr, b);
                }
            }
        }
        if (stored && pops) {
            pop(cpu);
        }
        status(cpu, env);
    }

    // ---- one-operand and special operations -----------------------------------------------------------------------

    private static void unary(X86Cpu cpu, int op, X87Env env) {
        Fx80 r;
        if (empty(cpu, 0)) {
            underflow(env);
            r = env.masked(IE) ? Fx80.INDEFINITE : null;
        } else {
            Fx80 a = st(cpu, 0);
            r = op == FSQRT ? Fx80Math.sqrt(a, env) : Fx80Math.roundToInt(a, env);
        }
        if (r != null) {
            setSt(cpu, 0, r);
        }
        status(cpu, env);
    }

    /** FPREM FPREM1 FSCALE FXTRACT. */
    private static void special(X86Cpu cpu, int op, X87Env env) {
        if (op == FXTRACT) {
            if (empty(cpu, 0)) {
                underflow(env);
                if (env.masked(IE)) {
                    if (pushFault(cpu, env)) {
                        setSt(cpu, 0, Fx80.INDEFINITE);
                    } else {
                        setSt(cpu, 0, Fx80.INDEFINITE);
                        push(cpu, Fx80.INDEFINITE);
                    }
                }
            } else if (pushFault(cpu, env)) {
                if (env.masked(IE)) {
                    setSt(cpu, 0, Fx80.INDEFINITE);
                    push(cpu, Fx80.INDEFINITE);
                }
            } else {
                Fx80[] r = Fx80Math.extract(st(cpu, 0), env);
                if (r != null) {
                    setSt(cpu, 0, r[0]);
                    push(cpu, r[1]);
                }
            }
            status(cpu, env);
            return;
        }
        if (empty(cpu, 0) || empty(cpu, 1)) {
            underflow(env);
            if (env.masked(IE)) {
                setSt(cpu, 0, Fx80.INDEFINITE);
            }
            status(cpu, env);
            return;
        }
        Fx80 a = st(cpu, 0);
        Fx80 b = st(cpu, 1);
        if (op == FSCALE) {
            Fx80 r = Fx80Math.fscale(a, b, env);
            if (r != null) {
                setSt(cpu, 0, r);
            }
            status(cpu, env);
            return;
        }
        Fx80Math.Remainder r = Fx80Math.remainder(a, b, op == FPREM1, env);
        if (r.value() != null) {
            setSt(cpu, 0, r.value());
        }
        cpu.regs[FPU_SW] |= env.flags & 0x7F;
        if (!env.preUnmasked()) {
            setCc(cpu, r.cc());
        }
    }

    /** F2XM1 FSIN FCOS FPTAN FSINCOS FYL2X FYL2XP1 FPATAN, see {@link X87Trans}. */
    private static void transcendental(X86Cpu cpu, int op, X87Env env) {
        boolean two = op == FYL2X || op == FYL2XP1 || op == FPATAN;
        boolean pushes = op == FPTAN || op == FSINCOS;
        if (empty(cpu, 0) || two && empty(cpu, 1)) {
            underflow(env);
            if (env.masked(IE)) {
                if (two) {
                    setSt(cpu, 1, Fx80.INDEFINITE);
                    pop(cpu);
                } else {
                    setSt(cpu, 0, Fx80.INDEFINITE);
                    if (pushes && !pushFault(cpu, env)) {
                        push(cpu, Fx80.INDEFINITE);
                    }
                }
            }
            status(cpu, env);
            return;
        }
        if (pushes && pushFault(cpu, env)) {
            if (env.masked(IE)) {
                setSt(cpu, 0, Fx80.INDEFINITE);
                push(cpu, Fx80.INDEFINITE);
            }
            status(cpu, env);
            return;
        }
        Fx80 x = st(cpu, 0);
        boolean c2 = false;
        Fx80[] r;                                // r[0]: the new ST(0) (or ST(1) before the pop), r[1]: pushed
        if (two) {
            Fx80 y = st(cpu, 1);
            Fx80 v = switch (op) {
                case FYL2X -> X87TransOps.fyl2x(x, y, env);
                case FYL2XP1 -> X87TransOps.fyl2xp1(x, y, env);
                default -> X87TransOps.fpatan(x, y, env);
            };
            if (v != null) {
                setSt(cpu, 1, v);
                pop(cpu);
            }
            status(cpu, env);
            return;
        }
        switch (op) {
            case F2XM1 -> {
                Fx80 v = X87TransOps.f2xm1(x, env);
                r = v == null ? null : new Fx80[] {v};
            }
            default -> {
                r = X87TransOps.trig(op == FSIN ? 0 : op == FCOS ? 1 : op == FPTAN ? 2 : 3, x, env);
                if (r != null && r.length == 0) {     // |x| >= 2^63: C2 = 1, operand unchanged
                    c2 = true;
                    r = null;
                }
            }
        }
        if (r != null) {
            setSt(cpu, 0, r[0]);
            if (r.length > 1) {
                push(cpu, r[1]);
            }
        }
        status(cpu, env);
        if (op != F2XM1) {
            cpu.regs[FPU_SW] = c2 ? cpu.regs[FPU_SW] | C2 : cpu.regs[FPU_SW] & ~C2;
        }
    }

    // ---- control ------------------------------------------------------------------------------------------------

    /** FNINIT (Vol. 2A "FINIT/FNINIT"): FCW 037Fh, FSW 0, FTW FFFFh, FIP FCS FDP FDS FOP 0. */
    static void init(X86Cpu cpu) {
        cpu.regs[FPU_CW] = 0x037F;
        cpu.regs[FPU_SW] = 0;
        cpu.regs[FPU_TW] = 0xFFFF;
        cpu.regs[FPU_IP] = 0;
        cpu.regs[FPU_CS] = 0;
        cpu.regs[FPU_DP] = 0;
        cpu.regs[FPU_DS] = 0;
        cpu.regs[FPU_OP] = 0;
        updateEs(cpu);
    }

    /** The full tag word with the tags recomputed from the contents of the non-empty registers (8.1.7). */
    static int fullTags(X86Cpu cpu) {
        int tw = 0;
        for (int p = 0; p < 8; p++) {
            int t = tag(cpu, p) == 3 ? 3 : tagOf(reg(cpu, p));
            tw |= t << (2 * p);
        }
        return tw;
    }

    private static boolean realFormat(X86Cpu cpu) {
        return !cpu.protectedMode() || cpu.v86Mode();
    }

    /**
     * The FSTENV/FSAVE environment image (Vol. 1 8.1.10, Figures 8-9 to 8-12): 28 bytes with operand size 32, 14
     * with 16, in the protected-mode layout (FIP, FCS, FOP, FDP, FDS) or the real-mode layout (20- or 32-bit linear
     * instruction and operand pointers with FOP). Unused upper halves of the 32-bit layout are stored as FFFFh.
     */
    static byte[] env(X86Cpu cpu, boolean o32) {
        int cw = (int) cpu.regs[FPU_CW];
        int sw = (int) cpu.regs[FPU_SW];
        int tw = fullTags(cpu);
        long ip = cpu.regs[FPU_IP];
        long dp = cpu.regs[FPU_DP];
        int fcs = (int) cpu.regs[FPU_CS];
        int fds = (int) cpu.regs[FPU_DS];
        int fop = (int) cpu.regs[FPU_OP];
        boolean real = realFormat(cpu);
        if (real) {
            ip = (ip + ((long) fcs << 4)) & 0xFFFF_FFFFL;
            dp = (dp + ((long) fds << 4)) & 0xFFFF_FFFFL;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(o32 ? 28 : 14).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (o32) {
            b.putInt(0xFFFF_0000 | cw).putInt(0xFFFF_0000 | sw).putInt(0xFFFF_0000 | tw);
            if (real) {
                b.putInt(0xFFFF_0000 | (int) (ip & 0xFFFF));
                b.putInt((int) ((ip >>> 16) << 12) | fop);
                b.putInt(0xFFFF_0000 | (int) (dp & 0xFFFF));
                b.putInt((int) ((dp >>> 16) << 12));
            } else {
                b.putInt((int) ip).putInt(fop << 16 | fcs).putInt((int) dp).putInt(0xFFFF_0000 | fds);
            }
        } else {
            b.putShort((short) cw).putShort((short) sw).putShort((short) tw);
            if (real) {
                b.putShort((short) ip).putShort((short) (((ip >>> 16) & 0xF) << 12 | fop));
                b.putShort((short) dp).putShort((short) (((dp >>> 16) & 0xF) << 12));
            } else {
                b.putShort((short) ip).putShort((short) fcs).putShort((short) dp).putShort((short) fds);
            }
        }
        return b.array();
    }

    /**
     * FLDENV (and the first part of FRSTOR): loads FCW, FSW, the tag word (only "empty" or not matters: the tags
     * of non-empty registers are recomputed from their contents) and the pointers, from either layout of
     * {@link #env}.
     */
    static void loadEnv(X86Cpu cpu, byte[] e, boolean o32) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(e).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        boolean real = realFormat(cpu);
        int cw;
        int sw;
        int tw;
        long ip;
        long dp;
        int fcs = 0;
        int fds = 0;
        int fop;
        if (o32) {
            cw = b.getInt(0) & 0xFFFF;
            sw = b.getInt(4) & 0xFFFF;
            tw = b.getInt(8) & 0xFFFF;
            if (real) {
                ip = (b.getInt(12) & 0xFFFF) | ((long) (b.getInt(16) >>> 12) & 0xFFFF) << 16;
                fop = b.getInt(16) & 0x7FF;
                dp = (b.getInt(20) & 0xFFFF) | ((long) (b.getInt(24) >>> 12) & 0xFFFF) << 16;
            } else {
                ip = b.getInt(12) & 0xFFFF_FFFFL;
                fcs = b.getInt(16) & 0xFFFF;
                fop = (b.getInt(16) >>> 16) & 0x7FF;
                dp = b.getInt(20) & 0xFFFF_FFFFL;
                fds = b.getInt(24) & 0xFFFF;
            }
        } else {
            cw = b.getShort(0) & 0xFFFF;
            sw = b.getShort(2) & 0xFFFF;
            tw = b.getShort(4) & 0xFFFF;
            if (real) {
                ip = (b.getShort(6) & 0xFFFF) | (long) ((b.getShort(8) >>> 12) & 0xF) << 16;
                fop = b.getShort(8) & 0x7FF;
                dp = (b.getShort(10) & 0xFFFF) | (long) ((b.getShort(12) >>> 12) & 0xF) << 16;
            } else {
                ip = b.getShort(6) & 0xFFFF;
                fcs = b.getShort(8) & 0xFFFF;
                fop = 0;
                dp = b.getShort(10) & 0xFFFF;
                fds = b.getShort(12) & 0xFFFF;
            }
        }
        cpu.regs[FPU_CW] = cw;
        cpu.regs[FPU_SW] = sw;
        cpu.regs[FPU_IP] = ip;
        cpu.regs[FPU_DP] = dp;
        cpu.regs[FPU_CS] = fcs;
        cpu.regs[FPU_DS] = fds;
        cpu.regs[FPU_OP] = fop;
        int full = 0;
        for (int p = 0; p < 8; p++) {
            int t = ((tw >>> (2 * p)) & 3) == 3 ? 3 : tagOf(reg(cpu, p));
            full |= t << (2 * p);
        }
        cpu.regs[FPU_TW] = full;
    }

    /**
     * FXSAVE (Vol. 2A "FXSAVE", Vol. 1 10.5.1, Table 10-2, the 32-bit layout): FCW, FSW, the abridged tag byte
     * (1 = not empty), FOP, FIP, FCS, FDP, FDS, MXCSR (1F80h: no SSE is modelled, so its reset value) and its mask
     * (0), ST0..ST7 in 16-byte slots (bytes 10..15 written 0). The XMM area and the reserved bytes are not
     * written (CR4.OSFXSR does not matter without SSE).
     */
    static void fxsave(X86Cpu cpu, long addr) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(160).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int ab = 0;
        for (int p = 0; p < 8; p++) {
            if (tag(cpu, p) != 3) {
                ab |= 1 << p;
            }
        }
        b.putShort((short) cpu.regs[FPU_CW]).putShort((short) cpu.regs[FPU_SW]).put((byte) ab).put((byte) 0)
                .putShort((short) cpu.regs[FPU_OP]).putInt((int) cpu.regs[FPU_IP])
                .putShort((short) cpu.regs[FPU_CS]).putShort((short) 0).putInt((int) cpu.regs[FPU_DP])
                .putShort((short) cpu.regs[FPU_DS]).putShort((short) 0).putInt(0x1F80).putInt(0);
        for (int r = 0; r < 8; r++) {
            b.put(st(cpu, r).toBytes()).put(new byte[6]);
        }
        stBytes(cpu, addr, b.array());
    }

    /** FXRSTOR (Vol. 2A "FXRSTOR"): the x87 part of {@link #fxsave}'s image; tags recomputed from the contents. */
    static void fxrstor(X86Cpu cpu, long addr) {
        byte[] img = ldBytes(cpu, addr, 160);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(img).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        cpu.regs[FPU_CW] = b.getShort(0) & 0xFFFF;
        cpu.regs[FPU_SW] = b.getShort(2) & 0xFFFF;
        int ab = img[4] & 0xFF;
        cpu.regs[FPU_OP] = b.getShort(6) & 0x7FF;
        cpu.regs[FPU_IP] = b.getInt(8) & 0xFFFF_FFFFL;
        cpu.regs[FPU_CS] = b.getShort(12) & 0xFFFF;
        cpu.regs[FPU_DP] = b.getInt(16) & 0xFFFF_FFFFL;
        cpu.regs[FPU_DS] = b.getShort(20) & 0xFFFF;
        for (int r = 0; r < 8; r++) {
            Fx80 v = Fx80.fromBytes(img, 32 + 16 * r);
            int p = phys(cpu, r);
            cpu.regs[FPR_SE + p] = v.se();
            cpu.regs[FPR_M + p] = v.m();
        }
        int tw = 0;
        for (int p = 0; p < 8; p++) {
            tw |= ((ab >>> p) & 1) == 0 ? 3 << (2 * p) : tagOf(reg(cpu, p)) << (2 * p);
        }
        cpu.regs[FPU_TW] = tw;
    }

    /** The value of ST(i) as a double (debugging). */
    public static double toDouble(X86Cpu cpu, int i) {
        Fx80 v = st(cpu, i);
        if (!v.isFinite()) {
            return v.isInf() ? (v.neg() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : Double.NaN;
        }
        return new BigDecimal(v.sig()).multiply(new BigDecimal(java.math.BigInteger.ONE)).doubleValue()
                * Math.pow(2, v.lsbExp()) * (v.neg() ? -1 : 1);
    }
}
