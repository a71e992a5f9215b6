package org.jemu.arm.a64;

import org.jemu.translator.decode.DecodeTable;

/**
 * The A64 base instruction set encoding table: one line per encoding, named after the Arm ARM (DDI 0487)
 * chapter C4 "A64 Instruction Set Encoding" and grouped by its sections. Patterns are 32 characters, bit
 * 31 first (see {@link org.jemu.translator.decode.BitPattern}): {@code 0}/{@code 1} fixed, a letter a field,
 * {@code -} ignored. The table is checked by a unit test to have no two encodings that shadow each other:
 * where patterns intersect, one is a strict subset of the other (an alias or carve-out that the decoder
 * prefers because it is more specific).
 *
 * <p>Field letters (per line, following the manual's field names): {@code z} sf (0 = 32-bit W registers,
 * 1 = 64-bit X registers), {@code d} Rd, {@code n} Rn (or CRn in SYS), {@code m} Rm (or CRm), {@code a} Ra,
 * {@code t} Rt, {@code u} Rt2, {@code s} Rs of the exclusives, imms, or the system register field,
 * {@code i} an immediate, {@code h} shift type, sh or hw (immhi in ADR), {@code l} immlo (LL in DCPS),
 * {@code x} the N bit, {@code r} immr, {@code c} cond, {@code f} nzcv, {@code o} option, op1 or opc<0>,
 * {@code p} op2 or the pair index mode, {@code q} size, {@code w} opc<0> of the sign-extending loads
 * (1 = to a W register), {@code b} b5:b40 of TBZ/TBNZ. Reserved values of a field (a {@code shift} of 11,
 * {@code sf == 0} with {@code N == 1} ...) are rejected by the handler, which makes the instruction
 * UNDEFINED.
 *
 * <p>Everything not listed is unallocated in ARMv8.0-A as implemented by Cortex-A57 (no LSE atomics, no
 * ARMv8.1+ instructions, no SVE) and decodes to UNDEFINED. The SIMD&FP encodings are listed in
 * {@link A64SimdFpTable}; the rest of that space is one catch-all line per top-level group ({@link FpSimd}):
 * it takes the FP access trap when CPACR_EL1.FPEN traps, and is UNDEFINED otherwise.
 */
public final class A64DecodeTable {
    private A64DecodeTable() {
    }

    /** The table (immutable, shared). */
    public static final DecodeTable<A64Translator.Handler> TABLE = build();

