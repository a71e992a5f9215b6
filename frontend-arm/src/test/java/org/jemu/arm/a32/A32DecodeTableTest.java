package org.jemu.arm.a32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.jemu.translator.decode.BitPattern;
import org.jemu.translator.decode.DecodeTable;
import org.junit.jupiter.api.Test;

/**
 * The A32 decode table: no two encodings shadow each other, every entry decodes its own words, and words
 * assembled by a reference assembler (LLVM's {@code llvm-mc -triple=armv7a}, output pasted here so the test
 * needs no tools) decode to the entry the DDI 0406C A8 instruction pages name.
 */
class A32DecodeTableTest {
    static final DecodeTable<A32Translator.Handler> T = A32DecodeTable.TABLE;

    @Test
    void noOverlaps() {
        List<String> o = T.overlaps();
        assertTrue(o.isEmpty(), String.join("\n", o));
    }

    @Test
    void simdTableHasNoOverlapsAndDecodesItsOwnWords() {
        List<String> o = A32DecodeTable.SIMD.overlaps();
        assertTrue(o.isEmpty(), String.join("\n", o));
        SplittableRandom r = new SplittableRandom(2);
        for (DecodeTable.Entry<A32Translator.Handler> e : A32DecodeTable.SIMD.entries()) {
            assertTrue(A32DecodeTable.isUnconditional(e) && A32DecodeTable.isSimdSpace(e.pattern.value), e.name);
            for (int k = 0; k < 200; k++) {
                int w = (r.nextInt() & ~e.pattern.mask) | e.pattern.value;
                assertEquals(e, A32DecodeTable.decode(w), String.format("0x%08x", w));
            }
        }
    }

    /** llvm-mc -triple=armv7a -mattr=+neon,+vfp4 -show-encoding (A7.4.1, three registers of the same length). */
    @Test
    void simdThreeSameDecodesAsLlvmAssembles() {
        check("VHADD", 0xf2010002); // vhadd.s8 d0, d1, d2
        check("VQADD", 0xf3320054); // vqadd.u64 q0, q1, q2
        check("VRHADD", 0xf3143105); // vrhadd.u16 d3, d4, d5
        check("VAND", 0xf2010112); // vand d0, d1, d2
        check("VBIC", 0xf2120154); // vbic q0, q1, q2
        check("VORR", 0xf2210112); // vorr d0, d1, d2
        check("VORN", 0xf2310112); // vorn d0, d1, d2
        check("VEOR", 0xf34201f4); // veor q8, q9, q10
        check("VBSL", 0xf3110112); // vbsl d0, d1, d2
        check("VBIT", 0xf3210112); // vbit d0, d1, d2
        check("VBIF", 0xf3342156); // vbif q1, q2, q3
        check("VHSUB", 0xf2210202); // vhsub.s32 d0, d1, d2
        check("VQSUB", 0xf2310212); // vqsub.s64 d0, d1, d2
        check("VCGT", 0xf3010302); // vcgt.u8 d0, d1, d2
        check("VCGE", 0xf2120354); // vcge.s16 q0, q1, q2
        check("VSHL_reg", 0xf2120401); // vshl.s16 d0, d1, d2
        check("VQSHL_reg", 0xf3220411); // vqshl.u32 d0, d1, d2
        check("VRSHL", 0xf2020501); // vrshl.s8 d0, d1, d2
        check("VQRSHL", 0xf3340552); // vqrshl.u64 q0, q1, q2
        check("VMAX_VMIN", 0xf2010612); // vmin.s8 d0, d1, d2
        check("VABD", 0xf3110702); // vabd.u16 d0, d1, d2
        check("VABA", 0xf2220754); // vaba.s32 q0, q1, q2
        check("VADD_VSUB", 0xf3310802); // vsub.i64 d0, d1, d2
        check("VTST_VCEQ", 0xf3010812); // vceq.i8 d0, d1, d2
        check("VMLA_VMLS_int", 0xf3110902); // vmls.i16 d0, d1, d2
        check("VMUL_int", 0xf3010912); // vmul.p8 d0, d1, d2
        check("VPMAX_VPMIN", 0xf3010a02); // vpmax.u8 d0, d1, d2
        check("VQDMULH_VQRDMULH", 0xf3220b44); // vqrdmulh.s32 q0, q1, q2
        check("VPADD", 0xf2143b15); // vpadd.i16 d3, d4, d5
        check("VFMA_VFMS_simd", 0xf2220c54); // vfms.f32 q0, q1, q2
        check("VADD_VSUB_f32", 0xf2210d02); // vsub.f32 d0, d1, d2
        check("VPADD_f32", 0xf3010d02); // vpadd.f32 d0, d1, d2
        check("VABD_f32", 0xf3210d02); // vabd.f32 d0, d1, d2
        check("VMLA_VMLS_f32", 0xf2220d54); // vmls.f32 q0, q1, q2
        check("VMUL_f32", 0xf3010d12); // vmul.f32 d0, d1, d2
        check("VCEQ_f32", 0xf2010e02); // vceq.f32 d0, d1, d2
        check("VCGE_VCGT_f32", 0xf3210e02); // vcgt.f32 d0, d1, d2
        check("VACGE_VACGT", 0xf3210e12); // vacgt.f32 d0, d1, d2
        check("VMAX_VMIN_f32", 0xf2220f44); // vmin.f32 q0, q1, q2
        check("VPMAX_VPMIN_f32", 0xf3210f02); // vpmin.f32 d0, d1, d2
    }

