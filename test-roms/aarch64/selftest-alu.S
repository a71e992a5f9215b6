// selftest-alu.S - A64 base integer data-processing instruction self-test.
//
// Every expected value below was worked out from the pseudocode in the
// Arm Architecture Reference Manual for A-profile (chapter C6 "A64 Base
// Instruction Descriptions", shared pseudocode J1: AddWithCarry,
// DecodeBitMasks, ConditionHolds, ...) and then confirmed on
// qemu-system-aarch64 -M virt -cpu cortex-a57.
//
// Output: one "PASS: <group>" or "FAIL: <group> got=.. exp=.. check=N"
// line per group, then "ALL TESTS PASSED" / "SOME TESTS FAILED", then
// PSCI SYSTEM_OFF.
//
// Register use: x15-x17, x30 and NZCV are clobbered by CHECK/CHECK_NZCV, x28
// holds the test state pointer; everything else is free for the tests.

        .include "common.inc"

        ROM_START

// SET_NZCV imm : write the flags directly (MSR NZCV, Xt)
        .macro SET_NZCV val
        mov     x14, #\val
        msr     nzcv, x14
        .endm

main:
        TESTS_INIT

// ---------------------------------------------------------------------
// C6.2 ADD/ADDS/SUB/SUBS/CMP/CMN (immediate). Flags from AddWithCarry().
        TEST_BEGIN "add-sub-imm"
        mov     x0, #5
        add     x1, x0, #3
        CHECK   x1, 8
        add     x1, x0, #1, lsl #12
        CHECK   x1, 0x1005
        sub     x1, x0, #0xfff
        CHECK   x1, 0xfffffffffffff006
        sub     w1, w0, #6                      // 32-bit result is zero-extended
        CHECK   x1, 0xffffffff
        mov     x0, #-1
        adds    x1, x0, #1                      // 0: Z=1, C=1 (unsigned carry out)
        CHECK_NZCV 0x60000000
        CHECK   x1, 0
        mov     w0, #0x7fffffff
        adds    w1, w0, #1                      // signed overflow: N=1, V=1
        CHECK_NZCV 0x90000000
        CHECK   x1, 0x80000000
        mov     x0, #3
        subs    x1, x0, #5                      // borrow: C=0, N=1
        CHECK_NZCV 0x80000000
        CHECK   x1, 0xfffffffffffffffe
        subs    x1, x0, #3                      // equal: Z=1, C=1
        CHECK_NZCV 0x60000000
        CHECK   x1, 0
        LI      x0, 0x8000000000000000
        subs    x1, x0, #1                      // INT64_MIN - 1: C=1, V=1
        CHECK_NZCV 0x30000000
        CHECK   x1, 0x7fffffffffffffff
        cmn     x0, #1                          // INT64_MIN + 1: N=1 only
        CHECK_NZCV 0x80000000
        mov     w0, #0xfff
        cmp     w0, #1, lsl #12                 // 0xfff - 0x1000: N=1, C=0
        CHECK_NZCV 0x80000000
        subs    wzr, w0, #0xfff                 // equal: Z=1, C=1
        CHECK_NZCV 0x60000000
        mov     x2, sp                          // Rn = SP forms
        add     x1, sp, #0x40
        sub     x1, x1, x2
        CHECK   x1, 0x40
        sub     sp, sp, #32
        mov     x3, sp
        add     sp, sp, #32
        sub     x1, x2, x3
        CHECK   x1, 32
        TEST_END

