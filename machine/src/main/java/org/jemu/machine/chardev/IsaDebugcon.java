package org.jemu.machine.chardev;

import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;
import org.jemu.translator.memory.MmioHandler;

/**
 * QEMU's {@code isa-debugcon} ({@code hw/char/debugcon.c}), the Bochs-style debug console port: every byte
 * written goes to a character backend, and a read returns a fixed "readback" byte (0xE9 by default) by which
 * firmware detects the port. QEMU's {@code -debugcon DEV} puts it at port 0xE9; SeaBIOS and these ROMs use
 * port 0x402 ({@code -device isa-debugcon,iobase=0x402,chardev=ID} on QEMU).
 *
 * <h2>Interface</h2>
 * One port (an {@link MmioHandler} of size 1 in the I/O space; wider writes are split into bytes by the I/O
 * space, each byte is printed). No IRQ, no state beyond the constant readback value, no input.
 */
public final class IsaDebugcon extends Device implements MmioHandler {
    /** QEMU's default readback value (the {@code readback} property). */
    public static final int DEFAULT_READBACK = 0xE9;

    private final CharBackend backend;
    private final int readback;
    private final VmState vmState = VmState.builder("isa-debugcon", 1, 1).build();

    /**
     * @param name     instance name
     * @param backend  where written bytes go (null: discarded)
     * @param readback the byte a read returns
     */
    public IsaDebugcon(String name, CharBackend backend, int readback) {
        super(name);
        this.backend = backend;
        this.readback = readback & 0xFF;
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
        return readback;
    }

    @Override
    public void write(long offset, int size, long value) {
        if (backend != null) {
            backend.write((int) value & 0xFF);
        }
    }
}
