package org.jemu.translator.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Consumer;
import java.util.function.Function;
import org.jemu.translator.exec.CompiledBlock;
import org.jemu.translator.exec.GuestFault;
import org.jemu.translator.ir.Helper;
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
 * The interpreter's specialised ops, each on values where a wrong specialisation (32- vs 64-bit wrap,
 * signed vs unsigned compare, the wrong load extension or store width, the slow path of an access)
 * gives a different result. Expected values follow the op definitions in {@link Op} and Java's integer
 * arithmetic, worked out by hand.
 */
public class IrInterpreterTest {
    static final int REGS = 8;
    static final long RAM = 0x10000;
    /** RAM just below 4 GiB: its addresses have bit 31 set, so an I32 value holding one is negative. */
    static final long HIGH = 0xffff_0000L;
    static PhysicalAddressSpace mem;

    @BeforeAll
    static void setUp() {
        mem = new PhysicalAddressSpace();
        mem.addRam("ram", RAM, 0x4000);
        mem.addRam("high", HIGH, 0x2000);
    }

    @AfterAll
    static void tearDown() {
        mem.close();
    }

    /** Builds a block with {@code body}, ending in a jump to 0x2000, and runs it on a fresh CPU. */
    static FlatCpu run(Consumer<IrBuilder> body) {
        IrBuilder b = new IrBuilder(0x1000, 0);
        b.insnStart(0x1000);
        body.accept(b);
        b.jump(0x2000);
        return run(b.finish());
    }

    static FlatCpu run(IrBlock blk) {
        Verifier.verify(blk);
        FlatCpu cpu = new FlatCpu(REGS, mem);
        cpu.regs[REGS - 1] = 0x1000;
        assertEquals(CompiledBlock.EXIT_DIRECT_0, new IrInterpreter(blk).run(cpu));
        assertEquals(0x2000, cpu.regs[REGS - 1]);
        return cpu;
    }

    /** The 64-bit register image of {@code f}'s value: an I32 value is zero-extended by SET_REG. */
    static long eval(Function<IrBuilder, Inst> f) {
        return run(b -> b.setReg(0, f.apply(b))).regs[0];
    }

    /** Sign-extends an I32 result to 64 bits before storing it, to see how the value is held. */
    static long evalSext(Function<IrBuilder, Inst> f) {
        return run(b -> b.setReg(0, b.sext32(f.apply(b)))).regs[0];
    }

    @Test
    void arithmeticWrapsAtTheTypeWidth() {
        assertEquals(0x8000_0000L, eval(b -> b.add(b.c64(0x7fff_ffffL), b.c64(1))));
        assertEquals(0xffff_ffff_8000_0000L, evalSext(b -> b.add(b.c32(0x7fff_ffff), b.c32(1))));
        assertEquals(0x8000_0000L, eval(b -> b.add(b.c32(0x7fff_ffff), b.c32(1))));
        assertEquals(0x1_0000_0000L, eval(b -> b.sub(b.c64(0), b.c64(-0x1_0000_0000L))));
        assertEquals(0L, evalSext(b -> b.sub(b.c32(0), b.c32(0))));
        assertEquals(0xffff_ffffL, eval(b -> b.sub(b.c32(0), b.c32(1))));
        assertEquals(0x1_0000_0000L, eval(b -> b.binary(Op.MUL, b.c64(0x10000), b.c64(0x10000))));
        assertEquals(0L, evalSext(b -> b.binary(Op.MUL, b.c32(0x10000), b.c32(0x10000))));
        assertEquals(0xffff_ffff_8000_0000L, evalSext(b -> b.binary(Op.MUL, b.c32(0x4000_0000), b.c32(2))));
        assertEquals(0xffff_ffff_8000_0000L, eval(b -> b.unary(Op.NEG, b.c64(0x8000_0000L))));
        assertEquals(0xffff_ffff_8000_0000L, evalSext(b -> b.unary(Op.NEG, b.c32(0x8000_0000))));
        assertEquals(0xffff_ffff_ffff_fffeL, eval(b -> b.not(b.c64(1))));
    }

    @Test
    void shiftsAndRotatesUseTheTypeWidth() {
        assertEquals(0x8000_0000_0000_0000L, eval(b -> b.binary(Op.ROTR, b.c64(1), b.c64(1))));
        assertEquals(0xffff_ffff_8000_0000L, evalSext(b -> b.binary(Op.ROTR, b.c32(1), b.c32(1))));
        assertEquals(0x1_0000_0000L, eval(b -> b.shl(b.c64(1), b.c64(32))));
        assertEquals(1L, evalSext(b -> b.shl(b.c32(1), b.c32(32))));          // amount mod 32
        assertEquals(0xffff_ffff_8000_0000L, evalSext(b -> b.shl(b.c32(1), b.c32(31))));
        assertEquals(0x7fff_ffff_ffff_ffffL, eval(b -> b.lshr(b.c64(-1), b.c64(1))));
        assertEquals(0x7fff_ffffL, evalSext(b -> b.lshr(b.c32(-1), b.c32(1))));
        assertEquals(-1L, evalSext(b -> b.ashr(b.c32(0x8000_0000), b.c32(31))));
        assertEquals(0xffff_ffffL, eval(b -> b.ashr(b.c32(0x8000_0000), b.c32(31))));
        assertEquals(1L, eval(b -> b.ashr(b.c64(0x8000_0000L), b.c64(31))));
    }

