package org.jemu.arm.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.jemu.translator.decode.BitPattern;
import org.jemu.translator.decode.DecodeTable;
import org.junit.jupiter.api.Test;

/**
 * The A64 decode table: no two encodings shadow each other, and words assembled by a reference assembler
 * decode to the encoding the Arm ARM C4 index names.
 */
class A64DecodeTableTest {
    static final DecodeTable<A64Translator.Handler> T = A64DecodeTable.TABLE;

    /** The "no two encodings shadow each other" check. */
    @Test
    void noOverlaps() {
        List<String> o = T.overlaps();
        assertTrue(o.isEmpty(), String.join("\n", o));
    }

    @Test
    void everyEntryDecodesItsOwnWords() {
        SplittableRandom r = new SplittableRandom(1);
        for (DecodeTable.Entry<A64Translator.Handler> e : T.entries()) {
            BitPattern p = e.pattern;
            for (int k = 0; k < 200; k++) {
                int w = (r.nextInt() & ~p.mask) | p.value;
                DecodeTable.Entry<A64Translator.Handler> d = T.decode(w);
                // either this entry or a more specific one carved out of it
                assertTrue(d == e || (d.pattern.isSubsetOf(p) && !d.pattern.sameSetAs(p)),
                        String.format("0x%08x: %s decoded as %s", w, e.name, d.name));
            }
        }
    }

    static void check(String name, int... words) {
        for (int w : words) {
            DecodeTable.Entry<A64Translator.Handler> e = T.decode(w);
            assertEquals(name, e == null ? null : e.name, String.format("0x%08x", w));
        }
    }

    @Test
    void dataProcessingImmediate() {
        check("ADR", 0x10ffffc3 /* adr x3, #-8 */);
        check("ADRP", 0xb0000003 /* adrp x3, #4096 */);
        check("ADD_imm", 0x91000c41 /* add x1, x2, #3 */, 0x9100001f /* mov sp, x0 */, 0x114007e0 /* add w0, wsp, #1, lsl #12 */);
        check("ADDS_imm", 0xb100103f /* cmn x1, #4 */);
        check("SUB_imm", 0xd10083ff /* sub sp, sp, #0x20 */);
        check("SUBS_imm", 0x7100007f /* cmp w3, #0 */);
        check("AND_imm", 0x92400c20 /* and x0, x1, #0xf */);
        check("ORR_imm", 0x3200f3e0 /* mov w0, #0x55555555 */);
        check("EOR_imm", 0x52000020 /* eor w0, w1, #1 */);
        check("ANDS_imm", 0xf241001f /* tst x0, #0x8000000000000000 */);
        check("MOVN", 0x92800020 /* mov x0, #-2 */);
        check("MOVZ", 0xd2a00020 /* mov x0, #0x10000 */);
        check("MOVK", 0xf2e00020 /* movk x0, #1, lsl #48 */);
        check("SBFM", 0x9343fc20 /* asr x0, x1, #3 */, 0x93407c20 /* sxtw x0, w1 */);
        check("BFM", 0x331d0c20 /* bfi w0, w1, #3, #4 */);
        check("UBFM", 0x531d7020 /* lsl w0, w1, #3 */, 0x53003c20 /* uxth w0, w1 */);
        check("EXTR", 0x93c10c20 /* ror x0, x1, #3 */);
    }

