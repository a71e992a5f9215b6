/* crypto.c - ARMv8 AArch32 Cryptographic Extension and CRC32 test program for the compat part of
 * LinuxGuestArm64Test (an AArch64 model's ID_ISAR5 advertises them to armhf programs: HWCAP2_AES, PMULL,
 * SHA1, SHA2, CRC32): AESE/AESD/AESMC/AESIMC rounds, the SHA-1 and SHA-256 round and schedule
 * instructions, VMULL.P64 and CRC32{C}{B,H,W}, printed in hex so jemu's Linux guest and
 * qemu-arm-static -cpu max can be compared. Built for ARMv8-A AArch32 (not runnable on a Cortex-A15). */
#include <arm_acle.h>
#include <arm_neon.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

static uint64_t fnv = 14695981039346656037ULL;
static void show(const char *name, uint8x16_t v) {
    uint8_t b[16];
    vst1q_u8(b, v);
    for (int i = 0; i < 16; i++) { fnv ^= b[i]; fnv *= 1099511628211ULL; }
    printf("%-10s", name);
    for (int i = 15; i >= 0; i--) printf("%02x", b[i]);
    printf("\n");
}
#define SHOW(n, v) show(n, vreinterpretq_u8_##v)

int main(void) {
    unsigned long hw2 = getauxval(AT_HWCAP2);
    /* HWCAP2_PMULL 2, SHA1 4, SHA2 8, CRC32 16. HWCAP2_AES (1) is left out: Debian 12's arm64 kernel reports
     * it as 0 to compat tasks when ID_ISAR5.AES = 2 (AES and PMULL, as on a Cortex-A57), qemu-arm as 1. */
    printf("hwcap2 pmull %d sha1 %d sha2 %d crc32 %d\n", !!(hw2 & 2), !!(hw2 & 4), !!(hw2 & 8), !!(hw2 & 16));
    uint8_t src[64];
    for (int i = 0; i < 64; i++) src[i] = (uint8_t)(i * 73 + 19);
    uint8x16_t a = vld1q_u8(src), b = vld1q_u8(src + 16), k = vld1q_u8(src + 32);
    uint8x16_t s = a;
    for (int r = 0; r < 9; r++) s = vaesmcq_u8(vaeseq_u8(s, k)), k = vaddq_u8(k, b);
    show("aes-enc", vaeseq_u8(s, k));
    uint8x16_t t = s;
    for (int r = 0; r < 9; r++) t = vaesimcq_u8(vaesdq_u8(t, k)), k = veorq_u8(k, a);
    show("aes-dec", vaesdq_u8(t, k));
    uint32x4_t h = vreinterpretq_u32_u8(a), w = vreinterpretq_u32_u8(b), x = vreinterpretq_u32_u8(k);
    uint32_t e = vgetq_lane_u32(h, 0);
    SHOW("sha1c", u32(vsha1cq_u32(h, e, w)));
    SHOW("sha1p", u32(vsha1pq_u32(h, e ^ 0x5a5a5a5a, x)));
    SHOW("sha1m", u32(vsha1mq_u32(w, e + 7, h)));
    printf("sha1h     %08x\n", vsha1h_u32(e));
    SHOW("sha1su0", u32(vsha1su0q_u32(h, w, x)));
    SHOW("sha1su1", u32(vsha1su1q_u32(h, w)));
    SHOW("sha256h", u32(vsha256hq_u32(h, w, x)));
    SHOW("sha256h2", u32(vsha256h2q_u32(h, w, x)));
    SHOW("sha256su0", u32(vsha256su0q_u32(h, w)));
    SHOW("sha256su1", u32(vsha256su1q_u32(h, w, x)));
    poly128_t p = vmull_p64(0x87654321fedcba98ULL, 0x0f1e2d3c4b5a6978ULL);
    uint8x16_t pv;
    memcpy(&pv, &p, 16);
    show("vmull.p64", pv);
    uint32_t c = 0xffffffffu, cc = 0xffffffffu;
    for (int i = 0; i < 64; i++) {
        c = __crc32b(c, src[i]);
        cc = __crc32cb(cc, src[i]);
    }
    for (int i = 0; i < 64; i += 2) {
        uint16_t v; memcpy(&v, src + i, 2);
        c = __crc32h(c, v);
        cc = __crc32ch(cc, v);
    }
    for (int i = 0; i < 64; i += 4) {
        uint32_t v; memcpy(&v, src + i, 4);
        c = __crc32w(c, v);
        cc = __crc32cw(cc, v);
    }
    printf("crc32 %08x crc32c %08x\n", c, cc);
    printf("crypto hash %016llx\n", (unsigned long long)fnv);
    return 0;
}
