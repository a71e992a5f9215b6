package org.jemu.arm.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.exec.ExecLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Small bare-metal programs run end to end through the A64 translator, the execution loop (interpreted and
 * compiled) and this package: exception entry/return between EL1 and EL0, a synchronous external abort,
 * the MMU with tables in guest RAM, and a virtual-timer interrupt that wakes WFI.
 *
 * <p>The instruction words were assembled with GNU as ({@code aarch64-linux-gnu-as}) at 0x4000_0000; the
 * disassembly is given next to each word. Vector table entries are single branches written by
 * {@link #vectors}.
 */
class SystemLevelProgramTest {
    private final CpuFixture fx = new CpuFixture();
    private final Aarch64Cpu cpu = fx.cpu;
    private static final long BASE = CpuFixture.RAM;

    @AfterEach
    void close() {
        fx.close();
    }

    /** EL1 sets VBAR, drops to EL0; EL0 makes an SVC, a load from unassigned memory, and a final SVC. */
    private static final int[] EL0_PROGRAM = {
        0x10004000, // 000: <_start> adr x0, vectors (0x800)
        0xd518c000, // 004: msr vbar_el1, x0
        0x100000c0, // 008: adr x0, el0_code
        0xd5184020, // 00c: msr elr_el1, x0
        0xd518401f, // 010: msr spsr_el1, xzr
        0xd2a80200, // 014: mov x0, #0x40100000
        0xd5184100, // 018: msr sp_el0, x0
        0xd69f03e0, // 01c: eret
        0xd4024681, // 020: <el0_code> svc #0x1234
        0x91000529, // 024: add x9, x9, #0x1
        0xd2a4000e, // 028: mov x14, #0x20000000
        0xf94001ca, // 02c: ldr x10, [x14]
        0x9100056b, // 030: add x11, x11, #0x1
        0xd4000001, // 034: svc #0x0
        0x14000000, // 038: b .
        0xd28175b5, // 03c: <unexpected> mov x21, #0xbad
        0x14000014, // 040: b park
        0xd5385202, // 044: <lower_sync> mrs x2, esr_el1
        0xd35afc43, // 048: lsr x3, x2, #26
        0xf100547f, // 04c: cmp x3, #0x15
        0x54000080, // 050: b.eq svc_handler
        0xf100907f, // 054: cmp x3, #0x24
        0x540000e0, // 058: b.eq dabort
        0x17fffff8, // 05c: b unexpected
        0x92403c44, // 060: <svc_handler> and x4, x2, #0xffff
        0xb4000144, // 064: cbz x4, finish
        0xaa0403e5, // 068: mov x5, x4
        0xd5384026, // 06c: mrs x6, elr_el1
        0xd69f03e0, // 070: eret
        0xd5386007, // 074: <dabort> mrs x7, far_el1
        0xd538402c, // 078: mrs x12, elr_el1
        0x9100118c, // 07c: add x12, x12, #0x4
        0xd518402c, // 080: msr elr_el1, x12
        0xaa0203ed, // 084: mov x13, x2
        0xd69f03e0, // 088: eret
        0xd2800034, // 08c: <finish> mov x20, #0x1
        0xd503207f, // 090: <park> wfi
        0x17ffffff, // 094: b park
    };

    /**
     * EL1 turns the MMU on (tables built by the test), loads through a page mapping, arms the virtual
     * timer for 100 ticks, unmasks IRQs and waits in WFI until the IRQ handler ran.
     */
    private static final int[] MMU_TIMER_PROGRAM = {
        0x10004000, // 000: <_start> adr x0, vectors (0x800)
        0xd518c000, // 004: msr vbar_el1, x0
        0xd2801fe0, // 008: mov x0, #0xff
        0xd518a200, // 00c: msr mair_el1, x0
        0xd2800320, // 010: mov x0, #0x19
        0xf2a01000, // 014: movk x0, #0x80, lsl #16
        0xf2c00080, // 018: movk x0, #0x4, lsl #32
        0xd5182040, // 01c: msr tcr_el1, x0
        0xd2a80400, // 020: mov x0, #0x40200000
        0xd5182000, // 024: msr ttbr0_el1, x0
        0xd5033fdf, // 028: isb
        0xd5381000, // 02c: mrs x0, sctlr_el1
        0xb2400000, // 030: orr x0, x0, #0x1
        0xd5181000, // 034: msr sctlr_el1, x0
        0xd5033fdf, // 038: isb
        0xd2820001, // 03c: mov x1, #0x1000
        0xf9400022, // 040: ldr x2, [x1]
        0xd53be058, // 044: mrs x24, cntvct_el0
        0xd2800c80, // 048: mov x0, #0x64
        0xd51be300, // 04c: msr cntv_tval_el0, x0
        0xd2800020, // 050: mov x0, #0x1
        0xd51be320, // 054: msr cntv_ctl_el0, x0
        0xd50342ff, // 058: msr daifclr, #0x2
        0xd503207f, // 05c: <wait> wfi
        0xb4fffff6, // 060: cbz x22, wait
        0xd50342df, // 064: msr daifset, #0x2
        0xd2800034, // 068: mov x20, #0x1
        0xd503207f, // 06c: <park> wfi
        0x17ffffff, // 070: b park
        0xd28175b5, // 074: <unexpected> mov x21, #0xbad
        0x17fffffd, // 078: b park
        0xd51be33f, // 07c: <irq> msr cntv_ctl_el0, xzr
        0xd53be057, // 080: mrs x23, cntvct_el0
        0xd2800036, // 084: mov x22, #0x1
        0xd69f03e0, // 088: eret
    };

    private void load(int[] words) {
        for (int i = 0; i < words.length; i++) {
            fx.write32(BASE + 4L * i, words[i]);
        }
    }

    /** Fills the 16 vector entries at BASE + 0x800 with branches to {@code targets[i]} (offsets from BASE). */
    private void vectors(int... targets) {
        for (int i = 0; i < 16; i++) {
            long from = 0x800 + 0x80L * i;
            fx.write32(BASE + from, 0x1400_0000 | (int) ((targets[i] - from) >> 2) & 0x03ff_ffff);
        }
    }

    private static int[] allTo(int target) {
        int[] t = new int[16];
        java.util.Arrays.fill(t, target);
        return t;
    }

    private ExecLoop loop(boolean compiled) {
        ExecLoop l = new ExecLoop(List.of(cpu), fx.clock, compiled ? new BytecodeBackend() : null);
        l.setCompileThreshold(compiled ? 0 : -1);
        return l;
    }

    /** Runs until the CPU halts with nothing left to wake it (or a bound is hit). */
    private void run(ExecLoop l) {
        for (int i = 0; i < 1000; i++) {
            l.runCpu(cpu, 10_000);
            fx.clock.runExpired();
            if (cpu.halted && cpu.interruptRequest == 0) {
                if (!fx.clock.warpToNextDeadline()) {
                    return;
                }
                fx.clock.runExpired();
                cpu.checkInterrupts();
            }
        }
    }

    @ParameterizedTest(name = "compiled = {0}")
    @ValueSource(booleans = {false, true})
    void el0ProgramWithSvcAndExternalAbort(boolean compiled) {
        load(EL0_PROGRAM);
        int[] v = allTo(0x3c);
        v[8] = 0x44; // lower EL, AArch64, synchronous
        vectors(v);
        cpu.reset(BASE);
        run(loop(compiled));
        long[] x = cpu.regs;
        assertEquals(0, x[21], "unexpected exception, ESR 0x" + Long.toHexString(cpu.esr[1]));
        assertEquals(0x1234, x[5]);
        assertEquals(BASE + 0x24, x[6]); // ELR after SVC: the next instruction
        assertEquals(1, x[9]);
        assertEquals(0x2000_0000L, x[7]); // FAR of the external abort
        assertEquals(0x9200_0010L, x[13]); // EC 0x24 (lower EL), IL, DFSC synchronous external abort
        assertEquals(1, x[11]);
        assertEquals(1, x[20]);
        assertEquals(1, cpu.el);
        assertEquals(0x4010_0000L, cpu.getSpEl(0));
        assertTrue(cpu.halted);
    }

    @ParameterizedTest(name = "compiled = {0}")
    @ValueSource(booleans = {false, true})
    void mmuAndTimerInterruptProgram(boolean compiled) {
        load(MMU_TIMER_PROGRAM);
        int[] v = allTo(0x74);
        v[5] = 0x7c; // current EL with SP_ELx, IRQ
        vectors(v);
        PageTables pt = new PageTables(fx, 12, 39, 0x4020_0000L);
        pt.map(0x4000_0000L, 0x4000_0000L, 1, PageTables.NORMAL); // 1 GiB identity block over RAM
        pt.map(0x1000, BASE + 0x5000, 3, PageTables.NORMAL | PageTables.UXN);
        fx.write64(BASE + 0x5000, 0x0123_4567_89ab_cdefL);
        cpu.connectTimerOutput(Aarch64Cpu.GTIMER_VIRT, cpu.interruptInput(Aarch64Cpu.INTERRUPT_IRQ));
        cpu.reset(BASE);
        run(loop(compiled));
        long[] x = cpu.regs;
        assertEquals(0, x[21], "unexpected exception, ESR 0x" + Long.toHexString(cpu.esr[1]));
        assertEquals(0x0123_4567_89ab_cdefL, x[2]);
        assertEquals(1, x[22]);
        assertEquals(1, x[20]);
        assertTrue(x[23] - x[24] >= 100, "timer fired early: " + x[24] + " -> " + x[23]);
        assertEquals(0, cpu.interruptRequest); // the handler disabled the timer
        assertTrue(cpu.halted);
    }
}
