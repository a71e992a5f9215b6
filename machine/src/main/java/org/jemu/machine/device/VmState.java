package org.jemu.machine.device;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A declared, versioned description of a device's state, as QEMU's {@code VMStateDescription}: a name, a
 * version, the oldest version this code can still load, an ordered list of typed fields, optional
 * sub-sections, and hooks that run before saving, before loading and after loading.
 *
 * <h2>Field types and wire format</h2>
 * All values are big-endian ({@link DataOutput}). {@code u8}, {@code u16}, {@code u32}, {@code u64} are
 * 1, 2, 4 and 8 bytes; {@code bool} is one byte that must be 0 or 1; {@code byte[]}, {@code int[]} and
 * {@code long[]} are a {@code u32} element count followed by the elements. A field added in a later
 * version is declared after {@link Builder#since(int)} and is read only from streams of that version or
 * newer (QEMU's {@code VMSTATE_*_V}).
 *
 * <p>After the fields come the sub-sections: for each sub-section whose {@code needed} predicate is true,
 * a marker byte 1, the sub-section's name ({@link DataOutput#writeUTF}), its version ({@code u32}) and its
 * own fields and sub-sections; then a marker byte 0. A loader skips nothing: an unknown sub-section name is
 * an error, an absent one keeps the values the pre-load hook set.
 *
 * <h2>Validation</h2>
 * The {@link Builder#postLoad post-load hook} checks the loaded values and throws
 * {@link IllegalArgumentException} with a one-line message for a corrupt value; it then re-derives
 * whatever is not saved (IRQ output levels, armed timers, ROMD mode). {@link #load} is atomic for the
 * device: if reading or validation fails, the state from before the call is put back and a
 * {@link VmStateException} is thrown.
 *
 * <h2>Declaring fields</h2>
 * Either with a getter and a setter ({@code u32("lcr", () -> lcr, v -> lcr = v)}), or by direct field
 * access: the device passes its own {@link MethodHandles#lookup()} and itself to
 * {@link #builder(String, int, int, MethodHandles.Lookup, Object)} and names its fields
 * ({@code u32("lcr")}). Array fields given by direct access or by a supplier are loaded into the existing
 * array, whose length must match the stream's.
 */
public final class VmState {
    /** Validates loaded values and re-derives unsaved state; throws IllegalArgumentException if corrupt. */
    @FunctionalInterface
    public interface PostLoad {
        void postLoad(int version);
    }

    private final String name;
    private final int version;
    private final int minimumVersion;
    private final List<Field> fields;
    private final List<Sub> subsections;
    private final Runnable preSave;
    private final Runnable preLoad;
    private final PostLoad postLoad;

    private VmState(Builder b) {
        this.name = b.name;
        this.version = b.version;
        this.minimumVersion = b.minimumVersion;
        this.fields = List.copyOf(b.fields);
        this.subsections = List.copyOf(b.subsections);
        this.preSave = b.preSave;
        this.preLoad = b.preLoad;
        this.postLoad = b.postLoad;
    }

    /** Starts a description with getter/setter fields. */
    public static Builder builder(String name, int version, int minimumVersion) {
        return new Builder(name, version, minimumVersion, null, null);
    }

    /**
     * Starts a description whose fields may also be named fields of {@code target}, accessed through
     * {@code lookup} (the device's own {@code MethodHandles.lookup()}, so private fields work).
     */
    public static Builder builder(String name, int version, int minimumVersion, MethodHandles.Lookup lookup,
            Object target) {
        return new Builder(name, version, minimumVersion, Objects.requireNonNull(lookup),
                Objects.requireNonNull(target));
    }

    public String name() {
        return name;
    }

    /** The version {@link #save} writes. */
    public int version() {
        return version;
    }

    /** The oldest stream version {@link #load} accepts. */
    public int minimumVersion() {
        return minimumVersion;
    }

    /** Field names in stream order (for diagnostics and tests). */
    public List<String> fieldNames() {
        List<String> n = new ArrayList<>();
        for (Field f : fields) {
            n.add(f.name);
        }
        return Collections.unmodifiableList(n);
    }

    // ---------------------------------------------------------------------------------------------
    // Saving and loading

    /** Writes the fields and needed sub-sections (no header). */
    public void save(DataOutput out) throws IOException {
        if (preSave != null) {
            preSave.run();
        }
        for (Field f : fields) {
            f.save(out);
        }
        for (Sub s : subsections) {
            if (s.needed.getAsBoolean()) {
                out.writeByte(1);
                out.writeUTF(s.state.name);
                out.writeInt(s.state.version);
                s.state.save(out);
            }
        }
        out.writeByte(0);
    }

    /**
     * Reads state written by {@link #save} at stream version {@code streamVersion}, validates it, and on
     * any failure restores the state from before the call.
     *
     * @throws VmStateException one line naming the device, the field and what is wrong
     */
    public void load(DataInput in, int streamVersion) throws VmStateException {
        byte[] backup = toBytes();
        try {
            loadUnchecked(in, streamVersion);
        } catch (VmStateException e) {
            restore(backup);
            throw e;
        } catch (IllegalArgumentException e) {
            restore(backup);
            throw new VmStateException(prefix() + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            restore(backup);
            throw new VmStateException(prefix() + "corrupt state: " + e, e);
        }
    }

    /** Writes a section: name, version, then {@link #save}. */
    public void saveSection(DataOutput out) throws IOException {
        out.writeUTF(name);
        out.writeInt(version);
        save(out);
    }

    /** Reads a section written by {@link #saveSection}, checking that it belongs to this description. */
    public void loadSection(DataInput in) throws VmStateException {
        String n;
        int v;
        try {
            n = in.readUTF();
            v = in.readInt();
        } catch (IOException e) {
            throw new VmStateException(prefix() + "truncated section header", e);
        }
        if (!n.equals(name)) {
            throw new VmStateException(prefix() + "stream holds section '" + n + "' instead");
        }
        load(in, v);
    }

    /** The saved state as bytes (version {@link #version}). */
    public byte[] toBytes() {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try {
            save(new DataOutputStream(bo));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bo.toByteArray();
    }

    /** Loads state from {@link #toBytes} output of the current version. */
    public void fromBytes(byte[] data) throws VmStateException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        load(in, version);
        try {
            if (in.read() >= 0) {
                throw new VmStateException(prefix() + "trailing data after the state");
            }
        } catch (IOException e) {
            throw new VmStateException(prefix() + e.getMessage(), e);
        }
    }

    private void restore(byte[] backup) {
        try {
            loadUnchecked(new DataInputStream(new ByteArrayInputStream(backup)), version);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(prefix() + "cannot restore previous state: " + e, e);
        }
    }

    private String prefix() {
        return "device state '" + name + "': ";
    }

    private void loadUnchecked(DataInput in, int streamVersion) throws IOException {
        if (streamVersion > version || streamVersion < minimumVersion) {
            throw new VmStateException(prefix() + "version " + streamVersion + " is not supported (this build loads "
                    + minimumVersion + ".." + version + ")");
        }
        if (preLoad != null) {
            preLoad.run();
        }
        for (Field f : fields) {
            if (streamVersion < f.since) {
                continue;
            }
            try {
                f.load(in);
            } catch (EOFException e) {
                throw new VmStateException(prefix() + "truncated at field " + f.name, e);
            } catch (IllegalArgumentException e) {
                throw new VmStateException(prefix() + "field " + f.name + ": " + e.getMessage(), e);
            }
        }
        while (true) {
            int marker;
            try {
                marker = in.readUnsignedByte();
            } catch (EOFException e) {
                throw new VmStateException(prefix() + "truncated before the end-of-section marker", e);
            }
            if (marker == 0) {
                break;
            }
            if (marker != 1) {
                throw new VmStateException(prefix() + "corrupt stream: sub-section marker " + marker);
            }
            String subName = in.readUTF();
            int subVersion = in.readInt();
            Sub found = null;
            for (Sub s : subsections) {
                if (s.state.name.equals(subName)) {
                    found = s;
                }
            }
            if (found == null) {
                throw new VmStateException(prefix() + "unknown sub-section '" + subName + "'");
            }
            found.state.loadUnchecked(in, subVersion);
        }
        if (postLoad != null) {
            try {
                postLoad.postLoad(streamVersion);
            } catch (IllegalArgumentException e) {
                throw new VmStateException(prefix() + e.getMessage(), e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Fields

    private interface Saver {
        void save(DataOutput out) throws IOException;
    }

    private interface Loader {
        void load(DataInput in) throws IOException;
    }

    private record Field(String name, int since, Saver saver, Loader loader) {
        void save(DataOutput out) throws IOException {
            saver.save(out);
        }

        void load(DataInput in) throws IOException {
            loader.load(in);
        }
    }

    private record Sub(VmState state, BooleanSupplier needed) {
    }

    /** Builds a {@link VmState}; field order is stream order. */
    public static final class Builder {
        private final String name;
        private final int version;
        private final int minimumVersion;
        private final MethodHandles.Lookup lookup;
        private final Object target;
        private final List<Field> fields = new ArrayList<>();
        private final List<Sub> subsections = new ArrayList<>();
        private int since = 0;
        private Runnable preSave;
        private Runnable preLoad;
        private PostLoad postLoad;

        private Builder(String name, int version, int minimumVersion, MethodHandles.Lookup lookup, Object target) {
            if (version < 1 || minimumVersion < 1 || minimumVersion > version) {
                throw new IllegalArgumentException("bad versions " + minimumVersion + ".." + version + " for " + name);
            }
            this.name = Objects.requireNonNull(name);
            this.version = version;
            this.minimumVersion = minimumVersion;
            this.lookup = lookup;
            this.target = target;
        }

        /** Fields declared after this call exist from stream version {@code v} on. */
        public Builder since(int v) {
            if (v > version) {
                throw new IllegalArgumentException("field version " + v + " is newer than " + name + " version " + version);
            }
            since = v;
            return this;
        }

        private Builder add(String fieldName, Saver s, Loader l) {
            for (Field f : fields) {
                if (f.name.equals(fieldName)) {
                    throw new IllegalArgumentException("duplicate field " + fieldName + " in " + name);
                }
            }
            fields.add(new Field(fieldName, since, s, l));
            return this;
        }

        // --- getter/setter fields ---

        /** An unsigned 8-bit field. */
        public Builder u8(String fieldName, IntSupplier get, IntConsumer set) {
            return add(fieldName, out -> out.writeByte(get.getAsInt()), in -> set.accept(in.readUnsignedByte()));
        }

        /** An unsigned 16-bit field. */
        public Builder u16(String fieldName, IntSupplier get, IntConsumer set) {
            return add(fieldName, out -> out.writeShort(get.getAsInt()), in -> set.accept(in.readUnsignedShort()));
        }

        /** A 32-bit field (the setter receives the raw bits; unsigned values above 2^31 arrive negative). */
        public Builder u32(String fieldName, IntSupplier get, IntConsumer set) {
            return add(fieldName, out -> out.writeInt(get.getAsInt()), in -> set.accept(in.readInt()));
        }

        /** A 64-bit field. */
        public Builder u64(String fieldName, LongSupplier get, LongConsumer set) {
            return add(fieldName, out -> out.writeLong(get.getAsLong()), in -> set.accept(in.readLong()));
        }

        /** A boolean stored as one byte 0 or 1; any other byte is rejected as corrupt. */
        public Builder bool(String fieldName, BooleanSupplier get, Consumer<Boolean> set) {
            return add(fieldName, out -> out.writeByte(get.getAsBoolean() ? 1 : 0), in -> set.accept(readBool(in)));
        }

        /** A byte array loaded into the existing array returned by {@code array} (lengths must match). */
        public Builder bytes(String fieldName, Supplier<byte[]> array) {
            return add(fieldName, out -> writeBytes(out, array.get()), in -> readBytesInto(in, array.get()));
        }

        /** A byte array of any length; {@code set} receives a new array. {@code maxLength} bounds corrupt input. */
        public Builder bytes(String fieldName, Supplier<byte[]> get, Consumer<byte[]> set, int maxLength) {
            return add(fieldName, out -> writeBytes(out, get.get()), in -> {
                int n = readLength(in, maxLength);
                byte[] a = new byte[n];
                in.readFully(a);
                set.accept(a);
            });
        }

        /** An int array loaded into the existing array returned by {@code array} (lengths must match). */
        public Builder ints(String fieldName, Supplier<int[]> array) {
            return add(fieldName, out -> writeInts(out, array.get()), in -> readIntsInto(in, array.get()));
        }

        /** A long array loaded into the existing array returned by {@code array} (lengths must match). */
        public Builder longs(String fieldName, Supplier<long[]> array) {
            return add(fieldName, out -> writeLongs(out, array.get()), in -> readLongsInto(in, array.get()));
        }

        // --- direct field access ---

        /** The named field of the target (byte, short, int or long), saved as an unsigned 8-bit value. */
        public Builder u8(String javaField) {
            VarHandle h = handle(javaField);
            return add(javaField, out -> out.writeByte((int) toLong(h.get(target))),
                    in -> setNumber(h, in.readUnsignedByte()));
        }

        /** The named field (short, int or long), saved as an unsigned 16-bit value. */
        public Builder u16(String javaField) {
            VarHandle h = handle(javaField);
            return add(javaField, out -> out.writeShort((int) toLong(h.get(target))),
                    in -> setNumber(h, in.readUnsignedShort()));
        }

        /** The named int (or long) field, saved as 32 bits. */
        public Builder u32(String javaField) {
            VarHandle h = handle(javaField);
            return add(javaField, out -> out.writeInt((int) toLong(h.get(target))),
                    in -> setNumber(h, in.readInt()));
        }

        /** The named long field, saved as 64 bits. */
        public Builder u64(String javaField) {
            VarHandle h = handle(javaField);
            return add(javaField, out -> out.writeLong(toLong(h.get(target))), in -> setNumber(h, in.readLong()));
        }

        /** The named boolean field. */
        public Builder bool(String javaField) {
            VarHandle h = handle(javaField);
            return add(javaField, out -> out.writeByte((boolean) h.get(target) ? 1 : 0),
                    in -> h.set(target, readBool(in)));
        }

        /** The named byte[] field, loaded into the existing array. */
        public Builder bytes(String javaField) {
            VarHandle h = handle(javaField);
            return bytes(javaField, () -> (byte[]) h.get(target));
        }

        /** The named int[] field, loaded into the existing array. */
        public Builder ints(String javaField) {
            VarHandle h = handle(javaField);
            return ints(javaField, () -> (int[]) h.get(target));
        }

        /** The named long[] field, loaded into the existing array. */
        public Builder longs(String javaField) {
            VarHandle h = handle(javaField);
            return longs(javaField, () -> (long[]) h.get(target));
        }

        // --- structure and hooks ---

        /** A sub-section saved only when {@code needed} says so (QEMU's {@code .subsections} with {@code .needed}). */
        public Builder subsection(VmState state, BooleanSupplier needed) {
            subsections.add(new Sub(state, needed));
            return this;
        }

        /** Runs before the fields are saved (compute derived saved values). */
        public Builder preSave(Runnable r) {
            preSave = r;
            return this;
        }

        /** Runs before the fields are loaded (set defaults for optional sub-sections). */
        public Builder preLoad(Runnable r) {
            preLoad = r;
            return this;
        }

        /** Runs after loading: validate (throw IllegalArgumentException) and re-derive unsaved state. */
        public Builder postLoad(PostLoad p) {
            postLoad = p;
            return this;
        }

        public VmState build() {
            return new VmState(this);
        }

        private VarHandle handle(String javaField) {
            if (lookup == null) {
                throw new IllegalStateException("direct field access needs builder(name, v, min, lookup, target)");
            }
            try {
                Class<?> c = lookup.lookupClass();
                java.lang.reflect.Field f = c.getDeclaredField(javaField);
                return lookup.findVarHandle(c, javaField, f.getType());
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("no field " + javaField + " in " + lookup.lookupClass().getName(), e);
            }
        }

        private void setNumber(VarHandle h, long v) {
            Class<?> t = h.varType();
            if (t == byte.class) {
                h.set(target, (byte) v);
            } else if (t == short.class) {
                h.set(target, (short) v);
            } else if (t == int.class) {
                h.set(target, (int) v);
            } else if (t == long.class) {
                h.set(target, v);
            } else {
                throw new IllegalStateException("field of type " + t + " is not a number");
            }
        }
    }

    private static long toLong(Object o) {
        if (o instanceof Byte b) {
            return b & 0xff;
        }
        if (o instanceof Short s) {
            return s & 0xffff;
        }
        return ((Number) o).longValue();
    }

    private static boolean readBool(DataInput in) throws IOException {
        int b = in.readUnsignedByte();
        if (b > 1) {
            throw new IllegalArgumentException("boolean byte is " + b + ", not 0 or 1");
        }
        return b == 1;
    }

    private static int readLength(DataInput in, int max) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new IllegalArgumentException("array length " + Integer.toUnsignedString(n) + " exceeds " + max);
        }
        return n;
    }

    private static void checkLength(DataInput in, int expected) throws IOException {
        int n = in.readInt();
        if (n != expected) {
            throw new IllegalArgumentException("array length " + Integer.toUnsignedString(n) + ", expected " + expected);
        }
    }

    private static void writeBytes(DataOutput out, byte[] a) throws IOException {
        out.writeInt(a.length);
        out.write(a);
    }

    private static void readBytesInto(DataInput in, byte[] a) throws IOException {
        checkLength(in, a.length);
        in.readFully(a);
    }

    private static void writeInts(DataOutput out, int[] a) throws IOException {
        out.writeInt(a.length);
        for (int v : a) {
            out.writeInt(v);
        }
    }

    private static void readIntsInto(DataInput in, int[] a) throws IOException {
        checkLength(in, a.length);
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readInt();
        }
    }

    private static void writeLongs(DataOutput out, long[] a) throws IOException {
        out.writeInt(a.length);
        for (long v : a) {
            out.writeLong(v);
        }
    }

    private static void readLongsInto(DataInput in, long[] a) throws IOException {
        checkLength(in, a.length);
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readLong();
        }
    }
}
