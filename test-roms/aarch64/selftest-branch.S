// selftest-branch.S - A64 branches and PC-relative addressing self-test.
//
// B, BL, BR, BLR, RET, B.cond (all conditions x all NZCV values), CBZ/CBNZ,
// TBZ/TBNZ, ADR/ADRP, a jump table and recursive calls.  Expected values
// follow the Arm ARM (C6.2 instruction pages, J1 ConditionHolds()) and
// were confirmed on qemu-system-aarch64.
//
// Register use: x15-x17, x30 and NZCV are clobbered by CHECK, x28 holds
// the test state pointer.

        .include "common.inc"

        ROM_START

main:
        TESTS_INIT

// ---------------------------------------------------------------------
// C6.2 B, BL, BLR, BR, RET
        TEST_BEGIN "b-bl-br-ret"
        mov     x0, #0
        b       1f
        mov     x0, #1                          // skipped
1:      CHECK   x0, 0
        bl      func_set42                      // x0 = 42, x1 = its x30
ret_point1:
        adr     x2, ret_point1
        CHECKR  x1, x2
        CHECK   x0, 42
        adr     x3, func_set42
        mov     x0, #0
        blr     x3
ret_point2:
        adr     x2, ret_point2
        CHECKR  x1, x2
        CHECK   x0, 42
        adr     x4, 2f
        mov     x0, #7
        br      x4
        mov     x0, #8                          // skipped
2:      CHECK   x0, 7
        adr     x5, 3f
        mov     x0, #9
        ret     x5                              // RET to any register
        mov     x0, #10                         // skipped
3:      CHECK   x0, 9
        // backward branch loop: sum 1..10
        mov     x0, #0
        mov     x1, #10
4:      add     x0, x0, x1
        sub     x1, x1, #1
        cbnz    x1, 4b
        CHECK   x0, 55
        // BLR through x30 itself: target read before the link is written
        adr     x30, func_set42
        blr     x30
ret_point3:
        adr     x2, ret_point3
        CHECKR  x1, x2
        TEST_END

// ---------------------------------------------------------------------
// C6.2 CBZ/CBNZ (W tests only bits 31:0), TBZ/TBNZ (bit 0..63)
        TEST_BEGIN "cbz-tbz"
        mov     x9, #0                          // bit i set = branch i taken
        LI      x0, 0x100000000
        cbz     x0, 1f
        orr     x9, x9, #1                      // not taken (x0 != 0)
1:      cbz     w0, 2f                          // taken (w0 == 0)
        orr     x9, x9, #2
2:      cbnz    w0, 3f                          // not taken
        orr     x9, x9, #4
3:      cbnz    x0, 4f                          // taken
        orr     x9, x9, #8
4:      LI      x1, 0x8000000000000001
        tbz     x1, #63, 5f                     // not taken
        orr     x9, x9, #0x10
5:      tbnz    x1, #63, 6f                     // taken
        orr     x9, x9, #0x20
6:      tbnz    x1, #0, 7f                      // taken
        orr     x9, x9, #0x40
7:      tbz     x1, #1, 8f                      // taken
        orr     x9, x9, #0x80
8:      tbnz    w1, #31, 9f                     // not taken
        orr     x9, x9, #0x100
9:      tbz     x1, #32, 10f                    // taken
        orr     x9, x9, #0x200
10:     cbz     xzr, 11f                        // taken
        orr     x9, x9, #0x400
11:     CHECK   x9, 0x115
        TEST_END

// ---------------------------------------------------------------------
// B.cond for all 16 condition codes x all 16 NZCV values (J1
// ConditionHolds; AL and NV are both "always" in A64).
        .macro BCOND_MASK dst
        mov     \dst, #0
        .irp    cc, nv,al,le,gt,lt,ge,ls,hi,vc,vs,pl,mi,cc,cs,ne,eq
        lsl     \dst, \dst, #1
        b.\cc   .Ltaken\@\cc
        b       .Lnext\@\cc
.Ltaken\@\cc:
        orr     \dst, \dst, #1
