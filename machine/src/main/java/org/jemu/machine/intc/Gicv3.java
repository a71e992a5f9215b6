package org.jemu.machine.intc;

import java.lang.invoke.MethodHandles;
import java.util.Arrays;
import org.jemu.machine.device.RegisterAccess;
import org.jemu.machine.device.VmState;
import org.jemu.translator.memory.MmioHandler;

/**
 * ARM Generic Interrupt Controller, architecture version 3 (Arm IHI 0069, "GIC architecture specification,
 * GICv3 and GICv4"), in the configuration {@code qemu-system-aarch64 -M virt,gic-version=3} gives QEMU's
 * {@code hw/intc/arm_gicv3*.c} under TCG: a single Security state (GICD_CTLR.DS = 1, RAO/WI), affinity
 * routing always on (GICD_CTLR.ARE = 1, RAO/WI), 5 bits of priority and preemption in the CPU interface
 * (Cortex-A57's), no LPIs and no ITS.
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>MMIO: {@link #distributor()} serves the Distributor (GICD_*, IHI0069 12.9; 64 KiB at 0x0800_0000 on
 * virt) and {@link #redistributors()} the Redistributors (GICR_*, 12.10/12.11): per CPU two 64 KiB frames,
 * RD_base (control, GICR_TYPER, GICR_WAKER, IDs) and SGI_base (SGI/PPI enable, pending, active, priority,
 * configuration), CPU {@code n}'s pair at {@code n * 0x20000} (virt: from 0x080A_0000). Little-endian; the
 * priority registers take byte and word accesses (halfwords are RAZ/WI), GICD_IROUTER<n> 64-bit (or two
 * 32-bit halves), the rest 32-bit.</li>
 * <li>System registers: the CPU interface (ICC_*_EL1, 12.2) is reached through
 * {@link Gicv3CpuInterface}, installed on each CPU; its methods here take the CPU index.</li>
 * <li>Inputs: {@link #spi(int)}, {@link #ppi(int, int)}. Outputs: per CPU IRQ (Group 1) and FIQ (Group 0),
 * connected with {@link #connectCpu}.</li>
 * </ul>
 *
 * <h2>Behaviour</h2>
 * <ul>
 * <li>Interrupt IDs 0-15 are SGIs, 16-31 PPIs (both banked in each CPU's Redistributor), 32-287 SPIs
 * (256, as QEMU's virt); 1020-1023 are special, 1023 spurious. The Distributor's registers for IDs 0-31
 * are RAZ/WI (ARE = 1). SGIs can be disabled and set or cleared pending like PPIs (GICv3 4.1).</li>
 * <li>Level-sensitive interrupts are pending while the input is high or software set them pending;
 * edge-triggered ones latch on a rising edge. SGIs are edge-triggered (GICR_ICFGR0 reads 0xAAAAAAAA).</li>
 * <li>An SPI goes to the CPU whose affinity equals GICD_IROUTER's Aff3.Aff2.Aff1.Aff0 (1-of-N is not
 * implemented: GICD_TYPER.No1N = 1; the IRM bit is stored but ignored, as QEMU does); none if no CPU
 * matches.</li>
 * <li>The highest-priority pending interrupt of each CPU is chosen among its enabled, pending, inactive
 * interrupts whose group is enabled in GICD_CTLR; it is signalled when its group is enabled in
 * ICC_IGRPEN0/1_EL1, its priority is below ICC_PMR_EL1 and its group priority below the running priority.
 * Group 0 is signalled as FIQ, Group 1 as IRQ (4.6).</li>
 * <li>Priority (4.8): 5 implemented bits (ICC_CTLR_EL1.PRIbits = 4), so ICC_PMR_EL1 bits [2:0] are RAZ,
 * ICC_BPR0_EL1 is at least 2 and ICC_BPR1_EL1 at least 3, and there is one Active Priorities register per
 * group (ICC_AP0R0_EL1, ICC_AP1R0_EL1) with one bit per preemption level ({@code priority >> 3}).</li>
 * <li>ICC_CTLR_EL1.EOImode splits priority drop (ICC_EOIR*) from deactivation (ICC_DIR_EL1).</li>
 * <li>GICR_WAKER.ChildrenAsleep follows ProcessorSleep at once.</li>
 * </ul>
 * Differences from QEMU 7.2 (which always enables LPIs on virt, even with {@code its=off}): GICD_TYPER.LPIS,
 * GICR_TYPER.PLPIS and GICR_CTLR.EnableLPIs are 0, GICD_TYPER.IDbits is 9 (10-bit INTIDs) and the LPI
 * registers (GICR_PROPBASER, GICR_PENDBASER, ...) are RAZ/WI. GICD_TYPER.ITLinesNumber is 7, the value QEMU
 * reports for its 288 interrupt IDs.
 */
public final class Gicv3 extends GicBase {
    /** Most CPUs jemu's virt board connects (QEMU's first redistributor region holds 123). */
    public static final int MAX_CPUS = 123;
    /** Number of SGIs + PPIs (banked interrupt IDs). */
    public static final int INTERNAL = BANKED;
    /** Interrupt IDs of the virt board's GIC: 256 SPIs plus the 32 banked ones. */
    public static final int NUM_IRQ = 288;
    /** Spurious interrupt ID. */
    public static final int SPURIOUS = 1023;

    /** Size of the Distributor's register space (64 KiB). */
    public static final int DIST_SIZE = 0x1_0000;
    /** Size of one CPU's Redistributor: RD_base and SGI_base frames. */
    public static final int REDIST_STRIDE = 0x2_0000;
    /** Offset of the SGI_base frame in a Redistributor. */
    public static final int SGI_BASE = 0x1_0000;

