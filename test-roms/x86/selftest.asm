; selftest.asm - jemu x86 self-check ROM for the PC (qemu-system-i386 -M pc -bios).
;
; Starts at the reset vector in real mode, checks the reset state, arithmetic and
; flags, string instructions and a real-mode software interrupt (results are
; stored in RAM and checked once in protected mode), then enters 32-bit
; protected mode with a GDT and checks: INT n, #DE, #GP with its error code,
; 32-bit paging (an alias mapping, accessed/dirty bits, a #PF that maps the page
; and restarts the instruction, INVLPG), the i8259 pair and the i8254 timer
; (IRQ 0 wakes HLT; the local APIC, where there is one, is put in virtual wire
; mode first, as a BIOS does), the 16550 UART (scratch, loopback, THR-empty interrupt on
; IRQ 4) and the debug console's readback. Prints "PASS: <group>" lines, then
; "ALL TESTS PASSED" and exits through isa-debug-exit with 0 (status 1), or
; "SOME TESTS FAILED" and 1 (status 3).

%include "common.inc"

; RAM layout
%define RM_RESULTS      0x600           ; dwords stored by the real-mode part
%define STR_BUF         0x800           ; string-instruction scratch (256 bytes)
%define IDT_BASE        0x1000          ; 256 gates
%define PAGE_DIR        0x20000
%define PT0             0x21000         ; identity map of 0..4 MiB
%define PT1             0x22000         ; 0x400000.. (the alias page)
%define PT2             0x23000         ; 0x800000.. (initially not present)
%define TICKS           0x540           ; IRQ 0 count
%define TICK_ISR        0x544           ; the master's ISR seen in the IRQ 0 handler
%define UART_IIR        0x548           ; IIR seen in the IRQ 4 handler
%define UART_IRQS       0x54C           ; IRQ 4 count
%define EXC_VECTOR      0x550           ; last expected exception: vector
%define EXC_ERROR       0x554           ;   error code
%define EXC_EIP         0x558           ;   saved EIP
%define EXC_CR2         0x55C           ;   CR2 (page fault)
%define EXC_COUNT       0x560

%define PIT_COUNT       1193            ; about 1 ms at 1.193182 MHz

        ROM_START

