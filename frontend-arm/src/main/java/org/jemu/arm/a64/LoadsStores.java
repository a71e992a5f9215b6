package org.jemu.arm.a64;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.ir.Type;

/**
 * Handlers for Arm ARM C4.1.4 "Loads and Stores" of general-purpose registers: exclusive and
 * acquire/release, literal, pair, unscaled/pre-/post-indexed/unprivileged immediate, register offset and
 * unsigned offset forms. Each handler is named after its instruction page in chapter C6; the sizes of one
 * instruction family (B, H, W, X) share a handler with the {@code size} field ({@code qq}).
 *
 * <p>Order of effects (IrBuilder's precise-fault rule): every load and store of an instruction is emitted
 * before its first register write; a load writes Rt (then Rt2) before the base register write-back, so
 * when Rt = Rn with write-back the written-back address wins, and for LDP with Rt = Rt2 the first
 * register's value wins (the CONSTRAINED UNPREDICTABLE choices QEMU makes). Base register 31 is SP.
 */
public final class LoadsStores {
    private LoadsStores() {
    }

    /** What an access does with Rt. */
    private enum Kind {
        /** Store the low {@code size} bytes of Rt. */
        STORE,
        /** Load, zero-extended into Rt. */
        LOAD,
        /** Load, sign-extended to 64 bits (LDRSB/LDRSH/LDRSW to an X register). */
        LOAD_SX64,
        /** Load, sign-extended to 32 bits then zero-extended (LDRSB/LDRSH to a W register). */
        LOAD_SX32
    }

    /** Index modes of the immediate forms. */
    private enum Index { OFFSET, PRE, POST }

    private static Kind signedKind(A64Translator t) {
        return t.f('w') != 0 ? Kind.LOAD_SX32 : Kind.LOAD_SX64;
    }

    /** LDRS* size/opc constraints: no 64-bit source; LDRSW only to an X register. */
    private static boolean signedOk(A64Translator t) {
        int size = t.f('q');
        return size < 2 || (size == 2 && t.f('w') == 0);
    }

    /**
     * Emits one single-register access at {@code addr} and the base write-back.
     *
     * @param wb the value to write back to Xn|SP, or null for no write-back
     */
    private static void access(A64Translator t, Kind kind, int size, Inst addr, long memop, Inst wb) {
        IrBuilder b = t.b;
        int rt = t.f('t');
        if (kind == Kind.STORE) {
            b.store(addr, t.readX(rt, size == 8 ? Type.I64 : Type.I32), memop);
        } else {
            Type ty = kind == Kind.LOAD_SX64 || (kind == Kind.LOAD && size == 8) ? Type.I64 : Type.I32;
            Inst v = b.load(ty, addr, memop);
            t.writeX(rt, v);
        }
        if (wb != null) {
            t.writeXsp(t.f('n'), wb);
        }
    }

    private static long memopFor(A64Translator t, Kind kind, int size, boolean unpriv) {
        boolean signed = kind == Kind.LOAD_SX32 || kind == Kind.LOAD_SX64;
        return unpriv ? t.memopUnpriv(size, signed) : t.memop(size, signed);
    }

    /** Immediate-offset forms: {@code offset} in bytes, with the given index mode. */
    private static boolean immediate(A64Translator t, Kind kind, long offset, Index index, boolean unpriv) {
        int size = 1 << t.f('q');
        IrBuilder b = t.b;
        Inst base = t.baseAddress(t.f('n'));
        Inst moved = offset == 0 ? base : b.add(base, t.c(Type.I64, offset));
        Inst addr = index == Index.POST ? base : moved;
        Inst wb = index == Index.OFFSET ? null : moved;
        access(t, kind, size, addr, memopFor(t, kind, size, unpriv), wb);
        return true;
    }

    private static long scaledImm12(A64Translator t) {
        return (long) t.f('i') << t.f('q');
    }

    // ---- unsigned offset ---------------------------------------------------------------------------

