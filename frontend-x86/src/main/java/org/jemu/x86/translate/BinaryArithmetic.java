package org.jemu.x86.translate;

import java.util.Map;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;
import org.jemu.x86.cpu.X86Flags;

/**
 * Binary arithmetic, logical and decimal instructions (SDM Vol. 1 7.3.2 and 7.3.3): ADD ADC SUB SBB CMP
 * AND OR XOR TEST INC DEC NEG NOT, MUL IMUL DIV IDIV, DAA DAS AAA AAS AAM AAD, SALC. Flags are set lazily
 * ({@link X86Flags}).
 */
final class BinaryArithmetic {
    private BinaryArithmetic() {
    }

    static void register(Map<String, X86Translator.Handler> m) {
        String[] alu = {"ADD", "OR", "ADC", "SBB", "AND", "SUB", "XOR", "CMP"};
        for (int i = 0; i < alu.length; i++) {
            int op = i;
            m.put(alu[i], t -> alu(t, op));
        }
        m.put("TEST", BinaryArithmetic::test);
        m.put("INC", t -> incDec(t, true));
        m.put("DEC", t -> incDec(t, false));
        m.put("NEG", BinaryArithmetic::neg);
        m.put("NOT", BinaryArithmetic::not);
        m.put("MUL", t -> mulOneOperand(t, false));
        m.put("IMUL", BinaryArithmetic::imul);
        m.put("DIV", t -> div(t, false));
        m.put("IDIV", t -> div(t, true));
        m.put("DAA", t -> bcd(t, "daa"));
        m.put("DAS", t -> bcd(t, "das"));
        m.put("AAA", t -> bcd(t, "aaa"));
        m.put("AAS", t -> bcd(t, "aas"));
        m.put("AAM", BinaryArithmetic::aam);
        m.put("AAD", BinaryArithmetic::aad);
        m.put("SALC", BinaryArithmetic::salc);
    }

    /**
     * The eight ALU operations of opcode rows 00..3F and Grp1 (SDM Vol. 2A ADD, OR, ADC, SBB, AND; Vol. 2B
     * SUB, XOR, CMP): DEST op= SRC with the flags of the operation; CMP writes only the flags.
     */
    static void alu(X86Translator t, int op) {
        X86Translator.Opnd dst = t.operand(0, op != 7);
        X86Translator.Opnd src = t.operand(1, false);
        int bits = dst.bits();
        Inst a = dst.read();
        Inst b = t.trunc(src.read(), bits);
        var ir = t.b;
        Inst r;
        switch (op) {
            case 0 -> {
                r = ir.add(a, b);
                t.setFlagsOp(X86Flags.ADD, bits, r, a, b);
            }
            case 1 -> {
                r = ir.or(a, b);
                t.setFlagsOp(X86Flags.LOGIC, bits, r, null, null);
            }
            case 2 -> {
                Inst cf = t.carry();
                r = ir.add(ir.add(a, b), cf);
                t.setFlagsOp(X86Flags.ADC, bits, r, a, b);
            }
            case 3 -> {
                Inst cf = t.carry();
                r = ir.sub(ir.sub(a, b), cf);
                t.setFlagsOp(X86Flags.SBB, bits, r, a, b);
            }
            case 4 -> {
                r = ir.and(a, b);
                t.setFlagsOp(X86Flags.LOGIC, bits, r, null, null);
            }
            case 6 -> {
                r = ir.xor(a, b);
                t.setFlagsOp(X86Flags.LOGIC, bits, r, null, null);
            }
            default -> {
                r = ir.sub(a, b);
                t.setFlagsOp(X86Flags.SUB, bits, r, a, b);
            }
        }
        if (op != 7) {
            dst.write(t.trunc(r, bits));
        }
    }

    /** TEST (SDM Vol. 2B): the flags of SRC1 AND SRC2 (CF = OF = 0; AF undefined, computed as 0). */
    static void test(X86Translator t) {
        X86Translator.Opnd a = t.operand(0, false);
        X86Translator.Opnd b = t.operand(1, false);
        int bits = a.bits();
        Inst r = t.b.and(a.read(), t.trunc(b.read(), bits));
        t.setFlagsOp(X86Flags.LOGIC, bits, r, null, null);
    }

