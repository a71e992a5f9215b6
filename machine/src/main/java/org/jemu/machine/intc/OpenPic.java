package org.jemu.machine.intc;

import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import java.util.function.IntSupplier;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.IrqLine;
import org.jemu.translator.memory.MmioHandler;

/**
 * The Freescale MPIC, an OpenPIC-compatible interrupt controller ("MPC8544E PowerQUICC III Integrated Processor
 * Reference Manual", chapter 10 "Programmable Interrupt Controller"; the e500mc SoCs' MPIC 4.2), as QEMU's
 * {@code hw/intc/openpic.c} models it for the models {@code OPENPIC_MODEL_FSL_MPIC_20} (MPC8544DS) and
 * {@code OPENPIC_MODEL_FSL_MPIC_42} ({@code ppce500}).
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>Registers: this object is the {@link MmioHandler} of a {@value #SIZE}-byte region (CCSR + 0x40000 on
 * the e500 boards), big-endian, 32-bit registers (a narrower read returns the addressed bytes of the register;
 * a narrower write is ignored with a guest error rather than clobbering the rest of the register: the manual
 * defines only 32-bit accesses, and a read-modify-write would acknowledge through IACK or clear an MSIR).
 * Sub-blocks: global registers 0x0000-0x10EF (BRR1 0x0, the processor registers of the current CPU at
 * 0x40-0xB0, FRR 0x1000, GCR 0x1020, VIR 0x1080, PIR 0x1090, IPI vector/priority 0x10A0-0x10D0, SPVR
 * 0x10E0), global timers 0x10F0-0x130F (TFRR, then per timer TCCR/TBCR/TVPR/TDR at a stride of 0x40), the
 * shared message signaled interrupt block 0x1600-0x17FF (MSIR0-7, MSISR 0x120, MSIIR 0x140), the summary
 * registers 0x3800-0x3FFF (read as zero), the interrupt sources 0x10000-0x11FFF (IVPR at 0x00, IDR at 0x10
 * and, on MPIC 4.2, ILR at 0x18 of each 0x20-byte source), and the per-CPU registers from 0x20000 (stride
 * 0x1000: IPIDR0-3 0x40-0x70, CTPR 0x80, WHOAMI 0x90, IACK 0xA0, EOI 0xB0). Other offsets read as zero and
 * ignore writes (guest error).</li>
 * <li>Inputs: {@link #input(int)}, source numbers 0..255 (0..11 external IRQ0-11, 16.. internal; the e500
 * board wires the UARTs to 42, the PCI INTA-D to 1-4, the GPIO block to 47); 256-259 are the IPIs, 260-263
 * the global timers, 224-231 the MSI banks.</li>
 * <li>Outputs, per CPU: {@link #OUTPUT_INT} (the CPU's external interrupt), {@link #OUTPUT_CINT} (critical),
 * {@link #OUTPUT_MCK} (machine check), {@link #OUTPUT_DEBUG}, {@link #OUTPUT_RESET} (PIR).</li>
 * </ul>
 *
 * <h2>Behaviour (as QEMU)</h2>
 * External sources 0..11 are edge- or level-sensitive per IVPR[S]; internal sources (16..255) are always
 * level-sensitive; IPIs and timers are edge-sensitive. A source is delivered when it is pending, unmasked
 * (IVPR[MSK] = 0) and has a destination in IDR; delivery to a CPU raises INT when its priority is above the CPU's
 * current task priority (CTPR) and above every interrupt the CPU is servicing. IACK returns the vector of the
 * highest-priority delivered source, moves it in service and clears an edge request; with none it returns the
 * spurious vector (SPVR). EOI ends the highest-priority interrupt in service. With critical routing (IDR CI
 * bits on MPIC 2.0, ILR = 1 on MPIC 4.2) a source drives CINT directly, ignoring priority, IACK and EOI. GCR[RST]
 * resets the controller and reads back as zero; GCR[MODE] = external proxy is reported to the board
 * ({@link #setProxyListener}). The global timers count down at {@value #TIMER_HZ} Hz of
 * virtual time (QEMU's fixed 25 MHz) and raise their source when they reach zero, then reload from TBCR and flip
 * TCCR[TOG]; TBCR[CI] inhibits counting. MSIIR writes set a bit of MSIRn and raise MSI source 224 + n; reading
 * MSIRn returns and clears it. Reset: every source masked with priority 0, IDR = CPU 0 (IPIs: none), ILR = 0
 * (int), CTPR = 15, timers inhibited, SPVR = 0xFFFF.
 */
public final class OpenPic extends Device implements MmioHandler {
    /** The QEMU models this class implements. */
    public enum Model {
        /** MPIC 2.0 (MPC8544), QEMU's OPENPIC_MODEL_FSL_MPIC_20: critical routing through the IDR CI bits. */
        FSL_MPIC_20(0x0040_0200, 80, GCR_MODE_MIXED, false),
        /** MPIC 4.2 (e500mc SoCs, QEMU's {@code ppce500}), OPENPIC_MODEL_FSL_MPIC_42: critical routing through ILR. */
        FSL_MPIC_42(0x0040_0402, 196, GCR_MODE_PROXY, true);

