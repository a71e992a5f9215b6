package org.jemu.machine.timer;

import java.lang.invoke.MethodHandles;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.IrqLine;
import org.jemu.translator.memory.MmioHandler;

/**
 * The Intel 8254 programmable interval timer (Intel "8254 Programmable Interval Timer" datasheet, order
 * number 231164), QEMU's {@code isa-pit}: three 16-bit down counters clocked at {@value #FREQUENCY_HZ} Hz.
 * On the PC, counter 0's output drives ISA IRQ 0 (the system timer), counter 1 once refreshed DRAM, and
 * counter 2 feeds the speaker.
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>Registers: this object is the {@link MmioHandler} of a 4-port region (PC: 0x40..0x43): offsets 0..2
 * are counters 0..2 (count writes and reads), offset 3 the control word register (mode set, counter latch,
 * read-back). Byte accesses only (wider port accesses are split by the I/O space).</li>
 * <li>Outputs: OUT0..OUT2 ({@link #connectOutput}); the PC board connects OUT0 to IRQ 0.</li>
 * </ul>
 *
 * <h2>Time base</h2>
 * The counters run on the machine's {@link VirtualClock}, so they are deterministic: the number of input
 * clocks since a count was loaded is {@code floor(elapsed_ns * 1193182 / 1e9)}. An output transition is a
 * virtual-clock timer armed for the exact moment that clock edge happens, and only for counters whose output
 * is connected. Like QEMU, a count takes effect at once when written (the datasheet loads it on the next
 * clock, and in modes 2 and 3 only at the end of the current period).
 *
 * <h2>Modes (datasheet "Mode definitions")</h2>
 * With N the count (0 means 65536, or 10000 in BCD) and d the clocks since it was loaded: the counter reads
 * N - d (wrapping) in modes 0, 1, 4 and 5, N - (d mod N) in mode 2 and N - (2d mod N) in mode 3. OUT: mode 0
 * (interrupt on terminal count) low until d = N, then high; mode 1 (one-shot) the same, triggered when the
 * count is loaded; mode 2 (rate generator) low for one clock when the counter reaches 1, every N clocks;
 * mode 3 (square wave) high for ceil(N/2) clocks, then low for floor(N/2); modes 4 and 5 (strobes) low for
 * one clock at d = N. Modes 6 and 7 are modes 2 and 3. Counter latch, read-back (count and status) and the
 * LSB/MSB/both access modes with their read and write flip-flops are modelled; BCD counting too.
 *
 * <p>At reset every counter runs in mode 3 with count 65536 (an 18.2 Hz square wave on IRQ 0), as on QEMU,
 * where firmware finds the timer already running.
 *
 * <p>Not modelled: the GATE inputs (every counter counts as if GATE were high; on the PC counter 2's gate is
 * port 0x61 bit 0, which this minimal board does not have), so mode 1 and 5 counters start when loaded.
 */
public final class I8254 extends Device implements MmioHandler {
    /** Input clock of every counter, Hz (14.31818 MHz / 12). */
    public static final long FREQUENCY_HZ = 1_193_182L;
    /** Number of ports. */
    public static final int SIZE = 4;
    /** PC I/O base. */
    public static final int PC_BASE = 0x40;
    /** Offset of the control word register. */
    public static final int CONTROL = 3;

    /** Access modes (control word bits 5:4). */
    public static final int RW_LATCH = 0, RW_LSB = 1, RW_MSB = 2, RW_BOTH = 3;

    private static final long NS_PER_S = 1_000_000_000L;

    private final VirtualClock clock;
    private final Channel[] channels = new Channel[3];
    private final VmState vmState;

    /** One counter. */
    private final class Channel {
        final int index;
        IrqLine out = IrqLine.NONE;
        VirtualClock.Timer timer;
        /** Loaded count in clocks: 1..65536 (binary) or 1..10000 (BCD). */
        int count;
        int mode;
        int rwMode;
        boolean bcd;
        /** A count has been loaded since the last control word (else counting has not started). */
        boolean loaded;
        /** Guest time the count was loaded, ns. */
        long loadTime;
        /** RW_BOTH: the next write is the MSB; the LSB waits in writeLatch. */
        boolean writeMsbNext;
        int writeLatch;
        /** RW_BOTH: the next read returns the MSB. */
        boolean readMsbNext;
        /** Latched count, and how many of its bytes are still to be read (0: not latched). */
        int latchedCount;
        int latchedBytes;
        boolean latchedMsbNext;
        boolean statusLatched;
        int status;
        boolean outLevel;
        /** The armed timer is for a transition to low (a one-clock pulse in modes 2, 4, 5 must not be lost). */
        boolean armedLow;

        Channel(int index) {
            this.index = index;
        }

        /** Power-on state as QEMU's: mode 3 (square wave) with count 65536, counting from now (18.2 Hz). */
        void reset() {
            count = 0x1_0000;
            mode = 3;
            rwMode = RW_BOTH;
            bcd = false;
            loaded = true;
            loadTime = clock.now();
            writeMsbNext = false;
            writeLatch = 0;
            readMsbNext = false;
            latchedCount = 0;
            latchedBytes = 0;
            latchedMsbNext = false;
            statusLatched = false;
            status = 0;
            if (timer != null) {
                timer.cancel();
            }
            updateOutput();
        }

