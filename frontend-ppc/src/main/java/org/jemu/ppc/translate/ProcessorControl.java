package org.jemu.ppc.translate;

import org.jemu.ppc.cpu.PpcCpu;
import org.jemu.ppc.cpu.PpcSupervisor;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;

/**
 * Handlers for PEM 4.6 "Processor Control Instructions" (user level: mfcr, mtcrf, mcrxr, mfspr/mtspr
 * of XER, LR and CTR, mftb), 4.7 "Memory Synchronization Instructions" (sync, isync, eieio) and 4.8
 * "Memory Control Instructions" at the user level (dcbz and the cache hints). Power ISA Book I "Move
 * To/From System Register Instructions", Book II "Cache Management Instructions" and "Synchronization
 * Instructions".
 */
public final class ProcessorControl {
    private ProcessorControl() {
    }

    /** User-level SPR numbers (PEM chapter 8 "mfspr"): XER 1, LR 8, CTR 9; TBL 268, TBU 269. */
    public static final int SPR_XER = 1;
    public static final int SPR_LR = 8;
    public static final int SPR_CTR = 9;
    public static final int TBR_TBL = 268;
    public static final int TBR_TBU = 269;

    /** The SPR number of an mfspr/mtspr/mftb instruction: the field's two 5-bit halves swapped. */
    static int sprNumber(int field) {
        return ((field & 0x1f) << 5) | (field >>> 5);
    }

    /** The 32-bit XER assembled from its slots (I32). */
    static Inst readXer(PpcTranslator t) {
        IrBuilder b = t.b;
        Inst v = b.or(b.shl(t.so(), t.c32(31)), b.shl(b.get32(PpcCpu.XER_OV), t.c32(30)));
        v = b.or(v, b.shl(t.ca(), t.c32(29)));
        return b.or(v, b.get32(PpcCpu.XER_REST));
    }

    /** mfcr: RT = CR (the eight fields, CR0 in the most significant nibble). */
    public static boolean mfcr(PpcTranslator t) {
        IrBuilder b = t.b;
        Inst v = null;
        for (int i = 0; i < 8; i++) {
            Inst f = t.crField(i);
            Inst s = i == 7 ? f : b.shl(f, t.c32(28 - 4 * i));
            v = v == null ? s : b.or(v, s);
        }
        t.setGpr(t.f('d'), v);
        return true;
    }

    /** mtcrf: the CR fields selected by FXM (bit 0x80 = CR0) receive the corresponding nibbles of RS. */
    public static boolean mtcrf(PpcTranslator t) {
        IrBuilder b = t.b;
        int fxm = t.f('m');
        Inst rs = t.gpr(t.f('d'));
        for (int i = 0; i < 8; i++) {
            if ((fxm & (0x80 >> i)) != 0) {
                Inst s = i == 7 ? rs : b.lshr(rs, t.c32(28 - 4 * i));
                t.setCrField(i, b.and(s, t.c32(0xf)));
            }
        }
        return true;
    }

    /** mcrxr: CR field BF = XER[SO, OV, CA] || 0; SO, OV and CA are cleared. */
    public static boolean mcrxr(PpcTranslator t) {
        IrBuilder b = t.b;
        Inst v = b.or(b.shl(t.so(), t.c32(3)), b.shl(b.get32(PpcCpu.XER_OV), t.c32(2)));
        v = b.or(v, b.shl(t.ca(), t.c32(1)));
        t.setCrField(t.f('f'), v);
        b.setReg(PpcCpu.XER_SO, t.c32(0));
        b.setReg(PpcCpu.XER_OV, t.c32(0));
        b.setReg(PpcCpu.XER_CA, t.c32(0));
        return true;
    }

    /**
     * mfspr: RT = SPR. XER, LR and CTR are the user-level SPRs; TBL/TBU (268/269) read the time base as mftb
     * does. Any other SPR number is an illegal instruction here (supervisor SPRs come with the supervisor
     * phase).
     */
    public static boolean mfspr(PpcTranslator t) {
        int spr = sprNumber(t.f('s'));
        int rt = t.f('d');
        switch (spr) {
            case SPR_XER -> t.setGpr(rt, readXer(t));
            case SPR_LR -> t.setGpr(rt, t.b.get32(PpcCpu.LR));
            case SPR_CTR -> t.setGpr(rt, t.b.get32(PpcCpu.CTR));
            case TBR_TBL, TBR_TBU -> t.setGpr(rt, t.lo(t.b.call(PpcHelperRefs.MFTB, t.c32(spr == TBR_TBU ? 1 : 0))));
            default -> {
                if (privilegedSpr(spr) && t.problemState()) {
                    t.privileged();
                    return true;
                }
                if (t.bookE()) {
                    if (!org.jemu.ppc.cpu.PpcBookESupervisor.readable(spr)) {
                        return false;
                    }
                    t.setGpr(rt, t.lo(t.b.call(PpcHelperRefs.BOOKE_MFSPR, t.c32(spr))));
                    return true;
                }
                if (!PpcSupervisor.readable(spr)) {
                    return false;
                }
                t.setGpr(rt, t.lo(t.b.call(PpcHelperRefs.MFSPR, t.c32(spr))));
            }
        }
        return true;
    }

