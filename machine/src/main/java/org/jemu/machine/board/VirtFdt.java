package org.jemu.machine.board;

import java.util.Objects;
import org.jemu.machine.fdt.FdtBuilder;
import org.jemu.machine.fdt.FdtNode;

/**
 * Generates the flattened device tree of the ARM {@code virt} board the way QEMU's {@code hw/arm/virt.c}
 * (with {@code hw/arm/boot.c} for /memory, /psci and the /chosen boot properties) does for a GICv2
 * machine without EL3 or EL2 (QEMU 7.2 layout: node names, property values and the order of nodes and
 * properties as {@code dtc -I dtb -O dts} shows them for {@code -M virt,gic-version=2}).
 *
 * <p>Produced nodes, for the devices present in the {@link Spec}: the root ({@code linux,dummy-virt},
 * {@code #address-cells = #size-cells = 2}, {@code interrupt-parent} = the GIC), {@code /psci},
 * {@code /memory@...}, {@code /fw-cfg@...}, {@code /virtio_mmio@...}, {@code /pl031@...},
 * {@code /pl011@...}, {@code /pmu}, {@code /intc@...} ({@code arm,cortex-a15-gic}), {@code /flash@...}
 * (both banks in one {@code cfi-flash} node), {@code /cpus} with {@code cpu-map}, {@code /timer},
 * {@code /apb-pclk} (the 24 MHz fixed clock of the PrimeCells) and {@code /chosen}. Phandles start at 0x8000
 * as QEMU's. Not generated because jemu has no such device (yet): the GICv2m frame, PL061 GPIO and
 * gpio-keys, PCIe, the platform bus.
 *
 * <p>Interrupt specifiers use the GIC binding: {@code <type number flags>} with type 0 = SPI, 1 = PPI;
 * flags 4 = level high, 1 = rising edge; for PPIs on a GICv2 bits 15:8 are the CPU mask.
 */
public final class VirtFdt {
    private VirtFdt() {
    }

    public static final int GIC_FDT_IRQ_TYPE_SPI = 0;
    public static final int GIC_FDT_IRQ_TYPE_PPI = 1;
    public static final int GIC_FDT_IRQ_FLAGS_EDGE_LO_HI = 1;
    public static final int GIC_FDT_IRQ_FLAGS_LEVEL_HI = 4;
    private static final int GIC_FDT_IRQ_PPI_CPU_START = 8;

    /** Architected timer PPI numbers (interrupt ID - 16): secure EL1, non-secure EL1, virtual, EL2. */
    public static final int ARCH_TIMER_S_EL1_PPI = 13;
    public static final int ARCH_TIMER_NS_EL1_PPI = 14;
    public static final int ARCH_TIMER_VIRT_PPI = 11;
    public static final int ARCH_TIMER_NS_EL2_PPI = 10;
    /** PMU overflow PPI number (interrupt ID 23). */
    public static final int VIRTUAL_PMU_PPI = 7;

    /** PSCI 0.2+ function IDs of the SMC64 calling convention, as QEMU's virt advertises. */
    public static final int PSCI_0_2_FN64_CPU_SUSPEND = 0xc4000001;
    public static final int PSCI_0_2_FN_CPU_OFF = 0x84000002;
    public static final int PSCI_0_2_FN64_CPU_ON = 0xc4000003;
    public static final int PSCI_0_2_FN64_MIGRATE = 0xc4000005;

    /** The APB clock of the PrimeCell devices, Hz. */
    public static final int APB_PCLK_HZ = 24_000_000;

    /** A memory-mapped device: base address, region size in bytes and SPI number (-1: no interrupt). */
    public record Mmio(long base, long size, int spi) {
        public Mmio(long base, long size) {
            this(base, size, -1);
        }
    }

