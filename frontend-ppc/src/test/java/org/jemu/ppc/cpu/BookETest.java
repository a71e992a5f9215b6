package org.jemu.ppc.cpu;

import static org.jemu.ppc.Asm.b;
import static org.jemu.ppc.Asm.d;
import static org.jemu.ppc.Asm.li;
import static org.jemu.ppc.Asm.x;
import static org.jemu.ppc.Asm.xl;
import static org.jemu.ppc.cpu.SupervisorTest.lis;
import static org.jemu.ppc.cpu.SupervisorTest.lwz;
import static org.jemu.ppc.cpu.SupervisorTest.mfmsr;
import static org.jemu.ppc.cpu.SupervisorTest.mfspr;
import static org.jemu.ppc.cpu.SupervisorTest.mtspr;
import static org.jemu.ppc.cpu.SupervisorTest.ori;
import static org.jemu.ppc.cpu.SupervisorTest.stw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The e500mc Book E supervisor level, from Power ISA 2.06 Book III-E and the e500mc reference manual
 * (E500MCRM): interrupt entry through IVPR/IVORn with SRR0/SRR1 (CSRR0/1 for critical interrupts) and ESR/DEAR,
 * rfi/rfci, TLB translation and its faults (TS and PID mismatch, permissions, page sizes, 36-bit real
 * addresses), tlbwe/tlbre/tlbsx (hit and miss MAS contents)/tlbivax, the decrementer with auto-reload at the
 * exact tick, TSR write-1-to-clear, FIT and watchdog, isel, wrteei and privilege. Each program runs through
 * the execution loop with the virtual clock (one time-base tick per instruction), in the interpreter and the
 * compiled tier.
 */
class BookETest {
    static final long RAM = 0x10_0000;
    /** IVPR used by the tests: the vector of IVORn is 0x4_0000 + n * 0x100 (IVORn = n * 0x100). */
    static final long IVPR = 0x0004_0000L;
    static final int B_SELF = b(0, 0, 0);
    static final int SC = 0x4400_0002;
    static final int RFI = xl(0, 0, 0, 50, 0), RFCI = xl(0, 0, 0, 51, 0);
    static final int TLBWE = x(31, 0, 0, 0, 978, 0), TLBRE = x(31, 0, 0, 0, 946, 0);
    static final long ALL_PERMS = 0x3f;
    static final long MSR_BASE = PpcCpu.MSR_ME;

    PhysicalAddressSpace mem;
    VirtualClock clock;
    PpcBookECpu cpu;
    ExecLoop loop;

    void setUp(boolean compiled) {
        mem = new PhysicalAddressSpace();
        clock = new VirtualClock(0, false);
        mem.addRam("ram", 0, RAM);
        mem.addRam("high", 0xf_0000_0000L, 0x1_0000);
        cpu = (PpcBookECpu) PpcCpu.create("e500mc", 0, mem);
        cpu.resetSystem();
        cpu.attachClock(clock, 1_000_000_000L);
        // Board-style preload: TLB1[1] maps EA 0..1 MiB to PA 0 (TSIZE 5 = 1 MiB), every permission, TS 0, TID 0.
        cpu.mmu().writeEntry(1, 1, PpcBookEMmu.MAS1_VALID | PpcBookEMmu.tsize(5), 0, ALL_PERMS, 0);
        cpu.ivpr = IVPR;
        for (int n = 0; n < 16; n++) {
            cpu.ivor[n] = n * 0x100L;
            // The IVOR offset without IVPR: a trap that marks "IVPR dropped".
            put(n * 0x100L, li(25, 0xbad), B_SELF);
            put(IVPR + n * 0x100L, li(25, n), n == 0 || n == 12 ? mfspr(20, 58) : mfspr(20, 26),
                    n == 0 || n == 12 ? mfspr(21, 59) : mfspr(21, 27), mfmsr(22), mfspr(23, 61), mfspr(24, 62), B_SELF);
        }
        loop = new ExecLoop(List.of(cpu), clock, compiled ? new BytecodeBackend() : null);
        loop.setCompileThreshold(compiled ? 0 : -1);
        loop.setBackgroundCompile(false);
    }

    void put(long addr, int... words) {
        for (int i = 0; i < words.length; i++) {
            mem.write(addr + 4L * i, 4, true, words[i] & 0xffff_ffffL);
        }
    }

    void run(long pc, long msr, int n) {
        if (cpu.regs[PpcCpu.PC] != pc) {
            cpu.halted = false;
        }
        cpu.regs[PpcCpu.PC] = pc;
        cpu.setMsr(msr);
        cpu.regs[25] = 0xffff;
        long end = cpu.icount + n;
        while (cpu.icount < end && !cpu.stopped) {
            clock.runExpired();
            if (cpu.halted && cpu.interruptRequest != 0) {
                cpu.checkInterrupts();                             // as ExecLoop.run does for a halted vCPU
            }
            if (cpu.halted) {
                break;
            }
            long budget = Math.min(Math.min(16, end - cpu.icount), clock.instructionsToNextDeadline());
            loop.runCpu(cpu, Math.max(1, budget));
        }
    }

    long r(int n) {
        return cpu.regs[n];
    }

    /** Instructions that load the 32-bit constant v into rt (lis; ori). */
    static int[] li32(int rt, long v) {
        return new int[] {lis(rt, (int) v), ori(rt, rt, (int) v)};
    }

