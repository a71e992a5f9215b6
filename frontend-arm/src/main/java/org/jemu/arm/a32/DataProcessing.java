package org.jemu.arm.a32;

import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;

/**
 * A32 data-processing instructions: DDI 0406C A5.2.1 (register), A5.2.2 (register-shifted register),
 * A5.2.3 (immediate) and the 16-bit immediate moves MOVW/MOVT (A8.8.102 MOV (immediate) encoding A2,
 * A8.8.106 MOVT). All values are 32-bit.
 *
 * <p>Flags with S = 1: the logical operations (AND, EOR, TST, TEQ, ORR, MOV, BIC, MVN) set N and Z from the
 * result and C from the shifter carry-out (unchanged when the shift is LSL #0 or an immediate without
 * rotation), V unchanged; the arithmetic ones set NZCV by AddWithCarry. A write of R15 is an interworking
 * branch (ALUWritePC = BXWritePC in ARM state); with S = 1 it is the system-level exception return
 * SUBS PC, LR and friends, UNPREDICTABLE in User mode, so UNDEFINED here.
 */
public final class DataProcessing {
    private DataProcessing() {
    }

    /** Opcodes (bits [24:21]). */
    public static final int AND = 0, EOR = 1, SUB = 2, RSB = 3, ADD = 4, ADC = 5, SBC = 6, RSC = 7, TST = 8,
            TEQ = 9, CMP = 10, CMN = 11, ORR = 12, MOV = 13, BIC = 14, MVN = 15;
    /** ORN (T32 only, A8.8.123/124): R[n] OR NOT(operand2). */
    public static final int ORN = 16;

    /** A8.8.x &lt;op&gt; (immediate): the second operand is ARMExpandImm_C(imm12). */
    public static boolean imm(A32Translator t, int opc) {
        return op(t, opc, t.expandImm(t.f('i')));
    }

    /** A8.8.x &lt;op&gt; (register): the second operand is Shift_C(R[m], DecodeImmShift(type, imm5)). */
    public static boolean reg(A32Translator t, int opc) {
        return op(t, opc, t.shiftImm(t.readR(t.f('m')), t.f('h'), t.f('v')));
    }

    /**
     * A8.8.x &lt;op&gt; (register-shifted register): the second operand is Shift_C(R[m], type, R[s]&lt;7:0&gt;);
     * any of Rd, Rn, Rm, Rs being the PC is UNPREDICTABLE.
     */
    public static boolean rsr(A32Translator t, int opc) {
        boolean usesN = opc != MOV && opc != MVN;
        boolean writesD = opc < TST || opc > CMN;
        if (t.f('m') == 15 || t.f('x') == 15 || (usesN && t.f('n') == 15) || (writesD && t.f('d') == 15)) {
            return false;
        }
        return op(t, opc, t.shiftReg(t.readR(t.f('m')), t.f('h'), t.readR(t.f('x'))));
    }

    private static boolean op(A32Translator t, int opc, A32Translator.Shifted op2) {
        boolean test = opc >= TST && opc <= CMN;
        boolean s = test || t.f('s') != 0;
        int d = test ? -1 : t.f('d');
        if (d == 15 && s) {
            return SystemInsns.aluExceptionReturn(t, opc, opc == MOV || opc == MVN ? -1 : t.f('n'), op2);
        }
        return op(t, opc, s, d, opc == MOV || opc == MVN ? -1 : t.f('n'), op2);
    }

    /**
     * The data-processing operation {@code opc} on R[n] (ignored for MOV, MVN) and the shifter result
     * {@code op2}, writing R[d] (not for TST, TEQ, CMP, CMN) and, with {@code s}, the flags; shared by the
     * A32 and T32 encodings (which decode {@code s}, {@code d}, {@code n} and check the registers).
     */
    public static boolean op(A32Translator t, int opc, boolean s, int d, int n, A32Translator.Shifted op2) {
        IrBuilder b = t.b;
        boolean test = opc >= TST && opc <= CMN;
        Inst rn = opc == MOV || opc == MVN ? null : t.readR(n);
        Inst y = op2.value();
        Inst r;
        switch (opc) {
            case AND, TST -> r = logical(t, b.and(rn, y), op2, s);
            case EOR, TEQ -> r = logical(t, b.xor(rn, y), op2, s);
            case ORR -> r = logical(t, b.or(rn, y), op2, s);
            case ORN -> r = logical(t, b.or(rn, b.not(y)), op2, s);
            case MOV -> r = logical(t, y, op2, s);
            case BIC -> r = logical(t, b.and(rn, b.not(y)), op2, s);
            case MVN -> r = logical(t, b.not(y), op2, s);
            case SUB, CMP -> r = t.addWithCarry(rn, b.not(y), t.c(1), s);
            case RSB -> r = t.addWithCarry(b.not(rn), y, t.c(1), s);
            case ADD, CMN -> r = t.addWithCarry(rn, y, t.c(0), s);
            case ADC -> r = t.addWithCarry(rn, y, t.carry(), s);
            case SBC -> r = t.addWithCarry(rn, b.not(y), t.carry(), s);
            default -> r = t.addWithCarry(b.not(rn), y, t.carry(), s); // RSC
        }
        if (!test) {
            t.writeR(d, r);
        }
        return true;
    }

    private static Inst logical(A32Translator t, Inst r, A32Translator.Shifted op2, boolean s) {
        if (s) {
            t.setNZC(r, op2.carry());
        }
        return r;
    }

    /** A8.8.102 MOV (immediate), encoding A2 (MOVW): R[d] = ZeroExtend(imm4:imm12); d = 15 is UNPREDICTABLE. */
    public static boolean MOVW(A32Translator t) {
        int d = t.f('d');
        if (d == 15) {
            return false;
        }
        movw(t, d, t.f('i'));
        return true;
    }

    /** MOVW's operation: R[d] = ZeroExtend(imm16) (A32 and T32). */
    public static void movw(A32Translator t, int d, int imm16) {
        t.writeR(d, t.c(imm16));
    }

    /** MOVT's operation: R[d]&lt;31:16&gt; = imm16 (A32 and T32). */
    public static void movt(A32Translator t, int d, int imm16) {
        IrBuilder b = t.b;
        t.writeR(d, b.or(b.and(t.readR(d), t.c(0xffff)), t.c(imm16 << 16)));
    }

    /** A8.8.106 MOVT: R[d]&lt;31:16&gt; = imm16, the low half kept; d = 15 is UNPREDICTABLE. */
    public static boolean MOVT(A32Translator t) {
        int d = t.f('d');
        if (d == 15) {
            return false;
        }
        movt(t, d, t.f('i'));
        return true;
    }
}
