package org.jemu.arm.a32;

import org.jemu.translator.decode.DecodeTable;

/**
 * The T32 (Thumb-2) instruction set encoding table for ARMv7-A user level (DDI 0406C chapter A6 "Thumb
 * Instruction Set Encoding"; DDI 0487 chapter F3), one line per encoding named after the A8 instruction page
 * and encoding number, grouped by the A6 sections.
 *
 * <p><b>Word layout.</b> A 16-bit instruction is decoded as a word whose bits [31:16] are zero (its
 * patterns are written as 16 characters and padded with zeros by {@code t16}); a 32-bit instruction hw1:hw2
 * as hw1 &lt;&lt; 16 | hw2 (patterns of 32 characters, a space between the halfwords). The two spaces cannot
 * meet: a 32-bit word has bits [31:27] = 11101, 11110 or 11111.
 *
 * <p><b>No shadowing</b>, as in {@link A32DecodeTable}: where two patterns of one table intersect, one is a
 * strict subset of the other (a carve-out: TST inside AND with S = 1 and Rd = 1111, PLD inside LDRB with
 * Rt = 1111, the hints and barriers inside B T3's cond = 111x, ...). One rule a pattern cannot say is
 * applied by {@link #decode}, like A32's cond = 1111 rule: <em>in the load-single space (hw1 =
 * 1111100x xxx1 nnnn) Rn = 1111 is the literal space</em> (the manual's "if Rn == '1111' then SEE LDR
 * (literal)"); those words decode only in the separate {@link #LITERAL} table, and all other words only in
 * {@link #TABLE}. Each table is overlap-free on its own.
 *
 * <p>The manual's (0)/(1) bits are fixed in the patterns. Field letters follow {@link A32DecodeTable} so
 * that A32 handlers serve T32 encodings with the same fields: {@code s} S, {@code n} Rn, {@code d} Rd
 * (RdHi, the status register of STREX), {@code m} Rm (or MSR's mask), {@code a} Ra (RdLo; Rt2 of the
 * doubleword forms), {@code t} Rt, {@code h} shift type, {@code v} imm3:imm2 shift amount, {@code i} an
 * immediate (i:imm3:imm8 of the modified immediates), {@code j} imm4 (MOVW/MOVT) or J1, {@code k} J2,
 * {@code p} P, {@code u} U, {@code w} W (widthm1/msb of the bit-field instructions), {@code l} lsb,
 * {@code r} register list (rotate of the extend instructions), {@code y}/{@code z} the halfword selectors
 * M/N (M swap of the dual multiplies, R round of SMMLA), {@code c} cond, {@code o} barrier option or the
 * parallel add/subtract op fields, {@code b} the tb bit of PKH, {@code e} the E (exchange) half of REV.
 *
 * <p>The system level (CPS, SRS, RFE, SUBS PC, LR, MRS/MSR of the SPSR and banked registers, HVC, SMC,
 * SETEND, MRC/MCR/MRRC/MCRR for CP14 and CP15) is one block from {@link SystemInsns#addT32}. Not listed, so
 * UNDEFINED: coprocessors other than 10, 11, 14 and 15, the unallocated Advanced SIMD encodings, ERET,
 * ThumbEE, and the unallocated remainder.
 */
public final class T32DecodeTable {
    private T32DecodeTable() {
    }

    /** The table of every T32 encoding outside the literal space (immutable, shared). */
    public static final DecodeTable<A32Translator.Handler> TABLE = build();
    /** The literal loads and preloads (Rn = 1111 in the load-single space; see the class comment). */
    public static final DecodeTable<A32Translator.Handler> LITERAL = buildLiteral();

    /** True for words of the load-single literal space: hw1 = 1111100x xxx1 1111. */
    public static boolean isLiteralSpace(int word) {
        return (word >>> 16 & 0xfe1f) == 0xf81f;
    }

    /** The entry {@code word} (16-bit: bits [31:16] zero; 32-bit: hw1:hw2) decodes to, or null if UNDEFINED. */
    public static DecodeTable.Entry<A32Translator.Handler> decode(int word) {
        return isLiteralSpace(word) ? LITERAL.decode(word) : TABLE.decode(word);
    }

    private static final String HW_ZERO = "0000000000000000";

    /** Adds a 16-bit encoding: {@code pattern} has 16 significant characters (bits [15:0]). */
    private static void t16(DecodeTable.Builder<A32Translator.Handler> t, String name, String description, String pattern,
            A32Translator.Handler h) {
        t.add(name, description, HW_ZERO + " " + pattern, h);
    }

