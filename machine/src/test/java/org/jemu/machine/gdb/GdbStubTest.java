package org.jemu.machine.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.chardev.MemoryCharBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gdb stub at the protocol level: a raw socket client against a real virt machine running the committed
 * C test program ({@code test-roms/aarch64/gdb/gdbtest}), started stopped as with {@code -S}.
 */
class GdbStubTest {
    /** g packet size: x0..x30, sp, pc (8 bytes), cpsr (4), v0..v31 (16), fpsr, fpcr (4). */
    static final int G_BYTES = 33 * 8 + 4 + 32 * 16 + 4 + 4;

    @TempDir
    Path tmp;

    private StubFixture fixture;
    private Machine machine;
    private GdbStub stub;
    private Thread runner;
    private MemoryCharBackend serial;

    private RspClient start(Path rom) throws IOException {
        return start(MachineConfig.of("virt").withBios(rom));
    }

    private RspClient start(MachineConfig config) throws IOException {
        fixture = new StubFixture(config);
        machine = fixture.machine;
        stub = fixture.stub;
        runner = fixture.runner;
        serial = fixture.serial;
        return fixture.connect();
    }

    private RspClient start() throws IOException {
        return start(GdbTestRom.bin());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static String hex64(long v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(String.format("%02x", (v >>> (8 * i)) & 0xff));
        }
        return sb.toString();
    }

    private static long le(String hex) {
        long v = 0;
        for (int i = 0; i < hex.length() / 2; i++) {
            v |= Long.parseLong(hex.substring(2 * i, 2 * i + 2), 16) << (8 * i);
        }
        return v;
    }

    private static long pc(RspClient c) throws IOException {
        return le(c.command("p20"));
    }

    private void awaitShutdown(Machine.Shutdown expected) throws InterruptedException {
        runner.join(20_000);
        assertEquals(expected, machine.shutdownReason());
    }

    @Test
    void handshakeAndQueries() throws Exception {
        try (RspClient c = start()) {
            String sup = c.command("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;xmlRegisters=i386");
            assertTrue(sup.contains("PacketSize=4000"), sup);
            assertTrue(sup.contains("qXfer:features:read+") && sup.contains("QStartNoAckMode+")
                    && sup.contains("vContSupported+") && sup.contains("swbreak+") && sup.contains("hwbreak+"), sup);
            assertEquals("T05thread:1;", c.command("?"));
            assertEquals("1", c.command("qAttached"));
            assertEquals("m1", c.command("qfThreadInfo"));
            assertEquals("l", c.command("qsThreadInfo"));
            assertEquals("QC1", c.command("qC"));
            assertEquals("OK", c.command("Hg1"));
            assertEquals("OK", c.command("Hc-1"));
            assertEquals("OK", c.command("T1"));
            assertEquals("E01", c.command("T2"));
            assertEquals("vCont;c;C;s;S;t", c.command("vCont?"));
            assertEquals("", c.command("qTotallyUnknownPacket"));
            assertEquals("", c.command("vMustReplyEmpty"));
            assertEquals("", c.command("!"));
            // The target description, read in small chunks as gdb does.
            String xml = c.targetXml(0x100);
            assertEquals(Aarch64GdbRegs.TARGET_XML, xml);
            assertTrue(xml.indexOf("org.gnu.gdb.aarch64.core") > 0 && xml.indexOf("org.gnu.gdb.aarch64.fpu") > 0);
            assertTrue(xml.indexOf("name=\"v31\" bitsize=\"128\"") > 0 && xml.indexOf("name=\"cpsr\"") > 0);
            assertEquals("E00", c.command("qXfer:features:read:other.xml:0,100"));
            // Monitor commands: output as O packets, then OK.
            c.send("qRcmd," + GdbStub.hex("info status".getBytes(StandardCharsets.US_ASCII)));
            String o = c.receive();
            assertEquals("O" + GdbStub.hex("VM status: paused\n".getBytes(StandardCharsets.US_ASCII)), o);
            assertEquals("OK", c.receive());
        }
    }

