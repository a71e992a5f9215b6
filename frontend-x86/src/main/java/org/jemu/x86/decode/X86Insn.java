package org.jemu.x86.decode;

/**
 * One decoded IA-32 instruction (or the fault its decoding raises).
 *
 * @param address      guest virtual address of the first byte (first prefix)
 * @param length       length in bytes, prefixes included (for a fault: the bytes examined so far)
 * @param fault        {@link Fault#NONE}, {@link Fault#UD} (undefined encoding, #UD) or {@link Fault#GP}
 *                     (longer than 15 bytes, #GP(0); SDM Vol. 2, 2.3.11)
 * @param faultReason  human-readable cause for a fault, empty otherwise
 * @param entry        the opcode-map cell (group slot / x87 cell already resolved); null for #GP
 * @param opcode       the opcode: 00..FF for the one-byte map, 0x0F00|b for the two-byte map
 * @param prefixes     the legacy prefixes seen, as a mask of the {@code PFX_*} bits
 * @param segOverride  segment-override prefix in effect (last one wins), 0..5, or -1
 * @param rep          the last of F2/F3 seen (0xF2, 0xF3), or 0
 * @param opSize       operand size in effect, 16 or 32
 * @param addrSize     address size in effect, 16 or 32
 * @param modrm        the ModRM byte, or -1 when the instruction has none
 * @param ea           the memory operand (ModRM with mod != 11, moffs, or null)
 * @param imm          first immediate: Ib/Iw/Iz/Iv (zero-extended, or sign-extended to the operand size
 *                     where the SDM says so), Jb/Jz (sign-extended displacement), Ap (offset)
 * @param imm2         second immediate: ENTER's Ib, or the selector of an Ap far pointer
 */
public record X86Insn(long address, int length, Fault fault, String faultReason, OpcodeEntry entry, int opcode,
                      int prefixes, int segOverride, int rep, int opSize, int addrSize, int modrm,
                      EffectiveAddress ea, long imm, long imm2) {

    /** Result of decoding. */
    public enum Fault { NONE, UD, GP }

    public static final int PFX_LOCK = 1;
    public static final int PFX_REPNE = 2;
    public static final int PFX_REP = 4;
    public static final int PFX_OPSIZE = 8;
    public static final int PFX_ADDRSIZE = 16;
    public static final int PFX_SEG = 32;

    /** True if decoding succeeded. */
    public boolean ok() {
        return fault == Fault.NONE;
    }

    public boolean lock() {
        return (prefixes & PFX_LOCK) != 0;
    }

    public int mod() {
        return modrm < 0 ? -1 : modrm >>> 6;
    }

    public int reg() {
        return modrm < 0 ? -1 : (modrm >>> 3) & 7;
    }

    public int rm() {
        return modrm < 0 ? -1 : modrm & 7;
    }

    /** Low three bits of the opcode byte: the register of Z operands (SDM: "+rb", "+rw", "+rd"). */
    public int opcodeReg() {
        return opcode & 7;
    }

    /**
     * The mnemonic, with the SDM's size alternatives resolved: "CBW/CWDE" gives CBW at operand size 16
     * and CWDE at 32; "JCXZ/JECXZ" is chosen by address size.
     */
    public String mnemonic() {
        if (entry == null) {
            return "(bad)";
        }
        String m = entry.mnemonic();
        int slash = m.indexOf('/');
        if (slash < 0 || entry.kind() != OpcodeEntry.Kind.INSN) {
            return m;
        }
        int size = m.startsWith("JCXZ") ? addrSize : opSize;
        return size == 16 ? m.substring(0, slash) : m.substring(slash + 1);
    }

    @Override
    public String toString() {
        if (!ok()) {
            return "#" + fault + " (" + faultReason + ") len=" + length;
        }
        StringBuilder sb = new StringBuilder(mnemonic());
        if (!entry.operandText().isEmpty()) {
            sb.append(' ').append(entry.operandText());
        }
        sb.append(" o").append(opSize).append(" a").append(addrSize);
        if (ea != null) {
            sb.append(' ').append(ea);
        }
        sb.append(" imm=0x").append(Long.toHexString(imm));
        if (imm2 != 0) {
            sb.append(",0x").append(Long.toHexString(imm2));
        }
        return sb.append(" len=").append(length).toString();
    }
}
