package org.jemu.machine.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jemu.machine.fdt.Dtc;
import org.jemu.machine.fdt.Fdt;
import org.jemu.machine.fdt.FdtNode;
import org.jemu.machine.fdt.FdtReader;
import org.junit.jupiter.api.Test;

class VirtFdtTest {
    /**
     * {@code qemu-system-aarch64 -M virt,gic-version=2,dumpdtb=... -cpu cortex-a57 -smp 2 -m 512} (QEMU 7.2)
     * decompiled by dtc, without the nodes of devices jemu does not model (platform bus, virtio-mmio,
     * gpio-keys, PL061, PCIe, the GICv2m frame) and without the random /chosen seeds.
     */
    static final String QEMU_VIRT_2CPU = """
            /dts-v1/;

            / {
            	interrupt-parent = <0x8003>;
            	model = "linux,dummy-virt";
            	#size-cells = <0x02>;
            	#address-cells = <0x02>;
            	compatible = "linux,dummy-virt";

            	psci {
            		migrate = <0xc4000005>;
            		cpu_on = <0xc4000003>;
            		cpu_off = <0x84000002>;
            		cpu_suspend = <0xc4000001>;
            		method = "hvc";
            		compatible = "arm,psci-1.0\\0arm,psci-0.2\\0arm,psci";
            	};

            	memory@40000000 {
            		reg = <0x00 0x40000000 0x00 0x20000000>;
            		device_type = "memory";
            	};

            	fw-cfg@9020000 {
            		dma-coherent;
            		reg = <0x00 0x9020000 0x00 0x18>;
            		compatible = "qemu,fw-cfg-mmio";
            	};

            	pl031@9010000 {
            		clock-names = "apb_pclk";
            		clocks = <0x8000>;
            		interrupts = <0x00 0x02 0x04>;
            		reg = <0x00 0x9010000 0x00 0x1000>;
            		compatible = "arm,pl031\\0arm,primecell";
            	};

            	pl011@9000000 {
            		clock-names = "uartclk\\0apb_pclk";
            		clocks = <0x8000 0x8000>;
            		interrupts = <0x00 0x01 0x04>;
            		reg = <0x00 0x9000000 0x00 0x1000>;
            		compatible = "arm,pl011\\0arm,primecell";
            	};

            	pmu {
            		interrupts = <0x01 0x07 0x304>;
            		compatible = "arm,armv8-pmuv3";
            	};

            	intc@8000000 {
            		phandle = <0x8003>;
            		reg = <0x00 0x8000000 0x00 0x10000 0x00 0x8010000 0x00 0x10000>;
            		compatible = "arm,cortex-a15-gic";
            		ranges;
            		#size-cells = <0x02>;
            		#address-cells = <0x02>;
            		interrupt-controller;
            		#interrupt-cells = <0x03>;
            	};

            	flash@0 {
            		bank-width = <0x04>;
            		reg = <0x00 0x00 0x00 0x4000000 0x00 0x4000000 0x00 0x4000000>;
            		compatible = "cfi-flash";
            	};

            	cpus {
            		#size-cells = <0x00>;
            		#address-cells = <0x01>;

            		cpu-map {

            			socket0 {

            				cluster0 {

            					core0 {
            						cpu = <0x8002>;
            					};

            					core1 {
            						cpu = <0x8001>;
            					};
            				};
            			};
            		};

            		cpu@0 {
            			phandle = <0x8002>;
            			reg = <0x00>;
            			enable-method = "psci";
            			compatible = "arm,cortex-a57";
            			device_type = "cpu";
            		};

            		cpu@1 {
            			phandle = <0x8001>;
            			reg = <0x01>;
            			enable-method = "psci";
            			compatible = "arm,cortex-a57";
            			device_type = "cpu";
            		};
            	};

            	timer {
            		interrupts = <0x01 0x0d 0x304 0x01 0x0e 0x304 0x01 0x0b 0x304 0x01 0x0a 0x304>;
            		always-on;
            		compatible = "arm,armv8-timer\\0arm,armv7-timer";
            	};

            	apb-pclk {
            		phandle = <0x8000>;
            		clock-output-names = "clk24mhz";
            		clock-frequency = <0x16e3600>;
            		#clock-cells = <0x00>;
            		compatible = "fixed-clock";
            	};

            	chosen {
            		stdout-path = "/pl011@9000000";
            	};
            };
            """;