// ---------------------------------------------------------------------
// C6.2 ADD/SUB (shifted register), NEG/NEGS
        TEST_BEGIN "add-sub-shifted"
        LI      x0, 0x0123456789abcdef
        mov     x1, #0x10
        add     x2, x0, x1, lsl #4
        CHECK   x2, 0x0123456789abceef
        sub     x2, x0, x1, lsr #4
        CHECK   x2, 0x0123456789abcdee
        LI      x1, 0x8000000000000000
        add     x2, x0, x1, asr #63             // + (-1)
        CHECK   x2, 0x0123456789abcdee
        add     x2, x0, x1, lsr #63             // + 1
        CHECK   x2, 0x0123456789abcdf0
        neg     x2, x0
        CHECK   x2, 0xfedcba9876543211
        negs    x2, xzr                         // 0 - 0: Z=1, C=1
        CHECK_NZCV 0x60000000
        negs    x2, x1                          // 0 - INT64_MIN: N=1, V=1, C=0
        CHECK_NZCV 0x90000000
        CHECK   x2, 0x8000000000000000
        adds    x2, x1, x1                      // carry and overflow, result 0
        CHECK_NZCV 0x70000000
        CHECK   x2, 0
        mov     w0, #0x10000
        mov     w1, #3
        sub     w2, w0, w1, lsl #31             // 0x10000 - 0x80000000
        CHECK   x2, 0x80010000
        mov     w0, #0x40000000
        mov     w1, #0x80000000
        subs    w2, w0, w1, asr #1              // 0x40000000 - 0xc0000000
        CHECK_NZCV 0x90000000
        CHECK   x2, 0x80000000
        cmp     w1, w0, lsl #1                  // equal
        CHECK_NZCV 0x60000000
        TEST_END

// ---------------------------------------------------------------------
// C6.2 ADD/SUB (extended register): ExtendReg() with UXTB..SXTX and LSL 0-4
        TEST_BEGIN "add-sub-extended"
        mov     x0, #0x1000
        LI      x1, 0xfffffffffffff080
        add     x2, x0, w1, uxtb
        CHECK   x2, 0x1080
        add     x2, x0, w1, sxtb
        CHECK   x2, 0xf80
        add     x2, x0, w1, uxth #2
        CHECK   x2, 0x3d200
        add     x2, x0, w1, sxth #1
        CHECK   x2, 0xfffffffffffff100
        add     x2, x0, w1, uxtw
        CHECK   x2, 0x100000080
        add     x2, x0, w1, sxtw #3
        CHECK   x2, 0xffffffffffff9400
        add     x2, x0, x1, uxtx #4
        CHECK   x2, 0xffffffffffff1800
        sub     x2, x0, x1, sxtx
        CHECK   x2, 0x1f80
        add     w2, w0, w1, sxtb #2
        CHECK   x2, 0xe00
        sub     w2, w0, w1, uxth
        CHECK   x2, 0xffff1f80
        subs    x2, x0, w1, uxtb
        CHECK_NZCV 0x20000000
        CHECK   x2, 0xf80
        cmp     w1, w0, uxtb                    // w0 uxtb = 0
        CHECK_NZCV 0xa0000000
        mov     x3, sp
        add     x2, sp, x0                      // SP operand: extended form, LSL #0
        sub     x2, x2, x3
        CHECK   x2, 0x1000
        add     x2, sp, w0, uxtw #1
        sub     x2, x2, x3
        CHECK   x2, 0x2000
        TEST_END

// ---------------------------------------------------------------------
// C6.2 AND/ORR/EOR/ANDS (immediate): DecodeBitMasks()
        TEST_BEGIN "logical-imm"
        LI      x0, 0x0123456789abcdef
        and     x1, x0, #0xff00ff00ff00ff00
        CHECK   x1, 0x010045008900cd00
        orr     x1, xzr, #0x5555555555555555
        CHECK   x1, 0x5555555555555555
        eor     x1, x0, #0xffffffff00000000
        CHECK   x1, 0xfedcba9889abcdef
        and     w1, w0, #0x0ffffff0
        CHECK   x1, 0x09abcde0
        orr     w1, w0, #0x00f000f0
        CHECK   x1, 0x89fbcdff
        eor     w1, w0, #0x3
        CHECK   x1, 0x89abcdec
        orr     x1, xzr, #0x0000000100000001
        CHECK   x1, 0x0000000100000001
        and     x1, x0, #0x3ffffffffffffffc
        CHECK   x1, 0x0123456789abcdec
        SET_NZCV 0xf0000000
        ands    x1, x0, #0x8000000000000000     // 0: Z=1, C=V=0
        CHECK_NZCV 0x40000000
        CHECK   x1, 0
        LI      x0, 0x8000000000000001
        ands    x1, x0, #0xc000000000000000
        CHECK_NZCV 0x80000000
        CHECK   x1, 0x8000000000000000
        SET_NZCV 0xf0000000
        tst     w0, #1
        CHECK_NZCV 0
        ands    w1, w0, #0x80000001
        CHECK_NZCV 0
        CHECK   x1, 1
        TEST_END

