/* start.S - reset entry of the AArch32 gdb test program (virt, cortex-a15): flash at 0, stack in RAM. */
    .syntax unified
    .arm
    .section .text.start, "ax"
    .global _start
_start:
    ldr     sp, =__stack_top
    mrc     p15, 0, r0, c1, c0, 2       @ CPACR: full access to cp10 and cp11 (VFP/NEON)
    orr     r0, r0, #0x00f00000
    mcr     p15, 0, r0, c1, c0, 2
    isb
    mov     r0, #0x40000000             @ FPEXC.EN
    vmsr    fpexc, r0
    bl      main
1:  b       1b
    .section .note.GNU-stack, "", %progbits
