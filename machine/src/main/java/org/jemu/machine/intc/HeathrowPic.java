package org.jemu.machine.intc;

import java.lang.invoke.MethodHandles;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.RegisterAccess;
import org.jemu.machine.device.VmState;
import org.jemu.translator.exec.IrqLine;
import org.jemu.translator.memory.MmioHandler;

/**
 * The Heathrow interrupt controller of the Old World Power Macintosh (Grand Central / Heathrow I/O ASIC), as
 * QEMU's {@code hw/intc/heathrow_pic.c} models it for {@code -M g3beige}.
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>MMIO: a {@value #SIZE}-byte region at offset 0 of the MacIO BAR; 32-bit little-endian registers. Two
 * banks of four (QEMU's pics[0] and pics[1]): bank 0 (inputs 32-63) at 0x10, bank 1 (inputs 0-31) at 0x20:
 * <pre>
 * +0x0 EVENTS  (read)  latched edge events
 * +0x4 MASK    (r/w)   interrupt enable mask
 * +0x8 CLEAR   (write) clears the written event bits (level-triggered inputs are not cleared)
 * +0xC LEVELS  (read)  current input levels
 * </pre>
 * Other offsets read 0 and ignore writes.</li>
 * <li>64 interrupt inputs ({@link #input}); input n is bit {@code n & 31} of bank {@code 1 - n / 32}.
 * Inputs 20-28 (bank 1 bits 20-28: the level_triggered mask 0x1FF00000 QEMU sets; the PCI INTx lines
 * 0x15-0x18 among them) are level-triggered, the others edge-triggered (an assertion latches an event).</li>
 * <li>One output, to the 6xx bus INT pin: high while any bank has {@code (events | levels &
 * level_triggered) & mask}.</li>
 * </ul>
 */
public final class HeathrowPic extends Device implements MmioHandler {
    /** Size of the register region. */
    public static final int SIZE = 0x1000;
    /** Offsets within a bank. */
    public static final int EVENTS = 0x0;
    public static final int MASK = 0x4;
    public static final int CLEAR = 0x8;
    public static final int LEVELS = 0xc;
    /** Number of interrupt inputs. */
    public static final int NUM_INPUTS = 64;
    /** Level-triggered inputs of register bank 1 (inputs 0-31) after reset (QEMU's heathrow_pic_reset). */
    public static final int BANK1_LEVEL_TRIGGERED = 0x1ff0_0000;

    private final int[] events = new int[2];
    private final int[] mask = new int[2];
    private final int[] levels = new int[2];
    private final int[] levelTriggered = new int[2];
    private final IrqLine output;
    private final VmState vmState;

    /** @param output the CPU's external interrupt input */
    public HeathrowPic(String name, IrqLine output) {
        super(name);
        this.output = output;
        this.vmState = VmState.builder("heathrow", 1, 1, MethodHandles.lookup(), this)
                .ints("events").ints("mask").ints("levels").ints("levelTriggered")
                .postLoad(v -> update())
                .build();
        reset();
    }

    @Override
    public void reset() {
        for (int i = 0; i < 2; i++) {
            events[i] = mask[i] = levels[i] = 0;
        }
        levelTriggered[0] = 0;
        levelTriggered[1] = BANK1_LEVEL_TRIGGERED;
        update();
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    /** Input {@code n} (0-63) as an IRQ line. */
    public IrqLine input(int n) {
        if (n < 0 || n >= NUM_INPUTS) {
            throw new IllegalArgumentException("heathrow input " + n);
        }
        return level -> setIrq(n, level);
    }

    private void setIrq(int n, boolean level) {
        int bank = 1 - (n >> 5);
        int bit = 1 << (n & 31);
        if (level) {
            events[bank] |= bit & ~levelTriggered[bank];
            levels[bank] |= bit;
        } else {
            levels[bank] &= ~bit;
        }
        update();
    }

    private boolean pending(int b) {
        return ((events[b] | (levels[b] & levelTriggered[b])) & mask[b]) != 0;
    }

    private void update() {
        output.set(pending(0) || pending(1));
    }

    /** Bank of a register offset (0x10 -&gt; 0, 0x20 -&gt; 1), or -1. */
    private static int bank(long offset) {
        long n = ((offset & 0xfff) - 0x10) >> 4;
        return n == 0 || n == 1 ? (int) n : -1;
    }

    @Override
    public long read(long offset, int size) {
        return RegisterAccess.read(offset, size, this::read32);
    }

    private int read32(long offset) {
        int n = bank(offset);
        if (n < 0) {
            guestError("read of unknown offset 0x%x", offset);
            return 0;
        }
        return switch ((int) (offset & 0xf)) {
            case EVENTS -> events[n];
            case MASK -> mask[n];
            case LEVELS -> levels[n];
            default -> 0;
        };
    }

    @Override
    public void write(long offset, int size, long value) {
        RegisterAccess.write(offset, size, value, this::write32);
    }

    private void write32(long offset, int value) {
        int n = bank(offset);
        if (n < 0) {
            guestError("write of 0x%x to unknown offset 0x%x", value, offset);
            return;
        }
        switch ((int) (offset & 0xf)) {
            case MASK -> {
                mask[n] = value;
                update();
            }
            case CLEAR -> {
                events[n] &= ~(value & ~levelTriggered[n]);
                update();
            }
            default -> guestError("write of 0x%x to read-only offset 0x%x", value, offset);
        }
    }
}
