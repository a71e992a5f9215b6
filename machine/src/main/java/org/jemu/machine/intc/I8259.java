package org.jemu.machine.intc;

import java.lang.invoke.MethodHandles;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;
import org.jemu.translator.exec.IrqLine;
import org.jemu.translator.memory.MmioHandler;

/**
 * One Intel 8259A programmable interrupt controller (Intel "8259A Programmable Interrupt Controller"
 * datasheet, order number 231468), QEMU's {@code isa-i8259}. The PC has two, cascaded: the master at ports
 * 0x20/0x21 drives the CPU's INTR pin, the slave at 0xA0/0xA1 drives the master's IR2; the PIIX edge/level
 * control registers (ELCR) at 0x4D0/0x4D1 select level triggering per input.
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>Registers: this object is the {@link MmioHandler} of a 2-port region (offset 0: ICW1, OCW2, OCW3 and
 * the IRR/ISR/poll read; offset 1: ICW2..ICW4, OCW1 and the IMR read). {@link #elcrPort()} is the 1-port
 * ELCR.</li>
 * <li>Inputs IR0..IR7: {@link #input(int)}. Edge-triggered inputs latch a request in IRR on a rising edge
 * (the request stays latched if the line drops before it is acknowledged, as QEMU does); level-triggered ones
 * (ICW1.LTIM or the ELCR bit) follow the line.</li>
 * <li>Output INT ({@code output}): high while an unmasked request has higher priority than every level in
 * service.</li>
 * <li>{@link #acknowledge()}: the two INTA cycles; returns the vector. On the master, the request of the
 * cascade input is passed to the slave ({@link #setSlave}), which supplies the vector.</li>
 * </ul>
 *
 * <h2>Modelled</h2>
 * The initialization sequence (ICW1, ICW2, ICW3 when cascaded, ICW4 when ICW1.IC4), IMR, fully nested mode
 * with rotating priority (rotate on non-specific/specific EOI, set priority, rotate in automatic EOI mode),
 * specific and non-specific EOI, automatic EOI, special fully nested mode (master), special mask mode, poll
 * mode, reading IRR or ISR, and spurious interrupts (a request that vanished before INTA gives IR7's vector
 * without setting ISR). Not modelled: MCS-80/85 mode (ICW4.uPM = 0; logged as unimplemented) and buffered
 * mode (ICW4 bits 3:2, meaningless without a bus).
 */
public final class I8259 extends Device implements MmioHandler {
    /** Master ports (command, data). */
    public static final int MASTER_BASE = 0x20;
    /** Slave ports (command, data). */
    public static final int SLAVE_BASE = 0xA0;
    /** ELCR ports: master at 0x4D0, slave at 0x4D1 (PIIX/PIIX3). */
    public static final int ELCR_BASE = 0x4D0;
    /** ELCR bits that can be set: IRQ 0, 1 and 2 (master) and 8 and 13 (slave) are always edge-triggered. */
    public static final int MASTER_ELCR_MASK = 0xF8, SLAVE_ELCR_MASK = 0xDE;

    private final IrqLine output;
    private final int elcrMask;
    private final VmState vmState;
    private I8259 slave;
    private int cascadeInput = -1;

    private int irr;
    private int isr;
    private int imr;
    /** Current level of each input line. */
    private int inputLevel;
    /** The input of lowest priority is {@code (priorityAdd + 7) & 7}; rotation changes it. */
    private int priorityAdd;
    private int irqBase;
    private boolean readIsr;
    private boolean poll;
    private boolean specialMask;
    /** 0: initialized; 1..3: expecting ICW2, ICW3, ICW4. */
    private int initState;
    private boolean needIcw4;
    private boolean singleMode;
    private boolean levelTriggered;
    private boolean autoEoi;
    private boolean rotateOnAutoEoi;
    private boolean specialFullyNested;
    private int icw3;
    private int elcr;
    private boolean outputLevel;

    /**
     * @param name     instance name ({@code "pic-master"}, {@code "pic-slave"})
     * @param output   the INT output (master: the CPU's INTR; slave: the master's cascade input)
     * @param elcrMask ELCR bits that may be set ({@link #MASTER_ELCR_MASK} or {@link #SLAVE_ELCR_MASK})
     */
    public I8259(String name, IrqLine output, int elcrMask) {
        super(name);
        this.output = output == null ? IrqLine.NONE : output;
        this.elcrMask = elcrMask;
        this.vmState = VmState.builder("i8259", 1, 1, MethodHandles.lookup(), this)
                .u8("irr").u8("isr").u8("imr").u8("inputLevel").u8("priorityAdd").u8("irqBase")
                .bool("readIsr").bool("poll").bool("specialMask").u8("initState").bool("needIcw4")
                .bool("singleMode").bool("levelTriggered").bool("autoEoi").bool("rotateOnAutoEoi")
                .bool("specialFullyNested").u8("icw3").u8("elcr")
                .postLoad(v -> postLoad())
                .build();
        reset();
    }

