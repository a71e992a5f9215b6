/* ppc.h - register access helpers for the jemu PowerPC test ROMs (750 and e500mc). */
#ifndef PPC_H
#define PPC_H

#include <stdint.h>

#define mfspr(n) ({ uint32_t _v; __asm__ volatile("mfspr %0,%1" : "=r"(_v) : "i"(n)); _v; })
#define mtspr(n, v) __asm__ volatile("mtspr %0,%1" : : "i"(n), "r"((uint32_t)(v)) : "memory")

static inline uint32_t mfmsr(void) { uint32_t v; __asm__ volatile("mfmsr %0" : "=r"(v)); return v; }
static inline void mtmsr(uint32_t v) { __asm__ volatile("mtmsr %0; isync" : : "r"(v) : "memory"); }
static inline void isync(void) { __asm__ volatile("isync" : : : "memory"); }
static inline void sync(void) { __asm__ volatile("sync" : : : "memory"); }
static inline uint32_t mfcr(void) { uint32_t v; __asm__ volatile("mfcr %0" : "=r"(v)); return v; }
static inline uint32_t mfxer(void) { uint32_t v; __asm__ volatile("mfxer %0" : "=r"(v)); return v; }
static inline void mtxer(uint32_t v) { __asm__ volatile("mtxer %0" : : "r"(v)); }

static inline void out8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; __asm__ volatile("eieio" ::: "memory"); }
static inline uint8_t in8(uintptr_t a) { uint8_t v = *(volatile uint8_t *)a; __asm__ volatile("eieio" ::: "memory"); return v; }
static inline void out_le32(uintptr_t a, uint32_t v) { __asm__ volatile("stwbrx %0,0,%1; eieio" : : "r"(v), "r"(a) : "memory"); }
static inline uint32_t in_le32(uintptr_t a) { uint32_t v; __asm__ volatile("lwbrx %0,0,%1; eieio" : "=r"(v) : "r"(a) : "memory"); return v; }
static inline void out_le16(uintptr_t a, uint16_t v) { __asm__ volatile("sthbrx %0,0,%1; eieio" : : "r"(v), "r"(a) : "memory"); }

#define MSR_EE 0x8000
#define MSR_PR 0x4000
#define MSR_FP 0x2000
#define MSR_ME 0x1000
#define MSR_IR 0x0020
#define MSR_DR 0x0010

/* Filled by the exception vectors (start-*.S): the last exception taken. */
struct exc_info {
    uint32_t vector;   /* 750: the vector offset (0x300, 0x700, ...); e500: 0x100 * IVOR number */
    uint32_t srr0;
    uint32_t srr1;
    uint32_t dar;      /* 750 DAR, e500 DEAR */
    uint32_t dsisr;    /* 750 DSISR, e500 ESR */
    uint32_t count;    /* exceptions taken so far */
    uint32_t expected; /* nonzero while a test expects an exception */
};
extern volatile struct exc_info exc_info;

#endif
