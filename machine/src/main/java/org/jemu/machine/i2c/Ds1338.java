package org.jemu.machine.i2c;

import java.lang.invoke.MethodHandles;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;
import org.jemu.translator.clock.VirtualClock;

/**
 * The Maxim DS1338 I2C real-time clock with 56 bytes of NVRAM (DS1338 datasheet, "Timekeeper registers"), as
 * QEMU's {@code hw/rtc/ds1338.c}; {@code ppce500} puts it at I2C address 0x68 (the device tree calls it a
 * {@code pericom,pt7c4338}, a compatible part).
 *
 * <h2>Interface</h2>
 * An {@link I2cSlave}: a write transfer's first byte sets the register pointer, later bytes write registers; a
 * read transfer returns registers from the pointer on. The pointer wraps after 0x3F.
 *
 * <h2>Registers</h2>
 * 0x00-0x06 seconds, minutes, hours (24-hour, or 12-hour with bit 6 and PM in bit 5), day of week (1-7), date,
 * month, year (BCD, 2000-2099), captured from the clock at every read START and at pointer wrap-around; writing
 * one of them moves the clock by the difference (the CH stop bit is ignored, as in QEMU). 0x07 control (bits 2,
 * 3, 6 read zero; OSF can only be cleared). 0x08-0x3F NVRAM.
 *
 * <h2>Time</h2>
 * The clock is {@code startSeconds} (UTC seconds since 1970) plus the machine's virtual time, plus the offset
 * the guest set: deterministic with the default virtual clock.
 */
public final class Ds1338 extends Device implements I2cSlave {
    public static final int NVRAM_SIZE = 64;
    private static final int HOURS_12 = 0x40, HOURS_PM = 0x20, CTRL_OSF = 0x20;

    private final VirtualClock clock;
    private final long startSeconds;
    private final VmState vmState;
    /** Seconds the guest moved the clock by. */
    private long offset;
    private int wdayOffset;
    private final byte[] nvram = new byte[NVRAM_SIZE];
    private int ptr;
    private boolean addrByte;

    /**
     * @param name         instance name
     * @param clock        the machine's virtual clock
     * @param startSeconds UTC seconds since the epoch at virtual time 0
     */
    public Ds1338(String name, VirtualClock clock, long startSeconds) {
        super(name);
        this.clock = clock;
        this.startSeconds = startSeconds;
        this.vmState = VmState.builder("ds1338", 2, 1, MethodHandles.lookup(), this)
                .u64("offset").u8("wdayOffset").bytes("nvram").u8("ptr").bool("addrByte")
                .postLoad(v -> {
                    if (ptr < 0 || ptr >= NVRAM_SIZE) {
                        throw new IllegalArgumentException("register pointer " + ptr);
                    }
                })
                .build();
        reset();
    }

    @Override
    public void reset() {
        offset = 0;
        wdayOffset = 0;
        java.util.Arrays.fill(nvram, (byte) 0);
        ptr = 0;
        addrByte = false;
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    private LocalDateTime now() {
        long secs = startSeconds + clock.now() / 1_000_000_000L + offset;
        return LocalDateTime.ofInstant(Instant.ofEpochSecond(secs), ZoneOffset.UTC);
    }

    private void setNow(LocalDateTime t) {
        long secs = startSeconds + clock.now() / 1_000_000_000L;
        offset = t.toEpochSecond(ZoneOffset.UTC) - secs;
    }

    private static int toBcd(int v) {
        return ((v / 10) << 4) | (v % 10);
    }

    private static int fromBcd(int v) {
        return (v >> 4) * 10 + (v & 0xF);
    }

    private void capture() {
        LocalDateTime t = now();
        nvram[0] = (byte) toBcd(t.getSecond());
        nvram[1] = (byte) toBcd(t.getMinute());
        if ((nvram[2] & HOURS_12) != 0) {
            int h = t.getHour();
            if (h % 12 == 0) {
                h += 12;
            }
            nvram[2] = (byte) (h <= 12 ? HOURS_12 | toBcd(h) : HOURS_12 | HOURS_PM | toBcd(h - 12));
        } else {
            nvram[2] = (byte) toBcd(t.getHour());
        }
        int wday = t.getDayOfWeek().getValue() % 7; // Sunday = 0, as struct tm
        nvram[3] = (byte) ((wday + wdayOffset) % 7 + 1);
        nvram[4] = (byte) toBcd(t.getDayOfMonth());
        nvram[5] = (byte) toBcd(t.getMonthValue());
        nvram[6] = (byte) toBcd(t.getYear() - 2000 & 0xFF);
    }

    private void incPtr() {
        ptr = (ptr + 1) & (NVRAM_SIZE - 1);
        if (ptr == 0) {
            capture();
        }
    }

    @Override
    public void start(boolean read) {
        if (read) {
            capture();
        } else {
            addrByte = true;
        }
    }

    @Override
    public int recv() {
        int r = nvram[ptr] & 0xFF;
        incPtr();
        return r;
    }

    @Override
    public boolean send(int data) {
        if (addrByte) {
            ptr = data & (NVRAM_SIZE - 1);
            addrByte = false;
            return true;
        }
        if (ptr < 7) {
            LocalDateTime t = now();
            try {
                switch (ptr) {
                    case 0 -> t = t.withSecond(fromBcd(data & 0x7F) % 60);
                    case 1 -> t = t.withMinute(fromBcd(data & 0x7F) % 60);
                    case 2 -> {
                        int h;
                        if ((data & HOURS_12) != 0) {
                            h = fromBcd(data & (HOURS_PM - 1));
                            if ((data & HOURS_PM) != 0) {
                                h += 12;
                            }
                            if (h % 12 == 0) {
                                h -= 12;
                            }
                        } else {
                            h = fromBcd(data & (HOURS_12 - 1));
                        }
                        t = t.withHour(Math.floorMod(h, 24));
                    }
                    case 3 -> {
                        int userWday = (data & 7) - 1;
                        wdayOffset = Math.floorMod(userWday - t.getDayOfWeek().getValue() % 7 + 7, 7);
                    }
                    case 4 -> t = t.withDayOfMonth(fromBcd(data & 0x3F));
                    case 5 -> t = t.withMonth(fromBcd(data & 0x1F));
                    default -> t = t.withYear(2000 + fromBcd(data));
                }
                setNow(t);
            } catch (java.time.DateTimeException e) {
                guestError("DS1338: invalid time register %d value 0x%02x ignored", ptr, data);
            }
        } else if (ptr == 7) {
            int d = data & 0xB3;
            d = (d & ~CTRL_OSF) | (d & nvram[7] & CTRL_OSF);
            nvram[7] = (byte) d;
        } else {
            nvram[ptr] = (byte) data;
        }
        incPtr();
        return true;
    }
}
