package org.jemu.arm.cpu;

import java.util.HashMap;
import java.util.Map;
import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.exec.GuestLog;

/**
 * The AArch32 system control coprocessor CP15 and the debug/ThumbEE registers of CP14, as MRC/MCR
 * (32-bit) and MRRC/MCRR (64-bit) see them on an ARMv7-A PE with the Large Physical Address and Generic
 * Timer extensions (DDI 0406C B4.1 "VMSA System control registers", B4.2 cache and TLB maintenance, B8
 * the Generic Timer; the AArch32 register descriptions of DDI 0487 G8).
 *
 * <p>Registers are stored where DDI 0487 maps them onto AArch64 (D1.20.1 and the "Configurations"
 * paragraph of each G8 register page), so a register has one home whichever view reads it: SCTLR =
 * SCTLR_EL1, TTBR0/TTBR1 = TTBR0_EL1/TTBR1_EL1, TTBCR = TCR_EL1[31:0], DACR = DACR32_EL2, DFSR =
 * ESR_EL1[31:0], IFSR = IFSR32_EL2, DFAR/IFAR = FAR_EL1[31:0]/[63:32], PRRR/NMRR (MAIR0/MAIR1) =
 * MAIR_EL1[31:0]/[63:32], VBAR = VBAR_EL1, CONTEXTIDR, TPIDRURW/URO/PRW = TPIDR_EL0/TPIDRRO_EL0/TPIDR_EL1,
 * PAR = PAR_EL1, FPEXC = FPEXC32_EL2. Registers with identical AArch64 counterparts (the ID registers,
 * the Generic Timer, the PMU, CSSELR/CCSIDR/CLIDR) use the AArch64 table's accessors and access checks
 * ({@link SysRegs}).
 *
 * <p>Encodings this table does not define are UNDEFINED and logged once under {@code -d unimp}. Cache
 * maintenance is a no-op (jemu has no caches); TLB maintenance flushes the soft-MMU TLBs (whole TLB for
 * the ASID forms: the TLBs are not ASID-tagged); the Inner Shareable forms broadcast to every CPU.
 */
public final class Cp15 {
    private Cp15() {
    }

    @FunctionalInterface
    interface Reader {
        long read(Aarch64Cpu c);
    }

    @FunctionalInterface
    interface Writer {
        void write(Aarch64Cpu c, long v);
    }

    /** One register: lowest PL that may read/write (0 or 1), accessors, an optional extra check. */
    static final class Reg {
        final String name;
        int readEl;
        int writeEl;
        Reader read;
        Writer write;
        SysRegs.Check check;

        Reg(String name, int minEl, Reader read, Writer write) {
            this.name = name;
            this.readEl = minEl;
            this.writeEl = minEl;
            this.read = read;
            this.write = write;
        }

        Reg writeEl(int e) {
            this.writeEl = e;
            return this;
        }

        Reg check(SysRegs.Check ch) {
            this.check = ch;
            return this;
        }
    }

    private static final Map<Integer, Reg> TABLE = new HashMap<>();

    /**
     * The key of a 32-bit register (MRC/MCR) {@code coproc}, opc1, CRn, CRm, opc2, or with {@code wide}
     * of a 64-bit one (MRRC/MCRR; CRn and opc2 are 0).
     */
    public static int key(boolean wide, int coproc, int opc1, int crn, int crm, int opc2) {
        return (wide ? 1 << 20 : 0) | (coproc & 15) << 16 | (opc1 & 15) << 11 | (crn & 15) << 7 | (crm & 15) << 3
                | (opc2 & 7);
    }

    /** The bits of a key that identify the register (the rest carry Rt/Rt2, {@link #withRt}). */
    static final int KEY_MASK = (1 << 21) - 1;

    /**
     * {@code key} with the instruction's Rt (bits [25:21]) and, for MCRR/MRRC, Rt2 (bits [30:26]) added:
     * they do not select the register but are reported in the ISS of an AArch32 trap to an AArch64 EL
     * (DDI 0487 D13.2.37, EC 0x03/0x04/0x05/0x0C).
     */
    public static int withRt(int key, int rt, int rt2) {
        return key | (rt & 15) << 21 | (rt2 & 15) << 26;
    }

    static String keyName(int key) {
        boolean wide = (key & 1 << 20) != 0;
        int cp = key >>> 16 & 15;
        if (wide) {
            return String.format("p%d, %d, c%d (64-bit)", cp, key >>> 11 & 15, key >>> 3 & 15);
        }
        return String.format("p%d, %d, c%d, c%d, %d", cp, key >>> 11 & 15, key >>> 7 & 15, key >>> 3 & 15, key & 7);
    }

