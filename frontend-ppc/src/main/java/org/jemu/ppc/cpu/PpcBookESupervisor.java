package org.jemu.ppc.cpu;

/**
 * Helpers of the Book E supervisor instructions of the e500mc (Power ISA 2.06 Book III-E; E500MCRM chapter 2
 * "Register Model" for the SPR numbers and chapter 3 "Instruction Model"): mfspr/mtspr of the Book E SPRs,
 * wrtee/wrteei, rfci/rfmci/rfdi, the TLB management instructions, wait and mfpmr/mtpmr. The translator
 * checks privilege from MSR[PR] (a block flag) before calling these, and calls them only for a
 * {@link PpcBookECpu}. The SPR set is QEMU's e500mc (target/ppc/cpu_init.c init_proc_e500).
 */
public final class PpcBookESupervisor {
    private PpcBookESupervisor() {
    }

    // SPR numbers (E500MCRM table 2-? "Special-purpose registers"; Book III-E appendix "SPR list").
    public static final int DEC = 22, SRR0 = 26, SRR1 = 27, PID0 = 48, DECAR = 54, CSRR0 = 58, CSRR1 = 59,
            DEAR = 61, ESR = 62, IVPR = 63, USPRG0 = 256, SPRG3_RO = 259, SPRG4_RO = 260, SPRG7_RO = 263,
            SPRG0 = 272, SPRG7 = 279, TBL_W = 284, TBU_W = 285, PIR = 286, PVR = 287, DBSR = 304, DBCR0 = 308,
            DBCR2 = 310, IAC1 = 312, IAC2 = 313, DAC1 = 316, DVC2 = 319, TSR = 336, TCR = 340, IVOR0 = 400,
            IVOR15 = 415, IVOR38 = 432, IVOR41 = 435, SPEFSCR = 512, BBEAR = 513, BBTAR = 514, L1CFG0 = 515,
            L1CFG1 = 516, IVOR32 = 528, IVOR37 = 533, MCSRR0 = 570, MCSRR1 = 571, MCSR = 572, MCAR = 573,
            DSRR0 = 574, DSRR1 = 575, MAS0 = 624, MAS1 = 625, MAS2 = 626, MAS3 = 627, MAS4 = 628, MAS6 = 630,
            PID1 = 633, PID2 = 634, TLB0CFG = 688, TLB1CFG = 689, EPR = 702, MAS7 = 944, HID0 = 1008,
            HID1 = 1009, L1CSR0 = 1010, L1CSR1 = 1011, MMUCSR0 = 1012, BUCSR = 1013, MMUCFG = 1015,
            L2CSR0 = 1017, SVR = 1023;

    /** L1CFG0/L1CFG1 as QEMU's e500mc: 8 ways, 32 KiB, 64-byte blocks. */
    public static final long L1CFG = 0x0100_3820L;
    /** MMUCFG as QEMU 7.2's e500mc (register_BookE206_sprs with mmucfg 0). */
    public static final long MMUCFG_VALUE = 0;
    /** Cache flash-invalidate / lock-clear bits that read back 0 (QEMU spr_write_e500_l1csr0/1, l2csr0). */
    public static final long L1CSR_SELF_CLEAR = 0x0000_0102L, L2CSR0_SELF_CLEAR = 0x0020_0c00L;

    /** Plain-storage SPRs (values kept, no effect): DBCR0-2, IAC1/2, DAC1/2, DVC1/2, BBEAR, BBTAR, SPEFSCR, HID1. */
    private static boolean stored(int spr) {
        return (spr >= DBCR0 && spr <= DBCR2) || spr == IAC1 || spr == IAC2 || (spr >= DAC1 && spr <= DVC2)
                || spr == BBEAR || spr == BBTAR || spr == SPEFSCR;
    }

