package org.jemu.ppc;

/**
 * A tiny PowerPC encoder for tests, one method per instruction form of PEM appendix A ("Instruction
 * Formats"): fields are placed at the manual's bit positions (bit 0 = most significant).
 */
public final class Asm {
    private Asm() {
    }

    /** D-form: opcode, RT/RS/TO/BF|L, RA, 16-bit immediate. */
    public static int d(int op, int rt, int ra, int imm) {
        return op << 26 | (rt & 31) << 21 | (ra & 31) << 16 | (imm & 0xffff);
    }

    /** X-form: opcode, RT/RS, RA, RB, 10-bit XO, Rc. */
    public static int x(int op, int rt, int ra, int rb, int xo, int rc) {
        return op << 26 | (rt & 31) << 21 | (ra & 31) << 16 | (rb & 31) << 11 | (xo & 0x3ff) << 1 | (rc & 1);
    }

    /** XO-form (primary 31): RT, RA, RB, OE, 9-bit XO, Rc. */
    public static int xo(int rt, int ra, int rb, int oe, int xo, int rc) {
        return 31 << 26 | (rt & 31) << 21 | (ra & 31) << 16 | (rb & 31) << 11 | (oe & 1) << 10 | (xo & 0x1ff) << 1 | (rc & 1);
    }

    /** M-form: opcode (20 rlwimi, 21 rlwinm, 23 rlwnm), RS, RA, SH/RB, MB, ME, Rc. */
    public static int m(int op, int rs, int ra, int sh, int mb, int me, int rc) {
        return op << 26 | (rs & 31) << 21 | (ra & 31) << 16 | (sh & 31) << 11 | (mb & 31) << 6 | (me & 31) << 1 | (rc & 1);
    }

    /** B-form bc: BO, BI, byte displacement, AA, LK. */
    public static int bc(int bo, int bi, int disp, int aa, int lk) {
        return 16 << 26 | (bo & 31) << 21 | (bi & 31) << 16 | (disp & 0xfffc) | (aa & 1) << 1 | (lk & 1);
    }

    /** I-form b: byte displacement, AA, LK. */
    public static int b(int disp, int aa, int lk) {
        return 18 << 26 | (disp & 0x03ff_fffc) | (aa & 1) << 1 | (lk & 1);
    }

    /** XL-form (primary 19): BT/BO, BA/BI, BB, XO, LK. */
    public static int xl(int bt, int ba, int bb, int xo, int lk) {
        return 19 << 26 | (bt & 31) << 21 | (ba & 31) << 16 | (bb & 31) << 11 | (xo & 0x3ff) << 1 | (lk & 1);
    }

    /** mfspr/mtspr/mftb: RT/RS, SPR number, XO (339, 467, 371). */
    public static int spr(int rt, int spr, int xo) {
        int field = (spr & 0x1f) << 5 | (spr >>> 5) & 0x1f;
        return 31 << 26 | (rt & 31) << 21 | field << 11 | xo << 1;
    }

    // common instructions

    public static int addi(int rt, int ra, int si) {
        return d(14, rt, ra, si);
    }

    public static int li(int rt, int si) {
        return d(14, rt, 0, si);
    }

    public static int mtxer(int rs) {
        return spr(rs, 1, 467);
    }

    public static int mfxer(int rt) {
        return spr(rt, 1, 339);
    }

    public static int mtctr(int rs) {
        return spr(rs, 9, 467);
    }

    public static int mtlr(int rs) {
        return spr(rs, 8, 467);
    }

    public static int lwarx(int rt, int ra, int rb) {
        return x(31, rt, ra, rb, 20, 0);
    }

    public static int stwcx(int rs, int ra, int rb) {
        return x(31, rs, ra, rb, 150, 1);
    }

    public static int mfcr(int rt) {
        return x(31, rt, 0, 0, 19, 0);
    }

    public static int mtcrf(int fxm, int rs) {
        return 31 << 26 | (rs & 31) << 21 | (fxm & 0xff) << 12 | 144 << 1;
    }
}
