package org.jemu.machine.gdb;

import org.jemu.arm.a32.VfpOps;
import org.jemu.arm.cpu.A32System;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.exec.GuestCpu;

/**
 * The AArch32 register file of an ARMv7-A vCPU ({@code -cpu cortex-a15}, {@link Aarch64Cpu#aarch32El1}) as
 * gdb's {@code arm} architecture sees it, with the register numbers {@code qemu-system-arm -M virt -cpu
 * cortex-a15} uses: feature {@code org.gnu.gdb.arm.core} r0..r12 (0..12), sp (13), lr (14), pc (15), cpsr (25);
 * feature {@code org.gnu.gdb.arm.vfp} d0..d31 (26..57, 64 bits) and fpscr (58). Numbers 16..24 (the old FPA
 * registers) do not exist and take no room in the {@code g} packet. Values are little-endian, 32 bits except
 * the D registers.
 *
 * <p>r0..r14 are the current mode's view (DDI 0406C B1.3.2 "ARM core registers": r8..r12 of FIQ mode and the
 * banked sp and lr of each mode). {@code cpsr} reads as MRS does (N Z C V Q, IT, GE, E, A I F, T, M; B1.3.3);
 * writing it sets N Z C V Q and GE only: mode, T, IT, E and the masks stay as the guest set them (a mode
 * change would re-bank registers under the debugger). D(n) is the D register view of the FP/SIMD file (V(n/2)'s
 * low or high half); {@code fpscr} is the union of FPCR and FPSR as VMRS reads it and is written as VMSR
 * writes it. Memory is virtual addresses translated by the short-descriptor or LPAE MMU at the current PL,
 * without access checks' side effects ({@link Aarch64Cpu#debugTranslate}).
 */
final class Arm32GdbRegs implements GdbArch {
    static final Arm32GdbRegs INSTANCE = new Arm32GdbRegs();

    static final int SP = 13;
    static final int LR = 14;
    static final int PC = 15;
    static final int CPSR = 25;
    static final int D0 = 26;
    static final int FPSCR = 58;
    static final int COUNT = 59;
    /** CPSR bits a debugger write changes: N Z C V Q and GE[3:0]. */
    static final long CPSR_WRITABLE = 0xf80f_0000L;

    private Arm32GdbRegs() {
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
        if (n >= 0 && n <= PC || n == CPSR || n == FPSCR) {
            return 4;
        }
        return n >= D0 && n < FPSCR ? 8 : 0;
    }

    private static int slot(Aarch64Cpu c, int n) {
        return Aarch64Cpu.X0 + A32System.slot(A32System.bank(c.cpsrMode), n);
    }

    @Override
    public byte[] read(GuestCpu cpu, int n) {
        Aarch64Cpu c = (Aarch64Cpu) cpu;
        int size = size(n);
        if (size == 0) {
            return null;
        }
        long v;
        if (n < PC) {
            v = c.regs[slot(c, n)];
        } else if (n == PC) {
            v = c.regs[Aarch64Cpu.PC];
        } else if (n == CPSR) {
            v = A32System.cpsr(c);
        } else if (n == FPSCR) {
            v = VfpOps.fpscr(c);
        } else {
            v = c.regs[Aarch64Cpu.V0 + n - D0];
        }
        byte[] b = new byte[size];
        GdbArch.put(b, 0, v, size);
        return b;
    }

