/*
 * start-ppce500.S - reset code and exception vectors of the ppce500 (e500mc) test ROMs.
 * QEMU's ppce500 loads the ELF and starts at its entry in supervisor mode with TLB1 entry 0 mapping
 * the low RAM 1:1. _start widens that entry to 256 MiB, maps the CCSR (physical 0xF_E000_0000) at
 * 0xE000_0000 through TLB1 entry 1 (cache-inhibited, guarded), and points IVPR/IVOR0-15 at the vector
 * table below (Book E: EREF 4.x "interrupts", one 0x100-byte slot per IVOR).
 */
#include "rom-common.inc"

        .section .vectors, "ax"
        .globl  _vectors
_vectors:
        .macro  VEC n
        .org    \n * 0x100
        mtspr   272, 3
        mtspr   273, 4
        mfcr    3
        mtspr   274, 3
        li      3, \n * 0x100
        b       exc_common
        .endm
        VEC     0                       /* critical input */
        VEC     1                       /* machine check */
        VEC     2                       /* data storage */
        VEC     3                       /* instruction storage */
        VEC     4                       /* external input */
        VEC     5                       /* alignment */
        VEC     6                       /* program */
        VEC     7                       /* FP unavailable */
        VEC     8                       /* system call */
        VEC     9                       /* auxiliary processor unavailable */
        VEC     10                      /* decrementer */
        VEC     11                      /* fixed-interval timer */
        VEC     12                      /* watchdog */
        VEC     13                      /* data TLB error */
        VEC     14                      /* instruction TLB error */
        VEC     15                      /* debug */
        .org    0x1000

        .text
        .globl  _start
_start:
        /* TLB1[0]: EA 0 -> PA 0, 256 MiB, SX SW SR, IPROT (same translation as QEMU's initial entry) */
        lis     3, 0x1000
        mtspr   624, 3                  /* MAS0: TLBSEL 1, ESEL 0 */
        lis     3, 0xc000
        ori     3, 3, 0x0900
        mtspr   625, 3                  /* MAS1: V IPROT TSIZE 9 (256 MiB) */
        li      3, 0
        mtspr   626, 3                  /* MAS2: EPN 0, WIMGE 0 */
        li      3, 0x15
        mtspr   627, 3                  /* MAS3: RPN 0, SX SW SR */
        li      3, 0
        mtspr   944, 3                  /* MAS7 */
        isync
        tlbwe
        isync
        /* TLB1[1]: EA 0xE000_0000 -> PA 0xF_E000_0000, 1 MiB, I G */
        lis     3, 0x1001
        mtspr   624, 3
        lis     3, 0xc000
        ori     3, 3, 0x0500
        mtspr   625, 3
        lis     3, 0xe000
        ori     3, 3, 0x000a
        mtspr   626, 3
        lis     3, 0xe000
        ori     3, 3, 0x0015
        mtspr   627, 3
        li      3, 0xf
        mtspr   944, 3
        isync
        tlbwe
        isync
        /* IVPR and IVOR0-15 */
        lis     3, _vectors@h
        mtspr   63, 3
        li      3, 0x000
        mtspr   400, 3
        li      3, 0x100
        mtspr   401, 3
        li      3, 0x200
        mtspr   402, 3
        li      3, 0x300
        mtspr   403, 3
        li      3, 0x400
        mtspr   404, 3
        li      3, 0x500
        mtspr   405, 3
        li      3, 0x600
        mtspr   406, 3
        li      3, 0x700
        mtspr   407, 3
        li      3, 0x800
        mtspr   408, 3
        li      3, 0x900
        mtspr   409, 3
        li      3, 0xa00
        mtspr   410, 3
        li      3, 0xb00
        mtspr   411, 3
        li      3, 0xc00
        mtspr   412, 3
        li      3, 0xd00
        mtspr   413, 3
        li      3, 0xe00
        mtspr   414, 3
        li      3, 0xf00
        mtspr   415, 3
        li      3, 0x3000               /* MSR: FP | ME */
        mtmsr   3
        isync
        START_C

        .macro  DEC_ACK
        lis     3, 0x0800               /* TSR: clear DIS (write one to clear) */
        mtspr   336, 3
        li      3, 0                    /* TCR: DIE off */
        mtspr   340, 3
        .endm
        EXC_COMMON 61, 62, 0xa00, 0x800

        .section .note.GNU-stack,"",@progbits
