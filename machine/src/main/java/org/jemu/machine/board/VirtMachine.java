package org.jemu.machine.board;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.jemu.arm.cpu.A64CpuModel;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.arm.cpu.PowerControl;
import org.jemu.arm.cpu.PsciConduit;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.MachineException;
import org.jemu.machine.block.PflashCfi01;
import org.jemu.machine.chardev.CharBackend;
import org.jemu.machine.chardev.Pl011;
import org.jemu.machine.device.Device;
import org.jemu.machine.fdt.FdtException;
import org.jemu.machine.fdt.FdtReader;
import org.jemu.machine.intc.ArmGic;
import org.jemu.machine.intc.Gicv2;
import org.jemu.machine.intc.Gicv3;
import org.jemu.machine.intc.Gicv3CpuInterface;
import org.jemu.machine.loader.ElfImage;
import org.jemu.machine.nvram.FwCfg;
import org.jemu.machine.rtc.Pl031;
import org.jemu.machine.virtio.RawImage;
import org.jemu.machine.virtio.VirtioBlk;
import org.jemu.machine.virtio.VirtioDevice;
import org.jemu.machine.net.NetBackend;
import org.jemu.machine.net.Netdevs;
import org.jemu.machine.virtio.VirtioConsole;
import org.jemu.machine.virtio.VirtioMmio;
import org.jemu.machine.virtio.VirtioNet;
import org.jemu.machine.virtio.VirtioRng;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.exec.GuestCpu;

/**
 * QEMU's ARM {@code virt} board (hw/arm/virt.c) for AArch64 guests, with QEMU's memory map and interrupt
 * wiring:
 *
 * <pre>
 * 0x0000_0000  64 MiB  CFI flash bank 0 (pflash_cfi01; -bios is loaded here)
 * 0x0400_0000  64 MiB  CFI flash bank 1
 * 0x0800_0000  64 KiB  GIC distributor
 * 0x0801_0000  64 KiB  GICv2 CPU interface (gic-version=2, the default)
 * 0x080A_0000  N x 128 KiB  GICv3 redistributors, two 64 KiB frames per CPU (gic-version=3)
 * 0x0900_0000   4 KiB  PL011 UART (SPI 1)       0x0901_0000  4 KiB PL031 RTC (SPI 2)
 * 0x0902_0000  0x18 B  fw_cfg (MMIO, DMA)
 * 0x0a00_0000  32 x 0x200 B  virtio-mmio transports n = 0..31 (SPI 16 + n)
 * 0x4000_0000          RAM (default 128 MiB, at most 255 GiB)
 * </pre>
 *
 * The generic timer outputs go to PPIs 30 (EL1 physical), 27 (virtual), 26 (EL2) and 29 (secure); PSCI
 * is reached through HVC (no EL2/EL3, as QEMU's default). {@code -M virt,gic-version=3} replaces the GICv2
 * by a GICv3 ({@link Gicv3}: distributor, redistributors, and the CPU interface as ICC_* system registers)
 * without an ITS, as QEMU's {@code its=off}; {@code gic-version=2} (the default) and {@code max} (= 3) are
 * accepted too; {@code dtb-randomness=off} leaves out {@code /chosen/rng-seed} and {@code kaslr-seed}, which
 * are otherwise there as on QEMU (reproducible values with the virtual clock). The flattened device tree is
 * generated from this
 * device list; for a firmware boot it is placed at the start of RAM, where QEMU puts it. For {@code -kernel}
 * an AArch64 Linux {@code Image} (optionally gzip-compressed) is loaded at RAM base + its text_offset and
 * entered at EL1 with x0 = the device tree address, as the Linux arm64 boot protocol asks
 * (Documentation/arch/arm64/booting.rst). With {@code -cpu cortex-a15} (AArch32 only) a 32-bit
 * {@code zImage} is loaded at RAM base + 0x10000 and entered in SVC mode with r0 = 0, r1 = ~0 and r2 = the
 * device tree address (Documentation/arch/arm/booting.rst, QEMU {@code arm_load_kernel}); the device tree
 * goes 4 KiB aligned after the initrd slot (RAM base + MIN(RAM / 2, 128 MiB), also without an initrd) and
 * describes the timer as {@code arm,armv7-timer}. Before those Linux forms, an ELF or uImage {@code -kernel}
 * is recognised and loaded as QEMU does (see {@code loadKernel}).
 *
 * <p>All 32 virtio-mmio transports exist (empty ones read DeviceID 0) and are in the device tree. Devices
 * fill them from the top as on QEMU: the first {@code -device} goes to transport 31 (0x0a00_3e00), the next
 * to 30, and so on; {@code -device} entries come first, then the {@code -drive if=virtio} disks (QEMU creates
 * the drives' devices after the command line's {@code -device} options). {@code -device virtio-net-device}
 * connects to a {@code -netdev user} backend ({@link org.jemu.machine.net.SlirpNetBackend}), whose frames reach
 * the card at block boundaries through a machine poller; {@code virtconsole} connects a virtio-serial-device's
 * console port to a {@code -chardev} backend.
 */
