package org.jemu.x86.fuzz;

import org.jemu.testkit.UcConst;
import org.jemu.testkit.UcX86Reg;
import org.jemu.testkit.Unicorn;

/**
 * Runs fuzz cases on Unicorn 2 (Debian libunicorn2 2.0.1, QEMU 5.0's i386 translator), the oracle:
 * UC_MODE_32 (flat protected mode, CPL 0; for PROT16 with the selectors, CS last, loaded from the case's GDT)
 * or UC_MODE_16 (real mode, CS = 0: Unicorn runs 16-bit code at linear = EIP), the regions of
 * {@link X86FuzzCase} mapped read/write/execute. Unicorn starts at an EIP and stops at a linear address.
 *
 * <p>Unicorn stops at the HLT ({@code until}); an exception or software interrupt reaches the interrupt
 * hook, which records its number and stops (EIP is then the faulting instruction, or the next one for INT n,
 * INT3, INTO, INT1 and the single-step trap); #UD ends the run with {@code UC_ERR_INSN_INVALID}; an access to
 * unmapped memory with {@code UC_ERR_READ/WRITE_UNMAPPED} at the faulting instruction.
 */
final class UnicornX86Runner implements AutoCloseable {
    private static final int[] REGS = {UcX86Reg.UC_X86_REG_EAX, UcX86Reg.UC_X86_REG_ECX, UcX86Reg.UC_X86_REG_EDX,
            UcX86Reg.UC_X86_REG_EBX, UcX86Reg.UC_X86_REG_ESP, UcX86Reg.UC_X86_REG_EBP, UcX86Reg.UC_X86_REG_ESI,
            UcX86Reg.UC_X86_REG_EDI, UcX86Reg.UC_X86_REG_EFLAGS};
    private static final int[] SEGS = {UcX86Reg.UC_X86_REG_ES, UcX86Reg.UC_X86_REG_CS, UcX86Reg.UC_X86_REG_SS,
            UcX86Reg.UC_X86_REG_DS, UcX86Reg.UC_X86_REG_FS, UcX86Reg.UC_X86_REG_GS};
    /** Instruction count limit of a run (REP iterations count). */
    static final long COUNT = 200_000;

    final X86FuzzCase.Mode mode;
    private Unicorn uc;
    /** Unicorn instances opened (a fresh one after every contributory exception). */
    int opened;
    private int intno = -1;
    /** Stop address of a REP step, or -1. */
    private long trace = -1;
    /** An exception was taken: the next load needs a fresh instance. */
    private boolean dirty;

    UnicornX86Runner(X86FuzzCase.Mode mode) {
        this.mode = mode;
        open();
    }

    /**
     * Opens a fresh Unicorn. Needed after an exception: the interrupt hook stops QEMU before it delivers
     * the exception, so QEMU's {@code env->old_exception} stays set and the next contributory exception
     * (#DE, #TS, #NP, #SS, #GP) would be promoted to #DF (QEMU {@code check_exception}), even in a later run.
     */
    private void open() {
        if (uc != null) {
            uc.close();
        }
        opened++;
        uc = Unicorn.open(Unicorn.Arch.X86, mode == X86FuzzCase.Mode.REAL16 ? UcConst.UC_MODE_16 : UcConst.UC_MODE_32);
        try {
            if (mode != X86FuzzCase.Mode.REAL16) {
                uc.memMap(X86FuzzCase.DATA32, mode == X86FuzzCase.Mode.PROT16 ? X86FuzzCase.DATA16_SIZE
                        : X86FuzzCase.DATA32_SIZE, UcConst.UC_PROT_ALL);
                uc.memMap(X86FuzzCase.CODE32, X86FuzzCase.CODE32_SIZE, UcConst.UC_PROT_ALL);
            } else {
                uc.memMap(0, X86FuzzCase.MEM16_SIZE, UcConst.UC_PROT_ALL);
            }
            uc.hookInterrupt((u, n) -> {
                intno = n;
                u.emuStop();
            });
            uc.setTbInvalidation(Unicorn.TbInvalidation.ALWAYS);
        } catch (RuntimeException e) {
            uc.close();
            throw e;
        }
    }

    void load(X86FuzzCase c) {
        if (dirty) {
            open();
            dirty = false;
        }
        if (mode != X86FuzzCase.Mode.REAL16) {
            uc.memWrite(X86FuzzCase.CODE32, c.codeImage());
            uc.memWrite(X86FuzzCase.DATA32, c.memory());
            uc.regWriteX86Mmr(UcX86Reg.UC_X86_REG_GDTR, new Unicorn.X86Mmr(0, X86FuzzCase.GDT, X86FuzzCase.GDT_LIMIT, 0));
            // Load the data segments from the GDT (flat, accessed, B = 1). Unicorn's UC_MODE_32 set-up leaves
            // the B bit out of the SS cache, and QEMU recomputes the stack size from it at every segment load,
            // so after any MOV Sreg the stack would silently become 16-bit.
            for (int s = 0; s < 6; s++) {
                if (s != 1) {
                    uc.regWrite(SEGS[s], c.segs()[s]);
                }
            }
            if (mode == X86FuzzCase.Mode.PROT16) {
                // last: QEMU recomputes the 16/32-bit code and stack sizes and ADDSEG at every segment load
                uc.regWrite(UcX86Reg.UC_X86_REG_CS, X86FuzzCase.CS16_SELECTOR);
            }
        } else {
            uc.memWrite(0, c.memoryImage());
            for (int s = 0; s < 6; s++) {
                uc.regWrite(SEGS[s], c.segs()[s]);
            }
        }
        long[] v = new long[9];
        System.arraycopy(c.regs(), 0, v, 0, 8);
        v[8] = c.eflags();
        uc.regWriteBatch(REGS, v);
    }

