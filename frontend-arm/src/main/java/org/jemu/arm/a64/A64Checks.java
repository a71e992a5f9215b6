package org.jemu.arm.a64;

import org.jemu.arm.cpu.A64Helpers;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.exec.GuestCpu;

/**
 * Checks the translator emits as helper calls where the IR has no conditional trap: each returns normally
 * or raises the exception through {@link A64Helpers}.
 */
public final class A64Checks {
    private A64Checks() {
    }

    /**
     * Alignment check of an access wider than one IR load (Arm ARM B2.5.2): LDXP/LDAXP of two X registers
     * require a 16-byte aligned address. Raises the alignment fault of a read under {@code mmuIdx}.
     *
     * @param bytes the required alignment in bytes (a power of two)
     */
    public static void align(Aarch64Cpu c, long addr, int bytes, int mmuIdx) {
        if ((addr & (bytes - 1)) != 0) {
            throw c.alignmentFault(addr, GuestCpu.ACCESS_READ, mmuIdx);
        }
    }

    /**
     * SP alignment check (Arm ARM D1.8.2, CheckSPAlignment): with SCTLR_ELx.SA (SA0 at EL0) set, a load or
     * store whose base register is SP faults (EC 0x26) unless SP is 16-byte aligned.
     *
     * @param sp the stack pointer value used as the base address
     */
    public static void spAlign(Aarch64Cpu c, long sp) {
        if ((sp & 15) != 0) {
            A64Helpers.spAlignmentFault(c);
        }
    }
}
