package org.jemu.ppc.cpu;

/**
 * Receives every exception the CPU takes (the hook a board or a user-mode runner installs with
 * {@link PpcCpu#setExceptionHandler}). Called on the vCPU thread with the CPU state exactly as after the
 * last completed instruction and the PC at the instruction that caused the exception ({@link PpcException#cia}).
 * The handler may change the state (emulate a system call and set the PC to {@link PpcException#srr0},
 * or stop the CPU); if it returns without changing the PC the instruction is retried.
 */
@FunctionalInterface
public interface PpcExceptionHandler {
    /** Handles {@code e} on {@code cpu}. */
    void handle(PpcCpu cpu, PpcException e);

    /** The default: record the exception in {@link PpcCpu#lastException} and stop the CPU. */
    PpcExceptionHandler STOP = (cpu, e) -> {
        cpu.lastException = e;
        cpu.stopped = true;
    };

    /** Real exception entry at the classic vectors ({@link PpcCpu#enterException}); the system default. */
    PpcExceptionHandler VECTOR = PpcCpu::enterException;
}
