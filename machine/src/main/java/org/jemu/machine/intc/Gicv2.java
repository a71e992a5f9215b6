package org.jemu.machine.intc;

import java.lang.invoke.MethodHandles;
import java.util.Arrays;
import java.util.function.IntSupplier;
import org.jemu.machine.device.RegisterAccess;
import org.jemu.machine.device.VmState;
import org.jemu.translator.memory.MmioHandler;

/**
 * ARM Generic Interrupt Controller, architecture version 2 (ARM IHI 0048B, "ARM Generic Interrupt
 * Controller Architecture Specification, version 2.0"), without the Security and Virtualization
 * Extensions, as {@code qemu-system-aarch64 -M virt} (gic-version=2, secure=off) configures QEMU's
 * {@code hw/intc/arm_gic.c}.
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>MMIO: {@link #distributor()} serves the Distributor (GICD_*, IHI0048B 4.3; 4 KiB of registers, virt
 * maps a 64 KiB window at 0x0800_0000) and {@link #cpuInterface()} the CPU interface (GICC_*, 4.4; 8 KiB
 * of registers including GICC_DIR at 0x1000, virt maps a 64 KiB window at 0x0801_0000). Registers are
 * little-endian. The Distributor is byte-accessible throughout (as QEMU's model; the architecture requires
 * byte access for GICD_IPRIORITYR, GICD_ITARGETSR, GICD_CPENDSGIR and GICD_SPENDSGIR), except GICD_SGIR,
 * which acts only on 32-bit writes. CPU interface registers are 32-bit.</li>
 * <li>Banking: the CPU interface, and the Distributor registers of interrupts 0-31, are banked per
 * processor. Both regions sit at one address for all CPUs, so the device asks {@code currentCpu} (given at
 * construction; 0-based index of the CPU performing the access) on every access.</li>
 * <li>Inputs: {@link #spi(int)} for shared peripheral interrupts (SPI {@code n} is interrupt ID
 * {@code 32 + n}) and {@link #ppi(int, int)} for each CPU's private peripheral interrupts (IDs 16-31).</li>
 * <li>Outputs: per CPU an IRQ and an FIQ line, connected with {@link #connectCpu}.</li>
 * </ul>
 *
 * <h2>Behaviour</h2>
 * <ul>
 * <li>Interrupt IDs 0-15 are SGIs (always enabled and edge-triggered, pending state tracked per source
 * CPU), 16-31 PPIs, 32 up to {@code numIrq - 1} SPIs; 1020-1023 are special (1022: a Group 1 interrupt is
 * pending but GICC_CTLR.AckCtl is 0; 1023: spurious).</li>
 * <li>Level-sensitive interrupts are pending while the input is high (or while software-set pending);
 * edge-triggered interrupts latch pending on a rising edge (IHI0048B 3.2.4). An interrupt that is active
 * (or active and pending) is not signalled again until it is deactivated.</li>
 * <li>SPIs use the 1-N model: one pending/active state, delivered to every CPU in its GICD_ITARGETSR
 * field; the first CPU to acknowledge takes it. With one CPU, GICD_ITARGETSR is RAZ/WI and every SPI
 * targets CPU 0.</li>
 * <li>Priorities have 8 bits (256 levels), so GICC_BPR's minimum is 0 and GICC_ABPR's is 1; there are
 * four Active Priority Registers per group, one bit per preemption level (priority >> 1).</li>
 * <li>An interrupt is signalled to a CPU when its group is enabled in GICD_CTLR and GICC_CTLR, its
 * priority is below (numerically) GICC_PMR, and its group priority is below the running priority. Group 0
 * interrupts are signalled as FIQ when GICC_CTLR.FIQEn is set, otherwise as IRQ; Group 1 always as IRQ.
 * There is no bypass signal, so the bypass-disable bits are stored only.</li>
 * <li>GICC_CTLR.EOImode (bit 9) splits priority drop (GICC_EOIR) from deactivation (GICC_DIR).</li>
 * </ul>
 * Values that QEMU's model reports and U-Boot/Linux read: GICD_TYPER = (ITLinesNumber, CPUNumber),
 * GICD_IIDR = 0x43B, GICC_IIDR = 0x0002043B, the GIC-400-style PIDR/CIDR bytes at 0xFD0-0xFFC.
 */
