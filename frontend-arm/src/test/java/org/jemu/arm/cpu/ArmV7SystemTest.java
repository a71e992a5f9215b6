package org.jemu.arm.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ARMv7-A system level of {@code cortex-a15} (DDI 0406C part B): a bare-metal A32 program through both
 * execution tiers (modes and banked registers, CPS, MRS/MSR banked, SVC, UNDEFINED and Data Abort entry and
 * return, DFSR/DFAR), exception entry for interrupts and vectors, CP15 registers, and the short-descriptor
 * and LPAE translation table walks with their fault codes. Expected values are derived from the manual's
 * pseudocode and register layouts (cited at each check).
 */
class ArmV7SystemTest {
    private static final long BASE = 0x4000_0000L;
    private final PhysicalAddressSpace mem = new PhysicalAddressSpace();
    private final VirtualClock clock = new VirtualClock(0, false);
    private final Aarch64Cpu cpu;

    ArmV7SystemTest() {
        mem.addRam("ram", BASE, 64L << 20);
        cpu = new Aarch64Cpu(A64CpuModel.CORTEX_A15, 0, mem, clock);
    }

    @AfterEach
    void close() {
        mem.close();
    }

    private void write32(long pa, long v) {
        mem.write(pa, 4, false, v & 0xffff_ffffL);
    }

    private long r(int mode, int n) {
        return cpu.regs[A32System.slot(A32System.bank(mode), n)];
    }

    /**
     * A32 program (arm-linux-gnueabihf-as -march=armv7ve, at BASE): sets VBAR and the stacks of five modes
     * with CPS, drops to User mode with MOVS PC, LR, then makes an SVC, executes UDF, loads from unassigned
     * memory (Data Abort) and makes a final SVC; the handlers record LR, SPSR, DFSR, DFAR and return with
     * MOVS PC, LR / SUBS PC, LR, #4.
     */
    private static final int[] PROGRAM = {
        0xe28f00f8, //    0: add r0, pc, #248 (vectors)
        0xee0c0f10, //    4: mcr p15, 0, r0, c12, c0, 0 (VBAR)
        0xe300d000, //    8: movw sp, #0
        0xe344d010, //    c: movt sp, #0x4010
        0xf1020012, //   10: cps #0x12 (irq)
        0xe300d000, //   14: movw sp, #0
        0xe344d011, //   18: movt sp, #0x4011
        0xf1020011, //   1c: cps #0x11 (fiq)
        0xe3a08088, //   20: mov r8, #0x88
        0xe300d000, //   24: movw sp, #0
        0xe344d012, //   28: movt sp, #0x4012
        0xf1020017, //   2c: cps #0x17 (abt)
        0xe300d000, //   30: movw sp, #0
        0xe344d013, //   34: movt sp, #0x4013
        0xf102001b, //   38: cps #0x1b (und)
        0xe300d000, //   3c: movw sp, #0
        0xe344d014, //   40: movt sp, #0x4014
        0xf1020013, //   44: cps #0x13 (svc)
        0xe3a08018, //   48: mov r8, #0x18
        0xe10f9000, //   4c: mrs r9, cpsr
        0xe36ff010, //   50: msr spsr_fsxc, #0x10
        0xe28fe000, //   54: add lr, pc, #0 (user)
        0xe1b0f00e, //   58: movs pc, lr
        0xe300d000, //   5c: <user> movw sp, #0
        0xe344d015, //   60: movt sp, #0x4015
        0xe3a0e077, //   64: mov lr, #0x77
        0xef000042, //   68: svc 0x42
        0xe28aa001, //   6c: add r10, r10, #1
        0xe7f000f0, //   70: udf #0
        0xe28aa001, //   74: add r10, r10, #1
        0xe3a00202, //   78: mov r0, #0x20000000
        0xe5901000, //   7c: ldr r1, [r0]
        0xe28aa001, //   80: add r10, r10, #1
        0xef000000, //   84: svc 0
        0xeafffffe, //   88: b .
        0xe51e4004, //   8c: <svc_handler> ldr r4, [lr, #-4]
        0xe3c444ff, //   90: bic r4, r4, #0xff000000
        0xe3540000, //   94: cmp r4, #0
        0x0a000009, //   98: beq finish
        0xe1a05004, //   9c: mov r5, r4
        0xe14f6000, //   a0: mrs r6, spsr
        0xe1a0700e, //   a4: mov r7, lr
        0xe1b0f00e, //   a8: movs pc, lr
        0xe1a0b00e, //   ac: <und_handler> mov r11, lr
        0xe14fc000, //   b0: mrs r12, spsr
        0xe1b0f00e, //   b4: movs pc, lr
        0xee152f10, //   b8: <dabt_handler> mrc p15, 0, r2, c5, c0, 0 (DFSR)
        0xee163f10, //   bc: mrc p15, 0, r3, c6, c0, 0 (DFAR)
        0xe25ef004, //   c0: subs pc, lr, #4
        0xe1080200, //   c4: <finish> mrs r0, r8_fiq
        0xe1061200, //   c8: mrs r1, lr_usr
        0xe10f4000, //   cc: mrs r4, cpsr
        0xe3a05001, //   d0: mov r5, #1
        0xe320f003, //   d4: <park> wfi
        0xeafffffd, //   d8: b park
        0xe3005bad, //   dc: <unexpected> movw r5, #0xbad
        0xeafffffb, //   e0: b park
        0xe320f000, 0xe320f000, 0xe320f000, 0xe320f000, 0xe320f000, 0xe320f000, 0xe320f000, // e4..fc: nop
        0xeafffff5, //  100: <vectors> b unexpected (reset)
        0xeaffffe8, //  104: b und_handler
        0xeaffffdf, //  108: b svc_handler
        0xeafffff2, //  10c: b unexpected (prefetch abort)
        0xeaffffe8, //  110: b dabt_handler
        0xeafffff0, //  114: b unexpected
        0xeaffffef, //  118: b unexpected (irq)
        0xeaffffee, //  11c: b unexpected (fiq)
    };

