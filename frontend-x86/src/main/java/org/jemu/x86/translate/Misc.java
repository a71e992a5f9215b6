package org.jemu.x86.translate;

import java.util.Map;
import org.jemu.translator.exec.GuestLog;
import org.jemu.translator.ir.ExitReason;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.x86.cpu.X86Cpu;

/**
 * Miscellaneous and system instructions (SDM Vol. 1 7.3.15..7.3.17, Vol. 3A 2.8): NOP, PAUSE (F3 90),
 * hint NOP (0F 18..1F), UD0/UD1/UD2, CPUID, RDTSC, HLT, IN, OUT; MOV to/from CR0/CR2/CR3/CR4,
 * LGDT/LIDT/SGDT/SIDT, SMSW/LMSW, CLTS, INVD, WBINVD, INVLPG, and the protected-mode descriptor instructions
 * SLDT, STR, LLDT, LTR, LAR, LSL, VERR, VERW, ARPL (SDM Vol. 3A 2.8 "System Instruction Summary").
 */
final class Misc {
    private Misc() {
    }

    static void register(Map<String, X86Translator.Handler> m) {
        m.put("NOP", t -> { });
        m.put("UD2", X86Translator::undefined);
        m.put("UD0", X86Translator::undefined);
        m.put("UD1", X86Translator::undefined);
        m.put("CPUID", t -> {
            t.b.call(X86Translator.helper("cpuid", Helper.WRITES_STATE));
        });
        m.put("RDTSC", Misc::rdtsc);
        m.put("HLT", Misc::hlt);
        m.put("IN", Misc::in);
        m.put("OUT", Misc::out);
        m.put("CLTS", t -> system(t, "clts", null));
        m.put("INVD", t -> privileged(t));
        m.put("WBINVD", t -> privileged(t));
        m.put("INVLPG", t -> system(t, "invlpg", t.mem().addr(1, false)));
        m.put("LGDT", t -> loadTable(t, 0));
        m.put("LIDT", t -> loadTable(t, 1));
        m.put("SGDT", t -> storeTable(t, 0));
        m.put("SIDT", t -> storeTable(t, 1));
        m.put("SMSW", Misc::smsw);
        m.put("LMSW", t -> system(t, "lmsw", t.rm(16, false).read()));
        m.put("SLDT", t -> storeSystemSelector(t, 0));
        m.put("STR", t -> storeSystemSelector(t, 1));
        m.put("LLDT", t -> loadSystemSelector(t, "lldt"));
        m.put("LTR", t -> loadSystemSelector(t, "ltr"));
        m.put("LAR", t -> verify(t, 0));
        m.put("LSL", t -> verify(t, 1));
        m.put("VERR", t -> verify(t, 2));
        m.put("VERW", t -> verify(t, 3));
        m.put("ARPL", Misc::arpl);
    }

    /** True (after emitting #UD) if the instruction is not recognised in real-address or virtual-8086 mode. */
    private static boolean protectedOnly(X86Translator t) {
        if (!t.pe || t.vm) {
            t.undefined();
            return true;
        }
        return false;
    }

    /**
     * SLDT (0) / STR (1) r/m (SDM Vol. 2B): store the LDTR / TR selector; a register destination gets it
     * zero-extended to the operand size, memory gets 16 bits. #UD in real-address and virtual-8086 mode.
     */
    static void storeSystemSelector(X86Translator t, int which) {
        if (protectedOnly(t)) {
            return;
        }
        Inst v = t.b.call(X86Translator.helper("readSystemSelector", Helper.READS_STATE), t.c(which));
        if (t.insn.mod() == 3) {
            t.writeReg(t.insn.rm(), t.opSize, v);
        } else {
            t.rm(16, true).write(v);
        }
    }

    /** LLDT / LTR r/m16 (SDM Vol. 2A): the helper checks CPL and the descriptor. #UD outside protected mode. */
    static void loadSystemSelector(X86Translator t, String helper) {
        if (protectedOnly(t)) {
            return;
        }
        system(t, helper, t.rm(16, false).read());
    }