    private static DecodeTable<A32Translator.Handler> build() {
        DecodeTable.Builder<A32Translator.Handler> t = DecodeTable.builder();

        // ==== A6.2.1 Shift (immediate), add, subtract, move, and compare ====
        t16(t, "LSL_imm_T1", "LSL (immediate) T1", "00000 iiiii mmm ddd", Thumb16::LSL_imm);
        t16(t, "MOV_reg_T2", "MOV (register) T2 (MOVS Rd, Rm)", "00000 00000 mmm ddd", Thumb16::MOV_reg_T2);
        t16(t, "LSR_imm_T1", "LSR (immediate) T1", "00001 iiiii mmm ddd", Thumb16::LSR_imm);
        t16(t, "ASR_imm_T1", "ASR (immediate) T1", "00010 iiiii mmm ddd", Thumb16::ASR_imm);
        t16(t, "ADD_reg_T1", "ADD (register) T1", "0001100 mmm nnn ddd", Thumb16::ADD_reg_T1);
        t16(t, "SUB_reg_T1", "SUB (register) T1", "0001101 mmm nnn ddd", Thumb16::SUB_reg_T1);
        t16(t, "ADD_imm_T1", "ADD (immediate, Thumb) T1", "0001110 iii nnn ddd", Thumb16::ADD_imm_T1);
        t16(t, "SUB_imm_T1", "SUB (immediate, Thumb) T1", "0001111 iii nnn ddd", Thumb16::SUB_imm_T1);
        t16(t, "MOV_imm_T1", "MOV (immediate) T1", "00100 ddd iiiiiiii", Thumb16::MOV_imm_T1);
        t16(t, "CMP_imm_T1", "CMP (immediate) T1", "00101 nnn iiiiiiii", Thumb16::CMP_imm_T1);
        t16(t, "ADD_imm_T2", "ADD (immediate, Thumb) T2", "00110 ddd iiiiiiii", Thumb16::ADD_imm_T2);
        t16(t, "SUB_imm_T2", "SUB (immediate, Thumb) T2", "00111 ddd iiiiiiii", Thumb16::SUB_imm_T2);

        // ==== A6.2.2 Data-processing (Rdn/Rn in bits [2:0], Rm in [5:3]) ====
        t16(t, "AND_reg_T1", "AND (register) T1", "0100000000 mmm ddd", Thumb16::AND_reg);
        t16(t, "EOR_reg_T1", "EOR (register) T1", "0100000001 mmm ddd", Thumb16::EOR_reg);
        t16(t, "LSL_reg_T1", "LSL (register) T1", "0100000010 mmm ddd", Thumb16::LSL_reg);
        t16(t, "LSR_reg_T1", "LSR (register) T1", "0100000011 mmm ddd", Thumb16::LSR_reg);
        t16(t, "ASR_reg_T1", "ASR (register) T1", "0100000100 mmm ddd", Thumb16::ASR_reg);
        t16(t, "ADC_reg_T1", "ADC (register) T1", "0100000101 mmm ddd", Thumb16::ADC_reg);
        t16(t, "SBC_reg_T1", "SBC (register) T1", "0100000110 mmm ddd", Thumb16::SBC_reg);
        t16(t, "ROR_reg_T1", "ROR (register) T1", "0100000111 mmm ddd", Thumb16::ROR_reg);
        t16(t, "TST_reg_T1", "TST (register) T1", "0100001000 mmm nnn", Thumb16::TST_reg);
        t16(t, "RSB_imm_T1", "RSB (immediate) T1 (RSBS Rd, Rn, #0)", "0100001001 nnn ddd", Thumb16::RSB_imm_T1);
        t16(t, "CMP_reg_T1", "CMP (register) T1", "0100001010 mmm nnn", Thumb16::CMP_reg_T1);
        t16(t, "CMN_reg_T1", "CMN (register) T1", "0100001011 mmm nnn", Thumb16::CMN_reg);
        t16(t, "ORR_reg_T1", "ORR (register) T1", "0100001100 mmm ddd", Thumb16::ORR_reg);
        t16(t, "MUL_T1", "MUL T1", "0100001101 nnn ddd", Thumb16::MUL_T1);
        t16(t, "BIC_reg_T1", "BIC (register) T1", "0100001110 mmm ddd", Thumb16::BIC_reg);
        t16(t, "MVN_reg_T1", "MVN (register) T1", "0100001111 mmm ddd", Thumb16::MVN_reg);

        // ==== A6.2.3 Special data instructions and branch and exchange ====
        t16(t, "ADD_reg_T2", "ADD (register) T2, ADD (SP plus register) T1/T2", "01000100 d mmmm ddd", Thumb16::ADD_reg_T2);
        t16(t, "CMP_reg_T2", "CMP (register) T2", "01000101 n mmmm nnn", Thumb16::CMP_reg_T2);
        t16(t, "MOV_reg_T1", "MOV (register) T1", "01000110 d mmmm ddd", Thumb16::MOV_reg_T1);
        t16(t, "BX_T1", "BX T1", "010001110 mmmm 000", Thumb16::BX);
        t16(t, "BLX_reg_T1", "BLX (register) T1", "010001111 mmmm 000", Thumb16::BLX_reg);

        // ==== A6.2.4 Load from literal pool, load/store single data item ====
        t16(t, "LDR_lit_T1", "LDR (literal) T1", "01001 ttt iiiiiiii", Thumb16::LDR_lit);
        t16(t, "STR_reg_T1", "STR (register) T1", "0101000 mmm nnn ttt", Thumb16::STR_reg);
        t16(t, "STRH_reg_T1", "STRH (register) T1", "0101001 mmm nnn ttt", Thumb16::STRH_reg);
        t16(t, "STRB_reg_T1", "STRB (register) T1", "0101010 mmm nnn ttt", Thumb16::STRB_reg);
        t16(t, "LDRSB_reg_T1", "LDRSB (register) T1", "0101011 mmm nnn ttt", Thumb16::LDRSB_reg);
        t16(t, "LDR_reg_T1", "LDR (register, Thumb) T1", "0101100 mmm nnn ttt", Thumb16::LDR_reg);
        t16(t, "LDRH_reg_T1", "LDRH (register) T1", "0101101 mmm nnn ttt", Thumb16::LDRH_reg);
        t16(t, "LDRB_reg_T1", "LDRB (register) T1", "0101110 mmm nnn ttt", Thumb16::LDRB_reg);
        t16(t, "LDRSH_reg_T1", "LDRSH (register) T1", "0101111 mmm nnn ttt", Thumb16::LDRSH_reg);
        t16(t, "STR_imm_T1", "STR (immediate, Thumb) T1", "01100 iiiii nnn ttt", Thumb16::STR_imm_T1);
        t16(t, "LDR_imm_T1", "LDR (immediate, Thumb) T1", "01101 iiiii nnn ttt", Thumb16::LDR_imm_T1);
        t16(t, "STRB_imm_T1", "STRB (immediate, Thumb) T1", "01110 iiiii nnn ttt", Thumb16::STRB_imm_T1);
        t16(t, "LDRB_imm_T1", "LDRB (immediate, Thumb) T1", "01111 iiiii nnn ttt", Thumb16::LDRB_imm_T1);
        t16(t, "STRH_imm_T1", "STRH (immediate, Thumb) T1", "10000 iiiii nnn ttt", Thumb16::STRH_imm_T1);
        t16(t, "LDRH_imm_T1", "LDRH (immediate, Thumb) T1", "10001 iiiii nnn ttt", Thumb16::LDRH_imm_T1);
        t16(t, "STR_imm_T2", "STR (immediate, Thumb) T2 (SP relative)", "10010 ttt iiiiiiii", Thumb16::STR_imm_T2);
        t16(t, "LDR_imm_T2", "LDR (immediate, Thumb) T2 (SP relative)", "10011 ttt iiiiiiii", Thumb16::LDR_imm_T2);

        // ==== A6.2 Generate PC-/SP-relative address ====
        t16(t, "ADR_T1", "ADR T1", "10100 ddd iiiiiiii", Thumb16::ADR_T1);
        t16(t, "ADD_SP_imm_T1", "ADD (SP plus immediate) T1", "10101 ddd iiiiiiii", Thumb16::ADD_SP_imm_T1);

        // ==== A6.2.5 Miscellaneous 16-bit instructions ====
        t16(t, "ADD_SP_imm_T2", "ADD (SP plus immediate) T2", "101100000 iiiiiii", Thumb16::ADD_SP_imm_T2);
        t16(t, "SUB_SP_imm_T1", "SUB (SP minus immediate) T1", "101100001 iiiiiii", Thumb16::SUB_SP_imm_T1);
        t16(t, "CBZ_T1", "CBZ T1", "101100 i 1 iiiii nnn", Thumb16::CBZ);
        t16(t, "CBNZ_T1", "CBNZ T1", "101110 i 1 iiiii nnn", Thumb16::CBNZ);
        t16(t, "SXTH_T1", "SXTH T1", "1011001000 mmm ddd", Thumb16::SXTH);
        t16(t, "SXTB_T1", "SXTB T1", "1011001001 mmm ddd", Thumb16::SXTB);
        t16(t, "UXTH_T1", "UXTH T1", "1011001010 mmm ddd", Thumb16::UXTH);
        t16(t, "UXTB_T1", "UXTB T1", "1011001011 mmm ddd", Thumb16::UXTB);
        t16(t, "PUSH_T1", "PUSH T1", "1011010 r rrrrrrrr", Thumb16::PUSH);
        t16(t, "REV_T1", "REV T1", "1011101000 mmm ddd", Media::REV);
        t16(t, "REV16_T1", "REV16 T1", "1011101001 mmm ddd", Media::REV16);
        t16(t, "REVSH_T1", "REVSH T1", "1011101011 mmm ddd", Media::REVSH);
        t16(t, "POP_T1", "POP T1", "1011110 r rrrrrrrr", Thumb16::POP);
        t16(t, "BKPT_T1", "BKPT T1", "10111110 iiiiiiii", BranchMisc::BKPT);
        t16(t, "IT_T1", "IT T1", "10111111 cccc mmmm", Thumb16::IT);
        t16(t, "HINT_T1", "Hint instructions T1 (unallocated hints execute as NOP)", "10111111 iiii 0000", BranchMisc::NOP);
        t16(t, "NOP_T1", "NOP T1", "10111111 0000 0000", BranchMisc::NOP);
        t16(t, "YIELD_T1", "YIELD T1", "10111111 0001 0000", BranchMisc::NOP);
        t16(t, "WFE_T1", "WFE T1", "10111111 0010 0000", BranchMisc::WFE);
        t16(t, "WFI_T1", "WFI T1", "10111111 0011 0000", BranchMisc::WFI);
        t16(t, "SEV_T1", "SEV T1", "10111111 0100 0000", BranchMisc::SEV);

        // ==== A6.2 Load/store multiple (16-bit) ====
        t16(t, "STM_T1", "STM (STMIA, STMEA) T1", "11000 nnn rrrrrrrr", Thumb16::STM_T1);
        t16(t, "LDM_T1", "LDM (LDMIA, LDMFD) T1", "11001 nnn rrrrrrrr", Thumb16::LDM_T1);

        // ==== A6.2.6 Conditional branch, and Supervisor Call ====
        t16(t, "B_T1", "B T1", "1101 cccc iiiiiiii", Thumb16::B_T1);
        t16(t, "UDF_T1", "UDF T1 (permanently UNDEFINED)", "11011110 iiiiiiii", BranchMisc::UDF);
        t16(t, "SVC_T1", "SVC T1", "11011111 iiiiiiii", BranchMisc::SVC);
        t16(t, "B_T2", "B T2", "11100 iiiiiiiiiii", Thumb16::B_T2);

        // ==== A6.3.5 Load/store multiple ====
        t.add("STM_T2", "STM (STMIA, STMEA) T2", "1110100010w0nnnn 0r0rrrrrrrrrrrrr", Thumb32::STM);
        t.add("LDM_T2", "LDM (LDMIA, LDMFD) T2", "1110100010w1nnnn rr0rrrrrrrrrrrrr", Thumb32::LDM);
        t.add("POP_T2", "POP T2", "1110100010111101 rr0rrrrrrrrrrrrr", Thumb32::LDM);
        t.add("STMDB_T1", "STMDB (STMFD) T1", "1110100100w0nnnn 0r0rrrrrrrrrrrrr", Thumb32::STM);
        t.add("PUSH_T2", "PUSH T2", "1110100100101101 0r0rrrrrrrrrrrrr", Thumb32::STM);
        t.add("LDMDB_T1", "LDMDB (LDMEA) T1", "1110100100w1nnnn rr0rrrrrrrrrrrrr", Thumb32::LDM);

        // ==== A6.3.6 Load/store dual, load/store exclusive, table branch ====
        t.add("STREX_T1", "STREX T1", "111010000100nnnn ttttddddiiiiiiii", Thumb32::STREX);
        t.add("LDREX_T1", "LDREX T1", "111010000101nnnn tttt1111iiiiiiii", Thumb32::LDREX);
        t.add("STRD_imm_T1", "STRD (immediate) T1", "1110100pu1w0nnnn ttttaaaaiiiiiiii", Thumb32::STRD);
        t.add("LDRD_imm_T1", "LDRD (immediate) T1, LDRD (literal) T1", "1110100pu1w1nnnn ttttaaaaiiiiiiii", Thumb32::LDRD);
        t.add("STREXB_T1", "STREXB T1", "111010001100nnnn tttt11110100dddd", Thumb32::STREXB);
        t.add("STREXH_T1", "STREXH T1", "111010001100nnnn tttt11110101dddd", Thumb32::STREXH);
        t.add("STREXD_T1", "STREXD T1", "111010001100nnnn ttttaaaa0111dddd", Thumb32::STREXD);
        t.add("TBB_T1", "TBB T1", "111010001101nnnn 111100000000mmmm", Thumb32::TBB);
        t.add("TBH_T1", "TBH T1", "111010001101nnnn 111100000001mmmm", Thumb32::TBH);
        t.add("LDREXB_T1", "LDREXB T1", "111010001101nnnn tttt111101001111", Thumb32::LDREXB);
        t.add("LDREXH_T1", "LDREXH T1", "111010001101nnnn tttt111101011111", Thumb32::LDREXH);
        t.add("LDREXD_T1", "LDREXD T1", "111010001101nnnn ttttaaaa01111111", Thumb32::LDREXD);

        // ==== A6.3.11 Data-processing (shifted register) ====
        t.add("AND_reg_T2", "AND (register) T2", "11101010000snnnn 0vvvddddvvhhmmmm", Thumb32::AND_reg);
        t.add("TST_reg_T2", "TST (register) T2", "111010100001nnnn 0vvv1111vvhhmmmm", Thumb32::TST_reg);
        t.add("BIC_reg_T2", "BIC (register) T2", "11101010001snnnn 0vvvddddvvhhmmmm", Thumb32::BIC_reg);
        t.add("ORR_reg_T2", "ORR (register) T2", "11101010010snnnn 0vvvddddvvhhmmmm", Thumb32::ORR_reg);
        t.add("MOV_reg_T3", "MOV (register) T3, LSL/LSR/ASR/ROR (immediate) T2, RRX T1", "11101010010s1111 0vvvddddvvhhmmmm", Thumb32::MOV_reg);
        t.add("ORN_reg_T1", "ORN (register) T1", "11101010011snnnn 0vvvddddvvhhmmmm", Thumb32::ORN_reg);
        t.add("MVN_reg_T2", "MVN (register) T2", "11101010011s1111 0vvvddddvvhhmmmm", Thumb32::MVN_reg);
        t.add("EOR_reg_T2", "EOR (register) T2", "11101010100snnnn 0vvvddddvvhhmmmm", Thumb32::EOR_reg);
        t.add("TEQ_reg_T1", "TEQ (register) T1", "111010101001nnnn 0vvv1111vvhhmmmm", Thumb32::TEQ_reg);
        t.add("PKH_T1", "PKHBT, PKHTB T1", "111010101100nnnn 0iiiddddiib0mmmm", Thumb32::PKH);
        t.add("ADD_reg_T3", "ADD (register) T3, ADD (SP plus register) T3", "11101011000snnnn 0vvvddddvvhhmmmm", Thumb32::ADD_reg);
        t.add("CMN_reg_T2", "CMN (register) T2", "111010110001nnnn 0vvv1111vvhhmmmm", Thumb32::CMN_reg);
        t.add("ADC_reg_T2", "ADC (register) T2", "11101011010snnnn 0vvvddddvvhhmmmm", Thumb32::ADC_reg);
        t.add("SBC_reg_T2", "SBC (register) T2", "11101011011snnnn 0vvvddddvvhhmmmm", Thumb32::SBC_reg);
        t.add("SUB_reg_T2", "SUB (register) T2, SUB (SP minus register) T1", "11101011101snnnn 0vvvddddvvhhmmmm", Thumb32::SUB_reg);
        t.add("CMP_reg_T3", "CMP (register) T3", "111010111011nnnn 0vvv1111vvhhmmmm", Thumb32::CMP_reg);
        t.add("RSB_reg_T1", "RSB (register) T1", "11101011110snnnn 0vvvddddvvhhmmmm", Thumb32::RSB_reg);

        // ==== A6.3.1 Data-processing (modified immediate) ====
        t.add("AND_imm_T1", "AND (immediate) T1", "11110i00000snnnn 0iiiddddiiiiiiii", Thumb32::AND_imm);
        t.add("TST_imm_T1", "TST (immediate) T1", "11110i000001nnnn 0iii1111iiiiiiii", Thumb32::TST_imm);
        t.add("BIC_imm_T1", "BIC (immediate) T1", "11110i00001snnnn 0iiiddddiiiiiiii", Thumb32::BIC_imm);
        t.add("ORR_imm_T1", "ORR (immediate) T1", "11110i00010snnnn 0iiiddddiiiiiiii", Thumb32::ORR_imm);
        t.add("MOV_imm_T2", "MOV (immediate) T2", "11110i00010s1111 0iiiddddiiiiiiii", Thumb32::MOV_imm);
        t.add("ORN_imm_T1", "ORN (immediate) T1", "11110i00011snnnn 0iiiddddiiiiiiii", Thumb32::ORN_imm);
        t.add("MVN_imm_T1", "MVN (immediate) T1", "11110i00011s1111 0iiiddddiiiiiiii", Thumb32::MVN_imm);
        t.add("EOR_imm_T1", "EOR (immediate) T1", "11110i00100snnnn 0iiiddddiiiiiiii", Thumb32::EOR_imm);
        t.add("TEQ_imm_T1", "TEQ (immediate) T1", "11110i001001nnnn 0iii1111iiiiiiii", Thumb32::TEQ_imm);
        t.add("ADD_imm_T3", "ADD (immediate, Thumb) T3, ADD (SP plus immediate) T3", "11110i01000snnnn 0iiiddddiiiiiiii", Thumb32::ADD_imm);
        t.add("CMN_imm_T1", "CMN (immediate) T1", "11110i010001nnnn 0iii1111iiiiiiii", Thumb32::CMN_imm);
        t.add("ADC_imm_T1", "ADC (immediate) T1", "11110i01010snnnn 0iiiddddiiiiiiii", Thumb32::ADC_imm);
        t.add("SBC_imm_T1", "SBC (immediate) T1", "11110i01011snnnn 0iiiddddiiiiiiii", Thumb32::SBC_imm);
        t.add("SUB_imm_T3", "SUB (immediate, Thumb) T3, SUB (SP minus immediate) T2", "11110i01101snnnn 0iiiddddiiiiiiii", Thumb32::SUB_imm);
        t.add("CMP_imm_T2", "CMP (immediate) T2", "11110i011011nnnn 0iii1111iiiiiiii", Thumb32::CMP_imm);
        t.add("RSB_imm_T2", "RSB (immediate) T2", "11110i01110snnnn 0iiiddddiiiiiiii", Thumb32::RSB_imm);

        // ==== A6.3.3 Data-processing (plain binary immediate) ====
        t.add("ADDW_T4", "ADD (immediate, Thumb) T4 (ADDW), ADD (SP plus immediate) T4", "11110i100000nnnn 0iiiddddiiiiiiii", Thumb32::ADDW);
        t.add("ADR_T3", "ADR T3", "11110i1000001111 0iiiddddiiiiiiii", Thumb32::ADR_T3);
        t.add("MOVW_T3", "MOV (immediate) T3 (MOVW)", "11110i100100jjjj 0iiiddddiiiiiiii", Thumb32::MOVW);
        t.add("SUBW_T4", "SUB (immediate, Thumb) T4 (SUBW), SUB (SP minus immediate) T3", "11110i101010nnnn 0iiiddddiiiiiiii", Thumb32::SUBW);
        t.add("ADR_T2", "ADR T2", "11110i1010101111 0iiiddddiiiiiiii", Thumb32::ADR_T2);
        t.add("MOVT_T1", "MOVT T1", "11110i101100jjjj 0iiiddddiiiiiiii", Thumb32::MOVT);
        t.add("SSAT_T1", "SSAT T1", "1111001100h0nnnn 0vvvddddvv0iiiii", Thumb32::SSAT);
        t.add("SSAT16_T1", "SSAT16 T1", "111100110010nnnn 0000dddd0000iiii", Thumb32::SSAT16);
        t.add("SBFX_T1", "SBFX T1", "111100110100nnnn 0lllddddll0wwwww", Thumb32::SBFX);
        t.add("BFI_T1", "BFI T1", "111100110110nnnn 0lllddddll0wwwww", Thumb32::BFI);
        t.add("BFC_T1", "BFC T1", "1111001101101111 0lllddddll0wwwww", Thumb32::BFI);
        t.add("USAT_T1", "USAT T1", "1111001110h0nnnn 0vvvddddvv0iiiii", Thumb32::USAT);
        t.add("USAT16_T1", "USAT16 T1", "111100111010nnnn 0000dddd0000iiii", Thumb32::USAT16);
        t.add("UBFX_T1", "UBFX T1", "111100111100nnnn 0lllddddll0wwwww", Thumb32::UBFX);

        // ==== A6.3.4 Branches and miscellaneous control (B T3's cond = 111x is this space: carve-outs) ====
        t.add("B_T3", "B T3", "11110scccciiiiii 10j0kiiiiiiiiiii", Thumb32::B_T3);
        t.add("MSR_reg_T1", "MSR (register) T1, APSR", "111100111000nnnn 1000mm0000000000", Thumb32::MSR_reg);
        t.add("HINT_T2", "Hint instructions T2 (unallocated hints execute as NOP)", "1111001110101111 10000000iiiiiiii", BranchMisc::NOP);
        t.add("NOP_T2", "NOP T2", "1111001110101111 1000000000000000", BranchMisc::NOP);
        t.add("YIELD_T2", "YIELD T2", "1111001110101111 1000000000000001", BranchMisc::NOP);
        t.add("WFE_T2", "WFE T2", "1111001110101111 1000000000000010", BranchMisc::WFE);
        t.add("WFI_T2", "WFI T2", "1111001110101111 1000000000000011", BranchMisc::WFI);
        t.add("SEV_T2", "SEV T2", "1111001110101111 1000000000000100", BranchMisc::SEV);
        t.add("DBG_T1", "DBG T1", "1111001110101111 100000001111iiii", BranchMisc::NOP);
        t.add("CLREX_T1", "CLREX T1", "1111001110111111 1000111100101111", BranchMisc::CLREX);
        t.add("DSB_T1", "DSB T1", "1111001110111111 100011110100oooo", BranchMisc::BARRIER);
        t.add("DMB_T1", "DMB T1", "1111001110111111 100011110101oooo", BranchMisc::BARRIER);
        t.add("ISB_T1", "ISB T1", "1111001110111111 100011110110oooo", BranchMisc::ISB);
        t.add("BXJ_T1", "BXJ T1 (no Jazelle: BX)", "111100111100mmmm 1000111100000000", Thumb32::BXJ);
        t.add("MRS_T1", "MRS T1, APSR", "1111001111101111 1000dddd00000000", Thumb32::MRS);
        t.add("UDF_T2", "UDF T2 (permanently UNDEFINED)", "111101111111iiii 1010iiiiiiiiiiii", BranchMisc::UDF);
        t.add("B_T4", "B T4", "11110siiiiiiiiii 10j1kiiiiiiiiiii", Thumb32::B_T4);
        t.add("BLX_imm_T2", "BL, BLX (immediate) T2 (to A32)", "11110siiiiiiiiii 11j0kiiiiiiiiii0", Thumb32::BLX_imm);
        t.add("BL_T1", "BL, BLX (immediate) T1 (BL)", "11110siiiiiiiiii 11j1kiiiiiiiiiii", Thumb32::BL);

        // ==== A6.3.10 Store single data item (Rn = 1111 is UNDEFINED) ====
        t.add("STRB_imm_T2", "STRB (immediate, Thumb) T2", "111110001000nnnn ttttiiiiiiiiiiii", Thumb32::STRB_imm12);
        t.add("STRB_imm_T3", "STRB (immediate, Thumb) T3", "111110000000nnnn tttt1puwiiiiiiii", Thumb32::STRB_imm8);
        t.add("STRBT_T1", "STRBT T1", "111110000000nnnn tttt1110iiiiiiii", Thumb32::STRBT);
        t.add("STRB_reg_T2", "STRB (register) T2", "111110000000nnnn tttt000000vvmmmm", Thumb32::STRB_reg);
        t.add("STRH_imm_T2", "STRH (immediate, Thumb) T2", "111110001010nnnn ttttiiiiiiiiiiii", Thumb32::STRH_imm12);
        t.add("STRH_imm_T3", "STRH (immediate, Thumb) T3", "111110000010nnnn tttt1puwiiiiiiii", Thumb32::STRH_imm8);
        t.add("STRHT_T1", "STRHT T1", "111110000010nnnn tttt1110iiiiiiii", Thumb32::STRHT);
        t.add("STRH_reg_T2", "STRH (register) T2", "111110000010nnnn tttt000000vvmmmm", Thumb32::STRH_reg);
        t.add("STR_imm_T3", "STR (immediate, Thumb) T3", "111110001100nnnn ttttiiiiiiiiiiii", Thumb32::STR_imm12);
        t.add("STR_imm_T4", "STR (immediate, Thumb) T4", "111110000100nnnn tttt1puwiiiiiiii", Thumb32::STR_imm8);
        t.add("PUSH_T3", "PUSH T3 (single register)", "1111100001001101 tttt110100000100", Thumb32::STR_imm8);
        t.add("STRT_T1", "STRT T1", "111110000100nnnn tttt1110iiiiiiii", Thumb32::STRT);
        t.add("STR_reg_T2", "STR (register) T2", "111110000100nnnn tttt000000vvmmmm", Thumb32::STR_reg);

        // ==== A6.3.7 Load word (Rn = 1111: LITERAL) ====
        t.add("LDR_imm_T3", "LDR (immediate, Thumb) T3", "111110001101nnnn ttttiiiiiiiiiiii", Thumb32::LDR_imm12);
        t.add("LDR_imm_T4", "LDR (immediate, Thumb) T4", "111110000101nnnn tttt1puwiiiiiiii", Thumb32::LDR_imm8);
        t.add("POP_T3", "POP T3 (single register)", "1111100001011101 tttt101100000100", Thumb32::LDR_imm8);
        t.add("LDRT_T1", "LDRT T1", "111110000101nnnn tttt1110iiiiiiii", Thumb32::LDRT);
        t.add("LDR_reg_T2", "LDR (register, Thumb) T2", "111110000101nnnn tttt000000vvmmmm", Thumb32::LDR_reg);

        // ==== A6.3.9 Load byte, memory hints (Rn = 1111: LITERAL) ====
        t.add("LDRB_imm_T2", "LDRB (immediate, Thumb) T2", "111110001001nnnn ttttiiiiiiiiiiii", Thumb32::LDRB_imm12);
        t.add("PLD_imm_T1", "PLD (immediate) T1", "111110001001nnnn 1111iiiiiiiiiiii", BranchMisc::PRELOAD);
        t.add("LDRB_imm_T3", "LDRB (immediate, Thumb) T3", "111110000001nnnn tttt1puwiiiiiiii", Thumb32::LDRB_imm8);
        t.add("PLD_imm_T2", "PLD (immediate) T2", "111110000001nnnn 11111100iiiiiiii", BranchMisc::PRELOAD);
        t.add("LDRBT_T1", "LDRBT T1", "111110000001nnnn tttt1110iiiiiiii", Thumb32::LDRBT);
        t.add("LDRB_reg_T2", "LDRB (register) T2", "111110000001nnnn tttt000000vvmmmm", Thumb32::LDRB_reg);
        t.add("PLD_reg_T1", "PLD (register) T1", "111110000001nnnn 1111000000vvmmmm", BranchMisc::PRELOAD);
        t.add("LDRSB_imm_T1", "LDRSB (immediate) T1", "111110011001nnnn ttttiiiiiiiiiiii", Thumb32::LDRSB_imm12);
        t.add("PLI_imm_T1", "PLI (immediate, literal) T1", "111110011001nnnn 1111iiiiiiiiiiii", BranchMisc::PRELOAD);
        t.add("LDRSB_imm_T2", "LDRSB (immediate) T2", "111110010001nnnn tttt1puwiiiiiiii", Thumb32::LDRSB_imm8);
        t.add("PLI_imm_T2", "PLI (immediate, literal) T2", "111110010001nnnn 11111100iiiiiiii", BranchMisc::PRELOAD);
        t.add("LDRSBT_T1", "LDRSBT T1", "111110010001nnnn tttt1110iiiiiiii", Thumb32::LDRSBT);
        t.add("LDRSB_reg_T2", "LDRSB (register) T2", "111110010001nnnn tttt000000vvmmmm", Thumb32::LDRSB_reg);
        t.add("PLI_reg_T1", "PLI (register) T1", "111110010001nnnn 1111000000vvmmmm", BranchMisc::PRELOAD);

        // ==== A6.3.8 Load halfword, memory hints (Rn = 1111: LITERAL) ====
        t.add("LDRH_imm_T2", "LDRH (immediate, Thumb) T2", "111110001011nnnn ttttiiiiiiiiiiii", Thumb32::LDRH_imm12);
        t.add("PLDW_imm_T1", "PLDW (immediate) T1", "111110001011nnnn 1111iiiiiiiiiiii", BranchMisc::PRELOAD);
        t.add("LDRH_imm_T3", "LDRH (immediate, Thumb) T3", "111110000011nnnn tttt1puwiiiiiiii", Thumb32::LDRH_imm8);
        t.add("PLDW_imm_T2", "PLDW (immediate) T2", "111110000011nnnn 11111100iiiiiiii", BranchMisc::PRELOAD);
        t.add("LDRHT_T1", "LDRHT T1", "111110000011nnnn tttt1110iiiiiiii", Thumb32::LDRHT);
        t.add("LDRH_reg_T2", "LDRH (register) T2", "111110000011nnnn tttt000000vvmmmm", Thumb32::LDRH_reg);
        t.add("PLDW_reg_T1", "PLDW (register) T1", "111110000011nnnn 1111000000vvmmmm", BranchMisc::PRELOAD);
        t.add("LDRSH_imm_T1", "LDRSH (immediate) T1", "111110011011nnnn ttttiiiiiiiiiiii", Thumb32::LDRSH_imm12);
        t.add("NOP_hint_T1", "Unallocated memory hint (LDRSH Rt = 1111, treat as NOP)", "111110011011nnnn 1111iiiiiiiiiiii", BranchMisc::PRELOAD);
        t.add("LDRSH_imm_T2", "LDRSH (immediate) T2", "111110010011nnnn tttt1puwiiiiiiii", Thumb32::LDRSH_imm8);
        t.add("NOP_hint_T2", "Unallocated memory hint (LDRSH T2 Rt = 1111, treat as NOP)", "111110010011nnnn 11111100iiiiiiii", BranchMisc::PRELOAD);
        t.add("LDRSHT_T1", "LDRSHT T1", "111110010011nnnn tttt1110iiiiiiii", Thumb32::LDRSHT);
        t.add("LDRSH_reg_T2", "LDRSH (register) T2", "111110010011nnnn tttt000000vvmmmm", Thumb32::LDRSH_reg);
        t.add("NOP_hint_reg", "Unallocated memory hint (LDRSH register Rt = 1111, treat as NOP)", "111110010011nnnn 1111000000vvmmmm", BranchMisc::PRELOAD);

        // ==== A6.3.12 Data-processing (register) ====
        t.add("LSL_reg_T2", "LSL (register) T2", "11111010000snnnn 1111dddd0000mmmm", Thumb32::SHIFT_reg);
        t.add("LSR_reg_T2", "LSR (register) T2", "11111010001snnnn 1111dddd0000mmmm", Thumb32::SHIFT_reg);
        t.add("ASR_reg_T2", "ASR (register) T2", "11111010010snnnn 1111dddd0000mmmm", Thumb32::SHIFT_reg);
        t.add("ROR_reg_T2", "ROR (register) T2", "11111010011snnnn 1111dddd0000mmmm", Thumb32::SHIFT_reg);
        t.add("SXTAH_T1", "SXTAH T1", "111110100000nnnn 1111dddd10rrmmmm", Thumb32::SXTAH);
        t.add("SXTH_T2", "SXTH T2", "1111101000001111 1111dddd10rrmmmm", Thumb32::SXTAH);
        t.add("UXTAH_T1", "UXTAH T1", "111110100001nnnn 1111dddd10rrmmmm", Thumb32::UXTAH);
        t.add("UXTH_T2", "UXTH T2", "1111101000011111 1111dddd10rrmmmm", Thumb32::UXTAH);
        t.add("SXTAB16_T1", "SXTAB16 T1", "111110100010nnnn 1111dddd10rrmmmm", Thumb32::SXTAB16);
        t.add("SXTB16_T1", "SXTB16 T1", "1111101000101111 1111dddd10rrmmmm", Thumb32::SXTAB16);
        t.add("UXTAB16_T1", "UXTAB16 T1", "111110100011nnnn 1111dddd10rrmmmm", Thumb32::UXTAB16);
        t.add("UXTB16_T1", "UXTB16 T1", "1111101000111111 1111dddd10rrmmmm", Thumb32::UXTAB16);
        t.add("SXTAB_T1", "SXTAB T1", "111110100100nnnn 1111dddd10rrmmmm", Thumb32::SXTAB);
        t.add("SXTB_T2", "SXTB T2", "1111101001001111 1111dddd10rrmmmm", Thumb32::SXTAB);
        t.add("UXTAB_T1", "UXTAB T1", "111110100101nnnn 1111dddd10rrmmmm", Thumb32::UXTAB);
        t.add("UXTB_T2", "UXTB T2", "1111101001011111 1111dddd10rrmmmm", Thumb32::UXTAB);

        // ==== A6.3.13/A6.3.14 Parallel addition and subtraction, signed and unsigned ====
        parallel(t, "SADD16", "001", "000");
        parallel(t, "SASX", "010", "000");
        parallel(t, "SSAX", "110", "000");
        parallel(t, "SSUB16", "101", "000");
        parallel(t, "SADD8", "000", "000");
        parallel(t, "SSUB8", "100", "000");
        parallel(t, "QADD16", "001", "001");
        parallel(t, "QASX", "010", "001");
        parallel(t, "QSAX", "110", "001");
        parallel(t, "QSUB16", "101", "001");
        parallel(t, "QADD8", "000", "001");
        parallel(t, "QSUB8", "100", "001");
        parallel(t, "SHADD16", "001", "010");
        parallel(t, "SHASX", "010", "010");
        parallel(t, "SHSAX", "110", "010");
        parallel(t, "SHSUB16", "101", "010");
        parallel(t, "SHADD8", "000", "010");
        parallel(t, "SHSUB8", "100", "010");
        parallel(t, "UADD16", "001", "100");
        parallel(t, "UASX", "010", "100");
        parallel(t, "USAX", "110", "100");
        parallel(t, "USUB16", "101", "100");
        parallel(t, "UADD8", "000", "100");
        parallel(t, "USUB8", "100", "100");
        parallel(t, "UQADD16", "001", "101");
        parallel(t, "UQASX", "010", "101");
        parallel(t, "UQSAX", "110", "101");
        parallel(t, "UQSUB16", "101", "101");
        parallel(t, "UQADD8", "000", "101");
        parallel(t, "UQSUB8", "100", "101");
        parallel(t, "UHADD16", "001", "110");
        parallel(t, "UHASX", "010", "110");
        parallel(t, "UHSAX", "110", "110");
        parallel(t, "UHSUB16", "101", "110");
        parallel(t, "UHADD8", "000", "110");
        parallel(t, "UHSUB8", "100", "110");

        // ==== A6.3.15 Miscellaneous operations (REV, RBIT, CLZ name Rm twice: 'n' must equal 'm') ====
        t.add("QADD_T1", "QADD T1", "111110101000nnnn 1111dddd1000mmmm", Thumb32::QADD);
        t.add("QDADD_T1", "QDADD T1", "111110101000nnnn 1111dddd1001mmmm", Thumb32::QDADD);
        t.add("QSUB_T1", "QSUB T1", "111110101000nnnn 1111dddd1010mmmm", Thumb32::QSUB);
        t.add("QDSUB_T1", "QDSUB T1", "111110101000nnnn 1111dddd1011mmmm", Thumb32::QDSUB);
        t.add("REV_T2", "REV T2", "111110101001nnnn 1111dddd1000mmmm", Thumb32::REV);
        t.add("REV16_T2", "REV16 T2", "111110101001nnnn 1111dddd1001mmmm", Thumb32::REV16);
        t.add("RBIT_T1", "RBIT T1", "111110101001nnnn 1111dddd1010mmmm", Thumb32::RBIT);
        t.add("REVSH_T2", "REVSH T2", "111110101001nnnn 1111dddd1011mmmm", Thumb32::REVSH);
        t.add("SEL_T1", "SEL T1", "111110101010nnnn 1111dddd1000mmmm", Thumb32::SEL);
        t.add("CLZ_T1", "CLZ T1", "111110101011nnnn 1111dddd1000mmmm", Thumb32::CLZ);
        Crypto32.addCrcT32(t);

        // ==== A6.3.16 Multiply, multiply accumulate, and absolute difference ====
        t.add("MLA_T1", "MLA T1", "111110110000nnnn aaaadddd0000mmmm", Thumb32::MUL3);
        t.add("MUL_T2", "MUL T2", "111110110000nnnn 1111dddd0000mmmm", Thumb32::MUL3);
        t.add("MLS_T1", "MLS T1", "111110110000nnnn aaaadddd0001mmmm", Thumb32::MLS);
        t.add("SMLAxy_T1", "SMLABB, SMLABT, SMLATB, SMLATT T1", "111110110001nnnn aaaadddd00zymmmm", Thumb32::SMLAxy);
        t.add("SMULxy_T1", "SMULBB, SMULBT, SMULTB, SMULTT T1", "111110110001nnnn 1111dddd00zymmmm", Thumb32::SMULxy);
        t.add("SMLAD_T1", "SMLAD T1", "111110110010nnnn aaaadddd000zmmmm", Thumb32::SMLAD);
        t.add("SMUAD_T1", "SMUAD T1", "111110110010nnnn 1111dddd000zmmmm", Thumb32::SMLAD);
        t.add("SMLAWy_T1", "SMLAWB, SMLAWT T1", "111110110011nnnn aaaadddd000ymmmm", Thumb32::SMLAWy);
        t.add("SMULWy_T1", "SMULWB, SMULWT T1", "111110110011nnnn 1111dddd000ymmmm", Thumb32::SMULWy);
        t.add("SMLSD_T1", "SMLSD T1", "111110110100nnnn aaaadddd000zmmmm", Thumb32::SMLSD);
        t.add("SMUSD_T1", "SMUSD T1", "111110110100nnnn 1111dddd000zmmmm", Thumb32::SMLSD);
        t.add("SMMLA_T1", "SMMLA T1", "111110110101nnnn aaaadddd000zmmmm", Thumb32::SMMLA);
        t.add("SMMUL_T1", "SMMUL T1", "111110110101nnnn 1111dddd000zmmmm", Thumb32::SMMLA);
        t.add("SMMLS_T1", "SMMLS T1", "111110110110nnnn aaaadddd000zmmmm", Thumb32::SMMLS);
        t.add("USADA8_T1", "USADA8 T1", "111110110111nnnn aaaadddd0000mmmm", Thumb32::USADA8);
        t.add("USAD8_T1", "USAD8 T1", "111110110111nnnn 1111dddd0000mmmm", Thumb32::USADA8);

        // ==== A6.3.17 Long multiply, long multiply accumulate, and divide ====
        t.add("SMULL_T1", "SMULL T1", "111110111000nnnn aaaadddd0000mmmm", Thumb32::SMULL);
        t.add("SDIV_T1", "SDIV T1", "111110111001nnnn 1111dddd1111mmmm", Thumb32::SDIV);
        t.add("UMULL_T1", "UMULL T1", "111110111010nnnn aaaadddd0000mmmm", Thumb32::UMULL);
        t.add("UDIV_T1", "UDIV T1", "111110111011nnnn 1111dddd1111mmmm", Thumb32::UDIV);
        t.add("SMLAL_T1", "SMLAL T1", "111110111100nnnn aaaadddd0000mmmm", Thumb32::SMLAL);
        t.add("SMLALxy_T1", "SMLALBB, SMLALBT, SMLALTB, SMLALTT T1", "111110111100nnnn aaaadddd10zymmmm", Thumb32::SMLALxy);
        t.add("SMLALD_T1", "SMLALD T1", "111110111100nnnn aaaadddd110zmmmm", Thumb32::SMLALD);
        t.add("SMLSLD_T1", "SMLSLD T1", "111110111101nnnn aaaadddd110zmmmm", Thumb32::SMLSLD);
        t.add("UMLAL_T1", "UMLAL T1", "111110111110nnnn aaaadddd0000mmmm", Thumb32::UMLAL);
        t.add("UMAAL_T1", "UMAAL T1", "111110111110nnnn aaaadddd0110mmmm", Thumb32::UMAAL);

        // ==== B9 / A6.3.18: the system level and CP14/CP15 transfers (see SystemInsns) ====
        SystemInsns.addT32(t);

        // ==== A6.3.18 Coprocessor instructions: the VFP encodings (A7.5, A7.6, A7.8, A7.9) are the A32 ones
        // with hw1[15:12] = 1110 in place of the cond field (conditional through IT) ====
        A32DecodeTable.addVfp(t, "1110");
        VfpV8.addUnconditionalVfp(t);
        NeonMisc.addCoreTransfers(t, "1110");

        // ==== A6.3.18 / A7.4: Advanced SIMD data-processing, hw1 = 111U 1111 (the A32 1111 001U form with
        // bits [23:0] unchanged) ====
        Neon.addThreeSame(t, true);
        Neon.addOthers(t, true);
        NeonLoadStore.add(t, true);

        return t.build();
    }

