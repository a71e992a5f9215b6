package org.jemu.translator.exec;

import org.jemu.translator.ir.IrBlock;

/**
 * A translated guest block in the code cache, keyed by the guest physical address of its first
 * instruction and the CPU mode bits it assumed. It holds its IR (run by the interpreter until it is hot)
 * and, once compiled, its bytecode; successors reached by direct jumps are cached in {@link #chain0} and
 * {@link #chain1}.
 */
public final class TranslationBlock extends TranslationBlockDispatch {
    /**
     * Guest virtual address of the first instruction, where it was translated (a {@link #pcRelative} block
     * also runs at other addresses with the same page offset).
     */
    public final long pc;
    /** Guest physical address of the first instruction. */
    public final long physPc;
    /** Guest physical address one past the last byte of the last instruction. */
    public final long physEnd;
    /** Guest virtual address of each instruction. */
    public final long[] insnPcs;
    /** The IR (kept after compilation: regions are built from it). */
    public IrBlock ir;
    /** A compilation with this block as region entry was requested (and not yet dropped). */
    boolean compileQueued;
    /**
     * When {@link #compiled} is a region: the guest instruction addresses of each of its blocks. Kept when
     * the region is dropped (until a new region is installed), so a fault in a region that dropped itself
     * while it ran still maps back to the faulting instruction.
     */
    public long[][] regionPcs;
    /** Entries of compiled regions that contain this block (they are dropped when it is invalidated). */
    private java.util.List<TranslationBlock> regions;

    /** Records that the compiled region entered at {@code entry} contains this block. */
    void addRegion(TranslationBlock entry) {
        if (regions == null) {
            regions = new java.util.ArrayList<>(2);
        }
        if (!regions.contains(entry)) {
            regions.add(entry);
        }
    }

    /** Drops compiled regions containing this block (its code changed); they run interpreted until hot again. */
    void dropRegions() {
        if (regions == null) {
            return;
        }
        for (TranslationBlock r : regions) {
            r.compiled = null;
            r.execCount = 0;
            r.compileQueued = false;
        }
        regions = null;
    }
    /**
     * For a block whose last instruction continues on the next guest virtual page (x86 instructions may
     * straddle a page boundary): the guest physical page that holds its tail, else -1. The block is valid
     * only while that virtual page still maps there ({@link ExecLoop} checks it on lookup), and writes to
     * [{@code physPage2}, {@link #physEnd2}) invalidate it. {@link #physEnd} is then the end of the first page.
     */
    public long physPage2 = -1;
    /** MMU index its instructions are fetched with ({@link GuestCpu#fetchMmuIdx} of its flags). */
    public int fetchMmuIdx;
    /** End (exclusive) of the block's bytes on {@link #physPage2}. */
    public long physEnd2 = -1;
    /** Next block with the same hash in the code cache. */
    TranslationBlock hashNext;

    public TranslationBlock(long pc, long physPc, long physEnd, long flags, IrBlock ir) {
        this(pc, physPc, physEnd, flags, ir, ir.guestInsnPcs());
    }

    private TranslationBlock(long pc, long physPc, long physEnd, long flags, IrBlock ir, long[] insnPcs) {
        super(flags, insnPcs.length, ir.pcRelative);
        this.pc = pc;
        this.physPc = physPc;
        this.physEnd = physEnd;
        this.ir = ir;
        this.insnPcs = insnPcs;
    }
}