    @ParameterizedTest(name = "compiled = {0}")
    @ValueSource(booleans = {false, true})
    void modesExceptionsAndReturns(boolean compiled) {
        run(PROGRAM, compiled);
        int svc = A32System.MODE_SVC;
        assertEquals(1, cpu.regs[5], "unexpected exception: " + cpu.dumpRegisters());
        assertTrue(cpu.halted);
        // Reset state (B1.8.2): Supervisor mode, A, I, F set; MRS masks the execution state bits.
        assertEquals(0x1d3, cpu.regs[9]);
        // The first SVC: SPSR_svc = the User-mode CPSR, LR_svc = the next instruction (B1.8.3, table B1-7).
        assertEquals(0x10, cpu.regs[6]);
        assertEquals(BASE + 0x6c, cpu.regs[7]);
        // UDF: LR_und = the instruction + 4 (A32), SPSR_und = User.
        assertEquals(BASE + 0x74, cpu.regs[11]);
        assertEquals(0x10, cpu.regs[12]);
        // Data Abort on an unassigned address: DFSR FS = 0b01000 (synchronous external abort, B4.1.52,
        // table B3-23), WnR = 0; DFAR the address; LR_abt = the instruction + 8.
        assertEquals(0x008, cpu.regs[2]);
        assertEquals(0x2000_0000L, cpu.regs[3]);
        assertEquals(BASE + 0x7c + 8, r(A32System.MODE_ABT, 14));
        assertEquals(3, cpu.regs[10]);
        // Banked registers (B1.3.2): R8_fiq, LR_usr, SP of every mode, R8_usr.
        assertEquals(0x88, cpu.regs[0]);
        assertEquals(0x77, cpu.regs[1]);
        assertEquals(0x88, r(A32System.MODE_FIQ, 8));
        assertEquals(0x18, r(svc, 8));
        assertEquals(0x4010_0000L, r(svc, 13));
        assertEquals(0x4011_0000L, r(A32System.MODE_IRQ, 13));
        assertEquals(0x4012_0000L, r(A32System.MODE_FIQ, 13));
        assertEquals(0x4013_0000L, r(A32System.MODE_ABT, 13));
        assertEquals(0x4014_0000L, r(A32System.MODE_UND, 13));
        assertEquals(0x4015_0000L, r(A32System.MODE_USR, 13));
        // DDI 0487 D1.20.1: R13_svc is X19, R8_fiq is X24, R13_und is X23.
        assertEquals(0x4010_0000L, cpu.regs[19]);
        assertEquals(0x88, cpu.regs[24]);
        assertEquals(0x4014_0000L, cpu.regs[23]);
        // The final SVC from User mode (A, I, F clear): SVC mode with only I set; Z and C from CMP r4, #0.
        assertEquals(0x6000_0093L, cpu.regs[4]);
        assertEquals(svc, cpu.cpsrMode);
        assertEquals(1, cpu.el);
    }

