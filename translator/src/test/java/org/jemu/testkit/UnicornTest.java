package org.jemu.testkit;

import static org.jemu.testkit.UcConst.UC_ERR_ARG;
import static org.jemu.testkit.UcConst.UC_ERR_EXCEPTION;
import static org.jemu.testkit.UcConst.UC_ERR_OK;
import static org.jemu.testkit.UcConst.UC_ERR_READ_UNMAPPED;
import static org.jemu.testkit.UcConst.UC_MEM_READ;
import static org.jemu.testkit.UcConst.UC_MEM_READ_UNMAPPED;
import static org.jemu.testkit.UcConst.UC_MEM_WRITE;
import static org.jemu.testkit.UcConst.UC_MODE_16;
import static org.jemu.testkit.UcConst.UC_MODE_32;
import static org.jemu.testkit.UcConst.UC_MODE_ARM;
import static org.jemu.testkit.UcConst.UC_MODE_BIG_ENDIAN;
import static org.jemu.testkit.UcConst.UC_MODE_PPC32;
import static org.jemu.testkit.UcConst.UC_PROT_ALL;
import static org.jemu.testkit.UcConst.UC_PROT_READ;
import static org.jemu.testkit.UcConst.UC_PROT_WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Smoke tests of the FFM Unicorn binding against the installed libunicorn2. Skipped (not failed)
 * when the library is missing, unless {@code -Djemu.unicorn.required=true} or the environment has
 * {@code CI=true} (then they fail).
 */
@EnabledOnOs(OS.LINUX)
class UnicornTest {

    private static final long CODE = 0x10000;
    private static final long DATA = 0x20000;
    private static final long PAGE = 0x1000;

    @BeforeAll
    static void requireLibrary() {
        if (Boolean.getBoolean("jemu.unicorn.required") || "true".equals(System.getenv("CI"))) {
            assertTrue(Unicorn.isAvailable(), Unicorn.unavailableReason());
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Unicorn.isAvailable(), Unicorn::unavailableReason);
    }

    private static byte[] le32(int... words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }

    private static byte[] be32(int... words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * 4).order(ByteOrder.BIG_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }

    private static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    @Test
    void versionIsUnicorn2() {
        Unicorn.Version v = Unicorn.version();
        assertEquals(2, v.major(), v.toString());
        assertTrue(Unicorn.archSupported(Unicorn.Arch.ARM64));
        assertTrue(Unicorn.archSupported(Unicorn.Arch.X86));
        assertTrue(Unicorn.archSupported(Unicorn.Arch.PPC));
        assertTrue(Unicorn.strerror(UC_ERR_READ_UNMAPPED).contains("UC_ERR_READ_UNMAPPED"));
    }

    // ---------------------------------------------------------------------------------------------
    // AArch64
    // ---------------------------------------------------------------------------------------------

    @Test
    void arm64AddAndLoadOnCortexA57() {
        try (Unicorn uc = Unicorn.open(Unicorn.Arch.ARM64, UC_MODE_ARM, UcArm64Reg.UC_CPU_ARM64_A57)) {
            assertEquals(UcArm64Reg.UC_CPU_ARM64_A57, uc.ctlGetCpuModel());
            uc.memMap(CODE, PAGE, UC_PROT_ALL);
            uc.memMap(DATA, PAGE, UC_PROT_READ | UC_PROT_WRITE);
            // MIDR_EL1 part number 0xD07 = Cortex-A57: proves the variadic uc_ctl call took effect.
            long midr = uc.regReadArm64Sys(3, 0, 0, 0, 0);
            assertEquals(0xD07, (midr >>> 4) & 0xFFF, "MIDR_EL1=0x" + Long.toHexString(midr));

            // add x0, x1, x2 ; ldr x3, [x4]
            uc.memWrite(CODE, le32(0x8b020020, 0xf9400083));
            long value = 0x1122334455667788L;
            uc.memWrite(DATA, le64(value));
            assertArrayEquals(le64(value), uc.memRead(DATA, 8));
            uc.regWrite(UcArm64Reg.UC_ARM64_REG_X1, 0x0000_0001_0000_0000L);
            uc.regWrite(UcArm64Reg.UC_ARM64_REG_X2, 0x0000_0000_ffff_ffffL);
            uc.regWrite(UcArm64Reg.UC_ARM64_REG_X4, DATA);

            List<Unicorn.MemAccess> trace = new ArrayList<>();
            uc.traceMemory(trace);

            uc.emuStart(CODE, 0, 0, 2);

            assertEquals(0x0000_0001_ffff_ffffL, uc.regRead(UcArm64Reg.UC_ARM64_REG_X0));
            assertEquals(value, uc.regRead(UcArm64Reg.UC_ARM64_REG_X3));
            assertEquals(CODE + 8, uc.regRead(UcArm64Reg.UC_ARM64_REG_PC));
            assertEquals(List.of(new Unicorn.MemAccess(UC_MEM_READ, DATA, 8, 0)), trace);
            // batch read agrees with single reads
            long[] batch = uc.regReadBatch(UcArm64Reg.UC_ARM64_REG_X0, UcArm64Reg.UC_ARM64_REG_X3,
                    UcArm64Reg.UC_ARM64_REG_PC);
            assertArrayEquals(new long[] {0x0000_0001_ffff_ffffL, value, CODE + 8}, batch);
        }
    }

