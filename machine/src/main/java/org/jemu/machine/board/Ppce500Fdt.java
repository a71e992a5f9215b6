package org.jemu.machine.board;

import org.jemu.machine.fdt.FdtBuilder;

/**
 * Generates the flattened device tree of the {@code ppce500} board as QEMU 7.2's {@code hw/ppc/e500.c}
 * ({@code ppce500_load_device_tree}) with {@code hw/ppc/e500plat.c}'s fix-up does: node names, property values
 * and the order of nodes and properties as {@code dtc -I dtb -O dts} shows QEMU's {@code -machine dumpdtb}.
 *
 * <p>Produced: the root ({@code fsl,qemu-e500}, two address and size cells), {@code /platform@f00000000} (the
 * empty platform bus, a {@code simple-bus}), {@code /pci@fe0008000} ({@code fsl,mpc8540-pci}: ranges for the
 * 512 MiB memory window and 64 KiB I/O window, the interrupt map of slots 1-31 onto MPIC sources 1-4),
 * {@code /soc@fe0000000} ({@code fsl,mpc8544-immr}, ranges for the 1 MiB CCSR) with the power-off GPIO, the GPIO
 * controller, the MSI block, the global utilities, the I2C controller with its RTC, the UART and the MPIC
 * ({@code fsl,mpic}), {@code /aliases},
 * {@code /cpus} (one {@code PowerPC,8544} node per CPU, last first), {@code /chosen} (stdout paths, bootargs),
 * {@code /memory}. Phandles: the MPIC 0x8003, the MSI block 0x8004, the GPIO controller 0x8005, QEMU's numbers.
 * Left out: {@code /chosen/rng-seed}, which QEMU fills with random bytes (jemu's runs are deterministic).
 */
public final class Ppce500Fdt {
    private Ppce500Fdt() {
    }

    /** QEMU's phandles for the MPIC, the MSI block and the GPIO controller. */
    public static final int MPIC_PHANDLE = 0x8003, MSI_PHANDLE = 0x8004, GPIO_PHANDLE = 0x8005;
    /** CPU core and time-base frequency QEMU advertises (TCG), Hz. */
    public static final int CLOCK_HZ = 400_000_000;
    public static final int TB_HZ = 400_000_000;
    /** The PCI bus clock, Hz. */
    public static final int PCI_CLOCK_HZ = 66_666_666;
    /** MPIC source numbers. */
    public static final int SERIAL_IRQ = 42, PCI_IRQ = 24, GPIO_IRQ = 47, I2C_IRQ = 43;

    /**
     * What the tree describes.
     *
     * @param ramSize       RAM at physical 0, bytes
     * @param cpus          number of CPUs (node per CPU; secondary CPUs get spin-table properties)
     * @param ccsrBase      CCSR base (36-bit physical)
     * @param ccsrSize      CCSR window size
     * @param mpicOffset    MPIC offset in CCSR
     * @param msiOffset     MSI block offset in CCSR
     * @param serialOffsets offsets in CCSR of the UARTs present (serial0 first), possibly empty
     * @param i2cOffset     I2C controller offset in CCSR, or -1 for none
     * @param rtcAddress    I2C address of the RTC on it
     * @param utilOffset    global utilities offset in CCSR
     * @param pciOffset     PCI controller offset in CCSR
     * @param gpioOffset    GPIO controller offset in CCSR, or -1 for none
     * @param pciMmioBusBase PCI bus address of the memory window
     * @param pciMmioBase   CPU physical address of the PCI memory window
     * @param pciPioBase    CPU physical address of the PCI I/O window
     * @param pciFirstSlot  first PCI slot in the interrupt map
     * @param pciNrSlots    slots in the interrupt map
     * @param platformBase  platform bus base
     * @param platformSize  platform bus size
     * @param spinBase      spin table base (secondary CPUs' cpu-release-addr)
     * @param bootargs      kernel command line ("" if none)
     */
    public record Spec(long ramSize, int cpus, long ccsrBase, long ccsrSize, long mpicOffset, long msiOffset,
            long[] serialOffsets, long i2cOffset, int rtcAddress, long utilOffset, long pciOffset, long gpioOffset, long pciMmioBusBase,
            long pciMmioBase, long pciPioBase, int pciFirstSlot, int pciNrSlots, long platformBase,
            long platformSize, long spinBase, String bootargs) {
    }

    /** The PCI INTx pin (0..3) of {@code slot} to MPIC source offset (QEMU's {@code ppce500_pci_map_irq_slot}). */
    public static int pciMapIrqSlot(int slot, int pin) {
        return (slot + pin) % 4;
    }

