package org.jemu.arm.fuzz;

import java.util.ArrayList;
import java.util.List;
import org.jemu.testkit.UcArm64Reg;
import org.jemu.testkit.UcConst;
import org.jemu.testkit.Unicorn;

/**
 * Runs fuzz cases on Unicorn 2 (Debian libunicorn2 2.0.1, QEMU 5.0's AArch64 translator), the oracle:
 * Cortex-A57 model, EL1h as Unicorn resets it, the regions of {@link A64FuzzCase} mapped read/write/execute.
 *
 * <p>Unicorn stops at {@link A64FuzzCase#end()} ({@code until}); a memory fault on unmapped memory ends the
 * run with {@code UC_ERR_READ_UNMAPPED}/{@code UC_ERR_WRITE_UNMAPPED} and the PC at the faulting
 * instruction; an exception (an alignment fault is QEMU's {@code EXCP_DATA_ABORT}, intno 4; UNDEFINED is
 * intno 1) reaches the interrupt hook, which records it and stops (without the hook, UNDEFINED and BRK
 * would be retried forever). Unicorn does not perform exception entry, so the registers stay as they were
 * at the faulting instruction, which is what jemu's ELR/ESR/FAR plus registers are compared with.
 * Every data access is recorded ({@link Unicorn#traceMemory}) for reports and to spot stores into the code
 * region.
 */
final class UnicornA64Runner implements AutoCloseable {
    private static final int[] REGS = regIds();

    private final Unicorn uc;
    /** Data accesses of the last run or step, in order. */
    final List<Unicorn.MemAccess> trace = new ArrayList<>();
    private int intno = -1;
    private final byte[] vectorImage = A64FuzzCase.vectorImage();

    UnicornA64Runner() {
        uc = Unicorn.open(Unicorn.Arch.ARM64, UcConst.UC_MODE_ARM, UcArm64Reg.UC_CPU_ARM64_A57);
        try {
            uc.memMap(A64FuzzCase.CODE, A64FuzzCase.CODE_SIZE, UcConst.UC_PROT_ALL);
            uc.memMap(A64FuzzCase.DATA, A64FuzzCase.DATA_SIZE, UcConst.UC_PROT_ALL);
            uc.memMap(A64FuzzCase.VECTORS, A64FuzzCase.VECTORS_SIZE, UcConst.UC_PROT_ALL);
            uc.traceMemory(trace);
            uc.hookInterrupt((u, n) -> {
                intno = n;
                u.emuStop();
            });
            // code is rewritten at the same addresses for every case: never reuse a translation
            uc.setTbInvalidation(Unicorn.TbInvalidation.ALWAYS);
        } catch (RuntimeException e) {
            uc.close();
            throw e;
        }
    }

    private static int[] regIds() {
        int[] ids = new int[33];
        for (int i = 0; i <= 28; i++) {
            ids[i] = UcArm64Reg.UC_ARM64_REG_X0 + i;
        }
        ids[29] = UcArm64Reg.UC_ARM64_REG_X29;
        ids[30] = UcArm64Reg.UC_ARM64_REG_X30;
        ids[31] = UcArm64Reg.UC_ARM64_REG_SP;
        ids[32] = UcArm64Reg.UC_ARM64_REG_NZCV;
        return ids;
    }

    /** Sets the case's initial registers and memory. */
    void load(A64FuzzCase c) {
        uc.memWrite(A64FuzzCase.CODE, c.codeImage());
        uc.memWrite(A64FuzzCase.DATA, c.data());
        uc.memWrite(A64FuzzCase.VECTORS, vectorImage);
        long[] v = new long[33];
        System.arraycopy(c.x(), 0, v, 0, 31);
        v[31] = c.sp();
        v[32] = (long) c.nzcv() << 28;
        uc.regWriteBatch(REGS, v);
        for (int i = 0; i < 32; i++) {
            byte[] q = new byte[16];
            java.nio.ByteBuffer.wrap(q).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(c.v()[2 * i]).putLong(c.v()[2 * i + 1]);
            uc.regWrite128(UcArm64Reg.UC_ARM64_REG_Q0 + i, q);
        }
        uc.regWrite(UcArm64Reg.UC_ARM64_REG_FPCR, c.fpcr());
        uc.regWrite(UcArm64Reg.UC_ARM64_REG_FPSR, c.fpsr());
    }

    /** Runs the case from its initial state until the terminator or a fault. */
    A64FuzzState run(A64FuzzCase c) {
        load(c);
        // count -1 (SIZE_MAX) rather than 0 ("unlimited" alike): after the counted single steps of a
        // diagnosis, count 0 would make Unicorn 2.0.1 remove its count hook and flush the whole
        // translation cache, tens of milliseconds each time
        return emulate(c, c.codeAddr(), -1);
    }

