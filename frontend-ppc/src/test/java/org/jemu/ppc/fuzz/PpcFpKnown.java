package org.jemu.ppc.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jemu.ppc.cpu.PpcCpu;
import org.jemu.ppc.cpu.PpcFpBits;
import org.jemu.ppc.cpu.PpcFpu;
import org.jemu.ppc.decode.PpcDecodeTable;
import org.jemu.ppc.fuzz.PpcDifferentialFuzzTest.Known;
import org.jemu.ppc.translate.PpcTranslator;
import org.jemu.translator.decode.DecodeTable;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * Explains a difference after one floating-point computational instruction by the known ways QEMU 5.0
 * (Unicorn 2.0.1) departs from the manual there (the FP categories of {@link Known}). Each category is a
 * precise prediction, not a mask: where QEMU computes a different value, that value is recomputed from the
 * state before the instruction with jemu's own {@link PpcFpu} (e.g. with the exception enables cleared, as
 * QEMU neither suppresses nor scales results, or as a double operation followed by frsp, as QEMU implements
 * the single forms), and Unicorn must match it; every FPSCR bit, FPR and CR field that differs must be
 * covered by a category that applies to that instruction and operand values.
 */
final class PpcFpKnown {
    private PpcFpKnown() {
    }

    private static final int FX = PpcFpBits.FX;
    private static final int FEX = PpcFpBits.FEX;
    private static final int VX = PpcFpBits.VX;
    private static final int XX = PpcFpBits.XX;
    private static final int FR = PpcFpu.FR;
    private static final int FI = PpcFpu.FI;
    private static final int FPRF = PpcFpu.FPRF;
    private static final int C = 1 << 16;
    private static final int VE = PpcFpBits.VE;
    private static final int OE = PpcFpBits.OE;
    private static final int UE = PpcFpBits.UE;
    private static final int ZE = PpcFpBits.ZE;

    /** Decode-table name to PpcFpu operation and the operands it reads (a, b, c). */
    record Op(int op, boolean single, boolean a, boolean b, boolean c) {
    }

    static final Map<String, Op> OPS = Map.ofEntries(
            Map.entry("fadd", new Op(PpcFpu.FADD, false, true, true, false)),
            Map.entry("fadds", new Op(PpcFpu.FADD, true, true, true, false)),
            Map.entry("fsub", new Op(PpcFpu.FSUB, false, true, true, false)),
            Map.entry("fsubs", new Op(PpcFpu.FSUB, true, true, true, false)),
            Map.entry("fmul", new Op(PpcFpu.FMUL, false, true, false, true)),
            Map.entry("fmuls", new Op(PpcFpu.FMUL, true, true, false, true)),
            Map.entry("fdiv", new Op(PpcFpu.FDIV, false, true, true, false)),
            Map.entry("fdivs", new Op(PpcFpu.FDIV, true, true, true, false)),
            Map.entry("fmadd", new Op(PpcFpu.FMADD, false, true, true, true)),
            Map.entry("fmadds", new Op(PpcFpu.FMADD, true, true, true, true)),
            Map.entry("fmsub", new Op(PpcFpu.FMSUB, false, true, true, true)),
            Map.entry("fmsubs", new Op(PpcFpu.FMSUB, true, true, true, true)),
            Map.entry("fnmadd", new Op(PpcFpu.FNMADD, false, true, true, true)),
            Map.entry("fnmadds", new Op(PpcFpu.FNMADD, true, true, true, true)),
            Map.entry("fnmsub", new Op(PpcFpu.FNMSUB, false, true, true, true)),
            Map.entry("fnmsubs", new Op(PpcFpu.FNMSUB, true, true, true, true)),
            Map.entry("frsp", new Op(PpcFpu.FRSP, false, false, true, false)),
            Map.entry("fctiw", new Op(PpcFpu.FCTIW, false, false, true, false)),
            Map.entry("fctiwz", new Op(PpcFpu.FCTIWZ, false, false, true, false)),
            Map.entry("fres", new Op(PpcFpu.FRES, false, false, true, false)),
            Map.entry("frsqrte", new Op(PpcFpu.FRSQRTE, false, false, true, false)),
            Map.entry("fcmpu", new Op(PpcFpu.FCMPU, false, true, true, false)),
            Map.entry("fcmpo", new Op(PpcFpu.FCMPO, false, true, true, false)));

    private static final PpcCpu SCRATCH = new PpcCpu(0, new PhysicalAddressSpace());

