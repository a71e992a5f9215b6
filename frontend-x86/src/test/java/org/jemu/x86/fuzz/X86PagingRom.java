package org.jemu.x86.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The paging fuzz ROM: a 1 MiB BIOS image for the PC that runs a batch of {@link PagingCase}s with paging on
 * and reports each one's end state on the debug console (port 402h). The fixed part is the harness
 * {@code paging-harness.asm} (its committed binary is the image's last 64 KiB; the file's header describes the
 * flow); this class generates the rest: the system image (GDT, IDT of task gates, TSSs, the harness's own
 * page tables) and one 4 KiB slot per case.
 *
 * <h2>Physical memory (the same on qemu-system-i386 and jemu)</h2>
 * <pre>
 * F10000h  GDT (53 descriptors, {@link #gdt()})        F10400h  IDT: 32 task gates, DPL 0
 * F10600h  GDTR image, F10608h IDTR image              F11000h  TSSs (80h apart): main, case, -, handler 0..31
 * F13000h  the harness's record buffer and variables   F13FF0h  handler stack top
 * F14000h  harness page directory (identity maps: 0..8 MiB through F15000h and F16000h, 12..16 MiB through
 *          F18000h, the top 4 MiB (the ROM) through F17000h)
 * 0x20000  the case page directory, 0x21000, 0x22000 and 0x23000 its page tables (PDE 0, 1, 3)
 * 0x30000  the case code page (linear 20000h; filled with INT3, the sequence, then UD2: the end)
 * 0x100000 the 8 pool pages (what linear 0..FFFFh and the page table of PDE 1 map, aliased)
 * 0x400000 the 4 MiB window: PDE 1 as a PSE page (identity); its first 8 pages compared
 * </pre>
 * The 16 compared data pages start as 64 KiB of random data from the ROM; a case that changes one has it
 * restored for the next (the harness compares each with its source).
 * <pre>
 * </pre>
 * The case's own page tables (random, {@link PagingCase}) map the system pages F10000h..F13FFFh identity
 * (supervisor, writable) so task switches and the IDT work under the case's CR3.
 */
final class X86PagingRom {
    private X86PagingRom() {
    }

    static final int ROM_SIZE = 1 << 20;
    static final long ROM_BASE = 0x1_0000_0000L - ROM_SIZE;
    /** Bytes of the system image (at ROM offset 0, copied to {@link #SYS}). */
    static final int SYS_IMAGE = 0x9000;
    static final int SLOT0 = 0x10000;
    static final int SLOT_SIZE = 0x1000;
    /** The 64 KiB of random data: the initial contents of the 16 data pages. */
    static final int RANDOM = 0xE0000;
    static final int RANDOM_SIZE = 0x10000;
    static final int HARNESS = 0xF0000;
    /** Cases per ROM at most (the slots between the system image and the random data). */
    static final int MAX_CASES = (RANDOM - SLOT0) / SLOT_SIZE;

    /**
     * The system area (linear = physical, in every case's tables too), far from the data the sequences address:
     * at CPL 0 a random store into the GDT, IDT or TSSs would end the run with a triple fault.
     */
    static final long SYS = 0xF1_0000;
    static final long GDT = SYS;
    static final long IDT = SYS + 0x400;
    static final long TSS_MAIN = SYS + 0x1000;
    static final long TSS_CASE = SYS + 0x1080;
    static final long TSS_HANDLER = SYS + 0x1180;
    static final long HSTACK_TOP = SYS + 0x3FF0;
    static final long PD_H = SYS + 0x4000;
    static final long CPD = 0x20000;
    static final long CPT0 = 0x21000;
    static final long CPT1 = 0x22000;
    /** The case page table of PDE 3 (linear C00000h..FFFFFFh): the system pages. */
    static final long CPT2 = 0x23000;
    static final long CODE_PHYS = 0x30000;
    static final long POOL = 0x10_0000;
    static final long PSEWIN = 0x40_0000;
    /** EIP of every handler TSS: the harness's {@code handler_stub} (harness offset 10h). */
    static final long HANDLER_EIP = 0xFFFF_0010L;
    /** Selectors: ring-3 code and data (RPL 3), the TSSs. */
    static final int SEL_CODE3 = 0x83, SEL_DATA3 = 0x8B;
    static final int SEL_TSS_HANDLER0 = 0xA8;
    static final int GDT_COUNT = 21 + 32;

    /** Bytes of one record on the debug console before the paging entries (the harness's record layout). */
    static final int RECORD_FIXED = 88 + 4 + 4 * 16;
    /** The compared data pages (hashed), in record order: 8 pool pages, the first 8 pages of the 4 MiB window. */
    static final int DATA_PAGES = 16;
    /** Pages of a full dump: the code page, then the data pages. */
    static final int DUMP_PAGES = 1 + DATA_PAGES;

    /** Data page {@code i}: its physical address. */
    static long pageAddr(int i) {
        return i < 8 ? POOL + 0x1000L * i : PSEWIN + 0x1000L * (i - 8);
    }

    /**
     * The descriptors (SDM Vol. 3A 3.4.5, 7.2.2): 0..12 the FLAT32 fuzz GDT's selectors with their types and
     * bases, limits made 4 GiB (G = 1) and read-only / expand-down data made plain writable data, because
     * QEMU's TCG does not check data-segment limits or writability on accesses (as Unicorn, see
     * {@code X86DifferentialFuzzTest.Known#PROTECTED_MODE_SEGMENT_CHECKS}); 80h/88h ring-3 code and data;
     * 90h the main TSS, 98h the case TSS, A0h unused, A8h + 8v the handler TSS of vector v.
     */
    static long[] gdt() {
        long[] g = new long[GDT_COUNT];
        long[] flat = {0, 0x00CF_9A00_0000_FFFFL, 0x00CF_9300_0000_FFFFL, 0x00CF_9200_1000_FFFFL,
                0x00CF_9200_0000_FFFFL, 0x00CF_1200_0000_FFFFL, 0x00CF_9800_0000_FFFFL, 0x00CF_F200_0000_FFFFL,
                0x00CF_9200_2000_FFFFL, 0x008F_9200_0000_FFFFL, 0x008F_9B01_F000_FFFFL, 0x008F_9300_4000_FFFFL,
                0x008F_9300_0000_FFFFL};
        System.arraycopy(flat, 0, g, 0, flat.length);
        g[16] = 0x00CF_FA00_0000_FFFFL;
        g[17] = 0x00CF_F300_0000_FFFFL;
        g[18] = tssDescriptor(TSS_MAIN, 0x89);
        g[19] = tssDescriptor(TSS_CASE, 0x89);
        for (int v = 0; v < 32; v++) {
            g[21 + v] = tssDescriptor(TSS_HANDLER + 0x80L * v, 0x89);
        }
        return g;
    }

    private static long tssDescriptor(long base, int access) {
        return 0x67 | (base & 0xFF_FFFFL) << 16 | (long) access << 40 | (base >>> 24) << 56;
    }

    /** The 32-bit TSS image (SDM Vol. 3A Figure 7-2) of a handler task: harness CR3, EIP, EAX = {@code eax}. */
    static byte[] handlerTss(int eax) {
        byte[] t = new byte[0x68];
        put32(t, 0x1C, PD_H);
        put32(t, 0x20, HANDLER_EIP);
        put32(t, 0x24, 2);
        put32(t, 0x28, eax);
        put32(t, 0x38, HSTACK_TOP);
        put32(t, 0x4C, 0x08);
        for (int s : new int[] {0x48, 0x50, 0x54, 0x58, 0x5C}) {
            put32(t, s, 0x10);
        }
        put32(t, 0x04, HSTACK_TOP);
        put32(t, 0x08, 0x10);
        t[0x66] = 0x68;
        return t;
    }

    /** The system image copied to physical {@link #SYS} ({@link #SYS_IMAGE} bytes). */
    static byte[] sysImage() {
        byte[] s = new byte[SYS_IMAGE];
        long[] g = gdt();
        for (int i = 0; i < g.length; i++) {
            put64(s, (int) (GDT - SYS) + 8 * i, g[i]);
        }
        for (int v = 0; v < 32; v++) {
            put64(s, (int) (IDT - SYS) + 8 * v, (long) (SEL_TSS_HANDLER0 + 8 * v) << 16 | 0x85L << 40);
        }
        put16(s, 0x600, 8 * GDT_COUNT - 1);
        put32(s, 0x602, GDT);
        put16(s, 0x608, 32 * 8 - 1);
        put32(s, 0x60A, IDT);
        long ph = PD_H - SYS;
        byte[] main = new byte[0x68];
        main[0x66] = 0x68;
        System.arraycopy(main, 0, s, (int) (TSS_MAIN - SYS), main.length);
        for (int v = 0; v < 32; v++) {
            System.arraycopy(handlerTss(v), 0, s, (int) (TSS_HANDLER - SYS) + 0x80 * v, 0x68);
        }
        // harness page tables: identity maps, supervisor, writable, accessed and dirty
        int pd = (int) ph;
        put32(s, pd, SYS + 0x5000 | 0x63);
        put32(s, pd + 4, SYS + 0x6000 | 0x63);
        put32(s, pd + 4 * 3, SYS + 0x8000 | 0x63);
        put32(s, pd + 4 * 1023, SYS + 0x7000 | 0x63);
        for (int i = 0; i < 1024; i++) {
            put32(s, 0x5000 + 4 * i, (long) i << 12 | 0x63);
            put32(s, 0x6000 + 4 * i, 0x40_0000L + ((long) i << 12) | 0x63);
            put32(s, 0x8000 + 4 * i, 0xC0_0000L + ((long) i << 12) | 0x63);
            put32(s, 0x7000 + 4 * i, 0xFFC0_0000L + ((long) i << 12) | 0x63);
        }
        return s;
    }

    private static byte[] harness;

    /** The assembled harness ({@code paging-harness.bin}, 64 KiB). */
    static synchronized byte[] harness() {
        if (harness == null) {
            try (InputStream in = X86PagingRom.class.getResourceAsStream("paging-harness.bin")) {
                if (in == null) {
                    throw new IllegalStateException("paging-harness.bin is missing from the test resources");
                }
                harness = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (harness.length != ROM_SIZE - HARNESS) {
                throw new IllegalStateException("paging-harness.bin is " + harness.length + " bytes, not 64 KiB");
            }
        }
        return harness;
    }

    /**
     * Builds the ROM of {@code cases} (at most {@link #MAX_CASES}); {@code fullDump}: the cases whose compared
     * pages the harness also writes out raw.
     */
    static byte[] build(List<PagingCase> cases, java.util.function.IntPredicate fullDump) {
        if (cases.size() > MAX_CASES) {
            throw new IllegalArgumentException(cases.size() + " cases; a ROM holds " + MAX_CASES);
        }
        byte[] rom = new byte[ROM_SIZE];
        java.util.Arrays.fill(rom, (byte) 0xFF);
        System.arraycopy(sysImage(), 0, rom, 0, SYS_IMAGE);
        for (int k = 0; k < cases.size(); k++) {
            PagingCase c = cases.get(k);
            int o = SLOT0 + SLOT_SIZE * k;
            java.util.Arrays.fill(rom, o, o + SLOT_SIZE, (byte) 0);
            rom[o] = 'J';
            rom[o + 1] = 'P';
            rom[o + 2] = 'G';
            rom[o + 3] = 'C';
            put32(rom, o + 4, c.cr0());
            put32(rom, o + 8, c.cr4());
            put32(rom, o + 16, c.entries().length);
            put32(rom, o + 20, c.code().length);
            put32(rom, o + 24, fullDump.test(k) ? 1 : 0);
            System.arraycopy(c.tss(), 0, rom, o + 0x20, 0x68);
            if (c.code().length > 0x300 || c.entries().length > 0x180) {
                throw new IllegalArgumentException("case " + c.index() + " does not fit its slot");
            }
            System.arraycopy(c.code(), 0, rom, o + 0x100, c.code().length);
            for (int i = 0; i < c.entries().length; i++) {
                put32(rom, o + 0x400 + 8 * i, c.entries()[i][0]);
                put32(rom, o + 0x404 + 8 * i, c.entries()[i][1]);
            }
        }
        SplittableRandom data = new SplittableRandom(cases.isEmpty() ? 0 : cases.get(0).seed());
        for (int i = RANDOM; i < RANDOM + RANDOM_SIZE; i += 8) {
            put64(rom, i, data.nextLong());
        }
        System.arraycopy(harness(), 0, rom, HARNESS, ROM_SIZE - HARNESS);
        return rom;
    }

    /**
     * One paging case: a FLAT32-style sequence ({@link X86FuzzGenerator}, mode PAGED32: with INVLPG and
     * CR3 reloads) and random valid 32-bit paging structures (SDM Vol. 3A 4.3, 4.5).
     *
     * @param seq      the sequence and its initial registers (code at linear 20000h, data at 0..FFFFh)
     * @param cpl      0 or 3 (CS 08h or 83h, the other selectors 10h or 8Bh)
     * @param cr0      PE, ET, PG, maybe WP
     * @param cr4      maybe PSE, maybe PGE
     * @param entries  the paging-structure entries {physical address, value} (everything else zero)
     * @param tss      the case TSS image (its initial state)
     * @param code     the code page's start: the sequence, then UD2 (the #UD there ends the case)
     */
    record PagingCase(int index, long seed, X86FuzzCase seq, int cpl, int cr0, int cr4,
                      long[][] entries, byte[] tss, byte[] code) {

        /** The name of paging entry {@code i} of {@link #entries}. */
        String entryName(int i) {
            long a = entries[i][0];
            int t = (int) (a - CPT0) >> 12;
            return a < CPT0 ? String.format("PDE %3d (linear %08x)", (a - CPD) / 4, (a - CPD) / 4 << 22)
                    : String.format("PTE %d.%-4d(linear %08x)", t, (a & 0xFFF) / 4,
                    new long[] {0, 0x40_0000L, 0xC0_0000L}[t] + ((a & 0xFFF) / 4 << 12));
        }

        /** A description of the paging set-up for reports. */
        String describe() {
            StringBuilder sb = new StringBuilder(String.format("    CPL %d, CR0 %08x, CR4 %08x, CR3 %08x%n", cpl,
                    cr0, cr4, get32(tss, 0x1C)));
            for (int i = 0; i < entries.length; i++) {
                sb.append(String.format("    %s = %08x%s%n", entryName(i), entries[i][1], flags(entries[i][1],
                        entries[i][0] < CPT0)));
            }
            return sb.toString();
        }

        static String flags(long v, boolean pde) {
            StringBuilder sb = new StringBuilder("  ");
            String[] n = {"P", "RW", "US", "PWT", "PCD", "A", "D", pde ? "PS" : "PAT", "G"};
            for (int i = 0; i < n.length; i++) {
                if ((v >> i & 1) != 0) {
                    sb.append(n[i]).append(' ');
                }
            }
            return sb.toString();
        }
    }

    /**
     * Generates case {@code index} from {@code seed}: the sequence from {@code gen} (mode PAGED32), then from an
     * independent stream: CPL 3 in a third of the cases, CR0.WP, CR4.PSE (mostly) and CR4.PGE at random;
     * PDE 0 a page table (present, writable, U/S mostly set) whose PTEs 0..15 map the data window to random
     * pool pages (aliasing, non-identity; not present one time in eight, read-only three in ten, random U/S,
     * A, D, G, PWT, PCD and available bits) and PTE 20h the code page; PDE 3 a page table mapping the system
     * pages F10000h..F13FFFh identity (supervisor, writable); PDE 1 either a 4 MiB page (PS, when CR4.PSE) at 400000h or a page table mapping 16 pages to pool
     * or window pages, with random flags and present four times in five. The pool and window have 8 pages each.
     */
    static PagingCase generate(X86FuzzGenerator gen, int index, long seed) {
        X86FuzzCase seq = gen.generate(index, seed, X86FuzzCase.Mode.PAGED32);
        SplittableRandom r = new SplittableRandom(seed ^ 0x7061_6769_6e67L);
        int cpl = r.nextInt(3) == 0 ? 3 : 0;
        int cr0 = 0x8000_0011 | (r.nextBoolean() ? 0x1_0000 : 0);
        boolean pse = r.nextInt(4) != 0;
        int cr4 = (pse ? 0x10 : 0) | (r.nextBoolean() ? 0x80 : 0);
        List<long[]> e = new ArrayList<>();
        long avail = 0xE00;
        e.add(new long[] {CPD, CPT0 | 3 | (cpl == 3 ? (r.nextInt(8) != 0 ? 4 : 0) : r.nextInt(2) * 4L)
                | (r.nextInt() & (0x38 | avail))});
        for (int i = 0; i < 16; i++) {
            e.add(new long[] {CPT0 + 4 * i, pte(r, POOL + 0x1000L * r.nextInt(8), cpl)});
        }
        e.add(new long[] {CPD + 4 * 3, CPT2 | 3});
        for (int i = (int) (SYS >> 12); i < (SYS >> 12) + 4; i++) {
            e.add(new long[] {CPT2 + 4 * (i & 0x3FF), (long) i << 12 | 3});
        }
        long code = CODE_PHYS | 1 | (cpl == 3 ? 4 : r.nextInt(2) * 4L) | (r.nextInt() & (0x17A | avail));
        e.add(new long[] {CPT0 + 4 * 0x20, code});
        if (pse && r.nextInt(3) != 0) {
            e.add(new long[] {CPD + 4, PSEWIN | 0x80 | (r.nextInt(5) != 0 ? 1 : 0) | (r.nextInt(4) != 0 ? 2 : 0)
                    | (cpl == 3 ? (r.nextInt(5) != 0 ? 4 : 0) : r.nextInt(2) * 4L) | (r.nextInt() & (0x178 | avail))});
        } else {
            e.add(new long[] {CPD + 4, CPT1 | (r.nextInt(5) != 0 ? 1 : 0) | (r.nextInt(5) != 0 ? 2 : 0)
                    | (cpl == 3 ? (r.nextInt(5) != 0 ? 4 : 0) : r.nextInt(2) * 4L) | (r.nextInt() & (0x38 | avail))});
            for (int i = 0; i < 16; i++) {
                long phys = r.nextBoolean() ? POOL + 0x1000L * r.nextInt(8) : PSEWIN + 0x1000L * r.nextInt(8);
                e.add(new long[] {CPT1 + 4 * i, pte(r, phys, cpl)});
            }
        }
        byte[] tss = new byte[0x68];
        put32(tss, 0x04, SYS + 0x3E00);
        put32(tss, 0x08, 0x10);
        put32(tss, 0x1C, CPD | (r.nextInt(4) == 0 ? 0x18 : 0));
        put32(tss, 0x20, X86FuzzCase.CODE32);
        put32(tss, 0x24, seq.eflags() | 2);
        for (int i = 0; i < 8; i++) {
            put32(tss, 0x28 + 4 * i, seq.regs()[i]);
        }
        for (int s = 0; s < 6; s++) {
            put32(tss, 0x48 + 4 * s, s == 1 ? (cpl == 3 ? SEL_CODE3 : 0x08) : (cpl == 3 ? SEL_DATA3 : 0x10));
        }
        tss[0x66] = 0x68;
        byte[] sc = seq.code();
        byte[] c = new byte[(sc.length + 1 + 3) & ~3];          // padded to dwords with INT3
        java.util.Arrays.fill(c, (byte) 0xCC);
        System.arraycopy(sc, 0, c, 0, sc.length - 1);
        c[sc.length - 1] = 0x0F;                                // the HLT becomes UD2
        c[sc.length] = 0x0B;
        return new PagingCase(index, seed, seq, cpl, cr0, cr4, e.toArray(new long[0][]), tss, c);
    }

    /** A random PTE for {@code phys}: P 7/8, R/W 7/10, U/S (CPL 3: 4/5, else 1/2), A, D, G, PWT, PCD, AVL random. */
    private static long pte(SplittableRandom r, long phys, int cpl) {
        return phys | (r.nextInt(8) != 0 ? 1 : 0) | (r.nextInt(10) < 7 ? 2 : 0)
                | (cpl == 3 ? (r.nextInt(5) != 0 ? 4 : 0) : r.nextInt(2) * 4L) | (r.nextInt() & 0xF78);
    }

    static void put16(byte[] b, int off, long v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    static void put32(byte[] b, int off, long v) {
        for (int k = 0; k < 4; k++) {
            b[off + k] = (byte) (v >>> (8 * k));
        }
    }

    static void put64(byte[] b, int off, long v) {
        put32(b, off, v);
        put32(b, off + 4, v >>> 32);
    }

    static long get32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }
}
