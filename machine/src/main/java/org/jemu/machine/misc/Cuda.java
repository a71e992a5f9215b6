package org.jemu.machine.misc;

import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;
import org.jemu.machine.input.AdbBus;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.IrqLine;
import org.jemu.translator.memory.MmioHandler;

/**
 * Apple CUDA, the 68HC05-based system controller of the Old World Power Macintosh (ADB, real-time clock,
 * power), reached through a VIA 6522 (Rockwell R6522 data sheet), as QEMU's {@code hw/misc/macio/cuda.c} and
 * {@code hw/misc/mos6522.c} model it.
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>MMIO: a {@value #SIZE}-byte region at MacIO offset 0x16000; byte registers, register n at offset
 * {@code n * 0x200}: 0 B (port B data), 1 A, 2 DIRB, 3 DIRA, 4 T1CL, 5 T1CH, 6 T1LL, 7 T1LH, 8 T2CL, 9 T2CH,
 * 10 SR (shift register), 11 ACR, 12 PCR, 13 IFR, 14 IER, 15 ANH (A without handshake). Wider accesses read 0
 * and are ignored, as QEMU.</li>
 * <li>IRQ: one output (MacIO wires it to Heathrow input 0x12), high while {@code IFR & IER} has the shift
 * register (0x04) or timer 1 (0x40) bit.</li>
 * </ul>
 *
 * <h2>Host protocol (port B bits, active low)</h2>
 * TIP (0x20, output: transfer in progress), TACK (0x10, output: byte acknowledge), TREQ (0x08, input: CUDA has
 * data). The host sends a packet with ACR bit 4 (shift out) set, lowering TIP and toggling TACK per byte (each
 * byte taken raises the SR interrupt); raising TIP ends the packet. CUDA's reply is read with ACR bit 4 clear:
 * each TIP/TACK change shifts the next reply byte into SR, and TREQ goes high after the last. Packet types: 0
 * ADB, 1 CUDA. CUDA commands answered (reply {@code 01 00 cmd ...}): AUTOPOLL (0x01), GET_TIME (0x03; 4 bytes,
 * seconds since 1904-01-01), SET_TIME (0x09), POWERDOWN (0x0A: powers the machine off), RESET_SYSTEM (0x11:
 * system reset), FILE_SERVER_FLAG (0x13), SET_AUTO_RATE (0x14), GET_AUTO_RATE (0x16), SET_DEVICE_LIST (0x19),
 * GET_DEVICE_LIST (0x1A), SET_POWER_MESSAGES (0x21); others get an error packet {@code 02 02 ...}. An ADB packet
 * goes to the {@link AdbBus}: a reply with data is {@code 00 00 data...}, otherwise QEMU's error packet
 * {@code 00 status cmd} (status 2: no device at that address; 0: no data, as after a bus reset or flush).
 *
 * <p>Reset: port B direction 0xFF (QEMU's value), everything else 0.
 *
 * <h2>Timers</h2>
 * T1 and T2 count down at {@value #TIMER_FREQ_HZ} Hz of virtual time. T1 free-runs from its latch (period
 * latch + 2) and, with ACR bits 7-6 = 01 (continuous), raises IFR bit 6 at each pass through zero; T2 is a
 * one-shot counter whose IFR bit 5 is set when it passes zero. Reading T1CL clears IFR bit 6, T2CL bit 5.
 *
 * <h2>Real-time clock</h2>
 * Starts at {@code rtcStart} (seconds since 1970) and advances with virtual time; the board passes a fixed
 * date unless guest time follows the host clock, so runs are deterministic.
 */
public final class Cuda extends Device implements MmioHandler {
    /** Size of the register region. */
    public static final int SIZE = 0x2000;
    /** VIA timer input clock (QEMU's CUDA_TIMER_FREQ, 4.7 MHz / 6). */
    public static final long TIMER_FREQ_HZ = 4_700_000L / 6;
    /** Seconds from 1904-01-01 to 1970-01-01 (CUDA's epoch is the Mac's). */
    public static final long RTC_OFFSET = 2_082_844_800L;

