package org.jemu.x86.cpu;

import static org.jemu.x86.cpu.Descriptors.dpl;
import static org.jemu.x86.cpu.Descriptors.isNull;
import static org.jemu.x86.cpu.Descriptors.present;
import static org.jemu.x86.cpu.Descriptors.type;
import static org.jemu.x86.cpu.X86Cpu.CS;
import static org.jemu.x86.cpu.X86Cpu.ESP;
import static org.jemu.x86.cpu.X86Cpu.EXC_GP;
import static org.jemu.x86.cpu.X86Cpu.EXC_NP;
import static org.jemu.x86.cpu.X86Cpu.EXC_SS;
import static org.jemu.x86.cpu.X86Cpu.EXC_TS;
import static org.jemu.x86.cpu.X86Cpu.SEG_ATTR;
import static org.jemu.x86.cpu.X86Cpu.SEG_BASE;
import static org.jemu.x86.cpu.X86Cpu.SEG_LIMIT;
import static org.jemu.x86.cpu.X86Cpu.SEG_SEL;
import static org.jemu.x86.cpu.X86Cpu.SS;

/**
 * Protected-mode control transfers through descriptors (SDM Vol. 3A chapters 5 to 7, and the protected-mode
 * pseudocode of Vol. 2 "CALL", "JMP", "RET", "IRET/IRETD" and "INT n/INTO/INT3/INT1"):
 * interrupt and exception delivery through the IDT (Vol. 3A 6.10 to 6.14), far JMP/CALL/RET through code
 * segments and call gates (5.8), IRET, and task switches (7.3).
 *
 * <p>Every operation reads and checks everything it needs and writes the new stack first; registers are
 * changed only at the end, so a fault on the way (#GP, #NP, #SS, #TS, #PF) leaves them as before the
 * instruction or event (the stack memory below the old stack pointer may have been written, which the SDM
 * allows). A task switch commits once the old task's state is saved; faults while loading the new task's
 * segments are delivered in the new task's context (Vol. 3A 7.3 step 13).
 */
final class ProtectedMode {
    private ProtectedMode() {
    }

    // ---- interrupt and exception delivery (Vol. 3A 6.12 "Exception and Interrupt Handling") ----------------

    /**
     * Delivers vector {@code vector} through the IDT (Vol. 3A 6.10 IDT, 6.11 IDT descriptors, 6.12.1
     * "Exception- or Interrupt-Handler Procedures", 6.12.2 task gates, 6.13 error code; Vol. 2A "INT n"
     * PROTECTED-MODE pseudocode). The gate must lie within the IDT limit and be a task, interrupt or trap gate
     * (#GP(vector * 8 + 2 + EXT)); a software interrupt also needs gate DPL &gt;= CPL (#GP(vector * 8 + 2));
     * the gate must be present (#NP). Interrupt and trap gates lead to a code segment with DPL &lt;= CPL; a
     * non-conforming one with DPL &lt; CPL switches to the inner stack from the TSS and pushes the old SS:ESP
     * (from virtual-8086 mode also GS, FS, DS, ES, which are then nulled); then EFLAGS, CS, EIP and the error
     * code ({@code errorCode} &gt;= 0) are pushed with the gate's size (16 or 32 bits). TF, NT, RF and VM are
     * cleared, and IF for an interrupt gate. A task gate switches tasks (7.3) and pushes the error code on
     * the new task's stack.
     *
     * @param software INT n / INT3 / INTO (DPL check; EXT = 0)
     * @param returnPc linear address the handler returns to (the faulting instruction for faults, the next
     *                 one for traps and software interrupts)
     */
    static void interrupt(X86Cpu cpu, int vector, int errorCode, boolean software, long returnPc) {
        long[] r = cpu.regs;
        int ext = software ? 0 : 1;
        int idtErr = vector * 8 + 2 + ext;
        if (vector * 8L + 7 > (cpu.idtrLimit & 0xFFFFL)) {
            throw cpu.fault(EXC_GP, idtErr);
        }
        long gate = Descriptors.readAt(cpu, (cpu.idtrBase & 0xFFFF_FFFFL) + vector * 8L);
        int gtype = (Descriptors.hi(gate) >>> 8) & 0x1F;       // S flag and type
        switch (gtype) {
            case Descriptors.TASK_GATE, Descriptors.INT_GATE16, Descriptors.TRAP_GATE16, Descriptors.INT_GATE32,
                    Descriptors.TRAP_GATE32 -> {
            }
            default -> throw cpu.fault(EXC_GP, idtErr);
        }
        int cpl = cpu.cpl();
        if (software && dpl(gate) < cpl) {
            throw cpu.fault(EXC_GP, vector * 8 + 2);
        }
        if (!present(gate)) {
            throw cpu.fault(EXC_NP, idtErr);
        }
        long retEip = (returnPc - cpu.csBase()) & 0xFFFF_FFFFL;
        if (gtype == Descriptors.TASK_GATE) {
            int tss = Descriptors.gateSelector(gate);
            long d = taskGateTarget(cpu, tss, ext);
            taskSwitch(cpu, tss, d, TS_INT, retEip, ext, errorCode);
            return;
        }
        boolean gate32 = (gtype & 8) != 0;
        boolean trapGate = (gtype & 1) != 0;
        int size = gate32 ? 4 : 2;
        int sel = Descriptors.gateSelector(gate);
        long off = Descriptors.gateOffset(gate, gate32);
        if (isNull(sel)) {
            throw cpu.fault(EXC_GP, ext);
        }
        long d = Descriptors.read(cpu, sel, EXC_GP, ext);
        int selErr = (sel & 0xFFFC) | ext;
        if (!Descriptors.isCode(d) || dpl(d) > cpl) {
            throw cpu.fault(EXC_GP, selErr);
        }
        if (!present(d)) {
            throw cpu.fault(EXC_NP, selErr);
        }
        int dpl = dpl(d);
        boolean v86 = cpu.v86Mode();
        int oldFlags = cpu.eflags();
        Descriptors.Stack st;
        int newSs = -1;
        long ssDesc = 0;
        if (!Descriptors.isConforming(d) && dpl < cpl) {
            if (v86 && dpl != 0) {
                throw cpu.fault(EXC_GP, selErr);
            }
            long ssEsp = innerStack(cpu, dpl, ext);
            newSs = (int) (ssEsp >>> 32);
            ssDesc = checkInnerSs(cpu, newSs, dpl, ext);
            st = new Descriptors.Stack(cpu, Descriptors.base(ssDesc), Descriptors.limit(ssDesc),
                    Descriptors.attr(ssDesc), ssEsp & 0xFFFF_FFFFL, dpl, EXC_SS, (newSs & 0xFFFC) | ext);
            if (v86) {
                st.push(r[SEG_SEL + X86Cpu.GS], size);
                st.push(r[SEG_SEL + X86Cpu.FS], size);
                st.push(r[SEG_SEL + X86Cpu.DS], size);
                st.push(r[SEG_SEL + X86Cpu.ES], size);
            }
            st.push(r[SEG_SEL + SS], size);
            st.push(r[ESP], size);
        } else if (Descriptors.isConforming(d) || dpl == cpl) {
            if (v86) {
                throw cpu.fault(EXC_GP, selErr);
            }
            dpl = cpl;
            st = Descriptors.Stack.current(cpu);
        } else {
            throw cpu.fault(EXC_GP, selErr);
        }
        st.push(oldFlags, size);
        st.push(r[SEG_SEL + CS], size);
        st.push(retEip, size);
        if (errorCode >= 0) {
            st.push(errorCode, size);
        }
        if (off > Descriptors.limit(d)) {
            throw cpu.fault(EXC_GP, ext);
        }
        // commit
        Descriptors.setAccessed(cpu, sel, d);
        if (newSs >= 0) {
            Descriptors.setAccessed(cpu, newSs, ssDesc);
            Descriptors.loadCache(cpu, SS, newSs, ssDesc);
            r[ESP] = st.esp(0);
        } else {
            r[ESP] = st.esp(r[ESP]);
        }
        if (v86) {
            for (int s : new int[] {X86Cpu.ES, X86Cpu.DS, X86Cpu.FS, X86Cpu.GS}) {
                cpu.setSegment(s, 0, 0, 0, 0);
            }
        }
        Descriptors.loadCache(cpu, CS, (sel & 0xFFFC) | dpl, d);
        int fl = oldFlags & ~(X86Cpu.TF | X86Cpu.NT | X86Cpu.RF | X86Cpu.VM);
        if (!trapGate) {
            fl &= ~X86Cpu.IF;
        }
        cpu.setEflags(fl);
        cpu.setEip(off);
        cpu.halted = false;
    }

