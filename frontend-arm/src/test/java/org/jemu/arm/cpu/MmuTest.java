package org.jemu.arm.cpu;

import static org.jemu.arm.cpu.PageTables.AF;
import static org.jemu.arm.cpu.PageTables.AP_RO_ALL;
import static org.jemu.arm.cpu.PageTables.AP_RO_EL1;
import static org.jemu.arm.cpu.PageTables.AP_RW_ALL;
import static org.jemu.arm.cpu.PageTables.AP_RW_EL1;
import static org.jemu.arm.cpu.PageTables.NORMAL;
import static org.jemu.arm.cpu.PageTables.PXN;
import static org.jemu.arm.cpu.PageTables.UXN;
import static org.jemu.translator.exec.GuestCpu.ACCESS_EXEC;
import static org.jemu.translator.exec.GuestCpu.ACCESS_READ;
import static org.jemu.translator.exec.GuestCpu.ACCESS_WRITE;
import static org.jemu.translator.exec.GuestCpu.PROT_EXEC;
import static org.jemu.translator.exec.GuestCpu.PROT_LARGE;
import static org.jemu.translator.exec.GuestCpu.PROT_READ;
import static org.jemu.translator.exec.GuestCpu.PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.jemu.translator.ir.MemOp;
import org.jemu.translator.memory.SoftMmu;
import org.jemu.translator.memory.Tlb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * VMSAv8-64 stage 1 translation (Arm ARM D8): walks built in guest RAM for every granule and several VA
 * sizes, the expected physical addresses following the translation process of D8.2, and every fault
 * with its fault status code, level and FAR (ESR ISS encoding D13.2.37).
 */
class MmuTest {
    private final CpuFixture fx = new CpuFixture();
    private final Aarch64Cpu cpu = fx.cpu;
    private static final long POOL = CpuFixture.RAM + 0x0100_0000L;
    private static final int RWX = PROT_READ | PROT_WRITE | PROT_EXEC;

    @AfterEach
    void close() {
        fx.close();
    }

    /** TCR_EL1 for TTBR0 with T0SZ = 64 - inputSize, TG0 for the granule, IPS = 44 bits, EPD1 set. */
    private static long tcr0(int granule, int inputSize) {
        long tg0 = switch (granule) {
            case 12 -> 0;
            case 16 -> 1;
            default -> 2;
        };
        return (64 - inputSize) | tg0 << 14 | 1L << 23 | 4L << 32;
    }

    /** TCR_EL1 for TTBR1 with T1SZ, TG1 for the granule, EPD0 set. */
    private static long tcr1(int granule, int inputSize) {
        long tg1 = switch (granule) {
            case 12 -> 2;
            case 14 -> 1;
            default -> 3;
        };
        return (long) (64 - inputSize) << 16 | tg1 << 30 | 1L << 7 | 4L << 32;
    }

    private PageTables enable(int granule, int inputSize) {
        PageTables pt = new PageTables(fx, granule, inputSize, POOL);
        fx.msr("TTBR0_EL1", pt.root);
        fx.msr("TCR_EL1", tcr0(granule, inputSize));
        fx.msr("SCTLR_EL1", cpu.sctlr[1] | 1);
        return pt;
    }

    private A64Fault fault(long va, int access, int mmuIdx) {
        return CpuFixture.fault(() -> cpu.translate(va, access, mmuIdx));
    }

    private static int dfsc(A64Fault f) {
        return f.iss() & 0x3f;
    }

    @Test
    void mmuOffIsFlatWithEveryPermission() {
        assertEquals(0x4000_1000L | RWX, cpu.translate(0x4000_1234L, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1));
        assertEquals(0x0900_0000L | RWX, cpu.translate(0x0900_0000L, ACCESS_EXEC, Aarch64Cpu.MMU_IDX_EL0));
    }

    @Test
    void mmuOffAddressBeyondPaRangeIsAddressSizeFaultLevel0() {
        // Cortex-A57 PARange = 44 bits.
        long va = 1L << 44;
        A64Fault f = fault(va, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1);
        assertEquals(Esr.EC_DATA_ABORT_SAME, f.ec());
        assertEquals(0x00, dfsc(f));
        assertEquals(va, f.far());
    }

