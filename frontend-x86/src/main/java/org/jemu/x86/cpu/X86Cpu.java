package org.jemu.x86.cpu;

import java.util.function.IntSupplier;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.exec.GuestFault;
import org.jemu.translator.exec.GuestLog;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.jemu.translator.memory.SoftMmu;
import org.jemu.x86.translate.X86Translator;

/**
 * An IA-32 processor (8086 to Pentium Pro level): general registers, EIP, EFLAGS with lazy arithmetic
 * flags, segment registers with their descriptor caches, CR0/CR2/CR3/CR4, and the hooks the execution
 * loop and soft-MMU call.
 *
 * <h2>Register file</h2>
 * Slots {@link #EAX}..{@link #EDI} in the SDM's encoding order (Vol. 2 Table 2-2: EAX ECX EDX EBX ESP EBP
 * ESI EDI), 32 bits each in the low half of the 64-bit slot. {@link #PC} holds the <em>linear</em> address
 * of the next instruction (CS.base + EIP, as QEMU's TB pc): the execution loop, the soft-MMU and the code
 * cache work on linear addresses; EIP is {@code PC - CS.base} ({@link #eip()}). CS.base is part of the block
 * key (the high half of {@link #tbFlags()}), so a block knows the EIP of each of its instructions.
 *
 * <h2>Lazy flags (SDM Vol. 1 3.4.3.1 status flags)</h2>
 * The six status flags CF PF AF ZF SF OF are not kept in EFLAGS after every instruction. An instruction
 * that sets them records the pending operation in {@link #CC_OP} (an {@link X86Flags} code: operation and
 * operand size) and its result and operands in {@link #CC_DST}, {@link #CC_SRC1}, {@link #CC_SRC2}; the flags
 * are computed from those when something reads them ({@link X86Flags#compute}). With CC_OP =
 * {@link X86Flags#EFLAGS} the status flags are the ones in the {@link #EFLAGS} slot. The other EFLAGS bits
 * (TF IF DF IOPL NT RF VM AC ...) always live in the EFLAGS slot. This is QEMU's CC_OP scheme with both
 * operands kept (so ADC/SBB recover their carry-in, and INC/DEC keep the old CF in CC_SRC2).
 *
 * <h2>Segments (SDM Vol. 3A 3.4.3 segment registers, 3.4.5 segment descriptors)</h2>
 * For each segment register ES CS SS DS FS GS (encoding order 0..5): the visible selector
 * ({@link #SEG_SEL}), and the hidden descriptor cache: base ({@link #SEG_BASE}), byte-granular limit
 * ({@link #SEG_LIMIT}) and attributes ({@link #SEG_ATTR}: bits 8..23 of the descriptor's high doubleword,
 * shifted down by 8: type in bits 3:0, S 4, DPL 6:5, P 7, AVL 12, D/B 14, G 15). Every data access adds the
 * base; accesses through a segment that is not flat (base 0, limit 4 GiB, present, writable expand-up data,
 * in protected mode) are checked by {@link X86Helpers#checkSegment} (#GP/#SS on a limit or type violation).
 * In real-address mode (Vol. 3A 20.1) loading a segment register sets the base to selector * 16 and leaves
 * the limit and attributes alone ("unreal mode" works).
 *
 * <h2>System architecture (SDM Vol. 3A)</h2>
 * Protected-mode interrupt and exception delivery through the IDT, far transfers through call gates, IRET
 * and task switches are in {@code ProtectedMode} (descriptor handling in {@code Descriptors}); {@link #raise}
 * applies the double-fault rules and enters shutdown on a triple fault ({@link #shutdownHook}). With CR0.PG,
 * {@link #translate} walks the 32-bit page tables ({@link Paging}); the soft-MMU caches the result per MMU
 * index (supervisor, user).
 */
