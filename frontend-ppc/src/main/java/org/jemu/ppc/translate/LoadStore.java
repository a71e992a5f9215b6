package org.jemu.ppc.translate;

import org.jemu.ppc.cpu.PpcCpu;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.MemOp;

/**
 * Handlers for PEM 4.4 "Load and Store Instructions" of the integer unit (Power ISA Book I "Fixed-Point
 * Load Instructions", "Fixed-Point Store Instructions", "Fixed-Point Load and Store with Byte Reversal",
 * "Fixed-Point Load and Store Multiple", "Fixed-Point Move Assist", and Book II "Load and Reserve and Store
 * Conditional"): byte, halfword (zero and algebraic) and word loads and stores in the D-form
 * ({@code EA = (RA|0) + EXTS(D)}) and X-form ({@code EA = (RA|0) + RB}), each with and without update
 * ({@code u}: RA receives the EA), the byte-reversed forms, lmw/stmw, the string instructions and
 * lwarx/stwcx.. Accesses are big-endian (MSR[LE] = 0); effective addresses wrap at 32 bits.
 *
 * <p>Invalid forms (PEM 4.4.1): a load with update with RA = 0 or RA = RT, a store with update with
 * RA = 0, lmw and lswi with RA among the registers to be loaded, and lswx with RA or RB among them, raise
 * the illegal instruction program exception (the manual allows any boundedly undefined result; QEMU raises
 * the same exception for the update forms).
 *
 * <p>Order of effects: every access of an instruction is emitted before its first register write, so a
 * fault leaves the registers as before it; a multi-access store (stmw, stswi, stswx, dcbz) that faults
 * part-way leaves the bytes before the fault stored, which the manual permits since the instruction is
 * restarted from the beginning.
 */
public final class LoadStore {
    private LoadStore() {
    }

    /** D-form EA (I32): (RA|0) + EXTS(D). */
    private static Inst eaD(PpcTranslator t) {
        return t.b.add(t.gprOrZero(t.f('a')), t.c32(t.sf('i')));
    }

    /** X-form EA (I32): (RA|0) + RB. */
    private static Inst eaX(PpcTranslator t) {
        return t.b.add(t.gprOrZero(t.f('a')), t.gpr(t.f('b')));
    }

    private static boolean load(PpcTranslator t, Inst ea, int size, boolean signed, boolean update) {
        int rt = t.f('d');
        int ra = t.f('a');
        Inst v = t.b.load(PpcTranslator.I32, t.addr(ea), t.memop(size, signed));
        t.setGpr(rt, v);
        if (update) {
            t.setGpr(ra, ea);
        }
        return true;
    }

    private static boolean loadChecked(PpcTranslator t, boolean indexed, int size, boolean signed, boolean update) {
        if (update && (t.f('a') == 0 || t.f('a') == t.f('d'))) {
            return false;
        }
        return load(t, indexed ? eaX(t) : eaD(t), size, signed, update);
    }

    private static boolean store(PpcTranslator t, boolean indexed, int size, boolean update) {
        int ra = t.f('a');
        if (update && ra == 0) {
            return false;
        }
        Inst ea = indexed ? eaX(t) : eaD(t);
        t.b.store(t.addr(ea), t.gpr(t.f('d')), t.memop(size, false));
        if (update) {
            t.setGpr(ra, ea);
        }
        return true;
    }

    // ---- integer loads (PEM 4.4.2) ---------------------------------------------------------------------

    /** lbz: RT = zero-extended byte at (RA|0) + D. */
    public static boolean lbz(PpcTranslator t) {
        return loadChecked(t, false, 1, false, false);
    }

    /** lbzu: as lbz, RA = EA. */
    public static boolean lbzu(PpcTranslator t) {
        return loadChecked(t, false, 1, false, true);
    }

    /** lbzx: RT = zero-extended byte at (RA|0) + RB. */
    public static boolean lbzx(PpcTranslator t) {
        return loadChecked(t, true, 1, false, false);
    }

