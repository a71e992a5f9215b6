/*
 * board-ppce500.c - the ppce500 (e500mc, Book E) side of the test ROMs.
 *
 * Console: the first 16550 of the CCSR, physical 0xF_E000_4500, which start-ppce500.S maps at
 * 0xE000_4500 through TLB1 entry 1 (byte registers: THR 0, LSR 5 with THRE 0x20). board_exit asks the
 * global utilities block (CCSR + 0xE_0000, RSTCR at 0xB0, HRESET_REQ) for a reset, which ends QEMU when it
 * runs with -no-reboot.
 *
 * Board checks (board_tests): sc, illegal instruction and trap program interrupts (ESR PIL/PTR), the
 * decrementer interrupt (TCR[DIE], TSR[DIS]), and the MMU: a TLB1 entry written with tlbwe that aliases
 * RAM, tlbsx finding it, and a data TLB error interrupt (DEAR, ESR[ST]) after it is invalidated.
 */
#include "lib.h"
#include "ppc.h"

const char board_name[] = "ppce500";

#define CCSR        0xe0000000u
#define UART0       (CCSR + 0x4500u)
#define UART_THR    0
#define UART_LCR    3
#define UART_LSR    5
#define LSR_THRE    0x20
#define GUTS_RSTCR  (CCSR + 0xe00b0u)

#define SPR_DEC  22
#define SPR_TSR  336
#define SPR_TCR  340
#define SPR_MAS0 624
#define SPR_MAS1 625
#define SPR_MAS2 626
#define SPR_MAS3 627
#define SPR_MAS6 630
#define SPR_MAS7 944
#define ESR_PIL  0x08000000u
#define ESR_PTR  0x02000000u
#define ESR_ST   0x00800000u

void board_init(void)
{
    out8(UART0 + UART_LCR, 0x03);   /* 8N1, DLAB = 0 */
}

void uart_putc(int c)
{
    for (int i = 0; i < 100000 && !(in8(UART0 + UART_LSR) & LSR_THRE); i++)
        ;
    out8(UART0 + UART_THR, c);
}

void board_exit(int failed)
{
    (void)failed;
    *(volatile uint32_t *)GUTS_RSTCR = 0x2;   /* HRESET_REQ */
    sync();
    for (;;)
        ;
}

static void exception_tests(void)
{
    uint32_t at;

    group_begin("e500 interrupts");
    at = do_sc();
    check(exc_info.vector, 0x800);              /* IVOR8 */
    check(exc_info.srr0, at);
    at = do_illegal();
    check(exc_info.vector, 0x600);              /* IVOR6 */
    check(exc_info.srr0, at);
    check(exc_info.dsisr & (ESR_PIL | ESR_PTR), ESR_PIL);
    at = do_trap();
    check(exc_info.vector, 0x600);
    check(exc_info.srr0, at);
    check(exc_info.dsisr & (ESR_PIL | ESR_PTR), ESR_PTR);
    check(mfmsr() & MSR_EE, 0);
    group_end();

    group_begin("e500 decrementer");
    exc_info.vector = 0;
    mtspr(SPR_TSR, 0x08000000);                 /* clear DIS */
    mtspr(SPR_DEC, 2000);
    mtspr(SPR_TCR, 0x04000000);                 /* DIE */
    __asm__ volatile("wrteei 1");
    for (int i = 0; i < 20000000 && exc_info.vector != 0xa00; i++)
        ;
    __asm__ volatile("wrteei 0");
    check(exc_info.vector, 0xa00);              /* IVOR10 */
    check(exc_info.srr1 & MSR_EE, MSR_EE);
    check(mfspr(SPR_TSR) & 0x08000000, 0);      /* DIS cleared by the handler */
    group_end();
}

#define ALIAS_EA 0x40000000u
#define ALIAS_PA 0x00800000u

static void tlb1_write(int esel, uint32_t mas1, uint32_t mas2, uint32_t mas3)
{
    mtspr(SPR_MAS0, 0x10000000u | esel << 16);
    mtspr(SPR_MAS1, mas1);
    mtspr(SPR_MAS2, mas2);
    mtspr(SPR_MAS3, mas3);
    mtspr(SPR_MAS7, 0);
    __asm__ volatile("isync; tlbwe; isync" : : : "memory");
}

static void mmu_tests(void)
{
    volatile uint32_t *pa = (volatile uint32_t *)ALIAS_PA;
    volatile uint32_t *ea = (volatile uint32_t *)ALIAS_EA;
    uint32_t v;

    group_begin("e500 MMU");
    pa[4] = 0xdeadbeef;
    tlb1_write(2, 0x80000000u | 1 << 8, ALIAS_EA, ALIAS_PA | 0x15);   /* V, 4 KiB; SX SW SR */
    check(ea[4], 0xdeadbeef);
    ea[8] = 0x12345678;
    check(pa[8], 0x12345678);
    mtspr(SPR_MAS6, 0);
    __asm__ volatile("tlbsx 0,%0; isync" : : "r"(ALIAS_EA + 0x10) : "memory");
    check(mfspr(SPR_MAS1) & 0x80000f00u, 0x80000100u);
    check(mfspr(SPR_MAS0) & 0x100f0000u, 0x10020000u);   /* TLB1, entry 2 */
    check(mfspr(SPR_MAS3) & 0xfffff000u, ALIAS_PA);
    tlb1_write(2, 0, ALIAS_EA, ALIAS_PA | 0x15);          /* invalidate */
    exc_info.vector = 0;
    exc_info.expected = 1;
    v = ea[1];
    (void)v;
    check(exc_info.vector, 0xd00);              /* IVOR13: data TLB error */
    check(exc_info.dar, ALIAS_EA + 4);
    check(exc_info.dsisr & ESR_ST, 0);
    exc_info.expected = 1;
    ea[2] = 1;
    check(exc_info.vector, 0xd00);
    check(exc_info.dar, ALIAS_EA + 8);
    check(exc_info.dsisr & ESR_ST, ESR_ST);
    group_end();
}

int board_tests(void)
{
    exception_tests();
    mmu_tests();
    return 0;
}