public class X86Cpu extends GuestCpu {
    // ---- register slots ----------------------------------------------------------------------------
    public static final int EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;
    /** Linear address of the next instruction (CS.base + EIP). */
    public static final int PC = 8;
    /** EFLAGS; its status flags are valid only while CC_OP = {@link X86Flags#EFLAGS}. */
    public static final int EFLAGS = 9;
    /** Pending flag operation ({@link X86Flags} code). */
    public static final int CC_OP = 10;
    /** Result of the pending flag operation (operand-size bits, zero-extended). */
    public static final int CC_DST = 11;
    /** First operand of the pending flag operation. */
    public static final int CC_SRC1 = 12;
    /** Second operand (or the extra input: old CF for INC/DEC, bits shifted for shifts). */
    public static final int CC_SRC2 = 13;
    /** Segment selectors ES..GS. */
    public static final int SEG_SEL = 14;
    /** Segment bases ES..GS (descriptor cache). */
    public static final int SEG_BASE = 20;
    /** Segment limits ES..GS in bytes (descriptor cache, granularity applied). */
    public static final int SEG_LIMIT = 26;
    /** Segment attributes ES..GS (descriptor cache, see class comment). */
    public static final int SEG_ATTR = 32;
    /**
     * x87 data registers R0..R7 (physical order, SDM Vol. 1 8.1.2), significand: 64 bits with the explicit
     * integer bit in bit 63 ({@link org.jemu.x86.x87.Fx80#m()}).
     */
    public static final int FPR_M = 38;
    /** x87 data registers R0..R7, sign and 15-bit biased exponent in the low 16 bits. */
    public static final int FPR_SE = 46;
    /** x87 control word FCW (16 bits, Vol. 1 8.1.5). */
    public static final int FPU_CW = 54;
    /** x87 status word FSW (16 bits, Vol. 1 8.1.3), TOP in bits 13:11. */
    public static final int FPU_SW = 55;
    /** x87 tag word FTW, full 16-bit form (2 bits per physical register: 00 valid, 01 zero, 10 special, 11 empty; 8.1.7). */
    public static final int FPU_TW = 56;
    /** Last x87 instruction pointer FIP (offset, 32 bits) and its CS selector FCS (Vol. 1 8.1.8). */
    public static final int FPU_IP = 57, FPU_CS = 58;
    /** Last x87 data (operand) pointer FDP (offset) and its selector FDS. */
    public static final int FPU_DP = 59, FPU_DS = 60;
    /** Last x87 opcode FOP (11 bits: low 3 bits of the first opcode byte, then the ModRM byte; 8.1.9). */
    public static final int FPU_OP = 61;
    public static final int NUM_REGS = 62;

    /** Segment register numbers: the sreg field encoding (SDM Vol. 2, Appendix B, "Encoding of the sreg Field"). */
    public static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;

    // ---- EFLAGS bits (SDM Vol. 1 3.4.3, Figure 3-8) ------------------------------------------------------
    public static final int CF = 1, PF = 1 << 2, AF = 1 << 4, ZF = 1 << 6, SF = 1 << 7, TF = 1 << 8, IF = 1 << 9,
            DF = 1 << 10, OF = 1 << 11, IOPL = 3 << 12, NT = 1 << 14, RF = 1 << 16, VM = 1 << 17, AC = 1 << 18,
            VIF = 1 << 19, VIP = 1 << 20, ID = 1 << 21;
    /** The six status flags. */
    public static final int STATUS_FLAGS = CF | PF | AF | ZF | SF | OF;
    /** Bit 1 of EFLAGS reads as 1. */
    public static final int EFLAGS_FIXED = 2;

    // ---- segment attribute bits --------------------------------------------------------------------------
    public static final int ATTR_TYPE_ACCESSED = 1, ATTR_TYPE_WRITABLE = 2, ATTR_TYPE_EXPAND_DOWN = 4,
            ATTR_TYPE_CODE = 8, ATTR_S = 1 << 4, ATTR_P = 1 << 7, ATTR_DB = 1 << 14, ATTR_G = 1 << 15;
    /** Attributes of a real-mode segment after reset: present, read/write data, accessed (Table 9-1). */
    public static final int ATTR_REAL_DATA = ATTR_P | ATTR_S | ATTR_TYPE_WRITABLE | ATTR_TYPE_ACCESSED;
    /** Attributes of CS after reset: present, execute/read code, accessed. */
    public static final int ATTR_REAL_CODE = ATTR_P | ATTR_S | ATTR_TYPE_CODE | 2 | ATTR_TYPE_ACCESSED;

    // ---- CR0 bits (SDM Vol. 3A 2.5) ------------------------------------------------------------------------
    public static final int CR0_PE = 1, CR0_MP = 2, CR0_EM = 4, CR0_TS = 8, CR0_ET = 16, CR0_NE = 32,
            CR0_WP = 1 << 16, CR0_AM = 1 << 18, CR0_NW = 1 << 29, CR0_CD = 1 << 30, CR0_PG = 1 << 31;

