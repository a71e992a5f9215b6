// start.S - startup code of the gdb test program (QEMU/jemu virt board, -bios).
// The CPU enters at 0x0 in EL1 with the MMU off: set SP, set some EL0/EL1 system registers
// (read back by the gdb tests), take an SVC (ESR/ELR/SPSR_EL1), clear .bss, call main,
// then power off with PSCI SYSTEM_OFF through HVC.
        .section .text.boot, "ax"
        .global _start
_start:
        ldr     x0, =__stack_top
        mov     sp, x0
        // System registers with values the gdb tests read back (the MMU stays off).
        adr     x0, vectors
        msr     vbar_el1, x0
        ldr     x0, =0x000000ff440c0400
        msr     mair_el1, x0
        ldr     x0, =0x0000000080803520
        msr     tcr_el1, x0
        ldr     x0, =0x0000000040200000
        msr     ttbr0_el1, x0
        ldr     x0, =0x0001000040300000
        msr     ttbr1_el1, x0
        ldr     x0, =0x1111222233334444
        msr     tpidr_el0, x0
        ldr     x0, =0x5555666677778888
        msr     tpidrro_el0, x0
        ldr     x0, =0x9999aaaabbbbcccc
        msr     tpidr_el1, x0
        mov     x0, #0x77
        msr     contextidr_el1, x0
        mov     x0, #(3 << 20)
        msr     cpacr_el1, x0
        ldr     x0, =0x40180000
        msr     sp_el0, x0
        mov     x0, #0x90000000         // N and V (their reset value is UNKNOWN): SPSR_EL1 = 0x900003c5
        msr     nzcv, x0
        isb
        .global svc_point
svc_point:
        svc     #0x42                   // sets ESR_EL1, ELR_EL1, SPSR_EL1; the handler returns
        ldr     x0, =__bss_start
        ldr     x1, =__bss_end
1:      cmp     x0, x1
        b.hs    2f
        str     xzr, [x0], #8
        b       1b
2:      bl      main
        .global power_off
power_off:
        ldr     x0, =0x84000008         // PSCI SYSTEM_OFF
        hvc     #0
        b       .

        // The exception vectors: a synchronous exception from the current EL with SP_ELx (the svc above)
        // returns to the instruction after it; anything else stops here.
        .balign 2048
vectors:
        .rept   4
        b       .
        .balign 128
        .endr
        eret                            // VBAR + 0x200: current EL, SP_ELx, synchronous
        .balign 128
        .rept   11
        b       .
        .balign 128
        .endr