    @Test
    void arm64UnmappedLoadIsReadUnmapped() {
        try (Unicorn uc = Unicorn.open(Unicorn.Arch.ARM64, UC_MODE_ARM)) {
            uc.memMap(CODE, PAGE, UC_PROT_ALL);
            uc.memWrite(CODE, le32(0xf9400083)); // ldr x3, [x4]
            long bad = 0x7000_0000L;
            uc.regWrite(UcArm64Reg.UC_ARM64_REG_X4, bad);
            List<Unicorn.MemAccess> trace = new ArrayList<>();
            uc.traceMemory(trace);

            assertEquals(UC_ERR_READ_UNMAPPED, uc.emuStartRaw(CODE, 0, 0, 1));
            assertEquals(CODE, uc.regRead(UcArm64Reg.UC_ARM64_REG_PC), "PC stays on the faulting load");
            assertEquals(List.of(new Unicorn.MemAccess(UC_MEM_READ_UNMAPPED, bad, 8, 0)), trace);

            UnicornException e = assertThrows(UnicornException.class, () -> uc.emuStart(CODE, 0, 0, 1));
            assertEquals(UC_ERR_READ_UNMAPPED, e.code());
            assertEquals("UC_ERR_READ_UNMAPPED", e.errName());
            assertTrue(e.getMessage().contains("uc_emu_start"), e.getMessage());
        }
    }

    @Test
    void arm64StoreIsTraced() {
        try (Unicorn uc = Unicorn.open(Unicorn.Arch.ARM64, UC_MODE_ARM)) {
            uc.memMap(CODE, PAGE, UC_PROT_ALL);
            uc.memMap(DATA, PAGE, UC_PROT_READ | UC_PROT_WRITE);
            uc.memWrite(CODE, le32(0xb9000885)); // str w5, [x4, #8]
            uc.regWrite(UcArm64Reg.UC_ARM64_REG_X4, DATA);
            uc.regWrite(UcArm64Reg.UC_ARM64_REG_X5, 0xcafef00dL);
            List<Unicorn.MemAccess> trace = new ArrayList<>();
            uc.traceMemory(trace);
            uc.emuStart(CODE, CODE + 4, 0, 0);
            assertEquals(List.of(new Unicorn.MemAccess(UC_MEM_WRITE, DATA + 8, 4, 0xcafef00dL)), trace);
            assertTrue(trace.getFirst().isWrite());
            assertArrayEquals(le32(0xcafef00d), uc.memRead(DATA + 8, 4));
        }
    }

    @Test
    void arm64SvcRaisesInterruptHook() {
        try (Unicorn uc = Unicorn.open(Unicorn.Arch.ARM64, UC_MODE_ARM)) {
            uc.memMap(CODE, PAGE, UC_PROT_ALL);
            uc.memWrite(CODE, le32(0xd4000001, 0xd503201f)); // svc #0 ; nop
            assertEquals(UC_ERR_EXCEPTION, uc.emuStartRaw(CODE, 0, 0, 1), "svc without an INTR hook");

            List<Integer> interrupts = new ArrayList<>();
            uc.hookInterrupt((u, intno) -> interrupts.add(intno));
            assertEquals(UC_ERR_OK, uc.emuStartRaw(CODE, 0, 0, 1));
            assertEquals(List.of(2), interrupts, "QEMU EXCP_SWI = 2");
            assertEquals(CODE + 4, uc.regRead(UcArm64Reg.UC_ARM64_REG_PC));
        }
    }

