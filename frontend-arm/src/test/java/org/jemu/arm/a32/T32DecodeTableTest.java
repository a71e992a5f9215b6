package org.jemu.arm.a32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jemu.translator.decode.BitPattern;
import org.jemu.translator.decode.DecodeTable;
import org.junit.jupiter.api.Test;

/**
 * The T32 decode tables: neither table shadows itself, every entry decodes its own words (with the literal
 * rule of {@link T32DecodeTable#decode}), and words assembled by LLVM ({@code llvm-mc -triple=thumbv7a
 * -show-encoding}, output pasted here so the test needs no tools) decode to the entry the DDI 0406C A8
 * instruction page and encoding name.
 */
class T32DecodeTableTest {

    @Test
    void noOverlaps() {
        List<String> o = new ArrayList<>(T32DecodeTable.TABLE.overlaps());
        o.addAll(T32DecodeTable.LITERAL.overlaps());
        assertTrue(o.isEmpty(), String.join("\n", o));
    }

    @Test
    void sixteenAndThirtyTwoBitSpacesAreSeparate() {
        for (DecodeTable.Entry<A32Translator.Handler> e : T32DecodeTable.TABLE.entries()) {
            BitPattern p = e.pattern;
            boolean is16 = (p.mask >>> 16) == 0xffff && (p.value >>> 16) == 0;
            // bits [31:29] = 111 and [28:27] != 00 for every word: one of bits 28, 27 fixed to 1 (the
            // Advanced SIMD lines, hw1 = 111U 1111, leave bit 28 variable)
            boolean is32 = (p.mask >>> 29) == 7 && (p.value >>> 29) == 7
                    && (p.mask & p.value & (3 << 27)) != 0;
            assertTrue(is16 || is32, e.name + ": neither a 16-bit nor a 32-bit pattern");
            if (is16) {
                assertTrue(!T32Translator.is32Bit(p.value & 0xffff), e.name + " starts a 32-bit instruction");
            }
        }
        for (DecodeTable.Entry<A32Translator.Handler> e : T32DecodeTable.LITERAL.entries()) {
            assertTrue(T32DecodeTable.isLiteralSpace(e.pattern.value), e.name);
        }
    }

    @Test
    void everyEntryDecodesItsOwnWords() {
        SplittableRandom r = new SplittableRandom(1);
        List<DecodeTable.Entry<A32Translator.Handler>> all = new ArrayList<>(T32DecodeTable.TABLE.entries());
        all.addAll(T32DecodeTable.LITERAL.entries());
        for (DecodeTable.Entry<A32Translator.Handler> e : all) {
            BitPattern p = e.pattern;
            int own = 0;
            for (int k = 0; k < 200; k++) {
                int w = (r.nextInt() & ~p.mask) | p.value;
                DecodeTable.Entry<A32Translator.Handler> d = T32DecodeTable.decode(w);
                if (d == null) {
                    // only a non-literal load entry loses its Rn = 1111 words to the literal table
                    assertTrue(T32DecodeTable.isLiteralSpace(w), String.format("0x%08x: %s decoded as nothing", w, e.name));
                    continue;
                }
                assertTrue(d == e || (d.pattern.isSubsetOf(p) && !d.pattern.sameSetAs(p))
                        || (T32DecodeTable.isLiteralSpace(w) && T32DecodeTable.LITERAL.entries().contains(d)),
                        String.format("0x%08x: %s decoded as %s", w, e.name, d.name));
                if (d == e) {
                    own++;
                }
            }
            assertTrue(own > 0, e.name + " never decodes to itself");
        }
    }

    static void check(String name, int... words) {
        for (int w : words) {
            DecodeTable.Entry<A32Translator.Handler> e = T32DecodeTable.decode(w);
            assertEquals(name, e == null ? null : e.name, String.format("0x%08x", w));
        }
    }

