package org.jemu.ppc.fuzz;

import java.util.ArrayList;
import java.util.List;
import org.jemu.testkit.UcConst;
import org.jemu.testkit.UcPpcReg;
import org.jemu.testkit.Unicorn;

/**
 * Runs fuzz cases on Unicorn 2 (Debian libunicorn2 2.0.1, QEMU 5.0's PowerPC translator), the oracle:
 * PowerPC 750 (v3.1) model, 32-bit big-endian, the regions of {@link PpcFuzzCase} mapped
 * read/write/execute.
 *
 * <p>Unicorn's XER register id reads without SO/OV/CA and its CR and reservation are not reachable through
 * register ids in a way that round-trips, so the state goes through guest code in the {@link PpcFuzzCase#STUB}
 * page: the setup snippet clears the reservation ({@code lwarx}/{@code stwcx.} to the data region, which
 * rewrites the value just read), then {@code mtcrf 0xff,r4}, {@code mtxer r3} and {@code mtfsf 0xff,f0}; the
 * read-back snippet is {@code mfxer r3; mfcr r4; mffs f0}, run after the GPRs and FPRs have been read. MSR[FP]
 * is set, MSR[FE0] = MSR[FE1] = 0 (floating-point exceptions ignored).
 *
 * <p>A run stops at {@link PpcFuzzCase#end()} ({@code until}), after {@link #COUNT} instructions, on a data
 * or fetch access to unmapped memory ({@code UC_ERR_*_UNMAPPED}, PC at the faulting instruction), or on an
 * exception reported to the interrupt hook, which records it and stops: QEMU's exception numbers 5
 * (alignment), 6 (program: trap), 8 (system call), and 96 for an illegal or invalid instruction (Unicorn's
 * own number for it). The hook sees the PC after the excepting instruction. Unicorn performs no interrupt
 * entry, so the registers are as at the exception.
 */
final class UnicornPpcRunner implements AutoCloseable {
    /** Instruction count limit of a run (sequences only branch forward, but bclr/bcctr may go anywhere). */
    static final long COUNT = 200;
    static final long SETUP = PpcFuzzCase.STUB;
    static final long SETUP_END = SETUP + 20;
    static final long READBACK = PpcFuzzCase.STUB + 0x100;
    static final long READBACK_END = READBACK + 12;

    private final Unicorn uc;
    final List<Unicorn.MemAccess> trace = new ArrayList<>();
    private int intno = -1;
    private long intPc;
    private boolean collecting;

    /** The stub page: setup at +0, read-back at +0x100 (big-endian words). */
    static byte[] stubImage() {
        int[] setup = {
            0x7CC02828, // lwarx r6,0,r5
            0x7CC0292D, // stwcx. r6,0,r5
            0x7C8FF120, // mtcrf 0xff,r4
            0x7C6103A6, // mtxer r3
            0xFDFE058E, // mtfsf 0xff,f0
        };
        int[] readback = {
            0x7C6102A6, // mfxer r3
            0x7C800026, // mfcr r4
            0xFC00048E, // mffs f0
        };
        byte[] img = new byte[PpcFuzzCase.STUB_SIZE];
        put(img, 0, setup);
        put(img, 0x100, readback);
        return img;
    }

    private static void put(byte[] img, int off, int[] words) {
        for (int i = 0; i < words.length; i++) {
            for (int k = 0; k < 4; k++) {
                img[off + 4 * i + k] = (byte) (words[i] >>> (24 - 8 * k));
            }
        }
    }

    UnicornPpcRunner() {
        uc = Unicorn.open(Unicorn.Arch.PPC, UcConst.UC_MODE_PPC32 | UcConst.UC_MODE_BIG_ENDIAN,
                UcPpcReg.UC_CPU_PPC32_750_V3_1);
        try {
            uc.memMap(PpcFuzzCase.CODE, PpcFuzzCase.CODE_SIZE, UcConst.UC_PROT_ALL);
            uc.memMap(PpcFuzzCase.DATA, PpcFuzzCase.DATA_SIZE, UcConst.UC_PROT_ALL);
            uc.memMap(PpcFuzzCase.STUB, PpcFuzzCase.STUB_SIZE, UcConst.UC_PROT_ALL);
            uc.memWrite(PpcFuzzCase.STUB, stubImage());
            uc.regWrite(UcPpcReg.UC_PPC_REG_MSR, uc.regRead(UcPpcReg.UC_PPC_REG_MSR) | 0x2000);  // MSR[FP]
            List<Unicorn.MemAccess> sink = new ArrayList<>() {
                @Override
                public boolean add(Unicorn.MemAccess a) {
                    return collecting && trace.add(a);
                }
            };
            uc.traceMemory(sink);
            uc.hookInterrupt((u, n) -> {
                intno = n;
                intPc = u.regRead(UcPpcReg.UC_PPC_REG_PC);
                u.emuStop();
            });
            uc.setTbInvalidation(Unicorn.TbInvalidation.ALWAYS);
        } catch (RuntimeException e) {
            uc.close();
            throw e;
        }
    }

