package org.jemu.ppc.translate;

import org.jemu.ppc.cpu.PpcCpu;
import org.jemu.translator.ir.ExitReason;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.Op;

/**
 * Handlers for PEM 4.5 "Branch and Flow Control Instructions" (Power ISA Book I chapter 2 "Branch
 * Processor"): the branches b, bc, bclr, bcctr with their AA and LK variants, the condition register
 * logical instructions and mcrf, and sc.
 *
 * <p>BO decoding (PEM 4.5.2 "Conditional Branch Control", Book I "Branch Instructions"), bits numbered 0-4
 * from the most significant: BO[0] (0x10) = ignore the CR bit, BO[1] (0x08) = the value CR[BI] must have,
 * BO[2] (0x04) = do not decrement CTR, BO[3] (0x02) = branch when the decremented CTR is 0 (else when it is
 * not 0), BO[4] (0x01) = the static prediction hint (ignored). The branch is taken when
 * {@code (BO[2] | ((CTR != 0) ^ BO[3])) & (BO[0] | (CR[BI] == BO[1]))}, CTR having been decremented first
 * when BO[2] = 0. LR is written with the address of the next instruction when LK = 1, after the target of
 * bclr has been read.
 */
public final class Branch {
    private Branch() {
    }

    /** The taken condition (I32 0/1) of BO/BI, emitting the CTR decrement; null when always taken. */
    private static Inst condition(PpcTranslator t, int bo, int bi) {
        IrBuilder b = t.b;
        Inst ctrOk = null;
        if ((bo & 0x04) == 0) {
            Inst ctr = b.sub(b.get32(PpcCpu.CTR), t.c32(1));
            b.setReg(PpcCpu.CTR, ctr);
            ctrOk = b.cmp((bo & 0x02) != 0 ? Op.EQ : Op.NE, ctr, t.c32(0));
        }
        Inst condOk = null;
        if ((bo & 0x10) == 0) {
            Inst bit = t.crBit(bi);
            condOk = (bo & 0x08) != 0 ? bit : b.xor(bit, t.c32(1));
        }
        if (ctrOk == null) {
            return condOk;
        }
        return condOk == null ? ctrOk : b.and(ctrOk, condOk);
    }

    private static void link(PpcTranslator t) {
        if (t.f('l') != 0) {
            t.b.setReg(PpcCpu.LR, t.b.c64(t.nextPc()));
        }
    }

    /** b, ba, bl, bla: branch to (AA ? 0 : CIA) + EXTS(LI || 0b00). */
    public static boolean b(PpcTranslator t) {
        long disp = (long) t.sf('i') << 2;
        long target = ((t.f('x') != 0 ? 0 : t.pc) + disp) & 0xffff_ffffL;
        link(t);
        t.b.jump(target);
        return true;
    }

    /** bc, bca, bcl, bcla: conditional branch to (AA ? 0 : CIA) + EXTS(BD || 0b00). */
    public static boolean bc(PpcTranslator t) {
        long disp = (long) t.sf('i') << 2;
        long target = ((t.f('x') != 0 ? 0 : t.pc) + disp) & 0xffff_ffffL;
        Inst cond = condition(t, t.f('o'), t.f('c'));
        link(t);
        if (cond == null) {
            t.b.jump(target);
        } else {
            t.b.branch(cond, target, t.nextPc());
        }
        return true;
    }

    /** bclr, bclrl: conditional branch to LR[0:29] || 0b00. */
    public static boolean bclr(PpcTranslator t) {
        IrBuilder b = t.b;
        Inst target = b.and(b.get32(PpcCpu.LR), t.c32(~3));
        Inst cond = condition(t, t.f('o'), t.f('c'));
        link(t);
        Inst next = cond == null ? target : b.select(cond, target, t.c32((int) t.nextPc()));
        b.jumpIndirect(t.zext(next));
        return true;
    }