    /**
     * A32 program (same assembler): MSR/MRS of SP_usr and LR_usr, STM and LDM (user registers), MCRR/MRRC
     * of the 64-bit TTBR0, SRS to the IRQ stack, RFE into System mode, LDM (exception return) into User
     * mode, and an SVC back to Supervisor mode.
     */
    private static final int[] PROGRAM2 = {
        0xe28f00d8, //    0: add r0, pc, #216
        0xee0c0f10, //    4: mcr 15, 0, r0, cr12, cr0, {0}
        0xe301d000, //    8: movw sp, #4096
        0xe344d010, //    c: movt sp, #16400
        0xe3a00055, //   10: mov r0, #85
        0xe125f200, //   14: msr SP_usr, r0
        0xe3a01066, //   18: mov r1, #102
        0xe126f201, //   1c: msr LR_usr, r1
        0xe1052200, //   20: mrs r2, SP_usr
        0xe94d6000, //   24: stmdb sp, {sp, lr}^
        0xe51d3008, //   28: ldr r3, [sp, #-8]
        0xe51d4004, //   2c: ldr r4, [sp, #-4]
        0xe3a05077, //   30: mov r5, #119
        0xe50d5008, //   34: str r5, [sp, #-8]
        0xe1a0000d, //   38: mov r0, sp
        0xe9506000, //   3c: ldmdb r0, {sp, lr}^
        0xe1056200, //   40: mrs r6, SP_usr
        0xe3a00901, //   44: mov r0, #16384
        0xe3a01812, //   48: mov r1, #1179648
        0xec410f02, //   4c: mcrr 15, 0, r0, r1, cr2
        0xec587f02, //   50: mrrc 15, 0, r7, r8, cr2
        0xf1020012, //   54: cps #18
        0xe302d000, //   58: movw sp, #8192
        0xe344d010, //   5c: movt sp, #16400
        0xf1020013, //   60: cps #19
        0xe301e234, //   64: movw lr, #4660
        0xe36ff01f, //   68: msr SPSR_fsxc, #31
        0xf96d0512, //   6c: srsdb sp!, #18
        0xe28f0010, //   70: add r0, pc, #16
        0xe3a0101f, //   74: mov r1, #31
        0xe3039000, //   78: movw r9, #12288
        0xe3449010, //   7c: movt r9, #16400
        0xe8890003, //   80: stm r9, {r0, r1}
        0xf8b90a00, //   84: rfeia r9!
        0xe10fa000, //   88: mrs sl, CPSR
        0xf1020013, //   8c: cps #19
        0xe36ff010, //   90: msr SPSR_fsxc, #16
        0xe28f000c, //   94: add r0, pc, #12
        0xe3a01099, //   98: mov r1, #153
        0xe5891000, //   9c: str r1, [r9]
        0xe5890004, //   a0: str r0, [r9, #4]
        0xe8d98002, //   a4: ldm r9, {r1, pc}^
        0xe10fb000, //   a8: mrs fp, CPSR
        0xef000000, //   ac: svc 0x00000000
        0xeafffffe, //   b0: b b0 <target2+0x8>
        0xe3a0c001, //   b4: mov ip, #1
        0xe320f003, //   b8: wfi
        0xeafffffd, //   bc: b b8 <park>
        0xe300cbad, //   c0: movw ip, #2989
        0xeafffffb, //   c4: b b8 <park>
        0xe320f000, //   c8: nop {0}
        0xe320f000, //   cc: nop {0}
        0xe320f000, //   d0: nop {0}
        0xe320f000, //   d4: nop {0}
        0xe320f000, //   d8: nop {0}
        0xe320f000, //   dc: nop {0}
        0xeafffff6, //   e0: b c0 <unexpected>
        0xeafffff5, //   e4: b c0 <unexpected>
        0xeafffff1, //   e8: b b4 <finish>
        0xeafffff3, //   ec: b c0 <unexpected>
        0xeafffff2, //   f0: b c0 <unexpected>
        0xeafffff1, //   f4: b c0 <unexpected>
        0xeafffff0, //   f8: b c0 <unexpected>
        0xeaffffef, //   fc: b c0 <unexpected>
    };

