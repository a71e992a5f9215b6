package org.jemu.arm.fp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jemu.testkit.UcArm64Reg;
import org.jemu.testkit.UcConst;
import org.jemu.testkit.Unicorn;

/**
 * Runs one A64 FP instruction on many operand sets in a single Unicorn 2 run (Cortex-A57 model, EL1h as
 * Unicorn resets it; FP/SIMD works without touching CPACR_EL1, see {@link Unicorn}).
 *
 * <p>A loop loads, per case, FPCR and the operands from a 64-byte input record
 * ({@code fpcr, x10, q0, q1, q2}: offsets 0, 8, 16, 32, 48; X10 is the low half of Q0 again, for SCVTF/UCVTF),
 * clears FPSR, NZCV, V4 and X5, executes the instruction under test (results go to V4, X5 or NZCV), and stores
 * a 64-byte output record ({@code q4, x5, nzcv, fpsr}: offsets 0, 16, 24, 32).
 */
final class UnicornFpRunner implements AutoCloseable {
    static final long CODE = 0x10000;
    static final int CODE_SIZE = 0x1000;
    static final long IN = 0x100000;
    static final long OUT = 0x800000;
    static final int REGION = 0x400000;
    static final int RECORD = 64;
    /** Most cases one run takes. */
    static final int MAX_CASES = REGION / RECORD;

    private final Unicorn uc;

    UnicornFpRunner() {
        uc = Unicorn.open(Unicorn.Arch.ARM64, UcConst.UC_MODE_ARM, UcArm64Reg.UC_CPU_ARM64_A57);
        try {
            uc.memMap(CODE, CODE_SIZE, UcConst.UC_PROT_ALL);
            uc.memMap(IN, REGION, UcConst.UC_PROT_READ | UcConst.UC_PROT_WRITE);
            uc.memMap(OUT, REGION, UcConst.UC_PROT_READ | UcConst.UC_PROT_WRITE);
            uc.setTbInvalidation(Unicorn.TbInvalidation.ALWAYS);
        } catch (RuntimeException e) {
            uc.close();
            throw e;
        }
    }

    /** One case's input: FPCR, the three vector registers (low/high halves) and X10. */
    record In(int fpcr, long x10, long q0, long q1, long q2) {
    }

    /** One case's output: V4 (low 64 bits), X5, NZCV (bits 31:28 moved to 3:0), FPSR. */
    record Out(long v4, long v4High, long x5, int nzcv, int fpsr) {
    }

    private static int ldrX(int rt, int rn, int off) {
        return 0xF9400000 | (off / 8) << 10 | rn << 5 | rt;
    }

    private static int strX(int rt, int rn, int off) {
        return 0xF9000000 | (off / 8) << 10 | rn << 5 | rt;
    }

    private static int ldrQ(int rt, int rn, int off) {
        return 0x3DC00000 | (off / 16) << 10 | rn << 5 | rt;
    }

    private static int strQ(int rt, int rn, int off) {
        return 0x3D800000 | (off / 16) << 10 | rn << 5 | rt;
    }

    private static final int MSR_FPCR = 0xD51B4400;
    private static final int MSR_FPSR = 0xD51B4420;
    private static final int MRS_FPSR = 0xD53B4420;
    private static final int MSR_NZCV = 0xD51B4200;
    private static final int MRS_NZCV = 0xD53B4200;
    private static final int XZR = 31;

    /** Executes {@code insn} once per input; returns the outputs in order. */
    Out[] run(int insn, In[] cases) {
        if (cases.length > MAX_CASES) {
            throw new IllegalArgumentException("too many cases: " + cases.length);
        }
        int[] code = {
            ldrX(4, 1, 0), // loop: x4 = fpcr
            MSR_FPCR | 4,
            MSR_FPSR | XZR,
            MSR_NZCV | XZR,
            ldrX(10, 1, 8),
            ldrQ(0, 1, 16),
            ldrQ(1, 1, 32),
            ldrQ(2, 1, 48),
            0x6F00E404, // movi v4.2d, #0
            0xD2800005, // movz x5, #0
            insn,
            strQ(4, 2, 0),
            strX(5, 2, 16),
            MRS_NZCV | 6,
            strX(6, 2, 24),
            MRS_FPSR | 7,
            strX(7, 2, 32),
            0x91000000 | RECORD << 10 | 1 << 5 | 1, // add x1, x1, #64
            0x91000000 | RECORD << 10 | 2 << 5 | 2, // add x2, x2, #64
            0xF1000400 | 9 << 5 | 9, // subs x9, x9, #1
            0,
        };
        int loopBack = -(code.length - 1);
        code[code.length - 1] = 0x54000000 | (loopBack & 0x7ffff) << 5 | 1; // b.ne loop
        ByteBuffer cb = ByteBuffer.allocate(code.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : code) {
            cb.putInt(w);
        }
        uc.memWrite(CODE, cb.array());
        ByteBuffer in = ByteBuffer.allocate(cases.length * RECORD).order(ByteOrder.LITTLE_ENDIAN);
        for (In c : cases) {
            in.putLong(c.fpcr() & 0xffffffffL).putLong(c.x10()).putLong(c.q0()).putLong(0)
                    .putLong(c.q1()).putLong(0).putLong(c.q2()).putLong(0);
        }
        uc.memWrite(IN, in.array());
        uc.regWrite(UcArm64Reg.UC_ARM64_REG_X1, IN);
        uc.regWrite(UcArm64Reg.UC_ARM64_REG_X2, OUT);
        uc.regWrite(UcArm64Reg.UC_ARM64_REG_X9, cases.length);
        if (cases.length > 0) {
            uc.emuStart(CODE, CODE + code.length * 4L, 0, 0);
        }
        ByteBuffer out = ByteBuffer.wrap(uc.memRead(OUT, Math.max(cases.length, 1) * RECORD))
                .order(ByteOrder.LITTLE_ENDIAN);
        Out[] res = new Out[cases.length];
        for (int i = 0; i < cases.length; i++) {
            int b = i * RECORD;
            res[i] = new Out(out.getLong(b), out.getLong(b + 8), out.getLong(b + 16),
                    (int) (out.getLong(b + 24) >>> 28) & 0xf, (int) out.getLong(b + 32));
        }
        return res;
    }

    @Override
    public void close() {
        uc.close();
    }
}