    @Test
    void branchesExceptionSystem() {
        check("B_cond", 0x54000088 /* b.hi #16 */);
        check("B", 0x14000000 /* b #0 */);
        check("BL", 0x97ffffff /* bl #-4 */);
        check("CBZ", 0x34000040 /* cbz w0, #8 */);
        check("CBNZ", 0xb5000040 /* cbnz x0, #8 */);
        check("TBZ", 0xb6400040 /* tbz x0, #40, #8 */);
        check("TBNZ", 0x37180040 /* tbnz w0, #3, #8 */);
        check("BR", 0xd61f0200 /* br x16 */);
        check("BLR", 0xd63f0100 /* blr x8 */);
        check("RET", 0xd65f03c0 /* ret */);
        check("ERET", 0xd69f03e0 /* eret */);
        check("SVC", 0xd4000001 /* svc #0 */);
        check("HVC", 0xd4000002 /* hvc #0 */);
        check("SMC", 0xd4000003 /* smc #0 */);
        check("BRK", 0xd4200000 /* brk #0 */);
        check("HLT", 0xd4400000 /* hlt #0 */);
        check("NOP", 0xd503201f /* nop */);
        check("YIELD", 0xd503203f /* yield */);
        check("WFE", 0xd503205f /* wfe */);
        check("WFI", 0xd503207f /* wfi */);
        check("SEV", 0xd503209f /* sev */);
        check("SEVL", 0xd50320bf /* sevl */);
        check("HINT", 0xd50320df /* hint #6 */, 0xd5032fff /* hint #127 */);
        check("CLREX", 0xd5033f5f /* clrex */);
        check("DSB", 0xd5033b9f /* dsb ish */);
        check("DMB", 0xd50331bf /* dmb oshld */);
        check("ISB", 0xd5033fdf /* isb */);
        check("MSR_imm", 0xd5034fff /* msr daifclr, #0xf */, 0xd50040bf /* msr spsel, #0 */);
        check("SYS", 0xd50b7421 /* dc zva, x1 */, 0xd50c879f /* tlbi alle1 */, 0xd50b7522 /* ic ivau, x2 */);
        check("SYSL", 0xd5292381 /* sysl x1, #1, c2, c3, #4 */);
        check("MSR_reg", 0xd518c000 /* msr vbar_el1, x0 */, 0xd51b4200 /* msr nzcv, x0 */);
        check("MRS", 0xd5384240 /* mrs x0, currentel */, 0xd53be041 /* mrs x1, cntvct_el0 */);
        check("UDF", 0x00000000 /* udf #0 */);
    }

    @Test
    void loadsStores() {
        check("STXR", 0xc8017c62 /* stxr w1, x2, [x3] */, 0x08017c62 /* stxrb w1, w2, [x3] */);
        check("STLXR", 0x4801ffe2 /* stlxrh w1, w2, [sp] */);
        check("STXP", 0xc8210c82 /* stxp w1, x2, x3, [x4] */);
        check("STLXP", 0x88218c82 /* stlxp w1, w2, w3, [x4] */);
        check("LDXR", 0x885f7c20 /* ldxr w0, [x1] */);
        check("LDAXR", 0xc85ffc20 /* ldaxr x0, [x1] */);
        check("LDXP", 0xc87f0440 /* ldxp x0, x1, [x2] */);
        check("LDAXP", 0x887f8440 /* ldaxp w0, w1, [x2] */);
        check("STLR", 0xc89ffc20 /* stlr x0, [x1] */);
        check("LDAR", 0x08dffc20 /* ldarb w0, [x1] */);
        check("LDR_lit", 0x58ffffe0 /* ldr x0, #-4 */, 0x18000020 /* ldr w0, #4 */);
        check("LDRSW_lit", 0x98000040 /* ldrsw x0, #8 */);
        check("PRFM_lit", 0xd8000040 /* prfm pldl1keep, #8 */);
        check("STNP", 0xa8000440 /* stnp x0, x1, [x2] */);
        check("LDNP", 0x287f0440 /* ldnp w0, w1, [x2, #-8] */);
        check("STP", 0xa9bf7bfd /* stp x29, x30, [sp, #-16]! */, 0x28810440 /* stp w0, w1, [x2], #8 */, 0xa9010440 /* stp x0, x1, [x2, #16] */);
        check("LDP", 0xa8c17bfd /* ldp x29, x30, [sp], #16 */);
        check("LDPSW", 0x69400440 /* ldpsw x0, x1, [x2] */);
        check("STUR", 0xf81ff020 /* stur x0, [x1, #-1] */);
        check("LDUR", 0x78403020 /* ldurh w0, [x1, #3] */);
        check("LDURS", 0x389ff020 /* ldursb x0, [x1, #-1] */);
        check("PRFUM", 0xf8801022 /* prfum pldl2keep, [x1, #1] */);
        check("STR_imm_post", 0xf8008420 /* str x0, [x1], #8 */);
        check("LDR_imm_post", 0x38401420 /* ldrb w0, [x1], #1 */);
        check("LDRS_imm_post", 0xb8804420 /* ldrsw x0, [x1], #4 */);
        check("STR_imm_pre", 0x78002c20 /* strh w0, [x1, #2]! */);
        check("LDR_imm_pre", 0xf85f8c20 /* ldr x0, [x1, #-8]! */);
        check("LDRS_imm_pre", 0x78c02c20 /* ldrsh w0, [x1, #2]! */);
        check("STTR", 0x38000820 /* sttrb w0, [x1] */);
        check("LDTR", 0xf8408820 /* ldtr x0, [x1, #8] */);
        check("LDTRS", 0xb8800820 /* ldtrsw x0, [x1] */);
        check("STR_reg", 0xf8227820 /* str x0, [x1, x2, lsl #3] */);
        check("LDR_reg", 0x3862c820 /* ldrb w0, [x1, w2, sxtw] */);
        check("LDRS_reg", 0x78a26820 /* ldrsh x0, [x1, x2] */);
        check("PRFM_reg", 0xf8a26820 /* prfm pldl1keep, [x1, x2] */);
        check("STR_imm", 0xb9000420 /* str w0, [x1, #4] */);
        check("LDR_imm", 0xf97fffe0 /* ldr x0, [sp, #32760] */);
        check("LDRS_imm", 0x39fffc20 /* ldrsb w0, [x1, #4095] */);
        check("PRFM_imm", 0xf9800430 /* prfm pstl1keep, [x1, #8] */);
        check("SIMD_LDST_imm", 0x3dc00020 /* ldr q0, [x1] */);
        check("SIMD_LDSTP", 0xad0007e0 /* stp q0, q1, [sp] */);
        check("SIMD_LDST_multiple", 0x4c407800 /* ld1 {v0.4s}, [x0] */, 0x4cdf0800 /* ld4 {v0.4s-v3.4s}, [x0], #64 */);
        check("SIMD_LDST_single", 0x4d40a400 /* ld1 {v0.d}[1], [x0] */, 0x4d40c800 /* ld1r {v0.4s}, [x0] */);
        check("SIMD_LDR_lit", 0x5c000040 /* ldr d0, #8 */);
        check("SIMD_LDST_reg", 0x3c226820 /* str b0, [x1, x2] */);
        check("SIMD_LDST_unscaled", 0xbc5fc020 /* ldur s0, [x1, #-4] */);
        check("SIMD_FP_ldst", 0x3c400820 /* (V = 1 unprivileged form: unallocated) */);
    }