    // VIA registers (index = offset >> 9)
    public static final int B = 0, A = 1, DIRB = 2, DIRA = 3, T1CL = 4, T1CH = 5, T1LL = 6, T1LH = 7;
    public static final int T2CL = 8, T2CH = 9, SR = 10, ACR = 11, PCR = 12, IFR = 13, IER = 14, ANH = 15;
    // Port B bits
    public static final int TREQ = 0x08, TACK = 0x10, TIP = 0x20;
    // ACR / IFR bits
    public static final int SR_OUT = 0x10;
    public static final int T1MODE = 0xc0;
    public static final int T1MODE_CONT = 0x40;
    public static final int SR_INT = 0x04, T2_INT = 0x20, T1_INT = 0x40, IER_SET = 0x80;
    // Packet types and commands
    public static final int ADB_PACKET = 0, CUDA_PACKET = 1, ERROR_PACKET = 2;
    public static final int CUDA_AUTOPOLL = 0x01, CUDA_GET_TIME = 0x03, CUDA_SET_TIME = 0x09, CUDA_POWERDOWN = 0x0a;
    public static final int CUDA_RESET_SYSTEM = 0x11, CUDA_FILE_SERVER_FLAG = 0x13, CUDA_SET_AUTO_RATE = 0x14;
    public static final int CUDA_GET_AUTO_RATE = 0x16, CUDA_SET_DEVICE_LIST = 0x19, CUDA_GET_DEVICE_LIST = 0x1a;
    public static final int CUDA_SET_POWER_MESSAGES = 0x21;
    /** ADB error packet status "device not present" (QEMU's -ADB_RET_NOTPRESENT). */
    public static final int ADB_RET_NOTPRESENT = -AdbBus.RET_NOTPRESENT;

    private final VirtualClock clock;
    private final AdbBus adb;
    private final IrqLine irq;
    private final Runnable powerOff;
    private final Runnable systemReset;
    private final long rtcStart;
    private final VmState vmState;

    private int b, a, dirb, dira, sr, acr, pcr, ifr, ier, anh;
    private int lastB;
    private final byte[] dataIn = new byte[128];
    private int dataInSize, dataInIndex;
    private final byte[] dataOut = new byte[16];
    private int dataOutIndex;
    private int autopoll;
    private int autoRate;
    private int deviceList;
    /** RTC seconds (since 1904) at virtual time 0. */
    private long tickOffset;
    // Timers: latch, counter value at loadTime (ns)
    private int t1Latch, t1Counter;
    private long t1Load;
    private int t2Latch, t2Counter;
    private long t2Load;
    private boolean t2Armed;
    private final VirtualClock.Timer t1Timer;
    private final VirtualClock.Timer t2Timer;

    /**
     * @param clock       the machine's virtual clock (timers, RTC)
     * @param irq         the interrupt output
     * @param rtcStart    RTC value at power-on, seconds since 1970-01-01 UTC
     * @param powerOff    run for CUDA_POWERDOWN
     * @param systemReset run for CUDA_RESET_SYSTEM
     */
    public Cuda(String name, VirtualClock clock, IrqLine irq, long rtcStart, Runnable powerOff, Runnable systemReset) {
        this(name, clock, new AdbBus(), irq, rtcStart, powerOff, systemReset);
    }

    /**
     * @param adb the ADB behind this CUDA (its devices are reset by the board)
     */
    public Cuda(String name, VirtualClock clock, AdbBus adb, IrqLine irq, long rtcStart, Runnable powerOff,
            Runnable systemReset) {
        super(name);
        this.clock = clock;
        this.adb = adb;
        this.irq = irq == null ? IrqLine.NONE : irq;
        this.rtcStart = rtcStart;
        this.powerOff = powerOff;
        this.systemReset = systemReset;
        this.t1Timer = clock.newTimer(this::t1Expired);
        this.t2Timer = clock.newTimer(this::t2Expired);
        this.vmState = VmState.builder("cuda", 1, 1, MethodHandles.lookup(), this)
                .u8("a").u8("b").u8("dira").u8("dirb").u8("sr").u8("acr").u8("pcr").u8("ifr").u8("ier").u8("anh")
                .u8("lastB").u32("dataInSize").u32("dataInIndex").u32("dataOutIndex").u8("autopoll")
                .u8("autoRate").u16("deviceList")
                .bytes("dataIn").bytes("dataOut").u64("tickOffset")
                .u16("t1Latch").u16("t1Counter").u64("t1Load").u16("t2Latch").u16("t2Counter").u64("t2Load")
                .bool("t2Armed")
                .postLoad(v -> postLoad())
                .build();
        reset();
    }

