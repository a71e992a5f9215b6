package org.jemu.ppc.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.translator.exec.UnsupportedGuestFeatureException;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.Test;

/**
 * Little-endian mode (PEM 2.3.1: MSR[LE], and MSR[ILE], which exception entry copies into LE) is not
 * implemented: asking for either is refused as an unsupported guest feature before the MSR changes, so an
 * exception entry can never be left half done.
 */
class LittleEndianRefusedTest {
    @Test
    void leAndIleAreRefusedWithoutChangingTheMsr() {
        PpcCpu cpu = new PpcCpu(0, new PhysicalAddressSpace());
        cpu.setMsr(PpcCpu.MSR_EE | PpcCpu.MSR_IP);
        long before = cpu.regs[PpcCpu.MSR];
        for (long bit : new long[] {PpcCpu.MSR_LE, PpcCpu.MSR_ILE}) {
            UnsupportedGuestFeatureException e = assertThrows(UnsupportedGuestFeatureException.class,
                    () -> cpu.setMsr(before | bit));
            assertTrue(e.getMessage().contains("little-endian"), e.getMessage());
            assertEquals(before, cpu.regs[PpcCpu.MSR]);
        }
    }
}
