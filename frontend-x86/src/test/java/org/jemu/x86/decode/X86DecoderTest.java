package org.jemu.x86.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jemu.x86.decode.X86Insn.Fault;
import org.junit.jupiter.api.Test;

/**
 * Forms and lengths written from the Intel SDM Vol. 2 (chapter 2 and the instruction pages) for every
 * operand-type code and addressing mode, in 16- and 32-bit code.
 */
class X86DecoderTest {

    private static final X86Decoder DEC = new X86Decoder();
    private static final int NO = EffectiveAddress.NONE;

    static X86Insn d(int mode, String hex) {
        return DEC.decode(HexFormat.of().parseHex(hex.replace(" ", "")), mode);
    }

    static X86Insn ok(int mode, String hex, String mnemonic, int length) {
        X86Insn i = d(mode, hex);
        assertEquals(Fault.NONE, i.fault(), hex + ": " + i);
        assertEquals(mnemonic, i.mnemonic(), hex);
        assertEquals(length, i.length(), hex + ": " + i);
        return i;
    }

    static void ud(int mode, String hex) {
        X86Insn i = d(mode, hex);
        assertEquals(Fault.UD, i.fault(), hex + ": " + i);
    }

    static void ea(X86Insn i, int base, int index, int scale, long disp, int seg) {
        EffectiveAddress a = i.ea();
        assertEquals(base, a.base(), "base " + a);
        assertEquals(index, a.index(), "index " + a);
        assertEquals(scale, a.scale(), "scale " + a);
        assertEquals(disp, a.displacement(), "disp " + a);
        assertEquals(seg, a.segment(), "segment " + a);
    }

    @Test
    void briefExamples() {
        X86Insn i = ok(32, "66 67 f3 a5", "MOVSW", 4);
        assertEquals(16, i.opSize());
        assertEquals(16, i.addrSize());
        assertEquals(0xF3, i.rep());
        i = ok(32, "8b 44 24 08", "MOV", 4);
        ea(i, 4, NO, 1, 8, EffectiveAddress.SS);
        assertEquals(0, i.reg());
        i = ok(16, "8b 46 fe", "MOV", 3);
        ea(i, 5, NO, 1, -2, EffectiveAddress.SS);
        i = ok(32, "c7 84 88 78 56 34 12 ef be ad de", "MOV", 11);
        ea(i, 0, 1, 4, 0x12345678, EffectiveAddress.DS);
        assertEquals(0xDEADBEEFL, i.imm());
        i = ok(32, "ea 78 56 34 12 08 00", "JMPF", 7);
        assertEquals(0x12345678L, i.imm());
        assertEquals(8, i.imm2());
        i = ok(16, "ea 78 56 34 12", "JMPF", 5);
        assertEquals(0x5678, i.imm());
        assertEquals(0x1234, i.imm2());
        ok(16, "66 ea 78 56 34 12 08 00", "JMPF", 8);
        ok(32, "9a 78 56 34 12 08 00", "CALLF", 7);
    }

    @Test
    void sixteenBitAddressingAllRmForms() {
        int[][] forms = {{3, 6}, {3, 7}, {5, 6}, {5, 7}, {6, NO}, {7, NO}, {5, NO}, {3, NO}};
        for (int rm = 0; rm < 8; rm++) {
            for (int mod = 0; mod < 3; mod++) {
                int modrm = mod << 6 | rm;
                String hex = String.format("8b %02x 34 12", modrm);
                X86Insn i = d(16, hex);
                boolean direct = mod == 0 && rm == 6;
                int len = 2 + (mod == 1 ? 1 : mod == 2 || direct ? 2 : 0);
                assertEquals(len, i.length(), hex);
                int base = direct ? NO : forms[rm][0];
                long disp = mod == 1 ? 0x34 : (mod == 2 || direct) ? 0x1234 : 0;
                int seg = base == 5 ? EffectiveAddress.SS : EffectiveAddress.DS;
                ea(i, base, forms[rm][1], 1, disp, seg);
            }
        }
        ea(ok(16, "8b 46 80", "MOV", 3), 5, NO, 1, -128, EffectiveAddress.SS);
        ea(ok(16, "26 8b 46 fe", "MOV", 4), 5, NO, 1, -2, EffectiveAddress.ES);
        ea(ok(16, "8b 1e 34 12", "MOV", 4), NO, NO, 1, 0x1234, EffectiveAddress.DS);
        ea(ok(16, "8b 86 00 80", "MOV", 4), 5, NO, 1, -0x8000, EffectiveAddress.SS);
        // 67 in 32-bit code selects 16-bit addressing
        ea(ok(32, "67 8b 42 10", "MOV", 4), 5, 6, 1, 0x10, EffectiveAddress.SS);
    }

