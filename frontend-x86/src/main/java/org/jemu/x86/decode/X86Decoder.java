package org.jemu.x86.decode;

import java.util.List;
import java.util.Set;

/**
 * Decodes one IA-32 instruction (Intel SDM Vol. 2, chapter 2 "Instruction Format" and Appendix A) from
 * the opcode maps of {@link OpcodeMaps}.
 *
 * <p>Order of work, as in SDM 2.1: legacy prefixes (2.1.1; any order and count, the last segment
 * override and the last of F2/F3 win), the opcode (one byte, or 0F and a second byte), ModRM (2.1.3) when
 * the cell's operands need one, SIB (2.1.3, Table 2-3) and displacement (2.1.4, Tables 2-1 and 2-2),
 * then immediates in operand order (2.1.5, sized by the operand-type codes of A.2.2).
 *
 * <p>Faults: an undefined cell, a memory-only operand (M) with ModRM.mod = 11B, a register-only group
 * slot with memory, an invalid segment register for MOV Sw (reg 6/7, or CS as a destination), and LOCK
 * on an instruction or form that does not allow it (SDM "LOCK": only the listed instructions with a
 * memory destination) give {@link X86Insn.Fault#UD}; more than 15 bytes gives {@link X86Insn.Fault#GP}
 * (SDM 2.3.11), detected when the 16th byte would be fetched.
 *
 * <p>A decoder is stateless and may be shared between threads.
 */
public final class X86Decoder {

    /** Maximum instruction length, SDM Vol. 2, 2.3.11. */
    public static final int MAX_LENGTH = 15;

    private static final OpcodeEntry[] ONE = OpcodeMaps.ONE_BYTE.toArray(new OpcodeEntry[0]);
    private static final OpcodeEntry[] TWO = OpcodeMaps.TWO_BYTE.toArray(new OpcodeEntry[0]);

    /** Instructions that accept LOCK (SDM Vol. 2, "LOCK—Assert LOCK# Signal Prefix"). */
    private static final Set<String> LOCKABLE = Set.of("ADD", "ADC", "AND", "BTC", "BTR", "BTS", "CMPXCHG",
            "CMPXCHG8B", "DEC", "INC", "NEG", "NOT", "OR", "SBB", "SUB", "XOR", "XADD", "XCHG");

    /** Thrown internally when the 16th byte would be fetched. */
    private static final class TooLong extends RuntimeException {
        TooLong() {
            super("instruction longer than 15 bytes", null, false, false);
        }
    }

    private static final TooLong TOO_LONG = new TooLong();

    /** Fetch cursor for one decode. */
    private static final class Cursor {
        final ByteFetcher f;
        final long start;
        int pos;

        Cursor(ByteFetcher f, long start) {
            this.f = f;
            this.start = start;
        }

        int u8() {
            if (pos >= MAX_LENGTH) {
                throw TOO_LONG;
            }
            return f.fetch(start + pos++) & 0xFF;
        }

        int u16() {
            int lo = u8();
            return lo | (u8() << 8);
        }

        long u32() {
            long lo = u16();
            return lo | ((long) u16() << 16);
        }

        /** Unsigned little-endian value of {@code n} bytes. */
        long un(int n) {
            return switch (n) {
                case 1 -> u8();
                case 2 -> u16();
                case 4 -> u32();
                default -> throw new IllegalArgumentException("size " + n);
            };
        }
    }

