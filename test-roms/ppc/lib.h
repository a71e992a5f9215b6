/* lib.h - console output and the check framework of the jemu PowerPC test ROMs. */
#ifndef LIB_H
#define LIB_H

#include <stdint.h>
#include <stddef.h>

/* Board: console byte output, init, exit (board-*.c). */
void uart_putc(int c);
void board_init(void);
void board_exit(int failed) __attribute__((noreturn));
int board_tests(void);
extern const char board_name[];

void puts(const char *s);
void put_hex32(uint32_t v);
void put_dec(uint32_t v);

/* Check groups: begin, check values, end (prints PASS: group or FAIL: group got= exp= check= failed=). */
void group_begin(const char *name);
void check(uint32_t got, uint32_t exp);
int group_end(void);
extern int total_failed;   /* groups that failed so far */
void unexpected_exception(void) __attribute__((noreturn));

int cpu_tests(void);

/* Exception triggers (sc, an illegal word, an unconditional trap): the address SRR0 must hold afterwards. */
uint32_t do_sc(void);
uint32_t do_illegal(void);
uint32_t do_trap(void);

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

#endif