    @Test
    void thirtyTwoBitAddressing() {
        ea(ok(32, "8b 05 78 56 34 12", "MOV", 6), NO, NO, 1, 0x12345678, EffectiveAddress.DS);
        ea(ok(32, "8b 04 25 78 56 34 12", "MOV", 7), NO, NO, 1, 0x12345678, EffectiveAddress.DS);
        ea(ok(32, "8b 04 8d 00 01 00 00", "MOV", 7), NO, 1, 4, 0x100, EffectiveAddress.DS);
        ea(ok(32, "8b 45 00", "MOV", 3), 5, NO, 1, 0, EffectiveAddress.SS);
        ea(ok(32, "8b 44 25 fc", "MOV", 4), 5, NO, 1, -4, EffectiveAddress.SS);
        ea(ok(32, "8b 84 f3 00 00 00 80", "MOV", 7), 3, 6, 8, -0x80000000L, EffectiveAddress.DS);
        ea(ok(32, "8b 04 24", "MOV", 3), 4, NO, 1, 0, EffectiveAddress.SS);
        ea(ok(32, "8b 03", "MOV", 2), 3, NO, 1, 0, EffectiveAddress.DS);
        ea(ok(32, "8b 40 7f", "MOV", 3), 0, NO, 1, 127, EffectiveAddress.DS);
        ea(ok(32, "64 8b 44 24 08", "MOV", 5), 4, NO, 1, 8, EffectiveAddress.FS);
        // 67 in 16-bit code selects 32-bit addressing with SIB
        ea(ok(16, "67 8b 44 24 08", "MOV", 5), 4, NO, 1, 8, EffectiveAddress.SS);
        X86Insn reg = ok(32, "8b c1", "MOV", 2);
        assertNull(reg.ea());
        assertEquals(3, reg.mod());
        assertEquals(0, reg.reg());
        assertEquals(1, reg.rm());
    }

    @Test
    void segmentOverrideLastWins() {
        assertEquals(EffectiveAddress.DS, ok(32, "26 2e 3e 8b 00", "MOV", 5).ea().segment());
        assertEquals(EffectiveAddress.GS, ok(32, "64 65 8b 00", "MOV", 4).ea().segment());
        assertEquals(EffectiveAddress.GS, ok(32, "64 65 8b 00", "MOV", 4).segOverride());
        assertEquals(0xF2, ok(32, "f3 f2 a6", "CMPSB", 3).rep());
        assertEquals(0xF3, ok(32, "f2 f3 a6", "CMPSB", 3).rep());
    }

