package org.jemu.translator.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jemu.translator.exec.CompiledBlock;
import org.jemu.translator.exec.GuestFault;
import org.jemu.translator.interp.IrInterpreter;
import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;
import org.jemu.translator.ir.Verifier;
import org.jemu.translator.memory.PhysicalAddressSpace;
import org.jemu.translator.opt.Optimizer;
import org.jemu.translator.testkit.FlatCpu;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random IR blocks run through the IR interpreter (the reference) and the bytecode backend, unoptimised
 * and optimised, from the same random state: registers, memory and the exit must agree. Seeds are printed
 * so a failure can be replayed.
 */
class BackendVsInterpreterTest {
    static final int REGS = 12;
    static final long RAM = 0x10000;
    static final long RAM_SIZE = 0x4000;
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

    static final Op[] BIN = {Op.ADD, Op.SUB, Op.MUL, Op.MULHU, Op.MULHS, Op.UDIV, Op.SDIV, Op.UREM, Op.SREM,
        Op.AND, Op.OR, Op.XOR, Op.SHL, Op.LSHR, Op.ASHR, Op.ROTR};
    static final Op[] UN = {Op.NEG, Op.NOT, Op.CLZ, Op.CTZ, Op.POPCNT, Op.BSWAP, Op.BITREV, Op.SEXT8, Op.SEXT16,
        Op.ZEXT8, Op.ZEXT16};
    static final Op[] CMP = {Op.EQ, Op.NE, Op.SLT, Op.SLE, Op.ULT, Op.ULE};

