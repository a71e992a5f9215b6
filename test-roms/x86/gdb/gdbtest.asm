; gdbtest.asm - the x86 program the gdb stub's tests debug (jemu's own code).
;
; Built as an ELF32 with symbols (nasm -f elf32, ld -m elf_i386 -Ttext 0xF0000), and the 64 KiB BIOS image
; gdbtest.bin is that ELF's .text (objcopy -O binary), so every symbol is the linear address the code runs
; at: real-mode code runs with CS = F000 (base 0xF0000), so IP = symbol - 0xF0000; after the switch to
; protected mode, segments are flat and EIP = the symbol. The code never refers to a label other than
; through LIN() or OFS(), which are constants, so the ELF needs no relocations.
;
; What it does: from the reset vector, real mode (rm_point), then 32-bit protected mode: compute adds 5
; and 7 in EAX, stores it to `counter` (RAM at 0x1000), loads 1 + pi and 1 on the x87 stack, adds CF to
; EAX and stores it to `result` at done_point, writes 1 to `shared`, reads it at read_point, reads
; `result`, writes 1 + result to `shared` and reads it again, then loops at spin while `spinning` (cleared first) is nonzero: a debugger sets it to have a running guest
; to interrupt. It ends through isa-debug-exit (port 0x501) with EAX's low byte as the value (jemu's exit
; status is then value * 2 + 1). A debugger changing EAX between changes the exit status.

        cpu     686
%define LIN(x)  ((x) - $$ + 0xF0000)    ; linear address of a label
%define OFS(x)  ((x) - $$)              ; its offset in CS = F000

counter equ     0x1000
result  equ     0x1004
shared  equ     0x1008
spinning equ    0x100c
global counter, result, shared, spinning

        section .text
        bits    16
global _start, rm_point, pm32, compute, store_point, fpu_point, done_point, read_point, spin
_start:
reset16:
        cli
        xor     ax, ax
        mov     ds, ax
        mov     es, ax
        mov     ss, ax
        mov     sp, 0x7000
        mov     ecx, 3
rm_point:
        add     ecx, 1                  ; ECX = 4
        o32 lgdt [cs:OFS(gdt_desc)]
        mov     eax, cr0
        or      al, 1
        mov     cr0, eax
        jmp     dword 0x08:LIN(pm32)

        bits    32
pm32:
        mov     ax, 0x10
        mov     ds, ax
        mov     es, ax
        mov     fs, ax
        mov     gs, ax
        mov     ss, ax
        mov     esp, 0x90000
        mov     dword [counter], 0
        mov     dword [result], 0
compute:
        mov     eax, 5
        mov     ebx, 7
        add     eax, ebx                ; EAX = 12
store_point:
        mov     [counter], eax
        fninit
        fld1
        fldpi
        fadd    st0, st1                ; ST0 = 1 + pi, ST1 = 1
fpu_point:
        nop
done_point:
        adc     eax, 0                  ; + CF (0 here: from the ADD above; a debugger may set it)
        mov     [result], eax
        mov     dword [shared], 1       ; a write: rwatch does not stop here, awatch and watch do
read_point:
        mov     ebx, [shared]           ; a read (1): rwatch and awatch stop after it
        add     ebx, [result]           ; a read of result
        mov     [shared], ebx           ; a write (1 + result)
        add     ebx, [shared]           ; a read: EBX = 2 * (1 + result)
        mov     dword [spinning], 0
spin:
        cmp     dword [spinning], 0     ; loops while a debugger sets `spinning` (to interrupt it)
        jne     spin
        mov     dx, 0x501
        out     dx, al                  ; isa-debug-exit: exit status = AL * 2 + 1
.halt:
        hlt
        jmp     .halt

        align   8
gdt:    dq      0                       ; 0x00 null
        dq      0x00CF9B000000FFFF      ; 0x08 flat 32-bit code
        dq      0x00CF93000000FFFF      ; 0x10 flat 32-bit data
gdt_end:
gdt_desc:
        dw      gdt_end - gdt - 1
        dd      LIN(gdt)

        times   0xFFF0 - ($ - $$) db 0
        bits    16
reset_vector:                           ; linear 0xFFFFFFF0: CS base 0xFFFF0000, IP 0xFFF0
        jmp     0xF000:OFS(reset16)
        times   0x10000 - ($ - $$) db 0