    /**
     * {@code qemu-system-aarch64 -M virt,gic-version=3,its=off,dumpdtb=... -cpu cortex-a57 -smp 2 -m 512} (QEMU
     * 7.2), trimmed as {@link #QEMU_VIRT_2CPU}: the same tree except the {@code arm,gic-v3} node (distributor and
     * one redistributor region sized for 123 CPUs, no maintenance interrupt without EL2) and PPI flags without
     * the GICv2 CPU mask.
     */
    static final String QEMU_VIRT_2CPU_GICV3 = QEMU_VIRT_2CPU
            .replace("""
            		reg = <0x00 0x8000000 0x00 0x10000 0x00 0x8010000 0x00 0x10000>;
            		compatible = "arm,cortex-a15-gic";
            """, """
            		reg = <0x00 0x8000000 0x00 0x10000 0x00 0x80a0000 0x00 0xf60000>;
            		#redistributor-regions = <0x01>;
            		compatible = "arm,gic-v3";
            """)
            .replace(" 0x304", " 0x04").replace("0x304>", "0x04>");

    private static VirtFdt.Spec twoCpusGicv3() {
        return VirtFdt.builder(512L << 20, 2).pmu(true)
                .gicV3(new VirtFdt.Mmio(0x0800_0000L, 0x1_0000L), new VirtFdt.Mmio(0x080a_0000L, 0xf6_0000L)).build();
    }

    @Test
    void gicv3TreeMatchesQemusExactly() throws Exception {
        Dtc.require();
        assertTrue(QEMU_VIRT_2CPU_GICV3.contains("arm,gic-v3") && !QEMU_VIRT_2CPU_GICV3.contains("0x304"));
        Fdt qemu = FdtReader.parse(Dtc.toDtb(QEMU_VIRT_2CPU_GICV3));
        Fdt ours = FdtReader.parse(VirtFdt.dtb(twoCpusGicv3()));
        if (!ours.root().deepEquals(qemu.root())) {
            assertEquals(QEMU_VIRT_2CPU_GICV3, Dtc.toDts(VirtFdt.dtb(twoCpusGicv3())), "generated tree differs from QEMU's");
        }
    }

    private static VirtFdt.Spec twoCpus() {
        return VirtFdt.builder(512L << 20, 2).pmu(true).build();
    }

    @Test
    void keyNodesAndProperties() {
        Fdt f = FdtReader.parse(VirtFdt.dtb(twoCpus()));
        FdtNode root = f.root();
        assertEquals(2, root.u32("#address-cells"));
        assertEquals(2, root.u32("#size-cells"));
        assertEquals("linux,dummy-virt", root.string("compatible"));

        FdtNode gic = root.find("/intc@8000000");
        assertEquals(root.u32("interrupt-parent"), gic.u32("phandle"));
        assertEquals("arm,cortex-a15-gic", gic.string("compatible"));
        assertEquals(3, gic.u32("#interrupt-cells"));
        assertTrue(gic.hasProp("interrupt-controller"));
        assertArrayEquals(new int[] {0, 0x0800_0000, 0, 0x1_0000, 0, 0x0801_0000, 0, 0x1_0000}, gic.cells("reg"));

        int clk = root.find("/apb-pclk").u32("phandle");
        assertEquals(24_000_000, root.find("/apb-pclk").u32("clock-frequency"));
        FdtNode uart = root.find("/pl011@9000000");
        assertEquals(List.of("arm,pl011", "arm,primecell"), uart.strings("compatible"));
        assertArrayEquals(new int[] {0, 1, 4}, uart.cells("interrupts"));
        assertArrayEquals(new int[] {clk, clk}, uart.cells("clocks"));
        assertEquals("/pl011@9000000", root.find("/chosen").string("stdout-path"));
        assertArrayEquals(new int[] {0, 2, 4}, root.find("/pl031@9010000").cells("interrupts"));
        assertEquals("qemu,fw-cfg-mmio", root.find("/fw-cfg@9020000").string("compatible"));
        assertArrayEquals(new int[] {0, 0, 0, 0x0400_0000, 0, 0x0400_0000, 0, 0x0400_0000},
                root.find("/flash@0").cells("reg"));
        assertEquals(4, root.find("/flash@0").u32("bank-width"));
        assertArrayEquals(new int[] {0, 0x4000_0000, 0, 0x2000_0000}, root.find("/memory@40000000").cells("reg"));

        FdtNode psci = root.find("/psci");
        assertEquals("hvc", psci.string("method"));
        assertEquals(0xc4000003, psci.u32("cpu_on"));
        FdtNode cpu1 = root.find("/cpus/cpu@1");
        assertEquals(1, cpu1.u32("reg"));
        assertEquals("psci", cpu1.string("enable-method"));
        assertEquals("arm,cortex-a57", cpu1.string("compatible"));
        assertEquals(cpu1.u32("phandle"), root.find("/cpus/cpu-map/socket0/cluster0/core1").u32("cpu"));
        int[] timer = root.find("/timer").cells("interrupts");
        assertArrayEquals(new int[] {1, 13, 0x304, 1, 14, 0x304, 1, 11, 0x304, 1, 10, 0x304}, timer);
    }

