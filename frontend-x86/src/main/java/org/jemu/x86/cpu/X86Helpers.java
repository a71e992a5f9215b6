package org.jemu.x86.cpu;

import org.jemu.translator.exec.GuestFault;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.memory.SoftMmu;

/**
 * Java helpers called from translated x86 code ({@link org.jemu.translator.ir.Op#CALL}), for work that is
 * too big to inline or that may raise an exception. Each names the SDM section it implements; arguments
 * are I32 ({@code int}) unless stated.
 */
public final class X86Helpers {
    private X86Helpers() {
    }

    // ---- exceptions -----------------------------------------------------------------------------------------

    /** Raises exception {@code vector} with {@code errorCode} (-1: none). Always throws. */
    public static void raise(X86Cpu cpu, int vector, int errorCode) {
        throw cpu.fault(vector, errorCode);
    }

    /**
     * INT n / INT3 (SDM Vol. 2A "INT n/INTO/INT3/INT1"): a software interrupt, delivered as a trap after
     * the {@code length}-byte instruction. In virtual-8086 mode with IOPL &lt; 3, INT n (not INT3) is a #GP(0)
     * (no VME). {@code lengthAndKind}: length (bits 7:0), INT n (bit 8), INT1 (bit 9: a #DB trap without
     * the DPL check). Always throws.
     */
    public static void softInt(X86Cpu cpu, int vector, int lengthAndKind) {
        if ((lengthAndKind & 0x200) != 0) {
            throw cpu.icebp();
        }
        int length = lengthAndKind & 0xFF;
        boolean intN = (lengthAndKind & 0x100) != 0;
        if (intN && cpu.v86Mode() && ((cpu.regs[X86Cpu.EFLAGS] >>> 12) & 3) < 3) {
            throw cpu.fault(X86Cpu.EXC_GP, 0);
        }
        throw cpu.softwareInterrupt(vector, length);
    }

    /** INTO: #OF trap if EFLAGS.OF ({@code eflags} materialised) is set. */
    public static void into(X86Cpu cpu, int eflags, int length) {
        if ((eflags & X86Cpu.OF) != 0) {
            throw cpu.softwareInterrupt(X86Cpu.EXC_OF, length);
        }
    }

    /** BOUND (SDM Vol. 2A): #BR if {@code outOfBounds} is non-zero. */
    public static void bound(X86Cpu cpu, int outOfBounds) {
        if (outOfBounds != 0) {
            throw cpu.fault(X86Cpu.EXC_BR, -1);
        }
    }

    /** #GP(0) if {@code cond} is non-zero. */
    public static void gpIf(X86Cpu cpu, int cond) {
        if (cond != 0) {
            throw cpu.fault(X86Cpu.EXC_GP, 0);
        }
    }

    /**
     * STI: compiled code leaves its loops at the next block edge so the execution loop looks at pending
     * interrupts again ({@link org.jemu.translator.exec.GuestCpu#interruptPoll}).
     */
    public static void pollInterrupts(X86Cpu cpu) {
        cpu.interruptPoll = 1;
    }

    /** Marks a single-step trap (#DB, EFLAGS.TF, SDM Vol. 3A 17.3.1.4) to be taken before the next instruction. */
    public static void singleStepTrap(X86Cpu cpu) {
        cpu.interruptRequest |= X86Cpu.INTERRUPT_SINGLE_STEP;
        cpu.interruptPoll = 1;
    }

    // ---- flags ----------------------------------------------------------------------------------------------

    /** The full EFLAGS from the lazy-flag slots ({@link X86Flags#compute}). Pure. */
    public static int computeFlags(X86Cpu cpu, int ccOp, int dst, int src1, int src2, int eflags) {
        return X86Flags.compute(ccOp, dst, src1, src2, eflags);
    }

    /** EFLAGS bits that exist on the i686 (Vol. 1 3.4.3): CF 1 PF AF ZF SF TF IF DF OF IOPL NT RF VM AC VIF VIP ID. */
    public static final int EFLAGS_VALID = 0x003F_7FD5;

    /**
     * POPF/POPFD and the EFLAGS image of IRET in real mode (SDM Vol. 2B "POPF/POPFD/POPFQ", Table "Effect of
     * POPF/POPFD on the EFLAGS Register"): which bits change depends on the mode, CPL and IOPL; VM, VIP and
     * VIF never change, RF is cleared by a 32-bit pop. In virtual-8086 mode with IOPL &lt; 3: #GP(0).
     */
    public static void popf(X86Cpu cpu, int value, int size32) {
        int old = cpu.eflags();
        int iopl = (old >>> 12) & 3;
        int mask = EFLAGS_VALID & ~(X86Cpu.VM | X86Cpu.VIP | X86Cpu.VIF | X86Cpu.RF);
        if (cpu.v86Mode()) {
            if (iopl < 3) {
                throw cpu.fault(X86Cpu.EXC_GP, 0);
            }
            mask &= ~X86Cpu.IOPL;
        } else if (cpu.protectedMode()) {
            int cpl = cpu.cpl();
            if (cpl > 0) {
                mask &= ~X86Cpu.IOPL;
            }
            if (cpl > iopl) {
                mask &= ~X86Cpu.IF;
            }
        }
        if (size32 == 0) {
            mask &= 0xFFFF;
        }
        int v = (old & ~mask) | (value & mask);
        if (size32 != 0) {
            v &= ~X86Cpu.RF;
        }
        cpu.setEflags(v);
    }