public final class VirtMachine extends Machine {
    public static final long FLASH0_BASE = 0x0000_0000L;
    public static final long FLASH1_BASE = 0x0400_0000L;
    public static final long GIC_DIST_BASE = 0x0800_0000L;
    public static final long GIC_CPU_BASE = 0x0801_0000L;
    public static final long GIC_REGION_SIZE = 0x1_0000L;
    /** Base of the GICv3 redistributor region (QEMU's VIRT_GIC_REDIST). */
    public static final long GIC_REDIST_BASE = 0x080A_0000L;
    /** Size of QEMU's first redistributor region (room for 123 CPUs), as the device tree describes it. */
    public static final long GIC_REDIST_REGION_SIZE = 0xF6_0000L;
    public static final long UART_BASE = 0x0900_0000L;
    public static final long RTC_BASE = 0x0901_0000L;
    public static final long FW_CFG_BASE = 0x0902_0000L;
    public static final long RAM_BASE = 0x4000_0000L;
    /** QEMU's default RAM size for virt. */
    public static final long DEFAULT_RAM = 128L << 20;
    /** QEMU's limit for virt's RAM (LEGACY_RAMLIMIT_GB). */
    public static final long MAX_RAM = 255L << 30;
    public static final long VIRTIO_BASE = 0x0a00_0000L;
    public static final int VIRTIO_COUNT = 32;
    public static final int VIRTIO_SPI = 16;
    public static final int UART_SPI = 1;
    public static final int RTC_SPI = 2;
    /** Most vCPUs a GICv2 can serve (jemu's limit with a GICv3 too). */
    public static final int MAX_CPUS = 8;

    private final List<Aarch64Cpu> cpus = new ArrayList<>();
    private final List<Device> devices = new ArrayList<>();
    private final List<VirtioDevice> virtioDevices = new ArrayList<>();
    private final VirtioMmio[] virtio = new VirtioMmio[VIRTIO_COUNT];
    private final List<NetBackend> netBackends = new ArrayList<>();
    private final java.util.Map<String, CharBackend> chardevs;
    private PflashCfi01 flash0;
    private ArmGic gic;
    /** Seed of the device tree's rng-seed and kaslr-seed with the deterministic clock ("jemu dtb"). */
    static final long DTB_SEED = 0x6a656d7520647462L;
    /** 2 or 3 ({@code -M virt,gic-version=N}). */
    private int gicVersion;
    /** {@code /chosen/rng-seed} and {@code kaslr-seed} go into the device tree ({@code -M virt,dtb-randomness}). */
    private boolean dtbRandomness = true;
    private byte[] dtb;
    private long dtbAddr;
    private long resetPc;
    /** The -kernel image as loaded into RAM (one segment for a Linux image or uImage, the PT_LOAD ones of an ELF). */
    private List<ElfImage.Segment> kernel;
    /** Where the CPU enters the kernel. */
    private long kernelEntry;
    /** Lowest and highest (exclusive) RAM address the kernel image covers. */
    private long kernelLow, kernelHigh;
    /** The image is a Linux kernel (Linux boot registers, DTB after the initrd); false for ELF and non-Linux uImages. */
    private boolean kernelIsLinux;
    /** The image is an ELF file (QEMU then puts the DTB at the bottom of RAM when it fits below the image). */
    private boolean kernelIsElf;
    /** The CPUs are AArch32-only (cortex-a15): 32-bit kernel boot protocol. */
    private boolean aarch32;
    /** Where a 32-bit kernel goes, from the RAM base (QEMU KERNEL_LOAD_ADDR). */
    static final long KERNEL32_LOAD_OFFSET = 0x10000;
    private byte[] initrd;
    private long initrdAddr;

    /**
     * Builds the board from {@code config}; {@code serial} is the host side of the PL011 (null: no
     * console).
     *
     * @throws MachineException for a bad configuration or image (one-line message)
     */
    public VirtMachine(MachineConfig config, CharBackend serial) {
        this(config, serial, java.util.Map.of());
    }

    /**
     * Builds the board; {@code chardevs} are the {@code -chardev} backends by id, for devices that name one
     * ({@code -device virtconsole,chardev=ID}).
     *
     * @throws MachineException for a bad configuration or image (one-line message)
     */
    public VirtMachine(MachineConfig config, CharBackend serial, java.util.Map<String, CharBackend> chardevs) {
        super(config);
        this.chardevs = chardevs == null ? java.util.Map.of() : chardevs;
        try {
            build(config, serial);
        } catch (RuntimeException | OutOfMemoryError e) {
            close();
            throw e;
        }
    }