    // ---- CR4 bits (SDM Vol. 3A 2.5) ------------------------------------------------------------------------
    public static final int CR4_VME = 1, CR4_PVI = 2, CR4_TSD = 4, CR4_DE = 8, CR4_PSE = 0x10, CR4_PAE = 0x20,
            CR4_MCE = 0x40, CR4_PGE = 0x80, CR4_PCE = 0x100;

    // ---- block key (tbFlags) ------------------------------------------------------------------------------
    /** CR0.PE: protected mode. */
    public static final long FLAG_PE = 1;
    /** EFLAGS.VM: virtual-8086 mode. */
    public static final long FLAG_VM = 2;
    /** CPL in bits 3:2. */
    public static final int FLAG_CPL_SHIFT = 2;
    /** CS.D: default operand and address size 32. */
    public static final long FLAG_CS32 = 1 << 4;
    /** SS.B: stack pointer is ESP (else SP). */
    public static final long FLAG_SS32 = 1 << 5;
    /** EFLAGS.TF: single-step; blocks are one instruction and end with a #DB trap. */
    public static final long FLAG_TF = 1 << 7;
    /** CR0.PG: paging on. */
    public static final long FLAG_PG = 1 << 6;
    /** Bits 13:8: segment i needs {@link X86Helpers#checkSegment} on access (not flat). */
    public static final int FLAG_SEGCHK_SHIFT = 8;
    /** CS.base in bits 63:32. */
    public static final int FLAG_CSBASE_SHIFT = 32;

    /** MMU indexes: supervisor (CPL 0..2) and user (CPL 3) accesses. */
    public static final int MMU_IDX_SUPER = 0, MMU_IDX_USER = 1, NUM_MMU_IDX = 2;

    /** {@link #interruptRequest} bits: the INTR pin (maskable, vector from {@link #interruptAck}) and NMI. */
    public static final int INTERRUPT_INTR = 1, INTERRUPT_NMI = 2;
    /** {@link #interruptRequest} bit: a single-step trap (EFLAGS.TF) is due before the next instruction. */
    public static final int INTERRUPT_SINGLE_STEP = 4;

    // ---- exception vectors (SDM Vol. 3A Table 6-1) ---------------------------------------------------------
    public static final int EXC_DE = 0, EXC_DB = 1, EXC_NMI = 2, EXC_BP = 3, EXC_OF = 4, EXC_BR = 5, EXC_UD = 6,
            EXC_NM = 7, EXC_DF = 8, EXC_TS = 10, EXC_NP = 11, EXC_SS = 12, EXC_GP = 13, EXC_PF = 14, EXC_MF = 16,
            EXC_AC = 17, EXC_MC = 18;

    /** Receives exceptions and interrupts that are not delivered by the CPU itself. */
    @FunctionalInterface
    public interface ExceptionHook {
        /**
         * Called before the CPU delivers an exception or interrupt; the PC slot holds the linear address
         * of the faulting instruction (for a trap or software interrupt: of the instruction that raised it).
         *
         * @param vector    0..255
         * @param errorCode the error code, or -1
         * @param software  INT n / INT3 / INTO
         * @param nextPc    linear address of the instruction after the trapping one (software), else the PC
         * @return true if the hook handled it (the CPU then does nothing more)
         */
        boolean exception(X86Cpu cpu, int vector, int errorCode, boolean software, long nextPc);
    }

