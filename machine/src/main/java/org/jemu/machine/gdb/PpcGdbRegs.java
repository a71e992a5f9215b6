package org.jemu.machine.gdb;

import org.jemu.ppc.cpu.PpcBookESupervisor;
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
 * {@link PpcCpu#debugTranslate} (750: BATs and the hashed page table, no R/C updates; e500mc: TLB0/TLB1 in the
 * address space of MSR[DS], then MSR[IS], no MAS/ESR/DEAR changes). The e500mc gets the same description
 * ({@code qemu-system-ppc -M ppce500 -cpu e500mc} sends power-core and power-fpu too); its MSR writes keep
 * the Book E bits the e500mc implements. The e500mc also gets QEMU's read-only feature {@code org.qemu.power.spr}
 * (from 71, group {@code spr}) with the Book E SPRs jemu models, read as mfspr reads them ({@link #BOOKE_SPRS}).
 */
final class PpcGdbRegs implements GdbArch {
    /** The PowerPC 750 (g3beige): the core and FPU features. */
    static final PpcGdbRegs INSTANCE = new PpcGdbRegs(new Object[0][]);
    /**
     * The e500mc's SPRs in {@code org.qemu.power.spr}, QEMU's names (lower case) and order, without the ones
     * QEMU lists that are write-only or that jemu does not model (decar, usprg3-7, tbl/tbu, dbcr*, iac*, dac*,
     * spefscr, bbear/bbtar, npidr, eplc/epsc): name, SPR number.
     */
    static final Object[][] BOOKE_SPRS;
    /** The e500mc (ppce500): the core and FPU features and the read-only Book E SPRs. */
    static final PpcGdbRegs BOOKE;

    static {
        java.util.List<Object[]> l = new java.util.ArrayList<>();
        Object[][] head = {{"decr", PpcBookESupervisor.DEC}, {"srr0", PpcBookESupervisor.SRR0},
            {"srr1", PpcBookESupervisor.SRR1}, {"pid", PpcBookESupervisor.PID0}, {"csrr0", PpcBookESupervisor.CSRR0},
            {"csrr1", PpcBookESupervisor.CSRR1}, {"dear", PpcBookESupervisor.DEAR}, {"esr", PpcBookESupervisor.ESR},
            {"ivpr", PpcBookESupervisor.IVPR}, {"usprg0", PpcBookESupervisor.USPRG0}};
        l.addAll(java.util.List.of(head));
        for (int i = 0; i < 8; i++) {
            l.add(new Object[] {"sprg" + i, PpcBookESupervisor.SPRG0 + i});
        }
        l.add(new Object[] {"pir", PpcBookESupervisor.PIR});
        l.add(new Object[] {"pvr", PpcBookESupervisor.PVR});
        l.add(new Object[] {"dbsr", PpcBookESupervisor.DBSR});
        l.add(new Object[] {"tsr", PpcBookESupervisor.TSR});
        l.add(new Object[] {"tcr", PpcBookESupervisor.TCR});
        for (int i = 0; i < 16; i++) {
            l.add(new Object[] {"ivor" + i, PpcBookESupervisor.IVOR0 + i});
        }
        for (int i = 38; i < 42; i++) {
            l.add(new Object[] {"ivor" + i, PpcBookESupervisor.IVOR38 + i - 38});
        }
        l.add(new Object[] {"l1cfg0", PpcBookESupervisor.L1CFG0});
        l.add(new Object[] {"l1cfg1", PpcBookESupervisor.L1CFG1});
        for (int i = 33; i < 38; i++) {
            l.add(new Object[] {"ivor" + i, PpcBookESupervisor.IVOR32 + i - 32});
        }
        Object[][] tail = {{"mcsrr0", PpcBookESupervisor.MCSRR0}, {"mcsrr1", PpcBookESupervisor.MCSRR1},
            {"mcsr", PpcBookESupervisor.MCSR}, {"mcar", PpcBookESupervisor.MCAR}, {"dsrr0", PpcBookESupervisor.DSRR0},
            {"dsrr1", PpcBookESupervisor.DSRR1}, {"mas0", PpcBookESupervisor.MAS0}, {"mas1", PpcBookESupervisor.MAS1},
            {"mas2", PpcBookESupervisor.MAS2}, {"mas3", PpcBookESupervisor.MAS3}, {"mas4", PpcBookESupervisor.MAS4},
            {"mas6", PpcBookESupervisor.MAS6}, {"pid1", PpcBookESupervisor.PID1}, {"pid2", PpcBookESupervisor.PID2},
            {"tlb0cfg", PpcBookESupervisor.TLB0CFG}, {"tlb1cfg", PpcBookESupervisor.TLB1CFG},
            {"epr", PpcBookESupervisor.EPR}, {"mas7", PpcBookESupervisor.MAS7}, {"hid0", PpcBookESupervisor.HID0},
            {"hid1", PpcBookESupervisor.HID1}, {"l1csr0", PpcBookESupervisor.L1CSR0},
            {"l1csr1", PpcBookESupervisor.L1CSR1}, {"mmucsr0", PpcBookESupervisor.MMUCSR0},
            {"bucsr", PpcBookESupervisor.BUCSR}, {"mmucfg", PpcBookESupervisor.MMUCFG},
            {"l2csr0", PpcBookESupervisor.L2CSR0}, {"svr", PpcBookESupervisor.SVR}};
        l.addAll(java.util.List.of(tail));
        BOOKE_SPRS = l.toArray(new Object[0][]);
        BOOKE = new PpcGdbRegs(BOOKE_SPRS);
    }

    static final int F0 = 32;
    static final int PC = 64;
    static final int MSR = 65;
    static final int CR = 66;
    static final int LR = 67;
    static final int CTR = 68;
    static final int XER = 69;
    static final int FPSCR = 70;
    static final int COUNT = 71;

    /** SPR feature entries (name, SPR number), numbered from {@link #COUNT}; none on the 750. */
    private final Object[][] sprs;

    private PpcGdbRegs(Object[][] sprs) {
        this.sprs = sprs;
    }

    /** Built on each request (the instances are created before the static XML text in class initialisation). */
    @Override
    public String targetXml() {
        return sprs.length == 0 ? TARGET_XML : bookEXml(sprs);
    }

    @Override
    public int count() {
        return COUNT;
    }

    @Override
    public int size(int n) {
        if (n >= COUNT && n < COUNT + sprs.length) {
            return 4;
        }
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
        if (n >= COUNT) {
            v = PpcBookESupervisor.mfspr(c, (Integer) sprs[n - COUNT][1]);
        } else if (n < F0) {
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

    /**
     * An MSR with LE or ILE set is refused (little-endian mode is not supported), and so is any SPR of the
     * read-only SPR feature; everything else is accepted.
     */
    @Override
    public boolean canWrite(GuestCpu cpu, int n, byte[] b, int off) {
        if (size(n) == 0 || n >= COUNT) {
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

    /** {@link #TARGET_XML} plus the read-only feature {@code org.qemu.power.spr} with {@code sprs} from 71. */
    private static String bookEXml(Object[][] sprs) {
        StringBuilder sb = new StringBuilder(TARGET_XML.substring(0, TARGET_XML.lastIndexOf("</target>")));
        sb.append("  <feature name=\"org.qemu.power.spr\">\n");
        for (int i = 0; i < sprs.length; i++) {
            sb.append("    <reg name=\"").append(sprs[i][0]).append("\" bitsize=\"32\" regnum=\"").append(COUNT + i)
                    .append("\" group=\"spr\" save-restore=\"no\"/>\n");
        }
        sb.append("  </feature>\n</target>\n");
        return sb.toString();
    }

    static {
        StringBuilder sb = GdbArch.targetXmlStart("powerpc:common");
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