    /**
     * Checks the {@code -M virt,...} properties and returns the GIC version: {@code gic-version} 2 (default),
     * 3 or {@code max} (3); {@code its=off} is accepted (jemu has no ITS, so also without it the board is
     * QEMU's {@code its=off}); {@code dtb-randomness=on|off} (QEMU's boolean spellings) sets
     * {@link #dtbRandomness}; anything else is refused with one line.
     */
    private int parseProperties(MachineConfig config) {
        int version = 2;
        for (var e : config.boardProperties().entrySet()) {
            String key = e.getKey();
            String v = e.getValue();
            switch (key) {
                case "gic-version" -> {
                    switch (v) {
                        case "2" -> version = 2;
                        case "3", "max" -> version = 3;
                        default -> throw new MachineException("-M " + config.board() + ": gic-version=" + v
                                + " is not supported by jemu's virt board (use 2, 3 or max)");
                    }
                }
                case "dtb-randomness" -> dtbRandomness = switch (v) {
                    case "on", "yes", "true", "y" -> true;
                    case "off", "no", "false", "n" -> false;
                    default -> throw new MachineException("-M " + config.board() + ": dtb-randomness=" + v
                            + " is not a boolean (use on or off)");
                };
                case "its" -> {
                    if (!v.equals("off")) {
                        throw new MachineException("-M " + config.board() + ": its=" + v
                                + " is not supported: jemu's virt board has no ITS (use its=off)");
                    }
                }
                default -> throw new MachineException("-M " + config.board() + ": machine property '" + key + "="
                        + v + "' is not supported by jemu's virt board");
            }
        }
        return version;
    }

