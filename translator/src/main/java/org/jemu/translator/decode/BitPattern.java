package org.jemu.translator.decode;

/**
 * A 32-bit encoding pattern written as in the architecture manuals and in dynarmic's tables: a string of
 * exactly 32 characters, most significant bit first, where
 * <ul>
 *   <li>{@code 0} and {@code 1} are fixed bits the instruction word must have,</li>
 *   <li>a lowercase letter {@code a}..{@code z} is a bit of the field named by that letter (the field's
 *       bits need not be contiguous: they concatenate in the order they appear, most significant first),</li>
 *   <li>{@code -} is a bit the encoding ignores.</li>
 * </ul>
 * Spaces and underscores are ignored, so patterns may be grouped for readability
 * ({@code "z001_0001_ss..."}).
 *
 * <p>A pattern matches word {@code w} when {@code (w & mask) == value}. Field values are extracted with
 * {@link Integer#compress}, which HotSpot turns into a single PEXT on hosts that have one.
 */
public final class BitPattern {
    /** The pattern as written (normalised: separators removed). */
    public final String text;
    /** Bits that are fixed (set where the pattern has {@code 0} or {@code 1}). */
    public final int mask;
    /** Values of the fixed bits (a subset of {@link #mask}). */
    public final int value;
    /** For each letter {@code 'a' + i}, the mask of bit positions that make up that field (0 if absent). */
    private final int[] fieldMasks = new int[26];

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException if it does not have 32 significant characters or uses another character
     */
    public BitPattern(String pattern) {
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != ' ' && c != '_') {
                sb.append(c);
            }
        }
        String p = sb.toString();
        if (p.length() != 32) {
            throw new IllegalArgumentException("pattern \"" + pattern + "\" has " + p.length() + " bits, not 32");
        }
        int m = 0;
        int v = 0;
        for (int i = 0; i < 32; i++) {
            char c = p.charAt(i);
            int bit = 1 << (31 - i);
            if (c == '0') {
                m |= bit;
            } else if (c == '1') {
                m |= bit;
                v |= bit;
            } else if (c >= 'a' && c <= 'z') {
                fieldMasks[c - 'a'] |= bit;
            } else if (c != '-') {
                throw new IllegalArgumentException("pattern \"" + pattern + "\": bad character '" + c + "'");
            }
        }
        this.text = p;
        this.mask = m;
        this.value = v;
    }

    /** True if instruction word {@code word} has this pattern's fixed bits. */
    public boolean matches(int word) {
        return (word & mask) == value;
    }

    /** True if the pattern names a field with this letter. */
    public boolean hasField(char letter) {
        return fieldMasks[letter - 'a'] != 0;
    }

    /** Mask of the bit positions of field {@code letter} (0 if the pattern has no such field). */
    public int fieldMask(char letter) {
        return fieldMasks[letter - 'a'];
    }

    /** Width in bits of field {@code letter} (0 if absent). */
    public int fieldWidth(char letter) {
        return Integer.bitCount(fieldMasks[letter - 'a']);
    }

    /**
     * The unsigned value of field {@code letter} of {@code word}: its bits concatenated, most significant
     * first, right-aligned. 0 if the pattern has no such field.
     */
    public int field(int word, char letter) {
        return Integer.compress(word, fieldMasks[letter - 'a']);
    }

    /** Field {@code letter} of {@code word}, sign-extended from its width (a two's-complement field). */
    public int signedField(int word, char letter) {
        int m = fieldMasks[letter - 'a'];
        int w = Integer.bitCount(m);
        if (w == 0) {
            return 0;
        }
        int shift = 32 - w;
        return (Integer.compress(word, m) << shift) >> shift;
    }

    /** Number of fixed bits: a pattern with more fixed bits is more specific. */
    public int specificity() {
        return Integer.bitCount(mask);
    }

    /** True if some word matches both this pattern and {@code o}. */
    public boolean intersects(BitPattern o) {
        return ((value ^ o.value) & mask & o.mask) == 0;
    }

    /** True if every word that matches this pattern also matches {@code o}. */
    public boolean isSubsetOf(BitPattern o) {
        return (o.mask & ~mask) == 0 && (value & o.mask) == o.value;
    }

    /** True if both patterns match exactly the same words. */
    public boolean sameSetAs(BitPattern o) {
        return mask == o.mask && value == o.value;
    }

    @Override
    public String toString() {
        return text;
    }
}
