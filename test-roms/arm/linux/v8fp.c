/* v8fp.c - ARMv8 AArch32 floating-point additions test program for the compat part of LinuxGuestArm64Test
 * (an AArch64 model's MVFR2 advertises them): VSEL, VMAXNM/VMINNM, VRINT{A,N,P,M,R,X,Z} and VCVT{A,N,P,M}
 * on VFP single and double precision and on Advanced SIMD vectors, over values with halves, signed zeros,
 * infinities and NaNs, with the FPSCR cumulative flags, printed as bit patterns so jemu's Linux guest and
 * qemu-arm-static -cpu max can be compared. Built for ARMv8-A AArch32 (not runnable on a Cortex-A15). */
#include <arm_neon.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "fpbits.h"

static const uint32_t fin[] = {0x00000000, 0x80000000, 0x3fc00000, 0xbfc00000, 0x40200000, 0xc0200000, 0x3f000000,
                               0xbf000001, 0x4b800001, 0x7f800000, 0xff800000, 0x7fc00001, 0x7f800005, 0x00000001,
                               0x4f000000, 0xcf000001, 0x5f800000};
static const uint64_t din[] = {0x0000000000000000ULL, 0x8000000000000000ULL, 0x3ff8000000000000ULL,
                               0xc004000000000000ULL, 0x3fe0000000000000ULL, 0xbfe0000000000001ULL,
                               0x7ff0000000000000ULL, 0x7ff8000000000abcULL, 0x7ff0000000000001ULL,
                               0x41e0000000000000ULL, 0xc1e0000000200000ULL, 0x4330000000000001ULL};
#define NF (sizeof fin / sizeof fin[0])
#define ND (sizeof din / sizeof din[0])

static void single(float a, float b, uint32_t *r) {
    float t;
    __asm__ volatile("vmaxnm.f32 %0, %1, %2" : "=t"(t) : "t"(a), "t"(b)); r[0] = fbits(t);
    __asm__ volatile("vminnm.f32 %0, %1, %2" : "=t"(t) : "t"(a), "t"(b)); r[1] = fbits(t);
    __asm__ volatile("vrinta.f32 %0, %1" : "=t"(t) : "t"(a)); r[2] = fbits(t);
    __asm__ volatile("vrintn.f32 %0, %1" : "=t"(t) : "t"(a)); r[3] = fbits(t);
    __asm__ volatile("vrintp.f32 %0, %1" : "=t"(t) : "t"(a)); r[4] = fbits(t);
    __asm__ volatile("vrintm.f32 %0, %1" : "=t"(t) : "t"(a)); r[5] = fbits(t);
    __asm__ volatile("vrintr.f32 %0, %1" : "=t"(t) : "t"(a)); r[6] = fbits(t);
    __asm__ volatile("vrintz.f32 %0, %1" : "=t"(t) : "t"(a)); r[7] = fbits(t);
    __asm__ volatile("vrintx.f32 %0, %1" : "=t"(t) : "t"(a)); r[8] = fbits(t);
    __asm__ volatile("vcvta.s32.f32 %0, %1" : "=t"(t) : "t"(a)); r[9] = fbits(t);
    __asm__ volatile("vcvtn.u32.f32 %0, %1" : "=t"(t) : "t"(a)); r[10] = fbits(t);
    __asm__ volatile("vcvtp.s32.f32 %0, %1" : "=t"(t) : "t"(a)); r[11] = fbits(t);
    __asm__ volatile("vcvtm.u32.f32 %0, %1" : "=t"(t) : "t"(a)); r[12] = fbits(t);
    __asm__ volatile("vcmp.f32 %1, %2\n\tvmrs APSR_nzcv, fpscr\n\tvselgt.f32 %0, %1, %2" : "=t"(t) : "t"(a), "t"(b) : "cc");
    r[13] = fbits(t);
    __asm__ volatile("vcmp.f32 %1, %2\n\tvmrs APSR_nzcv, fpscr\n\tvselge.f32 %0, %1, %2" : "=t"(t) : "t"(a), "t"(b) : "cc");
    r[14] = fbits(t);
    __asm__ volatile("vcmp.f32 %1, %2\n\tvmrs APSR_nzcv, fpscr\n\tvseleq.f32 %0, %1, %2" : "=t"(t) : "t"(a), "t"(b) : "cc");
    r[15] = fbits(t);
    __asm__ volatile("vcmp.f32 %1, %2\n\tvmrs APSR_nzcv, fpscr\n\tvselvs.f32 %0, %1, %2" : "=t"(t) : "t"(a), "t"(b) : "cc");
    r[16] = fbits(t);
}