    /**
     * CLI/STI in protected mode (SDM Vol. 2A "CLI", Vol. 2B "STI"): allowed when CPL &lt;= IOPL (in
     * virtual-8086 mode when IOPL = 3), else #GP(0) (no PVI/VME).
     */
    public static void setIf(X86Cpu cpu, int on) {
        long fl = cpu.regs[X86Cpu.EFLAGS];
        int iopl = (int) (fl >>> 12) & 3;
        if (cpu.protectedMode() && (cpu.v86Mode() ? iopl < 3 : cpu.cpl() > iopl)) {
            throw cpu.fault(X86Cpu.EXC_GP, 0);
        }
        cpu.regs[X86Cpu.EFLAGS] = on != 0 ? fl | X86Cpu.IF : fl & ~X86Cpu.IF;
    }

    // ---- segmentation (SDM Vol. 3A 5.3 limit checking, 5.4 type checking) ------------------------------------

    /**
     * Checks an access of {@code sizeWrite & 0xFF} bytes at {@code offset} through segment {@code seg}
     * (bit 8 of {@code sizeWrite}: a write): real-address and virtual-8086 mode check the limit; protected
     * mode also checks that the segment is usable and its type allows the access, and handles expand-down
     * data segments (Vol. 3A 3.4.5.1). Violations raise #SS(0) for SS, else #GP(0).
     */
    public static void checkSegment(X86Cpu cpu, int seg, int offset, int sizeWrite) {
        int size = sizeWrite & 0xFF;
        boolean write = (sizeWrite & 0x100) != 0;
        long[] r = cpu.regs;
        int attr = (int) r[X86Cpu.SEG_ATTR + seg];
        long limit = r[X86Cpu.SEG_LIMIT + seg];
        long first = offset & 0xFFFF_FFFFL;
        long last = first + size - 1;
        int vector = seg == X86Cpu.SS ? X86Cpu.EXC_SS : X86Cpu.EXC_GP;
        boolean pm = cpu.protectedMode() && !cpu.v86Mode();
        if (pm) {
            if ((attr & X86Cpu.ATTR_P) == 0) {
                throw cpu.fault(vector, 0);
            }
            boolean code = (attr & X86Cpu.ATTR_TYPE_CODE) != 0;
            if (write && (code || (attr & X86Cpu.ATTR_TYPE_WRITABLE) == 0)) {
                throw cpu.fault(vector, 0);
            }
            if (!write && code && (attr & X86Cpu.ATTR_TYPE_WRITABLE) == 0) {
                throw cpu.fault(vector, 0);        // execute-only code segment (bit 1 = readable for code)
            }
            if (!code && (attr & X86Cpu.ATTR_TYPE_EXPAND_DOWN) != 0) {
                long upper = (attr & X86Cpu.ATTR_DB) != 0 ? 0xFFFF_FFFFL : 0xFFFF;
                if (first <= limit || last > upper) {
                    throw cpu.fault(vector, 0);
                }
                return;
            }
        }
        if (last > limit) {
            throw cpu.fault(vector, 0);
        }
    }

    /**
     * Loads segment register {@code seg} with {@code selector} in protected mode (SDM Vol. 2A "MOV",
     * "POP", "LDS/LES/LFS/LGS/LSS" protected-mode pseudocode; Vol. 3A 5.5 privilege checks): a null selector
     * makes DS/ES/FS/GS unusable and is a #GP(0) for SS; otherwise the descriptor is read from the GDT or,
     * with TI = 1, the LDT (#GP(selector) beyond the table limit or with a null LDTR), checked (SS: writable data with RPL = DPL = CPL; others:
     * data or readable code, DPL &gt;= max(CPL, RPL) unless conforming code), #SS/#NP(selector) if not
     * present, marked accessed and loaded into the cache. In real-address and virtual-8086 mode the base
     * becomes selector * 16 (the limit and attributes stay in real mode; V86 sets a 64 KiB DPL-3 data
     * segment).
     */
    public static void loadSegment(X86Cpu cpu, int seg, int selector) {
        selector &= 0xFFFF;
        long[] r = cpu.regs;
        if (!cpu.protectedMode()) {
            r[X86Cpu.SEG_SEL + seg] = selector;
            r[X86Cpu.SEG_BASE + seg] = (long) selector << 4;
            return;
        }
        if (cpu.v86Mode()) {
            ProtectedMode.loadV86Segment(cpu, seg, selector);
            return;
        }
        int cpl = cpu.cpl();
        int rpl = selector & 3;
        if (Descriptors.isNull(selector)) {
            if (seg == X86Cpu.SS) {
                throw cpu.fault(X86Cpu.EXC_GP, 0);
            }
            cpu.setSegment(seg, selector, 0, 0, 0);
            return;
        }
        long d = Descriptors.read(cpu, selector, X86Cpu.EXC_GP, 0);
        int dpl = Descriptors.dpl(d);
        int err = selector & 0xFFFC;
        if (seg == X86Cpu.SS) {
            if (rpl != cpl || !Descriptors.isWritableData(d) || dpl != cpl) {
                throw cpu.fault(X86Cpu.EXC_GP, err);
            }
            if (!Descriptors.present(d)) {
                throw cpu.fault(X86Cpu.EXC_SS, err);
            }
        } else {
            if (!Descriptors.isReadable(d) || (!Descriptors.isConforming(d) && dpl < Math.max(cpl, rpl))) {
                throw cpu.fault(X86Cpu.EXC_GP, err);
            }
            if (!Descriptors.present(d)) {
                throw cpu.fault(X86Cpu.EXC_NP, err);
            }
        }
        Descriptors.setAccessed(cpu, selector, d);
        Descriptors.loadCache(cpu, seg, selector, d);
    }

