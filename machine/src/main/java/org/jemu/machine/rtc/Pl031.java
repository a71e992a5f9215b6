package org.jemu.machine.rtc;

import java.lang.invoke.MethodHandles;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.RegisterAccess;
import org.jemu.machine.device.VmState;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.IrqLine;
import org.jemu.translator.memory.MmioHandler;

/**
 * ARM PrimeCell Real Time Clock PL031 (ARM DDI 0224, "PrimeCell Real Time Clock (PL031) Technical
 * Reference Manual"), as QEMU's {@code hw/rtc/pl031.c}.
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>MMIO: this object is the {@link MmioHandler} of a {@value #SIZE}-byte region (virt: 0x0901_0000).
 * Registers are 32 bits, little-endian; accesses are decoded by exact offset as in QEMU (an 8-byte access
 * is split in two).</li>
 * <li>IRQ: one output, RTCINTR, the alarm interrupt (RTCRIS AND RTCIMSC; virt: SPI 2).</li>
 * </ul>
 *
 * <h2>Time base</h2>
 * The counter RTCDR counts seconds: {@code RTCDR = tickOffset + floor(clock.now() / 1e9)} modulo 2^32,
 * where the clock is the machine's {@link VirtualClock} (deterministic guest time) and the offset is chosen
 * at construction so that RTCDR equals the given start time (host UTC seconds at machine start, or a fixed
 * value for reproducible runs). Writing RTCLR moves the offset. RTCCR always reads 1 (the RTC cannot be
 * stopped in QEMU's model). When RTCDR reaches RTCMR the raw interrupt RTCRIS is set; the alarm is a
 * virtual-clock timer armed for the exact second boundary at which the counter becomes equal to RTCMR.
 *
 * <p>{@link #reset} clears the match, load and interrupt registers but keeps the time, like a battery-backed
 * RTC across a board reset.
 */
public final class Pl031 extends Device implements MmioHandler {
    /** Size of the register block in bytes. */
    public static final int SIZE = 0x1000;

    /** RTCDR, data register: current counter value in seconds, read-only, 32 bits. */
    public static final int RTCDR = 0x00;
    /** RTCMR, match register, 32 bits. */
    public static final int RTCMR = 0x04;
    /** RTCLR, load register: writing sets the counter, 32 bits. */
    public static final int RTCLR = 0x08;
    /** RTCCR, control register: bit 0 RTC start (reads as 1). */
    public static final int RTCCR = 0x0c;
    /** RTCIMSC, interrupt mask set/clear, bit 0. */
    public static final int RTCIMSC = 0x10;
    /** RTCRIS, raw interrupt status, bit 0, read-only. */
    public static final int RTCRIS = 0x14;
    /** RTCMIS, masked interrupt status, bit 0, read-only. */
    public static final int RTCMIS = 0x18;
    /** RTCICR, interrupt clear, write-only. */
    public static final int RTCICR = 0x1c;
    /** RTCPeriphID0; PeriphID0-3 and PCellID0-3 follow at 4-byte steps up to 0xFFC. */
    public static final int RTCPERIPHID0 = 0xfe0;

    private static final long NS_PER_SEC = 1_000_000_000L;
    /** RTCPeriphID0-3, RTCPCellID0-3 (QEMU's {@code pl031_id}). */
    private static final int[] ID = {0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

    private final VirtualClock clock;
    private final IrqLine irq;
    private final VirtualClock.Timer alarm;
    private final VmState vmState;

    /** Seconds added to the clock's whole seconds to give RTCDR (mod 2^32). */
    private int tickOffset;
    private int mr;
    private int lr;
    private int im;
    private int is;

    /**
     * @param name         instance name
     * @param clock        the machine's virtual clock
     * @param startSeconds value of RTCDR at the clock's current time: host UTC seconds since the epoch
     *                     at machine start, or a fixed value for deterministic runs
     * @param irq          the alarm interrupt output RTCINTR
     */
    public Pl031(String name, VirtualClock clock, long startSeconds, IrqLine irq) {
        super(name);
        this.clock = clock;
        this.irq = irq == null ? IrqLine.NONE : irq;
        this.alarm = clock.newTimer(this::alarmFired);
        this.tickOffset = (int) (startSeconds - clock.now() / NS_PER_SEC);
        this.vmState = VmState.builder("pl031", 1, 1, MethodHandles.lookup(), this)
                .u32("tickOffset").u32("mr").u32("lr").u32("im").u32("is")
                .postLoad(v -> postLoad())
                .build();
        reset();
    }

    @Override
    public void reset() {
        alarm.cancel();
        mr = 0;
        lr = 0;
        im = 0;
        is = 0;
        update();
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    private void postLoad() {
        if ((im & ~1) != 0) {
            throw new IllegalArgumentException("RTCIMSC " + Integer.toHexString(im) + " has bits other than bit 0");
        }
        if ((is & ~1) != 0) {
            throw new IllegalArgumentException("RTCRIS " + Integer.toHexString(is) + " has bits other than bit 0");
        }
        update();
        setAlarm();
    }

    /** The counter value RTCDR now (unsigned seconds in an int). */
    public int count() {
        return tickOffset + (int) (clock.now() / NS_PER_SEC);
    }

    private void update() {
        irq.set((is & im) != 0);
    }

    private void alarmFired() {
        is = 1;
        update();
    }

    /** Arms the alarm for the moment RTCDR becomes RTCMR (QEMU's {@code pl031_set_alarm}). */
    private void setAlarm() {
        int ticks = mr - count(); // wraps like the 32-bit counter
        if (ticks == 0) {
            alarm.cancel();
            alarmFired();
        } else {
            long second = clock.now() / NS_PER_SEC;
            alarm.mod((second + Integer.toUnsignedLong(ticks)) * NS_PER_SEC);
        }
    }

    @Override
    public long read(long offset, int size) {
        return RegisterAccess.read(offset, size, this::readRegister);
    }

    @Override
    public void write(long offset, int size, long value) {
        RegisterAccess.write(offset, size, value, this::writeRegister);
    }

    private int readRegister(long offset) {
        switch ((int) offset) {
            case RTCDR:
                return count();
            case RTCMR:
                return mr;
            case RTCIMSC:
                return im;
            case RTCRIS:
                return is;
            case RTCLR:
                return lr;
            case RTCCR:
                return 1; // the RTC is permanently enabled
            case RTCMIS:
                return is & im;
            case RTCICR:
                guestError("read of write-only register at offset 0x%x", offset);
                return 0;
            default:
                if (offset >= RTCPERIPHID0 && offset < SIZE) {
                    return ID[(int) (offset - RTCPERIPHID0) >> 2];
                }
                guestError("read of bad offset 0x%x", offset);
                return 0;
        }
    }

    private void writeRegister(long offset, int value) {
        switch ((int) offset) {
            case RTCLR -> {
                lr = value;
                tickOffset += value - count();
                setAlarm();
            }
            case RTCMR -> {
                mr = value;
                setAlarm();
            }
            case RTCIMSC -> {
                im = value & 1;
                update();
            }
            case RTCICR -> {
                is &= ~value;
                update();
            }
            case RTCCR -> { } // written value ignored: the RTC always runs
            case RTCDR, RTCMIS, RTCRIS -> guestError("write to read-only register at offset 0x%x", offset);
            default -> guestError("write of 0x%x to bad offset 0x%x", value, offset);
        }
    }
}