    private static Reg def(String name, boolean wide, int cp, int opc1, int crn, int crm, int opc2, int minEl,
            Reader rd, Writer wr) {
        int k = key(wide, cp, opc1, crn, crm, opc2);
        if (TABLE.containsKey(k)) {
            throw new IllegalStateException("duplicate CP15 register " + name + " / " + TABLE.get(k).name);
        }
        Reg r = new Reg(name, minEl, rd, wr);
        TABLE.put(k, r);
        return r;
    }

    private static Reg rw(String name, int opc1, int crn, int crm, int opc2, int minEl, Reader rd, Writer wr) {
        return def(name, false, 15, opc1, crn, crm, opc2, minEl, rd, wr);
    }

    private static Reg ro(String name, int opc1, int crn, int crm, int opc2, int minEl, Reader rd) {
        return def(name, false, 15, opc1, crn, crm, opc2, minEl, rd, null);
    }

    private static Reg op(String name, int opc1, int crn, int crm, int opc2, int minEl, Writer wr) {
        return def(name, false, 15, opc1, crn, crm, opc2, minEl, null, wr);
    }

    private static Reg rw64(String name, int opc1, int crm, int minEl, Reader rd, Writer wr) {
        return def(name, true, 15, opc1, 0, crm, 0, minEl, rd, wr);
    }

    /** A register with the accessors and checks of AArch64 register op0=3 {@code op1, crn, crm, op2}. */
    private static Reg alias(String name, boolean wide, int opc1, int crn, int crm, int opc2, int a64op1, int a64crn,
            int a64crm, int a64op2, long mask) {
        SysRegs.Reg a = SysRegs.lookup(SysRegs.encode(3, a64op1, a64crn, a64crm, a64op2));
        if (a == null) {
            throw new IllegalStateException("no AArch64 register behind " + name);
        }
        Reader rd = a.read == null ? null : c -> a.read.read(c) & mask;
        Writer wr = a.write == null ? null : (c, v) -> a.write.write(c, v & mask);
        Reg r = def(name, wide, 15, opc1, crn, crm, opc2, Math.min(a.readEl, 1), rd, wr);
        r.writeEl = Math.min(a.writeEl, 1);
        r.check = a.check;
        return r;
    }

    private static final long W = 0xffff_ffffL;
    private static final Writer NOP = (c, v) -> { };

    // ---- bits ------------------------------------------------------------------------------------------

    /** SCTLR bits (B4.1.130): M, A, V, EE, TE; the RES1/RAO bits of the Cortex-A15 value. */
    static final long SCTLR_M = 1;
    static final long SCTLR_A = 1 << 1;
    /** CPACR.cp10/cp11 (bits [23:20]); ASEDIS (31) and D32DIS (30) are RAZ/WI (all 32 D registers). */
    static final long CPACR_MASK = 0xf << 20;
    /** FPEXC.EN (bit 30): VFP and Advanced SIMD enabled. */
    static final long FPEXC_EN = 1L << 30;
    /** TTBCR.EAE (bit 31): long-descriptor (LPAE) translation tables. */
    static final long TTBCR_EAE = 1L << 31;

    /** Reset (B4.1.130 etc.): SCTLR to the model's value; CPACR, FPEXC, TTBCR, DACR cleared. */
    static void reset(Aarch64Cpu c) {
        c.sctlr[1] = c.model.resetSctlr();
        c.cpacrEl1 = 0;
        c.fpexc32El2 = 0;
        c.tcr[1] = 0;
        c.dacr32El2 = 0;
        c.teehbr = 0;
        c.teecr = 0;
    }

    /**
     * The AArch32 system-level part of the translation flags: FP enabled (CPACR cp10 = full or, at PL1,
     * privileged access; and FPEXC.EN), big-endian data (CPSR.E) and alignment checking (SCTLR.A).
     */
    static long tbFlags(Aarch64Cpu c, long sctlr) {
        long f = Aarch64Cpu.flagAarch32();
        if (fpEnabled(c)) {
            f |= Aarch64Cpu.flagFpEnabled();
        }
        if (c.cpsrE) {
            f |= Aarch64Cpu.flagBigEndianData();
        }
        if ((sctlr & SCTLR_A) != 0) {
            f |= Aarch64Cpu.flagAlign();
        }
        return f;
    }

    /** VFP/Advanced SIMD usable now: CPACR.cp10 permits the current PL (B4.1.40) and FPEXC.EN (B6.1.? ). */
    static boolean fpEnabled(Aarch64Cpu c) {
        return cpacrAllows(c) && (c.fpexc32El2 & FPEXC_EN) != 0;
    }

    /** CPACR.cp10 (bits [21:20]): 0b01 PL1 only, 0b11 full access; others deny. */
    static boolean cpacrAllows(Aarch64Cpu c) {
        int cp10 = (int) (c.cpacrEl1 >>> 20) & 3;
        return cp10 == 3 || (cp10 == 1 && c.el > 0);
    }

    // ---- the table -------------------------------------------------------------------------------------