    /**
     * LAR (0), LSL (1) r, r/m16, VERR (2), VERW (3) r/m16 (SDM Vol. 2A "LAR", "LSL", Vol. 2B "VERR/VERW"): ZF = 1
     * and, for LAR/LSL, the destination = access rights (16-bit: masked to FF00h) / segment limit if the
     * selector passes the checks of {@code ProtectedMode.verify}; else ZF = 0 and the destination is unchanged.
     */
    static void verify(X86Translator t, int which) {
        if (protectedOnly(t)) {
            return;
        }
        var ir = t.b;
        Inst sel = t.rm(16, false).read();
        Inst v = ir.call(X86Translator.helper("verifySelector", Helper.MAY_FAULT), sel, t.c(which));
        Inst zf = ir.trunc(ir.lshr(v, ir.c64(32)));
        if (which <= 1) {
            Inst res = ir.trunc(v);
            Inst old = t.readReg(t.reg(), t.opSize);
            t.writeReg(t.reg(), t.opSize, ir.select(zf, t.trunc(res, t.opSize), old));
        }
        setZf(t, zf);
    }

    /**
     * ARPL r/m16, r16 (SDM Vol. 2A "ARPL"): if the destination selector's RPL is below the source's, raise it
     * to the source's and set ZF, else clear ZF. (A memory destination is always written back.) #UD outside
     * protected mode.
     */
    static void arpl(X86Translator t) {
        if (protectedOnly(t)) {
            return;
        }
        var ir = t.b;
        X86Translator.Rm dst = t.rm(16, true);
        Inst d = dst.read();
        Inst srcRpl = ir.and(t.readReg(t.reg(), 16), t.c(3));
        Inst lower = ir.cmp(org.jemu.translator.ir.Op.ULT, ir.and(d, t.c(3)), srcRpl);
        dst.write(ir.select(lower, ir.or(ir.and(d, t.c(0xFFFC)), srcRpl), d));
        setZf(t, lower);
    }

    /** Queues EFLAGS with ZF = {@code zf} (0/1) and the other flags unchanged. */
    private static void setZf(X86Translator t, Inst zf) {
        var ir = t.b;
        t.setEflags(ir.or(ir.and(t.eflags(), t.c(~X86Cpu.ZF)), ir.shl(zf, t.c(6))));
    }

    /** RDTSC (SDM Vol. 2B): EDX:EAX = the time-stamp counter (see {@code X86Helpers.rdtsc}). */
    static void rdtsc(X86Translator t) {
        var ir = t.b;
        Inst tsc = ir.call(X86Translator.helper("rdtsc", Helper.MAY_FAULT));
        t.writeReg(0, 32, ir.trunc(tsc));
        t.writeReg(2, 32, ir.trunc(ir.lshr(tsc, ir.c64(32))));
    }

    /** HLT (SDM Vol. 2A): the CPU halts after the instruction until an interrupt (or NMI) arrives. */
    static void hlt(X86Translator t) {
        t.b.call(X86Translator.helper("hlt", Helper.MAY_FAULT | Helper.SIDE_EFFECT));
        t.exitTo(t.nextPc, ExitReason.HALT);
    }

    private static Inst port(X86Translator t, int operand) {
        Long k = t.constOperand(operand);
        return k != null ? t.c((int) (k & 0xFF)) : t.readReg(2, 16);
    }

    /** IN AL/eAX, imm8/DX (SDM Vol. 2A "IN"), through {@link org.jemu.x86.cpu.PortIo}. */
    static void in(X86Translator t) {
        int bits = t.operandBits(0);
        Inst v = t.b.call(X86Translator.helper("in", Helper.MAY_FAULT | Helper.SIDE_EFFECT), port(t, 1), t.c(bits / 8));
        t.writeReg(0, bits, v);
    }