    /**
     * ENTER with a nesting level &gt; 0 (SDM Vol. 2A "ENTER"): copies NestingLevel - 1 frame pointers from
     * SS:[(E)BP - size * i] to SS:[FrameTemp - size * i], then stores FrameTemp at SS:[FrameTemp - size *
     * NestingLevel]. {@code params}: level (bits 4:0), 32-bit operand size (8), 32-bit stack (9). Writes memory
     * only; the caller moves the stack pointer.
     */
    public static void enterFrames(X86Cpu cpu, int ebp, int frameTemp, int params) {
        int level = params & 0x1F;
        int size = (params & 0x100) != 0 ? 4 : 2;
        long mask = (params & 0x200) != 0 ? 0xFFFF_FFFFL : 0xFFFF;
        int mmu = cpu.cpl() == 3 ? X86Cpu.MMU_IDX_USER : X86Cpu.MMU_IDX_SUPER;
        long mo = MemOp.of(size, false, false, mmu);
        long ss = cpu.regs[X86Cpu.SEG_BASE + X86Cpu.SS];
        boolean check = needsCheck(cpu, X86Cpu.SS);
        for (int i = 1; i < level; i++) {
            long src = (ebp - (long) size * i) & mask;
            long dst = (frameTemp - (long) size * i) & mask;
            check(cpu, check, X86Cpu.SS, src, size, false);
            long v = SoftMmu.load(cpu, (ss + src) & 0xFFFF_FFFFL, mo);
            check(cpu, check, X86Cpu.SS, dst, size, true);
            SoftMmu.store(cpu, (ss + dst) & 0xFFFF_FFFFL, v, mo);
        }
        long dst = (frameTemp - (long) size * level) & mask;
        check(cpu, check, X86Cpu.SS, dst, size, true);
        SoftMmu.store(cpu, (ss + dst) & 0xFFFF_FFFFL, frameTemp, mo);
    }

    // ---- division (SDM Vol. 2A "DIV", "IDIV": #DE on a zero divisor or a quotient that does not fit) ---------

    /** DIV r/m8: AX / src; returns AL = quotient | AH = remainder as a 16-bit value. */
    public static int div8(X86Cpu cpu, int ax, int src) {
        int d = src & 0xFF;
        int n = ax & 0xFFFF;
        if (d == 0 || n / d > 0xFF) {
            throw cpu.fault(X86Cpu.EXC_DE, -1);
        }
        return (n / d) | (n % d) << 8;
    }

    /** DIV r/m16: DX:AX / src; returns quotient | remainder &lt;&lt; 16. */
    public static int div16(X86Cpu cpu, int dxax, int src) {
        long d = src & 0xFFFF;
        long n = dxax & 0xFFFF_FFFFL;
        if (d == 0 || n / d > 0xFFFF) {
            throw cpu.fault(X86Cpu.EXC_DE, -1);
        }
        return (int) (n / d) | (int) (n % d) << 16;
    }

    /** DIV r/m32: EDX:EAX / src; returns quotient | remainder &lt;&lt; 32. */
    public static long div32(X86Cpu cpu, long edxeax, int src) {
        long d = src & 0xFFFF_FFFFL;
        if (d == 0 || Long.compareUnsigned(Long.divideUnsigned(edxeax, d), 0xFFFF_FFFFL) > 0) {
            throw cpu.fault(X86Cpu.EXC_DE, -1);
        }
        return (Long.divideUnsigned(edxeax, d) & 0xFFFF_FFFFL) | Long.remainderUnsigned(edxeax, d) << 32;
    }

    /** IDIV r/m8: AX / src signed; returns AL = quotient | AH = remainder. */
    public static int idiv8(X86Cpu cpu, int ax, int src) {
        int d = (byte) src;
        int n = (short) ax;
        if (d == 0) {
            throw cpu.fault(X86Cpu.EXC_DE, -1);
        }
        int q = n / d;
        if (q > 127 || q < -128) {
            throw cpu.fault(X86Cpu.EXC_DE, -1);
        }
        return (q & 0xFF) | ((n % d) & 0xFF) << 8;
    }

    /** IDIV r/m16: DX:AX / src signed; returns quotient | remainder &lt;&lt; 16. */
    public static int idiv16(X86Cpu cpu, int dxax, int src) {
        int d = (short) src;
        if (d == 0) {
            throw cpu.fault(X86Cpu.EXC_DE, -1);
        }
        int q = dxax / d;
        if (dxax == Integer.MIN_VALUE && d == -1 || q > 32767 || q < -32768) {
            throw cpu.fault(X86Cpu.EXC_DE, -1);
        }
        return (q & 0xFFFF) | ((dxax % d) & 0xFFFF) << 16;
    }

