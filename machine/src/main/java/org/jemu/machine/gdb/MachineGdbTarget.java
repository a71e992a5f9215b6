package org.jemu.machine.gdb;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jemu.arm.cpu.Aarch64Cpu;
import org.jemu.machine.Machine;
import org.jemu.machine.monitor.Monitor;
import org.jemu.ppc.cpu.PpcBookECpu;
import org.jemu.ppc.cpu.PpcCpu;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.exec.GuestCpu;
import org.jemu.translator.memory.MemoryRegion;
import org.jemu.x86.cpu.X86Cpu;

/**
 * A {@link Machine} as a gdb target. Guest state is read and written on the vCPU thread only (through
 * {@link Machine#postHostEvent}, which runs between blocks and while paused); breakpoints, watchpoints and
 * single steps use the execution loop's debug support, and stops arrive through
 * {@link Machine#setDebugListener}. Guest memory is accessed through the vCPU's current translation (AArch64: its MMU at its current exception
 * level; x86: paging, on linear addresses; PowerPC: BATs and the page table, without R/C updates), RAM and ROM only (device registers are not read, so reading has no side effects); writes go
 * through {@link org.jemu.translator.memory.PhysicalAddressSpace#load}, which keeps translated code
 * coherent and also patches ROM (flash), as QEMU's debugger writes do.
 */
public final class MachineGdbTarget implements GdbTarget {
    private static final long TIMEOUT_SECONDS = 10;

    private final Machine machine;
    private final Monitor monitor;
    private final List<? extends GuestCpu> cpus;
    private final GdbArch arch;
    private volatile Consumer<StopEvent> listener = e -> { };

    public MachineGdbTarget(Machine machine) {
        this.machine = machine;
        this.monitor = new Monitor(machine);
        List<? extends GuestCpu> all = machine.cpus();
        GdbArch a = null;
        for (GuestCpu c : all) {
            GdbArch ca = c instanceof Aarch64Cpu a64 ? (a64.aarch32El1 ? Arm32GdbRegs.INSTANCE : Aarch64GdbRegs.INSTANCE)
                    : c instanceof X86Cpu ? X86GdbRegs.INSTANCE
                    : c instanceof PpcBookECpu ? PpcGdbRegs.BOOKE
                    : c instanceof PpcCpu ? PpcGdbRegs.INSTANCE : null;
            if (ca == null || (a != null && a != ca)) {
                throw new IllegalArgumentException("the gdb stub supports AArch64, ARMv7-A (AArch32), x86 and 32-bit PowerPC guests, not "
                        + c.getClass().getSimpleName());
            }
            a = ca;
        }
        if (a == null) {
            throw new IllegalArgumentException("the machine has no vCPU to debug");
        }
        this.cpus = all;
        this.arch = a;
        machine.setDebugListener(this::debugStop);
    }

    private void debugStop(ExecLoop.DebugEvent e) {
        StopKind kind = switch (e.kind()) {
            case BREAKPOINT -> StopKind.BREAKPOINT;
            case WATCHPOINT -> StopKind.WATCHPOINT;
            case STEP -> StopKind.STEP;
        };
        int watch = e.watchKind() == ExecLoop.WATCH_READ ? WATCH_READ
                : e.watchKind() == ExecLoop.WATCH_WRITE ? WATCH_WRITE : e.watchKind() == 0 ? 0 : WATCH_ACCESS;
        listener.accept(new StopEvent(e.cpu().cpuIndex, kind, e.pc(), e.address(), watch, 0));
    }

    @Override
    public void setStopListener(Consumer<StopEvent> l) {
        this.listener = l;
    }

    @Override
    public int threadCount() {
        return cpus.size();
    }

    @Override
    public String targetXml() {
        return arch.targetXml();
    }

    private GuestCpu cpu(int thread) {
        return cpus.get(thread < 0 || thread >= cpus.size() ? 0 : thread);
    }

    @Override
    public byte[] readRegisters(int thread) {
        return onVcpu(() -> {
            GuestCpu c = cpu(thread);
            int total = 0;
            for (int n = 0; n < arch.count(); n++) {
                total += arch.size(n);
            }
            byte[] out = new byte[total];
            int off = 0;
            for (int n = 0; n < arch.count(); n++) {
                if (arch.size(n) == 0) {
                    continue; // a number the layout skips (AArch32's old FPA registers 16..24)
                }
                byte[] r = arch.read(c, n);
                System.arraycopy(r, 0, out, off, r.length);
                off += r.length;
            }
            return out;
        });
    }

    @Override
    public boolean writeRegisters(int thread, byte[] data) {
        return onVcpu(() -> {
            GuestCpu c = cpu(thread);
            // All or nothing: check every register the packet holds before writing any.
            int off = 0;
            int last = 0;
            for (; last < arch.count(); last++) {
                int size = arch.size(last);
                if (off + size > data.length) {
                    break;
                }
                if (size != 0 && !arch.canWrite(c, last, data, off)) {
                    return false;
                }
                off += size;
            }
            off = 0;
            for (int n = 0; n < last; n++) {
                if (arch.size(n) != 0 && !arch.write(c, n, data, off)) {
                    throw new IllegalStateException("gdb register " + n + " was accepted by canWrite, refused by write");
                }
                off += arch.size(n);
            }
            return true;
        });
    }

