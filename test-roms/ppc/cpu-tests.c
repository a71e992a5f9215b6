/*
 * cpu-tests.c - user-level CPU checks shared by the 750 (g3beige) and e500mc (ppce500) self-tests:
 * integer arithmetic with CA/OV/SO and record forms, rotates and shifts, compares into CR fields,
 * CR logical ops, loads and stores (update, byte-reversed, multiple, string on the 750, reservation),
 * branches with CTR, and the FPU with the FPSCR (rounding modes, fused multiply-add, conversions,
 * exception bits and FPRF). Expected values come from the instruction definitions of the
 * PowerPC Microprocessor Family: The Programming Environments manual (PEM) chapter 8 and IEEE 754.
 */
#include "lib.h"
#include "ppc.h"

#define XER_SO 0x80000000u
#define XER_OV 0x40000000u
#define XER_CA 0x20000000u

/* Operands the compiler cannot fold. */
static volatile uint32_t v_ffffffff = 0xffffffff, v_1 = 1, v_3 = 3, v_5 = 5, v_7fffffff = 0x7fffffff;
static volatile uint32_t v_a = 0x12345678, v_b = 0x9abcdef0, v_m7 = (uint32_t)-7, v_m5 = (uint32_t)-5;
static volatile double d_1 = 1.0, d_2 = 2.0, d_3 = 3.0, d_0 = 0.0, d_m27 = -2.7, d_25 = 2.5, d_01 = 0.1;

static uint64_t dbits(double d)
{
    union { double d; uint64_t u; } x = { d };
    return x.u;
}

static double bitsd(uint64_t u)
{
    union { uint64_t u; double d; } x = { u };
    return x.d;
}

static uint32_t hi(double d) { return (uint32_t)(dbits(d) >> 32); }
static uint32_t lo(double d) { return (uint32_t)dbits(d); }

static uint32_t mffs(void)
{
    double f;
    __asm__ volatile("mffs %0" : "=f"(f));
    return lo(f);
}

static void fpscr_clear(void)
{
    double z = 0.0;
    __asm__ volatile("mtfsf 0xff,%0" : : "f"(z));
}

