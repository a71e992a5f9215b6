package org.jemu.arm.cpu;

import java.util.List;
import java.util.Locale;

/**
 * An AArch64 CPU model: the identification register values a guest reads and the few implementation
 * choices that differ between cores. Values are those of QEMU's models of the same name
 * ({@code target/arm/cpu64.c}), so firmware and kernels see the same CPU on jemu and on qemu-system.
 *
 * <p>Register values here are the "hardware" values; {@link Aarch64Cpu} adjusts the fields that depend on
 * the board's configuration when the guest reads them (EL2/EL3 presence in ID_AA64PFR0 and ID_PFR1, no
 * AArch32 and no PMU: see {@link Aarch64Cpu}). Register names and layouts: Arm ARM DDI 0487, D13.2.
 *
 * @param name              the {@code -cpu} name
 * @param dtbCompatible     device-tree "compatible" string of the core
 * @param midr              MIDR_EL1
 * @param revidr            REVIDR_EL1
 * @param ctr               CTR_EL0 (cache type)
 * @param resetSctlr        reset value of SCTLR_EL1/EL2/EL3
 * @param idPfr0            ID_PFR0_EL1 (AArch32 processor features)
 * @param idPfr1            ID_PFR1_EL1
 * @param idDfr0            ID_DFR0_EL1
 * @param idAfr0            ID_AFR0_EL1
 * @param idMmfr0           ID_MMFR0_EL1
 * @param idMmfr1           ID_MMFR1_EL1
 * @param idMmfr2           ID_MMFR2_EL1
 * @param idMmfr3           ID_MMFR3_EL1
 * @param idIsar0           ID_ISAR0_EL1
 * @param idIsar1           ID_ISAR1_EL1
 * @param idIsar2           ID_ISAR2_EL1
 * @param idIsar3           ID_ISAR3_EL1
 * @param idIsar4           ID_ISAR4_EL1
 * @param idIsar5           ID_ISAR5_EL1
 * @param mvfr0             MVFR0_EL1
 * @param mvfr1             MVFR1_EL1
 * @param mvfr2             MVFR2_EL1
 * @param idAa64pfr0        ID_AA64PFR0_EL1 (EL0..EL3 = AArch64+AArch32, FP and AdvSIMD present)
 * @param idAa64dfr0        ID_AA64DFR0_EL1 (debug: BRPs, WRPs, PMUVer)
 * @param idAa64isar0       ID_AA64ISAR0_EL1 (AES, SHA1, SHA256, CRC32)
 * @param idAa64mmfr0       ID_AA64MMFR0_EL1 (PARange, ASID bits, granules)
 * @param clidr             CLIDR_EL1 (cache levels)
 * @param ccsidr            CCSIDR_EL1 per CSSELR: L1 data, L1 instruction, L2 unified
 * @param dczBlockLog2Words DCZID_EL0.BS: log2 of the DC ZVA block size in 4-byte words (4 = 64 bytes)
 * @param counterHz         generic timer counter frequency in Hz (reset value of CNTFRQ_EL0)
 */
