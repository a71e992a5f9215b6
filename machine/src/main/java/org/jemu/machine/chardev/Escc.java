package org.jemu.machine.chardev;

import java.nio.ByteOrder;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;
import org.jemu.translator.exec.IrqLine;
import org.jemu.translator.memory.MmioHandler;

/**
 * Zilog Z85C30 ESCC (Enhanced Serial Communications Controller; Zilog "Z80C30/Z85C30/Z80230/Z85230/Z85233
 * SCC/ESCC User Manual" UM010901, chapter 5 "Register Descriptions") in asynchronous serial mode, as QEMU's
 * {@code hw/char/escc.c} models it for the Power Macintosh MacIO ({@code it_shift} 4).
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>MMIO: this object is the {@link MmioHandler} of the {@value #SIZE}-byte register block (MacIO offset
 * 0x13000); byte registers, address bit 4 selects data (1) or control (0), bit 5 the channel:
 * 0x00 channel B control, 0x10 channel B data, 0x20 channel A control, 0x30 channel A data.
 * {@link #legacy()} is the "escc-legacy" block (MacIO 0x12000) with the same registers at 0x00 (B control),
 * 0x02 (A control), 0x04 (B data), 0x06 (A data), as QEMU's alias map.</li>
 * <li>Control register access: write register 0 selects the register (pointer bits 0-2, plus 8 with the
 * "point high" command 0x08) for the next control access, after which the pointer returns to 0; read
 * registers RR0 (status), RR1 (special receive), RR2 (interrupt vector; channel B returns the modified
 * vector), RR3 (interrupt pending, channel A), RR12/RR13 (baud rate time constant).</li>
 * <li>Commands of WR0: reset Tx interrupt pending (0x28), reset highest IUS (0x38). WR9 bits 7-6: channel reset B
 * (0x40) or A (0x80), hardware reset (0xC0), with the register values of the manual's "Z85C30 Reset" table as
 * QEMU 7.2 applies them; the other WR9 bits are not kept (as QEMU). A device reset zeroes every register but
 * sets RR0 Tx buffer empty (RR0 0x04, RR1 0x00, as QEMU).</li>
 * <li>Data: a write transmits at once when WR5 Tx enable (0x08) is set, or loops back into the receiver with
 * WR14 local loopback (0x10); TXEMPTY and All Sent are set and a Tx interrupt becomes pending; a read returns the
 * received byte and clears Rx Character Available.</li>
 * <li>Character backends: channel A is the first serial port ({@code -serial}, QEMU's chrA), channel B
 * unconnected. One byte is received when WR3 Rx enable is set and no character is waiting.</li>
 * <li>IRQ outputs: one per channel ({@link #irqA}, {@link #irqB}; MacIO wires them to Heathrow inputs 0x0F
 * and 0x10): high while Tx interrupts (WR1 bit 1) or Rx interrupts (WR1 bits 4-3 = 01 or 10) are enabled
 * and pending on that channel or the other one, as QEMU's {@code escc_update_irq}.</li>
 * </ul>
 * Not modelled (as QEMU): synchronous modes, DMA requests, the baud rate generator's timing (bytes move
 * instantaneously), external/status interrupts other than break.
 */
public final class Escc extends Device implements MmioHandler {
    /** Size of the register block (it_shift 4). */
    public static final int SIZE = 0x40;
    /** QEMU's ESCC clock for the Mac (3.6864 MHz). */
    public static final int CLOCK_HZ = 3_686_400;

    // Write registers
    public static final int W_CMD = 0;
    public static final int W_INTR = 1;
    public static final int W_IVEC = 2;
    public static final int W_RXCTRL = 3;
    public static final int W_TXCTRL1 = 4;
    public static final int W_TXCTRL2 = 5;
    public static final int W_MINTR = 9;
    public static final int W_CLOCK = 11;
    public static final int W_BRGLO = 12;
    public static final int W_BRGHI = 13;
    public static final int W_MISC2 = 14;
    public static final int W_EXTINT = 15;
    // Read registers
    public static final int R_STATUS = 0;
    public static final int R_SPEC = 1;
    public static final int R_IVEC = 2;
    public static final int R_INTR = 3;

