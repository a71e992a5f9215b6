package org.jemu.machine.board;

import java.util.ArrayList;
import java.util.List;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.MachineException;
import org.jemu.machine.chardev.CharBackend;
import org.jemu.machine.chardev.Serial16550;
import org.jemu.machine.device.Device;
import org.jemu.machine.fdt.FdtException;
import org.jemu.machine.fdt.FdtReader;
import org.jemu.machine.gpio.Mpc8xxxGpio;
import org.jemu.machine.i2c.Ds1338;
import org.jemu.machine.i2c.MpcI2c;
import org.jemu.machine.intc.OpenPic;
import org.jemu.machine.loader.ElfImage;
import org.jemu.machine.misc.Mpc8544Guts;
import org.jemu.machine.pci.Ppce500PciHost;
import org.jemu.ppc.cpu.PpcBookECpu;
import org.jemu.ppc.cpu.PpcBookEMmu;
import org.jemu.ppc.cpu.PpcCpu;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.exec.IrqLine;

/**
 * QEMU's {@code ppce500} machine ({@code hw/ppc/e500.c} with {@code hw/ppc/e500plat.c}, QEMU 7.2): a generic
 * e500 platform with an e500mc core, RAM at 0, the CCSR block of an MPC8544-like SoC and a PCI host, booted
 * from an ELF firmware (U-Boot) with a generated device tree ({@link Ppce500Fdt}).
 *
 * <h2>Memory map (36-bit guest physical)</h2>
 * <pre>
 * 0x0_0000_0000 .. RAM size     RAM (default 128 MiB, a multiple of 64 MiB as QEMU requires)
 * 0xF_E000_0000 .. +1 MiB       CCSR:
 *     +0x03000                  MPC I2C controller, MPIC source 43, with a DS1338 RTC at I2C address 0x68
 *     +0x04500                  16550 UART (serial0, the -serial/-nographic console), MPIC source 42
 *     +0x08000                  PCI controller: CFG_ADDR +0x0 (BE), CFG_DATA +0x4 (LE), ATMU +0xC00..0xFFF
 *     +0x40000 .. +0x7FFFF      MPIC (Freescale MPIC 4.2), outputs INT/CINT/MCK to the CPU
 *     +0xE0000                  global utilities (PVR, SVR, RSTCR: a write of HRESET_REQ resets the machine)
 *     +0xFF000                  MPC8xxx GPIO, MPIC source 47; pin 0 is the power-off line
 * </pre>
 * Not modelled (QEMU has them): the second UART at +0x4600 (QEMU creates it only for a second -serial), the
 * platform bus at 0xF_0000_0000 (empty by default in
 * QEMU too; its device-tree node is kept), the spin table at 0xF_EF00_0000 (secondary CPUs), PCI devices
 * behind the host bridge (QEMU's default virtio-net NIC: jemu has no PCI NIC; run QEMU with {@code -nic none}
 * for the same device set) and the memory windows of the PCI controller. Other CCSR offsets read as zero.
 *
 * <h2>Boot (QEMU's {@code ppce500_init} / {@code ppce500_cpu_reset})</h2>
 * {@code -bios FILE} is an ELF image loaded at its physical addresses (or, a jemu extension, a raw image
 * loaded at {@value #RAW_LOAD_ADDR} and entered there). The device tree goes to
 * {@code (lowest load address + loaded size + 0x1800000) & ~0xFFFFF} as a 1 MiB blob. CPU 0 starts at the
 * entry point with r1 = 16 MiB - 8, r3 = the device tree address, r6 = the ePAPR magic 0x45504150, r7 = the
 * size of the initial mapping, other GPRs 0, MSR 0, and TLB1 entry 0 mapping virtual 0 to physical 0 with
 * every permission, TS 0, TID 0, sized to cover everything up to the end of the device tree (a power of 4
 * KiB, 64 MiB for U-Boot). The time base runs at {@value Ppce500Fdt#TB_HZ} Hz of virtual time.
 */
