/* fpbits.h - helpers shared by the AArch32 VFP test programs (vfp.c, v8fp.c): FPSCR access, float/double
 * bit patterns and the FNV-1a hash the programs print. */
#ifndef FPBITS_H
#define FPBITS_H
#include <stdint.h>
#include <string.h>

static uint32_t get_fpscr(void) { uint32_t v; __asm__ volatile("vmrs %0, fpscr" : "=r"(v)); return v; }
static void set_fpscr(uint32_t v) { __asm__ volatile("vmsr fpscr, %0" : : "r"(v)); }
static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static double ubd(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static float ubf(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

static uint64_t fnv = 14695981039346656037ULL;
static void mix(const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) { fnv ^= b[i]; fnv *= 1099511628211ULL; }
}
#endif
