package org.jemu.arm.cpu;

import java.util.BitSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.exec.GuestLog;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.memory.SoftMmu;
import org.jemu.translator.memory.Tlb;

/**
 * System-level helpers the A64 translator calls ({@link org.jemu.translator.ir.Helper}s; the first
 * parameter is the CPU). Exceptions are raised by throwing the CPU's preallocated {@link A64Fault}; the
 * execution loop then sets the PC to the instruction that called the helper and calls
 * {@link Aarch64Cpu#deliverFault}. Helpers that change the PC themselves ({@link #eret}) or the CPU mode
 * (MSR, SPSel, DAIF, PSCI) expect the block to end after them.
 *
 * <p>{@code sysreg} arguments are the 16-bit op0:op1:CRn:CRm:op2 of MRS/MSR/SYS/SYSL (instruction bits
 * [20:5]); see {@link SysRegs}.
 */
public final class A64Helpers {
    private A64Helpers() {
    }

    /** Encodings already reported under {@code -d unimp}. */
    private static final BitSet LOGGED_SYSREGS = new BitSet(1 << 16);
    private static final Set<Integer> LOGGED_INSNS = ConcurrentHashMap.newKeySet();
    private static final int MAX_LOGGED_INSNS = 4096;

    // ---- system registers ----------------------------------------------------------------------------

    /** C6.2 MRS: the value of system register {@code sysreg}, or an UNDEFINED / trap exception. */
    public static long mrs(Aarch64Cpu c, int sysreg) {
        SysRegs.Reg r = access(c, sysreg, true);
        if (r == null) {
            return c.externalSysRegs.read(c, sysreg);
        }
        return r.read.read(c);
    }

    /** C6.2 MSR (register): writes {@code value} to system register {@code sysreg}. */
    public static void msr(Aarch64Cpu c, int sysreg, long value) {
        SysRegs.Reg r = access(c, sysreg, false);
        if (r == null) {
            c.externalSysRegs.write(c, sysreg, value);
            return;
        }
        r.write.write(c, value);
    }

    /**
     * C6.2 SYS: performs system instruction {@code sysreg} (op0 = 1: IC, DC, AT, TLBI) with operand
     * {@code xt}. Cache maintenance is a no-op (memory and the code cache are coherent by construction).
     */
    public static void sys(Aarch64Cpu c, int sysreg, long xt) {
        SysRegs.Reg r = access(c, sysreg, false);
        if (r == null) {
            c.externalSysRegs.write(c, sysreg, xt);
            return;
        }
        r.write.write(c, xt);
    }

    /** C6.2 SYSL: no SYSL instruction is defined in ARMv8.0, so this is UNDEFINED (or external). */
    public static long sysl(Aarch64Cpu c, int sysreg) {
        SysRegs.Reg r = access(c, sysreg, true);
        if (r == null) {
            return c.externalSysRegs.read(c, sysreg);
        }
        return r.read.read(c);
    }

    /**
     * Resolves and checks an access: returns the entry, or null when the board's external registers handle
     * it; throws UNDEFINED (logging never-seen encodings once under {@code -d unimp}), an FP trap or an EC
     * 0x18 trap.
     */
    private static SysRegs.Reg access(Aarch64Cpu c, int sysreg, boolean read) {
        sysreg &= 0xffff;
        SysRegs.Reg r = SysRegs.lookup(sysreg);
        if (r == null || !r.isPresent(c)) {
            ExternalSysRegs ext = c.externalSysRegs;
            if (r == null && ext != null && ext.accessible(c, sysreg, read)) {
                return null;
            }
            if (r == null) {
                logUnknownSysreg(c, sysreg, read);
            }
            throw c.undefinedFault();
        }
        if ((read ? r.read : r.write) == null || c.el < (read ? r.readEl : r.writeEl)) {
            throw c.undefinedFault();
        }
        if (r.check != null) {
            int t = r.check.check(c, read);
            if (t == SysRegs.UNDEF) {
                throw c.undefinedFault();
            }
            if (t == SysRegs.FP_TRAP) {
                throw fpAccessFault(c);
            }
            if (t > 0) {
                throw c.sysregTrap(t, sysreg, read);
            }
        }
        return r;
    }

