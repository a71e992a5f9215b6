package org.jemu.x86.x87;

import static org.jemu.x86.cpu.X86Cpu.FPR_M;
import static org.jemu.x86.cpu.X86Cpu.FPR_SE;
import static org.jemu.x86.cpu.X86Cpu.FPU_SW;
import static org.jemu.x86.cpu.X86Cpu.FPU_TW;

import java.util.HashMap;
import java.util.Map;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.memory.SoftMmu;
import org.jemu.x86.cpu.X86Cpu;

/**
 * The MMX instructions (SDM Vol. 1 chapter 9, Vol. 2 instruction pages): one helper, {@link #exec}, per
 * instruction, with an instruction word built from {@link #lookup}'s operation, the MMX registers of ModRM.reg
 * and ModRM.rm and {@link #MEM}.
 *
 * <p>State (9.2, 9.5.1): MM0..MM7 are the significands (bits 63:0) of the physical x87 registers R0..R7, whatever
 * TOP is. Every MMX instruction but EMMS sets TOP to 0 and marks all eight registers valid in the tag word (in
 * jemu's full tag word: the tag the register's contents give, never "empty"); a write to MMi also sets bits 79:64
 * of Ri (sign and exponent) to all 1s. EMMS marks every register empty (Vol. 1 9.5.1 and its table "Effects of
 * MMX Instructions on x87 FPU State").
 *
 * <p>Checks, in the order of Vol. 3A Table 2-2 and the instruction pages' "Protected Mode Exceptions": #UD if
 * CR0.EM = 1, #NM if CR0.TS = 1, then a pending unmasked x87 exception (FSW.ES): #MF with CR0.NE = 1, otherwise
 * the FERR# output is asserted and the instruction runs (as {@link X87#exec} does for the waiting x87
 * instructions). Memory operands are read (and stored) before any register changes, so a page fault leaves the
 * MMX/x87 state as it was.
 */
public final class Mmx {
    private Mmx() {
    }

    /** Instruction word: bits 7:0 the operation, 10:8 ModRM.reg (P), 13:11 ModRM.rm (Q or N), 14 memory form. */
    public static final int REG_SHIFT = 8, RM_SHIFT = 11, MEM = 1 << 14;

    static final int EMMS = 1, MOVD_TO = 2, MOVD_FROM = 3, MOVQ_TO = 4, MOVQ_FROM = 5;
    static final int PADDB = 10, PADDW = 11, PADDD = 12, PADDSB = 13, PADDSW = 14, PADDUSB = 15, PADDUSW = 16;
    static final int PSUBB = 20, PSUBW = 21, PSUBD = 22, PSUBSB = 23, PSUBSW = 24, PSUBUSB = 25, PSUBUSW = 26;
    static final int PCMPEQB = 30, PCMPEQW = 31, PCMPEQD = 32, PCMPGTB = 33, PCMPGTW = 34, PCMPGTD = 35;
    static final int PMULLW = 40, PMULHW = 41, PMADDWD = 42;
    static final int PAND = 50, PANDN = 51, POR = 52, PXOR = 53;
    static final int PSLLW = 60, PSLLD = 61, PSLLQ = 62, PSRLW = 63, PSRLD = 64, PSRLQ = 65, PSRAW = 66, PSRAD = 67;
    /** The same shifts with an immediate count (Grp12..14): {@code op + IMM}. */
    static final int IMM = 10;
    static final int PACKSSWB = 80, PACKSSDW = 81, PACKUSWB = 82;
    static final int PUNPCKLBW = 90, PUNPCKLWD = 91, PUNPCKLDQ = 92, PUNPCKHBW = 93, PUNPCKHWD = 94, PUNPCKHDQ = 95;

    private static final Map<String, Integer> TABLE = new HashMap<>();