    private void run(int[] program, boolean compiled) {
        for (int i = 0; i < program.length; i++) {
            write32(BASE + 4L * i, program[i]);
        }
        cpu.reset(BASE);
        ExecLoop l = new ExecLoop(List.of(cpu), clock, compiled ? new BytecodeBackend() : null);
        l.setCompileThreshold(compiled ? 0 : -1);
        for (int i = 0; i < 100 && !cpu.halted; i++) {
            l.runCpu(cpu, 10_000);
        }
    }

    @ParameterizedTest(name = "compiled = {0}")
    @ValueSource(booleans = {false, true})
    void bankedTransfersSrsRfeAndLdmExceptionReturn(boolean compiled) {
        run(PROGRAM2, compiled);
        assertEquals(1, cpu.regs[12], "unexpected exception: " + cpu.dumpRegisters());
        // MSR/MRS (banked register), B9.3.9-10, and STM (user registers), B9.3.17.
        assertEquals(0x55, cpu.regs[2]);
        assertEquals(0x55, cpu.regs[3]);
        assertEquals(0x66, cpu.regs[4]);
        // LDM (user registers), B9.3.6: SP_usr loaded, SP_svc unchanged.
        assertEquals(0x77, cpu.regs[6]);
        assertEquals(0x66, r(A32System.MODE_USR, 14));
        assertEquals(0x4010_1000L, r(A32System.MODE_SVC, 13));
        // MCRR/MRRC p15, 0, c2: the 64-bit TTBR0.
        assertEquals(0x4000, cpu.regs[7]);
        assertEquals(0x12_0000, cpu.regs[8]);
        // SRSDB sp!, #irq (B9.3.16): LR_svc and SPSR_svc stored below SP_irq, which is written back.
        assertEquals(0x1234, mem.read(0x4010_1ff8L, 4, false));
        assertEquals(0x1f, mem.read(0x4010_1ffcL, 4, false));
        assertEquals(0x4010_1ff8L, r(A32System.MODE_IRQ, 13));
        // RFEIA r9! (B9.3.13): PC and CPSR (System mode, masks clear) loaded, r9 written back.
        assertEquals(0x1f, cpu.regs[10]);
        assertEquals(0x4010_3008L, cpu.regs[9]);
        // LDM (exception return) (B9.3.5): r1 loaded, CPSR = SPSR_svc (User).
        assertEquals(0x99, cpu.regs[1]);
        assertEquals(0x10, cpu.regs[11]);
        // The SVC from User mode: LR_svc = the next instruction, SPSR_svc = User.
        assertEquals(BASE + 0xb0, r(A32System.MODE_SVC, 14));
        assertEquals(0x10, A32System.readSpsr(cpu, A32System.MODE_SVC));
        assertEquals(A32System.MODE_SVC, cpu.cpsrMode);
    }