    static {
        defineIdentification();
        defineControl();
        defineMmu();
        defineCacheAndTlb();
        defineTimerAndPmu();
        defineDebugAndThumbEe();
    }

    private static void defineIdentification() {
        ro("MIDR", 0, 0, 0, 0, 1, c -> c.model.midr());
        ro("CTR", 0, 0, 0, 1, 1, c -> c.model.ctr());
        ro("TCMTR", 0, 0, 0, 2, 1, c -> 0);
        ro("TLBTR", 0, 0, 0, 3, 1, c -> 0);
        ro("MIDR (alias)", 0, 0, 0, 4, 1, c -> c.model.midr());
        ro("MPIDR", 0, 0, 0, 5, 1, c -> c.mpidr() & W);
        ro("REVIDR", 0, 0, 0, 6, 1, c -> c.model.revidr());
        ro("MIDR (alias 7)", 0, 0, 0, 7, 1, c -> c.model.midr());
        ro("ID_PFR0", 0, 0, 1, 0, 1, c -> c.model.idPfr0());
        ro("ID_PFR1", 0, 0, 1, 1, 1, SysRegs::idPfr1);
        ro("ID_DFR0", 0, 0, 1, 2, 1, c -> c.model.idDfr0());
        ro("ID_AFR0", 0, 0, 1, 3, 1, c -> c.model.idAfr0());
        ro("ID_MMFR0", 0, 0, 1, 4, 1, c -> c.model.idMmfr0());
        ro("ID_MMFR1", 0, 0, 1, 5, 1, c -> c.model.idMmfr1());
        ro("ID_MMFR2", 0, 0, 1, 6, 1, c -> c.model.idMmfr2());
        ro("ID_MMFR3", 0, 0, 1, 7, 1, c -> c.model.idMmfr3());
        ro("ID_ISAR0", 0, 0, 2, 0, 1, c -> c.model.idIsar0());
        ro("ID_ISAR1", 0, 0, 2, 1, 1, c -> c.model.idIsar1());
        ro("ID_ISAR2", 0, 0, 2, 2, 1, c -> c.model.idIsar2());
        ro("ID_ISAR3", 0, 0, 2, 3, 1, c -> c.model.idIsar3());
        ro("ID_ISAR4", 0, 0, 2, 4, 1, c -> c.model.idIsar4());
        ro("ID_ISAR5", 0, 0, 2, 5, 1, c -> c.model.idIsar5());
        for (int op2 = 6; op2 < 8; op2++) {
            ro("ID (reserved) c0, c2, " + op2, 0, 0, 2, op2, 1, c -> 0);
        }
        // The rest of the CRn = 0 ID space, opc1 = 0, CRm = 3..7, reads as zero (B4.1.? / G8.1).
        for (int crm = 3; crm < 8; crm++) {
            for (int op2 = 0; op2 < 8; op2++) {
                ro("ID (reserved) c0, c" + crm + ", " + op2, 0, 0, crm, op2, 1, c -> 0);
            }
        }
        alias("CCSIDR", false, 1, 0, 0, 0, 1, 0, 0, 0, W);
        alias("CLIDR", false, 1, 0, 0, 1, 1, 0, 0, 1, W);
        ro("AIDR", 1, 0, 0, 7, 1, c -> 0);
        alias("CSSELR", false, 2, 0, 0, 0, 2, 0, 0, 0, W);
    }

    private static void defineControl() {
        rw("SCTLR", 0, 1, 0, 0, 1, c -> c.sctlr[1], (c, v) -> c.writeSctlr(1, v & W));
        rw("ACTLR", 0, 1, 0, 1, 1, c -> c.actlr[1] & W, (c, v) -> c.actlr[1] = v & W);
        rw("CPACR", 0, 1, 0, 2, 1, c -> c.cpacrEl1, (c, v) -> c.cpacrEl1 = v & CPACR_MASK);
        rw("VBAR", 0, 12, 0, 0, 1, c -> c.vbar[1] & W, (c, v) -> c.vbar[1] = v & 0xffff_ffe0L);
        ro("ISR", 0, 12, 1, 0, 1, c -> c.isr() | 0);
        rw("FCSEIDR", 0, 13, 0, 0, 1, c -> 0, NOP);
        rw("CONTEXTIDR", 0, 13, 0, 1, 1, c -> c.contextidrEl1, Cp15::writeContextidr);
        rw("TPIDRURW", 0, 13, 0, 2, 0, c -> c.tpidr[0] & W, (c, v) -> c.tpidr[0] = v & W);
        rw("TPIDRURO", 0, 13, 0, 3, 0, c -> c.tpidrroEl0 & W, (c, v) -> c.tpidrroEl0 = v & W).writeEl(1);
        rw("TPIDRPRW", 0, 13, 0, 4, 1, c -> c.tpidr[1] & W, (c, v) -> c.tpidr[1] = v & W);
        // Cortex-A15 IMPLEMENTATION DEFINED registers (QEMU cortexa15_cp_reginfo, DUMMY_C15_REGS, CBAR_RO).
        rw("L2CTLR", 1, 9, 0, 2, 1, c -> (long) ((c.cpus().size() - 1) & 3) << 24, NOP);
        rw("L2ECTLR", 1, 9, 0, 3, 1, c -> 0, NOP);
        ro("CBAR", 4, 15, 0, 0, 1, c -> c.cbar & 0xffff_8000L | (c.cbar >>> 32 & 0xff));
    }

