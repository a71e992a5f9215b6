package org.jemu.arm.fuzz;

import java.util.ArrayList;
import java.util.List;
import org.jemu.testkit.UcArmReg;
import org.jemu.testkit.UcConst;
import org.jemu.testkit.Unicorn;

/**
 * Runs A32 fuzz cases on Unicorn 2 (Debian libunicorn2 2.0.1, QEMU 5.0's ARM translator) in
 * {@code UC_MODE_ARM} with the Cortex-A15 model (ARMv7-A with the virtualization extensions, so SDIV/UDIV),
 * in User mode (CPSR.M = 0b10000, written before the registers so R13/R14 are the User bank).
 *
 * <p>Stops: {@code UC_ERR_READ_UNMAPPED}/{@code UC_ERR_WRITE_UNMAPPED} with the PC at the faulting
 * instruction; the interrupt hook (which stops emulation) sees QEMU's {@code EXCP_SWI} (2, PC already after
 * the SVC, normalised to the SVC), {@code EXCP_DATA_ABORT} (4, alignment faults: nothing is unmapped-and-
 * aligned-checked otherwise) and {@code EXCP_BKPT} (7); UNDEFINED ends the run with
 * {@code UC_ERR_INSN_INVALID} at the instruction.
 */
final class UnicornA32Runner implements AutoCloseable {
    private static final int[] REGS = regIds();
    private static final int[] DREGS = java.util.stream.IntStream.range(0, 32).map(i -> UcArmReg.UC_ARM_REG_D0 + i).toArray();

    private final Unicorn uc;
    final List<Unicorn.MemAccess> trace = new ArrayList<>();
    private int intno = -1;
    private final byte[] vectorImage = A64FuzzCase.vectorImage();

    UnicornA32Runner() {
        uc = Unicorn.open(Unicorn.Arch.ARM, UcConst.UC_MODE_ARM, UcArmReg.UC_CPU_ARM_CORTEX_A15);
        try {
            uc.memMap(A32FuzzCase.CODE, A32FuzzCase.CODE_SIZE, UcConst.UC_PROT_ALL);
            uc.memMap(A32FuzzCase.DATA, A32FuzzCase.DATA_SIZE, UcConst.UC_PROT_ALL);
            uc.memMap(A32FuzzCase.VECTORS, A32FuzzCase.VECTORS_SIZE, UcConst.UC_PROT_ALL);
            uc.traceMemory(trace);
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

    private static int[] regIds() {
        int[] ids = new int[15];
        for (int i = 0; i <= 12; i++) {
            ids[i] = UcArmReg.UC_ARM_REG_R0 + i;
        }
        ids[13] = UcArmReg.UC_ARM_REG_SP;
        ids[14] = UcArmReg.UC_ARM_REG_LR;
        return ids;
    }

    void load(A32FuzzCase c) {
        uc.memWrite(A32FuzzCase.CODE, c.codeImage());
        uc.memWrite(A32FuzzCase.DATA, c.data());
        uc.memWrite(A32FuzzCase.VECTORS, vectorImage);
        long cpsr = (long) c.nzcvq() << 27 | (long) c.ge() << 16 | 0x10;
        uc.regWrite(UcArmReg.UC_ARM_REG_CPSR, cpsr);
        uc.regWriteBatch(REGS, c.r());
        uc.regWrite(UcArmReg.UC_ARM_REG_FPEXC, 0x4000_0000L);
        uc.regWriteBatch(DREGS, c.d());
        uc.regWrite(UcArmReg.UC_ARM_REG_FPSCR, c.fpscr() & 0xffff_ffffL);
    }

    A32FuzzState run(A32FuzzCase c) {
        load(c);
        return emulate(c, c.codeAddr(), -1);
    }

    A32FuzzState step(A32FuzzCase c, long pc) {
        return emulate(c, pc, 1);
    }

    private A32FuzzState emulate(A32FuzzCase c, long pc, long count) {
        trace.clear();
        intno = -1;
        int err = uc.emuStartRaw(pc, c.end(), 0, count);
        long[] v = uc.regReadBatch(REGS);
        long[] r = new long[15];
        for (int i = 0; i < 15; i++) {
            r[i] = v[i] & 0xffff_ffffL;
        }
        long newPc = uc.regRead(UcArmReg.UC_ARM_REG_PC) & 0xffff_ffffL;
        long cpsr = uc.regRead(UcArmReg.UC_ARM_REG_CPSR);
        byte[] data = uc.memRead(A32FuzzCase.DATA, A32FuzzCase.DATA_SIZE);
        long[] d = uc.regReadBatch(DREGS);
        int fpscr = (int) uc.regRead(UcArmReg.UC_ARM_REG_FPSCR);
        return new A32FuzzState(r, (int) (cpsr >>> 27) & 0x1f, (int) (cpsr >>> 16) & 0xf, d, fpscr, data,
                stop(c, err, newPc));
    }

    private A32FuzzState.Stop stop(A32FuzzCase c, int err, long pc) {
        if (err == UcConst.UC_ERR_READ_UNMAPPED || err == UcConst.UC_ERR_WRITE_UNMAPPED) {
            long addr = -1;
            for (Unicorn.MemAccess a : trace) {
                if (a.type() == UcConst.UC_MEM_READ_UNMAPPED || a.type() == UcConst.UC_MEM_WRITE_UNMAPPED) {
                    addr = a.address() & 0xffff_ffffL;
                    break;
                }
            }
            return new A32FuzzState.Stop(A32FuzzState.Kind.UNMAPPED_ABORT, pc, err == UcConst.UC_ERR_WRITE_UNMAPPED,
                    addr, UcConst.errName(err));
        }
        if (err == UcConst.UC_ERR_INSN_INVALID) {
            return new A32FuzzState.Stop(A32FuzzState.Kind.UNDEFINED, pc, false, 0, "");
        }
        if (err != UcConst.UC_ERR_OK) {
            return new A32FuzzState.Stop(A32FuzzState.Kind.OTHER, pc, false, 0, UcConst.errName(err));
        }
        switch (intno) {
            case -1:
                return A32FuzzState.Stop.of(pc == c.end() ? A32FuzzState.Kind.COMPLETED : A32FuzzState.Kind.RUNNING, pc);
            case 2:
                return A32FuzzState.Stop.of(A32FuzzState.Kind.SVC, pc - 4);
            case 4:
                return new A32FuzzState.Stop(A32FuzzState.Kind.ALIGNMENT_ABORT, pc, false, 0, "");
            case 7:
                return A32FuzzState.Stop.of(A32FuzzState.Kind.BKPT, pc);
            case 1:
                return A32FuzzState.Stop.of(A32FuzzState.Kind.UNDEFINED, pc);
            default:
                return new A32FuzzState.Stop(A32FuzzState.Kind.OTHER, pc, false, 0, "exception intno " + intno);
        }
    }

    /** Whether the last run wrote into the code or vector region. */
    boolean wroteOutsideData() {
        for (Unicorn.MemAccess a : trace) {
            if (a.isWrite() && (overlaps(a, A32FuzzCase.CODE, A32FuzzCase.CODE_SIZE)
                    || overlaps(a, A32FuzzCase.VECTORS, A32FuzzCase.VECTORS_SIZE))) {
                return true;
            }
        }
        return false;
    }

    private static boolean overlaps(Unicorn.MemAccess a, long base, int size) {
        return Long.compareUnsigned(a.address() + a.size() - 1, base) >= 0
                && Long.compareUnsigned(a.address(), base + size) < 0;
    }

    @Override
    public void close() {
        uc.close();
    }
}
