; bench-crc32.asm - CPU-bound benchmark ROM: CRC-32 over 64 KiB, in 32-bit protected mode.
;
;  1. fills a 64 KiB RAM buffer at 1 MiB with a xorshift32 (13, 17, 5) pattern
;  2. builds the 256-entry table of the reflected CRC-32 (polynomial 0xEDB88320)
;  3. computes the CRC-32 of the buffer once bit by bit and once with the table;
;     they must agree
;  4. the timed part: ITERATIONS passes of the byte-wise table loop over the
;     buffer, each continuing from the previous CRC, so the result is the
;     CRC-32 of the buffer repeated ITERATIONS times
;
; Output (debug console and COM1):
;   bench-crc32: iterations=N bitwise=XXXXXXXX table=XXXXXXXX
;   bench-crc32: result=XXXXXXXX                       (see expected.txt)
; or "FAIL: bench-crc32 ..." if the two single-pass CRCs differ; then
; isa-debug-exit (0 on success: exit status 1).
;
; Instruction count: the table loop is 7 instructions per byte, 458,752 per
; pass plus 5, so ITERATIONS = 2000 executes about 917.5 M instructions; the
; fill (64 K), table (about 20 K) and the bitwise pass (about 2.4 M) add
; about 3 M.

%include "common.inc"

%define BUF             0x100000
%define BUF_SIZE        65536
%define TABLE           0x80000
%define ITERATIONS      2000
%define POLY            0xEDB88320
%define bitwise_crc     0x600
%define table_crc       0x604
%define result_crc      0x608

        ROM_START
main16:
        ENTER_PM main32

main32:
        call pic_init                   ; all interrupt inputs masked
        ; 1. pseudo-random fill
        mov edi, BUF
        mov ecx, BUF_SIZE / 4
        mov eax, 0x9E3779B9
.fill:  mov edx, eax
        shl edx, 13
        xor eax, edx
        mov edx, eax
        shr edx, 17
        xor eax, edx
        mov edx, eax
        shl edx, 5
        xor eax, edx
        mov [edi], eax
        add edi, 4
        dec ecx
        jnz .fill

        ; 2. table
        xor ecx, ecx
.tab:   mov eax, ecx
        mov ebx, 8
.tbit:  shr eax, 1
        jnc .tnext
        xor eax, POLY
.tnext: dec ebx
        jnz .tbit
        mov [TABLE + ecx * 4], eax
        inc ecx
        cmp ecx, 256
        jb .tab

        ; 3. bitwise and table CRC, one pass each
        mov eax, -1
        mov esi, BUF
        mov ecx, BUF_SIZE
.bw:    xor al, [esi]
        mov ebx, 8
.bbit:  shr eax, 1
        jnc .bnext
        xor eax, POLY
.bnext: dec ebx
        jnz .bbit
        inc esi
        dec ecx
        jnz .bw
        not eax
        mov [bitwise_crc], eax

        mov eax, -1
        call crc_pass
        not eax
        mov [table_crc], eax

        ; 4. the timed part
        mov eax, -1
        mov ebp, ITERATIONS
.pass:  call crc_pass
        dec ebp
        jnz .pass
        not eax
        mov [result_crc], eax

        PUTS "bench-crc32: iterations="
        PUTDEC ITERATIONS
        PUTS " bitwise="
        PUTHEX [bitwise_crc], 8
        PUTS " table="
        PUTHEX [table_crc], 8
        PUTS `\n`
        mov eax, [bitwise_crc]
        cmp eax, [table_crc]
        jne .bad
        PUTS "bench-crc32: result="
        PUTHEX [result_crc], 8
        PUTS `\n`
        jmp exit_pass
.bad:   PUTS `FAIL: bench-crc32 bitwise and table CRC differ\n`
        jmp exit_fail

; crc_pass: EAX = CRC state; runs the table loop over the buffer (7 instructions per byte)
crc_pass:
        mov esi, BUF
        mov ecx, BUF_SIZE
.l:     movzx ebx, byte [esi]
        xor bl, al
        shr eax, 8
        xor eax, [TABLE + ebx * 4]
        inc esi
        dec ecx
        jnz .l
        ret

        ROM_LIB32
        ROM_END