    /**
     * CONTEXTIDR (B4.1.36): with the short-descriptor format a new ASID (bits [7:0]) switches the soft-MMU to
     * that address space's TLBs ({@link Aarch64Cpu#addressSpaceChanged}).
     */
    private static void writeContextidr(Aarch64Cpu c, long v) {
        long k0 = c.tlbKey0();
        long k1 = c.tlbKey1();
        c.contextidrEl1 = v & W;
        c.addressSpaceChanged(k0, k1);
    }

    private static void defineMmu() {
        rw("TTBR0", 0, 2, 0, 0, 1, c -> c.ttbr0[1] & W, (c, v) -> writeTtbr(c, 0, v & W));
        rw("TTBR1", 0, 2, 0, 1, 1, c -> c.ttbr1El1 & W, (c, v) -> writeTtbr(c, 1, v & W));
        rw("TTBCR", 0, 2, 0, 2, 1, c -> c.tcr[1] & W, Cp15::writeTtbcr);
        // DACR (B4.1.43): domain permissions are part of the short-descriptor TLB key (Linux's software
        // domain PAN switches the user domain on every user access), so a write switches address space;
        // with LPAE, where domains do not apply, a change still flushes.
        rw("DACR", 0, 3, 0, 0, 1, c -> c.dacr32El2 & W, (c, v) -> {
            if (c.dacr32El2 != (v & W)) {
                long k0 = c.tlbKey0();
                long k1 = c.tlbKey1();
                c.dacr32El2 = v & W;
                if (c.shortDescriptor()) {
                    c.addressSpaceChanged(k0, k1);
                } else {
                    c.tlbFlushAll();
                }
            }
        });
        rw("DFSR", 0, 5, 0, 0, 1, c -> c.esr[1] & W, (c, v) -> c.esr[1] = v & 0x0000_3effL);
        rw("IFSR", 0, 5, 0, 1, 1, c -> c.ifsr32El2 & W, (c, v) -> c.ifsr32El2 = v & 0x0000_160fL);
        rw("ADFSR", 0, 5, 1, 0, 1, c -> 0, NOP);
        rw("AIFSR", 0, 5, 1, 1, 1, c -> 0, NOP);
        rw("DFAR", 0, 6, 0, 0, 1, c -> c.far[1] & W, (c, v) -> c.far[1] = (c.far[1] & ~W) | (v & W));
        rw("IFAR", 0, 6, 0, 2, 1, c -> c.far[1] >>> 32, (c, v) -> c.far[1] = (c.far[1] & W) | (v & W) << 32);
        rw("PAR", 0, 7, 4, 0, 1, c -> c.parEl1 & W, (c, v) -> c.parEl1 = v & W);
        rw("PRRR/MAIR0", 0, 10, 2, 0, 1, c -> c.mair[1] & W, (c, v) -> c.writeMair(1, (c.mair[1] & ~W) | (v & W)));
        rw("NMRR/MAIR1", 0, 10, 2, 1, 1, c -> c.mair[1] >>> 32,
                (c, v) -> c.writeMair(1, (c.mair[1] & W) | (v & W) << 32));
        rw("AMAIR0", 0, 10, 3, 0, 1, c -> c.amair[1] & W, (c, v) -> c.amair[1] = (c.amair[1] & ~W) | (v & W));
        rw("AMAIR1", 0, 10, 3, 1, 1, c -> c.amair[1] >>> 32, (c, v) -> c.amair[1] = (c.amair[1] & W) | (v & W) << 32);
        // 64-bit views (LPAE): TTBR0/TTBR1 with the ASID in bits [55:48], PAR.
        rw64("TTBR0 (64-bit)", 0, 2, 1, c -> c.ttbr0[1], (c, v) -> writeTtbr(c, 0, v & 0x00ff_ffff_ffff_ffffL));
        rw64("TTBR1 (64-bit)", 1, 2, 1, c -> c.ttbr1El1, (c, v) -> writeTtbr(c, 1, v & 0x00ff_ffff_ffff_ffffL));
        rw64("PAR (64-bit)", 0, 7, 1, c -> c.parEl1, (c, v) -> c.parEl1 = v);
        // Address translation (B4.2.? ATS1C*): stage 1 of the current state, PL1 or PL0 permissions.
        op("ATS1CPR", 0, 7, 8, 0, 1, (c, v) -> ats(c, v, Aarch64Cpu.MMU_IDX_EL1, GuestCpu.ACCESS_READ));
        op("ATS1CPW", 0, 7, 8, 1, 1, (c, v) -> ats(c, v, Aarch64Cpu.MMU_IDX_EL1, GuestCpu.ACCESS_WRITE));
        op("ATS1CUR", 0, 7, 8, 2, 1, (c, v) -> ats(c, v, Aarch64Cpu.MMU_IDX_EL0, GuestCpu.ACCESS_READ));
        op("ATS1CUW", 0, 7, 8, 3, 1, (c, v) -> ats(c, v, Aarch64Cpu.MMU_IDX_EL0, GuestCpu.ACCESS_WRITE));
    }