    @Test
    void dataProcessingRegister() {
        check("UDIV", 0x1ac20820 /* udiv w0, w1, w2 */);
        check("SDIV", 0x9ac20c20 /* sdiv x0, x1, x2 */);
        check("LSLV", 0x9ac22020 /* lsl x0, x1, x2 */);
        check("LSRV", 0x1ac22420 /* lsr w0, w1, w2 */);
        check("ASRV", 0x9ac22820 /* asr x0, x1, x2 */);
        check("RORV", 0x9ac22c20 /* ror x0, x1, x2 */);
        check("CRC32", 0x1ac24020 /* crc32b w0, w1, w2 */, 0x9ac24c20 /* crc32x w0, w1, x2 */);
        check("CRC32C", 0x1ac25420 /* crc32ch w0, w1, w2 */);
        check("RBIT", 0xdac00020 /* rbit x0, x1 */);
        check("REV16", 0x5ac00420 /* rev16 w0, w1 */);
        check("REV", 0x5ac00820 /* rev w0, w1 */, 0xdac00c20 /* rev x0, x1 */);
        check("REV32", 0xdac00820 /* rev32 x0, x1 */);
        check("CLZ", 0xdac01020 /* clz x0, x1 */);
        check("CLS", 0x5ac01420 /* cls w0, w1 */);
        check("AND_shift", 0x8a420c20 /* and x0, x1, x2, lsr #3 */);
        check("BIC_shift", 0x0a220020 /* bic w0, w1, w2 */);
        check("ORR_shift", 0xaa0103e0 /* mov x0, x1 */);
        check("ORN_shift", 0xaa2103e0 /* mvn x0, x1 */);
        check("EOR_shift", 0x4ac20420 /* eor w0, w1, w2, ror #1 */);
        check("EON_shift", 0xca220020 /* eon x0, x1, x2 */);
        check("ANDS_shift", 0x6a01001f /* tst w0, w1 */);
        check("BICS_shift", 0xea220020 /* bics x0, x1, x2 */);
        check("ADD_shift", 0x8b82fc20 /* add x0, x1, x2, asr #63 */);
        check("ADDS_shift", 0x2b01001f /* cmn w0, w1 */);
        check("SUB_shift", 0xcb0103e0 /* neg x0, x1 */);
        check("SUBS_shift", 0xeb01081f /* cmp x0, x1, lsl #2 */);
        check("ADD_ext", 0x8b2163e0 /* add x0, sp, x1 */, 0x0b220020 /* add w0, w1, w2, uxtb */);
        check("ADDS_ext", 0xab22c820 /* adds x0, x1, w2, sxtw #2 */);
        check("SUB_ext", 0xcb2163ff /* sub sp, sp, x1 */);
        check("SUBS_ext", 0xeb2063ff /* cmp sp, x0 */);
        check("ADC", 0x9a020020 /* adc x0, x1, x2 */);
        check("ADCS", 0x3a020020 /* adcs w0, w1, w2 */);
        check("SBC", 0xda0103e0 /* ngc x0, x1 */);
        check("SBCS", 0xfa020020 /* sbcs x0, x1, x2 */);
        check("CCMN_reg", 0xba410000 /* ccmn x0, x1, #0, eq */);
        check("CCMP_reg", 0x7a41b00f /* ccmp w0, w1, #15, lt */);
        check("CCMN_imm", 0xba5f1801 /* ccmn x0, #31, #1, ne */);
        check("CCMP_imm", 0xfa408804 /* ccmp x0, #0, #4, hi */);
        check("CSEL", 0x9a823020 /* csel x0, x1, x2, lo */);
        check("CSINC", 0x1a9f17e0 /* cset w0, eq */);
        check("CSINV", 0xda9f03e0 /* csetm x0, ne */);
        check("CSNEG", 0xda815420 /* cneg x0, x1, mi */);
        check("MADD", 0x9b027c20 /* mul x0, x1, x2 */);
        check("MSUB", 0x1b02fc20 /* mneg w0, w1, w2 */);
        check("SMADDL", 0x9b227c20 /* smull x0, w1, w2 */);
        check("SMSUBL", 0x9b228c20 /* smsubl x0, w1, w2, x3 */);
        check("SMULH", 0x9b427c20 /* smulh x0, x1, x2 */);
        check("UMADDL", 0x9ba20c20 /* umaddl x0, w1, w2, x3 */);
        check("UMSUBL", 0x9ba2fc20 /* umnegl x0, w1, w2 */);
        check("UMULH", 0x9bc27c20 /* umulh x0, x1, x2 */);
        check("Crypto_AES", 0x4e284820 /* aese v0.16b, v1.16b */);
        check("Crypto_SHA3", 0x5e020020 /* sha1c q0, s1, v2.4s */);
        check("Crypto_SHA2", 0x5e280820 /* sha1h s0, s1 */);
        check("SIMD_FP", 0x0e401400 /* fadd v0.4h, v0.4h, v0.4h (ARMv8.2 FP16: unallocated here) */);
        check("FP_2src", 0x1e222820 /* fadd s0, s1, s2 */);
        check("FP_int", 0x9e670020 /* fmov d0, x1 */, 0x9e620020 /* scvtf d0, x1 */);
        check("FP_cmp", 0x1e602008 /* fcmp d0, #0.0 */);
        check("FP_3src", 0x1f420c20 /* fmadd d0, d1, d2, d3 */);
        check("AdvSIMD_modimm", 0x6f00e400 /* movi v0.2d, #0 */);
        check("AdvSIMD_three_same", 0x4ea21c20 /* mov v0.16b, v1.16b (orr) */);
        check("AdvSIMD_copy", 0x4e010c20 /* dup v0.16b, w1 */);
    }