public final class Ppce500Machine extends Machine {
    public static final long DEFAULT_RAM = 128L << 20;
    public static final long RAM_ALIGN = 64L << 20;
    /** RAM must end below the PCI memory window. */
    public static final long MAX_RAM = 0xC_0000_0000L;
    public static final long CCSR_BASE = 0xF_E000_0000L;
    public static final long CCSR_SIZE = 0x10_0000L;
    public static final long MPIC_OFFSET = 0x40000;
    public static final long MSI_OFFSET = 0x41600;
    public static final long SERIAL0_OFFSET = 0x4500;
    public static final long PCI_OFFSET = 0x8000;
    public static final long UTIL_OFFSET = 0xE0000;
    public static final long GPIO_OFFSET = 0xFF000;
    public static final long I2C_OFFSET = 0x3000;
    /** I2C address of the DS1338 RTC. */
    public static final int RTC_I2C_ADDRESS = 0x68;
    /** The RTC's time at virtual time 0 without -rtc/real time: 2023-11-14 22:13:20 UTC, as the virt board's PL031. */
    public static final long RTC_START = 1_700_000_000L;
    public static final long PCI_MMIO_BASE = 0xC_0000_0000L;
    public static final long PCI_MMIO_BUS_BASE = 0xE000_0000L;
    public static final long PCI_PIO_BASE = 0xF_E100_0000L;
    public static final long PLATFORM_BUS_BASE = 0xF_0000_0000L;
    public static final long PLATFORM_BUS_SIZE = 128L << 20;
    public static final long SPIN_BASE = 0xF_EF00_0000L;
    public static final int PCI_FIRST_SLOT = 1;
    public static final int PCI_NR_SLOTS = 31;
    /** MPIC sources of PCI INTA..INTD. */
    public static final int[] PCI_IRQS = {1, 2, 3, 4};
    /** ePAPR boot magic in r6. */
    public static final int EPAPR_MAGIC = 0x45504150;
    /** Where a raw (non-ELF) -bios image is loaded and entered: U-Boot's text base on this board. */
    public static final long RAW_LOAD_ADDR = 0xF0_0000L;
    public static final long DTC_LOAD_PAD = 0x180_0000L;
    public static final long DTC_PAD_MASK = 0xF_FFFFL;
    public static final int DTB_SIZE = 1 << 20;
    /** The CPU models {@code -cpu} accepts. */
    public static final List<String> CPU_MODELS = List.of("e500mc");

    private final List<PpcBookECpu> cpus = new ArrayList<>();
    private final PpcBookECpu cpu;
    private final List<Device> devices = new ArrayList<>();
    private final OpenPic mpic;
    private final Serial16550 serial0;
    private final Mpc8xxxGpio gpio;
    private final Ppce500PciHost pci;
    private final List<ElfImage.Segment> firmware = new ArrayList<>();
    private final long entry;
    private final byte[] dtb;
    private final long dtbAddr;
    private final long initialMapSize;
    private int resets;

