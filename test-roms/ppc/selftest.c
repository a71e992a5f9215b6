/* selftest.c - the CPU and board self-test ROM (g3beige and ppce500). Prints PASS:/FAIL: per group. */
#include "lib.h"
#include "ppc.h"

volatile struct exc_info exc_info;

void unexpected_exception(void)
{
    puts("UNEXPECTED EXCEPTION vector=0x");
    put_hex32(exc_info.vector);
    puts(" srr0=0x");
    put_hex32(exc_info.srr0);
    puts(" srr1=0x");
    put_hex32(exc_info.srr1);
    puts(" dar=0x");
    put_hex32(exc_info.dar);
    puts("\nSOME TESTS FAILED\n");
    board_exit(1);
}

int main(void)
{
    board_init();
    puts("jemu PowerPC selftest (");
    puts(board_name);
    puts(")\n");
    cpu_tests();
    board_tests();
    puts(total_failed ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
    board_exit(total_failed);
}
