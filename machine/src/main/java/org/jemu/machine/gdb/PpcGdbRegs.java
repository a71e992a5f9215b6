package org.jemu.machine.gdb;

import org.jemu.ppc.cpu.PpcCpu;
import org.jemu.ppc.cpu.PpcFpBits;
import org.jemu.translator.exec.GuestCpu;

/**
 * The 32-bit PowerPC register file as gdb's {@code powerpc:common} sees it: features
 * {@code org.gnu.gdb.power.core} and {@code org.gnu.gdb.power.fpu} with gdb's register numbers: r0..r31 (0..31,
 * 32 bits), f0..f31 (32..63, 64-bit IEEE doubles), pc (64), msr (65), cr (66), lr (67), ctr (68), xer (69),
 * fpscr (70, 32 bits). Values are big-endian, as the guest is.
 *
 * <p>Writing {@code msr} keeps the bits the 750 implements (PEM 2.3.1) and refuses a value with LE or ILE set
 * (jemu runs big-endian guests only; the E reply, nothing changed). Writing {@code fpscr} recomputes its
 * summary bits FEX and VX, as mtfsf does. Memory is effective addresses translated by
 * {@link PpcCpu#debugTranslate} (BATs and the hashed page table, no R/C updates).
 */
final class PpcGdbRegs implements GdbArch {
    static final PpcGdbRegs INSTANCE = new PpcGdbRegs();

    static final int F0 = 32;
    static final int PC = 64;
    static final int MSR = 65;
    static final int CR = 66;
    static final int LR = 67;
    static final int CTR = 68;
    static final int XER = 69;
    static final int FPSCR = 70;
    static final int COUNT = 71;

    private PpcGdbRegs() {
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
        return n >= F0 && n < PC ? 8 : 4;
    }

    @Override
    public byte[] read(GuestCpu cpu, int n) {
        PpcCpu c = (PpcCpu) cpu;
        int size = size(n);
        if (size == 0) {
            return null;
        }
        long v;
        if (n < F0) {
            v = c.regs[PpcCpu.GPR0 + n];
        } else if (n < PC) {
            v = c.regs[PpcCpu.FPR0 + n - F0];
        } else {
            v = switch (n) {
                case PC -> c.regs[PpcCpu.PC];
                case MSR -> c.regs[PpcCpu.MSR];
                case CR -> c.cr();
                case LR -> c.regs[PpcCpu.LR];
                case CTR -> c.regs[PpcCpu.CTR];
                case XER -> c.xer();
                default -> c.regs[PpcCpu.FPSCR];
            };
        }
        byte[] b = new byte[size];
        putBe(b, 0, v, size);
        return b;
    }

    /** An MSR with LE or ILE set is refused (little-endian mode is not supported); everything else is accepted. */
    @Override
    public boolean canWrite(GuestCpu cpu, int n, byte[] b, int off) {
        if (size(n) == 0) {
            return false;
        }
        return n != MSR || (getBe(b, off, 4) & (PpcCpu.MSR_LE | PpcCpu.MSR_ILE)) == 0;
    }

    @Override
    public boolean write(GuestCpu cpu, int n, byte[] b, int off) {
        if (!canWrite(cpu, n, b, off)) {
            return false;
        }
        PpcCpu c = (PpcCpu) cpu;
        if (n >= F0 && n < PC) {
            c.regs[PpcCpu.FPR0 + n - F0] = getBe(b, off, 8);
            return true;
        }
        long v = getBe(b, off, 4);
        if (n < F0) {
            c.regs[PpcCpu.GPR0 + n] = v;
            return true;
        }
        switch (n) {
            case PC -> c.regs[PpcCpu.PC] = v & ~3L;
            case MSR -> c.setMsr(v);
            case CR -> c.setCr(v);
            case LR -> c.regs[PpcCpu.LR] = v;
            case CTR -> c.regs[PpcCpu.CTR] = v;
            case XER -> c.setXer(v);
            default -> c.regs[PpcCpu.FPSCR] = PpcFpBits.summarize((int) v) & 0xffff_ffffL;
        }
        return true;
    }

    @Override
    public long debugTranslate(GuestCpu cpu, long vaddr) {
        return ((PpcCpu) cpu).debugTranslate(vaddr);
    }

    @Override
    public void setPc(GuestCpu cpu, long pc) {
        cpu.regs[PpcCpu.PC] = pc & 0xffff_fffcL;
    }

    private static void putBe(byte[] b, int off, long v, int size) {
        for (int i = 0; i < size; i++) {
            b[off + i] = (byte) (v >>> (8 * (size - 1 - i)));
        }
    }

    private static long getBe(byte[] b, int off, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            v = v << 8 | (b[off + i] & 0xffL);
        }
        return v;
    }

    /** The target description: gdb's PowerPC feature and register names, jemu's own XML. */
    static final String TARGET_XML;

    static {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n");
        sb.append("  <architecture>powerpc:common</architecture>\n");
        sb.append("  <feature name=\"org.gnu.gdb.power.core\">\n");
        for (int i = 0; i < 32; i++) {
            sb.append("    <reg name=\"r").append(i).append("\" bitsize=\"32\" type=\"uint32\" regnum=\"").append(i)
                    .append("\"/>\n");
        }
        String[][] spr = {{"pc", "code_ptr"}, {"msr", "uint32"}, {"cr", "uint32"}, {"lr", "code_ptr"},
            {"ctr", "uint32"}, {"xer", "uint32"}};
        for (int i = 0; i < spr.length; i++) {
            sb.append("    <reg name=\"").append(spr[i][0]).append("\" bitsize=\"32\" type=\"").append(spr[i][1])
                    .append("\" regnum=\"").append(PC + i).append("\"/>\n");
        }
        sb.append("  </feature>\n");
        sb.append("  <feature name=\"org.gnu.gdb.power.fpu\">\n");
        for (int i = 0; i < 32; i++) {
            sb.append("    <reg name=\"f").append(i).append("\" bitsize=\"64\" type=\"ieee_double\" regnum=\"")
                    .append(F0 + i).append("\"/>\n");
        }
        sb.append("    <reg name=\"fpscr\" bitsize=\"32\" group=\"float\" regnum=\"70\"/>\n");
        sb.append("  </feature>\n</target>\n");
        TARGET_XML = sb.toString();
    }
}