    /**
     * What the tree describes. Null devices are left out. Build one with {@link #builder} (QEMU's virt
     * defaults) and change what differs.
     *
     * @param ramBase          guest physical base of RAM (virt: 0x4000_0000)
     * @param ramSize          RAM size in bytes
     * @param cpus             number of CPUs, 1..8 for a GICv2
     * @param cpuCompatible    the CPUs' {@code compatible}, e.g. {@code "arm,cortex-a57"}
     * @param cpuMpidr         each CPU's MPIDR affinity (Aff2:Aff1:Aff0) for {@code reg}; null: QEMU's
     *                         virt numbering for GICv2 (Aff0 = index % 8, Aff1 = index / 8)
     * @param pmu              describe a PMUv3 ({@code /pmu}); only if the CPU model implements it
     * @param psciMethod       PSCI conduit, {@code "hvc"} or {@code "smc"}; null: no /psci node and no
     *                         enable-method
     * @param gicDist          GIC distributor region
     * @param gicCpu           GICv2: CPU interface region; GICv3: the redistributor region
     * @param uart             PL011 (also /chosen stdout-path)
     * @param rtc              PL031
     * @param fwCfg            fw_cfg MMIO
     * @param flashBase        base of flash bank 0
     * @param flashBankSize    bytes per bank
     * @param flashBanks       number of banks in the single {@code cfi-flash} node (0: no node)
     * @param flashBankWidth   {@code bank-width} in bytes
     * @param virtio           virtio-mmio transports: base of the first, size (stride) and SPI of the first
     * @param virtioCount      number of virtio-mmio transports
     * @param bootargs         kernel command line for /chosen/bootargs, or null
     * @param initrdStart      initrd start (guest physical) for /chosen, or -1
     * @param initrdEnd        initrd end (exclusive), or -1
     * @param rngSeed          32 bytes for /chosen/rng-seed, or null (VirtMachine adds reproducible ones
     *                         unless {@code dtb-randomness=off})
     * @param kaslrSeed        value for /chosen/kaslr-seed, or null
     * @param armv7            the CPUs are ARMv7 (cortex-a15): the timer is only {@code arm,armv7-timer}, as
     *                         QEMU describes it for a CPU without ARM_FEATURE_V8
     * @param gicVersion       2 ({@code arm,cortex-a15-gic}, PPI flags carry a CPU mask) or 3
     *                         ({@code arm,gic-v3} with one redistributor region and no ITS, PPI flags without
     *                         mask, as QEMU's {@code gic-version=3,its=off})
     */
    public record Spec(long ramBase, long ramSize, int cpus, String cpuCompatible, long[] cpuMpidr, boolean pmu,
            String psciMethod, Mmio gicDist, Mmio gicCpu, Mmio uart, Mmio rtc, Mmio fwCfg, long flashBase,
            long flashBankSize, int flashBanks, int flashBankWidth, Mmio virtio, int virtioCount, String bootargs,
            long initrdStart, long initrdEnd, byte[] rngSeed, Long kaslrSeed, boolean armv7, int gicVersion) {
        public Spec {
            if (gicVersion != 2 && gicVersion != 3) {
                throw new IllegalArgumentException("GIC version must be 2 or 3, not " + gicVersion);
            }
            Objects.requireNonNull(gicDist, "gicDist");
            Objects.requireNonNull(gicCpu, "gicCpu");
            Objects.requireNonNull(cpuCompatible, "cpuCompatible");
            if (cpus < 1 || cpus > 8) {
                throw new IllegalArgumentException("a GICv2 virt board has 1..8 CPUs, not " + cpus);
            }
            if (cpuMpidr != null && cpuMpidr.length != cpus) {
                throw new IllegalArgumentException("cpuMpidr has " + cpuMpidr.length + " entries for " + cpus + " CPUs");
            }
            if (psciMethod != null && !psciMethod.equals("hvc") && !psciMethod.equals("smc")) {
                throw new IllegalArgumentException("PSCI method must be hvc or smc, not " + psciMethod);
            }
            if (rngSeed != null && rngSeed.length == 0) {
                throw new IllegalArgumentException("empty rng-seed");
            }
            if (ramSize <= 0) {
                throw new IllegalArgumentException("RAM size must be positive");
            }
        }
    }

    /** A {@link Spec} builder preset with QEMU's virt memory map and interrupt numbers. */
    public static Builder builder(long ramSize, int cpus) {
        return new Builder(ramSize, cpus);
    }

    /** Builds a {@link Spec}; defaults are QEMU virt's (base_memmap and a15irqmap in hw/arm/virt.c). */
    public static final class Builder {
        private long ramBase = 0x4000_0000L;
        private long ramSize;
        private int cpus;
        private String cpuCompatible = "arm,cortex-a57";
        private long[] cpuMpidr;
        private boolean pmu;
        private String psciMethod = "hvc";
        private Mmio gicDist = new Mmio(0x0800_0000L, 0x1_0000L);
        private Mmio gicCpu = new Mmio(0x0801_0000L, 0x1_0000L);
        private int gicVersion = 2;
        private Mmio uart = new Mmio(0x0900_0000L, 0x1000L, 1);
        private Mmio rtc = new Mmio(0x0901_0000L, 0x1000L, 2);
        private Mmio fwCfg = new Mmio(0x0902_0000L, 0x18L);
        private long flashBase = 0;
        private long flashBankSize = 64L << 20;
        private int flashBanks = 2;
        private int flashBankWidth = 4;
        private Mmio virtio = new Mmio(0x0a00_0000L, 0x200L, 16);
        private int virtioCount = 0;
        private String bootargs;
        private long initrdStart = -1;
        private long initrdEnd = -1;
        private byte[] rngSeed;
        private Long kaslrSeed;
        private boolean armv7;