    /** INC/DEC (SDM Vol. 2A): DEST ± 1; CF unchanged, the other status flags as ADD/SUB 1. */
    static void incDec(X86Translator t, boolean inc) {
        X86Translator.Opnd d = t.operand(0, true);
        int bits = d.bits();
        Inst a = d.read();
        Inst cf = t.carry();
        Inst r = inc ? t.b.add(a, t.c(1)) : t.b.sub(a, t.c(1));
        t.setFlagsOp(inc ? X86Flags.INC : X86Flags.DEC, bits, r, a, cf);
        d.write(t.trunc(r, bits));
    }

    /** NEG (SDM Vol. 2B): DEST = 0 - DEST, flags as SUB (CF = DEST != 0). */
    static void neg(X86Translator t) {
        X86Translator.Opnd d = t.operand(0, true);
        int bits = d.bits();
        Inst a = d.read();
        Inst r = t.b.sub(t.c(0), a);
        t.setFlagsOp(X86Flags.SUB, bits, r, t.c(0), a);
        d.write(t.trunc(r, bits));
    }

    /** NOT (SDM Vol. 2B): one's complement; no flags. */
    static void not(X86Translator t) {
        X86Translator.Opnd d = t.operand(0, true);
        d.write(t.trunc(t.b.not(d.read()), d.bits()));
    }

    /**
     * MUL and one-operand IMUL (SDM Vol. 2B MUL, Vol. 2A IMUL): AX = AL * r/m8, DX:AX = AX * r/m16, EDX:EAX =
     * EAX * r/m32; CF = OF = 1 when the upper half is significant (MUL: non-zero; IMUL: not the sign
     * extension of the lower half). SF ZF AF PF are undefined.
     */
    static void mulOneOperand(X86Translator t, boolean signed) {
        X86Translator.Opnd s = t.operand(0, false);
        int bits = s.bits();
        var ir = t.b;
        Inst src = s.read();
        switch (bits) {
            case 8, 16 -> {
                Inst acc = t.readReg(0, bits);
                Inst r = signed ? ir.binary(Op.MUL, t.sext(acc, bits), t.sext(src, bits)) : ir.binary(Op.MUL, acc, src);
                Inst low = t.trunc(r, bits);
                Inst over = signed ? ir.cmp(Op.NE, t.sext(low, bits), r) : ir.cmp(Op.NE, ir.lshr(r, t.c(bits)), t.c(0));
                if (bits == 8) {
                    t.writeReg(0, 16, r);
                } else {
                    t.writeReg(0, 16, r);
                    t.writeReg(2, 16, ir.lshr(r, t.c(16)));
                }
                t.setFlagsOp(X86Flags.MUL, bits, low, null, over);
            }
            default -> {
                Inst acc = t.readReg(0, 32);
                Inst r = signed ? ir.binary(Op.MUL, ir.sext32(acc), ir.sext32(src))
                        : ir.binary(Op.MUL, ir.zext32(acc), ir.zext32(src));
                Inst low = ir.trunc(r);
                Inst high = ir.trunc(ir.lshr(r, ir.c64(32)));
                Inst over = signed ? ir.cmp(Op.NE, ir.sext32(low), r) : ir.cmp(Op.NE, high, t.c(0));
                t.writeReg(0, 32, low);
                t.writeReg(2, 32, high);
                t.setFlagsOp(X86Flags.MUL, 32, low, null, over);
            }
        }
    }

