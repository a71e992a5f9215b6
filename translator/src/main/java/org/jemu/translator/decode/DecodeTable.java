package org.jemu.translator.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A decode table for a fixed-width 32-bit instruction set (A64, A32, PowerPC), in the style of dynarmic's
 * {@code INST(name, "description", "pattern")} lists: one {@link Entry} per encoding, each a
 * {@link BitPattern} plus a frontend-defined handler of type {@code H}.
 *
 * <p>Matching rule: an instruction word decodes to the most specific entry (the one with the most fixed
 * bits) whose pattern it matches; among equally specific entries the first declared wins. A table is
 * "clean" when {@link #overlaps()} is empty: then whenever two patterns match one word, one is a strict
 * subset of the other (a deliberate carve-out, such as an alias or an unallocated hole), so the rule above
 * is unambiguous and declaration order never matters.
 *
 * <p>Lookup cost: the table picks up to {@value #MAX_BUCKET_BITS} bit positions that most entries fix,
 * gathers them from the word with one {@link Integer#compress} into a bucket index, and scans only the
 * entries compatible with that bucket, most specific first. Tables are immutable and thread-safe once
 * built.
 *
 * @param <H> the handler type the frontend attaches to each encoding
 */
public final class DecodeTable<H> {
    /** Upper bound on the number of bucket-selector bits (1024 buckets). */
    public static final int MAX_BUCKET_BITS = 10;

    /** One encoding: a name (the handler's name, after the manual), a description, a pattern and a handler. */
    public static final class Entry<H> {
        /** Identifier, usually the handler's name after the manual (for example {@code ADD_imm}). */
        public final String name;
        /** Human-readable name from the manual's encoding index (for example "ADD (immediate)"). */
        public final String description;
        public final BitPattern pattern;
        public final H handler;
        /** Position in declaration order. */
        public final int index;

        Entry(String name, String description, BitPattern pattern, H handler, int index) {
            this.name = name;
            this.description = description;
            this.pattern = pattern;
            this.handler = handler;
            this.index = index;
        }

        /** Unsigned field {@code letter} of {@code word} (see {@link BitPattern#field}). */
        public int field(int word, char letter) {
            return pattern.field(word, letter);
        }

        /** Sign-extended field {@code letter} of {@code word}. */
        public int signedField(int word, char letter) {
            return pattern.signedField(word, letter);
        }

        @Override
        public String toString() {
            return name + " \"" + pattern.text + "\"";
        }
    }

    /** Collects entries in declaration order; {@link #build} makes the immutable table. */
    public static final class Builder<H> {
        private final List<Entry<H>> entries = new ArrayList<>();

        /**
         * Adds one encoding.
         *
         * @param name        identifier (handler name after the manual), unique within the table
         * @param description the manual's name for the encoding
         * @param pattern     32-character {@link BitPattern}
         * @param handler     frontend handler
         * @throws IllegalArgumentException for a malformed pattern or a duplicate name
         */
        public Builder<H> add(String name, String description, String pattern, H handler) {
            for (Entry<H> e : entries) {
                if (e.name.equals(name)) {
                    throw new IllegalArgumentException("duplicate decode entry name " + name);
                }
            }
            entries.add(new Entry<>(name, description, new BitPattern(pattern), handler, entries.size()));
            return this;
        }

        public DecodeTable<H> build() {
            return new DecodeTable<>(entries);
        }
    }

    public static <H> Builder<H> builder() {
        return new Builder<>();
    }

    private final List<Entry<H>> entries;
    private final int bucketMask;
    private final Entry<H>[][] buckets;

    @SuppressWarnings("unchecked")
    private DecodeTable(List<Entry<H>> list) {
        this.entries = Collections.unmodifiableList(new ArrayList<>(list));
        this.bucketMask = chooseBucketBits(list);
        int nb = 1 << Integer.bitCount(bucketMask);
        this.buckets = new Entry[nb][];
        List<Entry<H>> sorted = new ArrayList<>(list);
        // Most specific first; List.sort is stable, so ties keep declaration order.
        sorted.sort(Comparator.comparingInt((Entry<H> e) -> -e.pattern.specificity()));
        for (int b = 0; b < nb; b++) {
            int bits = Integer.expand(b, bucketMask);
            List<Entry<H>> in = new ArrayList<>();
            for (Entry<H> e : sorted) {
                if (((bits ^ e.pattern.value) & e.pattern.mask & bucketMask) == 0) {
                    in.add(e);
                }
            }
            buckets[b] = in.toArray(new Entry[0]);
        }
    }

    /** Picks the bit positions fixed by the most entries (at most {@link #MAX_BUCKET_BITS}). */
    private static int chooseBucketBits(List<? extends Entry<?>> list) {
        int[] count = new int[32];
        for (Entry<?> e : list) {
            for (int bit = 0; bit < 32; bit++) {
                if ((e.pattern.mask & (1 << bit)) != 0) {
                    count[bit]++;
                }
            }
        }
        Integer[] order = new Integer[32];
        for (int i = 0; i < 32; i++) {
            order[i] = 31 - i;
        }
        // Stable sort: among equal counts, higher bits (usually the major opcode) first.
        Arrays.sort(order, Comparator.comparingInt((Integer b) -> -count[b]));
        int m = 0;
        for (int i = 0; i < MAX_BUCKET_BITS && count[order[i]] > 0; i++) {
            m |= 1 << order[i];
        }
        return m;
    }

    /** The entry {@code word} decodes to, or null if no pattern matches. */
    public Entry<H> decode(int word) {
        Entry<H>[] bucket = buckets[Integer.compress(word, bucketMask)];
        for (Entry<H> e : bucket) {
            if ((word & e.pattern.mask) == e.pattern.value) {
                return e;
            }
        }
        return null;
    }

    /** All entries in declaration order. */
    public List<Entry<H>> entries() {
        return entries;
    }

    /** The entry named {@code name}, or null. */
    public Entry<H> entry(String name) {
        for (Entry<H> e : entries) {
            if (e.name.equals(name)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Checks that no two encodings shadow each other: lists every pair of entries whose patterns match a
     * common word while neither is a strict subset of the other (the decode result would depend on
     * declaration order), and every pair with identical patterns (one could never be decoded).
     *
     * @return one line per offending pair; empty for a clean table
     */
    public List<String> overlaps() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            BitPattern a = entries.get(i).pattern;
            for (int j = i + 1; j < entries.size(); j++) {
                BitPattern b = entries.get(j).pattern;
                if (!a.intersects(b)) {
                    continue;
                }
                if (a.sameSetAs(b)) {
                    out.add("identical: " + entries.get(i) + " and " + entries.get(j));
                } else if (!a.isSubsetOf(b) && !b.isSubsetOf(a)) {
                    int common = a.value | b.value;
                    out.add("overlap: " + entries.get(i) + " and " + entries.get(j)
                            + String.format(" (both match 0x%08x)", common));
                }
            }
        }
        return out;
    }
}