    @Test
    void interruptEntryUsesVbarOrHighVectorsAndSetsMasks() {
        cpu.reset(BASE);
        cpu.vbar[1] = 0x4000_1000L;
        cpu.daif = 0; // CPSR.A, I, F clear
        cpu.regs[Aarch64Cpu.PC] = 0x4000_0200L;
        cpu.setInterrupt(Aarch64Cpu.INTERRUPT_IRQ, true);
        assertTrue(cpu.checkInterrupts());
        // B1.8.10: IRQ mode, LR_irq = next instruction + 4, vector offset 0x18, I and A set, F unchanged.
        assertEquals(A32System.MODE_IRQ, cpu.cpsrMode);
        assertEquals(0x4000_1018L, cpu.regs[Aarch64Cpu.PC]);
        assertEquals(0x4000_0204L, r(A32System.MODE_IRQ, 14));
        assertEquals(0x13, A32System.readSpsr(cpu, A32System.MODE_IRQ) & 0x1ff);
        assertEquals(0x192, A32System.cpsr(cpu) & 0x1ff);
        assertTrue(!cpu.checkInterrupts(), "IRQ masked now");
        // FIQ with SCTLR.V (high vectors) and SCTLR.TE (Thumb handlers): PC 0xffff001c, T set, F set.
        cpu.writeSctlr(1, cpu.sctlr[1] | A32System.SCTLR_V | A32System.SCTLR_TE);
        cpu.setInterrupt(Aarch64Cpu.INTERRUPT_IRQ, false);
        cpu.setInterrupt(Aarch64Cpu.INTERRUPT_FIQ, true);
        assertTrue(cpu.checkInterrupts());
        assertEquals(A32System.MODE_FIQ, cpu.cpsrMode);
        assertEquals(0xffff_001cL, cpu.regs[Aarch64Cpu.PC]);
        assertEquals(1, cpu.regs[Aarch64Cpu.TF]);
        assertEquals(0x1f1, A32System.cpsr(cpu) & 0x1ff);
    }

    @Test
    void exceptionReturnRestoresThumbAndItState() {
        cpu.reset(BASE);
        // SPSR: T32, ITSTATE 0x8c (IT[1:0] in bits 26:25, IT[7:2] in 15:10), User mode, N set.
        long spsr = 1L << 31 | (0x8cL & 3) << 25 | (0x8cL >>> 2) << 10 | 1 << 5 | 0x10;
        A32System.exceptionReturn(cpu, 0x4000_1235L, spsr);
        assertEquals(0, cpu.el);
        assertEquals(0x8c, cpu.regs[Aarch64Cpu.IT]);
        assertEquals(1, cpu.regs[Aarch64Cpu.TF]);
        assertEquals(1, cpu.regs[Aarch64Cpu.NF]);
        assertEquals(0x4000_1234L, cpu.regs[Aarch64Cpu.PC]);
        assertEquals(spsr, A32System.cpsr(cpu));
        // MSR CPSR_c in User mode cannot change the mode (B1.3.3).
        A32System.msr(cpu, 1, 0, 1, 0x13);
        assertEquals(A32System.MODE_USR, cpu.cpsrMode);
        assertThrows(A64Fault.class, () -> A32System.mrs(cpu, 1, 1)); // no SPSR in User mode
    }

    // ---- CP15 ------------------------------------------------------------------------------------------

    private static int k(int opc1, int crn, int crm, int opc2) {
        return Cp15.key(false, 15, opc1, crn, crm, opc2);
    }