    public static final int CMD_PTR_MASK = 0x07;
    public static final int CMD_CMD_MASK = 0x38;
    public static final int CMD_HI = 0x08;
    public static final int CMD_CLR_TXINT = 0x28;
    public static final int CMD_CLR_IUS = 0x38;
    public static final int INTR_TXINT = 0x02;
    public static final int INTR_RXMODEMSK = 0x18;
    public static final int INTR_RXINT1ST = 0x08;
    public static final int INTR_RXINTALL = 0x10;
    public static final int RXCTRL_RXEN = 0x01;
    public static final int RXCTRL_HUNT = 0x10;
    public static final int INTR_PAR_SPEC = 0x04;
    public static final int INTR_WTRQ_TXRX = 0x20;
    public static final int TXCTRL2_TXCRC = 0x01;
    public static final int TXCTRL2_8BITS = 0x60;
    public static final int MINTR_VIS = 0x01;
    public static final int MINTR_NV = 0x02;
    public static final int MINTR_SOFTIACK = 0x20;
    public static final int W_MISC1 = 10;
    public static final int MISC1_ENC_MASK = 0x60;
    public static final int MISC2_BRG_EN = 0x01;
    public static final int MISC2_BRG_SRC = 0x02;
    public static final int MISC2_LCL_LOOP = 0x10;
    public static final int MISC2_PLLCMD0 = 0x20;
    public static final int MISC2_PLLCMD1 = 0x40;
    public static final int MISC2_PLLCMD2 = 0x80;
    public static final int R_MISC = 10;
    public static final int MISC_2CLKMISS = 0x40;
    public static final int STATUS_DCD = 0x08;
    public static final int STATUS_SYNC = 0x10;
    public static final int STATUS_CTS = 0x20;
    public static final int TXCTRL1_1STOP = 0x04;
    public static final int TXCTRL2_TXEN = 0x08;
    public static final int MINTR_STATUSHI = 0x10;
    public static final int MINTR_RST_MASK = 0xc0;
    public static final int MINTR_RST_B = 0x40;
    public static final int MINTR_RST_A = 0x80;
    public static final int MINTR_RST_ALL = 0xc0;
    public static final int CLOCK_TRXC = 0x08;
    public static final int MISC2_PLLDIS = 0x30;
    public static final int EXTINT_ALL = 0xf8;
    public static final int EXTINT_BRKINT = 0x80;
    public static final int STATUS_RXAV = 0x01;
    public static final int STATUS_TXEMPTY = 0x04;
    public static final int STATUS_TXUNDRN = 0x40;
    public static final int STATUS_BRK = 0x80;
    public static final int SPEC_ALLSENT = 0x01;
    public static final int SPEC_BITS8 = 0x06;
    public static final int INTR_TXINTB = 0x02;
    public static final int INTR_RXINTB = 0x04;
    public static final int INTR_TXINTA = 0x10;
    public static final int INTR_RXINTA = 0x20;
    public static final int IVEC_TXINTB = 0x00;
    public static final int IVEC_LONOINT = 0x06;
    public static final int IVEC_LORXINTA = 0x0c;
    public static final int IVEC_LORXINTB = 0x04;
    public static final int IVEC_LOTXINTA = 0x08;
    public static final int IVEC_HINOINT = 0x60;
    public static final int IVEC_HIRXINTA = 0x30;
    public static final int IVEC_HIRXINTB = 0x20;
    public static final int IVEC_HITXINTA = 0x10;

    /** One channel's registers (QEMU's ESCCChannelState). */
    final class Channel implements CharFrontend {
        final boolean isA;
        final CharBackend backend;
        final IrqLine irq;
        Channel other;
        int reg;
        boolean rxint;
        boolean txint;
        boolean rxintUnderSvc;
        boolean txintUnderSvc;
        int rx;
        int tx;
        final byte[] wregs = new byte[16];
        final byte[] rregs = new byte[16];

        Channel(boolean isA, CharBackend backend, IrqLine irq) {
            this.isA = isA;
            this.backend = backend;
            this.irq = irq == null ? IrqLine.NONE : irq;
            if (backend != null) {
                backend.attach(this);
            }
        }

        int w(int r) {
            return wregs[r] & 0xff;
        }

        int r(int r) {
            return rregs[r] & 0xff;
        }

        /** Device (power-on) reset: every register 0 except RR0 Tx buffer empty (QEMU's escc_reset). */
        void deviceReset() {
            java.util.Arrays.fill(wregs, (byte) 0);
            java.util.Arrays.fill(rregs, (byte) 0);
            rregs[R_STATUS] = STATUS_TXEMPTY;
            channelReset();
        }

