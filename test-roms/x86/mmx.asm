; mmx.asm - jemu x86 MMX self-check ROM for the PC (qemu-system-i386 -M pc -bios; the
; default qemu32 CPU and -cpu pentium2 have MMX).
;
; From the reset vector into 32-bit protected mode, then checks: CPUID.1:EDX.MMX
; (bit 23); MOVD/MOVQ, the packed add/subtract (wrapping and saturating),
; compares, multiplies, logic, shifts by register, memory and immediate counts,
; packs and unpacks, with results computed by hand from the SDM Vol. 2
; instruction pages; the x87 state an MMX instruction leaves (SDM Vol. 1 9.5.1:
; TOP = 0, no register empty; EMMS empties the tag word; FXSAVE, where CPUID
; has FXSR, and FNSAVE hold MMi in the ST(i) slot); #NM with CR0.TS and #UD with CR0.EM (Vol. 3A 2.5 Table 2-2).
; Not checked here because QEMU differs from the SDM: bits 79:64 of a written
; register (the SDM sets them to 1s, QEMU leaves them; jemu's MmxSystemTest
; checks them) and #MF for a pending x87 exception.
; Prints "PASS: <group>" lines, then "ALL TESTS PASSED" and exits through
; isa-debug-exit with 0 (status 1), or "SOME TESTS FAILED" and 1 (status 3).

%include "common.inc"

%define IDT_BASE        0x1000
%define EXC_VECTOR      0x550
%define EXC_COUNT       0x560
%define DATA            0x2000          ; operands
%define OUT             0x3000          ; results
%define FXAREA          0x4000          ; FXSAVE image (16-byte aligned)
%define ENV             0x4400          ; FNSTENV image

        ROM_START

main16:
        PUTS16 `x86 mmx: reset vector, real mode\n`
        ENTER_PM main32

        bits 32
main32:
        PUTS `protected mode\n`
        ; IDT: every vector unexpected, #UD and #NM recorded and the 3-byte instruction skipped
        xor ecx, ecx
