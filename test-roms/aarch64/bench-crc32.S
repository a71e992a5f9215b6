// bench-crc32.S - CPU-bound benchmark: CRC-32 two ways over 64 KiB.
//
//  1. fills a 64 KiB RAM buffer with a xorshift64 pseudo-random pattern
//  2. builds the 256-entry CRC-32 table (reflected polynomial 0xEDB88320)
//     bit by bit
//  3. ITERATIONS times: CRC-32 of the buffer with CRC32X (8 bytes per
//     instruction) and with the byte-wise table-driven software loop.
//     Each pass continues from the previous pass's CRC, so the final value
//     is the CRC-32 of the buffer repeated ITERATIONS times.
//  4. prints both results; they must agree (CRC32X implements exactly the
//     same reflected CRC-32, Arm ARM C6.2 "CRC32B, CRC32H, CRC32W, CRC32X").
//
// Output:
//   bench-crc32: iterations=N hw=XXXXXXXX sw=XXXXXXXX
//   bench-crc32: result=XXXXXXXX          (see expected.txt)
// or a "FAIL: bench-crc32 ..." line if hw != sw; then PSCI SYSTEM_OFF.
//
// Dynamic instruction count, from the loop bodies below: per pass
// 2 + 8,192 x 4 (CRC32X loop) + 2 + 65,536 x 7 (table loop) + 2 = 491,526
// instructions, so ITERATIONS = 4000 executes about 1.966 G instructions;
// the set-up (fill 8,192 x 6, table 256 x 62) adds about 65 K.

        .include "common.inc"

        .equ BUF_SIZE,          65536
        .equ ITERATIONS,        4000

        ROM_START

main:
        // 1. pseudo-random fill: xorshift64 (13, 7, 17), seed fixed
        ldr     x0, =buffer
        mov     x1, #(BUF_SIZE / 8)
        LI      x2, 0x9e3779b97f4a7c15
1:      eor     x2, x2, x2, lsl #13
        eor     x2, x2, x2, lsr #7
        eor     x2, x2, x2, lsl #17
        str     x2, [x0], #8
        subs    x1, x1, #1
        b.ne    1b

        // 2. table[i] = CRC of byte i, bit by bit
        ldr     x0, =crc_table
        mov     w1, #0                          // i
        ldr     w6, =0xedb88320
2:      mov     w2, w1
        mov     w3, #8
3:      and     w4, w2, #1
        lsr     w2, w2, #1
        neg     w4, w4                          // 0 or 0xffffffff
        and     w4, w4, w6
        eor     w2, w2, w4
        subs    w3, w3, #1
        b.ne    3b
        str     w2, [x0, x1, lsl #2]
        add     w1, w1, #1
        cmp     w1, #256
        b.lo    2b

        // 3. the timed part
        mov     w20, #-1                        // hardware CRC state
        mov     w21, #-1                        // software CRC state
        ldr     x22, =crc_table
        mov     x23, #ITERATIONS
pass:
        ldr     x0, =buffer
        mov     x1, #(BUF_SIZE / 8)
4:      ldr     x2, [x0], #8                    // 4 instructions / 8 bytes
        crc32x  w20, w20, x2
        subs    x1, x1, #1
        b.ne    4b

        ldr     x0, =buffer
        mov     x1, #BUF_SIZE
5:      ldrb    w2, [x0], #1                    // 7 instructions / byte
        eor     w2, w2, w21
        and     w2, w2, #0xff
        ldr     w3, [x22, x2, lsl #2]
        eor     w21, w3, w21, lsr #8
        subs    x1, x1, #1
        b.ne    5b

        subs    x23, x23, #1
        b.ne    pass

        // 4. report
        mvn     w20, w20
        mvn     w21, w21
        PUTS    "bench-crc32: iterations="
        mov     x0, #ITERATIONS
        bl      uart_put_dec
        PUTS    " hw="
        mov     w0, w20
        mov     w1, #8
        bl      uart_put_hexn
        PUTS    " sw="
        mov     w0, w21
        mov     w1, #8
        bl      uart_put_hexn
        PUTS    "\n"
        cmp     w20, w21
        b.ne    6f
        PUTS    "bench-crc32: result="
        mov     w0, w20
        mov     w1, #8
        bl      uart_put_hexn
        PUTS    "\n"
        b       psci_system_off
6:      PUTS    "FAIL: bench-crc32 hardware and software CRC differ\n"
        b       psci_system_off

        .bss
        .balign 16
crc_table:
        .space  1024
buffer:
        .space  BUF_SIZE