    private static DecodeTable<A64Translator.Handler> build() {
        DecodeTable.Builder<A64Translator.Handler> t = DecodeTable.builder();

        // ==== C4.1 top level: reserved ==============================================================
        t.add("UDF", "UDF permanently undefined", "0000000000000000iiiiiiiiiiiiiiii", BranchesExceptionSystem::UDF);

        // ==== C4.1.2 Data Processing -- Immediate ==================================================
        // PC-rel. addressing
        t.add("ADR", "ADR", "0ll10000hhhhhhhhhhhhhhhhhhhddddd", DataProcessingImmediate::ADR);
        t.add("ADRP", "ADRP", "1ll10000hhhhhhhhhhhhhhhhhhhddddd", DataProcessingImmediate::ADRP);
        // Add/subtract (immediate); bit 23 set is ADDG/SUBG (MTE), unallocated here
        t.add("ADD_imm", "ADD (immediate)", "z00100010hiiiiiiiiiiiinnnnnddddd", DataProcessingImmediate::ADD_imm);
        t.add("ADDS_imm", "ADDS (immediate)", "z01100010hiiiiiiiiiiiinnnnnddddd", DataProcessingImmediate::ADDS_imm);
        t.add("SUB_imm", "SUB (immediate)", "z10100010hiiiiiiiiiiiinnnnnddddd", DataProcessingImmediate::SUB_imm);
        t.add("SUBS_imm", "SUBS (immediate)", "z11100010hiiiiiiiiiiiinnnnnddddd", DataProcessingImmediate::SUBS_imm);
        // Logical (immediate)
        t.add("AND_imm", "AND (immediate)", "z00100100xrrrrrrssssssnnnnnddddd", DataProcessingImmediate::AND_imm);
        t.add("ORR_imm", "ORR (immediate)", "z01100100xrrrrrrssssssnnnnnddddd", DataProcessingImmediate::ORR_imm);
        t.add("EOR_imm", "EOR (immediate)", "z10100100xrrrrrrssssssnnnnnddddd", DataProcessingImmediate::EOR_imm);
        t.add("ANDS_imm", "ANDS (immediate)", "z11100100xrrrrrrssssssnnnnnddddd", DataProcessingImmediate::ANDS_imm);
        // Move wide (immediate); opc 01 unallocated
        t.add("MOVN", "MOVN", "z00100101hhiiiiiiiiiiiiiiiiddddd", DataProcessingImmediate::MOVN);
        t.add("MOVZ", "MOVZ", "z10100101hhiiiiiiiiiiiiiiiiddddd", DataProcessingImmediate::MOVZ);
        t.add("MOVK", "MOVK", "z11100101hhiiiiiiiiiiiiiiiiddddd", DataProcessingImmediate::MOVK);
        // Bitfield; opc 11 unallocated
        t.add("SBFM", "SBFM", "z00100110xrrrrrrssssssnnnnnddddd", DataProcessingImmediate::SBFM);
        t.add("BFM", "BFM", "z01100110xrrrrrrssssssnnnnnddddd", DataProcessingImmediate::BFM);
        t.add("UBFM", "UBFM", "z10100110xrrrrrrssssssnnnnnddddd", DataProcessingImmediate::UBFM);
        // Extract
        t.add("EXTR", "EXTR", "z00100111x0mmmmmssssssnnnnnddddd", DataProcessingImmediate::EXTR);

        // ==== C4.1.3 Branches, Exception Generating and System instructions ========================
        // Conditional branch (immediate)
        t.add("B_cond", "B.cond", "01010100iiiiiiiiiiiiiiiiiii0cccc", BranchesExceptionSystem::B_cond);
        // Exception generation
        t.add("SVC", "SVC", "11010100000iiiiiiiiiiiiiiii00001", BranchesExceptionSystem::SVC);
        t.add("HVC", "HVC", "11010100000iiiiiiiiiiiiiiii00010", BranchesExceptionSystem::HVC);
        t.add("SMC", "SMC", "11010100000iiiiiiiiiiiiiiii00011", BranchesExceptionSystem::SMC);
        t.add("BRK", "BRK", "11010100001iiiiiiiiiiiiiiii00000", BranchesExceptionSystem::BRK);
        t.add("HLT", "HLT", "11010100010iiiiiiiiiiiiiiii00000", BranchesExceptionSystem::HLT);
        t.add("DCPS", "DCPS1, DCPS2, DCPS3", "11010100101iiiiiiiiiiiiiiii000ll", BranchesExceptionSystem::DCPS);
        // Hints: every unlisted CRm:op2 is a NOP
        t.add("HINT", "HINT", "11010101000000110010mmmmooo11111", BranchesExceptionSystem::HINT);
        t.add("NOP", "NOP", "11010101000000110010000000011111", BranchesExceptionSystem::NOP);
        t.add("YIELD", "YIELD", "11010101000000110010000000111111", BranchesExceptionSystem::YIELD);
        t.add("WFE", "WFE", "11010101000000110010000001011111", BranchesExceptionSystem::WFE);
        t.add("WFI", "WFI", "11010101000000110010000001111111", BranchesExceptionSystem::WFI);
        t.add("SEV", "SEV", "11010101000000110010000010011111", BranchesExceptionSystem::SEV);
        t.add("SEVL", "SEVL", "11010101000000110010000010111111", BranchesExceptionSystem::SEVL);
        // Barriers
        t.add("CLREX", "CLREX", "11010101000000110011mmmm01011111", BranchesExceptionSystem::CLREX);
        t.add("DSB", "DSB", "11010101000000110011mmmm10011111", BranchesExceptionSystem::DSB);
        t.add("DMB", "DMB", "11010101000000110011mmmm10111111", BranchesExceptionSystem::DMB);
        t.add("ISB", "ISB", "11010101000000110011mmmm11011111", BranchesExceptionSystem::ISB);
        // PSTATE
        t.add("MSR_imm", "MSR (immediate)", "1101010100000ooo0100mmmmppp11111", BranchesExceptionSystem::MSR_imm);
        // System instructions
        t.add("SYS", "SYS", "1101010100001ooonnnnmmmmpppttttt", BranchesExceptionSystem::SYS);
        t.add("SYSL", "SYSL", "1101010100101ooonnnnmmmmpppttttt", BranchesExceptionSystem::SYSL);
        // System register move
        t.add("MSR_reg", "MSR (register)", "110101010001sssssssssssssssttttt", BranchesExceptionSystem::MSR_reg);
        t.add("MRS", "MRS", "110101010011sssssssssssssssttttt", BranchesExceptionSystem::MRS);
        // Unconditional branch (register)
        t.add("BR", "BR", "1101011000011111000000nnnnn00000", BranchesExceptionSystem::BR);
        t.add("BLR", "BLR", "1101011000111111000000nnnnn00000", BranchesExceptionSystem::BLR);
        t.add("RET", "RET", "1101011001011111000000nnnnn00000", BranchesExceptionSystem::RET);
        t.add("ERET", "ERET", "11010110100111110000001111100000", BranchesExceptionSystem::ERET);
        t.add("DRPS", "DRPS", "11010110101111110000001111100000", BranchesExceptionSystem::DRPS);
        // Unconditional branch (immediate)
        t.add("B", "B", "000101iiiiiiiiiiiiiiiiiiiiiiiiii", BranchesExceptionSystem::B);
        t.add("BL", "BL", "100101iiiiiiiiiiiiiiiiiiiiiiiiii", BranchesExceptionSystem::BL);
        // Compare and branch (immediate)
        t.add("CBZ", "CBZ", "z0110100iiiiiiiiiiiiiiiiiiittttt", BranchesExceptionSystem::CBZ);
        t.add("CBNZ", "CBNZ", "z0110101iiiiiiiiiiiiiiiiiiittttt", BranchesExceptionSystem::CBNZ);
        // Test and branch (immediate)
        t.add("TBZ", "TBZ", "b0110110bbbbbiiiiiiiiiiiiiittttt", BranchesExceptionSystem::TBZ);
        t.add("TBNZ", "TBNZ", "b0110111bbbbbiiiiiiiiiiiiiittttt", BranchesExceptionSystem::TBNZ);

        // ==== C4.1.4 Loads and Stores (integer registers; V = 0) ====================================
        // Load/store exclusive (ARMv8.0 subset: no LSE CAS/CASP, no LORegions)
        t.add("STXR", "STXRB, STXRH, STXR", "qq001000000sssss0uuuuunnnnnttttt", LoadsStores::STXR);
        t.add("STLXR", "STLXRB, STLXRH, STLXR", "qq001000000sssss1uuuuunnnnnttttt", LoadsStores::STLXR);
        t.add("STXP", "STXP", "1q001000001sssss0uuuuunnnnnttttt", LoadsStores::STXP);
        t.add("STLXP", "STLXP", "1q001000001sssss1uuuuunnnnnttttt", LoadsStores::STLXP);
        t.add("LDXR", "LDXRB, LDXRH, LDXR", "qq001000010sssss0uuuuunnnnnttttt", LoadsStores::LDXR);
        t.add("LDAXR", "LDAXRB, LDAXRH, LDAXR", "qq001000010sssss1uuuuunnnnnttttt", LoadsStores::LDAXR);
        t.add("LDXP", "LDXP", "1q001000011sssss0uuuuunnnnnttttt", LoadsStores::LDXP);
        t.add("LDAXP", "LDAXP", "1q001000011sssss1uuuuunnnnnttttt", LoadsStores::LDAXP);
        t.add("STLR", "STLRB, STLRH, STLR", "qq001000100sssss1uuuuunnnnnttttt", LoadsStores::STLR);
        t.add("LDAR", "LDARB, LDARH, LDAR", "qq001000110sssss1uuuuunnnnnttttt", LoadsStores::LDAR);
        // Load register (literal)
        t.add("LDR_lit", "LDR (literal)", "0q011000iiiiiiiiiiiiiiiiiiittttt", LoadsStores::LDR_lit);
        t.add("LDRSW_lit", "LDRSW (literal)", "10011000iiiiiiiiiiiiiiiiiiittttt", LoadsStores::LDRSW_lit);
        t.add("PRFM_lit", "PRFM (literal)", "11011000iiiiiiiiiiiiiiiiiiittttt", LoadsStores::PRFM_lit);
        // Load/store register pair: no-allocate offset, post-index, signed offset, pre-index
        t.add("STNP", "STNP", "z010100000iiiiiiiuuuuunnnnnttttt", LoadsStores::STNP);
        t.add("LDNP", "LDNP", "z010100001iiiiiiiuuuuunnnnnttttt", LoadsStores::LDNP);
        t.add("STP", "STP", "z010100pp0iiiiiiiuuuuunnnnnttttt", LoadsStores::STP);
        t.add("LDP", "LDP", "z010100pp1iiiiiiiuuuuunnnnnttttt", LoadsStores::LDP);
        t.add("LDPSW", "LDPSW", "0110100pp1iiiiiiiuuuuunnnnnttttt", LoadsStores::LDPSW);
        // Load/store register (unscaled immediate, post-index, unprivileged, pre-index): opc 00 store,
        // 01 load, 1x load signed (opc<0> = 1: to a W register)
        t.add("STUR", "STURB, STURH, STUR", "qq111000000iiiiiiiii00nnnnnttttt", LoadsStores::STUR);
        t.add("LDUR", "LDURB, LDURH, LDUR", "qq111000010iiiiiiiii00nnnnnttttt", LoadsStores::LDUR);
        t.add("LDURS", "LDURSB, LDURSH, LDURSW", "qq1110001w0iiiiiiiii00nnnnnttttt", LoadsStores::LDURS);
        t.add("PRFUM", "PRFUM", "11111000100iiiiiiiii00nnnnnttttt", LoadsStores::PRFUM);
        t.add("STR_imm_post", "STRB, STRH, STR (immediate), post-index", "qq111000000iiiiiiiii01nnnnnttttt", LoadsStores::STR_imm_post);
        t.add("LDR_imm_post", "LDRB, LDRH, LDR (immediate), post-index", "qq111000010iiiiiiiii01nnnnnttttt", LoadsStores::LDR_imm_post);
        t.add("LDRS_imm_post", "LDRSB, LDRSH, LDRSW (immediate), post-index", "qq1110001w0iiiiiiiii01nnnnnttttt", LoadsStores::LDRS_imm_post);
        t.add("STTR", "STTRB, STTRH, STTR", "qq111000000iiiiiiiii10nnnnnttttt", LoadsStores::STTR);
        t.add("LDTR", "LDTRB, LDTRH, LDTR", "qq111000010iiiiiiiii10nnnnnttttt", LoadsStores::LDTR);
        t.add("LDTRS", "LDTRSB, LDTRSH, LDTRSW", "qq1110001w0iiiiiiiii10nnnnnttttt", LoadsStores::LDTRS);
        t.add("STR_imm_pre", "STRB, STRH, STR (immediate), pre-index", "qq111000000iiiiiiiii11nnnnnttttt", LoadsStores::STR_imm_pre);
        t.add("LDR_imm_pre", "LDRB, LDRH, LDR (immediate), pre-index", "qq111000010iiiiiiiii11nnnnnttttt", LoadsStores::LDR_imm_pre);
        t.add("LDRS_imm_pre", "LDRSB, LDRSH, LDRSW (immediate), pre-index", "qq1110001w0iiiiiiiii11nnnnnttttt", LoadsStores::LDRS_imm_pre);
        // Load/store register (register offset)
        t.add("STR_reg", "STRB, STRH, STR (register)", "qq111000001mmmmmooos10nnnnnttttt", LoadsStores::STR_reg);
        t.add("LDR_reg", "LDRB, LDRH, LDR (register)", "qq111000011mmmmmooos10nnnnnttttt", LoadsStores::LDR_reg);
        t.add("LDRS_reg", "LDRSB, LDRSH, LDRSW (register)", "qq1110001w1mmmmmooos10nnnnnttttt", LoadsStores::LDRS_reg);
        t.add("PRFM_reg", "PRFM (register)", "11111000101mmmmmooos10nnnnnttttt", LoadsStores::PRFM_reg);
        // Load/store register (unsigned immediate)
        t.add("STR_imm", "STRB, STRH, STR (immediate), unsigned offset", "qq11100100iiiiiiiiiiiinnnnnttttt", LoadsStores::STR_imm);
        t.add("LDR_imm", "LDRB, LDRH, LDR (immediate), unsigned offset", "qq11100101iiiiiiiiiiiinnnnnttttt", LoadsStores::LDR_imm);
        t.add("LDRS_imm", "LDRSB, LDRSH, LDRSW (immediate), unsigned offset", "qq1110011wiiiiiiiiiiiinnnnnttttt", LoadsStores::LDRS_imm);
        t.add("PRFM_imm", "PRFM (immediate)", "1111100110iiiiiiiiiiiinnnnnttttt", LoadsStores::PRFM_imm);

        // ==== C4.1.5 Data Processing -- Register ====================================================
        // Data-processing (2 source)
        t.add("UDIV", "UDIV", "z0011010110mmmmm000010nnnnnddddd", DataProcessingRegister::UDIV);
        t.add("SDIV", "SDIV", "z0011010110mmmmm000011nnnnnddddd", DataProcessingRegister::SDIV);
        t.add("LSLV", "LSLV", "z0011010110mmmmm001000nnnnnddddd", DataProcessingRegister::LSLV);
        t.add("LSRV", "LSRV", "z0011010110mmmmm001001nnnnnddddd", DataProcessingRegister::LSRV);
        t.add("ASRV", "ASRV", "z0011010110mmmmm001010nnnnnddddd", DataProcessingRegister::ASRV);
        t.add("RORV", "RORV", "z0011010110mmmmm001011nnnnnddddd", DataProcessingRegister::RORV);
        t.add("CRC32", "CRC32B, CRC32H, CRC32W, CRC32X", "z0011010110mmmmm0100qqnnnnnddddd", DataProcessingRegister::CRC32);
        t.add("CRC32C", "CRC32CB, CRC32CH, CRC32CW, CRC32CX", "z0011010110mmmmm0101qqnnnnnddddd", DataProcessingRegister::CRC32C);
        // Data-processing (1 source)
        t.add("RBIT", "RBIT", "z101101011000000000000nnnnnddddd", DataProcessingRegister::RBIT);
        t.add("REV16", "REV16", "z101101011000000000001nnnnnddddd", DataProcessingRegister::REV16);
        t.add("REV", "REV", "z10110101100000000001onnnnnddddd", DataProcessingRegister::REV);
        t.add("REV32", "REV32", "1101101011000000000010nnnnnddddd", DataProcessingRegister::REV32);
        t.add("CLZ", "CLZ", "z101101011000000000100nnnnnddddd", DataProcessingRegister::CLZ);
        t.add("CLS", "CLS", "z101101011000000000101nnnnnddddd", DataProcessingRegister::CLS);
        // Logical (shifted register)
        t.add("AND_shift", "AND (shifted register)", "z0001010hh0mmmmmiiiiiinnnnnddddd", DataProcessingRegister::AND_shift);
        t.add("BIC_shift", "BIC (shifted register)", "z0001010hh1mmmmmiiiiiinnnnnddddd", DataProcessingRegister::BIC_shift);
        t.add("ORR_shift", "ORR (shifted register)", "z0101010hh0mmmmmiiiiiinnnnnddddd", DataProcessingRegister::ORR_shift);
        t.add("ORN_shift", "ORN (shifted register)", "z0101010hh1mmmmmiiiiiinnnnnddddd", DataProcessingRegister::ORN_shift);
        t.add("EOR_shift", "EOR (shifted register)", "z1001010hh0mmmmmiiiiiinnnnnddddd", DataProcessingRegister::EOR_shift);
        t.add("EON_shift", "EON (shifted register)", "z1001010hh1mmmmmiiiiiinnnnnddddd", DataProcessingRegister::EON_shift);
        t.add("ANDS_shift", "ANDS (shifted register)", "z1101010hh0mmmmmiiiiiinnnnnddddd", DataProcessingRegister::ANDS_shift);
        t.add("BICS_shift", "BICS (shifted register)", "z1101010hh1mmmmmiiiiiinnnnnddddd", DataProcessingRegister::BICS_shift);
        // Add/subtract (shifted register)
        t.add("ADD_shift", "ADD (shifted register)", "z0001011hh0mmmmmiiiiiinnnnnddddd", DataProcessingRegister::ADD_shift);
        t.add("ADDS_shift", "ADDS (shifted register)", "z0101011hh0mmmmmiiiiiinnnnnddddd", DataProcessingRegister::ADDS_shift);
        t.add("SUB_shift", "SUB (shifted register)", "z1001011hh0mmmmmiiiiiinnnnnddddd", DataProcessingRegister::SUB_shift);
        t.add("SUBS_shift", "SUBS (shifted register)", "z1101011hh0mmmmmiiiiiinnnnnddddd", DataProcessingRegister::SUBS_shift);
        // Add/subtract (extended register); opt != 00 unallocated
        t.add("ADD_ext", "ADD (extended register)", "z0001011001mmmmmoooiiinnnnnddddd", DataProcessingRegister::ADD_ext);
        t.add("ADDS_ext", "ADDS (extended register)", "z0101011001mmmmmoooiiinnnnnddddd", DataProcessingRegister::ADDS_ext);
        t.add("SUB_ext", "SUB (extended register)", "z1001011001mmmmmoooiiinnnnnddddd", DataProcessingRegister::SUB_ext);
        t.add("SUBS_ext", "SUBS (extended register)", "z1101011001mmmmmoooiiinnnnnddddd", DataProcessingRegister::SUBS_ext);
        // Add/subtract (with carry)
        t.add("ADC", "ADC", "z0011010000mmmmm000000nnnnnddddd", DataProcessingRegister::ADC);
        t.add("ADCS", "ADCS", "z0111010000mmmmm000000nnnnnddddd", DataProcessingRegister::ADCS);
        t.add("SBC", "SBC", "z1011010000mmmmm000000nnnnnddddd", DataProcessingRegister::SBC);
        t.add("SBCS", "SBCS", "z1111010000mmmmm000000nnnnnddddd", DataProcessingRegister::SBCS);
        // Conditional compare (register / immediate)
        t.add("CCMN_reg", "CCMN (register)", "z0111010010mmmmmcccc00nnnnn0ffff", DataProcessingRegister::CCMN_reg);
        t.add("CCMP_reg", "CCMP (register)", "z1111010010mmmmmcccc00nnnnn0ffff", DataProcessingRegister::CCMP_reg);
        t.add("CCMN_imm", "CCMN (immediate)", "z0111010010iiiiicccc10nnnnn0ffff", DataProcessingRegister::CCMN_imm);
        t.add("CCMP_imm", "CCMP (immediate)", "z1111010010iiiiicccc10nnnnn0ffff", DataProcessingRegister::CCMP_imm);
        // Conditional select
        t.add("CSEL", "CSEL", "z0011010100mmmmmcccc00nnnnnddddd", DataProcessingRegister::CSEL);
        t.add("CSINC", "CSINC", "z0011010100mmmmmcccc01nnnnnddddd", DataProcessingRegister::CSINC);
        t.add("CSINV", "CSINV", "z1011010100mmmmmcccc00nnnnnddddd", DataProcessingRegister::CSINV);
        t.add("CSNEG", "CSNEG", "z1011010100mmmmmcccc01nnnnnddddd", DataProcessingRegister::CSNEG);
        // Data-processing (3 source)
        t.add("MADD", "MADD", "z0011011000mmmmm0aaaaannnnnddddd", DataProcessingRegister::MADD);
        t.add("MSUB", "MSUB", "z0011011000mmmmm1aaaaannnnnddddd", DataProcessingRegister::MSUB);
        t.add("SMADDL", "SMADDL", "10011011001mmmmm0aaaaannnnnddddd", DataProcessingRegister::SMADDL);
        t.add("SMSUBL", "SMSUBL", "10011011001mmmmm1aaaaannnnnddddd", DataProcessingRegister::SMSUBL);
        t.add("SMULH", "SMULH", "10011011010mmmmm0aaaaannnnnddddd", DataProcessingRegister::SMULH);
        t.add("UMADDL", "UMADDL", "10011011101mmmmm0aaaaannnnnddddd", DataProcessingRegister::UMADDL);
        t.add("UMSUBL", "UMSUBL", "10011011101mmmmm1aaaaannnnnddddd", DataProcessingRegister::UMSUBL);
        t.add("UMULH", "UMULH", "10011011110mmmmm0aaaaannnnnddddd", DataProcessingRegister::UMULH);

        // ==== SIMD&FP: loads/stores (V = 1) and C4.1.6, in A64SimdFpTable; the rest of the space below ====
        A64SimdFpTable.addTo(t);
        // ==== C4.1.6 Data Processing -- Scalar Floating-Point and Advanced SIMD (op0 = x111) =======
        t.add("SIMD_FP", "Data Processing -- Scalar Floating-Point and Advanced SIMD", "----111-------------------------", FpSimd::SIMD_FP);
        // Loads and stores of SIMD&FP registers (V = 1 anywhere in the load/store space op0 = x1x0)
        t.add("SIMD_FP_ldst", "SIMD&FP loads and stores", "----110-------------------------", FpSimd::SIMD_FP_ldst);

        return t.build();
    }
}
