package org.jemu.ppc.translate;

import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.Op;

/**
 * Handlers for PEM 4.2.3 "Integer Logical Instructions" and 4.2.4 "Integer Rotate and Shift
 * Instructions" (Power ISA Book I, "Fixed-Point Logical Instructions", "Fixed-Point Rotate and Shift
 * Instructions"). In these forms the source is RS (field {@code s}) and the destination RA (field
 * {@code a}). Record forms set CR0 from the 32-bit result; only the algebraic right shifts change XER[CA].
 */
public final class FixedPointLogical {
    private FixedPointLogical() {
    }

    private static boolean result(PpcTranslator t, Inst r, boolean record) {
        t.setGpr(t.f('a'), r);
        if (record) {
            t.recordCr0(r);
        }
        return true;
    }

    // ---- D-form immediates ----------------------------------------------------------------------------

    /** andi.: RA = RS &amp; (0x0000 || UI), always recording CR0. */
    public static boolean andi_(PpcTranslator t) {
        return result(t, t.b.and(t.gpr(t.f('s')), t.c32(t.f('i'))), true);
    }

    /** andis.: RA = RS &amp; (UI || 0x0000), always recording CR0. */
    public static boolean andis_(PpcTranslator t) {
        return result(t, t.b.and(t.gpr(t.f('s')), t.c32(t.f('i') << 16)), true);
    }

    /** ori: RA = RS | UI ({@code ori 0,0,0} is the preferred no-op). */
    public static boolean ori(PpcTranslator t) {
        return result(t, t.b.or(t.gpr(t.f('s')), t.c32(t.f('i'))), false);
    }

    /** oris: RA = RS | (UI || 0x0000). */
    public static boolean oris(PpcTranslator t) {
        return result(t, t.b.or(t.gpr(t.f('s')), t.c32(t.f('i') << 16)), false);
    }

    /** xori: RA = RS ^ UI. */
    public static boolean xori(PpcTranslator t) {
        return result(t, t.b.xor(t.gpr(t.f('s')), t.c32(t.f('i'))), false);
    }

    /** xoris: RA = RS ^ (UI || 0x0000). */
    public static boolean xoris(PpcTranslator t) {
        return result(t, t.b.xor(t.gpr(t.f('s')), t.c32(t.f('i') << 16)), false);
    }

    // ---- X-form logical ---------------------------------------------------------------------------------

    private static boolean binary(PpcTranslator t, Op op, boolean invertB, boolean invertResult) {
        IrBuilder b = t.b;
        Inst rb = t.gpr(t.f('b'));
        if (invertB) {
            rb = b.not(rb);
        }
        Inst r = b.binary(op, t.gpr(t.f('s')), rb);
        if (invertResult) {
            r = b.not(r);
        }
        return result(t, r, t.rc());
    }

    /** and[.]: RA = RS &amp; RB. */
    public static boolean and(PpcTranslator t) {
        return binary(t, Op.AND, false, false);
    }

    /** andc[.]: RA = RS &amp; ~RB. */
    public static boolean andc(PpcTranslator t) {
        return binary(t, Op.AND, true, false);
    }

    /** or[.]: RA = RS | RB. */
    public static boolean or(PpcTranslator t) {
        return binary(t, Op.OR, false, false);
    }

    /** orc[.]: RA = RS | ~RB. */
    public static boolean orc(PpcTranslator t) {
        return binary(t, Op.OR, true, false);
    }

    /** xor[.]: RA = RS ^ RB. */
    public static boolean xor(PpcTranslator t) {
        return binary(t, Op.XOR, false, false);
    }

    /** nand[.]: RA = ~(RS &amp; RB). */
    public static boolean nand(PpcTranslator t) {
        return binary(t, Op.AND, false, true);
    }

    /** nor[.]: RA = ~(RS | RB). */
    public static boolean nor(PpcTranslator t) {
        return binary(t, Op.OR, false, true);
    }

    /** eqv[.]: RA = ~(RS ^ RB). */
    public static boolean eqv(PpcTranslator t) {
        return binary(t, Op.XOR, false, true);
    }

    /** extsb[.]: RA = RS[24:31] sign-extended. */
    public static boolean extsb(PpcTranslator t) {
        return result(t, t.b.unary(Op.SEXT8, t.gpr(t.f('s'))), t.rc());
    }

    /** extsh[.]: RA = RS[16:31] sign-extended. */
    public static boolean extsh(PpcTranslator t) {
        return result(t, t.b.unary(Op.SEXT16, t.gpr(t.f('s'))), t.rc());
    }

    /** cntlzw[.]: RA = number of leading zero bits of RS (32 for 0); CR0[LT] is always 0. */
    public static boolean cntlzw(PpcTranslator t) {
        return result(t, t.b.unary(Op.CLZ, t.gpr(t.f('s'))), t.rc());
    }

    // ---- rotate (PEM 4.2.4.1) -----------------------------------------------------------------------------

