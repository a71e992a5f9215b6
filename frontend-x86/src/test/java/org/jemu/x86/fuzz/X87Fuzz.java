package org.jemu.x86.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jemu.testkit.UcX86Reg;
import org.jemu.testkit.Unicorn;
import org.jemu.x86.cpu.X86Cpu;
import org.jemu.x86.decode.OpcodeEntry;
import org.jemu.x86.decode.OpcodeMaps;
import org.jemu.x86.decode.X86Insn;
import org.jemu.x86.x87.Fx80;
import org.jemu.x86.x87.Fx80Math;

/**
 * The x87 and MMX part of the sequence fuzzer (FLAT32, PROT16 and REAL16 cases with {@code x87} set, the runs
 * {@code X87}, {@code X87_PROT16}, {@code X87_REAL16}): the
 * x87 forms ({@link #FORMS}) and MMX forms ({@link #MMX_FORMS}) mixed into the integer sequences, the random FPU
 * state every such case starts from, the compared FPU state ({@link State}) and the
 * differences between Unicorn 2.0.1 (QEMU 5.0's x87 helpers) and the SDM that the lock-step diagnosis accepts
 * ({@link X86DifferentialFuzzTest.Known}'s {@code X87_*} entries).
 *
 * <p>Set-up: Unicorn 2.0.1 ignores writes of UC_X86_REG_FP0..7 (its {@code reg_write} leaves them commented
 * out), so every x87 case starts with {@code FRSTOR} ({@link #prologue}) of a 108-byte image (32-bit protected-mode layout, SDM
 * Vol. 1 8.1.10 Figure 8-12) in the code region after the HLT, with a random FCW (RC, PC and IC random, all
 * exceptions masked: QEMU 5.0 computes the masked response whatever FCW says), TOP, C0..C3, a random stack depth
 * (tags valid or empty) and ST0..ST7 of the classes Unicorn computes like the SDM: normals, integers, zeros,
 * infinities, QNaNs and SNaNs, denormals, extremes (no pseudo-denormals, unnormals, pseudo-NaNs or
 * pseudo-infinities: QEMU 5.0 treats them as ordinary numbers, see {@code X87DifferentialTest}).
 *
 * <p>Memory operands of the x87 forms are absolute ({@code [disp32]} or, 16-bit, {@code [disp16]}) into a 32-byte
 * slot per instruction at DS:{@link #SLOTS}, filled with a value of the operand's type: floats of the
 * classes above, small and extreme integers, control words with every exception masked, FLDENV images with a
 * masked FCW. Stores write their slot (compared as memory); later integer stores may overwrite a slot, which is
 * why the known-difference checks look at the operand actually read.
 *
 * <p>Compared after every run and step: the eight physical registers R0..R7 as 80-bit patterns (Unicorn's FP0..7
 * are QEMU's {@code fpregs[i]}, physical), FCW, FSW without the exception flags, ES, B and C1 (QEMU 5.0 does not
 * merge its softfloat flags into FSW and never writes C1; {@code X87DifferentialTest} and {@code Fx80MathTest}
 * check those from the SDM), and the full tag word (Unicorn's FPTAG is computed from the contents like the
 * FSTENV image). FIP, FCS, FOP, FDP and FDS are not compared: QEMU 5.0 does not keep them.
 *
 * <p>MMX forms (no prefix) take register operands at random or an absolute memory slot (a random quadword,
 * mostly a small count for the shifts); the MM registers are the same physical registers, so the same state
 * comparison covers them. QEMU 5.0 does not set bits 79:64 of a register an MMX instruction writes
 * ({@link X86DifferentialFuzzTest.Known#MMX_EXPONENT_NOT_SET}).
 */
final class X87Fuzz {
    private X87Fuzz() {
    }

    /** Offset of the FRSTOR image in the FLAT32 code region (after any sequence). */
    static final int IMAGE_OFF = 0xB00;
    static final long IMAGE = X86FuzzCase.CODE32 + IMAGE_OFF;
    static final int IMAGE_SIZE = 108;
    /** The operand slots: data window offset, 32 bytes per instruction. */
    static final int SLOTS = 0xE000, SLOT = 32;
    /** FSW bits compared: TOP, C0, C2, C3 (see the class comment). */
    static final int FSW_COMPARED = 0x3800 | 1 << 8 | 1 << 10 | 1 << 14;
    /** FSW bits QEMU 5.0 does not maintain: IE..PE, SF, ES, C1, B. */
    static final int FSW_FLAGS = 0x7F | 0x80 | 0x200 | 0x8000;

    /**
     * x87 mnemonics of the opcode maps never generated, with the reason (the rest are; the test checks it).
     */
    static final Map<String, String> EXCLUDED = new LinkedHashMap<>();