    /**
     * The inner-level stack pointer for privilege level {@code dpl} from the current TSS (Vol. 3A 7.2.1:
     * 32-bit TSS ESP0 at 4, SS0 at 8, 8 bytes per level; 16-bit TSS SP0 at 2, SS0 at 4, 4 bytes per level),
     * as SS &lt;&lt; 32 | ESP. #TS(TR selector) if the fields lie beyond the TSS limit.
     */
    static long innerStack(X86Cpu cpu, int dpl, int ext) {
        boolean t32 = (cpu.trAttr & 8) != 0;
        int off = t32 ? 4 + dpl * 8 : 2 + dpl * 4;
        int len = t32 ? 6 : 4;
        if (off + len - 1 > (cpu.trLimit & 0xFFFF_FFFFL)) {
            throw cpu.fault(EXC_TS, (cpu.trSel & 0xFFFC) | ext);
        }
        long base = cpu.trBase & 0xFFFF_FFFFL;
        long esp;
        int ss;
        if (t32) {
            esp = Descriptors.ld32(cpu, base + off) & 0xFFFF_FFFFL;
            ss = Descriptors.ld16(cpu, base + off + 4) & 0xFFFF;
        } else {
            esp = Descriptors.ld16(cpu, base + off) & 0xFFFF;
            ss = Descriptors.ld16(cpu, base + off + 2) & 0xFFFF;
        }
        return (long) ss << 32 | esp;
    }

    /**
     * Checks the inner stack segment a privilege change loads (Vol. 2A "CALL" / "INT n" pseudocode): not
     * null, within its table, RPL = DPL = the new CPL, a writable data segment (#TS(selector)), present
     * (#SS(selector)). Returns its descriptor.
     */
    static long checkInnerSs(X86Cpu cpu, int ss, int cpl, int ext) {
        if (isNull(ss)) {
            throw cpu.fault(EXC_TS, ext);
        }
        int err = (ss & 0xFFFC) | ext;
        long d = Descriptors.read(cpu, ss, EXC_TS, ext);
        if ((ss & 3) != cpl || dpl(d) != cpl || !Descriptors.isWritableData(d)) {
            throw cpu.fault(EXC_TS, err);
        }
        if (!present(d)) {
            throw cpu.fault(EXC_SS, err);
        }
        return d;
    }

    /**
     * The TSS descriptor a task gate names (Vol. 3A 7.3 step 2): in the GDT (#GP(selector) for TI = 1 or
     * beyond the limit), an available or busy TSS (checked by {@link #taskSwitch}).
     */
    private static long taskGateTarget(X86Cpu cpu, int tss, int ext) {
        if ((tss & 4) != 0) {
            throw cpu.fault(EXC_GP, (tss & 0xFFFC) | ext);
        }
        long d = Descriptors.read(cpu, tss, EXC_GP, ext);
        int t = type(d);
        if (Descriptors.codeOrData(d) || (t != Descriptors.TSS16_AVAIL && t != Descriptors.TSS32_AVAIL
                && t != Descriptors.TSS16_BUSY && t != Descriptors.TSS32_BUSY)) {
            throw cpu.fault(EXC_GP, (tss & 0xFFFC) | ext);
        }
        return d;
    }

