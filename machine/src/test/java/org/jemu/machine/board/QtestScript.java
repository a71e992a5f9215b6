package org.jemu.machine.board;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A register-access script run against QEMU (through {@link Qtest}) and against jemu's devices in step, for the
 * {@code *VsQemuTest} differential tests. One access per line: {@code rN ADDR [MASK]} reads N bytes (1, 2, 4, 8)
 * and compares them (only the bits of MASK, if given), {@code wN ADDR VALUE} writes; {@code #} starts a comment.
 * Numbers are decimal or 0x-hex.
 */
final class QtestScript {
    /** jemu's side: a physical address space with the devices under test. */
    interface Target {
        long read(long addr, int size);

        void write(long addr, int size, long value);
    }

    private record Op(boolean read, int size, long addr, long value, long mask, int line) {
    }

    private final List<Op> ops = new ArrayList<>();

    QtestScript(String script) {
        String[] lines = script.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("\\s+");
            boolean read = f[0].charAt(0) == 'r';
            int size = f[0].charAt(1) - '0';
            long addr = number(f[1]);
            long value = read ? 0 : number(f[2]);
            long mask = read && f.length > 2 ? number(f[2]) : -1L;
            ops.add(new Op(read, size, addr, value, mask, i + 1));
        }
    }

    private static long number(String s) {
        return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }

    /** Number of reads in the script. */
    int reads() {
        return (int) ops.stream().filter(Op::read).count();
    }

    /** Runs the script on both sides; returns one line per read that differed (empty: all matched). */
    List<String> run(Qtest qemu, Target jemu) throws IOException {
        List<String> mismatches = new ArrayList<>();
        for (Op op : ops) {
            if (op.read()) {
                long q = qemu.read(op.addr(), op.size()) & op.mask();
                long j = jemu.read(op.addr(), op.size()) & op.mask();
                if (q != j) {
                    mismatches.add(String.format("script line %d: r%d 0x%x: QEMU 0x%x, jemu 0x%x",
                            op.line(), op.size(), op.addr(), q, j));
                }
            } else {
                qemu.write(op.addr(), op.size(), op.value());
                jemu.write(op.addr(), op.size(), op.value());
            }
        }
        return mismatches;
    }
}