        private Builder(long ramSize, int cpus) {
            this.ramSize = ramSize;
            this.cpus = cpus;
        }

        public Builder ram(long base, long size) {
            ramBase = base;
            ramSize = size;
            return this;
        }

        public Builder cpus(int n, String compatible) {
            cpus = n;
            cpuCompatible = compatible;
            return this;
        }

        public Builder cpuMpidr(long... mpidr) {
            cpuMpidr = mpidr.clone();
            return this;
        }

        public Builder pmu(boolean on) {
            pmu = on;
            return this;
        }

        public Builder psci(String method) {
            psciMethod = method;
            return this;
        }

        /** A GICv3 ({@code arm,gic-v3}) with distributor {@code dist} and one redistributor region. */
        public Builder gicV3(Mmio dist, Mmio redist) {
            gicDist = dist;
            gicCpu = redist;
            gicVersion = 3;
            return this;
        }

        public Builder gic(Mmio dist, Mmio cpu) {
            gicDist = dist;
            gicCpu = cpu;
            gicVersion = 2;
            return this;
        }

        public Builder uart(Mmio m) {
            uart = m;
            return this;
        }

        public Builder rtc(Mmio m) {
            rtc = m;
            return this;
        }

        public Builder fwCfg(Mmio m) {
            fwCfg = m;
            return this;
        }

        public Builder flash(long base, long bankSize, int banks, int bankWidth) {
            flashBase = base;
            flashBankSize = bankSize;
            flashBanks = banks;
            flashBankWidth = bankWidth;
            return this;
        }

        public Builder virtio(Mmio first, int count) {
            virtio = first;
            virtioCount = count;
            return this;
        }

        public Builder bootargs(String s) {
            bootargs = s;
            return this;
        }

        public Builder initrd(long start, long end) {
            initrdStart = start;
            initrdEnd = end;
            return this;
        }

        /** ARMv7 CPUs (see {@link Spec#armv7}). */
        public Builder armv7(boolean on) {
            armv7 = on;
            return this;
        }

        public Builder seeds(byte[] rng, Long kaslr) {
            rngSeed = rng == null ? null : rng.clone();
            kaslrSeed = kaslr;
            return this;
        }

        public Spec build() {
            return new Spec(ramBase, ramSize, cpus, cpuCompatible, cpuMpidr, pmu, psciMethod, gicDist, gicCpu, uart,
                    rtc, fwCfg, flashBase, flashBankSize, flashBanks, flashBankWidth, virtio, virtioCount, bootargs,
                    initrdStart, initrdEnd, rngSeed, kaslrSeed, armv7, gicVersion);
        }
    }

    /** MPIDR affinity of CPU {@code index} on virt with a GICv2 (QEMU's {@code virt_cpu_mp_affinity}). */
    public static long defaultMpidr(int index) {
        return ((long) (index / 8) << 8) | (index % 8);
    }

    /** The device tree blob. */
    public static byte[] dtb(Spec s) {
        return build(s).build();
    }

