package org.jemu.arm.a64;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.translator.decode.DecodeTable;

/**
 * The SIMD&amp;FP part of the A64 encoding table (Arm ARM C4.1.4 loads and stores with V = 1, C4.1.6 "Data
 * Processing -- Scalar Floating-Point and Advanced SIMD"), added to {@link A64DecodeTable}. One line per
 * encoding group or instruction, named after the manual; groups whose opcode field selects among many
 * instructions list them in their handler's documentation.
 *
 * <p>Field letters: {@code v} Q, {@code u} U, {@code q} size, {@code d} Rd, {@code n} Rn, {@code m} Rm,
 * {@code t} Rt, {@code u} Rt2 (pairs), {@code o} opcode (or op/option), {@code l} L (load), {@code x} the
 * post-index bit of the structure loads, {@code e} S, {@code r} R, {@code p} opc (or o2), {@code w} the
 * pair index mode, {@code s} S (scaled register offset), {@code i}/{@code j}/{@code a}/{@code c}/{@code h}/
 * {@code b}/{@code z} immediates (imm5/imm4, abc/cmode, immh/immb, M), {@code y} the FP type (00 single,
 * 01 double, 11 half), {@code f} nzcv.
 *
 * <p>Every handler first checks CPACR_EL1.FPEN through the block flags and takes the SIMD&amp;FP access
 * trap (EC 0x07) when FP is disabled at the current exception level; the trap is taken for every
 * encoding in these groups, including reserved field values (the architecture checks those first and
 * makes them UNDEFINED, a difference that only shows when FP is disabled).
 */
final class A64SimdFpTable {
    private A64SimdFpTable() {
    }

    /** Wraps a handler with the FP access check. */
    private static A64Translator.Handler fp(A64Translator.Handler h) {
        return t -> {
            if (!Aarch64Cpu.flagsFpEnabled(t.flags)) {
                t.fpTrap();
                return true;
            }
            return h.emit(t);
        };
    }

