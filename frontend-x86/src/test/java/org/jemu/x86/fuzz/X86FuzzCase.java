package org.jemu.x86.fuzz;

import java.util.Arrays;

/**
 * One generated test case: a short random instruction sequence followed by HLT, and the initial state.
 *
 * <p>Layouts ({@link Mode}): {@code FLAT32} is 32-bit flat protected mode at CPL 0 as Unicorn's UC_MODE_32
 * sets it up (CR0.PE, all selectors 0, bases 0, 4 GiB limits), with data RAM at [0, 64 KiB) and code at
 * {@link #CODE32}; {@code REAL16} is real-address mode with CS = 0 (Unicorn 2 runs 16-bit code at linear =
 * EIP) and RAM over the whole real-mode address space [0, 0x110000), code at {@link #CODE16}; {@code PROT16}
 * is 16-bit protected mode at CPL 0 (UC_MODE_32 with CS loaded from the case's GDT): the regions of FLAT32,
 * CS a 16-bit code segment with base {@link #CS16_BASE} (EIP = linear - base), the data segments 16-bit with
 * base 0 or {@link #DATA16_BASE} and 64 KiB limits (SDM Vol. 3A 3.4.5, 21.1 "16-bit code in protected mode");
 * {@code PAGED32} is a FLAT32 sequence (with INVLPG and CR3 reloads, some registers pointing through PDE 1 at
 * 400000h) for {@link X86PagingFuzzTest}, which builds the paging structures and the rest of the machine
 * itself ({@link X86PagingRom}).
 *
 * @param index     case number under the master seed
 * @param seed      the case seed
 * @param mode      the layout
 * @param code      the sequence bytes (the HLT after it included)
 * @param insnAddrs linear address of each instruction (the last is the HLT)
 * @param regs      EAX..EDI
 * @param eflags    EFLAGS
 * @param segs      selectors ES CS SS DS FS GS
 * @param memory    the memory image ({@link #memBase()}, {@link #memSize()}), code excluded for FLAT32
 * @param x87Image  x87 cases ({@link X87Fuzz}): the FRSTOR image the first instruction loads, placed
 *                  {@link X87Fuzz#IMAGE_OFF} bytes after the start of the code; null for integer-only cases
 */