// ---------------------------------------------------------------------
// C6.2 AND/BIC/ORR/ORN/EOR/EON/ANDS/BICS (shifted register, incl. ROR)
        TEST_BEGIN "logical-reg"
        LI      x0, 0xf0f0f0f0f0f0f0f0
        LI      x1, 0x0123456789abcdef
        and     x2, x0, x1
        CHECK   x2, 0x0020406080a0c0e0
        orr     x2, x0, x1, lsl #4
        CHECK   x2, 0xf2f4f6f8fafcfef0
        eor     x2, x0, x1, lsr #8
        CHECK   x2, 0xf0f1d3b597795b3d
        bic     x2, x0, x1, asr #4
        CHECK   x2, 0xf0e0c0a080604020
        orn     x2, x0, x1, ror #16
        CHECK   x2, 0xf2f0fefcfaf8f6f4
        eon     x2, x0, x1
        CHECK   x2, 0x0e2c4a6886a4c2e0
        mvn     x2, x1
        CHECK   x2, 0xfedcba9876543210
        mov     x2, x1                          // ORR Xd, XZR, Xm
        CHECK   x2, 0x0123456789abcdef
        and     w2, w0, w1, ror #4
        CHECK   x2, 0xf090b0d0
        orr     w2, w1, w1, lsl #31             // w1 = 0x89abcdef
        CHECK   x2, 0x89abcdef
        eon     w2, w0, w1, lsr #28
        CHECK   x2, 0x0f0f0f07
        SET_NZCV 0xf0000000
        ands    x2, x0, x1
        CHECK_NZCV 0
        CHECK   x2, 0x0020406080a0c0e0
        bics    x2, x1, x1
        CHECK_NZCV 0x40000000
        CHECK   x2, 0
        ands    w2, w0, w0
        CHECK_NZCV 0x80000000
        CHECK   x2, 0xf0f0f0f0
        bics    w2, w0, w1, asr #31             // w1 asr 31 = all ones -> 0
        CHECK_NZCV 0x40000000
        TEST_END

// ---------------------------------------------------------------------
// C6.2 MOVZ/MOVN/MOVK
        TEST_BEGIN "move-wide"
        movz    x0, #0x1234, lsl #48
        CHECK   x0, 0x1234000000000000
        movk    x0, #0x5678, lsl #16
        CHECK   x0, 0x1234000056780000
        movk    x0, #0xffff
        CHECK   x0, 0x123400005678ffff
        movk    x0, #0xabcd, lsl #32
        CHECK   x0, 0x1234abcd5678ffff
        movn    x0, #0
        CHECK   x0, 0xffffffffffffffff
        movn    x0, #0x1234, lsl #16
        CHECK   x0, 0xffffffffedcbffff
        movn    w0, #0x1234
        CHECK   x0, 0xffffedcb
        movz    w0, #0xffff, lsl #16
        CHECK   x0, 0xffff0000
        mov     x0, #-1
        movk    w0, #0x1234, lsl #16            // W form zero-extends
        CHECK   x0, 0x1234ffff
        movz    x0, #0
        CHECK   x0, 0
        TEST_END

