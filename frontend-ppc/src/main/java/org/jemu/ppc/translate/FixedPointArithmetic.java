package org.jemu.ppc.translate;

import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.Op;

/**
 * Handlers for the integer arithmetic, compare and trap instructions: PEM 4.2.1 "Integer Arithmetic
 * Instructions", 4.2.2 "Integer Compare Instructions" and 4.5.5 "Trap Instructions" (Power ISA Book I,
 * "Fixed-Point Arithmetic Instructions", "Fixed-Point Compare Instructions", "Fixed-Point Trap
 * Instructions"). Each handler is named after the manual's mnemonic; the {@code o} (OE) and {@code .} (Rc)
 * variants share the base mnemonic's handler through the {@code o} and {@code r} fields.
 *
 * <p>Carry and overflow follow the manual's definitions for 32-bit operands: every add/subtract is
 * computed as {@code x + y + c} in 64 bits (subtract-from as {@code ~RA + RB + 1}), XER[CA] is bit 32 of
 * that sum ("carry out of bit 0"), and XER[OV] is set when the two 32-bit addends have the same sign and
 * the 32-bit result's sign differs. OV forms also set XER[SO] (sticky); record forms set CR0 from the
 * 32-bit result with the SO value after the instruction.
 */
public final class FixedPointArithmetic {
    private FixedPointArithmetic() {
    }

    /** The result of an extended add: 32-bit sum, its carry out and its signed overflow (I32 0/1). */
    private record Sum(Inst result, Inst ca, Inst ov) {
    }

    /** {@code x + y + cin} (I32 operands, {@code cin} I32 0/1 or null for 0) with carry and overflow. */
    private static Sum addExtended(PpcTranslator t, Inst x, Inst y, Inst cin) {
        IrBuilder b = t.b;
        Inst s = b.add(t.zext(x), t.zext(y));
        if (cin != null) {
            s = b.add(s, t.zext(cin));
        }
        Inst r = t.lo(s);
        Inst ca = t.lo(b.lshr(s, t.c64(32)));
        Inst ov = b.lshr(b.and(b.xor(x, r), b.xor(y, r)), t.c32(31));
        return new Sum(r, ca, ov);
    }

    /** Writes RT and the CA/OV/CR0 updates of an XO-form add or subtract. */
    private static boolean finishXo(PpcTranslator t, Sum s, boolean setCa) {
        t.setGpr(t.f('d'), s.result);
        if (setCa) {
            t.setCa(s.ca);
        }
        Inst so = t.oe() ? t.setOverflow(s.ov) : null;
        if (t.rc()) {
            t.recordCr0(s.result, so != null ? so : t.so());
        }
        return true;
    }

    // ---- D-form immediates ----------------------------------------------------------------------------

    /** addi (PEM 8 "addi"): RT = (RA|0) + EXTS(SI). */
    public static boolean addi(PpcTranslator t) {
        t.setGpr(t.f('d'), t.b.add(t.gprOrZero(t.f('a')), t.c32(t.sf('i'))));
        return true;
    }

    /** addis: RT = (RA|0) + (SI || 0x0000). */
    public static boolean addis(PpcTranslator t) {
        t.setGpr(t.f('d'), t.b.add(t.gprOrZero(t.f('a')), t.c32(t.f('i') << 16)));
        return true;
    }

    /** addic: RT = RA + EXTS(SI), XER[CA] = carry. */
    public static boolean addic(PpcTranslator t) {
        Sum s = addExtended(t, t.gpr(t.f('a')), t.c32(t.sf('i')), null);
        t.setGpr(t.f('d'), s.result);
        t.setCa(s.ca);
        return true;
    }

    /** addic.: as addic, and CR0 from the result. */
    public static boolean addic_(PpcTranslator t) {
        Sum s = addExtended(t, t.gpr(t.f('a')), t.c32(t.sf('i')), null);
        t.setGpr(t.f('d'), s.result);
        t.setCa(s.ca);
        t.recordCr0(s.result);
        return true;
    }

    /** subfic: RT = ~RA + EXTS(SI) + 1, XER[CA] = carry. */
    public static boolean subfic(PpcTranslator t) {
        Sum s = addExtended(t, t.b.not(t.gpr(t.f('a'))), t.c32(t.sf('i')), t.c32(1));
        t.setGpr(t.f('d'), s.result);
        t.setCa(s.ca);
        return true;
    }

    /** mulli: RT = low 32 bits of RA * EXTS(SI). */
    public static boolean mulli(PpcTranslator t) {
        t.setGpr(t.f('d'), t.b.binary(Op.MUL, t.gpr(t.f('a')), t.c32(t.sf('i'))));
        return true;
    }

    // ---- XO-form add/subtract ---------------------------------------------------------------------------

