package org.jemu.x86.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.jemu.x86.cpu.PortIo;
import org.jemu.x86.cpu.X86Cpu;
import org.jemu.x86.cpu.X86CpuModel;

/**
 * Runs a paging fuzz ROM ({@link X86PagingRom}) and returns what it wrote to the debug console (port 402h):
 * on {@code qemu-system-i386 -M pc} (the oracle, TCG) and on jemu's CPU in-process, in the memory map of jemu's
 * {@code -M pc} (and QEMU's): RAM from 0, the BIOS image at the top of 4 GiB and its last 128 KiB at E0000h,
 * isa-debugcon at 402h and isa-debug-exit at 501h. The in-process machine has no other devices (the harness
 * masks the i8259s on QEMU, and uses nothing else).
 */
final class PagingRomRunners {
    private PagingRomRunners() {
    }

    /** Guest RAM of both machines, MiB. */
    static final int RAM_MIB = 16;
    static final int DEBUGCON = 0x402;
    static final int DEBUG_EXIT = 0x501;

    /** What a run produced. */
    record Output(byte[] debugcon, String end, long instructions) {
    }

    /** The qemu-system-i386 binary ({@code -Djemu.qemu.i386=PATH}, else the one on PATH), or null. */
    static String qemu() {
        String p = System.getProperty("jemu.qemu.i386");
        if (p != null && !p.isBlank()) {
            return p;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path q = Path.of(dir, "qemu-system-i386");
            if (Files.isExecutable(q)) {
                return q.toString();
            }
        }
        return null;
    }

    /**
     * Runs {@code rom} on qemu-system-i386 with TCG: {@code -M pc -m 16 -bios ROM -nodefaults -no-reboot},
     * isa-debugcon at 402h into a file, isa-debug-exit at 501h. The harness ends with exit status 1.
     *
     * @throws IOException when QEMU cannot be started or does not end within {@code timeoutSeconds}
     */
    static Output qemu(String qemu, byte[] rom, Path dir, long timeoutSeconds) throws IOException, InterruptedException {
        Path bios = Files.createTempFile(dir, "paging", ".rom");
        Path out = Files.createTempFile(dir, "paging", ".debugcon");
        Path log = Files.createTempFile(dir, "paging", ".log");
        try {
            Files.write(bios, rom);
            Process p = new ProcessBuilder(qemu, "-M", "pc", "-accel", "tcg", "-m", String.valueOf(RAM_MIB), "-bios",
                    bios.toString(), "-nodefaults", "-no-reboot", "-display", "none", "-monitor", "none",
                    "-chardev", "file,id=dbg,path=" + out, "-device", "isa-debugcon,iobase=0x402,chardev=dbg",
                    "-device", "isa-debug-exit,iobase=0x501,iosize=2")
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IOException("qemu-system-i386 did not end within " + timeoutSeconds + " s");
            }
            String end = p.exitValue() == 1 ? "debug-exit 0" : "qemu exit status " + p.exitValue() + ": "
                    + Files.readString(log).strip();
            return new Output(Files.readAllBytes(out), end, -1);
        } finally {
            Files.deleteIfExists(bios);
            Files.deleteIfExists(out);
            Files.deleteIfExists(log);
        }
    }

    /**
     * Runs {@code rom} on jemu's {@link X86Cpu} (model qemu32) from the reset vector until isa-debug-exit, a
     * triple fault, or {@code maxInstructions}. {@code compileThreshold}: 0 compiles every block before it first
     * runs, N &gt; 0 compiles a block after N runs (the harness's loops; the cases' code, which runs once, stays
     * in the IR interpreter), -1 interprets everything.
     */
    static Output jemu(byte[] rom, int compileThreshold, long maxInstructions) {
        boolean compiled = compileThreshold >= 0;
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        try {
            mem.addRam("ram", 0, 0xE0000);
            mem.addRom("isa-bios", 0xE0000, 0x20000, null).backing.copyFrom(
                    java.lang.foreign.MemorySegment.ofArray(java.util.Arrays.copyOfRange(rom, rom.length - 0x20000,
                            rom.length)));
            mem.addRam("ram.high", 0x10_0000, (RAM_MIB << 20) - 0x10_0000L);
            mem.addRom("bios", X86PagingRom.ROM_BASE, rom.length, null).backing.copyFrom(
                    java.lang.foreign.MemorySegment.ofArray(rom));
            VirtualClock clock = new VirtualClock(0, false);
            X86Cpu cpu = new X86Cpu(X86CpuModel.QEMU32, 0, mem, clock);
            ByteArrayOutputStream dbg = new ByteArrayOutputStream();
            String[] end = {null};
            cpu.io = new PortIo() {
                @Override
                public int in(int port, int size) {
                    return size == 4 ? -1 : (1 << (size * 8)) - 1;
                }

                @Override
                public void out(int port, int size, int value) {
                    if (port == DEBUGCON) {
                        dbg.write(value);
                    } else if (port == DEBUG_EXIT) {
                        end[0] = "debug-exit " + (value & 0xFF);
                        cpu.stopped = true;
                    }
                }
            };
            cpu.shutdownHook = c -> {
                end[0] = String.format("triple fault at EIP 0x%x", c.eip());
                c.stopped = true;
            };
            ExecLoop loop = new ExecLoop(List.of(cpu), clock, compiled ? new BytecodeBackend() : null);
            try {
                loop.setCompileThreshold(compileThreshold);
                loop.setBackgroundCompile(false);
                cpu.reset();
                while (!cpu.stopped && !cpu.halted && cpu.icount < maxInstructions) {
                    loop.runCpu(cpu, 100_000);
                }
                if (end[0] == null) {
                    end[0] = cpu.halted ? String.format("halted at EIP 0x%x", cpu.eip())
                            : "instruction limit " + maxInstructions + " reached";
                }
                if (loop.stats().compileFailures != 0) {
                    end[0] += "; " + loop.stats().compileFailures + " blocks failed to compile";
                }
            } finally {
                loop.close();
            }
            return new Output(dbg.toByteArray(), end[0], cpu.icount);
        } finally {
            mem.close();
        }
    }
}