        final int brr1;
        final int nbIrqs;
        final int modeMask;
        final boolean ilr;

        Model(int brr1, int nbIrqs, int modeMask, boolean ilr) {
            this.brr1 = brr1;
            this.nbIrqs = nbIrqs;
            this.modeMask = modeMask;
            this.ilr = ilr;
        }
    }

    /** Size of the register region. */
    public static final int SIZE = 0x40000;
    /** Most CPUs the controller serves (QEMU's MAX_CPU). */
    public static final int MAX_CPU = 32;
    /** Ordinary interrupt sources (external, internal, MSI). */
    public static final int MAX_SRC = 256;
    public static final int MAX_IPI = 4;
    public static final int MAX_TMR = 4;
    /** All source numbers: the ordinary ones, then the IPIs, then the timers. */
    public static final int MAX_IRQ = MAX_SRC + MAX_IPI + MAX_TMR;
    /** First IPI source number. */
    public static final int IRQ_IPI0 = MAX_SRC;
    /** First global timer source number. */
    public static final int IRQ_TIM0 = MAX_SRC + MAX_IPI;
    /** First MSI source number (MSIR0's). */
    public static final int IRQ_MSI = 224;
    public static final int MAX_MSI = 8;
    /** External interrupt inputs (IRQ0..IRQ11); the rest up to 15 are unused, 16.. are internal. */
    public static final int MAX_EXT = 12;

    /** Per-CPU outputs. */
    public static final int OUTPUT_INT = 0, OUTPUT_CINT = 1, OUTPUT_MCK = 2, OUTPUT_DEBUG = 3, OUTPUT_RESET = 4;
    public static final int OUTPUT_NB = 5;

    /** Global timer clock (QEMU's OPENPIC_TIMER_FREQ_MHZ), Hz. */
    public static final long TIMER_HZ = 25_000_000L;
    private static final long TIMER_NS_PER_TICK = 1_000_000_000L / TIMER_HZ;

    // Register block bases.
    public static final int GLB_START = 0x0, GLB_SIZE = 0x10F0;
    public static final int TMR_START = 0x10F0, TMR_SIZE = 0x220;
    public static final int MSI_START = 0x1600, MSI_SIZE = 0x200;
    public static final int SUMMARY_START = 0x3800, SUMMARY_SIZE = 0x800;
    public static final int SRC_START = 0x10000, SRC_SIZE = MAX_SRC * 0x20;
    public static final int CPU_START = 0x20000, CPU_SIZE = 0x100 + (MAX_CPU - 1) * 0x1000;

    // Global registers.
    public static final int BRR1 = 0x00;
    public static final int FRR = 0x1000;
    public static final int GCR = 0x1020;
    public static final int VIR = 0x1080;
    public static final int PIR = 0x1090;
    public static final int IPI_IVPR0 = 0x10A0;
    public static final int SPVE = 0x10E0;
    // Per-CPU registers (offsets within a CPU's page, also 0x40..0xB0 of the global block).
    public static final int IPIDR0 = 0x40;
    public static final int CTPR = 0x80;
    public static final int WHOAMI = 0x90;
    public static final int IACK = 0xA0;
    public static final int EOI = 0xB0;
    // Source registers (offsets within a source's 0x20 bytes).
    public static final int SRC_IVPR = 0x00, SRC_IDR = 0x10, SRC_ILR = 0x18;
    // MSI registers (offsets within the MSI block).
    public static final int MSISR = 0x120, MSIIR = 0x140;

    public static final int GCR_RESET = 0x8000_0000;
    public static final int GCR_MODE_MIXED = 0x2000_0000;
    public static final int GCR_MODE_PROXY = 0x6000_0000;
    public static final int TBCR_CI = 0x8000_0000;
    public static final int TCCR_TOG = 0x8000_0000;
    public static final int IVPR_MASK = 0x8000_0000;
    public static final int IVPR_ACTIVITY = 0x4000_0000;
    public static final int IVPR_MODE = 0x2000_0000;
    public static final int IVPR_POLARITY = 0x0080_0000;
    public static final int IVPR_SENSE = 0x0040_0000;
    public static final int IVPR_PRIORITY_MASK = 0x000F_0000;
    private static final int IDR_EP = 0x8000_0000;
    private static final int IDR_CI0_SHIFT = 30;
    private static final int VECTOR_MASK = 0xFFFF;
    private static final int VID_REVISION_1_2 = 2;
    private static final int ILR_INTTGT_INT = 0, ILR_INTTGT_CINT = 1, ILR_INTTGT_MCP = 2;

    private static final int TYPE_NORMAL = 0, TYPE_FSLINT = 1, TYPE_FSLSPECIAL = 2;
    private static final int QUEUE_WORDS = (MAX_IRQ + 63) / 64;