main16:
        PUTS16 `x86 selftest: reset vector, real mode\n`
        mov di, RM_RESULTS
        ; [0] CS after the far jump from the reset vector
        mov ax, cs
        movzx eax, ax
        stosd
        ; [1] add with carry out: 0xFFFFFFFF + 1 -> 0, CF ZF PF AF
        mov eax, 0xFFFFFFFF
        add eax, 1
        pushfd
        pop edx
        and edx, 0x8D5                  ; OF SF ZF AF PF CF
        stosd                           ; [1] result
        mov eax, edx
        stosd                           ; [2] flags
        ; [3] sub with signed overflow: 0x80000000 - 1
        mov eax, 0x80000000
        sub eax, 1
        pushfd
        pop edx
        and edx, 0x8D5
        stosd                           ; [3] result
        mov eax, edx
        stosd                           ; [4] flags
        ; [5..6] 64-bit add with ADC: 0x00000001_FFFFFFFF + 0x00000002_00000001
        mov eax, 0xFFFFFFFF
        mov edx, 1
        add eax, 0x00000001
        adc edx, 2
        stosd                           ; [5] low
        mov eax, edx
        stosd                           ; [6] high
        ; [7..8] MUL: 0x12345678 * 0x9ABCDEF0
        mov eax, 0x12345678
        mov ecx, 0x9ABCDEF0
        mul ecx
        stosd                           ; [7] low
        mov eax, edx
        stosd                           ; [8] high
        ; [9..10] DIV: 0x0000000B_00000005 / 0x10 -> quotient, remainder
        mov edx, 0xB
        mov eax, 5
        mov ecx, 0x10
        div ecx
        stosd                           ; [9] quotient
        mov eax, edx
        stosd                           ; [10] remainder
        ; [11] IMUL: -7 * 6
        mov eax, -7
        mov ecx, 6
        imul eax, ecx
        stosd
        ; [12] SAR/ROL/SHR combination
        mov eax, 0x80000010
        sar eax, 4                      ; F8000001
        rol eax, 8                      ; 000001F8
        shr eax, 3                      ; 0000003F
        stosd
        ; [13] BSF / BSR packed: bsr(0x00F00000)=23, bsf(0x00F00000)=20
        mov ecx, 0x00F00000
        bsr eax, ecx
        bsf edx, ecx
        shl eax, 8
        or eax, edx
        stosd
        ; string instructions in RAM at STR_BUF
        push di
        mov di, STR_BUF
        mov ax, 0xA55A
        mov cx, 32
        rep stosw                       ; 64 bytes of 5A A5
        mov si, STR_BUF
        mov di, STR_BUF + 64
        mov cx, 64
        rep movsb                       ; copy them
        mov si, STR_BUF
        mov di, STR_BUF + 64
        mov cx, 64
        repe cmpsb                      ; equal: CX 0, ZF 1
        pushf
        pop ax
        and ax, 0x40
        or ax, cx
        mov bx, ax                      ; expected 0x0040
        mov byte [STR_BUF + 64 + 40], 0x11
        mov al, 0x11
        mov di, STR_BUF + 64
        mov cx, 64
        repne scasb                     ; finds the 0x11 at index 40: DI = +41
        sub di, STR_BUF + 64
        mov dx, di
        std
        mov si, STR_BUF + 62
        mov di, STR_BUF + 126
        mov cx, 2
        rep movsw                       ; backwards: DI ends at +122
        cld
        sub di, STR_BUF
        pop ax
        xchg ax, di                     ; DI = result pointer again, AX = backward end
        movzx eax, ax
        stosd                           ; [14] 122
        movzx eax, bx
        stosd                           ; [15] 0x40
        movzx eax, dx
        stosd                           ; [16] 41
        ; [17] real-mode INT 0x40 through the interrupt vector table
        mov word [0x40 * 4], int40_handler
        mov word [0x40 * 4 + 2], cs
        mov eax, 41
        int 0x40
        stosd                           ; [17] 42 | IF-at-entry flag
        ENTER_PM main32

; real-mode handler: EAX += 1, and bit 16 set if IF was clear on entry
int40_handler:
        bits 16
        inc eax
        pushf
        pop dx
        test dx, 0x200
        jnz .iret
        or eax, 0x10000
.iret:  iret

        bits 32