    /**
     * TTBR0/TTBR1 writes. With the short-descriptor format the ASID is in CONTEXTIDR, and any change of the
     * base is a new address space; with LPAE only an ASID change is (the guest maintains its TLB for a new
     * base with the same ASID), as for AArch64. The soft-MMU switches to that address space's TLBs
     * ({@link Aarch64Cpu#addressSpaceChanged}).
     */
    private static void writeTtbr(Aarch64Cpu c, int n, long v) {
        long k0 = c.tlbKey0();
        long k1 = c.tlbKey1();
        if (n == 0) {
            c.ttbr0[1] = v;
        } else {
            c.ttbr1El1 = v;
        }
        c.addressSpaceChanged(k0, k1);
    }

    /** TTBCR (B4.1.153): N, PD0, PD1 (short format); T0SZ, EPD0, IRGN0.. T1SZ, A1, EAE (long format). */
    private static void writeTtbcr(Aarch64Cpu c, long v) {
        long mask = (v & TTBCR_EAE) != 0 ? 0xbfc7_3f87L : 0x8000_0037L;
        long nv = (c.tcr[1] & ~W) | (v & mask);
        if (nv != c.tcr[1]) {
            c.tcr[1] = nv;
            c.tlbFlushAll();
        }
    }

    /**
     * ATS1C* (B4.2.6): translates {@code va} with the current translation regime and writes PAR: on
     * success the PA and attributes (short format: PA[31:12], NS, SH; long format: the 64-bit PAR with
     * PA[39:12], LPAE bit 11), on a fault F = 1 and the fault status (FS in bits [6:1] with FSR bits,
     * LPAE bit 11 in long format).
     */
    static void ats(Aarch64Cpu c, long va, int mmuIdx, int access) {
        Mmu.Result r = c.auxResult;
        MmuV7.walk(c, va & W, mmuIdx, r);
        int fsc = r.fsc >= 0 ? r.fsc : Mmu.permissionFault(r, access);
        boolean lpae = (c.tcr[1] & TTBCR_EAE) != 0;
        if (fsc >= 0) {
            if (lpae) {
                c.parEl1 = 1 | (1L << 11) | ((long) (fsc & 0x3f) << 1);
            } else {
                long fsr = A32System.fsr(fsc, r.domain, false);
                c.parEl1 = 1 | ((fsr & 0xf) << 1) | ((fsr >>> 10 & 1) << 5);
            }
            return;
        }
        if (lpae) {
            c.parEl1 = (r.pa & 0x00ff_ffff_f000L) | (1L << 11) | ((long) r.attr << 56) | ((long) r.sh << 7);
        } else {
            c.parEl1 = (r.pa & 0xffff_f000L) | (r.sh != 0 ? 1 << 7 : 0);
        }
    }

