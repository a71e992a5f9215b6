package org.jemu.machine.misc;

import java.util.function.IntConsumer;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;
import org.jemu.translator.memory.MmioHandler;

/**
 * QEMU's {@code isa-debug-exit} ({@code hw/misc/debugexit.c}): a write of value {@code v} to its ports ends
 * the emulator with exit status {@code (v << 1) | 1}, so a test program can report its result to the host
 * ({@code -device isa-debug-exit,iobase=0x501,iosize=2} on QEMU; the status can never be 0). Reads return 0.
 *
 * <h2>Interface</h2>
 * {@code iosize} ports in the I/O space; the handler takes accesses of 1 to 4 bytes whole (the value written
 * is the whole access, as QEMU's device accepts 1..4-byte accesses). No IRQ; no state.
 */
public final class IsaDebugExit extends Device implements MmioHandler {
    /** QEMU's default {@code iobase} and {@code iosize} properties. */
    public static final int DEFAULT_IOBASE = 0x501, DEFAULT_IOSIZE = 2;

    private final IntConsumer exit;
    private final VmState vmState = VmState.builder("isa-debug-exit", 1, 1).build();

    /**
     * @param name instance name
     * @param exit told the exit status {@code (value << 1) | 1} (the board stops the machine with it)
     */
    public IsaDebugExit(String name, IntConsumer exit) {
        super(name);
        this.exit = exit;
    }

    @Override
    public void reset() {
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    @Override
    public long read(long offset, int size) {
        return 0;
    }

    @Override
    public void write(long offset, int size, long value) {
        exit.accept(((int) value << 1) | 1);
    }
}