    /** IDIV r/m32: EDX:EAX / src signed; returns quotient | remainder &lt;&lt; 32. */
    public static long idiv32(X86Cpu cpu, long edxeax, int src) {
        long d = src;
        if (d == 0 || edxeax == Long.MIN_VALUE && d == -1) {
            throw cpu.fault(X86Cpu.EXC_DE, -1);
        }
        long q = edxeax / d;
        if (q > Integer.MAX_VALUE || q < Integer.MIN_VALUE) {
            throw cpu.fault(X86Cpu.EXC_DE, -1);
        }
        return (q & 0xFFFF_FFFFL) | (edxeax % d) << 32;
    }

    // ---- decimal arithmetic (SDM Vol. 1 7.3.2.5; Vol. 2A DAA DAS AAA AAS AAM AAD) -----------------------------

    private static long packAx(int ax, int eflags) {
        return (ax & 0xFFFFL) | ((long) eflags << 32);
    }

    private static int szp(int eflags, int al) {
        al &= 0xFF;
        return (eflags & ~(X86Cpu.SF | X86Cpu.ZF | X86Cpu.PF)) | (al == 0 ? X86Cpu.ZF : 0)
                | (al & 0x80) | X86Flags.parity(al);
    }

    /** DAA: returns AX | new EFLAGS &lt;&lt; 32 (OF undefined: left unchanged). Pure. */
    public static long daa(X86Cpu cpu, int ax, int eflags) {
        int al = ax & 0xFF;
        int oldAl = al;
        boolean oldCf = (eflags & X86Cpu.CF) != 0;
        int f = eflags & ~(X86Cpu.CF | X86Cpu.AF);
        if ((al & 0x0F) > 9 || (eflags & X86Cpu.AF) != 0) {
            al = (al + 6) & 0xFF;
            f |= X86Cpu.AF;
        }
        if (oldAl > 0x99 || oldCf) {
            al = (al + 0x60) & 0xFF;
            f |= X86Cpu.CF;
        }
        return packAx((ax & 0xFF00) | al, szp(f, al));
    }

    /** DAS: returns AX | new EFLAGS &lt;&lt; 32 (OF undefined: left unchanged). Pure. */
    public static long das(X86Cpu cpu, int ax, int eflags) {
        int al = ax & 0xFF;
        int oldAl = al;
        boolean oldCf = (eflags & X86Cpu.CF) != 0;
        int f = eflags & ~(X86Cpu.CF | X86Cpu.AF);
        if ((al & 0x0F) > 9 || (eflags & X86Cpu.AF) != 0) {
            boolean borrow = al < 6;
            al = (al - 6) & 0xFF;
            f |= X86Cpu.AF;
            if (oldCf || borrow) {
                f |= X86Cpu.CF;
            }
        }
        if (oldAl > 0x99 || oldCf) {
            al = (al - 0x60) & 0xFF;
            f |= X86Cpu.CF;
        }
        return packAx((ax & 0xFF00) | al, szp(f, al));
    }

    /** AAA: returns AX | new EFLAGS &lt;&lt; 32 (OF SF ZF PF undefined: left unchanged). Pure. */
    public static long aaa(X86Cpu cpu, int ax, int eflags) {
        int f = eflags & ~(X86Cpu.CF | X86Cpu.AF);
        if ((ax & 0x0F) > 9 || (eflags & X86Cpu.AF) != 0) {
            ax = ax + 0x106;
            f |= X86Cpu.AF | X86Cpu.CF;
        }
        return packAx(ax & 0xFF0F, f);
    }

    /** AAS: returns AX | new EFLAGS &lt;&lt; 32 (OF SF ZF PF undefined: left unchanged). Pure. */
    public static long aas(X86Cpu cpu, int ax, int eflags) {
        int f = eflags & ~(X86Cpu.CF | X86Cpu.AF);
        if ((ax & 0x0F) > 9 || (eflags & X86Cpu.AF) != 0) {
            ax = ax - 6;
            ax = (ax & 0xFF) | (((ax >>> 8) - 1) & 0xFF) << 8;
            f |= X86Cpu.AF | X86Cpu.CF;
        }
        return packAx(ax & 0xFF0F, f);
    }

    /** AAM imm8: AH = AL / imm8, AL = AL mod imm8; #DE if imm8 = 0. Returns the new AX. */
    public static int aam(X86Cpu cpu, int ax, int imm8) {
        int base = imm8 & 0xFF;
        if (base == 0) {
            throw cpu.fault(X86Cpu.EXC_DE, -1);
        }
        int al = ax & 0xFF;
        return (al / base) << 8 | (al % base);
    }

    // ---- rotates (SDM Vol. 2B "RCL/RCR/ROL/ROR") -------------------------------------------------------------