    private final Model model;
    private final int nbCpus;
    private final IrqLine[][] outputs;
    private final IntSupplier currentCpu;
    private java.util.function.Consumer<Boolean> proxyListener = on -> { };
    private final VirtualClock clock;
    private final VmState vmState;

    // Global state.
    private int gcr;
    private int frr;
    private int pir;
    private int spve;
    private int tfrr;

    // Sources.
    private final int[] ivpr = new int[MAX_IRQ];
    private final int[] idr = new int[MAX_IRQ];
    private final int[] destmask = new int[MAX_IRQ];
    private final int[] lastCpu = new int[MAX_IRQ];
    private final int[] output = new int[MAX_IRQ];
    private final boolean[] pending = new boolean[MAX_IRQ];
    private final boolean[] level = new boolean[MAX_IRQ];
    private final boolean[] nomask = new boolean[MAX_IRQ];
    private final int[] type = new int[MAX_IRQ];

    // Destinations: per CPU, a bitmap of raised and of in-service sources, and the CTPR.
    private final int[] ctpr;
    private final long[] raised;
    private final long[] servicing;
    private final int[] outputsActive;

    // Global timers.
    private final int[] tccr = new int[MAX_TMR];
    private final int[] tbcr = new int[MAX_TMR];
    private final boolean[] timerActive = new boolean[MAX_TMR];
    private final long[] timerOrigin = new long[MAX_TMR];
    private final VirtualClock.Timer[] timers = new VirtualClock.Timer[MAX_TMR];

    // MSI banks.
    private final int[] msir = new int[MAX_MSI];

    /**
     * @param name       instance name
     * @param model      MPIC version
     * @param nbCpus     CPUs served (1..{@value #MAX_CPU})
     * @param outputs    per CPU, its {@value #OUTPUT_NB} output lines (INT, CINT, MCK, DEBUG, RESET); null
     *                   entries are unconnected
     * @param currentCpu index of the CPU making the access, for the per-CPU registers in the global block
     * @param clock      the machine's virtual clock (global timers)
     * @throws IllegalArgumentException for a CPU count out of range or an outputs array of the wrong shape
     */
    public OpenPic(String name, Model model, int nbCpus, IrqLine[][] outputs, IntSupplier currentCpu,
            VirtualClock clock) {
        super(name);
        if (nbCpus < 1 || nbCpus > MAX_CPU) {
            throw new IllegalArgumentException("OpenPIC: nb_cpus must be 1.." + MAX_CPU);
        }
        if (outputs.length != nbCpus) {
            throw new IllegalArgumentException("OpenPIC: one output array per CPU needed");
        }
        this.model = model;
        this.nbCpus = nbCpus;
        this.outputs = new IrqLine[nbCpus][OUTPUT_NB];
        for (int c = 0; c < nbCpus; c++) {
            for (int o = 0; o < OUTPUT_NB; o++) {
                IrqLine l = outputs[c] != null && o < outputs[c].length ? outputs[c][o] : null;
                this.outputs[c][o] = l == null ? IrqLine.NONE : l;
            }
        }
        this.currentCpu = currentCpu;
        this.clock = clock;
        this.ctpr = new int[nbCpus];
        this.raised = new long[nbCpus * QUEUE_WORDS];
        this.servicing = new long[nbCpus * QUEUE_WORDS];
        this.outputsActive = new int[nbCpus * OUTPUT_NB];
        // fsl_common_init: source types and their fixed sensitivity.
        for (int i = 0; i < MAX_IRQ; i++) {
            if (i < 16) {
                type[i] = TYPE_NORMAL;
            } else if (i < MAX_SRC) {
                type[i] = TYPE_FSLINT;
                level[i] = true;
            } else {
                type[i] = TYPE_FSLSPECIAL;
                level[i] = false;
            }
        }
        for (int t = 0; t < MAX_TMR; t++) {
            final int idx = t;
            timers[t] = clock.newTimer(() -> timerExpired(idx));
        }
        // Version 2 adds each source's output (MPIC 4.2: its ILR), which the IDR does not imply.
        this.vmState = VmState.builder("openpic", 2, 1, MethodHandles.lookup(), this)
                .u32("gcr").u32("pir").u32("spve").u32("tfrr")
                .ints("ivpr").ints("idr").ints("destmask").ints("lastCpu")
                .ints("ctpr").longs("raised").longs("servicing").ints("outputsActive")
                .ints("tccr").ints("tbcr").ints("msir")
                .bytes("pendingBits", this::pendingBytes, this::setPendingBytes, MAX_IRQ)
                .bytes("timerState", this::timerBytes, this::setTimerBytes, MAX_TMR * 9)
                .since(2).ints("output")
                .preLoad(() -> java.util.Arrays.fill(output, OUTPUT_INT)) // a version 1 stream: ILR as at reset
                .postLoad(v -> postLoad())
                .build();
        reset();
    }

    @Override
    public ByteOrder order() {
        return ByteOrder.BIG_ENDIAN;
    }

