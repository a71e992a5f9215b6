package org.jemu.machine.gdb;

import java.util.function.Consumer;

/**
 * What {@link GdbStub} debugs: the protocol side talks to this interface only, so it does not depend on a
 * board or an architecture. {@link MachineGdbTarget} implements it for a {@link org.jemu.machine.Machine}.
 *
 * <p>Threads are numbered from 0 here (vCPU index); the stub adds 1 for gdb's thread ids. Every method may
 * be called from the stub's thread; implementations move guest state access to the vCPU thread.
 */
public interface GdbTarget {
    /** Breakpoint and watchpoint types, as in the {@code Z} packet. */
    int SW_BREAK = 0;
    int HW_BREAK = 1;
    int WATCH_WRITE = 2;
    int WATCH_READ = 3;
    int WATCH_ACCESS = 4;

    /** Why the target stopped. */
    enum StopKind { BREAKPOINT, WATCHPOINT, STEP, INTERRUPT, EXITED }

    /**
     * A stop. {@code address} is the accessed address of a watchpoint; {@code watchType} its
     * {@code WATCH_*} type; {@code exitCode} the exit status of {@link StopKind#EXITED}.
     */
    record StopEvent(int thread, StopKind kind, long pc, long address, int watchType, int exitCode) {
    }

    /** Number of threads (vCPUs). */
    int threadCount();

    /** The target description XML ({@code qXfer:features:read:target.xml}). */
    String targetXml();

    /** All registers in {@code g} packet order, target byte order. */
    byte[] readRegisters(int thread);

    /**
     * Writes registers from a {@code G} packet (a shorter buffer writes only the leading registers); false if
     * one could not be set, and then none is written.
     */
    boolean writeRegisters(int thread, byte[] data);

    /** One register in target byte order, or null if {@code regno} does not exist. */
    byte[] readRegister(int thread, int regno);

    /** Writes one register; false if it does not exist or the value has the wrong size. */
    boolean writeRegister(int thread, int regno, byte[] value);

    /**
     * Reads guest virtual memory as {@code thread} sees it, without side effects. Returns the bytes read,
     * possibly fewer than asked for (an unmapped or device page ends the read), empty if none.
     */
    byte[] readMemory(int thread, long addr, int len);

    /** Writes guest virtual memory, keeping translated code coherent; false if some byte was not writable. */
    boolean writeMemory(int thread, long addr, byte[] data);

    /** Inserts a breakpoint or watchpoint ({@code Z} type 0..4); false if the type is not supported. */
    boolean insertPoint(int type, long addr, long len);

    /** Removes one ({@code z} type 0..4); false if the type is not supported. */
    boolean removePoint(int type, long addr, long len);

    /** Sets {@code thread}'s PC (for {@code c ADDR} / {@code s ADDR}). */
    void setPc(int thread, long pc);

    /** Resumes the guest: {@code stepThread} executes one instruction and stops, or -1 to continue. */
    void resume(int stepThread);

    /** Stops a running guest; the stop is reported through the listener as {@link StopKind#INTERRUPT}. */
    void interrupt();

    /** Stops the guest now if it runs (a debugger attached); returns once it is stopped. */
    void stopForAttach();

    /** True while the guest is stopped. */
    boolean isStopped();

    /** The thread a plain stop (attach, {@code ?}) reports. */
    int defaultThread();

    /** Runs a monitor command and returns its output. */
    String monitorCommand(String command);

    /** Ends the emulator ({@code k}). */
    void kill();

    /** Where stops are reported (any thread may call it). */
    void setStopListener(Consumer<StopEvent> listener);
}
