package org.jemu.machine.gdb;

import java.io.IOException;
import org.jemu.machine.Boards;
import org.jemu.machine.Machine;
import org.jemu.machine.MachineConfig;
import org.jemu.machine.chardev.MemoryCharBackend;

/**
 * A machine with the gdb stub on a free port, started stopped as with {@code -S}, its vCPUs on a thread of
 * their own: what the protocol-level tests connect an {@link RspClient} to. {@link #close} ends both.
 */
final class StubFixture implements AutoCloseable {
    final MemoryCharBackend serial = new MemoryCharBackend();
    final Machine machine;
    final GdbStub stub;
    final Thread runner;

    StubFixture(MachineConfig config) throws IOException {
        machine = Boards.create(config, serial);
        stub = GdbStub.start(new MachineGdbTarget(machine), "tcp::0");
        machine.pause();
        runner = new Thread(() -> {
            machine.run();
            stub.targetExited(machine.exitCode());
        }, "test-vcpu");
        runner.start();
    }

    /** A new client connection to the stub. */
    RspClient connect() throws IOException {
        return new RspClient(stub.port());
    }

    @Override
    public void close() throws Exception {
        stub.close();
        machine.requestShutdown(Machine.Shutdown.HOST_QUIT);
        runner.join(10_000);
        machine.close();
    }
}
