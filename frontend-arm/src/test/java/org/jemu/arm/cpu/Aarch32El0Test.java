package org.jemu.arm.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.exec.ExecLoop;
import org.junit.jupiter.api.Test;

/**
 * AArch32 EL0 under an AArch64 EL1 (DDI 0487 D1.20, Linux's compat tasks): an EL1 harness sets SPSR_EL1 and
 * ELR_EL1 and executes ERET into A32 or T32 code at EL0; the exception that comes back is taken to the
 * "lower EL using AArch32" vectors (VBAR_EL1 + 0x600 synchronous, + 0x680 IRQ), whose handler saves ESR_EL1,
 * ELR_EL1, SPSR_EL1 and FAR_EL1 in X20..X23, counts in X24, and returns with ERET if X25 is nonzero.
 *
 * <p>Expected syndromes are worked out from the manual (D13.2.37 ESR_EL1, ISS encodings per EC; C5.2.19
 * SPSR_EL1 for exceptions taken from AArch32) and agree with what QEMU's target/arm syndrome functions build
 * ({@code syn_aa32_svc}, {@code syn_uncategorized}, {@code syn_cp15_rrt_trap}, {@code syn_fp_access_trap},
 * {@code syn_aa32_bkpt}). Every program runs in the interpreter and in the compiled tier, which must agree.
 */
class Aarch32El0Test {
    private static final long BASE = CpuFixture.RAM;
    /** EL1 code: one ERET. */
    private static final long EL1 = BASE;
    /** EL0 code (A32 or T32). */
    private static final long EL0 = BASE + 0x1000;
    private static final long VBAR = BASE + 0x2000;
    private static final long DATA = BASE + 0x4000;
    /** The handler's final {@code b .}. */
    private static final long PARK = 0x1c;

    private static final int ERET = 0xd69f03e0;
    private static final int B_SELF = 0x14000000;
    private static final int[] HANDLER = {
        0xd5385214, // mrs x20, esr_el1
        0xd5384035, // mrs x21, elr_el1
        0xd5384016, // mrs x22, spsr_el1
        0xd5386017, // mrs x23, far_el1
        0x91000718, // add x24, x24, #1
        0xb4000059, // cbz x25, park
        ERET,
        B_SELF, // park: b .
    };

    /** A run: the interpreter tier's final CPU, after checking that the compiled tier agrees. */
    private Aarch64Cpu run(long spsr, byte[] el0Code, Consumer<Aarch64Cpu> setup, long insns) {
        return run(A64CpuModel.CORTEX_A57, spsr, el0Code, setup, insns);
    }

    private Aarch64Cpu run(A64CpuModel model, long spsr, byte[] el0Code, Consumer<Aarch64Cpu> setup, long insns) {
        Aarch64Cpu a = runTier(model, spsr, el0Code, setup, insns, false);
        Aarch64Cpu b = runTier(model, spsr, el0Code, setup, insns, true);
        assertArrayEquals(a.regs, b.regs, "interpreter and compiled tiers disagree on the registers");
        assertEquals(a.el, b.el);
        assertEquals(a.aarch32, b.aarch32);
        assertEquals(a.esr[1], b.esr[1]);
        return a;
    }

    private Aarch64Cpu runTier(A64CpuModel model, long spsr, byte[] el0Code, Consumer<Aarch64Cpu> setup, long insns,
            boolean compiled) {
        try (CpuFixture fx = new CpuFixture(model)) {
            fx.write32(EL1, ERET);
            fx.mem.load(EL0, el0Code);
            for (int v = 0; v < 0x800; v += 0x80) {
                for (int i = 0; i < HANDLER.length; i++) {
                    fx.write32(VBAR + v + 4L * i, HANDLER[i]);
                }
            }
            Aarch64Cpu c = fx.cpu;
            c.reset(EL1);
            c.vbar[1] = VBAR;
            c.cpacrEl1 = 3L << 20;
            c.sctlr[1] &= ~2L; // no alignment checking but for exclusives
            c.spsr[1] = spsr;
            c.elr[1] = EL0;
            setup.accept(c);
            ExecLoop loop = new ExecLoop(List.of(c), fx.clock, compiled ? new BytecodeBackend() : null);
            loop.setCompileThreshold(compiled ? 0 : -1);
            loop.setBackgroundCompile(false);
            loop.runCpu(c, insns);
            assertEquals(0, loop.stats().compileFailures, "blocks the backend failed to compile");
            return c;
        }
    }