    private static void logUnknownSysreg(Aarch64Cpu c, int sysreg, boolean read) {
        if (!GuestLog.on(GuestLog.UNIMP)) {
            return;
        }
        synchronized (LOGGED_SYSREGS) {
            if (LOGGED_SYSREGS.get(sysreg)) {
                return;
            }
            LOGGED_SYSREGS.set(sysreg);
        }
        String kind = (sysreg >>> 14) == 1 ? (read ? "SYSL" : "SYS") : read ? "MRS" : "MSR";
        GuestLog.log(String.format("cpu%d: unimplemented system register %s (%s) at EL%d: UNDEFINED",
                c.cpuIndex, SysRegs.genericName(sysreg), kind, c.el));
    }

    /**
     * C6.2 MSR (immediate): SPSel (op1 0, op2 5), DAIFSet (op1 3, op2 6), DAIFClr (op1 3, op2 7). PAN,
     * UAO, SSBS, DIT ... are not in ARMv8.0 and are UNDEFINED. DAIF at EL0 needs SCTLR_EL1.UMA.
     */
    public static void msrImm(Aarch64Cpu c, int op1, int crm, int op2) {
        if (op1 == 0 && op2 == 5) {
            if (c.el == 0) {
                throw c.undefinedFault();
            }
            c.setElSp(c.el, crm & 1);
            return;
        }
        if (op1 == 3 && (op2 == 6 || op2 == 7)) {
            if (c.el == 0 && (c.sctlr[1] & Aarch64Cpu.SCTLR_UMA) == 0) {
                throw c.sysregTrap(1, SysRegs.encode(0, op1, 4, crm, op2), false);
            }
            long bits = (long) (crm & 0xf) << 6;
            c.daif = op2 == 6 ? c.daif | bits : c.daif & ~bits;
            return;
        }
        int enc = SysRegs.encode(0, op1, 4, crm, op2);
        logUnknownSysreg(c, enc, false);
        throw c.undefinedFault();
    }

    // ---- memory --------------------------------------------------------------------------------------

    /** Data accesses are big-endian now (SCTLR_EL1.E0E at EL0, SCTLR_ELx.EE otherwise). */
    private static boolean dataBigEndian(Aarch64Cpu c) {
        return Aarch64Cpu.flagsBigEndianData(c.tbFlags());
    }

    /**
     * C6.2 DC ZVA: zeroes the naturally aligned block of DCZID_EL0.BS words (64 bytes on the Cortex-A5x)
     * containing {@code vaddr}, through the soft-MMU (a write: faults report WnR = 1). At EL0 it needs
     * SCTLR_EL1.DZE, else it traps to EL1 (EC 0x18). A fault reports the first byte of the block in FAR
     * (the architecture allows any address in the block; QEMU does the same).
     */
    public static void dcZva(Aarch64Cpu c, long vaddr) {
        if (c.el == 0 && (c.sctlr[1] & Aarch64Cpu.SCTLR_DZE) == 0) {
            throw c.sysregTrap(1, SysRegs.encode(1, 3, 7, 4, 1), false);
        }
        int size = 4 << c.model.dczBlockLog2Words();
        long base = vaddr & -(long) size;
        long memop = MemOp.of(8, false, false, c.currentMmuIdx());
        for (int off = 0; off < size; off += 8) {
            SoftMmu.store(c, base + off, 0, memop);
        }
    }

    /**
     * Makes sure {@code addr} is writable RAM or device memory under {@code mmuIdx} before an exclusive
     * store reads it, so that faults report a write (WnR = 1): a TLB hit on a direct write entry, or a
     * translation for writing plus a check that something is mapped at the physical address.
     */
    private static void probeWrite(Aarch64Cpu c, long addr, int mmuIdx, int size) {
        Tlb t = c.tlbs[mmuIdx];
        if (t.tagWrite[Tlb.index(addr)] == (addr & Tlb.PAGE_MASK)) {
            return;
        }
        long r = c.translate(addr, GuestCpu.ACCESS_WRITE, mmuIdx);
        long pa = (r & Tlb.PAGE_MASK) | (addr & ~Tlb.PAGE_MASK);
        if (c.memory.find(pa) == null) {
            c.unassignedAccess(addr, pa, GuestCpu.ACCESS_WRITE, size);
        }
    }

