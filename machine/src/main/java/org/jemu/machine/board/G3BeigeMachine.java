package org.jemu.machine.board;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.MachineException;
import org.jemu.machine.chardev.CharBackend;
import org.jemu.machine.chardev.Escc;
import org.jemu.machine.device.Device;
import org.jemu.machine.input.AdbBus;
import org.jemu.machine.input.AdbKeyboard;
import org.jemu.machine.input.AdbMouse;
import org.jemu.machine.intc.HeathrowPic;
import org.jemu.machine.loader.ElfImage;
import org.jemu.machine.misc.Cuda;
import org.jemu.machine.misc.MacIoOldWorld;
import org.jemu.machine.nvram.FwCfg;
import org.jemu.machine.nvram.MacNvram;
import org.jemu.machine.pci.Grackle;
import org.jemu.ppc.cpu.PpcCpu;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.exec.GuestCpu;

/**
 * QEMU's {@code g3beige} board, the Old World "Heathrow" Power Macintosh G3 (hw/ppc/mac_oldworld.c), with
 * QEMU's memory map, device set and interrupt wiring, so OpenBIOS ({@code openbios-ppc}) runs as on
 * {@code qemu-system-ppc -M g3beige}.
 *
 * <h2>Memory map (CPU physical)</h2>
 * <pre>
 * 0x0000_0000           RAM (default 128 MiB, at most 2047 MiB)
 * 0x8000_0000 .. 0xFDFF_FFFF  PCI memory (Grackle "pci-hole", bus addresses 1:1); the MacIO BAR lands here
 * 0xF000_0510  2 B      fw_cfg selector (big-endian)      0xF000_0512  1 B  fw_cfg data
 * 0xFE00_0000  2 MiB    PCI I/O space (ports 0..0xFFFF)
 * 0xFEC0_0000  4 KiB    PCI CONFIG_ADDRESS                0xFEE0_0000  4 KiB  PCI CONFIG_DATA
 * 0xFFC0_0000  4 MiB    boot ROM: the -bios ELF's segments (OpenBIOS at 0xFFF0_0000), or a raw image at
 *                       0xFFC0_0000
 * </pre>
 * (The fw_cfg registers sit inside the PCI hole, as on QEMU, where they take priority.)
 *
 * <h2>PCI bus 0 (Grackle)</h2>
 * 00.0 the MPC106 host bridge (1057:0002); 10.0 the MacIO (106B:0010, {@link MacIoOldWorld}: Heathrow PIC,
 * ESCC with channel A on the first serial port, CUDA, NVRAM). QEMU's default VGA (01.0) and ne2k_pci NIC (02.0)
 * and the MacIO IDE channels are not modelled; OpenBIOS then finds no display, network or disks and stops at
 * its prompt.
 *
 * <h2>Interrupts</h2>
 * The Heathrow PIC drives the 750's external interrupt pin. Its inputs: CUDA 0x12, ESCC channel B 0x10,
 * channel A 0x0F, PCI INTA-INTD (Grackle swizzle) 0x15-0x18.
 *
 * <h2>CPU and reset</h2>
 * One PowerPC 750 v3.1 (PVR 0x0008_0301). A reset puts it in the 750's hard-reset state: MSR[IP] set, all other
 * MSR bits clear, PC = 0xFFF0_0100 (the system reset vector under the 0xFFF0_0000 prefix), as QEMU's
 * {@code ppc_heathrow_reset}; the ELF entry point is not used. The time base and decrementer run at 16.6 MHz
 * of virtual time (QEMU's TBFREQ); fw_cfg reports that, a 266 MHz CPU clock and a 66 MHz bus clock.
 *
 * <h2>Firmware</h2>
 * {@code -bios FILE}, or else {@code openbios-ppc} from the QEMU data directories (the {@code jemu.datadir}
 * system property, set by {@code -L}, then /usr/share/qemu and /usr/local/share/qemu; Debian's
 * {@code qemu-system-data} installs it). An ELF image is loaded by its physical addresses (all of it must
 * fall in the ROM or RAM); anything else is a raw ROM image loaded at 0xFFC0_0000 (at most 4 MiB), as QEMU.
 */
