package org.jemu.machine;

import java.util.List;
import org.jemu.arm.cpu.A64CpuModel;
import org.jemu.machine.board.PcMachine;
import org.jemu.machine.board.Ppce500Machine;
import org.jemu.machine.board.VirtMachine;
import org.jemu.machine.chardev.CharBackend;

/** The boards jemu can build, by their QEMU names ({@code -M}). */
public final class Boards {
    private Boards() {
    }

    /** Board names, for {@code -M help}. */
    public static List<String> names() {
        return List.of("virt", "pc", "ppce500");
    }

    /** One-line description of board {@code name}. */
    public static String description(String name) {
        return switch (name) {
            case "virt" -> "QEMU ARM Virtual Machine (AArch64)";
            case "pc" -> "Minimal PC (IA-32; RAM, BIOS, i8259, i8254, COM1, debugcon, isa-debug-exit)";
            case "ppce500" -> "generic paravirt e500 platform (PowerPC e500mc; MPIC, 16550, I2C RTC, PCI host, GPIO)";
            default -> "";
        };
    }

    /** CPU models board {@code name} accepts, for {@code -cpu help}. */
    public static List<String> cpuModels(String name) {
        return switch (name) {
            case "virt" -> A64CpuModel.names();
            case "pc" -> PcMachine.CPU_MODELS;
            case "ppce500" -> Ppce500Machine.CPU_MODELS;
            default -> List.of();
        };
    }

    /**
     * Builds the machine {@code config} names.
     *
     * @param serial host side of the first serial port (null: none)
     * @throws MachineException for an unknown board or a bad configuration
     */
    public static Machine create(MachineConfig config, CharBackend serial) {
        return create(config, serial, null);
    }

    /**
     * Builds the machine {@code config} names.
     *
     * @param serial   host side of the first serial port (null: none)
     * @param debugcon host side of the debug console ({@code -debugcon}; pc only, null: none)
     * @throws MachineException for an unknown board or a bad configuration
     */
    public static Machine create(MachineConfig config, CharBackend serial, CharBackend debugcon) {
        if (debugcon != null && !config.board().equals("pc")) {
            throw new MachineException("-debugcon: the " + config.board() + " board has no debug console port");
        }
        return switch (config.board()) {
            case "virt" -> new VirtMachine(config, serial);
            case "pc" -> new PcMachine(config, serial, debugcon);
            case "ppce500" -> new Ppce500Machine(config, serial);
            default -> throw new MachineException("-M " + config.board() + ": unknown machine; supported: "
                    + String.join(", ", names()) + " (use -M help)");
        };
    }
}
