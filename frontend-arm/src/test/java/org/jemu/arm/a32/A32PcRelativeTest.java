package org.jemu.arm.a32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jemu.arm.cpu.A32System;
import org.jemu.arm.cpu.A64CpuModel;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.CompiledBlock;
import org.jemu.translator.interp.IrInterpreter;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.Verifier;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.jemu.translator.opt.Optimizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A32 and T32 blocks are {@link IrBlock#pcRelative}: translated at one virtual address and run at another
 * with the same page offset (the same shared-library page mapped at two addresses under ASLR), every value
 * derived from the PC follows the address the block runs at (DDI 0406C A2.3: R15 reads as the instruction
 * address + 8 in A32, + 4 in T32; ADR is Align(PC, 4) + imm; BL writes the next instruction's address, with
 * bit 0 set in T32; LDR (literal) loads from Align(PC, 4) + imm). Both tiers (IR interpreter and bytecode).
 */
class A32PcRelativeTest {
    /** Where the blocks are translated. */
    private static final long TRANSLATED = 0x4000_0100L;
    /** Where they run: another page, same offset. */
    private static final long RUNS = 0x4000_3100L;

    private static Aarch64Cpu cpu(PhysicalAddressSpace mem, boolean thumb) {
        mem.addRam("ram", 0x4000_0000L, 0x10000);
        Aarch64Cpu c = new Aarch64Cpu(A64CpuModel.CORTEX_A57, 0, mem, new VirtualClock(0, false));
        c.reset(0);
        c.sctlr[1] &= ~1L;
        c.el = 0;
        c.spSel = 0;
        c.aarch32 = true;
        c.cpacrEl1 = 3L << 20;
        c.regs[Aarch64Cpu.TF] = thumb ? 1 : 0;
        return c;
    }

    /**
     * Translates a block at {@link #TRANSLATED} with {@code translate} (given the CPU's tbFlags), checks that
     * it is PC-relative, and runs it at {@link #RUNS} in one tier, with the word at page offset
     * {@code literalOffset} differing between the two pages.
     */
    private static Aarch64Cpu translateAndRun(PhysicalAddressSpace mem, boolean thumb, long literalOffset,
            java.util.function.LongFunction<IrBlock> translate, boolean compiled) {
        Aarch64Cpu c = cpu(mem, thumb);
        literals(mem, literalOffset);
        IrBlock ir = translate.apply(c.tbFlags());
        assertTrue(ir.pcRelative, "a block within one page is PC-relative");
        Verifier.verify(ir);
        Optimizer.optimize(ir);
        CompiledBlock code = compiled ? new BytecodeBackend().compile(ir) : new IrInterpreter(ir);
        c.regs[Aarch64Cpu.PC] = RUNS;
        code.run(c);
        return c;
    }

    private static long r(Aarch64Cpu c, int n) {
        return c.regs[A32System.slot(A32System.BANK_USR, n)];
    }

    /** Stores the literal at its runtime address and a different word where it was translated. */
    private static void literals(PhysicalAddressSpace mem, long offset) {
        mem.write(RUNS + offset, 4, false, 0x1122_3344L);
        mem.write(TRANSLATED + offset, 4, false, 0xdead_beefL);
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {false, true})
    void a32(boolean compiled) {
        int[] words = {
            0xe28f0010, // add r0, pc, #16   (ADR)
            0xe1a0100f, // mov r1, pc
            0xe59f2008, // ldr r2, [pc, #8]  (from the 3rd instruction's address + 16)
            0xeb00000f, // bl .+68
        };
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        try {
            Aarch64Cpu c = translateAndRun(mem, false, 0x18, flags -> A32Translator.translate(TRANSLATED, flags, 64,
                    va -> words[(int) (va - TRANSLATED) / 4]), compiled);
            assertEquals(RUNS + 8 + 16, r(c, 0), "ADR");
            assertEquals(RUNS + 4 + 8, r(c, 1), "MOV from PC");
            assertEquals(0x1122_3344L, r(c, 2), "LDR (literal) reads at the runtime address");
            assertEquals(RUNS + 16, r(c, 14), "BL link");
            assertEquals(RUNS + 12 + 8 + 60, c.regs[Aarch64Cpu.PC], "BL target");
        } finally {
            mem.close();
        }
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {false, true})
    void t32(boolean compiled) {
        int[] halfwords = {
            0xbf00,         // nop
            0xa002,         // adr r0, #8        (Align(PC, 4) + 8, PC = this + 4)
            0x4a02,         // ldr r2, [pc, #8]  (T1)
            0xf000, 0xf810, // bl .+36 (T1)
        };
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        try {
            Aarch64Cpu c = translateAndRun(mem, true, 0x10, flags -> T32Translator.translate(TRANSLATED, flags, 64,
                    va -> halfwords[(int) (va - TRANSLATED) / 2]), compiled);
            assertEquals(RUNS + 4 + 8, r(c, 0), "ADR");
            assertEquals(0x1122_3344L, r(c, 2), "LDR (literal) reads at the runtime address");
            assertEquals((RUNS + 10) | 1, r(c, 14), "BL link (T32: bit 0 set)");
            assertEquals(RUNS + 6 + 4 + 32, c.regs[Aarch64Cpu.PC], "BL target");
        } finally {
            mem.close();
        }
    }

    /**
     * Translates the block of {@code code} (A32 words or T32 halfwords) at {@code translated}, runs it at
     * {@code runs} (same page offset) in one tier and returns the PC it leaves.
     */
    private static long runAt(boolean thumb, long translated, long runs, int[] code, boolean compiled) {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        try {
            Aarch64Cpu c = cpu(mem, thumb);
            int unit = thumb ? 2 : 4;
            java.util.function.LongFunction<IrBlock> tr = thumb
                    ? f -> T32Translator.translate(translated, f, 64, va -> code[(int) (va - translated) / unit])
                    : f -> A32Translator.translate(translated, f, 64, va -> code[(int) (va - translated) / unit]);
            IrBlock ir = tr.apply(c.tbFlags());
            assertTrue(ir.pcRelative);
            Verifier.verify(ir);
            Optimizer.optimize(ir);
            CompiledBlock block = compiled ? new BytecodeBackend().compile(ir) : new IrInterpreter(ir);
            c.regs[Aarch64Cpu.PC] = runs;
            block.run(c);
            return c.regs[Aarch64Cpu.PC];
        } finally {
            mem.close();
        }
    }

    /**
     * A block translated low and run in the last page of the 32-bit address space (or in page 0) leaves for a
     * target in another page: the relocated target wraps modulo 2^32, as an AArch32 PC is 32 bits (DDI 0487
     * D1.20; DDI 0406C A2.3), instead of becoming a 33-bit address.
     */
    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {false, true})
    void targetsInAnotherPageWrapAt32Bits(boolean compiled) {
        // Fall-through past the page end: the block ends at 0x4000_1000, run at 0xFFFF_FFF8 -> 0x0.
        assertEquals(0L, runAt(false, 0x4000_0ff8L, 0xffff_fff8L, new int[] {0xe1a0100f, 0xe320f000}, compiled),
                "fall-through");
        // B .+0x14 at 0x4000_0FFC (target 0x4000_1010), run at 0xFFFF_FFFC -> 0x10.
        assertEquals(0x10L, runAt(false, 0x4000_0ffcL, 0xffff_fffcL, new int[] {0xea000003}, compiled), "B");
        // BNE (Z clear after reset, taken) likewise; the not-taken side (0x4000_1000) is in another page too.
        assertEquals(0x10L, runAt(false, 0x4000_0ffcL, 0xffff_fffcL, new int[] {0x1a000003}, compiled), "BNE");
        // B .-0x10 at 0x4000_0000 (target 0x3FFF_FFF0), run at 0x0 -> 0xFFFF_FFF0.
        assertEquals(0xffff_fff0L, runAt(false, 0x4000_0000L, 0, new int[] {0xeafffffa}, compiled), "B backwards");
        // T32 B (T2) .+0x12 at 0x4000_0FFE (target 0x4000_1010), run at 0xFFFF_FFFE -> 0x10.
        assertEquals(0x10L, runAt(true, 0x4000_0ffeL, 0xffff_fffeL, new int[] {0xe007}, compiled), "T32 B");
    }

    /** Same-page targets stay direct jumps (chained within a region), relocated as before. */
    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {false, true})
    void targetsInThePageAreUnchanged(boolean compiled) {
        // B .+0x10 at 0x4000_0100 (target 0x4000_0110), run at 0xFFFF_F100 -> 0xFFFF_F110.
        assertEquals(0xffff_f110L, runAt(false, 0x4000_0100L, 0xffff_f100L, new int[] {0xea000002}, compiled));
    }

    @org.junit.jupiter.api.Test
    void t32BlockEndingOnTheNextPageIsNotShared() {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        try {
            Aarch64Cpu c = cpu(mem, true);
            // A 32-bit BL whose second halfword is on the next page.
            long pc = 0x4000_0ffeL;
            IrBlock ir = T32Translator.translate(pc, c.tbFlags(), 64, va -> va == pc ? 0xf000 : 0xf810);
            assertFalse(ir.pcRelative);
        } finally {
            mem.close();
        }
    }
}