    private static void defineCacheAndTlb() {
        // Cache and branch predictor maintenance (B4.2.1): no caches, so no effect. CP15ISB/DSB/DMB are
        // PL0-accessible barriers (B4.2.?, deprecated but present in ARMv7).
        op("ICIALLUIS", 0, 7, 1, 0, 1, NOP);
        op("BPIALLIS", 0, 7, 1, 6, 1, NOP);
        op("ICIALLU", 0, 7, 5, 0, 1, NOP);
        op("ICIMVAU", 0, 7, 5, 1, 1, NOP);
        op("CP15ISB", 0, 7, 5, 4, 0, NOP).check(Cp15::barrierCheck);
        op("BPIALL", 0, 7, 5, 6, 1, NOP);
        op("BPIMVA", 0, 7, 5, 7, 1, NOP);
        op("DCIMVAC", 0, 7, 6, 1, 1, NOP);
        op("DCISW", 0, 7, 6, 2, 1, NOP);
        op("DCCMVAC", 0, 7, 10, 1, 1, NOP);
        op("DCCSW", 0, 7, 10, 2, 1, NOP);
        op("CP15DSB", 0, 7, 10, 4, 0, NOP).check(Cp15::barrierCheck);
        op("CP15DMB", 0, 7, 10, 5, 0, NOP).check(Cp15::barrierCheck);
        op("DCCMVAU", 0, 7, 11, 1, 1, NOP);
        op("DCCIMVAC", 0, 7, 14, 1, 1, NOP);
        op("DCCISW", 0, 7, 14, 2, 1, NOP);
        // TLB maintenance (B4.2.2): CRm 3 Inner Shareable, 5 instruction, 6 data, 7 unified.
        for (int crm : new int[] {3, 5, 6, 7}) {
            boolean is = crm == 3;
            String p = switch (crm) {
                case 3 -> "TLBI";
                case 5 -> "ITLBI";
                case 6 -> "DTLBI";
                default -> "TLBI";
            };
            String s = is ? "IS" : "";
            op(p + "ALL" + s, 0, 8, crm, 0, 1, (c, v) -> SysRegs.flushAll(c, is));
            op(p + "MVA" + s, 0, 8, crm, 1, 1, (c, v) -> flushVa(c, v, is));
            op(p + "ASID" + s, 0, 8, crm, 2, 1, (c, v) -> SysRegs.flushAll(c, is));
            if (crm == 3 || crm == 7) {
                op(p + "MVAA" + s, 0, 8, crm, 3, 1, (c, v) -> flushVa(c, v, is));
                op(p + "MVAL" + s, 0, 8, crm, 5, 1, (c, v) -> flushVa(c, v, is));
                op(p + "MVAAL" + s, 0, 8, crm, 7, 1, (c, v) -> flushVa(c, v, is));
            }
        }
    }

    /** SCTLR_EL1.CP15BEN (bit 5): AArch32 EL0 CP15 barrier operations enabled (D13.2.113). */
    static final long SCTLR_CP15BEN = 1 << 5;

    /** CP15DMB/DSB/ISB at AArch32 EL0 under an AArch64 EL1 are UNDEFINED unless SCTLR_EL1.CP15BEN is set. */
    private static int barrierCheck(Aarch64Cpu c, boolean read) {
        return !c.aarch32El1 && c.el == 0 && (c.sctlr[1] & SCTLR_CP15BEN) == 0 ? SysRegs.UNDEF : SysRegs.ALLOW;
    }

    /** TLB maintenance by MVA: bits [31:12] of the operand are the page (the ASID in [7:0] is ignored). */
    private static void flushVa(Aarch64Cpu c, long v, boolean broadcast) {
        long va = v & 0xffff_f000L;
        for (Aarch64Cpu o : broadcast ? c.cpus() : java.util.List.of(c)) {
            o.tlbFlushPage(va);
        }
    }

    private static void defineTimerAndPmu() {
        // Generic Timer (B8.2 / G8.? CNT*): the AArch64 registers, same checks (CNTKCTL for PL0).
        alias("CNTFRQ", false, 0, 14, 0, 0, 3, 14, 0, 0, W);
        alias("CNTKCTL", false, 0, 14, 1, 0, 0, 14, 1, 0, W);
        alias("CNTP_TVAL", false, 0, 14, 2, 0, 3, 14, 2, 0, W);
        alias("CNTP_CTL", false, 0, 14, 2, 1, 3, 14, 2, 1, W);
        alias("CNTV_TVAL", false, 0, 14, 3, 0, 3, 14, 3, 0, W);
        alias("CNTV_CTL", false, 0, 14, 3, 1, 3, 14, 3, 1, W);
        alias("CNTPCT", true, 0, 0, 14, 0, 3, 14, 0, 1, -1L);
        alias("CNTVCT", true, 1, 0, 14, 0, 3, 14, 0, 2, -1L);
        alias("CNTP_CVAL", true, 2, 0, 14, 0, 3, 14, 2, 2, -1L);
        alias("CNTV_CVAL", true, 3, 0, 14, 0, 3, 14, 3, 2, -1L);
        // Performance Monitors (C12 / G8.4): PMCR ... PMOVSSET map onto the PMUv3 registers.
        alias("PMCR", false, 0, 9, 12, 0, 3, 9, 12, 0, W);
        alias("PMCNTENSET", false, 0, 9, 12, 1, 3, 9, 12, 1, W);
        alias("PMCNTENCLR", false, 0, 9, 12, 2, 3, 9, 12, 2, W);
        alias("PMOVSR", false, 0, 9, 12, 3, 3, 9, 12, 3, W);
        alias("PMSWINC", false, 0, 9, 12, 4, 3, 9, 12, 4, W);
        alias("PMSELR", false, 0, 9, 12, 5, 3, 9, 12, 5, W);
        alias("PMCEID0", false, 0, 9, 12, 6, 3, 9, 12, 6, W);
        alias("PMCEID1", false, 0, 9, 12, 7, 3, 9, 12, 7, W);
        alias("PMCCNTR", false, 0, 9, 13, 0, 3, 9, 13, 0, W);
        alias("PMXEVTYPER", false, 0, 9, 13, 1, 3, 9, 13, 1, W);
        alias("PMXEVCNTR", false, 0, 9, 13, 2, 3, 9, 13, 2, W);
        alias("PMUSERENR", false, 0, 9, 14, 0, 3, 9, 14, 0, W);
        alias("PMINTENSET", false, 0, 9, 14, 1, 0, 9, 14, 1, W);
        alias("PMINTENCLR", false, 0, 9, 14, 2, 0, 9, 14, 2, W);
        alias("PMOVSSET", false, 0, 9, 14, 3, 3, 9, 14, 3, W);
        alias("PMCCNTR (64-bit)", true, 0, 0, 9, 0, 3, 9, 13, 0, -1L);
    }

