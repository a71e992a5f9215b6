package org.jemu.machine.intc;

import java.util.Arrays;
import org.jemu.machine.device.Device;
import org.jemu.translator.exec.IrqLine;

/**
 * What {@link Gicv2} and {@link Gicv3} share: the per-interrupt state (enable, pending latch, active, input
 * level, group, edge/level configuration, priority; banked IDs 0-31 per CPU, then the SPIs), the SPI and PPI
 * inputs with the level/edge pending rules (IHI0048B 3.2.4, IHI0069 4.1.1) and each CPU's IRQ and FIQ outputs.
 * Flags are bytes 0/1 so that the snapshot state stays simple and can be validated.
 */
abstract class GicBase extends Device implements ArmGic {
    /** Number of SGIs + PPIs (banked interrupt IDs). */
    static final int BANKED = 32;

    final int numCpus;
    final int numSpis;
    final IrqLine[] irqOut;
    final IrqLine[] fiqOut;
    final boolean[] irqLevel;
    final boolean[] fiqLevel;

    final byte[] enabled;
    final byte[] pendLatch;
    final byte[] active;
    final byte[] level;
    final byte[] group;
    final byte[] edge;
    final byte[] priority;

    /** {@code numIrq} counts the 32 banked IDs too; the caller has checked both counts. */
    GicBase(String name, int numCpus, int numIrq) {
        super(name);
        this.numCpus = numCpus;
        this.numSpis = numIrq - BANKED;
        irqOut = new IrqLine[numCpus];
        fiqOut = new IrqLine[numCpus];
        Arrays.fill(irqOut, IrqLine.NONE);
        Arrays.fill(fiqOut, IrqLine.NONE);
        irqLevel = new boolean[numCpus];
        fiqLevel = new boolean[numCpus];
        int n = numCpus * BANKED + numSpis;
        enabled = new byte[n];
        pendLatch = new byte[n];
        active = new byte[n];
        level = new byte[n];
        group = new byte[n];
        edge = new byte[n];
        priority = new byte[n];
    }

    /** Recomputes each CPU's highest priority pending interrupt and drives the outputs with {@link #drive}. */
    abstract void update();

    /** Clears the per-interrupt state (not the input levels' meaning: {@code level} is cleared too). */
    final void resetInterruptState() {
        for (byte[] f : new byte[][] {enabled, pendLatch, active, level, group, edge, priority}) {
            Arrays.fill(f, (byte) 0);
        }
    }

    /** Rejects a loaded flag array holding anything but 0 and 1. */
    final void checkFlagArrays() {
        String[] names = {"enabled", "pending", "active", "level", "group", "edge"};
        byte[][] flags = {enabled, pendLatch, active, level, group, edge};
        for (int k = 0; k < flags.length; k++) {
            for (int i = 0; i < flags[k].length; i++) {
                if (flags[k][i] != 0 && flags[k][i] != 1) {
                    throw new IllegalArgumentException(names[k] + " flag " + i + " is " + flags[k][i] + ", not 0 or 1");
                }
            }
        }
    }

    /** State index of interrupt {@code irq} as seen by CPU {@code cpu}. */
    final int idx(int irq, int cpu) {
        return irq < BANKED ? cpu * BANKED + irq : numCpus * BANKED + (irq - BANKED);
    }

    /** Pending: latched, or a level-sensitive input that is high. */
    final boolean pending(int i) {
        return pendLatch[i] != 0 || (level[i] != 0 && edge[i] == 0);
    }

    final void setInput(int irq, int cpu, boolean high) {
        int i = idx(irq, cpu);
        if ((level[i] != 0) == high) {
            return;
        }
        level[i] = (byte) (high ? 1 : 0);
        if (high && edge[i] != 0) {
            pendLatch[i] = 1;
        }
        update();
    }

    /** Sets CPU {@code c}'s outputs, signalling only changes. */
    final void drive(int c, boolean irqL, boolean fiqL) {
        if (irqL != irqLevel[c]) {
            irqLevel[c] = irqL;
            irqOut[c].set(irqL);
        }
        if (fiqL != fiqLevel[c]) {
            fiqLevel[c] = fiqL;
            fiqOut[c].set(fiqL);
        }
    }

    @Override
    public void connectCpu(int cpu, IrqLine irq, IrqLine fiq) {
        checkCpu(cpu);
        irqOut[cpu] = irq == null ? IrqLine.NONE : irq;
        fiqOut[cpu] = fiq == null ? IrqLine.NONE : fiq;
        irqOut[cpu].set(irqLevel[cpu]);
        fiqOut[cpu].set(fiqLevel[cpu]);
    }

    @Override
    public IrqLine spi(int n) {
        if (n < 0 || n >= numSpis) {
            throw new IllegalArgumentException("SPI " + n + " out of range 0.." + (numSpis - 1));
        }
        int irq = BANKED + n;
        return lvl -> setInput(irq, 0, lvl);
    }

    @Override
    public IrqLine ppi(int cpu, int intId) {
        checkCpu(cpu);
        if (intId < 16 || intId >= BANKED) {
            throw new IllegalArgumentException("PPI interrupt ID " + intId + " out of range 16..31");
        }
        return lvl -> setInput(intId, cpu, lvl);
    }

    @Override
    public boolean irqAsserted(int cpu) {
        return irqLevel[cpu];
    }

    @Override
    public boolean fiqAsserted(int cpu) {
        return fiqLevel[cpu];
    }

    /** Number of CPU interfaces. */
    public int numCpus() {
        return numCpus;
    }

    final void checkCpu(int cpu) {
        if (cpu < 0 || cpu >= numCpus) {
            throw new IllegalArgumentException("CPU " + cpu + " out of range 0.." + (numCpus - 1));
        }
    }
}
