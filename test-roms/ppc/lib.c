/* lib.c - console output and the check framework of the jemu PowerPC test ROMs. */
#include "lib.h"
#include "ppc.h"

void puts(const char *s)
{
    for (; *s; s++) {
        if (*s == '\n')
            uart_putc('\r');
        uart_putc(*s);
    }
}

void put_hex32(uint32_t v)
{
    for (int i = 28; i >= 0; i -= 4)
        uart_putc("0123456789abcdef"[(v >> i) & 15]);
}

void put_dec(uint32_t v)
{
    char buf[12];
    int n = 0;
    do {
        buf[n++] = '0' + v % 10;
        v /= 10;
    } while (v);
    while (n)
        uart_putc(buf[--n]);
}

int total_failed;
static const char *g_name;
static uint32_t g_checks, g_failed, g_got, g_exp, g_first;

void group_begin(const char *name)
{
    g_name = name;
    g_checks = g_failed = 0;
}

void check(uint32_t got, uint32_t exp)
{
    g_checks++;
    if (got != exp) {
        if (!g_failed) {
            g_got = got;
            g_exp = exp;
            g_first = g_checks;
        }
        g_failed++;
    }
}

int group_end(void)
{
    if (!g_failed) {
        puts("PASS: ");
        puts(g_name);
        puts("\n");
        return 0;
    }
    total_failed++;
    puts("FAIL: ");
    puts(g_name);
    puts(" got=0x");
    put_hex32(g_got);
    puts(" exp=0x");
    put_hex32(g_exp);
    puts(" check=");
    put_dec(g_first);
    puts(" failed=");
    put_dec(g_failed);
    puts("/");
    put_dec(g_checks);
    puts("\n");
    return 1;
}

void *memset(void *d, int c, size_t n)
{
    unsigned char *p = d;
    while (n--)
        *p++ = (unsigned char)c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}

/* Exception triggers: each returns the address SRR0 must hold afterwards. */
uint32_t do_sc(void)
{
    uint32_t a;
    __asm__ volatile("bl 1f; 1: mflr %0; sc" : "=r"(a) : : "lr", "memory");
    return a + 8;                               /* the instruction after sc */
}

uint32_t do_illegal(void)
{
    uint32_t a;
    exc_info.expected = 1;
    __asm__ volatile("bl 1f; 1: mflr %0; .long 0" : "=r"(a) : : "lr", "memory");
    return a + 4;                               /* the illegal word */
}

uint32_t do_trap(void)
{
    uint32_t a;
    exc_info.expected = 1;
    __asm__ volatile("bl 1f; 1: mflr %0; tw 31,0,0" : "=r"(a) : : "lr", "memory");
    return a + 4;                               /* the tw */
}