    @Test
    void comparesAreSignedOrUnsignedAtTheOperandWidth() {
        // -1 (I32) is 0xffffffff unsigned: below 1 signed, above 1 unsigned
        assertEquals(1L, eval(b -> b.cmp(Op.SLT, b.c32(-1), b.c32(1))));
        assertEquals(0L, eval(b -> b.cmp(Op.ULT, b.c32(-1), b.c32(1))));
        assertEquals(0L, eval(b -> b.cmp(Op.ULT, b.c32(0x8000_0000), b.c32(0x7fff_ffff))));
        assertEquals(1L, eval(b -> b.cmp(Op.ULT, b.c32(0x7fff_ffff), b.c32(0x8000_0000))));
        assertEquals(1L, eval(b -> b.cmp(Op.ULE, b.c32(-1), b.c32(-1))));
        assertEquals(0L, eval(b -> b.cmp(Op.ULE, b.c32(-1), b.c32(0))));
        assertEquals(1L, eval(b -> b.cmp(Op.ULE, b.c32(0), b.c32(-1))));
        // 0x80000000 as I64 is positive: above 0x7fffffff both ways; 64-bit -1 unsigned is the largest
        assertEquals(0L, eval(b -> b.cmp(Op.ULT, b.c64(0x8000_0000L), b.c64(0x7fff_ffffL))));
        assertEquals(0L, eval(b -> b.cmp(Op.SLT, b.c64(0x8000_0000L), b.c64(0x7fff_ffffL))));
        assertEquals(0L, eval(b -> b.cmp(Op.ULT, b.c64(-1), b.c64(1))));
        assertEquals(1L, eval(b -> b.cmp(Op.SLT, b.c64(-1), b.c64(1))));
        assertEquals(0L, eval(b -> b.cmp(Op.ULE, b.c64(-1), b.c64(0))));
        assertEquals(1L, eval(b -> b.cmp(Op.SLE, b.c64(-1), b.c64(-1))));
        assertEquals(1L, eval(b -> b.cmp(Op.NE, b.c64(0x1_0000_0000L), b.c64(0))));
        assertEquals(0L, eval(b -> b.cmp(Op.EQ, b.c64(0x1_0000_0000L), b.c64(0))));
        assertEquals(0x1234L, eval(b -> b.select(b.c32(2), b.c64(0x1234), b.c64(5))));
        assertEquals(5L, eval(b -> b.select(b.c32(0), b.c64(0x1234), b.c64(5))));
    }

    @Test
    void extensionsKeepTheRightBits() {
        assertEquals(0xffff_ffff_ffff_ff80L, eval(b -> b.unary(Op.SEXT8, b.c64(0x1ff80))));
        assertEquals(0xffff_ff80L, eval(b -> b.unary(Op.SEXT8, b.c32(0x1ff80))));
        assertEquals(0x80L, eval(b -> b.unary(Op.ZEXT8, b.c64(0x1ff80))));
        assertEquals(0xffff_ffff_ffff_8000L, eval(b -> b.unary(Op.SEXT16, b.c64(0x18000))));
        assertEquals(0x8000L, eval(b -> b.unary(Op.ZEXT16, b.c64(0x18000))));
        assertEquals(0x8000_0000L, eval(b -> b.zext32(b.c32(0x8000_0000))));
        assertEquals(0xffff_ffff_8000_0000L, eval(b -> b.sext32(b.c32(0x8000_0000))));
        assertEquals(0xffff_ffff_8000_0000L, evalSext(b -> b.trunc(b.c64(0x1_8000_0000L))));
    }

    @Test
    void registersReadAndWrittenAtTheirWidth() {
        FlatCpu cpu = new FlatCpu(REGS, mem);
        cpu.regs[1] = 0x1_8000_0000L;
        cpu.regs[REGS - 1] = 0x1000;
        IrBuilder b = new IrBuilder(0x1000, 0);
        b.insnStart(0x1000);
        b.setReg(2, b.sext32(b.get32(1)));   // the low half, sign-extended
        b.setReg(3, b.get64(1));
        b.setReg(4, b.get32(1));             // zero-extended into the slot
        b.jump(0x2000);
        new IrInterpreter(b.finish()).run(cpu);
        assertEquals(0xffff_ffff_8000_0000L, cpu.regs[2]);
        assertEquals(0x1_8000_0000L, cpu.regs[3]);
        assertEquals(0x8000_0000L, cpu.regs[4]);
    }

    static long le(int size, boolean signed) {
        return MemOp.of(size, signed, false, 0);
    }