static void dbl(double a, double b, uint64_t *r) {
    double t;
    float s;
    __asm__ volatile("vmaxnm.f64 %P0, %P1, %P2" : "=w"(t) : "w"(a), "w"(b)); r[0] = dbits(t);
    __asm__ volatile("vminnm.f64 %P0, %P1, %P2" : "=w"(t) : "w"(a), "w"(b)); r[1] = dbits(t);
    __asm__ volatile("vrinta.f64 %P0, %P1" : "=w"(t) : "w"(a)); r[2] = dbits(t);
    __asm__ volatile("vrintm.f64 %P0, %P1" : "=w"(t) : "w"(a)); r[3] = dbits(t);
    __asm__ volatile("vrintr.f64 %P0, %P1" : "=w"(t) : "w"(a)); r[4] = dbits(t);
    __asm__ volatile("vrintx.f64 %P0, %P1" : "=w"(t) : "w"(a)); r[5] = dbits(t);
    __asm__ volatile("vcvtn.s32.f64 %0, %P1" : "=t"(s) : "w"(a)); r[6] = fbits(s);
    __asm__ volatile("vcvtp.u32.f64 %0, %P1" : "=t"(s) : "w"(a)); r[7] = fbits(s);
    __asm__ volatile("vcmp.f64 %P1, %P2\n\tvmrs APSR_nzcv, fpscr\n\tvselgt.f64 %P0, %P1, %P2" : "=w"(t) : "w"(a), "w"(b) : "cc");
    r[8] = dbits(t);
}

static void showq(const char *name, uint32x4_t v) {
    uint32_t w[4];
    vst1q_u32(w, v);
    mix(w, 16);
    printf("%-12s %08x %08x %08x %08x\n", name, w[3], w[2], w[1], w[0]);
}

int main(void) {
    static const uint32_t modes[] = {0, 1u << 22, 2u << 22, 3u << 22, 1u << 24, 1u << 25};
    for (unsigned k = 0; k < sizeof modes / sizeof modes[0]; k++) {
        set_fpscr(modes[k]);
        uint64_t h0 = fnv;
        for (unsigned i = 0; i < NF; i++) {
            for (unsigned j = 0; j < NF; j += 3) {
                uint32_t r[17];
                single(ubf(fin[i]), ubf(fin[j]), r);
                mix(r, sizeof r);
            }
        }
        uint32_t fs = get_fpscr();
        set_fpscr(modes[k]);
        for (unsigned i = 0; i < ND; i++) {
            for (unsigned j = 0; j < ND; j += 2) {
                uint64_t r[9];
                dbl(ubd(din[i]), ubd(din[j]), r);
                mix(r, sizeof r);
            }
        }
        uint32_t ds = get_fpscr();
        printf("fpscr %08x: single flags %02x double flags %02x hash %016llx\n", modes[k], fs & 0x9f, ds & 0x9f,
               (unsigned long long)(fnv ^ h0));
    }
    set_fpscr(0);
    float32x4_t a = {1.5f, -2.5f, 0.5f, -0.0f}, b = {ubf(0x7fc00001), 3.25f, ubf(0x7f800005), 0.0f};
    float32x4_t c = {1e10f, -3.5f, 2.5000002f, ubf(0x00000001)};
    showq("vmaxnm", vreinterpretq_u32_f32(vmaxnmq_f32(a, b)));
    showq("vminnm", vreinterpretq_u32_f32(vminnmq_f32(a, b)));
    showq("vminnm.d", vreinterpretq_u32_f32(vcombine_f32(vminnm_f32(vget_low_f32(c), vget_high_f32(a)), vget_low_f32(c))));
    showq("vrintn", vreinterpretq_u32_f32(vrndnq_f32(a)));
    showq("vrintx", vreinterpretq_u32_f32(vrndxq_f32(c)));
    showq("vrinta", vreinterpretq_u32_f32(vrndaq_f32(a)));
    showq("vrintz", vreinterpretq_u32_f32(vrndq_f32(c)));
    showq("vrintm", vreinterpretq_u32_f32(vrndmq_f32(a)));
    showq("vrintp", vreinterpretq_u32_f32(vrndpq_f32(c)));
    uint32x4_t r;
    /* GCC 12's arm_neon.h has no vcvta/n/p/m intrinsics for AArch32 */
    __asm__("vcvta.s32.f32 %q0, %q1" : "=w"(r) : "w"(a)); showq("vcvta.s32", r);
    __asm__("vcvtn.u32.f32 %q0, %q1" : "=w"(r) : "w"(c)); showq("vcvtn.u32", r);
    __asm__("vcvtp.s32.f32 %q0, %q1" : "=w"(r) : "w"(c)); showq("vcvtp.s32", r);
    __asm__("vcvtm.u32.f32 %q0, %q1" : "=w"(r) : "w"(a)); showq("vcvtm.u32", r);
    printf("simd flags %08x\n", get_fpscr());
    printf("v8fp hash %016llx\n", (unsigned long long)fnv);
    return 0;
}
