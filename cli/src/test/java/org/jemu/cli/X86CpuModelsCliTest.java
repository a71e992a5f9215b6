package org.jemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jemu.machine.Boards;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.MachineException;
import org.jemu.machine.board.PcMachine;
import org.jemu.x86.cpu.X86Cpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -cpu} on {@code -M pc}: the four models, {@code -cpu help}, and the model reaching the CPU. */
class X86CpuModelsCliTest {
    @TempDir
    Path dir;

    @Test
    void cpuHelpListsThePcModels() {
        RunCommandTest.Result r = RunCommandTest.jemu("run", "-M", "pc", "-cpu", "help");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("Available CPUs for pc:", lines.getFirst());
        assertEquals(List.of("486", "pentium", "pentium2", "qemu32"),
                lines.subList(1, lines.size()).stream().map(String::trim).toList());
    }

    @Test
    void eachModelReachesTheCpu() throws Exception {
        byte[] rom = new byte[64 << 10];
        Arrays.fill(rom, (byte) 0xF4);
        Path bios = Files.write(dir.resolve("hlt.bin"), rom);
        for (String name : List.of("486", "pentium", "pentium2", "qemu32")) {
            Machine m = Boards.create(MachineConfig.of("pc").withCpu(name).withBios(bios), null);
            try {
                X86Cpu cpu = ((PcMachine) m).x86Cpu();
                assertEquals(name, cpu.model.name());
                assertEquals(cpu.model.signature(), (int) cpu.regs[X86Cpu.EDX], "RESET signature");
            } finally {
                m.close();
            }
        }
        MachineException e = org.junit.jupiter.api.Assertions.assertThrows(MachineException.class,
                () -> Boards.create(MachineConfig.of("pc").withCpu("pentium9").withBios(bios), null));
        assertTrue(e.getMessage().contains("486, pentium, pentium2, qemu32"), e.getMessage());
    }
}
