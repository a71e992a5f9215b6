package org.jemu.x86.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The known-difference rules of {@link X86PagingFuzzTest#known} on hand-made cases: a rule must excuse only the
 * difference it documents. No oracle is run; the records are built here.
 */
class X86PagingKnownTest {

    /** A PAGED32 case of the given instructions (each an array of bytes) followed by UD2. */
    private static X86PagingRom.PagingCase paged(int[]... insns) {
        java.io.ByteArrayOutputStream code = new java.io.ByteArrayOutputStream();
        long[] addrs = new long[insns.length + 1];
        for (int i = 0; i < insns.length; i++) {
            addrs[i] = X86FuzzCase.CODE32 + code.size();
            for (int b : insns[i]) {
                code.write(b);
            }
        }
        addrs[insns.length] = X86FuzzCase.CODE32 + code.size();
        code.write(0x0F);
        code.write(0x0B);
        X86FuzzCase seq = new X86FuzzCase(0, 0, X86FuzzCase.Mode.PAGED32, code.toByteArray(), addrs, new long[8], 2,
                new int[] {0x10, 0x08, 0x10, 0x10, 0x10, 0x10}, new byte[0]);
        return new X86PagingRom.PagingCase(0, 0, seq, 0, 0x8000_0011, 0, new long[0][], null, null);
    }

    /** The record of a case that ended at the final UD2 (#UD) with ECX = {@code ecx}. */
    private static X86PagingFuzzTest.Rec endedAt(X86PagingRom.PagingCase c, long ecx) {
        long[] regs = new long[8];
        regs[1] = ecx;
        return new X86PagingFuzzTest.Rec(0, 6, false, 0, 0, c.seq().endEip(), 2, regs,
                new int[] {0x10, 0x08, 0x10, 0x10, 0x10, 0x10}, false, new int[0], new long[0], null);
    }

    private static final int[] CMPXCHG8B = {0x0F, 0xC7, 0x0E};     // CMPXCHG8B [esi]
    private static final int[] ADD = {0x01, 0xC0};                 // ADD eax, eax (defines every status flag)
    private static final int[] ADC = {0x11, 0xC9};                 // ADC ecx, ecx (reads CF)

    @Test
    void staleCmpxchg8bFlagsExcuseAReaderThatConsumesThem() {
        X86PagingRom.PagingCase c = paged(CMPXCHG8B, ADC);
        assertEquals("QEMU_CMPXCHG8B_STALE_CC_OP", X86PagingFuzzTest.known(c, endedAt(c, 1), endedAt(c, 0),
                X86FuzzState.COMPARED));
    }

    @Test
    void staleCmpxchg8bFlagsReachAReaderAcrossAJumpOverTheirRedefinition() {
        X86PagingRom.PagingCase c = paged(CMPXCHG8B, new int[] {0xEB, 0x02}, ADD, ADC);   // JMP over the ADD
        assertEquals("QEMU_CMPXCHG8B_STALE_CC_OP", X86PagingFuzzTest.known(c, endedAt(c, 1), endedAt(c, 0),
                X86FuzzState.COMPARED));
    }

    @Test
    void flagsRedefinedAfterCmpxchg8bExcuseNothing() {
        // ADD defines every status flag again: ADC reads the same CF on both, so an ECX difference is a real one
        X86PagingRom.PagingCase c = paged(CMPXCHG8B, ADD, ADC);
        assertNull(X86PagingFuzzTest.known(c, endedAt(c, 1), endedAt(c, 0), X86FuzzState.COMPARED));
    }

    @Test
    void aZfReaderAfterCmpxchg8bIsExact() {
        // CMPXCHG8B's ZF is right on QEMU too: SETZ CL reads nothing stale
        X86PagingRom.PagingCase c = paged(CMPXCHG8B, new int[] {0x0F, 0x94, 0xC1});
        assertNull(X86PagingFuzzTest.known(c, endedAt(c, 1), endedAt(c, 0), X86FuzzState.COMPARED));
    }

    /** jemu's record of a #GP(0) at the first instruction, with DS null and FS = 10h. */
    private static X86PagingFuzzTest.Rec gpAtStartWithNullDs() {
        return new X86PagingFuzzTest.Rec(0, 13, true, 0, 0, X86FuzzCase.CODE32, 2, new long[8],
                new int[] {0x10, 0x08, 0x10, 0x00, 0x10, 0x10}, false, new int[0], new long[0], null);
    }

    /** QEMU's record of the same case run to the final UD2 (no null-selector check). */
    private static X86PagingFuzzTest.Rec qemuRanOnWithNullDs(X86PagingRom.PagingCase c) {
        return new X86PagingFuzzTest.Rec(0, 6, false, 0, 0, c.seq().endEip(), 2, new long[8],
                new int[] {0x10, 0x08, 0x10, 0x00, 0x10, 0x10}, false, new int[0], new long[0], null);
    }

    @Test
    void aNullDsExcusesTheGpOfAnAccessThroughDs() {
        X86PagingRom.PagingCase c = paged(new int[] {0xA1, 0, 0, 0, 0});                 // MOV EAX, [DS:0]
        assertEquals("QEMU_NULL_SEGMENT_ACCESS", X86PagingFuzzTest.known(c, qemuRanOnWithNullDs(c),
                gpAtStartWithNullDs(), X86FuzzState.COMPARED));
    }

    @Test
    void aNullDsExcusesNothingForAnAccessThroughFs() {
        // FS holds a usable selector: jemu's #GP(0) at MOV EAX, [FS:0] is not the null-selector check
        X86PagingRom.PagingCase c = paged(new int[] {0x64, 0xA1, 0, 0, 0, 0});           // MOV EAX, [FS:0]
        assertNull(X86PagingFuzzTest.known(c, qemuRanOnWithNullDs(c), gpAtStartWithNullDs(), X86FuzzState.COMPARED));
    }

    private static final int[] SHLD_AX_BX_20 = {0x66, 0x0F, 0xA4, 0xD8, 20};   // 16-bit, count 20: result undefined
    private static final int[] MUL_ECX = {0xF7, 0xE1};                        // SF ZF AF PF undefined
    private static final int[] SETZ_CL = {0x0F, 0x94, 0xC1};                  // reads ZF

    @Test
    void anUndefinedShldResultExcusesOnlyIfItRanBeforeTheStop() {
        X86PagingRom.PagingCase c = paged(ADD, SHLD_AX_BX_20, ADD);
        long[] a = c.seq().insnAddrs();
        assertFalse(X86PagingFuzzTest.mayHaveUndefinedResult(c.seq(), a[0]), "fault at the first ADD");
        assertFalse(X86PagingFuzzTest.mayHaveUndefinedResult(c.seq(), a[1]), "fault at the SHLD: it committed nothing");
        assertTrue(X86PagingFuzzTest.mayHaveUndefinedResult(c.seq(), a[2]), "stop after the SHLD");
        assertTrue(X86PagingFuzzTest.mayHaveUndefinedResult(c.seq(), c.seq().endEip()), "ran to the end");
    }

    @Test
    void anUndefinedFlagReadExcusesOnlyIfTheReaderRanBeforeTheStop() {
        X86PagingRom.PagingCase c = paged(MUL_ECX, SETZ_CL, ADD);
        long[] a = c.seq().insnAddrs();
        assertFalse(X86PagingFuzzTest.mayReadUndefinedFlags(c.seq(), a[1]), "fault at the SETZ: it did not run");
        assertTrue(X86PagingFuzzTest.mayReadUndefinedFlags(c.seq(), a[2]), "stop after the SETZ");
        assertTrue(X86PagingFuzzTest.mayReadUndefinedFlags(c.seq(), c.seq().endEip()), "ran to the end");
    }
}
