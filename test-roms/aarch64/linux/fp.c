/* fp.c - floating-point test program for LinuxGuestArm64Test: prints results of scalar FP arithmetic,
 * conversions, rounding modes, exception flags, half precision and libm, exactly (hex floats and bit
 * patterns), so the output on jemu's Linux guest can be compared with qemu-aarch64-static's. */
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t fnv = 14695981039346656037ULL;
static void mix(const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) { fnv ^= b[i]; fnv *= 1099511628211ULL; }
}
static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static double ubd(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static float ubf(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

static volatile double vd[] = {0.0, -0.0, 1.0, -1.5, 3.141592653589793, 1e308, 1e-310, 2.5, -2.5, 0.1, 1e16, -7e-5};
static volatile float vf[] = {0.0f, -0.0f, 1.0f, -1.5f, 3.14159265f, 3e38f, 1e-40f, 2.5f, -2.5f, 0.1f, 16777217.0f, -7e-5f};
#define ND (sizeof vd / sizeof vd[0])
#define NF (sizeof vf / sizeof vf[0])

static void flags(const char *what) {
    int f = fetestexcept(FE_ALL_EXCEPT);
    printf("%s flags %c%c%c%c%c\n", what, f & FE_INVALID ? 'V' : '-', f & FE_DIVBYZERO ? 'Z' : '-',
           f & FE_OVERFLOW ? 'O' : '-', f & FE_UNDERFLOW ? 'U' : '-', f & FE_INEXACT ? 'X' : '-');
    feclearexcept(FE_ALL_EXCEPT);
}

int main(void) {
    static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
    static const char *mname[] = {"rn", "up", "down", "zero"};
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        feclearexcept(FE_ALL_EXCEPT);
        for (unsigned i = 0; i < ND; i++) {
            for (unsigned j = 0; j < ND; j++) {
                double a = vd[i], b = vd[j];
                double r[6] = {a + b, a - b, a * b, a / b, fma(a, b, 0.1), fmax(a, b)};
                mix(r, sizeof r);
                float fa = vf[i], fb = vf[j];
                float s[5] = {fa + fb, fa * fb, fa / fb, fmaf(fa, fb, -fa), sqrtf(fabsf(fa))};
                mix(s, sizeof s);
            }
            double a = vd[i];
            long long ll = (long long)a;
            int ii = (int)vf[i];
            unsigned uu = (unsigned)vf[i];
            double rr[4] = {sqrt(a), rint(a), nearbyint(a * 1e3), (double)(float)a};
            mix(&ll, 8); mix(&ii, 4); mix(&uu, 4); mix(rr, sizeof rr);
        }
        printf("mode %s: %.17g %a %a %a\n", mname[m], vd[4] / vd[9], vd[2] / 3.0, (double)(vf[2] / 3.0f),
               sqrt(2.0));
        flags(mname[m]);
    }
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double z = 0.0, big = 1e308;
    printf("1/0 %a\n", 1.0 / z); flags("div0");
    printf("0/0 bits %016llx\n", (unsigned long long)dbits(z / z)); flags("invalid");
    printf("overflow %a\n", big * 10.0); flags("overflow");
    printf("underflow %a\n", 1e-300 * vd[6]); flags("underflow");
    volatile double snan = ubd(0x7ff0000000000001ULL), qnan = ubd(0x7ff8000000000123ULL);
    printf("snan+1 %016llx qnan*2 %016llx\n", (unsigned long long)dbits(snan + 1.0),
           (unsigned long long)dbits(qnan * 2.0)); flags("nan");
    volatile float fsn = ubf(0x7f800001u);
    printf("fsnan %08x\n", fbits(fsn * 1.0f)); flags("fnan");
    printf("cvt %d %u %lld %d\n", (int)ubd(0x41f0000000000000ULL), (unsigned)-vd[3], (long long)vd[5],
           (int)(float)-3.7);
    flags("cvt");
    __fp16 h[6] = {(__fp16)vf[4], (__fp16)vf[5], (__fp16)vf[6], (__fp16)65504.0f, (__fp16)-vf[9], (__fp16)vf[10]};
    for (int i = 0; i < 6; i++) {
        uint16_t u; memcpy(&u, &h[i], 2);
        printf("half %04x %a\n", u, (double)(float)h[i]);
    }
    flags("half");
    double lm[] = {sin(1.0), cos(2.0), tan(0.5), exp(1.0), log(10.0), pow(2.0, 0.5), atan2(1.0, -1.0),
                   cbrt(27.5), erf(0.3), lgamma(4.5), hypot(3e200, 4e200), expm1(1e-10), log1p(-0.5)};
    for (unsigned i = 0; i < sizeof lm / sizeof lm[0]; i++) printf("libm %u %a\n", i, lm[i]);
    float lf[] = {sinf(1.0f), expf(3.0f), logf(7.0f), powf(1.5f, 2.5f)};
    for (unsigned i = 0; i < 4; i++) printf("libmf %u %a\n", i, (double)lf[i]);
    printf("printf %.3f %.10e %g %.0f %f\n", 2.0 / 3.0, 6.02214076e23, 1e-5, 2.5, -0.0);
    mix(lm, sizeof lm);
    printf("fp hash %016llx\n", (unsigned long long)fnv);
    return 0;
}
