package org.jemu.translator.exec;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lowers the host scheduling priority of the threads that compile guest code: HotSpot's JIT compiler threads
 * ({@code C1 CompilerThre}, {@code C2 CompilerThre}) and jemu's own {@code jemu-compiler}, so that on a machine
 * with few cores the vCPU thread keeps its core and the compilers use what is left.
 *
 * <p>On the project's 2-core machine the compilers otherwise take about one core during a Linux boot, and the
 * scheduler shares both cores among them and the vCPU thread. Raising the compilers' nice value to 10 took the
 * arm64 installer from 91.2 s and 98.1 s to 80.3 s and 85.1 s to its first screen (paired runs). Guest behaviour
 * does not change: guest time follows the instruction count, not the host.
 *
 * <p>Linux only ({@code setpriority(2)} with {@code PRIO_PROCESS} applies to one thread there, found by its
 * task id under {@code /proc/self/task}); elsewhere, or if the C library cannot be reached, nothing happens.
 * Raising a nice value needs no privilege. The nice value is the system property {@code jemu.jitNice}
 * (default 10, 0 to leave the threads alone).
 */
public final class JitThreadPriority {
    /** Nice value given to the compiler threads (0..19). */
    public static final int NICE = Integer.getInteger("jemu.jitNice", 10);

    private static final int PRIO_PROCESS = 0;
    private static final MethodHandle SETPRIORITY = setpriority();

    private JitThreadPriority() {
    }

    private static MethodHandle setpriority() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("setpriority")
                    .map(a -> linker.downcallHandle(a, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null; // no native access: the threads keep their priority
        }
    }

    /** True for the names (as in {@code /proc/PID/task/TID/comm}, at most 15 bytes) of compiler threads. */
    static boolean isCompilerThread(String comm) {
        return comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")
                || comm.startsWith("jemu-compiler");
    }

    /**
     * Gives every compiler thread that exists now the nice value {@link #NICE}.
     *
     * @return how many threads were changed (0 if not on Linux, if {@code NICE} is 0, or on any failure)
     */
    public static int apply() {
        if (SETPRIORITY == null || NICE <= 0) {
            return 0;
        }
        int changed = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String comm;
                try {
                    comm = new String(Files.readAllBytes(task.resolve("comm")), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                if (!isCompilerThread(comm)) {
                    continue;
                }
                if (setpriority(Integer.parseInt(task.getFileName().toString()))) {
                    changed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // /proc not mounted or not as expected: leave the priorities as they are
        }
        return changed;
    }

    /** {@code setpriority(PRIO_PROCESS, tid, NICE)}; false if the call failed (the thread ended, say). */
    private static boolean setpriority(int tid) {
        try {
            return (int) SETPRIORITY.invokeExact(PRIO_PROCESS, tid, NICE) == 0;
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            return false;
        }
    }
}
