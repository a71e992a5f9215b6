package org.jemu.translator.exec;

/**
 * The fields of a {@link TranslationBlock} that the dispatch loop reads or writes on every dispatch: its
 * validity, code, execution count, instruction count and mode bits, and its two chain slots.
 *
 * <p>HotSpot lays a superclass's fields out before its subclass's, so keeping them here puts them in the
 * first 80 bytes of the block object (two cache lines) instead of spreading them over the whole of it
 * (about 140 bytes, three lines, with the physical range, IR and region bookkeeping in between). With some
 * 100,000 live blocks most dispatches miss the cache on the successor block, and each line it spans costs.
 */
abstract class TranslationBlockDispatch {
    /** CPU mode bits (see {@link GuestCpu#tbFlags()}). */
    public final long flags;
    /** Number of guest instructions. */
    public final int insnCount;
    /** The block's IR is {@link org.jemu.translator.ir.IrBlock#pcRelative}: it may run at any virtual address with its page offset. */
    public final boolean pcRelative;
    /** Cleared when guest code under the block changes or the cache is flushed. */
    public boolean valid = true;
    /** Compiled form, or null while the block is still interpreted. */
    public CompiledBlock compiled;
    /** Executions so far (drives the tier-up to compiled code). */
    public int execCount;
    /**
     * Interpreted form, run until the block is compiled: {@link org.jemu.translator.interp.IrInterpreter#code()}
     * of the block (held here, not through the interpreter object, so an interpreted dispatch reads one
     * object less).
     */
    public long[] interpCode;
    /** {@link org.jemu.translator.interp.IrInterpreter#helpers()} of the block. */
    public org.jemu.translator.ir.Helper.Invoker[] interpHelpers;
    /** {@link org.jemu.translator.interp.IrInterpreter#callArgs()} of the block. */
    public int[] interpArgs;
    /*
     * Cached successors (after direct jumps, and the last target of an indirect jump), checked against
     * the PC, the vCPU's GuestCpu#tlbGeneration and their validity before use: the loop follows them
     * instead of looking the next block up. Two slots of plain fields rather than arrays, so following a
     * chain reads only this block (already in cache: it just ran) and the successor.
     */
    /** Successor cached in slot 0 (the first direct exit), or null. */
    TranslationBlock chain0;
    /** Successor cached in slot 1 (the second direct exit, or the last indirect target), or null. */
    TranslationBlock chain1;
    /** Guest virtual PC {@link #chain0} was made for (a PC-relative block runs at several). */
    long chainPc0;
    /** Guest virtual PC {@link #chain1} was made for. */
    long chainPc1;
    /** {@link GuestCpu#tlbGeneration} when {@link #chain0} was made. */
    int chainGen0;
    /** {@link GuestCpu#tlbGeneration} when {@link #chain1} was made. */
    int chainGen1;

    TranslationBlockDispatch(long flags, int insnCount, boolean pcRelative) {
        this.flags = flags;
        this.insnCount = insnCount;
        this.pcRelative = pcRelative;
    }
}
