/**
 * The x87 FPU (SDM Vol. 1 chapters 4.8-4.9 and 8, Vol. 2 instruction pages, Vol. 3A 2.5 for CR0.EM/MP/TS/NE).
 *
 * <ul>
 *   <li>{@link org.jemu.x86.x87.Fx80}: the 80-bit double extended-precision value and its encodings (Table 8-3);
 *       {@link org.jemu.x86.x87.Fx80Math}: exact soft-float arithmetic (BigInteger, one rounding) with precision
 *       and rounding control, the six exceptions with their masked and unmasked responses, conversions to and
 *       from int16/32/64 and float32/64, compare, FXAM, FPREM/FPREM1, FSCALE, FXTRACT, FRNDINT;
 *       {@link org.jemu.x86.x87.X87Bcd}: FBLD/FBSTP; {@link org.jemu.x86.x87.X87Trans}: constants and the
 *       transcendental instructions, correctly rounded from 90-digit BigDecimal evaluation, with the hardware's
 *       66-bit pi for FSIN/FCOS/FSINCOS/FPTAN reduction and C2 for |x| &gt;= 2^63;
 *       {@link org.jemu.x86.x87.X87Env}: control word in, exception flags and the round-up bit out.</li>
 *   <li>{@link org.jemu.x86.x87.X87}: the instructions, as one helper the translator calls per escape opcode
 *       (the state lives in {@link org.jemu.x86.cpu.X86Cpu} slots FPR_M/FPR_SE/FPU_*): the register stack and
 *       tags, stack faults, FIP/FCS/FOP/FDP/FDS, FSTENV/FLDENV/FSAVE/FRSTOR in 16/32-bit real and protected
 *       layouts, FXSAVE/FXRSTOR, #NM, and #MF (CR0.NE = 1) or the FERR# output ({@link
 *       org.jemu.x86.cpu.X86Cpu#ferr}, CR0.NE = 0) for pending unmasked exceptions at waiting instructions.</li>
 * </ul>
 *
 * <h2>Choices where the SDM leaves room</h2>
 * <ul>
 *   <li>Tininess is detected after rounding (4.9.1.5's wording); a precision-controlled denormal result is rounded
 *       at the same significand bit as a normal one.</li>
 *   <li>FPREM/FPREM1 with an exponent difference of 64 or more reduce by N = 32 + (D mod 32) bits (the SDM: "an
 *       implementation-dependent number between 32 and 63").</li>
 *   <li>FERR# is asserted when a waiting instruction finds FSW.ES set with CR0.NE = 0 (the P6 behaviour of
 *       deferring the report to the next waiting instruction), and the instruction then executes instead of
 *       freezing until IRQ13 is serviced; it is deasserted when ES is cleared.</li>
 *   <li>FIP/FCS hold the offset and selector in every mode; the real-mode layouts store CS * 16 + FIP (and
 *       DS * 16 + FDP) as the 20/32-bit linear pointer, and FLDENV/FRSTOR in real mode load it back with selector 0.</li>
 *   <li>FSINCOS/FPTAN of a NaN push the NaN twice; FXSAVE writes MXCSR = 1F80h and leaves the XMM area alone (no
 *       SSE is modelled).</li>
 * </ul>
 *
 * <p>Not done yet: the x87 state in the general fuzzer's {@code X86FuzzState}, and FDP/FDS of register-only
 * instructions (left unchanged; the SDM leaves them undefined on the P6).
 */
package org.jemu.x86.x87;
