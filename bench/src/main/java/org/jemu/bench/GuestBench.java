package org.jemu.bench;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jemu.machine.Boards;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.chardev.MemoryCharBackend;
import org.jemu.translator.exec.ExecStats;

/**
 * The guest benchmark runner: guest MIPS of jemu and of qemu-system (TCG) on the benchmark ROMs (AArch64 on
 * {@code virt} against qemu-system-aarch64, x86 on {@code pc} against qemu-system-i386), and the time both take
 * to bring U-Boot to its autoboot prompt, on the same machine in the same run.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar org.jemu.bench.GuestBench \
 *      [--runs N] [--qemu | --no-qemu] [--qemu-bin FILE] [--rom NAME]... [--no-uboot] [--uboot FILE]
 *      [--jemu-jar FILE] [--root DIR] [--json]
 * </pre>
 *
 * <p>ROMs. jemu runs in this JVM: a fresh {@code virt} machine per run, timed from machine creation to
 * power-off; instructions are {@code Machine.instructions()}. QEMU runs as
 * {@code qemu-system-aarch64 -M virt -cpu cortex-a57 -m 256 -nographic -bios ROM}, timed from process
 * start to exit, minus QEMU's own start-up and shutdown (the best time of a ROM that powers off at once).
 * Both MIPS figures use jemu's instruction count (the same guest program, run to the end). Each ROM's
 * output is checked against {@code test-roms/aarch64/expected.txt}. With several runs the best time of
 * each emulator is used (the machine is shared; the best run is the least disturbed one); jemu's first
 * run (HotSpot still compiling the emulator) is printed too.
 *
 * <p>x86 ROMs ({@code --rom x86/NAME}, from {@code test-roms/x86}) run on jemu's {@code pc} with
 * {@code qemu32} and on {@code qemu-system-i386 -M pc -m 128 -bios ROM -display none -serial stdio -device
 * isa-debug-exit,iobase=0x501,iosize=2}; they end through isa-debug-exit (status 1), and QEMU's start-up is
 * measured with an x86 ROM that exits at once.
 *
 * <p>PowerPC ROMs ({@code --rom ppc/NAME-ppce500} or {@code ppc/NAME-g3beige}, ELF files from {@code test-roms/ppc})
 * run on jemu's {@code ppce500} with {@code e500mc} and on {@code qemu-system-ppc -M ppce500 -cpu e500mc -m 256
 * -nographic -no-reboot -bios ROM} (they end through the RSTCR reset request), or on jemu's and QEMU's
 * {@code g3beige} with {@code -m 256} (they end with the CUDA's power-down command); QEMU exits with status 0, and
 * its start-up is measured with the board's {@code poweroff-BOARD.elf}.
 *
 * <p>U-Boot. Both emulators run as subprocesses (jemu through {@code java -jar cli/target/jemu.jar run
 * ...}); the time is from process start to the moment {@code Hit any key} appears on stdout (then the
 * process is killed), JVM or QEMU start-up included, as a user sees it.
 */
public final class GuestBench {
    /**
     * The benchmark ROMs: plain names are in test-roms/aarch64, {@code x86/NAME} in test-roms/x86,
     * {@code ppc/NAME} in test-roms/ppc.
     */
    static final List<String> DEFAULT_ROMS = List.of("bench-crc32", "bench-sieve", "x86/bench-crc32",
            "x86/bench-sieve", "ppc/bench-crc32-ppce500", "ppc/bench-crc32-g3beige");

    /** A guest architecture: its ROM directory, board and QEMU. */
    enum Arch {
        AARCH64("aarch64", "qemu-system-arm", 0), X86("x86", "qemu-system-x86", 1),
        /** PowerPC ROMs of test-roms/ppc for g3beige (750); they end with the CUDA's power-down command. */
        G3BEIGE("ppc", "qemu-system-ppc", 0),
        /** PowerPC ROMs of test-roms/ppc for ppce500 (e500mc); they end through RSTCR under -no-reboot. */
        PPCE500("ppc", "qemu-system-ppc", 0);

        final String dir;
        final String debianPackage;
        /** QEMU's exit status when the ROM finished (PSCI SYSTEM_OFF: 0; isa-debug-exit with 0: 1). */
        final int qemuStatus;

        Arch(String dir, String debianPackage, int qemuStatus) {
            this.dir = dir;
            this.debianPackage = debianPackage;
            this.qemuStatus = qemuStatus;
        }

        static Arch of(String rom) {
            if (rom.startsWith("ppc/")) {
                if (rom.endsWith("-g3beige")) {
                    return G3BEIGE;
                }
                if (rom.endsWith("-ppce500")) {
                    return PPCE500;
                }
                throw new IllegalArgumentException("--rom " + rom + ": a PowerPC ROM's name ends in -g3beige or -ppce500");
            }
            return rom.startsWith("x86/") ? X86 : AARCH64;
        }