    /** jemu's FPSCR and FRT for {@code op} from the given FPSCR and operands: {fpscr, frt}. */
    static long[] predict(int ctl, long fpscr, long a, long b, long c, long old) {
        synchronized (SCRATCH) {
            long f = PpcFpu.arith(SCRATCH, ctl, fpscr, a, b, c, old);
            return new long[] {f, PpcFpu.result(SCRATCH)};
        }
    }

    private static final int ENABLES = VE | OE | UE | ZE | PpcFpBits.XE;

    /**
     * The QEMU 5.0 model of one computational instruction, recomputed with jemu's {@link PpcFpu}: computed with
     * the exception enables clear (QEMU neither suppresses an enabled invalid/zero-divide result nor scales an
     * enabled overflow/underflow result) and then the enables restored with FEX/VX recomputed; fnmadd/fnmsub in
     * a directed rounding mode rounds the negated exact value (RN 2 and 3 exchanged); a single-precision form
     * is the double operation followed by frsp ({@link #qemuSingle}); fctiw of a large positive value gives
     * 0x8000_0000; FPRF classifies the double-format result (for fctiw: unchanged with VE = 1). Returns
     * {fpscr, frt}.
     */
    static long[] qemuModel(String name, Op op, int bf, boolean swapRn, long a, long b, long c, long old) {
        int f0 = bf & ~ENABLES;
        long[] r;
        if (op.single()) {
            r = qemuSingle(op.op(), f0, swapRn, a, b, c, old);
        } else {
            r = predict(op.op(), swapRn ? f0 ^ 1 : f0, a, b, c, old);
            if (swapRn) {
                r[0] ^= 1;
            }
        }
        int f = (int) r[0];
        boolean fctiw = name.startsWith("fctiw");
        if (fctiw) {
            if (r[1] == 0x7fff_ffffL && (f & PpcFpu.VXCVI) != 0) {
                r[1] = 0x8000_0000L;
            }
            if ((bf & VE) != 0) {
                f = (f & ~FPRF) | (bf & FPRF);
            }
        } else {
            f = (f & ~FPRF) | PpcFpu.fprf(r[1], false) << 12;
        }
        f = PpcFpBits.summarize((f & ~ENABLES) | (bf & ENABLES));
        return new long[] {f & 0xffff_ffffL, r[1]};
    }

    /**
     * QEMU's single-precision form: the double operation (for fnmadd/fnmsub in a directed rounding mode, with
     * the exact result negated before rounding, i.e. RN 2 and 3 exchanged), then frsp; FI if either step was
     * inexact. Returns {fpscr, frt}.
     */
    static long[] qemuSingle(int op, int fpscr, boolean swapRn, long a, long b, long c, long old) {
        long[] d = predict(op, swapRn ? fpscr ^ 1 : fpscr, a, b, c, old);
        int f1 = (int) d[0];
        if (swapRn) {
            f1 ^= 1;
        }
        long[] s = predict(PpcFpu.FRSP, f1, 0, d[1], 0, old);
        // QEMU's FPRF classifies the double-format register value
        long f = (s[0] | (f1 & FI)) & ~FPRF | (long) PpcFpu.fprf(s[1], false) << 12;
        return new long[] {f, s[1]};
    }

    private static boolean isNaN(long d) {
        return (d & Long.MAX_VALUE) > 0x7ff0_0000_0000_0000L;
    }

    private static boolean isInf(long d) {
        return (d & Long.MAX_VALUE) == 0x7ff0_0000_0000_0000L;
    }

    private static boolean isSingle(long d) {
        long mag = d & Long.MAX_VALUE;
        if (mag >= 0x7ff0_0000_0000_0000L || mag == 0) {
            return true;
        }
        double x = Double.longBitsToDouble(d);
        return (double) (float) x == x;
    }

