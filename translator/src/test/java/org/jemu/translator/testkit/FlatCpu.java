package org.jemu.translator.testkit;

import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.exec.GuestFault;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.memory.PhysicalAddressSpace;

/**
 * A minimal guest CPU for translator tests: {@code numRegs} slots with the PC in the last one, identity
 * address translation (virtual = physical) with every permission except where a test marks a page as
 * faulting, and blocks supplied by the test.
 */
public class FlatCpu extends GuestCpu {
    /** A fault a test can observe. */
    public static final class TestFault extends GuestFault {
        public long address;
        public int access;
    }

    public final TestFault fault = new TestFault();
    /** Guest virtual page (4 KiB aligned) that faults on any access, or -1. */
    public long faultingPage = -1;
    public int faultsDelivered;
    /** Translator used by {@link #translateBlock}; tests set it. */
    public java.util.function.LongFunction<IrBlock> translator;

    public FlatCpu(int numRegs, PhysicalAddressSpace mem) {
        super(0, numRegs, 1, mem);
    }

    @Override
    public int pcSlot() {
        return regs.length - 1;
    }

    @Override
    public long tbFlags() {
        return 0;
    }

    @Override
    public int fetchMmuIdx(long tbFlags) {
        return 0;
    }

    @Override
    public IrBlock translateBlock(long pc, long flags, int maxInsns) {
        return translator.apply(pc);
    }

    @Override
    public long translate(long vaddr, int access, int mmuIdx) {
        if ((vaddr & ~0xfffL) == faultingPage) {
            fault.address = vaddr;
            fault.access = access;
            throw fault;
        }
        return (vaddr & ~0xfffL) | PROT_READ | PROT_WRITE | PROT_EXEC;
    }

    @Override
    public GuestFault alignmentFault(long vaddr, int access, int mmuIdx) {
        fault.address = vaddr;
        fault.access = access;
        return fault;
    }

    @Override
    public void deliverFault(GuestFault f) {
        faultsDelivered++;
    }

    @Override
    public boolean checkInterrupts() {
        return false;
    }
}
