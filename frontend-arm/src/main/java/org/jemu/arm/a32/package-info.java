/**
 * The AArch32 frontend: A32 and T32 (Thumb-2) decoding and translation to IR for ARMv7-A user-level code
 * (DDI 0406C part A; DDI 0487 part F), running on the same {@link org.jemu.arm.cpu.Aarch64Cpu} as A64 code.
 *
 * <h2>State mapping (the design choice)</h2>
 * There is no second CPU class: AArch32 state lives in the {@code Aarch64Cpu} register slots, laid out as
 * the architecture maps AArch32 registers onto AArch64 ones (DDI 0487 D1.20.1 "The AArch32 register
 * mapping to AArch64", table "Mapping of AArch32 registers to AArch64"). That makes AArch32 EL0 under an
 * AArch64 kernel (Linux compat tasks) a matter of switching instruction sets: an exception from AArch32
 * EL0 finds R0..R14 exactly where an AArch64 EL1 handler reads them (X0..X14), and the kernel's saved
 * SPSR is the CPSR.
 * <ul>
 *   <li>R0..R12 are X0..X12, and the User-mode SP and LR (R13_usr, R14_usr) are X13 and X14. Writes
 *       zero-extend into the 64-bit slot (the upper halves are UNKNOWN to AArch64 after AArch32 execution;
 *       zero is a permitted value). The other modes' banked registers will map as D1.20.1 says (R13_svc =
 *       X19, R14_svc = X18, R8_fiq..R14_fiq = X24..X30, ...), swapped in and out when the mode changes,
 *       in the later system-level phase.</li>
 *   <li>R15 is the PC slot (the address of the current instruction; reads of R15 by an A32 instruction see
 *       that address + 8).</li>
 *   <li>CPSR.N, Z, C, V are the same {@code NF/ZF/CF/VF} 0/1 slots A64 uses for PSTATE.NZCV, so condition
 *       evaluation and the optimizer's flag elimination are shared; CPSR.Q and CPSR.GE[3:0] have slots
 *       {@code QF} (0/1) and {@code GE} (0..15); the execution-state bits T and ITSTATE have slots
 *       {@code TF} and {@code IT} (IR code writes T on interworking branches); CPSR.A, I, F are PSTATE.DAIF;
 *       PSTATE.nRW is the {@code aarch32} field. {@code Aarch64Cpu.pstate()} assembles the CPSR-format
 *       SPSR from these on exception entry.</li>
 *   <li>The S/D/Q registers of VFP and Advanced SIMD are packed into V0..V15 (D1.20.1): Q(n) is V(n);
 *       D(2n) is bits [63:0] and D(2n+1) bits [127:64] of V(n), so D(n) is slot {@code V0 + n}; S(4n) ..
 *       S(4n+3) are the four words of V(n), lowest first. V16..V31 are not visible to AArch32.</li>
 *   <li>FPSCR has no slot: it is the union of FPCR (AHP, DN, FZ, RMode, Stride, Len) and FPSR (N Z C V of
 *       FP comparisons, QC, cumulative flags), as DDI 0487 G8.2 maps it, so AArch64 and AArch32 views agree
 *       ({@link org.jemu.arm.a32.VfpOps}). The VFP instructions are in {@link org.jemu.arm.a32.Vfp}.</li>
 *   <li>The exclusive monitor slots are the AArch64 ones, so LDREX/STREX and LDXR/STXR share one monitor.</li>
 * </ul>
 * The translation flags ({@code Aarch64Cpu.tbFlags()}) carry an AArch32 bit and the T bit, so A32, T32
 * and A64 blocks at one address are distinct code-cache entries.
 *
 * <h2>Exceptions</h2>
 * SVC, BKPT, UDF (and every UNDEFINED encoding), data aborts and alignment faults of AArch32 EL0 code are
 * taken to AArch64 EL1 through {@code Aarch64Cpu}'s exception entry, which uses the "lower EL using
 * AArch32" vector (VBAR_EL1 + 0x600) and the AArch32 syndromes (ESR_EL1.EC 0x11 for SVC with imm16, 0x38
 * for BKPT, 0 for UNDEFINED, 0x24 for data aborts; DDI 0487 D13.2.37). That is the hook through which
 * these exceptions are reported: a kernel (or a test harness) sees them at VBAR_EL1 + 0x600 with ELR_EL1,
 * ESR_EL1 and FAR_EL1 set.
 *
 * <h2>The ARMv7 system level</h2>
 * On an AArch32-only PE ({@code cortex-a15}, {@code Aarch64Cpu.aarch32El1}) the same code runs at PL1 too:
 * the block's CPSR mode bank is part of its translation flags, and {@link org.jemu.arm.a32.A32Translator}
 * maps R8..R14 to the bank's slots ({@link org.jemu.arm.cpu.A32System#slot}, D1.20.1: R13_svc = X19,
 * R14_svc = X18, R8_fiq..R14_fiq = X24..X30, ...), so a mode change copies nothing. Exceptions raised by
 * the helpers are delivered as AArch32 exceptions ({@link org.jemu.arm.cpu.A32System}); the system
 * instructions are in {@link org.jemu.arm.a32.SystemInsns}, CP15 in {@link org.jemu.arm.cpu.Cp15}.
 *
 * <h2>T32</h2>
 * {@link org.jemu.arm.a32.T32Translator} drives {@link org.jemu.arm.a32.A32Translator} in its T32 mode over
 * {@link org.jemu.arm.a32.T32DecodeTable}; the 32-bit T32 encodings reuse the A32 operations (the shared
 * cores of {@code DataProcessing}, {@code Media}, {@code Multiply}, {@code LoadStore}, {@code BranchMisc}),
 * with the T32 register rules in {@link org.jemu.arm.a32.Thumb32} and the 16-bit forms in
 * {@link org.jemu.arm.a32.Thumb16}. ITSTATE is part of the block key (tbFlags bits [24:17]), so IT blocks are
 * translated statically; see {@code T32Translator} for how IT state survives block ends and exceptions.
 * Interworking (BX, BLX, LDR/LDM/POP of the PC) writes the {@code TF} slot and exits to the loop, which
 * picks the translator for the new state.
 *
 * <h2>Conditional execution</h2>
 * See {@link org.jemu.arm.a32.A32Translator}: conditions are evaluated to a 0/1 value; register and flag
 * writes select, memory accesses and exceptions of conditional instructions go through predicated helpers.
 */
package org.jemu.arm.a32;
