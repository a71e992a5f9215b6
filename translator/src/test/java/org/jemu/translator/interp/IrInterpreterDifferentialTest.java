package org.jemu.translator.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jemu.translator.backend.BytecodeBackend;
import org.jemu.translator.exec.CompiledBlock;
import org.jemu.translator.exec.GuestFault;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;
import org.jemu.translator.ir.Verifier;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.jemu.translator.testkit.FlatCpu;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random blocks shaped like translated guest code, run in the IR interpreter and by the bytecode backend
 * from the same state: register reads and writes of both widths in runs, base-plus-offset addresses
 * (folded into the access by the interpreter when the sum has no other use, kept when it has), accesses
 * that miss the TLB, cross a page, are unaligned with alignment required, or fault, and values that die
 * early (so the interpreter reuses their slots). Registers, memory, the exit and the faulting
 * instruction must agree. The master seed is fixed under CI=true, else random; -Djemu.seed=N replays.
 */
class IrInterpreterDifferentialTest {
    static final int REGS = 10;
    static final long RAM = 0x10000;
    static final int RAM_SIZE = 0x3000;
    static final long FAULT_PAGE = RAM + 0x2000;
    static PhysicalAddressSpace mem;

    @BeforeAll
    static void setUp() {
        mem = new PhysicalAddressSpace();
        mem.addRam("ram", RAM, RAM_SIZE);
    }

    @AfterAll
    static void tearDown() {
        mem.close();
    }

    static IrBlock randomBlock(SplittableRandom r) {
        IrBuilder b = new IrBuilder(0x1000, 0);
        List<Inst> vals = new ArrayList<>();
        int insns = 1 + r.nextInt(12);
        for (int g = 0; g < insns; g++) {
            b.insnStart(0x1000 + 4L * g);
            int reads = r.nextInt(4);
            for (int k = 0; k < reads; k++) {
                vals.add(r.nextBoolean() ? b.get64(r.nextInt(REGS - 1)) : b.get32(r.nextInt(REGS - 1)));
            }
            if (vals.isEmpty()) {
                vals.add(b.get64(0));
            }
            ops(b, vals, r);
            if (r.nextInt(3) > 0) {
                int size = 1 << r.nextInt(4);
                long memop = MemOp.of(size, r.nextBoolean(), r.nextInt(4) == 0, 0);
                if (r.nextInt(10) == 0) {
                    memop = MemOp.aligned(memop);
                }
                // base register 8 holds a RAM address; the offset may reach the next page or the faulting one
                Inst base = b.get64(8);
                long off = r.nextInt(8) == 0 ? 0x1000 - size / 2 : r.nextInt(r.nextInt(16) == 0 ? 0x2100 : 0x1ff0);
                Inst addr = b.add(base, b.c64(off));
                if (r.nextInt(4) == 0) {
                    vals.add(addr);  // a second use: not folded
                }
                // values defined between the address and the access, some using the base (the folded
                // sum's operands must stay live until the access)
                if (r.nextBoolean()) {
                    vals.add(base);
                }
                ops(b, vals, r);
                if (r.nextBoolean()) {
                    Type t = size == 8 || r.nextBoolean() ? Type.I64 : Type.I32;
                    vals.add(b.load(t, addr, memop));
                } else {
                    Inst v = vals.get(r.nextInt(vals.size()));
                    b.store(addr, v.type.bits < size * 8 ? b.zext32(v) : v, memop);
                }
            }
            int writes = r.nextInt(4);
            for (int k = 0; k < writes; k++) {
                b.setReg(r.nextInt(REGS - 2), vals.get(r.nextInt(vals.size())));
            }
        }
        Inst c = b.cmp(Op.ULT, b.get64(0), b.get64(1));
        switch (r.nextInt(3)) {
            case 0 -> b.branch(c, 0x2000, 0x3000);
            case 1 -> b.jumpIndirect(b.get64(2));
            default -> b.jump(0x4000);
        }
        return b.finish();
    }

