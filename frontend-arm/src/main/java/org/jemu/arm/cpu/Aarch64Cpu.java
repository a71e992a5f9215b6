package org.jemu.arm.cpu;

import java.util.List;
import org.jemu.arm.a32.A32Translator;
import org.jemu.arm.a64.A64Translator;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.exec.GuestFault;
import org.jemu.translator.exec.GuestLog;
import org.jemu.translator.exec.IrqLine;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.memory.MemoryRegion;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * An AArch64 processor element at the system level (Arm ARM DDI 0487, part D "The AArch64 System
 * Level"): general-purpose registers, PSTATE, Exception levels EL0/EL1 (and EL2/EL3 when the board asks),
 * exception entry and return (D1.10, D1.11), IRQ/FIQ delivery (D1.13), the stage 1 MMU (D8, in
 * {@link Mmu}), system registers (D13, in {@link SysRegs}), the Generic Timer (D11, in
 * {@link GenericTimer}) and emulated PSCI firmware ({@link Psci}).
 *
 * <h2>Register slots</h2>
 * {@link #regs} holds X0..X30 (slots 0..30), the <em>current</em> stack pointer ({@link #SP}: SP_EL0 or
 * SP_ELx as PSTATE.SP selects; the others are banked in {@link #spEl}), the PC, the flags N, Z, C, V as 0/1,
 * the exclusive monitor ({@link #EXCL_ARMED}, {@link #EXCL_ADDR}; {@link #EXCL_VAL}, the value the load-exclusive
 * read, zero-extended), FPCR, FPSR and the 32 128-bit SIMD&amp;FP registers as pairs of slots
 * ({@link #V0} + 2n = bits [63:0] of Vn, + 2n + 1 = bits [127:64]).
 *
 * <h2>Soft-MMU indexes</h2>
 * {@link #MMU_IDX_EL0} and {@link #MMU_IDX_EL1} translate in the EL1&amp;0 regime with EL0 and EL1
 * permissions; {@link #MMU_IDX_EL2} and {@link #MMU_IDX_EL3} in the EL2 and EL3 regimes. The MMU index of
 * an access at ELn is n.
 *
 * <h2>What the board wires</h2>
 * <ul>
 *   <li>interrupt inputs: {@link #setInterrupt} with {@link #INTERRUPT_IRQ}, {@link #INTERRUPT_FIQ} (and
 *       {@link #INTERRUPT_VIRQ}/{@link #INTERRUPT_VFIQ} from a GICv2 virtual interface), or
 *       {@link #interruptInput};</li>
 *   <li>timer outputs: {@link #connectTimerOutput} for {@link #GTIMER_PHYS} (GIC PPI 30), {@link #GTIMER_VIRT}
 *       (PPI 27), {@link #GTIMER_HYP} (PPI 26), {@link #GTIMER_SEC} (PPI 29);</li>
 *   <li>{@link #setCpus} (all CPUs of the machine: broadcast TLB maintenance, SEV), {@link #setPsci}
 *       (conduit and {@link PowerControl}), and optionally {@link #setMpidrAffinity}, {@link #setCbar},
 *       {@link #setExternalSysRegs} (a GICv3 CPU interface).</li>
 * </ul>
 *
 * <h2>AArch32 state</h2>
 * With {@link #aarch32} set the PE runs A32 code at EL0 (AArch32 EL0 under an AArch64 EL1): R0..R14 are
 * X0..X14, the CPSR's NZCV the same flag slots, and Q, GE, T and IT have slots of their own ({@link #QF},
 * {@link #GE}, {@link #TF}, {@link #IT}); see {@code org.jemu.arm.a32} for the full mapping (DDI 0487
 * D1.20.1). An exception taken from AArch32 uses the "lower EL using AArch32" vectors (VBAR + 0x600) and
 * saves the CPSR-format SPSR.
 *
 * <p>An AArch32-only model ({@code cortex-a15}, {@link #aarch32El1}) runs the ARMv7-A system level instead
 * of the AArch64 one: CPSR modes, AArch32 exceptions and CP15 ({@link A32System}, {@link Cp15}, {@link MmuV7}).
 *
 * <p>On the AArch64 models EL0 may be AArch32 (ID_AA64PFR0_EL1.EL0 = 2, as on a Cortex-A57): an exception
 * return with SPSR.M[4] set enters it ({@link #exceptionReturn}), so an AArch64 kernel runs AArch32 user
 * space (Linux's compat tasks); EL1 and above are AArch64 only.
 *
 * <p>Simplifications, each a permitted implementation choice or a documented gap: a PMU
 * with the cycle counter only ({@link Pmu}), no stage 2 translation, no self-hosted debug events
 * (breakpoint/watchpoint registers are storage only; no software step), no EL2/EL3 trap controls beyond
 * FP (CPTR), WFx, SMC (HCR_EL2.TSC) and the timer (CNTHCTL_EL2), no PAN/UAO (not in v8.0).
 */
public final class Aarch64Cpu extends GuestCpu {
    // ---- register slots ------------------------------------------------------------------------------

    /** X0; Xn is slot n for n in 0..30. */
    public static final int X0 = 0;
    /** X30, the link register. */
    public static final int LR = 30;
    /** The current stack pointer (SP_EL0 or SP_ELx as PSTATE.SP selects). */
    public static final int SP = 31;
    public static final int PC = 32;
    /** PSTATE.N, Z, C, V, each 0 or 1. */
    public static final int NF = 33;
    public static final int ZF = 34;
    public static final int CF = 35;
    public static final int VF = 36;
    /** Exclusive monitor address (meaningful while {@link #EXCL_ARMED} is 1). */
    public static final int EXCL_ADDR = 37;
    /** Value read by the load-exclusive (zero-extended; for LDXP the first register). */
    public static final int EXCL_VAL = 38;
    /** 1 while the local exclusive monitor is in the Exclusive Access state (B2.9.2), 0 when open. */
    public static final int EXCL_ARMED = 39;
    /** FPCR and FPSR (D13.2.48, D13.2.50). */
    public static final int FPCR = 40;
    public static final int FPSR = 41;
    /** Bits [63:0] of V0; Vn low half is V0 + 2n, high half V0 + 2n + 1. */
    public static final int V0 = 42;
    /**
     * AArch32 PSTATE.Q, the sticky saturation flag (0 or 1; CPSR bit 27, DDI 0487 G1.9.1 / DDI 0406C A2.4);
     * kept while in AArch64 state only as part of SPSR images. See {@code org.jemu.arm.a32} for the mapping.
     */
    public static final int QF = V0 + 64;
    /** AArch32 PSTATE.GE[3:0] (CPSR bits [19:16]), the four SIMD greater-than-or-equal flags, 0..15. */
    public static final int GE = QF + 1;
    /** AArch32 PSTATE.T (CPSR bit 5): 0 = A32, 1 = T32; meaningful while {@link #aarch32} is set. */
    public static final int TF = GE + 1;
    /** AArch32 PSTATE.IT[7:0] (CPSR bits [15:10,26:25]) in ITSTATE order; 0 outside IT blocks (T32 only). */
    public static final int IT = TF + 1;
    public static final int NUM_REGS = IT + 1;

    // ---- soft-MMU indexes ----------------------------------------------------------------------------

    public static final int MMU_IDX_EL0 = 0;
    public static final int MMU_IDX_EL1 = 1;
    public static final int MMU_IDX_EL2 = 2;
    public static final int MMU_IDX_EL3 = 3;
    public static final int NUM_MMU_IDX = 4;

    // ---- interrupt inputs (bits of GuestCpu.interruptRequest) ----------------------------------------

    /** Physical IRQ input (GIC CPU interface nIRQ). */
    public static final int INTERRUPT_IRQ = 1;
    /** Physical FIQ input. */
    public static final int INTERRUPT_FIQ = 2;
    /** Virtual IRQ input (GICv2 virtual CPU interface), taken at EL1 when HCR_EL2.IMO = 1. */
    public static final int INTERRUPT_VIRQ = 4;
    /** Virtual FIQ input, taken at EL1 when HCR_EL2.FMO = 1. */
    public static final int INTERRUPT_VFIQ = 8;
    /** Internal: HCR_EL2.VI, mirrored so the loop calls {@link #checkInterrupts}. */
    static final int INTERRUPT_HCR_VI = 16;
    /** Internal: HCR_EL2.VF. */
    static final int INTERRUPT_HCR_VF = 32;

    // ---- generic timer outputs -----------------------------------------------------------------------

    /** EL1 physical timer (CNTP_*_EL0): GIC PPI 30 on QEMU virt. */
    public static final int GTIMER_PHYS = 0;
    /** Virtual timer (CNTV_*_EL0): PPI 27. */
    public static final int GTIMER_VIRT = 1;
    /** EL2 physical timer (CNTHP_*_EL2): PPI 26. */
    public static final int GTIMER_HYP = 2;
    /** Secure EL1 physical timer (CNTPS_*_EL1): PPI 29. */
    public static final int GTIMER_SEC = 3;

    // ---- tbFlags layout ------------------------------------------------------------------------------

    private static final long FLAG_EL_MASK = 3;
    private static final long FLAG_FP_ENABLED = 1 << 2;
    private static final long FLAG_ILLEGAL_STATE = 1 << 3;
    private static final int FLAG_MMU_SHIFT = 4;
    private static final int FLAG_MMU_UNPRIV_SHIFT = 8;
    private static final long FLAG_BE_DATA = 1 << 12;
    private static final long FLAG_ALIGN = 1 << 13;
    private static final long FLAG_SP_ALIGN = 1 << 14;
    private static final long FLAG_AARCH32 = 1 << 15;
    private static final long FLAG_THUMB = 1 << 16;
    /** T32 blocks: AArch32 PSTATE.IT[7:0] (ITSTATE) at the block's first instruction, bits [24:17]. */
    private static final int FLAG_IT_SHIFT = 17;
    /** AArch32 blocks: FPSCR.Len or FPSCR.Stride (FPCR bits [18:16], [21:20]) is nonzero (bit 25). */
    private static final long FLAG_VFP_SHORT_VECTOR = 1L << 25;
    /** AArch32 system level: the register bank of the CPSR mode ({@link A32System#bank}), bits [28:26]. */
    private static final int FLAG_A32_BANK_SHIFT = 26;

    // ---- architectural bit definitions ---------------------------------------------------------------

    /** PSTATE/SPSR (D1.7, C5.2.18 SPSR_EL1): D, A, I, F masks, SS, IL, M[4] (nRW). */
    public static final long PSTATE_D = 1 << 9;
    public static final long PSTATE_A = 1 << 8;
    public static final long PSTATE_I = 1 << 7;
    public static final long PSTATE_F = 1 << 6;
    public static final long PSTATE_DAIF = PSTATE_D | PSTATE_A | PSTATE_I | PSTATE_F;
    public static final long SPSR_SS = 1 << 21;
    public static final long SPSR_IL = 1 << 20;
    public static final long SPSR_NRW = 1 << 4;

    /** SCTLR_ELx bits (D13.2.118). */
    static final long SCTLR_M = 1;
    static final long SCTLR_A = 1 << 1;
    static final long SCTLR_SA = 1 << 3;
    static final long SCTLR_SA0 = 1 << 4;
    static final long SCTLR_UMA = 1 << 9;
    static final long SCTLR_DZE = 1 << 14;
    static final long SCTLR_UCT = 1 << 15;
    static final long SCTLR_NTWI = 1 << 16;
    static final long SCTLR_NTWE = 1 << 18;
    static final long SCTLR_WXN = 1 << 19;
    static final long SCTLR_E0E = 1 << 24;
    static final long SCTLR_EE = 1 << 25;
    static final long SCTLR_UCI = 1 << 26;

    /** HCR_EL2 bits (D13.2.46). */
    static final long HCR_FMO = 1 << 3;
    static final long HCR_IMO = 1 << 4;
    static final long HCR_VF = 1 << 6;
    static final long HCR_VI = 1 << 7;
    static final long HCR_DC = 1 << 12;
    static final long HCR_TWI = 1 << 13;
    static final long HCR_TWE = 1 << 14;
    static final long HCR_TSC = 1L << 19;
    static final long HCR_TGE = 1L << 27;
    static final long HCR_HCD = 1L << 29;
    static final long HCR_RW = 1L << 31;

    /** SCR_EL3 bits (D13.2.117). */
    static final long SCR_NS = 1;
    static final long SCR_IRQ = 1 << 1;
    static final long SCR_FIQ = 1 << 2;
    static final long SCR_SMD = 1 << 7;
    static final long SCR_HCE = 1 << 8;
    static final long SCR_RW = 1 << 10;
    static final long SCR_ST = 1 << 11;
    static final long SCR_TWI = 1 << 12;
    static final long SCR_TWE = 1 << 13;

    /** CPTR_EL2/CPTR_EL3.TFP: trap FP/SIMD. */
    static final long CPTR_TFP = 1 << 10;

    /** MPIDR_EL1 affinity fields Aff3 (bits [39:32]) and Aff2..Aff0 (bits [23:0]). */
    public static final long MPIDR_AFFINITY_MASK = 0xff_00ff_ffffL;

    /** Vector offsets from VBAR_ELx (D1.10.2). */
    static final int VECTOR_SYNC = 0x000;
    static final int VECTOR_IRQ = 0x080;
    static final int VECTOR_FIQ = 0x100;

    // ---- configuration -------------------------------------------------------------------------------

    public final A64CpuModel model;
    /** EL2 is implemented (QEMU virt {@code virtualization=on}). */
    public final boolean hasEl2;
    /** EL3 is implemented (QEMU virt {@code secure=on}). */
    public final boolean hasEl3;
    final VirtualClock clock;
    final GenericTimer timer;
    final Pmu pmu;
    final A64Fault fault = new A64Fault();
    private final Mmu.Result walkResult = new Mmu.Result();
    final Mmu.Result auxResult = new Mmu.Result();
    private List<? extends Aarch64Cpu> cpus = List.of(this);
    private PowerControl power;
    private PsciConduit psciConduit = PsciConduit.NONE;
    private long mpidrAffinity;
    long cbar;
    ExternalSysRegs externalSysRegs;
    boolean advertiseGicV3;

    // ---- PSTATE (D1.7) --------------------------------------------------------------------------------

    /** PSTATE.EL, 0..3. */
    public int el;
    /** PSTATE.SP: 0 = SP_EL0, 1 = SP_ELx. */
    public int spSel;
    /** PSTATE.{D,A,I,F} in their SPSR positions ({@link #PSTATE_DAIF}). */
    public long daif;
    /** PSTATE.IL: set by an illegal exception return; the next instruction takes an Illegal state exception. */
    public boolean illegalState;
    /** The WFE event register. */
    public boolean eventRegister;
    /**
     * The PE is in AArch32 state (PSTATE.nRW = 1, SPSR M[4]). Only EL0 may be AArch32 in this model
     * (AArch32 EL0 under an AArch64 EL1, D1.20); the registers map onto the AArch64 slots as described in
     * {@code org.jemu.arm.a32}. Changed only by exception entry (to AArch64) and by test harnesses.
     */
    public boolean aarch32;
    /** Second value of an LDXP, compared by STXP. */
    long exclHi;
    /**
     * The PE's EL1 is AArch32 (an ARMv7-A CPU such as {@code cortex-a15}): {@link #aarch32} is always set,
     * the CPSR mode is {@link #cpsrMode}, exceptions are taken to AArch32 modes ({@link A32System}), CP15
     * registers replace the AArch64 system registers ({@link Cp15}) and the MMU is VMSAv7 ({@link MmuV7}).
     */
    public final boolean aarch32El1;
    /** AArch32 system level: CPSR.M[4:0] (User = 0x10 is EL0, every other mode EL1). */
    public int cpsrMode;
    /** AArch32 system level: CPSR.E, big-endian data accesses. */
    public boolean cpsrE;
    /** AArch32 ThumbEE registers TEECR and TEEHBR (CP14, storage only). */
    public long teecr;
    public long teehbr;

    // ---- banked and system registers (index = Exception level) -----------------------------------------

    /** Stack pointers SP_EL0..SP_EL3; the entry for the current stack pointer is stale (see {@link #SP}). */
    public final long[] spEl = new long[4];
    public final long[] elr = new long[4];
    public final long[] spsr = new long[4];
    public final long[] esr = new long[4];
    public final long[] far = new long[4];
    public final long[] vbar = new long[4];
    public final long[] sctlr = new long[4];
    public final long[] actlr = new long[4];
    public final long[] tcr = new long[4];
    /** TTBR0_EL1, TTBR0_EL2, TTBR0_EL3 at indexes 1..3. */
    public final long[] ttbr0 = new long[4];
    public long ttbr1El1;
    public final long[] mair = new long[4];
    public final long[] amair = new long[4];
    public final long[] afsr0 = new long[4];
    public final long[] afsr1 = new long[4];
    /** TPIDR_EL0..TPIDR_EL3. */
    public final long[] tpidr = new long[4];
    public long tpidrroEl0;
    public long contextidrEl1;
    public long cpacrEl1;
    /**
     * Scratch accumulator for the exception flags of one floating-point helper call (see
     * {@code org.jemu.arm.a64.FpOps}); always empty between instructions, so not part of the saved state.
     */
    public final org.jemu.arm.fp.FpFlags fpFlags = new org.jemu.arm.fp.FpFlags();
    public long parEl1;
    public long csselrEl1;
    public long cntkctlEl1;
    public long cntfrq;
    public long rvbar;
    // debug (D2, D13.3): storage only
    public long mdscrEl1;
    public long mdccintEl1;
    public long osdtrrxEl1;
    public long osdtrtxEl1;
    public long oseccrEl1;
    public boolean osLock;
    public long osdlrEl1;
    public long dbgprcrEl1;
    public long dbgclaim;
    public long dbgdtrEl0;
    public final long[] dbgbvr = new long[16];
    public final long[] dbgbcr = new long[16];
    public final long[] dbgwvr = new long[16];
    public final long[] dbgwcr = new long[16];
    // EL2
    public long hcrEl2;
    public long cptrEl2;
    public long hstrEl2;
    public long mdcrEl2;
    public long hacrEl2;
    public long vttbrEl2;
    public long vtcrEl2;
    public long hpfarEl2;
    public long vpidrEl2;
    public long vmpidrEl2;
    public long cnthctlEl2;
    public long cntvoffEl2;
    public long dacr32El2;
    public long ifsr32El2;
    public long fpexc32El2;
    public long dbgvcr32El2;
    public final long[] spsrAarch32 = new long[4];
    // EL3
    public long scrEl3;
    public long cptrEl3;
    public long mdcrEl3;
    public long sder32El3;

    /**
     * Creates a CPU and resets it (at the highest implemented Exception level, PC 0). It is not
     * {@link #stopped}: the board sets that for secondary CPUs that PSCI CPU_ON starts later.
     *
     * @param model    the CPU model (ID registers)
     * @param cpuIndex index of the CPU in the machine; the default MPIDR Aff0
     * @param memory   guest physical address space
     * @param clock    the machine's virtual clock (generic timer)
     * @param hasEl2   implement EL2
     * @param hasEl3   implement EL3
     */
    public Aarch64Cpu(A64CpuModel model, int cpuIndex, PhysicalAddressSpace memory, VirtualClock clock,
            boolean hasEl2, boolean hasEl3) {
        super(cpuIndex, NUM_REGS, NUM_MMU_IDX, memory);
        this.model = model;
        this.hasEl2 = hasEl2;
        this.hasEl3 = hasEl3;
        this.aarch32El1 = model.aarch32Only();
        if (aarch32El1 && (hasEl2 || hasEl3)) {
            throw new IllegalArgumentException(model.name() + ": EL2 and EL3 are not implemented for AArch32 CPUs");
        }
        this.clock = clock;
        this.timer = new GenericTimer(this, clock, model.counterHz());
        this.pmu = new Pmu(this);
        this.mpidrAffinity = (cpuIndex & 0xff) | ((long) (cpuIndex >>> 8 & 0xff) << 8);
        reset(0);
    }

    /** A CPU with EL0 and EL1 only, as QEMU's virt board by default. */
    public Aarch64Cpu(A64CpuModel model, int cpuIndex, PhysicalAddressSpace memory, VirtualClock clock) {
        this(model, cpuIndex, memory, clock, false, false);
    }

    // ---- board wiring --------------------------------------------------------------------------------

    /** All CPUs of the machine (including this one), for broadcast TLB maintenance and SEV. */
    public void setCpus(List<? extends Aarch64Cpu> all) {
        this.cpus = List.copyOf(all);
    }

    List<? extends Aarch64Cpu> cpus() {
        return cpus;
    }

    /** Enables emulated PSCI firmware through {@code conduit}, backed by the board's {@code power}. */
    public void setPsci(PsciConduit conduit, PowerControl power) {
        this.psciConduit = conduit;
        this.power = power;
    }

    public PsciConduit psciConduit() {
        return psciConduit;
    }

    /** The board's power control for PSCI, or null. */
    public PowerControl power() {
        return power;
    }

    /** Sets the MPIDR_EL1 affinity fields (Aff3 in bits [39:32], Aff2..Aff0 in bits [23:0]). */
    public void setMpidrAffinity(long affinity) {
        this.mpidrAffinity = affinity & MPIDR_AFFINITY_MASK;
        this.vmpidrEl2 = mpidr();
    }

    /** MPIDR_EL1: bit 31 RES1, U = 0 (multiprocessor system), MT = 0, the affinity fields. */
    public long mpidr() {
        return (1L << 31) | mpidrAffinity;
    }

    /** Sets CBAR_EL1, the Cortex-A5x configuration base address (QEMU virt: GIC base 0x0800_0000). */
    public void setCbar(long cbar) {
        this.cbar = cbar;
    }

    /**
     * Adds system registers the board implements (a GICv3 CPU interface's ICC_*_EL1), consulted for
     * encodings this CPU does not define. With {@code gicV3} set, ID_AA64PFR0_EL1.GIC reads 1.
     */
    public void setExternalSysRegs(ExternalSysRegs regs, boolean gicV3) {
        this.externalSysRegs = regs;
        this.advertiseGicV3 = gicV3;
    }

    /** Connects generic timer output {@code which} ({@link #GTIMER_PHYS} ...) to {@code sink}. */
    public void connectTimerOutput(int which, IrqLine sink) {
        timer.connect(which, sink);
    }

    /** The line generic timer output {@code which} drives (as connected by the board). */
    public IrqLine timerOutput(int which) {
        return timer.output(which);
    }

    /** The generic timer. */
    public GenericTimer genericTimer() {
        return timer;
    }

    /** An input line that asserts interrupt bit {@code bit} ({@link #INTERRUPT_IRQ} ...) of this CPU. */
    public IrqLine interruptInput(int bit) {
        return level -> setInterrupt(bit, level);
    }

    // ---- reset and power -----------------------------------------------------------------------------

    /**
     * Architectural reset (D1.9 "Reset"): the highest implemented Exception level with SP_ELx, all of
     * DAIF masked, the MMU off, SCTLR_ELx = the model's reset value, timers disabled, PC = {@code pc}
     * (which RVBAR_ELx reports). Does not change {@link #stopped}.
     */
    public void reset(long pc) {
        java.util.Arrays.fill(regs, 0);
        regs[EXCL_ARMED] = 0;
        el = hasEl3 ? 3 : hasEl2 ? 2 : 1;
        spSel = 1;
        daif = PSTATE_DAIF;
        illegalState = false;
        eventRegister = false;
        aarch32 = false;
        exclHi = 0;
        for (long[] a : new long[][] {spEl, elr, spsr, esr, far, vbar, actlr, tcr, ttbr0, mair, amair, afsr0,
                afsr1, tpidr, dbgbvr, dbgbcr, dbgwvr, dbgwcr, spsrAarch32}) {
            java.util.Arrays.fill(a, 0);
        }
        for (int i = 1; i < 4; i++) {
            sctlr[i] = model.resetSctlr();
        }
        sctlr[0] = 0;
        ttbr1El1 = 0;
        tpidrroEl0 = 0;
        contextidrEl1 = 0;
        cpacrEl1 = 0;
        parEl1 = 0;
        csselrEl1 = 0;
        cntkctlEl1 = 0;
        cntfrq = model.counterHz();
        rvbar = pc;
        mdscrEl1 = 0;
        mdccintEl1 = 0;
        osdtrrxEl1 = 0;
        osdtrtxEl1 = 0;
        oseccrEl1 = 0;
        osLock = true;
        osdlrEl1 = 0;
        dbgprcrEl1 = 0;
        dbgclaim = 0;
        dbgdtrEl0 = 0;
        hcrEl2 = 0;
        cptrEl2 = 0;
        hstrEl2 = 0;
        mdcrEl2 = 0;
        hacrEl2 = 0;
        vttbrEl2 = 0;
        vtcrEl2 = 0;
        hpfarEl2 = 0;
        vpidrEl2 = model.midr();
        vmpidrEl2 = mpidr();
        cnthctlEl2 = 0;
        cntvoffEl2 = 0;
        dacr32El2 = 0;
        ifsr32El2 = 0;
        fpexc32El2 = 0;
        dbgvcr32El2 = 0;
        scrEl3 = 0;
        cptrEl3 = 0;
        mdcrEl3 = 0;
        sder32El3 = 0;
        interruptRequest &= ~(INTERRUPT_HCR_VI | INTERRUPT_HCR_VF);
        halted = false;
        regs[PC] = pc;
        cpsrMode = A32System.MODE_SVC;
        cpsrE = false;
        if (aarch32El1) {
            // AArch32 reset (DDI 0406C B1.8.2): Supervisor mode, A, I, F masked, T = SCTLR.TE (0 at reset).
            aarch32 = true;
            el = 1;
            Cp15.reset(this);
        }
        timer.reset();
        pmu.reset();
        tlbFlushAll();
    }

    /**
     * Starts this CPU as PSCI CPU_ON does (QEMU {@code arm_set_cpu_on}): reset, then at the highest
     * non-secure Exception level the guest has (EL2 if implemented, else EL1) with SP_ELx, DAIF masked,
     * the MMU off, X0 = {@code contextId} and PC = {@code entry}.
     */
    public void powerOn(long entry, long contextId) {
        reset(entry);
        int target = hasEl2 ? 2 : 1;
        if (hasEl3) {
            scrEl3 = SCR_NS | SCR_RW | (target == 2 ? SCR_HCE : 0);
        }
        if (hasEl2 && target == 1) {
            hcrEl2 = HCR_RW;
        }
        if (aarch32El1) {
            // QEMU arm_set_cpu_on for an AArch32 target: SVC mode, T from bit 0 of the entry point.
            regs[TF] = entry & 1;
            regs[PC] = entry & 0xffff_fffeL;
            regs[X0] = contextId & 0xffff_ffffL;
            halted = false;
            stopped = false;
            return;
        }
        setElSp(target, 1);
        regs[X0] = contextId;
        regs[PC] = entry;
        halted = false;
        stopped = false;
    }

    /** Powers this CPU off (PSCI CPU_OFF): it stops until a CPU_ON. */
    public void powerOff() {
        stopped = true;
        halted = false;
    }

    // ---- PSTATE and stack pointers -------------------------------------------------------------------

    /** Index into {@link #spEl} of the current stack pointer. */
    private int spIndex() {
        return spSel == 0 ? 0 : el;
    }

    /** Changes PSTATE.EL and PSTATE.SP, banking the stack pointer (QEMU aarch64_save_sp/restore_sp). */
    void setElSp(int newEl, int newSpSel) {
        spEl[spIndex()] = regs[SP];
        el = newEl;
        spSel = newSpSel;
        regs[SP] = spEl[spIndex()];
    }

    /** SP_ELn, wherever it currently lives. */
    public long getSpEl(int n) {
        return spIndex() == n ? regs[SP] : spEl[n];
    }

    /** Sets SP_ELn, wherever it currently lives. */
    public void setSpEl(int n, long v) {
        if (spIndex() == n) {
            regs[SP] = v;
        } else {
            spEl[n] = v;
        }
    }

    /**
     * PSTATE in SPSR_ELx format: for AArch64 (C5.2.18) NZCV, SS, IL, DAIF, M[4:0] = EL:SP; in AArch32 state
     * (C5.2.19 "SPSR_EL1 when exception taken from AArch32") NZCV, Q (27), IT[1:0] (26:25), IL (20),
     * GE (19:16), IT[7:2] (15:10), A, I, F (8:6), T (5) and M[4:0] = 0b10000 (User, M[4] = nRW).
     */
    public long pstate() {
        if (aarch32) {
            long it = regs[IT] & 0xff;
            return (regs[NF] & 1) << 31 | (regs[ZF] & 1) << 30 | (regs[CF] & 1) << 29 | (regs[VF] & 1) << 28
                    | (regs[QF] & 1) << 27 | (it & 3) << 25 | (illegalState ? SPSR_IL : 0) | (regs[GE] & 0xf) << 16
                    | (it >>> 2) << 10 | (daif & (PSTATE_A | PSTATE_I | PSTATE_F)) | (regs[TF] & 1) << 5 | 0x10;
        }
        return (regs[NF] & 1) << 31 | (regs[ZF] & 1) << 30 | (regs[CF] & 1) << 29 | (regs[VF] & 1) << 28
                | (illegalState ? SPSR_IL : 0) | daif | ((long) el << 2) | spSel;
    }

    /** NZCV in the MRS NZCV layout (bits [31:28]). */
    long nzcv() {
        return pstate() & 0xf000_0000L;
    }

    void setNzcv(long v) {
        regs[NF] = (v >>> 31) & 1;
        regs[ZF] = (v >>> 30) & 1;
        regs[CF] = (v >>> 29) & 1;
        regs[VF] = (v >>> 28) & 1;
    }

    /** The current Security state is Secure (EL3 implemented and at EL3 or SCR_EL3.NS = 0). */
    public boolean isSecure() {
        return hasEl3 && (el == 3 || (scrEl3 & SCR_NS) == 0);
    }

    /** EL2 is implemented and applies to the current Security state (v8.0: Non-secure only). */
    boolean el2Enabled() {
        return hasEl2 && !(hasEl3 && (scrEl3 & SCR_NS) == 0);
    }

    /** HCR_EL2.TGE or DC disables the EL1&amp;0 stage 1 MMU (D8.2.10). */
    boolean stage1DisabledByEl2() {
        return el2Enabled() && (hcrEl2 & (HCR_DC | HCR_TGE)) != 0;
    }

    /** Bits of physical address the CPU implements (ID_AA64MMFR0_EL1.PARange). */
    public int paRangeBits() {
        return model.paRangeBits();
    }

    /** CNTVOFF_EL2, or 0 without EL2. */
    long cntvoff() {
        return hasEl2 ? cntvoffEl2 : 0;
    }

    // ---- translation flags ---------------------------------------------------------------------------

    @Override
    public int pcSlot() {
        return PC;
    }

    /**
     * Translation-time state: EL (bits [1:0]), FP/SIMD enabled (bit 2), PSTATE.IL (bit 3), data MMU index
     * (bits [7:4]), unprivileged-access MMU index (bits [11:8]), big-endian data (bit 12, SCTLR.E0E at EL0,
     * SCTLR_ELx.EE otherwise), alignment checking (bit 13, SCTLR.A), SP alignment checking (bit 14,
     * SCTLR.SA0 at EL0, SA otherwise), AArch32 (bit 15), T32 (bit 16) and, for T32 code, the ITSTATE of the
     * block's first instruction (bits [24:17]): IT state is part of the block key, so a T32 translation knows
     * statically which instructions of an IT block it holds and under which condition each runs.
     */
    @Override
    public long tbFlags() {
        int e = el;
        long regime = sctlr[e == 0 ? 1 : e];
        long f = e | ((long) e << FLAG_MMU_SHIFT) | ((long) (e == 1 ? MMU_IDX_EL0 : e) << FLAG_MMU_UNPRIV_SHIFT);
        if (aarch32El1) {
            return f | Cp15.tbFlags(this, regime) | ((long) A32System.bank(cpsrMode) << FLAG_A32_BANK_SHIFT)
                    | (regs[TF] != 0 ? FLAG_THUMB | (regs[IT] & 0xff) << FLAG_IT_SHIFT : 0)
                    | ((regs[FPCR] & 0x0037_0000L) != 0 ? FLAG_VFP_SHORT_VECTOR : 0);
        }
        if (fpTrapTarget(e) == 0) {
            f |= FLAG_FP_ENABLED;
        }
        if (illegalState) {
            f |= FLAG_ILLEGAL_STATE;
        }
        if ((regime & (e == 0 ? SCTLR_E0E : SCTLR_EE)) != 0) {
            f |= FLAG_BE_DATA;
        }
        if ((regime & SCTLR_A) != 0) {
            f |= FLAG_ALIGN;
        }
        if ((regime & (e == 0 ? SCTLR_SA0 : SCTLR_SA)) != 0) {
            f |= FLAG_SP_ALIGN;
        }
        if (aarch32) {
            f |= FLAG_AARCH32;
            if (regs[TF] != 0) {
                f |= FLAG_THUMB | (regs[IT] & 0xff) << FLAG_IT_SHIFT;
            }
            if ((regs[FPCR] & 0x0037_0000L) != 0) {
                f |= FLAG_VFP_SHORT_VECTOR;
            }
        }
        return f;
    }

    /**
     * The AArch32 register bank ({@link A32System#BANK_USR} ...) of the block's mode: R8..R14 of an A32/T32
     * block map to the slots {@link A32System#slot} gives for it. Always {@code BANK_USR} for AArch32 EL0
     * under an AArch64 EL1.
     */
    public static int flagsA32Bank(long flags) {
        return (int) (flags >>> FLAG_A32_BANK_SHIFT) & 7;
    }

    /** AArch32 translation flag bits of the system level, for {@link Cp15#tbFlags}. */
    static long flagFpEnabled() {
        return FLAG_FP_ENABLED;
    }

    static long flagBigEndianData() {
        return FLAG_BE_DATA;
    }

    static long flagAlign() {
        return FLAG_ALIGN;
    }

    static long flagAarch32() {
        return FLAG_AARCH32;
    }

    /** Exception level the block runs at. */
    public static int flagsEl(long flags) {
        return (int) (flags & FLAG_EL_MASK);
    }

    /** FP/Advanced SIMD instructions execute (else they call {@link A64Helpers#fpTrap}). */
    public static boolean flagsFpEnabled(long flags) {
        return (flags & FLAG_FP_ENABLED) != 0;
    }

    /** Soft-MMU index of ordinary loads and stores (and instruction fetch). */
    public static int flagsMmuIdx(long flags) {
        return (int) (flags >>> FLAG_MMU_SHIFT) & 0xf;
    }

    /** Soft-MMU index of LDTR/STTR-class unprivileged accesses: EL0's at EL1, else the normal one. */
    public static int flagsMmuIdxUnpriv(long flags) {
        return (int) (flags >>> FLAG_MMU_UNPRIV_SHIFT) & 0xf;
    }

    /** Data accesses are big-endian. Instruction fetches are always little-endian. */
    public static boolean flagsBigEndianData(long flags) {
        return (flags & FLAG_BE_DATA) != 0;
    }

    /** SCTLR.A: every data access must be aligned to its size (use {@code MemOp.aligned}). */
    public static boolean flagsAlignCheck(long flags) {
        return (flags & FLAG_ALIGN) != 0;
    }

    /** SCTLR.SA/SA0: SP-based accesses need a 16-byte aligned SP (else {@link A64Helpers#spAlignmentFault}). */
    public static boolean flagsSpAlignCheck(long flags) {
        return (flags & FLAG_SP_ALIGN) != 0;
    }

    /** The block is AArch32 code (PSTATE.nRW). */
    public static boolean flagsAarch32(long flags) {
        return (flags & FLAG_AARCH32) != 0;
    }

    /** The block is T32 code (AArch32 PSTATE.T). */
    public static boolean flagsThumb(long flags) {
        return (flags & FLAG_THUMB) != 0;
    }

    /**
     * The AArch32 ITSTATE (DDI 0406C A2.5.2: IT[7:5] base condition, IT[4:0] the mask that also holds the
     * condition LSB) at the first instruction of a T32 block; 0 outside IT blocks and for other code.
     */
    public static int flagsItState(long flags) {
        return (int) (flags >>> FLAG_IT_SHIFT) & 0xff;
    }

    /** T32 translation flags {@code flags} with the entry ITSTATE replaced by {@code it} (tests, fuzzing). */
    public static long flagsWithItState(long flags, int it) {
        return (flags & ~(0xffL << FLAG_IT_SHIFT)) | (long) (it & 0xff) << FLAG_IT_SHIFT;
    }

    /**
     * AArch32: FPSCR.Len or FPSCR.Stride was nonzero when the block was looked up. This PE has no short
     * vectors (MVFR0.FPShVec = 0), so VFP data-processing instructions are then UNDEFINED (DDI 0406C
     * A2.7.? "VFP short vectors": an implementation without them makes those instructions UNDEFINED when
     * Len or Stride is nonzero; QEMU does the same).
     */
    public static boolean flagsVfpShortVector(long flags) {
        return (flags & FLAG_VFP_SHORT_VECTOR) != 0;
    }

    /** PSTATE.IL was set when the block was looked up. */
    public static boolean flagsIllegalState(long flags) {
        return (flags & FLAG_ILLEGAL_STATE) != 0;
    }

    @Override
    public int fetchMmuIdx(long tbFlags) {
        return flagsMmuIdx(tbFlags);
    }

    /** The MMU index of ordinary data accesses now. */
    int currentMmuIdx() {
        return el;
    }

    /**
     * The Exception level an FP/SIMD access at {@code e} traps to, or 0 if FP is enabled (D1.14.3):
     * CPACR_EL1.FPEN (EL0/EL1), then CPTR_EL2.TFP (EL0..EL2, Non-secure), then CPTR_EL3.TFP.
     */
    int fpTrapTarget(int e) {
        if (e <= 1 && !(el2Enabled() && (hcrEl2 & HCR_TGE) != 0)) {
            int fpen = (int) (cpacrEl1 >>> 20) & 3;
            if (fpen == 0 || fpen == 2 || (fpen == 1 && e == 0)) {
                return 1;
            }
        }
        if (e <= 2 && el2Enabled() && (cptrEl2 & CPTR_TFP) != 0) {
            return 2;
        }
        if (hasEl3 && (cptrEl3 & CPTR_TFP) != 0) {
            return 3;
        }
        return 0;
    }

    // ---- translation ---------------------------------------------------------------------------------

    /**
     * Translates the block at {@code pc}. A misaligned PC takes a PC alignment fault (D1.10.5) and
     * PSTATE.IL an Illegal Execution state exception (D1.11.4), both before any fetch.
     */
    @Override
    public IrBlock translateBlock(long pc, long flags, int maxInsns) {
        if (flagsIllegalState(flags)) {
            throw raise(Math.max(el, 1), Esr.EC_ILLEGAL_STATE, 0, false, 0, 0);
        }
        if ((pc & (flagsThumb(flags) ? 1 : 3)) != 0) {
            throw raise(Math.max(el, 1), Esr.EC_PC_ALIGNMENT, 0, true, pc, 0);
        }
        if (flagsAarch32(flags)) {
            if (flagsThumb(flags)) {
                return org.jemu.arm.a32.T32Translator.translate(this, pc, flags, maxInsns);
            }
            return A32Translator.translate(this, pc, flags, maxInsns);
        }
        return A64Translator.translate(this, pc, flags, maxInsns);
    }

    @Override
    public long translate(long vaddr, int access, int mmuIdx) {
        Mmu.Result r = walkResult;
        if (aarch32El1) {
            MmuV7.walk(this, vaddr, mmuIdx, r);
        } else {
            Mmu.walk(this, vaddr, mmuIdx, r);
        }
        int fsc = r.fsc >= 0 ? r.fsc : Mmu.permissionFault(r, access);
        if (fsc >= 0) {
            A64Fault f = abort(vaddr, access, fsc);
            f.domain = r.domain;
            throw f;
        }
        return (r.pa & ~0xfffL) | r.prot | (r.sizeBits > 12 ? PROT_LARGE | (long) r.sizeBits << PROT_SIZE_SHIFT : 0);
    }

    /**
     * Reads system register op0:op1:CRn:CRm:op2 (Arm ARM DDI 0487 D13, the encoding MRS carries in bits
     * [20:5]) as a debugger sees it: the 64-bit value an MRS at the current Exception level would return,
     * without access checks, traps, presence conditions or side effects. For debuggers (the gdb stub), on the
     * vCPU thread.
     *
     * @throws IllegalArgumentException if the encoding is not one of jemu's modelled system registers
     */
    public long debugReadSysReg(int op0, int op1, int crn, int crm, int op2) {
        SysRegs.Reg r = SysRegs.lookup(SysRegs.encode(op0, op1, crn, crm, op2));
        if (r == null || r.read == null || op0 < 2) {
            throw new IllegalArgumentException("no system register " + SysRegs.genericName(
                    SysRegs.encode(op0, op1, crn, crm, op2)));
        }
        return r.read.read(this);
    }

    /**
     * Translates without side effects (debuggers, AT): the physical address of {@code vaddr}, or -1 if
     * the access would fault.
     */
    public long debugTranslate(long vaddr, int access, int mmuIdx) {
        Mmu.Result r = auxResult;
        if (aarch32El1) {
            MmuV7.walk(this, vaddr, mmuIdx, r);
        } else {
            Mmu.walk(this, vaddr, mmuIdx, r);
        }
        if (r.fsc >= 0 || Mmu.permissionFault(r, access) >= 0) {
            return -1;
        }
        return r.pa;
    }

    /** An instruction or data abort for {@code vaddr} with fault status {@code fsc} (D1.10.4, ISS D13.2.37). */
    A64Fault abort(long vaddr, int access, int fsc) {
        int target = Math.max(el, 1);
        boolean lower = target > el;
        if (access == ACCESS_EXEC) {
            return raise(target, lower ? Esr.EC_INSN_ABORT_LOWER : Esr.EC_INSN_ABORT_SAME, fsc, true, vaddr, 0);
        }
        int iss = fsc | (access == ACCESS_WRITE ? Esr.ISS_WNR : 0);
        return raise(target, lower ? Esr.EC_DATA_ABORT_LOWER : Esr.EC_DATA_ABORT_SAME, iss, true, vaddr, 0);
    }

    /** Alignment fault: data abort with DFSC 0b100001, or a PC alignment fault for instruction fetches. */
    @Override
    public GuestFault alignmentFault(long vaddr, int access, int mmuIdx) {
        if (access == ACCESS_EXEC) {
            throw raise(Math.max(el, 1), Esr.EC_PC_ALIGNMENT, 0, true, vaddr, 0);
        }
        throw abort(vaddr, access, Esr.FSC_ALIGNMENT);
    }

    /**
     * An access to an unassigned physical address is a synchronous external abort (DFSC/IFSC 0b010000),
     * as on QEMU's virt board; logged as a guest error.
     */
    @Override
    public void unassignedAccess(long vaddr, long paddr, int access, int size) {
        super.unassignedAccess(vaddr, paddr, access, size);
        throw abort(vaddr, access, Esr.FSC_SYNC_EXTERNAL);
    }

    /** Fills this CPU's preallocated fault. */
    A64Fault raise(int targetEl, int ec, int iss, boolean farValid, long farValue, int returnOffset) {
        return fault.set(targetEl, ec, iss, farValid, farValue, returnOffset);
    }

    /** UNDEFINED: EC 0 to EL1 (from EL0/EL1) or the current EL. */
    A64Fault undefinedFault() {
        return raise(Math.max(el, 1), Esr.EC_UNKNOWN, 0, false, 0, 0);
    }

    /**
     * A trapped MSR/MRS/SYS (EC 0x18, ISS D13.2.37.12): Op0, Op2, Op1, CRn, CRm and direction from
     * {@code sysreg}; Rt is filled in from the instruction at delivery.
     */
    A64Fault sysregTrap(int targetEl, int sysreg, boolean read) {
        int op0 = sysreg >>> 14 & 3;
        int op1 = sysreg >>> 11 & 7;
        int crn = sysreg >>> 7 & 15;
        int crm = sysreg >>> 3 & 15;
        int op2 = sysreg & 7;
        int iss = op0 << 20 | op2 << 17 | op1 << 14 | crn << 10 | crm << 1 | (read ? 1 : 0);
        A64Fault f = raise(targetEl, Esr.EC_SYSREG, iss, false, 0, 0);
        f.needsRt = true;
        return f;
    }

    // ---- exceptions ----------------------------------------------------------------------------------

    /**
     * Synchronous exception entry for a fault thrown by a block; the PC slot holds the faulting
     * instruction. ELR = that address + the fault's return offset (4 for SVC/HVC/SMC).
     */
    @Override
    public void deliverFault(GuestFault f) {
        if (!(f instanceof A64Fault af)) {
            throw new IllegalStateException("not an AArch64 fault: " + f);
        }
        if (aarch32El1) {
            A32System.deliver(this, af);
            return;
        }
        long pc = regs[PC];
        int iss = af.iss;
        if (af.needsRt) {
            iss |= (readInsnForSyndrome(pc) & 0x1f) << 5;
        }
        long esrValue = ((long) af.ec << Esr.EC_SHIFT) | (af.il16 ? 0 : Esr.IL) | (iss & 0x1ff_ffffL);
        if (af.itState >= 0 && aarch32) {
            regs[IT] = af.itState;
        }
        takeException(af.targetEl, VECTOR_SYNC, esrValue, af.farValid, af.far, pc + af.returnOffset,
                Esr.ecName(af.ec));
    }

    /** The instruction word at {@code pc} (for syndromes), or 0 if it cannot be read. */
    private int readInsnForSyndrome(long pc) {
        long pa = debugTranslate(pc, ACCESS_EXEC, currentMmuIdx());
        if (pa < 0) {
            return 0;
        }
        MemoryRegion r = memory.find(pa);
        return r == null ? 0 : (int) PhysicalAddressSpace.readRegion(r, pa, 4, false);
    }

    /**
     * Exception entry (D1.10.2, pseudocode {@code AArch64.TakeException}): SPSR_ELt = PSTATE, ELR_ELt =
     * {@code returnAddr}, ESR_ELt for synchronous exceptions ({@code esrValue} &gt;= 0), FAR_ELt for aborts;
     * PSTATE.EL = target with SP_ELt, DAIF all masked, SS and IL cleared; PC = VBAR_ELt + the vector
     * offset (0x000 current EL with SP_EL0, 0x200 current EL with SP_ELx, 0x400 lower EL using AArch64)
     * + {@code kind} (0x000 synchronous, 0x080 IRQ, 0x100 FIQ, 0x180 SError). Clears the local exclusive
     * monitor and wakes the CPU.
     */
    void takeException(int target, int kind, long esrValue, boolean farValid, long farValue, long returnAddr,
            String what) {
        int from = el;
        long saved = pstate();
        long base = from == target ? (spSel == 0 ? 0x000 : 0x200) : aarch32 ? 0x600 : 0x400;
        aarch32 = false;
        setElSp(target, 1);
        spsr[target] = saved;
        elr[target] = returnAddr;
        if (esrValue >= 0) {
            esr[target] = esrValue;
        }
        if (farValid) {
            far[target] = farValue;
        }
        daif = PSTATE_DAIF;
        illegalState = false;
        regs[PC] = vbar[target] + base + kind;
        regs[EXCL_ARMED] = 0;
        halted = false;
        if (GuestLog.on(GuestLog.INT)) {
            GuestLog.log(String.format("cpu%d: taking exception [%s] from EL%d to EL%d: ESR %s ELR 0x%x FAR %s"
                    + " SPSR 0x%x -> PC 0x%x", cpuIndex, what, from, target,
                    esrValue >= 0 ? "0x" + Long.toHexString(esrValue) : "-", returnAddr,
                    farValid ? "0x" + Long.toHexString(farValue) : "-", saved, regs[PC]));
        }
    }

    /**
     * Exception return (D1.11, pseudocode {@code AArch64.ExceptionReturn}) from the current EL: PC =
     * ELR_ELx, PSTATE from SPSR_ELx. With SPSR.M[4] (nRW) set it returns to AArch32 EL0 (D1.20.2, the
     * only AArch32 mode this PE has below an AArch64 EL1): M[3:0] must be User (0b0000); NZCV, Q, GE[3:0],
     * IT[7:0], T, A, I, F and IL come from the CPSR-format SPSR (C5.2.19), and PC = ELR[31:0] with bit 0
     * (T32) or bits [1:0] (A32) cleared; PSTATE.D is unchanged (SetPSTATEFromPSR: an AArch32 SPSR has no
     * D bit). An illegal return (to an AArch32 mode other than User, a higher or unimplemented EL, a
     * reserved mode, EL2 when Secure, EL1 with HCR_EL2.TGE, or an AArch32-configured lower EL) instead keeps
     * EL, SP selection and execution state, restores the other PSTATE fields and sets PSTATE.IL. Clears the
     * local exclusive monitor.
     */
    void exceptionReturn() {
        int cur = el;
        long s = spsr[cur];
        long target = elr[cur];
        int m = (int) s & 0x1f;
        boolean toAarch32 = (s & SPSR_NRW) != 0;
        int newEl = toAarch32 ? 0 : (m >>> 2) & 3;
        boolean illegal = (toAarch32 && (m & 0xf) != 0) // AArch32 only at EL0 (User mode)
                || (!toAarch32 && (m & 2) != 0) // M[1] set: reserved
                || newEl > cur
                || (!toAarch32 && newEl == 0 && (m & 1) != 0) // EL0 with SP_ELx: reserved
                || (newEl == 2 && !hasEl2) || (newEl == 3 && !hasEl3)
                || (newEl == 2 && hasEl3 && (scrEl3 & SCR_NS) == 0) // no Secure EL2 in v8.0
                || (newEl == 1 && el2Enabled() && (hcrEl2 & HCR_TGE) != 0)
                || (newEl < 3 && hasEl3 && (scrEl3 & SCR_RW) == 0) // lower ELs are AArch32
                || (newEl < 2 && el2Enabled() && (hcrEl2 & HCR_RW) == 0 && cur >= 2);
        setNzcv(s);
        if (illegal) {
            daif = s & PSTATE_DAIF;
            illegalState = true;
            regs[PC] = branchAddress(target, el);
        } else if (toAarch32) {
            // SetPSTATEFromPSR: an AArch32 SPSR has no D bit (bit 9 is E), so PSTATE.D keeps its value.
            daif = (daif & PSTATE_D) | (s & (PSTATE_A | PSTATE_I | PSTATE_F));
            illegalState = (s & SPSR_IL) != 0;
            setElSp(0, 0);
            aarch32 = true;
            regs[QF] = s >>> 27 & 1;
            regs[GE] = s >>> 16 & 0xf;
            regs[TF] = s >>> 5 & 1;
            regs[IT] = (s >>> 25 & 3) | (s >>> 10 & 0x3f) << 2;
            regs[PC] = target & 0xffff_ffffL & (regs[TF] != 0 ? ~1L : ~3L);
        } else {
            daif = s & PSTATE_DAIF;
            illegalState = (s & SPSR_IL) != 0;
            setElSp(newEl, m & 1);
            regs[PC] = branchAddress(target, el);
        }
        regs[EXCL_ARMED] = 0;
        if (GuestLog.on(GuestLog.INT)) {
            GuestLog.log(String.format("cpu%d: exception return from EL%d to EL%d%s%s, SPSR 0x%x -> PC 0x%x",
                    cpuIndex, cur, el, aarch32 ? " (AArch32)" : "", illegal ? " (illegal return, PSTATE.IL set)" : "",
                    s, regs[PC]));
        }
    }

    /**
     * A branch target as the PC takes it at {@code targetEl} (pseudocode {@code AArch64.BranchAddr}): with
     * Top Byte Ignore the tag byte is replaced by the sign (EL1&amp;0) or zero (EL2/EL3) extension of bit 55.
     */
    long branchAddress(long addr, int targetEl) {
        if (!Mmu.tbi(this, addr, targetEl)) {
            return addr;
        }
        return Mmu.regimeEl(targetEl) == 1 ? (addr << 8) >> 8 : addr & 0x00ff_ffff_ffff_ffffL;
    }

    // ---- interrupts ----------------------------------------------------------------------------------

    /**
     * Target EL of a physical IRQ or FIQ (D1.13.1 "Routing"): EL3 if SCR_EL3.IRQ/FIQ, EL2 if
     * HCR_EL2.IMO/FMO or TGE (Non-secure), else EL1.
     */
    private int physicalTarget(boolean fiq) {
        if (hasEl3 && (scrEl3 & (fiq ? SCR_FIQ : SCR_IRQ)) != 0) {
            return 3;
        }
        if (el2Enabled() && (hcrEl2 & ((fiq ? HCR_FMO : HCR_IMO) | HCR_TGE)) != 0) {
            return 2;
        }
        return 1;
    }

    /**
     * Whether an interrupt routed to {@code target} is taken now (D1.13.3, table "Physical interrupt
     * masking"): never from above the target EL; masked by PSTATE.I/F when the target is EL1 (at EL0 or
     * EL1) or the current EL; not maskable when routed to EL2 or EL3 from a lower EL.
     */
    private boolean takenTo(int target, long maskBit) {
        if (target < el) {
            return false;
        }
        return (target > el && target >= 2) || (daif & maskBit) == 0;
    }

    /** A virtual interrupt (HCR_EL2.VI/VF or the VIRQ/VFIQ input) applies: Non-secure EL0/EL1, IMO/FMO set. */
    private boolean virtualPending(boolean fiq) {
        if (!el2Enabled() || el > 1 || (hcrEl2 & HCR_TGE) != 0
                || (hcrEl2 & (fiq ? HCR_FMO : HCR_IMO)) == 0) {
            return false;
        }
        int bits = fiq ? INTERRUPT_VFIQ | INTERRUPT_HCR_VF : INTERRUPT_VIRQ | INTERRUPT_HCR_VI;
        return (interruptRequest & bits) != 0;
    }

    /** True if an interrupt is pending that would end WFI, whether or not PSTATE masks it. */
    public boolean interruptPending() {
        return (interruptRequest & (INTERRUPT_IRQ | INTERRUPT_FIQ)) != 0 || virtualPending(false)
                || virtualPending(true);
    }

    @Override
    public boolean checkInterrupts() {
        if (interruptRequest == 0) {
            return false;
        }
        if (interruptPending()) {
            halted = false;
        }
        if (stopped) {
            return false;
        }
        int req = interruptRequest;
        if ((req & INTERRUPT_FIQ) != 0) {
            int t = physicalTarget(true);
            if (takenTo(t, PSTATE_F)) {
                if (aarch32El1) {
                    A32System.takeInterrupt(this, true);
                    return true;
                }
                takeException(t, VECTOR_FIQ, -1, false, 0, regs[PC], "FIQ");
                return true;
            }
        }
        if ((req & INTERRUPT_IRQ) != 0) {
            int t = physicalTarget(false);
            if (takenTo(t, PSTATE_I)) {
                if (aarch32El1) {
                    A32System.takeInterrupt(this, false);
                    return true;
                }
                takeException(t, VECTOR_IRQ, -1, false, 0, regs[PC], "IRQ");
                return true;
            }
        }
        if (virtualPending(true) && (daif & PSTATE_F) == 0) {
            takeException(1, VECTOR_FIQ, -1, false, 0, regs[PC], "vFIQ");
            return true;
        }
        if (virtualPending(false) && (daif & PSTATE_I) == 0) {
            takeException(1, VECTOR_IRQ, -1, false, 0, regs[PC], "vIRQ");
            return true;
        }
        return false;
    }

    /** ISR_EL1 (D13.2.60): I (bit 7) and F (bit 6) pending, virtual ones at EL1 when routed to EL2. */
    long isr() {
        boolean virt = el2Enabled() && el <= 1 && (hcrEl2 & HCR_TGE) == 0;
        boolean i = virt && (hcrEl2 & HCR_IMO) != 0 ? virtualPending(false)
                : (interruptRequest & INTERRUPT_IRQ) != 0;
        boolean f = virt && (hcrEl2 & HCR_FMO) != 0 ? virtualPending(true)
                : (interruptRequest & INTERRUPT_FIQ) != 0;
        return (i ? PSTATE_I : 0) | (f ? PSTATE_F : 0);
    }

    // ---- system register side effects ---------------------------------------------------------------

    /** Writes SCTLR_ELn; translation-affecting changes flush this CPU's TLBs. */
    void writeSctlr(int n, long v) {
        if (sctlr[n] != v) {
            sctlr[n] = v;
            tlbFlushAll();
        }
    }

    void writeTcr(int n, long v) {
        if (tcr[n] != v) {
            tcr[n] = v;
            tlbFlushAll();
        }
    }

    /**
     * TTBR writes. For the EL1&amp;0 regime a change of the address space (the ASID fields [63:48]) switches the
     * soft-MMU to that address space's kept TLBs ({@link #tlbSwitchContext}, as the ASID tags of a hardware
     * TLB would); a new base with the same ASID needs the guest's own TLBI to take effect (D8.13 TLB
     * maintenance requirements), as in QEMU's vmsa_ttbr_write. Other regimes have no ASID kept here: an
     * ASID field change flushes.
     */
    void writeTtbr0(int n, long v) {
        if (n == 1) {
            long k0 = tlbKey0();
            long k1 = tlbKey1();
            ttbr0[1] = v;
            addressSpaceChanged(k0, k1);
            return;
        }
        long old = ttbr0[n];
        ttbr0[n] = v;
        if (((old ^ v) >>> 48) != 0) {
            tlbFlushAll();
        }
    }

    void writeTtbr1(long v) {
        long k0 = tlbKey0();
        long k1 = tlbKey1();
        ttbr1El1 = v;
        addressSpaceChanged(k0, k1);
    }

    /**
     * True while EL1 is AArch32 with the short-descriptor translation table format (TTBCR.EAE 0), where
     * the ASID is CONTEXTIDR[7:0] and the domain access control register takes part in permissions.
     */
    boolean shortDescriptor() {
        return aarch32El1 && (tcr[1] & Cp15.TTBCR_EAE) == 0;
    }

    /**
     * First half of the key of the EL1&amp;0 address space for {@link #tlbSwitchContext}: both TTBRs' ASID
     * fields (AArch64 and LPAE, where a base change with the same ASID needs a TLBI), or with the
     * short-descriptor format both 32-bit TTBRs (jemu has always treated a new base there as a new address
     * space).
     */
    long tlbKey0() {
        return shortDescriptor() ? (ttbr0[1] & 0xffff_ffffL) | ttbr1El1 << 32
                : (ttbr0[1] >>> 48) << 16 | ttbr1El1 >>> 48;
    }

    /** Second half of the key: with the short-descriptor format, CONTEXTIDR's ASID and DACR; else 0. */
    long tlbKey1() {
        return shortDescriptor() ? (contextidrEl1 & 0xff) | (dacr32El2 & 0xffff_ffffL) << 8 : 0;
    }

    /**
     * After a write to a register in the address-space key: if the key changed from ({@code oldKey0},
     * {@code oldKey1}), switches the soft-MMU to the new address space's TLBs.
     */
    void addressSpaceChanged(long oldKey0, long oldKey1) {
        long k0 = tlbKey0();
        long k1 = tlbKey1();
        if (k0 != oldKey0 || k1 != oldKey1) {
            tlbSwitchContext(oldKey0, oldKey1, k0, k1);
        }
    }

    void writeMair(int n, long v) {
        if (mair[n] != v) {
            mair[n] = v;
            tlbFlushAll();
        }
    }

    void writeHcr(long v) {
        long old = hcrEl2;
        hcrEl2 = v;
        setInterrupt(INTERRUPT_HCR_VI, (v & HCR_VI) != 0);
        setInterrupt(INTERRUPT_HCR_VF, (v & HCR_VF) != 0);
        if (((old ^ v) & (HCR_DC | HCR_TGE | 1L /* VM */)) != 0) {
            tlbFlushAll();
        }
    }

    void writeCntvoff(long v) {
        cntvoffEl2 = v;
        timer.updateAll();
    }

    /**
     * The registers in the layout of QEMU's {@code info registers} for AArch64: PC, X0..X30 and SP four
     * per line, then PSTATE with NZCV and the mode (EL0t, EL1h ...), the banked stack pointers, and the
     * exception registers of the current EL.
     */
    /** AArch64 watchpoints stop before the access (D2.10 Watchpoint exceptions; gdb steps over it). */
    @Override
    public boolean watchpointStopsBefore() {
        return true;
    }

    @Override
    public String dumpRegisters() {
        if (aarch32El1) {
            return A32System.dumpRegisters(this);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(" PC=%016x ", regs[PC]));
        for (int i = 0; i < 31; i++) {
            sb.append(String.format("X%02d=%016x%s", i, regs[X0 + i], i % 4 == 2 ? "\n" : " "));
        }
        sb.append(String.format(" SP=%016x%n", regs[SP]));
        long p = pstate();
        sb.append(String.format("PSTATE=%08x %c%c%c%c EL%d%c%s  FPCR=%08x FPSR=%08x%n", p,
                regs[NF] != 0 ? 'N' : '-', regs[ZF] != 0 ? 'Z' : '-', regs[CF] != 0 ? 'C' : '-',
                regs[VF] != 0 ? 'V' : '-', el, spSel == 0 ? 't' : 'h', illegalState ? " IL" : "",
                regs[FPCR], regs[FPSR]));
        sb.append(String.format("SP_EL0=%016x SP_EL1=%016x", getSpEl(0), getSpEl(1)));
        if (hasEl2) {
            sb.append(String.format(" SP_EL2=%016x", getSpEl(2)));
        }
        if (hasEl3) {
            sb.append(String.format(" SP_EL3=%016x", getSpEl(3)));
        }
        sb.append('\n');
        int e = Math.max(el, 1);
        sb.append(String.format("ELR_EL%d=%016x SPSR_EL%d=%08x ESR_EL%d=%08x FAR_EL%d=%016x%n", e, elr[e], e,
                spsr[e], e, esr[e], e, far[e]));
        return sb.toString();
    }

    @Override
    public String toString() {
        return String.format("Aarch64Cpu[%d %s EL%d%s PC 0x%x]", cpuIndex, model.name(), el, spSel == 0 ? "t" : "h",
                regs[PC]);
    }
}