    /**
     * ROL (0), ROR (1), RCL (2), RCR (3) of the {@code bits}-wide {@code value} by {@code count} (masked to 5
     * bits; RCL/RCR of 8/16-bit operands modulo 9/17). {@code opBits} = op | bits &lt;&lt; 8. Returns the result
     * | new EFLAGS &lt;&lt; 32: with a masked count of 0 nothing changes; otherwise CF is the last bit rotated
     * (into CF), and OF = MSB XOR CF (ROL, RCL) or the XOR of the two top bits (ROR, RCR) of the result, defined
     * by the SDM only for a count of 1 and computed the same way for other counts. Pure.
     */
    public static long rotate(X86Cpu cpu, int opBits, int value, int count, int eflags) {
        int op = opBits & 3;
        int bits = opBits >>> 8;
        long mask = bits == 32 ? 0xFFFF_FFFFL : (1L << bits) - 1;
        long v = value & mask;
        int masked = count & 0x1F;
        if (masked == 0) {
            return v | ((long) eflags << 32);
        }
        int cf = eflags & 1;
        long res;
        switch (op) {
            case 0, 1 -> {
                int n = masked % bits;
                if (op == 1) {
                    n = (bits - n) % bits;
                }
                res = ((v << n) | (v >>> (bits - n))) & mask;
                if (n == 0) {
                    res = v;
                }
                cf = op == 0 ? (int) (res & 1) : (int) (res >>> (bits - 1)) & 1;
            }
            default -> {
                int n = bits == 32 ? masked : masked % (bits + 1);
                res = v;
                for (int i = 0; i < n; i++) {
                    if (op == 2) {
                        int out = (int) (res >>> (bits - 1)) & 1;
                        res = ((res << 1) | cf) & mask;
                        cf = out;
                    } else {
                        int out = (int) (res & 1);
                        res = (res >>> 1) | ((long) cf << (bits - 1));
                        cf = out;
                    }
                }
            }
        }
        int msb = (int) (res >>> (bits - 1)) & 1;
        int of = (op == 0 || op == 2) ? msb ^ cf : msb ^ ((int) (res >>> (bits - 2)) & 1);
        int f = (eflags & ~(X86Cpu.CF | X86Cpu.OF)) | cf | (of != 0 ? X86Cpu.OF : 0);
        return res | ((long) f << 32);
    }

    // ---- string instructions (SDM Vol. 1 7.3.9; Vol. 2 MOVS CMPS SCAS LODS STOS INS OUTS, REP/REPE/REPNE) ------

    public static final int STR_MOVS = 0, STR_CMPS = 1, STR_SCAS = 2, STR_LODS = 3, STR_STOS = 4, STR_INS = 5,
            STR_OUTS = 6;
    /** Iterations one call performs at most before returning to the dispatcher (interrupt latency). */
    static final int MAX_ITERATIONS = 4096;