    /** Pages at level 3: PA = OA[47:granule] : VA[granule-1:0] (D8.3.2). */
    @ParameterizedTest(name = "granule 2^{0}, {1}-bit VA")
    @CsvSource({"12, 48", "12, 39", "12, 42", "12, 25", "14, 48", "14, 47", "14, 36", "16, 48", "16, 42",
            "16, 36"})
    void pageMappingEveryGranuleAndVaSize(int granule, int inputSize) {
        PageTables pt = enable(granule, inputSize);
        long pageSize = 1L << granule;
        long va = ((1L << inputSize) - 1) & ~(pageSize - 1) & 0x0000_7654_3210_0000L | (3 * pageSize);
        long pa = CpuFixture.RAM + 0x0200_0000L;
        pt.map(va, pa, 3, NORMAL | AP_RW_EL1);
        long off = pageSize - 8;
        long r = cpu.translate(va + off, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1);
        assertEquals((pa + off) & ~0xfffL, r & ~0xfffL);
        assertEquals(PROT_READ | PROT_WRITE | PROT_EXEC | (granule > 12 ? PROT_LARGE : 0), (int) r & 0xf);
        assertEquals(pa + off, cpu.debugTranslate(va + off, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1));
    }

    /**
     * The walk starts at the level the granule and input size give (D8.2.6, the initial lookup level
     * tables): with an empty top-level table the translation fault reports that level (DFSC 0b0001LL).
     */
    @ParameterizedTest(name = "granule 2^{0}, {1}-bit VA starts at level {2}")
    @CsvSource({"12, 48, 0", "12, 39, 1", "12, 42, 0", "12, 25, 2", "14, 48, 0", "14, 47, 1", "16, 48, 1",
            "16, 42, 2"})
    void walkStartsAtTheLevelTheInputSizeGives(int granule, int inputSize, int level) {
        enable(granule, inputSize);
        A64Fault f = fault(0x1000L << (granule - 12), ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1);
        assertEquals(0b000100 | level, dfsc(f));
    }

    /** Blocks: 1 GiB and 2 MiB (4K), 32 MiB (16K), 512 MiB (64K). */
    @ParameterizedTest(name = "granule 2^{0} block at level {1}")
    @CsvSource({"12, 1, 30", "12, 2, 21", "14, 2, 25", "16, 2, 29"})
    void blocks(int granule, int level, int blockBits) {
        PageTables pt = enable(granule, 48);
        long va = 0x0000_1000_0000_0000L | (5L << blockBits);
        long pa = 1L << 40 | 7L << blockBits;
        pt.map(va, pa, level, NORMAL | AP_RW_EL1);
        long off = (1L << blockBits) - 0x10;
        long r = cpu.translate(va + off, ACCESS_WRITE, Aarch64Cpu.MMU_IDX_EL1);
        assertEquals((pa + off) & ~0xfffL, r & ~0xfffL);
        assertEquals(PROT_LARGE, (int) r & PROT_LARGE);
    }

    @ParameterizedTest(name = "granule 2^{0} via TTBR1")
    @CsvSource({"12", "14", "16"})
    void upperRangeThroughTtbr1(int granule) {
        PageTables pt = new PageTables(fx, granule, 48, POOL);
        fx.msr("TTBR1_EL1", pt.root | 0xabcdL << 48); // an ASID in bits [63:48] is not part of the address
        fx.msr("TCR_EL1", tcr1(granule, 48));
        fx.msr("SCTLR_EL1", cpu.sctlr[1] | 1);
        long va = 0xffff_8000_1234_0000L & -(1L << granule);
        long pa = CpuFixture.RAM + 0x0300_0000L;
        pt.map(va, pa, 3, NORMAL | AP_RW_EL1);
        assertEquals(pa + 0x18, cpu.debugTranslate(va + 0x18, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1));
        // TTBR0 is disabled by EPD0: a level 0 translation fault.
        A64Fault f = fault(0x1000, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1);
        assertEquals(0x04, dfsc(f));
    }

