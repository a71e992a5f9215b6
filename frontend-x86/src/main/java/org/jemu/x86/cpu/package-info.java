/**
 * The IA-32 CPU state and its runtime helpers.
 *
 * <ul>
 *   <li>{@link org.jemu.x86.cpu.X86Cpu}: registers, lazy-flag slots, segment descriptor caches, CR0..CR4,
 *       GDTR/IDTR/LDTR/TR, the block key (tbFlags: PE, VM, CPL, CS.D, SS.B, TF, PG, the non-flat segments and
 *       CS.base), RESET state (SDM Vol. 3A 9.1.1), real-mode interrupt delivery through the IVT (Vol. 3A
 *       20.1.4), the double-fault rules (Table 6-5) and the shutdown hook for triple faults (6.15).</li>
 *   <li>{@code ProtectedMode}: IDT delivery through interrupt, trap and task gates with
 *       inner stacks from the TSS and error codes (Vol. 3A 6.10..6.14), virtual-8086 interrupts (20.3), far
 *       JMP/CALL/RET through code segments and call gates with parameter copying (5.8), IRET (same and outer
 *       level, to V86, NT task return), task switches with the 16- and 32-bit TSS layouts, busy bits, back
 *       link, CR3 and LDT loads (7.3), LLDT/LTR/LAR/LSL/VERR/VERW, the I/O permission bit map (Vol. 1 19.5).
 *       {@code Descriptors}: descriptor fields, table lookups (GDT, or the LDT for TI = 1), the stack model
 *       those transfers push to.</li>
 *   <li>{@link org.jemu.x86.cpu.Paging}: 32-bit paging (4.3) with 4 MiB pages (CR4.PSE), U/S and R/W by CPL,
 *       CR0.WP, accessed and dirty bits, #PF error codes; CR2 is loaded on delivery.</li>
 *   <li>{@link org.jemu.x86.cpu.X86Flags}: CC_OP codes and the materialisation of CF PF AF ZF SF OF.</li>
 *   <li>{@link org.jemu.x86.cpu.X86Helpers}: Java helpers called from IR (division, BCD, rotates, string
 *       instructions, segment checks and loads, POPF/CLI/STI rules, I/O, CPUID, RDTSC, HLT, control
 *       registers).</li>
 *   <li>The x87 FPU state: slots FPR_M/FPR_SE (R0..R7), FPU_CW, FPU_SW, FPU_TW, FPU_IP/CS/DP/DS/OP at the end of
 *       the slot list, and the FERR# output {@link org.jemu.x86.cpu.X86Cpu#ferr}; the instructions are in
 *       {@code org.jemu.x86.x87}.</li>
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
 *       segments cost nothing. CS limit checks on near jumps and instruction fetch are a later phase (far
 *       transfers, interrupts and IRET check the new EIP against the CS limit), as are PAE, global-page
 *       retention (CR4.PGE is accepted and CR3 loads flush global entries too, which is allowed), the TSS
 *       debug trap bit, VME/PVI (CR4 bits 0/1 are refused), #AC, debug registers, MSRs, and interrupt
 *       shadows for external interrupts (MOV SS / POP SS do inhibit the single-step trap; STI's shadow is
 *       approximated by the block end).</li>
 *   <li>Far transfers, interrupts and task switches run in Java helpers that read and check everything and
 *       write the new stack before they change a register, so a fault on the way is precise. A task switch
 *       commits once the old state is saved; faults loading the new task's segments are delivered in the new
 *       task (Vol. 3A 7.3 step 13).</li>
 *   <li>Paging plugs into the translator's soft-MMU: {@code translate()} returns the physical page and the
 *       rights for the MMU index (supervisor for CPL 0..2 and implicit accesses to descriptor tables and the
 *       TSS, user for CPL 3). Write permission is cached only once the dirty bit is set, so the first write
 *       to a clean page walks again and sets D. Blocks are keyed by physical PC; a block whose last
 *       instruction straddles into the next page also records that page's physical address and is
 *       re-translated when the mapping changes.</li>
 *   <li>RDTSC counts retired instructions (deterministic), plus {@link org.jemu.x86.cpu.X86Cpu#tscOffset}.</li>
 * </ul>
 */
package org.jemu.x86.cpu;