    /** CR0, CR2 (page-fault linear address), CR3 (page directory base), CR4. */
    public int cr0, cr2, cr3, cr4;
    /** GDTR and IDTR (SDM Vol. 3A 2.4): base and limit. */
    public int gdtrBase, gdtrLimit, idtrBase, idtrLimit;
    /** LDTR (SDM Vol. 3A 2.4.2): selector and descriptor cache (base, byte-granular limit); loaded by LLDT and task switches. */
    public int ldtrSel, ldtrBase, ldtrLimit;
    /**
     * Task register (SDM Vol. 3A 2.4.4, 7.2.4): selector and the cached TSS descriptor: base, byte-granular
     * limit, and attributes in the {@link #SEG_ATTR} layout (type 0Bh: busy 32-bit TSS, 3: busy 16-bit TSS).
     */
    public int trSel, trBase, trLimit, trAttr;
    /**
     * Called when the processor enters the shutdown state (SDM Vol. 3A 6.15 "Interrupt 8": a contributory
     * exception or page fault while delivering a double fault, the triple fault), after the CPU stopped; the
     * board typically resets the machine, as a PC chipset does on the shutdown special cycle.
     */
    public java.util.function.Consumer<X86Cpu> shutdownHook;
    /** Number of times this CPU entered shutdown (triple faults) since it was created. */
    public int shutdowns;
    /** The CPU model (CPUID values). */
    public final X86CpuModel model;
    /** The machine's virtual clock (RDTSC). */
    public final VirtualClock clock;
    /** The I/O port space. */
    public PortIo io = PortIo.NONE;
    /** Acknowledges the INTR pin: returns the vector the interrupt controller supplies. */
    public IntSupplier interruptAck = () -> 0x08;
    /** Optional hook that sees every exception and interrupt before the CPU delivers it (tests, fuzzing). */
    public ExceptionHook exceptionHook;
    /** Time-stamp counter offset: TSC = icount-based virtual time + offset (WRMSR later). */
    public long tscOffset;
    /**
     * The FERR# output (SDM Vol. 1 8.7, Vol. 3A 2.5 CR0.NE, Vol. 1 Appendix D): asserted when a waiting x87
     * instruction finds an unmasked exception pending (FSW.ES) while CR0.NE = 0, deasserted when ES is cleared
     * (FNCLEX, FNINIT, FLDENV/FRSTOR/FXRSTOR of a status word without ES). A PC board routes it to IRQ13 through
     * its latch (DOS-compatible error reporting).
     */
    public boolean ferr;
    /** Called when {@link #ferr} changes; null for none. */
    public java.util.function.Consumer<X86Cpu> ferrHook;

    private final X86Fault fault = new X86Fault();

    public X86Cpu(X86CpuModel model, int cpuIndex, PhysicalAddressSpace memory, VirtualClock clock) {
        super(cpuIndex, NUM_REGS, NUM_MMU_IDX, memory);
        this.model = model;
        this.clock = clock;
        reset();
    }

    /**
     * Power-up / RESET state, SDM Vol. 3A 9.1.1 Table 9-1: EIP = FFF0, CS selector F000 with base FFFF0000
     * and limit FFFF, other segments base 0 limit FFFF, EFLAGS = 2, CR0 = 60000010, EDX = the processor
     * signature, other general registers 0, GDTR/IDTR base 0 limit FFFF.
     */
    public void reset() {
        java.util.Arrays.fill(regs, 0);
        for (int s = 0; s < 6; s++) {
            regs[SEG_SEL + s] = 0;
            regs[SEG_BASE + s] = 0;
            regs[SEG_LIMIT + s] = 0xFFFF;
            regs[SEG_ATTR + s] = ATTR_REAL_DATA;
        }
        regs[SEG_SEL + CS] = 0xF000;
        regs[SEG_BASE + CS] = 0xFFFF_0000L;
        regs[SEG_ATTR + CS] = ATTR_REAL_CODE;
        regs[EDX] = model.signature() & 0xFFFF_FFFFL;
        regs[EFLAGS] = EFLAGS_FIXED;
        regs[CC_OP] = X86Flags.EFLAGS;
        regs[PC] = 0xFFFF_0000L + 0xFFF0;
        cr0 = 0x6000_0010;
        cr2 = cr3 = cr4 = 0;
        gdtrBase = idtrBase = ldtrBase = 0;
        gdtrLimit = idtrLimit = ldtrLimit = 0xFFFF;
        ldtrSel = 0;
        trSel = 0;
        trBase = 0;
        trLimit = 0xFFFF;
        trAttr = ATTR_P | 0xB;
        // x87 after RESET (Vol. 3A Table 9-1): FCW 0040h, FSW 0, FTW 5555h (all registers tagged zero, +0.0)
        regs[FPU_CW] = 0x0040;
        regs[FPU_TW] = 0x5555;
        setFerr(false);
        halted = false;
        tlbFlushAll();
    }

    /** Sets the FERR# output, telling {@link #ferrHook} when it changes. */
    public void setFerr(boolean on) {
        if (ferr != on) {
            ferr = on;
            if (ferrHook != null) {
                ferrHook.accept(this);
            }
        }
    }

    /** An exception to throw from a helper ({@code errorCode} -1 for none). */
    public X86Fault fault(int vector, int errorCode) {
        return fault.fill(vector, errorCode, false, 0);
    }

    /**
     * A page fault (#PF, SDM Vol. 3A 4.7) at 32-bit linear {@code linear} with error code {@code errorCode}
     * (bit 0 P, 1 W/R, 2 U/S, 3 RSVD); CR2 is loaded when it is delivered.
     */
    public X86Fault pageFault(long linear, int errorCode) {
        X86Fault f = fault.fill(EXC_PF, errorCode, false, 0);
        f.address = linear & 0xFFFF_FFFFL;
        return f;
    }

