package org.jemu.arm.a32;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.jemu.arm.cpu.A64CpuModel;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.Verifier;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.Test;

/**
 * Guest-controlled input must never crash the translator: every 32-bit word, in A32 and in T32 (as a
 * 32-bit instruction and as 16-bit halfwords), under every entry ITSTATE (including values an SPSR or
 * ERET can plant that no IT instruction produces) translates to a block that passes the IR verifier, or
 * to UNDEFINED. Any Java exception out of translation is a host crash.
 */
class A32TranslateRobustnessTest {
    private static final long PC = 0x1000;

    /** EL0 and EL1 AArch32 flags with FP enabled and disabled, with and without FPSCR.Len/Stride. */
    private static long[] baseFlags(boolean thumb) {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        try {
            Aarch64Cpu c = new Aarch64Cpu(A64CpuModel.CORTEX_A57, 0, mem, new VirtualClock(0, false));
            c.reset(0);
            c.aarch32 = true;
            c.regs[Aarch64Cpu.TF] = thumb ? 1 : 0;
            long[] out = new long[8];
            int k = 0;
            for (int el = 0; el <= 1; el++) {
                for (int fp = 0; fp <= 1; fp++) {
                    for (int sv = 0; sv <= 1; sv++) {
                        c.el = el;
                        c.cpacrEl1 = fp == 1 ? 3L << 20 : 0;
                        c.regs[Aarch64Cpu.FPCR] = sv == 1 ? 0x0003_0000L : 0;
                        out[k++] = c.tbFlags();
                    }
                }
            }
            return out;
        } finally {
            mem.close();
        }
    }

    private static void check(String what, int word, Runnable r) {
        try {
            r.run();
        } catch (org.jemu.translator.exec.GuestFault f) {
            // an exception the guest takes is fine
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            fail(what + " 0x" + Integer.toHexString(word) + " crashed the translator: " + e, e);
        }
    }

    /** Random words, edge words, and words filling every decode entry's pattern (so every handler runs). */
    private static int[] words(java.util.List<org.jemu.translator.decode.DecodeTable.Entry<A32Translator.Handler>> entries) {
        SplittableRandom rnd = new SplittableRandom(0x5eed_a32L);
        int perEntry = 150;
        int n = 100_000 + perEntry * entries.size();
        int[] w = new int[n];
        int k = 0;
        for (org.jemu.translator.decode.DecodeTable.Entry<A32Translator.Handler> e : entries) {
            for (int i = 0; i < perEntry; i++) {
                int x = rnd.nextInt();
                if ((i & 1) == 0) {
                    x |= rnd.nextInt() & 0x000f_f00f;   // register fields of 15, large counts
                }
                w[k++] = (x & ~e.pattern.mask) | e.pattern.value;
            }
        }
        int[] edge = {0, -1, 0x7fff_ffff, 0x8000_0000, 0xffff_0000, 0x0000_ffff, 0xf000_0000, 0x0fff_ffff,
            0xe800_0000, 0xf800_0000, 0xe8bd_0000, 0xe92d_0000, 0xe89d_0000, 0xec9f_0bff, 0xed9f_0bff,
            0xecbd_0b80, 0xecbd_0bfe, 0xecbd_0aff, 0xec9d_0b42, 0xe8b0_0000, 0xe810_0000};
        for (int e : edge) {
            w[k++] = e;
        }
        while (k < n) {
            int x = rnd.nextInt();
            switch (k & 3) {
                case 0 -> x |= 0xf000_0000;            // unconditional space / T32 prefixes
                case 1 -> x = (x & 0x0fff_ffff) | 0xe000_0000 | (rnd.nextBoolean() ? 0x0c00_0000 : 0);
                case 2 -> x |= rnd.nextInt() & rnd.nextInt() | 0x00ff_0f00;   // many register-list bits / 15s
                default -> { }
            }
            w[k++] = x;
        }
        return w;
    }

    @Test
    void everyA32WordTranslatesOrIsUndefined() {
        long[] flags = baseFlags(false);
        java.util.List<org.jemu.translator.decode.DecodeTable.Entry<A32Translator.Handler>> all =
                new java.util.ArrayList<>(A32DecodeTable.TABLE.entries());
        all.addAll(A32DecodeTable.SIMD.entries());
        int[] ws = words(all);
        for (int i = 0; i < ws.length; i++) {
            int word = ws[i];
            long f = flags[i & 7];
            check("A32", word, () -> {
                IrBlock blk = A32Translator.translate(PC, f, 2, va -> va == PC ? word : 0xe320_f000);
                Verifier.verify(blk);
            });
        }
    }

    @Test
    void everyT32WordTranslatesOrIsUndefined() {
        long[] flags = baseFlags(true);
        java.util.List<org.jemu.translator.decode.DecodeTable.Entry<A32Translator.Handler>> all =
                new java.util.ArrayList<>(T32DecodeTable.TABLE.entries());
        all.addAll(T32DecodeTable.LITERAL.entries());
        int[] ws = words(all);
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < ws.length; i++) {
            int word = ws[i];
            // every ITSTATE byte, valid or not (SPSR/ERET can restore any value)
            long f = Aarch64Cpu.flagsWithItState(flags[i & 7], (i & 1) == 0 ? rnd.nextInt(256) : 0);
            check("T32", word, () -> {
                IrBlock blk = T32Translator.translate(PC, f, 4,
                        va -> va == PC ? word >>> 16 : va == PC + 2 ? word & 0xffff : 0xbf00);
                Verifier.verify(blk);
            });
            int hw = word & 0xffff;
            check("T32 16-bit", hw, () -> {
                IrBlock blk = T32Translator.translate(PC, f, 4, va -> va == PC ? hw : 0xbf00);
                Verifier.verify(blk);
            });
        }
    }
}
