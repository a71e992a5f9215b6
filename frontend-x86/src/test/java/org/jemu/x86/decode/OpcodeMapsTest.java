package org.jemu.x86.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Completeness and spot checks of the SDM Appendix A opcode maps in {@link OpcodeMaps}. */
class OpcodeMapsTest {

    @Test
    void oneByteAndTwoByteMapsAreComplete() {
        for (List<OpcodeEntry> map : List.of(OpcodeMaps.ONE_BYTE, OpcodeMaps.TWO_BYTE)) {
            assertEquals(256, map.size());
            for (int i = 0; i < 256; i++) {
                OpcodeEntry e = map.get(i);
                assertNotNull(e, "cell " + i);
                assertEquals(i, e.opcode(), "cell index matches opcode");
            }
        }
    }

    @Test
    void everyGroupLineHasEightResolvedSlots() {
        int groupLines = 0;
        for (List<OpcodeEntry> map : List.of(OpcodeMaps.ONE_BYTE, OpcodeMaps.TWO_BYTE)) {
            for (OpcodeEntry e : map) {
                if (e.kind() == OpcodeEntry.Kind.GROUP) {
                    groupLines++;
                    assertEquals(8, e.slots().size(), e.toString());
                    for (int r = 0; r < 8; r++) {
                        OpcodeEntry s = e.slots().get(r);
                        assertTrue(s.kind() == OpcodeEntry.Kind.INSN || s.kind() == OpcodeEntry.Kind.UNDEFINED,
                                s.toString());
                    }
                }
            }
        }
        // 80 81 82 83 8F C0 C1 C6 C7 D0 D1 D2 D3 F6 F7 FE FF, 0F00 0F01 0F71 0F72 0F73 0FAE 0FBA 0FC7
        assertEquals(25, groupLines);
        for (OpcodeMaps.Group g : OpcodeMaps.GROUPS) {
            assertEquals(8, g.slots().size(), g.name());
        }
    }

    @Test
    void x87MapsAreComplete() {
        assertEquals(8, OpcodeMaps.X87_MEM.size());
        assertEquals(8, OpcodeMaps.X87_REG.size());
        for (int i = 0; i < 8; i++) {
            assertEquals(8, OpcodeMaps.X87_MEM.get(i).size());
            assertEquals(64, OpcodeMaps.X87_REG.get(i).size());
            OpcodeMaps.X87_MEM.get(i).forEach(e -> assertTrue(e.kind() != OpcodeEntry.Kind.INSN
                    || e.operands().get(0).method() == 'M', e.toString()));
        }
        for (int esc = 0xD8; esc <= 0xDF; esc++) {
            assertEquals(OpcodeEntry.Kind.X87, OpcodeMaps.ONE_BYTE.get(esc).kind());
        }
    }

    @Test
    void cellsReadLikeTheSdm() {
        assertEquals("ADD Ev,Gv", OpcodeMaps.ONE_BYTE.get(0x01).toString());
        assertEquals("MOV Gv,Ev", OpcodeMaps.ONE_BYTE.get(0x8B).toString());
        assertEquals("IMUL Gv,Ev,Iz", OpcodeMaps.ONE_BYTE.get(0x69).toString());
        assertEquals("JMPF Ap", OpcodeMaps.ONE_BYTE.get(0xEA).toString());
        assertEquals("MOV AL,Ob", OpcodeMaps.ONE_BYTE.get(0xA0).toString());
        assertEquals("ENTER Iw,Ib", OpcodeMaps.ONE_BYTE.get(0xC8).toString());
        assertEquals("MOVZX Gv,Eb", OpcodeMaps.TWO_BYTE.get(0xB6).toString());
        assertEquals("SHLD Ev,Gv,CL", OpcodeMaps.TWO_BYTE.get(0xA5).toString());
        assertEquals("CMOVGE Gv,Ev", OpcodeMaps.TWO_BYTE.get(0x4D).toString());
        assertEquals("JLE Jz", OpcodeMaps.TWO_BYTE.get(0x8E).toString());
        assertEquals("MOV Cd,Rd", OpcodeMaps.TWO_BYTE.get(0x22).toString());
        OpcodeEntry grp3 = OpcodeMaps.ONE_BYTE.get(0xF7);
        assertEquals("TEST Ev,Iz", grp3.slots().get(0).toString());
        assertEquals("IDIV Ev", grp3.slots().get(7).toString());
        assertEquals("TEST Eb,Ib", OpcodeMaps.ONE_BYTE.get(0xF6).slots().get(0).toString());
        assertEquals("CALLF Ep", OpcodeMaps.ONE_BYTE.get(0xFF).slots().get(3).toString());
        assertEquals(OpcodeEntry.Kind.UNDEFINED, OpcodeMaps.ONE_BYTE.get(0xFF).slots().get(7).kind());
        assertEquals("CMPXCHG8B Mq", OpcodeMaps.TWO_BYTE.get(0xC7).slots().get(1).toString());
        assertEquals("PUNPCKLBW Pq,Qd", OpcodeMaps.TWO_BYTE.get(0x60).toString());
        assertEquals("MOVD Pd,Ed", OpcodeMaps.TWO_BYTE.get(0x6E).toString());
        assertEquals("MOVQ Qq,Pq", OpcodeMaps.TWO_BYTE.get(0x7F).toString());
        assertEquals("PSRAW Nq,Ib", OpcodeMaps.TWO_BYTE.get(0x71).slots().get(4).toString());
        assertEquals("PSLLQ Nq,Ib", OpcodeMaps.TWO_BYTE.get(0x73).slots().get(6).toString());
        assertEquals("PMADDWD Pq,Qq", OpcodeMaps.TWO_BYTE.get(0xF5).toString());
        assertEquals(OpcodeEntry.Kind.UNDEFINED, OpcodeMaps.TWO_BYTE.get(0xD4).kind());     // PADDQ: SSE2
        assertEquals("FADD single-real", OpcodeMaps.X87_MEM.get(0).get(0).toString());
        assertEquals("FLDPI", OpcodeMaps.X87_REG.get(1).get(0xEB - 0xC0).toString());
        assertEquals("FNSTSW AX", OpcodeMaps.X87_REG.get(7).get(0xE0 - 0xC0).toString());
        assertTrue(OpcodeMaps.ONE_BYTE.get(0x83).slots().get(0).signExtendImm8());
        assertTrue(OpcodeMaps.ONE_BYTE.get(0x6A).signExtendImm8());
    }

    @Test
    void i686MapHasTheExpectedShape() {
        long undefined2 = OpcodeMaps.TWO_BYTE.stream().filter(e -> e.kind() == OpcodeEntry.Kind.UNDEFINED).count();
        long undefined1 = OpcodeMaps.ONE_BYTE.stream().filter(e -> e.kind() == OpcodeEntry.Kind.UNDEFINED).count();
        assertEquals(0, undefined1, "the one-byte map has no undefined cells on IA-32 (D6 = SALC)");
        long prefixes = OpcodeMaps.ONE_BYTE.stream().filter(e -> e.kind() == OpcodeEntry.Kind.PREFIX).count();
        assertEquals(11, prefixes);
        // 89 with MMX: 0F 60..6B, 6E..6F, 71..77, 7E..7F and 33 cells of D1..FE are defined
        assertTrue(undefined2 > 80 && undefined2 < 100, "0F map undefined cells: " + undefined2);
    }
}