    /**
     * C6.2 STXR/STLXR ({@code size} 1, 2, 4, 8 bytes): stores {@code value} at {@code addr} and returns 0 if
     * the exclusive monitor holds {@code addr} and memory still holds {@link Aarch64Cpu#EXCL_VAL};
     * otherwise returns 1 without storing. Always clears the monitor. An unaligned address is an
     * alignment fault. {@code release} needs no action (accesses are sequentially consistent).
     */
    public static int stxr(Aarch64Cpu c, long addr, long value, int size, int release) {
        int mmuIdx = c.currentMmuIdx();
        if ((addr & (size - 1)) != 0) {
            throw c.alignmentFault(addr, GuestCpu.ACCESS_WRITE, mmuIdx);
        }
        boolean armed = c.regs[Aarch64Cpu.EXCL_ARMED] != 0;
        c.regs[Aarch64Cpu.EXCL_ARMED] = 0;
        if (!armed || c.regs[Aarch64Cpu.EXCL_ADDR] != addr) {
            return 1;
        }
        probeWrite(c, addr, mmuIdx, size);
        long memop = MemOp.of(size, false, dataBigEndian(c), mmuIdx);
        long mask = size == 8 ? -1L : (1L << (size * 8)) - 1;
        if (SoftMmu.load(c, addr, memop) != (c.regs[Aarch64Cpu.EXCL_VAL] & mask)) {
            return 1;
        }
        SoftMmu.store(c, addr, value, memop);
        return 0;
    }

    /**
     * C6.2 STXP/STLXP: stores {@code lo} at {@code addr} and {@code hi} at {@code addr + size} if the
     * monitor holds {@code addr} and memory still holds the pair LDXP read; returns 0 on success, 1 on
     * failure; clears the monitor. The pair must be aligned to {@code 2 * size}.
     */
    public static int stxp(Aarch64Cpu c, long addr, long lo, long hi, int size) {
        int mmuIdx = c.currentMmuIdx();
        if ((addr & (2L * size - 1)) != 0) {
            throw c.alignmentFault(addr, GuestCpu.ACCESS_WRITE, mmuIdx);
        }
        boolean armed = c.regs[Aarch64Cpu.EXCL_ARMED] != 0;
        c.regs[Aarch64Cpu.EXCL_ARMED] = 0;
        if (!armed || c.regs[Aarch64Cpu.EXCL_ADDR] != addr) {
            return 1;
        }
        probeWrite(c, addr, mmuIdx, 2 * size);
        long memop = MemOp.of(size, false, dataBigEndian(c), mmuIdx);
        long mask = size == 8 ? -1L : (1L << (size * 8)) - 1;
        if (SoftMmu.load(c, addr, memop) != (c.regs[Aarch64Cpu.EXCL_VAL] & mask)
                || SoftMmu.load(c, addr + size, memop) != (c.exclHi & mask)) {
            return 1;
        }
        SoftMmu.store(c, addr, lo, memop);
        SoftMmu.store(c, addr + size, hi, memop);
        return 0;
    }

    /** Arms the exclusive monitor for LDXP/LDAXP: address and both values read. */
    public static void ldxpMonitor(Aarch64Cpu c, long addr, long lo, long hi) {
        c.regs[Aarch64Cpu.EXCL_ARMED] = 1;
        c.regs[Aarch64Cpu.EXCL_ADDR] = addr;
        c.regs[Aarch64Cpu.EXCL_VAL] = lo;
        c.exclHi = hi;
    }

    // ---- exception-generating instructions -----------------------------------------------------------

    /** Target EL of a synchronous exception from EL0 (EL2 with HCR_EL2.TGE) or from ELn &gt; 0 (ELn). */
    private static int syncTarget(Aarch64Cpu c) {
        if (c.el == 0) {
            return c.el2Enabled() && (c.hcrEl2 & Aarch64Cpu.HCR_TGE) != 0 ? 2 : 1;
        }
        return c.el;
    }

