package org.jemu.ppc.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jemu.ppc.Asm;

/**
 * Runs PowerPC fuzz jobs on {@code qemu-ppc-static} (Debian's qemu-user-static, Linux user mode, the 750 CPU
 * model) by writing a tiny static big-endian ELF executable per batch, with no compiler involved.
 *
 * <p>The executable maps the regions of {@link PpcFuzzCase} (code, data, the stub page) at their addresses
 * and a harness at {@link #HARNESS}. The harness installs one handler, on an alternate signal stack, for
 * SIGILL, SIGTRAP, SIGBUS, SIGFPE and SIGSEGV; then, for each job, copies the job's code and data images into
 * place, clears the reservation, loads FPSCR (mtfsf), FPR0..31, CR, XER, LR, CTR and GPR0..31 and branches to
 * the job's start PC. Every place where a job must stop (its terminator, and for a single step every other
 * word of the sequence) holds {@code tw 31,0,0}; every stop therefore arrives as a signal. The handler writes
 * the signal number, {@code si_code}, {@code si_addr}, the signal frame's {@code mc_gregs[48]} and
 * {@code mc_fregs[33]} (GPRs, NIP, CTR, LR, XER, CR; FPRs and FPSCR as QEMU saved them, linux-user/ppc/signal.c)
 * and the data region to stdout with {@code write}, sets the frame's NIP to the next job's setup and returns
 * through QEMU's sigreturn trampoline. After the last job it calls {@code exit_group(0)}.
 */
final class QemuPpcUserRunner {
    /** Where the harness lives (within a branch's reach of the code region). */
    static final long HARNESS = 0x1100_0000L;
    /** {@code tw 31,0,0}: the stop marker (SIGTRAP). */
    static final int TRAP = 0x7FE0_0008;
    static final int NOP = 0x6000_0000;
    private static final int ALT_STACK = 0x10000;
    private static final int GREGS = 48;
    private static final int FREGS = 33;
    /** Bytes per job in the output: header, gregs, fregs, data. */
    static final int RECORD = 20 + 4 * GREGS + 8 * FREGS + PpcFuzzCase.DATA_SIZE;
    private static final int MAGIC = 0x4a454d55;   // "JEMU"

    /** The tool, from -Djemu.qemu.ppc (default qemu-ppc-static on the PATH). */
    static String tool() {
        return System.getProperty("jemu.qemu.ppc", "qemu-ppc-static");
    }