    /** add[o][.]: RT = RA + RB. */
    public static boolean add(PpcTranslator t) {
        return finishXo(t, addExtended(t, t.gpr(t.f('a')), t.gpr(t.f('b')), null), false);
    }

    /** addc[o][.]: RT = RA + RB, XER[CA] = carry. */
    public static boolean addc(PpcTranslator t) {
        return finishXo(t, addExtended(t, t.gpr(t.f('a')), t.gpr(t.f('b')), null), true);
    }

    /** adde[o][.]: RT = RA + RB + XER[CA], XER[CA] = carry. */
    public static boolean adde(PpcTranslator t) {
        return finishXo(t, addExtended(t, t.gpr(t.f('a')), t.gpr(t.f('b')), t.ca()), true);
    }

    /** addme[o][.]: RT = RA + XER[CA] - 1 (adding 0xFFFF_FFFF), XER[CA] = carry. */
    public static boolean addme(PpcTranslator t) {
        return finishXo(t, addExtended(t, t.gpr(t.f('a')), t.c32(-1), t.ca()), true);
    }

    /** addze[o][.]: RT = RA + XER[CA], XER[CA] = carry. */
    public static boolean addze(PpcTranslator t) {
        return finishXo(t, addExtended(t, t.gpr(t.f('a')), t.c32(0), t.ca()), true);
    }

    /** subf[o][.]: RT = ~RA + RB + 1 (RB - RA). */
    public static boolean subf(PpcTranslator t) {
        return finishXo(t, addExtended(t, t.b.not(t.gpr(t.f('a'))), t.gpr(t.f('b')), t.c32(1)), false);
    }

    /** subfc[o][.]: RT = ~RA + RB + 1, XER[CA] = carry (1 when RB >= RA unsigned). */
    public static boolean subfc(PpcTranslator t) {
        return finishXo(t, addExtended(t, t.b.not(t.gpr(t.f('a'))), t.gpr(t.f('b')), t.c32(1)), true);
    }

    /** subfe[o][.]: RT = ~RA + RB + XER[CA], XER[CA] = carry. */
    public static boolean subfe(PpcTranslator t) {
        return finishXo(t, addExtended(t, t.b.not(t.gpr(t.f('a'))), t.gpr(t.f('b')), t.ca()), true);
    }

    /** subfme[o][.]: RT = ~RA + XER[CA] - 1, XER[CA] = carry. */
    public static boolean subfme(PpcTranslator t) {
        return finishXo(t, addExtended(t, t.b.not(t.gpr(t.f('a'))), t.c32(-1), t.ca()), true);
    }

    /** subfze[o][.]: RT = ~RA + XER[CA], XER[CA] = carry. */
    public static boolean subfze(PpcTranslator t) {
        return finishXo(t, addExtended(t, t.b.not(t.gpr(t.f('a'))), t.c32(0), t.ca()), true);
    }

    /** neg[o][.]: RT = ~RA + 1; OV when RA = 0x8000_0000 (the result is then RA). CA is not changed. */
    public static boolean neg(PpcTranslator t) {
        return finishXo(t, addExtended(t, t.b.not(t.gpr(t.f('a'))), t.c32(0), t.c32(1)), false);
    }

    // ---- multiply and divide ----------------------------------------------------------------------------

    /**
     * mullw[o][.]: RT = low 32 bits of the signed product RA * RB; OV when the product does not fit in
     * 32 signed bits.
     */
    public static boolean mullw(PpcTranslator t) {
        IrBuilder b = t.b;
        Inst p = b.binary(Op.MUL, b.sext32(t.gpr(t.f('a'))), b.sext32(t.gpr(t.f('b'))));
        Inst r = t.lo(p);
        t.setGpr(t.f('d'), r);
        Inst so = null;
        if (t.oe()) {
            so = t.setOverflow(b.cmp(Op.NE, p, b.sext32(r)));
        }
        if (t.rc()) {
            t.recordCr0(r, so != null ? so : t.so());
        }
        return true;
    }

    private static boolean mulh(PpcTranslator t, Op op) {
        Inst r = t.b.binary(op, t.gpr(t.f('a')), t.gpr(t.f('b')));
        t.setGpr(t.f('d'), r);
        if (t.rc()) {
            t.recordCr0(r);
        }
        return true;
    }

    /** mulhw[.]: RT = high 32 bits of the signed 64-bit product RA * RB. */
    public static boolean mulhw(PpcTranslator t) {
        return mulh(t, Op.MULHS);
    }

    /** mulhwu[.]: RT = high 32 bits of the unsigned 64-bit product RA * RB. */
    public static boolean mulhwu(PpcTranslator t) {
        return mulh(t, Op.MULHU);
    }

