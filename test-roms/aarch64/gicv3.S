// gicv3.S - GICv3 CPU interface and redistributor self-test (-M virt,gic-version=3).
//
// Runs at EL1 with interrupts masked in PSTATE and polls: the ICC_* system
// registers (Arm IHI 0069 12.2) and the SGI_base frame of CPU 0's
// redistributor.  The virtual timer's PPI 27 and SGIs 1 and 2 go pending;
// ICC_HPPIR1/IAR1/EOIR1/DIR/RPR/AP1R0 and ISR_EL1.I (the CPU's IRQ input)
// show acknowledge, running priority, preemption, PMR masking and EOImode.
// Expected values follow the GICv3 specification with QEMU's Cortex-A57
// CPU interface (5 priority bits) and were confirmed on qemu-system-aarch64
// 7.2 -M virt,gic-version=3 (gicv3.machine holds the -M value).
//
// Register use: x15-x17, x30 and NZCV are clobbered by CHECK, x28 holds
// the test state pointer.

        .include "common.inc"

        .equ    GICD,  0x08000000
        .equ    GICR,  0x080a0000               // CPU 0 RD_base
        .equ    GICRS, 0x080b0000               // CPU 0 SGI_base
        .equ    SGI1R_SELF, 1                   // TargetList bit 0 = Aff0 0

        ROM_START