    @Test
    void vaOutsideBothRangesIsTranslationFaultLevel0() {
        enable(12, 39);
        long va = 1L << 40; // bits [63:39] neither all zeros nor all ones
        A64Fault f = fault(va, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1);
        assertEquals(0x04, dfsc(f));
        assertEquals(va, f.far());
    }

    @Test
    void missingEntryIsTranslationFaultAtThatLevel() {
        PageTables pt = enable(12, 48);
        long va = 0x0000_0012_3456_7000L;
        A64Fault f0 = fault(va, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1);
        assertEquals(0x04, dfsc(f0));
        pt.descriptorAddress(va, 2); // creates level 0 and 1 tables; level 2 entry invalid
        A64Fault f2 = fault(va, ACCESS_WRITE, Aarch64Cpu.MMU_IDX_EL1);
        assertEquals(0x06, dfsc(f2));
        assertEquals(Esr.ISS_WNR, f2.iss() & Esr.ISS_WNR);
        assertEquals(Esr.EC_DATA_ABORT_SAME, f2.ec());
        assertEquals(va, f2.far());
        pt.descriptorAddress(va, 3);
        assertEquals(0x07, dfsc(fault(va, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1)));
    }

    @Test
    void reservedAndMisplacedDescriptorsAreTranslationFaults() {
        PageTables pt = enable(12, 48);
        long va = 0x0000_0080_0000_0000L;
        pt.raw(va, 0, CpuFixture.RAM | AF | 1); // block at level 0: not allowed with 4 KiB
        assertEquals(0x04, dfsc(fault(va, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1)));
        long va3 = 0x0000_0000_4000_0000L;
        pt.raw(va3, 3, CpuFixture.RAM | AF | 1); // level 3 with bits[1:0] = 01: reserved
        assertEquals(0x07, dfsc(fault(va3, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1)));
    }

    @Test
    void level1BlockIsNotAllowedWith64KGranule() {
        PageTables pt = enable(16, 48); // start level 1
        long va = 0x0000_0400_0000_0000L;
        pt.raw(va, 1, CpuFixture.RAM | AF | 1);
        assertEquals(0x05, dfsc(fault(va, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1)));
    }

    @Test
    void accessFlagFault() {
        PageTables pt = enable(12, 48);
        long va = 0x0000_0000_1000_0000L;
        pt.map(va, CpuFixture.RAM, 3, AP_RW_EL1); // AF = 0
        A64Fault f = fault(va + 4, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1);
        assertEquals(0x0b, dfsc(f));
        long vb = 0x0000_0000_4000_0000L;
        pt.map(vb, CpuFixture.RAM, 2, AP_RW_EL1); // block, AF = 0
        assertEquals(0x0a, dfsc(fault(vb, ACCESS_EXEC, Aarch64Cpu.MMU_IDX_EL1)));
    }

    @Test
    void accessFlagFaultTakesPriorityOverPermission() {
        PageTables pt = enable(12, 48);
        long va = 0x0000_0000_1000_0000L;
        pt.map(va, CpuFixture.RAM, 3, AP_RO_EL1); // AF = 0 and read-only
        assertEquals(0x0b, dfsc(fault(va, ACCESS_WRITE, Aarch64Cpu.MMU_IDX_EL1)));
    }

    @Test
    void addressSizeFaults() {
        // IPS = 32 bits: an output address at 4 GiB is too large (level 3), as is a table at 4 GiB (level 2).
        PageTables pt = new PageTables(fx, 12, 48, POOL);
        fx.msr("TTBR0_EL1", pt.root);
        fx.msr("TCR_EL1", 16 | 1L << 23); // IPS 0 = 32 bits
        fx.msr("SCTLR_EL1", cpu.sctlr[1] | 1);
        long va = 0x0000_0000_1000_0000L;
        pt.map(va, 1L << 32, 3, NORMAL);
        assertEquals(0x03, dfsc(fault(va, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1)));
        long vb = 0x0000_0000_2000_0000L;
        pt.raw(vb, 2, (1L << 33) | 3);
        assertEquals(0x02, dfsc(fault(vb, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1)));
        // A TTBR beyond the output size: level 0.
        fx.msr("TTBR0_EL1", 1L << 40);
        assertEquals(0x00, dfsc(fault(va, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1)));
    }