    @Override
    public byte[] readRegister(int thread, int regno) {
        if (arch.size(regno) == 0) {
            return null;
        }
        return onVcpu(() -> arch.read(cpu(thread), regno));
    }

    @Override
    public boolean writeRegister(int thread, int regno, byte[] value) {
        if (arch.size(regno) == 0 || value.length != arch.size(regno)) {
            return false;
        }
        return onVcpu(() -> arch.write(cpu(thread), regno, value, 0));
    }

    @Override
    public byte[] readMemory(int thread, long addr, int len) {
        return onVcpu(() -> {
            GuestCpu c = cpu(thread);
            byte[] out = new byte[len];
            int done = 0;
            while (done < len) {
                long va = addr + done;
                long pa = arch.debugTranslate(c, va);
                if (pa == -1) {
                    break;
                }
                MemoryRegion r = machine.memory().find(pa);
                if (r == null || r.backing == null) {
                    break;
                }
                long n = Math.min(len - done, 0x1000 - (va & 0xfff));
                n = Math.min(n, r.base + r.size - pa);
                java.lang.foreign.MemorySegment.copy(r.backing, java.lang.foreign.ValueLayout.JAVA_BYTE,
                        pa - r.base, out, done, (int) n);
                done += (int) n;
            }
            return java.util.Arrays.copyOf(out, done);
        });
    }

    @Override
    public boolean writeMemory(int thread, long addr, byte[] data) {
        return onVcpu(() -> {
            GuestCpu c = cpu(thread);
            // Check every page first, so a failing write changes nothing.
            int done = 0;
            while (done < data.length) {
                long va = addr + done;
                long pa = arch.debugTranslate(c, va);
                MemoryRegion r = pa == -1 ? null : machine.memory().find(pa);
                if (r == null || r.backing == null) {
                    return false;
                }
                long n = Math.min(data.length - done, 0x1000 - (va & 0xfff));
                done += (int) Math.min(n, r.base + r.size - pa);
            }
            done = 0;
            while (done < data.length) {
                long va = addr + done;
                long pa = arch.debugTranslate(c, va);
                MemoryRegion r = machine.memory().find(pa);
                int n = (int) Math.min(Math.min(data.length - done, 0x1000 - (va & 0xfff)), r.base + r.size - pa);
                machine.memory().load(pa, java.util.Arrays.copyOfRange(data, done, done + n));
                done += n;
            }
            return true;
        });
    }

    @Override
    public boolean insertPoint(int type, long addr, long len) {
        ExecLoop loop = machine.loop();
        return onVcpu(() -> switch (type) {
            case SW_BREAK, HW_BREAK -> {
                loop.addBreakpoint(addr);
                yield true;
            }
            case WATCH_WRITE, WATCH_READ, WATCH_ACCESS -> {
                loop.addWatchpoint(addr, len, loopKind(type));
                yield true;
            }
            default -> false;
        });
    }

    @Override
    public boolean removePoint(int type, long addr, long len) {
        ExecLoop loop = machine.loop();
        return onVcpu(() -> switch (type) {
            case SW_BREAK, HW_BREAK -> {
                loop.removeBreakpoint(addr);
                yield true;
            }
            case WATCH_WRITE, WATCH_READ, WATCH_ACCESS -> {
                loop.removeWatchpoint(addr, len, loopKind(type));
                yield true;
            }
            default -> false;
        });
    }

    private static int loopKind(int type) {
        return switch (type) {
            case WATCH_WRITE -> ExecLoop.WATCH_WRITE;
            case WATCH_READ -> ExecLoop.WATCH_READ;
            default -> ExecLoop.WATCH_ACCESS;
        };
    }

    @Override
    public void setPc(int thread, long pc) {
        onVcpu(() -> {
            arch.setPc(cpu(thread), pc);
            return null;
        });
    }

    @Override
    public void resume(int stepThread) {
        onVcpu(() -> {
            for (GuestCpu c : cpus) {
                c.singleStep = c.cpuIndex == stepThread;
            }
            return null;
        });
        machine.resume();
    }

    @Override
    public void interrupt() {
        machine.pause();
        // Runs once the vCPUs stopped at a block boundary (host events run while paused).
        machine.postHostEvent(() -> listener.accept(new StopEvent(defaultThread(), StopKind.INTERRUPT,
                cpus.get(defaultThread()).pc(), 0, 0, 0)));
    }

    @Override
    public void stopForAttach() {
        if (!machine.isPaused()) {
            machine.pause();
        }
        if (machine.shutdownReason() == Machine.Shutdown.NONE) {
            onVcpu(() -> null); // wait until the vCPUs are between blocks
        }
    }

    @Override
    public boolean isStopped() {
        return machine.isPaused();
    }

    @Override
    public int defaultThread() {
        return 0;
    }

    @Override
    public String monitorCommand(String command) {
        return monitor.execute(command);
    }

    @Override
    public void kill() {
        machine.requestShutdown(Machine.Shutdown.HOST_QUIT);
    }

    private <T> T onVcpu(Supplier<T> s) {
        return machine.callOnVcpu(s, TIMEOUT_SECONDS);
    }
}