public final class G3BeigeMachine extends Machine {
    public static final long DEFAULT_RAM = 128L << 20;
    /** QEMU's limit for this machine: 2047 MiB. */
    public static final long MAX_RAM = 2047L << 20;
    public static final long PROM_BASE = 0xffc0_0000L;
    public static final long PROM_SIZE = 4L << 20;
    public static final long CFG_ADDR = 0xf000_0510L;
    /** Time base frequency (QEMU's TBFREQ). */
    public static final long TBFREQ = 16_600_000L;
    public static final long CLOCKFREQ = 266_000_000L;
    public static final long BUSFREQ = 66_000_000L;
    /** fw_cfg machine id of this board (OpenBIOS ARCH_HEATHROW). */
    public static final int ARCH_HEATHROW = 2;
    /** The firmware QEMU uses by default. */
    public static final String DEFAULT_BIOS = "openbios-ppc";
    /** Heathrow inputs. */
    public static final int IRQ_CUDA = 0x12, IRQ_ESCC_B = 0x10, IRQ_ESCC_A = 0x0f, IRQ_PCI_BASE = 0x15;
    /** PCI slot of the MacIO (QEMU: 00:10.0). */
    public static final int MACIO_DEVFN = 0x10 << 3;

    // fw_cfg PowerPC items (FW_CFG_ARCH_LOCAL + n)
    public static final int FW_CFG_PPC_WIDTH = 0x8000, FW_CFG_PPC_HEIGHT = 0x8001, FW_CFG_PPC_DEPTH = 0x8002;
    public static final int FW_CFG_PPC_TBFREQ = 0x8003, FW_CFG_PPC_CLOCKFREQ = 0x8004, FW_CFG_PPC_IS_KVM = 0x8005;
    public static final int FW_CFG_PPC_BUSFREQ = 0x8009;

    private final PpcCpu cpu;
    private final List<PpcCpu> cpus;
    private final List<Device> devices = new ArrayList<>();
    private final List<ElfImage.Segment> romImage = new ArrayList<>();
    private final Escc escc;
    private final HeathrowPic pic;
    private final Cuda cuda;
    private final FwCfg fwCfg;
    private final Grackle grackle;
    private final MacIoOldWorld macio;

