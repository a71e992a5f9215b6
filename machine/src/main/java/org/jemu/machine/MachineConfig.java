package org.jemu.machine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the user asked for on the command line, in qemu-system's terms. Unset values are null (or 0) and
 * take the board's defaults, which are QEMU's defaults for the same board.
 *
 * @param board       board name ({@code -M}), for example {@code virt}, optionally followed by QEMU-style
 *                    machine properties ({@code virt,gic-version=3}); see {@link #boardName()} and
 *                    {@link #boardProperties()}
 * @param cpuModel    CPU model ({@code -cpu}), or null for the board's default
 * @param ramBytes    guest RAM in bytes ({@code -m}), or 0 for the board's default
 * @param smp         number of vCPUs ({@code -smp}), or 0 for 1
 * @param bios        firmware image loaded into the boot flash/ROM ({@code -bios}), or null
 * @param kernel      kernel for direct boot ({@code -kernel}), or null
 * @param initrd      initial RAM disk ({@code -initrd}), or null
 * @param append      kernel command line ({@code -append}), or null
 * @param dtb         device tree blob to use instead of the generated one ({@code -dtb}), or null
 * @param icountShift guest ns per instruction is {@code 2^icountShift} ({@code -icount shift=N})
 * @param icountSleep wait for host time when the guest is idle ({@code -icount sleep=on})
 * @param realTime    guest time follows the host clock instead of the instruction count
 * @param drives      disk images ({@code -drive}), in command-line order; never null
 * @param devices     extra devices by QEMU driver name ({@code -device virtio-rng-device}), in command-line
 *                    order; never null
 * @param noReboot    a guest reset request (x86 triple fault) stops the machine instead ({@code -no-reboot})
 * @param netdevs     network backends ({@code -netdev user,id=n0,...}) in QEMU's spelling, in command-line
 *                    order; never null
 */
public record MachineConfig(String board, String cpuModel, long ramBytes, int smp, Path bios, Path kernel,
        Path initrd, String append, Path dtb, int icountShift, boolean icountSleep, boolean realTime,
        List<Drive> drives, List<String> devices, boolean noReboot, List<String> netdevs) {

    /**
     * One {@code -drive file=FILE,format=FMT,if=IF[,serial=S]}. The board checks the format and interface it
     * supports.
     *
     * @param file   the image file
     * @param format image format ({@code raw}); null if not given (the board assumes raw)
     * @param iface  bus the disk attaches to ({@code virtio}); null for the board's default
     * @param serial serial number reported to the guest, or null
     */
    public record Drive(Path file, String format, String iface, String serial) {
        public Drive {
            Objects.requireNonNull(file, "file");
        }
    }

    public MachineConfig {
        drives = drives == null ? List.of() : List.copyOf(drives);
        devices = devices == null ? List.of() : List.copyOf(devices);
        netdevs = netdevs == null ? List.of() : List.copyOf(netdevs);
    }

    /** A configuration without network backends. */
    public MachineConfig(String board, String cpuModel, long ramBytes, int smp, Path bios, Path kernel,
            Path initrd, String append, Path dtb, int icountShift, boolean icountSleep, boolean realTime,
            List<Drive> drives, List<String> devices, boolean noReboot) {
        this(board, cpuModel, ramBytes, smp, bios, kernel, initrd, append, dtb, icountShift, icountSleep, realTime,
                drives, devices, noReboot, List.of());
    }

    /** A configuration that reboots on a guest reset request (no {@code -no-reboot}). */
    public MachineConfig(String board, String cpuModel, long ramBytes, int smp, Path bios, Path kernel,
            Path initrd, String append, Path dtb, int icountShift, boolean icountSleep, boolean realTime,
            List<Drive> drives, List<String> devices) {
        this(board, cpuModel, ramBytes, smp, bios, kernel, initrd, append, dtb, icountShift, icountSleep, realTime,
                drives, devices, false);
    }

    /** A configuration without drives or extra devices. */
    public MachineConfig(String board, String cpuModel, long ramBytes, int smp, Path bios, Path kernel,
            Path initrd, String append, Path dtb, int icountShift, boolean icountSleep, boolean realTime) {
        this(board, cpuModel, ramBytes, smp, bios, kernel, initrd, append, dtb, icountShift, icountSleep, realTime,
                List.of(), List.of());
    }

    /** The board name: {@link #board()} up to the first comma. */
    public String boardName() {
        int comma = board.indexOf(',');
        return comma < 0 ? board : board.substring(0, comma);
    }

    /**
     * The machine properties after the board name ({@code -M virt,gic-version=3,its=off}), in command-line
     * order; a property without {@code =} maps to {@code "on"}, as QEMU's keyval parser treats it.
     *
     * @throws MachineException for an empty property ({@code -M virt,,x})
     */
    public java.util.LinkedHashMap<String, String> boardProperties() {
        java.util.LinkedHashMap<String, String> props = new java.util.LinkedHashMap<>();
        int comma = board.indexOf(',');
        if (comma < 0) {
            return props;
        }
        for (String p : board.substring(comma + 1).split(",", -1)) {
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq);
            if (key.isEmpty()) {
                throw new MachineException("-M " + board + ": empty machine property");
            }
            props.put(key, eq < 0 ? "on" : p.substring(eq + 1));
        }
        return props;
    }

    /** The default icount shift: 4 ns of guest time per instruction (a 250 MHz guest). */
    public static final int DEFAULT_ICOUNT_SHIFT = 2;

    /** A configuration with only the board named and everything else at its default. */
    public static MachineConfig of(String board) {
        return new MachineConfig(board, null, 0, 0, null, null, null, null, null, DEFAULT_ICOUNT_SHIFT, false, false);
    }

    public MachineConfig withBios(Path p) {
        return new MachineConfig(board, cpuModel, ramBytes, smp, p, kernel, initrd, append, dtb, icountShift,
                icountSleep, realTime, drives, devices, noReboot, netdevs);
    }

    public MachineConfig withRam(long bytes) {
        return new MachineConfig(board, cpuModel, bytes, smp, bios, kernel, initrd, append, dtb, icountShift,
                icountSleep, realTime, drives, devices, noReboot, netdevs);
    }

    public MachineConfig withCpu(String model) {
        return new MachineConfig(board, model, ramBytes, smp, bios, kernel, initrd, append, dtb, icountShift,
                icountSleep, realTime, drives, devices, noReboot, netdevs);
    }

    public MachineConfig withDrives(List<Drive> d) {
        return new MachineConfig(board, cpuModel, ramBytes, smp, bios, kernel, initrd, append, dtb, icountShift,
                icountSleep, realTime, d, devices, noReboot, netdevs);
    }

    /** {@code -no-reboot}: stop instead of resetting when the guest asks for a reset. */
    public MachineConfig withNoReboot(boolean on) {
        return new MachineConfig(board, cpuModel, ramBytes, smp, bios, kernel, initrd, append, dtb, icountShift,
                icountSleep, realTime, drives, devices, on, netdevs);
    }

    /** {@code -netdev} strings. */
    public MachineConfig withNetdevs(List<String> n) {
        return new MachineConfig(board, cpuModel, ramBytes, smp, bios, kernel, initrd, append, dtb, icountShift,
                icountSleep, realTime, drives, devices, noReboot, n);
    }

    public MachineConfig withDevices(List<String> d) {
        return new MachineConfig(board, cpuModel, ramBytes, smp, bios, kernel, initrd, append, dtb, icountShift,
                icountSleep, realTime, drives, d, noReboot, netdevs);
    }
}