    /** One word per entry, assembled by {@code llvm-mc -triple=thumbv7a -mattr=+hwdiv,+mp -show-encoding}. */
    @Test
    void assembledWordsDecodeToTheirEntries() {
        check("LSL_imm_T1", 0x000000c8); // lsls r0, r1, #3
        check("MOV_reg_T2", 0x00000008); // movs r0, r1
        check("LSR_imm_T1", 0x00000808); // lsrs r0, r1, #32
        check("ASR_imm_T1", 0x0000105a); // asrs r2, r3, #1
        check("ADD_reg_T1", 0x00001888); // adds r0, r1, r2
        check("SUB_reg_T1", 0x00001a88); // subs r0, r1, r2
        check("ADD_imm_T1", 0x00001dc8); // adds r0, r1, #7
        check("SUB_imm_T1", 0x00001fc8); // subs r0, r1, #7
        check("MOV_imm_T1", 0x000023ff); // movs r3, #255
        check("CMP_imm_T1", 0x00002bff); // cmp r3, #255
        check("ADD_imm_T2", 0x000033ff); // adds r3, #255
        check("SUB_imm_T2", 0x00003b01); // subs r3, #1
        check("AND_reg_T1", 0x00004008); // ands r0, r1
        check("EOR_reg_T1", 0x00004048); // eors r0, r1
        check("LSL_reg_T1", 0x00004088); // lsls r0, r1
        check("LSR_reg_T1", 0x000040c8); // lsrs r0, r1
        check("ASR_reg_T1", 0x00004108); // asrs r0, r1
        check("ADC_reg_T1", 0x00004148); // adcs r0, r1
        check("SBC_reg_T1", 0x00004188); // sbcs r0, r1
        check("ROR_reg_T1", 0x000041c8); // rors r0, r1
        check("TST_reg_T1", 0x00004208); // tst r0, r1
        check("RSB_imm_T1", 0x00004248); // rsbs r0, r1, #0
        check("CMP_reg_T1", 0x00004288); // cmp r0, r1
        check("CMN_reg_T1", 0x000042c8); // cmn r0, r1
        check("ORR_reg_T1", 0x00004308); // orrs r0, r1
        check("MUL_T1", 0x00004348); // muls r0, r1, r0
        check("BIC_reg_T1", 0x00004388); // bics r0, r1
        check("MVN_reg_T1", 0x000043c8); // mvns r0, r1
        check("ADD_reg_T2", 0x00004488); // add r8, r1
        check("CMP_reg_T2", 0x00004588); // cmp r8, r1
        check("MOV_reg_T1", 0x00004688); // mov r8, r1
        check("BX_T1", 0x00004770); // bx lr
        check("BLX_reg_T1", 0x00004798); // blx r3
        check("LDR_lit_T1", 0x000048ff); // ldr r0, [pc, #1020]
        check("STR_reg_T1", 0x00005088); // str r0, [r1, r2]
        check("STRH_reg_T1", 0x00005288); // strh r0, [r1, r2]
        check("STRB_reg_T1", 0x00005488); // strb r0, [r1, r2]
        check("LDRSB_reg_T1", 0x00005688); // ldrsb r0, [r1, r2]
        check("LDR_reg_T1", 0x00005888); // ldr r0, [r1, r2]
        check("LDRH_reg_T1", 0x00005a88); // ldrh r0, [r1, r2]
        check("LDRB_reg_T1", 0x00005c88); // ldrb r0, [r1, r2]
        check("LDRSH_reg_T1", 0x00005e88); // ldrsh r0, [r1, r2]
        check("STR_imm_T1", 0x000067c8); // str r0, [r1, #124]
        check("LDR_imm_T1", 0x00006848); // ldr r0, [r1, #4]
        check("STRB_imm_T1", 0x000077c8); // strb r0, [r1, #31]
        check("LDRB_imm_T1", 0x00007848); // ldrb r0, [r1, #1]
        check("STRH_imm_T1", 0x000087c8); // strh r0, [r1, #62]
        check("LDRH_imm_T1", 0x00008848); // ldrh r0, [r1, #2]
        check("STR_imm_T2", 0x000090ff); // str r0, [sp, #1020]
        check("LDR_imm_T2", 0x00009801); // ldr r0, [sp, #4]
        check("ADR_T1", 0x0000a0ff); // adr r0, #1020
        check("ADD_SP_imm_T1", 0x0000a8ff); // add r0, sp, #1020
        check("ADD_SP_imm_T2", 0x0000b07f); // add sp, #508
        check("SUB_SP_imm_T1", 0x0000b0ff); // sub sp, #508
        check("CBZ_T1", 0x0000b3f8); // cbz r0, #126
        check("CBNZ_T1", 0x0000b917); // cbnz r7, #4
        check("SXTH_T1", 0x0000b208); // sxth r0, r1
        check("SXTB_T1", 0x0000b248); // sxtb r0, r1
        check("UXTH_T1", 0x0000b288); // uxth r0, r1
        check("UXTB_T1", 0x0000b2c8); // uxtb r0, r1
        check("PUSH_T1", 0x0000b511); // push {r0, r4, lr}
        check("REV_T1", 0x0000ba08); // rev r0, r1
        check("REV16_T1", 0x0000ba48); // rev16 r0, r1
        check("REVSH_T1", 0x0000bac8); // revsh r0, r1
        check("POP_T1", 0x0000bd11); // pop {r0, r4, pc}
        check("BKPT_T1", 0x0000beab); // bkpt #171
        check("IT_T1", 0x0000bf0b); // itete eq
        check("HINT_T1", 0x0000bf50); // hint #5
        check("NOP_T1", 0x0000bf00); // nop
        check("YIELD_T1", 0x0000bf10); // yield
        check("WFE_T1", 0x0000bf20); // wfe
        check("WFI_T1", 0x0000bf30); // wfi
        check("SEV_T1", 0x0000bf40); // sev
        check("STM_T1", 0x0000c006); // stm r0!, {r1, r2}
        check("LDM_T1", 0x0000c803); // ldm r0, {r0, r1}
        check("B_T1", 0x0000d180); // bne #-256
        check("UDF_T1", 0x0000deff); // udf #255
        check("SVC_T1", 0x0000dfab); // svc #171
        check("B_T2", 0x0000e3ff); // b #2046
        check("STM_T2", 0xe8a04006); // stm.w r0!, {r1, r2, lr}
        check("LDM_T2", 0xe8908006); // ldm.w r0, {r1, r2, pc}
        check("POP_T2", 0xe8bd8030); // pop.w {r4, r5, pc}
        check("STMDB_T1", 0xe9000006); // stmdb r0, {r1, r2}
        check("PUSH_T2", 0xe92d4030); // push.w {r4, r5, lr}
        check("LDMDB_T1", 0xe9300006); // ldmdb r0!, {r1, r2}
        check("STREX_T1", 0xe84210ff); // strex r0, r1, [r2, #1020]
        check("LDREX_T1", 0xe8510f01); // ldrex r0, [r1, #4]
        check("STRD_imm_T1", 0xe96201ff); // strd r0, r1, [r2, #-1020]!
        check("LDRD_imm_T1", 0xe8f20102); // ldrd r0, r1, [r2], #8
        check("STREXB_T1", 0xe8c21f40); // strexb r0, r1, [r2]
        check("STREXH_T1", 0xe8c21f50); // strexh r0, r1, [r2]
        check("STREXD_T1", 0xe8c42370); // strexd r0, r2, r3, [r4]
        check("TBB_T1", 0xe8d0f001); // tbb [r0, r1]
        check("TBH_T1", 0xe8dff011); // tbh [pc, r1, lsl #1]
        check("LDREXB_T1", 0xe8d10f4f); // ldrexb r0, [r1]
        check("LDREXH_T1", 0xe8d10f5f); // ldrexh r0, [r1]
        check("LDREXD_T1", 0xe8d2017f); // ldrexd r0, r1, [r2]
        check("AND_reg_T2", 0xea0100c2); // and.w r0, r1, r2, lsl #3
        check("TST_reg_T2", 0xea101ff1); // tst.w r0, r1, ror #7
        check("BIC_reg_T2", 0xea310022); // bics.w r0, r1, r2, asr #32
        check("ORR_reg_T2", 0xea410052); // orr.w r0, r1, r2, lsr #1
        check("MOV_reg_T3", 0xea5f0031); // movs.w r0, r1, rrx
        check("ORN_reg_T1", 0xea610002); // orn r0, r1, r2
        check("MVN_reg_T2", 0xea6f0081); // mvn.w r0, r1, lsl #2
        check("EOR_reg_T2", 0xea910002); // eors.w r0, r1, r2
        check("TEQ_reg_T1", 0xea900f01); // teq.w r0, r1
        check("PKH_T1", 0xeac14022); // pkhtb r0, r1, r2, asr #16
        check("ADD_reg_T3", 0xeb010042); // add.w r0, r1, r2, lsl #1
        check("CMN_reg_T2", 0xeb100f01); // cmn.w r0, r1
        check("ADC_reg_T2", 0xeb410002); // adc.w r0, r1, r2
        check("SBC_reg_T2", 0xeb610002); // sbc.w r0, r1, r2
        check("SUB_reg_T2", 0xebad0082); // sub.w r0, sp, r2, lsl #2
        check("CMP_reg_T3", 0xebb00f41); // cmp.w r0, r1, lsl #1
        check("RSB_reg_T1", 0xebc10002); // rsb r0, r1, r2
        check("AND_imm_T1", 0xf00120ff); // and r0, r1, #0xff00ff00
        check("TST_imm_T1", 0xf0100f01); // tst.w r0, #1
        check("BIC_imm_T1", 0xf0214000); // bic r0, r1, #0x80000000
        check("ORR_imm_T1", 0xf441707f); // orr r0, r1, #0x3fc
        check("MOV_imm_T2", 0xf05f3055); // movs.w r0, #0x55555555
        check("ORN_imm_T1", 0xf0610001); // orn r0, r1, #1
        check("MVN_imm_T1", 0xf06f0001); // mvn r0, #1
        check("EOR_imm_T1", 0xf0810012); // eor r0, r1, #0x12
        check("TEQ_imm_T1", 0xf0900f01); // teq.w r0, #1
        check("ADD_imm_T3", 0xf5017080); // add.w r0, r1, #0x100
        check("CMN_imm_T1", 0xf1100f01); // cmn.w r0, #1
        check("ADC_imm_T1", 0xf1410001); // adc r0, r1, #1
        check("SBC_imm_T1", 0xf1610001); // sbc r0, r1, #1
        check("SUB_imm_T3", 0xf1b10001); // subs.w r0, r1, #1
        check("CMP_imm_T2", 0xf5b05f80); // cmp.w r0, #0x1000
        check("RSB_imm_T2", 0xf1c10001); // rsb.w r0, r1, #1
        check("ADDW_T4", 0xf60170ff); // addw r0, r1, #4095
        check("ADR_T3", 0xf60f70ff); // adr.w r0, #4095
        check("MOVW_T3", 0xf64a30cd); // movw r0, #0xabcd
        check("SUBW_T4", 0xf6ad70ff); // subw r0, sp, #4095
        check("ADR_T2", 0xf2af0001); // adr.w r0, #-1
        check("MOVT_T1", 0xf6ca30cd); // movt r0, #0xabcd
        check("SSAT_T1", 0xf32100c7); // ssat r0, #8, r1, asr #3
        check("SSAT16_T1", 0xf3210007); // ssat16 r0, #8, r1
        check("SBFX_T1", 0xf34100c4); // sbfx r0, r1, #3, #5
        check("BFI_T1", 0xf361200f); // bfi r0, r1, #8, #8
        check("BFC_T1", 0xf36f001f); // bfc r0, #0, #32
        check("USAT_T1", 0xf381101f); // usat r0, #31, r1, lsl #4
        check("USAT16_T1", 0xf3a1000f); // usat16 r0, #15, r1
        check("UBFX_T1", 0xf3c170c0); // ubfx r0, r1, #31, #1
        check("B_T3", 0xf4408000); // bne.w #-1048576
        check("MSR_reg_T1", 0xf3818800); // msr APSR_nzcvq, r1
        check("HINT_T2", 0xf3af8005); // hint.w #5
        check("NOP_T2", 0xf3af8000); // nop.w
        check("YIELD_T2", 0xf3af8001); // yield.w
        check("WFE_T2", 0xf3af8002); // wfe.w
        check("WFI_T2", 0xf3af8003); // wfi.w
        check("SEV_T2", 0xf3af8004); // sev.w
        check("DBG_T1", 0xf3af80f5); // dbg #5
        check("CLREX_T1", 0xf3bf8f2f); // clrex
        check("DSB_T1", 0xf3bf8f4b); // dsb ish
        check("DMB_T1", 0xf3bf8f5f); // dmb sy
        check("ISB_T1", 0xf3bf8f6f); // isb
        check("BXJ_T1", 0xf3c18f00); // bxj r1
        check("MRS_T1", 0xf3ef8000); // mrs r0, apsr
        check("UDF_T2", 0xf7faabcd); // udf.w #0xabcd
        check("B_T4", 0xf3ff97ff); // b.w #16777214
        check("BLX_imm_T2", 0xf400c000); // blx #-16777216
        check("BL_T1", 0xf000f802); // bl #4
        check("STRB_imm_T2", 0xf8810fff); // strb.w r0, [r1, #4095]
        check("STRB_imm_T3", 0xf8010dff); // strb r0, [r1, #-255]!
        check("STRBT_T1", 0xf8010e01); // strbt r0, [r1, #1]
        check("STRB_reg_T2", 0xf8010032); // strb.w r0, [r1, r2, lsl #3]
        check("STRH_imm_T2", 0xf8a10fff); // strh.w r0, [r1, #4095]
        check("STRH_imm_T3", 0xf8210902); // strh r0, [r1], #-2
        check("STRHT_T1", 0xf8210e00); // strht r0, [r1]
        check("STRH_reg_T2", 0xf8210002); // strh.w r0, [r1, r2]
        check("STR_imm_T3", 0xf8c10fff); // str.w r0, [r1, #4095]
        check("STR_imm_T4", 0xf8410c04); // str r0, [r1, #-4]
        check("PUSH_T3", 0xf84d0d04); // str r0, [sp, #-4]!
        check("STRT_T1", 0xf8410eff); // strt r0, [r1, #255]
        check("STR_reg_T2", 0xf8410022); // str.w r0, [r1, r2, lsl #2]
        check("LDR_imm_T3", 0xf8d10fff); // ldr.w r0, [r1, #4095]
        check("LDR_imm_T4", 0xf8510c04); // ldr r0, [r1, #-4]
        check("POP_T3", 0xf85d0b04); // ldr r0, [sp], #4
        check("LDRT_T1", 0xf8510e04); // ldrt r0, [r1, #4]
        check("LDR_reg_T2", 0xf8510012); // ldr.w r0, [r1, r2, lsl #1]
        check("LDRB_imm_T2", 0xf8910fff); // ldrb.w r0, [r1, #4095]
        check("PLD_imm_T1", 0xf890ffff); // pld [r0, #4095]
        check("LDRB_imm_T3", 0xf8110c01); // ldrb r0, [r1, #-1]
        check("PLD_imm_T2", 0xf810fcff); // pld [r0, #-255]
        check("LDRBT_T1", 0xf8110e01); // ldrbt r0, [r1, #1]
        check("LDRB_reg_T2", 0xf8110002); // ldrb.w r0, [r1, r2]
        check("PLD_reg_T1", 0xf810f021); // pld [r0, r1, lsl #2]
        check("LDRSB_imm_T1", 0xf9910fff); // ldrsb.w r0, [r1, #4095]
        check("PLI_imm_T1", 0xf990ffff); // pli [r0, #4095]
        check("LDRSB_imm_T2", 0xf9110c01); // ldrsb r0, [r1, #-1]
        check("PLI_imm_T2", 0xf910fcff); // pli [r0, #-255]
        check("LDRSBT_T1", 0xf9110e01); // ldrsbt r0, [r1, #1]
        check("LDRSB_reg_T2", 0xf9110002); // ldrsb.w r0, [r1, r2]
        check("PLI_reg_T1", 0xf910f001); // pli [r0, r1]
        check("LDRH_imm_T2", 0xf8b10fff); // ldrh.w r0, [r1, #4095]
        check("PLDW_imm_T1", 0xf8b0ffff); // pldw [r0, #4095]
        check("LDRH_imm_T3", 0xf8310fff); // ldrh r0, [r1, #255]!
        check("PLDW_imm_T2", 0xf830fcff); // pldw [r0, #-255]
        check("LDRHT_T1", 0xf8310e02); // ldrht r0, [r1, #2]
        check("LDRH_reg_T2", 0xf8310002); // ldrh.w r0, [r1, r2]
        check("PLDW_reg_T1", 0xf830f001); // pldw [r0, r1]
        check("LDRSH_imm_T1", 0xf9b10fff); // ldrsh.w r0, [r1, #4095]
        check("LDRSH_imm_T2", 0xf9310c01); // ldrsh r0, [r1, #-1]
        check("LDRSHT_T1", 0xf9310e02); // ldrsht r0, [r1, #2]
        check("LDRSH_reg_T2", 0xf9310002); // ldrsh.w r0, [r1, r2]
        check("LSL_reg_T2", 0xfa11f002); // lsls.w r0, r1, r2
        check("LSR_reg_T2", 0xfa21f002); // lsr.w r0, r1, r2
        check("ASR_reg_T2", 0xfa41f002); // asr.w r0, r1, r2
        check("ROR_reg_T2", 0xfa61f002); // ror.w r0, r1, r2
        check("SXTAH_T1", 0xfa01f092); // sxtah r0, r1, r2, ror #8
        check("SXTH_T2", 0xfa0ff081); // sxth.w r0, r1
        check("UXTAH_T1", 0xfa11f082); // uxtah r0, r1, r2
        check("UXTH_T2", 0xfa1ff0a1); // uxth.w r0, r1, ror #16
        check("SXTAB16_T1", 0xfa21f082); // sxtab16 r0, r1, r2
        check("SXTB16_T1", 0xfa2ff081); // sxtb16 r0, r1
        check("UXTAB16_T1", 0xfa31f082); // uxtab16 r0, r1, r2
        check("UXTB16_T1", 0xfa3ff081); // uxtb16 r0, r1
        check("SXTAB_T1", 0xfa41f082); // sxtab r0, r1, r2
        check("SXTB_T2", 0xfa4ff0b1); // sxtb.w r0, r1, ror #24
        check("UXTAB_T1", 0xfa51f082); // uxtab r0, r1, r2
        check("UXTB_T2", 0xfa5ff081); // uxtb.w r0, r1
        check("SADD16_T1", 0xfa91f002); // sadd16 r0, r1, r2
        check("SASX_T1", 0xfaa1f002); // sasx r0, r1, r2
        check("SSAX_T1", 0xfae1f002); // ssax r0, r1, r2
        check("SSUB16_T1", 0xfad1f002); // ssub16 r0, r1, r2
        check("SADD8_T1", 0xfa81f002); // sadd8 r0, r1, r2
        check("SSUB8_T1", 0xfac1f002); // ssub8 r0, r1, r2
        check("QADD16_T1", 0xfa91f012); // qadd16 r0, r1, r2
        check("QASX_T1", 0xfaa1f012); // qasx r0, r1, r2
        check("QSAX_T1", 0xfae1f012); // qsax r0, r1, r2
        check("QSUB16_T1", 0xfad1f012); // qsub16 r0, r1, r2
        check("QADD8_T1", 0xfa81f012); // qadd8 r0, r1, r2
        check("QSUB8_T1", 0xfac1f012); // qsub8 r0, r1, r2
        check("SHADD16_T1", 0xfa91f022); // shadd16 r0, r1, r2
        check("SHASX_T1", 0xfaa1f022); // shasx r0, r1, r2
        check("SHSAX_T1", 0xfae1f022); // shsax r0, r1, r2
        check("SHSUB16_T1", 0xfad1f022); // shsub16 r0, r1, r2
        check("SHADD8_T1", 0xfa81f022); // shadd8 r0, r1, r2
        check("SHSUB8_T1", 0xfac1f022); // shsub8 r0, r1, r2
        check("UADD16_T1", 0xfa91f042); // uadd16 r0, r1, r2
        check("UASX_T1", 0xfaa1f042); // uasx r0, r1, r2
        check("USAX_T1", 0xfae1f042); // usax r0, r1, r2
        check("USUB16_T1", 0xfad1f042); // usub16 r0, r1, r2
        check("UADD8_T1", 0xfa81f042); // uadd8 r0, r1, r2
        check("USUB8_T1", 0xfac1f042); // usub8 r0, r1, r2
        check("UQADD16_T1", 0xfa91f052); // uqadd16 r0, r1, r2
        check("UQASX_T1", 0xfaa1f052); // uqasx r0, r1, r2
        check("UQSAX_T1", 0xfae1f052); // uqsax r0, r1, r2
        check("UQSUB16_T1", 0xfad1f052); // uqsub16 r0, r1, r2
        check("UQADD8_T1", 0xfa81f052); // uqadd8 r0, r1, r2
        check("UQSUB8_T1", 0xfac1f052); // uqsub8 r0, r1, r2
        check("UHADD16_T1", 0xfa91f062); // uhadd16 r0, r1, r2
        check("UHASX_T1", 0xfaa1f062); // uhasx r0, r1, r2
        check("UHSAX_T1", 0xfae1f062); // uhsax r0, r1, r2
        check("UHSUB16_T1", 0xfad1f062); // uhsub16 r0, r1, r2
        check("UHADD8_T1", 0xfa81f062); // uhadd8 r0, r1, r2
        check("UHSUB8_T1", 0xfac1f062); // uhsub8 r0, r1, r2
        check("QADD_T1", 0xfa82f081); // qadd r0, r1, r2
        check("QDADD_T1", 0xfa82f091); // qdadd r0, r1, r2
        check("QSUB_T1", 0xfa82f0a1); // qsub r0, r1, r2
        check("QDSUB_T1", 0xfa82f0b1); // qdsub r0, r1, r2
        check("REV_T2", 0xfa91f081); // rev.w r0, r1
        check("REV16_T2", 0xfa91f091); // rev16.w r0, r1
        check("RBIT_T1", 0xfa91f0a1); // rbit r0, r1
        check("REVSH_T2", 0xfa91f0b1); // revsh.w r0, r1
        check("SEL_T1", 0xfaa1f082); // sel r0, r1, r2
        check("CLZ_T1", 0xfab1f081); // clz r0, r1
        check("CRC32_T1", 0xfac1f092, 0xfad4f385); // crc32h r0, r1, r2; crc32cb r3, r4, r5
        check("AES_T1", 0xffb00342); // aesd.8 q0, q1
        check("SHA1H_T1", 0xffb902c2); // sha1h.32 q0, q1
        check("SHA1SU1_SHA256SU0_T1", 0xffba43c6); // sha256su0.32 q2, q3
        check("SHA_3reg_T1", 0xef220c44, 0xff220c44); // sha1m.32 q0, q1, q2; sha256su1.32 q0, q1, q2
        check("VMULL_p64_T1", 0xefa10e02); // vmull.p64 q0, d1, d2
        check("VSEL", 0xfe000a81); // vseleq.f32 s0, s1, s2
        check("VMAXNM_VMINNM_vfp", 0xfe810b42); // vminnm.f64 d0, d1, d2
        check("VRINT_arm_vfp", 0xfeb80a60); // vrinta.f32 s0, s1
        check("VCVT_arm_vfp", 0xfebf0b41); // vcvtm.u32.f64 s0, d1
        check("VRINTR_VRINTZ", 0xeeb60bc1); // vrintz.f64 d0, d1
        check("VRINTX_vfp", 0xeeb70a60); // vrintx.f32 s0, s1
        check("VMAXNM_VMINNM_simd_T1", 0xff020f54); // vmaxnm.f32 q0, q1, q2
        check("VRINT_simd_0_T1", 0xffba0442); // vrintn.f32 q0, q1
        check("VRINT_simd_1_T1", 0xffba0781); // vrintp.f32 d0, d1
        check("VCVT_arm_simd_T1", 0xffbb0242); // vcvtp.s32.f32 q0, q1
        check("MLA_T1", 0xfb013002); // mla r0, r1, r2, r3
        check("MUL_T2", 0xfb01f002); // mul r0, r1, r2
        check("MLS_T1", 0xfb013012); // mls r0, r1, r2, r3
        check("SMLAxy_T1", 0xfb113012); // smlabt r0, r1, r2, r3
        check("SMULxy_T1", 0xfb11f022); // smultb r0, r1, r2
        check("SMLAD_T1", 0xfb213012); // smladx r0, r1, r2, r3
        check("SMUAD_T1", 0xfb21f002); // smuad r0, r1, r2
        check("SMLAWy_T1", 0xfb313012); // smlawt r0, r1, r2, r3
        check("SMULWy_T1", 0xfb31f002); // smulwb r0, r1, r2
        check("SMLSD_T1", 0xfb413002); // smlsd r0, r1, r2, r3
        check("SMUSD_T1", 0xfb41f012); // smusdx r0, r1, r2
        check("SMMLA_T1", 0xfb513012); // smmlar r0, r1, r2, r3
        check("SMMUL_T1", 0xfb51f002); // smmul r0, r1, r2
        check("SMMLS_T1", 0xfb613002); // smmls r0, r1, r2, r3
        check("USADA8_T1", 0xfb713002); // usada8 r0, r1, r2, r3
        check("USAD8_T1", 0xfb71f002); // usad8 r0, r1, r2
        check("SMULL_T1", 0xfb820103); // smull r0, r1, r2, r3
        check("SDIV_T1", 0xfb91f0f2); // sdiv r0, r1, r2
        check("UMULL_T1", 0xfba20103); // umull r0, r1, r2, r3
        check("UDIV_T1", 0xfbb1f0f2); // udiv r0, r1, r2
        check("SMLAL_T1", 0xfbc20103); // smlal r0, r1, r2, r3
        check("SMLALxy_T1", 0xfbc201a3); // smlaltb r0, r1, r2, r3
        check("SMLALD_T1", 0xfbc201c3); // smlald r0, r1, r2, r3
        check("SMLSLD_T1", 0xfbd201d3); // smlsldx r0, r1, r2, r3
        check("UMLAL_T1", 0xfbe20103); // umlal r0, r1, r2, r3
        check("UMAAL_T1", 0xfbe20163); // umaal r0, r1, r2, r3
        check("LDR_lit_T2", 0xf85f0fff); // ldr.w r0, [pc, #-4095]
        check("LDRB_lit_T1", 0xf89f0fff); // ldrb.w r0, [pc, #4095]
        check("PLD_lit_T1", 0xf81ff004); // pld [pc, #-4]
        check("LDRH_lit_T1", 0xf8bf0004); // ldrh.w r0, [pc, #4]
        check("LDRSB_lit_T1", 0xf91f0004); // ldrsb.w r0, [pc, #-4]
        check("PLI_lit_T3", 0xf99ff004); // pli [pc, #4]
        check("LDRSH_lit_T1", 0xf9bf0004); // ldrsh.w r0, [pc, #4]
        // VFP: the same words as A32 with cond = 1110 (llvm-mc -triple=thumbv7a gives identical encodings)
        check("VMLA_VMLS", 0xee000a81); // vmla.f32 s0, s1, s2
        check("VNMLA_VNMLS", 0xee110b21); // vnmls.f64 d0, d1, d17
        check("VMUL_VNMUL", 0xee601ac1); // vnmul.f32 s3, s1, s2
        check("VADD_VSUB", 0xee710b42); // vsub.f64 d16, d1, d2
        check("VDIV", 0xee800aaf); // vdiv.f32 s0, s1, s31
        check("VFNMA_VFNMS", 0xee910b42); // vfnma.f64 d0, d1, d2
        check("VFMA_VFMS", 0xeea00ac1); // vfms.f32 s0, s1, s2
        check("VMOV_imm_vfp", 0xeebf3b08); // vmov.f64 d3, #-1.5
        check("VMOV_reg_vfp", 0xeef00a4f); // vmov.f32 s1, s30
        check("VABS_vfp", 0xeef0fbc0); // vabs.f64 d31, d0
        check("VNEG_vfp", 0xeeb10a60); // vneg.f32 s0, s1
        check("VSQRT", 0xeeb10bc1); // vsqrt.f64 d0, d1
        check("VCVTB_VCVTT", 0xeeb30ae0); // vcvtt.f16.f32 s0, s1
        check("VCMP", 0xeeb40ae0); // vcmpe.f32 s0, s1
        check("VCMP_zero", 0xeeb50b40); // vcmp.f64 d0, #0
        check("VCVT_ds", 0xeeb70ae0); // vcvt.f64.f32 d0, s1
        check("VCVT_from_int", 0xeeb80ae0); // vcvt.f32.s32 s0, s1
        check("VCVT_to_int", 0xeebc0b41); // vcvtr.u32.f64 s0, d1
        check("VCVT_fixed", 0xeebe0b66); // vcvt.s16.f64 d0, d0, #3
        check("VSTR", 0xed010b02); // vstr d0, [r1, #-8]
        check("VLDR", 0xeddf1a04); // vldr s3, [pc, #16]
        check("VSTMIA", 0xeca00b08); // vstmia r0!, {d0-d3}
        check("VLDMIA", 0xecbd0a06); // vpop {s0-s5}
        check("VSTMDB", 0xed2d8b10); // vpush {d8-d15}
        check("VLDMDB", 0xed311a01); // vldmdb r1!, {s2}
        check("VMOV_core_s", 0xee110a90); // vmov r0, s3
        check("VMSR", 0xeee12a10); // vmsr fpscr, r2
        check("VMRS", 0xeef13a10); // vmrs r3, fpscr
        check("VMRS_nzcv", 0xeef1fa10); // vmrs APSR_nzcv, fpscr
        check("VMSR_sys", 0xeee80a10); // vmsr fpexc, r0
        // B9 system level (arm-linux-gnueabihf-as -march=armv7ve -mthumb)
        check("MRS_spsr_T1", 0xf3ff8000); // mrs r0, spsr
        check("MRS_banked_T1", 0xf3e38130); // mrs r1, sp_svc
        check("MSR_reg_sys_T1", 0xf3808100); // msr cpsr_c, r0
        check("MSR_banked_T1", 0xf3838330); // msr sp_svc, r3
        check("CPS_T2", 0xf3af8640); // cpsid.w i
        check("SUBS_PC_LR_T1", 0xf3de8f04); // subs pc, lr, #4
        check("HVC_T1", 0xf7e08000); // hvc #0
        check("SMC_T1", 0xf7f08000); // smc #0
        check("SRS_T1", 0xe82dc013); // srsdb sp!, #0x13
        check("SRS_T2", 0xe9adc013); // srsia sp!, #0x13
        check("RFE_T1", 0xe810c000); // rfedb r0
        check("RFE_T2", 0xe990c000); // rfeia r0
        check("MCR_T1", 0xee010f10); // mcr p15, 0, r0, c1, c0, 0
        check("MRC_T1", 0xee1d0f70); // mrc p15, 0, r0, c13, c0, 3
        check("MCRR_T1", 0xec410f02); // mcrr p15, 0, r0, r1, c2
        check("MRRC_T1", 0xec510f1e); // mrrc p15, 1, r0, r1, c14
        check("CPS_T1", 0x0000b662); // cpsie i
        check("SETEND_T1", 0x0000b658); // setend be
        check("VMRS_sys", 0xeef70a10); // vmrs r0, mvfr0
        check("VMOV_to_scalar", 0xee212bf0); // vmov.16 d17[3], r2
        check("VMOV_from_scalar", 0xee702b30); // vmov.s8 r2, d0[5]
        check("VMOV_2core_2s", 0xec410a31); // vmov s3, s4, r0, r1
        check("VMOV_2core_d", 0xec510b31); // vmov r0, r1, d17
    }