    /**
     * MASK(mb, me) of the manual (bits numbered 0 = MSB): ones from bit {@code mb} through bit {@code me};
     * when {@code mb > me} the ones wrap around (bits mb..31 and 0..me), and {@code mb = me + 1} gives all ones.
     */
    public static int mask(int mb, int me) {
        int fromMb = -1 >>> mb;                 // bits mb..31
        int toMe = ~(-1 >>> me >>> 1);          // bits 0..me  (me = 31: all ones)
        return mb <= me ? fromMb & toMe : fromMb | toMe;
    }

    private static Inst rotl(PpcTranslator t, Inst v, Inst n) {
        // rotate left by n = rotate right by (32 - n) mod 32
        return t.b.binary(Op.ROTR, v, t.b.sub(t.c32(32), n));
    }

    /** rlwinm[.]: RA = ROTL32(RS, SH) &amp; MASK(MB, ME). */
    public static boolean rlwinm(PpcTranslator t) {
        int sh = t.f('h');
        Inst v = t.gpr(t.f('s'));
        Inst r = sh == 0 ? v : t.b.binary(Op.ROTR, v, t.c32(32 - sh));
        return result(t, t.b.and(r, t.c32(mask(t.f('m'), t.f('e')))), t.rc());
    }

    /** rlwnm[.]: RA = ROTL32(RS, RB[27:31]) &amp; MASK(MB, ME). */
    public static boolean rlwnm(PpcTranslator t) {
        Inst n = t.b.and(t.gpr(t.f('b')), t.c32(31));
        Inst r = rotl(t, t.gpr(t.f('s')), n);
        return result(t, t.b.and(r, t.c32(mask(t.f('m'), t.f('e')))), t.rc());
    }

    /** rlwimi[.]: RA = (ROTL32(RS, SH) &amp; m) | (RA &amp; ~m), m = MASK(MB, ME). */
    public static boolean rlwimi(PpcTranslator t) {
        int sh = t.f('h');
        int m = mask(t.f('m'), t.f('e'));
        IrBuilder b = t.b;
        Inst v = t.gpr(t.f('s'));
        Inst r = sh == 0 ? v : b.binary(Op.ROTR, v, t.c32(32 - sh));
        Inst merged = b.or(b.and(r, t.c32(m)), b.and(t.gpr(t.f('a')), t.c32(~m)));
        return result(t, merged, t.rc());
    }

    // ---- shift (PEM 4.2.4.2) ------------------------------------------------------------------------------

    /** slw[.]: RA = RS &lt;&lt; RB[27:31], or 0 when RB[26] is set (shift amounts 32..63). */
    public static boolean slw(PpcTranslator t) {
        IrBuilder b = t.b;
        Inst n = b.and(t.gpr(t.f('b')), t.c32(63));
        Inst v = b.shl(t.gpr(t.f('s')), n);
        Inst r = b.select(b.cmp(Op.ULT, n, t.c32(32)), v, t.c32(0));
        return result(t, r, t.rc());
    }

    /** srw[.]: RA = RS &gt;&gt;&gt; RB[27:31] (logical), or 0 when RB[26] is set. */
    public static boolean srw(PpcTranslator t) {
        IrBuilder b = t.b;
        Inst n = b.and(t.gpr(t.f('b')), t.c32(63));
        Inst v = b.lshr(t.gpr(t.f('s')), n);
        Inst r = b.select(b.cmp(Op.ULT, n, t.c32(32)), v, t.c32(0));
        return result(t, r, t.rc());
    }

    /**
     * sraw[.]: RA = RS shifted right algebraically by RB[26:31] (amounts 32..63 give 32 copies of the sign);
     * XER[CA] = 1 when RS is negative and any 1 bit is shifted out, else 0.
     */
    public static boolean sraw(PpcTranslator t) {
        IrBuilder b = t.b;
        Inst s = t.gpr(t.f('s'));
        Inst n = b.and(t.gpr(t.f('b')), t.c32(63));
        Inst big = b.cmp(Op.ULT, t.c32(31), n);
        Inst n31 = b.select(big, t.c32(31), n);
        Inst r = b.ashr(s, n31);
        // bits shifted out: for n >= 32 every bit; else (1 << n) - 1
        Inst outMask = b.select(big, t.c32(-1), b.sub(b.shl(t.c32(1), n31), t.c32(1)));
        Inst lost = b.cmp(Op.NE, b.and(s, outMask), t.c32(0));
        Inst neg = b.cmp(Op.SLT, s, t.c32(0));
        t.setGpr(t.f('a'), r);
        t.setCa(b.and(neg, lost));
        if (t.rc()) {
            t.recordCr0(r);
        }
        return true;
    }

    /** srawi[.]: RA = RS shifted right algebraically by SH; XER[CA] = RS negative and 1 bits shifted out. */
    public static boolean srawi(PpcTranslator t) {
        IrBuilder b = t.b;
        int sh = t.f('h');
        Inst s = t.gpr(t.f('s'));
        Inst r = sh == 0 ? s : b.ashr(s, t.c32(sh));
        Inst lost = b.cmp(Op.NE, b.and(s, t.c32((int) ((1L << sh) - 1))), t.c32(0));
        Inst neg = b.cmp(Op.SLT, s, t.c32(0));
        t.setGpr(t.f('a'), r);
        t.setCa(b.and(neg, lost));
        if (t.rc()) {
            t.recordCr0(r);
        }
        return true;
    }
}
