package org.jemu.ppc.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The e500mc against QEMU: {@code src/test/resources/booke/booke-oracle.S} (built into the committed
 * {@code booke-oracle.bin}) runs bare-metal on {@code qemu-system-ppc -M ppce500 -cpu e500mc -m 256 -bios
 * booke-oracle.elf -nographic -icount shift=0} (QEMU 7.2, Debian 12; with -icount its timers follow the
 * instruction count, so the decrementer words do not depend on host speed) and prints its result words on the
 * UART; {@link #QEMU} is that output, pasted. Here the same code runs on a {@link PpcBookECpu} from QEMU's boot state (TLB1[0] maps
 * 0..64 MiB 1:1 with every permission, PC = 0x10_0000, MSR = 0) until the dump routine, and the words it
 * stored must equal QEMU's: tlbsx miss/hit MAS contents and the next-victim counter, tlbwe sanitising a TLB0
 * entry, tlbre of the boot entry, DTLB/DSI/ITLB/program/sc entry (vector, SRR0, DEAR, ESR, MAS registers after
 * the miss), isel, tlbivax, tlbilx (T = 1, 3), MMUCSR0 flash invalidate, the configuration SPRs,
 * L1CSR0/L2CSR0, the MSR mask, PID1 matching, SPR write masks, the SPRG4 user alias, DEC expiry setting
 * TSR[DIS] and TSR write-1-to-clear, wrteei, and a DEC write of 0.
 *
 * <p>Where QEMU departs from the architecture, jemu follows the architecture (Power ISA 2.06 Book III-E,
 * E500MCRM) and the word is listed in {@link #ARCHITECTURE} with jemu's value: QEMU's mtmsr never changes
 * MSR[ME] (so ME stays 0 from reset until an rfi sets it: the SRR1 of the first two interrupts lack ME),
 * QEMU clears CE and DE on every interrupt (base-class interrupts keep them), ORs the classic program reason
 * bits into SRR1, writes DEAR on an instruction TLB miss, keeps IVOR bits 29-31 (E500CORERM 5.7: the vector is
 * IVPR[32-47] || IVORn[48-59] || 0b0000), sets TSR[DIS] when software writes 0 to DEC, and (7.2) lets an
 * expired decrementer read negative.
 */
class BookEOracleTest {
    /** qemu-system-ppc 7.2 output, one word per line, in order. */
    static final long[] QEMU = {
            0x10000001L, 0x00091200L, 0x0000000AL, 0x00000000L, 0x00000000L, 0x00030001L, 0x80050100L, 0x1000000AL,
            0x00300015L, 0x00000000L, 0x80000800L, 0x00000000L, 0x0000003FL, 0x00000000L, 0x0000000DL, 0x00100284L,
            0x00020200L, 0x10000010L, 0x00000000L, 0x10010002L, 0x80060200L, 0x1000000AL, 0x00060000L, 0x00000000L,
            0x00000002L, 0x001002FCL, 0x00020200L, 0x20000008L, 0x00800000L, 0x10050000L, 0x80000100L, 0x20000000L,
            0x00060000L, 0x00000000L, 0x00000006L, 0x00100334L, 0x00045000L, 0x20000008L, 0x04000000L, 0x10050000L,
            0x80000100L, 0x20000000L, 0x00060000L, 0x00001000L, 0x00000008L, 0x00100354L, 0x00021200L, 0x20000008L,
            0x04000000L, 0x10050000L, 0x80000100L, 0x20000000L, 0x00060000L, 0x00001000L, 0x0000002CL, 0x00000037L,
            0x00000000L, 0x00050200L, 0x00000200L, 0x0000000EL, 0x30000000L, 0x00021200L, 0x30000000L, 0x00000000L,
            0x10000001L, 0x80050200L, 0x3000000AL, 0x00050000L, 0x00001000L, 0x00000006L, 0x00100424L, 0x000A1200L,
            0x30000000L, 0x08000000L, 0x10000001L, 0x80050200L, 0x3000000AL, 0x00050000L, 0x00001000L, 0x04110200L,
            0x401CC040L, 0x00000000L, 0x80230020L, 0x00000000L, 0x01003820L, 0x00000001L, 0x80000000L, 0x04003B06L,
            0x5A5A1234L, 0xFFFFFFFFL, 0xFFFFFFFFL, 0xFFFFFFFFL, 0xFFFFFFFFL, 0xFFFFFFFFL, 0xFFFFFFFFL, 0xFFFFFFFFL,
            0x0000FFF7L, 0xFFFF0000L, 0xFFFFFFFFL, 0xFFFFFFFFL, 0xFFFFFFFFL, 0xFFFFFFFFL, 0xFFFFFFFFL, 0x12345678L,
            0x9ABCDEF0L, 0xFFFEC7B1L, 0x08000000L, 0x08000000L, 0x00000000L, 0x00000000L, 0x00080000L, 0x80090100L,
            0x00000000L, 0x00090000L, 0x00029200L, 0x00021200L, 0x08000000L, 0xFFFFFE6DL, 0x600DF00DL,
    };

    /** Index -> jemu's (architectural) value where QEMU differs (see the class comment). */
    static final Map<Integer, Long> ARCHITECTURE = Map.ofEntries(
            // T4 DTLB miss: SRR1 = CE|ME|DE (QEMU lost ME at mtmsr); handler MSR keeps CE, ME, DE (QEMU: 0).
            Map.entry(16, 0x0002_1200L), Map.entry(23, 0x0002_1200L),
            // T5 DSI: the same two.
            Map.entry(26, 0x0002_1200L), Map.entry(33, 0x0002_1200L),
            // T6 privileged mfmsr from PR|ME: SRR1 = the MSR only (QEMU ORs 0x40000); handler MSR = ME.
            Map.entry(36, 0x0000_5000L),
            // T7 sc: handler MSR keeps CE, ME, DE (QEMU: ME only).
            Map.entry(53, 0x0002_1200L),
            // T11 ITLB miss: DEAR keeps the DSI's address (QEMU writes the fetch address); handler MSR.
            Map.entry(62, 0x2000_0008L), Map.entry(68, 0x0002_1200L),
            // T12 lswi: SRR1 = the MSR (QEMU ORs 0x80000); DEAR as before; handler MSR.
            Map.entry(71, 0x0002_1200L), Map.entry(72, 0x2000_0008L), Map.entry(78, 0x0002_1200L),
            // T17 IVOR0 written with all ones: bits 16-27 only (QEMU's e500 ivor_mask keeps 0xFFF7).
            Map.entry(96, 0x0000_FFF0L),
            // T18 DEC after it expired without ARE: stopped at 0 (QEMU 7.2 reads it going negative).
            Map.entry(105, 0L),
            // T21 mtspr DEC 0: the write is no decrement from 1, so TSR[DIS] stays clear (Book III-E 9.3; IBM A2
            // manual 9.2: "Using mtspr to force the DEC to 0 does not cause a decrementer exception"); QEMU 7.2
            // arms its DEC timer for "now" and sets DIS. DEC then stays 0 (QEMU: going negative).
            Map.entry(116, 0L), Map.entry(117, 0L));

    static long[] image() throws IOException {
        try (InputStream in = BookEOracleTest.class.getResourceAsStream("/booke/booke-oracle.bin")) {
            assertTrue(in != null, "booke-oracle.bin missing from the test resources");
            byte[] b = in.readAllBytes();
            long[] w = new long[b.length / 4];
            for (int i = 0; i < w.length; i++) {
                w[i] = (b[4 * i] & 0xffL) << 24 | (b[4 * i + 1] & 0xffL) << 16 | (b[4 * i + 2] & 0xffL) << 8 | (b[4 * i + 3] & 0xffL);
            }
            return w;
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void sameWordsAsQemu(boolean compiled) throws IOException {
        PhysicalAddressSpace mem = new PhysicalAddressSpace();
        mem.addRam("ram", 0, 8L << 20);
        VirtualClock clock = new VirtualClock(0, false);
        PpcBookECpu cpu = new PpcBookECpu(0, mem);
        cpu.resetSystem();
        cpu.attachClock(clock, 1_000_000_000L);
        long[] img = image();
        for (int i = 0; i < img.length; i++) {
            mem.write(0x10_0000L + 4L * i, 4, true, img[i]);
        }
        // QEMU's -bios boot state (hw/ppc/e500.c mmubooke_create_initial_mapping, as tlbre shows in word 10).
        cpu.mmu().writeEntry(1, 0, PpcBookEMmu.MAS1_VALID | PpcBookEMmu.tsizeForBytes(64L << 20), 0, 0x3f, 0);
        cpu.regs[PpcCpu.PC] = 0x10_0000L;
        cpu.regs[PpcCpu.MSR] = 0;
        ExecLoop loop = new ExecLoop(List.of(cpu), clock, compiled ? new BytecodeBackend() : null);
        loop.setCompileThreshold(compiled ? 0 : -1);
        loop.setBackgroundCompile(false);
        // Run until the dump routine (at 0x10_1800; on jemu its UART is absent, so it spins there harmlessly).
        long dump = 0x10_1800L;
        for (int n = 0; n < 10_000 && cpu.regs[PpcCpu.PC] < dump && !cpu.stopped; n++) {
            clock.runExpired();
            loop.runCpu(cpu, 1000);
        }
        assertTrue(cpu.regs[PpcCpu.PC] >= dump, "reached the dump routine");
        List<Long> got = new ArrayList<>();
        for (long a = 0x20_0000L; a < cpu.regs[30]; a += 4) {
            got.add(mem.read(a, 4, true));
        }
        StringBuilder diff = new StringBuilder();
        for (int i = 0; i < Math.max(got.size(), QEMU.length); i++) {
            long want = ARCHITECTURE.getOrDefault(i, i < QEMU.length ? QEMU[i] : -1L);
            long have = i < got.size() ? got.get(i) : -1L;
            if (want != have) {
                diff.append(String.format("word %d: jemu %08x, expected %08x (QEMU %08x)%n", i, have, want,
                        i < QEMU.length ? QEMU[i] : -1L));
            }
        }
        assertEquals("", diff.toString());
        assertEquals(QEMU.length, got.size());
    }
}
