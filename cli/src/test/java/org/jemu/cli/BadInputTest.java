package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.machine.Boards;
import org.jemu.machine.Machine;
import org.jemu.machine.board.VirtMachine;
import org.jemu.machine.monitor.Monitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input must give a clear one-line error, never a stack trace or a crash.
 *
 * <p>Command-line errors run {@code jemu} as a separate process (the test class path, with the flags of the
 * {@code jemu} launcher), so the check covers everything the user would see on stderr, JVM warnings included:
 * the exit status is not 0 and stderr is exactly one line, {@code jemu: ...}, naming the problem.
 *
 * <p>Guest-level errors (firmware that runs into nothing) must not stop the emulator: the guest takes the
 * exception the architecture defines, and the machine runs on until the host quits it.
 */
class BadInputTest {
    @TempDir
    static Path tmp;

    /** What a {@code jemu} process printed. */
    record Result(int status, String out, String err) {
    }

    /** Runs {@code jemu ARGS} in a new JVM with stdin at end of file. */
    static Result jemuProcess(String... args) throws IOException, InterruptedException {
        List<String> cmd = TestImages.jemuCommand(args);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("jemu " + String.join(" ", args) + " did not exit within 60 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * Asserts a failed run: status not 0, nothing on stdout, stderr one line starting with {@code "jemu: "} that
     * contains every {@code mentions}, and no exception or stack trace text. Returns the message.
     */
    static String assertOneLineError(Result r, String... mentions) {
        String all = "status " + r.status() + "\nstdout:\n" + r.out() + "\nstderr:\n" + r.err();
        assertNotEquals(0, r.status(), all);
        assertFalse(r.err().contains("Exception") || r.err().contains("at org.") || r.err().contains("\tat "),
                "stack trace text on stderr: " + all);
        assertTrue(r.err().endsWith("\n"), all);
        String msg = r.err().substring(0, r.err().length() - 1);
        assertFalse(msg.contains("\n"), "stderr must be exactly one line: " + all);
        assertTrue(msg.startsWith("jemu: "), all);
        for (String m : mentions) {
            assertTrue(msg.contains(m), "the message should mention '" + m + "': " + all);
        }
        assertEquals("", r.out(), all);
        return msg;
    }

    @Test
    void missingBiosFile() throws Exception {
        String f = tmp.resolve("no-such-dir/u-boot.bin").toString();
        String msg = assertOneLineError(jemuProcess("-M", "virt", "-m", "256", "-bios", f, "-nographic"), "-bios", f);
        assertTrue(msg.contains("no such file"), msg);
    }

    /** A device node as firmware (read to its end it would exhaust the heap): one line, for every board (the
     * command line refuses it; the boards refuse it too when built through the API). */
    @Test
    void deviceFileAsBios() throws Exception {
        for (String board : List.of("virt", "ppce500", "g3beige")) {
            String msg = assertOneLineError(jemuProcess("-M", board, "-m", "256", "-bios", "/dev/zero", "-nographic"),
                    "-bios", "/dev/zero");
            assertTrue(msg.contains("not a readable file"), board + ": " + msg);
        }
    }

    @Test
    void emptyBiosFile() throws Exception {
        Path f = Files.createFile(tmp.resolve("empty.bin"));
        String msg = assertOneLineError(jemuProcess("-M", "virt", "-bios", f.toString(), "-nographic"), "-bios",
                f.toString());
        assertTrue(msg.contains("empty"), msg);
    }

    @Test
    void unknownMachine() throws Exception {
        String msg = assertOneLineError(jemuProcess("-M", "nosuchboard", "-nographic"), "nosuchboard");
        assertTrue(msg.contains("unknown machine") && msg.contains("virt"), "should name the known boards: " + msg);
    }

    /** QEMU machine properties jemu does not model are refused, not silently ignored. */
    @Test
    void unsupportedMachineProperty() throws Exception {
        assertOneLineError(jemuProcess("-M", "virt,gic-version=4", "-nographic"), "gic-version=4", "not supported");
        assertOneLineError(jemuProcess("-M", "virt,its=on", "-nographic"), "its=on", "no ITS");
        assertOneLineError(jemuProcess("-M", "virt,secure=on", "-nographic"), "secure=on", "not supported");
        assertOneLineError(jemuProcess("-M", "pc,gic-version=3", "-nographic"), "gic-version=3", "not supported");
        assertOneLineError(jemuProcess("-M", "virt,gic-version=3", "-cpu", "cortex-a15", "-nographic"), "GICv3",
                "AArch64");
    }

    @Test
    void unknownCpuListsTheValidOnes() throws Exception {
        String msg = assertOneLineError(jemuProcess("-M", "virt", "-cpu", "cortex-z99", "-nographic"), "-cpu",
                "cortex-z99");
        List<String> valid = Boards.cpuModels("virt");
        assertTrue(valid.contains("cortex-a57"), valid.toString());
        for (String c : valid) {
            assertTrue(msg.contains(c), "the message should list CPU model " + c + ": " + msg);
        }
    }

    /** QEMU's pc requires a BIOS image that is a multiple of 64 KiB; so does jemu's. */
    @Test
    void pcBiosOfTheWrongSize() throws Exception {
        Path f = tmp.resolve("short-bios.bin");
        Files.write(f, new byte[1000]);
        String msg = assertOneLineError(jemuProcess("-M", "pc", "-bios", f.toString(), "-nographic"), "-bios",
                f.toString(), "64 KiB");
        assertTrue(msg.contains("1000 bytes"), msg);
    }

    @Test
    void ppce500FirmwareErrors() throws Exception {
        assertOneLineError(jemuProcess("-M", "ppce500", "-nographic"), "ppce500", "-bios");
        String missing = tmp.resolve("no-such-uboot.elf").toString();
        String msg = assertOneLineError(jemuProcess("-M", "ppce500", "-bios", missing, "-nographic"), "-bios", missing);
        assertTrue(msg.contains("no such file"), msg);
        // an ELF header for ARM (e_machine 40) instead of PowerPC (20)
        byte[] arm = new byte[64];
        arm[0] = 0x7f;
        arm[1] = 'E';
        arm[2] = 'L';
        arm[3] = 'F';
        arm[4] = 1;
        arm[5] = 2;
        arm[6] = 1;
        arm[19] = 40;
        Path armElf = Files.write(tmp.resolve("arm.elf"), arm);
        assertOneLineError(jemuProcess("-M", "ppce500", "-bios", armElf.toString(), "-nographic"), "-bios",
                armElf.toString(), "machine 40", "PowerPC");
        Path truncated = Files.write(tmp.resolve("truncated.elf"), java.util.Arrays.copyOf(arm, 20));
        assertOneLineError(jemuProcess("-M", "ppce500", "-bios", truncated.toString(), "-nographic"), "-bios",
                truncated.toString(), "truncated");
        arm[19] = 20; // PowerPC, but no program headers
        Path noPh = Files.write(tmp.resolve("noph.elf"), arm);
        assertOneLineError(jemuProcess("-M", "ppce500", "-bios", noPh.toString(), "-nographic"), "-bios",
                noPh.toString(), "program headers");
    }

    @Test
    void ppce500RamAndCpu() throws Exception {
        Path raw = Files.write(tmp.resolve("raw.bin"), new byte[16]);
        assertOneLineError(jemuProcess("-M", "ppce500", "-m", "100", "-bios", raw.toString(), "-nographic"), "-m",
                "64 MiB");
        assertOneLineError(jemuProcess("-M", "ppce500", "-cpu", "e500v2", "-bios", raw.toString(), "-nographic"),
                "-cpu", "e500v2", "e500mc");
    }

    @Test
    void pcWithoutBios() throws Exception {
        assertOneLineError(jemuProcess("-M", "pc", "-nographic"), "pc", "-bios");
        String f = tmp.resolve("no-such-bios.bin").toString();
        String msg = assertOneLineError(jemuProcess("-M", "pc", "-bios", f, "-nographic"), "-bios", f);
        assertTrue(msg.contains("no such file"), msg);
    }

    /** g3beige looks for openbios-ppc in the QEMU data directories (-L) as qemu-system-ppc does. */
    @Test
    void g3beigeWithoutOpenBios() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("no-firmware-here"));
        assertOneLineError(jemuProcess("-M", "g3beige", "-L", empty.toString(), "-nographic"), "openbios-ppc",
                empty.toString(), "qemu-system-data", "-bios");
        assertOneLineError(jemuProcess("-M", "g3beige", "-L", tmp.resolve("nowhere").toString(), "-nographic"),
                "-L", "no such directory");
    }

