package org.jemu.x86.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jemu.x86.cpu.X86Cpu;
import org.jemu.x86.cpu.X86CpuModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CPU models: CPUID leaves against the values of QEMU's definitions of the same name (restricted to the
 * features jemu implements, as {@link X86CpuModel} documents), executed by the CPUID instruction, and the
 * instruction-set gates: what a model lacks raises #UD, what it has executes.
 */
class X86CpuModelTest {
    /** "GenuineIntel" as EBX, EDX, ECX of leaf 0. */
    private static final int GENU = 0x756E_6547, INEI = 0x4965_6E69, NTEL = 0x6C65_746E;
    /** Leaf 2 of QEMU's default cache descriptors. */
    private static final int[] LEAF2 = {1, 0, 0x4D, 0x002C_307D};

    /** Expected {leaf: {EAX, EBX, ECX, EDX}} per model, written out from QEMU's definitions. */
    private static final Map<String, Map<Integer, int[]>> EXPECTED = Map.of(
            "486", Map.of(
                    0, new int[] {1, GENU, NTEL, INEI},
                    1, new int[] {0x480, 0x800, 0, 0x0000_0009},          // FPU PSE (QEMU: + VME)
                    2, new int[] {0x480, 0x800, 0, 0x0000_0009},          // above the maximum: leaf 1
                    0x8000_0000, new int[] {0x480, 0x800, 0, 0x0000_0009}), // xlevel 0: leaf 1
            "pentium", Map.of(
                    0, new int[] {1, GENU, NTEL, INEI},
                    1, new int[] {0x543, 0x800, 0, 0x0080_0119},          // FPU PSE TSC CX8 MMX
                    0x8000_0000, new int[] {0x543, 0x800, 0, 0x0080_0119}),
            "pentium2", Map.of(
                    0, new int[] {2, GENU, NTEL, INEI},
                    1, new int[] {0x652, 0x800, 0, 0x0180_A119},          // + PGE CMOV FXSR (and MMX)
                    2, LEAF2,
                    5, LEAF2,
                    0x8000_0000, LEAF2),
            "qemu32", Map.of(
                    0, new int[] {4, GENU, NTEL, INEI},
                    1, new int[] {0x663, 0x800, 0, 0x0180_A119},
                    2, LEAF2,
                    4, new int[4],
                    0x8000_0000, new int[] {0x8000_0004, 0, 0, 0},
                    0x8000_0002, new int[] {0x554D_4551, 0x7269_5620, 0x6C61_7574, 0x5550_4320}));

    @Test
    void modelsAndNames() {
        assertEquals(List.of("486", "pentium", "pentium2", "qemu32"),
                X86CpuModel.ALL.stream().map(X86CpuModel::name).toList());
        assertEquals(X86CpuModel.PENTIUM2, X86CpuModel.byName("pentium2"));
        assertNull(X86CpuModel.byName("pentium9"));
    }

    /** Every expected leaf, read with the CPUID instruction on a CPU of that model. */
    @ParameterizedTest
    @ValueSource(strings = {"486", "pentium", "pentium2", "qemu32"})
    void cpuidLeaves(String name) throws Exception {
        X86Harness.requireNasm();
        X86CpuModel model = X86CpuModel.byName(name);
        List<Integer> leaves = new ArrayList<>(EXPECTED.get(name).keySet());
        StringBuilder src = new StringBuilder();
        for (int i = 0; i < leaves.size(); i++) {
            src.append("mov eax, ").append(leaves.get(i)).append("\ncpuid\n");
            int a = 0x2000 + 16 * i;
            src.append("mov [").append(a).append("], eax\nmov [").append(a + 4).append("], ebx\nmov [")
                    .append(a + 8).append("], ecx\nmov [").append(a + 12).append("], edx\n");
        }
        src.append("hlt\n");
        byte[] code = X86Harness.nasm(src.toString(), 32, 0x1000);
        try (X86Harness h = new X86Harness(X86Harness.Tier.INTERPRETER, model)) {
            h.flat32(code, 0x1000);
            assertEquals(model.signature(), (int) h.cpu.regs[X86Cpu.EDX], "EDX after RESET");
            h.run(1000);
            assertEquals(List.of(), h.exceptions);
            for (int i = 0; i < leaves.size(); i++) {
                int[] got = new int[4];
                for (int r = 0; r < 4; r++) {
                    got[r] = (int) h.mem.read(0x2000 + 16 * i + 4 * r, 4, false);
                }
                assertArrayEquals(EXPECTED.get(name).get(leaves.get(i)), got,
                        name + " leaf " + Integer.toHexString(leaves.get(i)));
            }
        }
    }