    /**
     * bcctr, bcctrl: conditional branch to CTR[0:29] || 0b00. BO[2] = 0 (decrement CTR) is an invalid form
     * (PEM chapter 8 "bcctr"): illegal instruction here.
     */
    public static boolean bcctr(PpcTranslator t) {
        int bo = t.f('o');
        if ((bo & 0x04) == 0) {
            return false;
        }
        IrBuilder b = t.b;
        Inst target = b.and(b.get32(PpcCpu.CTR), t.c32(~3));
        Inst cond = condition(t, bo, t.f('c'));
        link(t);
        Inst next = cond == null ? target : b.select(cond, target, t.c32((int) t.nextPc()));
        b.jumpIndirect(t.zext(next));
        return true;
    }

    /** sc: system call exception (SRR0 = next instruction), reported to the exception handler. */
    public static boolean sc(PpcTranslator t) {
        t.b.call(PpcHelperRefs.SC);
        t.b.exit(t.pc, ExitReason.EXCEPTION);
        return true;
    }

    // ---- condition register logical (PEM 4.5.4) ------------------------------------------------------

    /** Writes CR bit {@code bt} (0..31) from I32 {@code bit} (only bit 0 is used), keeping the field's other bits. */
    private static void setCrBit(PpcTranslator t, int bt, Inst bit) {
        IrBuilder b = t.b;
        int shift = 3 - (bt & 3);
        Inst field = b.and(t.crField(bt >> 2), t.c32(~(1 << shift) & 0xf));
        t.setCrField(bt >> 2, b.or(field, b.shl(b.and(bit, t.c32(1)), t.c32(shift))));
    }

    private static boolean crLogical(PpcTranslator t, Op op, boolean invertB, boolean invertResult) {
        IrBuilder b = t.b;
        Inst x = t.crBit(t.f('a'));
        Inst y = t.crBit(t.f('b'));
        if (invertB) {
            y = b.xor(y, t.c32(1));
        }
        Inst r = b.binary(op, x, y);
        if (invertResult) {
            r = b.xor(r, t.c32(1));
        }
        setCrBit(t, t.f('d'), r);
        return true;
    }

    /** crand: CR[BT] = CR[BA] &amp; CR[BB]. */
    public static boolean crand(PpcTranslator t) {
        return crLogical(t, Op.AND, false, false);
    }

    /** crandc: CR[BT] = CR[BA] &amp; ~CR[BB]. */
    public static boolean crandc(PpcTranslator t) {
        return crLogical(t, Op.AND, true, false);
    }

    /** cror: CR[BT] = CR[BA] | CR[BB]. */
    public static boolean cror(PpcTranslator t) {
        return crLogical(t, Op.OR, false, false);
    }

    /** crorc: CR[BT] = CR[BA] | ~CR[BB]. */
    public static boolean crorc(PpcTranslator t) {
        return crLogical(t, Op.OR, true, false);
    }

    /** crxor: CR[BT] = CR[BA] ^ CR[BB]. */
    public static boolean crxor(PpcTranslator t) {
        return crLogical(t, Op.XOR, false, false);
    }

    /** crnand: CR[BT] = ~(CR[BA] &amp; CR[BB]). */
    public static boolean crnand(PpcTranslator t) {
        return crLogical(t, Op.AND, false, true);
    }

    /** crnor: CR[BT] = ~(CR[BA] | CR[BB]). */
    public static boolean crnor(PpcTranslator t) {
        return crLogical(t, Op.OR, false, true);
    }

    /** creqv: CR[BT] = ~(CR[BA] ^ CR[BB]). */
    public static boolean creqv(PpcTranslator t) {
        return crLogical(t, Op.XOR, false, true);
    }

    /** mcrf: CR field BF = CR field BFA. */
    public static boolean mcrf(PpcTranslator t) {
        t.setCrField(t.f('f'), t.crField(t.f('g')));
        return true;
    }
}
