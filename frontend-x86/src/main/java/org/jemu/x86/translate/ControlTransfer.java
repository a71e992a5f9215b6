package org.jemu.x86.translate;

import java.util.Map;
import org.jemu.translator.ir.ExitReason;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.Op;
import org.jemu.x86.cpu.X86Cpu;
import org.jemu.x86.decode.OpcodeMaps;

/**
 * Control transfer instructions (SDM Vol. 1 7.3.8 and 6.3..6.4): JMP, Jcc, CALL, RET (near, with imm16),
 * LOOP/LOOPE/LOOPNE, JCXZ/JECXZ, INT n, INT3, INTO, INT1, BOUND; far JMP/CALL/RET and IRET inline in
 * real-address and virtual-8086 mode, through helpers in protected mode (code segments, call gates, task
 * switches: {@code org.jemu.x86.cpu.ProtectedMode}).
 *
 * <p>Targets are EIP values wrapped to the operand size (a 16-bit JMP wraps within 64 KiB), made linear with
 * the block's CS.base. CS limit checks on jumps are a later phase.
 */
final class ControlTransfer {
    private ControlTransfer() {
    }

    static void register(Map<String, X86Translator.Handler> m) {
        for (int cc = 0; cc < 16; cc++) {
            int c = cc;
            m.put("J" + OpcodeMaps.CC.get(cc), t -> t.branch(t.cond(c), t.linearOf(t.relTarget()), t.nextPc));
        }
        m.put("JMP", ControlTransfer::jmp);
        m.put("CALL", ControlTransfer::call);
        m.put("RET", ControlTransfer::ret);
        m.put("LOOP", t -> loop(t, -1));
        m.put("LOOPE", t -> loop(t, 1));
        m.put("LOOPNE", t -> loop(t, 0));
        m.put("JCXZ/JECXZ", t -> t.branch(t.b.cmp(Op.EQ, t.readReg(X86Cpu.ECX, t.addrSize), t.c(0)),
                t.linearOf(t.relTarget()), t.nextPc));
        m.put("INT", t -> softInt(t, (int) t.insn.imm() & 0xFF, 0x100));
        m.put("INT3", t -> softInt(t, X86Cpu.EXC_BP, 0));
        m.put("INT1", t -> softInt(t, X86Cpu.EXC_DB, 0x200));
        m.put("INTO", ControlTransfer::into);
        m.put("BOUND", ControlTransfer::bound);
        m.put("JMPF", t -> far(t, false));
        m.put("CALLF", t -> far(t, true));
        m.put("RETF", ControlTransfer::retf);
        m.put("IRET/IRETD", ControlTransfer::iret);
    }

    /** JMP rel8/rel16/rel32 (direct, chainable) and JMP r/m (indirect) (SDM Vol. 2A "JMP"). */
    static void jmp(X86Translator t) {
        if (t.insn.entry().operands().get(0).method() == 'J') {
            t.jump(t.linearOf(t.relTarget()));
            return;
        }
        Inst target = t.operand(0, false).read();
        t.jumpToEip(t.trunc(target, t.opSize));
    }

    /** CALL rel16/rel32 and CALL r/m (SDM Vol. 2A "CALL", near): push the return EIP, jump. */
    static void call(X86Translator t) {
        if (t.insn.entry().operands().get(0).method() == 'J') {
            t.push(t.c(t.nextEip()), t.opSize);
            t.jump(t.linearOf(t.relTarget()));
            return;
        }
        Inst target = t.trunc(t.operand(0, false).read(), t.opSize);
        t.push(t.c(t.nextEip()), t.opSize);
        t.jumpToEip(target);
    }

    /** RET and RET imm16 (SDM Vol. 2B "RET", near): pop EIP, then release imm16 bytes of stack. */
    static void ret(X86Translator t) {
        Inst eip = t.pop(t.opSize);
        if (t.operandCount() > 0) {
            t.setSp(t.b.add(t.sp(), t.c((int) t.insn.imm() & 0xFFFF)));
        }
        t.jumpToEip(eip);
    }

    /**
     * LOOP (-1), LOOPE (1), LOOPNE (0) (SDM Vol. 2A "LOOP/LOOPcc"): decrement (E)CX (by address size), no
     * flags; jump if it is not zero (and ZF = 1 / ZF = 0).
     */
    static void loop(X86Translator t, int zf) {
        var ir = t.b;
        Inst cnt = t.trunc(ir.sub(t.readReg(X86Cpu.ECX, t.addrSize), t.c(1)), t.addrSize);
        Inst cond = ir.cmp(Op.NE, cnt, t.c(0));
        if (zf >= 0) {
            Inst z = t.cond(4);
            cond = ir.and(cond, zf == 1 ? z : ir.xor(z, t.c(1)));
        }
        t.writeReg(X86Cpu.ECX, t.addrSize, cnt);
        t.branch(cond, t.linearOf(t.relTarget()), t.nextPc);
    }

    /** INT n / INT3 / INT1: a software interrupt (trap) delivered by the CPU (SDM Vol. 2A "INT n/INTO/INT3/INT1"). */
    static void softInt(X86Translator t, int vector, int kind) {
        t.b.call(X86Translator.helper("softInt", Helper.MAY_FAULT), t.c(vector), t.c(t.insn.length() | kind));
        t.b.exit(t.pc, ExitReason.EXCEPTION);
    }

    /** INTO: #OF trap if OF = 1, else nothing. */
    static void into(X86Translator t) {
        t.b.call(X86Translator.helper("into", Helper.MAY_FAULT), t.eflags(), t.c(t.insn.length()));
    }