    /** A software interrupt (INT n, INT3, INTO) raised by an instruction of {@code insnLength} bytes. */
    public X86Fault softwareInterrupt(int vector, int insnLength) {
        return fault.fill(vector, -1, true, insnLength);
    }

    /** INT1 (ICEBP): a #DB trap after the 1-byte instruction, delivered as a hardware event (no DPL check). */
    public X86Fault icebp() {
        X86Fault f = fault.fill(EXC_DB, -1, true, 1);
        f.icebp = true;
        return f;
    }

    // ---- state accessors ------------------------------------------------------------------------------------

    @Override
    public int pcSlot() {
        return PC;
    }

    /** The segment base of CS. */
    public long csBase() {
        return regs[SEG_BASE + CS];
    }

    /** EIP (PC - CS.base, 32 bits). */
    public long eip() {
        return (regs[PC] - csBase()) & 0xFFFF_FFFFL;
    }

    /** Sets EIP (the PC becomes CS.base + eip). */
    public void setEip(long eip) {
        regs[PC] = (csBase() + (eip & 0xFFFF_FFFFL)) & 0xFFFF_FFFFL;
    }

    /** The full EFLAGS value, status flags materialised (SDM Vol. 1 3.4.3). */
    public int eflags() {
        return X86Flags.compute((int) regs[CC_OP], (int) regs[CC_DST], (int) regs[CC_SRC1], (int) regs[CC_SRC2],
                (int) regs[EFLAGS]);
    }

    /** Sets EFLAGS (all bits as given, bit 1 forced to 1); the status flags become materialised. */
    public void setEflags(int v) {
        regs[EFLAGS] = (v | EFLAGS_FIXED) & 0xFFFF_FFFFL;
        regs[CC_OP] = X86Flags.EFLAGS;
    }

    public boolean protectedMode() {
        return (cr0 & CR0_PE) != 0;
    }

    public boolean v86Mode() {
        return protectedMode() && (regs[EFLAGS] & VM) != 0;
    }

    /** Current privilege level: CS.RPL in protected mode, 3 in virtual-8086 mode, 0 in real mode. */
    public int cpl() {
        if (!protectedMode()) {
            return 0;
        }
        if ((regs[EFLAGS] & VM) != 0) {
            return 3;
        }
        return (int) regs[SEG_SEL + CS] & 3;
    }

    /** Sets the descriptor cache of segment {@code seg}. */
    public void setSegment(int seg, int selector, long base, long limit, int attr) {
        regs[SEG_SEL + seg] = selector & 0xFFFF;
        regs[SEG_BASE + seg] = base & 0xFFFF_FFFFL;
        regs[SEG_LIMIT + seg] = limit & 0xFFFF_FFFFL;
        regs[SEG_ATTR + seg] = attr & 0xFFFF;
    }

    /**
     * Puts the CPU in flat 32-bit protected mode at CPL 0 (what a boot loader does before starting a 32-bit
     * kernel, e.g. the Linux/x86 32-bit boot protocol): CR0.PE, every segment base 0, limit 4 GiB, 32-bit
     * (CS: execute/read code, others: read/write data), selectors {@code cs} and {@code ds} (SS, ES, FS, GS get
     * {@code ds}).
     */
    public void setFlatProtectedMode(int cs, int ds) {
        cr0 |= CR0_PE;
        long eip = eip();
        int data = ATTR_P | ATTR_S | ATTR_TYPE_WRITABLE | ATTR_TYPE_ACCESSED | ATTR_DB | ATTR_G;
        for (int s = 0; s < 6; s++) {
            setSegment(s, ds, 0, 0xFFFF_FFFFL, data);
        }
        setSegment(CS, cs, 0, 0xFFFF_FFFFL, ATTR_P | ATTR_S | ATTR_TYPE_CODE | 2 | ATTR_TYPE_ACCESSED | ATTR_DB | ATTR_G);
        setEip(eip);
    }

    /**
     * Puts the CPU in real-address mode with CS:IP = {@code cs}:{@code ip} and all data segments = {@code ds}
     * (limits 64 KiB), as a BIOS leaves it for a boot sector.
     */
    public void setRealMode(int cs, int ip, int ds) {
        cr0 &= ~CR0_PE;
        for (int s = 0; s < 6; s++) {
            setSegment(s, ds, (long) ds << 4, 0xFFFF, ATTR_REAL_DATA);
        }
        setSegment(CS, cs, (long) cs << 4, 0xFFFF, ATTR_REAL_CODE);
        setEip(ip);
    }