    /** CP14: the v7.1 debug registers Linux probes (storage only) and the ThumbEE registers. */
    private static void defineDebugAndThumbEe() {
        def("DBGDIDR", false, 14, 0, 0, 0, 0, 0, c -> A64CpuModel.A15_DBGDIDR, null);
        // DBGDSCRint is a read-only view of DBGDSCRext (both MDSCR_EL1, as QEMU maps them), PL1 only.
        def("DBGDSCRint", false, 14, 0, 0, 1, 0, 1, c -> c.mdscrEl1 & W, null);
        def("DBGDSCRext", false, 14, 0, 0, 2, 2, 1, c -> c.mdscrEl1 & W, (c, v) -> c.mdscrEl1 = v & W);
        def("DBGDRAR", false, 14, 0, 1, 0, 0, 1, c -> 0, null);
        def("DBGDSAR", false, 14, 0, 2, 0, 0, 1, c -> 0, null);
        def("DBGDRAR (64-bit)", true, 14, 0, 0, 1, 0, 1, c -> 0, null);
        def("DBGDSAR (64-bit)", true, 14, 0, 0, 2, 0, 1, c -> 0, null);
        def("DBGOSLAR", false, 14, 0, 1, 0, 4, 1, null, (c, v) -> c.osLock = v == 0xc5acce55L);
        def("DBGOSLSR", false, 14, 0, 1, 1, 4, 1, c -> 0b1000 | (c.osLock ? 0b10 : 0), null);
        def("DBGOSDLR", false, 14, 0, 1, 3, 4, 1, c -> c.osdlrEl1, (c, v) -> c.osdlrEl1 = v & 1);
        def("DBGPRCR", false, 14, 0, 1, 4, 4, 1, c -> c.dbgprcrEl1, (c, v) -> c.dbgprcrEl1 = v & 1);
        def("DBGVCR", false, 14, 0, 0, 7, 0, 1, c -> c.dbgvcr32El2, (c, v) -> c.dbgvcr32El2 = v & W);
        def("DBGCLAIMSET", false, 14, 0, 7, 8, 6, 1, c -> 0xff, (c, v) -> c.dbgclaim |= v & 0xff);
        def("DBGCLAIMCLR", false, 14, 0, 7, 9, 6, 1, c -> c.dbgclaim, (c, v) -> c.dbgclaim &= ~(v & 0xff));
        def("DBGAUTHSTATUS", false, 14, 0, 7, 14, 6, 1, c -> 0, null);
        int brps = (int) (A64CpuModel.A15_DBGDIDR >>> 24 & 0xf) + 1;
        int wrps = (int) (A64CpuModel.A15_DBGDIDR >>> 28 & 0xf) + 1;
        for (int n = 0; n < 16; n++) {
            final int k = n;
            if (n < brps) {
                def("DBGBVR" + n, false, 14, 0, 0, n, 4, 1, c -> c.dbgbvr[k] & W, (c, v) -> c.dbgbvr[k] = v & W);
                def("DBGBCR" + n, false, 14, 0, 0, n, 5, 1, c -> c.dbgbcr[k] & W, (c, v) -> c.dbgbcr[k] = v & W);
            }
            if (n < wrps) {
                def("DBGWVR" + n, false, 14, 0, 0, n, 6, 1, c -> c.dbgwvr[k] & W, (c, v) -> c.dbgwvr[k] = v & W);
                def("DBGWCR" + n, false, 14, 0, 0, n, 7, 1, c -> c.dbgwcr[k] & W, (c, v) -> c.dbgwcr[k] = v & W);
            }
        }
        // ThumbEE (A2.? / B1.?): TEECR (bit 0 XED: PL0 access to TEEHBR disabled), TEEHBR.
        def("TEECR", false, 14, 6, 0, 0, 0, 1, c -> c.teecr, (c, v) -> c.teecr = v & 1);
        def("TEEHBR", false, 14, 6, 1, 0, 0, 0, c -> c.teehbr, (c, v) -> c.teehbr = v & 0xffff_fffcL)
                .check((c, read) -> c.el == 0 && (c.teecr & 1) != 0 ? SysRegs.UNDEF : SysRegs.ALLOW);
    }

    // ---- access ------------------------------------------------------------------------------------------