    /**
     * BOUND r, m (SDM Vol. 2A): #BR unless lower &lt;= index &lt;= upper (signed, operand size), the bounds being
     * the two operand-size values at m.
     */
    static void bound(X86Translator t) {
        var ir = t.b;
        int bits = t.opSize;
        Inst lower = t.sext(t.load(t.mem().addr(bits / 8, false), bits), bits);
        Inst upper = t.sext(t.load(t.memPlus(bits / 8).addr(bits / 8, false), bits), bits);
        Inst idx = t.sext(t.readReg(t.reg(), bits), bits);
        Inst out = ir.or(ir.cmp(Op.SLT, idx, lower), ir.cmp(Op.SLT, upper, idx));
        ir.call(X86Translator.helper("bound", Helper.MAY_FAULT_ONLY), out);
    }

    /** Effects of the protected-mode far-transfer helpers: they set CS, EIP (the PC slot), ESP, maybe all state. */
    private static final int FAR_EFFECTS = Helper.WRITES_STATE | Helper.MAY_FAULT | Helper.SIDE_EFFECT;

    private static boolean protectedFar(X86Translator t) {
        return t.pe && !t.vm;
    }

    /** Sets CS (real-address / virtual-8086 mode: base = selector * 16) and EIP, and returns to the loop. */
    private static void farJump(X86Translator t, Inst sel, Inst eip) {
        var ir = t.b;
        Inst s16 = ir.and(sel, t.c(0xFFFF));
        Inst base = ir.shl(s16, t.c(4));
        t.writeSlot(X86Cpu.SEG_SEL + X86Cpu.CS, s16);
        t.writeSlot(X86Cpu.SEG_BASE + X86Cpu.CS, base);
        t.writeSlot(X86Cpu.PC, ir.zext32(ir.add(base, eip)));
        t.exitState(ExitReason.RECHECK);
    }

    /** JMPF/CALLF ptr16:16/32 (Ap) and m16:16/32 (Grp5 /3 /5) in real-address and virtual-8086 mode. */
    static void far(X86Translator t, boolean call) {
        int bits = t.opSize;
        Inst sel;
        Inst eip;
        if (t.insn.entry().operands().get(0).method() == 'A') {
            sel = t.c((int) t.insn.imm2() & 0xFFFF);
            eip = t.c((int) t.insn.imm() & X86Translator.mask(bits));
        } else {
            eip = t.load(t.mem().addr(bits / 8, false), bits);
            sel = t.load(t.memPlus(bits / 8).addr(2, false), 16);
        }
        if (protectedFar(t)) {
            // SDM Vol. 2A "CALL"/"JMP" protected-mode pseudocode: code segments, call gates, TSSs, task gates
            t.b.call(X86Translator.helper("farJmpCall", FAR_EFFECTS), sel, eip,
                    t.c((call ? 1 : 0) | (bits == 32 ? 2 : 0)), t.c(t.nextEip()));
            t.flagsUnknown();
            t.exitState(ExitReason.RECHECK);
            return;
        }
        if (call) {
            t.push(t.b.get32(X86Cpu.SEG_SEL + X86Cpu.CS), bits);
            t.push(t.c(t.nextEip()), bits);
        }
        farJump(t, sel, eip);
    }

    /** RETF [imm16] (SDM Vol. 2B "RET", far) in real-address and virtual-8086 mode: pop EIP, pop CS. */
    static void retf(X86Translator t) {
        if (protectedFar(t)) {
            int imm = t.operandCount() > 0 ? (int) t.insn.imm() & 0xFFFF : 0;
            t.b.call(X86Translator.helper("retfProtected", FAR_EFFECTS), t.c(t.opSize == 32 ? 1 : 0), t.c(imm));
            t.exitState(ExitReason.RECHECK);
            return;
        }
        int bits = t.opSize;
        Inst eip = t.pop(bits);
        Inst sel = t.pop(bits);
        if (t.operandCount() > 0) {
            t.setSp(t.b.add(t.sp(), t.c((int) t.insn.imm() & 0xFFFF)));
        }
        farJump(t, sel, eip);
    }

    /**
     * IRET/IRETD in real-address mode (SDM Vol. 2A "IRET/IRETD", REAL-ADDRESS-MODE): pop EIP, CS and
     * (E)FLAGS; the flags image is applied by the POPF rules. In virtual-8086 mode (Vol. 3A 20.2.7) the same
     * with IOPL = 3 (IOPL itself unchanged), else #GP(0). In protected mode, the {@code iretProtected} helper.
     */
    static void iret(X86Translator t) {
        if (protectedFar(t)) {
            // SDM Vol. 2A "IRET/IRETD" protected-mode pseudocode: task return, same/outer privilege, to V86
            t.b.call(X86Translator.helper("iretProtected", FAR_EFFECTS), t.c(t.opSize == 32 ? 1 : 0),
                    t.c(t.nextEip()));
            t.flagsUnknown();
            t.exitState(ExitReason.RECHECK);
            return;
        }
        int bits = t.opSize;
        Inst eip = t.pop(bits);
        Inst sel = t.pop(bits);
        Inst fl = t.pop(bits);
        t.b.call(X86Translator.helper("popf", Helper.WRITES_STATE | Helper.MAY_FAULT), fl, t.c(bits == 32 ? 1 : 0));
        t.flagsUnknown();
        farJump(t, sel, eip);
    }
}