    /**
     * Builds the board from {@code config}.
     *
     * @param serial host side of serial0 (null: no console)
     * @throws MachineException for a bad configuration or image (one-line message)
     */
    public Ppce500Machine(MachineConfig config, CharBackend serial) {
        super(config);
        try {
            long ram = config.ramBytes() == 0 ? DEFAULT_RAM : config.ramBytes();
            if (ram % RAM_ALIGN != 0) {
                throw new MachineException("-m " + (ram >> 20) + "M: the ppce500 board needs a multiple of 64 MiB of RAM "
                        + "(as QEMU requires)");
            }
            if (ram > MAX_RAM) {
                throw new MachineException("-m " + (ram >> 20) + "M: the ppce500 board maps at most "
                        + (MAX_RAM >> 30) + " GiB of RAM");
            }
            if (config.smp() > 1) {
                throw new MachineException("-smp " + config.smp() + ": jemu's ppce500 board has one CPU for now");
            }
            String model = config.cpuModel() == null ? "e500mc" : config.cpuModel();
            if (!CPU_MODELS.contains(model)) {
                throw new MachineException("-cpu " + model + ": unknown CPU model for the ppce500 board; supported: "
                        + String.join(", ", CPU_MODELS));
            }
            if (config.kernel() != null || config.initrd() != null) {
                throw new MachineException("-kernel and -initrd are not supported on the ppce500 board yet "
                        + "(boot U-Boot with -bios)");
            }
            if (!config.drives().isEmpty()) {
                throw new MachineException("-drive: the ppce500 board has no disk controller yet");
            }
            if (!config.devices().isEmpty()) {
                throw new MachineException("-device " + config.devices().get(0) + ": the ppce500 board takes no -device yet");
            }
            if (config.bios() == null) {
                throw new MachineException("the ppce500 board needs -bios FILE (for example "
                        + "/usr/lib/u-boot/qemu-ppce500/uboot.elf from Debian's u-boot-qemu)");
            }

            // Firmware image
            byte[] image = VirtMachine.readImage("-bios", config.bios());
            String what = "-bios " + config.bios();
            long loadAddr;
            long payloadSize;
            if (ElfImage.isElf(image)) {
                ElfImage elf = ElfImage.parse(image, what, ElfImage.EM_PPC, ram);
                for (ElfImage.Segment s : elf.segments()) {
                    if (s.paddr() < 0 || s.paddr() + s.memSize() > ram) {
                        throw new MachineException(what + ": an ELF segment at 0x" + Long.toHexString(s.paddr())
                                + " lies outside the " + (ram >> 20) + " MiB of RAM");
                    }
                    firmware.add(s);
                }
                entry = elf.entry();
                loadAddr = elf.lowAddr();
                payloadSize = elf.totalSize();
            } else {
                if (RAW_LOAD_ADDR + image.length > ram) {
                    throw new MachineException(what + ": " + image.length + " bytes do not fit in RAM at 0x"
                            + Long.toHexString(RAW_LOAD_ADDR));
                }
                firmware.add(new ElfImage.Segment(RAW_LOAD_ADDR, image));
                entry = RAW_LOAD_ADDR;
                loadAddr = RAW_LOAD_ADDR;
                payloadSize = image.length;
            }

            // RAM
            try {
                memory.addRam("ppce500.ram", 0, ram);
            } catch (OutOfMemoryError e) {
                throw new MachineException("-m " + (ram >> 20) + "M: the host refused to map that much memory for guest RAM");
            }

            // CPU
            cpu = new PpcBookECpu(0, memory);
            cpus.add(cpu);
            loop = new ExecLoop(cpus, clock, new BytecodeBackend());
            cpu.attachClock(clock, Ppce500Fdt.TB_HZ);
            // the watchdog's reset request (TCR[WRC] != 0): a system reset, as QEMU's ppc_booke_timers
            cpu.setResetRequestHandler(wrc -> guestReset());

            // CCSR and its devices
            E500Ccsr ccsr = new E500Ccsr("e500-ccsr", CCSR_SIZE);
            memory.addMmio("e500-ccsr", CCSR_BASE, CCSR_SIZE, ccsr);
            IrqLine[][] outs = new IrqLine[1][OpenPic.OUTPUT_NB];
            outs[0][OpenPic.OUTPUT_INT] = level -> cpu.setInterrupt(PpcCpu.INT_EXTERNAL, level);
            outs[0][OpenPic.OUTPUT_CINT] = level -> cpu.setInterrupt(PpcBookECpu.INT_CRITICAL, level);
            outs[0][OpenPic.OUTPUT_MCK] = level -> {
                if (level) {
                    cpu.setInterrupt(PpcBookECpu.INT_MACHINE_CHECK, true);
                }
            };
            mpic = new OpenPic("mpic", OpenPic.Model.FSL_MPIC_42, 1, outs, () -> {
                GuestCpu c = loop.currentCpu();
                return c == null ? 0 : c.cpuIndex;
            }, clock);
            devices.add(mpic);
            ccsr.map("mpic", MPIC_OFFSET, OpenPic.SIZE, mpic);
            // external proxy (GCR[MODE] = 11): the CPU reads the MPIC's IACK (CCSR + 0x400A0, QEMU's mpic_iack)
            // into EPR when it takes the external input interrupt
            mpic.setProxyListener(on -> cpu.setExternalProxy(on
                    ? () -> mpic.readRegister(OpenPic.IACK) & 0xFFFF_FFFFL : null));

            serial0 = new Serial16550("serial0", serial, mpic.input(Ppce500Fdt.SERIAL_IRQ), clock,
                    Serial16550.BAUD_BASE_E500);
            devices.add(serial0);
            ccsr.map("serial0", SERIAL0_OFFSET, Serial16550.SIZE, serial0);
            if (serial != null) {
                pollChardev(serial);
            }

            MpcI2c i2c = new MpcI2c("i2c", mpic.input(Ppce500Fdt.I2C_IRQ));
            devices.add(i2c);
            ccsr.map("i2c", I2C_OFFSET, MpcI2c.SIZE, i2c);
            Ds1338 rtc = new Ds1338("rtc", clock, config.realTime() ? System.currentTimeMillis() / 1000 : RTC_START);
            devices.add(rtc);
            i2c.bus().attach(RTC_I2C_ADDRESS, rtc);

            Mpc8544Guts guts = new Mpc8544Guts("guts", () -> (int) cpu.pvr, () -> (int) cpu.svr, this::guestReset);
            devices.add(guts);
            ccsr.map("guts", UTIL_OFFSET, Mpc8544Guts.SIZE, guts);

            pci = new Ppce500PciHost("pci-host");
            devices.add(pci);
            ccsr.map("pci-conf-idx", PCI_OFFSET + Ppce500PciHost.CFG_ADDR, 4, pci.configAddress());
            ccsr.map("pci-conf-data", PCI_OFFSET + Ppce500PciHost.CFG_DATA, 4, pci.configData());
            ccsr.map("pci.reg", PCI_OFFSET + Ppce500PciHost.REG_BASE, Ppce500PciHost.REG_SIZE, pci.registers());

            gpio = new Mpc8xxxGpio("gpio", mpic.input(Ppce500Fdt.GPIO_IRQ));
            gpio.connectOutput(0, level -> {
                if (level) {
                    requestShutdown(Shutdown.POWER_OFF);
                }
            });
            devices.add(gpio);
            ccsr.map("gpio", GPIO_OFFSET, Mpc8xxxGpio.SIZE, gpio);

            // Device tree
            if (config.dtb() != null) {
                byte[] blob = VirtMachine.readImage("-dtb", config.dtb());
                try {
                    FdtReader.validate(blob);
                } catch (FdtException e) {
                    throw new MachineException("-dtb " + config.dtb() + ": " + e.getMessage());
                }
                dtb = blob;
            } else {
                dtb = Ppce500Fdt.build(spec(ram, config.append())).build(DTB_SIZE);
            }
            dtbAddr = (loadAddr + payloadSize + DTC_LOAD_PAD) & ~DTC_PAD_MASK;
            if (dtbAddr + Math.max(dtb.length, 8L << 20) > ram) {
                throw new MachineException("not enough memory for the device tree behind the firmware; raise -m");
            }
            initialMapSize = initialMapSize(dtbAddr + Math.max(dtb.length, DTB_SIZE));
            reset();
        } catch (RuntimeException | OutOfMemoryError e) {
            close();
            throw e;
        }
    }