public final class Gicv2 extends GicBase {
    /** Maximum CPU interfaces of a GICv2. */
    public static final int MAX_CPUS = 8;
    /** Number of SGIs + PPIs (banked interrupt IDs). */
    public static final int INTERNAL = BANKED;
    /** Spurious interrupt ID. */
    public static final int SPURIOUS = 1023;
    /** "Group 1 interrupt pending but not acknowledgeable through GICC_IAR" ID. */
    public static final int GROUP1_PENDING = 1022;

    /** Size of the Distributor's register space in bytes (QEMU maps it in a 64 KiB window on virt). */
    public static final int DIST_SIZE = 0x1000;
    /** Size of the CPU interface's register space in bytes. */
    public static final int CPU_SIZE = 0x2000;

    // Distributor registers (IHI0048B table 4-1).
    public static final int GICD_CTLR = 0x000;
    public static final int GICD_TYPER = 0x004;
    public static final int GICD_IIDR = 0x008;
    public static final int GICD_IGROUPR = 0x080;
    public static final int GICD_ISENABLER = 0x100;
    public static final int GICD_ICENABLER = 0x180;
    public static final int GICD_ISPENDR = 0x200;
    public static final int GICD_ICPENDR = 0x280;
    public static final int GICD_ISACTIVER = 0x300;
    public static final int GICD_ICACTIVER = 0x380;
    public static final int GICD_IPRIORITYR = 0x400;
    public static final int GICD_ITARGETSR = 0x800;
    public static final int GICD_ICFGR = 0xc00;
    public static final int GICD_SGIR = 0xf00;
    public static final int GICD_CPENDSGIR = 0xf10;
    public static final int GICD_SPENDSGIR = 0xf20;
    public static final int GICD_PIDR4 = 0xfd0;

    // CPU interface registers (IHI0048B table 4-2).
    public static final int GICC_CTLR = 0x00;
    public static final int GICC_PMR = 0x04;
    public static final int GICC_BPR = 0x08;
    public static final int GICC_IAR = 0x0c;
    public static final int GICC_EOIR = 0x10;
    public static final int GICC_RPR = 0x14;
    public static final int GICC_HPPIR = 0x18;
    public static final int GICC_ABPR = 0x1c;
    public static final int GICC_AIAR = 0x20;
    public static final int GICC_AEOIR = 0x24;
    public static final int GICC_AHPPIR = 0x28;
    public static final int GICC_APR0 = 0xd0;
    public static final int GICC_NSAPR0 = 0xe0;
    public static final int GICC_IIDR = 0xfc;
    public static final int GICC_DIR = 0x1000;

    // GICD_CTLR bits.
    public static final int GICD_CTLR_ENABLE_GRP0 = 1;
    public static final int GICD_CTLR_ENABLE_GRP1 = 2;

    // GICC_CTLR bits (no Security Extensions).
    public static final int GICC_CTLR_ENABLE_GRP0 = 1 << 0;
    public static final int GICC_CTLR_ENABLE_GRP1 = 1 << 1;
    public static final int GICC_CTLR_ACK_CTL = 1 << 2;
    public static final int GICC_CTLR_FIQ_EN = 1 << 3;
    public static final int GICC_CTLR_CBPR = 1 << 4;
    public static final int GICC_CTLR_EOIMODE = 1 << 9;
    /** Writable GICC_CTLR bits: enables, AckCtl, FIQEn, CBPR, the four bypass disables, EOImode. */
    private static final int GICC_CTLR_MASK = 0x3ff;