    /**
     * The tree as a builder, for boards that add or change nodes before {@link FdtBuilder#build()} (for
     * example {@code /chosen} properties known only later).
     */
    public static FdtBuilder build(Spec s) {
        FdtBuilder b = new FdtBuilder(0x8000);
        // Phandles in QEMU's allocation order: clock, CPUs (highest first), GIC.
        int clockPhandle = b.allocPhandle();
        int[] cpuPhandle = new int[s.cpus()];
        for (int c = s.cpus() - 1; c >= 0; c--) {
            cpuPhandle[c] = b.allocPhandle();
        }
        int gicPhandle = b.allocPhandle();
        String uartPath = s.uart() == null ? null : "/" + nodeName("pl011", s.uart().base());

        FdtNode root = b.root();
        root.propU32("interrupt-parent", gicPhandle);
        root.propString("model", "linux,dummy-virt");
        root.propU32("#size-cells", 2);
        root.propU32("#address-cells", 2);
        root.propString("compatible", "linux,dummy-virt");

        if (s.psciMethod() != null) {
            b.beginNode("psci")
                    .propU32("migrate", PSCI_0_2_FN64_MIGRATE)
                    .propU32("cpu_on", PSCI_0_2_FN64_CPU_ON)
                    .propU32("cpu_off", PSCI_0_2_FN_CPU_OFF)
                    .propU32("cpu_suspend", PSCI_0_2_FN64_CPU_SUSPEND)
                    .propString("method", s.psciMethod())
                    .propStrings("compatible", "arm,psci-1.0", "arm,psci-0.2", "arm,psci")
                    .endNode();
        }

        b.beginNode(nodeName("memory", s.ramBase()))
                .propSizedCells("reg", 2, s.ramBase(), 2, s.ramSize())
                .propString("device_type", "memory")
                .endNode();

        if (s.fwCfg() != null) {
            b.beginNode(nodeName("fw-cfg", s.fwCfg().base()))
                    .propEmpty("dma-coherent")
                    .propSizedCells("reg", 2, s.fwCfg().base(), 2, s.fwCfg().size())
                    .propString("compatible", "qemu,fw-cfg-mmio")
                    .endNode();
        }

        for (int i = 0; i < s.virtioCount(); i++) {
            long base = s.virtio().base() + i * s.virtio().size();
            b.beginNode(nodeName("virtio_mmio", base))
                    .propEmpty("dma-coherent")
                    .propCells("interrupts", GIC_FDT_IRQ_TYPE_SPI, s.virtio().spi() + i, GIC_FDT_IRQ_FLAGS_EDGE_LO_HI)
                    .propSizedCells("reg", 2, base, 2, s.virtio().size())
                    .propString("compatible", "virtio,mmio")
                    .endNode();
        }

        if (s.rtc() != null) {
            b.beginNode(nodeName("pl031", s.rtc().base()))
                    .propString("clock-names", "apb_pclk")
                    .propU32("clocks", clockPhandle)
                    .propCells("interrupts", GIC_FDT_IRQ_TYPE_SPI, s.rtc().spi(), GIC_FDT_IRQ_FLAGS_LEVEL_HI)
                    .propSizedCells("reg", 2, s.rtc().base(), 2, s.rtc().size())
                    .propStrings("compatible", "arm,pl031", "arm,primecell")
                    .endNode();
        }

        if (s.uart() != null) {
            b.beginNode(nodeName("pl011", s.uart().base()))
                    .propStrings("clock-names", "uartclk", "apb_pclk")
                    .propCells("clocks", clockPhandle, clockPhandle)
                    .propCells("interrupts", GIC_FDT_IRQ_TYPE_SPI, s.uart().spi(), GIC_FDT_IRQ_FLAGS_LEVEL_HI)
                    .propSizedCells("reg", 2, s.uart().base(), 2, s.uart().size())
                    .propStrings("compatible", "arm,pl011", "arm,primecell")
                    .endNode();
        }

        // PPI flags on a GICv2 carry the mask of CPUs the PPI is wired to; a GICv3 has no such mask.
        int ppiFlags = GIC_FDT_IRQ_FLAGS_LEVEL_HI;
        if (s.gicVersion() == 2) {
            ppiFlags |= ((1 << s.cpus()) - 1) << GIC_FDT_IRQ_PPI_CPU_START;
        }
        if (s.pmu()) {
            b.beginNode("pmu")
                    .propCells("interrupts", GIC_FDT_IRQ_TYPE_PPI, VIRTUAL_PMU_PPI, ppiFlags)
                    .propString("compatible", "arm,armv8-pmuv3")
                    .endNode();
        }

        b.beginNode(nodeName("intc", s.gicDist().base()))
                .propU32("phandle", gicPhandle)
                .propSizedCells("reg", 2, s.gicDist().base(), 2, s.gicDist().size(),
                        2, s.gicCpu().base(), 2, s.gicCpu().size());
        if (s.gicVersion() == 3) {
            // QEMU (fdt_add_gic_node): one redistributor region; no maintenance interrupt without EL2.
            b.current().propU32("#redistributor-regions", 1).propString("compatible", "arm,gic-v3");
        } else {
            b.current().propString("compatible", "arm,cortex-a15-gic");
        }
        b.current().propEmpty("ranges")
                .propU32("#size-cells", 2)
                .propU32("#address-cells", 2)
                .propEmpty("interrupt-controller")
                .propU32("#interrupt-cells", 3);
        b.endNode();

        if (s.flashBanks() > 0) {
            long[] reg = new long[4 * s.flashBanks()];
            for (int i = 0; i < s.flashBanks(); i++) {
                reg[4 * i] = 2;
                reg[4 * i + 1] = s.flashBase() + i * s.flashBankSize();
                reg[4 * i + 2] = 2;
                reg[4 * i + 3] = s.flashBankSize();
            }
            b.beginNode(nodeName("flash", s.flashBase()))
                    .propU32("bank-width", s.flashBankWidth())
                    .propSizedCells("reg", reg)
                    .propString("compatible", "cfi-flash")
                    .endNode();
        }

        // /cpus: one address cell unless some CPU has Aff3 set.
        long[] mpidr = new long[s.cpus()];
        boolean aff3 = false;
        for (int c = 0; c < s.cpus(); c++) {
            mpidr[c] = s.cpuMpidr() != null ? s.cpuMpidr()[c] : defaultMpidr(c);
            aff3 |= (mpidr[c] & 0xff_0000_0000L) != 0;
        }
        b.beginNode("cpus").propU32("#size-cells", 0).propU32("#address-cells", aff3 ? 2 : 1);
        b.beginNode("cpu-map").beginNode("socket0").beginNode("cluster0");
        for (int c = 0; c < s.cpus(); c++) {
            b.beginNode("core" + c).propU32("cpu", cpuPhandle[c]).endNode();
        }
        b.endNode().endNode().endNode();
        for (int c = 0; c < s.cpus(); c++) {
            b.beginNode("cpu@" + c).propU32("phandle", cpuPhandle[c]);
            if (aff3) {
                b.propU64("reg", mpidr[c]);
            } else {
                b.propU32("reg", (int) mpidr[c]);
            }
            if (s.psciMethod() != null && s.cpus() > 1) {
                b.propString("enable-method", "psci");
            }
            b.propString("compatible", s.cpuCompatible()).propString("device_type", "cpu").endNode();
        }
        b.endNode();

        b.beginNode("timer")
                .propCells("interrupts",
                        GIC_FDT_IRQ_TYPE_PPI, ARCH_TIMER_S_EL1_PPI, ppiFlags,
                        GIC_FDT_IRQ_TYPE_PPI, ARCH_TIMER_NS_EL1_PPI, ppiFlags,
                        GIC_FDT_IRQ_TYPE_PPI, ARCH_TIMER_VIRT_PPI, ppiFlags,
                        GIC_FDT_IRQ_TYPE_PPI, ARCH_TIMER_NS_EL2_PPI, ppiFlags)
                .propEmpty("always-on");
        if (s.armv7()) {
            b.current().propString("compatible", "arm,armv7-timer");
        } else {
            b.current().propStrings("compatible", "arm,armv8-timer", "arm,armv7-timer");
        }
        b.endNode();

        b.beginNode("apb-pclk")
                .propU32("phandle", clockPhandle)
                .propString("clock-output-names", "clk24mhz")
                .propU32("clock-frequency", APB_PCLK_HZ)
                .propU32("#clock-cells", 0)
                .propString("compatible", "fixed-clock")
                .endNode();

        b.beginNode("chosen");
        if (s.initrdStart() >= 0 && s.initrdEnd() >= 0) {
            cellOrU64(b.current(), "linux,initrd-end", s.initrdEnd());
            cellOrU64(b.current(), "linux,initrd-start", s.initrdStart());
        }
        if (s.bootargs() != null) {
            b.propString("bootargs", s.bootargs());
        }
        if (uartPath != null) {
            b.propString("stdout-path", uartPath);
        }
        if (s.rngSeed() != null) {
            b.prop("rng-seed", s.rngSeed());
        }
        if (s.kaslrSeed() != null) {
            b.propU64("kaslr-seed", s.kaslrSeed());
        }
        b.endNode();
        return b;
    }

    /** QEMU stores the initrd bounds as one cell; a value above 4 GiB needs two. */
    private static void cellOrU64(FdtNode n, String name, long v) {
        if ((v >>> 32) == 0) {
            n.propU32(name, (int) v);
        } else {
            n.propU64(name, v);
        }
    }

    /** {@code name@hexaddress}, the unit-address form QEMU uses ({@code "%s@%" PRIx64}). */
    public static String nodeName(String name, long base) {
        return name + "@" + Long.toHexString(base);
    }
}