    @Test
    void walkThroughUnassignedMemoryIsExternalAbortOnWalk() {
        fx.msr("TTBR0_EL1", 0x2000_0000L); // nothing there
        fx.msr("TCR_EL1", tcr0(12, 48));
        fx.msr("SCTLR_EL1", cpu.sctlr[1] | 1);
        assertEquals(0x14, dfsc(fault(0x1000, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1)));
    }

    @Test
    void unassignedPhysicalAccessIsSynchronousExternalAbort() {
        A64Fault f = CpuFixture.fault(() -> cpu.unassignedAccess(0x1230, 0x1230, ACCESS_WRITE, 4));
        assertEquals(Esr.EC_DATA_ABORT_SAME, f.ec());
        assertEquals(0x10 | Esr.ISS_WNR, f.iss());
        assertEquals(0x1230, f.far());
        A64Fault g = CpuFixture.fault(() -> SoftMmu.load(cpu, 0x2000_0000L, MemOp.of(4, false, false, 1)));
        assertEquals(0x10, g.iss());
        A64Fault i = CpuFixture.fault(() -> cpu.unassignedAccess(0x40, 0x40, ACCESS_EXEC, 4));
        assertEquals(Esr.EC_INSN_ABORT_SAME, i.ec());
        assertEquals(0x10, i.iss());
    }

    /** AP[2:1] and execute-never for EL0 and EL1 (D8.4.3, v8.0 rules). */
    @ParameterizedTest(name = "AP {0} UXN {1} PXN {2}")
    @CsvSource({
        // ap, uxn, pxn, EL1 prot, EL0 prot
        "0, 0, 0, 7, 4", // RW at EL1 only; EL0 execute-only
        "1, 0, 0, 3, 7", // RW at EL0 and EL1: EL0-writable is PXN
        "2, 0, 0, 5, 4", // RO at EL1
        "3, 0, 0, 5, 5", // RO everywhere
        "3, 1, 0, 5, 1", // UXN
        "3, 0, 1, 1, 5", // PXN
        "1, 1, 1, 3, 3"})
    void permissions(int ap, int uxn, int pxn, int el1Prot, int el0Prot) {
        PageTables pt = enable(12, 39);
        long va = 0x10_0000L;
        pt.map(va, CpuFixture.RAM, 3, NORMAL | (long) ap << 6 | (uxn != 0 ? UXN : 0) | (pxn != 0 ? PXN : 0));
        long p1 = probe(va, Aarch64Cpu.MMU_IDX_EL1);
        long p0 = probe(va, Aarch64Cpu.MMU_IDX_EL0);
        assertEquals(el1Prot, p1);
        assertEquals(el0Prot, p0);
    }

    /** The permissions granted, found by trying each access kind. */
    private long probe(long va, int mmuIdx) {
        int prot = 0;
        for (int access : new int[] {ACCESS_READ, ACCESS_WRITE, ACCESS_EXEC}) {
            try {
                long r = cpu.translate(va, access, mmuIdx);
                prot |= 1 << access;
                assertNotEquals(0, r & (1L << access)); // the returned PROT_* agrees
            } catch (A64Fault f) {
                assertEquals(0x0f, dfsc(f)); // permission fault, level 3
                assertEquals(va, f.far());
            }
        }
        return prot;
    }

    @Test
    void permissionFaultSyndromesFromEl0() {
        PageTables pt = enable(12, 39);
        long va = 0x20_0000L;
        pt.map(va, CpuFixture.RAM, 3, NORMAL | AP_RO_ALL | UXN);
        fx.enterEl0(0);
        A64Fault w = fault(va + 8, ACCESS_WRITE, Aarch64Cpu.MMU_IDX_EL0);
        assertEquals(Esr.EC_DATA_ABORT_LOWER, w.ec());
        assertEquals(0x0f | Esr.ISS_WNR, w.iss());
        assertEquals(1, w.targetEl());
        A64Fault x = fault(va, ACCESS_EXEC, Aarch64Cpu.MMU_IDX_EL0);
        assertEquals(Esr.EC_INSN_ABORT_LOWER, x.ec());
        assertEquals(0x0f, x.iss());
    }

