package org.jemu.ppc.decode;

import org.jemu.ppc.translate.Branch;
import org.jemu.ppc.translate.FixedPointArithmetic;
import org.jemu.ppc.translate.FixedPointLogical;
import org.jemu.ppc.translate.FloatingPoint;
import org.jemu.ppc.translate.LoadStore;
import org.jemu.ppc.translate.PpcTranslator;
import org.jemu.ppc.translate.ProcessorControl;
import org.jemu.translator.decode.DecodeTable;

/**
 * The 32-bit PowerPC user-level instruction set (PEM chapter 8 "Instruction Set", appendix A "PowerPC
 * Instruction Set Listings"; Power ISA 2.0x Book I), one line per encoding, named after the manual's
 * mnemonic and grouped like PEM chapter 4. Patterns are 32 characters, bit 0 (the manual's most significant
 * bit) first (see {@link org.jemu.translator.decode.BitPattern}); spaces separate the instruction fields:
 * the 6-bit primary opcode, then the form's fields, with the extended opcode spelled out in binary (XO of
 * the X/XL/XFX forms in bits 21-30, of the XO form in bits 22-30 after the OE bit, of the A form in bits
 * 26-30). A unit test checks that no two encodings shadow each other.
 *
 * <p>Field letters (per line, following the manual's field names): {@code d} RT/RS in bits 6-10 (the
 * loaded/stored register, RS of mtspr/mtcrf), {@code s} RS of the logical/rotate/shift forms or the SPR/TBR
 * field of mfspr/mtspr/mftb (two swapped 5-bit halves), {@code a} RA, {@code b} RB, {@code i} an immediate
 * (SI, UI, D, LI, BD), {@code r} Rc (record: set CR0), {@code o} OE (set XER[OV]/[SO]) or BO in branches,
 * {@code c} BI, {@code x} AA, {@code l} LK in branches or L in compares, {@code f} BF/crfD, {@code g}
 * BFA/crfS, {@code t} TO, {@code h} SH, {@code m} MB (FXM in mtcrf, FLM in mtfsf), {@code e} ME, {@code n} NB,
 * {@code u} the U immediate of mtfsfi. In the floating-point lines {@code d} is FRT/FRS (or BT of mtfsb0/1),
 * {@code a} FRA, {@code b} FRB and {@code c} FRC.
 *
 * <p>Reserved instruction bits are written as {@code 0}: an encoding with a reserved bit set is an
 * invalid form that decodes to nothing and raises the illegal instruction program exception (the 750 may
 * do anything boundedly undefined; QEMU rejects most of them the same way). {@code n} is the SR field of
 * mfsr/mtsr. Not listed, and therefore illegal: the optional eciwx/ecowx, the 64-bit instructions, and the optional fsqrt/fsqrts, which
 * the 750 does not implement (see {@link FloatingPoint}).
 */
public final class PpcDecodeTable {
    private PpcDecodeTable() {
    }

    /** The table (immutable, shared). */
    public static final DecodeTable<PpcTranslator.Handler> TABLE = build();

    /** Adds lines to a builder, leaving out the mnemonics in {@code omit} (CPU models that lack them). */
    public static final class Lines {
        private final DecodeTable.Builder<PpcTranslator.Handler> b;
        private final java.util.Set<String> omit;

        Lines(DecodeTable.Builder<PpcTranslator.Handler> b, java.util.Set<String> omit) {
            this.b = b;
            this.omit = omit;
        }

        /** Adds one encoding unless its mnemonic is omitted. */
        public Lines add(String name, String description, String pattern, PpcTranslator.Handler h) {
            if (!omit.contains(name)) {
                b.add(name, description, pattern, h);
            }
            return this;
        }
    }

    private static DecodeTable<PpcTranslator.Handler> build() {
        DecodeTable.Builder<PpcTranslator.Handler> builder = DecodeTable.builder();
        addLines(new Lines(builder, java.util.Set.of()));
        return builder.build();
    }

