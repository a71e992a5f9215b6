// smc.S - self-modifying code test.
//
// Copies small routines from ROM to RAM at 0x4020_0000, runs them, rewrites
// instructions with ordinary stores and runs them again.  After each write
// the code is made visible to instruction fetch with the sequence the Arm
// ARM prescribes for concurrent modification of instructions (B2
// "Concurrent modification and execution of instructions" and the
// "Cache maintenance instructions" rules of the AArch64 system chapter):
//
//      DC CVAU, Xaddr   ; clean data cache to the point of unification
//      DSB ISH          ; ensure completion of the clean
//      IC IVAU, Xaddr   ; invalidate instruction cache to PoU
//      DSB ISH          ; ensure completion of the invalidation
//      ISB              ; discard already-fetched instructions
//
// The cases stress what a translating emulator must get right:
//   smc-copy-run     fresh code written by stores, then executed
//   smc-patch-mov    an already-executed instruction replaced
//   smc-hot-loop     a loop that ran many times (so it is surely
//                    translated/compiled) patched in the middle
//   smc-self-patch   a routine that patches the very next instruction it
//                    is about to execute, inside the same block
//   smc-replace      the whole region overwritten with another routine
//
// Output: PASS/FAIL line per case, then ALL TESTS PASSED / SOME TESTS
// FAILED, then PSCI SYSTEM_OFF.

        .include "common.inc"

        .equ SMC_BASE,  0x40200000

        ROM_START

main:
        TESTS_INIT
        ldr     x20, =SMC_BASE

        TEST_BEGIN "smc-copy-run"
        adr     x0, routine_a
        adr     x1, routine_a_end
        mov     x2, x20
        bl      copy_code
        blr     x20
        CHECK   x0, 1
        blr     x20
        CHECK   x0, 1
        TEST_END

        TEST_BEGIN "smc-patch-mov"
        ldr     w1, tmpl_mov_x0_2
        str     w1, [x20]
        mov     x0, x20
        mov     x1, #4
        bl      sync_code
        blr     x20
        CHECK   x0, 2
        ldr     w1, tmpl_mov_x0_1234
        str     w1, [x20]
        mov     x0, x20
        mov     x1, #4
        bl      sync_code
        blr     x20
        CHECK   x0, 0x1234
        TEST_END

        TEST_BEGIN "smc-hot-loop"
        add     x21, x20, #0x100
        adr     x0, routine_b
        adr     x1, routine_b_end
        mov     x2, x21
        bl      copy_code
        mov     x22, #50                        // run it often: 50 x 1000 iterations
1:      blr     x21
        subs    x22, x22, #1
        b.ne    1b
        CHECK   x0, 1000
        ldr     w1, tmpl_add_x0_3
        adr     x2, routine_b_add
        adr     x3, routine_b
        sub     x2, x2, x3                      // offset of the ADD in the routine
        str     w1, [x21, x2]
        add     x0, x21, x2
        mov     x1, #4
        bl      sync_code
        blr     x21
        CHECK   x0, 3000
        TEST_END

        TEST_BEGIN "smc-self-patch"
        add     x21, x20, #0x200
        adr     x0, routine_c
        adr     x1, routine_c_end
        mov     x2, x21
        bl      copy_code
        mov     w2, #0
        blr     x21                             // w2 = 0: no patch
        mov     x23, x0
        ldr     w2, tmpl_mov_x0_5
        blr     x21                             // patches "mov x0,#1" -> "mov x0,#5"
        mov     x24, x0
        ldr     w2, tmpl_mov_x0_6
        blr     x21                             // runs "#5" code, patches to "#6"
        mov     x25, x0
        ldr     w2, tmpl_mov_x0_1
        blr     x21
        mov     x26, x0
        CHECK   x23, 1
        CHECK   x24, 5
        CHECK   x25, 6
        CHECK   x26, 1
        TEST_END

        TEST_BEGIN "smc-replace"
        adr     x0, routine_d
        adr     x1, routine_d_end
        mov     x2, x20
        bl      copy_code
        blr     x20
        CHECK   x0, 78
        add     x21, x20, #0x100                // the hot loop's old place
        adr     x0, routine_d
        adr     x1, routine_d_end
        mov     x2, x21
        bl      copy_code
        blr     x21
        CHECK   x0, 78
        TEST_END

        b       tests_finish

// copy_code(x0 = src, x1 = src end, x2 = dst): word copy, then sync_code
copy_code:
        mov     x3, x2
        sub     x4, x1, x0
1:      ldr     w5, [x0], #4
        str     w5, [x2], #4
        cmp     x0, x1
        b.lo    1b
        mov     x0, x3
        mov     x1, x4
        // fall through
// sync_code(x0 = address, x1 = length): make stored instructions visible
// to instruction fetch (line sizes from CTR_EL0.DminLine / IminLine)
sync_code:
        mrs     x2, ctr_el0
        ubfx    x3, x2, #16, #4                 // DminLine: log2(words)
        mov     x4, #4
        lsl     x3, x4, x3                      // D line size in bytes
        and     x5, x2, #0xf                    // IminLine
        lsl     x5, x4, x5                      // I line size in bytes
        add     x1, x0, x1                      // end
        sub     x6, x3, #1
        bic     x4, x0, x6
1:      dc      cvau, x4
        add     x4, x4, x3
        cmp     x4, x1
        b.lo    1b
        dsb     ish
        sub     x6, x5, #1
        bic     x4, x0, x6
2:      ic      ivau, x4
        add     x4, x4, x5
        cmp     x4, x1
        b.lo    2b
        dsb     ish
        isb
        ret

// Routines copied to RAM (position independent)
        .balign 4
routine_a:
        mov     x0, #1
        ret
routine_a_end:

routine_b:                                      // x0 = 1000 * (increment)
        mov     x0, #0
        mov     x1, #1000
1:
routine_b_add:
        add     x0, x0, #1
        subs    x1, x1, #1
        b.ne    1b
        ret
routine_b_end:

routine_c:                                      // w2 = new instruction for 1f
        cbz     w2, 1f
        adr     x1, 1f
        str     w2, [x1]
        dc      cvau, x1
        dsb     ish
        ic      ivau, x1
        dsb     ish
        isb
1:      mov     x0, #1
        ret
routine_c_end:

routine_d:
        mov     x0, #77
        add     x0, x0, #1
        ret
routine_d_end:

// Instruction templates (never executed here; their encodings are copied)
tmpl_mov_x0_1:
        mov     x0, #1
tmpl_mov_x0_2:
        mov     x0, #2
tmpl_mov_x0_5:
        mov     x0, #5
tmpl_mov_x0_6:
        mov     x0, #6
tmpl_mov_x0_1234:
        mov     x0, #0x1234
tmpl_add_x0_3:
        add     x0, x0, #3
