package org.jemu.ppc.cpu;

/**
 * Helpers of the supervisor-level instructions (PEM 4.6 "Processor Control Instructions -- OEA", 4.8
 * "Memory Control Instructions -- OEA", chapter 8 for each instruction): mtmsr, rfi, mfspr/mtspr of the
 * supervisor SPRs, the segment registers and the TLB management instructions. The translator checks the
 * privilege (MSR[PR] is part of the block flags) and calls these only in supervisor state.
 */
public final class PpcSupervisor {
    private PpcSupervisor() {
    }

    // SPR numbers (PEM chapter 8, mfspr/mtspr SPR encodings, and the 750 user's manual chapter 2).
    public static final int DSISR = 18, DAR = 19, DEC = 22, SDR1 = 25, SRR0 = 26, SRR1 = 27;
    public static final int SPRG0 = 272, EAR = 282, TBL_W = 284, TBU_W = 285, PVR = 287;
    public static final int IBAT0U = 528, DBAT0U = 536, DBAT3L = 543;
    public static final int HID0 = 1008, HID1 = 1009;
    /** 750 implementation SPRs kept as plain storage: MMCR0, PMC1, PMC2, SIA, MMCR1, PMC3, PMC4, IABR, DABR, L2CR, ICTC, THRM1-3. */
    private static final int[] STORED = {952, 953, 954, 955, 956, 957, 958, 1010, 1013, 1017, 1019, 1020, 1021, 1022};

    /** True if {@code spr} is a supervisor SPR this CPU implements for mfspr (mtspr: {@link #writable}). */
    public static boolean readable(int spr) {
        return switch (spr) {
            case DSISR, DAR, DEC, SDR1, SRR0, SRR1, EAR, PVR, HID0, HID1 -> true;
            default -> (spr >= SPRG0 && spr < SPRG0 + 4) || (spr >= IBAT0U && spr <= DBAT3L) || stored(spr);
        };
    }

    /** True if {@code spr} is a supervisor SPR mtspr may write (PVR is read only; TBL/TBU are write-only numbers). */
    public static boolean writable(int spr) {
        return spr == TBL_W || spr == TBU_W || (spr != PVR && readable(spr));
    }

    private static boolean stored(int spr) {
        for (int s : STORED) {
            if (s == spr) {
                return true;
            }
        }
        return false;
    }

    /** Program exception, privileged instruction (PEM 6.4.7): a supervisor instruction in problem state. */
    public static void privileged(PpcCpu c) {
        throw c.raise(PpcException.Kind.PROGRAM, PpcException.SRR1_PRIVILEGED, 0, 0, 0);
    }

    /** mtmsr (PEM 8 "mtmsr"): MSR = RS. The block ends after it (the flags and the interrupt mask change). */
    public static void mtmsr(PpcCpu c, long v) {
        c.setMsr(v & 0xffff_ffffL);
    }

    /** rfi: see {@link PpcCpu#returnFromInterrupt}. */
    public static void rfi(PpcCpu c) {
        c.returnFromInterrupt();
    }

    /** mfspr of a supervisor SPR ({@link #readable}). */
    public static long mfspr(PpcCpu c, int spr) {
        PpcMmu m = c.mmu;
        return switch (spr) {
            case DSISR -> c.dsisr;
            case DAR -> c.dar;
            case DEC -> c.decrementer();
            case SDR1 -> m.sdr1;
            case SRR0 -> c.srr0;
            case SRR1 -> c.srr1;
            case PVR -> c.pvr;
            case HID0 -> c.hid0;
            case HID1 -> c.hid1;
            default -> {
                if (spr >= SPRG0 && spr < SPRG0 + 4) {
                    yield c.sprg[spr - SPRG0];
                }
                if (spr >= IBAT0U && spr <= DBAT3L) {
                    int n = (spr - IBAT0U) >> 1;
                    boolean lower = (spr & 1) != 0;
                    long[] a = n < 4 ? (lower ? m.ibatL : m.ibatU) : (lower ? m.dbatL : m.dbatU);
                    yield a[n & 3];
                }
                yield c.otherSprs.getOrDefault(spr, 0L);
            }
        };
    }

    /** mtspr of a supervisor SPR ({@link #writable}); BAT and SDR1 writes flush the soft TLB. */
    public static void mtspr(PpcCpu c, int spr, long v) {
        v &= 0xffff_ffffL;
        PpcMmu m = c.mmu;
        switch (spr) {
            case DSISR -> c.dsisr = v;
            case DAR -> c.dar = v;
            case DEC -> c.writeDecrementer(v, true);
            case SDR1 -> {
                m.sdr1 = v;
                c.tlbFlushAll();
            }
            case SRR0 -> c.srr0 = v;
            case SRR1 -> c.srr1 = v;
            case TBL_W -> c.writeTimeBase(false, v);
            case TBU_W -> c.writeTimeBase(true, v);
            case HID0 -> c.hid0 = v;
            case HID1 -> c.hid1 = v;
            default -> {
                if (spr >= SPRG0 && spr < SPRG0 + 4) {
                    c.sprg[spr - SPRG0] = v;
                } else if (spr >= IBAT0U && spr <= DBAT3L) {
                    int n = (spr - IBAT0U) >> 1;
                    boolean lower = (spr & 1) != 0;
                    long[] a = n < 4 ? (lower ? m.ibatL : m.ibatU) : (lower ? m.dbatL : m.dbatU);
                    a[n & 3] = v;
                    c.tlbFlushAll();
                } else {
                    c.otherSprs.put(spr, v);
                }
            }
        }
    }

    /** mfsr/mfsrin: segment register {@code n} (0-15). */
    public static long mfsr(PpcCpu c, int n) {
        return c.mmu.sr[n & 15];
    }

    /** mtsr/mtsrin: segment register {@code n} = v (flushes the soft TLB). */
    public static void mtsr(PpcCpu c, int n, long v) {
        c.mmu.sr[n & 15] = v & 0xffff_ffffL;
        c.tlbFlushAll();
    }

    /** tlbie / tlbia: invalidate TLB entries; here the whole soft TLB (see {@link PpcMmu}). */
    public static void tlbFlush(PpcCpu c) {
        c.tlbFlushAll();
    }
}