    /**
     * llvm-mc -triple=armv7a -mattr=+neon,+vfp4 -show-encoding: the other Advanced SIMD groups (A7.4.2 -
     * A7.4.6, VEXT, VTBL, VDUP, VRECPS/VRSQRTS), VDUP (core) and the element/structure loads and stores.
     */
    @Test
    void simdOtherGroupsDecodeAsLlvmAssembles() {
        check("VMOV_VORR_imm", 0xf2811312); // vorr.i32 d1, #0x1200
        check("VMVN_VBIC_imm", 0xf2832b74); // vbic.i16 q1, #0x3400
        check("VSHR_64", 0xf2bd0091); // vshr.s64 d0, d1, #3
        check("VSHR_32", 0xf3bb0052); // vshr.u32 q0, q1, #5
        check("VSHR_16", 0xf2900011); // vshr.s16 d0, d1, #16
        check("VSHR_8", 0xf38f0011); // vshr.u8 d0, d1, #1
        check("VSRA_64", 0xf28001d2); // vsra.s64 q0, q1, #64
        check("VSRA_32", 0xf3bf0111); // vsra.u32 d0, d1, #1
        check("VSRA_16", 0xf2970111); // vsra.s16 d0, d1, #9
        check("VSRA_8", 0xf3880152); // vsra.u8 q0, q1, #8
        check("VRSHR_64", 0xf39f0291); // vrshr.u64 d0, d1, #33
        check("VRSHR_32", 0xf2a00252); // vrshr.s32 q0, q1, #32
        check("VRSHR_16", 0xf39e0211); // vrshr.u16 d0, d1, #2
        check("VRSHR_8", 0xf2890211); // vrshr.s8 d0, d1, #7
        check("VRSRA_64", 0xf2bf0391); // vrsra.s64 d0, d1, #1
        check("VRSRA_32", 0xf3af0311); // vrsra.u32 d0, d1, #17
        check("VRSRA_16", 0xf29d0352); // vrsra.s16 q0, q1, #3
        check("VRSRA_8", 0xf38c0311); // vrsra.u8 d0, d1, #4
        check("VSRI_64", 0xf3b90491); // vsri.64 d0, d1, #7
        check("VSRI_32", 0xf3a00452); // vsri.32 q0, q1, #32
        check("VSRI_16", 0xf39f0411); // vsri.16 d0, d1, #1
        check("VSRI_8", 0xf38b0411); // vsri.8 d0, d1, #5
        check("VSHL_VSLI_imm_64", 0xf2bf0591); // vshl.i64 d0, d1, #63
        check("VSHL_VSLI_imm_32", 0xf3a00552); // vsli.32 q0, q1, #0
        check("VSHL_VSLI_imm_16", 0xf29f0511); // vshl.i16 d0, d1, #15
        check("VSHL_VSLI_imm_8", 0xf38b0511); // vsli.8 d0, d1, #3
        check("VQSHLU_imm_64", 0xf3810691); // vqshlu.s64 d0, d1, #1
        check("VQSHLU_imm_32", 0xf3bf0652); // vqshlu.s32 q0, q1, #31
        check("VQSHLU_imm_16", 0xf3940611); // vqshlu.s16 d0, d1, #4
        check("VQSHLU_imm_8", 0xf3880611); // vqshlu.s8 d0, d1, #0
        check("VQSHL_imm_64", 0xf3a807d2); // vqshl.u64 q0, q1, #40
        check("VQSHL_imm_32", 0xf2a20711); // vqshl.s32 d0, d1, #2
        check("VQSHL_imm_16", 0xf3970711); // vqshl.u16 d0, d1, #7
        check("VQSHL_imm_8", 0xf28e0752); // vqshl.s8 q0, q1, #6
        check("VSHRN_VQSHRUN_32", 0xf2a00812); // vshrn.i64 d0, q1, #32
        check("VSHRN_VQSHRUN_16", 0xf29f0852); // vrshrn.i32 d0, q1, #1
        check("VSHRN_VQSHRUN_8", 0xf3880812); // vqshrun.s16 d0, q1, #8
        check("VQSHRN_32", 0xf2bf0912); // vqshrn.s64 d0, q1, #1
        check("VQSHRN_16", 0xf3900952); // vqrshrn.u32 d0, q1, #16
        check("VQSHRN_8", 0xf38d0912); // vqshrn.u16 d0, q1, #3
        check("VSHLL_VMOVL_32", 0xf2bf0a11); // vshll.s32 q0, d1, #31
        check("VSHLL_VMOVL_16", 0xf3900a11); // vmovl.u16 q0, d1
        check("VSHLL_VMOVL_8", 0xf38f0a11); // vshll.u8 q0, d1, #7
        check("VCVT_fixed_simd", 0xf2b00f52); // vcvt.s32.f32 q0, q1, #16
        check("VADDL", 0xf2810002); // vaddl.s8 q0, d1, d2
        check("VADDL_s32", 0xf3a10002); // vaddl.u32 q0, d1, d2
        check("VADDW", 0xf2920104); // vaddw.s16 q0, q1, d4
        check("VADDW_s32", 0xf3a20104); // vaddw.u32 q0, q1, d4
        check("VSUBL", 0xf3910202); // vsubl.u16 q0, d1, d2
        check("VSUBL_s32", 0xf2a10202); // vsubl.s32 q0, d1, d2
        check("VSUBW", 0xf3820304); // vsubw.u8 q0, q1, d4
        check("VSUBW_s32", 0xf2a20304); // vsubw.s32 q0, q1, d4
        check("VADDHN_VRADDHN", 0xf2820404); // vaddhn.i16 d0, q1, q2
        check("VADDHN_VRADDHN_s32", 0xf3a20404); // vraddhn.i64 d0, q1, q2
        check("VABAL", 0xf2810502); // vabal.s8 q0, d1, d2
        check("VABAL_s32", 0xf3a10502); // vabal.u32 q0, d1, d2
        check("VSUBHN_VRSUBHN", 0xf2920604); // vsubhn.i32 d0, q1, q2
        check("VSUBHN_VRSUBHN_s32", 0xf3a20604); // vrsubhn.i64 d0, q1, q2
        check("VABDL", 0xf3910702); // vabdl.u16 q0, d1, d2
        check("VABDL_s32", 0xf2a10702); // vabdl.s32 q0, d1, d2
        check("VMLAL", 0xf2810802); // vmlal.s8 q0, d1, d2
        check("VMLAL_s32", 0xf3a10802); // vmlal.u32 q0, d1, d2
        check("VQDMLAL", 0xf2910902); // vqdmlal.s16 q0, d1, d2
        check("VQDMLAL_s32", 0xf2a10902); // vqdmlal.s32 q0, d1, d2
        check("VMLSL", 0xf3910a02); // vmlsl.u16 q0, d1, d2
        check("VMLSL_s32", 0xf2a10a02); // vmlsl.s32 q0, d1, d2
        check("VQDMLSL", 0xf2910b02); // vqdmlsl.s16 q0, d1, d2
        check("VQDMLSL_s32", 0xf2a10b02); // vqdmlsl.s32 q0, d1, d2
        check("VMULL_int", 0xf2810c02); // vmull.s8 q0, d1, d2
        check("VMULL_int_s32", 0xf3a10c02); // vmull.u32 q0, d1, d2
        check("VQDMULL", 0xf2910d02); // vqdmull.s16 q0, d1, d2
        check("VQDMULL_s32", 0xf2a10d02); // vqdmull.s32 q0, d1, d2
        check("VMULL_p8", 0xf2810e02); // vmull.p8 q0, d1, d2
        check("VMLA_scalar", 0xf291006a); // vmla.i16 d0, d1, d2[3]
        check("VMLA_scalar_s32", 0xf3a20063); // vmla.i32 q0, q1, d3[1]
        check("VMLA_scalar_f32", 0xf3a20164); // vmla.f32 q0, q1, d4[1]
        check("VMLAL_scalar", 0xf2910262); // vmlal.s16 q0, d1, d2[2]
        check("VMLAL_scalar_s32", 0xf3a1026f); // vmlal.u32 q0, d1, d15[1]
        check("VQDMLAL_scalar", 0xf291036f); // vqdmlal.s16 q0, d1, d7[3]
        check("VQDMLAL_scalar_s32", 0xf2a10342); // vqdmlal.s32 q0, d1, d2[0]
        check("VMLS_scalar", 0xf3920442); // vmls.i16 q0, q1, d2[0]
        check("VMLS_scalar_s32", 0xf2a10462); // vmls.i32 d0, d1, d2[1]
        check("VMLS_scalar_f32", 0xf2a10542); // vmls.f32 d0, d1, d2[0]
        check("VMLSL_scalar", 0xf391064a); // vmlsl.u16 q0, d1, d2[1]
        check("VMLSL_scalar_s32", 0xf2a10662); // vmlsl.s32 q0, d1, d2[1]
        check("VQDMLSL_scalar", 0xf291074a); // vqdmlsl.s16 q0, d1, d2[1]
        check("VQDMLSL_scalar_s32", 0xf2a10762); // vqdmlsl.s32 q0, d1, d2[1]
        check("VMUL_scalar", 0xf291084a); // vmul.i16 d0, d1, d2[1]
        check("VMUL_scalar_s32", 0xf3a20862); // vmul.i32 q0, q1, d2[1]
        check("VMUL_scalar_f32", 0xf3a20962); // vmul.f32 q0, q1, d2[1]
        check("VMULL_scalar", 0xf2910a4a); // vmull.s16 q0, d1, d2[1]
        check("VMULL_scalar_s32", 0xf3a10a62); // vmull.u32 q0, d1, d2[1]
        check("VQDMULL_scalar", 0xf2910b4a); // vqdmull.s16 q0, d1, d2[1]
        check("VQDMULL_scalar_s32", 0xf2a10b62); // vqdmull.s32 q0, d1, d2[1]
        check("VQDMULH_scalar", 0xf3920c4a); // vqdmulh.s16 q0, q1, d2[1]
        check("VQDMULH_scalar_s32", 0xf2a10c62); // vqdmulh.s32 d0, d1, d2[1]
        check("VQRDMULH_scalar", 0xf2910d4a); // vqrdmulh.s16 d0, d1, d2[1]
        check("VQRDMULH_scalar_s32", 0xf3a20d62); // vqrdmulh.s32 q0, q1, d2[1]
        check("VREV", 0xf3b00042); // vrev64.8 q0, q1
        check("VPADDL", 0xf3b00201); // vpaddl.s8 d0, d1
        check("VCLS", 0xf3b40442); // vcls.s16 q0, q1
        check("VCLZ", 0xf3b80481); // vclz.i32 d0, d1
        check("VCNT", 0xf3b00542); // vcnt.8 q0, q1
        check("VMVN_reg", 0xf3b00581); // vmvn d0, d1
        check("VPADAL", 0xf3b406c2); // vpadal.u16 q0, q1
        check("VQABS", 0xf3b00701); // vqabs.s8 d0, d1
        check("VQNEG", 0xf3b807c2); // vqneg.s32 q0, q1
        check("VCGT_zero", 0xf3b10001); // vcgt.s8 d0, d1, #0
        check("VCGE_zero", 0xf3b904c2); // vcge.f32 q0, q1, #0
        check("VCEQ_zero", 0xf3b50101); // vceq.i16 d0, d1, #0
        check("VCLE_zero", 0xf3b90181); // vcle.s32 d0, d1, #0
        check("VCLT_zero", 0xf3b90601); // vclt.f32 d0, d1, #0
        check("VABS_simd", 0xf3b50342); // vabs.s16 q0, q1
        check("VNEG_simd", 0xf3b90781); // vneg.f32 d0, d1
        check("VSWP", 0xf3b20001); // vswp d0, d1
        check("VTRN", 0xf3b600c2); // vtrn.16 q0, q1
        check("VUZP", 0xf3b20101); // vuzp.8 d0, d1
        check("VZIP", 0xf3ba01c2); // vzip.32 q0, q1
        check("VMOVN", 0xf3b60202); // vmovn.i32 d0, q1
        check("VQMOVUN", 0xf3b20242); // vqmovun.s16 d0, q1
        check("VQMOVN", 0xf3ba02c2); // vqmovn.u64 d0, q1
        check("VSHLL_max", 0xf3b60301); // vshll.i16 q0, d1, #16
        check("VCVT_half_simd", 0xf3b60602); // vcvt.f16.f32 d0, q1
        check("VRECPE", 0xf3bb0542); // vrecpe.f32 q0, q1
        check("VRSQRTE", 0xf3bb0481); // vrsqrte.u32 d0, d1
        check("VCVT_fi_simd", 0xf3bb0742); // vcvt.s32.f32 q0, q1
        check("VEXT", 0xf2b20344); // vext.8 q0, q1, q2, #3
        check("VTBL_VTBX", 0xf3b10943); // vtbx.8 d0, {d1, d2}, d3
        check("VDUP_scalar", 0xf3ba0c41); // vdup.16 q0, d1[2]
        check("VRECPS_VRSQRTS", 0xf2020f54); // vrecps.f32 q0, q1, q2
        check("VST_multiple", 0xf4000a0d); // vst1.8 {d0, d1}, [r0]!
        check("VLD_multiple", 0xf4210062); // vld4.16 {d0, d1, d2, d3}, [r1:128], r2
        check("VST_lane_8", 0xf480006f); // vst1.8 {d0[3]}, [r0]
        check("VLD_lane_8", 0xf4a1013d); // vld2.8 {d0[1], d1[1]}, [r1:16]!
        check("VST_lane_16", 0xf480066f); // vst3.16 {d0[1], d2[1], d4[1]}, [r0]
        check("VLD_lane_16", 0xf4a25493); // vld1.16 {d5[2]}, [r2:16], r3
        check("VST_lane_32", 0xf4800baf); // vst4.32 {d0[1], d1[1], d2[1], d3[1]}, [r0:128]
        check("VLD_lane_32", 0xf4a008bd); // vld1.32 {d0[1]}, [r0:32]!
        check("VLD_all", 0xf4a00cad); // vld1.32 {d0[], d1[]}, [r0]!
        check("VDUP_core", 0xeee01b10); // vdup.8 q0, r1
        check("VMOV_VORR_imm", 0xf2810052); // vmov.i32 q0, #0x12
        check("VMOV_VORR_imm", 0xf2870f10); // vmov.f32 d0, #1.0
        check("VMOV_VORR_imm", 0xf3870e1f); // vmov.i8 d0, #0xff
        check("VMVN_VBIC_imm", 0xf2810032); // vmvn.i32 d0, #0x12
        check("VMVN_VBIC_imm", 0xf3822e3a); // vmov.i64 d2, #0xff00ff00ff00ff00
        check("VREV", 0xf3b00101); // vrev16.8 d0, d1
        check("VTBL_VTBX", 0xf3b10b05); // vtbl.8 d0, {d1, d2, d3, d4}, d5
        check("VRECPS_VRSQRTS", 0xf2210f12); // vrsqrts.f32 d0, d1, d2
        check("VLD_all", 0xf4a00f1f); // vld4.8 {d0[], d1[], d2[], d3[]}, [r0:32]
        check("VST_multiple", 0xf4000991); // vst2.32 {d0, d2}, [r0:64], r1
        check("VLD_multiple", 0xf421040f); // vld3.8 {d0, d1, d2}, [r1]
        check("VCVT_fixed_simd", 0xf3a00e11); // vcvt.f32.u32 d0, d1, #32
        check("VCVT_half_simd", 0xf3b60701); // vcvt.f32.f16 q0, d1
        check("VDUP_core", 0x0e802b10); // vdupeq.32 d0, r2
    }