    // Distributor registers (IHI0069 table 12-25).
    public static final int GICD_CTLR = 0x0000;
    public static final int GICD_TYPER = 0x0004;
    public static final int GICD_IIDR = 0x0008;
    public static final int GICD_TYPER2 = 0x000c;
    public static final int GICD_STATUSR = 0x0010;
    public static final int GICD_IGROUPR = 0x0080;
    public static final int GICD_ISENABLER = 0x0100;
    public static final int GICD_ICENABLER = 0x0180;
    public static final int GICD_ISPENDR = 0x0200;
    public static final int GICD_ICPENDR = 0x0280;
    public static final int GICD_ISACTIVER = 0x0300;
    public static final int GICD_ICACTIVER = 0x0380;
    public static final int GICD_IPRIORITYR = 0x0400;
    public static final int GICD_ITARGETSR = 0x0800;
    public static final int GICD_ICFGR = 0x0c00;
    public static final int GICD_IGRPMODR = 0x0d00;
    public static final int GICD_NSACR = 0x0e00;
    public static final int GICD_SGIR = 0x0f00;
    public static final int GICD_CPENDSGIR = 0x0f10;
    public static final int GICD_SPENDSGIR = 0x0f20;
    public static final int GICD_IROUTER = 0x6000;
    public static final int GICD_PIDR4 = 0xffd0;

    // Redistributor RD_base registers (table 12-27).
    public static final int GICR_CTLR = 0x0000;
    public static final int GICR_IIDR = 0x0004;
    public static final int GICR_TYPER = 0x0008;
    public static final int GICR_STATUSR = 0x0010;
    public static final int GICR_WAKER = 0x0014;
    public static final int GICR_PIDR4 = 0xffd0;
    // SGI_base registers (table 12-29), offsets inside the SGI_base frame.
    public static final int GICR_IGROUPR0 = 0x0080;
    public static final int GICR_ISENABLER0 = 0x0100;
    public static final int GICR_ICENABLER0 = 0x0180;
    public static final int GICR_ISPENDR0 = 0x0200;
    public static final int GICR_ICPENDR0 = 0x0280;
    public static final int GICR_ISACTIVER0 = 0x0300;
    public static final int GICR_ICACTIVER0 = 0x0380;
    public static final int GICR_IPRIORITYR = 0x0400;
    public static final int GICR_ICFGR0 = 0x0c00;
    public static final int GICR_ICFGR1 = 0x0c04;
    public static final int GICR_IGRPMODR0 = 0x0d00;
    public static final int GICR_NSACR = 0x0e00;

    // GICD_CTLR bits with DS = 1 (12.9.4).
    public static final int GICD_CTLR_ENABLE_GRP0 = 1 << 0;
    public static final int GICD_CTLR_ENABLE_GRP1 = 1 << 1;
    public static final int GICD_CTLR_ARE = 1 << 4;
    public static final int GICD_CTLR_DS = 1 << 6;

    // GICR_WAKER bits.
    public static final int GICR_WAKER_PROCESSOR_SLEEP = 1 << 1;
    public static final int GICR_WAKER_CHILDREN_ASLEEP = 1 << 2;

    /** GICD_TYPER: No1N, A3V, IDbits = 9, ITLinesNumber = 7 (QEMU's value). */
    static final int TYPER = (1 << 25) | (1 << 24) | (9 << 19) | 7;
    /** GICD_IIDR / GICR_IIDR: Arm as implementer (0x43B), as QEMU. */
    static final int IIDR = 0x43b;
    /** PIDR4-7, PIDR0-3, CIDR0-3 of the Distributor (ArchRev 3 in PIDR2). */
    private static final int[] DIST_ID = {0x44, 0, 0, 0, 0x92, 0xb4, 0x3b, 0, 0x0d, 0xf0, 0x05, 0xb1};
    /** The same for a Redistributor (PIDR0 0x93). */
    private static final int[] REDIST_ID = {0x44, 0, 0, 0, 0x93, 0xb4, 0x3b, 0, 0x0d, 0xf0, 0x05, 0xb1};

    /** Implemented priority bits of the CPU interface (ICC_CTLR_EL1.PRIbits + 1). */
    public static final int PRI_BITS = 5;
    /** Smallest ICC_BPR0_EL1 value (8 - PRI_BITS - 1). */
    public static final int MIN_BPR0 = 7 - PRI_BITS;
    /** Smallest ICC_BPR1_EL1 value. */
    public static final int MIN_BPR1 = MIN_BPR0 + 1;
    /** Mask of the implemented priority bits. */
    public static final int PRI_MASK = (0xff << (8 - PRI_BITS)) & 0xff;
    /** Running priority when no interrupt is active. */
    private static final int IDLE_PRIORITY = 0x100;

    private final long[] affinity;
    private final MmioHandler distHandler = new DistHandler();
    private final MmioHandler redistHandler = new RedistHandler();
    private final VmState vmState;

    // Per-interrupt state (GicBase): banked IDs 0-31 of CPU c at c * 32 + id, SPIs after.
    /** GICD_IROUTER of each SPI, stored whole as QEMU does. */
    private final long[] irouter;

    private int ctlr;
    private final int[] waker;
    // CPU interface, per CPU.
    private final int[] iccCtlr;
    private final int[] pmr;
    private final int[] bpr0;
    private final int[] bpr1;
    private final int[] igrpen0;
    private final int[] igrpen1;
    private final int[] ap0r;
    private final int[] ap1r;
    // Derived, not saved.
    private final int[] hppi;
    private final int[] hppiPrio;
    private final int[] route;

