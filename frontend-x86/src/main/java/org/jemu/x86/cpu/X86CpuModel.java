package org.jemu.x86.cpu;

/**
 * A CPU model: what CPUID reports (SDM Vol. 2A "CPUID", Tables 3-8 and 3-11) and the RESET signature in EDX
 * (Vol. 3A 9.1.1).
 *
 * <p>{@link #QEMU32} follows QEMU's {@code qemu32} model (vendor GenuineIntel, basic leaves up to 4, family 6
 * model 6 stepping 3, the "QEMU Virtual CPU" brand string) but reports only the features jemu implements:
 * FPU (the x87, {@code org.jemu.x86.x87}), FXSR (FXSAVE/FXRSTOR of the x87 state), PSE (4 MiB pages), TSC (RDTSC), CX8 (CMPXCHG8B), PGE (CR4.PGE is accepted; global entries are flushed with
 * the rest, which the SDM allows) and CMOV; PAE, APIC, MMX and SSE are reported once their phases
 * land. Leaves above the maximum return the highest basic leaf, as Intel processors do.
 *
 * @param name      model name for {@code -cpu}
 * @param signature family/model/stepping as in CPUID.1:EAX and EDX after RESET
 * @param vendor    12-character vendor string (EBX, EDX, ECX of leaf 0)
 * @param maxLeaf   highest basic leaf
 * @param features  CPUID.1:EDX feature flags
 * @param brand     48-character brand string (leaves 80000002..80000004), or null for no extended leaves
 */
public record X86CpuModel(String name, int signature, String vendor, int maxLeaf, int features, String brand) {
    /** CPUID.1:EDX bits (Table 3-11). */
    public static final int FEATURE_FPU = 1, FEATURE_PSE = 1 << 3, FEATURE_TSC = 1 << 4, FEATURE_CX8 = 1 << 8,
            FEATURE_PGE = 1 << 13, FEATURE_CMOV = 1 << 15, FEATURE_FXSR = 1 << 24;

    public static final X86CpuModel QEMU32 = new X86CpuModel("qemu32", 0x663, "GenuineIntel", 4,
            FEATURE_FPU | FEATURE_PSE | FEATURE_TSC | FEATURE_CX8 | FEATURE_PGE | FEATURE_CMOV | FEATURE_FXSR,
            "QEMU Virtual CPU version 2.5+");

    /**
     * CPUID leaf {@code leaf} as {EAX, EBX, ECX, EDX}.
     */
    public int[] cpuid(int leaf) {
        long ext = leaf & 0xFFFF_FFFFL;
        if (ext >= 0x8000_0000L) {
            if (brand == null) {
                return cpuid(maxLeaf);
            }
            if (ext == 0x8000_0000L) {
                return new int[] {0x8000_0004, 0, 0, 0};
            }
            if (ext <= 0x8000_0004L) {
                byte[] b = String.format("%-48s", brand).substring(0, 47).concat("\0")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                int off = (int) (ext - 0x8000_0002L) * 16;
                int[] r = new int[4];
                for (int i = 0; i < 16; i++) {
                    r[i / 4] |= (b[off + i] & 0xFF) << (8 * (i % 4));
                }
                return r;
            }
            return new int[4];
        }
        if (ext > maxLeaf) {
            return cpuid(maxLeaf);
        }
        byte[] v = vendor.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return switch ((int) ext) {
            case 0 -> new int[] {maxLeaf, word(v, 0), word(v, 8), word(v, 4)};
            case 1 -> new int[] {signature, 0x0001_0800, 0, features};
            default -> new int[4];
        };
    }

    private static int word(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }
}