    /** C6.2 STRB/STRH/STR (immediate), unsigned offset: store Rt at {@code Xn|SP + imm12 << size}. */
    public static boolean STR_imm(A64Translator t) {
        return immediate(t, Kind.STORE, scaledImm12(t), Index.OFFSET, false);
    }

    /** C6.2 LDRB/LDRH/LDR (immediate), unsigned offset: load Rt (zero-extended) from {@code Xn|SP + imm12 << size}. */
    public static boolean LDR_imm(A64Translator t) {
        return immediate(t, Kind.LOAD, scaledImm12(t), Index.OFFSET, false);
    }

    /** C6.2 LDRSB/LDRSH/LDRSW (immediate), unsigned offset: sign-extending load. */
    public static boolean LDRS_imm(A64Translator t) {
        return signedOk(t) && immediate(t, signedKind(t), scaledImm12(t), Index.OFFSET, false);
    }

    /** C6.2 PRFM (immediate): prefetch hint, a no-op (never faults). */
    public static boolean PRFM_imm(A64Translator t) {
        return true;
    }

    // ---- unscaled, post-index, unprivileged, pre-index ----------------------------------------------------

    /** C6.2 STURB/STURH/STUR: store at {@code Xn|SP + simm9}. */
    public static boolean STUR(A64Translator t) {
        return immediate(t, Kind.STORE, t.sf('i'), Index.OFFSET, false);
    }

    /** C6.2 LDURB/LDURH/LDUR: load from {@code Xn|SP + simm9}. */
    public static boolean LDUR(A64Translator t) {
        return immediate(t, Kind.LOAD, t.sf('i'), Index.OFFSET, false);
    }

    /** C6.2 LDURSB/LDURSH/LDURSW: sign-extending load from {@code Xn|SP + simm9}. */
    public static boolean LDURS(A64Translator t) {
        return signedOk(t) && immediate(t, signedKind(t), t.sf('i'), Index.OFFSET, false);
    }

    /** C6.2 PRFUM: prefetch hint (unscaled offset), a no-op. */
    public static boolean PRFUM(A64Translator t) {
        return true;
    }

    /** C6.2 STRB/STRH/STR (immediate), post-index: store at Xn|SP, then {@code Xn|SP += simm9}. */
    public static boolean STR_imm_post(A64Translator t) {
        return immediate(t, Kind.STORE, t.sf('i'), Index.POST, false);
    }

    /** C6.2 LDRB/LDRH/LDR (immediate), post-index. */
    public static boolean LDR_imm_post(A64Translator t) {
        return immediate(t, Kind.LOAD, t.sf('i'), Index.POST, false);
    }

    /** C6.2 LDRSB/LDRSH/LDRSW (immediate), post-index. */
    public static boolean LDRS_imm_post(A64Translator t) {
        return signedOk(t) && immediate(t, signedKind(t), t.sf('i'), Index.POST, false);
    }

    /** C6.2 STRB/STRH/STR (immediate), pre-index: {@code Xn|SP += simm9}, store at the new address. */
    public static boolean STR_imm_pre(A64Translator t) {
        return immediate(t, Kind.STORE, t.sf('i'), Index.PRE, false);
    }

    /** C6.2 LDRB/LDRH/LDR (immediate), pre-index. */
    public static boolean LDR_imm_pre(A64Translator t) {
        return immediate(t, Kind.LOAD, t.sf('i'), Index.PRE, false);
    }

    /** C6.2 LDRSB/LDRSH/LDRSW (immediate), pre-index. */
    public static boolean LDRS_imm_pre(A64Translator t) {
        return signedOk(t) && immediate(t, signedKind(t), t.sf('i'), Index.PRE, false);
    }

    /** C6.2 STTRB/STTRH/STTR: store with EL0 permissions when executed at EL1 ({@code Xn|SP + simm9}). */
    public static boolean STTR(A64Translator t) {
        return immediate(t, Kind.STORE, t.sf('i'), Index.OFFSET, true);
    }

    /** C6.2 LDTRB/LDTRH/LDTR: load with EL0 permissions when executed at EL1. */
    public static boolean LDTR(A64Translator t) {
        return immediate(t, Kind.LOAD, t.sf('i'), Index.OFFSET, true);
    }