    @Test
    void everyEntryDecodesItsOwnWords() {
        SplittableRandom r = new SplittableRandom(1);
        for (DecodeTable.Entry<A32Translator.Handler> e : T.entries()) {
            BitPattern p = e.pattern;
            for (int k = 0; k < 200; k++) {
                int w = (r.nextInt() & ~p.mask) | p.value;
                DecodeTable.Entry<A32Translator.Handler> d = T.decode(w);
                assertTrue(d == e || (d.pattern.isSubsetOf(p) && !d.pattern.sameSetAs(p)),
                        String.format("0x%08x: %s decoded as %s", w, e.name, d.name));
            }
        }
    }

    /** The carve-outs that fix cond = 1111 are exactly the A5.7 unconditional instructions (and none else). */
    @Test
    void unconditionalEntriesAreTheA57Lines() {
        Set<String> uncond = new HashSet<>();
        for (DecodeTable.Entry<A32Translator.Handler> e : T.entries()) {
            if ((e.pattern.mask >>> 28) == 0xf && (e.pattern.value >>> 28) == 0xf) {
                uncond.add(e.name);
            }
        }
        assertEquals(Set.of("BLX_imm_h0", "BLX_imm_h1", "CLREX", "DSB", "DMB", "ISB", "PLD_imm", "PLDW_imm",
                "PLI_imm", "PLD_reg", "PLDW_reg", "PLI_reg"), uncond);
    }

