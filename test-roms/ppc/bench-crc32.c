/*
 * bench-crc32.c - CPU-bound benchmark: CRC-32 (IEEE 802.3, reflected, as zlib's crc32) of a 64 KiB
 * xorshift32 buffer, ITERATIONS times, chained (each pass continues from the previous CRC), with a byte-wise
 * table loop; checked once against a bit-wise CRC. Fixed work, so guest MIPS = instructions / time.
 */
#include "lib.h"
#include "ppc.h"

#define SIZE 65536
#define ITERATIONS 256

volatile struct exc_info exc_info;
static uint8_t buf[SIZE];
static uint32_t table[256];

void unexpected_exception(void)
{
    puts("UNEXPECTED EXCEPTION vector=0x");
    put_hex32(exc_info.vector);
    puts(" srr0=0x");
    put_hex32(exc_info.srr0);
    puts("\n");
    board_exit(1);
}

static uint32_t crc_bitwise(uint32_t crc, const uint8_t *p, uint32_t n)
{
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = crc >> 1 ^ (0xedb88320u & -(crc & 1));
    }
    return ~crc;
}

static uint32_t crc_table(uint32_t crc, const uint8_t *p, uint32_t n)
{
    crc = ~crc;
    while (n--)
        crc = table[(crc ^ *p++) & 0xff] ^ crc >> 8;
    return ~crc;
}

int main(void)
{
    uint32_t x = 0x12345678, crc = 0;

    board_init();
    for (int i = 0; i < SIZE; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (uint8_t)x;
    }
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c >> 1 ^ (0xedb88320u & -(c & 1));
        table[i] = c;
    }
    uint32_t bitwise = crc_bitwise(0, buf, SIZE);
    uint32_t once = crc_table(0, buf, SIZE);
    for (int i = 0; i < ITERATIONS; i++)
        crc = crc_table(crc, buf, SIZE);
    puts("bench-crc32: iterations=");
    put_dec(ITERATIONS);
    puts(" bitwise=");
    put_hex32(bitwise);
    puts(" table=");
    put_hex32(once);
    puts("\nbench-crc32: result=");
    put_hex32(crc);
    puts("\n");
    board_exit(bitwise != once);
}
