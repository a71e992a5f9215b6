/*
 * Book E (e500mc) oracle program: runs bare-metal on qemu-system-ppc -M ppce500 -cpu e500mc -bios booke-oracle.elf
 * (QEMU's boot state: TLB1[0] maps 0..64 MiB 1:1, PC = the ELF entry) and on jemu's PpcBookECpu (BookEOracleTest).
 * Each test stores result words at 0x0020_0000 upwards; the dump routine at offset 0x1800 prints them as hex
 * on the 16550 at CCSR + 0x4500 (PA 0xF_E000_4500, mapped at EA 0xE000_0000 by TLB1[2]). jemu stops at the dump.
 * Build: make -C frontend-ppc/src/test/resources/booke (powerpc-linux-gnu-gcc, objcopy).
 */
#define LOADI(r, v)   lis r, (v)@h; ori r, r, (v)@l
#define SETSPR(n, v)  LOADI(r10, v); mtspr n, r10
#define REC(r)        stw r, 0(r30); addi r30, r30, 4
#define RECSPR(n)     mfspr r3, n; REC(r3)
#define MSR_TEST      0x00021200      /* CE | ME | DE */
#define RESTORE_MSR   LOADI(r10, MSR_TEST); mtmsr r10; isync

    .section .text
    .globl _start
_start:
    LOADI(r30, 0x00200000)
    SETSPR(63, 0x00100000)                      /* IVPR */
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    SETSPR(400+\n, 0x1000 + \n * 0x40)          /* IVORn */
    .endr
    /* TLB1[2]: EA 0xE000_0000 -> PA 0xF_E000_0000, 16 MiB, I|G, SR|SW (the CCSR, for the UART) */
    SETSPR(624, 0x10020000)
    SETSPR(625, 0x80000700)
    SETSPR(626, 0xE000000A)
    SETSPR(627, 0xE0000005)
    SETSPR(944, 0x0000000F)
    isync
    tlbwe
    isync
    RESTORE_MSR

    /* T1: tlbsx miss (MAS4 TLBSELD 1, TSIZED 16 KiB, WIMGED 0x0a; MAS6 SPID 9, SAS 1) */
    SETSPR(628, 0x1000020A)
    SETSPR(630, 0x00090001)
    LOADI(r8, 0x12345678)
    tlbsx 0, r8
    RECSPR(624); RECSPR(625); RECSPR(626); RECSPR(627); RECSPR(944)

    /* T2: tlbwe TLB0 (ESEL 3, V|IPROT|TID 5|TSIZE 4: forced to 4 KiB, IPROT dropped), tlbsx hit */
    SETSPR(624, 0x00030000)
    SETSPR(625, 0xC0050400)
    SETSPR(626, 0x1000000A)
    SETSPR(627, 0x00300015)
    SETSPR(944, 0)
    tlbwe
    isync
    SETSPR(630, 0x00050000)
    LOADI(r8, 0x10000123)
    tlbsx 0, r8
    RECSPR(624); RECSPR(625); RECSPR(626); RECSPR(627); RECSPR(944)

    /* T3: tlbre of TLB1[0] (the boot mapping) */
    SETSPR(624, 0x10000000)
    tlbre
    RECSPR(625); RECSPR(626); RECSPR(627); RECSPR(944)

    /* T4: data TLB miss (PID0 6 does not match TID 5) */
    SETSPR(48, 6)
    isync
    LOADI(r29, t4_cont)
    LOADI(r8, 0x10000010)
    lwz r9, 0(r8)
t4_cont:
    RESTORE_MSR
    SETSPR(48, 5)
    isync

    /* T5: DSI: store to a page with SR|UR only (TLB1[5]: EA 0x2000_0000 -> PA 0x40_0000) */
    SETSPR(624, 0x10050000)
    SETSPR(625, 0x80000100)
    SETSPR(626, 0x20000000)
    SETSPR(627, 0x00400003)
    SETSPR(944, 0)
    tlbwe
    isync
    LOADI(r29, t5_cont)
    LOADI(r8, 0x20000008)
    stw r8, 0(r8)
