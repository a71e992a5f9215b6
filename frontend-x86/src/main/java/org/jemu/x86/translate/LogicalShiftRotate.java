package org.jemu.x86.translate;

import java.util.Map;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.Op;
import org.jemu.x86.cpu.X86Flags;

/**
 * Shift and rotate instructions (SDM Vol. 1 7.3.6 and 7.3.7): SAL/SHL SHR SAR (Grp2 /4 /5 /6 /7), ROL ROR
 * RCL RCR (Grp2 /0../3), SHLD SHRD. The count is masked to 5 bits (the i686 rule, SDM "SAL/SAR/SHL/SHR":
 * "The count is masked to 5 bits"); a masked count of 0 changes neither the operand nor the flags.
 */
final class LogicalShiftRotate {
    private LogicalShiftRotate() {
    }

    static void register(Map<String, X86Translator.Handler> m) {
        m.put("SHL", t -> shift(t, 0));
        m.put("SAL", t -> shift(t, 0));
        m.put("SHR", t -> shift(t, 1));
        m.put("SAR", t -> shift(t, 2));
        m.put("ROL", t -> rotate(t, 0));
        m.put("ROR", t -> rotate(t, 1));
        m.put("RCL", t -> rotate(t, 2));
        m.put("RCR", t -> rotate(t, 3));
        m.put("SHLD", t -> doubleShift(t, true));
        m.put("SHRD", t -> doubleShift(t, false));
    }

    /**
     * SHL/SAL (0), SHR (1), SAR (2) (SDM Vol. 2B "SAL/SAR/SHL/SHR"): CF is the last bit shifted out; OF
     * (defined for a count of 1) is MSB(result) XOR CF for SHL, the original MSB for SHR, 0 for SAR; SF ZF
     * PF from the result; AF undefined.
     */
    static void shift(X86Translator t, int kind) {
        X86Translator.Opnd d = t.operand(0, true);
        int bits = d.bits();
        var ir = t.b;
        Inst v = d.read();
        Long k = t.constOperand(1);
        boolean constCount = k != null;
        Inst count = constCount ? t.c((int) (k & 0x1F)) : t.b.and(t.operand(1, false).read(), t.c(0x1F));
        if (constCount && (k & 0x1F) == 0) {
            // no operation, but a memory operand is still accessed as a read-modify-write
            d.write(v);
            return;
        }
        Inst cm1 = ir.sub(count, t.c(1));
        Inst r;
        Inst last;
        int flagKind;
        switch (kind) {
            case 0 -> {
                r = ir.shl(v, count);
                last = ir.shl(v, cm1);
                flagKind = X86Flags.SHL;
            }
            case 1 -> {
                r = ir.lshr(v, count);
                last = ir.lshr(v, cm1);
                flagKind = X86Flags.SHR;
            }
            default -> {
                Inst sv = t.sext(v, bits);
                r = ir.ashr(sv, count);
                last = ir.ashr(sv, cm1);
                flagKind = X86Flags.SHR;
            }
        }
        r = t.trunc(r, bits);
        if (constCount) {
            t.setFlagsOp(flagKind, bits, r, null, last);
            d.write(r);
        } else {
            Inst nz = ir.cmp(Op.NE, count, t.c(0));
            t.setFlagsOpIf(nz, flagKind, bits, r, null, last);
            d.write(ir.select(nz, r, v));
        }
    }

    /**
     * ROL, ROR, RCL, RCR (SDM Vol. 2B "RCL/RCR/ROL/ROR"): through the {@code rotate} helper, which returns
     * the result and the new EFLAGS (only CF and OF change).
     */
    static void rotate(X86Translator t, int op) {
        X86Translator.Opnd d = t.operand(0, true);
        int bits = d.bits();
        var ir = t.b;
        Inst v = d.read();
        Inst count = t.operand(1, false).read();
        Inst r = ir.call(X86Translator.helper("rotate", 0), t.c(op | bits << 8), v, count, t.eflags());
        d.write(ir.trunc(r));
        t.setEflags(ir.trunc(ir.lshr(r, ir.c64(32))));
    }

    /**
     * SHLD/SHRD (SDM Vol. 2B): shift DEST left/right by the masked count, filling from SRC. CF is the last bit
     * shifted out of DEST, OF (count 1) is set if the sign changed, SF ZF PF from the result, AF undefined.
     * A count greater than the operand size (16-bit operands) gives an undefined result and flags; here DEST
     * and SRC are shifted as one 32-bit value.
     */
    static void doubleShift(X86Translator t, boolean left) {
        X86Translator.Opnd d = t.operand(0, true);
        int bits = d.bits();
        var ir = t.b;
        Inst v = d.read();
        Inst src = t.operand(1, false).read();
        Long k = t.constOperand(2);
        Inst count = k != null ? t.c((int) (k & 0x1F)) : ir.and(t.operand(2, false).read(), t.c(0x1F));
        if (k != null && (k & 0x1F) == 0) {
            d.write(v);
            return;
        }
        Inst cnt64 = ir.zext32(count);
        Inst cm1 = ir.zext32(ir.sub(count, t.c(1)));
        Inst r;
        Inst last;
        if (left) {
            // (DEST:SRC) << count, upper part
            Inst cat = ir.or(ir.shl(ir.zext32(v), ir.c64(bits)), ir.zext32(src));
            r = ir.trunc(ir.lshr(ir.shl(cat, cnt64), ir.c64(bits)));
            last = ir.trunc(ir.lshr(ir.shl(cat, cm1), ir.c64(bits)));
        } else {
            // (SRC:DEST) >> count, lower part
            Inst cat = ir.or(ir.shl(ir.zext32(src), ir.c64(bits)), ir.zext32(v));
            r = ir.trunc(ir.lshr(cat, cnt64));
            last = ir.trunc(ir.lshr(cat, cm1));
        }
        r = t.trunc(r, bits);
        int kind = left ? X86Flags.SHL : X86Flags.SHR;
        if (k != null) {
            t.setFlagsOp(kind, bits, r, null, last);
            d.write(r);
        } else {
            Inst nz = ir.cmp(Op.NE, count, t.c(0));
            t.setFlagsOpIf(nz, kind, bits, r, null, last);
            d.write(ir.select(nz, r, v));
        }
    }
}