    /** C6.2 LDTRSB/LDTRSH/LDTRSW: sign-extending unprivileged load. */
    public static boolean LDTRS(A64Translator t) {
        return signedOk(t) && immediate(t, signedKind(t), t.sf('i'), Index.OFFSET, true);
    }

    // ---- register offset ---------------------------------------------------------------------------

    /**
     * Register-offset forms: address {@code Xn|SP + ExtendReg(Rm, option, S ? size : 0)}; option must be
     * UXTW, LSL (UXTX), SXTW or SXTX.
     */
    private static boolean register(A64Translator t, Kind kind) {
        int option = t.f('o');
        if ((option & 2) == 0) {
            return false;
        }
        int log2 = t.f('q');
        int size = 1 << log2;
        Inst offset = t.extendReg(t.f('m'), Type.I64, option, t.f('s') != 0 ? log2 : 0);
        Inst addr = t.b.add(t.baseAddress(t.f('n')), offset);
        access(t, kind, size, addr, memopFor(t, kind, size, false), null);
        return true;
    }

    /** C6.2 STRB/STRH/STR (register). */
    public static boolean STR_reg(A64Translator t) {
        return register(t, Kind.STORE);
    }

    /** C6.2 LDRB/LDRH/LDR (register). */
    public static boolean LDR_reg(A64Translator t) {
        return register(t, Kind.LOAD);
    }

    /** C6.2 LDRSB/LDRSH/LDRSW (register). */
    public static boolean LDRS_reg(A64Translator t) {
        return signedOk(t) && register(t, signedKind(t));
    }

    /** C6.2 PRFM (register): prefetch hint, a no-op (option<1> = 0 is reserved). */
    public static boolean PRFM_reg(A64Translator t) {
        return (t.f('o') & 2) != 0;
    }

    // ---- literal -------------------------------------------------------------------------------------

    /** C6.2 LDR (literal): load a W (opc 00) or X (opc 01) register from {@code PC + imm19*4}. */
    public static boolean LDR_lit(A64Translator t) {
        boolean x = t.f('q') != 0;
        long addr = t.pc + ((long) t.sf('i') << 2);
        Inst v = t.b.load(x ? Type.I64 : Type.I32, t.b.pcConst(addr), t.memop(x ? 8 : 4, false));
        t.writeX(t.f('t'), v);
        return true;
    }

    /** C6.2 LDRSW (literal): load a word from {@code PC + imm19*4}, sign-extended to 64 bits. */
    public static boolean LDRSW_lit(A64Translator t) {
        long addr = t.pc + ((long) t.sf('i') << 2);
        Inst v = t.b.load(Type.I64, t.b.pcConst(addr), t.memop(4, true));
        t.writeX(t.f('t'), v);
        return true;
    }

    /** C6.2 PRFM (literal): prefetch hint, a no-op. */
    public static boolean PRFM_lit(A64Translator t) {
        return true;
    }

    // ---- register pair ---------------------------------------------------------------------------------

    /**
     * Pair forms: two accesses of {@code size} bytes at {@code Xn|SP + offset} (pre-index and offset) or
     * Xn|SP (post-index), Rt at the lower address.
     */
    private static boolean pair(A64Translator t, Kind kind, int size, Index index) {
        IrBuilder b = t.b;
        long offset = (long) t.sf('i') * size;
        Inst base = t.baseAddress(t.f('n'));
        Inst moved = offset == 0 ? base : b.add(base, t.c(Type.I64, offset));
        Inst addr = index == Index.POST ? base : moved;
        Inst addr2 = b.add(addr, t.c(Type.I64, size));
        long memop = memopFor(t, kind, size, false);
        int rt = t.f('t');
        int rt2 = t.f('u');
        if (kind == Kind.STORE) {
            Type ty = size == 8 ? Type.I64 : Type.I32;
            Inst v1 = t.readX(rt, ty);
            Inst v2 = t.readX(rt2, ty);
            b.store(addr, v1, memop);
            b.store(addr2, v2, memop);
        } else {
            Type ty = size == 8 || kind == Kind.LOAD_SX64 ? Type.I64 : Type.I32;
            Inst v1 = b.load(ty, addr, memop);
            Inst v2 = b.load(ty, addr2, memop);
            t.writeX(rt2, v2);
            t.writeX(rt, v1);
        }
        if (index != Index.OFFSET) {
            t.writeXsp(t.f('n'), moved);
        }
        return true;
    }