    static long interesting(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> Long.MIN_VALUE;
            case 3 -> Integer.MIN_VALUE & 0xffffffffL;
            case 4 -> r.nextInt(64);
            default -> r.nextLong();
        };
    }

    /** A random block of about {@code n} ops over the register slots and RAM. */
    static IrBlock randomBlock(SplittableRandom r, int insns, boolean faultable) {
        IrBuilder b = new IrBuilder(0x1000, 0);
        for (int g = 0; g < insns; g++) {
            b.insnStart(0x1000 + 4L * g);
            List<Inst> vals = new ArrayList<>();
            int ops = 1 + r.nextInt(6);
            vals.add(b.get64(r.nextInt(REGS - 1)));
            vals.add(b.get32(r.nextInt(REGS - 1)));
            for (int k = 0; k < ops; k++) {
                Inst x = vals.get(r.nextInt(vals.size()));
                Inst v;
                int kind = r.nextInt(10);
                if (kind < 4) {
                    Inst y = pick(vals, x.type, r, b);
                    v = b.binary(BIN[r.nextInt(BIN.length)], x, y);
                } else if (kind < 6) {
                    v = b.unary(UN[r.nextInt(UN.length)], x);
                } else if (kind == 6) {
                    v = b.cmp(CMP[r.nextInt(CMP.length)], x, pick(vals, x.type, r, b));
                } else if (kind == 7) {
                    Inst c = b.cmp(CMP[r.nextInt(CMP.length)], x, pick(vals, x.type, r, b));
                    v = b.select(c, x, pick(vals, x.type, r, b));
                } else if (kind == 8) {
                    v = x.type == Type.I32 ? (r.nextBoolean() ? b.zext32(x) : b.sext32(x)) : b.trunc(x);
                } else {
                    v = b.constant(x.type, interesting(r));
                }
                vals.add(v);
            }
            // memory: an access at a random offset (may be unaligned, may cross into the faulting page); loads and
            // stores, plain or predicated on a random I32 value, at a 64-bit address or a ZEXT32 of a 32-bit one
            int mk = r.nextInt(5);
            if (mk > 0) {
                int size = 1 << r.nextInt(4);
                long addr = RAM + (faultable ? r.nextInt((int) RAM_SIZE) : r.nextInt((int) RAM_SIZE - 8));
                long memop = MemOp.of(size, r.nextBoolean(), r.nextBoolean(), 0);
                Inst a = r.nextBoolean() ? b.c64(addr) : b.zext32(b.c32((int) addr));
                if (mk == 1 || mk == 3) {
                    Type t = size == 8 || r.nextBoolean() ? Type.I64 : Type.I32;
                    if (size == 8) {
                        t = Type.I64;
                    }
                    vals.add(mk == 1 ? b.load(t, a, memop) : b.loadIf(t, pick(vals, Type.I32, r, b), a, memop));
                } else if (mk == 4) {
                    Inst v = vals.get(r.nextInt(vals.size()));
                    if (v.type.bits < size * 8) {
                        v = b.zext32(v);
                    }
                    b.storeIf(pick(vals, Type.I32, r, b), a, v, memop);
                } else {
                    Inst v = vals.get(r.nextInt(vals.size()));
                    if (v.type.bits < size * 8) {
                        v = b.zext32(v);
                    }
                    b.store(a, v, memop);
                }
            }
            for (int k = 0; k < 2; k++) {
                b.setReg(r.nextInt(REGS - 1), vals.get(r.nextInt(vals.size())));
            }
        }
        Inst c = b.cmp(Op.ULT, b.get64(0), b.get64(1));
        switch (r.nextInt(5)) {
            case 0 -> b.branch(c, 0x2000, 0x3000);
            case 1 -> b.jumpIndirect(b.get64(2));
            case 2 -> b.jumpIndirectChecked(b.get64(2), r.nextBoolean() ? c : b.c32(r.nextInt(2)));
            case 3 -> b.branchIndirectChecked(r.nextBoolean() ? c : b.cmp(Op.NE, b.get32(3), b.c32(0)), b.get64(2),
                    r.nextBoolean() ? b.cmp(Op.ULT, b.get64(4), b.get64(1)) : b.c32(r.nextInt(2)), 0x3004);
            default -> b.jump(0x4000);
        }
        return b.finish();
    }

    static Inst pick(List<Inst> vals, Type t, SplittableRandom r, IrBuilder b) {
        for (int tries = 0; tries < 4; tries++) {
            Inst v = vals.get(r.nextInt(vals.size()));
            if (v.type == t) {
                return v;
            }
        }
        return b.constant(t, interesting(r));
    }

    static final class Outcome {
        long[] regs;
        byte[] ram;
        int exit;
        boolean faulted;
        int faultInsn;
    }

    static Outcome run(CompiledBlock code, long[] regs0, byte[] ram0, long faultPage) {
        FlatCpu cpu = new FlatCpu(REGS, mem);
        cpu.faultingPage = faultPage;
        System.arraycopy(regs0, 0, cpu.regs, 0, REGS);
        mem.load(RAM, ram0);
        Outcome o = new Outcome();
        try {
            o.exit = code.run(cpu);
        } catch (GuestFault f) {
            o.faulted = true;
            o.faultInsn = cpu.curInsn;
        }
        o.regs = cpu.regs.clone();
        o.ram = mem.readBytes(RAM, (int) RAM_SIZE);
        return o;
    }

    @Test
    void randomBlocksAgree() {
        long seed = System.getProperty("jemu.seed") != null ? Long.getLong("jemu.seed") : ("true".equalsIgnoreCase(System.getenv("CI")) ? 0x5eed_0008L : System.nanoTime());
        System.out.println("BackendVsInterpreterTest seed=" + seed);
        SplittableRandom root = new SplittableRandom(seed);
        BytecodeBackend backend = new BytecodeBackend();
        int blocks = 1500;
        for (int i = 0; i < blocks; i++) {
            long s = root.nextLong();
            SplittableRandom r = new SplittableRandom(s);
            boolean faultable = r.nextInt(4) == 0;
            IrBlock blk = randomBlock(r, 1 + r.nextInt(12), faultable);
            Verifier.verify(blk);
            long[] regs0 = new long[REGS];
            for (int k = 0; k < REGS; k++) {
                regs0[k] = interesting(r);
            }
            byte[] ram0 = new byte[(int) RAM_SIZE];
            r.nextBytes(ram0);
            long faultPage = faultable ? RAM + 0x1000L * r.nextInt(4) : -1;
            String ctx = "block seed " + s + "\n" + blk;
            Outcome ref = run(new IrInterpreter(blk), regs0, ram0, faultPage);
            Outcome jit = run(backend.compile(blk), regs0, ram0, faultPage);
            compare(ref, jit, ctx);
            Optimizer.optimize(blk);
            Verifier.verify(blk);
            Outcome opt = run(backend.compile(blk), regs0, ram0, faultPage);
            compare(ref, opt, "optimised " + ctx);
            Outcome optInterp = run(new IrInterpreter(blk), regs0, ram0, faultPage);
            compare(ref, optInterp, "optimised interpreted " + ctx);
        }
    }

    static void compare(Outcome a, Outcome b, String ctx) {
        assertEquals(a.faulted, b.faulted, "fault: " + ctx);
        if (a.faulted) {
            assertEquals(a.faultInsn, b.faultInsn, "fault insn: " + ctx);
        } else {
            assertEquals(a.exit, b.exit, "exit: " + ctx);
        }
        assertArrayEquals(a.regs, b.regs, "regs: " + ctx);
        assertArrayEquals(a.ram, b.ram, "ram: " + ctx);
    }
}
