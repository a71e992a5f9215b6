/*
 * board-g3beige.c - the g3beige (PowerPC 750, Grackle, Heathrow MacIO) side of the test ROMs.
 *
 * Console: the ESCC's channel A inside MacIO. Nothing maps MacIO for us: the ROM finds the MacIO
 * function (Apple 0x106b:0x0010) on the Grackle PCI bus through the configuration address/data ports
 * at 0xFEC0_0000/0xFEE0_0000 (little-endian, configuration mechanism #1), places its BAR 0 at
 * MACIO_BASE and enables memory decoding, as OpenBIOS does. The ESCC sits at MacIO + 0x13000 with its
 * registers 16 bytes apart: channel B control/data at +0x00/+0x10, channel A at +0x20/+0x30
 * (QEMU hw/misc/macio, hw/char/escc: it_shift 4). Writes go out when WR5's Tx enable is set.
 *
 * Board checks (board_tests): sc, illegal instruction and trap program exceptions (SRR1 reason bits),
 * the decrementer interrupt, and the MMU: a DBAT alias, a page-table translation with R/C updates and a
 * DSI for a missing PTE (PEM chapter 7).
 */
#include "lib.h"
#include "ppc.h"

const char board_name[] = "g3beige";

#define GRACKLE_ADDR 0xfec00000u
#define GRACKLE_DATA 0xfee00000u
#define MACIO_BASE   0x80800000u
#define ESCC_A_CTRL  (MACIO_BASE + 0x13020u)
#define ESCC_A_DATA  (MACIO_BASE + 0x13030u)
#define RR0_TX_EMPTY 0x04

static uint32_t pci_read(int dev, int reg)
{
    out_le32(GRACKLE_ADDR, 0x80000000u | dev << 11 | reg);
    return in_le32(GRACKLE_DATA);
}

static void pci_write(int dev, int reg, uint32_t v)
{
    out_le32(GRACKLE_ADDR, 0x80000000u | dev << 11 | reg);
    out_le32(GRACKLE_DATA, v);
}

static int console_ready;

static void escc_wr(int reg, int v)
{
    out8(ESCC_A_CTRL, reg);
    out8(ESCC_A_CTRL, v);
}

void board_init(void)
{
    for (int dev = 0; dev < 32; dev++) {
        if (pci_read(dev, 0) == 0x0010106bu) {
            pci_write(dev, 0x10, MACIO_BASE);
            pci_write(dev, 0x04, pci_read(dev, 0x04) | 0x2);   /* memory space */
            escc_wr(9, 0x80);       /* reset channel A */
            escc_wr(4, 0x44);       /* x16 clock, 1 stop bit, no parity */
            escc_wr(3, 0xc1);       /* Rx 8 bits, enable */
            escc_wr(5, 0xe8);       /* DTR, Tx 8 bits, Tx enable */
            console_ready = 1;
            return;
        }
    }
}

void uart_putc(int c)
{
    if (!console_ready)
        return;
    for (int i = 0; i < 100000 && !(in8(ESCC_A_CTRL) & RR0_TX_EMPTY); i++)
        ;
    out8(ESCC_A_DATA, c);
}

/* CUDA behind the VIA 6522 in MacIO: register n at n * 0x200 (QEMU hw/misc/macio/cuda.c, mos6522.c). */
#define VIA          (MACIO_BASE + 0x16000u)
#define VIA_B        (VIA + 0 * 0x200)
#define VIA_DIRB     (VIA + 2 * 0x200)
#define VIA_SR       (VIA + 10 * 0x200)
#define VIA_ACR      (VIA + 11 * 0x200)
#define VIA_IFR      (VIA + 13 * 0x200)
#define TACK         0x10
#define TIP          0x20
#define ACR_SR_OUT   0x10
#define IFR_SR       0x04

static void cuda_wait_byte(void)
{
    for (int i = 0; i < 100000 && !(in8(VIA_IFR) & IFR_SR); i++)
        ;
    (void)in8(VIA_SR);      /* clears the shift-register interrupt */
}

/*
 * Sends the CUDA packet {CUDA_PACKET 0x01, POWERDOWN 0x0a}, as OpenBIOS's cuda_request does: TIP and TACK
 * idle high, shift register out; the first byte lowers TIP, each further byte toggles TACK, raising TIP ends
 * the packet. QEMU (and jemu) power the machine off then.
 */
static void cuda_powerdown(void)
{
    out8(VIA_DIRB, in8(VIA_DIRB) | TIP | TACK);
    out8(VIA_B, in8(VIA_B) | TIP | TACK);
    out8(VIA_ACR, in8(VIA_ACR) | ACR_SR_OUT);
    out8(VIA_SR, 0x01);
    out8(VIA_B, in8(VIA_B) & ~TIP);
    cuda_wait_byte();
    out8(VIA_SR, 0x0a);
    out8(VIA_B, in8(VIA_B) ^ TACK);
    cuda_wait_byte();
    out8(VIA_B, in8(VIA_B) | TIP | TACK);
}

void board_exit(int failed)
{
    (void)failed;
    if (console_ready)
        cuda_powerdown();
    for (;;)
        ;
}

/* ---- exceptions ---- */

