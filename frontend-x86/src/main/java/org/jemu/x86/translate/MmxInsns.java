package org.jemu.x86.translate;

import java.util.Map;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.x86.cpu.X86CpuModel;
import org.jemu.x86.decode.X86Insn;
import org.jemu.x86.x87.Mmx;

/**
 * The MMX instructions (SDM Vol. 1 chapter 9; the 0F 60..7F and 0F D1..FE cells and Grp12..14 of Table A-3):
 * one call of the helper {@link Mmx#exec} each, with the operation of {@link Mmx#lookup}, the MMX registers of
 * ModRM.reg and ModRM.rm, the memory operand's checked linear address, and for MOVD mm, r32 the register's value
 * (MOVD r32, mm writes the value the helper returns), for the immediate shifts the count. Gated on CPUID.MMX
 * ({@link X86Translator#REQUIRES}). With a 66, F2 or F3 prefix these opcodes are SSE/SSE2 instructions, which no
 * jemu model has: #UD.
 */
final class MmxInsns {
    private MmxInsns() {
    }

    private static final Helper EXEC = Helper.of(Mmx.class, "exec",
            Helper.WRITES_STATE | Helper.MAY_FAULT | Helper.SIDE_EFFECT);
    private static final Helper CHECK = Helper.of(Mmx.class, "checkAvailable", Helper.MAY_FAULT);

    static void register(Map<String, X86Translator.Handler> m) {
        for (String mn : Mmx.MNEMONICS) {
            m.put(mn, MmxInsns::emit);
        }
    }

    /** Every MMX instruction needs CPUID.1:EDX.MMX (bit 23). */
    static void requires(Map<String, Integer> req) {
        for (String mn : Mmx.MNEMONICS) {
            req.put(mn, X86CpuModel.FEATURE_MMX);
        }
    }

    static void emit(X86Translator t) {
        var ir = t.b;
        X86Insn in = t.insn;
        int op = Mmx.lookup(in.opcode(), in.entry().mnemonic());
        if (op < 0 || (in.prefixes() & (X86Insn.PFX_OPSIZE | X86Insn.PFX_REP | X86Insn.PFX_REPNE)) != 0) {
            t.undefined();
            return;
        }
        int w = op;
        Inst addr = ir.c64(0);
        Inst arg = ir.c64(0);
        if (in.modrm() >= 0) {
            w |= in.reg() << Mmx.REG_SHIFT | in.rm() << Mmx.RM_SHIFT;
            if (in.mod() != 3) {
                ir.call(CHECK);     // #UD/#NM (CR0.EM, CR0.TS) before the operand's segment checks
                int[] mo = Mmx.memOperand(op);
                addr = t.mem().addr(mo[0], mo[1] != 0);
                w |= Mmx.MEM;
            }
        }
        if (Mmx.readsGpr(w)) {
            arg = ir.zext32(t.readReg(in.rm(), 32));
        } else if (in.opcode() >= 0x0F71 && in.opcode() <= 0x0F73) {
            arg = ir.c64(in.imm() & 0xFF);
        }
        Inst r = ir.call(EXEC, t.c(w), addr, arg);
        if (Mmx.writesGpr(w)) {
            t.writeReg(in.rm(), 32, ir.trunc(r));
        }
    }
}
