package org.jemu.x86.cpu;

/**
 * A CPU model: what CPUID reports (SDM Vol. 2A "CPUID", Tables 3-8 and 3-11), the RESET signature in EDX
 * (Vol. 3A 9.1.1), and through {@link #features} which instructions exist (the translator's gates, see
 * {@code X86Translator.REQUIRES}: an instruction whose feature the model lacks raises #UD, as on that CPU).
 *
 * <p>The models follow QEMU's definitions of the same name (vendor, family/model/stepping, highest basic
 * and extended leaf, brand string), with the CPUID.1:EDX word reduced to the features jemu implements
 * (an instruction set or a CR4 bit is never reported unless it works):
 * <table>
 *   <caption>models</caption>
 *   <tr><th>name</th><th>family/model/stepping</th><th>leaves</th><th>QEMU's EDX</th><th>jemu reports</th></tr>
 *   <tr><td>486</td><td>4/8/0</td><td>0..1</td><td>FPU VME PSE</td><td>FPU PSE</td></tr>
 *   <tr><td>pentium</td><td>5/4/3</td><td>0..1</td><td>+ DE TSC MSR MCE CX8 MMX APIC</td>
 *       <td>FPU PSE TSC CX8 MMX</td></tr>
 *   <tr><td>pentium2</td><td>6/5/2</td><td>0..2</td><td>+ PAE SEP MTRR PGE MCA CMOV PAT PSE36 FXSR</td>
 *       <td>FPU PSE TSC CX8 PGE CMOV MMX FXSR</td></tr>
 *   <tr><td>qemu32 (default)</td><td>6/6/3</td><td>0..4, 80000000..80000004</td><td>QEMU's PPRO_FEATURES
 *       (and SSE3 in ECX)</td><td>FPU PSE TSC CX8 PGE CMOV MMX FXSR</td></tr>
 * </table>
 * Left off until implemented: VME, DE, MSR (RDMSR/WRMSR), MCE, APIC, PAE, SEP (SYSENTER/SYSEXIT), MTRR, MCA,
 * PAT, PSE36, SSE, SSE2 and SSE3. (QEMU's {@code pentium}, family 5 model 4, is the Pentium with MMX
 * technology and reports MMX; the 486 has none.) CPUID.1:EBX is QEMU's 0000_0800h (CLFLUSH
 * line size 8 quadwords, APIC ID 0); leaf 2 is QEMU's default descriptor set (EAX = 1, L3 16 MiB in ECX,
 * L1D 32 KiB, L1I 32 KiB and L2 2 MiB in EDX); leaves 3 and 4 return zeros (QEMU's leaf 4 describes its
 * cache topology; jemu reports none). Leaves above the maximum return the highest basic leaf, as Intel
 * processors (and QEMU) do; a model without extended leaves answers 80000000h the same way.
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
    public static final int FEATURE_FPU = 1, FEATURE_VME = 1 << 1, FEATURE_PSE = 1 << 3, FEATURE_TSC = 1 << 4,
            FEATURE_MSR = 1 << 5, FEATURE_CX8 = 1 << 8, FEATURE_SEP = 1 << 11, FEATURE_PGE = 1 << 13,
            FEATURE_CMOV = 1 << 15, FEATURE_MMX = 1 << 23, FEATURE_FXSR = 1 << 24;

    public static final X86CpuModel I486 = new X86CpuModel("486", 0x480, "GenuineIntel", 1,
            FEATURE_FPU | FEATURE_PSE, null);
    public static final X86CpuModel PENTIUM = new X86CpuModel("pentium", 0x543, "GenuineIntel", 1,
            FEATURE_FPU | FEATURE_PSE | FEATURE_TSC | FEATURE_CX8 | FEATURE_MMX, null);
    public static final X86CpuModel PENTIUM2 = new X86CpuModel("pentium2", 0x652, "GenuineIntel", 2,
            FEATURE_FPU | FEATURE_PSE | FEATURE_TSC | FEATURE_CX8 | FEATURE_PGE | FEATURE_CMOV | FEATURE_MMX
                    | FEATURE_FXSR, null);
    public static final X86CpuModel QEMU32 = new X86CpuModel("qemu32", 0x663, "GenuineIntel", 4,
            FEATURE_FPU | FEATURE_PSE | FEATURE_TSC | FEATURE_CX8 | FEATURE_PGE | FEATURE_CMOV | FEATURE_MMX
                    | FEATURE_FXSR,
            "QEMU Virtual CPU version 2.5+");

    /** All models, in {@code -cpu help} order. */
    public static final java.util.List<X86CpuModel> ALL = java.util.List.of(I486, PENTIUM, PENTIUM2, QEMU32);

    /** The model called {@code name}, or null. */
    public static X86CpuModel byName(String name) {
        for (X86CpuModel m : ALL) {
            if (m.name.equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** True if the model has every CPUID.1:EDX feature in {@code mask}. */
    public boolean has(int mask) {
        return (features & mask) == mask;
    }

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
            case 1 -> new int[] {signature, 0x0000_0800, 0, features};
            case 2 -> new int[] {1, 0, 0x4D, 0x002C_307D};
            default -> new int[4];
        };
    }

    private static int word(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }
}