    @Test
    void cp15IdentificationAndAccessControl() {
        cpu.reset(BASE);
        // QEMU cortex-a15: MIDR 0x412fc0f1, ID_PFR1 without Security/Virtualization (no EL2/EL3), CLIDR.
        assertEquals(0x412fc0f1L, Cp15.read(cpu, 1, k(0, 0, 0, 0)));
        assertEquals(0x0001_0001L, Cp15.read(cpu, 1, k(0, 0, 1, 1)));
        assertEquals(0x0a20_0023L, Cp15.read(cpu, 1, k(1, 0, 0, 1)));
        assertEquals(0x8000_0000L, Cp15.read(cpu, 1, k(0, 0, 0, 5))); // MPIDR: bit 31 RES1, CPU 0
        Cp15.write(cpu, 1, k(2, 0, 0, 0), 1); // CSSELR: L1 instruction cache
        assertEquals(0x201fe00aL, Cp15.read(cpu, 1, k(1, 0, 0, 0)));
        assertEquals(0x00c5_0078L, Cp15.read(cpu, 1, k(0, 1, 0, 0))); // SCTLR reset value
        // TPIDRURO: PL0 reads, only PL1 writes (B4.1.150).
        Cp15.write(cpu, 1, k(0, 13, 0, 3), 0x1234);
        A32System.setMode(cpu, A32System.MODE_USR);
        assertEquals(0x1234, Cp15.read(cpu, 1, k(0, 13, 0, 3)));
        assertThrows(A64Fault.class, () -> Cp15.write(cpu, 1, k(0, 13, 0, 3), 0));
        assertThrows(A64Fault.class, () -> Cp15.read(cpu, 1, k(0, 1, 0, 0))); // SCTLR at PL0
        Cp15.write(cpu, 0, k(0, 13, 0, 3), 0); // a failed condition does nothing
        A32System.setMode(cpu, A32System.MODE_SVC);
        assertThrows(A64Fault.class, () -> Cp15.read(cpu, 1, k(0, 7, 0, 7))); // unallocated
        // 64-bit TTBR0 with an ASID (MCRR p15, 0, Rt, Rt2, c2) and the 32-bit view of its low half.
        Cp15.write(cpu, 1, Cp15.key(true, 15, 0, 0, 2, 0), 0x0012_0000_8000_4000L);
        assertEquals(0x8000_4000L, Cp15.read(cpu, 1, k(0, 2, 0, 0)));
        assertEquals(0x0012_0000_8000_4000L, Cp15.read(cpu, 1, Cp15.key(true, 15, 0, 0, 2, 0)));
        // The virtual timer's CVAL through MCRR p15, 3, ..., c14 and CNTV_CTL through MCR.
        Cp15.write(cpu, 1, Cp15.key(true, 15, 3, 0, 14, 0), 1000);
        assertEquals(1000, Cp15.read(cpu, 1, Cp15.key(true, 15, 3, 0, 14, 0)));
        Cp15.write(cpu, 1, k(0, 14, 3, 1), 1);
        assertEquals(1, Cp15.read(cpu, 1, k(0, 14, 3, 1)) & 1);
        // FP is off until CPACR grants cp10/cp11 and FPEXC.EN is set (B4.1.40, B6.1.?).
        assertTrue(!Cp15.fpEnabled(cpu));
        Cp15.write(cpu, 1, k(0, 1, 0, 2), 0xf << 20);
        A32Helpers.vfpSysWrite(cpu, 1, 8, 0x4000_0000);
        assertTrue(Cp15.fpEnabled(cpu));
    }

    // ---- MMU: short-descriptor format (B3.5) ----------------------------------------------------------

    private static final long L1 = BASE + 0x10_0000L; // 16 KiB aligned

    private void enableMmu() {
        cpu.writeSctlr(1, cpu.sctlr[1] | 1);
    }

    private int fsr(long va, int access, int mmuIdx) {
        A64Fault f = assertThrows(A64Fault.class, () -> cpu.translate(va, access, mmuIdx));
        cpu.regs[Aarch64Cpu.PC] = BASE;
        cpu.deliverFault(f);
        return (int) (access == GuestCpu.ACCESS_EXEC ? cpu.ifsr32El2 : cpu.esr[1] & 0xffff_ffffL);
    }