    /**
     * The FP categories that together explain every difference between Unicorn's state {@code u} and jemu's
     * {@code j} after instruction {@code word} executed from {@code before}; null if they do not.
     */
    static List<Known> explain(long pc, int word, PpcFuzzState before, PpcFuzzState u, PpcFuzzState j) {
        DecodeTable.Entry<PpcTranslator.Handler> e = PpcDecodeTable.TABLE.decode(word);
        if (e == null || !OPS.containsKey(e.name)) {
            return null;
        }
        Op op = OPS.get(e.name);
        String name = e.name;
        if (!Arrays.equals(u.gpr(), j.gpr()) || u.xer() != j.xer() || u.lr() != j.lr() || u.ctr() != j.ctr()
                || !Arrays.equals(u.data(), j.data())) {
            return null;
        }
        List<Known> cats = new ArrayList<>();
        PpcFuzzState.Stop us = u.stop();
        PpcFuzzState.Stop js = j.stop();
        int jf = (int) j.fpscr();
        int uf = (int) u.fpscr();
        int bf = (int) before.fpscr();
        if (!us.equals(js)) {
            boolean jemuRan = js.kind() == PpcFuzzState.Kind.RUNNING || js.kind() == PpcFuzzState.Kind.COMPLETED;
            if (us.kind() == PpcFuzzState.Kind.PROGRAM && (us.pc() == pc || us.pc() == pc + 4) && jemuRan && js.pc() == pc + 4
                    && ((jf | uf) & FEX) != 0) {
                cats.add(Known.FP_ENABLED_EXCEPTION_IN_IGNORE_MODE);
            } else {
                return null;
            }
        }
        boolean compare = name.startsWith("fcmp");
        int frt = compare ? -1 : e.field(word, 'd');
        long[] f = before.fpr();
        long a = op.a() ? f[e.field(word, 'a')] : 0;
        long b = op.b() ? f[e.field(word, 'b')] : 0;
        long c = op.c() ? f[e.field(word, 'c')] : 0;
        long old = frt >= 0 ? f[frt] : 0;
        int ctl = op.op() | (op.single() ? PpcFpu.SINGLE : 0);
        for (int r = 0; r < 32; r++) {
            if (r != frt && u.fpr()[r] != j.fpr()[r]) {
                return null;
            }
        }
        boolean frtDiffers = frt >= 0 && u.fpr()[frt] != j.fpr()[frt];
        boolean frtExplained = false;
        int diff = uf ^ jf;
        int explained = 0;

        // results QEMU computes differently: Unicorn must match the QEMU model recomputed with jemu's PpcFpu
        boolean fnm = op.op() == PpcFpu.FNMADD || op.op() == PpcFpu.FNMSUB;
        boolean swapRn = fnm && (bf & 2) != 0;
        boolean operandsSingle = (!op.a() || isSingle(a)) && (!op.b() || isSingle(b)) && (!op.c() || isSingle(c));
        boolean fused = op.op() >= PpcFpu.FMADD && op.op() <= PpcFpu.FNMSUB;
        if (!compare && (frtDiffers || diff != 0)) {
            long[] q = qemuModel(name, op, bf, swapRn, a, b, c, old);
            int qf = (int) q[0];
            int covered = diff & ~(uf ^ qf) & ~(FEX | VX);
            if (u.fpr()[frt] == q[1] && (frtDiffers || covered != 0)) {
                int catsBefore = cats.size();
                // jemu suppressed the result: an enabled invalid operation or zero divide (FRT may equal the
                // disabled result by chance, then only FPRF shows it)
                boolean jemuSuppressed = j.fpr()[frt] == old && (((bf & VE) != 0 && (jf & PpcFpBits.VX_ALL) != 0)
                        || ((bf & ZE) != 0 && (jf & PpcFpBits.ZX) != 0));
                if ((bf & (VE | ZE)) != 0 && jemuSuppressed) {
                    cats.add(Known.QEMU_WRITES_SUPPRESSED_RESULT);
                }
                if ((bf & (OE | UE)) != 0) {
                    long[] pn = predict(ctl, bf & ~(OE | UE), a, b, c, old);
                    if (pn[1] != j.fpr()[frt] || (((int) pn[0] ^ jf) & (PpcFpBits.OX | PpcFpBits.UX | XX | FI | FR | FPRF)) != 0) {
                        cats.add(Known.QEMU_NO_SCALED_RESULT);
                    }
                }
                // the remaining deviations count only where they change the result
                long[] once = predict(ctl, bf & ~ENABLES, a, b, c, old);
                if (op.single() && !operandsSingle) {
                    cats.add(Known.SINGLE_FORM_WITH_DOUBLE_OPERANDS);
                } else if (op.single() && fused
                        && qemuSingle(op.op(), bf & ~ENABLES, false, a, b, c, old)[1] != once[1]) {
                    cats.add(Known.QEMU_SINGLE_FMA_DOUBLE_ROUNDING);
                }
                if (swapRn && qemuModel(name, op, bf, false, a, b, c, old)[1] != q[1]) {
                    cats.add(Known.QEMU_NEGATED_MULADD_ROUNDING);
                }
                if (name.startsWith("fctiw") && u.fpr()[frt] == 0x8000_0000L && j.fpr()[frt] == 0x7fff_ffffL) {
                    cats.add(Known.QEMU_FCTIW_POSITIVE_OVERFLOW);
                }
                if (op.single() && (covered & FPRF) != 0 && PpcFpu.fprf(j.fpr()[frt], true) != PpcFpu.fprf(j.fpr()[frt], false)) {
                    cats.add(Known.QEMU_FPRF_SINGLE_DENORMAL);
                }
                if (cats.size() > catsBefore) {
                    frtExplained = true;
                    explained |= covered;
                }
            }
        }
        if (frtDiffers && !frtExplained) {
            return null;
        }

        // FPSCR bits
        int rest = diff & ~explained;
        if ((rest & FR) != 0 && (uf & FR) == (bf & FR)) {
            cats.add(Known.QEMU_FR_NOT_COMPUTED);
            rest &= ~FR;
        }
        if (name.startsWith("fctiw") && (rest & FI) != 0 && (uf & FI) == (bf & FI) && (jf & FI) == 0) {
            cats.add(Known.QEMU_FCTIW_EXACT_KEEPS_FI);
            rest &= ~FI;
        }
        if ((name.equals("fres") || name.equals("frsqrte")) && (rest & XX) != 0 && (uf & XX) != 0 && (bf & XX) == 0) {
            cats.add(Known.QEMU_ESTIMATE_SETS_XX);
            rest &= ~XX;
            if ((bf & FX) == 0) {
                rest &= ~FX;
            }
        }
        if (name.equals("fres") && (b & Long.MAX_VALUE) == 0 && (rest & PpcFpBits.ZX) != 0 && (uf & PpcFpBits.ZX) == (bf & PpcFpBits.ZX)) {
            cats.add(Known.QEMU_FRES_ZERO_NO_ZX);
            rest &= ~PpcFpBits.ZX;
            if ((uf & FX) == (bf & FX)) {
                rest &= ~FX;
            }
        }
        if ((op.single() || name.equals("frsp") || name.equals("fres")) && (rest & FPRF) != 0) {
            int jc = (jf & FPRF) >>> 12;
            int uc = (uf & FPRF) >>> 12;
            if ((jc == PpcFpu.CLASS_POS_DENORMAL && uc == PpcFpu.CLASS_POS_NORMAL)
                    || (jc == PpcFpu.CLASS_NEG_DENORMAL && uc == PpcFpu.CLASS_NEG_NORMAL)) {
                cats.add(Known.QEMU_FPRF_SINGLE_DENORMAL);
                rest &= ~FPRF;
            }
        }
        if (name.startsWith("fcmp") && (rest & FI) != 0 && (uf & FI) == 0) {
            cats.add(Known.QEMU_FCMP_CLEARS_FI);
            rest &= ~FI;
        }
        if (name.equals("fcmpo") && (rest & (C | PpcFpu.VXVC)) != 0 && (u.fpscr() & 0xf000) == 0x1000) {
            // a NaN operand: QEMU sets FPRF's C bit, and VXVC also for a signalling NaN when VE = 1
            int ok = C | ((bf & VE) != 0 ? PpcFpu.VXVC : 0);
            if ((rest & ~ok & ~FX & ~(FEX | VX)) == 0 && (rest & ok) != 0) {
                cats.add(Known.QEMU_FCMPO_NAN);
                rest &= ~ok;
                if ((bf & FX) == 0) {
                    rest &= ~FX;
                }
            }
        }
        if (fused && (rest & PpcFpu.VXISI) != 0 && (uf & PpcFpu.VXISI) != 0
                && (isNaN(a) || isNaN(c) || (isInf(a) && (c & Long.MAX_VALUE) == 0) || (isInf(c) && (a & Long.MAX_VALUE) == 0))
                && (isInf(a) || isInf(c)) && isInf(b)) {
            cats.add(Known.QEMU_FMA_EXTRA_VXISI);
            rest &= ~PpcFpu.VXISI;
            if ((bf & FX) == 0) {
                rest &= ~FX;
            }
        }
        if ((rest & FX) != 0 && (uf & FX) != 0 && (jf & FX) == 0 && (bf & FX) == 0) {
            cats.add(Known.QEMU_FX_ON_REPEATED_EXCEPTION);
            rest &= ~FX;
        }
        // FEX and VX follow the other bits: Unicorn's must be its own summary
        if ((rest & (FEX | VX)) != 0 && (PpcFpBits.summarize(uf) == uf)) {
            rest &= ~(FEX | VX);
        }
        if (rest != 0) {
            return null;
        }

        // CR: the record form's CR1 (FPSCR[0:3]) and the compares' BF follow FPSCR/FPCC
        long crDiff = u.cr() ^ j.cr();
        if (crDiff != 0) {
            long cr1 = 0x0f00_0000L;
            if (compare || (crDiff & ~cr1) != 0 || ((u.cr() >>> 24) & 0xf) != ((uf >>> 28) & 0xf)) {
                return null;
            }
        }
        return cats.isEmpty() ? null : cats;
    }
}
