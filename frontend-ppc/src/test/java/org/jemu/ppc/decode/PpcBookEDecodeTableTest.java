package org.jemu.ppc.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jemu.ppc.translate.PpcTranslator;
import org.jemu.translator.decode.DecodeTable;
import org.junit.jupiter.api.Test;

/**
 * The e500mc decode table: no shadowing; the Book E words as GNU as 2.40 assembles them with {@code -me500mc}
 * (powerpc-linux-gnu-as, checked with objdump) decode to their mnemonic; what the e500mc lacks (string and
 * segment instructions, tlbie) does not decode.
 */
class PpcBookEDecodeTableTest {
    static final DecodeTable<PpcTranslator.Handler> T = PpcBookEDecodeTable.TABLE;

    @Test
    void noOverlaps() {
        List<String> o = T.overlaps();
        assertTrue(o.isEmpty(), String.join("\n", o));
    }

    @Test
    void everyEntryDecodesItsOwnWords() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(2);
        for (DecodeTable.Entry<PpcTranslator.Handler> e : T.entries()) {
            for (int k = 0; k < 200; k++) {
                int w = (r.nextInt() & ~e.pattern.mask) | e.pattern.value;
                DecodeTable.Entry<PpcTranslator.Handler> d = T.decode(w);
                assertTrue(d == e || (d.pattern.isSubsetOf(e.pattern) && !d.pattern.sameSetAs(e.pattern)),
                        String.format("0x%08x: %s decoded as %s", w, e.name, d.name));
            }
        }
    }

    static void check(String name, int word) {
        DecodeTable.Entry<PpcTranslator.Handler> e = T.decode(word);
        assertEquals(name, e == null ? null : e.name, String.format("0x%08x", word));
    }

    @Test
    void bookEWordsFromGnuAs() {
        check("tlbwe", 0x7c0007a4);
        check("tlbre", 0x7c000764);
        check("tlbsx", 0x7c001f24);
        check("tlbivax", 0x7c001e24);
        check("tlbilx", 0x7c001824);
        check("tlbilx", 0x7c642824);
        check("wrtee", 0x7c600106);
        check("wrteei", 0x7c008146);
        check("rfci", 0x4c000066);
        check("rfmci", 0x4c00004c);
        check("rfdi", 0x4c00004e);
        check("mbar", 0x7c0006ac);
        check("wait", 0x7c00007c);
        check("isel", 0x7cc4285e);
        check("mfpmr", 0x7c70029c);
        check("mtpmr", 0x7c70639c);
        check("dcbtls", 0x7c04294c);
        check("icblc", 0x7c0429cc);
        check("rfi", 0x4c000064);
        check("sync", 0x7c0004ac);
        check("sync", 0x7c2004ac);   // lwsync
        check("dcbt", 0x7c042a2c);
        check("dcbt", 0x7c64022c);   // dcbt 3,r4,r0 (CT 3)
        check("dcbtst", 0x7c2401ec);
        check("dcbf", 0x7c0028ac);
        check("mbar", 0x7c2006ac);   // mbar 1
        check("icbt", 0x7c04282c);
        check("dcbtls", 0x7c44294c);
        check("lwz", 0x80640008);
    }

    @Test
    void e500mcLacksStringAndSegmentInstructions() {
        // The same words are what the 750 table decodes as these instructions.
        String[] names = {"lswi", "stswi", "mfsr", "mtsr", "tlbie", "tlbia"};
        int[] words = {0x7c6424aa, 0x7c6425aa, 0x7c6104a6, 0x7c6101a4, 0x7c001a64, 0x7c0002e4};
        for (int i = 0; i < words.length; i++) {
            assertEquals(names[i], PpcDecodeTable.TABLE.decode(words[i]).name);
        }
        check(null, 0x7c6424aa);    // lswi r3,r4,4
        check(null, 0x7c6425aa);    // stswi r3,r4,4
        check(null, 0x7c6104a6);    // mfsr r3,1
        check(null, 0x7c6101a4);    // mtsr 1,r3
        check(null, 0x7c001a64);    // tlbie r3
        check(null, 0x7c0002e4);    // tlbia
    }
}