    // ---- far JMP and CALL (Vol. 3A 5.8 "Privilege Level Checking When Transferring Program Control") -------

    /**
     * Far JMP or CALL to {@code sel}:{@code offset} in protected mode (Vol. 2A "CALL", "JMP" protected-mode
     * pseudocode; Vol. 3A 5.8.1..5.8.6): to a code segment (conforming: DPL &lt;= CPL; non-conforming: RPL
     * &lt;= CPL and DPL = CPL), through a call gate (gate DPL &gt;= CPL and RPL; a CALL to a more privileged
     * non-conforming segment switches to the inner stack from the TSS, pushes SS:ESP, copies the gate's
     * parameter count of words or doublewords and pushes CS:EIP; a JMP may not change privilege), or to a
     * TSS or task gate (a task switch, Vol. 3A 7.3). CALL pushes the return CS:EIP ({@code nextEip}).
     *
     * @param call    true for CALL
     * @param op32    32-bit operand size (EIP and pushes of a direct transfer)
     * @param nextEip EIP of the instruction after the JMP/CALL
     */
    static void farJmpCall(X86Cpu cpu, int sel, long offset, boolean call, boolean op32, long nextEip) {
        long[] r = cpu.regs;
        sel &= 0xFFFF;
        int cpl = cpu.cpl();
        if (isNull(sel)) {
            throw cpu.fault(EXC_GP, 0);
        }
        long d = Descriptors.read(cpu, sel, EXC_GP, 0);
        int err = sel & 0xFFFC;
        int rpl = sel & 3;
        if (Descriptors.codeOrData(d)) {
            if (!Descriptors.isCode(d)) {
                throw cpu.fault(EXC_GP, err);
            }
            if (Descriptors.isConforming(d) ? dpl(d) > cpl : rpl > cpl || dpl(d) != cpl) {
                throw cpu.fault(EXC_GP, err);
            }
            if (!present(d)) {
                throw cpu.fault(EXC_NP, err);
            }
            long eip = op32 ? offset & 0xFFFF_FFFFL : offset & 0xFFFF;
            Descriptors.Stack st = Descriptors.Stack.current(cpu);
            if (call) {
                int size = op32 ? 4 : 2;
                st.push(r[SEG_SEL + CS], size);
                st.push(nextEip, size);
            }
            if (eip > Descriptors.limit(d)) {
                throw cpu.fault(EXC_GP, 0);
            }
            Descriptors.setAccessed(cpu, sel, d);
            r[ESP] = st.esp(r[ESP]);
            Descriptors.loadCache(cpu, CS, (sel & 0xFFFC) | cpl, d);
            cpu.setEip(eip);
            return;
        }
        int t = type(d);
        switch (t) {
            case Descriptors.CALL_GATE16, Descriptors.CALL_GATE32 -> {
                if (dpl(d) < cpl || dpl(d) < rpl) {
                    throw cpu.fault(EXC_GP, err);
                }
                if (!present(d)) {
                    throw cpu.fault(EXC_NP, err);
                }
                callGate(cpu, d, call, nextEip);
            }
            case Descriptors.TASK_GATE -> {
                if (dpl(d) < cpl || dpl(d) < rpl) {
                    throw cpu.fault(EXC_GP, err);
                }
                if (!present(d)) {
                    throw cpu.fault(EXC_NP, err);
                }
                int tss = Descriptors.gateSelector(d);
                long td = taskGateTarget(cpu, tss, 0);
                if ((type(td) & 2) != 0) {
                    throw cpu.fault(EXC_GP, tss & 0xFFFC);
                }
                taskSwitch(cpu, tss, td, call ? TS_CALL : TS_JMP, nextEip, 0, -1);
            }
            case Descriptors.TSS16_AVAIL, Descriptors.TSS32_AVAIL -> {
                if (dpl(d) < cpl || dpl(d) < rpl || (sel & 4) != 0) {
                    throw cpu.fault(EXC_GP, err);
                }
                taskSwitch(cpu, sel, d, call ? TS_CALL : TS_JMP, nextEip, 0, -1);
            }
            default -> throw cpu.fault(EXC_GP, err);
        }
    }

    /** The call-gate part of {@link #farJmpCall} (Vol. 3A 5.8.5, 5.8.6 and Figure 5-13). */
    private static void callGate(X86Cpu cpu, long gate, boolean call, long nextEip) {
        long[] r = cpu.regs;
        int cpl = cpu.cpl();
        boolean gate32 = type(gate) == Descriptors.CALL_GATE32;
        int size = gate32 ? 4 : 2;
        int sel = Descriptors.gateSelector(gate);
        long off = Descriptors.gateOffset(gate, gate32);
        if (isNull(sel)) {
            throw cpu.fault(EXC_GP, 0);
        }
        long d = Descriptors.read(cpu, sel, EXC_GP, 0);
        int err = sel & 0xFFFC;
        if (!Descriptors.isCode(d) || dpl(d) > cpl) {
            throw cpu.fault(EXC_GP, err);
        }
        if (!call && !Descriptors.isConforming(d) && dpl(d) != cpl) {
            throw cpu.fault(EXC_GP, err);
        }
        if (!present(d)) {
            throw cpu.fault(EXC_NP, err);
        }
        int dpl = dpl(d);
        if (call && !Descriptors.isConforming(d) && dpl < cpl) {
            long ssEsp = innerStack(cpu, dpl, 0);
            int newSs = (int) (ssEsp >>> 32);
            long ssDesc = checkInnerSs(cpu, newSs, dpl, 0);
            Descriptors.Stack st = new Descriptors.Stack(cpu, Descriptors.base(ssDesc), Descriptors.limit(ssDesc),
                    Descriptors.attr(ssDesc), ssEsp & 0xFFFF_FFFFL, dpl, EXC_SS, newSs & 0xFFFC);
            Descriptors.Stack old = Descriptors.Stack.current(cpu);
            st.push(r[SEG_SEL + SS], size);
            st.push(r[ESP], size);
            int params = Descriptors.hi(gate) & 0x1F;
            for (int i = params - 1; i >= 0; i--) {
                Descriptors.Stack p = Descriptors.Stack.current(cpu);
                p.sp = (old.sp + (long) i * size) & old.mask();
                st.push(p.pop(size), size);
            }
            st.push(r[SEG_SEL + CS], size);
            st.push(nextEip, size);
            if (off > Descriptors.limit(d)) {
                throw cpu.fault(EXC_GP, 0);
            }
            Descriptors.setAccessed(cpu, newSs, ssDesc);
            Descriptors.setAccessed(cpu, sel, d);
            Descriptors.loadCache(cpu, SS, newSs, ssDesc);
            r[ESP] = st.esp(0);
            Descriptors.loadCache(cpu, CS, (sel & 0xFFFC) | dpl, d);
            cpu.setEip(off);
            return;
        }
        Descriptors.Stack st = Descriptors.Stack.current(cpu);
        if (call) {
            st.push(r[SEG_SEL + CS], size);
            st.push(nextEip, size);
        }
        if (off > Descriptors.limit(d)) {
            throw cpu.fault(EXC_GP, 0);
        }
        Descriptors.setAccessed(cpu, sel, d);
        r[ESP] = st.esp(r[ESP]);
        Descriptors.loadCache(cpu, CS, (sel & 0xFFFC) | cpl, d);
        cpu.setEip(off);
    }

