package org.jemu.machine.gdb;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.exec.GuestCpu;

/**
 * The AArch64 register file as gdb sees it: the target description (features {@code org.gnu.gdb.aarch64.core}
 * and {@code org.gnu.gdb.aarch64.fpu}) and the register numbers it defines, which are gdb's AArch64 numbers:
 * x0..x30 (0..30), sp (31), pc (32), cpsr (33, 32 bits), v0..v31 (34..65, 128 bits), fpsr (66), fpcr (67).
 * After them, outside the {@code g} packet (gdb reads them with {@code p}), the feature
 * {@code org.qemu.gdb.arm.sys.regs} (QEMU's name) lists {@link #SYSREGS}: about 40 EL0/EL1 system registers
 * with their architectural names (68 onwards, 64 bits, group {@code system}), read-only. Values are
 * little-endian.
 */
final class Aarch64GdbRegs implements GdbArch {
    static final Aarch64GdbRegs INSTANCE = new Aarch64GdbRegs();

    static final int SP = 31;
    static final int PC = 32;
    static final int CPSR = 33;
    static final int V0 = 34;
    static final int FPSR = 66;
    static final int FPCR = 67;
    /** Registers in the {@code g} packet; the system registers follow, read with {@code p} only. */
    static final int COUNT = 68;
    /** The first system register (feature {@code org.qemu.gdb.arm.sys.regs}). */
    static final int SYS0 = COUNT;

    /**
     * The read-only system registers after the g packet, in register-number order: name, then op0, op1, CRn,
     * CRm, op2 (Arm ARM DDI 0487 D13). 64 bits each, read through
     * {@link Aarch64Cpu#debugReadSysReg} (no access checks, no side effects).
     */
    static final Object[][] SYSREGS = {
        {"SCTLR_EL1", 3, 0, 1, 0, 0}, {"ACTLR_EL1", 3, 0, 1, 0, 1}, {"CPACR_EL1", 3, 0, 1, 0, 2},
        {"TTBR0_EL1", 3, 0, 2, 0, 0}, {"TTBR1_EL1", 3, 0, 2, 0, 1}, {"TCR_EL1", 3, 0, 2, 0, 2},
        {"MAIR_EL1", 3, 0, 10, 2, 0}, {"AMAIR_EL1", 3, 0, 10, 3, 0}, {"VBAR_EL1", 3, 0, 12, 0, 0},
        {"ESR_EL1", 3, 0, 5, 2, 0}, {"FAR_EL1", 3, 0, 6, 0, 0}, {"PAR_EL1", 3, 0, 7, 4, 0},
        {"ELR_EL1", 3, 0, 4, 0, 1}, {"SPSR_EL1", 3, 0, 4, 0, 0}, {"SP_EL0", 3, 0, 4, 1, 0},
        {"SP_EL1", 3, 4, 4, 1, 0}, {"SPSel", 3, 0, 4, 2, 0}, {"CurrentEL", 3, 0, 4, 2, 2}, {"DAIF", 3, 3, 4, 2, 1},
        {"CONTEXTIDR_EL1", 3, 0, 13, 0, 1}, {"TPIDR_EL0", 3, 3, 13, 0, 2}, {"TPIDRRO_EL0", 3, 3, 13, 0, 3},
        {"TPIDR_EL1", 3, 0, 13, 0, 4}, {"MDSCR_EL1", 2, 0, 0, 2, 2}, {"CSSELR_EL1", 3, 2, 0, 0, 0},
        {"MIDR_EL1", 3, 0, 0, 0, 0}, {"MPIDR_EL1", 3, 0, 0, 0, 5}, {"REVIDR_EL1", 3, 0, 0, 0, 6},
        {"CTR_EL0", 3, 3, 0, 0, 1}, {"CLIDR_EL1", 3, 1, 0, 0, 1}, {"ID_AA64PFR0_EL1", 3, 0, 0, 4, 0},
        {"ID_AA64ISAR0_EL1", 3, 0, 0, 6, 0}, {"ID_AA64MMFR0_EL1", 3, 0, 0, 7, 0}, {"ID_AA64DFR0_EL1", 3, 0, 0, 5, 0},
        {"CNTFRQ_EL0", 3, 3, 14, 0, 0}, {"CNTKCTL_EL1", 3, 0, 14, 1, 0}, {"CNTPCT_EL0", 3, 3, 14, 0, 1},
        {"CNTVCT_EL0", 3, 3, 14, 0, 2}, {"CNTP_CTL_EL0", 3, 3, 14, 2, 1}, {"CNTP_CVAL_EL0", 3, 3, 14, 2, 2},
        {"CNTV_CTL_EL0", 3, 3, 14, 3, 1}, {"CNTV_CVAL_EL0", 3, 3, 14, 3, 2},
    };
    /** One past the last register number. */
    static final int END = SYS0 + SYSREGS.length;

