package org.jemu.ppc.translate;

import org.jemu.ppc.cpu.PpcCpu;
import org.jemu.ppc.cpu.PpcFpu;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;

/**
 * Handlers for the floating-point instructions that move data without rounding: PEM 4.4.7 "Floating-Point
 * Load and Store Instructions" (lfs, lfd, stfs, stfd with update and indexed forms, stfiwx), 4.3.6
 * "Floating-Point Move Instructions" (fmr, fneg, fabs, fnabs) and 4.3.5 "Floating-Point Status and Control
 * Register Instructions" (mffs, mtfsf, mtfsfi, mtfsb0, mtfsb1, mcrfs). Power ISA Book I chapter 4
 * "Floating-Point Processor".
 *
 * <p>Every handler first checks MSR[FP] (through the block's flags): with FP unavailable the instruction
 * raises the floating-point unavailable exception instead. FPRs hold IEEE double bit patterns (I64). The
 * record forms ({@code .}) copy FPSCR[FX, FEX, VX, OX] into CR1. None of these instructions changes
 * FPSCR except the FPSCR instructions themselves (loads, stores and moves raise no FP exceptions, even for
 * signalling NaNs).
 *
 * <p>The computational instructions (PEM 4.2.2 "Floating-Point Arithmetic Instructions" to 4.2.2.4
 * "Floating-Point Compare Instructions", and the optional fres, frsqrte and fsel the 750 implements) call
 * {@link PpcFpu#arith}, which returns the new FPSCR, then {@link PpcFpu#result} for FRT; see {@link PpcFpu}
 * for their exact semantics. fsqrt and fsqrts are optional instructions the 750 does not implement (its
 * user's manual lists neither; QEMU's 750 model lacks PPC_FLOAT_FSQRT): they are not in the decode table
 * and raise the illegal instruction exception.
 */
public final class FloatingPoint {
    private FloatingPoint() {
    }

    private static Inst fpr(PpcTranslator t, int n) {
        return t.b.get64(PpcCpu.FPR0 + n);
    }

    private static void setFpr(PpcTranslator t, int n, Inst v) {
        t.b.setReg(PpcCpu.FPR0 + n, v);
    }

    /** CR1 = FPSCR[0:3] for the record forms. */
    private static void recordCr1(PpcTranslator t) {
        IrBuilder b = t.b;
        t.setCrField(1, b.and(b.lshr(b.get32(PpcCpu.FPSCR), t.c32(28)), t.c32(0xf)));
    }

    // ---- loads and stores (PEM 4.4.7) ------------------------------------------------------------------

    private static boolean load(PpcTranslator t, boolean indexed, boolean single, boolean update) {
        if (!t.fpAvailable()) {
            t.fpUnavailable();
            return true;
        }
        int ra = t.f('a');
        if (update && ra == 0) {
            return false;
        }
        IrBuilder b = t.b;
        Inst ea = b.add(t.gprOrZero(ra), indexed ? t.gpr(t.f('b')) : t.c32(t.sf('i')));
        Inst v;
        if (single) {
            Inst w = b.load(PpcTranslator.I32, t.addr(ea), t.memop(4, false));
            v = b.call(PpcHelperRefs.SINGLE_TO_DOUBLE, w);
        } else {
            v = b.load(PpcTranslator.I64, t.addr(ea), t.memop(8, false));
        }
        setFpr(t, t.f('d'), v);
        if (update) {
            t.setGpr(ra, ea);
        }
        return true;
    }

    private static boolean store(PpcTranslator t, boolean indexed, int kind, boolean update) {
        if (!t.fpAvailable()) {
            t.fpUnavailable();
            return true;
        }
        int ra = t.f('a');
        if (update && ra == 0) {
            return false;
        }
        IrBuilder b = t.b;
        Inst ea = b.add(t.gprOrZero(ra), indexed ? t.gpr(t.f('b')) : t.c32(t.sf('i')));
        Inst frs = fpr(t, t.f('d'));
        switch (kind) {
            case 0 -> b.store(t.addr(ea), frs, t.memop(8, false));                                       // stfd
            case 1 -> b.store(t.addr(ea), b.call(PpcHelperRefs.DOUBLE_TO_SINGLE, frs), t.memop(4, false)); // stfs
            default -> b.store(t.addr(ea), t.lo(frs), t.memop(4, false));                                // stfiwx
        }
        if (update) {
            t.setGpr(ra, ea);
        }
        return true;
    }