    /**
     * @param name     instance name
     * @param affinity each CPU's MPIDR_EL1 affinity (Aff3 in bits [39:32], Aff2-Aff0 in [23:0]); the array's
     *                 length is the number of CPUs, 1..{@value #MAX_CPUS}
     * @throws IllegalArgumentException for a bad CPU count
     */
    public Gicv3(String name, long[] affinity) {
        int n = affinity.length;
        if (n < 1 || n > MAX_CPUS) {
            throw new IllegalArgumentException("GICv3 on virt supports 1.." + MAX_CPUS + " CPUs, not " + n);
        }
        super(name, n, NUM_IRQ);
        this.affinity = new long[n];
        for (int c = 0; c < n; c++) {
            long a = affinity[c];
            this.affinity[c] = ((a >>> 32) & 0xff) << 24 | (a & 0xff_ffff); // GICR_TYPER[63:32] layout
        }
        irouter = new long[numSpis];
        waker = new int[n];
        iccCtlr = new int[n];
        pmr = new int[n];
        bpr0 = new int[n];
        bpr1 = new int[n];
        igrpen0 = new int[n];
        igrpen1 = new int[n];
        ap0r = new int[n];
        ap1r = new int[n];
        hppi = new int[n];
        hppiPrio = new int[n];
        route = new int[numSpis];
        this.vmState = VmState.builder("gicv3", 1, 1, MethodHandles.lookup(), this)
                .u32("ctlr")
                .ints("waker").ints("iccCtlr").ints("pmr").ints("bpr0").ints("bpr1").ints("igrpen0")
                .ints("igrpen1").ints("ap0r").ints("ap1r")
                .bytes("enabled", () -> enabled).bytes("pendLatch", () -> pendLatch).bytes("active", () -> active)
                .bytes("level", () -> level).bytes("group", () -> group).bytes("edge", () -> edge)
                .bytes("priority", () -> priority).longs("irouter")
                .postLoad(v -> postLoad())
                .build();
        reset();
    }

