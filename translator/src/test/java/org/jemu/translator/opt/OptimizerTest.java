package org.jemu.translator.opt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.IrBlock;
import org.jemu.translator.ir.IrBuilder;
import org.jemu.translator.ir.MemOp;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;
import org.jemu.translator.ir.Verifier;
import org.junit.jupiter.api.Test;

/** {@link Optimizer}'s common-subexpression pass: what it merges and what it must leave alone. */
public class OptimizerTest {
    static long count(IrBlock b, Op op) {
        return b.insts.stream().filter(i -> i.op == op).count();
    }

    /**
     * An A32 conditional run evaluates its condition once per instruction, each time from fresh constants:
     * the copies become one, and the block still computes the same values.
     */
    @Test
    void repeatedPureOpsOnEqualConstantsBecomeOne() {
        IrBuilder b = new IrBuilder(0x1000, 0);
        b.insnStart(0x1000);
        Inst z = b.get32(34);
        Inst c = b.get32(35);
        for (int i = 0; i < 3; i++) {
            b.insnStart(0x1004 + 4 * i);
            Inst pass = b.and(c, b.xor(z, b.c32(1)));    // HI: C set and Z clear
            b.setReg(i, b.select(pass, b.get32(10 + i), b.get32(i)));
        }
        b.jump(0x2000);
        IrBlock blk = b.finish();
        Optimizer.optimize(blk);
        Verifier.verify(blk);
        assertEquals(1, count(blk, Op.XOR));
        assertEquals(1, count(blk, Op.AND));
        assertEquals(3, count(blk, Op.SELECT));
        assertEquals(1, blk.insts.stream().filter(i -> i.op == Op.CONST && i.imm == 1).count());
    }

    /** Loads, register reads across a write and helper calls are not values to merge; I32 and I64 ops differ. */
    @Test
    void opsWithStateOrDifferentTypesAreKept() {
        IrBuilder b = new IrBuilder(0x1000, 0);
        b.insnStart(0x1000);
        Inst addr = b.c64(0x8000);
        long memop = MemOp.of(4, false, false, 0);
        b.setReg(0, b.load(Type.I32, addr, memop));
        b.insnStart(0x1004);
        b.store(addr, b.c32(5), memop);
        b.insnStart(0x1008);
        b.setReg(1, b.load(Type.I32, addr, memop));     // after the store: a different value
        Inst x = b.get64(2);
        b.setReg(3, b.add(x, b.c64(4)));
        b.setReg(4, b.add(b.get32(2), b.c32(4)));        // the same slot read as I32: a different op
        b.jump(0x2000);
        IrBlock blk = b.finish();
        Optimizer.optimize(blk);
        Verifier.verify(blk);
        assertEquals(2, count(blk, Op.LOAD));
        assertEquals(2, count(blk, Op.ADD));
    }
}