    /** lfs: FRT = the single at (RA|0) + D, converted to double format. */
    public static boolean lfs(PpcTranslator t) {
        return load(t, false, true, false);
    }

    /** lfsu: as lfs, RA = EA (RA = 0 is an invalid form). */
    public static boolean lfsu(PpcTranslator t) {
        return load(t, false, true, true);
    }

    /** lfsx: FRT = the single at (RA|0) + RB, converted. */
    public static boolean lfsx(PpcTranslator t) {
        return load(t, true, true, false);
    }

    /** lfsux. */
    public static boolean lfsux(PpcTranslator t) {
        return load(t, true, true, true);
    }

    /** lfd: FRT = the doubleword at (RA|0) + D. */
    public static boolean lfd(PpcTranslator t) {
        return load(t, false, false, false);
    }

    /** lfdu. */
    public static boolean lfdu(PpcTranslator t) {
        return load(t, false, false, true);
    }

    /** lfdx. */
    public static boolean lfdx(PpcTranslator t) {
        return load(t, true, false, false);
    }

    /** lfdux. */
    public static boolean lfdux(PpcTranslator t) {
        return load(t, true, false, true);
    }

    /** stfs: store FRS converted to single format (without rounding) at (RA|0) + D. */
    public static boolean stfs(PpcTranslator t) {
        return store(t, false, 1, false);
    }

    /** stfsu. */
    public static boolean stfsu(PpcTranslator t) {
        return store(t, false, 1, true);
    }

    /** stfsx. */
    public static boolean stfsx(PpcTranslator t) {
        return store(t, true, 1, false);
    }

    /** stfsux. */
    public static boolean stfsux(PpcTranslator t) {
        return store(t, true, 1, true);
    }

    /** stfd: store FRS at (RA|0) + D. */
    public static boolean stfd(PpcTranslator t) {
        return store(t, false, 0, false);
    }

    /** stfdu. */
    public static boolean stfdu(PpcTranslator t) {
        return store(t, false, 0, true);
    }

    /** stfdx. */
    public static boolean stfdx(PpcTranslator t) {
        return store(t, true, 0, false);
    }

    /** stfdux. */
    public static boolean stfdux(PpcTranslator t) {
        return store(t, true, 0, true);
    }

    /** stfiwx: store FRS[32:63] as a word at (RA|0) + RB (optional in the architecture; the 750 has it). */
    public static boolean stfiwx(PpcTranslator t) {
        return store(t, true, 2, false);
    }

    // ---- moves (PEM 4.3.6) -----------------------------------------------------------------------------

    private static boolean move(PpcTranslator t, long andMask, long orMask, boolean flipSign) {
        if (!t.fpAvailable()) {
            t.fpUnavailable();
            return true;
        }
        IrBuilder b = t.b;
        Inst v = fpr(t, t.f('b'));
        if (andMask != -1L) {
            v = b.and(v, t.c64(andMask));
        }
        if (orMask != 0) {
            v = b.or(v, t.c64(orMask));
        }
        if (flipSign) {
            v = b.xor(v, t.c64(Long.MIN_VALUE));
        }
        setFpr(t, t.f('d'), v);
        if (t.rc()) {
            recordCr1(t);
        }
        return true;
    }

    /** fmr[.]: FRT = FRB. */
    public static boolean fmr(PpcTranslator t) {
        return move(t, -1L, 0, false);
    }

    /** fneg[.]: FRT = FRB with the sign bit inverted. */
    public static boolean fneg(PpcTranslator t) {
        return move(t, -1L, 0, true);
    }

    /** fabs[.]: FRT = FRB with the sign bit cleared. */
    public static boolean fabs(PpcTranslator t) {
        return move(t, Long.MAX_VALUE, 0, false);
    }

    /** fnabs[.]: FRT = FRB with the sign bit set. */
    public static boolean fnabs(PpcTranslator t) {
        return move(t, -1L, Long.MIN_VALUE, false);
    }

    // ---- FPSCR (PEM 4.3.5) -----------------------------------------------------------------------------

    private static void setFpscr(PpcTranslator t, Inst v64) {
        t.b.setReg(PpcCpu.FPSCR, v64);
    }

    /**
     * mffs[.]: FRT[32:63] = FPSCR. The manual leaves FRT[0:31] undefined; this implementation writes 0 there
     * (as QEMU does).
     */
    public static boolean mffs(PpcTranslator t) {
        if (!t.fpAvailable()) {
            t.fpUnavailable();
            return true;
        }
        setFpr(t, t.f('d'), t.b.get64(PpcCpu.FPSCR));
        if (t.rc()) {
            recordCr1(t);
        }
        return true;
    }

