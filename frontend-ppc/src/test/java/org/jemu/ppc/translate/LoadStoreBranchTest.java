package org.jemu.ppc.translate;

import static org.jemu.ppc.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.jemu.ppc.cpu.PpcCpu;
import org.jemu.ppc.cpu.PpcException;
import org.junit.jupiter.api.Test;

/**
 * Loads and stores (string, reservation, update, byte-reverse, multiple) and branches (BO decoding with the
 * CTR decrement), with expectations from the manual's instruction pages (PEM chapter 8).
 */
class LoadStoreBranchTest {
    static final long D = PpcHarness.DATA;

    private static void fill(PpcHarness h) {
        for (int i = 0; i < 64; i++) {
            h.write(D + i, 1, 0x10 + i);
        }
    }

    /** lswx: XER[25:31] bytes into RT, RT+1, ...; the last register's unfilled bytes cleared. */
    @Test
    void lswxLoadsByteCountFromXer() {
        try (PpcHarness h = new PpcHarness()) {
            fill(h);
            int lswx = x(31, 30, 0, 4, 533, 0);   // lswx r30,0,r4
            h.r(4, D).r(30, -1).r(31, -1).r(0, -1).r(1, -1).reg(PpcCpu.XER_REST, 10).run(lswx);
            assertEquals(0x1011_1213L, h.r(30));
            assertEquals(0x1415_1617L, h.r(31));
            assertEquals(0x1819_0000L, h.r(0), "wraps from r31 to r0; low bytes cleared");
            assertEquals(0xffff_ffffL, h.r(1), "r1 not touched");
            h.r(30, 7).reg(PpcCpu.XER_REST, 0).run(lswx);
            assertEquals(7, h.r(30), "byte count 0: nothing loaded");
            h.r(4, D).reg(PpcCpu.XER_REST, 9).run(x(31, 3, 0, 4, 533, 0)); // r3..r5 would include RB = r4
            assertNotNull(h.cpu.lastException);
            assertEquals(PpcException.SRR1_ILLEGAL, h.cpu.lastException.srr1(), "invalid form");
        }
    }

    /** stswx: XER[25:31] bytes from RS, RS+1, ... most significant first. */
    @Test
    void stswxStoresByteCountFromXer() {
        try (PpcHarness h = new PpcHarness()) {
            h.write(D, 8, 0);
            h.r(4, D + 1).r(31, 0xa1a2a3a4L).r(0, 0xb1b2b3b4L).reg(PpcCpu.XER_REST, 6)
                    .run(x(31, 31, 0, 4, 661, 0));
            assertEquals(0x00a1a2a3_a4b1b200L, h.read(D, 8));
            // stswi with NB = 0 stores 32 bytes
            for (int i = 0; i < 8; i++) {
                h.r(8 + i, 0x0101_0101L * (i + 1));
            }
            h.r(5, D + 16).run(x(31, 8, 5, 0, 725, 0));
            assertEquals(0x0101_0101_0202_0202L, h.read(D + 16, 8));
            assertEquals(0x0808_0808L, h.read(D + 44, 4));
            // lswi 5 bytes
            h.r(5, D + 16).run(x(31, 20, 5, 5, 597, 0));
            assertEquals(0x0101_0101L, h.r(20));
            assertEquals(0x0200_0000L, h.r(21));
        }
    }

    /** stwcx. stores only with a reservation for the same address; the reservation is cleared either way. */
    @Test
    void stwcxReservation() {
        try (PpcHarness h = new PpcHarness()) {
            h.write(D, 4, 0x1111_1111L);
            h.r(3, D).r(4, 0x2222_2222L).reg(PpcCpu.XER_SO, 1).run(stwcx(4, 0, 3));
            assertEquals(0b0001, h.reg(PpcCpu.CR0), "no reservation: EQ clear, SO copied");
            assertEquals(0x1111_1111L, h.read(D, 4));
            h.reg(PpcCpu.XER_SO, 0).run(lwarx(5, 0, 3), stwcx(4, 0, 3), mfcr(6), stwcx(5, 0, 3));
            assertEquals(0x1111_1111L, h.r(5));
            assertEquals(0x2000_0000L, h.r(6) & 0xf000_0000L, "first stwcx. stored");
            assertEquals(0x2222_2222L, h.read(D, 4), "second stwcx. failed: reservation cleared");
            assertEquals(0, h.reg(PpcCpu.CR0));
            h.r(7, D + 4).run(lwarx(5, 0, 3), stwcx(4, 0, 7));
            assertEquals(0, h.reg(PpcCpu.CR0), "reservation for another address");
            h.r(7, D + 2).run(lwarx(5, 0, 7));
            assertEquals(PpcException.Kind.ALIGNMENT, h.cpu.lastException.kind());
            assertEquals(D + 2, h.cpu.lastException.dar());
        }
    }