    @Test
    void wxnMakesWritableRegionsExecuteNever() {
        PageTables pt = enable(12, 39);
        long va = 0x30_0000L;
        pt.map(va, CpuFixture.RAM, 3, NORMAL | AP_RW_EL1);
        pt.map(va + 0x1000, CpuFixture.RAM, 3, NORMAL | AP_RO_EL1);
        fx.msr("SCTLR_EL1", cpu.sctlr[1] | Aarch64Cpu.SCTLR_WXN);
        assertEquals(PROT_READ | PROT_WRITE, probe(va, Aarch64Cpu.MMU_IDX_EL1));
        assertEquals(PROT_READ | PROT_EXEC, probe(va + 0x1000, Aarch64Cpu.MMU_IDX_EL1));
    }

    @Test
    void hierarchicalTableAttributes() {
        PageTables pt = enable(12, 39); // start level 1
        long va = 0x40_0000L;
        pt.map(va, CpuFixture.RAM, 3, NORMAL | AP_RW_ALL);
        assertEquals(7, probe(va, Aarch64Cpu.MMU_IDX_EL0));
        pt.orTableBits(va, 2, 1L << 62); // APTable[1]: no writes below
        fx.msr("TTBR0_EL1", pt.root | 1L << 48); // flushes the TLBs
        assertEquals(PROT_READ | PROT_EXEC, probe(va, Aarch64Cpu.MMU_IDX_EL0));
        pt.orTableBits(va, 1, 1L << 61 | 1L << 60); // APTable[0]: no EL0; UXNTable
        cpu.tlbFlushAll();
        assertEquals(0, probe(va, Aarch64Cpu.MMU_IDX_EL0));
        pt.orTableBits(va, 2, 1L << 59); // PXNTable
        assertEquals(PROT_READ, probe(va, Aarch64Cpu.MMU_IDX_EL1));
    }

    @Test
    void topByteIgnore() {
        PageTables pt = enable(12, 48);
        long va = 0x0000_0000_1234_5000L;
        pt.map(va, CpuFixture.RAM + 0x5000, 3, NORMAL);
        long tagged = 0x5a00_0000_1234_5008L;
        assertEquals(0x04, dfsc(fault(tagged, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1)));
        fx.msr("TCR_EL1", cpu.tcr[1] | 1L << 37); // TBI0
        assertEquals(CpuFixture.RAM + 0x5008, cpu.debugTranslate(tagged, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1));
    }

    @Test
    void bigEndianTableWalk() {
        PageTables pt = enable(12, 39);
        long va = 0x50_0000L;
        pt.map(va, CpuFixture.RAM + 0x7000, 3, NORMAL);
        // Rewrite every table entry the walk uses in big-endian byte order.
        for (int level = 3; level >= pt.startLevel; level--) { // deepest first: the builder reads upper levels
            long da = pt.descriptorAddress(va, level);
            fx.write64(da, Long.reverseBytes(fx.read64(da)));
        }
        fx.msr("SCTLR_EL1", cpu.sctlr[1] | Aarch64Cpu.SCTLR_EE);
        assertEquals(CpuFixture.RAM + 0x7010, cpu.debugTranslate(va + 0x10, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL1));
    }

    @Test
    void systemRegisterWritesFlushTheSoftTlb() {
        PageTables pt = enable(12, 39);
        long va = 0x60_0000L;
        pt.map(va, CpuFixture.RAM + 0x8000, 3, NORMAL);
        fx.write64(CpuFixture.RAM + 0x8000, 0x1122_3344_5566_7788L);
        long memop = MemOp.of(8, false, false, Aarch64Cpu.MMU_IDX_EL1);
        int i = Tlb.index(va);
        assertEquals(0x1122_3344_5566_7788L, SoftMmu.load(cpu, va, memop));
        assertEquals(va, cpu.tlbs[Aarch64Cpu.MMU_IDX_EL1].tagRead[i] & Tlb.PAGE_MASK);
        fx.msr("TTBR0_EL1", pt.root | 2L << 48); // another address space: its own (empty) TLB
        assertEquals(Tlb.INVALID, cpu.tlbs[Aarch64Cpu.MMU_IDX_EL1].tagRead[i]);
        SoftMmu.load(cpu, va, memop);
        fx.msr("TCR_EL1", cpu.tcr[1] | 1L << 37);
        assertEquals(Tlb.INVALID, cpu.tlbs[Aarch64Cpu.MMU_IDX_EL1].tagRead[i]);
        SoftMmu.load(cpu, va, memop);
        A64Helpers.sys(cpu, CpuFixture.enc("TLBI VAE1"), va >>> 12);
        assertEquals(Tlb.INVALID, cpu.tlbs[Aarch64Cpu.MMU_IDX_EL1].tagRead[i]);
        SoftMmu.load(cpu, va, memop);
        fx.msr("SCTLR_EL1", cpu.sctlr[1] & ~1L);
        assertEquals(Tlb.INVALID, cpu.tlbs[Aarch64Cpu.MMU_IDX_EL1].tagRead[i]);
    }

