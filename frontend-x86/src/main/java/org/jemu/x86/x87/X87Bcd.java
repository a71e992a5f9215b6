package org.jemu.x86.x87;

import java.math.BigInteger;

/**
 * Packed BCD (SDM Vol. 1 4.7, Figure 4-10): 10 bytes, 18 digits two per byte in bytes 0..8 (least significant
 * first, low nibble the lower digit), the sign in bit 7 of byte 9 (bits 6:0 ignored on load, written 0).
 */
public final class X87Bcd {
    private X87Bcd() {
    }

    private static final BigInteger LIMIT = BigInteger.TEN.pow(18);

    /**
     * FBLD (SDM Vol. 2A "FBLD"): the exact value of the 10 bytes at {@code b}. Digits above 9 are "undefined" in
     * the SDM; they are weighted as their binary value (a nibble of 0Ah counts ten), which is what a plain
     * multiply-and-add decoder does.
     */
    public static Fx80 load(byte[] b) {
        long v = 0;
        for (int i = 8; i >= 0; i--) {
            int x = b[i] & 0xFF;
            v = v * 10 + (x >>> 4);
            v = v * 10 + (x & 15);
        }
        Fx80 r = Fx80Math.fromLong(v);
        return (b[9] & 0x80) != 0 ? r.negate() : r;
    }

    /**
     * FBSTP (SDM Vol. 2A "FBSTP"): rounds by RC to an integer and packs it; a NaN, infinity, unsupported
     * encoding or a magnitude of 10^18 or more raises #IA and stores the packed BCD indefinite (bytes 9..7 =
     * FF FF C0, the rest 0; Table 4-4). Null when the exception is unmasked (nothing is stored).
     */
    public static byte[] store(Fx80 a, X87Env env) {
        byte[] out = new byte[10];
        if (a.isUnsupported() || a.exp() == 0x7FFF) {
            return indefinite(env);
        }
        BigInteger q = BigInteger.ZERO;
        if (!a.isZero()) {
            Fx80Math.Rounded r = Fx80Math.roundAt(a.sig(), a.lsbExp(), false, 0, a.neg(), env.rc());
            if (r.q.compareTo(LIMIT) >= 0) {
                return indefinite(env);
            }
            if (r.inexact) {
                env.raise(X87Env.PE);
                env.c1 = r.up;
            }
            q = r.q;
        }
        long v = q.longValue();
        for (int i = 0; i < 9; i++) {
            int lo = (int) (v % 10);
            v /= 10;
            int hi = (int) (v % 10);
            v /= 10;
            out[i] = (byte) (hi << 4 | lo);
        }
        out[9] = (byte) (a.neg() ? 0x80 : 0);
        return out;
    }

    private static byte[] indefinite(X87Env env) {
        env.raise(X87Env.IE);
        if (!env.masked(X87Env.IE)) {
            return null;
        }
        byte[] out = new byte[10];
        out[9] = (byte) 0xFF;
        out[8] = (byte) 0xFF;
        out[7] = (byte) 0xC0;
        return out;
    }
}
