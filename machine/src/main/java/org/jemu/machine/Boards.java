package org.jemu.machine;

import java.util.List;
import org.jemu.arm.cpu.A64CpuModel;
import org.jemu.machine.board.VirtMachine;
import org.jemu.machine.chardev.CharBackend;

/** The boards jemu can build, by their QEMU names ({@code -M}). */
public final class Boards {
    private Boards() {
    }

    /** Board names, for {@code -M help}. */
    public static List<String> names() {
        return List.of("virt");
    }

    /** One-line description of board {@code name}. */
    public static String description(String name) {
        return switch (name) {
            case "virt" -> "QEMU ARM Virtual Machine (AArch64)";
            default -> "";
        };
    }

    /** CPU models board {@code name} accepts, for {@code -cpu help}. */
    public static List<String> cpuModels(String name) {
        return switch (name) {
            case "virt" -> A64CpuModel.names();
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
        return switch (config.board()) {
            case "virt" -> new VirtMachine(config, serial);
            default -> throw new MachineException("-M " + config.board() + ": unknown machine; supported: "
                    + String.join(", ", names()) + " (use -M help)");
        };
    }
}