    /**
     * divw[o][.]: RT = RA / RB, signed, rounding toward zero. For RB = 0 or 0x8000_0000 / -1 the manual
     * leaves RT (and CR0's LT/GT/EQ) undefined and sets OV; this implementation writes 0 for RB = 0 and
     * 0x8000_0000 for the overflow case (the IR's SDIV rule) and sets CR0 from that value.
     */
    public static boolean divw(PpcTranslator t) {
        IrBuilder b = t.b;
        Inst a = t.gpr(t.f('a'));
        Inst d = t.gpr(t.f('b'));
        Inst r = b.binary(Op.SDIV, a, d);
        t.setGpr(t.f('d'), r);
        Inst so = null;
        if (t.oe()) {
            Inst ov = b.or(b.cmp(Op.EQ, d, t.c32(0)),
                    b.and(b.cmp(Op.EQ, a, t.c32(Integer.MIN_VALUE)), b.cmp(Op.EQ, d, t.c32(-1))));
            so = t.setOverflow(ov);
        }
        if (t.rc()) {
            t.recordCr0(r, so != null ? so : t.so());
        }
        return true;
    }

    /** divwu[o][.]: RT = RA / RB, unsigned; RB = 0 sets OV and leaves RT undefined (here 0). */
    public static boolean divwu(PpcTranslator t) {
        IrBuilder b = t.b;
        Inst d = t.gpr(t.f('b'));
        Inst r = b.binary(Op.UDIV, t.gpr(t.f('a')), d);
        t.setGpr(t.f('d'), r);
        Inst so = null;
        if (t.oe()) {
            so = t.setOverflow(b.cmp(Op.EQ, d, t.c32(0)));
        }
        if (t.rc()) {
            t.recordCr0(r, so != null ? so : t.so());
        }
        return true;
    }

    // ---- compare (PEM 4.2.2) ----------------------------------------------------------------------------

    /**
     * cmp: CR field BF = RA compared with RB (signed), SO copied from XER. The L bit (field {@code l}) selects
     * 64-bit operands on 64-bit implementations; on this 32-bit implementation L = 1 is an invalid form and
     * is executed as L = 0.
     */
    public static boolean cmp(PpcTranslator t) {
        t.setCrField(t.f('f'), t.compareField(t.gpr(t.f('a')), t.gpr(t.f('b')), true, t.so()));
        return true;
    }

    /** cmpl: as cmp, unsigned. */
    public static boolean cmpl(PpcTranslator t) {
        t.setCrField(t.f('f'), t.compareField(t.gpr(t.f('a')), t.gpr(t.f('b')), false, t.so()));
        return true;
    }

    /** cmpi: CR field BF = RA compared with EXTS(SI) (signed). */
    public static boolean cmpi(PpcTranslator t) {
        t.setCrField(t.f('f'), t.compareField(t.gpr(t.f('a')), t.c32(t.sf('i')), true, t.so()));
        return true;
    }

    /** cmpli: CR field BF = RA compared with the zero-extended UI (unsigned). */
    public static boolean cmpli(PpcTranslator t) {
        t.setCrField(t.f('f'), t.compareField(t.gpr(t.f('a')), t.c32(t.f('i')), false, t.so()));
        return true;
    }

    // ---- trap (PEM 4.5.5) -------------------------------------------------------------------------------

    /**
     * The trap condition: TO bit 0 (0x10) a &lt; b signed, 1 (0x08) a &gt; b signed, 2 (0x04) equal, 3 (0x02)
     * a &lt; b unsigned, 4 (0x01) a &gt; b unsigned; any selected true condition traps.
     */
    private static boolean trap(PpcTranslator t, Inst a, Inst bb) {
        IrBuilder b = t.b;
        int to = t.f('t');
        Inst cond = t.c32(0);
        if ((to & 0x10) != 0) {
            cond = b.or(cond, b.cmp(Op.SLT, a, bb));
        }
        if ((to & 0x08) != 0) {
            cond = b.or(cond, b.cmp(Op.SLT, bb, a));
        }
        if ((to & 0x04) != 0) {
            cond = b.or(cond, b.cmp(Op.EQ, a, bb));
        }
        if ((to & 0x02) != 0) {
            cond = b.or(cond, b.cmp(Op.ULT, a, bb));
        }
        if ((to & 0x01) != 0) {
            cond = b.or(cond, b.cmp(Op.ULT, bb, a));
        }
        if (to != 0) {
            b.call(PpcHelperRefs.TRAP_IF, cond);
        }
        return true;
    }

    /** tw: trap (program exception, SRR1 trap bit) if RA and RB satisfy a condition selected by TO. */
    public static boolean tw(PpcTranslator t) {
        return trap(t, t.gpr(t.f('a')), t.gpr(t.f('b')));
    }

    /** twi: trap if RA and EXTS(SI) satisfy a condition selected by TO. */
    public static boolean twi(PpcTranslator t) {
        return trap(t, t.gpr(t.f('a')), t.c32(t.sf('i')));
    }
}
