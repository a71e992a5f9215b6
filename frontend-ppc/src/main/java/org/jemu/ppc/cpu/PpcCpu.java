package org.jemu.ppc.cpu;

import org.jemu.ppc.translate.PpcTranslator;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.exec.GuestFault;
import org.jemu.translator.exec.GuestLog;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * A 32-bit PowerPC processor (PowerPC 750 / Power ISA 2.0x 32-bit implementation) at the user level:
 * the UISA register set of "PowerPC Microprocessor Family: The Programming Environments for 32-Bit
 * Microprocessors" (PEM) chapter 2.1 "PowerPC UISA Register Set", big-endian only (MSR[LE] = 0).
 *
 * <h2>Register slots</h2>
 * Every slot of {@link #regs} is 64 bits wide; 32-bit registers are held zero-extended.
 * <ul>
 *   <li>{@link #GPR0}..+31: GPR0-GPR31 (32 bits each, PEM 2.1.1);</li>
 *   <li>{@link #PC}: the current instruction address (CIA/NIA, 32 bits);</li>
 *   <li>{@link #LR}, {@link #CTR}: link and count registers (32 bits, PEM 2.1.5, 2.1.6);</li>
 *   <li>XER (PEM 2.1.4) split into {@link #XER_SO}, {@link #XER_OV}, {@link #XER_CA} (each 0 or 1) and
 *       {@link #XER_REST}, the other 32 bits with SO/OV/CA clear (bits 25-31 are the byte count of
 *       {@code lswx}/{@code stswx}; the reserved bits keep what {@code mtxer} wrote);</li>
 *   <li>CR (PEM 2.1.3) as eight 4-bit fields {@link #CR0}..+7: each slot holds LT (8), GT (4), EQ (2),
 *       SO (1) of one field;</li>
 *   <li>{@link #FPR0}..+31: FPR0-FPR31 as IEEE double bit patterns (64 bits, PEM 2.1.2);</li>
 *   <li>{@link #FPSCR} (32 bits, PEM 2.1.4 / 3.3.6), {@link #MSR} (32 bits);</li>
 *   <li>the reservation of {@code lwarx}/{@code stwcx.}: {@link #RESERVE_VALID} (0/1) and
 *       {@link #RESERVE_ADDR} (the reserved word's effective address).</li>
 * </ul>
 *
 * <p>Why the carry, overflow and CR are split into slots: almost every arithmetic instruction writes CA,
 * the {@code o} forms write OV and SO, and every record ({@code .}) form and compare writes one whole CR
 * field. With one slot per field (and per XER bit) each of those is a single {@code setReg} of a value
 * computed from the result, with no read-modify-write of a packed register, and the optimizer's get/set
 * elimination drops a field write that a later instruction of the block overwrites (a CR0 written by a
 * record form and then by a compare). The packed forms are assembled only by {@code mfcr}, {@code mfxer},
 * {@code mtcrf} and {@code mtxer}, which are rare. One slot per CR <em>bit</em> would make the CR logical
 * instructions cheaper but every compare four writes; QEMU's TCG makes the same per-field choice.
 *
 * <h2>Supervisor level (OEA, PEM chapter 2.3 "PowerPC OEA Register Set")</h2>
 * The MSR is a slot ({@link #MSR}); the other supervisor registers (SRR0/SRR1, SPRG0-3, DAR, DSISR, SDR1,
 * the BATs, the segment registers, HID0/HID1, the decrementer) are fields, reached only through helpers
 * ({@link PpcSupervisor}), because only supervisor code touches them and rarely.
 *
 * <h2>Exceptions</h2>
 * Faults are {@link PpcFault}s thrown from the soft-MMU and helpers; {@link #deliverFault} turns them into a
 * {@link PpcException} and calls the {@link PpcExceptionHandler}. Two handlers exist: {@link
 * PpcExceptionHandler#STOP} (record and stop; the default after {@link #reset(long)}, which starts a
 * user-level program as the unit tests and the fuzzer do) and {@link PpcExceptionHandler#VECTOR} (real
 * interrupt entry at the classic vectors, {@link #enterException}; the default after {@link #resetSystem()},
 * the hard reset a board performs).
 *
 * <h2>Memory</h2>
 * Five soft-MMU indexes: {@link #MMU_IDX_REAL} (MSR[IR]/MSR[DR] = 0: effective = physical for all 32 bits),
 * data translated in supervisor/problem state, instruction fetch translated in supervisor/problem state
 * (see {@link PpcMmu}). The index a block uses is chosen from its tbFlags (PR, IR, DR), so an MSR change
 * needs no TLB flush. A data access to a physical address with nothing behind it is a machine check
 * ({@link PpcException.Kind#MACHINE_CHECK}, as a 750 reports a bus error), an instruction fetch there an ISI.
 */
public class PpcCpu extends GuestCpu {
    /** GPR0; GPRn is slot n. */
    public static final int GPR0 = 0;
    public static final int PC = 32;
    public static final int LR = 33;
    public static final int CTR = 34;
    /** XER[SO] (bit 0), XER[OV] (bit 1), XER[CA] (bit 2), each 0 or 1. */
    public static final int XER_SO = 35;
    public static final int XER_OV = 36;
    public static final int XER_CA = 37;
    /** The rest of XER (SO/OV/CA clear); the byte count of string instructions is bits 25-31 (mask 0x7f). */
    public static final int XER_REST = 38;
    /** CR field 0; field n is slot CR0 + n, 4 bits: LT 8, GT 4, EQ 2, SO 1. */
    public static final int CR0 = 39;
    /** FPR0; FPRn is slot FPR0 + n (IEEE double bit pattern). */
    public static final int FPR0 = 47;
    public static final int FPSCR = 79;
    public static final int MSR = 80;
    /** 1 while a reservation made by {@code lwarx} exists. */
    public static final int RESERVE_VALID = 81;
    /** Effective address of the reserved word. */
    public static final int RESERVE_ADDR = 82;
    public static final int NUM_REGS = 83;

    /** Soft-MMU index of real addressing (MSR[IR] = 0 for fetches, MSR[DR] = 0 for data). */
    public static final int MMU_IDX_REAL = 0;
    /** Data accesses with MSR[DR] = 1 in supervisor state (MSR[PR] = 0). */
    public static final int MMU_IDX_DATA_SUP = 1;
    /** Data accesses with MSR[DR] = 1 in problem state. */
    public static final int MMU_IDX_DATA_USER = 2;
    /** Instruction fetch with MSR[IR] = 1 in supervisor state. */
    public static final int MMU_IDX_FETCH_SUP = 3;
    /** Instruction fetch with MSR[IR] = 1 in problem state. */
    public static final int MMU_IDX_FETCH_USER = 4;
    static final int NUM_MMU_IDX = 5;

    // ---- MSR bits (PEM 2.3.1 "Machine State Register (MSR)"; 32-bit numbering, bit 0 = MSB) ----
    /** MSR[POW] (bit 13): power management enable (stored; the CPU never sleeps). */
    public static final long MSR_POW = 0x0004_0000L;
    /** MSR[ILE] (bit 15): exception little-endian mode (copied to LE on exception entry). */
    public static final long MSR_ILE = 0x0001_0000L;
    /** MSR[EE] (bit 16): external (and decrementer) interrupts enabled. */
    public static final long MSR_EE = 0x8000;
    /** MSR[PR] (bit 17): problem (user) state. */
    public static final long MSR_PR = 0x4000;
    /** MSR[FP] (bit 18): floating-point available. */
    public static final long MSR_FP = 0x2000;
    /** MSR[ME] (bit 19): machine check enable. */
    public static final long MSR_ME = 0x1000;
    /** MSR[FE0] (bit 20): floating-point exception mode 0. */
    public static final long MSR_FE0 = 0x0800;
    /** MSR[SE] (bit 21): single-step trace enable. */
    public static final long MSR_SE = 0x0400;
    /** MSR[BE] (bit 22): branch trace enable. */
    public static final long MSR_BE = 0x0200;
    /** MSR[FE1] (bit 23): floating-point exception mode 1. */
    public static final long MSR_FE1 = 0x0100;
    /** MSR[IP] (bit 25): exception prefix 0xFFF0_0000 when set, 0 when clear. */
    public static final long MSR_IP = 0x0040;
    /** MSR[IR] (bit 26): instruction address translation. */
    public static final long MSR_IR = 0x0020;
    /** MSR[DR] (bit 27): data address translation. */
    public static final long MSR_DR = 0x0010;
    /** MSR[PM] (bit 29): performance monitor marked mode (750 user's manual 2.1.5; stored only). */
    public static final long MSR_PM = 0x0004;
    /** MSR[RI] (bit 30): recoverable exception. */
    public static final long MSR_RI = 0x0002;
    /** MSR[LE] (bit 31): little-endian mode; not supported (setting it is an error). */
    public static final long MSR_LE = 0x0001;
    /** The MSR bits the 750 implements; mtmsr writes only these (the reserved bits read 0). */
    public static final long MSR_IMPLEMENTED = MSR_POW | MSR_ILE | 0xff00 | MSR_IP | MSR_IR | MSR_DR | MSR_PM
            | MSR_RI | MSR_LE;
    /**
     * The MSR bits saved to SRR1 on exception entry and restored by rfi: bits 16-23, 25-27 and 30-31 (PEM
     * 6.1 "exception processing" and rfi in chapter 8), plus PM (bit 29), which the 750 also saves.
     */
    public static final long MSR_SAVED = 0xff00 | MSR_IP | MSR_IR | MSR_DR | MSR_PM | MSR_RI | MSR_LE;

    /** Interrupt input bit: the external interrupt pin (INT), level-sensitive, set by the board. */
    public static final int INT_EXTERNAL = 1;
    /** Interrupt request bit: the decrementer passed through zero (edge; cleared when the interrupt is taken). */
    public static final int INT_DECREMENTER = 2;

    /** PVR of the PowerPC 750 v3.1, the CPU QEMU's g3beige uses by default (QEMU target/ppc cpu-models: 0x00080301). */
    public static final long PVR_750_V31 = 0x0008_0301L;

    /** tbFlags bits: MSR[FP], MSR[PR], MSR[IR], MSR[DR], MSR[SE] when the block was translated. */
    private static final long FLAG_FP = 1;
    public static final long FLAG_PR = 2;
    public static final long FLAG_IR = 4;
    public static final long FLAG_DR = 8;
    public static final long FLAG_SE = 16;
    /**
     * Set in the flags of every block of a Book E CPU ({@link PpcBookECpu}): the translator decodes with the
     * Book E table and the data/fetch soft-MMU indexes follow {@link #bookEDataMmuIdx}.
     */
    public static final long FLAG_BOOKE = 32;

    private final PpcFault fault = new PpcFault();
    /** Scratch of the FP arithmetic helpers ({@link PpcFpu#arith}, {@link PpcFpu#result}); not guest state. */
    public final PpcFpu fpu = new PpcFpu();
    PpcExceptionHandler handler = PpcExceptionHandler.STOP;
    /** The last exception the default handler recorded, or null. */
    public PpcException lastException;

    // ---- supervisor registers (PEM 2.3) ---------------------------------------------------------------
    /** SRR0, SRR1 (PEM 2.3.12 "Machine Status Save/Restore Registers"). */
    public long srr0, srr1;
    /** SPRG0-SPRG3 (PEM 2.3.10). */
    public final long[] sprg = new long[4];
    /** DAR, DSISR (PEM 2.3.8, 2.3.9). */
    public long dar, dsisr;
    /** HID0, HID1 (750 user's manual 2.1.2.x): plain storage. */
    public long hid0, hid1;
    /** PVR (read only). */
    public long pvr = PVR_750_V31;
    /** The MMU: BATs, segment registers, SDR1 and the page-table walk. */
    public final PpcMmu mmu = new PpcMmu(this);
    /** Other implementation SPRs of the 750 kept as storage (EAR, IABR, DABR, L2CR, ICTC, THRMn, MMCRn, PMCn, SIA). */
    final java.util.Map<Integer, Long> otherSprs = new java.util.HashMap<>();

    // ---- time base and decrementer ------------------------------------------------------------------------
    private VirtualClock clock;
    private long tbHz;
    private VirtualClock.Timer decTimer;
    /** TB = ticks() + tbOffset (mod 2^64). */
    long tbOffset;
    /** DEC value {@link #decAnchorValue} at tick {@link #decAnchorTicks}; it counts down one per tick. */
    long decAnchorTicks;
    long decAnchorValue;
    /** Tick at which the decrementer's bit 0 next goes 0 -> 1 (value 0 -> 0xFFFF_FFFF). */
    long decFireTick;

    /**
     * @param cpuIndex index of this vCPU in its machine
     * @param memory   the physical address space
     */
    public PpcCpu(int cpuIndex, PhysicalAddressSpace memory) {
        super(cpuIndex, NUM_REGS, NUM_MMU_IDX, memory);
    }

    /** The {@code -cpu} names {@link #create} accepts, the first of each family being its default. */
    public static final java.util.List<String> MODELS = java.util.List.of("750", "e500mc");

    /**
     * Creates the CPU model named {@code model} as QEMU's {@code -cpu} spells it: {@code "750"} (also
     * {@code "g3"}, the PowerPC 750 of {@code g3beige}) or {@code "e500mc"} ({@link PpcBookECpu}, the core of
     * {@code ppce500}). Case-insensitive.
     *
     * @throws IllegalArgumentException for another name (the message lists the supported ones)
     */
    public static PpcCpu create(String model, int cpuIndex, PhysicalAddressSpace memory) {
        return switch (model.toLowerCase(java.util.Locale.ROOT)) {
            case "750", "g3" -> new PpcCpu(cpuIndex, memory);
            case "e500mc" -> new PpcBookECpu(cpuIndex, memory);
            default -> throw new IllegalArgumentException("unknown PowerPC CPU model '" + model
                    + "' (supported: " + String.join(", ", MODELS) + ")");
        };
    }

    /** For subclasses with another MMU (Book E): {@code numMmuIdx} soft-MMU indexes. */
    protected PpcCpu(int cpuIndex, PhysicalAddressSpace memory, int numMmuIdx) {
        super(cpuIndex, NUM_REGS, numMmuIdx, memory);
    }

    /**
     * Drives the time base and decrementer from the machine's virtual clock at {@code tbHz} ticks per second
     * of guest time (PEM 2.2.1 / 2.3.14: the rate is implementation-defined; a g3beige board passes its bus
     * clock / 4). With the deterministic clock ({@code -icount shift}) a tick happens every
     * {@code 1e9 / (tbHz * 2^shift)} instructions, so runs are repeatable. Without a clock the time base
     * counts one tick per retired instruction and the decrementer interrupt is never signalled.
     */
    public void attachClock(VirtualClock clock, long tbHz) {
        if (tbHz <= 0 || tbHz > 1_000_000_000L) {
            throw new IllegalArgumentException("time base frequency must be 1 Hz .. 1 GHz, got " + tbHz);
        }
        this.clock = clock;
        this.tbHz = tbHz;
        clockAttached();
    }

    /** Creates the timers that run on the clock just attached (the classic decrementer here). */
    void clockAttached() {
        this.decTimer = clock.newTimer(this::decrementerTimer);
        rearmDecrementer();
    }

    /** The attached virtual clock, or null. */
    final VirtualClock clock() {
        return clock;
    }

    /** Guest time (ns) at which time-base tick {@code t} (of {@link #ticks()}) has been reached. */
    final long tickTimeNs(long t) {
        return ticksToNs(t);
    }

    /**
     * Resets to the user-level state a program starts from: every register 0, PC {@code pc}, MSR[PR] and
     * MSR[FP] set (problem state, floating point available), real addressing, no reservation, the CPU
     * running. The exception handler is left as it is (the default {@link PpcExceptionHandler#STOP}).
     */
    public void reset(long pc) {
        resetCommon();
        regs[PC] = pc & 0xffff_ffffL;
        regs[MSR] = MSR_PR | MSR_FP;
    }

    /**
     * The hard reset of the 750 (750 user's manual, "Settings after hard reset"; PEM 6.4.1 "System
     * Reset Exception"): MSR = IP only (exception prefix 0xFFF0_0000, translation off, supervisor), PC =
     * 0xFFF0_0100, supervisor registers 0, PVR of the 750. Installs {@link PpcExceptionHandler#VECTOR}, so
     * exceptions are taken at the vectors from now on.
     */
    public void resetSystem() {
        resetCommon();
        regs[MSR] = MSR_IP;
        regs[PC] = 0xfff0_0100L;
        handler = PpcExceptionHandler.VECTOR;
    }

    void resetCommon() {
        java.util.Arrays.fill(regs, 0);
        lastException = null;
        stopped = false;
        halted = false;
        srr0 = srr1 = dar = dsisr = hid0 = hid1 = 0;
        java.util.Arrays.fill(sprg, 0);
        otherSprs.clear();
        mmu.reset();
        interruptRequest &= INT_EXTERNAL;
        tbOffset = -ticks();
        resetTimers();
        tlbFlushAll();
    }

    /** Resets the decrementer (classic: 0xFFFF_FFFF, no exception). */
    void resetTimers() {
        writeDecrementer(0xffff_ffffL, false);
    }

    /** Installs the exception hook (null restores {@link PpcExceptionHandler#STOP}). */
    public void setExceptionHandler(PpcExceptionHandler h) {
        handler = h == null ? PpcExceptionHandler.STOP : h;
    }

    // ---- packed registers ---------------------------------------------------------------------------

    /** The 32-bit CR (PEM 2.1.3), field 0 in bits 31-28 (LSB-0 numbering). */
    public long cr() {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (regs[CR0 + i] & 0xf) << (28 - 4 * i);
        }
        return v;
    }

    /** Sets all eight CR fields from a 32-bit value. */
    public void setCr(long v) {
        for (int i = 0; i < 8; i++) {
            regs[CR0 + i] = (v >>> (28 - 4 * i)) & 0xf;
        }
    }

    /** The 32-bit XER (PEM 2.1.4): SO 0x8000_0000, OV 0x4000_0000, CA 0x2000_0000, byte count 0x7f. */
    public long xer() {
        return regs[XER_SO] << 31 | regs[XER_OV] << 30 | regs[XER_CA] << 29 | regs[XER_REST];
    }

    /** Sets XER from a 32-bit value. */
    public void setXer(long v) {
        regs[XER_SO] = (v >>> 31) & 1;
        regs[XER_OV] = (v >>> 30) & 1;
        regs[XER_CA] = (v >>> 29) & 1;
        regs[XER_REST] = v & 0x1fff_ffffL;
    }

    /**
     * Writes the MSR (mtmsr, rfi, exception entry). MSR[LE] = 1 is not supported: little-endian mode would
     * need byte-swapped memory ops in every block; jemu stops with an error instead of running wrongly. MSR[ILE]
     * (which makes the next exception enter little-endian mode) is refused with it, so the error comes at the
     * mtmsr or rfi that asks for it, before any state changes, not halfway through an exception entry.
     *
     * @throws org.jemu.translator.exec.UnsupportedGuestFeatureException if {@code v} sets LE or ILE
     */
    public void setMsr(long v) {
        v &= MSR_IMPLEMENTED;
        if ((v & (MSR_LE | MSR_ILE)) != 0) {
            throw new org.jemu.translator.exec.UnsupportedGuestFeatureException(String.format(
                    "PowerPC little-endian mode (MSR[LE] or MSR[ILE] set: MSR 0x%08x at PC 0x%08x) is not supported", v, regs[PC]));
        }
        regs[MSR] = v;
    }

    // ---- time base and decrementer (PEM 2.2.1 "Time Base", 2.3.14 "Decrementer Register") -------------------

    /** Ticks of the time-base clock since the start: from the virtual clock, else one per instruction. */
    final long ticks() {
        if (clock == null) {
            return icount + curInsn;
        }
        long ns = clock.now();
        return (ns / 1_000_000_000L) * tbHz + (ns % 1_000_000_000L) * tbHz / 1_000_000_000L;
    }

    /**
     * Guest time (ns) at which tick {@code t} has been reached (rounded up); Long.MAX_VALUE (never) when that is
     * beyond a long's range (e.g. a Book E FIT/watchdog event 2^62 ticks away at 400 MHz).
     */
    private long ticksToNs(long t) {
        long whole = t / tbHz;
        long rest = t % tbHz;
        if (whole > (Long.MAX_VALUE - 1_000_000_000L) / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        return whole * 1_000_000_000L + (rest * 1_000_000_000L + tbHz - 1) / tbHz;
    }

    /** The 64-bit time base. */
    public long timeBase() {
        return ticks() + tbOffset;
    }

    /** mtspr TBL (284) / TBU (285): writes one half of the time base (supervisor only). */
    public void writeTimeBase(boolean upper, long v32) {
        long tb = timeBase();
        tb = upper ? (tb & 0xffff_ffffL) | (v32 << 32) : (tb & 0xffff_ffff_0000_0000L) | (v32 & 0xffff_ffffL);
        tbOffset = tb - ticks();
    }

    /** The decrementer (32 bits): counts down one per time-base tick. */
    public long decrementer() {
        return (decAnchorValue - (ticks() - decAnchorTicks)) & 0xffff_ffffL;
    }

    /**
     * mtspr DEC. Writing a value whose bit 0 is 1 while the current bit 0 is 0 signals the decrementer
     * exception, as the bit went 0 -> 1 (PEM 2.3.14, "decrementer interrupt ... when the MSB changes from 0
     * to 1"; QEMU behaves the same for the 6xx/7xx).
     */
    public void writeDecrementer(long v, boolean signalOnSet) {
        long old = decrementer();
        v &= 0xffff_ffffL;
        decAnchorTicks = ticks();
        decAnchorValue = v;
        if (signalOnSet && (old & 0x8000_0000L) == 0 && (v & 0x8000_0000L) != 0) {
            setInterrupt(INT_DECREMENTER, true);
        }
        rearmDecrementer();
    }

    /** Arms the timer for the next time the decrementer passes from 0 to 0xFFFF_FFFF. */
    private void rearmDecrementer() {
        decFireTick = decAnchorTicks + decAnchorValue + 1;
        if (decTimer != null) {
            decTimer.mod(ticksToNs(decFireTick));
        }
    }

    private void decrementerTimer() {
        long now = ticks();
        if (now - decFireTick >= 0) {
            setInterrupt(INT_DECREMENTER, true);
            decFireTick += 1L << 32;
        }
        decTimer.mod(ticksToNs(decFireTick));
    }

    // ---- GuestCpu ------------------------------------------------------------------------------------

    @Override
    public int pcSlot() {
        return PC;
    }

    /** Translation flags: MSR[FP], MSR[PR], MSR[IR], MSR[DR], MSR[SE] (see the FLAG_ constants). */
    @Override
    public long tbFlags() {
        return classicFlags();
    }

    /** The flags from MSR[FP], [PR], [IR], [DR] and [SE]. */
    final long classicFlags() {
        long m = regs[MSR];
        long f = (m & MSR_FP) != 0 ? FLAG_FP : 0;
        if ((m & MSR_PR) != 0) {
            f |= FLAG_PR;
        }
        if ((m & MSR_IR) != 0) {
            f |= FLAG_IR;
        }
        if ((m & MSR_DR) != 0) {
            f |= FLAG_DR;
        }
        if ((m & MSR_SE) != 0) {
            f |= FLAG_SE;
        }
        return f;
    }

    /** True if blocks translated under {@code flags} may execute floating-point instructions. */
    public static boolean flagsFpAvailable(long flags) {
        return (flags & FLAG_FP) != 0;
    }

    /** The soft-MMU index data accesses use under {@code flags}. */
    public static int dataMmuIdx(long flags) {
        if ((flags & FLAG_BOOKE) != 0) {
            return bookEDataMmuIdx(flags);
        }
        return (flags & FLAG_DR) == 0 ? MMU_IDX_REAL : (flags & FLAG_PR) != 0 ? MMU_IDX_DATA_USER : MMU_IDX_DATA_SUP;
    }

    /**
     * Book E soft-MMU index of data accesses: 1 + MSR[PR] + 2 x MSR[DS] (1..4); instruction fetches use
     * {@link #bookEFetchMmuIdx} (5..8). Book E always translates, so there is no real-mode index.
     */
    public static int bookEDataMmuIdx(long flags) {
        return 1 + ((flags & FLAG_PR) != 0 ? 1 : 0) + ((flags & FLAG_DR) != 0 ? 2 : 0);
    }

    /** Book E soft-MMU index of instruction fetches: 5 + MSR[PR] + 2 x MSR[IS] (5..8). */
    public static int bookEFetchMmuIdx(long flags) {
        return 5 + ((flags & FLAG_PR) != 0 ? 1 : 0) + ((flags & FLAG_IR) != 0 ? 2 : 0);
    }

    /** The data soft-MMU index under the current MSR (helpers). */
    public int dataMmuIdx() {
        return dataMmuIdx(tbFlags());
    }

    @Override
    public int fetchMmuIdx(long tbFlags) {
        return (tbFlags & FLAG_IR) == 0 ? MMU_IDX_REAL
                : (tbFlags & FLAG_PR) != 0 ? MMU_IDX_FETCH_USER : MMU_IDX_FETCH_SUP;
    }

    /** Translates the block at {@code pc}; a fetch from a misaligned PC cannot happen (branches clear bits 0-1). */
    @Override
    public IrBlock translateBlock(long pc, long flags, int maxInsns) {
        return PpcTranslator.translate(this, pc, flags, maxInsns);
    }

    /** Real addressing for index 0 (all permissions), else the BATs and the page table ({@link PpcMmu}). */
    @Override
    public long translate(long vaddr, int access, int mmuIdx) {
        if (mmuIdx == MMU_IDX_REAL) {
            return (vaddr & 0xffff_f000L) | PROT_READ | PROT_WRITE | PROT_EXEC;
        }
        return mmu.translate(vaddr & 0xffff_ffffL, access, mmuIdx == MMU_IDX_DATA_USER || mmuIdx == MMU_IDX_FETCH_USER);
    }

    /**
     * The physical address of effective address {@code ea} as a debugger sees it now, without side effects
     * ({@link PpcMmu#debugTranslate}: no R/C updates, no exception): the data view (real if MSR[DR] = 0), else
     * the instruction view (real if MSR[IR] = 0), so code mapped only by an IBAT reads too.
     *
     * @return the physical address, or -1 if neither view translates {@code ea}
     */
    public long debugTranslate(long ea) {
        ea &= 0xffff_ffffL;
        boolean user = (regs[MSR] & MSR_PR) != 0;
        long pa = (regs[MSR] & MSR_DR) == 0 ? ea : mmu.debugTranslate(ea, false, user);
        if (pa == -1) {
            pa = (regs[MSR] & MSR_IR) == 0 ? ea : mmu.debugTranslate(ea, true, user);
        }
        return pa;
    }

    /** Alignment exception (PEM 6.4.6): DAR = the effective address; DSISR bit 15 (0x10000) on a store. */
    @Override
    public GuestFault alignmentFault(long vaddr, int access, int mmuIdx) {
        return fault.set(PpcException.Kind.ALIGNMENT, 0, vaddr & 0xffff_ffffL,
                access == ACCESS_WRITE ? 0x0001_0000L : 0, 0);
    }

    /** An access to unassigned physical memory: machine check for data, ISI for instruction fetches. */
    @Override
    public void unassignedAccess(long vaddr, long paddr, int access, int size) {
        super.unassignedAccess(vaddr, paddr, access, size);
        if (access == ACCESS_EXEC) {
            throw fault.set(PpcException.Kind.ISI, 0x4000_0000L, 0, 0, 0);
        }
        throw fault.set(PpcException.Kind.MACHINE_CHECK, 0, vaddr & 0xffff_ffffL,
                access == ACCESS_WRITE ? PpcException.DSISR_STORE : 0, 0);
    }

    /**
     * True if instruction fetches use effective = physical addresses now (MSR[IR] = 0), so the faulting
     * instruction word can be read back for diagnostics without a translation. Book E always translates.
     */
    boolean fetchIsPhysical() {
        return (regs[MSR] & MSR_IR) == 0;
    }

    /** Fills this CPU's preallocated fault (helpers, MMU). */
    final PpcFault raise(PpcException.Kind kind, long srr1, long dar, long dsisr, int srr0Offset) {
        return fault.set(kind, srr1, dar, dsisr, srr0Offset);
    }

    /** Builds the {@link PpcException} for {@code f} (the PC slot holds the faulting instruction) and calls the handler. */
    @Override
    public void deliverFault(GuestFault f) {
        if (!(f instanceof PpcFault pf)) {
            throw new IllegalStateException("not a PowerPC fault: " + f);
        }
        long cia = regs[PC];
        int insn = 0;
        if (pf.kind != PpcException.Kind.ISI && fetchIsPhysical()) {
            try {
                insn = (int) memory.read(cia, 4, true);
            } catch (RuntimeException e) {
                insn = 0;
            }
        }
        PpcException e = new PpcException(pf.kind, cia, (cia + pf.srr0Offset) & 0xffff_ffffL, pf.srr1, pf.dar,
                pf.dsisr, insn);
        if (GuestLog.on(GuestLog.INT)) {
            GuestLog.log("cpu" + cpuIndex + ": exception " + e);
        }
        handler.handle(this, e);
    }

    /**
     * Exception entry at the classic vectors (PEM 6.1 "Exception Classes", table 6-2 "Exceptions and
     * Conditions" for the offsets; 6.1.3 / the table "MSR Setting Due to Exception" for the MSR):
     * SRR0 = {@code e.srr0()}; SRR1 bits 1-4 and 10-15 = the exception-specific bits, bits 16-23, 25-27, 29-31
     * = the MSR; DAR/DSISR for DSI, alignment (and the data machine check); the new MSR keeps only ME and IP
     * (ME cleared by a machine check), LE = ILE; PC = the vector, at 0xFFF0_0000 + offset when MSR[IP] = 1.
     * A machine check with MSR[ME] = 0 is a checkstop: the CPU stops.
     */
    public void enterException(PpcException e) {
        long msr = regs[MSR];
        if (e.kind() == PpcException.Kind.MACHINE_CHECK && (msr & MSR_ME) == 0) {
            lastException = e;
            stopped = true;
            if (GuestLog.on(GuestLog.GUEST_ERRORS)) {
                GuestLog.log("cpu" + cpuIndex + ": checkstop (machine check with MSR[ME] = 0): " + e);
            }
            return;
        }
        switch (e.kind()) {
            case DSI, ALIGNMENT -> {
                dar = e.dar();
                dsisr = e.dsisr();
            }
            case MACHINE_CHECK -> dar = e.dar();
            default -> {
            }
        }
        srr0 = e.srr0() & 0xffff_fffcL;
        srr1 = (e.srr1() & 0x783f_0000L) | (msr & MSR_SAVED);
        long n = msr & (MSR_ME | MSR_IP);
        if (e.kind() == PpcException.Kind.MACHINE_CHECK) {
            n &= ~MSR_ME;
        }
        if ((msr & MSR_ILE) != 0) {
            n |= MSR_LE;
        }
        n |= msr & MSR_ILE;
        setMsr(n);
        regs[PC] = ((msr & MSR_IP) != 0 ? 0xfff0_0000L : 0) | e.kind().vectorOffset;
        regs[RESERVE_VALID] = 0;
    }

    /**
     * rfi (PEM chapter 8 "rfi"): MSR[16-23, 25-27, 29-31] = SRR1's, PC = SRR0[0-29] || 0b00. The reservation
     * is not cleared (the 750 keeps it).
     */
    public void returnFromInterrupt() {
        setMsr((regs[MSR] & ~MSR_SAVED) | (srr1 & MSR_SAVED));
        regs[PC] = srr0 & 0xffff_fffcL;
    }

    /**
     * Takes a pending, enabled interrupt (PEM 6.1.4 "Exception Priorities": external before decrementer).
     * Both are masked by MSR[EE]; the external input is level-sensitive (it stays requested until the board
     * lowers it), the decrementer request is cleared when taken. SRR0 = the next instruction to execute.
     */
    @Override
    public boolean checkInterrupts() {
        if (interruptRequest == 0) {
            return false;
        }
        halted = false;
        if ((regs[MSR] & MSR_EE) == 0) {
            return false;
        }
        PpcException.Kind kind;
        if ((interruptRequest & INT_EXTERNAL) != 0) {
            kind = PpcException.Kind.EXTERNAL;
        } else if ((interruptRequest & INT_DECREMENTER) != 0) {
            interruptRequest &= ~INT_DECREMENTER;
            kind = PpcException.Kind.DECREMENTER;
        } else {
            return false;
        }
        return takeInterrupt(kind);
    }

    /** Delivers asynchronous interrupt {@code kind} with SRR0 = the next instruction (the current PC); returns true. */
    final boolean takeInterrupt(PpcException.Kind kind) {
        long pc = regs[PC];
        PpcException e = new PpcException(kind, pc, pc, 0, 0, 0, 0);
        if (GuestLog.on(GuestLog.INT)) {
            GuestLog.log("cpu" + cpuIndex + ": interrupt " + e);
        }
        handler.handle(this, e);
        return true;
    }

    /** Appends GPR0-31, eight per line, to a register dump. */
    final void appendGprs(StringBuilder sb) {
        for (int i = 0; i < 32; i++) {
            sb.append(String.format("%sGPR%02d %08x", i % 8 == 0 ? "" : " ", i, regs[GPR0 + i]));
            if (i % 8 == 7) {
                sb.append('\n');
            }
        }
    }

    @Override
    public String dumpRegisters() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("NIP %08x   LR %08x CTR %08x XER %08x MSR %08x%n", regs[PC], regs[LR], regs[CTR],
                xer(), regs[MSR]));
        sb.append(String.format("SRR0 %08x SRR1 %08x DAR %08x DSISR %08x DEC %08x TB %016x%n", srr0, srr1, dar, dsisr,
                decrementer(), timeBase()));
        appendGprs(sb);
        sb.append(String.format("CR %08x FPSCR %08x RESERVE %s%n", cr(), regs[FPSCR],
                regs[RESERVE_VALID] != 0 ? String.format("%08x", regs[RESERVE_ADDR]) : "-"));
        for (int i = 0; i < 32; i++) {
            sb.append(String.format("%sFPR%02d %016x", i % 4 == 0 ? "" : " ", i, regs[FPR0 + i]));
            if (i % 4 == 3) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