// ---------------------------------------------------------------------
// C6.2 SBFM/BFM/UBFM and aliases (LSL/LSR/ASR/SBFX/UBFX/BFI/BFXIL/SXT*/UXT*)
        TEST_BEGIN "bitfield"
        LI      x0, 0x0123456789abcdef
        lsl     x1, x0, #12
        CHECK   x1, 0x3456789abcdef000
        lsr     x1, x0, #20
        CHECK   x1, 0x000000123456789a
        LI      x2, 0x8123456789abcdef
        asr     x1, x2, #36
        CHECK   x1, 0xfffffffff8123456
        ubfx    x1, x0, #8, #12
        CHECK   x1, 0xbcd
        sbfx    x1, x0, #8, #12
        CHECK   x1, 0xfffffffffffffbcd
        sbfx    x1, x0, #4, #8
        CHECK   x1, 0xffffffffffffffde
        ubfiz   x1, x0, #16, #8
        CHECK   x1, 0xef0000
        sbfiz   x1, x0, #60, #4
        CHECK   x1, 0xf000000000000000
        mov     x1, #-1
        bfi     x1, x0, #8, #16
        CHECK   x1, 0xffffffffffcdefff
        LI      x1, 0x1111111111111111
        bfxil   x1, x0, #16, #8
        CHECK   x1, 0x11111111111111ab
        sxtb    x1, w0
        CHECK   x1, 0xffffffffffffffef
        sxth    x1, w0
        CHECK   x1, 0xffffffffffffcdef
        sxtw    x1, w0
        CHECK   x1, 0xffffffff89abcdef
        uxtb    w1, w0
        CHECK   x1, 0xef
        uxth    w1, w0
        CHECK   x1, 0xcdef
        lsl     w1, w0, #4
        CHECK   x1, 0x9abcdef0
        lsr     w1, w0, #28
        CHECK   x1, 0x8
        asr     w1, w0, #28
        CHECK   x1, 0xfffffff8
        ubfx    w1, w0, #28, #4
        CHECK   x1, 0x8
        sbfx    w1, w0, #28, #4
        CHECK   x1, 0xfffffff8
        ubfm    x1, x0, #4, #3                  // imms < immr: LSL #60
        CHECK   x1, 0xf000000000000000
        mov     x1, #0
        bfm     x1, x0, #56, #3                 // BFI lsb 8, width 4
        CHECK   x1, 0xf00
        sbfm    x1, x0, #32, #47                // SBFX lsb 32, width 16
        CHECK   x1, 0x4567
        sbfm    w1, w0, #16, #31                // ASR w, #16
        CHECK   x1, 0xffff89ab
        mov     w1, #0
        bfi     w1, w0, #28, #4
        CHECK   x1, 0xf0000000
        TEST_END

// ---------------------------------------------------------------------
// C6.2 EXTR and ROR (immediate)
        TEST_BEGIN "extr-ror"
        LI      x0, 0x0123456789abcdef
        LI      x1, 0xfedcba9876543210
        extr    x2, x0, x1, #12
        CHECK   x2, 0xdeffedcba9876543
        ror     x2, x0, #8
        CHECK   x2, 0xef0123456789abcd
        extr    w2, w0, w1, #4
        CHECK   x2, 0xf7654321
        ror     w2, w0, #16
        CHECK   x2, 0xcdef89ab
        extr    x2, x0, x1, #0
        CHECK   x2, 0xfedcba9876543210
        extr    x2, x0, x1, #63
        CHECK   x2, 0x02468acf13579bdf
        TEST_END

// ---------------------------------------------------------------------
// C6.2 LSLV/LSRV/ASRV/RORV: shift amount is Rm MOD datasize
        TEST_BEGIN "shift-variable"
        LI      x0, 0x8123456789abcdef
        mov     x1, #4
        lslv    x2, x0, x1
        CHECK   x2, 0x123456789abcdef0
        mov     x1, #68
        lsl     x2, x0, x1
        CHECK   x2, 0x123456789abcdef0
        lsrv    x2, x0, x1
        CHECK   x2, 0x08123456789abcde
        asrv    x2, x0, x1
        CHECK   x2, 0xf8123456789abcde
        mov     x1, #60
        rorv    x2, x0, x1
        CHECK   x2, 0x123456789abcdef8
        mov     x1, #0
        lsrv    x2, x0, x1
        CHECK   x2, 0x8123456789abcdef
        mov     w1, #36
        lsl     w2, w0, w1
        CHECK   x2, 0x9abcdef0
        lsr     w2, w0, w1
        CHECK   x2, 0x089abcde
        asr     w2, w0, w1
        CHECK   x2, 0xf89abcde
        mov     w1, #8
        ror     w2, w0, w1
        CHECK   x2, 0xef89abcd
        TEST_END