    /** Executes one instruction at {@code pc} from the current state. */
    A64FuzzState step(A64FuzzCase c, long pc) {
        return emulate(c, pc, 1);
    }

    private A64FuzzState emulate(A64FuzzCase c, long pc, long count) {
        trace.clear();
        intno = -1;
        int err = uc.emuStartRaw(pc, c.end(), 0, count);
        long[] v = uc.regReadBatch(REGS);
        long[] x = new long[31];
        System.arraycopy(v, 0, x, 0, 31);
        long newPc = uc.regRead(UcArm64Reg.UC_ARM64_REG_PC);
        byte[] data = uc.memRead(A64FuzzCase.DATA, A64FuzzCase.DATA_SIZE);
        long[] vr = new long[64];
        for (int i = 0; i < 32; i++) {
            java.nio.ByteBuffer q = java.nio.ByteBuffer.wrap(uc.regRead128(UcArm64Reg.UC_ARM64_REG_Q0 + i))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            vr[2 * i] = q.getLong();
            vr[2 * i + 1] = q.getLong();
        }
        long fpcr = uc.regRead(UcArm64Reg.UC_ARM64_REG_FPCR);
        long fpsr = uc.regRead(UcArm64Reg.UC_ARM64_REG_FPSR);
        return new A64FuzzState(x, v[31], (int) (v[32] >>> 28) & 0xf, data, stop(c, err, newPc), vr, fpcr, fpsr);
    }

    private A64FuzzState.Stop stop(A64FuzzCase c, int err, long pc) {
        if (err == UcConst.UC_ERR_READ_UNMAPPED || err == UcConst.UC_ERR_WRITE_UNMAPPED) {
            // the first invalid access: for an access split into bytes (unaligned, crossing into
            // unmapped memory) Unicorn reports every remaining byte, jemu the first faulting one in FAR
            long addr = -1;
            for (Unicorn.MemAccess a : trace) {
                if (a.type() == UcConst.UC_MEM_READ_UNMAPPED || a.type() == UcConst.UC_MEM_WRITE_UNMAPPED) {
                    addr = a.address();
                    break;
                }
            }
            return new A64FuzzState.Stop(A64FuzzState.Kind.UNMAPPED_ABORT, pc, err == UcConst.UC_ERR_WRITE_UNMAPPED,
                    addr, UcConst.errName(err));
        }
        if (err != UcConst.UC_ERR_OK) {
            return new A64FuzzState.Stop(A64FuzzState.Kind.OTHER, pc, false, 0, UcConst.errName(err));
        }
        if (intno == 4) {
            return new A64FuzzState.Stop(A64FuzzState.Kind.ALIGNMENT_ABORT, pc, false, 0, "EXCP_DATA_ABORT");
        }
        if (intno >= 0) {
            return new A64FuzzState.Stop(A64FuzzState.Kind.OTHER, pc, false, 0,
                    "exception intno " + intno + (intno == 1 ? " (EXCP_UDEF)" : ""));
        }
        return A64FuzzState.Stop.of(pc == c.end() ? A64FuzzState.Kind.COMPLETED : A64FuzzState.Kind.RUNNING, pc);
    }

    /**
     * Whether the last run wrote into the code or vector region. (Unicorn calls the valid-write hook for a
     * store to unmapped memory too, before reporting it as unmapped, so the address decides.)
     */
    boolean wroteOutsideData() {
        for (Unicorn.MemAccess a : trace) {
            if (a.isWrite() && (overlaps(a, A64FuzzCase.CODE, A64FuzzCase.CODE_SIZE)
                    || overlaps(a, A64FuzzCase.VECTORS, A64FuzzCase.VECTORS_SIZE))) {
                return true;
            }
        }
        return false;
    }

    private static boolean overlaps(Unicorn.MemAccess a, long base, int size) {
        return Long.compareUnsigned(a.address() + a.size() - 1, base) >= 0
                && Long.compareUnsigned(a.address(), base + size) < 0;
    }

    /** Accesses recorded by {@link #trace}, one per line. */
    static String format(List<Unicorn.MemAccess> accesses) {
        StringBuilder sb = new StringBuilder();
        for (Unicorn.MemAccess a : accesses) {
            String t = switch (a.type()) {
                case UcConst.UC_MEM_READ -> "read ";
                case UcConst.UC_MEM_WRITE -> "write";
                case UcConst.UC_MEM_READ_UNMAPPED -> "read  (unmapped)";
                case UcConst.UC_MEM_WRITE_UNMAPPED -> "write (unmapped)";
                default -> "type " + a.type();
            };
            sb.append(String.format("      %s %d bytes at 0x%x%s%n", t, a.size(), a.address(),
                    a.isWrite() ? String.format(" value 0x%x", a.value()) : ""));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        uc.close();
    }
}
