package org.jemu.testkit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Java 25 FFM ({@code java.lang.foreign}) binding to the Unicorn 2 CPU emulator
 * ({@code libunicorn.so.2}, Debian package {@code libunicorn2}); the differential-testing oracle
 * for jemu's AArch64, x86 and PowerPC frontends.
 *
 * <h2>Usage</h2>
 * <pre>{@code
 * try (Unicorn uc = Unicorn.open(Unicorn.Arch.ARM64, UcConst.UC_MODE_ARM)) {
 *     uc.ctlSetCpuModel(UcArm64Reg.UC_CPU_ARM64_A57);   // optional, must come first
 *     uc.memMap(0x10000, 0x1000, UcConst.UC_PROT_ALL);
 *     uc.memWrite(0x10000, code);
 *     uc.regWrite(UcArm64Reg.UC_ARM64_REG_X1, 40);
 *     int err = uc.emuStartRaw(0x10000, 0, 0, 1);        // or emuStart(...) which throws
 *     long x0 = uc.regRead(UcArm64Reg.UC_ARM64_REG_X0);
 * }
 * }</pre>
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Addresses and sizes are unsigned 64-bit guest values carried in {@code long}s.</li>
 *   <li>Every method that wraps a {@code uc_*} call throws {@link UnicornException} (unchecked,
 *       carrying the {@code uc_err} code and {@code uc_strerror} text) when the call does not
 *       return {@link UcConst#UC_ERR_OK}. Methods named {@code *Raw} return the {@code uc_err}
 *       code instead, for callers (fuzzers) that expect faults.</li>
 *   <li>Register ids are the {@code UC_*_REG_*} constants of {@link UcArm64Reg}, {@link UcX86Reg},
 *       {@link UcPpcReg}, {@link UcArmReg}. Unicorn 2.0.1 silently ignores register ids it does not
 *       handle for the current arch/mode: a read then yields 0 and a write does nothing
 *       (no error is reported).</li>
 *   <li>An engine is not thread-safe: use it from one thread at a time. {@link #emuStop()} is the
 *       one method meant to be called from another thread (or from a hook).</li>
 *   <li>Hooks run on the thread that called {@code emuStart}. A hook that throws stops the
 *       emulation ({@code uc_emu_stop}); {@code emuStart}/{@code emuStartRaw} then rethrow that
 *       exception (unchecked exceptions and errors as they are, checked ones wrapped in
 *       {@link UndeclaredThrowableException}). Do not call {@link #close()} from a hook.</li>
 * </ul>
 *
 * <h2>Unicorn 2.0.1 (Debian {@code libunicorn2 2.0.1.post1}) behaviour worth knowing</h2>
 * <ul>
 *   <li>Translation-block cache staleness across runs (new {@code until}, first counted run,
 *       hooks added later) is handled by {@link TbInvalidation#AUTO}; see there.</li>
 *   <li>The timeout is not reliable: its thread (uc.c {@code _timeout_fn}) calls {@code uc_emu_stop}
 *       once, and when that happens before the vCPU loop starts (a loaded machine),
 *       {@code resume_all_vcpus} clears {@code cpu->exit_request} and the stop is lost; code that
 *       spins ({@code b .}) then never returns. Bound such runs with an instruction count, or with a
 *       thread that calls {@link #emuStop()} repeatedly until the run returns.</li>
 *   <li>AArch64: CPU models A57, A53, A72 (default), MAX. Reset state is EL1h with DAIF masked
 *       and <b>NZCV.Z set</b> (PSTATE 0x400003c5); FP/SIMD works although CPACR_EL1 reads 0.
 *       Target page size is 1 KiB ({@code uc_mem_map} accepts 1 KiB granularity).
 *       {@code svc}/{@code brk}/undefined instructions give {@code UC_ERR_EXCEPTION} without an
 *       interrupt hook (never {@code UC_ERR_INSN_INVALID}); with one they report intno 2/7/1.
 *       For {@code svc} the PC seen in the hook is past the instruction; for {@code brk} and
 *       undefined instructions it is the instruction itself, so returning from the hook
 *       re-executes it <b>forever</b> unless the hook advances the PC or calls {@link #emuStop()}.
 *       ESR/FAR/ELR are not updated (no architectural exception entry).</li>
 *   <li>x86: default CPU model QEMU64 in every mode. x87 control word and MXCSR reset to
 *       <b>0</b> (not 0x037F / 0x1F80): set them before differential runs. MXCSR exception
 *       <em>status</em> flags are not maintained by SSE arithmetic. Writing a segment register
 *       in 32/64-bit mode loads a descriptor (fails with {@code UC_ERR_EXCEPTION} without a GDT).
 *       64-bit mode starts in long mode with paging off (CR0=0x11, EFER=0x500). #UD is reported
 *       as {@code UC_ERR_INSN_INVALID}, not through the interrupt hook.</li>
 *   <li>PowerPC: only 32-bit big-endian ({@code UC_MODE_PPC32 | UC_MODE_BIG_ENDIAN}); little-endian
 *       gives {@code UC_ERR_MODE}. Default CPU 7457A v1.2 (G4). MSR resets to 0x40 (MSR[IP]),
 *       MSR[FP] is clear so FP instructions fault ({@code UC_ERR_EXCEPTION}) until MSR |= 0x2000.
 *       {@code UC_PPC_REG_XER} reads <b>without SO/OV/CA</b> (they live outside QEMU's xer field),
 *       and SO/OV/CA bits written through it stick (an {@code mfxer} keeps showing them); read
 *       and write XER with guest {@code mfxer}/{@code mtxer} instead. {@code sc} is intno 8.</li>
 * </ul>
 *
 * <p>Run the JVM with {@code --enable-native-access=ALL-UNNAMED} (restricted FFM methods).
 * Always close engines: hook registrations are released by {@link #close()}.
 */
@SuppressWarnings("restricted")
public final class Unicorn implements AutoCloseable {

    // =====================================================================================
    // Architectures
    // =====================================================================================

    /** Unicorn architectures ({@code uc_arch}); {@link #code} is the numeric C value. */
    public enum Arch {
        ARM(UcConst.UC_ARCH_ARM),
        ARM64(UcConst.UC_ARCH_ARM64),
        MIPS(UcConst.UC_ARCH_MIPS),
        X86(UcConst.UC_ARCH_X86),
        PPC(UcConst.UC_ARCH_PPC),
        SPARC(UcConst.UC_ARCH_SPARC),
        M68K(UcConst.UC_ARCH_M68K),
        RISCV(UcConst.UC_ARCH_RISCV),
        S390X(UcConst.UC_ARCH_S390X),
        TRICORE(UcConst.UC_ARCH_TRICORE);

        /** The {@code uc_arch} value passed to {@code uc_open}. */
        public final int code;

        Arch(int code) {
            this.code = code;
        }
    }

    // =====================================================================================
    // Value types
    // =====================================================================================

    /**
     * The library version as reported by {@code uc_version}.
     *
     * @param major API major version (2 for Unicorn 2)
     * @param minor API minor version
     * @param patch patch level
     * @param extra build tag; 255 = final release, otherwise a release candidate number
     */
    public record Version(int major, int minor, int patch, int extra) {
        @Override
        public String toString() {
            return major + "." + minor + "." + patch + (extra == 255 ? "" : "-rc" + extra);
        }
    }

    /**
     * A mapped memory region as returned by {@code uc_mem_regions}.
     *
     * @param begin first address (inclusive)
     * @param end   last address (<em>inclusive</em>)
     * @param perms {@code UC_PROT_*} bits
     */
    public record MemRegion(long begin, long end, int perms) {
        /** Size in bytes ({@code end - begin + 1}). */
        public long size() {
            return end - begin + 1;
        }
    }

    /**
     * One memory access seen by a memory hook.
     *
     * @param type    the {@code UC_MEM_*} access type ({@link UcConst#UC_MEM_READ},
     *                {@link UcConst#UC_MEM_WRITE}, {@link UcConst#UC_MEM_READ_UNMAPPED}, ...)
     * @param address guest (virtual) address of the access
     * @param size    access width in bytes (1, 2, 4, 8, 16 ...)
     * @param value   value written (for writes; meaningless for reads), zero/sign extension
     *                as delivered by Unicorn
     */
    public record MemAccess(int type, long address, int size, long value) {
        /** True for {@code UC_MEM_WRITE}, {@code UC_MEM_WRITE_UNMAPPED}, {@code UC_MEM_WRITE_PROT}. */
        public boolean isWrite() {
            return type == UcConst.UC_MEM_WRITE || type == UcConst.UC_MEM_WRITE_UNMAPPED
                    || type == UcConst.UC_MEM_WRITE_PROT;
        }
    }

    /**
     * x86 memory-management register ({@code uc_x86_mmr}) for GDTR, IDTR, LDTR and TR.
     *
     * @param selector segment selector (16 bits; not used by GDTR/IDTR)
     * @param base     linear base address (32 or 64 bits depending on mode)
     * @param limit    segment limit (32 bits; GDTR/IDTR keep only the low 16 bits)
     * @param flags    descriptor flags (not used by GDTR/IDTR)
     */
    public record X86Mmr(int selector, long base, int limit, int flags) {}

    // =====================================================================================
    // Hook callback interfaces
    // =====================================================================================

    /** {@code UC_HOOK_CODE} / {@code UC_HOOK_BLOCK} callback. */
    @FunctionalInterface
    public interface CodeHook {
        /**
         * @param uc      the engine
         * @param address guest address of the instruction (or basic block)
         * @param size    instruction (block) size in bytes, 0 if unknown
         */
        void onCode(Unicorn uc, long address, int size);
    }

    /** {@code UC_HOOK_INTR} callback: interrupts, exceptions, syscalls. */
    @FunctionalInterface
    public interface InterruptHook {
        /**
         * @param uc    the engine
         * @param intno the interrupt number: on x86 the vector ({@code int 0x80} gives 0x80, {@code int3} 3; #UD is not reported here);
         *              on ARM/AArch64 the QEMU {@code EXCP_*} number (EXCP_SWI = 2 for {@code svc},
         *              EXCP_BKPT = 7 for {@code brk}, EXCP_UDEF = 1 ...); on PowerPC the QEMU
         *              {@code POWERPC_EXCP_*} number (e.g. POWERPC_EXCP_SYSCALL = 8 for {@code sc}).
         */
        void onInterrupt(Unicorn uc, int intno);
    }

    /** Valid-access memory hook ({@code UC_HOOK_MEM_READ}, {@code _WRITE}, {@code _FETCH}, {@code _READ_AFTER}). */
    @FunctionalInterface
    public interface MemHook {
        /**
         * @param type    {@code UC_MEM_*} access type
         * @param address guest address
         * @param size    access width in bytes
         * @param value   value being written (writes only)
         */
        void onMemAccess(Unicorn uc, int type, long address, int size, long value);
    }

    /** Invalid-access memory hook ({@code UC_HOOK_MEM_*_UNMAPPED}, {@code UC_HOOK_MEM_*_PROT}). */
    @FunctionalInterface
    public interface InvalidMemHook {
        /**
         * @return {@code true} to retry the access (only sensible after mapping / re-protecting the
         *         page from inside the hook), {@code false} to stop emulation with the matching
         *         {@code UC_ERR_*} code.
         */
        boolean onInvalidAccess(Unicorn uc, int type, long address, int size, long value);
    }

    /** x86 {@code syscall}/{@code sysenter} callback ({@code UC_HOOK_INSN}, {@code uc_cb_insn_syscall_t}). */
    @FunctionalInterface
    public interface SyscallHook {
        /** Called instead of executing the instruction; execution continues after it. */
        void onSyscall(Unicorn uc);
    }

    /** {@code UC_HOOK_INSN_INVALID} callback. */
    @FunctionalInterface
    public interface InvalidInsnHook {
        /** @return {@code true} to continue, {@code false} to stop with {@code UC_ERR_INSN_INVALID}. */
        boolean onInvalidInstruction(Unicorn uc);
    }

    // =====================================================================================
    // Native library
    // =====================================================================================

    /** Library names tried in order; a system property {@code jemu.unicorn.lib} (path) goes first. */
    private static final String[] LIBRARY_NAMES = {"libunicorn.so.2", "libunicorn.so"};

    /** Loads the library once; never throws. */
    private static final class Lib {
        static final SymbolLookup LOOKUP;
        static final String FAILURE;

        static {
            SymbolLookup found = null;
            List<String> tried = new ArrayList<>();
            String override = System.getProperty("jemu.unicorn.lib");
            List<String> names = new ArrayList<>();
            if (override != null && !override.isBlank()) {
                names.add(override);
            }
            names.addAll(List.of(LIBRARY_NAMES));
            String lastError = null;
            for (String name : names) {
                tried.add(name);
                try {
                    found = SymbolLookup.libraryLookup(name, Arena.global());
                    if (found.find("uc_open").isEmpty()) {
                        lastError = name + " has no symbol uc_open";
                        found = null;
                        continue;
                    }
                    break;
                } catch (IllegalArgumentException | IllegalCallerException | UnsupportedOperationException e) {
                    lastError = e.getMessage();
                }
            }
            LOOKUP = found;
            FAILURE = found != null ? null
                    : "Unicorn native library not available (tried " + String.join(", ", tried)
                            + "; install Debian package libunicorn2" + (lastError == null ? "" : "; last error: " + lastError) + ")";
        }
    }

    /** Downcall handles; initialised on first use, only after {@link Lib} succeeded. */
    private static final class Fn {
        static final Linker LINKER = Linker.nativeLinker();

        static final MethodHandle uc_version = down("uc_version", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle uc_arch_supported = down("uc_arch_supported", FunctionDescriptor.of(JAVA_BOOLEAN, JAVA_INT));
        static final MethodHandle uc_open = down("uc_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        static final MethodHandle uc_close = down("uc_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle uc_query = down("uc_query", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle uc_errno = down("uc_errno", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle uc_strerror = down("uc_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        static final MethodHandle uc_reg_write = down("uc_reg_write", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle uc_reg_read = down("uc_reg_read", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        static final MethodHandle uc_reg_write_batch = down("uc_reg_write_batch", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle uc_reg_read_batch = down("uc_reg_read_batch", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        static final MethodHandle uc_mem_write = down("uc_mem_write", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
        static final MethodHandle uc_mem_read = down("uc_mem_read", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
        static final MethodHandle uc_emu_start = down("uc_emu_start", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle uc_emu_stop = down("uc_emu_stop", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle uc_hook_del = down("uc_hook_del", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        static final MethodHandle uc_mem_map = down("uc_mem_map", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT));
        static final MethodHandle uc_mem_map_ptr = down("uc_mem_map_ptr", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS));
        static final MethodHandle uc_mem_unmap = down("uc_mem_unmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
        static final MethodHandle uc_mem_protect = down("uc_mem_protect", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT));
        static final MethodHandle uc_mem_regions = down("uc_mem_regions", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle uc_free = down("uc_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle uc_context_alloc = down("uc_context_alloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle uc_context_save = down("uc_context_save", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle uc_context_restore = down("uc_context_restore", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle uc_context_free = down("uc_context_free", FunctionDescriptor.of(JAVA_INT, ADDRESS));

        // uc_err uc_hook_add(uc_engine *uc, uc_hook *hh, int type, void *callback, void *user_data,
        //                    uint64_t begin, uint64_t end, ...);   -- variadic after `end` (index 7)
        static final MethodHandle uc_hook_add = down("uc_hook_add",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG),
                Linker.Option.firstVariadicArg(7));
        /** uc_hook_add with one variadic {@code int} (the instruction id of UC_HOOK_INSN). */
        static final MethodHandle uc_hook_add_i = down("uc_hook_add",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT),
                Linker.Option.firstVariadicArg(7));

        // uc_err uc_ctl(uc_engine *uc, uc_control_type control, ...);  -- variadic from index 2
        static final MethodHandle uc_ctl_0 = down("uc_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2));
        static final MethodHandle uc_ctl_i = down("uc_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
        static final MethodHandle uc_ctl_p = down("uc_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), Linker.Option.firstVariadicArg(2));
        static final MethodHandle uc_ctl_pj = down("uc_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG), Linker.Option.firstVariadicArg(2));
        static final MethodHandle uc_ctl_jj = down("uc_ctl",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2));

        private static MethodHandle down(String name, FunctionDescriptor fd, Linker.Option... options) {
            MemorySegment sym = Lib.LOOKUP.find(name)
                    .orElseThrow(() -> new IllegalStateException("libunicorn lacks symbol " + name));
            return LINKER.downcallHandle(sym, fd, options);
        }
    }

    // =====================================================================================
    // Upcalls: one stub per callback shape for the whole JVM (global arena), dispatching on
    // user_data = hook registration id. Stubs therefore outlive every engine, and installing a
    // hook costs no stub generation.
    // =====================================================================================

    private static final class Upcalls {
        static final MemorySegment CODE;
        static final MemorySegment INTR;
        static final MemorySegment MEM;
        static final MemorySegment MEM_INVALID;
        static final MemorySegment INSN_INVALID;
        static final MemorySegment SYSCALL;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                Linker linker = Fn.LINKER;
                Arena global = Arena.global();
                // void (*uc_cb_hookcode_t)(uc_engine *uc, uint64_t address, uint32_t size, void *user_data)
                CODE = linker.upcallStub(
                        l.findStatic(Upcalls.class, "code", MethodType.methodType(void.class, MemorySegment.class, long.class, int.class, MemorySegment.class)),
                        FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS), global);
                // void (*uc_cb_hookintr_t)(uc_engine *uc, uint32_t intno, void *user_data)
                INTR = linker.upcallStub(
                        l.findStatic(Upcalls.class, "intr", MethodType.methodType(void.class, MemorySegment.class, int.class, MemorySegment.class)),
                        FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS), global);
                // void (*uc_cb_hookmem_t)(uc_engine *uc, uc_mem_type type, uint64_t address, int size, int64_t value, void *user_data)
                MEM = linker.upcallStub(
                        l.findStatic(Upcalls.class, "mem", MethodType.methodType(void.class, MemorySegment.class, int.class, long.class, int.class, long.class, MemorySegment.class)),
                        FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS), global);
                // bool (*uc_cb_eventmem_t)(uc_engine *uc, uc_mem_type type, uint64_t address, int size, int64_t value, void *user_data)
                MEM_INVALID = linker.upcallStub(
                        l.findStatic(Upcalls.class, "memInvalid", MethodType.methodType(boolean.class, MemorySegment.class, int.class, long.class, int.class, long.class, MemorySegment.class)),
                        FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS), global);
                // bool (*uc_cb_hookinsn_invalid_t)(uc_engine *uc, void *user_data)
                INSN_INVALID = linker.upcallStub(
                        l.findStatic(Upcalls.class, "insnInvalid", MethodType.methodType(boolean.class, MemorySegment.class, MemorySegment.class)),
                        FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, ADDRESS), global);
                // void (*uc_cb_insn_syscall_t)(struct uc_struct *uc, void *user_data)
                SYSCALL = linker.upcallStub(
                        l.findStatic(Upcalls.class, "syscall", MethodType.methodType(void.class, MemorySegment.class, MemorySegment.class)),
                        FunctionDescriptor.ofVoid(ADDRESS, ADDRESS), global);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        // Every upcall target catches everything: an exception escaping an upcall kills the JVM.

        static void code(MemorySegment uc, long address, int size, MemorySegment userData) {
            HookReg r = HOOKS.get(userData.address());
            if (r == null) return;
            try {
                ((CodeHook) r.callback).onCode(r.owner, address, size);
            } catch (Throwable t) {
                r.owner.hookFailed(t);
            }
        }

        static void intr(MemorySegment uc, int intno, MemorySegment userData) {
            HookReg r = HOOKS.get(userData.address());
            if (r == null) return;
            try {
                ((InterruptHook) r.callback).onInterrupt(r.owner, intno);
            } catch (Throwable t) {
                r.owner.hookFailed(t);
            }
        }

        static void mem(MemorySegment uc, int type, long address, int size, long value, MemorySegment userData) {
            HookReg r = HOOKS.get(userData.address());
            if (r == null) return;
            try {
                ((MemHook) r.callback).onMemAccess(r.owner, type, address, size, value);
            } catch (Throwable t) {
                r.owner.hookFailed(t);
            }
        }

        static boolean memInvalid(MemorySegment uc, int type, long address, int size, long value, MemorySegment userData) {
            HookReg r = HOOKS.get(userData.address());
            if (r == null) return false;
            try {
                return ((InvalidMemHook) r.callback).onInvalidAccess(r.owner, type, address, size, value);
            } catch (Throwable t) {
                r.owner.hookFailed(t);
                return false;
            }
        }

        static void syscall(MemorySegment uc, MemorySegment userData) {
            HookReg r = HOOKS.get(userData.address());
            if (r == null) return;
            try {
                ((SyscallHook) r.callback).onSyscall(r.owner);
            } catch (Throwable t) {
                r.owner.hookFailed(t);
            }
        }

        static boolean insnInvalid(MemorySegment uc, MemorySegment userData) {
            HookReg r = HOOKS.get(userData.address());
            if (r == null) return false;
            try {
                return ((InvalidInsnHook) r.callback).onInvalidInstruction(r.owner);
            } catch (Throwable t) {
                r.owner.hookFailed(t);
                return false;
            }
        }
    }

    /** A live hook registration: the id is passed to Unicorn as user_data. */
    private record HookReg(Unicorn owner, Object callback, long ucHook) {}

    private static final Map<Long, HookReg> HOOKS = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_HOOK_ID = new AtomicLong(1);

    // ---- native struct layouts (offsets checked against the headers by the generator) ----

    /** {@code uc_x86_mmr}: u16 selector @0, u64 base @8, u32 limit @16, u32 flags @20; 24 bytes. */
    static final StructLayout UC_X86_MMR = MemoryLayout.structLayout(
            JAVA_SHORT.withName("selector"), MemoryLayout.paddingLayout(6),
            JAVA_LONG.withName("base"), JAVA_INT.withName("limit"), JAVA_INT.withName("flags"));
    /** {@code uc_x86_msr}: u32 rid @0, u64 value @8; 16 bytes. */
    static final StructLayout UC_X86_MSR = MemoryLayout.structLayout(
            JAVA_INT.withName("rid"), MemoryLayout.paddingLayout(4), JAVA_LONG.withName("value"));
    /** {@code uc_arm64_cp_reg}: u32 crn, crm, op0, op1, op2 @0..16, u64 val @24; 32 bytes. */
    static final StructLayout UC_ARM64_CP_REG = MemoryLayout.structLayout(
            JAVA_INT.withName("crn"), JAVA_INT.withName("crm"), JAVA_INT.withName("op0"),
            JAVA_INT.withName("op1"), JAVA_INT.withName("op2"), MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("val"));
    /** {@code uc_mem_region}: u64 begin, u64 end, u32 perms; 24 bytes. */
    static final StructLayout UC_MEM_REGION = MemoryLayout.structLayout(
            JAVA_LONG.withName("begin"), JAVA_LONG.withName("end"), JAVA_INT.withName("perms"),
            MemoryLayout.paddingLayout(4));

    /** Scratch size for one register value: the widest register Unicorn writes (ZMM) is 64 bytes. */
    private static final int REG_BUF = 64;

    // =====================================================================================
    // Library-level API
    // =====================================================================================

    /** Whether {@code libunicorn} could be loaded (never throws). */
    public static boolean isAvailable() {
        return Lib.LOOKUP != null;
    }

    /** One-line reason why {@link #isAvailable()} is false, or {@code null} if it is available. */
    public static String unavailableReason() {
        return Lib.FAILURE;
    }

    private static void requireAvailable() {
        if (Lib.LOOKUP == null) {
            throw new IllegalStateException(Lib.FAILURE);
        }
    }

    /** The loaded library's version ({@code uc_version}). */
    public static Version version() {
        requireAvailable();
        try {
            int v = (int) Fn.uc_version.invokeExact(MemorySegment.NULL, MemorySegment.NULL);
            return new Version((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Whether the library was built with support for {@code arch} ({@code uc_arch_supported}). */
    public static boolean archSupported(Arch arch) {
        requireAvailable();
        try {
            return (boolean) Fn.uc_arch_supported.invokeExact(arch.code);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The library's description of a {@code uc_err} code ({@code uc_strerror}). */
    public static String strerror(int err) {
        requireAvailable();
        try {
            MemorySegment s = (MemorySegment) Fn.uc_strerror.invokeExact(err);
            return s.equals(MemorySegment.NULL) ? UcConst.errName(err) : s.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Builds a {@code uc_ctl} control word exactly like the C macro
     * {@code UC_CTL(type, nr, rw) = type | nr << 26 | rw << 30}.
     *
     * @param type one of {@code UcConst.UC_CTL_*} control types (e.g. {@link UcConst#UC_CTL_CPU_MODEL})
     * @param nr   number of variadic arguments that follow
     * @param rw   {@link UcConst#UC_CTL_IO_NONE}, {@code _WRITE}, {@code _READ} or {@code _READ_WRITE}
     */
    public static int ctlCode(int type, int nr, int rw) {
        return type | (nr << 26) | (rw << 30);
    }

    // =====================================================================================
    // Engine lifecycle
    // =====================================================================================

    private final Arch arch;
    private final int mode;
    /** {@code uc_engine*}; {@link MemorySegment#NULL} once closed. */
    private volatile MemorySegment handle;
    /** Hook registration ids owned by this engine. */
    private final List<Long> hookIds = new ArrayList<>();
    /** First exception thrown by a hook during the current emuStart, rethrown when it returns. */
    private Throwable hookFailure;
    /** See {@link #setTbInvalidation}. */
    private TbInvalidation tbInvalidation = TbInvalidation.AUTO;
    /** Hooks or exits changed since the previous run (or no run yet). */
    private boolean translationsStale = true;
    /** {@code until} and {@code count != 0} of the previous run. */
    private long lastUntil;
    private boolean lastCounted;

    private Unicorn(Arch arch, int mode, MemorySegment handle) {
        this.arch = arch;
        this.mode = mode;
        this.handle = handle;
    }

    /**
     * Creates an engine ({@code uc_open}).
     *
     * @param arch the architecture
     * @param mode {@code UcConst.UC_MODE_*} bits, e.g. {@link UcConst#UC_MODE_ARM} for ARM64,
     *             {@link UcConst#UC_MODE_32} for x86 protected mode,
     *             {@code UC_MODE_PPC32 | UC_MODE_BIG_ENDIAN} for 32-bit PowerPC
     * @throws IllegalStateException if the native library is not available
     * @throws UnicornException      e.g. {@code UC_ERR_ARCH} / {@code UC_ERR_MODE}
     */
    public static Unicorn open(Arch arch, int mode) {
        requireAvailable();
        Objects.requireNonNull(arch, "arch");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            int err = (int) Fn.uc_open.invokeExact(arch.code, mode, out);
            check(err, () -> "uc_open(" + arch + ", mode=0x" + Integer.toHexString(mode) + ")");
            return new Unicorn(arch, mode, out.get(ADDRESS, 0));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Creates an engine and selects its CPU model ({@code uc_open} + {@link #ctlSetCpuModel}).
     *
     * @param cpuModel a {@code UC_CPU_*} constant of the arch, e.g. {@link UcArm64Reg#UC_CPU_ARM64_A57}
     */
    public static Unicorn open(Arch arch, int mode, int cpuModel) {
        Unicorn uc = open(arch, mode);
        try {
            uc.ctlSetCpuModel(cpuModel);
            return uc;
        } catch (RuntimeException e) {
            uc.close();
            throw e;
        }
    }

    /** The architecture given to {@link #open}. */
    public Arch arch() {
        return arch;
    }

    /** The mode bits given to {@link #open}. */
    public int mode() {
        return mode;
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return handle.equals(MemorySegment.NULL);
    }

    /**
     * Destroys the engine ({@code uc_close}) and drops its hook registrations. Idempotent.
     *
     * @throws UnicornException if {@code uc_close} fails
     */
    @Override
    public void close() {
        MemorySegment h = handle;
        if (h.equals(MemorySegment.NULL)) {
            return;
        }
        handle = MemorySegment.NULL;
        int err;
        try {
            err = (int) Fn.uc_close.invokeExact(h);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            // uc_close has released all hooks: no callback can arrive for them any more.
            for (Long id : hookIds) {
                HOOKS.remove(id);
            }
            hookIds.clear();
        }
        check(err, () -> "uc_close");
    }

    private MemorySegment h() {
        MemorySegment h = handle;
        if (h.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("Unicorn engine is closed");
        }
        return h;
    }

    /** The raw {@code uc_engine*} (for calls this class does not wrap). Valid until {@link #close()}. */
    public MemorySegment nativeHandle() {
        return h();
    }

    /** {@code uc_errno}: the last error recorded by the engine (see UC_ERR_*). */
    public int errno() {
        try {
            return (int) Fn.uc_errno.invokeExact(h());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code uc_query}.
     *
     * @param type {@link UcConst#UC_QUERY_MODE}, {@code _PAGE_SIZE}, {@code _ARCH} or {@code _TIMEOUT}
     * @return the {@code size_t} result
     */
    public long query(int type) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(JAVA_LONG);
            int err = (int) Fn.uc_query.invokeExact(h(), type, out);
            check(err, () -> "uc_query(" + type + ")");
            return out.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // =====================================================================================
    // uc_ctl
    // =====================================================================================

    /**
     * Selects the CPU model ({@code uc_ctl(UC_CTL_WRITE(UC_CTL_CPU_MODEL, 1), model)}).
     * Must be called right after {@link #open}, before any memory/register/emulation call (those
     * instantiate the CPU; afterwards this returns {@code UC_ERR_ARG}).
     *
     * @param model {@code UC_CPU_*} constant: {@link UcArm64Reg#UC_CPU_ARM64_A57}, {@code _A53},
     *              {@code _A72} (default), {@code _MAX}; {@code UcX86Reg.UC_CPU_X86_*}
     *              (default QEMU64); {@code UcPpcReg.UC_CPU_PPC32_*} (default 7457A v1.2);
     *              {@code UcArmReg.UC_CPU_ARM_*}
     * @throws UnicornException {@code UC_ERR_ARG} for an out-of-range model or a too-late call
     */
    public void ctlSetCpuModel(int model) {
        check(ctlRaw(ctlCode(UcConst.UC_CTL_CPU_MODEL, 1, UcConst.UC_CTL_IO_WRITE), model),
                () -> "uc_ctl(CPU_MODEL write, " + model + ")");
    }

    /** The CPU model in use ({@code UC_CTL_CPU_MODEL} read); instantiates the CPU if needed. */
    public int ctlGetCpuModel() {
        return ctlReadInt(UcConst.UC_CTL_CPU_MODEL, "CPU_MODEL");
    }

    /** The {@code uc_mode} of the engine ({@code UC_CTL_UC_MODE} read). */
    public int ctlGetMode() {
        return ctlReadInt(UcConst.UC_CTL_UC_MODE, "UC_MODE");
    }

    /** The {@code uc_arch} of the engine ({@code UC_CTL_UC_ARCH} read). */
    public int ctlGetArch() {
        return ctlReadInt(UcConst.UC_CTL_UC_ARCH, "UC_ARCH");
    }

    /** The target page size in bytes ({@code UC_CTL_UC_PAGE_SIZE} read, {@code uint32_t}). */
    public int ctlGetPageSize() {
        return ctlReadInt(UcConst.UC_CTL_UC_PAGE_SIZE, "PAGE_SIZE");
    }

    /** Sets the target page size in bytes (ARM only; before the CPU is instantiated). */
    public void ctlSetPageSize(int pageSize) {
        check(ctlRaw(ctlCode(UcConst.UC_CTL_UC_PAGE_SIZE, 1, UcConst.UC_CTL_IO_WRITE), pageSize),
                () -> "uc_ctl(PAGE_SIZE write, " + pageSize + ")");
    }

    /** The timeout of the current/last emulation in microseconds ({@code UC_CTL_UC_TIMEOUT} read). */
    public long ctlGetTimeout() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(JAVA_LONG);
            int err = (int) Fn.uc_ctl_p.invokeExact(h(), ctlCode(UcConst.UC_CTL_UC_TIMEOUT, 1, UcConst.UC_CTL_IO_READ), out);
            check(err, () -> "uc_ctl(TIMEOUT read)");
            return out.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Enables/disables the "exits" mechanism ({@code UC_CTL_UC_USE_EXITS}). When enabled the
     * {@code until} argument of {@code emuStart} is ignored and emulation stops at any address
     * given to {@link #ctlSetExits}.
     */
    public void ctlExitsEnable(boolean enable) {
        check(ctlRaw(ctlCode(UcConst.UC_CTL_UC_USE_EXITS, 1, UcConst.UC_CTL_IO_WRITE), enable ? 1 : 0),
                () -> "uc_ctl(USE_EXITS, " + enable + ")");
        translationsStale = true;
    }

    /** Sets the exit addresses ({@code UC_CTL_UC_EXITS} write); requires {@link #ctlExitsEnable}. */
    public void ctlSetExits(long... exits) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocateFrom(JAVA_LONG, exits);
            int err = (int) Fn.uc_ctl_pj.invokeExact(h(), ctlCode(UcConst.UC_CTL_UC_EXITS, 2, UcConst.UC_CTL_IO_WRITE), buf, (long) exits.length);
            check(err, () -> "uc_ctl(EXITS write, n=" + exits.length + ")");
            translationsStale = true;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Invalidates translated code for guest addresses [begin, end) ({@code UC_CTL_TB_REMOVE_CACHE}).
     * Use after patching code that has already been executed.
     */
    public void ctlRemoveCache(long begin, long end) {
        try {
            int err = (int) Fn.uc_ctl_jj.invokeExact(h(), ctlCode(UcConst.UC_CTL_TB_REMOVE_CACHE, 2, UcConst.UC_CTL_IO_WRITE), begin, end);
            check(err, () -> "uc_ctl(TB_REMOVE_CACHE, 0x" + Long.toHexString(begin) + ", 0x" + Long.toHexString(end) + ")");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Flushes all translated code ({@code UC_CTL_TB_FLUSH}, no variadic arguments). Slow in 2.0.1:
     * tens of milliseconds per call and seconds on the first call of a process; prefer
     * {@link #invalidateTranslations()}.
     */
    public void ctlFlushTb() {
        try {
            int err = (int) Fn.uc_ctl_0.invokeExact(h(), ctlCode(UcConst.UC_CTL_TB_FLUSH, 0, UcConst.UC_CTL_IO_WRITE));
            check(err, () -> "uc_ctl(TB_FLUSH)");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code uc_ctl(uc, control, intArg)}: the one-{@code int}-argument form (writes of CPU model,
     * page size, use-exits ...). Returns the {@code uc_err} code.
     *
     * @param control a control word from {@link #ctlCode}
     */
    public int ctlRaw(int control, int intArg) {
        try {
            return (int) Fn.uc_ctl_i.invokeExact(h(), control, intArg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code uc_ctl(uc, control, pointer)}: the one-pointer form (reads). Returns the {@code uc_err} code. */
    public int ctlRaw(int control, MemorySegment pointerArg) {
        try {
            return (int) Fn.uc_ctl_p.invokeExact(h(), control, pointerArg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private int ctlReadInt(int type, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(JAVA_LONG); // int / uint32_t, over-allocated and zeroed
            check(ctlRaw(ctlCode(type, 1, UcConst.UC_CTL_IO_READ), out), () -> "uc_ctl(" + what + " read)");
            return out.get(JAVA_INT, 0);
        }
    }

    // =====================================================================================
    // Memory
    // =====================================================================================

    /**
     * Maps guest memory ({@code uc_mem_map}); the memory is zero-filled.
     *
     * @param address start, 4 KiB aligned (else {@code UC_ERR_ARG})
     * @param size    bytes, a non-zero multiple of 4 KiB (else {@code UC_ERR_ARG})
     * @param perms   {@code UC_PROT_READ | UC_PROT_WRITE | UC_PROT_EXEC} bits
     * @throws UnicornException {@code UC_ERR_MAP} if it overlaps an existing mapping, {@code UC_ERR_ARG}
     */
    public void memMap(long address, long size, int perms) {
        check(memMapRaw(address, size, perms), () -> "uc_mem_map(" + hex(address) + ", " + hex(size) + ", " + perms + ")");
    }

    /** {@link #memMap} returning the {@code uc_err} code instead of throwing. */
    public int memMapRaw(long address, long size, int perms) {
        try {
            return (int) Fn.uc_mem_map.invokeExact(h(), address, size, perms);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Maps caller-owned host memory as guest memory ({@code uc_mem_map_ptr}); guest accesses then go
     * straight to {@code memory}, which must stay alive (its arena open) until it is unmapped or
     * the engine is closed.
     *
     * @param memory a native segment of at least {@code size} bytes
     */
    public void memMapPtr(long address, long size, int perms, MemorySegment memory) {
        if (!memory.isNative() || memory.byteSize() < size) {
            throw new IllegalArgumentException("memory must be a native segment of at least " + size + " bytes");
        }
        try {
            int err = (int) Fn.uc_mem_map_ptr.invokeExact(h(), address, size, perms, memory);
            check(err, () -> "uc_mem_map_ptr(" + hex(address) + ", " + hex(size) + ", " + perms + ")");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Unmaps [address, address+size) ({@code uc_mem_unmap}); 4 KiB aligned, may split regions. */
    public void memUnmap(long address, long size) {
        try {
            int err = (int) Fn.uc_mem_unmap.invokeExact(h(), address, size);
            check(err, () -> "uc_mem_unmap(" + hex(address) + ", " + hex(size) + ")");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Changes permissions of [address, address+size) ({@code uc_mem_protect}); 4 KiB aligned. */
    public void memProtect(long address, long size, int perms) {
        try {
            int err = (int) Fn.uc_mem_protect.invokeExact(h(), address, size, perms);
            check(err, () -> "uc_mem_protect(" + hex(address) + ", " + hex(size) + ", " + perms + ")");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Writes bytes to guest memory ({@code uc_mem_write}), ignoring page permissions.
     *
     * @throws UnicornException {@code UC_ERR_WRITE_UNMAPPED} if any byte is unmapped
     */
    public void memWrite(long address, byte[] data) {
        memWrite(address, data, 0, data.length);
    }

    /** Writes {@code data[offset, offset+length)} to guest memory at {@code address}. */
    public void memWrite(long address, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        check(memWriteRaw(address, data, offset, length), () -> "uc_mem_write(" + hex(address) + ", " + length + " bytes)");
    }

    /** {@link #memWrite(long, byte[], int, int)} returning the {@code uc_err} code. */
    public int memWriteRaw(long address, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, length));
            MemorySegment.copy(data, offset, buf, JAVA_BYTE, 0, length);
            return (int) Fn.uc_mem_write.invokeExact(h(), address, buf, (long) length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Reads {@code size} bytes of guest memory ({@code uc_mem_read}), ignoring page permissions.
     *
     * @throws UnicornException {@code UC_ERR_READ_UNMAPPED} if any byte is unmapped
     */
    public byte[] memRead(long address, int size) {
        byte[] out = new byte[size];
        check(memReadRaw(address, out), () -> "uc_mem_read(" + hex(address) + ", " + size + " bytes)");
        return out;
    }

    /** Reads {@code dst.length} bytes at {@code address} into {@code dst}; returns the {@code uc_err} code. */
    public int memReadRaw(long address, byte[] dst) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, dst.length));
            int err = (int) Fn.uc_mem_read.invokeExact(h(), address, buf, (long) dst.length);
            if (err == UcConst.UC_ERR_OK) {
                MemorySegment.copy(buf, JAVA_BYTE, 0, dst, 0, dst.length);
            }
            return err;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** All mapped regions ({@code uc_mem_regions}), sorted by address. */
    public List<MemRegion> memRegions() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment pRegions = a.allocate(ADDRESS);
            MemorySegment pCount = a.allocate(JAVA_INT);
            int err = (int) Fn.uc_mem_regions.invokeExact(h(), pRegions, pCount);
            check(err, () -> "uc_mem_regions");
            int n = pCount.get(JAVA_INT, 0);
            MemorySegment arr = pRegions.get(ADDRESS, 0);
            List<MemRegion> out = new ArrayList<>(n);
            if (!arr.equals(MemorySegment.NULL)) {
                MemorySegment regions = arr.reinterpret(UC_MEM_REGION.byteSize() * n);
                for (int i = 0; i < n; i++) {
                    long base = i * UC_MEM_REGION.byteSize();
                    out.add(new MemRegion(regions.get(JAVA_LONG, base), regions.get(JAVA_LONG, base + 8),
                            regions.get(JAVA_INT, base + 16)));
                }
                int ignored = (int) Fn.uc_free.invokeExact(arr);
            }
            return out;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // =====================================================================================
    // Registers
    // =====================================================================================

    /**
     * Reads a register of up to 64 bits ({@code uc_reg_read}). The library writes the register's
     * natural width (e.g. 4 bytes for {@code EAX}, PPC32 GPRs and AArch64 {@code NZCV}; 8 bytes for
     * {@code X0}); the result is that value zero-extended to 64 bits.
     *
     * @param regId a {@code UC_*_REG_*} constant
     */
    public long regRead(int regId) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(REG_BUF);
            int err = (int) Fn.uc_reg_read.invokeExact(h(), regId, buf);
            check(err, () -> "uc_reg_read(" + regId + ")");
            return buf.get(JAVA_LONG, 0); // host (x86-64/aarch64 Linux) is little-endian
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Writes a register of up to 64 bits ({@code uc_reg_write}). {@code value} is passed as a
     * little-endian 64-bit buffer; narrower registers take its low bytes. Writing the PC
     * ({@code UC_ARM64_REG_PC}, {@code UC_X86_REG_EIP/RIP}, ...) also requests an emulation stop
     * when called from a hook (Unicorn's way to redirect control flow).
     */
    public void regWrite(int regId, long value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(REG_BUF);
            buf.set(JAVA_LONG, 0, value);
            int err = (int) Fn.uc_reg_write.invokeExact(h(), regId, buf);
            check(err, () -> "uc_reg_write(" + regId + ", 0x" + Long.toHexString(value) + ")");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Reads a register into a byte array, in the host (little-endian) layout Unicorn uses: byte 0
     * is the least significant byte. Use for wide registers: 16 bytes for AArch64
     * {@code Q0..Q31}/{@code V0..V31} and x86 {@code XMM*}, 32 for {@code YMM*}, 10 for x87 (see
     * {@link #regReadX87}).
     *
     * @param length number of bytes to return, 1..64
     */
    public byte[] regReadBytes(int regId, int length) {
        if (length < 1 || length > REG_BUF) {
            throw new IllegalArgumentException("length must be 1.." + REG_BUF + ": " + length);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(REG_BUF);
            int err = (int) Fn.uc_reg_read.invokeExact(h(), regId, buf);
            check(err, () -> "uc_reg_read(" + regId + ")");
            return buf.asSlice(0, length).toArray(JAVA_BYTE);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Writes a register from a byte array (little-endian, byte 0 least significant), zero-padded to
     * 64 bytes. See {@link #regReadBytes} for widths.
     *
     * @param value 1..64 bytes
     */
    public void regWriteBytes(int regId, byte[] value) {
        if (value.length < 1 || value.length > REG_BUF) {
            throw new IllegalArgumentException("value must be 1.." + REG_BUF + " bytes: " + value.length);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(REG_BUF);
            MemorySegment.copy(value, 0, buf, JAVA_BYTE, 0, value.length);
            int err = (int) Fn.uc_reg_write.invokeExact(h(), regId, buf);
            check(err, () -> "uc_reg_write(" + regId + ", " + value.length + " bytes)");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Reads a 128-bit vector register (AArch64 {@code Q0..Q31}/{@code V0..V31}, x86
     * {@code XMM0..XMM7} (XMM8..15 in 64-bit mode), ARM {@code Q0..Q15}) as 16 little-endian bytes
     * (byte 0 = bits 7..0 of lane 0).
     */
    public byte[] regRead128(int regId) {
        return regReadBytes(regId, 16);
    }

    /** Writes a 128-bit vector register from 16 little-endian bytes; see {@link #regRead128}. */
    public void regWrite128(int regId, byte[] value16) {
        if (value16.length != 16) {
            throw new IllegalArgumentException("need 16 bytes, got " + value16.length);
        }
        regWriteBytes(regId, value16);
    }

    /**
     * Reads an x87 register as the 10-byte x87 extended format (the same layout as {@code fstp
     * tbyte}): bytes 0..7 the 64-bit significand (explicit integer bit 63), bytes 8..9 sign (bit 15)
     * and 15-bit biased exponent, little-endian. Unicorn 2.0.1 has no {@code uc_x86_float80} type;
     * both id families produce this layout:
     * {@code UC_X86_REG_FP0..FP7} are the <em>physical</em> registers R0..R7, while
     * {@code UC_X86_REG_ST0..ST7} are stack-relative (ST(i) = R[(TOP+i) mod 8]).
     */
    public byte[] regReadX87(int regId) {
        return regReadBytes(regId, 10);
    }

    /** Writes an x87 register from 10 bytes in the layout of {@link #regReadX87}. */
    public void regWriteX87(int regId, byte[] value10) {
        if (value10.length != 10) {
            throw new IllegalArgumentException("need 10 bytes, got " + value10.length);
        }
        regWriteBytes(regId, value10);
    }

    /**
     * Reads several registers of up to 64 bits in one native call ({@code uc_reg_read_batch}).
     * Each value is zero-extended as in {@link #regRead}.
     */
    public long[] regReadBatch(int... regIds) {
        int n = regIds.length;
        if (n == 0) {
            return new long[0];
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ids = a.allocateFrom(JAVA_INT, regIds);
            MemorySegment vals = a.allocate((long) REG_BUF * n, 8);
            MemorySegment ptrs = a.allocate(ADDRESS, n);
            for (int i = 0; i < n; i++) {
                ptrs.setAtIndex(ADDRESS, i, vals.asSlice((long) REG_BUF * i, REG_BUF));
            }
            int err = (int) Fn.uc_reg_read_batch.invokeExact(h(), ids, ptrs, n);
            check(err, () -> "uc_reg_read_batch(" + n + " regs)");
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = vals.get(JAVA_LONG, (long) REG_BUF * i);
            }
            return out;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Writes several registers of up to 64 bits in one native call ({@code uc_reg_write_batch}). */
    public void regWriteBatch(int[] regIds, long[] values) {
        int n = regIds.length;
        if (values.length != n) {
            throw new IllegalArgumentException("regIds and values differ in length");
        }
        if (n == 0) {
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ids = a.allocateFrom(JAVA_INT, regIds);
            MemorySegment vals = a.allocate((long) REG_BUF * n, 8);
            MemorySegment ptrs = a.allocate(ADDRESS, n);
            for (int i = 0; i < n; i++) {
                vals.set(JAVA_LONG, (long) REG_BUF * i, values[i]);
                ptrs.setAtIndex(ADDRESS, i, vals.asSlice((long) REG_BUF * i, REG_BUF));
            }
            int err = (int) Fn.uc_reg_write_batch.invokeExact(h(), ids, ptrs, n);
            check(err, () -> "uc_reg_write_batch(" + n + " regs)");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Reads an x86 descriptor-table / segment register ({@code UC_X86_REG_GDTR}, {@code _IDTR},
     * {@code _LDTR}, {@code _TR}) as {@code uc_x86_mmr}.
     */
    public X86Mmr regReadX86Mmr(int regId) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(UC_X86_MMR);
            int err = (int) Fn.uc_reg_read.invokeExact(h(), regId, buf);
            check(err, () -> "uc_reg_read(" + regId + ", uc_x86_mmr)");
            return new X86Mmr(Short.toUnsignedInt(buf.get(JAVA_SHORT, 0)), buf.get(JAVA_LONG, 8),
                    buf.get(JAVA_INT, 16), buf.get(JAVA_INT, 20));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Writes an x86 {@code GDTR/IDTR/LDTR/TR} register from a {@code uc_x86_mmr}. */
    public void regWriteX86Mmr(int regId, X86Mmr value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(UC_X86_MMR);
            buf.set(JAVA_SHORT, 0, (short) value.selector());
            buf.set(JAVA_LONG, 8, value.base());
            buf.set(JAVA_INT, 16, value.limit());
            buf.set(JAVA_INT, 20, value.flags());
            int err = (int) Fn.uc_reg_write.invokeExact(h(), regId, buf);
            check(err, () -> "uc_reg_write(" + regId + ", " + value + ")");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Reads an x86 model-specific register via {@code UC_X86_REG_MSR} / {@code uc_x86_msr}.
     *
     * @param msr the MSR index (ECX value of {@code rdmsr}), e.g. 0xC0000080 for EFER
     */
    public long regReadX86Msr(int msr) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(UC_X86_MSR);
            buf.set(JAVA_INT, 0, msr);
            int err = (int) Fn.uc_reg_read.invokeExact(h(), UcX86Reg.UC_X86_REG_MSR, buf);
            check(err, () -> "uc_reg_read(MSR 0x" + Integer.toHexString(msr) + ")");
            return buf.get(JAVA_LONG, 8);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Writes an x86 model-specific register via {@code UC_X86_REG_MSR} / {@code uc_x86_msr}. */
    public void regWriteX86Msr(int msr, long value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(UC_X86_MSR);
            buf.set(JAVA_INT, 0, msr);
            buf.set(JAVA_LONG, 8, value);
            int err = (int) Fn.uc_reg_write.invokeExact(h(), UcX86Reg.UC_X86_REG_MSR, buf);
            check(err, () -> "uc_reg_write(MSR 0x" + Integer.toHexString(msr) + ")");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Reads an AArch64 system register by encoding ({@code UC_ARM64_REG_CP_REG} /
     * {@code uc_arm64_cp_reg}), i.e. {@code S<op0>_<op1>_C<crn>_C<crm>_<op2>} as in {@code mrs}.
     * Example: MIDR_EL1 is (3, 0, 0, 0, 0); TPIDR_EL0 is (3, 3, 13, 0, 2).
     *
     * @throws UnicornException {@code UC_ERR_ARG} if the CPU model has no such register
     */
    public long regReadArm64Sys(int op0, int op1, int crn, int crm, int op2) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = cpReg(a, op0, op1, crn, crm, op2);
            int err = (int) Fn.uc_reg_read.invokeExact(h(), UcArm64Reg.UC_ARM64_REG_CP_REG, buf);
            check(err, () -> "uc_reg_read(CP_REG S" + op0 + "_" + op1 + "_C" + crn + "_C" + crm + "_" + op2 + ")");
            return buf.get(JAVA_LONG, 24);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Writes an AArch64 system register by encoding; see {@link #regReadArm64Sys}. */
    public void regWriteArm64Sys(int op0, int op1, int crn, int crm, int op2, long value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = cpReg(a, op0, op1, crn, crm, op2);
            buf.set(JAVA_LONG, 24, value);
            int err = (int) Fn.uc_reg_write.invokeExact(h(), UcArm64Reg.UC_ARM64_REG_CP_REG, buf);
            check(err, () -> "uc_reg_write(CP_REG S" + op0 + "_" + op1 + "_C" + crn + "_C" + crm + "_" + op2 + ")");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static MemorySegment cpReg(Arena a, int op0, int op1, int crn, int crm, int op2) {
        MemorySegment buf = a.allocate(UC_ARM64_CP_REG);
        buf.set(JAVA_INT, 0, crn);
        buf.set(JAVA_INT, 4, crm);
        buf.set(JAVA_INT, 8, op0);
        buf.set(JAVA_INT, 12, op1);
        buf.set(JAVA_INT, 16, op2);
        return buf;
    }

    // =====================================================================================
    // Emulation
    // =====================================================================================

    /**
     * When {@link #emuStartRaw} discards Unicorn's cached translations (translation blocks, TBs)
     * before a run. Needed because Unicorn 2.0.1 reuses TBs across {@code uc_emu_start} calls
     * although it makes several decisions only while translating:
     * <ul>
     *   <li>the {@code until} stop address: a cached TB that spans a new {@code until} runs straight
     *       past it (possibly into an endless loop);</li>
     *   <li>hooks: a {@code UC_HOOK_CODE}/{@code BLOCK}/{@code MEM_*} hook added after code was
     *       translated is not called from the cached TBs; this includes Unicorn's internal
     *       instruction-count hook, so a run with {@code count > 0} after runs with
     *       {@code count == 0} may ignore the count and never return.</li>
     * </ul>
     */
    public enum TbInvalidation {
        /**
         * (Default) Invalidate all mapped regions before a run if {@code until} differs from the
         * previous run, if {@code count} becomes non-zero after a run with {@code count == 0}, or if
         * hooks or exits were added/changed since the previous run. In addition, once a run with
         * {@code count > 0} has happened, a later {@code count == 0} is passed to Unicorn as
         * {@code SIZE_MAX} (equally unlimited): with a literal 0 Unicorn 2.0.1 removes its count
         * hook and flushes the entire TB cache, which costs tens of milliseconds per run.
         */
        AUTO,
        /** Invalidate all mapped regions before every run. */
        ALWAYS,
        /** Never; the caller manages the cache ({@link #invalidateTranslations}, {@link #ctlFlushTb}). */
        NEVER
    }

    /** Sets the translation-cache policy of {@link #emuStartRaw}; see {@link TbInvalidation}. */
    public void setTbInvalidation(TbInvalidation policy) {
        this.tbInvalidation = Objects.requireNonNull(policy);
    }

    /** The translation-cache policy; see {@link TbInvalidation}. */
    public TbInvalidation tbInvalidation() {
        return tbInvalidation;
    }

    /**
     * Discards cached translations of every mapped region ({@code UC_CTL_TB_REMOVE_CACHE} per
     * region). Cost grows with mapped size (about 0.5 ms per 64 MiB, 11 ms per GiB with 2.0.1);
     * much cheaper than {@link #ctlFlushTb} (tens of ms, seconds on first use). Assumes guest
     * virtual = physical addresses (no guest MMU); with the guest MMU on, use {@link #ctlFlushTb}.
     */
    public void invalidateTranslations() {
        for (MemRegion r : memRegions()) {
            // end is inclusive; REMOVE_CACHE wants an exclusive end > begin
            long endExclusive = r.end() + 1;
            ctlRemoveCache(r.begin(), endExclusive == 0 ? r.end() : endExclusive);
        }
    }

    /**
     * Emulates ({@code uc_emu_start}) and throws on any error.
     *
     * @param begin         address of the first instruction (x86 16-bit mode: linear CS*16+IP; on
     *                      ARM set bit 0 to start in Thumb state)
     * @param until         stop <em>before</em> executing the instruction at this address (0 or any
     *                      never-reached address for "no stop address")
     * @param timeoutMicros wall-clock limit in <b>microseconds</b>, 0 = none (may be lost in 2.0.1: see
     *                      the class doc)
     * @param count         maximum number of instructions to execute, 0 = unlimited
     * @throws UnicornException on {@code UC_ERR_READ_UNMAPPED}, {@code UC_ERR_INSN_INVALID},
     *                          {@code UC_ERR_EXCEPTION} etc.
     */
    public void emuStart(long begin, long until, long timeoutMicros, long count) {
        int err = emuStartRaw(begin, until, timeoutMicros, count);
        check(err, () -> "uc_emu_start(" + hex(begin) + ", " + hex(until) + ", " + timeoutMicros + "us, " + count + ")");
    }

    /**
     * Emulates ({@code uc_emu_start}) and returns the {@code uc_err} code instead of throwing; a
     * guest fault is an ordinary result here ({@code UC_ERR_READ_UNMAPPED},
     * {@code UC_ERR_WRITE_UNMAPPED}, {@code UC_ERR_FETCH_UNMAPPED}, {@code UC_ERR_*_PROT},
     * {@code UC_ERR_INSN_INVALID}, {@code UC_ERR_EXCEPTION} for an unhandled CPU exception such as
     * {@code svc}/{@code int} without an interrupt hook ...). Parameters as in {@link #emuStart}.
     * After a memory fault or an undefined instruction the PC points at the faulting instruction;
     * after an unhooked {@code svc}/{@code int}/{@code sc} it points past it.
     *
     * <p>Only an exception thrown by one of this engine's hooks is rethrown (see class doc).
     */
    public int emuStartRaw(long begin, long until, long timeoutMicros, long count) {
        MemorySegment h = h();
        hookFailure = null;
        int err;
        try {
            long effectiveCount = count;
            if (tbInvalidation == TbInvalidation.AUTO && count == 0 && lastCounted) {
                // Keep Unicorn's count hook installed: count == 0 would make uc_emu_start delete it
                // and flush the whole TB cache (tens of ms, seconds the first time). SIZE_MAX
                // instructions is "unlimited" just the same.
                effectiveCount = -1L;
            }
            boolean counted = effectiveCount != 0;
            boolean invalidate = switch (tbInvalidation) {
                case ALWAYS -> true;
                case NEVER -> false;
                case AUTO -> translationsStale || until != lastUntil || (counted && !lastCounted);
            };
            if (invalidate) {
                invalidateTranslations();
            }
            translationsStale = false;
            lastUntil = until;
            lastCounted = counted;
            err = (int) Fn.uc_emu_start.invokeExact(h, begin, until, timeoutMicros, effectiveCount);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        Throwable failure = hookFailure;
        if (failure != null) {
            hookFailure = null;
            throw rethrow(failure);
        }
        return err;
    }

    /**
     * Requests the running emulation to stop ({@code uc_emu_stop}); callable from a hook or from
     * another thread. Harmless when no emulation is running.
     */
    public void emuStop() {
        try {
            int err = (int) Fn.uc_emu_stop.invokeExact(h());
            check(err, () -> "uc_emu_stop");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private void hookFailed(Throwable t) {
        if (hookFailure == null) {
            hookFailure = t;
        } else if (hookFailure != t) {
            hookFailure.addSuppressed(t);
        }
        try {
            int ignored = (int) Fn.uc_emu_stop.invokeExact(handle);
        } catch (Throwable ignored) {
            // nothing sensible to do inside an upcall
        }
    }

    // =====================================================================================
    // Hooks
    // =====================================================================================

    /**
     * Hooks interrupts / CPU exceptions ({@code UC_HOOK_INTR}). With such a hook installed, an
     * exception (x86 {@code int n}, AArch64 {@code svc}/{@code brk}/undefined instruction, PPC
     * {@code sc} ...) calls the hook instead of failing the run with {@code UC_ERR_EXCEPTION}, and
     * emulation resumes at the PC the hook leaves behind: past the instruction for x86
     * {@code int n}/{@code int3}, AArch64 {@code svc} and PPC {@code sc}, but <em>at</em> the
     * instruction for AArch64 {@code brk}/undefined instructions, which then loop forever unless
     * the hook writes the PC or calls {@link #emuStop()}.
     * x86 invalid opcodes (#UD) are not reported here but end the run with
     * {@code UC_ERR_INSN_INVALID}.
     *
     * @return hook handle for {@link #hookDel}
     */
    public long hookInterrupt(InterruptHook hook) {
        return hookAdd(UcConst.UC_HOOK_INTR, Upcalls.INTR, hook, 1, 0, null);
    }

    /**
     * Hooks every instruction in [begin, end] ({@code UC_HOOK_CODE}); called before the
     * instruction executes. {@code begin > end} means all addresses.
     */
    public long hookCode(long begin, long end, CodeHook hook) {
        return hookAdd(UcConst.UC_HOOK_CODE, Upcalls.CODE, hook, begin, end, null);
    }

    /** Hooks every instruction at any address ({@code UC_HOOK_CODE}). */
    public long hookCode(CodeHook hook) {
        return hookCode(1, 0, hook);
    }

    /** Hooks the start of every basic block in [begin, end] ({@code UC_HOOK_BLOCK}); begin &gt; end = all. */
    public long hookBlock(long begin, long end, CodeHook hook) {
        return hookAdd(UcConst.UC_HOOK_BLOCK, Upcalls.CODE, hook, begin, end, null);
    }

    /**
     * Hooks successful memory accesses whose data address is in [begin, end] (begin &gt; end = all).
     *
     * @param types a combination of {@link UcConst#UC_HOOK_MEM_READ}, {@code _WRITE}, {@code _FETCH},
     *              {@code _READ_AFTER} (use {@link #hookMemInvalid} for unmapped/protection events)
     */
    public long hookMem(int types, long begin, long end, MemHook hook) {
        if ((types & ~(UcConst.UC_HOOK_MEM_VALID | UcConst.UC_HOOK_MEM_READ_AFTER)) != 0) {
            throw new IllegalArgumentException("hookMem accepts only UC_HOOK_MEM_READ/WRITE/FETCH/READ_AFTER bits: 0x" + Integer.toHexString(types));
        }
        return hookAdd(types, Upcalls.MEM, hook, begin, end, null);
    }

    /**
     * Hooks invalid memory accesses (unmapped or protection violations) whose address is in
     * [begin, end] (begin &gt; end = all).
     *
     * @param types a combination of {@code UcConst.UC_HOOK_MEM_*_UNMAPPED} and
     *              {@code UC_HOOK_MEM_*_PROT} bits, e.g. {@link UcConst#UC_HOOK_MEM_INVALID}
     */
    public long hookMemInvalid(int types, long begin, long end, InvalidMemHook hook) {
        if ((types & ~UcConst.UC_HOOK_MEM_INVALID) != 0 || types == 0) {
            throw new IllegalArgumentException("hookMemInvalid accepts only UC_HOOK_MEM_*_UNMAPPED/_PROT bits: 0x" + Integer.toHexString(types));
        }
        return hookAdd(types, Upcalls.MEM_INVALID, hook, begin, end, null);
    }

    /**
     * Hooks x86 {@code syscall} or {@code sysenter} ({@code UC_HOOK_INSN} with the instruction id
     * passed as the variadic argument of {@code uc_hook_add}).
     *
     * @param insn {@link UcX86Reg#UC_X86_INS_SYSCALL} or {@link UcX86Reg#UC_X86_INS_SYSENTER}
     */
    public long hookX86Syscall(int insn, SyscallHook hook) {
        if (insn != UcX86Reg.UC_X86_INS_SYSCALL && insn != UcX86Reg.UC_X86_INS_SYSENTER) {
            throw new IllegalArgumentException("insn must be UC_X86_INS_SYSCALL or UC_X86_INS_SYSENTER: " + insn);
        }
        return hookAdd(UcConst.UC_HOOK_INSN, Upcalls.SYSCALL, hook, 1, 0, insn);
    }

    /** Hooks invalid instructions ({@code UC_HOOK_INSN_INVALID}). */
    public long hookInsnInvalid(InvalidInsnHook hook) {
        return hookAdd(UcConst.UC_HOOK_INSN_INVALID, Upcalls.INSN_INVALID, hook, 1, 0, null);
    }

    /**
     * Records every data access (reads, writes, and the unmapped/protection-faulting access that
     * stops emulation) into {@code sink}, in execution order. Instruction fetches are not recorded.
     * Invalid accesses are reported and then stop emulation as without the hook.
     *
     * @return the two hook handles (valid-access hook, invalid-access hook)
     */
    public long[] traceMemory(List<? super MemAccess> sink) {
        long h1 = hookMem(UcConst.UC_HOOK_MEM_READ | UcConst.UC_HOOK_MEM_WRITE, 1, 0,
                (uc, type, address, size, value) -> sink.add(new MemAccess(type, address, size, value)));
        long h2 = hookMemInvalid(UcConst.UC_HOOK_MEM_READ_INVALID | UcConst.UC_HOOK_MEM_WRITE_INVALID, 1, 0,
                (uc, type, address, size, value) -> {
                    sink.add(new MemAccess(type, address, size, value));
                    return false;
                });
        return new long[] {h1, h2};
    }

    /** Removes a hook ({@code uc_hook_del}). */
    public void hookDel(long hookHandle) {
        Long id = null;
        for (Long candidate : hookIds) {
            HookReg r = HOOKS.get(candidate);
            if (r != null && r.ucHook == hookHandle) {
                id = candidate;
                break;
            }
        }
        try {
            int err = (int) Fn.uc_hook_del.invokeExact(h(), hookHandle);
            check(err, () -> "uc_hook_del(" + hookHandle + ")");
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (id != null) {
            hookIds.remove(id);
            HOOKS.remove(id);
        }
    }

    private long hookAdd(int type, MemorySegment stub, Object callback, long begin, long end, Integer insn) {
        Objects.requireNonNull(callback, "hook");
        MemorySegment h = h();
        long id = NEXT_HOOK_ID.getAndIncrement();
        // Register before uc_hook_add: the placeholder owner/callback is valid immediately.
        HOOKS.put(id, new HookReg(this, callback, 0));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(JAVA_LONG);
            MemorySegment userData = MemorySegment.ofAddress(id);
            int err = insn == null
                    ? (int) Fn.uc_hook_add.invokeExact(h, out, type, stub, userData, begin, end)
                    : (int) Fn.uc_hook_add_i.invokeExact(h, out, type, stub, userData, begin, end, insn.intValue());
            if (err != UcConst.UC_ERR_OK) {
                HOOKS.remove(id);
                check(err, () -> "uc_hook_add(type=0x" + Integer.toHexString(type) + ")");
            }
            long ucHook = out.get(JAVA_LONG, 0);
            HOOKS.put(id, new HookReg(this, callback, ucHook));
            hookIds.add(id);
            translationsStale = true;
            return ucHook;
        } catch (Throwable t) {
            HOOKS.remove(id);
            throw rethrow(t);
        }
    }

    // =====================================================================================
    // CPU context snapshots
    // =====================================================================================

    /**
     * A saved CPU register context ({@code uc_context}); memory is <em>not</em> included.
     * Close it to free the native buffer ({@code uc_context_free}).
     */
    public static final class Context implements AutoCloseable {
        private MemorySegment ptr;

        private Context(MemorySegment ptr) {
            this.ptr = ptr;
        }

        private MemorySegment ptr() {
            if (ptr.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("context is closed");
            }
            return ptr;
        }

        @Override
        public void close() {
            if (!ptr.equals(MemorySegment.NULL)) {
                MemorySegment p = ptr;
                ptr = MemorySegment.NULL;
                try {
                    int ignored = (int) Fn.uc_context_free.invokeExact(p);
                } catch (Throwable t) {
                    throw rethrow(t);
                }
            }
        }
    }

    /** Allocates a context and saves the current CPU registers into it. */
    public Context contextSave() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            int err = (int) Fn.uc_context_alloc.invokeExact(h(), out);
            check(err, () -> "uc_context_alloc");
            Context c = new Context(out.get(ADDRESS, 0));
            try {
                contextSave(c);
            } catch (RuntimeException e) {
                c.close();
                throw e;
            }
            return c;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Saves the current CPU registers into an existing context ({@code uc_context_save}). */
    public void contextSave(Context context) {
        try {
            int err = (int) Fn.uc_context_save.invokeExact(h(), context.ptr());
            check(err, () -> "uc_context_save");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Restores the CPU registers from a context ({@code uc_context_restore}). */
    public void contextRestore(Context context) {
        try {
            int err = (int) Fn.uc_context_restore.invokeExact(h(), context.ptr());
            check(err, () -> "uc_context_restore");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // =====================================================================================
    // Helpers
    // =====================================================================================

    private static void check(int err, java.util.function.Supplier<String> what) {
        if (err != UcConst.UC_ERR_OK) {
            throw new UnicornException(err, what.get(), strerror(err));
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new UndeclaredThrowableException(t);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    @Override
    public String toString() {
        return "Unicorn[" + arch + ", mode=0x" + Integer.toHexString(mode) + (isClosed() ? ", closed]" : "]");
    }
}
