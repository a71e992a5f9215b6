package org.jemu.translator.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link JitThreadPriority} on Linux: the JIT compiler threads get nice 10, the test's own thread keeps its value. */
class JitThreadPriorityTest {
    /** Nice value of each thread of this process by name (field 19 of /proc/self/task/TID/stat, after the comm). */
    private static Map<String, Integer> niceByThread() throws Exception {
        Map<String, Integer> m = new HashMap<>();
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                String stat = Files.readString(t.resolve("stat"));
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                m.put(comm, Integer.parseInt(f[16])); // fields from 3 (state) on: nice is field 19
            }
        }
        return m;
    }

    @Test
    void compilerThreadsGetNiceTenAndOthersKeepTheirs() throws Exception {
        assertTrue(System.getProperty("os.name").startsWith("Linux"), "this test reads /proc");
        // A thread standing in for the vCPU thread (HotSpot gives the OS thread the Java name).
        var release = new java.util.concurrent.CountDownLatch(1);
        Thread probe = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vcpu-probe");
        probe.start();
        try {
            Integer probeBefore = null;
            for (int i = 0; i < 100 && probeBefore == null; i++) {
                probeBefore = niceByThread().get("vcpu-probe");
                Thread.sleep(10);
            }
            assertNotNull(probeBefore, "the probe thread shows in /proc/self/task");
            int changed = JitThreadPriority.apply();
            Map<String, Integer> after = niceByThread();
            assertTrue(changed >= 2, "changed " + changed + " threads: " + after);
            assertEquals(10, after.get("C2 CompilerThre"), after.toString());
            assertEquals(10, after.get("C1 CompilerThre"), after.toString());
            assertEquals(probeBefore, after.get("vcpu-probe"), "other threads keep their nice value: " + after);
        } finally {
            release.countDown();
            probe.join();
        }
    }

    @Test
    void onlyCompilerThreadNamesMatch() {
        assertTrue(JitThreadPriority.isCompilerThread("C2 CompilerThre"));
        assertTrue(JitThreadPriority.isCompilerThread("C1 CompilerThre"));
        assertTrue(JitThreadPriority.isCompilerThread("jemu-compiler"));
        assertFalse(JitThreadPriority.isCompilerThread("main"));
        assertFalse(JitThreadPriority.isCompilerThread("GC Thread#0"));
    }
}