    private static byte[] a32(int... words) {
        byte[] b = new byte[4 * words.length + 4];
        for (int i = 0; i <= words.length; i++) {
            int w = i < words.length ? words[i] : 0xeafffffe; // b .
            for (int k = 0; k < 4; k++) {
                b[4 * i + k] = (byte) (w >>> (8 * k));
            }
        }
        return b;
    }

    /** T32 halfwords in memory order (a 32-bit instruction is two entries, hw1 first), then {@code b .}. */
    private static byte[] t32(int... halfwords) {
        byte[] b = new byte[2 * halfwords.length + 2];
        for (int i = 0; i <= halfwords.length; i++) {
            int h = i < halfwords.length ? halfwords[i] : 0xe7fe;
            b[2 * i] = (byte) h;
            b[2 * i + 1] = (byte) (h >>> 8);
        }
        return b;
    }

    private static final Consumer<Aarch64Cpu> NONE = c -> { };

    /** Taken to EL1 from AArch32 through the synchronous vector; the handler parked (no return). */
    private static void assertTakenSync(Aarch64Cpu c, long esr, long elr, long spsr) {
        assertEquals(1, c.el);
        assertFalse(c.aarch32);
        assertEquals(1, c.regs[24], "one exception");
        assertEquals(VBAR + 0x600 + PARK, c.pc());
        assertEquals(esr, c.regs[20], () -> "ESR_EL1 0x" + Long.toHexString(c.regs[20]));
        assertEquals(elr, c.regs[21], () -> "ELR_EL1 0x" + Long.toHexString(c.regs[21]));
        assertEquals(spsr, c.regs[22], () -> "SPSR_EL1 0x" + Long.toHexString(c.regs[22]));
    }

    @Test
    void a32SvcSavesCpsrFormatSpsr() {
        // SPSR: N, C, Q, GE = 0b0101, User (M = 0b10000: M[4] = nRW selects AArch32), A32.
        long spsr = 0xa805_0010L;
        Aarch64Cpu c = run(spsr, a32(0xe3a00005, 0xef123456), NONE, 20); // mov r0, #5; svc #0x123456
        assertEquals(5, c.regs[0]);
        // EC 0x11 (SVC in AArch32), IL = 1, ISS = imm24[15:0]; preferred return = the next instruction.
        assertTakenSync(c, 0x4600_3456L, EL0 + 8, spsr);
    }

    @Test
    void t32SvcInItBlockSavesAdvancedItStateAndResumes() {
        // Z = 1, T = 1, User. itt eq; svceq #7; moveq r1, #2; b .
        Aarch64Cpu c = run(0x4000_0030L, t32(0xbf04, 0xdf07, 0x2102), cpu -> cpu.regs[25] = 1, 40);
        // EC 0x11, IL = 0 (16-bit), imm8 = 7; ELR = the next instruction; SPSR.IT = the ITSTATE after the SVC
        // (AArch32.ITAdvance: 0x04 -> 0x08, i.e. IT[7:2] = 0b000010 at SPSR bits [15:10]).
        assertEquals(0x4400_0007L, c.regs[20]);
        assertEquals(EL0 + 4, c.regs[21]);
        assertEquals(0x4000_0830L, c.regs[22]);
        // The ERET back resumes inside the IT block: moveq ran, then the b . after it.
        assertEquals(0, c.el);
        assertTrue(c.aarch32);
        assertEquals(2, c.regs[1]);
        assertEquals(EL0 + 6, c.pc());
        assertEquals(0, c.regs[Aarch64Cpu.IT]);
        assertEquals(1, c.regs[24]);
    }