    static void check(String name, int... words) {
        for (int w : words) {
            DecodeTable.Entry<A32Translator.Handler> e = A32DecodeTable.decode(w);
            assertEquals(name, e == null ? null : e.name, String.format("0x%08x", w));
        }
    }

    /** One assembled word per entry (every entry of the table appears here; checked below). */
    @Test
    void assembledWordsDecodeToTheirEntries() {
        check("AND_imm", 0xe20100ff); // and r0, r1, #0xff
        check("EOR_imm", 0xe2332102); // eors r2, r3, #0x80000000
        check("SUB_imm", 0xe24dd010); // sub sp, sp, #16
        check("RSB_imm", 0x12610000); // rsbne r0, r1, #0
        check("ADD_imm", 0xe28f0008); // add r0, pc, #8
        check("ADC_imm", 0xe2a21001); // adc r1, r2, #1
        check("SBC_imm", 0xe2d21001); // sbcs r1, r2, #1
        check("RSC_imm", 0xe2e21001); // rsc r1, r2, #1
        check("TST_imm", 0xe3100001); // tst r0, #1
        check("TEQ_imm", 0xe3300001); // teq r0, #1
        check("CMP_imm", 0xe3500000); // cmp r0, #0
        check("CMN_imm", 0xe3700001); // cmn r0, #1
        check("ORR_imm", 0xe3800c01); // orr r0, r0, #0x100
        check("MOV_imm", 0xe3a00fff); // mov r0, #0x3fc
        check("BIC_imm", 0xe3c00003); // bic r0, r0, #3
        check("MVN_imm", 0xe3e00000); // mvn r0, #0
        check("AND_reg", 0xe0010182); // and r0, r1, r2, lsl #3
        check("EOR_reg", 0xe0210fe2); // eor r0, r1, r2, ror #31
        check("SUB_reg", 0xe0510042); // subs r0, r1, r2, asr #32
        check("RSB_reg", 0xe0610002); // rsb r0, r1, r2
        check("ADD_reg", 0xe0810062); // add r0, r1, r2, rrx
        check("ADC_reg", 0xe0b10002); // adcs r0, r1, r2
        check("SBC_reg", 0xe0c10002); // sbc r0, r1, r2
        check("RSC_reg", 0xe0e10002); // rsc r0, r1, r2
        check("TST_reg", 0xe1100001); // tst r0, r1
        check("TEQ_reg", 0xe13000a1); // teq r0, r1, lsr #1
        check("CMP_reg", 0xe1500001); // cmp r0, r1
        check("CMN_reg", 0xe1700001); // cmn r0, r1
        check("ORR_reg", 0xe1810002); // orr r0, r1, r2
        check("MOV_reg", 0xe1a0f00e); // mov pc, lr
        check("BIC_reg", 0xe1c10002); // bic r0, r1, r2
        check("MVN_reg", 0xe1f00001); // mvns r0, r1
        check("AND_rsr", 0xe0010312); // and r0, r1, r2, lsl r3
        check("ADD_rsr", 0xe0810372); // add r0, r1, r2, ror r3
        check("CMP_rsr", 0xe1500251); // cmp r0, r1, asr r2
        check("MOV_rsr", 0xe1b00231); // movs r0, r1, lsr r2
        check("MVN_rsr", 0xe1e00211); // mvn r0, r1, lsl r2
        check("MOVW", 0xe30a0bcd); // movw r0, #0xabcd
        check("MOVT", 0xe3410234); // movt r0, #0x1234
        check("MSR_imm", 0xe328f20f); // msr APSR_nzcvq, #0xf0000000
        check("NOP", 0xe320f000); // nop
        check("YIELD", 0xe320f001); // yield
        check("WFE", 0xe320f002); // wfe
        check("WFI", 0xe320f003); // wfi
        check("SEV", 0xe320f004); // sev
        check("DBG", 0xe320f0f5); // dbg #5
        check("MRS", 0xe10f0000); // mrs r0, apsr
        check("MSR_reg", 0xe124f001); // msr APSR_g, r1
        check("BX", 0xe12fff1e); // bx lr
        check("BXJ", 0xe12fff20); // bxj r0
        check("BLX_reg", 0xe12fff33); // blx r3
        check("CLZ", 0xe16f0f11); // clz r0, r1
        check("QADD", 0xe1020051); // qadd r0, r1, r2
        check("QSUB", 0xe1220051); // qsub r0, r1, r2
        check("QDADD", 0xe1420051); // qdadd r0, r1, r2
        check("QDSUB", 0xe1620051); // qdsub r0, r1, r2
        check("BKPT", 0xe1212374); // bkpt #0x1234
        check("SMLAxy", 0xe10032a1); // smlatb r0, r1, r2, r3
        check("SMLAWy", 0xe12032c1); // smlawt r0, r1, r2, r3
        check("SMULWy", 0xe12002a1); // smulwb r0, r1, r2
        check("SMLALxy", 0xe14103c2); // smlalbt r0, r1, r2, r3
        check("SMULxy", 0xe16002e1); // smultt r0, r1, r2
        check("MUL", 0xe0100291); // muls r0, r1, r2
        check("MLA", 0xe0203291); // mla r0, r1, r2, r3
        check("UMAAL", 0xe0410392); // umaal r0, r1, r2, r3
        check("MLS", 0xe0603291); // mls r0, r1, r2, r3
        check("UMULL", 0xe0810392); // umull r0, r1, r2, r3
        check("UMLAL", 0xe0b10392); // umlals r0, r1, r2, r3
        check("SMULL", 0xe0c10392); // smull r0, r1, r2, r3
        check("SMLAL", 0xe0e10392); // smlal r0, r1, r2, r3
        check("STREX", 0xe1820f91); // strex r0, r1, [r2]
        check("LDREX", 0xe1910f9f); // ldrex r0, [r1]
        check("STREXD", 0xe1a40f92); // strexd r0, r2, r3, [r4]
        check("LDREXD", 0xe1b42f9f); // ldrexd r2, r3, [r4]
        check("STREXB", 0xe1c20f91); // strexb r0, r1, [r2]
        check("LDREXB", 0xe1d10f9f); // ldrexb r0, [r1]
        check("STREXH", 0xe1e20f91); // strexh r0, r1, [r2]
        check("LDREXH", 0xe1f10f9f); // ldrexh r0, [r1]
        check("STRH_reg", 0xe18100b2); // strh r0, [r1, r2]
        check("LDRH_reg", 0xe13100b2); // ldrh r0, [r1, -r2]!
        check("STRH_imm", 0xe14100b2); // strh r0, [r1, #-2]
        check("LDRH_imm", 0xe0d100b2); // ldrh r0, [r1], #2
        check("LDRD_reg", 0xe18200d3); // ldrd r0, r1, [r2, r3]
        check("LDRSB_reg", 0xe19100d2); // ldrsb r0, [r1, r2]
        check("LDRD_imm", 0xe1e200d8); // ldrd r0, r1, [r2, #8]!
        check("LDRSB_imm", 0xe15f00d4); // ldrsb r0, [pc, #-4]
        check("STRD_reg", 0xe08200f3); // strd r0, r1, [r2], r3
        check("LDRSH_reg", 0xe19100f2); // ldrsh r0, [r1, r2]
        check("STRD_imm", 0xe16d00f8); // strd r0, r1, [sp, #-8]!
        check("LDRSH_imm", 0xe1d10fff); // ldrsh r0, [r1, #255]
        check("STRHT_reg", 0xe0a100b2); // strht r0, [r1], r2
        check("LDRHT_reg", 0xe03100b2); // ldrht r0, [r1], -r2
        check("STRHT_imm", 0xe0e100b2); // strht r0, [r1], #2
        check("LDRHT_imm", 0xe0f100b0); // ldrht r0, [r1]
        check("LDRSBT_reg", 0xe0b100d2); // ldrsbt r0, [r1], r2
        check("LDRSBT_imm", 0xe0f100d1); // ldrsbt r0, [r1], #1
        check("LDRSHT_reg", 0xe0b100f2); // ldrsht r0, [r1], r2
        check("LDRSHT_imm", 0xe07100f2); // ldrsht r0, [r1], #-2
        check("STR_imm", 0xe52d0004); // str r0, [sp, #-4]!
        check("LDR_imm", 0xe59f0004); // ldr r0, [pc, #4]
        check("STRB_imm", 0xe4c10001); // strb r0, [r1], #1
        check("LDRB_imm", 0xe5d10fff); // ldrb r0, [r1, #4095]
        check("STRT_imm", 0xe4a10004); // strt r0, [r1], #4
        check("LDRT_imm", 0xe4b10000); // ldrt r0, [r1]
        check("STRBT_imm", 0xe4610001); // strbt r0, [r1], #-1
        check("LDRBT_imm", 0xe4f10001); // ldrbt r0, [r1], #1
        check("STR_reg", 0xe7810102); // str r0, [r1, r2, lsl #2]
        check("LDR_reg", 0xe73101c2); // ldr r0, [r1, -r2, asr #3]!
        check("STRB_reg", 0xe6c10002); // strb r0, [r1], r2
        check("LDRB_reg", 0xe7d10002); // ldrb r0, [r1, r2]
        check("STRT_reg", 0xe6a10002); // strt r0, [r1], r2
        check("LDRT_reg", 0xe6b10082); // ldrt r0, [r1], r2, lsl #1
        check("STRBT_reg", 0xe6e10002); // strbt r0, [r1], r2
        check("LDRBT_reg", 0xe6710002); // ldrbt r0, [r1], -r2
        check("SADD16", 0xe6110f12); // sadd16 r0, r1, r2
        check("QASX", 0xe6210f32); // qasx r0, r1, r2
        check("SHSAX", 0xe6310f52); // shsax r0, r1, r2
        check("USUB16", 0xe6510f72); // usub16 r0, r1, r2
        check("UQADD8", 0xe6610f92); // uqadd8 r0, r1, r2
        check("UHSUB8", 0xe6710ff2); // uhsub8 r0, r1, r2
        check("SSUB8", 0xe6110ff2); // ssub8 r0, r1, r2
        check("PKHBT", 0xe6810412); // pkhbt r0, r1, r2, lsl #8
        check("PKHTB", 0xe6810852); // pkhtb r0, r1, r2, asr #16
        check("SXTAB16", 0xe6810472); // sxtab16 r0, r1, r2, ror #8
        check("SXTB16", 0xe68f0071); // sxtb16 r0, r1
        check("SEL", 0xe6810fb2); // sel r0, r1, r2
        check("SSAT", 0xe6a701d1); // ssat r0, #8, r1, asr #3
        check("SSAT16", 0xe6a70f31); // ssat16 r0, #8, r1
        check("SXTAB", 0xe6a10072); // sxtab r0, r1, r2
        check("SXTB", 0xe6af0871); // sxtb r0, r1, ror #16
        check("REV", 0xe6bf0f31); // rev r0, r1
        check("SXTAH", 0xe6b10072); // sxtah r0, r1, r2
        check("SXTH", 0xe6bf0071); // sxth r0, r1
        check("REV16", 0xe6bf0fb1); // rev16 r0, r1
        check("UXTAB16", 0xe6c10072); // uxtab16 r0, r1, r2
        check("UXTB16", 0xe6cf0071); // uxtb16 r0, r1
        check("USAT", 0xe6ff0211); // usat r0, #31, r1, lsl #4
        check("USAT16", 0xe6ef0f31); // usat16 r0, #15, r1
        check("UXTAB", 0xe6e10c72); // uxtab r0, r1, r2, ror #24
        check("UXTB", 0xe6ef0071); // uxtb r0, r1
        check("RBIT", 0xe6ff0f31); // rbit r0, r1
        check("UXTAH", 0xe6f10072); // uxtah r0, r1, r2
        check("UXTH", 0xe6ff0071); // uxth r0, r1
        check("REVSH", 0xe6ff0fb1); // revsh r0, r1
        check("SMLAD", 0xe7003231); // smladx r0, r1, r2, r3
        check("SMUAD", 0xe700f211); // smuad r0, r1, r2
        check("SMLSD", 0xe7003251); // smlsd r0, r1, r2, r3
        check("SMUSD", 0xe700f271); // smusdx r0, r1, r2
        check("SDIV", 0xe710f211); // sdiv r0, r1, r2
        check("UDIV", 0xe730f211); // udiv r0, r1, r2
        check("SMLALD", 0xe7410312); // smlald r0, r1, r2, r3
        check("SMLSLD", 0xe7410372); // smlsldx r0, r1, r2, r3
        check("SMMLA", 0xe7503231); // smmlar r0, r1, r2, r3
        check("SMMUL", 0xe750f211); // smmul r0, r1, r2
        check("SMMLS", 0xe75032d1); // smmls r0, r1, r2, r3
        check("USAD8", 0xe780f211); // usad8 r0, r1, r2
        check("USADA8", 0xe7803211); // usada8 r0, r1, r2, r3
        check("SBFX", 0xe7a401d1); // sbfx r0, r1, #3, #5
        check("BFI", 0xe7cf0411); // bfi r0, r1, #8, #8
        check("BFC", 0xe7df001f); // bfc r0, #0, #32
        check("UBFX", 0xe7e00fd1); // ubfx r0, r1, #31, #1
        check("UDF", 0xe7fffff0); // udf #0xfff0
        check("STMDA", 0xe8200006); // stmda r0!, {r1, r2}
        check("LDMDA", 0xe8100006); // ldmda r0, {r1, r2}
        check("STM", 0xe8a01ffe); // stm r0!, {r1-r12}
        check("LDM", 0xe8bd8010); // pop {r4, pc}
        check("STMDB", 0xe92d4010); // push {r4, lr}
        check("LDMDB", 0xe9100002); // ldmdb r0, {r1}
        check("STMIB", 0xe9800002); // stmib r0, {r1}
        check("LDMIB", 0xe9b00006); // ldmib r0!, {r1, r2}
        check("B", 0xea000000); // b .+8 (llvm-mc leaves label fixups open: hand-encoded)
        check("BL", 0xebfffffc); // bl .-8
        check("SVC", 0xef000000); // svc #0
        check("BLX_imm_h0", 0xfa000000); // blx .+8
        check("BLX_imm_h1", 0xfb000000); // blx .+10
        check("CLREX", 0xf57ff01f); // clrex
        check("DSB", 0xf57ff04b); // dsb ish
        check("DMB", 0xf57ff05f); // dmb sy
        check("ISB", 0xf57ff06f); // isb
        check("PLD_imm", 0xf550f004); // pld [r0, #-4]
        check("PLDW_imm", 0xf590f004); // pldw [r0, #4]
        check("PLI_imm", 0xf4d0f004); // pli [r0, #4]
        check("PLD_reg", 0xf7d0f101); // pld [r0, r1, lsl #2]
        check("PLDW_reg", 0xf710f001); // pldw [r0, -r1]
        check("PLI_reg", 0xf6d0f001); // pli [r0, r1]
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
        check("VMRS_sys", 0xeef70a10); // vmrs r0, mvfr0
        check("VMSR_sys", 0xeee80a10); // vmsr fpexc, r0
        // B9 system level (arm-linux-gnueabihf-as -march=armv7ve)
        check("MRS_spsr", 0xe14f0000); // mrs r0, spsr
        check("MRS_banked", 0xe1031300, 0xe1402300); // mrs r1, sp_svc; mrs r2, spsr_irq
        check("MSR_reg_sys", 0xe121f000, 0xe16ff001); // msr cpsr_c, r0; msr spsr_fsxc, r1
        check("MSR_banked", 0xe123f303); // msr sp_svc, r3
        check("MSR_imm_sys", 0xe321f0d3); // msr cpsr_c, #0xd3
        check("HVC", 0xe1400070); // hvc #0
        check("SMC", 0xe1600070); // smc #0
        check("LDM_eret", 0xe8fd800f); // ldm sp!, {r0-r3, pc}^
        check("LDM_user", 0xe8dd7fff); // ldm sp, {r0-lr}^
        check("STM_user", 0xe94d7fff); // stmdb sp, {r0-lr}^
        check("MCR", 0xee010f10); // mcr p15, 0, r0, c1, c0, 0
        check("MRC", 0xee100f10); // mrc p15, 0, r0, c0, c0, 0
        check("MCRR", 0xec410f02); // mcrr p15, 0, r0, r1, c2
        check("MRRC", 0xec510f1e); // mrrc p15, 1, r0, r1, c14
        check("CPS", 0xf10c0080); // cpsid i
        check("SETEND", 0xf1010200); // setend be
        check("SRS", 0xf96d0513); // srsdb sp!, #0x13
        check("RFE", 0xf8bd0a00); // rfeia sp!
        check("SUB_imm", 0xe25ef004); // subs pc, lr, #4 (exception return in the handler)
        check("MOV_reg", 0xe1b0f00e); // movs pc, lr
        check("VMOV_to_scalar", 0xee212bf0); // vmov.16 d17[3], r2
        check("VMOV_from_scalar", 0xee702b30); // vmov.s8 r2, d0[5]
        check("VMOV_2core_2s", 0xec410a31); // vmov s3, s4, r0, r1
        check("VMOV_2core_d", 0xec510b31); // vmov r0, r1, d17
        // ARMv8 AArch32 crypto and CRC32 (-march=armv8-a+crc -mfpu=crypto-neon-fp-armv8)
        check("AES", 0xf3b00302, 0xf3b043c6); // aese.8 q0, q1; aesimc.8 q2, q3
        check("SHA1H", 0xf3b902c2); // sha1h.32 q0, q1
        check("SHA1SU1_SHA256SU0", 0xf3ba0382, 0xf3ba43c6); // sha1su1.32 q0, q1; sha256su0.32 q2, q3
        check("SHA_3reg", 0xf2020c44, 0xf3120c44); // sha1c.32 q0, q1, q2; sha256h2.32 q0, q1, q2
        check("VMULL_p64", 0xf2a10e02); // vmull.p64 q0, d1, d2
        check("CRC32", 0xe1010042, 0xe1443245); // crc32b r0, r1, r2; crc32cw r3, r4, r5
        // ARMv8 AArch32 FP additions (-march=armv8-a -mfpu=neon-fp-armv8)
        check("VSEL", 0xfe000a81, 0xfe310b02); // vseleq.f32 s0, s1, s2; vselgt.f64 d0, d1, d2
        check("VMAXNM_VMINNM_vfp", 0xfe800a81, 0xfe810b42); // vmaxnm.f32 s0, s1, s2; vminnm.f64 d0, d1, d2
        check("VRINT_arm_vfp", 0xfeb80a60, 0xfebb0b41); // vrinta.f32 s0, s1; vrintm.f64 d0, d1
        check("VCVT_arm_vfp", 0xfebc0ae0, 0xfebf0b41); // vcvta.s32.f32 s0, s1; vcvtm.u32.f64 s0, d1
        check("VRINTR_VRINTZ", 0xeeb60a60, 0xeeb60bc1); // vrintr.f32 s0, s1; vrintz.f64 d0, d1
        check("VRINTX_vfp", 0xeeb70a60); // vrintx.f32 s0, s1
        check("VMAXNM_VMINNM_simd", 0xf3020f54, 0xf3210f12); // vmaxnm.f32 q0, q1, q2; vminnm.f32 d0, d1, d2
        check("VRINT_simd_0", 0xf3ba0442, 0xf3ba0481, 0xf3ba0542, 0xf3ba05c2); // vrint{n,x,a,z}.f32
        check("VRINT_simd_1", 0xf3ba06c2, 0xf3ba0781); // vrintm.f32 q0, q1; vrintp.f32 d0, d1
        check("VCVT_arm_simd", 0xf3bb0042, 0xf3bb0181, 0xf3bb0242, 0xf3bb03c2); // vcvt{a,n,p,m}
    }