    private void build(MachineConfig config, CharBackend serial) {
        long ram = config.ramBytes() == 0 ? DEFAULT_RAM : config.ramBytes();
        if (ram > MAX_RAM) {
            throw new MachineException("-m " + (ram >> 20) + "M: the virt board cannot model more than 255 GiB of RAM");
        }
        if ((ram & 0xfff) != 0) {
            throw new MachineException("-m: the RAM size must be a multiple of 4 KiB");
        }
        gicVersion = parseProperties(config);
        int ncpu = config.smp() == 0 ? 1 : config.smp();
        if (ncpu < 1 || ncpu > MAX_CPUS) {
            throw new MachineException("-smp " + ncpu + ": the virt board with GICv" + gicVersion + " supports 1 to "
                    + MAX_CPUS + " CPUs" + (gicVersion == 2 ? "" : " in jemu"));
        }
        A64CpuModel model;
        try {
            model = A64CpuModel.byName(config.cpuModel() == null ? "cortex-a57" : config.cpuModel());
        } catch (IllegalArgumentException e) {
            throw new MachineException("-cpu " + config.cpuModel() + ": " + e.getMessage());
        }
        if (config.bios() == null && config.kernel() == null) {
            throw new MachineException("the virt board needs -bios FILE or -kernel FILE");
        }

        // RAM
        try {
            memory.addRam("mach-virt.ram", RAM_BASE, ram);
        } catch (OutOfMemoryError e) {
            throw new MachineException("-m " + (ram >> 20) + "M: the host refused to map that much memory for guest RAM");
        }

        // CPUs
        for (int i = 0; i < ncpu; i++) {
            cpus.add(new Aarch64Cpu(model, i, memory, clock));
        }
        loop = new ExecLoop(cpus, clock, new BytecodeBackend());
        // -no-reboot: a guest reset (PSCI SYSTEM_RESET) ends the run, as in QEMU
        PowerControl power = PowerControl.forCpus(cpus, () -> requestShutdown(Shutdown.POWER_OFF),
                () -> requestShutdown(config.noReboot() ? Shutdown.POWER_OFF : Shutdown.RESET));
        for (Aarch64Cpu c : cpus) {
            c.setCpus(cpus);
            c.setPsci(PsciConduit.HVC, power);
            c.setCbar(GIC_DIST_BASE);
        }

        // Interrupt controller and timers
        if (gicVersion == 3) {
            if (model.aarch32Only()) {
                throw new MachineException("-M " + config.board() + ": jemu's GICv3 CPU interface needs an AArch64 CPU, "
                        + "not -cpu " + config.cpuModel());
            }
            long[] aff = new long[ncpu];
            for (int i = 0; i < ncpu; i++) {
                aff[i] = cpus.get(i).mpidr() & 0xff_00ff_ffffL;
            }
            Gicv3 v3 = new Gicv3("gicv3", aff);
            devices.add(v3);
            memory.addMmio("gicv3_dist", GIC_DIST_BASE, GIC_REGION_SIZE, v3.distributor());
            memory.addMmio("gicv3_redist", GIC_REDIST_BASE, v3.redistSize(), v3.redistributors());
            Gicv3CpuInterface icc = new Gicv3CpuInterface(v3);
            for (Aarch64Cpu c : cpus) {
                c.setExternalSysRegs(icc, true);
            }
            gic = v3;
        } else {
            Gicv2 v2 = Gicv2.forVirt("gic", ncpu, () -> {
                GuestCpu c = loop.currentCpu();
                return c == null ? 0 : c.cpuIndex;
            });
            devices.add(v2);
            memory.addMmio("gic_dist", GIC_DIST_BASE, GIC_REGION_SIZE, v2.distributor());
            memory.addMmio("gic_cpu", GIC_CPU_BASE, GIC_REGION_SIZE, v2.cpuInterface());
            gic = v2;
        }
        for (Aarch64Cpu c : cpus) {
            int i = c.cpuIndex;
            gic.connectCpu(i, c.interruptInput(Aarch64Cpu.INTERRUPT_IRQ), c.interruptInput(Aarch64Cpu.INTERRUPT_FIQ));
            c.connectTimerOutput(Aarch64Cpu.GTIMER_PHYS, gic.ppi(i, 16 + VirtFdt.ARCH_TIMER_NS_EL1_PPI));
            c.connectTimerOutput(Aarch64Cpu.GTIMER_VIRT, gic.ppi(i, 16 + VirtFdt.ARCH_TIMER_VIRT_PPI));
            c.connectTimerOutput(Aarch64Cpu.GTIMER_HYP, gic.ppi(i, 16 + VirtFdt.ARCH_TIMER_NS_EL2_PPI));
            c.connectTimerOutput(Aarch64Cpu.GTIMER_SEC, gic.ppi(i, 16 + VirtFdt.ARCH_TIMER_S_EL1_PPI));
        }

        // UART, RTC, fw_cfg
        Pl011 uart = new Pl011("pl011", serial, gic.spi(UART_SPI));
        devices.add(uart);
        memory.addMmio("pl011", UART_BASE, Pl011.SIZE, uart);
        if (serial != null) {
            pollChardev(serial);
        }
        // Deterministic by default: the RTC starts at a fixed date unless guest time follows the host.
        long rtcStart = config.realTime() ? System.currentTimeMillis() / 1000 : 1_700_000_000L;
        Pl031 rtc = new Pl031("pl031", clock, rtcStart, gic.spi(RTC_SPI));
        devices.add(rtc);
        memory.addMmio("pl031", RTC_BASE, Pl031.SIZE, rtc);
        FwCfg fwCfg = new FwCfg("fw_cfg", memory);
        fwCfg.addU16(FwCfg.NB_CPUS, ncpu);
        devices.add(fwCfg);
        memory.addMmio("fw_cfg", FW_CFG_BASE, FwCfg.SIZE, fwCfg);

        // virtio-mmio transports and their devices
        createVirtio(config);

        // Flash, with the firmware in bank 0
        flash0 = PflashCfi01.virt("virt.flash0", memory, FLASH0_BASE);
        PflashCfi01 flash1 = PflashCfi01.virt("virt.flash1", memory, FLASH1_BASE);
        devices.add(flash0);
        devices.add(flash1);
        if (config.bios() != null) {
            byte[] bios = readImage("-bios", config.bios());
            if (bios.length > PflashCfi01.VIRT_BANK_SIZE) {
                throw new MachineException("-bios " + config.bios() + ": " + bios.length
                        + " bytes do not fit in the 64 MiB boot flash");
            }
            flash0.load(bios);
        }

        // Direct kernel boot
        aarch32 = model.aarch32Only();
        VirtFdt.Builder fdt = VirtFdt.builder(ram, ncpu).cpus(ncpu, model.dtbCompatible()).armv7(aarch32)
                .virtio(new VirtFdt.Mmio(VIRTIO_BASE, VirtioMmio.SIZE, VIRTIO_SPI), VIRTIO_COUNT);
        if (dtbRandomness) {
            // QEMU's virt fills /chosen/rng-seed (32 bytes) and kaslr-seed from the host's entropy source, and
            // Linux credits rng-seed to its random pool at once. Without it the kernel has no entropy at boot
            // and spends guest seconds generating it. jemu keeps its runs reproducible: the seeds come from
            // a fixed generator with the default virtual clock and from the host only in real-time mode.
            java.util.random.RandomGenerator r = config.realTime() ? new java.security.SecureRandom()
                    : new java.util.SplittableRandom(DTB_SEED);
            byte[] rngSeed = new byte[32];
            r.nextBytes(rngSeed);
            fdt.seeds(rngSeed, r.nextLong());
        }
        if (gicVersion == 3) {
            fdt.gicV3(new VirtFdt.Mmio(GIC_DIST_BASE, GIC_REGION_SIZE),
                    new VirtFdt.Mmio(GIC_REDIST_BASE, GIC_REDIST_REGION_SIZE));
        }
        if (config.kernel() != null) {
            byte[] k = readImage("-kernel", config.kernel());
            loadKernel(config.kernel(), k, ram);
            // QEMU arm_setup_direct_kernel_boot: the initrd slot is computed with or without an initrd, and
            // the device tree goes after it, never right behind the kernel (a zImage decompresses over that
            // region, an arm64 Image's BSS lies there; Documentation/arch/arm/booting.rst).
            long start = RAM_BASE + Math.min(ram / 2, 128L << 20);
            start = Math.max(start, alignUp(kernelHigh, 4096));
            initrdAddr = start;
            if (config.initrd() != null) {
                initrd = readImage("-initrd", config.initrd());
                if (initrdAddr + initrd.length > RAM_BASE + ram) {
                    throw new MachineException("-initrd " + config.initrd() + ": the initrd does not fit in RAM");
                }
                fdt.initrd(initrdAddr, initrdAddr + initrd.length);
            } else {
                initrd = null;
            }
            fdt.bootargs(config.append() == null ? "" : config.append());
            fwCfg.addKernelItems(k, initrd, config.append());
        } else {
            kernel = null;
            kernelEntry = 0;
            initrd = null;
            initrdAddr = 0;
            if (config.append() != null || config.initrd() != null) {
                throw new MachineException("-append and -initrd need -kernel");
            }
        }

        // Device tree
        if (config.dtb() != null) {
            byte[] blob = readImage("-dtb", config.dtb());
            try {
                FdtReader.validate(blob);
            } catch (FdtException e) {
                throw new MachineException("-dtb " + config.dtb() + ": " + e.getMessage());
            }
            dtb = blob;
        } else {
            dtb = VirtFdt.dtb(fdt.build());
        }
        if (kernel == null) {
            dtbAddr = RAM_BASE;
            resetPc = FLASH0_BASE;
            if (dtb.length > ram) {
                throw new MachineException("the device tree (" + dtb.length + " bytes) does not fit in RAM; raise -m");
            }
        } else {
            long end = initrdAddr + (initrd != null ? initrd.length : 0);
            // QEMU arm_load_dtb placement: after the initrd, 2 MiB aligned for AArch64, 4 KiB for AArch32.
            dtbAddr = alignUp(end, aarch32 ? 4096 : 2L << 20);
            if (kernelIsElf && kernelLow - RAM_BASE >= dtb.length) {
                // QEMU: an ELF leaving room at the bottom of RAM gets the DTB there, where a -bios boot finds it.
                dtbAddr = RAM_BASE;
            }
            if (dtbAddr + dtb.length > RAM_BASE + ram) {
                throw new MachineException("not enough RAM for the kernel, initrd and device tree; raise -m");
            }
            resetPc = config.bios() != null ? FLASH0_BASE : kernelEntry;
        }
        reset();
        for (NetBackend b : netBackends) {
            b.start();
        }
    }

