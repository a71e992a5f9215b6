package org.jemu.ppc.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.jemu.ppc.translate.PpcTranslator;
import org.jemu.translator.decode.BitPattern;
import org.jemu.translator.decode.DecodeTable;
import org.junit.jupiter.api.Test;

/**
 * The PowerPC decode table: no two encodings shadow each other, every entry decodes its own words, and
 * words as GNU as assembles them (values checked against the PEM appendix A opcode tables) decode to the
 * mnemonic the manual names.
 */
class PpcDecodeTableTest {
    static final DecodeTable<PpcTranslator.Handler> T = PpcDecodeTable.TABLE;

    /** The "no two encodings shadow each other" check. */
    @Test
    void noOverlaps() {
        List<String> o = T.overlaps();
        assertTrue(o.isEmpty(), String.join("\n", o));
    }

    /** The overlap check itself finds a shadowing pair (so the test above can fail). */
    @Test
    void overlapCheckDetectsShadowing() {
        DecodeTable<String> bad = DecodeTable.<String>builder()
                .add("add", "Add", "011111 ddddd aaaaa bbbbb o 100001010 r", "a")
                .add("bogus", "RT = 0, XO bit 30 free", "011111 00000 ----- ----- - 10000101- -", "b")
                .build();
        assertEquals(1, bad.overlaps().size(), bad.overlaps().toString());
    }

    @Test
    void everyEntryDecodesItsOwnWords() {
        SplittableRandom r = new SplittableRandom(1);
        for (DecodeTable.Entry<PpcTranslator.Handler> e : T.entries()) {
            BitPattern p = e.pattern;
            for (int k = 0; k < 200; k++) {
                int w = (r.nextInt() & ~p.mask) | p.value;
                DecodeTable.Entry<PpcTranslator.Handler> d = T.decode(w);
                assertTrue(d == e || (d.pattern.isSubsetOf(p) && !d.pattern.sameSetAs(p)),
                        String.format("0x%08x: %s decoded as %s", w, e.name, d.name));
            }
        }
    }

    static void check(String name, int... words) {
        for (int w : words) {
            DecodeTable.Entry<PpcTranslator.Handler> e = T.decode(w);
            assertEquals(name, e == null ? null : e.name, String.format("0x%08x", w));
        }
    }

    @Test
    void knownWords() {
        check("add", 0x7C642A14 /* add r3,r4,r5 */, 0x7C642E15 /* addo. r3,r4,r5 */);
        check("addi", 0x38600001 /* li r3,1 */, 0x38610008 /* addi r3,r1,8 */);
        check("subfe", 0x7C642910 /* subfe r3,r4,r5 */);
        check("addze", 0x7C640194 /* addze r3,r4 */);
        check("neg", 0x7C6400D0 /* neg r3,r4 */);
        check("divw", 0x7C642BD6 /* divw r3,r4,r5 */);
        check("mullw", 0x7C6429D6 /* mullw r3,r4,r5 */);
        check("mulhwu", 0x7C642816 /* mulhwu r3,r4,r5 */);
        check("cmpi", 0x2C030000 /* cmpwi r3,0 */);
        check("cmpl", 0x7F832040 /* cmplw cr7,r3,r4 */);
        check("or", 0x7C832378 /* mr r3,r4 */);
        check("ori", 0x60000000 /* nop */);
        check("cntlzw", 0x7C830034 /* cntlzw r3,r4 */);
        check("extsb", 0x7C830774 /* extsb r3,r4 */);
        check("extsh", 0x7C830734 /* extsh r3,r4 */);
        check("rlwinm", 0x5483103A /* slwi r3,r4,2 */);
        check("srawi", 0x7C831670 /* srawi r3,r4,2 */);
        check("stwu", 0x9421FFF0 /* stwu r1,-16(r1) */);
        check("lwbrx", 0x7C60242C /* lwbrx r3,0,r4 */);
        check("lmw", 0xBBA1FFF4 /* lmw r29,-12(r1) */);
        check("stmw", 0xBFA1FFF4 /* stmw r29,-12(r1) */);
        check("lwarx", 0x7C801828 /* lwarx r4,0,r3 */);
        check("stwcx.", 0x7C80192D /* stwcx. r4,0,r3 */);
        check("b", 0x48000000 /* b . */, 0x48000001 /* bl .+0 */);
        check("bclr", 0x4E800020 /* blr */);
        check("bcctr", 0x4E800420 /* bctr */);
        check("crxor", 0x4CC63182 /* crclr 4*cr1+eq */);
        check("mfspr", 0x7C0802A6 /* mflr r0 */);
        check("mtspr", 0x7D2903A6 /* mtctr r9 */);
        check("mftb", 0x7C6C42E6 /* mftb r3 */);
        check("mfcr", 0x7C600026 /* mfcr r3 */);
        check("mtcrf", 0x7C6FF120 /* mtcr r3 */);
        check("tw", 0x7FE00008 /* trap */);
        check("sc", 0x44000002 /* sc */);
        check("sync", 0x7C0004AC /* sync */);
        check("isync", 0x4C00012C /* isync */);
        check("eieio", 0x7C0006AC /* eieio */);
        check("dcbz", 0x7C001FEC /* dcbz 0,r3 */);
    }

    @Test
    void reservedBitsAndUnknownOpcodesDoNotDecode() {
        assertNull(T.decode(0x00000000), "primary opcode 0");
        assertNull(T.decode(0x7C640194 | (1 << 11)), "addze with RB != 0");
        assertNull(T.decode(0x7C0004AD), "sync with Rc set");
        assertNull(T.decode(0x7C00002A), "unlisted extended opcode 21 (ldx, 64-bit only)");
    }
}
