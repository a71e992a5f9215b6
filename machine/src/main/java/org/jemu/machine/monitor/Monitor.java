package org.jemu.machine.monitor;

import org.jemu.machine.Machine;
import org.jemu.translator.exec.ExecStats;
import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.memory.MemoryRegion;

/**
 * The human monitor, in the spirit of QEMU's HMP: one command per line, text out. Reached with Ctrl-A C
 * on the stdio console (and later through gdb's {@code monitor}). Commands that look at guest state run
 * on the vCPU thread between blocks.
 */
public final class Monitor {
    private final Machine machine;

    public Monitor(Machine machine) {
        this.machine = machine;
    }

    /** The command summary printed by {@code help}. */
    public static final String HELP = String.join("\n",
            "help                  this list",
            "info status           running or paused",
            "info registers        the vCPUs' registers",
            "info mtree            the guest physical memory map",
            "info jit              translation and execution statistics",
            "stop                  pause the vCPUs",
            "cont | c              resume the vCPUs",
            "system_reset          reset the machine",
            "quit | q              quit jemu");

    /**
     * Executes one command line.
     *
     * @return the command's output (may be empty), or an error line for unknown commands
     */
    public String execute(String line) {
        String cmd = line.trim().replaceAll("\\s+", " ");
        switch (cmd) {
            case "" -> {
                return "";
            }
            case "help", "h", "?" -> {
                return HELP;
            }
            case "info status" -> {
                return "VM status: " + (machine.isPaused() ? "paused" : "running");
            }
            case "info registers" -> {
                return onVcpuThread(() -> {
                    StringBuilder sb = new StringBuilder();
                    for (GuestCpu c : machine.cpus()) {
                        if (machine.cpus().size() > 1) {
                            sb.append("CPU#").append(c.cpuIndex).append('\n');
                        }
                        sb.append(c.dumpRegisters());
                    }
                    return sb.toString().stripTrailing();
                });
            }
            case "info mtree" -> {
                StringBuilder sb = new StringBuilder("address-space: memory\n");
                for (MemoryRegion r : machine.memory().regions()) {
                    sb.append("  ").append(r).append('\n');
                }
                return sb.toString().stripTrailing();
            }
            case "info jit" -> {
                return onVcpuThread(() -> {
                    ExecStats s = machine.stats();
                    return String.format("instructions %d%nblocks translated %d (%d guest instructions, %.3f s)%n"
                            + "blocks compiled %d (%.3f s, %d failed)%nblocks executed %d, chained %d",
                            machine.instructions(), s.blocksTranslated, s.insnsTranslated, s.translateNanos / 1e9,
                            s.blocksCompiled, s.compileNanos / 1e9, s.compileFailures, s.blocksExecuted,
                            s.chainedDispatches);
                });
            }
            case "stop" -> {
                machine.pause();
                return "";
            }
            case "cont", "c" -> {
                machine.resume();
                return "";
            }
            case "system_reset" -> {
                machine.requestShutdown(Machine.Shutdown.RESET);
                return "";
            }
            case "quit", "q" -> {
                machine.requestShutdown(Machine.Shutdown.HOST_QUIT);
                return "";
            }
            default -> {
                return "unknown command: '" + cmd + "' (try 'help')";
            }
        }
    }

    private String onVcpuThread(java.util.function.Supplier<String> s) {
        try {
            return machine.callOnVcpu(s, 5);
        } catch (IllegalStateException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return "error: " + e.getMessage();
        }
    }
}