static int integer_tests(void)
{
    uint32_t r, xer, cr;

    group_begin("integer add/sub carry");
    mtxer(0);
    __asm__ volatile("addc %0,%1,%2" : "=r"(r) : "r"(v_ffffffff), "r"(v_1));
    xer = mfxer();
    check(r, 0);
    check(xer & XER_CA, XER_CA);
    __asm__ volatile("adde %0,%1,%1" : "=r"(r) : "r"(0u));   /* 0 + 0 + CA */
    check(r, 1);
    __asm__ volatile("subfc %0,%1,%2" : "=r"(r) : "r"(v_3), "r"(v_5));   /* 5 - 3 */
    check(r, 2);
    check(mfxer() & XER_CA, XER_CA);
    __asm__ volatile("subfc %0,%1,%2" : "=r"(r) : "r"(v_5), "r"(v_3));   /* 3 - 5: borrow */
    check(r, 0xfffffffe);
    check(mfxer() & XER_CA, 0);
    __asm__ volatile("addme %0,%1" : "=r"(r) : "r"(v_5));   /* 5 + CA(0) - 1 */
    check(r, 4);
    __asm__ volatile("neg %0,%1" : "=r"(r) : "r"(v_5));
    check(r, (uint32_t)-5);
    group_end();

    group_begin("integer overflow and record forms");
    mtxer(0);
    __asm__ volatile("addo. %0,%2,%3; mfcr %1" : "=r"(r), "=r"(cr) : "r"(v_7fffffff), "r"(v_1) : "cr0");
    check(r, 0x80000000);
    check(cr >> 28, 0x9);                       /* LT | SO */
    check(mfxer() & (XER_SO | XER_OV), XER_SO | XER_OV);
    __asm__ volatile("addo %0,%1,%2" : "=r"(r) : "r"(v_1), "r"(v_1));
    check(mfxer() & (XER_SO | XER_OV), XER_SO);  /* OV cleared, SO sticky */
    mtxer(0);
    __asm__ volatile("subf. %0,%2,%2; mfcr %1" : "=r"(r), "=r"(cr) : "r"(v_a) : "cr0");
    check(cr >> 28, 0x2);                       /* EQ */
    __asm__ volatile("and. %0,%2,%3; mfcr %1" : "=r"(r), "=r"(cr) : "r"(v_a), "r"(v_b) : "cr0");
    check(r, 0x12345670 & 0x9abcdef0);
    check(cr >> 28, 0x4);                       /* GT */
    group_end();

    group_begin("integer multiply/divide");
    __asm__ volatile("mullw %0,%1,%2" : "=r"(r) : "r"(v_a), "r"(v_b));
    check(r, 0x242d2080);
    __asm__ volatile("mulhwu %0,%1,%2" : "=r"(r) : "r"(v_a), "r"(v_b));
    check(r, 0x0b00ea4e);
    __asm__ volatile("mulhw %0,%1,%2" : "=r"(r) : "r"(v_a), "r"(v_b));
    check(r, 0xf8cc93d6);
    __asm__ volatile("mulli %0,%1,-3" : "=r"(r) : "r"(v_5));
    check(r, (uint32_t)-15);
    __asm__ volatile("divw %0,%1,%2" : "=r"(r) : "r"(v_m7), "r"(2u));
    check(r, (uint32_t)-3);
    __asm__ volatile("divwu %0,%1,%2" : "=r"(r) : "r"(v_m7), "r"(2u));
    check(r, 0x7ffffffc);
    mtxer(0);
    __asm__ volatile("divwo %0,%1,%2" : "=r"(r) : "r"(v_5), "r"(0u));
    check(mfxer() & (XER_SO | XER_OV), XER_SO | XER_OV);
    group_end();

    group_begin("rotate/shift/count");
    __asm__ volatile("rlwinm %0,%1,8,24,31" : "=r"(r) : "r"(v_a));
    check(r, 0x12);
    __asm__ volatile("rlwinm %0,%1,8,0,31" : "=r"(r) : "r"(v_a));
    check(r, 0x34567812);
    __asm__ volatile("rlwinm %0,%1,0,28,3" : "=r"(r) : "r"(v_a));   /* wrapping mask 0xF000000F */
    check(r, 0x10000008);
    r = 0xffffffff;
    __asm__ volatile("rlwimi %0,%1,4,8,15" : "+r"(r) : "r"(v_a));
    check(r, 0xff45ffff);
    __asm__ volatile("rlwnm %0,%1,%2,0,31" : "=r"(r) : "r"(v_a), "r"(36u));  /* rotate by 36 mod 32 */
    check(r, 0x23456781);
    __asm__ volatile("cntlzw %0,%1" : "=r"(r) : "r"(0x00010000u));
    check(r, 15);
    __asm__ volatile("cntlzw %0,%1" : "=r"(r) : "r"(0u));
    check(r, 32);
    mtxer(0);
    __asm__ volatile("srawi %0,%1,1" : "=r"(r) : "r"(v_m5));
    check(r, (uint32_t)-3);
    check(mfxer() & XER_CA, XER_CA);
    __asm__ volatile("sraw %0,%1,%2" : "=r"(r) : "r"(v_m5), "r"(40u));
    check(r, 0xffffffff);
    __asm__ volatile("slw %0,%1,%2" : "=r"(r) : "r"(v_a), "r"(32u));
    check(r, 0);
    __asm__ volatile("srw %0,%1,%2" : "=r"(r) : "r"(v_a), "r"(4u));
    check(r, 0x01234567);
    __asm__ volatile("extsb %0,%1" : "=r"(r) : "r"(0x1280u));
    check(r, 0xffffff80);
    __asm__ volatile("extsh %0,%1" : "=r"(r) : "r"(0x18000u));
    check(r, 0xffff8000);
    group_end();

    group_begin("compare and CR logical");
    mtxer(XER_SO);
    __asm__ volatile("cmpw 3,%1,%2; mfcr %0" : "=r"(cr) : "r"(v_ffffffff), "r"(v_1) : "cr3");
    check((cr >> 16) & 15, 0x9);                /* LT, SO copied */
    mtxer(0);
    __asm__ volatile("cmplw 3,%1,%2; mfcr %0" : "=r"(cr) : "r"(v_ffffffff), "r"(v_1) : "cr3");
    check((cr >> 16) & 15, 0x4);                /* GT unsigned */
    __asm__ volatile("cmpwi 7,%1,-7; mfcr %0" : "=r"(cr) : "r"(v_m7) : "cr7");
    check(cr & 15, 0x2);
    __asm__ volatile("lis 0,0x9000; mtcrf 0x80,0; crxor 2,0,1; crand 1,0,2; crnor 3,1,1; mfcr %0"
                     : "=r"(cr) : : "r0", "cr0");
    /* CR0 = 1001: bit2 = 1^1 = 1, bit1 = 1&1 = 1, bit3 = !(1|1) = 0 -> 1110 */
    check(cr >> 28, 0xe);
    __asm__ volatile("li 0,0; mtcrf 0xff,0; lis 0,0x0500; mtcrf 0x08,0; mcrf 6,4; mfcr %0"
                     : "=r"(cr) : : "r0", "cr4", "cr6", "cr0");
    check(cr, 0x00000000);                      /* mtcrf 0x08 writes CR4 from bits 16-19: 0 */
    __asm__ volatile("li 0,0; mtcrf 0xff,0; li 0,0x5000; mtcrf 0x08,0; mcrf 6,4; mfcr %0"
                     : "=r"(cr) : : "r0", "cr4", "cr6", "cr0");
    check(cr, 0x00005050);
    group_end();
    return 0;
}