    /**
     * True if SPR number {@code spr} is privileged: bit 0 of the instruction's split SPR field (0x10 of the
     * number) is 1 (PEM chapter 8 "mfspr"/"mtspr": "if spr[0] = 1 ... privileged"). In problem state any
     * such number, implemented or not, raises the privileged instruction program exception.
     */
    static boolean privilegedSpr(int spr) {
        return (spr & 0x10) != 0;
    }

    /** mtspr: SPR = RS for XER (SO, OV, CA and the rest), LR and CTR; other SPR numbers are illegal here. */
    public static boolean mtspr(PpcTranslator t) {
        IrBuilder b = t.b;
        int spr = sprNumber(t.f('s'));
        Inst rs = t.gpr(t.f('d'));
        switch (spr) {
            case SPR_XER -> {
                b.setReg(PpcCpu.XER_SO, b.lshr(rs, t.c32(31)));
                b.setReg(PpcCpu.XER_OV, b.and(b.lshr(rs, t.c32(30)), t.c32(1)));
                b.setReg(PpcCpu.XER_CA, b.and(b.lshr(rs, t.c32(29)), t.c32(1)));
                b.setReg(PpcCpu.XER_REST, b.and(rs, t.c32(0x1fff_ffff)));
            }
            case SPR_LR -> b.setReg(PpcCpu.LR, rs);
            case SPR_CTR -> b.setReg(PpcCpu.CTR, rs);
            default -> {
                if (privilegedSpr(spr) && t.problemState()) {
                    t.privileged();
                    return true;
                }
                if (t.bookE()) {
                    if (!org.jemu.ppc.cpu.PpcBookESupervisor.writable(spr)) {
                        return false;
                    }
                    b.call(PpcHelperRefs.BOOKE_MTSPR, t.c32(spr), t.zext(rs));
                    return true;
                }
                if (!PpcSupervisor.writable(spr)) {
                    return false;
                }
                b.call(PpcHelperRefs.MTSPR, t.c32(spr), t.zext(rs));
            }
        }
        return true;
    }

    /** mftb: RT = TBL (TBR 268) or TBU (TBR 269); other TBR numbers are invalid (illegal instruction). */
    public static boolean mftb(PpcTranslator t) {
        int tbr = sprNumber(t.f('s'));
        if (tbr != TBR_TBL && tbr != TBR_TBU) {
            return false;
        }
        t.setGpr(t.f('d'), t.lo(t.b.call(PpcHelperRefs.MFTB, t.c32(tbr == TBR_TBU ? 1 : 0))));
        return true;
    }

    // ---- supervisor level (PEM 4.6 OEA, 4.8 OEA) ---------------------------------------------------------

    /** True (and the privileged exception emitted) if the block runs in problem state. */
    private static boolean privilegedHere(PpcTranslator t) {
        if (t.problemState()) {
            t.privileged();
            return true;
        }
        return false;
    }

    /** mfmsr: RT = MSR (privileged). */
    public static boolean mfmsr(PpcTranslator t) {
        if (!privilegedHere(t)) {
            t.setGpr(t.f('d'), t.b.get32(PpcCpu.MSR));
        }
        return true;
    }

    /**
     * mtmsr: MSR = RS (privileged). Ends the block: the translation flags (PR, IR, DR, FP, SE) may change and
     * setting EE must let the loop take a pending interrupt before the next instruction (GuestCpu.interruptPoll).
     */
    public static boolean mtmsr(PpcTranslator t) {
        if (!privilegedHere(t)) {
            t.b.call(PpcHelperRefs.MTMSR, t.zext(t.gpr(t.f('d'))));
            t.endBlockRecheck();
        }
        return true;
    }