public record A64CpuModel(String name, String dtbCompatible, long midr, long revidr, long ctr, long resetSctlr,
        long idPfr0, long idPfr1, long idDfr0, long idAfr0, long idMmfr0, long idMmfr1, long idMmfr2, long idMmfr3,
        long idIsar0, long idIsar1, long idIsar2, long idIsar3, long idIsar4, long idIsar5,
        long mvfr0, long mvfr1, long mvfr2, long idAa64pfr0, long idAa64dfr0, long idAa64isar0, long idAa64mmfr0,
        long clidr, List<Long> ccsidr, int dczBlockLog2Words, long counterHz) {

    /** QEMU's default generic timer frequency for these cores: 62.5 MHz (a 16 ns tick). */
    public static final long DEFAULT_COUNTER_HZ = 62_500_000L;

    /** Arm Cortex-A57 r1p0 (QEMU {@code -cpu cortex-a57}). */
    public static final A64CpuModel CORTEX_A57 = new A64CpuModel("cortex-a57", "arm,cortex-a57",
            0x411fd070L, 0, 0x8444c004L, 0x00c50838L,
            0x00000131L, 0x00011011L, 0x03010066L, 0, 0x10101105L, 0x40000000L, 0x01260000L, 0x02102211L,
            0x02101110L, 0x13112111L, 0x21232042L, 0x01112131L, 0x00011142L, 0x00011121L,
            0x10110222L, 0x12111111L, 0x00000043L, 0x00002222L, 0x10305106L, 0x00011120L, 0x00001124L,
            0x0a200023L, List.of(0x701fe00aL, 0x201fe012L, 0x70ffe07aL), 4, DEFAULT_COUNTER_HZ);

    /** Arm Cortex-A53 r0p4 (QEMU {@code -cpu cortex-a53}): 40-bit PA, VIPT L1 instruction cache. */
    public static final A64CpuModel CORTEX_A53 = new A64CpuModel("cortex-a53", "arm,cortex-a53",
            0x410fd034L, 0, 0x84448004L, 0x00c50838L,
            0x00000131L, 0x00011011L, 0x03010066L, 0, 0x10101105L, 0x40000000L, 0x01260000L, 0x02102211L,
            0x02101110L, 0x13112111L, 0x21232042L, 0x01112131L, 0x00011142L, 0x00011121L,
            0x10110222L, 0x12111111L, 0x00000043L, 0x00002222L, 0x10305106L, 0x00011120L, 0x00001122L,
            0x0a200023L, List.of(0x700fe01aL, 0x201fe00aL, 0x707fe07aL), 4, DEFAULT_COUNTER_HZ);

    /** Arm Cortex-A72 r0p3 (QEMU {@code -cpu cortex-a72}). */
    public static final A64CpuModel CORTEX_A72 = new A64CpuModel("cortex-a72", "arm,cortex-a72",
            0x410fd083L, 0, 0x8444c004L, 0x00c50838L,
            0x00000131L, 0x00011011L, 0x03010066L, 0, 0x10201105L, 0x40000000L, 0x01260000L, 0x02102211L,
            0x02101110L, 0x13112111L, 0x21232042L, 0x01112131L, 0x00011142L, 0x00011121L,
            0x10110222L, 0x12111111L, 0x00000043L, 0x00002222L, 0x10305106L, 0x00011120L, 0x00001124L,
            0x0a200023L, List.of(0x701fe00aL, 0x201fe012L, 0x707fe07aL), 4, DEFAULT_COUNTER_HZ);

    /**
     * Arm Cortex-A15 r2p1 (QEMU {@code -cpu cortex-a15}, {@code target/arm/tcg/cpu32.c}): an ARMv7-A CPU
     * with VFPv4, NEON and LPAE, AArch32 only (ID_AA64PFR0 = 0 marks that, {@link #aarch32Only}). The
     * AArch64-only fields are zero; DBGDIDR is {@link #A15_DBGDIDR}, FPSID {@link #A15_FPSID}.
     */
    public static final A64CpuModel CORTEX_A15 = new A64CpuModel("cortex-a15", "arm,cortex-a15",
            0x412fc0f1L, 0, 0x8444c004L, 0x00c50078L,
            0x00001131L, 0x00011011L, 0x02010555L, 0, 0x10201105L, 0x20000000L, 0x01240000L, 0x02102211L,
            0x02101110L, 0x13112111L, 0x21232041L, 0x11112131L, 0x10011142L, 0,
            0x10110222L, 0x11111111L, 0, 0, 0, 0, 0,
            0x0a200023L, List.of(0x701fe00aL, 0x201fe00aL, 0x711fe07aL), 4, DEFAULT_COUNTER_HZ);

    /** Cortex-A15 DBGDIDR (QEMU's value): v7.1 debug, 6 breakpoints, 4 watchpoints. */
    public static final long A15_DBGDIDR = 0x3515f021L;
    /** Cortex-A15 FPSID (QEMU reset_fpsid). */
    public static final long A15_FPSID = 0x410430f0L;

    /** All models, the first being the default. */
    public static final List<A64CpuModel> ALL = List.of(CORTEX_A57, CORTEX_A53, CORTEX_A72, CORTEX_A15);

    /** True for an AArch32-only (ARMv7-A) model: its ID_AA64PFR0 is zero. */
    public boolean aarch32Only() {
        return idAa64pfr0 == 0;
    }

    public A64CpuModel {
        if (ccsidr.size() != 3) {
            throw new IllegalArgumentException("ccsidr needs L1D, L1I and L2 values");
        }
        if (counterHz <= 0 || counterHz > 4_000_000_000L) {
            throw new IllegalArgumentException("counter frequency out of range: " + counterHz);
        }
    }

    /**
     * The model named {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the valid models, for a one-line CLI error
     */
    public static A64CpuModel byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (A64CpuModel m : ALL) {
            if (m.name.equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown AArch64 CPU model '" + name + "'; valid models: "
                + String.join(", ", names()));
    }

    /** Names of all models. */
    public static List<String> names() {
        return ALL.stream().map(A64CpuModel::name).toList();
    }

    /** Bits of physical address from ID_AA64MMFR0_EL1.PARange (D13.2.64): 32..48; 40 for an LPAE AArch32 model. */
    public int paRangeBits() {
        if (aarch32Only()) {
            return 40;
        }
        return Mmu.outputSizeBits((int) (idAa64mmfr0 & 0xf));
    }
}