    /**
     * One parallel add/subtract line (A6.3.13 signed, A6.3.14 unsigned): hw1 = 111110101 op1 Rn, hw2 =
     * 1111 Rd 0 op2 Rm, where op2 here includes the U bit (bit 6): 000 modular, 001 saturating, 010 halving
     * for the signed forms, 1xx for the unsigned ones.
     */
    private static void parallel(DecodeTable.Builder<A32Translator.Handler> t, String name, String op1,
            String op2) {
        t.add(name + "_T1", name + " T1", "111110101" + op1 + "nnnn 1111dddd0" + op2 + "mmmm", Thumb32::PARALLEL);
    }

    private static DecodeTable<A32Translator.Handler> buildLiteral() {
        DecodeTable.Builder<A32Translator.Handler> t = DecodeTable.builder();
        // ==== the literal forms (Rn = 1111) of A6.3.7, A6.3.8, A6.3.9 ====
        t.add("LDR_lit_T2", "LDR (literal) T2", "11111000u1011111 ttttiiiiiiiiiiii", Thumb32::LDR_lit);
        t.add("LDRB_lit_T1", "LDRB (literal) T1", "11111000u0011111 ttttiiiiiiiiiiii", Thumb32::LDRB_lit);
        t.add("PLD_lit_T1", "PLD (literal) T1", "11111000u0011111 1111iiiiiiiiiiii", BranchMisc::PRELOAD);
        t.add("LDRH_lit_T1", "LDRH (literal) T1", "11111000u0111111 ttttiiiiiiiiiiii", Thumb32::LDRH_lit);
        t.add("NOP_hint_lit_H", "Unallocated memory hint (LDRH literal Rt = 1111, treat as NOP)", "11111000u0111111 1111iiiiiiiiiiii", BranchMisc::PRELOAD);
        t.add("LDRSB_lit_T1", "LDRSB (literal) T1", "11111001u0011111 ttttiiiiiiiiiiii", Thumb32::LDRSB_lit);
        t.add("PLI_lit_T3", "PLI (immediate, literal) T3", "11111001u0011111 1111iiiiiiiiiiii", BranchMisc::PRELOAD);
        t.add("LDRSH_lit_T1", "LDRSH (literal) T1", "11111001u0111111 ttttiiiiiiiiiiii", Thumb32::LDRSH_lit);
        t.add("NOP_hint_lit_SH", "Unallocated memory hint (LDRSH literal Rt = 1111, treat as NOP)", "11111001u0111111 1111iiiiiiiiiiii", BranchMisc::PRELOAD);
        return t.build();
    }
}