    /** lbzux: as lbzx, RA = EA. */
    public static boolean lbzux(PpcTranslator t) {
        return loadChecked(t, true, 1, false, true);
    }

    /** lhz: zero-extended halfword. */
    public static boolean lhz(PpcTranslator t) {
        return loadChecked(t, false, 2, false, false);
    }

    /** lhzu. */
    public static boolean lhzu(PpcTranslator t) {
        return loadChecked(t, false, 2, false, true);
    }

    /** lhzx. */
    public static boolean lhzx(PpcTranslator t) {
        return loadChecked(t, true, 2, false, false);
    }

    /** lhzux. */
    public static boolean lhzux(PpcTranslator t) {
        return loadChecked(t, true, 2, false, true);
    }

    /** lha: sign-extended (algebraic) halfword. */
    public static boolean lha(PpcTranslator t) {
        return loadChecked(t, false, 2, true, false);
    }

    /** lhau. */
    public static boolean lhau(PpcTranslator t) {
        return loadChecked(t, false, 2, true, true);
    }

    /** lhax. */
    public static boolean lhax(PpcTranslator t) {
        return loadChecked(t, true, 2, true, false);
    }

    /** lhaux. */
    public static boolean lhaux(PpcTranslator t) {
        return loadChecked(t, true, 2, true, true);
    }

    /** lwz: word. */
    public static boolean lwz(PpcTranslator t) {
        return loadChecked(t, false, 4, false, false);
    }

    /** lwzu. */
    public static boolean lwzu(PpcTranslator t) {
        return loadChecked(t, false, 4, false, true);
    }

    /** lwzx. */
    public static boolean lwzx(PpcTranslator t) {
        return loadChecked(t, true, 4, false, false);
    }

    /** lwzux. */
    public static boolean lwzux(PpcTranslator t) {
        return loadChecked(t, true, 4, false, true);
    }

    // ---- integer stores (PEM 4.4.3) --------------------------------------------------------------------

    /** stb: store the low byte of RS at (RA|0) + D. */
    public static boolean stb(PpcTranslator t) {
        return store(t, false, 1, false);
    }

    /** stbu: as stb, RA = EA. */
    public static boolean stbu(PpcTranslator t) {
        return store(t, false, 1, true);
    }

    /** stbx: store the low byte of RS at (RA|0) + RB. */
    public static boolean stbx(PpcTranslator t) {
        return store(t, true, 1, false);
    }

    /** stbux. */
    public static boolean stbux(PpcTranslator t) {
        return store(t, true, 1, true);
    }

    /** sth: low halfword. */
    public static boolean sth(PpcTranslator t) {
        return store(t, false, 2, false);
    }

    /** sthu. */
    public static boolean sthu(PpcTranslator t) {
        return store(t, false, 2, true);
    }

    /** sthx. */
    public static boolean sthx(PpcTranslator t) {
        return store(t, true, 2, false);
    }

    /** sthux. */
    public static boolean sthux(PpcTranslator t) {
        return store(t, true, 2, true);
    }

    /** stw: word. */
    public static boolean stw(PpcTranslator t) {
        return store(t, false, 4, false);
    }

    /** stwu. */
    public static boolean stwu(PpcTranslator t) {
        return store(t, false, 4, true);
    }

    /** stwx. */
    public static boolean stwx(PpcTranslator t) {
        return store(t, true, 4, false);
    }

    /** stwux. */
    public static boolean stwux(PpcTranslator t) {
        return store(t, true, 4, true);
    }

    // ---- byte-reversed (PEM 4.4.4) -----------------------------------------------------------------------

    private static long reversed(PpcTranslator t, int size) {
        return MemOp.of(size, false, false, PpcCpu.dataMmuIdx(t.flags));
    }

