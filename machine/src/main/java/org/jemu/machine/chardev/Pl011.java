package org.jemu.machine.chardev;

import java.lang.invoke.MethodHandles;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.RegisterAccess;
import org.jemu.machine.device.VmState;
import org.jemu.translator.exec.IrqLine;
import org.jemu.translator.memory.MmioHandler;

/**
 * ARM PrimeCell UART PL011 (ARM DDI 0183, "PrimeCell UART (PL011) Technical Reference Manual"), as QEMU's
 * {@code hw/char/pl011.c} models it, so that U-Boot's {@code pl01x} and Linux's {@code amba-pl011} drivers
 * behave exactly as on {@code qemu-system-aarch64 -M virt}.
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>MMIO: this object is the {@link MmioHandler} of a {@value #SIZE}-byte region (virt: 0x0900_0000).
 * Registers are 32 bits wide, little-endian; narrower accesses reach the register at {@code offset >> 2}
 * and 8-byte accesses are split, as QEMU's memory core does for this device.</li>
 * <li>IRQ: one output, UARTINTR, the OR of all masked interrupt sources (the only line virt wires; SPI 1
 * there).</li>
 * <li>Character backend: transmitted bytes go to {@link CharBackend#write} at once; received bytes come
 * from the backend through {@link CharFrontend}.</li>
 * </ul>
 *
 * <h2>Behaviour (as QEMU)</h2>
 * Transmission is instantaneous: the TX FIFO is never full, UARTFR.TXFE stays set and BUSY clear, and each
 * write to UARTDR raises the TX interrupt (TXRIS) until the guest clears it with UARTICR. The receive FIFO
 * holds 16 entries of 12 bits (data plus the FE/PE/BE/OE error bits) when UARTLCR_H.FEN is set and one
 * entry otherwise; toggling FEN empties it. The RX interrupt is raised as soon as one character is
 * waiting (QEMU fixes the trigger level at 1 because Linux relies on it), so the receive-timeout interrupt
 * (RTRIS) is never needed and never raised. Loopback (UARTCR.LBE) feeds transmitted bytes and the modem
 * control outputs back into the receiver and UARTFR. Baud rate, word format and the UARTEN/TXE/RXE enables
 * are stored but do not gate data (QEMU logs a guest error for data written while disabled). DMA is not
 * implemented. Like QEMU, the control registers keep all 32 bits written (the bit widths above are the
 * TRM's); only UARTIBRD (16 bits) and UARTFBRD (6 bits) are masked.
 *
 * <p>One deviation: a loopback byte arriving while the receive FIFO is full is dropped and flagged as an
 * overrun (UARTRSR.OE and OERIS), as the TRM describes, where QEMU would overwrite FIFO entries.
 */
public final class Pl011 extends Device implements MmioHandler, CharFrontend {
    /** Size of the register block in bytes. */
    public static final int SIZE = 0x1000;
    /** Receive FIFO depth with UARTLCR_H.FEN set. */
    public static final int FIFO_DEPTH = 16;

    // Register offsets (DDI 0183 table 3-1).
    /** UARTDR, data register: 12 bits read (data + FE/PE/BE/OE), 8 bits written. */
    public static final int UARTDR = 0x000;
    /** UARTRSR (read) / UARTECR (write), receive status / error clear, 4 bits. */
    public static final int UARTRSR = 0x004;
    /** UARTFR, flag register, read-only, 9 bits. */
    public static final int UARTFR = 0x018;
    /** UARTILPR, IrDA low-power counter, 8 bits. */
    public static final int UARTILPR = 0x020;
    /** UARTIBRD, integer baud rate divisor, 16 bits. */
    public static final int UARTIBRD = 0x024;
    /** UARTFBRD, fractional baud rate divisor, 6 bits. */
    public static final int UARTFBRD = 0x028;
    /** UARTLCR_H, line control, 8 bits. */
    public static final int UARTLCR_H = 0x02c;
    /** UARTCR, control, 16 bits. */
    public static final int UARTCR = 0x030;
    /** UARTIFLS, interrupt FIFO level select, 6 bits. */
    public static final int UARTIFLS = 0x034;
    /** UARTIMSC, interrupt mask set/clear, 11 bits. */
    public static final int UARTIMSC = 0x038;
    /** UARTRIS, raw interrupt status, read-only. */
    public static final int UARTRIS = 0x03c;
    /** UARTMIS, masked interrupt status, read-only. */
    public static final int UARTMIS = 0x040;
    /** UARTICR, interrupt clear, write-only. */
    public static final int UARTICR = 0x044;
    /** UARTDMACR, DMA control, 3 bits. */
    public static final int UARTDMACR = 0x048;
    /** UARTPeriphID0; PeriphID0-3 and PCellID0-3 follow at 4-byte steps up to 0xFFC. */
    public static final int UARTPERIPHID0 = 0xfe0;

