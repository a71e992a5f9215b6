package org.jemu.machine.chardev;

import java.lang.invoke.MethodHandles;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.IrqLine;
import org.jemu.translator.memory.MmioHandler;

/**
 * A 16550A UART (National Semiconductor / TI "PC16550D Universal Asynchronous Receiver/Transmitter with
 * FIFOs" datasheet), the PC's COM port, as QEMU's {@code isa-serial} ({@code hw/char/serial.c}) behaves, so
 * that BIOS, bootloader and Linux {@code 8250} drivers see what they see on {@code qemu-system-i386 -M pc}.
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>Registers: this object is the {@link MmioHandler} of an 8-byte region; on the PC it sits in the I/O port
 * space (COM1: ports 0x3F8..0x3FF). Registers are one byte wide; the handler takes 1-byte accesses (wider
 * port accesses are split by the I/O space).</li>
 * <li>IRQ: one output, INTR of the datasheet, active high, the OR of the enabled interrupt sources (COM1:
 * ISA IRQ 4). As in QEMU, MCR.OUT2 does not gate it (on a real PC board OUT2 enables the IRQ driver).</li>
 * <li>Character backend: transmitted bytes go to {@link CharBackend#write} at once; received bytes come from
 * the backend through {@link CharFrontend}.</li>
 * </ul>
 *
 * <h2>Registers (datasheet table II; offset, DLAB)</h2>
 * 0 RBR (read) / THR (write), 0 with DLAB=1 DLL; 1 IER, 1 with DLAB=1 DLM; 2 IIR (read) / FCR (write); 3 LCR;
 * 4 MCR; 5 LSR; 6 MSR; 7 SCR (scratch).
 *
 * <h2>Behaviour</h2>
 * Transmission is instantaneous: THR is empty again (LSR.THRE and TEMT set) as soon as it is written, and with
 * IER.ETBEI the THR-empty interrupt is raised again after every write. The receiver holds one character, or
 * 16 in the FIFO when FCR bit 0 is set; the receive-data interrupt is raised when the FIFO reaches the trigger
 * level of FCR bits 7:6 (1, 4, 8, 14), and the character-timeout interrupt when characters below the trigger
 * level have waited four character times (computed from the divisor latch and LCR word format, on the
 * machine's virtual clock, so it is deterministic). Input is flow-controlled: the backend holds host bytes
 * until there is room, so overruns only happen in loopback. Interrupt priorities are the datasheet's: line
 * status (OE, BI with IER.ELSI), received data / character timeout, THR empty, modem status. Reading IIR when
 * it reports THR empty clears that interrupt, as does writing THR; reading LSR clears OE and BI; reading MSR
 * clears its delta bits. Loopback (MCR bit 4) routes THR to the receiver, disconnects host input, and feeds
 * DTR, RTS, OUT1, OUT2 back to DSR, CTS, RI, DCD. At reset MCR has OUT2 set and the divisor is 12 (9600 baud),
 * as in QEMU.
 */
public final class Serial16550 extends Device implements MmioHandler, CharFrontend {
    /** Number of registers (ports). */
    public static final int SIZE = 8;
    /** FIFO depth in characters. */
    public static final int FIFO_DEPTH = 16;
    /** The UART's reference clock divided by 16: baud rate = {@value} / divisor (1.8432 MHz crystal). */
    public static final int BAUD_BASE = 115200;
    /** The baud base QEMU gives the e500 boards' CCSR UARTs ({@code serial_mm_init(..., 399193, ...)}). */
    public static final int BAUD_BASE_E500 = 399193;

    /** RBR (read), THR (write); DLL with LCR.DLAB. */
    public static final int RBR_THR = 0;
    /** IER; DLM with LCR.DLAB. */
    public static final int IER = 1;
    /** IIR (read), FCR (write). */
    public static final int IIR_FCR = 2;
    public static final int LCR = 3;
    public static final int MCR = 4;
    public static final int LSR = 5;
    public static final int MSR = 6;
    public static final int SCR = 7;