.gate:  mov eax, ecx
        shl eax, 4
        add eax, LIN(unexpected_stubs)
        call set_gate
        inc ecx
        cmp ecx, 256
        jb .gate
        mov ecx, 6
        mov eax, LIN(ud_handler)
        call set_gate
        mov ecx, 7
        mov eax, LIN(nm_handler)
        call set_gate
        lidt [LIN(idt_desc)]

        TEST_BEGIN "cpuid mmx"
        mov eax, 1
        cpuid
        shr edx, 23
        and edx, 1
        CHECK edx, 1
        TEST_END

        ; operands: words 8000 7fff 0100 ff80 | 0004 0005 fff0 0011 | 8000 8000 0001 0002
        mov dword [DATA + 0x00], 0x7fff8000
        mov dword [DATA + 0x04], 0xff800100
        mov dword [DATA + 0x08], 0x00050004
        mov dword [DATA + 0x0c], 0x0011fff0
        mov dword [DATA + 0x10], 0x80008000
        mov dword [DATA + 0x14], 0x00020001
        mov dword [DATA + 0x18], 40         ; a 64-bit shift count of 40
        mov dword [DATA + 0x1c], 0
        mov dword [DATA + 0x20], 0x44332211
        mov dword [DATA + 0x24], 0xdeadbeef

        TEST_BEGIN "mmx pack and saturate"
        movq mm0, [DATA]
        movq mm1, [DATA + 8]
        packsswb mm0, mm1                   ; 80 7f 7f 80 | 04 05 f0 11
        movq [OUT], mm0
        CHECK [OUT], 0x807f7f80
        CHECK [OUT + 4], 0x11f00504
        movq mm0, [DATA]
        packuswb mm0, mm1                   ; 00 ff ff 00 | 04 05 00 11
        movq [OUT], mm0
        CHECK [OUT], 0x00ffff00
        CHECK [OUT + 4], 0x11000504
        movq mm1, [DATA]
        packssdw mm1, [DATA + 0x10]         ; 7fff 8000 8000 7fff
        movq [OUT], mm1
        CHECK [OUT], 0x80007fff
        CHECK [OUT + 4], 0x7fff8000
        movq mm3, [DATA]
        paddsw mm3, [DATA]                  ; 8000 7fff 0200 ff00
        movq [OUT], mm3
        CHECK [OUT], 0x7fff8000
        CHECK [OUT + 4], 0xff000200
        movq mm4, [DATA + 8]
        psubusb mm4, [DATA]                 ; 04 00 00 00 f0 fe 00 00
        movq [OUT], mm4
        CHECK [OUT], 0x00000004
        CHECK [OUT + 4], 0x0000fef0
        movq mm5, [DATA]
        paddw mm5, [DATA + 8]               ; 8004 8004 00f0 ff91 (wrapping)
        movq [OUT], mm5
        CHECK [OUT], 0x80048004
        CHECK [OUT + 4], 0xff9100f0
        movq mm6, [DATA + 8]
        psubsb mm6, [DATA]                  ; bytes 04-00 00-80 05-ff 00-7f f0-00 ff-01 11-80 00-ff
        movq [OUT], mm6                     ; 04 7f 06 81 f0 fe 7f 01
        CHECK [OUT], 0x81067f04
        CHECK [OUT + 4], 0x017ffef0
        TEST_END

        TEST_BEGIN "mmx multiply and compare"
        movq mm2, [DATA + 0x10]
        pmaddwd mm2, mm2                    ; 8000h*8000h*2 = 80000000h; 1 + 4
        movq [OUT], mm2
        CHECK [OUT], 0x80000000
        CHECK [OUT + 4], 5
        movq mm0, [DATA]
        pmulhw mm0, [DATA + 8]              ; fffe 0002 ffff ffff
        movq [OUT], mm0
        CHECK [OUT], 0x0002fffe
        CHECK [OUT + 4], 0xffffffff
        movq mm0, [DATA]
        pmullw mm0, [DATA + 8]              ; 0000 7ffb f000 f780
        movq [OUT], mm0
        CHECK [OUT], 0x7ffb0000
        CHECK [OUT + 4], 0xf780f000
        movq mm1, [DATA]
        pcmpgtw mm1, [DATA + 8]             ; 8000>4 no, 7fff>5 yes, 0100>fff0 yes, ff80>0011 no
        movq [OUT], mm1
        CHECK [OUT], 0xffff0000
        CHECK [OUT + 4], 0x0000ffff
        movq mm1, [DATA + 0x10]
        pcmpeqb mm1, [DATA]                 ; 00=00 80=80 00!=ff 80!=7f 01!=00 00!=01 02!=80 00!=ff
        movq [OUT], mm1
        CHECK [OUT], 0x0000ffff
        CHECK [OUT + 4], 0
        movq mm1, [DATA]
        pandn mm1, [DATA + 8]               ; ~a & b
        movq [OUT], mm1
        CHECK [OUT], 0x00000004
        CHECK [OUT + 4], 0x0011fef0
        TEST_END

        TEST_BEGIN "mmx shifts and unpacks"
        movq mm5, [DATA]
        psraw mm5, 16                       ; count > 15: sign fill
        movq [OUT], mm5
        CHECK [OUT], 0x0000ffff
        CHECK [OUT + 4], 0xffff0000
        movq mm6, [DATA]
        psllq mm6, 64
        movq [OUT], mm6
        CHECK [OUT], 0
        CHECK [OUT + 4], 0
        movq mm7, [DATA + 8]
        psrld mm7, [DATA + 0x18]            ; count 40 > 31: zero
        movq [OUT], mm7
        CHECK [OUT], 0
        CHECK [OUT + 4], 0
        movq mm7, [DATA]
        movd mm6, [DATA + 0x18]             ; 40
        psllq mm7, mm6                      ; ff8001007fff8000h << 40: ff8000h in bits 63:40
        movq [OUT], mm7
        CHECK [OUT], 0
        CHECK [OUT + 4], 0xff800000
        movq mm1, [DATA + 8]
        punpcklbw mm1, [DATA + 0x20]        ; 04 11 00 22 05 33 00 44 (reads a doubleword)
        movq [OUT], mm1
        CHECK [OUT], 0x22001104
        CHECK [OUT + 4], 0x44003305
        movq mm1, [DATA + 8]
        punpckhdq mm1, [DATA]
        movq [OUT], mm1
        CHECK [OUT], 0x0011fff0
        CHECK [OUT + 4], 0xff800100
        movq mm1, [DATA]
        punpckhwd mm1, [DATA + 8]           ; 0100 fff0 ff80 0011
        movq [OUT], mm1
        CHECK [OUT], 0xfff00100
        CHECK [OUT + 4], 0x0011ff80
        mov esi, 0x12345678
        movd mm0, esi
        movq [OUT], mm0
        CHECK [OUT], 0x12345678
        CHECK [OUT + 4], 0
        movd edi, mm1
        CHECK edi, 0xfff00100
        TEST_END

        TEST_BEGIN "mmx x87 state"
        fninit
        fld1
        fldz                                ; TOP = 6
        movq mm5, [DATA]
        fnstenv [ENV]
        movzx eax, word [ENV + 4]
        shr eax, 11
        and eax, 7
        CHECK eax, 0                        ; TOP = 0
        ; no register empty: no tag pair 11b
        movzx eax, word [ENV + 8]
        mov edx, eax
        shr edx, 1
        and eax, edx
        and eax, 0x5555
        CHECK eax, 0
        mov eax, 1
        cpuid
        test edx, 1 << 24                   ; FXSR (pentium2, qemu32; not the pentium)
        jz .nofx
        fxsave [FXAREA]
        movzx eax, byte [FXAREA + 4]
        CHECK eax, 0xff                     ; abridged tags: all valid
        CHECK [FXAREA + 32 + 16 * 5], 0x7fff8000
        CHECK [FXAREA + 32 + 16 * 5 + 4], 0xff800100