record X86FuzzCase(int index, long seed, Mode mode, byte[] code, long[] insnAddrs, long[] regs, int eflags, int[] segs,
                   byte[] memory, byte[] x87Image) {

    X86FuzzCase(int index, long seed, Mode mode, byte[] code, long[] insnAddrs, long[] regs, int eflags, int[] segs,
            byte[] memory) {
        this(index, seed, mode, code, insnAddrs, regs, eflags, segs, memory, null);
    }

    enum Mode { FLAT32, REAL16, PROT16, PAGED32 }

    /** The index of physical {@code pa} in a state's memory (the data window), or -1. */
    int windowIndex(long pa) {
        return pa >= memBase() && pa < memBase() + memSize() ? (int) (pa - memBase()) : -1;
    }

    static final long CODE32 = 0x20000;
    static final int CODE32_SIZE = 0x1000;
    static final long DATA32 = 0;
    static final int DATA32_SIZE = 0x10000;
    static final long CODE16 = 0x1000;
    /** FLAT32: the GDT (GDTR base, in the data window, so stores may change it: both emulators see the same). */
    static final long GDT = 0xF000;
    /**
     * FLAT32 descriptors (SDM Vol. 3A 3.4.5): 00 null, 08 flat code, 10 flat data (accessed: the initial
     * selector of DS ES SS FS GS), 18 data base 1000h limit
     * 7FFFh, 20 read-only data limit FFFFh, 28 not present, 30 execute-only code, 38 DPL-3 data, 40 expand-down
     * data limit 0FFFh, 48 16-bit data (B = 0, a 16-bit stack for SS); for PROT16 also 50 16-bit code
     * base 1F000h, 58 and 60 16-bit data with bases 4000h and 0 (accessed: loading them writes nothing).
     */
    static final long[] GDT_ENTRIES = {0, 0x00CF_9A00_0000_FFFFL, 0x00CF_9300_0000_FFFFL, 0x0040_9200_1000_7FFFL,
            0x0040_9000_0000_FFFFL, 0x00CF_1200_0000_FFFFL, 0x00CF_9800_0000_FFFFL, 0x00CF_F200_0000_FFFFL,
            0x0040_9600_0000_0FFFL, 0x0000_9200_0000_FFFFL,
            0x0000_9B01_F000_FFFFL, 0x0000_9300_4000_FFFFL, 0x0000_9300_0000_FFFFL};
    static final int GDT_LIMIT = 8 * 13 - 1;
    /** PROT16: the code selector (GDT 50h) and its base. */
    static final int CS16_SELECTOR = 0x50;
    static final long CS16_BASE = 0x1F000;
    /** PROT16: the initial data selectors (GDT 60h base 0, 58h base {@link #DATA16_BASE}). */
    static final int[] DATA16_SELECTORS = {0x60, 0x58};
    static final long DATA16_BASE = 0x4000;
    /** PROT16: the data window [0, 14000h) covers both data segments' 64 KiB. */
    static final int DATA16_SIZE = 0x14000;
    static final int FLAT_DATA_SELECTOR = 0x10;
    /** Selectors the generator puts in registers (some invalid: RPL 3, beyond the limit, LDT). */
    static final int[] SELECTORS = {0, 0x10, 0x10, 0x18, 0x18, 0x20, 0x28, 0x30, 0x38, 0x40, 0x48, 0x48, 0x13, 0x68, 0x14,
            0x50, 0x58, 0x60};
    static final int MEM16_SIZE = 0x110000;

    /** Linear address of the code. */
    long codeAddr() {
        return mode == Mode.REAL16 ? CODE16 : CODE32;
    }

    /** The CS base (EIP = linear - base). */
    long csBase() {
        return mode == Mode.PROT16 ? CS16_BASE : 0;
    }

    /** Linear address of the terminating HLT. */
    long end() {
        return insnAddrs[insnAddrs.length - 1];
    }

    /** EIP of the terminating HLT. */
    long endEip() {
        return end() - csBase();
    }

    long memBase() {
        return mode == Mode.REAL16 ? 0 : DATA32;
    }

    int memSize() {
        return mode == Mode.REAL16 ? MEM16_SIZE : mode == Mode.PROT16 ? DATA16_SIZE : DATA32_SIZE;
    }

    /** The code region image (FLAT32) or the whole memory with the code in place (REAL16). */
    byte[] codeImage() {
        if (mode != Mode.REAL16) {
            byte[] img = new byte[CODE32_SIZE];
            Arrays.fill(img, (byte) 0xF4);
            System.arraycopy(code, 0, img, 0, code.length);
            if (x87Image != null) {
                System.arraycopy(x87Image, 0, img, X87Fuzz.IMAGE_OFF, x87Image.length);
            }
            return img;
        }
        return null;
    }

    /** The initial memory image (REAL16: with the code at {@link #CODE16}). */
    byte[] memoryImage() {
        if (mode != Mode.REAL16) {
            return memory;
        }
        byte[] img = memory.clone();
        System.arraycopy(code, 0, img, (int) CODE16, code.length);
        if (x87Image != null) {
            System.arraycopy(x87Image, 0, img, (int) CODE16 + X87Fuzz.IMAGE_OFF, x87Image.length);
        }
        return img;
    }

    /** The index of the instruction at {@code eip} (CS-relative), or -1. */
    int insnIndex(long eip) {
        for (int i = 0; i < insnAddrs.length; i++) {
            if (insnAddrs[i] - csBase() == eip) {
                return i;
            }
        }
        return -1;
    }

    /** The bytes of instruction {@code i}. */
    byte[] insnBytes(int i) {
        int from = (int) (insnAddrs[i] - codeAddr());
        int to = i + 1 < insnAddrs.length ? (int) (insnAddrs[i + 1] - codeAddr()) : code.length;
        return Arrays.copyOfRange(code, from, to);
    }

    int defaultSize() {
        return mode == Mode.FLAT32 || mode == Mode.PAGED32 ? 32 : 16;
    }

    /** 16-bit default operand and address size (REAL16, PROT16). */
    boolean bits16() {
        return defaultSize() == 16;
    }

    /** Listing: address, bytes and jemu's decoding of each instruction. */
    String listing() {
        StringBuilder sb = new StringBuilder();
        var dec = new org.jemu.x86.decode.X86Decoder();
        for (int i = 0; i < insnAddrs.length; i++) {
            byte[] b = insnBytes(i);
            StringBuilder hex = new StringBuilder();
            for (byte x : b) {
                hex.append(String.format("%02x ", x & 0xFF));
            }
            sb.append(String.format("    %08x: %-36s %s%n", insnAddrs[i], hex, dec.decode(b, defaultSize())));
        }
        return sb.toString();
    }

    String initialState() {
        String[] n = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
        StringBuilder sb = new StringBuilder("    ");
        for (int i = 0; i < 8; i++) {
            sb.append(String.format("%s=%08x ", n[i], regs[i]));
        }
        sb.append(String.format("eflags=%08x%n    es=%04x cs=%04x ss=%04x ds=%04x fs=%04x gs=%04x%n", eflags, segs[0],
                segs[1], segs[2], segs[3], segs[4], segs[5]));
        return sb.toString();
    }
}
