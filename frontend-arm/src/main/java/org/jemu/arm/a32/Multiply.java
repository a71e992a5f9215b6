package org.jemu.arm.a32;

import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.Op;

/**
 * A32 multiplies: DDI 0406C A5.2.5 (MUL, MLA, MLS, UMAAL and the long forms), A5.2.7 (halfword multiplies
 * SMLA&lt;x&gt;&lt;y&gt;, SMLAW&lt;y&gt;, SMULW&lt;y&gt;, SMLAL&lt;x&gt;&lt;y&gt;, SMUL&lt;x&gt;&lt;y&gt;) and A5.4.4
 * (SMLAD, SMLSD, SMLALD, SMLSLD, SMMLA, SMMLS and their non-accumulating forms, SDIV, UDIV). Any register
 * operand being the PC is UNPREDICTABLE (UNDEFINED here), as is RdHi = RdLo in the long forms.
 *
 * <p>Products are computed in 64 bits; the Q flag is set where the manual's pseudocode sets it (the
 * accumulation of SMLA&lt;x&gt;&lt;y&gt;, SMLAW&lt;y&gt;, SMLAD, SMUAD, SMLSD overflows 32 bits).
 */
public final class Multiply {
    private Multiply() {
    }

    private static boolean anyPc(int... regs) {
        for (int r : regs) {
            if (r == 15) {
                return true;
            }
        }
        return false;
    }

    /** A8.8.114 MUL: R[d] = (R[n] * R[m])&lt;31:0&gt;; with S, N and Z from the result (C, V unchanged). */
    public static boolean MUL(A32Translator t) {
        int d = t.f('d');
        if (anyPc(d, t.f('n'), t.f('m'))) {
            return false;
        }
        Inst r = t.b.binary(Op.MUL, t.readR(t.f('n')), t.readR(t.f('m')));
        if (t.f('s', 0) != 0) {
            t.setNZ(r);
        }
        t.writeR(d, r);
        return true;
    }

    /** A8.8.100 MLA: R[d] = R[n] * R[m] + R[a]; S as MUL. */
    public static boolean MLA(A32Translator t) {
        int d = t.f('d');
        if (anyPc(d, t.f('n'), t.f('m'), t.f('a'))) {
            return false;
        }
        IrBuilder b = t.b;
        Inst r = b.add(b.binary(Op.MUL, t.readR(t.f('n')), t.readR(t.f('m'))), t.readR(t.f('a')));
        if (t.f('s', 0) != 0) {
            t.setNZ(r);
        }
        t.writeR(d, r);
        return true;
    }

    /** A8.8.101 MLS: R[d] = R[a] - R[n] * R[m]. */
    public static boolean MLS(A32Translator t) {
        int d = t.f('d');
        if (anyPc(d, t.f('n'), t.f('m'), t.f('a'))) {
            return false;
        }
        IrBuilder b = t.b;
        t.writeR(d, b.sub(t.readR(t.f('a')), b.binary(Op.MUL, t.readR(t.f('n')), t.readR(t.f('m')))));
        return true;
    }

    /** The 64-bit RdHi:RdLo pair of a long multiply (d = RdHi, a = RdLo). */
    private static Inst pair(A32Translator t, int hi, int lo) {
        IrBuilder b = t.b;
        return b.or(b.shl(b.zext32(t.readR(hi)), b.c64(32)), b.zext32(t.readR(lo)));
    }

    private static boolean longForm(A32Translator t, boolean signed, boolean accumulate) {
        int hi = t.f('d');
        int lo = t.f('a');
        if (anyPc(hi, lo, t.f('n'), t.f('m')) || hi == lo) {
            return false;
        }
        IrBuilder b = t.b;
        Inst n = signed ? b.sext32(t.readR(t.f('n'))) : b.zext32(t.readR(t.f('n')));
        Inst m = signed ? b.sext32(t.readR(t.f('m'))) : b.zext32(t.readR(t.f('m')));
        Inst r = b.binary(Op.MUL, n, m);
        if (accumulate) {
            r = b.add(r, pair(t, hi, lo));
        }
        writePair(t, hi, lo, r, t.f('s', 0) != 0);
        return true;
    }

