package org.jemu.x86.x87;

/**
 * The environment of one x87 operation: the control word it runs under (SDM Vol. 1 8.1.5, Figure 8-6:
 * exception masks IM DM ZM OM UM PM in bits 5:0, precision control PC in bits 9:8, rounding control RC in
 * bits 11:10) and what it reports: the exception flags it raised, in the status-word layout of Figure 8-4
 * (IE DE ZE OE UE PE SF in bits 6:0), and condition code C1 as the "round-up" bit (8.1.3.1: set when the
 * inexact result was rounded up in magnitude).
 */
public final class X87Env {
    /** Invalid operation (FSW bit 0; also the mask bit position in FCW). */
    public static final int IE = 1;
    /** Denormal operand (bit 1). */
    public static final int DE = 2;
    /** Zero divide (bit 2). */
    public static final int ZE = 4;
    /** Overflow (bit 3). */
    public static final int OE = 8;
    /** Underflow (bit 4). */
    public static final int UE = 16;
    /** Precision, inexact result (bit 5). */
    public static final int PE = 32;
    /** Stack fault (FSW bit 6; raised together with IE, C1 tells overflow from underflow). */
    public static final int SF = 64;

    /** Rounding control (FCW bits 11:10, SDM Table 4-8): to nearest even, down (toward -inf), up, toward zero. */
    public static final int RC_NEAREST = 0, RC_DOWN = 1, RC_UP = 2, RC_CHOP = 3;

    /** The control word (16 bits). */
    public int cw;
    /** Exceptions raised, FSW bits 6:0. */
    public int flags;
    /** C1 as the round-up bit, meaningful when {@link #PE} was raised. */
    public boolean c1;

    public X87Env(int cw) {
        this.cw = cw;
    }

    /** The rounding-control field, 0..3. */
    public int rc() {
        return (cw >>> 10) & 3;
    }

    /**
     * The significand precision in bits selected by the precision-control field (SDM Table 8-2): 00 = 24,
     * 10 = 53, 11 = 64; the reserved value 01 is taken as 64.
     */
    public int precision() {
        return switch ((cw >>> 8) & 3) {
            case 0 -> 24;
            case 2 -> 53;
            default -> 64;
        };
    }

    /** True if exception {@code bit} (one of IE..PE) is masked in the control word. */
    public boolean masked(int bit) {
        return (cw & bit) != 0;
    }

    /** Raises {@code bits}. */
    public void raise(int bits) {
        flags |= bits;
    }

    /** True if any raised exception of IE, DE, ZE is unmasked: the operation must leave its operands alone. */
    public boolean preUnmasked() {
        return (flags & (IE | DE | ZE) & ~cw) != 0;
    }

    /** True if any raised exception is unmasked (the status word's ES bit will be set). */
    public boolean anyUnmasked() {
        return (flags & 0x3F & ~cw) != 0;
    }
}