.nofx:  emms
        fnstenv [ENV]
        movzx eax, word [ENV + 8]
        CHECK eax, 0xffff
        movd mm6, [DATA + 0x20]
        fnsave [FXAREA]                     ; ST6 = R6 = MM6 (TOP = 0)
        CHECK [FXAREA + 28 + 10 * 6], 0x44332211
        CHECK [FXAREA + 28 + 10 * 6 + 4], 0
        TEST_END

        TEST_BEGIN "mmx exceptions"
        mov dword [EXC_COUNT], 0
        mov dword [EXC_VECTOR], 0xff
        mov eax, cr0
        or eax, 8                           ; TS
        mov cr0, eax
        paddb mm0, mm1                      ; #NM (3 bytes; the handler skips it)
        clts
        CHECK [EXC_VECTOR], 7
        mov eax, cr0
        or eax, 4                           ; EM
        mov cr0, eax
        paddb mm0, mm1                      ; #UD
        mov eax, cr0
        and eax, ~4
        mov cr0, eax
        CHECK [EXC_VECTOR], 6
        CHECK [EXC_COUNT], 2
        paddb mm0, mm1                      ; runs again
        CHECK [EXC_COUNT], 2
        TEST_END

        jmp tests_finish


ud_handler:                             ; #UD: record, skip the 3-byte MMX instruction
        mov dword [EXC_VECTOR], 6
        add dword [esp], 3
        inc dword [EXC_COUNT]
        iretd

nm_handler:                             ; #NM: record, skip the 3-byte MMX instruction
        mov dword [EXC_VECTOR], 7
        add dword [esp], 3
        inc dword [EXC_COUNT]
        iretd

        ROM_IDT32

        ROM_LIB32
        ROM_END
