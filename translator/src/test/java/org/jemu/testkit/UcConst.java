package org.jemu.testkit;

/**
 * Core Unicorn constants (unicorn.h): architectures, modes, errors, hook types, memory access types, protections, queries, uc_ctl control types.
 *
 * <p>GENERATED from the C headers of Debian {@code libunicorn-dev 2.0.1.post1-1+b1} (/usr/include/unicorn);
 * every value was printed by a C program compiled against those headers. Names are the C names,
 * unchanged, so they can be grepped against the Unicorn headers and documentation. Do not edit by hand.
 */
@SuppressWarnings("unused")
public final class UcConst {
    private UcConst() {}

    // ---- enum uc_arch
    /** ARM architecture (including Thumb, Thumb-2) */
    public static final int UC_ARCH_ARM = 1;
    /** ARM-64, also called AArch64 */
    public static final int UC_ARCH_ARM64 = 2;
    /** Mips architecture */
    public static final int UC_ARCH_MIPS = 3;
    /** X86 architecture (including x86 &amp; x86-64) */
    public static final int UC_ARCH_X86 = 4;
    /** PowerPC architecture */
    public static final int UC_ARCH_PPC = 5;
    /** Sparc architecture */
    public static final int UC_ARCH_SPARC = 6;
    /** M68K architecture */
    public static final int UC_ARCH_M68K = 7;
    /** RISCV architecture */
    public static final int UC_ARCH_RISCV = 8;
    /** S390X architecture */
    public static final int UC_ARCH_S390X = 9;
    /** TriCore architecture */
    public static final int UC_ARCH_TRICORE = 10;
    public static final int UC_ARCH_MAX = 11;

    // ---- enum uc_mode
    /** little-endian mode (default mode) */
    public static final int UC_MODE_LITTLE_ENDIAN = 0;
    /** big-endian mode */
    public static final int UC_MODE_BIG_ENDIAN = 1073741824;
    /** ARM mode */
    public static final int UC_MODE_ARM = 0;
    /** THUMB mode (including Thumb-2) */
    public static final int UC_MODE_THUMB = 16;
    /** ARM's Cortex-M series. */
    public static final int UC_MODE_MCLASS = 32;
    /** ARMv8 A32 encodings for ARM */
    public static final int UC_MODE_V8 = 64;
    /** Big-endian data and Little-endian code. */
    public static final int UC_MODE_ARMBE8 = 1024;
    /** ARM926 CPU type */
    public static final int UC_MODE_ARM926 = 128;
    /** ARM946 CPU type */
    public static final int UC_MODE_ARM946 = 256;
    /** ARM1176 CPU type */
    public static final int UC_MODE_ARM1176 = 512;
    /** MicroMips mode (currently unsupported) */
    public static final int UC_MODE_MICRO = 16;
    /** Mips III ISA (currently unsupported) */
    public static final int UC_MODE_MIPS3 = 32;
    /** Mips32r6 ISA (currently unsupported) */
    public static final int UC_MODE_MIPS32R6 = 64;
    /** Mips32 ISA */
    public static final int UC_MODE_MIPS32 = 4;
    /** Mips64 ISA */
    public static final int UC_MODE_MIPS64 = 8;
    /** 16-bit mode */
    public static final int UC_MODE_16 = 2;
    /** 32-bit mode */
    public static final int UC_MODE_32 = 4;
    /** 64-bit mode */
    public static final int UC_MODE_64 = 8;
    /** 32-bit mode */
    public static final int UC_MODE_PPC32 = 4;
    /** 64-bit mode (currently unsupported) */
    public static final int UC_MODE_PPC64 = 8;
    public static final int UC_MODE_QPX = 16;
    /** 32-bit mode */
    public static final int UC_MODE_SPARC32 = 4;
    /** 64-bit mode */
    public static final int UC_MODE_SPARC64 = 8;
    /** SparcV9 mode (currently unsupported) */
    public static final int UC_MODE_V9 = 16;
    /** 32-bit mode */
    public static final int UC_MODE_RISCV32 = 4;
    /** 64-bit mode */
    public static final int UC_MODE_RISCV64 = 8;