    @Test
    void shortDescriptorSectionsPagesDomainsAndFaults() {
        cpu.reset(BASE);
        // Section VA 0x001xxxxx -> PA 0x402xxxxx, AP = 0b011 (full access), domain 0.
        write32(L1 + (0x001 << 2), 0x4020_0000L | 3 << 10 | 0b10);
        // Section VA 0x002xxxxx, domain 1 (no access in DACR), AP = 0b011.
        write32(L1 + (0x002 << 2), 0x4030_0000L | 3 << 10 | 1 << 5 | 0b10);
        // Page table for VA 0x003xxxxx at L1 + 0x4000; small page 0x00301000 -> 0x40401000, AP = 0b010
        // (PL1 RW, PL0 RO), XN; large page 0x00310000 -> 0x40510000, AP = 0b101 (PL1 RO).
        long l2 = L1 + 0x4000;
        write32(L1 + (0x003 << 2), l2 | 0b01);
        write32(l2 + (0x01 << 2), 0x4040_1000L | 2 << 4 | 0b11);
        for (int i = 0; i < 16; i++) {
            write32(l2 + ((0x10 + i) << 2), 0x4051_0000L | 1 << 9 | 1 << 4 | 0b01);
        }
        // Supersection VA 0x01000000-0x01ffffff -> PA 0x1_4000_0000 (PA[35:32] = 1 in bits [23:20]).
        for (int i = 0; i < 16; i++) {
            write32(L1 + ((0x010 + i) << 2), 0x4000_0000L | 1 << 20 | 1 << 18 | 3 << 10 | 0b10);
        }
        cpu.ttbr0[1] = L1;
        cpu.dacr32El2 = 0b01; // domain 0 client, domain 1 no access
        enableMmu();
        assertEquals(0x4021_2000L, cpu.translate(0x0011_2345L, GuestCpu.ACCESS_READ, 0) & ~0xfffL);
        assertEquals(0x4040_1000L, cpu.translate(0x0030_1abcL, GuestCpu.ACCESS_WRITE, 1) & ~0xfffL);
        assertEquals(0x4040_1000L, cpu.translate(0x0030_1abcL, GuestCpu.ACCESS_READ, 0) & ~0xfffL);
        assertEquals(0x4051_3000L, cpu.translate(0x0031_3000L, GuestCpu.ACCESS_READ, 1) & ~0xfffL);
        assertEquals(0x1_4056_7000L, cpu.translate(0x0156_7000L, GuestCpu.ACCESS_READ, 1) & ~0xfffL);
        // Permission fault on a page: FS 0b01111, domain 0, WnR (bit 11) (table B3-23, B4.1.52).
        assertEquals(0x80f, fsr(0x0030_1000L, GuestCpu.ACCESS_WRITE, 0));
        assertEquals(0x80f, fsr(0x0031_0000L, GuestCpu.ACCESS_WRITE, 1));
        // Domain fault on a section: FS 0b01001 with domain 1 in bits [7:4].
        assertEquals(0x019, fsr(0x0020_0000L, GuestCpu.ACCESS_READ, 1));
        // Translation fault, first level (FS 0b00101) and second level (0b00111).
        assertEquals(0x005, fsr(0x0080_0000L, GuestCpu.ACCESS_READ, 1));
        assertEquals(0x007, fsr(0x0030_2000L, GuestCpu.ACCESS_READ, 1));
        // XN page: Prefetch Abort with a permission fault in IFSR, IFAR = the address.
        assertEquals(0x00f, fsr(0x0030_1000L, GuestCpu.ACCESS_EXEC, 1));
        assertEquals(0x0030_1000L, cpu.far[1] >>> 32);
        // Manager domain: no permission checks.
        cpu.dacr32El2 = 0b1111;
        cpu.tlbFlushAll();
        assertEquals(0x4030_0000L, cpu.translate(0x0020_0000L, GuestCpu.ACCESS_WRITE, 0) & ~0xfffL);
        // TTBCR.N = 2: VA >= 0x40000000 walks TTBR1 (B3.5.4).
        cpu.tcr[1] = 2;
        long l1b = BASE + 0x20_0000L;
        cpu.ttbr1El1 = l1b;
        write32(l1b + (0xc00 << 2), 0x4060_0000L | 3 << 10 | 0b10);
        assertEquals(0x4060_0000L, cpu.translate(0xc000_0000L, GuestCpu.ACCESS_READ, 1) & ~0xfffL);
    }

    // ---- MMU: long-descriptor format (LPAE, B3.6) -----------------------------------------------------

    private void write64(long pa, long v) {
        mem.write(pa, 8, false, v);
    }