    @Test
    void g3beigeBadFirmwareAndOptions() throws Exception {
        Path truncated = tmp.resolve("truncated.elf");
        byte[] elf = Arrays.copyOf(TestImages.read(TestImages.openBiosPpc()), 60);
        Files.write(truncated, elf);
        assertOneLineError(jemuProcess("-M", "g3beige", "-bios", truncated.toString(), "-nographic"), "-bios",
                truncated.toString(), "ELF");
        Path le = tmp.resolve("little.elf");
        byte[] leElf = Arrays.copyOf(elf, 64);
        leElf[5] = 1; // ELFDATA2LSB
        Files.write(le, leElf);
        assertOneLineError(jemuProcess("-M", "g3beige", "-bios", le.toString(), "-nographic"), "big-endian");
        Path big = tmp.resolve("huge.bin");
        Files.write(big, new byte[(4 << 20) + 1]);
        assertOneLineError(jemuProcess("-M", "g3beige", "-bios", big.toString(), "-nographic"), "4 MiB");
        String ob = TestImages.openBiosPpc().toString();
        assertOneLineError(jemuProcess("-M", "g3beige", "-bios", ob, "-smp", "2", "-nographic"), "-smp", "g3beige");
        assertOneLineError(jemuProcess("-M", "g3beige", "-bios", ob, "-cpu", "cortex-a57", "-nographic"), "-cpu",
                "750_v3.1");
        assertOneLineError(jemuProcess("-M", "g3beige", "-bios", ob, "-m", "4096", "-nographic"), "2047");
    }

