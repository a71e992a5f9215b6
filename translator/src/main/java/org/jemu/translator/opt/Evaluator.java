package org.jemu.translator.opt;

import org.jemu.translator.ir.Inst;
import org.jemu.translator.ir.Op;
import org.jemu.translator.ir.Type;

/**
 * The reference semantics of the pure IR ops, shared by the interpreter and constant folding. I32 values
 * are passed and returned sign-extended from bit 31.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /** Evaluates pure {@code op} of result type {@code t} on constant operands. */
    public static long eval(Op op, Type t, Inst[] args) {
        long x = args.length > 0 ? args[0].imm : 0;
        long y = args.length > 1 ? args[1].imm : 0;
        long z = args.length > 2 ? args[2].imm : 0;
        return eval(op, t, args.length > 0 ? args[0].type : t, x, y, z);
    }

    private static long norm(Type t, long v) {
        return t == Type.I32 ? (long) (int) v : v;
    }

    /**
     * Evaluates pure {@code op}.
     *
     * @param t     result type
     * @param argT  type of the first operand (differs from {@code t} for compares and conversions)
     * @param x     first operand
     * @param y     second operand
     * @param z     third operand
     */
    public static long eval(Op op, Type t, Type argT, long x, long y, long z) {
        boolean w = t == Type.I64;
        return switch (op) {
            case ADD -> norm(t, x + y);
            case SUB -> norm(t, x - y);
            case MUL -> norm(t, x * y);
            case MULHU -> w ? Math.unsignedMultiplyHigh(x, y) : norm(t, ((x & 0xffffffffL) * (y & 0xffffffffL)) >>> 32);
            case MULHS -> w ? Math.multiplyHigh(x, y) : norm(t, (x * y) >> 32);
            case UDIV -> div(t, x, y, false);
            case SDIV -> div(t, x, y, true);
            case UREM -> rem(t, x, y, false);
            case SREM -> rem(t, x, y, true);
            case AND -> x & y;
            case OR -> x | y;
            case XOR -> x ^ y;
            case SHL -> w ? x << y : (long) ((int) x << (int) y);
            case LSHR -> w ? x >>> y : (long) ((int) x >>> (int) y);
            case ASHR -> w ? x >> y : (long) ((int) x >> (int) y);
            case ROTR -> w ? Long.rotateRight(x, (int) y) : (long) Integer.rotateRight((int) x, (int) y);
            case NEG -> norm(t, -x);
            case NOT -> ~x;
            case CLZ -> w ? Long.numberOfLeadingZeros(x) : Integer.numberOfLeadingZeros((int) x);
            case CTZ -> w ? Long.numberOfTrailingZeros(x) : Integer.numberOfTrailingZeros((int) x);
            case POPCNT -> w ? Long.bitCount(x) : Integer.bitCount((int) x);
            case BSWAP -> w ? Long.reverseBytes(x) : Integer.reverseBytes((int) x);
            case BITREV -> w ? Long.reverse(x) : Integer.reverse((int) x);
            case SEXT8 -> (byte) x;
            case SEXT16 -> (short) x;
            case ZEXT8 -> x & 0xff;
            case ZEXT16 -> x & 0xffff;
            case ZEXT32 -> x & 0xffffffffL;
            case SEXT32, TRUNC -> (int) x;
            case EQ -> x == y ? 1 : 0;
            case NE -> x != y ? 1 : 0;
            case SLT -> x < y ? 1 : 0;
            case SLE -> x <= y ? 1 : 0;
            case ULT -> ucmp(argT, x, y) < 0 ? 1 : 0;
            case ULE -> ucmp(argT, x, y) <= 0 ? 1 : 0;
            case SELECT -> x != 0 ? y : z;
            default -> throw new IllegalArgumentException(op + " is not a pure value op");
        };
    }

    private static int ucmp(Type t, long x, long y) {
        return t == Type.I32 ? Integer.compareUnsigned((int) x, (int) y) : Long.compareUnsigned(x, y);
    }

    /** Division with the IR's rules: x/0 = 0, MIN/-1 = MIN. */
    static long div(Type t, long x, long y, boolean signed) {
        if (t == Type.I32) {
            int a = (int) x;
            int b = (int) y;
            if (b == 0) {
                return 0;
            }
            return signed ? (long) (a / b) : (long) Integer.divideUnsigned(a, b);
        }
        if (y == 0) {
            return 0;
        }
        return signed ? x / y : Long.divideUnsigned(x, y);
    }

    /** Remainder with the IR's rules: x%0 = x. */
    static long rem(Type t, long x, long y, boolean signed) {
        if (t == Type.I32) {
            int a = (int) x;
            int b = (int) y;
            if (b == 0) {
                return a;
            }
            return signed ? (long) (a % b) : (long) Integer.remainderUnsigned(a, b);
        }
        if (y == 0) {
            return x;
        }
        return signed ? x % y : Long.remainderUnsigned(x, y);
    }
}
