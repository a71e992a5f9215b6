package org.jemu.x86.fuzz;

import java.lang.foreign.ValueLayout;
import java.util.List;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.clock.VirtualClock;
import org.jemu.translator.exec.ExecLoop;
import org.jemu.translator.exec.ExecStats;
import org.jemu.translator.memory.MemoryRegion;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.jemu.x86.cpu.X86Cpu;
import org.jemu.x86.cpu.X86CpuModel;

/**
 * Runs fuzz cases on jemu: an {@link X86Cpu} in the case's mode with RAM where Unicorn has mapped memory,
 * executed by the real {@link ExecLoop} in one tier. An access to unmapped memory raises a pseudo-exception
 * ({@link #UNMAPPED}) so it compares with Unicorn's {@code UC_ERR_*_UNMAPPED}; every exception stops the CPU
 * through {@link X86Cpu#exceptionHook}, as Unicorn's interrupt hook stops it.
 */
final class JemuX86Runner implements AutoCloseable {
    enum Tier { INTERPRETER, COMPILED }

    /** Pseudo-vector of an access to unmapped memory. */
    static final int UNMAPPED = 256;
    /** Instructions per run (the sequence has at most 25; REP chunks count one each). */
    static final int BUDGET = 400;

    /** An X86Cpu whose unassigned accesses fault. */
    static final class FuzzCpu extends X86Cpu {
        FuzzCpu(PhysicalAddressSpace mem, VirtualClock clock) {
            super(X86CpuModel.QEMU32, 0, mem, clock);
        }

        @Override
        public void unassignedAccess(long vaddr, long paddr, int access, int size) {
            throw fault(UNMAPPED, -1);
        }
    }

    final Tier tier;
    final X86FuzzCase.Mode mode;
    private final PhysicalAddressSpace mem = new PhysicalAddressSpace();
    private final MemoryRegion data;
    private final MemoryRegion code;
    private int errorCode;
    final FuzzCpu cpu;
    private final ExecLoop loop;
    private int vector = -1;
    private long stopPc;

    JemuX86Runner(Tier tier, X86FuzzCase.Mode mode, int maxBlockInsns) {
        this.tier = tier;
        this.mode = mode;
        if (mode != X86FuzzCase.Mode.REAL16) {
            data = mem.addRam("data", X86FuzzCase.DATA32, mode == X86FuzzCase.Mode.PROT16 ? X86FuzzCase.DATA16_SIZE
                    : X86FuzzCase.DATA32_SIZE);
            code = mem.addRam("code", X86FuzzCase.CODE32, X86FuzzCase.CODE32_SIZE);
        } else {
            data = mem.addRam("ram", 0, X86FuzzCase.MEM16_SIZE);
            code = null;
        }
        VirtualClock clock = new VirtualClock(0, false);
        cpu = new FuzzCpu(mem, clock);
        loop = new ExecLoop(List.of(cpu), clock, tier == Tier.COMPILED ? new BytecodeBackend() : null);
        loop.setCompileThreshold(tier == Tier.COMPILED ? 0 : -1);
        loop.setBackgroundCompile(false);
        loop.setMaxBlockInsns(maxBlockInsns);
        cpu.exceptionHook = (c, v, err, software, next) -> {
            vector = v;
            errorCode = err;
            stopPc = software ? next : c.regs[X86Cpu.PC];
            c.stopped = true;
            return true;
        };
    }

    ExecStats stats() {
        return loop.stats();
    }