    /**
     * Builds the devices asked for ({@code -device}, then {@code -drive}) and the 32 transports. Supported
     * {@code -device} drivers: {@code virtio-rng-device}, {@code virtio-net-device[,netdev=ID][,mac=MAC]},
     * {@code virtio-serial-device} and {@code virtconsole,chardev=ID} (the console port of the preceding
     * virtio-serial-device).
     */
    private void createVirtio(MachineConfig config) {
        java.util.Map<String, String> netdevSpecs = new java.util.LinkedHashMap<>();
        for (String n : config.netdevs()) {
            String id = Netdevs.id(n);
            Netdevs.parse(n); // syntax errors before anything is created
            if (netdevSpecs.put(id, n) != null) {
                throw new MachineException("-netdev " + n + ": duplicate id " + id);
            }
        }
        java.util.Set<String> usedNetdevs = new java.util.HashSet<>();
        java.util.Set<String> usedChardevs = new java.util.HashSet<>();
        int nics = 0;
        VirtioConsole lastSerial = null;
        for (String dev : config.devices()) {
            List<String> parts = Netdevs.split(dev);
            String driver = parts.get(0);
            java.util.Map<String, String> props = new java.util.LinkedHashMap<>();
            for (String p : parts.subList(1, parts.size())) {
                int eq = p.indexOf('=');
                props.put(eq < 0 ? p : p.substring(0, eq), eq < 0 ? "" : p.substring(eq + 1));
            }
            java.util.function.Consumer<List<String>> allow = ok -> {
                for (String k : props.keySet()) {
                    if (!ok.contains(k)) {
                        throw new MachineException("-device " + dev + ": property '" + k + "' is not supported"
                                + (ok.isEmpty() ? "" : " (supported: " + String.join(", ", ok) + ")"));
                    }
                }
            };
            switch (driver) {
                case "virtio-rng-device" -> {
                    allow.accept(List.of());
                    long seed = config.realTime() ? new java.security.SecureRandom().nextLong() : VirtioRng.DEFAULT_SEED;
                    virtioDevices.add(new VirtioRng("virtio-rng", seed));
                }
                case "virtio-net-device" -> {
                    allow.accept(List.of("netdev", "mac"));
                    byte[] mac = VirtioNet.DEFAULT_MAC.clone();
                    mac[5] += (byte) nics;
                    if (props.containsKey("mac")) {
                        mac = VirtioNet.parseMac(props.get("mac"));
                    }
                    NetBackend backend = null;
                    String nd = props.get("netdev");
                    if (nd != null) {
                        String spec = netdevSpecs.get(nd);
                        if (spec == null) {
                            throw new MachineException("-device " + dev + ": no -netdev with id=" + nd);
                        }
                        if (!usedNetdevs.add(nd)) {
                            throw new MachineException("-device " + dev + ": -netdev " + nd
                                    + " is already used by another network device");
                        }
                        backend = Netdevs.create(spec);
                        netBackends.add(backend);
                    }
                    virtioDevices.add(new VirtioNet("virtio-net" + nics++, mac, backend));
                }
                case "virtio-serial-device" -> {
                    allow.accept(List.of());
                    lastSerial = new VirtioConsole("virtio-console" + virtioDevices.size());
                    virtioDevices.add(lastSerial);
                }
                case "virtconsole" -> {
                    allow.accept(List.of("chardev"));
                    if (lastSerial == null) {
                        throw new MachineException("-device " + dev + ": a virtconsole needs a -device "
                                + "virtio-serial-device before it");
                    }
                    if (lastSerial.chardev() != null) {
                        throw new MachineException("-device " + dev + ": only one port per virtio-serial-device "
                                + "is supported (add another -device virtio-serial-device)");
                    }
                    String cd = props.get("chardev");
                    if (cd == null) {
                        throw new MachineException("-device " + dev + ": chardev=ID is required");
                    }
                    CharBackend cb = chardevs.get(cd);
                    if (cb == null) {
                        throw new MachineException("-device " + dev + ": no -chardev with id=" + cd);
                    }
                    if (!usedChardevs.add(cd)) {
                        throw new MachineException("-device " + dev + ": -chardev " + cd + " is already in use");
                    }
                    lastSerial.connect(cb);
                    pollChardev(cb);
                }
                case "virtio-blk-device" -> throw new MachineException(
                        "-device virtio-blk-device: give the disk with -drive file=IMG,format=raw,if=virtio");
                default -> throw new MachineException("-device " + dev + ": unknown device for the virt board "
                        + "(supported: virtio-rng-device, virtio-net-device, virtio-serial-device, virtconsole)");
            }
        }
        for (String id : netdevSpecs.keySet()) {
            if (!usedNetdevs.contains(id)) {
                System.err.println("jemu: warning: -netdev id=" + id + " is not used by any -device "
                        + "(add -device virtio-net-device,netdev=" + id + ")");
            }
        }
        for (NetBackend b : netBackends) {
            b.setInputNotifier(this::kick);
            addPoller(() -> b.poll(instructions()));
        }
        int disk = 0;
        for (MachineConfig.Drive d : config.drives()) {
            String what = "-drive file=" + d.file();
            String format = d.format() == null ? "raw" : d.format();
            if (!format.equals("raw")) {
                throw new MachineException(what + ": format=" + format + " is not supported (only format=raw)");
            }
            String iface = d.iface() == null ? "virtio" : d.iface();
            if (!iface.equals("virtio")) {
                throw new MachineException(what + ": if=" + iface + " is not available on the virt board (use if=virtio)");
            }
            RawImage img = RawImage.open(d.file(), what);
            virtioDevices.add(new VirtioBlk("virtio-blk" + disk++, img, d.serial()));
        }
        if (virtioDevices.size() > VIRTIO_COUNT) {
            throw new MachineException("too many virtio devices: the virt board has " + VIRTIO_COUNT + " virtio-mmio slots");
        }
        for (int slot = 0; slot < VIRTIO_COUNT; slot++) {
            int k = VIRTIO_COUNT - 1 - slot;
            VirtioDevice dev = k < virtioDevices.size() ? virtioDevices.get(k) : null;
            long base = VIRTIO_BASE + (long) slot * VirtioMmio.SIZE;
            VirtioMmio t = new VirtioMmio("virtio-mmio@" + Long.toHexString(base), memory, gic.spi(VIRTIO_SPI + slot), dev);
            virtio[slot] = t;
            devices.add(t);
            memory.addMmio(t.name(), base, VirtioMmio.SIZE, t);
        }
    }