    // ---- block key --------------------------------------------------------------------------------------------

    @Override
    public long tbFlags() {
        long f = 0;
        boolean pe = protectedMode();
        boolean vm = pe && (regs[EFLAGS] & VM) != 0;
        if (pe) {
            f |= FLAG_PE;
        }
        if (vm) {
            f |= FLAG_VM;
        }
        f |= (long) cpl() << FLAG_CPL_SHIFT;
        if (pe && !vm && (regs[SEG_ATTR + CS] & ATTR_DB) != 0) {
            f |= FLAG_CS32;
        }
        if (pe && !vm && (regs[SEG_ATTR + SS] & ATTR_DB) != 0) {
            f |= FLAG_SS32;
        }
        if ((regs[EFLAGS] & TF) != 0) {
            f |= FLAG_TF;
        }
        if (pe && (cr0 & CR0_PG) != 0) {
            f |= FLAG_PG;
        }
        for (int s = 0; s < 6; s++) {
            if (!flat(s, pe && !vm)) {
                f |= 1L << (FLAG_SEGCHK_SHIFT + s);
            }
        }
        f |= csBase() << FLAG_CSBASE_SHIFT;
        return f;
    }

    /** True if segment {@code s} is a flat writable data segment in protected mode (no checks needed). */
    private boolean flat(int s, boolean protectedNotV86) {
        int attr = (int) regs[SEG_ATTR + s];
        return protectedNotV86 && regs[SEG_BASE + s] == 0 && regs[SEG_LIMIT + s] == 0xFFFF_FFFFL
                && (attr & (ATTR_P | ATTR_S | ATTR_TYPE_CODE | ATTR_TYPE_WRITABLE | ATTR_TYPE_EXPAND_DOWN))
                        == (ATTR_P | ATTR_S | ATTR_TYPE_WRITABLE);
    }

    @Override
    public int fetchMmuIdx(long tbFlags) {
        return ((tbFlags >>> FLAG_CPL_SHIFT) & 3) == 3 ? MMU_IDX_USER : MMU_IDX_SUPER;
    }

    /** MMU index of data accesses under {@code tbFlags}. */
    public static int dataMmuIdx(long tbFlags) {
        return ((tbFlags >>> FLAG_CPL_SHIFT) & 3) == 3 ? MMU_IDX_USER : MMU_IDX_SUPER;
    }

    @Override
    public IrBlock translateBlock(long pc, long flags, int maxInsns) {
        return X86Translator.translate(this, pc, flags, maxInsns);
    }

    /**
     * Linear to physical for the soft-MMU: with CR0.PG the 32-bit paging walk of {@link Paging#translate}
     * (SDM Vol. 3A 4.3, 4.6, 4.8; #PF on a violation), otherwise linear = physical (32 bits, A20 always
     * enabled) with all permissions.
     */
    @Override
    public long translate(long vaddr, int access, int mmuIdx) {
        if ((cr0 & CR0_PG) != 0) {
            return Paging.translate(this, vaddr, access, mmuIdx);
        }
        return ((vaddr & 0xFFFF_FFFFL) & ~0xFFFL) | PROT_READ | PROT_WRITE | PROT_EXEC;
    }

    /**
     * Linear to physical for a debugger, without side effects: the page tables when CR0.PG is set (present
     * pages, rights not checked, accessed/dirty flags untouched), otherwise the identity; -1 if not mapped.
     */
    public long debugTranslate(long vaddr) {
        if ((cr0 & CR0_PG) != 0) {
            return Paging.debugTranslate(this, vaddr);
        }
        return vaddr & 0xFFFF_FFFFL;
    }

    /** x86 accesses are never required to be aligned by the IR; #AC (EFLAGS.AC with CR0.AM) is a later phase. */
    @Override
    public GuestFault alignmentFault(long vaddr, int access, int mmuIdx) {
        return fault(EXC_AC, 0);
    }

    // ---- exceptions and interrupts ---------------------------------------------------------------------------

    @Override
    public void deliverFault(GuestFault f) {
        if (!(f instanceof X86Fault xf)) {
            throw new IllegalStateException("not an x86 fault: " + f);
        }
        long next = (regs[PC] + (xf.software ? xf.insnLength : 0)) & 0xFFFF_FFFFL;
        icebpPending = xf.icebp;
        raise(xf.vector, xf.errorCode, xf.software, next, xf.address);
    }

