package org.jemu.arm.a32;

import org.jemu.translator.decode.DecodeTable;

/**
 * The A32 instruction set encoding table for ARMv7-A user level (DDI 0406C chapter A5 "ARM Instruction Set
 * Encoding"; the same encodings are in DDI 0487 chapter F4), one line per encoding named after the manual's
 * instruction pages, grouped by the A5 sections. Patterns are 32 characters, bit 31 first (see
 * {@link org.jemu.translator.decode.BitPattern}); spaces only group bits.
 *
 * <p><b>No shadowing.</b> A unit test checks that where two patterns intersect one is a strict subset of the
 * other; the more specific one wins, so every override is an explicit carve-out visible in the table:
 * <ul>
 *   <li>the unprivileged forms (LDRT, STRBT, LDRHT, ...: P = 0, W = 1) inside the immediate/register
 *       forms of the same load or store;</li>
 *   <li>the A5.7 unconditional lines (cond = 1111: BLX (immediate), CLREX, barriers, preloads) inside the
 *       conditional lines they share bits with (B, BL, LDRB, LDR);</li>
 *   <li>the forms with a register field of 1111 that the manual names separately (SXTB inside SXTAB, SMUAD
 *       inside SMLAD, BFC inside BFI, ...), and the hints inside MSR (immediate).</li>
 * </ul>
 * A word with cond = 1111 decodes to UNDEFINED unless its entry fixes bits [31:28] (the A5.7 lines):
 * {@link A32Translator} enforces that rule, since a pattern cannot say "cond != 1111".
 *
 * <p><b>Should-be-zero / should-be-one bits</b> (the manual's (0) and (1)) are fixed in the patterns: an
 * encoding that violates them is UNPREDICTABLE, which may be UNDEFINED (DDI 0487 K1.2.2), and assemblers
 * always emit the fixed values.
 *
 * <p>Field letters: {@code c} cond, {@code s} S, {@code n} Rn, {@code d} Rd (RdHi of long multiplies,
 * Rd status of STREX), {@code m} Rm (or the mask of MSR), {@code a} Ra (RdLo of long multiplies), {@code x}
 * Rs, {@code t} Rt, {@code h} shift type (sh of SSAT, tb of PKH), {@code v} imm5 shift amount, {@code i} an
 * immediate, {@code p} P, {@code u} U, {@code w} W (widthm1/msb of the bit-field instructions), {@code l}
 * lsb, {@code r} register list (rotate of the extend instructions), {@code y} the M half selector,
 * {@code z} the N half selector (M swap of SMLAD, R round of SMMLA), {@code o} barrier option.
 *
 * <p>The Advanced SIMD data-processing encodings are in the separate {@link #SIMD} table (see there).
 *
 * <p>The system level (MRS/MSR of the CPSR, SPSR and banked registers, LDM/STM user registers, LDM
 * exception return, HVC, SMC, MRC/MCR/MRRC/MCRR for CP14 and CP15) is one block from
 * {@link SystemInsns#addA32}; its unconditional lines (CPS, SETEND, SRS, RFE) are in {@link #UNCOND_SYSTEM}.
 * Not listed, so UNDEFINED: coprocessors other than 10, 11, 14 and 15, LDC/STC, the unallocated Advanced
 * SIMD encodings (and the ARMv8 half-precision forms; the ARMv8 crypto, CRC32 and FP additions are in
 * {@link Crypto32} and {@link VfpV8}), ERET (no Virtualization
 * Extensions), SWP/SWPB, and everything unallocated in ARMv7-A.
 */
public final class A32DecodeTable {
    private A32DecodeTable() {
    }

    /** The table (immutable, shared). */
    public static final DecodeTable<A32Translator.Handler> TABLE = build();

    /**
     * The entry {@code word} decodes to, with the cond = 1111 rule applied (only entries that fix bits
     * [31:28] decode there), or null for an UNDEFINED word.
     */
    public static DecodeTable.Entry<A32Translator.Handler> decode(int word) {
        if (isSimdSpace(word)) {
            return SIMD.decode(word);
        }
        if ((word >>> 28) == 0xf) {
            DecodeTable.Entry<A32Translator.Handler> u = UNCOND_SYSTEM.decode(word);
            if (u != null) {
                return u;
            }
        }
        DecodeTable.Entry<A32Translator.Handler> e = TABLE.decode(word);
        if (e != null && (word >>> 28) == 0xf && !isUnconditional(e)) {
            return null;
        }
        return e;
    }

    /**
     * The Advanced SIMD data-processing instructions (DDI 0406C A7.4, A5.7.1: 1111 001x ...) and element
     * and structure loads and stores (A7.7: 1111 0100 xxx0 ...), a table of their own: their patterns leave
     * bits (D, size, L) variable that the conditional data-processing and load/store lines sharing those
     * bits fix, so they cannot be carve-outs of {@link #TABLE}. Words of {@link #isSimdSpace} decode only
     * here.
     */
    public static final DecodeTable<A32Translator.Handler> SIMD = buildSimd();

    /**
     * True for the Advanced SIMD data-processing space, bits [31:25] = 1111001, and the element and
     * structure load/store space, bits [31:24] = 11110100 with bit 20 = 0 (A5.7.1).
     */
    public static boolean isSimdSpace(int word) {
        return (word >>> 25) == 0x79 || (word & 0xff10_0000) == 0xf400_0000;
    }

    private static DecodeTable<A32Translator.Handler> buildSimd() {
        DecodeTable.Builder<A32Translator.Handler> t = DecodeTable.builder();
        Neon.addThreeSame(t, false);
        Neon.addOthers(t, false);
        NeonLoadStore.add(t, false);
        return t.build();
    }

    /**
     * The unconditional system-level instructions (cond = 1111: CPS, SETEND, SRS, RFE; DDI 0406C A5.7, B9)
     * and the ARMv8 unconditional VFP lines ({@link VfpV8}), consulted first for words with cond = 1111 (see
     * {@link SystemInsns#addA32Unconditional}).
     */
    public static final DecodeTable<A32Translator.Handler> UNCOND_SYSTEM = buildUncondSystem();

    private static DecodeTable<A32Translator.Handler> buildUncondSystem() {
        DecodeTable.Builder<A32Translator.Handler> t = DecodeTable.builder();
        SystemInsns.addA32Unconditional(t);
        VfpV8.addUnconditionalVfp(t);
        return t.build();
    }

    /** True for the A5.7 lines, whose patterns fix the cond field (to 1111). */
    public static boolean isUnconditional(DecodeTable.Entry<?> e) {
        return (e.pattern.mask >>> 28) == 0xf;
    }