    /**
     * Told, on every GCR write without RST, whether GCR[MODE] now selects external proxy mode (QEMU's
     * {@code ppce500_set_mpic_proxy}): the board then has the CPUs acknowledge interrupts themselves, reading
     * IACK into EPR as they take the external input interrupt. A GCR reset leaves the setting alone, as QEMU.
     */
    public void setProxyListener(java.util.function.Consumer<Boolean> l) {
        proxyListener = l == null ? on -> { } : l;
    }

    /** The input line of source {@code n} (0..{@value #MAX_SRC} - 1; IPIs and timers are internal). */
    public IrqLine input(int n) {
        if (n < 0 || n >= MAX_SRC) {
            throw new IllegalArgumentException("OpenPIC input " + n + " out of range");
        }
        return lvl -> setIrq(n, lvl);
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    // ---- reset -------------------------------------------------------------------------------------------

    @Override
    public void reset() {
        gcr = GCR_RESET;
        frr = ((model.nbIrqs - 1) << 16) | ((nbCpus - 1) << 8) | VID_REVISION_1_2;
        pir = 0;
        spve = VECTOR_MASK;
        tfrr = 0;
        for (int i = 0; i < MAX_IRQ; i++) {
            ivpr[i] = IVPR_MASK;
            switch (type[i]) {
                case TYPE_NORMAL -> level[i] = false;
                case TYPE_FSLINT -> ivpr[i] |= IVPR_POLARITY;
                default -> { }
            }
            pending[i] = false;
            lastCpu[i] = 0;
            output[i] = OUTPUT_INT; // MPIC 4.2: ILR resets to 0 (INTTGT = int); MPIC 2.0: writeIdr sets it
            // Freescale: IPIs start with no destination.
            writeIdr(i, i >= IRQ_IPI0 && i < IRQ_TIM0 ? 0 : 1);
        }
        for (int c = 0; c < nbCpus; c++) {
            ctpr[c] = 15;
        }
        java.util.Arrays.fill(raised, 0);
        java.util.Arrays.fill(servicing, 0);
        for (int t = 0; t < MAX_TMR; t++) {
            tccr[t] = 0;
            tbcr[t] = TBCR_CI;
            timers[t].cancel();
            timerActive[t] = false;
        }
        java.util.Arrays.fill(msir, 0);
        gcr = 0;
    }

    private void postLoad() {
        for (int c = 0; c < nbCpus; c++) {
            if (ctpr[c] < 0 || ctpr[c] > 15) {
                throw new IllegalArgumentException("CTPR " + ctpr[c] + " out of range");
            }
        }
        for (int i = 0; i < MAX_IRQ; i++) {
            if (lastCpu[i] < 0 || lastCpu[i] >= nbCpus) {
                throw new IllegalArgumentException("source " + i + ": last CPU " + lastCpu[i] + " out of range");
            }
            if (output[i] != OUTPUT_INT && output[i] != OUTPUT_CINT && output[i] != OUTPUT_MCK) {
                throw new IllegalArgumentException("source " + i + ": output " + output[i] + " out of range");
            }
            int saved = destmask[i];
            writeIdr(i, idr[i]);
            if (i >= IRQ_IPI0 && i < IRQ_TIM0) {
                destmask[i] = saved; // IPI destinations are kept in destmask
            }
            int v = ivpr[i];
            writeIvprBits(i, v);
            ivpr[i] = (ivpr[i] & ~IVPR_ACTIVITY) | (v & IVPR_ACTIVITY);
        }
    }

    private byte[] pendingBytes() {
        byte[] b = new byte[MAX_IRQ];
        for (int i = 0; i < MAX_IRQ; i++) {
            b[i] = (byte) (pending[i] ? 1 : 0);
        }
        return b;
    }

    private void setPendingBytes(byte[] b) {
        if (b.length != MAX_IRQ) {
            throw new IllegalArgumentException("pending bitmap of " + b.length + " entries");
        }
        for (int i = 0; i < MAX_IRQ; i++) {
            pending[i] = b[i] != 0;
        }
    }

    private byte[] timerBytes() {
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(MAX_TMR * 9);
        for (int t = 0; t < MAX_TMR; t++) {
            bb.put((byte) (timerActive[t] ? 1 : 0));
            bb.putLong(timerActive[t] ? timerOrigin[t] : 0);
        }
        return bb.array();
    }

    private void setTimerBytes(byte[] b) {
        if (b.length != MAX_TMR * 9) {
            throw new IllegalArgumentException("timer state of " + b.length + " bytes");
        }
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b);
        for (int t = 0; t < MAX_TMR; t++) {
            timerActive[t] = bb.get() != 0;
            long origin = bb.getLong();
            if (timerActive[t]) {
                timerOrigin[t] = origin;
                timers[t].mod(origin + ticksToNs(tccr[t] & ~TCCR_TOG));
            } else {
                timers[t].cancel();
            }
        }
    }

    // ---- queues ------------------------------------------------------------------------------------------

    private static boolean testBit(long[] q, int base, int n) {
        return (q[base + (n >> 6)] & (1L << n)) != 0;
    }