    /** llvm-mc -triple=thumbv7a -mattr=+neon,+vfp4 -show-encoding (A7.4.1, hw1 = 111U 1111). */
    @Test
    void simdThreeSameDecodesAsLlvmAssembles() {
        check("VHADD_T1", 0xef010002); // vhadd.s8 d0, d1, d2
        check("VQADD_T1", 0xff320054); // vqadd.u64 q0, q1, q2
        check("VRHADD_T1", 0xff143105); // vrhadd.u16 d3, d4, d5
        check("VAND_T1", 0xef010112); // vand d0, d1, d2
        check("VBIC_T1", 0xef120154); // vbic q0, q1, q2
        check("VORR_T1", 0xef210112); // vorr d0, d1, d2
        check("VORN_T1", 0xef310112); // vorn d0, d1, d2
        check("VEOR_T1", 0xff4201f4); // veor q8, q9, q10
        check("VBSL_T1", 0xff110112); // vbsl d0, d1, d2
        check("VBIT_T1", 0xff210112); // vbit d0, d1, d2
        check("VBIF_T1", 0xff342156); // vbif q1, q2, q3
        check("VHSUB_T1", 0xef210202); // vhsub.s32 d0, d1, d2
        check("VQSUB_T1", 0xef310212); // vqsub.s64 d0, d1, d2
        check("VCGT_T1", 0xff010302); // vcgt.u8 d0, d1, d2
        check("VCGE_T1", 0xef120354); // vcge.s16 q0, q1, q2
        check("VSHL_reg_T1", 0xef120401); // vshl.s16 d0, d1, d2
        check("VQSHL_reg_T1", 0xff220411); // vqshl.u32 d0, d1, d2
        check("VRSHL_T1", 0xef020501); // vrshl.s8 d0, d1, d2
        check("VQRSHL_T1", 0xff340552); // vqrshl.u64 q0, q1, q2
        check("VMAX_VMIN_T1", 0xef010612); // vmin.s8 d0, d1, d2
        check("VABD_T1", 0xff110702); // vabd.u16 d0, d1, d2
        check("VABA_T1", 0xef220754); // vaba.s32 q0, q1, q2
        check("VADD_VSUB_T1", 0xff310802); // vsub.i64 d0, d1, d2
        check("VTST_VCEQ_T1", 0xff010812); // vceq.i8 d0, d1, d2
        check("VMLA_VMLS_int_T1", 0xff110902); // vmls.i16 d0, d1, d2
        check("VMUL_int_T1", 0xff010912); // vmul.p8 d0, d1, d2
        check("VPMAX_VPMIN_T1", 0xff010a02); // vpmax.u8 d0, d1, d2
        check("VQDMULH_VQRDMULH_T1", 0xff220b44); // vqrdmulh.s32 q0, q1, q2
        check("VPADD_T1", 0xef143b15); // vpadd.i16 d3, d4, d5
        check("VFMA_VFMS_simd_T1", 0xef220c54); // vfms.f32 q0, q1, q2
        check("VADD_VSUB_f32_T1", 0xef210d02); // vsub.f32 d0, d1, d2
        check("VPADD_f32_T1", 0xff010d02); // vpadd.f32 d0, d1, d2
        check("VABD_f32_T1", 0xff210d02); // vabd.f32 d0, d1, d2
        check("VMLA_VMLS_f32_T1", 0xef220d54); // vmls.f32 q0, q1, q2
        check("VMUL_f32_T1", 0xff010d12); // vmul.f32 d0, d1, d2
        check("VCEQ_f32_T1", 0xef010e02); // vceq.f32 d0, d1, d2
        check("VCGE_VCGT_f32_T1", 0xff210e02); // vcgt.f32 d0, d1, d2
        check("VACGE_VACGT_T1", 0xff210e12); // vacgt.f32 d0, d1, d2
        check("VMAX_VMIN_f32_T1", 0xef220f44); // vmin.f32 q0, q1, q2
        check("VPMAX_VPMIN_f32_T1", 0xff210f02); // vpmin.f32 d0, d1, d2
    }