    /** True if mfspr {@code spr} is implemented (besides XER, LR, CTR, TBL/TBU that the translator handles). */
    public static boolean readable(int spr) {
        return switch (spr) {
            case DEC, SRR0, SRR1, PID0, CSRR0, CSRR1, DEAR, ESR, IVPR, USPRG0, PIR, PVR, DBSR, TSR, TCR, L1CFG0,
                    L1CFG1, MCSRR0, MCSRR1, MCSR, MCAR, DSRR0, DSRR1, MAS0, MAS1, MAS2, MAS3, MAS4, MAS6, PID1, PID2,
                    TLB0CFG, TLB1CFG, EPR, MAS7, HID0, HID1, L1CSR0, L1CSR1, MMUCSR0, BUCSR, MMUCFG, L2CSR0,
                    SVR -> true;
            default -> (spr >= SPRG3_RO && spr <= SPRG7_RO) || (spr >= SPRG0 && spr <= SPRG7)
                    || (spr >= IVOR0 && spr <= IVOR15) || (spr >= IVOR38 && spr <= IVOR41)
                    || (spr >= IVOR32 && spr <= IVOR37) || stored(spr);
        };
    }

    /**
     * True if mtspr {@code spr} is implemented: read-only numbers (PVR, SVR, the config registers, EPR, the
     * user-read SPRG aliases 259-263) are not; DECAR and TBL/TBU (284/285) are write-only.
     */
    public static boolean writable(int spr) {
        return switch (spr) {
            case PVR, SVR, TLB0CFG, TLB1CFG, MMUCFG, L1CFG0, L1CFG1, EPR -> false;
            case DECAR, TBL_W, TBU_W -> true;
            default -> readable(spr) && !(spr >= SPRG3_RO && spr <= SPRG7_RO);
        };
    }

    private static int ivorIndex(int spr) {
        if (spr >= IVOR0 && spr <= IVOR15) {
            return spr - IVOR0;
        }
        if (spr >= IVOR32 && spr <= IVOR37) {
            return 32 + spr - IVOR32;
        }
        if (spr >= IVOR38 && spr <= IVOR41) {
            return 38 + spr - IVOR38;
        }
        return -1;
    }

    /** mfspr of a Book E SPR ({@link #readable}); 32-bit result. */
    public static long mfspr(PpcCpu cpu, int spr) {
        PpcBookECpu c = (PpcBookECpu) cpu;
        PpcBookEMmu m = c.mmu();
        return switch (spr) {
            case DEC -> c.timers.decrementer();
            case SRR0 -> c.srr0;
            case SRR1 -> c.srr1;
            case PID0 -> m.pid[0];
            case PID1 -> m.pid[1];
            case PID2 -> m.pid[2];
            case CSRR0 -> c.csrr0;
            case CSRR1 -> c.csrr1;
            case DEAR -> c.dear;
            case ESR -> c.esr;
            case IVPR -> c.ivpr;
            case USPRG0 -> c.usprg0;
            case PIR -> c.pir;
            case PVR -> c.pvr;
            case SVR -> c.svr;
            case DBSR -> c.dbsr;
            case TSR -> c.timers.tsr;
            case TCR -> c.timers.tcr;
            case L1CFG0, L1CFG1 -> L1CFG;
            case MCSRR0 -> c.mcsrr0;
            case MCSRR1 -> c.mcsrr1;
            case MCSR -> c.mcsr;
            case MCAR -> c.mcar;
            case DSRR0 -> c.dsrr0;
            case DSRR1 -> c.dsrr1;
            case MAS0 -> m.mas0r;
            case MAS1 -> m.mas1r;
            case MAS2 -> m.mas2r;
            case MAS3 -> m.mas3r;
            case MAS4 -> m.mas4r;
            case MAS6 -> m.mas6r;
            case MAS7 -> m.mas7r;
            case TLB0CFG -> PpcBookEMmu.TLB0CFG;
            case TLB1CFG -> PpcBookEMmu.TLB1CFG;
            case MMUCFG -> MMUCFG_VALUE;
            case EPR -> c.epr;
            case HID0 -> c.hid0;
            case HID1 -> c.hid1;
            case L1CSR0 -> c.l1csr0;
            case L1CSR1 -> c.l1csr1;
            case L2CSR0 -> c.l2csr0;
            case MMUCSR0 -> c.mmucsr0;
            case BUCSR -> c.bucsr;
            default -> {
                if (spr >= SPRG3_RO && spr <= SPRG7_RO) {
                    int n = spr - SPRG3_RO + 3;
                    yield n < 4 ? c.sprg[n] : c.sprgHigh[n - 4];
                }
                if (spr >= SPRG0 && spr <= SPRG7) {
                    int n = spr - SPRG0;
                    yield n < 4 ? c.sprg[n] : c.sprgHigh[n - 4];
                }
                int iv = ivorIndex(spr);
                if (iv >= 0) {
                    yield c.ivor[iv];
                }
                yield c.otherSprs.getOrDefault(spr, 0L);
            }
        } & 0xffff_ffffL;
    }