    private static void setBit(long[] q, int base, int n, boolean on) {
        if (on) {
            q[base + (n >> 6)] |= 1L << n;
        } else {
            q[base + (n >> 6)] &= ~(1L << n);
        }
    }

    private static int priority(int ivprValue) {
        return (ivprValue >>> 16) & 0xF;
    }

    /** The highest-priority source in queue {@code q} of CPU {@code cpu} (lowest number on ties), or -1. */
    private int queueNext(long[] q, int cpu) {
        int base = cpu * QUEUE_WORDS;
        int next = -1;
        int prio = -1;
        for (int w = 0; w < QUEUE_WORDS; w++) {
            long bits = q[base + w];
            while (bits != 0) {
                int n = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (n >= MAX_IRQ) {
                    break;
                }
                int p = priority(ivpr[n]);
                if (p > prio) {
                    next = n;
                    prio = p;
                }
            }
        }
        return next;
    }

    /** The priority of {@link #queueNext}'s answer, or -1 for an empty queue. */
    private int queuePriority(long[] q, int cpu) {
        int n = queueNext(q, cpu);
        return n < 0 ? -1 : priority(ivpr[n]);
    }

    /** The priority the CPU is servicing at, -1 when idle (QEMU's IRQ_check result for an empty queue). */
    private int servicingPriority(int cpu) {
        return queuePriority(servicing, cpu);
    }

    private int raisedPriority(int cpu) {
        return queuePriority(raised, cpu);
    }

    // ---- delivery ----------------------------------------------------------------------------------------

    private void localPipe(int cpu, int n, boolean active, boolean wasActive) {
        if (output[n] != OUTPUT_INT) {
            int k = cpu * OUTPUT_NB + output[n];
            if (active) {
                if (!wasActive && outputsActive[k]++ == 0) {
                    outputs[cpu][output[n]].set(true);
                }
            } else if (wasActive && --outputsActive[k] == 0) {
                outputs[cpu][output[n]].set(false);
            }
            return;
        }
        int prio = priority(ivpr[n]);
        setBit(raised, cpu * QUEUE_WORDS, n, active);
        if (active && prio <= ctpr[cpu]) {
            active = false;
        }
        if (active) {
            int s = queueNext(servicing, cpu);
            if (!(s >= 0 && prio <= priority(ivpr[s]))) {
                outputs[cpu][OUTPUT_INT].set(true);
            }
        } else {
            int rp = queuePriority(raised, cpu);
            if (rp > ctpr[cpu] && rp > servicingPriority(cpu)) {
                // the line stays asserted for another source
            } else {
                outputs[cpu][OUTPUT_INT].set(false);
            }
        }
    }

    private void updateIrq(int n) {
        boolean active = pending[n];
        if ((ivpr[n] & IVPR_MASK) != 0 && !nomask[n]) {
            active = false;
        }
        boolean wasActive = (ivpr[n] & IVPR_ACTIVITY) != 0;
        if (!active && !wasActive) {
            return;
        }
        if (active) {
            ivpr[n] |= IVPR_ACTIVITY;
        } else {
            ivpr[n] &= ~IVPR_ACTIVITY;
        }
        if (destmask[n] == 0) {
            return;
        }
        if (destmask[n] == (1 << lastCpu[n])) {
            localPipe(lastCpu[n], n, active, wasActive);
        } else if ((ivpr[n] & IVPR_MODE) == 0) {
            for (int i = 0; i < nbCpus; i++) {
                if ((destmask[n] & (1 << i)) != 0) {
                    localPipe(i, n, active, wasActive);
                }
            }
        } else {
            for (int i = lastCpu[n] + 1; i != lastCpu[n]; i++) {
                if (i == nbCpus) {
                    i = 0;
                    if (i == lastCpu[n]) {
                        break;
                    }
                }
                if ((destmask[n] & (1 << i)) != 0) {
                    localPipe(i, n, active, wasActive);
                    lastCpu[n] = i;
                    break;
                }
            }
        }
    }

    private void setIrq(int n, boolean lvl) {
        if (level[n]) {
            pending[n] = lvl;
            updateIrq(n);
        } else {
            if (lvl) {
                pending[n] = true;
                updateIrq(n);
            }
            if (output[n] != OUTPUT_INT) {
                pending[n] = false;
                updateIrq(n);
            }
        }
    }

    // ---- source registers --------------------------------------------------------------------------------

    private int readIlr(int n) {
        if (!model.ilr) {
            return 0xFFFF_FFFF;
        }
        return switch (output[n]) {
            case OUTPUT_CINT -> ILR_INTTGT_CINT;
            case OUTPUT_MCK -> ILR_INTTGT_MCP;
            default -> ILR_INTTGT_INT;
        };
    }

