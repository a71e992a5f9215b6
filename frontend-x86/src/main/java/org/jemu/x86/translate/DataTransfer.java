package org.jemu.x86.translate;

import java.util.Map;
import org.jemu.translator.ir.ExitReason;
import org.jemu.translator.ir.Helper;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;
import org.jemu.x86.cpu.X86Cpu;
import org.jemu.x86.decode.OpcodeMaps;
import org.jemu.x86.decode.OperandSpec;

/**
 * Data transfer instructions (SDM Vol. 1 7.3.1): MOV (general, segment, moffs, immediate; control
 * registers in {@link Misc}), CMOVcc, XCHG, XADD, CMPXCHG, CMPXCHG8B, BSWAP, PUSH, POP, PUSHA/PUSHAD,
 * POPA/POPAD, ENTER, LEAVE, CBW/CWDE, CWD/CDQ, MOVZX, MOVSX, LEA, LDS/LES/LFS/LGS/LSS, XLAT.
 */
final class DataTransfer {
    private DataTransfer() {
    }

    static void register(Map<String, X86Translator.Handler> m) {
        m.put("MOV", DataTransfer::mov);
        for (int cc = 0; cc < 16; cc++) {
            int c = cc;
            m.put("CMOV" + OpcodeMaps.CC.get(cc), t -> cmov(t, c));
        }
        m.put("XCHG", DataTransfer::xchg);
        m.put("XADD", DataTransfer::xadd);
        m.put("CMPXCHG", DataTransfer::cmpxchg);
        m.put("CMPXCHG8B", DataTransfer::cmpxchg8b);
        m.put("BSWAP", DataTransfer::bswap);
        m.put("PUSH", DataTransfer::push);
        m.put("POP", DataTransfer::pop);
        m.put("PUSHA/PUSHAD", DataTransfer::pusha);
        m.put("POPA/POPAD", DataTransfer::popa);
        m.put("ENTER", DataTransfer::enter);
        m.put("LEAVE", DataTransfer::leave);
        m.put("CBW/CWDE", DataTransfer::cbw);
        m.put("CWD/CDQ", DataTransfer::cwd);
        m.put("MOVZX", t -> movx(t, false));
        m.put("MOVSX", t -> movx(t, true));
        m.put("LEA", DataTransfer::lea);
        m.put("LES", t -> loadFarPointer(t, X86Cpu.ES));
        m.put("LDS", t -> loadFarPointer(t, X86Cpu.DS));
        m.put("LSS", t -> loadFarPointer(t, X86Cpu.SS));
        m.put("LFS", t -> loadFarPointer(t, X86Cpu.FS));
        m.put("LGS", t -> loadFarPointer(t, X86Cpu.GS));
        m.put("XLAT", DataTransfer::xlat);
    }

    private static char method(X86Translator t, int i) {
        return t.insn.entry().operands().get(i).method();
    }

    /** MOV (SDM Vol. 2B "MOV"): all forms; segment register forms load the segment. */
    static void mov(X86Translator t) {
        char d = method(t, 0);
        char s = method(t, 1);
        if (d == 'C' || s == 'C' || d == 'D' || s == 'D') {
            Misc.movControl(t);
            return;
        }
        if (s == 'S') {
            // MOV r/m16, Sreg: a register destination gets the selector zero-extended to the operand size
            Inst sel = t.b.get32(X86Cpu.SEG_SEL + t.reg());
            if (t.insn.mod() == 3) {
                t.writeReg(t.insn.rm(), t.opSize, sel);
            } else {
                t.rm(16, true).write(sel);
            }
            return;
        }
        if (d == 'S') {
            Inst sel = t.rm(16, false).read();
            loadSegment(t, t.reg(), sel);
            return;
        }
        X86Translator.Opnd dst = t.operand(0, true);
        Inst v = t.operand(1, false).read();
        dst.write(t.trunc(v, dst.bits()));
    }