    /** The other Advanced SIMD groups, VDUP (core) and VLDn/VSTn, as llvm-mc -triple=thumbv7a -mattr=+neon,+vfp4 assembles them. */
    @Test
    void simdOtherGroupsDecodeAsLlvmAssembles() {
        check("VMOV_VORR_imm_T1", 0xef811312); // vorr.i32 d1, #0x1200
        check("VMVN_VBIC_imm_T1", 0xef832b74); // vbic.i16 q1, #0x3400
        check("VSHR_64_T1", 0xefbd0091); // vshr.s64 d0, d1, #3
        check("VSHR_32_T1", 0xffbb0052); // vshr.u32 q0, q1, #5
        check("VSHR_16_T1", 0xef900011); // vshr.s16 d0, d1, #16
        check("VSHR_8_T1", 0xff8f0011); // vshr.u8 d0, d1, #1
        check("VSRA_64_T1", 0xef8001d2); // vsra.s64 q0, q1, #64
        check("VSRA_32_T1", 0xffbf0111); // vsra.u32 d0, d1, #1
        check("VSRA_16_T1", 0xef970111); // vsra.s16 d0, d1, #9
        check("VSRA_8_T1", 0xff880152); // vsra.u8 q0, q1, #8
        check("VRSHR_64_T1", 0xff9f0291); // vrshr.u64 d0, d1, #33
        check("VRSHR_32_T1", 0xefa00252); // vrshr.s32 q0, q1, #32
        check("VRSHR_16_T1", 0xff9e0211); // vrshr.u16 d0, d1, #2
        check("VRSHR_8_T1", 0xef890211); // vrshr.s8 d0, d1, #7
        check("VRSRA_64_T1", 0xefbf0391); // vrsra.s64 d0, d1, #1
        check("VRSRA_32_T1", 0xffaf0311); // vrsra.u32 d0, d1, #17
        check("VRSRA_16_T1", 0xef9d0352); // vrsra.s16 q0, q1, #3
        check("VRSRA_8_T1", 0xff8c0311); // vrsra.u8 d0, d1, #4
        check("VSRI_64_T1", 0xffb90491); // vsri.64 d0, d1, #7
        check("VSRI_32_T1", 0xffa00452); // vsri.32 q0, q1, #32
        check("VSRI_16_T1", 0xff9f0411); // vsri.16 d0, d1, #1
        check("VSRI_8_T1", 0xff8b0411); // vsri.8 d0, d1, #5
        check("VSHL_VSLI_imm_64_T1", 0xefbf0591); // vshl.i64 d0, d1, #63
        check("VSHL_VSLI_imm_32_T1", 0xffa00552); // vsli.32 q0, q1, #0
        check("VSHL_VSLI_imm_16_T1", 0xef9f0511); // vshl.i16 d0, d1, #15
        check("VSHL_VSLI_imm_8_T1", 0xff8b0511); // vsli.8 d0, d1, #3
        check("VQSHLU_imm_64_T1", 0xff810691); // vqshlu.s64 d0, d1, #1
        check("VQSHLU_imm_32_T1", 0xffbf0652); // vqshlu.s32 q0, q1, #31
        check("VQSHLU_imm_16_T1", 0xff940611); // vqshlu.s16 d0, d1, #4
        check("VQSHLU_imm_8_T1", 0xff880611); // vqshlu.s8 d0, d1, #0
        check("VQSHL_imm_64_T1", 0xffa807d2); // vqshl.u64 q0, q1, #40
        check("VQSHL_imm_32_T1", 0xefa20711); // vqshl.s32 d0, d1, #2
        check("VQSHL_imm_16_T1", 0xff970711); // vqshl.u16 d0, d1, #7
        check("VQSHL_imm_8_T1", 0xef8e0752); // vqshl.s8 q0, q1, #6
        check("VSHRN_VQSHRUN_32_T1", 0xefa00812); // vshrn.i64 d0, q1, #32
        check("VSHRN_VQSHRUN_16_T1", 0xef9f0852); // vrshrn.i32 d0, q1, #1
        check("VSHRN_VQSHRUN_8_T1", 0xff880812); // vqshrun.s16 d0, q1, #8
        check("VQSHRN_32_T1", 0xefbf0912); // vqshrn.s64 d0, q1, #1
        check("VQSHRN_16_T1", 0xff900952); // vqrshrn.u32 d0, q1, #16
        check("VQSHRN_8_T1", 0xff8d0912); // vqshrn.u16 d0, q1, #3
        check("VSHLL_VMOVL_32_T1", 0xefbf0a11); // vshll.s32 q0, d1, #31
        check("VSHLL_VMOVL_16_T1", 0xff900a11); // vmovl.u16 q0, d1
        check("VSHLL_VMOVL_8_T1", 0xff8f0a11); // vshll.u8 q0, d1, #7
        check("VCVT_fixed_simd_T1", 0xefb00f52); // vcvt.s32.f32 q0, q1, #16
        check("VADDL_T1", 0xef810002); // vaddl.s8 q0, d1, d2
        check("VADDL_s32_T1", 0xffa10002); // vaddl.u32 q0, d1, d2
        check("VADDW_T1", 0xef920104); // vaddw.s16 q0, q1, d4
        check("VADDW_s32_T1", 0xffa20104); // vaddw.u32 q0, q1, d4
        check("VSUBL_T1", 0xff910202); // vsubl.u16 q0, d1, d2
        check("VSUBL_s32_T1", 0xefa10202); // vsubl.s32 q0, d1, d2
        check("VSUBW_T1", 0xff820304); // vsubw.u8 q0, q1, d4
        check("VSUBW_s32_T1", 0xefa20304); // vsubw.s32 q0, q1, d4
        check("VADDHN_VRADDHN_T1", 0xef820404); // vaddhn.i16 d0, q1, q2
        check("VADDHN_VRADDHN_s32_T1", 0xffa20404); // vraddhn.i64 d0, q1, q2
        check("VABAL_T1", 0xef810502); // vabal.s8 q0, d1, d2
        check("VABAL_s32_T1", 0xffa10502); // vabal.u32 q0, d1, d2
        check("VSUBHN_VRSUBHN_T1", 0xef920604); // vsubhn.i32 d0, q1, q2
        check("VSUBHN_VRSUBHN_s32_T1", 0xffa20604); // vrsubhn.i64 d0, q1, q2
        check("VABDL_T1", 0xff910702); // vabdl.u16 q0, d1, d2
        check("VABDL_s32_T1", 0xefa10702); // vabdl.s32 q0, d1, d2
        check("VMLAL_T1", 0xef810802); // vmlal.s8 q0, d1, d2
        check("VMLAL_s32_T1", 0xffa10802); // vmlal.u32 q0, d1, d2
        check("VQDMLAL_T1", 0xef910902); // vqdmlal.s16 q0, d1, d2
        check("VQDMLAL_s32_T1", 0xefa10902); // vqdmlal.s32 q0, d1, d2
        check("VMLSL_T1", 0xff910a02); // vmlsl.u16 q0, d1, d2
        check("VMLSL_s32_T1", 0xefa10a02); // vmlsl.s32 q0, d1, d2
        check("VQDMLSL_T1", 0xef910b02); // vqdmlsl.s16 q0, d1, d2
        check("VQDMLSL_s32_T1", 0xefa10b02); // vqdmlsl.s32 q0, d1, d2
        check("VMULL_int_T1", 0xef810c02); // vmull.s8 q0, d1, d2
        check("VMULL_int_s32_T1", 0xffa10c02); // vmull.u32 q0, d1, d2
        check("VQDMULL_T1", 0xef910d02); // vqdmull.s16 q0, d1, d2
        check("VQDMULL_s32_T1", 0xefa10d02); // vqdmull.s32 q0, d1, d2
        check("VMULL_p8_T1", 0xef810e02); // vmull.p8 q0, d1, d2
        check("VMLA_scalar_T1", 0xef91006a); // vmla.i16 d0, d1, d2[3]
        check("VMLA_scalar_s32_T1", 0xffa20063); // vmla.i32 q0, q1, d3[1]
        check("VMLA_scalar_f32_T1", 0xffa20164); // vmla.f32 q0, q1, d4[1]
        check("VMLAL_scalar_T1", 0xef910262); // vmlal.s16 q0, d1, d2[2]
        check("VMLAL_scalar_s32_T1", 0xffa1026f); // vmlal.u32 q0, d1, d15[1]
        check("VQDMLAL_scalar_T1", 0xef91036f); // vqdmlal.s16 q0, d1, d7[3]
        check("VQDMLAL_scalar_s32_T1", 0xefa10342); // vqdmlal.s32 q0, d1, d2[0]
        check("VMLS_scalar_T1", 0xff920442); // vmls.i16 q0, q1, d2[0]
        check("VMLS_scalar_s32_T1", 0xefa10462); // vmls.i32 d0, d1, d2[1]
        check("VMLS_scalar_f32_T1", 0xefa10542); // vmls.f32 d0, d1, d2[0]
        check("VMLSL_scalar_T1", 0xff91064a); // vmlsl.u16 q0, d1, d2[1]
        check("VMLSL_scalar_s32_T1", 0xefa10662); // vmlsl.s32 q0, d1, d2[1]
        check("VQDMLSL_scalar_T1", 0xef91074a); // vqdmlsl.s16 q0, d1, d2[1]
        check("VQDMLSL_scalar_s32_T1", 0xefa10762); // vqdmlsl.s32 q0, d1, d2[1]
        check("VMUL_scalar_T1", 0xef91084a); // vmul.i16 d0, d1, d2[1]
        check("VMUL_scalar_s32_T1", 0xffa20862); // vmul.i32 q0, q1, d2[1]
        check("VMUL_scalar_f32_T1", 0xffa20962); // vmul.f32 q0, q1, d2[1]
        check("VMULL_scalar_T1", 0xef910a4a); // vmull.s16 q0, d1, d2[1]
        check("VMULL_scalar_s32_T1", 0xffa10a62); // vmull.u32 q0, d1, d2[1]
        check("VQDMULL_scalar_T1", 0xef910b4a); // vqdmull.s16 q0, d1, d2[1]
        check("VQDMULL_scalar_s32_T1", 0xefa10b62); // vqdmull.s32 q0, d1, d2[1]
        check("VQDMULH_scalar_T1", 0xff920c4a); // vqdmulh.s16 q0, q1, d2[1]
        check("VQDMULH_scalar_s32_T1", 0xefa10c62); // vqdmulh.s32 d0, d1, d2[1]
        check("VQRDMULH_scalar_T1", 0xef910d4a); // vqrdmulh.s16 d0, d1, d2[1]
        check("VQRDMULH_scalar_s32_T1", 0xffa20d62); // vqrdmulh.s32 q0, q1, d2[1]
        check("VREV_T1", 0xffb00042); // vrev64.8 q0, q1
        check("VPADDL_T1", 0xffb00201); // vpaddl.s8 d0, d1
        check("VCLS_T1", 0xffb40442); // vcls.s16 q0, q1
        check("VCLZ_T1", 0xffb80481); // vclz.i32 d0, d1
        check("VCNT_T1", 0xffb00542); // vcnt.8 q0, q1
        check("VMVN_reg_T1", 0xffb00581); // vmvn d0, d1
        check("VPADAL_T1", 0xffb406c2); // vpadal.u16 q0, q1
        check("VQABS_T1", 0xffb00701); // vqabs.s8 d0, d1
        check("VQNEG_T1", 0xffb807c2); // vqneg.s32 q0, q1
        check("VCGT_zero_T1", 0xffb10001); // vcgt.s8 d0, d1, #0
        check("VCGE_zero_T1", 0xffb904c2); // vcge.f32 q0, q1, #0
        check("VCEQ_zero_T1", 0xffb50101); // vceq.i16 d0, d1, #0
        check("VCLE_zero_T1", 0xffb90181); // vcle.s32 d0, d1, #0
        check("VCLT_zero_T1", 0xffb90601); // vclt.f32 d0, d1, #0
        check("VABS_simd_T1", 0xffb50342); // vabs.s16 q0, q1
        check("VNEG_simd_T1", 0xffb90781); // vneg.f32 d0, d1
        check("VSWP_T1", 0xffb20001); // vswp d0, d1
        check("VTRN_T1", 0xffb600c2); // vtrn.16 q0, q1
        check("VUZP_T1", 0xffb20101); // vuzp.8 d0, d1
        check("VZIP_T1", 0xffba01c2); // vzip.32 q0, q1
        check("VMOVN_T1", 0xffb60202); // vmovn.i32 d0, q1
        check("VQMOVUN_T1", 0xffb20242); // vqmovun.s16 d0, q1
        check("VQMOVN_T1", 0xffba02c2); // vqmovn.u64 d0, q1
        check("VSHLL_max_T1", 0xffb60301); // vshll.i16 q0, d1, #16
        check("VCVT_half_simd_T1", 0xffb60602); // vcvt.f16.f32 d0, q1
        check("VRECPE_T1", 0xffbb0542); // vrecpe.f32 q0, q1
        check("VRSQRTE_T1", 0xffbb0481); // vrsqrte.u32 d0, d1
        check("VCVT_fi_simd_T1", 0xffbb0742); // vcvt.s32.f32 q0, q1
        check("VEXT_T1", 0xefb20344); // vext.8 q0, q1, q2, #3
        check("VTBL_VTBX_T1", 0xffb10943); // vtbx.8 d0, {d1, d2}, d3
        check("VDUP_scalar_T1", 0xffba0c41); // vdup.16 q0, d1[2]
        check("VRECPS_VRSQRTS_T1", 0xef020f54); // vrecps.f32 q0, q1, q2
        check("VST_multiple_T1", 0xf9000a0d); // vst1.8 {d0, d1}, [r0]!
        check("VLD_multiple_T1", 0xf9210062); // vld4.16 {d0, d1, d2, d3}, [r1:128], r2
        check("VST_lane_8_T1", 0xf980006f); // vst1.8 {d0[3]}, [r0]
        check("VLD_lane_8_T1", 0xf9a1013d); // vld2.8 {d0[1], d1[1]}, [r1:16]!
        check("VST_lane_16_T1", 0xf980066f); // vst3.16 {d0[1], d2[1], d4[1]}, [r0]
        check("VLD_lane_16_T1", 0xf9a25493); // vld1.16 {d5[2]}, [r2:16], r3
        check("VST_lane_32_T1", 0xf9800baf); // vst4.32 {d0[1], d1[1], d2[1], d3[1]}, [r0:128]
        check("VLD_lane_32_T1", 0xf9a008bd); // vld1.32 {d0[1]}, [r0:32]!
        check("VLD_all_T1", 0xf9a00cad); // vld1.32 {d0[], d1[]}, [r0]!
        check("VDUP_core_T1", 0xeee01b10); // vdup.8 q0, r1
        check("VMOV_VORR_imm_T1", 0xef810052); // vmov.i32 q0, #0x12
        check("VMOV_VORR_imm_T1", 0xef870f10); // vmov.f32 d0, #1.0
        check("VMOV_VORR_imm_T1", 0xff870e1f); // vmov.i8 d0, #0xff
        check("VMVN_VBIC_imm_T1", 0xef810032); // vmvn.i32 d0, #0x12
        check("VMVN_VBIC_imm_T1", 0xff822e3a); // vmov.i64 d2, #0xff00ff00ff00ff00
        check("VREV_T1", 0xffb00101); // vrev16.8 d0, d1
        check("VTBL_VTBX_T1", 0xffb10b05); // vtbl.8 d0, {d1, d2, d3, d4}, d5
        check("VRECPS_VRSQRTS_T1", 0xef210f12); // vrsqrts.f32 d0, d1, d2
        check("VLD_all_T1", 0xf9a00f1f); // vld4.8 {d0[], d1[], d2[], d3[]}, [r0:32]
        check("VST_multiple_T1", 0xf9000991); // vst2.32 {d0, d2}, [r0:64], r1
        check("VLD_multiple_T1", 0xf921040f); // vld3.8 {d0, d1, d2}, [r1]
        check("VCVT_fixed_simd_T1", 0xffa00e11); // vcvt.f32.u32 d0, d1, #32
        check("VCVT_half_simd_T1", 0xffb60701); // vcvt.f32.f16 q0, d1
        check("VDUP_core_T1", 0xee802b10); // vdup.32 d0, r2
    }