    // ---- far RET and IRET -------------------------------------------------------------------------------

    /**
     * Checks the code segment a far RET or IRET returns to (Vol. 2B "RET" / Vol. 2A "IRET" protected-mode
     * pseudocode): not null (#GP(0)), a code segment within its table with RPL &gt;= CPL, conforming DPL &lt;=
     * RPL or non-conforming DPL = RPL (#GP(selector)), present (#NP(selector)).
     */
    private static long returnCs(X86Cpu cpu, int cs) {
        if (isNull(cs)) {
            throw cpu.fault(EXC_GP, 0);
        }
        long d = Descriptors.read(cpu, cs, EXC_GP, 0);
        int rpl = cs & 3;
        int err = cs & 0xFFFC;
        if (!Descriptors.isCode(d) || rpl < cpu.cpl()
                || (Descriptors.isConforming(d) ? dpl(d) > rpl : dpl(d) != rpl)) {
            throw cpu.fault(EXC_GP, err);
        }
        if (!present(d)) {
            throw cpu.fault(EXC_NP, err);
        }
        return d;
    }

    /** Checks the outer stack segment of a return to privilege {@code rpl} (#GP(selector), #SS(selector)). */
    private static long returnSs(X86Cpu cpu, int ss, int rpl) {
        if (isNull(ss)) {
            throw cpu.fault(EXC_GP, 0);
        }
        long d = Descriptors.read(cpu, ss, EXC_GP, 0);
        int err = ss & 0xFFFC;
        if ((ss & 3) != rpl || !Descriptors.isWritableData(d) || dpl(d) != rpl) {
            throw cpu.fault(EXC_GP, err);
        }
        if (!present(d)) {
            throw cpu.fault(EXC_SS, err);
        }
        return d;
    }

    /**
     * After a return to an outer privilege level, DS, ES, FS and GS that hold a data or non-conforming code
     * segment with DPL &lt; the new CPL become null (Vol. 2B "RET", Vol. 2A "IRET": so the outer procedure
     * cannot use a more privileged segment).
     */
    private static void nullInaccessibleSegments(X86Cpu cpu, int newCpl) {
        for (int s : new int[] {X86Cpu.ES, X86Cpu.DS, X86Cpu.FS, X86Cpu.GS}) {
            int attr = (int) cpu.regs[SEG_ATTR + s];
            boolean usable = (attr & (X86Cpu.ATTR_S | X86Cpu.ATTR_P)) == (X86Cpu.ATTR_S | X86Cpu.ATTR_P);
            boolean conformingCode = (attr & 0xC) == 0xC;
            if (usable && !conformingCode && ((attr >>> 5) & 3) < newCpl) {
                cpu.setSegment(s, 0, 0, 0, 0);
            }
        }
    }

    /**
     * Far RET [imm16] in protected mode (Vol. 2B "RET" protected-mode pseudocode, Vol. 3A 5.8.6 "Returning
     * from a Called Procedure"): pops EIP and CS; a return to the same privilege releases {@code imm} bytes;
     * a return to an outer level (CS.RPL &gt; CPL) also pops ESP and SS after the parameters, releases
     * {@code imm} bytes of the outer stack, and nulls data segments the outer level may not use.
     */
    static void retf(X86Cpu cpu, boolean op32, int imm) {
        long[] r = cpu.regs;
        int size = op32 ? 4 : 2;
        Descriptors.Stack st = Descriptors.Stack.current(cpu);
        long eip = st.pop(size);
        int cs = (int) st.pop(size) & 0xFFFF;
        long d = returnCs(cpu, cs);
        int rpl = cs & 3;
        st.skip(imm);
        if (rpl == cpu.cpl()) {
            if (eip > Descriptors.limit(d)) {
                throw cpu.fault(EXC_GP, 0);
            }
            Descriptors.setAccessed(cpu, cs, d);
            r[ESP] = st.esp(r[ESP]);
            Descriptors.loadCache(cpu, CS, cs, d);
            cpu.setEip(eip);
            return;
        }
        long esp = st.pop(size);
        int ss = (int) st.pop(size) & 0xFFFF;
        long ssDesc = returnSs(cpu, ss, rpl);
        if (eip > Descriptors.limit(d)) {
            throw cpu.fault(EXC_GP, 0);
        }
        Descriptors.setAccessed(cpu, cs, d);
        Descriptors.setAccessed(cpu, ss, ssDesc);
        Descriptors.loadCache(cpu, CS, cs, d);
        Descriptors.loadCache(cpu, SS, ss, ssDesc);
        long mask = (Descriptors.attr(ssDesc) & X86Cpu.ATTR_DB) != 0 ? 0xFFFF_FFFFL : 0xFFFF;
        r[ESP] = (r[ESP] & ~mask) | ((esp + imm) & mask);
        cpu.setEip(eip);
        nullInaccessibleSegments(cpu, rpl);
    }