    /** Loads at {@code addr} after filling RAM from 0x10000 with 0x80, 0x81, 0x82, ... */
    static long load(Type t, long addr, long memop) {
        byte[] ram = new byte[0x4000];
        for (int i = 0; i < ram.length; i++) {
            ram[i] = (byte) (0x80 + i);
        }
        mem.load(RAM, ram);
        return run(b -> b.setReg(0, t == Type.I32 ? b.sext32(b.load(t, b.c64(addr), memop))
                : b.load(t, b.c64(addr), memop))).regs[0];
    }

    @Test
    void littleEndianLoadsExtendBySizeAndSignedness() {
        assertEquals(0x80L, load(Type.I64, RAM, le(1, false)));
        assertEquals(0xffff_ffff_ffff_ff80L, load(Type.I64, RAM, le(1, true)));
        assertEquals(0x80L, load(Type.I32, RAM, le(1, false)));
        assertEquals(0xffff_ffff_ffff_ff80L, load(Type.I32, RAM, le(1, true)));
        assertEquals(0x8180L, load(Type.I64, RAM, le(2, false)));
        assertEquals(0xffff_ffff_ffff_8180L, load(Type.I64, RAM, le(2, true)));
        assertEquals(0x8382_8180L, load(Type.I64, RAM, le(4, false)));
        assertEquals(0xffff_ffff_8382_8180L, load(Type.I64, RAM, le(4, true)));
        // an I32 result is held sign-extended whatever the descriptor's signedness
        assertEquals(0xffff_ffff_8382_8180L, load(Type.I32, RAM, le(4, false)));
        assertEquals(0x8786_8584_8382_8180L, load(Type.I64, RAM, le(8, false)));
        // unaligned without the alignment requirement
        assertEquals(0x8483_8281L, load(Type.I64, RAM + 1, le(4, false)));
        // big endian goes through the general path
        assertEquals(0x8081_8283L, load(Type.I64, RAM, MemOp.of(4, false, true, 0)));
        assertEquals(0xffff_ffff_8081_8283L, load(Type.I32, RAM, MemOp.of(4, false, true, 0)));
        assertEquals(0xffff_ffff_ffff_8081L, load(Type.I64, RAM, MemOp.of(2, true, true, 0)));
    }

    @Test
    void loadsCrossingAPageTakeTheSlowPathWithTheSameResult() {
        // bytes at 0x10ffe.. are 0x80 + 0xffe = 0x7e, 0x7f, 0x80, 0x81 (low byte of 0x80 + i)
        assertEquals(0x8180_7f7eL, load(Type.I64, RAM + 0xffe, le(4, false)));
        assertEquals(0xffff_ffff_8180_7f7eL, load(Type.I32, RAM + 0xffe, le(4, false)));
        assertEquals(0xffff_ffff_8180_7f7eL, load(Type.I64, RAM + 0xffe, le(4, true)));
        assertEquals(0xffff_ffff_ffff_807fL, load(Type.I64, RAM + 0xfff, le(2, true)));
        assertEquals(0x8584_8382_8180_7f7eL, load(Type.I64, RAM + 0xffe, le(8, false)));
    }

    static byte[] store(long addr, long value, long memop) {
        mem.load(RAM, new byte[16]);
        run(b -> b.store(b.c64(addr), b.c64(value), memop));
        return mem.readBytes(RAM, 16);
    }