    /** C6.2 SVC: Supervisor Call, EC 0x15 with the immediate; preferred return address is the next insn. */
    public static void svc(Aarch64Cpu c, int imm16) {
        throw c.raise(syncTarget(c), Esr.EC_SVC64, imm16 & 0xffff, false, 0, 4);
    }

    /**
     * C6.2 HVC: a PSCI call when the conduit is HVC; else an exception to EL2 (EC 0x16), or UNDEFINED at
     * EL0, without EL2, in Secure state, or when disabled by SCR_EL3.HCE = 0 / HCR_EL2.HCD = 1 (D1.10.3).
     */
    public static void hvc(Aarch64Cpu c, int imm16) {
        if (c.el == 0) {
            throw c.undefinedFault();
        }
        if (psci(c, PsciConduit.HVC)) {
            return;
        }
        boolean disabled = !c.hasEl2 || (c.isSecure() && c.el < 3)
                || (c.hasEl3 ? (c.scrEl3 & Aarch64Cpu.SCR_HCE) == 0 : (c.hcrEl2 & Aarch64Cpu.HCR_HCD) != 0);
        if (disabled) {
            throw c.undefinedFault();
        }
        throw c.raise(c.el == 3 ? 3 : 2, Esr.EC_HVC64, imm16 & 0xffff, false, 0, 4);
    }

    /**
     * C6.2 SMC: a PSCI call when the conduit is SMC; else trapped to EL2 by HCR_EL2.TSC from EL1 (preferred
     * return address the SMC itself), an exception to EL3 (EC 0x17), or UNDEFINED at EL0, without EL3, or
     * with SCR_EL3.SMD = 1.
     */
    public static void smc(Aarch64Cpu c, int imm16) {
        if (c.el == 0) {
            throw c.undefinedFault();
        }
        // HCR_EL2.TSC traps EL1's SMC to EL2 before it could reach the firmware (D13.2.46), as QEMU's pre_smc.
        if (c.el == 1 && c.el2Enabled() && (c.hcrEl2 & Aarch64Cpu.HCR_TSC) != 0) {
            throw c.raise(2, Esr.EC_SMC64, imm16 & 0xffff, false, 0, 0);
        }
        if (psci(c, PsciConduit.SMC)) {
            return;
        }
        if (!c.hasEl3 || (c.scrEl3 & Aarch64Cpu.SCR_SMD) != 0) {
            throw c.undefinedFault();
        }
        throw c.raise(3, Esr.EC_SMC64, imm16 & 0xffff, false, 0, 4);
    }

    private static boolean psci(Aarch64Cpu c, PsciConduit via) {
        PowerControl p = c.power();
        if (c.psciConduit() != via || p == null || !Psci.isPsciCall(c.regs[Aarch64Cpu.X0])) {
            return false;
        }
        Psci.call(c, p);
        return true;
    }

    /** C6.2 BRK: Breakpoint instruction exception, EC 0x3c with the immediate; returns to the BRK itself. */
    public static void brk(Aarch64Cpu c, int imm16) {
        throw c.raise(syncTarget(c), Esr.EC_BRK64, imm16 & 0xffff, false, 0, 0);
    }

    /**
     * C6.2 HLT: halting debug is never enabled, so HLT is UNDEFINED (semihosting through HLT #0xF000 is not
     * implemented; logged once under {@code -d unimp}).
     */
    public static void hlt(Aarch64Cpu c, int imm16) {
        logOnce(c, 0xd440_0000 | (imm16 & 0xffff) << 5, "HLT #0x" + Integer.toHexString(imm16 & 0xffff)
                + " (halting debug / semihosting not implemented)");
        throw c.undefinedFault();
    }

    /**
     * Raises the UNDEFINED exception (EC 0) for instruction {@code insn}; encodings are logged once each
     * under {@code -d unimp}.
     */
    public static void undefined(Aarch64Cpu c, int insn) {
        logOnce(c, insn, "undefined or unimplemented instruction");
        throw c.undefinedFault();
    }

    private static void logOnce(Aarch64Cpu c, int insn, String what) {
        if (GuestLog.on(GuestLog.UNIMP) && LOGGED_INSNS.size() < MAX_LOGGED_INSNS && LOGGED_INSNS.add(insn)) {
            GuestLog.log(String.format("cpu%d: %s 0x%08x at EL%d", c.cpuIndex, what, insn, c.el));
        }
    }

