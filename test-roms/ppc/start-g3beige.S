/*
 * start-g3beige.S - reset code and exception vectors of the g3beige (PowerPC 750) test ROMs.
 * The ROM is linked at 0xFFF0_0000 (QEMU's PROM_ADDR); the 750 starts at 0xFFF0_0100 with MSR[IP] = 1,
 * so the exception vectors stay at 0xFFF0_0000 + offset (PEM 6.1, table 6-2).
 */
#include "rom-common.inc"

        .section .vectors, "ax"
        .globl  _vectors
_vectors:
        .org    0x100                   /* system reset */
        b       _start

        .macro  VEC off
        .org    \off
        mtspr   272, 3                  /* SPRG0 = r3 */
        mtspr   273, 4                  /* SPRG1 = r4 */
        mfcr    3
        mtspr   274, 3                  /* SPRG2 = CR */
        li      3, \off
        b       exc_common
        .endm

        VEC     0x200                   /* machine check */
        VEC     0x300                   /* DSI */
        VEC     0x400                   /* ISI */
        VEC     0x500                   /* external */
        VEC     0x600                   /* alignment */
        VEC     0x700                   /* program */
        VEC     0x800                   /* FP unavailable */
        VEC     0x900                   /* decrementer */
        VEC     0xc00                   /* system call */
        VEC     0xd00                   /* trace */
        VEC     0xf00                   /* performance monitor */
        .org    0x1000

        .text
        .globl  _start
_start:
        mfmsr   3
        ori     3, 3, 0x3000            /* FP | ME (IP stays set) */
        mtmsr   3
        isync
        /* .data from ROM to RAM */
        lis     3, _data_lma@ha
        addi    3, 3, _data_lma@l
        lis     4, _data_start@ha
        addi    4, 4, _data_start@l
        lis     5, _data_end@ha
        addi    5, 5, _data_end@l
1:      cmplw   4, 5
        bge     2f
        lwz     0, 0(3)
        stw     0, 0(4)
        addi    3, 3, 4
        addi    4, 4, 4
        b       1b
2:      START_C

        .macro  DEC_ACK                 /* no further decrementer interrupt for a while */
        lis     3, 0x7fff
        ori     3, 3, 0xffff
        mtspr   22, 3
        .endm
        EXC_COMMON 19, 18, 0x900, 0xc00

        .section .note.GNU-stack,"",@progbits
