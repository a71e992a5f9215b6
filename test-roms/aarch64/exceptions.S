// exceptions.S - synchronous exceptions, EL0/EL1 transitions and the MMU.
//
// Part 1 (MMU off): SVC, BRK, UDF, an EL2-only system register, PC
// alignment, an unaligned exclusive, a synchronous external abort from an
// unassigned physical address, ERET restoring NZCV from SPSR_EL1, and a
// round trip to EL0 (SVC from EL0, privileged MRS at EL0).
//
// Part 2 (MMU on): identity + alias page tables (4 KiB granule, 39-bit VA,
// start at level 1), translation faults at levels 0-3, permission fault
// (write to read-only page), access flag fault, instruction aborts (PXN,
// unmapped, execute-never device memory), alignment check with
// SCTLR_EL1.A, unaligned Normal-memory access, TLB maintenance after a
// page-table change, and AT S1E1R / PAR_EL1.
//
// ESR_EL1 values: EC in bits [31:26], IL (bit 25) = 1 for 32-bit
// instructions and for EC 0x00, ISS below (Arm ARM, register description "ESR_EL1",
// "ISS encoding for an exception from a Data Abort/Instruction Abort").
// For faults reported to EL1, ISV is 0 (no instruction syndrome).
//   EC 0x00 unknown reason       EC 0x15 SVC from AArch64
//   EC 0x20/0x21 instruction abort from lower/same EL
//   EC 0x22 PC alignment         EC 0x24/0x25 data abort lower/same EL
//   EC 0x3c BRK
// DFSC/IFSC: 0b0001LL translation fault level LL, 0b0010LL access flag,
// 0b0011LL permission, 0b010000 synchronous external abort, 0b100001
// alignment.
//
// Exception vectors (Arm ARM "Exception vectors"): VBAR_EL1 + 0x200 = current EL with SP_ELx,
// synchronous; + 0x400 = lower EL using AArch64, synchronous.

        .include "common.inc"

// Exception record (in .bss) filled by the handler
        .equ EXC_VEC,           0
        .equ EXC_ESR,           8
        .equ EXC_ELR,           16
        .equ EXC_FAR,           24
        .equ EXC_SPSR,          32
        .equ EXC_COUNT,         40
        .equ EXC_RESUME,        48      // where to ERET to (0 = unexpected)
        .equ EXC_RESUME_SPSR,   56      // SPSR to ERET with (0 = unchanged)

// Memory used (all RAM above 0x4010_0000)
        .equ PT_L1,             0x40300000      // level 1 table
        .equ PT_L2,             0x40301000      // level 2 table for VA 0-1 GiB
        .equ PT_L3,             0x40302000      // level 3 table for VA 0x3fc0_0000
        .equ PAGE0,             0x40400000      // pages used by the tests
        .equ PAGE1,             0x40401000
        .equ PAGE2,             0x40402000
        .equ PAGE3,             0x40403000
        .equ EL0_STACK_TOP,     0x40500000

// Descriptor bits (Arm ARM, VMSAv8-64 "Translation table descriptor formats")
        .equ D_BLOCK,           0x1
        .equ D_TABLE,           0x3
        .equ D_PAGE,            0x3
        .equ D_ATTR_DEVICE,     (0 << 2)        // MAIR index 0
        .equ D_ATTR_NORMAL,     (1 << 2)        // MAIR index 1
        .equ D_AP_RO,           (2 << 6)        // AP[2:1] = 0b10: read-only, EL1 only
        .equ D_SH_INNER,        (3 << 8)
        .equ D_AF,              (1 << 10)
        .equ D_PXN,             (1 << 53)
        .equ D_UXN,             (1 << 54)
        .equ NORMAL_BLOCK,      D_BLOCK | D_ATTR_NORMAL | D_SH_INNER | D_AF
        .equ DEVICE_BLOCK,      D_BLOCK | D_ATTR_DEVICE | D_AF | D_PXN | D_UXN
        .equ NORMAL_PAGE,       D_PAGE | D_ATTR_NORMAL | D_SH_INNER | D_AF

// MAIR_EL1: attr0 = Device-nGnRnE (0x00), attr1 = Normal WB RW-allocate (0xff)
        .equ MAIR_VALUE,        0xff00