    private void writeIdr(int n, int val) {
        int normalMask = (int) ((1L << nbCpus) - 1);
        int mask = normalMask;
        int critMask = 0;
        boolean critFlag = !model.ilr; // OPENPIC_FLAG_IDR_CRIT is MPIC 2.0's
        if (critFlag) {
            critMask = normalMask << (31 - nbCpus);
            mask |= critMask | IDR_EP;
        }
        idr[n] = val & mask;
        if (critFlag) {
            if ((idr[n] & critMask) != 0) {
                output[n] = OUTPUT_CINT;
                nomask[n] = true;
                destmask[n] = 0;
                for (int i = 0; i < nbCpus; i++) {
                    if ((idr[n] & (1 << (IDR_CI0_SHIFT - i))) != 0) {
                        destmask[n] |= 1 << i;
                    }
                }
            } else {
                output[n] = OUTPUT_INT;
                nomask[n] = false;
                destmask[n] = idr[n] & normalMask;
            }
        } else {
            destmask[n] = idr[n];
        }
    }

    private void writeIlr(int n, int val) {
        if (!model.ilr) {
            return;
        }
        output[n] = switch (val & 0xFF) {
            case ILR_INTTGT_INT -> OUTPUT_INT;
            case ILR_INTTGT_CINT -> OUTPUT_CINT;
            case ILR_INTTGT_MCP -> OUTPUT_MCK;
            default -> {
                guestError("unsupported ILR interrupt target %d (source %d)", val & 0xFF, n);
                yield OUTPUT_INT;
            }
        };
    }

    /** Stores IVPR bits and applies the source type's fixed sense/polarity, without delivery. */
    private void writeIvprBits(int n, int val) {
        int mask = IVPR_MASK | IVPR_PRIORITY_MASK | IVPR_SENSE | IVPR_POLARITY | VECTOR_MASK;
        ivpr[n] = (ivpr[n] & IVPR_ACTIVITY) | (val & mask);
        switch (type[n]) {
            case TYPE_NORMAL -> level[n] = (ivpr[n] & IVPR_SENSE) != 0;
            case TYPE_FSLINT -> ivpr[n] &= ~IVPR_SENSE;
            default -> ivpr[n] &= ~(IVPR_POLARITY | IVPR_SENSE);
        }
    }

    private void writeIvpr(int n, int val) {
        writeIvprBits(n, val);
        updateIrq(n);
    }

    // ---- timers ------------------------------------------------------------------------------------------

    private static long ticksToNs(long ticks) {
        return ticks * TIMER_NS_PER_TICK;
    }

    private void setTimer(int t, int val, boolean enabled) {
        long ns = ticksToNs(val & ~TCCR_TOG & 0xFFFF_FFFFL);
        if (ns == 0 || !enabled) {
            timerActive[t] = false;
            tccr[t] &= TCCR_TOG;
            timers[t].cancel();
        } else {
            timerActive[t] = true;
            long now = clock.now();
            timerOrigin[t] = now;
            timers[t].mod(now + ns);
        }
    }

    private int readTimer(int t) {
        if (!timerActive[t]) {
            return tccr[t];
        }
        long used = clock.now() - timerOrigin[t];
        int usedTicks = (int) (used / TIMER_NS_PER_TICK);
        int count = (tccr[t] & ~TCCR_TOG) - usedTicks;
        return (tccr[t] & TCCR_TOG) | (count & ~TCCR_TOG);
    }

    private void timerExpired(int t) {
        int val = tbcr[t] & ~TBCR_CI;
        int tog = (tccr[t] & TCCR_TOG) ^ TCCR_TOG;
        tccr[t] = val | tog;
        setTimer(t, val, true);
        int n = IRQ_TIM0 + t;
        destmask[n] = idr[n];
        setIrq(n, true);
        setIrq(n, false);
    }

    // ---- CPU registers -----------------------------------------------------------------------------------

    private int iack(int cpu) {
        outputs[cpu][OUTPUT_INT].set(false);
        int irq = queueNext(raised, cpu);
        if (irq == -1) {
            return spve;
        }
        int ret;
        if ((ivpr[irq] & IVPR_ACTIVITY) == 0 || priority(ivpr[irq]) <= ctpr[cpu]) {
            guestError("IACK: bad raised IRQ %d ctpr %d ivpr 0x%08x", irq, ctpr[cpu], ivpr[irq]);
            updateIrq(irq);
            ret = spve;
        } else {
            setBit(servicing, cpu * QUEUE_WORDS, irq, true);
            ret = ivpr[irq] & VECTOR_MASK;
        }
        if (!level[irq]) {
            ivpr[irq] &= ~IVPR_ACTIVITY;
            pending[irq] = false;
            setBit(raised, cpu * QUEUE_WORDS, irq, false);
        }
        if ((irq >= IRQ_IPI0 && irq < IRQ_IPI0 + MAX_IPI) || (irq >= IRQ_TIM0 && irq < IRQ_TIM0 + MAX_TMR)) {
            destmask[irq] &= ~(1 << cpu);
            if (destmask[irq] != 0 && !level[irq]) {
                setIrq(irq, true);
                setIrq(irq, false);
                ivpr[irq] |= IVPR_ACTIVITY;
            }
        }
        return ret;
    }

