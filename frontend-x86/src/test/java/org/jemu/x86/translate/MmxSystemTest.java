package org.jemu.x86.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jemu.x86.cpu.X86Cpu;
import org.jemu.x86.cpu.X86CpuModel;
import org.jemu.x86.x87.X87;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MMX written from the SDM (Vol. 1 chapter 9, Vol. 2 instruction pages, Vol. 3A 2.5 Table 2-2), for what the
 * Unicorn comparison in the sequence fuzzer cannot check: the x87 aliasing (QEMU 5.0 does not set bits 79:64 of
 * a written register), the CR0.EM / CR0.TS checks, #MF for a pending x87 exception, FXSAVE/FNSAVE images with MMX
 * registers, and the saturation and shift-count corner cases with values computed by hand from the instruction
 * pages. Each runs in both tiers.
 */
class MmxSystemTest {

    @BeforeAll
    static void nasm() {
        X86Harness.requireNasm();
    }

    private static long mem(X86Harness h, long addr, int n) {
        return h.mem.read(addr, n, false) & (n == 8 ? -1L : (1L << (8 * n)) - 1);
    }

    private static X86Harness run32(X86Harness.Tier tier, X86CpuModel model, int cr0Set, String src) throws Exception {
        X86Harness h = new X86Harness(tier, model);
        h.flat32(X86Harness.nasm(src, 32, 0x1000), 0x1000);
        h.cpu.cr0 |= X86Cpu.CR0_NE | cr0Set;
        h.run(1000);
        return h;
    }

    private static X86Harness run32(X86Harness.Tier tier, String src) throws Exception {
        return run32(tier, X86CpuModel.PENTIUM2, 0, src);
    }

    /**
     * 9.5.1: an MMX instruction sets TOP to 0 and every tag valid; a write to MMi sets bits 79:64 of Ri to 1s;
     * reading leaves them; EMMS empties the tag word. The FNSTENV tag word shows the tags from the contents
     * (8.1.7: exponent all 1s is "special", 10b).
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void aliasingWithTheX87(X86Harness.Tier tier) throws Exception {
        try (X86Harness h = run32(tier, """
                    fninit
                    fld1                      ; TOP = 7, R7 = 1.0
                    fldz                      ; TOP = 6, R6 = +0
                    mov dword [0x2000], 0x89abcdef
                    mov dword [0x2004], 0x01234567
                    movq mm2, [0x2000]        ; R2 = FFFF:0123456789ABCDEF
                    movd eax, mm7             ; reads R7's significand, low half: 0
                    fnstenv [0x2100]
                    movq mm3, mm2
                    emms
                    fnstsw [0x2200]
                    hlt
                """)) {
            assertTrue(h.cpu.halted, "ran to HLT: " + h.exceptions);
            assertEquals(0xFFFF, h.cpu.regs[X86Cpu.FPR_SE + 2]);
            assertEquals(0x0123_4567_89AB_CDEFL, h.cpu.regs[X86Cpu.FPR_M + 2]);
            assertEquals(0xFFFF, h.cpu.regs[X86Cpu.FPR_SE + 3]);
            assertEquals(0x0123_4567_89AB_CDEFL, h.cpu.regs[X86Cpu.FPR_M + 3]);
            assertEquals(0x3FFF, h.cpu.regs[X86Cpu.FPR_SE + 7], "read-only use leaves R7's exponent");
            assertEquals(0, h.cpu.regs[X86Cpu.EAX], "MOVD EAX, MM7: low half of 1.0's significand 8000000000000000h");
            int sw = (int) mem(h, 0x2104, 2);
            assertEquals(0, (sw >>> 11) & 7, "TOP = 0 after MOVQ/MOVD");
            // R0,R1,R3,R4,R5: FNINIT left zeros (tag 01 by contents); R2 FFFF exponent: special (10);
            // R6 +0: zero (01); R7 1.0: valid (00) -- none empty
            int tw = (int) mem(h, 0x2108, 2);
            assertEquals(0b00_01_01_01_01_10_01_01, tw);
            assertEquals(0xFFFF, h.cpu.regs[X86Cpu.FPU_TW], "EMMS: all empty");
            assertEquals(0, (mem(h, 0x2200, 2) >>> 11) & 7, "EMMS leaves TOP = 0");
        }
    }

    /** Vol. 3A 2.5 Table 2-2: CR0.EM makes an MMX instruction #UD (also with TS), CR0.TS alone #NM. */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void emAndTs(X86Harness.Tier tier) throws Exception {
        int[][] cases = {{X86Cpu.CR0_EM, X86Cpu.EXC_UD}, {X86Cpu.CR0_TS, X86Cpu.EXC_NM},
                {X86Cpu.CR0_EM | X86Cpu.CR0_TS, X86Cpu.EXC_UD}};
        for (String insn : List.of("paddb mm0, mm1", "emms", "movd eax, mm1", "psrlq mm1, 3")) {
            for (int[] c : cases) {
                try (X86Harness h = run32(tier, X86CpuModel.PENTIUM2, c[0], "mov eax, 1\n" + insn + "\nhlt")) {
                    assertEquals(List.of(c[1]), h.exceptions, insn + " with CR0 bits " + c[0]);
                    assertEquals(0x1000 + 5, h.cpu.eip(), "fault at the MMX instruction");
                }
            }
        }
    }