    /** Entries with an assembled example above, plus the DP lines only some of which have one. */
    static final List<String> EXAMPLES = List.of("AND_imm", "EOR_imm", "SUB_imm", "RSB_imm", "ADD_imm", "ADC_imm", "SBC_imm", "RSC_imm", "TST_imm", "TEQ_imm", "CMP_imm", "CMN_imm", "ORR_imm", "MOV_imm", "BIC_imm", "MVN_imm", "AND_reg", "EOR_reg", "SUB_reg", "RSB_reg", "ADD_reg", "ADC_reg", "SBC_reg", "RSC_reg", "TST_reg", "TEQ_reg", "CMP_reg", "CMN_reg", "ORR_reg", "MOV_reg", "BIC_reg", "MVN_reg", "AND_rsr", "ADD_rsr", "CMP_rsr", "MOV_rsr", "MVN_rsr", "MOVW", "MOVT", "MSR_imm", "NOP", "YIELD", "WFE", "WFI", "SEV", "DBG", "MRS", "MSR_reg", "BX", "BXJ", "BLX_reg", "CLZ", "QADD", "QSUB", "QDADD", "QDSUB", "BKPT", "SMLAxy", "SMLAWy", "SMULWy", "SMLALxy", "SMULxy", "MUL", "MLA", "UMAAL", "MLS", "UMULL", "UMLAL", "SMULL", "SMLAL", "STREX", "LDREX", "STREXD", "LDREXD", "STREXB", "LDREXB", "STREXH", "LDREXH", "STRH_reg", "LDRH_reg", "STRH_imm", "LDRH_imm", "LDRD_reg", "LDRSB_reg", "LDRD_imm", "LDRSB_imm", "STRD_reg", "LDRSH_reg", "STRD_imm", "LDRSH_imm", "STRHT_reg", "LDRHT_reg", "STRHT_imm", "LDRHT_imm", "LDRSBT_reg", "LDRSBT_imm", "LDRSHT_reg", "LDRSHT_imm", "STR_imm", "LDR_imm", "STRB_imm", "LDRB_imm", "STRT_imm", "LDRT_imm", "STRBT_imm", "LDRBT_imm", "STR_reg", "LDR_reg", "STRB_reg", "LDRB_reg", "STRT_reg", "LDRT_reg", "STRBT_reg", "LDRBT_reg", "SADD16", "QASX", "SHSAX", "USUB16", "UQADD8", "UHSUB8", "SSUB8", "PKHBT", "PKHTB", "SXTAB16", "SXTB16", "SEL", "SSAT", "SSAT16", "SXTAB", "SXTB", "REV", "SXTAH", "SXTH", "REV16", "UXTAB16", "UXTB16", "USAT", "USAT16", "UXTAB", "UXTB", "RBIT", "UXTAH", "UXTH", "REVSH", "SMLAD", "SMUAD", "SMLSD", "SMUSD", "SDIV", "UDIV", "SMLALD", "SMLSLD", "SMMLA", "SMMUL", "SMMLS", "USAD8", "USADA8", "SBFX", "BFI", "BFC", "UBFX", "UDF", "STMDA", "LDMDA", "STM", "LDM", "STMDB", "LDMDB", "STMIB", "LDMIB", "B", "BL", "SVC", "BLX_imm_h0", "BLX_imm_h1", "CLREX", "DSB", "DMB", "ISB", "PLD_imm", "PLDW_imm", "PLI_imm", "PLD_reg", "PLDW_reg", "PLI_reg", "VMLA_VMLS", "VNMLA_VNMLS", "VMUL_VNMUL", "VADD_VSUB", "VDIV", "VFNMA_VFNMS", "VFMA_VFMS", "VMOV_imm_vfp", "VMOV_reg_vfp", "VABS_vfp", "VNEG_vfp", "VSQRT", "VCVTB_VCVTT", "VCMP", "VCMP_zero", "VCVT_ds", "VCVT_from_int", "VCVT_to_int", "VCVT_fixed", "VSTR", "VLDR", "VSTMIA", "VLDMIA", "VSTMDB", "VLDMDB", "VMOV_core_s", "VMSR", "VMRS", "VMRS_nzcv", "VMRS_sys", "VMSR_sys", "MRS_spsr", "MRS_banked", "MSR_reg_sys", "MSR_banked", "MSR_imm_sys", "HVC", "SMC", "LDM_eret", "LDM_user", "STM_user", "MCR", "MRC", "MCRR", "MRRC", "VMOV_to_scalar", "VMOV_from_scalar", "VMOV_2core_2s", "VMOV_2core_d", "VDUP_core", "CRC32", "VRINTR_VRINTZ", "VRINTX_vfp");