    private static Index pairIndex(A64Translator t) {
        return switch (t.f('p')) {
            case 1 -> Index.POST;
            case 3 -> Index.PRE;
            default -> Index.OFFSET;
        };
    }

    /** C6.2 STP: store a pair of W or X registers (post-index, signed offset, pre-index; imm7 scaled). */
    public static boolean STP(A64Translator t) {
        return pair(t, Kind.STORE, t.f('z') != 0 ? 8 : 4, pairIndex(t));
    }

    /** C6.2 LDP: load a pair of W or X registers. */
    public static boolean LDP(A64Translator t) {
        return pair(t, Kind.LOAD, t.f('z') != 0 ? 8 : 4, pairIndex(t));
    }

    /** C6.2 LDPSW: load a pair of words, each sign-extended to 64 bits (no non-temporal form). */
    public static boolean LDPSW(A64Translator t) {
        if (t.f('p') == 0) {
            return false;
        }
        return pair(t, Kind.LOAD_SX64, 4, pairIndex(t));
    }

    /** C6.2 STNP: store pair, non-temporal hint (signed offset, no write-back). */
    public static boolean STNP(A64Translator t) {
        return pair(t, Kind.STORE, t.f('z') != 0 ? 8 : 4, Index.OFFSET);
    }

    /** C6.2 LDNP: load pair, non-temporal hint (signed offset, no write-back). */
    public static boolean LDNP(A64Translator t) {
        return pair(t, Kind.LOAD, t.f('z') != 0 ? 8 : 4, Index.OFFSET);
    }

    // ---- exclusive and acquire/release ----------------------------------------------------------------

    private static long alignedMemop(A64Translator t, int size) {
        return MemOp.aligned(t.memop(size, false));
    }

    /** Load-exclusive of one register: load (aligned), write Rt, arm the monitor with address and value. */
    private static boolean loadExclusive(A64Translator t) {
        int size = 1 << t.f('q');
        IrBuilder b = t.b;
        Inst addr = t.baseAddress(t.f('n'));
        Inst v = b.load(size == 8 ? Type.I64 : Type.I32, addr, alignedMemop(t, size));
        t.writeX(t.f('t'), v);
        b.setReg(Aarch64Cpu.EXCL_ADDR, addr);
        b.setReg(Aarch64Cpu.EXCL_VAL, v);
        b.setReg(Aarch64Cpu.EXCL_ARMED, b.c32(1));
        return true;
    }

    /** Store-exclusive of one register: the helper checks the monitor, stores and returns the status. */
    private static boolean storeExclusive(A64Translator t, int release) {
        int size = 1 << t.f('q');
        IrBuilder b = t.b;
        Inst addr = t.baseAddress(t.f('n'));
        Inst v = t.readX(t.f('t'), Type.I64);
        Inst status = b.call(A64HelperRefs.STXR, addr, v, b.c32(size), b.c32(release));
        t.writeX(t.f('s'), status);
        return true;
    }

    /** C6.2 LDXRB/LDXRH/LDXR: load exclusive register. */
    public static boolean LDXR(A64Translator t) {
        return loadExclusive(t);
    }

    /** C6.2 LDAXRB/LDAXRH/LDAXR: load-acquire exclusive register. */
    public static boolean LDAXR(A64Translator t) {
        return loadExclusive(t);
    }

    /** C6.2 STXRB/STXRH/STXR: store exclusive register; Ws = 0 on success, 1 on failure. */
    public static boolean STXR(A64Translator t) {
        return storeExclusive(t, 0);
    }