    @Test
    void undefinedInstructions() {
        // EC 0x00 (Unknown reason): IL is 1 even for a 16-bit T32 UDF (D13.2.37); ELR = the instruction.
        assertTakenSync(run(0x10, a32(0xe7f000f0), NONE, 20), 0x0200_0000L, EL0, 0x10);
        assertTakenSync(run(0x30, t32(0xde01), NONE, 20), 0x0200_0000L, EL0, 0x30);
        // An EL1-only CP15 register (SCTLR) read from EL0: UNDEFINED.
        assertTakenSync(run(0x10, a32(0xee110f10), NONE, 20), 0x0200_0000L, EL0, 0x10);
        // CP15DMB at EL0 with SCTLR_EL1.CP15BEN = 0: UNDEFINED; with CP15BEN = 1 a barrier (then svc #0).
        assertTakenSync(run(0x10, a32(0xee070fba), c -> c.sctlr[1] &= ~Cp15.SCTLR_CP15BEN, 20), 0x0200_0000L, EL0, 0x10);
        assertTakenSync(run(0x10, a32(0xee070fba, 0xef000000), c -> c.sctlr[1] |= Cp15.SCTLR_CP15BEN, 20),
                0x4600_0000L, EL0 + 8, 0x10);
    }

    @Test
    void alignmentFaultReportsDataAbortFromLowerEl() {
        // ldrex r0, [r1] with r1 unaligned: EC 0x24, IL = 1, DFSC = 0b100001; FAR = the 32-bit address.
        Aarch64Cpu c = run(0x10, a32(0xe1910f9f), cpu -> cpu.regs[1] = DATA + 2, 20);
        assertTakenSync(c, 0x9200_0021L, EL0, 0x10);
        assertEquals(DATA + 2, c.regs[23]);
    }

    @Test
    void genericTimerAccessTrappedByCntkctl() {
        // CNTKCTL_EL1 = 0: MRRC p15, 1, r2, r3, c14 (CNTVCT) traps with EC 0x04: CV = 1, COND = 0b1110,
        // Opc1 = 1 [19:16], Rt2 = 3 [14:10], Rt = 2 [9:5], CRm = 14 [4:1], direction = read.
        long mrrc = 0x13e1_0c5dL;
        assertTakenSync(run(0x10, a32(0xec532f1e), c -> c.cntkctlEl1 = 0, 20), mrrc, EL0, 0x10);
        assertTakenSync(run(0x30, t32(0xec53, 0x2f1e), c -> c.cntkctlEl1 = 0, 20), mrrc, EL0, 0x30);
        // MRC p15, 0, r4, c14, c0, 0 (CNTFRQ): EC 0x03, Opc2 = 0, Opc1 = 0, CRn = 14 [13:10], Rt = 4, CRm = 0.
        assertTakenSync(run(0x10, a32(0xee1e4f10), c -> c.cntkctlEl1 = 0, 20), 0x0fe0_3881L, EL0, 0x10);
        // CNTKCTL_EL1.EL0VCTEN: the counter reads (both halves), then svc #0 comes back.
        Aarch64Cpu c = run(0x10, a32(0xec532f1e, 0xee1e4f10, 0xef000000), cpu -> cpu.cntkctlEl1 = 2, 40);
        assertTakenSync(c, 0x4600_0000L, EL0 + 12, 0x10);
        assertEquals(c.cntfrq, c.regs[4]);
    }

    @Test
    void threadIdRegistersAreTheAarch64Ones() {
        // mrc p15, 0, r5, c13, c0, 3 (TPIDRURO = TPIDRRO_EL0[31:0]); mcr p15, 0, r6, c13, c0, 2 (TPIDRURW =
        // TPIDR_EL0); svc #0.
        Aarch64Cpu c = run(0x10, a32(0xee1d5f70, 0xee0d6f50, 0xef000000), cpu -> {
            cpu.tpidrroEl0 = 0x1234_5678_9abc_def0L;
            cpu.regs[6] = 0xcafe_f00dL;
        }, 20);
        assertTakenSync(c, 0x4600_0000L, EL0 + 12, 0x10);
        assertEquals(0x9abc_def0L, c.regs[5]);
        assertEquals(0xcafe_f00dL, c.tpidr[0] & 0xffff_ffffL);
    }

