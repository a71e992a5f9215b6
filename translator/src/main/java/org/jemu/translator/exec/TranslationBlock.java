package org.jemu.translator.exec;

import org.jemu.translator.ir.IrBlock;

/**
 * A translated guest block in the code cache, keyed by the guest physical address of its first
 * instruction and the CPU mode bits it assumed. It holds its IR (run by the interpreter until it is hot)
 * and, once compiled, its bytecode; successors reached by direct jumps are cached in {@link #chain}.
 */
public final class TranslationBlock {
    /** Guest virtual address of the first instruction. */
    public final long pc;
    /** Guest physical address of the first instruction. */
    public final long physPc;
    /** Guest physical address one past the last byte of the last instruction. */
    public final long physEnd;
    /** CPU mode bits (see {@link GuestCpu#tbFlags()}). */
    public final long flags;
    /** Number of guest instructions. */
    public final int insnCount;
    /** Guest virtual address of each instruction. */
    public final long[] insnPcs;
    /** The IR (null once compiled and no longer needed). */
    public IrBlock ir;
    /** Interpreted form, until compiled. */
    public CompiledBlock interpreted;
    /** Compiled form, or null while the block is still interpreted. */
    public CompiledBlock compiled;
    /** Executions so far (drives the tier-up to compiled code). */
    public int execCount;
    /** Cleared when guest code under the block changes or the cache is flushed. */
    public boolean valid = true;
    /** Cached successor blocks for direct exits 0 and 1 (same guest page only). */
    public final TranslationBlock[] chain = new TranslationBlock[2];
    /** Next block with the same hash in the code cache. */
    TranslationBlock hashNext;

    public TranslationBlock(long pc, long physPc, long physEnd, long flags, IrBlock ir) {
        this.pc = pc;
        this.physPc = physPc;
        this.physEnd = physEnd;
        this.flags = flags;
        this.ir = ir;
        this.insnPcs = ir.guestInsnPcs();
        this.insnCount = insnPcs.length;
    }

    /** The code to run now: compiled if available, else the interpreter. */
    public CompiledBlock code() {
        CompiledBlock c = compiled;
        return c != null ? c : interpreted;
    }
}