    /** Writes a 64-bit result to RdHi:RdLo; with {@code s}, N = bit 63 and Z = (result == 0). */
    private static void writePair(A32Translator t, int hi, int lo, Inst r, boolean s) {
        IrBuilder b = t.b;
        Inst rhi = b.trunc(b.lshr(r, b.c64(32)));
        if (s) {
            t.setSlot(org.jemu.arm.cpu.Aarch64Cpu.NF, b.lshr(rhi, t.c(31)));
            t.setSlot(org.jemu.arm.cpu.Aarch64Cpu.ZF, b.cmp(Op.EQ, r, b.c64(0)));
        }
        t.writeR(lo, b.trunc(r));
        t.writeR(hi, rhi);
    }

    /** A8.8.257 UMULL: RdHi:RdLo = UInt(R[n]) * UInt(R[m]). */
    public static boolean UMULL(A32Translator t) {
        return longForm(t, false, false);
    }

    /** A8.8.256 UMLAL: RdHi:RdLo += UInt(R[n]) * UInt(R[m]). */
    public static boolean UMLAL(A32Translator t) {
        return longForm(t, false, true);
    }

    /** A8.8.189 SMULL. */
    public static boolean SMULL(A32Translator t) {
        return longForm(t, true, false);
    }

    /** A8.8.178 SMLAL. */
    public static boolean SMLAL(A32Translator t) {
        return longForm(t, true, true);
    }

    /** A8.8.255 UMAAL: RdHi:RdLo = UInt(R[n]) * UInt(R[m]) + UInt(RdHi) + UInt(RdLo) (never overflows). */
    public static boolean UMAAL(A32Translator t) {
        int hi = t.f('d');
        int lo = t.f('a');
        if (anyPc(hi, lo, t.f('n'), t.f('m')) || hi == lo) {
            return false;
        }
        IrBuilder b = t.b;
        Inst r = b.binary(Op.MUL, b.zext32(t.readR(t.f('n'))), b.zext32(t.readR(t.f('m'))));
        r = b.add(b.add(r, b.zext32(t.readR(hi))), b.zext32(t.readR(lo)));
        writePair(t, hi, lo, r, false);
        return true;
    }

    /** The signed halfword of I32 {@code x} selected by {@code top} (1 = bits [31:16]), sign-extended to I64. */
    private static Inst half(A32Translator t, Inst x, int top) {
        IrBuilder b = t.b;
        return top != 0 ? b.sext32(b.ashr(x, t.c(16))) : b.sext32(b.unary(Op.SEXT16, x));
    }

    /** I32 0/1: the I64 {@code v} is not the sign extension of its low 32 bits (signed overflow). */
    static Inst overflows32(IrBuilder b, Inst v) {
        return b.cmp(Op.NE, v, b.sext32(b.trunc(v)));
    }

    /** A8.8.176 SMLA&lt;x&gt;&lt;y&gt;: R[d] = half(R[n]) * half(R[m]) + R[a]; Q on overflow. */
    public static boolean SMLAxy(A32Translator t) {
        int d = t.f('d');
        if (anyPc(d, t.f('n'), t.f('m'), t.f('a'))) {
            return false;
        }
        IrBuilder b = t.b;
        Inst p = b.binary(Op.MUL, half(t, t.readR(t.f('n')), t.f('z')), half(t, t.readR(t.f('m')), t.f('y')));
        Inst r = b.add(p, b.sext32(t.readR(t.f('a'))));
        t.orQ(overflows32(b, r));
        t.writeR(d, b.trunc(r));
        return true;
    }

