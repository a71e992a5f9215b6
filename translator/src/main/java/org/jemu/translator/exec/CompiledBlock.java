package org.jemu.translator.exec;

/**
 * Executable code for one translation block, produced by the bytecode backend (a hidden class) or the
 * IR interpreter.
 *
 * <p>An abstract class rather than an interface: the dispatch loop's call of {@link #run} sees thousands of
 * generated classes, and HotSpot dispatches such a megamorphic call through a vtable slot for a class
 * method but has to search the receiver's interface table (an itable stub) for an interface method.
 */
public abstract class CompiledBlock {
    /** For subclasses. */
    protected CompiledBlock() {
    }

    /** Took the first direct exit ({@code JUMP}, or the taken side of {@code BRANCH}); chainable. */
    public static final int EXIT_DIRECT_0 = 0;
    /** Took the second direct exit (the not-taken side of {@code BRANCH}); chainable. */
    public static final int EXIT_DIRECT_1 = 1;
    /** Exit to the loop (the CPU mode may have changed); the PC is in the state. */
    public static final int EXIT_OTHER = 2;
    /** Indirect jump (the CPU mode did not change); the PC is in the state. */
    public static final int EXIT_INDIRECT = 3;

    /**
     * Runs the block on {@code cpu}. Guest registers are read from and written back to {@code cpu.regs};
     * the PC slot holds the next guest virtual PC on return.
     *
     * @return one of the {@code EXIT_*} codes
     * @throws GuestFault when a guest instruction faults; {@link GuestCpu#curInsn} then holds its index
     *                    and the state is as after the previous instruction
     */
    public abstract int run(GuestCpu cpu);
}
