package org.jemu.machine.board;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.MachineException;
import org.jemu.machine.chardev.CharBackend;
import org.jemu.machine.chardev.IsaDebugcon;
import org.jemu.machine.chardev.Serial16550;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.IoPortSpace;
import org.jemu.machine.intc.I8259;
import org.jemu.machine.misc.IsaDebugExit;
import org.jemu.machine.timer.I8254;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.exec.IrqLine;
import org.jemu.x86.cpu.PortIo;
import org.jemu.x86.cpu.X86Cpu;
import org.jemu.x86.cpu.X86CpuModel;

/**
 * A minimal PC, QEMU's {@code pc} machine name ({@code -M pc}), enough to run firmware-style ROMs: RAM, the
 * BIOS image at the top of the 4 GiB space and its ISA alias below 1 MiB, one IA-32 CPU starting at the reset
 * vector, and the ISA devices ROMs talk to. The PC board issue grows this into QEMU's i440FX/PIIX3 {@code pc}
 * (PCI host bridge and PAM registers, CMOS RTC, keyboard controller, VGA, IDE, fw_cfg, the PC speaker port).
 *
 * <h2>Memory map (guest physical)</h2>
 * <pre>
 * 0x0000_0000 .. ISA-BIOS base   RAM (the 640 KiB..1 MiB range, VGA window and option-ROM area on a real PC,
 *                                is plain RAM here for now)
 * 0x000E_0000 or 0x000F_0000     "isa-bios": a read-only copy of the BIOS image's last 128 KiB (or the whole
 *   .. 0x000F_FFFF               image if it is smaller), as QEMU's isa-bios alias (the RAM below it is hidden,
 *                                as on QEMU with the PAM registers in their reset state)
 * 0x0010_0000 .. RAM size        RAM (default 128 MiB, as QEMU's pc; at most 3.5 GiB: no RAM above 4 GiB yet)
 * 4 GiB - BIOS size .. 4 GiB     the BIOS image ({@code -bios}, read-only; a multiple of 64 KiB, at most 16 MiB,
 *                                as QEMU requires)
 * </pre>
 * The CPU starts at the reset vector: CS selector F000 with base FFFF_0000, EIP FFF0 (SDM Vol. 3A 9.1.4), so
 * the first instruction is fetched from physical FFFF_FFF0, the image's last 16 bytes; a far jump to F000:xxxx
 * then continues in the ISA alias.
 *
 * <h2>I/O ports and interrupts</h2>
 * <pre>
 * 0x020-0x021  i8259 master (INT to the CPU's INTR; the CPU's INTA reads its vector)
 * 0x040-0x043  i8254 PIT, counter 0 output on IRQ 0
 * 0x0A0-0x0A1  i8259 slave, cascaded on master IR2 (IRQ 8-15)
 * 0x3F8-0x3FF  16550A UART (COM1, QEMU's isa-serial), IRQ 4; the first serial port (-serial)
 * 0x402        isa-debugcon (Bochs/SeaBIOS debug port; reads return 0xE9); its output goes to -debugcon
 * 0x4D0-0x4D1  ELCR (PIIX edge/level control for both i8259s)
 * 0x501-0x502  isa-debug-exit: writing V ends jemu with exit status (V &lt;&lt; 1) | 1
 * </pre>
 * Reads of other ports return all ones, writes are ignored (both logged under {@code -d guest_errors}).
 * Unlike QEMU's {@code pc}, the debug console and isa-debug-exit exist without {@code -device}; QEMU needs
 * {@code -device isa-debugcon,iobase=0x402,chardev=ID -device isa-debug-exit,iobase=0x501,iosize=2} for the
 * same ports ({@code -debugcon} alone puts QEMU's at port 0xE9). {@code -device isa-debug-exit,iobase=N,iosize=M}
 * moves the exit device.
 *
 * <h2>Reset</h2>
 * A triple fault (CPU shutdown) resets the machine, as the PC chipset does on the shutdown cycle; with
 * {@code -no-reboot} the machine stops with an error message instead. Reset puts the devices and the CPU back
 * to their power-on state; RAM keeps its contents (as QEMU's system reset).
 */
public final class PcMachine extends Machine {
    /** QEMU's default RAM size for pc. */
    public static final long DEFAULT_RAM = 128L << 20;
    /** Most RAM this board maps (all below 4 GiB, up to the PCI hole at 0xE000_0000). */
    public static final long MAX_RAM = 0xE000_0000L;
    /** Largest BIOS image QEMU's pc accepts. */
    public static final long MAX_BIOS = 16L << 20;
    /** Size of the ISA alias of the BIOS image's top. */
    public static final long ISA_BIOS_MAX = 128L << 10;
    public static final int COM1_BASE = 0x3F8;
    public static final int COM1_IRQ = 4;
    public static final int DEBUGCON_PORT = 0x402;
    public static final int PIT_IRQ = 0;
    /** The CPU models {@code -cpu} accepts. */
    public static final List<String> CPU_MODELS = X86CpuModel.ALL.stream().map(X86CpuModel::name).toList();