    @Test
    void mostEntriesHaveAnAssembledExample() {
        Set<String> named = new HashSet<>(EXAMPLES);
        int missing = 0;
        for (DecodeTable.Entry<A32Translator.Handler> e : T.entries()) {
            if (!named.contains(e.name)) {
                missing++;
                // only register-shifted data-processing lines and some parallel add/sub lines share an
                // example with their siblings (same handler, opcode bits only)
                assertTrue(e.name.endsWith("_rsr") || e.name.matches("[SUQH]+(ADD16|SUB16|ASX|SAX|ADD8|SUB8)"), e.name);
            }
        }
        assertTrue(missing < 45, missing + " entries without an example");
    }

    @Test
    void unallocatedAndSystemLevelAreUndefined() {
        assertNull(A32DecodeTable.decode(0xee100710)); // mrc p7 (coprocessors other than 10, 11, 14, 15)
        assertNull(A32DecodeTable.decode(0xfe100f10)); // mrc2 p15 (cond = 1111)
        assertNull(A32DecodeTable.decode(0xe1010092)); // swp r0, r2, [r1] (not implemented)
        assertNull(A32DecodeTable.decode(0xe1600060)); // eret (no Virtualization Extensions)
        assertNull(A32DecodeTable.decode(0xe1a1000f)); // mov r0, pc with Rn = 1 (SBZ bits set)
        assertNull(A32DecodeTable.decode(0xf0810002)); // cond = 1111 on ADD (reg): unconditional space
        assertEquals("BLX_imm_h0", A32DecodeTable.decode(0xfa000000).name);
        assertEquals("B", A32DecodeTable.decode(0xea000000).name);
    }
}