static uint32_t buf[16] __attribute__((aligned(32)));

static int memory_tests(void)
{
    uint32_t r, p, cr;
    int failed = 0;

    group_begin("load/store forms");
    for (int i = 0; i < 16; i++)
        buf[i] = 0x01020304u * (i + 1);
    p = (uint32_t)&buf[0];
    __asm__ volatile("lbzu %0,5(%1)" : "=r"(r), "+b"(p) : : "memory");
    check(r, 0x04);                             /* buf[1] = 02 04 06 08: byte 5 */
    check(p, (uint32_t)&buf[0] + 5);
    p = (uint32_t)&buf[0];
    __asm__ volatile("lhau %0,4(%1)" : "=r"(r), "+b"(p) : : "memory");
    check(r, 0x0204);
    __asm__ volatile("lwbrx %0,0,%1" : "=r"(r) : "r"(&buf[2]) : "memory");
    check(r, 0x0c090603);                       /* buf[2] = 0x0306090c, byte-reversed */
    __asm__ volatile("sthbrx %0,0,%1" : : "r"(0xaabbu), "r"(&buf[3]) : "memory");
    check(buf[3], 0xbbaa0c10);
    p = (uint32_t)&buf[4];
    __asm__ volatile("stwu %1,-4(%0)" : "+b"(p) : "r"(0xcafef00du) : "memory");
    check(buf[3], 0xcafef00d);
    check(p, (uint32_t)&buf[3]);
    p = (uint32_t)&buf[8];
    __asm__ volatile("li 28,1; li 29,2; li 30,3; li 31,4; stmw 28,0(%0)" : : "b"(p) : "r28", "r29", "r30", "r31", "memory");
    check(buf[8], 1);
    check(buf[11], 4);
    buf[9] = 0x99;
    __asm__ volatile("lmw 29,0(%1); mr %0,30" : "=r"(r) : "b"(p) : "r29", "r30", "r31", "memory");
    check(r, 0x99);
    group_end();

#ifdef CPU_750
    group_begin("string instructions");
    for (int i = 0; i < 4; i++)
        buf[i] = 0x11223344u + 0x01010101u * i;
    __asm__ volatile("lswi 5,%2,7; mr %0,5; mr %1,6" : "=r"(r), "=r"(p) : "b"(&buf[0]) : "r5", "r6", "memory");
    check(r, 0x11223344);
    check(p, 0x12233400);                       /* 3 bytes, zero padded */
    __asm__ volatile("lis 5,0x4142; ori 5,5,0x4344; lis 6,0x4546; stswi 5,%0,6" : : "b"(&buf[8]) : "r5", "r6", "memory");
    check(buf[8], 0x41424344);
    check(buf[9] >> 16, 0x4546);
    mtxer(5);
    __asm__ volatile("li 7,0; lswx 5,%2,7; mr %0,5; mr %1,6" : "=r"(r), "=r"(p) : "b"(&buf[1]) : "r5", "r6", "r7", "memory");
    check(r, 0x12233445);
    check(p, 0x13000000);
    mtxer(0);
    group_end();
#endif

    group_begin("reservation");
    buf[0] = 7;
    __asm__ volatile("lwarx %0,0,%2; addi %0,%0,1; stwcx. %0,0,%2; mfcr %1" : "=&r"(r), "=r"(cr) : "r"(&buf[0]) : "cr0", "memory");
    check(buf[0], 8);
    check((cr >> 28) & 2, 2);                   /* EQ: stored */
    __asm__ volatile("stwcx. %1,0,%2; mfcr %0" : "=r"(cr) : "r"(9u), "r"(&buf[0]) : "cr0", "memory");
    check((cr >> 28) & 2, 0);                   /* no reservation: not stored */
    check(buf[0], 8);
    group_end();

    group_begin("branches");
    __asm__ volatile("li %0,0; li 0,10; mtctr 0; 1: addi %0,%0,3; bdnz 1b" : "=&r"(r) : : "r0", "ctr");
    check(r, 30);
    __asm__ volatile("bl 1f; 1: mflr %0" : "=r"(r) : : "lr");
    check(r & 3, 0);
    __asm__ volatile("li %0,0; cmpwi 0,%0,0; beq 1f; li %0,1; 1: bne 2f; li %0,2; 2:" : "=&r"(r) : : "cr0");
    check(r, 2);
    __asm__ volatile("li 0,3; mtctr 0; li %0,0; 1: addi %0,%0,1; cmpwi 0,%0,5; bdnzf 2,1b" : "=&r"(r) : : "r0", "ctr", "cr0");
    check(r, 3);
    group_end();
    return failed;
}