    /**
     * Loads segment register {@code seg} with {@code sel} (I32): inline in real-address mode, through
     * {@code X86Helpers.loadSegment} otherwise, which ends the block (the mode bits may change).
     * Must be the last thing the instruction emits before its queued writes.
     */
    static void loadSegment(X86Translator t, int seg, Inst sel) {
        String m = t.insn.entry().mnemonic();
        if (seg == X86Cpu.SS && (m.equals("MOV") || m.equals("POP"))) {
            t.inhibitTrap = true;
        }
        if (!t.pe) {
            Inst s16 = t.b.and(sel, t.c(0xFFFF));
            t.writeSlot(X86Cpu.SEG_SEL + seg, s16);
            t.writeSlot(X86Cpu.SEG_BASE + seg, t.b.shl(s16, t.c(4)));
            return;
        }
        t.b.call(X86Translator.helper("loadSegment", Helper.WRITES_STATE | Helper.MAY_FAULT), t.c(seg), sel);
        t.exitTo(t.nextPc, ExitReason.RECHECK);
    }

    /** CMOVcc (SDM Vol. 2A): the source is always read; DEST = SRC if the condition holds. */
    static void cmov(X86Translator t, int cc) {
        X86Translator.Opnd dst = t.operand(0, true);
        Inst src = t.operand(1, false).read();
        Inst old = dst.read();
        dst.write(t.b.select(t.cond(cc), src, old));
    }

    /** XCHG (SDM Vol. 2B): exchanges the operands (a memory operand is accessed as a locked read-modify-write). */
    static void xchg(X86Translator t) {
        X86Translator.Opnd a = t.operand(0, true);
        X86Translator.Opnd b = t.operand(1, true);
        Inst va = a.read();
        Inst vb = b.read();
        a.write(vb);
        b.write(va);
    }

    /** XADD (SDM Vol. 2B): TEMP = SRC + DEST; SRC = DEST; DEST = TEMP; flags as ADD. */
    static void xadd(X86Translator t) {
        X86Translator.Opnd dst = t.operand(0, true);
        X86Translator.Opnd src = t.operand(1, true);
        int bits = dst.bits();
        Inst d = dst.read();
        Inst s = src.read();
        Inst sum = t.b.add(d, s);
        t.setFlagsOp(org.jemu.x86.cpu.X86Flags.ADD, bits, sum, d, s);
        if (t.insn.mod() == 3) {
            src.write(d);
            dst.write(t.trunc(sum, bits));
        } else {
            dst.write(t.trunc(sum, bits));
            src.write(d);
        }
    }

    /**
     * CMPXCHG (SDM Vol. 2A): compares the accumulator with DEST (flags as CMP); if equal DEST = SRC, else the
     * accumulator = DEST. A memory DEST is always written (with its own value when unequal).
     */
    static void cmpxchg(X86Translator t) {
        X86Translator.Opnd dst = t.operand(0, true);
        int bits = dst.bits();
        var ir = t.b;
        Inst acc = t.readReg(0, bits);
        Inst d = dst.read();
        Inst s = t.operand(1, false).read();
        Inst eq = ir.cmp(Op.EQ, acc, d);
        t.setFlagsOp(org.jemu.x86.cpu.X86Flags.SUB, bits, ir.sub(acc, d), acc, d);
        if (t.insn.mod() == 3) {
            t.writeReg(0, bits, ir.select(eq, acc, d));
            dst.write(ir.select(eq, s, d));
        } else {
            dst.write(ir.select(eq, s, d));
            t.writeReg(0, bits, ir.select(eq, acc, d));
        }
    }

    /**
     * CMPXCHG8B m64 (SDM Vol. 2A): compares EDX:EAX with m64; if equal ZF = 1 and m64 = ECX:EBX, else ZF = 0
     * and EDX:EAX = m64 (the destination is written back in both cases). Other flags unchanged.
     */
    static void cmpxchg8b(X86Translator t) {
        var ir = t.b;
        Inst addr = t.mem().addr(8, true);
        Inst old = ir.load(Type.I64, addr, MemOp.of(8, false, false, t.mmuIdx));
        Inst edxeax = ir.or(ir.shl(ir.zext32(t.readReg(2, 32)), ir.c64(32)), ir.zext32(t.readReg(0, 32)));
        Inst ecxebx = ir.or(ir.shl(ir.zext32(t.readReg(1, 32)), ir.c64(32)), ir.zext32(t.readReg(3, 32)));
        Inst eq = ir.cmp(Op.EQ, old, edxeax);
        ir.store(addr, ir.select(eq, ecxebx, old), MemOp.of(8, false, false, t.mmuIdx));
        Inst res = ir.select(eq, edxeax, old);
        Inst fl = t.eflags();
        t.writeReg(0, 32, ir.trunc(res));
        t.writeReg(2, 32, ir.trunc(ir.lshr(res, ir.c64(32))));
        t.setEflags(ir.or(ir.and(fl, t.c(~X86Cpu.ZF)), ir.shl(eq, t.c(6))));
    }