    @Test
    void pcUnknownCpuAndUnsupportedOptions() throws Exception {
        Path rom = TestImages.x86Rom("selftest");
        assertOneLineError(jemuProcess("-M", "pc", "-cpu", "pentium9", "-bios", rom.toString(), "-nographic"),
                "-cpu", "pentium9", "qemu32");
        assertOneLineError(jemuProcess("-M", "pc", "-bios", rom.toString(), "-debugcon", "tcp:x", "-nographic"),
                "-debugcon", "tcp:x");
        assertOneLineError(jemuProcess("-M", "virt", "-debugcon", "stdio", "-nographic"), "-debugcon", "virt");
        assertOneLineError(jemuProcess("-M", "pc", "-bios", rom.toString(), "-device", "isa-debug-exit,iobase=zz",
                "-nographic"), "-device", "iobase=zz");
    }

    @Test
    void ramOverTheVirtLimit() throws Exception {
        String msg = assertOneLineError(jemuProcess("-M", "virt", "-m", "300G", "-nographic"), "-m");
        assertTrue(msg.contains("255 GiB"), "should state the board's limit: " + msg);
    }

    @Test
    void ramSizeGarbage() throws Exception {
        assertOneLineError(jemuProcess("-M", "virt", "-m", "garbage", "-nographic"), "-m", "garbage");
    }

    @Test
    void badDebugItem() throws Exception {
        String msg = assertOneLineError(jemuProcess("-M", "virt", "-d", "in_asm,bogus", "-nographic"), "-d", "bogus");
        assertTrue(msg.contains("guest_errors"), "should list the valid items: " + msg);
    }

    @Test
    void kernelThatIsNotAnArm64Image() throws Exception {
        Path f = tmp.resolve("not-a-kernel");
        Files.writeString(f, "this is a text file, not a Linux kernel\n".repeat(100));
        String msg = assertOneLineError(jemuProcess("-M", "virt", "-kernel", f.toString(), "-nographic"), "-kernel",
                f.toString());
        assertTrue(msg.contains("AArch64 Linux Image"), msg);
    }

    @Test
    void kernelTooShortForAnImageHeader() throws Exception {
        Path f = tmp.resolve("tiny-kernel");
        Files.write(f, new byte[] {1, 2, 3});
        assertOneLineError(jemuProcess("-M", "virt", "-kernel", f.toString(), "-nographic"), "-kernel", f.toString());
    }