    @Test
    void registersReadAndWrite() throws Exception {
        try (RspClient c = start()) {
            String g = c.command("g");
            assertEquals(G_BYTES * 2, g.length());
            assertEquals(0, pc(c), "the CPU starts at the flash base");
            assertEquals(hex64(0), g.substring(32 * 16, 33 * 16));
            assertEquals("OK", c.command("P5=" + hex64(0x1122334455667788L)));
            assertEquals(hex64(0x1122334455667788L), c.command("p5"));
            // G: write x1 through the whole register block.
            String g2 = c.command("g");
            String modified = g2.substring(0, 16) + hex64(0xcafef00dL) + g2.substring(32);
            assertEquals("OK", c.command("G" + modified));
            assertEquals(hex64(0xcafef00dL), c.command("p1"));
            assertEquals(modified, c.command("g"));
            // cpsr writes change NZCV only; EL1h and DAIF stay.
            long cpsr = le(c.command("p21"));
            assertEquals(0x3c5, cpsr & 0x3ff, "EL1h with DAIF masked at reset: " + Long.toHexString(cpsr));
            assertEquals("OK", c.command("P21=" + hex64(0x6000_0000L).substring(0, 8)));
            assertEquals(0x6000_03c5L, le(c.command("p21")));
            // A vector register (128 bits) and fpsr/fpcr.
            String v = "00112233445566778899aabbccddeeff";
            assertEquals("OK", c.command("P22=" + v));
            assertEquals(v, c.command("p22"));
            assertEquals(8, c.command("p42").length());
            assertEquals(8, c.command("p43").length());
            // The system registers follow the g packet: 68 = SCTLR_EL1 (its reset value on QEMU's cortex-a57,
            // 0xc50838), read-only; 68 + 42 is past the last.
            assertEquals(hex64(0xc50838), c.command("p44"));
            assertEquals("E01", c.command("P44=" + hex64(0)));
            assertEquals(hex64(0xc50838), c.command("p44"));
            assertEquals(hex64(4), c.command("p" + Integer.toHexString(Aarch64GdbRegs.SYS0 + 17)), "CurrentEL = EL1");
            assertEquals(42, Aarch64GdbRegs.SYSREGS.length);
            assertEquals("E01", c.command("p" + Integer.toHexString(Aarch64GdbRegs.END)));
            assertEquals("E01", c.command("P5=1234"), "wrong size");
        }
    }

    private static String hex32(long v) {
        return hex64(v).substring(0, 8);
    }

    /**
     * A {@code G} packet is all or nothing: on the PC in protected mode (the x86 test program at
     * {@code compute}), a packet that changes eax and ecx and also loads a new CS selector (refused: a
     * descriptor load has checks of its own) gets E01 and leaves eax and ecx as they were.
     */
    @Test
    void aRefusedRegisterInAGPacketWritesNone() throws Exception {
        Path x86 = GdbTestRom.dir("x86/gdb");
        long compute = GdbTestRom.symbol("x86/gdb", "compute");
        try (RspClient c = start(MachineConfig.of("pc").withBios(x86.resolve("gdbtest.bin")))) {
            assertEquals("OK", c.command("Z0," + Long.toHexString(compute) + ",1"));
            c.send("c");
            assertEquals("T05thread:1;swbreak:;", c.receive());
            String g = c.command("g");
            // eax ecx edx ebx esp ebp esi edi eip eflags cs ... (4 bytes each, hex 8 characters).
            assertEquals(hex32(compute), g.substring(8 * 8, 9 * 8), "eip");
            assertEquals(hex32(8), g.substring(10 * 8, 11 * 8), "cs = the flat code selector");
            String eax = g.substring(0, 8);
            String ecx = g.substring(8, 16);
            String bad = hex32(0x1111) + hex32(0x2222) + g.substring(16, 10 * 8) + hex32(0x10) + g.substring(11 * 8);
            assertEquals("E01", c.command("G" + bad));
            assertEquals(g, c.command("g"), "nothing written");
            assertEquals(eax, c.command("p0"));
            assertEquals(ecx, c.command("p1"));
            // The same packet with CS unchanged is accepted and writes both.
            String good = hex32(0x1111) + hex32(0x2222) + g.substring(16);
            assertEquals("OK", c.command("G" + good));
            assertEquals(hex32(0x1111), c.command("p0"));
            assertEquals(hex32(0x2222), c.command("p1"));
            assertEquals(good, c.command("g"));
        }
    }