        int modulus() {
            return bcd ? 10_000 : 0x1_0000;
        }

        /** Input clocks since the count was loaded. */
        long elapsed() {
            long ns = Math.max(0, clock.now() - loadTime);
            return ns / NS_PER_S * FREQUENCY_HZ + (ns % NS_PER_S) * FREQUENCY_HZ / NS_PER_S;
        }

        /** The counting element's value now (binary, 0..modulus-1). */
        int value() {
            if (!loaded) {
                return count % modulus();
            }
            long d = elapsed();
            long v = switch (mode) {
                case 2 -> count - d % count;
                case 3 -> count - (2 * d) % count;
                default -> count - d % modulus();
            };
            return (int) Math.floorMod(v, (long) modulus());
        }

        boolean outAt(long d) {
            if (!loaded) {
                return mode != 0;
            }
            return switch (mode) {
                case 0, 1 -> d >= count;
                case 2 -> count == 1 || d % count != count - 1;
                case 3 -> d % count < (count + 1) / 2;
                default -> d != count; // 4, 5
            };
        }

        /** The next clock after {@code d} at which OUT changes, or -1. */
        long nextTransition(long d) {
            if (!loaded) {
                return -1;
            }
            switch (mode) {
                case 0, 1:
                    return d < count ? count : -1;
                case 2: {
                    if (count == 1) {
                        return -1;
                    }
                    long base = d - d % count;
                    return d % count < count - 1 ? base + count - 1 : base + count;
                }
                case 3: {
                    long base = d - d % count;
                    long half = (count + 1) / 2;
                    return d % count < half ? base + half : base + count;
                }
                default:
                    return d < count ? count : d == count ? count + 1 : -1;
            }
        }

        void setOut(boolean level) {
            outLevel = level;
            out.set(level);
        }

        /** Drives OUT for the current time and arms the timer for the next transition. */
        void updateOutput() {
            long d = loaded ? elapsed() : 0;
            setOut(outAt(d));
            if (timer == null) {
                return;
            }
            long next = nextTransition(d);
            if (next < 0) {
                timer.cancel();
                return;
            }
            // The first nanosecond at which floor(ns * F / 1e9) reaches `next`.
            long ns = next / FREQUENCY_HZ * NS_PER_S + ceilDiv(next % FREQUENCY_HZ * NS_PER_S, FREQUENCY_HZ);
            armedLow = !outAt(next);
            timer.mod(loadTime + ns);
        }

        /**
         * The armed transition is due. Timers run at block boundaries, so guest time may already be past a
         * one-clock low pulse: the pulse is still driven, so an edge-triggered interrupt input sees it.
         */
        void timerFired() {
            long d = loaded ? elapsed() : 0;
            if (armedLow && outAt(d)) {
                setOut(false);
            }
            updateOutput();
        }

        void load(int raw) {
            int n = bcd ? fromBcd(raw) : raw;
            count = n == 0 ? modulus() : n;
            loaded = true;
            loadTime = clock.now();
            updateOutput();
        }

        void latchCount() {
            if (latchedBytes == 0) {
                latchedCount = value();
                latchedBytes = rwMode == RW_BOTH ? 2 : 1;
                latchedMsbNext = rwMode == RW_MSB;
            }
        }

        void latchStatus() {
            if (!statusLatched) {
                long d = loaded ? elapsed() : 0;
                status = (outAt(d) ? 0x80 : 0) | (loaded ? 0 : 0x40) | (rwMode << 4) | (mode << 1) | (bcd ? 1 : 0);
                statusLatched = true;
            }
        }

        int read() {
            if (statusLatched) {
                statusLatched = false;
                return status;
            }
            if (latchedBytes > 0) {
                int v = encode(latchedCount);
                int b = latchedMsbNext ? v >> 8 : v;
                latchedMsbNext = !latchedMsbNext;
                latchedBytes--;
                return b & 0xFF;
            }
            int v = encode(value());
            return switch (rwMode) {
                case RW_LSB -> v & 0xFF;
                case RW_MSB -> (v >> 8) & 0xFF;
                default -> {
                    int b = readMsbNext ? v >> 8 : v;
                    readMsbNext = !readMsbNext;
                    yield b & 0xFF;
                }
            };
        }

        int encode(int v) {
            return bcd ? toBcd(v % 10_000) : v & 0xFFFF;
        }

        void write(int v) {
            switch (rwMode) {
                case RW_LSB -> load(v);
                case RW_MSB -> load(v << 8);
                default -> {
                    if (writeMsbNext) {
                        writeMsbNext = false;
                        load(writeLatch | (v << 8));
                    } else {
                        writeLatch = v;
                        writeMsbNext = true;
                    }
                }
            }
        }