    @Test
    void arm64VectorRegistersAreBytes() {
        try (Unicorn uc = Unicorn.open(Unicorn.Arch.ARM64, UC_MODE_ARM)) {
            uc.memMap(CODE, PAGE, UC_PROT_ALL);
            uc.memWrite(CODE, le32(0x4ea11c20)); // mov v0.16b, v1.16b
            byte[] q1 = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
            uc.regWrite128(UcArm64Reg.UC_ARM64_REG_Q1, q1);
            assertArrayEquals(q1, uc.regRead128(UcArm64Reg.UC_ARM64_REG_V1), "Vn aliases Qn");
            uc.emuStart(CODE, CODE + 4, 0, 0);
            assertArrayEquals(q1, uc.regRead128(UcArm64Reg.UC_ARM64_REG_Q0));
            // byte 0 is the least significant byte: D0 is the low half
            assertEquals(0x7766554433221100L, uc.regRead(UcArm64Reg.UC_ARM64_REG_D0));

            uc.regWrite(UcArm64Reg.UC_ARM64_REG_NZCV, 0x6000_0000L); // Z and C
            assertEquals(0x6000_0000L, uc.regRead(UcArm64Reg.UC_ARM64_REG_NZCV));
            assertEquals(0x6000_0000L, uc.regRead(UcArm64Reg.UC_ARM64_REG_PSTATE) & 0xf000_0000L);
        }
    }

    @Test
    void arm64RunParametersAreHonouredAcrossRuns() throws InterruptedException {
        // Regression for Unicorn 2.0.1's stale translation cache (see Unicorn.TbInvalidation): a run stopped
        // while it spins in cached blocks must not make later runs ignore their count/until/new hooks.
        try (Unicorn uc = Unicorn.open(Unicorn.Arch.ARM64, UC_MODE_ARM)) {
            uc.memMap(CODE, PAGE, UC_PROT_ALL);
            uc.memWrite(CODE, le32(0xd503201f, 0xd503201f, 0xd503201f, 0x14000000)); // nop x3 ; b .
            long safety = 2_000; // ms: a regression returns through the watchdog with a wrong PC instead of hanging
            assertEquals(UC_ERR_OK, runWithWatchdog(uc, CODE, 0, 0, 20)); // spins in `b .` until stopped
            assertEquals(CODE + 12, uc.regRead(UcArm64Reg.UC_ARM64_REG_PC));
            assertEquals(UC_ERR_OK, runWithWatchdog(uc, CODE, 0, 2, safety));
            assertEquals(CODE + 8, uc.regRead(UcArm64Reg.UC_ARM64_REG_PC), "count=2 after a stopped run");
            assertEquals(UC_ERR_OK, runWithWatchdog(uc, CODE, CODE + 4, 0, safety));
            assertEquals(CODE + 4, uc.regRead(UcArm64Reg.UC_ARM64_REG_PC), "until inside a cached block");
            List<Long> pcs = new ArrayList<>();
            uc.hookCode((u, address, size) -> pcs.add(address));
            assertEquals(UC_ERR_OK, runWithWatchdog(uc, CODE, CODE + 8, 0, safety));
            assertEquals(List.of(CODE, CODE + 4), pcs, "hook added after translation");
        }
    }

