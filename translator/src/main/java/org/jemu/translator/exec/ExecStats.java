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
}