    @Test
    void updateFormsByteReverseAndMultiple() {
        try (PpcHarness h = new PpcHarness()) {
            fill(h);
            h.r(4, D).run(d(33, 3, 4, 8));                                   // lwzu r3,8(r4)
            assertEquals(0x1819_1a1bL, h.r(3));
            assertEquals(D + 8, h.r(4));
            h.r(4, D).run(d(33, 4, 4, 8));                                   // lwzu r4,8(r4): invalid
            assertEquals(PpcException.SRR1_ILLEGAL, h.cpu.lastException.srr1());
            assertEquals(D, h.r(4));
            h.r(4, D).r(5, 2).run(x(31, 3, 4, 5, 534, 0), x(31, 6, 4, 5, 790, 0)); // lwbrx, lhbrx
            assertEquals(0x1514_1312L, h.r(3));
            assertEquals(0x1312L, h.r(6));
            h.r(4, D).run(d(46, 29, 4, 4));                                  // lmw r29,4(r4)
            assertEquals(0x1415_1617L, h.r(29));
            assertEquals(0x1c1d_1e1fL, h.r(31));
            h.r(4, D + 1).run(d(47, 30, 4, 0));                              // stmw misaligned
            assertEquals(PpcException.Kind.ALIGNMENT, h.cpu.lastException.kind());
            h.r(4, D + 0x23).r(5, 0).run(x(31, 0, 4, 5, 1014, 0));           // dcbz
            assertEquals(0, h.read(D + 0x20, 8));
            assertEquals(0, h.read(D + 0x38, 8));
            assertEquals(0x1011_1213L, h.read(D, 4));
        }
    }

    /** bc with BO[2] = 0 decrements CTR before testing it. */
    @Test
    void bdnzLoopDecrementsCtr() {
        try (PpcHarness h = new PpcHarness()) {
            // li r3,0; mtctr r4; loop: addi r3,r3,1; bdnz loop
            h.r(4, 3).run(li(3, 0), mtctr(4), addi(3, 3, 1), bc(16, 0, -4, 0, 0));
            assertEquals(3, h.r(3));
            assertEquals(0, h.reg(PpcCpu.CTR));
            h.maxInsns = 1;
            h.r(4, 0).run(li(3, 0), mtctr(4), bc(16, 0, 8, 0, 0), li(3, 1), li(5, 9));
            assertEquals(0, h.r(3), "CTR 0 decrements to 0xffffffff, which is not zero: taken");
            assertEquals(0xffff_ffffL, h.reg(PpcCpu.CTR));
            // bdz with CR condition: BO = 0b01010 (decrement, branch if CTR == 0 and CR[BI] true)
            h.r(4, 1).reg(PpcCpu.CR0, 0b0010).run(li(3, 0), mtctr(4), bc(0b01010, 2, 8, 0, 0), li(3, 1));
            assertEquals(0, h.r(3), "CTR reached 0 and CR0[EQ] is set: taken");
            h.r(4, 1).reg(PpcCpu.CR0, 0b0000).run(li(3, 0), mtctr(4), bc(0b01010, 2, 8, 0, 0), li(3, 1));
            assertEquals(1, h.r(3), "CR0[EQ] clear: not taken");
            assertEquals(0, h.reg(PpcCpu.CTR), "but CTR was decremented");
        }
    }

    @Test
    void linkAndIndirectBranches() {
        try (PpcHarness h = new PpcHarness()) {
            long c = PpcHarness.CODE;
            // bl +8; li r3,1; (target) mflr r4
            h.run(b(8, 0, 1), li(3, 1), spr(4, 8, 339));
            assertEquals(c + 4, h.r(4));
            // bclrl: branches to the old LR and sets LR to the next instruction
            h.r(5, c + 12 + 2).run(mtlr(5), xl(20, 0, 0, 16, 1), li(3, 7), spr(6, 8, 339));
            assertEquals(c + 8, h.r(6), "LR = address after bclrl; target had its low bits cleared");
            // bcctr with BO[2] = 0 is an invalid form
            h.run(xl(16, 0, 0, 528, 0));
            assertEquals(PpcException.SRR1_ILLEGAL, h.cpu.lastException.srr1());
            // cror 4*cr7+gt, eq, lt ; mcrf cr1,cr7 ; crxor 0,0,0
            h.reg(PpcCpu.CR0, 0b0010).reg(PpcCpu.CR0 + 7, 0).run(xl(29, 2, 0, 449, 0), xl(1 << 2, 7 << 2, 0, 0, 0),
                    xl(0, 0, 0, 193, 0));
            assertEquals(0b0100, h.reg(PpcCpu.CR0 + 7));
            assertEquals(0b0100, h.reg(PpcCpu.CR0 + 1));
        }
    }

    @Test
    void processorControl() {
        try (PpcHarness h = new PpcHarness()) {
            h.r(3, 0x1234_5678L).run(mtcrf(0x81, 3), mfcr(4));
            assertEquals(0x1000_0008L, h.r(4));
            h.r(3, 0xe000_007fL).run(mtxer(3), mfxer(4), x(31, 2 << 2, 0, 0, 512, 0), mfxer(5));
            assertEquals(0xe000_007fL, h.r(4));
            assertEquals(0b1110, h.reg(PpcCpu.CR0 + 2), "mcrxr");
            assertEquals(0x7fL, h.r(5), "mcrxr cleared SO, OV, CA");
            h.run(li(3, 1), 0x44000002, li(3, 2));                           // sc
            assertEquals(PpcException.Kind.SYSTEM_CALL, h.cpu.lastException.kind());
            assertEquals(PpcHarness.CODE + 8, h.cpu.lastException.srr0());
            assertEquals(1, h.r(3));
            h.run(spr(3, 26, 339));                                          // mfspr SRR0 in problem state
            assertEquals(PpcException.SRR1_PRIVILEGED, h.cpu.lastException.srr1());
            h.run(spr(3, 1023, 339));                                        // mfspr 1023: privileged number
            assertEquals(PpcException.SRR1_PRIVILEGED, h.cpu.lastException.srr1());
            h.run(spr(3, 15, 339));                                          // mfspr 15: user number, none
            assertEquals(PpcException.SRR1_ILLEGAL, h.cpu.lastException.srr1());
            h.run(0x7c6c42e6, 0x7c6c42e6);                                   // mftb r3 twice
            assertNull(h.cpu.lastException);
        }
    }
}
