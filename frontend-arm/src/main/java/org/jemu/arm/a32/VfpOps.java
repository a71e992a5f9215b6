package org.jemu.arm.a32;

import org.jemu.arm.a64.FpOps;
import org.jemu.arm.cpu.Aarch64Cpu;

/**
 * Java helpers for AArch32 VFP code: FPSCR as a view of FPCR and FPSR, VCMP's FPSCR.NZCV, and keeping the
 * cumulative flags of a VFP operation whose condition failed. The arithmetic itself is {@link FpOps}
 * (shared with A64), called with the FPCR slot's value.
 *
 * <p><b>FPSCR</b> (DDI 0406C B6.1.? "FPSCR"; DDI 0487 G8.2.? "FPSCR is mapped to FPCR and FPSR"): the
 * architecture makes the AArch32 FPSCR the union of the AArch64 FPCR and FPSR, so there is no slot of its
 * own. FPCR holds AHP [26], DN [25], FZ [24], RMode [23:22], Stride [21:20] and Len [18:16]; FPSR holds
 * N Z C V [31:28] (FP comparisons), QC [27] and the cumulative flags IDC [7], IXC [4], UFC [3], OFC [2],
 * DZC [1], IOC [0]. The trap enables [15:8] are RAZ/WI (no FP exception trapping, like Cortex-A15).
 */
public final class VfpOps {
    private VfpOps() {
    }

    /** FPSCR bits kept in FPCR: AHP, DN, FZ, RMode, Stride, Len. */
    public static final int FPSCR_FPCR_MASK = 0x07f7_0000;
    /** FPSCR bits kept in FPSR: N, Z, C, V, QC and the cumulative exception flags. */
    public static final int FPSCR_FPSR_MASK = 0xf800_009f;

    /** VMRS Rt, FPSCR (DDI 0406C A8.8.348): the 32-bit FPSCR assembled from FPCR and FPSR. */
    public static int fpscr(Aarch64Cpu c) {
        return (int) (c.regs[Aarch64Cpu.FPCR] & FPSCR_FPCR_MASK) | (int) (c.regs[Aarch64Cpu.FPSR] & FPSCR_FPSR_MASK);
    }

    /**
     * VMSR FPSCR, Rt (DDI 0406C A8.8.349) if {@code pass} is 1: splits 32-bit {@code v} into FPCR and FPSR
     * (trap enables and reserved bits ignored).
     */
    public static void setFpscr(Aarch64Cpu c, int pass, int v) {
        if (pass != 0) {
            c.regs[Aarch64Cpu.FPCR] = v & FPSCR_FPCR_MASK;
            c.regs[Aarch64Cpu.FPSR] = (v & FPSCR_FPSR_MASK) & 0xffff_ffffL;
        }
    }

    /** The FPSR value (saved before a conditional VFP operation, see {@link #restoreFpsrIfFailed}). */
    public static long fpsr(Aarch64Cpu c) {
        return c.regs[Aarch64Cpu.FPSR];
    }

    /**
     * Undoes the cumulative flags a conditional VFP operation raised if its condition failed ({@code pass}
     * = 0): the operation is computed regardless and its result discarded, so FPSR returns to {@code saved}.
     */
    public static void restoreFpsrIfFailed(Aarch64Cpu c, int pass, long saved) {
        if (pass == 0) {
            c.regs[Aarch64Cpu.FPSR] = saved;
        }
    }

    /**
     * A conditional VLDM/VSTM (DDI 0406C A8.8.332, A8.8.412) if {@code pass} is 1, so the translated code of
     * a conditional multiple transfer stays small: {@code regs} S registers from S{@code first}, or (with
     * {@code dbl}) D registers from D{@code first}, loaded from or stored to consecutive words at 32-bit
     * {@code addr} with word accesses described by {@code memop} (a {@link org.jemu.translator.ir.MemOp});
     * a doubleword is two words, low word first (high first when {@code bigEndian}). A load completes all
     * accesses before writing any register, so a fault leaves the registers unchanged.
     */
    public static void transferIf(Aarch64Cpu c, int pass, long addr, int first, int regs, int dbl, int load,
            int bigEndian, long memop) {
        if (pass == 0) {
            return;
        }
        int words = dbl != 0 ? 2 * regs : regs;
        long[] w = new long[words];
        int w0 = dbl != 0 ? 2 * first : first;   // index of the first word in the S/D word numbering
        for (int i = 0; i < words; i++) {
            long a = (addr + 4L * i) & 0xffff_ffffL;
            int wi = w0 + (dbl != 0 && bigEndian != 0 ? i ^ 1 : i);
            if (load != 0) {
                w[i] = org.jemu.translator.memory.SoftMmu.load(c, a, memop) & 0xffff_ffffL;
            } else {
                long v = c.regs[Aarch64Cpu.V0 + (wi >> 1)];
                org.jemu.translator.memory.SoftMmu.store(c, a, (wi & 1) == 0 ? v & 0xffff_ffffL : v >>> 32, memop);
            }
        }
        if (load != 0) {
            for (int i = 0; i < words; i++) {
                int wi = w0 + (dbl != 0 && bigEndian != 0 ? i ^ 1 : i);
                int slot = Aarch64Cpu.V0 + (wi >> 1);
                long v = c.regs[slot];
                c.regs[slot] = (wi & 1) == 0 ? (v & 0xffff_ffff_0000_0000L) | w[i] : (v & 0xffff_ffffL) | w[i] << 32;
            }
        }
    }

    /**
     * VCMP, VCMPE (DDI 0406C A8.8.312) if {@code pass} is 1: FPCompare of the {@code ctl & 0xff}-bit (32 or
     * 64) operands, quiet or (ctl bit 16) signalling; the NZCV result goes to FPSCR[31:28] (FPSR), the
     * exceptions to the cumulative flags.
     */
    public static void vcmp(Aarch64Cpu c, int pass, long a, long b, int ctl, int fpcr) {
        if (pass != 0) {
            int nzcv = FpOps.cmp(c, a, b, ctl, fpcr);
            long fpsr = c.regs[Aarch64Cpu.FPSR];
            c.regs[Aarch64Cpu.FPSR] = (fpsr & 0x0fff_ffffL) | (long) nzcv << 28;
        }
    }
}
