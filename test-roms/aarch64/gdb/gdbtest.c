/* gdbtest.c - the C program the gdb stub tests debug (see cli/src/test/java/org/jemu/cli/gdb/).
 * Bare metal on the virt board: no library, the PL011 UART at 0x0900_0000 for output.
 * main calls sum_to, whose loop writes the global `counter` (the watchpoint target);
 * the result goes to the global `result`. Globals are in .bss (the image is in read-only flash). */

#define UART_DR (*(volatile unsigned int *)0x09000000UL)

volatile unsigned long counter;
unsigned long result;

static void puts_uart(const char *s)
{
    while (*s) {
        UART_DR = (unsigned int)*s++;
    }
}

__attribute__((noinline)) unsigned long sum_to(unsigned long n)
{
    unsigned long s = 0;
    for (unsigned long i = 1; i <= n; i++) {
        s += i;
        counter = i;
    }
    return s;
}

int main(void)
{
    result = sum_to(10);
    if (result == 55) {
        puts_uart("gdbtest: PASS\r\n");
    } else {
        puts_uart("gdbtest: FAIL\r\n");
    }
    return 0;
}
