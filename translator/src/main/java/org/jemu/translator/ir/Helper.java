package org.jemu.translator.ir;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

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
    /** Adapted to {@code (GuestCpu, long[]) -> long} for the interpreter. */
    public final MethodHandle spread;

    private Helper(Method m, int effects) {
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
        try {
            MethodHandle mh = MethodHandles.publicLookup().unreflect(m);
            Class<?>[] longs = new Class<?>[p.length];
            Arrays.fill(longs, long.class);
            longs[0] = org.jemu.translator.exec.GuestCpu.class;
            mh = MethodHandles.explicitCastArguments(mh, MethodType.methodType(long.class, longs));
            this.spread = mh.asSpreader(long[].class, p.length - 1);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("helper " + m + " is not accessible", e);
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
