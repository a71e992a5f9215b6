package org.jemu.arm.a64;

import org.jemu.arm.cpu.Aarch64Cpu;

/**
 * Handlers for the rest of the SIMD&FP encoding space (Arm ARM C4.1.6 "Data Processing -- Scalar
 * Floating-Point and Advanced SIMD" and the SIMD&FP register loads and stores of C4.1.4) that
 * {@link A64SimdFpTable} does not list: encodings unallocated in ARMv8.0 as Cortex-A57 implements it
 * (half-precision arithmetic, ARMv8.1+ additions, the V = 1 unprivileged loads and stores). Such an
 * instruction takes the SIMD&FP access trap when CPACR_EL1.FPEN traps at the current exception level
 * (EC 0x07), and is UNDEFINED otherwise.
 */
public final class FpSimd {
    private FpSimd() {
    }

    private static boolean trapOrUndefined(A64Translator t) {
        if (!Aarch64Cpu.flagsFpEnabled(t.flags)) {
            t.fpTrap();
        } else {
            t.undefined();
        }
        return true;
    }

    /** Any data-processing SIMD&FP instruction (op0 = x111). */
    public static boolean SIMD_FP(A64Translator t) {
        return trapOrUndefined(t);
    }

    /** Any load or store of SIMD&FP registers (V = 1): LDR/STR (SIMD&FP), LDP/STP (SIMD&FP), LD1..ST4. */
    public static boolean SIMD_FP_ldst(A64Translator t) {
        return trapOrUndefined(t);
    }
}