    private int cpuRead(int addr, int cpu) {
        if (cpu < 0 || cpu >= nbCpus || (addr & 0xF) != 0) {
            return 0xFFFF_FFFF;
        }
        return switch (addr & 0xFF0) {
            case CTPR -> ctpr[cpu];
            case WHOAMI -> cpu;
            case IACK -> iack(cpu);
            case EOI -> 0;
            default -> 0xFFFF_FFFF;
        };
    }

    private void cpuWrite(int addr, int val, int cpu) {
        if (cpu < 0 || cpu >= nbCpus || (addr & 0xF) != 0) {
            return;
        }
        switch (addr & 0xFF0) {
            case 0x40, 0x50, 0x60, 0x70 -> {
                int n = IRQ_IPI0 + ((addr & 0xFF0) - IPIDR0 >> 4);
                destmask[n] |= val;
                setIrq(n, true);
                setIrq(n, false);
            }
            case CTPR -> {
                ctpr[cpu] = val & 0xF;
                int rp = raisedPriority(cpu);
                if (rp <= ctpr[cpu]) {
                    outputs[cpu][OUTPUT_INT].set(false);
                } else if (rp > servicingPriority(cpu)) {
                    outputs[cpu][OUTPUT_INT].set(true);
                }
            }
            case EOI -> {
                int s = queueNext(servicing, cpu);
                if (s < 0) {
                    break;
                }
                setBit(servicing, cpu * QUEUE_WORDS, s, false);
                s = queueNext(servicing, cpu);
                int n = queueNext(raised, cpu);
                if (n != -1 && (s == -1 || priority(ivpr[n]) > servicingPriority(cpu))) {
                    outputs[cpu][OUTPUT_INT].set(true);
                }
            }
            default -> { } // WHOAMI, IACK: read-only
        }
    }

    // ---- MMIO --------------------------------------------------------------------------------------------

    @Override
    public long read(long offset, int size) {
        int v = readRegister((int) offset & ~3);
        if (size == 8) {
            return ((long) v << 32) | (readRegister((int) offset + 4) & 0xFFFF_FFFFL);
        }
        if (size == 4) {
            return v & 0xFFFF_FFFFL;
        }
        int shift = (4 - size - ((int) offset & 3)) * 8;
        return (v >>> Math.max(0, shift)) & ((1L << (size * 8)) - 1);
    }

    @Override
    public void write(long offset, int size, long value) {
        if (size == 8) {
            writeRegister((int) offset, (int) (value >>> 32));
            writeRegister((int) offset + 4, (int) value);
            return;
        }
        if (size != 4 || (offset & 3) != 0) {
            guestError("%d-byte write at 0x%x ignored: registers are 32 bits wide", size, offset);
            return;
        }
        writeRegister((int) offset, (int) value);
    }

    /** Reads the 32-bit register at byte offset {@code addr} of the region. */
    public int readRegister(int addr) {
        if (addr >= GLB_START && addr < GLB_START + GLB_SIZE) {
            return globalRead(addr);
        } else if (addr >= TMR_START && addr < TMR_START + TMR_SIZE) {
            return timerRead(addr - TMR_START);
        } else if (addr >= MSI_START && addr < MSI_START + MSI_SIZE) {
            return msiRead(addr - MSI_START);
        } else if (addr >= SUMMARY_START && addr < SUMMARY_START + SUMMARY_SIZE) {
            return 0;
        } else if (addr >= SRC_START && addr < SRC_START + SRC_SIZE) {
            return sourceRead(addr - SRC_START);
        } else if (addr >= CPU_START && addr < CPU_START + CPU_SIZE) {
            int a = addr - CPU_START;
            return cpuRead(a & 0xFFF, (a & 0x1F000) >> 12);
        }
        guestError("read of unassigned offset 0x%x", addr);
        return 0;
    }

    /** Writes the 32-bit register at byte offset {@code addr} of the region. */
    public void writeRegister(int addr, int val) {
        if (addr >= GLB_START && addr < GLB_START + GLB_SIZE) {
            globalWrite(addr, val);
        } else if (addr >= TMR_START && addr < TMR_START + TMR_SIZE) {
            timerWrite(addr - TMR_START, val);
        } else if (addr >= MSI_START && addr < MSI_START + MSI_SIZE) {
            msiWrite(addr - MSI_START, val);
        } else if (addr >= SUMMARY_START && addr < SUMMARY_START + SUMMARY_SIZE) {
            unimplemented("write of summary register 0x%x", addr);
        } else if (addr >= SRC_START && addr < SRC_START + SRC_SIZE) {
            sourceWrite(addr - SRC_START, val);
        } else if (addr >= CPU_START && addr < CPU_START + CPU_SIZE) {
            int a = addr - CPU_START;
            cpuWrite(a & 0xFFF, val, (a & 0x1F000) >> 12);
        } else {
            guestError("write of unassigned offset 0x%x", addr);
        }
    }

