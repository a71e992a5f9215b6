package org.jemu.x86.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.x86.cpu.X86Cpu;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void sumLoop32() throws Exception {
        X86Harness.requireNasm();
        byte[] code = X86Harness.nasm("""
                mov ecx, 10
                xor eax, eax
            l:  add eax, ecx
                loop l
                push eax
                pop ebx
                cmp ebx, 55
                sete dl
                hlt
                """, 32, 0x1000);
        for (X86Harness.Tier tier : X86Harness.Tier.values()) {
            try (X86Harness h = new X86Harness(tier)) {
                h.flat32(code, 0x1000);
                h.run(1000);
                assertTrue(h.cpu.halted, tier + " halted");
                assertEquals(55, h.cpu.regs[X86Cpu.EAX], tier.toString());
                assertEquals(55, h.cpu.regs[X86Cpu.EBX], tier.toString());
                assertEquals(1, h.cpu.regs[X86Cpu.EDX] & 0xFF, tier.toString());
            }
        }
    }
}