    @Test
    void immediatesBySizeCode() {
        assertEquals(0x12, ok(32, "04 12", "ADD", 2).imm());                       // AL,Ib
        assertEquals(0x12345678L, ok(32, "05 78 56 34 12", "ADD", 5).imm());       // rAX,Iz
        assertEquals(0x5678, ok(32, "66 05 78 56", "ADD", 4).imm());
        assertEquals(0x5678, ok(16, "05 78 56", "ADD", 3).imm());
        ok(16, "66 05 78 56 34 12", "ADD", 6);
        assertEquals(-1, ok(32, "83 c0 ff", "ADD", 3).imm());                      // Ev,Ib sign-extended
        assertEquals(0xFF, ok(32, "80 c0 ff", "ADD", 3).imm());                    // Eb,Ib
        assertEquals(0xFF, ok(32, "82 c0 ff", "ADD", 3).imm());
        assertEquals(0x12345678L, ok(32, "81 c0 78 56 34 12", "ADD", 6).imm());
        assertEquals(-1, ok(32, "6a ff", "PUSH", 2).imm());
        ok(32, "68 78 56 34 12", "PUSH", 5);
        ok(16, "68 78 56", "PUSH", 3);
        assertEquals(-2, ok(32, "6b c0 fe", "IMUL", 3).imm());
        ok(32, "69 c0 78 56 34 12", "IMUL", 6);
        assertEquals(0xFF, ok(32, "c1 e0 ff", "SHL", 3).imm());                    // shift count: not extended
        ok(32, "d1 e0", "SHL", 2);
        ok(32, "d3 e0", "SHL", 2);
        ok(32, "c0 f0 03", "SAL", 3);
        assertEquals(0x12345678L, ok(32, "b8 78 56 34 12", "MOV", 5).imm());      // Zv,Iv
        ok(32, "66 b8 34 12", "MOV", 4);
        assertEquals(3, ok(32, "bb 00 00 00 00", "MOV", 5).opcodeReg());
        ok(32, "b4 12", "MOV", 2);                                                 // Zb,Ib
        X86Insn enter = ok(32, "c8 10 00 01", "ENTER", 4);                         // Iw,Ib
        assertEquals(16, enter.imm());
        assertEquals(1, enter.imm2());
        assertEquals(8, ok(32, "c2 08 00", "RET", 3).imm());
        ok(32, "ca 08 00", "RETF", 3);
        ok(32, "cd 80", "INT", 2);
        ok(32, "e4 60", "IN", 2);
        ok(32, "e7 60", "OUT", 2);
        ok(32, "d4 0a", "AAM", 2);
        ok(32, "f6 c0 12", "TEST", 3);
        ok(32, "f6 c8 12", "TEST", 3);
        ok(32, "f7 c0 78 56 34 12", "TEST", 6);
        ok(16, "f7 c0 34 12", "TEST", 4);
        ok(32, "f7 d0", "NOT", 2);
        ok(32, "f7 3c 24", "IDIV", 3);
        ok(32, "c6 00 12", "MOV", 3);
        ok(32, "c7 00 78 56 34 12", "MOV", 6);
        ok(32, "66 c7 00 34 12", "MOV", 5);
        ok(32, "a9 78 56 34 12", "TEST", 5);
        ok(32, "0f ba e0 05", "BT", 4);
        ok(32, "0f a4 c0 05", "SHLD", 4);
        ok(32, "0f ad c0", "SHRD", 3);
    }

    @Test
    void relativeBranches() {
        assertEquals(-2, ok(32, "eb fe", "JMP", 2).imm());
        assertEquals(0x10, ok(32, "74 10", "JE", 2).imm());
        assertEquals(-5, ok(32, "e8 fb ff ff ff", "CALL", 5).imm());
        ok(16, "e8 fb ff", "CALL", 3);
        ok(32, "66 e8 fb ff", "CALL", 4);
        ok(32, "e9 00 00 00 00", "JMP", 5);
        assertEquals(0x100, ok(32, "0f 84 00 01 00 00", "JE", 6).imm());
        ok(16, "0f 8f 00 01", "JG", 4);
        ok(32, "e2 fe", "LOOP", 2);
        ok(32, "e3 fe", "JECXZ", 2);
        ok(32, "67 e3 fe", "JCXZ", 3);
        ok(16, "e3 fe", "JCXZ", 2);
    }

    @Test
    void moffsByAddressSize() {
        X86Insn i = ok(32, "a1 78 56 34 12", "MOV", 5);
        ea(i, NO, NO, 1, 0x12345678, EffectiveAddress.DS);
        ea(ok(32, "67 a1 34 12", "MOV", 4), NO, NO, 1, 0x1234, EffectiveAddress.DS);
        ea(ok(16, "a0 34 12", "MOV", 3), NO, NO, 1, 0x1234, EffectiveAddress.DS);
        ea(ok(16, "2e a3 34 12", "MOV", 4), NO, NO, 1, 0x1234, EffectiveAddress.CS);
        ok(16, "67 a2 78 56 34 12", "MOV", 6);
        ok(32, "66 a3 78 56 34 12", "MOV", 6);
    }

    @Test
    void mnemonicsBySize() {
        ok(16, "98", "CBW", 1);
        ok(32, "98", "CWDE", 1);
        ok(32, "66 99", "CWD", 2);
        ok(32, "60", "PUSHAD", 1);
        ok(16, "61", "POPA", 1);
        ok(32, "cf", "IRETD", 1);
        ok(32, "6d", "INSD", 1);
        ok(16, "a5", "MOVSW", 1);
        ok(32, "ab", "STOSD", 1);
        ok(32, "9c", "PUSHFD", 1);
    }