    private final X86Cpu cpu;
    private final List<X86Cpu> cpus;
    private final List<Device> devices = new ArrayList<>();
    private final IoPortSpace io = new IoPortSpace();
    private final I8259 picMaster;
    private final I8259 picSlave;
    private final Serial16550 serial;
    private final boolean noReboot;
    private int triple;

    /**
     * Builds the board from {@code config}.
     *
     * @param serial   host side of COM1 (null: no console)
     * @param debugcon host side of the debug console at port 0x402 (null: output discarded)
     * @throws MachineException for a bad configuration or image (one-line message)
     */
    public PcMachine(MachineConfig config, CharBackend serial, CharBackend debugcon) {
        super(config);
        try {
            noReboot = config.noReboot();
            long ram = config.ramBytes() == 0 ? DEFAULT_RAM : config.ramBytes();
            if (ram > MAX_RAM) {
                throw new MachineException("-m " + (ram >> 20) + "M: jemu's minimal pc board maps at most "
                        + (MAX_RAM >> 20) + " MiB of RAM (all below 4 GiB)");
            }
            if (ram < (1L << 20) || (ram & 0xfff) != 0) {
                throw new MachineException("-m: the pc board needs at least 1 MiB of RAM, in multiples of 4 KiB");
            }
            if (config.smp() > 1) {
                throw new MachineException("-smp " + config.smp() + ": jemu's pc board has one CPU for now");
            }
            if (config.kernel() != null || config.initrd() != null || config.append() != null || config.dtb() != null) {
                throw new MachineException("-kernel, -initrd, -append and -dtb are not supported on the pc board yet");
            }
            if (!config.drives().isEmpty()) {
                throw new MachineException("-drive: the pc board has no disk controller yet");
            }
            String modelName = config.cpuModel() == null ? X86CpuModel.QEMU32.name() : config.cpuModel();
            X86CpuModel model = X86CpuModel.byName(modelName);
            if (model == null) {
                throw new MachineException("-cpu " + modelName + ": unknown CPU model for the pc board; supported: "
                        + String.join(", ", CPU_MODELS));
            }
            if (config.bios() == null) {
                throw new MachineException("the pc board needs -bios FILE (a BIOS image, a multiple of 64 KiB)");
            }
            byte[] bios = readBios(config.bios());

            // Memory: BIOS at the top of 4 GiB, its ISA alias below 1 MiB, RAM around the alias.
            long isaSize = Math.min(bios.length, ISA_BIOS_MAX);
            long isaBase = 0x10_0000L - isaSize;
            long biosBase = 0x1_0000_0000L - bios.length;
            try {
                memory.addRam("pc.ram", 0, Math.min(ram, isaBase));
                if (ram > 0x10_0000L) {
                    memory.addRam("pc.ram.high", 0x10_0000L, ram - 0x10_0000L);
                }
            } catch (OutOfMemoryError e) {
                throw new MachineException("-m " + (ram >> 20) + "M: the host refused to map that much memory for guest RAM");
            }
            memory.addRom("pc.bios", biosBase, bios.length, null);
            memory.load(biosBase, bios);
            memory.addRom("isa-bios", isaBase, isaSize, null);
            memory.load(isaBase, java.util.Arrays.copyOfRange(bios, (int) (bios.length - isaSize), bios.length));

            // CPU
            cpu = new X86Cpu(model, 0, memory, clock);
            cpus = List.of(cpu);
            loop = new ExecLoop(cpus, clock, new BytecodeBackend());
            cpu.io = new PortIo() {
                @Override
                public int in(int port, int size) {
                    return io.in(port, size);
                }

                @Override
                public void out(int port, int size, int value) {
                    io.out(port, size, value);
                }
            };
            cpu.shutdownHook = c -> tripleFault();

            // Interrupt controllers
            picMaster = new I8259("pic-master", level -> cpu.setInterrupt(X86Cpu.INTERRUPT_INTR, level),
                    I8259.MASTER_ELCR_MASK);
            picSlave = new I8259("pic-slave", picMaster.input(2), I8259.SLAVE_ELCR_MASK);
            picMaster.setSlave(picSlave, 2);
            cpu.interruptAck = picMaster::acknowledge;
            addPortDevice(picMaster, I8259.MASTER_BASE, 2, 1);
            addPortDevice(picSlave, I8259.SLAVE_BASE, 2, 1);
            io.add("elcr1", I8259.ELCR_BASE, 1, 1, picMaster.elcrPort());
            io.add("elcr2", I8259.ELCR_BASE + 1, 1, 1, picSlave.elcrPort());

            // Timer
            I8254 pit = new I8254("pit", clock);
            addPortDevice(pit, I8254.PC_BASE, I8254.SIZE, 1);
            pit.connectOutput(0, isaIrq(PIT_IRQ));

            // COM1
            this.serial = new Serial16550("serial0", serial, isaIrq(COM1_IRQ), clock);
            addPortDevice(this.serial, COM1_BASE, Serial16550.SIZE, 1);
            if (serial != null) {
                pollChardev(serial);
            }

            // Debug console and isa-debug-exit
            addPortDevice(new IsaDebugcon("isa-debugcon", debugcon, IsaDebugcon.DEFAULT_READBACK), DEBUGCON_PORT, 1, 1);
            if (debugcon != null) {
                addPoller(debugcon::flush);
            }
            int[] exitPorts = debugExitPorts(config.devices());
            addPortDevice(new IsaDebugExit("isa-debug-exit", code -> {
                setExitCode(code);
                requestShutdown(Shutdown.POWER_OFF);
            }), exitPorts[0], exitPorts[1], 4);

            reset();
        } catch (RuntimeException | OutOfMemoryError e) {
            close();
            throw e;
        }
    }