    /**
     * Decodes the instruction at {@code address}.
     *
     * @param fetcher     byte source (virtual addresses)
     * @param address     address of the first byte
     * @param defaultSize the code segment's default operand and address size (CS.D: 16 or 32)
     */
    public X86Insn decode(ByteFetcher fetcher, long address, int defaultSize) {
        if (defaultSize != 16 && defaultSize != 32) {
            throw new IllegalArgumentException("default size must be 16 or 32");
        }
        Cursor c = new Cursor(fetcher, address);
        int prefixes = 0;
        int seg = -1;
        int rep = 0;
        try {
            int b;
            prefixLoop:
            while (true) {
                b = c.u8();
                switch (b) {
                    case 0xF0 -> prefixes |= X86Insn.PFX_LOCK;
                    case 0xF2 -> {
                        prefixes |= X86Insn.PFX_REPNE;
                        rep = 0xF2;
                    }
                    case 0xF3 -> {
                        prefixes |= X86Insn.PFX_REP;
                        rep = 0xF3;
                    }
                    case 0x26 -> seg = EffectiveAddress.ES;
                    case 0x2E -> seg = EffectiveAddress.CS;
                    case 0x36 -> seg = EffectiveAddress.SS;
                    case 0x3E -> seg = EffectiveAddress.DS;
                    case 0x64 -> seg = EffectiveAddress.FS;
                    case 0x65 -> seg = EffectiveAddress.GS;
                    case 0x66 -> prefixes |= X86Insn.PFX_OPSIZE;
                    case 0x67 -> prefixes |= X86Insn.PFX_ADDRSIZE;
                    default -> {
                        break prefixLoop;
                    }
                }
            }
            if (seg >= 0) {
                prefixes |= X86Insn.PFX_SEG;
            }
            int opSize = (prefixes & X86Insn.PFX_OPSIZE) != 0 ? 48 - defaultSize : defaultSize;
            int addrSize = (prefixes & X86Insn.PFX_ADDRSIZE) != 0 ? 48 - defaultSize : defaultSize;

            int opcode = b;
            OpcodeEntry e;
            if (b == 0x0F) {
                int b2 = c.u8();
                opcode = 0x0F00 | b2;
                e = TWO[b2];
            } else {
                e = ONE[b];
            }
            int modrm = -1;
            EffectiveAddress ea = null;
            if (e.kind() == OpcodeEntry.Kind.UNDEFINED) {
                return fault(address, c.pos, X86Insn.Fault.UD, e.toString(), e, opcode, prefixes, seg, rep,
                        opSize, addrSize);
            }
            if (e.needsModRM()) {
                modrm = c.u8();
                int mod = modrm >>> 6;
                int reg = (modrm >>> 3) & 7;
                if (e.kind() == OpcodeEntry.Kind.GROUP) {
                    e = e.slots().get(reg);
                } else if (e.kind() == OpcodeEntry.Kind.X87) {
                    int esc = opcode - 0xD8;
                    e = mod == 3 ? OpcodeMaps.X87_REG.get(esc).get(modrm - 0xC0)
                            : OpcodeMaps.X87_MEM.get(esc).get(reg);
                }
                if (e.kind() == OpcodeEntry.Kind.UNDEFINED) {
                    return fault(address, c.pos, X86Insn.Fault.UD, e.toString(), e, opcode, prefixes, seg, rep,
                            opSize, addrSize);
                }
                String bad = checkModRM(e, mod, reg, opcode);
                if (bad != null) {
                    return fault(address, c.pos, X86Insn.Fault.UD, bad, e, opcode, prefixes, seg, rep, opSize,
                            addrSize);
                }
                // MOV to/from control and debug registers ignore mod: the rm field is always a register
                // (SDM "MOV—Move to/from Control Registers": "the 2 bits in the mod field are ignored").
                boolean modIgnored = opcode >= 0x0F20 && opcode <= 0x0F23;
                if (mod != 3 && !modIgnored) {
                    ea = addrSize == 16 ? modrm16(c, modrm, seg) : modrm32(c, modrm, seg);
                }
            }
            if ((prefixes & X86Insn.PFX_LOCK) != 0) {
                boolean memDest = modrm >= 0 && (modrm >>> 6) != 3 && !e.operands().isEmpty()
                        && (e.operands().get(0).method() == 'E' || e.operands().get(0).method() == 'M');
                if (!LOCKABLE.contains(e.mnemonic()) || !memDest) {
                    return fault(address, c.pos, X86Insn.Fault.UD, "LOCK not allowed with " + e, e, opcode,
                            prefixes, seg, rep, opSize, addrSize);
                }
            }
            long imm = 0;
            long imm2 = 0;
            int nImm = 0;
            for (OperandSpec o : e.operands()) {
                int n = o.immediateBytes(opSize, addrSize);
                if (n == 0) {
                    continue;
                }
                switch (o.method()) {
                    case 'O' -> {
                        long off = c.un(n);
                        ea = new EffectiveAddress(EffectiveAddress.NONE, EffectiveAddress.NONE, 1, off, n,
                                seg >= 0 ? seg : EffectiveAddress.DS, addrSize);
                    }
                    case 'A' -> {
                        imm = c.un(n - 2);
                        imm2 = c.u16();
                    }
                    case 'J' -> imm = signExtend(c.un(n), n);
                    default -> {
                        long v = c.un(n);
                        if (n == 1 && e.signExtendImm8()) {
                            v = signExtend(v, 1);
                        }
                        if (nImm++ == 0) {
                            imm = v;
                        } else {
                            imm2 = v;
                        }
                    }
                }
            }
            return new X86Insn(address, c.pos, X86Insn.Fault.NONE, "", e, opcode, prefixes, seg, rep, opSize,
                    addrSize, modrm, ea, imm, imm2);
        } catch (TooLong t) {
            return new X86Insn(address, MAX_LENGTH, X86Insn.Fault.GP, "longer than 15 bytes", null, -1, prefixes,
                    seg, rep, defaultSize, defaultSize, -1, null, 0, 0);
        }
    }