    static {
        for (String m : List.of("F2XM1", "FYL2X", "FPTAN", "FPATAN", "FYL2XP1", "FSINCOS", "FSIN", "FCOS")) {
            EXCLUDED.put(m, "transcendental: QEMU 5.0 computes it through host double precision, not correctly "
                    + "rounded to 64 bits as jemu (and the hardware to within 1 ulp); no exact oracle "
                    + "(Fx80MathTest checks jemu's against correctly rounded values)");
        }
        EXCLUDED.put("FPREM", "QEMU 5.0 computes FPREM/FPREM1 in host double precision (X87DifferentialTest's "
                + "FPREM category; Fx80MathTest checks jemu's)");
        EXCLUDED.put("FPREM1", EXCLUDED.get("FPREM"));
        EXCLUDED.put("FBLD", "packed BCD: instruction by instruction in X87DifferentialTest");
        EXCLUDED.put("FBSTP", "packed BCD: instruction by instruction in X87DifferentialTest (QEMU 5.0 differs for "
                + "out-of-range operands)");
        EXCLUDED.put("FNSAVE", "the 108-byte image holds FIP/FCS/FOP/FDP/FDS, which QEMU 5.0 does not keep; "
                + "FNSTENV (generated) stores the same environment");
        EXCLUDED.put("FRSTOR", "the prologue of every x87 case");
    }

    /** One x87 form: the escape byte, ModRM (reg cell: the whole byte; memory: the reg field), the map cell. */
    record Form(int esc, int modrm, boolean memory, OpcodeEntry entry) {
        String key() {
            return entry.mnemonic() + " " + entry.operandText();
        }
    }

    static final List<Form> FORMS = forms();

    private static List<Form> forms() {
        List<Form> out = new ArrayList<>();
        for (int e = 0; e < 8; e++) {
            for (int reg = 0; reg < 8; reg++) {
                OpcodeEntry m = OpcodeMaps.X87_MEM.get(e).get(reg);
                if (m.isInstruction() && !EXCLUDED.containsKey(m.mnemonic())) {
                    out.add(new Form(0xD8 + e, reg << 3, true, m));
                }
            }
            for (int rm = 0; rm < 64; rm++) {
                OpcodeEntry m = OpcodeMaps.X87_REG.get(e).get(rm);
                if (m.isInstruction() && !EXCLUDED.containsKey(m.mnemonic())) {
                    out.add(new Form(0xD8 + e, 0xC0 | rm, false, m));
                }
            }
        }
        return out;
    }

    /** An MMX form: the 0F-map opcode (0F00h | xx), the group slot (Grp12..14) or -1, the map cell. */
    record MmxForm(int opcode, int groupReg, OpcodeEntry entry) {
    }

    /** The MMX cells of the 0F map (and Grp12..14 slots), generated in the x87 cases too. */
    static final List<MmxForm> MMX_FORMS = mmxForms();

    private static List<MmxForm> mmxForms() {
        List<MmxForm> out = new ArrayList<>();
        for (int op = 0; op < 256; op++) {
            OpcodeEntry e = OpcodeMaps.TWO_BYTE.get(op);
            if (e.kind() == OpcodeEntry.Kind.GROUP) {
                for (int r = 0; r < 8; r++) {
                    OpcodeEntry g = e.slots().get(r);
                    if (g.isInstruction() && org.jemu.x86.x87.Mmx.MNEMONICS.contains(g.mnemonic())) {
                        out.add(new MmxForm(0x0F00 | op, r, g));
                    }
                }
            } else if (e.isInstruction() && org.jemu.x86.x87.Mmx.MNEMONICS.contains(e.mnemonic())) {
                out.add(new MmxForm(0x0F00 | op, -1, e));
            }
        }
        return out;
    }

