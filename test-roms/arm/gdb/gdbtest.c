/* gdbtest.c - the AArch32 C test program for the gdb stub tests (virt, cortex-a15, bare metal). */
volatile int counter;
volatile int result;
volatile double mean;
volatile unsigned idle;
static const double values[4] = {3.0, 5.0, 8.0, 13.0};

int sum_to(int n)
{
    int s = 0;
    for (int i = 1; i <= n; i++) {
        s += i;
        counter = counter + 1;
    }
    return s;
}

double average(const double *v, int n)
{
    double s = 0;
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
