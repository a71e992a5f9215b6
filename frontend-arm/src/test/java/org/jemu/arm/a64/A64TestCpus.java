package org.jemu.arm.a64;

import org.jemu.arm.cpu.A64CpuModel;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.memory.PhysicalAddressSpace;

/** Builds the CPU the A64 translator tests run on: a Cortex-A57 with EL0 and EL1, reset at EL1, MMU off. */
final class A64TestCpus {
    private A64TestCpus() {
    }

    static Aarch64Cpu create(PhysicalAddressSpace mem) {
        return new Aarch64Cpu(A64CpuModel.CORTEX_A57, 0, mem, new VirtualClock(0, false));
    }
}