    @Test
    void systemAndTwoByteInstructions() {
        ok(32, "0f a2", "CPUID", 2);
        ok(32, "0f 31", "RDTSC", 2);
        ok(32, "0f 32", "RDMSR", 2);
        ok(32, "0f 30", "WRMSR", 2);
        ok(32, "0f 06", "CLTS", 2);
        ok(32, "0f 08", "INVD", 2);
        ok(32, "0f 09", "WBINVD", 2);
        ok(32, "0f 0b", "UD2", 2);
        ok(32, "0f aa", "RSM", 2);
        ok(32, "0f 44 c1", "CMOVE", 3);
        ok(32, "0f 94 c0", "SETE", 3);
        ok(32, "0f bc c1", "BSF", 3);
        ok(32, "0f bd c1", "BSR", 3);
        ok(32, "0f b1 0b", "CMPXCHG", 3);
        ok(32, "0f c1 0b", "XADD", 3);
        ok(32, "0f c9", "BSWAP", 2);
        ok(32, "0f b6 c0", "MOVZX", 3);
        ok(32, "0f bf c0", "MOVSX", 3);
        ok(32, "0f 02 c0", "LAR", 3);
        ok(32, "0f 03 c0", "LSL", 3);
        ok(32, "0f 00 c0", "SLDT", 3);
        ok(32, "0f 00 08", "STR", 3);
        ok(32, "0f 00 d0", "LLDT", 3);
        ok(32, "0f 00 18", "LTR", 3);
        ok(32, "0f 00 e0", "VERR", 3);
        ok(32, "0f 00 28", "VERW", 3);
        ok(32, "0f 01 05 00 00 00 00", "SGDT", 7);
        ok(32, "0f 01 08", "SIDT", 3);
        ok(16, "0f 01 16 34 12", "LGDT", 5);
        ok(32, "0f 01 18", "LIDT", 3);
        ok(32, "0f 01 e0", "SMSW", 3);
        ok(32, "0f 01 f0", "LMSW", 3);
        ok(32, "0f 01 38", "INVLPG", 3);
        ud(32, "0f 01 d0");
        ud(32, "0f 01 f8");
        ud(32, "0f 01 c0");
        assertNull(ok(32, "0f 20 c0", "MOV", 3).ea());
        assertNull(ok(32, "0f 22 00", "MOV", 3).ea());     // mod ignored: still CR0 <- EAX
        ok(32, "0f 21 f8", "MOV", 3);
        ok(32, "0f 23 c0", "MOV", 3);
        ud(32, "0f 20 c8");                                 // CR1
        ok(32, "0f c7 08", "CMPXCHG8B", 3);
        ud(32, "0f c7 c8");
        ok(32, "0f 1f 44 00 00", "NOP", 5);
        ok(32, "0f a0", "PUSH", 2);
        ok(32, "0f a9", "POP", 2);
        ok(32, "0f b2 00", "LSS", 3);
        ok(32, "0f ae 00", "FXSAVE", 3);
        ok(32, "0f b9 00", "UD1", 3);
    }

    @Test
    void x87Escapes() {
        ok(32, "d8 c1", "FADD", 2);
        ok(32, "d8 05 00 00 00 00", "FADD", 6);
        ok(32, "d9 e8", "FLD1", 2);
        ok(32, "d9 ee", "FLDZ", 2);
        ok(32, "d9 ff", "FCOS", 2);
        ok(16, "d9 2e 34 12", "FLDCW", 4);
        ok(32, "da e9", "FUCOMPP", 2);
        ok(32, "db e3", "FNINIT", 2);
        ok(32, "db 28", "FLD", 2);
        ok(32, "dd 44 24 08", "FLD", 4);
        ok(32, "de c1", "FADDP", 2);
        ok(32, "de d9", "FCOMPP", 2);
        ok(32, "df e0", "FNSTSW", 2);
        ok(32, "df 38", "FISTP", 2);
        ok(32, "9b", "FWAIT", 1);
        ud(32, "d9 d8");
        ud(32, "d9 08");
        ud(32, "dd c8");
        ud(32, "df c0");
        ud(32, "de d8");
        ud(32, "db 08");
    }

