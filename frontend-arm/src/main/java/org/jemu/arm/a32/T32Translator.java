package org.jemu.arm.a32;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.backend.SizeEstimate;
import org.jemu.translator.exec.GuestFault;
import org.jemu.translator.ir.ExitReason;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.memory.SoftMmu;

/**
 * Translates T32 (Thumb-2) guest code of ARMv7-A user level (DDI 0406C chapters A6 and A8) into IR blocks.
 * The per-instruction machinery (register access, flags, conditional execution by selection, memory,
 * PC writes) is {@link A32Translator}'s, in its T32 mode ({@link A32Translator#thumb}): R15 reads as the
 * instruction address + 4, instructions are 2 or 4 bytes, and modified immediates are ThumbExpandImm.
 *
 * <p><b>Instruction stream</b> (DDI 0406C A6.1): halfwords, little-endian. A first halfword with bits
 * [15:11] = 11101, 11110 or 11111 starts a 32-bit instruction, decoded as hw1:hw2 (hw1 in bits [31:16]);
 * any other halfword is a 16-bit instruction, decoded with bits [31:16] zero (see {@link T32DecodeTable}).
 * A 32-bit instruction may straddle a page boundary; it is then the block's last instruction and the block
 * records the end address past the page ({@code IrBuilder.setEndPc}), so the execution loop keys the block
 * on the second page as well. A fetch fault on the second halfword of the block's first instruction is
 * the instruction's Prefetch Abort; later in the block it ends the block before that instruction.
 *
 * <p><b>IT blocks</b> (DDI 0406C A2.5.2, A8.8.55). ITSTATE is part of the block key
 * ({@link Aarch64Cpu#flagsItState}), so the translator knows the ITSTATE of every instruction statically:
 * the instructions of an IT block are translated as conditional (their condition evaluated into the
 * {@code pass} value, as for conditional A32 instructions), the 16-bit data-processing encodings set the
 * flags only outside IT blocks, and the IT slot ({@link Aarch64Cpu#IT}) is written after every instruction
 * that changes it (ITAdvance, or the IT instruction), so an exception taken at any instruction saves the
 * right ITSTATE in SPSR_EL1 (an SVC saves the advanced one). Because the execution loop chains a block to
 * its successors under the block's own flags, a block that ends with an ITSTATE other than the one it was
 * looked up with ends with an exit to the loop (which recomputes the flags) instead of a chained jump.
 * Branches and other PC writes inside an IT block other than as its last instruction, an IT inside an IT
 * block, and CBZ/CBNZ or the 16-bit conditional branch inside one are UNPREDICTABLE, made UNDEFINED.
 */
public final class T32Translator {
    private T32Translator() {
    }

    private static final long PAGE_MASK = -4096L;

    /** Reads the 16-bit halfword at a guest virtual address; throws {@link GuestFault} on a fetch fault. */
    @FunctionalInterface
    public interface HalfwordFetcher {
        int fetch(long vaddr);
    }

    /** True if halfword {@code hw1} is the first half of a 32-bit T32 instruction (bits [15:11] 11101, 11110, 11111). */
    public static boolean is32Bit(int hw1) {
        return (hw1 & 0xf800) >= 0xe800;
    }

    /**
     * Translates the T32 block at guest virtual {@code pc}, fetching through the CPU's soft-MMU.
     *
     * @param cpu      the CPU (its MMU and memory are used for instruction fetch only)
     * @param pc       guest virtual address of the first instruction (2-byte aligned, below 2^32)
     * @param flags    the tbFlags the block assumes (AArch32, T32, with the entry ITSTATE)
     * @param maxInsns upper bound on guest instructions (values below 1 count as 1)
     * @throws GuestFault if fetching the first instruction faults
     */
    public static IrBlock translate(Aarch64Cpu cpu, long pc, long flags, int maxInsns) {
        int mmuIdx = cpu.fetchMmuIdx(flags);
        return translate(pc, flags, maxInsns, va -> (int) SoftMmu.fetch(cpu, va, 2, false, mmuIdx) & 0xffff);
    }

    /** Translates with halfwords from {@code fetcher} (tests, fuzzing); same contract as above. */
    public static IrBlock translate(long pc, long flags, int maxInsns, HalfwordFetcher fetcher) {
        A32Translator t = new A32Translator(pc, flags);
        int limit = Math.max(1, maxInsns);
        long cur = pc;
        long end = pc;
        SizeEstimate.Running size = new SizeEstimate.Running();
        for (int n = 0; ; n++) {
            if (n > 0 && (n >= limit || (cur & PAGE_MASK) != (pc & PAGE_MASK) || cur > 0xffff_fffeL)) {
                endBefore(t, cur);
                break;
            }
            int word;
            int len;
            try {
                int hw1 = fetcher.fetch(cur) & 0xffff;
                if (is32Bit(hw1)) {
                    word = hw1 << 16 | (fetcher.fetch((cur + 2) & 0xffff_ffffL) & 0xffff);
                    len = 4;
                } else {
                    word = hw1;
                    len = 2;
                }
            } catch (GuestFault f) {
                if (n == 0) {
                    throw f;
                }
                endBefore(t, cur);
                break;
            }
            int mark = t.b.size();
            long markPc = t.b.lastInsnPc();
            int markSlot = t.slotIt;
            t.b.insnStart(cur);
            translateOne(t, cur, word, len);
            int bytes = size.extend(t.b.view(), t.b.size());
            if (n > 0 && bytes > SizeEstimate.BLOCK_LIMIT) {
                t.b.truncateToInsnBoundary(mark, markPc);
                t.slotIt = markSlot;
                endBefore(t, cur);
                break;
            }
            end = cur + len;
            if (t.b.isTerminated()) {
                break;
            }
            cur += len;
        }
        t.b.setEndPc(end);
        if (((end - 1) & PAGE_MASK) == (pc & PAGE_MASK)) {
            // PC-derived values are pcConsts (see A32Translator.pcConst32): unless its last instruction
            // continues on the next page, the block is shared by every virtual address that maps its code.
            t.b.setPcRelative();
        }
        return t.b.finish();
    }

    /** Ends the block before the instruction at {@code next}: a chained jump, or an exit if ITSTATE changed. */
    private static void endBefore(A32Translator t, long next) {
        if (t.chainable()) {
            t.jumpConst(next);
        } else {
            t.exitConst(next, ExitReason.RECHECK);
        }
    }

    private static void translateOne(A32Translator t, long insnPc, int word, int len) {
        t.pc = insnPc;
        t.insn = word;
        t.insnLen = len;
        t.itState = t.slotIt;
        t.itAfter = A32Translator.itAdvance(t.itState);
        t.beginInsn();
        if (t.inItBlock()) {
            int cond = t.itState >>> 4;
            if (cond != 0xe) {
                t.setCondition(cond);
            }
        }
        t.emit(T32DecodeTable.decode(word));
    }
}