    static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] out = new int[n];
        int i = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    /** mtspr MASn from a constant through r10. */
    static int[] setSpr(int sprn, long v) {
        return concat(li32(10, v), new int[] {mtspr(sprn, 10)});
    }

    /**
     * E500MCRM 4.9.x / Book III-E 7.6.9 "System Call Interrupt": IVPR and IVOR8 written with mtspr select the
     * vector IVPR[0-15] || IVOR8[16-27] || 0b0000 (0x5_0000 | 0x0770); SRR0 = the instruction after sc,
     * SRR1 = the MSR, the new MSR keeps only CE/ME/DE (EE, PR, FP cleared). rfi returns.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void systemCallThroughIvprIvor8(boolean compiled) {
        setUp(compiled);
        put(0x770, li(25, 0xbad), B_SELF);
        put(0x5_0770, mfspr(20, 26), mfspr(21, 27), mfmsr(22), li(25, 8), RFI);
        // Supervisor: set IVPR = 0x5_0000 (low bits ignored), IVOR8 = 0x777 (low 4 bits ignored), drop to user.
        put(0x1000, concat(li32(3, 0x0005_1234L), new int[] {mtspr(63, 3)}, li32(3, 0x777), new int[] {mtspr(408, 3)},
                li32(3, PpcCpu.MSR_PR | PpcCpu.MSR_EE | PpcCpu.MSR_ME | PpcBookECpu.MSR_CE),
                new int[] {mtspr(27, 3)}, li32(3, 0x2000), new int[] {mtspr(26, 3), RFI}));
        put(0x2000, li(4, 1), SC, li(5, 2), B_SELF);
        run(0x1000, MSR_BASE, 60);
        assertEquals(8, r(25), "vector = IVPR | IVOR8");
        assertEquals(0x2008, r(20), "SRR0 = the instruction after sc");
        long userMsr = PpcCpu.MSR_PR | PpcCpu.MSR_EE | PpcCpu.MSR_ME | PpcBookECpu.MSR_CE;
        assertEquals(userMsr, r(21), "SRR1 = the whole MSR");
        assertEquals(PpcCpu.MSR_ME | PpcBookECpu.MSR_CE, r(22), "base class: CE, ME, DE kept; others cleared");
        assertEquals(2, r(5), "rfi returned after sc");
        assertEquals(userMsr, cpu.regs[PpcCpu.MSR]);
    }

    /** Book III-E 7.6.7 "Program Interrupt": privileged (ESR[PPR]) and illegal (ESR[PIL]) instructions. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void programInterruptEsr(boolean compiled) {
        setUp(compiled);
        put(0x1000, li(3, 1), mfmsr(4), li(5, 2));
        run(0x1000, PpcCpu.MSR_PR | MSR_BASE, 20);
        assertEquals(6, r(25));
        assertEquals(0x1004, r(20), "SRR0 = the privileged instruction");
        assertEquals(PpcBookECpu.ESR_PPR, r(24));
        // lswi and mfsr do not exist on the e500mc (QEMU: no PPC_STRING, no segment registers): illegal.
        put(0x1100, x(31, 3, 4, 4, 597, 0));
        run(0x1100, MSR_BASE, 20);
        assertEquals(6, r(25));
        assertEquals(PpcBookECpu.ESR_PIL, r(24), "lswi is illegal on the e500mc");
        put(0x1200, x(31, 3, 1, 0, 595, 0));
        run(0x1200, MSR_BASE, 20);
        assertEquals(PpcBookECpu.ESR_PIL, r(24), "mfsr is illegal on the e500mc");
        assertEquals(0x1200, r(20));
    }

    /** Writes a TLB entry with guest tlbwe: MAS0-MAS3 and MAS7 through mtspr. */
    static int[] tlbwe(int tlbsel, int esel, long mas1, long mas2, long mas3, long mas7) {
        return concat(setSpr(624, ((long) tlbsel << 28) | ((long) esel << 16)), setSpr(625, mas1), setSpr(626, mas2),
                setSpr(627, mas3), setSpr(944, mas7), new int[] {TLBWE});
    }

    /**
     * Book III-E 6.7.2 "TLB match": a TLB0 entry written by tlbwe (TID 5, TS 0, EPN 0x1000_0000 -> RPN
     * 0x2000, SR only) translates a load under PID0 = 5; under PID0 = 6 the same load is a data TLB error
     * (IVOR13, DEAR = EA, ESR = 0) and the MAS registers hold the miss defaults (E500MCRM table 6-13: MAS1 V,
     * TID = PID0, TSIZE = MAS4[TSIZED]; MAS2 EPN = the EA's page; MAS6[SPID] = PID0).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void pidMatchAndMismatch(boolean compiled) {
        setUp(compiled);
        put(0x2010, 0x1234_5678);
        put(0x1000, concat(tlbwe(0, 2, PpcBookEMmu.MAS1_VALID | (5L << 16) | PpcBookEMmu.tsize(1), 0x1000_0000L,
                0x2000 | PpcBookEMmu.MAS3_SR, 0), setSpr(48, 5), li32(8, 0x1000_0010L),
                new int[] {lwz(9, 8, 0)}, setSpr(628, PpcBookEMmu.tsize(1)), setSpr(48, 6), new int[] {lwz(11, 8, 0), B_SELF}));
        run(0x1000, MSR_BASE, 200);
        assertEquals(0x1234_5678L, r(9), "TID 5 = PID0 5: EA 0x1000_0010 -> PA 0x2010");
        assertEquals(13, r(25), "PID0 6: data TLB error");
        assertEquals(0x1000_0010L, r(23), "DEAR");
        assertEquals(0, r(24), "ESR of a load");
        PpcBookEMmu m = cpu.mmu();
        assertEquals(PpcBookEMmu.MAS1_VALID | (6L << 16) | PpcBookEMmu.tsize(1), m.mas1r);
        assertEquals(0x1000_0000L, m.mas2r);
        assertEquals(6L << 16, m.mas6r & PpcBookEMmu.MAS6_SPID_MASK);
    }

    /**
     * Book III-E 6.7.2: the entry's TS must equal MSR[DS] (data) or MSR[IS] (fetch). An entry with TS = 1 does
     * not translate with MSR[DS] = 0 (data TLB error) but does with DS = 1. Dropping the TS compare fails this.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void addressSpaceMustMatch(boolean compiled) {
        setUp(compiled);
        // TLB1[3]: TS 1, EPN 0x3000_0000 -> PA 0x3000, 4 KiB, SR.
        cpu.mmu().writeEntry(1, 3, PpcBookEMmu.MAS1_VALID | PpcBookEMmu.MAS1_TS | PpcBookEMmu.tsize(1),
                0x3000_0000L, 0x3000 | PpcBookEMmu.MAS3_SR, 0);
        // TLB1[4]: the code and handlers also in TS 1 (EPN 0 -> 0, 1 MiB).
        cpu.mmu().writeEntry(1, 4, PpcBookEMmu.MAS1_VALID | PpcBookEMmu.MAS1_TS | PpcBookEMmu.tsize(5), 0, ALL_PERMS, 0);
        put(0x3004, 0xcafe_f00d);
        put(0x1000, concat(li32(8, 0x3000_0004L), new int[] {lwz(9, 8, 0), B_SELF}));
        run(0x1000, MSR_BASE, 40);
        assertEquals(13, r(25), "TS 1 entry, MSR[DS] = 0: data TLB error");
        assertEquals(0x3000_0004L, r(23));
        run(0x1000, MSR_BASE | PpcBookECpu.MSR_DS, 40);
        assertEquals(0xcafe_f00dL, r(9), "MSR[DS] = 1 matches TS 1");
        assertEquals(0xffff, r(25), "no interrupt");
    }

    /**
     * Book III-E 6.7.5 "Storage Access Control": a store to a page without SW is a DSI (IVOR2) with ESR[ST]
     * and DEAR; a user load from a page with SR but not UR is a DSI with ESR = 0; a fetch from a page without
     * SX is an ISI (IVOR3); a fetch with no entry is an instruction TLB error (IVOR14) with SRR0 = the target.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void permissionsAndFetchFaults(boolean compiled) {
        setUp(compiled);
        cpu.mmu().writeEntry(1, 3, PpcBookEMmu.MAS1_VALID | PpcBookEMmu.tsize(1), 0x4000_0000L,
                0x5000 | PpcBookEMmu.MAS3_SR, 0);
        cpu.mmu().writeEntry(1, 5, PpcBookEMmu.MAS1_VALID | PpcBookEMmu.tsize(1), 0x5000_0000L,
                0x6000 | PpcBookEMmu.MAS3_SR | PpcBookEMmu.MAS3_SW, 0);
        put(0x1000, concat(li32(8, 0x4000_0008L), new int[] {lwz(9, 8, 0), stw(9, 8, 0), B_SELF}));
        run(0x1000, MSR_BASE, 40);
        assertEquals(2, r(25), "store without SW: DSI");
        assertEquals(0x100c, r(20), "SRR0 = the store");
        assertEquals(0x4000_0008L, r(23), "DEAR");
        assertEquals(PpcBookECpu.ESR_ST, r(24), "ESR[ST]");
        run(0x1000, MSR_BASE | PpcCpu.MSR_PR, 40);
        assertEquals(2, r(25), "user load without UR: DSI");
        assertEquals(0x1008, r(20));
        assertEquals(0, r(24));
        put(0x1100, concat(li32(8, 0x5000_0000L), new int[] {x(31, 8, 9, 0, 467, 0) /* mtctr r8 */, 0x4e80_0420 /* bctr */}));
        put(0x6000, li(12, 1), B_SELF);
        run(0x1100, MSR_BASE, 40);
        assertEquals(3, r(25), "fetch from a page without SX: ISI");
        assertEquals(0x5000_0000L, r(20));
        put(0x1200, concat(li32(8, 0x6000_0000L), new int[] {x(31, 8, 9, 0, 467, 0), 0x4e80_0420}));
        run(0x1200, MSR_BASE, 40);
        assertEquals(14, r(25), "fetch without an entry: instruction TLB error");
        assertEquals(0x6000_0000L, r(20));
    }

    /**
     * TSIZE (E500MCRM table 6-3: 4^TSIZE KiB) and the 36-bit real address (RPN || MAS7): a 256 KiB TLB1 entry
     * (TSIZE 4) at EPN 0x2000_0000 -> RPN 0x4_0000 maps EA 0x2003_0004 to PA 0x7_0004 (the offset keeps 18
     * bits); a 4 KiB entry with MAS7 = 0xF maps EA 0x7000_0010 to PA 0xF_0000_1010.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void pageSizesAnd36BitAddresses(boolean compiled) {
        setUp(compiled);
        put(0x7_0004, 0x0bad_cafe);
        mem.write(0xf_0000_1010L, 4, true, 0xfeed_beefL);
        put(0x1000, concat(tlbwe(1, 6, PpcBookEMmu.MAS1_VALID | PpcBookEMmu.tsize(4), 0x2000_0000L,
                0x0004_0000L | PpcBookEMmu.MAS3_SR, 0),
                tlbwe(1, 7, PpcBookEMmu.MAS1_VALID | PpcBookEMmu.tsize(1), 0x7000_0000L, 0x1000 | PpcBookEMmu.MAS3_SR, 0xf),
                li32(8, 0x2003_0004L), new int[] {lwz(9, 8, 0)}, li32(8, 0x7000_0010L), new int[] {lwz(11, 8, 0)},
                li32(8, 0x2004_0000L), new int[] {lwz(12, 8, 0), B_SELF}));
        run(0x1000, MSR_BASE, 200);
        assertEquals(0x0bad_cafeL, r(9), "256 KiB page");
        assertEquals(0xfeed_beefL, r(11), "MAS7 gives PA bits 32-35");
        assertEquals(13, r(25), "EA 0x2004_0000 is past the 256 KiB page");
    }

    /**
     * TLB1 page sizes below 4 KiB do not exist on the e500mc (E500MCRM table 6-3 and E500CORERM table 12-4:
     * TSIZE 0000 is reserved; TLB1CFG MINSIZE = 1): tlbwe of a valid TLB1 entry with TSIZE 0 (1 KiB) or with MAS1
     * bit 7 set (QEMU's 5-bit field: 2 KiB) is an illegal-instruction program interrupt (ESR[PIL]) and writes
     * nothing, as in QEMU's helper_booke206_tlbwe. An invalid entry may carry any size. TLB0 ignores TSIZE.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void tlb1PagesBelow4KiBAreRefused(boolean compiled) {
        setUp(compiled);
        put(0x1000, concat(tlbwe(1, 6, PpcBookEMmu.MAS1_VALID, 0x2000_0000L, 0x4000 | ALL_PERMS, 0), new int[] {B_SELF}));
        run(0x1000, MSR_BASE, 100);
        assertEquals(6, r(25), "TSIZE 0 (1 KiB): program interrupt");
        assertEquals(PpcBookECpu.ESR_PIL, r(24));
        assertEquals(0, cpu.mmu().entry(PpcBookEMmu.TLB0_ENTRIES + 6)[0], "nothing written");
        assertEquals(-1, cpu.mmu().debugTranslate(0x2000_0000L, 0));

        setUp(compiled);
        put(0x1000, concat(tlbwe(1, 6, PpcBookEMmu.MAS1_VALID | 0x0180, 0x2000_0000L, 0x4000 | ALL_PERMS, 0),
                new int[] {B_SELF}));
        run(0x1000, MSR_BASE, 100);
        assertEquals(6, r(25), "2 KiB (MAS1 bit 7): program interrupt");
        assertEquals(0, cpu.mmu().entry(PpcBookEMmu.TLB0_ENTRIES + 6)[0]);

        setUp(compiled);
        put(0x1000, concat(tlbwe(1, 6, 0, 0x2000_0000L, 0x4000 | ALL_PERMS, 0),
                tlbwe(0, 1, PpcBookEMmu.MAS1_VALID, 0x3000_0000L, 0x5000 | ALL_PERMS, 0), new int[] {li(26, 1), B_SELF}));
        run(0x1000, MSR_BASE, 200);
        assertEquals(1, r(26), "an invalid TLB1 entry and a TLB0 entry with TSIZE 0 are written");
        assertEquals(0xffff, r(25), "no interrupt");
        assertEquals(0x5000, cpu.mmu().debugTranslate(0x3000_0000L, 0), "TLB0: 4 KiB whatever TSIZE says");
        assertThrows(IllegalArgumentException.class,
                () -> cpu.mmu().writeEntry(1, 2, PpcBookEMmu.MAS1_VALID, 0, ALL_PERMS, 0));
    }

    /**
     * The TLB match (Book III-E 6.7.2) takes the first entry, TLB0's ways then TLB1, that matches under any of
     * PID0-2, in one pass as QEMU's mmubooke206_get_physical_address does: with PID0 = 1 and PID1 = 2, a TLB0
     * entry of TID 2 wins over a TLB1 entry of TID 1 for the same address. (Two matching entries are a
     * programming error on hardware; jemu follows QEMU.) PID2 alone matches too; another TID does not.
     */
    @org.junit.jupiter.api.Test
    void lookupIsOnePassOverAllPids() {
        setUp(false);
        PpcBookEMmu m = cpu.mmu();
        m.pid[0] = 1;
        m.pid[1] = 2;
        m.pid[2] = 3;
        m.writeEntry(1, 9, PpcBookEMmu.MAS1_VALID | (1L << 16) | PpcBookEMmu.tsize(5), 0x4000_0000L, 0x10_0000 | ALL_PERMS, 0);
        m.writeEntry(0, 0, PpcBookEMmu.MAS1_VALID | (2L << 16) | PpcBookEMmu.tsize(1), 0x4000_1000L, 0x8000 | ALL_PERMS, 0);
        m.writeEntry(0, 1, PpcBookEMmu.MAS1_VALID | (3L << 16) | PpcBookEMmu.tsize(1), 0x5000_0000L, 0x9000 | ALL_PERMS, 0);
        m.writeEntry(0, 2, PpcBookEMmu.MAS1_VALID | (4L << 16) | PpcBookEMmu.tsize(1), 0x6000_0000L, 0xa000 | ALL_PERMS, 0);
        assertEquals(0x8010, m.debugTranslate(0x4000_1010L, 0), "TLB0 (TID = PID1) before TLB1 (TID = PID0)");
        assertEquals(0x10_2010, m.debugTranslate(0x4000_2010L, 0), "TLB1 elsewhere in its 1 MiB page");
        assertEquals(0x9000, m.debugTranslate(0x5000_0000L, 0), "TID = PID2");
        assertEquals(-1, m.debugTranslate(0x6000_0000L, 0), "TID 4 matches no PID");
    }

    /**
     * tlbivax of one address (E500MCRM 6.4, QEMU helper_booke206_tlbivax) invalidates every non-IPROT entry of the
     * selected TLB that maps it and flushes the soft TLB once: three overlapping 1 MiB TLB1 entries go with a
     * single full flush; a TLB0 entry goes with one page flush; IPROT entries stay.
     */
    @org.junit.jupiter.api.Test
    void tlbivaxInvalidatesInOnePass() {
        int[] flushes = new int[2];
        mem = new PhysicalAddressSpace();
        mem.addRam("ram", 0, RAM);
        cpu = new PpcBookECpu(0, mem) {
            @Override
            public void tlbFlushAll() {
                flushes[0]++;
                super.tlbFlushAll();
            }

            @Override
            public void tlbFlushPage(long vaddr) {
                flushes[1]++;
                super.tlbFlushPage(vaddr);
            }
        };
        cpu.resetSystem();
        PpcBookEMmu m = cpu.mmu();
        for (int e = 10; e < 13; e++) {
            m.writeEntry(1, e, PpcBookEMmu.MAS1_VALID | ((long) e << 16) | PpcBookEMmu.tsize(5), 0x4000_0000L,
                    0x10_0000 | ALL_PERMS, 0);
        }
        m.writeEntry(1, 13, PpcBookEMmu.MAS1_VALID | PpcBookEMmu.MAS1_IPROT | PpcBookEMmu.tsize(5), 0x4000_0000L,
                0x20_0000 | ALL_PERMS, 0);
        m.writeEntry(0, 3, PpcBookEMmu.MAS1_VALID | PpcBookEMmu.tsize(1), 0x4005_0000L, 0x7000 | ALL_PERMS, 0);
        flushes[0] = flushes[1] = 0;
        m.tlbivax(0x4008_0000L | 0x8);
        assertEquals(1, flushes[0], "one full flush for three large entries");
        for (int e = 10; e < 13; e++) {
            assertEquals(0, m.entry(PpcBookEMmu.TLB0_ENTRIES + e)[0] & PpcBookEMmu.MAS1_VALID, "TLB1[" + e + "]");
        }
        assertEquals(PpcBookEMmu.MAS1_VALID, m.entry(PpcBookEMmu.TLB0_ENTRIES + 13)[0] & PpcBookEMmu.MAS1_VALID, "IPROT");
        assertEquals(0x7000, m.debugTranslate(0x4005_0000L, 0), "TLB0 untouched by a TLB1 tlbivax");
        flushes[0] = flushes[1] = 0;
        m.tlbivax(0x4005_0000L);
        assertEquals(0, flushes[0]);
        assertEquals(1, flushes[1], "one page flush for a 4 KiB entry");
        assertEquals(0x25_0000, m.debugTranslate(0x4005_0000L, 0), "the TLB0 entry is gone; the IPROT 1 MiB one maps it");
        flushes[0] = flushes[1] = 0;
        m.tlbivax(0x4010_0000L | 0x8);
        assertEquals(0, flushes[0] + flushes[1], "nothing matched: no flush");
        mem.close();
    }

    /**
     * tlbsx (E500MCRM 6.4.x, QEMU booke206_tlbsx): a hit loads MAS0 (TLBSEL, ESEL), MAS1-3 and MAS7 from the
     * entry; a miss loads MAS0[TLBSEL] = MAS4[TLBSELD], MAS1 = TSIZED with TID = MAS6[SPID], TS = MAS6[SAS],
     * V = 0, MAS2 = WIMGED, MAS3 = MAS7 = 0. tlbre reads back an entry; tlbivax invalidates it.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void tlbsxHitMissTlbreTlbivax(boolean compiled) {
        setUp(compiled);
        long m1 = PpcBookEMmu.MAS1_VALID | (7L << 16) | PpcBookEMmu.tsize(3);
        put(0x1000, concat(tlbwe(1, 9, m1, 0x3001_0000L | 0x0a, 0x0002_0000L | 0x15, 0x3),
                setSpr(630, 7L << 16), li32(8, 0x3001_2345L), new int[] {x(31, 0, 0, 8, 914, 0)},
                new int[] {mfspr(3, 624), mfspr(4, 625), mfspr(5, 626), mfspr(6, 627), mfspr(7, 944)},
                // miss: SPID 9, SAS 1, MAS4 TLBSELD 1, TSIZED 2, WIMGED 0b01010
                setSpr(628, (1L << 28) | PpcBookEMmu.tsize(2) | 0x0a), setSpr(630, (9L << 16) | 1),
                new int[] {x(31, 0, 0, 8, 914, 0), mfspr(13, 624), mfspr(14, 625), mfspr(15, 626), mfspr(16, 627),
                        mfspr(17, 944)},
                // tlbre of TLB1[9] after clearing MAS1-3
                setSpr(624, (1L << 28) | (9L << 16)), setSpr(625, 0), setSpr(627, 0),
                new int[] {TLBRE, mfspr(18, 625), mfspr(19, 627)},
                // tlbivax of the page (TLB1: EA bit 0x8), then the search misses
                li32(8, 0x3001_0008L), new int[] {x(31, 0, 0, 8, 786, 0)}, setSpr(630, 7L << 16),
                li32(8, 0x3001_2345L), new int[] {x(31, 0, 0, 8, 914, 0), mfspr(26, 625), B_SELF}));
        run(0x1000, MSR_BASE, 400);
        assertEquals((1L << 28) | (9L << 16), r(3) & 0xffff_0000L, "hit: TLBSEL 1, ESEL 9");
        assertEquals(m1, r(4));
        assertEquals(0x3001_000aL, r(5));
        assertEquals(0x0002_0015L, r(6));
        assertEquals(3, r(7));
        assertEquals(1L << 28, r(13) & 0xf000_0000L, "miss: TLBSEL = TLBSELD");
        assertEquals(PpcBookEMmu.tsize(2) | (9L << 16) | PpcBookEMmu.MAS1_TS, r(14), "miss: TSIZED, TID = SPID, TS = SAS, V = 0");
        assertEquals(0x0a, r(15), "miss: MAS2 = WIMGED");
        assertEquals(0, r(16));
        assertEquals(0, r(17));
        assertEquals(m1, r(18), "tlbre MAS1");
        assertEquals(0x0002_0015L, r(19), "tlbre MAS3");
        assertEquals(0, r(26) & PpcBookEMmu.MAS1_VALID, "after tlbivax the search misses");
        assertEquals(0xffff, r(25));
    }

    /** isel (Book I 3.3.11): RT = CR[BC] ? (RA|0) : RB. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void isel(boolean compiled) {
        setUp(compiled);
        int cmpwi3_5 = d(11, 0, 3, 5);                      // cmpwi cr0, r3, 5
        int isel = 31 << 26 | 6 << 21 | 4 << 16 | 5 << 11 | 1 << 6 | 15 << 1;   // isel r6, r4, r5, cr0[GT]
        int isel0 = 31 << 26 | 7 << 21 | 0 << 16 | 5 << 11 | 2 << 6 | 15 << 1;  // isel r7, 0, r5, cr0[EQ]
        put(0x1000, li(3, 9), li(4, 44), li(5, 55), cmpwi3_5, isel, li(3, 5), cmpwi3_5, isel0, B_SELF);
        run(0x1000, MSR_BASE, 30);
        assertEquals(44, r(6), "9 > 5: RA");
        assertEquals(0, r(7), "RA = 0 selects 0 when EQ (after the second compare)");
        setUp(compiled);
        put(0x1000, li(3, 9), li(4, 44), li(5, 55), cmpwi3_5, isel0, B_SELF);
        run(0x1000, MSR_BASE, 30);
        assertEquals(55, r(7), "EQ clear: RB");
    }

    /**
     * Book III-E 9.3 "Decrementer" with TCR[ARE] (E500MCRM 2.8.x): with DECAR = DEC = 100 the decrement from 1
     * sets TSR[DIS] 100 ticks after the write and DEC reloads 100 (never reads 0); TSR[DIS] stays set until
     * written with 1 (w1c), and the interrupt (IVOR10) needs TCR[DIE] and MSR[EE].
     */
    @Test
    void decrementerAutoReloadAtExactTick() {
        setUp(false);
        clock.retire(1000);
        clock.runExpired();
        PpcBookETimers t = cpu.timers;
        t.writeTcr(PpcBookETimers.TCR_ARE);
        t.writeDecar(100);
        t.writeDec(100);
        clock.retire(99);
        clock.runExpired();
        assertEquals(1, t.decrementer());
        assertEquals(0, t.tsr & PpcBookETimers.TSR_DIS);
        clock.retire(1);
        clock.runExpired();
        assertEquals(100, t.decrementer(), "auto-reload: DECAR instead of 0");
        assertEquals(PpcBookETimers.TSR_DIS, t.tsr & PpcBookETimers.TSR_DIS, "decrement from 1 sets DIS");
        assertEquals(0, cpu.interruptRequest & PpcBookECpu.INT_TIMER, "TCR[DIE] = 0: no request");
        t.writeTcr(PpcBookETimers.TCR_ARE | PpcBookETimers.TCR_DIE);
        assertEquals(PpcBookECpu.INT_TIMER, cpu.interruptRequest & PpcBookECpu.INT_TIMER);
        t.writeTsr(PpcBookETimers.TSR_FIS);
        assertEquals(PpcBookETimers.TSR_DIS, t.tsr & PpcBookETimers.TSR_DIS, "writing 0 to DIS keeps it");
        t.writeTsr(PpcBookETimers.TSR_DIS);
        assertEquals(0, t.tsr, "write 1 to clear");
        assertEquals(0, cpu.interruptRequest & PpcBookECpu.INT_TIMER);
        clock.retire(99);
        clock.runExpired();
        assertEquals(1, t.decrementer());
        assertEquals(0, t.tsr);
        clock.retire(1);
        clock.runExpired();
        assertEquals(PpcBookETimers.TSR_DIS, t.tsr, "second period: exactly DECAR ticks later");
        // Without ARE the decrementer stops at 0.
        t.writeTcr(PpcBookETimers.TCR_DIE);
        t.writeDec(3);
        clock.retire(5);
        clock.runExpired();
        assertEquals(0, t.decrementer());
    }

    /** The decrementer interrupt through IVOR10 in a running program: SRR0 = the next instruction. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void decrementerInterrupt(boolean compiled) {
        setUp(compiled);
        // TCR = DIE; DEC = 50; EE on; L: addi r4,r4,1; b L
        put(0x1000, concat(li32(3, PpcBookETimers.TCR_DIE), new int[] {mtspr(340, 3), li(3, 50), mtspr(22, 3),
                d(14, 4, 4, 1), b(-4, 0, 0)}));
        run(0x1000, MSR_BASE | PpcCpu.MSR_EE, 300);
        assertEquals(10, r(25), "decrementer interrupt");
        assertEquals(PpcBookETimers.TSR_DIS, cpu.timers.tsr, "DIS stays set (level) until w1c");
        // mtspr DEC executes at tick T (DEC = 50); the decrement from 1 comes 50 ticks later, i.e. after 49 or 50
        // of the loop's instructions depending on whether the mtspr's own tick counts as done when the helper
        // reads the clock (the loop takes interrupts at block boundaries; the exact tick is checked on the timer
        // alone by decrementerAutoReloadAtExactTick, as SupervisorTest does for the classic decrementer).
        assertEquals(25, r(4), "25 addi before the interrupt");
        assertTrue(r(20) == 0x1014 || r(20) == 0x1018, "SRR0 = the next loop instruction");
        assertTrue((r(21) & PpcCpu.MSR_EE) != 0);
    }

    /**
     * FIT (Book III-E 9.4) with FP = 3, FPEXT = 0xF: TB bit 63 - 63 = 0 (LSB), i.e. every second tick the bit
     * goes 0 -> 1; the watchdog (9.5) with WP = 3, WPEXT = 0xE (TB bit 4, every 32 ticks): ENW, then WIS, then a
     * reset request with TSR[WRS] = TCR[WRC].
     */
    @Test
    void fitAndWatchdog() {
        setUp(false);
        int[] resets = new int[1];
        cpu.setResetRequestHandler(w -> resets[0] = w);
        PpcBookETimers t = cpu.timers;
        cpu.writeTimeBase(false, 0);
        cpu.writeTimeBase(true, 0);
        t.writeTcr(PpcBookETimers.TCR_FP_MASK | PpcBookETimers.TCR_FPEXT_MASK);
        clock.retire(1);
        clock.runExpired();
        assertEquals(PpcBookETimers.TSR_FIS, t.tsr, "TB 0 -> 1: bit 63 went 0 -> 1");
        t.writeTsr(PpcBookETimers.TSR_FIS);
        clock.retire(1);
        clock.runExpired();
        assertEquals(0, t.tsr, "TB 1 -> 2: bit 63 went 1 -> 0");
        clock.retire(1);
        clock.runExpired();
        assertEquals(PpcBookETimers.TSR_FIS, t.tsr);
        t.writeTsr(-1);
        t.writeTcr(PpcBookETimers.TCR_WP_MASK | (0xeL << 17) | (2L << 28));   // WRC = 2
        long tb = cpu.timeBase();                                               // 3
        clock.retire(16 - tb);                                                  // TB 16: bit 4 goes 0 -> 1
        clock.runExpired();
        assertEquals(PpcBookETimers.TSR_ENW, t.tsr);
        clock.retire(32);
        clock.runExpired();
        assertEquals(PpcBookETimers.TSR_ENW | PpcBookETimers.TSR_WIS, t.tsr);
        assertEquals(0, resets[0]);
        clock.retire(32);
        clock.runExpired();
        assertEquals(2, resets[0], "third event: reset per TCR[WRC]");
        assertEquals(2L << 28, t.tsr & PpcBookETimers.TSR_WRS_MASK);
        t.writeTcr(0);
        assertEquals(2L << 28, t.tcr & PpcBookETimers.TCR_WRC_MASK, "WRC is sticky");
    }

    /**
     * Critical input (Book III-E 7.6.1, IVOR0): masked by MSR[CE] (not EE); CSRR0 = the next instruction,
     * CSRR1 = the MSR, the new MSR keeps only ME; rfci restores PC and MSR from CSRR0/CSRR1.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void criticalInputAndRfci(boolean compiled) {
        setUp(compiled);
        put(0x1000, d(14, 4, 4, 1), b(-4, 0, 0));
        cpu.setInterrupt(PpcBookECpu.INT_CRITICAL, true);
        run(0x1000, MSR_BASE | PpcCpu.MSR_EE, 20);
        assertEquals(0xffff, r(25), "MSR[CE] = 0 masks the critical input");
        run(0x1000, MSR_BASE | PpcBookECpu.MSR_CE, 20);
        assertEquals(0, r(25), "critical input taken");
        assertTrue(r(20) == 0x1000 || r(20) == 0x1004, "CSRR0 = the next instruction of the loop");
        assertEquals(MSR_BASE | PpcBookECpu.MSR_CE, r(21), "CSRR1 = MSR");
        assertEquals(MSR_BASE, r(22), "critical class: only ME kept");
        cpu.setInterrupt(PpcBookECpu.INT_CRITICAL, false);
        put(0x1100, RFCI);
        long csrr0 = cpu.csrr0;
        run(0x1100, MSR_BASE, 1);
        assertEquals(csrr0, cpu.regs[PpcCpu.PC], "rfci: PC = CSRR0");
        assertEquals(MSR_BASE | PpcBookECpu.MSR_CE, cpu.regs[PpcCpu.MSR], "rfci: MSR = CSRR1");
    }

    /** Reset state (E500MCRM 4.9.x): PC 0xFFFF_FFFC, MSR 0, PVR/SVR, TLB1[0] the IPROT boot page. */
    @Test
    void resetState() {
        setUp(false);
        cpu.resetSystem();
        assertEquals(0xffff_fffcL, cpu.regs[PpcCpu.PC]);
        assertEquals(0, cpu.regs[PpcCpu.MSR]);
        assertEquals(0x8023_0020L, PpcBookESupervisor.mfspr(cpu, PpcBookESupervisor.PVR));
        assertEquals(PpcBookEMmu.TLB0CFG, 0x0411_0200L);
        assertEquals(PpcBookEMmu.TLB1CFG, 0x401c_c040L);
        long[] e = cpu.mmu().entry(PpcBookEMmu.TLB0_ENTRIES);
        assertEquals(PpcBookEMmu.MAS1_VALID | PpcBookEMmu.MAS1_IPROT | PpcBookEMmu.tsize(1), e[0]);
        assertEquals(0xffff_f000L, e[1] & PpcBookEMmu.MAS2_EPN_MASK);
        assertEquals(0xffff_f000L, cpu.translate(0xffff_fffcL, 2, 5) & ~0xfffL);
        assertThrows(IllegalArgumentException.class, () -> PpcCpu.create("e600", 0, mem));
        assertInstanceOf(PpcCpu.class, PpcCpu.create("750", 0, mem));
    }

    /** L1CSR0/L2CSR0 flash-invalidate bits clear themselves (QEMU spr_write_e500_l1csr0/l2csr0). */
    @Test
    void cacheControlSelfClearing() {
        setUp(false);
        PpcBookESupervisor.mtspr(cpu, PpcBookESupervisor.L1CSR0, 0x103);
        assertEquals(0x1, PpcBookESupervisor.mfspr(cpu, PpcBookESupervisor.L1CSR0));
        PpcBookESupervisor.mtspr(cpu, PpcBookESupervisor.L2CSR0, 0x8020_0000L);
        assertEquals(0x8000_0000L, PpcBookESupervisor.mfspr(cpu, PpcBookESupervisor.L2CSR0));
    }

    /**
     * tlbwe over a valid entry takes effect for the next access (the soft TLB must forget the old page): the
     * same TLB0 slot first maps EA 0x1000_0000 to PA 0x2000, then to PA 0x3000.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void tlbweReplacesCachedTranslation(boolean compiled) {
        setUp(compiled);
        put(0x2000, 111);
        put(0x3000, 222);
        long m1 = PpcBookEMmu.MAS1_VALID | PpcBookEMmu.tsize(1);
        put(0x1000, concat(tlbwe(0, 1, m1, 0x1000_0000L, 0x2000 | PpcBookEMmu.MAS3_SR, 0), li32(8, 0x1000_0000L),
                new int[] {lwz(9, 8, 0)}, tlbwe(0, 1, m1, 0x1000_0000L, 0x3000 | PpcBookEMmu.MAS3_SR, 0),
                new int[] {lwz(11, 8, 0), B_SELF}));
        run(0x1000, MSR_BASE, 200);
        assertEquals(111, r(9));
        assertEquals(222, r(11), "the rewritten entry translates the next load");
        assertEquals(0xffff, r(25));
    }

    /** dcbz clears the 64-byte cache block of the e500mc (E500MCRM: 64-byte lines; QEMU dcache_line_size 64). */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void dcbzClears64Bytes(boolean compiled) {
        setUp(compiled);
        for (int i = 0; i < 0x60; i += 4) {
            put(0x8000 + i, -1);
        }
        put(0x1000, li(8, 0x2000), li(9, 0x6008), x(31, 0, 8, 9, 1014, 0), B_SELF);   // dcbz r8,r9 -> 0x8008
        run(0x1000, MSR_BASE, 20);
        for (int i = 0; i < 0x60; i += 4) {
            assertEquals(i < 0x40 ? 0 : 0xffff_ffffL, mem.read(0x8000 + i, 4, true), "offset " + i);
        }
    }

    /**
     * wait (E500MCRM 3.x): the core stops until an interrupt is pending; the external input then wakes it and
     * (MSR[EE] = 1) the interrupt is taken with SRR0 = the instruction after the wait. The external proxy puts
     * the board's IACK value in EPR.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void waitThenExternalInterruptWithProxy(boolean compiled) {
        setUp(compiled);
        cpu.setExternalProxy(() -> 0x42);
        put(0x1000, li(3, 1), x(31, 0, 0, 0, 62, 0), li(4, 2), B_SELF);
        run(0x1000, MSR_BASE | PpcCpu.MSR_EE, 20);
        assertTrue(cpu.halted, "wait halts without a pending interrupt");
        assertEquals(0, r(4));
        cpu.setInterrupt(PpcCpu.INT_EXTERNAL, true);
        run(cpu.regs[PpcCpu.PC], cpu.regs[PpcCpu.MSR], 10);
        assertEquals(4, r(25), "external input interrupt");
        assertEquals(0x1008, r(20), "SRR0 = after the wait");
        assertEquals(0x42, cpu.epr, "EPR from the proxy");
    }

    @Test
    void tsizeForBytes() {
        assertEquals(PpcBookEMmu.tsize(1), PpcBookEMmu.tsizeForBytes(4096));
        assertEquals(PpcBookEMmu.tsize(8), PpcBookEMmu.tsizeForBytes(64L << 20));
        assertEquals(4096L << 1, PpcBookEMmu.pageSize(PpcBookEMmu.tsizeForBytes(8192)));
        assertThrows(IllegalArgumentException.class, () -> PpcBookEMmu.tsizeForBytes(3000));
    }

    /**
     * The machine check input (Book III-E 7.6.2, IVOR1): MCSRR0 = the next instruction, MCSRR1 = the MSR,
     * MCSR[MCP] set, the new MSR all zero (ME too); rfmci returns. With MSR[ME] = 0 it is a checkstop.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void machineCheckInputAndRfmci(boolean compiled) {
        setUp(compiled);
        put(IVPR + 0x100, li(25, 1), mfspr(20, 570), mfspr(21, 571), mfmsr(22), mfspr(23, 572),
                x(19, 0, 0, 0, 38, 0) /* rfmci */);
        put(0x1000, d(14, 4, 4, 1), b(-4, 0, 0));
        long msr = MSR_BASE | PpcCpu.MSR_EE | PpcBookECpu.MSR_CE;
        run(0x1000, msr, 10);
        cpu.setInterrupt(PpcBookECpu.INT_MACHINE_CHECK, true);
        run(cpu.regs[PpcCpu.PC], msr, 20);
        assertEquals(1, r(25), "machine check taken");
        assertTrue(r(20) == 0x1000 || r(20) == 0x1004, "MCSRR0 = the next loop instruction");
        assertEquals(msr, r(21), "MCSRR1 = MSR");
        assertEquals(0, r(22), "machine check: everything cleared");
        assertEquals(PpcBookECpu.MCSR_MCP, r(23));
        assertTrue(cpu.regs[PpcCpu.PC] == 0x1000 || cpu.regs[PpcCpu.PC] == 0x1004, "rfmci returned to the loop");
        assertEquals(msr, cpu.regs[PpcCpu.MSR], "rfmci restored MCSRR1");
        assertEquals(0, cpu.interruptRequest & PpcBookECpu.INT_MACHINE_CHECK, "the edge was consumed");
        cpu.setInterrupt(PpcBookECpu.INT_MACHINE_CHECK, true);
        run(cpu.regs[PpcCpu.PC], PpcCpu.MSR_EE, 20);
        assertTrue(cpu.stopped, "MSR[ME] = 0: checkstop");
    }
}
