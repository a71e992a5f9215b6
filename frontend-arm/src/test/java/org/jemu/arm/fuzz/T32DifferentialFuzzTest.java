package org.jemu.arm.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.jemu.arm.a32.A32Translator;
import org.jemu.arm.a32.T32DecodeTable;
import org.jemu.arm.a32.T32Translator;
import org.jemu.arm.cpu.A64CpuModel;
import org.jemu.arm.cpu.A64Helpers;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.arm.cpu.Esr;
import org.jemu.testkit.UcArmReg;
import org.jemu.testkit.UcConst;
import org.jemu.testkit.Unicorn;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.decode.BitPattern;
import org.jemu.translator.decode.DecodeTable;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.memory.MemoryRegion;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of random T32 sequences: jemu (AArch32 EL0 in T32 state under AArch64 EL1) against
 * Unicorn 2 in {@code UC_MODE_THUMB} (16) with the Cortex-A15 model. Instructions come from jemu's own
 * tables ({@link T32DecodeTable}: random fill of each entry's free bits, kept only if the word decodes
 * back to the entry and jemu does not make it UNDEFINED under the ITSTATE it will run with); about one case
 * in three holds IT blocks (random firstcond and mask, 1 to 4 instructions) whose instructions are
 * generated under their ITSTATE. Random R0..R14 (some pointing into the data region, R13 often), N Z C V
 * Q, GE and data; a code address anywhere in the 8 KiB code region, so sequences may run over a page
 * boundary (and 32-bit instructions straddle it); random jemu block size limits.
 *
 * <p>Each case runs on Unicorn and on jemu in the IR interpreter tier and with every block compiled;
 * R0..R14, N Z C V Q, GE, the data region (every byte a case can store), the stop (completed, or the
 * exception, its instruction and kind) and, at an exception, the ITSTATE it saved must agree.
 *
 * <p>Branches, outside IT blocks, always forward to an instruction boundary outside IT blocks: B T1..T4, BL,
 * CBZ/CBNZ, and BX/BLX (register) after a MOVW/MOVT pair loading the Thumb target. Not generated: BLX
 * (immediate, to A32), BXJ, TBB/TBH, PC destinations of loads and ALU instructions ({@code
 * T32InstructionTest}); WFI,
 * WFE, SEV, YIELD (as in the A32 fuzzer) and the permanently UNDEFINED UDF.
 *
 * <p>On a mismatch both emulators are single-stepped in lock step (Unicorn steps an IT block, or from inside
 * one to the end of QEMU's translation block, as one instruction; jemu follows) and the first diverging
 * instruction is checked against the {@linkplain Known known differences}; the two formerly open kinds
 * (aborts reported late, and ITSTATE 0 at aborts inside IT blocks) are Unicorn's, see
 * {@link Known#IT_BLOCK_ABORT_LATE} and {@link Known#IT_BLOCK_ABORT_ITSTATE}. Runs by default.
 *
 * <p>System properties: {@code -Djemu.t32fuzz.seed=N} (master seed, default {@link System#nanoTime()}, fixed when CI=true,
 * printed), {@code -Djemu.t32fuzz.count=N} (default 1500), {@code -Djemu.t32fuzz.index=I} (one case).
 * Without libunicorn2 the test is skipped unless {@code CI=true} or {@code -Djemu.unicorn.required=true}.
 */
class T32DifferentialFuzzTest {

    /** Differences between Unicorn 2.0.1 (QEMU 5.0) and the Arm ARM where jemu follows the Arm ARM. */
    enum Known {
        /**
         * LDM/STM/PUSH/POP, LDRD/STRD, VLDR/VSTR or VLDM/VSTM at an address that is not word aligned: the Arm
         * ARM faults whatever SCTLR.A says (DDI 0406C A3.2.1), QEMU 5.0 performs the access, or reports
         * unmapped memory first (as
         * {@link A32DifferentialFuzzTest.Known#MULTIPLE_OR_DOUBLEWORD_UNALIGNED}). The case is compared again
         * cut before the IT block or instruction at which jemu faulted.
         */
        MULTIPLE_OR_DOUBLEWORD_UNALIGNED,
        /**
         * An unprivileged load or store (LDRT, STRT, LDRBT, ... T1) to unmapped memory: Unicorn 2.0.1 reports
         * the unmapped access with the PC of the following instruction; the Arm ARM (and jemu) take the Data
         * Abort at the LDRT/STRT itself. Compared again cut before it.
         */
        UNPRIVILEGED_ABORT_PC,
        /**
         * Exclusives at an unaligned address: QEMU reports unmapped memory before the Alignment fault, or
         * fails a Store-Exclusive without the alignment check (as the A32 fuzzer's
         * UNMAPPED_BEFORE_ALIGNMENT and STORE_EXCLUSIVE_UNALIGNED_FAIL). An exclusive access to an unaligned
         * address always takes an Alignment fault (DDI 0406C A3.2.1 table A3-1; ExclusiveMonitorsPass() of
         * STREX/STREXB/STREXH/STREXD, A8.8.212-215, faults if address != Align(address, size)); jemu does.
         * Checked on the first diverging instruction: jemu's Alignment fault at it with registers, flags and
         * memory unchanged and its ITSTATE saved; Unicorn's unmapped abort at it with the state unchanged,
         * or Unicorn just after it with only Rd changed, to 1, and ITSTATE advanced. Inside an IT block
         * Unicorn's step runs the block as a whole (and may go on to fault later in it), so there Unicorn is
         * run from the start until just after the instruction (the case cut there, but with the code
         * unchanged, as literal loads read it). Compared again cut before it (before its IT block).
         */
        EXCLUSIVE_UNALIGNED,
        /**
         * A load or store inside an IT block to unmapped memory where Unicorn reports the abort late: it goes
         * on executing the rest of the IT block and stops with the PC after a later instruction of the block
         * (typically the one after the block), with those instructions' results in the registers and
         * memory, and CPSR.IT 0. A Data Abort is synchronous and precise (DDI 0406C B1.9.1 / B1.9.7; DDI
         * 0487 D1.13.4 and G1.13.2 "synchronous exceptions"): the preferred return address is the faulting
         * instruction and no later instruction has executed; jemu stops there with the state before it and
         * saves the instruction's ITSTATE. Checked on the first diverging instruction of the lock-step
         * diagnosis: jemu's abort is at that instruction inside an IT block with registers, flags and memory
         * unchanged and the instruction's ITSTATE saved, Unicorn's fault address is jemu's FAR and Unicorn's
         * PC lies after the instruction and no further than the end of its IT block. Compared again cut
         * before the IT block. (The open mismatch kind "(a) aborts reported several instructions later".)
         */
        IT_BLOCK_ABORT_LATE,
        /**
         * A load or store inside an IT block to unmapped memory where Unicorn stops at the right instruction
         * with the right registers, flags and memory but reads back CPSR.IT = 0 (seen where the instruction
         * starts a new QEMU translation block, e.g. a 32-bit instruction straddling a page boundary). On
         * exception entry the SPSR holds the ITSTATE of the faulting instruction, so that the exception
         * return resumes the IT block (DDI 0406C B1.8.3 and B1.9.7 "Data Abort exception" pseudocode,
         * SPSR = CPSR with ITSTATE of the aborted instruction; DDI 0487 G1.13.3 / D1.10.4, PSTATE.IT saved
         * to SPSR.IT). jemu saves it. Checked as above, with Unicorn at jemu's PC, IT 0, and registers,
         * flags and memory as before the instruction. (The open mismatch kind "(b)".)
         */
        IT_BLOCK_ABORT_ITSTATE,
        /**
         * An ISB inside an IT block (not its last instruction): Unicorn continues after it with CPSR.IT 0,
         * so the rest of the IT block runs unconditionally. ISB is an ordinary conditional instruction in an
         * IT block (DDI 0406C A8.8.45; A2.5.2: every instruction in an IT block advances ITSTATE, ITAdvance()
         * in A2.5.2); jemu advances ITSTATE. (QEMU 5.0 ends the translation block after an ISB, apparently
         * without writing back the IT state.) Checked on the first diverging instruction: an ISB with
         * ITSTATE non-zero, both emulators running at the next instruction with the same registers, flags
         * and memory, Unicorn's ITSTATE 0 and jemu's ITAdvance of the ISB's. Compared again cut before the
         * IT block.
         */
        ISB_IN_IT_BLOCK,
        /**
         * A Store-Exclusive of another size than the preceding Load-Exclusive at the same address (e.g.
         * STREXH after LDREXD): whether it passes is CONSTRAINED UNPREDICTABLE (DDI 0406C A3.4.5; DDI 0487,
         * AArch32 Load-Exclusive and Store-Exclusive usage restrictions), QEMU and jemu compare different byte counts (as
         * {@link A32DifferentialFuzzTest.Known#EXCLUSIVE_SIZE_MISMATCH}). Checked on the first diverging
         * instruction: the last Load-Exclusive executed before it (no Store-Exclusive or CLREX in between)
         * had the same address and another size; both emulators continue after it with the same registers
         * but Rd, flags and ITSTATE, and report different status; jemu's memory holds exactly the
         * Store-Exclusive's bytes if its status is 0 and is unchanged if 1 (ExclusiveMonitorsPass() either
         * way); Unicorn's is either. (QEMU 5.0 does the store as a compare-and-swap of the store's size
         * against the value the LDREXD read, then sets the status by comparing the old halfword with all 64
         * bits of it: status 1 although it stored, seen for STREXH after LDREXD. A Store-Exclusive that fails
         * must not store; that is Unicorn's, not jemu's.) Compared again cut before it (before its IT block).
         */
        EXCLUSIVE_SIZE_MISMATCH,
        /**
         * A VLDn/VSTn whose alignment qualifier the address does not meet: QEMU 5.0 ignores the qualifier,
         * the Arm ARM faults (as {@link A32DifferentialFuzzTest.Known#NEON_ALIGNMENT_QUALIFIER}). Checked on
         * the first diverging instruction: jemu's Alignment fault at it with the state before it. Compared
         * again cut before it (before its IT block).
         */
        NEON_ALIGNMENT_QUALIFIER,
        /**
         * An Advanced SIMD element or structure load that reaches unmapped memory part-way: QEMU has written the
         * elements it loaded before the fault, jemu leaves the registers as they were (as
         * {@link A32DifferentialFuzzTest.Known#PARTIAL_ELEMENT_LOAD_ABORT}; the Arm ARM makes them UNKNOWN).
         */
        PARTIAL_ELEMENT_LOAD_ABORT
    }

    static final long CODE = A64FuzzCase.CODE;
    static final int CODE_SIZE = A64FuzzCase.CODE_SIZE;
    static final long DATA = A64FuzzCase.DATA;
    static final int DATA_SIZE = A64FuzzCase.DATA_SIZE;
    static final long VECTORS = A64FuzzCase.VECTORS;
    static final int VECTORS_SIZE = A64FuzzCase.VECTORS_SIZE;
    static final long SYNC_A32 = VECTORS + 0x600;
    static final int T_B_SELF = 0xe7fe;
    static final int T_CLREX = 0xf3bf8f2f;

    static final Map<String, String> EXCLUDED = excluded();

    private static Map<String, String> excluded() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("BLX_imm_T2", "branch to A32 code (T32InstructionTest)");
        m.put("BXJ_T1", "Jazelle branch (T32InstructionTest)");
        m.put("TBB_T1", "table branch to a data-dependent address (T32InstructionTest)");
        m.put("TBH_T1", "table branch to a data-dependent address (T32InstructionTest)");
        m.put("IT_T1", "generated as IT blocks, not as a single instruction");
        for (String w : List.of("WFI_T1", "WFI_T2", "WFE_T1", "WFE_T2", "SEV_T1", "SEV_T2", "YIELD_T1", "YIELD_T2")) {
            m.put(w, "halt/event/yield hints (see A32FuzzGenerator.EXCLUDED)");
        }
        m.put("UDF_T1", "permanently UNDEFINED");
        m.put("UDF_T2", "permanently UNDEFINED");
        for (String s : new String[] {"AES_T1", "SHA1H_T1", "SHA1SU1_SHA256SU0_T1", "SHA_3reg_T1", "VMULL_p64_T1",
            "CRC32_T1", "VMAXNM_VMINNM_simd_T1", "VRINT_simd_0_T1", "VRINT_simd_1_T1", "VCVT_arm_simd_T1",
            "VRINTR_VRINTZ", "VRINTX_vfp", "VSEL", "VMAXNM_VMINNM_vfp", "VRINT_arm_vfp", "VCVT_arm_vfp"}) {
            m.put(s, "ARMv8 AArch32 crypto/CRC32/FP (see A32FuzzGenerator.EXCLUDED)");
        }
        // VFP and Advanced SIMD run with FP enabled on both (CPACR_EL1.FPEN / FPEXC.EN), D0-D31 and FPSCR
        // seeded and compared; only these two are left to the A32 fuzzer:
        m.put("VMSR", "a random FPSCR value would set trap-enable and Len/Stride bits Cortex-A15 lacks (QEMU keeps "
                + "them); A32DifferentialFuzzTest writes valid values through MOVW/MOVT/VMSR");
        m.put("VMRS_sys", "FPSID/MVFR/FPEXC reads are UNDEFINED at EL0 (A32InstructionTest)");
        for (String s : new String[] {"MRS_spsr_T1", "MRS_banked_T1", "MSR_reg_sys_T1", "MSR_banked_T1", "CPS_T2",
            "SUBS_PC_LR_T1", "HVC_T1", "SMC_T1", "SRS_T1", "SRS_T2", "RFE_T1", "RFE_T2", "MCR_T1", "MRC_T1", "MCRR_T1",
            "MRRC_T1", "CPS_T1", "SETEND_T1", "VMSR_sys"}) {
            m.put(s, "system level (DDI 0406C B9; CP14/CP15): privileged or UNDEFINED at EL0, and Unicorn's user mode "
                    + "has no AArch32 system level to compare with (ArmV7SystemTest checks them)");
        }
        return m;
    }

    static final List<DecodeTable.Entry<A32Translator.Handler>> CLAIMED = claimed();

    private static List<DecodeTable.Entry<A32Translator.Handler>> claimed() {
        List<DecodeTable.Entry<A32Translator.Handler>> all = new ArrayList<>(T32DecodeTable.TABLE.entries());
        all.addAll(T32DecodeTable.LITERAL.entries());
        return all.stream().filter(e -> !EXCLUDED.containsKey(e.name)).toList();
    }

    /** Claimed, but generated only as forward branches by {@code Generator.branch}. */
    static final Set<String> BRANCHES = Set.of("B_T1", "B_T2", "B_T3", "B_T4", "BL_T1", "CBZ_T1", "CBNZ_T1", "BX_T1",
            "BLX_reg_T1");

    static final Set<String> EXCLUSIVE = Set.of("LDREX_T1", "LDREXB_T1", "LDREXH_T1", "LDREXD_T1", "STREX_T1",
            "STREXB_T1", "STREXH_T1", "STREXD_T1");

    // ---- cases ---------------------------------------------------------------------------------------

    /** A case: T32 instructions (16-bit, or hw1:hw2) at {@code codeAddr}, the initial state, IT block starts. */
    record Case(int index, long seed, long codeAddr, int[] insns, boolean[] itStart, int[] target, long[] r, int nzcvq,
            int ge, byte[] data, int maxBlock, long[] d, int fpscr) {
        int size(int i) {
            return (insns[i] >>> 16) != 0 ? 4 : 2;
        }

        long addr(int i) {
            long a = codeAddr;
            for (int k = 0; k < i; k++) {
                a += size(k);
            }
            return a;
        }

        long end() {
            return addr(insns.length);
        }

        byte[] codeImage() {
            byte[] img = new byte[CODE_SIZE];
            int off = (int) (codeAddr - CODE);
            for (int i = 0; i < insns.length; i++) {
                int w = word(i);
                if ((w >>> 16) != 0) {
                    img[off++] = (byte) (w >>> 16);
                    img[off++] = (byte) (w >>> 24);
                }
                img[off++] = (byte) w;
                img[off++] = (byte) (w >>> 8);
            }
            img[off++] = (byte) T_B_SELF;
            img[off] = (byte) (T_B_SELF >>> 8);
            return img;
        }

        /**
         * The encoding of instruction {@code i}: branches and the MOVW/MOVT loading a BX/BLX target are
         * stored as templates with a target instruction index and encoded here for their addresses.
         */
        int word(int i) {
            int w = insns[i];
            if (target[i] < 0) {
                return w;
            }
            long pc = addr(i);
            long to = addr(target[i]);
            int off = (int) (to - pc - 4);
            if ((w & 0xfb708000) == 0xf2400000) { // MOVW/MOVT T: the target | 1 (Thumb)
                int imm = (int) (((w & 0x00800000) != 0 ? (to | 1) >>> 16 : (to | 1)) & 0xffff);
                return (w & 0xfbf08f00) | (imm >>> 11 & 1) << 26 | (imm >>> 12) << 16 | (imm >>> 8 & 7) << 12 | (imm & 0xff);
            }
            boolean narrow = (w >>> 16) == 0;
            if (narrow && (w & 0xff00) == 0x4700) { // BX, BLX (register): the register holds the target
                return w;
            }
            if (narrow && (w & 0xf500) == 0xb100) { // CBZ, CBNZ: 0..126 forward from PC + 4
                if (off < 0) {
                    return 0xbf00; // cut right after it: falls through either way
                }
                return (w & 0xfd07) | (off >>> 6 & 1) << 9 | (off >>> 1 & 0x1f) << 3;
            }
            if (narrow && (w & 0xf000) == 0xd000) {
                return (w & 0xff00) | (off >>> 1 & 0xff);
            }
            if (narrow && (w & 0xf800) == 0xe000) {
                return 0xe000 | (off >>> 1 & 0x7ff);
            }
            int hw2 = w & 0xffff;
            if ((hw2 & 0x1000) == 0) { // B T3 (conditional)
                int cond = w >>> 22 & 0xf;
                return 0xf000_0000 | (off >>> 20 & 1) << 26 | cond << 22 | (off >>> 12 & 0x3f) << 16 | 0x8000
                        | (off >>> 18 & 1) << 13 | (off >>> 19 & 1) << 11 | (off >>> 1 & 0x7ff);
            }
            int sgn = off >>> 24 & 1;
            int j1 = ~((off >>> 23) ^ sgn) & 1;
            int j2 = ~((off >>> 22) ^ sgn) & 1;
            return 0xf000_0000 | sgn << 26 | (off >>> 12 & 0x3ff) << 16 | (hw2 & 0xd000) | j1 << 13 | j2 << 11
                    | (off >>> 1 & 0x7ff);
        }

        /** The case cut before instruction {@code i} (the sequence ends there; branch targets clamped to it). */
        Case cutAt(int i) {
            int[] t = Arrays.copyOf(target, i);
            for (int k = 0; k < i; k++) {
                t[k] = Math.min(t[k], i);
            }
            return new Case(index, seed, codeAddr, Arrays.copyOf(insns, i), Arrays.copyOf(itStart, i), t, r, nzcvq, ge, data,
                    maxBlock, d, fpscr);
        }

        /** Index of the instruction at {@code pc}, or -1. */
        int indexOf(long pc) {
            for (int i = 0; i < insns.length; i++) {
                if (addr(i) == pc) {
                    return i;
                }
            }
            return -1;
        }

        String listing() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < insns.length; i++) {
                int w = word(i);
                DecodeTable.Entry<A32Translator.Handler> e = T32DecodeTable.decode(w);
                sb.append(String.format("    %08x: %s  %s%s%n", addr(i), (w >>> 16) != 0
                        ? String.format("%04x %04x", w >>> 16, w & 0xffff)
                        : String.format("%04x     ", w), e == null ? "(UNDEFINED)" : e.name,
                        target[i] < 0 ? "" : String.format("  -> %08x", addr(target[i]))));
            }
            sb.append(String.format("    %08x: e7fe       (terminator: b .)%n", end()));
            sb.append("  initial state:\n");
            for (int i = 0; i < 15; i++) {
                sb.append(String.format("    r%-2d=%08x%s", i, r[i], i % 5 == 4 ? "\n" : ""));
            }
            sb.append(String.format("    nzcvq=%s ge=%x (jemu max block instructions: %d)%n",
                    A32FuzzCase.flagString(nzcvq), ge, maxBlock));
            return sb.toString();
        }
    }

    enum Kind { COMPLETED, RUNNING, UNMAPPED_ABORT, ALIGNMENT_ABORT, SVC, BKPT, UNDEFINED, OTHER }

    record State(long[] r, int nzcvq, int ge, byte[] data, Kind kind, long pc, int it, String detail, long[] d, int fpscr) {
        String firstDifference(State j) {
            if (kind != j.kind || pc != j.pc) {
                return "stop: Unicorn " + kind + " at 0x" + Long.toHexString(pc) + " " + detail + ", jemu " + j.kind
                        + " at 0x" + Long.toHexString(j.pc) + " " + j.detail;
            }
            for (int i = 0; i < 15; i++) {
                if (r[i] != j.r[i]) {
                    return String.format("r%d: Unicorn 0x%08x, jemu 0x%08x", i, r[i], j.r[i]);
                }
            }
            if (nzcvq != j.nzcvq) {
                return "nzcvq: Unicorn " + A32FuzzCase.flagString(nzcvq) + ", jemu " + A32FuzzCase.flagString(j.nzcvq);
            }
            if (ge != j.ge) {
                return String.format("ge: Unicorn %x, jemu %x", ge, j.ge);
            }
            if (it != j.it) {
                return String.format("ITSTATE: Unicorn %02x, jemu %02x", it, j.it);
            }
            int d = Arrays.mismatch(data, j.data);
            if (d >= 0) {
                return String.format("memory at 0x%x: Unicorn %02x, jemu %02x", DATA + d, data[d] & 0xff, j.data[d] & 0xff);
            }
            for (int i = 0; i < 32; i++) {
                if (this.d[i] != j.d[i]) {
                    return String.format("d%d: Unicorn 0x%016x, jemu 0x%016x", i, this.d[i], j.d[i]);
                }
            }
            if (fpscr != j.fpscr) {
                return String.format("fpscr: Unicorn 0x%08x, jemu 0x%08x", fpscr, j.fpscr);
            }
            return null;
        }
    }

    // ---- the generator -------------------------------------------------------------------------------

    static final class Generator {
        final long flags;
        final Map<String, Integer> counts = new LinkedHashMap<>();
        int itBlocks;

        Generator(long flags) {
            this.flags = flags;
            for (DecodeTable.Entry<A32Translator.Handler> e : CLAIMED) {
                counts.put(e.name, 0);
            }
        }

        Case generate(int index, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            int n = 1 + r.nextInt(14);
            int[] perm = new int[8];
            for (int i = 0; i < 8; i++) {
                perm[i] = i;
            }
            for (int i = 7; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            int[] pointers = Arrays.copyOfRange(perm, 0, 2 + r.nextInt(3));
            int[] small = Arrays.copyOfRange(perm, 6, 8);
            long[] regs = new long[15];
            for (int i = 0; i < 15; i++) {
                regs[i] = randomValue(r);
            }
            for (int p : pointers) {
                regs[p] = dataPointer(r);
            }
            if (r.nextInt(3) != 0) {
                regs[13] = dataPointer(r) & ~3L;
            }
            for (int s : small) {
                regs[s] = r.nextInt(3) == 0 ? r.nextInt(-64, 65) & 0xffff_ffffL : 4L * r.nextInt(16);
            }
            byte[] data = new byte[DATA_SIZE];
            r.nextBytes(data);
            List<Integer> insns = new ArrayList<>();
            List<Boolean> starts = new ArrayList<>();
            List<Integer> targets = new ArrayList<>();
            insns.add(T_CLREX);
            starts.add(false);
            targets.add(-1);
            boolean withIt = r.nextInt(3) == 0;
            while (insns.size() <= n) {
                if (withIt && r.nextInt(3) == 0) {
                    int first = r.nextInt(15);
                    int mask = 1 + r.nextInt(15);
                    if (first == 14) {
                        mask = 8 >> r.nextInt(4); // AL: "then" instructions only
                    }
                    int it = first << 4 | mask;
                    insns.add(0xbf00 | it);
                    starts.add(true);
                    itBlocks++;
                    int cur = it;
                    while ((cur & 0xf) != 0) {
                        insns.add(instruction(r, pointers, small, cur));
                        starts.add(false);
                        cur = A32Translator.itAdvance(cur);
                    }
                } else if (r.nextInt(6) == 0) {
                    branch(r, insns, starts, targets);
                } else {
                    insns.add(instruction(r, pointers, small, 0));
                    starts.add(false);
                }
                while (targets.size() < insns.size()) {
                    targets.add(-1);
                }
            }
            int[] w = insns.stream().mapToInt(Integer::intValue).toArray();
            int bytes = 0;
            for (int x : w) {
                bytes += (x >>> 16) != 0 ? 4 : 2;
            }
            long codeAddr;
            if (r.nextInt(4) == 0) {
                codeAddr = CODE + 0x1000 - 2L * (1 + r.nextInt(bytes / 2 + 1));
            } else {
                codeAddr = CODE + 2L * r.nextInt((CODE_SIZE - bytes - 8) / 2);
            }
            boolean[] itStart = new boolean[w.length];
            for (int i = 0; i < w.length; i++) {
                itStart[i] = starts.get(i);
            }
            int[] target = targets.stream().mapToInt(Integer::intValue).toArray();
            chooseTargets(r, w, itStart, target);
            int maxBlock = r.nextInt(4) == 0 ? 1 + r.nextInt(8) : 64;
            int nzcvq = r.nextInt(32);
            int ge = r.nextInt(16);
            long[] dregs = new long[32];
            for (int i = 0; i < 32; i++) {
                dregs[i] = A64FuzzGenerator.vectorValue(r);
            }
            return new Case(index, seed, codeAddr, w, itStart, target, regs, nzcvq, ge, data, maxBlock, dregs,
                    A32FuzzGenerator.randomFpscr(r));
        }

        private static final long[] INTERESTING = {0, 1, 2, 0xffff_ffffL, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
            0x7fff_ffffL, 0x8000_0000L, 31, 32, 33, 0xff00_ff00L, 0x8000_8000L, 0x7fff_7fffL};

        private static long randomValue(SplittableRandom r) {
            return switch (r.nextInt(4)) {
                case 0 -> INTERESTING[r.nextInt(INTERESTING.length)];
                case 1 -> r.nextInt(-300, 300) & 0xffff_ffffL;
                default -> r.nextInt() & 0xffff_ffffL;
            };
        }

        private static long dataPointer(SplittableRandom r) {
            long off = r.nextInt(6) == 0 ? r.nextInt(DATA_SIZE) : r.nextInt(0x400, 0x1c00) & (r.nextInt(8) != 0 ? ~7L : ~0L);
            return DATA + off;
        }

        /**
         * A branch template outside IT blocks (its target index, -2 = to be chosen, is fixed by
         * {@link #chooseTargets}): B T1..T4, BL, CBZ/CBNZ, or MOVW/MOVT rX and BX/BLX rX.
         */
        void branch(SplittableRandom r, List<Integer> insns, List<Boolean> starts, List<Integer> targets) {
            int kind = r.nextInt(8);
            String name;
            switch (kind) {
                case 0 -> {
                    insns.add(0xd000 | r.nextInt(14) << 8);
                    name = "B_T1";
                }
                case 1 -> {
                    insns.add(0xe000);
                    name = "B_T2";
                }
                case 2 -> {
                    insns.add(0xf000_8000 | r.nextInt(14) << 22);
                    name = "B_T3";
                }
                case 3 -> {
                    insns.add(0xf000_9000);
                    name = "B_T4";
                }
                case 4 -> {
                    insns.add(0xf000_d000);
                    name = "BL_T1";
                }
                case 5 -> {
                    insns.add(0xb100 | r.nextInt(2) << 11 | r.nextInt(8));
                    name = (insns.getLast() & 0x800) != 0 ? "CBNZ_T1" : "CBZ_T1";
                }
                default -> {
                    int rx = r.nextInt(13);
                    insns.add(0xf240_0000 | rx << 8);
                    insns.add(0xf2c0_0000 | rx << 8);
                    insns.add((kind == 6 ? 0x4700 : 0x4780) | rx << 3);
                    starts.add(false);
                    starts.add(false);
                    targets.add(-2);
                    targets.add(-2);
                    name = kind == 6 ? "BX_T1" : "BLX_reg_T1";
                }
            }
            starts.add(false);
            targets.add(-2);
            counts.merge(name, 1, Integer::sum);
        }

        /**
         * Fixes each branch's target: a later instruction or the terminator, never inside an IT block (it
         * would run there with ITSTATE 0), nor the MOVT or BX/BLX of a MOVW/MOVT/BX triple (the register
         * would not hold the target); CBZ/CBNZ reach at most 126 bytes and never the next instruction.
         */
        static void chooseTargets(SplittableRandom r, int[] w, boolean[] itStart, int[] target) {
            int n = w.length;
            boolean[] ok = new boolean[n + 1];
            ok[n] = true;
            for (int i = 0; i < n; i++) {
                boolean movt = (w[i] & 0xfb708000) == 0xf2400000 && (w[i] & 0x00800000) != 0;
                boolean bx = (w[i] >>> 16) == 0 && (w[i] & 0xff00) == 0x4700;
                ok[i] = !(target[i] == -2 && (movt || bx));
            }
            for (int i = 0; i < n; i++) {
                if (itStart[i]) {
                    int len = 4 - Integer.numberOfTrailingZeros(w[i] & 0xf);
                    for (int k = i + 1; k <= i + len && k < n; k++) {
                        ok[k] = false;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (target[i] != -2) {
                    continue;
                }
                boolean triple = (w[i] & 0xfb708000) == 0xf2400000;
                int from = triple ? i + ((w[i] & 0x00800000) != 0 ? 2 : 3) : i + 1;
                boolean cb = (w[i] & 0xf500) == 0xb100 && (w[i] >>> 16) == 0;
                List<Integer> choices = new ArrayList<>();
                for (int k = from; k <= n; k++) {
                    if (ok[k] && !(cb && (k == i + 1 || k - i > 30))) {
                        choices.add(k);
                    }
                }
                int t = choices.isEmpty() ? n : choices.get(r.nextInt(choices.size()));
                if (triple) {
                    int first = (w[i] & 0x00800000) != 0 ? i - 1 : i;
                    if (first == i) {
                        target[i] = target[i + 1] = target[i + 2] = t;
                        i += 2;
                        continue;
                    }
                }
                target[i] = t;
            }
        }

        /** One instruction valid under ITSTATE {@code it}. */
        int instruction(SplittableRandom r, int[] pointers, int[] small, int it) {
            for (int attempt = 0; attempt < 100_000; attempt++) {
                DecodeTable.Entry<A32Translator.Handler> e = CLAIMED.get(r.nextInt(CLAIMED.size()));
                if (BRANCHES.contains(e.name)) {
                    continue;
                }
                BitPattern p = e.pattern;
                int w = p.value | (r.nextInt() & ~p.mask);
                boolean memory = isMemory(e.name);
                if (memory && p.hasField('n') && r.nextInt(100) < 85) {
                    int reg = p.fieldWidth('n') == 3 ? pointers[r.nextInt(pointers.length)]
                            : (r.nextInt(4) == 0 ? 13 : pointers[r.nextInt(pointers.length)]);
                    w = set(w, p, 'n', reg);
                }
                if (memory && p.hasField('i') && r.nextInt(100) < 70) {
                    w = set(w, p, 'i', r.nextInt(4) == 0 ? r.nextInt(64) : 4 * r.nextInt(16));
                }
                if (memory && p.hasField('m') && r.nextInt(100) < 80) {
                    w = set(w, p, 'm', small[r.nextInt(small.length)]);
                }
                if (e.name.startsWith("VLD_") || e.name.startsWith("VST_")) {
                    // as A32FuzzGenerator: Rm mostly 15 (no writeback) or 13 (by the transfer size)
                    int k = r.nextInt(100);
                    w = set(w, p, 'm', k < 40 ? 15 : k < 65 ? 13 : small[r.nextInt(small.length)]);
                    if (r.nextInt(100) < 30) {
                        w = set(w, p, 'a', 0);
                    }
                }
                if (T32DecodeTable.decode(w) != e || writesPc(e, w) || isUndefined(w, it) || sat16ShouldBeZero(e, w)) {
                    continue;
                }
                counts.merge(e.name, 1, Integer::sum);
                return w;
            }
            throw new IllegalStateException("cannot generate an instruction for ITSTATE " + it);
        }

        /**
         * SSAT/USAT T1 with sh = 1 and imm3:imm2 = 0 is the SSAT16/USAT16 encoding (DDI 0406C A6.3.3); with its
         * (0) bits [5:4] set it is UNPREDICTABLE (jemu decodes it as SSAT/USAT, QEMU as SSAT16/USAT16).
         */
        static boolean sat16ShouldBeZero(DecodeTable.Entry<A32Translator.Handler> e, int w) {
            return (e.name.equals("SSAT_T1") || e.name.equals("USAT_T1")) && (w & 0x0020_0000) != 0 && (w & 0x70c0) == 0;
        }

        static boolean isMemory(String n) {
            return n.startsWith("LDR") || n.startsWith("STR") || n.startsWith("LDM") || n.startsWith("STM")
                    || n.startsWith("PUSH") || n.startsWith("POP") || n.startsWith("PL") || n.startsWith("NOP_hint")
                    || n.startsWith("VLD") || n.startsWith("VST");
        }

        /** A PC destination: would branch to a random address. */
        static boolean writesPc(DecodeTable.Entry<A32Translator.Handler> e, int w) {
            boolean simd = e.name.startsWith("V");
            for (char f : new char[] {'d', 't', 'a'}) {
                if (simd && f != 't') {
                    continue;   // Vd, and the align/index field of VLDn/VSTn, are not core registers
                }
                if (e.pattern.hasField(f) && e.field(w, f) == 15 && e.pattern.fieldWidth(f) == 4) {
                    return true;
                }
            }
            String n = e.name;
            if ((n.startsWith("LDM") && (w >>> 16) != 0) || n.equals("POP_T2")) {
                return (w & 0x8000) != 0;
            }
            if (n.equals("POP_T1")) {
                return (w & 0x100) != 0;
            }
            if (n.startsWith("LDR") && (w >>> 16) != 0) {
                return (w >>> 12 & 15) == 15;
            }
            return false;
        }

        static int set(int w, BitPattern p, char letter, int value) {
            int mask = p.fieldMask(letter);
            return (w & ~mask) | Integer.expand(value, mask);
        }

        boolean isUndefined(int w, int it) {
            long f = Aarch64Cpu.flagsWithItState(flags, it);
            IrBlock b = T32Translator.translate(CODE, f, 1, va -> va == CODE ? ((w >>> 16) != 0 ? w >>> 16 : w) : w & 0xffff);
            for (Inst i : b.insts) {
                if (i.helper != null && i.helper.method.getDeclaringClass() == A64Helpers.class
                        && i.helper.method.getName().equals("undefined")) {
                    return true;
                }
            }
            return false;
        }
    }

    // ---- the emulators -------------------------------------------------------------------------------

    static int spsrIt(long spsr) {
        return (int) ((spsr >>> 25) & 3 | ((spsr >>> 10) & 0x3f) << 2);
    }

    static final class UnicornThumb implements AutoCloseable {
        final Unicorn uc;
        final List<Unicorn.MemAccess> trace = new ArrayList<>();
        int intno = -1;
        static final int[] REGS = regIds();
        static final int[] DREGS = java.util.stream.IntStream.range(0, 32).map(i -> UcArmReg.UC_ARM_REG_D0 + i).toArray();

        UnicornThumb() {
            uc = Unicorn.open(Unicorn.Arch.ARM, UcConst.UC_MODE_THUMB, UcArmReg.UC_CPU_ARM_CORTEX_A15);
            uc.memMap(CODE, CODE_SIZE, UcConst.UC_PROT_ALL);
            uc.memMap(DATA, DATA_SIZE, UcConst.UC_PROT_ALL);
            uc.memMap(VECTORS, VECTORS_SIZE, UcConst.UC_PROT_ALL); // mapped in jemu too: same memory map
            uc.traceMemory(trace);
            uc.hookInterrupt((u, n) -> {
                intno = n;
                u.emuStop();
            });
            uc.setTbInvalidation(Unicorn.TbInvalidation.ALWAYS);
        }

        static int[] regIds() {
            int[] ids = new int[15];
            for (int i = 0; i <= 12; i++) {
                ids[i] = UcArmReg.UC_ARM_REG_R0 + i;
            }
            ids[13] = UcArmReg.UC_ARM_REG_SP;
            ids[14] = UcArmReg.UC_ARM_REG_LR;
            return ids;
        }

        void load(Case c) {
            uc.memWrite(CODE, c.codeImage());
            uc.memWrite(DATA, c.data());
            uc.memWrite(VECTORS, A64FuzzCase.vectorImage());
            uc.regWrite(UcArmReg.UC_ARM_REG_CPSR, (long) c.nzcvq() << 27 | (long) c.ge() << 16 | 0x30);
            uc.regWriteBatch(REGS, c.r());
            uc.regWrite(UcArmReg.UC_ARM_REG_FPEXC, 0x4000_0000L);
            uc.regWriteBatch(DREGS, c.d());
            uc.regWrite(UcArmReg.UC_ARM_REG_FPSCR, c.fpscr() & 0xffff_ffffL);
        }

        State run(Case c) {
            load(c);
            return emulate(c, c.codeAddr(), c.end(), 200);
        }

        /**
         * The case from its start, stopping when execution reaches {@code until} (Unicorn's end address,
         * checked before each instruction, inside IT blocks too) rather than at the case's end: as the case
         * cut there, but with the code (which literal loads may read) unchanged. Reaching it is COMPLETED.
         */
        State runUntil(Case c, long until) {
            load(c);
            return emulate(c, c.codeAddr(), until, 200);
        }

        /** One instruction at {@code pc} from the current state (lock-step diagnosis). */
        State step(Case c, long pc) {
            return emulate(c, pc, c.end(), 1);
        }

        private State emulate(Case c, long start, long end, long count) {
            trace.clear();
            intno = -1;
            int err = uc.emuStartRaw(start | 1, end, 0, count);
            long[] v = uc.regReadBatch(REGS);
            long[] r = new long[15];
            for (int i = 0; i < 15; i++) {
                r[i] = v[i] & 0xffff_ffffL;
            }
            long pc = uc.regRead(UcArmReg.UC_ARM_REG_PC) & 0xffff_ffffL;
            long cpsr = uc.regRead(UcArmReg.UC_ARM_REG_CPSR);
            int it = spsrIt(cpsr);
            byte[] data = uc.memRead(DATA, DATA_SIZE);
            int nzcvq = (int) (cpsr >>> 27) & 0x1f;
            int ge = (int) (cpsr >>> 16) & 0xf;
            Kind k;
            String detail = "";
            if (err == UcConst.UC_ERR_READ_UNMAPPED || err == UcConst.UC_ERR_WRITE_UNMAPPED) {
                k = Kind.UNMAPPED_ABORT;
                for (Unicorn.MemAccess a : trace) {
                    if (a.type() == UcConst.UC_MEM_READ_UNMAPPED || a.type() == UcConst.UC_MEM_WRITE_UNMAPPED) {
                        detail = String.format("[%s 0x%x]", UcConst.errName(err), a.address() & 0xffff_ffffL);
                        break;
                    }
                }
            } else if (err == UcConst.UC_ERR_INSN_INVALID) {
                k = Kind.UNDEFINED;
            } else if (err != UcConst.UC_ERR_OK) {
                k = Kind.OTHER;
                detail = UcConst.errName(err);
            } else {
                switch (intno) {
                    case -1 -> k = pc == end ? Kind.COMPLETED : Kind.RUNNING;
                    case 2 -> {
                        k = Kind.SVC;
                        pc -= 2;
                    }
                    case 4 -> k = Kind.ALIGNMENT_ABORT;
                    case 7 -> k = Kind.BKPT;
                    case 1 -> k = Kind.UNDEFINED;
                    default -> {
                        k = Kind.OTHER;
                        detail = "intno " + intno;
                    }
                }
            }
            return new State(r, nzcvq, ge, data, k, pc, it, detail, uc.regReadBatch(DREGS),
                    (int) uc.regRead(UcArmReg.UC_ARM_REG_FPSCR));
        }

        boolean wroteOutsideData() {
            for (Unicorn.MemAccess a : trace) {
                if (a.isWrite() && (overlaps(a, CODE, CODE_SIZE) || overlaps(a, VECTORS, VECTORS_SIZE))) {
                    return true;
                }
            }
            return false;
        }

        static boolean overlaps(Unicorn.MemAccess a, long base, int size) {
            return Long.compareUnsigned(a.address() + a.size() - 1, base) >= 0
                    && Long.compareUnsigned(a.address(), base + size) < 0;
        }

        @Override
        public void close() {
            uc.close();
        }
    }

    static final class Jemu implements AutoCloseable {
        final JemuA64Runner.Tier tier;
        final PhysicalAddressSpace mem = new PhysicalAddressSpace();
        final MemoryRegion data;
        final Aarch64Cpu cpu;
        final ExecLoop loop;

        Jemu(JemuA64Runner.Tier tier) {
            this.tier = tier;
            mem.addRam("code", CODE, CODE_SIZE);
            data = mem.addRam("data", DATA, DATA_SIZE);
            mem.addRam("vectors", VECTORS, VECTORS_SIZE);
            VirtualClock clock = new VirtualClock(0, false);
            cpu = new Aarch64Cpu(A64CpuModel.CORTEX_A57, 0, mem, clock);
            loop = new ExecLoop(List.of(cpu), clock, tier == JemuA64Runner.Tier.COMPILED ? new BytecodeBackend() : null);
            loop.setCompileThreshold(tier == JemuA64Runner.Tier.COMPILED ? 0 : -1);
            loop.setBackgroundCompile(false);
        }

        long tbFlags() {
            cpu.reset(CODE);
            cpu.el = 0;
            cpu.aarch32 = true;
            cpu.regs[Aarch64Cpu.TF] = 1;
            cpu.cpacrEl1 = 3L << 20;   // as load(): VFP and Advanced SIMD enabled at EL0
            return cpu.tbFlags();
        }

        void load(Case c) {
            mem.load(CODE, c.codeImage());
            mem.load(DATA, c.data());
            mem.load(VECTORS, A64FuzzCase.vectorImage());
            cpu.reset(c.codeAddr());
            cpu.sctlr[1] &= ~((1 << 1) | (1 << 3) | (1 << 4));
            cpu.vbar[1] = VECTORS;
            cpu.el = 0;
            cpu.spSel = 0;
            cpu.daif = 0;
            cpu.aarch32 = true;
            long[] g = cpu.regs;
            System.arraycopy(c.r(), 0, g, Aarch64Cpu.X0, 15);
            g[Aarch64Cpu.NF] = c.nzcvq() >> 4 & 1;
            g[Aarch64Cpu.ZF] = c.nzcvq() >> 3 & 1;
            g[Aarch64Cpu.CF] = c.nzcvq() >> 2 & 1;
            g[Aarch64Cpu.VF] = c.nzcvq() >> 1 & 1;
            g[Aarch64Cpu.QF] = c.nzcvq() & 1;
            g[Aarch64Cpu.GE] = c.ge();
            g[Aarch64Cpu.TF] = 1;
            g[Aarch64Cpu.IT] = 0;
            cpu.cpacrEl1 = 3L << 20;   // CPACR_EL1.FPEN: VFP and Advanced SIMD enabled at EL0 (as Linux does)
            System.arraycopy(c.d(), 0, g, Aarch64Cpu.V0, 32);
            org.jemu.arm.a32.VfpOps.setFpscr(cpu, 1, c.fpscr());
        }

        State run(Case c) {
            load(c);
            loop.setMaxBlockInsns(c.maxBlock());
            loop.runCpu(cpu, 2L * c.insns().length + 8);
            return state(c);
        }

        /** One instruction (a one-instruction block) from the current state (lock-step diagnosis). */
        State step(Case c) {
            loop.setMaxBlockInsns(1);
            loop.runCpu(cpu, 1);
            return state(c);
        }

        State state(Case c) {
            long[] g = cpu.regs;
            long[] r = new long[15];
            System.arraycopy(g, Aarch64Cpu.X0, r, 0, 15);
            int nzcvq = (int) (g[Aarch64Cpu.NF] << 4 | g[Aarch64Cpu.ZF] << 3 | g[Aarch64Cpu.CF] << 2
                    | g[Aarch64Cpu.VF] << 1 | g[Aarch64Cpu.QF]);
            byte[] d = data.backing.asSlice(0, DATA_SIZE).toArray(ValueLayout.JAVA_BYTE);
            long pc = g[Aarch64Cpu.PC];
            if (cpu.aarch32) {
                return new State(r, nzcvq, (int) g[Aarch64Cpu.GE], d, pc == c.end() ? Kind.COMPLETED : Kind.RUNNING, pc,
                        (int) g[Aarch64Cpu.IT], "", dregs(), org.jemu.arm.a32.VfpOps.fpscr(cpu));
            }
            long esr = cpu.esr[1];
            int ec = (int) (esr >>> Esr.EC_SHIFT) & 0x3f;
            int fsc = (int) esr & 0x3f;
            long elr = cpu.elr[1];
            int it = spsrIt(cpu.spsr[1]);
            String detail = String.format("[ESR 0x%x FAR 0x%x]", esr, cpu.far[1]);
            Kind k;
            if (pc != SYNC_A32) {
                k = Kind.OTHER;
            } else if (ec == Esr.EC_DATA_ABORT_LOWER && fsc == Esr.FSC_ALIGNMENT) {
                k = Kind.ALIGNMENT_ABORT;
            } else if (ec == Esr.EC_DATA_ABORT_LOWER) {
                k = Kind.UNMAPPED_ABORT;
            } else if (ec == Esr.EC_SVC32) {
                k = Kind.SVC;
                elr -= 2;
            } else if (ec == Esr.EC_BKPT32) {
                k = Kind.BKPT;
            } else if (ec == Esr.EC_UNKNOWN) {
                k = Kind.UNDEFINED;
            } else {
                k = Kind.OTHER;
            }
            return new State(r, nzcvq, (int) g[Aarch64Cpu.GE], d, k, elr, it, detail, dregs(),
                    org.jemu.arm.a32.VfpOps.fpscr(cpu));
        }

        private long[] dregs() {
            return Arrays.copyOfRange(cpu.regs, Aarch64Cpu.V0, Aarch64Cpu.V0 + 32);
        }

        @Override
        public void close() {
            mem.close();
        }
    }

    // ---- the test ------------------------------------------------------------------------------------

    private static void requireUnicorn() {
        boolean required = Boolean.getBoolean("jemu.unicorn.required") || "true".equalsIgnoreCase(System.getenv("CI"));
        if (required) {
            assertTrue(Unicorn.isAvailable(), "Unicorn 2 is required here: " + Unicorn.unavailableReason());
        }
        Assumptions.assumeTrue(Unicorn.isAvailable(), () -> "T32 differential fuzzing skipped: " + Unicorn.unavailableReason());
    }

    /** One lock-step instruction: its address and encoding, and jemu's state before it. */
    record Step(long pc, int word, State before) {
    }

    /**
     * The result of single-stepping both emulators in lock step: the instructions on which they agreed, the
     * first one after which their states differ (null if none) with both states after it, and a log. If
     * jemu took an exception at an instruction inside an IT block where Unicorn's step did not stop at that
     * instruction, {@code unicornCut} is Unicorn's state running the case from its start until just after
     * that instruction (Unicorn steps an IT block as a whole, so its step may have run on into later
     * instructions of the block); otherwise null.
     */
    record Diagnosis(List<Step> executed, Step diverging, State unicorn, State jemu, String diff, State unicornCut,
            String log) {
    }

    static String fmt(int w) {
        return (w >>> 16) != 0 ? String.format("%04x %04x", w >>> 16, w & 0xffff) : String.format("%04x", w);
    }

    static String name(int w) {
        DecodeTable.Entry<A32Translator.Handler> e = T32DecodeTable.decode(w);
        return e == null ? "?" : e.name;
    }

    static boolean isIt(int word) {
        return (word & 0xffff_ff00) == 0xbf00 && (word & 0xf) != 0;
    }

    /** Halfwords of the instruction at {@code pc} in the case (hw1:hw2 for 32-bit), or the terminator. */
    static int wordAt(Case c, long pc) {
        int i = c.indexOf(pc);
        return i < 0 ? T_B_SELF : c.word(i);
    }

    /**
     * Runs the case again on both emulators one instruction at a time (Unicorn with an instruction count of
     * 1, jemu with one-instruction blocks on a fresh execution loop), comparing the full state, including
     * ITSTATE, after every instruction.
     */
    static Diagnosis diagnose(Case c, JemuA64Runner.Tier tier, UnicornThumb uc) {
        List<Step> executed = new ArrayList<>();
        StringBuilder log = new StringBuilder();
        try (Jemu j = new Jemu(tier)) {
            uc.load(c);
            j.load(c);
            State cur = j.state(c);
            for (int s = 0; s <= c.insns().length + 1; s++) {
                long pc = cur.pc();
                Step st = new Step(pc, wordAt(c, pc), cur);
                State u = uc.step(c, pc);
                State jj = j.step(c);
                // Unicorn 2.0.1's instruction count does not count inside IT blocks: one step from an IT or
                // from inside a block runs on to the end of QEMU's translation block (the end of the IT block,
                // a page boundary, ISB, ..., or further on). From there jemu steps on until it is where
                // Unicorn stopped, or, if Unicorn stopped with an exception, until jemu stops or leaves the
                // IT block; the states are compared then.
                boolean itUnit = isIt(st.word()) || cur.it() != 0;
                boolean uStopped = u.kind() != Kind.RUNNING && u.kind() != Kind.COMPLETED;
                while (itUnit && jj.kind() == Kind.RUNNING
                        && (jj.pc() < u.pc() || (uStopped && (jj.it() != 0 || isIt(st.word()))))) {
                    log.append(String.format("    %08x: %-9s %-18s it=%02x%n", st.pc(), fmt(st.word()), name(st.word()),
                            st.before().it()));
                    executed.add(st);
                    st = new Step(jj.pc(), wordAt(c, jj.pc()), jj);
                    jj = j.step(c);
                }
                String diff = u.firstDifference(jj);
                log.append(String.format("    %08x: %-9s %-18s it=%02x  Unicorn: %s 0x%x %s; jemu: %s 0x%x %s%s%n", st.pc(),
                        fmt(st.word()), name(st.word()), st.before().it(), u.kind(), u.pc(),
                        u.detail(), jj.kind(), jj.pc(), jj.detail(), diff == null ? "" : "  <-- " + diff));
                if (diff != null) {
                    State uCut = null;
                    int at = c.indexOf(st.pc());
                    boolean jemuException = jj.kind() != Kind.RUNNING && jj.kind() != Kind.COMPLETED;
                    if (jemuException && jj.pc() == st.pc() && st.before().it() != 0 && at >= 0
                            && (u.kind() != jj.kind() || u.pc() != st.pc())) {
                        uCut = uc.runUntil(c, st.pc() + ((st.word() >>> 16) != 0 ? 4 : 2));
                        log.append(String.format("      Unicorn run until just after it: %s 0x%x %s it=%02x%n", uCut.kind(),
                                uCut.pc(), uCut.detail(), uCut.it()));
                    }
                    return new Diagnosis(executed, st, u, jj, diff, uCut, log.toString());
                }
                executed.add(st);
                if (u.kind() != Kind.RUNNING) {
                    break;
                }
                cur = jj;
            }
        }
        return new Diagnosis(executed, null, null, null, null, null, log.toString());
    }

    /** The known difference the first diverging instruction of a lock-step diagnosis is, or null. */
    static Known classify(Case c, Diagnosis d) {
        Step s = d.diverging();
        if (s == null) {
            return null;
        }
        DecodeTable.Entry<A32Translator.Handler> e = T32DecodeTable.decode(s.word());
        if (e == null) {
            return null;
        }
        String n = e.name;
        State u = d.unicorn();
        State j = d.jemu();
        int size = (s.word() >>> 16) != 0 ? 4 : 2;
        boolean jemuAbortHere = j.pc() == s.pc() && sameAsBefore(s.before(), j);
        if (j.kind() == Kind.UNMAPPED_ABORT && u.kind() == Kind.UNMAPPED_ABORT && jemuAbortHere
                && n.matches("(LD|ST)R(B|H|SB|SH)?T_T1") && u.pc() == s.pc() + size) {
            return Known.UNPRIVILEGED_ABORT_PC;
        }
        if (j.kind() == Kind.ALIGNMENT_ABORT && jemuAbortHere && (n.startsWith("VLD_") || n.startsWith("VST_"))
                && A32DifferentialFuzzTest.neonAlignmentQualified(s.word())) {
            return Known.NEON_ALIGNMENT_QUALIFIER;
        }
        if (n.startsWith("VLD_") && j.kind() == Kind.UNMAPPED_ABORT && u.kind() == Kind.UNMAPPED_ABORT
                && jemuAbortHere && u.pc() == s.pc() && far(j) == unicornFaultAddress(u)
                && Arrays.equals(s.before().r(), u.r()) && s.before().nzcvq() == u.nzcvq() && s.before().ge() == u.ge()
                && s.before().fpscr() == u.fpscr() && Arrays.equals(s.before().data(), u.data())
                && u.it() == s.before().it()) {
            return Known.PARTIAL_ELEMENT_LOAD_ABORT;
        }
        int it = s.before().it();
        if (j.kind() == Kind.UNMAPPED_ABORT && u.kind() == Kind.UNMAPPED_ABORT && jemuAbortHere && it != 0
                && j.it() == it && far(j) == unicornFaultAddress(u)) {
            int at = c.indexOf(s.pc());
            int left = 0;
            for (int cur = it; (cur & 0xf) != 0; cur = A32Translator.itAdvance(cur)) {
                left++;
            }
            long blockEnd = at < 0 || at + left > c.insns().length ? -1 : c.addr(at + left);
            if (u.pc() == s.pc() && u.it() == 0 && sameAsBefore(s.before(), u)) {
                return Known.IT_BLOCK_ABORT_ITSTATE;
            }
            if (u.pc() > s.pc() && u.pc() <= blockEnd) {
                return Known.IT_BLOCK_ABORT_LATE;
            }
        }
        if (n.equals("ISB_T1") && it != 0 && u.kind() == Kind.RUNNING && j.kind() == Kind.RUNNING && u.pc() == j.pc()
                && u.it() == 0 && j.it() == A32Translator.itAdvance(it) && sameAsBefore(u, j)) {
            return Known.ISB_IN_IT_BLOCK;
        }
        if (n.startsWith("STREX") && exclusiveSizeMismatch(s, e, d.executed(), u, j, size)) {
            return Known.EXCLUSIVE_SIZE_MISMATCH;
        }
        if (j.kind() != Kind.ALIGNMENT_ABORT || !jemuAbortHere || j.it() != it) {
            return null;
        }
        if (n.startsWith("LDM") || n.startsWith("STM") || n.startsWith("PUSH") || n.startsWith("POP")
                || n.startsWith("LDRD") || n.startsWith("STRD") || n.matches("V(LD|ST)(R|M(IA|DB))")) {
            return (far(j) & 3) != 0 ? Known.MULTIPLE_OR_DOUBLEWORD_UNALIGNED : null;
        }
        if (!EXCLUSIVE.contains(n)) {
            return null;
        }
        if (it != 0) {
            // Unicorn's step ran the IT block as a whole: judge the instruction by Unicorn run from the
            // start until just after it (the case cut there, code unchanged).
            u = d.unicornCut();
            if (u == null) {
                return null;
            }
        }
        boolean unicornUnmappedHere = u.kind() == Kind.UNMAPPED_ABORT && u.pc() == s.pc() && sameAsBefore(s.before(), u);
        boolean unicornStoreFailed = false;
        if (n.startsWith("STREX") && (u.kind() == Kind.RUNNING || u.kind() == Kind.COMPLETED) && u.pc() == s.pc() + size) {
            // The store failed (Rd = 1) and did nothing else: registers, flags and memory as before but Rd.
            int rd = e.field(s.word(), 'd');
            long[] expect = s.before().r().clone();
            expect[rd] = 1;
            unicornStoreFailed = Arrays.equals(expect, u.r()) && u.nzcvq() == s.before().nzcvq()
                    && u.ge() == s.before().ge() && Arrays.equals(s.before().data(), u.data())
                    && u.it() == A32Translator.itAdvance(it);
        }
        return unicornUnmappedHere || unicornStoreFailed ? Known.EXCLUSIVE_UNALIGNED : null;
    }

    /** Bytes accessed by an exclusive: LDREX/STREX 4, B 1, H 2, D 8. */
    static int exclusiveSize(String name) {
        return switch (name.charAt(name.indexOf('X') + 1)) {
            case 'B' -> 1;
            case 'H' -> 2;
            case 'D' -> 8;
            default -> 4;
        };
    }

    /** The address of exclusive {@code w} with the registers {@code r} (LDREX/STREX T1 add imm8 * 4). */
    static long exclusiveAddress(DecodeTable.Entry<A32Translator.Handler> e, int w, long[] r) {
        long a = r[e.field(w, 'n')];
        return e.name.equals("LDREX_T1") || e.name.equals("STREX_T1") ? (a + 4L * e.field(w, 'i')) & 0xffff_ffffL : a;
    }

    /** See {@link Known#EXCLUSIVE_SIZE_MISMATCH}. */
    static boolean exclusiveSizeMismatch(Step s, DecodeTable.Entry<A32Translator.Handler> e, List<Step> executed,
            State u, State j, int insnSize) {
        long[] before = s.before().r();
        long addr = exclusiveAddress(e, s.word(), before);
        int size = exclusiveSize(e.name);
        Step load = null;
        for (int i = executed.size() - 1; i >= 0 && load == null; i--) {
            Step p = executed.get(i);
            String pn = name(p.word());
            if (pn.startsWith("STREX") || pn.equals("CLREX_T1")) {
                return false;
            }
            if (pn.startsWith("LDREX")) {
                load = p;
            }
        }
        if (load == null) {
            return false;
        }
        DecodeTable.Entry<A32Translator.Handler> le = T32DecodeTable.decode(load.word());
        if (exclusiveAddress(le, load.word(), load.before().r()) != addr || exclusiveSize(le.name) == size) {
            return false;
        }
        long next = s.pc() + insnSize;
        for (State x : new State[] {u, j}) {
            if ((x.kind() != Kind.RUNNING && x.kind() != Kind.COMPLETED) || x.pc() != next) {
                return false;
            }
        }
        int rd = e.field(s.word(), 'd');
        if (u.r()[rd] + j.r()[rd] != 1 || u.nzcvq() != j.nzcvq() || u.ge() != j.ge() || u.it() != j.it()) {
            return false;
        }
        long[] ur = u.r().clone();
        ur[rd] = j.r()[rd];
        if (!Arrays.equals(ur, j.r())) {
            return false;
        }
        byte[] expect = s.before().data().clone();
        long lo = before[e.field(s.word(), 't')];
        long value = size == 8 ? lo & 0xffff_ffffL | before[e.field(s.word(), 'a')] << 32 : lo;
        long off = addr - DATA;
        if (off < 0 || off + size > DATA_SIZE) {
            return false;
        }
        for (int b = 0; b < size; b++) {
            expect[(int) off + b] = (byte) (value >>> (8 * b));
        }
        // jemu: status 0 and exactly the store, or status 1 and nothing stored. Unicorn: either memory (QEMU's
        // cmpxchg of the store's size can write while its status compares the Load-Exclusive's full value).
        byte[] none = s.before().data();
        return Arrays.equals(j.r()[rd] == 0 ? expect : none, j.data())
                && (Arrays.equals(none, u.data()) || Arrays.equals(expect, u.data()));
    }

    /** The unmapped address Unicorn reported (its memory hook), or -1. */
    static long unicornFaultAddress(State u) {
        return u.detail().matches(".*UNMAPPED 0x[0-9a-f]+.*")
                ? Long.decode(u.detail().replaceAll(".*UNMAPPED (0x[0-9a-f]+).*", "$1")) : -1;
    }

    /** jemu's FAR_EL1 from its stop detail. */
    static long far(State j) {
        return Long.decode(j.detail().replaceAll(".*FAR (0x[0-9a-f]+).*", "$1"));
    }

    /** Registers, flags and memory as before the instruction (an exception taken at it). */
    static boolean sameAsBefore(State before, State after) {
        return Arrays.equals(before.r(), after.r()) && before.nzcvq() == after.nzcvq() && before.ge() == after.ge()
                && Arrays.equals(before.data(), after.data()) && Arrays.equals(before.d(), after.d())
                && before.fpscr() == after.fpscr();
    }

    /**
     * Compares one case on one jemu tier; on a mismatch diagnoses it in lock step, and if the first diverging
     * instruction is a known difference compares the case again cut before it (before its IT block).
     * Returns the failure report, or null.
     */
    static String compare(long master, Case c, State ref, Jemu j, UnicornThumb uc, Map<Known, Integer> known) {
        Case cur = c;
        State u = ref;
        String note = "";
        for (int round = 0; round < 8; round++) {
            State got = j.run(cur);
            String diff = u.firstDifference(got);
            if (diff == null) {
                return null;
            }
            Diagnosis d = diagnose(cur, j.tier, uc);
            Known k = classify(cur, d);
            if (k == null) {
                return report(master, cur, note, j.tier, u, got, diff, d);
            }
            known.merge(k, 1, Integer::sum);
            if (Integer.getInteger("jemu.t32fuzz.index") != null) { // one case: show how it was classified
                System.out.printf("  %s tier: known difference %s%s%n%s", j.tier, k, note, d.log());
            }
            int at = cur.indexOf(d.diverging().pc());
            while (at > 0 && isInItBlock(cur, at)) {
                at--;
            }
            note = String.format(" cut before its known difference %s at 0x%x", k, d.diverging().pc());
            cur = cur.cutAt(at);
            u = uc.run(cur);
        }
        return report(master, cur, note + " (too many known differences)", j.tier, u, j.run(cur), "?",
                diagnose(cur, j.tier, uc));
    }

    static String report(long master, Case c, String note, JemuA64Runner.Tier tier, State u, State got, String diff,
            Diagnosis d) {
        StringBuilder sb = new StringBuilder(String.format("%nT32 MISMATCH (%s tier): case %d%s, case seed 0x%x; "
                + "reproduce with -Djemu.t32fuzz.seed=0x%x -Djemu.t32fuzz.index=%d%n  first difference: %s%n",
                tier, c.index(), note, c.seed(), master, c.index(), diff));
        sb.append(String.format("  Unicorn stop: %s at 0x%x %s it=%02x%n  jemu stop:    %s at 0x%x %s it=%02x%n",
                u.kind(), u.pc(), u.detail(), u.it(), got.kind(), got.pc(), got.detail(), got.it()));
        for (int r = 0; r < 15; r++) {
            if (u.r()[r] != got.r()[r]) {
                sb.append(String.format("    r%d: Unicorn 0x%08x, jemu 0x%08x%n", r, u.r()[r], got.r()[r]));
            }
        }
        if (u.nzcvq() != got.nzcvq() || u.ge() != got.ge()) {
            sb.append(String.format("    nzcvq/ge: Unicorn %s/%x, jemu %s/%x%n", A32FuzzCase.flagString(u.nzcvq()), u.ge(),
                    A32FuzzCase.flagString(got.nzcvq()), got.ge()));
        }
        int m = Arrays.mismatch(u.data(), got.data());
        if (m >= 0) {
            sb.append(String.format("    memory from 0x%x differs%n", DATA + m));
        }
        sb.append("  code:\n").append(c.listing());
        sb.append("  lock-step single stepping:\n").append(d.log());
        if (d.diverging() == null) {
            sb.append("  no divergence when single-stepping: the difference needs multi-instruction blocks\n");
        }
        return sb.toString();
    }

    @Test
    void jemuMatchesUnicornOnRandomT32Sequences() {
        requireUnicorn();
        String seedProp = System.getProperty("jemu.t32fuzz.seed");
        long master = seedProp == null || seedProp.isBlank() ? ("true".equalsIgnoreCase(System.getenv("CI")) ? 0x5eed_0005L : System.nanoTime()) : Long.decode(seedProp.trim());
        int count = Integer.getInteger("jemu.t32fuzz.count", 1500);
        Integer only = Integer.getInteger("jemu.t32fuzz.index");
        int from = only == null ? 0 : only;
        int to = only == null ? count : only + 1;
        System.out.printf("T32 differential fuzz vs Unicorn %s: master seed 0x%x (-Djemu.t32fuzz.seed=0x%x), %d case(s) x 2 tiers%n",
                Unicorn.version(), master, master, to - from);
        Map<Kind, Integer> outcomes = new EnumMap<>(Kind.class);
        Map<Known, Integer> known = new EnumMap<>(Known.class);
        List<String> failures = new ArrayList<>();
        int compared = 0;
        int skipped = 0;
        long t0 = System.nanoTime();
        try (UnicornThumb uc = new UnicornThumb(); Jemu interp = new Jemu(JemuA64Runner.Tier.INTERPRETER);
                Jemu compiled = new Jemu(JemuA64Runner.Tier.COMPILED)) {
            Generator gen = new Generator(interp.tbFlags());
            cases:
            for (int i = from; i < to; i++) {
                Case c = gen.generate(i, A64DifferentialFuzzTest.caseSeed(master, i));
                State ref = uc.run(c);
                if (uc.wroteOutsideData()) {
                    skipped++;
                    continue;
                }
                compared++;
                outcomes.merge(ref.kind(), 1, Integer::sum);
                for (Jemu j : new Jemu[] {interp, compiled}) {
                    String f = compare(master, c, ref, j, uc, known);
                    if (f != null) {
                        failures.add(f);
                        System.out.println(f);
                        if (failures.size() >= 5) {
                            break cases;
                        }
                    }
                }
            }
            System.out.printf("T32 fuzz: %d cases compared in %.1f s, %d skipped (stores into code), %d IT blocks, "
                    + "outcomes %s, known differences %s, %d mismatches%n", compared, (System.nanoTime() - t0) / 1e9,
                    skipped, gen.itBlocks, outcomes, known, failures.size());
            assertEquals(0, compiled.loop.stats().compileFailures, "blocks the backend failed to compile");
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " mismatch(es) between jemu and Unicorn (master seed 0x" + Long.toHexString(master)
                    + "); first:\n" + failures.get(0));
        }
    }

    /** True if instruction {@code i} is inside an IT block (after its IT, within the block's length). */
    static boolean isInItBlock(Case c, int i) {
        for (int k = Math.max(0, i - 4); k < i; k++) {
            if (c.itStart()[k]) {
                int mask = c.insns()[k] & 0xf;
                int len = 4 - Integer.numberOfTrailingZeros(mask);
                if (i - k <= len) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The target of a B, BL, CBZ or CBNZ at {@code pc}, from the Arm ARM's encodings (DDI 0406C A8.8.18, A8.8.25, A8.8.29). */
    static long branchTarget(long pc, int w) {
        long off;
        if ((w >>> 16) == 0) {
            if ((w & 0xf500) == 0xb100) {
                off = (w >>> 9 & 1) << 6 | (w >>> 3 & 0x1f) << 1;
            } else if ((w & 0xf000) == 0xd000) {
                off = (byte) w * 2L;
            } else {
                off = (long) (w << 21) >> 20;
            }
        } else {
            int hw1 = w >>> 16;
            int s = hw1 >>> 10 & 1;
            int j1 = w >>> 13 & 1;
            int j2 = w >>> 11 & 1;
            if ((w & 0x1000) == 0) {
                off = (long) (s << 20 | j2 << 19 | j1 << 18 | (hw1 & 0x3f) << 12 | (w & 0x7ff) << 1) << 43 >> 43;
            } else {
                int i1 = ~(j1 ^ s) & 1;
                int i2 = ~(j2 ^ s) & 1;
                off = (long) (s << 24 | i1 << 23 | i2 << 22 | (hw1 & 0x3ff) << 12 | (w & 0x7ff) << 1) << 39 >> 39;
            }
        }
        return pc + 4 + off;
    }

    @Test
    void generatorCoversEveryClaimedEntry() {
        long flags;
        try (Jemu j = new Jemu(JemuA64Runner.Tier.INTERPRETER)) {
            flags = j.tbFlags();
        }
        Generator gen = new Generator(flags);
        for (int i = 0; i < 3000; i++) {
            Case c = gen.generate(i, A64DifferentialFuzzTest.caseSeed(0x5eed, i));
            assertTrue(c.end() + 2 <= CODE + CODE_SIZE);
            for (int k = 0; k < c.insns().length; k++) {
                if (c.target()[k] < 0) {
                    continue;
                }
                int w = c.word(k);
                String n = name(w);
                assertTrue(c.target()[k] > k && c.target()[k] <= c.insns().length, "target of " + n);
                if (n.startsWith("MOV") || n.startsWith("BX") || n.startsWith("BLX")) {
                    assertTrue(Set.of("MOVW_T3", "MOVT_T1", "BX_T1", "BLX_reg_T1").contains(n), n);
                    continue;
                }
                if (n.equals("NOP_T1") && c.target()[k] == k + 1) { // CBZ/CBNZ to the next instruction
                    assertTrue(k == c.insns().length - 1);
                    continue;
                }
                assertTrue(BRANCHES.contains(n), String.format("%08x decodes as %s", w, n));
                assertEquals(c.addr(c.target()[k]), branchTarget(c.addr(k), w), n + String.format(" %08x", w));
            }
        }
        List<String> missing = new ArrayList<>();
        gen.counts.forEach((k, v) -> {
            if (v == 0) {
                missing.add(k);
            }
        });
        System.out.println("T32 fuzz generator, instructions per entry over 3000 cases: " + gen.counts);
        assertEquals(List.of(), missing, "claimed entries the generator never produced");
        assertTrue(gen.itBlocks > 100, "IT blocks: " + gen.itBlocks);
    }
}