    /** The device-tree description of this board's devices. */
    static Ppce500Fdt.Spec spec(long ram, String bootargs) {
        return new Ppce500Fdt.Spec(ram, 1, CCSR_BASE, CCSR_SIZE, MPIC_OFFSET, MSI_OFFSET, new long[] {SERIAL0_OFFSET},
                I2C_OFFSET, RTC_I2C_ADDRESS, UTIL_OFFSET, PCI_OFFSET, GPIO_OFFSET, PCI_MMIO_BUS_BASE, PCI_MMIO_BASE, PCI_PIO_BASE, PCI_FIRST_SLOT,
                PCI_NR_SLOTS, PLATFORM_BUS_BASE, PLATFORM_BUS_SIZE, SPIN_BASE, bootargs == null ? "" : bootargs);
    }

    /**
     * Size of the initial TLB1 mapping that covers [0, {@code dtEnd}) (QEMU's {@code mmubooke_initial_mapsize}):
     * 1 KiB &lt;&lt; tsize with tsize = floor(log2(dtEnd / 1 KiB)) + 1, rounded up to even.
     */
    public static long initialMapSize(long dtEnd) {
        int ps = 63 - Long.numberOfLeadingZeros(dtEnd >>> 10);
        ps += 1;
        if ((ps & 1) != 0) {
            ps++;
        }
        return 1L << 10 << ps;
    }