    private int globalRead(int addr) {
        if ((addr & 0xF) != 0) {
            return 0xFFFF_FFFF;
        }
        return switch (addr) {
            case FRR -> frr;
            case GCR -> gcr;
            case VIR -> 0; // VIR_GENERIC
            case PIR -> 0;
            case BRR1 -> model.brr1;
            case 0x40, 0x50, 0x60, 0x70, 0x80, 0x90, 0xA0, 0xB0 -> cpuRead(addr, currentCpu.getAsInt());
            case 0x10A0, 0x10B0, 0x10C0, 0x10D0 -> ivpr[IRQ_IPI0 + ((addr - IPI_IVPR0) >> 4)];
            case SPVE -> spve;
            default -> 0xFFFF_FFFF;
        };
    }

    private void globalWrite(int addr, int val) {
        if ((addr & 0xF) != 0) {
            return;
        }
        switch (addr) {
            case 0x40, 0x50, 0x60, 0x70, 0x80, 0x90, 0xA0, 0xB0 -> cpuWrite(addr, val, currentCpu.getAsInt());
            case GCR -> {
                if ((val & GCR_RESET) != 0) {
                    reset();
                    return;
                }
                gcr = (gcr & ~model.modeMask) | (val & model.modeMask);
                proxyListener.accept((val & model.modeMask) == GCR_MODE_PROXY);
            }
            case PIR -> {
                for (int c = 0; c < nbCpus; c++) {
                    boolean now = (val & (1 << c)) != 0;
                    boolean before = (pir & (1 << c)) != 0;
                    if (now != before) {
                        outputs[c][OUTPUT_RESET].set(now);
                    }
                }
                pir = val;
            }
            case 0x10A0, 0x10B0, 0x10C0, 0x10D0 -> writeIvpr(IRQ_IPI0 + ((addr - IPI_IVPR0) >> 4), val);
            case SPVE -> spve = val & VECTOR_MASK;
            default -> { } // BRR1, FRR, VIR: read-only
        }
    }

    private int timerRead(int addr) {
        if ((addr & 0xF) != 0) {
            return 0xFFFF_FFFF;
        }
        if (addr == 0) {
            return tfrr;
        }
        addr -= 0x10;
        int t = (addr >> 6) & 3;
        return switch (addr & 0x30) {
            case 0x00 -> readTimer(t);
            case 0x10 -> tbcr[t];
            case 0x20 -> ivpr[IRQ_TIM0 + t];
            default -> idr[IRQ_TIM0 + t];
        };
    }

    private void timerWrite(int addr, int val) {
        if ((addr & 0xF) != 0) {
            return;
        }
        if (addr == 0) {
            tfrr = val;
            return;
        }
        addr -= 0x10;
        int t = (addr >> 6) & 3;
        switch (addr & 0x30) {
            case 0x00 -> { } // TCCR is read-only
            case 0x10 -> {
                if ((tbcr[t] & TBCR_CI) != (val & TBCR_CI)) {
                    if ((val & TBCR_CI) == 0) {
                        tccr[t] = val & ~TCCR_TOG;
                    }
                    setTimer(t, val & ~TBCR_CI, (val & TBCR_CI) == 0);
                }
                tbcr[t] = val;
            }
            case 0x20 -> writeIvpr(IRQ_TIM0 + t, val);
            default -> writeIdr(IRQ_TIM0 + t, val);
        }
    }

    private int sourceRead(int addr) {
        int n = addr >> 5;
        return switch (addr & 0x1F) {
            case SRC_IVPR -> ivpr[n];
            case SRC_IDR -> idr[n];
            case SRC_ILR -> readIlr(n);
            default -> 0xFFFF_FFFF;
        };
    }

    private void sourceWrite(int addr, int val) {
        int n = addr >> 5;
        switch (addr & 0x1F) {
            case SRC_IVPR -> writeIvpr(n, val);
            case SRC_IDR -> writeIdr(n, val);
            case SRC_ILR -> writeIlr(n, val);
            default -> guestError("write of reserved source register offset 0x%x", addr + SRC_START);
        }
    }

    private int msiRead(int addr) {
        if ((addr & 0xF) != 0) {
            return 0xFFFF_FFFF;
        }
        if (addr <= 0x70) {
            int srs = addr >> 4;
            int r = msir[srs];
            msir[srs] = 0;
            setIrq(IRQ_MSI + srs, false);
            return r;
        }
        if (addr == MSISR) {
            int r = 0;
            for (int i = 0; i < MAX_MSI; i++) {
                r |= (msir[i] != 0 ? 1 : 0) << i;
            }
            return r;
        }
        return 0;
    }

    private void msiWrite(int addr, int val) {
        if (addr != MSIIR) {
            return; // the other MSI registers are read-only
        }
        int srs = val >>> 29;
        int ibs = (val >>> 24) & 0x1F;
        msir[srs] |= 1 << ibs;
        setIrq(IRQ_MSI + srs, true);
    }

    // ---- for tests and the monitor ------------------------------------------------------------------------

    /** The model this controller implements. */
    public Model model() {
        return model;
    }
}