.Lnext\@\cc:
        .endr
        .endm

        TEST_BEGIN "b.cond"
        .irp    f, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
        mov     x14, #(\f << 28)
        msr     nzcv, x14
        BCOND_MASK x13
        ldr     x17, =cond_masks
        ldrh    w17, [x17, #(\f * 2)]
        CHECKR  x13, x17
        .endr
        // flags produced by real compares
        mov     x9, #0
        mov     x0, #-5
        cmp     x0, #3                          // signed less, unsigned higher
        b.lt    1f
        orr     x9, x9, #1
1:      b.hi    2f
        orr     x9, x9, #2
2:      b.ge    3f                              // not taken
        orr     x9, x9, #4
3:      cmp     x0, x0
        b.ne    4f                              // not taken
        orr     x9, x9, #8
4:      b.ls    5f                              // taken (Z)
        orr     x9, x9, #0x10
5:      CHECK   x9, 0xc
        TEST_END

// ---------------------------------------------------------------------
// C6.2 ADR/ADRP: ADR = PC + imm21; ADRP = (PC AND ~0xfff) + imm21 << 12
        TEST_BEGIN "adr-adrp"
        adr     x0, adr_target
        ldr     x1, =adr_target                 // absolute address from the linker
        CHECKR  x0, x1
here1:  adr     x0, .
        ldr     x1, =here1
        CHECKR  x0, x1
        adr     x0, _start                      // backward
        CHECK   x0, 0
        adrp    x0, adr_target
        ldr     x1, =adr_target
        and     x1, x1, #~0xfff
        CHECKR  x0, x1
        adrp    x0, far_data                    // in RAM, 1 GiB away
        add     x0, x0, :lo12:far_data
        ldr     x1, =far_data
        CHECKR  x0, x1
        adrp    x0, far_data
        CHECK   x0, 0x40100000
        TEST_END

// ---------------------------------------------------------------------
// Indirect branch through a table of offsets (switch statement)
        TEST_BEGIN "jump-table"
        mov     x9, #0
        mov     x10, #0
1:      adr     x1, jt_base
        ldrb    w2, [x1, x10]                   // offset / 4 from jt_base
        adr     x3, jt_code
        add     x3, x3, x2, lsl #2
        br      x3
jt_code:
        add     x9, x9, #1                      // case 0
        b       2f
        add     x9, x9, #10                     // case 1
        b       2f
        add     x9, x9, #100                    // case 2
        b       2f
        add     x9, x9, #1000                   // case 3
2:      add     x10, x10, #1
        cmp     x10, #6
        b.lo    1b
        CHECK   x9, 1212                        // cases 3,2,0,1,0,2
        TEST_END

// ---------------------------------------------------------------------
// Recursive calls with stack frames (stp x29, x30 / ldp / ret)
        TEST_BEGIN "recursion"
        mov     x0, #20
        bl      fib
        CHECK   x0, 6765
        mov     x0, #12
        bl      fact
        CHECK   x0, 479001600
        mov     x5, sp
        LI      x6, __stack_top
        CHECKR  x5, x6                          // stack balanced
        TEST_END

        b       tests_finish

// func_set42: x0 = 42, x1 = return address
func_set42:
        mov     x0, #42
        mov     x1, x30
        ret

// fib(x0) recursive: fib(0)=0, fib(1)=1
fib:
        cmp     x0, #2
        b.lo    1f
        stp     x29, x30, [sp, #-32]!
        mov     x29, sp
        str     x19, [sp, #16]
        mov     x19, x0
        sub     x0, x0, #1
        bl      fib
        str     x0, [sp, #24]
        sub     x0, x19, #2
        bl      fib
        ldr     x1, [sp, #24]
        add     x0, x0, x1
        ldr     x19, [sp, #16]
        ldp     x29, x30, [sp], #32
1:      ret

// fact(x0) recursive
fact:
        cbz     x0, 1f
        stp     x0, x30, [sp, #-16]!
        sub     x0, x0, #1
        bl      fact
        ldp     x1, x30, [sp], #16
        mul     x0, x0, x1
        ret
1:      mov     x0, #1
        ret

        .balign 4
adr_target:
        .word   0
jt_base:
        .byte   6, 4, 0, 2, 0, 4                // case 3, 2, 0, 1, 0, 2 (x4 bytes)

        .pushsection .rodata
        .balign 2
cond_masks:     // reversed bit order: bit 0 = EQ ... bit 15 = NV, as in selftest-alu
        .hword  0xd6aa, 0xea6a, 0xd5a6, 0xe966, 0xe6a9, 0xea69, 0xe6a5, 0xea65
        .hword  0xea9a, 0xd65a, 0xe996, 0xd556, 0xea99, 0xe659, 0xea95, 0xe655
        .popsection

        .bss
        .balign 16
far_data:
        .space  16