    /**
     * The bytes of MMX form {@code f} (no prefix: the 66/F2/F3 forms are SSE2): register operands random, a memory
     * operand absolute into slot {@code slot} (random quadword; shifts mostly a small count), immediate counts
     * mostly below the lane width.
     */
    static byte[] encodeMmx(MmxForm f, int slot, SplittableRandom r, byte[] slots, boolean[] usedSlot, boolean b16) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(0x0F);
        b.write(f.opcode & 0xFF);
        String mn = f.entry.mnemonic();
        boolean shift = mn.startsWith("PSLL") || mn.startsWith("PSRL") || mn.startsWith("PSRA");
        if (f.groupReg >= 0) {
            b.write(0xC0 | f.groupReg << 3 | r.nextInt(8));
            b.write(r.nextInt(4) == 0 ? r.nextInt(256) : r.nextInt(66));
            return b.toByteArray();
        }
        if (f.entry.operands().isEmpty()) {
            return b.toByteArray();                     // EMMS
        }
        int reg = r.nextInt(8);
        if (r.nextInt(3) == 0) {
            int addr = SLOTS + SLOT * slot;
            ByteBuffer v = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            long[] sp = {0, -1, 0x7FFF_7FFF_7FFF_7FFFL, 0x8000_8000_8000_8000L, 0x7F80_7F80_0180_FF01L,
                    0x0000_7FFF_FFFF_8000L};
            v.putLong(0, shift && r.nextInt(3) != 0 ? r.nextInt(70) : r.nextInt(4) == 0 ? sp[r.nextInt(sp.length)]
                    : r.nextLong());
            System.arraycopy(v.array(), 0, slots, SLOT * slot, 8);
            usedSlot[0] = true;
            absolute(b, reg, addr, b16);
        } else {
            b.write(0xC0 | reg << 3 | r.nextInt(8));
        }
        return b.toByteArray();
    }

    /** Every x87 mnemonic of the maps (for the generated-or-excluded check). */
    static java.util.Set<String> mnemonics() {
        java.util.Set<String> s = new java.util.TreeSet<>();
        for (var maps : List.of(OpcodeMaps.X87_MEM, OpcodeMaps.X87_REG)) {
            for (var t : maps) {
                for (OpcodeEntry e : t) {
                    if (e.isInstruction()) {
                        s.add(e.mnemonic());
                    }
                }
            }
        }
        return s;
    }

    /** CS offset of the image in PROT16 (CS base 1F000h) and REAL16 (CS 0, code at 1000h): 1B00h in both. */
    static final int IMAGE_OFF16 = 0x1000 + IMAGE_OFF;

    /**
     * {@code FRSTOR [IMAGE]}: DD /4, mod 00 r/m 101, disp32; in the 16-bit modes {@code o32 FRSTOR CS:[1B00h]}
     * (66 2E DD /4 r/m 110 disp16: the 32-bit layout, read through CS, whose offset is known).
     */
    static byte[] prologue(boolean b16) {
        if (b16) {
            return new byte[] {0x66, 0x2E, (byte) 0xDD, 0x26, (byte) IMAGE_OFF16, (byte) (IMAGE_OFF16 >>> 8)};
        }
        return new byte[] {(byte) 0xDD, 0x25, (byte) IMAGE, (byte) (IMAGE >>> 8), (byte) (IMAGE >>> 16),
                (byte) (IMAGE >>> 24)};
    }

    /** ModRM (mod 00, r/m 101 or, 16-bit, 110) and the displacement of the absolute operand {@code addr}. */
    private static void absolute(java.io.ByteArrayOutputStream b, int reg, int addr, boolean b16) {
        b.write(reg << 3 | (b16 ? 6 : 5));
        b.write(addr);
        b.write(addr >>> 8);
        if (!b16) {
            b.write(0);
            b.write(0);
        }
    }

    /**
     * The bytes of form {@code f}; a memory form addresses slot {@code slot} ({@link #SLOTS}), whose operand it
     * writes into {@code slots} (the slot area, from slot 0).
     */
    static byte[] encode(Form f, int slot, SplittableRandom r, byte[] slots, boolean b16) {
        if (!f.memory) {
            int modrm = f.modrm;
            if (f.entry.operandText().contains("ST(i)") && r.nextInt(4) != 0) {
                modrm = (modrm & ~7) | r.nextInt(4);     // mostly ST(0)..ST(3): fewer reads of empty registers
            }
            return new byte[] {(byte) f.esc, (byte) modrm};
        }
        int addr = SLOTS + SLOT * slot;
        byte[] v = operand(r, f.entry.operandText(), b16);
        System.arraycopy(v, 0, slots, SLOT * slot, v.length);
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(f.esc);
        absolute(b, f.modrm >>> 3, addr, b16);
        return b.toByteArray();
    }

    /** A random operand of an x87 memory type (SDM Vol. 1 4.2, 8.1.10); {@code b16}: 16-bit operand size. */
    static byte[] operand(SplittableRandom r, String type, boolean b16) {
        ByteBuffer b = ByteBuffer.allocate(SLOT).order(ByteOrder.LITTLE_ENDIAN);
        int c = r.nextInt(100);
        switch (type) {
            case "single-real" -> {
                int[] sp = {0, 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_1234, 0x0000_0001,
                        0x807F_FFFF, 0x7F7F_FFFF, 0x0080_0000, 0x3F80_0000, 0x4B00_0000};
                b.putInt(0, c < 60 ? Float.floatToRawIntBits((float) r.nextDouble(-1e4, 1e4))
                        : c < 75 ? Float.floatToRawIntBits(r.nextInt(-1000, 1000))
                        : c < 85 ? (r.nextInt() & 0x807F_FFFF) | r.nextInt(1, 255) << 23 : sp[r.nextInt(sp.length)]);
            }
            case "double-real" -> {
                long[] sp = {0, Long.MIN_VALUE, 0x7FF0_0000_0000_0000L, 0xFFF8_0000_0000_0000L, 0x7FF8_0000_0000_0001L,
                        1, 0x800F_FFFF_FFFF_FFFFL, 0x7FEF_FFFF_FFFF_FFFFL, 0x0010_0000_0000_0000L,
                        0x3FF0_0000_0000_0000L};
                b.putLong(0, c < 60 ? Double.doubleToRawLongBits(r.nextDouble(-1e6, 1e6))
                        : c < 75 ? Double.doubleToRawLongBits(r.nextInt(-1000, 1000))
                        : c < 85 ? (r.nextLong() & 0x800F_FFFF_FFFF_FFFFL) | (long) r.nextInt(1, 2047) << 52
                        : sp[r.nextInt(sp.length)]);
            }
            case "extended-real" -> b.put(0, value(r, null).toBytes());
            case "word-integer" -> b.putShort(0, (short) (c < 60 ? r.nextInt(-300, 300)
                    : c < 70 ? Short.MIN_VALUE : r.nextInt()));
            case "dword-integer" -> b.putInt(0, c < 60 ? r.nextInt(-300, 300) : c < 70 ? Integer.MIN_VALUE : r.nextInt());
            case "qword-integer" -> b.putLong(0, c < 60 ? r.nextLong(-300, 300) : c < 70 ? Long.MIN_VALUE : r.nextLong());
            case "2 bytes" -> b.putShort(0, (short) controlWord(r));
            case "14/28 bytes" -> {
                // FLDENV image (Figures 8-9..8-12): masked FCW, FSW, tags, random pointers
                if (b16) {
                    b.putShort(0, (short) controlWord(r));
                    b.putShort(2, (short) (r.nextInt(8) << 11 | (r.nextInt() & 0x4700)));
                    b.putShort(4, (short) r.nextInt(0x10000));
                    for (int i = 6; i < 14; i += 2) {
                        b.putShort(i, (short) r.nextInt());
                    }
                    break;
                }
                b.putInt(0, 0xFFFF_0000 | controlWord(r));
                b.putInt(4, 0xFFFF_0000 | r.nextInt(8) << 11 | (r.nextInt() & 0x4700));
                b.putInt(8, 0xFFFF_0000 | r.nextInt(0x10000));
                for (int i = 12; i < 28; i += 4) {
                    b.putInt(i, r.nextInt());
                }
            }
            default -> throw new IllegalArgumentException("x87 operand type " + type);
        }
        return b.array();
    }

    /** An FCW with every exception masked and random RC, PC (not the reserved 01b) and IC. */
    static int controlWord(SplittableRandom r) {
        return 0x0040 | 0x3F | r.nextInt(4) << 10 | new int[] {0, 2, 3, 3}[r.nextInt(4)] << 8
                | (r.nextBoolean() ? 0x1000 : 0);
    }

    /** A random register value of a class QEMU 5.0 computes with as the SDM does (see the class comment). */
    static Fx80 value(SplittableRandom r, Fx80 other) {
        long sig = r.nextLong() | Fx80.J;
        int s = r.nextBoolean() ? 0x8000 : 0;
        int c = r.nextInt(100);
        if (c < 35) {
            return new Fx80(s | (Fx80.BIAS + r.nextInt(-40, 41)), sig);
        }
        if (c < 42) {
            return new Fx80(s | r.nextInt(1, 0x7FFF), sig);
        }
        if (c < 55) {
            Fx80 x = Fx80Math.fromLong(r.nextLong(-100_000, 100_000));
            return r.nextInt(4) == 0 && !x.isZero() ? new Fx80(x.se() - r.nextInt(0, 4), x.m()) : x;
        }
        if (c < 62 && other != null && other.isFinite() && !other.isZero() && !other.isDenormal()) {
            return new Fx80((other.se() & 0x8000) ^ (r.nextInt(3) == 0 ? 0x8000 : 0) | other.exp(),
                    other.m() + r.nextLong(-3, 4) | Fx80.J);
        }
        if (c < 67) {
            return new Fx80(s, 0);
        }
        if (c < 70) {
            return new Fx80(s | 0x7FFF, Fx80.J);
        }
        if (c < 73) {
            return new Fx80(s | 0x7FFF, Fx80.J | Fx80.QUIET | (r.nextLong() >>> 2 >>> r.nextInt(0, 62)));
        }
        if (c < 75) {
            return new Fx80(s | 0x7FFF, Fx80.J | Math.max(1, r.nextLong() >>> 2 >>> r.nextInt(0, 62)));
        }
        if (c < 80) {
            return new Fx80(s, Math.max(1, (r.nextLong() >>> 1) >>> r.nextInt(0, 63)));
        }
        if (c < 90) {
            return new Fx80(s | (0x7FFE - r.nextInt(0, 70)), sig);
        }
        return new Fx80(s | r.nextInt(1, 70), sig);
    }

    /** The FRSTOR image of a case (Figure 8-12 and 8-9, 32-bit protected mode). */
    static byte[] image(SplittableRandom r) {
        ByteBuffer b = ByteBuffer.allocate(IMAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int top = r.nextInt(8);
        // mostly 4..7 registers in use: random sequences push and pop, and QEMU does not model stack faults
        int depth = new int[] {0, 1, 2, 3, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 8}[r.nextInt(15)];
        int tw = 0;
        for (int i = 0; i < 8; i++) {
            tw |= (i < depth ? 0 : 3) << (2 * ((top + i) & 7));
        }
        b.putInt(0xFFFF_0000 | controlWord(r)).putInt(0xFFFF_0000 | top << 11 | (r.nextInt() & 0x4700))
                .putInt(0xFFFF_0000 | tw);
        for (int i = 0; i < 4; i++) {
            b.putInt(r.nextInt());
        }
        Fx80 prev = null;
        for (int i = 0; i < 8; i++) {
            Fx80 v = value(r, prev);
            b.put(v.toBytes());
            prev = v;
        }
        return b.array();
    }

    // ---- the compared state -------------------------------------------------------------------------------------

    /**
     * FPU state: physical registers R0..R7 (sign/exponent and significand), FCW, FSW (TOP in 13:11), the full tag
     * word (two bits per physical register, SDM Vol. 1 8.1.7).
     */
    record State(int[] se, long[] m, int cw, int sw, int tw) {
        String firstDifference(State o) {
            for (int p = 0; p < 8; p++) {
                if (se[p] != o.se[p] || m[p] != o.m[p]) {
                    return String.format("R%d (ST%d): %s vs %s", p, (p - ((sw >>> 11) & 7)) & 7,
                            new Fx80(se[p], m[p]), new Fx80(o.se[p], o.m[p]));
                }
            }
            if (cw != o.cw) {
                return String.format("FCW: %04x vs %04x", cw, o.cw);
            }
            if (((sw ^ o.sw) & FSW_COMPARED) != 0) {
                return String.format("FSW: %04x vs %04x (compared bits %04x)", sw, o.sw, FSW_COMPARED);
            }
            if (tw != o.tw) {
                return String.format("FTW: %04x vs %04x", tw, o.tw);
            }
            return null;
        }

        /** Differs in the tag word only. */
        boolean onlyTags(State o) {
            return tw != o.tw && java.util.Arrays.equals(se, o.se) && java.util.Arrays.equals(m, o.m) && cw == o.cw
                    && ((sw ^ o.sw) & FSW_COMPARED) == 0;
        }

        Fx80 reg(int p) {
            return new Fx80(se[p], m[p]);
        }

        Fx80 st(int i) {
            return reg((((sw >>> 11) & 7) + i) & 7);
        }

        boolean empty(int i) {
            return ((tw >>> (2 * ((((sw >>> 11) & 7) + i) & 7))) & 3) == 3;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format("FCW %04x FSW %04x FTW %04x", cw, sw, tw));
            for (int i = 0; i < 8; i++) {
                sb.append(String.format(" ST%d=%s%s", i, st(i), empty(i) ? "(empty)" : ""));
            }
            return sb.toString();
        }
    }

    private static final int[] UC_REGS = {UcX86Reg.UC_X86_REG_FPCW, UcX86Reg.UC_X86_REG_FPSW,
            UcX86Reg.UC_X86_REG_FPTAG};

    static State read(Unicorn uc) {
        int[] se = new int[8];
        long[] m = new long[8];
        for (int p = 0; p < 8; p++) {
            byte[] b = uc.regReadBytes(UcX86Reg.UC_X86_REG_FP0 + p, 10);
            Fx80 v = Fx80.fromBytes(b, 0);
            se[p] = v.se();
            m[p] = v.m();
        }
        long[] v = uc.regReadBatch(UC_REGS);
        return new State(se, m, (int) v[0] & 0xFFFF, (int) v[1] & 0xFFFF, (int) v[2] & 0xFFFF);
    }

    static State read(X86Cpu cpu) {
        int[] se = new int[8];
        long[] m = new long[8];
        int tw = 0;
        for (int p = 0; p < 8; p++) {
            se[p] = (int) cpu.regs[X86Cpu.FPR_SE + p] & 0xFFFF;
            m[p] = cpu.regs[X86Cpu.FPR_M + p];
            int t = org.jemu.x86.x87.X87.tag(cpu, p);
            tw |= (t == 3 ? 3 : org.jemu.x86.x87.X87.tagOf(new Fx80(se[p], m[p]))) << (2 * p);
        }
        return new State(se, m, (int) cpu.regs[X86Cpu.FPU_CW] & 0xFFFF, (int) cpu.regs[X86Cpu.FPU_SW] & 0xFFFF, tw);
    }

    /** Loads {@code s} into jemu's FPU, keeping jemu's FSW exception flags, ES, B and C1 (not compared). */
    static void write(X86Cpu cpu, State s) {
        for (int p = 0; p < 8; p++) {
            cpu.regs[X86Cpu.FPR_SE + p] = s.se()[p];
            cpu.regs[X86Cpu.FPR_M + p] = s.m()[p];
        }
        cpu.regs[X86Cpu.FPU_CW] = s.cw();
        cpu.regs[X86Cpu.FPU_SW] = (cpu.regs[X86Cpu.FPU_SW] & FSW_FLAGS) | (s.sw() & ~FSW_FLAGS & 0xFFFF);
        cpu.regs[X86Cpu.FPU_TW] = s.tw();
    }

    /** True for the MMX instructions (0F map). */
    static boolean isMmx(X86Insn in) {
        return in.ok() && in.opcode() > 0xFF && org.jemu.x86.x87.Mmx.MNEMONICS.contains(in.entry().mnemonic());
    }

    /**
     * An MMX instruction whose results agree except bits 79:64 of the x87 registers it wrote (jemu all 1s, SDM
     * Vol. 1 9.5.1; QEMU 5.0 writes only the significand) and the tag word that follows from them.
     */
    static boolean onlyMmxExponents(X86FuzzState u, X86FuzzState j, int undefinedFlags) {
        if (u.x87() == null || j.x87() == null) {
            return false;
        }
        State a = j.x87();
        int[] se = a.se().clone();
        boolean any = false;
        for (int p = 0; p < 8; p++) {
            if (se[p] != u.x87().se()[p] && se[p] == 0xFFFF) {
                se[p] = u.x87().se()[p];
                any = true;
            }
        }
        State fixed = new State(se, a.m(), a.cw(), a.sw(), u.x87().tw());
        return any && u.firstDifference(j.withX87(fixed), undefinedFlags) == null;
    }

    /** True for the x87 escape opcodes (FWAIT is an integer-map instruction and not counted). */
    static boolean isX87(X86Insn in) {
        return in.ok() && in.opcode() >= 0xD8 && in.opcode() <= 0xDF;
    }

    /** The FPU state an FRSTOR image loads (for reports). */
    static String imageState(byte[] img) {
        ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        int sw = b.getShort(4) & 0xFFFF;
        int top = (sw >>> 11) & 7;
        int[] se = new int[8];
        long[] m = new long[8];
        for (int i = 0; i < 8; i++) {
            Fx80 v = Fx80.fromBytes(img, 28 + 10 * i);
            se[(top + i) & 7] = v.se();
            m[(top + i) & 7] = v.m();
        }
        return new State(se, m, b.getShort(0) & 0xFFFF, sw, b.getShort(8) & 0xFFFF).toString();
    }

    /** The linear address of an x87 form's absolute memory operand, or -1 (register forms). */
    static long operandAddress(X86Insn in, X86Cpu cpu) {
        if (in.mod() == 3 || in.ea() == null || in.ea().base() != org.jemu.x86.decode.EffectiveAddress.NONE
                || in.ea().index() != org.jemu.x86.decode.EffectiveAddress.NONE) {
            return -1;
        }
        int seg = in.ea().segment();
        long offset = in.ea().displacement() & (in.addrSize() == 16 ? 0xFFFFL : 0xFFFF_FFFFL);   // disp16 is signed
        return (cpu.regs[X86Cpu.SEG_BASE + seg] + offset) & 0xFFFF_FFFFL;
    }

    /** The 32 bytes at the memory operand (from the state's memory {@code mem} before the instruction), or null. */
    static byte[] operandBytes(X86FuzzCase c, X86Insn in, X86Cpu cpu, byte[] mem) {
        long a = operandAddress(in, cpu);
        int at = a < 0 ? -1 : c.windowIndex(a);
        return at < 0 || at + SLOT > mem.length ? null : java.util.Arrays.copyOfRange(mem, at, at + SLOT);
    }

    /**
     * Lock-step: the status-word bits QEMU 5.0 does not maintain ({@link #FSW_FLAGS}) reach integer state through
     * FNSTSW AX, FNSTSW m16 and FNSTENV, and FNSTENV also stores FIP, FCS, FOP, FDP and FDS, which QEMU 5.0 does
     * not keep. Those bits are copied from Unicorn's result into jemu's (state and CPU or memory), as undefined
     * EFLAGS are, so the comparison and the rest of the sequence see the same values.
     */
    static void syncStatusStores(X86FuzzCase c, X86Insn in, State before, X86FuzzState u, X86FuzzState j,
            JemuX86Runner jr) {
        if (u.stop().kind() != X86FuzzState.Kind.RUNNING && u.stop().kind() != X86FuzzState.Kind.COMPLETED
                || !u.stop().sameAs(j.stop())) {
            return;
        }
        String m = in.entry().mnemonic();
        if (m.equals("FNSTSW") && in.mod() == 3) {
            long v = (j.regs()[0] & ~(long) FSW_FLAGS) | (u.regs()[0] & FSW_FLAGS);
            j.regs()[0] = v;
            jr.cpu.regs[X86Cpu.EAX] = (jr.cpu.regs[X86Cpu.EAX] & ~(long) FSW_FLAGS) | (u.regs()[0] & FSW_FLAGS);
            return;
        }
        boolean stsw = m.equals("FNSTSW");
        if (!stsw && !m.equals("FNSTENV")) {
            return;
        }
        long a = operandAddress(in, jr.cpu);
        int at = a < 0 ? -1 : c.windowIndex(a);
        boolean o16 = in.opSize() == 16;
        int size = stsw ? 2 : o16 ? 14 : 28;
        if (at < 0 || at + size > j.memory().length) {
            return;
        }
        byte[] jm = j.memory();
        byte[] um = u.memory();
        int sw = stsw ? at : o16 ? at + 2 : at + 4;
        jm[sw] = (byte) ((jm[sw] & ~FSW_FLAGS) | (um[sw] & FSW_FLAGS));
        jm[sw + 1] = (byte) ((jm[sw + 1] & ~(FSW_FLAGS >>> 8)) | (um[sw + 1] & (FSW_FLAGS >>> 8)));
        if (!stsw && o16) {
            System.arraycopy(um, at + 6, jm, at + 6, 8);           // the pointers (Figures 8-10, 8-11)
        } else if (!stsw) {
            // the pointers, and the reserved upper halves of FCW, FSW and FTW (jemu FFFFh, QEMU 0)
            System.arraycopy(um, at + 12, jm, at + 12, 16);
            for (int k : new int[] {2, 3, 6, 7, 10, 11}) {
                jm[at + k] = um[at + k];
            }
        }
        jr.poke(a, java.util.Arrays.copyOfRange(jm, at, at + size));
    }

    /** The instructions that define C0, C2 and C3 (SDM Vol. 2A "FPU Flags Affected"); the rest leave them undefined. */
    static final java.util.Set<String> DEFINES_CC = java.util.Set.of("FCOM", "FCOMP", "FCOMPP", "FUCOM", "FUCOMP",
            "FUCOMPP", "FICOM", "FICOMP", "FTST", "FXAM", "FPREM", "FPREM1", "FNINIT", "FRSTOR", "FLDENV");

    private static final java.util.Set<String> CONSTANTS = java.util.Set.of("FLDL2T", "FLDL2E", "FLDPI", "FLDLG2",
            "FLDLN2");

    /**
     * Whether QEMU 5.0's FSCALE (softfloat scalbn, which rounds to FCW.PC; the SDM applies PC only to FADD, FSUB,
     * FMUL, FDIV and FSQRT, Vol. 1 8.1.5.2) can give another result than the SDM's: PC is 24 or 53 bits, ST(0) is
     * finite and non-zero, ST(1) not a NaN, and either ST(0)'s significand has bits below that precision or the
     * scaled exponent leaves the normal range, an infinite ST(1) included (a denormal result shifts bits below it;
     * an overflow rounds to the largest number of that precision).
     */
    static boolean fscaleRoundsToPc(int cw, Fx80 st0, Fx80 st1) {
        int pc = (cw >>> 8) & 3;
        if (!st0.isFinite() || st0.isZero() || st1.isNaN() || st1.isUnsupported()) {
            return false;
        }
        if (st1.isInf()) {
            return true;    // SDM Table 3-43: an exact +-0 / +-infinity; QEMU 5.0 rounds an underflow / overflow
        }
        if (pc == 3) {
            return false;
        }
        int bits = pc == 2 ? 53 : 24;
        if ((st0.m() & ((1L << (64 - bits)) - 1)) != 0) {
            return true;
        }
        long scale = st1.exp() < 0x3FFF ? 0 : st1.exp() > 0x3FFF + 62 ? Long.MAX_VALUE / 4
                : (st1.m() >>> (63 - (st1.exp() - 0x3FFF)));
        scale = st1.neg() ? -scale : scale;
        long e = Math.max(st0.exp(), 1) - Long.numberOfLeadingZeros(st0.m()) + scale;   // the normalised result's exponent
        return e < 1 || e >= 0x7FFF;
    }

    /**
     * The known difference (SDM against QEMU 5.0) that explains a diverging x87 instruction, or null.
     *
     * @param before  jemu's FPU state before it
     * @param operand the 32 bytes at its memory operand before it, or null
     */
    static X86DifferentialFuzzTest.Known classify(X86Insn in, State before, byte[] operand, X86FuzzState u,
            X86FuzzState j, int undefinedFlags) {
        String m = in.entry().mnemonic();
        String t = in.entry().operandText();
        State after = j.x87();
        if (after == null || before == null) {
            return null;
        }
        if ((after.sw() & 0x40) != 0) {
            return X86DifferentialFuzzTest.Known.X87_STACK_FAULT;
        }
        // ES is sticky: only the step that raised an unmasked exception (ES newly set, or with ES already set an
        // exception flag newly set that FCW leaves unmasked), as SF for the stack fault
        int raised = after.sw() & ~before.sw();
        if ((raised & 0x80) != 0 || (raised & ~before.cw() & ~after.cw() & 0x3F) != 0 && (after.sw() & 0x80) != 0) {
            return X86DifferentialFuzzTest.Known.X87_UNMASKED_EXCEPTION;
        }
        // the registers the instruction may read: ST(0), ST(1) (FSCALE, FPREM, FPATAN, FYL2X, FCOMPP, ...) and
        // the ST(i) of a register form; an unsupported value elsewhere on the stack explains nothing
        boolean bad = false;
        for (int i : new int[] {0, 1, in.mod() == 3 ? in.rm() : 0}) {
            Fx80 v = before.st(i);
            bad |= !before.empty(i) && (v.isUnsupported() || v.isPseudoDenormal());
        }
        Fx80 mem80 = operand != null && t.equals("extended-real") ? Fx80.fromBytes(operand, 0) : null;
        if (bad && !m.equals("FLD") || mem80 != null && (mem80.isUnsupported() || mem80.isPseudoDenormal())) {
            return X86DifferentialFuzzTest.Known.X87_UNSUPPORTED_OPERAND;
        }
        Fx80 st0 = before.st(0);
        Fx80 st1 = before.st(1);
        // QEMU 5.0 converts a NaN through softfloat's common NaN without setting the quiet bit: a signaling NaN
        // stays signaling (the SDM: #IA and the quiet NaN), and one whose payload truncates to zero becomes the
        // default NaN. A quiet NaN converts as the SDM says.
        boolean memSNaN = false;
        if (operand != null && t.equals("single-real")) {
            int v = ByteBuffer.wrap(operand).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
            memSNaN = (v & 0x7F80_0000) == 0x7F80_0000 && (v & 0x7F_FFFF) != 0 && (v & 0x40_0000) == 0;
        } else if (operand != null && t.equals("double-real")) {
            long v = ByteBuffer.wrap(operand).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            long frac = v & 0x000F_FFFF_FFFF_FFFFL;
            memSNaN = (v & 0x7FF0_0000_0000_0000L) == 0x7FF0_0000_0000_0000L && frac != 0
                    && (frac & 0x0008_0000_0000_0000L) == 0;
        }
        boolean real3264 = t.equals("single-real") || t.equals("double-real");
        if (m.equals("FLD") && real3264 && memSNaN
                || (m.equals("FST") || m.equals("FSTP")) && real3264 && st0.isSNaN()) {
            return X86DifferentialFuzzTest.Known.X87_NAN_CONVERSION;
        }
        if ((m.equals("FST") || m.equals("FSTP")) && t.equals("ST(i)") && u.x87() != null && after.onlyTags(u.x87())
                && u.firstDifference(j.withX87(u.x87()), undefinedFlags) == null) {
            return X86DifferentialFuzzTest.Known.X87_FST_STI_TAG;
        }
        if (CONSTANTS.contains(m) && ((before.cw() >>> 10) & 3) != 0) {
            return X86DifferentialFuzzTest.Known.X87_CONSTANT_ROUNDING;
        }
        if (m.equals("FSCALE") && (fscaleRoundsToPc(before.cw(), st0, st1) || st0.isNaN() || st1.isNaN()
                || st1.isInf() && (st0.isZero() && !st1.neg() || st0.isInf() && st1.neg()))) {
            return X86DifferentialFuzzTest.Known.X87_FSCALE_SPECIAL;
        }
        if (m.equals("FXTRACT") && (st0.isZero() || !st0.isFinite() || st0.isDenormal())) {
            return X86DifferentialFuzzTest.Known.X87_FXTRACT_SPECIAL;
        }
        if (!DEFINES_CC.contains(m) && u.x87() != null && u.stop().sameAs(j.stop())
                && ((u.x87().sw() ^ after.sw()) & (FSW_COMPARED & ~0x3800)) != 0) {
            State same = new State(after.se(), after.m(), after.cw(), u.x87().sw(), after.tw());
            if (u.firstDifference(j.withX87(same), undefinedFlags) == null) {
                return X86DifferentialFuzzTest.Known.X87_UNDEFINED_CONDITION_CODES;
            }
        }
        int osa = X86FlagRules.OF | X86FlagRules.SF | X86FlagRules.AF;
        if (m.matches("FU?COMIP?") && (j.eflags() & osa) == 0
                && u.firstDifference(j, undefinedFlags | osa) == null) {
            return X86DifferentialFuzzTest.Known.X87_FCOMI_CLEARS_OF_SF_AF;
        }
        return null;
    }
}