    @Test
    void fpAccessTrap() {
        // CPACR_EL1.FPEN = 0: vadd.f32 s0, s1, s2 traps with EC 0x07, IL = 1, CV = 1, COND = 0b1110.
        assertTakenSync(run(0x10, a32(0xee300a81), c -> c.cpacrEl1 = 0, 20), 0x1fe0_0000L, EL0, 0x10);
    }

    @Test
    void breakpointInstructions() {
        // EC 0x38 (BKPT in AArch32), ISS = imm16; IL = 0 for the 16-bit T32 encoding; ELR = the BKPT.
        assertTakenSync(run(0x10, a32(0xe1212374), NONE, 20), 0xe200_1234L, EL0, 0x10);
        assertTakenSync(run(0x30, t32(0xbe12), NONE, 20), 0xe000_0012L, EL0, 0x30);
    }

    @Test
    void irqFromAarch32UsesTheAarch32IrqVector() {
        // IRQ pending and unmasked by the SPSR: taken before the first EL0 instruction retires, to
        // VBAR + 0x680 with ELR = that instruction and the User-mode CPSR in SPSR_EL1 (ESR unchanged).
        Aarch64Cpu c = run(0x0000_0010L, a32(0xe2877001), cpu -> cpu.setInterrupt(Aarch64Cpu.INTERRUPT_IRQ, true), 20);
        assertEquals(1, c.el);
        assertEquals(VBAR + 0x680 + PARK, c.pc());
        assertEquals(EL0, c.regs[21]);
        assertEquals(0x10, c.regs[22]);
        assertEquals(0, c.regs[7]);
        // With PSTATE.I set by the SPSR (bit 7) the interrupt waits: add, then b . at EL0.
        Aarch64Cpu m = run(0x0000_0090L, a32(0xe2877001), cpu -> cpu.setInterrupt(Aarch64Cpu.INTERRUPT_IRQ, true), 20);
        assertEquals(0, m.el);
        assertEquals(1, m.regs[7]);
    }

    @Test
    void eretToAarch32ClearsPcAlignmentBits() {
        // A32: ELR[1:0] are cleared; T32: ELR[0] (D1.20.2 / AArch64.ExceptionReturn).
        Aarch64Cpu c = run(0x10, a32(0xef000000), cpu -> cpu.elr[1] = EL0 + 3, 20);
        assertTakenSync(c, 0x4600_0000L, EL0 + 4, 0x10);
        Aarch64Cpu t = run(0x30, t32(0xdf00), cpu -> cpu.elr[1] = EL0 + 1, 20);
        assertTakenSync(t, 0x4400_0000L, EL0 + 2, 0x30);
    }