    private static final int[] GPRS = gprIds();

    private static int[] gprIds() {
        int[] ids = new int[32];
        for (int i = 0; i < 32; i++) {
            ids[i] = UcPpcReg.UC_PPC_REG_0 + i;
        }
        return ids;
    }

    /** Loads the case's memory and registers (XER, CR and the reservation through the setup snippet). */
    void load(PpcFuzzCase c) {
        uc.memWrite(PpcFuzzCase.CODE, c.codeImage());
        uc.memWrite(PpcFuzzCase.DATA, c.data());
        uc.regWrite(UcPpcReg.UC_PPC_REG_3, c.xer());
        uc.regWrite(UcPpcReg.UC_PPC_REG_4, c.cr());
        uc.regWrite(UcPpcReg.UC_PPC_REG_5, PpcFuzzCase.DATA);
        uc.regWrite(UcPpcReg.UC_PPC_REG_FPR0, c.fpscr());
        collecting = false;
        int err = uc.emuStartRaw(SETUP, SETUP_END, 0, 16);
        if (err != UcConst.UC_ERR_OK) {
            throw new IllegalStateException("Unicorn setup snippet failed: " + UcConst.errName(err));
        }
        uc.memWrite(PpcFuzzCase.DATA, c.data());
        // the FPSCR register id writes through QEMU's store_fpscr, which keeps FI (mtfsf's status check clears it)
        uc.regWrite(UcPpcReg.UC_PPC_REG_FPSCR, c.fpscr());
        uc.regWriteBatch(GPRS, c.gpr());
        uc.regWrite(UcPpcReg.UC_PPC_REG_LR, c.lr());
        uc.regWrite(UcPpcReg.UC_PPC_REG_CTR, c.ctr());
        for (int i = 0; i < 32; i++) {
            uc.regWrite(UcPpcReg.UC_PPC_REG_FPR0 + i, c.fpr()[i]);
        }
    }

    /**
     * Makes Unicorn's FPRs, FPSCR and CR those of {@code s} (jemu's state after an instruction whose FP result
     * differs from Unicorn's in a known way), so lock-step comparison can go on from the same state.
     */
    void syncFp(PpcFuzzState s) {
        for (int i = 0; i < 32; i++) {
            uc.regWrite(UcPpcReg.UC_PPC_REG_FPR0 + i, s.fpr()[i]);
        }
        uc.regWrite(UcPpcReg.UC_PPC_REG_FPSCR, s.fpscr());
        uc.regWrite(UcPpcReg.UC_PPC_REG_CR, s.cr());
    }

    /** Unicorn's FPSCR as its register id reads it. */
    long fpscr() {
        return uc.regRead(UcPpcReg.UC_PPC_REG_FPSCR) & 0xffff_ffffL;
    }

    PpcFuzzState run(PpcFuzzCase c) {
        load(c);
        return emulate(c, c.codeAddr(), COUNT);
    }

    PpcFuzzState step(PpcFuzzCase c, long pc) {
        return emulate(c, pc, 1);
    }