    /** Builds the tree for {@code s}. */
    public static FdtBuilder build(Spec s) {
        FdtBuilder b = new FdtBuilder(0x8000);
        String soc = "/soc@" + Long.toHexString(s.ccsrBase());
        String mpic = soc + "/pic@" + Long.toHexString(s.mpicOffset());
        String pci = "/pci@" + Long.toHexString(s.ccsrBase() + s.pciOffset());

        b.propString("compatible", "fsl,qemu-e500");
        b.propString("model", "QEMU ppce500");
        b.propU32("#size-cells", 2);
        b.propU32("#address-cells", 2);

        b.beginNode("platform@" + Long.toHexString(s.platformBase()))
                .propU32("interrupt-parent", MPIC_PHANDLE)
                .propCells("ranges", 0, (int) (s.platformBase() >>> 32), (int) s.platformBase(), (int) s.platformSize())
                .propU32("#address-cells", 1)
                .propU32("#size-cells", 1)
                .propStrings("compatible", "qemu,platform", "simple-bus")
                .endNode();

        long pciReg = s.ccsrBase() + s.pciOffset();
        int[] map = new int[s.pciNrSlots() * 4 * 7];
        int i = 0;
        for (int slot = s.pciFirstSlot(); slot < s.pciFirstSlot() + s.pciNrSlots(); slot++) {
            for (int pin = 0; pin < 4; pin++) {
                map[i++] = slot << 11;
                map[i++] = 0;
                map[i++] = 0;
                map[i++] = pin + 1;
                map[i++] = MPIC_PHANDLE;
                map[i++] = pciMapIrqSlot(slot, pin) + 1;
                map[i++] = 1;
            }
        }
        b.beginNode("pci@" + Long.toHexString(pciReg))
                .propU32("#address-cells", 3)
                .propU32("#size-cells", 2)
                .propU32("#interrupt-cells", 1)
                .propU32("clock-frequency", PCI_CLOCK_HZ)
                .propCells("reg", (int) (pciReg >>> 32), (int) pciReg, 0, 0x1000)
                .propCells("ranges",
                        0x200_0000, 0, (int) s.pciMmioBusBase(), (int) (s.pciMmioBase() >>> 32), (int) s.pciMmioBase(),
                        0, 0x2000_0000,
                        0x100_0000, 0, 0, (int) (s.pciPioBase() >>> 32), (int) s.pciPioBase(), 0, 0x1_0000)
                .propU32("fsl,msi", MSI_PHANDLE)
                .propCells("bus-range", 0, 255)
                .propCells("interrupts", PCI_IRQ, 2)
                .propU32("interrupt-parent", MPIC_PHANDLE)
                .propCells("interrupt-map", map)
                .propCells("interrupt-map-mask", 0xf800, 0, 0, 7)
                .propString("device_type", "pci")
                .propString("compatible", "fsl,mpc8540-pci")
                .propU32("cell-index", 0)
                .endNode();

        b.beginNode("soc@" + Long.toHexString(s.ccsrBase()))
                .propU32("bus-frequency", 0)
                .propCells("ranges", 0, (int) (s.ccsrBase() >>> 32), (int) s.ccsrBase(), (int) s.ccsrSize())
                .propU32("#size-cells", 1)
                .propU32("#address-cells", 1)
                .propStrings("compatible", "fsl,mpc8544-immr", "simple-bus")
                .propString("device_type", "soc");
        if (s.gpioOffset() >= 0) {
            b.beginNode("power-off")
                    .propCells("gpios", GPIO_PHANDLE, 0, 0)
                    .propString("compatible", "gpio-poweroff")
                    .endNode();
            b.beginNode("gpio@" + Long.toHexString(s.gpioOffset()))
                    .propU32("linux,phandle", GPIO_PHANDLE)
                    .propU32("phandle", GPIO_PHANDLE)
                    .propEmpty("gpio-controller")
                    .propU32("#gpio-cells", 2)
                    .propU32("interrupt-parent", MPIC_PHANDLE)
                    .propCells("interrupts", GPIO_IRQ, 2)
                    .propCells("reg", (int) s.gpioOffset(), 0x1000)
                    .propString("compatible", "fsl,qoriq-gpio")
                    .endNode();
        }
        b.beginNode("msi@" + Long.toHexString(s.msiOffset()))
                .propU32("linux,phandle", MSI_PHANDLE)
                .propU32("phandle", MSI_PHANDLE)
                .propCells("interrupts", 0xe0, 0, 0xe1, 0, 0xe2, 0, 0xe3, 0, 0xe4, 0, 0xe5, 0, 0xe6, 0, 0xe7, 0)
                .propU32("interrupt-parent", MPIC_PHANDLE)
                .propCells("msi-available-ranges", 0, 0x100)
                .propCells("reg", (int) s.msiOffset(), 0x200)
                .propString("compatible", "fsl,mpic-msi")
                .endNode();
        b.beginNode("global-utilities@" + Long.toHexString(s.utilOffset()))
                .propEmpty("fsl,has-rstcr")
                .propCells("reg", (int) s.utilOffset(), 0x1000)
                .propString("compatible", "fsl,mpc8544-guts")
                .endNode();
        String i2cPath = null;
        if (s.i2cOffset() >= 0) {
            i2cPath = soc + "/i2c@" + Long.toHexString(s.i2cOffset());
            b.beginNode("i2c@" + Long.toHexString(s.i2cOffset()))
                    .propU32("interrupt-parent", MPIC_PHANDLE)
                    .propCells("interrupts", I2C_IRQ, 2)
                    .propU32("cell-index", 0)
                    .propCells("reg", (int) s.i2cOffset(), 0x14)
                    .propString("compatible", "fsl-i2c")
                    .propString("device_type", "i2c");
            b.beginNode("rtc@" + Integer.toHexString(s.rtcAddress()))
                    .propU32("reg", s.rtcAddress())
                    .propString("compatible", "pericom,pt7c4338")
                    .endNode();
            b.endNode();
        }
        // QEMU creates serial1 before serial0, so serial0 comes first in the blob.
        for (int k = 0; k < s.serialOffsets().length; k++) {
            long off = s.serialOffsets()[k];
            b.beginNode("serial@" + Long.toHexString(off))
                    .propU32("interrupt-parent", MPIC_PHANDLE)
                    .propCells("interrupts", SERIAL_IRQ, 2)
                    .propU32("clock-frequency", CLOCK_HZ)
                    .propU32("cell-index", k)
                    .propCells("reg", (int) off, 0x100)
                    .propString("compatible", "ns16550")
                    .propString("device_type", "serial")
                    .endNode();
        }
        b.beginNode("pic@" + Long.toHexString(s.mpicOffset()))
                .propEmpty("interrupt-controller")
                .propU32("linux,phandle", MPIC_PHANDLE)
                .propU32("phandle", MPIC_PHANDLE)
                .propU32("#interrupt-cells", 2)
                .propU32("#address-cells", 0)
                .propCells("reg", (int) s.mpicOffset(), 0x40000)
                .propString("compatible", "fsl,mpic")
                .propString("device_type", "open-pic")
                .endNode();
        b.endNode(); // soc

        b.beginNode("aliases").propString("pci0", pci);
        if (i2cPath != null) {
            // QEMU's rtc alias is relative ("i2c/rtc@68"), as QEMU writes it
            b.propString("rtc", "i2c/rtc@" + Integer.toHexString(s.rtcAddress())).propString("i2c", i2cPath);
        }
        for (int k = 0; k < s.serialOffsets().length; k++) {
            b.propString("serial" + k, soc + "/serial@" + Long.toHexString(s.serialOffsets()[k]));
        }
        b.endNode();

        b.beginNode("cpus").propU32("#size-cells", 0).propU32("#address-cells", 1);
        for (int c = 0; c < s.cpus(); c++) {
            b.beginNode("PowerPC,8544@" + Integer.toHexString(c));
            if (c != 0) {
                b.propU64("cpu-release-addr", s.spinBase() + c * 0x20L)
                        .propString("enable-method", "spin-table")
                        .propString("status", "disabled");
            } else {
                b.propString("status", "okay");
            }
            b.propU32("bus-frequency", 0)
                    .propU32("i-cache-size", 0x8000)
                    .propU32("d-cache-size", 0x8000)
                    .propU32("i-cache-line-size", 0x40)
                    .propU32("d-cache-line-size", 0x40)
                    .propU32("reg", c)
                    .propString("device_type", "cpu")
                    .propU32("timebase-frequency", TB_HZ)
                    .propU32("clock-frequency", CLOCK_HZ)
                    .endNode();
        }
        b.endNode();

        b.beginNode("chosen");
        if (s.serialOffsets().length > 0) {
            String ser0 = soc + "/serial@" + Long.toHexString(s.serialOffsets()[0]);
            b.propString("stdout-path", ser0).propString("linux,stdout-path", ser0);
        }
        b.propString("bootargs", s.bootargs() == null ? "" : s.bootargs());
        b.endNode();

        b.beginNode("memory")
                .propCells("reg", 0, 0, (int) (s.ramSize() >>> 32), (int) s.ramSize())
                .propString("device_type", "memory")
                .endNode();
        return b;
    }
}