    /**
     * The EFLAGS an IRET loads from the popped image {@code popped} (Vol. 2A "IRET" pseudocode): CF PF AF ZF
     * SF TF DF OF NT always, RF AC ID with a 32-bit operand, IF only if CPL &lt;= IOPL, IOPL (and VIF VIP with
     * a 32-bit operand) only at CPL 0; a 16-bit IRET changes only the low word. {@code cpl} is the CPL before
     * the IRET.
     */
    static int iretFlags(int old, int popped, boolean op32, int cpl) {
        int iopl = (old >>> 12) & 3;
        int mask = X86Cpu.STATUS_FLAGS | X86Cpu.TF | X86Cpu.DF | X86Cpu.NT;
        if (op32) {
            mask |= X86Cpu.RF | X86Cpu.AC | X86Cpu.ID;
        }
        if (cpl <= iopl) {
            mask |= X86Cpu.IF;
        }
        if (cpl == 0) {
            mask |= X86Cpu.IOPL;
            if (op32) {
                mask |= X86Cpu.VIF | X86Cpu.VIP;
            }
        }
        if (!op32) {
            mask &= 0xFFFF;
        }
        return (old & ~mask) | (popped & mask);
    }

    /**
     * IRET/IRETD in protected mode (Vol. 2A "IRET/IRETD" PROTECTED-MODE pseudocode; Vol. 3A 6.12.1 and 7.3):
     * with EFLAGS.NT a task return to the back link of the current TSS; otherwise pops EIP, CS, EFLAGS and
     * returns to the same privilege level, to an outer one (also popping ESP and SS and nulling data
     * segments the outer level may not use), or, from CPL 0 with a 32-bit operand and VM set in the popped
     * image, to virtual-8086 mode (also popping ESP, SS, ES, DS, FS, GS; Vol. 3A 20.2.4 / 20.3).
     *
     * @param nextEip EIP after the IRET (saved in the old TSS on a task return)
     */
    static void iret(X86Cpu cpu, boolean op32, long nextEip) {
        long[] r = cpu.regs;
        int oldFlags = cpu.eflags();
        int cpl = cpu.cpl();
        if ((oldFlags & X86Cpu.NT) != 0) {
            long base = cpu.trBase & 0xFFFF_FFFFL;
            int link = Descriptors.ld16(cpu, base) & 0xFFFF;
            if ((link & 4) != 0) {
                throw cpu.fault(EXC_TS, link & 0xFFFC);
            }
            long d = Descriptors.read(cpu, link, EXC_TS, 0);
            int t = type(d);
            if (Descriptors.codeOrData(d) || (t != Descriptors.TSS16_BUSY && t != Descriptors.TSS32_BUSY)) {
                throw cpu.fault(EXC_TS, link & 0xFFFC);
            }
            taskSwitch(cpu, link, d, TS_IRET, nextEip, 0, -1);
            return;
        }
        int size = op32 ? 4 : 2;
        Descriptors.Stack st = Descriptors.Stack.current(cpu);
        long eip = st.pop(size);
        int cs = (int) st.pop(size) & 0xFFFF;
        int fl = (int) st.pop(size);
        if (op32 && (fl & X86Cpu.VM) != 0 && cpl == 0) {
            long esp = st.pop(4);
            int[] sels = new int[6];
            sels[SS] = (int) st.pop(4) & 0xFFFF;
            sels[X86Cpu.ES] = (int) st.pop(4) & 0xFFFF;
            sels[X86Cpu.DS] = (int) st.pop(4) & 0xFFFF;
            sels[X86Cpu.FS] = (int) st.pop(4) & 0xFFFF;
            sels[X86Cpu.GS] = (int) st.pop(4) & 0xFFFF;
            sels[CS] = cs;
            cpu.setEflags(fl);
            for (int s = 0; s < 6; s++) {
                loadV86Segment(cpu, s, sels[s]);
            }
            r[ESP] = esp & 0xFFFF_FFFFL;
            cpu.setEip(eip & 0xFFFF);
            return;
        }
        long d = returnCs(cpu, cs);
        int rpl = cs & 3;
        int newFlags = iretFlags(oldFlags, fl, op32, cpl);
        if (rpl == cpl) {
            if (eip > Descriptors.limit(d)) {
                throw cpu.fault(EXC_GP, 0);
            }
            Descriptors.setAccessed(cpu, cs, d);
            r[ESP] = st.esp(r[ESP]);
            Descriptors.loadCache(cpu, CS, cs, d);
            cpu.setEflags(newFlags);
            cpu.setEip(eip);
            return;
        }
        long esp = st.pop(size);
        int ss = (int) st.pop(size) & 0xFFFF;
        long ssDesc = returnSs(cpu, ss, rpl);
        if (eip > Descriptors.limit(d)) {
            throw cpu.fault(EXC_GP, 0);
        }
        Descriptors.setAccessed(cpu, cs, d);
        Descriptors.setAccessed(cpu, ss, ssDesc);
        Descriptors.loadCache(cpu, CS, cs, d);
        Descriptors.loadCache(cpu, SS, ss, ssDesc);
        long mask = (Descriptors.attr(ssDesc) & X86Cpu.ATTR_DB) != 0 ? 0xFFFF_FFFFL : 0xFFFF;
        r[ESP] = (r[ESP] & ~mask) | (esp & mask);
        cpu.setEflags(newFlags);
        cpu.setEip(eip);
        nullInaccessibleSegments(cpu, rpl);
    }