    static {
        String[] names = {"PADDB", "PADDW", "PADDD", "PADDSB", "PADDSW", "PADDUSB", "PADDUSW"};
        for (int i = 0; i < names.length; i++) {
            TABLE.put(names[i], PADDB + i);
            TABLE.put(names[i].replace("PADD", "PSUB"), PSUBB + i);
        }
        String[] cmp = {"PCMPEQB", "PCMPEQW", "PCMPEQD", "PCMPGTB", "PCMPGTW", "PCMPGTD"};
        for (int i = 0; i < cmp.length; i++) {
            TABLE.put(cmp[i], PCMPEQB + i);
        }
        TABLE.put("PMULLW", PMULLW);
        TABLE.put("PMULHW", PMULHW);
        TABLE.put("PMADDWD", PMADDWD);
        TABLE.put("PAND", PAND);
        TABLE.put("PANDN", PANDN);
        TABLE.put("POR", POR);
        TABLE.put("PXOR", PXOR);
        String[] sh = {"PSLLW", "PSLLD", "PSLLQ", "PSRLW", "PSRLD", "PSRLQ", "PSRAW", "PSRAD"};
        for (int i = 0; i < sh.length; i++) {
            TABLE.put(sh[i], PSLLW + i);
        }
        TABLE.put("PACKSSWB", PACKSSWB);
        TABLE.put("PACKSSDW", PACKSSDW);
        TABLE.put("PACKUSWB", PACKUSWB);
        String[] un = {"PUNPCKLBW", "PUNPCKLWD", "PUNPCKLDQ", "PUNPCKHBW", "PUNPCKHWD", "PUNPCKHDQ"};
        for (int i = 0; i < un.length; i++) {
            TABLE.put(un[i], PUNPCKLBW + i);
        }
        TABLE.put("EMMS", EMMS);
    }

    /** Every MMX mnemonic of the opcode maps (for the model gate and the coverage checks). */
    public static final java.util.Set<String> MNEMONICS;

    static {
        java.util.Set<String> s = new java.util.TreeSet<>(TABLE.keySet());
        s.add("MOVD");
        s.add("MOVQ");
        MNEMONICS = java.util.Collections.unmodifiableSet(s);
    }

    /**
     * The operation of the opcode-map cell: {@code opcode} 0F xx (0F00h | xx), {@code mnemonic}; -1 if not MMX.
     */
    public static int lookup(int opcode, String mnemonic) {
        switch (opcode) {
            case 0x0F6E:
                return MOVD_TO;
            case 0x0F7E:
                return MOVD_FROM;
            case 0x0F6F:
                return MOVQ_TO;
            case 0x0F7F:
                return MOVQ_FROM;
            default:
                break;
        }
        Integer op = TABLE.get(mnemonic);
        if (op == null) {
            return -1;
        }
        return opcode >= 0x0F71 && opcode <= 0x0F73 ? op + IMM : op;
    }

    /** Bytes of the memory operand of operation {@code op} and whether it is written: {size, write ? 1 : 0}. */
    public static int[] memOperand(int op) {
        return switch (op) {
            case MOVD_TO, PUNPCKLBW, PUNPCKLWD, PUNPCKLDQ -> new int[] {4, 0};
            case MOVD_FROM -> new int[] {4, 1};
            case MOVQ_FROM -> new int[] {8, 1};
            default -> new int[] {8, 0};
        };
    }

    /** MOVD r32, mm: the helper returns the value for the general register. */
    public static boolean writesGpr(int word) {
        return (word & 0xFF) == MOVD_FROM && (word & MEM) == 0;
    }

    /** MOVD mm, r32: the general register's value is the helper's {@code arg}. */
    public static boolean readsGpr(int word) {
        return (word & 0xFF) == MOVD_TO && (word & MEM) == 0;
    }

    /** MMi (the significand of physical register Ri). */
    public static long mm(X86Cpu c, int i) {
        return c.regs[FPR_M + i];
    }

    private static int mmu(X86Cpu c) {
        return c.cpl() == 3 ? X86Cpu.MMU_IDX_USER : X86Cpu.MMU_IDX_SUPER;
    }

    private static long ld(X86Cpu c, long addr, int bytes) {
        long v = SoftMmu.load(c, addr & 0xFFFF_FFFFL, MemOp.of(bytes, false, false, mmu(c)));
        return bytes == 4 ? v & 0xFFFF_FFFFL : v;
    }

    private static void st(X86Cpu c, long addr, int bytes, long v) {
        SoftMmu.store(c, addr & 0xFFFF_FFFFL, v, MemOp.of(bytes, false, false, mmu(c)));
    }

    /** The x87 state every MMX instruction but EMMS leaves (9.5.1): TOP = 0, every register tagged valid. */
    private static void enter(X86Cpu c) {
        c.regs[FPU_SW] &= ~0x3800L;
        int tw = 0;
        for (int p = 0; p < 8; p++) {
            tw |= X87.tagOf(X87.reg(c, p)) << (2 * p);
        }
        c.regs[FPU_TW] = tw;
    }

    /** Writes MMi: the significand, sign and exponent all 1s, the register's tag. */
    private static void write(X86Cpu c, int i, long v) {
        c.regs[FPR_M + i] = v;
        c.regs[FPR_SE + i] = 0xFFFF;
        c.regs[FPU_TW] = (c.regs[FPU_TW] & ~(3L << (2 * i))) | (long) X87.tagOf(X87.reg(c, i)) << (2 * i);
    }