    /**
     * Adds every line of this table to {@code t} (the Book E table {@link PpcBookEDecodeTable} starts from these
     * and leaves out what the e500mc lacks).
     */
    static void addLines(Lines t) {

        // ==== 4.2.1 Integer arithmetic =============================================================
        t.add("addi", "Add Immediate", "001110 ddddd aaaaa iiiiiiiiiiiiiiii", FixedPointArithmetic::addi);
        t.add("addis", "Add Immediate Shifted", "001111 ddddd aaaaa iiiiiiiiiiiiiiii", FixedPointArithmetic::addis);
        t.add("addic", "Add Immediate Carrying", "001100 ddddd aaaaa iiiiiiiiiiiiiiii", FixedPointArithmetic::addic);
        t.add("addic.", "Add Immediate Carrying and Record", "001101 ddddd aaaaa iiiiiiiiiiiiiiii", FixedPointArithmetic::addic_);
        t.add("subfic", "Subtract from Immediate Carrying", "001000 ddddd aaaaa iiiiiiiiiiiiiiii", FixedPointArithmetic::subfic);
        t.add("mulli", "Multiply Low Immediate", "000111 ddddd aaaaa iiiiiiiiiiiiiiii", FixedPointArithmetic::mulli);
        t.add("add", "Add", "011111 ddddd aaaaa bbbbb o 100001010 r", FixedPointArithmetic::add);
        t.add("addc", "Add Carrying", "011111 ddddd aaaaa bbbbb o 000001010 r", FixedPointArithmetic::addc);
        t.add("adde", "Add Extended", "011111 ddddd aaaaa bbbbb o 010001010 r", FixedPointArithmetic::adde);
        t.add("addme", "Add to Minus One Extended", "011111 ddddd aaaaa 00000 o 011101010 r", FixedPointArithmetic::addme);
        t.add("addze", "Add to Zero Extended", "011111 ddddd aaaaa 00000 o 011001010 r", FixedPointArithmetic::addze);
        t.add("subf", "Subtract From", "011111 ddddd aaaaa bbbbb o 000101000 r", FixedPointArithmetic::subf);
        t.add("subfc", "Subtract from Carrying", "011111 ddddd aaaaa bbbbb o 000001000 r", FixedPointArithmetic::subfc);
        t.add("subfe", "Subtract from Extended", "011111 ddddd aaaaa bbbbb o 010001000 r", FixedPointArithmetic::subfe);
        t.add("subfme", "Subtract from Minus One Extended", "011111 ddddd aaaaa 00000 o 011101000 r", FixedPointArithmetic::subfme);
        t.add("subfze", "Subtract from Zero Extended", "011111 ddddd aaaaa 00000 o 011001000 r", FixedPointArithmetic::subfze);
        t.add("neg", "Negate", "011111 ddddd aaaaa 00000 o 001101000 r", FixedPointArithmetic::neg);
        t.add("mullw", "Multiply Low Word", "011111 ddddd aaaaa bbbbb o 011101011 r", FixedPointArithmetic::mullw);
        t.add("mulhw", "Multiply High Word", "011111 ddddd aaaaa bbbbb 0 001001011 r", FixedPointArithmetic::mulhw);
        t.add("mulhwu", "Multiply High Word Unsigned", "011111 ddddd aaaaa bbbbb 0 000001011 r", FixedPointArithmetic::mulhwu);
        t.add("divw", "Divide Word", "011111 ddddd aaaaa bbbbb o 111101011 r", FixedPointArithmetic::divw);
        t.add("divwu", "Divide Word Unsigned", "011111 ddddd aaaaa bbbbb o 111001011 r", FixedPointArithmetic::divwu);

        // ==== 4.2.2 Integer compare =================================================================
        t.add("cmp", "Compare", "011111 fff 0 l aaaaa bbbbb 0000000000 0", FixedPointArithmetic::cmp);
        t.add("cmpl", "Compare Logical", "011111 fff 0 l aaaaa bbbbb 0000100000 0", FixedPointArithmetic::cmpl);
        t.add("cmpi", "Compare Immediate", "001011 fff 0 l aaaaa iiiiiiiiiiiiiiii", FixedPointArithmetic::cmpi);
        t.add("cmpli", "Compare Logical Immediate", "001010 fff 0 l aaaaa iiiiiiiiiiiiiiii", FixedPointArithmetic::cmpli);

        // ==== 4.2.3 Integer logical =================================================================
        t.add("andi.", "AND Immediate", "011100 sssss aaaaa iiiiiiiiiiiiiiii", FixedPointLogical::andi_);
        t.add("andis.", "AND Immediate Shifted", "011101 sssss aaaaa iiiiiiiiiiiiiiii", FixedPointLogical::andis_);
        t.add("ori", "OR Immediate", "011000 sssss aaaaa iiiiiiiiiiiiiiii", FixedPointLogical::ori);
        t.add("oris", "OR Immediate Shifted", "011001 sssss aaaaa iiiiiiiiiiiiiiii", FixedPointLogical::oris);
        t.add("xori", "XOR Immediate", "011010 sssss aaaaa iiiiiiiiiiiiiiii", FixedPointLogical::xori);
        t.add("xoris", "XOR Immediate Shifted", "011011 sssss aaaaa iiiiiiiiiiiiiiii", FixedPointLogical::xoris);
        t.add("and", "AND", "011111 sssss aaaaa bbbbb 0000011100 r", FixedPointLogical::and);
        t.add("andc", "AND with Complement", "011111 sssss aaaaa bbbbb 0000111100 r", FixedPointLogical::andc);
        t.add("or", "OR", "011111 sssss aaaaa bbbbb 0110111100 r", FixedPointLogical::or);
        t.add("orc", "OR with Complement", "011111 sssss aaaaa bbbbb 0110011100 r", FixedPointLogical::orc);
        t.add("xor", "XOR", "011111 sssss aaaaa bbbbb 0100111100 r", FixedPointLogical::xor);
        t.add("nand", "NAND", "011111 sssss aaaaa bbbbb 0111011100 r", FixedPointLogical::nand);
        t.add("nor", "NOR", "011111 sssss aaaaa bbbbb 0001111100 r", FixedPointLogical::nor);
        t.add("eqv", "Equivalent", "011111 sssss aaaaa bbbbb 0100011100 r", FixedPointLogical::eqv);
        t.add("extsb", "Extend Sign Byte", "011111 sssss aaaaa 00000 1110111010 r", FixedPointLogical::extsb);
        t.add("extsh", "Extend Sign Halfword", "011111 sssss aaaaa 00000 1110011010 r", FixedPointLogical::extsh);
        t.add("cntlzw", "Count Leading Zeros Word", "011111 sssss aaaaa 00000 0000011010 r", FixedPointLogical::cntlzw);

        // ==== 4.2.4 Integer rotate and shift ========================================================
        t.add("rlwinm", "Rotate Left Word Immediate then AND with Mask", "010101 sssss aaaaa hhhhh mmmmm eeeee r", FixedPointLogical::rlwinm);
        t.add("rlwnm", "Rotate Left Word then AND with Mask", "010111 sssss aaaaa bbbbb mmmmm eeeee r", FixedPointLogical::rlwnm);
        t.add("rlwimi", "Rotate Left Word Immediate then Mask Insert", "010100 sssss aaaaa hhhhh mmmmm eeeee r", FixedPointLogical::rlwimi);
        t.add("slw", "Shift Left Word", "011111 sssss aaaaa bbbbb 0000011000 r", FixedPointLogical::slw);
        t.add("srw", "Shift Right Word", "011111 sssss aaaaa bbbbb 1000011000 r", FixedPointLogical::srw);
        t.add("sraw", "Shift Right Algebraic Word", "011111 sssss aaaaa bbbbb 1100011000 r", FixedPointLogical::sraw);
        t.add("srawi", "Shift Right Algebraic Word Immediate", "011111 sssss aaaaa hhhhh 1100111000 r", FixedPointLogical::srawi);

        // ==== 4.4.2 Integer load ====================================================================
        t.add("lbz", "Load Byte and Zero", "100010 ddddd aaaaa iiiiiiiiiiiiiiii", LoadStore::lbz);
        t.add("lbzu", "Load Byte and Zero with Update", "100011 ddddd aaaaa iiiiiiiiiiiiiiii", LoadStore::lbzu);
        t.add("lbzx", "Load Byte and Zero Indexed", "011111 ddddd aaaaa bbbbb 0001010111 0", LoadStore::lbzx);
        t.add("lbzux", "Load Byte and Zero with Update Indexed", "011111 ddddd aaaaa bbbbb 0001110111 0", LoadStore::lbzux);
        t.add("lhz", "Load Halfword and Zero", "101000 ddddd aaaaa iiiiiiiiiiiiiiii", LoadStore::lhz);
        t.add("lhzu", "Load Halfword and Zero with Update", "101001 ddddd aaaaa iiiiiiiiiiiiiiii", LoadStore::lhzu);
        t.add("lhzx", "Load Halfword and Zero Indexed", "011111 ddddd aaaaa bbbbb 0100010111 0", LoadStore::lhzx);
        t.add("lhzux", "Load Halfword and Zero with Update Indexed", "011111 ddddd aaaaa bbbbb 0100110111 0", LoadStore::lhzux);
        t.add("lha", "Load Halfword Algebraic", "101010 ddddd aaaaa iiiiiiiiiiiiiiii", LoadStore::lha);
        t.add("lhau", "Load Halfword Algebraic with Update", "101011 ddddd aaaaa iiiiiiiiiiiiiiii", LoadStore::lhau);
        t.add("lhax", "Load Halfword Algebraic Indexed", "011111 ddddd aaaaa bbbbb 0101010111 0", LoadStore::lhax);
        t.add("lhaux", "Load Halfword Algebraic with Update Indexed", "011111 ddddd aaaaa bbbbb 0101110111 0", LoadStore::lhaux);
        t.add("lwz", "Load Word and Zero", "100000 ddddd aaaaa iiiiiiiiiiiiiiii", LoadStore::lwz);
        t.add("lwzu", "Load Word and Zero with Update", "100001 ddddd aaaaa iiiiiiiiiiiiiiii", LoadStore::lwzu);
        t.add("lwzx", "Load Word and Zero Indexed", "011111 ddddd aaaaa bbbbb 0000010111 0", LoadStore::lwzx);
        t.add("lwzux", "Load Word and Zero with Update Indexed", "011111 ddddd aaaaa bbbbb 0000110111 0", LoadStore::lwzux);

        // ==== 4.4.3 Integer store ===================================================================
        t.add("stb", "Store Byte", "100110 ddddd aaaaa iiiiiiiiiiiiiiii", LoadStore::stb);
        t.add("stbu", "Store Byte with Update", "100111 ddddd aaaaa iiiiiiiiiiiiiiii", LoadStore::stbu);
        t.add("stbx", "Store Byte Indexed", "011111 ddddd aaaaa bbbbb 0011010111 0", LoadStore::stbx);
        t.add("stbux", "Store Byte with Update Indexed", "011111 ddddd aaaaa bbbbb 0011110111 0", LoadStore::stbux);
        t.add("sth", "Store Halfword", "101100 ddddd aaaaa iiiiiiiiiiiiiiii", LoadStore::sth);
        t.add("sthu", "Store Halfword with Update", "101101 ddddd aaaaa iiiiiiiiiiiiiiii", LoadStore::sthu);
        t.add("sthx", "Store Halfword Indexed", "011111 ddddd aaaaa bbbbb 0110010111 0", LoadStore::sthx);
        t.add("sthux", "Store Halfword with Update Indexed", "011111 ddddd aaaaa bbbbb 0110110111 0", LoadStore::sthux);
        t.add("stw", "Store Word", "100100 ddddd aaaaa iiiiiiiiiiiiiiii", LoadStore::stw);
        t.add("stwu", "Store Word with Update", "100101 ddddd aaaaa iiiiiiiiiiiiiiii", LoadStore::stwu);
        t.add("stwx", "Store Word Indexed", "011111 ddddd aaaaa bbbbb 0010010111 0", LoadStore::stwx);
        t.add("stwux", "Store Word with Update Indexed", "011111 ddddd aaaaa bbbbb 0010110111 0", LoadStore::stwux);

        // ==== 4.4.4 Integer load and store with byte reverse ========================================
        t.add("lhbrx", "Load Halfword Byte-Reverse Indexed", "011111 ddddd aaaaa bbbbb 1100010110 0", LoadStore::lhbrx);
        t.add("lwbrx", "Load Word Byte-Reverse Indexed", "011111 ddddd aaaaa bbbbb 1000010110 0", LoadStore::lwbrx);
        t.add("sthbrx", "Store Halfword Byte-Reverse Indexed", "011111 ddddd aaaaa bbbbb 1110010110 0", LoadStore::sthbrx);
        t.add("stwbrx", "Store Word Byte-Reverse Indexed", "011111 ddddd aaaaa bbbbb 1010010110 0", LoadStore::stwbrx);

        // ==== 4.4.5 Integer load and store multiple =================================================
        t.add("lmw", "Load Multiple Word", "101110 ddddd aaaaa iiiiiiiiiiiiiiii", LoadStore::lmw);
        t.add("stmw", "Store Multiple Word", "101111 ddddd aaaaa iiiiiiiiiiiiiiii", LoadStore::stmw);

        // ==== 4.4.6 Integer move assist (string) ====================================================
        t.add("lswi", "Load String Word Immediate", "011111 ddddd aaaaa nnnnn 1001010101 0", LoadStore::lswi);
        t.add("lswx", "Load String Word Indexed", "011111 ddddd aaaaa bbbbb 1000010101 0", LoadStore::lswx);
        t.add("stswi", "Store String Word Immediate", "011111 ddddd aaaaa nnnnn 1011010101 0", LoadStore::stswi);
        t.add("stswx", "Store String Word Indexed", "011111 ddddd aaaaa bbbbb 1010010101 0", LoadStore::stswx);

        // ==== 4.4.7 Memory synchronization: load and reserve / store conditional ===================
        t.add("lwarx", "Load Word and Reserve Indexed", "011111 ddddd aaaaa bbbbb 0000010100 0", LoadStore::lwarx);
        t.add("stwcx.", "Store Word Conditional Indexed", "011111 ddddd aaaaa bbbbb 0010010110 1", LoadStore::stwcx_);

        // ==== 4.5 Branch and flow control ===========================================================
        t.add("b", "Branch (b, ba, bl, bla)", "010010 iiiiiiiiiiiiiiiiiiiiiiii x l", Branch::b);
        t.add("bc", "Branch Conditional (bc, bca, bcl, bcla)", "010000 ooooo ccccc iiiiiiiiiiiiii x l", Branch::bc);
        t.add("bclr", "Branch Conditional to Link Register (bclr, bclrl)", "010011 ooooo ccccc 00000 0000010000 l", Branch::bclr);
        t.add("bcctr", "Branch Conditional to Count Register (bcctr, bcctrl)", "010011 ooooo ccccc 00000 1000010000 l", Branch::bcctr);
        t.add("crand", "Condition Register AND", "010011 ddddd aaaaa bbbbb 0100000001 0", Branch::crand);
        t.add("crandc", "Condition Register AND with Complement", "010011 ddddd aaaaa bbbbb 0010000001 0", Branch::crandc);
        t.add("creqv", "Condition Register Equivalent", "010011 ddddd aaaaa bbbbb 0100100001 0", Branch::creqv);
        t.add("crnand", "Condition Register NAND", "010011 ddddd aaaaa bbbbb 0011100001 0", Branch::crnand);
        t.add("crnor", "Condition Register NOR", "010011 ddddd aaaaa bbbbb 0000100001 0", Branch::crnor);
        t.add("cror", "Condition Register OR", "010011 ddddd aaaaa bbbbb 0111000001 0", Branch::cror);
        t.add("crorc", "Condition Register OR with Complement", "010011 ddddd aaaaa bbbbb 0110100001 0", Branch::crorc);
        t.add("crxor", "Condition Register XOR", "010011 ddddd aaaaa bbbbb 0011000001 0", Branch::crxor);
        t.add("mcrf", "Move Condition Register Field", "010011 fff 00 ggg 00 00000 0000000000 0", Branch::mcrf);
        t.add("tw", "Trap Word", "011111 ttttt aaaaa bbbbb 0000000100 0", FixedPointArithmetic::tw);
        t.add("twi", "Trap Word Immediate", "000011 ttttt aaaaa iiiiiiiiiiiiiiii", FixedPointArithmetic::twi);
        t.add("sc", "System Call", "010001 00000 00000 0000000000000010", Branch::sc);

        // ==== 4.6 Processor control (user level) ====================================================
        t.add("mcrxr", "Move to Condition Register from XER", "011111 fff 00 00000 00000 1000000000 0", ProcessorControl::mcrxr);
        t.add("mfcr", "Move from Condition Register", "011111 ddddd 00000 00000 0000010011 0", ProcessorControl::mfcr);
        t.add("mtcrf", "Move to Condition Register Fields", "011111 ddddd 0 mmmmmmmm 0 0010010000 0", ProcessorControl::mtcrf);
        t.add("mfspr", "Move from Special-Purpose Register", "011111 ddddd ssssssssss 0101010011 0", ProcessorControl::mfspr);
        t.add("mtspr", "Move to Special-Purpose Register", "011111 ddddd ssssssssss 0111010011 0", ProcessorControl::mtspr);
        t.add("mftb", "Move from Time Base", "011111 ddddd ssssssssss 0101110011 0", ProcessorControl::mftb);

        // ==== 4.6 / 4.8 OEA: supervisor-level instructions (privileged) ================================
        t.add("mfmsr", "Move from Machine State Register", "011111 ddddd 00000 00000 0001010011 0", ProcessorControl::mfmsr);
        t.add("mtmsr", "Move to Machine State Register", "011111 ddddd 00000 00000 0010010010 0", ProcessorControl::mtmsr);
        t.add("rfi", "Return from Interrupt", "010011 00000 00000 00000 0000110010 0", ProcessorControl::rfi);
        t.add("mfsr", "Move from Segment Register", "011111 ddddd 0 nnnn 00000 1001010011 0", ProcessorControl::mfsr);
        t.add("mfsrin", "Move from Segment Register Indirect", "011111 ddddd 00000 bbbbb 1010010011 0", ProcessorControl::mfsrin);
        t.add("mtsr", "Move to Segment Register", "011111 ddddd 0 nnnn 00000 0011010010 0", ProcessorControl::mtsr);
        t.add("mtsrin", "Move to Segment Register Indirect", "011111 ddddd 00000 bbbbb 0011110010 0", ProcessorControl::mtsrin);
        t.add("tlbie", "TLB Invalidate Entry", "011111 00000 00000 bbbbb 0100110010 0", ProcessorControl::tlbFlush);
        t.add("tlbia", "TLB Invalidate All", "011111 00000 00000 00000 0101110010 0", ProcessorControl::tlbFlush);
        t.add("tlbsync", "TLB Synchronize", "011111 00000 00000 00000 1000110110 0", ProcessorControl::privilegedNop);
        t.add("dcbi", "Data Cache Block Invalidate", "011111 00000 aaaaa bbbbb 0111010110 0", ProcessorControl::privilegedNop);

        // ==== 4.7 Memory synchronization ============================================================
        t.add("sync", "Synchronize", "011111 00000 00000 00000 1001010110 0", ProcessorControl::sync);
        t.add("eieio", "Enforce In-Order Execution of I/O", "011111 00000 00000 00000 1101010110 0", ProcessorControl::eieio);
        t.add("isync", "Instruction Synchronize", "010011 00000 00000 00000 0010010110 0", ProcessorControl::isync);

        // ==== 4.8 Memory control: user-level cache management =======================================
        t.add("dcbz", "Data Cache Block Clear to Zero", "011111 00000 aaaaa bbbbb 1111110110 0", ProcessorControl::dcbz);
        t.add("dcbf", "Data Cache Block Flush", "011111 00000 aaaaa bbbbb 0001010110 0", ProcessorControl::cacheHint);
        t.add("dcbst", "Data Cache Block Store", "011111 00000 aaaaa bbbbb 0000110110 0", ProcessorControl::cacheHint);
        t.add("dcbt", "Data Cache Block Touch", "011111 00000 aaaaa bbbbb 0100010110 0", ProcessorControl::cacheHint);
        t.add("dcbtst", "Data Cache Block Touch for Store", "011111 00000 aaaaa bbbbb 0011110110 0", ProcessorControl::cacheHint);
        t.add("icbi", "Instruction Cache Block Invalidate", "011111 00000 aaaaa bbbbb 1111010110 0", ProcessorControl::cacheHint);

        // ==== 4.4.7 Floating-point load and store =================================================
        t.add("lfs", "Load Floating-Point Single", "110000 ddddd aaaaa iiiiiiiiiiiiiiii", FloatingPoint::lfs);
        t.add("lfsu", "Load Floating-Point Single with Update", "110001 ddddd aaaaa iiiiiiiiiiiiiiii", FloatingPoint::lfsu);
        t.add("lfsx", "Load Floating-Point Single Indexed", "011111 ddddd aaaaa bbbbb 1000010111 0", FloatingPoint::lfsx);
        t.add("lfsux", "Load Floating-Point Single with Update Indexed", "011111 ddddd aaaaa bbbbb 1000110111 0", FloatingPoint::lfsux);
        t.add("lfd", "Load Floating-Point Double", "110010 ddddd aaaaa iiiiiiiiiiiiiiii", FloatingPoint::lfd);
        t.add("lfdu", "Load Floating-Point Double with Update", "110011 ddddd aaaaa iiiiiiiiiiiiiiii", FloatingPoint::lfdu);
        t.add("lfdx", "Load Floating-Point Double Indexed", "011111 ddddd aaaaa bbbbb 1001010111 0", FloatingPoint::lfdx);
        t.add("lfdux", "Load Floating-Point Double with Update Indexed", "011111 ddddd aaaaa bbbbb 1001110111 0", FloatingPoint::lfdux);
        t.add("stfs", "Store Floating-Point Single", "110100 ddddd aaaaa iiiiiiiiiiiiiiii", FloatingPoint::stfs);
        t.add("stfsu", "Store Floating-Point Single with Update", "110101 ddddd aaaaa iiiiiiiiiiiiiiii", FloatingPoint::stfsu);
        t.add("stfsx", "Store Floating-Point Single Indexed", "011111 ddddd aaaaa bbbbb 1010010111 0", FloatingPoint::stfsx);
        t.add("stfsux", "Store Floating-Point Single with Update Indexed", "011111 ddddd aaaaa bbbbb 1010110111 0", FloatingPoint::stfsux);
        t.add("stfd", "Store Floating-Point Double", "110110 ddddd aaaaa iiiiiiiiiiiiiiii", FloatingPoint::stfd);
        t.add("stfdu", "Store Floating-Point Double with Update", "110111 ddddd aaaaa iiiiiiiiiiiiiiii", FloatingPoint::stfdu);
        t.add("stfdx", "Store Floating-Point Double Indexed", "011111 ddddd aaaaa bbbbb 1011010111 0", FloatingPoint::stfdx);
        t.add("stfdux", "Store Floating-Point Double with Update Indexed", "011111 ddddd aaaaa bbbbb 1011110111 0", FloatingPoint::stfdux);
        t.add("stfiwx", "Store Floating-Point as Integer Word Indexed", "011111 ddddd aaaaa bbbbb 1111010111 0", FloatingPoint::stfiwx);

        // ==== 4.2.2.1 Floating-point arithmetic (A form: XO in bits 26-30; 59 = single, 63 = double) ====
        t.add("fadd", "Floating Add", "111111 ddddd aaaaa bbbbb 00000 10101 r", FloatingPoint::fadd);
        t.add("fadds", "Floating Add Single", "111011 ddddd aaaaa bbbbb 00000 10101 r", FloatingPoint::fadd);
        t.add("fsub", "Floating Subtract", "111111 ddddd aaaaa bbbbb 00000 10100 r", FloatingPoint::fsub);
        t.add("fsubs", "Floating Subtract Single", "111011 ddddd aaaaa bbbbb 00000 10100 r", FloatingPoint::fsub);
        t.add("fmul", "Floating Multiply", "111111 ddddd aaaaa 00000 ccccc 11001 r", FloatingPoint::fmul);
        t.add("fmuls", "Floating Multiply Single", "111011 ddddd aaaaa 00000 ccccc 11001 r", FloatingPoint::fmul);
        t.add("fdiv", "Floating Divide", "111111 ddddd aaaaa bbbbb 00000 10010 r", FloatingPoint::fdiv);
        t.add("fdivs", "Floating Divide Single", "111011 ddddd aaaaa bbbbb 00000 10010 r", FloatingPoint::fdiv);
        t.add("fres", "Floating Reciprocal Estimate Single", "111011 ddddd 00000 bbbbb 00000 11000 r", FloatingPoint::fres);
        t.add("frsqrte", "Floating Reciprocal Square Root Estimate", "111111 ddddd 00000 bbbbb 00000 11010 r", FloatingPoint::frsqrte);
        t.add("fsel", "Floating Select", "111111 ddddd aaaaa bbbbb ccccc 10111 r", FloatingPoint::fsel);

        // ==== 4.2.2.2 Floating-point multiply-add ===================================================
        t.add("fmadd", "Floating Multiply-Add", "111111 ddddd aaaaa bbbbb ccccc 11101 r", FloatingPoint::fmadd);
        t.add("fmadds", "Floating Multiply-Add Single", "111011 ddddd aaaaa bbbbb ccccc 11101 r", FloatingPoint::fmadd);
        t.add("fmsub", "Floating Multiply-Subtract", "111111 ddddd aaaaa bbbbb ccccc 11100 r", FloatingPoint::fmsub);
        t.add("fmsubs", "Floating Multiply-Subtract Single", "111011 ddddd aaaaa bbbbb ccccc 11100 r", FloatingPoint::fmsub);
        t.add("fnmadd", "Floating Negative Multiply-Add", "111111 ddddd aaaaa bbbbb ccccc 11111 r", FloatingPoint::fnmadd);
        t.add("fnmadds", "Floating Negative Multiply-Add Single", "111011 ddddd aaaaa bbbbb ccccc 11111 r", FloatingPoint::fnmadd);
        t.add("fnmsub", "Floating Negative Multiply-Subtract", "111111 ddddd aaaaa bbbbb ccccc 11110 r", FloatingPoint::fnmsub);
        t.add("fnmsubs", "Floating Negative Multiply-Subtract Single", "111011 ddddd aaaaa bbbbb ccccc 11110 r", FloatingPoint::fnmsub);

        // ==== 4.2.2.3 Floating-point rounding and conversion ========================================
        t.add("frsp", "Floating Round to Single", "111111 ddddd 00000 bbbbb 0000001100 r", FloatingPoint::frsp);
        t.add("fctiw", "Floating Convert to Integer Word", "111111 ddddd 00000 bbbbb 0000001110 r", FloatingPoint::fctiw);
        t.add("fctiwz", "Floating Convert to Integer Word with Round toward Zero", "111111 ddddd 00000 bbbbb 0000001111 r", FloatingPoint::fctiwz);

        // ==== 4.2.2.4 Floating-point compare ========================================================
        t.add("fcmpu", "Floating Compare Unordered", "111111 fff 00 aaaaa bbbbb 0000000000 0", FloatingPoint::fcmpu);
        t.add("fcmpo", "Floating Compare Ordered", "111111 fff 00 aaaaa bbbbb 0000100000 0", FloatingPoint::fcmpo);

        // ==== 4.3.6 Floating-point move =============================================================
        t.add("fmr", "Floating Move Register", "111111 ddddd 00000 bbbbb 0001001000 r", FloatingPoint::fmr);
        t.add("fneg", "Floating Negate", "111111 ddddd 00000 bbbbb 0000101000 r", FloatingPoint::fneg);
        t.add("fabs", "Floating Absolute Value", "111111 ddddd 00000 bbbbb 0100001000 r", FloatingPoint::fabs);
        t.add("fnabs", "Floating Negative Absolute Value", "111111 ddddd 00000 bbbbb 0010001000 r", FloatingPoint::fnabs);

        // ==== 4.3.5 Floating-point status and control register ======================================
        t.add("mffs", "Move from FPSCR", "111111 ddddd 00000 00000 1001000111 r", FloatingPoint::mffs);
        t.add("mtfsf", "Move to FPSCR Fields", "111111 0 mmmmmmmm 0 bbbbb 1011000111 r", FloatingPoint::mtfsf);
        t.add("mtfsfi", "Move to FPSCR Field Immediate", "111111 fff 00 00000 uuuu 0 0010000110 r", FloatingPoint::mtfsfi);
        t.add("mtfsb0", "Move to FPSCR Bit 0", "111111 ddddd 00000 00000 0001000110 r", FloatingPoint::mtfsb0);
        t.add("mtfsb1", "Move to FPSCR Bit 1", "111111 ddddd 00000 00000 0000100110 r", FloatingPoint::mtfsb1);
        t.add("mcrfs", "Move to Condition Register from FPSCR", "111111 fff 00 ggg 00 00000 0001000000 0", FloatingPoint::mcrfs);
    }
}
