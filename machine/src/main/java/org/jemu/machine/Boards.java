package org.jemu.machine;

import java.util.List;
import org.jemu.arm.cpu.A64CpuModel;
import org.jemu.machine.board.G3BeigeMachine;
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
        return List.of("virt", "pc", "ppce500", "g3beige");
    }

    /** One-line description of board {@code name}. */
    public static String description(String name) {
        return switch (name) {
            case "virt" -> "QEMU ARM Virtual Machine (AArch64)";
            case "pc" -> "Minimal PC (IA-32; RAM, BIOS, i8259, i8254, COM1, debugcon, isa-debug-exit)";
            case "ppce500" -> "generic paravirt e500 platform (PowerPC e500mc; MPIC, 16550, I2C RTC, PCI host, GPIO)";
            case "g3beige" -> "Heathrow based PowerMAC (PowerPC 750; Grackle PCI, MacIO: Heathrow PIC, ESCC, CUDA, NVRAM)";
            default -> "";
        };
    }

    /** CPU models board {@code name} accepts, for {@code -cpu help}. */
    public static List<String> cpuModels(String name) {
        return switch (name) {
            case "virt" -> A64CpuModel.names();
            case "pc" -> PcMachine.CPU_MODELS;
            case "ppce500" -> Ppce500Machine.CPU_MODELS;
            case "g3beige" -> List.of("750_v3.1");
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
        return create(config, serial, debugcon, java.util.Map.of());
    }

    /**
     * Builds the board, with {@code chardevs} the {@code -chardev} backends by id for devices that name one.
     *
     * @throws MachineException for a bad configuration (one-line message)
     */
    public static Machine create(MachineConfig config, CharBackend serial, CharBackend debugcon,
            java.util.Map<String, CharBackend> chardevs) {
        String board = config.boardName();
        if (!board.equals("virt") && !config.boardProperties().isEmpty()) {
            throw new MachineException("-M " + config.board() + ": machine property '"
                    + config.board().substring(board.length() + 1) + "' is not supported by jemu's " + board + " board");
        }
        if (!config.netdevs().isEmpty() && !board.equals("virt")) {
            throw new MachineException("-netdev: the " + board + " board has no network device yet");
        }
        if (!chardevs.isEmpty() && !board.equals("virt")) {
            throw new MachineException("-chardev: the " + board + " board has no device that uses one");
        }
        if (debugcon != null && !board.equals("pc")) {
            throw new MachineException("-debugcon: the " + board + " board has no debug console port");
        }
        return switch (board) {
            case "virt" -> new VirtMachine(config, serial, chardevs);
            case "pc" -> new PcMachine(config, serial, debugcon);
            case "ppce500" -> new Ppce500Machine(config, serial);
            case "g3beige" -> new G3BeigeMachine(config, serial);
            default -> throw new MachineException("-M " + board + ": unknown machine; supported: "
                    + String.join(", ", names()) + " (use -M help)");
        };
    }
}
