package org.jemu.machine.misc;

import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import java.util.function.IntSupplier;
import org.jemu.machine.device.Device;
import org.jemu.machine.device.VmState;
import org.jemu.translator.memory.MmioHandler;

/**
 * The MPC8544 global utilities block ("MPC8544E PowerQUICC III Integrated Processor Reference Manual",
 * chapter 18 "Global Utilities"), as QEMU 7.2's {@code hw/ppc/mpc8544_guts.c} models it: only the registers a
 * firmware needs to identify the processor and reset the system.
 *
 * <h2>Interface</h2>
 * <ul>
 * <li>Registers: this object is the {@link MmioHandler} of a {@value #SIZE}-byte region (CCSR + 0xE0000 on
 * the e500 boards), big-endian, 32-bit registers.</li>
 * <li>Reset request: {@code resetRequest} runs when the guest writes RSTCR with HRESET_REQ set.</li>
 * </ul>
 *
 * <h2>Registers</h2>
 * PVR (0xA0) reads the CPU's processor version register, SVR (0xA4) its system version register; RSTCR
 * (0xB0) bit 0x2 (HRESET_REQ) requests a system reset. Every other offset reads as zero and ignores writes,
 * logged as a guest error (QEMU 7.2 returns zero for PORPLLSR too; later QEMU versions fill in PLL ratios).
 * The block has no state.
 */
public final class Mpc8544Guts extends Device implements MmioHandler {
    public static final int SIZE = 0x1000;
    public static final int PORPLLSR = 0x00;
    public static final int PVR = 0xA0;
    public static final int SVR = 0xA4;
    public static final int RSTCR = 0xB0;
    /** RSTCR[HRESET_REQ]: assert the hard reset request. */
    public static final int RSTCR_RESET = 0x02;

    private final IntSupplier pvr;
    private final IntSupplier svr;
    private final Runnable resetRequest;
    private final VmState vmState;

    /**
     * @param name         instance name
     * @param pvr          the current CPU's PVR
     * @param svr          the current CPU's SVR
     * @param resetRequest called on a write of RSTCR with HRESET_REQ
     */
    public Mpc8544Guts(String name, IntSupplier pvr, IntSupplier svr, Runnable resetRequest) {
        super(name);
        this.pvr = pvr;
        this.svr = svr;
        this.resetRequest = resetRequest;
        this.vmState = VmState.builder("mpc8544-guts", 1, 1, MethodHandles.lookup(), this).build();
    }

    @Override
    public void reset() {
        // no state
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
        if (size != 4) {
            guestError("%d-byte read at 0x%x (registers are 32-bit)", size, offset);
            return 0;
        }
        return switch ((int) offset & (SIZE - 1)) {
            case PVR -> pvr.getAsInt() & 0xFFFF_FFFFL;
            case SVR -> svr.getAsInt() & 0xFFFF_FFFFL;
            default -> {
                guestError("read of unknown register 0x%x", offset);
                yield 0;
            }
        };
    }

    @Override
    public void write(long offset, int size, long value) {
        if (size != 4) {
            guestError("%d-byte write at 0x%x (registers are 32-bit)", size, offset);
            return;
        }
        if (((int) offset & (SIZE - 1)) == RSTCR) {
            if ((value & RSTCR_RESET) != 0) {
                resetRequest.run();
            }
            return;
        }
        guestError("write of unknown register 0x%x = 0x%x", offset, value);
    }
}