    /**
     * mtspr of a Book E SPR ({@link #writable}). IVPR keeps bits 0-15, IVORs bits 16-27; DEC/DECAR/TCR/TSR go
     * to the timers (TSR: write 1 to clear); PID writes flush the soft TLB; MMUCSR0 flash-invalidates;
     * the cache flash-invalidate bits of L1CSR0/1 and L2CSR0 clear themselves (there are no caches).
     */
    public static void mtspr(PpcCpu cpu, int spr, long v) {
        PpcBookECpu c = (PpcBookECpu) cpu;
        PpcBookEMmu m = c.mmu();
        v &= 0xffff_ffffL;
        switch (spr) {
            case DEC -> c.timers.writeDec(v);
            case DECAR -> c.timers.writeDecar(v);
            case TSR -> c.timers.writeTsr(v);
            case TCR -> c.timers.writeTcr(v);
            case TBL_W -> {
                c.writeTimeBase(false, v);
                c.timers.timeBaseChanged();
            }
            case TBU_W -> {
                c.writeTimeBase(true, v);
                c.timers.timeBaseChanged();
            }
            case SRR0 -> c.srr0 = v;
            case SRR1 -> c.srr1 = v;
            case PID0, PID1, PID2 -> {
                // Stored whole, as QEMU 7.2 does (BookEOracleTest); only a value equal to an entry's TID matches.
                m.pid[spr == PID0 ? 0 : spr == PID1 ? 1 : 2] = v;
                c.tlbFlushAll();
            }
            case CSRR0 -> c.csrr0 = v;
            case CSRR1 -> c.csrr1 = v;
            case DEAR -> c.dear = v;
            case ESR -> c.esr = v;
            case IVPR -> c.ivpr = v & 0xffff_0000L;
            case USPRG0 -> c.usprg0 = v;
            case PIR -> c.pir = v;
            case DBSR -> c.dbsr &= ~v;
            case MCSRR0 -> c.mcsrr0 = v;
            case MCSRR1 -> c.mcsrr1 = v;
            case MCSR -> c.mcsr &= ~v;
            case MCAR -> c.mcar = v;
            case DSRR0 -> c.dsrr0 = v;
            case DSRR1 -> c.dsrr1 = v;
            case MAS0 -> m.mas0r = v;
            case MAS1 -> m.mas1r = v;
            case MAS2 -> m.mas2r = v;
            case MAS3 -> m.mas3r = v;
            case MAS4 -> m.mas4r = v;
            case MAS6 -> m.mas6r = v;
            case MAS7 -> m.mas7r = v;                 // tlbwe keeps RPN bits 28-31 (36-bit real addresses)
            case HID0 -> c.hid0 = v;
            case HID1 -> c.hid1 = v;
            case L1CSR0 -> c.l1csr0 = v & ~L1CSR_SELF_CLEAR;
            case L1CSR1 -> c.l1csr1 = v & ~L1CSR_SELF_CLEAR;
            case L2CSR0 -> c.l2csr0 = v & ~L2CSR0_SELF_CLEAR;
            case MMUCSR0 -> {
                m.flashInvalidate(v);
                c.mmucsr0 = v & ~0x6L;
            }
            case BUCSR -> c.bucsr = v;               // plain storage, as QEMU (no branch buffer to invalidate)
            default -> {
                if (spr >= SPRG0 && spr <= SPRG7) {
                    int n = spr - SPRG0;
                    if (n < 4) {
                        c.sprg[n] = v;
                    } else {
                        c.sprgHigh[n - 4] = v;
                    }
                    return;
                }
                int iv = ivorIndex(spr);
                if (iv >= 0) {
                    c.ivor[iv] = v & 0xfff0;
                    return;
                }
                c.otherSprs.put(spr, v);
            }
        }
    }