    private static DecodeTable<A32Translator.Handler> build() {
        DecodeTable.Builder<A32Translator.Handler> t = DecodeTable.builder();

        // ==== A5.2.3 Data-processing (immediate) (DDI 0406C; DDI 0487 F4.2.x) ====
        t.add("AND_imm", "AND (immediate)", "cccc 0010000s nnnn dddd iiiiiiiiiiii", d -> DataProcessing.imm(d, DataProcessing.AND));
        t.add("EOR_imm", "EOR (immediate)", "cccc 0010001s nnnn dddd iiiiiiiiiiii", d -> DataProcessing.imm(d, DataProcessing.EOR));
        t.add("SUB_imm", "SUB (immediate)", "cccc 0010010s nnnn dddd iiiiiiiiiiii", d -> DataProcessing.imm(d, DataProcessing.SUB));
        t.add("RSB_imm", "RSB (immediate)", "cccc 0010011s nnnn dddd iiiiiiiiiiii", d -> DataProcessing.imm(d, DataProcessing.RSB));
        t.add("ADD_imm", "ADD (immediate)", "cccc 0010100s nnnn dddd iiiiiiiiiiii", d -> DataProcessing.imm(d, DataProcessing.ADD));
        t.add("ADC_imm", "ADC (immediate)", "cccc 0010101s nnnn dddd iiiiiiiiiiii", d -> DataProcessing.imm(d, DataProcessing.ADC));
        t.add("SBC_imm", "SBC (immediate)", "cccc 0010110s nnnn dddd iiiiiiiiiiii", d -> DataProcessing.imm(d, DataProcessing.SBC));
        t.add("RSC_imm", "RSC (immediate)", "cccc 0010111s nnnn dddd iiiiiiiiiiii", d -> DataProcessing.imm(d, DataProcessing.RSC));
        t.add("TST_imm", "TST (immediate)", "cccc 00110001 nnnn 0000 iiiiiiiiiiii", d -> DataProcessing.imm(d, DataProcessing.TST));
        t.add("TEQ_imm", "TEQ (immediate)", "cccc 00110011 nnnn 0000 iiiiiiiiiiii", d -> DataProcessing.imm(d, DataProcessing.TEQ));
        t.add("CMP_imm", "CMP (immediate)", "cccc 00110101 nnnn 0000 iiiiiiiiiiii", d -> DataProcessing.imm(d, DataProcessing.CMP));
        t.add("CMN_imm", "CMN (immediate)", "cccc 00110111 nnnn 0000 iiiiiiiiiiii", d -> DataProcessing.imm(d, DataProcessing.CMN));
        t.add("ORR_imm", "ORR (immediate)", "cccc 0011100s nnnn dddd iiiiiiiiiiii", d -> DataProcessing.imm(d, DataProcessing.ORR));
        t.add("MOV_imm", "MOV (immediate)", "cccc 0011101s 0000 dddd iiiiiiiiiiii", d -> DataProcessing.imm(d, DataProcessing.MOV));
        t.add("BIC_imm", "BIC (immediate)", "cccc 0011110s nnnn dddd iiiiiiiiiiii", d -> DataProcessing.imm(d, DataProcessing.BIC));
        t.add("MVN_imm", "MVN (immediate)", "cccc 0011111s 0000 dddd iiiiiiiiiiii", d -> DataProcessing.imm(d, DataProcessing.MVN));

        // ==== A5.2.1 Data-processing (register) ====
        t.add("AND_reg", "AND (register)", "cccc 0000000s nnnn dddd vvvvvhh0 mmmm", d -> DataProcessing.reg(d, DataProcessing.AND));
        t.add("EOR_reg", "EOR (register)", "cccc 0000001s nnnn dddd vvvvvhh0 mmmm", d -> DataProcessing.reg(d, DataProcessing.EOR));
        t.add("SUB_reg", "SUB (register)", "cccc 0000010s nnnn dddd vvvvvhh0 mmmm", d -> DataProcessing.reg(d, DataProcessing.SUB));
        t.add("RSB_reg", "RSB (register)", "cccc 0000011s nnnn dddd vvvvvhh0 mmmm", d -> DataProcessing.reg(d, DataProcessing.RSB));
        t.add("ADD_reg", "ADD (register)", "cccc 0000100s nnnn dddd vvvvvhh0 mmmm", d -> DataProcessing.reg(d, DataProcessing.ADD));
        t.add("ADC_reg", "ADC (register)", "cccc 0000101s nnnn dddd vvvvvhh0 mmmm", d -> DataProcessing.reg(d, DataProcessing.ADC));
        t.add("SBC_reg", "SBC (register)", "cccc 0000110s nnnn dddd vvvvvhh0 mmmm", d -> DataProcessing.reg(d, DataProcessing.SBC));
        t.add("RSC_reg", "RSC (register)", "cccc 0000111s nnnn dddd vvvvvhh0 mmmm", d -> DataProcessing.reg(d, DataProcessing.RSC));
        t.add("TST_reg", "TST (register)", "cccc 00010001 nnnn 0000 vvvvvhh0 mmmm", d -> DataProcessing.reg(d, DataProcessing.TST));
        t.add("TEQ_reg", "TEQ (register)", "cccc 00010011 nnnn 0000 vvvvvhh0 mmmm", d -> DataProcessing.reg(d, DataProcessing.TEQ));
        t.add("CMP_reg", "CMP (register)", "cccc 00010101 nnnn 0000 vvvvvhh0 mmmm", d -> DataProcessing.reg(d, DataProcessing.CMP));
        t.add("CMN_reg", "CMN (register)", "cccc 00010111 nnnn 0000 vvvvvhh0 mmmm", d -> DataProcessing.reg(d, DataProcessing.CMN));
        t.add("ORR_reg", "ORR (register)", "cccc 0001100s nnnn dddd vvvvvhh0 mmmm", d -> DataProcessing.reg(d, DataProcessing.ORR));
        t.add("MOV_reg", "MOV (register)", "cccc 0001101s 0000 dddd vvvvvhh0 mmmm", d -> DataProcessing.reg(d, DataProcessing.MOV));
        t.add("BIC_reg", "BIC (register)", "cccc 0001110s nnnn dddd vvvvvhh0 mmmm", d -> DataProcessing.reg(d, DataProcessing.BIC));
        t.add("MVN_reg", "MVN (register)", "cccc 0001111s 0000 dddd vvvvvhh0 mmmm", d -> DataProcessing.reg(d, DataProcessing.MVN));

        // ==== A5.2.2 Data-processing (register-shifted register) ====
        t.add("AND_rsr", "AND (register-shifted register)", "cccc 0000000s nnnn dddd xxxx0hh1 mmmm", d -> DataProcessing.rsr(d, DataProcessing.AND));
        t.add("EOR_rsr", "EOR (register-shifted register)", "cccc 0000001s nnnn dddd xxxx0hh1 mmmm", d -> DataProcessing.rsr(d, DataProcessing.EOR));
        t.add("SUB_rsr", "SUB (register-shifted register)", "cccc 0000010s nnnn dddd xxxx0hh1 mmmm", d -> DataProcessing.rsr(d, DataProcessing.SUB));
        t.add("RSB_rsr", "RSB (register-shifted register)", "cccc 0000011s nnnn dddd xxxx0hh1 mmmm", d -> DataProcessing.rsr(d, DataProcessing.RSB));
        t.add("ADD_rsr", "ADD (register-shifted register)", "cccc 0000100s nnnn dddd xxxx0hh1 mmmm", d -> DataProcessing.rsr(d, DataProcessing.ADD));
        t.add("ADC_rsr", "ADC (register-shifted register)", "cccc 0000101s nnnn dddd xxxx0hh1 mmmm", d -> DataProcessing.rsr(d, DataProcessing.ADC));
        t.add("SBC_rsr", "SBC (register-shifted register)", "cccc 0000110s nnnn dddd xxxx0hh1 mmmm", d -> DataProcessing.rsr(d, DataProcessing.SBC));
        t.add("RSC_rsr", "RSC (register-shifted register)", "cccc 0000111s nnnn dddd xxxx0hh1 mmmm", d -> DataProcessing.rsr(d, DataProcessing.RSC));
        t.add("TST_rsr", "TST (register-shifted register)", "cccc 00010001 nnnn 0000 xxxx0hh1 mmmm", d -> DataProcessing.rsr(d, DataProcessing.TST));
        t.add("TEQ_rsr", "TEQ (register-shifted register)", "cccc 00010011 nnnn 0000 xxxx0hh1 mmmm", d -> DataProcessing.rsr(d, DataProcessing.TEQ));
        t.add("CMP_rsr", "CMP (register-shifted register)", "cccc 00010101 nnnn 0000 xxxx0hh1 mmmm", d -> DataProcessing.rsr(d, DataProcessing.CMP));
        t.add("CMN_rsr", "CMN (register-shifted register)", "cccc 00010111 nnnn 0000 xxxx0hh1 mmmm", d -> DataProcessing.rsr(d, DataProcessing.CMN));
        t.add("ORR_rsr", "ORR (register-shifted register)", "cccc 0001100s nnnn dddd xxxx0hh1 mmmm", d -> DataProcessing.rsr(d, DataProcessing.ORR));
        t.add("MOV_rsr", "MOV (register-shifted register)", "cccc 0001101s 0000 dddd xxxx0hh1 mmmm", d -> DataProcessing.rsr(d, DataProcessing.MOV));
        t.add("BIC_rsr", "BIC (register-shifted register)", "cccc 0001110s nnnn dddd xxxx0hh1 mmmm", d -> DataProcessing.rsr(d, DataProcessing.BIC));
        t.add("MVN_rsr", "MVN (register-shifted register)", "cccc 0001111s 0000 dddd xxxx0hh1 mmmm", d -> DataProcessing.rsr(d, DataProcessing.MVN));


        // ==== A5.2.9/A5.2.3 16-bit immediate loads (MOVW/MOVT), A5.2.11 MSR (immediate) and hints ====
        t.add("MOVW", "MOV (immediate), encoding A2", "cccc 00110000 iiii dddd iiiiiiiiiiii", DataProcessing::MOVW);
        t.add("MOVT", "MOVT", "cccc 00110100 iiii dddd iiiiiiiiiiii", DataProcessing::MOVT);
        t.add("MSR_imm", "MSR (immediate), APSR", "cccc 00110010 mm00 1111 iiiiiiiiiiii", BranchMisc::MSR_imm);
        t.add("NOP", "NOP", "cccc 00110010 0000 1111 0000 00000000", BranchMisc::NOP);
        t.add("YIELD", "YIELD", "cccc 00110010 0000 1111 0000 00000001", BranchMisc::NOP);
        t.add("WFE", "WFE", "cccc 00110010 0000 1111 0000 00000010", BranchMisc::WFE);
        t.add("WFI", "WFI", "cccc 00110010 0000 1111 0000 00000011", BranchMisc::WFI);
        t.add("SEV", "SEV", "cccc 00110010 0000 1111 0000 00000100", BranchMisc::SEV);
        t.add("DBG", "DBG", "cccc 00110010 0000 1111 0000 1111iiii", BranchMisc::NOP);

        // ==== A5.2.12 Miscellaneous instructions ====
        t.add("MRS", "MRS (APSR)", "cccc 00010000 1111 dddd 0000 0000 0000", BranchMisc::MRS);
        t.add("MSR_reg", "MSR (register), APSR", "cccc 00010010 mm00 1111 0000 0000 nnnn", BranchMisc::MSR_reg);
        t.add("BX", "BX", "cccc 00010010 1111 1111 1111 0001 mmmm", BranchMisc::BX);
        t.add("BXJ", "BXJ (no Jazelle: BX)", "cccc 00010010 1111 1111 1111 0010 mmmm", BranchMisc::BX);
        t.add("BLX_reg", "BLX (register)", "cccc 00010010 1111 1111 1111 0011 mmmm", BranchMisc::BLX_reg);
        t.add("CLZ", "CLZ", "cccc 00010110 1111 dddd 1111 0001 mmmm", Media::CLZ);
        t.add("QADD", "QADD", "cccc 00010000 nnnn dddd 0000 0101 mmmm", Media::QADD);
        t.add("QSUB", "QSUB", "cccc 00010010 nnnn dddd 0000 0101 mmmm", Media::QSUB);
        t.add("QDADD", "QDADD", "cccc 00010100 nnnn dddd 0000 0101 mmmm", Media::QDADD);
        t.add("QDSUB", "QDSUB", "cccc 00010110 nnnn dddd 0000 0101 mmmm", Media::QDSUB);
        t.add("BKPT", "BKPT", "cccc 00010010 iiii iiii iiii 0111 iiii", BranchMisc::BKPT);
        Crypto32.addCrcA32(t);

        // ==== A5.2.7 Halfword multiply and multiply accumulate ====
        t.add("SMLAxy", "SMLABB, SMLABT, SMLATB, SMLATT", "cccc 00010000 dddd aaaa mmmm 1yz0 nnnn", Multiply::SMLAxy);
        t.add("SMLAWy", "SMLAWB, SMLAWT", "cccc 00010010 dddd aaaa mmmm 1y00 nnnn", Multiply::SMLAWy);
        t.add("SMULWy", "SMULWB, SMULWT", "cccc 00010010 dddd 0000 mmmm 1y10 nnnn", Multiply::SMULWy);
        t.add("SMLALxy", "SMLALBB, SMLALBT, SMLALTB, SMLALTT", "cccc 00010100 dddd aaaa mmmm 1yz0 nnnn", Multiply::SMLALxy);
        t.add("SMULxy", "SMULBB, SMULBT, SMULTB, SMULTT", "cccc 00010110 dddd 0000 mmmm 1yz0 nnnn", Multiply::SMULxy);

        // ==== A5.2.5 Multiply and multiply accumulate ====
        t.add("MUL", "MUL", "cccc 0000000s dddd 0000 mmmm 1001 nnnn", Multiply::MUL);
        t.add("MLA", "MLA", "cccc 0000001s dddd aaaa mmmm 1001 nnnn", Multiply::MLA);
        t.add("UMAAL", "UMAAL", "cccc 00000100 dddd aaaa mmmm 1001 nnnn", Multiply::UMAAL);
        t.add("MLS", "MLS", "cccc 00000110 dddd aaaa mmmm 1001 nnnn", Multiply::MLS);
        t.add("UMULL", "UMULL", "cccc 0000100s dddd aaaa mmmm 1001 nnnn", Multiply::UMULL);
        t.add("UMLAL", "UMLAL", "cccc 0000101s dddd aaaa mmmm 1001 nnnn", Multiply::UMLAL);
        t.add("SMULL", "SMULL", "cccc 0000110s dddd aaaa mmmm 1001 nnnn", Multiply::SMULL);
        t.add("SMLAL", "SMLAL", "cccc 0000111s dddd aaaa mmmm 1001 nnnn", Multiply::SMLAL);

        // ==== A5.2.10 Synchronization primitives (SWP/SWPB are not implemented: UNDEFINED, as with SCTLR.SW = 0) ====
        t.add("STREX", "STREX", "cccc 00011000 nnnn dddd 1111 1001 tttt", LoadStore::STREX);
        t.add("LDREX", "LDREX", "cccc 00011001 nnnn tttt 1111 1001 1111", LoadStore::LDREX);
        t.add("STREXD", "STREXD", "cccc 00011010 nnnn dddd 1111 1001 tttt", LoadStore::STREXD);
        t.add("LDREXD", "LDREXD", "cccc 00011011 nnnn tttt 1111 1001 1111", LoadStore::LDREXD);
        t.add("STREXB", "STREXB", "cccc 00011100 nnnn dddd 1111 1001 tttt", LoadStore::STREXB);
        t.add("LDREXB", "LDREXB", "cccc 00011101 nnnn tttt 1111 1001 1111", LoadStore::LDREXB);
        t.add("STREXH", "STREXH", "cccc 00011110 nnnn dddd 1111 1001 tttt", LoadStore::STREXH);
        t.add("LDREXH", "LDREXH", "cccc 00011111 nnnn tttt 1111 1001 1111", LoadStore::LDREXH);

        // ==== A5.2.8 Extra load/store instructions (and A5.2.9 unprivileged: P = 0, W = 1 carve-outs) ====
        t.add("STRH_reg", "STRH (register)", "cccc 000pu0w0 nnnn tttt 0000 1011 mmmm", LoadStore::STRH_reg);
        t.add("LDRH_reg", "LDRH (register)", "cccc 000pu0w1 nnnn tttt 0000 1011 mmmm", LoadStore::LDRH_reg);
        t.add("STRH_imm", "STRH (immediate, ARM)", "cccc 000pu1w0 nnnn tttt iiii 1011 iiii", LoadStore::STRH_imm);
        t.add("LDRH_imm", "LDRH (immediate, ARM), LDRH (literal)", "cccc 000pu1w1 nnnn tttt iiii 1011 iiii", LoadStore::LDRH_imm);
        t.add("LDRD_reg", "LDRD (register)", "cccc 000pu0w0 nnnn tttt 0000 1101 mmmm", LoadStore::LDRD_reg);
        t.add("LDRSB_reg", "LDRSB (register)", "cccc 000pu0w1 nnnn tttt 0000 1101 mmmm", LoadStore::LDRSB_reg);
        t.add("LDRD_imm", "LDRD (immediate), LDRD (literal)", "cccc 000pu1w0 nnnn tttt iiii 1101 iiii", LoadStore::LDRD_imm);
        t.add("LDRSB_imm", "LDRSB (immediate), LDRSB (literal)", "cccc 000pu1w1 nnnn tttt iiii 1101 iiii", LoadStore::LDRSB_imm);
        t.add("STRD_reg", "STRD (register)", "cccc 000pu0w0 nnnn tttt 0000 1111 mmmm", LoadStore::STRD_reg);
        t.add("LDRSH_reg", "LDRSH (register)", "cccc 000pu0w1 nnnn tttt 0000 1111 mmmm", LoadStore::LDRSH_reg);
        t.add("STRD_imm", "STRD (immediate)", "cccc 000pu1w0 nnnn tttt iiii 1111 iiii", LoadStore::STRD_imm);
        t.add("LDRSH_imm", "LDRSH (immediate), LDRSH (literal)", "cccc 000pu1w1 nnnn tttt iiii 1111 iiii", LoadStore::LDRSH_imm);
        t.add("STRHT_reg", "STRHT, encoding A2", "cccc 0000u010 nnnn tttt 0000 1011 mmmm", LoadStore::STRHT_reg);
        t.add("LDRHT_reg", "LDRHT, encoding A2", "cccc 0000u011 nnnn tttt 0000 1011 mmmm", LoadStore::LDRHT_reg);
        t.add("STRHT_imm", "STRHT, encoding A1", "cccc 0000u110 nnnn tttt iiii 1011 iiii", LoadStore::STRHT_imm);
        t.add("LDRHT_imm", "LDRHT, encoding A1", "cccc 0000u111 nnnn tttt iiii 1011 iiii", LoadStore::LDRHT_imm);
        t.add("LDRSBT_reg", "LDRSBT, encoding A2", "cccc 0000u011 nnnn tttt 0000 1101 mmmm", LoadStore::LDRSBT_reg);
        t.add("LDRSBT_imm", "LDRSBT, encoding A1", "cccc 0000u111 nnnn tttt iiii 1101 iiii", LoadStore::LDRSBT_imm);
        t.add("LDRSHT_reg", "LDRSHT, encoding A2", "cccc 0000u011 nnnn tttt 0000 1111 mmmm", LoadStore::LDRSHT_reg);
        t.add("LDRSHT_imm", "LDRSHT, encoding A1", "cccc 0000u111 nnnn tttt iiii 1111 iiii", LoadStore::LDRSHT_imm);

        // ==== A5.3 Load/store word and unsigned byte (P = 0, W = 1 forms are the unprivileged carve-outs) ====
        t.add("STR_imm", "STR (immediate, ARM)", "cccc 010pu0w0 nnnn tttt iiiiiiiiiiii", LoadStore::STR_imm);
        t.add("LDR_imm", "LDR (immediate, ARM), LDR (literal)", "cccc 010pu0w1 nnnn tttt iiiiiiiiiiii", LoadStore::LDR_imm);
        t.add("STRB_imm", "STRB (immediate, ARM)", "cccc 010pu1w0 nnnn tttt iiiiiiiiiiii", LoadStore::STRB_imm);
        t.add("LDRB_imm", "LDRB (immediate, ARM), LDRB (literal)", "cccc 010pu1w1 nnnn tttt iiiiiiiiiiii", LoadStore::LDRB_imm);
        t.add("STRT_imm", "STRT, encoding A1", "cccc 0100u010 nnnn tttt iiiiiiiiiiii", LoadStore::STRT_imm);
        t.add("LDRT_imm", "LDRT, encoding A1", "cccc 0100u011 nnnn tttt iiiiiiiiiiii", LoadStore::LDRT_imm);
        t.add("STRBT_imm", "STRBT, encoding A1", "cccc 0100u110 nnnn tttt iiiiiiiiiiii", LoadStore::STRBT_imm);
        t.add("LDRBT_imm", "LDRBT, encoding A1", "cccc 0100u111 nnnn tttt iiiiiiiiiiii", LoadStore::LDRBT_imm);
        t.add("STR_reg", "STR (register)", "cccc 011pu0w0 nnnn tttt vvvvvhh0 mmmm", LoadStore::STR_reg);
        t.add("LDR_reg", "LDR (register, ARM)", "cccc 011pu0w1 nnnn tttt vvvvvhh0 mmmm", LoadStore::LDR_reg);
        t.add("STRB_reg", "STRB (register)", "cccc 011pu1w0 nnnn tttt vvvvvhh0 mmmm", LoadStore::STRB_reg);
        t.add("LDRB_reg", "LDRB (register)", "cccc 011pu1w1 nnnn tttt vvvvvhh0 mmmm", LoadStore::LDRB_reg);
        t.add("STRT_reg", "STRT, encoding A2", "cccc 0110u010 nnnn tttt vvvvvhh0 mmmm", LoadStore::STRT_reg);
        t.add("LDRT_reg", "LDRT, encoding A2", "cccc 0110u011 nnnn tttt vvvvvhh0 mmmm", LoadStore::LDRT_reg);
        t.add("STRBT_reg", "STRBT, encoding A2", "cccc 0110u110 nnnn tttt vvvvvhh0 mmmm", LoadStore::STRBT_reg);
        t.add("LDRBT_reg", "LDRBT, encoding A2", "cccc 0110u111 nnnn tttt vvvvvhh0 mmmm", LoadStore::LDRBT_reg);

        // ==== A5.4.1 Parallel addition and subtraction, signed ====
        t.add("SADD16", "SADD16", "cccc 01100001 nnnn dddd 1111 0001 mmmm", Media::PARALLEL);
        t.add("SASX", "SASX", "cccc 01100001 nnnn dddd 1111 0011 mmmm", Media::PARALLEL);
        t.add("SSAX", "SSAX", "cccc 01100001 nnnn dddd 1111 0101 mmmm", Media::PARALLEL);
        t.add("SSUB16", "SSUB16", "cccc 01100001 nnnn dddd 1111 0111 mmmm", Media::PARALLEL);
        t.add("SADD8", "SADD8", "cccc 01100001 nnnn dddd 1111 1001 mmmm", Media::PARALLEL);
        t.add("SSUB8", "SSUB8", "cccc 01100001 nnnn dddd 1111 1111 mmmm", Media::PARALLEL);
        t.add("QADD16", "QADD16", "cccc 01100010 nnnn dddd 1111 0001 mmmm", Media::PARALLEL);
        t.add("QASX", "QASX", "cccc 01100010 nnnn dddd 1111 0011 mmmm", Media::PARALLEL);
        t.add("QSAX", "QSAX", "cccc 01100010 nnnn dddd 1111 0101 mmmm", Media::PARALLEL);
        t.add("QSUB16", "QSUB16", "cccc 01100010 nnnn dddd 1111 0111 mmmm", Media::PARALLEL);
        t.add("QADD8", "QADD8", "cccc 01100010 nnnn dddd 1111 1001 mmmm", Media::PARALLEL);
        t.add("QSUB8", "QSUB8", "cccc 01100010 nnnn dddd 1111 1111 mmmm", Media::PARALLEL);
        t.add("SHADD16", "SHADD16", "cccc 01100011 nnnn dddd 1111 0001 mmmm", Media::PARALLEL);
        t.add("SHASX", "SHASX", "cccc 01100011 nnnn dddd 1111 0011 mmmm", Media::PARALLEL);
        t.add("SHSAX", "SHSAX", "cccc 01100011 nnnn dddd 1111 0101 mmmm", Media::PARALLEL);
        t.add("SHSUB16", "SHSUB16", "cccc 01100011 nnnn dddd 1111 0111 mmmm", Media::PARALLEL);
        t.add("SHADD8", "SHADD8", "cccc 01100011 nnnn dddd 1111 1001 mmmm", Media::PARALLEL);
        t.add("SHSUB8", "SHSUB8", "cccc 01100011 nnnn dddd 1111 1111 mmmm", Media::PARALLEL);

        // ==== A5.4.2 Parallel addition and subtraction, unsigned ====
        t.add("UADD16", "UADD16", "cccc 01100101 nnnn dddd 1111 0001 mmmm", Media::PARALLEL);
        t.add("UASX", "UASX", "cccc 01100101 nnnn dddd 1111 0011 mmmm", Media::PARALLEL);
        t.add("USAX", "USAX", "cccc 01100101 nnnn dddd 1111 0101 mmmm", Media::PARALLEL);
        t.add("USUB16", "USUB16", "cccc 01100101 nnnn dddd 1111 0111 mmmm", Media::PARALLEL);
        t.add("UADD8", "UADD8", "cccc 01100101 nnnn dddd 1111 1001 mmmm", Media::PARALLEL);
        t.add("USUB8", "USUB8", "cccc 01100101 nnnn dddd 1111 1111 mmmm", Media::PARALLEL);
        t.add("UQADD16", "UQADD16", "cccc 01100110 nnnn dddd 1111 0001 mmmm", Media::PARALLEL);
        t.add("UQASX", "UQASX", "cccc 01100110 nnnn dddd 1111 0011 mmmm", Media::PARALLEL);
        t.add("UQSAX", "UQSAX", "cccc 01100110 nnnn dddd 1111 0101 mmmm", Media::PARALLEL);
        t.add("UQSUB16", "UQSUB16", "cccc 01100110 nnnn dddd 1111 0111 mmmm", Media::PARALLEL);
        t.add("UQADD8", "UQADD8", "cccc 01100110 nnnn dddd 1111 1001 mmmm", Media::PARALLEL);
        t.add("UQSUB8", "UQSUB8", "cccc 01100110 nnnn dddd 1111 1111 mmmm", Media::PARALLEL);
        t.add("UHADD16", "UHADD16", "cccc 01100111 nnnn dddd 1111 0001 mmmm", Media::PARALLEL);
        t.add("UHASX", "UHASX", "cccc 01100111 nnnn dddd 1111 0011 mmmm", Media::PARALLEL);
        t.add("UHSAX", "UHSAX", "cccc 01100111 nnnn dddd 1111 0101 mmmm", Media::PARALLEL);
        t.add("UHSUB16", "UHSUB16", "cccc 01100111 nnnn dddd 1111 0111 mmmm", Media::PARALLEL);
        t.add("UHADD8", "UHADD8", "cccc 01100111 nnnn dddd 1111 1001 mmmm", Media::PARALLEL);
        t.add("UHSUB8", "UHSUB8", "cccc 01100111 nnnn dddd 1111 1111 mmmm", Media::PARALLEL);
        // ==== A5.4.3 Packing, unpacking, saturation, and reversal ====
        t.add("PKHBT", "PKHBT", "cccc 01101000 nnnn dddd iiiii 001 mmmm", Media::PKH);
        t.add("PKHTB", "PKHTB", "cccc 01101000 nnnn dddd iiiii 101 mmmm", Media::PKH);
        t.add("SXTAB16", "SXTAB16", "cccc 01101000 nnnn dddd rr00 0111 mmmm", Media::SXTAB16);
        t.add("SXTB16", "SXTB16", "cccc 01101000 1111 dddd rr00 0111 mmmm", Media::SXTAB16);
        t.add("SEL", "SEL", "cccc 01101000 nnnn dddd 1111 1011 mmmm", Media::SEL);
        t.add("SSAT", "SSAT", "cccc 0110101i iiii dddd vvvv vh01 nnnn", Media::SSAT);
        t.add("SSAT16", "SSAT16", "cccc 01101010 iiii dddd 1111 0011 nnnn", Media::SSAT16);
        t.add("SXTAB", "SXTAB", "cccc 01101010 nnnn dddd rr00 0111 mmmm", Media::SXTAB);
        t.add("SXTB", "SXTB", "cccc 01101010 1111 dddd rr00 0111 mmmm", Media::SXTAB);
        t.add("REV", "REV", "cccc 01101011 1111 dddd 1111 0011 mmmm", Media::REV);
        t.add("SXTAH", "SXTAH", "cccc 01101011 nnnn dddd rr00 0111 mmmm", Media::SXTAH);
        t.add("SXTH", "SXTH", "cccc 01101011 1111 dddd rr00 0111 mmmm", Media::SXTAH);
        t.add("REV16", "REV16", "cccc 01101011 1111 dddd 1111 1011 mmmm", Media::REV16);
        t.add("UXTAB16", "UXTAB16", "cccc 01101100 nnnn dddd rr00 0111 mmmm", Media::UXTAB16);
        t.add("UXTB16", "UXTB16", "cccc 01101100 1111 dddd rr00 0111 mmmm", Media::UXTAB16);
        t.add("USAT", "USAT", "cccc 0110111i iiii dddd vvvv vh01 nnnn", Media::USAT);
        t.add("USAT16", "USAT16", "cccc 01101110 iiii dddd 1111 0011 nnnn", Media::USAT16);
        t.add("UXTAB", "UXTAB", "cccc 01101110 nnnn dddd rr00 0111 mmmm", Media::UXTAB);
        t.add("UXTB", "UXTB", "cccc 01101110 1111 dddd rr00 0111 mmmm", Media::UXTAB);
        t.add("RBIT", "RBIT", "cccc 01101111 1111 dddd 1111 0011 mmmm", Media::RBIT);
        t.add("UXTAH", "UXTAH", "cccc 01101111 nnnn dddd rr00 0111 mmmm", Media::UXTAH);
        t.add("UXTH", "UXTH", "cccc 01101111 1111 dddd rr00 0111 mmmm", Media::UXTAH);
        t.add("REVSH", "REVSH", "cccc 01101111 1111 dddd 1111 1011 mmmm", Media::REVSH);

        // ==== A5.4.4 Signed multiply, signed and unsigned divide ====
        t.add("SMLAD", "SMLAD", "cccc 01110000 dddd aaaa mmmm 00z1 nnnn", Multiply::SMLAD);
        t.add("SMUAD", "SMUAD", "cccc 01110000 dddd 1111 mmmm 00z1 nnnn", Multiply::SMLAD);
        t.add("SMLSD", "SMLSD", "cccc 01110000 dddd aaaa mmmm 01z1 nnnn", Multiply::SMLSD);
        t.add("SMUSD", "SMUSD", "cccc 01110000 dddd 1111 mmmm 01z1 nnnn", Multiply::SMLSD);
        t.add("SDIV", "SDIV", "cccc 01110001 dddd 1111 mmmm 0001 nnnn", Multiply::SDIV);
        t.add("UDIV", "UDIV", "cccc 01110011 dddd 1111 mmmm 0001 nnnn", Multiply::UDIV);
        t.add("SMLALD", "SMLALD", "cccc 01110100 dddd aaaa mmmm 00z1 nnnn", Multiply::SMLALD);
        t.add("SMLSLD", "SMLSLD", "cccc 01110100 dddd aaaa mmmm 01z1 nnnn", Multiply::SMLSLD);
        t.add("SMMLA", "SMMLA", "cccc 01110101 dddd aaaa mmmm 00z1 nnnn", Multiply::SMMLA);
        t.add("SMMUL", "SMMUL", "cccc 01110101 dddd 1111 mmmm 00z1 nnnn", Multiply::SMMLA);
        t.add("SMMLS", "SMMLS", "cccc 01110101 dddd aaaa mmmm 11z1 nnnn", Multiply::SMMLS);

        // ==== A5.4 Media instructions: USAD8, bit field, permanently UNDEFINED ====
        t.add("USAD8", "USAD8", "cccc 01111000 dddd 1111 mmmm 0001 nnnn", Media::USADA8);
        t.add("USADA8", "USADA8", "cccc 01111000 dddd aaaa mmmm 0001 nnnn", Media::USADA8);
        t.add("SBFX", "SBFX", "cccc 0111101w wwww dddd llll l101 nnnn", Media::SBFX);
        t.add("BFI", "BFI", "cccc 0111110w wwww dddd llll l001 nnnn", Media::BFI);
        t.add("BFC", "BFC", "cccc 0111110w wwww dddd llll l001 1111", Media::BFI);
        t.add("UBFX", "UBFX", "cccc 0111111w wwww dddd llll l101 nnnn", Media::UBFX);
        t.add("UDF", "UDF (permanently UNDEFINED)", "1110 01111111 iiii iiii iiii 1111 iiii", BranchMisc::UDF);

        // ==== A5.5 Branch, branch with link, and block data transfer (STM (user registers), LDM (user
        // registers / exception return) are system level: not listed, so UNDEFINED) ====
        t.add("STMDA", "STMDA (STMED)", "cccc 100000w0 nnnn rrrrrrrrrrrrrrrr", LoadStore::STM);
        t.add("LDMDA", "LDMDA (LDMFA)", "cccc 100000w1 nnnn rrrrrrrrrrrrrrrr", LoadStore::LDM);
        t.add("STM", "STM (STMIA, STMEA)", "cccc 100010w0 nnnn rrrrrrrrrrrrrrrr", LoadStore::STM);
        t.add("LDM", "LDM (LDMIA, LDMFD), POP (multiple registers)", "cccc 100010w1 nnnn rrrrrrrrrrrrrrrr", LoadStore::LDM);
        t.add("STMDB", "STMDB (STMFD), PUSH (multiple registers)", "cccc 100100w0 nnnn rrrrrrrrrrrrrrrr", LoadStore::STM);
        t.add("LDMDB", "LDMDB (LDMEA)", "cccc 100100w1 nnnn rrrrrrrrrrrrrrrr", LoadStore::LDM);
        t.add("STMIB", "STMIB (STMFA)", "cccc 100110w0 nnnn rrrrrrrrrrrrrrrr", LoadStore::STM);
        t.add("LDMIB", "LDMIB (LDMED)", "cccc 100110w1 nnnn rrrrrrrrrrrrrrrr", LoadStore::LDM);
        t.add("B", "B", "cccc 1010 iiiiiiiiiiiiiiiiiiiiiiii", BranchMisc::B);
        t.add("BL", "BL, BLX (immediate): BL", "cccc 1011 iiiiiiiiiiiiiiiiiiiiiiii", BranchMisc::BL);

        // ==== A5.6 Coprocessor instructions and Supervisor Call: the VFP encodings of coprocessors 10 and 11
        // (A7.5, A7.6, A7.8, A7.9); the rest of the coprocessor space is UNDEFINED ====
        addVfp(t, "");
        NeonMisc.addCoreTransfers(t, "");
        t.add("SVC", "SVC (previously SWI)", "cccc 1111 iiiiiiiiiiiiiiiiiiiiiiii", BranchMisc::SVC);

        // ==== B9 / A5.6: the system level (see SystemInsns) ====
        SystemInsns.addA32(t);

        // ==== A5.7 Unconditional instructions (cond = 1111; carve-outs of the lines above) ====
        t.add("BLX_imm_h0", "BLX (immediate), H = 0", "1111 1010 iiiiiiiiiiiiiiiiiiiiiiii", BranchMisc::BLX_imm);
        t.add("BLX_imm_h1", "BLX (immediate), H = 1", "1111 1011 iiiiiiiiiiiiiiiiiiiiiiii", BranchMisc::BLX_imm);
        t.add("CLREX", "CLREX", "1111 01010111 1111 1111 0000 0001 1111", BranchMisc::CLREX);
        t.add("DSB", "DSB", "1111 01010111 1111 1111 0000 0100 oooo", BranchMisc::BARRIER);
        t.add("DMB", "DMB", "1111 01010111 1111 1111 0000 0101 oooo", BranchMisc::BARRIER);
        t.add("ISB", "ISB", "1111 01010111 1111 1111 0000 0110 oooo", BranchMisc::ISB);
        t.add("PLD_imm", "PLD (immediate, literal)", "1111 0101 u101 nnnn 1111 iiiiiiiiiiii", BranchMisc::PRELOAD);
        t.add("PLDW_imm", "PLDW (immediate)", "1111 0101 u001 nnnn 1111 iiiiiiiiiiii", BranchMisc::PRELOAD);
        t.add("PLI_imm", "PLI (immediate, literal)", "1111 0100 u101 nnnn 1111 iiiiiiiiiiii", BranchMisc::PRELOAD);
        t.add("PLD_reg", "PLD (register)", "1111 0111 u101 nnnn 1111 vvvvvhh0 mmmm", BranchMisc::PRELOAD);
        t.add("PLDW_reg", "PLDW (register)", "1111 0111 u001 nnnn 1111 vvvvvhh0 mmmm", BranchMisc::PRELOAD);
        t.add("PLI_reg", "PLI (register)", "1111 0110 u101 nnnn 1111 vvvvvhh0 mmmm", BranchMisc::PRELOAD);

        return t.build();
    }