    @Test
    void unallocatedInArmv80() {
        assertNull(T.decode(0xf8200041)); // ldadd x0, x1, [x2] (LSE)
        assertNull(T.decode(0xc8e0fc41)); // casal (LSE)
        assertNull(T.decode(0xb8bfc020)); // ldapr (RCpc)
        check("MSR_imm", 0xd50040bf);     // cfinv (ARMv8.4) is a PSTATE field the msrImm helper rejects
        assertNull(T.decode(0x9ac10c20 & ~(1 << 10) | (0b000100 << 10))); // 2-source opcode 000100 (IRG, MTE)
        assertNull(T.decode(0x04000000)); // SVE
        assertNull(T.decode(0x91800000)); // add/sub immediate with tags (MTE)
        assertNull(T.decode(0x32800000)); // move wide opc = 01
        assertNull(T.decode(0x73000000)); // bitfield opc = 11
        assertNull(T.decode(0xdac10000)); // pacia (ARMv8.3)
    }

    @Test
    void disassemblerNamesEntries() {
        assertEquals("ADD_imm", A64Disassembler.name(0x91000c41));
        assertTrue(A64Disassembler.line(0x1000, 0x91000c41).contains("ADD_imm"));
        assertTrue(A64Disassembler.line(0x1000, 0xf8200041).contains("unallocated"));
    }
}
