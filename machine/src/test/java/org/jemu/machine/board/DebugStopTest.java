package org.jemu.machine.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.machine.Boards;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.exec.ExecLoop.DebugEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Breakpoints, single steps and watchpoints on the virt board, as the gdb stub uses them: execution stops
 * before the instruction at a breakpoint and resumes through it, a step executes exactly one instruction,
 * and a watchpoint stops at the instruction about to access the watched address (AArch64) and lets it
 * run once on resume.
 */
class DebugStopTest {
    @TempDir
    Path tmp;

    /**
     * x1 = 0x4020_0000; x2 = 0; loop: x2 += 1; [x1] = x2; if x2 != 10 goto loop; PSCI SYSTEM_OFF.
     * Encodings from the Arm ARM (C6.2 MOVZ, ADD (immediate), STR (immediate), SUBS (immediate), B.cond, MOVK, HVC).
     */
    static final int[] PROGRAM = {
        0xd2a80401, // 0x00 movz x1, #0x4020, lsl #16
        0xd2800002, // 0x04 movz x2, #0
        0x91000442, // 0x08 add  x2, x2, #1
        0xf9000022, // 0x0c str  x2, [x1]
        0xf100285f, // 0x10 cmp  x2, #10
        0x54ffffa1, // 0x14 b.ne 0x08
        0x52800100, // 0x18 movz w0, #8
        0x72b08000, // 0x1c movk w0, #0x8400, lsl #16
        0xd4000002, // 0x20 hvc  #0
    };
    static final long DATA = 0x4020_0000L;

    private Machine start(LinkedBlockingQueue<DebugEvent> events) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(PROGRAM.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : PROGRAM) {
            b.putInt(w);
        }
        Path rom = tmp.resolve("loop.bin");
        Files.write(rom, b.array());
        Machine m = Boards.create(MachineConfig.of("virt").withBios(rom), null);
        m.setDebugListener(events::add);
        return m;
    }

    private static <T> T onVcpu(Machine m, Supplier<T> f) throws Exception {
        CompletableFuture<T> r = new CompletableFuture<>();
        m.postHostEvent(() -> r.complete(f.get()));
        return r.get(10, TimeUnit.SECONDS);
    }

    private static DebugEvent next(LinkedBlockingQueue<DebugEvent> events) throws InterruptedException {
        DebugEvent e = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "no debug stop within 10 s");
        return e;
    }

    @Test
    void breakpointsStepsAndWatchpoints() throws Exception {
        LinkedBlockingQueue<DebugEvent> events = new LinkedBlockingQueue<>();
        try (Machine m = start(events)) {
            Aarch64Cpu cpu = (Aarch64Cpu) m.cpus().get(0);
            ExecLoop loop = m.loop();
            m.pause();
            CompletableFuture<Machine.Shutdown> run = CompletableFuture.supplyAsync(m::run);
            onVcpu(m, () -> {
                loop.addBreakpoint(0x10);
                return null;
            });
            m.resume();
            DebugEvent e = next(events);
            assertEquals(DebugEvent.Kind.BREAKPOINT, e.kind());
            assertEquals(0x10, e.pc());
            assertEquals(1, cpu.regs[Aarch64Cpu.X0 + 2]);
            assertTrue(m.isPaused());

            // Continuing runs the instruction at the breakpoint and stops there again one iteration later.
            m.resume();
            e = next(events);
            assertEquals(0x10, e.pc());
            assertEquals(2, cpu.regs[Aarch64Cpu.X0 + 2]);

            // A single step executes exactly the cmp.
            long icount = cpu.icount;
            cpu.singleStep = true;
            m.resume();
            e = next(events);
            assertEquals(DebugEvent.Kind.STEP, e.kind());
            assertEquals(0x14, e.pc());
            assertEquals(icount + 1, cpu.icount);

            // A write watchpoint on the data word: AArch64 watchpoints stop before the str (D2.10), with the
            // old value still in memory; continuing executes it once unwatched and stops at the next store.
            onVcpu(m, () -> {
                loop.removeBreakpoint(0x10);
                loop.addWatchpoint(DATA, 8, ExecLoop.WATCH_WRITE);
                return null;
            });
            m.resume();
            e = next(events);
            assertEquals(DebugEvent.Kind.WATCHPOINT, e.kind());
            assertEquals(DATA, e.address());
            assertEquals(ExecLoop.WATCH_WRITE, e.watchKind());
            assertEquals(0x0c, e.pc(), "stops at the accessing instruction");
            assertEquals(2, (long) onVcpu(m, () -> m.memory().read(DATA, 8, false)));
            assertEquals(3, cpu.regs[Aarch64Cpu.X0 + 2]);
            m.resume();
            e = next(events);
            assertEquals(DebugEvent.Kind.WATCHPOINT, e.kind());
            assertEquals(0x0c, e.pc());
            assertEquals(3, (long) onVcpu(m, () -> m.memory().read(DATA, 8, false)));
            assertEquals(4, cpu.regs[Aarch64Cpu.X0 + 2]);

            // Without debug points the program runs to its end; the total count matches a plain run.
            onVcpu(m, () -> {
                loop.removeWatchpoint(DATA, 8, ExecLoop.WATCH_WRITE);
                return null;
            });
            m.resume();
            assertEquals(Machine.Shutdown.POWER_OFF, run.get(10, TimeUnit.SECONDS));
            long debugged = m.instructions();
            LinkedBlockingQueue<DebugEvent> none = new LinkedBlockingQueue<>();
            try (Machine plain = start(none)) {
                assertEquals(Machine.Shutdown.POWER_OFF, plain.run());
                assertEquals(plain.instructions(), debugged);
                assertTrue(none.isEmpty());
            }
        }
    }
}
