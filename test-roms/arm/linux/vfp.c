/* vfp.c - VFPv4 test program for LinuxGuestArmhfTest and the compat part of LinuxGuestArm64Test: the
 * FPSCR modes glibc does not reach (flush-to-zero, default NaN, the rounding mode seen by VCVTR), fixed-point
 * and half-precision conversions, fused and negated multiply-accumulate, VMOV immediates, VSQRT and the
 * cumulative exception flags, on single and double precision, printed as bit patterns so jemu's Linux guest
 * and qemu-arm-static can be compared. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "fpbits.h"

static const uint32_t fin[] = {0x00000000, 0x80000000, 0x3f800000, 0xbfc00000, 0x40490fdb, 0x7f7fffff, 0x00000001,
                               0x807fffff, 0x7f800000, 0xff800000, 0x7fc00001, 0x7f800005, 0x3eaaaaab, 0x4b800001};
static const uint64_t din[] = {0x0000000000000000ULL, 0x8000000000000000ULL, 0x3ff0000000000000ULL,
                               0xc00921fb54442d18ULL, 0x7fefffffffffffffULL, 0x0000000000000001ULL,
                               0x800fffffffffffffULL, 0x7ff0000000000000ULL, 0x7ff8000000000abcULL,
                               0x7ff0000000000001ULL, 0x3fd5555555555555ULL, 0x4330000000000001ULL};
#define NF (sizeof fin / sizeof fin[0])
#define ND (sizeof din / sizeof din[0])

static void single_ops(float a, float b, uint32_t *r) {
    float t;
    __asm__ volatile("vadd.f32 %0, %1, %2" : "=t"(t) : "t"(a), "t"(b)); r[0] = fbits(t);
    __asm__ volatile("vsub.f32 %0, %1, %2" : "=t"(t) : "t"(a), "t"(b)); r[1] = fbits(t);
    __asm__ volatile("vmul.f32 %0, %1, %2" : "=t"(t) : "t"(a), "t"(b)); r[2] = fbits(t);
    __asm__ volatile("vdiv.f32 %0, %1, %2" : "=t"(t) : "t"(a), "t"(b)); r[3] = fbits(t);
    t = a; __asm__ volatile("vfma.f32 %0, %1, %2" : "+t"(t) : "t"(a), "t"(b)); r[4] = fbits(t);
    t = b; __asm__ volatile("vfnms.f32 %0, %1, %2" : "+t"(t) : "t"(a), "t"(b)); r[5] = fbits(t);
    t = a; __asm__ volatile("vnmla.f32 %0, %1, %2" : "+t"(t) : "t"(a), "t"(b)); r[6] = fbits(t);
    t = b; __asm__ volatile("vmls.f32 %0, %1, %2" : "+t"(t) : "t"(a), "t"(b)); r[7] = fbits(t);
    __asm__ volatile("vsqrt.f32 %0, %1" : "=t"(t) : "t"(a)); r[8] = fbits(t);
    __asm__ volatile("vcvtr.s32.f32 %0, %1" : "=t"(t) : "t"(a)); r[9] = fbits(t);
    __asm__ volatile("vcvt.u32.f32 %0, %1" : "=t"(t) : "t"(b)); r[10] = fbits(t);
    uint32_t st;
    __asm__ volatile("vcmp.f32 %1, %2\n\tvmrs APSR_nzcv, fpscr\n\tmrs %0, apsr" : "=r"(st) : "t"(a), "t"(b) : "cc");
    r[11] = st >> 28;
}

static void double_ops(double a, double b, uint64_t *r) {
    double t;
    __asm__ volatile("vadd.f64 %P0, %P1, %P2" : "=w"(t) : "w"(a), "w"(b)); r[0] = dbits(t);
    __asm__ volatile("vmul.f64 %P0, %P1, %P2" : "=w"(t) : "w"(a), "w"(b)); r[1] = dbits(t);
    __asm__ volatile("vdiv.f64 %P0, %P1, %P2" : "=w"(t) : "w"(a), "w"(b)); r[2] = dbits(t);
    t = b; __asm__ volatile("vfms.f64 %P0, %P1, %P2" : "+w"(t) : "w"(a), "w"(b)); r[3] = dbits(t);
    t = a; __asm__ volatile("vnmls.f64 %P0, %P1, %P2" : "+w"(t) : "w"(a), "w"(b)); r[4] = dbits(t);
    __asm__ volatile("vsqrt.f64 %P0, %P1" : "=w"(t) : "w"(a)); r[5] = dbits(t);
    float f;
    __asm__ volatile("vcvt.f32.f64 %0, %P1" : "=t"(f) : "w"(a)); r[6] = fbits(f);
    __asm__ volatile("vcvtr.s32.f64 %0, %P1" : "=t"(f) : "w"(b)); r[7] = fbits(f);
    uint32_t st;
    __asm__ volatile("vcmpe.f64 %P1, %P2\n\tvmrs APSR_nzcv, fpscr\n\tmrs %0, apsr" : "=r"(st) : "w"(a), "w"(b) : "cc");
    r[8] = st >> 28;
}

int main(void) {
    /* FPSCR: RMode [23:22], FZ [24], DN [25]; cumulative flags IDC IXC UFC OFC DZC IOC in [7,4:0] */
    static const uint32_t modes[] = {0, 1u << 22, 2u << 22, 3u << 22, 1u << 24, 1u << 25, (1u << 24) | (1u << 25) | (3u << 22)};
    for (unsigned m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        set_fpscr(modes[m]);
        uint64_t h0 = fnv;
        for (unsigned i = 0; i < NF; i++) {
            for (unsigned j = 0; j < NF; j++) {
                uint32_t r[12];
                single_ops(ubf(fin[i]), ubf(fin[j]), r);
                mix(r, sizeof r);
            }
        }
        uint32_t fs = get_fpscr();
        set_fpscr(modes[m]);
        for (unsigned i = 0; i < ND; i++) {
            for (unsigned j = 0; j < ND; j++) {
                uint64_t r[9];
                double_ops(ubd(din[i]), ubd(din[j]), r);
                mix(r, sizeof r);
            }
        }
        uint32_t ds = get_fpscr();
        float sample;
        __asm__ volatile("vmul.f32 %0, %1, %2" : "=t"(sample) : "t"(ubf(0x00800001)), "t"(ubf(0x3f000000)));
        printf("fpscr %08x: single flags %02x double flags %02x denormal*0.5 %08x hash %016llx\n", modes[m],
               fs & 0x9f, ds & 0x9f, fbits(sample), (unsigned long long)(fnv ^ h0));
    }
    set_fpscr(0);
    float f;
    double d;
    __asm__ volatile("vmov.f32 %0, #-1.875" : "=t"(f)); printf("vmov.f32 imm %08x\n", fbits(f));
    __asm__ volatile("vmov.f64 %P0, #0.125" : "=w"(d)); printf("vmov.f64 imm %016llx\n", (unsigned long long)dbits(d));
    d = -12.75;
    __asm__ volatile("vcvt.s32.f64 %P0, %P0, #8" : "+w"(d)); printf("vcvt.s32.f64 #8 %016llx\n", (unsigned long long)dbits(d));
    f = ubf(0x4b7fffff);
    __asm__ volatile("vcvt.u16.f32 %0, %0, #4" : "+t"(f)); printf("vcvt.u16.f32 #4 %08x\n", fbits(f));
    f = ubf(0xfff0);
    __asm__ volatile("vcvt.f32.s16 %0, %0, #3" : "+t"(f)); printf("vcvt.f32.s16 #3 %08x\n", fbits(f));
    f = ubf(0x477fe100);
    __asm__ volatile("vcvtb.f16.f32 %0, %0" : "+t"(f)); printf("vcvtb.f16 %08x\n", fbits(f));
    f = ubf(0x7c017bff);
    __asm__ volatile("vcvtt.f32.f16 %0, %0" : "+t"(f)); printf("vcvtt.f32 %08x\n", fbits(f));
    printf("flags %08x\n", get_fpscr());
    set_fpscr(1u << 26);  /* AHP: alternative half precision */
    f = ubf(0x477fe100);
    __asm__ volatile("vcvtb.f16.f32 %0, %0" : "+t"(f)); printf("vcvtb.f16 ahp %08x\n", fbits(f));
    printf("flags %08x\n", get_fpscr());
    set_fpscr(0);
    printf("vfp hash %016llx\n", (unsigned long long)fnv);
    return 0;
}