// ---------------------------------------------------------------------
// C6.2 ADC/ADCS/SBC/SBCS/NGC/NGCS
        TEST_BEGIN "adc-sbc"
        mov     x0, #5
        mov     x1, #7
        SET_NZCV 0x20000000
        adc     x2, x0, x1
        CHECK   x2, 13
        SET_NZCV 0
        adc     x2, x0, x1
        CHECK   x2, 12
        SET_NZCV 0x20000000
        sbc     x2, x0, x1                      // 5 - 7 - (1 - C)
        CHECK   x2, 0xfffffffffffffffe
        SET_NZCV 0
        sbc     x2, x0, x1
        CHECK   x2, 0xfffffffffffffffd
        mov     x0, #-1
        mov     x1, #0
        SET_NZCV 0x20000000
        adcs    x2, x0, x1                      // -1 + 0 + 1 = 0 carry out
        CHECK_NZCV 0x60000000
        CHECK   x2, 0
        LI      x0, 0x7fffffffffffffff
        SET_NZCV 0x20000000
        adcs    x2, x0, x1
        CHECK_NZCV 0x90000000
        CHECK   x2, 0x8000000000000000
        SET_NZCV 0
        sbcs    x2, xzr, xzr                    // 0 - 0 - 1
        CHECK_NZCV 0x80000000
        CHECK   x2, 0xffffffffffffffff
        SET_NZCV 0x20000000
        sbcs    x2, xzr, xzr
        CHECK_NZCV 0x60000000
        CHECK   x2, 0
        mov     x1, #5
        SET_NZCV 0x20000000
        ngc     x2, x1
        CHECK   x2, 0xfffffffffffffffb
        SET_NZCV 0
        ngcs    x2, x1
        CHECK_NZCV 0x80000000
        CHECK   x2, 0xfffffffffffffffa
        mov     w0, #-1
        mov     w1, #-1
        SET_NZCV 0x20000000
        adcs    w2, w0, w1                      // 0x1_ffff_ffff: C=1, N=1
        CHECK_NZCV 0xa0000000
        CHECK   x2, 0xffffffff
        SET_NZCV 0x20000000
        sbcs    w2, w0, w1
        CHECK_NZCV 0x60000000
        // 128-bit addition (x1:x0) + (x3:x2)
        mov     x0, #-1
        mov     x1, #1
        mov     x2, #1
        mov     x3, #2
        adds    x4, x0, x2
        adc     x5, x1, x3
        CHECK   x4, 0
        CHECK   x5, 4
        // 128-bit subtraction (x5:x4) - (x3:x2) = (1:-1)
        subs    x6, x4, x2
        sbc     x7, x5, x3
        CHECK   x6, 0xffffffffffffffff
        CHECK   x7, 1
        TEST_END