    /** Makes {@code s} the slave on input {@code input} of this master (its vector is read on INTA). */
    public void setSlave(I8259 s, int input) {
        this.slave = s;
        this.cascadeInput = input;
    }

    @Override
    public void reset() {
        initReset();
        inputLevel = 0;
        elcr = 0;
        update();
    }

    /** What ICW1 resets (datasheet "Initialization Command Words"), plus the power-on state. */
    private void initReset() {
        irr = 0;
        isr = 0;
        imr = 0;
        priorityAdd = 0;
        irqBase = 0;
        readIsr = false;
        poll = false;
        specialMask = false;
        initState = 0;
        needIcw4 = false;
        singleMode = false;
        levelTriggered = false;
        autoEoi = false;
        rotateOnAutoEoi = false;
        specialFullyNested = false;
        icw3 = 0;
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    private void postLoad() {
        if (initState < 0 || initState > 3) {
            throw new IllegalArgumentException("init state " + initState + " is out of range 0..3");
        }
        if ((priorityAdd & ~7) != 0 || (irqBase & 7) != 0) {
            throw new IllegalArgumentException("priority base " + priorityAdd + " or vector base " + irqBase
                    + " is invalid");
        }
        if ((elcr & ~elcrMask) != 0) {
            throw new IllegalArgumentException("ELCR " + Integer.toHexString(elcr) + " has fixed bits set");
        }
        update();
    }

    // ---------------------------------------------------------------------------------------------
    // Inputs, priority, output

    /** Input line IR{@code n} (0..7). */
    public IrqLine input(int n) {
        if (n < 0 || n > 7) {
            throw new IllegalArgumentException("IR" + n);
        }
        int bit = 1 << n;
        return level -> setInput(bit, level);
    }

    private boolean isLevel(int bit) {
        return levelTriggered || (elcr & bit) != 0;
    }

    private void setInput(int bit, boolean level) {
        if (isLevel(bit)) {
            if (level) {
                irr |= bit;
                inputLevel |= bit;
            } else {
                irr &= ~bit;
                inputLevel &= ~bit;
            }
        } else if (level) {
            if ((inputLevel & bit) == 0) {
                irr |= bit;
            }
            inputLevel |= bit;
        } else {
            inputLevel &= ~bit;
        }
        update();
    }

    /** Priority of the highest-priority bit set in {@code mask} (0 = highest), or 8 if none. */
    private int priority(int mask) {
        if (mask == 0) {
            return 8;
        }
        int p = 0;
        while ((mask & (1 << ((p + priorityAdd) & 7))) == 0) {
            p++;
        }
        return p;
    }

    /** The input that would be acknowledged now, or -1. */
    private int pendingInput() {
        int p = priority(irr & ~imr);
        if (p == 8) {
            return -1;
        }
        int inService = isr;
        if (specialMask) {
            inService &= ~imr;
        }
        if (specialFullyNested && cascadeInput >= 0) {
            // The slave may interrupt a slave interrupt in service (special fully nested mode).
            inService &= ~(1 << cascadeInput);
        }
        return p < priority(inService) ? (p + priorityAdd) & 7 : -1;
    }

    private void update() {
        outputLevel = pendingInput() >= 0;
        output.set(outputLevel);
    }

    /** Level of the INT output. */
    public boolean outputLevel() {
        return outputLevel;
    }

    /**
     * The CPU's interrupt acknowledge (two INTA pulses): moves the highest-priority request from IRR to ISR
     * (unless in automatic EOI mode) and returns its vector (ICW2 base + input). On the master, a request on
     * the cascade input returns the slave's vector. With no request left, returns the spurious vector of IR7.
     */
    public int acknowledge() {
        int n = pendingInput();
        if (n < 0) {
            return irqBase | 7;
        }
        acceptRequest(n);
        int vector;
        if (n == cascadeInput && slave != null && !singleMode) {
            vector = slave.acknowledge();
        } else {
            vector = irqBase | n;
        }
        update();
        return vector;
    }

    private void acceptRequest(int n) {
        int bit = 1 << n;
        if (!isLevel(bit)) {
            irr &= ~bit;
        }
        if (autoEoi) {
            if (rotateOnAutoEoi) {
                priorityAdd = (n + 1) & 7;
            }
        } else {
            isr |= bit;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Registers

    @Override
    public long read(long offset, int size) {
        if (poll) {
            poll = false;
            int n = pendingInput();
            if (n < 0) {
                return 0;
            }
            acceptRequest(n);
            if (n == cascadeInput && slave != null && !singleMode) {
                slave.pollAck();
            }
            update();
            return 0x80 | n;
        }
        if ((offset & 1) == 0) {
            return readIsr ? isr : irr;
        }
        return imr;
    }

    /** A poll command on the master that found the cascade input: the slave is polled too. */
    private void pollAck() {
        int n = pendingInput();
        if (n >= 0) {
            acceptRequest(n);
            update();
        }
    }

    @Override
    public void write(long offset, int size, long value) {
        int v = (int) value & 0xFF;
        if ((offset & 1) == 0) {
            writeCommand(v);
        } else {
            writeData(v);
        }
    }

    private void writeCommand(int v) {
        if ((v & 0x10) != 0) {
            // ICW1
            initReset();
            needIcw4 = (v & 0x01) != 0;
            singleMode = (v & 0x02) != 0;
            levelTriggered = (v & 0x08) != 0;
            // The edge-sense latches are reset (an edge input needs a new rising edge), but a level-triggered
            // input still asserted keeps requesting: QEMU's pic_init_reset keeps irr & elcr.
            for (int bit = 1; bit < 0x100; bit <<= 1) {
                if (isLevel(bit)) {
                    irr |= inputLevel & bit;
                }
            }
            if ((v & 0x04) != 0) {
                unimplemented("ICW1 call address interval 4 (MCS-80/85 mode) has no effect");
            }
            initState = 1;
            update();
        } else if ((v & 0x08) != 0) {
            // OCW3
            if ((v & 0x04) != 0) {
                poll = true;
            }
            if ((v & 0x02) != 0) {
                readIsr = (v & 0x01) != 0;
            }
            if ((v & 0x40) != 0) {
                specialMask = (v & 0x20) != 0;
            }
            update();
        } else {
            writeOcw2(v);
        }
    }

    private void writeOcw2(int v) {
        int cmd = v >> 5;
        int level = v & 7;
        switch (cmd) {
            case 0 -> rotateOnAutoEoi = false;
            case 4 -> rotateOnAutoEoi = true;
            case 1, 5 -> { // non-specific EOI, optionally rotating
                int p = priority(isr);
                if (p != 8) {
                    int n = (p + priorityAdd) & 7;
                    isr &= ~(1 << n);
                    if (cmd == 5) {
                        priorityAdd = (n + 1) & 7;
                    }
                }
            }
            case 3 -> isr &= ~(1 << level); // specific EOI
            case 7 -> { // rotate on specific EOI
                isr &= ~(1 << level);
                priorityAdd = (level + 1) & 7;
            }
            case 6 -> priorityAdd = (level + 1) & 7; // set priority: IR level becomes the lowest
            default -> { } // 2: no operation
        }
        update();
    }

    private void writeData(int v) {
        switch (initState) {
            case 1 -> {
                irqBase = v & 0xF8;
                initState = singleMode ? (needIcw4 ? 3 : 0) : 2;
            }
            case 2 -> {
                icw3 = v;
                initState = needIcw4 ? 3 : 0;
            }
            case 3 -> {
                if ((v & 0x01) == 0) {
                    unimplemented("ICW4 MCS-80/85 mode is not modelled; 8086 mode is used");
                }
                autoEoi = (v & 0x02) != 0;
                specialFullyNested = (v & 0x10) != 0;
                initState = 0;
            }
            default -> {
                imr = v;
                update();
            }
        }
    }

    /** The ELCR port of this controller (PIIX3 datasheet, "ELCR1/ELCR2"): 1 = level-triggered input. */
    public MmioHandler elcrPort() {
        return new MmioHandler() {
            @Override
            public long read(long offset, int size) {
                return elcr;
            }

            @Override
            public void write(long offset, int size, long value) {
                elcr = (int) value & elcrMask;
                // Inputs switched to level follow their line from now on.
                irr = (irr & ~elcr) | (inputLevel & elcr);
                update();
            }
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Inspection (tests, monitor)

    public int irr() {
        return irr;
    }

    public int isr() {
        return isr;
    }

    public int imr() {
        return imr;
    }

    /** The vector base programmed by ICW2. */
    public int vectorBase() {
        return irqBase;
    }
}
