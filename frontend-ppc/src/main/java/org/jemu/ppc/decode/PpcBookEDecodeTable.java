package org.jemu.ppc.decode;

import java.util.Set;
import org.jemu.ppc.translate.BookE;
import org.jemu.ppc.translate.PpcTranslator;
import org.jemu.ppc.translate.ProcessorControl;
import org.jemu.translator.decode.DecodeTable;

/**
 * The instruction set of the e500mc (QEMU's e500mc instruction flags: PPC_INSNS_BASE, ISEL, MFTB, WRTEE, RFDI,
 * RFMCI, CACHE, CACHE_LOCK, CACHE_ICBI, CACHE_DCBZ, CACHE_DCBA, FLOAT with FRES/FRSQRTE/FSEL/STFIWX, WAIT,
 * MEM_TLBSYNC, TLBIVAX, MEM_SYNC; BOOKE206): the lines of {@link PpcDecodeTable} without what the e500mc
 * lacks, plus the Book E lines (Power ISA 2.06 Book III-E and Book I/II; E500MCRM chapter 3 "Instruction
 * Model"). Used for blocks with {@code PpcCpu.FLAG_BOOKE}.
 *
 * <p>Left out (illegal instruction on the e500mc, as in QEMU): the string instructions lswi, lswx, stswi, stswx
 * (no PPC_STRING), the segment register instructions mfsr, mfsrin, mtsr, mtsrin and tlbie/tlbia (no segments,
 * no PPC_MEM_TLBIE). eieio's encoding is mbar here (Book II "mbar", MO field in bits 6-10); sync takes the L
 * field (lwsync), dcbt/dcbtst the CT/TH field.
 */
public final class PpcBookEDecodeTable {
    private PpcBookEDecodeTable() {
    }

    /** Mnemonics of {@link PpcDecodeTable} the e500mc does not have (or decodes differently). */
    static final Set<String> OMIT = Set.of("lswi", "lswx", "stswi", "stswx", "mfsr", "mfsrin", "mtsr", "mtsrin",
            "tlbie", "tlbia", "eieio", "sync", "dcbt", "dcbtst");

    /** The table (immutable, shared). */
    public static final DecodeTable<PpcTranslator.Handler> TABLE = build();

    private static DecodeTable<PpcTranslator.Handler> build() {
        DecodeTable.Builder<PpcTranslator.Handler> b = DecodeTable.builder();
        PpcDecodeTable.Lines t = new PpcDecodeTable.Lines(b, OMIT);
        PpcDecodeTable.addLines(t);

        // ==== Book I: integer select (Power ISA 2.06 Book I 3.3.11) ====================================
        t.add("isel", "Integer Select", "011111 ddddd aaaaa bbbbb ccccc 01111 0", BookE::isel);

        // ==== Book II: memory barrier and cache locking (E500MCRM 3.4); replacements of omitted lines go to b ==
        t.add("mbar", "Memory Barrier", "011111 ddddd 00000 00000 1101010110 0", ProcessorControl::eieio);
        b.add("sync", "Synchronize (msync; L = 1 lwsync, which Linux uses on the e500mc)", "011111 000 ll 00000 00000 1001010110 0", ProcessorControl::sync);
        b.add("dcbt", "Data Cache Block Touch (CT/TH field)", "011111 ddddd aaaaa bbbbb 0100010110 0", ProcessorControl::cacheHint);
        b.add("dcbtst", "Data Cache Block Touch for Store (CT/TH field)", "011111 ddddd aaaaa bbbbb 0011110110 0", ProcessorControl::cacheHint);
        t.add("icbt", "Instruction Cache Block Touch", "011111 ddddd aaaaa bbbbb 0000010110 0", ProcessorControl::cacheHint);
        t.add("dcba", "Data Cache Block Allocate", "011111 00000 aaaaa bbbbb 1011110110 0", ProcessorControl::cacheHint);
        t.add("dcbtls", "Data Cache Block Touch and Lock Set", "011111 ddddd aaaaa bbbbb 0010100110 0", BookE::cacheLock);
        t.add("dcbtstls", "Data Cache Block Touch for Store and Lock Set", "011111 ddddd aaaaa bbbbb 0010000110 0", BookE::cacheLock);
        t.add("dcblc", "Data Cache Block Lock Clear", "011111 ddddd aaaaa bbbbb 0110000110 0", BookE::cacheLock);
        t.add("icbtls", "Instruction Cache Block Touch and Lock Set", "011111 ddddd aaaaa bbbbb 0111100110 0", BookE::cacheLock);
        t.add("icblc", "Instruction Cache Block Lock Clear", "011111 ddddd aaaaa bbbbb 0011100110 0", BookE::cacheLock);
        t.add("wait", "Wait for Interrupt", "011111 00000 00000 00000 0000111110 0", BookE::waitInsn);

        // ==== Book III-E: processor control (4.4, 7.5) =============================================
        t.add("wrtee", "Write MSR External Enable", "011111 ddddd 00000 00000 0010000011 0", BookE::wrtee);
        t.add("wrteei", "Write MSR External Enable Immediate", "011111 00000 00000 e 0000 0010100011 0", BookE::wrteei);
        t.add("rfci", "Return from Critical Interrupt", "010011 00000 00000 00000 0000110011 0", BookE::rfci);
        t.add("rfmci", "Return from Machine Check Interrupt", "010011 00000 00000 00000 0000100110 0", BookE::rfmci);
        t.add("rfdi", "Return from Debug Interrupt", "010011 00000 00000 00000 0000100111 0", BookE::rfdi);
        t.add("mfpmr", "Move from Performance Monitor Register", "011111 ddddd ssssssssss 0101001110 0", BookE::mfpmr);
        t.add("mtpmr", "Move to Performance Monitor Register", "011111 ddddd ssssssssss 0111001110 0", BookE::mtpmr);

        // ==== Book III-E: TLB management (6.11.4; E500MCRM 6.4) =====================================
        t.add("tlbwe", "TLB Write Entry", "011111 00000 00000 00000 1111010010 0", BookE::tlbwe);
        t.add("tlbre", "TLB Read Entry", "011111 00000 00000 00000 1110110010 0", BookE::tlbre);
        t.add("tlbsx", "TLB Search Indexed", "011111 00000 aaaaa bbbbb 1110010010 0", BookE::tlbsx);
        t.add("tlbivax", "TLB Invalidate Virtual Address Indexed", "011111 00000 aaaaa bbbbb 1100010010 0", BookE::tlbivax);
        t.add("tlbilx", "TLB Invalidate Local Indexed", "011111 000 nn aaaaa bbbbb 0000010010 0", BookE::tlbilx);
        return b.build();
    }
}