    /** The virtio-mmio transport in slot {@code n} (0..31, at 0x0a00_0000 + 0x200 n). */
    public VirtioMmio virtioTransport(int n) {
        return virtio[n];
    }

    /** Closes the disk images, then releases the machine. */
    @Override
    public void close() {
        for (VirtioDevice d : virtioDevices) {
            d.close();
        }
        for (NetBackend b : netBackends) {
            b.close();
        }
        super.close();
    }

    private static long alignUp(long v, long a) {
        return (v + a - 1) & -a;
    }

    /**
     * Reads a boot image named by option {@code opt}; a missing, unreadable or empty file, one that is not a
     * regular file (a device such as /dev/zero, a directory) or one of 2 GiB or more is a one-line error.
     */
    static byte[] readImage(String opt, Path p) {
        byte[] data;
        try {
            if (!Files.isRegularFile(p)) {
                throw new MachineException(opt + " " + p + ": " + (Files.exists(p) ? "not a regular file" : "no such file"));
            }
            if (Files.size(p) > Integer.MAX_VALUE - 8) {
                throw new MachineException(opt + " " + p + ": the file is larger than 2 GiB");
            }
            data = Files.readAllBytes(p);
        } catch (IOException e) {
            throw new MachineException(opt + " " + p + ": cannot read: " + e.getMessage());
        }
        if (data.length == 0) {
            throw new MachineException(opt + " " + p + ": the file is empty");
        }
        return data;
    }

