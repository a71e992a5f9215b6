/* simd.c - NEON (Advanced SIMD, AArch32) test program for LinuxGuestArmhfTest and the compat part of
 * LinuxGuestArm64Test: integer and single-precision vector operations, saturating, widening and narrowing
 * arithmetic, shifts, permutes (vzip/vuzp/vtrn/vext/vrev), table lookups (vtbl/vtbx), structure loads and
 * stores (vld2-4/vst2-4, lanes), pairwise and polynomial operations, printed in hex so jemu's Linux guest
 * and qemu-arm-static can be compared. Built with -mfpu=neon-vfpv4 (cortex-a15). */
#include <arm_neon.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t fnv = 14695981039346656037ULL;
static void mix(const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) { fnv ^= b[i]; fnv *= 1099511628211ULL; }
}
static void show(const char *name, uint8x16_t v) {
    uint8_t b[16];
    vst1q_u8(b, v);
    mix(b, 16);
    printf("%-10s", name);
    for (int i = 15; i >= 0; i--) printf("%02x", b[i]);
    printf("\n");
}
static void show8(const char *name, uint8x8_t v) { show(name, vcombine_u8(v, vdup_n_u8(0))); }
#define SHOW(n, v) show(n, vreinterpretq_u8_##v)
#define SHOW8(n, v) show8(n, vreinterpret_u8_##v)