main32:
        PUTS `protected mode\n`
        TEST_BEGIN "reset state"
        CHECK [RESET_EDX], 0x663        ; qemu32: family 6 model 6 stepping 3
        CHECK [RESET_CR0], 0x60000010
        CHECK [RM_RESULTS + 0 * 4], 0xF000
        TEST_END

        TEST_BEGIN "real-mode arithmetic"
        CHECK [RM_RESULTS + 1 * 4], 0
        CHECK [RM_RESULTS + 2 * 4], 0x55        ; ZF AF PF CF
        CHECK [RM_RESULTS + 3 * 4], 0x7FFFFFFF
        CHECK [RM_RESULTS + 4 * 4], 0x814       ; OF AF PF
        CHECK [RM_RESULTS + 5 * 4], 0x00000000
        CHECK [RM_RESULTS + 6 * 4], 0x00000004
        CHECK [RM_RESULTS + 7 * 4], 0x242D2080
        CHECK [RM_RESULTS + 8 * 4], 0x0B00EA4E
        CHECK [RM_RESULTS + 9 * 4], 0xB0000000
        CHECK [RM_RESULTS + 10 * 4], 5
        CHECK [RM_RESULTS + 11 * 4], -42
        CHECK [RM_RESULTS + 12 * 4], 0x3F
        CHECK [RM_RESULTS + 13 * 4], (23 << 8) | 20
        TEST_END

        TEST_BEGIN "real-mode strings"
        CHECK [RM_RESULTS + 14 * 4], 122
        CHECK [RM_RESULTS + 15 * 4], 0x40
        CHECK [RM_RESULTS + 16 * 4], 41
        TEST_END

        TEST_BEGIN "real-mode int"
        CHECK [RM_RESULTS + 17 * 4], 42 | 0x10000
        TEST_END

        ; Local APIC virtual wire mode, as a PC BIOS sets it up: on QEMU the CPU has a local APIC whose
        ; LINT0 is masked at reset, so the 8259's INTR would never reach the CPU. jemu's minimal pc has
        ; no local APIC (the 8259 drives INTR directly); these writes go to unassigned memory there.
        mov dword [0xFEE000F0], 0x1FF   ; spurious-interrupt vector register: APIC on, vector 0xFF
        mov dword [0xFEE00350], 0x700   ; LVT LINT0: ExtINT
        mov dword [0xFEE00360], 0x400   ; LVT LINT1: NMI

        TEST_BEGIN "protected mode"
        mov eax, cr0
        and eax, 1
        CHECK eax, 1
        mov ax, cs
        movzx eax, ax
        CHECK eax, 0x08
        mov ax, ss
        movzx eax, ax
        CHECK eax, 0x10
        TEST_END

        ; ---- IDT: every vector reports an unexpected interrupt, then the tested ones
        xor ecx, ecx
.gate:  mov eax, ecx
        shl eax, 4                      ; stubs are 16 bytes apart
        add eax, LIN(unexpected_stubs)
        call set_gate
        inc ecx
        cmp ecx, 256
        jb .gate
        mov ecx, 0
        mov eax, LIN(de_handler)
        call set_gate
        mov ecx, 13
        mov eax, LIN(gp_handler)
        call set_gate
        mov ecx, 14
        mov eax, LIN(pf_handler)
        call set_gate
        mov ecx, 0x20
        mov eax, LIN(irq0_handler)
        call set_gate
        mov ecx, 0x24
        mov eax, LIN(irq4_handler)
        call set_gate
        mov ecx, 0x80
        mov eax, LIN(int80_handler)
        call set_gate
        lidt [LIN(idt_desc)]

        TEST_BEGIN "int n"
        mov eax, 41
        int 0x80
        CHECK eax, 42
        CHECK ebx, 0x08                 ; CS pushed by the interrupt
        TEST_END

        TEST_BEGIN "exceptions"
        mov dword [EXC_COUNT], 0
        mov edx, 1
        xor ecx, ecx
de_insn:
        div ecx                         ; #DE (2 bytes; the handler skips it)
        CHECK [EXC_COUNT], 1
        CHECK [EXC_VECTOR], 0
        CHECK [EXC_EIP], LIN(de_insn)
        mov ax, 0x50                    ; beyond the GDT limit
gp_insn:
        mov ds, ax                      ; #GP(0x50) (2 bytes; skipped)
        CHECK [EXC_COUNT], 2
        CHECK [EXC_VECTOR], 13
        CHECK [EXC_ERROR], 0x50
        CHECK [EXC_EIP], LIN(gp_insn)
        mov ax, ds
        movzx eax, ax
        CHECK eax, 0x10                 ; DS unchanged
        TEST_END

        ; ---- paging
        TEST_BEGIN "paging"
        mov edi, PAGE_DIR               ; clear the directory and PT1, PT2
        xor eax, eax
        mov ecx, 1024
        rep stosd
        mov edi, PT1
        mov ecx, 2048
        rep stosd
        mov edi, PT0                    ; identity map 0..4 MiB
        mov eax, 0x003                  ; present, writable
        mov ecx, 1024