    /**
     * The two-vCPU program {@link #twoCpus()} writes: CPU 0 starts CPU 1 with PSCI CPU_ON (entry {@code secondary},
     * context id 0x42), then each reads MPIDR_EL1 into x1, sets x5 and spins.
     * <pre>
     * 0x00 _start:  movz x0, #0xc400, lsl #16; movk x0, #3   // PSCI CPU_ON (SMC64)
     *               mov x1, #1; adr x2, secondary; mov x3, #0x42; hvc #0
     * 0x18          mrs x1, mpidr_el1; mov x5, #0x100
     * 0x20 primary_spin:   b primary_spin
     * 0x24 secondary:      mrs x1, mpidr_el1; mov x5, #0x200
     * 0x2c secondary_spin: b secondary_spin
     * </pre>
     */
    private static final int[] TWO_CPUS = {0xd2b88000, 0xf2800060, 0xd2800021, 0x100000c2, 0xd2800843, 0xd4000002,
        0xd53800a1, 0xd2802005, 0x14000000, 0xd53800a1, 0xd2804005, 0x14000000};

    private Path twoCpus() throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(TWO_CPUS.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int w : TWO_CPUS) {
            b.putInt(w);
        }
        return Files.write(tmp.resolve("smp.bin"), b.array());
    }

    /**
     * {@code -smp 2} on virt: the vCPUs are threads 1 and 2, a breakpoint only CPU 1 reaches reports thread 2,
     * and {@code Hg} selects whose registers {@code g}/{@code p} read. The expected values are what
     * {@code qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 2 -S -s} shows for the same program through
     * gdb-multiarch: thread 1 x0 = 0 (PSCI SUCCESS), x1 = 0x80000000, x5 = 0x100, pc = 0x20; thread 2 x0 =
     * 0x42, x1 = 0x80000001, x5 = 0x200, pc = 0x2c.
     */
    @Test
    void twoVcpusAreTwoThreads() throws Exception {
        MachineConfig smp2 = new MachineConfig("virt", null, 0, 2, twoCpus(), null, null, null, null,
                MachineConfig.DEFAULT_ICOUNT_SHIFT, false, false);
        try (RspClient c = start(smp2)) {
            assertEquals("m1,2", c.command("qfThreadInfo"));
            assertEquals("l", c.command("qsThreadInfo"));
            assertEquals("OK", c.command("T1"));
            assertEquals("OK", c.command("T2"));
            assertEquals("E01", c.command("T3"));
            assertEquals("E01", c.command("Hg3"));
            assertEquals("OK", c.command("Z0,2c,4"));
            c.send("c");
            assertEquals("T05thread:2;swbreak:;", c.receive());
            assertEquals("OK", c.command("z0,2c,4"));
            assertEquals("OK", c.command("Hg1"));
            assertEquals("QC1", c.command("qC"));
            assertEquals(0, le(c.command("p0")));
            assertEquals(0x8000_0000L, le(c.command("p1")));
            assertEquals(0x100, le(c.command("p5")));
            assertEquals(0x20, pc(c));
            String g1 = c.command("g");
            assertEquals("OK", c.command("Hg2"));
            assertEquals(0x42, le(c.command("p0")));
            assertEquals(0x8000_0001L, le(c.command("p1")));
            assertEquals(0x200, le(c.command("p5")));
            assertEquals(0x2c, pc(c));
            String g2 = c.command("g");
            assertEquals(hex64(0x42), g2.substring(0, 16));
            assertEquals(hex64(0x8000_0001L), g2.substring(16, 32));
            assertEquals(hex64(0x8000_0000L), g1.substring(16, 32));
            // Writes go to the selected thread only.
            assertEquals("OK", c.command("P6=" + hex64(0x6666)));
            assertEquals("OK", c.command("Hg1"));
            assertEquals(0, le(c.command("p6")));
            assertEquals("OK", c.command("Hg2"));
            assertEquals(0x6666, le(c.command("p6")));
            // Ctrl-C while both spin: a stop for some thread, both vCPUs stopped.
            c.send("c");
            assertTrue(c.quietFor(100));
            c.sendRaw(new byte[] {0x03});
            String stop = c.receive();
            assertTrue(stop.equals("T02thread:1;") || stop.equals("T02thread:2;"), stop);
            assertEquals(GdbStub.hex("CPU#1 [paused]".getBytes(StandardCharsets.US_ASCII)),
                    c.command("qThreadExtraInfo,2"));
        }
    }

    @Test
    void memoryReadAndWrite() throws Exception {
        try (RspClient c = start()) {
            byte[] bin = Files.readAllBytes(GdbTestRom.bin());
            assertEquals(GdbStub.hex(Arrays.copyOf(bin, 16)), c.command("m0,10"));
            long counter = GdbTestRom.symbol("counter");
            String a = Long.toHexString(counter);
            assertEquals("OK", c.command("M" + a + ",4:deadbeef"));
            assertEquals("deadbeef", c.command("m" + a + ",4"));
            // X: binary data with the escaped characters # $ } * (and an unescaped byte after them).
            byte[] payload = {0x23, 0x24, 0x7d, 0x2a, 0x41};
            StringBuilder x = new StringBuilder("X" + a + ",5:");
            for (byte b : payload) {
                if (b == 0x23 || b == 0x24 || b == 0x7d || b == 0x2a) {
                    x.append('}').append((char) (b ^ 0x20));
                } else {
                    x.append((char) b);
                }
            }
            assertEquals("OK", c.command(x.toString()));
            assertEquals(GdbStub.hex(payload), c.command("m" + a + ",5"));
            assertEquals("OK", c.command("X" + a + ",0:"), "gdb probes X with an empty write");
            // A read across the end of RAM returns what exists; unbacked addresses are an error.
            assertEquals("E14", c.command("m10000000,4"), "nothing at 0x1000_0000 on virt");
            assertEquals("E14", c.command("M10000000,1:00"));
            // Writing code keeps translated code coherent (the bytes read back).
            assertEquals("OK", c.command("M0,4:1f2003d5"));
            assertEquals("1f2003d5", c.command("m0,4"));
        }
    }

    @Test
    void breakpointSingleStepAndWatchpoint() throws Exception {
        try (RspClient c = start()) {
            long sumTo = GdbTestRom.symbol("sum_to");
            long counter = GdbTestRom.symbol("counter");
            assertEquals("OK", c.command("Z0," + Long.toHexString(sumTo) + ",4"));
            c.send("c");
            assertEquals("T05thread:1;swbreak:;", c.receive());
            assertEquals(sumTo, pc(c));
            assertEquals(10, le(c.command("p0")), "sum_to(10)");
            c.send("s");
            assertEquals("T05thread:1;", c.receive());
            assertEquals(sumTo + 4, pc(c));
            c.send("vCont;s:1");
            assertEquals("T05thread:1;", c.receive());
            assertEquals(sumTo + 8, pc(c));
            assertEquals("OK", c.command("z0," + Long.toHexString(sumTo) + ",4"));
            // A write watchpoint on counter. AArch64 watchpoints stop before the store (D2.10, as QEMU's ARM
            // target and gdb expect): the first stop still sees 0; continuing performs that store (1) and
            // stops before the next one.
            assertEquals("OK", c.command("Z2," + Long.toHexString(counter) + ",8"));
            c.send("vCont;c");
            assertEquals("T05thread:1;watch:" + Long.toHexString(counter) + ";", c.receive());
            assertEquals(hex64(0), c.command("m" + Long.toHexString(counter) + ",8"));
            c.send("c");
            assertEquals("T05thread:1;watch:" + Long.toHexString(counter) + ";", c.receive());
            assertEquals(hex64(1), c.command("m" + Long.toHexString(counter) + ",8"));
            assertEquals("OK", c.command("z2," + Long.toHexString(counter) + ",8"));
            // An access watchpoint reports awatch.
            assertEquals("OK", c.command("Z4," + Long.toHexString(counter) + ",8"));
            c.send("c");
            assertEquals("T05thread:1;awatch:" + Long.toHexString(counter) + ";", c.receive());
            assertEquals("OK", c.command("z4," + Long.toHexString(counter) + ",8"));
            // A hardware breakpoint on main's return path is reported as hwbreak.
            assertEquals("OK", c.command("Z1," + Long.toHexString(GdbTestRom.symbol("power_off")) + ",4"));
            c.send("c");
            assertEquals("T05thread:1;hwbreak:;", c.receive());
            assertTrue(serial.outputString().contains("gdbtest: PASS"), serial.outputString());
            // Continuing to the end: the guest powers off and the stub says so.
            c.send("c");
            assertEquals("W00", c.receive());
            awaitShutdown(Machine.Shutdown.POWER_OFF);
        }
    }

    @Test
    void continueAndStepAtAnAddress() throws Exception {
        try (RspClient c = start()) {
            long sumTo = GdbTestRom.symbol("sum_to");
            long main = GdbTestRom.symbol("main");
            assertEquals("OK", c.command("P1f=" + hex64(0x40110000L))); // sp, as _start sets it
            // s ADDR: step the instruction at ADDR (the prologue's stp at main).
            c.send("s" + Long.toHexString(main));
            assertEquals("T05thread:1;", c.receive());
            assertEquals(main + 4, pc(c));
            // c ADDR: continue from ADDR, stopping at a breakpoint.
            assertEquals("OK", c.command("Z0," + Long.toHexString(sumTo) + ",4"));
            c.send("c" + Long.toHexString(main + 4));
            assertEquals("T05thread:1;swbreak:;", c.receive());
            assertEquals(sumTo, pc(c));
        }
    }

    @Test
    void interruptStopsARunningGuest() throws Exception {
        Path spin = tmp.resolve("spin.bin");
        Files.write(spin, new byte[] {0x00, 0x00, 0x00, 0x14}); // b .
        try (RspClient c = start(spin)) {
            c.send("c");
            assertTrue(c.quietFor(200), "no stop reply while the guest runs");
            assertFalse(machine.isPaused());
            c.sendRaw(new byte[] {0x03});
            assertEquals("T02thread:1;", c.receive());
            assertTrue(machine.isPaused());
            assertEquals(0, pc(c));
            assertTrue(machine.instructions() > 0);
            // vCont;t stops too.
            c.send("vCont;c");
            assertTrue(c.quietFor(100));
            c.send("vCont;t:1");
            assertEquals("T02thread:1;", c.receive());
        }
    }

    @Test
    void detachRemovesBreakpointsAndResumes() throws Exception {
        try (RspClient c = start()) {
            assertEquals("OK", c.command("Z0," + Long.toHexString(GdbTestRom.symbol("sum_to")) + ",4"));
            assertEquals("OK", c.command("Z2," + Long.toHexString(GdbTestRom.symbol("counter")) + ",8"));
            assertEquals("OK", c.command("D"));
            awaitShutdown(Machine.Shutdown.POWER_OFF);
            assertTrue(serial.outputString().contains("gdbtest: PASS"), serial.outputString());
        }
    }

    @Test
    void killEndsTheEmulator() throws Exception {
        try (RspClient c = start()) {
            c.send("k");
            awaitShutdown(Machine.Shutdown.HOST_QUIT);
        }
    }

    @Test
    void checksumsAcksAndNoAckMode() throws Exception {
        try (RspClient c = start()) {
            // A bad checksum is NAKed and not executed.
            c.sendRaw("$g#00");
            assertEquals('-', c.readByte());
            assertTrue(c.quietFor(200));
            // Non-hex checksum digits too.
            c.sendRaw("$g#zz");
            assertEquals('-', c.readByte());
            // A '-' from the client asks for the last reply again.
            assertEquals("OK", c.command("Hg1"));
            c.sendRaw("-");
            assertEquals("OK", c.receive());
            // Stray bytes between packets are ignored.
            c.sendRaw("xyz++");
            assertEquals("T05thread:1;", c.command("?"));
            // No-ack mode: the OK is still acked, then no more acks either way.
            assertEquals("OK", c.command("QStartNoAckMode"));
            c.noAck = true;
            assertEquals("T05thread:1;", c.command("?"));
            c.sendRaw("$?#00"); // bad checksum: dropped silently
            assertTrue(c.quietFor(200));
            assertEquals("1", c.command("qAttached"));
        }
    }

    @Test
    void malformedAndOversizedPacketsChangeNothing() throws Exception {
        try (RspClient c = start()) {
            String before = c.command("g");
            for (String bad : new String[] {"mzz,4", "m0", "M0,4:zz", "M0,4:00", "X0,zz:", "p", "pzz", "P5",
                "P5=zz", "Z0", "Z0,zz,4", "z9,0,4", "Hx1", "H", "Hgzz", "vCont;x", "vCont;", "qRcmd,zzz",
                "qXfer:features:read:target.xml:zz,10", "G0", "Gzz", "c zz", "s", "T"}) {
                if (bad.equals("s")) {
                    continue; // valid: stepping is tested elsewhere
                }
                String r = c.command(bad);
                assertTrue(r.isEmpty() || r.startsWith("E"), bad + " -> " + r);
            }
            assertEquals("", c.command("Z7,0,4"), "unknown breakpoint type");
            // A packet longer than PacketSize.
            c.sendRaw(RspClient.frame("M40100000,4000:" + "00".repeat(GdbStub.PACKET_SIZE)));
            assertEquals('+', c.readByte());
            assertEquals("E01", c.receive());
            assertEquals(before, c.command("g"));
            assertEquals(0, pc(c));
            assertTrue(machine.isPaused());
        }
    }

    @Test
    void disconnectMidPacketThenReconnect() throws Exception {
        try (RspClient c = start()) {
            assertEquals("OK", c.command("P3=" + hex64(0x1234)));
            assertEquals("OK", c.command("Z0," + Long.toHexString(GdbTestRom.symbol("sum_to")) + ",4"));
            c.sendRaw("$m0,4#");
            // gone before the checksum
        }
        assertTrue(machine.isPaused(), "a stopped guest stays stopped");
        try (RspClient c = new RspClient(stub.port())) {
            assertEquals("T05thread:1;", c.command("?"));
            assertEquals(hex64(0x1234), c.command("p3"));
            assertEquals(0, pc(c));
            c.sendRaw("$qSupported:xmlRegisters=aarch64;multipro");
        }
        try (RspClient c = new RspClient(stub.port())) {
            assertEquals(0, pc(c));
            // The breakpoint went with the first debugger: the guest runs to its end.
            c.send("c");
            assertEquals("W00", c.receive());
        }
        awaitShutdown(Machine.Shutdown.POWER_OFF);
        assertTrue(serial.outputString().contains("gdbtest: PASS"), serial.outputString());
    }

    @Test
    void aRunningGuestKeepsRunningWhenItsDebuggerGoesAway() throws Exception {
        Path spin = tmp.resolve("spin.bin");
        Files.write(spin, new byte[] {0x00, 0x00, 0x00, 0x14}); // b .
        try (RspClient c = start(spin)) {
            c.send("c");
            assertTrue(c.quietFor(100));
            c.sendRaw("$g#6"); // and gone mid-checksum
        }
        Thread.sleep(300);
        assertFalse(machine.isPaused(), "the guest was running and must keep running");
        long n = machine.instructions();
        Thread.sleep(200);
        assertTrue(machine.instructions() > n || !machine.isPaused());
        try (RspClient c = new RspClient(stub.port())) {
            assertEquals("T05thread:1;", c.command("?"), "a new debugger finds the guest stopped");
            assertTrue(machine.isPaused());
        }
    }

    @Test
    void deviceStrings() {
        assertEquals(1234, GdbStub.parseDevice("tcp::1234").getPort());
        assertTrue(GdbStub.parseDevice("tcp::1234").getAddress().isLoopbackAddress());
        assertEquals("127.0.0.1", GdbStub.parseDevice("tcp:127.0.0.1:4321").getAddress().getHostAddress());
        assertEquals(4321, GdbStub.parseDevice("tcp:127.0.0.1:4321,server,nowait").getPort());
        assertEquals(1234, GdbStub.parseDevice(":1234").getPort());
        assertEquals(1234, GdbStub.parseDevice("1234").getPort());
        for (String bad : new String[] {"udp:1234", "tcp::x", "tcp::70000", "", "unix:/tmp/s"}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> GdbStub.parseDevice(bad), bad);
        }
    }

    @Test
    void aSecondListenerOnTheSamePortFails() throws Exception {
        try (RspClient c = start()) {
            org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> GdbStub.start(new MachineGdbTarget(machine), "tcp::" + stub.port()));
            assertEquals("T05thread:1;", c.command("?"));
        }
    }
}