    /**
     * Raises the SIMD&amp;FP access trap (EC 0x07, D1.14.3) for {@code insn} to the EL whose control
     * (CPACR_EL1.FPEN, CPTR_EL2.TFP, CPTR_EL3.TFP) disables FP at the current EL.
     */
    public static void fpTrap(Aarch64Cpu c, int insn) {
        throw fpAccessFault(c);
    }

    private static A64Fault fpAccessFault(Aarch64Cpu c) {
        int t = c.fpTrapTarget(c.el);
        if (t == 0) {
            t = Math.max(c.el, 1);
        }
        return c.raise(t, Esr.EC_FP_ACCESS, Esr.ISS_CV_COND_AL, false, 0, 0);
    }

    /** Raises an SP alignment fault (EC 0x26) for an SP-based access with a misaligned SP (SCTLR.SA/SA0). */
    public static void spAlignmentFault(Aarch64Cpu c) {
        throw c.raise(syncTarget(c), Esr.EC_SP_ALIGNMENT, 0, false, 0, 0);
    }

    /** C6.2 ERET: exception return (UNDEFINED at EL0). The PC slot holds the return address afterwards. */
    public static void eret(Aarch64Cpu c) {
        if (c.el == 0) {
            throw c.undefinedFault();
        }
        c.exceptionReturn();
    }

    // ---- WFI, WFE, SEV -------------------------------------------------------------------------------

    /**
     * The EL a WFI/WFE at the current EL traps to (D1.16.2), or 0: EL0 without SCTLR_EL1.nTWI/nTWE to
     * EL1; EL0/EL1 with HCR_EL2.TWI/TWE to EL2; below EL3 with SCR_EL3.TWI/TWE to EL3.
     */
    private static int wfxTrapTarget(Aarch64Cpu c, boolean wfe) {
        if (c.el == 0 && (c.sctlr[1] & (wfe ? Aarch64Cpu.SCTLR_NTWE : Aarch64Cpu.SCTLR_NTWI)) == 0) {
            return syncTarget(c);
        }
        if (c.el <= 1 && c.el2Enabled() && (c.hcrEl2 & (wfe ? Aarch64Cpu.HCR_TWE : Aarch64Cpu.HCR_TWI)) != 0) {
            return 2;
        }
        if (c.el <= 2 && c.hasEl3 && (c.scrEl3 & (wfe ? Aarch64Cpu.SCR_TWE : Aarch64Cpu.SCR_TWI)) != 0) {
            return 3;
        }
        return 0;
    }

    /**
     * C6.2 WFI: completes at once if an interrupt is pending (masked or not); otherwise traps if
     * configured to (EC 0x01, TI = 0), else halts the CPU until an interrupt
     * ({@link GuestCpu#halted}). The block should end with {@code ExitReason.HALT} after it.
     */
    public static void wfi(Aarch64Cpu c) {
        if (c.interruptPending()) {
            return;
        }
        int t = wfxTrapTarget(c, false);
        if (t != 0) {
            throw c.raise(t, Esr.EC_WFX, Esr.ISS_CV_COND_AL, false, 0, 0);
        }
        c.halted = true;
    }

    /**
     * C6.2 WFE: consumes the event register if set; otherwise traps if configured to (EC 0x01, TI = 1),
     * else returns without halting, so the loop just moves on to other vCPUs. (Waking on another CPU's
     * store to a monitored location, as spinlocks need, is not modelled, so WFE must not sleep; this is
     * what QEMU does too.)
     */
    public static void wfe(Aarch64Cpu c) {
        if (c.eventRegister) {
            c.eventRegister = false;
            return;
        }
        if (c.interruptPending()) {
            return;
        }
        int t = wfxTrapTarget(c, true);
        if (t != 0) {
            throw c.raise(t, Esr.EC_WFX, Esr.ISS_CV_COND_AL | 1, false, 0, 0);
        }
    }

    /** C6.2 SEV (and SEVL): sets the event register of every CPU. */
    public static void sev(Aarch64Cpu c) {
        for (Aarch64Cpu o : c.cpus()) {
            o.eventRegister = true;
        }
    }
}