    /**
     * The VFP lines (DDI 0406C A7.5 floating-point data-processing, A7.6 extension register load/store,
     * A7.8 and A7.9 core/extension register transfers), shared with {@link T32DecodeTable}: the T32
     * encodings are the A32 ones with 1110 in place of the cond field, so {@code prefix} is "" (A32: "cccc"
     * stays the condition) or the four bits that replace it. Field letters: {@code c} cond, {@code e} D,
     * {@code f} N, {@code g} M, {@code d} Vd, {@code n} Vn (Rn of loads and stores), {@code m} Vm, {@code s}
     * sz, {@code o} op, {@code i} immediates, {@code t} Rt, {@code a} Rt2, {@code u} U, {@code w} W,
     * {@code l} L, {@code h} opc1, {@code j} opc2, {@code q} E/T/sx, {@code r} the system register.
     */
    static void addVfp(DecodeTable.Builder<A32Translator.Handler> t, String prefix) {
        String c = prefix.isEmpty() ? "cccc" : prefix;
        // A7.5 three-register data-processing (short-vector capable: UNDEFINED with FPSCR.Len/Stride != 0)
        t.add("VMLA_VMLS", "VMLA, VMLS (floating-point)", c + " 11100e00 nnnn dddd 101s fog0 mmmm", Vfp.gate(Vfp.dp3(Vfp.Dp3.VMLA_VMLS), true));
        t.add("VNMLA_VNMLS", "VNMLA, VNMLS", c + " 11100e01 nnnn dddd 101s fog0 mmmm", Vfp.gate(Vfp.dp3(Vfp.Dp3.VNMLA_VNMLS), true));
        t.add("VMUL_VNMUL", "VMUL (floating-point), VNMUL", c + " 11100e10 nnnn dddd 101s fog0 mmmm", Vfp.gate(Vfp.dp3(Vfp.Dp3.VMUL_VNMUL), true));
        t.add("VADD_VSUB", "VADD, VSUB (floating-point)", c + " 11100e11 nnnn dddd 101s fog0 mmmm", Vfp.gate(Vfp.dp3(Vfp.Dp3.VADD_VSUB), true));
        t.add("VDIV", "VDIV", c + " 11101e00 nnnn dddd 101s f0g0 mmmm", Vfp.gate(Vfp.dp3(Vfp.Dp3.VDIV), true));
        t.add("VFNMA_VFNMS", "VFNMA, VFNMS", c + " 11101e01 nnnn dddd 101s fog0 mmmm", Vfp.gate(Vfp.dp3(Vfp.Dp3.VFNMA_VFNMS), true));
        t.add("VFMA_VFMS", "VFMA, VFMS", c + " 11101e10 nnnn dddd 101s fog0 mmmm", Vfp.gate(Vfp.dp3(Vfp.Dp3.VFMA_VFMS), true));
        // A7.5 other data-processing (opc1 = 1x11)
        t.add("VMOV_imm_vfp", "VMOV (immediate), VFP", c + " 11101e11 iiii dddd 101s 0000 iiii", Vfp.gate(Vfp::VMOV_imm, true));
        t.add("VMOV_reg_vfp", "VMOV (register), VFP", c + " 11101e11 0000 dddd 101s 01g0 mmmm", Vfp.gate(Vfp::VMOV_reg, true));
        t.add("VABS_vfp", "VABS (floating-point)", c + " 11101e11 0000 dddd 101s 11g0 mmmm", Vfp.gate(Vfp::VABS, true));
        t.add("VNEG_vfp", "VNEG (floating-point)", c + " 11101e11 0001 dddd 101s 01g0 mmmm", Vfp.gate(Vfp::VNEG, true));
        t.add("VSQRT", "VSQRT", c + " 11101e11 0001 dddd 101s 11g0 mmmm", Vfp.gate(Vfp::VSQRT, true));
        t.add("VCVTB_VCVTT", "VCVTB, VCVTT (half-precision and single-precision)", c + " 11101e11 001o dddd 1010 q1g0 mmmm", Vfp.gate(Vfp::VCVT_half, false));
        t.add("VCMP", "VCMP, VCMPE", c + " 11101e11 0100 dddd 101s q1g0 mmmm", Vfp.gate(Vfp::VCMP, false));
        t.add("VCMP_zero", "VCMP, VCMPE with #0.0", c + " 11101e11 0101 dddd 101s q100 0000", Vfp.gate(Vfp::VCMP, false));
        t.add("VCVT_ds", "VCVT (between double-precision and single-precision)", c + " 11101e11 0111 dddd 101s 11g0 mmmm", Vfp.gate(Vfp::VCVT_ds, false));
        t.add("VCVT_from_int", "VCVT (integer to floating-point), VFP", c + " 11101e11 1000 dddd 101s o1g0 mmmm", Vfp.gate(Vfp::VCVT_int, false));
        t.add("VCVT_to_int", "VCVT, VCVTR (floating-point to integer), VFP", c + " 11101e11 110u dddd 101s o1g0 mmmm", Vfp.gate(Vfp::VCVT_int, false));
        t.add("VCVT_fixed", "VCVT (between floating-point and fixed-point), VFP", c + " 11101e11 1o1u dddd 101s q1i0 iiii", Vfp.gate(Vfp::VCVT_fixed, false));
        VfpV8.addConditionalVfp(t, prefix);
        // A7.6 extension register load/store
        t.add("VSTR", "VSTR", c + " 1101 ue00 nnnn dddd 101s iiiiiiii", Vfp.gate(Vfp::VLDR_VSTR, false));
        t.add("VLDR", "VLDR", c + " 1101 ue01 nnnn dddd 101s iiiiiiii", Vfp.gate(Vfp::VLDR_VSTR, false));
        t.add("VSTMIA", "VSTM (increment after)", c + " 1100 1ew0 nnnn dddd 101s iiiiiiii", Vfp.gate(Vfp::VLDM_VSTM, false));
        t.add("VLDMIA", "VLDM (increment after), VPOP", c + " 1100 1ew1 nnnn dddd 101s iiiiiiii", Vfp.gate(Vfp::VLDM_VSTM, false));
        t.add("VSTMDB", "VSTM (decrement before), VPUSH", c + " 1101 0e10 nnnn dddd 101s iiiiiiii", Vfp.gate(Vfp::VLDM_VSTM, false));
        t.add("VLDMDB", "VLDM (decrement before)", c + " 1101 0e11 nnnn dddd 101s iiiiiiii", Vfp.gate(Vfp::VLDM_VSTM, false));
        // A7.8 8, 16 and 32-bit transfers
        t.add("VMOV_core_s", "VMOV (between ARM core register and single-precision register)", c + " 1110 000l nnnn tttt 1010 f001 0000", Vfp.gate(Vfp::VMOV_core_s, false));
        t.add("VMSR", "VMSR (FPSCR)", c + " 1110 1110 0001 tttt 1010 0001 0000", Vfp.gate(Vfp::VMSR, false));
        t.add("VMRS", "VMRS (FPSCR)", c + " 1110 1111 0001 tttt 1010 0001 0000", Vfp.gate(Vfp::VMRS, false));
        t.add("VMRS_nzcv", "VMRS APSR_nzcv, FPSCR", c + " 1110 1111 0001 1111 1010 0001 0000", Vfp.gate(Vfp::VMRS, false));
        t.add("VMRS_sys", "VMRS (FPSID, MVFR1, MVFR0, FPEXC, ...)", c + " 1110 1111 rrrr tttt 1010 0001 0000", SystemInsns::VMRS_sys);
        t.add("VMSR_sys", "VMSR (FPSID, FPEXC, ...)", c + " 1110 1110 rrrr tttt 1010 0001 0000", SystemInsns::VMSR_sys);
        t.add("VMOV_to_scalar", "VMOV (ARM core register to scalar)", c + " 1110 0hh0 dddd tttt 1011 ejj1 0000", Vfp.gate(Vfp::VMOV_to_scalar, false));
        t.add("VMOV_from_scalar", "VMOV (scalar to ARM core register)", c + " 1110 uhh1 nnnn tttt 1011 fjj1 0000", Vfp.gate(Vfp::VMOV_from_scalar, false));
        // A7.9 64-bit transfers
        t.add("VMOV_2core_2s", "VMOV (between two ARM core registers and two single-precision registers)", c + " 1100 010l aaaa tttt 1010 00g1 mmmm", Vfp.gate(Vfp::VMOV_2core_2s, false));
        t.add("VMOV_2core_d", "VMOV (between two ARM core registers and a doubleword extension register)", c + " 1100 010l aaaa tttt 1011 00g1 mmmm", Vfp.gate(Vfp::VMOV_2core_d, false));
    }
}