    private static final java.util.BitSet LOGGED = new java.util.BitSet(1 << 21);

    /**
     * The register for {@code key} accessible now for {@code read}; otherwise an UNDEFINED fault, or for
     * AArch32 EL0 under an AArch64 EL1 a configurable trap (CNTKCTL_EL1, PMUSERENR_EL0, ...) reported with
     * the AArch32 coprocessor syndrome ({@link #trap}).
     */
    private static Reg access(Aarch64Cpu c, int fullKey, boolean read) {
        int key = fullKey & KEY_MASK;
        Reg r = TABLE.get(key);
        if (r == null && (key >>> 16 & 15) == 15 && (key & 1 << 20) == 0 && (key >>> 7 & 15) == 15 && c.el > 0) {
            // Cortex-A15 CRn = 15 IMPLEMENTATION DEFINED space: RAZ/WI at PL1 (QEMU DUMMY_C15_REGS).
            return DUMMY_C15;
        }
        if (r == null || (read ? r.read == null : r.write == null) || c.el < (read ? r.readEl : r.writeEl)) {
            if (r == null && GuestLog.on(GuestLog.UNIMP)) {
                synchronized (LOGGED) {
                    if (!LOGGED.get(key)) {
                        LOGGED.set(key);
                        GuestLog.log(String.format("cpu%d: unimplemented coprocessor register %s %s at PL%d",
                                c.cpuIndex, read ? "read" : "write", keyName(key), c.el));
                    }
                }
            }
            throw c.undefinedFault();
        }
        int verdict = r.check != null ? r.check.check(c, read) : SysRegs.ALLOW;
        if (verdict != SysRegs.ALLOW) {
            if (verdict > 0 && !c.aarch32El1) {
                throw trap(c, verdict, fullKey, read);
            }
            if (verdict == SysRegs.FP_TRAP && !c.aarch32El1) {
                A64Helpers.fpTrap(c, 0);
            }
            // A trap to EL1 from PL0 is an Undefined Instruction exception in an AArch32-only PE.
            throw c.undefinedFault();
        }
        return r;
    }

    /**
     * A trapped MCR/MRC (EC 0x03 CP15, 0x05 CP14) or MCRR/MRRC (EC 0x04 CP15, 0x0C CP14) from AArch32 to
     * AArch64 {@code targetEl} (DDI 0487 D13.2.37, ISS encodings "exception from an MCR or MRC access" and
     * "from an MCRR or MRRC access"): CV = 1 and COND = 0b1110 (a trapped instruction passed its condition
     * check, so AL may be reported, as QEMU does), Opc2, Opc1, CRn, Rt, CRm and direction (1 = read), or
     * Opc1, Rt2, Rt, CRm and direction. IL = 1: the instructions are 32 bits in A32 and T32.
     */
    static A64Fault trap(Aarch64Cpu c, int targetEl, int key, boolean read) {
        boolean wide = (key & 1 << 20) != 0;
        boolean cp15 = (key >>> 16 & 15) == 15;
        int opc1 = key >>> 11 & 15;
        int crn = key >>> 7 & 15;
        int crm = key >>> 3 & 15;
        int opc2 = key & 7;
        int rt = key >>> 21 & 15;
        int rt2 = key >>> 26 & 15;
        int iss = Esr.ISS_CV_COND_AL | rt << 5 | crm << 1 | (read ? 1 : 0)
                | (wide ? opc1 << 16 | rt2 << 10 : opc2 << 17 | opc1 << 14 | crn << 10);
        int ec = wide ? (cp15 ? Esr.EC_CP15_64 : Esr.EC_CP14_64) : (cp15 ? Esr.EC_CP15_32 : Esr.EC_CP14_32);
        return c.raise(targetEl, ec, iss, false, 0, 0);
    }

    private static final Reg DUMMY_C15 = new Reg("IMPLEMENTATION DEFINED c15", 1, c -> 0, NOP);

    /**
     * MRC/MRRC (A8.8.108, A8.8.109) if {@code pass} is 1: the value of the register {@code key}
     * ({@link #key}); 64-bit registers return all 64 bits. Throws the Undefined Instruction exception for
     * an unimplemented register or one not accessible at the current PL.
     */
    public static long read(Aarch64Cpu c, int pass, int key) {
        if (pass == 0) {
            return 0;
        }
        return access(c, key, true).read.read(c);
    }

    /** MCR/MCRR (A8.8.98, A8.8.99) if {@code pass} is 1: writes {@code value} to register {@code key}. */
    public static void write(Aarch64Cpu c, int pass, int key, long value) {
        if (pass == 0) {
            return;
        }
        access(c, key, false).write.write(c, value);
    }

    /** The defined name of {@code key}, or its coordinates. */
    public static String name(int key) {
        key &= KEY_MASK;
        Reg r = TABLE.get(key);
        return r != null ? r.name : keyName(key);
    }
}
