package org.jemu.cli;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jemu.machine.Boards;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.MachineException;
import org.jemu.machine.chardev.CharBackend;
import org.jemu.machine.gdb.GdbStub;
import org.jemu.machine.gdb.MachineGdbTarget;
import org.jemu.machine.monitor.Monitor;
import org.jemu.translator.exec.ExecStats;
import org.jemu.translator.exec.GuestLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jemu run}: builds a machine from qemu-system style options and runs it. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a machine. Options follow qemu-system's spelling; what you leave out takes QEMU's "
                + "default for the board.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = {"-M", "-machine"}, paramLabel = "BOARD", description = "board: virt, pc or g3beige (default virt; 'help' lists them), with QEMU properties such as virt,gic-version=3")
    String machine = "virt";

    @Option(names = "-cpu", paramLabel = "MODEL", description = "CPU model ('help' lists them)")
    String cpu;

    @Option(names = "-m", paramLabel = "SIZE", description = "RAM size: MiB, or with a suffix K, M, G (default: the board's)")
    String memory;

    @Option(names = "-smp", paramLabel = "N", description = "number of vCPUs (default 1)")
    int smp;

    @Option(names = "-bios", paramLabel = "FILE", description = "firmware image, loaded into the boot flash/ROM")
    Path bios;

    @Option(names = "-L", paramLabel = "DIR",
            description = "directory to search for firmware the board loads by default (g3beige: openbios-ppc; "
                    + "repeatable; default /usr/share/qemu, /usr/local/share/qemu)")
    List<Path> dataDirs = new ArrayList<>();

    @Option(names = "-kernel", paramLabel = "FILE", description = "kernel for direct boot (AArch64 Linux Image)")
    Path kernel;

    @Option(names = "-initrd", paramLabel = "FILE", description = "initial RAM disk for direct boot")
    Path initrd;

    @Option(names = "-append", paramLabel = "CMDLINE", description = "kernel command line")
    String append;

    @Option(names = "-dtb", paramLabel = "FILE", description = "device tree blob instead of the generated one")
    Path dtb;

    @Option(names = "-drive", paramLabel = "file=IMG,format=raw,if=virtio",
            description = "disk image on a virtio-mmio virtio-blk device (repeatable; optional serial=S)")
    List<String> drives = new ArrayList<>();

    @Option(names = "-device", paramLabel = "DRIVER[,PROP=V...]", description = "extra device (repeatable): "
            + "virtio-rng-device, virtio-net-device[,netdev=ID][,mac=MAC], virtio-serial-device, virtconsole,chardev=ID")
    List<String> deviceOpts = new ArrayList<>();

    @Option(names = "-netdev", paramLabel = "user,id=ID[,hostfwd=tcp::HP-:GP]",
            description = "network backend (repeatable): the user-mode network (libslirp; DHCP 10.0.2.15, gateway 10.0.2.2, DNS 10.0.2.3)")
    List<String> netdevOpts = new ArrayList<>();

    @Option(names = "-nic", paramLabel = "user[,mac=MAC][,hostfwd=...]|none",
            description = "shorthand for -netdev user + -device virtio-net-device (repeatable)")
    List<String> nicOpts = new ArrayList<>();

    @Option(names = "-chardev", paramLabel = "TYPE,id=ID[,path=P]",
            description = "character device for virtconsole (repeatable): null, file,path=P, stdio (with -serial none)")
    List<String> chardevOpts = new ArrayList<>();

    @Option(names = "-nographic", description = "no display; serial console and monitor on the terminal")
    boolean nographic;

    @Option(names = "-serial", paramLabel = "DEV", description = "first serial port: stdio (default), mon:stdio, null, none, file:PATH")
    String serial = "stdio";

    @Option(names = "-debugcon", paramLabel = "DEV",
            description = "pc: where the debug console (port 0x402) writes: stdio, null, none, file:PATH (default none)")
    String debugcon;

    @Option(names = "-no-reboot", description = "stop instead of resetting when the guest resets (PSCI SYSTEM_RESET, x86 triple fault)")
    boolean noReboot;

    @Option(names = "-display", paramLabel = "TYPE", description = "display: none (the default until a window exists)")
    String display = "none";

    @Option(names = "-S", description = "do not start the CPU at startup (Ctrl-A C, then 'c' to continue)")
    boolean startStopped;

    @Option(names = "-gdb", paramLabel = "DEV", description = "wait for gdb connections on DEV: tcp::PORT or tcp:HOST:PORT")
    String gdb;

    @Option(names = "-s", description = "shorthand for -gdb tcp::1234")
    boolean gdbDefaultPort;

    @Option(names = "-d", paramLabel = "ITEMS", description = "log items: in_asm,exec,int,unimp,guest_errors,op")
    String debugItems;

    @Option(names = "-D", paramLabel = "FILE", description = "write the -d log to FILE instead of stderr")
    Path logFile;

    @Option(names = "-icount", paramLabel = "shift=N[,sleep=on|off]",
            description = "guest time per instruction is 2^N ns (default N=2); sleep=on waits for host time when idle")
    String icount;

    @Option(names = "--stats", description = "print instructions, wall time, MIPS and translation statistics at exit")
    boolean stats;

    @Override
    public Integer call() throws Exception {
        if ("help".equals(machine)) {
            System.out.println("Supported machines are:");
            for (String b : Boards.names()) {
                System.out.printf("%-10s %s%n", b, Boards.description(b));
            }
            return 0;
        }
        if ("help".equals(cpu)) {
            System.out.println("Available CPUs for " + machine + ":");
            for (String c : Boards.cpuModels(boardName())) {
                System.out.println("  " + c);
            }
            return 0;
        }
        if (!display.equals("none")) {
            throw new MachineException("-display " + display + ": only 'none' is available in this build (use -nographic)");
        }
        int savedMask = GuestLog.mask;
        PrintStream savedOut = GuestLog.out;
        try {
            return runMachine();
        } finally {
            GuestLog.mask = savedMask;
            GuestLog.out = savedOut;
        }
    }

    private int runMachine() throws Exception {
        if (debugItems != null) {
            GuestLog.mask = GuestLog.parse(debugItems);
        }
        PrintStream log = null;
        if (logFile != null) {
            try {
                log = new PrintStream(new BufferedOutputStream(new FileOutputStream(logFile.toFile())), true);
            } catch (IOException e) {
                throw new MachineException("-D " + logFile + ": cannot write the log file: " + e.getMessage());
            }
            GuestLog.out = log;
        }
        int shift = MachineConfig.DEFAULT_ICOUNT_SHIFT;
        boolean sleep = TerminalMode.stdinIsTerminal();
        if (icount != null) {
            for (String part : icount.split(",")) {
                String p = part.trim();
                if (p.matches("\\d+")) {
                    shift = Integer.parseInt(p);
                } else if (p.startsWith("shift=") && p.substring(6).matches("\\d+")) {
                    shift = Integer.parseInt(p.substring(6));
                } else if (p.equals("sleep=on")) {
                    sleep = true;
                } else if (p.equals("sleep=off")) {
                    sleep = false;
                } else {
                    throw new MachineException("-icount " + icount + ": expected shift=N[,sleep=on|off] with N 0..10");
                }
            }
            if (shift > 10) {
                throw new MachineException("-icount shift=" + shift + ": the shift must be 0..10");
            }
        }
        for (Path d : dataDirs) {
            if (!java.nio.file.Files.isDirectory(d)) {
                throw new MachineException("-L " + d + ": no such directory");
            }
        }
        if (!dataDirs.isEmpty()) {
            System.setProperty("jemu.datadir", String.join(java.io.File.pathSeparator,
                    dataDirs.stream().map(Path::toString).toList()));
        }
        checkFile("-bios", bios);
        checkFile("-kernel", kernel);
        checkFile("-initrd", initrd);
        checkFile("-dtb", dtb);
        Path firmware = bios;
        if (firmware == null && kernel == null && boardName().equals("virt")) {
            firmware = DemoRom.extract();
        }
        List<MachineConfig.Drive> driveList = new ArrayList<>();
        for (String d : drives) {
            driveList.add(parseDrive(d));
        }
        List<String> netdevList = new ArrayList<>(netdevOpts);
        List<String> deviceList = new ArrayList<>(deviceOpts);
        expandNics(nicOpts, netdevList, deviceList);
        // QEMU machine properties (virt,gic-version=3) travel with the board name; the board checks them.
        int comma = machine.indexOf(',');
        String boardWithProps = comma < 0 ? boardName() : boardName() + machine.substring(comma);
        MachineConfig cfg = new MachineConfig(boardWithProps, cpu, parseMemory(memory), smp, firmware, kernel, initrd,
                append, dtb, shift, sleep, false, driveList, deviceList, noReboot, netdevList);

        StdioCharBackend[] stdio = new StdioCharBackend[1];
        // One buffered standard output, shared by the serial console and a -debugcon stdio, so their output
        // interleaves in the order the guest wrote it.
        BufferedOutputStream stdout = new BufferedOutputStream(new FileOutputStream(java.io.FileDescriptor.out), 4096);
        CharBackend serialBackend = switch (serial) {
            case "stdio", "mon:stdio" -> stdio[0] = new StdioCharBackend(stdout, () -> { });
            case "null", "none" -> new NullCharBackend();
            default -> {
                if (serial.startsWith("file:")) {
                    yield new FileCharBackend(Path.of(serial.substring(5)), "-serial");
                }
                throw new MachineException("-serial " + serial + ": supported are stdio, mon:stdio, null, none, file:PATH");
            }
        };

        CharBackend debugconBackend;
        try {
            debugconBackend = debugconBackend(stdout);
        } catch (MachineException e) {
            serialBackend.close();
            throw e;
        }

        java.util.Map<String, CharBackend> chardevs = new java.util.LinkedHashMap<>();
        TerminalMode term = null;
        long t0 = System.nanoTime();
        Machine m;
        try {
            for (String c : chardevOpts) {
                createChardev(c, chardevs, stdio, stdout);
            }
            m = Boards.create(cfg, serialBackend, debugconBackend, chardevs);
        } catch (MachineException e) {
            serialBackend.close();
            if (debugconBackend != null) {
                debugconBackend.close();
            }
            for (CharBackend c : chardevs.values()) {
                c.close();
            }
            throw e;
        }
        GdbStub gdbStub = null;
        try (m) {
            gdbStub = startGdbStub(m);
            if (stdio[0] != null) {
                Machine mm = m;
                stdio[0] = rewire(stdio[0], () -> mm.requestShutdown(Machine.Shutdown.HOST_QUIT));
                stdio[0].setMonitor(new Monitor(m));
                term = TerminalMode.enterRaw();
                stdio[0].start(System.in);
            }
            if (startStopped) {
                m.pause();
                if (stdio[0] != null && gdbStub == null) {
                    stdio[0].enterMonitor();
                }
            }
            Machine.Shutdown why = m.run();
            if (gdbStub != null) {
                if (why == Machine.Shutdown.POWER_OFF) {
                    gdbStub.targetExited(m.exitCode());
                }
                gdbStub.close();
                gdbStub = null;
            }
            serialBackend.flush();
            if (debugconBackend != null) {
                debugconBackend.close();
            }
            for (CharBackend c : chardevs.values()) {
                if (c != stdio[0]) {
                    c.close();
                } else {
                    c.flush();
                }
            }
            long wall = System.nanoTime() - t0;
            if (term != null) {
                term.restore();
            }
            if (stats) {
                printStats(m, wall);
            }
            if (why == Machine.Shutdown.ERROR) {
                System.err.println("jemu: " + m.errorMessage());
                return 1;
            }
            return m.exitCode();
        } finally {
            if (gdbStub != null) {
                gdbStub.close();
            }
            if (term != null) {
                term.restore();
            }
            if (log != null) {
                log.flush();
            }
        }
    }

    /**
     * The host side of {@code -debugcon DEV} (QEMU's spelling: stdio, null, none, file:PATH), or null when not
     * asked for. Output only: the debug console has no input.
     */
    private CharBackend debugconBackend(java.io.OutputStream stdout) {
        if (debugcon == null || debugcon.equals("none")) {
            return null;
        }
        return switch (debugcon) {
            case "stdio" -> new OutputCharBackend(stdout);
            case "null" -> new NullCharBackend();
            default -> {
                if (debugcon.startsWith("file:")) {
                    yield new FileCharBackend(Path.of(debugcon.substring(5)), "-debugcon");
                }
                throw new MachineException("-debugcon " + debugcon + ": supported are stdio, null, none, file:PATH");
            }
        };
    }

    /**
     * Turns each {@code -nic user[,id=ID][,mac=MAC][,model=virtio-net-device][,NETDEV-PROPS]} into a
     * {@code -netdev user,id=...} and a {@code -device virtio-net-device,netdev=...[,mac=...]}, as QEMU does;
     * {@code -nic none} adds nothing.
     *
     * @throws MachineException for a backend other than user or an unknown model (one line)
     */
    static void expandNics(List<String> nics, List<String> netdevs, List<String> devices) {
        int n = 0;
        for (String nic : nics) {
            List<String> parts = org.jemu.machine.net.Netdevs.split(nic);
            String type = parts.get(0);
            if (type.equals("none")) {
                continue;
            }
            if (!type.equals("user")) {
                throw new MachineException("-nic " + nic + ": network backend '" + type + "' is not supported (supported: user, none)");
            }
            String id = "__nic" + n++;
            StringBuilder netdev = new StringBuilder("user");
            StringBuilder device = new StringBuilder("virtio-net-device");
            for (String p : parts.subList(1, parts.size())) {
                String esc = p.replace(",", ",,");
                if (p.startsWith("mac=")) {
                    device.append(',').append(esc);
                } else if (p.startsWith("model=")) {
                    String model = p.substring(6);
                    if (!model.equals("virtio-net-device") && !model.equals("virtio")) {
                        throw new MachineException("-nic " + nic + ": model " + model
                                + " is not available (the virt board has virtio-net-device)");
                    }
                } else if (p.startsWith("id=")) {
                    id = p.substring(3);
                } else {
                    netdev.append(',').append(esc);
                }
            }
            netdev.append(",id=").append(id.replace(",", ",,"));
            device.append(",netdev=").append(id.replace(",", ",,"));
            netdevs.add(netdev.toString());
            devices.add(device.toString());
        }
    }

    /** Creates one {@code -chardev null|file|stdio,id=ID[,path=P]} into {@code out}. */
    private void createChardev(String spec, java.util.Map<String, CharBackend> out, StdioCharBackend[] stdio,
            java.io.OutputStream stdout) {
        List<String> parts = org.jemu.machine.net.Netdevs.split(spec);
        String type = parts.get(0);
        String id = null;
        String path = null;
        for (String p : parts.subList(1, parts.size())) {
            if (p.startsWith("id=")) {
                id = p.substring(3);
            } else if (p.startsWith("path=") && type.equals("file")) {
                path = p.substring(5);
            } else if (!p.equals("signal=off") && !p.startsWith("mux=off")) {
                throw new MachineException("-chardev " + spec + ": property '" + p + "' is not supported");
            }
        }
        if (id == null || id.isEmpty()) {
            throw new MachineException("-chardev " + spec + ": id=NAME is required");
        }
        if (out.containsKey(id)) {
            throw new MachineException("-chardev " + spec + ": duplicate id " + id);
        }
        CharBackend b = switch (type) {
            case "null" -> new NullCharBackend();
            case "file" -> {
                if (path == null) {
                    throw new MachineException("-chardev " + spec + ": path=FILE is required");
                }
                yield new FileCharBackend(Path.of(path), "-chardev");
            }
            case "stdio" -> {
                if (stdio[0] != null) {
                    throw new MachineException("-chardev " + spec + ": standard I/O is already in use by -serial "
                            + serial + " (add -serial none)");
                }
                yield stdio[0] = new StdioCharBackend(stdout, () -> { });
            }
            default -> throw new MachineException("-chardev " + spec + ": backend '" + type
                    + "' is not supported (supported: null, file, stdio)");
        };
        out.put(id, b);
    }

    /** Starts the gdb stub ({@code -gdb DEV}, {@code -s}) listening before the guest runs; null if not asked for. */
    private GdbStub startGdbStub(Machine m) {
        String dev = gdb != null ? gdb : gdbDefaultPort ? "tcp::1234" : null;
        if (dev == null) {
            return null;
        }
        if (dev.equals("none")) {
            return null;
        }
        MachineGdbTarget target;
        try {
            target = new MachineGdbTarget(m);
        } catch (IllegalArgumentException e) {
            throw new MachineException("-gdb " + dev + ": " + e.getMessage());
        }
        try {
            return GdbStub.start(target, dev);
        } catch (IllegalArgumentException e) {
            throw new MachineException(e.getMessage());
        } catch (IOException e) {
            throw new MachineException("-gdb " + dev + ": cannot listen: " + e.getMessage()
                    + " (is another jemu or QEMU using the port? pick another with -gdb tcp::PORT)");
        }
    }

    /** The stdio backend is created before the machine; this gives it the machine's quit action. */
    private static StdioCharBackend rewire(StdioCharBackend be, Runnable quit) {
        be.setQuitAction(quit);
        return be;
    }

    private String boardName() {
        int comma = machine.indexOf(',');
        return (comma < 0 ? machine : machine.substring(0, comma)).toLowerCase(Locale.ROOT);
    }

    private static void checkFile(String opt, Path p) {
        if (p == null) {
            return;
        }
        if (!Files.exists(p)) {
            throw new MachineException(opt + " " + p + ": no such file");
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new MachineException(opt + " " + p + ": not a readable file");
        }
    }

    /** Parses {@code -drive file=IMG[,format=raw][,if=virtio][,serial=S]} (QEMU's spelling; {@code ,,} is a comma). */
    static MachineConfig.Drive parseDrive(String spec) {
        String file = null;
        String format = null;
        String iface = null;
        String serial = null;
        for (String part : spec.replace(",,", "\0").split(",")) {
            String p = part.replace("\0", ",");
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw new MachineException("-drive " + spec + ": expected key=value in '" + p
                        + "' (for example file=disk.img,format=raw,if=virtio)");
            }
            String key = p.substring(0, eq);
            String value = p.substring(eq + 1);
            switch (key) {
                case "file" -> file = value;
                case "format" -> format = value;
                case "if" -> iface = value;
                case "serial" -> serial = value;
                default -> throw new MachineException("-drive " + spec + ": option '" + key
                        + "' is not supported (supported: file, format, if, serial)");
            }
        }
        if (file == null || file.isEmpty()) {
            throw new MachineException("-drive " + spec + ": file=IMG is missing");
        }
        return new MachineConfig.Drive(Path.of(file), format, iface, serial);
    }

    /** Parses {@code -m}: a number of MiB, or a number with K/M/G/T suffix. Returns bytes, 0 if unset. */
    static long parseMemory(String s) {
        if (s == null) {
            return 0;
        }
        String t = s.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("SIZE=")) {
            t = t.substring(5);
        }
        long mult = 1L << 20;
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        if (!t.isEmpty() && "KMGT".indexOf(t.charAt(t.length() - 1)) >= 0) {
            mult = switch (t.charAt(t.length() - 1)) {
                case 'K' -> 1L << 10;
                case 'M' -> 1L << 20;
                case 'G' -> 1L << 30;
                default -> 1L << 40;
            };
            t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t);
            if (v <= 0 || Double.isNaN(v) || v * mult > (double) Long.MAX_VALUE / 2) {
                throw new NumberFormatException();
            }
            long bytes = (long) (v * mult);
            return bytes;
        } catch (NumberFormatException e) {
            throw new MachineException("-m " + s + ": expected a RAM size such as 256, 512M or 2G");
        }
    }

    private static void printStats(Machine m, long wallNanos) {
        ExecStats s = m.stats();
        long insns = m.instructions();
        double secs = wallNanos / 1e9;
        System.err.printf(Locale.ROOT, "jemu stats: %d guest instructions in %.3f s wall (%.1f MIPS)%n", insns, secs,
                insns / secs / 1e6);
        System.err.printf(Locale.ROOT, "jemu stats: %d blocks translated (%d guest instructions) in %.3f s; "
                + "%d compiled in %.3f s (%d stayed interpreted)%n", s.blocksTranslated, s.insnsTranslated,
                s.translateNanos / 1e9, s.blocksCompiled, s.compileNanos / 1e9, s.compileFailures);
        System.err.printf(Locale.ROOT, "jemu stats: %d dispatches (%d interpreted, %d through chains, %d "
                + "through the hash table); guest time %.3f s%n", s.blocksExecuted, s.interpretedExecutions,
                s.chainedDispatches, s.hashLookups, m.clock().now() / 1e9);
        System.err.printf(Locale.ROOT, "jemu stats: compiled code returned %d times (%d indirect jumps, %d of them within the entry's page; %d to recheck "
                + "the CPU state, %d direct exits within the entry's page)%n",
                s.blocksExecuted - s.interpretedExecutions, s.compiledExitsIndirect, s.compiledExitsIndirectSamePage,
                s.compiledExitsOther,
                s.compiledExitsSamePage);
        var cache = m.loop().codeCache();
        System.err.printf(Locale.ROOT, "jemu stats: code cache holds %d blocks in %d buckets; %d invalidated by "
                + "guest writes%n", cache.size(), cache.buckets(), cache.invalidations);
        System.err.println(org.jemu.translator.memory.Mem.rawAccess()
                ? "jemu stats: guest RAM accessed through HotSpot intrinsics (jdk.internal.misc.Unsafe)"
                : "jemu stats: guest RAM accessed through the FFM API, which is slower: java.base does not export "
                        + "jdk.internal.misc to jemu (run ./jemu or java -jar, or pass "
                        + "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED)");
    }
}