    X86FuzzState run(X86FuzzCase c) {
        load(c);
        return emulate(c, c.codeAddr() - c.csBase(), COUNT, false, true);
    }

    /**
     * One instruction (all iterations of a REP instruction, run until {@code repNext}, the next instruction,
     * when it is not -1) from the current state at {@code eip}.
     */
    X86FuzzState step(X86FuzzCase c, long eip, long repNext) {
        if (repNext >= 0) {
            trace = repNext + c.csBase();        // Unicorn's until is a linear address
            X86FuzzState s = emulate(c, eip, COUNT, true, true);
            trace = -1;
            return s;
        }
        X86FuzzState s = emulate(c, eip, 1, true, false);
        for (int i = 0; i < 100_000 && s.stop().kind() == X86FuzzState.Kind.RUNNING && s.eip() == eip; i++) {
            s = emulate(c, eip, 1, true, false);
        }
        return new X86FuzzState(s.regs(), s.eip(), s.eflags(), s.segs(), snapshot(c), s.stop(), s.x87());
    }

    /** The compared memory: the data window. */
    byte[] snapshot(X86FuzzCase c) {
        return uc.memRead(c.memBase(), c.memSize());
    }

    private X86FuzzState emulate(X86FuzzCase c, long eip, long count, boolean stepping, boolean readMemory) {
        intno = -1;
        int err = uc.emuStartRaw(eip, trace >= 0 ? trace : c.end(), 0, count);
        long[] v = uc.regReadBatch(REGS);
        long[] r = new long[8];
        for (int i = 0; i < 8; i++) {
            r[i] = v[i] & 0xFFFF_FFFFL;
        }
        int[] segs = new int[6];
        for (int s = 0; s < 6; s++) {
            segs[s] = (int) uc.regRead(SEGS[s]) & 0xFFFF;
        }
        long pc = uc.regRead(UcX86Reg.UC_X86_REG_EIP) & 0xFFFF_FFFFL;
        if (c.csBase() != 0 && pc >= c.codeAddr() && pc < c.codeAddr() + X86FuzzCase.CODE32_SIZE) {
            // Unicorn 2.0.1's code hook (the instruction count uses one) syncs EIP before each instruction
            // with the linear address (gen_jmp_im(pc_start) without "- cs_base"); a stop by the count, at the
            // end address or on an unmapped access leaves that value. The case's EIPs are all below the code's
            // linear address, so it is unambiguous.
            pc -= c.csBase();
        }
        byte[] m = readMemory ? snapshot(c) : null;
        X86FuzzState.Stop stop;
        if (err == UcConst.UC_ERR_READ_UNMAPPED || err == UcConst.UC_ERR_WRITE_UNMAPPED
                || err == UcConst.UC_ERR_FETCH_UNMAPPED) {
            stop = new X86FuzzState.Stop(X86FuzzState.Kind.UNMAPPED, pc, -1, UcConst.errName(err));
        } else if (err == UcConst.UC_ERR_INSN_INVALID) {
            stop = new X86FuzzState.Stop(X86FuzzState.Kind.EXCEPTION, pc, 6, "UC_ERR_INSN_INVALID");
        } else if (err != UcConst.UC_ERR_OK) {
            stop = new X86FuzzState.Stop(X86FuzzState.Kind.OTHER, pc, -1, UcConst.errName(err));
        } else if (intno >= 0) {
            dirty = true;
            stop = new X86FuzzState.Stop(X86FuzzState.Kind.EXCEPTION, pc, intno, "");
        } else if (pc == c.endEip() || intno == 1 && pc == c.endEip() + 1) {
            stop = X86FuzzState.Stop.of(X86FuzzState.Kind.COMPLETED, pc);
        } else {
            stop = X86FuzzState.Stop.of(stepping ? X86FuzzState.Kind.RUNNING : X86FuzzState.Kind.TIMEOUT, pc);
        }
        return new X86FuzzState(r, pc, (int) v[8], segs, m, stop, c.x87Image() != null ? X87Fuzz.read(uc) : null);
    }

    /**
     * Whether the last run changed the code. (Compared by content rather than with Unicorn's memory hooks:
     * with UC_HOOK_MEM_WRITE installed, Unicorn 2.0.1 computes a wrong CF for SHLD/SHRD with a memory
     * destination, and the hooks slow every access down.)
     */
    boolean wroteCode(X86FuzzCase c, X86FuzzState s) {
        if (mode != X86FuzzCase.Mode.REAL16) {
            return !java.util.Arrays.equals(uc.memRead(X86FuzzCase.CODE32, X86FuzzCase.CODE32_SIZE), c.codeImage());
        }
        byte[] img = c.memoryImage();
        return java.util.Arrays.mismatch(s.memory(), (int) X86FuzzCase.CODE16, (int) X86FuzzCase.CODE16 + 0x1000,
                img, (int) X86FuzzCase.CODE16, (int) X86FuzzCase.CODE16 + 0x1000) >= 0;
    }

    @Override
    public void close() {
        uc.close();
    }
}