    // IER bits.
    public static final int IER_ERBFI = 0x01;
    public static final int IER_ETBEI = 0x02;
    public static final int IER_ELSI = 0x04;
    public static final int IER_EDSSI = 0x08;

    // IIR values (bit 0 set: no interrupt pending; bits 7:6 set when the FIFOs are enabled).
    public static final int IIR_NO_INT = 0x01;
    public static final int IIR_MSI = 0x00;
    public static final int IIR_THRI = 0x02;
    public static final int IIR_RDI = 0x04;
    public static final int IIR_RLSI = 0x06;
    public static final int IIR_CTI = 0x0C;
    public static final int IIR_FIFO_ENABLED = 0xC0;

    // FCR bits.
    public static final int FCR_FE = 0x01;
    public static final int FCR_RFR = 0x02;
    public static final int FCR_XFR = 0x04;
    public static final int FCR_DMS = 0x08;
    public static final int FCR_TRIGGER_MASK = 0xC0;

    // LCR bits.
    public static final int LCR_DLAB = 0x80;
    public static final int LCR_SBC = 0x40;
    public static final int LCR_PEN = 0x08;
    public static final int LCR_STB = 0x04;
    public static final int LCR_WLS = 0x03;

    // MCR bits.
    public static final int MCR_DTR = 0x01;
    public static final int MCR_RTS = 0x02;
    public static final int MCR_OUT1 = 0x04;
    public static final int MCR_OUT2 = 0x08;
    public static final int MCR_LOOP = 0x10;

    // LSR bits.
    public static final int LSR_DR = 0x01;
    public static final int LSR_OE = 0x02;
    public static final int LSR_PE = 0x04;
    public static final int LSR_FE = 0x08;
    public static final int LSR_BI = 0x10;
    public static final int LSR_THRE = 0x20;
    public static final int LSR_TEMT = 0x40;
    public static final int LSR_RXFE = 0x80;

    // MSR bits.
    public static final int MSR_DCTS = 0x01;
    public static final int MSR_DDSR = 0x02;
    public static final int MSR_TERI = 0x04;
    public static final int MSR_DDCD = 0x08;
    public static final int MSR_CTS = 0x10;
    public static final int MSR_DSR = 0x20;
    public static final int MSR_RI = 0x40;
    public static final int MSR_DCD = 0x80;

    private static final int[] TRIGGER = {1, 4, 8, 14};

    private final CharBackend backend;
    private final IrqLine irq;
    private final int baudBase;
    private final VirtualClock clock;
    private final VirtualClock.Timer timeout;
    private final VmState vmState;

    // Registers.
    private int divider;
    private int ier;
    private int iir;
    private int lcr;
    private int mcr;
    private int lsr;
    private int msr;
    private int scr;
    private int fcr;
    /** THR-empty interrupt condition (cleared by reading IIR while it is reported, or by writing THR). */
    private boolean thrIpending;
    /** Character-timeout interrupt condition. */
    private boolean timeoutIpending;
    /** Receive FIFO (or, with FIFOs off, the holding register in entry 0). */
    private final int[] rxFifo = new int[FIFO_DEPTH];
    private int rxHead;
    private int rxCount;
    /** Guest time at which the character-timeout interrupt is due while armed, ns (saved for snapshots). */
    private long timeoutDeadline;
    private boolean timeoutArmed;
    private boolean irqLevel;

    /**
     * @param name    instance name (for example {@code "serial0"})
     * @param backend host side of the line (may be null: output is dropped, no input)
     * @param irq     the INTR output
     * @param clock   the machine's virtual clock (character timeout)
     */
    public Serial16550(String name, CharBackend backend, IrqLine irq, VirtualClock clock) {
        this(name, backend, irq, clock, BAUD_BASE);
    }