    /**
     * Vol. 3A 6.9 Table 6-2: #UD (CR0.EM) and #NM (CR0.TS) are faults from decoding the instruction (priority 7),
     * ahead of the #GP of a memory operand beyond its segment's limit (priority 8); without EM and TS the #GP.
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void emAndTsComeBeforeTheOperandsSegmentCheck(X86Harness.Tier tier) throws Exception {
        int data = X86Cpu.ATTR_P | X86Cpu.ATTR_S | X86Cpu.ATTR_TYPE_WRITABLE | X86Cpu.ATTR_DB;
        int[][] cases = {{0, X86Cpu.EXC_GP}, {X86Cpu.CR0_TS, X86Cpu.EXC_NM}, {X86Cpu.CR0_EM, X86Cpu.EXC_UD}};
        for (String insn : List.of("movq mm0, [0x0FFC]", "paddw mm1, [0x0FFC]", "movd [0x0FFE], mm2")) {
            for (int[] c : cases) {
                try (X86Harness h = new X86Harness(tier, X86CpuModel.PENTIUM2)) {
                    h.flat32(X86Harness.nasm(insn + "\nhlt", 32, 0x1000), 0x1000);
                    h.cpu.setSegment(X86Cpu.DS, 0x10, 0x10_0000, 0xFFF, data);   // the operand crosses the limit
                    h.cpu.cr0 |= X86Cpu.CR0_NE | c[0];
                    h.run(10);
                    assertEquals(List.of(c[1]), h.exceptions, insn + " with CR0 bits " + c[0]);
                    assertEquals(0x1000, h.cpu.eip(), "fault at the MMX instruction");
                }
            }
        }
    }

    /**
     * A pending unmasked x87 exception (FSW.ES): #MF at the next MMX instruction with CR0.NE = 1 (the
     * instruction pages' "#MF If there is a pending FPU exception"), before any state changes.
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void pendingX87ExceptionRaisesMf(X86Harness.Tier tier) throws Exception {
        try (X86Harness h = run32(tier, """
                    fninit
                    mov word [0x2000], 0x037b     ; ZM unmasked
                    fldcw [0x2000]
                    fld1
                    fldz
                    fdivp st1, st0                ; #Z unmasked: ES set, no pop (8.5), no trap yet
                    paddb mm0, mm1
                    hlt
                """)) {
            assertEquals(List.of(X86Cpu.EXC_MF), h.exceptions);
            assertEquals(6, X87.top(h.cpu), "the MMX instruction did not run (TOP not 0)");
        }
    }

    /** The 486 has no MMX: #UD (CPUID.1:EDX.MMX = 0). */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void noMmxOnThe486(X86Harness.Tier tier) throws Exception {
        try (X86Harness h = run32(tier, X86CpuModel.I486, 0, "movq mm0, mm1\nhlt")) {
            assertEquals(List.of(X86Cpu.EXC_UD), h.exceptions);
        }
    }

