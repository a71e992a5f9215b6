package org.jemu.translator.exec;

/** Counters the execution loop keeps for {@code --stats} and benchmarks. */
public final class ExecStats {
    /** Blocks translated to IR. */
    public long blocksTranslated;
    /** Guest instructions translated to IR. */
    public long insnsTranslated;
    /** Host time spent translating to IR and optimising, ns. */
    public long translateNanos;
    /** Blocks compiled to bytecode. */
    public long blocksCompiled;
    /** Host time spent compiling IR to bytecode and defining classes, ns. */
    public long compileNanos;
    /** Blocks whose compilation failed (they stay interpreted). */
    public long compileFailures;
    /** Blocks executed (dispatches). */
    public long blocksExecuted;
    /** Blocks run by the IR interpreter. */
    public long interpretedExecutions;
    /** Dispatches that followed a cached chain instead of a lookup. */
    public long chainedDispatches;
    /** Dispatches that missed the vCPU's PC lookup cache and searched the code cache's hash table. */
    public long hashLookups;
    /** Compiled units (regions) that returned to the loop through an indirect jump. */
    public long compiledExitsIndirect;
    /** Of {@link #compiledExitsIndirect}: those whose target lies in the guest page of the unit's entry. */
    public long compiledExitsIndirectSamePage;
    /** Compiled units that returned to the loop to recheck the CPU state ({@code EXIT_OTHER}). */
    public long compiledExitsOther;
    /**
     * Compiled units that returned through a direct exit to an address in the guest page of their entry
     * (a block the region does not hold, or the budget or an interrupt poll ended it).
     */
    public long compiledExitsSamePage;
}
