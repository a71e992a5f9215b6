package org.jemu.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jemu.arm.a64.A64Translator;
import org.jemu.arm.cpu.A64CpuModel;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * A realistic translation corpus: the basic blocks of a firmware image (by default Debian's U-Boot for
 * QEMU's arm64 {@code virt} board), as the execution loop would cut them.
 *
 * <p>Two ways to find the blocks:
 * <ul>
 *   <li>{@code walk}: start at the entry point (offset 0, where the board starts executing the
 *       flash) and follow every statically known successor: direct jumps, both arms of conditional
 *       branches, the return point after {@code BL}/{@code BLR}, and the next PC after exits to the
 *       dispatcher (SVC, HVC, MSR, ISB ...). Code only reached through function pointers is missed, but
 *       every block found is real code.</li>
 *   <li>{@code linear}: a linear sweep over the code range the walk found (from 0 to the end of its
 *       highest block, rounded up to a page): translate a block, continue at its end. This also decodes
 *       the code reached only through function pointers (and any literal pools, as instructions). The
 *       benchmarks use it by default: for Debian's U-Boot 2023.01 the walk finds 374 blocks, the sweep
 *       34,376 blocks (136,192 instructions, 0 to 0x85000 of the 0x8a6f4-byte text).</li>
 * </ul>
 * Instructions beyond the end of the image read as 0 (UDF), which ends a block.
 */
final class UBootCorpus {
    /** Debian's {@code u-boot-qemu} image for {@code qemu-system-aarch64 -M virt}. */
    static final String DEFAULT_IMAGE = "/usr/lib/u-boot/qemu_arm64/u-boot.bin";
    /** The execution loop's default upper bound on guest instructions per block. */
    static final int MAX_BLOCK_INSNS = 64;

    final byte[] image;
    /** tbFlags of a freshly reset cortex-a57 on {@code virt} (EL1, MMU off): how U-Boot starts. */
    final long flags;
    /** Block start addresses, ascending. */
    final long[] pcs;
    /** Guest instructions in each block. */
    final int[] insns;
    final long totalInsns;

    private UBootCorpus(byte[] image, long flags, long[] pcs, int[] insns) {
        this.image = image;
        this.flags = flags;
        this.pcs = pcs;
        this.insns = insns;
        long n = 0;
        for (int k : insns) {
            n += k;
        }
        this.totalInsns = n;
    }

    static UBootCorpus load(Path file, String mode) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file (apt-get install u-boot-qemu, or pass -p image=FILE)");
        }
        byte[] image = Files.readAllBytes(file);
        long flags = resetFlags();
        TreeSet<Long> blocks = walk(image, flags);
        if (mode.equals("linear")) {
            blocks = linear(image, flags, blocks);
        } else if (!mode.equals("walk")) {
            throw new IllegalArgumentException("corpus must be walk or linear, not " + mode);
        }
        long[] pcs = new long[blocks.size()];
        int[] insns = new int[pcs.length];
        int i = 0;
        for (long pc : blocks) {
            pcs[i] = pc;
            insns[i] = translate(image, pc, flags).guestInsnCount();
            i++;
        }
        return new UBootCorpus(image, flags, pcs, insns);
    }

    /** The instruction word at {@code va} (little-endian), 0 beyond the image. */
    int fetch(long va) {
        return word(image, va);
    }

    IrBlock translate(int index) {
        return A64Translator.translate(pcs[index], flags, MAX_BLOCK_INSNS, this::fetch);
    }

    private static int word(byte[] image, long va) {
        if (va < 0 || va + 4 > image.length) {
            return 0;
        }
        int o = (int) va;
        return (image[o] & 0xff) | (image[o + 1] & 0xff) << 8 | (image[o + 2] & 0xff) << 16 | (image[o + 3] & 0xff) << 24;
    }

    private static IrBlock translate(byte[] image, long pc, long flags) {
        return A64Translator.translate(pc, flags, MAX_BLOCK_INSNS, va -> word(image, va));
    }

    private static long resetFlags() {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        try {
            Aarch64Cpu cpu = new Aarch64Cpu(A64CpuModel.byName("cortex-a57"), 0, mem,
                    new VirtualClock(2, false));
            return cpu.tbFlags();
        } finally {
            mem.close();
        }
    }

    private static TreeSet<Long> walk(byte[] image, long flags) {
        TreeSet<Long> seen = new TreeSet<>();
        ArrayDeque<Long> work = new ArrayDeque<>();
        work.add(0L);
        while (!work.isEmpty()) {
            long pc = work.poll();
            if (pc < 0 || pc + 4 > image.length || (pc & 3) != 0 || !seen.add(pc)) {
                continue;
            }
            IrBlock b = translate(image, pc, flags);
            Inst t = b.terminator();
            List<Long> next = new ArrayList<>();
            switch (t.op) {
                case JUMP -> next.add(t.imm);
                case BRANCH -> {
                    next.add(t.imm);
                    next.add(t.imm2);
                }
                case EXIT -> next.add(t.imm);
                default -> {
                }
            }
            int last = word(image, b.endPc - 4);
            boolean bl = (last & 0xfc000000) == 0x94000000;
            boolean blr = (last & 0xfffffc1f) == 0xd63f0000;
            if (bl || blr) {
                next.add(b.endPc);
            }
            work.addAll(next);
        }
        return seen;
    }

    private static TreeSet<Long> linear(byte[] image, long flags, TreeSet<Long> walked) {
        long end = 0;
        for (long pc : walked) {
            end = Math.max(end, translate(image, pc, flags).endPc);
        }
        end = Math.min(image.length, (end + 4095) & -4096L);
        TreeSet<Long> r = new TreeSet<>();
        long pc = 0;
        while (pc < end) {
            r.add(pc);
            IrBlock b = translate(image, pc, flags);
            pc = Math.max(b.endPc, pc + 4);
        }
        return r;
    }

    /** Prints the corpus size (for the README): {@code java -cp benchmarks.jar org.jemu.bench.UBootCorpus [FILE]}. */
    public static void main(String[] args) throws IOException {
        Path f = Path.of(args.length > 0 ? args[0] : DEFAULT_IMAGE);
        for (String mode : List.of("walk", "linear")) {
            UBootCorpus c = load(f, mode);
            System.out.printf("%s: %s: %d blocks, %d guest instructions (%.1f per block), %d..0x%x%n", f, mode,
                    c.pcs.length, c.totalInsns, (double) c.totalInsns / c.pcs.length, c.pcs[0],
                    c.pcs[c.pcs.length - 1]);
        }
    }
}