    /**
     * A UART whose reference clock / 16 is {@code baudBase} Hz (the character time behind the receive timeout
     * is {@code bits x divisor / baudBase} seconds).
     *
     * @throws IllegalArgumentException if {@code baudBase} is not positive
     */
    public Serial16550(String name, CharBackend backend, IrqLine irq, VirtualClock clock, int baudBase) {
        super(name);
        if (baudBase <= 0) {
            throw new IllegalArgumentException("baud base " + baudBase);
        }
        this.baudBase = baudBase;
        this.backend = backend;
        this.irq = irq == null ? IrqLine.NONE : irq;
        this.clock = clock;
        this.timeout = clock.newTimer(this::timeoutExpired);
        if (backend != null) {
            backend.attach(this);
        }
        this.vmState = VmState.builder("serial16550", 1, 1, MethodHandles.lookup(), this)
                .u16("divider").u8("ier").u8("iir").u8("lcr").u8("mcr").u8("lsr").u8("msr").u8("scr").u8("fcr")
                .bool("thrIpending").bool("timeoutIpending").ints("rxFifo").u8("rxHead").u8("rxCount")
                .bool("timeoutArmed").u64("timeoutDeadline")
                .postLoad(v -> postLoad())
                .build();
        reset();
    }

    @Override
    public void reset() {
        timeout.cancel();
        timeoutArmed = false;
        timeoutDeadline = 0;
        divider = 0x0C;
        ier = 0;
        iir = IIR_NO_INT;
        lcr = 0;
        mcr = MCR_OUT2;
        lsr = LSR_TEMT | LSR_THRE;
        msr = MSR_DCD | MSR_DSR | MSR_CTS;
        scr = 0;
        fcr = 0;
        thrIpending = false;
        timeoutIpending = false;
        java.util.Arrays.fill(rxFifo, 0);
        rxHead = 0;
        rxCount = 0;
        irqLevel = false;
        update();
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    private void postLoad() {
        if (rxHead < 0 || rxHead >= FIFO_DEPTH) {
            throw new IllegalArgumentException("rxHead " + rxHead + " is out of range 0.." + (FIFO_DEPTH - 1));
        }
        if (rxCount < 0 || rxCount > fifoDepth()) {
            throw new IllegalArgumentException("rxCount " + rxCount + " is out of range 0.." + fifoDepth());
        }
        if ((mcr & ~0x1F) != 0 || (ier & ~0x0F) != 0) {
            throw new IllegalArgumentException("MCR " + Integer.toHexString(mcr) + " or IER " + Integer.toHexString(ier)
                    + " has reserved bits set");
        }
        timeout.cancel();
        if (timeoutArmed) {
            timeout.mod(timeoutDeadline);
        }
        update();
    }

    // ---------------------------------------------------------------------------------------------
    // Internal logic

    private boolean fifoEnabled() {
        return (fcr & FCR_FE) != 0;
    }

    private int fifoDepth() {
        return fifoEnabled() ? FIFO_DEPTH : 1;
    }

    private boolean loopback() {
        return (mcr & MCR_LOOP) != 0;
    }

    private int triggerLevel() {
        return fifoEnabled() ? TRIGGER[(fcr >> 6) & 3] : 1;
    }

    /** Recomputes IIR and INTR from the interrupt conditions, in the datasheet's priority order. */
    private void update() {
        int id;
        if ((ier & IER_ELSI) != 0 && (lsr & (LSR_OE | LSR_BI | LSR_PE | LSR_FE)) != 0) {
            id = IIR_RLSI;
        } else if ((ier & IER_ERBFI) != 0 && timeoutIpending) {
            id = IIR_CTI;
        } else if ((ier & IER_ERBFI) != 0 && rxCount > 0 && rxCount >= triggerLevel()) {
            id = IIR_RDI;
        } else if ((ier & IER_ETBEI) != 0 && thrIpending) {
            id = IIR_THRI;
        } else if ((ier & IER_EDSSI) != 0 && (msr & 0x0F) != 0) {
            id = IIR_MSI;
        } else {
            id = IIR_NO_INT;
        }
        iir = id | (fifoEnabled() ? IIR_FIFO_ENABLED : 0);
        // The line is driven on every update; the interrupt controller detects edges itself.
        irqLevel = id != IIR_NO_INT;
        irq.set(irqLevel);
    }

    /** Guest nanoseconds one character takes on the line: start bit, 5..8 data bits, parity, stop bits. */
    long charTimeNs() {
        int bits = 1 + 5 + (lcr & LCR_WLS) + ((lcr & LCR_PEN) != 0 ? 1 : 0) + ((lcr & LCR_STB) != 0 ? 2 : 1);
        int div = divider == 0 ? 0x1_0000 : divider;
        return bits * 1_000_000_000L * div / baudBase;
    }

    /** Re-arms the character timeout (4 character times) while characters wait in the FIFO. */
    private void restartTimeout() {
        timeoutIpending = false;
        if (fifoEnabled() && rxCount > 0) {
            timeoutDeadline = clock.now() + 4 * charTimeNs();
            timeoutArmed = true;
            timeout.mod(timeoutDeadline);
        } else {
            timeoutArmed = false;
            timeout.cancel();
        }
    }

    private void timeoutExpired() {
        timeoutArmed = false;
        if (fifoEnabled() && rxCount > 0) {
            timeoutIpending = true;
            update();
        }
    }

    /** Puts one received character into the FIFO or holding register; flags an overrun if there is no room. */
    private void putRx(int ch, int errors) {
        int depth = fifoDepth();
        if (rxCount >= depth) {
            lsr |= LSR_OE;
            update();
            return;
        }
        rxFifo[(rxHead + rxCount) % FIFO_DEPTH] = ch & 0xFF;
        rxCount++;
        lsr |= LSR_DR | errors;
        restartTimeout();
        update();
    }

    private int readRbr() {
        if (rxCount == 0) {
            return rxFifo[rxHead];
        }
        int c = rxFifo[rxHead];
        rxHead = (rxHead + 1) % FIFO_DEPTH;
        rxCount--;
        if (rxCount == 0) {
            lsr &= ~(LSR_DR | LSR_BI);
            if (!fifoEnabled()) {
                rxHead = 0;
            }
        }
        restartTimeout();
        update();
        if (backend != null && !loopback()) {
            backend.acceptInput();
        }
        return c;
    }

    private void writeThr(int ch) {
        // Writing THR clears the THR-empty interrupt (INTR drops) ...
        thrIpending = false;
        lsr &= ~(LSR_THRE | LSR_TEMT);
        update();
        if ((lcr & LCR_SBC) == 0) {
            if (loopback()) {
                putRx(ch, 0);
            } else if (backend != null) {
                backend.write(ch);
            }
        }
        // ... and, transmission being instantaneous, the holding and shift registers are empty again at once.
        lsr |= LSR_THRE | LSR_TEMT;
        thrIpending = true;
        update();
    }

    private void clearRxFifo() {
        rxHead = 0;
        rxCount = 0;
        lsr &= ~(LSR_DR | LSR_BI);
        timeoutIpending = false;
        timeoutArmed = false;
        timeout.cancel();
    }

    /** Modem status inputs: in loopback they follow the modem control outputs, else QEMU's fixed DCD DSR CTS. */
    private void updateMsr() {
        int in;
        if (loopback()) {
            in = ((mcr & MCR_DTR) != 0 ? MSR_DSR : 0) | ((mcr & MCR_RTS) != 0 ? MSR_CTS : 0)
                    | ((mcr & MCR_OUT1) != 0 ? MSR_RI : 0) | ((mcr & MCR_OUT2) != 0 ? MSR_DCD : 0);
        } else {
            in = MSR_DCD | MSR_DSR | MSR_CTS;
        }
        int old = msr & 0xF0;
        int delta = msr & 0x0F;
        int changed = old ^ in;
        if ((changed & MSR_CTS) != 0) {
            delta |= MSR_DCTS;
        }
        if ((changed & MSR_DSR) != 0) {
            delta |= MSR_DDSR;
        }
        if ((changed & MSR_DCD) != 0) {
            delta |= MSR_DDCD;
        }
        if ((old & MSR_RI) != 0 && (in & MSR_RI) == 0) {
            delta |= MSR_TERI; // trailing edge of RI
        }
        msr = in | delta;
    }

    // ---------------------------------------------------------------------------------------------
    // Register access

    @Override
    public long read(long offset, int size) {
        int reg = (int) (offset & 7);
        switch (reg) {
            case RBR_THR:
                return (lcr & LCR_DLAB) != 0 ? divider & 0xFF : readRbr();
            case IER:
                return (lcr & LCR_DLAB) != 0 ? (divider >> 8) & 0xFF : ier;
            case IIR_FCR: {
                int v = iir;
                if ((v & 0x0F) == IIR_THRI) {
                    thrIpending = false;
                    update();
                }
                return v;
            }
            case LCR:
                return lcr;
            case MCR:
                return mcr;
            case LSR: {
                int v = lsr;
                if (fifoEnabled() && rxCount > 0 && (lsr & (LSR_BI | LSR_PE | LSR_FE)) != 0) {
                    v |= LSR_RXFE;
                }
                if ((lsr & (LSR_OE | LSR_BI)) != 0) {
                    lsr &= ~(LSR_OE | LSR_BI);
                    update();
                }
                return v;
            }
            case MSR: {
                int v = msr;
                if ((msr & 0x0F) != 0) {
                    msr &= 0xF0;
                    update();
                }
                return v;
            }
            default:
                return scr;
        }
    }

    @Override
    public void write(long offset, int size, long value) {
        int reg = (int) (offset & 7);
        int v = (int) value & 0xFF;
        switch (reg) {
            case RBR_THR -> {
                if ((lcr & LCR_DLAB) != 0) {
                    divider = (divider & 0xFF00) | v;
                } else {
                    writeThr(v);
                }
            }
            case IER -> {
                if ((lcr & LCR_DLAB) != 0) {
                    divider = (divider & 0x00FF) | (v << 8);
                } else {
                    int old = ier;
                    ier = v & 0x0F;
                    // Datasheet: enabling the THRE interrupt while THR is empty raises it at once.
                    if ((ier & IER_ETBEI) != 0 && (old & IER_ETBEI) == 0 && (lsr & LSR_THRE) != 0) {
                        thrIpending = true;
                    }
                    update();
                }
            }
            case IIR_FCR -> writeFcr(v);
            case LCR -> {
                if (((lcr ^ v) & LCR_SBC) != 0 && backend != null && !loopback()) {
                    backend.setBreak((v & LCR_SBC) != 0);
                }
                lcr = v;
            }
            case MCR -> {
                boolean wasLoop = loopback();
                mcr = v & 0x1F;
                updateMsr();
                if (wasLoop && !loopback() && backend != null) {
                    backend.acceptInput();
                }
                update();
            }
            case LSR, MSR -> guestError("write of 0x%x to read-only register %s", v, reg == LSR ? "LSR" : "MSR");
            default -> scr = v;
        }
    }

    private void writeFcr(int v) {
        boolean wasEnabled = fifoEnabled();
        boolean enable = (v & FCR_FE) != 0;
        if (enable != wasEnabled) {
            // Changing FCR bit 0 resets both FIFOs.
            clearRxFifo();
        }
        if (enable && (v & FCR_RFR) != 0) {
            clearRxFifo();
        }
        if ((v & FCR_DMS) != 0) {
            unimplemented("DMA mode select (FCR bit 3) has no effect");
        }
        fcr = enable ? v & (FCR_FE | FCR_DMS | FCR_TRIGGER_MASK) : 0;
        if (rxCount == 0 && !enable) {
            rxHead = 0;
        }
        update();
        if (backend != null && !loopback()) {
            backend.acceptInput();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Receive side (CharFrontend)

    @Override
    public int canReceive() {
        if (loopback()) {
            return 0;
        }
        return Math.max(0, fifoDepth() - rxCount);
    }

    @Override
    public void receive(int b) {
        putRx(b & 0xFF, 0);
    }

    @Override
    public void receiveBreak() {
        if (loopback()) {
            return;
        }
        // A break is received as a 0 character with BI set.
        putRx(0, LSR_BI);
    }

    // ---------------------------------------------------------------------------------------------
    // Inspection (tests, monitor)

    /** Current level of the INTR output. */
    public boolean irqLevel() {
        return irqLevel;
    }

    /** Characters waiting in the receiver. */
    public int rxCount() {
        return rxCount;
    }
}
