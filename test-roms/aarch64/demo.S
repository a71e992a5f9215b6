// demo.S - the ROM `jemu run` boots by default on the AArch64 virt board.
//
// Prints a banner and a small interactive monitor on the PL011 UART:
//
//   help                 list the commands
//   echo TEXT            print TEXT
//   md ADDR [COUNT]      dump COUNT (default 16) 32-bit words from ADDR (hex)
//   crc ADDR LEN         CRC-32 of LEN bytes at ADDR (hex), with CRC32X/B
//   count N              run a 4-instruction loop N times (decimal or 0x..),
//                        print the sum and the generic timer ticks it took
//   info                 CurrentEL, MIDR_EL1, CNTFRQ_EL0
//   off                  PSCI SYSTEM_OFF
//
// Line editing: Backspace/DEL erase a character, Ctrl-U erases the line,
// Ctrl-C cancels it.  CR, LF or CR LF end a line.  An exception (say, md of
// an address with no device) is reported and the monitor restarts.

        .include "common.inc"

        .equ LINE_MAX,  120

        ROM_START

main:
        adr     x0, demo_vectors
        msr     vbar_el1, x0
        isb
        PUTS    "\njemu demo ROM (AArch64, virt board)\n"
        PUTS    "Type 'help' for the list of commands.\n"
monitor:                                        // also the restart point
        ldr     x0, =__stack_top
        mov     sp, x0
prompt:
        PUTS    "demo> "
        bl      read_line
        bl      run_command
        b       prompt

