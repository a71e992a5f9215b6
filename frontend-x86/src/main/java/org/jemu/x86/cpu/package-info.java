/**
 * The IA-32 CPU state and its runtime helpers.
 *
 * <ul>
 *   <li>{@link org.jemu.x86.cpu.X86Cpu}: registers, lazy-flag slots, segment descriptor caches, CR0..CR4,
 *       GDTR/IDTR, the block key (tbFlags: PE, VM, CPL, CS.D, SS.B, TF, PG, the non-flat segments and CS.base),
 *       RESET state (SDM Vol. 3A 9.1.1), real-mode interrupt delivery through the IVT (Vol. 3A 20.1.4), and
 *       the exception hook through which protected-mode delivery is reported until the IDT phase.</li>
 *   <li>{@link org.jemu.x86.cpu.X86Flags}: CC_OP codes and the materialisation of CF PF AF ZF SF OF.</li>
 *   <li>{@link org.jemu.x86.cpu.X86Helpers}: Java helpers called from IR (division, BCD, rotates, string
 *       instructions, segment checks and loads, POPF/CLI/STI rules, I/O, CPUID, RDTSC, HLT, control
 *       registers).</li>
 *   <li>{@link org.jemu.x86.cpu.X86Fault}: the exception thrown mid-block; {@link org.jemu.x86.cpu.PortIo}: the
 *       I/O port space the board implements; {@link org.jemu.x86.cpu.X86CpuModel}: CPUID values.</li>
 * </ul>
 *
 * <h2>Design choices</h2>
 * <ul>
 *   <li>The PC slot holds the linear address (CS.base + EIP), as QEMU's TB pc does, so the execution loop,
 *       soft-MMU and code cache need nothing x86-specific; CS.base is in the block key.</li>
 *   <li>Lazy flags keep both operands (CC_SRC1, CC_SRC2) and the result (CC_DST): ADC/SBB recover their
 *       carry-in from them, INC/DEC carry the old CF in CC_SRC2, shifts keep the operand shifted by count - 1.
 *       The translator knows the pending operation within a block and evaluates Jcc/SETcc/CMOVcc conditions
 *       of CMP/SUB/TEST/logic/ADD results as plain compares; otherwise {@code computeFlags} (a pure helper,
 *       removed when unused) materialises EFLAGS.</li>
 *   <li>Flags the SDM leaves undefined get the Pentium Pro's (and QEMU's) values where those are known: AF = 0
 *       after logic operations and shifts, SF ZF PF from the low result after multiplies, OF as for a 1-bit
 *       shift; DIV/IDIV and BT* leave them unchanged.</li>
 *   <li>Segment limit and type checks are made on every access through a non-flat segment (real mode,
 *       virtual-8086 mode, protected-mode segments with a base or limit), by a helper; flat protected-mode
 *       segments cost nothing. CS limit checks on jumps and instruction fetch are a later phase, as are
 *       paging (translate() is the identity), the IDT, task switches, call gates, the I/O permission bitmap,
 *       debug registers, MSRs, the x87 and interrupt shadows for external interrupts (MOV SS / POP SS do
 *       inhibit the single-step trap).</li>
 *   <li>RDTSC counts retired instructions (deterministic), plus {@link org.jemu.x86.cpu.X86Cpu#tscOffset}.</li>
 * </ul>
 */
package org.jemu.x86.cpu;