    /**
     * One string instruction. {@code params}: kind (bits 3:0, {@code STR_*}), log2 of the element size (5:4),
     * 32-bit addressing (6), REP (8, F3) or REPNE (9, F2), source segment (14:12, DS or an override), EFLAGS.TF
     * (15: one iteration per call, so the single-step trap follows every iteration, SDM Vol. 3A 17.3.1.4). Source
     * DS:(E)SI, destination ES:(E)DI, count (E)CX, increments by ±size by EFLAGS.DF. With a repeat prefix
     * the instruction does nothing when the count is 0; each iteration decrements it and CMPS/SCAS stop on
     * ZF = 0 (REPE) or ZF = 1 (REPNE).
     *
     * <p>Restartable: the registers are updated after each iteration's memory accesses. A fault in the first
     * iteration of this call is thrown (state as before the instruction); a fault in a later one ends the
     * call early, so the instruction runs again and faults precisely with the registers of the completed
     * iterations.
     *
     * @return 1 if the instruction is complete, 0 if it must execute again (same EIP)
     */
    public static int string(X86Cpu cpu, int params) {
        int kind = params & 0xF;
        int size = 1 << ((params >>> 4) & 3);
        boolean a32 = (params & 0x40) != 0;
        boolean rep = (params & 0x300) != 0;
        boolean repne = (params & 0x200) != 0;
        int srcSeg = (params >>> 12) & 7;
        long[] r = cpu.regs;
        long amask = a32 ? 0xFFFF_FFFFL : 0xFFFF;
        if (rep && (r[X86Cpu.ECX] & amask) == 0) {
            return 1;
        }
        int mmu = cpu.cpl() == 3 ? X86Cpu.MMU_IDX_USER : X86Cpu.MMU_IDX_SUPER;
        long mo = MemOp.of(size, false, false, mmu);
        boolean checkSrc = needsCheck(cpu, srcSeg);
        boolean checkDst = needsCheck(cpu, X86Cpu.ES);
        for (int i = 0; ; i++) {
            long delta = (r[X86Cpu.EFLAGS] & X86Cpu.DF) != 0 ? -size : size;
            long si = r[X86Cpu.ESI] & amask;
            long di = r[X86Cpu.EDI] & amask;
            long src = (r[X86Cpu.SEG_BASE + srcSeg] + si) & 0xFFFF_FFFFL;
            long dst = (r[X86Cpu.SEG_BASE + X86Cpu.ES] + di) & 0xFFFF_FFFFL;
            boolean useSi = kind == STR_MOVS || kind == STR_CMPS || kind == STR_LODS || kind == STR_OUTS;
            boolean useDi = kind == STR_MOVS || kind == STR_CMPS || kind == STR_SCAS || kind == STR_STOS
                    || kind == STR_INS;
            int cmpA = 0;
            int cmpB = 0;
            try {
                switch (kind) {
                    case STR_MOVS -> {
                        check(cpu, checkSrc, srcSeg, si, size, false);
                        long v = SoftMmu.load(cpu, src, mo);
                        check(cpu, checkDst, X86Cpu.ES, di, size, true);
                        SoftMmu.store(cpu, dst, v, mo);
                    }
                    case STR_CMPS -> {
                        check(cpu, checkSrc, srcSeg, si, size, false);
                        cmpA = (int) SoftMmu.load(cpu, src, mo);
                        check(cpu, checkDst, X86Cpu.ES, di, size, false);
                        cmpB = (int) SoftMmu.load(cpu, dst, mo);
                    }
                    case STR_SCAS -> {
                        check(cpu, checkDst, X86Cpu.ES, di, size, false);
                        cmpA = (int) r[X86Cpu.EAX];
                        cmpB = (int) SoftMmu.load(cpu, dst, mo);
                    }
                    case STR_LODS -> {
                        check(cpu, checkSrc, srcSeg, si, size, false);
                        long v = SoftMmu.load(cpu, src, mo);
                        long m = size == 4 ? 0xFFFF_FFFFL : (1L << (8 * size)) - 1;
                        r[X86Cpu.EAX] = (r[X86Cpu.EAX] & ~m) | v;
                    }
                    case STR_STOS -> {
                        check(cpu, checkDst, X86Cpu.ES, di, size, true);
                        SoftMmu.store(cpu, dst, r[X86Cpu.EAX], mo);
                    }
                    case STR_INS -> {
                        int port = (int) r[X86Cpu.EDX] & 0xFFFF;
                        checkIo(cpu, port, size);
                        check(cpu, checkDst, X86Cpu.ES, di, size, true);
                        // a dummy store first (as QEMU's gen_ins): a #PF on the destination must come before
                        // the port read, or the restarted INS reads a FIFO port twice and loses a datum
                        SoftMmu.store(cpu, dst, 0, mo);
                        long v = cpu.io.in(port, size) & 0xFFFF_FFFFL;
                        SoftMmu.store(cpu, dst, v, mo);
                    }
                    case STR_OUTS -> {
                        int port = (int) r[X86Cpu.EDX] & 0xFFFF;
                        checkIo(cpu, port, size);
                        check(cpu, checkSrc, srcSeg, si, size, false);
                        long v = SoftMmu.load(cpu, src, mo);
                        cpu.io.out(port, size, (int) v);
                    }
                    default -> throw new IllegalStateException("string kind " + kind);
                }
            } catch (GuestFault f) {
                if (i == 0) {
                    throw f;
                }
                return 0;
            }
            if (useSi) {
                r[X86Cpu.ESI] = (r[X86Cpu.ESI] & ~amask) | ((si + delta) & amask);
            }
            if (useDi) {
                r[X86Cpu.EDI] = (r[X86Cpu.EDI] & ~amask) | ((di + delta) & amask);
            }
            boolean zf = false;
            if (kind == STR_CMPS || kind == STR_SCAS) {
                int bits = size * 8;
                int m = bits == 32 ? -1 : (1 << bits) - 1;
                int a = cmpA & m;
                int bb = cmpB & m;
                r[X86Cpu.CC_OP] = X86Flags.code(X86Flags.SUB, bits);
                r[X86Cpu.CC_SRC1] = a & 0xFFFF_FFFFL;
                r[X86Cpu.CC_SRC2] = bb & 0xFFFF_FFFFL;
                r[X86Cpu.CC_DST] = ((a - bb) & m) & 0xFFFF_FFFFL;
                zf = a == bb;
            }
            if (!rep) {
                return 1;
            }
            long cnt = ((r[X86Cpu.ECX] & amask) - 1) & amask;
            r[X86Cpu.ECX] = (r[X86Cpu.ECX] & ~amask) | cnt;
            if (cnt == 0) {
                return 1;
            }
            if ((kind == STR_CMPS || kind == STR_SCAS) && (repne ? zf : !zf)) {
                return 1;
            }
            if (i + 1 >= MAX_ITERATIONS || (params & 0x8000) != 0) {
                return 0;
            }
        }
    }

    private static boolean needsCheck(X86Cpu cpu, int seg) {
        return (cpu.tbFlags() & (1L << (X86Cpu.FLAG_SEGCHK_SHIFT + seg))) != 0
                || seg == X86Cpu.CS && cpu.protectedMode() && !cpu.v86Mode();
    }

    private static void check(X86Cpu cpu, boolean needed, int seg, long offset, int size, boolean write) {
        if (needed) {
            checkSegment(cpu, seg, (int) offset, size | (write ? 0x100 : 0));
        }
    }

    // ---- I/O (SDM Vol. 1 19.5 "I/O Permission Bit Map", Vol. 3A 20.2.8.1) -----------------------------------