    /** {@link #raise(int, int, boolean, long, long)} for an exception other than #PF. */
    public void raise(int vector, int errorCode, boolean software, long nextPc) {
        raise(vector, errorCode, software, nextPc, 0);
    }

    /** The event {@link #deliverFault} passes to {@link #raise} is an INT1 (no DPL check, EXT = 1). */
    private boolean icebpPending;

    /** Exception classes for double-fault detection (SDM Vol. 3A Table 6-4). */
    static final int BENIGN = 0, CONTRIBUTORY = 1, PAGE_FAULT = 2;

    /**
     * The class of exception {@code vector} (SDM Vol. 3A Table 6-4): #DE #TS #NP #SS #GP are contributory,
     * #PF is the page-fault class, all others (and INT n, external interrupts) are benign.
     */
    static int exceptionClass(int vector) {
        return switch (vector) {
            case EXC_DE, EXC_TS, EXC_NP, EXC_SS, EXC_GP -> CONTRIBUTORY;
            case EXC_PF -> PAGE_FAULT;
            default -> BENIGN;
        };
    }

    /**
     * Delivers exception or interrupt {@code vector}. The PC slot holds the faulting instruction; a trap or
     * software interrupt returns to {@code nextPc}. #PF loads CR2 with {@code faultAddress}. Real-address mode
     * delivers through the interrupt vector table (SDM Vol. 3A 20.1.4), protected mode through the IDT
     * ({@code ProtectedMode#interrupt}, Vol. 3A 6.12). An exception while delivering one is handled as
     * Table 6-5 says: after a benign event, or a contributory exception followed by a page fault, the second
     * exception is delivered; a contributory exception during a contributory one, or a contributory
     * exception or page fault during a page fault, becomes a double fault (#DF, error code 0); a contributory
     * exception or page fault while delivering #DF puts the CPU in shutdown ({@link #shutdown}). The
     * {@link #exceptionHook} sees every event first and may take it over.
     */
    public void raise(int vector, int errorCode, boolean software, long nextPc, long faultAddress) {
        boolean icebp = icebpPending;
        icebpPending = false;
        if (vector == EXC_PF) {
            cr2 = (int) faultAddress;
        }
        if (exceptionHook != null && exceptionHook.exception(this, vector, errorCode, software, nextPc)) {
            return;
        }
        if (!protectedMode()) {
            realModeInterrupt(vector, nextPc);
            return;
        }
        int cur = vector;
        int err = errorCode;
        boolean sw = software && !icebp;
        long ret = nextPc;
        while (true) {
            try {
                ProtectedMode.interrupt(this, cur, err, sw, ret);
                return;
            } catch (X86Fault f) {
                int second = f.vector;
                int err2 = f.errorCode;
                long addr = f.address;
                int c1 = sw ? BENIGN : exceptionClass(cur);
                int c2 = exceptionClass(second);
                if (cur == EXC_DF && c2 != BENIGN) {
                    shutdown();
                    return;
                }
                if (c1 == CONTRIBUTORY && c2 == CONTRIBUTORY || c1 == PAGE_FAULT && c2 != BENIGN) {
                    cur = EXC_DF;
                    err = 0;
                } else {
                    cur = second;
                    err = err2;
                    if (second == EXC_PF) {
                        cr2 = (int) addr;
                    }
                }
                sw = false;
                ret = regs[PC];
                if (exceptionHook != null && exceptionHook.exception(this, cur, err, false, ret)) {
                    return;
                }
            }
        }
    }

    /**
     * Enters the shutdown state (SDM Vol. 3A 6.15 "Interrupt 8—Double Fault Exception", "triple fault"): the
     * CPU stops executing and {@link #shutdownHook} is told, so the board can reset.
     */
    public void shutdown() {
        if (GuestLog.on(GuestLog.GUEST_ERRORS)) {
            GuestLog.log(String.format("cpu%d: triple fault at EIP 0x%x: shutdown", cpuIndex, eip()));
        }
        shutdowns++;
        stopped = true;
        if (shutdownHook != null) {
            shutdownHook.accept(this);
        }
    }