    /** wrtee / wrteei (Book III-E 4.4.x): MSR[EE] = bit 16 of {@code v}. */
    public static void wrtee(PpcCpu cpu, long v) {
        cpu.setMsr((cpu.regs[PpcCpu.MSR] & ~PpcCpu.MSR_EE) | (v & PpcCpu.MSR_EE));
    }

    /** rfci: see {@link PpcBookECpu#returnFromCritical}. */
    public static void rfci(PpcCpu cpu) {
        ((PpcBookECpu) cpu).returnFromCritical();
    }

    /** rfmci: see {@link PpcBookECpu#returnFromMachineCheck}. */
    public static void rfmci(PpcCpu cpu) {
        ((PpcBookECpu) cpu).returnFromMachineCheck();
    }

    /** rfdi: see {@link PpcBookECpu#returnFromDebug}. */
    public static void rfdi(PpcCpu cpu) {
        ((PpcBookECpu) cpu).returnFromDebug();
    }

    /** tlbwe: see {@link PpcBookEMmu#tlbwe}. */
    public static void tlbwe(PpcCpu cpu) {
        ((PpcBookECpu) cpu).mmu().tlbwe();
    }

    /** tlbre: see {@link PpcBookEMmu#tlbre}. */
    public static void tlbre(PpcCpu cpu) {
        ((PpcBookECpu) cpu).mmu().tlbre();
    }

    /** tlbsx: see {@link PpcBookEMmu#tlbsx}; {@code ea} = (RA|0) + RB (32 bits). */
    public static void tlbsx(PpcCpu cpu, long ea) {
        ((PpcBookECpu) cpu).mmu().tlbsx(ea);
    }

    /** tlbivax: see {@link PpcBookEMmu#tlbivax}. */
    public static void tlbivax(PpcCpu cpu, long ea) {
        ((PpcBookECpu) cpu).mmu().tlbivax(ea & 0xffff_ffffL);
    }

    /** tlbilx T: see {@link PpcBookEMmu#tlbilx}. */
    public static void tlbilx(PpcCpu cpu, int t, long ea) {
        ((PpcBookECpu) cpu).mmu().tlbilx(t, ea & 0xffff_ffffL);
    }

    /**
     * wait (E500MCRM 3.x "wait"): the core stops fetching until an asynchronous interrupt is pending (taken
     * or, with it masked, just pending); execution then continues after the wait.
     */
    public static void waitForInterrupt(PpcCpu cpu) {
        if (cpu.interruptRequest == 0) {
            cpu.halted = true;
        }
    }

    /** mfpmr (E500MCRM 2.17 "Performance monitor registers"): plain storage here (no events are counted). */
    public static long mfpmr(PpcCpu cpu, int pmrn) {
        return ((PpcBookECpu) cpu).pmrs.getOrDefault(pmrn, 0L);
    }

    /** mtpmr: plain storage. */
    public static void mtpmr(PpcCpu cpu, int pmrn, long v) {
        ((PpcBookECpu) cpu).pmrs.put(pmrn, v & 0xffff_ffffL);
    }
}