    /**
     * The CR0 checks of an MMX instruction: #UD if CR0.EM = 1, else #NM if CR0.TS = 1. Called before the memory
     * operand's segment checks too: #UD and #NM are faults from decoding the instruction (SDM Vol. 3A 6.9, Table
     * 6-2, priority 7), ahead of the #GP/#SS/#PF of its operands (priority 8).
     *
     * @throws org.jemu.translator.exec.GuestFault #UD or #NM
     */
    public static void checkAvailable(X86Cpu cpu) {
        int cr0 = cpu.cr0;
        if ((cr0 & X86Cpu.CR0_EM) != 0) {
            throw cpu.fault(X86Cpu.EXC_UD, -1);
        }
        if ((cr0 & X86Cpu.CR0_TS) != 0) {
            throw cpu.fault(X86Cpu.EXC_NM, -1);
        }
    }

    /**
     * Executes one MMX instruction.
     *
     * @param word the instruction word ({@link #lookup}'s operation, registers, {@link #MEM})
     * @param addr the memory operand's linear address (segment checks done), or 0
     * @param arg  MOVD mm, r32: the register's value; the immediate shifts: the count (imm8); otherwise 0
     * @return MOVD r32, mm: the value for the register; otherwise 0
     * @throws org.jemu.translator.exec.GuestFault #UD (CR0.EM), #NM (CR0.TS), #MF (pending x87 exception with
     *         CR0.NE), or a fault of the memory access
     */
    public static long exec(X86Cpu cpu, int word, long addr, long arg) {
        checkAvailable(cpu);
        int cr0 = cpu.cr0;
        if ((cpu.regs[FPU_SW] & X87.ES) != 0) {
            if ((cr0 & X86Cpu.CR0_NE) != 0) {
                throw cpu.fault(X86Cpu.EXC_MF, -1);
            }
            cpu.setFerr(true);
        }
        int op = word & 0xFF;
        int p = (word >>> REG_SHIFT) & 7;
        int q = (word >>> RM_SHIFT) & 7;
        boolean mem = (word & MEM) != 0;
        switch (op) {
            case EMMS -> {
                cpu.regs[FPU_TW] = 0xFFFF;
                return 0;
            }
            case MOVD_TO -> {
                long v = mem ? ld(cpu, addr, 4) : arg & 0xFFFF_FFFFL;
                enter(cpu);
                write(cpu, p, v);
                return 0;
            }
            case MOVD_FROM -> {
                long v = mm(cpu, p) & 0xFFFF_FFFFL;
                if (mem) {
                    st(cpu, addr, 4, v);
                }
                enter(cpu);
                return v;
            }
            case MOVQ_TO -> {
                long v = mem ? ld(cpu, addr, 8) : mm(cpu, q);
                enter(cpu);
                write(cpu, p, v);
                return 0;
            }
            case MOVQ_FROM -> {
                long v = mm(cpu, p);
                if (mem) {
                    st(cpu, addr, 8, v);
                }
                enter(cpu);
                if (!mem) {
                    write(cpu, q, v);
                }
                return 0;
            }
            default -> {
                if (op >= PSLLW + IMM && op <= PSRAD + IMM) {
                    long v = shift(op - IMM, mm(cpu, q), arg & 0xFF);
                    enter(cpu);
                    write(cpu, q, v);
                    return 0;
                }
                long src = mem ? ld(cpu, addr, memOperand(op)[0]) : mm(cpu, q);
                long v = compute(op, mm(cpu, p), src);
                enter(cpu);
                write(cpu, p, v);
                return 0;
            }
        }
    }

    // ---- the operations (Vol. 2 instruction pages) ---------------------------------------------------------------

    /** Lane {@code i} of width {@code w} bits, zero-extended. */
    private static long lane(long v, int w, int i) {
        return w == 64 ? v : (v >>> (w * i)) & ((1L << w) - 1);
    }

    /** Lane {@code i} of width {@code w}, sign-extended. */
    private static long slane(long v, int w, int i) {
        return (v << (64 - w * (i + 1))) >> (64 - w);
    }

    private static long put(long acc, int w, int i, long x) {
        return acc | (x & ((1L << w) - 1)) << (w * i);
    }

    private static long sat(long x, long lo, long hi) {
        return Math.max(lo, Math.min(hi, x));
    }