    /**
     * IN/OUT/INS/OUTS protection (Vol. 1 19.5.1, 19.5.2): in protected mode with CPL &gt; IOPL, and always in
     * virtual-8086 mode (IOPL does not matter there for I/O), the bits of the accessed ports in the TSS I/O
     * permission bit map must be 0, else #GP(0).
     */
    private static void checkIo(X86Cpu cpu, int port, int size) {
        if (!cpu.protectedMode()) {
            return;
        }
        int iopl = (int) (cpu.regs[X86Cpu.EFLAGS] >>> 12) & 3;
        if (cpu.v86Mode() || cpu.cpl() > iopl) {
            ProtectedMode.ioBitmap(cpu, port, size);
        }
    }

    /** IN: reads {@code size} bytes from {@code port}. */
    public static int in(X86Cpu cpu, int port, int size) {
        port &= 0xFFFF;
        checkIo(cpu, port, size);
        return cpu.io.in(port, size);
    }

    /** OUT: writes {@code size} bytes of {@code value} to {@code port}. */
    public static void out(X86Cpu cpu, int port, int size, int value) {
        port &= 0xFFFF;
        checkIo(cpu, port, size);
        cpu.io.out(port, size, value);
    }

    // ---- miscellaneous ---------------------------------------------------------------------------------------

    /** HLT (SDM Vol. 2A): #GP(0) at CPL &gt; 0; otherwise the CPU halts until an interrupt. */
    public static void hlt(X86Cpu cpu) {
        if (cpu.cpl() != 0) {
            throw cpu.fault(X86Cpu.EXC_GP, 0);
        }
        cpu.halted = true;
    }

    /** CPUID (SDM Vol. 2A): EAX..EDX from the CPU model for leaf EAX. */
    public static void cpuid(X86Cpu cpu) {
        int[] v = cpu.model.cpuid((int) cpu.regs[X86Cpu.EAX]);
        cpu.regs[X86Cpu.EAX] = v[0] & 0xFFFF_FFFFL;
        cpu.regs[X86Cpu.EBX] = v[1] & 0xFFFF_FFFFL;
        cpu.regs[X86Cpu.ECX] = v[2] & 0xFFFF_FFFFL;
        cpu.regs[X86Cpu.EDX] = v[3] & 0xFFFF_FFFFL;
    }

    /**
     * RDTSC (SDM Vol. 2B): the time-stamp counter, here the number of instructions retired (icount plus
     * those of the running block), plus {@link X86Cpu#tscOffset}: deterministic. #GP(0) if CR4.TSD and CPL &gt; 0.
     */
    public static long rdtsc(X86Cpu cpu) {
        if ((cpu.cr4 & 4) != 0 && cpu.cpl() != 0) {
            throw cpu.fault(X86Cpu.EXC_GP, 0);
        }
        return cpu.icount + cpu.curInsn + cpu.tscOffset;
    }

    // ---- system registers (SDM Vol. 3A 2.5 control registers, 2.4 memory-management registers) ------------------

    /** #GP(0) unless CPL 0 (in virtual-8086 mode CPL is 3). */
    public static void privileged(X86Cpu cpu) {
        if (cpu.cpl() != 0) {
            throw cpu.fault(X86Cpu.EXC_GP, 0);
        }
    }

    /** CR0 bits that exist on the i686. */
    static final int CR0_VALID = X86Cpu.CR0_PE | X86Cpu.CR0_MP | X86Cpu.CR0_EM | X86Cpu.CR0_TS | X86Cpu.CR0_ET
            | X86Cpu.CR0_NE | X86Cpu.CR0_WP | X86Cpu.CR0_AM | X86Cpu.CR0_NW | X86Cpu.CR0_CD | X86Cpu.CR0_PG;

    /** MOV r32, CRn: CR0, CR2, CR3, CR4 (CPL 0). */
    public static int readCr(X86Cpu cpu, int n) {
        privileged(cpu);
        return switch (n) {
            case 0 -> cpu.cr0;
            case 2 -> cpu.cr2;
            case 3 -> cpu.cr3;
            default -> cpu.cr4;
        };
    }

    /** CR0 for SMSW (any CPL). */
    public static int readCr0(X86Cpu cpu) {
        return cpu.cr0;
    }

    /**
     * MOV CRn, r32 (SDM Vol. 2B): CPL 0; setting reserved bits, PG without PE, or NW without CD is a #GP(0).
     * CR0.ET is fixed to 1 on the i686. Changes of CR0.PG/PE/WP, CR3 and CR4 flush the TLBs.
     */
    public static void writeCr(X86Cpu cpu, int n, int v) {
        privileged(cpu);
        switch (n) {
            case 0 -> {
                if ((v & ~CR0_VALID) != 0 || (v & X86Cpu.CR0_PG) != 0 && (v & X86Cpu.CR0_PE) == 0
                        || (v & X86Cpu.CR0_NW) != 0 && (v & X86Cpu.CR0_CD) == 0) {
                    throw cpu.fault(X86Cpu.EXC_GP, 0);
                }
                int old = cpu.cr0;
                cpu.cr0 = v | X86Cpu.CR0_ET;
                if (((old ^ cpu.cr0) & (X86Cpu.CR0_PG | X86Cpu.CR0_PE | X86Cpu.CR0_WP)) != 0) {
                    cpu.tlbFlushAll();
                }
            }
            case 2 -> cpu.cr2 = v;
            case 3 -> {
                cpu.cr3 = v;
                cpu.tlbFlushAll();
            }
            default -> {
                // VME PVI DE PAE MCE PCE are not implemented: setting them is a #GP(0), as for reserved bits
                // PSE and PGE only where the model reports them (CPUID.1:EDX; Vol. 3A 2.5: reserved otherwise)
                int valid = X86Cpu.CR4_TSD | (cpu.model.has(X86CpuModel.FEATURE_PSE) ? X86Cpu.CR4_PSE : 0)
                        | (cpu.model.has(X86CpuModel.FEATURE_PGE) ? X86Cpu.CR4_PGE : 0);
                if ((v & ~valid) != 0) {
                    throw cpu.fault(X86Cpu.EXC_GP, 0);
                }
                cpu.cr4 = v;
                cpu.tlbFlushAll();
            }
        }
    }