    // UARTFR bits.
    public static final int FR_RI = 1 << 8;
    public static final int FR_TXFE = 1 << 7;
    public static final int FR_RXFF = 1 << 6;
    public static final int FR_TXFF = 1 << 5;
    public static final int FR_RXFE = 1 << 4;
    public static final int FR_BUSY = 1 << 3;
    public static final int FR_DCD = 1 << 2;
    public static final int FR_DSR = 1 << 1;
    public static final int FR_CTS = 1 << 0;

    // UARTDR receive error bits (also in the RX FIFO entries).
    public static final int DR_FE = 1 << 8;
    public static final int DR_PE = 1 << 9;
    public static final int DR_BE = 1 << 10;
    public static final int DR_OE = 1 << 11;
    /** UARTRSR overrun error. */
    public static final int RSR_OE = 1 << 3;

    // Interrupt bits in UARTRIS/UARTMIS/UARTIMSC/UARTICR.
    public static final int INT_OE = 1 << 10;
    public static final int INT_BE = 1 << 9;
    public static final int INT_PE = 1 << 8;
    public static final int INT_FE = 1 << 7;
    public static final int INT_RT = 1 << 6;
    public static final int INT_TX = 1 << 5;
    public static final int INT_RX = 1 << 4;
    public static final int INT_DSR = 1 << 3;
    public static final int INT_DCD = 1 << 2;
    public static final int INT_CTS = 1 << 1;
    public static final int INT_RI = 1 << 0;

    // UARTLCR_H bits.
    public static final int LCR_FEN = 1 << 4;
    public static final int LCR_BRK = 1 << 0;

    // UARTCR bits.
    public static final int CR_OUT2 = 1 << 13;
    public static final int CR_OUT1 = 1 << 12;
    public static final int CR_RTS = 1 << 11;
    public static final int CR_DTR = 1 << 10;
    public static final int CR_RXE = 1 << 9;
    public static final int CR_TXE = 1 << 8;
    public static final int CR_LBE = 1 << 7;
    public static final int CR_UARTEN = 1 << 0;

    private static final int IBRD_MASK = 0xffff;
    private static final int FBRD_MASK = 0x3f;

    /** UARTPeriphID0-3, UARTPCellID0-3 (DDI 0183 section 3.3.14-15; QEMU's {@code pl011_id_arm}). */
    private static final int[] ID = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

    private final CharBackend backend;
    private final IrqLine irq;
    private final VmState vmState;

    // Registers and FIFO state (names follow QEMU's PL011State).
    private int flags;
    private int lcr;
    private int rsr;
    private int cr;
    private int dmacr;
    private int intEnabled;
    private int intLevel;
    private final int[] readFifo = new int[FIFO_DEPTH];
    private int ilpr;
    private int ibrd;
    private int fbrd;
    private int ifl;
    private int readPos;
    private int readCount;
    private int readTrigger;
    private boolean loggedDisabled;

    /**
     * @param name    instance name
     * @param backend host side of the line (may be null: output is dropped, no input)
     * @param irq     the combined interrupt output UARTINTR (active high)
     */
    public Pl011(String name, CharBackend backend, IrqLine irq) {
        super(name);
        this.backend = backend;
        this.irq = irq == null ? IrqLine.NONE : irq;
        if (backend != null) {
            backend.attach(this);
        }
        this.vmState = VmState.builder("pl011", 1, 1, MethodHandles.lookup(), this)
                .u32("flags").u32("lcr").u32("rsr").u32("cr").u32("dmacr")
                .u32("intEnabled").u32("intLevel").ints("readFifo")
                .u32("ilpr").u32("ibrd").u32("fbrd").u32("ifl")
                .u32("readPos").u32("readCount").u32("readTrigger")
                .postLoad(v -> postLoad())
                .build();
        reset();
    }