    /**
     * Real-address-mode interrupt and exception delivery, SDM Vol. 3A 20.1.4 and the INT n pseudocode
     * (Vol. 2A "INT n/INTO/INT3/INT1", REAL-ADDRESS-MODE): push FLAGS, CS and IP (16 bits each), clear IF,
     * TF and AC, and load CS:IP from the 4-byte vector at IDTR.base + 4 * vector. A vector beyond the IDTR
     * limit is a #GP (and, nested, a shutdown, modelled as stopping the CPU).
     */
    void realModeInterrupt(int vector, long nextPc) {
        long ret = (nextPc - csBase()) & 0xFFFF;
        if (vector * 4L + 3 > (idtrLimit & 0xFFFFL)) {
            if (vector == EXC_GP || vector == EXC_DF) {
                shutdown();
                return;
            }
            realModeInterrupt(EXC_GP, regs[PC]);
            return;
        }
        int mmu = MMU_IDX_SUPER;
        long ssBase = regs[SEG_BASE + SS];
        boolean ss32 = (regs[SEG_ATTR + SS] & ATTR_DB) != 0 && protectedMode();
        long sp = regs[ESP];
        long mask = ss32 ? 0xFFFF_FFFFL : 0xFFFF;
        int fl = eflags();
        long[] vals = {fl & 0xFFFF, regs[SEG_SEL + CS], ret};
        for (long v : vals) {
            sp = (sp - 2) & mask;
            SoftMmu.store(this, (ssBase + sp) & 0xFFFF_FFFFL, v, org.jemu.translator.ir.MemOp.of(2, false, false, mmu));
        }
        long vec = SoftMmu.load(this, (idtrBase + vector * 4L) & 0xFFFF_FFFFL,
                org.jemu.translator.ir.MemOp.of(4, false, false, mmu));
        regs[ESP] = (regs[ESP] & ~mask) | sp;
        setEflags(fl & ~(IF | TF | AC | RF));
        int sel = (int) (vec >>> 16) & 0xFFFF;
        regs[SEG_SEL + CS] = sel;
        regs[SEG_BASE + CS] = (long) sel << 4;
        regs[PC] = ((long) sel << 4) + (vec & 0xFFFF);
        halted = false;
    }

    @Override
    public boolean checkInterrupts() {
        if ((interruptRequest & INTERRUPT_SINGLE_STEP) != 0) {
            // SDM Vol. 3A 17.3.1.4: the single-step #DB is a trap taken after the instruction (PC is next)
            interruptRequest &= ~INTERRUPT_SINGLE_STEP;
            raise(EXC_DB, -1, false, regs[PC]);
            return true;
        }
        if ((interruptRequest & INTERRUPT_NMI) != 0) {
            interruptRequest &= ~INTERRUPT_NMI;
            halted = false;
            raise(EXC_NMI, -1, false, regs[PC]);
            return true;
        }
        if ((interruptRequest & INTERRUPT_INTR) != 0 && (regs[EFLAGS] & IF) != 0) {
            halted = false;
            int vector = interruptAck.getAsInt() & 0xFF;
            raise(vector, -1, false, regs[PC]);
            return true;
        }
        return false;
    }

    @Override
    public String dumpRegisters() {
        int fl = eflags();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("EAX=%08x EBX=%08x ECX=%08x EDX=%08x%n", regs[EAX], regs[EBX], regs[ECX], regs[EDX]));
        sb.append(String.format("ESI=%08x EDI=%08x EBP=%08x ESP=%08x%n", regs[ESI], regs[EDI], regs[EBP], regs[ESP]));
        sb.append(String.format("EIP=%08x EFL=%08x [%c%c%c%c%c%c%c] CPL=%d%n", eip(), fl,
                (fl & DF) != 0 ? 'D' : '-', (fl & OF) != 0 ? 'O' : '-', (fl & SF) != 0 ? 'S' : '-',
                (fl & ZF) != 0 ? 'Z' : '-', (fl & AF) != 0 ? 'A' : '-', (fl & PF) != 0 ? 'P' : '-',
                (fl & CF) != 0 ? 'C' : '-', cpl()));
        String[] names = {"ES", "CS", "SS", "DS", "FS", "GS"};
        for (int s = 0; s < 6; s++) {
            sb.append(String.format("%s =%04x %08x %08x %04x%n", names[s], regs[SEG_SEL + s], regs[SEG_BASE + s],
                    regs[SEG_LIMIT + s], regs[SEG_ATTR + s]));
        }
        sb.append(String.format("CR0=%08x CR2=%08x CR3=%08x CR4=%08x%n", cr0, cr2, cr3, cr4));
        return sb.toString();
    }
}