static int fp_tests(void)
{
    double r, a, c;
    float sf;
    uint32_t f, cr;
    int failed = 0;

    group_begin("fp arithmetic and rounding");
    fpscr_clear();
    r = d_1 / d_3;
    check(hi(r), 0x3fd55555);
    check(lo(r), 0x55555555);
    check(mffs(), 0x82024000);                  /* FX XX FI, FPRF +normal */
    __asm__ volatile("mtfsfi 7,2; fdiv %0,%1,%2; mtfsfi 7,0" : "=f"(r) : "f"(d_1), "f"(d_3));   /* toward +inf */
    check(lo(r), 0x55555556);
    __asm__ volatile("mtfsfi 7,3; fdiv %0,%1,%2; mtfsfi 7,0" : "=f"(r) : "f"(d_1), "f"(d_3));   /* toward -inf */
    check(lo(r), 0x55555555);
    __asm__ volatile("mtfsfi 7,1; fdiv %0,%1,%2; mtfsfi 7,0" : "=f"(r) : "f"(d_2), "f"(d_3));   /* toward zero */
    check(lo(r), 0x55555555);
    a = bitsd(0x3ff0000000400000ull);           /* 1 + 2^-30 */
    c = bitsd(0x3fefffffff800000ull);           /* 1 - 2^-30 */
    __asm__ volatile("fmadd %0,%1,%2,%3" : "=f"(r) : "f"(a), "f"(c), "f"(-d_1));
    check(hi(r), 0xbc300000);                   /* fused: exactly -2^-60 */
    check(lo(r), 0);
    __asm__ volatile("fmul %0,%1,%2; fadd %0,%0,%3" : "=&f"(r) : "f"(a), "f"(c), "f"(-d_1));
    check(hi(r), 0);                            /* separately rounded: 0 */
    __asm__ volatile("frsp %0,%1" : "=f"(r) : "f"(a));
    check(hi(r), 0x3ff00000);
    __asm__ volatile("fadds %0,%1,%2" : "=f"(r) : "f"(d_1), "f"(bitsd(0x3e10000000000000ull)));  /* 1 + 2^-30 in single */
    check(hi(r), 0x3ff00000);
    check(lo(r), 0);
    group_end();

    group_begin("fp conversions and moves");
    fpscr_clear();
    __asm__ volatile("fctiwz %0,%1" : "=f"(r) : "f"(d_m27));
    check(lo(r), 0xfffffffe);
    __asm__ volatile("fctiw %0,%1" : "=f"(r) : "f"(d_25));   /* ties to even */
    check(lo(r), 2);
    sf = (float)d_01;
    {
        union { float f; uint32_t u; } x = { sf };
        check(x.u, 0x3dcccccd);
    }
    r = sf;
    check(hi(r), 0x3fb99999);
    check(lo(r), 0xa0000000);
    __asm__ volatile("fneg %0,%1" : "=f"(r) : "f"(d_2));
    check(hi(r), 0xc0000000);
    __asm__ volatile("fabs %0,%1" : "=f"(r) : "f"(-d_3));
    check(hi(r), 0x40080000);
    __asm__ volatile("fnabs %0,%1" : "=f"(r) : "f"(d_3));
    check(hi(r), 0xc0080000);
    group_end();

    group_begin("fpscr exceptions and compares");
    fpscr_clear();
    r = d_1 / d_0;
    check(hi(r), 0x7ff00000);
    check(mffs(), 0x84005000);                  /* FX ZX, FPRF +infinity */
    fpscr_clear();
    r = d_0 / d_0;
    check(hi(r), 0x7ff80000);
    check(mffs(), 0xa0211000);                  /* FX VX VXZDZ, FPRF quiet NaN */
    fpscr_clear();
    __asm__ volatile("fcmpu 1,%1,%2; mfcr %0" : "=r"(cr) : "f"(d_1), "f"(d_2) : "cr1");
    check((cr >> 24) & 15, 8);
    check(mffs(), 0x00008000);                  /* FPCC: FL */
    fpscr_clear();
    __asm__ volatile("mtfsb1 24; mffs %0" : "=f"(r));   /* VE */
    check(lo(r), 0x00000080);
    fpscr_clear();
    f = mffs();
    check(f, 0);
    group_end();
    return failed;
}

int cpu_tests(void)
{
    int failed = 0;
    failed |= integer_tests();
    failed |= memory_tests();
    failed |= fp_tests();
    return failed;
}