    @Override
    public void reset() {
        lcr = 0;
        rsr = 0;
        dmacr = 0;
        intEnabled = 0;
        intLevel = 0;
        ilpr = 0;
        ibrd = 0;
        fbrd = 0;
        readTrigger = 1;
        ifl = 0x12;
        cr = 0x300;
        flags = 0;
        java.util.Arrays.fill(readFifo, 0);
        resetRxFifo();
        resetTxFifo();
        loggedDisabled = false;
        update();
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    private void postLoad() {
        if (readPos < 0 || readPos >= FIFO_DEPTH) {
            throw new IllegalArgumentException("read_pos " + readPos + " is out of range 0.." + (FIFO_DEPTH - 1));
        }
        if (readCount < 0 || readCount > fifoDepth()) {
            throw new IllegalArgumentException("read_count " + readCount + " is out of range 0.." + fifoDepth());
        }
        if (readTrigger != 1) {
            throw new IllegalArgumentException("read_trigger " + readTrigger + " is not 1");
        }
        if (!fifoEnabled() && readPos != 0) {
            throw new IllegalArgumentException("read_pos " + readPos + " with the FIFO disabled");
        }
        ibrd &= IBRD_MASK;
        fbrd &= FBRD_MASK;
        update();
    }

    // ---------------------------------------------------------------------------------------------
    // Internal logic

    private boolean loopback() {
        return (cr & CR_LBE) != 0;
    }

    private boolean fifoEnabled() {
        return (lcr & LCR_FEN) != 0;
    }

    private int fifoDepth() {
        return fifoEnabled() ? FIFO_DEPTH : 1;
    }

    private void resetRxFifo() {
        readCount = 0;
        readPos = 0;
        flags &= ~FR_RXFF;
        flags |= FR_RXFE;
    }

    private void resetTxFifo() {
        flags &= ~FR_TXFF;
        flags |= FR_TXFE;
    }

    /** Drives UARTINTR: any raw interrupt that is unmasked. */
    private void update() {
        irq.set((intLevel & intEnabled) != 0);
    }

    /** Puts one 12-bit entry into the receive FIFO (QEMU's {@code pl011_fifo_rx_put}). */
    private void putFifo(int value) {
        int depth = fifoDepth();
        if (readCount >= depth) {
            rsr |= RSR_OE;
            intLevel |= INT_OE;
            update();
            return;
        }
        int slot = (readPos + readCount) & (depth - 1);
        readFifo[slot] = value;
        readCount++;
        flags &= ~FR_RXFE;
        if (readCount == depth) {
            flags |= FR_RXFF;
        }
        if (readCount == readTrigger) {
            intLevel |= INT_RX;
            update();
        }
    }

    private int readData() {
        flags &= ~FR_RXFF;
        int c = readFifo[readPos];
        if (readCount > 0) {
            readCount--;
            readPos = (readPos + 1) & (fifoDepth() - 1);
        }
        if (readCount == 0) {
            flags |= FR_RXFE;
        }
        if (readCount == readTrigger - 1) {
            intLevel &= ~INT_RX;
        }
        rsr = c >> 8;
        update();
        if (backend != null) {
            backend.acceptInput();
        }
        return c;
    }

    private void writeData(int ch) {
        if ((cr & CR_UARTEN) == 0 && !loggedDisabled) {
            loggedDisabled = true;
            guestError("data written to disabled UART");
        }
        if ((cr & CR_TXE) == 0) {
            guestError("data written to disabled TX UART");
        }
        if (backend != null) {
            backend.write(ch);
        }
        if (loopback()) {
            putFifo(ch);
        }
        intLevel |= INT_TX;
        update();
    }

    /** In loopback, the modem control outputs drive the modem status inputs (QEMU's {@code pl011_loopback_mdmctrl}). */
    private void loopbackModemControl() {
        if (!loopback()) {
            return;
        }
        int fr = flags & ~(FR_RI | FR_DCD | FR_DSR | FR_CTS);
        fr |= (cr & CR_OUT2) != 0 ? FR_RI : 0;
        fr |= (cr & CR_OUT1) != 0 ? FR_DCD : 0;
        fr |= (cr & CR_RTS) != 0 ? FR_CTS : 0;
        fr |= (cr & CR_DTR) != 0 ? FR_DSR : 0;
        int il = intLevel & ~(INT_DSR | INT_DCD | INT_CTS | INT_RI);
        il |= (fr & FR_DSR) != 0 ? INT_DSR : 0;
        il |= (fr & FR_DCD) != 0 ? INT_DCD : 0;
        il |= (fr & FR_CTS) != 0 ? INT_CTS : 0;
        il |= (fr & FR_RI) != 0 ? INT_RI : 0;
        flags = fr;
        intLevel = il;
        update();
    }

    // ---------------------------------------------------------------------------------------------
    // MMIO

    @Override
    public long read(long offset, int size) {
        return RegisterAccess.read(offset, size, this::readRegister);
    }

    @Override
    public void write(long offset, int size, long value) {
        RegisterAccess.write(offset, size, value, this::writeRegister);
    }

    private int readRegister(long offset) {
        int reg = (int) (offset & ~3L);
        switch (reg) {
            case UARTDR:
                return readData();
            case UARTRSR:
                return rsr;
            case UARTFR:
                return flags;
            case UARTILPR:
                return ilpr;
            case UARTIBRD:
                return ibrd;
            case UARTFBRD:
                return fbrd;
            case UARTLCR_H:
                return lcr;
            case UARTCR:
                return cr;
            case UARTIFLS:
                return ifl;
            case UARTIMSC:
                return intEnabled;
            case UARTRIS:
                return intLevel;
            case UARTMIS:
                return intLevel & intEnabled;
            case UARTDMACR:
                return dmacr;
            default:
                if (reg >= UARTPERIPHID0 && reg < SIZE) {
                    return ID[(reg - UARTPERIPHID0) >> 2];
                }
                guestError("read of bad offset 0x%x", offset);
                return 0;
        }
    }

    private void writeRegister(long offset, int value) {
        int reg = (int) (offset & ~3L);
        switch (reg) {
            case UARTDR -> writeData(value & 0xff);
            case UARTRSR -> rsr = 0; // UARTECR: any write clears the error flags
            case UARTFR -> { } // read-only; writes ignored as on hardware
            case UARTILPR -> ilpr = value;
            case UARTIBRD -> ibrd = value & IBRD_MASK;
            case UARTFBRD -> fbrd = value & FBRD_MASK;
            case UARTLCR_H -> {
                if (((lcr ^ value) & LCR_FEN) != 0) {
                    resetRxFifo();
                    resetTxFifo();
                }
                if (((lcr ^ value) & LCR_BRK) != 0) {
                    boolean brk = (value & LCR_BRK) != 0;
                    if (backend != null) {
                        backend.setBreak(brk);
                    }
                    if (brk && loopback()) {
                        putFifo(DR_BE);
                    }
                }
                lcr = value;
                readTrigger = 1;
            }
            case UARTCR -> {
                if (((cr ^ value) & CR_UARTEN) != 0) {
                    loggedDisabled = false;
                }
                cr = value;
                loopbackModemControl();
            }
            case UARTIFLS -> {
                ifl = value;
                readTrigger = 1;
            }
            case UARTIMSC -> {
                intEnabled = value;
                update();
            }
            case UARTICR -> {
                intLevel &= ~value;
                update();
            }
            case UARTDMACR -> {
                dmacr = value;
                if ((value & 3) != 0) {
                    unimplemented("DMA not implemented");
                }
            }
            case UARTRIS, UARTMIS -> guestError("write to read-only register at offset 0x%x", offset);
            default -> guestError("write of 0x%x to bad offset 0x%x", value, offset);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Receive side (CharFrontend)

    @Override
    public int canReceive() {
        // QEMU keeps the receiver enabled regardless of UARTCR.UARTEN/RXE: guests tested only on QEMU rely on it.
        return Math.max(0, fifoDepth() - readCount);
    }

    @Override
    public void receive(int b) {
        // In loopback the RX input is disconnected from the receive logic.
        if (!loopback()) {
            putFifo(b & 0xff);
        }
    }

    @Override
    public void receiveBreak() {
        if (!loopback()) {
            putFifo(DR_BE);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Inspection (tests, monitor)

    /** Current level of UARTINTR. */
    public boolean irqLevel() {
        return (intLevel & intEnabled) != 0;
    }

    /** Characters waiting in the receive FIFO. */
    public int rxCount() {
        return readCount;
    }
}