main:
        TESTS_INIT

        TEST_BEGIN "icc-id"
        mrs     x0, id_aa64pfr0_el1
        ubfx    x0, x0, #24, #4
        CHECK   x0, 1                           // GIC system registers present
        mrs     x0, icc_sre_el1
        CHECK   x0, 7                           // SRE, DFB, DIB
        mrs     x0, icc_ctlr_el1
        CHECK   x0, 0x8c00                      // A3V, IDbits 1 (24 bits), PRIbits 5-1
        TEST_END

        TEST_BEGIN "icc-pmr-bpr"
        mov     x0, #0xff
        msr     icc_pmr_el1, x0
        mrs     x0, icc_pmr_el1
        CHECK   x0, 0xf8                        // 5 implemented priority bits
        msr     icc_bpr0_el1, xzr
        mrs     x0, icc_bpr0_el1
        CHECK   x0, 2                           // minimum BPR0
        msr     icc_bpr1_el1, xzr
        mrs     x0, icc_bpr1_el1
        CHECK   x0, 3                           // minimum BPR1
        mrs     x0, icc_rpr_el1
        CHECK   x0, 0xff                        // idle
        mrs     x0, icc_hppir1_el1
        CHECK   x0, 1023
        TEST_END

        TEST_BEGIN "gic-setup"
        LI      x1, GICD
        mov     w0, #3
        str     w0, [x1]                        // GICD_CTLR: EnableGrp0, EnableGrp1
        ldr     w0, [x1]
        CHECK   x0, 0x53                        // plus ARE and DS
        LI      x1, GICR
        ldr     w0, [x1, #0x14]
        CHECK   x0, 6                           // GICR_WAKER: asleep
        str     wzr, [x1, #0x14]
        ldr     w0, [x1, #0x14]
        CHECK   x0, 0                           // awake
        LI      x1, GICRS
        mov     w0, #-1
        str     w0, [x1, #0x80]                 // GICR_IGROUPR0: all Group 1
        mov     w0, #0x80
        strb    w0, [x1, #0x401]                // SGI 1: priority 0x80
        mov     w0, #0x40
        strb    w0, [x1, #0x402]                // SGI 2: 0x40
        mov     w0, #0xa0
        strb    w0, [x1, #0x41b]                // PPI 27 (virtual timer): 0xa0
        LI      x0, 0x08000006
        str     w0, [x1, #0x100]                // GICR_ISENABLER0
        ldr     w0, [x1, #0x100]
        CHECK   x0, 0x08000006
        ldr     w0, [x1, #0x400]
        CHECK   x0, 0x00408000
        mov     x0, #0xf0
        msr     icc_pmr_el1, x0
        mov     x0, #1
        msr     icc_igrpen1_el1, x0
        isb
        mrs     x0, isr_el1
        CHECK   x0, 0                           // nothing pending
        TEST_END

        TEST_BEGIN "timer-ppi"
        msr     cntv_tval_el0, xzr
        mov     x0, #1
        msr     cntv_ctl_el0, x0                // enable, unmasked: condition met
        isb
        mrs     x0, cntv_ctl_el0
        CHECK   x0, 5                           // ISTATUS
        mrs     x0, icc_hppir1_el1
        CHECK   x0, 27
        mrs     x0, isr_el1
        CHECK   x0, 0x80                        // IRQ signalled to the PE
        LI      x1, GICRS
        ldr     w0, [x1, #0x200]
        CHECK   x0, 0x08000000                  // GICR_ISPENDR0
        TEST_END

        TEST_BEGIN "sgi-preempt"
        LI      x0, (1 << 24) | SGI1R_SELF      // SGI 1 to this CPU
        msr     icc_sgi1r_el1, x0
        isb
        mrs     x0, icc_hppir1_el1
        CHECK   x0, 1                           // 0x80 beats the timer's 0xa0
        mrs     x0, icc_iar1_el1
        CHECK   x0, 1
        mrs     x0, icc_rpr_el1
        CHECK   x0, 0x80
        mrs     x0, icc_ap1r0_el1
        CHECK   x0, 0x10000                     // preemption level 0x80 >> 3
        mrs     x0, isr_el1
        CHECK   x0, 0                           // 0xa0 cannot preempt 0x80
        mrs     x0, icc_iar1_el1
        CHECK   x0, 1023
        LI      x1, GICRS
        ldr     w0, [x1, #0x300]
        CHECK   x0, 2                           // GICR_ISACTIVER0: SGI 1
        mov     x0, #1
        msr     icc_eoir1_el1, x0
        mrs     x0, icc_rpr_el1
        CHECK   x0, 0xff
        ldr     w0, [x1, #0x300]
        CHECK   x0, 0                           // EOImode 0: deactivated
        mrs     x0, icc_iar1_el1
        CHECK   x0, 27
        mrs     x0, icc_rpr_el1
        CHECK   x0, 0xa0
        ldr     w0, [x1, #0x300]
        CHECK   x0, 0x08000000
        ldr     w0, [x1, #0x200]
        CHECK   x0, 0x08000000                  // level: still pending
        msr     cntv_ctl_el0, xzr               // timer off: line low
        isb
        ldr     w0, [x1, #0x200]
        CHECK   x0, 0
        mov     x0, #27
        msr     icc_eoir1_el1, x0
        mrs     x0, icc_hppir1_el1
        CHECK   x0, 1023
        mrs     x0, icc_iar1_el1
        CHECK   x0, 1023
        ldr     w0, [x1, #0x300]
        CHECK   x0, 0
        TEST_END

        TEST_BEGIN "eoimode"
        mov     x0, #2
        msr     icc_ctlr_el1, x0                // EOImode
        mrs     x0, icc_ctlr_el1
        CHECK   x0, 0x8c02
        LI      x0, (2 << 24) | SGI1R_SELF
        msr     icc_sgi1r_el1, x0
        isb
        mrs     x0, icc_iar1_el1
        CHECK   x0, 2
        mrs     x0, icc_rpr_el1
        CHECK   x0, 0x40
        mov     x0, #2
        msr     icc_eoir1_el1, x0
        mrs     x0, icc_rpr_el1
        CHECK   x0, 0xff                        // priority dropped
        LI      x1, GICRS
        ldr     w0, [x1, #0x300]
        CHECK   x0, 4                           // still active
        mov     x0, #2
        msr     icc_dir_el1, x0
        ldr     w0, [x1, #0x300]
        CHECK   x0, 0
        msr     icc_ctlr_el1, xzr
        TEST_END

        TEST_BEGIN "pmr-mask"
        mov     x0, #0x40
        msr     icc_pmr_el1, x0
        LI      x0, (2 << 24) | SGI1R_SELF
        msr     icc_sgi1r_el1, x0
        isb
        mrs     x0, isr_el1
        CHECK   x0, 0                           // 0x40 is not below PMR 0x40
        mrs     x0, icc_iar1_el1
        CHECK   x0, 1023
        mrs     x0, icc_hppir1_el1
        CHECK   x0, 2
        mov     x0, #0x48
        msr     icc_pmr_el1, x0
        isb
        mrs     x0, icc_pmr_el1
        CHECK   x0, 0x48
        mrs     x0, isr_el1
        CHECK   x0, 0x80
        mrs     x0, icc_iar1_el1
        CHECK   x0, 2
        mov     x0, #2
        msr     icc_eoir1_el1, x0
        mrs     x0, icc_rpr_el1
        CHECK   x0, 0xff
        TEST_END

        b       tests_finish
