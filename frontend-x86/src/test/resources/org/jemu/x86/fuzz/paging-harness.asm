; paging-harness.asm - the fixed part of the x86 paging fuzz ROMs (X86PagingFuzzTest).
;
; A paging fuzz ROM is a 1 MiB BIOS image for the PC (qemu-system-i386 -M pc -bios, jemu's in-process
; copy of the same memory map). The Java side (X86PagingRom) writes everything but this 64 KiB tail:
;
;   ROM offset 0x00000  sys image (36 KiB), copied to physical F10000h: GDT, IDT (32 task gates),
;                       the TSSs, the harness page tables (see X86PagingRom for the layout)
;   ROM offset 0x10000  case slots, 4 KiB each, magic 'JPGC'; the first slot without it ends the batch
;   ROM offset 0xE0000  64 KiB of random data: the initial contents of the 16 data pages
;   ROM offset 0xF0000  this harness (org 0; reset vector at its end; real mode runs in the ISA alias
;                       F000:xxxx, 32-bit code at LIN(x) = 0xFFFF0000 + x)
;
; Flow: reset -> protected mode -> copy the sys image -> paging on with the harness tables (identity
; maps of 0..8 MiB, 12..16 MiB and of the ROM's 4 MiB) -> fill the 16 data pages from the ROM's random data -> for each
; case: build the case's page tables, copy its code and its TSS image, set CR0/CR4 and JMP to the case TSS. The case runs
; (at CPL 0 or 3, with its own CR3) until an exception, at the latest the #UD of the UD2 that ends its code:
; the exception's task gate saves its registers in the case TSS and enters a handler task (EAX = vector)
; with the harness CR3. The handler pops the error code if there is one,
; writes a record to the debug console (port 402h), and goes on with the next case. After the last case
; it writes 0 to isa-debug-exit (port 501h).
;
; Record (little-endian dwords): 'PGRC', case index, vector, error-code flag, error code, CR2, EIP, EFLAGS,
; EAX..EDI, ES CS SS DS FS GS (88 bytes), whether the code page changed (1) or still holds the code and
; INT3s (0), then the FNV-1a hashes (over dwords) of the 8 pool pages and the first 8 pages of the 4 MiB
; window, 0 for a page still equal to its initial contents (REPE CMPSD is much cheaper than hashing; a
; changed page is restored for the next case), then the final value of each paging entry the slot lists
; (their A and D flags; the case's page tables are not mapped in its own address space, so nothing else in
; them changes; the entries are zeroed for the next case). With the slot's full-dump flag the code page
; and the 16 data pages follow raw.
;
; Build: nasm -f bin -o paging-harness.bin paging-harness.asm (the binary is committed).

%define LIN(x)          (0xFFFF0000 + (x))
%define DEBUGCON        0x402
%define DEBUG_EXIT      0x501

%define SYS             0xF10000        ; far from the data the cases address (linear = physical)
%define SYS_SIZE        0x9000
%define GDT             0xF10000
%define GDT_DESC        0xF10600
%define IDT_DESC        0xF10608
%define CASE_TSS        0xF11080
%define REC             0xF13000
%define CUR_CASE        0xF13A00
%define FULLDUMP        0xF13A04

%define MAIN_STACK      0xF13C00
%define HSTACK_TOP      0xF13FF0
%define PD_H            0xF14000
%define CPD             0x20000         ; case page directory, page tables at +1000h, +2000h
%define CODE_PHYS       0x30000
%define POOL            0x100000
%define PSEWIN          0x400000
%define SLOTS           0xFFF10000
%define RANDOM          0xFFFE0000
%define SEL_CASE_TSS    0x98
%define SEL_MAIN_TSS    0x90

        bits 16
        org 0
        jmp reset16                     ; offset 0
        times 0x10 - ($ - $$) db 0xCC
        bits 32
handler_stub:                           ; offset 10h: EIP of every handler TSS (LIN(10h))
        jmp handler_entry
        bits 16
reset16:
        cli
        cld
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x7000
        mov al, 0xFF                    ; mask both i8259s
        out 0x21, al
        out 0xA1, al
        o32 lgdt [cs:boot_gdt_desc]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp dword 0x08:LIN(pm32)
        bits 32
pm32:   mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov fs, ax
        mov gs, ax
        mov esp, MAIN_STACK
        mov esi, 0xFFF00000             ; the sys image
        mov edi, SYS
        mov ecx, SYS_SIZE / 4
        rep movsd
        lgdt [GDT_DESC]
        lidt [IDT_DESC]
        jmp 0x08:LIN(pm32b)
pm32b:  mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov fs, ax
        mov gs, ax
        mov eax, PD_H
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        jmp .paged
.paged: mov ax, SEL_MAIN_TSS
        ltr ax
        xor eax, eax
        mov [CUR_CASE], eax
        mov dword [REC + 8], 0x200      ; the main task's "vector" (never re-entered)
        mov edi, CPD                    ; the case directory and tables start zeroed; each case
        mov ecx, 3 * 1024               ; zeroes the entries it set when it ends
        rep stosd
        mov esi, RANDOM                 ; the data pages start as the ROM's random data; each case
        mov edi, POOL                   ; restores the pages it changed when it ends
        mov ecx, 8 * 1024
        rep movsd
        mov edi, PSEWIN
        mov ecx, 8 * 1024
        rep movsd
        jmp next_case

; ---- a case ended: EAX = vector ------------------------------------------------------------------------
handler_entry:
        cld
        mov [REC + 8], eax
        xor edx, edx
        xor ebx, ebx
        cmp esp, HSTACK_TOP - 4
        jne .noerr
        pop ebx
        inc edx
.noerr: mov [REC + 12], edx
        mov [REC + 16], ebx
        mov eax, cr2
        mov [REC + 20], eax
        mov esi, CASE_TSS + 0x20        ; EIP, EFLAGS, EAX..EDI
        mov edi, REC + 24
        mov ecx, 10
        rep movsd
        mov esi, CASE_TSS + 0x48        ; ES CS SS DS FS GS
        mov ecx, 6
.seg:   movzx eax, word [esi]
        stosd
        add esi, 4
        loop .seg
        mov ebp, [CUR_CASE]             ; the slot
        shl ebp, 12
        add ebp, SLOTS
        mov esi, CODE_PHYS              ; code page changed? (the code, then INT3s)
        lea edi, [ebp + 0x100]
        mov ecx, [ebp + 20]
        shr ecx, 2
        repe cmpsd
        jne .chg
        mov edi, esi
        mov eax, 0xCCCCCCCC
        mov ecx, 4096
        sub ecx, [ebp + 20]
        shr ecx, 2
        repe scasd
.chg:   setne al
        movzx eax, al
        mov edi, REC + 88
        stosd
        mov esi, POOL
        mov ebx, RANDOM
        call hash_data
        mov esi, PSEWIN
        mov ebx, RANDOM + 0x8000
        call hash_data
        mov ecx, [ebp + 16]             ; the final value of every paging entry the case set
        lea esi, [ebp + 0x400]
.ent:   mov edx, [esi]
        mov eax, [edx]
        stosd
        mov dword [edx], 0
        add esi, 8
        loop .ent
        mov dword [REC], 'PGRC'
        mov esi, REC
        mov ecx, edi
        sub ecx, esi
        mov dx, DEBUGCON
        rep outsb
        cmp dword [FULLDUMP], 0
        je .next
        mov esi, CODE_PHYS
        mov ecx, 4096
        rep outsb
        mov esi, POOL
        mov ecx, 8 * 4096
        rep outsb
        mov esi, PSEWIN
        mov ecx, 8 * 4096
        rep outsb
        mov esi, RANDOM
        mov edi, POOL
        mov ecx, 8 * 1024
        rep movsd
        mov edi, PSEWIN
        mov ecx, 8 * 1024
        rep movsd
.next:  inc dword [CUR_CASE]
        ; fall through

; ---- set up and start the case CUR_CASE ---------------------------------------------------------------
next_case:
        mov esp, HSTACK_TOP
        mov eax, PD_H
        mov cr3, eax
        xor eax, eax
        mov cr4, eax                    ; PGE off: flushes global translations too
        mov ebp, [CUR_CASE]
        shl ebp, 12
        add ebp, SLOTS
        cmp dword [ebp], 'JPGC'
        jne all_done
        mov ecx, [ebp + 16]             ; (physical address, dword) pairs
        lea esi, [ebp + 0x400]
.ent:   jecxz .entd
        mov edi, [esi]
        mov eax, [esi + 4]
        mov [edi], eax
        add esi, 8
        dec ecx
        jmp .ent
.entd:  mov edi, CODE_PHYS              ; the code page: the code (padded to dwords with INT3), INT3s
        mov eax, 0xCCCCCCCC
        mov ecx, 1024
        rep stosd
        mov edi, CODE_PHYS
        lea esi, [ebp + 0x100]
        mov ecx, [ebp + 20]
        shr ecx, 2
        rep movsd
        lea esi, [ebp + 0x20]
        mov edi, CASE_TSS
        mov ecx, 0x68 / 4
        rep movsd
        mov byte [GDT + 0x98 + 5], 0x89 ; case TSS available
        mov edi, GDT + 0xA8 + 5         ; handler TSSs available
        mov ecx, 32
.av:    mov byte [edi], 0x89
        add edi, 8
        loop .av
        mov eax, [CUR_CASE]
        mov [REC + 4], eax
        mov eax, [ebp + 24]
        mov [FULLDUMP], eax
        xor eax, eax
        mov cr2, eax
        mov eax, [ebp + 8]
        mov cr4, eax
        mov eax, [ebp + 4]
        mov cr0, eax
        mov eax, [REC + 8]              ; this task's vector: EAX when it is entered again
        jmp SEL_CASE_TSS:0
        jmp handler_entry               ; a handler task resumes here

all_done:
        mov dx, DEBUG_EXIT
        xor eax, eax
        out dx, al
.halt:  hlt
        jmp .halt

; hash_data: 8 pages at ESI, their initial contents at EBX: hash 0 for a page still equal to its source,
; else its FNV-1a hash, and the page is restored from its source; stored at EDI onwards
hash_data:
        mov edx, 8
.page:  push esi
        push edi
        mov edi, ebx
        mov ecx, 1024
        repe cmpsd
        pop edi
        pop esi                         ; (POP leaves the flags of REPE CMPSD)
        je .same
        mov ecx, 1
        call hash_pages
        cmp dword [FULLDUMP], 0
        jne .next                       ; (a full dump restores all pages after writing them)
        push esi
        push edi
        lea edi, [esi - 4096]
        mov esi, ebx
        mov ecx, 1024
        rep movsd
        pop edi
        pop esi
        jmp .next
.same:  add esi, 4096
        xor eax, eax
        stosd
.next:  add ebx, 4096
        dec edx
        jnz .page
        ret

; hash_pages: FNV-1a over the dwords of ECX pages at ESI, one hash per page stored at EDI
hash_pages:
        push ecx
        mov eax, 0x811C9DC5
        mov ecx, 1024
.dw:    xor eax, [esi]
        imul eax, eax, 0x01000193
        add esi, 4
        loop .dw
        stosd
        pop ecx
        loop hash_pages
        ret

        align 8
boot_gdt:
        dq 0
        dq 0x00CF9A000000FFFF           ; 08 flat code
        dq 0x00CF92000000FFFF           ; 10 flat data
boot_gdt_desc:
        dw 3 * 8 - 1
        dd LIN(boot_gdt)

        times 0x10000 - 16 - ($ - $$) db 0xFF
        bits 16
reset_vector:                           ; linear FFFFFFF0h
        jmp 0xF000:reset16
        times 0x10000 - ($ - $$) db 0xFF