t5_cont:
    RESTORE_MSR

    /* T6: mfmsr in problem state */
    LOADI(r29, t6_cont)
    SETSPR(26, t6_user)
    SETSPR(27, 0x00005000)
    rfi
t6_user:
    mfmsr r3
t6_cont:
    RESTORE_MSR

    /* T7: sc */
    LOADI(r29, t7_cont)
    sc
t7_cont:
    RESTORE_MSR

    /* T8: isel */
    li r3, 9
    li r4, 44
    li r5, 55
    cmpwi r3, 5
    isel r6, r4, r5, 1
    REC(r6)
    isel r7, 0, r5, 2
    REC(r7)
    cmpwi r3, 9
    isel r7, 0, r5, 2
    REC(r7)

    /* T9: tlbivax of the TLB0 entry, then tlbsx SPID 5 misses */
    LOADI(r8, 0x10000000)
    tlbivax 0, r8
    isync
    SETSPR(630, 0x00050000)
    tlbsx 0, r8
    RECSPR(625)

    /* T10: tlbilx T = 3 (EA 0x2000_0000, SPID 0), then tlbsx misses */
    SETSPR(630, 0)
    LOADI(r8, 0x20000000)
    tlbilx 3, 0, r8
    isync
    tlbsx 0, r8
    RECSPR(625)

    /* T11: instruction TLB miss */
    LOADI(r29, t11_cont)
    LOADI(r10, 0x30000000)
    mtctr r10
    bctr
t11_cont:
    RESTORE_MSR

    /* T12: lswi is illegal on the e500mc */
    LOADI(r29, t12_cont)
    .long 0x7c6424aa
t12_cont:
    RESTORE_MSR

    /* T13: configuration SPRs: TLB0CFG, TLB1CFG, MMUCFG, PVR, SVR, L1CFG0 */
    RECSPR(688); RECSPR(689); RECSPR(1015); RECSPR(287); RECSPR(1023); RECSPR(515)

    /* T14: L1CSR0 / L2CSR0 flash-invalidate bits clear themselves */
    SETSPR(1010, 0x00000103)
    RECSPR(1010)
    SETSPR(1017, 0x80200C00)
    RECSPR(1017)
    SETSPR(1010, 0)
    SETSPR(1017, 0)

    /* T15: the MSR mask (all bits but PR, IS, DS, EE, CE, GS) */
    LOADI(r10, 0xEFFD3FCF)
    mtmsr r10
    isync
    mfmsr r3
    REC(r3)
    RESTORE_MSR

    /* T16: PID1 also matches (TLB0 entry TID 7 at EA 0x4000_0000 -> PA 0x30_0000) */
    LOADI(r8, 0x00300000)
    LOADI(r9, 0x5A5A1234)
    stw r9, 0(r8)
    SETSPR(624, 0x00000000)
    SETSPR(625, 0x80070100)
    SETSPR(626, 0x40000000)
    SETSPR(627, 0x00300001)
    SETSPR(944, 0)
    tlbwe
    isync
    SETSPR(48, 6)
    SETSPR(633, 7)
    isync
    LOADI(r8, 0x40000000)
    lwz r9, 0(r8)
    REC(r9)

    /* T17: SPR write masks: all-ones written, read back */
    LOADI(r11, 0xFFFFFFFF)
    .irp n, 624,625,626,627,628,630,944,400,63,48,62,61,1008,1013
    mtspr \n, r11
    RECSPR(\n)
    .endr
    SETSPR(624, 0); SETSPR(625, 0); SETSPR(626, 0); SETSPR(627, 0); SETSPR(628, 0); SETSPR(630, 0); SETSPR(944, 0)
    SETSPR(400, 0x1000); SETSPR(63, 0x00100000); SETSPR(48, 5); SETSPR(1008, 0); SETSPR(1013, 0)
    isync
    /* SPRG4 written at 276, read through the user alias 260; USPRG0 (256) */
    SETSPR(276, 0x12345678)
    RECSPR(260)
    SETSPR(256, 0x9ABCDEF0)
    RECSPR(256)

    /* T18: DEC = 50 without ARE: it stops at 0 and sets TSR[DIS] (no interrupt: TCR[DIE] = 0); TSR w1c */
    SETSPR(340, 0)
    SETSPR(336, 0xFFFFFFFF)
    SETSPR(22, 50)
    LOADI(r12, 200000)
    mtctr r12