    /**
     * Builds the board from {@code config}.
     *
     * @param serial host side of ESCC channel A (null: no console)
     * @throws MachineException for a bad configuration or firmware image (one-line message)
     */
    public G3BeigeMachine(MachineConfig config, CharBackend serial) {
        super(config);
        try {
            long ram = config.ramBytes() == 0 ? DEFAULT_RAM : config.ramBytes();
            if (ram > MAX_RAM) {
                throw new MachineException("-m " + (ram >> 20) + "M: too much memory for the g3beige machine (at most 2047 MiB)");
            }
            if (ram < (1L << 20) || (ram & 0xfff) != 0) {
                throw new MachineException("-m: the g3beige board needs at least 1 MiB of RAM, in multiples of 4 KiB");
            }
            if (config.smp() > 1) {
                throw new MachineException("-smp " + config.smp() + ": jemu's g3beige board has one CPU");
            }
            if (config.cpuModel() != null && !config.cpuModel().equalsIgnoreCase("750")
                    && !config.cpuModel().equalsIgnoreCase("750_v3.1")) {
                throw new MachineException("-cpu " + config.cpuModel() + ": the g3beige board supports 750_v3.1 only");
            }
            if (config.kernel() != null || config.initrd() != null || config.append() != null || config.dtb() != null) {
                throw new MachineException("-kernel, -initrd, -append and -dtb are not supported on the g3beige board yet");
            }
            if (!config.drives().isEmpty()) {
                throw new MachineException("-drive: the g3beige board has no disk controller yet (MacIO IDE is not modelled)");
            }
            if (!config.devices().isEmpty()) {
                throw new MachineException("-device " + config.devices().get(0) + ": the g3beige board takes no extra devices yet");
            }
            Path biosPath = config.bios() != null ? config.bios() : findFirmware(DEFAULT_BIOS);
            byte[] bios = readFile(biosPath);

            try {
                memory.addRam("ppc_heathrow.ram", 0, ram);
            } catch (OutOfMemoryError e) {
                throw new MachineException("-m " + (ram >> 20) + "M: the host refused to map that much memory for guest RAM");
            }
            memory.addRom("ppc_heathrow.bios", PROM_BASE, PROM_SIZE, null);
            loadFirmware(biosPath, bios, ram);

            // CPU
            cpu = new PpcCpu(0, memory);
            cpus = List.of(cpu);
            cpu.attachClock(clock, TBFREQ);
            loop = new ExecLoop(cpus, clock, new BytecodeBackend());

            // Interrupt controller, PCI host, MacIO
            pic = new HeathrowPic("heathrow", level -> cpu.setInterrupt(PpcCpu.INT_EXTERNAL, level));
            devices.add(pic);
            grackle = new Grackle(pic.input(IRQ_PCI_BASE), pic.input(IRQ_PCI_BASE + 1), pic.input(IRQ_PCI_BASE + 2),
                    pic.input(IRQ_PCI_BASE + 3));
            devices.add(grackle.configMechanism());
            devices.add(grackle.hostBridge());
            memory.addMmio("pci-conf-idx", Grackle.CONFIG_ADDRESS_BASE, Grackle.CONFIG_REGION_SIZE, grackle.configAddress());
            memory.addMmio("pci-data-idx", Grackle.CONFIG_DATA_BASE, Grackle.CONFIG_REGION_SIZE, grackle.configData());
            memory.addMmio("pci-isa-mmio", Grackle.ISA_IO_BASE, Grackle.ISA_IO_SIZE, grackle.isaIo());

            macio = new MacIoOldWorld("macio-oldworld");
            escc = new Escc("escc", serial, pic.input(IRQ_ESCC_A), pic.input(IRQ_ESCC_B));
            long rtcStart = config.realTime() ? System.currentTimeMillis() / 1000 : 1_700_000_000L;
            AdbBus adb = new AdbBus();
            AdbKeyboard kbd = new AdbKeyboard("adb-keyboard");
            AdbMouse mouse = new AdbMouse("adb-mouse");
            adb.add(kbd);
            adb.add(mouse);
            devices.add(kbd);
            devices.add(mouse);
            cuda = new Cuda("cuda", clock, adb, pic.input(IRQ_CUDA), rtcStart, () -> requestShutdown(Shutdown.POWER_OFF),
                    () -> requestShutdown(config.noReboot() ? Shutdown.POWER_OFF : Shutdown.RESET));
            MacNvram nvram = new MacNvram("macio-nvram", MacNvram.DEFAULT_SIZE);
            macio.map("heathrow-pic", MacIoOldWorld.PIC_OFFSET, HeathrowPic.SIZE, pic);
            macio.unimplemented("mac-dbdma", MacIoOldWorld.DBDMA_OFFSET, 0x1000);
            macio.map("escc-legacy", MacIoOldWorld.ESCC_LEGACY_OFFSET, 0x100, escc.legacy());
            macio.map("escc", MacIoOldWorld.ESCC_OFFSET, Escc.SIZE, escc);
            macio.map("cuda", MacIoOldWorld.CUDA_OFFSET, Cuda.SIZE, cuda);
            macio.unimplemented("macio-ide0", MacIoOldWorld.IDE0_OFFSET, 0x1000);
            macio.unimplemented("macio-ide1", MacIoOldWorld.IDE1_OFFSET, 0x1000);
            macio.map("macio-nvram", MacIoOldWorld.NVRAM_OFFSET, nvram.regionSize(), nvram);
            grackle.bus().attach(macio, MACIO_DEVFN);
            devices.add(macio);
            devices.add(escc);
            devices.add(cuda);
            devices.add(nvram);
            if (serial != null) {
                pollChardev(serial);
            }

            // fw_cfg (QEMU: fw_cfg_init_mem with data_width 1, no DMA)
            fwCfg = new FwCfg("fw_cfg", memory, false, FwCfg.DEFAULT_FILE_SLOTS);
            fwCfg.addU16(FwCfg.NB_CPUS, 1);
            fwCfg.addU16(FwCfg.MAX_CPUS, 1);
            fwCfg.addU64(FwCfg.RAM_SIZE, ram);
            fwCfg.addU16(FwCfg.MACHINE_ID, ARCH_HEATHROW);
            fwCfg.addU32(FwCfg.KERNEL_ADDR, 0);
            fwCfg.addU32(FwCfg.KERNEL_SIZE, 0);
            fwCfg.addU32(FwCfg.KERNEL_CMDLINE, 0);
            fwCfg.addU32(FwCfg.INITRD_ADDR, 0);
            fwCfg.addU32(FwCfg.INITRD_SIZE, 0);
            fwCfg.addU16(FwCfg.BOOT_DEVICE, 'c');
            fwCfg.addU16(FwCfg.NOGRAPHIC, 1);
            fwCfg.addU16(FW_CFG_PPC_WIDTH, 800);
            fwCfg.addU16(FW_CFG_PPC_HEIGHT, 600);
            fwCfg.addU16(FW_CFG_PPC_DEPTH, 32);
            fwCfg.addU32(FW_CFG_PPC_IS_KVM, 0);
            fwCfg.addU32(FW_CFG_PPC_TBFREQ, TBFREQ);
            fwCfg.addU32(FW_CFG_PPC_CLOCKFREQ, CLOCKFREQ);
            fwCfg.addU32(FW_CFG_PPC_BUSFREQ, BUSFREQ);
            fwCfg.addFile("etc/boot-fail-wait", new byte[] {-1, -1, -1, -1});
            devices.add(fwCfg);
            memory.addMmio("fwcfg.ctl", CFG_ADDR, 2, fwCfg.controlRegister());
            memory.addMmio("fwcfg.data", CFG_ADDR + 2, 1, fwCfg.byteDataRegister());
            // The PCI memory window around the fw_cfg registers.
            memory.addMmio("pci-hole", Grackle.PCI_HOLE_BASE, CFG_ADDR - Grackle.PCI_HOLE_BASE,
                    grackle.pciHole());
            long hole2 = CFG_ADDR + 3;
            memory.addMmio("pci-hole@" + Long.toHexString(hole2), hole2,
                    Grackle.PCI_HOLE_BASE + Grackle.PCI_HOLE_SIZE - hole2, grackle.bus().memoryWindow(hole2));

            reset();
        } catch (RuntimeException | OutOfMemoryError e) {
            close();
            throw e;
        }
    }

