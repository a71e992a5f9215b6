package org.jemu.machine.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.jemu.machine.intc.Gicv3;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the GICv3 registers: the same access script runs against QEMU 7.2's
 * {@code -M virt,gic-version=3,its=off -smp 2} (through qtest) and against jemu's {@link Gicv3} at the same
 * addresses (distributor 0x0800_0000, redistributors 0x080A_0000, 128 KiB per CPU), and every read must
 * match.
 *
 * <p>A read line may carry a mask ({@code r4 ADDR MASK}): only those bits are compared. The masks cover the
 * documented difference: QEMU 7.2 always implements LPIs on virt (GICD_TYPER.LPIS and IDbits = 15,
 * GICR_TYPER.PLPIS and CommonLPIAff, GICR_CTLR.CES/EnableLPIs, GICR_PROPBASER/PENDBASER storage); jemu has
 * no LPIs, so those bits are left out of the comparison and the LPI registers are not in the script.
 */
class Gicv3VsQemuTest {
    private static final String SCRIPT = """
            # Distributor: control, type (LPI fields masked), implementer, IDs
            r4 0x8000000
            r4 0x8000004 0xff01ffff
            r4 0x8000008
            r4 0x800000c
            r4 0x8000010
            r4 0x800ffd0
            r4 0x800ffd4
            r4 0x800ffd8
            r4 0x800ffdc
            r4 0x800ffe0
            r4 0x800ffe4
            r4 0x800ffe8
            r4 0x800ffec
            r4 0x800fff0
            r4 0x800fff4
            r4 0x800fff8
            r4 0x800fffc
            w4 0x8000000 0xffffffff
            r4 0x8000000
            w4 0x8000000 0x0
            r4 0x8000000
            w4 0x8000000 0x2
            r4 0x8000000
            # Redistributor of CPU 0 (RD_base 0x080a0000, SGI_base 0x080b0000) and CPU 1 (0x080c0000, 0x080d0000)
            r4 0x80a0000 0xfffffffc
            r4 0x80a0004
            r8 0x80a0008 0xfffffffffcfffffe
            r4 0x80a0008 0xfcfffffe
            r4 0x80a000c
            r4 0x80a0014
            r8 0x80c0008 0xfffffffffcfffffe
            r4 0x80c000c
            r4 0x80c0014
            r4 0x80affd0
            r4 0x80affe0
            r4 0x80affe4
            r4 0x80affe8
            r4 0x80afff0
            r4 0x80afffc
            r4 0x80cffe0
            r4 0x80cffe8
            # WAKER handshake (Linux gic_enable_redist): clear ProcessorSleep, ChildrenAsleep follows
            w4 0x80a0014 0x0
            r4 0x80a0014
            w4 0x80a0014 0x2
            r4 0x80a0014
            w4 0x80a0014 0xffffffff
            r4 0x80a0014
            w4 0x80a0014 0x0
            r4 0x80a0014
            w4 0x80c0014 0x0
            r4 0x80c0014
            r4 0x80a0014
            # SGI_base reset values
            r4 0x80b0080
            r4 0x80b0100
            r4 0x80b0180
            r4 0x80b0200
            r4 0x80b0280
            r4 0x80b0300
            r4 0x80b0380
            r4 0x80b0400
            r4 0x80b041c
            r4 0x80b0c00
            r4 0x80b0c04
            r4 0x80b0d00
            r4 0x80b0e00
            # SGI/PPI group, enable set/clear, banked per CPU
            w4 0x80b0080 0xffffffff
            r4 0x80b0080
            r4 0x80d0080
            w4 0x80b0100 0x80000f0f
            r4 0x80b0100
            r4 0x80b0180
            r4 0x80d0100
            w4 0x80b0180 0x3
            r4 0x80b0100
            w4 0x80d0100 0x40000000
            r4 0x80d0100
            r4 0x80b0100
            # pending and active set/clear
            w4 0x80b0200 0x00ff00ff
            r4 0x80b0200
            r4 0x80b0280
            w4 0x80b0280 0x0000000f
            r4 0x80b0200
            r4 0x80d0200
            w4 0x80b0300 0x00ff00ff
            r4 0x80b0300
            w4 0x80b0380 0x0000000f
            r4 0x80b0300
            r4 0x80b0380
            w4 0x80d0300 0x80000000
            r4 0x80d0300
            r4 0x80b0300
            w4 0x80b0380 0xffffffff
            w4 0x80b0280 0xffffffff
            w4 0x80d0380 0xffffffff
            r4 0x80b0300
            r4 0x80b0200
            r4 0x80d0300
            # priorities: words and bytes
            w4 0x80b0400 0x80604020
            w4 0x80b041c 0xa0b0c0d0
            r4 0x80b0400
            r4 0x80b041c
            r1 0x80b0401
            r2 0x80b041e
            w1 0x80b0402 0x55
            r4 0x80b0400
            r4 0x80d0400
            w1 0x80d041f 0xf8
            r4 0x80d041c
            # configuration: SGIs fixed edge, PPIs programmable
            w4 0x80b0c00 0x0
            r4 0x80b0c00
            w4 0x80b0c04 0xffffffff
            r4 0x80b0c04
            w4 0x80b0c04 0x00000008
            r4 0x80b0c04
            r4 0x80d0c04
            w4 0x80b0d00 0xffffffff
            r4 0x80b0d00
            # Distributor: banked IDs 0-31 are RAZ/WI with affinity routing
            w4 0x8000080 0xffffffff
            r4 0x8000080
            w4 0x8000100 0xffffffff
            r4 0x8000100
            w4 0x8000400 0xffffffff
            r4 0x8000400
            w4 0x8000c00 0xffffffff
            r4 0x8000c00
            w4 0x8000800 0xffffffff
            r4 0x8000800
            r4 0x8000820
            w4 0x8000820 0xffffffff
            r4 0x8000820
            w4 0x8000d00 0xffffffff
            r4 0x8000d00
            r4 0x8000d04
            w4 0x8000f00 0x1
            r4 0x8000f00
            r4 0x8000f10
            r4 0x8000f20
            r4 0x8000e00
            # SPIs: group, enable, pending, active for IDs 32-287
            w4 0x8000084 0xffffffff
            r4 0x8000084
            w4 0x8000084 0x12345678
            r4 0x8000084
            r4 0x8000088
            w4 0x8000104 0x0000ff01
            w4 0x8000120 0xffffffff
            r4 0x8000104
            r4 0x8000184
            r4 0x8000120
            w4 0x8000184 0x00000f01
            r4 0x8000104
            w4 0x8000204 0x00ff0003
            r4 0x8000204
            r4 0x8000284
            w4 0x8000284 0x00000001
            r4 0x8000204
            w4 0x8000304 0xf000000f
            r4 0x8000304
            r4 0x8000384
            w4 0x8000384 0x30000003
            r4 0x8000304
            w4 0x800031c 0x1
            r4 0x800031c
            r4 0x8000124
            # SPI priorities and configuration
            w4 0x8000420 0x11223344
            r4 0x8000420
            r1 0x8000421
            w2 0x8000422 0xbbaa
            r4 0x8000420
            w1 0x800051f 0x7f
            r4 0x800051c
            w4 0x8000c08 0xffffffff
            r4 0x8000c08
            w4 0x8000c08 0x88888888
            r4 0x8000c08
            r4 0x8000c0c
            w4 0x8000c44 0x2
            r4 0x8000c44
            # IROUTER: 64-bit and 32-bit accesses; IDs 0-31 reserved
            r8 0x8006100
            w8 0x8006100 0x0000000000000001
            r8 0x8006100
            w8 0x8006108 0x0000000000000100
            r8 0x8006108
            w4 0x8006110 0x00000001
            w4 0x8006114 0x00000002
            r8 0x8006110
            r4 0x8006110
            r4 0x8006114
            w8 0x80068f8 0x80000001
            r8 0x80068f8
            w8 0x8006000 0x1
            r8 0x8006000
            w8 0x8006100 0x0
            r8 0x8006100
            """;

    @Test
    void everyReadMatchesQemu() throws IOException {
        QtestScript script = new QtestScript(SCRIPT);
        Gicv3 gic = new Gicv3("gicv3", new long[] {0, 1});
        PhysicalAddressSpace as = new PhysicalAddressSpace();
        List<String> mismatches;
        try (Qtest qemu = Qtest.startVirtGicv3(2)) {
            as.addMmio("gicv3_dist", VirtMachine.GIC_DIST_BASE, Gicv3.DIST_SIZE, gic.distributor());
            as.addMmio("gicv3_redist", VirtMachine.GIC_REDIST_BASE, gic.redistSize(), gic.redistributors());
            mismatches = script.run(qemu, new QtestScript.Target() {
                @Override
                public long read(long addr, int size) {
                    return as.read(addr, size, false);
                }

                @Override
                public void write(long addr, int size, long value) {
                    as.write(addr, size, false, value);
                }
            });
        } finally {
            as.close();
        }
        assertTrue(script.reads() > 100, "script has " + script.reads() + " reads");
        assertEquals("", String.join("\n", mismatches));
    }
}
