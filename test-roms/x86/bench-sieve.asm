; bench-sieve.asm - CPU-bound benchmark ROM: sieve of Eratosthenes, in 32-bit protected mode.
;
; ITERATIONS times: clears a byte array of N = 1,000,000 entries at 1 MiB (a
; dword loop), marks the multiples of every prime p <= sqrt(N) from p*p on,
; then counts the primes below N and sums them (64-bit sum with ADC).
;
; Output (debug console and COM1):
;   bench-sieve: iterations=N primes=78498 sum=0x00000008be2da9e7
;   bench-sieve: result=00000008be2da9e7                (see expected.txt)
; then isa-debug-exit (0: exit status 1). A pass whose prime count or sum
; differs from the first pass prints "FAIL: bench-sieve ..." and exits with 1.
;
; Instruction count per pass: clearing 250,000 x 4, marking about 2.1 M x 4,
; counting 1 M x 4 plus 78,498 x 3: about 13.7 M, so ITERATIONS = 60 executes
; about 0.8 G instructions.

%include "common.inc"

%define N               1000000
%define SIEVE           0x100000
%define ITERATIONS      60

%define first_count     0x600
%define first_lo        0x604
%define first_hi        0x608

        ROM_START
main16:
        ENTER_PM main32

main32:
        call pic_init                   ; all interrupt inputs masked
        mov ebp, ITERATIONS
        mov dword [first_count], -1
.pass:
        ; clear
        mov edi, SIEVE
        mov ecx, N / 4
        xor eax, eax
.clr:   mov [edi], eax
        add edi, 4
        dec ecx
        jnz .clr

        ; mark composites
        mov ecx, 2
.outer: cmp byte [SIEVE + ecx], 0
        jne .next
        mov edx, ecx
        imul edx, ecx
.inner: mov byte [SIEVE + edx], 1
        add edx, ecx
        cmp edx, N
        jb .inner
.next:  inc ecx
        mov eax, ecx
        imul eax, ecx
        cmp eax, N
        jb .outer

        ; count and sum
        xor esi, esi
        xor ebx, ebx
        xor edi, edi
        mov ecx, 2
.cnt:   cmp byte [SIEVE + ecx], 0
        jne .comp
        inc esi
        add ebx, ecx
        adc edi, 0
.comp:  inc ecx
        cmp ecx, N
        jb .cnt

        cmp dword [first_count], -1
        jne .compare
        mov [first_count], esi
        mov [first_lo], ebx
        mov [first_hi], edi
        jmp .again
.compare:
        cmp esi, [first_count]
        jne .bad
        cmp ebx, [first_lo]
        jne .bad
        cmp edi, [first_hi]
        jne .bad
.again: dec ebp
        jnz .pass

        PUTS "bench-sieve: iterations="
        PUTDEC ITERATIONS
        PUTS " primes="
        PUTDEC esi
        PUTS " sum=0x"
        PUTHEX edi, 8
        PUTHEX ebx, 8
        PUTS `\n`
        PUTS "bench-sieve: result="
        PUTHEX edi, 8
        PUTHEX ebx, 8
        PUTS `\n`
        jmp exit_pass
.bad:   PUTS `FAIL: bench-sieve a pass gave a different count or sum\n`
        jmp exit_fail

        ROM_LIB32
        ROM_END
