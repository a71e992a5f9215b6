package org.jemu.x86.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Verifier;
import org.jemu.translator.opt.Optimizer;
import org.jemu.x86.cpu.X86Cpu;
import org.jemu.x86.decode.ByteFetcher;
import org.junit.jupiter.api.Test;

/**
 * The lazy flags cost nothing when no later instruction reads them: after the optimizer, a block of
 * register arithmetic ending in CMP/JNE keeps one write of each CC slot and no flag helper, and the
 * branch condition is a plain compare of the CMP operands.
 */
class IrQualityTest {
    @Test
    void unusedFlagWorkIsRemoved() {
        // add eax, ebx; sub eax, ecx; xor edx, eax; cmp eax, edx; jne +0
        byte[] code = {0x01, (byte) 0xD8, 0x29, (byte) 0xC8, 0x31, (byte) 0xC2, 0x39, (byte) 0xD0, 0x75, 0x00};
        long flags = X86Cpu.FLAG_PE | X86Cpu.FLAG_CS32 | X86Cpu.FLAG_SS32;
        IrBlock b = X86Translator.translate(0x1000, flags, 64, ByteFetcher.of(code, 0x1000));
        Verifier.verify(b);
        Optimizer.optimize(b);
        Verifier.verify(b);
        int ccWrites = 0;
        int calls = 0;
        for (Inst in : b.insts) {
            if (in.op == Op.SET_REG && in.imm >= X86Cpu.CC_OP && in.imm <= X86Cpu.CC_SRC2) {
                ccWrites++;
            }
            if (in.op == Op.CALL) {
                calls++;
            }
        }
        System.out.println(b);
        assertEquals(4, ccWrites, "one write per CC slot survives");
        assertEquals(0, calls, "no flag materialisation");
    }
}
