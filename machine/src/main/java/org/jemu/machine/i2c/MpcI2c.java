package org.jemu.machine.i2c;

import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;
import org.jemu.translator.exec.IrqLine;
import org.jemu.translator.memory.MmioHandler;

/**
 * The I2C controller of the MPC85xx/QorIQ SoCs ("MPC8544E Reference Manual" chapter 11 "I2C Interfaces"; Linux
 * binding {@code fsl-i2c}), master mode, as QEMU's {@code hw/i2c/mpc_i2c.c}.
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>Registers: this object is the {@link MmioHandler} of a {@value #SIZE}-byte region (CCSR + 0x3000 on
 * {@code ppce500}), byte registers (wider accesses are refused as a guest error): I2CADR 0x00 (own address),
 * I2CFDR 0x04 (frequency divider, stored), I2CCR 0x08 (MEN, MIEN, MSTA, MTX, TXAK, RSTA), I2CSR 0x0C (MCF, MAAS,
 * MBB, MAL, SRW, MIF, RXAK), I2CDR 0x10 (data), I2CDFSRR 0x14 (digital filter, stored).</li>
 * <li>IRQ: one line, high while MEN, MIEN and SR[MIF] are set.</li>
 * <li>The bus: {@link #bus()}, where the board attaches devices.</li>
 * </ul>
 *
 * <h2>Behaviour (as QEMU)</h2>
 * Setting CR[MSTA] marks the bus busy; the first I2CDR write after that is the address byte (START; no device:
 * SR[RXAK]), the following ones data bytes (a NACK ends the transfer); with MTX clear a read of I2CDR returns the
 * last byte and receives the next one. Each completed byte sets SR[MCF] and SR[MIF]. Clearing MSTA is a STOP;
 * RSTA ends the current transfer so the next I2CDR write addresses again. Clearing MEN resets the controller
 * except I2CADR. Transfers are instantaneous. I2CDFSRR is stored but reads as zero, as in QEMU.
 */
public final class MpcI2c extends Device implements MmioHandler {
    public static final int SIZE = 0x15;
    public static final int ADR = 0x00, FDR = 0x04, CR = 0x08, SR = 0x0C, DR = 0x10, DFSRR = 0x14;
    public static final int CCR_MEN = 0x80, CCR_MIEN = 0x40, CCR_MSTA = 0x20, CCR_MTX = 0x10, CCR_TXAK = 0x08,
            CCR_RSTA = 0x04;
    public static final int CSR_MCF = 0x80, CSR_MAAS = 0x40, CSR_MBB = 0x20, CSR_MAL = 0x10, CSR_SRW = 0x04,
            CSR_MIF = 0x02, CSR_RXAK = 0x01;
    private static final int CADR_MASK = 0xFE, CFDR_MASK = 0x3F, CCR_MASK = 0xFC, CSR_MASK = 0xED;
    private static final int CYCLE_RESET = 0xFF;

    private final I2cBus bus = new I2cBus();
    private final IrqLine irq;
    private final VmState vmState;
    private int address, adr, fdr, cr, sr, dr, dfsrr;

    /** @param name instance name; @param irq the interrupt output (to the MPIC) */
    public MpcI2c(String name, IrqLine irq) {
        super(name);
        this.irq = irq == null ? IrqLine.NONE : irq;
        this.vmState = VmState.builder("mpc-i2c", 1, 1, MethodHandles.lookup(), this)
                .u8("address").u8("adr").u8("fdr").u8("cr").u8("sr").u8("dr").u8("dfsrr")
                .postLoad(v -> updateIrq())
                .build();
        reset();
    }

    /** The controller's bus. */
    public I2cBus bus() {
        return bus;
    }

    @Override
    public void reset() {
        address = CYCLE_RESET;
        adr = 0;
        fdr = 0;
        cr = 0;
        sr = 0x81;
        dr = 0;
        updateIrq();
    }

    @Override
    public VmState vmState() {
        return vmState;
    }

    @Override
    public ByteOrder order() {
        return ByteOrder.BIG_ENDIAN;
    }

    private void updateIrq() {
        irq.set((cr & CCR_MEN) != 0 && (cr & CCR_MIEN) != 0 && (sr & CSR_MIF) != 0);
    }

    private void byteDone() {
        sr |= CSR_MCF | CSR_MIF;
        updateIrq();
    }

    @Override
    public long read(long offset, int size) {
        if (size != 1) {
            guestError("%d-byte read at 0x%x (byte registers)", size, offset);
            return 0;
        }
        switch ((int) offset) {
            case ADR:
                return adr;
            case FDR:
                return fdr;
            case CR:
                return cr;
            case SR:
                return sr;
            case DR: {
                int v = dr;
                if ((cr & CCR_MSTA) != 0 && (cr & CCR_MTX) == 0) {
                    int r = bus.recv();
                    if (r >= 0) {
                        byteDone();
                    } else {
                        r = 0xFF;
                    }
                    dr = r;
                }
                return v;
            }
            case DFSRR:
                return 0; // write-only in QEMU's model: its read switch has no DFSRR case

            default:
                guestError("read of bad offset 0x%x", offset);
                return 0;
        }
    }

    @Override
    public void write(long offset, int size, long value) {
        if (size != 1) {
            guestError("%d-byte write at 0x%x (byte registers)", size, offset);
            return;
        }
        int v = (int) value & 0xFF;
        switch ((int) offset) {
            case ADR -> adr = v & CADR_MASK;
            case FDR -> fdr = v & CFDR_MASK;
            case CR -> {
                if ((cr & CCR_MEN) != 0 && (v & CCR_MEN) == 0) {
                    int keep = adr;
                    reset();
                    adr = keep;
                    return;
                }
                cr = v & CCR_MASK;
                if ((cr & CCR_MSTA) != 0) {
                    sr |= CSR_MBB;
                } else {
                    sr &= ~CSR_MBB;
                    if (address != CYCLE_RESET) {
                        bus.endTransfer();
                        address = CYCLE_RESET;
                    }
                }
                if ((cr & CCR_RSTA) != 0 && address != CYCLE_RESET) {
                    address = CYCLE_RESET;
                    bus.endTransfer();
                    cr &= ~CCR_RSTA;
                }
            }
            case SR -> {
                sr = v & CSR_MASK;
                if ((sr & CSR_MIF) == 0 || (sr & CSR_MAL) == 0) {
                    updateIrq();
                }
            }
            case DR -> {
                if ((cr & CCR_MEN) == 0) {
                    return;
                }
                dr = v;
                if ((cr & CCR_MSTA) != 0) {
                    if (address == CYCLE_RESET) {
                        if (!bus.startTransfer(dr >> 1, (dr & 1) != 0)) {
                            sr |= CSR_RXAK;
                        } else {
                            address = dr;
                            sr &= ~CSR_RXAK;
                            byteDone();
                        }
                    } else if (!bus.send(dr)) {
                        sr |= CSR_RXAK;
                        bus.endTransfer();
                    } else {
                        sr &= ~CSR_RXAK;
                        byteDone();
                    }
                }
            }
            case DFSRR -> dfsrr = v;
            default -> guestError("write of bad offset 0x%x", offset);
        }
    }
}