    private static final int IIDR_DIST = 0x43b;
    private static final int IIDR_CPU = 0x0002043b;
    /** GICD_PIDR4-7, PIDR0-3, CIDR0-3 at 0xFD0-0xFFC (QEMU's {@code gic_id_gicv2}). */
    private static final int[] ID = {0x04, 0x00, 0x00, 0x00, 0x90, 0xb4, 0x2b, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
    /** Running priority when no interrupt is active. */
    private static final int IDLE_PRIORITY = 0x100;
    private static final int NR_APRS = 4;

    private final int numIrq;
    private final int cpuMask;
    private final IntSupplier currentCpu;
    private final MmioHandler distHandler = new DistHandler();
    private final MmioHandler cpuHandler = new CpuHandler();
    private final VmState vmState;

    // Per-interrupt state (GicBase), indexed by idx(irq, cpu): banked IDs 0-31 at cpu * 32 + irq, SPIs after.
    /** GICD_ITARGETSR CPU mask of each SPI. */
    private final byte[] target;
    /** SGI pending state per target CPU and SGI: bit n set = pending from source CPU n. */
    private final byte[] sgiSources;

    private int ctlr;
    private final int[] cpuCtlr;
    private final int[] pmr;
    private final int[] bpr;
    private final int[] abpr;
    /** Group 0 active priorities, NR_APRS words per CPU. */
    private final int[] apr;
    /** Group 1 active priorities, NR_APRS words per CPU. */
    private final int[] nsapr;
    // Derived, not saved.
    private final int[] running;
    private final int[] hppi;

    /**
     * @param name       instance name
     * @param numCpus    CPU interfaces, 1..8
     * @param numIrq     interrupt IDs including the 32 banked ones: 64..1020, a multiple of 32 (virt: 288)
     * @param currentCpu index of the CPU making the current register access (0..numCpus-1)
     */
    public Gicv2(String name, int numCpus, int numIrq, IntSupplier currentCpu) {
        if (numCpus < 1 || numCpus > MAX_CPUS) {
            throw new IllegalArgumentException("GICv2 supports 1.." + MAX_CPUS + " CPUs, not " + numCpus);
        }
        if (numIrq < 64 || numIrq > 1020 || numIrq % 32 != 0) {
            throw new IllegalArgumentException("GICv2 interrupt count must be a multiple of 32 in 64..1020, not " + numIrq);
        }
        super(name, numCpus, numIrq);
        this.numIrq = numIrq;
        this.cpuMask = (1 << numCpus) - 1;
        this.currentCpu = currentCpu;
        target = new byte[numSpis];
        sgiSources = new byte[numCpus * 16];
        cpuCtlr = new int[numCpus];
        pmr = new int[numCpus];
        bpr = new int[numCpus];
        abpr = new int[numCpus];
        apr = new int[numCpus * NR_APRS];
        nsapr = new int[numCpus * NR_APRS];
        running = new int[numCpus];
        hppi = new int[numCpus];
        this.vmState = VmState.builder("gicv2", 1, 1, MethodHandles.lookup(), this)
                .u32("ctlr")
                .ints("cpuCtlr").ints("pmr").ints("bpr").ints("abpr").ints("apr").ints("nsapr")
                .bytes("enabled", () -> enabled).bytes("pendLatch", () -> pendLatch).bytes("active", () -> active)
                .bytes("level", () -> level).bytes("group", () -> group).bytes("edge", () -> edge)
                .bytes("priority", () -> priority).bytes("target").bytes("sgiSources")
                .postLoad(v -> postLoad())
                .build();
        reset();
    }

    /** The virt board's GIC: 256 SPIs plus the 32 banked interrupts (QEMU's {@code NUM_IRQS + 32}). */
    public static Gicv2 forVirt(String name, int numCpus, IntSupplier currentCpu) {
        return new Gicv2(name, numCpus, 256 + INTERNAL, currentCpu);
    }

    @Override
    public void reset() {
        ctlr = 0;
        resetInterruptState();
        // With one CPU interface every SPI targets it (GICD_ITARGETSR is RAZ/WI).
        Arrays.fill(target, (byte) (numCpus == 1 ? 1 : 0));
        Arrays.fill(sgiSources, (byte) 0);
        for (int c = 0; c < numCpus; c++) {
            for (int irq = 0; irq < 16; irq++) {
                enabled[idx(irq, c)] = 1;
                edge[idx(irq, c)] = 1;
            }
            cpuCtlr[c] = 0;
            pmr[c] = 0;
            bpr[c] = 0;
            abpr[c] = 1;
        }
        Arrays.fill(apr, 0);
        Arrays.fill(nsapr, 0);
        Arrays.fill(running, IDLE_PRIORITY);
        update();
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    private void postLoad() {
        if ((ctlr & ~(GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1)) != 0) {
            throw new IllegalArgumentException("GICD_CTLR 0x" + Integer.toHexString(ctlr) + " has reserved bits set");
        }
        for (int c = 0; c < numCpus; c++) {
            if ((cpuCtlr[c] & ~GICC_CTLR_MASK) != 0) {
                throw new IllegalArgumentException("GICC_CTLR of CPU " + c + " is 0x" + Integer.toHexString(cpuCtlr[c]));
            }
            if (pmr[c] < 0 || pmr[c] > 0xff) {
                throw new IllegalArgumentException("GICC_PMR of CPU " + c + " is " + pmr[c]);
            }
            if (bpr[c] < 0 || bpr[c] > 7) {
                throw new IllegalArgumentException("GICC_BPR of CPU " + c + " is " + bpr[c] + ", not 0..7");
            }
            if (abpr[c] < 1 || abpr[c] > 7) {
                throw new IllegalArgumentException("GICC_ABPR of CPU " + c + " is " + abpr[c] + ", not 1..7");
            }
            for (int sgi = 0; sgi < 16; sgi++) {
                int i = idx(sgi, c);
                if (enabled[i] != 1 || edge[i] != 1) {
                    throw new IllegalArgumentException("SGI " + sgi + " of CPU " + c + " is not enabled and edge-triggered");
                }
                int src = sgiSources[c * 16 + sgi] & 0xff;
                if ((src & ~cpuMask) != 0) {
                    throw new IllegalArgumentException("SGI " + sgi + " of CPU " + c + " pending from absent CPUs (0x"
                            + Integer.toHexString(src) + ")");
                }
                if ((src != 0) != (pendLatch[i] == 1)) {
                    throw new IllegalArgumentException("SGI " + sgi + " of CPU " + c + " pending state is inconsistent");
                }
            }
        }
        checkFlags("enabled", enabled);
        checkFlags("pending", pendLatch);
        checkFlags("active", active);
        checkFlags("level", level);
        checkFlags("group", group);
        checkFlags("edge", edge);
        for (int s = 0; s < numSpis; s++) {
            int t = target[s] & 0xff;
            if ((t & ~cpuMask) != 0 || (numCpus == 1 && t != 1)) {
                throw new IllegalArgumentException("GICD_ITARGETSR of interrupt " + (s + INTERNAL) + " is 0x"
                        + Integer.toHexString(t) + " with " + numCpus + " CPU(s)");
            }
        }
        for (int c = 0; c < numCpus; c++) {
            running[c] = priorityFromApr(c);
        }
        update();
    }

    private void checkFlags(String what, byte[] a) {
        for (int i = 0; i < a.length; i++) {
            if ((a[i] & ~1) != 0) {
                throw new IllegalArgumentException(what + " flag of interrupt index " + i + " is " + a[i] + ", not 0 or 1");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Wiring

    /** The Distributor's register interface (GICD_*). */
    public MmioHandler distributor() {
        return distHandler;
    }

    /** The CPU interface's register interface (GICC_*), banked by the accessing CPU. */
    public MmioHandler cpuInterface() {
        return cpuHandler;
    }

    /** Number of interrupt IDs including the banked 32. */
    public int numIrq() {
        return numIrq;
    }

    private int cpu() {
        if (numCpus == 1) {
            return 0;
        }
        int c = currentCpu.getAsInt();
        return c >= 0 && c < numCpus ? c : 0;
    }

    // ---------------------------------------------------------------------------------------------
    // Interrupt state

    /** Group priority of {@code prio} for {@code grp} on {@code cpu} (IHI0048B 3.3.3). */
    private int groupPriority(int cpu, int prio, int grp) {
        int b;
        if (grp == 1 && (cpuCtlr[cpu] & GICC_CTLR_CBPR) == 0) {
            b = abpr[cpu] - 1; // the Group 1 binary point is one less significant than GICC_BPR's
        } else {
            b = bpr[cpu];
        }
        return prio & (0xff << (b + 1)) & 0xff;
    }

    private int priorityFromApr(int cpu) {
        for (int n = 0; n < NR_APRS; n++) {
            int bits = apr[cpu * NR_APRS + n] | nsapr[cpu * NR_APRS + n];
            if (bits != 0) {
                return (n * 32 + Integer.numberOfTrailingZeros(bits)) << 1;
            }
        }
        return IDLE_PRIORITY;
    }

    /** Recomputes each CPU's highest priority pending interrupt and drives the IRQ/FIQ outputs. */
    @Override
    void update() {
        for (int c = 0; c < numCpus; c++) {
            int best = SPURIOUS;
            int bestPrio = 0x100;
            int cpuEn = cpuCtlr[c] & ctlr & (GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_ENABLE_GRP1);
            if (cpuEn != 0) {
                for (int irq = 0; irq < numIrq; irq++) {
                    int i = idx(irq, c);
                    if (irq >= INTERNAL && (target[irq - INTERNAL] & (1 << c)) == 0) {
                        continue;
                    }
                    if (enabled[i] == 0 || active[i] != 0 || !pending(i) || (cpuEn & (1 << group[i])) == 0) {
                        continue;
                    }
                    int p = priority[i] & 0xff;
                    if (p < bestPrio) {
                        bestPrio = p;
                        best = irq;
                    }
                }
            }
            boolean irqL = false;
            boolean fiqL = false;
            if (best != SPURIOUS && bestPrio < pmr[c]) {
                hppi[c] = best;
                int g = group[idx(best, c)];
                if (groupPriority(c, bestPrio, g) < running[c]) {
                    if (g == 0 && (cpuCtlr[c] & GICC_CTLR_FIQ_EN) != 0) {
                        fiqL = true;
                    } else {
                        irqL = true;
                    }
                }
            } else {
                hppi[c] = SPURIOUS;
            }
            drive(c, irqL, fiqL);
        }
    }

    /** Interrupt ID with the source CPU of an SGI in bits [12:10], as GICC_IAR/HPPIR report it. */
    private int withSource(int irq, int cpu) {
        if (irq < 16) {
            int src = Integer.numberOfTrailingZeros(sgiSources[cpu * 16 + irq] & 0xff);
            return irq | ((src & 7) << 10);
        }
        return irq;
    }

    /** GICC_IAR / GICC_AIAR read ({@code aliased}: Group 1 only). */
    private int acknowledge(int cpu, boolean aliased) {
        int irq = hppi[cpu];
        if (irq == SPURIOUS) {
            return SPURIOUS;
        }
        int i = idx(irq, cpu);
        int g = group[i];
        if (aliased && g == 0) {
            return SPURIOUS;
        }
        if (!aliased && g == 1 && (cpuCtlr[cpu] & GICC_CTLR_ACK_CTL) == 0) {
            return GROUP1_PENDING;
        }
        int gp = groupPriority(cpu, priority[i] & 0xff, g);
        if (gp >= running[cpu]) {
            return SPURIOUS; // insufficient priority to preempt
        }
        int ret;
        if (irq < 16) {
            int s = cpu * 16 + irq;
            int src = Integer.numberOfTrailingZeros(sgiSources[s] & 0xff);
            sgiSources[s] &= (byte) ~(1 << src);
            if (sgiSources[s] == 0) {
                pendLatch[i] = 0;
            }
            ret = irq | (src << 10);
        } else {
            pendLatch[i] = 0; // a level-sensitive input that is still high keeps it pending
            ret = irq;
        }
        active[i] = 1;
        int preemptionLevel = gp >> 1;
        int[] a = g == 1 ? nsapr : apr;
        a[cpu * NR_APRS + preemptionLevel / 32] |= 1 << (preemptionLevel % 32);
        running[cpu] = gp;
        update();
        return ret;
    }

    /** GICC_EOIR / GICC_AEOIR write: priority drop, and deactivation unless EOImode is set. */
    private void endOfInterrupt(int cpu, int value) {
        int irq = value & 0x3ff;
        if (irq >= numIrq) {
            return; // spurious IDs are ignored; others are UNPREDICTABLE, ignored too
        }
        if (running[cpu] == IDLE_PRIORITY) {
            guestError("EOI of interrupt %d with no active interrupt on CPU %d", irq, cpu);
            return;
        }
        int i = idx(irq, cpu);
        int[] a = group[i] == 1 ? nsapr : apr;
        for (int n = 0; n < NR_APRS; n++) {
            int w = cpu * NR_APRS + n;
            if (a[w] != 0) {
                a[w] &= a[w] - 1; // drop the highest active priority of this group
                break;
            }
        }
        running[cpu] = priorityFromApr(cpu);
        if ((cpuCtlr[cpu] & GICC_CTLR_EOIMODE) == 0) {
            active[i] = 0;
        }
        update();
    }

    private void deactivate(int cpu, int value) {
        int irq = value & 0x3ff;
        if ((cpuCtlr[cpu] & GICC_CTLR_EOIMODE) == 0) {
            guestError("GICC_DIR write while GICC_CTLR.EOImode is clear");
            return;
        }
        if (irq >= numIrq) {
            return;
        }
        active[idx(irq, cpu)] = 0;
        update();
    }

    private void sendSgi(int cpu, int value) {
        int sgi = value & 0xf;
        int filter = (value >>> 24) & 3;
        int targets = switch (filter) {
            case 0 -> (value >>> 16) & 0xff & cpuMask;
            case 1 -> cpuMask & ~(1 << cpu);
            case 2 -> 1 << cpu;
            default -> {
                guestError("GICD_SGIR write with reserved TargetListFilter 3");
                yield 0;
            }
        };
        for (int t = 0; t < numCpus; t++) {
            if ((targets & (1 << t)) != 0) {
                sgiSources[t * 16 + sgi] |= (byte) (1 << cpu);
                pendLatch[idx(sgi, t)] = 1;
            }
        }
        update();
    }

    // ---------------------------------------------------------------------------------------------
    // Distributor registers, byte by byte (as QEMU's gic_dist_readb/writeb)

    private final class DistHandler implements MmioHandler {
        @Override
        public long read(long offset, int size) {
            if (size == 8) {
                return (read(offset, 4)) | (read(offset + 4, 4) << 32);
            }
            int cpu = cpu();
            long v = 0;
            for (int b = 0; b < size; b++) {
                v |= (long) readByte((int) offset + b, cpu) << (8 * b);
            }
            return v;
        }

        @Override
        public void write(long offset, int size, long value) {
            if (size == 8) {
                write(offset, 4, value & 0xffffffffL);
                write(offset + 4, 4, value >>> 32);
                return;
            }
            int cpu = cpu();
            if (offset == GICD_SGIR) {
                if (size == 4) {
                    sendSgi(cpu, (int) value);
                } else {
                    guestError("GICD_SGIR written with a %d-byte access", size);
                }
                return;
            }
            for (int b = 0; b < size; b++) {
                writeByte((int) offset + b, cpu, (int) (value >>> (8 * b)) & 0xff);
            }
            update();
        }
    }

    private int bad(String what, int offset) {
        guestError("%s of bad distributor offset 0x%x", what, offset);
        return 0;
    }

    private int readByte(int off, int cpu) {
        if (off < 0x100) {
            if (off < 4) {
                return (ctlr >>> (8 * off)) & 0xff;
            }
            if (off < 8) {
                int typer = (numIrq / 32 - 1) | ((numCpus - 1) << 5);
                return (typer >>> (8 * (off - 4))) & 0xff;
            }
            if (off < 0xc) {
                return (IIDR_DIST >>> (8 * (off - 8))) & 0xff;
            }
            if (off >= GICD_IGROUPR) {
                int irq = (off - GICD_IGROUPR) * 8;
                return irq < numIrq ? bits8(irq, cpu, group) : bad("read", off);
            }
            return bad("read", off);
        }
        if (off < 0x200) {
            int irq = (off & 0x7f) * 8;
            return irq < numIrq ? bits8(irq, cpu, enabled) : bad("read", off);
        }
        if (off < 0x300) {
            int irq = (off & 0x7f) * 8;
            if (irq >= numIrq) {
                return bad("read", off);
            }
            int r = 0;
            for (int b = 0; b < 8; b++) {
                if (pending(idx(irq + b, cpu))) {
                    r |= 1 << b;
                }
            }
            return r;
        }
        if (off < 0x400) {
            int irq = (off & 0x7f) * 8;
            return irq < numIrq ? bits8(irq, cpu, active) : bad("read", off);
        }
        if (off < 0x800) {
            int irq = off - GICD_IPRIORITYR;
            return irq < numIrq ? priority[idx(irq, cpu)] & 0xff : bad("read", off);
        }
        if (off < 0xc00) {
            int irq = off - GICD_ITARGETSR;
            if (numCpus == 1) {
                return 0; // RAZ/WI on a uniprocessor GIC
            }
            if (irq >= numIrq) {
                return bad("read", off);
            }
            return irq < INTERNAL ? 1 << cpu : target[irq - INTERNAL] & 0xff;
        }
        if (off < 0xf00) {
            int irq = (off - GICD_ICFGR) * 4;
            if (irq >= numIrq) {
                return bad("read", off);
            }
            int r = 0;
            for (int b = 0; b < 4; b++) {
                if (edge[idx(irq + b, cpu)] != 0) {
                    r |= 2 << (2 * b);
                }
            }
            return r;
        }
        if (off >= GICD_CPENDSGIR && off < GICD_CPENDSGIR + 0x20) {
            int sgi = (off - GICD_CPENDSGIR) & 0xf;
            return sgiSources[cpu * 16 + sgi] & 0xff;
        }
        if (off >= GICD_PIDR4 && off < DIST_SIZE) {
            return (off & 3) == 0 ? ID[(off - GICD_PIDR4) >> 2] : 0;
        }
        return bad("read", off);
    }

    private int bits8(int irq, int cpu, byte[] flags) {
        int r = 0;
        for (int b = 0; b < 8; b++) {
            if (flags[idx(irq + b, cpu)] != 0) {
                r |= 1 << b;
            }
        }
        return r;
    }

    private void writeByte(int off, int cpu, int v) {
        if (off < 0x100) {
            if (off == GICD_CTLR) {
                ctlr = v & (GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1);
            } else if (off < 0xc) {
                // rest of GICD_CTLR, GICD_TYPER, GICD_IIDR: read-only / reserved bits ignored
            } else if (off >= GICD_IGROUPR) {
                int irq = (off - GICD_IGROUPR) * 8;
                if (irq >= numIrq) {
                    bad("write", off);
                    return;
                }
                for (int b = 0; b < 8; b++) {
                    group[idx(irq + b, cpu)] = (byte) ((v >>> b) & 1);
                }
            } else {
                bad("write", off);
            }
            return;
        }
        if (off < 0x400) {
            int irq = (off & 0x7f) * 8;
            if (irq >= numIrq) {
                bad("write", off);
                return;
            }
            int reg = off & ~0x7f;
            for (int b = 0; b < 8; b++) {
                if ((v & (1 << b)) == 0) {
                    continue;
                }
                int n = irq + b;
                int i = idx(n, cpu);
                switch (reg) {
                    case GICD_ISENABLER -> enabled[i] = 1;
                    case GICD_ICENABLER -> {
                        if (n >= 16) { // SGIs are permanently enabled
                            enabled[i] = 0;
                        }
                    }
                    case GICD_ISPENDR -> {
                        if (n >= 16) { // SGI pending state is set through GICD_SGIR/SPENDSGIR
                            pendLatch[i] = 1;
                        }
                    }
                    case GICD_ICPENDR -> {
                        if (n >= 16) {
                            pendLatch[i] = 0;
                        }
                    }
                    case GICD_ISACTIVER -> active[i] = 1;
                    default -> active[i] = 0; // GICD_ICACTIVER
                }
            }
            return;
        }
        if (off < 0x800) {
            int irq = off - GICD_IPRIORITYR;
            if (irq >= numIrq) {
                bad("write", off);
                return;
            }
            priority[idx(irq, cpu)] = (byte) v;
            return;
        }
        if (off < 0xc00) {
            int irq = off - GICD_ITARGETSR;
            if (numCpus == 1) {
                return;
            }
            if (irq >= numIrq) {
                bad("write", off);
                return;
            }
            if (irq >= INTERNAL) { // GICD_ITARGETSR0-7 (SGIs, PPIs) are read-only
                target[irq - INTERNAL] = (byte) (v & cpuMask);
            }
            return;
        }
        if (off < 0xf00) {
            int irq = (off - GICD_ICFGR) * 4;
            if (irq >= numIrq) {
                bad("write", off);
                return;
            }
            for (int b = 0; b < 4; b++) {
                if (irq + b >= 16) { // SGIs are always edge-triggered
                    edge[idx(irq + b, cpu)] = (byte) ((v >>> (2 * b + 1)) & 1);
                }
            }
            return;
        }
        if (off >= GICD_CPENDSGIR && off < GICD_CPENDSGIR + 0x20) {
            int sgi = (off - GICD_CPENDSGIR) & 0xf;
            int s = cpu * 16 + sgi;
            if (off < GICD_SPENDSGIR) {
                sgiSources[s] &= (byte) ~v;
            } else {
                sgiSources[s] |= (byte) (v & cpuMask);
            }
            pendLatch[idx(sgi, cpu)] = (byte) (sgiSources[s] != 0 ? 1 : 0);
            return;
        }
        bad("write", off);
    }

    // ---------------------------------------------------------------------------------------------
    // CPU interface registers

    private final class CpuHandler implements MmioHandler {
        @Override
        public long read(long offset, int size) {
            return RegisterAccess.read(offset, size, o -> cpuRead(o, cpu()));
        }

        @Override
        public void write(long offset, int size, long value) {
            RegisterAccess.write(offset, size, value, (o, v) -> cpuWrite(o, cpu(), v));
        }
    }

    private int cpuRead(long offset, int cpu) {
        int off = (int) offset;
        if ((offset & 3) != 0 || offset >= CPU_SIZE) {
            guestError("read of bad CPU interface offset 0x%x", offset);
            return 0;
        }
        switch (off) {
            case GICC_CTLR:
                return cpuCtlr[cpu];
            case GICC_PMR:
                return pmr[cpu];
            case GICC_BPR:
                return bpr[cpu];
            case GICC_IAR:
                return acknowledge(cpu, false);
            case GICC_RPR:
                return running[cpu] == IDLE_PRIORITY ? 0xff : running[cpu];
            case GICC_HPPIR: {
                int irq = hppi[cpu];
                if (irq == SPURIOUS) {
                    return SPURIOUS;
                }
                if (group[idx(irq, cpu)] == 1 && (cpuCtlr[cpu] & GICC_CTLR_ACK_CTL) == 0) {
                    return GROUP1_PENDING;
                }
                return withSource(irq, cpu);
            }
            case GICC_ABPR:
                return abpr[cpu];
            case GICC_AIAR:
                return acknowledge(cpu, true);
            case GICC_AHPPIR: {
                int irq = hppi[cpu];
                return irq != SPURIOUS && group[idx(irq, cpu)] == 1 ? withSource(irq, cpu) : SPURIOUS;
            }
            case GICC_IIDR:
                return IIDR_CPU;
            case GICC_EOIR, GICC_AEOIR, GICC_DIR:
                guestError("read of write-only CPU interface register 0x%x", offset);
                return 0;
            default:
                if (off >= GICC_APR0 && off < GICC_APR0 + 4 * NR_APRS) {
                    return apr[cpu * NR_APRS + (off - GICC_APR0) / 4];
                }
                if (off >= GICC_NSAPR0 && off < GICC_NSAPR0 + 4 * NR_APRS) {
                    return nsapr[cpu * NR_APRS + (off - GICC_NSAPR0) / 4];
                }
                guestError("read of bad CPU interface offset 0x%x", offset);
                return 0;
        }
    }

    private void cpuWrite(long offset, int cpu, int value) {
        int off = (int) offset;
        if ((offset & 3) != 0 || offset >= CPU_SIZE) {
            guestError("write of bad CPU interface offset 0x%x", offset);
            return;
        }
        switch (off) {
            case GICC_CTLR -> cpuCtlr[cpu] = value & GICC_CTLR_MASK;
            case GICC_PMR -> pmr[cpu] = value & 0xff;
            case GICC_BPR -> bpr[cpu] = value & 7;
            case GICC_ABPR -> abpr[cpu] = Math.max(value & 7, 1);
            case GICC_EOIR, GICC_AEOIR -> {
                endOfInterrupt(cpu, value);
                return;
            }
            case GICC_DIR -> {
                deactivate(cpu, value);
                return;
            }
            case GICC_IAR, GICC_RPR, GICC_HPPIR, GICC_AIAR, GICC_AHPPIR, GICC_IIDR ->
                    guestError("write to read-only CPU interface register 0x%x", offset);
            default -> {
                if (off >= GICC_APR0 && off < GICC_APR0 + 4 * NR_APRS) {
                    apr[cpu * NR_APRS + (off - GICC_APR0) / 4] = value;
                    running[cpu] = priorityFromApr(cpu);
                } else if (off >= GICC_NSAPR0 && off < GICC_NSAPR0 + 4 * NR_APRS) {
                    nsapr[cpu * NR_APRS + (off - GICC_NSAPR0) / 4] = value;
                    running[cpu] = priorityFromApr(cpu);
                } else {
                    guestError("write of bad CPU interface offset 0x%x", offset);
                    return;
                }
            }
        }
        update();
    }
}