    /** Convenience: decode from a byte array placed at address 0. */
    public X86Insn decode(byte[] bytes, int defaultSize) {
        return decode(ByteFetcher.of(bytes, 0), 0, defaultSize);
    }

    /** ModRM constraints of the operand codes; returns a #UD reason or null. */
    private static String checkModRM(OpcodeEntry e, int mod, int reg, int opcode) {
        List<OperandSpec> ops = e.operands();
        for (OperandSpec o : ops) {
            if ((o.method() == 'M' || o.type().equals("p")) && mod == 3) {   // Ep (far pointer) is memory-only too
                return e.mnemonic() + " " + o.text() + " needs a memory operand (ModRM.mod=11)";
            }
            if (o.method() == 'N' && mod != 3) {
                return e.mnemonic() + " " + o.text() + " needs an MMX register operand (ModRM.mod=11)";
            }
            if (o.method() == 'S' && reg > 5) {
                return "MOV Sw with reg=" + reg + " (no such segment register)";
            }
            if (o.method() == 'C' && (reg == 1 || reg > 4)) {
                return "MOV CR" + reg + " (no such control register)";
            }
        }
        if (opcode == 0x8E && reg == EffectiveAddress.CS) {
            return "MOV CS,Ew";
        }
        return null;
    }

    /** 16-bit ModRM memory forms, SDM Vol. 2 Table 2-1. */
    private static EffectiveAddress modrm16(Cursor c, int modrm, int seg) {
        int mod = modrm >>> 6;
        int rm = modrm & 7;
        final int bx = 3, bp = 5, si = 6, di = 7, none = EffectiveAddress.NONE;
        int base;
        int index;
        switch (rm) {
            case 0 -> { base = bx; index = si; }
            case 1 -> { base = bx; index = di; }
            case 2 -> { base = bp; index = si; }
            case 3 -> { base = bp; index = di; }
            case 4 -> { base = si; index = none; }
            case 5 -> { base = di; index = none; }
            case 6 -> { base = mod == 0 ? none : bp; index = none; }
            default -> { base = bx; index = none; }
        }
        long disp = 0;
        int dispBytes = 0;
        if (mod == 1) {
            disp = signExtend(c.u8(), 1);
            dispBytes = 1;
        } else if (mod == 2 || (mod == 0 && rm == 6)) {
            disp = signExtend(c.u16(), 2);
            dispBytes = 2;
        }
        int segment = seg >= 0 ? seg : base == bp ? EffectiveAddress.SS : EffectiveAddress.DS;
        return new EffectiveAddress(base, index, 1, disp, dispBytes, segment, 16);
    }

    /** 32-bit ModRM memory forms with SIB, SDM Vol. 2 Tables 2-2 and 2-3. */
    private static EffectiveAddress modrm32(Cursor c, int modrm, int seg) {
        int mod = modrm >>> 6;
        int rm = modrm & 7;
        final int esp = 4, ebp = 5, none = EffectiveAddress.NONE;
        int base = rm;
        int index = none;
        int scale = 1;
        boolean disp32 = mod == 2;
        if (rm == 4) {
            int sib = c.u8();
            scale = 1 << (sib >>> 6);
            int idx = (sib >>> 3) & 7;
            index = idx == esp ? none : idx;       // index 100B: none
            base = sib & 7;
            if (base == ebp && mod == 0) {         // [scaled index] + disp32, no base
                base = none;
                disp32 = true;
            }
        } else if (rm == ebp && mod == 0) {        // disp32 only
            base = none;
            disp32 = true;
        }
        if (index == none) {
            scale = 1;       // SIB.ss is ignored without an index
        }
        long disp = 0;
        int dispBytes = 0;
        if (mod == 1) {
            disp = signExtend(c.u8(), 1);
            dispBytes = 1;
        } else if (disp32) {
            disp = signExtend(c.u32(), 4);
            dispBytes = 4;
        }
        int segment = seg >= 0 ? seg
                : (base == esp || base == ebp) ? EffectiveAddress.SS : EffectiveAddress.DS;
        return new EffectiveAddress(base, index, scale, disp, dispBytes, segment, 32);
    }

    private static long signExtend(long v, int bytes) {
        int shift = 64 - 8 * bytes;
        return (v << shift) >> shift;
    }

    private static X86Insn fault(long address, int len, X86Insn.Fault f, String why, OpcodeEntry e, int opcode,
                                 int prefixes, int seg, int rep, int opSize, int addrSize) {
        return new X86Insn(address, len, f, why, e, opcode, prefixes, seg, rep, opSize, addrSize, -1, null, 0, 0);
    }
}