    /**
     * A segment register in virtual-8086 mode (Vol. 3A 20.1.1, 20.2.1): base = selector * 16, limit 64 KiB,
     * a present read/write (CS: execute/read) accessed segment with DPL 3.
     */
    static void loadV86Segment(X86Cpu cpu, int seg, int sel) {
        int attr = (seg == CS ? X86Cpu.ATTR_REAL_CODE : X86Cpu.ATTR_REAL_DATA) | (3 << 5);
        cpu.setSegment(seg, sel, (long) (sel & 0xFFFF) << 4, 0xFFFF, attr);
    }

    // ---- task switching (Vol. 3A 7.3 "Task Switching") -------------------------------------------------------

    /** What started a task switch (Vol. 3A Table 7-2 "Effect of a Task Switch on Busy Flag, NT Flag, ..."). */
    static final int TS_JMP = 0, TS_CALL = 1, TS_IRET = 2, TS_INT = 3;

    /**
     * Switches to the task whose TSS descriptor {@code d} the selector {@code sel} names (Vol. 3A 7.3 steps 3
     * to 14, Table 7-1 and Table 7-2; 32-bit TSS layout Figure 7-2, 16-bit Figure 7-11):
     * <ol>
     *   <li>the new TSS must be present (#NP) with a limit of at least 67h (32-bit) or 2Bh (16-bit) (#TS), and
     *       available, or busy for an IRET (#GP, for IRET #TS);</li>
     *   <li>the whole new TSS is read (a #PF here is taken in the old task);</li>
     *   <li>the old task's EIP ({@code savedEip}), EFLAGS (NT cleared for IRET), general registers and segment
     *       selectors are saved in its TSS; JMP and IRET clear the old TSS's busy bit;</li>
     *   <li>CALL and an interrupt store the back link (the old TR) in the new TSS and set NT in the new
     *       EFLAGS; all but IRET set the new TSS's busy bit; TR is loaded, CR0.TS is set;</li>
     *   <li>CR3 (32-bit TSS, paging on), EFLAGS, EIP, the general registers, LDTR and the segment registers
     *       are loaded from the new TSS; the LDT and segment descriptors are checked in the new task's
     *       context, where a failure is delivered (#TS, #NP, #SS with the selector);</li>
     *   <li>an interrupt's error code ({@code errorCode} &gt;= 0) is pushed on the new task's stack.</li>
     * </ol>
     * The debug trap flag (T) of the TSS is not implemented.
     */
    static void taskSwitch(X86Cpu cpu, int sel, long d, int source, long savedEip, int ext, int errorCode) {
        long[] r = cpu.regs;
        int err = (sel & 0xFFFC) | ext;
        if (!present(d)) {
            throw cpu.fault(EXC_NP, err);
        }
        int t = type(d);
        boolean t32 = (t & 8) != 0;
        boolean busy = (t & 2) != 0;
        if (Descriptors.limit(d) < (t32 ? 0x67 : 0x2B)) {
            throw cpu.fault(EXC_TS, err);
        }
        if (source == TS_IRET ? !busy : busy) {
            throw cpu.fault(source == TS_IRET ? EXC_TS : EXC_GP, err);
        }
        long nb = Descriptors.base(d);
        // read the new task's state (Layout: 32-bit Figure 7-2; 16-bit Figure 7-11)
        int[] gpr = new int[8];
        int[] seg = new int[6];
        int eip;
        int efl;
        int ldt;
        int cr3 = cpu.cr3;
        if (t32) {
            cr3 = Descriptors.ld32(cpu, nb + 0x1C);
            eip = Descriptors.ld32(cpu, nb + 0x20);
            efl = Descriptors.ld32(cpu, nb + 0x24);
            for (int i = 0; i < 8; i++) {
                gpr[i] = Descriptors.ld32(cpu, nb + 0x28 + 4 * i);
            }
            for (int s = 0; s < 6; s++) {
                seg[s] = Descriptors.ld16(cpu, nb + 0x48 + 4 * s) & 0xFFFF;
            }
            ldt = Descriptors.ld16(cpu, nb + 0x60) & 0xFFFF;
        } else {
            eip = Descriptors.ld16(cpu, nb + 0x0E) & 0xFFFF;
            efl = (cpu.eflags() & 0xFFFF_0000) | (Descriptors.ld16(cpu, nb + 0x10) & 0xFFFF);
            for (int i = 0; i < 8; i++) {
                gpr[i] = (int) (r[i] & 0xFFFF_0000L) | (Descriptors.ld16(cpu, nb + 0x12 + 2 * i) & 0xFFFF);
            }
            for (int s = 0; s < 4; s++) {
                seg[s] = Descriptors.ld16(cpu, nb + 0x22 + 2 * s) & 0xFFFF;
            }
            ldt = Descriptors.ld16(cpu, nb + 0x2A) & 0xFFFF;
        }
        // save the old task's state
        int oldFl = cpu.eflags();
        if (source == TS_IRET) {
            oldFl &= ~X86Cpu.NT;
        }
        long ob = cpu.trBase & 0xFFFF_FFFFL;
        if ((cpu.trAttr & 8) != 0) {
            Descriptors.st32(cpu, ob + 0x20, savedEip);
            Descriptors.st32(cpu, ob + 0x24, oldFl & 0xFFFF_FFFFL);
            for (int i = 0; i < 8; i++) {
                Descriptors.st32(cpu, ob + 0x28 + 4 * i, r[i]);
            }
            for (int s = 0; s < 6; s++) {
                Descriptors.st16(cpu, ob + 0x48 + 4 * s, r[SEG_SEL + s]);
            }
        } else {
            Descriptors.st16(cpu, ob + 0x0E, savedEip);
            Descriptors.st16(cpu, ob + 0x10, oldFl);
            for (int i = 0; i < 8; i++) {
                Descriptors.st16(cpu, ob + 0x12 + 2 * i, r[i]);
            }
            for (int s = 0; s < 4; s++) {
                Descriptors.st16(cpu, ob + 0x22 + 2 * s, r[SEG_SEL + s]);
            }
        }
        if (source == TS_JMP || source == TS_IRET) {
            Descriptors.setBusy(cpu, cpu.trSel, false);
        }
        if (source == TS_CALL || source == TS_INT) {
            Descriptors.st16(cpu, nb, cpu.trSel);
            efl |= X86Cpu.NT;
        }
        if (source != TS_IRET) {
            Descriptors.setBusy(cpu, sel, true);
        }
        // commit: the new task
        cpu.trSel = sel;
        cpu.trBase = (int) nb;
        cpu.trLimit = (int) Descriptors.limit(d);
        cpu.trAttr = Descriptors.attr(d) | 2;
        cpu.cr0 |= X86Cpu.CR0_TS;
        if (t32 && (cpu.cr0 & X86Cpu.CR0_PG) != 0 && cr3 != cpu.cr3) {
            cpu.cr3 = cr3;
            cpu.tlbFlushAll();
        }
        for (int i = 0; i < 8; i++) {
            r[i] = gpr[i] & 0xFFFF_FFFFL;
        }
        cpu.setEflags(efl);
        for (int s = 0; s < 6; s++) {
            cpu.setSegment(s, seg[s], 0, 0, 0);
        }
        cpu.ldtrSel = ldt;
        cpu.ldtrBase = 0;
        cpu.ldtrLimit = 0;
        r[X86Cpu.PC] = eip & 0xFFFF_FFFFL;
        try {
            loadTaskSegments(cpu, seg, ldt, ext);
            cpu.setEip(eip & 0xFFFF_FFFFL);
            if ((eip & 0xFFFF_FFFFL) > r[SEG_LIMIT + CS]) {
                throw cpu.fault(EXC_GP, 0);
            }
            if (errorCode >= 0) {
                Descriptors.Stack st = Descriptors.Stack.current(cpu);
                st.push(errorCode, t32 ? 4 : 2);
                r[ESP] = st.esp(r[ESP]);
            }
        } catch (X86Fault f) {
            cpu.raise(f.vector, f.errorCode, false, r[X86Cpu.PC], f.address);
        }
    }

