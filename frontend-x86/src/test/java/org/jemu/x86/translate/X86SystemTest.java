package org.jemu.x86.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jemu.x86.cpu.PortIo;
import org.jemu.x86.cpu.X86Cpu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * System-architecture tests written from the SDM Vol. 3A: protected-mode interrupt delivery through the IDT
 * (6.10..6.14), privilege changes through interrupt gates and call gates (5.8), IRET to outer levels and to
 * virtual-8086 mode, task switches (7.3), the double fault through a task gate and the triple fault (6.15),
 * exception error codes (6.13), virtual-8086 mode with IOPL and the I/O permission bit map (20.2, Vol. 1
 * 19.5), descriptor instructions, and 32-bit paging (4.3, 4.6, 4.7, 4.8).
 *
 * <p>Each program is a nasm source that builds its own GDT, IDT and TSSs, as an operating system does, from
 * the common {@link #PRELUDE}, and leaves what it observed in a results area at {@code RES} (0x34000) for
 * the assertions. Each runs in both tiers (interpreter, and compiled at the first execution).
 */
class X86SystemTest {

    @BeforeAll
    static void nasm() {
        X86Harness.requireNasm();
    }

    static final long ORG = 0x10000;
    static final long RES = 0x34000;
    static final long TSS0 = 0x30000;
    static final long TSS1 = 0x33000;

    /**
     * Loads the GDT and IDT, reloads the segment registers through a far JMP, sets up TSS0 (ring-0 stack
     * STACK0, an I/O bit map of 8 KiB after the TSS that allows every port) and loads TR, then jumps to
     * {@code body}. GDT: 08 ring-0 code, 10 ring-0 data, 1B ring-3 code, 23 ring-3 data, 28 TSS0 (with the
     * I/O map), 30 TSS1 and 38 TSS2 (plain 32-bit TSSs), 40..58 free for the tests.
     */
    static final String PRELUDE = """
            %define RES 0x34000
            %define TSS0 0x30000
            %define TSS1 0x33000
            %define TSS2 0x33400
            %define STACK0 0x80000
            %define STACK3 0x70000
            %define SEL_C0 0x08
            %define SEL_D0 0x10
            %define SEL_C3 0x1B
            %define SEL_D3 0x23
            %define SEL_TSS0 0x28
            %define SEL_TSS1 0x30
            %define SEL_TSS2 0x38
            %macro GATE 5            ; table, index, selector, offset, attribute word (P DPL type | params)
                mov eax, %4
                mov [%1 + (%2) * 8], ax
                mov word [%1 + (%2) * 8 + 2], %3
                mov word [%1 + (%2) * 8 + 4], %5
                shr eax, 16
                mov [%1 + (%2) * 8 + 6], ax
            %endmacro
            %macro TO_RING3 1        ; IRET to ring 3 at the label, stack STACK3
                push dword SEL_D3
                push dword STACK3
                pushfd
                push dword SEL_C3
                push dword %1
                iretd
            %endmacro
            %macro FLAT_TASK 3       ; TSS address, EIP, ESP: a ring-0 flat task
                mov dword [%1 + 0x20], %2
                mov dword [%1 + 0x24], 2
                mov dword [%1 + 0x38], %3
                mov word [%1 + 0x48], SEL_D0
                mov word [%1 + 0x4C], SEL_C0
                mov word [%1 + 0x50], SEL_D0
                mov word [%1 + 0x54], SEL_D0
                mov word [%1 + 0x58], SEL_D0
                mov word [%1 + 0x5C], SEL_D0
            %endmacro
            start:
                lgdt [gdtr]
                lidt [idtr]
                jmp SEL_C0:.flush
            .flush:
                mov ax, SEL_D0
                mov ds, ax
                mov es, ax
                mov fs, ax
                mov gs, ax
                mov ss, ax
                mov esp, STACK0
                mov dword [TSS0 + 4], STACK0
                mov dword [TSS0 + 8], SEL_D0
                mov word [TSS0 + 0x66], 0x68
                mov byte [TSS0 + 0x68 + 0x2000], 0xFF
                mov ax, SEL_TSS0
                ltr ax
                jmp body
            align 8
            gdt:
                dq 0
                dq 0x00CF9A000000FFFF
                dq 0x00CF92000000FFFF
                dq 0x00CFFA000000FFFF
                dq 0x00CFF2000000FFFF
                dq 0x0000890300002068
                dq 0x0000890330000067
                dq 0x0000890334000067
                times 4 dq 0
            gdt_end:
            gdtr:
                dw gdt_end - gdt - 1
                dd gdt
            idtr:
                dw 256 * 8 - 1
                dd idt
            align 8
            idt:
                times 256 dq 0
            """;

    private static byte[] program(String body) throws Exception {
        return X86Harness.nasm(PRELUDE + body, 32, ORG);
    }

    private static X86Harness run(X86Harness.Tier tier, byte[] code, long budget) {
        X86Harness h = new X86Harness(tier);
        h.stopOnException = false;
        h.flat32(code, ORG);
        h.run(budget);
        return h;
    }

    private static long res(X86Harness h, int index) {
        return h.mem.read(RES + 4L * index, 4, false) & 0xFFFF_FFFFL;
    }

    /** Address of the 4-byte little-endian label value the program stored at RES slot {@code index}. */
    private static void assertRes(X86Harness h, int index, long expected, String what) {
        assertEquals(expected, res(h, index), what + String.format(" (RES[%d])", index));
    }

    /**
     * Vol. 3A 6.12.1 and Figure 6-4: INT n from ring 3 through a DPL-3 interrupt gate to a ring-0 handler
     * switches to SS0:ESP0 from the TSS and pushes SS, ESP, EFLAGS, CS, EIP; IF is cleared; IRET returns to
     * ring 3 (Vol. 2A IRET: DS with DPL 0 becomes null on the way out, 5.8.6). INT n through a DPL-0 gate
     * from ring 3 is #GP(vector * 8 + 2) with the INT instruction as the saved EIP (Vol. 3A 6.12.1.1).
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void interruptGateFromRing3ToRing0AndBack(X86Harness.Tier tier) throws Exception {
        byte[] code = program("""
                body:
                    GATE idt, 0x80, SEL_C0, h80, 0xEE00
                    GATE idt, 0x81, SEL_C0, h80, 0x8E00
                    GATE idt, 13, SEL_C0, hgp, 0x8F00
                    sti
                    TO_RING3 ring3
                ring3:
                    mov eax, ds
                    mov [ss:RES + 0], eax
                    mov [ss:RES + 4], esp
                    mov eax, 0x1234
                    int 0x80
                    mov [ss:RES + 8], eax
                    mov [ss:RES + 12], esp
                    mov eax, cs
                    mov [ss:RES + 56], eax
                int81:
                    int 0x81
                    jmp $
                h80:
                    mov [ss:RES + 16], esp
                    mov ebx, [esp + 4]
                    mov [ss:RES + 20], ebx
                    mov ebx, [esp + 8]
                    mov [ss:RES + 24], ebx
                    pushfd
                    pop ebx
                    mov [ss:RES + 28], ebx
                    mov ebx, [esp + 12]
                    mov [ss:RES + 32], ebx
                    mov ebx, [esp + 16]
                    mov [ss:RES + 36], ebx
                    mov ebx, cs
                    mov [ss:RES + 40], ebx
                    inc eax
                    iretd
                hgp:
                    pop ebx
                    mov [ss:RES + 44], ebx
                    mov ebx, [esp]
                    mov [ss:RES + 48], ebx
                    mov dword [ss:RES + 52], int81
                    hlt
                """);
        try (X86Harness h = run(tier, code, 10_000)) {
            assertTrue(h.cpu.halted, h.cpu.dumpRegisters());
            assertRes(h, 0, 0, "DS (DPL 0) nulled by the IRET to ring 3");
            assertRes(h, 1, 0x70000, "ring-3 stack");
            assertRes(h, 2, 0x1235, "handler ran and returned EAX");
            assertRes(h, 3, 0x70000, "IRET restored ESP");
            assertRes(h, 4, 0x80000 - 20, "handler on SS0:ESP0 with 5 doublewords pushed");
            assertRes(h, 5, 0x1B, "pushed CS");
            assertTrue((res(h, 6) & X86Cpu.IF) != 0, "pushed EFLAGS has IF");
            assertEquals(0, res(h, 7) & X86Cpu.IF, "interrupt gate cleared IF");
            assertRes(h, 8, 0x70000, "pushed ESP");
            assertRes(h, 9, 0x23, "pushed SS");
            assertRes(h, 10, 0x08, "handler CS at CPL 0");
            assertRes(h, 14, 0x1B, "back in ring 3");
            assertRes(h, 11, 0x81 * 8 + 2, "#GP error code: IDT vector 81h, EXT = 0");
            assertEquals(res(h, 13), res(h, 12), "#GP saved EIP is the INT 81h");
            assertEquals(0, h.cpu.cpl());
        }
    }

    /**
     * Vol. 3A 5.8.5 and Figure 5-13: a CALL through a DPL-3 call gate with a parameter count of 2 to a ring-0
     * code segment pushes the caller's SS and ESP on the inner stack, copies the two parameters and pushes
     * CS:EIP; RETF 8 returns to ring 3 and releases the parameters on both stacks (Vol. 2B "RET"). A JMP
     * through the same gate to a more privileged non-conforming segment is #GP(code selector) (5.8.6).
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void callGateWithParametersAcrossPrivilegeLevels(X86Harness.Tier tier) throws Exception {
        byte[] code = program("""
                body:
                    GATE gdt, 8, SEL_C0, target, 0xEC02
                    GATE idt, 13, SEL_C0, hgp, 0x8E00
                    TO_RING3 ring3
                ring3:
                    push dword 0x1111
                    push dword 0x2222
                    call 0x43:0
                    mov [ss:RES + 0], eax
                    mov [ss:RES + 4], esp
                    mov eax, cs
                    mov [ss:RES + 8], eax
                    jmp 0x43:0
                target:
                    mov eax, cs
                    mov [ss:RES + 12], eax
                    mov eax, [esp + 8]
                    mov [ss:RES + 16], eax
                    mov eax, [esp + 12]
                    mov [ss:RES + 20], eax
                    mov eax, [esp + 16]
                    mov [ss:RES + 24], eax
                    mov eax, [esp + 20]
                    mov [ss:RES + 28], eax
                    mov [ss:RES + 32], esp
                    mov eax, 0x5555
                    retf 8
                hgp:
                    pop ebx
                    mov [ss:RES + 36], ebx
                    hlt
                """);
        try (X86Harness h = run(tier, code, 10_000)) {
            assertTrue(h.cpu.halted, h.cpu.dumpRegisters());
            assertRes(h, 3, 0x08, "gate target runs at CPL 0");
            assertRes(h, 4, 0x2222, "first parameter");
            assertRes(h, 5, 0x1111, "second parameter");
            assertRes(h, 6, 0x70000 - 8, "caller's ESP");
            assertRes(h, 7, 0x23, "caller's SS");
            assertRes(h, 8, 0x80000 - 24, "inner stack: SS ESP 2 params CS EIP");
            assertRes(h, 0, 0x5555, "returned EAX");
            assertRes(h, 1, 0x70000, "RETF 8 released the parameters");
            assertRes(h, 2, 0x1B, "back at CPL 3");
            assertRes(h, 9, 0x08, "JMP through the gate to ring 0: #GP(target selector)");
        }
    }

    /**
     * Vol. 3A 7.3 and Table 7-2: CALL to a TSS saves the state in the current TSS, sets NT and the back link
     * in the new one and keeps the old task busy; IRET with NT returns to the back link, clearing the busy
     * bit of the task it leaves; JMP to a TSS clears the old task's busy bit and does not set NT. CR0.TS is
     * set by every switch.
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void taskSwitchByCallIretAndJmp(X86Harness.Tier tier) throws Exception {
        byte[] code = program("""
                body:
                    FLAT_TASK TSS1, task1, 0x60000
                    mov dword [TSS1 + 0x28], 0xAAAA
                    clts
                    mov eax, 0x7777
                    mov ebx, 0xB0B0
                    call SEL_TSS1:0
                    mov [RES + 0], eax
                    mov [RES + 4], ebx
                    mov eax, [gdt + 0x30 + 4]
                    mov [RES + 8], eax
                    mov eax, [gdt + 0x28 + 4]
                    mov [RES + 12], eax
                    pushfd
                    pop eax
                    mov [RES + 16], eax
                    mov eax, cr0
                    mov [RES + 20], eax
                    mov [RES + 64], esp
                    jmp SEL_TSS1:0
                task1:
                    mov [RES + 24], eax
                    pushfd
                    pop eax
                    mov [RES + 28], eax
                    movzx eax, word [TSS1]
                    mov [RES + 32], eax
                    str ax
                    movzx eax, ax
                    mov [RES + 36], eax
                    mov eax, [gdt + 0x28 + 4]
                    mov [RES + 40], eax
                    mov [RES + 44], esp
                    iretd
                    pushfd
                    pop eax
                    mov [RES + 48], eax
                    mov eax, [gdt + 0x28 + 4]
                    mov [RES + 52], eax
                    mov eax, [gdt + 0x30 + 4]
                    mov [RES + 56], eax
                    mov eax, [TSS0 + 0x20]
                    mov [RES + 60], eax
                    hlt
                """);
        try (X86Harness h = run(tier, code, 10_000)) {
            assertTrue(h.cpu.halted, h.cpu.dumpRegisters());
            assertRes(h, 6, 0xAAAA, "task 1 EAX from its TSS");
            assertTrue((res(h, 7) & X86Cpu.NT) != 0, "CALL set NT in the new task");
            assertRes(h, 8, 0x28, "back link = old TR");
            assertRes(h, 9, 0x30, "STR in task 1");
            assertEquals(0xB00, res(h, 10) & 0xF00, "old task stays busy after CALL");
            assertRes(h, 11, 0x60000, "task 1 ESP");
            assertRes(h, 0, 0x7777, "task 0 EAX restored from its TSS");
            assertRes(h, 1, 0xB0B0, "task 0 EBX restored");
            assertEquals(0x900, res(h, 2) & 0xF00, "IRET cleared task 1's busy bit");
            assertEquals(0xB00, res(h, 3) & 0xF00, "task 0 busy again");
            assertEquals(0, res(h, 4) & X86Cpu.NT, "task 0 NT clear");
            assertTrue((res(h, 5) & X86Cpu.CR0_TS) != 0, "task switch set CR0.TS");
            assertRes(h, 16, 0x80000, "task 0 ESP");
            assertEquals(0, res(h, 12) & X86Cpu.NT, "JMP does not set NT (and IRET saved NT clear)");
            assertEquals(0x900, res(h, 13) & 0xF00, "JMP cleared the old task's busy bit");
            assertEquals(0xB00, res(h, 14) & 0xF00, "new task busy");
            long saved = res(h, 15);
            assertTrue(saved > ORG && saved < ORG + code.length, "EIP after the JMP saved in TSS0");
            assertEquals(0x30, h.cpu.trSel);
        }
    }

    /**
     * Vol. 3A 6.15 "Interrupt 8" and Table 6-5: a #GP whose IDT entry is empty raises another #GP during its
     * delivery (contributory on contributory), a double fault; Linux-style, #DF goes through a task gate to
     * its own task, which gets error code 0 on its stack and the back link to the faulting task; the
     * faulting instruction's EIP is saved in the old TSS.
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void doubleFaultThroughTaskGate(X86Harness.Tier tier) throws Exception {
        byte[] code = program("""
                body:
                    FLAT_TASK TSS2, df_task, 0x58000
                    GATE idt, 8, SEL_TSS2, 0, 0x8500
                    mov ax, 0x48
                bad:
                    mov ds, ax
                    hlt
                df_task:
                    pop eax
                    mov [RES + 0], eax
                    mov [RES + 4], esp
                    movzx eax, word [TSS2]
                    mov [RES + 8], eax
                    mov eax, [TSS0 + 0x20]
                    mov [RES + 12], eax
                    mov dword [RES + 16], bad
                    hlt
                """);
        try (X86Harness h = run(tier, code, 10_000)) {
            assertTrue(h.cpu.halted, h.cpu.dumpRegisters());
            assertEquals(List.of(13, 8), h.exceptions, "#GP, then #DF (the second #GP is part of the delivery)");
            assertRes(h, 0, 0, "#DF error code 0");
            assertRes(h, 1, 0x58000, "error code popped from the new task's stack");
            assertRes(h, 2, 0x28, "back link");
            assertEquals(res(h, 4), res(h, 3), "faulting EIP saved in the old TSS");
            assertEquals(0, h.cpu.shutdowns);
        }
    }

    /**
     * Vol. 3A 6.15: with an empty IDT, #UD cannot be delivered (#GP), nor can that #GP (double fault), nor
     * the #DF: the processor shuts down, which the board sees through {@link X86Cpu#shutdownHook}.
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void tripleFaultShutsDown(X86Harness.Tier tier) throws Exception {
        byte[] code = program("""
                body:
                    lidt [empty]
                    ud2
                    hlt
                empty:
                    dw 0
                    dd 0
                """);
        try (X86Harness h = new X86Harness(tier)) {
            h.stopOnException = false;
            List<Long> seen = new ArrayList<>();
            h.cpu.shutdownHook = c -> seen.add(c.eip());
            h.flat32(code, ORG);
            h.run(10_000);
            assertEquals(1, h.cpu.shutdowns);
            assertTrue(h.cpu.stopped, "CPU stopped in shutdown");
            assertEquals(1, seen.size(), "board told once");
            assertEquals(List.of(6, 13, 8), h.exceptions);
        }
    }

    /**
     * Vol. 3A 6.13 "Error Code": segment loads that fault report the selector: #NP for a not-present data
     * segment, #SS for a not-present stack segment, #GP beyond the GDT limit and for an SS with DPL != CPL,
     * #TS for a TSS whose limit is below 67h (7.3 step 3), #NP for a not-present TSS. The handler records
     * vector and error code and skips the instruction (its length in EDX).
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void segmentFaultErrorCodes(X86Harness.Tier tier) throws Exception {
        byte[] code = program("""
                body:
                    GATE idt, 10, SEL_C0, h10, 0x8F00
                    GATE idt, 11, SEL_C0, h11, 0x8F00
                    GATE idt, 12, SEL_C0, h12, 0x8F00
                    GATE idt, 13, SEL_C0, h13, 0x8F00
                    mov dword [gdt + 0x48], 0x0000FFFF       ; data, DPL 0, not present
                    mov dword [gdt + 0x48 + 4], 0x00CF1200
                    mov dword [gdt + 0x50], 0x30000020       ; 32-bit TSS, limit 20h
                    mov dword [gdt + 0x50 + 4], 0x00008903
                    mov dword [gdt + 0x58], 0x30000067       ; 32-bit TSS, not present
                    mov dword [gdt + 0x58 + 4], 0x00000903
                    xor ecx, ecx
                    mov edx, 2
                    mov ax, 0x48
                    mov ds, ax
                    mov ss, ax
                    mov ax, 0xF8
                    mov es, ax
                    mov ax, 0x20
                    mov ss, ax
                    mov edx, 7
                    jmp 0x50:0
                    jmp 0x58:0
                    mov [RES + 0], ecx
                    hlt
                h10: push dword 10
                    jmp rec
                h11: push dword 11
                    jmp rec
                h12: push dword 12
                    jmp rec
                h13: push dword 13
                rec:
                    xchg eax, [esp]
                    mov [ss:RES + 4 + ecx * 8], eax
                    mov eax, [esp + 4]
                    mov [ss:RES + 8 + ecx * 8], eax
                    pop eax
                    add esp, 4
                    inc ecx
                    add [esp], edx
                    iretd
                """);
        try (X86Harness h = run(tier, code, 10_000)) {
            assertTrue(h.cpu.halted, h.cpu.dumpRegisters());
            StringBuilder got = new StringBuilder();
            for (int i = 0; i < 13; i++) {
                got.append(Long.toHexString(res(h, i))).append(' ');
            }
            got.append(h.exceptions);
            assertRes(h, 0, 6, "six faults: " + got);
            long[][] expect = {{11, 0x48}, {12, 0x48}, {13, 0xF8}, {13, 0x20}, {10, 0x50}, {11, 0x58}};
            for (int i = 0; i < expect.length; i++) {
                assertEquals(expect[i][0], res(h, 1 + 2 * i), "vector of fault " + i + ": " + got);
                assertEquals(expect[i][1], res(h, 2 + 2 * i), "error code of fault " + i);
            }
        }
    }

    /**
     * Vol. 3A 20.2 and 20.2.7, Vol. 1 19.5.2: IRET from ring 0 with VM set enters virtual-8086 mode (segments
     * as in real mode); with IOPL 0, IN from a port whose bit map bit is set, CLI, INT n and PUSHF raise
     * #GP(0), which a ring-0 handler receives with GS FS DS ES SS ESP pushed and the data segments nulled
     * (6.12.1, Figure 20-4); OUT to a port whose bit is clear is performed; the handler returns to V86 mode
     * with IRET; HLT at CPL 3 is #GP too.
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void virtual8086ModeWithIopl0AndIoBitmap(X86Harness.Tier tier) throws Exception {
        byte[] code = program("""
                body:
                    GATE idt, 13, SEL_C0, v86gp, 0x8E00
                    or byte [TSS0 + 0x68 + (0x81 >> 3)], 1 << (0x81 & 7)
                    push dword 0
                    push dword 0
                    push dword 0x3500
                    push dword 0
                    push dword 0x5000
                    push dword 0xFFFC
                    push dword 0x20002
                    push dword (v86code - $$ + 0x10000) >> 4
                    push dword 0
                    iretd
                v86gp:
                    pop ebx
                    mov ecx, [ss:RES]
                    shl ecx, 4
                    mov [ss:RES + 4 + ecx], ebx
                    mov eax, [esp]
                    mov [ss:RES + 8 + ecx], eax
                    mov eax, [esp + 24]
                    mov [ss:RES + 12 + ecx], eax
                    mov eax, ds
                    mov [ss:RES + 16 + ecx], eax
                    inc dword [ss:RES]
                    movzx eax, word [esp + 4]
                    shl eax, 4
                    add eax, [esp]
                    movzx eax, byte [ss:eax]
                    cmp al, 0xF4
                    je .done
                    mov edx, 2
                    cmp al, 0xFA
                    je .one
                    cmp al, 0x9C
                    jne .skip
                .one:
                    mov edx, 1
                .skip:
                    add [esp], edx
                    iretd
                .done:
                    hlt
                bits 16
                align 16
                v86code:
                    mov al, 0x55
                    out 0x80, al
                    in al, 0x81
                    cli
                    int 0x30
                    pushf
                    mov word [0x10], 0x4242
                    mov [0x12], ss
                    hlt
                """);
        try (X86Harness h = new X86Harness(tier)) {
            h.stopOnException = false;
            List<String> io = new ArrayList<>();
            h.cpu.io = new PortIo() {
                @Override
                public int in(int port, int size) {
                    io.add("in " + Integer.toHexString(port));
                    return 0;
                }

                @Override
                public void out(int port, int size, int value) {
                    io.add("out " + Integer.toHexString(port) + " " + Integer.toHexString(value));
                }
            };
            h.flat32(code, ORG);
            h.run(10_000);
            assertTrue(h.cpu.halted, h.cpu.dumpRegisters());
            assertEquals(List.of("out 80 55"), io, "OUT 80h allowed by the bit map, IN 81h not performed");
            assertRes(h, 0, 5, "IN, CLI, INT, PUSHF, HLT trapped");
            for (int i = 0; i < 5; i++) {
                assertEquals(0, res(h, 1 + 4 * i), "#GP(0)");
                assertEquals(0x3500, res(h, 3 + 4 * i), "pushed DS of the V86 task");
                assertEquals(0, res(h, 4 + 4 * i), "DS nulled in the handler");
            }
            assertEquals(0x4242, h.mem.read(0x35010, 2, false), "V86 store through DS * 16");
            assertEquals(0x5000, h.mem.read(0x35012, 2, false), "V86 SS selector");
        }
    }

    /**
     * Vol. 3A 20.2.7 and 20.3.1.1: with IOPL 3, CLI/STI/PUSHF run in virtual-8086 mode, and INT n goes through
     * the IDT (a DPL-3 gate) to a ring-0 handler that finds EIP CS EFLAGS(VM) ESP SS ES DS FS GS on SS0:ESP0;
     * its IRET returns to V86 mode.
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void virtual8086InterruptWithIopl3(X86Harness.Tier tier) throws Exception {
        byte[] code = program("""
                body:
                    GATE idt, 0x30, SEL_C0, h30, 0xEE00
                    GATE idt, 13, SEL_C0, hgp, 0x8E00
                    push dword 0x11
                    push dword 0x22
                    push dword 0x3500
                    push dword 0x44
                    push dword 0x5000
                    push dword 0xFFFC
                    push dword 0x23002
                    push dword (v86code - $$ + 0x10000) >> 4
                    push dword 0
                    iretd
                h30:
                    mov [ss:RES + 0], esp
                    mov eax, [esp + 8]
                    mov [ss:RES + 4], eax
                    mov eax, [esp + 20]
                    mov [ss:RES + 8], eax
                    mov eax, [esp + 24]
                    mov [ss:RES + 12], eax
                    mov eax, [esp + 28]
                    mov [ss:RES + 16], eax
                    mov eax, [esp + 32]
                    mov [ss:RES + 20], eax
                    mov eax, gs
                    mov [ss:RES + 24], eax
                    mov eax, 0x6789
                    iretd
                hgp:
                    pop ebx
                    add ebx, 0x100
                    mov [ss:RES + 28], ebx
                    hlt
                bits 16
                align 16
                v86code:
                    cli
                    sti
                    pushf
                    pop bx
                    int 0x30
                    mov [0x20], ax
                    mov [0x22], bx
                    mov [0x24], gs
                    hlt
                """);
        try (X86Harness h = run(tier, code, 10_000)) {
            assertTrue(h.cpu.halted, h.cpu.dumpRegisters());
            assertRes(h, 0, 0x80000 - 36, "9 doublewords on SS0:ESP0");
            assertTrue((res(h, 1) & X86Cpu.VM) != 0, "pushed EFLAGS has VM");
            assertRes(h, 2, 0x44, "pushed ES");
            assertRes(h, 3, 0x3500, "pushed DS");
            assertRes(h, 4, 0x22, "pushed FS");
            assertRes(h, 5, 0x11, "pushed GS");
            assertRes(h, 6, 0, "GS nulled in the handler");
            assertEquals(0x6789, h.mem.read(0x35020, 2, false), "back in V86 with the handler's AX");
            assertEquals(0x3202, h.mem.read(0x35022, 2, false) & 0x3202, "PUSHF with IOPL 3 and IF (STI)");
            assertEquals(0x11, h.mem.read(0x35024, 2, false), "GS reloaded by the IRET to V86");
            assertRes(h, 7, 0x100, "HLT in V86 is #GP(0)");
        }
    }

    /**
     * SDM Vol. 2 "LAR", "LSL", "VERR/VERW", "ARPL", "SLDT", "LLDT": descriptor checks without faults, and a
     * data segment loaded from the LDT (TI = 1, Vol. 3A 3.4.2).
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void descriptorInstructionsAndLdt(X86Harness.Tier tier) throws Exception {
        byte[] code = program("""
                body:
                    mov eax, ldt
                    mov [gdt + 0x40 + 2], ax
                    shr eax, 16
                    mov [gdt + 0x40 + 4], al
                    mov [gdt + 0x40 + 7], ah
                    mov word [gdt + 0x40], 15
                    mov byte [gdt + 0x40 + 5], 0x82
                    mov ax, 0x40
                    lldt ax
                    sldt bx
                    movzx ebx, bx
                    mov [RES + 0], ebx
                    mov ax, 0x0C
                    mov es, ax
                    mov eax, [es:0]
                    mov [RES + 4], eax
                    mov ebx, 0xFFFFFFFF
                    lar ebx, [sel_code3]
                    mov [RES + 8], ebx
                    pushfd
                    pop eax
                    mov [RES + 12], eax
                    lsl ecx, [sel_ldt_data]
                    mov [RES + 16], ecx
                    mov ecx, 0x1234
                    lsl ecx, [sel_bad]
                    pushfd
                    pop eax
                    mov [RES + 20], eax
                    mov [RES + 24], ecx
                    verw word [sel_code3]
                    pushfd
                    pop eax
                    mov [RES + 28], eax
                    verr word [sel_code3]
                    pushfd
                    pop eax
                    mov [RES + 32], eax
                    mov ax, 0x10
                    mov bx, 0x23
                    arpl ax, bx
                    movzx eax, ax
                    mov [RES + 36], eax
                    pushfd
                    pop eax
                    mov [RES + 40], eax
                    hlt
                sel_code3: dw 0x1B
                sel_ldt_data: dw 0x0C
                sel_bad: dw 0x1F8
                align 8
                ldt:
                    dq 0
                    dq 0x0040920340000FFF
                """);
        try (X86Harness h = run(tier, code, 10_000)) {
            assertTrue(h.cpu.halted, h.cpu.dumpRegisters());
            assertRes(h, 0, 0x40, "SLDT");
            // ES base 0x34000 (the LDT descriptor), so ES:0 is RES[0] as it was then: the SLDT result
            assertRes(h, 1, 0x40, "load through an LDT segment (base 0x34000)");
            assertRes(h, 2, 0x00C0FA00L, "LAR: high doubleword masked with 00F0FF00h");
            assertTrue((res(h, 3) & X86Cpu.ZF) != 0, "LAR ZF");
            assertRes(h, 4, 0xFFF, "LSL byte limit");
            assertEquals(0, res(h, 5) & X86Cpu.ZF, "LSL beyond the GDT: ZF = 0");
            assertRes(h, 6, 0x1234, "destination unchanged");
            assertEquals(0, res(h, 7) & X86Cpu.ZF, "VERW code: ZF = 0");
            assertTrue((res(h, 8) & X86Cpu.ZF) != 0, "VERR readable code: ZF = 1");
            assertRes(h, 9, 0x13, "ARPL raised RPL to 3");
            assertTrue((res(h, 10) & X86Cpu.ZF) != 0, "ARPL ZF");
        }
    }

    /**
     * 32-bit paging (Vol. 3A 4.3, 4.6, 4.7, 4.8, 4.10.4): a 4 MiB page (CR4.PSE) gets A on a read and D on a
     * write; a 4 KiB PTE gets A only on a read; INVLPG and a CR3 load make a changed PTE take effect. Page
     * faults report CR2 and the error code: a supervisor write to a read-only page with CR0.WP = 1 (P|W), a
     * read and a write of a not-present page (0, W), a reserved bit in a 4 MiB PDE (P|RSVD), an instruction
     * that straddles into a not-present page (0, CR2 = the second page, saved EIP = the instruction's start,
     * the instruction before it retired once), a user read of a supervisor page (P|U) and a user write of a
     * read-only page (P|W|U). With CR0.WP = 0 the supervisor write succeeds. A block whose last instruction
     * straddles two pages is keyed by both physical pages: after the second page is remapped (INVLPG) the
     * instruction's new bytes run.
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void pagingAccessedDirtyWriteProtectPseAndFaults(X86Harness.Tier tier) throws Exception {
        byte[] code = program("""
                %define PD 0x100000
                %define PT 0x101000
                body:
                    GATE idt, 14, SEL_C0, hpf, 0x8E00
                    GATE idt, 13, SEL_C0, hgp, 0x8E00
                    mov edi, PT
                    mov eax, 7
                    mov ecx, 1024
                .fill:
                    stosd
                    add eax, 0x1000
                    loop .fill
                    mov dword [PD], PT | 7
                    mov dword [PD + 0x100 * 4], 0x83
                    mov dword [PD + 0x101 * 4], 0x2083
                    mov dword [PT + 0x90 * 4], 0x90005
                    mov dword [PT + 0xA0 * 4], 0
                    mov dword [PT + 0xC1 * 4], 0
                    mov dword [PT + 0xB0 * 4], 0x35007
                    mov dword [0x35000], 0x3535
                    mov dword [0x36000], 0x3636
                    mov dword [RES + 0x100], 0xCAFE
                    mov byte [0xC0FFD], 0x41
                    mov word [0xC0FFE], 0x78B8
                    mov dword [0xC2000], 0xFF123456
                    mov byte [0xC2004], 0xE3
                    mov dword [0xC3000], 0xFFDEBC9A
                    mov byte [0xC3004], 0xE3
                    mov eax, PD
                    mov cr3, eax
                    mov eax, cr4
                    or eax, 0x10
                    mov cr4, eax
                    mov eax, cr0
                    or eax, 0x80010000
                    mov cr0, eax
                    jmp .paged
                .paged:
                    xor esi, esi
                    mov eax, [0x40000000 + RES + 0x100]
                    mov [RES + 0], eax
                    mov eax, [PD + 0x400]
                    mov [RES + 4], eax
                    mov dword [0x40000000 + RES + 0x104], 0x99
                    mov eax, [PD + 0x400]
                    mov [RES + 8], eax
                    mov eax, [0xB0000]
                    mov [RES + 12], eax
                    mov eax, [PT + 0xB0 * 4]
                    mov [RES + 16], eax
                    mov dword [PT + 0xB0 * 4], 0x36007
                    invlpg [0xB0000]
                    mov eax, [0xB0000]
                    mov [RES + 20], eax
                    mov dword [PT + 0xB0 * 4], 0x35007
                    mov eax, cr3
                    mov cr3, eax
                    mov eax, [0xB0000]
                    mov [RES + 24], eax
                    mov edx, 10
                    mov dword [0x90000], 1
                    mov edx, 6
                    mov ebx, [0xA0004]
                    mov edx, 10
                    mov dword [0xA0000], 1
                    mov edx, 6
                    mov ebx, [0x40400010]
                    mov dword [pf_fix], fixc1
                    xor edx, edx
                    xor ecx, ecx
                    mov ebx, .back
                    jmp 0xC0FFD
                .back:
                    mov [RES + 36], eax
                    mov [RES + 40], ecx
                    mov dword [pf_fix], 0
                    mov dword [PT + 0xC1 * 4], 0xC3007
                    invlpg [0xC1000]
                    mov ebx, .back2
                    jmp 0xC0FFD
                .back2:
                    mov [RES + 48], eax
                    mov [RES + 52], ecx
                    mov eax, cr0
                    and eax, ~0x10000
                    mov cr0, eax
                    mov dword [0x90000], 0x77
                    mov eax, [0x90000]
                    mov [RES + 28], eax
                    TO_RING3 ring3
                ring3:
                    mov ax, SEL_D3
                    mov ds, ax
                    mov edx, 6
                    mov ebx, [0x40000000]
                    mov ebx, [0x90000]
                    mov [RES + 32], ebx
                    mov edx, 10
                    mov dword [0x90000], 2
                    hlt
                fixc1:
                    mov dword [PT + 0xC1 * 4], 0xC2007
                    invlpg [0xC1000]
                    ret
                hpf:
                    push eax
                    push ebx
                    mov ebx, esi
                    shl ebx, 4
                    mov eax, [esp + 8]
                    mov [ss:RES + 0x40 + ebx], eax
                    mov eax, cr2
                    mov [ss:RES + 0x44 + ebx], eax
                    mov eax, [esp + 12]
                    mov [ss:RES + 0x48 + ebx], eax
                    inc esi
                    mov eax, [ss:pf_fix]
                    test eax, eax
                    jz .nofix
                    call eax
                .nofix:
                    pop ebx
                    pop eax
                    add esp, 4
                    add [esp], edx
                    iretd
                hgp:
                    mov [ss:RES + 44], esi
                    hlt
                pf_fix: dd 0
                """);
        try (X86Harness h = run(tier, code, 20_000)) {
            assertTrue(h.cpu.halted, h.cpu.dumpRegisters());
            assertRes(h, 0, 0xCAFE, "read through the 4 MiB page");
            assertRes(h, 1, 0xA3, "4 MiB PDE: A set, D clear after a read");
            assertRes(h, 2, 0xE3, "4 MiB PDE: D set after a write");
            assertEquals(0x99, h.mem.read(RES + 0x104, 4, false), "write through the 4 MiB page");
            assertRes(h, 3, 0x3535, "4 KiB page read");
            assertRes(h, 4, 0x35027, "PTE: A set, D clear after a read");
            assertRes(h, 5, 0x3636, "INVLPG: the new PTE is used");
            assertRes(h, 6, 0x3535, "CR3 load flushed the TLB");
            assertRes(h, 11, 7, "seven page faults");
            long[][] expect = {{3, 0x90000}, {0, 0xA0004}, {2, 0xA0000}, {9, 0x40400010}, {0, 0xC1000},
                {5, 0x40000000}, {7, 0x90000}};
            for (int i = 0; i < expect.length; i++) {
                assertEquals(expect[i][0], res(h, 16 + 4 * i), "#PF error code " + i);
                assertEquals(expect[i][1], res(h, 17 + 4 * i), "CR2 " + i);
            }
            assertRes(h, 18 + 4 * 4, 0xC0FFE, "fetch fault: saved EIP is the straddling instruction");
            assertRes(h, 9, 0x12345678, "the instruction ran once its second page was mapped");
            assertRes(h, 10, 1, "the INC before it retired exactly once");
            assertRes(h, 12, 0xDEBC9A78L, "the straddling instruction after its second page was remapped");
            assertRes(h, 13, 2, "and the INC ran again");
            assertRes(h, 7, 0x77, "CR0.WP = 0: supervisor write to a read-only page");
            assertRes(h, 8, 0x77, "user read of a read-only user page");
            assertEquals(0x77, h.mem.read(0x90000, 4, false), "user write faulted");
        }
    }

    /**
     * Vol. 3A 6.3.1 and 6.12: an external interrupt (INTR) wakes HLT with IF = 1 and is delivered through its
     * interrupt gate (same privilege: EFLAGS CS EIP on the current stack); from ring 3 through a gate that
     * leads to a data segment it is #GP with the selector and EXT = 1 (6.13), the saved CS being ring 3's.
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void externalInterruptsInProtectedMode(X86Harness.Tier tier) throws Exception {
        byte[] code = program("""
                body:
                    GATE idt, 0x20, SEL_C0, h20, 0x8E00
                    GATE idt, 0x21, SEL_D0, h20, 0x8E00
                    GATE idt, 13, SEL_C0, hgp, 0x8E00
                    sti
                    hlt
                    mov dword [RES + 0], 1
                    TO_RING3 ring3
                ring3:
                    inc dword [ss:RES + 4]
                    jmp ring3
                h20:
                    mov [ss:RES + 8], esp
                    mov eax, [esp + 8]
                    mov [ss:RES + 12], eax
                    mov al, 0x20
                    out 0x20, al
                    iretd
                hgp:
                    pop eax
                    mov [ss:RES + 16], eax
                    mov eax, [esp + 4]
                    mov [ss:RES + 20], eax
                    hlt
                """);
        try (X86Harness h = new X86Harness(tier)) {
            h.stopOnException = false;
            h.cpu.io = new PortIo() {
                @Override
                public int in(int port, int size) {
                    return 0;
                }

                @Override
                public void out(int port, int size, int value) {
                    if (port == 0x20) {
                        h.cpu.setInterrupt(X86Cpu.INTERRUPT_INTR, false);
                    }
                }
            };
            h.flat32(code, ORG);
            h.run(10_000);
            assertTrue(h.cpu.halted, "HLT with IF = 1");
            h.cpu.interruptAck = () -> 0x20;
            h.cpu.setInterrupt(X86Cpu.INTERRUPT_INTR, true);
            h.run(2_000);
            assertTrue(!h.cpu.halted && !h.cpu.stopped, h.cpu.dumpRegisters());
            assertRes(h, 0, 1, "returned after the HLT");
            assertTrue(res(h, 1) > 10, "ring 3 loop runs");
            assertRes(h, 2, 0x80000 - 12, "EFLAGS CS EIP on the ring-0 stack");
            assertTrue((res(h, 3) & X86Cpu.IF) != 0, "pushed EFLAGS has IF");
            assertEquals(3, h.cpu.cpl());
            h.cpu.interruptAck = () -> 0x21;
            h.cpu.setInterrupt(X86Cpu.INTERRUPT_INTR, true);
            h.run(2_000);
            assertTrue(h.cpu.halted, h.cpu.dumpRegisters());
            assertRes(h, 4, 0x11, "#GP(data selector | EXT)");
            assertRes(h, 5, 0x1B, "interrupted in ring 3");
        }
    }

    /**
     * Vol. 3A 6.12.1.1: INT3 checks the gate DPL against CPL (#GP(3 * 8 + 2) from ring 3 through a DPL-0
     * gate); INT1 (ICEBP) does not: it reaches the DPL-0 #DB handler as a trap, with the address after it.
     */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void int3ChecksGateDplAndInt1DoesNot(X86Harness.Tier tier) throws Exception {
        byte[] code = program("""
                body:
                    GATE idt, 1, SEL_C0, hdb, 0x8E00
                    GATE idt, 3, SEL_C0, hdb, 0x8E00
                    GATE idt, 13, SEL_C0, hgp, 0x8E00
                    TO_RING3 ring3
                ring3:
                    int3
                    int1
                after:
                    jmp $
                hgp:
                    pop eax
                    mov [ss:RES + 0], eax
                    inc dword [esp]
                    iretd
                hdb:
                    mov eax, [esp]
                    mov [ss:RES + 4], eax
                    mov dword [ss:RES + 8], after
                    hlt
                """);
        try (X86Harness h = run(tier, code, 10_000)) {
            assertTrue(h.cpu.halted, h.cpu.dumpRegisters());
            assertRes(h, 0, 3 * 8 + 2, "INT3 through a DPL-0 gate from ring 3");
            assertEquals(res(h, 2), res(h, 1), "INT1 delivered as a trap after the instruction");
        }
    }
}
