package org.jemu.arm.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.ir.ExitReason;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.Op;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Arm ARM C4.1.3 Branches, Exception Generating and System instructions. Branch targets are checked by
 * running small programs; system instructions whose work belongs to the CPU model are checked for the
 * helper they call and how they end the block, and a few are run end to end.
 */
class BranchesExceptionSystemTest {
    static final long C = A64Harness.CODE;
    A64Harness h;

    @BeforeEach
    void setUp() {
        h = new A64Harness();
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    // ---- branches ----------------------------------------------------------------------------------

    @Test
    void unconditionalBranch() {
        h.x(0, 0).x(1, 0).run(0x14000002 /* b #8 */, 0xd2800020 /* mov x0, #1 */, 0xd2800041 /* mov x1, #2 */);
        assertEquals(0, h.x(0));
        assertEquals(2, h.x(1));
        IrBlock b = h.translate(C + 0x100, 0x17ffffc0 /* b #-256 */);
        assertEquals(Op.JUMP, b.terminator().op);
        assertEquals(C, b.terminator().imm);
        assertEquals(C + 0x100 + 0x7fff_ffcL, h.translate(C + 0x100, 0x15ffffff).terminator().imm); // b #+128MiB-4
        assertEquals(C + 0x100 - 0x800_0000L, h.translate(C + 0x100, 0x16000000).terminator().imm); // b #-128MiB
    }

    @Test
    void branchWithLink() {
        h.run(0x94000002 /* bl #8 */, 0xd2800020 /* mov x0, #1 */, 0xd2800041 /* mov x1, #2 */);
        assertEquals(C + 4, h.x(30));
        h.x(2, C + 12).run(0xd63f0040 /* blr x2 */, 0xd2800020 /* mov x0, #1 */, 0xd2800041 /* mov x1, #2 */, 0xd2800063 /* mov x3, #3 */);
        assertEquals(C + 4, h.x(30));
        assertEquals(3, h.x(3));
        // blr x30: the target is the old x30
        h.x(30, C + 8).x(0, 0).run(0xd63f03c0 /* blr x30 */, 0xd2800020 /* mov x0, #1 */, 0xd503201f /* nop */);
        assertEquals(0, h.x(0));
        assertEquals(C + 4, h.x(30));
    }

    @Test
    void registerBranches() {
        h.x(1, C + 8).x(0, 0).run(0xd61f0020 /* br x1 */, 0xd2800020 /* mov x0, #1 */, 0xd503201f /* nop */);
        assertEquals(0, h.x(0));
        h.x(30, C + 8).x(0, 0).run(0xd65f03c0 /* ret */, 0xd2800020 /* mov x0, #1 */, 0xd503201f /* nop */);
        assertEquals(0, h.x(0));
        h.x(5, C + 0x1000).run(0xd65f00a0 /* ret x5 */);
        assertEquals(C + 0x1000, h.pc());
    }

    @Test
    void conditionalBranch() {
        h.nzcv(0b0100).x(0, 0).run(0x54000040 /* b.eq #8 */, 0xd2800020 /* mov x0, #1 */, 0xd503201f /* nop */);
        assertEquals(0, h.x(0));
        h.nzcv(0).x(0, 0).run(0x54000040 /* b.eq #8 */, 0xd2800020 /* mov x0, #1 */, 0xd503201f /* nop */);
        assertEquals(1, h.x(0));
        IrBlock b = h.translate(C, 0x54ffffe1 /* b.ne #-4 */);
        assertEquals(Op.BRANCH, b.terminator().op);
        assertEquals(C - 4, b.terminator().imm);
        assertEquals(C + 4, b.terminator().imm2);
    }

    @Test
    void compareAndBranch() {
        h.x(1, 0x1_0000_0000L).x(0, 0).run(0x34000041 /* cbz w1, #8 */, 0xd2800020 /* mov x0, #1 */, 0xd503201f /* nop */);
        assertEquals(0, h.x(0)); // the W form ignores the upper half
        h.x(1, 0x1_0000_0000L).x(0, 0).run(0xb4000041 /* cbz x1, #8 */, 0xd2800020 /* mov x0, #1 */, 0xd503201f /* nop */);
        assertEquals(1, h.x(0));
        h.x(1, 5).x(0, 0).run(0xb5000041 /* cbnz x1, #8 */, 0xd2800020 /* mov x0, #1 */, 0xd503201f /* nop */);
        assertEquals(0, h.x(0));
    }

    @Test
    void testAndBranch() {
        h.x(1, Long.MIN_VALUE).x(0, 0).run(0xb7f80041 /* tbnz x1, #63, #8 */, 0xd2800020 /* mov x0, #1 */, 0xd503201f /* nop */);
        assertEquals(0, h.x(0));
        h.x(1, Long.MIN_VALUE).x(0, 0).run(0xb6f80041 /* tbz x1, #63, #8 */, 0xd2800020 /* mov x0, #1 */, 0xd503201f /* nop */);
        assertEquals(1, h.x(0));
        h.x(1, 2).x(0, 0).run(0x36000041 /* tbz w1, #0, #8 */, 0xd2800020 /* mov x0, #1 */, 0xd503201f /* nop */);
        assertEquals(0, h.x(0));
        h.x(1, 1L << 33).x(0, 0).run(0xb7080041 /* tbnz x1, #33, #8 */, 0xd2800020 /* mov x0, #1 */, 0xd503201f /* nop */);
        assertEquals(0, h.x(0));
    }

    // ---- exception generation ----------------------------------------------------------------------

    @Test
    void exceptionGeneratingInstructionsCallTheirHelper() {
        checkHelperImm(0xd4024681 /* svc #0x1234 */, "A64Helpers.svc", 0x1234);
        checkHelperImm(0xd4000022 /* hvc #1 */, "A64Helpers.hvc", 1);
        checkHelperImm(0xd41fffe3 /* smc #0xffff */, "A64Helpers.smc", 0xffff);
        checkHelperImm(0xd4207d00 /* brk #0x3e8 */, "A64Helpers.brk", 0x3e8);
        checkHelperImm(0xd44000e0 /* hlt #7 */, "A64Helpers.hlt", 7);
        A64Asserts.assertUndefined(h, 0x00000001 /* udf #1 */);
        A64Asserts.assertUndefined(h, 0xd4a00001); // dcps1: UNDEFINED outside Debug state
        A64Asserts.assertUndefined(h, 0xd6bf03e0); // drps
        A64Asserts.assertUndefined(h, 0xd4000000); // svc encoding with LL = 00: unallocated
    }

    private void checkHelperImm(int word, String helper, int imm) {
        IrBlock b = A64Asserts.assertCalls(h, word, helper, Op.EXIT);
        Inst call = b.insts.stream().filter(i -> i.op == Op.CALL).findFirst().orElseThrow();
        assertEquals(imm, call.arg(0).constValue());
        assertEquals(C + 4, b.terminator().imm);
    }

    @Test
    void svcRaisesAnException() {
        h.compareBackend = false;
        h.run(0xd4000001 /* svc #0 */);
        assertNotNull(h.fault);
    }

    // ---- hints and barriers ------------------------------------------------------------------------

    @Test
    void hints() {
        A64Asserts.assertPlain(h, 0xd503201f /* nop */);
        A64Asserts.assertPlain(h, 0xd503245f /* hint #0x22 */);    // unallocated hint: NOP (PSB/ESB/BTI space)
        A64Asserts.assertPlain(h, 0xd503233f);         // paciasp: a NOP on ARMv8.0
        A64Asserts.assertCalls(h, 0xd503207f /* wfi */, "A64Helpers.wfi", Op.EXIT);
        A64Asserts.assertCalls(h, 0xd503205f /* wfe */, "A64Helpers.wfe", Op.EXIT);
        A64Asserts.assertCalls(h, 0xd503209f /* sev */, "A64Helpers.sev", Op.JUMP);
        A64Asserts.assertCalls(h, 0xd50320bf /* sevl */, "A64Helpers.sev", Op.JUMP);
        IrBlock y = A64Asserts.assertCalls(h, 0xd503203f /* yield */, "", Op.EXIT);
        assertEquals(ExitReason.YIELD, y.terminator().imm2);
        assertEquals(ExitReason.HALT, h.translate(C, 0xd503207f /* wfi */).terminator().imm2);
    }

    @Test
    void barriers() {
        A64Asserts.assertPlain(h, 0xd5033f9f /* dsb sy */);
        A64Asserts.assertPlain(h, 0xd5033bbf /* dmb ish */);
        // ISB ends the block with a direct jump to the next instruction (fetched from a fresh lookup).
        IrBlock isb = A64Asserts.assertCalls(h, 0xd5033fdf /* isb */, "", Op.JUMP);
        assertEquals(C + 4, isb.terminator().imm);
        h.cpu.regs[Aarch64Cpu.EXCL_ARMED] = 1;
        h.run(0xd5033f5f /* clrex */);
        assertEquals(0, h.cpu.regs[Aarch64Cpu.EXCL_ARMED]);
    }

    // ---- system register moves ---------------------------------------------------------------------

    @Test
    void nzcvMovesUseTheFlagSlots() {
        h.nzcv(0b1010).run(0xd53b4200 /* mrs x0, nzcv */);
        assertEquals(0xa000_0000L, h.x(0));
        h.x(1, 0x5000_0000L | 0xfff).run(0xd51b4201 /* msr nzcv, x1 */);
        assertEquals(0b0101, h.nzcv());
        A64Asserts.assertPlain(h, 0xd51b4201 /* msr nzcv, x1 */);
        A64Asserts.assertPlain(h, 0xd53b4201 /* mrs x1, nzcv */);
    }

    @Test
    void systemRegisterMovesCallHelpers() {
        IrBlock mrs = A64Asserts.assertCalls(h, 0xd5380000 /* mrs x0, midr_el1 */, "A64Helpers.mrs", Op.JUMP);
        Inst call = mrs.insts.stream().filter(i -> i.op == Op.CALL).findFirst().orElseThrow();
        assertEquals(0xc000, call.arg(0).constValue()); // op0=3 op1=0 CRn=0 CRm=0 op2=0
        IrBlock msr = A64Asserts.assertCalls(h, 0xd5181001 /* msr sctlr_el1, x1 */, "A64Helpers.msr", Op.EXIT);
        assertEquals(ExitReason.RECHECK, msr.terminator().imm2);
        A64Asserts.assertCalls(h, 0xd50342df /* msr daifset, #2 */, "A64Helpers.msrImm", Op.EXIT);
        A64Asserts.assertCalls(h, 0xd50041bf /* msr spsel, #1 */, "A64Helpers.msrImm", Op.EXIT);
    }

    @Test
    void systemRegistersEndToEnd() {
        h.compareBackend = false;
        h.run(0xd5380000 /* mrs x0, midr_el1 */);
        assertEquals(h.cpu.model.midr(), h.x(0));
        h.x(1, 0x1234_5678_9abc_def0L).run(0xd51bd041 /* msr tpidr_el0, x1 */, 0xd53bd042 /* mrs x2, tpidr_el0 */);
        assertEquals(0x1234_5678_9abc_def0L, h.x(2));
    }

    @Test
    void systemInstructions() {
        A64Asserts.assertCalls(h, 0xd50b7e20 /* dc civac, x0 */, "A64Helpers.sys", Op.JUMP);
        A64Asserts.assertCalls(h, 0xd50b7b20 /* dc cvau, x0 */, "A64Helpers.sys", Op.JUMP);
        A64Asserts.assertCalls(h, 0xd50b7420 /* dc zva, x0 */, "A64Helpers.dcZva", Op.JUMP);
        A64Asserts.assertCalls(h, 0xd508871f /* tlbi vmalle1 */, "A64Helpers.sys", Op.EXIT);
        A64Asserts.assertCalls(h, 0xd5088323 /* tlbi vae1is, x3 */, "A64Helpers.sys", Op.EXIT);
        A64Asserts.assertCalls(h, 0xd508751f /* ic iallu */, "A64Helpers.sys", Op.EXIT);
        A64Asserts.assertCalls(h, 0xd5087800 /* at s1e1r, x0 */, "A64Helpers.sys", Op.EXIT);
        A64Asserts.assertCalls(h, 0xd5281260 /* sysl x0, #0, c1, c2, #3 */, "A64Helpers.sysl", Op.EXIT);
    }

    @Test
    void exceptionReturn() {
        IrBlock b = A64Asserts.assertCalls(h, 0xd69f03e0 /* eret */, "A64Helpers.eret", Op.EXIT_STATE);
        assertEquals(ExitReason.EXCEPTION, b.terminator().imm2);
    }

    @Test
    void unallocatedSystemSpace() {
        A64Asserts.assertUndefined(h, 0xd502a0d1); // op0 = 00 outside hints/barriers/PSTATE
        A64Asserts.assertUndefined(h, 0xd503201e); // hint with Rt != 11111
        A64Asserts.assertUndefined(h, 0xd63f0000 | (1 << 10)); // blr with op3 != 0 (pointer auth)
    }

    // ---- SIMD&FP data processing -------------------------------------------------------------------

    @Test
    void simdFpDataProcessing_trapOrUndefined() {
        A64Asserts.assertCalls(h, 0x1e622820 /* fadd d0, d1, d2 */, "A64Helpers.fpTrap", Op.EXIT);
        A64Asserts.assertCalls(h, 0x4ea28420 /* add v0.4s, v1.4s, v2.4s */, "A64Helpers.fpTrap", Op.EXIT);
        A64Asserts.assertCalls(h, 0x9e660020 /* fmov x0, d1 */, "A64Helpers.fpTrap", Op.EXIT);
        h.cpu.cpacrEl1 = 3L << 20;
        A64Asserts.assertCalls(h, 0x1ea22820 /* fadd with type 10: unallocated */, "A64Helpers.undefined", Op.EXIT);
    }
}