    /** Loads LDTR and the segment registers of a new task (Vol. 3A Table 7-1, "Exception Conditions Checked During a Task Switch"). */
    private static void loadTaskSegments(X86Cpu cpu, int[] seg, int ldt, int ext) {
        if ((cpu.regs[X86Cpu.EFLAGS] & X86Cpu.VM) != 0) {
            for (int s = 0; s < 6; s++) {
                loadV86Segment(cpu, s, seg[s]);
            }
        }
        if (!isNull(ldt)) {
            int err = (ldt & 0xFFFC) | ext;
            if ((ldt & 4) != 0) {
                throw cpu.fault(EXC_TS, err);
            }
            long d = Descriptors.read(cpu, ldt, EXC_TS, ext);
            if (Descriptors.codeOrData(d) || type(d) != Descriptors.LDT || !present(d)) {
                throw cpu.fault(EXC_TS, err);
            }
            cpu.ldtrBase = (int) Descriptors.base(d);
            cpu.ldtrLimit = (int) Descriptors.limit(d);
        }
        if ((cpu.regs[X86Cpu.EFLAGS] & X86Cpu.VM) != 0) {
            return;
        }
        int cs = seg[CS];
        if (isNull(cs)) {
            throw cpu.fault(EXC_TS, ext);
        }
        long d = Descriptors.read(cpu, cs, EXC_TS, ext);
        int err = (cs & 0xFFFC) | ext;
        int cpl = cs & 3;
        if (!Descriptors.isCode(d) || (Descriptors.isConforming(d) ? dpl(d) > cpl : dpl(d) != cpl)) {
            throw cpu.fault(EXC_TS, err);
        }
        if (!present(d)) {
            throw cpu.fault(EXC_NP, err);
        }
        Descriptors.setAccessed(cpu, cs, d);
        Descriptors.loadCache(cpu, CS, cs, d);
        int ss = seg[SS];
        if (isNull(ss)) {
            throw cpu.fault(EXC_TS, ext);
        }
        d = Descriptors.read(cpu, ss, EXC_TS, ext);
        err = (ss & 0xFFFC) | ext;
        if ((ss & 3) != cpl || dpl(d) != cpl || !Descriptors.isWritableData(d)) {
            throw cpu.fault(EXC_TS, err);
        }
        if (!present(d)) {
            throw cpu.fault(EXC_SS, err);
        }
        Descriptors.setAccessed(cpu, ss, d);
        Descriptors.loadCache(cpu, SS, ss, d);
        for (int s : new int[] {X86Cpu.DS, X86Cpu.ES, X86Cpu.FS, X86Cpu.GS}) {
            int sel = seg[s];
            if (isNull(sel)) {
                cpu.setSegment(s, sel, 0, 0, 0);
                continue;
            }
            d = Descriptors.read(cpu, sel, EXC_TS, ext);
            err = (sel & 0xFFFC) | ext;
            if (!Descriptors.isReadable(d)
                    || !Descriptors.isConforming(d) && (dpl(d) < cpl || dpl(d) < (sel & 3))) {
                throw cpu.fault(EXC_TS, err);
            }
            if (!present(d)) {
                throw cpu.fault(EXC_NP, err);
            }
            Descriptors.setAccessed(cpu, sel, d);
            Descriptors.loadCache(cpu, s, sel, d);
        }
    }

    // ---- LLDT, LTR, LAR, LSL, VERR, VERW (Vol. 2A/2B; Vol. 3A 5.10 pointer validation) --------------------------