// TCR_EL1: T0SZ=25 (39-bit VA), IRGN0=ORGN0=WB-WA, SH0=inner, TG0=4K,
// T1SZ=25, EPD1=1 (no TTBR1 walks), IPS=0 (32-bit PA)
        .equ TCR_VALUE,         25 | (1 << 8) | (1 << 10) | (3 << 12) | (25 << 16) | (1 << 23)

// Test VAs
        .equ VA_L1_FAULT,       0xc0001238      // L1[3] invalid
        .equ VA_L2_FAULT,       0x3fe00010      // L2[511] invalid
        .equ VA_L3_PAGE,        0x3fc00000      // L3[0] -> PAGE0
        .equ VA_L3_FAULT,       0x3fc01008      // L3[1] invalid
        .equ VA_RO,             0x3fc02000      // L3[2] -> PAGE1, read-only
        .equ VA_NOAF,           0x3fc03000      // L3[3] -> PAGE2, AF = 0
        .equ VA_PXN,            0x3fc04000      // L3[4] -> PAGE3, PXN
        .equ VA_EXEC,           0x3fc05000      // L3[5] -> PAGE3, executable
        .equ VA_ALIAS,          0x80000000      // L1[2] -> PA 0x4000_0000
        .equ VA_L0_FAULT,       0x0000800000000000 // beyond the 39-bit range

        ROM_START