    private void postLoad() {
        if (dataInSize < 0 || dataInSize > dataIn.length || dataInIndex < 0 || dataInIndex > dataInSize) {
            throw new IllegalArgumentException("reply buffer index " + dataInIndex + "/" + dataInSize + " out of range");
        }
        if (dataOutIndex < 0 || dataOutIndex > dataOut.length) {
            throw new IllegalArgumentException("request buffer index " + dataOutIndex + " out of range");
        }
        t1Rearm();
        t2Rearm();
        updateIrq();
    }

    @Override
    public void reset() {
        b = a = dira = sr = acr = pcr = ifr = ier = anh = 0;
        // Port B all outputs: QEMU's mos6522 reset value, which OpenBIOS's CUDA driver relies on (it never
        // programs DIRB before toggling TIP/TACK).
        dirb = 0xff;
        lastB = 0;
        dataInSize = dataInIndex = dataOutIndex = 0;
        autopoll = 0;
        autoRate = 20;
        deviceList = 0;
        tickOffset = rtcStart + RTC_OFFSET;
        long now = clock.now();
        t1Latch = 0xffff;
        t1Counter = 0xffff;
        t1Load = now;
        t2Latch = 0;
        t2Counter = 0xffff;
        t2Load = now;
        t2Armed = false;
        t1Timer.cancel();
        t2Timer.cancel();
        irq.set(false);
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    @Override
    public ByteOrder order() {
        return ByteOrder.BIG_ENDIAN;
    }

    // ---- timers --------------------------------------------------------------------------------------

    private long ticksSince(long load) {
        long ns = clock.now() - load;
        return ns / 1_000_000_000L * TIMER_FREQ_HZ + ns % 1_000_000_000L * TIMER_FREQ_HZ / 1_000_000_000L;
    }

    private long ticksToNs(long ticks) {
        return (ticks * 1_000_000_000L + TIMER_FREQ_HZ - 1) / TIMER_FREQ_HZ;
    }

    /** T1 counts from t1Counter down to -1, then reloads the latch (period latch + 2). */
    private int t1Value() {
        long d = ticksSince(t1Load);
        if (d <= t1Counter + 1L) {
            return (int) ((t1Counter - d) & 0xffff);
        }
        long c = (d - (t1Counter + 1L)) % (t1Latch + 2L);
        return (int) ((t1Latch - c) & 0xffff);
    }

    private int t2Value() {
        return (int) ((t2Counter - ticksSince(t2Load)) & 0xffff);
    }

    private void t1Rearm() {
        if ((acr & T1MODE) != T1MODE_CONT) {
            t1Timer.cancel();
            return;
        }
        long d = ticksSince(t1Load);
        long next;
        if (d <= t1Counter + 1L) {
            next = t1Counter + 1L;
        } else {
            long period = t1Latch + 2L;
            long k = (d - (t1Counter + 1L)) / period + 1;
            next = t1Counter + 1L + k * period;
        }
        if (next <= d) {
            next = d + 1;
        }
        t1Timer.mod(t1Load + ticksToNs(next));
    }

    private void t1Expired() {
        ifr |= T1_INT;
        updateIrq();
        t1Rearm();
    }

    private void t2Rearm() {
        if (!t2Armed) {
            t2Timer.cancel();
            return;
        }
        t2Timer.mod(t2Load + ticksToNs(t2Counter + 1L));
    }

    private void t2Expired() {
        t2Armed = false;
        ifr |= T2_INT;
        updateIrq();
    }

    private void updateIrq() {
        irq.set((ifr & ier & (SR_INT | T1_INT)) != 0);
    }

    // ---- registers -----------------------------------------------------------------------------------

    @Override
    public long read(long offset, int size) {
        if (size != 1) {
            guestError("%d-byte read at offset 0x%x (byte registers only)", size, offset);
            return 0;
        }
        int reg = (int) (offset >> 9) & 0xf;
        return switch (reg) {
            case B -> b;
            case A -> a;
            case DIRB -> dirb;
            case DIRA -> dira;
            case T1CL -> {
                int v = t1Value() & 0xff;
                ifr &= ~T1_INT;
                updateIrq();
                yield v;
            }
            case T1CH -> t1Value() >> 8;
            case T1LL -> t1Latch & 0xff;
            case T1LH -> (t1Latch >> 8) & 0xff;
            case T2CL -> {
                int v = t2Value() & 0xff;
                ifr &= ~T2_INT;
                updateIrq();
                yield v;
            }
            case T2CH -> t2Value() >> 8;
            case SR -> {
                int v = sr;
                ifr &= ~SR_INT;
                updateIrq();
                yield v;
            }
            case ACR -> acr;
            case PCR -> pcr;
            case IFR -> (ifr & ier) != 0 ? ifr | 0x80 : ifr;
            case IER -> ier | 0x80;
            default -> anh;
        };
    }

    @Override
    public void write(long offset, int size, long value) {
        if (size != 1) {
            guestError("%d-byte write of 0x%x at offset 0x%x (byte registers only)", size, value, offset);
            return;
        }
        int reg = (int) (offset >> 9) & 0xf;
        int v = (int) value & 0xff;
        switch (reg) {
            case B -> {
                b = v;
                update();
            }
            case A -> a = v;
            case DIRB -> dirb = v;
            case DIRA -> dira = v;
            case T1CL, T1LL -> {
                t1Latch = (t1Latch & 0xff00) | v;
                t1Rearm();
            }
            case T1CH -> {
                t1Latch = (t1Latch & 0xff) | (v << 8);
                ifr &= ~T1_INT;
                t1Counter = t1Latch;
                t1Load = clock.now();
                t1Rearm();
                updateIrq();
            }
            case T1LH -> {
                t1Latch = (t1Latch & 0xff) | (v << 8);
                ifr &= ~T1_INT;
                t1Rearm();
                updateIrq();
            }
            case T2CL -> t2Latch = v;
            case T2CH -> {
                ifr &= ~T2_INT;
                t2Counter = (v << 8) | t2Latch;
                t2Load = clock.now();
                t2Armed = true;
                t2Rearm();
                updateIrq();
            }
            case SR -> sr = v;
            case ACR -> {
                acr = v;
                t1Rearm();
                update();
            }
            case PCR -> pcr = v;
            case IFR -> {
                ifr &= ~v;
                updateIrq();
            }
            case IER -> {
                if ((v & IER_SET) != 0) {
                    ier |= v & 0x7f;
                } else {
                    ier &= ~v;
                }
                updateIrq();
            }
            default -> anh = v;
        }
    }

    /** The handshake state machine (QEMU's cuda_update; TIP and TREQ are active low). */
    private void update() {
        boolean packetReceived = false;
        if ((b & TIP) == 0) {
            // transfer requested from host
            if ((acr & SR_OUT) != 0) {
                if ((b & (TACK | TIP)) != (lastB & (TACK | TIP))) {
                    if (dataOutIndex < dataOut.length) {
                        dataOut[dataOutIndex++] = (byte) sr;
                        ifr |= SR_INT;
                        updateIrq();
                    }
                }
            } else if (dataInIndex < dataInSize) {
                if ((b & (TACK | TIP)) != (lastB & (TACK | TIP))) {
                    sr = dataIn[dataInIndex++] & 0xff;
                    if (dataInIndex >= dataInSize) {
                        b |= TREQ; // end of transfer
                    }
                    ifr |= SR_INT;
                    updateIrq();
                }
            }
        } else {
            if ((lastB & TIP) != 0 && (b & TACK) != (lastB & TACK)) {
                // TREQ follows TACK while idle
                b = (b & TACK) != 0 ? b | TREQ : b & ~TREQ;
                ifr |= SR_INT;
                updateIrq();
            } else {
                if ((lastB & TIP) == 0) {
                    // end of a host-to-CUDA transfer
                    packetReceived = dataOutIndex > 0;
                    ifr |= SR_INT;
                    updateIrq();
                }
                if (dataInIndex < dataInSize) {
                    b &= ~TREQ; // data to read
                }
            }
        }
        lastB = b;
        if (packetReceived) {
            int len = dataOutIndex;
            dataOutIndex = 0;
            receivePacket(java.util.Arrays.copyOf(dataOut, len));
        }
    }

    private void sendToHost(int... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            dataIn[i] = (byte) bytes[i];
        }
        dataInSize = bytes.length;
        dataInIndex = 0;
        update();
        ifr |= SR_INT;
        updateIrq();
    }

