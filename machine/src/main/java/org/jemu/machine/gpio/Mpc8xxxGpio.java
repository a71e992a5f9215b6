package org.jemu.machine.gpio;

import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;
import org.jemu.translator.exec.IrqLine;
import org.jemu.translator.memory.MmioHandler;

/**
 * The GPIO controller of Freescale's MPC8xxx/QorIQ SoCs ("QorIQ P4080 Reference Manual", chapter "General
 * Purpose I/O"; Linux binding {@code fsl,qoriq-gpio}), as QEMU's {@code hw/gpio/mpc8xxx.c}: 32 pins, pin 0
 * in the most significant bit.
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>Registers: this object is the {@link MmioHandler} of a {@value #SIZE}-byte region (CCSR + 0xFF000 on
 * {@code ppce500}), big-endian, 32-bit accesses only (others read 0 and are ignored, as QEMU): GPDIR 0x00
 * (1 = output), GPODR 0x04 (open drain, stored), GPDAT 0x08, GPIER 0x0C (event, write 1 to clear), GPIMR 0x10
 * (interrupt mask), GPICR 0x14 (interrupt control, stored).</li>
 * <li>Output lines: {@link #connectOutput}; a write of GPDAT drives every output pin whose value changed
 * ({@code ppce500} wires pin 0 to power-off).</li>
 * <li>Input lines: {@link #input}; a change on an input pin updates GPDAT and sets its event bit.</li>
 * <li>IRQ: one line, high while GPIER &amp; GPIMR is non-zero.</li>
 * </ul>
 */
public final class Mpc8xxxGpio extends Device implements MmioHandler {
    public static final int SIZE = 0x1000;
    public static final int GPDIR = 0x00, GPODR = 0x04, GPDAT = 0x08, GPIER = 0x0C, GPIMR = 0x10, GPICR = 0x14;

    private final IrqLine irq;
    private final IrqLine[] out = new IrqLine[32];
    private final VmState vmState;
    private int dir, odr, dat, ier, imr, icr;

    /**
     * @param name instance name
     * @param irq  the interrupt output (to the MPIC)
     */
    public Mpc8xxxGpio(String name, IrqLine irq) {
        super(name);
        this.irq = irq == null ? IrqLine.NONE : irq;
        java.util.Arrays.fill(out, IrqLine.NONE);
        this.vmState = VmState.builder("mpc8xxx_gpio", 1, 1, MethodHandles.lookup(), this)
                .u32("dir").u32("odr").u32("dat").u32("ier").u32("imr").u32("icr")
                .postLoad(v -> update())
                .build();
        reset();
    }

    /** Connects output pin {@code pin} (0..31, pin 0 = GPDAT bit 31). */
    public void connectOutput(int pin, IrqLine line) {
        out[pin] = line == null ? IrqLine.NONE : line;
    }

    /** The line that drives input pin {@code pin} (0..31). */
    public IrqLine input(int pin) {
        if (pin < 0 || pin > 31) {
            throw new IllegalArgumentException("GPIO pin " + pin);
        }
        return level -> setInput(pin, level);
    }

    @Override
    public void reset() {
        dir = odr = dat = ier = imr = icr = 0;
        update();
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    @Override
    public ByteOrder order() {
        return ByteOrder.BIG_ENDIAN;
    }

    private void update() {
        irq.set((ier & imr) != 0);
    }

    private void setInput(int pin, boolean level) {
        int mask = 0x8000_0000 >>> pin;
        if ((dir & mask) == 0) {
            int old = dat & mask;
            dat = level ? dat | mask : dat & ~mask;
            // QEMU tests icr against the pin number, not its mask; kept for compatibility.
            if ((icr & pin) == 0 || (old != 0 && !level)) {
                ier |= mask;
            }
            update();
        }
    }

    @Override
    public long read(long offset, int size) {
        if (size != 4) {
            return 0;
        }
        return switch ((int) offset) {
            case GPDIR -> dir;
            case GPODR -> odr;
            case GPDAT -> dat;
            case GPIER -> ier;
            case GPIMR -> imr;
            case GPICR -> icr;
            default -> {
                guestError("read of unknown register 0x%x", offset);
                yield 0;
            }
        } & 0xFFFF_FFFFL;
    }

    @Override
    public void write(long offset, int size, long value) {
        if (size != 4) {
            return;
        }
        int v = (int) value;
        switch ((int) offset) {
            case GPDIR -> dir = v;
            case GPODR -> odr = v;
            case GPDAT -> {
                int diff = dat ^ v;
                for (int i = 0; i < 32; i++) {
                    int mask = 0x8000_0000 >>> i;
                    if ((diff & mask) != 0 && (dir & mask) != 0) {
                        out[i].set((v & mask) != 0);
                    }
                }
                dat = v;
            }
            case GPIER -> ier &= ~v;
            case GPIMR -> imr = v;
            case GPICR -> icr = v;
            default -> guestError("write of unknown register 0x%x", offset);
        }
        update();
    }
}
