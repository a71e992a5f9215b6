// start.S - startup code of the gdb test program (QEMU/jemu virt board, -bios).
// The CPU enters at 0x0 in EL1 with the MMU off: set SP, clear .bss, call main,
// then power off with PSCI SYSTEM_OFF through HVC.
        .section .text.boot, "ax"
        .global _start
_start:
        ldr     x0, =__stack_top
        mov     sp, x0
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