static void exception_tests(void)
{
    uint32_t at;

    group_begin("750 exceptions");
    at = do_sc();
    check(exc_info.vector, 0xc00);
    check(exc_info.srr0, at);
    check(exc_info.srr1 & MSR_FP, MSR_FP);      /* SRR1 holds the MSR bits of the interrupted code */
    at = do_illegal();
    check(exc_info.vector, 0x700);
    check(exc_info.srr0, at);
    check(exc_info.srr1 & 0x001e0000, 0x00080000);   /* SRR1 bit 12: illegal instruction */
    at = do_trap();
    check(exc_info.vector, 0x700);
    check(exc_info.srr0, at);
    check(exc_info.srr1 & 0x001e0000, 0x00020000);   /* SRR1 bit 14: trap */
    check(mfmsr() & (MSR_EE | MSR_IR | MSR_DR), 0);
    group_end();

    group_begin("750 decrementer");
    exc_info.vector = 0;
    mtspr(22, 2000);
    mtmsr(mfmsr() | MSR_EE);
    for (int i = 0; i < 20000000 && exc_info.vector != 0x900; i++)
        ;
    mtmsr(mfmsr() & ~MSR_EE);
    check(exc_info.vector, 0x900);
    check(exc_info.srr1 & MSR_EE, MSR_EE);
    check(mfspr(22) > 0x40000000u, 1);          /* reloaded by the handler */
    group_end();
}

/* ---- MMU: BATs, page table (PEM 7.4, 7.5, 7.6) ---- */

#define HTAB   0x00400000u      /* 64 KiB hashed page table (HTABMASK 0) */
#define PAGE_A 0x00300000u      /* physical page mapped at EA 0x5000_0000 through the page table */
#define BLOCK  0x00200000u      /* physical block mapped at EA 0x4000_0000 through DBAT1 */
#define VSID   0x123u

static uint32_t dr_load(uint32_t ea)
{
    uint32_t v = 0xbad0bad0, msr = mfmsr();
    __asm__ volatile("mtmsr %2; isync; lwz %0,0(%1); mtmsr %3; isync"
                     : "+&r"(v) : "b"(ea), "r"(msr | MSR_DR), "r"(msr) : "memory");
    return v;
}

static void dr_store(uint32_t ea, uint32_t v)
{
    uint32_t msr = mfmsr();
    __asm__ volatile("mtmsr %2; isync; stw %0,0(%1); mtmsr %3; isync"
                     : : "r"(v), "b"(ea), "r"(msr | MSR_DR), "r"(msr) : "memory");
}

static void mmu_tests(void)
{
    volatile uint32_t *htab = (volatile uint32_t *)HTAB;
    volatile uint32_t *pa = (volatile uint32_t *)PAGE_A;
    volatile uint32_t *blk = (volatile uint32_t *)BLOCK;

    group_begin("750 MMU");
    memset((void *)HTAB, 0, 0x10000);
    pa[4] = 0xdeadbeef;
    blk[0] = 0x600df00d;
    /* DBAT0: EA 0 -> PA 0, 256 MiB, supervisor, read/write; DBAT1: EA 0x4000_0000 -> 0x0020_0000, 128 KiB */
    mtspr(536, 0);
    mtspr(537, 0x00000002);
    mtspr(536, 0x00000000 | 0x7ff << 2 | 2);
    mtspr(538, 0);
    mtspr(539, BLOCK | 2);
    mtspr(538, 0x40000000 | 0 << 2 | 2);
    mtspr(540, 0);
    mtspr(542, 0);
    /* segment 5: VSID 0x123, Ks = Kp = 0; page table at HTAB */
    __asm__ volatile("mtsr 5,%0" : : "r"(VSID));
    mtspr(25, HTAB);
    /* PTE for EA 0x5000_0000: hash = VSID ^ page index 0 -> PTEG HTAB + (0x123 << 6), slot 0 */
    volatile uint32_t *pte = htab + ((VSID & 0x3ff) << 6) / 4;
    pte[1] = PAGE_A | 0x2;                      /* RPN, R = C = 0, WIMG 0, PP 10 (read/write) */
    pte[0] = 0x80000000u | VSID << 7 | 0;       /* V, VSID, H = 0, API 0 */
    sync();
    __asm__ volatile("tlbie %0; sync" : : "r"(0x50000000u) : "memory");
    isync();

    check(dr_load(0x40000000u), 0x600df00d);    /* DBAT1 alias */
    check(dr_load(0x50000010u), 0xdeadbeef);    /* page table */
    check(pte[1] & 0x180, 0x100);               /* R set by the load, C still clear */
    dr_store(0x50000020u, 0x12345678);
    check(pa[8], 0x12345678);
    check(pte[1] & 0x180, 0x180);               /* C set by the store */
    exc_info.vector = 0;
    exc_info.expected = 1;
    dr_load(0x50001000u);                       /* no PTE in either PTEG: DSI */
    check(exc_info.vector, 0x300);
    check(exc_info.dar, 0x50001000u);
    check(exc_info.dsisr & 0x42000000u, 0x40000000u);   /* page fault, load */
    exc_info.expected = 1;
    dr_store(0x50001004u, 1);
    check(exc_info.vector, 0x300);
    check(exc_info.dsisr & 0x42000000u, 0x42000000u);   /* page fault, store */
    /* read-only BAT: a store is a protection DSI */
    mtspr(538, 0);
    mtspr(539, BLOCK | 1);
    mtspr(538, 0x40000000 | 2);
    isync();
    exc_info.vector = 0;
    exc_info.expected = 1;
    dr_store(0x40000000u, 5);
    check(exc_info.vector, 0x300);
    check(exc_info.dsisr & 0x0a000000u, 0x0a000000u);   /* protection, store */
    check(blk[0], 0x600df00d);
    group_end();
}

int board_tests(void)
{
    exception_tests();
    mmu_tests();
    return 0;
}