    /** BSWAP r32 (SDM Vol. 2A); with a 16-bit operand the result is undefined: the register's low word becomes 0. */
    static void bswap(X86Translator t) {
        int r = t.insn.opcodeReg();
        if (t.opSize == 16) {
            t.writeReg(r, 16, t.c(0));
            return;
        }
        t.writeReg(r, 32, t.b.unary(Op.BSWAP, t.readReg(r, 32)));
    }

    private static int segOperand(X86Translator t) {
        OperandSpec o = t.insn.entry().operands().get(0);
        return switch (o.text()) {
            case "ES" -> X86Cpu.ES;
            case "CS" -> X86Cpu.CS;
            case "SS" -> X86Cpu.SS;
            case "DS" -> X86Cpu.DS;
            case "FS" -> X86Cpu.FS;
            case "GS" -> X86Cpu.GS;
            default -> -1;
        };
    }

    /**
     * PUSH (SDM Vol. 2B): register, immediate (6A sign-extended), r/m, segment register (the selector
     * zero-extended to the operand size). PUSH ESP pushes the value before the instruction.
     */
    static void push(X86Translator t) {
        int seg = segOperand(t);
        Inst v;
        if (seg >= 0) {
            v = t.b.get32(X86Cpu.SEG_SEL + seg);
        } else {
            v = t.operand(0, false).read();
        }
        t.push(t.trunc(v, t.opSize), t.opSize);
    }

    /**
     * POP (SDM Vol. 2B): register, r/m (the address is computed with ESP already incremented), segment
     * register. POP ESP loads ESP with the popped value.
     */
    static void pop(X86Translator t) {
        int seg = segOperand(t);
        Inst v = t.pop(t.opSize);
        if (seg >= 0) {
            loadSegment(t, seg, v);
            return;
        }
        if (t.insn.modrm() >= 0 && t.insn.mod() != 3) {
            t.espForEa = t.espAfter();
        }
        t.operand(0, true).write(v);
    }

    /**
     * PUSHA/PUSHAD (SDM Vol. 2B): pushes (E)AX (E)CX (E)DX (E)BX, the original (E)SP, (E)BP (E)SI (E)DI. The
     * eight stores are made from the lowest address up ((E)DI first), as QEMU does; the SDM does not order
     * them, and it only matters for what a fault in the middle leaves in memory.
     */
    static void pusha(X86Translator t) {
        int bits = t.opSize;
        var ir = t.b;
        Inst[] v = new Inst[8];
        for (int r = 0; r < 8; r++) {
            v[r] = t.readReg(r, bits);
        }
        Inst base = ir.sub(t.sp(), t.c(8 * (bits / 8)));
        for (int i = 0; i < 8; i++) {
            Inst a = ir.add(base, t.c(i * (bits / 8)));
            if (!t.ss32) {
                a = ir.and(a, t.c(0xFFFF));
            }
            t.store(t.stackAddr(a, bits / 8, true), v[7 - i], bits);
        }
        t.setSp(base);
    }

    /** POPA/POPAD (SDM Vol. 2B): pops (E)DI (E)SI (E)BP, skips (E)SP, pops (E)BX (E)DX (E)CX (E)AX. */
    static void popa(X86Translator t) {
        int bits = t.opSize;
        Inst[] v = new Inst[8];
        for (int r = 7; r >= 0; r--) {
            v[r] = t.pop(bits);
        }
        for (int r = 7; r >= 0; r--) {
            if (r != X86Cpu.ESP) {
                t.writeReg(r, bits, v[r]);
            }
        }
    }