    /** The result of binary operation {@code op} with destination {@code a} and source {@code b}. */
    static long compute(int op, long a, long b) {
        switch (op) {
            case PAND:
                return a & b;
            case PANDN:
                return ~a & b;
            case POR:
                return a | b;
            case PXOR:
                return a ^ b;
            case PSLLW, PSLLD, PSLLQ, PSRLW, PSRLD, PSRLQ, PSRAW, PSRAD:
                return shift(op, a, b);
            case PMADDWD: {
                long r = 0;
                for (int i = 0; i < 2; i++) {
                    long s = slane(a, 16, 2 * i) * slane(b, 16, 2 * i) + slane(a, 16, 2 * i + 1) * slane(b, 16, 2 * i + 1);
                    r = put(r, 32, i, s);
                }
                return r;
            }
            case PACKSSWB, PACKUSWB: {
                long r = 0;
                for (int i = 0; i < 8; i++) {
                    long x = slane(i < 4 ? a : b, 16, i & 3);
                    r = put(r, 8, i, op == PACKSSWB ? sat(x, -128, 127) : sat(x, 0, 255));
                }
                return r;
            }
            case PACKSSDW: {
                long r = 0;
                for (int i = 0; i < 4; i++) {
                    r = put(r, 16, i, sat(slane(i < 2 ? a : b, 32, i & 1), -32768, 32767));
                }
                return r;
            }
            case PUNPCKLBW, PUNPCKLWD, PUNPCKLDQ, PUNPCKHBW, PUNPCKHWD, PUNPCKHDQ: {
                int w = 8 << ((op - PUNPCKLBW) % 3);
                int n = 64 / w;
                int base = op >= PUNPCKHBW ? n / 2 : 0;
                long r = 0;
                for (int i = 0; i < n / 2; i++) {
                    r = put(r, w, 2 * i, lane(a, w, base + i));
                    r = put(r, w, 2 * i + 1, lane(b, w, base + i));
                }
                return r;
            }
            default:
                break;
        }
        int w = switch (op) {
            case PADDB, PADDSB, PADDUSB, PSUBB, PSUBSB, PSUBUSB, PCMPEQB, PCMPGTB -> 8;
            case PADDW, PADDSW, PADDUSW, PSUBW, PSUBSW, PSUBUSW, PCMPEQW, PCMPGTW, PMULLW, PMULHW -> 16;
            case PADDD, PSUBD, PCMPEQD, PCMPGTD -> 32;
            default -> throw new IllegalArgumentException("MMX operation " + op);
        };
        long smin = -(1L << (w - 1));
        long smax = (1L << (w - 1)) - 1;
        long umax = (1L << w) - 1;
        long r = 0;
        for (int i = 0; i < 64 / w; i++) {
            long ua = lane(a, w, i);
            long ub = lane(b, w, i);
            long sa = slane(a, w, i);
            long sb = slane(b, w, i);
            long x = switch (op) {
                case PADDB, PADDW, PADDD -> ua + ub;
                case PSUBB, PSUBW, PSUBD -> ua - ub;
                case PADDSB, PADDSW -> sat(sa + sb, smin, smax);
                case PSUBSB, PSUBSW -> sat(sa - sb, smin, smax);
                case PADDUSB, PADDUSW -> sat(ua + ub, 0, umax);
                case PSUBUSB, PSUBUSW -> sat(ua - ub, 0, umax);
                case PCMPEQB, PCMPEQW, PCMPEQD -> ua == ub ? -1 : 0;
                case PCMPGTB, PCMPGTW, PCMPGTD -> sa > sb ? -1 : 0;
                case PMULLW -> sa * sb;
                default -> (sa * sb) >> 16;     // PMULHW
            };
            r = put(r, w, i, x);
        }
        return r;
    }

    /**
     * PSLL/PSRL/PSRA of {@code a} by the unsigned 64-bit {@code count}: counts above the lane width minus one
     * give 0 (logical) or the sign in every bit (arithmetic).
     */
    static long shift(int op, long a, long count) {
        int w = switch (op) {
            case PSLLW, PSRLW, PSRAW -> 16;
            case PSLLD, PSRLD, PSRAD -> 32;
            default -> 64;
        };
        boolean arith = op == PSRAW || op == PSRAD;
        boolean big = Long.compareUnsigned(count, w - 1) > 0;
        if (big && !arith) {
            return 0;
        }
        int c = big ? w - 1 : (int) count;
        if (w == 64) {
            return op == PSLLQ ? a << c : a >>> c;
        }
        long r = 0;
        for (int i = 0; i < 64 / w; i++) {
            long x = switch (op) {
                case PSLLW, PSLLD -> lane(a, w, i) << c;
                case PSRLW, PSRLD -> lane(a, w, i) >>> c;
                default -> slane(a, w, i) >> c;
            };
            r = put(r, w, i, x);
        }
        return r;
    }
}