    /** C6.2 STLXRB/STLXRH/STLXR: store-release exclusive register. */
    public static boolean STLXR(A64Translator t) {
        return storeExclusive(t, 1);
    }

    /**
     * Load-exclusive pair: for W registers one aligned 8-byte load split into the two registers (Rt gets
     * the word at the lower address), for X registers a 16-byte alignment check and two 8-byte loads; then the monitor is armed
     * with both values through {@code ldxpMonitor(addr, Rt value, Rt2 value)}.
     */
    private static boolean loadExclusivePair(A64Translator t) {
        boolean x = t.f('q') != 0;
        IrBuilder b = t.b;
        Inst addr = t.baseAddress(t.f('n'));
        Inst v1;
        Inst v2;
        if (x) {
            // the pair is one 16-byte single-copy-atomic access: 16-byte alignment (B2.5.2)
            b.call(A64HelperRefs.ALIGN, addr, b.c32(16), b.c32(Aarch64Cpu.flagsMmuIdx(t.flags)));
            v1 = b.load(Type.I64, addr, alignedMemop(t, 8));
            v2 = b.load(Type.I64, b.add(addr, t.c(Type.I64, 8)), alignedMemop(t, 8));
        } else {
            Inst data = b.load(Type.I64, addr, alignedMemop(t, 8));
            Inst lo = b.and(data, t.c(Type.I64, 0xffffffffL));
            Inst hi = b.lshr(data, t.c(Type.I64, 32));
            boolean be = Aarch64Cpu.flagsBigEndianData(t.flags);
            v1 = be ? hi : lo;
            v2 = be ? lo : hi;
        }
        b.call(A64HelperRefs.LDXP_MONITOR, addr, v1, v2);
        t.writeX(t.f('t'), v1);
        t.writeX(t.f('u'), v2);
        return true;
    }

    /** Store-exclusive pair through the helper: {@code stxp(addr, Rt, Rt2, size of one register)}. */
    private static boolean storeExclusivePair(A64Translator t) {
        int size = t.f('q') != 0 ? 8 : 4;
        IrBuilder b = t.b;
        Inst addr = t.baseAddress(t.f('n'));
        Inst v1 = t.readX(t.f('t'), Type.I64);
        Inst v2 = t.readX(t.f('u'), Type.I64);
        Inst status = b.call(A64HelperRefs.STXP, addr, v1, v2, b.c32(size));
        t.writeX(t.f('s'), status);
        return true;
    }

    /** C6.2 LDXP: load exclusive pair of registers. */
    public static boolean LDXP(A64Translator t) {
        return loadExclusivePair(t);
    }

    /** C6.2 LDAXP: load-acquire exclusive pair of registers. */
    public static boolean LDAXP(A64Translator t) {
        return loadExclusivePair(t);
    }

    /** C6.2 STXP: store exclusive pair of registers; Ws = 0 on success, 1 on failure. */
    public static boolean STXP(A64Translator t) {
        return storeExclusivePair(t);
    }

    /** C6.2 STLXP: store-release exclusive pair of registers. */
    public static boolean STLXP(A64Translator t) {
        return storeExclusivePair(t);
    }

    /** C6.2 LDARB/LDARH/LDAR: load-acquire register (aligned; ordering is implicit here). */
    public static boolean LDAR(A64Translator t) {
        int size = 1 << t.f('q');
        Inst addr = t.baseAddress(t.f('n'));
        Inst v = t.b.load(size == 8 ? Type.I64 : Type.I32, addr, alignedMemop(t, size));
        t.writeX(t.f('t'), v);
        return true;
    }

    /** C6.2 STLRB/STLRH/STLR: store-release register (aligned). */
    public static boolean STLR(A64Translator t) {
        int size = 1 << t.f('q');
        Inst addr = t.baseAddress(t.f('n'));
        t.b.store(addr, t.readX(t.f('t'), size == 8 ? Type.I64 : Type.I32), alignedMemop(t, size));
        return true;
    }
}