    /** rfi: MSR and PC from SRR1/SRR0 (privileged); returns to the loop (new flags, maybe an enabled interrupt). */
    public static boolean rfi(PpcTranslator t) {
        if (!privilegedHere(t)) {
            t.b.call(PpcHelperRefs.RFI);
            t.b.exitState(org.jemu.translator.ir.ExitReason.EXCEPTION);
        }
        return true;
    }

    /** mfsr: RT = SR[SR field] (privileged). */
    public static boolean mfsr(PpcTranslator t) {
        if (!privilegedHere(t)) {
            t.setGpr(t.f('d'), t.lo(t.b.call(PpcHelperRefs.MFSR, t.c32(t.f('n')))));
        }
        return true;
    }

    /** mfsrin: RT = SR[RB[0-3]] (privileged). */
    public static boolean mfsrin(PpcTranslator t) {
        if (!privilegedHere(t)) {
            Inst n = t.b.lshr(t.gpr(t.f('b')), t.c32(28));
            t.setGpr(t.f('d'), t.lo(t.b.call(PpcHelperRefs.MFSR, n)));
        }
        return true;
    }

    /** mtsr: SR[SR field] = RS (privileged). */
    public static boolean mtsr(PpcTranslator t) {
        if (!privilegedHere(t)) {
            t.b.call(PpcHelperRefs.MTSR, t.c32(t.f('n')), t.zext(t.gpr(t.f('d'))));
        }
        return true;
    }

    /** mtsrin: SR[RB[0-3]] = RS (privileged). */
    public static boolean mtsrin(PpcTranslator t) {
        if (!privilegedHere(t)) {
            Inst n = t.b.lshr(t.gpr(t.f('b')), t.c32(28));
            t.b.call(PpcHelperRefs.MTSR, n, t.zext(t.gpr(t.f('d'))));
        }
        return true;
    }

    /**
     * tlbie (privileged) and tlbia (privileged; optional, the 750 lacks it but it is accepted here as a flush):
     * the whole soft TLB is flushed (see PpcMmu).
     */
    public static boolean tlbFlush(PpcTranslator t) {
        if (!privilegedHere(t)) {
            t.b.call(PpcHelperRefs.TLB_FLUSH);
        }
        return true;
    }

    /**
     * tlbsync and dcbi (privileged): tlbsync orders tlbie on a multiprocessor, nothing to do; dcbi discards a
     * cache block, but emulated memory has no cache, so it is a no-op here (real hardware would lose modified
     * data in the block, which software never relies on).
     */
    public static boolean privilegedNop(PpcTranslator t) {
        privilegedHere(t);
        return true;
    }

    // ---- synchronization (PEM 4.7) -------------------------------------------------------------------

    /** sync: orders all storage accesses; a single vCPU thread executes in program order, so no code. */
    public static boolean sync(PpcTranslator t) {
        return true;
    }

    /** eieio: orders I/O accesses; no code (see sync). */
    public static boolean eieio(PpcTranslator t) {
        return true;
    }

    /** isync: context synchronization: ends the block so the next one is translated under the current state. */
    public static boolean isync(PpcTranslator t) {
        t.endBlockRecheck();
        return true;
    }

    // ---- cache management (PEM 4.8) ------------------------------------------------------------------

    /** Cache block size of the 750 in bytes (PEM 4.8 / 750 user's manual: 32-byte blocks). */
    public static final int CACHE_BLOCK = 32;

    /** Cache block size of the e500mc in bytes (E500MCRM 11.x: 64-byte lines; QEMU dcache_line_size 64). */
    public static final int CACHE_BLOCK_E500MC = 64;

    /**
     * dcbz: zeroes the cache block containing (RA|0) + RB (doubleword stores, ascending): 32 bytes on the 750,
     * 64 on the e500mc.
     */
    public static boolean dcbz(PpcTranslator t) {
        IrBuilder b = t.b;
        int block = t.bookE() ? CACHE_BLOCK_E500MC : CACHE_BLOCK;
        Inst ea = b.and(b.add(t.gprOrZero(t.f('a')), t.gpr(t.f('b'))), t.c32(-block));
        Inst base = t.addr(ea);
        for (int off = 0; off < block; off += 8) {
            Inst a = off == 0 ? base : b.add(base, t.c64(off));
            b.store(a, t.c64(0), t.memop(8, false));
        }
        return true;
    }

    /**
     * dcbf, dcbst, dcbt, dcbtst, icbi: cache flush/store/touch/invalidate of the block at (RA|0) + RB. The
     * emulated memory has no cache and writes to translated code are caught by the code cache, so these are
     * ordering no-ops (with real addressing they cannot fault).
     */
    public static boolean cacheHint(PpcTranslator t) {
        return true;
    }
}