    /** LMSW (SDM Vol. 2A): loads CR0 bits 3:0 (PE can be set, not cleared); CPL 0. */
    public static void lmsw(X86Cpu cpu, int v) {
        privileged(cpu);
        int pe = cpu.cr0 & X86Cpu.CR0_PE;
        cpu.cr0 = (cpu.cr0 & ~0xF) | (v & 0xF) | pe;
        cpu.tlbFlushAll();
    }

    /** CLTS (SDM Vol. 2A): clears CR0.TS; CPL 0. */
    public static void clts(X86Cpu cpu) {
        privileged(cpu);
        cpu.cr0 &= ~X86Cpu.CR0_TS;
    }

    /** INVLPG m (SDM Vol. 2A): drops the TLB entries of the page holding linear {@code addr}; CPL 0. */
    public static void invlpg(X86Cpu cpu, long addr) {
        privileged(cpu);
        cpu.tlbFlushPage(addr);
    }

    /** LGDT (0) / LIDT (1): CPL 0 (any CPL in real-address mode). */
    public static void loadTable(X86Cpu cpu, int which, int base, int limit) {
        privileged(cpu);
        if (which == 0) {
            cpu.gdtrBase = base;
            cpu.gdtrLimit = limit & 0xFFFF;
        } else {
            cpu.idtrBase = base;
            cpu.idtrLimit = limit & 0xFFFF;
        }
    }

    /** SGDT (0) / SIDT (1): base &lt;&lt; 16 | limit. */
    public static long readTable(X86Cpu cpu, int which) {
        return which == 0 ? (cpu.gdtrBase & 0xFFFF_FFFFL) << 16 | (cpu.gdtrLimit & 0xFFFF)
                : (cpu.idtrBase & 0xFFFF_FFFFL) << 16 | (cpu.idtrLimit & 0xFFFF);
    }

    // ---- protected-mode far transfers, tasks and descriptor instructions (SDM Vol. 3A chapters 5..7) ----------

    /**
     * Far JMP/CALL ptr16:16/32 or m16:16/32 in protected mode ({@code ProtectedMode#farJmpCall}: code
     * segments, call gates, TSSs and task gates). {@code flags}: bit 0 CALL, bit 1 32-bit operand size.
     * {@code offset} is the target offset, {@code nextEip} the return EIP. Sets CS, EIP (the PC slot), ESP
     * and, for a task switch, the whole state.
     */
    public static void farJmpCall(X86Cpu cpu, int selector, int offset, int flags, int nextEip) {
        ProtectedMode.farJmpCall(cpu, selector, offset & 0xFFFF_FFFFL, (flags & 1) != 0, (flags & 2) != 0,
                nextEip & 0xFFFF_FFFFL);
    }

    /** Far RET [imm16] in protected mode ({@code ProtectedMode#retf}); {@code op32}: 32-bit operand size. */
    public static void retfProtected(X86Cpu cpu, int op32, int imm16) {
        ProtectedMode.retf(cpu, op32 != 0, imm16 & 0xFFFF);
    }

    /** IRET/IRETD in protected mode ({@code ProtectedMode#iret}); {@code nextEip}: EIP after the IRET. */
    public static void iretProtected(X86Cpu cpu, int op32, int nextEip) {
        ProtectedMode.iret(cpu, op32 != 0, nextEip & 0xFFFF_FFFFL);
    }

    /** LLDT r/m16 ({@code ProtectedMode#lldt}). */
    public static void lldt(X86Cpu cpu, int selector) {
        ProtectedMode.lldt(cpu, selector);
    }

    /** LTR r/m16 ({@code ProtectedMode#ltr}). */
    public static void ltr(X86Cpu cpu, int selector) {
        ProtectedMode.ltr(cpu, selector);
    }

    /** SLDT (0) / STR (1) (SDM Vol. 2B): the LDTR or TR selector. */
    public static int readSystemSelector(X86Cpu cpu, int which) {
        return which == 0 ? cpu.ldtrSel & 0xFFFF : cpu.trSel & 0xFFFF;
    }

    /**
     * LAR (0), LSL (1), VERR (2), VERW (3) ({@code ProtectedMode#verify}): returns the result in bits 31:0 and
     * ZF in bit 32 (1: the selector passed the checks).
     */
    public static long verifySelector(X86Cpu cpu, int selector, int which) {
        long v = ProtectedMode.verify(cpu, selector, which);
        return v < 0 ? 0 : (v & 0xFFFF_FFFFL) | 1L << 32;
    }
}
