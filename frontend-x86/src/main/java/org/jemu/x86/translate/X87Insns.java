package org.jemu.x86.translate;

import java.util.Map;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.Op;
import org.jemu.x86.cpu.X86Cpu;
import org.jemu.x86.decode.OpcodeEntry;
import org.jemu.x86.decode.OpcodeMaps;
import org.jemu.x86.x87.X87;

/**
 * The x87 FPU instructions (SDM Vol. 1 8.3, the escape opcodes D8..DF of Tables A-7..A-22), WAIT/FWAIT (9B) and
 * FXSAVE/FXRSTOR (0F AE /0, /1): one call of the helper {@link X87#exec} each, with the instruction word of
 * {@link X87#lookup} for the opcode-map cell, ST(i), the operand size, FOP, the instruction's EIP and the memory
 * operand's checked linear address and offset. The helper checks CR0 (#NM; before a memory operand's segment
 * checks too, {@link X87#checkAvailable}), pending exceptions (#MF / FERR#)
 * and does the work; FCMOVcc passes its EFLAGS condition, FCOMI/FUCOMI(P) merge the ZF PF CF it returns into
 * EFLAGS (clearing OF SF AF), FNSTSW AX writes AX.
 */
final class X87Insns {
    private X87Insns() {
    }

    private static final Helper EXEC = Helper.of(X87.class, "exec",
            Helper.WRITES_STATE | Helper.MAY_FAULT | Helper.SIDE_EFFECT);
    private static final Helper CHECK = Helper.of(X87.class, "checkAvailable", Helper.MAY_FAULT);

    static void register(Map<String, X86Translator.Handler> m) {
        for (var maps : java.util.List.of(OpcodeMaps.X87_MEM, OpcodeMaps.X87_REG)) {
            for (var table : maps) {
                for (OpcodeEntry e : table) {
                    if (e.isInstruction()) {
                        m.put(e.mnemonic(), X87Insns::emit);
                    }
                }
            }
        }
        m.put("FWAIT", X87Insns::emit);
        m.put("FXSAVE", X87Insns::emit);
        m.put("FXRSTOR", X87Insns::emit);
    }

    static void emit(X86Translator t) {
        var ir = t.b;
        OpcodeEntry e = t.insn.entry();
        int w = X87.lookup(e.mnemonic(), e.operandText());
        if (w < 0) {
            t.undefined();
            return;
        }
        int opcode = t.insn.opcode();
        if (opcode >= 0xD8 && opcode <= 0xDF) {
            w |= (((opcode & 7) << 8) | t.insn.modrm()) << X87.FOP_SHIFT;
        }
        if (t.insn.mod() == 3) {
            w |= t.insn.rm() << X87.ST_SHIFT;
        }
        if (t.opSize == 32) {
            w |= X87.OPSIZE32;
        }
        Inst addr = ir.c64(0);
        Inst arg = t.c(0);
        if (t.insn.mod() >= 0 && t.insn.mod() != 3) {
            ir.call(CHECK, t.c(w));     // #UD/#NM (FXSR, CR0.EM, CR0.TS) before the operand's segment checks
            int[] mo = X87.memOperand(w, t.opSize);
            X86Translator.Mem mem = t.mem();
            addr = mem.addr(mo[0], mo[1] != 0);
            arg = mem.offset;
            w |= X87.MEM | mem.seg << X87.SEG_SHIFT;
        }
        int cc = X87.fcmovCondition(w);
        if (cc >= 0) {
            arg = t.cond(cc);
        }
        Inst r = ir.call(EXEC, t.c(w), t.c((int) (t.pc - t.csBase)), addr, arg);
        if (X87.writesEflags(w)) {
            Inst old = t.eflags();
            int clear = X86Cpu.ZF | X86Cpu.PF | X86Cpu.CF | X86Cpu.OF | X86Cpu.SF | X86Cpu.AF;
            Inst merged = ir.or(ir.and(old, t.c(~clear)), r);
            t.setEflags(ir.select(ir.cmp(Op.EQ, r, t.c(-1)), old, merged));
        } else if (X87.writesAx(w)) {
            t.writeReg(0, 16, r);
        }
    }
}