    /** A8.8.188 SMUL&lt;x&gt;&lt;y&gt;: R[d] = half(R[n]) * half(R[m]) (cannot overflow). */
    public static boolean SMULxy(A32Translator t) {
        int d = t.f('d');
        if (anyPc(d, t.f('n'), t.f('m'))) {
            return false;
        }
        IrBuilder b = t.b;
        Inst p = b.binary(Op.MUL, half(t, t.readR(t.f('n')), t.f('z')), half(t, t.readR(t.f('m')), t.f('y')));
        t.writeR(d, b.trunc(p));
        return true;
    }

    /** A8.8.180 SMLAW&lt;y&gt;: R[d] = (R[n] * half(R[m]) + (R[a] &lt;&lt; 16))&lt;47:16&gt;; Q on overflow. */
    public static boolean SMLAWy(A32Translator t) {
        int d = t.f('d');
        if (anyPc(d, t.f('n'), t.f('m'), t.f('a'))) {
            return false;
        }
        IrBuilder b = t.b;
        Inst p = b.binary(Op.MUL, b.sext32(t.readR(t.f('n'))), half(t, t.readR(t.f('m')), t.f('y')));
        Inst r = b.ashr(b.add(p, b.shl(b.sext32(t.readR(t.f('a'))), b.c64(16))), b.c64(16));
        t.orQ(overflows32(b, r));
        t.writeR(d, b.trunc(r));
        return true;
    }

    /** A8.8.190 SMULW&lt;y&gt;: R[d] = (R[n] * half(R[m]))&lt;47:16&gt;. */
    public static boolean SMULWy(A32Translator t) {
        int d = t.f('d');
        if (anyPc(d, t.f('n'), t.f('m'))) {
            return false;
        }
        IrBuilder b = t.b;
        Inst p = b.binary(Op.MUL, b.sext32(t.readR(t.f('n'))), half(t, t.readR(t.f('m')), t.f('y')));
        t.writeR(d, b.trunc(b.ashr(p, b.c64(16))));
        return true;
    }

    /** A8.8.179 SMLAL&lt;x&gt;&lt;y&gt;: RdHi:RdLo += half(R[n]) * half(R[m]). */
    public static boolean SMLALxy(A32Translator t) {
        int hi = t.f('d');
        int lo = t.f('a');
        if (anyPc(hi, lo, t.f('n'), t.f('m')) || hi == lo) {
            return false;
        }
        IrBuilder b = t.b;
        Inst p = b.binary(Op.MUL, half(t, t.readR(t.f('n')), t.f('z')), half(t, t.readR(t.f('m')), t.f('y')));
        writePair(t, hi, lo, b.add(p, pair(t, hi, lo)), false);
        return true;
    }

    /** The two halfword products of the dual multiplies, with R[m] rotated by 16 when the M bit (z) is set. */
    private static Inst[] dualProducts(A32Translator t) {
        IrBuilder b = t.b;
        Inst n = t.readR(t.f('n'));
        Inst m = t.readR(t.f('m'));
        if (t.f('z') != 0) {
            m = b.binary(Op.ROTR, m, t.c(16));
        }
        return new Inst[] {b.binary(Op.MUL, half(t, n, 0), half(t, m, 0)), b.binary(Op.MUL, half(t, n, 1), half(t, m, 1))};
    }

    private static boolean dual(A32Translator t, boolean subtract) {
        int d = t.f('d');
        int a = t.bits(15, 12);   // 1111: SMUAD/SMUSD
        if (anyPc(d, t.f('n'), t.f('m'))) {
            return false;
        }
        IrBuilder b = t.b;
        Inst[] p = dualProducts(t);
        Inst r = subtract ? b.sub(p[0], p[1]) : b.add(p[0], p[1]);
        if (a != 15) {
            r = b.add(r, b.sext32(t.readR(a)));
        }
        t.orQ(overflows32(b, r));
        t.writeR(d, b.trunc(r));
        return true;
    }