    /** IMUL (SDM Vol. 2A): the one-, two- (0F AF) and three-operand (69, 6B) forms. */
    static void imul(X86Translator t) {
        if (t.operandCount() == 1) {
            mulOneOperand(t, true);
            return;
        }
        var ir = t.b;
        int bits = t.opSize;
        X86Translator.Opnd dst = t.operand(0, true);
        Inst a;
        Inst b;
        if (t.operandCount() == 2) {
            a = dst.read();
            b = t.operand(1, false).read();
        } else {
            a = t.operand(1, false).read();
            b = t.trunc(t.imm(), bits);
        }
        Inst low;
        Inst over;
        if (bits == 16) {
            Inst r = ir.binary(Op.MUL, t.sext(a, 16), t.sext(b, 16));
            low = t.trunc(r, 16);
            over = ir.cmp(Op.NE, t.sext(low, 16), r);
        } else {
            Inst r = ir.binary(Op.MUL, ir.sext32(a), ir.sext32(b));
            low = ir.trunc(r);
            over = ir.cmp(Op.NE, ir.sext32(low), r);
        }
        dst.write(low);
        t.setFlagsOp(X86Flags.MUL, bits, low, null, over);
    }

    /**
     * DIV/IDIV (SDM Vol. 2A): AX / r/m8 → AL quotient, AH remainder; DX:AX / r/m16; EDX:EAX / r/m32. #DE on a
     * zero divisor or a quotient too large for the destination (helpers). The flags are undefined: left as
     * they were.
     */
    static void div(X86Translator t, boolean signed) {
        X86Translator.Opnd s = t.operand(0, false);
        int bits = s.bits();
        var ir = t.b;
        Inst src = s.read();
        String name = (signed ? "idiv" : "div") + bits;
        Helper h = X86Translator.helper(name, Helper.MAY_FAULT_ONLY);
        switch (bits) {
            case 8 -> t.writeReg(0, 16, ir.call(h, t.readReg(0, 16), src));
            case 16 -> {
                Inst dxax = ir.or(ir.shl(t.readReg(2, 16), t.c(16)), t.readReg(0, 16));
                Inst r = ir.call(h, dxax, src);
                t.writeReg(0, 16, r);
                t.writeReg(2, 16, ir.lshr(r, t.c(16)));
            }
            default -> {
                Inst n = ir.or(ir.shl(ir.zext32(t.readReg(2, 32)), ir.c64(32)), ir.zext32(t.readReg(0, 32)));
                Inst r = ir.call(h, n, src);
                t.writeReg(0, 32, ir.trunc(r));
                t.writeReg(2, 32, ir.trunc(ir.lshr(r, ir.c64(32))));
            }
        }
    }

    /** DAA, DAS, AAA, AAS through their helpers (AX and EFLAGS in, AX and EFLAGS out). */
    static void bcd(X86Translator t, String name) {
        var ir = t.b;
        Inst r = ir.call(X86Translator.helper(name, 0), t.readReg(0, 16), t.eflags());
        t.writeReg(0, 16, ir.trunc(r));
        t.setEflags(ir.trunc(ir.lshr(r, ir.c64(32))));
    }

    /** AAM imm8 (SDM Vol. 2A): AH = AL / imm8, AL = AL mod imm8 (#DE if imm8 = 0); SF ZF PF from AL. */
    static void aam(X86Translator t) {
        Inst ax = t.b.call(X86Translator.helper("aam", Helper.MAY_FAULT_ONLY), t.readReg(0, 16), t.imm());
        t.writeReg(0, 16, ax);
        t.setFlagsOp(X86Flags.LOGIC, 8, ax, null, null);
    }

    /** AAD imm8 (SDM Vol. 2A): AL = (AL + AH * imm8) AND FFH, AH = 0; SF ZF PF from AL. */
    static void aad(X86Translator t) {
        var ir = t.b;
        Inst al = t.trunc(ir.add(t.readReg(0, 8), ir.binary(Op.MUL, t.readReg(4, 8), t.trunc(t.imm(), 8))), 8);
        t.writeReg(0, 16, al);
        t.setFlagsOp(X86Flags.LOGIC, 8, al, null, null);
    }

    /** SALC (undocumented D6): AL = CF ? FFH : 00H; flags unchanged. */
    static void salc(X86Translator t) {
        t.writeReg(0, 8, t.b.sub(t.c(0), t.carry()));
    }

}