        void control(int rw, int m, boolean b) {
            rwMode = rw;
            mode = m > 5 ? m - 4 : m;
            bcd = b;
            loaded = false;
            writeMsbNext = false;
            readMsbNext = false;
            latchedBytes = 0;
            updateOutput();
        }
    }

    /**
     * @param name  instance name
     * @param clock the machine's virtual clock
     */
    public I8254(String name, VirtualClock clock) {
        super(name);
        this.clock = clock;
        for (int i = 0; i < 3; i++) {
            channels[i] = new Channel(i);
        }
        VmState.Builder b = VmState.builder("i8254", 1, 1);
        for (int i = 0; i < 3; i++) {
            Channel c = channels[i];
            String p = "ch" + i + ".";
            b.u32(p + "count", () -> c.count, v -> c.count = v)
                    .u8(p + "mode", () -> c.mode, v -> c.mode = v)
                    .u8(p + "rwMode", () -> c.rwMode, v -> c.rwMode = v)
                    .bool(p + "bcd", () -> c.bcd, v -> c.bcd = v)
                    .bool(p + "loaded", () -> c.loaded, v -> c.loaded = v)
                    .u64(p + "loadTime", () -> c.loadTime, v -> c.loadTime = v)
                    .bool(p + "writeMsbNext", () -> c.writeMsbNext, v -> c.writeMsbNext = v)
                    .u8(p + "writeLatch", () -> c.writeLatch, v -> c.writeLatch = v)
                    .bool(p + "readMsbNext", () -> c.readMsbNext, v -> c.readMsbNext = v)
                    .u16(p + "latchedCount", () -> c.latchedCount, v -> c.latchedCount = v)
                    .u8(p + "latchedBytes", () -> c.latchedBytes, v -> c.latchedBytes = v)
                    .bool(p + "latchedMsbNext", () -> c.latchedMsbNext, v -> c.latchedMsbNext = v)
                    .bool(p + "statusLatched", () -> c.statusLatched, v -> c.statusLatched = v)
                    .u8(p + "status", () -> c.status, v -> c.status = v);
        }
        this.vmState = b.postLoad(v -> postLoad()).build();
        reset();
    }

    /** Connects counter {@code n}'s OUT to {@code line} (driven on every change, armed on the clock). */
    public void connectOutput(int n, IrqLine line) {
        Channel c = channels[n];
        c.out = line == null ? IrqLine.NONE : line;
        if (c.timer == null) {
            c.timer = clock.newTimer(c::timerFired);
        }
        c.updateOutput();
    }

    @Override
    public void reset() {
        for (Channel c : channels) {
            c.reset();
        }
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    private void postLoad() {
        for (Channel c : channels) {
            if (c.mode < 0 || c.mode > 5 || c.rwMode < 1 || c.rwMode > 3) {
                throw new IllegalArgumentException("counter " + c.index + ": mode " + c.mode + " or access mode "
                        + c.rwMode + " is invalid");
            }
            if (c.count < 1 || c.count > c.modulus() || c.latchedBytes > 2) {
                throw new IllegalArgumentException("counter " + c.index + ": count " + c.count + " is out of range");
            }
            c.updateOutput();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Registers

    @Override
    public long read(long offset, int size) {
        int reg = (int) (offset & 3);
        if (reg == CONTROL) {
            guestError("read of the write-only control word register");
            return 0xFF;
        }
        return channels[reg].read();
    }

    @Override
    public void write(long offset, int size, long value) {
        int reg = (int) (offset & 3);
        int v = (int) value & 0xFF;
        if (reg != CONTROL) {
            channels[reg].write(v);
            return;
        }
        int sc = v >> 6;
        if (sc == 3) {
            // Read-back command: bit 5 clear latches the count, bit 4 clear the status, bits 3..1 select.
            for (int i = 0; i < 3; i++) {
                if ((v & (2 << i)) != 0) {
                    if ((v & 0x10) == 0) {
                        channels[i].latchStatus();
                    }
                    if ((v & 0x20) == 0) {
                        channels[i].latchCount();
                    }
                }
            }
            return;
        }
        Channel c = channels[sc];
        int rw = (v >> 4) & 3;
        if (rw == RW_LATCH) {
            c.latchCount();
        } else {
            c.control(rw, (v >> 1) & 7, (v & 1) != 0);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Inspection (tests)

    /** Counter {@code n}'s current value, as a latch would read it (binary). */
    public int counterValue(int n) {
        return channels[n].value();
    }

    /** Level of counter {@code n}'s OUT. */
    public boolean outputLevel(int n) {
        Channel c = channels[n];
        return c.outAt(c.loaded ? c.elapsed() : 0);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static int fromBcd(int v) {
        return (v & 0xF) + ((v >> 4) & 0xF) * 10 + ((v >> 8) & 0xF) * 100 + ((v >> 12) & 0xF) * 1000;
    }

    private static int toBcd(int v) {
        return (v % 10) | (v / 10 % 10) << 4 | (v / 100 % 10) << 8 | (v / 1000 % 10) << 12;
    }
}