    void load(X86FuzzCase c) {
        cpu.reset();
        if (c.mode() != X86FuzzCase.Mode.REAL16) {
            cpu.setFlatProtectedMode(0, X86FuzzCase.FLAT_DATA_SELECTOR);
            cpu.gdtrBase = (int) X86FuzzCase.GDT;
            cpu.gdtrLimit = X86FuzzCase.GDT_LIMIT;
            cpu.ldtrLimit = 0;          // Unicorn's LDTR: base 0, limit 0 (every LDT selector is a #GP)
            mem.load(X86FuzzCase.CODE32, c.codeImage());
            mem.load(X86FuzzCase.DATA32, c.memory());
            if (c.mode() == X86FuzzCase.Mode.PROT16) {
                for (int s = 0; s < 6; s++) {
                    loadDescriptor(s, c.segs()[s]);
                }
            }
        } else {
            cpu.setRealMode(0, (int) c.codeAddr(), 0);
            for (int s = 0; s < 6; s++) {
                cpu.setSegment(s, c.segs()[s], (long) c.segs()[s] << 4, 0xFFFF,
                        s == X86Cpu.CS ? X86Cpu.ATTR_REAL_CODE : X86Cpu.ATTR_REAL_DATA);
            }
            mem.load(0, c.memoryImage());
        }
        cpu.setEip(c.codeAddr() - c.csBase());
        System.arraycopy(c.regs(), 0, cpu.regs, X86Cpu.EAX, 8);
        cpu.setEflags(c.eflags());
        cpu.interruptRequest = 0;
        cpu.stopped = false;
        vector = -1;
    }

    /**
     * Loads segment {@code s}'s cache from the case's GDT descriptor of {@code sel} (SDM Vol. 3A 3.4.5: base,
     * limit scaled by G, the attribute word); the descriptors used are accessed, so nothing is written back.
     */
    private void loadDescriptor(int s, int sel) {
        long d = X86FuzzCase.GDT_ENTRIES[sel >> 3];
        long base = (d >>> 16 & 0xFF_FFFFL) | (d >>> 32 & 0xFF00_0000L);
        long limit = (d & 0xFFFF) | (d >>> 32 & 0xF_0000L);
        int attr = (int) (d >>> 40) & 0xF0FF;
        if ((attr & X86Cpu.ATTR_G) != 0) {
            limit = limit << 12 | 0xFFF;
        }
        cpu.setSegment(s, sel, base, limit, attr);
    }

    X86FuzzState run(X86FuzzCase c) {
        load(c);
        loop.runCpu(cpu, BUDGET);
        return state(c, false);
    }

    /**
     * Executes one instruction (all of a REP instruction) from {@code regs} (a copy of {@link X86Cpu#regs}
     * taken before an earlier step, maybe edited), memory as it is now.
     */
    X86FuzzState stepFrom(X86FuzzCase c, long[] regs) {
        System.arraycopy(regs, 0, cpu.regs, 0, regs.length);
        cpu.stopped = false;
        cpu.halted = false;
        cpu.interruptRequest = 0;
        vector = -1;
        return step(c);
    }

    /** Executes one instruction (all of a REP instruction) from the current state. */
    X86FuzzState step(X86FuzzCase c) {
        long pc = cpu.regs[X86Cpu.PC];
        for (int i = 0; i < 100_000; i++) {
            loop.runCpu(cpu, 1);
            if (cpu.stopped || cpu.halted || cpu.regs[X86Cpu.PC] != pc) {
                break;
            }
        }
        if (!cpu.stopped && (cpu.interruptRequest & X86Cpu.INTERRUPT_SINGLE_STEP) != 0) {
            cpu.checkInterrupts();      // the single-step trap the instruction raised (taken before the next one)
        }
        return state(c, true);
    }