    /** A8.8.177 SMLAD (and A8.8.187 SMUAD, Ra = 1111): R[d] = p1 + p2 (+ R[a]); Q on overflow. */
    public static boolean SMLAD(A32Translator t) {
        return dual(t, false);
    }

    /** A8.8.182 SMLSD (and A8.8.191 SMUSD, Ra = 1111): R[d] = p1 - p2 (+ R[a]); Q on overflow. */
    public static boolean SMLSD(A32Translator t) {
        return dual(t, true);
    }

    private static boolean dualLong(A32Translator t, boolean subtract) {
        int hi = t.f('d');
        int lo = t.f('a');
        if (anyPc(hi, lo, t.f('n'), t.f('m')) || hi == lo) {
            return false;
        }
        IrBuilder b = t.b;
        Inst[] p = dualProducts(t);
        Inst r = subtract ? b.sub(p[0], p[1]) : b.add(p[0], p[1]);
        writePair(t, hi, lo, b.add(r, pair(t, hi, lo)), false);
        return true;
    }

    /** A8.8.181 SMLALD: RdHi:RdLo += p1 + p2. */
    public static boolean SMLALD(A32Translator t) {
        return dualLong(t, false);
    }

    /** A8.8.183 SMLSLD: RdHi:RdLo += p1 - p2. */
    public static boolean SMLSLD(A32Translator t) {
        return dualLong(t, true);
    }

    private static boolean mostSignificant(A32Translator t, boolean subtract) {
        int d = t.f('d');
        int a = t.bits(15, 12);   // 1111: SMMUL
        if (anyPc(d, t.f('n'), t.f('m')) || (subtract && a == 15)) {
            return false;
        }
        IrBuilder b = t.b;
        Inst p = b.binary(Op.MUL, b.sext32(t.readR(t.f('n'))), b.sext32(t.readR(t.f('m'))));
        Inst acc = a == 15 ? b.c64(0) : b.shl(b.zext32(t.readR(a)), b.c64(32));
        Inst r = subtract ? b.sub(acc, p) : b.add(acc, p);
        if (t.f('z') != 0) {
            r = b.add(r, b.c64(0x8000_0000L));
        }
        t.writeR(d, b.trunc(b.lshr(r, b.c64(32))));
        return true;
    }

    /** A8.8.184 SMMLA (and A8.8.186 SMMUL, Ra = 1111): R[d] = ((R[a] &lt;&lt; 32) + R[n] * R[m] (+ 2^31 if R))&lt;63:32&gt;. */
    public static boolean SMMLA(A32Translator t) {
        return mostSignificant(t, false);
    }

    /** A8.8.185 SMMLS: R[d] = ((R[a] &lt;&lt; 32) - R[n] * R[m] (+ 2^31 if R))&lt;63:32&gt;; Ra = 15 UNPREDICTABLE. */
    public static boolean SMMLS(A32Translator t) {
        return mostSignificant(t, true);
    }

    /** A8.8.165 SDIV: R[d] = RoundTowardsZero(SInt(R[n]) / SInt(R[m])); 0 for a zero divisor (ARMv7-A). */
    public static boolean SDIV(A32Translator t) {
        int d = t.f('d');
        if (anyPc(d, t.f('n'), t.f('m'))) {
            return false;
        }
        t.writeR(d, t.b.binary(Op.SDIV, t.readR(t.f('n')), t.readR(t.f('m'))));
        return true;
    }

    /** A8.8.248 UDIV: R[d] = UInt(R[n]) / UInt(R[m]); 0 for a zero divisor. */
    public static boolean UDIV(A32Translator t) {
        int d = t.f('d');
        if (anyPc(d, t.f('n'), t.f('m'))) {
            return false;
        }
        t.writeR(d, t.b.binary(Op.UDIV, t.readR(t.f('n')), t.readR(t.f('m'))));
        return true;
    }
}
