/* string.c - string and memory function test program for LinuxGuestArm64Test: glibc's optimised
 * mem and str routines (which use Advanced SIMD) over many lengths and alignments, plus sorting, number
 * formatting and parsing, printed as hashes and samples for comparison with qemu-aarch64-static. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fnv = 14695981039346656037ULL;
static void mixu(uint64_t v) {
    for (int i = 0; i < 8; i++) { fnv ^= (v >> (8 * i)) & 0xff; fnv *= 1099511628211ULL; }
}
static void mix(const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) { fnv ^= b[i]; fnv *= 1099511628211ULL; }
}
static uint32_t rng = 12345;
static uint32_t rnd(void) { rng = rng * 1103515245u + 12345u; return rng >> 8; }
static int cmp(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static char buf1[8192], buf2[8192];

int main(void) {
    for (int i = 0; i < 8192; i++) buf1[i] = (char)('a' + (rnd() % 26));
    for (int len = 0; len < 300; len += 1 + len / 8) {
        for (int sa = 0; sa < 16; sa += 3) {
            for (int da = 0; da < 16; da += 5) {
                memset(buf2, 0x5a, 1024);
                memcpy(buf2 + da, buf1 + sa, len);
                mix(buf2, len + 32);
                memmove(buf2 + da + 7, buf2 + da, len);
                mix(buf2, len + 48);
                memset(buf2 + sa, da, len);
                mixu((uint64_t)memcmp(buf2, buf1, len + 1) > 0);
                buf2[da + len] = 0;
                memcpy(buf2 + da, buf1 + sa, len);
                buf2[da + len] = 0;
                mixu(strlen(buf2 + da));
                mixu(strnlen(buf2 + da, len / 2));
                char *c = strchr(buf2 + da, 'q');
                mixu(c ? (uint64_t)(c - buf2) : 99999);
                c = strrchr(buf2 + da, 'e');
                mixu(c ? (uint64_t)(c - buf2) : 99999);
                c = memchr(buf2 + da, 'z', len);
                mixu(c ? (uint64_t)(c - buf2) : 99999);
                mixu((uint64_t)(strcmp(buf2 + da, buf1 + sa) == 0));
                mixu((uint64_t)(strncmp(buf2 + da, buf1 + sa + 1, len) < 0));
                mixu(strspn(buf2 + da, "abcdefghij"));
                mixu(strcspn(buf2 + da, "xyz"));
            }
        }
    }
    printf("mem/str hash %016llx\n", (unsigned long long)fnv);
    const char *hay = "the quick brown fox jumps over the lazy dog; the five boxing wizards jump quickly";
    printf("strstr %td %td %s\n", strstr(hay, "jump") - hay, strstr(hay, "wizards") - hay,
           strstr(hay, "cat") ? "found" : "none");
    int arr[1000];
    for (int i = 0; i < 1000; i++) arr[i] = (int)(rnd() % 100000) - 50000;
    qsort(arr, 1000, sizeof arr[0], cmp);
    mix(arr, sizeof arr);
    printf("sorted %d %d %d %d\n", arr[0], arr[1], arr[500], arr[999]);
    char tmp[128];
    snprintf(tmp, sizeof tmp, "%d|%x|%lld|%s|%c|%08.3f|%-6s|", -42, 0xbeefu, -1234567890123LL, "str", 'Z', 3.14159,
             "ab");
    printf("snprintf %s\n", tmp);
    printf("strtol %ld %lu %lld strtod %a %a\n", strtol("-0x7fff", NULL, 16), strtoul("777", NULL, 8),
           strtoll("9223372036854775807", NULL, 10), strtod("1.0000000000000002", NULL), strtod("0x1.8p-3", NULL));
    char *dup = strdup(hay);
    char *tok = strtok(dup, " ;");
    int ntok = 0;
    while (tok) { ntok++; mix(tok, strlen(tok)); tok = strtok(NULL, " ;"); }
    printf("tokens %d\n", ntok);
    free(dup);
    printf("string hash %016llx\n", (unsigned long long)fnv);
    return 0;
}