    /** OUT imm8/DX, AL/eAX (SDM Vol. 2B "OUT"); ends the block so a device interrupt is seen at once. */
    static void out(X86Translator t) {
        int bits = t.operandBits(1);
        t.b.call(X86Translator.helper("out", Helper.MAY_FAULT | Helper.SIDE_EFFECT), port(t, 0), t.c(bits / 8),
                t.readReg(0, bits));
        t.exitTo(t.nextPc, ExitReason.RECHECK);
    }

    /** A privileged no-op (INVD, WBINVD: no caches are modelled): #GP(0) unless CPL 0. */
    static void privileged(X86Translator t) {
        t.b.call(X86Translator.helper("privileged", Helper.MAY_FAULT_ONLY));
    }

    /** A system helper {@code name} (CPL 0 only; may change the mode), then back to the loop. */
    static void system(X86Translator t, String name, Inst arg) {
        Helper h = X86Translator.helper(name, Helper.WRITES_STATE | Helper.MAY_FAULT | Helper.SIDE_EFFECT);
        if (arg == null) {
            t.b.call(h);
        } else {
            t.b.call(h, arg);
        }
        t.exitTo(t.nextPc, ExitReason.RECHECK);
    }

    /**
     * MOV CRn, r32 / MOV r32, CRn (SDM Vol. 2B "MOV—Move to/from Control Registers"); debug registers are a
     * later phase (#UD with a log line).
     */
    static void movControl(X86Translator t) {
        char d = t.insn.entry().operands().get(0).method();
        char s = t.insn.entry().operands().get(1).method();
        int n = t.reg();
        if (d == 'D' || s == 'D') {
            if (GuestLog.on(GuestLog.UNIMP)) {
                GuestLog.log(String.format("x86: MOV DRn at 0x%x not implemented yet", t.pc));
            }
            t.undefined();
            return;
        }
        if (d == 'C') {
            Helper h = X86Translator.helper("writeCr", Helper.WRITES_STATE | Helper.MAY_FAULT | Helper.SIDE_EFFECT);
            t.b.call(h, t.c(n), t.readReg(t.insn.rm(), 32));
            t.exitTo(t.nextPc, ExitReason.RECHECK);
            return;
        }
        Inst v = t.b.call(X86Translator.helper("readCr", Helper.MAY_FAULT), t.c(n));
        t.writeReg(t.insn.rm(), 32, v);
    }

    /** LGDT (0) / LIDT (1) m16&amp;32 (SDM Vol. 2A): limit word then base (24 bits with a 16-bit operand size). */
    static void loadTable(X86Translator t, int which) {
        var ir = t.b;
        Inst limit = t.load(t.mem().addr(2, false), 16);
        Inst base = t.load(t.memPlus(2).addr(4, false), 32);
        if (t.opSize == 16) {
            base = ir.and(base, t.c(0xFF_FFFF));
        }
        Helper h = X86Translator.helper("loadTable", Helper.MAY_FAULT | Helper.SIDE_EFFECT);
        ir.call(h, t.c(which), base, limit);
    }

    /** SGDT (0) / SIDT (1) m (SDM Vol. 2B): stores the limit word and the base (16-bit operand size: 24 bits, then 0). */
    static void storeTable(X86Translator t, int which) {
        var ir = t.b;
        Inst v = ir.call(X86Translator.helper("readTable", Helper.READS_STATE), t.c(which));
        Inst base = ir.trunc(ir.lshr(v, ir.c64(16)));
        if (t.opSize == 16) {
            base = ir.and(base, t.c(0xFF_FFFF));
        }
        t.store(t.mem().addr(2, true), ir.trunc(v), 16);
        t.store(t.memPlus(2).addr(4, true), base, 32);
    }

    /** SMSW r/m (SDM Vol. 2B): the machine status word (CR0 bits 15:0; a 32-bit register gets all of CR0). */
    static void smsw(X86Translator t) {
        Inst cr0 = t.b.call(X86Translator.helper("readCr0", Helper.READS_STATE));
        if (t.insn.mod() == 3) {
            t.writeReg(t.insn.rm(), t.opSize, cr0);
        } else {
            t.rm(16, true).write(cr0);
        }
    }
}