// EXPECT_EXC label [, spsr] : arm the handler to resume at label
        .macro EXPECT_EXC resume, spsr=0
        ldr     x9, =exc_rec
        str     xzr, [x9, #EXC_COUNT]
        mov     x10, #-1
        str     x10, [x9, #EXC_VEC]
        str     x10, [x9, #EXC_ESR]
        adr     x10, \resume
        str     x10, [x9, #EXC_RESUME]
        ldr     x10, =\spsr
        str     x10, [x9, #EXC_RESUME_SPSR]
        .endm

// CHECK_EXC vec, esr : one exception taken, through vec, with ESR = esr
        .macro CHECK_EXC vec, esr
        ldr     x9, =exc_rec
        ldr     x10, [x9, #EXC_COUNT]
        CHECK   x10, 1
        ldr     x10, [x9, #EXC_VEC]
        CHECK   x10, \vec
        ldr     x10, [x9, #EXC_ESR]
        CHECK   x10, \esr
        .endm

// CHECK_ELR label / CHECK_FAR imm
        .macro CHECK_ELR where
        ldr     x9, =exc_rec
        ldr     x10, [x9, #EXC_ELR]
        adr     x11, \where
        CHECKR  x10, x11
        .endm
        .macro CHECK_FAR addr
        ldr     x9, =exc_rec
        ldr     x10, [x9, #EXC_FAR]
        CHECK   x10, \addr
        .endm

main:
        TESTS_INIT
        adr     x0, vectors
        msr     vbar_el1, x0
        isb

        TEST_BEGIN "current-el"
        mrs     x0, CurrentEL
        CHECK   x0, 0x4                         // EL1 (bits [3:2])
        mrs     x0, SPSel
        CHECK   x0, 1                           // using SP_EL1
        mrs     x0, DAIF
        CHECK   x0, 0x3c0                       // all masked after reset
        TEST_END

// ---------------------------------------------------------------------
        TEST_BEGIN "svc"
        EXPECT_EXC 1f
        mov     x0, #0x60000000
        msr     nzcv, x0
        mov     x0, #0x1234
svc_insn:
        svc     #0x42
svc_after:
        b       2f                              // not reached: resume is 1f
1:      mrs     x1, nzcv                        // NZCV restored from SPSR
        CHECK   x1, 0x60000000
        CHECK   x0, 0x1234                      // registers preserved
        CHECK_EXC 0x200, 0x56000042             // EC 0x15, IL, imm16
        CHECK_ELR svc_after                     // preferred return: next insn
        ldr     x10, [x9, #EXC_SPSR]
        CHECK   x10, 0x600003c5                 // NZCV, DAIF, M = EL1h
2:      TEST_END

        TEST_BEGIN "brk"
        EXPECT_EXC 1f
brk_insn:
        brk     #0x123
1:      CHECK_EXC 0x200, 0xf2000123             // EC 0x3c, ISS = imm16
        CHECK_ELR brk_insn                      // preferred return: the BRK
        TEST_END

        TEST_BEGIN "undefined"
        EXPECT_EXC 1f
udf_insn:
        .inst   0x00000000                      // UDF #0
1:      CHECK_EXC 0x200, 0x02000000             // EC 0 (unknown), IL = 1
        CHECK_ELR udf_insn
        EXPECT_EXC 2f
mrs_el2_insn:
        mrs     x0, hcr_el2                     // EL2 not implemented: UNDEFINED
2:      CHECK_EXC 0x200, 0x02000000
        CHECK_ELR mrs_el2_insn
        TEST_END

        TEST_BEGIN "eret-spsr"
        EXPECT_EXC 1f, 0xf00003c5               // handler ERETs with NZCV = 1111
        msr     nzcv, xzr
        brk     #1
1:      mrs     x1, nzcv
        CHECK   x1, 0xf0000000
        CHECK_EXC 0x200, 0xf2000001
        TEST_END

        TEST_BEGIN "pc-alignment"
        EXPECT_EXC 1f
        adr     x1, 1f
        add     x1, x1, #2
        br      x1                              // target not 4-byte aligned
1:      CHECK_EXC 0x200, 0x8a000000             // EC 0x22
        adr     x2, 1b
        add     x2, x2, #2
        ldr     x10, [x9, #EXC_ELR]
        CHECKR  x10, x2                         // ELR = FAR = misaligned PC
        ldr     x10, [x9, #EXC_FAR]
        CHECKR  x10, x2
        TEST_END

        TEST_BEGIN "alignment-exclusive"
        ldr     x1, =scratch
        add     x1, x1, #4
        EXPECT_EXC 1f
ldxr_insn:
        ldxr    x0, [x1]                        // exclusives always check alignment
1:      CHECK_EXC 0x200, 0x96000021             // EC 0x25, DFSC alignment
        CHECK_ELR ldxr_insn
        ldr     x10, [x9, #EXC_FAR]
        CHECKR  x10, x1
        TEST_END

        // The virt board decodes nothing at 0x0910_0000; QEMU (and jemu)
        // answer an access there with a synchronous external abort.
        TEST_BEGIN "external-abort"
        ldr     x1, =0x09100000
        EXPECT_EXC 1f
sea_insn:
        ldr     w0, [x1]
1:      ldr     x9, =exc_rec
        ldr     x10, [x9, #EXC_ESR]
        and     x10, x10, #~(1 << 9)            // ESR.EA is IMPLEMENTATION DEFINED
        CHECK   x10, 0x96000010                 // DFSC = synchronous external abort
        CHECK_ELR sea_insn
        CHECK_FAR 0x09100000
        TEST_END

// ---------------------------------------------------------------------
// EL0: ERET to EL0t with SP_EL0, come back with SVC (vector +0x400)
        TEST_BEGIN "el0-svc"
        ldr     x0, =EL0_STACK_TOP
        msr     sp_el0, x0
        adr     x0, el0_code_svc
        msr     elr_el1, x0
        mov     x0, #0x3c0                      // M = EL0t, DAIF masked
        msr     spsr_el1, x0
        EXPECT_EXC 1f, 0x3c5                    // come back in EL1h
        isb
        eret
1:      mov     x20, x0
        mrs     x1, CurrentEL
        CHECK   x1, 0x4
        CHECK   x20, 0x55                       // set at EL0
        CHECK_EXC 0x400, 0x56000007             // lower EL, AArch64, EC 0x15
        CHECK_ELR el0_svc_after
        ldr     x10, [x9, #EXC_SPSR]
        CHECK   x10, 0x3c0                      // came from EL0t
        TEST_END

        TEST_BEGIN "el0-privileged"
        adr     x0, el0_code_mrs
        msr     elr_el1, x0
        mov     x0, #0x3c0
        msr     spsr_el1, x0
        EXPECT_EXC 1f, 0x3c5
        isb
        eret
1:      CHECK_EXC 0x400, 0x02000000             // MRS SCTLR_EL1 at EL0: UNDEFINED
        CHECK_ELR el0_mrs_insn
        TEST_END

// ---------------------------------------------------------------------
// Part 2: the MMU
        bl      build_page_tables
        TEST_BEGIN "mmu-enable"
        ldr     x0, =MAIR_VALUE
        msr     mair_el1, x0
        ldr     x0, =TCR_VALUE
        msr     tcr_el1, x0
        ldr     x0, =PT_L1
        msr     ttbr0_el1, x0
        isb
        tlbi    vmalle1
        dsb     ish
        isb
        mrs     x0, sctlr_el1
        orr     x0, x0, #(1 << 0)               // M
        orr     x0, x0, #(1 << 2)               // C
        orr     x0, x0, #(1 << 12)              // I
        bic     x0, x0, #(1 << 1)               // A = 0
        msr     sctlr_el1, x0
        isb
        mrs     x0, sctlr_el1
        and     x0, x0, #1
        CHECK   x0, 1
        ldr     x1, rom_word                    // ROM through the identity map
        CHECK   x1, 0x5a5aa5a5c3c33c3c
        TEST_END

        TEST_BEGIN "mmu-alias"
        ldr     x1, =PAGE0
        ldr     x2, =(PAGE0 - 0x40000000 + VA_ALIAS)
        LI      x3, 0x1122334455667788
        str     x3, [x1, #0x100]
        ldr     x4, [x2, #0x100]
        CHECK   x4, 0x1122334455667788
        LI      x3, 0x99aabbccddeeff00
        str     x3, [x2, #0x108]
        ldr     x4, [x1, #0x108]
        CHECK   x4, 0x99aabbccddeeff00
        ldr     x5, =VA_L3_PAGE                 // level 3 page -> PAGE0
        ldr     x4, [x5, #0x100]
        CHECK   x4, 0x1122334455667788
        ldr     x5, =VA_RO                      // read-only page is readable
        ldr     x1, =PAGE1
        mov     x3, #0x777
        str     x3, [x1]
        ldr     x4, [x5]
        CHECK   x4, 0x777
        TEST_END

        TEST_BEGIN "translation-faults"
        ldr     x1, =VA_L1_FAULT
        EXPECT_EXC 1f
tf1_insn:
        ldr     x0, [x1]
1:      CHECK_EXC 0x200, 0x96000005             // level 1 translation fault
        CHECK_ELR tf1_insn
        CHECK_FAR VA_L1_FAULT
        ldr     x1, =VA_L2_FAULT
        EXPECT_EXC 2f
tf2_insn:
        ldr     w0, [x1]
2:      CHECK_EXC 0x200, 0x96000006             // level 2
        CHECK_ELR tf2_insn
        CHECK_FAR VA_L2_FAULT
        ldr     x1, =VA_L3_FAULT
        EXPECT_EXC 3f
tf3_insn:
        str     x0, [x1]
3:      CHECK_EXC 0x200, 0x96000047             // level 3, WnR = 1
        CHECK_ELR tf3_insn
        CHECK_FAR VA_L3_FAULT
        ldr     x1, =VA_L0_FAULT
        EXPECT_EXC 4f
tf0_insn:
        ldrb    w0, [x1]
4:      CHECK_EXC 0x200, 0x96000004             // outside T0SZ range: level 0
        CHECK_ELR tf0_insn
        CHECK_FAR VA_L0_FAULT
        TEST_END

        TEST_BEGIN "permission-fault"
        ldr     x1, =VA_RO
        EXPECT_EXC 1f
perm_insn:
        str     w0, [x1, #8]
1:      CHECK_EXC 0x200, 0x9600004f             // permission, level 3, WnR = 1
        CHECK_ELR perm_insn
        CHECK_FAR (VA_RO + 8)
        ldr     x1, =VA_RO
        ldr     x4, [x1]                        // reads still work
        CHECK   x4, 0x777
        TEST_END

        TEST_BEGIN "access-flag-fault"
        ldr     x1, =VA_NOAF
        EXPECT_EXC 1f
af_insn:
        ldr     x0, [x1, #16]
1:      CHECK_EXC 0x200, 0x9600000b             // access flag, level 3
        CHECK_ELR af_insn
        CHECK_FAR (VA_NOAF + 16)
        TEST_END

        TEST_BEGIN "instruction-abort"
        // PAGE3 holds "mov x0, #0x77; ret"; reachable through VA_EXEC,
        // not through VA_PXN
        ldr     x1, =PAGE3
        ldr     w2, tmpl_mov77
        str     w2, [x1]
        ldr     w2, tmpl_ret
        str     w2, [x1, #4]
        dc      cvau, x1
        dsb     ish
        ic      iallu
        dsb     ish
        isb
        mov     x0, #0
        ldr     x1, =VA_EXEC
        blr     x1
        CHECK   x0, 0x77
        ldr     x1, =VA_PXN
        EXPECT_EXC 1f
        blr     x1
1:      CHECK_EXC 0x200, 0x8600000f             // EC 0x21, permission level 3
        ldr     x10, [x9, #EXC_ELR]
        CHECK   x10, VA_PXN
        CHECK_FAR VA_PXN
        ldr     x1, =0xc0000000
        EXPECT_EXC 2f
        br      x1
2:      CHECK_EXC 0x200, 0x86000005             // translation fault level 1
        CHECK_FAR 0xc0000000
        ldr     x1, =UART_BASE
        EXPECT_EXC 3f
        br      x1
3:      CHECK_EXC 0x200, 0x8600000e             // XN device block: permission level 2
        CHECK_FAR UART_BASE
        TEST_END

        TEST_BEGIN "alignment-check"
        ldr     x1, =(PAGE0 + 0x201)
        LI      x3, 0x0807060504030201
        ldr     x2, =(PAGE0 + 0x200)
        str     x3, [x2]
        LI      x3, 0x100f0e0d0c0b0a09
        str     x3, [x2, #8]
        ldr     x4, [x1]                        // unaligned Normal access: fine
        CHECK   x4, 0x0908070605040302
        ldr     w4, [x1, #2]
        CHECK   x4, 0x07060504
        mrs     x0, sctlr_el1
        orr     x0, x0, #(1 << 1)               // SCTLR_EL1.A: check alignment
        msr     sctlr_el1, x0
        isb
        EXPECT_EXC 1f
align_insn:
        ldr     x4, [x1]
1:      CHECK_EXC 0x200, 0x96000021
        CHECK_ELR align_insn
        CHECK_FAR (PAGE0 + 0x201)
        mrs     x0, sctlr_el1
        bic     x0, x0, #(1 << 1)
        msr     sctlr_el1, x0
        isb
        TEST_END

        TEST_BEGIN "tlb-maintenance"
        ldr     x1, =PAGE0
        ldr     x2, =PAGE1
        mov     x3, #0xa0
        str     x3, [x1, #0x800]
        mov     x3, #0xa1
        str     x3, [x2, #0x800]
        ldr     x5, =VA_L3_PAGE
        ldr     x4, [x5, #0x800]                // via L3[0] -> PAGE0
        CHECK   x4, 0xa0
        ldr     x6, =PT_L3
        ldr     x7, =(PAGE1 | NORMAL_PAGE)
        str     x7, [x6]                        // L3[0] -> PAGE1
        dsb     ishst
        lsr     x8, x5, #12
        tlbi    vae1is, x8                      // "TLB maintenance instructions"
        dsb     ish
        isb
        ldr     x4, [x5, #0x800]
        CHECK   x4, 0xa1
        ldr     x7, =(PAGE0 | NORMAL_PAGE)
        str     x7, [x6]                        // back to PAGE0
        dsb     ishst
        tlbi    vmalle1
        dsb     ish
        isb
        ldr     x4, [x5, #0x800]
        CHECK   x4, 0xa0
        TEST_END

        TEST_BEGIN "at-par"
        ldr     x0, =(VA_ALIAS + 0x00400123)
        at      s1e1r, x0
        isb
        mrs     x1, par_el1
        LI      x2, 0xff0000fffffff001          // ATTR, PA[47:12], F
        and     x3, x1, x2
        CHECK   x3, 0xff00000040400000
        ldr     x0, =VA_RO
        at      s1e1w, x0                       // write to read-only: fault
        isb
        mrs     x1, par_el1
        and     x3, x1, #0x7f                   // FST[6:1], F
        CHECK   x3, 0x1f                        // permission level 3, F = 1
        ldr     x0, =VA_L1_FAULT
        at      s1e1r, x0
        isb
        mrs     x1, par_el1
        and     x3, x1, #0x7f
        CHECK   x3, 0x0b                        // translation level 1, F = 1
        ldr     x0, =UART_BASE
        at      s1e1r, x0
        isb
        mrs     x1, par_el1
        LI      x2, 0xff0000fffffff001
        and     x3, x1, x2
        CHECK   x3, 0x0000000009000000          // ATTR = Device-nGnRnE
        TEST_END

        b       tests_finish

// ---------------------------------------------------------------------
// Code run at EL0 (MMU off, so reachable; the EL0 stack is set up)
el0_code_svc:
        mov     x0, #0x55
        svc     #7
el0_svc_after:
        b       .                               // not reached
el0_code_mrs:
el0_mrs_insn:
        mrs     x0, sctlr_el1
        b       .                               // not reached

// build_page_tables: tables at PT_L1/PT_L2/PT_L3 (written with the MMU off)
build_page_tables:
        ldr     x0, =PT_L1                      // clear the three tables
        mov     x1, #(3 * 4096 / 8)
1:      str     xzr, [x0], #8
        subs    x1, x1, #1
        b.ne    1b
        // L1[0] -> L2 table; L1[1] = RAM identity; L1[2] = RAM alias
        ldr     x0, =PT_L1
        ldr     x1, =(PT_L2 | D_TABLE)
        str     x1, [x0, #0]
        ldr     x1, =(0x40000000 | NORMAL_BLOCK)
        str     x1, [x0, #8]
        str     x1, [x0, #16]
        // L2[0..63]: flash, Normal; L2[64..509]: devices, XN
        ldr     x0, =PT_L2
        mov     x2, #0                          // index
        ldr     x3, =NORMAL_BLOCK
        ldr     x4, =DEVICE_BLOCK
2:      lsl     x5, x2, #21                     // 2 MiB * index
        cmp     x2, #64
        csel    x6, x3, x4, lo
        orr     x5, x5, x6
        str     x5, [x0, x2, lsl #3]
        add     x2, x2, #1
        cmp     x2, #510
        b.lo    2b
        // L2[510] -> L3 table; L2[511] stays invalid
        ldr     x1, =(PT_L3 | D_TABLE)
        str     x1, [x0, #(510 * 8)]
        // L3 entries
        ldr     x0, =PT_L3
        ldr     x1, =(PAGE0 | NORMAL_PAGE)
        str     x1, [x0, #(0 * 8)]
        ldr     x1, =(PAGE1 | NORMAL_PAGE | D_AP_RO)
        str     x1, [x0, #(2 * 8)]
        ldr     x1, =(PAGE2 | (NORMAL_PAGE & ~D_AF))
        str     x1, [x0, #(3 * 8)]
        ldr     x1, =(PAGE3 | NORMAL_PAGE | D_PXN)
        str     x1, [x0, #(4 * 8)]
        ldr     x1, =(PAGE3 | NORMAL_PAGE)
        str     x1, [x0, #(5 * 8)]
        dsb     ish
        ret

        .balign 8
rom_word:
        .quad   0x5a5aa5a5c3c33c3c
tmpl_mov77:
        mov     x0, #0x77
tmpl_ret:
        ret

// ---------------------------------------------------------------------
// Vector table: every entry saves x0-x3 and records the exception
        .balign 0x800
vectors:
        .irp    idx, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
        .balign 0x80
        stp     x0, x1, [sp, #-32]!
        stp     x2, x3, [sp, #16]
        mov     x0, #(\idx * 0x80)
        b       exc_common
        .endr

exc_common:
        ldr     x1, =exc_rec
        ldr     x2, [x1, #EXC_RESUME]
        cbz     x2, exc_unexpected
        str     x0, [x1, #EXC_VEC]
        mrs     x2, esr_el1
        str     x2, [x1, #EXC_ESR]
        mrs     x2, elr_el1
        str     x2, [x1, #EXC_ELR]
        mrs     x2, far_el1
        str     x2, [x1, #EXC_FAR]
        mrs     x2, spsr_el1
        str     x2, [x1, #EXC_SPSR]
        ldr     x2, [x1, #EXC_COUNT]
        add     x2, x2, #1
        str     x2, [x1, #EXC_COUNT]
        ldr     x2, [x1, #EXC_RESUME]
        str     xzr, [x1, #EXC_RESUME]          // one exception per arming
        msr     elr_el1, x2
        ldr     x2, [x1, #EXC_RESUME_SPSR]
        cbz     x2, 1f
        msr     spsr_el1, x2
1:      ldp     x2, x3, [sp, #16]
        ldp     x0, x1, [sp], #32
        eret

exc_unexpected:
        mov     x9, x0
        b       unexpected_exception

        .bss
        .balign 16
exc_rec:
        .space  64
scratch:
        .space  64