    private void receivePacket(byte[] p) {
        int type = p[0] & 0xff;
        switch (type) {
            case ADB_PACKET -> {
                int cmd = p.length > 1 ? p[1] & 0xff : 0;
                byte[] out = new byte[8];
                int olen = adb.request(out, java.util.Arrays.copyOfRange(p, 1, p.length), p.length - 1);
                if (olen > 0) {
                    int[] reply = new int[olen + 2];
                    reply[0] = ADB_PACKET;
                    for (int i = 0; i < olen; i++) {
                        reply[2 + i] = out[i] & 0xff;
                    }
                    sendToHost(reply);
                } else {
                    // QEMU's error packet: status = -olen (0 for a request with no data), then the command
                    sendToHost(ADB_PACKET, -olen, cmd);
                }
            }
            case CUDA_PACKET -> {
                if (p.length < 2) {
                    guestError("empty CUDA packet");
                    sendToHost(ERROR_PACKET, 0x05, CUDA_PACKET);
                    return;
                }
                cudaCommand(p);
            }
            default -> {
                guestError("unknown packet type 0x%x", type);
                sendToHost(ERROR_PACKET, 0x05, type);
            }
        }
    }

    private static int arg(byte[] p, int i) {
        return i < p.length ? p[i] & 0xff : 0;
    }