// ---------------------------------------------------------------------
// read_line: edit a line into line_buf (NUL-terminated)
read_line:
        stp     x29, x30, [sp, #-32]!
        stp     x19, x20, [sp, #16]
        ldr     x19, =line_buf
        mov     x20, #0                         // length
1:      bl      uart_getc
        ldr     x1, =prev_char
        ldrb    w2, [x1]                        // previous character received
        strb    w0, [x1]
        cmp     w0, #'\r'
        b.eq    4f
        cmp     w0, #'\n'
        b.ne    2f
        cmp     w2, #'\r'                       // LF after CR: already done
        b.eq    1b
        b       4f
2:      cmp     w0, #8                          // Backspace
        b.eq    5f
        cmp     w0, #0x7f                       // DEL
        b.eq    5f
        cmp     w0, #0x15                       // Ctrl-U
        b.eq    6f
        cmp     w0, #0x03                       // Ctrl-C
        b.eq    7f
        cmp     w0, #' '
        b.lo    1b                              // other control characters
        cmp     w0, #'~'
        b.hi    1b
        cmp     x20, #LINE_MAX
        b.hs    1b                              // line full
        strb    w0, [x19, x20]
        add     x20, x20, #1
        bl      uart_putc                       // echo
        b       1b
4:      strb    wzr, [x19, x20]
        PUTS    "\n"
        ldp     x19, x20, [sp, #16]
        ldp     x29, x30, [sp], #32
        ret
5:      cbz     x20, 1b
        sub     x20, x20, #1
        PUTS    "\b \b"
        b       1b
6:      cbz     x20, 1b
        sub     x20, x20, #1
        PUTS    "\b \b"
        b       6b
7:      PUTS    "^C"
        mov     x20, #0
        b       4b

// ---------------------------------------------------------------------
// run_command: look the first word of line_buf up in the command table
run_command:
        stp     x29, x30, [sp, #-32]!
        stp     x19, x20, [sp, #16]
        ldr     x0, =line_buf
        bl      skip_spaces
        mov     x19, x0
        ldrb    w1, [x19]
        cbz     w1, 3f                          // empty line
        adr     x20, command_table
1:      ldr     x1, [x20]
        cbz     x1, 2f                          // end of table
        mov     x0, x19
        bl      match_word
        cbnz    w2, 4f
        add     x20, x20, #16
        b       1b
4:      bl      skip_spaces                     // x0 = after the word
        ldr     x1, [x20, #8]
        blr     x1                              // handler(x0 = arguments)
        b       3f
2:      PUTS    "unknown command: "
        mov     x1, x19                         // print the first word
5:      ldrb    w0, [x1], #1
        cbz     w0, 6f
        cmp     w0, #' '
        b.eq    6f
        mov     x19, x1
        bl      uart_putc
        mov     x1, x19
        b       5b
6:      PUTS    " (type 'help')\n"
3:      ldp     x19, x20, [sp, #16]
        ldp     x29, x30, [sp], #32
        ret

// skip_spaces(x0) -> x0 at the first non-space character
skip_spaces:                                    // uses only x0 and w7
1:      ldrb    w7, [x0]
        cmp     w7, #' '
        b.ne    2f
        add     x0, x0, #1
        b       1b
2:      ret

// match_word(x0 = text, x1 = word) -> w2 = 1 and x0 after the word if the
// text starts with word followed by space or NUL; else w2 = 0
match_word:
        mov     x3, x0
1:      ldrb    w4, [x1], #1
        ldrb    w5, [x3]
        cbz     w4, 2f
        cmp     w4, w5
        b.ne    3f
        add     x3, x3, #1
        b       1b
2:      cmp     w5, #' '
        ccmp    w5, #0, #4, ne                  // Z if space or NUL
        b.ne    3f
        mov     x0, x3
        mov     w2, #1
        ret
3:      mov     w2, #0
        ret

// parse_number(x0 = text, w1 = default base 10 or 16) -> x0 = after the
// number and its trailing spaces, x1 = value, w2 = 1 if a number was read.
// A "0x" prefix always selects hexadecimal.
parse_number:
        stp     x29, x30, [sp, #-16]!
        bl      skip_spaces
        mov     w6, w1                          // base
        ldrb    w3, [x0]
        cmp     w3, #'0'
        b.ne    1f
        ldrb    w3, [x0, #1]
        orr     w3, w3, #0x20                   // lower case
        cmp     w3, #'x'
        b.ne    1f
        add     x0, x0, #2
        mov     w6, #16
1:      mov     x1, #0                          // value
        mov     w2, #0                          // digits seen
2:      ldrb    w3, [x0]
        sub     w4, w3, #'0'
        cmp     w4, #10
        b.lo    3f                              // 0-9
        orr     w4, w3, #0x20
        sub     w4, w4, #('a' - 10)
        cmp     w4, #10
        b.lo    5f
        cmp     w4, #16
        b.hs    5f
3:      cmp     w4, w6
        b.hs    5f                              // digit too big for the base
        mul     x1, x1, x6
        add     x1, x1, x4
        mov     w2, #1
        add     x0, x0, #1
        b       2b
5:      // must end at a space or the end of the line
        cmp     w3, #' '
        ccmp    w3, #0, #4, ne
        csel    w2, w2, wzr, eq
        bl      skip_spaces
        ldp     x29, x30, [sp], #16
        ret

// ---------------------------------------------------------------------
// Commands: handler(x0 = arguments)

cmd_help:
        stp     x29, x30, [sp, #-16]!
        PUTS    "Commands:\n"
        PUTS    "  help              this list\n"
        PUTS    "  echo TEXT         print TEXT\n"
        PUTS    "  md ADDR [COUNT]   dump COUNT (default 16) 32-bit words at ADDR (hex)\n"
        PUTS    "  crc ADDR LEN      CRC-32 of LEN bytes at ADDR (hex) with the CRC32 instructions\n"
        PUTS    "  count N           loop N times (decimal, or 0x.. hex) and time it\n"
        PUTS    "  info              show CurrentEL, MIDR_EL1 and the timer frequency\n"
        PUTS    "  off               power off (PSCI SYSTEM_OFF)\n"
        ldp     x29, x30, [sp], #16
        ret

cmd_echo:
        stp     x29, x30, [sp, #-16]!
        bl      uart_puts
        PUTS    "\n"
        ldp     x29, x30, [sp], #16
        ret

cmd_md:
        stp     x29, x30, [sp, #-48]!
        stp     x19, x20, [sp, #16]
        str     x21, [sp, #32]
        mov     w1, #16
        bl      parse_number
        cbz     w2, 9f
        and     x19, x1, #~3                    // address, word aligned
        mov     x20, #16                        // default count
        ldrb    w3, [x0]
        cbz     w3, 1f
        mov     w1, #16
        bl      parse_number
        cbz     w2, 9f
        mov     x20, x1
        ldrb    w3, [x0]
        cbnz    w3, 9f
1:      cbz     x20, 8f
        mov     x21, #0                         // words printed on this line
2:      cbnz    x21, 3f
        mov     x0, x19                         // line header "ADDRESS:"
        lsr     x1, x19, #32
        cmp     x1, #0
        mov     w1, #8
        mov     w2, #16
        csel    w1, w1, w2, eq
        bl      uart_put_hexn
        PUTC    ':'
3:      PUTC    ' '
        ldr     w0, [x19], #4
        mov     w1, #8
        bl      uart_put_hexn
        add     x21, x21, #1
        subs    x20, x20, #1
        b.eq    4f
        cmp     x21, #4
        b.ne    2b
        PUTS    "\n"
        mov     x21, #0
        b       2b
4:      PUTS    "\n"
8:      ldp     x19, x20, [sp, #16]
        ldr     x21, [sp, #32]
        ldp     x29, x30, [sp], #48
        ret
9:      PUTS    "usage: md ADDR [COUNT]   (hex numbers)\n"
        b       8b

cmd_crc:
        stp     x29, x30, [sp, #-32]!
        stp     x19, x20, [sp, #16]
        mov     w1, #16
        bl      parse_number
        cbz     w2, 9f
        mov     x19, x1                         // address
        mov     w1, #16
        bl      parse_number
        cbz     w2, 9f
        ldrb    w3, [x0]
        cbnz    w3, 9f
        add     x20, x19, x1                    // end
        mov     w0, #-1
1:      cmp     x19, x20                        // bytes until 8-byte aligned
        b.hs    4f
        tst     x19, #7
        b.eq    2f
        ldrb    w1, [x19], #1
        crc32b  w0, w0, w1
        b       1b
2:      sub     x2, x20, x19                    // whole doublewords
        cmp     x2, #8
        b.lo    3f
        ldr     x1, [x19], #8
        crc32x  w0, w0, x1
        b       2b
3:      cmp     x19, x20                        // the tail
        b.hs    4f
        ldrb    w1, [x19], #1
        crc32b  w0, w0, w1
        b       3b
4:      mvn     w19, w0
        PUTS    "crc32 = "
        mov     w0, w19
        mov     w1, #8
        bl      uart_put_hexn
        PUTS    "\n"
8:      ldp     x19, x20, [sp, #16]
        ldp     x29, x30, [sp], #32
        ret
9:      PUTS    "usage: crc ADDR LEN   (hex numbers)\n"
        b       8b

cmd_count:
        stp     x29, x30, [sp, #-48]!
        stp     x19, x20, [sp, #16]
        stp     x21, x22, [sp, #32]
        mov     w1, #10
        bl      parse_number
        cbz     w2, 9f
        ldrb    w3, [x0]
        cbnz    w3, 9f
        mov     x19, x1                         // N
        isb
        mrs     x21, cntvct_el0
        mov     x20, #0                         // sum
        mov     x2, #0                          // i
        cbz     x19, 2f
1:      add     x2, x2, #1                      // the 4-instruction loop
        add     x20, x20, x2
        cmp     x2, x19
        b.lo    1b
2:      isb
        mrs     x22, cntvct_el0
        sub     x22, x22, x21
        PUTS    "count: "
        mov     x0, x19
        bl      uart_put_dec
        PUTS    " loops, sum="
        mov     x0, x20
        bl      uart_put_dec
        PUTS    "\ncount: about "
        lsl     x0, x19, #2
        bl      uart_put_dec
        PUTS    " instructions in "
        mov     x0, x22
        bl      uart_put_dec
        PUTS    " timer ticks ("
        mrs     x0, cntfrq_el0
        bl      uart_put_dec
        PUTS    " Hz)\n"
8:      ldp     x21, x22, [sp, #32]
        ldp     x19, x20, [sp, #16]
        ldp     x29, x30, [sp], #48
        ret
9:      PUTS    "usage: count N\n"
        b       8b

cmd_info:
        stp     x29, x30, [sp, #-16]!
        PUTS    "CurrentEL: EL"
        mrs     x0, CurrentEL
        lsr     x0, x0, #2
        bl      uart_put_dec
        PUTS    "\nMIDR_EL1: "
        mrs     x0, midr_el1
        bl      uart_put_hex32
        PUTS    "\nCNTFRQ_EL0: "
        mrs     x0, cntfrq_el0
        bl      uart_put_dec
        PUTS    " Hz\n"
        ldp     x29, x30, [sp], #16
        ret

cmd_off:
        PUTS    "Powering off.\n"
        b       psci_system_off

// ---------------------------------------------------------------------
// Exceptions: report and restart the monitor
        .balign 0x800
demo_vectors:
        .irp    idx, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
        .balign 0x80
        mov     x19, #(\idx * 0x80)
        b       demo_exception
        .endr

demo_exception:
        ldr     x0, =__stack_top
        mov     sp, x0
        PUTS    "\nexception: ESR="
        mrs     x0, esr_el1
        bl      uart_put_hex64
        PUTS    " FAR="
        mrs     x0, far_el1
        bl      uart_put_hex64
        PUTS    "\nexception: vector="
        mov     x0, x19
        bl      uart_put_hex32
        PUTS    " ELR="
        mrs     x0, elr_el1
        bl      uart_put_hex64
        PUTS    " (back to the prompt)\n"
        adr     x0, monitor
        msr     elr_el1, x0
        mov     x0, #0x3c5                      // EL1h, DAIF masked
        msr     spsr_el1, x0
        eret

        .ltorg

        .pushsection .rodata
        .balign 8
command_table:
        .quad   str_help, cmd_help
        .quad   str_echo, cmd_echo
        .quad   str_md, cmd_md
        .quad   str_crc, cmd_crc
        .quad   str_count, cmd_count
        .quad   str_info, cmd_info
        .quad   str_off, cmd_off
        .quad   0, 0
str_help:       .asciz "help"
str_echo:       .asciz "echo"
str_md:         .asciz "md"
str_crc:        .asciz "crc"
str_count:      .asciz "count"
str_info:       .asciz "info"
str_off:        .asciz "off"
        .popsection

        .bss
line_buf:
        .space  LINE_MAX + 8
prev_char:
        .space  8
