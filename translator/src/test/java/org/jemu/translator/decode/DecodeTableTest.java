package org.jemu.translator.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests of {@link BitPattern} and {@link DecodeTable}, independent of any instruction set. */
class DecodeTableTest {

    @Test
    void parsesMaskValueAndFields() {
        // A64 ADD (immediate): sf 0 0 100010 sh imm12 Rn Rd
        BitPattern p = new BitPattern("z00100010hiiiiiiiiiiiinnnnnddddd");
        assertEquals(0x7f800000, p.mask);
        assertEquals(0x11000000, p.value);
        int word = 0x91000421; // add x1, x1, #1
        assertTrue(p.matches(word));
        assertEquals(1, p.field(word, 'z'));
        assertEquals(1, p.field(word, 'i'));
        assertEquals(1, p.field(word, 'n'));
        assertEquals(1, p.field(word, 'd'));
        assertEquals(0, p.field(word, 'h'));
        assertEquals(12, p.fieldWidth('i'));
        assertFalse(p.hasField('q'));
        assertEquals(8, p.specificity());
    }

    @Test
    void separatorsAreIgnored() {
        BitPattern a = new BitPattern("0000 0000_1111 1111 ---- ---- aaaa bbbb");
        assertEquals(0xffff0000, a.mask);
        assertEquals(0x00ff0000, a.value);
        assertEquals(0xa, a.field(0x00ff00ab, 'a'));
    }

    @Test
    void nonContiguousFieldsConcatenateMostSignificantFirst() {
        // TBZ: b5 in bit 31, b40 in bits 23:19
        BitPattern p = new BitPattern("b0110110bbbbbiiiiiiiiiiiiiittttt");
        int word = 0xb6f80000 | 3; // b5 = 1, b40 = 11111
        assertEquals(63, p.field(word, 'b'));
        int word2 = 0x36080000;    // b5 = 0, b40 = 00001
        assertEquals(1, p.field(word2, 'b'));
    }

    @Test
    void signedFields() {
        BitPattern p = new BitPattern("000101iiiiiiiiiiiiiiiiiiiiiiiiii");
        assertEquals(-1, p.signedField(0x17ffffff, 'i'));
        assertEquals(1, p.signedField(0x14000001, 'i'));
        assertEquals(-(1 << 25), p.signedField(0x16000000, 'i'));
        assertEquals(0, p.signedField(0x14000000, 'q'));
    }

    @Test
    void rejectsMalformedPatterns() {
        assertThrows(IllegalArgumentException.class, () -> new BitPattern("0101"));
        assertThrows(IllegalArgumentException.class, () -> new BitPattern("0000000000000000000000000000000X"));
        assertThrows(IllegalArgumentException.class,
                () -> DecodeTable.<String>builder().add("A", "", "0".repeat(32), "a").add("A", "", "1".repeat(32), "b"));
    }

    @Test
    void setRelations() {
        BitPattern general = new BitPattern("1111----------------------------");
        BitPattern special = new BitPattern("11110000------------------------");
        BitPattern other = new BitPattern("0---------------------------------".substring(0, 32));
        BitPattern partial = new BitPattern("--------1111--------------------");
        assertTrue(special.isSubsetOf(general));
        assertFalse(general.isSubsetOf(special));
        assertFalse(general.intersects(other));
        assertTrue(general.intersects(partial));
        assertFalse(general.isSubsetOf(partial));
        assertFalse(partial.isSubsetOf(general));
        assertTrue(general.sameSetAs(new BitPattern("1111aaaa------------------------")));
    }

    @Test
    void mostSpecificEntryWinsRegardlessOfOrder() {
        DecodeTable<String> t = DecodeTable.<String>builder()
                .add("HINT", "", "11010101000000110010mmmmooo11111", "hint")
                .add("NOP", "", "11010101000000110010000000011111", "nop")
                .add("B", "", "000101iiiiiiiiiiiiiiiiiiiiiiiiii", "b")
                .build();
        assertEquals("nop", t.decode(0xd503201f).handler);
        assertEquals("hint", t.decode(0xd503203f).handler);
        assertEquals("b", t.decode(0x14000000).handler);
        assertNull(t.decode(0xffffffff));
        assertSame(t.entry("NOP"), t.decode(0xd503201f));
        assertTrue(t.overlaps().isEmpty());
    }

    @Test
    void overlapCheckerReportsPartialAndIdenticalOverlaps() {
        DecodeTable<String> t = DecodeTable.<String>builder()
                .add("A", "", "1111----------------------------", "a")
                .add("B", "", "1-------1111--------------------", "b")
                .add("C", "", "0000000000000000000000000000000-", "c")
                .add("D", "", "000000000000000000000000000000-0", "d")
                .add("E", "", "0101------------------------------".substring(0, 32), "e")
                .add("F", "", "0101aaaa------------------------", "f")
                .build();
        List<String> o = t.overlaps();
        assertEquals(3, o.size(), o.toString());
        assertTrue(o.get(0).contains("A") && o.get(0).contains("B"));
        assertTrue(o.get(1).contains("C") && o.get(1).contains("D"));
        assertTrue(o.get(2).startsWith("identical"));
    }

    /** The bucketed lookup agrees with a linear scan by the matching rule, on random tables and words. */
    @Test
    void bucketedLookupMatchesLinearScan() {
        SplittableRandom r = new SplittableRandom(42);
        for (int round = 0; round < 20; round++) {
            DecodeTable.Builder<Integer> b = DecodeTable.builder();
            int n = 5 + r.nextInt(60);
            for (int i = 0; i < n; i++) {
                StringBuilder p = new StringBuilder();
                int fixed = r.nextInt(4, 24);
                for (int bit = 0; bit < 32; bit++) {
                    p.append(bit < fixed || r.nextInt(8) == 0 ? (r.nextBoolean() ? '1' : '0') : '-');
                }
                b.add("E" + i, "", p.toString(), i);
            }
            DecodeTable<Integer> t = b.build();
            for (int k = 0; k < 2000; k++) {
                int w = r.nextInt();
                DecodeTable.Entry<Integer> best = null;
                for (DecodeTable.Entry<Integer> e : t.entries()) {
                    if (e.pattern.matches(w)
                            && (best == null || e.pattern.specificity() > best.pattern.specificity())) {
                        best = e;
                    }
                }
                assertSame(best, t.decode(w), String.format("word 0x%08x", w));
            }
        }
    }
}