    /** mtfsf[.]: the FPSCR fields selected by FLM receive FRB[32:63]'s fields (see PpcFpBits.mtfsf). */
    public static boolean mtfsf(PpcTranslator t) {
        if (!t.fpAvailable()) {
            t.fpUnavailable();
            return true;
        }
        IrBuilder b = t.b;
        setFpscr(t, b.call(PpcHelperRefs.MTFSF, b.get64(PpcCpu.FPSCR), fpr(t, t.f('b')), t.c32(t.f('m'))));
        if (t.rc()) {
            recordCr1(t);
        }
        return true;
    }

    /** mtfsfi[.]: FPSCR field BF = U (4 bits); FEX/VX recomputed. */
    public static boolean mtfsfi(PpcTranslator t) {
        if (!t.fpAvailable()) {
            t.fpUnavailable();
            return true;
        }
        IrBuilder b = t.b;
        int bf = t.f('f');
        long src = (long) t.f('u') << (28 - 4 * bf);
        setFpscr(t, b.call(PpcHelperRefs.MTFSF, b.get64(PpcCpu.FPSCR), t.c64(src), t.c32(0x80 >> bf)));
        if (t.rc()) {
            recordCr1(t);
        }
        return true;
    }

    private static boolean mtfsb(PpcTranslator t, int set) {
        if (!t.fpAvailable()) {
            t.fpUnavailable();
            return true;
        }
        IrBuilder b = t.b;
        setFpscr(t, b.call(PpcHelperRefs.MTFSB, b.get64(PpcCpu.FPSCR), t.c32(t.f('d')), t.c32(set)));
        if (t.rc()) {
            recordCr1(t);
        }
        return true;
    }

    /** mtfsb0[.]: clears FPSCR bit BT (FEX and VX cannot be cleared explicitly). */
    public static boolean mtfsb0(PpcTranslator t) {
        return mtfsb(t, 0);
    }

    /** mtfsb1[.]: sets FPSCR bit BT (FEX and VX cannot be set explicitly; a new exception bit sets FX). */
    public static boolean mtfsb1(PpcTranslator t) {
        return mtfsb(t, 1);
    }

    /** mcrfs: CR field BF = FPSCR field BFA; the exception bits of that field are then cleared. */
    public static boolean mcrfs(PpcTranslator t) {
        if (!t.fpAvailable()) {
            t.fpUnavailable();
            return true;
        }
        IrBuilder b = t.b;
        int bfa = t.f('g');
        Inst fpscr = b.get64(PpcCpu.FPSCR);
        Inst field = b.and(b.lshr(t.lo(fpscr), t.c32(28 - 4 * bfa)), t.c32(0xf));
        Inst next = b.call(PpcHelperRefs.MCRFS, fpscr, t.c32(bfa));
        t.setCrField(t.f('f'), field);
        setFpscr(t, next);
        return true;
    }

    // ---- computational instructions (PEM 4.2.2) ------------------------------------------------------------

    /**
     * Emits one computational instruction: FPSCR' = arith(...), FRT = result (unless {@code writesFrt} is
     * false: the compares), CR1 = FPSCR'[0:3] for the record forms.
     */
    private static boolean compute(PpcTranslator t, int op, boolean useA, boolean useB, boolean useC) {
        if (!t.fpAvailable()) {
            t.fpUnavailable();
            return true;
        }
        IrBuilder b = t.b;
        boolean single = ((t.insn >>> 26) & 0x3f) == 59;
        Inst zero = t.c64(0);
        Inst fa = useA ? fpr(t, t.f('a')) : zero;
        Inst fb = useB ? fpr(t, t.f('b')) : zero;
        Inst fc = useC ? fpr(t, t.f('c')) : zero;
        int frt = t.f('d');
        Inst next = b.call(PpcHelperRefs.FP_ARITH, t.c32(op | (single ? PpcFpu.SINGLE : 0)), b.get64(PpcCpu.FPSCR),
                fa, fb, fc, fpr(t, frt));
        setFpr(t, frt, b.call(PpcHelperRefs.FP_RESULT));
        setFpscr(t, next);
        if (t.rc()) {
            t.setCrField(1, b.and(b.lshr(t.lo(next), t.c32(28)), t.c32(0xf)));
        }
        return true;
    }