    /**
     * LLDT (Vol. 2A "LLDT"): CPL 0 (#GP(0)); a null selector leaves LDTR unusable; otherwise the selector
     * must name an LDT descriptor in the GDT (#GP(selector)) that is present (#NP(selector)).
     */
    static void lldt(X86Cpu cpu, int sel) {
        sel &= 0xFFFF;
        if (cpu.cpl() != 0) {
            throw cpu.fault(EXC_GP, 0);
        }
        if (isNull(sel)) {
            cpu.ldtrSel = sel;
            cpu.ldtrBase = 0;
            cpu.ldtrLimit = 0;
            return;
        }
        int err = sel & 0xFFFC;
        if ((sel & 4) != 0) {
            throw cpu.fault(EXC_GP, err);
        }
        long d = Descriptors.read(cpu, sel, EXC_GP, 0);
        if (Descriptors.codeOrData(d) || type(d) != Descriptors.LDT) {
            throw cpu.fault(EXC_GP, err);
        }
        if (!present(d)) {
            throw cpu.fault(EXC_NP, err);
        }
        cpu.ldtrSel = sel;
        cpu.ldtrBase = (int) Descriptors.base(d);
        cpu.ldtrLimit = (int) Descriptors.limit(d);
    }

    /**
     * LTR (Vol. 2A "LTR"): CPL 0 (#GP(0)); the selector must not be null (#GP(0)) and must name an available
     * TSS in the GDT (#GP(selector)) that is present (#NP(selector)); the descriptor is marked busy.
     */
    static void ltr(X86Cpu cpu, int sel) {
        sel &= 0xFFFF;
        if (cpu.cpl() != 0 || isNull(sel)) {
            throw cpu.fault(EXC_GP, 0);
        }
        int err = sel & 0xFFFC;
        if ((sel & 4) != 0) {
            throw cpu.fault(EXC_GP, err);
        }
        long d = Descriptors.read(cpu, sel, EXC_GP, 0);
        int t = type(d);
        if (Descriptors.codeOrData(d) || t != Descriptors.TSS16_AVAIL && t != Descriptors.TSS32_AVAIL) {
            throw cpu.fault(EXC_GP, err);
        }
        if (!present(d)) {
            throw cpu.fault(EXC_NP, err);
        }
        Descriptors.setBusy(cpu, sel, true);
        cpu.trSel = sel;
        cpu.trBase = (int) Descriptors.base(d);
        cpu.trLimit = (int) Descriptors.limit(d);
        cpu.trAttr = Descriptors.attr(d) | 2;
    }

    /** Which instruction {@link #verify} checks for. */
    static final int V_LAR = 0, V_LSL = 1, V_VERR = 2, V_VERW = 3;

    /**
     * LAR, LSL, VERR and VERW (Vol. 2A "LAR", "LSL", Vol. 2B "VERR/VERW"; Vol. 3A 5.10.1): the selector must be
     * non-null and within its table, and visible at the current CPL and its RPL (DPL &gt;= CPL and RPL, except
     * conforming code for LAR/LSL/VERR); LAR accepts code, data and system types 1 2 3 4 5 9 B C, LSL code,
     * data and 1 2 3 9 B, VERR readable segments, VERW writable data. Never faults on the selector.
     *
     * @return -1 if the check fails (ZF = 0), else LAR: the high doubleword masked with 00FxFF00h; LSL: the
     *         byte-granular limit; VERR/VERW: 0
     */
    static long verify(X86Cpu cpu, int sel, int which) {
        sel &= 0xFFFF;
        if (isNull(sel)) {
            return -1;
        }
        long a = Descriptors.address(cpu, sel);
        if (a < 0) {
            return -1;
        }
        long d = Descriptors.readAt(cpu, a);
        int cpl = cpu.cpl();
        int rpl = sel & 3;
        boolean visible = dpl(d) >= cpl && dpl(d) >= rpl;
        if (Descriptors.codeOrData(d)) {
            boolean conf = Descriptors.isConforming(d);
            switch (which) {
                case V_VERW -> {
                    return visible && Descriptors.isWritableData(d) ? 0 : -1;
                }
                case V_VERR -> {
                    return (visible || conf) && Descriptors.isReadable(d) ? 0 : -1;
                }
                default -> {
                    if (!visible && !conf) {
                        return -1;
                    }
                }
            }
        } else {
            int t = type(d);
            boolean ok = switch (which) {
                case V_LAR -> t == 1 || t == 2 || t == 3 || t == 4 || t == 5 || t == 9 || t == 11 || t == 12;
                case V_LSL -> t == 1 || t == 2 || t == 3 || t == 9 || t == 11;
                default -> false;
            };
            if (!ok || !visible) {
                return -1;
            }
        }
        return which == V_LAR ? Descriptors.hi(d) & 0x00F0_FF00L : Descriptors.limit(d);
    }

    // ---- I/O permission bitmap (Vol. 1 19.5.2, Vol. 3A 20.2.8.1) ---------------------------------------------

    /**
     * Checks the I/O permission bit map of the current (32-bit) TSS for a {@code size}-byte access at
     * {@code port} (Vol. 1 19.5.2 "I/O Permission Bit Map"): the map starts at the 16-bit offset at TSS+66h;
     * the bits of every port accessed must be 0, and the two bytes holding them must lie within the TSS
     * limit; otherwise #GP(0). A 16-bit TSS has no map (#GP(0)).
     */
    static void ioBitmap(X86Cpu cpu, int port, int size) {
        if ((cpu.trAttr & 8) == 0 || isNull(cpu.trSel) || (cpu.trLimit & 0xFFFF_FFFFL) < 0x67) {
            throw cpu.fault(EXC_GP, 0);
        }
        long base = cpu.trBase & 0xFFFF_FFFFL;
        long map = Descriptors.ld16(cpu, base + 0x66) & 0xFFFF;
        long off = map + (port >>> 3);
        if (off + 1 > (cpu.trLimit & 0xFFFF_FFFFL)) {
            throw cpu.fault(EXC_GP, 0);
        }
        int bits = Descriptors.ld16(cpu, base + off) & 0xFFFF;
        int mask = ((1 << size) - 1) << (port & 7);
        if ((bits & mask) != 0) {
            throw cpu.fault(EXC_GP, 0);
        }
    }
}