    /**
     * ASIDs (D8.13): an address space's TLB entries come back when its ASID is current again, as on a CPU
     * with an ASID-tagged TLB, and TLB maintenance done meanwhile reaches them. Linux switches the ASID in
     * TTBR1_EL1 on every kernel entry and user access (software PAN), so this keeps both sides' entries.
     */
    @Test
    void eachAsidKeepsItsOwnTranslations() {
        final long NG = 1L << 11; // not global: tagged with the ASID
        PageTables a = enable(12, 39);
        long va = 0x60_0000L;
        a.map(va, CpuFixture.RAM + 0x8000, 3, NORMAL | NG);
        fx.write64(CpuFixture.RAM + 0x8000, 0xaaaa_aaaaL);
        fx.write64(CpuFixture.RAM + 0x9000, 0xbbbb_bbbbL);
        long memop = MemOp.of(8, false, false, Aarch64Cpu.MMU_IDX_EL1);
        int i = Tlb.index(va);
        fx.msr("TTBR0_EL1", a.root | 1L << 48);
        assertEquals(0xaaaa_aaaaL, SoftMmu.load(cpu, va, memop));

        // ASID 2 maps va elsewhere (a second set of tables).
        PageTables b = new PageTables(fx, 12, 39, POOL + 0x10_0000L);
        b.map(va, CpuFixture.RAM + 0x9000, 3, NORMAL | NG);
        fx.msr("TTBR0_EL1", b.root | 2L << 48);
        assertEquals(0xbbbb_bbbbL, SoftMmu.load(cpu, va, memop));

        // Back in ASID 1 the old entry is there (the tables are changed without TLBI: the entry is used).
        a.map(va, CpuFixture.RAM + 0x9000, 3, NORMAL | NG);
        fx.msr("TTBR0_EL1", a.root | 1L << 48);
        assertEquals(va, cpu.tlbs[Aarch64Cpu.MMU_IDX_EL1].tagRead[i] & Tlb.PAGE_MASK);
        assertEquals(0xaaaa_aaaaL, SoftMmu.load(cpu, va, memop));

        // A TLBI by VA in ASID 2 (for every ASID here) reaches ASID 1's entries.
        fx.msr("TTBR0_EL1", b.root | 2L << 48);
        A64Helpers.sys(cpu, CpuFixture.enc("TLBI VAAE1"), va >>> 12);
        fx.msr("TTBR0_EL1", a.root | 1L << 48);
        assertEquals(Tlb.INVALID, cpu.tlbs[Aarch64Cpu.MMU_IDX_EL1].tagRead[i]);
        assertEquals(0xbbbb_bbbbL, SoftMmu.load(cpu, va, memop));

        // So does TLBI VMALLE1.
        a.map(va, CpuFixture.RAM + 0x8000, 3, NORMAL | NG);
        fx.msr("TTBR0_EL1", b.root | 2L << 48);
        A64Helpers.sys(cpu, CpuFixture.enc("TLBI VMALLE1"), 0);
        fx.msr("TTBR0_EL1", a.root | 1L << 48);
        assertEquals(0xaaaa_aaaaL, SoftMmu.load(cpu, va, memop));
    }