    @Override
    public void reset() {
        ctlr = GICD_CTLR_ARE | GICD_CTLR_DS;
        resetInterruptState();
        Arrays.fill(irouter, 0);
        for (int c = 0; c < numCpus; c++) {
            for (int irq = 0; irq < 16; irq++) {
                edge[idx(irq, c)] = 1;
            }
        }
        Arrays.fill(waker, GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP);
        Arrays.fill(iccCtlr, 0);
        Arrays.fill(pmr, 0);
        Arrays.fill(bpr0, MIN_BPR0);
        Arrays.fill(bpr1, MIN_BPR1);
        Arrays.fill(igrpen0, 0);
        Arrays.fill(igrpen1, 0);
        Arrays.fill(ap0r, 0);
        Arrays.fill(ap1r, 0);
        recomputeRoutes();
        update();
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    private void postLoad() {
        if (ctlr != (ctlr & (GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1)) + (GICD_CTLR_ARE | GICD_CTLR_DS)) {
            throw new IllegalArgumentException("GICD_CTLR 0x" + Integer.toHexString(ctlr) + " is not a valid value");
        }
        for (int c = 0; c < numCpus; c++) {
            int w = waker[c];
            if (w != 0 && w != (GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP)) {
                throw new IllegalArgumentException("GICR_WAKER of CPU " + c + " is 0x" + Integer.toHexString(w));
            }
            if ((iccCtlr[c] & ~3) != 0) {
                throw new IllegalArgumentException("ICC_CTLR_EL1 of CPU " + c + " is 0x" + Integer.toHexString(iccCtlr[c]));
            }
            if ((pmr[c] & ~PRI_MASK) != 0) {
                throw new IllegalArgumentException("ICC_PMR_EL1 of CPU " + c + " is 0x" + Integer.toHexString(pmr[c]));
            }
            if (bpr0[c] < MIN_BPR0 || bpr0[c] > 7 || bpr1[c] < MIN_BPR1 || bpr1[c] > 7) {
                throw new IllegalArgumentException("ICC_BPR0/1_EL1 of CPU " + c + " out of range");
            }
            if ((igrpen0[c] & ~1) != 0 || (igrpen1[c] & ~1) != 0) {
                throw new IllegalArgumentException("ICC_IGRPEN0/1_EL1 of CPU " + c + " has reserved bits set");
            }
            for (int sgi = 0; sgi < 16; sgi++) {
                if (edge[idx(sgi, c)] != 1) {
                    throw new IllegalArgumentException("SGI " + sgi + " of CPU " + c + " is not edge-triggered");
                }
            }
        }
        checkFlagArrays();
        recomputeRoutes();
        update();
    }

    // ---------------------------------------------------------------------------------------------
    // Wiring

    /** The Distributor's register interface (GICD_*), 64 KiB. */
    public MmioHandler distributor() {
        return distHandler;
    }

    /** All CPUs' Redistributors (GICR_*), {@link #REDIST_STRIDE} bytes each, CPU 0 first. */
    public MmioHandler redistributors() {
        return redistHandler;
    }

    /** Size in bytes of the Redistributor region holding all CPUs' frames. */
    public long redistSize() {
        return (long) numCpus * REDIST_STRIDE;
    }

    // ---------------------------------------------------------------------------------------------
    // Interrupt state

    private void recomputeRoutes() {
        for (int s = 0; s < numSpis; s++) {
            long r = irouter[s];
            long aff = ((r >>> 32) & 0xff) << 24 | (r & 0xff_ffff);
            int target = -1;
            for (int c = 0; c < numCpus; c++) {
                if (affinity[c] == aff) {
                    target = c;
                    break;
                }
            }
            route[s] = target;
        }
    }

    /** Recomputes each CPU's highest priority pending interrupt and drives the IRQ/FIQ outputs. */
    @Override
    void update() {
        int grpEn = ctlr & (GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1);
        for (int c = 0; c < numCpus; c++) {
            hppi[c] = SPURIOUS;
            hppiPrio[c] = 0x100;
        }
        if (grpEn != 0) {
            for (int c = 0; c < numCpus; c++) {
                for (int irq = 0; irq < INTERNAL; irq++) {
                    consider(c, irq, idx(irq, c), grpEn);
                }
            }
            for (int s = 0; s < numSpis; s++) {
                int c = route[s];
                if (c >= 0) {
                    consider(c, INTERNAL + s, numCpus * INTERNAL + s, grpEn);
                }
            }
        }
        for (int c = 0; c < numCpus; c++) {
            boolean irqL = false;
            boolean fiqL = false;
            if (canPreempt(c)) {
                if (group[idx(hppi[c], c)] == 0) {
                    fiqL = true;
                } else {
                    irqL = true;
                }
            }
            drive(c, irqL, fiqL);
        }
    }

    private void consider(int c, int irq, int i, int grpEn) {
        if (enabled[i] == 0 || active[i] != 0 || !pending(i) || (grpEn & (1 << group[i])) == 0) {
            return;
        }
        int p = priority[i] & 0xff;
        if (p < hppiPrio[c]) {
            hppiPrio[c] = p;
            hppi[c] = irq;
        }
    }

    /** True if CPU {@code c}'s highest priority pending interrupt's group is enabled in its CPU interface. */
    private boolean hppiEnabled(int c) {
        int irq = hppi[c];
        if (irq == SPURIOUS) {
            return false;
        }
        return (group[idx(irq, c)] == 0 ? igrpen0[c] : igrpen1[c]) != 0;
    }

    /** IHI0069 4.8.6: the HPPI can be signalled (enabled, unmasked by PMR, preempts the running priority). */
    private boolean canPreempt(int c) {
        if (!hppiEnabled(c) || hppiPrio[c] >= pmr[c]) {
            return false;
        }
        int g = group[idx(hppi[c], c)];
        return groupPriority(c, hppiPrio[c], g) < runningPriority(c);
    }

    /** Group priority of {@code prio} for group {@code grp} on CPU {@code c} (4.8.5). */
    private int groupPriority(int c, int prio, int grp) {
        int b;
        if (grp == 1 && (iccCtlr[c] & ICC_CTLR_CBPR) == 0) {
            b = bpr1[c] - 1;
        } else {
            b = bpr0[c];
        }
        return prio & (0xff << (b + 1)) & 0xff;
    }

    private int runningPriority(int c) {
        int bits = ap0r[c] | ap1r[c];
        return bits == 0 ? IDLE_PRIORITY : Integer.numberOfTrailingZeros(bits) << (8 - PRI_BITS);
    }

    // ---------------------------------------------------------------------------------------------
    // CPU interface (ICC_*_EL1), called by Gicv3CpuInterface with the accessing CPU's index

    /** ICC_CTLR_EL1.CBPR: ICC_BPR0_EL1 determines the Group 1 preemption too. */
    public static final int ICC_CTLR_CBPR = 1 << 0;
    /** ICC_CTLR_EL1.EOImode: EOIR writes only drop priority; ICC_DIR_EL1 deactivates. */
    public static final int ICC_CTLR_EOIMODE = 1 << 1;
    /** ICC_CTLR_EL1 read-only fields: A3V, IDbits = 1 (24 bits, as QEMU's CPU interface), PRIbits. */
    public static final int ICC_CTLR_RO = (1 << 15) | (1 << 11) | ((PRI_BITS - 1) << 8);

    /** ICC_CTLR_EL1 (IHI0069 12.2.6). */
    public long iccCtlr(int c) {
        return ICC_CTLR_RO | iccCtlr[c];
    }

    /** ICC_CTLR_EL1 write: CBPR and EOImode are writable. */
    public void setIccCtlr(int c, long v) {
        iccCtlr[c] = (int) v & (ICC_CTLR_CBPR | ICC_CTLR_EOIMODE);
        update();
    }

    /** ICC_PMR_EL1 (12.2.17), 8 bits of which the top {@value #PRI_BITS} are implemented. */
    public long pmr(int c) {
        return pmr[c];
    }

    /**
     * ICC_PMR_EL1 write (IHI 0069 12.2.17): sets CPU {@code c}'s priority mask; bits [7:0] of {@code v} are the
     * 8-bit priority threshold (lower is higher priority; an interrupt is signalled only if its priority is
     * numerically lower), of which the unimplemented low {@code 8 - }{@value #PRI_BITS} bits read as zero;
     * bits [63:8] are RES0 and ignored. Re-evaluates the CPU's IRQ/FIQ outputs.
     *
     * @param c the CPU interface's index, 0 to {@code numCpus() - 1}
     * @param v the 64-bit register value written
     */
    public void setPmr(int c, long v) {
        pmr[c] = (int) v & PRI_MASK;
        update();
    }

    /** ICC_BPR0_EL1 / ICC_BPR1_EL1 (12.2.2/12.2.3); with CBPR set BPR1 reads BPR0 + 1 (saturated at 7). */
    public long bpr(int c, int grp) {
        if (grp == 0) {
            return bpr0[c];
        }
        return (iccCtlr[c] & ICC_CTLR_CBPR) != 0 ? Math.min(bpr0[c] + 1, 7) : bpr1[c];
    }

    /** ICC_BPR0/1_EL1 write: values below the minimum read back as the minimum; BPR1 is WI with CBPR set. */
    public void setBpr(int c, int grp, long v) {
        int b = (int) v & 7;
        if (grp == 0) {
            bpr0[c] = Math.max(b, MIN_BPR0);
        } else if ((iccCtlr[c] & ICC_CTLR_CBPR) == 0) {
            bpr1[c] = Math.max(b, MIN_BPR1);
        }
        update();
    }

    /** ICC_IGRPEN0_EL1 / ICC_IGRPEN1_EL1 (12.2.13/12.2.14): bit 0 enables the group. */
    public long igrpen(int c, int grp) {
        return grp == 0 ? igrpen0[c] : igrpen1[c];
    }

    /**
     * ICC_IGRPEN0_EL1 / ICC_IGRPEN1_EL1 write (IHI 0069 12.2.13/12.2.14): bit 0 of {@code v} enables
     * ({@code 1}) or disables ({@code 0}) signalling of group {@code grp} interrupts to CPU {@code c}; bits
     * [63:1] are RES0 and ignored. Re-evaluates the CPU's IRQ/FIQ outputs.
     *
     * @param c the CPU interface's index, 0 to {@code numCpus() - 1}
     * @param grp 0 (ICC_IGRPEN0_EL1, Group 0) or 1 (ICC_IGRPEN1_EL1, Group 1)
     * @param v the 64-bit register value written
     */
    public void setIgrpen(int c, int grp, long v) {
        if (grp == 0) {
            igrpen0[c] = (int) v & 1;
        } else {
            igrpen1[c] = (int) v & 1;
        }
        update();
    }

    /** ICC_AP0R0_EL1 / ICC_AP1R0_EL1 (12.2.8/12.2.10): one bit per preemption level 0..31. */
    public long apr(int c, int grp) {
        return (grp == 0 ? ap0r[c] : ap1r[c]) & 0xffff_ffffL;
    }

    /**
     * ICC_AP0R0_EL1 / ICC_AP1R0_EL1 write (IHI 0069 12.2.8/12.2.10): sets CPU {@code c}'s active-priority
     * bits for group {@code grp}; bit n of {@code v[31:0]} marks preemption level n (priority {@code n << 3}
     * with {@value #PRI_BITS} priority bits) active; bits [63:32] are RES0 and ignored. Software should only
     * write back a value it read (save/restore), as the architecture requires; the running priority
     * (ICC_RPR_EL1) follows the new bits and the CPU's IRQ/FIQ outputs are re-evaluated.
     *
     * @param c the CPU interface's index, 0 to {@code numCpus() - 1}
     * @param grp 0 (ICC_AP0R0_EL1) or 1 (ICC_AP1R0_EL1)
     * @param v the 64-bit register value written
     */
    public void setApr(int c, int grp, long v) {
        if (grp == 0) {
            ap0r[c] = (int) v;
        } else {
            ap1r[c] = (int) v;
        }
        update();
    }

    /** ICC_RPR_EL1 (12.2.18): the running priority, 0xFF when idle. */
    public long rpr(int c) {
        int r = runningPriority(c);
        return r == IDLE_PRIORITY ? 0xff : r;
    }

    /**
     * ICC_HPPIR0_EL1 / ICC_HPPIR1_EL1 (12.2.11/12.2.12): the highest priority pending interrupt if it belongs to
     * {@code grp} and that group is enabled, otherwise 1023. No side effects.
     */
    public long hppir(int c, int grp) {
        if (!hppiEnabled(c) || group[idx(hppi[c], c)] != grp) {
            return SPURIOUS;
        }
        return hppi[c];
    }

    /**
     * ICC_IAR0_EL1 / ICC_IAR1_EL1 (12.2.15/12.2.16): acknowledges the highest priority pending interrupt if it
     * belongs to {@code grp} and can preempt (4.1.1), making it active and raising the running priority;
     * otherwise returns 1023.
     */
    public long acknowledge(int c, int grp) {
        if (!canPreempt(c) || group[idx(hppi[c], c)] != grp) {
            return SPURIOUS;
        }
        int irq = hppi[c];
        int i = idx(irq, c);
        pendLatch[i] = 0; // a level-sensitive input that is still high keeps it pending
        active[i] = 1;
        int levelBit = groupPriority(c, priority[i] & 0xff, grp) >> (8 - PRI_BITS);
        if (grp == 0) {
            ap0r[c] |= 1 << levelBit;
        } else {
            ap1r[c] |= 1 << levelBit;
        }
        update();
        return irq;
    }

    /**
     * ICC_EOIR0_EL1 / ICC_EOIR1_EL1 (12.2.9/12.2.10): drops the running priority if the highest active
     * priority belongs to {@code grp}, and unless EOImode is set deactivates interrupt {@code value[23:0]}.
     */
    public void endOfInterrupt(int c, int grp, long value) {
        int irq = (int) (value & 0xff_ffff);
        if (irq >= 1020 && irq <= 1023) {
            return; // special INTIDs are ignored
        }
        int bits = ap0r[c] | ap1r[c];
        if (bits == 0) {
            guestError("EOI of interrupt %d with no active priority on CPU %d", irq, c);
            return;
        }
        int low = bits & -bits;
        int[] ap = grp == 0 ? ap0r : ap1r;
        if ((ap[c] & low) == 0) {
            guestError("EOI of Group %d interrupt %d while the highest active priority is the other group's", grp, irq);
            return;
        }
        ap[c] &= ~low;
        if ((iccCtlr[c] & ICC_CTLR_EOIMODE) == 0) {
            deactivateIrq(c, irq);
        }
        update();
    }

    /** ICC_DIR_EL1 (12.2.7): deactivates interrupt {@code value[23:0]}; only with EOImode set. */
    public void deactivate(int c, long value) {
        if ((iccCtlr[c] & ICC_CTLR_EOIMODE) == 0) {
            guestError("ICC_DIR_EL1 write while ICC_CTLR_EL1.EOImode is clear");
            return;
        }
        deactivateIrq(c, (int) (value & 0xff_ffff));
        update();
    }

    private void deactivateIrq(int c, int irq) {
        if (irq < NUM_IRQ) {
            active[idx(irq, c)] = 0;
        }
    }

    /**
     * ICC_SGI0R_EL1 / ICC_SGI1R_EL1 / ICC_ASGI1R_EL1 (12.2.19-21): makes SGI {@code value[27:24]} pending on
     * the CPUs selected by IRM (bit 40: all but {@code c}) or by Aff3.Aff2.Aff1 ([55:48], [39:32], [23:16]),
     * RS ([47:44]) and TargetList ([15:0]), for those whose SGI is configured in group {@code grp}.
     * ICC_ASGI1R_EL1 passes {@code grp} 0: with GICD_CTLR.DS = 1 it reaches Group 0 SGIs only.
     *
     * @param c the sending CPU's index
     * @param grp 0 (ICC_SGI0R_EL1, ICC_ASGI1R_EL1) or 1 (ICC_SGI1R_EL1)
     * @param value the 64-bit register value written
     */
    public void sendSgi(int c, int grp, long value) {
        int sgi = (int) (value >>> 24) & 0xf;
        boolean irm = (value & (1L << 40)) != 0;
        long aff321 = ((value >>> 48) & 0xff) << 24 | ((value >>> 32) & 0xff) << 16 | ((value >>> 16) & 0xff) << 8;
        int rs = (int) (value >>> 44) & 0xf;
        int targetList = (int) value & 0xffff;
        for (int t = 0; t < numCpus; t++) {
            boolean hit;
            if (irm) {
                hit = t != c;
            } else {
                long a = affinity[t];
                int aff0 = (int) a & 0xff;
                hit = (a & ~0xffL) == aff321 && aff0 >>> 4 == rs && (targetList & (1 << (aff0 & 0xf))) != 0;
            }
            if (hit) {
                int i = idx(sgi, t);
                if (group[i] == grp) {
                    pendLatch[i] = 1;
                }
            }
        }
        update();
    }

    // ---------------------------------------------------------------------------------------------
    // Distributor registers

    private final class DistHandler implements MmioHandler {
        @Override
        public long read(long offset, int size) {
            int off = (int) offset;
            if (off >= GICD_IROUTER && off < GICD_IROUTER + 8 * NUM_IRQ) {
                return irouterRead(off, size);
            }
            if (size == 8) {
                return read(offset, 4) | (read(offset + 4, 4) << 32);
            }
            if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + NUM_IRQ) {
                if (size == 2 || (off & (size - 1)) != 0) {
                    return badPriorityAccess(off, size);
                }
                long v = 0;
                for (int b = 0; b < size; b++) {
                    int irq = off - GICD_IPRIORITYR + b;
                    v |= (long) (irq < INTERNAL ? 0 : priority[idx(irq, 0)] & 0xff) << (8 * b);
                }
                return v;
            }
            return RegisterAccess.read(offset, size, o -> distRead((int) o));
        }

        @Override
        public void write(long offset, int size, long value) {
            int off = (int) offset;
            if (off >= GICD_IROUTER && off < GICD_IROUTER + 8 * NUM_IRQ) {
                irouterWrite(off, size, value);
                return;
            }
            if (size == 8) {
                write(offset, 4, value & 0xffff_ffffL);
                write(offset + 4, 4, value >>> 32);
                return;
            }
            if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + NUM_IRQ) {
                if (size == 2 || (off & (size - 1)) != 0) {
                    badPriorityAccess(off, size);
                    return;
                }
                for (int b = 0; b < size; b++) {
                    int irq = off - GICD_IPRIORITYR + b;
                    if (irq >= INTERNAL) {
                        priority[idx(irq, 0)] = (byte) (value >>> (8 * b));
                    }
                }
                update();
                return;
            }
            RegisterAccess.write(offset, size, value, (o, v) -> distWrite((int) o, v));
        }
    }

    /**
     * Halfword or unaligned word access to a priority register: not permitted (IHI0069 12.1.6, only byte and
     * aligned word accesses), RAZ/WI as in QEMU; an unaligned word would run past the priority bytes.
     */
    private long badPriorityAccess(int off, int size) {
        guestError("%d-byte access to priority register at 0x%x (byte or aligned word only)", size, off);
        return 0;
    }

    private long irouterRead(int off, int size) {
        int irq = (off - GICD_IROUTER) >> 3;
        long r = irq < INTERNAL ? 0 : irouter[irq - INTERNAL];
        int shift = 8 * (off & 7);
        return size == 8 ? r : (r >>> shift) & (size == 4 ? 0xffff_ffffL : (1L << (8 * size)) - 1);
    }

    private void irouterWrite(int off, int size, long value) {
        int irq = (off - GICD_IROUTER) >> 3;
        if (irq < INTERNAL) {
            return; // GICD_IROUTER<0..31> are reserved
        }
        if (size != 8 && size != 4) {
            guestError("GICD_IROUTER%d written with a %d-byte access", irq, size);
            return;
        }
        int s = irq - INTERNAL;
        if (size == 8) {
            irouter[s] = value;
        } else if ((off & 4) == 0) {
            irouter[s] = (irouter[s] & 0xffff_ffff_0000_0000L) | (value & 0xffff_ffffL);
        } else {
            irouter[s] = (irouter[s] & 0xffff_ffffL) | (value << 32);
        }
        recomputeRoutes();
        update();
    }

    /** First interrupt ID of the 32-bit bitmap register at {@code off} in the block at {@code base}. */
    private static int bitmapIrq(int off, int base) {
        return (off - base) * 8;
    }

    private int distRead(int off) {
        if ((off & 3) != 0) {
            guestError("unaligned distributor read at 0x%x", off);
            return 0;
        }
        if (off == GICD_CTLR) {
            return ctlr;
        }
        if (off == GICD_TYPER) {
            return TYPER;
        }
        if (off == GICD_IIDR) {
            return IIDR;
        }
        if (off == GICD_TYPER2 || off == GICD_STATUSR) {
            return 0;
        }
        if (off >= GICD_IGROUPR && off < GICD_ISENABLER) {
            return bitmap(bitmapIrq(off, GICD_IGROUPR), group, off);
        }
        if (off >= GICD_ISENABLER && off < GICD_ISPENDR) {
            return bitmap(bitmapIrq(off & ~0x80, GICD_ISENABLER), enabled, off);
        }
        if (off >= GICD_ISPENDR && off < GICD_ISACTIVER) {
            int irq = bitmapIrq(off & ~0x80, GICD_ISPENDR);
            if (irq < INTERNAL || irq >= NUM_IRQ) {
                return rangeCheck(irq, off);
            }
            int r = 0;
            for (int b = 0; b < 32; b++) {
                if (pending(idx(irq + b, 0))) {
                    r |= 1 << b;
                }
            }
            return r;
        }
        if (off >= GICD_ISACTIVER && off < GICD_IPRIORITYR) {
            return bitmap(bitmapIrq(off & ~0x80, GICD_ISACTIVER), active, off);
        }
        if (off >= GICD_ITARGETSR && off < GICD_ICFGR) {
            return 0; // RAZ/WI with affinity routing
        }
        if (off >= GICD_ICFGR && off < GICD_IGRPMODR) {
            int irq = (off - GICD_ICFGR) * 4;
            if (irq < INTERNAL || irq >= NUM_IRQ) {
                return rangeCheck(irq, off);
            }
            int r = 0;
            for (int b = 0; b < 16; b++) {
                if (edge[idx(irq + b, 0)] != 0) {
                    r |= 2 << (2 * b);
                }
            }
            return r;
        }
        if (off >= GICD_IGRPMODR && off < GICD_SGIR + 0x30) {
            return 0; // IGRPMODR and NSACR RAZ/WI with DS = 1; SGIR, C/SPENDSGIR RAZ/WI with ARE = 1
        }
        if (off >= GICD_PIDR4 && off < DIST_SIZE) {
            return DIST_ID[(off - GICD_PIDR4) >> 2];
        }
        guestError("read of bad distributor offset 0x%x", off);
        return 0;
    }

    private int rangeCheck(int irq, int off) {
        if (irq >= NUM_IRQ) {
            guestError("distributor access at 0x%x beyond interrupt %d", off, NUM_IRQ - 1);
        }
        return 0;
    }

    private int bitmap(int irq, byte[] flags, int off) {
        if (irq < INTERNAL || irq >= NUM_IRQ) {
            return rangeCheck(irq, off);
        }
        int r = 0;
        for (int b = 0; b < 32; b++) {
            if (flags[idx(irq + b, 0)] != 0) {
                r |= 1 << b;
            }
        }
        return r;
    }

    private void distWrite(int off, int v) {
        if ((off & 3) != 0) {
            guestError("unaligned distributor write at 0x%x", off);
            return;
        }
        if (off == GICD_CTLR) {
            ctlr = (v & (GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1)) | GICD_CTLR_ARE | GICD_CTLR_DS;
        } else if (off < GICD_IGROUPR) {
            if (off != GICD_STATUSR && off != GICD_TYPER && off != GICD_IIDR && off != GICD_TYPER2) {
                guestError("write of bad distributor offset 0x%x", off);
            }
            return;
        } else if (off < GICD_IPRIORITYR) {
            int reg = off < GICD_ISENABLER ? GICD_IGROUPR : off & ~0x7f;
            int irq = bitmapIrq(off, reg);
            if (irq < INTERNAL || irq >= NUM_IRQ) {
                rangeCheck(irq, off);
                return;
            }
            for (int b = 0; b < 32; b++) {
                int i = idx(irq + b, 0);
                boolean set = (v & (1 << b)) != 0;
                if (reg == GICD_IGROUPR) {
                    group[i] = (byte) (set ? 1 : 0);
                } else if (set) {
                    applySetClear(reg - GICD_ISENABLER, i);
                }
            }
        } else if (off >= GICD_ICFGR && off < GICD_IGRPMODR) {
            int irq = (off - GICD_ICFGR) * 4;
            if (irq < INTERNAL || irq >= NUM_IRQ) {
                rangeCheck(irq, off);
                return;
            }
            for (int b = 0; b < 16; b++) {
                edge[idx(irq + b, 0)] = (byte) ((v >>> (2 * b + 1)) & 1);
            }
        } else if ((off >= GICD_ITARGETSR && off < GICD_ICFGR) || (off >= GICD_IGRPMODR && off < GICD_SGIR + 0x30)) {
            return; // RAZ/WI (see distRead)
        } else if (off >= GICD_PIDR4 && off < DIST_SIZE) {
            return; // read-only IDs
        } else {
            guestError("write of bad distributor offset 0x%x", off);
            return;
        }
        update();
    }

    /** Set/clear-enable, -pending, -active ({@code rel} = register offset from ISENABLER) for state index i. */
    private void applySetClear(int rel, int i) {
        switch (rel) {
            case 0x000 -> enabled[i] = 1;
            case 0x080 -> enabled[i] = 0;
            case 0x100 -> pendLatch[i] = 1;
            case 0x180 -> pendLatch[i] = 0;
            case 0x200 -> active[i] = 1;
            default -> active[i] = 0;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Redistributor registers

    private final class RedistHandler implements MmioHandler {
        @Override
        public long read(long offset, int size) {
            int cpu = (int) (offset / REDIST_STRIDE);
            int off = (int) (offset % REDIST_STRIDE);
            if (cpu >= numCpus) {
                guestError("read of redistributor offset 0x%x beyond CPU %d", offset, numCpus - 1);
                return 0;
            }
            if (off == GICR_TYPER && size == 8) {
                return gicrTyper(cpu);
            }
            if (size == 8) {
                return read(offset, 4) | (read(offset + 4, 4) << 32);
            }
            if (off >= SGI_BASE + GICR_IPRIORITYR && off < SGI_BASE + GICR_IPRIORITYR + INTERNAL) {
                if (size == 2 || (off & (size - 1)) != 0) {
                    return badPriorityAccess(off, size);
                }
                long v = 0;
                for (int b = 0; b < size; b++) {
                    v |= (long) (priority[idx(off - SGI_BASE - GICR_IPRIORITYR + b, cpu)] & 0xff) << (8 * b);
                }
                return v;
            }
            return RegisterAccess.read(off, size, o -> redistRead(cpu, (int) o));
        }

        @Override
        public void write(long offset, int size, long value) {
            int cpu = (int) (offset / REDIST_STRIDE);
            int off = (int) (offset % REDIST_STRIDE);
            if (cpu >= numCpus) {
                guestError("write of redistributor offset 0x%x beyond CPU %d", offset, numCpus - 1);
                return;
            }
            if (size == 8) {
                write(offset, 4, value & 0xffff_ffffL);
                write(offset + 4, 4, value >>> 32);
                return;
            }
            if (off >= SGI_BASE + GICR_IPRIORITYR && off < SGI_BASE + GICR_IPRIORITYR + INTERNAL) {
                if (size == 2 || (off & (size - 1)) != 0) {
                    badPriorityAccess(off, size);
                    return;
                }
                for (int b = 0; b < size; b++) {
                    priority[idx(off - SGI_BASE - GICR_IPRIORITYR + b, cpu)] = (byte) (value >>> (8 * b));
                }
                update();
                return;
            }
            RegisterAccess.write(off, size, value, (o, v) -> redistWrite(cpu, (int) o, v));
        }
    }

    /** GICR_TYPER (12.11.35): affinity, Last, Processor_Number; no LPIs, no virtual LPIs. */
    private long gicrTyper(int cpu) {
        long v = affinity[cpu] << 32 | (long) cpu << 8;
        if (cpu == numCpus - 1) {
            v |= 1 << 4;
        }
        return v;
    }

    private int redistRead(int cpu, int off) {
        if ((off & 3) != 0) {
            guestError("unaligned redistributor read at 0x%x", off);
            return 0;
        }
        if (off < SGI_BASE) {
            switch (off) {
                case GICR_CTLR, GICR_STATUSR:
                    return 0;
                case GICR_IIDR:
                    return IIDR;
                case GICR_TYPER:
                    return (int) gicrTyper(cpu);
                case GICR_TYPER + 4:
                    return (int) (gicrTyper(cpu) >>> 32);
                case GICR_WAKER:
                    return waker[cpu];
                default:
                    if (off >= GICR_PIDR4) {
                        return REDIST_ID[(off - GICR_PIDR4) >> 2];
                    }
                    if (off >= 0x40 && off < 0xc0) {
                        return 0; // LPI registers (SETLPIR ... SYNCR): RAZ/WI without LPIs
                    }
                    guestError("read of bad redistributor RD_base offset 0x%x", off);
                    return 0;
            }
        }
        int o = off - SGI_BASE;
        switch (o) {
            case GICR_IGROUPR0:
                return bits32(cpu, group);
            case GICR_ISENABLER0, GICR_ICENABLER0:
                return bits32(cpu, enabled);
            case GICR_ISPENDR0, GICR_ICPENDR0: {
                int r = 0;
                for (int b = 0; b < INTERNAL; b++) {
                    if (pending(idx(b, cpu))) {
                        r |= 1 << b;
                    }
                }
                return r;
            }
            case GICR_ISACTIVER0, GICR_ICACTIVER0:
                return bits32(cpu, active);
            case GICR_ICFGR0, GICR_ICFGR1: {
                int base = o == GICR_ICFGR0 ? 0 : 16;
                int r = 0;
                for (int b = 0; b < 16; b++) {
                    if (edge[idx(base + b, cpu)] != 0) {
                        r |= 2 << (2 * b);
                    }
                }
                return r;
            }
            case GICR_IGRPMODR0, GICR_NSACR:
                return 0;
            default:
                guestError("read of bad redistributor SGI_base offset 0x%x", o);
                return 0;
        }
    }

    private int bits32(int cpu, byte[] flags) {
        int r = 0;
        for (int b = 0; b < INTERNAL; b++) {
            if (flags[idx(b, cpu)] != 0) {
                r |= 1 << b;
            }
        }
        return r;
    }

    private void redistWrite(int cpu, int off, int v) {
        if ((off & 3) != 0) {
            guestError("unaligned redistributor write at 0x%x", off);
            return;
        }
        if (off < SGI_BASE) {
            if (off == GICR_WAKER) {
                // ChildrenAsleep follows ProcessorSleep at once (no interface to quiesce).
                waker[cpu] = (v & GICR_WAKER_PROCESSOR_SLEEP) != 0
                        ? GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP : 0;
            } else if (off == GICR_CTLR || off == GICR_STATUSR || (off >= 0x40 && off < 0xc0)) {
                // no LPIs: EnableLPIs and the LPI registers are RAZ/WI
            } else if (off == GICR_IIDR || off == GICR_TYPER || off == GICR_TYPER + 4 || off >= GICR_PIDR4) {
                guestError("write to read-only redistributor register 0x%x", off);
            } else {
                guestError("write of bad redistributor RD_base offset 0x%x", off);
            }
            return;
        }
        int o = off - SGI_BASE;
        switch (o) {
            case GICR_IGROUPR0 -> {
                for (int b = 0; b < INTERNAL; b++) {
                    group[idx(b, cpu)] = (byte) ((v >>> b) & 1);
                }
            }
            case GICR_ISENABLER0, GICR_ICENABLER0, GICR_ISPENDR0, GICR_ICPENDR0, GICR_ISACTIVER0, GICR_ICACTIVER0 -> {
                for (int b = 0; b < INTERNAL; b++) {
                    if ((v & (1 << b)) != 0) {
                        applySetClear(o - GICR_ISENABLER0, idx(b, cpu));
                    }
                }
            }
            case GICR_ICFGR0 -> {
                // SGIs are always edge-triggered
            }
            case GICR_ICFGR1 -> {
                for (int b = 0; b < 16; b++) {
                    edge[idx(16 + b, cpu)] = (byte) ((v >>> (2 * b + 1)) & 1);
                }
            }
            case GICR_IGRPMODR0, GICR_NSACR -> {
                // RAZ/WI with DS = 1
            }
            default -> {
                guestError("write of bad redistributor SGI_base offset 0x%x", o);
                return;
            }
        }
        update();
    }
}