    /** CRC-32 (polynomial 0x04C11DB7, reflected) or CRC-32C of the low {@code bytes} bytes of {@code v}, raw. */
    private static long crc(boolean castagnoli, long acc, long v, int bytes) {
        // java.util.zip computes ~crc(~init, data); the instruction is crc(acc, data) without the inversions.
        java.util.zip.Checksum c = castagnoli ? new java.util.zip.CRC32C() : new java.util.zip.CRC32();
        byte[] data = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            data[i] = (byte) (v >>> (8 * i));
        }
        if (acc != 0xffff_ffffL) {
            throw new IllegalArgumentException("the oracle needs acc = 0xffffffff");
        }
        c.update(data, 0, bytes);
        return ~c.getValue() & 0xffff_ffffL;
    }

    @Test
    void crc32InstructionsMatchJavaUtilZip() {
        // crc32b r0, r1, r2; crc32cw r3, r4, r5; svc #0 (A32) and crc32h r0, r1, r2; crc32cb r3, r4, r5; svc #0 (T32)
        Consumer<Aarch64Cpu> regs = c -> {
            c.regs[1] = 0xffff_ffffL;
            c.regs[2] = 0x1234_56a7L;
            c.regs[4] = 0xffff_ffffL;
            c.regs[5] = 0xdead_beefL;
        };
        Aarch64Cpu a = run(0x10, a32(0xe1010042, 0xe1443245, 0xef000000), regs, 20);
        assertTakenSync(a, 0x4600_0000L, EL0 + 12, 0x10);
        assertEquals(crc(false, 0xffff_ffffL, 0xa7, 1), a.regs[0]);
        assertEquals(crc(true, 0xffff_ffffL, 0xdead_beefL, 4), a.regs[3]);
        Aarch64Cpu t = run(0x30, t32(0xfac1, 0xf092, 0xfad4, 0xf385, 0xdf00), regs, 20);
        assertTakenSync(t, 0x4400_0000L, EL0 + 10, 0x30);
        assertEquals(crc(false, 0xffff_ffffL, 0x56a7, 2), t.regs[0]);
        assertEquals(crc(true, 0xffff_ffffL, 0xef, 1), t.regs[3]);
    }

    @Test
    void armv8InstructionsAreUndefinedWithoutTheirIdIsar5Fields() {
        // An AArch64 core whose ID_ISAR5 has no AES, SHA or CRC32 (only SEVL) and whose MVFR2 is 0: crc32b,
        // aese.8 q0, q1 and vrinta.f32 s0, s1 are UNDEFINED at AArch32 EL0 (the ARMv7 behaviour of these
        // encodings).
        A64CpuModel m = A64CpuModel.CORTEX_A57;
        A64CpuModel noCrypto = new A64CpuModel("no-crypto", m.dtbCompatible(), m.midr(), m.revidr(), m.ctr(),
                m.resetSctlr(), m.idPfr0(), m.idPfr1(), m.idDfr0(), m.idAfr0(), m.idMmfr0(), m.idMmfr1(), m.idMmfr2(),
                m.idMmfr3(), m.idIsar0(), m.idIsar1(), m.idIsar2(), m.idIsar3(), m.idIsar4(), 0x1, m.mvfr0(), m.mvfr1(),
                0, m.idAa64pfr0(), m.idAa64dfr0(), m.idAa64isar0(), m.idAa64mmfr0(), m.clidr(), m.ccsidr(),
                m.dczBlockLog2Words(), m.counterHz());
        assertTakenSync(run(noCrypto, 0x10, a32(0xe1010042), NONE, 20), 0x0200_0000L, EL0, 0x10);
        assertTakenSync(run(noCrypto, 0x10, a32(0xf3b00302), NONE, 20), 0x0200_0000L, EL0, 0x10);
        assertTakenSync(run(noCrypto, 0x10, a32(0xfeb80a60), NONE, 20), 0x0200_0000L, EL0, 0x10);
        // With the Cortex-A57's MVFR2 (FPMisc = 4): VRINTA rounds 2.5 to 3.0 (ties away from zero).
        Aarch64Cpu r = run(0x10, a32(0xfeb80a60, 0xef000000), cpu -> cpu.regs[Aarch64Cpu.V0] = 0x4020_0000L << 32, 20);
        assertTakenSync(r, 0x4600_0000L, EL0 + 8, 0x10);
        assertEquals(0x4040_0000L, r.regs[Aarch64Cpu.V0] & 0xffff_ffffL);
        // With the Cortex-A57's ID_ISAR5 (0x00011121) aese runs: AESE of zero state and key is SubBytes(0) =
        // 0x63 in every byte (FIPS-197 S-box).
        Aarch64Cpu c = run(0x10, a32(0xf3b00302, 0xef000000), NONE, 20);
        assertTakenSync(c, 0x4600_0000L, EL0 + 8, 0x10);
        assertEquals(0x6363_6363_6363_6363L, c.regs[Aarch64Cpu.V0]);
        assertEquals(0x6363_6363_6363_6363L, c.regs[Aarch64Cpu.V0 + 1]);
    }

    /** The Cortex-A57 with {@code mvfr2} as its MVFR2_EL1. */
    private static A64CpuModel withMvfr2(long mvfr2) {
        A64CpuModel m = A64CpuModel.CORTEX_A57;
        return new A64CpuModel("mvfr2-" + mvfr2, m.dtbCompatible(), m.midr(), m.revidr(), m.ctr(), m.resetSctlr(),
                m.idPfr0(), m.idPfr1(), m.idDfr0(), m.idAfr0(), m.idMmfr0(), m.idMmfr1(), m.idMmfr2(), m.idMmfr3(),
                m.idIsar0(), m.idIsar1(), m.idIsar2(), m.idIsar3(), m.idIsar4(), m.idIsar5(), m.mvfr0(), m.mvfr1(),
                mvfr2, m.idAa64pfr0(), m.idAa64dfr0(), m.idAa64isar0(), m.idAa64mmfr0(), m.clidr(), m.ccsidr(),
                m.dczBlockLog2Words(), m.counterHz());
    }

    /** The instruction ran (the SVC after it was taken) or was UNDEFINED, as {@code runs} says. */
    private void assertRunsOrUndefined(A64CpuModel model, int insn, boolean runs) {
        Aarch64Cpu c = run(model, 0x10, a32(insn, 0xef000000), NONE, 20);
        String what = String.format("0x%08x with MVFR2 0x%x", insn, model.mvfr2());
        if (runs) {
            assertEquals(0x4600_0000L, c.regs[20], what + " runs");
            assertEquals(EL0 + 8, c.regs[21], what + " runs");
        } else {
            assertEquals(0x0200_0000L, c.regs[20], what + " is UNDEFINED");
            assertEquals(EL0, c.regs[21], what + " is UNDEFINED");
        }
    }

    @Test
    void armv8FpInstructionsFollowTheMvfr2FieldValues() {
        // DDI 0487 MVFR2_EL1: FPMisc 1 = VSEL, 2 = + VCVT{A,N,P,M}, 3 = + VRINT*, 4 = + VMAXNM/VMINNM;
        // SIMDMisc 1 = VCVT{A,N,P,M}, 2 = + VRINT*, 3 = + VMAXNM/VMINNM (QEMU isar_feature_aa32_vcvt_dr,
        // _vrint, _vminmaxnm test FPMisc >= 2, 3, 4).
        int vcvtaVfp = 0xfebc0ae0; // vcvta.s32.f32 s0, s1
        int vrintaVfp = 0xfeb80a60; // vrinta.f32 s0, s1
        int vrintzVfp = 0xeeb60ae0; // vrintz.f32 s0, s1
        int vmaxnmVfp = 0xfe800a20; // vmaxnm.f32 s0, s0, s1
        int vcvtaSimd = 0xf3bb0001; // vcvta.s32.f32 d0, d1
        int vrintaSimd = 0xf3ba0501; // vrinta.f32 d0, d1
        int vmaxnmSimd = 0xf3000f11; // vmaxnm.f32 d0, d0, d1
        A64CpuModel fp2simd1 = withMvfr2(0x21);
        assertRunsOrUndefined(fp2simd1, vcvtaVfp, true);
        assertRunsOrUndefined(fp2simd1, vrintaVfp, false);
        assertRunsOrUndefined(fp2simd1, vcvtaSimd, true);
        assertRunsOrUndefined(fp2simd1, vrintaSimd, false);
        A64CpuModel fp3simd2 = withMvfr2(0x32);
        assertRunsOrUndefined(fp3simd2, vrintaVfp, true);
        assertRunsOrUndefined(fp3simd2, vrintzVfp, true);
        assertRunsOrUndefined(fp3simd2, vmaxnmVfp, false);
        assertRunsOrUndefined(fp3simd2, vrintaSimd, true);
        assertRunsOrUndefined(fp3simd2, vmaxnmSimd, false);
        A64CpuModel full = withMvfr2(0x43); // the Cortex-A57's
        assertRunsOrUndefined(full, vmaxnmVfp, true);
        assertRunsOrUndefined(full, vmaxnmSimd, true);
    }

    @Test
    void idAa64pfr0AdvertisesAarch32El0() {
        try (CpuFixture fx = new CpuFixture()) {
            assertEquals(2, fx.mrs("ID_AA64PFR0_EL1") & 0xf, "EL0: AArch64 and AArch32");
            assertEquals(1, fx.mrs("ID_AA64PFR0_EL1") >>> 4 & 0xf, "EL1: AArch64 only");
        }
    }
}