    /**
     * Finds {@code name} in the QEMU data directories: the {@code jemu.datadir} system property (directories
     * separated by the path separator), then /usr/share/qemu and /usr/local/share/qemu.
     *
     * @throws MachineException naming the directories searched when the file is in none of them
     */
    public static Path findFirmware(String name) {
        List<String> dirs = new ArrayList<>();
        String prop = System.getProperty("jemu.datadir");
        if (prop != null && !prop.isEmpty()) {
            dirs.addAll(List.of(prop.split(File.pathSeparator)));
        } else {
            dirs.add("/usr/share/qemu");
            dirs.add("/usr/local/share/qemu");
        }
        for (String d : dirs) {
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new MachineException("-M g3beige: cannot find the firmware '" + name + "' in " + String.join(", ", dirs)
                + "; install it (Debian: apt install qemu-system-data) or give -bios FILE");
    }

    private static byte[] readFile(Path p) {
        return VirtMachine.readImage("-bios", p);
    }

    /** Loads the firmware: an ELF by its physical addresses (ROM or RAM), else a raw image at PROM_BASE. */
    private void loadFirmware(Path p, byte[] bios, long ram) {
        String what = "-bios " + p;
        if (ElfImage.isElf(bios)) {
            if (bios.length > 5 && bios[5] != 2) {
                throw new MachineException(what + ": ELF byte order is not big-endian");
            }
            ElfImage elf = ElfImage.parse(bios, what, ElfImage.EM_PPC, PROM_SIZE);
            long total = 0;
            for (ElfImage.Segment s : elf.segments()) {
                long end = s.paddr() + s.memSize();
                boolean inRom = s.paddr() >= PROM_BASE && end <= PROM_BASE + PROM_SIZE;
                boolean inRam = s.paddr() >= 0 && end <= ram;
                if (!inRom && !inRam) {
                    throw new MachineException(String.format("%s: ELF segment at 0x%x (%d bytes) is outside the boot ROM"
                            + " (0x%x-0x%x) and RAM", what, s.paddr(), s.memSize(), PROM_BASE, PROM_BASE + PROM_SIZE - 1));
                }
                total += s.memSize();
                romImage.add(s);
            }
            if (total > PROM_SIZE) {
                throw new MachineException(what + ": the image is larger than the 4 MiB boot ROM");
            }
        } else {
            if (bios.length > PROM_SIZE) {
                throw new MachineException(what + ": " + bios.length + " bytes do not fit in the 4 MiB boot ROM");
            }
            romImage.add(new ElfImage.Segment(PROM_BASE, bios));
        }
    }

    @Override
    public List<? extends GuestCpu> cpus() {
        return cpus;
    }

    /** The board's devices, in reset order (for snapshots and tests). */
    public List<Device> devices() {
        return List.copyOf(devices);
    }

    /** The board's CPU. */
    public PpcCpu cpu() {
        return cpu;
    }

    /** The ESCC (console on channel A). */
    public Escc escc() {
        return escc;
    }

    /** The Heathrow interrupt controller. */
    public HeathrowPic pic() {
        return pic;
    }

    /** The CUDA. */
    public Cuda cuda() {
        return cuda;
    }

    /** The PCI host bridge. */
    public Grackle grackle() {
        return grackle;
    }

    /**
     * System reset: devices to their reset state, the firmware copied into the ROM (and RAM) again, the CPU in
     * the 750's hard-reset state at 0xFFF0_0100.
     */
    @Override
    public void reset() {
        for (Device d : devices) {
            d.reset();
        }
        for (ElfImage.Segment s : romImage) {
            s.loadInto(memory);
        }
        cpu.resetSystem();
        loop.codeCache().flush();
    }
}