        /** What every reset clears: pointer, data, interrupt state (QEMU's escc_reset_chn). */
        private void channelReset() {
            reg = 0;
            rx = tx = 0;
            rxint = txint = rxintUnderSvc = txintUnderSvc = false;
        }

        /** Channel reset by WR9 (the manual's "Z85C30 Reset" table; QEMU's escc_soft_reset_chn). */
        void softReset() {
            channelReset();
            wregs[W_CMD] = 0;
            wregs[W_INTR] &= INTR_PAR_SPEC | INTR_WTRQ_TXRX;
            wregs[W_RXCTRL] &= ~RXCTRL_RXEN;
            wregs[W_TXCTRL1] |= TXCTRL1_1STOP;
            wregs[W_TXCTRL2] &= TXCTRL2_TXCRC | TXCTRL2_8BITS;
            wregs[W_MINTR] &= ~MINTR_SOFTIACK;
            wregs[W_MISC1] &= MISC1_ENC_MASK;
            wregs[W_MISC2] &= MISC2_BRG_EN | MISC2_BRG_SRC | MISC2_PLLCMD1 | MISC2_PLLCMD2;
            wregs[W_MISC2] |= MISC2_PLLCMD0;
            wregs[W_EXTINT] = (byte) EXTINT_ALL;
            rregs[R_STATUS] &= STATUS_DCD | STATUS_SYNC | STATUS_CTS | STATUS_BRK;
            rregs[R_STATUS] |= STATUS_TXEMPTY | STATUS_TXUNDRN;
            rregs[R_SPEC] &= SPEC_ALLSENT;
            rregs[R_SPEC] |= SPEC_BITS8;
            rregs[R_INTR] = 0;
            rregs[R_MISC] &= MISC_2CLKMISS;
        }

        /** Hardware reset by WR9 = 0xC0: a channel reset plus WR9/10/11/14 forced values. */
        void hardReset() {
            softReset();
            wregs[W_MINTR] &= MINTR_VIS | MINTR_NV;
            wregs[W_MINTR] |= MINTR_RST_B | MINTR_RST_A;
            wregs[W_MISC1] = 0;
            wregs[W_CLOCK] = CLOCK_TRXC;
            wregs[W_MISC2] &= MISC2_PLLCMD1 | MISC2_PLLCMD2;
            wregs[W_MISC2] |= MISC2_LCL_LOOP | MISC2_PLLCMD0;
        }

        boolean irqPending() {
            int rxMode = w(W_INTR) & INTR_RXMODEMSK;
            return ((w(W_INTR) & INTR_TXINT) != 0 && txint)
                    || ((rxMode == INTR_RXINT1ST || rxMode == INTR_RXINTALL) && rxint)
                    || ((w(W_EXTINT) & EXTINT_BRKINT) != 0 && (r(R_STATUS) & STATUS_BRK) != 0);
        }

        void updateIrq() {
            irq.set(irqPending() || other.irqPending());
        }

        private boolean statusHi() {
            return (w(W_MINTR) & MINTR_STATUSHI) != 0;
        }

        void setRxint() {
            rxint = true;
            rxintUnderSvc = true;
            if (isA) {
                rregs[R_INTR] |= INTR_RXINTA;
                other.rregs[R_IVEC] = (byte) (statusHi() ? IVEC_HIRXINTA : IVEC_LORXINTA);
            } else {
                other.rregs[R_INTR] |= INTR_RXINTB;
                rregs[R_IVEC] = (byte) (statusHi() ? IVEC_HIRXINTB : IVEC_LORXINTB);
            }
            updateIrq();
        }

        void setTxint() {
            txint = true;
            if (!rxintUnderSvc) {
                txintUnderSvc = true;
                if (isA) {
                    if ((w(W_INTR) & INTR_TXINT) != 0) {
                        rregs[R_INTR] |= INTR_TXINTA;
                    }
                    other.rregs[R_IVEC] = (byte) (statusHi() ? IVEC_HITXINTA : IVEC_LOTXINTA);
                } else {
                    rregs[R_IVEC] = IVEC_TXINTB;
                    if ((w(W_INTR) & INTR_TXINT) != 0) {
                        other.rregs[R_INTR] |= INTR_TXINTB;
                    }
                }
                updateIrq();
            }
        }

