// bench-sieve.S - CPU-bound benchmark: sieve of Eratosthenes.
//
// ITERATIONS times: sieve the numbers below LIMIT = 1,000,000 in a byte
// array in RAM (0x4020_0000), then count the primes and sum them.
// Every pass must give pi(10^6) = 78498 primes summing to 37550402023;
// the pass results are also folded into a running checksum
//     checksum = (checksum * 31 + count + sum) mod 2^64
// so a single wrong pass shows up.
//
// Output:
//   bench-sieve: iterations=N primes=78498 sum=37550402023
//   bench-sieve: result=XXXXXXXXXXXXXXXX   (checksum, see expected.txt)
// or a "FAIL: bench-sieve ..." line, then PSCI SYSTEM_OFF.
//
// Dynamic instruction count per pass, from the loop bodies below:
//   clear     125,000 x 3                                =    375,000
//   marking   2,122,046 x 4 (sum over primes p < 1000 of
//             ceil((LIMIT - p*p) / p))                   =  8,488,184
//   outer     998 x 7 + 3                                =      6,989
//   counting  1,000,000 x 5 + 78,498 x 2                 =  5,156,996
//   other                                                =         15
//   total                                                = 14,027,184
// so ITERATIONS = 250 executes about 3.507 G instructions (plus a few
// thousand for the report).

        .include "common.inc"

        .equ LIMIT,             1000000
        .equ SIEVE,             0x40200000      // LIMIT bytes of flags
        .equ ITERATIONS,        250

        ROM_START

main:
        mov     x25, #0                         // checksum
        mov     x26, #ITERATIONS
        ldr     x20, =SIEVE
        ldr     x21, =LIMIT
pass:
        // flags[0..LIMIT) = 1 (8 bytes at a time; LIMIT is a multiple of 8)
        mov     x0, x20
        LI      x1, 0x0101010101010101
        add     x2, x20, x21
1:      str     x1, [x0], #8                    // 3 instructions / 8 bytes
        cmp     x0, x2
        b.lo    1b
        strb    wzr, [x20]                      // 0 and 1 are not prime
        strb    wzr, [x20, #1]

        // for p = 2 while p*p < LIMIT: if flags[p], clear p*p, p*p+p, ...
        mov     x3, #2
2:      mul     x4, x3, x3
        cmp     x4, x21
        b.hs    5f
        ldrb    w5, [x20, x3]
        cbz     w5, 4f
3:      strb    wzr, [x20, x4]                  // 4 instructions / multiple
        add     x4, x4, x3
        cmp     x4, x21
        b.lo    3b
4:      add     x3, x3, #1
        b       2b

        // count and sum
5:      mov     x6, #0                          // count
        mov     x7, #0                          // sum
        mov     x3, #0
6:      ldrb    w5, [x20, x3]                   // 5 instructions / number
        cbz     w5, 7f
        add     x6, x6, #1
        add     x7, x7, x3
7:      add     x3, x3, #1
        cmp     x3, x21
        b.lo    6b

        mov     x8, #31
        mul     x25, x25, x8
        add     x25, x25, x6
        add     x25, x25, x7
        subs    x26, x26, #1
        b.ne    pass

        // report (x6, x7 from the last pass)
        mov     x19, x6
        mov     x22, x7
        PUTS    "bench-sieve: iterations="
        mov     x0, #ITERATIONS
        bl      uart_put_dec
        PUTS    " primes="
        mov     x0, x19
        bl      uart_put_dec
        PUTS    " sum="
        mov     x0, x22
        bl      uart_put_dec
        PUTS    "\n"
        ldr     x0, =78498
        cmp     x19, x0
        b.ne    8f
        LI      x0, 37550402023
        cmp     x22, x0
        b.ne    8f
        PUTS    "bench-sieve: result="
        mov     x0, x25
        mov     w1, #16
        bl      uart_put_hexn
        PUTS    "\n"
        b       psci_system_off
8:      PUTS    "FAIL: bench-sieve wrong prime count or sum\n"
        b       psci_system_off