    private void cudaCommand(byte[] p) {
        int cmd = p[1] & 0xff;
        switch (cmd) {
            case CUDA_AUTOPOLL -> {
                autopoll = arg(p, 2) != 0 ? 1 : 0;
                sendToHost(CUDA_PACKET, 0, cmd);
            }
            case CUDA_GET_TIME -> {
                long t = rtcNow();
                sendToHost(CUDA_PACKET, 0, cmd, (int) (t >>> 24) & 0xff, (int) (t >>> 16) & 0xff,
                        (int) (t >>> 8) & 0xff, (int) t & 0xff);
            }
            case CUDA_SET_TIME -> {
                long t = ((long) arg(p, 2) << 24) | arg(p, 3) << 16 | arg(p, 4) << 8 | arg(p, 5);
                tickOffset = t - clock.now() / 1_000_000_000L;
                sendToHost(CUDA_PACKET, 0, cmd);
            }
            case CUDA_POWERDOWN -> {
                sendToHost(CUDA_PACKET, 0, cmd);
                powerOff.run();
            }
            case CUDA_RESET_SYSTEM -> {
                sendToHost(CUDA_PACKET, 0, cmd);
                systemReset.run();
            }
            case CUDA_SET_AUTO_RATE -> {
                autoRate = arg(p, 2);
                sendToHost(CUDA_PACKET, 0, cmd);
            }
            case CUDA_GET_AUTO_RATE -> sendToHost(CUDA_PACKET, 0, cmd, autoRate);
            case CUDA_SET_DEVICE_LIST -> {
                deviceList = arg(p, 2) << 8 | arg(p, 3);
                sendToHost(CUDA_PACKET, 0, cmd);
            }
            case CUDA_GET_DEVICE_LIST -> sendToHost(CUDA_PACKET, 0, cmd, deviceList >> 8, deviceList & 0xff);
            case CUDA_FILE_SERVER_FLAG, CUDA_SET_POWER_MESSAGES -> sendToHost(CUDA_PACKET, 0, cmd);
            default -> {
                unimplemented("CUDA command 0x%02x", cmd);
                sendToHost(ERROR_PACKET, 0x02, CUDA_PACKET, cmd);
            }
        }
    }

    /** The RTC now: seconds since 1904-01-01 (32 bits). */
    public long rtcNow() {
        return (tickOffset + clock.now() / 1_000_000_000L) & 0xffff_ffffL;
    }

    /** Port B as the host sees it (for tests). */
    public int portB() {
        return b;
    }
}