    @Test
    void undefinedEncodings() {
        ud(32, "8d c0");          // LEA with a register
        ud(32, "c4 c0");          // LES with a register
        ud(32, "62 c0");          // BOUND with a register
        ud(32, "ff ff");          // Grp5 /7
        ud(32, "ff dc");          // CALLF Ep with a register
        ud(32, "ff ec");          // JMPF Mp with a register
        ok(32, "ff 18", "CALLF", 2);
        ud(32, "fe 10");          // Grp4 /2
        ud(32, "8f 48 00");       // Grp1A /1
        ud(32, "c6 c8 00");       // Grp11 /1
        ud(32, "0f ba 00 01");    // Grp8 /0
        ud(32, "0f 00 30");       // Grp6 /6
        ud(32, "0f 10 c0");       // SSE
        ok(32, "0f 6f c0", "MOVQ", 3);      // MMX
        ok(32, "0f 71 d1 03", "PSRLW", 4);  // Grp12 /2 Nq,Ib
        ud(32, "0f 71 11 03");    // Grp12 with a memory operand (Nq: register only)
        ud(32, "0f 73 d9 03");    // Grp14 /3: PSRLDQ, SSE2
        ud(32, "0f d4 c0");       // PADDQ: SSE2
        ud(32, "0f 70 c0 00");    // PSHUFW: SSE
        ud(32, "0f 05");          // SYSCALL
        ud(32, "0f 38 00 c0");
        ud(32, "8c f0");          // MOV Sw, reg 6
        ud(32, "8e c8");          // MOV CS,Ew
        ok(32, "8e d0", "MOV", 2);
    }

    @Test
    void lockPrefix() {
        assertTrue(ok(32, "f0 01 00", "ADD", 3).lock());
        ok(32, "f0 0f c7 0e", "CMPXCHG8B", 4);
        ok(32, "f0 87 00", "XCHG", 3);
        ok(32, "f0 ff 00", "INC", 3);
        ok(32, "f0 0f ab 00", "BTS", 4);
        ok(32, "f0 0f ba 28 01", "BTS", 5);
        ud(32, "f0 01 c0");       // register destination
        ud(32, "f0 03 00");       // ADD Gv,Ev: destination is a register
        ud(32, "f0 90");
        ud(32, "f0 8b 00");       // MOV
        ud(32, "f0 0f a3 00");    // BT
        ud(32, "f0 40");          // INC Zv
    }

    @Test
    void fifteenByteLimit() {
        ok(32, "26".repeat(14) + "90", "NOP", 15);
        X86Insn i = d(32, "26".repeat(15) + "90");
        assertEquals(Fault.GP, i.fault());
        ok(32, "26 26 26 26 c7 84 88 78 56 34 12 ef be ad de", "MOV", 15);
        assertEquals(Fault.GP, d(32, "26 26 26 26 26 c7 84 88 78 56 34 12 ef be ad de").fault());
        // Counting prefixes of any kind and order
        X86Insn m = ok(16, "f3 67 66 2e 3e 26 64 65 36 f2 f3 66 67 a5", "MOVSD", 14);
        assertEquals(32, m.opSize());          // a repeated 66 does not toggle back
        assertEquals(EffectiveAddress.SS, m.segOverride());
    }

    @Test
    void instructionCrossingPageBoundary() {
        // Two "pages": 0x0FF0..0x0FFF and 0x1000..0x100F; the instruction starts 3 bytes before the boundary.
        byte[] lo = new byte[16];
        byte[] hi = new byte[16];
        byte[] insn = HexFormat.of().parseHex("c784887856341 2efbeadde".replace(" ", ""));
        System.arraycopy(insn, 0, lo, 13, 3);
        System.arraycopy(insn, 3, hi, 0, insn.length - 3);
        List<Long> fetched = new ArrayList<>();
        ByteFetcher f = a -> {
            fetched.add(a);
            if (a >= 0x0FF0 && a < 0x1000) {
                return lo[(int) (a - 0x0FF0)] & 0xFF;
            }
            if (a >= 0x1000 && a < 0x1010) {
                return hi[(int) (a - 0x1000)] & 0xFF;
            }
            throw new IllegalStateException("page fault at " + a);
        };
        X86Insn i = DEC.decode(f, 0x0FFD, 32);
        assertEquals(11, i.length());
        assertEquals(0xDEADBEEFL, i.imm());
        assertEquals(0x0FFD, fetched.get(0));
        assertEquals(0x0FFD + 10, fetched.get(fetched.size() - 1));
        // a fault on the second page propagates from the fetcher
        assertThrows(IllegalStateException.class, () -> DEC.decode(f, 0x100F, 32));
    }
}
