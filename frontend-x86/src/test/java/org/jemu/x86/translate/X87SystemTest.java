package org.jemu.x86.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jemu.x86.cpu.X86Cpu;
import org.jemu.x86.x87.Fx80;
import org.jemu.x86.x87.X87;
import org.jemu.x86.x87.X87Env;
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

    /** SDM 8.5.3: masked #Z gives a signed infinity; unmasked leaves the operands alone, sets ES and B. */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void zeroDivideMaskedAndUnmasked(X86Harness.Tier tier) throws Exception {
        try (X86Harness h = run32(tier, """
                    fninit
                    fld1
                    fchs
                    fldz
                    fdivp st1, st0        ; -1 / +0 = -inf, ZE (masked)
                    fstp tword [0x2000]
                    fnstsw [0x2010]
                    fnclex
                    mov word [0x2020], 0x037B   ; unmask ZM
                    fldcw [0x2020]
                    fld1
                    fldz
                    fdivp st1, st0        ; unmasked: nothing stored, no pop
                    fnstsw [0x2012]
                    fnstenv [0x2040]
                    hlt
                """)) {
            assertTrue(h.cpu.halted);
            assertEquals(new Fx80(0xFFFF, Fx80.J), Fx80.fromBytes(h.mem.readBytes(0x2000, 10), 0), "-infinity");
            assertEquals(X87Env.ZE, (int) mem(h, 0x2010, 2) & 0x3F);
            int sw = (int) mem(h, 0x2012, 2);
            assertEquals(X87Env.ZE | X87.ES | X87.B, sw & (0xBF | X87.B), "ZE, ES and B set");
            assertEquals(6, (sw >>> 11) & 7, "TOP unchanged by the faulting FDIVP (two pushes)");
            assertEquals(0, X87.st(h.cpu, 0).m() | X87.st(h.cpu, 0).se(), "ST0 still +0");
            assertEquals(Fx80.ONE, X87.st(h.cpu, 1), "ST1 still 1.0");
        }
    }

    /** SDM 8.5.1.1: stack overflow (C1 = 1) and underflow (C1 = 0), masked: the real indefinite. */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void stackOverflowAndUnderflow(X86Harness.Tier tier) throws Exception {
        try (X86Harness h = run32(tier, """
                    fninit
                    %s
                    fld1                  ; ninth push: overflow
                    fnstsw [0x2000]
                    fstp tword [0x2010]
                    fninit
                    fadd st0, st1         ; both empty: underflow
                    fnstsw [0x2002]
                    fstp tword [0x2020]
                    hlt
                """.formatted("fldz\n".repeat(8)))) {
            assertTrue(h.cpu.halted);
            int over = (int) mem(h, 0x2000, 2);
            assertEquals(X87Env.IE | X87Env.SF, over & 0x7F);
            assertTrue((over & X87.C1) != 0, "C1 = 1: overflow");
            assertEquals(Fx80.INDEFINITE, Fx80.fromBytes(h.mem.readBytes(0x2010, 10), 0));
            int under = (int) mem(h, 0x2002, 2);
            assertEquals(X87Env.IE | X87Env.SF, under & 0x7F);
            assertEquals(0, under & X87.C1, "C1 = 0: underflow");
            assertEquals(Fx80.INDEFINITE, Fx80.fromBytes(h.mem.readBytes(0x2020, 10), 0));
        }
    }

    private static final String UNMASKED_IE = """
                fninit
                mov word [0x2020], 0x037E   ; unmask IM
                fldcw [0x2020]
                fldz
                fldz
                fdivp st1, st0        ; 0/0: unmasked #IA, pending
                mov eax, 1
            waiting:
                fwait                 ; #MF here (NE = 1), or FERR# (NE = 0)
                mov eax, 2
                hlt
            """;

    /** SDM 8.7 and Vol. 3A 2.5 CR0.NE: with NE = 1 the next waiting instruction raises #MF (a fault at it). */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void pendingExceptionRaisesMfWithNe(X86Harness.Tier tier) throws Exception {
        try (X86Harness h = run32(tier, UNMASKED_IE)) {
            assertEquals(List.of(X86Cpu.EXC_MF), h.exceptions);
            assertEquals(1, h.cpu.regs[X86Cpu.EAX], "stopped at the FWAIT");
            assertFalse(h.cpu.ferr, "no FERR# with NE = 1");
            assertTrue((sw(h) & X87.ES) != 0);
        }
    }

    /** With CR0.NE = 0 (PC-compatible mode, Vol. 1 D.1) the FWAIT asserts FERR# and execution continues. */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void pendingExceptionAssertsFerrWithoutNe(X86Harness.Tier tier) throws Exception {
        try (X86Harness h = new X86Harness(tier)) {
            h.flat32(X86Harness.nasm(UNMASKED_IE.replace("hlt", "fnclex\n hlt"), 32, 0x1000), 0x1000);
            h.cpu.cr0 &= ~X86Cpu.CR0_NE;
            List<Boolean> edges = new ArrayList<>();
            h.cpu.ferrHook = c -> edges.add(c.ferr);
            h.run(1000);
            assertTrue(h.cpu.halted);
            assertEquals(List.of(), h.exceptions, "no #MF");
            assertEquals(2, h.cpu.regs[X86Cpu.EAX]);
            assertEquals(List.of(true, false), edges, "FERR# asserted at FWAIT, deasserted by FNCLEX");
        }
    }

    /** Vol. 3A 2.5 Table 2-2: EM or TS make every x87 instruction #NM; WAIT only with MP and TS. */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void deviceNotAvailable(X86Harness.Tier tier) throws Exception {
        byte[] code = X86Harness.nasm("""
                    fwait
                    mov eax, 1
                    fld1
                    mov eax, 2
                    hlt
                """, 32, 0x1000);
        int[][] cases = {   // cr0 bits, expected EAX at the stop, expected exception (or -1)
                {X86Cpu.CR0_EM, 1, X86Cpu.EXC_NM},
                {X86Cpu.CR0_TS, 1, X86Cpu.EXC_NM},
                {X86Cpu.CR0_TS | X86Cpu.CR0_MP, 0x77, X86Cpu.EXC_NM},
                {X86Cpu.CR0_EM | X86Cpu.CR0_MP, 1, X86Cpu.EXC_NM},
                {X86Cpu.CR0_MP, 2, -1}};
        for (int[] c : cases) {
            try (X86Harness h = new X86Harness(tier)) {
                h.flat32(code, 0x1000);
                h.cpu.cr0 |= c[0];
                h.cpu.regs[X86Cpu.EAX] = 0x77;
                h.run(100);
                assertEquals(c[2] < 0 ? List.of() : List.of(c[2]), h.exceptions, "CR0 bits " + c[0]);
                assertEquals(c[1], h.cpu.regs[X86Cpu.EAX], "CR0 bits " + c[0]);
            }
        }
    }

    /**
     * Vol. 3A 6.9 Table 6-2: #NM (CR0.EM or CR0.TS) is a fault from decoding the instruction (priority 7), ahead
     * of the #GP of a memory operand beyond its segment's limit (priority 8); without EM and TS the #GP.
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void nmComesBeforeTheOperandsSegmentCheck(X86Harness.Tier tier) throws Exception {
        int data = X86Cpu.ATTR_P | X86Cpu.ATTR_S | X86Cpu.ATTR_TYPE_WRITABLE | X86Cpu.ATTR_DB;
        int[][] cases = {{0, X86Cpu.EXC_GP}, {X86Cpu.CR0_TS, X86Cpu.EXC_NM}, {X86Cpu.CR0_EM, X86Cpu.EXC_NM}};
        for (String insn : List.of("fld qword [0x0FFC]", "fadd dword [0x0FFE]", "fstp tword [0x0FF8]",
                "fnstcw [0x0FFF]", "fnsave [0x0FF0]")) {
            for (int[] c : cases) {
                try (X86Harness h = new X86Harness(tier)) {
                    h.flat32(X86Harness.nasm(insn + "\nhlt", 32, 0x1000), 0x1000);
                    h.cpu.setSegment(X86Cpu.DS, 0x10, 0x10_0000, 0xFFF, data);   // the operand crosses the limit
                    h.cpu.cr0 |= X86Cpu.CR0_NE | c[0];
                    h.run(10);
                    assertEquals(List.of(c[1]), h.exceptions, insn + " with CR0 bits " + c[0]);
                    assertEquals(0x1000, h.cpu.eip(), "fault at the x87 instruction");
                }
            }
        }
    }

    /** FNSAVE in 32-bit protected mode (Vol. 1 Figure 8-9 / 8-12): environment, then ST0..ST7; FPU reinitialised. */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void fnsaveProtected32(X86Harness.Tier tier) throws Exception {
        try (X86Harness h = run32(tier, """
                    fninit
                    fld1
                    fldz
                    fadd dword [0x2200]
            there:
                    fnsave [0x2000]
                    fnstcw [0x2100]
                    hlt
                """)) {
            assertTrue(h.cpu.halted);
            assertEquals(0xFFFF_037FL, mem(h, 0x2000, 4), "FCW, reserved FFFFh");
            assertEquals(0xFFFF_0000L | 6 << 11, mem(h, 0x2004, 4), "FSW: TOP 6");
            assertEquals(0xFFFF_0000L | 0x0FFF | 0x1 << 12 | 0x0 << 14, mem(h, 0x2008, 4), "FTW: R6 zero, R7 valid");
            long fip = mem(h, 0x200C, 4);
            assertTrue(fip > 0x1000 && fip < 0x1020, "FIP: the FADD");
            assertEquals(0x08, mem(h, 0x2010, 2), "FCS");
            assertEquals(0x005, mem(h, 0x2012, 2) & 0x7FF, "FOP: D8 & 7 = 0, ModRM 05 (FADD m32 disp32)");
            assertEquals(0x2200, mem(h, 0x2014, 4), "FDP");
            assertEquals(0x10, mem(h, 0x2018, 2), "FDS");
            assertEquals(Fx80.ZERO, Fx80.fromBytes(h.mem.readBytes(0x201C, 10), 0), "ST0 = 0 + 0.0f");
            assertEquals(Fx80.ONE, Fx80.fromBytes(h.mem.readBytes(0x2026, 10), 0), "ST1 = 1");
            assertEquals(0x037F, mem(h, 0x2100, 2), "FNINIT after FNSAVE");
            assertEquals(0xFFFF, h.cpu.regs[X86Cpu.FPU_TW]);
        }
    }

    /** FNSAVE with a 16-bit operand size in real mode (Vol. 1 Figure 8-10 / 8-12): 14-byte environment, 20-bit pointers. */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void fnsaveReal16(X86Harness.Tier tier) throws Exception {
        byte[] code = X86Harness.nasm("""
                    fninit
                    fldpi
                    fst dword [0x300]
                    fnsave [0x400]
                    hlt
                """, 16, 0x100);
        try (X86Harness h = new X86Harness(tier)) {
            h.real16(code, 0x2000, 0x100, 0x3000);
            h.run(100);
            assertTrue(h.cpu.halted);
            long base = 0x30000 + 0x400;
            assertEquals(0x037F, mem(h, base, 2));
            assertEquals(7 << 11 | X87.C1 | 0x20, mem(h, base + 2, 2), "TOP 7, PE and C1: FST rounded pi up");
            assertEquals(0x3FFF, mem(h, base + 4, 2), "FTW: R7 valid");
            long fip = mem(h, base + 6, 2) | (mem(h, base + 8, 2) >>> 12) << 16;
            assertTrue(fip > 0x20100 && fip < 0x20110, "20-bit linear FIP of the FST: " + Long.toHexString(fip));
            assertEquals((0xD9 & 7) << 8 | 0x16, mem(h, base + 8, 2) & 0x7FF, "FOP = D9 16 (FST m32 with disp16)");
            long fdp = mem(h, base + 10, 2) | (mem(h, base + 12, 2) >>> 12) << 16;
            assertEquals(0x30300, fdp, "20-bit linear FDP");
            assertEquals(new Fx80(0x4000, 0xC90FDAA22168C235L), Fx80.fromBytes(h.mem.readBytes(base + 14, 10), 0));
            assertEquals(Float.floatToRawIntBits((float) Math.PI), (int) mem(h, 0x30300, 4));
        }
    }

    /** FXSAVE (Vol. 2A "FXSAVE", Table 10-2): abridged tags, registers in 16-byte slots; FXRSTOR restores them. */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void fxsaveAndFxrstor(X86Harness.Tier tier) throws Exception {
        try (X86Harness h = run32(tier, """
                    fninit
                    fldl2e
                    fld1
                    fxsave [0x2000]
                    fninit
                    fxrstor [0x2000]
                    fstp tword [0x2400]
                    fxsave [0x2001]       ; misaligned: #GP(0)
                    hlt
                """)) {
            assertEquals(List.of(X86Cpu.EXC_GP), h.exceptions);
            assertEquals(0x037F, mem(h, 0x2000, 2));
            assertEquals(6 << 11, mem(h, 0x2002, 2));
            assertEquals(0xC0, mem(h, 0x2004, 1), "abridged FTW: R6 and R7");
            assertEquals(Fx80.ONE, Fx80.fromBytes(h.mem.readBytes(0x2020, 10), 0));
            assertEquals(new Fx80(0x3FFF, 0xB8AA3B295C17F0BCL), Fx80.fromBytes(h.mem.readBytes(0x2030, 10), 0));
            assertEquals(Fx80.ONE, Fx80.fromBytes(h.mem.readBytes(0x2400, 10), 0), "restored ST0");
            assertEquals(7, X87.top(h.cpu));
        }
    }
}
