// selftest-mem.S - A64 loads and stores self-test.
//
// Covers every access size, sign-extending loads, the addressing modes
// (unsigned offset, pre/post-index, unscaled, register offset with
// extend/shift, PC-relative literal), load/store pair (incl. LDPSW and
// LDNP/STNP), load-acquire/store-release and the exclusive monitor.
// Expected values follow the Arm ARM (C6.2 instruction pages, B2
// "Synchronization and semaphores") and were confirmed on qemu-system-aarch64.
//
// The MMU is off, so all data accesses are Device-nGnRnE and must be
// naturally aligned; every access below is.
//
// Register use: x15-x17, x30 and NZCV are clobbered by CHECK, x28 holds
// the test state pointer, x20 points at the RAM buffer `membuf`.

        .include "common.inc"

        ROM_START

main:
        TESTS_INIT
        ldr     x20, =membuf

// ---------------------------------------------------------------------
// C6.2 LDR/STR, LDRB/STRB, LDRH/STRH (unsigned offset), LDRSB/LDRSH/LDRSW
        TEST_BEGIN "load-store-sizes"
        LI      x0, 0x0123456789abcdef
        str     x0, [x20]
        ldr     x1, [x20]
        CHECK   x1, 0x0123456789abcdef
        ldrb    w1, [x20]
        CHECK   x1, 0xef
        ldrb    w1, [x20, #7]
        CHECK   x1, 0x01
        ldrh    w1, [x20, #2]
        CHECK   x1, 0x89ab
        ldrh    w1, [x20, #6]
        CHECK   x1, 0x0123
        ldr     w1, [x20, #4]
        CHECK   x1, 0x01234567
        mov     x1, #-1
        ldr     w1, [x20]                       // W load zero-extends
        CHECK   x1, 0x89abcdef
        ldrsb   x1, [x20]
        CHECK   x1, 0xffffffffffffffef
        ldrsb   w1, [x20]
        CHECK   x1, 0xffffffef
        ldrsb   x1, [x20, #6]
        CHECK   x1, 0x23
        ldrsh   x1, [x20, #2]
        CHECK   x1, 0xffffffffffff89ab
        ldrsh   w1, [x20, #2]
        CHECK   x1, 0xffff89ab
        ldrsh   w1, [x20, #4]
        CHECK   x1, 0x4567
        ldrsw   x1, [x20]
        CHECK   x1, 0xffffffff89abcdef
        ldrsw   x1, [x20, #4]
        CHECK   x1, 0x01234567
        str     xzr, [x20, #8]
        mov     w2, #0xaa
        strb    w2, [x20, #11]
        mov     w2, #0xbbcc
        strh    w2, [x20, #12]
        ldr     x1, [x20, #8]
        CHECK   x1, 0x0000bbccaa000000
        LI      x3, 0xffffffff11223344
        str     w3, [x20, #12]                  // only the low 32 bits
        ldr     x1, [x20, #8]
        CHECK   x1, 0x11223344aa000000
        strb    w3, [x20, #8]
        strh    w3, [x20, #10]
        ldr     x1, [x20, #8]
        CHECK   x1, 0x1122334433440044
        str     x0, [x20, #4088]
        ldr     x1, [x20, #4088]
        CHECK   x1, 0x0123456789abcdef
        mov     w4, #0x5a
        strb    w4, [x20, #4095]                // largest byte offset
        ldrb    w1, [x20, #4095]
        CHECK   x1, 0x5a
        ldrh    w1, [x20, #4094]                // 0x23 from x0, 0x5a from strb
        CHECK   x1, 0x5a23
        TEST_END

// ---------------------------------------------------------------------
// Pre-index, post-index and unscaled (LDUR/STUR) forms
        TEST_BEGIN "index-modes"
        LI      x0, 0x1111111111111111
        LI      x1, 0x2222222222222222
        LI      x2, 0x3333333333333333
        stp     x0, x1, [x20]
        str     x2, [x20, #16]
        mov     x21, x20
        ldr     x3, [x21, #8]!                  // pre-index: base updated first
        CHECK   x3, 0x2222222222222222
        sub     x4, x21, x20
        CHECK   x4, 8
        ldr     x3, [x21], #8                   // post-index: load, then update
        CHECK   x3, 0x2222222222222222
        sub     x4, x21, x20
        CHECK   x4, 16
        ldr     x3, [x21, #-16]!
        CHECK   x3, 0x1111111111111111
        CHECKR  x21, x20
        mov     w5, #0x77
        strb    w5, [x21, #1]!
        sub     x4, x21, x20
        CHECK   x4, 1
        strb    w5, [x21], #-1
        CHECKR  x21, x20
        ldrh    w3, [x21], #2
        CHECK   x3, 0x7711
        ldrsh   x3, [x21, #2]!
        CHECK   x3, 0x1111
        ldrsw   x3, [x21], #4
        CHECK   x3, 0x11111111
        sub     x4, x21, x20
        CHECK   x4, 8
        ldrsb   w3, [x21], #0
        CHECK   x3, 0x22
        mov     w6, #0x80
        strb    w6, [x21, #-1]!
        ldrsb   x3, [x21]
        CHECK   x3, 0xffffffffffffff80
        add     x21, x20, #16
        ldur    x3, [x21, #-8]
        CHECK   x3, 0x2222222222222222
        ldur    w3, [x21, #-4]
        CHECK   x3, 0x22222222
        ldurh   w3, [x21, #-2]
        CHECK   x3, 0x2222
        ldurb   w3, [x21, #-15]
        CHECK   x3, 0x77
        ldursb  x3, [x21, #-9]
        CHECK   x3, 0xffffffffffffff80
        ldursh  w3, [x21, #-10]
        CHECK   x3, 0xffff8011
        ldursw  x3, [x21, #-12]
        CHECK   x3, 0xffffffff80111111
        LI      x7, 0x8877665544332211
        stur    x7, [x21, #-16]
        sturb   w7, [x21, #-8]
        sturh   w7, [x21, #-6]
        stur    w7, [x21, #-4]
        ldr     x3, [x20]
        CHECK   x3, 0x8877665544332211
        ldr     x3, [x20, #8]
        CHECK   x3, 0x4433221122112211
        add     x22, x20, #(256 + 16)
        stur    x0, [x22, #-256]                // smallest unscaled offset
        ldr     x3, [x20, #16]
        CHECK   x3, 0x1111111111111111
        str     x1, [x20, #264]
        ldur    x3, [x21, #248]
        CHECK   x3, 0x2222222222222222
        TEST_END

// ---------------------------------------------------------------------
// Register offset: LSL #size, UXTW, SXTW, SXTX
        TEST_BEGIN "register-offset"
        LI      x0, 0x0123456789abcdef
        LI      x1, 0xfedcba9876543210
        stp     x0, x1, [x20]
        mov     x22, #1
        ldr     x3, [x20, x22, lsl #3]
        CHECK   x3, 0xfedcba9876543210
        add     x23, x20, #7
        ldr     x3, [x23, x22]
        CHECK   x3, 0xfedcba9876543210
        mov     w24, #1
        ldr     w3, [x20, w24, uxtw #2]
        CHECK   x3, 0x01234567
        mov     w25, #-8
        add     x26, x20, #8
        ldr     x3, [x26, w25, sxtw]
        CHECK   x3, 0x0123456789abcdef
        mov     w25, #-1
        ldr     x3, [x26, w25, sxtw #3]
        CHECK   x3, 0x0123456789abcdef
        mov     x25, #-2
        ldrh    w3, [x26, x25, sxtx #1]          // x26 - 4: bytes 4,5 of x0
        CHECK   x3, 0x4567
        ldrb    w3, [x20, x22]
        CHECK   x3, 0xcd
        ldrh    w3, [x20, x22, lsl #1]
        CHECK   x3, 0x89ab
        ldrsb   x3, [x20, x22]
        CHECK   x3, 0xffffffffffffffcd
        ldrsh   w3, [x20, x22, lsl #1]
        CHECK   x3, 0xffff89ab
        mov     x25, #3
        ldrsw   x3, [x20, x25, lsl #2]
        CHECK   x3, 0xfffffffffedcba98
        LI      x27, 0x100000001                // UXTW ignores bits 63:32
        ldr     w3, [x20, w27, uxtw #2]
        CHECK   x3, 0x01234567
        mov     w4, #0x99
        strb    w4, [x20, x22]
        mov     w4, #0x8888
        strh    w4, [x20, x22, lsl #1]
        mov     w4, #0x7777
        movk    w4, #0x6666, lsl #16
        str     w4, [x20, w24, uxtw #2]
        ldr     x3, [x20]
        CHECK   x3, 0x66667777888899ef
        mov     x25, #-1
        str     x0, [x26, x25, lsl #3]
        ldr     x3, [x20]
        CHECK   x3, 0x0123456789abcdef
        TEST_END

// ---------------------------------------------------------------------
// C6.2 LDR (literal), LDRSW (literal), PRFM (literal)
        TEST_BEGIN "literal"
        ldr     x3, lit_x
        CHECK   x3, 0xa5a5a5a55a5a5a5a
        ldr     w3, lit_w
        CHECK   x3, 0x80000001
        ldrsw   x3, lit_w
        CHECK   x3, 0xffffffff80000001
        ldr     x3, lit_back
        CHECK   x3, 0x1122334455667788
        prfm    pldl1keep, lit_x
        prfm    pldl2strm, [x20]
        TEST_END

        b       1f
        .balign 8
lit_back:
        .quad   0x1122334455667788
1:

// ---------------------------------------------------------------------
// C6.2 LDP/STP (signed offset, pre, post), LDPSW, LDNP/STNP
        TEST_BEGIN "load-store-pair"
        LI      x0, 0x0123456789abcdef
        LI      x1, 0xfedcba9876543210
        stp     x0, x1, [x20]
        ldp     x2, x3, [x20]
        CHECK   x2, 0x0123456789abcdef
        CHECK   x3, 0xfedcba9876543210
        ldp     w2, w3, [x20]
        CHECK   x2, 0x89abcdef
        CHECK   x3, 0x01234567
        ldpsw   x2, x3, [x20, #8]
        CHECK   x2, 0x0000000076543210
        CHECK   x3, 0xfffffffffedcba98
        ldpsw   x2, x3, [x20]
        CHECK   x2, 0xffffffff89abcdef
        stp     w1, w0, [x20, #16]
        ldr     x2, [x20, #16]
        CHECK   x2, 0x89abcdef76543210
        add     x21, x20, #64
        stp     x1, x0, [x21, #-16]!
        sub     x4, x21, x20
        CHECK   x4, 48
        ldp     x2, x3, [x21], #16
        CHECK   x2, 0xfedcba9876543210
        CHECK   x3, 0x0123456789abcdef
        sub     x4, x21, x20
        CHECK   x4, 64
        ldp     x2, x3, [x21, #-64]
        CHECK   x2, 0x0123456789abcdef
        ldp     w2, w3, [x21, #-8]!
        CHECK   x2, 0x89abcdef
        CHECK   x3, 0x01234567
        stp     w3, w2, [x21], #-8
        ldr     x2, [x21, #8]
        CHECK   x2, 0x89abcdef01234567
        stp     xzr, xzr, [x20, #32]
        stnp    x0, x1, [x20, #32]
        ldnp    x2, x3, [x20, #32]
        CHECK   x2, 0x0123456789abcdef
        CHECK   x3, 0xfedcba9876543210
        stnp    w1, w0, [x20, #32]
        ldnp    w2, w3, [x20, #32]
        CHECK   x2, 0x76543210
        CHECK   x3, 0x89abcdef
        ldp     x2, x3, [x20, #504]             // largest positive X offset
        stp     x0, x1, [x20, #504]
        ldp     x2, x3, [x20, #504]
        CHECK   x2, 0x0123456789abcdef
        CHECK   x3, 0xfedcba9876543210
        // SP-based pair with writeback (stack frames)
        mov     x5, sp
        stp     x0, x1, [sp, #-16]!
        mov     x6, sp
        ldp     x2, x3, [sp], #16
        sub     x6, x5, x6
        CHECK   x6, 16
        mov     x6, sp
        CHECKR  x6, x5
        CHECK   x2, 0x0123456789abcdef
        TEST_END

// ---------------------------------------------------------------------
// C6.2 LDAR/STLR (all sizes) and the exclusive monitor (B2, "Synchronization
// and semaphores"):
// LDXR/STXR, LDAXR/STLXR, byte/half/word/pair forms, CLREX.
// A Store-Exclusive writes 0 to Ws on success, 1 on failure.
        TEST_BEGIN "acquire-release"
        LI      x0, 0x0123456789abcdef
        stlr    x0, [x20]
        ldar    x1, [x20]
        CHECK   x1, 0x0123456789abcdef
        ldar    w1, [x20]
        CHECK   x1, 0x89abcdef
        ldarh   w1, [x20]
        CHECK   x1, 0xcdef
        ldarb   w1, [x20]
        CHECK   x1, 0xef
        mov     w2, #0x5a
        stlrb   w2, [x20]
        mov     w2, #0x1234
        add     x3, x20, #2
        stlrh   w2, [x3]
        add     x3, x20, #4
        stlr    w2, [x3]
        ldr     x1, [x20]
        CHECK   x1, 0x000012341234cd5a
        TEST_END

        TEST_BEGIN "exclusive"
        LI      x0, 0x0123456789abcdef
        str     x0, [x20]
        ldxr    x1, [x20]
        CHECK   x1, 0x0123456789abcdef
        ldxr    x1, [x20]
        add     x1, x1, #1
        stxr    w2, x1, [x20]
        CHECK   x2, 0
        ldr     x3, [x20]
        CHECK   x3, 0x0123456789abcdf0
        // The monitor is back in Open Access state: a second STXR fails
        mov     x1, #0
        stxr    w2, x1, [x20]
        CHECK   x2, 1
        ldr     x3, [x20]
        CHECK   x3, 0x0123456789abcdf0
        // CLREX also clears it
        ldxr    x1, [x20]
        clrex
        stxr    w2, xzr, [x20]
        CHECK   x2, 1
        // Acquire/release forms, 32-bit
        ldaxr   w1, [x20]
        CHECK   x1, 0x89abcdf0
        mov     w1, #0x4444
        stlxr   w2, w1, [x20]
        CHECK   x2, 0
        ldr     x3, [x20]
        CHECK   x3, 0x0123456700004444
        // byte and halfword
        add     x3, x20, #7
        ldxrb   w1, [x3]
        CHECK   x1, 0x01
        mov     w1, #0xfe
        stxrb   w2, w1, [x3]
        CHECK   x2, 0
        add     x3, x20, #4
        ldaxrh  w1, [x3]
        CHECK   x1, 0x4567
        mov     w1, #0xbeef
        stlxrh  w2, w1, [x3]
        CHECK   x2, 0
        ldr     x3, [x20]
        CHECK   x3, 0xfe23beef00004444
        add     x3, x20, #6
        ldxrh   w1, [x3]
        CHECK   x1, 0xfe23
        stxrh   w2, w1, [x3]
        CHECK   x2, 0
        // pairs: LDXP/STXP (16-byte aligned), LDAXP/STLXP
        LI      x4, 0x1111111122222222
        LI      x5, 0x3333333344444444
        stp     x4, x5, [x20, #16]
        add     x21, x20, #16
        ldxp    x6, x7, [x21]
        CHECK   x6, 0x1111111122222222
        CHECK   x7, 0x3333333344444444
        ldxp    x6, x7, [x21]
        stxp    w2, x7, x6, [x21]
        CHECK   x2, 0
        ldp     x8, x9, [x21]
        CHECK   x8, 0x3333333344444444
        CHECK   x9, 0x1111111122222222
        ldaxp   w6, w7, [x21]
        CHECK   x6, 0x44444444
        CHECK   x7, 0x33333333
        stlxp   w2, w7, w6, [x21]
        CHECK   x2, 0
        ldr     x8, [x21]
        CHECK   x8, 0x4444444433333333
        // an atomic-increment loop, as a spinlock library would write it
        str     xzr, [x20, #32]
        add     x21, x20, #32
        mov     x10, #100
1:      ldaxr   x11, [x21]
        add     x11, x11, #3
        stlxr   w12, x11, [x21]
        cbnz    w12, 1b
        subs    x10, x10, #1
        b.ne    1b
        ldr     x11, [x21]
        CHECK   x11, 300
        TEST_END

// ---------------------------------------------------------------------
// Stack-pointer based accesses and 16-byte stack frames
        TEST_BEGIN "stack"
        mov     x5, sp
        LI      x0, 0xdeadbeefcafef00d
        str     x0, [sp, #-16]!
        ldr     w1, [sp, #4]
        CHECK   x1, 0xdeadbeef
        ldrh    w1, [sp]
        CHECK   x1, 0xf00d
        ldr     x1, [sp], #16
        CHECK   x1, 0xdeadbeefcafef00d
        mov     x6, sp
        CHECKR  x6, x5
        sub     sp, sp, #64
        mov     x2, #7
        str     x2, [sp, #56]
        mov     x3, #56
        ldr     x1, [sp, x3]
        str     x1, [sp, #8]
        mov     x3, #1
        ldr     x4, [sp, x3, lsl #3]
        add     sp, sp, #64
        CHECK   x1, 7
        CHECK   x4, 7
        TEST_END

        b       tests_finish

        .balign 8
lit_x:
        .quad   0xa5a5a5a55a5a5a5a
lit_w:
        .word   0x80000001
        .word   0

        .bss
        .balign 16
membuf:
        .space  4096 + 64
