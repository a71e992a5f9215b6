package org.jemu.x86.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jemu.x86.cpu.PortIo;
import org.jemu.x86.cpu.X86Cpu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Instruction and system-behaviour tests written from the SDM, for what the differential fuzzer cannot
 * reach (Unicorn's real mode runs with CS = 0 and stops at every exception): real-mode interrupt delivery
 * through the IVT, CS bases other than 0, restartable REP instructions, segment limit and type checks,
 * protected-mode segment loads through the GDT, IOPL rules, port I/O, CPUID, RDTSC, HLT and interrupts.
 * Each runs in both tiers (interpreter, and compiled at the first execution).
 */
class X86InstructionTest {

    @BeforeAll
    static void nasm() {
        X86Harness.requireNasm();
    }

    private static long mem32(X86Harness h, long addr) {
        return h.mem.read(addr, 4, false) & 0xFFFF_FFFFL;
    }

    /** SDM Vol. 3A 20.1.4: INT n in real mode pushes FLAGS, CS, IP and loads CS:IP from the IVT; IRET returns. */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void realModeIntThroughIvtAndIret(X86Harness.Tier tier) throws Exception {
        byte[] code = X86Harness.nasm("""
                    sti
                    mov ax, 0x1234
                    int 0x21
                    mov bx, ax
                    hlt
                handler:
                    mov cx, sp
                    mov dx, [ss:0x0FFE]   ; FLAGS pushed first (0FFE), then CS (0FFC), IP (0FFA)
                    inc ax
                    iret
                """, 16, 0x100);
        try (X86Harness h = new X86Harness(tier)) {
            h.stopOnException = false;
            h.real16(code, 0x2000, 0x100, 0x3000);      // CS = 2000h: linear 20100h
            h.cpu.regs[X86Cpu.ESP] = 0x1000;
            // IVT entry 21h -> 2000:handler
            int handler = 0x100 + code.length - 9;      // "mov cx, sp" is 9 bytes before the end
            h.mem.write(0x21 * 4, 2, false, handler);
            h.mem.write(0x21 * 4 + 2, 2, false, 0x2000);
            h.run(100);
            assertTrue(h.cpu.halted);
            assertEquals(0x1235, h.cpu.regs[X86Cpu.EBX] & 0xFFFF, "handler ran and returned");
            assertEquals(0x0FFA, h.cpu.regs[X86Cpu.ECX] & 0xFFFF, "three words pushed");
            assertTrue((h.cpu.regs[X86Cpu.EDX] & X86Cpu.IF) != 0, "pushed FLAGS has IF (STI before INT)");
            assertEquals(0x1000, h.cpu.regs[X86Cpu.ESP] & 0xFFFF, "IRET popped the frame");
            assertEquals(0x2000, h.cpu.regs[X86Cpu.SEG_SEL + X86Cpu.CS]);
            assertTrue((h.cpu.eflags() & X86Cpu.IF) != 0, "IRET restored IF");
        }
    }

    /** #DE in real mode is a fault: the IVT handler sees the faulting DIV's address pushed. */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void divideErrorIsAFaultWithTheDivAddress(X86Harness.Tier tier) throws Exception {
        byte[] code = X86Harness.nasm("""
                    xor cl, cl
                div_insn:
                    div cl
                    hlt
                handler:
                    pop si          ; IP of the faulting DIV
                    hlt
                """, 16, 0);
        try (X86Harness h = new X86Harness(tier)) {
            h.stopOnException = false;
            h.real16(code, 0x1000, 0, 0x3000);
            h.mem.write(0, 2, false, code.length - 2);
            h.mem.write(2, 2, false, 0x1000);
            h.run(100);
            assertTrue(h.cpu.halted);
            assertEquals(2, h.cpu.regs[X86Cpu.ESI] & 0xFFFF, "pushed IP is the DIV (a fault)");
        }
    }

    /** REP MOVSB with more iterations than one helper call performs, and a CS base of 12340h. */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void repMovsLongCopyInRealMode(X86Harness.Tier tier) throws Exception {
        byte[] code = X86Harness.nasm("""
                    cld
                    mov si, 0
                    mov di, 0
                    mov cx, 10000
                    rep movsb
                    hlt
                """, 16, 0);
        try (X86Harness h = new X86Harness(tier)) {
            h.real16(code, 0x1234, 0, 0x4000);
            h.cpu.setSegment(X86Cpu.ES, 0x5000, 0x50000, 0xFFFF, X86Cpu.ATTR_REAL_DATA);
            byte[] src = new byte[10000];
            new java.util.Random(1).nextBytes(src);
            h.mem.load(0x40000, src);
            h.run(100_000);
            assertTrue(h.cpu.halted);
            assertEquals(0, h.cpu.regs[X86Cpu.ECX] & 0xFFFF);
            assertEquals(10000, h.cpu.regs[X86Cpu.EDI] & 0xFFFF);
            assertTrue(java.util.Arrays.equals(src, h.mem.readBytes(0x50000, 10000)));
        }
    }

    /**
     * A REP STOSB that runs into the segment limit (32-bit addressing in real mode) faults with #GP at the
     * iteration that crosses it: the completed iterations are visible in ECX/EDI and EIP is the instruction
     * (SDM Vol. 2B REP: "the instruction can be restarted").
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void repStosFaultIsRestartable(X86Harness.Tier tier) throws Exception {
        byte[] code = X86Harness.nasm("""
                    mov edi, 0xFFF0
                    mov ecx, 0x20
                    mov al, 0xAA
                    a32 rep stosb
                    hlt
                """, 16, 0);
        try (X86Harness h = new X86Harness(tier)) {
            h.real16(code, 0x1000, 0, 0x3000);
            h.run(1000);
            assertEquals(List.of(X86Cpu.EXC_GP), h.exceptions);
            assertEquals(0x10, h.cpu.regs[X86Cpu.ECX], "16 iterations done, 16 left");
            assertEquals(0x10000, h.cpu.regs[X86Cpu.EDI]);
            assertEquals(code.length - 4, h.cpu.eip(), "EIP at the REP STOSB (67 F3 AA, then HLT)");
            assertEquals(0xAA, h.mem.read(0x3FFFF, 1, false));
        }
    }

    /**
     * SDM Vol. 2A "ENTER": with a 16-bit operand size "BP ← FrameTemp[15:0]", so on a 32-bit stack EBP keeps
     * its upper half while ESP moves with the stack size (found by the paging fuzz against qemu-system-i386).
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void enter16OnA32BitStackKeepsTheUpperHalfOfEbp(X86Harness.Tier tier) throws Exception {
        byte[] code = X86Harness.nasm("mov ebp, 0x12345678\no16 enter 0x13, 0\nhlt", 32, 0x1000);
        try (X86Harness h = new X86Harness(tier)) {
            h.flat32(code, 0x1000);
            h.run(10);
            assertTrue(h.cpu.halted);
            assertEquals(0x1F_0000L - 2 - 0x13, h.cpu.regs[X86Cpu.ESP], "ESP: BP pushed (2 bytes), 13h reserved");
            assertEquals(0x1234_0000L | (0x1F_0000L - 2) & 0xFFFF, h.cpu.regs[X86Cpu.EBP], "BP = FrameTemp[15:0]");
            assertEquals(0x5678, h.mem.read(0x1F_0000L - 2, 2, false), "BP pushed");
        }
    }

    /**
     * LGS with a 16-bit address size and EA = FFFCh (found by the FLAT32 fuzz): only the effective address
     * wraps at 64 KiB; the selector word of the m16:32 operand is at offset 10000h, not 0 (SDM Vol. 3
     * "Architecture Compatibility", "Segment Wraparound"; Vol. 2A LDS/LES/LFS/LGS/LSS: the far pointer is
     * read, then the selector checked). With a 4 GiB DS limit it is read from 10000h; with a 64 KiB limit the
     * operand crosses the limit: #GP(0), GS and EAX unchanged.
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void farPointerWithA16DoesNotWrapItsSelectorToOffset0(X86Harness.Tier tier) throws Exception {
        byte[] code = X86Harness.nasm("mov bx, 0xFFFC\na16 lgs eax, [bx]\nhlt", 32, 0x1000);
        try (X86Harness h = new X86Harness(tier)) {
            h.flat32(code, 0x1000);
            h.mem.write(0xFFFC, 4, false, 0x12345678L);
            h.mem.write(0x10000, 2, false, 0);           // null selector: allowed for GS
            h.mem.write(0x0000, 2, false, 0xFFF8);       // beyond the GDT limit: #GP if the address wrapped
            h.cpu.regs[X86Cpu.EBX] = 0xABCD_0000L;
            h.run(10);
            assertEquals(List.of(), h.exceptions);
            assertTrue(h.cpu.halted);
            assertEquals(0x12345678L, h.cpu.regs[X86Cpu.EAX], "offset read from FFFCh");
            assertEquals(0, h.cpu.regs[X86Cpu.SEG_SEL + X86Cpu.GS], "selector read from 10000h");

            h.flat32(code, 0x1000);
            int data = X86Cpu.ATTR_P | X86Cpu.ATTR_S | X86Cpu.ATTR_TYPE_WRITABLE;
            h.cpu.setSegment(X86Cpu.DS, 0x10, 0, 0xFFFF, data);
            h.mem.write(0x0000, 2, false, 0);            // a wrapped read would find a valid null selector
            h.cpu.regs[X86Cpu.EAX] = 0x5555_5555L;
            h.run(10);
            assertEquals(List.of(X86Cpu.EXC_GP), h.exceptions, "bytes FFFCh..10001h cross DS limit FFFFh");
            assertEquals(0x1000 + 4, h.cpu.eip(), "EIP at the LGS (66 BB FC FF, then 67 0F B5 07)");
            assertEquals(0x5555_5555L, h.cpu.regs[X86Cpu.EAX], "EAX unchanged by the faulting LGS");
            assertEquals(0x10, h.cpu.regs[X86Cpu.SEG_SEL + X86Cpu.GS], "GS unchanged");
        }
    }

    /**
     * A store into the running block's own code, then a fault in the same block: the fault is precise (EIP of
     * the faulting DIV, the store done). In the compiled tier the store drops the running region while it runs
     * (found by the paging fuzz: the fault then looked up the dropped region's instruction addresses).
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void faultAfterAStoreIntoTheRunningBlock(X86Harness.Tier tier) throws Exception {
        byte[] code = X86Harness.nasm("""
                    mov byte [patch], 0x41      ; into this block's own code, after the DIV
                    xor ecx, ecx
                div_insn:
                    div ecx                     ; #DE
                patch:
                    nop
                    hlt
                """, 32, 0x1000);
        try (X86Harness h = new X86Harness(tier)) {
            h.flat32(code, 0x1000);
            h.run(20);
            assertEquals(List.of(X86Cpu.EXC_DE), h.exceptions);
            assertEquals(0x1000 + code.length - 4, h.cpu.eip(), "EIP at the DIV (F7 F1, then the patched byte, HLT)");
            assertEquals(0x41, h.mem.read(0x1000 + code.length - 2, 1, false), "the store was done");
        }
    }

    /** SDM Vol. 3A 5.3: limit checks in protected mode raise #GP(0), through SS #SS(0); writes to code #GP(0). */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void protectedModeLimitAndTypeChecks(X86Harness.Tier tier) throws Exception {
        byte[] load = X86Harness.nasm("mov eax, [0x0FFE]\nhlt", 32, 0x1000);
        byte[] store = X86Harness.nasm("mov [cs:0x2000], eax\nhlt", 32, 0x1000);
        byte[] push = X86Harness.nasm("push eax\nhlt", 32, 0x1000);
        try (X86Harness h = new X86Harness(tier)) {
            int data = X86Cpu.ATTR_P | X86Cpu.ATTR_S | X86Cpu.ATTR_TYPE_WRITABLE | X86Cpu.ATTR_DB;
            h.flat32(load, 0x1000);
            h.cpu.setSegment(X86Cpu.DS, 0x10, 0x10_0000, 0xFFF, data);
            h.run(10);
            assertEquals(List.of(X86Cpu.EXC_GP), h.exceptions, "dword at 0FFEh crosses limit 0FFFh");
            h.exceptions.clear();
            h.flat32(store, 0x1000);
            h.run(10);
            assertEquals(List.of(X86Cpu.EXC_GP), h.exceptions, "CS is not writable");
            h.exceptions.clear();
            h.flat32(push, 0x1000);
            h.cpu.setSegment(X86Cpu.SS, 0x10, 0, 0xFFF, data);
            h.cpu.regs[X86Cpu.ESP] = 0x2000;
            h.run(10);
            assertEquals(List.of(X86Cpu.EXC_SS), h.exceptions, "stack beyond SS limit");
            assertEquals(0x2000, h.cpu.regs[X86Cpu.ESP], "ESP unchanged by the faulting PUSH");
        }
    }

    /** MOV Sreg in protected mode loads the descriptor cache from the GDT (SDM Vol. 3A 3.4.3, 5.5). */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void protectedModeSegmentLoadFromGdt(X86Harness.Tier tier) throws Exception {
        byte[] code = X86Harness.nasm("""
                    lgdt [gdtr]
                    mov ax, 0x10
                    mov ds, ax
                    mov ebx, [0x10]      ; DS base 0x00200000 -> linear 0x00200010
                    xor ax, ax
                    mov es, ax           ; null selector: allowed for ES
                    mov ss, ax           ; null selector into SS: #GP(0)
                    hlt
                align 8
                gdt: dq 0
                     dq 0x00CF9A000000FFFF   ; 08h: code, base 0, 4 GiB
                     dq 0x00CF92200000FFFF   ; 10h: data, base 00200000h, 4 GiB
                gdtr: dw 23
                      dd gdt
                """, 32, 0x1000);
        try (X86Harness h = new X86Harness(tier)) {
            h.mem.addRam("high", 0x20_0000, 0x1000);
            h.flat32(code, 0x1000);
            h.mem.write(0x20_0010, 4, false, 0xCAFEF00DL);
            h.run(100);
            assertEquals(List.of(X86Cpu.EXC_GP), h.exceptions);
            assertEquals(0xCAFEF00DL, h.cpu.regs[X86Cpu.EBX]);
            assertEquals(0x20_0000, h.cpu.regs[X86Cpu.SEG_BASE + X86Cpu.DS]);
            assertEquals(0xFFFF_FFFFL, h.cpu.regs[X86Cpu.SEG_LIMIT + X86Cpu.DS]);
            assertEquals(0, h.cpu.regs[X86Cpu.SEG_SEL + X86Cpu.ES]);
            assertEquals(0, h.cpu.regs[X86Cpu.SEG_ATTR + X86Cpu.ES] & X86Cpu.ATTR_P, "null ES is unusable");
        }
    }

    /** POPF/CLI at CPL 3 (SDM Vol. 2B POPF table; CLI): IF and IOPL do not change; CLI with IOPL 0 is #GP(0). */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void iopl(X86Harness.Tier tier) throws Exception {
        byte[] popf = X86Harness.nasm("push dword 0x3000\npopfd\npushfd\npop eax\ncli\nhlt", 32, 0x1000);
        try (X86Harness h = new X86Harness(tier)) {
            h.flat32(popf, 0x1000);
            h.cpu.setSegment(X86Cpu.CS, 0x1B, 0, 0xFFFF_FFFFL, h.cpu.regs[X86Cpu.SEG_ATTR + X86Cpu.CS] == 0 ? 0
                    : (int) h.cpu.regs[X86Cpu.SEG_ATTR + X86Cpu.CS] | 3 << 5);
            h.cpu.setSegment(X86Cpu.SS, 0x23, 0, 0xFFFF_FFFFL, (int) h.cpu.regs[X86Cpu.SEG_ATTR + X86Cpu.SS] | 3 << 5);
            h.cpu.setEflags(X86Cpu.IF);
            assertEquals(3, h.cpu.cpl());
            h.run(100);
            assertEquals(X86Cpu.IF | 2, h.cpu.regs[X86Cpu.EAX] & (X86Cpu.IF | X86Cpu.IOPL | 2),
                    "IOPL and IF kept at CPL 3 > IOPL 0");
            assertEquals(List.of(X86Cpu.EXC_GP), h.exceptions, "CLI at CPL 3 > IOPL");
        }
    }

    /** IN/OUT go to the board's {@link PortIo} (SDM Vol. 1 19); INSB/OUTSB too. */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void portIo(X86Harness.Tier tier) throws Exception {
        byte[] code = X86Harness.nasm("""
                    mov dx, 0x3F8
                    mov al, 'A'
                    out dx, al
                    out 0x80, ax
                    in al, 0x60
                    mov bl, al
                    mov dx, 0xCFC
                    in eax, dx
                    mov esi, msg
                    mov ecx, 3
                    mov dx, 0x3F8
                    rep outsb
                    hlt
                msg: db 'xyz'
                """, 32, 0x1000);
        List<String> log = new ArrayList<>();
        try (X86Harness h = new X86Harness(tier)) {
            h.flat32(code, 0x1000);
            h.cpu.io = new PortIo() {
                @Override
                public int in(int port, int size) {
                    log.add(String.format("in %x/%d", port, size));
                    return port == 0x60 ? 0x1C : 0x12345678;
                }

                @Override
                public void out(int port, int size, int value) {
                    log.add(String.format("out %x/%d=%x", port, size, value));
                }
            };
            h.run(100);
            assertTrue(h.cpu.halted);
            assertEquals(List.of("out 3f8/1=41", "out 80/2=41", "in 60/1", "in cfc/4", "out 3f8/1=78", "out 3f8/1=79",
                    "out 3f8/1=7a"), log);
            assertEquals(0x1C, h.cpu.regs[X86Cpu.EBX] & 0xFF);
            assertEquals(0x12345678, h.cpu.regs[X86Cpu.EAX]);
        }
    }

    /** CPUID (qemu32-like model) and RDTSC (instructions retired). */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void cpuidAndRdtsc(X86Harness.Tier tier) throws Exception {
        byte[] code = X86Harness.nasm("""
                    xor eax, eax
                    cpuid
                    mov [0x2000], ebx
                    mov [0x2004], edx
                    mov [0x2008], ecx
                    mov eax, 1
                    cpuid
                    mov esi, eax
                    mov edi, edx
                    rdtsc
                    mov ebp, eax
                    nop
                    nop
                    rdtsc
                    sub eax, ebp
                    hlt
                """, 32, 0x1000);
        try (X86Harness h = new X86Harness(tier)) {
            h.flat32(code, 0x1000);
            h.run(100);
            assertEquals("GenuineIntel", new String(h.mem.readBytes(0x2000, 12), java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(0x663, h.cpu.regs[X86Cpu.ESI]);
            assertTrue((h.cpu.regs[X86Cpu.EDI] & (1 << 8)) != 0, "CX8");
            assertTrue((h.cpu.regs[X86Cpu.EDI] & (1 << 15)) != 0, "CMOV");
            assertEquals(4, h.cpu.regs[X86Cpu.EAX], "4 instructions between the two RDTSCs' reads");
        }
    }

    /** HLT halts until an interrupt; an INTR with IF = 1 is delivered through the IVT and wakes the CPU. */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void hltAndExternalInterrupt(X86Harness.Tier tier) throws Exception {
        byte[] code = X86Harness.nasm("""
                    sti
                    hlt
                    mov bx, 1
                    hlt
                handler:
                    mov cx, 7
                    iret
                """, 16, 0);
        try (X86Harness h = new X86Harness(tier)) {
            h.stopOnException = false;
            h.real16(code, 0x1000, 0, 0x3000);
            h.mem.write(0x08 * 4, 2, false, code.length - 4);
            h.mem.write(0x08 * 4 + 2, 2, false, 0x1000);
            h.run(100);
            assertTrue(h.cpu.halted);
            assertFalse((h.cpu.regs[X86Cpu.EBX] & 0xFFFF) == 1);
            h.cpu.interruptAck = () -> 0x08;
            h.cpu.setInterrupt(X86Cpu.INTERRUPT_INTR, true);
            assertTrue(h.cpu.checkInterrupts());
            h.cpu.setInterrupt(X86Cpu.INTERRUPT_INTR, false);
            h.run(100);
            assertEquals(7, h.cpu.regs[X86Cpu.ECX] & 0xFFFF);
            assertEquals(1, h.cpu.regs[X86Cpu.EBX] & 0xFFFF, "resumed after the first HLT");
        }
    }

    /** An instruction that straddles a 4 KiB page boundary executes (the decoder fetches from both pages). */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void instructionCrossingAPage(X86Harness.Tier tier) throws Exception {
        byte[] code = X86Harness.nasm("mov eax, 0x12345678\nadd eax, 1\nhlt", 32, 0x1FFD);
        try (X86Harness h = new X86Harness(tier)) {
            h.flat32(code, 0x1FFD);          // B8 78 56 | 34 12: the immediate spans 1FFEh..2001h
            h.run(10);
            assertTrue(h.cpu.halted);
            assertEquals(0x12345679, h.cpu.regs[X86Cpu.EAX]);
        }
    }

    /**
     * Self-modifying code (SDM Vol. 3A 11.6): a store into an already translated instruction, followed by a
     * jump to it, executes the new instruction.
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void selfModifyingCode(X86Harness.Tier tier) throws Exception {
        byte[] code = X86Harness.nasm("""
                    mov ecx, 2
                again:
                    call patched
                    mov byte [patched+1], 7      ; mov eax, 1 -> mov eax, 7
                    dec ecx
                    jnz again
                    hlt
                patched:
                    mov eax, 1
                    ret
                """, 32, 0x1000);
        try (X86Harness h = new X86Harness(tier)) {
            h.flat32(code, 0x1000);
            h.run(100);
            assertTrue(h.cpu.halted);
            assertEquals(7, h.cpu.regs[X86Cpu.EAX], "the second call ran the patched instruction");
        }
    }

    /** SDM Vol. 3A 9.1.1 Table 9-1: the power-up state. */
    @Test
    void resetState() {
        try (X86Harness h = new X86Harness(X86Harness.Tier.INTERPRETER)) {
            X86Cpu c = h.cpu;
            c.reset();
            assertEquals(0xFFF0, c.eip());
            assertEquals(0xFFFF_FFF0L, c.pc());
            assertEquals(0xF000, c.regs[X86Cpu.SEG_SEL + X86Cpu.CS]);
            assertEquals(0xFFFF_0000L, c.regs[X86Cpu.SEG_BASE + X86Cpu.CS]);
            assertEquals(2, c.eflags());
            assertEquals(0x6000_0010, c.cr0);
            assertEquals(0x663, c.regs[X86Cpu.EDX]);
            assertFalse(c.protectedMode());
            assertEquals(0xFFFF, c.idtrLimit);
        }
    }
}