.pt0:   stosd
        add eax, 0x1000
        loop .pt0
        mov dword [PAGE_DIR + 0 * 4], PT0 | 3
        mov dword [PAGE_DIR + 1 * 4], PT1 | 3
        mov dword [PAGE_DIR + 2 * 4], PT2 | 3
        mov dword [PT1], 0x30000 | 3    ; linear 0x400000 -> physical 0x30000
        mov dword [0x30000], 0
        mov dword [0x32000], 0x5EC0DE   ; the page INVLPG will switch to
        mov eax, PAGE_DIR
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        jmp .paged
.paged: mov eax, cr0
        shr eax, 31
        CHECK eax, 1
        mov dword [0x400000], 0xCAFEBABE
        CHECK [0x30000], 0xCAFEBABE     ; the write went through the alias
        mov eax, [PT1]
        and eax, 0x60
        CHECK eax, 0x60                 ; accessed and dirty set by the CPU
        mov dword [EXC_COUNT], 0
pf_insn:
        mov dword [0x800004], 0x600D    ; #PF: not present; the handler maps it
        CHECK [EXC_COUNT], 1
        CHECK [EXC_VECTOR], 14
        CHECK [EXC_ERROR], 2            ; write, not present, supervisor
        CHECK [EXC_CR2], 0x800004
        CHECK [EXC_EIP], LIN(pf_insn)
        CHECK [0x31004], 0x600D         ; restarted and written through the new mapping
        mov dword [PT1], 0x32000 | 3    ; remap the alias page ...
        invlpg [0x400000]               ; ... and drop the stale translation
        CHECK [0x400000], 0x5EC0DE
        TEST_END

        ; ---- i8259 + i8254: IRQ 0 wakes HLT
        TEST_BEGIN "pic and pit"
        call pic_init
        mov al, 0xFE                    ; only IRQ 0 (pic_init masked all)
        out 0x21, al
        mov al, 0xFF
        out 0xA1, al
        in al, 0x21
        movzx eax, al
        CHECK eax, 0xFE                 ; IMR reads back
        mov dword [TICKS], 0
        mov dword [TICK_ISR], 0
        mov al, 0x34                    ; counter 0, LSB then MSB, mode 2, binary
        out 0x43, al
        mov al, PIT_COUNT & 0xFF
        out 0x40, al
        mov al, PIT_COUNT >> 8
        out 0x40, al
        mov al, 0xE2                    ; read-back: status of counter 0
        out 0x43, al
        in al, 0x40
        and eax, 0x7F
        CHECK eax, 0x34                 ; access mode 3, mode 2, binary, count loaded
        mov al, 0x00                    ; latch counter 0
        out 0x43, al
        in al, 0x40
        mov ah, al
        in al, 0x40
        xchg al, ah
        movzx eax, ax
        mov ebx, 0
        cmp eax, 1
        jb .badcount
        cmp eax, PIT_COUNT
        ja .badcount
        mov ebx, 1
.badcount:
        CHECK ebx, 1                    ; 1 <= count <= PIT_COUNT
        sti