        boolean ppc() {
            return this == G3BEIGE || this == PPCE500;
        }

        /** The ROM file's name: {@code .elf} for the PowerPC ROMs, {@code .bin} otherwise. */
        String fileName(String rom) {
            return baseName(rom) + (ppc() ? ".elf" : ".bin");
        }

        static String baseName(String rom) {
            int slash = rom.indexOf('/');
            return slash < 0 ? rom : rom.substring(slash + 1);
        }
    }
    static final String UBOOT_PROMPT = "Hit any key";

    private int runs = 3;
    /** null: use QEMU if installed; TRUE: require it; FALSE: skip it. */
    private Boolean qemu;
    private String qemuBin = "qemu-system-aarch64";
    private String qemuX86Bin = "qemu-system-i386";
    private String qemuPpcBin = "qemu-system-ppc";
    private final List<String> roms = new ArrayList<>();
    private boolean uboot = true;
    private Path ubootImage = Path.of(UBootCorpus.DEFAULT_IMAGE);
    private Path jemuJar;
    private Path root;
    private boolean json;
    private double qemuX86Overhead = Double.NaN;
    private double qemuPpcOverhead = Double.NaN;
    private double qemuG3Overhead = Double.NaN;
    private long timeoutSeconds = 600;

    public static void main(String[] args) throws Exception {
        GuestBench b = new GuestBench();
        try {
            b.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("GuestBench: " + e.getMessage());
            System.exit(2);
        }
        System.exit(b.run());
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--runs" -> runs = Integer.parseInt(value(args, ++i, a));
                case "--qemu" -> qemu = Boolean.TRUE;
                case "--no-qemu" -> qemu = Boolean.FALSE;
                case "--qemu-bin" -> qemuBin = value(args, ++i, a);
                case "--qemu-x86-bin" -> qemuX86Bin = value(args, ++i, a);
                case "--qemu-ppc-bin" -> qemuPpcBin = value(args, ++i, a);
                case "--rom" -> {
                    String rom = value(args, ++i, a);
                    Arch.of(rom);   // (rejects a PowerPC ROM without its board in the name)
                    roms.add(rom);
                }
                case "--no-uboot" -> uboot = false;
                case "--uboot" -> ubootImage = Path.of(value(args, ++i, a));
                case "--jemu-jar" -> jemuJar = Path.of(value(args, ++i, a));
                case "--root" -> root = Path.of(value(args, ++i, a));
                case "--timeout" -> timeoutSeconds = Long.parseLong(value(args, ++i, a));
                case "--json" -> json = true;
                case "-h", "--help" -> {
                    System.out.println("""
                            usage: GuestBench [--runs N] [--qemu | --no-qemu] [--qemu-bin FILE] [--qemu-x86-bin FILE]
                                              [--qemu-ppc-bin FILE]
                                              [--rom NAME]...
                                              [--no-uboot] [--uboot FILE] [--jemu-jar FILE] [--root DIR]
                                              [--timeout SECONDS] [--json]
                              --runs N        runs per emulator and benchmark (default 3; the best is reported)
                              --qemu          require QEMU (default: use it if installed)
                              --no-qemu       jemu only
                              --qemu-bin FILE qemu-system-aarch64 to use; --qemu-x86-bin FILE: qemu-system-i386;
                                              --qemu-ppc-bin FILE: qemu-system-ppc
                              --rom NAME      a ROM of test-roms/aarch64, x86/NAME of test-roms/x86, or
                                              ppc/NAME-BOARD of test-roms/ppc (default: bench-crc32, bench-sieve,
                                              x86/bench-crc32, x86/bench-sieve, ppc/bench-crc32-ppce500,
                                              ppc/bench-crc32-g3beige)
                              --no-uboot      skip the time-to-U-Boot-prompt measurement
                              --uboot FILE    U-Boot image (default /usr/lib/u-boot/qemu_arm64/u-boot.bin)
                              --jemu-jar FILE jemu's runnable jar (default ROOT/cli/target/jemu.jar)
                              --root DIR      the jemu checkout (default: found from the current directory)
                              --json          print the results as one JSON object instead of tables""");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
            }
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) {
            throw new IllegalArgumentException(opt + " needs a value");
        }
        return args[i];
    }

    // ---- results -------------------------------------------------------------------------------------

    /**
     * One ROM's runs. {@code jemuCpu} and {@code qemuCpu} are CPU seconds (user + sys, all threads) per run;
     * QEMU's are minus the CPU its start-up ROM needs, and NaN where the host cannot tell.
     */
    record RomResult(String rom, long instructions, double[] jemuSeconds, boolean jemuOk, String jemuProblem,
            double[] qemuSeconds, boolean qemuOk, String qemuProblem, double[] jemuCpu, double[] qemuCpu) {
        double jemuBest() {
            return Arrays.stream(jemuSeconds).min().orElse(Double.NaN);
        }

        double qemuBest() {
            return qemuSeconds == null ? Double.NaN : Arrays.stream(qemuSeconds).min().orElse(Double.NaN);
        }

        double jemuMips() {
            return instructions / jemuBest() / 1e6;
        }

        double qemuMips() {
            return instructions / qemuBest() / 1e6;
        }

        double jemuCpuBest() {
            return Arrays.stream(jemuCpu).min().orElse(Double.NaN);
        }

        double qemuCpuBest() {
            return qemuCpu == null ? Double.NaN : Arrays.stream(qemuCpu).min().orElse(Double.NaN);
        }
    }

    record PromptResult(String who, double[] seconds, String problem) {
        double best() {
            return seconds == null ? Double.NaN : Arrays.stream(seconds).min().orElse(Double.NaN);
        }
    }

    /** jemu in-process up to the U-Boot prompt: where the time goes. */
    record PromptProfile(double seconds, long instructions, ExecStats stats, String problem) {
        double mips() {
            return instructions / seconds / 1e6;
        }
    }

    private int run() throws Exception {
        root = root != null ? root : findRoot();
        if (roms.isEmpty()) {
            roms.addAll(DEFAULT_ROMS);
        }
        java.util.EnumSet<Arch> arches = java.util.EnumSet.noneOf(Arch.class);
        for (String rom : roms) {
            arches.add(Arch.of(rom));
        }
        if (uboot) {
            arches.add(Arch.AARCH64);
        }
        Map<Arch, Map<String, List<String>>> expectedByArch = new java.util.EnumMap<>(Arch.class);
        for (Arch a : arches) {
            expectedByArch.put(a, readExpected(root.resolve("test-roms/" + a.dir + "/expected.txt")));
        }
        boolean useQemu = qemu != Boolean.FALSE;
        for (Arch a : arches) {
            if (!qemuInstalled(a)) {
                if (qemu == Boolean.TRUE) {
                    System.err.println("GuestBench: --qemu: " + qemuBin(a) + " is not installed (apt-get install "
                            + a.debianPackage + ")");
                    return 2;
                }
                useQemu = false;
            }
        }
        String host = hostDescription();
        log("GuestBench: " + host + "; " + runs + " run(s) each" + (useQemu ? "" : "; QEMU not used"));

        Map<Arch, Double> overheads = new java.util.EnumMap<>(Arch.class);
        Map<Arch, Double> cpuOverheads = new java.util.EnumMap<>(Arch.class);
        if (useQemu) {
            for (Arch a : arches) {
                Path off = Files.createTempFile("jemu-poweroff-", ".bin");
                try {
                    Files.write(off, a == Arch.X86 ? x86ExitRom()
                            : a.ppc() ? Files.readAllBytes(root.resolve("test-roms/ppc/" + a.fileName("ppc/poweroff-"
                                    + (a == Arch.G3BEIGE ? "g3beige" : "ppce500"))))
                            : powerOffRom());
                    double[] overheadRuns = new double[Math.max(3, runs)];
                    double[] overheadCpu = new double[overheadRuns.length];
                    for (int i = 0; i < overheadRuns.length; i++) {
                        QemuRun r = runQemu(a, off);
                        overheadRuns[i] = r.seconds;
                        overheadCpu[i] = r.cpuSeconds;
                    }
                    double best = Arrays.stream(overheadRuns).min().getAsDouble();
                    overheads.put(a, best);
                    cpuOverheads.put(a, Arrays.stream(overheadCpu).min().getAsDouble());
                    log(String.format(Locale.ROOT, "%s start-up + shutdown (power-off ROM, best of %d): %.3f s",
                            qemuBin(a), overheadRuns.length, best));
                } finally {
                    Files.deleteIfExists(off);
                }
            }
        }
        double qemuOverhead = overheads.getOrDefault(Arch.AARCH64, Double.NaN);
        qemuX86Overhead = overheads.getOrDefault(Arch.X86, Double.NaN);
        qemuPpcOverhead = overheads.getOrDefault(Arch.PPCE500, Double.NaN);
        qemuG3Overhead = overheads.getOrDefault(Arch.G3BEIGE, Double.NaN);

        List<RomResult> results = new ArrayList<>();
        boolean allOk = true;
        for (String rom : roms) {
            Arch arch = Arch.of(rom);
            Path file = root.resolve("test-roms/" + arch.dir + "/" + arch.fileName(rom));
            Map<String, List<String>> expected = expectedByArch.get(arch);
            if (!Files.isRegularFile(file)) {
                System.err.println("GuestBench: " + file + ": no such ROM");
                return 2;
            }
            List<String> want = expected.getOrDefault(Arch.baseName(rom), List.of());
            if (want.isEmpty()) {
                log("warning: expected.txt lists nothing for " + rom + "; its output is not checked");
            }
            double[] js = new double[runs];
            double[] qs = useQemu ? new double[runs] : null;
            double[] jc = new double[runs];
            double[] qc = useQemu ? new double[runs] : null;
            long insns = -1;
            String jemuProblem = null;
            String qemuProblem = null;
            for (int i = 0; i < runs; i++) {
                JemuRun j = runJemu(arch, file);
                js[i] = j.seconds;
                jc[i] = j.cpuSeconds;
                if (insns >= 0 && insns != j.instructions) {
                    jemuProblem = "instruction count differs between runs: " + insns + " vs " + j.instructions;
                }
                insns = j.instructions;
                String p = j.problem != null ? j.problem : check(want, j.output);
                if (p != null && jemuProblem == null) {
                    jemuProblem = p;
                }
                log(String.format(Locale.ROOT, "%s: jemu run %d: %.3f s (%.3f s CPU), %d instructions%s", rom, i + 1,
                        js[i], jc[i], j.instructions, p == null ? ", output OK" : ", " + p));
                if (useQemu) {
                    QemuRun q = runQemu(arch, file);
                    qs[i] = q.seconds - overheads.get(arch);
                    qc[i] = q.cpuSeconds - cpuOverheads.get(arch);
                    String qp = q.problem != null ? q.problem : check(want, q.output);
                    if (qp != null && qemuProblem == null) {
                        qemuProblem = qp;
                    }
                    log(String.format(Locale.ROOT, "%s: qemu run %d: %.3f s (%.3f s wall, %.3f s CPU)%s", rom, i + 1,
                            qs[i], q.seconds, qc[i], qp == null ? ", output OK" : ", " + qp));
                }
            }
            RomResult r = new RomResult(rom, insns, js, jemuProblem == null, jemuProblem, qs, qemuProblem == null,
                    qemuProblem, jc, qc);
            allOk &= r.jemuOk && (!useQemu || r.qemuOk);
            results.add(r);
        }

        List<PromptResult> prompts = new ArrayList<>();
        PromptProfile inProcess = null;
        if (uboot) {
            if (!Files.isRegularFile(ubootImage)) {
                log("U-Boot: " + ubootImage + " not found (apt-get install u-boot-qemu); skipped");
            } else {
                inProcess = ubootInProcess();
                Path jar = jemuJar != null ? jemuJar : root.resolve("cli/target/jemu.jar");
                if (!Files.isRegularFile(jar)) {
                    log("U-Boot: " + jar + " not found (build with mvn install -DskipTests); jemu skipped");
                } else {
                    prompts.add(timePrompt("jemu", jemuCommand(jar)));
                }
                if (useQemu) {
                    prompts.add(timePrompt("qemu", qemuCommand(ubootImage)));
                }
            }
        }

        if (json) {
            System.out.println(toJson(host, qemuOverhead, results, prompts, inProcess));
        } else {
            printTables(qemuOverhead, useQemu, results, prompts, inProcess);
        }
        return allOk ? 0 : 1;
    }

    private void printTables(double qemuOverhead, boolean useQemu, List<RomResult> results, List<PromptResult> prompts,
            PromptProfile inProcess) {
        System.out.println();
        System.out.printf(Locale.ROOT, "Guest benchmark ROMs (best of %d run(s); qemu time minus its start-up: "
                + "aarch64 %.3f s, x86 %.3f s, ppce500 %.3f s, g3beige %.3f s)%n", runs, qemuOverhead, qemuX86Overhead,
                qemuPpcOverhead, qemuG3Overhead);
        String fmt = "%-26s %14s %9s %10s %9s %10s %7s  %s%n";
        System.out.printf(Locale.ROOT, fmt, "ROM", "instructions", "jemu s", "jemu MIPS", "qemu s", "qemu MIPS",
                "ratio", "result");
        for (RomResult r : results) {
            String status = (r.jemuOk ? "jemu OK" : "jemu WRONG: " + r.jemuProblem)
                    + (useQemu ? (r.qemuOk ? ", qemu OK" : ", qemu WRONG: " + r.qemuProblem) : "");
            System.out.printf(Locale.ROOT, fmt, r.rom, String.format(Locale.ROOT, "%,d", r.instructions),
                    f3(r.jemuBest()), f1(r.jemuMips()), useQemu ? f3(r.qemuBest()) : "-",
                    useQemu ? f1(r.qemuMips()) : "-", useQemu ? f2(r.jemuMips() / r.qemuMips()) : "-", status);
        }
        for (RomResult r : results) {
            System.out.printf(Locale.ROOT, "  %s: jemu first run %.3f s (%.1f MIPS), all runs %s%n", r.rom,
                    r.jemuSeconds[0], r.instructions / r.jemuSeconds[0] / 1e6, Arrays.toString(round(r.jemuSeconds)));
        }
        System.out.println("  ratio = jemu MIPS / qemu MIPS (1.00 = as fast as QEMU TCG; above 1 = faster)");
        System.out.println();
        System.out.println("CPU time (user + sys of all threads, JIT and GC included; qemu minus its start-up ROM's): "
                + "compare these on a loaded machine");
        String cfmt = "%-26s %10s %13s %10s %13s %7s%n";
        System.out.printf(Locale.ROOT, cfmt, "ROM", "jemu CPU s", "jemu MIPS/CPU", "qemu CPU s", "qemu MIPS/CPU",
                "ratio");
        for (RomResult r : results) {
            double jm = r.instructions / r.jemuCpuBest() / 1e6;
            double qm = r.instructions / r.qemuCpuBest() / 1e6;
            System.out.printf(Locale.ROOT, cfmt, r.rom, f3(r.jemuCpuBest()), f1(jm), useQemu ? f3(r.qemuCpuBest()) : "-",
                    useQemu ? f1(qm) : "-", useQemu ? f2(jm / qm) : "-");
        }
        if (!prompts.isEmpty()) {
            System.out.println();
            System.out.printf(Locale.ROOT, "Time from process start to U-Boot's \"%s\" (best of %d)%n", UBOOT_PROMPT,
                    runs);
            PromptResult j = null;
            PromptResult q = null;
            for (PromptResult p : prompts) {
                System.out.printf(Locale.ROOT, "  %-5s %s%n", p.who, p.problem != null ? "FAILED: " + p.problem
                        : String.format(Locale.ROOT, "%.3f s  (runs %s)", p.best(), Arrays.toString(round(p.seconds))));
                if (p.who.equals("jemu")) {
                    j = p;
                } else {
                    q = p;
                }
            }
            if (j != null && q != null && j.problem == null && q.problem == null) {
                System.out.printf(Locale.ROOT, "  ratio (qemu time / jemu time, as for MIPS: 1.00 = parity): %.3f; "
                        + "jemu takes %.1fx as long%n", q.best() / j.best(), j.best() / q.best());
            }
        }
        if (inProcess != null) {
            if (inProcess.problem != null) {
                System.out.println("  jemu in-process: FAILED: " + inProcess.problem);
            } else {
                ExecStats st = inProcess.stats;
                System.out.printf(Locale.ROOT, "  jemu in-process (this JVM, machine creation to the prompt): %.3f s, "
                        + "%,d instructions (%.1f MIPS)%n", inProcess.seconds, inProcess.instructions, inProcess.mips());
                System.out.printf(Locale.ROOT, "    %,d blocks translated (%,d instructions) in %.3f s; %,d compiled "
                        + "in %.3f s; %,d dispatches, %,d chained%n", st.blocksTranslated, st.insnsTranslated,
                        st.translateNanos / 1e9, st.blocksCompiled, st.compileNanos / 1e9, st.blocksExecuted,
                        st.chainedDispatches);
            }
        }
    }

    private String toJson(String host, double qemuOverhead, List<RomResult> results, List<PromptResult> prompts,
            PromptProfile inProcess) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"date\": ").append(str(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        sb.append(",\n  \"host\": ").append(str(host));
        sb.append(",\n  \"runs\": ").append(runs);
        sb.append(",\n  \"qemuStartupSeconds\": ").append(num(qemuOverhead));
        sb.append(",\n  \"qemuX86StartupSeconds\": ").append(num(qemuX86Overhead));
        sb.append(",\n  \"qemuPpcStartupSeconds\": ").append(num(qemuPpcOverhead));
        sb.append(",\n  \"qemuG3beigeStartupSeconds\": ").append(num(qemuG3Overhead));
        sb.append(",\n  \"roms\": [");
        for (int i = 0; i < results.size(); i++) {
            RomResult r = results.get(i);
            sb.append(i == 0 ? "\n" : ",\n");
            sb.append("    {\"rom\": ").append(str(r.rom)).append(", \"instructions\": ").append(r.instructions);
            sb.append(", \"jemuSeconds\": ").append(arr(r.jemuSeconds));
            sb.append(", \"jemuBestSeconds\": ").append(num(r.jemuBest()));
            sb.append(", \"jemuMips\": ").append(num(r.jemuMips()));
            sb.append(", \"jemuOk\": ").append(r.jemuOk);
            sb.append(", \"jemuCpuSeconds\": ").append(arr(r.jemuCpu));
            if (r.jemuProblem != null) {
                sb.append(", \"jemuProblem\": ").append(str(r.jemuProblem));
            }
            if (r.qemuSeconds != null) {
                sb.append(", \"qemuSeconds\": ").append(arr(r.qemuSeconds));
                sb.append(", \"qemuBestSeconds\": ").append(num(r.qemuBest()));
                sb.append(", \"qemuMips\": ").append(num(r.qemuMips()));
                sb.append(", \"qemuOk\": ").append(r.qemuOk);
                if (r.qemuProblem != null) {
                    sb.append(", \"qemuProblem\": ").append(str(r.qemuProblem));
                }
                sb.append(", \"ratio\": ").append(num(r.jemuMips() / r.qemuMips()));
                sb.append(", \"qemuCpuSeconds\": ").append(arr(r.qemuCpu));
                sb.append(", \"cpuRatio\": ").append(num(r.qemuCpuBest() / r.jemuCpuBest()));
            }
            sb.append('}');
        }
        sb.append("\n  ],\n  \"ubootPrompt\": {");
        for (int i = 0; i < prompts.size(); i++) {
            PromptResult p = prompts.get(i);
            sb.append(i == 0 ? "\n" : ",\n");
            sb.append("    ").append(str(p.who)).append(": {");
            if (p.problem != null) {
                sb.append("\"problem\": ").append(str(p.problem));
            } else {
                sb.append("\"seconds\": ").append(arr(p.seconds)).append(", \"bestSeconds\": ").append(num(p.best()));
            }
            sb.append('}');
        }
        sb.append("\n  }");
        PromptResult pj = prompts.stream().filter(p -> p.who.equals("jemu")).findFirst().orElse(null);
        PromptResult pq = prompts.stream().filter(p -> p.who.equals("qemu")).findFirst().orElse(null);
        if (pj != null && pq != null && pj.problem == null && pq.problem == null) {
            sb.append(",\n  \"ubootPromptRatio\": ").append(num(pq.best() / pj.best()));
        }
        if (inProcess != null) {
            sb.append(",\n  \"ubootPromptInProcess\": {");
            if (inProcess.problem != null) {
                sb.append("\"problem\": ").append(str(inProcess.problem));
            } else {
                ExecStats st = inProcess.stats;
                sb.append("\"seconds\": ").append(num(inProcess.seconds)).append(", \"instructions\": ")
                        .append(inProcess.instructions).append(", \"mips\": ").append(num(inProcess.mips()))
                        .append(", \"blocksTranslated\": ").append(st.blocksTranslated)
                        .append(", \"translateSeconds\": ").append(num(st.translateNanos / 1e9))
                        .append(", \"blocksCompiled\": ").append(st.blocksCompiled)
                        .append(", \"compileSeconds\": ").append(num(st.compileNanos / 1e9))
                        .append(", \"dispatches\": ").append(st.blocksExecuted)
                        .append(", \"chainedDispatches\": ").append(st.chainedDispatches);
            }
            sb.append('}');
        }
        sb.append("\n}");
        return sb.toString();
    }

    // ---- jemu in-process -------------------------------------------------------------------------------

    /** One in-process run: wall and process CPU seconds (all JVM threads) from machine creation to its end. */
    record JemuRun(double seconds, double cpuSeconds, long instructions, String output, String problem) {
    }

    /** CPU seconds (user + sys) of this JVM's threads so far, or NaN if the platform cannot tell. */
    static double processCpuSeconds() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            long ns = os.getProcessCpuTime();
            return ns < 0 ? Double.NaN : ns / 1e9;
        }
        return Double.NaN;
    }

    /**
     * CPU seconds (user + sys) of this process's waited-for children so far: fields cutime and cstime of
     * {@code /proc/self/stat} (proc(5)), in clock ticks of 1/100 s; NaN without /proc.
     */
    static double childrenCpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // f[0] is field 3 (state); cutime and cstime are fields 16 and 17.
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private JemuRun runJemu(Arch arch, Path rom) {
        MemoryCharBackend serial = new MemoryCharBackend();
        MachineConfig cfg = switch (arch) {
            case X86 -> MachineConfig.of("pc").withCpu("qemu32").withRam(128L << 20).withBios(rom);
            case PPCE500 -> MachineConfig.of("ppce500").withCpu("e500mc").withRam(256L << 20).withBios(rom)
                    .withNoReboot(true);
            case G3BEIGE -> MachineConfig.of("g3beige").withRam(256L << 20).withBios(rom);
            case AARCH64 -> MachineConfig.of("virt").withCpu("cortex-a57").withRam(256L << 20).withBios(rom);
        };
        double c0 = processCpuSeconds();
        long t0 = System.nanoTime();
        Machine m = Boards.create(cfg, serial);
        try {
            Machine.Shutdown s = m.run();
            long t1 = System.nanoTime();
            double cpu = processCpuSeconds() - c0;
            String problem = null;
            if (s != Machine.Shutdown.POWER_OFF) {
                problem = "stopped with " + s + (m.errorMessage() != null ? ": " + m.errorMessage() : "");
            } else if (arch == Arch.X86 && m.exitCode() != Arch.X86.qemuStatus) {
                problem = "isa-debug-exit status " + m.exitCode();
            }
            serial.flush();
            return new JemuRun((t1 - t0) / 1e9, cpu, m.instructions(), serial.outputString(), problem);
        } finally {
            m.close();
        }
    }

    /**
     * Boots U-Boot in this JVM (fresh machine, as {@link #runJemu}) until the prompt appears on the
     * serial port (checked between quanta of 100,000 instructions), for its instruction count and the
     * loop's statistics.
     */
    private PromptProfile ubootInProcess() {
        MemoryCharBackend serial = new MemoryCharBackend();
        MachineConfig cfg = MachineConfig.of("virt").withCpu("cortex-a57").withRam(256L << 20).withBios(ubootImage);
        long[] at = {-1, -1};
        long t0 = System.nanoTime();
        Machine m = Boards.create(cfg, serial);
        try {
            m.addPoller(() -> {
                if (at[0] < 0 && serial.outputString().contains(UBOOT_PROMPT)) {
                    at[0] = System.nanoTime();
                    at[1] = m.instructions();
                    m.requestShutdown(Machine.Shutdown.HOST_QUIT);
                }
            });
            Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
                try {
                    Thread.sleep(timeoutSeconds * 1000);
                    m.requestShutdown(Machine.Shutdown.HOST_QUIT);
                } catch (InterruptedException e) {
                    // done
                }
            });
            Machine.Shutdown s = m.run();
            watchdog.interrupt();
            if (at[0] < 0) {
                return new PromptProfile(Double.NaN, m.instructions(), m.stats(), "no \"" + UBOOT_PROMPT
                        + "\" (stopped with " + s + (m.errorMessage() != null ? ": " + m.errorMessage() : "") + ")");
            }
            PromptProfile p = new PromptProfile((at[0] - t0) / 1e9, at[1], m.stats(), null);
            log(String.format(Locale.ROOT, "U-Boot: jemu in-process: %.3f s, %d instructions to \"%s\"", p.seconds,
                    p.instructions, UBOOT_PROMPT));
            return p;
        } finally {
            m.close();
        }
    }

    // ---- qemu subprocess ------------------------------------------------------------------------------

    /** One QEMU run: wall seconds and CPU seconds of the process (all its threads), start-up included. */
    record QemuRun(double seconds, double cpuSeconds, String output, String problem) {
    }

    private List<String> qemuCommand(Path bios) {
        return qemuCommand(Arch.AARCH64, bios);
    }

    private List<String> qemuCommand(Arch arch, Path bios) {
        if (arch == Arch.G3BEIGE) {
            return List.of(qemuPpcBin, "-M", "g3beige", "-m", "256", "-nographic", "-bios", bios.toString());
        }
        if (arch == Arch.PPCE500) {
            return List.of(qemuPpcBin, "-M", "ppce500", "-cpu", "e500mc", "-m", "256", "-nographic", "-no-reboot",
                    "-bios", bios.toString());
        }
        if (arch == Arch.X86) {
            return List.of(qemuX86Bin, "-M", "pc", "-cpu", "qemu32", "-m", "128", "-display", "none", "-serial",
                    "stdio", "-device", "isa-debug-exit,iobase=0x501,iosize=2", "-bios", bios.toString());
        }
        return List.of(qemuBin, "-M", "virt", "-cpu", "cortex-a57", "-m", "256", "-nographic", "-bios",
                bios.toString());
    }

    private String qemuBin(Arch a) {
        return a == Arch.X86 ? qemuX86Bin : a.ppc() ? qemuPpcBin : qemuBin;
    }

    private QemuRun runQemu(Arch arch, Path rom) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jemu-qemu-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(qemuCommand(arch, rom)).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile());
            double c0 = childrenCpuSeconds();
            long t0 = System.nanoTime();
            Process p = pb.start();
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            long t1 = System.nanoTime();
            if (!done) {
                p.destroyForcibly();
                p.waitFor();
            }
            double cpu = childrenCpuSeconds() - c0;
            String text = Files.readString(out, StandardCharsets.ISO_8859_1);
            String problem = !done ? "timed out after " + timeoutSeconds + " s"
                    : p.exitValue() != arch.qemuStatus ? "exit status " + p.exitValue() : null;
            return new QemuRun((t1 - t0) / 1e9, cpu, text, problem);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private boolean qemuInstalled(Arch a) {
        try {
            Process p = new ProcessBuilder(qemuBin(a), "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * A ROM that powers the machine off at once, for QEMU's start-up and shutdown cost:
     * {@code movz w0, #0x0008; movk w0, #0x8400, lsl #16; hvc #0} (PSCI SYSTEM_OFF through HVC, as on
     * QEMU's virt without EL2/EL3), then {@code b .} in case it returns.
     */
    static byte[] powerOffRom() {
        int[] words = {
            0x52800100, // movz w0, #0x0008
            0x72b08000, // movk w0, #0x8400, lsl #16
            0xd4000002, // hvc #0
            0x14000000, // b .
        };
        ByteBuffer b = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }

    /**
     * A 64 KiB x86 BIOS image that ends at once through isa-debug-exit: at the reset vector
     * {@code mov dx, 0x501; xor al, al; out dx, al; hlt}.
     */
    static byte[] x86ExitRom() {
        byte[] b = new byte[64 << 10];
        byte[] code = {(byte) 0xBA, 0x01, 0x05, 0x30, (byte) 0xC0, (byte) 0xEE, (byte) 0xF4};
        System.arraycopy(code, 0, b, 0xFFF0, code.length);
        return b;
    }

    // ---- time to the U-Boot prompt ----------------------------------------------------------------------

    /**
     * The command {@code ./jemu} runs: the jar with the launcher's JVM options, and the launcher's AOT cache
     * ({@code cli/target/jemu.aot}, made by {@code ./jemu} after each build) when it exists.
     */
    private List<String> jemuCommand(Path jar) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseParallelGC", "-Xss16m", "-XX:PerMethodTrapLimit=0", "-XX:PerBytecodeTrapLimit=0",
                "-XX:CompileCommand=quiet",
                "-XX:CompileCommand=CompileThresholdScaling,org.jemu.translator.backend.Block*::run,0.1"));
        Path aot = jar.resolveSibling("jemu.aot");
        if (Files.isRegularFile(aot)) {
            cmd.addAll(List.of("-XX:AOTCache=" + aot, "-Xlog:aot=off", "-Xlog:cds=off"));
        }
        cmd.addAll(List.of("-jar", jar.toString(), "run", "-M", "virt", "-cpu", "cortex-a57", "-m", "256", "-bios",
                ubootImage.toString(), "-nographic"));
        return cmd;
    }

    private PromptResult timePrompt(String who, List<String> cmd) throws IOException, InterruptedException {
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            Process p = null;
            long t0 = System.nanoTime();
            try {
                p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                Process proc = p;
                CompletableFuture<Long> seen = new CompletableFuture<>();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                Thread reader = Thread.ofPlatform().daemon().start(() -> {
                    byte[] buf = new byte[4096];
                    try (InputStream in = proc.getInputStream()) {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            all.write(buf, 0, n);
                            if (!seen.isDone() && all.toString(StandardCharsets.ISO_8859_1).contains(UBOOT_PROMPT)) {
                                seen.complete(System.nanoTime());
                            }
                        }
                    } catch (IOException e) {
                        // the process was killed
                    }
                    seen.complete(-1L);
                });
                long t1;
                try {
                    t1 = seen.get(timeoutSeconds, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    t1 = -1;
                } catch (java.util.concurrent.ExecutionException e) {
                    t1 = -1;
                }
                if (t1 < 0) {
                    p.destroyForcibly();
                    reader.join(5000);
                    String out = all.toString(StandardCharsets.ISO_8859_1);
                    String tail = out.length() > 300 ? out.substring(out.length() - 300) : out;
                    return new PromptResult(who, null, "no \"" + UBOOT_PROMPT + "\" (output ended: "
                            + tail.replaceAll("[\\r\\n]+", " | ").strip() + ")");
                }
                t[i] = (t1 - t0) / 1e9;
                log(String.format(Locale.ROOT, "U-Boot: %s run %d: %.3f s to \"%s\"", who, i + 1, t[i], UBOOT_PROMPT));
            } finally {
                if (p != null) {
                    p.destroy();
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        p.waitFor();
                    }
                }
            }
        }
        return new PromptResult(who, t, null);
    }

    // ---- helpers --------------------------------------------------------------------------------------

    /** "ROM: LINE" entries of expected.txt, by ROM. */
    static Map<String, List<String>> readExpected(Path file) throws IOException {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int c = line.indexOf(": ");
            if (c < 0) {
                continue;
            }
            m.computeIfAbsent(line.substring(0, c), k -> new ArrayList<>()).add(line.substring(c + 2));
        }
        return m;
    }

    /** Null if {@code output} has every expected line (as a whole line) and no FAIL/UNEXPECTED line. */
    static String check(List<String> want, String output) {
        List<String> lines = output.lines().map(l -> l.replace("\r", "")).toList();
        for (String l : lines) {
            if (l.startsWith("FAIL") || l.startsWith("UNEXPECTED")) {
                return "guest printed \"" + l + "\"";
            }
        }
        for (String w : want) {
            if (!lines.contains(w)) {
                return "missing line \"" + w + "\"";
            }
        }
        return null;
    }

    private Path findRoot() throws URISyntaxException {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("test-roms/aarch64/expected.txt"))) {
                return p;
            }
        }
        // bench/target/benchmarks.jar -> the checkout
        Path jar = Path.of(GuestBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        for (Path p = jar; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("test-roms/aarch64/expected.txt"))) {
                return p;
            }
        }
        throw new IllegalArgumentException("cannot find the jemu checkout (test-roms/aarch64); use --root DIR");
    }

    private static String hostDescription() {
        String cpu = "unknown CPU";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, Java "
                + System.getProperty("java.runtime.version") + ", load average "
                + String.format(Locale.ROOT, "%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
    }

    private void log(String s) {
        System.err.println(s);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static double[] round(double[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.round(a[i] * 1000) / 1000.0;
        }
        return r;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "null";
    }

    private static String arr(double[] a) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(num(a[i]));
        }
        return sb.append(']').toString();
    }

    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
