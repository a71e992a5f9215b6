package org.jemu.cli;

import org.jemu.machine.Machine;

/**
 * The execution tiers the test-ROM tests run a machine in (the loop's compile threshold), and a run with a
 * watchdog.
 */
enum RomTier {
    /** The loop's default tiering. */
    DEFAULT(null),
    /** Every block compiled before it first runs (threshold 0, no background compilation). */
    COMPILE_ALL(0),
    /** The IR interpreter only (threshold -1). */
    INTERPRET_ONLY(-1);

    final Integer threshold;

    RomTier(Integer threshold) {
        this.threshold = threshold;
    }

    /** Sets {@code m}'s execution loop up for this tier; call before {@link Machine#run()}. */
    void apply(Machine m) {
        if (threshold != null) {
            m.loop().setCompileThreshold(threshold);
        }
        if (this == COMPILE_ALL) {
            m.loop().setBackgroundCompile(false);
        }
    }

    /**
     * Runs {@code m} in this thread until it stops by itself, or for at most {@code timeoutSeconds} of wall time
     * (then it is stopped with {@link Machine.Shutdown#HOST_QUIT}).
     */
    static Machine.Shutdown runWithWatchdog(Machine m, long timeoutSeconds) {
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(timeoutSeconds * 1000);
                m.requestShutdown(Machine.Shutdown.HOST_QUIT);
            } catch (InterruptedException e) {
                // the run ended by itself
            }
        });
        try {
            return m.run();
        } finally {
            watchdog.interrupt();
        }
    }
}
