/**
 * Bit-exact Arm floating point: the FP operations of the Arm ARM pseudocode library (DDI 0487, J1.3.3
 * shared/functions/float/...) on raw IEEE bit patterns, with FPCR (AHP, DN, FZ, RMode) semantics and the FPSR
 * cumulative exception flags, for the AArch64 (and later AArch32 VFP/NEON) helpers.
 *
 * <ul>
 *   <li>{@link org.jemu.arm.fp.ArmFp}: the operations, static and allocation-free.</li>
 *   <li>{@link org.jemu.arm.fp.FpFlags}: the flag accumulator (FPSR layout).</li>
 *   <li>{@code FpCore} (package-private): FPUnpack, FPProcessNaN(s), FPRound on exact integers.</li>
 * </ul>
 *
 * <p>Checked instruction by instruction against Unicorn 2 (QEMU 5.0 softfloat) in
 * {@code ArmFpDifferentialTest}.
 */
package org.jemu.arm.fp;