    private void addPortDevice(Device d, int base, int size, int maxAccess) {
        devices.add(d);
        io.add(d.name(), base, size, maxAccess, (org.jemu.translator.memory.MmioHandler) d);
    }

    /** ISA interrupt line {@code n} (0..15): IRQ 0-7 on the master, 8-15 on the slave. */
    public IrqLine isaIrq(int n) {
        return n < 8 ? picMaster.input(n) : picSlave.input(n - 8);
    }

    /** Parses the {@code -device} list: only {@code isa-debug-exit[,iobase=N][,iosize=M]} is known. */
    private static int[] debugExitPorts(List<String> devs) {
        int base = IsaDebugExit.DEFAULT_IOBASE;
        int size = IsaDebugExit.DEFAULT_IOSIZE;
        for (String dev : devs) {
            String[] parts = dev.split(",");
            if (!parts[0].equals("isa-debug-exit")) {
                throw new MachineException("-device " + dev + ": unknown device for the pc board (supported: "
                        + "isa-debug-exit)");
            }
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i];
                int eq = p.indexOf('=');
                String key = eq < 0 ? p : p.substring(0, eq);
                String val = eq < 0 ? "" : p.substring(eq + 1);
                int v;
                try {
                    v = Integer.decode(val);
                } catch (NumberFormatException e) {
                    throw new MachineException("-device " + dev + ": '" + p + "' needs a number (for example iobase=0x501)");
                }
                switch (key) {
                    case "iobase" -> base = v;
                    case "iosize" -> size = v;
                    default -> throw new MachineException("-device " + dev + ": property '" + key
                            + "' is not supported (supported: iobase, iosize)");
                }
            }
            if (base < 0 || size < 1 || size > 4 || (long) base + size > 0x1_0000) {
                throw new MachineException("-device " + dev + ": iobase/iosize must give 1 to 4 ports within 0..0xffff");
            }
        }
        return new int[] {base, size};
    }

    private static byte[] readBios(Path p) {
        long size;
        try {
            size = Files.size(p);
        } catch (IOException e) {
            throw new MachineException("-bios " + p + ": cannot read: " + e.getMessage());
        }
        if (size == 0) {
            throw new MachineException("-bios " + p + ": the file is empty");
        }
        if (size % 0x1_0000 != 0 || size > MAX_BIOS) {
            throw new MachineException("-bios " + p + ": " + size + " bytes; a pc BIOS image must be a multiple of "
                    + "64 KiB and at most 16 MiB (as QEMU requires)");
        }
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new MachineException("-bios " + p + ": cannot read: " + e.getMessage());
        }
    }

    /** The CPU entered shutdown (triple fault): reset, as the PC chipset does, or stop with -no-reboot. */
    private void tripleFault() {
        triple++;
        if (noReboot) {
            stopWithError("the guest triple-faulted (CPU shutdown at EIP 0x" + Long.toHexString(cpu.eip())
                    + ") and -no-reboot is set");
        } else {
            requestShutdown(Shutdown.RESET);
        }
    }

    /** Triple faults (CPU shutdowns) since the machine was built; each reset the machine unless -no-reboot. */
    public int tripleFaults() {
        return triple;
    }

    @Override
    public List<? extends GuestCpu> cpus() {
        return cpus;
    }

    /** The board's CPU. */
    public X86Cpu x86Cpu() {
        return cpu;
    }

    /** The I/O port space (for tests and the monitor). */
    public IoPortSpace ioPorts() {
        return io;
    }

    /** The devices in creation order. */
    public List<Device> devices() {
        return List.copyOf(devices);
    }

    /** System reset: devices to their power-on state, the CPU to the reset vector, translated code dropped. */
    @Override
    public void reset() {
        for (Device d : devices) {
            d.reset();
        }
        // The i8259s come first in the list, so the lines the other devices drive at reset reach them.
        cpu.reset();
        cpu.stopped = false;
        loop.codeCache().flush();
    }
}
