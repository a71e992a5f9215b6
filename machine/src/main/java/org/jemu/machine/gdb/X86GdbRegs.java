package org.jemu.machine.gdb;

import org.jemu.translator.exec.GuestCpu;
import org.jemu.x86.cpu.X86Cpu;

/**
 * The 32-bit x86 register file as gdb's i386 target sees it: feature {@code org.gnu.gdb.i386.core} with
 * gdb's i386 register numbers: eax, ecx, edx, ebx, esp, ebp, esi, edi (0..7), eip (8), eflags (9), cs, ss,
 * ds, es, fs, gs (10..15), st0..st7 (16..23, 80 bits: the 64-bit significand then sign and exponent, little-
 * endian), fctrl, fstat, ftag (the full 16-bit tag word), fiseg, fioff, foseg, fooff, fop (24..31). The CPU
 * model has no SSE, so there is no {@code org.gnu.gdb.i386.sse} feature.
 *
 * <p>gdb always debugs the guest as i386 (32 bits), also in real mode, and addresses are linear: {@code eip}
 * reads as the linear address of the next instruction (CS.base + EIP, the PC breakpoints and stops use), and
 * writing it sets EIP = value - CS.base. Writing {@code eflags} sets every flag but VM (the mode stays) and
 * materialises the lazy flags. Writing a segment register in real or virtual-8086 mode loads base =
 * selector &lt;&lt; 4 (CS keeps EIP); in protected mode a new selector is refused (the E reply), an unchanged one
 * is accepted, so a {@code G} packet with the current values works.
 */
final class X86GdbRegs implements GdbArch {
    static final X86GdbRegs INSTANCE = new X86GdbRegs();

    static final int EIP = 8;
    static final int EFLAGS = 9;
    static final int CS = 10;
    static final int ST0 = 16;
    static final int FCTRL = 24;
    static final int FOP = 31;
    static final int COUNT = 32;

    /** jemu's segment numbers for gdb's cs, ss, ds, es, fs, gs. */
    private static final int[] SEGS = {X86Cpu.CS, X86Cpu.SS, X86Cpu.DS, X86Cpu.ES, X86Cpu.FS, X86Cpu.GS};
    /** Slots of fctrl, fstat, ftag, fiseg, fioff, foseg, fooff, fop. */
    private static final int[] FPU = {X86Cpu.FPU_CW, X86Cpu.FPU_SW, X86Cpu.FPU_TW, X86Cpu.FPU_CS, X86Cpu.FPU_IP,
        X86Cpu.FPU_DS, X86Cpu.FPU_DP, X86Cpu.FPU_OP};
    private static final int[] FPU_BITS = {16, 16, 16, 16, 32, 16, 32, 11};

    private X86GdbRegs() {
    }

    @Override
    public String targetXml() {
        return TARGET_XML;
    }

    @Override
    public int count() {
        return COUNT;
    }

    @Override
    public int size(int n) {
        if (n < 0 || n >= COUNT) {
            return 0;
        }
        return n >= ST0 && n < FCTRL ? 10 : 4;
    }

    /** Physical register (R0..R7) of st{@code i}: TOP + i (SDM Vol. 1 8.1.2). */
    private static int phys(X86Cpu c, int i) {
        int top = (int) (c.regs[X86Cpu.FPU_SW] >>> 11) & 7;
        return (top + i) & 7;
    }

    @Override
    public byte[] read(GuestCpu cpu, int n) {
        X86Cpu c = (X86Cpu) cpu;
        int size = size(n);
        if (size == 0) {
            return null;
        }
        byte[] b = new byte[size];
        long v;
        if (n < EIP) {
            v = c.regs[X86Cpu.EAX + n];
        } else if (n == EIP) {
            v = c.regs[X86Cpu.PC];
        } else if (n == EFLAGS) {
            v = c.eflags() & 0xFFFF_FFFFL;
        } else if (n < ST0) {
            v = c.regs[X86Cpu.SEG_SEL + SEGS[n - CS]];
        } else if (n < FCTRL) {
            int r = phys(c, n - ST0);
            GdbArch.put(b, 0, c.regs[X86Cpu.FPR_M + r], 8);
            GdbArch.put(b, 8, c.regs[X86Cpu.FPR_SE + r], 2);
            return b;
        } else {
            int k = n - FCTRL;
            v = c.regs[FPU[k]] & ((1L << FPU_BITS[k]) - 1);
        }
        GdbArch.put(b, 0, v, 4);
        return b;
    }