    /**
     * ENTER imm16, imm8 (SDM Vol. 2A "ENTER"): push (E)BP, copy NestingLevel - 1 frame pointers from the old
     * frame, push the new frame pointer (when NestingLevel &gt; 0), set (E)BP to the frame and reserve imm16
     * bytes. NestingLevel is imm8 mod 32. The frame pointer is written with the operand size ("EBP ←
     * FrameTemp" or "BP ← FrameTemp[15:0]": a 16-bit ENTER on a 32-bit stack keeps EBP's upper half), the
     * stack pointer with the stack size.
     */
    static void enter(X86Translator t) {
        var ir = t.b;
        int bits = t.opSize;
        int alloc = (int) t.insn.imm() & 0xFFFF;
        int level = (int) t.insn.imm2() & 0x1F;
        Inst ebp = t.readReg(X86Cpu.EBP, 32);
        t.push(t.trunc(ebp, bits), bits);
        Inst frameTemp = t.sp();
        if (level > 0) {
            // the frame-pointer copies and the push of FrameTemp, in a helper (up to 32 stack accesses)
            ir.call(X86Translator.helper("enterFrames", Helper.MAY_FAULT), ebp, frameTemp,
                    t.c(level | (bits == 32 ? 0x100 : 0) | (t.ss32 ? 0x200 : 0)));
            t.setSp(ir.sub(frameTemp, t.c(level * (bits / 8))));
        }
        t.setSp(ir.sub(t.sp(), t.c(alloc)));
        t.writeReg(X86Cpu.EBP, bits, frameTemp);
    }

    /** LEAVE (SDM Vol. 2A): (E)SP = (E)BP, then pop (E)BP. */
    static void leave(X86Translator t) {
        Inst bp = t.readReg(X86Cpu.EBP, t.ss32 ? 32 : 16);
        t.setSp(bp);
        Inst v = t.pop(t.opSize);
        t.writeReg(X86Cpu.EBP, t.opSize, v);
    }

    /** CBW/CWDE (SDM Vol. 2A): AX = sign-extend(AL), or EAX = sign-extend(AX). */
    static void cbw(X86Translator t) {
        if (t.opSize == 16) {
            t.writeReg(0, 16, t.sext(t.readReg(0, 8), 8));
        } else {
            t.writeReg(0, 32, t.sext(t.readReg(0, 16), 16));
        }
    }

    /** CWD/CDQ (SDM Vol. 2A): DX:AX = sign-extend(AX), or EDX:EAX = sign-extend(EAX). */
    static void cwd(X86Translator t) {
        if (t.opSize == 16) {
            t.writeReg(2, 16, t.b.ashr(t.sext(t.readReg(0, 16), 16), t.c(31)));
        } else {
            t.writeReg(2, 32, t.b.ashr(t.readReg(0, 32), t.c(31)));
        }
    }

    /** MOVZX/MOVSX (SDM Vol. 2B): zero- or sign-extend r/m8 or r/m16 into the destination register. */
    static void movx(X86Translator t, boolean signed) {
        int srcBits = t.operandBits(1);
        Inst v = t.operand(1, false).read();
        if (signed) {
            v = t.sext(v, srcBits);
        }
        t.writeReg(t.reg(), t.opSize, v);
    }

    /** LEA (SDM Vol. 2A): the effective address (offset, no segment), truncated or zero-extended to the operand size. */
    static void lea(X86Translator t) {
        t.writeReg(t.reg(), t.opSize, t.offset(t.insn.ea()));
    }

    /**
     * LDS/LES/LFS/LGS/LSS (SDM Vol. 2A): loads a far pointer m16:16 or m16:32 (offset first, then the
     * selector) into the segment register and the destination register.
     */
    static void loadFarPointer(X86Translator t, int seg) {
        int bits = t.opSize;
        Inst off = t.load(t.mem().addr(bits / 8, false), bits);
        Inst sel = t.load(t.memPlus(bits / 8).addr(2, false), 16);
        t.writeReg(t.reg(), bits, off);
        loadSegment(t, seg, sel);
    }

    /** XLAT (SDM Vol. 2B): AL = [seg:(E)BX + zero-extend(AL)], seg DS unless overridden. */
    static void xlat(X86Translator t) {
        int seg = t.insn.segOverride() >= 0 ? t.insn.segOverride() : X86Cpu.DS;
        Inst off = t.trunc(t.b.add(t.readReg(X86Cpu.EBX, t.addrSize), t.readReg(0, 8)), t.addrSize);
        t.writeReg(0, 8, t.load(t.linear(seg, off, 1, false), 8));
    }
}