    private Aarch64GdbRegs() {
    }

    /** Bytes of register {@code n}, or 0 if there is none. */
    static int sizeOf(int n) {
        if (n >= 0 && n <= PC) {
            return 8;
        }
        if (n == CPSR || n == FPSR || n == FPCR) {
            return 4;
        }
        if (n >= V0 && n < V0 + 32) {
            return 16;
        }
        if (n >= SYS0 && n < END) {
            return 8;
        }
        return 0;
    }

    /** Register {@code n} of {@code cpu}, little-endian (vCPU thread). */
    static byte[] read(Aarch64Cpu cpu, int n) {
        int size = sizeOf(n);
        if (size == 0) {
            return null;
        }
        byte[] b = new byte[size];
        if (n < SP) {
            put(b, 0, cpu.regs[Aarch64Cpu.X0 + n], 8);
        } else if (n == SP) {
            put(b, 0, cpu.regs[Aarch64Cpu.SP], 8);
        } else if (n == PC) {
            put(b, 0, cpu.regs[Aarch64Cpu.PC], 8);
        } else if (n == CPSR) {
            put(b, 0, cpu.pstate(), 4);
        } else if (n == FPSR) {
            put(b, 0, cpu.regs[Aarch64Cpu.FPSR], 4);
        } else if (n == FPCR) {
            put(b, 0, cpu.regs[Aarch64Cpu.FPCR], 4);
        } else if (n >= SYS0) {
            Object[] r = SYSREGS[n - SYS0];
            put(b, 0, cpu.debugReadSysReg((int) r[1], (int) r[2], (int) r[3], (int) r[4], (int) r[5]), 8);
        } else {
            int v = n - V0;
            put(b, 0, cpu.regs[Aarch64Cpu.V0 + 2 * v], 8);
            put(b, 8, cpu.regs[Aarch64Cpu.V0 + 2 * v + 1], 8);
        }
        return b;
    }

    /**
     * Writes register {@code n} from {@code b} at {@code off} (vCPU thread). Writing cpsr changes only
     * NZCV: the exception level, SP selection and DAIF stay as the guest set them.
     */
    static void write(Aarch64Cpu cpu, int n, byte[] b, int off) {
        if (n < SP) {
            cpu.regs[Aarch64Cpu.X0 + n] = get(b, off, 8);
        } else if (n == SP) {
            cpu.regs[Aarch64Cpu.SP] = get(b, off, 8);
        } else if (n == PC) {
            cpu.regs[Aarch64Cpu.PC] = get(b, off, 8);
        } else if (n == CPSR) {
            long v = get(b, off, 4);
            cpu.regs[Aarch64Cpu.NF] = (v >>> 31) & 1;
            cpu.regs[Aarch64Cpu.ZF] = (v >>> 30) & 1;
            cpu.regs[Aarch64Cpu.CF] = (v >>> 29) & 1;
            cpu.regs[Aarch64Cpu.VF] = (v >>> 28) & 1;
        } else if (n == FPSR) {
            cpu.regs[Aarch64Cpu.FPSR] = get(b, off, 4);
        } else if (n == FPCR) {
            cpu.regs[Aarch64Cpu.FPCR] = get(b, off, 4);
        } else {
            int v = n - V0;
            cpu.regs[Aarch64Cpu.V0 + 2 * v] = get(b, off, 8);
            cpu.regs[Aarch64Cpu.V0 + 2 * v + 1] = get(b, off + 8, 8);
        }
    }

    private static void put(byte[] b, int off, long v, int size) {
        GdbArch.put(b, off, v, size);
    }

    private static long get(byte[] b, int off, int size) {
        return GdbArch.get(b, off, size);
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
        return sizeOf(n);
    }

    @Override
    public byte[] read(GuestCpu cpu, int n) {
        return read((Aarch64Cpu) cpu, n);
    }

    /** The system registers are read-only (the E reply); every other register can be written. */
    @Override
    public boolean write(GuestCpu cpu, int n, byte[] b, int off) {
        if (!canWrite(cpu, n, b, off)) {
            return false;
        }
        write((Aarch64Cpu) cpu, n, b, off);
        return true;
    }