    /** RSTCR write: system reset, or the end of the run with -no-reboot. */
    private void guestReset() {
        resets++;
        requestShutdown(config.noReboot() ? Shutdown.POWER_OFF : Shutdown.RESET);
    }

    /** Guest-requested resets (RSTCR writes) since the machine was built. */
    public int guestResets() {
        return resets;
    }

    @Override
    public List<? extends GuestCpu> cpus() {
        return cpus;
    }

    /** The board's CPU. */
    public PpcBookECpu ppcCpu() {
        return cpu;
    }

    /** The MPIC. */
    public OpenPic mpic() {
        return mpic;
    }

    /** The device tree blob and where it is placed. */
    public byte[] dtb() {
        return dtb.clone();
    }

    public long dtbAddress() {
        return dtbAddr;
    }

    /** Size of the initial TLB1 mapping (r7 at entry). */
    public long initialMapSize() {
        return initialMapSize;
    }

    /** The firmware entry point. */
    public long entry() {
        return entry;
    }

    /** The devices in creation order. */
    public List<Device> devices() {
        return List.copyOf(devices);
    }

    /**
     * System reset: devices to their reset state, the firmware and device tree copied to RAM again (QEMU's
     * ROM blobs and its reset-time device tree load), the CPU in QEMU's e500 boot state.
     */
    @Override
    public void reset() {
        for (Device d : devices) {
            d.reset();
        }
        for (ElfImage.Segment s : firmware) {
            s.loadInto(memory);
        }
        memory.load(dtbAddr, dtb);
        cpu.setExternalProxy(null); // GCR[MODE] is back to pass-through
        bootState(cpu);
        loop.codeCache().flush();
    }

    /** QEMU's {@code ppce500_cpu_reset}: registers and the initial TLB1 entry. */
    private void bootState(PpcBookECpu c) {
        c.resetSystem();
        // QEMU 7.2's e500mc reads SVR as 0 (U-Boot's banner on qemu-system-ppc prints "CPU: Unknown, Version:
        // 0.0, (0x00000000)"), so the board presents the same.
        c.svr = 0;
        c.regs[PpcCpu.GPR0 + 1] = (16L << 20) - 8;
        c.regs[PpcCpu.GPR0 + 3] = dtbAddr;
        c.regs[PpcCpu.GPR0 + 6] = EPAPR_MAGIC & 0xFFFF_FFFFL;
        c.regs[PpcCpu.GPR0 + 7] = initialMapSize;
        c.regs[PpcCpu.MSR] = 0;
        c.regs[PpcCpu.PC] = entry & 0xFFFF_FFFFL;
        // TLB1 entry 0: EA 0 -> PA 0, every permission, TS 0, TID 0, no IPROT (QEMU's booke206_set_tlb). QEMU's
        // TSIZE counts powers of 2 KiB (always even here); the MMU takes powers of 4 KiB.
        int tsize2 = Long.numberOfTrailingZeros(initialMapSize >>> 10);
        c.mmu().writeEntry(1, 0, PpcBookEMmu.MAS1_VALID | PpcBookEMmu.tsize(tsize2 / 2), 0,
                PpcBookEMmu.MAS3_UR | PpcBookEMmu.MAS3_UW | PpcBookEMmu.MAS3_UX | PpcBookEMmu.MAS3_SR
                        | PpcBookEMmu.MAS3_SW | PpcBookEMmu.MAS3_SX, 0);
        c.stopped = false;
    }
}
