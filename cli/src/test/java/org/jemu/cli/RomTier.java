package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jemu.machine.Machine;
import org.jemu.translator.exec.ExecStats;

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

    /**
     * Checks that a run's statistics show this tier: nothing compiled when interpreting, only compiled code (and no
     * compile failure) when compiling every block.
     */
    void assertStats(ExecStats st) {
        switch (this) {
            case INTERPRET_ONLY -> {
                assertEquals(0, st.blocksCompiled, "threshold -1 must never compile");
                assertEquals(st.blocksExecuted, st.interpretedExecutions, "threshold -1 must only interpret");
            }
            case COMPILE_ALL -> {
                assertEquals(0, st.compileFailures, "every block of the test ROMs compiles");
                assertEquals(0, st.interpretedExecutions, "threshold 0 must run only compiled code");
            }
            case DEFAULT -> {
            }
        }
    }

    /**
     * Records {@code instructions} of {@code rom} run in this tier in {@code counts} and checks that every tier
     * recorded so far for it ended at the same instruction count.
     */
    void assertSameCount(Map<String, Map<RomTier, Long>> counts, String rom, long instructions) {
        Map<RomTier, Long> byTier = counts.computeIfAbsent(rom, k -> new ConcurrentHashMap<>());
        byTier.put(this, instructions);
        for (Map.Entry<RomTier, Long> e : byTier.entrySet()) {
            assertEquals(e.getValue().longValue(), instructions, rom + ": instructions at the end differ between "
                    + e.getKey() + " and " + this + " (all: " + byTier + ")");
        }
    }
}