        void clrRxint() {
            rxint = false;
            rxintUnderSvc = false;
            if (isA) {
                other.rregs[R_IVEC] = (byte) (statusHi() ? IVEC_HINOINT : IVEC_LONOINT);
                rregs[R_INTR] &= ~INTR_RXINTA;
            } else {
                rregs[R_IVEC] = (byte) (statusHi() ? IVEC_HINOINT : IVEC_LONOINT);
                other.rregs[R_INTR] &= ~INTR_RXINTB;
            }
            if (txint) {
                setTxint();
            }
            updateIrq();
        }

        void clrTxint() {
            txint = false;
            txintUnderSvc = false;
            if (isA) {
                other.rregs[R_IVEC] = (byte) (statusHi() ? IVEC_HINOINT : IVEC_LONOINT);
                rregs[R_INTR] &= ~INTR_TXINTA;
            } else {
                other.rregs[R_INTR] &= ~INTR_TXINTB;
                rregs[R_IVEC] = (byte) (statusHi() ? IVEC_HINOINT : IVEC_LONOINT);
            }
            if (rxint) {
                setRxint();
            }
            updateIrq();
        }

        int readCtrl() {
            int v = r(reg);
            reg = 0;
            return v;
        }

        void writeCtrl(int val) {
            int newreg = 0;
            switch (reg) {
                case W_CMD -> {
                    newreg = val & CMD_PTR_MASK;
                    switch (val & CMD_CMD_MASK) {
                        case CMD_HI -> newreg |= CMD_HI;
                        case CMD_CLR_TXINT -> clrTxint();
                        case CMD_CLR_IUS -> {
                            if (rxintUnderSvc) {
                                rxintUnderSvc = false;
                                if (txint) {
                                    setTxint();
                                }
                            } else if (txintUnderSvc) {
                                txintUnderSvc = false;
                            }
                            updateIrq();
                        }
                        default -> {
                        }
                    }
                }
                case W_BRGLO, W_BRGHI -> {
                    wregs[reg] = (byte) val;
                    rregs[reg] = (byte) val;
                }
                case W_MINTR -> {
                    // Only the reset commands act (QEMU keeps no other WR9 bits).
                    switch (val & MINTR_RST_MASK) {
                        case MINTR_RST_B -> {
                            chB.softReset();
                            chB.updateIrq();
                            return;
                        }
                        case MINTR_RST_A -> {
                            chA.softReset();
                            chA.updateIrq();
                            return;
                        }
                        case MINTR_RST_ALL -> {
                            chB.hardReset();
                            chA.hardReset();
                            chA.updateIrq();
                            chB.updateIrq();
                            return;
                        }
                        default -> {
                        }
                    }
                }
                case W_RXCTRL -> {
                    wregs[reg] = (byte) val;
                    if ((val & RXCTRL_HUNT) != 0) {
                        rregs[R_STATUS] |= STATUS_SYNC;
                    }
                }
                case W_TXCTRL1 -> {
                    wregs[reg] = (byte) val;
                    rregs[R_SPEC] |= SPEC_ALLSENT; // bytes leave at once: all sent in any mode
                }
                default -> wregs[reg] = (byte) val;
            }
            reg = reg == 0 ? newreg : 0;
        }

        void writeData(int val) {
            txint = false; // the Tx buffer is full for a moment: no Tx interrupt until it empties below
            updateIrq();
            tx = val;
            if ((w(W_TXCTRL2) & TXCTRL2_TXEN) != 0) {
                if ((w(W_MISC2) & MISC2_LCL_LOOP) != 0) {
                    receive(val); // local loopback
                } else if (backend != null) {
                    backend.write(val);
                }
            }
            rregs[R_STATUS] |= STATUS_TXEMPTY;
            rregs[R_SPEC] |= SPEC_ALLSENT;
            setTxint();
        }

        int readData() {
            rregs[R_STATUS] &= ~STATUS_RXAV;
            clrRxint();
            int v = rx;
            if (backend != null) {
                backend.acceptInput();
            }
            return v;
        }

        @Override
        public int canReceive() {
            return (w(W_RXCTRL) & RXCTRL_RXEN) == 0 || (r(R_STATUS) & STATUS_RXAV) != 0 ? 0 : 1;
        }

        @Override
        public void receive(int b) {
            rregs[R_STATUS] |= STATUS_RXAV;
            rx = b & 0xff;
            setRxint();
        }