    @Override
    public boolean write(GuestCpu cpu, int n, byte[] b, int off) {
        X86Cpu c = (X86Cpu) cpu;
        if (size(n) == 0) {
            return false;
        }
        if (n >= ST0 && n < FCTRL) {
            int r = phys(c, n - ST0);
            c.regs[X86Cpu.FPR_M + r] = GdbArch.get(b, off, 8);
            c.regs[X86Cpu.FPR_SE + r] = GdbArch.get(b, off + 8, 2);
            return true;
        }
        long v = GdbArch.get(b, off, 4);
        if (n < EIP) {
            c.regs[X86Cpu.EAX + n] = v;
        } else if (n == EIP) {
            c.regs[X86Cpu.PC] = v;
        } else if (n == EFLAGS) {
            int keep = (int) c.regs[X86Cpu.EFLAGS] & X86Cpu.VM;
            c.setEflags(((int) v & ~X86Cpu.VM) | keep);
        } else if (n < ST0) {
            return writeSegment(c, SEGS[n - CS], (int) v & 0xFFFF);
        } else {
            int k = n - FCTRL;
            c.regs[FPU[k]] = v & ((1L << FPU_BITS[k]) - 1);
        }
        return true;
    }

    /** A segment register write is refused in protected mode unless the selector stays the same. */
    @Override
    public boolean canWrite(GuestCpu cpu, int n, byte[] b, int off) {
        if (size(n) == 0) {
            return false;
        }
        if (n < CS || n >= ST0) {
            return true;
        }
        X86Cpu c = (X86Cpu) cpu;
        int sel = (int) GdbArch.get(b, off, 4) & 0xFFFF;
        // A descriptor load has checks and faults of its own; gdb gets an E reply.
        return c.regs[X86Cpu.SEG_SEL + SEGS[n - CS]] == sel || !c.protectedMode() || c.v86Mode();
    }

    private static boolean writeSegment(X86Cpu c, int seg, int sel) {
        if (c.regs[X86Cpu.SEG_SEL + seg] == sel) {
            return true;
        }
        if (c.protectedMode() && !c.v86Mode()) {
            return false; // see canWrite
        }
        long eip = c.eip();
        c.setSegment(seg, sel, (long) sel << 4, c.regs[X86Cpu.SEG_LIMIT + seg], (int) c.regs[X86Cpu.SEG_ATTR + seg]);
        if (seg == X86Cpu.CS) {
            c.setEip(eip);
        }
        return true;
    }

    @Override
    public long debugTranslate(GuestCpu cpu, long vaddr) {
        return ((X86Cpu) cpu).debugTranslate(vaddr);
    }

    @Override
    public void setPc(GuestCpu cpu, long pc) {
        cpu.regs[X86Cpu.PC] = pc & 0xFFFF_FFFFL;
    }

    /** The target description: gdb's i386 feature and register names, jemu's own XML. */
    static final String TARGET_XML;

    static {
        StringBuilder sb = GdbArch.targetXmlStart("i386");
        sb.append("  <feature name=\"org.gnu.gdb.i386.core\">\n");
        sb.append("    <flags id=\"i386_eflags\" size=\"4\">\n");
        String[][] bits = {{"CF", "0"}, {"PF", "2"}, {"AF", "4"}, {"ZF", "6"}, {"SF", "7"}, {"TF", "8"},
            {"IF", "9"}, {"DF", "10"}, {"OF", "11"}, {"NT", "14"}, {"RF", "16"}, {"VM", "17"}, {"AC", "18"},
            {"VIF", "19"}, {"VIP", "20"}, {"ID", "21"}};
        for (String[] f : bits) {
            sb.append("      <field name=\"").append(f[0]).append("\" start=\"").append(f[1]).append("\" end=\"")
                    .append(f[1]).append("\"/>\n");
        }
        sb.append("    </flags>\n");
        String[] gprs = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
        for (int i = 0; i < 8; i++) {
            String type = i == 4 || i == 5 ? "data_ptr" : "int32";
            sb.append("    <reg name=\"").append(gprs[i]).append("\" bitsize=\"32\" type=\"").append(type)
                    .append("\" regnum=\"").append(i).append("\"/>\n");
        }
        sb.append("    <reg name=\"eip\" bitsize=\"32\" type=\"code_ptr\" regnum=\"8\"/>\n");
        sb.append("    <reg name=\"eflags\" bitsize=\"32\" type=\"i386_eflags\" regnum=\"9\"/>\n");
        String[] segs = {"cs", "ss", "ds", "es", "fs", "gs"};
        for (int i = 0; i < 6; i++) {
            sb.append("    <reg name=\"").append(segs[i]).append("\" bitsize=\"32\" type=\"int32\" regnum=\"")
                    .append(CS + i).append("\"/>\n");
        }
        for (int i = 0; i < 8; i++) {
            sb.append("    <reg name=\"st").append(i).append("\" bitsize=\"80\" type=\"i387_ext\" regnum=\"")
                    .append(ST0 + i).append("\"/>\n");
        }
        String[] fpu = {"fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop"};
        for (int i = 0; i < 8; i++) {
            sb.append("    <reg name=\"").append(fpu[i]).append("\" bitsize=\"32\" type=\"int\" group=\"float\" regnum=\"")
                    .append(FCTRL + i).append("\"/>\n");
        }
        sb.append("  </feature>\n</target>\n");
        TARGET_XML = sb.toString();
    }
}