    @Test
    void matchesQemusTreeExactly() throws Exception {
        Dtc.require();
        Fdt qemu = FdtReader.parse(Dtc.toDtb(QEMU_VIRT_2CPU));
        Fdt ours = FdtReader.parse(VirtFdt.dtb(twoCpus()));
        if (!ours.root().deepEquals(qemu.root())) {
            assertEquals(QEMU_VIRT_2CPU, Dtc.toDts(VirtFdt.dtb(twoCpus())), "generated tree differs from QEMU's");
        }
        String dts = Dtc.toDts(VirtFdt.dtb(twoCpus()));
        assertTrue(dts.contains("stdout-path = \"/pl011@9000000\";"), dts);
    }

    @Test
    void singleCpuOptionsAndBootProperties() {
        VirtFdt.Spec s = VirtFdt.builder(1L << 30, 1)
                .bootargs("console=ttyAMA0")
                .initrd(0x4800_0000L, 0x4810_0000L)
                .seeds(new byte[32], 0x1234L)
                .rtc(null)
                .fwCfg(null)
                .virtio(new VirtFdt.Mmio(0x0a00_0000L, 0x200, 16), 2)
                .build();
        FdtNode root = FdtReader.parse(VirtFdt.dtb(s)).root();
        assertFalse(root.find("/cpus/cpu@0").hasProp("enable-method"), "QEMU adds it only with several CPUs");
        assertEquals(0x104, root.find("/timer").cells("interrupts")[2]);
        assertNull(root.find("/pmu"));
        assertNull(root.find("/pl031@9010000"));
        assertNull(root.find("/fw-cfg@9020000"));
        FdtNode chosen = root.find("/chosen");
        assertEquals(List.of("linux,initrd-end", "linux,initrd-start", "bootargs", "stdout-path", "rng-seed", "kaslr-seed"),
                chosen.propNames());
        assertEquals(0x4800_0000, chosen.u32("linux,initrd-start"));
        assertEquals("console=ttyAMA0", chosen.string("bootargs"));
        assertEquals(0x1234L, chosen.u64("kaslr-seed"));
        assertArrayEquals(new int[] {0, 0x4000_0000, 0, 0x4000_0000}, root.find("/memory@40000000").cells("reg"));
        FdtNode v1 = root.find("/virtio_mmio@a000200");
        assertArrayEquals(new int[] {0, 17, 1}, v1.cells("interrupts"));
        assertTrue(v1.hasProp("dma-coherent"));
    }

    /**
     * {@code qemu-system-arm -M virt -cpu cortex-a15 -m 1024 -machine dumpdtb=...} (QEMU 7.2): the CPU node's
     * compatible is {@code arm,cortex-a15} and the timer is only {@code arm,armv7-timer} (no ARM_FEATURE_V8),
     * with the same PPIs and flags.
     */
    @Test
    void armv7CpuAndTimerAsQemuDescribesThem() {
        VirtFdt.Spec s = VirtFdt.builder(1L << 30, 1).cpus(1, "arm,cortex-a15").armv7(true).build();
        FdtNode root = FdtReader.parse(VirtFdt.dtb(s)).root();
        assertEquals("arm,cortex-a15", root.find("/cpus/cpu@0").string("compatible"));
        FdtNode timer = root.find("/timer");
        assertEquals(List.of("arm,armv7-timer"), timer.strings("compatible"));
        assertArrayEquals(new int[] {1, 13, 0x104, 1, 14, 0x104, 1, 11, 0x104, 1, 10, 0x104}, timer.cells("interrupts"));
        assertTrue(timer.hasProp("always-on"));
        assertEquals("hvc", root.find("/psci").string("method"));
    }

    @Test
    void mpidrWithAff3UsesTwoAddressCells() {
        VirtFdt.Spec s = VirtFdt.builder(256L << 20, 2).cpuMpidr(0, 0x1_0000_0001L).build();
        FdtNode cpus = FdtReader.parse(VirtFdt.dtb(s)).root().find("/cpus");
        assertEquals(2, cpus.u32("#address-cells"));
        assertEquals(0x1_0000_0001L, cpus.find("cpu@1").u64("reg"));
        assertEquals(0x101, VirtFdt.defaultMpidr(9));
    }

    @Test
    void badSpecsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> VirtFdt.builder(1 << 20, 9).build());
        assertThrows(IllegalArgumentException.class, () -> VirtFdt.builder(1 << 20, 1).psci("svc").build());
        assertThrows(IllegalArgumentException.class, () -> VirtFdt.builder(1 << 20, 2).cpuMpidr(0).build());
    }
}