    @Test
    void broadcastTlbiFlushesEveryCpu() {
        Aarch64Cpu other = fx.newCpu(1);
        java.util.List<Aarch64Cpu> all = java.util.List.of(cpu, other);
        cpu.setCpus(all);
        other.setCpus(all);
        long memop = MemOp.of(8, false, false, Aarch64Cpu.MMU_IDX_EL1);
        SoftMmu.load(cpu, CpuFixture.RAM, memop);
        SoftMmu.load(other, CpuFixture.RAM, memop);
        int i = Tlb.index(CpuFixture.RAM);
        A64Helpers.sys(cpu, CpuFixture.enc("TLBI VMALLE1"), 0);
        assertEquals(Tlb.INVALID, cpu.tlbs[1].tagRead[i]);
        assertNotEquals(Tlb.INVALID, other.tlbs[1].tagRead[i]);
        SoftMmu.load(cpu, CpuFixture.RAM, memop);
        A64Helpers.sys(cpu, CpuFixture.enc("TLBI VMALLE1IS"), 0);
        assertEquals(Tlb.INVALID, cpu.tlbs[1].tagRead[i]);
        assertEquals(Tlb.INVALID, other.tlbs[1].tagRead[i]);
        SoftMmu.load(other, CpuFixture.RAM, memop);
        A64Helpers.sys(cpu, CpuFixture.enc("TLBI VAE1IS"), CpuFixture.RAM >>> 12);
        assertEquals(Tlb.INVALID, other.tlbs[1].tagRead[i]);
    }

    @Test
    void addressTranslationInstructionsWritePar() {
        PageTables pt = enable(12, 39);
        long va = 0x70_0000L;
        pt.map(va, CpuFixture.RAM + 0x9000, 3, NORMAL | AP_RO_EL1 | 2L << 2); // AttrIndx 2
        fx.msr("MAIR_EL1", 0xffL << 16 | 0x44L << 8);
        A64Helpers.sys(cpu, CpuFixture.enc("AT S1E1R"), va + 0x123);
        // PA[47:12], SH = 0b11 (bits [8:7]), bit 11 RES1, ATTR = MAIR byte 2 (bits [63:56]).
        assertEquals(0xffL << 56 | (CpuFixture.RAM + 0x9000) | 3L << 7 | 1L << 11, fx.mrs("PAR_EL1"));
        A64Helpers.sys(cpu, CpuFixture.enc("AT S1E1W"), va);
        assertEquals(1 | 0x0fL << 1 | 1L << 11, fx.mrs("PAR_EL1")); // F = 1, FST = permission level 3
        A64Helpers.sys(cpu, CpuFixture.enc("AT S1E0R"), va);
        assertEquals(1 | 0x0fL << 1 | 1L << 11, fx.mrs("PAR_EL1"));
        A64Helpers.sys(cpu, CpuFixture.enc("AT S1E1R"), 0x100_0000_0000L); // beyond the 39-bit range
        assertEquals(1 | 0x04L << 1 | 1L << 11, fx.mrs("PAR_EL1")); // translation fault level 0
    }

    @Test
    void el2RegimeUsesTtbr0El2AndSinglePrivilege() {
        try (CpuFixture f2 = new CpuFixture(true, false)) {
            Aarch64Cpu c = f2.cpu;
            assertEquals(2, c.el);
            PageTables pt = new PageTables(f2, 12, 39, POOL);
            long va = 0x80_0000L;
            pt.map(va, CpuFixture.RAM + 0xa000, 3, NORMAL | AP_RO_EL1);
            f2.msr("TTBR0_EL2", pt.root);
            f2.msr("TCR_EL2", 25 | 4L << 16); // T0SZ 25, 4 KiB, PS 44 bits
            f2.msr("SCTLR_EL2", c.sctlr[2] | 1);
            assertEquals((CpuFixture.RAM + 0xa000) | PROT_READ | PROT_EXEC,
                    c.translate(va, ACCESS_READ, Aarch64Cpu.MMU_IDX_EL2));
            A64Fault f = CpuFixture.fault(() -> c.translate(va, ACCESS_WRITE, Aarch64Cpu.MMU_IDX_EL2));
            assertEquals(0x0f | Esr.ISS_WNR, f.iss());
            assertEquals(2, f.targetEl());
        }
    }
}