8:  bdnz 8b
    RECSPR(22)
    RECSPR(336)
    SETSPR(336, 0x04000000)
    RECSPR(336)
    SETSPR(336, 0x08000000)
    RECSPR(336)
    RECSPR(340)

    /* T19: tlbilx T = 1 (TID = MAS6[SPID]) keeps other TIDs; MMUCSR0 TLB0 flash invalidate */
    SETSPR(624, 0x00010000)
    SETSPR(625, 0x80080100)
    SETSPR(626, 0x50000000)
    SETSPR(627, 0x00300001)
    SETSPR(944, 0)
    tlbwe
    SETSPR(624, 0x00020000)
    SETSPR(625, 0x80090100)
    SETSPR(626, 0x50001000)
    tlbwe
    isync
    SETSPR(630, 0x00080000)
    LOADI(r8, 0)
    tlbilx 1, 0, r8
    isync
    LOADI(r8, 0x50000000)
    tlbsx 0, r8
    RECSPR(625)
    SETSPR(630, 0x00090000)
    LOADI(r8, 0x50001000)
    tlbsx 0, r8
    RECSPR(625)
    SETSPR(1012, 0x00000004)
    RECSPR(1012)
    tlbsx 0, r8
    RECSPR(625)

    /* T20: wrteei 1 / wrteei 0 as seen by mfmsr (no interrupt is pending) */
    wrteei 1
    mfmsr r3
    REC(r3)
    wrteei 0
    mfmsr r3
    REC(r3)

    /* T21: mtspr DEC 0 with DEC already 0, TCR = 0: does the write itself set TSR[DIS]? (Book III-E 9.3: no) */
    SETSPR(336, 0xFFFFFFFF)
    SETSPR(22, 0)
    LOADI(r12, 1000)
    mtctr r12
9:  bdnz 9b
    RECSPR(336)
    RECSPR(22)

    LOADI(r10, 0x600DF00D)
    REC(r10)
    b dump

    /* Vectors: IVPR + 0x1000 + n * 0x40 */
    .org 0x1000
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    .org 0x1000 + \n * 0x40
    li r28, \n
    b common
    .endr
common:
    REC(r28)
    RECSPR(26); RECSPR(27); RECSPR(61); RECSPR(62); RECSPR(624); RECSPR(625); RECSPR(626); RECSPR(630)
    mfmsr r3
    REC(r3)
    mtctr r29
    bctr

    /* Dump: the words from 0x20_0000 to r30 as 8 hex digits per line, then END. */
    .org 0x1800
dump:
    LOADI(r31, 0x00200000)
    LOADI(r27, 0xE0004500)
1:  cmplw r31, r30
    bge 3f
    lwz r4, 0(r31)
    addi r31, r31, 4
    li r5, 8
2:  rlwinm r4, r4, 4, 0, 31
    andi. r6, r4, 15
    cmpwi r6, 10
    addi r6, r6, '0'
    blt 4f
    addi r6, r6, 'A' - '0' - 10
4:  bl putc
    addi r5, r5, -1
    cmpwi r5, 0
    bne 2b
    li r6, '\n'
    bl putc
    b 1b
3:  li r6, 'E'
    bl putc
    li r6, 'N'
    bl putc
    li r6, 'D'
    bl putc
    li r6, '\n'
    bl putc
5:  b 5b
putc:
6:  lbz r7, 5(r27)
    andi. r7, r7, 0x20
    beq 6b
    stb r6, 0(r27)
    blr