int main(void) {
    uint8_t src[64];
    for (int i = 0; i < 64; i++) src[i] = (uint8_t)(i * 37 + 11);
    uint8x16_t a = vld1q_u8(src), b = vld1q_u8(src + 16);
    int16x8_t s16a = vreinterpretq_s16_u8(a), s16b = vreinterpretq_s16_u8(b);
    int32x4_t s32a = vreinterpretq_s32_u8(a), s32b = vreinterpretq_s32_u8(b);
    uint16x8_t u16a = vreinterpretq_u16_u8(a), u16b = vreinterpretq_u16_u8(b);
    show("vadd", vaddq_u8(a, b));
    show("vqadd", vqaddq_u8(a, b));
    SHOW("vqadd.s16", s16(vqaddq_s16(s16a, s16b)));
    SHOW("vqsub.s16", s16(vqsubq_s16(s16a, s16b)));
    SHOW("vmul.i16", s16(vmulq_s16(s16a, s16b)));
    SHOW("vqdmulh", s16(vqdmulhq_s16(s16a, s16b)));
    SHOW("vqrdmulh", s32(vqrdmulhq_s32(s32a, s32b)));
    SHOW("vmull.s16", s32(vmull_s16(vget_low_s16(s16a), vget_low_s16(s16b))));
    SHOW("vmlal.u8", u16(vmlal_u8(u16a, vget_high_u8(a), vget_high_u8(b))));
    SHOW("vqdmull", s32(vqdmull_s16(vget_high_s16(s16a), vget_low_s16(s16b))));
    SHOW("vmla.lane", s32(vmlaq_lane_s32(s32a, s32b, vget_low_s32(s32a), 1)));
    show("vabd", vabdq_u8(a, b));
    SHOW("vaba", u16(vabaq_u16(u16a, u16b, u16a)));
    SHOW("vhadd", s16(vhaddq_s16(s16a, s16b)));
    show("vrhadd", vrhaddq_u8(a, b));
    show("vmax", vmaxq_u8(a, b));
    SHOW("vmin.s8", s8(vminq_s8(vreinterpretq_s8_u8(a), vreinterpretq_s8_u8(b))));
    SHOW("vshl.s32", s32(vshlq_s32(s32a, vdupq_n_s32(-3))));
    SHOW("vrshl", s16(vrshlq_s16(s16a, vreinterpretq_s16_u8(vandq_u8(b, vdupq_n_u8(0x8f))))));
    SHOW("vqshl", u16(vqshlq_u16(u16a, vreinterpretq_s16_u8(vandq_u8(b, vdupq_n_u8(0x07))))));
    SHOW("vshr.u16", u16(vshrq_n_u16(u16a, 5)));
    SHOW("vsra", u32(vsraq_n_u32(vreinterpretq_u32_u8(a), vreinterpretq_u32_u8(b), 9)));
    SHOW("vsli", u16(vsliq_n_u16(u16a, u16b, 4)));
    SHOW("vsri", u16(vsriq_n_u16(u16a, u16b, 11)));
    SHOW("vqshrn", s8(vcombine_s8(vqshrn_n_s16(s16a, 3), vqshrn_n_s16(s16b, 7))));
    show("vqmovun", vcombine_u8(vqmovun_s16(s16a), vqmovun_s16(s16b)));
    show("vrshrn", vcombine_u8(vrshrn_n_u16(u16a, 4), vrshrn_n_u16(u16b, 2)));
    show("vqrshrun", vcombine_u8(vqrshrun_n_s16(s16a, 2), vqrshrun_n_s16(s16b, 6)));
    SHOW("vmovl", u16(vmovl_u8(vget_low_u8(b))));
    SHOW("vshll", s32(vshll_n_s16(vget_high_s16(s16a), 16)));
    SHOW("vpadal", u16(vpadalq_u8(u16b, a)));
    show8("vpadd", vpadd_u8(vget_low_u8(a), vget_high_u8(b)));
    SHOW8("vpmax.s16", s16(vpmax_s16(vget_low_s16(s16a), vget_high_s16(s16b))));
    show8("vtbl1", vtbl1_u8(vget_low_u8(a), vand_u8(vget_low_u8(b), vdup_n_u8(0x0f))));
    uint8x8x4_t t4 = {{vget_low_u8(a), vget_high_u8(a), vget_low_u8(b), vget_high_u8(b)}};
    show8("vtbl4", vtbl4_u8(t4, vand_u8(vget_high_u8(a), vdup_n_u8(0x27))));
    uint8x8x2_t t2 = {{vget_low_u8(b), vget_high_u8(a)}};
    show8("vtbx2", vtbx2_u8(vget_low_u8(a), t2, vand_u8(vget_low_u8(b), vdup_n_u8(0x13))));
    uint8x16x2_t z = vzipq_u8(a, b);
    show("vzip.0", z.val[0]);
    show("vzip.1", z.val[1]);
    uint16x8x2_t u = vuzpq_u16(u16a, u16b);
    SHOW("vuzp.1", u16(u.val[1]));
    uint32x4x2_t t = vtrnq_u32(vreinterpretq_u32_u8(a), vreinterpretq_u32_u8(b));
    SHOW("vtrn.0", u32(t.val[0]));
    show("vext", vextq_u8(a, b, 5));
    show("vrev64", vrev64q_u8(a));
    show("vrev32", vreinterpretq_u8_u16(vrev32q_u16(u16a)));
    show("vcnt", vcntq_u8(a));
    show("vclz", vclzq_u8(a));
    SHOW("vcls", s16(vclsq_s16(s16b)));
    show("vtst", vtstq_u8(a, b));
    show("vbsl", vbslq_u8(a, b, vmvnq_u8(a)));
    SHOW("vceq", u16(vceqq_u16(vandq_u16(u16a, vdupq_n_u16(0x0f0f)), vandq_u16(u16b, vdupq_n_u16(0x0f0f)))));
    show("vcgt.s8", vcgtq_s8(vreinterpretq_s8_u8(a), vreinterpretq_s8_u8(b)));
    SHOW("vqabs", s8(vqabsq_s8(vreinterpretq_s8_u8(b))));
    SHOW("vqneg", s16(vqnegq_s16(s16a)));
    SHOW8("vmul.p8", p8(vmul_p8(vreinterpret_p8_u8(vget_low_u8(a)), vreinterpret_p8_u8(vget_low_u8(b)))));
    SHOW("vmull.p8", p16(vmull_p8(vreinterpret_p8_u8(vget_low_u8(a)), vreinterpret_p8_u8(vget_high_u8(b)))));
    uint8x16x3_t l3 = vld3q_u8(src);
    show("vld3.0", l3.val[0]);
    show("vld3.2", l3.val[2]);
    uint8_t out[64];
    memset(out, 0, sizeof out);
    uint8x16x4_t l4 = vld4q_u8(src);
    vst2q_u8(out, (uint8x16x2_t){{l4.val[3], l4.val[1]}});
    show("vst2", vld1q_u8(out + 8));
    uint16x4x3_t l3h = vld3_u16((const uint16_t *)(src + 2));
    vst3_lane_u16((uint16_t *)(out + 3), l3h, 2);
    uint32x2x4_t l4w = vld4_dup_u32((const uint32_t *)(src + 4));
    vst4_u32((uint32_t *)(out + 16), l4w);
    uint16x8_t ld = vld1q_lane_u16((const uint16_t *)(src + 40), u16b, 6);
    vst1q_u16((uint16_t *)(out + 48), ld);
    mix(out, sizeof out);
    show("st.lanes", vld1q_u8(out));
    show("st.4", vld1q_u8(out + 16));
    show("st.1", vld1q_u8(out + 48));
    float32x4_t fa = {1.5f, -2.25f, 3.0e38f, 1e-39f}, fb = {0.1f, 7.0f, 10.0f, -0.0f};
    SHOW("vadd.f32", f32(vaddq_f32(fa, fb)));
    SHOW("vmul.f32", f32(vmulq_f32(fa, fb)));
    SHOW("vmla.f32", f32(vmlaq_f32(fa, fa, fb)));
    SHOW("vfma.f32", f32(vfmaq_f32(fa, fa, fb)));
    SHOW("vrecpe", f32(vrecpeq_f32(fa)));
    SHOW("vrsqrte", f32(vrsqrteq_f32(vabsq_f32(fa))));
    SHOW("vrecps", f32(vrecpsq_f32(fa, fb)));
    SHOW("vrsqrts", f32(vrsqrtsq_f32(fa, fb)));
    SHOW("vrecpe.u32", u32(vrecpeq_u32(vreinterpretq_u32_u8(a))));
    SHOW("vcvt.s32", s32(vcvtq_s32_f32(vmulq_f32(fa, fb))));
    SHOW("vcvt.u32", u32(vcvtq_u32_f32(fa)));
    SHOW("vcvt.f32", f32(vcvtq_f32_s32(s32a)));
    SHOW("vcvt.fix", s32(vcvtq_n_s32_f32(fa, 12)));
    SHOW("vcvt.xf", f32(vcvtq_n_f32_u32(vreinterpretq_u32_u8(b), 20)));
    SHOW("vmax.f32", f32(vmaxq_f32(fa, fb)));
    SHOW8("vpadd.f32", f32(vpadd_f32(vget_low_f32(fa), vget_high_f32(fb))));
    SHOW("vcge.f32", u32(vcgeq_f32(fa, fb)));
    SHOW("vacgt", u32(vcagtq_f32(fa, fb)));
    SHOW("vabs.f32", f32(vabdq_f32(fa, fb)));
    float32x4_t nan = vreinterpretq_f32_u32(vdupq_n_u32(0x7f800001u));
    SHOW("vadd.nan", f32(vaddq_f32(nan, fb)));
    SHOW("vcvt.f16", u16(vreinterpretq_u16_f16(vcombine_f16(vcvt_f16_f32(fa), vcvt_f16_f32(fb)))));
    SHOW("vcvt.f16f", f32(vcvt_f32_f16(vcvt_f16_f32(vmulq_f32(fa, fb)))));
    uint64x2_t q64 = vreinterpretq_u64_u8(a);
    SHOW("vadd.i64", u64(vaddq_u64(q64, vreinterpretq_u64_u8(b))));
    SHOW("vqsub.u64", u64(vqsubq_u64(q64, vreinterpretq_u64_u8(b))));
    SHOW("vshl.i64", u64(vshlq_n_u64(q64, 13)));
    printf("simd hash %016llx\n", (unsigned long long)fnv);
    return 0;
}