    X86FuzzState state(X86FuzzCase c, boolean stepping) {
        long[] r = new long[8];
        for (int i = 0; i < 8; i++) {
            r[i] = cpu.regs[X86Cpu.EAX + i] & 0xFFFF_FFFFL;
        }
        int[] segs = new int[6];
        for (int s = 0; s < 6; s++) {
            segs[s] = (int) cpu.regs[X86Cpu.SEG_SEL + s];
        }
        byte[] m = data.backing.asSlice(0, c.memSize()).toArray(ValueLayout.JAVA_BYTE);
        long eip = cpu.eip();
        X86FuzzState.Stop stop;
        if (cpu.stopped && vector == 1 && stopPc - cpu.csBase() == c.endEip() + 1) {
            // the single-step trap after the HLT: Unicorn stops before the HLT
            stop = X86FuzzState.Stop.of(X86FuzzState.Kind.COMPLETED, c.endEip());
            eip = c.endEip();
        } else if (cpu.stopped && vector >= 0) {
            long e = (stopPc - cpu.csBase()) & 0xFFFF_FFFFL;
            stop = vector == UNMAPPED ? X86FuzzState.Stop.of(X86FuzzState.Kind.UNMAPPED, e)
                    : vector == 14 ? new X86FuzzState.Stop(X86FuzzState.Kind.EXCEPTION, e, 14, "",
                            cpu.cr2 & 0xFFFF_FFFFL, errorCode, 0xF)
                    : new X86FuzzState.Stop(X86FuzzState.Kind.EXCEPTION, e, vector, "");
            eip = e;
        } else if (cpu.halted && eip == c.endEip() + 1) {
            stop = X86FuzzState.Stop.of(X86FuzzState.Kind.COMPLETED, c.endEip());
            eip = c.endEip();
        } else if (stepping && eip == c.endEip()) {
            stop = X86FuzzState.Stop.of(X86FuzzState.Kind.COMPLETED, c.endEip());
        } else if (stepping) {
            stop = X86FuzzState.Stop.of(X86FuzzState.Kind.RUNNING, eip);
        } else {
            stop = X86FuzzState.Stop.of(cpu.halted ? X86FuzzState.Kind.OTHER : X86FuzzState.Kind.TIMEOUT, eip);
        }
        return new X86FuzzState(r, eip, cpu.eflags(), segs, m, stop, c.x87Image() != null ? X87Fuzz.read(cpu) : null);
    }

    /** True if the code region differs from the case's code (jemu wrote into it). */
    boolean codeChanged(X86FuzzCase c) {
        if (code != null) {
            byte[] now = code.backing.asSlice(0, X86FuzzCase.CODE32_SIZE).toArray(ValueLayout.JAVA_BYTE);
            return !java.util.Arrays.equals(now, c.codeImage());
        }
        return false;
    }

    /** Writes {@code b} to guest physical memory at {@code addr} (the lock-step diagnosis syncs x87 stores). */
    void poke(long addr, byte[] b) {
        mem.load(addr, b);
    }

    /**
     * Sets EAX..EDI, EFLAGS, the data window and the FPU state (not the FSW exception flags, which Unicorn does not
     * keep) to {@code u}'s, writing only the bytes where {@code mine} (jemu's state) differs: the lock-step
     * diagnosis continues past a known x87 difference (FLAT32, PROT16, REAL16).
     */
    void syncFrom(X86FuzzCase c, X86FuzzState u, X86FuzzState mine) {
        for (int i = 0; i < 8; i++) {
            cpu.regs[X86Cpu.EAX + i] = u.regs()[i];
        }
        cpu.setEflags(u.eflags());
        byte[] a = u.memory();
        byte[] b = mine.memory();
        for (int at = java.util.Arrays.mismatch(a, b); at >= 0 && at < a.length; ) {
            int end = at;
            while (end < a.length && a[end] != b[end]) {
                end++;
            }
            mem.load(c.memBase() + at, java.util.Arrays.copyOfRange(a, at, end));   // only the differing bytes
            int next = java.util.Arrays.mismatch(a, end, a.length, b, end, b.length);
            at = next < 0 ? -1 : end + next;
        }
        if (u.x87() != null) {
            X87Fuzz.write(cpu, u.x87());
        }
    }

    /** Replaces the undefined status flags {@code mask} with {@code value}'s. */
    void syncFlags(int mask, int value) {
        int f = cpu.eflags();
        cpu.setEflags((f & ~mask) | (value & mask));
    }

    @Override
    public void close() {
        loop.close();
        mem.close();
    }
}
