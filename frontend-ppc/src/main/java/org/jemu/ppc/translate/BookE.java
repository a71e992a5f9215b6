package org.jemu.ppc.translate;

import org.jemu.translator.ir.ExitReason;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;

/**
 * Handlers of the Book E instructions of the e500mc ({@link org.jemu.ppc.decode.PpcBookEDecodeTable}): isel
 * (Power ISA 2.06 Book I 3.3.11), wait and the cache-locking hints (Book II), and the Book III-E supervisor
 * instructions wrtee/wrteei, rfci/rfmci/rfdi, mfpmr/mtpmr and the TLB management instructions. Supervisor
 * instructions in problem state raise the privileged-instruction program interrupt (ESR[PPR]), decided at
 * translation from the block's MSR[PR] flag.
 */
public final class BookE {
    private BookE() {
    }

    private static boolean privilegedHere(PpcTranslator t) {
        if (t.problemState()) {
            t.privileged();
            return true;
        }
        return false;
    }

    /** isel RT, RA, RB, BC: RT = CR[BC] ? (RA|0) : RB. */
    public static boolean isel(PpcTranslator t) {
        IrBuilder b = t.b;
        Inst c = t.crBit(t.f('c'));
        Inst v = b.select(c, t.gprOrZero(t.f('a')), t.gpr(t.f('b')));
        t.setGpr(t.f('d'), v);
        return true;
    }

    /**
     * dcbtls, dcbtstls, dcblc, icbtls, icblc: cache locking. There is no cache, so nothing is locked (the
     * manual allows a lock request to be ignored, then setting L1CSR0[CUL]; jemu leaves it clear). Privileged
     * unless MSR[UCLE] = 1; jemu treats them as privileged in problem state, which QEMU does too.
     */
    public static boolean cacheLock(PpcTranslator t) {
        privilegedHere(t);
        return true;
    }

    /** wait: stops until an interrupt is pending (see PpcBookESupervisor.waitForInterrupt). */
    public static boolean waitInsn(PpcTranslator t) {
        t.b.call(PpcHelperRefs.BOOKE_WAIT);
        t.b.exit(t.nextPc(), ExitReason.HALT);
        return true;
    }

    /** wrtee RS: MSR[EE] = RS[16] (privileged); ends the block so an unmasked interrupt is taken. */
    public static boolean wrtee(PpcTranslator t) {
        if (!privilegedHere(t)) {
            t.b.call(PpcHelperRefs.BOOKE_WRTEE, t.zext(t.gpr(t.f('d'))));
            t.endBlockRecheck();
        }
        return true;
    }

    /** wrteei E: MSR[EE] = E (privileged). */
    public static boolean wrteei(PpcTranslator t) {
        if (!privilegedHere(t)) {
            t.b.call(PpcHelperRefs.BOOKE_WRTEE, t.c64(t.f('e') != 0 ? org.jemu.ppc.cpu.PpcCpu.MSR_EE : 0));
            t.endBlockRecheck();
        }
        return true;
    }

    private static boolean returnFrom(PpcTranslator t, org.jemu.translator.ir.Helper h) {
        if (!privilegedHere(t)) {
            t.b.call(h);
            t.b.exitState(ExitReason.EXCEPTION);
        }
        return true;
    }

    /** rfci: MSR, PC from CSRR1/CSRR0 (privileged). */
    public static boolean rfci(PpcTranslator t) {
        return returnFrom(t, PpcHelperRefs.BOOKE_RFCI);
    }

    /** rfmci: MSR, PC from MCSRR1/MCSRR0 (privileged). */
    public static boolean rfmci(PpcTranslator t) {
        return returnFrom(t, PpcHelperRefs.BOOKE_RFMCI);
    }

    /** rfdi: MSR, PC from DSRR1/DSRR0 (privileged). */
    public static boolean rfdi(PpcTranslator t) {
        return returnFrom(t, PpcHelperRefs.BOOKE_RFDI);
    }

    /** mfpmr RT, PMRN: privileged for PMR numbers with bit 0x10 set (like SPRs); user numbers read the same storage. */
    public static boolean mfpmr(PpcTranslator t) {
        int pmrn = ProcessorControl.sprNumber(t.f('s'));
        if ((pmrn & 0x10) != 0 && privilegedHere(t)) {
            return true;
        }
        t.setGpr(t.f('d'), t.lo(t.b.call(PpcHelperRefs.BOOKE_MFPMR, t.c32(pmrn))));
        return true;
    }

    /** mtpmr PMRN, RS (privileged). */
    public static boolean mtpmr(PpcTranslator t) {
        if (!privilegedHere(t)) {
            int pmrn = ProcessorControl.sprNumber(t.f('s'));
            t.b.call(PpcHelperRefs.BOOKE_MTPMR, t.c32(pmrn), t.zext(t.gpr(t.f('d'))));
        }
        return true;
    }

    /** tlbwe (privileged); ends the block (context changes need isync, but the next fetch should see it). */
    public static boolean tlbwe(PpcTranslator t) {
        if (!privilegedHere(t)) {
            t.b.call(PpcHelperRefs.BOOKE_TLBWE);
            t.endBlockRecheck();
        }
        return true;
    }

    /** tlbre (privileged). */
    public static boolean tlbre(PpcTranslator t) {
        if (!privilegedHere(t)) {
            t.b.call(PpcHelperRefs.BOOKE_TLBRE);
        }
        return true;
    }

    private static Inst ea(PpcTranslator t) {
        return t.zext(t.b.add(t.gprOrZero(t.f('a')), t.gpr(t.f('b'))));
    }

    /** tlbsx (privileged): EA = (RA|0) + RB. */
    public static boolean tlbsx(PpcTranslator t) {
        if (!privilegedHere(t)) {
            t.b.call(PpcHelperRefs.BOOKE_TLBSX, ea(t));
        }
        return true;
    }

    /** tlbivax (privileged): EA = (RA|0) + RB. */
    public static boolean tlbivax(PpcTranslator t) {
        if (!privilegedHere(t)) {
            t.b.call(PpcHelperRefs.BOOKE_TLBIVAX, ea(t));
            t.endBlockRecheck();
        }
        return true;
    }

    /** tlbilx T, RA, RB (privileged). */
    public static boolean tlbilx(PpcTranslator t) {
        if (!privilegedHere(t)) {
            t.b.call(PpcHelperRefs.BOOKE_TLBILX, t.c32(t.f('n')), ea(t));
            t.endBlockRecheck();
        }
        return true;
    }
}
