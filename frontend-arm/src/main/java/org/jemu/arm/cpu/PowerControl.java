package org.jemu.arm.cpu;

import java.util.List;

/**
 * What the board does for PSCI calls that reach beyond one CPU (Arm DEN 0022 "Power State Coordination
 * Interface"). The CPU handles the call itself ({@link Psci}) and asks the board through this interface;
 * all methods run on the vCPU thread of the caller.
 */
public interface PowerControl {
    /** SYSTEM_OFF: power the machine down. The calling CPU stops after this returns. */
    void systemOff();

    /** SYSTEM_RESET: reset the machine. The calling CPU stops after this returns. */
    void systemReset();

    /**
     * CPU_ON: start the stopped CPU whose MPIDR affinity fields equal {@code targetMpidr}, at
     * {@code entry} with X0 = {@code contextId}.
     *
     * @return a PSCI return code: {@link Psci#SUCCESS}, {@link Psci#ALREADY_ON},
     *         {@link Psci#INVALID_PARAMETERS} (no such CPU) ...
     */
    int cpuOn(long targetMpidr, long entry, long contextId);

    /**
     * AFFINITY_INFO at affinity level 0.
     *
     * @return 0 (ON), 1 (OFF), 2 (ON_PENDING) or {@link Psci#INVALID_PARAMETERS}
     */
    int affinityInfo(long targetMpidr);

    /**
     * The usual implementation for a board whose CPUs are {@code cpus}: CPU_ON powers on a stopped CPU
     * through {@link Aarch64Cpu#powerOn}, AFFINITY_INFO reports {@link Aarch64Cpu#stopped}.
     */
    static PowerControl forCpus(List<? extends Aarch64Cpu> cpus, Runnable systemOff, Runnable systemReset) {
        return new PowerControl() {
            @Override
            public void systemOff() {
                systemOff.run();
            }

            @Override
            public void systemReset() {
                systemReset.run();
            }

            @Override
            public int cpuOn(long targetMpidr, long entry, long contextId) {
                Aarch64Cpu t = find(targetMpidr);
                if (t == null) {
                    return Psci.INVALID_PARAMETERS;
                }
                if (!t.stopped) {
                    return Psci.ALREADY_ON;
                }
                t.powerOn(entry, contextId);
                return Psci.SUCCESS;
            }

            @Override
            public int affinityInfo(long targetMpidr) {
                Aarch64Cpu t = find(targetMpidr);
                if (t == null) {
                    return Psci.INVALID_PARAMETERS;
                }
                return t.stopped ? 1 : 0;
            }

            private Aarch64Cpu find(long mpidr) {
                for (Aarch64Cpu c : cpus) {
                    if ((c.mpidr() & Aarch64Cpu.MPIDR_AFFINITY_MASK) == (mpidr & Aarch64Cpu.MPIDR_AFFINITY_MASK)) {
                        return c;
                    }
                }
                return null;
            }
        };
    }
}