    // ---- enum uc_err
    /** No error: everything was fine */
    public static final int UC_ERR_OK = 0;
    /** Out-Of-Memory error: uc_open(), uc_emulate() */
    public static final int UC_ERR_NOMEM = 1;
    /** Unsupported architecture: uc_open() */
    public static final int UC_ERR_ARCH = 2;
    /** Invalid handle */
    public static final int UC_ERR_HANDLE = 3;
    /** Invalid/unsupported mode: uc_open() */
    public static final int UC_ERR_MODE = 4;
    /** Unsupported version (bindings) */
    public static final int UC_ERR_VERSION = 5;
    /** Quit emulation due to READ on unmapped memory: */
    public static final int UC_ERR_READ_UNMAPPED = 6;
    /** Quit emulation due to WRITE on unmapped memory: */
    public static final int UC_ERR_WRITE_UNMAPPED = 7;
    /** Quit emulation due to FETCH on unmapped memory: */
    public static final int UC_ERR_FETCH_UNMAPPED = 8;
    /** Invalid hook type: uc_hook_add() */
    public static final int UC_ERR_HOOK = 9;
    /** Quit emulation due to invalid instruction: */
    public static final int UC_ERR_INSN_INVALID = 10;
    /** Invalid memory mapping: uc_mem_map() */
    public static final int UC_ERR_MAP = 11;
    /** Quit emulation due to UC_MEM_WRITE_PROT violation: */
    public static final int UC_ERR_WRITE_PROT = 12;
    /** Quit emulation due to UC_MEM_READ_PROT violation: */
    public static final int UC_ERR_READ_PROT = 13;
    /** Quit emulation due to UC_MEM_FETCH_PROT violation: */
    public static final int UC_ERR_FETCH_PROT = 14;
    /** Inavalid argument provided to uc_xxx function (See specific */
    public static final int UC_ERR_ARG = 15;
    /** Unaligned read */
    public static final int UC_ERR_READ_UNALIGNED = 16;
    /** Unaligned write */
    public static final int UC_ERR_WRITE_UNALIGNED = 17;
    /** Unaligned fetch */
    public static final int UC_ERR_FETCH_UNALIGNED = 18;
    /** hook for this event already existed */
    public static final int UC_ERR_HOOK_EXIST = 19;
    /** Insufficient resource: uc_emu_start() */
    public static final int UC_ERR_RESOURCE = 20;
    /** Unhandled CPU exception */
    public static final int UC_ERR_EXCEPTION = 21;

    // ---- enum uc_mem_type
    /** Memory is read from */
    public static final int UC_MEM_READ = 16;
    /** Memory is written to */
    public static final int UC_MEM_WRITE = 17;
    /** Memory is fetched */
    public static final int UC_MEM_FETCH = 18;
    /** Unmapped memory is read from */
    public static final int UC_MEM_READ_UNMAPPED = 19;
    /** Unmapped memory is written to */
    public static final int UC_MEM_WRITE_UNMAPPED = 20;
    /** Unmapped memory is fetched */
    public static final int UC_MEM_FETCH_UNMAPPED = 21;
    /** Write to write protected, but mapped, memory */
    public static final int UC_MEM_WRITE_PROT = 22;
    /** Read from read protected, but mapped, memory */
    public static final int UC_MEM_READ_PROT = 23;
    /** Fetch from non-executable, but mapped, memory */
    public static final int UC_MEM_FETCH_PROT = 24;
    /** Memory is read from (successful access) */
    public static final int UC_MEM_READ_AFTER = 25;

    // ---- enum uc_hook_type
    public static final int UC_HOOK_INTR = 1;
    public static final int UC_HOOK_INSN = 2;
    public static final int UC_HOOK_CODE = 4;
    public static final int UC_HOOK_BLOCK = 8;
    public static final int UC_HOOK_MEM_READ_UNMAPPED = 16;
    public static final int UC_HOOK_MEM_WRITE_UNMAPPED = 32;
    public static final int UC_HOOK_MEM_FETCH_UNMAPPED = 64;
    public static final int UC_HOOK_MEM_READ_PROT = 128;
    public static final int UC_HOOK_MEM_WRITE_PROT = 256;
    public static final int UC_HOOK_MEM_FETCH_PROT = 512;
    public static final int UC_HOOK_MEM_READ = 1024;
    public static final int UC_HOOK_MEM_WRITE = 2048;
    public static final int UC_HOOK_MEM_FETCH = 4096;
    public static final int UC_HOOK_MEM_READ_AFTER = 8192;
    public static final int UC_HOOK_INSN_INVALID = 16384;
    public static final int UC_HOOK_EDGE_GENERATED = 32768;
    public static final int UC_HOOK_TCG_OPCODE = 65536;

    // ---- enum uc_tcg_op_code
    /** Both sub_i32 and sub_i64 */
    public static final int UC_TCG_OP_SUB = 0;

    // ---- enum uc_tcg_op_flag
    public static final int UC_TCG_OP_FLAG_CMP = 1;
    public static final int UC_TCG_OP_FLAG_DIRECT = 2;

    // ---- enum uc_prot
    public static final int UC_PROT_NONE = 0;
    public static final int UC_PROT_READ = 1;
    public static final int UC_PROT_WRITE = 2;
    public static final int UC_PROT_EXEC = 4;
    public static final int UC_PROT_ALL = 7;

