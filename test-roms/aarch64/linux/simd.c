/* simd.c - Advanced SIMD test program for LinuxGuestArm64Test: integer and FP vector operations,
 * permutes, table lookups, structure loads/stores, across-lane reductions, saturating and widening
 * arithmetic and the AES/SHA/PMULL crypto instructions, printed in hex so jemu's Linux guest and
 * qemu-aarch64-static can be compared. */
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
#define SHOW(n, v) show(n, vreinterpretq_u8_##v)

int main(void) {
    uint8_t src[64];
    for (int i = 0; i < 64; i++) src[i] = (uint8_t)(i * 37 + 11);
    uint8x16_t a = vld1q_u8(src), b = vld1q_u8(src + 16);
    int16x8_t s16a = vreinterpretq_s16_u8(a), s16b = vreinterpretq_s16_u8(b);
    int32x4_t s32a = vreinterpretq_s32_u8(a), s32b = vreinterpretq_s32_u8(b);
    show("add", vaddq_u8(a, b));
    show("qadd", vqaddq_u8(a, b));
    SHOW("sqadd16", s16(vqaddq_s16(s16a, s16b)));
    SHOW("sqsub16", s16(vqsubq_s16(s16a, s16b)));
    SHOW("mul16", s16(vmulq_s16(s16a, s16b)));
    SHOW("sqdmulh", s16(vqdmulhq_s16(s16a, s16b)));
    SHOW("sqrdmulh", s32(vqrdmulhq_s32(s32a, s32b)));
    SHOW("smull", s32(vmull_s16(vget_low_s16(s16a), vget_low_s16(s16b))));
    SHOW("umlal2", u16(vmlal_high_u8(vreinterpretq_u16_u8(a), a, b)));
    show("abd", vabdq_u8(a, b));
    SHOW("sshl", s32(vshlq_s32(s32a, vdupq_n_s32(-3))));
    SHOW("ushr", u16(vshrq_n_u16(vreinterpretq_u16_u8(a), 5)));
    SHOW("sqshrn", s8(vcombine_s8(vqshrn_n_s16(s16a, 3), vqshrn_n_s16(s16b, 7))));
    show("sqxtun", (vcombine_u8(vqmovun_s16(s16a), vqmovun_s16(s16b))));
    show("rshrn", (vcombine_u8(vrshrn_n_u16(vreinterpretq_u16_u8(a), 4), vrshrn_n_u16(vreinterpretq_u16_u8(b), 2))));
    show("tbl", vqtbl1q_u8(a, vandq_u8(b, vdupq_n_u8(0x1f))));
    uint8x16x2_t t2 = {{a, b}};
    show("tbl2", vqtbl2q_u8(t2, vandq_u8(a, vdupq_n_u8(0x3f))));
    show("tbx", vqtbx1q_u8(b, a, vandq_u8(b, vdupq_n_u8(0x17))));
    show("zip1", vzip1q_u8(a, b));
    show("uzp2", vuzp2q_u8(a, b));
    show("trn1", vtrn1q_u8(a, b));
    show("ext", vextq_u8(a, b, 5));
    show("rev64", vrev64q_u8(a));
    show("cnt", vcntq_u8(a));
    show("clz", vclzq_u8(a));
    show("rbit", vrbitq_u8(a));
    uint8x16x3_t l3 = vld3q_u8(src);
    show("ld3.0", l3.val[0]);
    show("ld3.2", l3.val[2]);
    uint8_t out[64];
    memset(out, 0, sizeof out);
    uint8x16x4_t l4 = vld4q_u8(src);
    vst2q_u8(out, (uint8x16x2_t){{l4.val[3], l4.val[1]}});
    show("st2", vld1q_u8(out + 8));
    printf("addv %u maxv %u minv %d saddlv %d\n", vaddvq_u8(a), vmaxvq_u8(b), vminvq_s8(vreinterpretq_s8_u8(a)),
           vaddlvq_s16(s16b));
    mix(out, sizeof out);
    float32x4_t fa = {1.5f, -2.25f, 3.0e38f, 1e-39f}, fb = {0.1f, 7.0f, 10.0f, -0.0f};
    SHOW("fadd", f32(vaddq_f32(fa, fb)));
    SHOW("fmul", f32(vmulq_f32(fa, fb)));
    SHOW("fdiv", f32(vdivq_f32(fa, fb)));
    SHOW("fmla", f32(vfmaq_f32(fa, fa, fb)));
    SHOW("frecpe", f32(vrecpeq_f32(fa)));
    SHOW("frsqrte", f32(vrsqrteq_f32(vabsq_f32(fa))));
    SHOW("frecps", f32(vrecpsq_f32(fa, fb)));
    SHOW("fcvtzs", s32(vcvtq_s32_f32(vmulq_f32(fa, fb))));
    SHOW("fcvtnu", u32(vcvtnq_u32_f32(fa)));
    SHOW("scvtf", f32(vcvtq_f32_s32(s32a)));
    SHOW("fmaxnm", f32(vmaxnmq_f32(fa, fb)));
    SHOW("faddp", f32(vpaddq_f32(fa, fb)));
    float64x2_t da = {1.0 / 3.0, -1e300}, db = {3.0, 1e10};
    SHOW("dmul", f64(vmulq_f64(da, db)));
    SHOW("dsqrt", f64(vsqrtq_f64(vabsq_f64(da))));
    SHOW("fcvtn", f32(vcvt_high_f32_f64(vcvt_f32_f64(da), db)));
    SHOW("fcmge", u32(vcgeq_f32(fa, fb)));
    show("cmtst", (vtstq_u8(a, b)));
    /* crypto extension (cortex-a57 has AES, SHA1, SHA256, PMULL) */
    show("aese", vaeseq_u8(a, b));
    show("aesmc", vaesmcq_u8(a));
    show("aesimc", vaesimcq_u8(b));
    uint32x4_t h = vreinterpretq_u32_u8(a), w = vreinterpretq_u32_u8(b);
    SHOW("sha1c", u32(vsha1cq_u32(h, 0x12345678u, w)));
    SHOW("sha1su0", u32(vsha1su0q_u32(h, w, h)));
    SHOW("sha256h", u32(vsha256hq_u32(h, w, h)));
    SHOW("sha256su1", u32(vsha256su1q_u32(h, w, h)));
    poly128_t p = vmull_p64(0x87654321fedcba98ULL, 0x0f1e2d3c4b5a6978ULL);
    uint8x16_t pv;
    memcpy(&pv, &p, 16);
    show("pmull", pv);
    show("pmull8", vreinterpretq_u8_p16(vmull_p8(vreinterpret_p8_u8(vget_low_u8(a)), vreinterpret_p8_u8(vget_low_u8(b)))));
    printf("simd hash %016llx\n", (unsigned long long)fnv);
    return 0;
}