    /** lhbrx: RT = zero-extended halfword at (RA|0) + RB with its bytes swapped (a little-endian load). */
    public static boolean lhbrx(PpcTranslator t) {
        t.setGpr(t.f('d'), t.b.load(PpcTranslator.I32, t.addr(eaX(t)), reversed(t, 2)));
        return true;
    }

    /** lwbrx: RT = word at (RA|0) + RB with its bytes reversed. */
    public static boolean lwbrx(PpcTranslator t) {
        t.setGpr(t.f('d'), t.b.load(PpcTranslator.I32, t.addr(eaX(t)), reversed(t, 4)));
        return true;
    }

    /** sthbrx: store the low halfword of RS byte-reversed. */
    public static boolean sthbrx(PpcTranslator t) {
        t.b.store(t.addr(eaX(t)), t.gpr(t.f('d')), reversed(t, 2));
        return true;
    }

    /** stwbrx: store RS byte-reversed. */
    public static boolean stwbrx(PpcTranslator t) {
        t.b.store(t.addr(eaX(t)), t.gpr(t.f('d')), reversed(t, 4));
        return true;
    }

    // ---- multiple (PEM 4.4.5) ----------------------------------------------------------------------------

    /**
     * lmw: loads RT..R31 from consecutive words at (RA|0) + D. The EA must be a multiple of 4 (else the
     * alignment exception, as on the 750); RA in RT..31 (including RA = 0 when RT = 0) is an invalid form.
     */
    public static boolean lmw(PpcTranslator t) {
        int rt = t.f('d');
        int ra = t.f('a');
        if (ra >= rt) {
            return false;
        }
        IrBuilder b = t.b;
        Inst ea = eaD(t);
        b.call(PpcHelperRefs.ALIGN_WORD, t.addr(ea), t.c32(0));
        Inst[] v = new Inst[32 - rt];
        for (int r = rt; r < 32; r++) {
            Inst a = r == rt ? ea : b.add(ea, t.c32(4 * (r - rt)));
            v[r - rt] = b.load(PpcTranslator.I32, t.addr(a), t.memop(4, false));
        }
        for (int r = rt; r < 32; r++) {
            t.setGpr(r, v[r - rt]);
        }
        return true;
    }

    /** stmw: stores RS..R31 to consecutive words at (RA|0) + D (word-aligned, else the alignment exception). */
    public static boolean stmw(PpcTranslator t) {
        int rs = t.f('d');
        IrBuilder b = t.b;
        Inst ea = eaD(t);
        b.call(PpcHelperRefs.ALIGN_WORD, t.addr(ea), t.c32(1));
        for (int r = rs; r < 32; r++) {
            Inst a = r == rs ? ea : b.add(ea, t.c32(4 * (r - rs)));
            b.store(t.addr(a), t.gpr(r), t.memop(4, false));
        }
        return true;
    }

    // ---- string (PEM 4.4.6) ------------------------------------------------------------------------------

    /**
     * lswi: loads NB bytes (NB = 0 means 32) from (RA|0) into RT, RT+1, ... (wrapping from R31 to R0), four
     * bytes per register from the most significant end; the low bytes of the last register not filled are
     * cleared. RA among the registers to be loaded is an invalid form.
     */
    public static boolean lswi(PpcTranslator t) {
        int rt = t.f('d');
        int ra = t.f('a');
        int n = t.f('n') == 0 ? 32 : t.f('n');
        int nregs = (n + 3) / 4;
        if (((ra - rt) & 31) < nregs) {
            return false;
        }
        IrBuilder b = t.b;
        Inst ea = t.gprOrZero(ra);
        Inst[] v = new Inst[nregs];
        for (int k = 0; k < nregs; k++) {
            int bytes = Math.min(4, n - 4 * k);
            Inst a = k == 0 ? ea : b.add(ea, t.c32(4 * k));
            if (bytes == 4) {
                v[k] = b.load(PpcTranslator.I32, t.addr(a), t.memop(4, false));
            } else {
                Inst acc = null;
                for (int i = 0; i < bytes; i++) {
                    Inst ai = i == 0 ? a : b.add(a, t.c32(i));
                    Inst by = b.shl(b.load(PpcTranslator.I32, t.addr(ai), t.memop(1, false)), t.c32(24 - 8 * i));
                    acc = acc == null ? by : b.or(acc, by);
                }
                v[k] = acc;
            }
        }
        for (int k = 0; k < nregs; k++) {
            t.setGpr((rt + k) & 31, v[k]);
        }
        return true;
    }