    /** Null if the tool runs, else the reason. */
    static String unavailableReason() {
        try {
            Process p = new ProcessBuilder(tool(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return tool() + " --version failed: " + out.strip();
            }
            return null;
        } catch (IOException | InterruptedException e) {
            return tool() + " not runnable (" + e.getMessage() + "); install Debian's qemu-user-static";
        }
    }

    static String version() {
        try {
            Process p = new ProcessBuilder(tool(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out.lines().findFirst().orElse("?").strip();
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    /**
     * One run: the state to start from, the code region image (stop markers included), the data region image
     * and the start PC.
     */
    record Job(byte[] code, byte[] data, long[] gpr, long cr, long xer, long lr, long ctr, long[] fpr, long fpscr,
            long startPc, long endPc) {

        /** The whole case from its initial state, its terminator a stop marker. */
        static Job of(PpcFuzzCase c) {
            byte[] img = c.codeImage();
            putWord(img, (int) (c.end() - PpcFuzzCase.CODE), TRAP);
            return new Job(img, c.data(), c.gpr(), c.cr(), c.xer(), c.lr(), c.ctr(), c.fpr(), c.fpscr(),
                    c.codeAddr(), c.end());
        }

        /** One instruction at {@code pc} from state {@code s}: every other word of the sequence is a marker. */
        static Job step(PpcFuzzCase c, PpcFuzzState s, long pc) {
            return new Job(image(c, pc), s.data(), s.gpr(), s.cr(), s.xer(), s.lr(), s.ctr(), s.fpr(), s.fpscr(), pc,
                    c.end());
        }

        private static byte[] image(PpcFuzzCase c, long only) {
            byte[] img = c.codeImage();
            for (int i = 0; i <= c.words().length; i++) {
                long pc = c.codeAddr() + 4L * i;
                if (pc != only) {
                    putWord(img, (int) (pc - PpcFuzzCase.CODE), TRAP);
                }
            }
            return img;
        }
    }

    /** A run's outcome: QEMU's state (the stop decoded from the signal), or why there is none. */
    record Result(PpcFuzzState state, String error) {
    }

    private static void putWord(byte[] b, int off, int w) {
        b[off] = (byte) (w >>> 24);
        b[off + 1] = (byte) (w >>> 16);
        b[off + 2] = (byte) (w >>> 8);
        b[off + 3] = (byte) w;
    }

    /**
     * Whether a job can start at {@code pc}: within 24 MiB of the harness, so that the setup code's {@code b}
     * (reach +/-32 MiB; the setups lie in the harness' first MiB) gets there. The case regions are 16 MiB below.
     */
    static boolean reachable(long pc) {
        return (pc & 3) == 0 && Math.abs(pc - HARNESS) <= (24L << 20);
    }

    /** A little assembler: words at consecutive addresses from a base. */
    private static final class Code {
        final long base;
        final List<Integer> words = new ArrayList<>();

        Code(long base) {
            this.base = base;
        }

        long pc() {
            return base + 4L * words.size();
        }

        void w(int word) {
            words.add(word);
        }

        void li32(int rd, long v) {
            w(Asm.d(15, rd, 0, (int) (v >>> 16)));       // lis
            w(Asm.d(24, rd, rd, (int) v));                // ori
        }

        void bTo(long target, int lk) {
            long disp = target - pc();
            if (disp < -(1 << 25) || disp >= (1 << 25)) {
                throw new IllegalStateException("branch out of reach");
            }
            w(Asm.b((int) disp, 0, lk));
        }

        void sc() {
            w(0x4400_0002);
        }

        void mr(int ra, int rs) {
            w(Asm.x(31, rs, ra, rs, 444, 0));
        }
    }

    /** Builds the executable for {@code jobs}. */
    static byte[] buildElf(List<Job> jobs) {
        // harness layout: code at HARNESS; then variables; per job: state, code image, data image; alt stack (bss)
        Code h = new Code(HARNESS);
        int setupWords = 128;
        long entry = HARNESS;
        // the fixed part is laid out first with placeholders resolved below: compute addresses
        long fixedCode = HARNESS;
        long varsAt = HARNESS + 0x400;
        long counterAt = varsAt;
        long hdrAt = varsAt + 0x10;
        long stackT = varsAt + 0x40;
        long sigact = varsAt + 0x60;
        long tableAt = varsAt + 0x100;
        long setupsAt = tableAt + 4L * (jobs.size() + 1) + 0x100 & ~0xffL;
        long exitAt = setupsAt + 4L * setupWords * jobs.size();
        long jobsAt = exitAt + 0x100;
        int jobBytes = 0x200 + PpcFuzzCase.CODE_SIZE + PpcFuzzCase.DATA_SIZE;
        long altStack = jobsAt + (long) jobBytes * jobs.size() + 0xfff & ~0xfffL;
        long end = altStack + ALT_STACK;

        // entry: sigaltstack, rt_sigaction x5, first job
        h.li32(3, stackT);
        h.w(Asm.li(4, 0));
        h.w(Asm.li(0, 185));   // sigaltstack
        h.sc();
        for (int sig : new int[] {4, 5, 7, 8, 11}) {
            h.w(Asm.li(3, sig));
            h.li32(4, sigact);
            h.w(Asm.li(5, 0));
            h.w(Asm.li(6, 8));
            h.w(Asm.li(0, 173));   // rt_sigaction
            h.sc();
        }
        h.bTo(setupsAt, 0);
        // copy: r3 source, r4 destination, r5 words
        long copy = h.pc();
        h.w(Asm.spr(5, 9, 467));               // mtctr r5
        h.w(Asm.addi(3, 3, -4));
        h.w(Asm.addi(4, 4, -4));
        h.w(Asm.d(33, 6, 3, 4));               // lwzu r6,4(r3)
        h.w(Asm.d(37, 6, 4, 4));               // stwu r6,4(r4)
        h.w(Asm.bc(16, 0, -8, 0, 0));          // bdnz
        h.w(Asm.xl(20, 0, 0, 16, 0));          // blr
        // handler(r3 sig, r4 siginfo, r5 ucontext)
        long handler = h.pc();
        h.w(Asm.d(32, 20, 5, 48));             // lwz r20,48(r5): tuc_regs, the mcontext
        h.li32(21, hdrAt);
        h.li32(22, counterAt);
        h.w(Asm.d(32, 23, 22, 0));             // r23 = job index
        h.li32(24, MAGIC);
        h.w(Asm.d(36, 24, 21, 0));
        h.w(Asm.d(36, 23, 21, 4));
        h.w(Asm.d(36, 3, 21, 8));
        h.w(Asm.d(32, 24, 4, 8));              // si_code
        h.w(Asm.d(36, 24, 21, 12));
        h.w(Asm.d(32, 24, 4, 12));             // si_addr
        h.w(Asm.d(36, 24, 21, 16));
        writeOut(h, () -> h.mr(4, 21), 20);
        writeOut(h, () -> h.mr(4, 20), 4 * GREGS + 8 * FREGS);
        writeOut(h, () -> h.w(Asm.d(15, 4, 0, (int) (PpcFuzzCase.DATA >>> 16))), PpcFuzzCase.DATA_SIZE);
        h.w(Asm.addi(23, 23, 1));
        h.w(Asm.d(36, 23, 22, 0));
        h.li32(24, tableAt);
        h.w(Asm.m(21, 23, 25, 2, 0, 29, 0));   // slwi r25,r23,2
        h.w(Asm.x(31, 26, 24, 25, 23, 0));     // lwzx r26,r24,r25
        h.w(Asm.d(36, 26, 20, 4 * 32));        // mc_gregs[PT_NIP]
        h.w(Asm.xl(20, 0, 0, 16, 0));          // blr (to the sigreturn trampoline)
        if (h.pc() > varsAt) {
            throw new IllegalStateException("harness code too long");
        }
        // per-job setups
        List<Integer> setupCode = new ArrayList<>();
        for (int k = 0; k < jobs.size(); k++) {
            Job j = jobs.get(k);
            Code s = new Code(setupsAt + 4L * setupWords * k);
            long st = jobsAt + (long) jobBytes * k;
            s.li32(3, st + 0x200);
            s.li32(4, PpcFuzzCase.CODE);
            s.w(Asm.li(5, PpcFuzzCase.CODE_SIZE / 4));
            s.bTo(copy, 1);
            s.li32(3, st + 0x200 + PpcFuzzCase.CODE_SIZE);
            s.li32(4, PpcFuzzCase.DATA);
            s.w(Asm.li(5, PpcFuzzCase.DATA_SIZE / 4));
            s.bTo(copy, 1);
            s.li32(31, st);
            s.w(Asm.addi(30, 31, 0x1f0));
            s.w(Asm.stwcx(0, 0, 30));          // clears any reservation (never the case's: another address)
            s.w(Asm.d(50, 0, 31, 0x100));      // lfd f0, fpscr image
            s.w(0xFC00_058E | 0xff << 17);     // mtfsf 0xff,f0
            for (int i = 0; i < 32; i++) {
                s.w(Asm.d(50, i, 31, 8 * i));  // lfd
            }
            s.w(Asm.d(32, 0, 31, 0x108));
            s.w(Asm.mtcrf(0xff, 0));
            s.w(Asm.d(32, 0, 31, 0x10c));
            s.w(Asm.mtxer(0));
            s.w(Asm.d(32, 0, 31, 0x110));
            s.w(Asm.mtlr(0));
            s.w(Asm.d(32, 0, 31, 0x114));
            s.w(Asm.mtctr(0));
            for (int i = 0; i < 32; i++) {
                s.w(Asm.d(32, i, 31, 0x120 + 4 * i));
            }
            s.bTo(j.startPc(), 0);
            if (s.words.size() > setupWords) {
                throw new IllegalStateException("setup too long");
            }
            while (s.words.size() < setupWords) {
                s.w(TRAP);
            }
            setupCode.addAll(s.words);
        }
        Code ex = new Code(exitAt);
        ex.w(Asm.li(3, 0));
        ex.w(Asm.li(0, 234));   // exit_group
        ex.sc();

        ByteBuffer img = ByteBuffer.allocate((int) (altStack - HARNESS));
        for (int i = 0; i < h.words.size(); i++) {
            img.putInt(4 * i, h.words.get(i));
        }
        img.putInt((int) (stackT - HARNESS), (int) altStack);
        img.putInt((int) (stackT - HARNESS) + 4, 0);
        img.putInt((int) (stackT - HARNESS) + 8, ALT_STACK);
        img.putInt((int) (sigact - HARNESS), (int) handler);
        img.putInt((int) (sigact - HARNESS) + 4, 0x0800_0004);   // SA_ONSTACK | SA_SIGINFO
        for (int k = 0; k <= jobs.size(); k++) {
            img.putInt((int) (tableAt - HARNESS) + 4 * k, (int) (k < jobs.size() ? setupsAt + 4L * setupWords * k : exitAt));
        }
        for (int i = 0; i < setupCode.size(); i++) {
            img.putInt((int) (setupsAt - HARNESS) + 4 * i, setupCode.get(i));
        }
        for (int i = 0; i < ex.words.size(); i++) {
            img.putInt((int) (exitAt - HARNESS) + 4 * i, ex.words.get(i));
        }
        for (int k = 0; k < jobs.size(); k++) {
            Job j = jobs.get(k);
            int st = (int) (jobsAt - HARNESS) + jobBytes * k;
            for (int i = 0; i < 32; i++) {
                img.putLong(st + 8 * i, j.fpr()[i]);
                img.putInt(st + 0x120 + 4 * i, (int) j.gpr()[i]);
            }
            img.putLong(st + 0x100, j.fpscr() & 0xffff_ffffL);
            img.putInt(st + 0x108, (int) j.cr());
            img.putInt(st + 0x10c, (int) j.xer());
            img.putInt(st + 0x110, (int) j.lr());
            img.putInt(st + 0x114, (int) j.ctr());
            img.put(st + 0x200, j.code());
            img.put(st + 0x200 + PpcFuzzCase.CODE_SIZE, j.data());
        }
        byte[] harness = img.array();
        byte[] stub = UnicornPpcRunner.stubImage();
        // ELF32 big-endian executable: four PT_LOAD segments
        long[][] seg = {   // vaddr, file size, mem size, flags
            {PpcFuzzCase.CODE, 0, PpcFuzzCase.CODE_SIZE, 7},
            {PpcFuzzCase.DATA, 0, PpcFuzzCase.DATA_SIZE, 6},
            {PpcFuzzCase.STUB, stub.length, PpcFuzzCase.STUB_SIZE, 7},
            {HARNESS, harness.length, end - HARNESS, 7},
        };
        int hdr = 52 + 32 * seg.length;
        int stubOff = 0x1000;
        int harnessOff = 0x2000;
        ByteBuffer elf = ByteBuffer.allocate(harnessOff + harness.length);
        elf.put(new byte[] {0x7f, 'E', 'L', 'F', 1, 2, 1, 0});
        elf.position(16);
        elf.putShort((short) 2).putShort((short) 20).putInt(1).putInt((int) entry).putInt(52).putInt(0).putInt(0);
        elf.putShort((short) 52).putShort((short) 32).putShort((short) seg.length).putShort((short) 40)
                .putShort((short) 0).putShort((short) 0);
        long[] offsets = {0, 0, stubOff, harnessOff};
        for (int i = 0; i < seg.length; i++) {
            elf.putInt(1).putInt((int) offsets[i]).putInt((int) seg[i][0]).putInt((int) seg[i][0]).putInt((int) seg[i][1])
                    .putInt((int) seg[i][2]).putInt((int) seg[i][3]).putInt(0x1000);
        }
        if (elf.position() > hdr) {
            throw new IllegalStateException();
        }
        elf.put(stubOff, stub);
        elf.put(harnessOff, harness);
        return elf.array();
    }

    private static void writeOut(Code h, Runnable setR4, int len) {
        h.w(Asm.li(0, 4));     // write
        h.w(Asm.li(3, 1));
        setR4.run();
        h.w(Asm.li(5, len));
        h.sc();
    }

    /**
     * Runs {@code jobs} in one qemu-ppc-static process. A job whose record is missing (QEMU ended early, or the
     * batch timed out) gets an error result, and so do the jobs after it.
     *
     * @param timeoutSeconds wall-clock limit of the whole batch
     */
    static List<Result> run(List<Job> jobs, Path dir, double timeoutSeconds) {
        List<Result> out = new ArrayList<>();
        String error;
        byte[] stdout;
        try {
            Path exe = Files.createTempFile(dir, "ppcfuzz", ".elf");
            Path res = Files.createTempFile(dir, "ppcfuzz", ".out");
            Path err = Files.createTempFile(dir, "ppcfuzz", ".err");
            try {
                Files.write(exe, buildElf(jobs));
                exe.toFile().setExecutable(true);   // qemu-user refuses a file without execute permission
                Process p = new ProcessBuilder(tool(), "-cpu", "750", exe.toString()).redirectOutput(res.toFile())
                        .redirectError(err.toFile()).start();
                boolean done = p.waitFor((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
                if (!done) {
                    p.destroyForcibly();
                    p.waitFor();
                    error = "qemu-ppc-static timed out after " + timeoutSeconds + " s";
                } else {
                    error = p.exitValue() == 0 ? null : "qemu-ppc-static exited with " + p.exitValue();
                }
                String msg = Files.readString(err).strip();
                if (error != null && !msg.isEmpty()) {
                    error += ": " + msg.lines().limit(3).reduce((a, b) -> a + " / " + b).orElse("");
                }
                if (System.getProperty("jemu.qemufuzz.keep") != null) {
                    Files.copy(exe, Path.of(System.getProperty("jemu.qemufuzz.keep")),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                stdout = Files.readAllBytes(res);
            } finally {
                Files.deleteIfExists(exe);
                Files.deleteIfExists(res);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("running " + tool() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        ByteBuffer b = ByteBuffer.wrap(stdout);
        for (int k = 0; k < jobs.size(); k++) {
            int off = k * RECORD;
            if (off + RECORD > stdout.length || b.getInt(off) != MAGIC || b.getInt(off + 4) != k) {
                out.add(new Result(null, error != null ? error : "no record for job " + k + " (QEMU output ended)"));
                continue;
            }
            out.add(new Result(decode(jobs.get(k), b, off), null));
        }
        return out;
    }

    /** Signal numbers of Linux/PowerPC. */
    static final int SIGILL = 4;
    static final int SIGTRAP = 5;
    static final int SIGBUS = 7;
    static final int SIGFPE = 8;
    static final int SIGSEGV = 11;

    private static PpcFuzzState decode(Job j, ByteBuffer b, int off) {
        int sig = b.getInt(off + 8);
        int code = b.getInt(off + 12);
        long addr = b.getInt(off + 16) & 0xffff_ffffL;
        int g = off + 20;
        long[] gpr = new long[32];
        for (int i = 0; i < 32; i++) {
            gpr[i] = b.getInt(g + 4 * i) & 0xffff_ffffL;
        }
        long nip = b.getInt(g + 4 * 32) & 0xffff_ffffL;
        long ctr = b.getInt(g + 4 * 35) & 0xffff_ffffL;
        long lr = b.getInt(g + 4 * 36) & 0xffff_ffffL;
        long xer = b.getInt(g + 4 * 37) & 0xffff_ffffL;
        long cr = b.getInt(g + 4 * 38) & 0xffff_ffffL;
        int f = g + 4 * GREGS;
        long[] fpr = new long[32];
        for (int i = 0; i < 32; i++) {
            fpr[i] = b.getLong(f + 8 * i);
        }
        long fpscr = b.getLong(f + 8 * 32) & 0xffff_ffffL;
        byte[] data = new byte[PpcFuzzCase.DATA_SIZE];
        b.get(f + 8 * FREGS, data);
        String detail = "signal " + sig + " code " + code + " addr 0x" + Long.toHexString(addr);
        boolean marker = sig == SIGTRAP && nip >= PpcFuzzCase.CODE && nip < PpcFuzzCase.CODE + PpcFuzzCase.CODE_SIZE
                && wordAt(j.code(), nip) == TRAP;
        PpcFuzzState.Stop stop;
        if (marker) {
            stop = PpcFuzzState.Stop.of(nip == j.endPc() ? PpcFuzzState.Kind.COMPLETED : PpcFuzzState.Kind.RUNNING, nip);
        } else {
            stop = switch (sig) {
                case SIGTRAP -> new PpcFuzzState.Stop(PpcFuzzState.Kind.PROGRAM, nip, false, 0, detail);
                case SIGFPE -> new PpcFuzzState.Stop(PpcFuzzState.Kind.PROGRAM, nip, false, 0, detail + " (FP enabled)");
                case SIGILL -> new PpcFuzzState.Stop(PpcFuzzState.Kind.ILLEGAL, nip, false, 0, detail);
                case SIGBUS -> new PpcFuzzState.Stop(PpcFuzzState.Kind.ALIGNMENT, nip, false, 0, detail);
                // (a fetch fault: QEMU 7.2's si_addr is not the PC then; the PC is outside the mapped regions)
                case SIGSEGV -> addr == nip || !inCaseRegions(nip)
                        ? new PpcFuzzState.Stop(PpcFuzzState.Kind.FETCH_UNMAPPED, nip, false, 0, detail)
                        : new PpcFuzzState.Stop(PpcFuzzState.Kind.UNMAPPED, nip, isStore(j.code(), nip), addr, detail);
                default -> new PpcFuzzState.Stop(PpcFuzzState.Kind.OTHER, nip, false, 0, detail);
            };
        }
        return new PpcFuzzState(gpr, cr, xer, lr, ctr, data, stop, fpr, fpscr);
    }

    private static boolean inCaseRegions(long a) {
        return (a >= PpcFuzzCase.CODE && a < PpcFuzzCase.CODE + PpcFuzzCase.CODE_SIZE)
                || (a >= PpcFuzzCase.DATA && a < PpcFuzzCase.DATA + PpcFuzzCase.DATA_SIZE)
                || (a >= PpcFuzzCase.STUB && a < PpcFuzzCase.STUB + PpcFuzzCase.STUB_SIZE);
    }

    static int wordAt(byte[] code, long pc) {
        int o = (int) (pc - PpcFuzzCase.CODE);
        if (o < 0 || o + 4 > code.length) {
            return 0;
        }
        return (code[o] & 0xff) << 24 | (code[o + 1] & 0xff) << 16 | (code[o + 2] & 0xff) << 8 | code[o + 3] & 0xff;
    }

    /** Whether the instruction at {@code pc} stores (QEMU's signal does not tell the direction). */
    private static boolean isStore(byte[] code, long pc) {
        var e = org.jemu.ppc.decode.PpcDecodeTable.TABLE.decode(wordAt(code, pc));
        return e != null && (e.name.startsWith("st") || e.name.equals("dcbz"));
    }
}
