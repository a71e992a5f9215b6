package org.jemu.translator.ir;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.atomic.AtomicLong;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A Java static method that IR code calls through {@link Op#CALL}, for work too big to inline (system
 * register writes, exception entry, device access, division corner cases).
 *
 * <p>Calling convention: the first parameter is the guest CPU (a subclass of
 * {@link org.jemu.translator.exec.GuestCpu}); the remaining parameters are {@code long} (I64 args) or
 * {@code int} (I32 args); the return type is {@code long}, {@code int} or {@code void}. The method must be
 * public and static in a public class.
 *
 * <p>Effects tell the translator what to do around the call: {@link #READS_STATE} writes cached guest
 * registers back to the state before the call, {@link #WRITES_STATE} also reloads them after it, and
 * {@link #MAY_FAULT} lets the helper throw {@link org.jemu.translator.exec.GuestFault} with the state as
 * after the last completed guest instruction. A helper with none of these is pure (depends only on its
 * arguments and may be removed when its result is unused).
 */
public final class Helper {
    public static final int READS_STATE = 1;
    public static final int WRITES_STATE = 2 | READS_STATE;
    public static final int MAY_FAULT = 4 | READS_STATE;
    /**
     * The helper may throw a guest fault but reads no guest register (only its arguments): compiled code
     * need not write registers back before calling it, since its fault handler does that when it throws.
     * Used for checks on the hot path (alignment).
     */
    public static final int MAY_FAULT_ONLY = 4;
    /** The helper has an effect outside guest registers (devices, TLB, code cache); never removed. */
    public static final int SIDE_EFFECT = 8;

    public final String name;
    public final Method method;
    public final int effects;
    public final Type resultType;
    public final Type[] argTypes;
    /**
     * Non-zero for a check: the helper returns nothing and does nothing (no fault, no effect) when its first
     * argument has none of these bits set, so an interpreter may test them and skip the call (see
     * {@link #guardedBy}). 0 for other helpers.
     */
    public final int guardMask;
    /** The interpreter's direct caller, generated on first use (see {@link #invoker()}). */
    private volatile Invoker invoker;

    private Helper(Method m, int effects) {
        this(m, effects, 0);
    }

    private Helper(Method m, int effects, int guardMask) {
        if (!Modifier.isStatic(m.getModifiers()) || !Modifier.isPublic(m.getModifiers())
                || !Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
            throw new IllegalArgumentException("helper " + m + " must be public static in a public class");
        }
        Class<?>[] p = m.getParameterTypes();
        if (p.length == 0 || !org.jemu.translator.exec.GuestCpu.class.isAssignableFrom(p[0])) {
            throw new IllegalArgumentException("helper " + m + ": first parameter must be the guest CPU");
        }
        this.name = m.getDeclaringClass().getSimpleName() + "." + m.getName();
        this.method = m;
        this.effects = effects;
        this.argTypes = new Type[p.length - 1];
        for (int i = 1; i < p.length; i++) {
            argTypes[i - 1] = typeOf(p[i], m);
        }
        this.resultType = m.getReturnType() == void.class ? Type.VOID : typeOf(m.getReturnType(), m);
        if (guardMask != 0 && (resultType != Type.VOID || argTypes.length == 0)) {
            throw new IllegalArgumentException("helper " + m + ": a guarded check returns void and takes an argument");
        }
        this.guardMask = guardMask;
    }

    /**
     * This helper as a check that does nothing unless {@code (arg0 & mask) != 0} (an alignment check, say):
     * the interpreter then calls it only when the bits are set. The method must behave that way; compiled
     * code always calls it (HotSpot inlines the test).
     *
     * @param mask the bits of the first argument that make the call necessary: positive, so only bits 0 to
     *             30 (an int mask with bit 31 set would sign-extend over the argument's upper half)
     * @throws IllegalArgumentException if the mask is not positive, or the helper returns a value or takes no
     *             argument besides the CPU
     */
    public Helper guardedBy(int mask) {
        if (mask <= 0) {
            throw new IllegalArgumentException("helper " + name + ": guard mask must be positive, not " + mask);
        }
        return new Helper(method, effects, mask);
    }

    /**
     * Calls a helper with its arguments taken from an interpreter's value array, without allocating:
     * argument {@code k} is {@code v[code[pos + k]]} (an I32 argument is the low half of that value).
     * One generated subclass per helper makes the call a direct {@code invokestatic}.
     */
    public abstract static class Invoker {
        protected Invoker() {
        }

        /**
         * Calls the helper.
         *
         * @param cpu  the guest CPU (first helper parameter)
         * @param v    the value array holding the arguments
         * @param code the array holding the arguments' indexes into {@code v}
         * @param pos  index in {@code code} of argument 0's index
         * @return the result: a {@code long} result as is, an {@code int} result sign-extended, 0 for void
         */
        public abstract long invoke(org.jemu.translator.exec.GuestCpu cpu, long[] v, int[] code, int pos);
    }

    private static final AtomicLong INVOKERS = new AtomicLong();

    /**
     * The direct caller of this helper for the interpreter, generated (as a hidden class) on first use.
     *
     * @throws IllegalStateException if the class cannot be defined (the helper is not accessible)
     */
    public Invoker invoker() {
        Invoker i = invoker;
        if (i == null) {
            i = makeInvoker();
            invoker = i;
        }
        return i;
    }

    private Invoker makeInvoker() {
        String sup = org.objectweb.asm.Type.getInternalName(Invoker.class);
        String name = "org/jemu/translator/ir/HelperInvoker" + INVOKERS.incrementAndGet();
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, name, null, sup, null);
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, sup, "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "invoke",
                "(Lorg/jemu/translator/exec/GuestCpu;[J[II)J", null, null);
        mv.visitCode();
        Class<?>[] p = method.getParameterTypes();
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitTypeInsn(Opcodes.CHECKCAST, org.objectweb.asm.Type.getInternalName(p[0]));
        for (int k = 1; k < p.length; k++) {
            mv.visitVarInsn(Opcodes.ALOAD, 2);
            mv.visitVarInsn(Opcodes.ALOAD, 3);
            mv.visitVarInsn(Opcodes.ILOAD, 4);
            if (k > 1) {
                mv.visitLdcInsn(k - 1);
                mv.visitInsn(Opcodes.IADD);
            }
            mv.visitInsn(Opcodes.IALOAD);
            mv.visitInsn(Opcodes.LALOAD);
            if (p[k] == int.class) {
                mv.visitInsn(Opcodes.L2I);
            }
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, org.objectweb.asm.Type.getInternalName(method.getDeclaringClass()),
                method.getName(), org.objectweb.asm.Type.getMethodDescriptor(method), false);
        Class<?> r = method.getReturnType();
        if (r == void.class) {
            mv.visitInsn(Opcodes.LCONST_0);
        } else if (r == int.class) {
            mv.visitInsn(Opcodes.I2L);
        }
        mv.visitInsn(Opcodes.LRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            Class<?> c = l.defineHiddenClass(cw.toByteArray(), true).lookupClass();
            return (Invoker) c.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new IllegalStateException("cannot make the interpreter's caller of helper " + this + ": " + e, e);
        }
    }

    private static Type typeOf(Class<?> c, Method m) {
        if (c == long.class) {
            return Type.I64;
        }
        if (c == int.class) {
            return Type.I32;
        }
        throw new IllegalArgumentException("helper " + m + ": parameter/return type " + c + " not int/long");
    }

    /**
     * Finds the unique public static method {@code name} of {@code owner}.
     *
     * @throws IllegalArgumentException if there is none, or more than one
     */
    public static Helper of(Class<?> owner, String name, int effects) {
        Method found = null;
        for (Method m : owner.getMethods()) {
            if (m.getName().equals(name) && Modifier.isStatic(m.getModifiers())) {
                if (found != null) {
                    throw new IllegalArgumentException("helper " + owner.getName() + "." + name + " is overloaded");
                }
                found = m;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("no helper " + owner.getName() + "." + name);
        }
        return new Helper(found, effects);
    }

    public boolean readsState() {
        return (effects & READS_STATE) != 0;
    }

    public boolean writesState() {
        return (effects & 2) != 0;
    }

    public boolean mayFault() {
        return (effects & 4) != 0;
    }

    /** True if a call whose result is unused can be removed. */
    public boolean isRemovable() {
        return effects == 0;
    }

    @Override
    public String toString() {
        return name;
    }
}
