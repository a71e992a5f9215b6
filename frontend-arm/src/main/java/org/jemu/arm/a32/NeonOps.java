package org.jemu.arm.a32;

import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.arm.fp.ArmFp;
import org.jemu.arm.fp.FpFlags;

/**
 * Run-time helpers of the AArch32 Advanced SIMD instructions that the shared A64 lane helpers
 * ({@link org.jemu.arm.a64.VecOps}, {@link org.jemu.arm.a64.FpOps}) do not cover: scalar duplication, table
 * lookup, the ARMv7 reciprocal steps and the half-precision conversions. Every method works on 64-bit
 * halves (one D register, lane 0 in the low bits); the FP ones OR the exceptions they raise into FPSCR's
 * cumulative bits ({@code cpu.regs[FPSR]}, as {@link org.jemu.arm.a64.FpOps} does).
 */
public final class NeonOps {
    private NeonOps() {
    }

    private static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    private static void raise(Aarch64Cpu cpu, FpFlags f) {
        if (f.bits != 0) {
            cpu.regs[Aarch64Cpu.FPSR] |= f.bits;
            f.bits = 0;
        }
    }

    /**
     * Element {@code index} of the {@code 8 << log2esize}-bit elements of {@code d}, replicated to every
     * lane of a 64-bit half (the scalar operand of A7.4.3 and VDUP (scalar), DDI 0406C A8.8.318).
     */
    public static long dup(Aarch64Cpu cpu, long d, int log2esize, int index) {
        int bits = 8 << log2esize;
        long e = (d >>> (index * bits)) & mask(bits);
        long r = 0;
        for (int i = 0; i < 64; i += bits) {
            r |= e << i;
        }
        return r;
    }

    /**
     * VTBL/VTBX (DDI 0406C A8.8.416): the eight byte indices of {@code idx} look up the table of
     * {@code len + 1} D registers {@code t0..t3} (byte 0 is byte 0 of t0); an index at or beyond
     * {@code 8 * (len + 1)} gives 0 (VTBL) or the byte of {@code dflt} (VTBX: pass Dd; VTBL: pass 0).
     */
    public static long tbl(Aarch64Cpu cpu, long idx, long dflt, long t0, long t1, long t2, long t3, int len) {
        long[] t = {t0, t1, t2, t3};
        int limit = 8 * (len + 1);
        long r = 0;
        for (int i = 0; i < 8; i++) {
            int index = (int) ((idx >>> (8 * i)) & 0xff);
            long v = index < limit ? (t[index >>> 3] >>> (8 * (index & 7))) & 0xff : (dflt >>> (8 * i)) & 0xff;
            r |= v << (8 * i);
        }
        return r;
    }

    /**
     * VRECPS ({@code rsqrt} = 0) and VRSQRTS (1) on both single-precision lanes of a half, ARMv7's unfused
     * step ({@link ArmFp#recipStepV7}) under {@code fpcr} (the Standard FPSCR value).
     */
    public static long step(Aarch64Cpu cpu, long a, long b, int rsqrt, int fpcr) {
        long m = 0xffff_ffffL;
        FpFlags f = cpu.fpFlags;
        long lo = ArmFp.recipStepV7(32, a & m, b & m, rsqrt != 0, fpcr, f) & m;
        long hi = ArmFp.recipStepV7(32, a >>> 32, b >>> 32, rsqrt != 0, fpcr, f) & m;
        raise(cpu, f);
        return lo | hi << 32;
    }

    /**
     * VCVT.F16.F32 (DDI 0406C A8.8.309): the four singles of {@code lo} (elements 0, 1) and {@code hi}
     * (elements 2, 3) converted to half precision, packed into one D register, under {@code fpcr} (the
     * Standard FPSCR value with FPSCR.AHP).
     */
    public static long toHalf(Aarch64Cpu cpu, long lo, long hi, int fpcr) {
        FpFlags f = cpu.fpFlags;
        long r = 0;
        long[] src = {lo & 0xffff_ffffL, lo >>> 32, hi & 0xffff_ffffL, hi >>> 32};
        for (int i = 0; i < 4; i++) {
            r |= (ArmFp.convert(16, 32, src[i], fpcr, ArmFp.rounding(fpcr), f) & 0xffff) << (16 * i);
        }
        raise(cpu, f);
        return r;
    }

    /**
     * VCVT.F32.F16 (DDI 0406C A8.8.309): half-precision elements 2 * {@code upper} and 2 * {@code upper} + 1
     * of {@code d} converted to single precision (one half of the Q result).
     */
    public static long fromHalf(Aarch64Cpu cpu, long d, int upper, int fpcr) {
        FpFlags f = cpu.fpFlags;
        long h0 = (d >>> (32 * upper)) & 0xffff;
        long h1 = (d >>> (32 * upper + 16)) & 0xffff;
        long r = (ArmFp.convert(32, 16, h0, fpcr, ArmFp.rounding(fpcr), f) & 0xffff_ffffL)
                | (ArmFp.convert(32, 16, h1, fpcr, ArmFp.rounding(fpcr), f) & 0xffff_ffffL) << 32;
        raise(cpu, f);
        return r;
    }

    /**
     * Memory word {@code word} (64 bits, little-endian) of one set of a VST2/VST3/VST4 (multiple
     * structures): memory element {@code k} is element {@code k / selem} of register {@code k % selem} of
     * {@code r0..r3}. {@code ctl} = {@code log2esize << 8 | selem} (the layout {@link
     * org.jemu.arm.a64.VecOps#deinterleave} undoes).
     */
    public static long interleave(Aarch64Cpu cpu, long r0, long r1, long r2, long r3, int ctl, int word) {
        long[] r = {r0, r1, r2, r3};
        int selem = ctl & 15;
        int bits = 8 << (ctl >>> 8);
        long m = mask(bits);
        int per = 64 / bits;
        long out = 0;
        for (int i = 0; i < per; i++) {
            int k = word * per + i;
            out |= ((r[k % selem] >>> ((k / selem) * bits)) & m) << (i * bits);
        }
        return out;
    }

    /**
     * The alignment check of an Advanced SIMD element or structure access (DDI 0406C A3.2.1, the
     * {@code @align} qualifier): an Alignment fault (a data abort, WnR from {@code store}) unless
     * {@code addr} is a multiple of {@code bytes}.
     */
    public static void align(Aarch64Cpu cpu, long addr, int bytes, int mmuIdx, int store) {
        if ((addr & (bytes - 1)) != 0) {
            throw cpu.alignmentFault(addr, store != 0 ? org.jemu.translator.exec.GuestCpu.ACCESS_WRITE
                    : org.jemu.translator.exec.GuestCpu.ACCESS_READ, mmuIdx);
        }
    }
}