    private PpcFuzzState emulate(PpcFuzzCase c, long pc, long count) {
        trace.clear();
        intno = -1;
        collecting = true;
        int err = uc.emuStartRaw(pc, c.end(), 0, count);
        collecting = false;
        long newPc = intno >= 0 ? intPc : uc.regRead(UcPpcReg.UC_PPC_REG_PC);
        long[] g = uc.regReadBatch(GPRS);
        for (int i = 0; i < 32; i++) {
            g[i] &= 0xffff_ffffL;
        }
        long lr = uc.regRead(UcPpcReg.UC_PPC_REG_LR) & 0xffff_ffffL;
        long ctr = uc.regRead(UcPpcReg.UC_PPC_REG_CTR) & 0xffff_ffffL;
        byte[] data = uc.memRead(PpcFuzzCase.DATA, PpcFuzzCase.DATA_SIZE);
        PpcFuzzState.Stop stop = stop(c, err, newPc);
        long[] f = new long[32];
        for (int i = 0; i < 32; i++) {
            f[i] = uc.regRead(UcPpcReg.UC_PPC_REG_FPR0 + i);
        }
        // read XER and CR through guest code, then restore r3/r4 and the PC
        int rb = uc.emuStartRaw(READBACK, READBACK_END, 0, 8);
        if (rb != UcConst.UC_ERR_OK) {
            throw new IllegalStateException("Unicorn read-back snippet failed: " + UcConst.errName(rb));
        }
        long xer = uc.regRead(UcPpcReg.UC_PPC_REG_3) & 0xffff_ffffL;
        long cr = uc.regRead(UcPpcReg.UC_PPC_REG_4) & 0xffff_ffffL;
        long fpscr = uc.regRead(UcPpcReg.UC_PPC_REG_FPR0) & 0xffff_ffffL;
        uc.regWrite(UcPpcReg.UC_PPC_REG_3, g[3]);
        uc.regWrite(UcPpcReg.UC_PPC_REG_4, g[4]);
        uc.regWrite(UcPpcReg.UC_PPC_REG_FPR0, f[0]);
        uc.regWrite(UcPpcReg.UC_PPC_REG_PC, newPc);
        return new PpcFuzzState(g, cr, xer, lr, ctr, data, stop, f, fpscr);
    }

    private PpcFuzzState.Stop stop(PpcFuzzCase c, int err, long pc) {
        if (err == UcConst.UC_ERR_READ_UNMAPPED || err == UcConst.UC_ERR_WRITE_UNMAPPED) {
            long addr = -1;
            for (Unicorn.MemAccess a : trace) {
                if (a.type() == UcConst.UC_MEM_READ_UNMAPPED || a.type() == UcConst.UC_MEM_WRITE_UNMAPPED) {
                    addr = a.address();
                    break;
                }
            }
            return new PpcFuzzState.Stop(PpcFuzzState.Kind.UNMAPPED, pc, err == UcConst.UC_ERR_WRITE_UNMAPPED, addr,
                    UcConst.errName(err));
        }
        if (err == UcConst.UC_ERR_FETCH_UNMAPPED) {
            return new PpcFuzzState.Stop(PpcFuzzState.Kind.FETCH_UNMAPPED, pc, false, 0, UcConst.errName(err));
        }
        if (err != UcConst.UC_ERR_OK) {
            return new PpcFuzzState.Stop(PpcFuzzState.Kind.OTHER, pc, false, 0, UcConst.errName(err));
        }
        // The hook sees the PC after the instruction that raised the exception: for sc that is SRR0, for the
        // others the faulting instruction is 4 bytes back.
        long cia = pc - 4;
        return switch (intno) {
            case -1 -> PpcFuzzState.Stop.of(pc == c.end() ? PpcFuzzState.Kind.COMPLETED : PpcFuzzState.Kind.RUNNING, pc);
            case 5 -> new PpcFuzzState.Stop(PpcFuzzState.Kind.ALIGNMENT, cia, false, 0, "POWERPC_EXCP_ALIGN");
            case 6 -> new PpcFuzzState.Stop(PpcFuzzState.Kind.PROGRAM, cia, false, 0, "POWERPC_EXCP_PROGRAM");
            case 8 -> new PpcFuzzState.Stop(PpcFuzzState.Kind.SYSCALL, pc, false, 0, "POWERPC_EXCP_SYSCALL");
            case 96 -> new PpcFuzzState.Stop(PpcFuzzState.Kind.ILLEGAL, cia, false, 0, "invalid instruction (intno 96)");
            default -> new PpcFuzzState.Stop(PpcFuzzState.Kind.OTHER, cia, false, 0, "exception intno " + intno);
        };
    }

    /** Whether the last run wrote into the code or stub region. */
    boolean wroteOutsideData() {
        for (Unicorn.MemAccess a : trace) {
            if (a.isWrite() && (overlaps(a, PpcFuzzCase.CODE, PpcFuzzCase.CODE_SIZE)
                    || overlaps(a, PpcFuzzCase.STUB, PpcFuzzCase.STUB_SIZE))) {
                return true;
            }
        }
        return false;
    }

    private static boolean overlaps(Unicorn.MemAccess a, long base, int size) {
        return Long.compareUnsigned(a.address() + a.size() - 1, base) >= 0
                && Long.compareUnsigned(a.address(), base + size) < 0;
    }

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