    /** stswi: stores NB bytes (0 means 32) from RS, RS+1, ... (wrapping) to (RA|0), most significant first. */
    public static boolean stswi(PpcTranslator t) {
        int rs = t.f('d');
        int n = t.f('n') == 0 ? 32 : t.f('n');
        IrBuilder b = t.b;
        Inst ea = t.gprOrZero(t.f('a'));
        for (int k = 0; 4 * k < n; k++) {
            int bytes = Math.min(4, n - 4 * k);
            Inst a = k == 0 ? ea : b.add(ea, t.c32(4 * k));
            Inst v = t.gpr((rs + k) & 31);
            if (bytes == 4) {
                b.store(t.addr(a), v, t.memop(4, false));
            } else {
                for (int i = 0; i < bytes; i++) {
                    Inst ai = i == 0 ? a : b.add(a, t.c32(i));
                    b.store(t.addr(ai), b.lshr(v, t.c32(24 - 8 * i)), t.memop(1, false));
                }
            }
        }
        return true;
    }

    /** lswx: as lswi with the byte count XER[25:31] and EA = (RA|0) + RB (a helper; see PpcHelpers.lswx). */
    public static boolean lswx(PpcTranslator t) {
        IrBuilder b = t.b;
        b.call(PpcHelperRefs.LSWX, t.addr(eaX(t)), t.c32(t.f('d')), t.c32(t.f('a')), t.c32(t.f('b')));
        return true;
    }

    /** stswx: as stswi with the byte count XER[25:31] and EA = (RA|0) + RB. */
    public static boolean stswx(PpcTranslator t) {
        t.b.call(PpcHelperRefs.STSWX, t.addr(eaX(t)), t.c32(t.f('d')));
        return true;
    }

    // ---- reservation (Book II "Load and Reserve and Store Conditional"; PEM chapter 8) ----------------------

    /**
     * lwarx: RT = word at (RA|0) + RB, and a reservation is created for that address. The EA must be a
     * multiple of 4, else the alignment exception.
     */
    public static boolean lwarx(PpcTranslator t) {
        IrBuilder b = t.b;
        Inst ea = eaX(t);
        b.call(PpcHelperRefs.ALIGN_WORD, t.addr(ea), t.c32(0));
        Inst v = b.load(PpcTranslator.I32, t.addr(ea), t.memop(4, false));
        t.setGpr(t.f('d'), v);
        b.setReg(PpcCpu.RESERVE_ADDR, t.addr(ea));
        b.setReg(PpcCpu.RESERVE_VALID, b.c64(1));
        return true;
    }

    /**
     * stwcx.: if a reservation exists for (RA|0) + RB, stores RS there; CR0 = 0b00 || stored || XER[SO];
     * the reservation is cleared either way. This implementation requires the reservation's address to equal
     * the EA (the manual leaves a store to another address implementation-dependent). Misaligned EA: the
     * alignment exception.
     */
    public static boolean stwcx_(PpcTranslator t) {
        IrBuilder b = t.b;
        Inst ea = eaX(t);
        b.call(PpcHelperRefs.ALIGN_WORD, t.addr(ea), t.c32(1));
        Inst ok = b.call(PpcHelperRefs.STWCX, t.addr(ea), t.zext(t.gpr(t.f('d'))));
        t.setCrField(0, b.or(b.shl(ok, t.c32(1)), t.so()));
        return true;
    }
}