    static void ops(IrBuilder b, List<Inst> vals, SplittableRandom r) {
        int ops = r.nextInt(4);
        for (int k = 0; k < ops; k++) {
            Inst x = vals.get(r.nextInt(vals.size()));
            Inst y = pick(vals, x.type, r, b);
            Op op = new Op[] {Op.ADD, Op.SUB, Op.XOR, Op.AND, Op.MUL, Op.SLT, Op.ULT, Op.ULE, Op.EQ}[r.nextInt(9)];
            vals.add(op.sig == Op.Sig.COMPARE ? b.cmp(op, x, y) : b.binary(op, x, y));
        }
    }

    static Inst pick(List<Inst> vals, Type t, SplittableRandom r, IrBuilder b) {
        for (int tries = 0; tries < 4; tries++) {
            Inst v = vals.get(r.nextInt(vals.size()));
            if (v.type == t) {
                return v;
            }
        }
        return b.constant(t, r.nextInt(3) == 0 ? -1 : r.nextLong());
    }

    record Outcome(long[] regs, byte[] ram, int exit, boolean faulted, int faultInsn) {
    }

    static Outcome run(CompiledBlock code, long[] regs0, byte[] ram0) {
        FlatCpu cpu = new FlatCpu(REGS, mem);
        cpu.faultingPage = FAULT_PAGE;
        System.arraycopy(regs0, 0, cpu.regs, 0, REGS);
        mem.load(RAM, ram0);
        int exit = -1;
        boolean faulted = false;
        try {
            // twice: the second run hits the TLB the first one filled, and reuses the value array
            code.run(cpu);
            System.arraycopy(regs0, 0, cpu.regs, 0, REGS);
            mem.load(RAM, ram0);
            exit = code.run(cpu);
        } catch (GuestFault f) {
            faulted = true;
        }
        return new Outcome(cpu.regs.clone(), mem.readBytes(RAM, RAM_SIZE), exit, faulted, faulted ? cpu.curInsn : -1);
    }

    @Test
    void interpreterAgreesWithTheBackend() {
        long seed = System.getProperty("jemu.seed") != null ? Long.getLong("jemu.seed")
                : "true".equalsIgnoreCase(System.getenv("CI")) ? 0x5eed_0011L : System.nanoTime();
        System.out.printf("IrInterpreterDifferentialTest master seed 0x%x (-Djemu.seed=%d)%n", seed, seed);
        SplittableRandom root = new SplittableRandom(seed);
        BytecodeBackend backend = new BytecodeBackend();
        int faults = 0;
        for (int i = 0; i < 1500; i++) {
            long s = root.nextLong();
            SplittableRandom r = new SplittableRandom(s);
            IrBlock blk = randomBlock(r);
            Verifier.verify(blk);
            long[] regs0 = new long[REGS];
            for (int k = 0; k < REGS; k++) {
                regs0[k] = r.nextInt(4) == 0 ? r.nextInt(64) : r.nextLong();
            }
            regs0[8] = RAM + r.nextInt(0x100);
            byte[] ram0 = new byte[RAM_SIZE];
            r.nextBytes(ram0);
            String ctx = "block seed " + s + "\n" + blk;
            Outcome ref = run(new IrInterpreter(blk), regs0, ram0);
            Outcome jit = run(backend.compile(blk), regs0, ram0);
            assertEquals(ref.faulted(), jit.faulted(), "fault: " + ctx);
            assertEquals(ref.faultInsn(), jit.faultInsn(), "fault insn: " + ctx);
            assertEquals(ref.exit(), jit.exit(), "exit: " + ctx);
            assertArrayEquals(ref.regs(), jit.regs(), "regs: " + ctx);
            assertArrayEquals(ref.ram(), jit.ram(), "ram: " + ctx);
            faults += ref.faulted() ? 1 : 0;
        }
        System.out.println("IrInterpreterDifferentialTest: 1500 blocks agree, " + faults + " faulted");
    }
}
