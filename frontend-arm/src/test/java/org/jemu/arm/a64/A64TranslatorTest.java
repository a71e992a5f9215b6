package org.jemu.arm.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.jemu.translator.exec.GuestFault;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Verifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Block formation of {@link A64Translator}: where blocks end, fetch faults, determinism, robustness. */
class A64TranslatorTest {
    static final int NOP = 0xd503201f;
    A64Harness h;

    @BeforeEach
    void setUp() {
        h = new A64Harness();
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void blockEndsAtMaxInsns() {
        IrBlock b = A64Translator.translate(0x1000, h.cpu.tbFlags(), 5, va -> NOP);
        assertEquals(5, b.guestInsnCount());
        assertEquals(Op.JUMP, b.terminator().op);
        assertEquals(0x1014, b.terminator().imm);
    }

    @Test
    void blockEndsAtPageEnd() {
        IrBlock b = A64Translator.translate(0x1ff0, h.cpu.tbFlags(), 100, va -> NOP);
        assertEquals(4, b.guestInsnCount());
        assertEquals(0x2000, b.terminator().imm);
    }

    @Test
    void blockEndsAtBranch() {
        int[] code = {NOP, 0x14000010 /* b #64 */, NOP};
        IrBlock b = A64Translator.translate(0x1000, h.cpu.tbFlags(), 100, va -> code[(int) (va - 0x1000) / 4]);
        assertEquals(2, b.guestInsnCount());
        assertEquals(0x1044, b.terminator().imm);
    }

    @Test
    void fetchFaultEndsBlockBeforeTheInstruction() {
        GuestFault f = new GuestFault();
        IrBlock b = A64Translator.translate(0x1000, h.cpu.tbFlags(), 100, va -> {
            if (va >= 0x1008) {
                throw f;
            }
            return NOP;
        });
        assertEquals(2, b.guestInsnCount());
        assertEquals(0x1008, b.terminator().imm);
        GuestFault thrown = assertThrows(GuestFault.class,
                () -> A64Translator.translate(0x1008, 0, 100, va -> {
                    throw f;
                }));
        assertSame(f, thrown);
    }

    @Test
    void undefinedEndsBlock() {
        int[] code = {NOP, 0xffffffff, NOP};
        IrBlock b = A64Translator.translate(0x1000, h.cpu.tbFlags(), 100, va -> code[(int) (va - 0x1000) / 4]);
        assertEquals(2, b.guestInsnCount());
        assertEquals(Op.EXIT, b.terminator().op);
        assertEquals(0x1004, b.terminator().imm);
    }

    @Test
    void translatesThroughTheSoftMmu() {
        h.write(A64Harness.CODE, 4, 0x91000c41); // add x1, x2, #3
        h.write(A64Harness.CODE + 4, 4, 0xd65f03c0); // ret
        IrBlock b = A64Translator.translate(h.cpu, A64Harness.CODE, h.cpu.tbFlags(), 100);
        assertEquals(2, b.guestInsnCount());
        assertEquals(Op.JUMP_INDIRECT, b.terminator().op);
        IrBlock viaCpu = h.cpu.translateBlock(A64Harness.CODE, h.cpu.tbFlags(), 100);
        assertEquals(b.toString(), viaCpu.toString());
    }

    /** Random words: every one translates to a verified block (never a host exception), deterministically. */
    @Test
    void randomWordsAlwaysTranslate() {
        SplittableRandom r = new SplittableRandom(2024);
        long flags = h.cpu.tbFlags();
        for (int k = 0; k < 100_000; k++) {
            int w = r.nextInt();
            IrBlock b = A64Translator.translate(0x40_0000, flags, 1, va -> w);
            Verifier.verify(b);
            if ((k & 1023) == 0) {
                assertEquals(b.toString(), A64Translator.translate(0x40_0000, flags, 1, va -> w).toString());
            }
        }
    }

    /** Every entry's words translate and verify, including reserved field values. */
    @Test
    void everyEntryTranslates() {
        SplittableRandom r = new SplittableRandom(7);
        long flags = h.cpu.tbFlags();
        for (var e : A64DecodeTable.TABLE.entries()) {
            for (int k = 0; k < 500; k++) {
                int w = (r.nextInt() & ~e.pattern.mask) | e.pattern.value;
                IrBlock b = A64Translator.translate(0x40_0000, flags, 2, va -> w);
                Verifier.verify(b);
                assertTrue(b.guestInsnCount() >= 1);
            }
        }
    }
}