    /** uImage header fields (U-Boot include/image.h): magic, and the OS, architecture, type and compression codes. */
    private static final int UIMAGE_MAGIC = 0x2705_1956, UIMAGE_HEADER = 64;
    private static final int IH_OS_LINUX = 5, IH_ARCH_ARM = 2, IH_ARCH_ARM64 = 22;
    private static final int IH_TYPE_KERNEL = 2, IH_TYPE_KERNEL_NOLOAD = 14, IH_COMP_NONE = 0, IH_COMP_GZIP = 1;
    /** Where a KERNEL_NOLOAD uImage goes, from the RAM base (QEMU KERNEL_NOLOAD_ADDR). */
    static final long KERNEL_NOLOAD_OFFSET = 0x0200_0000;

    /**
     * Recognises the {@code -kernel} file as QEMU's {@code arm_setup_direct_kernel_boot} does, in its order:
     * an ELF executable (EM_ARM, little-endian, for cortex-a15; EM_AARCH64 otherwise) is loaded by its
     * program headers and entered at e_entry without the Linux boot registers; a uImage (U-Boot's 64-byte
     * header, kernel or kernel_noload, uncompressed or gzip) is loaded at its load address and entered at its
     * entry point (kernel_noload: at RAM base + 32 MiB + 64, entry point relative to that), as Linux when its OS
     * is Linux; anything else is a Linux image:
     * a 32-bit zImage/Image as is at RAM base + 0x10000, or an AArch64 Image (optionally gzip-compressed) at
     * its text_offset. Every byte must land in RAM.
     *
     * @throws MachineException (one line) for an image of another architecture, a malformed header, an
     *                          unsupported uImage type or compression, or an image outside RAM
     */
    private void loadKernel(Path p, byte[] k, long ram) {
        String what = "-kernel " + p;
        List<ElfImage.Segment> segs = new ArrayList<>();
        if (ElfImage.isElf(k)) {
            if (k.length > 5 && k[5] != 1) {
                throw new MachineException(what + ": big-endian ELF images are not supported");
            }
            ElfImage elf = ElfImage.parse(k, what, aarch32 ? ElfImage.EM_ARM : ElfImage.EM_AARCH64, ram);
            segs.addAll(elf.segments());
            kernelEntry = elf.entry();
            kernelIsLinux = false;
            kernelIsElf = true;
        } else if (k.length >= UIMAGE_HEADER && ByteBuffer.wrap(k).getInt(0) == UIMAGE_MAGIC) {
            ByteBuffer h = ByteBuffer.wrap(k); // big-endian header
            long size = h.getInt(12) & 0xffff_ffffL;
            long load = h.getInt(16) & 0xffff_ffffL;
            long ep = h.getInt(20) & 0xffff_ffffL;
            int os = k[28] & 0xff, arch = k[29] & 0xff, type = k[30] & 0xff, comp = k[31] & 0xff;
            int wantArch = aarch32 ? IH_ARCH_ARM : IH_ARCH_ARM64;
            if (arch != wantArch) {
                throw new MachineException(what + ": uImage for architecture " + arch + ", this CPU needs "
                        + wantArch + (aarch32 ? " (ARM)" : " (ARM64)"));
            }
            if (type != IH_TYPE_KERNEL && type != IH_TYPE_KERNEL_NOLOAD) {
                throw new MachineException(what + ": uImage of type " + type + " is not a kernel");
            }
            if (size > k.length - UIMAGE_HEADER) {
                throw new MachineException(what + ": truncated uImage (" + size + " data bytes in the header, "
                        + (k.length - UIMAGE_HEADER) + " in the file)");
            }
            byte[] data = java.util.Arrays.copyOfRange(k, UIMAGE_HEADER, UIMAGE_HEADER + (int) size);
            if (comp == IH_COMP_GZIP) {
                data = gunzip(p, data);
            } else if (comp != IH_COMP_NONE) {
                throw new MachineException(what + ": uImage compression type " + comp + " is not supported (none or gzip)");
            }
            if (type == IH_TYPE_KERNEL_NOLOAD) {
                // As QEMU's load_uboot_image: the data goes where the header would end if the file were loaded
                // at RAM base + 32 MiB, and the entry point is an offset from there.
                load = RAM_BASE + KERNEL_NOLOAD_OFFSET + UIMAGE_HEADER;
                ep = (load + ep) & 0xffff_ffffL;
            }
            segs.add(new ElfImage.Segment(load, data));
            kernelEntry = ep;
            kernelIsLinux = os == IH_OS_LINUX;
        } else if (aarch32) {
            // A 32-bit zImage (or raw Image) is loaded as is at RAM base + 0x8000 + 0x8000 (QEMU
            // hw/arm/boot.c KERNEL_LOAD_ADDR = 0x10000); the decompressor relocates itself.
            segs.add(new ElfImage.Segment(RAM_BASE + KERNEL32_LOAD_OFFSET, k));
            kernelEntry = RAM_BASE + KERNEL32_LOAD_OFFSET;
            kernelIsLinux = true;
        } else {
            k = maybeGunzip(p, k);
            kernelEntry = RAM_BASE + arm64TextOffset(p, k);
            segs.add(new ElfImage.Segment(kernelEntry, k));
            kernelIsLinux = true;
        }
        kernelLow = Long.MAX_VALUE;
        kernelHigh = 0;
        for (ElfImage.Segment s : segs) {
            if (s.paddr() < RAM_BASE || s.paddr() + s.memSize() > RAM_BASE + ram) {
                throw new MachineException(String.format("%s: the kernel (0x%x bytes at 0x%x) does not fit in the %d MiB"
                        + " of RAM at 0x%x", what, s.memSize(), s.paddr(), ram >> 20, RAM_BASE));
            }
            kernelLow = Math.min(kernelLow, s.paddr());
            kernelHigh = Math.max(kernelHigh, s.paddr() + s.memSize());
        }
        kernel = segs;
    }

