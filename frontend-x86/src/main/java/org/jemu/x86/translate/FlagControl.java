package org.jemu.x86.translate;

import java.util.Map;
import org.jemu.translator.ir.ExitReason;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.x86.cpu.X86Cpu;

/**
 * Flag control instructions (SDM Vol. 1 7.3.13): CLC STC CMC CLD STD CLI STI LAHF SAHF PUSHF/PUSHFD
 * POPF/POPFD.
 */
final class FlagControl {
    private FlagControl() {
    }

    static void register(Map<String, X86Translator.Handler> m) {
        m.put("CLC", t -> t.setEflags(t.b.and(t.eflags(), t.c(~X86Cpu.CF))));
        m.put("STC", t -> t.setEflags(t.b.or(t.eflags(), t.c(X86Cpu.CF))));
        m.put("CMC", t -> t.setEflags(t.b.xor(t.eflags(), t.c(X86Cpu.CF))));
        m.put("CLD", t -> t.writeSlot(X86Cpu.EFLAGS, t.b.and(t.b.get32(X86Cpu.EFLAGS), t.c(~X86Cpu.DF))));
        m.put("STD", t -> t.writeSlot(X86Cpu.EFLAGS, t.b.or(t.b.get32(X86Cpu.EFLAGS), t.c(X86Cpu.DF))));
        m.put("CLI", t -> setIf(t, false));
        m.put("STI", t -> setIf(t, true));
        m.put("LAHF", FlagControl::lahf);
        m.put("SAHF", FlagControl::sahf);
        m.put("PUSHF/PUSHFD", FlagControl::pushf);
        m.put("POPF/POPFD", FlagControl::popf);
    }

    /**
     * CLI/STI (SDM Vol. 2A "CLI", Vol. 2B "STI"): in real-address mode inline; in protected and virtual-8086
     * mode through a helper that checks IOPL. (The one-instruction interrupt shadow of STI is approximated:
     * interrupts are recognised at the end of the block.) STI also makes compiled loops return to the
     * execution loop at the next block edge, which the loop may have told them not to do while IF was 0
     * ({@link org.jemu.translator.exec.GuestCpu#interruptPoll}).
     */
    static void setIf(X86Translator t, boolean on) {
        if (on) {
            t.b.call(X86Translator.helper("pollInterrupts", Helper.SIDE_EFFECT));
        }
        if (!t.pe) {
            Inst fl = t.b.get32(X86Cpu.EFLAGS);
            t.writeSlot(X86Cpu.EFLAGS, on ? t.b.or(fl, t.c(X86Cpu.IF)) : t.b.and(fl, t.c(~X86Cpu.IF)));
            return;
        }
        t.b.call(X86Translator.helper("setIf", Helper.WRITES_STATE | Helper.MAY_FAULT), t.c(on ? 1 : 0));
    }

    /** LAHF: AH = SF:ZF:0:AF:0:PF:1:CF. */
    static void lahf(X86Translator t) {
        t.writeReg(4, 8, t.b.or(t.b.and(t.eflags(), t.c(0xD5)), t.c(2)));
    }

    /** SAHF: SF ZF AF PF CF = the corresponding bits of AH. */
    static void sahf(X86Translator t) {
        var ir = t.b;
        Inst fl = ir.and(t.eflags(), t.c(~0xD5));
        t.setEflags(ir.or(fl, ir.and(t.readReg(4, 8), t.c(0xD5))));
    }

    /**
     * PUSHF/PUSHFD (SDM Vol. 2B): pushes EFLAGS (16-bit: the low word; 32-bit: with VM and RF cleared). In
     * virtual-8086 mode with IOPL &lt; 3: #GP(0).
     */
    static void pushf(X86Translator t) {
        var ir = t.b;
        Inst fl = t.eflags();
        if (t.vm) {
            Inst iopl = ir.and(ir.lshr(fl, t.c(12)), t.c(3));
            ir.call(X86Translator.helper("gpIf", Helper.MAY_FAULT_ONLY), ir.xor(ir.cmp(org.jemu.translator.ir.Op.EQ,
                    iopl, t.c(3)), t.c(1)));
        }
        t.push(t.opSize == 32 ? ir.and(fl, t.c(0x00FC_FFFF)) : fl, t.opSize);
    }

    /** POPF/POPFD (SDM Vol. 2B): the rules are in the {@code popf} helper; ends the block (TF, IF may change). */
    static void popf(X86Translator t) {
        Inst v = t.pop(t.opSize);
        t.b.call(X86Translator.helper("popf", Helper.WRITES_STATE | Helper.MAY_FAULT), v, t.c(t.opSize == 32 ? 1 : 0));
        t.flagsUnknown();
        t.exitTo(t.nextPc, ExitReason.RECHECK);
    }
}