    /**
     * FXSAVE (Vol. 1 10.5.1 Table 10-2) and FNSAVE (Figure 8-13) store ST0..ST7, which after an MMX instruction
     * (TOP = 0) are MM0..MM7 with bits 79:64 all 1s; FXSAVE's abridged tag byte is FFh (all valid).
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void saveImagesHoldTheMmxRegisters(X86Harness.Tier tier) throws Exception {
        try (X86Harness h = run32(tier, """
                    fninit
                    mov dword [0x2000], 0x11223344
                    mov dword [0x2004], 0x55667788
                    movq mm5, [0x2000]
                    fxsave [0x3000]
                    fnsave [0x3400]
                    hlt
                """)) {
            assertTrue(h.cpu.halted, "ran to HLT: " + h.exceptions);
            assertEquals(0xFF, mem(h, 0x3004, 1), "abridged tags: all valid");
            assertEquals(0x5566_7788_1122_3344L, mem(h, 0x3000 + 32 + 16 * 5, 8));
            assertEquals(0xFFFF, mem(h, 0x3000 + 32 + 16 * 5 + 8, 2));
            assertEquals(0x5566_7788_1122_3344L, mem(h, 0x3400 + 28 + 10 * 5, 8));
            assertEquals(0xFFFF, mem(h, 0x3400 + 28 + 10 * 5 + 8, 2));
        }
    }

    /**
     * Results computed by hand from the instruction pages: PACKSSWB/PACKUSWB/PACKSSDW saturation, PADDSW/PSUBUSB
     * saturation, PMADDWD's 8000h*8000h*2 wrapping to 80000000h, PMULHW/PMULLW, PSRAW by a count above 15 (sign
     * fill), PSLLQ by 64 (zero) and PSRLD through a 64-bit count from memory, the unpacks (PUNPCKLBW reads a
     * doubleword from memory), MOVD to memory and to a register.
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void operations(X86Harness.Tier tier) throws Exception {
        try (X86Harness h = run32(tier, """
                    mov dword [0x2000], 0x7fff8000    ; words 8000 7fff 0100 ff80
                    mov dword [0x2004], 0xff800100
                    mov dword [0x2008], 0x00050004    ; words 0004 0005 fff0 0011
                    mov dword [0x200c], 0x0011fff0
                    mov dword [0x2010], 0x80008000    ; words 8000 8000 0001 0002
                    mov dword [0x2014], 0x00020001
                    mov dword [0x2018], 40            ; a 64-bit shift count of 40
                    mov dword [0x201c], 0
                    mov dword [0x2020], 0x44332211    ; PUNPCKLBW's doubleword
                    mov dword [0x2024], 0xdeadbeef    ; not read
                    movq mm0, [0x2000]
                    movq mm1, [0x2008]
                    packsswb mm0, mm1                 ; 80 7f 7f 80 | 04 05 f0 11
                    movq [0x3000], mm0
                    movq mm0, [0x2000]
                    packuswb mm0, mm1                 ; 00 ff ff 00 | 04 05 00 11
                    movq [0x3008], mm0
                    movq mm2, [0x2010]
                    pmaddwd mm2, mm2                  ; 8000*8000*2 = 80000000; 1*1 + 2*2 = 5
                    movq [0x3010], mm2
                    movq mm3, [0x2000]
                    paddsw mm3, [0x2000]              ; 8000 7fff 0200 ff00
                    movq [0x3018], mm3
                    movq mm4, [0x2008]
                    psubusb mm4, [0x2000]             ; bytes 04-00 00-80 05-ff 00-7f f0-00 ff-01 11-80 00-ff: 04 0 0 0 f0 fe 0 0
                    movq [0x3020], mm4
                    movq mm5, [0x2000]
                    psraw mm5, 16                     ; ffff 0000 0000 ffff
                    movq [0x3028], mm5
                    movq mm6, [0x2000]
                    psllq mm6, 64
                    movq [0x3030], mm6
                    movq mm7, [0x2008]
                    psrld mm7, [0x2018]               ; count 40 > 31: zero
                    movq [0x3038], mm7
                    movq mm0, [0x2000]
                    pmulhw mm0, [0x2008]              ; hi(8000*4)=fffe hi(7fff*5)=0002 hi(0100*fff0)=ffff hi(ff80*0011)=ffff
                    movq [0x3040], mm0
                    movq mm0, [0x2000]
                    pmullw mm0, [0x2008]              ; 0000 7ffb f000 f780
                    movq [0x3048], mm0
                    movq mm1, [0x2008]
                    punpcklbw mm1, [0x2020]           ; 04 11 00 22 05 33 00 44
                    movq [0x3050], mm1
                    movq mm1, [0x2008]
                    punpckhdq mm1, [0x2000]           ; 0011fff0 ff800100
                    movq [0x3058], mm1
                    movq mm1, [0x2000]
                    packssdw mm1, [0x2010]            ; 7fff8000 -> 7fff; ff800100 -> 8000; 80008000 -> 8000; 00020001 -> 7fff
                    movq [0x3060], mm1
                    movd [0x3068], mm1
                    movd esi, mm1
                    movd mm0, esi
                    movq [0x3070], mm0
                    hlt
                """)) {
            assertTrue(h.cpu.halted, "ran to HLT: " + h.exceptions);
            assertEquals(0x11F0_0504_807F_7F80L, mem(h, 0x3000, 8), "PACKSSWB");
            assertEquals(0x1100_0504_00FF_FF00L, mem(h, 0x3008, 8), "PACKUSWB");
            assertEquals(0x0000_0005_8000_0000L, mem(h, 0x3010, 8), "PMADDWD");
            assertEquals(0xFF00_0200_7FFF_8000L, mem(h, 0x3018, 8), "PADDSW");
            assertEquals(0x0000_FEF0_0000_0004L, mem(h, 0x3020, 8), "PSUBUSB");
            assertEquals(0xFFFF_0000_0000_FFFFL, mem(h, 0x3028, 8), "PSRAW 16");
            assertEquals(0L, mem(h, 0x3030, 8), "PSLLQ 64");
            assertEquals(0L, mem(h, 0x3038, 8), "PSRLD by 40");
            assertEquals(0xFFFF_FFFF_0002_FFFEL, mem(h, 0x3040, 8), "PMULHW");
            assertEquals(0xF780_F000_7FFB_0000L, mem(h, 0x3048, 8), "PMULLW");
            assertEquals(0x4400_3305_2200_1104L, mem(h, 0x3050, 8), "PUNPCKLBW m32");
            assertEquals(0xFF80_0100_0011_FFF0L, mem(h, 0x3058, 8), "PUNPCKHDQ");
            assertEquals(0x7FFF_8000_8000_7FFFL, mem(h, 0x3060, 8), "PACKSSDW");
            assertEquals(0x8000_7FFFL, mem(h, 0x3068, 4), "MOVD m32, mm");
            assertEquals(0x8000_7FFFL, h.cpu.regs[X86Cpu.ESI], "MOVD r32, mm");
            assertEquals(0x8000_7FFFL, mem(h, 0x3070, 8), "MOVD mm, r32 zero-extends");
        }
    }
}