    /**
     * {@code uc_emu_start} without Unicorn's timeout, stopped by a watchdog thread that calls {@code uc_emu_stop}
     * after {@code stopAfterMillis} ms and then every 5 ms until the run returns. Unicorn 2.0.1's own timeout
     * (uc.c {@code _timeout_fn}) calls {@code uc_emu_stop} once; when it fires before the vCPU loop starts
     * (a loaded machine), {@code resume_all_vcpus} clears {@code cpu->exit_request} and the stop is lost: a run
     * spinning in {@code b .} then never returns. A repeated stop cannot be lost that way.
     *
     * @return the {@code uc_err} of the run
     */
    private static int runWithWatchdog(Unicorn uc, long begin, long until, long count, long stopAfterMillis)
            throws InterruptedException {
        CountDownLatch returned = new CountDownLatch(1);
        Thread dog = Thread.ofPlatform().daemon().name("unicorn-watchdog").start(() -> {
            try {
                if (!returned.await(stopAfterMillis, TimeUnit.MILLISECONDS)) {
                    do {
                        uc.emuStop();
                    } while (!returned.await(5, TimeUnit.MILLISECONDS));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            return uc.emuStartRaw(begin, until, 0, count);
        } finally {
            returned.countDown();
            dog.join();
        }
    }

    @Test
    void hookExceptionPropagatesFromEmuStart() {
        try (Unicorn uc = Unicorn.open(Unicorn.Arch.ARM64, UC_MODE_ARM)) {
            uc.memMap(CODE, PAGE, UC_PROT_ALL);
            uc.memWrite(CODE, le32(0xd503201f, 0xd503201f));
            uc.hookCode((u, address, size) -> {
                throw new IllegalStateException("boom at 0x" + Long.toHexString(address));
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> uc.emuStartRaw(CODE, 0, 0, 2));
            assertEquals("boom at 0x10000", e.getMessage());
        }
    }

    @Test
    void contextSaveRestore() {
        try (Unicorn uc = Unicorn.open(Unicorn.Arch.ARM64, UC_MODE_ARM)) {
            uc.regWrite(UcArm64Reg.UC_ARM64_REG_X7, 7);
            try (Unicorn.Context ctx = uc.contextSave()) {
                uc.regWrite(UcArm64Reg.UC_ARM64_REG_X7, 99);
                uc.contextRestore(ctx);
            }
            assertEquals(7, uc.regRead(UcArm64Reg.UC_ARM64_REG_X7));
        }
    }

    @Test
    void errorsCarryCodeAndText() {
        try (Unicorn uc = Unicorn.open(Unicorn.Arch.ARM64, UC_MODE_ARM)) {
            UnicornException e = assertThrows(UnicornException.class, () -> uc.memMap(0x10001, PAGE, UC_PROT_ALL));
            assertEquals(UC_ERR_ARG, e.code());
            assertTrue(e.getMessage().startsWith("uc_mem_map(0x10001, 0x1000, 7) failed: "), e.getMessage());
            assertEquals(UC_ERR_ARG, uc.memMapRaw(0x10001, PAGE, UC_PROT_ALL));
            uc.memMap(CODE, PAGE, UC_PROT_ALL);
            assertEquals(List.of(new Unicorn.MemRegion(CODE, CODE + PAGE - 1, UC_PROT_ALL)), uc.memRegions());
            uc.memUnmap(CODE, PAGE);
            assertTrue(uc.memRegions().isEmpty());
            assertEquals(UC_ERR_READ_UNMAPPED, uc.memReadRaw(CODE, new byte[4]));
            assertEquals(UC_ERR_ARG, uc.ctlRaw(Unicorn.ctlCode(UcConst.UC_CTL_CPU_MODEL, 1, UcConst.UC_CTL_IO_WRITE),
                    UcArm64Reg.UC_CPU_ARM64_A53), "CPU model can only be set before the CPU exists");
        }
        Unicorn closed = Unicorn.open(Unicorn.Arch.ARM64, UC_MODE_ARM);
        closed.close();
        closed.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> closed.regRead(UcArm64Reg.UC_ARM64_REG_X0));
    }

    // ---------------------------------------------------------------------------------------------
    // x86
    // ---------------------------------------------------------------------------------------------

    @Test
    void x86AddEaxEbxSetsEflags() {
        try (Unicorn uc = Unicorn.open(Unicorn.Arch.X86, UC_MODE_32)) {
            uc.memMap(CODE, PAGE, UC_PROT_ALL);
            uc.memWrite(CODE, new byte[] {0x01, (byte) 0xd8, 0x01, (byte) 0xd8}); // add eax, ebx ; add eax, ebx

            uc.regWrite(UcX86Reg.UC_X86_REG_EAX, 0x7fffffffL);
            uc.regWrite(UcX86Reg.UC_X86_REG_EBX, 1);
            uc.emuStart(CODE, CODE + 2, 0, 0);
            assertEquals(0x80000000L, uc.regRead(UcX86Reg.UC_X86_REG_EAX), "32-bit regs read zero-extended");
            assertEquals(CODE + 2, uc.regRead(UcX86Reg.UC_X86_REG_EIP));
            // OF | SF | AF | PF | reserved bit 1
            assertEquals(0x800 | 0x80 | 0x10 | 0x04 | 0x02, uc.regRead(UcX86Reg.UC_X86_REG_EFLAGS));

            uc.regWrite(UcX86Reg.UC_X86_REG_EAX, 0xffffffffL);
            uc.emuStart(CODE + 2, CODE + 4, 0, 0);
            assertEquals(0, uc.regRead(UcX86Reg.UC_X86_REG_EAX));
            // ZF | AF | PF | CF | reserved bit 1
            assertEquals(0x40 | 0x10 | 0x04 | 0x01 | 0x02, uc.regRead(UcX86Reg.UC_X86_REG_EFLAGS));
        }
    }

    @Test
    void x86WideAndSpecialRegisters() {
        try (Unicorn uc = Unicorn.open(Unicorn.Arch.X86, UC_MODE_32)) {
            uc.memMap(CODE, PAGE, UC_PROT_ALL);
            uc.memWrite(CODE, new byte[] {(byte) 0xd9, (byte) 0xe8, (byte) 0xcd, (byte) 0x80}); // fld1 ; int 0x80
            List<Integer> interrupts = new ArrayList<>();
            uc.hookInterrupt((u, intno) -> interrupts.add(intno));
            uc.emuStart(CODE, CODE + 4, 0, 0);
            assertEquals(List.of(0x80), interrupts);
            // 1.0 in x87 extended format: significand 0x8000000000000000, exponent 0x3fff
            byte[] one = HexFormat.of().parseHex("0000000000000080ff3f");
            assertArrayEquals(one, uc.regReadX87(UcX86Reg.UC_X86_REG_ST0));
            long top = (uc.regRead(UcX86Reg.UC_X86_REG_FPSW) >>> 11) & 7;
            assertEquals(7, top);
            assertArrayEquals(one, uc.regReadX87(UcX86Reg.UC_X86_REG_FP0 + (int) top), "ST0 = physical R[TOP]");

            byte[] xmm = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");
            uc.regWrite128(UcX86Reg.UC_X86_REG_XMM3, xmm);
            assertArrayEquals(xmm, uc.regRead128(UcX86Reg.UC_X86_REG_XMM3));

            uc.regWriteX86Mmr(UcX86Reg.UC_X86_REG_GDTR, new Unicorn.X86Mmr(0, 0x1000, 0x7f, 0));
            Unicorn.X86Mmr gdtr = uc.regReadX86Mmr(UcX86Reg.UC_X86_REG_GDTR);
            assertEquals(0x1000, gdtr.base());
            assertEquals(0x7f, gdtr.limit());

            uc.regWriteX86Msr(0xC0000100, 0x1234_5678_9abcL); // FS_BASE
            assertEquals(0x1234_5678_9abcL, uc.regReadX86Msr(0xC0000100));
            assertEquals(0x11, uc.regRead(UcX86Reg.UC_X86_REG_CR0) & 0x11, "32-bit mode starts with CR0.PE|ET");
        }
        try (Unicorn uc = Unicorn.open(Unicorn.Arch.X86, UC_MODE_16)) {
            assertEquals(0, uc.regRead(UcX86Reg.UC_X86_REG_CR0) & 1, "16-bit mode is real mode");
        }
    }

    @Test
    void x86_64SyscallHookUsesVariadicInsnId() {
        try (Unicorn uc = Unicorn.open(Unicorn.Arch.X86, UcConst.UC_MODE_64)) {
            uc.memMap(CODE, PAGE, UC_PROT_ALL);
            uc.memWrite(CODE, new byte[] {0x0f, 0x05, 0x48, 0x01, (byte) 0xd8}); // syscall ; add rax, rbx
            List<Long> raxAtSyscall = new ArrayList<>();
            uc.hookX86Syscall(UcX86Reg.UC_X86_INS_SYSCALL, u -> {
                raxAtSyscall.add(u.regRead(UcX86Reg.UC_X86_REG_RAX));
                u.regWrite(UcX86Reg.UC_X86_REG_RAX, 0x1_0000_0000L); // "return value"
            });
            uc.regWrite(UcX86Reg.UC_X86_REG_RAX, 60);
            uc.regWrite(UcX86Reg.UC_X86_REG_RBX, 2);
            uc.emuStart(CODE, CODE + 5, 0, 0);
            assertEquals(List.of(60L), raxAtSyscall);
            assertEquals(0x1_0000_0002L, uc.regRead(UcX86Reg.UC_X86_REG_RAX));
            assertEquals(CODE + 5, uc.regRead(UcX86Reg.UC_X86_REG_RIP));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // PowerPC
    // ---------------------------------------------------------------------------------------------

    @Test
    void ppc32BigEndianAdd() {
        try (Unicorn uc = Unicorn.open(Unicorn.Arch.PPC, UC_MODE_PPC32 | UC_MODE_BIG_ENDIAN)) {
            uc.memMap(CODE, PAGE, UC_PROT_ALL);
            uc.memWrite(CODE, be32(0x7c642a14)); // add r3, r4, r5
            uc.regWrite(UcPpcReg.UC_PPC_REG_4, 0x12345678L);
            uc.regWrite(UcPpcReg.UC_PPC_REG_5, 0xf0000001L);
            uc.emuStart(CODE, 0, 0, 1);
            assertEquals(0x02345679L, uc.regRead(UcPpcReg.UC_PPC_REG_3), "32-bit wrap, zero-extended");
            assertEquals(CODE + 4, uc.regRead(UcPpcReg.UC_PPC_REG_PC));
        }
        UnicornException e = assertThrows(UnicornException.class,
                () -> Unicorn.open(Unicorn.Arch.PPC, UC_MODE_PPC32 | UcConst.UC_MODE_LITTLE_ENDIAN));
        assertEquals(UcConst.UC_ERR_MODE, e.code(), "little-endian PPC is not supported by Unicorn 2.0.1");
    }

    @Test
    void ppc32LoadIsTracedAndFloatingPointNeedsMsrFp() {
        try (Unicorn uc = Unicorn.open(Unicorn.Arch.PPC, UC_MODE_PPC32 | UC_MODE_BIG_ENDIAN)) {
            uc.memMap(CODE, PAGE, UC_PROT_ALL);
            uc.memMap(DATA, PAGE, UC_PROT_READ | UC_PROT_WRITE);
            uc.memWrite(CODE, be32(0x80650010, 0xfc22182a)); // lwz r3, 16(r5) ; fadd f1, f2, f3
            uc.memWrite(DATA + 16, be32(0xdeadbeef));
            uc.regWrite(UcPpcReg.UC_PPC_REG_5, DATA);
            List<Unicorn.MemAccess> trace = new ArrayList<>();
            uc.traceMemory(trace);
            uc.emuStart(CODE, CODE + 4, 0, 0);
            assertEquals(0xdeadbeefL, uc.regRead(UcPpcReg.UC_PPC_REG_3));
            assertEquals(List.of(new Unicorn.MemAccess(UC_MEM_READ, DATA + 16, 4, 0)), trace);

            uc.regWrite(UcPpcReg.UC_PPC_REG_FPR2, Double.doubleToRawLongBits(1.5));
            uc.regWrite(UcPpcReg.UC_PPC_REG_FPR3, Double.doubleToRawLongBits(2.25));
            assertEquals(0, uc.regRead(UcPpcReg.UC_PPC_REG_MSR) & 0x2000, "MSR[FP] is clear at reset");
            assertEquals(UC_ERR_EXCEPTION, uc.emuStartRaw(CODE + 4, CODE + 8, 0, 0), "FP unavailable");
            uc.regWrite(UcPpcReg.UC_PPC_REG_MSR, uc.regRead(UcPpcReg.UC_PPC_REG_MSR) | 0x2000);
            uc.emuStart(CODE + 4, CODE + 8, 0, 0);
            assertEquals(3.75, Double.longBitsToDouble(uc.regRead(UcPpcReg.UC_PPC_REG_FPR1)));
        }
    }

    @Test
    void unavailableReasonIsNullWhenLoaded() {
        assertFalse(Unicorn.unavailableReason() != null);
        try (Unicorn uc = Unicorn.open(Unicorn.Arch.ARM64, UC_MODE_ARM)) {
            assertNotNull(uc.nativeHandle());
            assertEquals(UcConst.UC_ARCH_ARM64, uc.ctlGetArch());
        }
    }
}