    /** fadd[.], fadds[.]: FRT = FRA + FRB, rounded to double (single). */
    public static boolean fadd(PpcTranslator t) {
        return compute(t, PpcFpu.FADD, true, true, false);
    }

    /** fsub[.], fsubs[.]: FRT = FRA - FRB. */
    public static boolean fsub(PpcTranslator t) {
        return compute(t, PpcFpu.FSUB, true, true, false);
    }

    /** fmul[.], fmuls[.]: FRT = FRA x FRC. */
    public static boolean fmul(PpcTranslator t) {
        return compute(t, PpcFpu.FMUL, true, false, true);
    }

    /** fdiv[.], fdivs[.]: FRT = FRA / FRB. */
    public static boolean fdiv(PpcTranslator t) {
        return compute(t, PpcFpu.FDIV, true, true, false);
    }

    /** fmadd[.], fmadds[.]: FRT = FRA x FRC + FRB, one rounding. */
    public static boolean fmadd(PpcTranslator t) {
        return compute(t, PpcFpu.FMADD, true, true, true);
    }

    /** fmsub[.], fmsubs[.]: FRT = FRA x FRC - FRB. */
    public static boolean fmsub(PpcTranslator t) {
        return compute(t, PpcFpu.FMSUB, true, true, true);
    }

    /** fnmadd[.], fnmadds[.]: FRT = -(FRA x FRC + FRB). */
    public static boolean fnmadd(PpcTranslator t) {
        return compute(t, PpcFpu.FNMADD, true, true, true);
    }

    /** fnmsub[.], fnmsubs[.]: FRT = -(FRA x FRC - FRB). */
    public static boolean fnmsub(PpcTranslator t) {
        return compute(t, PpcFpu.FNMSUB, true, true, true);
    }

    /** frsp[.]: FRT = FRB rounded to single precision. */
    public static boolean frsp(PpcTranslator t) {
        return compute(t, PpcFpu.FRSP, false, true, false);
    }

    /** fctiw[.]: FRT[32:63] = FRB converted to a signed word under FPSCR[RN]. */
    public static boolean fctiw(PpcTranslator t) {
        return compute(t, PpcFpu.FCTIW, false, true, false);
    }

    /** fctiwz[.]: as fctiw, rounding toward zero. */
    public static boolean fctiwz(PpcTranslator t) {
        return compute(t, PpcFpu.FCTIWZ, false, true, false);
    }

    /** fres[.] (opcode 59): single-precision reciprocal estimate of FRB. */
    public static boolean fres(PpcTranslator t) {
        return compute(t, PpcFpu.FRES, false, true, false);
    }

    /** frsqrte[.]: double-precision reciprocal square root estimate of FRB. */
    public static boolean frsqrte(PpcTranslator t) {
        return compute(t, PpcFpu.FRSQRTE, false, true, false);
    }

    private static boolean fcmp(PpcTranslator t, int op) {
        if (!t.fpAvailable()) {
            t.fpUnavailable();
            return true;
        }
        IrBuilder b = t.b;
        Inst next = b.call(PpcHelperRefs.FP_ARITH, t.c32(op), b.get64(PpcCpu.FPSCR), fpr(t, t.f('a')),
                fpr(t, t.f('b')), t.c64(0), t.c64(0));
        setFpscr(t, next);
        t.setCrField(t.f('f'), b.and(b.lshr(t.lo(next), t.c32(12)), t.c32(0xf)));
        return true;
    }

    /** fcmpu BF,FRA,FRB: CR field BF = FPCC = the unordered comparison. */
    public static boolean fcmpu(PpcTranslator t) {
        return fcmp(t, PpcFpu.FCMPU);
    }

    /** fcmpo BF,FRA,FRB: as fcmpu; a NaN operand also raises VXVC. */
    public static boolean fcmpo(PpcTranslator t) {
        return fcmp(t, PpcFpu.FCMPO);
    }

    /** fsel[.] FRT,FRA,FRC,FRB: FRT = FRA >= 0 ? FRC : FRB (no FPSCR change; CR1 from FPSCR if Rc). */
    public static boolean fsel(PpcTranslator t) {
        if (!t.fpAvailable()) {
            t.fpUnavailable();
            return true;
        }
        IrBuilder b = t.b;
        setFpr(t, t.f('d'), b.call(PpcHelperRefs.FSEL, fpr(t, t.f('a')), fpr(t, t.f('b')), fpr(t, t.f('c'))));
        if (t.rc()) {
            recordCr1(t);
        }
        return true;
    }
}