    static void addTo(DecodeTable.Builder<A64Translator.Handler> t) {
        // ==== C4.1.4 loads and stores of SIMD&FP registers ===========================================
        t.add("SIMD_LDR_lit", "LDR (literal, SIMD&FP)", "pp011100iiiiiiiiiiiiiiiiiiittttt", fp(SimdLoadsStores::LDR_lit));
        t.add("SIMD_LDSTP", "LDP, STP, LDNP, STNP (SIMD&FP)", "pp10110wwliiiiiiiuuuuunnnnnttttt", fp(SimdLoadsStores::LDSTP));
        t.add("SIMD_LDST_unscaled", "LDUR, STUR (SIMD&FP)", "qq111100pp0iiiiiiiii00nnnnnttttt", fp(SimdLoadsStores::LDST_unscaled));
        t.add("SIMD_LDST_post", "LDR, STR (immediate, SIMD&FP), post-index", "qq111100pp0iiiiiiiii01nnnnnttttt", fp(SimdLoadsStores::LDST_post));
        t.add("SIMD_LDST_pre", "LDR, STR (immediate, SIMD&FP), pre-index", "qq111100pp0iiiiiiiii11nnnnnttttt", fp(SimdLoadsStores::LDST_pre));
        t.add("SIMD_LDST_reg", "LDR, STR (register, SIMD&FP)", "qq111100pp1mmmmmooos10nnnnnttttt", fp(SimdLoadsStores::LDST_reg));
        t.add("SIMD_LDST_imm", "LDR, STR (immediate, SIMD&FP), unsigned offset", "qq111101ppiiiiiiiiiiiinnnnnttttt", fp(SimdLoadsStores::LDST_imm));
        t.add("SIMD_LDST_multiple", "LD1-LD4, ST1-ST4 (multiple structures)", "0v001100xl0mmmmmooooqqnnnnnttttt", fp(SimdLoadsStores::LDST_multiple));
        t.add("SIMD_LDST_single", "LD1-LD4, ST1-ST4 (single structure), LD1R-LD4R", "0v001101xlrmmmmmoooeqqnnnnnttttt", fp(SimdLoadsStores::LDST_single));

        // ==== C4.1.6 Advanced SIMD =====================================================================
        t.add("AdvSIMD_three_same", "Advanced SIMD three same", "0vu01110qq1mmmmmooooo1nnnnnddddd", fp(AdvSimd::threeSame));
        t.add("AdvSIMD_three_diff", "Advanced SIMD three different", "0vu01110qq1mmmmmoooo00nnnnnddddd", fp(AdvSimd::threeDifferent));
        t.add("AdvSIMD_two_misc", "Advanced SIMD two-register miscellaneous", "0vu01110qq10000ooooo10nnnnnddddd", fp(AdvSimd::twoRegMisc));
        t.add("AdvSIMD_across", "Advanced SIMD across lanes", "0vu01110qq11000ooooo10nnnnnddddd", fp(AdvSimd::acrossLanes));
        t.add("AdvSIMD_copy", "Advanced SIMD copy", "0vo01110000iiiii0jjjj1nnnnnddddd", fp(AdvSimd::copy));
        t.add("AdvSIMD_modimm", "Advanced SIMD modified immediate", "0vo0111100000aaaccccp1iiiiiddddd", fp(AdvSimd::modifiedImm));
        t.add("AdvSIMD_shift_imm", "Advanced SIMD shift by immediate", "0vu011110hhhhbbbooooo1nnnnnddddd", fp(AdvSimd::shiftImm));
        t.add("AdvSIMD_indexed", "Advanced SIMD vector x indexed element", "0vu01111qqlzmmmmooooh0nnnnnddddd", fp(AdvSimd::indexed));
        t.add("AdvSIMD_table", "Advanced SIMD table lookup (TBL, TBX)", "0v001110000mmmmm0llo00nnnnnddddd", fp(AdvSimd::tableLookup));
        t.add("AdvSIMD_permute", "Advanced SIMD permute", "0v001110qq0mmmmm0ooo10nnnnnddddd", fp(AdvSimd::permute));
        t.add("AdvSIMD_extract", "Advanced SIMD extract (EXT)", "0v101110000mmmmm0iiii0nnnnnddddd", fp(AdvSimd::extract));
        // scalar forms
        t.add("AdvSIMD_s_three_same", "Advanced SIMD scalar three same", "01u11110qq1mmmmmooooo1nnnnnddddd", fp(AdvSimd::scalarThreeSame));
        t.add("AdvSIMD_s_three_diff", "Advanced SIMD scalar three different", "01u11110qq1mmmmmoooo00nnnnnddddd", fp(AdvSimd::scalarThreeDifferent));
        t.add("AdvSIMD_s_two_misc", "Advanced SIMD scalar two-register miscellaneous", "01u11110qq10000ooooo10nnnnnddddd", fp(AdvSimd::scalarTwoRegMisc));
        t.add("AdvSIMD_s_pairwise", "Advanced SIMD scalar pairwise", "01u11110qq11000ooooo10nnnnnddddd", fp(AdvSimd::scalarPairwise));
        t.add("AdvSIMD_s_copy", "Advanced SIMD scalar copy (DUP element)", "01011110000iiiii000001nnnnnddddd", fp(AdvSimd::scalarCopy));
        t.add("AdvSIMD_s_shift_imm", "Advanced SIMD scalar shift by immediate", "01u111110hhhhbbbooooo1nnnnnddddd", fp(AdvSimd::scalarShiftImm));
        // ==== C4.1.6 cryptographic extension =================================================================
        t.add("Crypto_AES", "Cryptographic AES (AESE, AESD, AESMC, AESIMC)", "010011100010100ooooo10nnnnnddddd", fp(Crypto::aesGroup));
        t.add("Crypto_SHA3", "Cryptographic three-register SHA", "01011110000mmmmm0ooo00nnnnnddddd", fp(Crypto::sha3Group));
        t.add("Crypto_SHA2", "Cryptographic two-register SHA", "010111100010100ooooo10nnnnnddddd", fp(Crypto::sha2Group));
        // ==== C4.1.6 scalar floating-point =================================================================
        t.add("FP_fixed", "Conversion between floating-point and fixed-point", "z0011110yy0rrooossssssnnnnnddddd", fp(FloatingPoint::convertFixed));
        t.add("FP_int", "Conversion between floating-point and integer (incl. FMOV general)", "z0011110yy1rrooo000000nnnnnddddd", fp(FloatingPoint::convertInt));
        t.add("FP_1src", "Floating-point data-processing (1 source)", "00011110yy1oooooo10000nnnnnddddd", fp(FloatingPoint::dataProc1));
        t.add("FP_cmp", "Floating-point compare (FCMP, FCMPE)", "00011110yy1mmmmm001000nnnnnoo000", fp(FloatingPoint::compare));
        t.add("FP_imm", "Floating-point immediate (FMOV)", "00011110yy1iiiiiiii10000000ddddd", fp(FloatingPoint::moveImm));
        t.add("FP_ccmp", "Floating-point conditional compare (FCCMP, FCCMPE)", "00011110yy1mmmmmcccc01nnnnnoffff", fp(FloatingPoint::condCompare));
        t.add("FP_2src", "Floating-point data-processing (2 source)", "00011110yy1mmmmmoooo10nnnnnddddd", fp(FloatingPoint::dataProc2));
        t.add("FP_csel", "Floating-point conditional select (FCSEL)", "00011110yy1mmmmmcccc11nnnnnddddd", fp(FloatingPoint::condSelect));
        t.add("FP_3src", "Floating-point data-processing (3 source)", "00011111yyommmmmpaaaaannnnnddddd", fp(FloatingPoint::dataProc3));
        t.add("AdvSIMD_s_indexed", "Advanced SIMD scalar x indexed element", "01u11111qqlzmmmmooooh0nnnnnddddd", fp(AdvSimd::scalarIndexed));
    }
}