    // ---- enum uc_query_type
    public static final int UC_QUERY_MODE = 1;
    /** query pagesize of engine */
    public static final int UC_QUERY_PAGE_SIZE = 2;
    /** query architecture of engine (for ARM to query Thumb mode) */
    public static final int UC_QUERY_ARCH = 3;
    /** query if emulation stops due to timeout (indicated if */
    public static final int UC_QUERY_TIMEOUT = 4;

    // ---- enum uc_control_type
    public static final int UC_CTL_UC_MODE = 0;
    public static final int UC_CTL_UC_PAGE_SIZE = 1;
    public static final int UC_CTL_UC_ARCH = 2;
    public static final int UC_CTL_UC_TIMEOUT = 3;
    public static final int UC_CTL_UC_USE_EXITS = 4;
    public static final int UC_CTL_UC_EXITS_CNT = 5;
    public static final int UC_CTL_UC_EXITS = 6;
    public static final int UC_CTL_CPU_MODEL = 7;
    public static final int UC_CTL_TB_REQUEST_CACHE = 8;
    public static final int UC_CTL_TB_REMOVE_CACHE = 9;
    public static final int UC_CTL_TB_FLUSH = 10;

    // ---- macros
    public static final int UC_API_MAJOR = 2;
    public static final int UC_API_MINOR = 0;
    public static final int UC_API_PATCH = 1;
    public static final int UC_API_EXTRA = 255;
    public static final int UC_VERSION_MAJOR = 2;
    public static final int UC_VERSION_MINOR = 0;
    public static final int UC_VERSION_PATCH = 1;
    public static final int UC_VERSION_EXTRA = 255;
    public static final int UC_SECOND_SCALE = 1000000;
    public static final int UC_MILISECOND_SCALE = 1000;
    public static final int UC_HOOK_MEM_UNMAPPED = 112;
    public static final int UC_HOOK_MEM_PROT = 896;
    public static final int UC_HOOK_MEM_READ_INVALID = 144;
    public static final int UC_HOOK_MEM_WRITE_INVALID = 288;
    public static final int UC_HOOK_MEM_FETCH_INVALID = 576;
    public static final int UC_HOOK_MEM_INVALID = 1008;
    public static final int UC_HOOK_MEM_VALID = 7168;
    public static final int UC_CTL_IO_NONE = 0;
    public static final int UC_CTL_IO_WRITE = 1;
    public static final int UC_CTL_IO_READ = 2;
    public static final int UC_CTL_IO_READ_WRITE = 3;

    /** Returns the C enumerator name of a {@code uc_err} code, e.g. {@code "UC_ERR_READ_UNMAPPED"}, or {@code "UC_ERR_<n>"} if unknown. */
    public static String errName(int err) {
        return switch (err) {
            case UC_ERR_OK -> "UC_ERR_OK";
            case UC_ERR_NOMEM -> "UC_ERR_NOMEM";
            case UC_ERR_ARCH -> "UC_ERR_ARCH";
            case UC_ERR_HANDLE -> "UC_ERR_HANDLE";
            case UC_ERR_MODE -> "UC_ERR_MODE";
            case UC_ERR_VERSION -> "UC_ERR_VERSION";
            case UC_ERR_READ_UNMAPPED -> "UC_ERR_READ_UNMAPPED";
            case UC_ERR_WRITE_UNMAPPED -> "UC_ERR_WRITE_UNMAPPED";
            case UC_ERR_FETCH_UNMAPPED -> "UC_ERR_FETCH_UNMAPPED";
            case UC_ERR_HOOK -> "UC_ERR_HOOK";
            case UC_ERR_INSN_INVALID -> "UC_ERR_INSN_INVALID";
            case UC_ERR_MAP -> "UC_ERR_MAP";
            case UC_ERR_WRITE_PROT -> "UC_ERR_WRITE_PROT";
            case UC_ERR_READ_PROT -> "UC_ERR_READ_PROT";
            case UC_ERR_FETCH_PROT -> "UC_ERR_FETCH_PROT";
            case UC_ERR_ARG -> "UC_ERR_ARG";
            case UC_ERR_READ_UNALIGNED -> "UC_ERR_READ_UNALIGNED";
            case UC_ERR_WRITE_UNALIGNED -> "UC_ERR_WRITE_UNALIGNED";
            case UC_ERR_FETCH_UNALIGNED -> "UC_ERR_FETCH_UNALIGNED";
            case UC_ERR_HOOK_EXIST -> "UC_ERR_HOOK_EXIST";
            case UC_ERR_RESOURCE -> "UC_ERR_RESOURCE";
            case UC_ERR_EXCEPTION -> "UC_ERR_EXCEPTION";
            default -> "UC_ERR_" + err;
        };
    }
}