    @Override
    public boolean write(GuestCpu cpu, int n, byte[] b, int off) {
        if (!canWrite(cpu, n, b, off)) {
            return false;
        }
        Aarch64Cpu c = (Aarch64Cpu) cpu;
        if (n >= D0 && n < FPSCR) {
            c.regs[Aarch64Cpu.V0 + n - D0] = GdbArch.get(b, off, 8);
            return true;
        }
        long v = GdbArch.get(b, off, 4);
        if (n < PC) {
            c.regs[slot(c, n)] = v;
        } else if (n == PC) {
            setPc(c, v);
        } else if (n == CPSR) {
            c.regs[Aarch64Cpu.NF] = v >>> 31 & 1;
            c.regs[Aarch64Cpu.ZF] = v >>> 30 & 1;
            c.regs[Aarch64Cpu.CF] = v >>> 29 & 1;
            c.regs[Aarch64Cpu.VF] = v >>> 28 & 1;
            c.regs[Aarch64Cpu.QF] = v >>> 27 & 1;
            c.regs[Aarch64Cpu.GE] = v >>> 16 & 0xf;
        } else {
            VfpOps.setFpscr(c, 1, (int) v);
        }
        return true;
    }

    @Override
    public boolean canWrite(GuestCpu cpu, int n, byte[] b, int off) {
        return size(n) != 0;
    }

    /** Through the MMU at the vCPU's current privilege level (PL0 in User mode, else PL1). */
    @Override
    public long debugTranslate(GuestCpu cpu, long vaddr) {
        Aarch64Cpu c = (Aarch64Cpu) cpu;
        return c.debugTranslate(vaddr & 0xffff_ffffL, GuestCpu.ACCESS_READ, c.el);
    }

    /** The PC of the current instruction set state (bit 0 ignored; the T bit stays as it is). */
    @Override
    public void setPc(GuestCpu cpu, long pc) {
        cpu.regs[Aarch64Cpu.PC] = pc & 0xffff_fffeL;
    }

    /**
     * The target description: gdb's ARM feature and register names with QEMU's numbering for cortex-a15
     * (the D registers with the {@code neon_d} union type QEMU gives them), jemu's own XML.
     */
    static final String TARGET_XML;

    static {
        StringBuilder sb = GdbArch.targetXmlStart("arm");
        sb.append("  <feature name=\"org.gnu.gdb.arm.core\">\n");
        for (int i = 0; i < 16; i++) {
            String name = i == SP ? "sp" : i == LR ? "lr" : i == PC ? "pc" : "r" + i;
            String type = i == SP ? " type=\"data_ptr\"" : i == PC ? " type=\"code_ptr\"" : "";
            sb.append("    <reg name=\"").append(name).append("\" bitsize=\"32\"").append(type).append(" regnum=\"")
                    .append(i).append("\"/>\n");
        }
        sb.append("    <reg name=\"cpsr\" bitsize=\"32\" regnum=\"25\"/>\n");
        sb.append("  </feature>\n");
        sb.append("  <feature name=\"org.gnu.gdb.arm.vfp\">\n");
        String[][] d = {{"u8", "neon_uint8x8", "uint8", "8"}, {"u16", "neon_uint16x4", "uint16", "4"},
            {"u32", "neon_uint32x2", "uint32", "2"}, {"f32", "neon_float32x2", "ieee_single", "2"}};
        for (String[] v : d) {
            sb.append("    <vector id=\"").append(v[1]).append("\" type=\"").append(v[2]).append("\" count=\"")
                    .append(v[3]).append("\"/>\n");
        }
        sb.append("    <union id=\"neon_d\">\n");
        for (String[] f : new String[][] {{"u8", "neon_uint8x8"}, {"u16", "neon_uint16x4"}, {"u32", "neon_uint32x2"},
            {"u64", "uint64"}, {"f32", "neon_float32x2"}, {"f64", "ieee_double"}}) {
            sb.append("      <field name=\"").append(f[0]).append("\" type=\"").append(f[1]).append("\"/>\n");
        }
        sb.append("    </union>\n");
        for (int i = 0; i < 32; i++) {
            sb.append("    <reg name=\"d").append(i).append("\" bitsize=\"64\" type=\"neon_d\" regnum=\"")
                    .append(D0 + i).append("\"/>\n");
        }
        sb.append("    <reg name=\"fpscr\" bitsize=\"32\" type=\"int\" group=\"float\" regnum=\"58\"/>\n");
        sb.append("  </feature>\n</target>\n");
        TARGET_XML = sb.toString();
    }
}