    /** Largest decompressed kernel accepted (QEMU's LOAD_IMAGE_MAX_GUNZIP_BYTES). */
    private static final int MAX_GUNZIP_BYTES = 256 << 20;

    private static byte[] maybeGunzip(Path p, byte[] k) {
        if (k.length < 2 || (k[0] & 0xff) != 0x1f || (k[1] & 0xff) != 0x8b) {
            return k;
        }
        return gunzip(p, k);
    }

    private static byte[] gunzip(Path p, byte[] k) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(k))) {
            byte[] out = in.readNBytes(MAX_GUNZIP_BYTES + 1);
            if (out.length > MAX_GUNZIP_BYTES) {
                throw new MachineException("-kernel " + p + ": decompresses to more than "
                        + (MAX_GUNZIP_BYTES >> 20) + " MiB");
            }
            return out;
        } catch (IOException e) {
            throw new MachineException("-kernel " + p + ": corrupt gzip-compressed kernel: " + e.getMessage());
        }
    }

    /**
     * Where in RAM an AArch64 Linux {@code Image} goes (header: code0/code1, text_offset at byte 8,
     * image_size at 16, magic "ARM\x64" at 0x38): its text_offset, plus 2 MiB when that is below 4 KiB, as
     * QEMU does. An image_size of 0 means an old kernel loaded at 0x80000.
     */
    private static long arm64TextOffset(Path p, byte[] k) {
        if (k.length < 64) {
            throw new MachineException("-kernel " + p + ": too short to be an AArch64 Linux Image");
        }
        ByteBuffer b = ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0x38) != 0x644d5241) {
            throw new MachineException("-kernel " + p + ": not an AArch64 Linux Image (no ARM\\x64 magic at 0x38)");
        }
        long textOffset = b.getLong(8);
        long imageSize = b.getLong(16);
        if (imageSize == 0) {
            return 0x80000;
        }
        if (textOffset < 0 || textOffset >= (64L << 20) || (textOffset & 0xfff) != 0) {
            throw new MachineException("-kernel " + p + ": implausible text_offset 0x" + Long.toHexString(textOffset));
        }
        // As QEMU (hw/arm/boot.c): the bottom of RAM is kept for a boot stub, so an image asking for an offset
        // inside it is loaded 2 MiB higher (the Image format asks only for an offset from a 2 MiB boundary).
        if (textOffset < 4096) {
            textOffset += 2L << 20;
        }
        return textOffset;
    }

    @Override
    public List<? extends GuestCpu> cpus() {
        return cpus;
    }

    /** The board's vCPUs. */
    public List<Aarch64Cpu> armCpus() {
        return cpus;
    }

    /** The generated (or {@code -dtb}) device tree blob and where it is placed in guest physical memory. */
    public byte[] dtb() {
        return dtb.clone();
    }

    public long dtbAddress() {
        return dtbAddr;
    }

    /**
     * System reset: devices and CPUs to their reset state, boot images copied to RAM again (as QEMU's ROM
     * blobs are on reset), CPU 0 started at the firmware or kernel entry, secondary CPUs powered off until
     * PSCI CPU_ON.
     */
    @Override
    public void reset() {
        for (Device d : devices) {
            d.reset();
        }
        memory.load(dtbAddr, dtb);
        if (kernel != null) {
            for (ElfImage.Segment s : kernel) {
                s.loadInto(memory);
            }
            if (initrd != null) {
                memory.load(initrdAddr, initrd);
            }
        }
        for (Aarch64Cpu c : cpus) {
            c.reset(resetPc);
            c.stopped = c.cpuIndex != 0;
            if (c.cpuIndex == 0 && kernel != null && kernelIsLinux && config.bios() == null) {
                if (aarch32) {
                    // The 32-bit Linux boot protocol (Documentation/arm/booting.rst, QEMU's bootloader stub):
                    // SVC mode, MMU off, IRQs and FIQs masked (the reset state); r0 = 0, r1 = ~0 (machine
                    // type unused with a device tree), r2 = the DTB address.
                    c.regs[0] = 0;
                    c.regs[1] = 0xffff_ffffL;
                    c.regs[2] = dtbAddr;
                } else {
                    c.regs[Aarch64Cpu.X0] = dtbAddr;
                }
            }
        }
        loop.codeCache().flush();
    }
}