    /** One gated instruction per row: its bytes and the models that have it. */
    private record Gated(String what, String asm, List<String> models) { }

    private static final List<Gated> GATED = List.of(
            new Gated("CPUID", "xor eax, eax\ncpuid", List.of("486", "pentium", "pentium2", "qemu32")),
            new Gated("BSWAP", "bswap eax", List.of("486", "pentium", "pentium2", "qemu32")),
            new Gated("RDTSC", "rdtsc", List.of("pentium", "pentium2", "qemu32")),
            new Gated("CMPXCHG8B", "cmpxchg8b [0x3000]", List.of("pentium", "pentium2", "qemu32")),
            new Gated("CMOVE", "cmove eax, ebx", List.of("pentium2", "qemu32")),
            new Gated("CMOVNL mem", "cmovnl eax, [0x3000]", List.of("pentium2", "qemu32")),
            new Gated("FCMOVB", "fcmovb st0, st1", List.of("pentium2", "qemu32")),
            new Gated("FCOMI", "fcomi st0, st1", List.of("pentium2", "qemu32")),
            new Gated("FUCOMIP", "fucomip st0, st1", List.of("pentium2", "qemu32")),
            new Gated("FXSAVE", "fxsave [0x3000]", List.of("pentium2", "qemu32")),
            new Gated("PADDB", "paddb mm0, mm1", List.of("pentium", "pentium2", "qemu32")),
            new Gated("MOVD", "movd mm2, eax", List.of("pentium", "pentium2", "qemu32")),
            new Gated("PSLLQ imm", "psllq mm3, 4", List.of("pentium", "pentium2", "qemu32")),
            new Gated("EMMS", "emms", List.of("pentium", "pentium2", "qemu32")),
            new Gated("RDMSR", "rdmsr", List.of()),
            new Gated("SYSENTER", "sysenter", List.of()));

    /** Each gated instruction raises #UD exactly on the models without its feature. */
    @ParameterizedTest
    @EnumSource(X86Harness.Tier.class)
    void gates(X86Harness.Tier tier) throws Exception {
        X86Harness.requireNasm();
        for (X86CpuModel model : X86CpuModel.ALL) {
            for (Gated g : GATED) {
                byte[] code = X86Harness.nasm("fninit\nfld1\nfldz\n" + g.asm() + "\nhlt", 32, 0x1000);
                try (X86Harness h = new X86Harness(tier, model)) {
                    h.flat32(code, 0x1000);
                    h.cpu.regs[X86Cpu.EDX] = 0;
                    h.run(100);
                    List<Integer> want = g.models().contains(model.name()) ? List.of() : List.of(X86Cpu.EXC_UD);
                    assertEquals(want, h.exceptions, g.what() + " on " + model.name());
                }
            }
        }
    }

    /** CR4.PGE is reserved (#GP) on models without PGE; CR4.PSE exists on all four. */
    @ParameterizedTest
    @ValueSource(strings = {"486", "pentium", "pentium2"})
    void cr4Bits(String name) throws Exception {
        X86Harness.requireNasm();
        byte[] code = X86Harness.nasm("mov eax, 0x10\nmov cr4, eax\nmov eax, 0x90\nmov cr4, eax\nhlt", 32, 0x1000);
        try (X86Harness h = new X86Harness(X86Harness.Tier.INTERPRETER, X86CpuModel.byName(name))) {
            h.flat32(code, 0x1000);
            h.run(100);
            boolean pge = X86CpuModel.byName(name).has(X86CpuModel.FEATURE_PGE);
            assertEquals(pge ? List.of() : List.of(X86Cpu.EXC_GP), h.exceptions);
            assertEquals(pge ? 0x90 : 0x10, h.cpu.cr4);
        }
    }
}
