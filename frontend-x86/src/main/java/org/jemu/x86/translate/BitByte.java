package org.jemu.x86.translate;

import java.util.Map;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.Op;
import org.jemu.x86.cpu.X86Flags;
import org.jemu.x86.decode.OpcodeMaps;

/**
 * Bit and byte instructions (SDM Vol. 1 7.3.8): BT BTS BTR BTC, BSF BSR, SETcc.
 */
final class BitByte {
    private BitByte() {
    }

    static void register(Map<String, X86Translator.Handler> m) {
        m.put("BT", t -> bitTest(t, 0));
        m.put("BTS", t -> bitTest(t, 1));
        m.put("BTR", t -> bitTest(t, 2));
        m.put("BTC", t -> bitTest(t, 3));
        m.put("BSF", t -> bitScan(t, true));
        m.put("BSR", t -> bitScan(t, false));
        for (int cc = 0; cc < 16; cc++) {
            int c = cc;
            m.put("SET" + OpcodeMaps.CC.get(cc), t -> t.operand(0, true).write(t.cond(c)));
        }
    }

    /**
     * BT (0), BTS (1), BTR (2), BTC (3) (SDM Vol. 2A): CF = the selected bit of the bit string, which BTS/BTR/
     * BTC then set, clear or complement. With a register bit offset and a memory operand the offset is
     * signed and may select a bit outside the addressed word: the address moves by (offset SAR log2(size))
     * words; an immediate offset is taken modulo the operand size. ZF is unchanged; OF SF AF PF are undefined
     * (left unchanged here).
     */
    static void bitTest(X86Translator t, int op) {
        int bits = t.opSize;
        var ir = t.b;
        boolean immOffset = t.constOperand(1) != null;
        Inst off = t.trunc(t.operand(1, false).read(), bits);
        Inst bit = ir.and(off, t.c(bits - 1));
        Inst v;
        X86Translator.Mem m = null;
        Inst addr = null;
        if (t.insn.mod() == 3) {
            v = t.readReg(t.insn.rm(), bits);
        } else {
            m = t.mem();
            Inst o = m.offset;
            if (!immOffset) {
                Inst words = ir.ashr(t.sext(off, bits), t.c(Integer.numberOfTrailingZeros(bits)));
                o = t.trunc(ir.add(o, ir.shl(words, t.c(Integer.numberOfTrailingZeros(bits / 8)))), t.addrSize);
            }
            addr = t.linear(m.seg, o, bits / 8, op != 0);
            v = t.load(addr, bits);
        }
        Inst mask = ir.shl(t.c(1), bit);
        Inst cf = ir.and(ir.lshr(v, bit), t.c(1));
        Inst fl = t.eflags();
        if (op != 0) {
            Inst r = switch (op) {
                case 1 -> ir.or(v, mask);
                case 2 -> ir.and(v, ir.not(mask));
                default -> ir.xor(v, mask);
            };
            r = t.trunc(r, bits);
            if (addr != null) {
                t.store(addr, r, bits);
            } else {
                t.writeReg(t.insn.rm(), bits, r);
            }
        }
        t.setEflags(ir.or(ir.and(fl, t.c(~1)), cf));
    }

    /**
     * BSF/BSR (SDM Vol. 2A): the index of the lowest/highest set bit of SRC into DEST and ZF = 0; if SRC is 0,
     * ZF = 1 and DEST is undefined (left unchanged, as the Pentium Pro does). CF OF SF AF PF are undefined
     * (computed as after a logic operation on SRC).
     */
    static void bitScan(X86Translator t, boolean forward) {
        int bits = t.opSize;
        var ir = t.b;
        X86Translator.Opnd dst = t.operand(0, true);
        Inst src = t.operand(1, false).read();
        Inst old = dst.read();
        Inst idx = forward ? ir.unary(Op.CTZ, src) : ir.sub(t.c(31), ir.unary(Op.CLZ, src));
        Inst zero = ir.cmp(Op.EQ, src, t.c(0));
        dst.write(ir.select(zero, old, idx));
        t.setFlagsOp(X86Flags.LOGIC, bits, src, null, null);
    }
}
