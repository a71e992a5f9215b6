package org.jemu.x86.translate;

import java.util.Map;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.x86.cpu.X86Cpu;
import org.jemu.x86.cpu.X86Helpers;

/**
 * String instructions (SDM Vol. 1 7.3.9): MOVS CMPS SCAS LODS STOS INS OUTS with REP/REPE/REPNE, through
 * {@link X86Helpers#string}. A repeated instruction ends the block: the helper runs a bounded number of
 * iterations and the block branches to the next instruction when it is complete, else back to itself, so
 * interrupts are taken between iterations and a fault is precise (SDM Vol. 2B "REP/REPE/REPZ/REPNE/REPNZ":
 * the registers show the iterations completed and EIP the string instruction).
 */
final class StringInsns {
    private StringInsns() {
    }

    static void register(Map<String, X86Translator.Handler> m) {
        reg(m, "MOVS", X86Helpers.STR_MOVS);
        reg(m, "CMPS", X86Helpers.STR_CMPS);
        reg(m, "SCAS", X86Helpers.STR_SCAS);
        reg(m, "LODS", X86Helpers.STR_LODS);
        reg(m, "STOS", X86Helpers.STR_STOS);
        reg(m, "INS", X86Helpers.STR_INS);
        reg(m, "OUTS", X86Helpers.STR_OUTS);
    }

    private static void reg(Map<String, X86Translator.Handler> m, String base, int kind) {
        String wide = base.equals("INS") || base.equals("OUTS") ? base + "W/" + base + "D" : base + "W/" + base + "D";
        m.put(base + "B", t -> string(t, kind, 8));
        m.put(wide, t -> string(t, kind, t.opSize));
    }

    static void string(X86Translator t, int kind, int bits) {
        int seg = t.insn.segOverride() >= 0 ? t.insn.segOverride() : X86Cpu.DS;
        int rep = t.insn.rep();
        boolean compare = kind == X86Helpers.STR_CMPS || kind == X86Helpers.STR_SCAS;
        int repBits = rep == 0 ? 0 : (rep == 0xF2 && compare) ? 0x200 : 0x100;
        int params = kind | Integer.numberOfTrailingZeros(bits / 8) << 4 | (t.addrSize == 32 ? 0x40 : 0) | repBits
                | seg << 12 | (t.tf ? 0x8000 : 0);
        int effects = Helper.WRITES_STATE | Helper.MAY_FAULT
                | (kind == X86Helpers.STR_INS || kind == X86Helpers.STR_OUTS ? Helper.SIDE_EFFECT : 0);
        Inst done = t.b.call(X86Translator.helper("string", effects), t.c(params));
        if (compare) {
            t.flagsUnknown();
        }
        if (rep != 0) {
            t.branch(done, t.nextPc, t.pc);
        }
    }
}