.wait:  hlt                             ; sleeps until IRQ 0
        cmp dword [TICKS], 5
        jb .wait
        cli
        CHECK [TICKS], 5
        mov eax, [TICK_ISR]
        and eax, 1
        CHECK eax, 1                    ; IR0 was in service in the handler
        mov al, 0xFF
        out 0x21, al                    ; mask everything again
        TEST_END

        ; ---- 16550 UART
        TEST_BEGIN "uart"
        mov dx, COM1 + 7
        mov al, 0x5A
        out dx, al
        in al, dx
        movzx eax, al
        CHECK eax, 0x5A                 ; scratch register
        mov dx, COM1 + 2
        in al, dx
        movzx eax, al
        CHECK eax, 0xC1                 ; IIR: FIFOs enabled, no interrupt
        mov dx, COM1 + 5
        in al, dx
        and eax, 0x61
        CHECK eax, 0x60                 ; LSR: THRE, TEMT, no data
        mov dx, COM1 + 4
        mov al, 0x1B                    ; loopback + OUT2 + RTS + DTR
        out dx, al
        mov dx, COM1
        mov al, 'X'
        out dx, al
        mov dx, COM1 + 5
        in al, dx
        and eax, 1
        CHECK eax, 1                    ; LSR.DR: the byte came back
        mov dx, COM1
        in al, dx
        movzx eax, al
        CHECK eax, 'X'
        mov dx, COM1 + 6
        in al, dx
        and eax, 0xF0
        CHECK eax, 0xB0                 ; MSR in loopback: DCD(OUT2) DSR(DTR) CTS(RTS)
        mov dx, COM1 + 4
        mov al, 0x0B                    ; loopback off
        out dx, al
        ; THR-empty interrupt through the PIC (IRQ 4, vector 0x24)
        mov dword [UART_IRQS], 0
        mov al, 0xEF
        out 0x21, al
        sti
        mov dx, COM1 + 1
        mov al, 0x02                    ; IER.ETBEI: THR is empty, so INTR rises
        out dx, al
        mov ecx, 100000
.spin:  cmp dword [UART_IRQS], 0
        jne .got
        loop .spin
.got:   cli
        mov al, 0xFF
        out 0x21, al
        CHECK [UART_IRQS], 1
        CHECK [UART_IIR], 0xC2          ; FIFOs enabled, THR empty
        TEST_END

        TEST_BEGIN "debugcon"
        mov dx, DEBUGCON
        in al, dx
        movzx eax, al
        CHECK eax, 0xE9                 ; readback byte
        TEST_END

        jmp tests_finish


int80_handler:
        inc eax
        mov ebx, [esp + 4]              ; CS of the interrupted code
        iretd

de_handler:                             ; #DE: record, skip the 2-byte DIV
        mov dword [EXC_VECTOR], 0
        push eax
        mov eax, [esp + 4]
        mov [EXC_EIP], eax
        pop eax
        add dword [esp], 2
        inc dword [EXC_COUNT]
        iretd

gp_handler:                             ; #GP: record error code, skip the 2-byte MOV
        mov dword [EXC_VECTOR], 13
        push eax
        mov eax, [esp + 4]              ; error code
        mov [EXC_ERROR], eax
        mov eax, [esp + 8]              ; EIP
        mov [EXC_EIP], eax
        pop eax
        add esp, 4
        add dword [esp], 2
        inc dword [EXC_COUNT]
        iretd

pf_handler:                             ; #PF: record, map PT2[0] and restart
        mov dword [EXC_VECTOR], 14
        push eax
        mov eax, [esp + 4]
        mov [EXC_ERROR], eax
        mov eax, [esp + 8]
        mov [EXC_EIP], eax
        mov eax, cr2
        mov [EXC_CR2], eax
        mov dword [PT2], 0x31000 | 3
        pop eax
        add esp, 4
        inc dword [EXC_COUNT]
        iretd

irq0_handler:
        push eax
        mov al, 0x0B                    ; OCW3: read ISR
        out 0x20, al
        in al, 0x20
        mov [TICK_ISR], al
        mov al, 0x0A                    ; OCW3: read IRR
        out 0x20, al
        mov al, 0x20                    ; non-specific EOI
        out 0x20, al
        inc dword [TICKS]
        pop eax
        iretd

irq4_handler:
        push eax
        push edx
        mov dx, COM1 + 2
        in al, dx                       ; IIR (reading it clears THR empty)
        mov [UART_IIR], al
        mov dx, COM1 + 1
        xor al, al
        out dx, al                      ; IER off
        mov al, 0x20
        out 0x20, al
        inc dword [UART_IRQS]
        pop edx
        pop eax
        iretd

        ROM_IDT32

        ROM_LIB32
        ROM_END