// ---------------------------------------------------------------------
// ConditionHolds() (J1 shared pseudocode) for all 16 NZCV values and all
// 16 condition codes.  Bit c of the mask is set when CSEL picks "true"
// for condition c (AL and NV both mean always).
        .macro COND_MASK dst
        mov     \dst, #0
        .irp    cc, eq,ne,cs,cc,mi,pl,vs,vc,hi,ls,ge,lt,gt,le,al,nv
        csel    x12, x10, xzr, \cc
        lsl     \dst, \dst, #1
        orr     \dst, \dst, x12
        .endr
        rbit    \dst, \dst
        lsr     \dst, \dst, #48
        .endm

        TEST_BEGIN "condition-codes"
        mov     x10, #1
        .irp    f, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
        mov     x14, #(\f << 28)
        msr     nzcv, x14
        COND_MASK x13
        ldr     x17, =cond_masks
        ldrh    w17, [x17, #(\f * 2)]
        CHECKR  x13, x17
        .endr
        TEST_END

// ---------------------------------------------------------------------
// C6.2 CSEL/CSINC/CSINV/CSNEG and CSET/CSETM/CINC/CINV/CNEG
        TEST_BEGIN "cond-select"
        mov     x0, #10
        mov     x1, #20
        cmp     x0, x1                          // N=1, Z=0, C=0, V=0
        csel    x2, x0, x1, lt
        csinc   x3, x0, x1, gt
        csinv   x4, x0, x1, ge
        csneg   x5, x0, x1, eq
        csneg   x6, x0, x1, ne
        cinc    x7, x0, lt
        cinv    x8, x0, lt
        cneg    x9, x0, lo
        csetm   x10, mi
        csetm   w11, pl
        csinc   w12, w0, w1, vs
        csneg   w13, w0, w1, vs
        csinv   w14, wzr, wzr, eq
        mrs     x18, nzcv
        cset    x19, ls
        cset    w20, hi
        CHECK   x18, 0x80000000
        CHECK   x2, 10
        CHECK   x3, 21
        CHECK   x4, 0xffffffffffffffeb
        CHECK   x5, 0xffffffffffffffec
        CHECK   x6, 10
        CHECK   x7, 11
        CHECK   x8, 0xfffffffffffffff5
        CHECK   x9, 0xfffffffffffffff6
        CHECK   x10, 0xffffffffffffffff
        CHECK   x11, 0
        CHECK   x12, 21
        CHECK   x13, 0xffffffec
        CHECK   x14, 0xffffffff
        CHECK   x19, 1
        CHECK   x20, 0
        TEST_END

// ---------------------------------------------------------------------
// C6.2 CCMP/CCMN (immediate and register)
        TEST_BEGIN "cond-compare"
        mov     x0, #5
        mov     x1, #5
        cmp     x0, x1                          // Z=1, C=1
        ccmp    x0, #3, #0b0010, eq             // true: flags of 5 - 3
        mrs     x2, nzcv
        cmp     x0, #6                          // N=1
        ccmp    x0, #3, #0b0101, eq             // false: flags = #nzcv
        mrs     x3, nzcv
        ccmn    x0, #5, #0, ne                  // Z=1 so NE false: flags = 0
        mrs     x4, nzcv
        cmp     x0, x0
        ccmn    x0, #31, #0xf, eq               // true: 5 + 31
        mrs     x5, nzcv
        LI      x6, 0x8000000000000000
        mov     x7, #1
        cmp     x0, #0                          // NE true
        ccmp    x6, x7, #0, ne                  // INT64_MIN - 1: C=1, V=1
        mrs     x8, nzcv
        mov     w9, #-1
        mov     w10, #1
        cmp     xzr, xzr
        ccmn    w9, w10, #8, eq                 // 0xffffffff + 1 = 0 (32-bit)
        mrs     x11, nzcv
        ccmp    x0, #3, #0b1000, mi             // MI false: flags = 1000
        mrs     x12, nzcv
        ccmp    w9, w10, #0, al                 // always: 0xffffffff - 1
        mrs     x13, nzcv
        CHECK   x2, 0x20000000
        CHECK   x3, 0x50000000
        CHECK   x4, 0x00000000
        CHECK   x5, 0x00000000
        CHECK   x8, 0x30000000
        CHECK   x11, 0x60000000
        CHECK   x12, 0x80000000
        CHECK   x13, 0xa0000000
        TEST_END

// ---------------------------------------------------------------------
// C6.2 MADD/MSUB/MUL/MNEG, SMADDL/SMSUBL/UMADDL/UMSUBL/SMULL/UMULL,
// SMULH/UMULH
        TEST_BEGIN "multiply"
        LI      x0, 0x0000000100000003
        LI      x1, 0x0000000200000005
        mov     x3, #0x100
        mul     x2, x0, x1
        CHECK   x2, 0x0000000b0000000f
        madd    x2, x0, x1, x3
        CHECK   x2, 0x0000000b0000010f
        msub    x2, x0, x1, x3
        CHECK   x2, 0xfffffff5000000f1
        mneg    x2, x0, x1
        CHECK   x2, 0xfffffff4fffffff1
        mul     w2, w0, w1
        CHECK   x2, 15
        madd    w2, w0, w1, w0
        CHECK   x2, 18
        mov     w4, #-2
        mov     w5, #0x7fffffff
        smull   x2, w4, w5
        CHECK   x2, 0xffffffff00000002
        umull   x2, w4, w5
        CHECK   x2, 0x7ffffffe00000002
        smaddl  x2, w4, w5, x3
        CHECK   x2, 0xffffffff00000102
        smsubl  x2, w4, w5, x3
        CHECK   x2, 0x00000001000000fe
        umaddl  x2, w4, w5, x3
        CHECK   x2, 0x7ffffffe00000102
        umsubl  x2, w4, w5, x3
        CHECK   x2, 0x80000002000000fe
        smnegl  x2, w4, w4
        CHECK   x2, 0xfffffffffffffffc
        LI      x6, 0x8000000000000000
        mov     x7, #3
        smulh   x2, x6, x7                      // -3 * 2^63 = -2 * 2^64 + 2^63
        CHECK   x2, 0xfffffffffffffffe
        umulh   x2, x6, x7
        CHECK   x2, 1
        mul     x2, x6, x7
        CHECK   x2, 0x8000000000000000
        mov     x8, #-1
        umulh   x2, x8, x8
        CHECK   x2, 0xfffffffffffffffe
        smulh   x2, x8, x8
        CHECK   x2, 0
        LI      x9, 0x123456789abcdef1
        LI      x10, 0xfedcba9876543210
        umulh   x2, x9, x10
        CHECK   x2, 0x121fa00ad77d7423
        smulh   x2, x9, x10
        CHECK   x2, 0xffeb49923cc09532
        mul     x2, x9, x10
        CHECK   x2, 0x224a4396cc6d0110
        TEST_END

// ---------------------------------------------------------------------
// C6.2 UDIV/SDIV: round toward zero; x/0 = 0; INT_MIN / -1 = INT_MIN
        TEST_BEGIN "divide"
        mov     x0, #100
        mov     x1, #7
        udiv    x2, x0, x1
        CHECK   x2, 14
        sdiv    x2, x0, x1
        CHECK   x2, 14
        mov     x0, #-100
        sdiv    x2, x0, x1
        CHECK   x2, 0xfffffffffffffff2
        udiv    x2, x0, x1
        CHECK   x2, 0x2492492492492484
        mov     x1, #-7
        sdiv    x2, x0, x1                      // -100 / -7 = 14
        CHECK   x2, 14
        udiv    x2, x0, xzr
        CHECK   x2, 0
        sdiv    x2, x0, xzr
        CHECK   x2, 0
        LI      x0, 0x8000000000000000
        mov     x1, #-1
        sdiv    x2, x0, x1
        CHECK   x2, 0x8000000000000000
        udiv    x2, x0, x1
        CHECK   x2, 0
        mov     w0, #0x80000000
        mov     w1, #-1
        sdiv    w2, w0, w1
        CHECK   x2, 0x80000000
        udiv    w2, w0, w1
        CHECK   x2, 0
        udiv    w2, w1, w0                      // 0xffffffff / 0x80000000
        CHECK   x2, 1
        mov     w0, #-7
        mov     w1, #2
        sdiv    w2, w0, w1
        CHECK   x2, 0xfffffffd
        udiv    w2, w0, w1
        CHECK   x2, 0x7ffffffc
        sdiv    w2, w0, wzr
        CHECK   x2, 0
        mov     x0, #7
        mov     x1, #-2
        sdiv    x2, x0, x1
        CHECK   x2, 0xfffffffffffffffd
        TEST_END

// ---------------------------------------------------------------------
// C6.2 CLZ/CLS/RBIT/REV/REV16/REV32
        TEST_BEGIN "bit-ops"
        clz     x1, xzr
        CHECK   x1, 64
        mov     x0, #1
        clz     x1, x0
        CHECK   x1, 63
        mov     x0, #0x100000000000
        clz     x1, x0
        CHECK   x1, 19
        clz     w1, wzr
        CHECK   x1, 32
        mov     w0, #0x8000
        clz     w1, w0
        CHECK   x1, 16
        cls     x1, xzr
        CHECK   x1, 63
        mov     x0, #-1
        cls     x1, x0
        CHECK   x1, 63
        mov     x0, #0xff00000000000000
        cls     x1, x0
        CHECK   x1, 7
        mov     x0, #0x7fff
        cls     x1, x0
        CHECK   x1, 48
        mov     w0, #0x80000000
        cls     w1, w0
        CHECK   x1, 0
        mov     w0, #0xfffff000
        cls     w1, w0
        CHECK   x1, 19
        LI      x0, 0x0123456789abcdef
        rbit    x1, x0
        CHECK   x1, 0xf7b3d591e6a2c480
        rbit    w1, w0
        CHECK   x1, 0xf7b3d591
        rev     x1, x0
        CHECK   x1, 0xefcdab8967452301
        rev16   x1, x0
        CHECK   x1, 0x23016745ab89efcd
        rev32   x1, x0
        CHECK   x1, 0x67452301efcdab89
        rev     w1, w0
        CHECK   x1, 0xefcdab89
        rev16   w1, w0
        CHECK   x1, 0xab89efcd
        TEST_END

// ---------------------------------------------------------------------
// C6.2 CRC32B/H/W/X (polynomial 0x04C11DB7) and CRC32CB/CH/CW/CX
// (0x1EDC6F41): bit-reflected, no pre/post inversion (J1 CRC32 pseudocode)
        TEST_BEGIN "crc32"
        LI      x0, 0x12345678
        LI      x1, 0x0123456789abcdef
        crc32b  w2, w0, w1
        CHECK   x2, 0x6e7932b1
        crc32h  w2, w0, w1
        CHECK   x2, 0x59dd4425
        crc32w  w2, w0, w1
        CHECK   x2, 0x40d55215
        crc32x  w2, w0, x1
        CHECK   x2, 0x9b62eadf
        crc32cb w2, w0, w1
        CHECK   x2, 0x4670acaa
        crc32ch w2, w0, w1
        CHECK   x2, 0xb54a8725
        crc32cw w2, w0, w1
        CHECK   x2, 0xa360621e
        crc32cx w2, w0, x1
        CHECK   x2, 0xa3d207be
        // The standard check values: CRC-32("123456789") = 0xcbf43926,
        // CRC-32C("123456789") = 0xe3069283
        adr     x3, check_string
        mov     w4, #-1
        mov     w5, #-1
1:      ldrb    w6, [x3], #1
        cbz     w6, 2f
        crc32b  w4, w4, w6
        crc32cb w5, w5, w6
        b       1b
2:      mvn     w4, w4
        mvn     w5, w5
        CHECK   x4, 0xcbf43926
        CHECK   x5, 0xe3069283
        TEST_END

        b       tests_finish

        .pushsection .rodata
check_string:
        .asciz  "123456789"
        .balign 2
// ConditionHolds() masks for NZCV = 0x0 .. 0xf (bit c = condition c true)
cond_masks:
        .hword  0xd6aa, 0xea6a, 0xd5a6, 0xe966, 0xe6a9, 0xea69, 0xe6a5, 0xea65
        .hword  0xea9a, 0xd65a, 0xe996, 0xd556, 0xea99, 0xe659, 0xea95, 0xe655
        .popsection
