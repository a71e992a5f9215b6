package org.jemu.arm.cpu;

/**
 * Emulated PSCI 1.0 firmware (Arm DEN 0022D "Power State Coordination Interface"), reached through the
 * board's {@link PsciConduit}, with the semantics of QEMU's {@code target/arm/psci.c}: the call is made
 * by the CPU itself in place of the HVC/SMC exception; arguments are X1..X3 and the result goes to X0.
 *
 * <p>Implemented: PSCI_VERSION (1.0), CPU_SUSPEND (as WFI; only standby/power-down at affinity level 0),
 * CPU_OFF, CPU_ON, AFFINITY_INFO, MIGRATE (NOT_SUPPORTED), MIGRATE_INFO_TYPE (2: no Trusted OS),
 * SYSTEM_OFF, SYSTEM_RESET and PSCI_FEATURES, in their SMC32 and SMC64 forms, plus QEMU's PSCI 0.1
 * function IDs (0x95c1ba5e..61). Any other function ID in the PSCI range (0x84000000..0x8400001f,
 * 0xc4000000..0xc400001f) or the SMCCC Arm architecture range (0x80000000..0x8000ffff) returns
 * NOT_SUPPORTED, which SMCCC requires for unknown functions.
 */
public final class Psci {
    private Psci() {
    }

    // Function IDs (DEN 0022D, 5.1). 0xC4... are the SMC64 forms.
    public static final long PSCI_VERSION = 0x8400_0000L;
    public static final long CPU_SUSPEND = 0x8400_0001L;
    public static final long CPU_SUSPEND_64 = 0xc400_0001L;
    public static final long CPU_OFF = 0x8400_0002L;
    public static final long CPU_ON = 0x8400_0003L;
    public static final long CPU_ON_64 = 0xc400_0003L;
    public static final long AFFINITY_INFO = 0x8400_0004L;
    public static final long AFFINITY_INFO_64 = 0xc400_0004L;
    public static final long MIGRATE = 0x8400_0005L;
    public static final long MIGRATE_64 = 0xc400_0005L;
    public static final long MIGRATE_INFO_TYPE = 0x8400_0006L;
    public static final long SYSTEM_OFF = 0x8400_0008L;
    public static final long SYSTEM_RESET = 0x8400_0009L;
    public static final long PSCI_FEATURES = 0x8400_000aL;
    /** QEMU's PSCI 0.1 function IDs (device tree "arm,psci" cpu_suspend/cpu_off/cpu_on/migrate). */
    public static final long QEMU_0_1_CPU_SUSPEND = 0x95c1_ba5eL;
    public static final long QEMU_0_1_CPU_OFF = 0x95c1_ba5fL;
    public static final long QEMU_0_1_CPU_ON = 0x95c1_ba60L;
    public static final long QEMU_0_1_MIGRATE = 0x95c1_ba61L;

    // Return codes (DEN 0022D, 5.2.2).
    public static final int SUCCESS = 0;
    public static final int NOT_SUPPORTED = -1;
    public static final int INVALID_PARAMETERS = -2;
    public static final int DENIED = -3;
    public static final int ALREADY_ON = -4;
    public static final int ON_PENDING = -5;
    public static final int INTERNAL_FAILURE = -6;

    /** PSCI_VERSION result: major 1, minor 0. */
    public static final int VERSION_1_0 = 0x0001_0000;
    /** MIGRATE_INFO_TYPE result: Trusted OS not present or does not require migration. */
    public static final int TOS_NOT_PRESENT = 2;

    /** True if {@code fn} (the full X0) is a function ID the emulated firmware answers. */
    public static boolean isPsciCall(long fn) {
        return (fn >= 0x8400_0000L && fn <= 0x8400_001fL) || (fn >= 0xc400_0000L && fn <= 0xc400_001fL)
                || (fn >= 0x8000_0000L && fn <= 0x8000_ffffL)
                || (fn >= QEMU_0_1_CPU_SUSPEND && fn <= QEMU_0_1_MIGRATE);
    }

    private static boolean implemented(long fn) {
        return fn == PSCI_VERSION || fn == CPU_SUSPEND || fn == CPU_SUSPEND_64 || fn == CPU_OFF
                || fn == CPU_ON || fn == CPU_ON_64 || fn == AFFINITY_INFO || fn == AFFINITY_INFO_64
                || fn == MIGRATE_INFO_TYPE || fn == SYSTEM_OFF || fn == SYSTEM_RESET || fn == PSCI_FEATURES;
    }

    /**
     * Performs the PSCI call in X0 for {@code c} and writes the result to X0. CPU_OFF, SYSTEM_OFF and
     * SYSTEM_RESET stop the CPU ({@link Aarch64Cpu#stopped}); CPU_SUSPEND halts it until an interrupt.
     */
    static void call(Aarch64Cpu c, PowerControl power) {
        long fn = c.regs[Aarch64Cpu.X0];
        boolean smc64 = (fn & 0x4000_0000L) != 0;
        // SMC32 functions take 32-bit arguments: the upper halves of X1..X3 are ignored.
        long a1 = smc64 ? c.regs[1] : c.regs[1] & 0xffff_ffffL;
        long a2 = smc64 ? c.regs[2] : c.regs[2] & 0xffff_ffffL;
        long a3 = smc64 ? c.regs[3] : c.regs[3] & 0xffff_ffffL;
        int ret;
        if (fn == PSCI_VERSION) {
            ret = VERSION_1_0;
        } else if (fn == MIGRATE_INFO_TYPE) {
            ret = TOS_NOT_PRESENT;
        } else if (fn == PSCI_FEATURES) {
            long f = a1 & 0xffff_ffffL;
            ret = implemented(f) ? SUCCESS : NOT_SUPPORTED;
        } else if (fn == AFFINITY_INFO || fn == AFFINITY_INFO_64) {
            // Levels above 0 are always on (QEMU); level 0 asks the board.
            ret = a2 != 0 ? 0 : power.affinityInfo(a1);
        } else if (fn == CPU_ON || fn == CPU_ON_64 || fn == QEMU_0_1_CPU_ON) {
            ret = power.cpuOn(a1, a2, a3);
        } else if (fn == CPU_OFF || fn == QEMU_0_1_CPU_OFF) {
            c.powerOff();
            return;
        } else if (fn == SYSTEM_OFF) {
            power.systemOff();
            c.powerOff();
            return;
        } else if (fn == SYSTEM_RESET) {
            power.systemReset();
            c.powerOff();
            return;
        } else if (fn == CPU_SUSPEND || fn == CPU_SUSPEND_64 || fn == QEMU_0_1_CPU_SUSPEND) {
            // Only affinity level 0 states are supported; any state is entered as WFI and returns success.
            if ((a1 & 0xfffe_0000L) != 0) {
                ret = INVALID_PARAMETERS;
            } else {
                ret = SUCCESS;
                if (!c.interruptPending()) {
                    c.halted = true;
                }
            }
        } else {
            ret = NOT_SUPPORTED;
        }
        c.regs[Aarch64Cpu.X0] = ret;
    }
}
