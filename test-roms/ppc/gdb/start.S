/* start.S - startup code of the PowerPC gdb test program (g3beige, PowerPC 750).
 * The 750 leaves reset with MSR[IP] = 1 and fetches from the system reset vector 0xFFF00100 in
 * real mode. Set the stack, enable the FPU (MSR[FP]), clear .bss and call main. */
        .section .text.boot, "ax"
        .globl  _start
_start:
        lis     %r1, __stack_top@ha
        addi    %r1, %r1, __stack_top@l
        li      %r0, 0
        stwu    %r0, -16(%r1)           /* a zero back chain ends gdb's backtraces */
        mfmsr   %r3
        ori     %r3, %r3, 0x2000        /* MSR[FP] */
        mtmsr   %r3
        isync
        lis     %r3, __bss_start@ha
        addi    %r3, %r3, __bss_start@l
        lis     %r4, __bss_end@ha
        addi    %r4, %r4, __bss_end@l
1:      cmplw   %r3, %r4
        bge     2f
        stw     %r0, 0(%r3)
        addi    %r3, %r3, 4
        b       1b
2:      bl      main
3:      b       3b

        .section .note.GNU-stack, "", @progbits
