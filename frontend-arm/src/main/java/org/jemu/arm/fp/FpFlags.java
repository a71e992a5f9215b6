package org.jemu.arm.fp;

/**
 * Accumulator for the cumulative floating-point exception flags, in FPSR layout (Arm ARM D13.2.48 "FPSR,
 * Floating-point Status Register"): the operations of {@link ArmFp} OR bits into {@link #bits} and never clear
 * them, as FPProcessException does with FPSR (Arm ARM J1.3.3 shared/functions/float/fpprocessexception).
 * A helper can keep one instance per vCPU and OR {@code bits} into the guest FPSR after the call.
 *
 * <p>No exception traps: Cortex-A57 implements none, so FPCR.{IOE,DZE,OFE,UFE,IXE,IDE} are read as zero and
 * only these cumulative bits are produced.
 */
public final class FpFlags {
    /** Invalid Operation cumulative flag, FPSR bit 0. */
    public static final int IOC = 1;
    /** Divide by Zero cumulative flag, FPSR bit 1. */
    public static final int DZC = 1 << 1;
    /** Overflow cumulative flag, FPSR bit 2. */
    public static final int OFC = 1 << 2;
    /** Underflow cumulative flag, FPSR bit 3 (also set when FPCR.FZ flushes a tiny result). */
    public static final int UFC = 1 << 3;
    /** Inexact cumulative flag, FPSR bit 4. */
    public static final int IXC = 1 << 4;
    /** Input Denormal cumulative flag, FPSR bit 7 (an input flushed to zero by FPCR.FZ). */
    public static final int IDC = 1 << 7;
    /** All cumulative exception flags. */
    public static final int ALL = IOC | DZC | OFC | UFC | IXC | IDC;

    /** The flags raised so far, FPSR layout; only ever ORed into by the library. */
    public int bits;

    /** Returns the flags and clears them. */
    public int take() {
        int b = bits;
        bits = 0;
        return b;
    }

    /** Flag names, e.g. {@code "IOC|IXC"}, or {@code "-"} for none (for messages). */
    public static String toString(int bits) {
        StringBuilder sb = new StringBuilder();
        String[] names = {"IOC", "DZC", "OFC", "UFC", "IXC", null, null, "IDC"};
        for (int i = 0; i < names.length; i++) {
            if ((bits & (1 << i)) != 0) {
                sb.append(sb.isEmpty() ? "" : "|").append(names[i] != null ? names[i] : "bit" + i);
            }
        }
        int other = bits & ~0xff;
        if (other != 0) {
            sb.append(sb.isEmpty() ? "" : "|").append(String.format("0x%x", other));
        }
        return sb.isEmpty() ? "-" : sb.toString();
    }

    @Override
    public String toString() {
        return toString(bits);
    }
}
