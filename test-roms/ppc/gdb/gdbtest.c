/* gdbtest.c - the C program the PowerPC gdb stub tests debug (see cli/src/test/java/org/jemu/cli/gdb/).
 * Bare metal on the g3beige board (PowerPC 750), started by start.S at the reset vector, real mode.
 * main calls sum_to, whose loop writes the global `counter` (the watchpoint target), then average,
 * which returns a double (in f1), and stores both; then it counts in `idle` forever (a running guest
 * to interrupt). Globals are in .bss (the image is in ROM); constant data is in .rodata. */

volatile int counter;
int result;
double mean;
volatile unsigned int idle;

static const int values[4] = { 3, 5, 8, 13 };

__attribute__((noinline)) int sum_to(int n)
{
    int s = 0;
    for (int i = 1; i <= n; i++) {
        s += i;
        counter = i;
    }
    return s;
}

__attribute__((noinline)) double average(const int *v, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        s += v[i];
    }
    return s / n;
}

int main(void)
{
    result = sum_to(10);
    mean = average(values, 4);
    for (;;) {
        idle++;
    }
}