    @Override
    public boolean canWrite(GuestCpu cpu, int n, byte[] b, int off) {
        return n >= 0 && n < COUNT;
    }

    /** Through the MMU at the vCPU's current exception level. */
    @Override
    public long debugTranslate(GuestCpu cpu, long vaddr) {
        Aarch64Cpu c = (Aarch64Cpu) cpu;
        return c.debugTranslate(vaddr, GuestCpu.ACCESS_READ, c.el);
    }

    @Override
    public void setPc(GuestCpu cpu, long pc) {
        cpu.regs[Aarch64Cpu.PC] = pc;
    }

    /** The target description: gdb's AArch64 feature and register names, jemu's own XML. */
    static final String TARGET_XML;

    static {
        StringBuilder sb = GdbArch.targetXmlStart("aarch64");
        sb.append("  <feature name=\"org.gnu.gdb.aarch64.core\">\n");
        sb.append("    <flags id=\"cpsr_bits\" size=\"4\">\n");
        String[][] cpsrBits = {{"SP", "0", "0"}, {"EL", "2", "3"}, {"nRW", "4", "4"}, {"F", "6", "6"},
            {"I", "7", "7"}, {"A", "8", "8"}, {"D", "9", "9"}, {"IL", "20", "20"}, {"SS", "21", "21"},
            {"V", "28", "28"}, {"C", "29", "29"}, {"Z", "30", "30"}, {"N", "31", "31"}};
        for (String[] f : cpsrBits) {
            sb.append("      <field name=\"").append(f[0]).append("\" start=\"").append(f[1]).append("\" end=\"")
                    .append(f[2]).append("\"/>\n");
        }
        sb.append("    </flags>\n");
        for (int i = 0; i <= 30; i++) {
            sb.append("    <reg name=\"x").append(i).append("\" bitsize=\"64\" type=\"int\" regnum=\"").append(i)
                    .append("\"/>\n");
        }
        sb.append("    <reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"31\"/>\n");
        sb.append("    <reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\"/>\n");
        sb.append("    <reg name=\"cpsr\" bitsize=\"32\" type=\"cpsr_bits\" regnum=\"33\"/>\n");
        sb.append("  </feature>\n");
        sb.append("  <feature name=\"org.gnu.gdb.aarch64.fpu\">\n");
        sb.append("    <vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n");
        sb.append("    <vector id=\"v2u\" type=\"uint64\" count=\"2\"/>\n");
        sb.append("    <vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n");
        sb.append("    <vector id=\"v4u\" type=\"uint32\" count=\"4\"/>\n");
        sb.append("    <vector id=\"v8u\" type=\"uint16\" count=\"8\"/>\n");
        sb.append("    <vector id=\"v16u\" type=\"uint8\" count=\"16\"/>\n");
        sb.append("    <union id=\"simd128\">\n");
        sb.append("      <field name=\"d\" type=\"v2d\"/>\n");
        sb.append("      <field name=\"s\" type=\"v4f\"/>\n");
        sb.append("      <field name=\"ud\" type=\"v2u\"/>\n");
        sb.append("      <field name=\"us\" type=\"v4u\"/>\n");
        sb.append("      <field name=\"uh\" type=\"v8u\"/>\n");
        sb.append("      <field name=\"ub\" type=\"v16u\"/>\n");
        sb.append("      <field name=\"q\" type=\"uint128\"/>\n");
        sb.append("    </union>\n");
        for (int i = 0; i < 32; i++) {
            sb.append("    <reg name=\"v").append(i).append("\" bitsize=\"128\" type=\"simd128\" regnum=\"")
                    .append(V0 + i).append("\"/>\n");
        }
        sb.append("    <reg name=\"fpsr\" bitsize=\"32\" type=\"int\" regnum=\"66\"/>\n");
        sb.append("    <reg name=\"fpcr\" bitsize=\"32\" type=\"int\" regnum=\"67\"/>\n");
        sb.append("  </feature>\n");
        // QEMU's name for its feature of system registers; gdb shows group "system" in `info registers system`.
        sb.append("  <feature name=\"org.qemu.gdb.arm.sys.regs\">\n");
        for (int i = 0; i < SYSREGS.length; i++) {
            sb.append("    <reg name=\"").append(SYSREGS[i][0]).append("\" bitsize=\"64\" type=\"uint64\" regnum=\"")
                    .append(SYS0 + i).append("\" group=\"system\" save-restore=\"no\"/>\n");
        }
        sb.append("  </feature>\n</target>\n");
        TARGET_XML = sb.toString();
    }
}