    static String hex(byte[] a) {
        StringBuilder s = new StringBuilder();
        for (byte x : a) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    @Test
    void littleEndianStoresWriteOnlyTheirSize() {
        long v = 0x1122_3344_5566_7788L;
        assertEquals("00880000000000000000000000000000", hex(store(RAM + 1, v, le(1, false))));
        assertEquals("00887700000000000000000000000000", hex(store(RAM + 1, v, le(2, false))));
        assertEquals("00887766550000000000000000000000", hex(store(RAM + 1, v, le(4, false))));
        assertEquals("00887766554433221100000000000000", hex(store(RAM + 1, v, le(8, false))));
        assertEquals("00556677880000000000000000000000", hex(store(RAM + 1, v, MemOp.of(4, false, true, 0))));
        // a store across a page boundary (slow path)
        mem.load(RAM + 0xffc, new byte[8]);
        run(b -> b.store(b.c64(RAM + 0xffe), b.c64(v), le(4, false)));
        assertEquals("0000887766550000", hex(mem.readBytes(RAM + 0xffc, 8)));
    }

    @Test
    void faultingAccessesRecordTheirInstruction() {
        for (boolean store : new boolean[] {false, true}) {
            IrBuilder b = new IrBuilder(0x1000, 0);
            b.insnStart(0x1000);
            b.setReg(0, b.load(Type.I64, b.c64(RAM), le(8, false)));    // fast path, insn 0
            b.insnStart(0x1004);
            b.setReg(1, b.c64(7));
            b.insnStart(0x1008);
            if (store) {
                b.store(b.c64(RAM + 0x2000 + 8), b.c64(1), le(4, false));
            } else {
                b.setReg(2, b.load(Type.I32, b.c64(RAM + 0x2000 + 8), le(4, false)));
            }
            b.jump(0x2000);
            IrBlock blk = b.finish();
            Verifier.verify(blk);
            FlatCpu cpu = new FlatCpu(REGS, mem);
            cpu.faultingPage = RAM + 0x2000;
            GuestFault f = assertThrows(GuestFault.class, () -> new IrInterpreter(blk).run(cpu));
            assertSame(cpu.fault, f);
            assertEquals(2, cpu.curInsn);
            assertEquals(RAM + 0x2008, cpu.fault.address);
            assertEquals(7L, cpu.regs[1]);
        }
    }

    @Test
    void alignmentIsCheckedOnTheFastPath() {
        IrBuilder b = new IrBuilder(0x1000, 0);
        b.insnStart(0x1000);
        b.setReg(0, b.load(Type.I64, b.c64(RAM + 4), MemOp.aligned(le(4, false))));  // aligned: fine
        b.insnStart(0x1004);
        b.setReg(1, b.load(Type.I64, b.c64(RAM + 6), MemOp.aligned(le(4, false))));
        b.jump(0x2000);
        IrBlock blk = b.finish();
        FlatCpu cpu = new FlatCpu(REGS, mem);
        assertThrows(GuestFault.class, () -> new IrInterpreter(blk).run(cpu));
        assertEquals(1, cpu.curInsn);
        assertEquals(RAM + 6, cpu.fault.address);
    }

    /** Helpers for {@link #helpersGetTheirArgumentsAndResultsAtTheirWidths}. */
    public static final class Helpers {
        public static long seenCurInsn;

        public static long mix(FlatCpu cpu, int a, long b, int c) {
            seenCurInsn = cpu.curInsn;
            return a * 1_000_000L + b * 1000 + c;
        }

        public static int neg(FlatCpu cpu, int a) {
            return -a;
        }

        public static void put(FlatCpu cpu, long slot, int v) {
            cpu.regs[(int) slot] = v;
        }

        public static int checks;
        public static long checkedArg;

        /**
         * A check guarded by 15: it counts every call it gets (the interpreter should skip 16-byte aligned
         * arguments, for which a real check does nothing).
         */
        public static void check(FlatCpu cpu, long x) {
            checks++;
            checkedArg = x;
            seenCurInsn = cpu.curInsn;
        }
    }

    static final Helper MIX = Helper.of(Helpers.class, "mix", Helper.READS_STATE);
    static final Helper NEG = Helper.of(Helpers.class, "neg", 0);
    static final Helper PUT = Helper.of(Helpers.class, "put", Helper.WRITES_STATE);

    @Test
    void helpersGetTheirArgumentsAndResultsAtTheirWidths() {
        IrBuilder b = new IrBuilder(0x1000, 0);
        b.insnStart(0x1000);
        b.insnStart(0x1004);
        // I32 -1 reaches an int parameter as -1; the I64 argument as is
        b.setReg(0, b.call(MIX, b.c32(-1), b.c64(-2), b.c32(3)));
        b.insnStart(0x1008);
        Inst n = b.call(NEG, b.c32(0x8000_0001));         // int result 0x7fffffff
        b.setReg(1, b.sext32(n));
        b.setReg(2, b.sext32(b.call(NEG, b.c32(1))));      // -1, held sign-extended
        b.setReg(3, b.call(NEG, b.c32(1)));                // zero-extended into the slot
        b.call(PUT, b.c64(4), b.c32(-5));
        b.jump(0x2000);
        FlatCpu cpu = run(b.finish());
        assertEquals(-1_000_000L - 2000 + 3, cpu.regs[0]);
        assertEquals(1L, Helpers.seenCurInsn);
        assertEquals(0x7fff_ffffL, cpu.regs[1]);
        assertEquals(-1L, cpu.regs[2]);
        assertEquals(0xffff_ffffL, cpu.regs[3]);
        assertEquals(-5L, cpu.regs[4]);
        assertSame(MIX.invoker(), MIX.invoker());
    }

    static final Helper CHECK = Helper.of(Helpers.class, "check", Helper.MAY_FAULT_ONLY).guardedBy(15);

    /** A guarded check is called only when its first argument has a mask bit set, with the instruction index. */
    @Test
    void guardedChecksAreCalledOnlyWhenTheirBitsAreSet() {
        Helpers.checks = 0;
        IrBuilder b = new IrBuilder(0x1000, 0);
        b.insnStart(0x1000);
        b.call(CHECK, b.c64(0x7ff0));
        b.insnStart(0x1004);
        b.call(CHECK, b.c64(0x7ff8));
        b.insnStart(0x1008);
        b.call(CHECK, b.c64(0x100));
        b.jump(0x2000);
        run(b.finish());
        assertEquals(1, Helpers.checks, "only the misaligned argument is passed to the check");
        assertEquals(0x7ff8L, Helpers.checkedArg);
        assertEquals(1L, Helpers.seenCurInsn);
        assertThrows(IllegalArgumentException.class, () -> NEG.guardedBy(15), "a check returns nothing");
        assertThrows(IllegalArgumentException.class, () -> Helper.of(Helpers.class, "check", 0).guardedBy(0));
        assertThrows(IllegalArgumentException.class, () -> Helper.of(Helpers.class, "check", 0).guardedBy(-16));
    }

    @Test
    void generalOpsGoThroughTheEvaluator() {
        assertEquals(31L, eval(b -> b.unary(Op.CLZ, b.c32(1))));
        assertEquals(63L, eval(b -> b.unary(Op.CLZ, b.c64(1))));
        assertEquals(0x7fff_ffffL, eval(b -> b.binary(Op.UDIV, b.c32(-2), b.c32(2))));
        assertEquals(0L, eval(b -> b.binary(Op.SDIV, b.c64(5), b.c64(0))));
        // 0xffffffff * 0xffffffff = 0xfffffffe_00000001
        assertEquals(0xffff_fffeL, eval(b -> b.binary(Op.MULHU, b.c32(-1), b.c32(-1))));
    }

    @Test
    void terminatorsSetThePcAndExit() {
        IrBuilder b = new IrBuilder(0x1000, 0);
        b.insnStart(0x1000);
        b.branch(b.cmp(Op.ULT, b.get64(0), b.get64(1)), 0x1_2345_6788L, 0x3000);
        IrBlock blk = b.finish();
        FlatCpu cpu = new FlatCpu(REGS, mem);
        cpu.regs[1] = 1;
        assertEquals(CompiledBlock.EXIT_DIRECT_0, new IrInterpreter(blk).run(cpu));
        assertEquals(0x1_2345_6788L, cpu.regs[REGS - 1]);
        cpu.regs[1] = 0;
        assertEquals(CompiledBlock.EXIT_DIRECT_1, new IrInterpreter(blk).run(cpu));
        assertEquals(0x3000L, cpu.regs[REGS - 1]);
        b = new IrBuilder(0x1000, 0);
        b.insnStart(0x1000);
        b.setReg(0, b.pcConst(0x1_0000_1004L));
        b.exit(0x1_0000_1008L, 0);
        cpu.regs[REGS - 1] = 0x1000;
        assertEquals(CompiledBlock.EXIT_OTHER, new IrInterpreter(b.finish()).run(cpu));
        assertEquals(0x1_0000_1004L, cpu.regs[0]);
        assertEquals(0x1_0000_1008L, cpu.regs[REGS - 1]);
        // an indirect jump that keeps the translation flags only if its condition holds
        b = new IrBuilder(0x1000, 0);
        b.insnStart(0x1000);
        b.jumpIndirectChecked(b.get64(2), b.get32(3));
        blk = b.finish();
        Verifier.verify(blk);
        cpu.regs[2] = 0x8_0000_2468L;
        cpu.regs[3] = 0x1_0000_0000L;              // its I32 half is 0
        assertEquals(CompiledBlock.EXIT_OTHER, new IrInterpreter(blk).run(cpu));
        assertEquals(0x8_0000_2468L, cpu.regs[REGS - 1]);
        cpu.regs[3] = 0x8000_0000L;
        cpu.regs[2] = 0x2000;
        assertEquals(CompiledBlock.EXIT_INDIRECT, new IrInterpreter(blk).run(cpu));
        assertEquals(0x2000L, cpu.regs[REGS - 1]);
        // the same if a condition holds, else a direct jump to the next instruction
        b = new IrBuilder(0x1000, 0);
        b.insnStart(0x1000);
        b.branchIndirectChecked(b.get32(1), b.get64(2), b.get32(3), 0x1004);
        blk = b.finish();
        Verifier.verify(blk);
        cpu.regs[1] = 0x7_0000_0000L;              // its I32 half is 0: not taken
        cpu.regs[2] = 0x8_0000_2468L;
        cpu.regs[3] = 0;
        assertEquals(CompiledBlock.EXIT_DIRECT_0, new IrInterpreter(blk).run(cpu));
        assertEquals(0x1004L, cpu.regs[REGS - 1]);
        cpu.regs[1] = 0x8000_0000L;
        assertEquals(CompiledBlock.EXIT_OTHER, new IrInterpreter(blk).run(cpu));
        assertEquals(0x8_0000_2468L, cpu.regs[REGS - 1]);
        cpu.regs[3] = 1;
        assertEquals(CompiledBlock.EXIT_INDIRECT, new IrInterpreter(blk).run(cpu));
        assertEquals(0x8_0000_2468L, cpu.regs[REGS - 1]);
    }

    @Test
    void pcRelativeConditionalIndirectJumpFallsThroughToTheRelocatedNextInstruction() {
        IrBuilder b = new IrBuilder(0x1ffc, 0);
        b.insnStart(0x1ffc);
        b.branchIndirectChecked(b.get32(1), b.get64(2), b.c32(1), 0x2000);
        b.setPcRelative();
        IrBlock blk = b.finish();
        Verifier.verify(blk);
        FlatCpu cpu = new FlatCpu(REGS, mem);
        cpu.regs[REGS - 1] = 0x7_0000_5ffcL;
        cpu.regs[1] = 0;
        assertEquals(CompiledBlock.EXIT_DIRECT_0, new IrInterpreter(blk).run(cpu));
        assertEquals(0x7_0000_6000L, cpu.regs[REGS - 1]);
        cpu.regs[REGS - 1] = 0x7_0000_5ffcL;
        cpu.regs[1] = 1;
        cpu.regs[2] = 0x1234_5678L;
        assertEquals(CompiledBlock.EXIT_INDIRECT, new IrInterpreter(blk).run(cpu));
        assertEquals(0x1234_5678L, cpu.regs[REGS - 1]);
    }

    @Test
    void pcRelativeBlocksRelocateToThePageTheyRunIn() {
        IrBuilder b = new IrBuilder(0x1ffc, 0);
        b.insnStart(0x1ffc);
        b.setReg(0, b.pcConst(0x2000));
        b.branch(b.cmp(Op.NE, b.get64(1), b.c64(0)), 0x1ff0, 0x2000);
        b.setPcRelative();
        IrBlock blk = b.finish();
        Verifier.verify(blk);
        FlatCpu cpu = new FlatCpu(REGS, mem);
        cpu.regs[REGS - 1] = 0x7_0000_5ffcL;
        cpu.regs[1] = 1;
        assertEquals(CompiledBlock.EXIT_DIRECT_0, new IrInterpreter(blk).run(cpu));
        assertEquals(0x7_0000_6000L, cpu.regs[0]);
        assertEquals(0x7_0000_5ff0L, cpu.regs[REGS - 1]);
        cpu.regs[REGS - 1] = 0x7_0000_5ffcL;
        cpu.regs[1] = 0;
        assertEquals(CompiledBlock.EXIT_DIRECT_1, new IrInterpreter(blk).run(cpu));
        assertEquals(0x7_0000_6000L, cpu.regs[REGS - 1]);
    }

    @Test
    void runsOfRegisterReadsAndWritesKeepEachWidth() {
        FlatCpu cpu = new FlatCpu(REGS, mem);
        cpu.regs[1] = 0x1_8000_0000L;
        cpu.regs[2] = 0x2_7fff_ffffL;
        cpu.regs[REGS - 1] = 0x1000;
        IrBuilder b = new IrBuilder(0x1000, 0);
        b.insnStart(0x1000);
        Inst a = b.get64(1);
        Inst lo = b.get32(1);
        Inst lo2 = b.get32(2);
        Inst a2 = b.get64(2);
        b.insnStart(0x1004);
        b.setReg(3, b.sext32(lo));          // 0xffffffff80000000
        b.setReg(4, lo);                    // 0x80000000
        b.setReg(5, a2);                    // 0x27fffffff
        b.setReg(6, lo2);                   // 0x7fffffff
        b.setReg(0, a);
        b.setReg(1, lo2);                   // written after it was read: the reads saw the old value
        b.jump(0x2000);
        new IrInterpreter(b.finish()).run(cpu);
        assertEquals(0xffff_ffff_8000_0000L, cpu.regs[3]);
        assertEquals(0x8000_0000L, cpu.regs[4]);
        assertEquals(0x2_7fff_ffffL, cpu.regs[5]);
        assertEquals(0x7fff_ffffL, cpu.regs[6]);
        assertEquals(0x1_8000_0000L, cpu.regs[0]);
        assertEquals(0x7fff_ffffL, cpu.regs[1]);
    }

    @Test
    void anAddressAddFoldedIntoItsAccessKeepsItsOperandsAlive() {
        byte[] ram = new byte[0x100];
        for (int i = 0; i < ram.length; i++) {
            ram[i] = (byte) i;
        }
        mem.load(RAM, ram);
        FlatCpu cpu = new FlatCpu(REGS, mem);
        cpu.regs[1] = RAM + 0x10;
        cpu.regs[2] = 0x7000;
        cpu.regs[REGS - 1] = 0x1000;
        IrBuilder b = new IrBuilder(0x1000, 0);
        b.insnStart(0x1000);
        Inst base = b.get64(1);
        Inst addr = b.add(base, b.c64(8));          // only use: the load below
        Inst t = b.get64(2);
        Inst u = b.add(t, t);
        Inst base2 = b.add(base, b.c64(0x20));      // the last use of base before the load
        Inst t2 = b.get64(2);                       // defined while base must still be live
        b.insnStart(0x1004);
        b.setReg(3, b.load(Type.I64, addr, le(4, false)));
        b.setReg(4, u);
        b.setReg(6, t2);
        Inst addr2 = b.add(base2, b.c64(0));        // two uses: not folded
        b.store(addr2, b.c64(0xaabb), le(2, false));
        b.setReg(5, addr2);
        b.store(b.add(t, b.c64(RAM + 0x32 - 0x7000)), u, le(1, false));
        b.jump(0x2000);
        new IrInterpreter(b.finish()).run(cpu);
        assertEquals(0x1b1a_1918L, cpu.regs[3]);
        assertEquals(0xe000L, cpu.regs[4]);
        assertEquals(RAM + 0x30, cpu.regs[5]);
        assertEquals("bbaa00", hex(mem.readBytes(RAM + 0x30, 3)));
    }

    @Test
    void deadValuesAndReusedSlotsDoNotClobberLiveOnes() {
        FlatCpu cpu = new FlatCpu(REGS, mem);
        for (int i = 0; i < 6; i++) {
            cpu.regs[i] = 1L << (8 * i);
        }
        cpu.regs[REGS - 1] = 0x1000;
        IrBuilder b = new IrBuilder(0x1000, 0);
        b.insnStart(0x1000);
        Inst acc = b.get64(0);
        Inst keep = b.get64(5);                     // live across the whole chain
        for (int i = 1; i < 5; i++) {
            b.add(acc, acc);                        // dead result
            Inst r = b.get64(i);
            acc = b.add(acc, b.xor(r, b.c64(0)));   // each temporary dies here
        }
        b.setReg(6, acc);
        b.setReg(0, b.sub(acc, keep));
        b.jump(0x2000);
        new IrInterpreter(b.finish()).run(cpu);
        assertEquals(0x01_0101_0101L, cpu.regs[6]);
        assertEquals(0x01_0101_0101L - 0x100_0000_0000L, cpu.regs[0]);
    }

    /**
     * AArch32 addresses: ZEXT32 of a 32-bit ADD (or of an I32 value) folded into the access wraps the sum to
     * 32 bits and zero-extends it, on the TLB hit path and on the slow path (an access across a page).
     */
    @Test
    void a32AddressesFoldedIntoTheAccessWrapTo32Bits() {
        byte[] ram = new byte[0x2000];
        for (int i = 0; i < ram.length; i++) {
            ram[i] = (byte) (i * 7);
        }
        mem.load(HIGH, ram);
        mem.load(RAM, new byte[0x40]);
        FlatCpu cpu = new FlatCpu(REGS, mem);
        cpu.regs[1] = HIGH + 0x10;                  // I32 reads see 0xffff0010 as negative
        cpu.regs[2] = 0x20;
        cpu.regs[3] = RAM + 0x20 - (HIGH + 0x10) & 0xffff_ffffL;
        cpu.regs[REGS - 1] = 0x1000;
        IrBuilder b = new IrBuilder(0x1000, 0);
        b.insnStart(0x1000);
        Inst r1 = b.get32(1);
        b.setReg(0, b.load(Type.I32, b.zext32(b.add(r1, b.get32(2))), le(4, false)));     // HIGH + 0x30
        b.insnStart(0x1004);
        b.setReg(4, b.load(Type.I32, b.zext32(r1), le(2, false)));                          // HIGH + 0x10
        b.insnStart(0x1008);
        b.setReg(5, b.load(Type.I64, b.zext32(b.add(r1, b.c32(0xfee))), le(4, false)));    // across a page
        b.insnStart(0x100c);
        b.store(b.zext32(b.add(r1, b.get32(3))), b.c32(0x1234_5678), le(4, false));         // wraps to RAM + 0x20
        b.insnStart(0x1010);
        b.store(b.zext32(b.add(r1, b.get32(3))), b.c32(0x5566), le(2, false));              // over the first
        b.jump(0x2000);
        new IrInterpreter(b.finish()).run(cpu);
        assertEquals(le32(ram, 0x30), cpu.regs[0]);
        assertEquals(le32(ram, 0x10) & 0xffff, cpu.regs[4]);
        assertEquals(le32(ram, 0xffe) & 0xffff_ffffL, cpu.regs[5]);
        assertEquals("0066553412000000", hex(mem.readBytes(RAM + 0x1f, 8)));
    }

    static long le32(byte[] a, int i) {
        return (a[i] & 0xff) | (a[i + 1] & 0xff) << 8 | (a[i + 2] & 0xff) << 16 | (long) (a[i + 3] & 0xff) << 24;
    }

    /**
     * The interpreter runs register reads early and writes late, but every op that can observe the state
     * sees it as in program order: a faulting load sees the writes before it and not those after it, a
     * read after a write of its register sees the new value, and a read after a helper that writes guest
     * state sees what the helper wrote.
     */
    @Test
    void movedRegisterReadsAndWritesKeepProgramOrderWhereItShows() {
        IrBuilder b = new IrBuilder(0x1000, 0);
        b.insnStart(0x1000);
        b.setReg(1, b.c64(11));
        Inst one = b.get64(1);                      // 11: after the write
        b.setReg(2, b.add(one, b.c64(1)));          // 12
        b.call(PUT, b.c64(3), b.c32(30));
        Inst three = b.get64(3);                    // 30: after the helper
        b.setReg(4, three);
        b.insnStart(0x1004);
        b.setReg(5, b.load(Type.I64, b.c64(RAM + 0x2000), le(8, false)));   // faults
        b.setReg(6, b.c64(66));                     // after the fault: not written
        b.jump(0x2000);
        IrBlock blk = b.finish();
        Verifier.verify(blk);
        FlatCpu cpu = new FlatCpu(REGS, mem);
        cpu.faultingPage = RAM + 0x2000;
        assertThrows(GuestFault.class, () -> new IrInterpreter(blk).run(cpu));
        assertEquals(1, cpu.curInsn);
        assertEquals(11L, cpu.regs[1]);
        assertEquals(12L, cpu.regs[2]);
        assertEquals(30L, cpu.regs[3]);
        assertEquals(30L, cpu.regs[4]);
        assertEquals(0L, cpu.regs[6]);
        for (int i = 0; i < blk.insts.size(); i++) {
            assertEquals(i, blk.insts.get(i).id, "the block keeps its order and numbering");
        }
    }

    /**
     * LOAD_IF and STORE_IF: with a zero predicate nothing is accessed (not even a page that faults) and the
     * load's result is 0; otherwise they are LOAD and STORE, on the TLB hit path, across a page (slow path),
     * big-endian (always the soft-MMU) and at a ZEXT32 address of a negative I32.
     */
    @Test
    void predicatedAccessesTouchMemoryOnlyWhenTheirPredicateHolds() {
        byte[] ram = new byte[0x2000];
        for (int i = 0; i < ram.length; i++) {
            ram[i] = (byte) (0x80 + i);
        }
        mem.load(RAM, ram);
        mem.load(HIGH, ram);
        FlatCpu cpu = new FlatCpu(REGS, mem);
        cpu.faultingPage = RAM + 0x3000;
        cpu.regs[1] = HIGH + 0x20;                  // negative as I32
        cpu.regs[REGS - 1] = 0x1000;
        IrBuilder b = new IrBuilder(0x1000, 0);
        b.insnStart(0x1000);
        Inst no = b.c32(0);
        Inst yes = b.get32(2);                      // 0: the register is clear
        Inst yes1 = b.xor(yes, b.c32(-2));           // non-zero: any bit counts
        Inst skipped = b.loadIf(Type.I64, no, b.c64(RAM + 0x3000), le(4, false));
        Inst skipped32 = b.loadIf(Type.I32, yes, b.c64(RAM + 0x3000), le(4, false));
        Inst word = b.loadIf(Type.I32, yes1, b.c64(RAM + 0x10), le(4, false));           // 0x93929190, negative
        Inst across = b.loadIf(Type.I64, yes1, b.c64(RAM + 0xffe), le(4, true));
        Inst big = b.loadIf(Type.I64, yes1, b.c64(RAM + 0x10), MemOp.of(2, false, true, 0));
        Inst high = b.loadIf(Type.I32, yes1, b.zext32(b.get32(1)), le(1, true));        // HIGH + 0x20: 0xa0
        b.storeIf(no, b.c64(RAM + 0x3000), b.c64(-1), le(8, false));
        b.storeIf(yes1, b.c64(RAM + 0x40), b.c32(0x1122_3344), le(4, false));
        b.storeIf(yes1, b.c64(RAM + 0xfff), b.c32(0x5566), le(2, false));                // across a page
        b.storeIf(yes1, b.c64(RAM + 0x50), b.c32(0x7788), MemOp.of(2, false, true, 0));
        b.storeIf(yes, b.c64(RAM + 0x60), b.c32(-1), le(4, false));
        b.insnStart(0x1004);
        b.setReg(0, skipped);
        b.setReg(3, b.sext32(skipped32));
        b.setReg(4, b.sext32(word));
        b.setReg(5, across);
        b.setReg(6, big);
        b.setReg(2, b.sext32(high));
        b.jump(0x2000);
        IrBlock blk = b.finish();
        Verifier.verify(blk);
        assertEquals(CompiledBlock.EXIT_DIRECT_0, new IrInterpreter(blk).run(cpu));
        assertEquals(0L, cpu.regs[0]);
        assertEquals(0L, cpu.regs[3]);
        assertEquals(0xffff_ffff_9392_9190L, cpu.regs[4]);
        assertEquals(0xffff_ffff_8180_7f7eL, cpu.regs[5]);
        assertEquals(0x9091L, cpu.regs[6]);
        assertEquals(0xffff_ffff_ffff_ffa0L, cpu.regs[2]);
        assertEquals("44332211", hex(mem.readBytes(RAM + 0x40, 4)));
        assertEquals("6655", hex(mem.readBytes(RAM + 0xfff, 2)));
        assertEquals("7788", hex(mem.readBytes(RAM + 0x50, 2)));
        assertEquals("e0e1e2e3", hex(mem.readBytes(RAM + 0x60, 4)));
    }
}