    /** A gzip "kernel" that inflates past QEMU's 256 MiB limit is refused before it fills the host's memory. */
    @Test
    void gzipKernelThatInflatesTooFar() throws Exception {
        Path f = tmp.resolve("bomb.gz");
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(f))) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 257; i++) {
                out.write(zeros);
            }
        }
        assertOneLineError(jemuProcess("-M", "virt", "-kernel", f.toString(), "-nographic"), "-kernel",
                "256 MiB");
    }

    // ---- guest-level bad input ----------------------------------------------------------------------------

    /** Arm ARM C6.2.191 MOVZ (64-bit): sf=1 opc=10 100101 hw imm16 Rd. */
    static int movz(int rd, int imm16, int shift) {
        return 0xD2800000 | (shift / 16) << 21 | (imm16 & 0xffff) << 5 | rd;
    }

    /** C6.2.37 BR: 1101011 0000 11111 000000 Rn 00000. */
    static int br(int rn) {
        return 0xD61F0000 | rn << 5;
    }

    /** C6.2.26 B: 000101 imm26 (branch to itself when imm26 = 0). */
    static final int B_SELF = 0x14000000;

    /**
     * A raw flash image: {@code x0 = 0x0910_0000; br x0}, optionally with {@code b .} at 0x200, the vector for a
     * synchronous exception from the current EL with SP_ELx (VBAR_EL1 resets to 0). 0x0910_0000 is a physical
     * address with nothing behind it on QEMU's virt board (between fw_cfg/GPIO and the virtio-mmio transports;
     * 0x1000_0000 would be QEMU's PCIe MMIO window, which reads as all ones).
     */
    static Path jumpRom(String name, boolean spinAtVector) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(spinAtVector ? 0x204 : 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, movz(0, 0x0910, 16));
        b.putInt(4, br(0));
        if (spinAtVector) {
            b.putInt(0x200, B_SELF);
        }
        assertEquals(0xD2A12200, movz(0, 0x0910, 16)); // as aarch64-linux-gnu-as encodes movz x0, #0x910, lsl #16
        assertEquals(0xD61F0000, br(0)); // br x0
        Path p = tmp.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    /**
     * Lets the guest run until {@code done} holds for its vCPU 0 (checked while paused, every 20 ms; at most
     * 30 s), then checks that the machine still runs (no power-off, no emulation error).
     */
    private static void runUntil(ConsoleSession s, Predicate<Aarch64Cpu> done, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (s.isRunning() && !s.inspect(() -> done.test(cpu0(s)))) {
            assertTrue(System.nanoTime() < deadline, "within 30 s the guest did not reach: " + what + "\n"
                    + s.inspect(() -> cpu0(s).dumpRegisters()));
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        assertTrue(s.isRunning(), "the machine stopped by itself: " + s.machine().shutdownReason() + " "
                + s.machine().errorMessage());
    }

    private static Aarch64Cpu cpu0(ConsoleSession s) {
        return ((VirtMachine) s.machine()).armCpus().getFirst();
    }

    /** A jump into unassigned memory is an instruction abort (synchronous external abort) taken at EL1. */
    @Test
    void jumpToUnassignedAddressTakesAnInstructionAbort() throws Exception {
        try (ConsoleSession s = ConsoleSession.virt(jumpRom("jump-spin.bin", true)).start()) {
            runUntil(s, c -> c.esr[1] != 0 && c.icount > 100_000, "an exception, then 100000 instructions");
            assertEquals(Machine.Shutdown.HOST_QUIT, s.quit());
            assertNull(s.machine().errorMessage());
            // The machine thread has stopped: its state can be read here.
            long[] st = s.onVcpu(() -> {
                Aarch64Cpu c = cpu0(s);
                return new long[] {c.esr[1], c.elr[1], c.far[1], c.spsr[1], c.pc(), c.el, c.vbar[1]};
            });
            String regs = s.onVcpu(() -> cpu0(s).dumpRegisters());
            // ESR_EL1: EC 0x21 (instruction abort, same EL), IL, IFSC 0b010000 (synchronous external abort, not
            // on a table walk); ISS.EA (bit 9) is IMPLEMENTATION DEFINED. QEMU 7.2 reports 0x86000010.
            assertEquals(0x86000010L, st[0] & ~(1L << 9), "ESR_EL1\n" + regs);
            assertEquals(0x0910_0000L, st[1], "ELR_EL1 = the branch target\n" + regs);
            assertEquals(0x0910_0000L, st[2], "FAR_EL1 = the fetch address\n" + regs);
            assertEquals(0x3c5L, st[3], "SPSR_EL1 = EL1h with DAIF masked, as at reset\n" + regs);
            assertEquals(0x200L, st[4], "spinning in the vector at VBAR_EL1 + 0x200\n" + regs);
            assertEquals(1L, st[5]);
            assertEquals(0L, st[6]);
            assertTrue(regs.contains("ESR_EL1=86000"), regs);
        }
    }

    /** The same jump with no handler: the empty vector (zeros, UDF) faults forever; the host stays up. */
    @Test
    void exceptionLoopWithoutHandlerKeepsRunningUntilQuit() throws Exception {
        try (ConsoleSession s = ConsoleSession.virt(jumpRom("jump-bare.bin", false)).start()) {
            runUntil(s, c -> c.esr[1] == 0x02000000L, "the undefined-instruction loop at the vector");
            Thread.sleep(200);
            assertTrue(s.isRunning());
            assertEquals(Machine.Shutdown.HOST_QUIT, s.quit());
            assertNull(s.machine().errorMessage());
            Aarch64Cpu c = cpu0(s);
            // Undefined instruction at the vector itself: EC 0 (unknown reason), IL; ELR = 0x200.
            assertEquals(0x02000000L, c.esr[1]);
            assertEquals(0x200L, c.elr[1]);
            assertEquals(1, c.el);
        }
    }

    /**
     * While the guest loops on an exception at its vector (which retires no instruction), the monitor must still
     * answer {@code info registers}, as it does on QEMU: host events must not starve.
     */
    @Test
    void monitorAnswersWhileTheGuestLoopsOnAnException() throws Exception {
        try (ConsoleSession s = ConsoleSession.virt(jumpRom("jump-bare-monitor.bin", false)).start()) {
            runUntil(s, c -> c.esr[1] == 0x02000000L, "the undefined-instruction loop at the vector");
            // runUntil paused and resumed the machine; let it get back into the loop (the paused loop may wait
            // up to 50 ms before it notices the resume).
            Thread.sleep(300);
            String regs = new Monitor(s.machine()).execute("info registers");
            assertTrue(regs.contains("ESR_EL1=02000000") && regs.contains(" PC=0000000000000200"),
                    "monitor 'info registers' while the guest loops on an exception: " + regs);
            String jit = new Monitor(s.machine()).execute("info jit");
            assertTrue(jit.startsWith("instructions "), jit);
            assertEquals(Machine.Shutdown.HOST_QUIT, s.quit());
        }
    }

    /**
     * The first 64 KiB of U-Boot: it starts, sets VBAR_EL1, then runs into the missing part (flash past the
     * image reads as zeros: undefined instructions, EC 0) and loops through its exception vector, whose handler
     * also calls into the missing part. Each pass pushes a frame, so the stack soon leaves RAM (below
     * 0x4000_0000) and the pushes take synchronous external data aborts (EC 0x25) at the vector. QEMU 7.2 shows
     * the same first steps (ESR 0x2000000 at ELR 0x1dfec, vector at VBAR 0x2000 + 0x200); there the stack runs
     * into its PCIe ECAM window, which jemu's board does not have yet, so the later exceptions differ. Which of
     * the two loops the snapshot sees is timing-dependent; both are checked for.
     */
    @Test
    void truncatedUbootFaultsButTheHostKeepsRunning() throws Exception {
        byte[] full = TestImages.read(TestImages.uboot());
        Path trunc = tmp.resolve("u-boot-64k.bin");
        Files.write(trunc, Arrays.copyOf(full, 0x10000));
        try (ConsoleSession s = ConsoleSession.virt(trunc).start()) {
            runUntil(s, c -> c.esr[1] != 0, "an exception");
            Thread.sleep(200);
            assertTrue(s.isRunning());
            assertEquals(Machine.Shutdown.HOST_QUIT, s.quit());
            assertNull(s.machine().errorMessage());
            Aarch64Cpu c = cpu0(s);
            String regs = c.dumpRegisters();
            long vbar = c.vbar[1];
            long ec = c.esr[1] >>> 26;
            assertTrue(vbar > 0 && vbar < 0x10000, "U-Boot set VBAR_EL1 in its first 64 KiB\n" + regs);
            assertEquals(1, c.el);
            if (ec == 0) {
                assertEquals(0x02000000L, c.esr[1], "undefined instruction (the zeros after the image)\n" + regs);
                assertTrue(c.elr[1] >= 0x10000 && c.elr[1] < full.length, "ELR_EL1 past the truncation\n" + regs);
            } else {
                assertEquals(0x25, ec, "an undefined instruction or a data abort\n" + regs);
                assertEquals(0x96000050L, c.esr[1] & ~(1L << 9), "synchronous external abort on a write\n" + regs);
                assertTrue(c.far[1] < VirtMachine.RAM_BASE && c.far[1] >= VirtMachine.RAM_BASE - 0x1000,
                        "a stack push just below RAM\n" + regs);
                assertTrue(c.elr[1] >= vbar && c.elr[1] < vbar + 0x800, "in U-Boot's exception vectors\n" + regs);
            }
            assertFalse(s.output().contains("=> "), s.output());
        }
    }
}