    @Test
    void everyEntryHasAnAssembledExample() {
        java.util.Set<String> named = new java.util.HashSet<>();
        for (String line : EXAMPLE_SOURCE) {
            named.add(line);
        }
        List<String> missing = new ArrayList<>();
        List<DecodeTable.Entry<A32Translator.Handler>> all = new ArrayList<>(T32DecodeTable.TABLE.entries());
        all.addAll(T32DecodeTable.LITERAL.entries());
        for (DecodeTable.Entry<A32Translator.Handler> e : all) {
            if (!named.contains(e.name)) {
                missing.add(e.name);
            }
        }
        // the unallocated-hint carve-outs have no assembler syntax
        assertEquals(List.of("NOP_hint_T1", "NOP_hint_T2", "NOP_hint_reg", "NOP_hint_lit_H", "NOP_hint_lit_SH"), missing);
    }

    static final List<String> EXAMPLE_SOURCE = List.of("LSL_imm_T1", "MOV_reg_T2", "LSR_imm_T1", "ASR_imm_T1", "ADD_reg_T1", "SUB_reg_T1", "ADD_imm_T1", "SUB_imm_T1", "MOV_imm_T1", "CMP_imm_T1", "ADD_imm_T2", "SUB_imm_T2", "AND_reg_T1", "EOR_reg_T1", "LSL_reg_T1", "LSR_reg_T1", "ASR_reg_T1", "ADC_reg_T1", "SBC_reg_T1", "ROR_reg_T1", "TST_reg_T1", "RSB_imm_T1", "CMP_reg_T1", "CMN_reg_T1", "ORR_reg_T1", "MUL_T1", "BIC_reg_T1", "MVN_reg_T1", "ADD_reg_T2", "CMP_reg_T2", "MOV_reg_T1", "BX_T1", "BLX_reg_T1", "LDR_lit_T1", "STR_reg_T1", "STRH_reg_T1", "STRB_reg_T1", "LDRSB_reg_T1", "LDR_reg_T1", "LDRH_reg_T1", "LDRB_reg_T1", "LDRSH_reg_T1", "STR_imm_T1", "LDR_imm_T1", "STRB_imm_T1", "LDRB_imm_T1", "STRH_imm_T1", "LDRH_imm_T1", "STR_imm_T2", "LDR_imm_T2", "ADR_T1", "ADD_SP_imm_T1", "ADD_SP_imm_T2", "SUB_SP_imm_T1", "CBZ_T1", "CBNZ_T1", "SXTH_T1", "SXTB_T1", "UXTH_T1", "UXTB_T1", "PUSH_T1", "REV_T1", "REV16_T1", "REVSH_T1", "POP_T1", "BKPT_T1", "IT_T1", "HINT_T1", "NOP_T1", "YIELD_T1", "WFE_T1", "WFI_T1", "SEV_T1", "STM_T1", "LDM_T1", "B_T1", "UDF_T1", "SVC_T1", "B_T2", "STM_T2", "LDM_T2", "POP_T2", "STMDB_T1", "PUSH_T2", "LDMDB_T1", "STREX_T1", "LDREX_T1", "STRD_imm_T1", "LDRD_imm_T1", "STREXB_T1", "STREXH_T1", "STREXD_T1", "TBB_T1", "TBH_T1", "LDREXB_T1", "LDREXH_T1", "LDREXD_T1", "AND_reg_T2", "TST_reg_T2", "BIC_reg_T2", "ORR_reg_T2", "MOV_reg_T3", "ORN_reg_T1", "MVN_reg_T2", "EOR_reg_T2", "TEQ_reg_T1", "PKH_T1", "ADD_reg_T3", "CMN_reg_T2", "ADC_reg_T2", "SBC_reg_T2", "SUB_reg_T2", "CMP_reg_T3", "RSB_reg_T1", "AND_imm_T1", "TST_imm_T1", "BIC_imm_T1", "ORR_imm_T1", "MOV_imm_T2", "ORN_imm_T1", "MVN_imm_T1", "EOR_imm_T1", "TEQ_imm_T1", "ADD_imm_T3", "CMN_imm_T1", "ADC_imm_T1", "SBC_imm_T1", "SUB_imm_T3", "CMP_imm_T2", "RSB_imm_T2", "ADDW_T4", "ADR_T3", "MOVW_T3", "SUBW_T4", "ADR_T2", "MOVT_T1", "SSAT_T1", "SSAT16_T1", "SBFX_T1", "BFI_T1", "BFC_T1", "USAT_T1", "USAT16_T1", "UBFX_T1", "B_T3", "MSR_reg_T1", "HINT_T2", "NOP_T2", "YIELD_T2", "WFE_T2", "WFI_T2", "SEV_T2", "DBG_T1", "CLREX_T1", "DSB_T1", "DMB_T1", "ISB_T1", "BXJ_T1", "MRS_T1", "UDF_T2", "B_T4", "BLX_imm_T2", "BL_T1", "STRB_imm_T2", "STRB_imm_T3", "STRBT_T1", "STRB_reg_T2", "STRH_imm_T2", "STRH_imm_T3", "STRHT_T1", "STRH_reg_T2", "STR_imm_T3", "STR_imm_T4", "PUSH_T3", "STRT_T1", "STR_reg_T2", "LDR_imm_T3", "LDR_imm_T4", "POP_T3", "LDRT_T1", "LDR_reg_T2", "LDRB_imm_T2", "PLD_imm_T1", "LDRB_imm_T3", "PLD_imm_T2", "LDRBT_T1", "LDRB_reg_T2", "PLD_reg_T1", "LDRSB_imm_T1", "PLI_imm_T1", "LDRSB_imm_T2", "PLI_imm_T2", "LDRSBT_T1", "LDRSB_reg_T2", "PLI_reg_T1", "LDRH_imm_T2", "PLDW_imm_T1", "LDRH_imm_T3", "PLDW_imm_T2", "LDRHT_T1", "LDRH_reg_T2", "PLDW_reg_T1", "LDRSH_imm_T1", "LDRSH_imm_T2", "LDRSHT_T1", "LDRSH_reg_T2", "LSL_reg_T2", "LSR_reg_T2", "ASR_reg_T2", "ROR_reg_T2", "SXTAH_T1", "SXTH_T2", "UXTAH_T1", "UXTH_T2", "SXTAB16_T1", "SXTB16_T1", "UXTAB16_T1", "UXTB16_T1", "SXTAB_T1", "SXTB_T2", "UXTAB_T1", "UXTB_T2", "SADD16_T1", "SASX_T1", "SSAX_T1", "SSUB16_T1", "SADD8_T1", "SSUB8_T1", "QADD16_T1", "QASX_T1", "QSAX_T1", "QSUB16_T1", "QADD8_T1", "QSUB8_T1", "SHADD16_T1", "SHASX_T1", "SHSAX_T1", "SHSUB16_T1", "SHADD8_T1", "SHSUB8_T1", "UADD16_T1", "UASX_T1", "USAX_T1", "USUB16_T1", "UADD8_T1", "USUB8_T1", "UQADD16_T1", "UQASX_T1", "UQSAX_T1", "UQSUB16_T1", "UQADD8_T1", "UQSUB8_T1", "UHADD16_T1", "UHASX_T1", "UHSAX_T1", "UHSUB16_T1", "UHADD8_T1", "UHSUB8_T1", "QADD_T1", "QDADD_T1", "QSUB_T1", "QDSUB_T1", "REV_T2", "REV16_T2", "RBIT_T1", "REVSH_T2", "SEL_T1", "CLZ_T1", "MLA_T1", "MUL_T2", "MLS_T1", "SMLAxy_T1", "SMULxy_T1", "SMLAD_T1", "SMUAD_T1", "SMLAWy_T1", "SMULWy_T1", "SMLSD_T1", "SMUSD_T1", "SMMLA_T1", "SMMUL_T1", "SMMLS_T1", "USADA8_T1", "USAD8_T1", "SMULL_T1", "SDIV_T1", "UMULL_T1", "UDIV_T1", "SMLAL_T1", "SMLALxy_T1", "SMLALD_T1", "SMLSLD_T1", "UMLAL_T1", "UMAAL_T1", "LDR_lit_T2", "LDRB_lit_T1", "PLD_lit_T1", "LDRH_lit_T1", "LDRSB_lit_T1", "PLI_lit_T3", "LDRSH_lit_T1", "VMLA_VMLS", "VNMLA_VNMLS", "VMUL_VNMUL", "VADD_VSUB", "VDIV", "VFNMA_VFNMS", "VFMA_VFMS", "VMOV_imm_vfp", "VMOV_reg_vfp", "VABS_vfp", "VNEG_vfp", "VSQRT", "VCVTB_VCVTT", "VCMP", "VCMP_zero", "VCVT_ds", "VCVT_from_int", "VCVT_to_int", "VCVT_fixed", "VSTR", "VLDR", "VSTMIA", "VLDMIA", "VSTMDB", "VLDMDB", "VMOV_core_s", "VMSR", "VMRS", "VMRS_nzcv", "VMRS_sys", "VMSR_sys", "MRS_spsr_T1", "MRS_banked_T1", "MSR_reg_sys_T1", "MSR_banked_T1", "CPS_T2", "SUBS_PC_LR_T1", "HVC_T1", "SMC_T1", "SRS_T1", "SRS_T2", "RFE_T1", "RFE_T2", "MCR_T1", "MRC_T1", "MCRR_T1", "MRRC_T1", "CPS_T1", "SETEND_T1", "VMOV_to_scalar", "VMOV_from_scalar", "VMOV_2core_2s", "VMOV_2core_d", "VHADD_T1", "VQADD_T1", "VRHADD_T1", "VAND_T1", "VBIC_T1", "VORR_T1", "VORN_T1", "VEOR_T1", "VBSL_T1", "VBIT_T1", "VBIF_T1", "VHSUB_T1", "VQSUB_T1", "VCGT_T1", "VCGE_T1", "VSHL_reg_T1", "VQSHL_reg_T1", "VRSHL_T1", "VQRSHL_T1", "VMAX_VMIN_T1", "VABD_T1", "VABA_T1", "VADD_VSUB_T1", "VTST_VCEQ_T1", "VMLA_VMLS_int_T1", "VMUL_int_T1", "VPMAX_VPMIN_T1", "VQDMULH_VQRDMULH_T1", "VPADD_T1", "VFMA_VFMS_simd_T1", "VADD_VSUB_f32_T1", "VPADD_f32_T1", "VABD_f32_T1", "VMLA_VMLS_f32_T1", "VMUL_f32_T1", "VCEQ_f32_T1", "VCGE_VCGT_f32_T1", "VACGE_VACGT_T1", "VMAX_VMIN_f32_T1", "VPMAX_VPMIN_f32_T1", "VMOV_VORR_imm_T1", "VMVN_VBIC_imm_T1", "VSHR_64_T1", "VSHR_32_T1", "VSHR_16_T1", "VSHR_8_T1", "VSRA_64_T1", "VSRA_32_T1", "VSRA_16_T1", "VSRA_8_T1", "VRSHR_64_T1", "VRSHR_32_T1", "VRSHR_16_T1", "VRSHR_8_T1", "VRSRA_64_T1", "VRSRA_32_T1", "VRSRA_16_T1", "VRSRA_8_T1", "VSRI_64_T1", "VSRI_32_T1", "VSRI_16_T1", "VSRI_8_T1", "VSHL_VSLI_imm_64_T1", "VSHL_VSLI_imm_32_T1", "VSHL_VSLI_imm_16_T1", "VSHL_VSLI_imm_8_T1", "VQSHLU_imm_64_T1", "VQSHLU_imm_32_T1", "VQSHLU_imm_16_T1", "VQSHLU_imm_8_T1", "VQSHL_imm_64_T1", "VQSHL_imm_32_T1", "VQSHL_imm_16_T1", "VQSHL_imm_8_T1", "VSHRN_VQSHRUN_32_T1", "VSHRN_VQSHRUN_16_T1", "VSHRN_VQSHRUN_8_T1", "VQSHRN_32_T1", "VQSHRN_16_T1", "VQSHRN_8_T1", "VSHLL_VMOVL_32_T1", "VSHLL_VMOVL_16_T1", "VSHLL_VMOVL_8_T1", "VCVT_fixed_simd_T1", "VADDL_T1", "VADDL_s32_T1", "VADDW_T1", "VADDW_s32_T1", "VSUBL_T1", "VSUBL_s32_T1", "VSUBW_T1", "VSUBW_s32_T1", "VADDHN_VRADDHN_T1", "VADDHN_VRADDHN_s32_T1", "VABAL_T1", "VABAL_s32_T1", "VSUBHN_VRSUBHN_T1", "VSUBHN_VRSUBHN_s32_T1", "VABDL_T1", "VABDL_s32_T1", "VMLAL_T1", "VMLAL_s32_T1", "VQDMLAL_T1", "VQDMLAL_s32_T1", "VMLSL_T1", "VMLSL_s32_T1", "VQDMLSL_T1", "VQDMLSL_s32_T1", "VMULL_int_T1", "VMULL_int_s32_T1", "VQDMULL_T1", "VQDMULL_s32_T1", "VMULL_p8_T1", "VMLA_scalar_T1", "VMLA_scalar_s32_T1", "VMLA_scalar_f32_T1", "VMLAL_scalar_T1", "VMLAL_scalar_s32_T1", "VQDMLAL_scalar_T1", "VQDMLAL_scalar_s32_T1", "VMLS_scalar_T1", "VMLS_scalar_s32_T1", "VMLS_scalar_f32_T1", "VMLSL_scalar_T1", "VMLSL_scalar_s32_T1", "VQDMLSL_scalar_T1", "VQDMLSL_scalar_s32_T1", "VMUL_scalar_T1", "VMUL_scalar_s32_T1", "VMUL_scalar_f32_T1", "VMULL_scalar_T1", "VMULL_scalar_s32_T1", "VQDMULL_scalar_T1", "VQDMULL_scalar_s32_T1", "VQDMULH_scalar_T1", "VQDMULH_scalar_s32_T1", "VQRDMULH_scalar_T1", "VQRDMULH_scalar_s32_T1", "VREV_T1", "VPADDL_T1", "VCLS_T1", "VCLZ_T1", "VCNT_T1", "VMVN_reg_T1", "VPADAL_T1", "VQABS_T1", "VQNEG_T1", "VCGT_zero_T1", "VCGE_zero_T1", "VCEQ_zero_T1", "VCLE_zero_T1", "VCLT_zero_T1", "VABS_simd_T1", "VNEG_simd_T1", "VSWP_T1", "VTRN_T1", "VUZP_T1", "VZIP_T1", "VMOVN_T1", "VQMOVUN_T1", "VQMOVN_T1", "VSHLL_max_T1", "VCVT_half_simd_T1", "VRECPE_T1", "VRSQRTE_T1", "VCVT_fi_simd_T1", "VEXT_T1", "VTBL_VTBX_T1", "VDUP_scalar_T1", "VRECPS_VRSQRTS_T1", "VST_multiple_T1", "VLD_multiple_T1", "VST_lane_8_T1", "VLD_lane_8_T1", "VST_lane_16_T1", "VLD_lane_16_T1", "VST_lane_32_T1", "VLD_lane_32_T1", "VLD_all_T1", "VDUP_core_T1", "CRC32_T1", "AES_T1", "SHA1H_T1", "SHA1SU1_SHA256SU0_T1", "SHA_3reg_T1", "VMULL_p64_T1", "VSEL", "VMAXNM_VMINNM_vfp", "VRINT_arm_vfp", "VCVT_arm_vfp", "VRINTR_VRINTZ", "VRINTX_vfp", "VMAXNM_VMINNM_simd_T1", "VRINT_simd_0_T1", "VRINT_simd_1_T1", "VCVT_arm_simd_T1");

    @Test
    void unallocatedAndSystemLevelAreUndefined() {
        assertNull(T32DecodeTable.decode(0xee100710)); // mrc p7 (coprocessors other than 10, 11, 14, 15)
        assertNull(T32DecodeTable.decode(0xfe100f10)); // mrc2 p15
        assertNull(T32DecodeTable.decode(0xf85f0c00 | 0x00200000)); // in the literal space: no LDRT-like literal
        assertEquals("LDR_lit_T2", T32DecodeTable.decode(0xf85f0c00).name); // ldr.w r0, [pc, #-0xc00]
        assertEquals("B_T3", T32DecodeTable.decode(0xf7808000).name); // cond = 1110 of B T3: the handler's UNDEFINED
    }
}