    @Test
    void longDescriptorBlocksPagesAndFaults() {
        cpu.reset(BASE);
        long l1 = BASE + 0x10_0000L;
        long l2 = BASE + 0x10_1000L;
        long l3 = BASE + 0x10_2000L;
        long af = 1 << 10;
        // T0SZ = 0: level 1 has four 1 GiB entries. VA 0x40000000: 1 GiB block, AP[2:1] = 01 (RW at PL0).
        write64(l1 + 8, 0x4000_0000L | af | 1 << 6 | 0b01);
        // VA 0x00000000: table -> level 2; 2 MiB block at VA 0x00200000 -> PA 0x4080_0000 (PL1 only,
        // XN); table at VA 0x00400000 -> level 3 page 0x00401000 -> PA 0x1_2345_6000 (40-bit PA).
        write64(l1, l2 | 0b11);
        write64(l2 + 8, 0x4080_0000L | af | 1L << 54 | 0b01);
        write64(l2 + 16, l3 | 0b11);
        write64(l3 + 8, 0x1_2345_6000L | af | 0b11);
        write64(l3 + 16, 0x4090_0000L | 0b11); // AF = 0
        cpu.ttbr0[1] = l1;
        cpu.tcr[1] = 1L << 31; // EAE
        enableMmu();
        assertEquals(0x4123_4000L, cpu.translate(0x4123_4567L, GuestCpu.ACCESS_WRITE, 0) & ~0xfffL);
        assertEquals(0x4083_4000L, cpu.translate(0x0023_4567L, GuestCpu.ACCESS_READ, 1) & ~0xfffL);
        assertEquals(0x1_2345_6000L, cpu.translate(0x0040_1004L, GuestCpu.ACCESS_READ, 1) & ~0xfffL);
        // Long-descriptor FSR (B4.1.52): LPAE bit 9, STATUS = 0b0011LL permission (level 2), 0b0010LL
        // access flag (level 3), 0b0001LL translation (level 3).
        assertEquals(0x20e, fsr(0x0020_0000L, GuestCpu.ACCESS_READ, 0));
        assertEquals(0x20e, fsr(0x0020_0000L, GuestCpu.ACCESS_EXEC, 1));
        assertEquals(0x20b, fsr(0x0040_2000L, GuestCpu.ACCESS_READ, 1));
        assertEquals(0x207, fsr(0x0040_3000L, GuestCpu.ACCESS_READ, 1));
        assertEquals(0xa05, fsr(0x8000_0000L, GuestCpu.ACCESS_WRITE, 1)); // level 1 translation fault, WnR
        // ATS1CPR writes the 64-bit PAR (LPAE bit 11) with PA[39:12].
        Cp15.write(cpu, 1, k(0, 7, 8, 0), 0x0040_1004L);
        assertEquals(0x1_2345_6000L, cpu.parEl1 & 0xff_ffff_f000L);
        assertEquals(1L << 11, cpu.parEl1 & (1L << 11 | 1));
    }

    /**
     * LPAE with TTBCR.T0SZ = 1 (B4.1.155 TTBR0, 64-bit format): the level 1 table has two entries and its
     * base is TTBR0.BADDR[39:x] with x = 5 - T0SZ = 4, so a table at a 16-byte (not 32-byte) boundary is
     * walked where it is (the AArch32 VMSA pseudocode's baselowerbound = 3 + 31 - 27 = 4).
     */
    @Test
    void longDescriptorT0sz1TableBaseIsSixteenByteAligned() {
        cpu.reset(BASE);
        long l1 = BASE + 0x10_0010L;
        long af = 1 << 10;
        write64(BASE + 0x10_0008L, 0x4000_0000L | af | 0b01); // what a 32-byte-aligned base would read
        write64(l1 + 8, 0x8000_0000L | af | 0b01); // entry 1: 1 GiB block VA 0x40000000 -> PA 0x80000000
        cpu.ttbr0[1] = l1;
        cpu.tcr[1] = 1L << 31 | 1; // EAE, T0SZ = 1
        enableMmu();
        assertEquals(0x8083_4000L, cpu.translate(0x4083_4567L, GuestCpu.ACCESS_READ, 1) & ~0xfffL);
    }
}
