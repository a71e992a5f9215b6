package org.jemu.arm.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Exclusive stores (Arm ARM B2.9 "Synchronization and semaphores") and DC ZVA (C6.2). */
class MemoryHelpersTest {
    private final CpuFixture fx = new CpuFixture();
    private final Aarch64Cpu cpu = fx.cpu;
    private static final long A = CpuFixture.RAM + 0x1000;

    @AfterEach
    void close() {
        fx.close();
    }

    private void ldxr(long addr, int size) {
        long v = fx.mem.read(addr, size, false);
        cpu.regs[Aarch64Cpu.EXCL_ADDR] = addr;
        cpu.regs[Aarch64Cpu.EXCL_VAL] = v;
        cpu.regs[Aarch64Cpu.EXCL_ARMED] = 1;
    }

    @Test
    void storeExclusiveSucceedsOnlyWithTheMonitorAndUnchangedMemory() {
        fx.write64(A, 5);
        ldxr(A, 8);
        assertEquals(0, A64Helpers.stxr(cpu, A, 6, 8, 0));
        assertEquals(6, fx.read64(A));
        assertEquals(0, cpu.regs[Aarch64Cpu.EXCL_ARMED]);
        // The monitor is now open: fails, no store.
        assertEquals(1, A64Helpers.stxr(cpu, A, 7, 8, 0));
        assertEquals(6, fx.read64(A));
        // Another address fails and clears the monitor.
        ldxr(A, 8);
        assertEquals(1, A64Helpers.stxr(cpu, A + 8, 7, 8, 1));
        assertEquals(0, cpu.regs[Aarch64Cpu.EXCL_ARMED]);
        // Memory changed since the load (another CPU's store): fails.
        ldxr(A, 8);
        fx.write64(A, 99);
        assertEquals(1, A64Helpers.stxr(cpu, A, 7, 8, 0));
        assertEquals(99, fx.read64(A));
    }

    @Test
    void smallSizesCompareOnlyTheirBytes() {
        fx.write64(A, 0x1122_3344_5566_7788L);
        ldxr(A, 2);
        cpu.regs[Aarch64Cpu.EXCL_VAL] |= 0xffff_0000L; // only the low 16 bits count
        assertEquals(0, A64Helpers.stxr(cpu, A, 0xabcd, 2, 0));
        assertEquals(0x1122_3344_5566_abcdL, fx.read64(A));
    }

    @Test
    void unalignedExclusiveIsAnAlignmentFault() {
        A64Fault f = CpuFixture.fault(() -> A64Helpers.stxr(cpu, A + 2, 0, 4, 0));
        assertEquals(Esr.EC_DATA_ABORT_SAME, f.ec());
        assertEquals(0x21 | Esr.ISS_WNR, f.iss());
        assertEquals(Esr.EC_DATA_ABORT_SAME, CpuFixture.fault(() -> A64Helpers.stxp(cpu, A + 8, 0, 0, 8)).ec());
    }

    @Test
    void storeExclusivePair() {
        fx.write64(A, 1);
        fx.write64(A + 8, 2);
        A64Helpers.ldxpMonitor(cpu, A, 1, 2);
        assertEquals(0, A64Helpers.stxp(cpu, A, 3, 4, 8));
        assertEquals(3, fx.read64(A));
        assertEquals(4, fx.read64(A + 8));
        A64Helpers.ldxpMonitor(cpu, A, 3, 5); // the high half differs from memory
        assertEquals(1, A64Helpers.stxp(cpu, A, 6, 7, 8));
        assertEquals(3, fx.read64(A));
        // 32-bit pair.
        A64Helpers.ldxpMonitor(cpu, A, 3, 0);
        assertEquals(0, A64Helpers.stxp(cpu, A, 0xaaaa, 0xbbbb, 4));
        assertEquals(0x0000_bbbb_0000_aaaaL, fx.read64(A));
    }

    /** An open monitor fails every store-exclusive, whatever EXCL_ADDR holds (B2.9.2: Open Access state). */
    @Test
    void storeExclusiveWithTheMonitorOpenFailsAtAnyAddress() {
        fx.write64(A, 5);
        cpu.regs[Aarch64Cpu.EXCL_ADDR] = A;
        cpu.regs[Aarch64Cpu.EXCL_VAL] = 5;
        cpu.regs[Aarch64Cpu.EXCL_ARMED] = 0;
        assertEquals(1, A64Helpers.stxr(cpu, A, 6, 8, 0));
        assertEquals(5, fx.read64(A));
    }

    @Test
    void storeExclusiveToUnmappedAddressFaultsAsAWrite() {
        cpu.regs[Aarch64Cpu.EXCL_ADDR] = 0x2000_0000L;
        cpu.regs[Aarch64Cpu.EXCL_ARMED] = 1;
        A64Fault f = CpuFixture.fault(() -> A64Helpers.stxr(cpu, 0x2000_0000L, 0, 8, 0));
        assertEquals(0x10 | Esr.ISS_WNR, f.iss());
    }

    @Test
    void dcZvaZeroesTheAlignedBlock() {
        for (long o = 0; o < 0x100; o += 8) {
            fx.write64(A + o, -1L);
        }
        A64Helpers.dcZva(cpu, A + 0x47);
        for (long o = 0; o < 0x100; o += 8) {
            assertEquals(o >= 0x40 && o < 0x80 ? 0 : -1L, fx.read64(A + o), "offset " + o);
        }
        A64Helpers.sys(cpu, CpuFixture.enc("DC ZVA"), A + 0x80);
        assertEquals(0, fx.read64(A + 0xb8));
    }

    @Test
    void dcZvaFaultsAsAWrite() {
        A64Fault f = CpuFixture.fault(() -> A64Helpers.dcZva(cpu, 0x2000_0010L));
        assertEquals(0x10 | Esr.ISS_WNR, f.iss());
        assertEquals(0x2000_0000L, f.far()); // any address in the block may be reported; QEMU gives the first
    }

    @Test
    void sevSetsTheEventRegisterAndWfeConsumesIt() {
        A64Helpers.sev(cpu);
        A64Helpers.wfe(cpu);
        assertEquals(false, cpu.eventRegister);
        A64Helpers.wfe(cpu); // no event: returns without halting (spinlock waiters must keep polling)
        assertEquals(false, cpu.halted);
    }
}