        @Override
        public void receiveBreak() {
            rregs[R_STATUS] |= (byte) STATUS_BRK;
            updateIrq();
        }

        VmState state(String n) {
            return VmState.builder(n, 1, 1)
                    .u32("reg", () -> reg, v -> reg = v)
                    .bool("rxint", () -> rxint, v -> rxint = v)
                    .bool("txint", () -> txint, v -> txint = v)
                    .bool("rxint_under_svc", () -> rxintUnderSvc, v -> rxintUnderSvc = v)
                    .bool("txint_under_svc", () -> txintUnderSvc, v -> txintUnderSvc = v)
                    .u8("rx", () -> rx, v -> rx = v)
                    .u8("tx", () -> tx, v -> tx = v)
                    .bytes("wregs", () -> wregs)
                    .bytes("rregs", () -> rregs)
                    .postLoad(v -> {
                        if (reg < 0 || reg > 15) {
                            throw new IllegalArgumentException("register pointer " + reg + " is out of range 0..15");
                        }
                    })
                    .build();
        }
    }

    private final Channel chA;
    private final Channel chB;
    private final VmState vmState;

    /**
     * @param serialA host side of channel A (the console; null: output dropped, no input)
     * @param irqA    channel A's interrupt output
     * @param irqB    channel B's interrupt output
     */
    public Escc(String name, CharBackend serialA, IrqLine irqA, IrqLine irqB) {
        super(name);
        chA = new Channel(true, serialA, irqA);
        chB = new Channel(false, null, irqB);
        chA.other = chB;
        chB.other = chA;
        vmState = VmState.builder("escc", 2, 2)
                .subsection(chB.state("escc_chn_b"), () -> true)
                .subsection(chA.state("escc_chn_a"), () -> true)
                .postLoad(v -> chA.updateIrq())
                .build();
        reset();
    }

    @Override
    public void reset() {
        chA.deviceReset();
        chB.deviceReset();
        chA.updateIrq();
        chB.updateIrq();
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    @Override
    public ByteOrder order() {
        return ByteOrder.BIG_ENDIAN;
    }

    @Override
    public long read(long offset, int size) {
        if (size != 1 || offset >= SIZE) {
            guestError("bad %d-byte read at offset 0x%x", size, offset);
            return 0;
        }
        Channel c = ((offset >> 5) & 1) == 0 ? chB : chA;
        return ((offset >> 4) & 1) == 0 ? c.readCtrl() : c.readData();
    }

    @Override
    public void write(long offset, int size, long value) {
        if (size != 1 || offset >= SIZE) {
            guestError("bad %d-byte write of 0x%x at offset 0x%x", size, value, offset);
            return;
        }
        Channel c = ((offset >> 5) & 1) == 0 ? chB : chA;
        int v = (int) value & 0xff;
        if (((offset >> 4) & 1) == 0) {
            c.writeCtrl(v);
        } else {
            c.writeData(v);
        }
    }

    /** Channel A's interrupt request is asserted (for tests). */
    public boolean irqAPending() {
        return chA.irqPending() || chB.irqPending();
    }

    /**
     * The "escc-legacy" register block (MacIO 0x12000, 256 bytes): legacy offsets 0x00/0x02/0x04/0x06 reach
     * channel B control, channel A control, channel B data and channel A data.
     */
    public MmioHandler legacy() {
        return new MmioHandler() {
            private long map(long offset) {
                return switch ((int) offset) {
                    case 0x00, 0x01 -> offset;
                    case 0x02, 0x03 -> 0x20 + (offset & 1);
                    case 0x04, 0x05 -> 0x10 + (offset & 1);
                    case 0x06, 0x07 -> 0x30 + (offset & 1);
                    default -> -1;
                };
            }

            @Override
            public long read(long offset, int size) {
                long o = map(offset);
                if (o < 0) {
                    guestError("escc-legacy: read of unknown offset 0x%x", offset);
                    return 0;
                }
                return Escc.this.read(o, size);
            }

            @Override
            public void write(long offset, int size, long value) {
                long o = map(offset);
                if (o < 0) {
                    guestError("escc-legacy: write of 0x%x to unknown offset 0x%x", value, offset);
                    return;
                }
                Escc.this.write(o, size, value);
            }

            @Override
            public ByteOrder order() {
                return ByteOrder.BIG_ENDIAN;
            }
        };
    }
}
